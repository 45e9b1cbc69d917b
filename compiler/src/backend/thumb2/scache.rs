//! Copies of core registers in the scratch single-precision registers.
//!
//! Floats live in core registers (the allocator knows no other class); a float
//! operation moves its operands to VFP registers and its result back. The emitter
//! remembers which of s0–s15 (caller-saved, never allocated) still holds the bits of
//! which core register, so an operand computed or moved by an earlier operation is not
//! moved again. A core register's copies are forgotten when it is written, all copies
//! at a call and at a block reached from more than one place.

/// Number of scratch VFP registers (s0–s15).
const N: usize = 16;

/// Which core register's bits each of s0–s15 holds, and when it was last used.
#[derive(Clone, Debug, Default)]
pub struct SCache {
    holds: [Option<u8>; N],
    used: [u32; N],
    clock: u32,
}

impl SCache {
    /// A VFP register holding core register `r`'s bits (marked as just used).
    pub fn find(&mut self, r: u8) -> Option<u8> {
        let s = self.holds.iter().position(|&h| h == Some(r))?;
        self.touch(s);
        Some(s as u8)
    }

    /// A VFP register to overwrite, not one of `avoid`: a free one, else the one used
    /// longest ago.
    pub fn victim(&mut self, avoid: &[u8]) -> u8 {
        let candidates = (0..N).filter(|s| !avoid.contains(&(*s as u8)));
        let s = candidates
            .min_by_key(|&s| (self.holds[s].is_some(), self.used[s]))
            .unwrap_or(0);
        self.holds[s] = None;
        self.touch(s);
        s as u8
    }

    /// Records that VFP register `s` now holds core register `r`'s bits.
    pub fn set(&mut self, s: u8, r: u8) {
        self.holds[usize::from(s)] = Some(r);
        self.touch(usize::from(s));
    }

    /// Core register `r` changed: its copies are stale.
    pub fn written(&mut self, r: u8) {
        for h in &mut self.holds {
            if *h == Some(r) {
                *h = None;
            }
        }
    }

    /// Forgets every copy (a call clobbers s0–s15; a join has no single history).
    pub fn clear(&mut self) {
        self.holds = [None; N];
    }

    fn touch(&mut self, s: usize) {
        self.clock += 1;
        self.used[s] = self.clock;
    }
}

#[cfg(test)]
mod tests {
    use super::SCache;

    #[test]
    fn copies_are_found_until_written() {
        let mut c = SCache::default();
        let s = c.victim(&[]);
        c.set(s, 3);
        assert_eq!(c.find(3), Some(s));
        assert_eq!(c.find(4), None);
        c.written(3);
        assert_eq!(c.find(3), None);
    }

    #[test]
    fn victims_avoid_operands_and_prefer_free_registers() {
        let mut c = SCache::default();
        let a = c.victim(&[]);
        c.set(a, 1);
        let b = c.victim(&[a]);
        assert_ne!(a, b);
        c.set(b, 2);
        // A free register comes before evicting either copy.
        let d = c.victim(&[]);
        assert!(d != a && d != b);
        // With all registers holding copies, the least recently used goes.
        let mut full = SCache::default();
        for r in 0..16u8 {
            let s = full.victim(&[]);
            full.set(s, r);
        }
        assert!(full.find(0).is_some());
        let v = full.victim(&[]);
        // Core register 0 was just used; 1 is now the oldest.
        assert_eq!(full.find(1), None);
        assert_ne!(Some(v), full.find(0));
        full.clear();
        assert_eq!(full.find(0), None);
    }
}
