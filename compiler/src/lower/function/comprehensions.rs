//! List, set and dict comprehensions, lowered inline: the loop targets get variables of
//! their own (they never leak), the outermost iterable is evaluated outside them, as in
//! Python. A generator expression is accepted where a builtin consumes it completely
//! (`sum(x for x in xs)`, `", ".join(...)`) and is then built as a list first: the result
//! is the same (only which exception comes first could differ when both the generator and
//! `sum`/`min`/`max` would raise). `any`/`all` stop early, so they are not in the list.

use super::Lower;
use crate::diag::Result;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, Value};
use ruff_python_ast::{self as ast, Expr};
use std::collections::HashMap;
use upyc_abi::{self as abi, entry};

/// A comprehension target's variable.
#[derive(Clone, Copy)]
pub(super) struct CompVar {
    /// The variable: the value, or the cell holding it.
    pub(super) var: cranelift_frontend::Variable,
    /// True when a nested lambda or generator expression captures the target.
    pub(super) is_cell: bool,
}

/// The names the lambdas and generator expressions in `exprs` use from outside.
fn captured_names(exprs: &[&Expr]) -> std::collections::BTreeSet<String> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Free(std::collections::BTreeSet<String>);
    impl<'a> Visitor<'a> for Free {
        fn visit_expr(&mut self, e: &'a Expr) {
            match e {
                Expr::Lambda(l) => {
                    let empty = ast::Parameters::default();
                    let params = l.parameters.as_deref().unwrap_or(&empty);
                    self.0.extend(crate::frontend::scope::free_names(
                        params,
                        &[],
                        Some(&l.body),
                    ));
                    // Defaults are evaluated outside the lambda.
                    for p in params.iter_non_variadic_params() {
                        if let Some(d) = &p.default {
                            self.visit_expr(d);
                        }
                    }
                }
                Expr::Generator(g) => {
                    self.0.extend(crate::frontend::scope::genexp_free_names(g));
                    self.visit_expr(&g.generators[0].iter);
                }
                _ => visitor::walk_expr(self, e),
            }
        }
    }
    let mut v = Free(Default::default());
    for e in exprs {
        v.visit_expr(e);
    }
    v.0
}

/// What a comprehension builds.
pub(super) enum Kind<'a> {
    /// `[elt ...]`.
    List(&'a Expr),
    /// `{elt ...}`.
    Set(&'a Expr),
    /// `{key: value ...}`.
    Dict(&'a Expr, &'a Expr),
    /// `(elt ...)` as a generator: each element is yielded.
    Yield(&'a Expr),
}

/// Builtins that consume an iterable argument completely.
const CONSUMERS: &[&str] = &[
    "sum",
    "min",
    "max",
    "sorted",
    "list",
    "tuple",
    "set",
    "frozenset",
    "dict",
];

impl Lower<'_, '_, '_> {
    /// True when the generator expression `arg` of call `c` may be built eagerly: it is the
    /// only argument of a consuming builtin, or of `"literal".join(...)`.
    pub(super) fn eager_genexp_ok(&self, c: &ast::ExprCall) -> bool {
        if c.arguments.args.len() != 1 {
            return false;
        }
        match &*c.func {
            Expr::Name(n) => {
                CONSUMERS.contains(&n.id.as_str()) && self.is_builtin_call(&c.func, n.id.as_str())
            }
            Expr::Attribute(a) => {
                a.attr.id.as_str() == "join" && matches!(&*a.value, Expr::StringLiteral(_))
            }
            _ => false,
        }
    }

    /// `f(x for x in xs)` where `f` consumes its argument completely: the generator is
    /// built as a list first. `None` when the call is not of that form.
    pub(super) fn eager_genexp_call(
        &mut self,
        c: &ast::ExprCall,
        line: usize,
    ) -> Option<Result<Value>> {
        let Expr::Generator(g) = c.arguments.args.first()? else {
            return None;
        };
        if !c.arguments.keywords.is_empty() || !self.eager_genexp_ok(c) {
            return None;
        }
        Some((|| match &*c.func {
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value)?;
                let list = self.comprehension(Kind::List(&g.elt), &g.generators, line)?;
                let name = self.qstr_const(&a.attr.id);
                let args = self.spill_args(&[obj, list]);
                let one = self.iconst(1);
                let zero = self.iconst(0);
                Ok(self.rt_checked(entry::CALL_METHOD, &[name, args, one, zero], line))
            }
            func => {
                let callee = self.expr(func)?;
                let list = self.comprehension(Kind::List(&g.elt), &g.generators, line)?;
                let args = self.spill_args(&[list]);
                let one = self.iconst(1);
                let zero = self.iconst(0);
                Ok(self.rt_checked(entry::CALL, &[callee, args, one, zero], line))
            }
        })())
    }

    /// A comprehension's value.
    pub(super) fn comprehension(
        &mut self,
        kind: Kind<'_>,
        gens: &[ast::Comprehension],
        line: usize,
    ) -> Result<Value> {
        if let Some(g) = gens.iter().find(|g| g.is_async) {
            return Err(self
                .src()
                .error(g.range, "asynchronous comprehensions are not supported yet"));
        }
        // The outermost iterable belongs to the enclosing scope (evaluated first: it may
        // suspend a generator, and nothing else is held yet).
        let first = self.expr(&gens[0].iter)?;
        let first = self.hold(first);
        let empty = self.spill_args(&[]);
        let zero = self.iconst(0);
        let build = match kind {
            Kind::List(_) | Kind::Yield(_) => entry::BUILD_LIST,
            Kind::Set(_) => entry::BUILD_SET,
            Kind::Dict(..) => entry::BUILD_DICT,
        };
        let result = self.rt_checked(build, &[empty, zero], line);
        let first = self.release(first);
        let elts: Vec<&Expr> = match &kind {
            Kind::List(e) | Kind::Set(e) | Kind::Yield(e) => vec![e],
            Kind::Dict(k, v) => vec![k, v],
        };
        let scope = self.comp_scope(gens, &elts, line);
        self.comp_scopes.push(scope);
        let r = self.comp_loop(&kind, gens, 0, Some(first), result, line);
        self.comp_scopes.pop();
        r?;
        Ok(result)
    }

    /// The variables of a comprehension's targets. A target that a lambda or generator
    /// expression inside the comprehension uses lives in a cell (one per comprehension
    /// run, as in Python, where the comprehension is a function of its own).
    pub(super) fn comp_scope(
        &mut self,
        gens: &[ast::Comprehension],
        elts: &[&Expr],
        line: usize,
    ) -> HashMap<String, CompVar> {
        let mut names = Vec::new();
        for g in gens {
            super::collect_target_names(&g.target, &mut names);
        }
        let mut inner = Vec::new();
        for (k, g) in gens.iter().enumerate() {
            if k > 0 {
                inner.push(&g.iter);
            }
            inner.extend(g.ifs.iter());
        }
        inner.extend(elts.iter().copied());
        let captured = captured_names(&inner);
        let mut scope = HashMap::new();
        for n in names {
            let var = self.b.declare_var(self.w);
            let is_cell = captured.contains(&n);
            let init = if is_cell {
                let null = self.iconst(0);
                self.rt_checked(entry::MAKE_CELL, &[null], line)
            } else {
                self.iconst(0)
            };
            self.b.def_var(var, init);
            scope.insert(n, CompVar { var, is_cell });
        }
        scope
    }

    pub(super) fn comp_loop(
        &mut self,
        kind: &Kind<'_>,
        gens: &[ast::Comprehension],
        k: usize,
        iterable: Option<Value>,
        result: Value,
        line: usize,
    ) -> Result<()> {
        let Some(g) = gens.get(k) else {
            match kind {
                Kind::List(e) => {
                    let v = self.expr(e)?;
                    self.rt_checked(entry::LIST_APPEND, &[result, v], line);
                }
                Kind::Set(e) => {
                    let v = self.expr(e)?;
                    self.rt_checked(entry::SET_ADD, &[result, v], line);
                }
                Kind::Dict(key, value) => {
                    let k = self.expr(key)?;
                    let v = self.expr(value)?;
                    self.rt_checked(entry::DICT_STORE, &[result, k, v], line);
                }
                Kind::Yield(e) => {
                    let v = self.expr(e)?;
                    self.yield_value(v, line);
                }
            }
            return Ok(());
        };
        let iterable = match iterable {
            Some(v) => v,
            None => self.expr(&g.iter)?,
        };
        let it = self.rt_checked(entry::GET_ITER, &[iterable], line);
        let it = self.hold(it);
        let header = self.b.create_block();
        let body = self.b.create_block();
        let exit = self.b.create_block();
        self.jump(header, &[]);
        self.switch_to(header);
        let it = self.release(it);
        let v = self.rt_checked(entry::ITER_NEXT, &[it], line);
        let stop = self.b.ins().icmp_imm_s(IntCC::Equal, v, abi::STOP as i64);
        self.brif(stop, exit, &[], body, &[]);
        self.switch_to(body);
        self.assign_target(&g.target, v)?;
        for cond in &g.ifs {
            let pass = self.b.create_block();
            self.cond(cond, pass, header)?;
            self.switch_to(pass);
            if !self.flow.reachable {
                break;
            }
        }
        if self.flow.reachable {
            self.comp_loop(kind, gens, k + 1, None, result, line)?;
            if self.flow.reachable {
                self.jump(header, &[]);
            }
        }
        self.switch_to(exit);
        Ok(())
    }
}
