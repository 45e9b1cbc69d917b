//! Register allocation for bytecode: liveness over the CLIF function, one interval per
//! value (the hull of where it is live, in layout order), then interval colouring so
//! the VM frame holds as few registers as the function ever keeps alive at once.
//! Constants (`iconst`) take no register: they are encoded as operands.

use cranelift_codegen::entity::EntityRef;
use cranelift_codegen::ir::{self, InstructionData, Opcode, Value};
use std::collections::{BinaryHeap, HashMap};

/// Where each value lives.
pub struct Alloc {
    /// Register of each value that needs one.
    pub reg: HashMap<Value, u32>,
    /// The value of each constant, sign-extended from its type.
    pub consts: HashMap<Value, i64>,
    /// Registers used (the scratch register is number `nregs`).
    pub nregs: u32,
}

/// A growable bit set over value numbers.
#[derive(Clone, Default, PartialEq, Eq)]
struct Bits(Vec<u64>);

impl Bits {
    fn with_len(n: usize) -> Bits {
        Bits(vec![0; n.div_ceil(64)])
    }
    fn set(&mut self, i: usize) {
        self.0[i / 64] |= 1 << (i % 64);
    }
    fn get(&self, i: usize) -> bool {
        self.0[i / 64] & (1 << (i % 64)) != 0
    }
    fn union_with(&mut self, other: &Bits) {
        for (a, b) in self.0.iter_mut().zip(&other.0) {
            *a |= *b;
        }
    }
    fn iter(&self) -> impl Iterator<Item = usize> + '_ {
        self.0.iter().enumerate().flat_map(|(w, &bits)| {
            (0..64)
                .filter(move |b| bits & (1 << b) != 0)
                .map(move |b| w * 64 + b)
        })
    }
}

/// A constant's value sign-extended from `ty`.
pub fn const_value(imm: i64, ty: ir::Type) -> i64 {
    let bits = ty.bits();
    if bits >= 64 {
        imm
    } else {
        let shift = 64 - bits;
        (imm << shift) >> shift
    }
}

use crate::backend::successors;

/// True when constant `c` can be a source operand on a `word_bits` target: the operand
/// `(zigzag(c) << 1) | 1` must fit a machine word.
pub fn fits_operand(c: i64, word_bits: u32) -> bool {
    let limit = 1i64 << (word_bits - 2);
    (-limit..limit).contains(&c)
}

/// Allocates registers for every value of `f` except constants that fit an operand.
pub fn allocate(f: &ir::Function, word_bits: u32) -> Result<Alloc, String> {
    let dfg = &f.dfg;
    let nvalues = dfg.num_values();
    let mut consts = HashMap::new();
    for block in f.layout.blocks() {
        for inst in f.layout.block_insts(block) {
            if let InstructionData::UnaryImm {
                opcode: Opcode::Iconst,
                imm,
            } = dfg.insts[inst]
            {
                let v = dfg.first_result(inst);
                let c = const_value(imm.bits(), dfg.value_type(v));
                if fits_operand(c, word_bits) {
                    consts.insert(v, c);
                }
            }
        }
    }
    let is_const = |v: Value| consts.contains_key(&v);

    // Positions: a block's header is one position (its parameters are defined at
    // 2p+1), each instruction one (operands read at 2q, results written at 2q+1).
    let blocks: Vec<ir::Block> = f.layout.blocks().collect();
    let index: HashMap<ir::Block, usize> =
        blocks.iter().enumerate().map(|(i, &b)| (b, i)).collect();
    let mut start = vec![0u32; blocks.len()];
    let mut end = vec![0u32; blocks.len()];
    let mut first = vec![u32::MAX; nvalues];
    let mut last = vec![0u32; nvalues];
    let touch = |v: Value, pos: u32, first: &mut Vec<u32>, last: &mut Vec<u32>| {
        let i = v.index();
        first[i] = first[i].min(pos);
        last[i] = last[i].max(pos);
    };
    let mut gen = vec![Bits::with_len(nvalues); blocks.len()];
    let mut kill = vec![Bits::with_len(nvalues); blocks.len()];
    let mut succs = vec![Vec::new(); blocks.len()];
    let mut pos = 0u32;
    for (bi, &block) in blocks.iter().enumerate() {
        start[bi] = 2 * pos;
        for &p in dfg.block_params(block) {
            touch(p, 2 * pos + 1, &mut first, &mut last);
            kill[bi].set(p.index());
        }
        pos += 1;
        for inst in f.layout.block_insts(block) {
            let mut uses: Vec<Value> = dfg.inst_args(inst).to_vec();
            if dfg.insts[inst].opcode().is_branch() {
                for (succ, args) in successors(f, inst)? {
                    uses.extend(args);
                    let si = *index
                        .get(&succ)
                        .ok_or("branch to a block not in the layout")?;
                    succs[bi].push(si);
                }
            }
            for v in uses {
                let v = dfg.resolve_aliases(v);
                if is_const(v) {
                    continue;
                }
                touch(v, 2 * pos, &mut first, &mut last);
                if !kill[bi].get(v.index()) {
                    gen[bi].set(v.index());
                }
            }
            for &r in dfg.inst_results(inst) {
                if !is_const(r) {
                    touch(r, 2 * pos + 1, &mut first, &mut last);
                    kill[bi].set(r.index());
                }
            }
            pos += 1;
        }
        end[bi] = 2 * pos - 1;
    }

    // Liveness to a fixed point (backwards over the layout).
    let mut live_in = gen.clone();
    let mut live_out = vec![Bits::with_len(nvalues); blocks.len()];
    let mut changed = true;
    while changed {
        changed = false;
        for bi in (0..blocks.len()).rev() {
            let mut out = Bits::with_len(nvalues);
            for &s in &succs[bi] {
                out.union_with(&live_in[s]);
            }
            let mut inn = out.clone();
            for (w, k) in inn.0.iter_mut().zip(&kill[bi].0) {
                *w &= !*k;
            }
            inn.union_with(&gen[bi]);
            if inn != live_in[bi] {
                live_in[bi] = inn;
                changed = true;
            }
            live_out[bi] = out;
        }
    }
    for bi in 0..blocks.len() {
        for v in live_in[bi].iter() {
            first[v] = first[v].min(start[bi]);
            last[v] = last[v].max(start[bi]);
        }
        for v in live_out[bi].iter() {
            first[v] = first[v].min(end[bi]);
            last[v] = last[v].max(end[bi]);
        }
    }

    // Interval colouring: lowest free register first (small numbers encode in a byte).
    let mut intervals: Vec<(u32, u32, usize)> = (0..nvalues)
        .filter(|&i| first[i] != u32::MAX)
        .map(|i| (first[i], last[i], i))
        .collect();
    intervals.sort_unstable();
    let mut active: BinaryHeap<std::cmp::Reverse<(u32, u32)>> = BinaryHeap::new();
    let mut free: BinaryHeap<std::cmp::Reverse<u32>> = BinaryHeap::new();
    let mut nregs = 0u32;
    let mut reg_of = vec![u32::MAX; nvalues];
    for (s, e, v) in intervals {
        while let Some(&std::cmp::Reverse((end, reg))) = active.peek() {
            if end < s {
                active.pop();
                free.push(std::cmp::Reverse(reg));
            } else {
                break;
            }
        }
        let reg = match free.pop() {
            Some(std::cmp::Reverse(r)) => r,
            None => {
                nregs += 1;
                nregs - 1
            }
        };
        reg_of[v] = reg;
        active.push(std::cmp::Reverse((e, reg)));
    }
    let mut reg = HashMap::new();
    for (i, &r) in reg_of.iter().enumerate() {
        if r != u32::MAX {
            reg.insert(Value::from_u32(i as u32), r);
        }
    }
    Ok(Alloc { reg, consts, nregs })
}
