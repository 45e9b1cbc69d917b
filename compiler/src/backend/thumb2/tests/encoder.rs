//! Encoder oracle: every form the encoder produces, over all registers and edge
//! immediates, assembled by GNU `as` and compared byte for byte.

use super::super::encode::{self as e, DpOp, Ext, LdSt, ShiftTy, VArith, VUnary};
use super::super::inst::Cond;
use super::tools;

/// Assembly text and our bytes for one instruction (or a short IT sequence).
struct Case {
    asm: String,
    bytes: Vec<u8>,
}

#[derive(Default)]
struct Cases(Vec<Case>);

impl Cases {
    fn w(&mut self, asm: impl Into<String>, ins: u32) {
        let mut bytes = ((ins >> 16) as u16).to_le_bytes().to_vec();
        bytes.extend_from_slice(&(ins as u16).to_le_bytes());
        self.0.push(Case {
            asm: asm.into(),
            bytes,
        });
    }
    fn h(&mut self, asm: impl Into<String>, hw: u16) {
        self.0.push(Case {
            asm: asm.into(),
            bytes: hw.to_le_bytes().to_vec(),
        });
    }
    fn seq(&mut self, asm: impl Into<String>, hws: &[u16]) {
        self.0.push(Case {
            asm: asm.into(),
            bytes: hws.iter().flat_map(|h| h.to_le_bytes()).collect(),
        });
    }
}

fn rn(r: u8) -> String {
    match r {
        13 => "sp".into(),
        14 => "lr".into(),
        15 => "pc".into(),
        _ => format!("r{r}"),
    }
}

/// Register pairs covering every register (0–12) in each position.
fn pairs() -> Vec<(u8, u8)> {
    (0..13u8)
        .flat_map(|r| [(r, (r + 1) % 13), ((r + 7) % 13, r)])
        .collect()
}

/// Register triples covering every register (0–12) in each position.
fn triples() -> Vec<(u8, u8, u8)> {
    (0..13u8)
        .flat_map(|r| {
            [
                (r, (r + 3) % 13, (r + 5) % 13),
                ((r + 2) % 13, r, (r + 9) % 13),
            ]
        })
        .chain((0..13u8).map(|r| ((r + 4) % 13, (r + 11) % 13, r)))
        .collect()
}

const MODIMMS: &[u32] = &[
    0,
    1,
    0x55,
    0xff,
    0x00ff_00ff,
    0xab00_ab00,
    0xffff_ffff,
    0x8080_8080,
    0x8000_0000,
    0x100,
    0x3fc,
    0xff00_0000,
    0x7f80,
    0x0001_fe00,
    0x2000_0000,
    0x0000_0104,
];

fn check(cases: Cases, stem: &str) {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut src = String::from(".syntax unified\n.thumb\n.text\n");
    for c in &cases.0 {
        src.push_str(&c.asm);
        src.push('\n');
    }
    let obj = tools::assemble(&src, dir.path(), stem);
    let got = tools::text_bytes(&obj);
    let mut pos = 0usize;
    for c in &cases.0 {
        let n = c.bytes.len();
        let theirs = got.get(pos..pos + n);
        assert_eq!(
            theirs,
            Some(&c.bytes[..]),
            "encoding of `{}` differs: ours {:02x?}, GNU as {:02x?}",
            c.asm.replace('\n', "; "),
            c.bytes,
            got.get(pos..(pos + n).min(got.len()))
        );
        pos += n;
    }
    assert_eq!(pos, got.len(), "GNU as produced extra bytes");
}

#[test]
fn data_processing() {
    let mut c = Cases::default();
    let ops = [
        (DpOp::And, "and"),
        (DpOp::Bic, "bic"),
        (DpOp::Orr, "orr"),
        (DpOp::Orn, "orn"),
        (DpOp::Eor, "eor"),
        (DpOp::Add, "add"),
        (DpOp::Adc, "adc"),
        (DpOp::Sbc, "sbc"),
        (DpOp::Sub, "sub"),
        (DpOp::Rsb, "rsb"),
    ];
    for &imm in MODIMMS {
        let m = e::modimm(imm).expect("test immediates are modified immediates");
        for (i, &(rd, rs)) in pairs().iter().enumerate() {
            let (op, name) = ops[i % ops.len()];
            for s in [false, true] {
                let sfx = if s { "s" } else { "" };
                c.w(
                    format!("{name}{sfx}.w {}, {}, #{imm:#x}", rn(rd), rn(rs)),
                    e::dp_imm(op, s, rd, rs, m),
                );
            }
        }
        for r in 0..13 {
            c.w(
                format!("mov.w {}, #{imm:#x}", rn(r)),
                e::dp_imm(DpOp::Orr, false, r, 15, m),
            );
            c.w(
                format!("mvn.w {}, #{imm:#x}", rn(r)),
                e::dp_imm(DpOp::Orn, false, r, 15, m),
            );
            c.w(
                format!("cmp.w {}, #{imm:#x}", rn(r)),
                e::dp_imm(DpOp::Sub, true, 15, r, m),
            );
            c.w(
                format!("cmn.w {}, #{imm:#x}", rn(r)),
                e::dp_imm(DpOp::Add, true, 15, r, m),
            );
        }
    }
    for (rd, rs, rm) in triples() {
        for (i, &(op, name)) in ops.iter().enumerate() {
            let s = i % 2 == 1;
            let sfx = if s { "s" } else { "" };
            c.w(
                format!("{name}{sfx}.w {}, {}, {}", rn(rd), rn(rs), rn(rm)),
                e::dp_reg(op, s, rd, rs, rm, ShiftTy::Lsl, 0),
            );
        }
        for (ty, name) in [
            (ShiftTy::Lsl, "lsl"),
            (ShiftTy::Lsr, "lsr"),
            (ShiftTy::Asr, "asr"),
            (ShiftTy::Ror, "ror"),
        ] {
            for amt in [1, 2, 4, 7, 16, 31] {
                c.w(
                    format!("{name}.w {}, {}, #{amt}", rn(rd), rn(rs)),
                    e::dp_reg(DpOp::Orr, false, rd, 15, rs, ty, amt),
                );
            }
            c.w(
                format!("{name}.w {}, {}, {}", rn(rd), rn(rs), rn(rm)),
                e::shift_reg(ty, rd, rs, rm),
            );
        }
        // Shifted second operands (`add r0, r1, r2, lsl #2`).
        for &(op, name) in &ops {
            for (ty, sh) in [
                (ShiftTy::Lsl, "lsl"),
                (ShiftTy::Lsr, "lsr"),
                (ShiftTy::Asr, "asr"),
            ] {
                for amt in [1, 2, 3, 16, 31] {
                    c.w(
                        format!("{name}.w {}, {}, {}, {sh} #{amt}", rn(rd), rn(rs), rn(rm)),
                        e::dp_reg(op, false, rd, rs, rm, ty, amt),
                    );
                }
            }
        }
        c.w(
            format!("mvn.w {}, {}", rn(rd), rn(rs)),
            e::dp_reg(DpOp::Orn, false, rd, 15, rs, ShiftTy::Lsl, 0),
        );
        c.w(
            format!("cmp.w {}, {}, asr #31", rn(rd), rn(rs)),
            e::dp_reg(DpOp::Sub, true, 15, rd, rs, ShiftTy::Asr, 31),
        );
    }
    // SP forms used by the frame code and stack addresses.
    for r in 0..13 {
        c.w(
            format!("add.w {}, sp, {}", rn(r), rn(12)),
            e::dp_reg(DpOp::Add, false, r, 13, 12, ShiftTy::Lsl, 0),
        );
    }
    c.w(
        "sub.w sp, sp, ip",
        e::dp_reg(DpOp::Sub, false, 13, 13, 12, ShiftTy::Lsl, 0),
    );
    c.w(
        "add.w sp, sp, ip",
        e::dp_reg(DpOp::Add, false, 13, 13, 12, ShiftTy::Lsl, 0),
    );
    check(c, "dp");
}

#[test]
fn wide_immediates() {
    let mut c = Cases::default();
    for (rd, rs) in pairs() {
        for imm in [0u32, 1, 0x7ff, 0x800, 0xfff, 0x123, 0xabc] {
            c.w(
                format!("addw {}, {}, #{imm}", rn(rd), rn(rs)),
                e::addsub_w(false, rd, rs, imm),
            );
            c.w(
                format!("subw {}, {}, #{imm}", rn(rd), rn(rs)),
                e::addsub_w(true, rd, rs, imm),
            );
        }
    }
    for r in 0..13 {
        for imm in [0u32, 8, 0xffc, 0x404] {
            c.w(
                format!("addw {}, sp, #{imm}", rn(r)),
                e::addsub_w(false, r, 13, imm),
            );
        }
        for imm in [0u32, 1, 0xffff, 0x8000, 0x1234, 0xabcd, 0x0fff, 0xf000] {
            c.w(
                format!("movw {}, #{imm:#x}", rn(r)),
                e::mov16(false, r, imm),
            );
            c.w(format!("movt {}, #{imm:#x}", rn(r)), e::mov16(true, r, imm));
        }
    }
    for imm in [512u32, 4092, 1000] {
        c.w(
            format!("subw sp, sp, #{imm}"),
            e::addsub_w(true, 13, 13, imm),
        );
        c.w(
            format!("addw sp, sp, #{imm}"),
            e::addsub_w(false, 13, 13, imm),
        );
    }
    c.w("movw r3, #:lower16:sym+8", e::mov16(false, 3, 8));
    c.w("movt r3, #:upper16:sym+8", e::mov16(true, 3, 8));
    c.w("movw r9, #:lower16:sym-4", e::mov16(false, 9, 0xfffc));
    c.w("movt r9, #:upper16:sym-4", e::mov16(true, 9, 0xfffc));
    check(c, "wide");
}

#[test]
fn multiply_divide_extend() {
    let mut c = Cases::default();
    for (rd, rs, rm) in triples() {
        let (r, s, m) = (rn(rd), rn(rs), rn(rm));
        c.w(format!("mul.w {r}, {s}, {m}"), e::mul(rd, rs, rm));
        let ra = (rd + 6) % 13;
        c.w(
            format!("mls {r}, {s}, {m}, {}", rn(ra)),
            e::mls(rd, rs, rm, ra),
        );
        if rd != rs {
            c.w(
                format!("smull {r}, {s}, {m}, {}", rn(ra)),
                e::long_mul(true, rd, rs, rm, ra),
            );
            c.w(
                format!("umull {r}, {s}, {m}, {}", rn(ra)),
                e::long_mul(false, rd, rs, rm, ra),
            );
        }
        c.w(format!("sdiv {r}, {s}, {m}"), e::div(true, rd, rs, rm));
        c.w(format!("udiv {r}, {s}, {m}"), e::div(false, rd, rs, rm));
        c.w(format!("clz {r}, {s}"), e::clz(rd, rs));
        for (k, name) in [
            (Ext::Sxth, "sxth"),
            (Ext::Uxth, "uxth"),
            (Ext::Sxtb, "sxtb"),
            (Ext::Uxtb, "uxtb"),
        ] {
            c.w(format!("{name}.w {r}, {s}"), e::extend(k, rd, rs));
        }
    }
    check(c, "mul");
}

#[test]
fn loads_and_stores() {
    let mut c = Cases::default();
    let kinds = [
        (LdSt::Str, "str"),
        (LdSt::Strb, "strb"),
        (LdSt::Strh, "strh"),
        (LdSt::Ldr, "ldr"),
        (LdSt::Ldrb, "ldrb"),
        (LdSt::Ldrh, "ldrh"),
        (LdSt::Ldrsb, "ldrsb"),
        (LdSt::Ldrsh, "ldrsh"),
    ];
    let mut bases: Vec<(u8, u8)> = pairs();
    bases.extend((0..13).map(|r| (r, 13)));
    for (rt, base) in bases {
        for (k, name) in kinds {
            for off in [0, 4, 1, 100, 4095, 2048, -1, -4, -255, -128] {
                let ins = e::ldst(k, rt, base, off).expect("offset in range");
                c.w(format!("{name}.w {}, [{}, #{off}]", rn(rt), rn(base)), ins);
            }
        }
    }
    // Register offsets (`ldrb r0, [r1, r2]`, `ldr r0, [r1, r2, lsl #2]`).
    for (rt, base, idx) in triples() {
        for (k, name) in kinds {
            for sh in 0..4u32 {
                let asm = if sh == 0 {
                    format!("{name}.w {}, [{}, {}]", rn(rt), rn(base), rn(idx))
                } else {
                    format!(
                        "{name}.w {}, [{}, {}, lsl #{sh}]",
                        rn(rt),
                        rn(base),
                        rn(idx)
                    )
                };
                c.w(asm, e::ldst_reg(k, rt, base, idx, sh));
            }
        }
    }
    assert!(e::ldst(LdSt::Ldr, 0, 1, 4096).is_none());
    assert!(e::ldst(LdSt::Ldr, 0, 1, -256).is_none());
    for rt in 0..8 {
        for off in [0u32, 4, 128, 1020] {
            c.h(
                format!("str {}, [sp, #{off}]", rn(rt)),
                e::ldst_sp16(false, rt, off),
            );
            c.h(
                format!("ldr {}, [sp, #{off}]", rn(rt)),
                e::ldst_sp16(true, rt, off),
            );
        }
    }
    for rt in 0..13 {
        c.w(
            format!("str.w {}, [sp, #-4]!", rn(rt)),
            e::str_predec_sp(rt),
        );
        c.w(format!("ldr.w {}, [sp], #4", rn(rt)), e::ldr_postinc_sp(rt));
    }
    check(c, "ldst");
}

fn reglist(list: u16) -> String {
    let names: Vec<String> = (0..16).filter(|b| list & (1 << b) != 0).map(rn).collect();
    format!("{{{}}}", names.join(", "))
}

#[test]
fn stack_and_control() {
    let mut c = Cases::default();
    for list in [
        0x4ff0u16,
        0x4010,
        0x0f00,
        0x4100,
        0x4ff0 & !0x4000,
        0x0300,
        0x4f00,
    ] {
        c.w(format!("push.w {}", reglist(list)), e::push_w(list));
    }
    for list in [0x8ff0u16, 0x8010, 0x0f00, 0x8100, 0x0ff0, 0x0300] {
        c.w(format!("pop.w {}", reglist(list)), e::pop_w(list));
    }
    for low in [0x10u8, 0xf0, 0x01, 0xff, 0x30] {
        for x in [false, true] {
            let l = u16::from(low) | if x { 1 << 14 } else { 0 };
            c.h(format!("push {}", reglist(l)), e::push16(low, x));
            let l = u16::from(low) | if x { 1 << 15 } else { 0 };
            c.h(format!("pop {}", reglist(l)), e::pop16(low, x));
        }
    }
    c.h("push {lr}", e::push16(0, true));
    c.h("pop {pc}", e::pop16(0, true));
    for imm in [4u32, 8, 16, 256, 508] {
        c.h(format!("sub sp, #{imm}"), e::sp_adjust16(true, imm));
        c.h(format!("add sp, #{imm}"), e::sp_adjust16(false, imm));
    }
    // Branches: offsets relative to the instruction address + 4.
    let conds = (0..14).map(Cond::from_bits);
    for cond in conds {
        for off in [
            0i32, 2, -4, 254, -256, 4096, -4096, 0xffffe, -0x100000, 0x12344,
        ] {
            c.w(
                format!("b{}.w . + {}", cond.name(), off + 4),
                e::b_cond_w(cond, off),
            );
        }
        for off in [0i32, 2, -4, 254, -256] {
            c.h(
                format!("b{}.n . + {}", cond.name(), off + 4),
                e::b_cond16(cond, off),
            );
        }
    }
    for off in [
        0i32, 2, -4, 4096, -4096, 0xfffffe, -0x1000000, 0x123456, -0x654320,
    ] {
        c.w(format!("b.w . + {}", off + 4), e::b_w(false, off));
    }
    for off in [0i32, 2, -4, 2046, -2048] {
        c.h(format!("b.n . + {}", off + 4), e::b16(off));
    }
    c.w("bl extern_fn", e::b_w(true, -4));
    for r in 0..15 {
        c.h(format!("bx {}", rn(r)), e::bx(r));
        if r != 13 {
            c.h(format!("blx {}", rn(r)), e::blx(r));
        }
    }
    for imm in [0u8, 1, 2, 255] {
        c.h(format!("udf #{imm}"), e::udf(imm));
    }
    check(c, "ctl");
}

#[test]
fn sixteen_bit_moves_compares_and_it() {
    let mut c = Cases::default();
    for rd in 0..14u8 {
        for rm in 0..14u8 {
            if rd == 13 && rm == 13 {
                continue;
            }
            c.h(format!("mov {}, {}", rn(rd), rn(rm)), e::mov_reg16(rd, rm));
            if rd < 13 && rm < 13 && !(rd < 8 && rm < 8) && rd != rm {
                c.h(format!("cmp {}, {}", rn(rd), rn(rm)), e::cmp_reg16(rd, rm));
            }
            if rd < 8 && rm < 8 {
                c.h(format!("cmp {}, {}", rn(rd), rn(rm)), e::cmp_reg16(rd, rm));
            }
        }
    }
    for rd in 0..8u8 {
        for imm in [0u32, 1, 127, 255] {
            c.h(format!("movs {}, #{imm}", rn(rd)), e::mov_imm16(rd, imm));
            c.h(format!("cmp {}, #{imm}", rn(rd)), e::cmp_imm16(rd, imm));
        }
    }
    for cond in (0..14).map(Cond::from_bits) {
        let n = cond.name();
        let inv = cond.invert().name();
        // The SetCc / overflow-flag sequence.
        for rd in [0u8, 5, 7] {
            c.seq(
                format!("ite {n}\nmov{n} {r}, #1\nmov{inv} {r}, #0", r = rn(rd)),
                &[
                    e::it(cond, &[false]),
                    e::mov_imm16(rd, 1),
                    e::mov_imm16(rd, 0),
                ],
            );
        }
        for rd in [8u8, 11] {
            let m1 = e::dp_imm(DpOp::Orr, false, rd, 15, 1);
            let m0 = e::dp_imm(DpOp::Orr, false, rd, 15, 0);
            c.seq(
                format!("ite {n}\nmov{n}.w {r}, #1\nmov{inv}.w {r}, #0", r = rn(rd)),
                &[
                    e::it(cond, &[false]),
                    (m1 >> 16) as u16,
                    m1 as u16,
                    (m0 >> 16) as u16,
                    m0 as u16,
                ],
            );
        }
        // The select sequence.
        for (rd, rm) in [(0u8, 1u8), (9, 3), (2, 11)] {
            c.seq(
                format!("it {n}\nmov{n} {}, {}", rn(rd), rn(rm)),
                &[e::it(cond, &[]), e::mov_reg16(rd, rm)],
            );
        }
    }
    check(c, "it");
}

#[test]
fn single_precision_vfp() {
    let mut c = Cases::default();
    for s in 0..32u8 {
        let t = s % 13;
        c.w(format!("vmov s{s}, {}", rn(t)), e::vmov_to_s(s, t));
        c.w(format!("vmov {}, s{s}", rn(t)), e::vmov_from_s(t, s));
        let (n, m) = ((s + 7) % 32, (s + 19) % 32);
        for (op, name) in [
            (VArith::Add, "vadd"),
            (VArith::Sub, "vsub"),
            (VArith::Mul, "vmul"),
            (VArith::Div, "vdiv"),
        ] {
            c.w(
                format!("{name}.f32 s{s}, s{n}, s{m}"),
                e::varith(op, s, n, m),
            );
        }
        for (op, name) in [
            (VUnary::Neg, "vneg.f32"),
            (VUnary::Sqrt, "vsqrt.f32"),
            (VUnary::Cmp, "vcmp.f32"),
            (VUnary::FromSint, "vcvt.f32.s32"),
            (VUnary::ToSint, "vcvt.s32.f32"),
        ] {
            c.w(format!("{name} s{s}, s{m}"), e::vunary(op, s, m));
        }
    }
    c.w("vmrs APSR_nzcv, fpscr", e::vmrs_flags());
    check(c, "vfp");
}

#[test]
fn modified_immediates_roundtrip() {
    // Every value modimm accepts must decode back to itself; a sample it rejects must not
    // be representable (checked by exhaustive decoding of all 4096 encodings).
    let decode = |imm12: u32| -> u32 {
        let top = imm12 >> 8;
        let b = imm12 & 0xff;
        match top {
            0 => b,
            1 => b | (b << 16),
            2 => (b << 8) | (b << 24),
            3 => b * 0x0101_0101,
            _ => (0x80 | (imm12 & 0x7f)).rotate_right(imm12 >> 7),
        }
    };
    let mut all = std::collections::HashSet::new();
    for imm12 in 0..4096 {
        if (1..=3).contains(&(imm12 >> 8)) && imm12 & 0xff == 0 {
            continue; // UNPREDICTABLE encodings
        }
        all.insert(decode(imm12));
    }
    for &v in &all {
        let m = e::modimm(v).expect("representable value rejected");
        assert_eq!(decode(m), v, "modimm({v:#x}) = {m:#x}");
    }
    for v in [
        0x101u32,
        0x1234_5678,
        0xffff_fffe,
        0x0001_0001 * 0x101,
        0x1ff,
    ] {
        assert_eq!(e::modimm(v).is_some(), all.contains(&v), "{v:#x}");
    }
}
