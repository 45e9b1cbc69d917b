//! CLIF → object → linked image → QEMU (`mps2-an386`, Cortex-M4).
//!
//! Each test builds CLIF functions with cranelift-frontend, runs Cranelift's ISA-free
//! e-graph pass on them (as production does), compiles them with [`emit_object`], links
//! them with a tiny start-up and runs the image. A generated `test_main` calls the
//! functions under test and prints every result with `put_hex`; the test compares the
//! output line by line with results computed in Rust.

use std::collections::HashMap;

use cranelift_codegen::ir::{
    self,
    condcodes::{FloatCC, IntCC},
    types, AbiParam, ExtFuncData, ExternalName, GlobalValueData, InstBuilder, MemFlagsData,
    Signature, StackSlotData, StackSlotKind, UserExternalName, Value,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_control::ControlPlane;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use target_lexicon::PointerWidth;

use super::super::emit_object;
use super::tools;
use crate::backend::{DataDef, DataKind, FuncDef, Program};

const I32: ir::Type = types::I32;

/// Builds a [`Program`] and the expected output of its `test_main`.
struct TestProgram {
    program: Program,
    func_idx: HashMap<String, u32>,
    data_idx: HashMap<String, u32>,
    /// (function, args, expected result) printed in order by `test_main`.
    cases: Vec<(String, Vec<u32>, u32)>,
}

/// Symbol tables handed to function bodies for calls and data addresses.
struct Syms<'a> {
    func_idx: &'a mut HashMap<String, u32>,
    func_symbols: &'a mut Vec<String>,
    data_idx: &'a mut HashMap<String, u32>,
    data_symbols: &'a mut Vec<String>,
}

fn intern(map: &mut HashMap<String, u32>, list: &mut Vec<String>, name: &str) -> u32 {
    *map.entry(name.to_string()).or_insert_with(|| {
        list.push(name.to_string());
        list.len() as u32 - 1
    })
}

impl Syms<'_> {
    /// Imports function `name` taking `nargs` words and returning `ret` words.
    fn func(
        &mut self,
        b: &mut FunctionBuilder,
        name: &str,
        nargs: usize,
        ret: bool,
    ) -> ir::FuncRef {
        let idx = intern(self.func_idx, self.func_symbols, name);
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params = vec![AbiParam::new(I32); nargs];
        if ret {
            sig.returns = vec![AbiParam::new(I32)];
        }
        let signature = b.import_signature(sig);
        let nameref = b
            .func
            .declare_imported_user_function(UserExternalName::new(0, idx));
        b.import_function(ExtFuncData {
            name: ExternalName::user(nameref),
            signature,
            colocated: false,
            patchable: false,
        })
    }

    /// `symbol_value` of data symbol `name` plus `offset`.
    fn data_addr(&mut self, b: &mut FunctionBuilder, name: &str, offset: i64) -> Value {
        let idx = intern(self.data_idx, self.data_symbols, name);
        let nameref = b
            .func
            .declare_imported_user_function(UserExternalName::new(1, idx));
        let gv = b.create_global_value(GlobalValueData::Symbol {
            name: ExternalName::user(nameref),
            offset: offset.into(),
            colocated: false,
            tls: false,
        });
        b.ins().symbol_value(I32, gv)
    }
}

fn optimise(func: ir::Function) -> ir::Function {
    let mut builder = settings::builder();
    builder.set("opt_level", "speed").expect("flag");
    let flags = settings::Flags::new(builder);
    let mut ctx = Context::for_function(func);
    ctx.verify(&flags)
        .unwrap_or_else(|e| panic!("CLIF verifier: {e}\n{}", ctx.func.display()));
    ctx.compute_cfg();
    ctx.compute_domtree();
    ctx.eliminate_unreachable_code(&flags).expect("dce");
    ctx.compute_cfg();
    ctx.compute_domtree();
    ctx.egraph_pass(&flags, &mut ControlPlane::default())
        .expect("egraph");
    ctx.func.dfg.resolve_all_aliases();
    ctx.func
}

impl Default for TestProgram {
    fn default() -> Self {
        TestProgram {
            program: Program {
                pool: Vec::new(),
                functions: Vec::new(),
                data: Vec::new(),
                func_symbols: Vec::new(),
                data_symbols: Vec::new(),
            },
            func_idx: HashMap::new(),
            data_idx: HashMap::new(),
            cases: Vec::new(),
        }
    }
}

impl TestProgram {
    /// Defines function `name(nparams words) -> word?` with a body built by `body`.
    fn define(
        &mut self,
        name: &str,
        nparams: usize,
        ret: bool,
        body: impl FnOnce(&mut FunctionBuilder, &[Value], &mut Syms) -> Option<Value>,
    ) {
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params = vec![AbiParam::new(I32); nparams];
        if ret {
            sig.returns = vec![AbiParam::new(I32)];
        }
        let mut func = ir::Function::with_name_signature(ir::UserFuncName::default(), sig);
        let mut fctx = FunctionBuilderContext::new();
        {
            let mut b = FunctionBuilder::new(&mut func, &mut fctx);
            let entry = b.create_block();
            b.append_block_params_for_function_params(entry);
            b.switch_to_block(entry);
            let params = b.block_params(entry).to_vec();
            let mut syms = Syms {
                func_idx: &mut self.func_idx,
                func_symbols: &mut self.program.func_symbols,
                data_idx: &mut self.data_idx,
                data_symbols: &mut self.program.data_symbols,
            };
            let r = body(&mut b, &params, &mut syms);
            match r {
                Some(v) => b.ins().return_(&[v]),
                None => b.ins().return_(&[]),
            };
            b.seal_all_blocks();
            b.finalize(TargetFrontendConfig {
                default_call_conv: CallConv::SystemV,
                pointer_width: PointerWidth::U32,
                page_size_align_log2: 12,
            });
        }
        let clif = optimise(func);
        self.program.functions.push(FuncDef {
            name: name.to_string(),
            exported: false,
            clif,
            nonzero: Vec::new(),
        });
    }

    /// A case: `test_main` prints `name(args)`, which must equal `expected`.
    fn case(&mut self, name: &str, args: &[u32], expected: u32) {
        self.cases.push((name.to_string(), args.to_vec(), expected));
    }

    fn data(&mut self, name: &str, kind: DataKind, bytes: Vec<u8>) {
        self.program.data.push(DataDef {
            name: name.to_string(),
            exported: false,
            kind,
            align: 4,
            bytes,
            relocs: Vec::new(),
        });
    }

    /// Adds `test_main`, compiles, links, runs; asserts the output and exit status.
    fn run(self, expected_status: i32) {
        let (cases, res) = self.execute();
        let lines: Vec<&str> = res.stdout.lines().collect();
        for (i, (name, args, exp)) in cases.iter().enumerate() {
            let got = lines.get(i).copied().unwrap_or("<missing>");
            assert_eq!(
                got,
                format!("{exp:08x}"),
                "case {i}: {name}({args:x?}) printed {got}, expected {exp:08x}\n(status {})",
                res.status
            );
        }
        assert_eq!(
            res.status, expected_status,
            "exit status (99 = fault); output:\n{}",
            res.stdout
        );
    }

    /// Adds `test_main`, compiles, checks the disassembly, links and runs.
    #[allow(clippy::type_complexity)]
    fn execute(mut self) -> (Vec<(String, Vec<u32>, u32)>, tools::RunResult) {
        let cases = std::mem::take(&mut self.cases);
        let nparams: HashMap<String, usize> = self
            .program
            .functions
            .iter()
            .map(|f| (f.name.clone(), f.clif.signature.params.len()))
            .collect();
        self.define("test_main", 0, true, |b, _, syms| {
            let put = syms.func(b, "put_hex", 1, false);
            for (name, args, _) in &cases {
                let f = syms.func(b, name, nparams[name], true);
                let vals: Vec<Value> = args
                    .iter()
                    .map(|&a| b.ins().iconst(I32, a as i64))
                    .collect();
                let call = b.ins().call(f, &vals);
                let r = b.inst_results(call)[0];
                b.ins().call(put, &[r]);
            }
            Some(b.ins().iconst(I32, 0))
        });
        if let Some(f) = self.program.functions.last_mut() {
            f.exported = true;
        }
        let obj = emit_object(&self.program).unwrap_or_else(|e| panic!("{e}"));
        let tmp = tempfile::tempdir().expect("tempdir");
        // UPYC_KEEP_TEST_DIR=1 keeps the object, image and disassembly for inspection.
        let (_guard, dir) = if std::env::var_os("UPYC_KEEP_TEST_DIR").is_some() {
            let p = tmp.keep();
            eprintln!("test files kept in {}", p.display());
            (None, p)
        } else {
            let p = tmp.path().to_path_buf();
            (Some(tmp), p)
        };
        // The object must disassemble cleanly.
        let objpath = dir.join("check.o");
        std::fs::write(&objpath, &obj).expect("write");
        let dis = tools::objdump(&objpath);
        for line in dis.lines() {
            let l = line.to_lowercase();
            assert!(
                !l.contains("undefined instruction")
                    && !l.contains("unknown")
                    && !l.contains("<illegal"),
                "bad disassembly line: {line}\n{dis}"
            );
        }
        let res = tools::link_and_run(&obj, &dir);
        (cases, res)
    }
}

const VALUES: &[u32] = &[
    0,
    1,
    2,
    7,
    31,
    32,
    33,
    0x7fff_ffff,
    0x8000_0000,
    0xffff_ffff,
    0xffff_fffe,
    12_345_678,
    0x55aa_55aa,
    0xfffe_d8f1,
    0x0001_0000,
];

fn pairs() -> Vec<(u32, u32)> {
    let mut out = Vec::new();
    for (i, &a) in VALUES.iter().enumerate() {
        for (j, &b) in VALUES.iter().enumerate() {
            if (i * 7 + j * 3) % 4 == 0 || i == j || j == 1 {
                out.push((a, b));
            }
        }
    }
    out
}

type BinRef = fn(u32, u32) -> Option<u32>;

fn binops() -> Vec<(&'static str, ir::Opcode, BinRef)> {
    use ir::Opcode as O;
    vec![
        ("iadd", O::Iadd, |a, b| Some(a.wrapping_add(b))),
        ("isub", O::Isub, |a, b| Some(a.wrapping_sub(b))),
        ("imul", O::Imul, |a, b| Some(a.wrapping_mul(b))),
        ("band", O::Band, |a, b| Some(a & b)),
        ("bor", O::Bor, |a, b| Some(a | b)),
        ("bxor", O::Bxor, |a, b| Some(a ^ b)),
        ("ishl", O::Ishl, |a, b| Some(a << (b & 31))),
        ("ushr", O::Ushr, |a, b| Some(a >> (b & 31))),
        ("sshr", O::Sshr, |a, b| {
            Some(((a as i32) >> (b & 31)) as u32)
        }),
        ("rotl", O::Rotl, |a, b| Some(a.rotate_left(b & 31))),
        ("rotr", O::Rotr, |a, b| Some(a.rotate_right(b & 31))),
        (
            "smin",
            O::Smin,
            |a, b| Some((a as i32).min(b as i32) as u32),
        ),
        (
            "smax",
            O::Smax,
            |a, b| Some((a as i32).max(b as i32) as u32),
        ),
        ("umin", O::Umin, |a, b| Some(a.min(b))),
        ("umax", O::Umax, |a, b| Some(a.max(b))),
        ("udiv", O::Udiv, |a, b| a.checked_div(b)),
        ("urem", O::Urem, |a, b| a.checked_rem(b)),
        ("sdiv", O::Sdiv, |a, b| {
            (a as i32).checked_div(b as i32).map(|x| x as u32)
        }),
        ("srem", O::Srem, |a, b| {
            if b == 0 {
                None
            } else {
                Some((a as i32).wrapping_rem(b as i32) as u32)
            }
        }),
        ("umulhi", O::Umulhi, |a, b| {
            Some(((u64::from(a) * u64::from(b)) >> 32) as u32)
        }),
        ("smulhi", O::Smulhi, |a, b| {
            Some(((i64::from(a as i32) * i64::from(b as i32)) >> 32) as u32)
        }),
    ]
}

fn build_binop(b: &mut FunctionBuilder, op: ir::Opcode, x: Value, y: Value) -> Value {
    let (inst, dfg) = b.ins().Binary(op, I32, x, y);
    dfg.first_result(inst)
}

#[test]
fn binary_operations_registers_and_constants() {
    let mut t = TestProgram::default();
    for (name, op, f) in binops() {
        t.define(name, 2, true, |b, p, _| {
            Some(build_binop(b, op, p[0], p[1]))
        });
        for (a, x) in pairs() {
            if let Some(r) = f(a, x) {
                t.case(name, &[a, x], r);
            }
        }
        // Constant right operands (immediate forms) and constant left operands.
        for (k, &c) in [
            1u32,
            0xff,
            0x101,
            0xfff,
            0x1000,
            0xffff_ff00,
            0x1234_5678,
            3,
            31,
            0x8000_0000,
        ]
        .iter()
        .enumerate()
        {
            let rname = format!("{name}_rk{k}");
            t.define(&rname, 1, true, |b, p, _| {
                let kc = b.ins().iconst(I32, c as i64);
                Some(build_binop(b, op, p[0], kc))
            });
            let lname = format!("{name}_lk{k}");
            t.define(&lname, 1, true, |b, p, _| {
                let kc = b.ins().iconst(I32, c as i64);
                Some(build_binop(b, op, kc, p[0]))
            });
            for &a in &VALUES[..8] {
                if let Some(r) = f(a, c) {
                    t.case(&rname, &[a], r);
                }
                if let Some(r) = f(c, a) {
                    t.case(&lname, &[a], r);
                }
            }
        }
    }
    t.run(0);
}

#[test]
fn comparisons_selects_unary_and_narrow_types() {
    let mut t = TestProgram::default();
    let ccs = [
        (IntCC::Equal, "eq"),
        (IntCC::NotEqual, "ne"),
        (IntCC::SignedLessThan, "slt"),
        (IntCC::SignedGreaterThanOrEqual, "sge"),
        (IntCC::SignedGreaterThan, "sgt"),
        (IntCC::SignedLessThanOrEqual, "sle"),
        (IntCC::UnsignedLessThan, "ult"),
        (IntCC::UnsignedGreaterThanOrEqual, "uge"),
        (IntCC::UnsignedGreaterThan, "ugt"),
        (IntCC::UnsignedLessThanOrEqual, "ule"),
    ];
    let eval = |cc: IntCC, a: u32, b: u32| -> bool {
        let (sa, sb) = (a as i32, b as i32);
        match cc {
            IntCC::Equal => a == b,
            IntCC::NotEqual => a != b,
            IntCC::SignedLessThan => sa < sb,
            IntCC::SignedGreaterThanOrEqual => sa >= sb,
            IntCC::SignedGreaterThan => sa > sb,
            IntCC::SignedLessThanOrEqual => sa <= sb,
            IntCC::UnsignedLessThan => a < b,
            IntCC::UnsignedGreaterThanOrEqual => a >= b,
            IntCC::UnsignedGreaterThan => a > b,
            IntCC::UnsignedLessThanOrEqual => a <= b,
        }
    };
    for (cc, n) in ccs {
        // icmp materialised as a value.
        let name = format!("icmp_{n}");
        t.define(&name, 2, true, |b, p, _| {
            let c = b.ins().icmp(cc, p[0], p[1]);
            Some(b.ins().uextend(I32, c))
        });
        // icmp fused into select, and into brif.
        let sname = format!("select_{n}");
        t.define(&sname, 2, true, |b, p, _| {
            let c = b.ins().icmp(cc, p[0], p[1]);
            let x = b.ins().iconst(I32, 0x1111);
            Some(b.ins().select(c, x, p[1]))
        });
        let bname = format!("brif_{n}");
        t.define(&bname, 2, true, |b, p, _| {
            let c = b.ins().icmp(cc, p[0], p[1]);
            let yes = b.create_block();
            let no = b.create_block();
            b.ins().brif(c, yes, &[], no, &[]);
            b.switch_to_block(yes);
            let r = b.ins().iconst(I32, 0xaaaa);
            b.ins().return_(&[r]);
            b.switch_to_block(no);
            Some(b.ins().iconst(I32, 0xbbbb))
        });
        // Against a constant (immediate compare), both sides.
        let kname = format!("icmpk_{n}");
        t.define(&kname, 1, true, |b, p, _| {
            let k = b.ins().iconst(I32, 1000);
            let c = b.ins().icmp(cc, p[0], k);
            let k2 = b.ins().iconst(I32, -3i64 as u32 as i64);
            let c2 = b.ins().icmp(cc, k2, p[0]);
            let c = b.ins().uextend(I32, c);
            let c2 = b.ins().uextend(I32, c2);
            let c2 = b.ins().ishl_imm_s(c2, 1);
            Some(b.ins().bor(c, c2))
        });
        // i8 compare on reduced values (upper bits are garbage).
        let nname = format!("icmp8_{n}");
        t.define(&nname, 2, true, |b, p, _| {
            let x = b.ins().ireduce(types::I8, p[0]);
            let y = b.ins().ireduce(types::I8, p[1]);
            let c = b.ins().icmp(cc, x, y);
            Some(b.ins().uextend(I32, c))
        });
        for (a, x) in pairs() {
            t.case(&name, &[a, x], eval(cc, a, x) as u32);
            t.case(&sname, &[a, x], if eval(cc, a, x) { 0x1111 } else { x });
            t.case(
                &bname,
                &[a, x],
                if eval(cc, a, x) { 0xaaaa } else { 0xbbbb },
            );
            let (a8, x8) = (a & 0xff, x & 0xff);
            let r8 = if matches!(
                cc,
                IntCC::SignedLessThan
                    | IntCC::SignedGreaterThan
                    | IntCC::SignedLessThanOrEqual
                    | IntCC::SignedGreaterThanOrEqual
            ) {
                eval(cc, a8 as u8 as i8 as u32, x8 as u8 as i8 as u32)
            } else {
                eval(cc, a8, x8)
            };
            t.case(&nname, &[a, x], r8 as u32);
        }
        for &a in VALUES.iter().chain(&[1000, 999, 1001, 0xffff_fffd]) {
            let r = eval(cc, a, 1000) as u32 | ((eval(cc, 0xffff_fffd, a) as u32) << 1);
            t.case(&kname, &[a], r);
        }
    }
    // select on a plain (non-icmp) condition value.
    t.define("select_plain", 3, true, |b, p, _| {
        Some(b.ins().select(p[0], p[1], p[2]))
    });
    for &c in &[0u32, 1, 0x100, 0xffff_ffff] {
        t.case("select_plain", &[c, 5, 6], if c != 0 { 5 } else { 6 });
    }
    // Unary operations.
    type Un = fn(u32) -> u32;
    let unops: Vec<(&str, Un)> = vec![
        ("ineg", |a| a.wrapping_neg()),
        ("bnot", |a| !a),
        ("clz", |a| a.leading_zeros()),
        ("sext8", |a| a as u8 as i8 as i32 as u32),
        ("uext8", |a| a & 0xff),
        ("sext16", |a| a as u16 as i16 as i32 as u32),
        ("uext16", |a| a & 0xffff),
        ("ushr8_3", |a| (a & 0xff) >> 3),
        ("sshr16_5", |a| ((a as u16 as i16) >> 5) as i32 as u32),
        ("add8_sext", |a| {
            (a as u8).wrapping_add(0x70) as i8 as i32 as u32
        }),
        ("udiv16", |a| (a & 0xffff) / 7),
        ("sdiv8", |a| ((a as u8 as i8) / 3) as i32 as u32),
        ("umax8", |a| (a & 0xff).max(0x80)),
    ];
    for (name, f) in &unops {
        let name = *name;
        t.define(name, 1, true, |b, p, _| {
            let x = p[0];
            Some(match name {
                "ineg" => b.ins().ineg(x),
                "bnot" => b.ins().bnot(x),
                "clz" => b.ins().clz(x),
                "sext8" | "uext8" => {
                    let n = b.ins().ireduce(types::I8, x);
                    if name == "sext8" {
                        b.ins().sextend(I32, n)
                    } else {
                        b.ins().uextend(I32, n)
                    }
                }
                "sext16" | "uext16" => {
                    let n = b.ins().ireduce(types::I16, x);
                    if name == "sext16" {
                        b.ins().sextend(I32, n)
                    } else {
                        b.ins().uextend(I32, n)
                    }
                }
                "ushr8_3" => {
                    let n = b.ins().ireduce(types::I8, x);
                    let s = b.ins().ushr_imm_u(n, 3);
                    b.ins().uextend(I32, s)
                }
                "sshr16_5" => {
                    let n = b.ins().ireduce(types::I16, x);
                    let s = b.ins().sshr_imm_u(n, 5);
                    b.ins().sextend(I32, s)
                }
                "add8_sext" => {
                    let n = b.ins().ireduce(types::I8, x);
                    let s = b.ins().iadd_imm_s(n, 0x70);
                    b.ins().sextend(I32, s)
                }
                "udiv16" => {
                    let n = b.ins().ireduce(types::I16, x);
                    let seven = b.ins().iconst(types::I16, 7);
                    let s = b.ins().udiv(n, seven);
                    b.ins().uextend(I32, s)
                }
                "sdiv8" => {
                    let n = b.ins().ireduce(types::I8, x);
                    let three = b.ins().iconst(types::I8, 3);
                    let s = b.ins().sdiv(n, three);
                    b.ins().sextend(I32, s)
                }
                _ => {
                    let n = b.ins().ireduce(types::I8, x);
                    let k = b.ins().iconst(types::I8, 0x80);
                    let s = b.ins().umax(n, k);
                    b.ins().uextend(I32, s)
                }
            })
        });
        for &a in VALUES.iter().chain(&[0x80, 0x7f, 0x1ff, 0x8000, 0x17fff]) {
            t.case(name, &[a], f(a));
        }
    }
    t.run(0);
}

/// Floats the f32 tests feed in (no NaN: arithmetic on NaN gives target-specific
/// payloads), and the extra compare inputs that include NaN.
const FLOATS: &[f32] = &[
    0.0,
    -0.0,
    1.0,
    -1.0,
    1.5,
    0.1,
    -2.75,
    3.0,
    1e30,
    -1e30,
    1e-30,
    12345.678,
    f32::INFINITY,
    f32::NEG_INFINITY,
    2147483500.0,
    -2147483648.0,
    3e9,
    -3e9,
];

#[test]
fn single_precision_floats() {
    let mut t = TestProgram::default();
    let f32_of =
        |b: &mut FunctionBuilder, v: Value| b.ins().bitcast(types::F32, MemFlagsData::new(), v);
    let bits_of = |b: &mut FunctionBuilder, v: Value| b.ins().bitcast(I32, MemFlagsData::new(), v);
    type FBin = fn(f32, f32) -> f32;
    let binops: [(&str, ir::Opcode, FBin); 4] = [
        ("fadd", ir::Opcode::Fadd, |a, b| a + b),
        ("fsub", ir::Opcode::Fsub, |a, b| a - b),
        ("fmul", ir::Opcode::Fmul, |a, b| a * b),
        ("fdiv", ir::Opcode::Fdiv, |a, b| a / b),
    ];
    for (name, op, f) in binops {
        t.define(name, 2, true, |b, p, _| {
            let (x, y) = (f32_of(b, p[0]), f32_of(b, p[1]));
            let (inst, dfg) = b.ins().Binary(op, types::F32, x, y);
            let r = dfg.first_result(inst);
            Some(bits_of(b, r))
        });
        // A constant operand (an `f32const`).
        let kname = format!("{name}_k");
        t.define(&kname, 1, true, |b, p, _| {
            let x = f32_of(b, p[0]);
            let k = b.ins().f32const(0.618);
            let (inst, dfg) = b.ins().Binary(op, types::F32, x, k);
            let r = dfg.first_result(inst);
            Some(bits_of(b, r))
        });
        for &a in FLOATS {
            for &x in FLOATS {
                let r = f(a, x);
                if !r.is_nan() {
                    t.case(name, &[a.to_bits(), x.to_bits()], r.to_bits());
                }
            }
            let r = f(a, 0.618);
            if !r.is_nan() {
                t.case(&kname, &[a.to_bits()], r.to_bits());
            }
        }
    }
    type FUn = fn(f32) -> Option<u32>;
    let unops: [(&str, FUn); 4] = [
        ("fneg", |a| Some((-a).to_bits())),
        ("sqrt", |a| (a >= 0.0).then(|| a.sqrt().to_bits())),
        ("to_sint_sat", |a| Some(a as i32 as u32)),
        ("from_sint", |a| Some((a.to_bits() as i32 as f32).to_bits())),
    ];
    for (name, f) in unops {
        t.define(name, 1, true, |b, p, _| {
            Some(match name {
                "fneg" | "sqrt" => {
                    let x = f32_of(b, p[0]);
                    let r = if name == "fneg" {
                        b.ins().fneg(x)
                    } else {
                        b.ins().sqrt(x)
                    };
                    bits_of(b, r)
                }
                "to_sint_sat" => {
                    let x = f32_of(b, p[0]);
                    b.ins().fcvt_to_sint_sat(I32, x)
                }
                _ => {
                    let r = b.ins().fcvt_from_sint(types::F32, p[0]);
                    bits_of(b, r)
                }
            })
        });
        for &a in FLOATS.iter().chain(&[f32::NAN]) {
            if let Some(r) = f(a) {
                t.case(name, &[a.to_bits()], r);
            }
        }
    }
    // Compares: materialised, fused into brif and into select; NaN is unordered.
    type FCmp = fn(f32, f32) -> bool;
    let ccs: [(FloatCC, &str, FCmp); 6] = [
        (FloatCC::Equal, "eq", |a, b| a == b),
        (FloatCC::NotEqual, "ne", |a, b| a != b),
        (FloatCC::LessThan, "lt", |a, b| a < b),
        (FloatCC::LessThanOrEqual, "le", |a, b| a <= b),
        (FloatCC::GreaterThan, "gt", |a, b| a > b),
        (FloatCC::GreaterThanOrEqual, "ge", |a, b| a >= b),
    ];
    for (cc, n, f) in ccs {
        let name = format!("fcmp_{n}");
        t.define(&name, 2, true, |b, p, _| {
            let (x, y) = (f32_of(b, p[0]), f32_of(b, p[1]));
            let c = b.ins().fcmp(cc, x, y);
            Some(b.ins().uextend(I32, c))
        });
        let bname = format!("fbrif_{n}");
        t.define(&bname, 2, true, |b, p, _| {
            let (x, y) = (f32_of(b, p[0]), f32_of(b, p[1]));
            let c = b.ins().fcmp(cc, x, y);
            let yes = b.create_block();
            let no = b.create_block();
            b.ins().brif(c, yes, &[], no, &[]);
            b.switch_to_block(yes);
            let r = b.ins().iconst(I32, 0xaaaa);
            b.ins().return_(&[r]);
            b.switch_to_block(no);
            Some(b.ins().iconst(I32, 0xbbbb))
        });
        let sname = format!("fselect_{n}");
        t.define(&sname, 2, true, |b, p, _| {
            let (x, y) = (f32_of(b, p[0]), f32_of(b, p[1]));
            let c = b.ins().fcmp(cc, x, y);
            let r = b.ins().select(c, x, y);
            Some(bits_of(b, r))
        });
        let inputs: Vec<f32> = FLOATS.iter().copied().chain([f32::NAN]).collect();
        for (i, &a) in inputs.iter().enumerate() {
            for &x in [inputs[(i + 1) % inputs.len()], a, f32::NAN, 1.5, -0.0].iter() {
                let args = [a.to_bits(), x.to_bits()];
                t.case(&name, &args, f(a, x) as u32);
                t.case(&bname, &args, if f(a, x) { 0xaaaa } else { 0xbbbb });
                t.case(&sname, &args, if f(a, x) { a } else { x }.to_bits());
            }
        }
    }
    t.run(0);
}

#[test]
fn overflow_arithmetic_and_branches() {
    let mut t = TestProgram::default();
    type Ov = fn(u32, u32) -> (u32, bool);
    let ops: Vec<(&str, Ov)> = vec![
        ("sadd", |a, b| {
            let (r, o) = (a as i32).overflowing_add(b as i32);
            (r as u32, o)
        }),
        ("ssub", |a, b| {
            let (r, o) = (a as i32).overflowing_sub(b as i32);
            (r as u32, o)
        }),
        ("smul", |a, b| {
            let (r, o) = (a as i32).overflowing_mul(b as i32);
            (r as u32, o)
        }),
        ("uadd", |a, b| a.overflowing_add(b)),
        ("usub", |a, b| a.overflowing_sub(b)),
        ("umul", |a, b| a.overflowing_mul(b)),
    ];
    for (name, f) in &ops {
        let name = *name;
        let build = |b: &mut FunctionBuilder, x: Value, y: Value| -> (Value, Value) {
            match name {
                "sadd" => b.ins().sadd_overflow(x, y),
                "ssub" => b.ins().ssub_overflow(x, y),
                "smul" => b.ins().smul_overflow(x, y),
                "uadd" => b.ins().uadd_overflow(x, y),
                "usub" => b.ins().usub_overflow(x, y),
                _ => b.ins().umul_overflow(x, y),
            }
        };
        let vname = format!("{name}_val");
        t.define(&vname, 2, true, |b, p, _| Some(build(b, p[0], p[1]).0));
        let fname = format!("{name}_flag");
        t.define(&fname, 2, true, |b, p, _| {
            let fl = build(b, p[0], p[1]).1;
            Some(b.ins().uextend(I32, fl))
        });
        // The small-int fast path shape: branch on the flag.
        let bname = format!("{name}_br");
        t.define(&bname, 2, true, |b, p, _| {
            let (v, fl) = build(b, p[0], p[1]);
            let slow = b.create_block();
            let fast = b.create_block();
            b.ins().brif(fl, slow, &[], fast, &[]);
            b.switch_to_block(slow);
            let d = b.ins().iconst(I32, 0xdead);
            b.ins().return_(&[d]);
            b.switch_to_block(fast);
            Some(v)
        });
        let kname = format!("{name}_k");
        t.define(&kname, 1, true, |b, p, _| {
            let k = b.ins().iconst(I32, 0x7fff_0000);
            Some(build(b, p[0], k).0)
        });
        for (a, x) in pairs() {
            let (r, o) = f(a, x);
            t.case(&vname, &[a, x], r);
            t.case(&fname, &[a, x], o as u32);
            t.case(&bname, &[a, x], if o { 0xdead } else { r });
        }
        for &a in VALUES {
            t.case(&kname, &[a], f(a, 0x7fff_0000).0);
        }
    }
    t.run(0);
}

#[test]
fn loops_calls_and_register_pressure() {
    let mut t = TestProgram::default();
    // sum(n) = 0 + 1 + ... + (n-1), a loop with two block parameters.
    t.define("sum", 1, true, |b, p, _| {
        let head = b.create_block();
        let body = b.create_block();
        let exit = b.create_block();
        b.append_block_param(head, I32);
        b.append_block_param(head, I32);
        b.append_block_param(exit, I32);
        let zero = b.ins().iconst(I32, 0);
        b.ins().jump(head, &[zero.into(), zero.into()]);
        b.switch_to_block(head);
        let i = b.block_params(head)[0];
        let acc = b.block_params(head)[1];
        let c = b.ins().icmp(IntCC::UnsignedLessThan, i, p[0]);
        b.ins().brif(c, body, &[], exit, &[acc.into()]);
        b.switch_to_block(body);
        let acc2 = b.ins().iadd(acc, i);
        let i2 = b.ins().iadd_imm_s(i, 1);
        b.ins().jump(head, &[i2.into(), acc2.into()]);
        b.switch_to_block(exit);
        Some(b.block_params(exit)[0])
    });
    for n in [0u32, 1, 2, 10, 1000, 65536] {
        t.case("sum", &[n], (0..n).fold(0u32, |a, i| a.wrapping_add(i)));
    }
    // gcd with a swap of block parameters (parallel moves) and urem.
    t.define("gcd", 2, true, |b, p, _| {
        let head = b.create_block();
        let body = b.create_block();
        let exit = b.create_block();
        b.append_block_param(head, I32);
        b.append_block_param(head, I32);
        b.ins().jump(head, &[p[0].into(), p[1].into()]);
        b.switch_to_block(head);
        let x = b.block_params(head)[0];
        let y = b.block_params(head)[1];
        b.ins().brif(y, body, &[], exit, &[]);
        b.switch_to_block(body);
        let r = b.ins().urem(x, y);
        b.ins().jump(head, &[y.into(), r.into()]);
        b.switch_to_block(exit);
        Some(x)
    });
    let gcd = |mut a: u32, mut b: u32| {
        while b != 0 {
            (a, b) = (b, a % b);
        }
        a
    };
    for (a, x) in [
        (12u32, 18u32),
        (17, 5),
        (0, 9),
        (1071, 462),
        (0xffff_fffe, 6),
    ] {
        t.case("gcd", &[a, x], gcd(a, x));
    }
    // Recursive fib (calls, values live across calls in callee-saved registers).
    t.define("fib", 1, true, |b, p, s| {
        let me = s.func(b, "fib", 1, true);
        let small = b.create_block();
        let big = b.create_block();
        let c = b.ins().icmp_imm_s(IntCC::UnsignedLessThan, p[0], 2);
        b.ins().brif(c, small, &[], big, &[]);
        b.switch_to_block(small);
        b.ins().return_(&[p[0]]);
        b.switch_to_block(big);
        let n1 = b.ins().iadd_imm_s(p[0], -1);
        let n2 = b.ins().iadd_imm_s(p[0], -2);
        let c1 = b.ins().call(me, &[n1]);
        let r1 = b.inst_results(c1)[0];
        let c2 = b.ins().call(me, &[n2]);
        let r2 = b.inst_results(c2)[0];
        Some(b.ins().iadd(r1, r2))
    });
    let fib = |n: u32| {
        let (mut a, mut b) = (0u32, 1u32);
        for _ in 0..n {
            (a, b) = (b, a.wrapping_add(b));
        }
        a
    };
    for n in [0u32, 1, 2, 10, 20] {
        t.case("fib", &[n], fib(n));
    }
    // Four arguments, argument shuffling into a callee.
    t.define("mix4", 4, true, |b, p, _| {
        let a = b.ins().imul_imm_s(p[0], 1000);
        let c = b.ins().imul_imm_s(p[1], 100);
        let d = b.ins().imul_imm_s(p[2], 10);
        let s = b.ins().iadd(a, c);
        let s = b.ins().iadd(s, d);
        Some(b.ins().iadd(s, p[3]))
    });
    t.define("rev4", 4, true, |b, p, s| {
        let f = s.func(b, "mix4", 4, true);
        let call = b.ins().call(f, &[p[3], p[2], p[1], p[0]]);
        let r = b.inst_results(call)[0];
        // Arguments stay live across the call.
        let r = b.ins().iadd(r, p[0]);
        Some(b.ins().iadd(r, p[3]))
    });
    t.case("rev4", &[1, 2, 3, 4], 4321 + 1 + 4);
    t.case("rev4", &[9, 0, 7, 5], 5709 + 9 + 5);
    // Register pressure: 24 values live at once force spills and callee-saved registers.
    t.define("pressure", 2, true, |b, p, s| {
        let ident = s.func(b, "mix4", 4, true);
        let mut vals = Vec::new();
        for k in 0..24i64 {
            let m = b.ins().imul_imm_s(p[0], k + 3);
            vals.push(b.ins().iadd(m, p[1]));
        }
        // A call in the middle: everything live must survive it.
        let z = b.ins().iconst(I32, 0);
        let call = b.ins().call(ident, &[z, z, z, vals[5]]);
        let mut acc = b.inst_results(call)[0];
        for (k, &v) in vals.iter().enumerate() {
            let sh = b.ins().rotl_imm_s(v, (k % 7) as i64);
            acc = b.ins().bxor(acc, sh);
        }
        Some(acc)
    });
    let pressure = |x: u32, y: u32| {
        let vals: Vec<u32> = (0..24u32)
            .map(|k| x.wrapping_mul(k + 3).wrapping_add(y))
            .collect();
        let mut acc = vals[5];
        for (k, v) in vals.iter().enumerate() {
            acc ^= v.rotate_left((k % 7) as u32);
        }
        acc
    };
    for (x, y) in [(1u32, 2u32), (0x1234_5678, 0x9abc_def0), (7, 0xffff_ffff)] {
        t.case("pressure", &[x, y], pressure(x, y));
    }
    // Loads cannot move across calls: 24 loaded values live across a call must spill.
    let words: Vec<u32> = (0..24u32)
        .map(|k| k.wrapping_mul(0x9e37_79b9) ^ 0x5555)
        .collect();
    t.data(
        "words",
        DataKind::Writable,
        words.iter().flat_map(|w| w.to_le_bytes()).collect(),
    );
    t.define("spills", 1, true, |b, p, s| {
        let ident = s.func(b, "mix4", 4, true);
        let base = s.data_addr(b, "words", 0);
        let vals: Vec<Value> = (0..24)
            .map(|k| b.ins().load(I32, MemFlagsData::trusted(), base, k * 4))
            .collect();
        let z = b.ins().iconst(I32, 0);
        let call = b.ins().call(ident, &[z, z, z, p[0]]);
        let mut acc = b.inst_results(call)[0];
        for (k, &v) in vals.iter().enumerate() {
            let sh = b.ins().rotl_imm_s(v, (k % 7) as i64);
            acc = b.ins().iadd(acc, sh);
        }
        Some(acc)
    });
    let spills = |x: u32| {
        words
            .iter()
            .enumerate()
            .fold(x, |a, (k, w)| a.wrapping_add(w.rotate_left((k % 7) as u32)))
    };
    t.case("spills", &[3], spills(3));
    t.case("spills", &[0xffff_0000], spills(0xffff_0000));
    // A loop body longer than the 16-bit branch ranges (long and short branches mixed).
    t.define("long_loop", 2, true, |b, p, _| {
        let head = b.create_block();
        let body = b.create_block();
        let exit = b.create_block();
        b.append_block_param(head, I32);
        b.append_block_param(head, I32);
        let z = b.ins().iconst(I32, 0);
        b.ins().jump(head, &[z.into(), p[1].into()]);
        b.switch_to_block(head);
        let i = b.block_params(head)[0];
        let acc = b.block_params(head)[1];
        let c = b.ins().icmp(IntCC::UnsignedLessThan, i, p[0]);
        b.ins().brif(c, body, &[], exit, &[]);
        b.switch_to_block(body);
        let mut x = acc;
        for k in 0..400i64 {
            let m = b.ins().iadd(x, i);
            x = b.ins().rotl_imm_s(m, k % 5 + 1);
        }
        let i2 = b.ins().iadd_imm_s(i, 1);
        b.ins().jump(head, &[i2.into(), x.into()]);
        b.switch_to_block(exit);
        Some(acc)
    });
    let long_loop = |n: u32, mut acc: u32| {
        for i in 0..n {
            for k in 0..400u32 {
                acc = acc.wrapping_add(i).rotate_left(k % 5 + 1);
            }
        }
        acc
    };
    for (n, a) in [(0u32, 5u32), (3, 0x1234)] {
        t.case("long_loop", &[n, a], long_loop(n, a));
    }
    // bnot folded into band/bor (BIC/ORN).
    t.define("bic_orn", 2, true, |b, p, _| {
        let n = b.ins().bnot(p[1]);
        let x = b.ins().band(p[0], n);
        let m = b.ins().bnot(p[0]);
        let y = b.ins().bor(m, p[1]);
        Some(b.ins().bxor(x, y))
    });
    for (a, x) in [(0xf0f0_1234u32, 0x0ff0_ff00u32), (0, 0xffff_ffff)] {
        t.case("bic_orn", &[a, x], (a & !x) ^ (!a | x));
    }
    // Indirect call through func_addr.
    t.define("indirect", 1, true, |b, p, s| {
        let f = s.func(b, "gcd", 2, true);
        let addr = b.ins().func_addr(I32, f);
        let mut sig = Signature::new(CallConv::SystemV);
        sig.params = vec![AbiParam::new(I32); 2];
        sig.returns = vec![AbiParam::new(I32)];
        let sr = b.import_signature(sig);
        let k = b.ins().iconst(I32, 36);
        let call = b.ins().call_indirect(sr, addr, &[p[0], k]);
        Some(b.inst_results(call)[0])
    });
    t.case("indirect", &[48], 12);
    // The stack pointer is 8-aligned in the body of a function that calls.
    t.define("sp_aligned", 1, true, |b, p, s| {
        let f = s.func(b, "gcd", 2, true);
        let call = b.ins().call(f, &[p[0], p[0]]);
        let r = b.inst_results(call)[0];
        let sp = b.ins().get_stack_pointer(I32);
        let m = b.ins().band_imm_s(sp, 7);
        Some(b.ins().iadd(m, r))
    });
    t.case("sp_aligned", &[5], 5);
    t.run(0);
}

#[test]
fn memory_stack_slots_and_data() {
    let mut t = TestProgram::default();
    t.data(
        "table",
        DataKind::ReadOnly,
        vec![
            0x11, 0x22, 0x33, 0x44, 0x81, 0xf0, 0xfe, 0xff, 0x78, 0x56, 0x34, 0x12,
        ],
    );
    t.data("counter", DataKind::Writable, vec![5, 0, 0, 0]);
    t.data("zeroed", DataKind::Zeroed, vec![0; 64]);
    // Loads of every width and extension from read-only data, dynamic index.
    for (name, k) in [
        ("ld32", 0),
        ("ldu8", 1),
        ("lds8", 2),
        ("ldu16", 3),
        ("lds16", 4),
        ("ld8ty", 5),
    ] {
        t.define(name, 1, true, |b, p, s| {
            let base = s.data_addr(b, "table", 0);
            let a = b.ins().iadd(base, p[0]);
            let fl = MemFlagsData::trusted();
            Some(match k {
                0 => b.ins().load(I32, fl, a, 0),
                1 => b.ins().uload8(I32, fl, a, 0),
                2 => b.ins().sload8(I32, fl, a, 0),
                3 => b.ins().uload16(I32, fl, a, 0),
                4 => b.ins().sload16(I32, fl, a, 0),
                _ => {
                    let v = b.ins().load(types::I8, fl, a, 1);
                    b.ins().sextend(I32, v)
                }
            })
        });
    }
    let table = [
        0x11u8, 0x22, 0x33, 0x44, 0x81, 0xf0, 0xfe, 0xff, 0x78, 0x56, 0x34, 0x12,
    ];
    for i in [0usize, 4, 8] {
        let w = u32::from_le_bytes([table[i], table[i + 1], table[i + 2], table[i + 3]]);
        t.case("ld32", &[i as u32], w);
    }
    for i in [0usize, 4, 5, 6] {
        let h = u16::from_le_bytes([table[i], table[i + 1]]);
        t.case("ldu8", &[i as u32], u32::from(table[i]));
        t.case("lds8", &[i as u32], table[i] as i8 as i32 as u32);
        t.case("ldu16", &[i as u32], u32::from(h));
        t.case("lds16", &[i as u32], h as i16 as i32 as u32);
        t.case("ld8ty", &[i as u32], table[i + 1] as i8 as i32 as u32);
    }
    // A writable global: read-modify-write, symbol with an offset.
    t.define("bump", 1, true, |b, p, s| {
        let a = s.data_addr(b, "counter", 0);
        let fl = MemFlagsData::trusted();
        let v = b.ins().load(I32, fl, a, 0);
        let v = b.ins().iadd(v, p[0]);
        b.ins().store(fl, v, a, 0);
        Some(v)
    });
    t.case("bump", &[1], 6);
    t.case("bump", &[10], 16);
    // .bss: narrow stores then a word load, with a symbol offset and negative offsets.
    t.define("bss_bytes", 1, true, |b, p, s| {
        let a = s.data_addr(b, "zeroed", 8);
        let fl = MemFlagsData::trusted();
        b.ins().istore8(fl, p[0], a, -8);
        let h = b.ins().ushr_imm_u(p[0], 8);
        b.ins().istore16(fl, h, a, -7);
        let n = b.ins().ireduce(types::I8, p[0]);
        b.ins().store(fl, n, a, -5);
        Some(b.ins().load(I32, fl, a, -8))
    });
    t.case("bss_bytes", &[0x1234_56ab], 0xab34_56ab);
    // Explicit stack slots: fill an array, sum it back (stack_addr with a dynamic index).
    t.define("stack_array", 1, true, |b, p, _| {
        let ss = b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 40, 2));
        let ss2 = b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 2, 1));
        for k in 0..10i32 {
            let v = b.ins().imul_imm_s(p[0], i64::from(k + 1));
            b.ins().stack_store(I32, v, ss, k * 4);
        }
        let n = b.ins().ireduce(types::I16, p[0]);
        b.ins().stack_store(I32, n, ss2, 0);
        let head = b.create_block();
        let body = b.create_block();
        let exit = b.create_block();
        b.append_block_param(head, I32);
        b.append_block_param(head, I32);
        let z = b.ins().iconst(I32, 0);
        b.ins().jump(head, &[z.into(), z.into()]);
        b.switch_to_block(head);
        let i = b.block_params(head)[0];
        let acc = b.block_params(head)[1];
        let c = b.ins().icmp_imm_s(IntCC::SignedLessThan, i, 10);
        b.ins().brif(c, body, &[], exit, &[]);
        b.switch_to_block(body);
        let base = b.ins().stack_addr(I32, ss, 0);
        let off = b.ins().ishl_imm_s(i, 2);
        let a = b.ins().iadd(base, off);
        let v = b.ins().load(I32, MemFlagsData::trusted(), a, 0);
        let acc2 = b.ins().iadd(acc, v);
        let i2 = b.ins().iadd_imm_s(i, 1);
        b.ins().jump(head, &[i2.into(), acc2.into()]);
        b.switch_to_block(exit);
        let h = b.ins().stack_load(I32, types::I16, ss2, 0);
        let h = b.ins().sextend(I32, h);
        Some(b.ins().iadd(acc, h))
    });
    for x in [1u32, 3, 0x8001] {
        t.case(
            "stack_array",
            &[x],
            x.wrapping_mul(55)
                .wrapping_add(x as u16 as i16 as i32 as u32),
        );
    }
    // A large frame (offsets beyond the short encodings).
    t.define("big_frame", 1, true, |b, p, _| {
        let ss =
            b.create_sized_stack_slot(StackSlotData::new(StackSlotKind::ExplicitSlot, 8000, 3));
        b.ins().stack_store(I32, p[0], ss, 7996);
        b.ins().stack_store(I32, p[0], ss, 0);
        let v = b.ins().stack_load(I32, I32, ss, 7996);
        let w = b.ins().stack_load(I32, I32, ss, 0);
        let a = b.ins().stack_addr(I32, ss, 7000);
        let base = b.ins().stack_addr(I32, ss, 0);
        let d = b.ins().isub(a, base);
        let s = b.ins().iadd(v, w);
        Some(b.ins().iadd(s, d))
    });
    t.case("big_frame", &[21], 42 + 7000);
    t.run(0);
}

#[test]
fn indexed_addressing_and_shifted_operands() {
    let mut t = TestProgram::default();
    t.data("buf", DataKind::Zeroed, vec![0; 256]);
    let fl = MemFlagsData::trusted();
    // Register offsets: word, halfword and byte accesses at base + (i << k).
    t.define("idx", 2, true, move |b, p, s| {
        let base = s.data_addr(b, "buf", 0);
        let (i, v) = (p[0], p[1]);
        let o2 = b.ins().ishl_imm_s(i, 2);
        let a2 = b.ins().iadd(base, o2);
        b.ins().store(fl, v, a2, 0);
        let w = b.ins().load(I32, fl, a2, 0);
        let o1 = b.ins().ishl_imm_s(i, 1);
        let a1 = b.ins().iadd(o1, base);
        b.ins().istore16(fl, v, a1, 0);
        let h = b.ins().sload16(I32, fl, a1, 0);
        let a0 = b.ins().iadd(base, i);
        b.ins().istore8(fl, v, a0, 0);
        let c = b.ins().uload8(I32, fl, a0, 0);
        let x = b.ins().bxor(w, h);
        Some(b.ins().iadd(x, c))
    });
    // The word is reloaded before the halfword and byte stores.
    for (i, v) in [(0u32, 0x1234_5678u32), (3, 0x8000_80ff), (17, 0xffff_ffff)] {
        let h = v as u16 as i16 as i32 as u32;
        t.case("idx", &[i, v], (v ^ h).wrapping_add(v & 0xff));
    }
    // Offset indices: base + ((i + c) << k) + offset, shared bases, and an index that is
    // also used as a value (the loop counter).
    t.define("based", 2, true, move |b, p, s| {
        let base = s.data_addr(b, "buf", 0);
        let (i, v) = (p[0], p[1]);
        let i4 = b.ins().ishl_imm_s(i, 2);
        let mut sum = b.ins().iconst(I32, 0);
        for k in 0..4i64 {
            let e = b.ins().iadd_imm_s(i4, k);
            let o = b.ins().ishl_imm_s(e, 2);
            let a = b.ins().iadd(base, o);
            let x = b.ins().iadd_imm_s(v, k);
            b.ins().store(fl, x, a, 0);
        }
        for k in 0..4i64 {
            let e = b.ins().iadd_imm_s(i4, k);
            let o = b.ins().ishl_imm_s(e, 2);
            let a = b.ins().iadd(base, o);
            let x = b.ins().load(I32, fl, a, 0);
            let x = b.ins().imul_imm_s(x, k + 1);
            sum = b.ins().iadd(sum, x);
        }
        let a = b.ins().iadd_imm_s(base, 8);
        let y = b.ins().load(I32, fl, a, 4);
        Some(b.ins().iadd(sum, y))
    });
    // Word 3 (bytes 12..16) is last written by the first call (i = 0, k = 3): v + 3 = 8.
    for (i, v) in [(0u32, 5u32), (1, 0x7fff_ffff), (3, 100)] {
        let sum = (0..4u32).fold(0u32, |s, k| {
            s.wrapping_add(v.wrapping_add(k).wrapping_mul(k + 1))
        });
        t.case("based", &[i, v], sum.wrapping_add(8));
    }
    // Shifted second operands.
    type Op = fn(u32, u32) -> u32;
    let shops: [(&str, Op); 8] = [
        ("sh_add", |a, b| a.wrapping_add(b << 3)),
        ("sh_sub", |a, b| a.wrapping_sub(b >> 5)),
        ("sh_rsb", |a, b| ((b as i32 >> 7) as u32).wrapping_sub(a)),
        ("sh_and", |a, b| a & (b << 1)),
        ("sh_orr", |a, b| a | (b >> 31)),
        ("sh_eor", |a, b| a ^ ((b as i32 >> 1) as u32)),
        ("sh_add2", |a, b| (a << 2).wrapping_add(b << 4)),
        ("sh_big", |a, b| a.wrapping_add(b << 31)),
    ];
    for (k, (name, _)) in shops.iter().enumerate() {
        t.define(name, 2, true, move |b, p, _| {
            let (x, y) = (p[0], p[1]);
            Some(match k {
                0 => {
                    let s = b.ins().ishl_imm_s(y, 3);
                    b.ins().iadd(x, s)
                }
                1 => {
                    let s = b.ins().ushr_imm_u(y, 5);
                    b.ins().isub(x, s)
                }
                2 => {
                    let s = b.ins().sshr_imm_s(y, 7);
                    b.ins().isub(s, x)
                }
                3 => {
                    let s = b.ins().ishl_imm_s(y, 1);
                    b.ins().band(s, x)
                }
                4 => {
                    let s = b.ins().ushr_imm_u(y, 31);
                    b.ins().bor(x, s)
                }
                5 => {
                    let s = b.ins().sshr_imm_s(y, 1);
                    b.ins().bxor(x, s)
                }
                6 => {
                    let s = b.ins().ishl_imm_s(x, 2);
                    let u = b.ins().ishl_imm_s(y, 4);
                    b.ins().iadd(s, u)
                }
                _ => {
                    let s = b.ins().ishl_imm_s(y, 31);
                    b.ins().iadd(x, s)
                }
            })
        });
    }
    for (name, f) in shops {
        for &(a, bb) in &[
            (1u32, 2u32),
            (0x8000_0000, 0xffff_ffff),
            (12_345_678, 0x55aa_55aa),
        ] {
            t.case(name, &[a, bb], f(a, bb));
        }
    }
    t.run(0);
}

#[test]
fn traps_fault() {
    for which in ["div0", "trap", "srem0", "divmin"] {
        let mut t = TestProgram::default();
        t.define("f", 2, true, |b, p, _| {
            Some(match which {
                "div0" => b.ins().udiv(p[0], p[1]),
                "srem0" => b.ins().srem(p[0], p[1]),
                "divmin" => b.ins().sdiv(p[0], p[1]),
                _ => {
                    let yes = b.create_block();
                    let no = b.create_block();
                    b.ins().brif(p[1], yes, &[], no, &[]);
                    b.switch_to_block(yes);
                    b.ins().trap(ir::TrapCode::user(1).expect("trap code"));
                    b.switch_to_block(no);
                    b.ins().iconst(I32, 1)
                }
            })
        });
        let ok_args = if which == "divmin" {
            [7u32, 0xffff_ffff]
        } else {
            [7, 1]
        };
        let ok = match which {
            "div0" => 7,
            "srem0" => 0,
            "divmin" => (-7i32) as u32,
            _ => 1,
        };
        let (bad0, bad1) = match which {
            "divmin" => (0x8000_0000, 0xffff_ffff),
            "trap" => (7, 1),
            _ => (7, 0),
        };
        if which == "trap" {
            t.case("f", &[7, 0], ok);
        } else {
            t.case("f", &ok_args, ok);
        }
        t.case("f", &[bad0, bad1], 0);
        // The first case prints, then the fault handler exits with 99.
        let (cases, res) = t.execute();
        assert_eq!(
            res.stdout,
            format!("{:08x}\n", cases[0].2),
            "{which}: output before the fault"
        );
        assert_eq!(res.status, 99, "{which}: must fault");
    }
}

#[test]
fn unsupported_input_is_an_error_not_a_panic() {
    let build = |f: &dyn Fn(&mut FunctionBuilder, &[Value]) -> Option<Value>, nparams: usize| {
        let mut t = TestProgram::default();
        t.define("bad", nparams, true, |b, p, _| f(b, p));
        emit_object(&t.program).expect_err("must be rejected")
    };
    let e = build(
        &|b, p| {
            let x = b.ins().uextend(types::I64, p[0]);
            let y = b.ins().iconst(types::I64, 0x1_0000_0000);
            let y = b.ins().udiv(y, x);
            Some(b.ins().ireduce(I32, y))
        },
        1,
    );
    assert!(e.message.contains("i64"), "{e}");
    assert_eq!(e.function, "bad");
    let e = build(&|_, p| Some(p[4]), 5);
    assert!(e.message.contains("argument"), "{e}");
    let e = build(
        &|b, p| {
            let x = b.ins().popcnt(p[0]);
            Some(b.ins().iadd(x, p[1]))
        },
        2,
    );
    assert!(e.message.contains("popcnt"), "{e}");
}
