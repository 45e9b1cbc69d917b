//! Bit-level Thumb-2 encodings (ARMv7-M), one function per instruction form.
//!
//! 32-bit encodings are returned as `hw1 << 16 | hw2` (the first halfword in the high half);
//! [`Asm`](super::emit::Asm) stores them as two little-endian halfwords. Register numbers are
//! physical (0–15). Every form here is checked against GNU `as` by the encoder oracle test.

use super::inst::Cond;

/// Data-processing opcodes shared by the modified-immediate and shifted-register forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DpOp {
    And = 0,
    Bic = 1,
    Orr = 2,
    Orn = 3,
    Eor = 4,
    Add = 8,
    /// Add with carry (for future i64 pairs; checked by the oracle).
    #[allow(dead_code)]
    Adc = 10,
    /// Subtract with carry (for future i64 pairs; checked by the oracle).
    #[allow(dead_code)]
    Sbc = 11,
    Sub = 13,
    Rsb = 14,
}

/// Shift types of the shifted-register and register-shift forms.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShiftTy {
    Lsl = 0,
    Lsr = 1,
    Asr = 2,
    Ror = 3,
}

/// Loads and stores with an immediate offset.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LdSt {
    Str,
    Strb,
    Strh,
    Ldr,
    Ldrb,
    Ldrh,
    Ldrsb,
    Ldrsh,
}

impl LdSt {
    /// First halfword of the positive imm12 form (T3); the negative imm8 form (T4) clears bit 7.
    fn hw1_t3(self) -> u32 {
        match self {
            LdSt::Str => 0xF8C0,
            LdSt::Strb => 0xF880,
            LdSt::Strh => 0xF8A0,
            LdSt::Ldr => 0xF8D0,
            LdSt::Ldrb => 0xF890,
            LdSt::Ldrh => 0xF8B0,
            LdSt::Ldrsb => 0xF990,
            LdSt::Ldrsh => 0xF9B0,
        }
    }
}

/// Packs two halfwords.
fn w(hw1: u32, hw2: u32) -> u32 {
    (hw1 << 16) | hw2
}

fn r(reg: u8) -> u32 {
    u32::from(reg & 15)
}

/// Thumb-2 modified immediate (`i:imm3:imm8`, 12 bits) for `v`, if it has one.
pub fn modimm(v: u32) -> Option<u32> {
    let b = v & 0xff;
    if v == b {
        return Some(b);
    }
    if v == b | (b << 16) {
        return Some(0x100 | b);
    }
    let b1 = (v >> 8) & 0xff;
    if v == (b1 << 8) | (b1 << 24) {
        return Some(0x200 | b1);
    }
    if v == b.wrapping_mul(0x0101_0101) {
        return Some(0x300 | b);
    }
    for n in 8..32u32 {
        let x = v.rotate_left(n);
        if x & !0xff == 0 && x & 0x80 != 0 {
            return Some((n << 7) | (x & 0x7f));
        }
    }
    None
}

/// Places a 12-bit `i:imm3:imm8` field into the two halfwords.
fn imm12_fields(imm12: u32) -> (u32, u32) {
    (
        ((imm12 >> 11) & 1) << 10,
        (((imm12 >> 8) & 7) << 12) | (imm12 & 0xff),
    )
}

/// `<op>{s}.w rd, rn, #imm` with a modified immediate (`imm12` from [`modimm`]).
/// MOV/MVN use `Orr`/`Orn` with `rn = 15`; CMP/CMN/TST use `s` with `rd = 15`.
pub fn dp_imm(op: DpOp, s: bool, rd: u8, rn: u8, imm12: u32) -> u32 {
    let (i, lo) = imm12_fields(imm12);
    w(
        0xF000 | i | ((op as u32) << 5) | (u32::from(s) << 4) | r(rn),
        lo | (r(rd) << 8),
    )
}

/// `addw`/`subw rd, rn, #imm12` (plain 0–4095 immediate).
pub fn addsub_w(sub: bool, rd: u8, rn: u8, imm: u32) -> u32 {
    let (i, lo) = imm12_fields(imm & 0xfff);
    w(
        0xF200 | if sub { 0xA0 } else { 0 } | i | r(rn),
        lo | (r(rd) << 8),
    )
}

/// `movw rd, #imm16` (or `movt` when `top`).
pub fn mov16(top: bool, rd: u8, imm16: u32) -> u32 {
    let (i, lo) = imm12_fields(imm16 & 0xfff);
    w(
        0xF240 | if top { 0x80 } else { 0 } | i | ((imm16 >> 12) & 15),
        lo | (r(rd) << 8),
    )
}

/// `<op>{s}.w rd, rn, rm, <ty> #amt` (shifted register). MOV/shift-by-immediate use `Orr`
/// with `rn = 15`, MVN uses `Orn`; CMP uses `Sub`, `s` and `rd = 15`.
pub fn dp_reg(op: DpOp, s: bool, rd: u8, rn: u8, rm: u8, ty: ShiftTy, amt: u32) -> u32 {
    w(
        0xEA00 | ((op as u32) << 5) | (u32::from(s) << 4) | r(rn),
        (((amt >> 2) & 7) << 12) | (r(rd) << 8) | ((amt & 3) << 6) | ((ty as u32) << 4) | r(rm),
    )
}

/// `lsl.w`/`lsr.w`/`asr.w`/`ror.w rd, rn, rm` (shift by register).
pub fn shift_reg(ty: ShiftTy, rd: u8, rn: u8, rm: u8) -> u32 {
    w(
        0xFA00 | ((ty as u32) << 5) | r(rn),
        0xF000 | (r(rd) << 8) | r(rm),
    )
}

/// `mul.w rd, rn, rm`.
pub fn mul(rd: u8, rn: u8, rm: u8) -> u32 {
    w(0xFB00 | r(rn), 0xF000 | (r(rd) << 8) | r(rm))
}

/// `mls rd, rn, rm, ra` (`rd = ra - rn * rm`).
pub fn mls(rd: u8, rn: u8, rm: u8, ra: u8) -> u32 {
    w(0xFB00 | r(rn), (r(ra) << 12) | (r(rd) << 8) | 0x10 | r(rm))
}

/// `smull`/`umull rdlo, rdhi, rn, rm`.
pub fn long_mul(signed: bool, rdlo: u8, rdhi: u8, rn: u8, rm: u8) -> u32 {
    w(
        if signed { 0xFB80 } else { 0xFBA0 } | r(rn),
        (r(rdlo) << 12) | (r(rdhi) << 8) | r(rm),
    )
}

/// `sdiv`/`udiv rd, rn, rm`.
pub fn div(signed: bool, rd: u8, rn: u8, rm: u8) -> u32 {
    w(
        if signed { 0xFB90 } else { 0xFBB0 } | r(rn),
        0xF0F0 | (r(rd) << 8) | r(rm),
    )
}

/// `clz rd, rm`.
pub fn clz(rd: u8, rm: u8) -> u32 {
    w(0xFAB0 | r(rm), 0xF080 | (r(rd) << 8) | r(rm))
}

/// Extensions: `sxth`, `uxth`, `sxtb`, `uxtb` (`.w`, no rotation).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ext {
    Sxth = 0,
    Uxth = 1,
    Sxtb = 4,
    Uxtb = 5,
}

/// `<ext>.w rd, rm`.
pub fn extend(kind: Ext, rd: u8, rm: u8) -> u32 {
    w(0xFA0F | ((kind as u32) << 4), 0xF080 | (r(rd) << 8) | r(rm))
}

/// `ldr*/str*.w rt, [rn, #off]` for `off` in −255..=4095.
pub fn ldst(kind: LdSt, rt: u8, rn: u8, off: i32) -> Option<u32> {
    match off {
        0..=4095 => Some(w(kind.hw1_t3() | r(rn), (r(rt) << 12) | off as u32)),
        -255..=-1 => Some(w(
            (kind.hw1_t3() & !0x80) | r(rn),
            (r(rt) << 12) | 0xC00 | (-off) as u32,
        )),
        _ => None,
    }
}

/// `ldr*/str*.w rt, [rn, rm, lsl #shift]` (register offset, `shift` 0–3; `rm` not sp/pc).
pub fn ldst_reg(kind: LdSt, rt: u8, rn: u8, rm: u8, shift: u32) -> u32 {
    w(
        (kind.hw1_t3() & !0x80) | r(rn),
        (r(rt) << 12) | ((shift & 3) << 4) | r(rm),
    )
}

/// 16-bit `str`/`ldr rt, [sp, #off]` (low `rt`, `off` a multiple of 4 up to 1020).
pub fn ldst_sp16(load: bool, rt: u8, off: u32) -> u16 {
    (if load { 0x9800 } else { 0x9000 }) | ((u16::from(rt) & 7) << 8) | ((off / 4) & 0xff) as u16
}

/// `str.w rt, [sp, #-4]!` (push of one register).
pub fn str_predec_sp(rt: u8) -> u32 {
    w(0xF84D, (r(rt) << 12) | 0xD04)
}

/// `ldr.w rt, [sp], #4` (pop of one register).
pub fn ldr_postinc_sp(rt: u8) -> u32 {
    w(0xF85D, (r(rt) << 12) | 0xB04)
}

/// `push.w {list}` (bits 0–12 and 14 = lr; at least two registers).
pub fn push_w(list: u16) -> u32 {
    w(0xE92D, u32::from(list))
}

/// `pop.w {list}` (bits 0–12, 14 = lr, 15 = pc; at least two registers).
pub fn pop_w(list: u16) -> u32 {
    w(0xE8BD, u32::from(list))
}

/// 16-bit `push {r0-r7 list, lr?}`.
pub fn push16(low: u8, lr: bool) -> u16 {
    0xB400 | (u16::from(lr) << 8) | u16::from(low)
}

/// 16-bit `pop {r0-r7 list, pc?}`.
pub fn pop16(low: u8, pc: bool) -> u16 {
    0xBC00 | (u16::from(pc) << 8) | u16::from(low)
}

/// `b<cond>.w` with a byte offset from the instruction address + 4 (±1 MB, even).
pub fn b_cond_w(cond: Cond, off: i32) -> u32 {
    let o = off as u32;
    let s = (o >> 20) & 1;
    let j2 = (o >> 19) & 1;
    let j1 = (o >> 18) & 1;
    let imm6 = (o >> 12) & 0x3f;
    let imm11 = (o >> 1) & 0x7ff;
    w(
        0xF000 | (s << 10) | ((cond as u32) << 6) | imm6,
        0x8000 | (j1 << 13) | (j2 << 11) | imm11,
    )
}

/// `b.w` (or `bl` when `link`) with a byte offset from the instruction address + 4 (±16 MB).
pub fn b_w(link: bool, off: i32) -> u32 {
    let o = off as u32;
    let s = (o >> 24) & 1;
    let i1 = (o >> 23) & 1;
    let i2 = (o >> 22) & 1;
    let j1 = (i1 ^ s) ^ 1;
    let j2 = (i2 ^ s) ^ 1;
    let imm10 = (o >> 12) & 0x3ff;
    let imm11 = (o >> 1) & 0x7ff;
    w(
        0xF000 | (s << 10) | imm10,
        if link { 0xD000 } else { 0x9000 } | (j1 << 13) | (j2 << 11) | imm11,
    )
}

/// 16-bit `b<cond>` (offset −256..=254).
pub fn b_cond16(cond: Cond, off: i32) -> u16 {
    0xD000 | ((cond as u16) << 8) | ((off >> 1) as u16 & 0xff)
}

/// 16-bit `b` (offset −2048..=2046).
pub fn b16(off: i32) -> u16 {
    0xE000 | ((off >> 1) as u16 & 0x7ff)
}

/// 16-bit `mov rd, rm` (any registers, flags untouched).
pub fn mov_reg16(rd: u8, rm: u8) -> u16 {
    0x4600 | (u16::from((rd >> 3) & 1) << 7) | (u16::from(rm & 15) << 3) | u16::from(rd & 7)
}

/// 16-bit `movs rd, #imm8` (low `rd`; `mov` without flags inside an IT block).
pub fn mov_imm16(rd: u8, imm8: u32) -> u16 {
    0x2000 | (u16::from(rd & 7) << 8) | (imm8 & 0xff) as u16
}

/// 16-bit `cmp rn, #imm8` (low `rn`).
pub fn cmp_imm16(rn: u8, imm8: u32) -> u16 {
    0x2800 | (u16::from(rn & 7) << 8) | (imm8 & 0xff) as u16
}

/// 16-bit `cmp rn, rm` (T1 for two low registers, T2 otherwise).
pub fn cmp_reg16(rn: u8, rm: u8) -> u16 {
    if rn < 8 && rm < 8 {
        0x4280 | (u16::from(rm) << 3) | u16::from(rn)
    } else {
        0x4500 | (u16::from((rn >> 3) & 1) << 7) | (u16::from(rm & 15) << 3) | u16::from(rn & 7)
    }
}

/// `it<pattern> cond`: `then_else` lists the conditions of the 2nd–4th instructions
/// (`true` = then). `it eq` is `it(Eq, &[])`, `ite eq` is `it(Eq, &[false])`.
pub fn it(cond: Cond, then_else: &[bool]) -> u16 {
    let c0 = (cond as u16) & 1;
    let mut mask = 0u16;
    let mut bit = 3;
    for &t in then_else.iter().take(3) {
        let b = if t { c0 } else { c0 ^ 1 };
        mask |= b << bit;
        bit -= 1;
    }
    mask |= 1 << bit;
    0xBF00 | ((cond as u16) << 4) | mask
}

/// `udf #imm8`.
pub fn udf(imm8: u8) -> u16 {
    0xDE00 | u16::from(imm8)
}

/// `bx rm`.
pub fn bx(rm: u8) -> u16 {
    0x4700 | (u16::from(rm & 15) << 3)
}

/// `blx rm`.
pub fn blx(rm: u8) -> u16 {
    0x4780 | (u16::from(rm & 15) << 3)
}

/// 16-bit `add sp, #imm` / `sub sp, #imm` (multiple of 4 up to 508).
pub fn sp_adjust16(sub: bool, imm: u32) -> u16 {
    (if sub { 0xB080 } else { 0xB000 }) | ((imm / 4) & 0x7f) as u16
}

/// Single-precision VFP arithmetic with three registers (`vadd.f32 sd, sn, sm`, ...).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VArith {
    Add,
    Sub,
    Mul,
    Div,
}

/// Single-precision VFP operations on one source register.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VUnary {
    /// `vneg.f32 sd, sm`.
    Neg,
    /// `vsqrt.f32 sd, sm`.
    Sqrt,
    /// `vcmp.f32 sd, sm` (no destination: sets FPSCR's flags).
    Cmp,
    /// `vcvt.f32.s32 sd, sm`: signed int to float.
    FromSint,
    /// `vcvt.s32.f32 sd, sm`: float to signed int, rounding towards zero, saturating.
    ToSint,
}

/// `(V, bit)` halves of a single-precision register number (`Sx = V:bit`).
fn sreg(s: u8) -> (u32, u32) {
    (u32::from((s >> 1) & 15), u32::from(s & 1))
}

/// `vmov sn, rt` (core register to single-precision register).
pub fn vmov_to_s(sn: u8, rt: u8) -> u32 {
    let (v, n) = sreg(sn);
    w(0xEE00 | v, (r(rt) << 12) | 0x0A10 | (n << 7))
}

/// `vmov rt, sn` (single-precision register to core register).
pub fn vmov_from_s(rt: u8, sn: u8) -> u32 {
    let (v, n) = sreg(sn);
    w(0xEE10 | v, (r(rt) << 12) | 0x0A10 | (n << 7))
}

/// `v<op>.f32 sd, sn, sm`.
pub fn varith(op: VArith, sd: u8, sn: u8, sm: u8) -> u32 {
    let ((vd, d), (vn, n), (vm, m)) = (sreg(sd), sreg(sn), sreg(sm));
    let (base, sub) = match op {
        VArith::Add => (0xEE30, 0),
        VArith::Sub => (0xEE30, 1),
        VArith::Mul => (0xEE20, 0),
        VArith::Div => (0xEE80, 0),
    };
    w(
        base | (d << 6) | vn,
        (vd << 12) | 0x0A00 | (n << 7) | (sub << 6) | (m << 5) | vm,
    )
}

/// `v<op>.f32 sd, sm` for the one-source operations.
pub fn vunary(op: VUnary, sd: u8, sm: u8) -> u32 {
    let ((vd, d), (vm, m)) = (sreg(sd), sreg(sm));
    let (opc2, bit7) = match op {
        VUnary::Neg => (0b0001, 0),
        VUnary::Sqrt => (0b0001, 1),
        VUnary::Cmp => (0b0100, 0),
        VUnary::FromSint => (0b1000, 1),
        VUnary::ToSint => (0b1101, 1),
    };
    w(
        0xEEB0 | (d << 6) | opc2,
        (vd << 12) | 0x0A40 | (bit7 << 7) | (m << 5) | vm,
    )
}

/// `vmrs APSR_nzcv, fpscr`: the last `vcmp`'s result into the condition flags.
pub fn vmrs_flags() -> u32 {
    w(0xEEF1, 0xFA10)
}
