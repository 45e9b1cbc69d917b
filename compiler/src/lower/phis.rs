//! Removes redundant block parameters: a parameter whose incoming arguments are all one
//! value (or the parameter itself, around a loop) is that value.
//!
//! The SSA construction gives every join a parameter for each variable that flows
//! through it, even one no path changes, and Cranelift's own pass
//! (`remove_constant_phis`) only resolves a parameter to a value defined by an
//! instruction. Here a parameter may resolve to another parameter (a loop's counter
//! carried unchanged through the joins of its body), so the e-graph sees one value
//! wherever the program sees one variable, and shares and hoists the tests of it.

use cranelift_codegen::ir::{self, BlockArg, BlockCall};
use std::collections::HashMap;

/// Where a block's arguments come from: (branch instruction, destination index).
type Edges = Vec<(ir::Inst, usize)>;

/// Follows `repl` from `v` to the value it stands for.
fn resolve(repl: &HashMap<ir::Value, ir::Value>, mut v: ir::Value) -> ir::Value {
    while let Some(&r) = repl.get(&v) {
        v = r;
    }
    v
}

/// Rewrites `func`; returns whether any parameter was removed.
pub fn remove_redundant(func: &mut ir::Function) -> bool {
    let Some(entry) = func.layout.entry_block() else {
        return false;
    };
    // The branches into each block.
    let mut into: HashMap<ir::Block, Edges> = HashMap::new();
    for block in func.layout.blocks() {
        for inst in func.layout.block_insts(block) {
            let dests = func.dfg.insts[inst]
                .branch_destination(&func.dfg.jump_tables, &func.dfg.exception_tables);
            for (k, d) in dests.iter().enumerate() {
                into.entry(d.block(&func.dfg.value_lists))
                    .or_default()
                    .push((inst, k));
            }
        }
    }
    // The argument each edge passes for parameter `index` of its block (None when it is
    // not a plain value, e.g. a call's result).
    let arg = |func: &ir::Function, inst: ir::Inst, k: usize, index: usize| {
        let dests = func.dfg.insts[inst]
            .branch_destination(&func.dfg.jump_tables, &func.dfg.exception_tables);
        match dests[k].args(&func.dfg.value_lists).nth(index) {
            Some(BlockArg::Value(v)) => Some(v),
            _ => None,
        }
    };
    let mut repl: HashMap<ir::Value, ir::Value> = HashMap::new();
    let mut changed = true;
    while changed {
        changed = false;
        for block in func.layout.blocks() {
            if block == entry {
                continue;
            }
            let Some(edges) = into.get(&block) else {
                continue;
            };
            for (index, &p) in func.dfg.block_params(block).iter().enumerate() {
                if repl.contains_key(&p) {
                    continue;
                }
                let mut only: Option<ir::Value> = None;
                let mut redundant = true;
                for &(inst, k) in edges {
                    let Some(a) = arg(func, inst, k, index) else {
                        redundant = false;
                        break;
                    };
                    let a = resolve(&repl, a);
                    if a == p || only == Some(a) {
                        continue;
                    }
                    if only.is_some() {
                        redundant = false;
                        break;
                    }
                    only = Some(a);
                }
                if let (true, Some(v)) = (redundant, only) {
                    repl.insert(p, v);
                    changed = true;
                }
            }
        }
    }
    if repl.is_empty() {
        return false;
    }
    // Drop the arguments first (the parameters' positions are still those of the
    // branches), then the parameters, each becoming an alias of what it stands for.
    let mut blocks: Vec<ir::Block> = Vec::new();
    for (&block, edges) in &into {
        let params = func.dfg.block_params(block);
        let keep: Vec<bool> = params.iter().map(|p| !repl.contains_key(p)).collect();
        if keep.iter().all(|&k| k) {
            continue;
        }
        blocks.push(block);
        for &(inst, k) in edges {
            let dfg = &mut func.dfg;
            let dests = dfg.insts[inst]
                .branch_destination_mut(&mut dfg.jump_tables, &mut dfg.exception_tables);
            let call = &mut dests[k];
            let args: Vec<BlockArg> = call
                .args(&dfg.value_lists)
                .zip(&keep)
                .filter(|(_, &k)| k)
                .map(|(a, _)| a)
                .collect();
            let dest = call.block(&dfg.value_lists);
            *call = BlockCall::new(dest, args, &mut dfg.value_lists);
        }
    }
    for block in blocks {
        let params: Vec<ir::Value> = func.dfg.block_params(block).to_vec();
        for &p in params.iter().rev() {
            if repl.contains_key(&p) {
                func.dfg.remove_block_param(p);
            }
        }
        for p in params {
            if repl.contains_key(&p) {
                let v = resolve(&repl, p);
                func.dfg.change_to_alias(p, v);
            }
        }
    }
    func.dfg.resolve_all_aliases();
    true
}
