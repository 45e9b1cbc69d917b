//! Emission of allocated instructions: picks encodings, expands pseudo-instructions,
//! lays out the prologue/epilogue, resolves branches and records relocations.

use super::encode::{self as e, DpOp, Ext, LdSt, ShiftTy, VArith, VUnary};
use super::frame::Frame;
use super::inst::{
    Addr, AluOp, Callee, Cmp, Cond, FpOp, Inst, MemKind, Operand2, OvOp, Role, ShiftOp, SymRef,
    UnOp, IP, LR, PC, SP,
};
use super::scache::SCache;

/// Relocation types the backend produces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RelocKind {
    /// `R_ARM_THM_CALL` on a `bl`.
    Call,
    /// `R_ARM_THM_MOVW_ABS_NC`.
    MovwAbs,
    /// `R_ARM_THM_MOVT_ABS`.
    MovtAbs,
}

/// A relocation at a code offset (the addend is encoded in the instruction).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Reloc {
    pub offset: u32,
    pub kind: RelocKind,
    pub sym: SymRef,
}

#[derive(Clone, Copy, Debug)]
enum BranchKind {
    Cond(Cond),
    Always,
}

#[derive(Clone, Copy, Debug)]
struct Fixup {
    at: u32,
    label: u32,
    kind: BranchKind,
}

/// A code buffer with labels, branch fixups and relocations.
#[derive(Default, Debug)]
pub struct Asm {
    pub code: Vec<u8>,
    pub relocs: Vec<Reloc>,
    fixups: Vec<Fixup>,
    labels: Vec<Option<u32>>,
}

impl Asm {
    /// Current offset.
    pub fn pos(&self) -> u32 {
        self.code.len() as u32
    }

    /// Appends a 16-bit instruction.
    pub fn h(&mut self, hw: u16) {
        self.code.extend_from_slice(&hw.to_le_bytes());
    }

    /// Appends a 32-bit instruction given as `hw1 << 16 | hw2`.
    pub fn w(&mut self, ins: u32) {
        self.h((ins >> 16) as u16);
        self.h(ins as u16);
    }

    /// Binds `label` to the current offset.
    pub fn bind(&mut self, label: u32) {
        let i = label as usize;
        if self.labels.len() <= i {
            self.labels.resize(i + 1, None);
        }
        self.labels[i] = Some(self.pos());
    }

    fn branch(&mut self, kind: BranchKind, label: u32) {
        self.fixups.push(Fixup {
            at: self.pos(),
            label,
            kind,
        });
        self.w(0);
    }

    /// Resolves all branches, shrinking those whose target is near to 16-bit forms;
    /// fails if a label is unbound or a branch is out of range.
    pub fn finish(&mut self) -> Result<(), String> {
        let mut fixups = std::mem::take(&mut self.fixups);
        let mut targets = Vec::with_capacity(fixups.len());
        for f in &fixups {
            let t = self
                .labels
                .get(f.label as usize)
                .copied()
                .flatten()
                .ok_or_else(|| format!("unbound label {}", f.label))?;
            targets.push(t);
        }
        // Bytes each branch saves: 0 (long), 2 (short) or 4 (deleted).
        let mut saved = vec![0u32; fixups.len()];
        // Branches to the next instruction go; `b<cc> L; b M; L:` becomes `b<!cc> M; L:`
        // when nothing else branches to the `b M`.
        for i in 0..fixups.len() {
            let at = fixups[i].at;
            if saved[i] == 4 {
                continue;
            }
            if targets[i] == at + 4 {
                saved[i] = 4;
                continue;
            }
            if let BranchKind::Cond(c) = fixups[i].kind {
                if i + 1 < fixups.len()
                    && matches!(fixups[i + 1].kind, BranchKind::Always)
                    && fixups[i + 1].at == at + 4
                    && targets[i] == at + 8
                    && !targets.contains(&(at + 4))
                {
                    fixups[i].kind = BranchKind::Cond(c.invert());
                    targets[i] = targets[i + 1];
                    saved[i + 1] = 4;
                }
            }
        }
        // Branches start long (4 bytes). Shrinking a branch only brings others closer to
        // their targets, so marking short every branch that fits, until nothing changes,
        // converges to a valid layout.
        loop {
            let shrink = shrink_table(&fixups, &saved);
            let new_pos = |old: u32| old - shrunk_before(&shrink, old);
            let mut changed = false;
            for (i, f) in fixups.iter().enumerate() {
                if saved[i] != 0 {
                    continue;
                }
                let off = i64::from(new_pos(targets[i])) - (i64::from(new_pos(f.at)) + 4);
                let fits = match f.kind {
                    BranchKind::Cond(_) => (-256..=254).contains(&off),
                    BranchKind::Always => (-2048..=2046).contains(&off),
                };
                if fits {
                    saved[i] = 2;
                    changed = true;
                }
            }
            if !changed {
                break;
            }
        }
        let shrink = shrink_table(&fixups, &saved);
        let new_pos = |old: u32| old - shrunk_before(&shrink, old);
        let old = std::mem::take(&mut self.code);
        let mut code = Vec::with_capacity(old.len());
        let mut prev = 0usize;
        for (i, f) in fixups.iter().enumerate() {
            let at = f.at as usize;
            code.extend_from_slice(&old[prev..at]);
            prev = at + 4;
            let off = i64::from(new_pos(targets[i])) - (i64::from(new_pos(f.at)) + 4);
            let off32 = off as i32;
            match (f.kind, saved[i]) {
                (_, 4) => {}
                (BranchKind::Cond(c), 2) => {
                    code.extend_from_slice(&e::b_cond16(c, off32).to_le_bytes())
                }
                (BranchKind::Always, 2) => code.extend_from_slice(&e::b16(off32).to_le_bytes()),
                (BranchKind::Cond(c), _) => {
                    if !(-(1 << 20)..(1 << 20)).contains(&off) {
                        return Err("conditional branch out of range".into());
                    }
                    let ins = e::b_cond_w(c, off32);
                    code.extend_from_slice(&((ins >> 16) as u16).to_le_bytes());
                    code.extend_from_slice(&(ins as u16).to_le_bytes());
                }
                (BranchKind::Always, _) => {
                    if !(-(1 << 24)..(1 << 24)).contains(&off) {
                        return Err("branch out of range".into());
                    }
                    let ins = e::b_w(false, off32);
                    code.extend_from_slice(&((ins >> 16) as u16).to_le_bytes());
                    code.extend_from_slice(&(ins as u16).to_le_bytes());
                }
            }
        }
        code.extend_from_slice(&old[prev..]);
        self.code = code;
        for r in &mut self.relocs {
            r.offset = new_pos(r.offset);
        }
        for l in self.labels.iter_mut().flatten() {
            *l = new_pos(*l);
        }
        Ok(())
    }
}

/// `(fixup offset, bytes saved by it and all earlier branches)`.
fn shrink_table(fixups: &[Fixup], saved: &[u32]) -> Vec<(u32, u32)> {
    let mut acc = 0;
    let mut out = Vec::new();
    for (f, &s) in fixups.iter().zip(saved) {
        if s > 0 {
            acc += s;
            out.push((f.at, acc));
        }
    }
    out
}

/// Bytes saved by short branches that start before `old`.
fn shrunk_before(table: &[(u32, u32)], old: u32) -> u32 {
    let n = table.partition_point(|&(at, _)| at < old);
    if n == 0 {
        0
    } else {
        table[n - 1].1
    }
}

fn preg(r: super::inst::Reg) -> u8 {
    r.0 as u8
}

/// Branch shortcuts of a function's allocated blocks.
#[derive(Clone, Debug, Default)]
pub struct BranchLayout {
    /// The block a branch to block `b` may go to instead (through blocks that are only a
    /// jump; `b` itself otherwise).
    pub resolve: Vec<u32>,
    /// The compare-and-branch of blocks that contain nothing else (allocated).
    pub header: Vec<Option<Inst>>,
}

/// Emits one function's instructions (registers already physical).
pub struct Emitter {
    pub asm: Asm,
    frame: Frame,
    layout: BranchLayout,
    /// The VFP scratch registers' copies of core registers.
    scache: SCache,
}

impl Emitter {
    /// Starts a function with the given frame (emits the prologue).
    pub fn new(frame: Frame, layout: BranchLayout) -> Emitter {
        let mut em = Emitter {
            asm: Asm::default(),
            frame,
            layout,
            scache: SCache::default(),
        };
        em.prologue();
        em
    }

    fn prologue(&mut self) {
        let list = self.frame.saved | if self.frame.save_lr { 1 << LR } else { 0 };
        if list != 0 {
            if list & !0x40ff == 0 {
                self.asm.h(e::push16(list as u8, list & (1 << LR) != 0));
            } else if list.count_ones() >= 2 {
                self.asm.w(e::push_w(list));
            } else {
                self.asm.w(e::str_predec_sp(list.trailing_zeros() as u8));
            }
        }
        self.sp_adjust(true, self.frame.size);
    }

    fn epilogue(&mut self) {
        self.sp_adjust(false, self.frame.size);
        let mut list = self.frame.saved;
        if self.frame.save_lr {
            list |= 1 << PC;
        }
        if list != 0 {
            if list & !0x80ff == 0 {
                self.asm.h(e::pop16(list as u8, list & (1 << PC) != 0));
            } else if list.count_ones() >= 2 {
                self.asm.w(e::pop_w(list));
            } else {
                self.asm.w(e::ldr_postinc_sp(list.trailing_zeros() as u8));
            }
        }
        if !self.frame.save_lr {
            self.asm.h(e::bx(LR));
        }
    }

    fn sp_adjust(&mut self, sub: bool, n: u32) {
        if n == 0 {
            return;
        }
        if n.is_multiple_of(4) && n <= 508 {
            self.asm.h(e::sp_adjust16(sub, n));
        } else if n < 4096 {
            self.asm.w(e::addsub_w(sub, SP, SP, n));
        } else {
            self.load_const(IP, n);
            let op = if sub { DpOp::Sub } else { DpOp::Add };
            self.asm
                .w(e::dp_reg(op, false, SP, SP, IP, ShiftTy::Lsl, 0));
        }
    }

    /// Binds the label of machine block `b`, entered with the VFP copies of `entry`
    /// (those its only predecessor ended with), or none.
    pub fn bind_block(&mut self, b: u32, entry: Option<SCache>) {
        self.asm.bind(b);
        self.scache = entry.unwrap_or_default();
    }

    /// The VFP copies at this point (for a block's successors).
    pub fn scache(&self) -> SCache {
        self.scache.clone()
    }

    /// A VFP register holding core register `r`'s bits (moved there unless one does),
    /// not one of `avoid`.
    fn s_copy(&mut self, r: u8, avoid: &[u8]) -> u8 {
        if let Some(s) = self.scache.find(r) {
            if !avoid.contains(&s) {
                return s;
            }
        }
        let s = self.scache.victim(avoid);
        self.asm.w(e::vmov_to_s(s, r));
        self.scache.set(s, r);
        s
    }

    /// Loads a constant (may set flags).
    pub fn load_const(&mut self, rd: u8, imm: u32) {
        if rd < 8 && imm < 256 {
            self.asm.h(e::mov_imm16(rd, imm));
        } else if let Some(m) = e::modimm(imm) {
            self.asm.w(e::dp_imm(DpOp::Orr, false, rd, PC, m));
        } else if let Some(m) = e::modimm(!imm) {
            self.asm.w(e::dp_imm(DpOp::Orn, false, rd, PC, m));
        } else {
            self.asm.w(e::mov16(false, rd, imm & 0xffff));
            if imm >> 16 != 0 {
                self.asm.w(e::mov16(true, rd, imm >> 16));
            }
        }
    }

    /// A register-to-register move (flags untouched).
    pub fn mov(&mut self, rd: u8, rm: u8) {
        self.scache.written(rd);
        if rd != rm {
            self.asm.h(e::mov_reg16(rd, rm));
        }
    }

    /// Stores `rt` to spill slot `n`.
    pub fn spill(&mut self, rt: u8, n: usize) -> Result<(), String> {
        let off = self.frame.spill_offset(n);
        self.ldst(LdSt::Str, rt, SP, off)
    }

    /// Loads `rt` from spill slot `n`.
    pub fn reload(&mut self, rt: u8, n: usize) -> Result<(), String> {
        self.scache.written(rt);
        let off = self.frame.spill_offset(n);
        self.ldst(LdSt::Ldr, rt, SP, off)
    }

    fn ldst(&mut self, kind: LdSt, rt: u8, base: u8, off: i32) -> Result<(), String> {
        if base == SP
            && rt < 8
            && (0..=1020).contains(&off)
            && off % 4 == 0
            && (kind == LdSt::Str || kind == LdSt::Ldr)
        {
            self.asm.h(e::ldst_sp16(kind == LdSt::Ldr, rt, off as u32));
            return Ok(());
        }
        if let Some(ins) = e::ldst(kind, rt, base, off) {
            self.asm.w(ins);
        } else {
            self.load_const(IP, off as u32);
            self.asm
                .w(e::dp_reg(DpOp::Add, false, IP, base, IP, ShiftTy::Lsl, 0));
            self.asm
                .w(e::ldst(kind, rt, IP, 0).ok_or("bad load/store")?);
        }
        Ok(())
    }

    /// A load or store of `rt` at `a`.
    fn mem(&mut self, kind: LdSt, rt: u8, a: Addr) -> Result<(), String> {
        if let Addr::Index(b, i, sh) = a {
            self.asm
                .w(e::ldst_reg(kind, rt, preg(b), preg(i), u32::from(sh)));
            return Ok(());
        }
        let (base, off) = self.addr(a)?;
        self.ldst(kind, rt, base, off)
    }

    fn addr(&self, a: Addr) -> Result<(u8, i32), String> {
        match a {
            Addr::Reg(r, off) => Ok((preg(r), off)),
            Addr::Index(..) => Err("indexed address without a base offset form".into()),
            Addr::Slot(s, off) => {
                let base = *self
                    .frame
                    .slot_offsets
                    .get(s as usize)
                    .ok_or("bad stack slot")?;
                Ok((SP, (base as i32).wrapping_add(off)))
            }
        }
    }

    fn alu(&mut self, op: AluOp, rd: u8, rn: u8, rm: Operand2) {
        let (dp, neg_dp, inv_dp) = match op {
            AluOp::Add => (DpOp::Add, Some(DpOp::Sub), None),
            AluOp::Sub => (DpOp::Sub, Some(DpOp::Add), None),
            AluOp::Rsb => (DpOp::Rsb, None, None),
            AluOp::And => (DpOp::And, None, Some(DpOp::Bic)),
            AluOp::Bic => (DpOp::Bic, None, Some(DpOp::And)),
            AluOp::Orr => (DpOp::Orr, None, Some(DpOp::Orn)),
            AluOp::Orn => (DpOp::Orn, None, Some(DpOp::Orr)),
            AluOp::Eor => (DpOp::Eor, None, None),
        };
        match rm {
            Operand2::Reg(m) => {
                self.asm
                    .w(e::dp_reg(dp, false, rd, rn, preg(m), ShiftTy::Lsl, 0));
            }
            Operand2::Imm(v) => {
                if op == AluOp::And && v == 0xffff {
                    return self.asm.w(e::extend(Ext::Uxth, rd, rn));
                }
                if let Some(m) = e::modimm(v) {
                    return self.asm.w(e::dp_imm(dp, false, rd, rn, m));
                }
                if matches!(op, AluOp::Add | AluOp::Sub) && v < 4096 {
                    return self.asm.w(e::addsub_w(op == AluOp::Sub, rd, rn, v));
                }
                let nv = v.wrapping_neg();
                if let Some(nd) = neg_dp {
                    if let Some(m) = e::modimm(nv) {
                        return self.asm.w(e::dp_imm(nd, false, rd, rn, m));
                    }
                    if nv < 4096 {
                        return self.asm.w(e::addsub_w(nd == DpOp::Sub, rd, rn, nv));
                    }
                }
                if let Some(id) = inv_dp {
                    if let Some(m) = e::modimm(!v) {
                        return self.asm.w(e::dp_imm(id, false, rd, rn, m));
                    }
                }
                self.load_const(IP, v);
                if op == AluOp::Rsb {
                    self.asm
                        .w(e::dp_reg(DpOp::Sub, false, rd, IP, rn, ShiftTy::Lsl, 0));
                } else {
                    self.asm
                        .w(e::dp_reg(dp, false, rd, rn, IP, ShiftTy::Lsl, 0));
                }
            }
        }
    }

    fn cmp(&mut self, c: Cmp) {
        let rn = preg(c.lhs);
        if c.float {
            let Operand2::Reg(m) = c.rhs else {
                unreachable!("isel gives float compares two registers")
            };
            let sn = self.s_copy(rn, &[]);
            let sm = self.s_copy(preg(m), &[sn]);
            self.asm.w(e::vunary(VUnary::Cmp, sn, sm));
            self.asm.w(e::vmrs_flags());
            return;
        }
        if c.test {
            match c.rhs {
                Operand2::Reg(m) => {
                    self.asm
                        .w(e::dp_reg(DpOp::And, true, PC, rn, preg(m), ShiftTy::Lsl, 0))
                }
                Operand2::Imm(v) => match e::modimm(v) {
                    Some(m) => self.asm.w(e::dp_imm(DpOp::And, true, PC, rn, m)),
                    None => {
                        self.load_const(IP, v);
                        self.asm
                            .w(e::dp_reg(DpOp::And, true, PC, rn, IP, ShiftTy::Lsl, 0));
                    }
                },
            }
            return;
        }
        match c.rhs {
            Operand2::Reg(m) => self.asm.h(e::cmp_reg16(rn, preg(m))),
            Operand2::Imm(v) => {
                if rn < 8 && v < 256 {
                    self.asm.h(e::cmp_imm16(rn, v));
                } else if let Some(m) = e::modimm(v) {
                    self.asm.w(e::dp_imm(DpOp::Sub, true, PC, rn, m));
                } else if let Some(m) = e::modimm(v.wrapping_neg()) {
                    self.asm.w(e::dp_imm(DpOp::Add, true, PC, rn, m));
                } else {
                    self.load_const(IP, v);
                    self.asm.h(e::cmp_reg16(rn, IP));
                }
            }
        }
    }

    /// `mov rd, #imm8` inside an IT block (no flag update).
    fn mov_imm_in_it(&mut self, rd: u8, imm: u32) {
        if rd < 8 {
            self.asm.h(e::mov_imm16(rd, imm));
        } else {
            self.asm.w(e::dp_imm(DpOp::Orr, false, rd, PC, imm & 0xff));
        }
    }

    /// `rd = cc ? 1 : 0` from the current flags.
    fn set_from_flags(&mut self, cc: Cond, rd: u8) {
        self.asm.h(e::it(cc, &[false]));
        self.mov_imm_in_it(rd, 1);
        self.mov_imm_in_it(rd, 0);
    }

    /// Traps (udf) if `rm` is zero.
    fn trap_if_zero(&mut self, rm: u8) {
        self.cmp(Cmp {
            lhs: super::inst::Reg(u32::from(rm)),
            rhs: Operand2::Imm(0),
            float: false,
            test: false,
        });
        self.asm.h(e::b_cond16(Cond::Ne, 0));
        self.asm.h(e::udf(0));
    }

    /// Emits one allocated instruction. `next` is the block laid out after this one.
    pub fn inst(&mut self, inst: &Inst, next: Option<u32>) -> Result<(), String> {
        self.inst_body(inst, next)?;
        match inst {
            // A call clobbers s0–s15; an operation keeps its result's copy.
            Inst::Call { .. } => self.scache.clear(),
            Inst::Fp { .. } => {}
            _ => inst.clone().visit(&mut |r, role| {
                if matches!(role, Role::Def | Role::Reuse(_) | Role::FixedDef(_)) {
                    self.scache.written(preg(*r));
                }
            }),
        }
        Ok(())
    }

    fn inst_body(&mut self, inst: &Inst, next: Option<u32>) -> Result<(), String> {
        match *inst {
            Inst::Args { .. } => {}
            Inst::MovImm { rd, imm } => self.load_const(preg(rd), imm),
            Inst::MovSym { rd, sym, addend } => {
                let rd = preg(rd);
                let enc = if (-32768..=32767).contains(&addend) {
                    addend as u32 & 0xffff
                } else {
                    0
                };
                self.reloc(RelocKind::MovwAbs, sym);
                self.asm.w(e::mov16(false, rd, enc));
                self.reloc(RelocKind::MovtAbs, sym);
                self.asm.w(e::mov16(true, rd, enc));
                if enc == 0 && addend != 0 {
                    self.alu(AluOp::Add, rd, rd, Operand2::Imm(addend as u32));
                }
            }
            Inst::Alu { op, rd, rn, rm } => self.alu(op, preg(rd), preg(rn), rm),
            Inst::AluShift {
                op,
                rd,
                rn,
                rm,
                sh,
                amt,
            } => {
                let dp = match op {
                    AluOp::Add => DpOp::Add,
                    AluOp::Sub => DpOp::Sub,
                    AluOp::Rsb => DpOp::Rsb,
                    AluOp::And => DpOp::And,
                    AluOp::Bic => DpOp::Bic,
                    AluOp::Orr => DpOp::Orr,
                    AluOp::Orn => DpOp::Orn,
                    AluOp::Eor => DpOp::Eor,
                };
                let ty = match sh {
                    ShiftOp::Lsl => ShiftTy::Lsl,
                    ShiftOp::Lsr => ShiftTy::Lsr,
                    ShiftOp::Asr => ShiftTy::Asr,
                    ShiftOp::Ror | ShiftOp::Rol => return Err("rotated operand".into()),
                };
                if !(1..32).contains(&amt) {
                    return Err(format!("shifted operand amount {amt}"));
                }
                let (rd, rn, rm) = (preg(rd), preg(rn), preg(rm));
                self.asm
                    .w(e::dp_reg(dp, false, rd, rn, rm, ty, u32::from(amt)));
            }
            Inst::Mul { rd, rn, rm } => self.asm.w(e::mul(preg(rd), preg(rn), preg(rm))),
            Inst::Shift { op, rd, rn, amt } => self.shift(op, preg(rd), preg(rn), amt),
            Inst::Unary { op, rd, rm } => {
                let (rd, rm) = (preg(rd), preg(rm));
                match op {
                    UnOp::Mvn => {
                        self.asm
                            .w(e::dp_reg(DpOp::Orn, false, rd, PC, rm, ShiftTy::Lsl, 0))
                    }
                    UnOp::Neg => self.asm.w(e::dp_imm(DpOp::Rsb, false, rd, rm, 0)),
                    UnOp::Clz => self.asm.w(e::clz(rd, rm)),
                    UnOp::Uxtb => self.asm.w(e::extend(Ext::Uxtb, rd, rm)),
                    UnOp::Sxtb => self.asm.w(e::extend(Ext::Sxtb, rd, rm)),
                    UnOp::Uxth => self.asm.w(e::extend(Ext::Uxth, rd, rm)),
                    UnOp::Sxth => self.asm.w(e::extend(Ext::Sxth, rd, rm)),
                }
            }
            Inst::Div { signed, rd, rn, rm } => {
                let (rd, rn, rm) = (preg(rd), preg(rn), preg(rm));
                self.trap_if_zero(rm);
                if signed {
                    // Trap on i32::MIN / -1 (CLIF's integer-overflow trap).
                    self.asm.w(e::dp_imm(DpOp::Add, true, PC, rm, 1)); // cmn rm, #1
                    self.asm.h(e::b_cond16(Cond::Ne, 6));
                    let min = e::modimm(0x8000_0000).ok_or("modimm")?;
                    self.asm.w(e::dp_imm(DpOp::Sub, true, PC, rn, min));
                    self.asm.h(e::b_cond16(Cond::Ne, 0));
                    self.asm.h(e::udf(1));
                }
                self.asm.w(e::div(signed, rd, rn, rm));
            }
            Inst::Rem { signed, rd, rn, rm } => {
                let (rd, rn, rm) = (preg(rd), preg(rn), preg(rm));
                self.trap_if_zero(rm);
                self.asm.w(e::div(signed, IP, rn, rm));
                self.asm.w(e::mls(rd, IP, rm, rn));
            }
            Inst::Fp { op, rd, rn, rm } => {
                let sn = self.s_copy(preg(rn), &[]);
                let sm = rm.map(|m| self.s_copy(preg(m), &[sn]));
                // The result goes to another register: the operands' copies stay.
                let sd = self.scache.victim(&[sn, sm.unwrap_or(sn)]);
                self.asm.w(match (op, sm) {
                    (FpOp::Add, Some(sm)) => e::varith(VArith::Add, sd, sn, sm),
                    (FpOp::Sub, Some(sm)) => e::varith(VArith::Sub, sd, sn, sm),
                    (FpOp::Mul, Some(sm)) => e::varith(VArith::Mul, sd, sn, sm),
                    (FpOp::Div, Some(sm)) => e::varith(VArith::Div, sd, sn, sm),
                    (FpOp::Neg, _) => e::vunary(VUnary::Neg, sd, sn),
                    (FpOp::Sqrt, _) => e::vunary(VUnary::Sqrt, sd, sn),
                    (FpOp::FromSint, _) => e::vunary(VUnary::FromSint, sd, sn),
                    (FpOp::ToSintSat, _) => e::vunary(VUnary::ToSint, sd, sn),
                    (op, None) => return Err(format!("{op:?} without a second operand")),
                });
                let rd = preg(rd);
                self.asm.w(e::vmov_from_s(rd, sd));
                self.scache.written(rd);
                self.scache.set(sd, rd);
                return Ok(());
            }
            Inst::MulHi { signed, rd, rn, rm } => {
                self.asm
                    .w(e::long_mul(signed, IP, preg(rd), preg(rn), preg(rm)));
            }
            Inst::SetCc { cmp, cc, rd } => {
                self.cmp(cmp);
                self.set_from_flags(cc, preg(rd));
            }
            Inst::Select { cmp, cc, rd, t, f } => {
                debug_assert_eq!(rd, f);
                self.cmp(cmp);
                if rd != t {
                    self.asm.h(e::it(cc, &[]));
                    self.asm.h(e::mov_reg16(preg(rd), preg(t)));
                }
            }
            Inst::Overflow {
                op,
                rd,
                flag,
                rn,
                rm,
            } => self.overflow(op, preg(rd), flag.map(preg), preg(rn), rm)?,
            Inst::Load { kind, rt, addr } => {
                let k = match kind {
                    MemKind::Word => LdSt::Ldr,
                    MemKind::U8 => LdSt::Ldrb,
                    MemKind::S8 => LdSt::Ldrsb,
                    MemKind::U16 => LdSt::Ldrh,
                    MemKind::S16 => LdSt::Ldrsh,
                };
                self.mem(k, preg(rt), addr)?;
            }
            Inst::Store { kind, rt, addr } => {
                let k = match kind {
                    MemKind::Word => LdSt::Str,
                    MemKind::U8 | MemKind::S8 => LdSt::Strb,
                    MemKind::U16 | MemKind::S16 => LdSt::Strh,
                };
                self.mem(k, preg(rt), addr)?;
            }
            Inst::StackAddr { rd, slot, off } => {
                let (_, off) = self.addr(Addr::Slot(slot, off))?;
                let rd = preg(rd);
                if (0..4096).contains(&off) {
                    self.asm.w(e::addsub_w(false, rd, SP, off as u32));
                } else {
                    self.load_const(IP, off as u32);
                    self.asm
                        .w(e::dp_reg(DpOp::Add, false, rd, SP, IP, ShiftTy::Lsl, 0));
                }
            }
            Inst::GetSp { rd } => self.asm.h(e::mov_reg16(preg(rd), SP)),
            Inst::Call { callee, .. } => match callee {
                Callee::Sym(s) => {
                    self.reloc(RelocKind::Call, s);
                    self.asm.w(e::b_w(true, -4));
                }
                Callee::Reg(r) => self.asm.h(e::blx(preg(r))),
            },
            Inst::Jump { target } => {
                let target = self.resolved(target);
                if next.map(|n| self.resolved(n)) == Some(target) {
                    return Ok(());
                }
                // A jump to a block that only compares and branches does the comparison
                // and the branch itself: the registers are those at the block's entry.
                if let Some(Some(Inst::CondBr {
                    cmp,
                    cc,
                    taken,
                    not_taken,
                })) = self.layout.header.get(target as usize).cloned()
                {
                    self.cmp(cmp);
                    self.cond_branch(cc, taken, not_taken, next);
                } else {
                    self.asm.branch(BranchKind::Always, target);
                }
            }
            Inst::CondBr {
                cmp,
                cc,
                taken,
                not_taken,
            } => {
                self.cmp(cmp);
                self.cond_branch(cc, taken, not_taken, next);
            }
            Inst::FlagBr {
                cc,
                taken,
                not_taken,
            } => self.cond_branch(cc, taken, not_taken, next),
            Inst::TrapIf { cmp, cc } => {
                self.cmp(cmp);
                self.asm.h(e::b_cond16(cc.invert(), 0));
                self.asm.h(e::udf(2));
            }
            Inst::Ret { .. } => self.epilogue(),
            Inst::Trap => self.asm.h(e::udf(0)),
        }
        Ok(())
    }

    /// The block a branch to `b` goes to.
    fn resolved(&self, b: u32) -> u32 {
        self.layout.resolve.get(b as usize).copied().unwrap_or(b)
    }

    fn cond_branch(&mut self, cc: Cond, taken: u32, not_taken: u32, next: Option<u32>) {
        let (taken, not_taken) = (self.resolved(taken), self.resolved(not_taken));
        let next = next.map(|n| self.resolved(n));
        if next == Some(taken) {
            self.asm.branch(BranchKind::Cond(cc.invert()), not_taken);
        } else {
            self.asm.branch(BranchKind::Cond(cc), taken);
            if next != Some(not_taken) {
                self.asm.branch(BranchKind::Always, not_taken);
            }
        }
    }

    fn reloc(&mut self, kind: RelocKind, sym: SymRef) {
        let offset = self.asm.pos();
        self.asm.relocs.push(Reloc { offset, kind, sym });
    }

    fn shift(&mut self, op: ShiftOp, rd: u8, rn: u8, amt: Operand2) {
        let ty = match op {
            ShiftOp::Lsl => ShiftTy::Lsl,
            ShiftOp::Lsr => ShiftTy::Lsr,
            ShiftOp::Asr => ShiftTy::Asr,
            ShiftOp::Ror | ShiftOp::Rol => ShiftTy::Ror,
        };
        match amt {
            Operand2::Imm(k) => {
                let k = if op == ShiftOp::Rol {
                    (32 - (k & 31)) & 31
                } else {
                    k & 31
                };
                if k == 0 {
                    self.mov(rd, rn);
                } else {
                    self.asm.w(e::dp_reg(DpOp::Orr, false, rd, PC, rn, ty, k));
                }
            }
            Operand2::Reg(m) => {
                let m = preg(m);
                match op {
                    ShiftOp::Ror => self.asm.w(e::shift_reg(ty, rd, rn, m)),
                    ShiftOp::Rol => {
                        self.asm.w(e::dp_imm(DpOp::Rsb, false, IP, m, 0));
                        self.asm.w(e::shift_reg(ty, rd, rn, IP));
                    }
                    _ => {
                        self.asm.w(e::dp_imm(DpOp::And, false, IP, m, 31));
                        self.asm.w(e::shift_reg(ty, rd, rn, IP));
                    }
                }
            }
        }
    }

    fn overflow(
        &mut self,
        op: OvOp,
        rd: u8,
        flag: Option<u8>,
        rn: u8,
        rm: Operand2,
    ) -> Result<(), String> {
        match op {
            OvOp::Sadd | OvOp::Uadd | OvOp::Ssub | OvOp::Usub => {
                let dp = if matches!(op, OvOp::Sadd | OvOp::Uadd) {
                    DpOp::Add
                } else {
                    DpOp::Sub
                };
                match rm {
                    Operand2::Reg(m) => {
                        self.asm
                            .w(e::dp_reg(dp, true, rd, rn, preg(m), ShiftTy::Lsl, 0))
                    }
                    Operand2::Imm(v) => {
                        if let Some(m) = e::modimm(v) {
                            self.asm.w(e::dp_imm(dp, true, rd, rn, m));
                        } else {
                            self.load_const(IP, v);
                            self.asm.w(e::dp_reg(dp, true, rd, rn, IP, ShiftTy::Lsl, 0));
                        }
                    }
                }
            }
            OvOp::Smul | OvOp::Umul => {
                let Operand2::Reg(m) = rm else {
                    return Err("multiply overflow needs a register operand".into());
                };
                let signed = op == OvOp::Smul;
                self.asm.w(e::long_mul(signed, rd, IP, rn, preg(m)));
                if signed {
                    self.asm
                        .w(e::dp_reg(DpOp::Sub, true, PC, IP, rd, ShiftTy::Asr, 31));
                } else {
                    self.asm.w(e::dp_imm(DpOp::Sub, true, PC, IP, 0));
                }
            }
        }
        if let Some(flag) = flag {
            self.set_from_flags(op.cond(), flag);
        }
        Ok(())
    }
}
