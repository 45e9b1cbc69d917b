//! Encoding: one bytecode operation per CLIF instruction (format in
//! [`upyc_abi::bytecode`]), branch arguments as parallel moves, an `icmp` feeding the
//! branch right after it fused into `BRCMP`.

use super::regs::{self, Alloc};
use crate::backend::successors;
use crate::backend::PoolEntry;
use cranelift_codegen::ir::{
    self,
    condcodes::{CondCode, IntCC},
    ExternalName, GlobalValueData, InstructionData, Opcode, Value,
};
use std::collections::{HashMap, HashSet};
use upyc_abi::bytecode as bc;

/// The program's symbol pool as it fills.
#[derive(Default)]
pub struct Pool {
    /// The entries, in pool order.
    pub entries: Vec<PoolEntry>,
    ids: HashMap<PoolEntry, u32>,
}

impl Pool {
    /// The index of `entry`, adding it.
    pub fn index(&mut self, entry: PoolEntry) -> u32 {
        if let Some(&i) = self.ids.get(&entry) {
            return i;
        }
        let i = self.entries.len() as u32;
        self.entries.push(entry);
        self.ids.insert(entry, i);
        i
    }

    /// Drops the entries added since the pool had `len` of them.
    pub fn truncate(&mut self, len: usize) {
        for e in self.entries.drain(len..) {
            self.ids.remove(&e);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Src {
    Reg(u32),
    Const(i64),
}

#[derive(Clone, Copy)]
enum Label {
    Block(ir::Block),
    Stub(usize),
}

struct Enc<'a> {
    f: &'a ir::Function,
    a: &'a Alloc,
    pool: &'a mut Pool,
    word_bits: u32,
    code: Vec<u8>,
    blocks: HashMap<ir::Block, usize>,
    fixups: Vec<(usize, Label)>,
    /// Edge stubs: moves into a block's parameters, then a jump to it.
    stubs: Vec<(Vec<(u32, Src)>, ir::Block)>,
    stub_pos: Vec<usize>,
    scratch_used: bool,
    /// Byte offset of each stack slot in the frame's stack area.
    slots: HashMap<ir::StackSlot, u32>,
    /// `icmp`s encoded with the branch that follows them.
    fused: HashSet<ir::Inst>,
    /// Values read somewhere.
    used: HashSet<Value>,
    /// The landing table: `(block, register)` of each [`bc::CHKZ`] landing.
    landings: Vec<(ir::Block, u32)>,
}

fn cc_code(cc: IntCC) -> u8 {
    match cc {
        IntCC::Equal => bc::CC_EQ,
        IntCC::NotEqual => bc::CC_NE,
        IntCC::SignedLessThan => bc::CC_SLT,
        IntCC::SignedGreaterThanOrEqual => bc::CC_SGE,
        IntCC::SignedGreaterThan => bc::CC_SGT,
        IntCC::SignedLessThanOrEqual => bc::CC_SLE,
        IntCC::UnsignedLessThan => bc::CC_ULT,
        IntCC::UnsignedGreaterThanOrEqual => bc::CC_UGE,
        IntCC::UnsignedGreaterThan => bc::CC_UGT,
        IntCC::UnsignedLessThanOrEqual => bc::CC_ULE,
    }
}

fn binary_op(op: Opcode) -> Option<u8> {
    Some(match op {
        Opcode::Iadd => bc::ADD,
        Opcode::Isub => bc::SUB,
        Opcode::Imul => bc::MUL,
        Opcode::Band => bc::AND,
        Opcode::Bor => bc::OR,
        Opcode::Bxor => bc::XOR,
        Opcode::Ishl => bc::SHL,
        Opcode::Ushr => bc::USHR,
        Opcode::Sshr => bc::SSHR,
        Opcode::Sdiv => bc::SDIV,
        Opcode::Udiv => bc::UDIV,
        Opcode::Srem => bc::SREM,
        Opcode::Urem => bc::UREM,
        Opcode::Rotl => bc::ROTL,
        Opcode::Rotr => bc::ROTR,
        Opcode::Smin => bc::SMIN,
        Opcode::Smax => bc::SMAX,
        Opcode::Umin => bc::UMIN,
        Opcode::Umax => bc::UMAX,
        Opcode::Smulhi => bc::SMULHI,
        Opcode::Umulhi => bc::UMULHI,
        _ => return None,
    })
}

fn overflow_op(op: Opcode) -> Option<u8> {
    Some(match op {
        Opcode::SaddOverflow => bc::SADDO,
        Opcode::SsubOverflow => bc::SSUBO,
        Opcode::SmulOverflow => bc::SMULO,
        Opcode::UaddOverflow => bc::UADDO,
        Opcode::UsubOverflow => bc::USUBO,
        Opcode::UmulOverflow => bc::UMULO,
        _ => return None,
    })
}

/// True for operations whose result on a type narrower than the word is correct only
/// after zero-extension (registers hold narrow values zero-extended).
fn needs_zext(op: u8) -> bool {
    matches!(op, bc::ADD | bc::SUB | bc::MUL | bc::NOT | bc::NEG)
}

/// True for operations that are wrong on narrow types with zero-extended registers.
fn signed_or_width_dependent(op: u8) -> bool {
    matches!(
        op,
        bc::SHL
            | bc::USHR
            | bc::SSHR
            | bc::SDIV
            | bc::SREM
            | bc::ROTL
            | bc::ROTR
            | bc::SMIN
            | bc::SMAX
            | bc::SMULHI
            | bc::UMULHI
    )
}

/// Encodes `f` with the registers of `a`; symbols go to `pool`.
pub fn encode(
    f: &ir::Function,
    a: &Alloc,
    pool: &mut Pool,
    word_bits: u32,
) -> Result<Encoded, String> {
    for p in &f.signature.params {
        if !p.value_type.is_int() || p.value_type.bits() > word_bits {
            return Err(format!("parameter type {}", p.value_type));
        }
    }
    let mut e = Enc {
        f,
        a,
        pool,
        word_bits,
        code: Vec::new(),
        blocks: HashMap::new(),
        fixups: Vec::new(),
        stubs: Vec::new(),
        stub_pos: Vec::new(),
        scratch_used: false,
        slots: HashMap::new(),
        fused: HashSet::new(),
        used: HashSet::new(),
        landings: Vec::new(),
    };
    let mut frame_bytes = 0u32;
    for (slot, data) in f.sized_stack_slots.iter() {
        let align = 1u32 << data.align_shift;
        frame_bytes = frame_bytes.div_ceil(align) * align;
        e.slots.insert(slot, frame_bytes);
        frame_bytes += data.size;
    }
    e.find_fusions()?;
    let blocks: Vec<ir::Block> = f.layout.blocks().collect();
    for (i, &block) in blocks.iter().enumerate() {
        e.blocks.insert(block, e.code.len());
        let next = blocks.get(i + 1).copied();
        for inst in f.layout.block_insts(block) {
            if !e.fused.contains(&inst) {
                e.inst(inst, next)?;
            }
        }
    }
    for k in 0..e.stubs.len() {
        e.stub_pos.push(e.code.len());
        let (moves, block) = e.stubs[k].clone();
        e.moves(moves);
        e.jump(Label::Block(block));
    }
    if e.code.len() > 0xffff {
        return Err("function too large for 16-bit branch offsets".into());
    }
    for &(at, label) in &e.fixups {
        let target = match label {
            Label::Block(b) => *e.blocks.get(&b).ok_or("branch to a missing block")?,
            Label::Stub(k) => e.stub_pos[k],
        };
        e.code[at..at + 2].copy_from_slice(&(target as u16).to_le_bytes());
    }
    let wb = word_bits / 8;
    let nregs = a.nregs + u32::from(e.scratch_used);
    let mut code = Vec::new();
    uleb(&mut code, u64::from(nregs));
    uleb(&mut code, e.landings.len() as u64);
    for &(block, reg) in &e.landings {
        let target = *e.blocks.get(&block).ok_or("landing in a missing block")?;
        code.extend_from_slice(&(target as u16).to_le_bytes());
        code.push(reg as u8);
    }
    code.extend_from_slice(&e.code);
    let entry = f
        .layout
        .entry_block()
        .ok_or("function without an entry block")?;
    let params = f
        .dfg
        .block_params(entry)
        .iter()
        .map(|&p| e.reg(p))
        .collect::<Result<Vec<u32>, String>>()?;
    Ok(Encoded {
        code,
        frame_words: nregs + frame_bytes.div_ceil(wb),
        params,
    })
}

/// A function in bytecode.
pub struct Encoded {
    /// The code object: `varint nregs`, then the operations.
    pub code: Vec<u8>,
    /// Words of its frame: registers, then stack slots.
    pub frame_words: u32,
    /// The register of each parameter.
    pub params: Vec<u32>,
}

/// Appends `x` as an unsigned LEB128 varint.
pub(crate) fn uleb(out: &mut Vec<u8>, mut x: u64) {
    loop {
        let b = (x & 0x7f) as u8;
        x >>= 7;
        if x == 0 {
            out.push(b);
            return;
        }
        out.push(b | 0x80);
    }
}

/// The zig-zag encoding of `c` (small magnitudes become small unsigned numbers).
pub(crate) fn zigzag(c: i64) -> u64 {
    ((c << 1) ^ (c >> 63)) as u64
}

impl Enc<'_> {
    fn find_fusions(&mut self) -> Result<(), String> {
        let f = self.f;
        let dfg = &f.dfg;
        let mut uses: HashMap<Value, usize> = HashMap::new();
        for block in f.layout.blocks() {
            for inst in f.layout.block_insts(block) {
                let mut vals: Vec<Value> = dfg.inst_args(inst).to_vec();
                if dfg.insts[inst].opcode().is_branch() {
                    for (_, args) in successors(f, inst)? {
                        vals.extend(args);
                    }
                }
                for v in vals {
                    *uses.entry(v).or_default() += 1;
                    self.used.insert(v);
                }
            }
            let Some(term) = f.layout.last_inst(block) else {
                continue;
            };
            let InstructionData::Brif { arg, .. } = dfg.insts[term] else {
                continue;
            };
            let Some(prev) = f.layout.prev_inst(term) else {
                continue;
            };
            let is_cmp = matches!(dfg.insts[prev].opcode(), Opcode::Icmp);
            if is_cmp && dfg.first_result(prev) == arg {
                self.fused.insert(prev);
            }
        }
        // Only compares whose one use is that branch.
        let fused: Vec<ir::Inst> = self.fused.iter().copied().collect();
        for inst in fused {
            let r = dfg.first_result(inst);
            let ok = uses.get(&r) == Some(&1) && self.cmp_of(inst).is_ok();
            if !ok {
                self.fused.remove(&inst);
            }
        }
        Ok(())
    }

    fn byte(&mut self, b: u8) {
        self.code.push(b);
    }

    fn uleb(&mut self, x: u64) {
        uleb(&mut self.code, x);
    }

    fn src(&mut self, s: Src) {
        match s {
            Src::Reg(r) => self.uleb(u64::from(r) << 1),
            Src::Const(c) => self.uleb((zigzag(c) << 1) | 1),
        }
    }

    fn reg(&self, v: Value) -> Result<u32, String> {
        self.a
            .reg
            .get(&v)
            .copied()
            .ok_or_else(|| format!("value {v} has no register"))
    }

    fn operand(&self, v: Value) -> Result<Src, String> {
        match self.a.consts.get(&v) {
            Some(&c) => Ok(Src::Const(c)),
            None => self.reg(v).map(Src::Reg),
        }
    }

    fn scratch(&mut self) -> u32 {
        self.scratch_used = true;
        self.a.nregs
    }

    fn target(&mut self, label: Label) {
        self.fixups.push((self.code.len(), label));
        self.code.extend_from_slice(&[0, 0]);
    }

    fn jump(&mut self, label: Label) {
        self.byte(bc::JMP);
        self.target(label);
    }

    fn ty_bits(&self, v: Value) -> Result<u32, String> {
        let ty = self.f.dfg.value_type(v);
        if !ty.is_int() || ty.bits() > self.word_bits {
            return Err(format!("value type {ty}"));
        }
        Ok(ty.bits())
    }

    fn narrow(&self, v: Value) -> Result<bool, String> {
        Ok(self.ty_bits(v)? < self.word_bits)
    }

    /// Zero-extends register `d` (holding `v`) when `v`'s type is narrower than a word.
    fn normalise(&mut self, d: u32, v: Value) -> Result<(), String> {
        let bits = self.ty_bits(v)?;
        if bits < self.word_bits {
            self.byte(bc::ZEXT);
            self.byte(bits as u8);
            self.uleb(u64::from(d));
            self.src(Src::Reg(d));
        }
        Ok(())
    }

    /// The condition, operands and whether a fused compare is signed.
    fn cmp_of(&self, inst: ir::Inst) -> Result<(IntCC, Src, Src), String> {
        let dfg = &self.f.dfg;
        let (cc, a, b) = match dfg.insts[inst] {
            InstructionData::IntCompare { cond, args, .. } => {
                (cond, self.operand(args[0])?, self.operand(args[1])?)
            }
            _ => return Err("not a compare".into()),
        };
        let arg0 = dfg.inst_args(inst)[0];
        if self.narrow(arg0)? && !matches!(cc, IntCC::Equal | IntCC::NotEqual) {
            // Narrow operands are zero-extended: only unsigned orders hold.
            if !matches!(
                cc,
                IntCC::UnsignedLessThan
                    | IntCC::UnsignedGreaterThanOrEqual
                    | IntCC::UnsignedGreaterThan
                    | IntCC::UnsignedLessThanOrEqual
            ) {
                return Err("signed compare of a narrow type".into());
            }
        }
        Ok((cc, a, b))
    }

    fn symbol(&mut self, name: &ExternalName) -> Result<u32, String> {
        let ExternalName::User(r) = name else {
            return Err("non-user external name".into());
        };
        let n = &self.f.params.user_named_funcs()[*r];
        let entry = match n.namespace {
            0 => PoolEntry::Func(n.index),
            1 => PoolEntry::Data(n.index),
            other => return Err(format!("symbol namespace {other}")),
        };
        Ok(self.pool.index(entry))
    }

    /// Moves into a block's parameters, in an order that reads every source before it
    /// is overwritten (a cycle goes through the scratch register).
    fn moves(&mut self, moves: Vec<(u32, Src)>) {
        let mut pending: Vec<(u32, Src)> = moves
            .into_iter()
            .filter(|&(d, s)| s != Src::Reg(d))
            .collect();
        while !pending.is_empty() {
            let free = pending
                .iter()
                .position(|&(d, _)| !pending.iter().any(|&(_, s)| s == Src::Reg(d)));
            match free {
                Some(i) => {
                    let (d, s) = pending.remove(i);
                    self.byte(bc::MOV);
                    self.uleb(u64::from(d));
                    self.src(s);
                }
                None => {
                    let (d, _) = pending[0];
                    let scratch = self.scratch();
                    self.byte(bc::MOV);
                    self.uleb(u64::from(scratch));
                    self.src(Src::Reg(d));
                    for m in pending.iter_mut() {
                        if m.1 == Src::Reg(d) {
                            m.1 = Src::Reg(scratch);
                        }
                    }
                }
            }
        }
    }

    /// The moves that pass `args` to `block`'s parameters (unused parameters skipped).
    fn edge_moves(&self, block: ir::Block, args: &[Value]) -> Result<Vec<(u32, Src)>, String> {
        let params = self.f.dfg.block_params(block);
        let mut out = Vec::new();
        for (&p, &a) in params.iter().zip(args) {
            if self.used.contains(&p) {
                out.push((self.reg(p)?, self.operand(a)?));
            }
        }
        Ok(out)
    }

    fn label_for(&mut self, block: ir::Block, moves: Vec<(u32, Src)>) -> Label {
        if moves.is_empty() {
            Label::Block(block)
        } else {
            self.stubs.push((moves, block));
            Label::Stub(self.stubs.len() - 1)
        }
    }

    /// A conditional branch to `label` when the condition of `brif` (or its fused
    /// compare) is `when`.
    fn cond_branch(&mut self, inst: ir::Inst, when: bool, label: Label) -> Result<(), String> {
        let dfg = &self.f.dfg;
        let InstructionData::Brif { arg, .. } = dfg.insts[inst] else {
            return Err("not a brif".into());
        };
        let def = match dfg.value_def(arg) {
            ir::ValueDef::Result(i, _) if self.fused.contains(&i) => Some(i),
            _ => None,
        };
        match def {
            Some(cmp) => {
                let (cc, a, b) = self.cmp_of(cmp)?;
                let cc = if when { cc } else { cc.complement() };
                self.byte(bc::BRCMP);
                self.byte(cc_code(cc));
                self.src(a);
                self.src(b);
            }
            None => {
                let c = self.operand(arg)?;
                self.byte(if when { bc::BRNZ } else { bc::BRZ });
                self.src(c);
            }
        }
        self.target(label);
        Ok(())
    }

    fn inst(&mut self, inst: ir::Inst, next: Option<ir::Block>) -> Result<(), String> {
        let f = self.f;
        let dfg = &f.dfg;
        let data = &dfg.insts[inst];
        let op = data.opcode();
        let results = dfg.inst_results(inst);
        for &r in results {
            self.ty_bits(r)?;
        }
        match *data {
            InstructionData::UnaryImm { imm, .. } if op == Opcode::Iconst => {
                let r = results[0];
                if self.a.consts.contains_key(&r) {
                    return Ok(());
                }
                let d = self.reg(r)?;
                self.byte(bc::CONST);
                self.uleb(u64::from(d));
                let c = regs::const_value(imm.bits(), dfg.value_type(r));
                self.uleb(zigzag(c));
            }
            InstructionData::Binary { args, .. } if binary_op(op).is_some() => {
                let code = binary_op(op).ok_or("binary")?;
                self.alu(
                    code,
                    results[0],
                    self.operand(args[0])?,
                    self.operand(args[1])?,
                )?;
            }
            InstructionData::Binary { args, .. } if overflow_op(op).is_some() => {
                if self.narrow(args[0])? {
                    return Err(format!("{op} on a narrow type"));
                }
                let code = overflow_op(op).ok_or("overflow")?;
                let (d, o) = (self.reg(results[0])?, self.reg(results[1])?);
                self.byte(code);
                self.uleb(u64::from(d));
                self.uleb(u64::from(o));
                let (a, b) = (self.operand(args[0])?, self.operand(args[1])?);
                self.src(a);
                self.src(b);
            }
            InstructionData::Binary { args, .. } if op == Opcode::UaddOverflowTrap => {
                if self.narrow(args[0])? {
                    return Err(format!("{op} on a narrow type"));
                }
                let d = self.reg(results[0])?;
                let o = self.scratch();
                self.byte(bc::UADDO);
                self.uleb(u64::from(d));
                self.uleb(u64::from(o));
                let (a, b) = (self.operand(args[0])?, self.operand(args[1])?);
                self.src(a);
                self.src(b);
                self.byte(bc::TRAPNZ);
                self.src(Src::Reg(o));
            }
            InstructionData::IntCompare { .. } => {
                let (cc, a, b) = self.cmp_of(inst)?;
                let d = self.reg(results[0])?;
                self.byte(bc::ICMP);
                self.byte(cc_code(cc));
                self.uleb(u64::from(d));
                self.src(a);
                self.src(b);
            }
            InstructionData::Unary { arg, .. } => self.unary(op, arg, results)?,
            InstructionData::Ternary { args, .. }
                if matches!(op, Opcode::Select | Opcode::SelectSpectreGuard) =>
            {
                let d = self.reg(results[0])?;
                self.byte(bc::SELECT);
                self.uleb(u64::from(d));
                for a in args {
                    let s = self.operand(a)?;
                    self.src(s);
                }
            }
            InstructionData::Load { arg, offset, .. } => {
                let r = results[0];
                let bytes = (dfg.value_type(r).bits() / 8) as u8;
                let kind = match op {
                    Opcode::Load => bytes,
                    Opcode::Uload8 => 1,
                    Opcode::Sload8 => 1 | bc::LOAD_SIGNED,
                    Opcode::Uload16 => 2,
                    Opcode::Sload16 => 2 | bc::LOAD_SIGNED,
                    Opcode::Uload32 => 4,
                    Opcode::Sload32 => 4 | bc::LOAD_SIGNED,
                    _ => return Err(format!("unsupported {op}")),
                };
                let d = self.reg(r)?;
                self.byte(bc::LOAD);
                self.byte(kind);
                self.uleb(u64::from(d));
                let a = self.operand(arg)?;
                self.src(a);
                self.uleb(zigzag(i64::from(i32::from(offset))));
                if kind & bc::LOAD_SIGNED != 0 {
                    self.normalise(d, r)?;
                }
            }
            InstructionData::Store { args, offset, .. } => {
                let width = match op {
                    Opcode::Store => (self.ty_bits(args[0])? / 8) as u8,
                    Opcode::Istore8 => 1,
                    Opcode::Istore16 => 2,
                    Opcode::Istore32 => 4,
                    _ => return Err(format!("unsupported {op}")),
                };
                self.byte(bc::STORE);
                self.byte(width);
                let (v, a) = (self.operand(args[0])?, self.operand(args[1])?);
                self.src(v);
                self.src(a);
                self.uleb(zigzag(i64::from(i32::from(offset))));
            }
            InstructionData::StackAddr {
                stack_slot, offset, ..
            } => {
                let base = *self.slots.get(&stack_slot).ok_or("unknown stack slot")?;
                let off = i64::from(base) + i64::from(i32::from(offset));
                let d = self.reg(results[0])?;
                self.byte(bc::SLOT);
                self.uleb(u64::from(d));
                self.uleb(u64::try_from(off).map_err(|_| "negative slot offset")?);
            }
            InstructionData::UnaryGlobalValue { global_value, .. } => {
                let GlobalValueData::Symbol {
                    name, offset, tls, ..
                } = &f.global_values[global_value]
                else {
                    return Err("unsupported global value".into());
                };
                if *tls {
                    return Err("thread-local symbol".into());
                }
                let i = self.symbol(name)?;
                let d = self.reg(results[0])?;
                self.byte(bc::SYM);
                self.uleb(u64::from(d));
                self.uleb(u64::from(i));
                let off = offset.bits();
                if off != 0 {
                    self.alu(bc::ADD, results[0], Src::Reg(d), Src::Const(off))?;
                }
            }
            InstructionData::FuncAddr { func_ref, .. } => {
                let i = self.symbol(&dfg.ext_funcs[func_ref].name)?;
                let d = self.reg(results[0])?;
                self.byte(bc::SYM);
                self.uleb(u64::from(d));
                self.uleb(u64::from(i));
            }
            InstructionData::Call { func_ref, .. } => {
                let ext = &dfg.ext_funcs[func_ref];
                let i = self.symbol(&ext.name)?;
                let args = dfg.inst_args(inst).to_vec();
                self.call(bc::CALL, |e| e.uleb(u64::from(i)), &args, results)?;
            }
            InstructionData::CallIndirect { .. } => {
                let all = dfg.inst_args(inst).to_vec();
                let callee = self.operand(all[0])?;
                self.call(bc::CALLI, |e| e.src(callee), &all[1..], results)?;
            }
            InstructionData::NullAry { .. } => match op {
                Opcode::GetStackPointer => {
                    let d = self.reg(results[0])?;
                    self.byte(bc::SP);
                    self.uleb(u64::from(d));
                }
                Opcode::Fence | Opcode::Nop => {}
                _ => return Err(format!("unsupported {op}")),
            },
            InstructionData::Trap { .. } => self.byte(bc::TRAP),
            InstructionData::CondTrap { arg, .. } => {
                let c = self.operand(arg)?;
                self.byte(if op == Opcode::Trapz {
                    bc::TRAPZ
                } else {
                    bc::TRAPNZ
                });
                self.src(c);
            }
            InstructionData::Jump { .. } => {
                let succ = successors(f, inst)?;
                let (block, args) = &succ[0];
                let moves = self.edge_moves(*block, args)?;
                self.moves(moves);
                if Some(*block) != next {
                    self.jump(Label::Block(*block));
                }
            }
            InstructionData::Brif { .. } => {
                let succ = successors(f, inst)?;
                let (t, targs) = &succ[0];
                let (e, eargs) = &succ[1];
                let tm = self.edge_moves(*t, targs)?;
                let em = self.edge_moves(*e, eargs)?;
                if self.check(inst, (*t, &tm), (*e, &em), next)? {
                    return Ok(());
                }
                if Some(*e) == next && em.is_empty() {
                    let l = self.label_for(*t, tm);
                    self.cond_branch(inst, true, l)?;
                } else if Some(*t) == next && tm.is_empty() {
                    let l = self.label_for(*e, em);
                    self.cond_branch(inst, false, l)?;
                } else {
                    let l = self.label_for(*t, tm);
                    self.cond_branch(inst, true, l)?;
                    self.moves(em);
                    if Some(*e) != next {
                        self.jump(Label::Block(*e));
                    }
                }
            }
            InstructionData::MultiAry { .. } if op == Opcode::Return => {
                let args = dfg.inst_args(inst);
                match args {
                    [] => self.byte(bc::RET0),
                    [v] => {
                        let s = self.operand(*v)?;
                        self.byte(bc::RET);
                        self.src(s);
                    }
                    _ => return Err("more than one return value".into()),
                }
            }
            _ => return Err(format!("unsupported {op}")),
        }
        Ok(())
    }

    /// Encodes `brif c, ok, landing(v)` (or the other way round) as `CHKZ`/`CHKNZ`
    /// when one side passes one value to its block and the other passes none: the
    /// shape of every exception check. Returns false for other branches.
    fn check(
        &mut self,
        inst: ir::Inst,
        t: (ir::Block, &[(u32, Src)]),
        e: (ir::Block, &[(u32, Src)]),
        next: Option<ir::Block>,
    ) -> Result<bool, String> {
        let InstructionData::Brif { arg, .. } = self.f.dfg.insts[inst] else {
            return Ok(false);
        };
        if matches!(self.f.dfg.value_def(arg), ir::ValueDef::Result(i, _) if self.fused.contains(&i))
        {
            return Ok(false);
        }
        let (op, landing, ok) = match (t.1, e.1) {
            ([], [m]) => (bc::CHKZ, (e.0, *m), t.0),
            ([m], []) => (bc::CHKNZ, (t.0, *m), e.0),
            _ => return Ok(false),
        };
        let (block, (reg, value)) = landing;
        if reg > 255 {
            return Ok(false);
        }
        let k = match self.landings.iter().position(|&l| l == (block, reg)) {
            Some(k) => k,
            None if self.landings.len() < 256 => {
                self.landings.push((block, reg));
                self.landings.len() - 1
            }
            None => return Ok(false),
        };
        let c = self.operand(arg)?;
        self.byte(op);
        self.src(c);
        self.byte(k as u8);
        self.src(value);
        if Some(ok) != next {
            self.jump(Label::Block(ok));
        }
        Ok(true)
    }

    fn alu(&mut self, code: u8, r: Value, a: Src, b: Src) -> Result<(), String> {
        let narrow = self.narrow(r)?;
        if narrow && signed_or_width_dependent(code) {
            return Err("width-dependent operation on a narrow type".into());
        }
        let d = self.reg(r)?;
        self.byte(code);
        self.uleb(u64::from(d));
        self.src(a);
        self.src(b);
        if narrow && needs_zext(code) {
            self.normalise(d, r)?;
        }
        Ok(())
    }

    fn unary(&mut self, op: Opcode, arg: Value, results: &[Value]) -> Result<(), String> {
        let r = results[0];
        let d = self.reg(r)?;
        let a = self.operand(arg)?;
        let narrow = self.narrow(r)?;
        match op {
            Opcode::Bnot | Opcode::Ineg => {
                self.byte(if op == Opcode::Bnot { bc::NOT } else { bc::NEG });
                self.uleb(u64::from(d));
                self.src(a);
                if narrow {
                    self.normalise(d, r)?;
                }
            }
            Opcode::Clz if !narrow => {
                self.byte(bc::CLZ);
                self.uleb(u64::from(d));
                self.src(a);
            }
            Opcode::Uextend => {
                self.byte(bc::MOV);
                self.uleb(u64::from(d));
                self.src(a);
            }
            Opcode::Sextend | Opcode::Ireduce => {
                let bits = if op == Opcode::Sextend {
                    self.ty_bits(arg)?
                } else {
                    self.ty_bits(r)?
                };
                self.byte(if op == Opcode::Sextend {
                    bc::SEXT
                } else {
                    bc::ZEXT
                });
                self.byte(bits as u8);
                self.uleb(u64::from(d));
                self.src(a);
                if op == Opcode::Sextend && narrow {
                    self.normalise(d, r)?;
                }
            }
            _ => return Err(format!("unsupported {op}")),
        }
        Ok(())
    }

    fn call(
        &mut self,
        code: u8,
        callee: impl FnOnce(&mut Self),
        args: &[Value],
        results: &[Value],
    ) -> Result<(), String> {
        if args.len() > bc::MAX_CALL_ARGS || results.len() > 1 {
            return Err("call shape".into());
        }
        for &a in args {
            self.ty_bits(a)?;
        }
        let mut shape = args.len() as u8;
        if !results.is_empty() {
            shape |= bc::CALL_RETURNS;
        }
        self.byte(code);
        self.byte(shape);
        callee(self);
        for &a in args {
            let s = self.operand(a)?;
            self.src(s);
        }
        if let Some(&r) = results.first() {
            let d = self.reg(r)?;
            self.uleb(u64::from(d));
            self.normalise(d, r)?;
        }
        Ok(())
    }
}
