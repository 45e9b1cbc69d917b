//! Stack frame layout.
//!
//! ```text
//!   caller's frame
//!   ─────────────── SP on entry (8-aligned)
//!   saved r4–r11 (those used), lr (calls, or lr allocated)   push {…}
//!   padding to keep SP 8-aligned (functions with calls or 8-aligned slots)
//!   explicit stack slots (CLIF sized_stack_slots)
//!   regalloc2 spill slots (4 bytes each)
//!   ─────────────── SP in the body = sp + 0
//! ```
//! Spill slots sit at the lowest addresses so the common reloads get short offsets.

/// The laid-out frame of one function.
#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// Callee-saved registers pushed by the prologue (bit n = rn).
    pub saved: u16,
    /// The prologue pushes lr (the function makes calls or allocates lr) and the
    /// epilogue pops pc.
    pub save_lr: bool,
    /// SP offsets of the explicit stack slots.
    pub slot_offsets: Vec<u32>,
    /// Bytes the prologue subtracts from SP after the pushes.
    pub size: u32,
}

impl Frame {
    /// Lays out a frame. `slots` are (size, alignment) of the explicit stack slots.
    pub fn new(
        saved: u16,
        save_lr: bool,
        num_spills: usize,
        slots: &[(u32, u32)],
    ) -> Result<Frame, String> {
        let mut off = u32::try_from(num_spills)
            .ok()
            .and_then(|n| n.checked_mul(4))
            .ok_or("too many spill slots")?;
        let mut slot_offsets = Vec::with_capacity(slots.len());
        for &(size, align) in slots {
            if align > 8 {
                return Err(format!("stack slot alignment {align} > 8 is not supported"));
            }
            let a = align.max(1);
            off = off.div_ceil(a) * a;
            slot_offsets.push(off);
            off = off.checked_add(size).ok_or("stack frame too large")?;
        }
        let pushed = 4 * (saved.count_ones() + u32::from(save_lr));
        let mut size = off.div_ceil(4) * 4;
        // SP stays 8-aligned for calls (AAPCS) and 8-aligned slots; a leaf function
        // without such slots needs no padding.
        let align8 = save_lr || slots.iter().any(|&(_, a)| a > 4);
        if align8 && !(size + pushed).is_multiple_of(8) {
            size += 4;
        }
        if size > 0x00ff_ffff {
            return Err("stack frame too large".into());
        }
        Ok(Frame {
            saved,
            save_lr,
            slot_offsets,
            size,
        })
    }

    /// SP offset of regalloc2 spill slot `n`.
    pub fn spill_offset(&self, n: usize) -> i32 {
        4 * n as i32
    }
}
