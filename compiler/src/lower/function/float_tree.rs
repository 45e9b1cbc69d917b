//! Float arithmetic trees compiled as one speculation.
//!
//! A tree like `zr * zr - zi * zi + cr` is flattened into steps in Python's evaluation
//! order (operands, then operators). The fast path evaluates each operand once, checks
//! that it is a float (or a small int where that cannot change the result) and takes
//! its value unboxed; the operators then run on unboxed values with no further test, so
//! an intermediate result is certainly a float. A float local is checked where it is
//! read (once per tree); other operands at the next operator (see [`Entry::Pending`]).
//!
//! An operand that fails its check, two ints meeting at an operator, or a division by
//! zero leave the fast path for good: an *exit* boxes the values computed so far and
//! continues with the *generic suffix*, which performs the remaining steps with
//! objects, in the same order, through the runtime (evaluating the operands not
//! evaluated yet). Every exit of a tree enters the one suffix, at its step; the suffix
//! ends where the fast path ends, so a tree has one join: its result is unboxed on the
//! fast path and an object after an exit.

use super::floats::{float_arith, FVal};
use super::Lower;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{Block, InstBuilder, MemFlagsData, Value};
use ruff_python_ast::helpers::any_over_expr;
use ruff_python_ast::{Expr, UnaryOp};
use ruff_text_size::Ranged;
use upyc_abi::{self as abi, entry, BinOp};

use crate::diag::Result;

/// One step of a tree, in evaluation order.
#[derive(Clone, Copy)]
enum Step<'e> {
    /// A float literal.
    Const(&'e Expr),
    /// An operand the step evaluates; `true` when whether it was a small int must be
    /// known (see [`Slot::int`]).
    Leaf(&'e Expr, bool),
    /// An operand evaluated before the tree (the target of `x op= e`).
    Pre(FVal, bool),
    /// `a op b` of the two values on top (`true`: in place, for `op=`); the line.
    Bin(BinOp, bool, usize),
    /// `-a`; the line.
    Neg(usize),
}

/// Where a value on the fast path's stack came from, to make its object on an exit.
#[derive(Clone, Copy)]
enum Orig {
    /// Computed: box the float.
    Float,
    /// An operand's object.
    Obj(Value),
    /// A float local's object word: the float is unboxed when it is [`abi::UNBOXED`].
    Dyn(Value),
}

/// A value on the fast path's stack: unboxed, and where it came from.
#[derive(Clone, Copy)]
struct Slot {
    f: Value,
    orig: Orig,
    /// For an operand whose other operand may be an int too: 1 when it was a small int
    /// (taken as a float), 0 for a float. Two ints make an int, not a float: such an
    /// operator leaves the fast path when both were ints.
    int: Option<Value>,
}

/// A value on the fast path's stack.
#[derive(Clone, Copy)]
enum Entry<'e> {
    /// Checked and unboxed.
    Ready(Slot),
    /// An operand evaluated but not checked yet (`true`: whether it is an int matters;
    /// the float local it reads). Checks have no effects, so they wait for the next
    /// operator: the operands evaluated before it are all evaluated whatever the checks
    /// find, and a failed check exits there, so the generic suffix resumes at an
    /// operator and never evaluates an operand the fast path has evaluated.
    Pending(FVal, bool, Option<&'e str>),
}

/// A way off the fast path: the block, the step the generic suffix resumes at, the
/// stack there.
struct Exit<'e> {
    block: Block,
    resume: usize,
    stack: Vec<Entry<'e>>,
}

/// What a tree's result is for.
#[derive(Clone, Copy)]
enum Sink {
    /// A value: unboxed where possible ([`FVal`]), or an object (`true`).
    Value(bool),
    /// A branch on `left cc right` (the operator's runtime form `op` for objects).
    Branch(FloatCC, BinOp, Block, Block),
}

/// The checked value of a stack entry (an operator settles its operands first).
fn ready(e: Option<Entry<'_>>) -> Option<Slot> {
    match e {
        Some(Entry::Ready(s)) => Some(s),
        _ => None,
    }
}

/// The value of a tree run for a value.
fn value_of(v: Option<FVal>) -> FVal {
    v.unwrap_or_else(|| unreachable!("a tree run for a value has one"))
}

/// The object of a tree run for an object.
fn object_of(v: Option<FVal>) -> Value {
    match v {
        Some(FVal::Obj(o)) => o,
        _ => unreachable!("a tree run for an object gives one"),
    }
}

impl<'e> Lower<'_, '_, '_> {
    /// True when `e` is the root of a tree (arithmetic lowered by [`Self::float_value`]
    /// and [`Self::float_object`]).
    pub(super) fn is_tree(&self, e: &Expr) -> bool {
        self.tree_op(e).is_some() || self.tree_neg(e).is_some()
    }

    /// Whether the arithmetic of `e` is lowered as part of a tree.
    fn tree_op(&self, e: &Expr) -> Option<BinOp> {
        match e {
            Expr::BinOp(b) if self.floaty(e) || self.float_spec => float_arith(b.op),
            _ => None,
        }
    }

    /// The operand of `e` when `e` is a negation lowered as part of a tree.
    fn tree_neg<'a>(&self, e: &'a Expr) -> Option<&'a Expr> {
        match e {
            Expr::UnaryOp(u)
                if u.op == UnaryOp::USub && (self.floaty(&u.operand) || self.float_spec) =>
            {
                Some(&u.operand)
            }
            _ => None,
        }
    }

    /// The value of float literal `e` in the target's float precision.
    pub(super) fn literal_value(&self, e: &Expr) -> Option<f64> {
        let text = super::super::consts::float_literal_text(self.src(), e)?;
        if self.pb.target.word_bits == 64 {
            text.parse::<f64>().ok()
        } else {
            text.parse::<f32>().ok().map(f64::from)
        }
    }

    /// True when `e` is a float on the fast path whatever its operands: a float
    /// literal or an operator's result (an operator with an int operand has a float
    /// one on the fast path), not an operand or its negation.
    fn certain_float(&self, e: &Expr) -> bool {
        if self.literal_value(e).is_some() || self.tree_op(e).is_some() {
            return true;
        }
        match self.tree_neg(e) {
            Some(x) => self.certain_float(x),
            None => false,
        }
    }

    /// Appends the steps of `e`; `int_matters` when the other operand of `e`'s operator
    /// is not certainly a float (see [`Slot::int`]).
    fn tree_steps(&self, e: &'e Expr, int_matters: bool, steps: &mut Vec<Step<'e>>) {
        if self.literal_value(e).is_some() {
            steps.push(Step::Const(e));
            return;
        }
        let line = self.line(e.range());
        if let (Some(op), Expr::BinOp(b)) = (self.tree_op(e), e) {
            let (lc, rc) = (self.certain_float(&b.left), self.certain_float(&b.right));
            self.tree_steps(&b.left, !rc, steps);
            self.tree_steps(&b.right, !lc, steps);
            steps.push(Step::Bin(op, false, line));
            return;
        }
        if let Some(x) = self.tree_neg(e) {
            self.tree_steps(x, int_matters, steps);
            steps.push(Step::Neg(line));
            return;
        }
        steps.push(Step::Leaf(e, int_matters));
    }

    /// Tree `e`'s value, unboxed on the fast path.
    pub(super) fn float_value(&mut self, e: &'e Expr) -> Result<FVal> {
        let mut steps = Vec::new();
        self.tree_steps(e, true, &mut steps);
        let line = self.line(e.range());
        Ok(value_of(self.run_tree(&steps, Sink::Value(false), line)?))
    }

    /// Tree `e`'s value as an object.
    pub(super) fn float_object(&mut self, e: &'e Expr) -> Result<Value> {
        let mut steps = Vec::new();
        self.tree_steps(e, true, &mut steps);
        let line = self.line(e.range());
        Ok(object_of(self.run_tree(&steps, Sink::Value(true), line)?))
    }

    /// `cur op= e`'s new value (an [`FVal::Obj`] when `want_object`).
    pub(super) fn float_aug(
        &mut self,
        op: BinOp,
        cur: FVal,
        e: &'e Expr,
        line: usize,
        want_object: bool,
    ) -> Result<FVal> {
        let cur_certain = matches!(cur, FVal::F(_));
        let mut steps = vec![Step::Pre(cur, !self.certain_float(e))];
        self.tree_steps(e, !cur_certain, &mut steps);
        steps.push(Step::Bin(op, true, line));
        Ok(value_of(self.run_tree(
            &steps,
            Sink::Value(want_object),
            line,
        )?))
    }

    /// A branch to `t` or `f` on `left cc right` (`op`: the comparison for objects).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn float_compare(
        &mut self,
        left: &'e Expr,
        right: &'e Expr,
        (cc, op): (FloatCC, BinOp),
        t: Block,
        f: Block,
        line: usize,
    ) -> Result<()> {
        let sink = Sink::Branch(cc, op, t, f);
        let mut steps = Vec::new();
        self.tree_steps(left, !self.certain_float(right), &mut steps);
        self.tree_steps(right, !self.certain_float(left), &mut steps);
        self.run_tree(&steps, sink, line)?;
        Ok(())
    }

    /// Runs `steps` (their fast path, then the generic suffix); `line` for boxing.
    fn run_tree(&mut self, steps: &[Step<'e>], sink: Sink, line: usize) -> Result<Option<FVal>> {
        let mut stack: Vec<Entry<'e>> = Vec::new();
        let mut exits: Vec<Exit<'e>> = Vec::new();
        // The float locals checked so far: only an assignment expression in an operand
        // could rebind one before its next read in the tree.
        let mut checked: Vec<(&'e str, Slot)> = Vec::new();
        for (j, step) in steps.iter().enumerate() {
            match *step {
                Step::Const(e) => {
                    let v = self.literal_value(e).unwrap_or(0.0);
                    let f = self.fconst(v);
                    stack.push(Entry::Ready(Slot {
                        f,
                        orig: Orig::Float,
                        int: None,
                    }));
                }
                Step::Leaf(e, int_matters) => {
                    if let Expr::Name(n) = e {
                        if self.float_var(&n.id).is_some() {
                            let name = n.id.as_str();
                            if let Some(&(_, slot)) = checked.iter().find(|c| c.0 == name) {
                                stack.push(Entry::Ready(slot));
                                continue;
                            }
                            // A local is checked at once, and the operands before it
                            // first (resuming at its read): reading it again in the
                            // generic suffix costs less than boxing it at every exit.
                            self.settle(&mut stack, j, &mut exits, &mut checked);
                            let v = self.float_local(name, n.range);
                            stack.push(Entry::Pending(v, int_matters, Some(name)));
                            self.settle(&mut stack, j + 1, &mut exits, &mut checked);
                            continue;
                        }
                    }
                    if any_over_expr(e, &|x: &Expr| x.is_named_expr()) {
                        checked.clear();
                    }
                    let outer = std::mem::replace(&mut self.float_spec, false);
                    let r = self.expr(e);
                    self.float_spec = outer;
                    stack.push(Entry::Pending(FVal::Obj(r?), int_matters, None));
                }
                Step::Pre(v, int_matters) => stack.push(Entry::Pending(v, int_matters, None)),
                Step::Bin(op, _, _) => {
                    self.settle(&mut stack, j, &mut exits, &mut checked);
                    let (Some(b), Some(a)) = (ready(stack.pop()), ready(stack.pop())) else {
                        unreachable!("an operator follows its operands")
                    };
                    if let (Some(ia), Some(ib)) = (a.int, b.int) {
                        self.exit_if(ia, Some(ib), j, &stack, [a, b], &mut exits);
                    }
                    if op == BinOp::TrueDiv {
                        // Division by zero raises: the generic suffix does it.
                        let zero = self.fconst(0.0);
                        let is_zero = self.b.ins().fcmp(FloatCC::Equal, b.f, zero);
                        let exit = self.b.create_block();
                        let ok = self.b.create_block();
                        self.brif(is_zero, exit, &[], ok, &[]);
                        self.b.switch_to_block(ok);
                        let mut at = stack.clone();
                        at.extend([Entry::Ready(a), Entry::Ready(b)]);
                        exits.push(Exit {
                            block: exit,
                            resume: j,
                            stack: at,
                        });
                    }
                    let f = match op {
                        BinOp::Add => self.b.ins().fadd(a.f, b.f),
                        BinOp::Sub => self.b.ins().fsub(a.f, b.f),
                        BinOp::Mul => self.b.ins().fmul(a.f, b.f),
                        _ => self.b.ins().fdiv(a.f, b.f),
                    };
                    stack.push(Entry::Ready(Slot {
                        f,
                        orig: Orig::Float,
                        int: None,
                    }));
                }
                Step::Neg(_) => {
                    self.settle(&mut stack, j, &mut exits, &mut checked);
                    let Some(a) = ready(stack.pop()) else {
                        unreachable!("an operator follows its operand")
                    };
                    if let Some(ia) = a.int {
                        // `-n` is an int: a float only when the other operand is one.
                        self.exit_if(ia, None, j, &stack, [a, a], &mut exits);
                    }
                    let f = self.b.ins().fneg(a.f);
                    stack.push(Entry::Ready(Slot {
                        f,
                        orig: Orig::Float,
                        int: None,
                    }));
                }
            }
        }
        self.settle(&mut stack, steps.len(), &mut exits, &mut checked);
        // The fast path's end.
        let done = self.b.create_block();
        let result = match sink {
            Sink::Value(want_object) => {
                let Some(top) = ready(stack.pop()) else {
                    unreachable!("a tree has a value")
                };
                if exits.is_empty() {
                    return Ok(Some(if want_object {
                        FVal::Obj(self.slot_object(top, line))
                    } else {
                        FVal::F(top.f)
                    }));
                }
                if want_object {
                    let o = self.slot_object(top, line);
                    let r = self.b.append_block_param(done, self.w);
                    self.nonzero.push(r);
                    self.jump(done, &[o]);
                    Some(FVal::Obj(r))
                } else {
                    let ro = self.b.append_block_param(done, self.w);
                    let rf = self.b.append_block_param(done, self.flt());
                    let m = self.iconst(abi::UNBOXED as i64);
                    self.jump(done, &[m, top.f]);
                    Some(FVal::Dyn(ro, rf))
                }
            }
            Sink::Branch(cc, _, t, f) => {
                let (Some(b), Some(a)) = (ready(stack.pop()), ready(stack.pop())) else {
                    unreachable!("a comparison has two sides")
                };
                if let (Some(ia), Some(ib)) = (a.int, b.int) {
                    // Two ints compare exactly, as ints.
                    self.exit_if(ia, Some(ib), steps.len(), &stack, [a, b], &mut exits);
                }
                let r = self.b.ins().fcmp(cc, a.f, b.f);
                self.brif(r, t, &[], f, &[]);
                None
            }
        };
        self.generic_suffix(steps, exits, sink, done, line)?;
        if matches!(sink, Sink::Value(_)) {
            self.switch_to(done);
        }
        Ok(result)
    }

    /// Leaves the fast path at step `j` (resuming there, with `stack` and `operands`
    /// as objects) when `ia` (and `ib`, when given) is non-zero: the operands were ints.
    fn exit_if(
        &mut self,
        ia: Value,
        ib: Option<Value>,
        j: usize,
        stack: &[Entry<'e>],
        operands: [Slot; 2],
        exits: &mut Vec<Exit<'e>>,
    ) {
        let both = match ib {
            Some(ib) => self.b.ins().band(ia, ib),
            None => ia,
        };
        let exit = self.b.create_block();
        let ok = self.b.create_block();
        self.brif(both, exit, &[], ok, &[]);
        self.b.switch_to_block(ok);
        let mut at = stack.to_vec();
        at.extend(
            operands[..if ib.is_some() { 2 } else { 1 }]
                .iter()
                .map(|s| Entry::Ready(*s)),
        );
        exits.push(Exit {
            block: exit,
            resume: j,
            stack: at,
        });
    }

    /// Checks the operands on top of `stack` not checked yet, in order, before step `j`
    /// (an operator, or the end), where a failed check resumes.
    fn settle(
        &mut self,
        stack: &mut [Entry<'e>],
        j: usize,
        exits: &mut Vec<Exit<'e>>,
        checked: &mut Vec<(&'e str, Slot)>,
    ) {
        for i in 0..stack.len() {
            let Entry::Pending(v, int_matters, name) = stack[i] else {
                continue;
            };
            let known = name.and_then(|n| checked.iter().find(|c| c.0 == n).map(|c| c.1));
            let slot = match known {
                Some(slot) => slot,
                None => {
                    let slot = self.guard(v, int_matters, j, (stack, i), exits);
                    if let Some(n) = name {
                        checked.push((n, slot));
                    }
                    slot
                }
            };
            stack[i] = Entry::Ready(slot);
        }
    }

    /// Checks operand `v` (entry `at` of `stack`) on the fast path: its unboxed value
    /// when it is a float or a small int (and whether it was an int, when
    /// `int_matters`); anything else exits (resuming at step `j`, with `stack`).
    fn guard(
        &mut self,
        v: FVal,
        int_matters: bool,
        j: usize,
        (stack, at): (&[Entry<'e>], usize),
        exits: &mut Vec<Exit<'e>>,
    ) -> Slot {
        let (o, orig) = match v {
            FVal::F(f) => {
                return Slot {
                    f,
                    orig: Orig::Float,
                    int: None,
                }
            }
            FVal::Obj(o) => (o, Orig::Obj(o)),
            FVal::Dyn(o, _) => (o, Orig::Dyn(o)),
        };
        let flt = self.flt();
        let join = self.b.create_block();
        let fv = self.b.append_block_param(join, flt);
        // A float local holds an int only after arithmetic with an object gave one: when
        // it matters, that int leaves the fast path instead of being tracked.
        let is_local = matches!(v, FVal::Dyn(..));
        let track = int_matters && !is_local;
        let int = track.then(|| self.b.append_block_param(join, self.w));
        let (zero, one) = if track {
            (vec![self.iconst(0)], vec![self.iconst(1)])
        } else {
            (vec![], vec![])
        };
        let exit = self.b.create_block();
        if let FVal::Dyn(o, f) = v {
            let unboxed = self
                .b
                .ins()
                .icmp_imm_s(IntCC::Equal, o, abi::UNBOXED as i64);
            let boxed = self.b.create_block();
            self.brif(unboxed, join, &[&[f][..], &zero].concat(), boxed, &[]);
            self.b.switch_to_block(boxed);
        }
        let int_args = (!(int_matters && is_local)).then_some(&one[..]);
        self.unbox_number(o, (join, &zero), int_args, exit);
        // On the way out `v` is its object word (a float local's is not UNBOXED there).
        let mut stack = stack.to_vec();
        stack[at] = Entry::Pending(FVal::Obj(o), false, None);
        exits.push(Exit {
            block: exit,
            resume: j,
            stack,
        });
        self.b.switch_to_block(join);
        Slot { f: fv, orig, int }
    }

    /// Branches on the object word `o` (a value: not NULL, not [`abi::UNBOXED`]): to
    /// `join(f, float_args)` with its value when it is a float, to `join(f, int_args)`
    /// with a small int taken as a float when `int_args` is given, else to `exit`.
    pub(super) fn unbox_number(
        &mut self,
        o: Value,
        (join, float_args): (Block, &[Value]),
        int_args: Option<&[Value]>,
        exit: Block,
    ) {
        let flt = self.flt();
        let low = self.b.ins().band_imm_s(o, 0b11);
        let ptr = self.b.create_block();
        let not_ptr = self.b.create_block();
        self.brif(low, not_ptr, &[], ptr, &[]);
        self.b.switch_to_block(ptr);
        // In program order `o` is a heap object here, so its type word is read directly.
        let ty = self.b.ins().load(self.w, MemFlagsData::trusted(), o, 0);
        let want = self.data_addr(entry::FLOAT_TYPE);
        let same = self.b.ins().icmp(IntCC::Equal, ty, want);
        let is_float = self.b.create_block();
        self.brif(same, is_float, &[], exit, &[]);
        self.b.switch_to_block(is_float);
        let off = (abi::layout::FLOAT_VALUE as u32 * self.pb.target.word_bytes()) as i32;
        let f = self.b.ins().load(flt, MemFlagsData::trusted(), o, off);
        self.jump(join, &[&[f][..], float_args].concat());
        self.b.switch_to_block(not_ptr);
        match int_args {
            Some(args) => {
                let tag = self.b.ins().band_imm_s(o, 1);
                let int_b = self.b.create_block();
                self.brif(tag, int_b, &[], exit, &[]);
                self.b.switch_to_block(int_b);
                let n = self.b.ins().sshr_imm_s(o, 1);
                let f = self.b.ins().fcvt_from_sint(flt, n);
                self.jump(join, &[&[f][..], args].concat());
            }
            None => self.jump(exit, &[]),
        }
    }

    /// The object of a fast-path value.
    fn slot_object(&mut self, s: Slot, line: usize) -> Value {
        match s.orig {
            Orig::Float => self.box_float(s.f, line),
            Orig::Obj(o) => o,
            Orig::Dyn(o) => self.box_dyn(o, s.f, None, line),
        }
    }

    /// The generic suffix of a tree and the code of its exits (nothing without exits).
    fn generic_suffix(
        &mut self,
        steps: &[Step<'e>],
        exits: Vec<Exit<'e>>,
        sink: Sink,
        done: Block,
        line: usize,
    ) -> Result<()> {
        let Some(first) = exits.iter().map(|x| x.resume).min() else {
            return Ok(());
        };
        // The stack depth before each step (and at the end).
        let mut depth = vec![0usize; steps.len() + 1];
        for (j, step) in steps.iter().enumerate() {
            depth[j + 1] = match step {
                Step::Const(_) | Step::Leaf(..) | Step::Pre(..) => depth[j] + 1,
                Step::Bin(..) => depth[j] - 1,
                Step::Neg(_) => depth[j],
            };
        }
        let entries: Vec<Block> = (0..=steps.len())
            .map(|j| {
                let blk = self.b.create_block();
                if j >= first {
                    for _ in 0..depth[j] {
                        self.b.append_block_param(blk, self.w);
                    }
                }
                blk
            })
            .collect();
        for x in exits {
            self.b.switch_to_block(x.block);
            let objs: Vec<Value> = x
                .stack
                .iter()
                .map(|e| match *e {
                    Entry::Ready(s) => self.slot_object(s, line),
                    Entry::Pending(v, ..) => self.box_fval(v, line),
                })
                .collect();
            self.jump(entries[x.resume], &objs);
        }
        for j in first..=steps.len() {
            self.switch_to(entries[j]);
            if !self.flow.reachable {
                continue;
            }
            let mut objs: Vec<Value> = self.b.block_params(entries[j]).to_vec();
            if j == steps.len() {
                return self.generic_end(objs, sink, done, line);
            }
            match steps[j] {
                Step::Const(e) | Step::Leaf(e, _) => {
                    let outer = std::mem::replace(&mut self.float_spec, false);
                    let r = self.expr(e);
                    self.float_spec = outer;
                    objs.push(r?);
                }
                Step::Pre(v, _) => {
                    let o = match v {
                        FVal::F(f) => self.box_float(f, line),
                        FVal::Obj(o) => o,
                        FVal::Dyn(o, f) => self.box_dyn(o, f, None, line),
                    };
                    objs.push(o);
                }
                Step::Bin(op, inplace, line) => {
                    let (Some(b), Some(a)) = (objs.pop(), objs.pop()) else {
                        unreachable!("an operator follows its operands")
                    };
                    let r = if self.float_spec {
                        self.binop_maybe_inplace(op, inplace, a, b, line)
                    } else {
                        let code = op as usize + if inplace { abi::BINOP_INPLACE } else { 0 };
                        self.generic_binop_code(code, a, b, line)
                    };
                    objs.push(r);
                }
                Step::Neg(line) => {
                    let Some(a) = objs.pop() else {
                        unreachable!("an operator follows its operand")
                    };
                    let r = self.generic_unop(abi::UnOp::Neg, a, line);
                    objs.push(r);
                }
            }
            self.jump(entries[j + 1], &objs);
        }
        Ok(())
    }

    /// The end of the generic suffix: the result joins the fast path's, or the branch.
    fn generic_end(
        &mut self,
        mut objs: Vec<Value>,
        sink: Sink,
        done: Block,
        line: usize,
    ) -> Result<()> {
        match sink {
            Sink::Value(want_object) => {
                let Some(o) = objs.pop() else {
                    unreachable!("a tree has a value")
                };
                if want_object {
                    self.jump(done, &[o]);
                } else {
                    let zero = self.fconst(0.0);
                    self.jump(done, &[o, zero]);
                }
            }
            Sink::Branch(_, op, t, f) => {
                let (Some(b), Some(a)) = (objs.pop(), objs.pop()) else {
                    unreachable!("a comparison has two sides")
                };
                let r = self.generic_binop(op, a, b, line);
                self.truth(r, t, f, line);
            }
        }
        Ok(())
    }
}
