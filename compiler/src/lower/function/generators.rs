//! Generators and coroutines: `yield`, `yield from`, generator expressions, `async def`,
//! `await`, `async for` and `async with`.
//!
//! A generator function compiles to two functions. Its *creator* (the body symbol, with
//! the usual direct-entry signature, so direct calls, function objects and methods work
//! unchanged) allocates the generator object (`upyc_abi::entry::GEN_NEW`), stores the
//! arguments and the closure tuple into its frame slots and returns it. Its *resume
//! function* `resume(gen, sent, thrown)` is the body as a state machine: the entry
//! dispatches on the state word to the start or to the point after the k-th yield.
//!
//! At a yield every cranelift `Variable` of the function is stored into the frame (slot
//! `base + i` for variable `i`), the state becomes k and the value is returned; resuming
//! loads them back and defines the variables again, so cranelift-frontend's SSA
//! construction connects the rest. The saves and restores are emitted when the function
//! is finished, so they cover every variable. Plain SSA values cannot live across a
//! yield: the lowering keeps the values that statements and expressions hold across
//! their parts in variables when lowering a generator ([`Lower::hold`]). A value held
//! across a yield some other way makes the CLIF verifier fail; that is reported as a
//! located error at the function's first yield, never compiled wrongly.
//!
//! Resumed with `thrown` set, the exception (already pending) is raised at the yield, so
//! the function's own `try` handlers and `finally` bodies see it.

use super::{Lower, ProgramBuilder};
use crate::diag::Result;
use crate::frontend::scope::FunctionScope;
use cranelift_codegen::entity::EntityRef;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{self, Block, InstBuilder, MemFlagsData, UserFuncName, Value};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};
use target_lexicon::PointerWidth;
use upyc_abi::{self as abi, entry, layout};

/// A value kept across the parts of a statement or expression: in a generator, a
/// variable (saved at yields); elsewhere the value itself.
#[derive(Clone, Copy)]
pub(crate) enum Held {
    Val(Value),
    Var(Variable),
}

/// One suspension point.
struct Point {
    /// Saves the variables and returns the yielded value (block parameter).
    save: Block,
    /// Restores the variables, then goes to `post`.
    resume: Block,
    /// Code after the restore (emitted when the yield is lowered).
    post: Block,
}

/// The state of a resume function being lowered.
pub(crate) struct GenState {
    frame: Value,
    sent: Value,
    thrown: Value,
    dispatch: Block,
    start: Block,
    points: Vec<Point>,
    /// First frame slot of the saved variables.
    base: usize,
    kind: usize,
}

/// What a generator's body is.
pub(crate) enum GenBody<'a> {
    Stmts(&'a [Stmt]),
    GenExp(&'a ast::ExprGenerator),
}

/// `Some(kind)` when `def` is a generator (`yield`) or a coroutine (`async def`).
pub(super) fn def_kind(
    src: &crate::frontend::SourceFile,
    def: &ast::StmtFunctionDef,
) -> Result<Option<usize>> {
    let s = crate::frontend::scope::suspensions(&def.body);
    if def.is_async {
        if let Some(r) = s.first_yield {
            return Err(src.error(r, "async generators are not supported yet"));
        }
        return Ok(Some(abi::GEN_KIND_COROUTINE));
    }
    if let Some(r) = s.first_await {
        return Err(src.error(r, "'await' outside async function"));
    }
    Ok(s.first_yield.map(|_| abi::GEN_KIND_GENERATOR))
}

/// Symbol of a generator expression's creator.
fn genexp_symbol(pb: &ProgramBuilder<'_>, g: &ast::ExprGenerator) -> String {
    let (line, col) = pb.src.line_col(g.range.start());
    format!("upy_fn_{}_genexpr_L{line}_C{col}", pb.prefix)
}

/// Compiles a generator or coroutine: its resume function and its creator `symbol`
/// (taking the argument slots like any body).
#[allow(clippy::too_many_arguments)]
pub(super) fn lower_generator(
    pb: &mut ProgramBuilder<'_>,
    symbol: &str,
    name: &str,
    params: &ast::Parameters,
    body: GenBody<'_>,
    free: &[String],
    line: usize,
    kind: usize,
) -> Result<()> {
    let (scope, cells, first) = match &body {
        GenBody::Stmts(stmts) => {
            let s = crate::frontend::scope::suspensions(stmts);
            (
                FunctionScope::of_parts(params, stmts),
                crate::frontend::scope::cell_names(params, stmts, None),
                s.first_yield.or(s.first_await),
            )
        }
        GenBody::GenExp(g) => (
            FunctionScope {
                params: vec![".0".to_string()],
                ..FunctionScope::default()
            },
            Default::default(),
            Some(g.range),
        ),
    };
    let param_names = scope.params.clone();
    let np = param_names.len();
    let resume_sym = format!("{symbol}_resume");
    pb.gen_first_yield
        .insert(resume_sym.clone(), (pb.unit, first.unwrap_or_default()));

    // The resume function.
    let sig = pb.target.signature(3, true);
    let sym = pb.func_symbol(&resume_sym);
    let name_q = pb.qstr(name);
    let mut func = ir::Function::with_name_signature(UserFuncName::user(0, sym), sig);
    let mut fctx = FunctionBuilderContext::new();
    let b = FunctionBuilder::new(&mut func, &mut fctx);
    let mut l = Lower::new(pb, b, Some(scope), name_q);
    let entry_b = l.b.create_block();
    l.b.append_block_params_for_function_params(entry_b);
    l.b.switch_to_block(entry_b);
    l.b.seal_block(entry_b);
    let (frame, sent, thrown) = match l.b.block_params(entry_b) {
        &[f, s, t] => (f, s, t),
        _ => unreachable!("the resume signature has three parameters"),
    };
    l.stack_check();
    let gv = l.data_gv(&l.pb.globals_symbol.clone());
    l.globals_base = Some(l.b.ins().symbol_value(l.w, gv));
    let dispatch = l.b.create_block();
    let start = l.b.create_block();
    l.b.ins().jump(dispatch, &[]);
    l.gen = Some(GenState {
        frame,
        sent,
        thrown,
        dispatch,
        start,
        points: Vec::new(),
        base: np + 1,
        kind,
    });
    l.b.switch_to_block(start);
    l.flow.reachable = true;
    let wb = l.pb.target.word_bytes() as i32;
    let args: Vec<Value> = (0..np).map(|i| l.load_slot(frame, i, wb)).collect();
    let closure = (!free.is_empty()).then(|| l.load_slot(frame, np, wb));
    l.bind_entry(&param_names, &args, closure, free, &cells, line);
    match body {
        GenBody::Stmts(s) => l.suite(s, false)?,
        GenBody::GenExp(g) => l.genexp_body(g, line)?,
    }
    if l.flow.reachable {
        let none = l.iconst(abi::NONE as i64);
        l.exit_return(none);
    }
    let nvars = l.finish_generator();
    let nonzero = l.finish();
    pb.functions.push(crate::backend::FuncDef {
        name: resume_sym.clone(),
        exported: false,
        clif: func,
        nonzero,
    });
    emit_creator(
        pb,
        symbol,
        &resume_sym,
        name,
        np,
        !free.is_empty(),
        np + 1 + nvars,
        kind,
    );
    Ok(())
}

/// The creator: allocates the generator and stores the arguments and the closure.
#[allow(clippy::too_many_arguments)]
fn emit_creator(
    pb: &mut ProgramBuilder<'_>,
    symbol: &str,
    resume_sym: &str,
    name: &str,
    np: usize,
    closure: bool,
    n_slots: usize,
    kind: usize,
) {
    let w = pb.target.word();
    let wb = pb.target.word_bytes() as i32;
    let pointer = super::body_uses_pointer(np, closure);
    let words = if pointer { 1 } else { np };
    let sig = pb.target.signature(words + usize::from(closure), true);
    let sym = pb.func_symbol(symbol);
    let name_q = pb.qstr(name);
    let mut func = ir::Function::with_name_signature(UserFuncName::user(0, sym), sig);
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut fctx);
    let entry_b = b.create_block();
    b.append_block_params_for_function_params(entry_b);
    b.switch_to_block(entry_b);
    b.seal_block(entry_b);
    let mut args: Vec<Value> = b.block_params(entry_b).to_vec();
    let clo = closure.then(|| args.remove(0));
    let vals: Vec<Value> = if pointer {
        let base = args[0];
        (0..np)
            .map(|i| {
                b.ins()
                    .load(w, MemFlagsData::trusted(), base, i as i32 * wb)
            })
            .collect()
    } else {
        args
    };
    let resume = crate::lower::flow::import_func(pb, &mut b, resume_sym, 3, true);
    let code = b.ins().func_addr(w, resume);
    let nq = b.ins().iconst(w, abi::qstr_obj(name_q) as i64);
    let ns = b.ins().iconst(w, n_slots as i64);
    let k = b.ins().iconst(w, kind as i64);
    let new = crate::lower::flow::import_func(pb, &mut b, entry::GEN_NEW, 4, true);
    let call = b.ins().call(new, &[code, nq, ns, k]);
    let g = b.inst_results(call)[0];
    let ok = b.create_block();
    let fail = b.create_block();
    b.ins().brif(g, ok, &[], fail, &[]);
    b.switch_to_block(fail);
    b.ins().return_(&[g]);
    b.switch_to_block(ok);
    let slot = |i: usize| ((layout::GEN_SLOTS + i) as i32) * wb;
    for (i, v) in vals.iter().enumerate() {
        b.ins().store(MemFlagsData::trusted(), *v, g, slot(i));
    }
    if let Some(c) = clo {
        b.ins().store(MemFlagsData::trusted(), c, g, slot(np));
    }
    b.ins().return_(&[g]);
    b.seal_all_blocks();
    let pointer_width = if pb.target.word_bits == 64 {
        PointerWidth::U64
    } else {
        PointerWidth::U32
    };
    b.finalize(TargetFrontendConfig {
        default_call_conv: CallConv::SystemV,
        pointer_width,
        page_size_align_log2: 12,
    });
    pb.functions.push(crate::backend::FuncDef {
        name: symbol.to_string(),
        exported: false,
        clif: func,
        nonzero: Vec::new(),
    });
}

/// Compiles a generator expression's creator and resume function (`symbol`); the
/// creator takes the closure tuple (when `free` is non-empty) and the iterator.
pub(super) fn lower_genexp(
    pb: &mut ProgramBuilder<'_>,
    g: &ast::ExprGenerator,
    symbol: &str,
    free: &[String],
) -> Result<()> {
    let line = pb.src.line(g.range);
    let params = ast::Parameters::default();
    lower_generator(
        pb,
        symbol,
        "<genexpr>",
        &params,
        GenBody::GenExp(g),
        free,
        line,
        abi::GEN_KIND_GENERATOR,
    )
}

impl Lower<'_, '_, '_> {
    fn load_slot(&mut self, frame: Value, i: usize, wb: i32) -> Value {
        self.b.ins().load(
            self.w,
            MemFlagsData::trusted(),
            frame,
            (layout::GEN_SLOTS + i) as i32 * wb,
        )
    }

    /// Keeps `v` for use after the lowering of other parts (which may yield).
    pub(super) fn hold(&mut self, v: Value) -> Held {
        if self.gen.is_none() {
            return Held::Val(v);
        }
        let v = if self.b.func.dfg.value_type(v) == self.w {
            v
        } else {
            self.b.ins().uextend(self.w, v)
        };
        let var = self.b.declare_var(self.w);
        self.b.def_var(var, v);
        Held::Var(var)
    }

    /// The value kept by [`Self::hold`].
    pub(super) fn release(&mut self, h: Held) -> Value {
        match h {
            Held::Val(v) => v,
            Held::Var(var) => self.b.use_var(var),
        }
    }

    /// In a generator, marks it finished before a `return`.
    pub(super) fn gen_mark_done(&mut self) {
        let Some(frame) = self.gen.as_ref().map(|g| g.frame) else {
            return;
        };
        let wb = self.pb.target.word_bytes() as i32;
        let done = self.iconst(abi::GEN_STATE_DONE as i64);
        self.b.ins().store(
            MemFlagsData::trusted(),
            done,
            frame,
            layout::GEN_STATE as i32 * wb,
        );
    }

    fn gen_state(&self) -> Option<&GenState> {
        self.gen.as_ref()
    }

    /// Errors for a `yield` where there is no generator to suspend.
    fn check_yield_allowed(&self, range: TextRange) -> Result<()> {
        match self.gen_state() {
            _ if !self.class_bodies.is_empty() => {
                Err(self.src().error(range, "'yield' outside function"))
            }
            None if self.scope.is_none() => {
                Err(self.src().error(range, "'yield' outside function"))
            }
            None => Err(self
                .src()
                .error(range, "'yield' inside lambdas is not supported yet")),
            Some(g) if g.kind == abi::GEN_KIND_COROUTINE => Err(self
                .src()
                .error(range, "async generators are not supported yet")),
            Some(_) => Ok(()),
        }
    }

    /// Errors for an `await` (or `async for`/`async with`) outside a coroutine.
    pub(super) fn check_await_allowed(&self, range: TextRange, what: &str) -> Result<()> {
        match self.gen_state() {
            Some(g) if g.kind == abi::GEN_KIND_COROUTINE && self.class_bodies.is_empty() => Ok(()),
            _ => Err(self
                .src()
                .error(range, format!("{what} outside async function"))),
        }
    }

    /// Returns `v` to the caller and continues in a new block when resumed.
    fn suspend(&mut self, v: Value) {
        let save = self.b.create_block();
        self.b.append_block_param(save, self.w);
        self.b.ins().jump(save, &[ir::BlockArg::Value(v)]);
        let resume = self.b.create_block();
        let post = self.b.create_block();
        if let Some(g) = self.gen.as_mut() {
            g.points.push(Point { save, resume, post });
        }
        self.b.switch_to_block(post);
        self.flow.reachable = true;
    }

    fn sent_thrown(&self) -> (Value, Value) {
        match self.gen_state() {
            Some(g) => (g.sent, g.thrown),
            None => unreachable!("only generators suspend"),
        }
    }

    /// `yield v`: the value sent in when resumed (an exception thrown in is raised here).
    pub(super) fn yield_value(&mut self, v: Value, line: usize) -> Value {
        self.suspend(v);
        let (sent, thrown) = self.sent_thrown();
        let landing = self.landing();
        let cont = self.b.create_block();
        let l = self.iconst(line as i64);
        self.brif(thrown, landing, &[l], cont, &[]);
        self.switch_to(cont);
        sent
    }

    pub(super) fn yield_expr(&mut self, y: &ast::ExprYield, line: usize) -> Result<Value> {
        self.check_yield_allowed(y.range)?;
        let v = match &y.value {
            Some(v) => self.expr(v)?,
            None => self.iconst(abi::NONE as i64),
        };
        Ok(self.yield_value(v, line))
    }

    pub(super) fn yield_from_expr(&mut self, y: &ast::ExprYieldFrom, line: usize) -> Result<Value> {
        self.check_yield_allowed(y.range)?;
        let v = self.expr(&y.value)?;
        let it = self.rt_checked(entry::GET_ITER, &[v], line);
        Ok(self.delegate(it, line, None))
    }

    pub(super) fn await_expr(&mut self, a: &ast::ExprAwait, line: usize) -> Result<Value> {
        self.check_await_allowed(a.range, "'await'")?;
        let v = self.expr(&a.value)?;
        Ok(self.await_value(v, line))
    }

    /// `await v`.
    pub(super) fn await_value(&mut self, v: Value, line: usize) -> Value {
        let it = self.rt_checked(entry::GET_AWAITABLE, &[v], line);
        self.delegate(it, line, None)
    }

    /// `yield from it` (an iterator): the value it returned. With `stop_async`, a
    /// `StopAsyncIteration` it raises goes to that block instead of the handlers.
    fn delegate(&mut self, it: Value, line: usize, stop_async: Option<Block>) -> Value {
        let it = self.hold(it);
        let lp = self.b.create_block();
        let sent_p = self.b.append_block_param(lp, self.w);
        let thrown_p = self.b.append_block_param(lp, self.w);
        let none = self.iconst(abi::NONE as i64);
        let zero = self.iconst(0);
        self.jump(lp, &[none, zero]);
        self.switch_to(lp);
        let frame = self.gen_state().map(|g| g.frame).unwrap_or(zero);
        let itv = self.release(it);
        let r = self
            .rt(entry::YIELD_FROM, &[frame, itv, sent_p, thrown_p], true)
            .unwrap_or(none);
        match stop_async {
            None => self.check(r, line),
            Some(stop) => {
                let ok = self.b.create_block();
                let failed = self.b.create_block();
                self.brif(r, ok, &[], failed, &[]);
                self.b.switch_to_block(failed);
                let t = self.rt(entry::TAKE_STOP_ASYNC, &[], true).unwrap_or(none);
                let is_stop = self.b.ins().icmp_imm_s(IntCC::Equal, t, abi::TRUE as i64);
                let landing = self.landing();
                let l = self.iconst(line as i64);
                self.brif(is_stop, stop, &[], landing, &[l]);
                self.switch_to(ok);
            }
        }
        let finished = self.b.ins().icmp_imm_s(IntCC::Equal, r, abi::STOP as i64);
        let yielded = self.b.create_block();
        let done = self.b.create_block();
        self.brif(finished, done, &[], yielded, &[]);
        self.switch_to(yielded);
        self.suspend(r);
        let (sent, thrown) = self.sent_thrown();
        self.jump(lp, &[sent, thrown]);
        self.switch_to(done);
        let wb = self.pb.target.word_bytes() as i32;
        self.b.ins().load(
            self.w,
            MemFlagsData::trusted(),
            frame,
            layout::GEN_YF_VALUE as i32 * wb,
        )
    }

    /// `async for target in iterable: body [else: orelse]`.
    pub(super) fn async_for(&mut self, s: &ast::StmtFor) -> Result<()> {
        self.check_await_allowed(s.range, "'async for'")?;
        let line = self.line(s.iter.range());
        let iterable = self.expr(&s.iter)?;
        let aiter = self.qstr_const("__aiter__");
        let args = self.spill_args(&[iterable]);
        let zero = self.iconst(0);
        let ait = self.rt_checked(entry::CALL_METHOD, &[aiter, args, zero, zero], line);
        let ait = self.hold(ait);
        let header = self.b.create_block();
        let body = self.b.create_block();
        let orelse = self.b.create_block();
        let after = self.b.create_block();
        self.jump(header, &[]);
        self.switch_to(header);
        let anext = self.qstr_const("__anext__");
        let aitv = self.release(ait);
        let args = self.spill_args(&[aitv]);
        let zero = self.iconst(0);
        let aw = self.rt_checked(entry::CALL_METHOD, &[anext, args, zero, zero], line);
        let it = self.rt_checked(entry::GET_AWAITABLE, &[aw], line);
        let v = self.delegate(it, line, Some(orelse));
        self.jump(body, &[]);
        self.switch_to(body);
        self.assign_target(&s.target, v)?;
        self.loop_rest(&s.body, &s.orelse, header, orelse, after)
    }

    /// A generator expression as a value: a generator over `iter(outermost iterable)`.
    pub(super) fn genexp(&mut self, g: &ast::ExprGenerator, line: usize) -> Result<Value> {
        if let Some(c) = g.generators.iter().find(|c| c.is_async) {
            return Err(self.src().error(
                c.range,
                "asynchronous generator expressions are not supported yet",
            ));
        }
        let free: Vec<String> = crate::frontend::scope::genexp_free_names(g)
            .into_iter()
            .collect();
        let free: Vec<String> = free
            .into_iter()
            .filter(|n| self.cell_var(n).is_some())
            .collect();
        let symbol = genexp_symbol(self.pb, g);
        self.pb.pending.push(super::Pending::GenExp(
            Box::new(g.clone()),
            symbol.clone(),
            free.clone(),
        ));
        let closure = if free.is_empty() {
            None
        } else {
            let cells: Vec<Value> = free
                .iter()
                .filter_map(|n| self.cell_var(n))
                .collect::<Vec<_>>()
                .into_iter()
                .map(|var| self.b.use_var(var))
                .collect();
            let addr = self.spill_args(&cells);
            let n = self.iconst(cells.len() as i64);
            Some(self.rt_checked(entry::BUILD_TUPLE, &[addr, n], line))
        };
        let closure = closure.map(|c| self.hold(c));
        let first = self.expr(&g.generators[0].iter)?;
        let it = self.rt_checked(entry::GET_ITER, &[first], line);
        let mut args = Vec::new();
        if let Some(c) = closure {
            args.push(self.release(c));
        }
        args.push(it);
        let f = self.callee(&symbol, args.len(), true);
        let call = self.b.ins().call(f, &args);
        let r = self.b.inst_results(call)[0];
        self.check(r, line);
        Ok(r)
    }

    /// The body of a generator expression's resume function.
    fn genexp_body(&mut self, g: &ast::ExprGenerator, line: usize) -> Result<()> {
        let scope = self.comp_scope(&g.generators, &[&g.elt], line);
        let first = match self.vars.get(".0") {
            Some(&var) => self.b.use_var(var),
            None => unreachable!("a generator expression's iterator parameter"),
        };
        self.comp_scopes.push(scope);
        let r = self.comp_loop(
            &super::comprehensions::Kind::Yield(&g.elt),
            &g.generators,
            0,
            Some(first),
            first,
            line,
        );
        self.comp_scopes.pop();
        r
    }

    /// Emits the saves and restores of every suspension point and the dispatch on the
    /// state word. Returns the number of variables saved.
    pub(super) fn finish_generator(&mut self) -> usize {
        let Some(g) = self.gen.take() else {
            return 0;
        };
        let probe = self.b.declare_var(self.w);
        let n = probe.index();
        let wb = self.pb.target.word_bytes() as i32;
        let slot = |i: usize| ((layout::GEN_SLOTS + g.base + i) as i32) * wb;
        let mut targets = vec![g.start];
        for (k, p) in g.points.iter().enumerate() {
            self.b.switch_to_block(p.save);
            let v = self.b.block_params(p.save)[0];
            for i in 0..n {
                let x = self.b.use_var(Variable::new(i));
                self.b
                    .ins()
                    .store(MemFlagsData::trusted(), x, g.frame, slot(i));
            }
            let state = self.iconst(k as i64 + 1);
            self.b.ins().store(
                MemFlagsData::trusted(),
                state,
                g.frame,
                layout::GEN_STATE as i32 * wb,
            );
            self.b.ins().return_(&[v]);
            self.b.switch_to_block(p.resume);
            for i in 0..n {
                let x = self
                    .b
                    .ins()
                    .load(self.w, MemFlagsData::trusted(), g.frame, slot(i));
                self.b.def_var(Variable::new(i), x);
            }
            self.b.ins().jump(p.post, &[]);
            targets.push(p.resume);
        }
        self.b.switch_to_block(g.dispatch);
        let state = self.b.ins().load(
            self.w,
            MemFlagsData::trusted(),
            g.frame,
            layout::GEN_STATE as i32 * wb,
        );
        self.dispatch_tree(state, 0, &targets);
        n
    }

    /// Jumps to `targets[state - lo]` by binary search (the Thumb-2 backend has no jump
    /// tables).
    fn dispatch_tree(&mut self, state: Value, lo: usize, targets: &[Block]) {
        if targets.len() == 1 {
            self.b.ins().jump(targets[0], &[]);
            return;
        }
        let mid = targets.len() / 2;
        let below = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThan, state, (lo + mid) as i64);
        let left = self.b.create_block();
        let right = self.b.create_block();
        self.b.ins().brif(below, left, &[], right, &[]);
        self.b.switch_to_block(left);
        self.dispatch_tree(state, lo, &targets[..mid]);
        self.b.switch_to_block(right);
        self.dispatch_tree(state, lo + mid, &targets[mid..]);
    }
}
