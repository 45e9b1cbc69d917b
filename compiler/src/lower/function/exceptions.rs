//! `try`/`except`/`else`/`finally`, `raise`, `assert`, and leaving blocks through
//! `finally` (`return`, `break`, `continue`).
//!
//! An operation that raises branches to the innermost handler's *landing* block, which
//! records this frame in the traceback and goes on to the handler's *propagate* block; an
//! exception that already holds this frame's entry (re-raised by an outer part of the
//! same function) goes straight to a propagate block. Without handlers the landing is the
//! function's exception block and propagation returns NULL.
//!
//! A `finally` body is lowered once and entered with a (reason, payload) pair: normal
//! completion, an exception (payload: the exception), a `return` (payload: the value) or
//! a jump to a loop target registered by `break`/`continue`. After the body, the reason
//! decides where control goes next, possibly through an outer `finally`.

use super::Lower;
use crate::diag::Result;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{Block, InstBuilder, Value};
use ruff_python_ast::{self as ast, ExceptHandler};
use upyc_abi::{self as abi, entry, qstr_obj};

/// An active `try` with handlers or a `finally`.
pub(super) struct Handler {
    /// Records this frame (block parameter: the line), then goes to `propagate`.
    landing: Block,
    /// Handles an exception whose traceback already has this frame.
    propagate: Block,
}

/// An active `try ... finally`.
pub(super) struct Finally {
    /// The `finally` body; block parameters: reason, payload.
    entry: Block,
    /// Registered exits: (reason code, target, number of `finally` frames at the target).
    exits: Vec<(i64, Block, usize)>,
    /// A `return` passes through.
    returns: bool,
}

const NORMAL: i64 = 0;
const EXCEPTION: i64 = 1;
const RETURN: i64 = 2;
const FIRST_EXIT: i64 = 3;

impl Lower<'_, '_, '_> {
    /// Where a NULL result goes: the innermost handler's landing, or the function's
    /// exception block. Block parameter: the line.
    pub(super) fn landing(&mut self) -> Block {
        match self.handlers.last() {
            Some(h) => h.landing,
            None => self.exc_block(),
        }
    }

    /// Where an exception that already records this frame goes.
    fn propagate(&mut self) -> Block {
        if let Some(h) = self.handlers.last() {
            return h.propagate;
        }
        if let Some(b) = self.exit_null {
            return b;
        }
        let b = self.b.create_block();
        self.exit_null = Some(b);
        b
    }

    /// Appends (file, `line`, function) to the pending exception's traceback.
    pub(super) fn record_frame(&mut self, line: Value) {
        let file = self.iconst(qstr_obj(self.file_qstr) as i64);
        let func = self.iconst(qstr_obj(self.func_qstr) as i64);
        self.rt(entry::TB_ADD, &[file, line, func], false);
    }

    /// Jumps to `target` (a loop's continue or break block, inside `depth` `finally`
    /// frames), running the `finally` bodies in between.
    pub(super) fn exit_to(&mut self, target: Block, depth: usize) {
        if self.finallies.len() > depth {
            let Some(top) = self.finallies.last_mut() else {
                return;
            };
            let code = FIRST_EXIT + top.exits.len() as i64;
            top.exits.push((code, target, depth));
            let entry = top.entry;
            let c = self.iconst(code);
            let z = self.iconst(0);
            self.jump(entry, &[c, z]);
        } else {
            self.jump(target, &[]);
        }
        self.flow.reachable = false;
    }

    /// Returns `v`, running the enclosing `finally` bodies first.
    pub(super) fn exit_return(&mut self, v: Value) {
        if let Some(top) = self.finallies.last_mut() {
            top.returns = true;
            let entry = top.entry;
            let c = self.iconst(RETURN);
            self.jump(entry, &[c, v]);
        } else {
            self.gen_mark_done();
            self.b.ins().return_(&[v]);
        }
        self.flow.reachable = false;
    }

    /// A landing block (records the frame) followed by its propagate block.
    fn new_handler(&mut self) -> Handler {
        let landing = self.b.create_block();
        self.b.append_block_param(landing, self.w);
        let propagate = self.b.create_block();
        Handler { landing, propagate }
    }

    /// Emits a handler's landing block: record the frame, go to `propagate`.
    fn emit_landing(&mut self, h: &Handler) {
        self.switch_to(h.landing);
        if self.flow.reachable {
            let line = self.b.block_params(h.landing)[0];
            self.record_frame(line);
            self.jump(h.propagate, &[]);
        }
    }

    /// `try` statements.
    pub(super) fn try_stmt(&mut self, t: &ast::StmtTry) -> Result<()> {
        if t.is_star {
            return Err(self.src().error(t.range, "'except*' is not supported"));
        }
        if t.finalbody.is_empty() {
            return self.try_except(t);
        }
        self.protected(
            |l| l.try_except(t),
            |l, _, _| {
                l.suite(&t.finalbody, false)?;
                Ok(None)
            },
        )
    }

    /// Runs `body` so that every way out of it (normal completion, exception, `return`,
    /// `break`, `continue`) goes through `fin(reason, payload)`, which returns the reason
    /// to continue with (a `with` statement turns a swallowed exception into normal
    /// completion), `None` for the one it was given.
    fn protected(
        &mut self,
        body: impl FnOnce(&mut Self) -> Result<()>,
        fin: impl FnOnce(&mut Self, Value, Value) -> Result<Option<Value>>,
    ) -> Result<()> {
        let entry = self.b.create_block();
        let reason = self.b.append_block_param(entry, self.w);
        let payload = self.b.append_block_param(entry, self.w);
        let h = self.new_handler();
        self.handlers.push(Handler {
            landing: h.landing,
            propagate: h.propagate,
        });
        self.finallies.push(Finally {
            entry,
            exits: Vec::new(),
            returns: false,
        });
        let r = body(self);
        self.handlers.pop();
        let frame = self.finallies.pop();
        r?;
        let Some(frame) = frame else { return Ok(()) };
        if self.flow.reachable {
            let c = self.iconst(NORMAL);
            let z = self.iconst(0);
            self.jump(entry, &[c, z]);
        }
        self.emit_landing(&h);
        self.switch_to(h.propagate);
        if self.flow.reachable {
            let exc = self.rt(entry::EXC_TAKE, &[], true).unwrap_or(reason);
            let c = self.iconst(EXCEPTION);
            self.jump(entry, &[c, exc]);
        }
        self.switch_to(entry);
        if !self.flow.reachable {
            return Ok(());
        }
        // The `finally` part may yield: keep the pair in variables across it.
        let reason_h = self.hold(reason);
        let payload_h = self.hold(payload);
        let new_reason = fin(self, reason, payload)?;
        if !self.flow.reachable {
            return Ok(());
        }
        let reason = match new_reason {
            Some(r) => r,
            None => self.release(reason_h),
        };
        let payload = self.release(payload_h);
        // Where to go after the `finally` part.
        let after = self.b.create_block();
        let mut cases: Vec<(i64, Block)> = vec![(NORMAL, after)];
        let reraise = self.b.create_block();
        cases.push((EXCEPTION, reraise));
        let ret = frame.returns.then(|| self.b.create_block());
        if let Some(r) = ret {
            cases.push((RETURN, r));
        }
        let exits: Vec<(i64, Block, usize, Block)> = frame
            .exits
            .iter()
            .map(|&(code, target, depth)| (code, target, depth, self.b.create_block()))
            .collect();
        cases.extend(exits.iter().map(|&(code, _, _, b)| (code, b)));
        for (k, &(code, target)) in cases.iter().enumerate() {
            if k + 1 == cases.len() {
                self.jump(target, &[]);
            } else {
                let next = self.b.create_block();
                let is = self.b.ins().icmp_imm_s(IntCC::Equal, reason, code);
                self.brif(is, target, &[], next, &[]);
                self.b.switch_to_block(next);
            }
        }
        self.switch_to(reraise);
        if self.flow.reachable {
            self.rt(entry::RERAISE, &[payload], true);
            let p = self.propagate();
            self.jump(p, &[]);
        }
        if let Some(r) = ret {
            self.switch_to(r);
            if self.flow.reachable {
                self.exit_return(payload);
            }
        }
        for (_, target, depth, b) in exits {
            self.switch_to(b);
            if self.flow.reachable {
                self.exit_to(target, depth);
            }
        }
        self.switch_to(after);
        Ok(())
    }

    /// `with a as x, b: body`.
    pub(super) fn with_stmt(&mut self, w: &ast::StmtWith) -> Result<()> {
        if w.is_async {
            self.check_await_allowed(w.range, "'async with'")?;
        }
        self.with_items(&w.items, &w.body, self.line(w.range), w.is_async)
    }

    fn with_items(
        &mut self,
        items: &[ast::WithItem],
        body: &[ast::Stmt],
        line: usize,
        is_async: bool,
    ) -> Result<()> {
        let Some((item, rest)) = items.split_first() else {
            return self.suite(body, false);
        };
        let (enter, exit) = if is_async {
            ("__aenter__", "__aexit__")
        } else {
            ("__enter__", "__exit__")
        };
        let mgr = self.expr(&item.context_expr)?;
        let exit_name = self.qstr_const(exit);
        let exit = self.rt_checked(entry::LOAD_ATTR, &[mgr, exit_name], line);
        let exit = self.hold(exit);
        let enter_name = self.qstr_const(enter);
        let args = self.spill_args(&[mgr]);
        let zero = self.iconst(0);
        let value = self.rt_checked(entry::CALL_METHOD, &[enter_name, args, zero, zero], line);
        let value = if is_async {
            self.await_value(value, line)
        } else {
            value
        };
        if let Some(target) = &item.optional_vars {
            self.assign_target(target, value)?;
        }
        self.protected(
            |l| l.with_items(rest, body, line, is_async),
            |l, reason, payload| {
                let reason_h = l.hold(reason);
                let done = l.b.create_block();
                let next = l.b.append_block_param(done, l.w);
                let exc_b = l.b.create_block();
                let norm_b = l.b.create_block();
                let is_exc = l.b.ins().icmp_imm_s(IntCC::Equal, reason, EXCEPTION);
                l.brif(is_exc, exc_b, &[], norm_b, &[]);
                // An exception: __exit__(type, exc, None); a true result swallows it.
                l.b.switch_to_block(exc_b);
                let type_name = l.qstr_const("type");
                let type_fn = l.rt_checked(entry::LOAD_BUILTIN, &[type_name], line);
                let a = l.spill_args(&[payload]);
                let one = l.iconst(1);
                let zero = l.iconst(0);
                let ty = l.rt_checked(entry::CALL, &[type_fn, a, one, zero], line);
                let none = l.iconst(abi::NONE as i64);
                let a = l.spill_args(&[ty, payload, none]);
                let three = l.iconst(3);
                let exit_v = l.release(exit);
                let r = l.rt_checked(entry::CALL, &[exit_v, a, three, zero], line);
                let r = if is_async { l.await_value(r, line) } else { r };
                let swallow = l.b.create_block();
                let keep = l.b.create_block();
                l.truth(r, swallow, keep, line);
                l.b.switch_to_block(swallow);
                let normal = l.iconst(NORMAL);
                l.jump(done, &[normal]);
                l.b.switch_to_block(keep);
                let reason_v = l.release(reason_h);
                l.jump(done, &[reason_v]);
                // Any other way out: __exit__(None, None, None).
                l.b.switch_to_block(norm_b);
                let none = l.iconst(abi::NONE as i64);
                let a = l.spill_args(&[none, none, none]);
                let three = l.iconst(3);
                let zero = l.iconst(0);
                let exit_v = l.release(exit);
                let r = l.rt_checked(entry::CALL, &[exit_v, a, three, zero], line);
                if is_async {
                    l.await_value(r, line);
                }
                let reason_v = l.release(reason_h);
                l.jump(done, &[reason_v]);
                l.switch_to(done);
                Ok(Some(next))
            },
        )
    }

    /// `try` with `except` clauses (and `else`), without `finally`.
    fn try_except(&mut self, t: &ast::StmtTry) -> Result<()> {
        if t.handlers.is_empty() {
            return self.suite(&t.body, false);
        }
        let h = self.new_handler();
        let after = self.b.create_block();
        self.handlers.push(Handler {
            landing: h.landing,
            propagate: h.propagate,
        });
        let body = self.suite(&t.body, false);
        self.handlers.pop();
        body?;
        if self.flow.reachable {
            self.suite(&t.orelse, false)?;
            if self.flow.reachable {
                self.jump(after, &[]);
            }
        }
        self.emit_landing(&h);
        self.switch_to(h.propagate);
        if self.flow.reachable {
            let exc = self
                .rt(entry::EXC_TAKE, &[], true)
                .unwrap_or_else(|| unreachable!("returns"));
            for clause in &t.handlers {
                let ExceptHandler::ExceptHandler(clause) = clause;
                let line = self.line(clause.range);
                let matched = self.b.create_block();
                let next = self.b.create_block();
                match &clause.type_ {
                    None => self.jump(matched, &[]),
                    Some(kind) => {
                        let kind = self.expr(kind)?;
                        let m = self.rt_checked(entry::EXC_MATCH, &[exc, kind], line);
                        let yes = self.b.ins().icmp_imm_s(IntCC::Equal, m, abi::TRUE as i64);
                        self.brif(yes, matched, &[], next, &[]);
                    }
                }
                self.switch_to(matched);
                if let Some(name) = &clause.name {
                    self.store_name(&name.id, exc);
                }
                let held = self.hold(exc);
                self.handling.push(held);
                let r = self.suite(&clause.body, false);
                self.handling.pop();
                r?;
                if self.flow.reachable {
                    if let Some(name) = &clause.name {
                        let null = self.iconst(0);
                        self.store_name(&name.id, null);
                    }
                    self.jump(after, &[]);
                }
                self.switch_to(next);
                if !self.flow.reachable {
                    break;
                }
            }
            if self.flow.reachable {
                // No clause matched: the exception goes on.
                self.rt(entry::RERAISE, &[exc], true);
                let p = self.propagate();
                self.jump(p, &[]);
            }
        }
        self.switch_to(after);
        Ok(())
    }

    /// `raise`, `raise x`, `raise x from y`.
    pub(super) fn raise_stmt(&mut self, r: &ast::StmtRaise) -> Result<()> {
        let line = self.line(r.range);
        match &r.exc {
            None => match self.handling.last().copied() {
                Some(held) => {
                    let exc = self.release(held);
                    self.rt(entry::RERAISE, &[exc], true);
                    let p = self.propagate();
                    self.jump(p, &[]);
                }
                None => {
                    // No exception is being handled here: the runtime raises RuntimeError.
                    let null = self.iconst(0);
                    self.rt(entry::RERAISE, &[null], true);
                    let landing = self.landing();
                    let l = self.iconst(line as i64);
                    self.jump(landing, &[l]);
                }
            },
            Some(x) => {
                let exc = self.expr(x)?;
                let cause = match &r.cause {
                    Some(c) => self.expr(c)?,
                    None => self.iconst(0),
                };
                self.rt(entry::RAISE, &[exc, cause], true);
                let landing = self.landing();
                let l = self.iconst(line as i64);
                self.jump(landing, &[l]);
            }
        }
        self.flow.reachable = false;
        Ok(())
    }

    /// `assert test[, msg]`.
    pub(super) fn assert_stmt(&mut self, a: &ast::StmtAssert) -> Result<()> {
        let line = self.line(a.range);
        let ok = self.b.create_block();
        let fail = self.b.create_block();
        self.cond(&a.test, ok, fail)?;
        self.switch_to(fail);
        if self.flow.reachable {
            let name = self.qstr_const("AssertionError");
            let class = self.rt_checked(entry::LOAD_BUILTIN, &[name], line);
            let exc = match &a.msg {
                Some(m) => {
                    let m = self.expr(m)?;
                    let args = self.spill_args(&[m]);
                    let one = self.iconst(1);
                    let zero = self.iconst(0);
                    self.rt_checked(entry::CALL, &[class, args, one, zero], line)
                }
                None => class,
            };
            let null = self.iconst(0);
            self.rt(entry::RAISE, &[exc, null], true);
            let landing = self.landing();
            let l = self.iconst(line as i64);
            self.jump(landing, &[l]);
        }
        self.switch_to(ok);
        Ok(())
    }
}
