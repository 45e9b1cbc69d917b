//! Unboxed floats in native code.
//!
//! Float arithmetic through the runtime allocates a float object for every result. Native
//! code keeps the intermediate results of float arithmetic (`+ - * /` with a float
//! literal or a float local on one side) unboxed, in registers, and boxes a value only
//! where an object is needed (a call argument, a list item, a return value, ...).
//!
//! A *float local* (found by [`float_locals`]: a plain local whose every binding is an
//! assignment of float arithmetic) has a second variable holding its value unboxed; its
//! object variable then holds [`abi::UNBOXED`]. Reading it where an object is needed
//! boxes the value once and writes the box back.
//!
//! An expression of such arithmetic is compiled as one tree (`float_tree`): every fast
//! path is guarded at run time, and an operand that is neither a float nor a small int,
//! two small ints meeting, or a zero divisor continue through the runtime's generic
//! operators with boxed operands. The analysis only decides where to look for floats,
//! never what a result is.

use super::Lower;
use cranelift_codegen::ir::condcodes::{FloatCC, IntCC};
use cranelift_codegen::ir::{types, Block, InstBuilder, MemFlagsData, Type, Value};
use cranelift_frontend::Variable;
use ruff_python_ast::{self as ast, CmpOp, Expr, Operator, Stmt, UnaryOp};
use ruff_text_size::TextRange;
use std::collections::{HashMap, HashSet};
use upyc_abi::{self as abi, entry, BinOp};

use crate::diag::Result;

/// A value in float context.
#[derive(Clone, Copy)]
pub(super) enum FVal {
    /// Certainly a float, unboxed.
    F(Value),
    /// An object.
    Obj(Value),
    /// `(obj, f)`: the float `f` when `obj` is [`abi::UNBOXED`], else the object `obj`.
    Dyn(Value, Value),
}

/// The runtime operator of a float arithmetic operator (`+ - * /`).
pub(super) fn float_arith(op: Operator) -> Option<BinOp> {
    Some(match op {
        Operator::Add => BinOp::Add,
        Operator::Sub => BinOp::Sub,
        Operator::Mult => BinOp::Mul,
        Operator::Div => BinOp::TrueDiv,
        _ => return None,
    })
}

/// True for float arithmetic: a float literal, a float local (`is_float_local`), or
/// `+ - * /` and unary `-`/`+` with such an operand.
fn is_floaty(e: &Expr, is_float_local: &dyn Fn(&str) -> bool) -> bool {
    match e {
        Expr::NumberLiteral(n) => matches!(n.value, ast::Number::Float(_)),
        Expr::Name(n) => is_float_local(&n.id),
        Expr::UnaryOp(u) if matches!(u.op, UnaryOp::USub | UnaryOp::UAdd) => {
            is_floaty(&u.operand, is_float_local)
        }
        Expr::BinOp(b) if float_arith(b.op).is_some() => {
            is_floaty(&b.left, is_float_local) || is_floaty(&b.right, is_float_local)
        }
        _ => false,
    }
}

/// True for a *speculative float tree*: arithmetic (`+ - * /`, unary `-`) over
/// attribute loads, names, calls, subscripts and float literals, with an attribute load
/// (like `self.x - o.x` or `self.x * o.x + self.y * o.y`) or with two operators, one a
/// true division (which makes a float of ints: `2 * math.pi * k / n`, where int
/// literals may appear too). Nothing says it is float arithmetic, but nothing else
/// suggests ints: attributes are where objects keep their floats. Its intermediate
/// results stay unboxed when they are floats; when they are not, the tree continues with
/// objects (small ints inline).
fn is_speculative_floaty(e: &Expr) -> bool {
    #[derive(Default)]
    struct Count {
        ops: usize,
        attrs: usize,
        divs: usize,
        ints: usize,
    }
    fn walk(e: &Expr, c: &mut Count) -> bool {
        match e {
            Expr::BinOp(b) if float_arith(b.op).is_some() => {
                c.ops += 1;
                c.divs += usize::from(b.op == Operator::Div);
                walk(&b.left, c) && walk(&b.right, c)
            }
            Expr::UnaryOp(u) if u.op == UnaryOp::USub => walk(&u.operand, c),
            Expr::Attribute(_) => {
                c.attrs += 1;
                true
            }
            Expr::NumberLiteral(n) => match n.value {
                ast::Number::Float(_) => true,
                ast::Number::Int(_) => {
                    c.ints += 1;
                    true
                }
                ast::Number::Complex { .. } => false,
            },
            Expr::Name(_) | Expr::Call(_) | Expr::Subscript(_) => true,
            _ => false,
        }
    }
    let mut c = Count::default();
    if !walk(e, &mut c) || c.ops == 0 {
        return false;
    }
    (c.attrs >= 1 || (c.divs >= 1 && c.ops >= 2)) && (c.ints == 0 || c.divs >= 1)
}

/// How a local is bound.
enum Binding<'a> {
    /// `name = e` (also one item of `a, b = x, y`).
    Assign(&'a Expr),
    /// `name op= e`.
    Aug(Operator),
    /// Anything else: a `for` target, `with ... as`, `import`, `del`, `def`, ...
    Other,
}

/// The float locals of a function body among `candidates` (its plain locals): the
/// largest set of names whose every binding assigns float arithmetic, counting the
/// names of the set as floats.
pub(super) fn float_locals(body: &[Stmt], candidates: &HashSet<String>) -> HashSet<String> {
    let mut binds: HashMap<String, Vec<Binding<'_>>> = HashMap::new();
    collect_stmts(body, &mut binds);
    let mut set: HashSet<String> = binds
        .iter()
        .filter(|(n, bs)| {
            candidates.contains(*n) && bs.iter().all(|b| !matches!(b, Binding::Other))
        })
        .map(|(n, _)| n.clone())
        .collect();
    loop {
        let drop: Vec<String> = set
            .iter()
            .filter(|n| {
                !binds[n.as_str()].iter().all(|b| match b {
                    Binding::Assign(e) => is_floaty(e, &|x| set.contains(x)),
                    Binding::Aug(op) => float_arith(*op).is_some(),
                    Binding::Other => false,
                })
            })
            .cloned()
            .collect();
        if drop.is_empty() {
            return set;
        }
        for n in drop {
            set.remove(&n);
        }
    }
}

fn bind<'a>(binds: &mut HashMap<String, Vec<Binding<'a>>>, name: &str, b: Binding<'a>) {
    binds.entry(name.to_string()).or_default().push(b);
}

fn bind_other(binds: &mut HashMap<String, Vec<Binding<'_>>>, target: &Expr) {
    let mut names = Vec::new();
    super::collect_target_names(target, &mut names);
    for n in names {
        bind(binds, &n, Binding::Other);
    }
}

fn collect_stmts<'a>(body: &'a [Stmt], binds: &mut HashMap<String, Vec<Binding<'a>>>) {
    for s in body {
        match s {
            Stmt::Assign(a) => match (a.targets.as_slice(), &*a.value) {
                ([Expr::Name(n)], v) => bind(binds, &n.id, Binding::Assign(v)),
                ([Expr::Tuple(lhs)], Expr::Tuple(rhs))
                    if lhs.elts.len() == rhs.elts.len()
                        && !lhs.elts.iter().any(Expr::is_starred_expr)
                        && !rhs.elts.iter().any(Expr::is_starred_expr) =>
                {
                    for (t, v) in lhs.elts.iter().zip(&rhs.elts) {
                        match t {
                            Expr::Name(n) => bind(binds, &n.id, Binding::Assign(v)),
                            other => bind_other(binds, other),
                        }
                    }
                }
                (targets, _) => targets.iter().for_each(|t| bind_other(binds, t)),
            },
            Stmt::AnnAssign(a) => match (&*a.target, &a.value) {
                (Expr::Name(n), Some(v)) => bind(binds, &n.id, Binding::Assign(v)),
                (t, _) => bind_other(binds, t),
            },
            Stmt::AugAssign(a) => match &*a.target {
                Expr::Name(n) => bind(binds, &n.id, Binding::Aug(a.op)),
                t => bind_other(binds, t),
            },
            Stmt::For(f) => {
                bind_other(binds, &f.target);
                collect_stmts(&f.body, binds);
                collect_stmts(&f.orelse, binds);
            }
            Stmt::While(w) => {
                collect_stmts(&w.body, binds);
                collect_stmts(&w.orelse, binds);
            }
            Stmt::If(i) => {
                collect_stmts(&i.body, binds);
                for c in &i.elif_else_clauses {
                    collect_stmts(&c.body, binds);
                }
            }
            Stmt::With(w) => {
                for item in &w.items {
                    if let Some(t) = &item.optional_vars {
                        bind_other(binds, t);
                    }
                }
                collect_stmts(&w.body, binds);
            }
            Stmt::Try(t) => {
                collect_stmts(&t.body, binds);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        bind(binds, &n.id, Binding::Other);
                    }
                    collect_stmts(&h.body, binds);
                }
                collect_stmts(&t.orelse, binds);
                collect_stmts(&t.finalbody, binds);
            }
            Stmt::Delete(d) => d.targets.iter().for_each(|t| bind_other(binds, t)),
            Stmt::FunctionDef(d) => bind(binds, &d.name.id, Binding::Other),
            Stmt::ClassDef(c) => bind(binds, &c.name.id, Binding::Other),
            Stmt::Import(i) => {
                for a in &i.names {
                    let n = a.asname.as_ref().unwrap_or(&a.name);
                    let first = n.id.split('.').next().unwrap_or_default();
                    bind(binds, first, Binding::Other);
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    bind(
                        binds,
                        &a.asname.as_ref().unwrap_or(&a.name).id,
                        Binding::Other,
                    );
                }
            }
            _ => {}
        }
    }
}

impl Lower<'_, '_, '_> {
    /// Whether this function keeps floats unboxed: native code outside generators.
    fn floats_on(&self) -> bool {
        !self.pb.compact && self.gen.is_none()
    }

    /// The float type of the target (the runtime's `Flt`).
    pub(super) fn flt(&self) -> Type {
        if self.pb.target.word_bits == 64 {
            types::F64
        } else {
            types::F32
        }
    }

    pub(super) fn fconst(&mut self, v: f64) -> Value {
        if self.flt() == types::F64 {
            self.b.ins().f64const(v)
        } else {
            self.b.ins().f32const(v as f32)
        }
    }

    /// Declares the unboxed variables of the float locals of `body` (a function's).
    pub(super) fn declare_float_locals(&mut self, body: &[Stmt]) {
        if !self.floats_on() {
            return;
        }
        let Some(scope) = self.scope.as_ref() else {
            return;
        };
        let candidates: HashSet<String> = scope
            .locals
            .iter()
            .filter(|n| !self.params.contains(*n) && !self.cells.contains(*n))
            .cloned()
            .collect();
        let mut names: Vec<String> = float_locals(body, &candidates).into_iter().collect();
        names.sort();
        for name in names {
            if self.vars.contains_key(&name) {
                let var = self.b.declare_var(self.flt());
                let zero = self.fconst(0.0);
                self.b.def_var(var, zero);
                self.fvars.insert(name, var);
            }
        }
    }

    /// The (object, unboxed) variables of float local `name`, where `name` means it.
    pub(super) fn float_var(&self, name: &str) -> Option<(Variable, Variable)> {
        if !self.class_bodies.is_empty()
            || self.comp_var(name).is_some()
            || self.cells.contains(name)
        {
            return None;
        }
        Some((*self.vars.get(name)?, *self.fvars.get(name)?))
    }

    /// True when `e` is float arithmetic worth lowering with [`Self::fexpr`].
    pub(super) fn floaty(&self, e: &Expr) -> bool {
        self.floats_on() && is_floaty(e, &|n| self.float_var(n).is_some())
    }

    /// True when `e` is a speculative float tree (see [`is_speculative_floaty`]).
    pub(super) fn speculative_floaty(&self, e: &Expr) -> bool {
        self.floats_on() && is_speculative_floaty(e)
    }

    /// `e` in float context: unboxed where it is float arithmetic.
    pub(super) fn fexpr(&mut self, e: &Expr) -> Result<FVal> {
        if let Some(v) = self.literal_value(e) {
            return Ok(FVal::F(self.fconst(v)));
        }
        match e {
            Expr::Name(n) if self.float_var(&n.id).is_some() => {
                return Ok(self.float_local(&n.id, n.range));
            }
            _ if self.is_tree(e) => return self.float_value(e),
            _ => {}
        }
        // A leaf: its own subexpressions are not part of a speculative tree.
        let outer = std::mem::replace(&mut self.float_spec, false);
        let r = self.expr(e);
        self.float_spec = outer;
        Ok(FVal::Obj(r?))
    }

    /// Float local `name` as a [`FVal::Dyn`] (UnboundLocalError when unbound).
    pub(super) fn float_local(&mut self, name: &str, range: TextRange) -> FVal {
        let Some((ov, fv)) = self.float_var(name) else {
            unreachable!("callers check float_var")
        };
        let o = self.b.use_var(ov);
        let f = self.b.use_var(fv);
        let no_name = self.iconst(0);
        let line = self.line(range);
        self.null_check(o, entry::RAISE_UNBOUND_LOCAL, no_name, line);
        FVal::Dyn(o, f)
    }

    /// Float local `name`'s object `o` (bound): boxes an unboxed value and keeps the box.
    pub(super) fn float_local_object(&mut self, name: &str, o: Value, line: usize) -> Value {
        let Some((ov, fv)) = self.float_var(name) else {
            return o;
        };
        let f = self.b.use_var(fv);
        self.box_dyn(o, f, Some(ov), line)
    }

    /// The object of [`FVal::Dyn`] `(o, f)`: `o`, or `f` boxed when `o` is the mark;
    /// `keep` is the variable the box is written back to.
    pub(super) fn box_dyn(
        &mut self,
        o: Value,
        f: Value,
        keep: Option<Variable>,
        line: usize,
    ) -> Value {
        let unboxed = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, o, abi::UNBOXED as i64);
        let boxing = self.b.create_block();
        let done = self.b.create_block();
        let r = self.b.append_block_param(done, self.w);
        self.nonzero.push(r);
        self.brif(unboxed, boxing, &[], done, &[o]);
        self.b.switch_to_block(boxing);
        let boxed = self.box_float(f, line);
        if let Some(var) = keep {
            self.b.def_var(var, boxed);
        }
        self.jump(done, &[boxed]);
        self.switch_to(done);
        r
    }

    /// Assigns `v` to float local `name`.
    pub(super) fn store_fval(&mut self, name: &str, v: FVal) {
        let Some((ov, fv)) = self.float_var(name) else {
            unreachable!("callers check float_var")
        };
        match v {
            FVal::F(f) => {
                let m = self.iconst(abi::UNBOXED as i64);
                self.b.def_var(ov, m);
                self.b.def_var(fv, f);
            }
            FVal::Obj(o) => self.b.def_var(ov, o),
            FVal::Dyn(o, f) => {
                self.b.def_var(ov, o);
                self.b.def_var(fv, f);
            }
        }
    }

    /// A new float object holding `f`.
    pub(super) fn box_float(&mut self, f: Value, line: usize) -> Value {
        let bits = self.b.ins().bitcast(self.w, MemFlagsData::new(), f);
        self.rt_checked(entry::FLOAT_BOX, &[bits], line)
    }

    /// `v` as an object.
    pub(super) fn box_fval(&mut self, v: FVal, line: usize) -> Value {
        match v {
            FVal::F(f) => self.box_float(f, line),
            FVal::Obj(o) => o,
            FVal::Dyn(o, f) => self.box_dyn(o, f, None, line),
        }
    }

    /// `int(e)` for float arithmetic `e`: truncated inline when the result is a small int.
    pub(super) fn int_of_float(&mut self, e: &Expr, line: usize) -> Result<Value> {
        let v = self.fexpr(e)?;
        let slow = self.b.create_block();
        let done = self.b.create_block();
        let r = self.b.append_block_param(done, self.w);
        self.nonzero.push(r);
        // Only a float is truncated inline (`int()` of an int is the int itself).
        let f = match v {
            FVal::F(f) => f,
            FVal::Obj(o) | FVal::Dyn(o, _) => {
                let join = self.b.create_block();
                let fp = self.b.append_block_param(join, self.flt());
                if let FVal::Dyn(o, f) = v {
                    let unboxed = self
                        .b
                        .ins()
                        .icmp_imm_s(IntCC::Equal, o, abi::UNBOXED as i64);
                    let boxed = self.b.create_block();
                    self.brif(unboxed, join, &[f], boxed, &[]);
                    self.b.switch_to_block(boxed);
                }
                self.unbox_number(o, (join, &[]), None, slow);
                self.b.switch_to_block(join);
                fp
            }
        };
        // |f| < 2^(bits - 2): the truncated value is a small int (NaN fails both tests).
        let limit = (1u64 << (self.pb.target.word_bits - 2)) as f64;
        let hi = self.fconst(limit);
        let lo = self.fconst(-limit);
        let below = self.b.ins().fcmp(FloatCC::LessThan, f, hi);
        let above = self.b.ins().fcmp(FloatCC::GreaterThan, f, lo);
        let in_range = self.b.create_block();
        let low_ok = self.b.create_block();
        self.brif(below, low_ok, &[], slow, &[]);
        self.b.switch_to_block(low_ok);
        self.brif(above, in_range, &[], slow, &[]);
        self.b.switch_to_block(in_range);
        let n = self.b.ins().fcvt_to_sint_sat(self.w, f);
        let shifted = self.b.ins().ishl_imm_s(n, 1);
        let tagged = self.b.ins().bor_imm_s(shifted, 1);
        self.jump(done, &[tagged]);
        self.b.switch_to_block(slow);
        let o = self.box_fval(v, line);
        let int = self.load_global("int", line);
        let args = self.spill_args(&[o]);
        let (one, zero) = (self.iconst(1), self.iconst(0));
        let r2 = self.rt_checked(entry::CALL, &[int, args, one, zero], line);
        self.jump(done, &[r2]);
        self.switch_to(done);
        Ok(r)
    }

    /// Branches on `a op b` for a comparison with float arithmetic on one side; false
    /// when `op` is not an order or equality comparison.
    pub(super) fn fcond(&mut self, c: &ast::ExprCompare, t: Block, f: Block) -> Result<bool> {
        let cc = match c.ops[0] {
            CmpOp::Lt => FloatCC::LessThan,
            CmpOp::LtE => FloatCC::LessThanOrEqual,
            CmpOp::Gt => FloatCC::GreaterThan,
            CmpOp::GtE => FloatCC::GreaterThanOrEqual,
            CmpOp::Eq => FloatCC::Equal,
            CmpOp::NotEq => FloatCC::NotEqual,
            _ => return Ok(false),
        };
        if c.ops.len() != 1 || !(self.floaty(&c.left) || self.floaty(&c.comparators[0])) {
            return Ok(false);
        }
        let line = self.line(c.range);
        let (bop, _) = super::cmp_of(c.ops[0]);
        self.float_compare(&c.left, &c.comparators[0], (cc, bop), t, f, line)?;
        Ok(true)
    }
}
