//! Folds branches on values known to be non-zero.
//!
//! The lowering tests many values for zero: a runtime call's result (zero = an exception
//! is pending), a local variable (zero = unbound). Most of these tests are decided: a local
//! assigned on every path, or a value tested again after an earlier test of it. A value is
//! known non-zero in a block when it is a non-zero constant, a block parameter whose every
//! incoming argument is known non-zero on its edge (found optimistically, so loops work),
//! or a value tested by a `brif` whose taken edge dominates the block. Each `brif` on such a
//! value becomes a `jump`; the caller then removes the blocks no longer reached.

use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{self, BlockArg, InstBuilder, InstructionData, Opcode};
use std::collections::{HashMap, HashSet};

/// The `brif` at the end of `block`: (tested value, then-target, else-target).
fn brif_of(
    func: &ir::Function,
    block: ir::Block,
) -> Option<(ir::Inst, ir::Value, ir::Block, ir::Block)> {
    let inst = func.layout.last_inst(block)?;
    match &func.dfg.insts[inst] {
        InstructionData::Brif { arg, blocks, .. } => Some((
            inst,
            *arg,
            blocks[0].block(&func.dfg.value_lists),
            blocks[1].block(&func.dfg.value_lists),
        )),
        _ => None,
    }
}

/// Facts for one function.
struct Facts<'a> {
    domtree: &'a DominatorTree,
    /// The value a block's only entry edge proved non-zero.
    edge_fact: HashMap<ir::Block, ir::Value>,
    /// Values non-zero wherever they are defined.
    nonzero: HashSet<ir::Value>,
}

impl Facts<'_> {
    /// Is `v` known non-zero at the end of `block`?
    fn known(&self, v: ir::Value, block: ir::Block) -> bool {
        if self.nonzero.contains(&v) {
            return true;
        }
        let mut b = Some(block);
        while let Some(cur) = b {
            if self.edge_fact.get(&cur) == Some(&v) {
                return true;
            }
            b = self.domtree.idom(cur);
        }
        false
    }
}

/// Rewrites decided `brif`s into `jump`s; returns whether anything changed. `given` are
/// values known non-zero from elsewhere (the lowering).
pub fn fold(
    func: &mut ir::Function,
    cfg: &ControlFlowGraph,
    domtree: &DominatorTree,
    given: &[ir::Value],
) -> bool {
    let blocks: Vec<ir::Block> = func.layout.blocks().collect();
    let mut facts = Facts {
        domtree,
        edge_fact: HashMap::new(),
        nonzero: given.iter().copied().collect(),
    };
    for &block in &blocks {
        let mut preds = cfg.pred_iter(block);
        if let (Some(pred), None) = (preds.next(), preds.next()) {
            if let Some((_, v, then_b, else_b)) = brif_of(func, pred.block) {
                if then_b == block && else_b != block {
                    facts.edge_fact.insert(block, v);
                }
            }
        }
        for inst in func.layout.block_insts(block) {
            if let InstructionData::UnaryImm {
                opcode: Opcode::Iconst,
                imm,
            } = func.dfg.insts[inst]
            {
                if imm.bits() != 0 {
                    facts.nonzero.insert(func.dfg.first_result(inst));
                }
            }
        }
    }
    // Block parameters: assume all non-zero, then drop those with a doubtful incoming
    // argument until nothing changes.
    let mut params: Vec<(ir::Block, usize, ir::Value)> = Vec::new();
    for &block in blocks.iter().skip(1) {
        for (i, &p) in func.dfg.block_params(block).iter().enumerate() {
            if facts.nonzero.insert(p) {
                params.push((block, i, p));
            }
        }
    }
    let mut changed = true;
    while changed {
        changed = false;
        for &(block, index, param) in &params {
            if !facts.nonzero.contains(&param) {
                continue;
            }
            let mut sure = true;
            for pred in cfg.pred_iter(block) {
                let brif = brif_of(func, pred.block);
                for dest in func.dfg.insts[pred.inst]
                    .branch_destination(&func.dfg.jump_tables, &func.dfg.exception_tables)
                {
                    if dest.block(&func.dfg.value_lists) != block {
                        continue;
                    }
                    let arg = dest.args(&func.dfg.value_lists).nth(index);
                    let ok = match arg.and_then(|a| a.as_value()) {
                        Some(a) => {
                            facts.known(a, pred.block)
                                || matches!(brif, Some((_, v, t, e)) if v == a && t == block && e != block)
                        }
                        None => false,
                    };
                    if !ok {
                        sure = false;
                    }
                }
            }
            if !sure {
                facts.nonzero.remove(&param);
                changed = true;
            }
        }
    }
    let mut folded = false;
    for &block in &blocks {
        let Some((inst, v, then_b, else_b)) = brif_of(func, block) else {
            continue;
        };
        if then_b == else_b || !facts.known(v, block) {
            continue;
        }
        let args: Vec<BlockArg> = match &func.dfg.insts[inst] {
            InstructionData::Brif { blocks, .. } => blocks[0].args(&func.dfg.value_lists).collect(),
            _ => continue,
        };
        func.replace(inst).jump(then_b, &args);
        folded = true;
    }
    folded
}
