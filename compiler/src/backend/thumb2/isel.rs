//! Instruction selection: optimised CLIF (i32 pointers) → [`VCode`] over virtual registers.
//!
//! Values of narrow types (`i8`, `i16`) live in 32-bit registers whose upper bits are
//! unspecified; operations that depend on them extend first (results known to be clean —
//! comparisons, flags, zero-extending loads — skip that). Constants are rematerialised at
//! each use (or folded into immediates), `icmp` feeding `brif`/`select` is fused into the
//! compare, `load`/`store` of a `stack_addr` address the slot directly, an `iadd` address
//! becomes a register-offset (`[rn, rm, lsl #k]`) or immediate-offset mode (indices of the
//! form `((x << k) + c) << j` share one `base + (x << k)` register per block), and a shift
//! by a constant feeding an ALU operation becomes its shifted second operand.

use std::collections::{HashMap, HashSet};

use cranelift_codegen::ir::{
    self,
    condcodes::{FloatCC, IntCC},
    types, ExternalName, GlobalValueData, InstructionData, Opcode, Type, Value, ValueDef,
};
use regalloc2::{Block, VReg};

use super::inst::{
    Addr, AluOp, Callee, Cmp, Cond, FpOp, Inst, MemKind, Operand2, OvOp, Reg, ShiftOp, SymRef, UnOp,
};
use super::regalloc::{VBlock, VCode};

/// Lowers one function. Errors name the unsupported construct.
pub fn lower(func: &ir::Function) -> Result<VCode, String> {
    let mut cx = Ctx::new(func)?;
    cx.run()?;
    let mut vcode = cx.vcode;
    vcode.num_vregs = cx.next_vreg as usize;
    vcode.finalize();
    Ok(vcode)
}

/// How a load or store computes its address `p + offset` when `p` is an `iadd`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum AddrPlan {
    /// `[base, #off]`.
    Offset { base: Value, off: i32 },
    /// `[base, index, lsl #shift]` (`shift` ≤ 3).
    Index {
        base: Value,
        index: Value,
        shift: u8,
    },
    /// `[t, #off]` with `t = base + (index << shift)`, shared within the block.
    Based {
        base: Value,
        index: Value,
        shift: u32,
        off: i32,
    },
}

impl AddrPlan {
    /// The values the access reads instead of the `iadd`.
    fn operands(self) -> Vec<Value> {
        match self {
            AddrPlan::Offset { base, .. } => vec![base],
            AddrPlan::Index { base, index, .. } | AddrPlan::Based { base, index, .. } => {
                vec![base, index]
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Clean {
    /// Zero-extended from its type.
    Zext,
    /// 0 or 1.
    Bool,
}

struct Ctx<'a> {
    f: &'a ir::Function,
    vregs: HashMap<Value, Reg>,
    next_vreg: u32,
    /// Values defined by `iconst` (and `ireduce` of one), zero-extended from their type.
    consts: HashMap<Value, u64>,
    clean: HashMap<Value, Clean>,
    uses: HashMap<Value, u32>,
    /// Reachable blocks in layout order.
    order: Vec<ir::Block>,
    /// Machine block of each reachable CLIF block.
    mblock: HashMap<ir::Block, u32>,
    /// Machine edge block for (source block, successor index), when the edge is split.
    edge_blocks: HashMap<(ir::Block, usize), u32>,
    /// Overflow operations whose flag only feeds the `brif` right after them.
    fused_ov: HashSet<ir::Inst>,
    /// `band` values only a `brif` uses: the branch tests the bits (`tst`).
    fused_tst: HashSet<Value>,
    /// `icmp`/`fcmp` values a `brif` or `select` in the same loop compares itself.
    fused_cmp: HashSet<Value>,
    /// `band`/`bor` whose operand `i` is a `bnot` folded in (BIC/ORN).
    fused_not: HashMap<ir::Inst, usize>,
    /// ALU operations whose operand `i` is a shift by a constant folded in
    /// (`add r0, r1, r2, lsl #2`).
    fused_shift: HashMap<ir::Inst, usize>,
    /// Loads and stores whose address computation is folded into the addressing mode.
    addr_plans: HashMap<ir::Inst, AddrPlan>,
    /// `base + (index << shift)` registers computed in the current block, for
    /// [`AddrPlan::Based`] addresses.
    bases: HashMap<(Value, Value, u32), Reg>,
    cur: Vec<Inst>,
    vcode: VCode,
}

fn ty_ok(t: Type) -> Result<(), String> {
    if t == types::I32 || t == types::I8 || t == types::I16 || t == types::F32 {
        Ok(())
    } else {
        Err(format!("unsupported type {t}"))
    }
}

fn mask_of(t: Type) -> u64 {
    match t.bits() {
        8 => 0xff,
        16 => 0xffff,
        _ => 0xffff_ffff,
    }
}

fn cond_of(cc: IntCC) -> Cond {
    match cc {
        IntCC::Equal => Cond::Eq,
        IntCC::NotEqual => Cond::Ne,
        IntCC::SignedLessThan => Cond::Lt,
        IntCC::SignedGreaterThanOrEqual => Cond::Ge,
        IntCC::SignedGreaterThan => Cond::Gt,
        IntCC::SignedLessThanOrEqual => Cond::Le,
        IntCC::UnsignedLessThan => Cond::Lo,
        IntCC::UnsignedGreaterThanOrEqual => Cond::Hs,
        IntCC::UnsignedGreaterThan => Cond::Hi,
        IntCC::UnsignedLessThanOrEqual => Cond::Ls,
    }
}

fn is_signed(cc: IntCC) -> bool {
    matches!(
        cc,
        IntCC::SignedLessThan
            | IntCC::SignedGreaterThanOrEqual
            | IntCC::SignedGreaterThan
            | IntCC::SignedLessThanOrEqual
    )
}

impl<'a> Ctx<'a> {
    fn new(f: &'a ir::Function) -> Result<Self, String> {
        let entry = f
            .layout
            .entry_block()
            .ok_or("function has no entry block")?;
        // Reachability from the entry block.
        let mut reach = HashSet::new();
        let mut stack = vec![entry];
        while let Some(b) = stack.pop() {
            if !reach.insert(b) {
                continue;
            }
            for s in Self::succs_of(f, b)? {
                stack.push(s.0);
            }
        }
        let order: Vec<ir::Block> = f.layout.blocks().filter(|b| reach.contains(b)).collect();
        let mut cx = Ctx {
            f,
            vregs: HashMap::new(),
            next_vreg: 0,
            consts: HashMap::new(),
            clean: HashMap::new(),
            uses: HashMap::new(),
            order,
            mblock: HashMap::new(),
            edge_blocks: HashMap::new(),
            fused_ov: HashSet::new(),
            fused_tst: HashSet::new(),
            fused_cmp: HashSet::new(),
            fused_not: HashMap::new(),
            fused_shift: HashMap::new(),
            addr_plans: HashMap::new(),
            bases: HashMap::new(),
            cur: Vec::new(),
            vcode: VCode::default(),
        };
        // Predecessor edge counts, to find critical edges.
        let mut npreds: HashMap<ir::Block, usize> = HashMap::new();
        for &b in &cx.order {
            for (s, _) in Self::succs_of(f, b)? {
                *npreds.entry(s).or_default() += 1;
            }
        }
        let mut next = 0u32;
        for &b in &cx.order {
            cx.mblock.insert(b, next);
            next += 1;
            let succs = Self::succs_of(f, b)?;
            if succs.len() > 1 {
                for (i, (s, _)) in succs.iter().enumerate() {
                    if npreds.get(s).copied().unwrap_or(0) > 1 {
                        cx.edge_blocks.insert((b, i), next);
                        next += 1;
                    }
                }
            }
        }
        // Types, constants and use counts.
        for &b in &cx.order {
            for &p in f.dfg.block_params(b) {
                ty_ok(f.dfg.value_type(p))?;
            }
            for inst in f.layout.block_insts(b) {
                for &r in f.dfg.inst_results(inst) {
                    ty_ok(f.dfg.value_type(r))?;
                }
                for v in f.dfg.inst_values(inst) {
                    *cx.uses.entry(v).or_default() += 1;
                }
                if let InstructionData::UnaryImm {
                    opcode: Opcode::Iconst,
                    imm,
                } = f.dfg.insts[inst]
                {
                    let r = f.dfg.first_result(inst);
                    let m = mask_of(f.dfg.value_type(r));
                    cx.consts.insert(r, imm.bits() as u64 & m);
                }
                if let InstructionData::UnaryIeee32 {
                    opcode: Opcode::F32const,
                    imm,
                } = f.dfg.insts[inst]
                {
                    cx.consts
                        .insert(f.dfg.first_result(inst), u64::from(imm.bits()));
                }
            }
        }
        // Which loop each block is in: a comparison moved out of a loop is not redone
        // at a branch inside it (that would keep both operands alive through the loop).
        let loops = {
            let cfg = cranelift_codegen::flowgraph::ControlFlowGraph::with_function(f);
            let domtree = cranelift_codegen::dominator_tree::DominatorTree::with_function(f, &cfg);
            let mut la = cranelift_codegen::loop_analysis::LoopAnalysis::new();
            la.compute(f, &cfg, &domtree);
            la
        };
        let same_loop = |a: Option<ir::Block>, b: ir::Block| {
            a.is_some_and(|a| loops.innermost_loop(a) == loops.innermost_loop(b))
        };
        // A constant needing movw and movt that the mid-end made before a loop using it
        // stays in a register through the loop instead of being made again at each use,
        // when the loop makes no calls (across calls it would take a callee-saved
        // register, which the loop's variables need more).
        let mut calling = HashSet::new();
        for &b in &cx.order {
            let calls = f
                .layout
                .block_insts(b)
                .any(|i| f.dfg.insts[i].opcode().is_call());
            if calls {
                let mut lp = loops.innermost_loop(b);
                while let Some(l) = lp {
                    calling.insert(l);
                    lp = loops.loop_parent(l);
                }
            }
        }
        let mut kept = Vec::new();
        for &b in &cx.order {
            if loops
                .innermost_loop(b)
                .is_some_and(|l| calling.contains(&l))
            {
                continue;
            }
            let depth = loops.loop_level(b).level();
            for inst in f.layout.block_insts(b) {
                for v in f.dfg.inst_values(inst) {
                    let wide = cx.const_of(v).is_some_and(|c| c > 0xFFFF)
                        && cx.ty(v) == types::I32
                        && cx.def_inst(v).is_some_and(|d| {
                            matches!(f.dfg.insts[d], InstructionData::UnaryImm { .. })
                        });
                    if wide
                        && cx
                            .def_block(v)
                            .is_some_and(|d| loops.loop_level(d).level() < depth)
                    {
                        kept.push(v);
                    }
                }
            }
        }
        for v in kept {
            cx.consts.remove(&v);
        }
        // Fusions: icmp into brif/select, overflow flags into brif, bnot into band/bor,
        // stack_addr into load/store.
        for &b in &cx.order {
            for inst in f.layout.block_insts(b) {
                let fused = match f.dfg.insts[inst] {
                    InstructionData::Brif { arg, .. } => {
                        let local = same_loop(cx.def_block(arg), b);
                        if local && (cx.icmp_of(arg).is_some() || cx.fcmp_of(arg).is_some()) {
                            cx.fused_cmp.insert(arg);
                            Some(arg)
                        } else if cx.def_block(arg) == Some(b)
                            && cx.band_of(arg).is_some()
                            && cx.uses.get(&arg) == Some(&1)
                        {
                            // A branch on `a & b` (a tag test) is one `tst`.
                            cx.fused_tst.insert(arg);
                            Some(arg)
                        } else if let Some(ov) = cx.overflow_before(inst, arg) {
                            cx.fused_ov.insert(ov);
                            Some(arg)
                        } else {
                            None
                        }
                    }
                    InstructionData::Ternary {
                        opcode: Opcode::Select | Opcode::SelectSpectreGuard,
                        args,
                    } => {
                        let c = args[0];
                        let fuse = same_loop(cx.def_block(c), b)
                            && (cx.icmp_of(c).is_some() || cx.fcmp_of(c).is_some());
                        if fuse {
                            cx.fused_cmp.insert(c);
                        }
                        fuse.then_some(c)
                    }
                    InstructionData::Binary {
                        opcode: Opcode::Band | Opcode::Bor,
                        args,
                    } => {
                        let i = [1, 0].into_iter().find(|&i| {
                            cx.bnot_of(args[i]).is_some() && !cx.consts.contains_key(&args[1 - i])
                        });
                        i.map(|i| {
                            cx.fused_not.insert(inst, i);
                            args[i]
                        })
                    }
                    InstructionData::Load { arg, .. } => cx.slot_of(arg).map(|_| arg),
                    InstructionData::Store { args, .. } => cx.slot_of(args[1]).map(|_| args[1]),
                    _ => None,
                };
                if let Some(v) = fused {
                    if let Some(n) = cx.uses.get_mut(&v) {
                        *n -= 1;
                    }
                }
            }
        }
        cx.plan_shifts_and_addresses();
        Ok(cx)
    }

    /// Decides the shifted-operand and addressing-mode fusions and fixes the use counts:
    /// a fused value loses a use, the values read instead gain one, and a pure `iadd`
    /// or shift left without uses releases its own operands in turn.
    fn plan_shifts_and_addresses(&mut self) {
        let f = self.f;
        // (fused value, values read instead)
        let mut swaps: Vec<(Value, Vec<Value>)> = Vec::new();
        for &b in &self.order {
            for inst in f.layout.block_insts(b) {
                match f.dfg.insts[inst] {
                    InstructionData::Binary { opcode, args }
                        if matches!(
                            opcode,
                            Opcode::Iadd | Opcode::Isub | Opcode::Band | Opcode::Bor | Opcode::Bxor
                        ) && self.ty(args[0]) == types::I32 =>
                    {
                        if self.consts.contains_key(&args[0])
                            || self.consts.contains_key(&args[1])
                            || self.fused_not.contains_key(&inst)
                        {
                            continue;
                        }
                        let found = [1, 0]
                            .into_iter()
                            .find_map(|i| self.const_shift_of(args[i]).map(|(_, x, _)| (i, x)));
                        if let Some((i, x)) = found {
                            self.fused_shift.insert(inst, i);
                            swaps.push((args[i], vec![x]));
                        }
                    }
                    InstructionData::Load { arg, offset, .. } => {
                        if let Some(plan) = self.plan_address(arg, offset.into()) {
                            self.addr_plans.insert(inst, plan);
                            swaps.push((arg, plan.operands()));
                        }
                    }
                    InstructionData::Store { args, offset, .. } => {
                        if let Some(plan) = self.plan_address(args[1], offset.into()) {
                            self.addr_plans.insert(inst, plan);
                            swaps.push((args[1], plan.operands()));
                        }
                    }
                    _ => {}
                }
            }
        }
        for (_, with) in &swaps {
            for v in with {
                *self.uses.entry(*v).or_default() += 1;
            }
        }
        let mut dead: Vec<Value> = Vec::new();
        for (v, _) in &swaps {
            dead.push(*v);
        }
        while let Some(v) = dead.pop() {
            let n = self.uses.entry(v).or_default();
            *n = n.saturating_sub(1);
            if *n > 0 {
                continue;
            }
            let Some(d) = self.def_inst(v) else { continue };
            let releases = match f.dfg.insts[d] {
                InstructionData::Binary { opcode, args }
                    if matches!(opcode, Opcode::Iadd | Opcode::Ishl | Opcode::Isub)
                        || (matches!(opcode, Opcode::Band | Opcode::Bor | Opcode::Bxor)
                            && !self.fused_not.contains_key(&d)) =>
                {
                    let mut ops = args.to_vec();
                    if let Some(&i) = self.fused_shift.get(&d) {
                        if let Some((_, x, _)) = self.const_shift_of(args[i]) {
                            ops[i] = x;
                        }
                    }
                    ops
                }
                _ => continue,
            };
            dead.extend(releases);
        }
    }

    /// `(op, x, k)` when `v` is `x << k`, `x >> k` or `x >>s k` (i32, constant `k` 1–31,
    /// `x` not a constant).
    fn const_shift_of(&self, v: Value) -> Option<(ShiftOp, Value, u32)> {
        let InstructionData::Binary { opcode, args } = self.f.dfg.insts[self.def_inst(v)?] else {
            return None;
        };
        let op = match opcode {
            Opcode::Ishl => ShiftOp::Lsl,
            Opcode::Ushr => ShiftOp::Lsr,
            Opcode::Sshr => ShiftOp::Asr,
            _ => return None,
        };
        let k = self.const_of(args[1])? & 31;
        (self.ty(v) == types::I32 && k != 0 && !self.consts.contains_key(&args[0]))
            .then_some((op, args[0], k))
    }

    /// `(x, k, c)` with `v == (x << k) + c` (wrapping), looking through `iadd` of a
    /// constant and shifts left by constants.
    fn split_index(&self, v: Value, depth: u32) -> (Value, u32, u32) {
        if depth > 0 && self.ty(v) == types::I32 {
            if let Some(d) = self.def_inst(v) {
                if let InstructionData::Binary { opcode, args } = self.f.dfg.insts[d] {
                    match opcode {
                        Opcode::Iadd => {
                            let (z, c) = match (self.const_of(args[0]), self.const_of(args[1])) {
                                (None, Some(c)) => (args[0], c),
                                (Some(c), None) => (args[1], c),
                                _ => return (v, 0, 0),
                            };
                            let (x, k, c0) = self.split_index(z, depth - 1);
                            return (x, k, c0.wrapping_add(c));
                        }
                        Opcode::Ishl => {
                            if let Some((_, z, j)) = self.const_shift_of(v) {
                                let (x, k, c0) = self.split_index(z, depth - 1);
                                if k + j <= 31 {
                                    return (x, k + j, c0 << j);
                                }
                            }
                        }
                        _ => {}
                    }
                }
            }
        }
        (v, 0, 0)
    }

    /// The addressing mode for `p + offset` when `p` is an `iadd` worth folding.
    fn plan_address(&self, p: Value, offset: i32) -> Option<AddrPlan> {
        if self.slot_of(p).is_some() || self.ty(p) != types::I32 {
            return None;
        }
        let InstructionData::Binary {
            opcode: Opcode::Iadd,
            args,
        } = self.f.dfg.insts[self.def_inst(p)?]
        else {
            return None;
        };
        let in_range = |o: i32| (-255..=4095).contains(&o);
        match (self.const_of(args[0]), self.const_of(args[1])) {
            (Some(_), Some(_)) => return None,
            (Some(c), None) | (None, Some(c)) => {
                let base = if self.const_of(args[0]).is_some() {
                    args[1]
                } else {
                    args[0]
                };
                let off = offset.wrapping_add(c as i32);
                return in_range(off).then_some(AddrPlan::Offset { base, off });
            }
            _ => {}
        }
        // The operand that is a shifted or offset index, if any.
        let decomposes = |v: Value| self.split_index(v, 4) != (v, 0, 0);
        let (base, b) = if !decomposes(args[1]) && decomposes(args[0]) {
            (args[1], args[0])
        } else {
            (args[0], args[1])
        };
        let shared = |v: Value| self.uses.get(&v).copied().unwrap_or(0) > 1;
        if offset == 0 {
            // `base + (y << k)` with `y` needed anyway: a register-offset access.
            if let Some((ShiftOp::Lsl, y, k)) = self.const_shift_of(b) {
                if k <= 3 && (shared(y) || self.split_index(y, 3) == (y, 0, 0)) {
                    return Some(AddrPlan::Index {
                        base,
                        index: y,
                        shift: k as u8,
                    });
                }
            }
            if shared(b) {
                return Some(AddrPlan::Index {
                    base,
                    index: b,
                    shift: 0,
                });
            }
        }
        let (x, k, c) = self.split_index(b, 4);
        let off = offset.wrapping_add(c as i32);
        if (x, k, c) == (b, 0, 0) {
            return (offset == 0).then_some(AddrPlan::Index {
                base,
                index: b,
                shift: 0,
            });
        }
        if c == 0 && offset == 0 && k <= 3 {
            return Some(AddrPlan::Index {
                base,
                index: x,
                shift: k as u8,
            });
        }
        in_range(off).then_some(AddrPlan::Based {
            base,
            index: x,
            shift: k,
            off,
        })
    }

    /// Successors of a block's terminator, with their arguments.
    fn succs_of(f: &ir::Function, b: ir::Block) -> Result<Vec<(ir::Block, Vec<Value>)>, String> {
        let Some(term) = f.layout.last_inst(b) else {
            return Err(format!("{b} is empty"));
        };
        if let InstructionData::BranchTable { .. } = f.dfg.insts[term] {
            return Err("unsupported opcode br_table".into());
        }
        crate::backend::successors(f, term)
    }

    /// The block of the instruction defining `v`.
    fn def_block(&self, v: Value) -> Option<ir::Block> {
        self.f.layout.inst_block(self.def_inst(v)?)
    }

    fn def_inst(&self, v: Value) -> Option<ir::Inst> {
        match self.f.dfg.value_def(v) {
            ValueDef::Result(i, _) => Some(i),
            _ => None,
        }
    }

    /// The `(cc, a, b)` of the `icmp` defining `v`.
    fn icmp_of(&self, v: Value) -> Option<(IntCC, Value, Value)> {
        match self.f.dfg.insts[self.def_inst(v)?] {
            InstructionData::IntCompare {
                opcode: Opcode::Icmp,
                args,
                cond,
            } => Some((cond, args[0], args[1])),
            _ => None,
        }
    }

    /// The `(cc, a, b)` of the `fcmp` defining `v`.
    fn fcmp_of(&self, v: Value) -> Option<(FloatCC, Value, Value)> {
        match self.f.dfg.insts[self.def_inst(v)?] {
            InstructionData::FloatCompare {
                opcode: Opcode::Fcmp,
                args,
                cond,
            } => Some((cond, args[0], args[1])),
            _ => None,
        }
    }

    /// The overflow operation defining flag `v`, if it is the instruction right before
    /// `brif` and `v` is its flag result.
    fn overflow_before(&self, brif: ir::Inst, v: Value) -> Option<ir::Inst> {
        let d = self.def_inst(v)?;
        let is_ov = matches!(
            self.f.dfg.insts[d].opcode(),
            Opcode::SaddOverflow
                | Opcode::UaddOverflow
                | Opcode::SsubOverflow
                | Opcode::UsubOverflow
                | Opcode::SmulOverflow
                | Opcode::UmulOverflow
        );
        let results = self.f.dfg.inst_results(d);
        (is_ov
            && results.get(1) == Some(&v)
            && self.ty(results[0]) == types::I32
            && self.f.layout.prev_inst(brif) == Some(d))
        .then_some(d)
    }

    /// The argument of the `bnot` defining `v`.
    fn bnot_of(&self, v: Value) -> Option<Value> {
        match self.f.dfg.insts[self.def_inst(v)?] {
            InstructionData::Unary {
                opcode: Opcode::Bnot,
                arg,
            } => Some(arg),
            _ => None,
        }
    }

    /// The `(slot, offset)` of the `stack_addr` defining `v`.
    fn slot_of(&self, v: Value) -> Option<(u32, i32)> {
        match self.f.dfg.insts[self.def_inst(v)?] {
            InstructionData::StackAddr {
                opcode: Opcode::StackAddr,
                stack_slot,
                offset,
            } => Some((stack_slot.as_u32(), offset.into())),
            _ => None,
        }
    }

    fn new_reg(&mut self) -> Reg {
        let r = Reg(self.next_vreg);
        self.next_vreg += 1;
        r
    }

    /// The virtual register of a (non-constant) value.
    fn vreg_of(&mut self, v: Value) -> Reg {
        if let Some(&r) = self.vregs.get(&v) {
            return r;
        }
        let r = self.new_reg();
        self.vregs.insert(v, r);
        r
    }

    /// Makes `v` another name of register `r` (a copy if `v` was already used).
    fn alias(&mut self, v: Value, r: Reg) {
        if let Some(&d) = self.vregs.get(&v) {
            self.emit(Inst::Alu {
                op: AluOp::Add,
                rd: d,
                rn: r,
                rm: Operand2::Imm(0),
            });
        } else {
            self.vregs.insert(v, r);
        }
    }

    /// Makes `v` a known constant (materialised if `v` was already used as a register).
    fn define_const(&mut self, v: Value, c: u64) {
        if let Some(&d) = self.vregs.get(&v) {
            self.emit(Inst::MovImm {
                rd: d,
                imm: c as u32,
            });
        } else {
            self.consts.insert(v, c);
        }
    }

    fn ty(&self, v: Value) -> Type {
        self.f.dfg.value_type(v)
    }

    fn emit(&mut self, i: Inst) {
        self.cur.push(i);
    }

    /// A register holding `v` (constants are materialised here).
    fn reg(&mut self, v: Value) -> Reg {
        if let Some(&c) = self.consts.get(&v) {
            let r = self.new_reg();
            self.emit(Inst::MovImm {
                rd: r,
                imm: c as u32,
            });
            return r;
        }
        self.vreg_of(v)
    }

    fn operand(&mut self, v: Value) -> Operand2 {
        match self.consts.get(&v) {
            Some(&c) => Operand2::Imm(c as u32),
            None => Operand2::Reg(self.vreg_of(v)),
        }
    }

    fn const_of(&self, v: Value) -> Option<u32> {
        self.consts.get(&v).map(|&c| c as u32)
    }

    /// `v` extended to 32 bits.
    fn ext(&mut self, v: Value, signed: bool) -> Reg {
        let t = self.ty(v);
        if t == types::I32 {
            return self.reg(v);
        }
        if let Some(c) = self.const_of(v) {
            let x = match (signed, t.bits()) {
                (true, 8) => c as u8 as i8 as i32 as u32,
                (true, _) => c as u16 as i16 as i32 as u32,
                _ => c,
            };
            let r = self.new_reg();
            self.emit(Inst::MovImm { rd: r, imm: x });
            return r;
        }
        match self.clean.get(&v) {
            Some(Clean::Bool) => return self.vreg_of(v),
            Some(Clean::Zext) if !signed => return self.vreg_of(v),
            _ => {}
        }
        let rm = self.vreg_of(v);
        let rd = self.new_reg();
        let op = match (signed, t.bits()) {
            (false, 8) => UnOp::Uxtb,
            (true, 8) => UnOp::Sxtb,
            (false, _) => UnOp::Uxth,
            (true, _) => UnOp::Sxth,
        };
        self.emit(Inst::Unary { op, rd, rm });
        rd
    }

    /// A register or immediate for `v` extended to 32 bits.
    fn ext_operand(&mut self, v: Value, signed: bool) -> Operand2 {
        if self.const_of(v).is_some() || self.ty(v) == types::I32 {
            if let Some(c) = self.const_of(v) {
                let t = self.ty(v);
                let x = match (signed, t.bits()) {
                    (true, 8) => c as u8 as i8 as i32 as u32,
                    (true, 16) => c as u16 as i16 as i32 as u32,
                    _ => c,
                };
                return Operand2::Imm(x);
            }
            return self.operand(v);
        }
        Operand2::Reg(self.ext(v, signed))
    }

    /// The operands of the word-sized `band` defining `v`.
    fn band_of(&self, v: Value) -> Option<(Value, Value)> {
        if self.ty(v) != types::I32 {
            return None;
        }
        match self.f.dfg.insts[self.def_inst(v)?] {
            InstructionData::Binary {
                opcode: Opcode::Band,
                args,
            } => Some((args[0], args[1])),
            _ => None,
        }
    }

    /// A comparison for `icmp cc a, b`, returning the flags condition.
    fn compare(&mut self, cc: IntCC, a: Value, b: Value) -> (Cmp, Cond) {
        let signed = is_signed(cc);
        let (cc, a, b) = if self.const_of(a).is_some() && self.const_of(b).is_none() {
            (
                cranelift_codegen::ir::condcodes::CondCode::swap_args(cc),
                b,
                a,
            )
        } else {
            (cc, a, b)
        };
        let lhs = self.ext(a, signed);
        let rhs = self.ext_operand(b, signed);
        (
            Cmp {
                lhs,
                rhs,
                float: false,
                test: false,
            },
            cond_of(cc),
        )
    }

    /// The comparison testing a branch/select condition value.
    fn condition(&mut self, c: Value) -> Result<(Cmp, Cond), String> {
        if self.fused_cmp.contains(&c) {
            if let Some((cc, a, b)) = self.icmp_of(c) {
                return Ok(self.compare(cc, a, b));
            }
            if let Some((cc, a, b)) = self.fcmp_of(c) {
                return self.fcompare(cc, a, b);
            }
        }
        if self.fused_tst.contains(&c) {
            if let Some((a, b)) = self.band_of(c) {
                let (a, b) = if self.const_of(a).is_some() {
                    (b, a)
                } else {
                    (a, b)
                };
                let lhs = self.reg(a);
                let rhs = match self.const_of(b) {
                    Some(k) => Operand2::Imm(k),
                    None => Operand2::Reg(self.reg(b)),
                };
                let cmp = Cmp {
                    lhs,
                    rhs,
                    float: false,
                    test: true,
                };
                return Ok((cmp, Cond::Ne));
            }
        }
        let lhs = self.ext(c, false);
        Ok((
            Cmp {
                lhs,
                rhs: Operand2::Imm(0),
                float: false,
                test: false,
            },
            Cond::Ne,
        ))
    }

    /// A comparison for `fcmp cc a, b` (f32), returning the flags condition.
    fn fcompare(&mut self, cc: FloatCC, a: Value, b: Value) -> Result<(Cmp, Cond), String> {
        let cond =
            Cond::for_float(cc).ok_or_else(|| format!("unsupported float condition {cc}"))?;
        let lhs = self.reg(a);
        let rhs = Operand2::Reg(self.reg(b));
        Ok((
            Cmp {
                lhs,
                rhs,
                float: true,
                test: false,
            },
            cond,
        ))
    }

    fn sym_of_name(&self, name: &ExternalName, want_ns: u32) -> Result<u32, String> {
        match name {
            ExternalName::User(r) => {
                let un = self
                    .f
                    .params
                    .user_named_funcs()
                    .get(*r)
                    .ok_or("bad external name")?;
                if un.namespace != want_ns {
                    return Err(format!(
                        "external name in namespace {} where {} was expected",
                        un.namespace, want_ns
                    ));
                }
                Ok(un.index)
            }
            other => Err(format!("unsupported external name {other:?}")),
        }
    }

    fn run(&mut self) -> Result<(), String> {
        let f = self.f;
        // Explicit stack slots.
        for (_, ss) in f.sized_stack_slots.iter() {
            self.vcode
                .slots
                .push((ss.size, 1u32 << ss.align_shift.min(31)));
        }
        let order = self.order.clone();
        for (bi, &b) in order.iter().enumerate() {
            self.bases.clear();
            let start = self.vcode.insts.len() as u32;
            let mut params = Vec::new();
            if bi == 0 {
                let args: Vec<Value> = f.dfg.block_params(b).to_vec();
                if args.len() > 4 {
                    return Err("more than 4 arguments are not supported yet".into());
                }
                let defs = args.iter().map(|&a| self.vreg_of(a)).collect();
                self.emit(Inst::Args { defs });
            } else {
                for &p in f.dfg.block_params(b) {
                    params.push(VReg::new(
                        self.vreg_of(p).0 as usize,
                        regalloc2::RegClass::Int,
                    ));
                }
            }
            let mut term = None;
            for inst in f.layout.block_insts(b) {
                if f.dfg.insts[inst].opcode().is_terminator() {
                    term = Some(inst);
                    break;
                }
                self.lower_inst(inst)
                    .map_err(|e| format!("{e} (in `{}`)", f.dfg.display_inst(inst)))?;
            }
            let term = term.ok_or_else(|| format!("{b} has no terminator"))?;
            let (succs, succ_args) = self
                .lower_terminator(b, term)
                .map_err(|e| format!("{e} (in `{}`)", f.dfg.display_inst(term)))?;
            self.finish_block(start, params, succs, succ_args);
            // Edge blocks of this block's split critical edges, in successor order.
            let targets = Self::succs_of(f, b)?;
            for (i, (s, args)) in targets.iter().enumerate() {
                if self.edge_blocks.contains_key(&(b, i)) {
                    let start = self.vcode.insts.len() as u32;
                    let regs: Vec<VReg> = args
                        .iter()
                        .map(|&a| VReg::new(self.reg(a).0 as usize, regalloc2::RegClass::Int))
                        .collect();
                    let target = self.mblock[s];
                    self.emit(Inst::Jump { target });
                    self.finish_block(start, vec![], vec![target], vec![regs]);
                }
            }
        }
        Ok(())
    }

    fn finish_block(
        &mut self,
        start: u32,
        params: Vec<VReg>,
        succs: Vec<u32>,
        succ_args: Vec<Vec<VReg>>,
    ) {
        self.vcode.insts.append(&mut self.cur);
        let end = self.vcode.insts.len() as u32;
        self.vcode.blocks.push(VBlock {
            start,
            end,
            succs: succs.into_iter().map(|s| Block::new(s as usize)).collect(),
            preds: vec![],
            params,
            succ_args,
        });
    }

    /// Lowers a terminator; returns the machine successors and their block arguments.
    #[allow(clippy::type_complexity)]
    fn lower_terminator(
        &mut self,
        b: ir::Block,
        term: ir::Inst,
    ) -> Result<(Vec<u32>, Vec<Vec<VReg>>), String> {
        let f = self.f;
        let targets = Self::succs_of(f, b)?;
        // Machine target and block arguments (empty when the edge is split).
        let mut succs = Vec::new();
        let mut succ_args = Vec::new();
        for (i, (s, args)) in targets.iter().enumerate() {
            if let Some(&e) = self.edge_blocks.get(&(b, i)) {
                succs.push(e);
                succ_args.push(vec![]);
            } else {
                succs.push(self.mblock[s]);
                let regs = args
                    .iter()
                    .map(|&a| VReg::new(self.reg(a).0 as usize, regalloc2::RegClass::Int))
                    .collect();
                succ_args.push(regs);
            }
        }
        match f.dfg.insts[term] {
            InstructionData::Jump { .. } => self.emit(Inst::Jump { target: succs[0] }),
            InstructionData::Brif { arg, .. }
                if self
                    .def_inst(arg)
                    .is_some_and(|d| self.fused_ov.contains(&d)) =>
            {
                // The operation goes right before the branch, after any constant
                // materialisation above, so nothing clobbers the flags in between.
                let d = self.def_inst(arg).ok_or("lost overflow operation")?;
                let ov = self.lower_overflow(d, false);
                self.emit(Inst::FlagBr {
                    cc: ov.cond(),
                    taken: succs[0],
                    not_taken: succs[1],
                });
            }
            InstructionData::Brif { arg, .. } => {
                let (cmp, cc) = self.condition(arg)?;
                self.emit(Inst::CondBr {
                    cmp,
                    cc,
                    taken: succs[0],
                    not_taken: succs[1],
                });
            }
            InstructionData::MultiAry {
                opcode: Opcode::Return,
                ..
            } => {
                let vals = f.dfg.inst_args(term);
                if vals.len() > 1 {
                    return Err("more than one return value is not supported".into());
                }
                let val = vals.first().map(|&v| self.reg(v));
                self.emit(Inst::Ret { val });
            }
            InstructionData::Trap { .. } => self.emit(Inst::Trap),
            ref other => return Err(format!("unsupported opcode {}", other.opcode())),
        }
        Ok((succs, succ_args))
    }

    fn result(&mut self, inst: ir::Inst) -> Reg {
        let v = self.f.dfg.first_result(inst);
        self.vreg_of(v)
    }

    fn lower_inst(&mut self, inst: ir::Inst) -> Result<(), String> {
        let f = self.f;
        let dfg = &f.dfg;
        let data = dfg.insts[inst];
        let op = data.opcode();
        let results = dfg.inst_results(inst);
        // Pure instructions whose results are all unused (or fused away) emit nothing.
        let pure = !op.can_store()
            && !op.is_call()
            && !op.can_trap()
            && !op.other_side_effects()
            && !matches!(
                op,
                Opcode::Sdiv | Opcode::Udiv | Opcode::Srem | Opcode::Urem
            );
        if pure
            && !results.is_empty()
            && results
                .iter()
                .all(|r| self.uses.get(r).copied().unwrap_or(0) == 0)
        {
            return Ok(());
        }
        let args = dfg.inst_args(inst);
        let ty = if results.is_empty() {
            types::I32
        } else {
            dfg.value_type(results[0])
        };
        let narrow = ty != types::I32 && ty != types::F32;
        match op {
            Opcode::Nop => {}
            // A compiler barrier around `machine.memN` accesses (it keeps the mid-end from
            // merging or forwarding them). The Cortex-M cores upyc targets are single-core
            // and in order, with Device memory accessed in program order, so no `dmb` is
            // needed (MicroPython's `mem32` does not emit one either).
            Opcode::Fence => {}
            // Rematerialised at each use, unless kept in a register (see `lower`).
            Opcode::Iconst => {
                let v = results[0];
                if !self.consts.contains_key(&v) {
                    if let InstructionData::UnaryImm { imm, .. } = data {
                        let rd = self.result(inst);
                        self.emit(Inst::MovImm {
                            rd,
                            imm: imm.bits() as u32,
                        });
                    }
                }
            }
            Opcode::F32const => {} // rematerialised at each use
            Opcode::Fadd | Opcode::Fsub | Opcode::Fmul | Opcode::Fdiv => {
                let op = match op {
                    Opcode::Fadd => FpOp::Add,
                    Opcode::Fsub => FpOp::Sub,
                    Opcode::Fmul => FpOp::Mul,
                    _ => FpOp::Div,
                };
                let rn = self.reg(args[0]);
                let rm = Some(self.reg(args[1]));
                let rd = self.result(inst);
                self.emit(Inst::Fp { op, rd, rn, rm });
            }
            Opcode::Fneg | Opcode::Sqrt | Opcode::FcvtFromSint | Opcode::FcvtToSintSat => {
                let op = match op {
                    Opcode::Fneg => FpOp::Neg,
                    Opcode::Sqrt => FpOp::Sqrt,
                    Opcode::FcvtFromSint => FpOp::FromSint,
                    _ => FpOp::ToSintSat,
                };
                // 32-bit operand and result (an i32 or an f32 in a core register).
                let word = |t: Type| t == types::I32 || t == types::F32;
                if !word(self.ty(args[0])) || !word(ty) {
                    return Err(format!("unsupported types for {op:?}"));
                }
                let rn = self.reg(args[0]);
                let rd = self.result(inst);
                self.emit(Inst::Fp {
                    op,
                    rd,
                    rn,
                    rm: None,
                });
            }
            Opcode::Bitcast => {
                if let Some(c) = self.const_of(args[0]) {
                    self.define_const(results[0], u64::from(c));
                } else {
                    let r = self.vreg_of(args[0]);
                    self.alias(results[0], r);
                }
            }
            Opcode::Fcmp => {
                let InstructionData::FloatCompare { cond, .. } = data else {
                    return Err("malformed fcmp".into());
                };
                let (cmp, cc) = self.fcompare(cond, args[0], args[1])?;
                let rd = self.result(inst);
                self.clean.insert(results[0], Clean::Bool);
                self.emit(Inst::SetCc { cmp, cc, rd });
            }
            Opcode::Band | Opcode::Bor if self.fused_not.contains_key(&inst) => {
                let i = self.fused_not[&inst];
                let inner = self.bnot_of(args[i]).ok_or("lost bnot")?;
                let rn = self.reg(args[1 - i]);
                let rm = Operand2::Reg(self.reg(inner));
                let rd = self.result(inst);
                let op = if op == Opcode::Band {
                    AluOp::Bic
                } else {
                    AluOp::Orn
                };
                self.emit(Inst::Alu { op, rd, rn, rm });
            }
            Opcode::Iadd | Opcode::Isub | Opcode::Band | Opcode::Bor | Opcode::Bxor
                if self.fused_shift.contains_key(&inst) =>
            {
                let i = self.fused_shift[&inst];
                let (sh, x, k) = self.const_shift_of(args[i]).ok_or("lost shift")?;
                let alu = match op {
                    Opcode::Iadd => AluOp::Add,
                    Opcode::Isub if i == 1 => AluOp::Sub,
                    Opcode::Isub => AluOp::Rsb,
                    Opcode::Band => AluOp::And,
                    Opcode::Bor => AluOp::Orr,
                    _ => AluOp::Eor,
                };
                let rn = self.reg(args[1 - i]);
                let rm = self.reg(x);
                let rd = self.result(inst);
                self.emit(Inst::AluShift {
                    op: alu,
                    rd,
                    rn,
                    rm,
                    sh,
                    amt: k as u8,
                });
            }
            Opcode::Iadd | Opcode::Band | Opcode::Bor | Opcode::Bxor => {
                let alu = match op {
                    Opcode::Iadd => AluOp::Add,
                    Opcode::Band => AluOp::And,
                    Opcode::Bor => AluOp::Orr,
                    _ => AluOp::Eor,
                };
                let (a, b) = if self.const_of(args[0]).is_some() {
                    (args[1], args[0])
                } else {
                    (args[0], args[1])
                };
                let rn = self.reg(a);
                let rm = self.operand(b);
                let rd = self.result(inst);
                self.emit(Inst::Alu {
                    op: alu,
                    rd,
                    rn,
                    rm,
                });
            }
            Opcode::Isub => {
                if let (Some(c), None) = (self.const_of(args[0]), self.const_of(args[1])) {
                    let rn = self.reg(args[1]);
                    let rd = self.result(inst);
                    self.emit(Inst::Alu {
                        op: AluOp::Rsb,
                        rd,
                        rn,
                        rm: Operand2::Imm(c),
                    });
                } else {
                    let rn = self.reg(args[0]);
                    let rm = self.operand(args[1]);
                    let rd = self.result(inst);
                    self.emit(Inst::Alu {
                        op: AluOp::Sub,
                        rd,
                        rn,
                        rm,
                    });
                }
            }
            Opcode::Imul => {
                let rn = self.reg(args[0]);
                let rm = self.reg(args[1]);
                let rd = self.result(inst);
                self.emit(Inst::Mul { rd, rn, rm });
            }
            Opcode::Ineg | Opcode::Bnot => {
                let rm = self.reg(args[0]);
                let rd = self.result(inst);
                let op = if op == Opcode::Ineg {
                    UnOp::Neg
                } else {
                    UnOp::Mvn
                };
                self.emit(Inst::Unary { op, rd, rm });
            }
            Opcode::Clz => {
                if narrow {
                    return Err(format!("unsupported type {ty} for clz"));
                }
                let rm = self.reg(args[0]);
                let rd = self.result(inst);
                self.emit(Inst::Unary {
                    op: UnOp::Clz,
                    rd,
                    rm,
                });
            }
            Opcode::Ishl | Opcode::Ushr | Opcode::Sshr | Opcode::Rotl | Opcode::Rotr => {
                self.lower_shift(inst, op, ty, args[0], args[1])?;
            }
            Opcode::Icmp => {
                let InstructionData::IntCompare { cond, .. } = data else {
                    return Err("malformed icmp".into());
                };
                let (cmp, cc) = self.compare(cond, args[0], args[1]);
                let rd = self.result(inst);
                self.clean.insert(results[0], Clean::Bool);
                self.emit(Inst::SetCc { cmp, cc, rd });
            }
            Opcode::Select | Opcode::SelectSpectreGuard => {
                let (cmp, cc) = self.condition(args[0])?;
                let t = self.reg(args[1]);
                let fr = self.reg(args[2]);
                let rd = self.result(inst);
                self.emit(Inst::Select {
                    cmp,
                    cc,
                    rd,
                    t,
                    f: fr,
                });
            }
            Opcode::Smin | Opcode::Smax | Opcode::Umin | Opcode::Umax => {
                let signed = matches!(op, Opcode::Smin | Opcode::Smax);
                let a = self.ext(args[0], signed);
                let b = self.ext(args[1], signed);
                let cc = match op {
                    Opcode::Smin => Cond::Lt,
                    Opcode::Smax => Cond::Gt,
                    Opcode::Umin => Cond::Lo,
                    _ => Cond::Hi,
                };
                let rd = self.result(inst);
                self.emit(Inst::Select {
                    cmp: Cmp {
                        lhs: a,
                        rhs: Operand2::Reg(b),
                        float: false,
                        test: false,
                    },
                    cc,
                    rd,
                    t: a,
                    f: b,
                });
            }
            Opcode::Sdiv | Opcode::Udiv | Opcode::Srem | Opcode::Urem => {
                let signed = matches!(op, Opcode::Sdiv | Opcode::Srem);
                let rn = self.ext(args[0], signed);
                let rm = self.ext(args[1], signed);
                let rd = self.result(inst);
                self.emit(match op {
                    Opcode::Sdiv | Opcode::Udiv => Inst::Div { signed, rd, rn, rm },
                    _ => Inst::Rem { signed, rd, rn, rm },
                });
            }
            Opcode::Umulhi | Opcode::Smulhi => {
                if narrow {
                    return Err(format!("unsupported type {ty} for {op}"));
                }
                let rn = self.reg(args[0]);
                let rm = self.reg(args[1]);
                let rd = self.result(inst);
                self.emit(Inst::MulHi {
                    signed: op == Opcode::Smulhi,
                    rd,
                    rn,
                    rm,
                });
            }
            Opcode::Uextend | Opcode::Sextend => {
                let a = args[0];
                let signed = op == Opcode::Sextend;
                if let Some(c) = self.const_of(a) {
                    let t = self.ty(a);
                    let x = match (signed, t.bits()) {
                        (true, 8) => c as u8 as i8 as i32 as u32,
                        (true, 16) => c as u16 as i16 as i32 as u32,
                        _ => c,
                    };
                    self.define_const(results[0], u64::from(x) & mask_of(ty));
                } else if self.ty(a) == types::I32 {
                    let r = self.vreg_of(a);
                    self.alias(results[0], r);
                } else {
                    let r = self.ext(a, signed);
                    self.alias(results[0], r);
                    if !signed {
                        self.clean.insert(results[0], Clean::Zext);
                    }
                }
            }
            Opcode::Ireduce => {
                let a = args[0];
                if let Some(c) = self.const_of(a) {
                    self.define_const(results[0], u64::from(c) & mask_of(ty));
                } else {
                    let r = self.vreg_of(a);
                    self.alias(results[0], r);
                    if self.clean.get(&a) == Some(&Clean::Bool) {
                        self.clean.insert(results[0], Clean::Bool);
                    }
                }
            }
            Opcode::SaddOverflow
            | Opcode::UaddOverflow
            | Opcode::SsubOverflow
            | Opcode::UsubOverflow
            | Opcode::SmulOverflow
            | Opcode::UmulOverflow => {
                if narrow {
                    return Err(format!("unsupported type {ty} for {op}"));
                }
                if !self.fused_ov.contains(&inst) {
                    self.lower_overflow(inst, true);
                }
            }
            Opcode::Load | Opcode::Uload8 | Opcode::Sload8 | Opcode::Uload16 | Opcode::Sload16 => {
                let InstructionData::Load { arg, offset, .. } = data else {
                    return Err("malformed load".into());
                };
                let kind = match op {
                    Opcode::Uload8 => MemKind::U8,
                    Opcode::Sload8 => MemKind::S8,
                    Opcode::Uload16 => MemKind::U16,
                    Opcode::Sload16 => MemKind::S16,
                    _ => match ty.bits() {
                        8 => MemKind::U8,
                        16 => MemKind::U16,
                        _ => MemKind::Word,
                    },
                };
                if matches!(kind, MemKind::U8 | MemKind::U16) {
                    self.clean.insert(results[0], Clean::Zext);
                }
                let addr = self.address(inst, arg, offset.into());
                let rt = self.result(inst);
                self.emit(Inst::Load { kind, rt, addr });
            }
            Opcode::Store | Opcode::Istore8 | Opcode::Istore16 => {
                let InstructionData::Store { args, offset, .. } = data else {
                    return Err("malformed store".into());
                };
                let kind = match op {
                    Opcode::Istore8 => MemKind::U8,
                    Opcode::Istore16 => MemKind::U16,
                    _ => match self.ty(args[0]).bits() {
                        8 => MemKind::U8,
                        16 => MemKind::U16,
                        _ => MemKind::Word,
                    },
                };
                let rt = self.reg(args[0]);
                let addr = self.address(inst, args[1], offset.into());
                self.emit(Inst::Store { kind, rt, addr });
            }
            Opcode::StackAddr => {
                let InstructionData::StackAddr {
                    stack_slot, offset, ..
                } = data
                else {
                    return Err("malformed stack_addr".into());
                };
                let rd = self.result(inst);
                self.emit(Inst::StackAddr {
                    rd,
                    slot: stack_slot.as_u32(),
                    off: offset.into(),
                });
            }
            Opcode::SymbolValue => {
                let InstructionData::UnaryGlobalValue { global_value, .. } = data else {
                    return Err("malformed global value".into());
                };
                match &f.global_values[global_value] {
                    GlobalValueData::Symbol {
                        name, offset, tls, ..
                    } => {
                        if *tls {
                            return Err("thread-local symbols are not supported".into());
                        }
                        let idx = self.sym_of_name(name, 1)?;
                        let addend = i32::try_from(offset.bits())
                            .map_err(|_| "symbol offset out of range")?;
                        let rd = self.result(inst);
                        self.emit(Inst::MovSym {
                            rd,
                            sym: SymRef::Data(idx),
                            addend,
                        });
                    }
                    other => return Err(format!("unsupported global value {other}")),
                }
            }
            Opcode::FuncAddr => {
                let InstructionData::FuncAddr { func_ref, .. } = data else {
                    return Err("malformed func_addr".into());
                };
                let idx = self.sym_of_name(&dfg.ext_funcs[func_ref].name, 0)?;
                let rd = self.result(inst);
                self.emit(Inst::MovSym {
                    rd,
                    sym: SymRef::Func(idx),
                    addend: 0,
                });
            }
            Opcode::GetStackPointer => {
                let rd = self.result(inst);
                self.emit(Inst::GetSp { rd });
            }
            Opcode::Call | Opcode::CallIndirect => self.lower_call(inst)?,
            Opcode::Trapz | Opcode::Trapnz => {
                let (cmp, cc) = self.condition(args[0])?;
                let cc = if op == Opcode::Trapz { cc.invert() } else { cc };
                self.emit(Inst::TrapIf { cmp, cc });
            }
            Opcode::UaddOverflowTrap => {
                let rn = self.reg(args[0]);
                let rm = self.operand(args[1]);
                let rd = self.result(inst);
                let flag = self.new_reg();
                self.emit(Inst::Overflow {
                    op: OvOp::Uadd,
                    rd,
                    flag: Some(flag),
                    rn,
                    rm,
                });
                self.emit(Inst::TrapIf {
                    cmp: Cmp {
                        lhs: flag,
                        rhs: Operand2::Imm(0),
                        float: false,
                        test: false,
                    },
                    cc: Cond::Ne,
                });
            }
            _ => return Err(format!("unsupported opcode {op}")),
        }
        Ok(())
    }

    /// Emits an overflow operation; without `with_flag` only the condition flags are set.
    fn lower_overflow(&mut self, inst: ir::Inst, with_flag: bool) -> OvOp {
        let dfg = &self.f.dfg;
        let args = dfg.inst_args(inst);
        let results = dfg.inst_results(inst);
        let ov = match dfg.insts[inst].opcode() {
            Opcode::SaddOverflow => OvOp::Sadd,
            Opcode::UaddOverflow => OvOp::Uadd,
            Opcode::SsubOverflow => OvOp::Ssub,
            Opcode::UsubOverflow => OvOp::Usub,
            Opcode::SmulOverflow => OvOp::Smul,
            _ => OvOp::Umul,
        };
        let commutative = matches!(ov, OvOp::Sadd | OvOp::Uadd);
        let (a, b) = if commutative && self.const_of(args[0]).is_some() {
            (args[1], args[0])
        } else {
            (args[0], args[1])
        };
        let rn = self.reg(a);
        let rm = if matches!(ov, OvOp::Smul | OvOp::Umul) {
            Operand2::Reg(self.reg(b))
        } else {
            self.operand(b)
        };
        let rd = self.vreg_of(results[0]);
        let flag = if with_flag {
            self.clean.insert(results[1], Clean::Bool);
            Some(self.vreg_of(results[1]))
        } else {
            None
        };
        self.emit(Inst::Overflow {
            op: ov,
            rd,
            flag,
            rn,
            rm,
        });
        ov
    }

    /// The address `p + offset` of load or store `inst`, folding a `stack_addr` base into
    /// a slot access and an `iadd` into the addressing mode when planned.
    fn address(&mut self, inst: ir::Inst, p: Value, offset: i32) -> Addr {
        if let Some((slot, off)) = self.slot_of(p) {
            return Addr::Slot(slot, off.wrapping_add(offset));
        }
        match self.addr_plans.get(&inst).copied() {
            Some(AddrPlan::Offset { base, off }) => Addr::Reg(self.reg(base), off),
            Some(AddrPlan::Index { base, index, shift }) => {
                Addr::Index(self.reg(base), self.reg(index), shift)
            }
            Some(AddrPlan::Based {
                base,
                index,
                shift,
                off,
            }) => {
                let t = match self.bases.get(&(base, index, shift)) {
                    Some(&t) => t,
                    None => {
                        let rn = self.reg(base);
                        let rm = self.reg(index);
                        let rd = self.new_reg();
                        self.emit(if shift == 0 {
                            Inst::Alu {
                                op: AluOp::Add,
                                rd,
                                rn,
                                rm: Operand2::Reg(rm),
                            }
                        } else {
                            Inst::AluShift {
                                op: AluOp::Add,
                                rd,
                                rn,
                                rm,
                                sh: ShiftOp::Lsl,
                                amt: shift as u8,
                            }
                        });
                        self.bases.insert((base, index, shift), rd);
                        rd
                    }
                };
                Addr::Reg(t, off)
            }
            None => Addr::Reg(self.reg(p), offset),
        }
    }

    fn lower_shift(
        &mut self,
        inst: ir::Inst,
        op: Opcode,
        ty: Type,
        x: Value,
        amt: Value,
    ) -> Result<(), String> {
        let bits = ty.bits();
        let narrow = bits != 32;
        if narrow && matches!(op, Opcode::Rotl | Opcode::Rotr) {
            return Err(format!("unsupported type {ty} for {op}"));
        }
        let sop = match op {
            Opcode::Ishl => ShiftOp::Lsl,
            Opcode::Ushr => ShiftOp::Lsr,
            Opcode::Sshr => ShiftOp::Asr,
            Opcode::Rotl => ShiftOp::Rol,
            _ => ShiftOp::Ror,
        };
        let rn = match sop {
            ShiftOp::Lsr => self.ext(x, false),
            ShiftOp::Asr => self.ext(x, true),
            _ => self.reg(x),
        };
        let amt = match self.const_of(amt) {
            Some(k) => Operand2::Imm(k & (bits - 1)),
            None => {
                let r = self.vreg_of(amt);
                if narrow {
                    let t = self.new_reg();
                    self.emit(Inst::Alu {
                        op: AluOp::And,
                        rd: t,
                        rn: r,
                        rm: Operand2::Imm(bits - 1),
                    });
                    Operand2::Reg(t)
                } else {
                    Operand2::Reg(r)
                }
            }
        };
        let rd = self.result(inst);
        self.emit(Inst::Shift {
            op: sop,
            rd,
            rn,
            amt,
        });
        Ok(())
    }

    fn lower_call(&mut self, inst: ir::Inst) -> Result<(), String> {
        let f = self.f;
        let dfg = &f.dfg;
        let (callee, args): (Callee, &[Value]) = match dfg.insts[inst] {
            InstructionData::Call { func_ref, .. } => {
                let idx = self.sym_of_name(&dfg.ext_funcs[func_ref].name, 0)?;
                (Callee::Sym(SymRef::Func(idx)), dfg.inst_args(inst))
            }
            InstructionData::CallIndirect { .. } => {
                let all = dfg.inst_args(inst);
                let r = self.reg(all[0]);
                (Callee::Reg(r), &all[1..])
            }
            _ => return Err("malformed call".into()),
        };
        if args.len() > 4 {
            return Err("calls with more than 4 arguments are not supported yet".into());
        }
        let results = dfg.inst_results(inst);
        if results.len() > 1 {
            return Err("calls with more than one result are not supported".into());
        }
        let mut arg_regs = Vec::new();
        for &a in args {
            // Narrow arguments are passed extended, as AAPCS requires.
            let signed = false;
            arg_regs.push(self.ext(a, signed));
        }
        let ret = results.first().map(|&r| self.vreg_of(r));
        self.emit(Inst::Call {
            callee,
            args: arg_regs,
            ret,
        });
        Ok(())
    }
}
