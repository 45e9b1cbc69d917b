//! The regalloc2 adapter: a function of machine instructions over virtual registers
//! ([`VCode`]), register allocation, and emission of the allocated code.

use regalloc2::{
    Algorithm, Allocation, Block, Edit, Function, InstOrEdit, InstRange, MachineEnv, Operand,
    Output, PReg, PRegSet, RegClass, RegallocOptions, VReg,
};

use super::emit::{Asm, BranchLayout, Emitter};
use super::frame::Frame;
use super::inst::{Inst, Reg, Role};
use super::scache::SCache;

/// A machine block: a contiguous range of instructions ending in a branch or return.
#[derive(Clone, Debug, Default)]
pub struct VBlock {
    pub start: u32,
    pub end: u32,
    pub succs: Vec<Block>,
    pub preds: Vec<Block>,
    /// Block parameters (φ destinations).
    pub params: Vec<VReg>,
    /// Outgoing arguments per successor.
    pub succ_args: Vec<Vec<VReg>>,
}

/// A function ready for register allocation.
#[derive(Debug, Default)]
pub struct VCode {
    pub insts: Vec<Inst>,
    operands: Vec<Vec<Operand>>,
    pub blocks: Vec<VBlock>,
    pub num_vregs: usize,
    /// (size, alignment) of explicit stack slots.
    pub slots: Vec<(u32, u32)>,
}

fn vreg(r: Reg) -> VReg {
    VReg::new(r.0 as usize, RegClass::Int)
}

fn ipreg(n: u8) -> PReg {
    PReg::new(n as usize, RegClass::Int)
}

impl VCode {
    /// Computes the regalloc2 operands of every instruction and the predecessor lists.
    pub fn finalize(&mut self) {
        self.operands = self
            .insts
            .iter_mut()
            .map(|inst| {
                let mut ops = Vec::new();
                inst.visit(&mut |r, role| {
                    let v = vreg(*r);
                    ops.push(match role {
                        Role::Use => Operand::reg_use(v),
                        Role::Def => Operand::reg_def(v),
                        Role::Reuse(i) => Operand::reg_reuse_def(v, i),
                        Role::FixedUse(p) => Operand::reg_fixed_use(v, ipreg(p)),
                        Role::FixedDef(p) => Operand::reg_fixed_def(v, ipreg(p)),
                    });
                });
                ops
            })
            .collect();
        for b in &mut self.blocks {
            b.preds.clear();
        }
        for i in 0..self.blocks.len() {
            for s in self.blocks[i].succs.clone() {
                self.blocks[s.index()].preds.push(Block::new(i));
            }
        }
    }
}

impl Function for VCode {
    fn num_insts(&self) -> usize {
        self.insts.len()
    }
    fn num_blocks(&self) -> usize {
        self.blocks.len()
    }
    fn entry_block(&self) -> Block {
        Block::new(0)
    }
    fn block_insns(&self, block: Block) -> InstRange {
        let b = &self.blocks[block.index()];
        InstRange::new(
            regalloc2::Inst::new(b.start as usize),
            regalloc2::Inst::new(b.end as usize),
        )
    }
    fn block_succs(&self, block: Block) -> &[Block] {
        &self.blocks[block.index()].succs
    }
    fn block_preds(&self, block: Block) -> &[Block] {
        &self.blocks[block.index()].preds
    }
    fn block_params(&self, block: Block) -> &[VReg] {
        &self.blocks[block.index()].params
    }
    fn is_ret(&self, insn: regalloc2::Inst) -> bool {
        matches!(self.insts[insn.index()], Inst::Ret { .. } | Inst::Trap)
    }
    fn is_branch(&self, insn: regalloc2::Inst) -> bool {
        matches!(
            self.insts[insn.index()],
            Inst::Jump { .. } | Inst::CondBr { .. } | Inst::FlagBr { .. }
        )
    }
    fn branch_blockparams(&self, block: Block, _insn: regalloc2::Inst, succ_idx: usize) -> &[VReg] {
        &self.blocks[block.index()].succ_args[succ_idx]
    }
    fn inst_operands(&self, insn: regalloc2::Inst) -> &[Operand] {
        &self.operands[insn.index()]
    }
    fn inst_clobbers(&self, insn: regalloc2::Inst) -> PRegSet {
        let mut set = PRegSet::empty();
        if let Inst::Call { ret, .. } = &self.insts[insn.index()] {
            for r in 0..4u8 {
                if r != 0 || ret.is_none() {
                    set.add(ipreg(r));
                }
            }
            // The call writes the return address there.
            set.add(ipreg(LR));
        }
        set
    }
    fn num_vregs(&self) -> usize {
        self.num_vregs
    }
    fn spillslot_size(&self, _regclass: RegClass) -> usize {
        1
    }
}

/// lr: allocatable in the body once the prologue has saved it (calls clobber it).
const LR: u8 = 14;

/// The allocatable registers: r0–r3 preferred (caller-saved), r4–r11 and lr otherwise.
fn machine_env() -> MachineEnv {
    let mut preferred = PRegSet::empty();
    for r in 0..4 {
        preferred.add(ipreg(r));
    }
    let mut non_preferred = PRegSet::empty();
    for r in (4..12).chain([LR]) {
        non_preferred.add(ipreg(r));
    }
    MachineEnv {
        preferred_regs_by_class: [preferred, PRegSet::empty(), PRegSet::empty()],
        non_preferred_regs_by_class: [non_preferred, PRegSet::empty(), PRegSet::empty()],
        scratch_by_class: [None, None, None],
        fixed_stack_slots: vec![],
    }
}

/// Allocates registers and emits the function's machine code.
pub fn allocate_and_emit(vcode: &VCode) -> Result<Asm, String> {
    let options = RegallocOptions {
        verbose_log: false,
        validate_ssa: true,
        algorithm: Algorithm::Ion,
    };
    let out = regalloc2::run(vcode, &machine_env(), &options)
        .map_err(|e| format!("register allocation failed: {e}"))?;
    let frame = layout_frame(vcode, &out)?;
    // Allocated instructions and moves of every block.
    let nblocks = vcode.blocks.len();
    let mut blocks: Vec<Vec<Item>> = Vec::with_capacity(nblocks);
    for b in 0..nblocks {
        let mut items = Vec::new();
        for item in out.block_insts_and_edits(vcode, Block::new(b)) {
            match item {
                InstOrEdit::Edit(Edit::Move { from, to }) => items.push(Item::Move(*from, *to)),
                InstOrEdit::Inst(i) => {
                    let mut inst = vcode.insts[i.index()].clone();
                    let allocs = out.inst_allocs(i);
                    let mut k = 0;
                    let mut err = None;
                    inst.visit(&mut |r, _| {
                        match allocs.get(k).and_then(|a| a.as_reg()) {
                            Some(p) => *r = Reg(p.hw_enc() as u32),
                            None => err = Some(format!("operand {k} not in a register")),
                        }
                        k += 1;
                    });
                    if let Some(e) = err {
                        return Err(e);
                    }
                    items.push(Item::Inst(inst));
                }
            }
        }
        blocks.push(items);
    }
    // What a block knows on entry: its only predecessor's knowledge at its end (when
    // that block came earlier), else nothing.
    let mut known_at_end: Vec<Vec<(usize, usize)>> = Vec::with_capacity(nblocks);
    for (b, items) in blocks.iter_mut().enumerate() {
        let mut same = match vcode.blocks[b].preds.as_slice() {
            [p] if p.index() < b => known_at_end[p.index()].clone(),
            _ => Vec::new(),
        };
        drop_redundant_spills(items, &mut same);
        known_at_end.push(same);
    }
    let layout = branch_layout(&blocks);
    // A block whose only predecessor came earlier starts with that block's VFP copies,
    // unless the predecessor only compares and branches (jumps to it do that
    // themselves, with their own copies).
    let inherits: Vec<Option<usize>> = (0..nblocks)
        .map(|b| match vcode.blocks[b].preds.as_slice() {
            [p] if p.index() < b && layout.header[p.index()].is_none() => Some(p.index()),
            _ => None,
        })
        .collect();
    let mut em = Emitter::new(frame, layout);
    let mut at_end: Vec<SCache> = Vec::with_capacity(nblocks);
    for (b, items) in blocks.iter().enumerate() {
        em.bind_block(b as u32, inherits[b].map(|p| at_end[p].clone()));
        let next = (b + 1 < nblocks).then_some(b as u32 + 1);
        for item in items {
            match item {
                Item::Move(from, to) => move_edit(&mut em, *from, *to)?,
                Item::Inst(inst) => em.inst(inst, next)?,
            }
        }
        at_end.push(em.scache());
    }
    let mut asm = em.asm;
    asm.finish()?;
    Ok(asm)
}

/// Drops the spills of a register into the slot it was reloaded from when neither has
/// changed since (regalloc2 spills a split value again on leaving a register).
/// `same` holds the (spill slot, register) pairs known to hold the same word, on entry
/// and on return.
fn drop_redundant_spills(items: &mut Vec<Item>, same: &mut Vec<(usize, usize)>) {
    items.retain(|item| match item {
        Item::Move(from, to) => {
            match (from.as_reg(), to.as_reg(), from.as_stack(), to.as_stack()) {
                (Some(_), Some(t), _, _) => same.retain(|&(_, r)| r != t.hw_enc()),
                (Some(f), None, _, Some(s)) => {
                    let pair = (s.index(), f.hw_enc());
                    if same.contains(&pair) {
                        return false;
                    }
                    same.retain(|&(slot, _)| slot != pair.0);
                    same.push(pair);
                }
                (None, Some(t), Some(s), _) => {
                    same.retain(|&(_, r)| r != t.hw_enc());
                    same.push((s.index(), t.hw_enc()));
                }
                _ => same.clear(),
            }
            true
        }
        Item::Inst(inst) => {
            if matches!(inst, Inst::Call { .. }) {
                same.clear();
                return true;
            }
            let mut written: Vec<usize> = Vec::new();
            inst.clone().visit(&mut |r, role| {
                if matches!(role, Role::Def | Role::Reuse(_) | Role::FixedDef(_)) {
                    written.push(r.0 as usize);
                }
            });
            same.retain(|&(_, r)| !written.contains(&r));
            true
        }
    });
}

/// An allocated instruction or a regalloc2 move.
enum Item {
    Inst(Inst),
    Move(Allocation, Allocation),
}

/// Branch shortcuts from the allocated blocks: a block that is only a jump forwards
/// branches to its target, and a jump to a block that is only a compare-and-branch (a
/// loop header) duplicates that compare-and-branch (so loops test at the bottom).
fn branch_layout(blocks: &[Vec<Item>]) -> BranchLayout {
    let n = blocks.len();
    let only = |b: usize| match blocks[b].as_slice() {
        [Item::Inst(i)] => Some(i),
        _ => None,
    };
    let mut resolve: Vec<u32> = (0..n as u32).collect();
    for (b, r) in resolve.iter_mut().enumerate() {
        let mut cur = b;
        for _ in 0..n {
            match only(cur) {
                Some(Inst::Jump { target }) if *target as usize != cur => cur = *target as usize,
                _ => break,
            }
        }
        *r = cur as u32;
    }
    let header = (0..n)
        .map(|b| match only(b) {
            Some(i @ Inst::CondBr { .. }) => Some(i.clone()),
            _ => None,
        })
        .collect();
    BranchLayout { resolve, header }
}

fn move_edit(em: &mut Emitter, from: Allocation, to: Allocation) -> Result<(), String> {
    match (from.as_reg(), to.as_reg(), from.as_stack(), to.as_stack()) {
        (Some(f), Some(t), _, _) => {
            em.mov(t.hw_enc() as u8, f.hw_enc() as u8);
            Ok(())
        }
        (Some(f), None, _, Some(s)) => em.spill(f.hw_enc() as u8, s.index()),
        (None, Some(t), Some(s), _) => em.reload(t.hw_enc() as u8, s.index()),
        _ => Err(format!("unsupported move {from} -> {to}")),
    }
}

/// Finds the callee-saved registers the allocation uses and lays out the frame.
fn layout_frame(vcode: &VCode, out: &Output) -> Result<Frame, String> {
    let mut saved = 0u16;
    let mut uses_lr = false;
    let mut note = |a: Allocation| {
        if let Some(p) = a.as_reg() {
            let n = p.hw_enc();
            if (4..12).contains(&n) {
                saved |= 1 << n;
            }
            uses_lr |= n == usize::from(LR);
        }
    };
    for &a in &out.allocs {
        note(a);
    }
    for (_, Edit::Move { from, to }) in &out.edits {
        note(*from);
        note(*to);
    }
    let has_calls = vcode.insts.iter().any(|i| matches!(i, Inst::Call { .. }));
    // A function that allocates lr saves it like one that calls (and returns by popping
    // pc).
    Frame::new(
        saved,
        has_calls || uses_lr,
        out.num_spillslots,
        &vcode.slots,
    )
}
