//! Loop-invariant code motion for the values the lowering makes movable: the type word
//! of an object (a `readonly` `can_move` load from an always-valid address) and the
//! pure arithmetic and comparisons computed from loop-invariant values.
//!
//! Cranelift's e-graph hoists such values too, but its elaborator forgets the enclosing
//! loop once its dominator-tree walk has visited a block outside the loop (every loop of
//! compiled Python has such blocks: the exits to the exception handler), so most values
//! stay in the loop. This pass runs after it, innermost loops first, and moves each
//! instruction whose operands are all defined outside the loop to the end of the loop
//! header's immediate dominator. Constants and symbol addresses are copied rather than
//! moved (the loop keeps its own, so no register stays reserved for them), and only when
//! a moved instruction needs them.

use cranelift_codegen::dominator_tree::DominatorTree;
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::{self, InstructionData, Opcode};
use cranelift_codegen::loop_analysis::LoopAnalysis;
use std::collections::HashMap;

/// What may be done with an instruction whose operands are loop-invariant.
#[derive(PartialEq)]
enum Motion {
    /// Moved before the loop.
    Move,
    /// Copied before the loop for the moved instructions that use it.
    Copy,
    /// Left alone.
    Stay,
}

fn motion(func: &ir::Function, inst: ir::Inst) -> Motion {
    use Opcode as O;
    if func.dfg.inst_results(inst).len() != 1 {
        return Motion::Stay;
    }
    match func.dfg.insts[inst] {
        InstructionData::Load {
            opcode: O::Load,
            flags,
            ..
        } => {
            let f = func.dfg.mem_flags[flags];
            if f.readonly() && f.notrap() && f.can_move() {
                Motion::Move
            } else {
                Motion::Stay
            }
        }
        ref d => match d.opcode() {
            O::Iconst | O::SymbolValue => Motion::Copy,
            O::Band
            | O::Bor
            | O::Bxor
            | O::Bnot
            | O::Iadd
            | O::Isub
            | O::Ishl
            | O::Sshr
            | O::Ushr
            | O::Icmp
            | O::Select
            | O::Uextend
            | O::Sextend
            | O::Ireduce => Motion::Move,
            _ => Motion::Stay,
        },
    }
}

/// Hoists loop-invariant movable instructions; returns whether anything moved.
pub fn hoist(func: &mut ir::Function, cfg: &ControlFlowGraph, domtree: &DominatorTree) -> bool {
    let mut loops = LoopAnalysis::new();
    loops.compute(func, cfg, domtree);
    let mut order: Vec<cranelift_codegen::loop_analysis::Loop> = loops.loops().collect();
    // Innermost first: what leaves an inner loop may then leave the outer one too.
    order.sort_by_key(|&lp| std::cmp::Reverse(loops.loop_level(loops.loop_header(lp)).level()));
    let rpo: Vec<ir::Block> = domtree.cfg_rpo().copied().collect();
    let mut moved = false;
    for lp in order {
        let header = loops.loop_header(lp);
        let Some(pre) = domtree.idom(header) else {
            continue;
        };
        let Some(before) = func.layout.last_inst(pre) else {
            continue;
        };
        // Values copied into `pre` in this round, by original.
        let mut copies: HashMap<ir::Value, ir::Value> = HashMap::new();
        // Wide constants moved into `pre`, by value.
        let mut wide: HashMap<i64, ir::Value> = HashMap::new();
        for &block in &rpo {
            if !loops.is_in_loop(block, lp) {
                continue;
            }
            let insts: Vec<ir::Inst> = func.layout.block_insts(block).collect();
            for inst in insts {
                if let Some(k) = wide_const(func, inst) {
                    // A constant that takes two instructions to make (an address, a
                    // mask) is made once before the loop, not in every block using it.
                    let v = func.dfg.first_result(inst);
                    func.layout.remove_inst(inst);
                    match wide.get(&k) {
                        Some(&h) => func.dfg.change_to_alias(v, h),
                        None => {
                            func.layout.insert_inst(inst, before);
                            wide.insert(k, v);
                        }
                    }
                    moved = true;
                    continue;
                }
                if motion(func, inst) != Motion::Move {
                    continue;
                }
                // Every operand must be defined outside the loop, or be a constant that can
                // be copied out of it.
                let args: Vec<ir::Value> = func.dfg.inst_values(inst).collect();
                let mut invariant = true;
                for &a in &args {
                    match def_block(func, a) {
                        Some(b) if !loops.is_in_loop(b, lp) => {}
                        Some(_) => {
                            let copyable = match func.dfg.value_def(a) {
                                ir::ValueDef::Result(d, _) => motion(func, d) == Motion::Copy,
                                _ => false,
                            };
                            if !copyable {
                                invariant = false;
                                break;
                            }
                        }
                        None => {
                            invariant = false;
                            break;
                        }
                    }
                }
                if !invariant {
                    continue;
                }
                let mut new_args = Vec::with_capacity(args.len());
                for a in args {
                    let in_loop = def_block(func, a).is_some_and(|b| loops.is_in_loop(b, lp));
                    if !in_loop {
                        new_args.push(a);
                        continue;
                    }
                    let copy = match copies.get(&a) {
                        Some(&c) => c,
                        None => {
                            let ir::ValueDef::Result(d, _) = func.dfg.value_def(a) else {
                                unreachable!("checked above: a copyable constant");
                            };
                            let c_inst = func.dfg.clone_inst(d);
                            func.layout.insert_inst(c_inst, before);
                            let c = func.dfg.first_result(c_inst);
                            copies.insert(a, c);
                            c
                        }
                    };
                    new_args.push(copy);
                }
                let mut it = new_args.into_iter();
                func.dfg
                    .map_inst_values(inst, |_| it.next().expect("one new operand per operand"));
                func.layout.remove_inst(inst);
                func.layout.insert_inst(inst, before);
                moved = true;
            }
        }
    }
    moved
}

/// The value of a word constant that needs more than 16 bits (two instructions on
/// Thumb-2; narrower ones and the e-graph's other constants stay where they are used).
fn wide_const(func: &ir::Function, inst: ir::Inst) -> Option<i64> {
    match func.dfg.insts[inst] {
        InstructionData::UnaryImm {
            opcode: Opcode::Iconst,
            imm,
        } => {
            let ty = func.dfg.value_type(func.dfg.first_result(inst));
            let bits = imm.bits();
            (ty == ir::types::I32 && !(0..=0xFFFF).contains(&(bits as u32 as i64))).then_some(bits)
        }
        _ => None,
    }
}

/// The block defining `v` (its instruction's block, or the block it is a parameter of).
fn def_block(func: &ir::Function, v: ir::Value) -> Option<ir::Block> {
    match func.dfg.value_def(v) {
        ir::ValueDef::Result(inst, _) => func.layout.inst_block(inst),
        ir::ValueDef::Param(block, _) => Some(block),
        ir::ValueDef::Union(..) => None,
    }
}
