//! Machine instructions over (virtual, then physical) registers.
//!
//! Instruction selection produces [`Inst`]s whose [`Reg`]s are regalloc2 virtual register
//! numbers; after allocation the same instructions are rewritten with physical register
//! numbers (0–15) and handed to the encoder. Pseudo-instructions (compare-and-branch,
//! select, division with its trap checks, …) expand to short fixed sequences at emission.

/// A register: a virtual register index before allocation, a physical one (r0–r15) after.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Reg(pub u32);

/// Intra-procedure-call scratch register, never allocated: the encoder's temporary.
pub const IP: u8 = 12;
/// Stack pointer.
pub const SP: u8 = 13;
/// Link register.
pub const LR: u8 = 14;
/// Program counter.
pub const PC: u8 = 15;

/// ARM condition codes (the 4-bit `cond` field).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cond {
    Eq = 0,
    Ne = 1,
    Hs = 2,
    Lo = 3,
    Mi = 4,
    Pl = 5,
    Vs = 6,
    Vc = 7,
    Hi = 8,
    Ls = 9,
    Ge = 10,
    Lt = 11,
    Gt = 12,
    Le = 13,
}

impl Cond {
    /// The opposite condition.
    pub fn invert(self) -> Cond {
        Cond::from_bits(self as u8 ^ 1)
    }

    /// The condition with the given encoding (0–13).
    pub fn from_bits(bits: u8) -> Cond {
        use Cond::*;
        [Eq, Ne, Hs, Lo, Mi, Pl, Vs, Vc, Hi, Ls, Ge, Lt, Gt, Le][(bits & 15).min(13) as usize]
    }

    /// The condition that holds after a VFP compare (`vcmp` + `vmrs`) when `a cc b`,
    /// false for unordered operands except `!=`.
    pub fn for_float(cc: cranelift_codegen::ir::condcodes::FloatCC) -> Option<Cond> {
        use cranelift_codegen::ir::condcodes::FloatCC as F;
        Some(match cc {
            F::Equal => Cond::Eq,
            F::NotEqual => Cond::Ne,
            F::LessThan => Cond::Mi,
            F::LessThanOrEqual => Cond::Ls,
            F::GreaterThan => Cond::Gt,
            F::GreaterThanOrEqual => Cond::Ge,
            _ => return None,
        })
    }

    /// Assembler mnemonic suffix.
    #[cfg(test)]
    pub fn name(self) -> &'static str {
        [
            "eq", "ne", "hs", "lo", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le",
        ][self as usize]
    }
}

/// A second operand: a register or an arbitrary 32-bit immediate (the encoder picks a
/// modified-immediate, 12-bit or MOVW/MOVT-through-ip form).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Operand2 {
    Reg(Reg),
    Imm(u32),
}

/// Two-operand ALU operations with a register or immediate second operand.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AluOp {
    Add,
    Sub,
    /// Reverse subtract: `rd = op2 - rn`.
    Rsb,
    And,
    /// `rd = rn & !op2`.
    Bic,
    Orr,
    /// `rd = rn | !op2`.
    Orn,
    Eor,
}

/// Shifts and rotations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftOp {
    Lsl,
    Lsr,
    Asr,
    Ror,
    /// Rotate left (register amounts only: `ror` by the negated amount).
    Rol,
}

/// One-operand operations.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Mvn,
    Neg,
    Clz,
    Uxtb,
    Sxtb,
    Uxth,
    Sxth,
}

/// Arithmetic with an overflow flag result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OvOp {
    Sadd,
    Uadd,
    Ssub,
    Usub,
    Smul,
    Umul,
}

impl OvOp {
    /// The condition that holds after the operation when it overflowed.
    pub fn cond(self) -> Cond {
        match self {
            OvOp::Sadd | OvOp::Ssub => Cond::Vs,
            OvOp::Uadd => Cond::Hs,
            OvOp::Usub => Cond::Lo,
            OvOp::Smul | OvOp::Umul => Cond::Ne,
        }
    }
}

/// Memory access width and extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MemKind {
    Word,
    U8,
    S8,
    U16,
    S16,
}

/// An address.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Addr {
    /// Register plus constant offset.
    Reg(Reg, i32),
    /// Explicit stack slot plus offset (resolved once the frame is laid out).
    Slot(u32, i32),
    /// Base register plus index register shifted left by 0–3.
    Index(Reg, Reg, u8),
}

/// A comparison that sets the flags.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cmp {
    pub lhs: Reg,
    pub rhs: Operand2,
    /// Single-precision floats held in core registers (`rhs` is then a register): the
    /// VFP compare's flags, read with the conditions of [`Cond::for_float`].
    pub float: bool,
    /// `tst lhs, rhs` (the flags of `lhs & rhs`) instead of `cmp`: Z set when no bit
    /// is common.
    pub test: bool,
}

/// Single-precision float operations on values held in core registers (the emitter
/// moves them through `s0`/`s1`, scratch registers nothing else allocates).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FpOp {
    Add,
    Sub,
    Mul,
    Div,
    Neg,
    Sqrt,
    /// Signed int to float.
    FromSint,
    /// Float to signed int, towards zero, saturating (NaN gives 0): CLIF's
    /// `fcvt_to_sint_sat`.
    ToSintSat,
}

/// A symbol reference of the object being built.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SymRef {
    /// `Program::func_symbols[i]`.
    Func(u32),
    /// `Program::data_symbols[i]`.
    Data(u32),
}

/// A call target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Callee {
    Sym(SymRef),
    Reg(Reg),
}

/// A machine block index.
pub type BlockIdx = u32;

/// A machine instruction or pseudo-instruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inst {
    /// Defines the function arguments in r0–r3 (emits nothing).
    Args {
        defs: Vec<Reg>,
    },
    MovImm {
        rd: Reg,
        imm: u32,
    },
    /// MOVW/MOVT of a symbol address plus addend.
    MovSym {
        rd: Reg,
        sym: SymRef,
        addend: i32,
    },
    Alu {
        op: AluOp,
        rd: Reg,
        rn: Reg,
        rm: Operand2,
    },
    /// `rd = rn op (rm shifted by a constant 1–31)` (`Lsl`, `Lsr` or `Asr`; `Rsb` is
    /// `(rm shifted) - rn`).
    AluShift {
        op: AluOp,
        rd: Reg,
        rn: Reg,
        rm: Reg,
        sh: ShiftOp,
        amt: u8,
    },
    Mul {
        rd: Reg,
        rn: Reg,
        rm: Reg,
    },
    /// Shift by an immediate (already reduced modulo 32) or a register (masked).
    Shift {
        op: ShiftOp,
        rd: Reg,
        rn: Reg,
        amt: Operand2,
    },
    Unary {
        op: UnOp,
        rd: Reg,
        rm: Reg,
    },
    /// Division with CLIF's traps (zero divisor; `i32::MIN / -1` when signed).
    Div {
        signed: bool,
        rd: Reg,
        rn: Reg,
        rm: Reg,
    },
    /// Remainder with the zero-divisor trap.
    Rem {
        signed: bool,
        rd: Reg,
        rn: Reg,
        rm: Reg,
    },
    /// `rd = rn op rm` on single-precision floats (`rm` absent for one-operand ops).
    Fp {
        op: FpOp,
        rd: Reg,
        rn: Reg,
        rm: Option<Reg>,
    },
    /// High word of the 64-bit product.
    MulHi {
        signed: bool,
        rd: Reg,
        rn: Reg,
        rm: Reg,
    },
    /// `rd = (cmp cc) ? 1 : 0`.
    SetCc {
        cmp: Cmp,
        cc: Cond,
        rd: Reg,
    },
    /// `rd = (cmp cc) ? t : f` (`rd` reuses `f`'s register).
    Select {
        cmp: Cmp,
        cc: Cond,
        rd: Reg,
        t: Reg,
        f: Reg,
    },
    /// `rd = rn op rm`, `flag = overflowed`.
    /// (Without a flag register only the condition flags are set, for [`Inst::FlagBr`].)
    Overflow {
        op: OvOp,
        rd: Reg,
        flag: Option<Reg>,
        rn: Reg,
        rm: Operand2,
    },
    Load {
        kind: MemKind,
        rt: Reg,
        addr: Addr,
    },
    Store {
        kind: MemKind,
        rt: Reg,
        addr: Addr,
    },
    /// Address of an explicit stack slot plus offset.
    StackAddr {
        rd: Reg,
        slot: u32,
        off: i32,
    },
    GetSp {
        rd: Reg,
    },
    /// AAPCS call: arguments in r0–r3, result in r0.
    Call {
        callee: Callee,
        args: Vec<Reg>,
        ret: Option<Reg>,
    },
    Jump {
        target: BlockIdx,
    },
    CondBr {
        cmp: Cmp,
        cc: Cond,
        taken: BlockIdx,
        not_taken: BlockIdx,
    },
    /// Branch on the flags set by the instruction just before (an [`Inst::Overflow`]).
    FlagBr {
        cc: Cond,
        taken: BlockIdx,
        not_taken: BlockIdx,
    },
    /// `udf` when the comparison holds.
    TrapIf {
        cmp: Cmp,
        cc: Cond,
    },
    Ret {
        val: Option<Reg>,
    },
    Trap,
}

/// How an instruction accesses a register (maps onto regalloc2 operand constraints).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    /// Read at the start.
    Use,
    /// Written at the end (may share a register with a use).
    Def,
    /// Written at the end into the same register as operand `n` (a use).
    Reuse(usize),
    /// Read in a fixed physical register.
    FixedUse(u8),
    /// Written in a fixed physical register.
    FixedDef(u8),
}

impl Inst {
    /// Visits every register operand in a fixed order (the regalloc2 operand order).
    pub fn visit(&mut self, f: &mut dyn FnMut(&mut Reg, Role)) {
        use Role::*;
        fn op2(o: &mut Operand2, f: &mut dyn FnMut(&mut Reg, Role)) -> usize {
            match o {
                Operand2::Reg(r) => {
                    f(r, Use);
                    1
                }
                Operand2::Imm(_) => 0,
            }
        }
        fn cmp(c: &mut Cmp, f: &mut dyn FnMut(&mut Reg, Role)) -> usize {
            f(&mut c.lhs, Use);
            1 + op2(&mut c.rhs, f)
        }
        fn addr(a: &mut Addr, f: &mut dyn FnMut(&mut Reg, Role)) {
            match a {
                Addr::Reg(r, _) => f(r, Use),
                Addr::Index(b, i, _) => {
                    f(b, Use);
                    f(i, Use);
                }
                Addr::Slot(..) => {}
            }
        }
        match self {
            Inst::Args { defs } => {
                for (i, d) in defs.iter_mut().enumerate() {
                    f(d, FixedDef(i as u8));
                }
            }
            Inst::MovImm { rd, .. } | Inst::MovSym { rd, .. } => f(rd, Def),
            Inst::StackAddr { rd, .. } | Inst::GetSp { rd } => f(rd, Def),
            Inst::Alu { rd, rn, rm, .. } => {
                f(rn, Use);
                op2(rm, f);
                f(rd, Def);
            }
            Inst::AluShift { rd, rn, rm, .. } => {
                f(rn, Use);
                f(rm, Use);
                f(rd, Def);
            }
            Inst::Shift { rd, rn, amt, .. } => {
                f(rn, Use);
                op2(amt, f);
                f(rd, Def);
            }
            Inst::Mul { rd, rn, rm }
            | Inst::Div { rd, rn, rm, .. }
            | Inst::Rem { rd, rn, rm, .. }
            | Inst::MulHi { rd, rn, rm, .. } => {
                f(rn, Use);
                f(rm, Use);
                f(rd, Def);
            }
            Inst::Unary { rd, rm, .. } => {
                f(rm, Use);
                f(rd, Def);
            }
            Inst::Fp { rd, rn, rm, .. } => {
                f(rn, Use);
                if let Some(rm) = rm {
                    f(rm, Use);
                }
                f(rd, Def);
            }
            Inst::SetCc { cmp: c, rd, .. } => {
                cmp(c, f);
                f(rd, Def);
            }
            Inst::Select {
                cmp: c,
                rd,
                t,
                f: fr,
                ..
            } => {
                let n = cmp(c, f);
                f(t, Use);
                f(fr, Use);
                f(rd, Reuse(n + 1));
            }
            Inst::Overflow {
                rd, flag, rn, rm, ..
            } => {
                f(rn, Use);
                op2(rm, f);
                f(rd, Def);
                if let Some(flag) = flag {
                    f(flag, Def);
                }
            }
            Inst::Load { rt, addr: a, .. } => {
                addr(a, f);
                f(rt, Def);
            }
            Inst::Store { rt, addr: a, .. } => {
                f(rt, Use);
                addr(a, f);
            }
            Inst::Call { callee, args, ret } => {
                if let Callee::Reg(r) = callee {
                    f(r, Use);
                }
                for (i, a) in args.iter_mut().enumerate() {
                    f(a, FixedUse(i as u8));
                }
                if let Some(r) = ret {
                    f(r, FixedDef(0));
                }
            }
            Inst::CondBr { cmp: c, .. } | Inst::TrapIf { cmp: c, .. } => {
                cmp(c, f);
            }
            Inst::Ret { val } => {
                if let Some(r) = val {
                    f(r, FixedUse(0));
                }
            }
            Inst::Jump { .. } | Inst::FlagBr { .. } | Inst::Trap => {}
        }
    }
}
