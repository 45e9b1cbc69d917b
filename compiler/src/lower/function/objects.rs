//! Containers, subscripts, attributes, unpacking and `del`: everything that goes through
//! the runtime's object protocol.

use super::floats::{float_arith, FVal};
use super::{expr_kind, Lower};
use crate::diag::Result;
use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Value};
use ruff_python_ast::{self as ast, Expr};
use ruff_text_size::Ranged;
use upyc_abi::{self as abi, entry, qstr_obj, BinOp};

impl Lower<'_, '_, '_> {
    /// A word holding the qstr object of `text`.
    pub(super) fn qstr_const(&mut self, text: &str) -> Value {
        let q = self.pb.qstr(text);
        self.iconst(qstr_obj(q) as i64)
    }

    /// Calls a runtime entry point that returns an object and checks it for an exception.
    pub(super) fn rt_checked(&mut self, symbol: &str, args: &[Value], line: usize) -> Value {
        let r = self
            .rt(symbol, args, true)
            .unwrap_or_else(|| unreachable!("entry returns a value"));
        self.check(r, line);
        r
    }

    /// `(a, b)`, `[a, b]`, `{a, b}`; starred items are spread through a list.
    pub(super) fn sequence(&mut self, build: &str, elts: &[Expr], line: usize) -> Result<Value> {
        if elts.iter().any(|e| e.is_starred_expr()) {
            let empty = self.spill_args(&[]);
            let zero = self.iconst(0);
            let list = self.rt_checked(entry::BUILD_LIST, &[empty, zero], line);
            for e in elts {
                match e {
                    Expr::Starred(s) => {
                        let v = self.expr(&s.value)?;
                        self.rt_checked(entry::LIST_EXTEND, &[list, v], line);
                    }
                    e => {
                        let v = self.expr(e)?;
                        self.rt_checked(entry::LIST_APPEND, &[list, v], line);
                    }
                }
            }
            if build == entry::BUILD_LIST {
                return Ok(list);
            }
            // tuple(list) / set(list) through the builtin.
            let name = if build == entry::BUILD_TUPLE {
                "tuple"
            } else {
                "set"
            };
            let q = self.qstr_const(name);
            let f = self.rt_checked(entry::LOAD_BUILTIN, &[q], line);
            let args = self.spill_args(&[list]);
            let one = self.iconst(1);
            let zero = self.iconst(0);
            return Ok(self.rt_checked(entry::CALL, &[f, args, one, zero], line));
        }
        let mut held = Vec::with_capacity(elts.len());
        for e in elts {
            let v = self.expr(e)?;
            held.push(self.hold(v));
        }
        let vals: Vec<Value> = held.into_iter().map(|h| self.release(h)).collect();
        let addr = self.spill_args(&vals);
        let n = self.iconst(vals.len() as i64);
        Ok(self.rt_checked(build, &[addr, n], line))
    }

    /// `{k: v, **m}`.
    pub(super) fn dict(&mut self, d: &ast::ExprDict, line: usize) -> Result<Value> {
        if d.items.iter().all(|i| i.key.is_some()) {
            let mut vals = Vec::with_capacity(d.items.len() * 2);
            for item in &d.items {
                if let Some(k) = &item.key {
                    vals.push(self.expr(k)?);
                }
                vals.push(self.expr(&item.value)?);
            }
            let addr = self.spill_args(&vals);
            let n = self.iconst(d.items.len() as i64);
            return Ok(self.rt_checked(entry::BUILD_DICT, &[addr, n], line));
        }
        let empty = self.spill_args(&[]);
        let zero = self.iconst(0);
        let dict = self.rt_checked(entry::BUILD_DICT, &[empty, zero], line);
        for item in &d.items {
            let v = match &item.key {
                Some(k) => {
                    let k = self.expr(k)?;
                    let v = self.expr(&item.value)?;
                    self.rt_checked(entry::DICT_STORE, &[dict, k, v], line);
                    continue;
                }
                None => self.expr(&item.value)?,
            };
            self.rt_checked(entry::DICT_UPDATE, &[dict, v], line);
        }
        Ok(dict)
    }

    /// The index of a subscript: a value or a slice object.
    fn index(&mut self, e: &Expr, line: usize) -> Result<Value> {
        let Expr::Slice(s) = e else {
            return self.expr(e);
        };
        let mut parts = Vec::new();
        for p in [&s.lower, &s.upper, &s.step] {
            parts.push(match p {
                Some(p) => self.expr(p)?,
                None => self.iconst(abi::NONE as i64),
            });
        }
        Ok(self.rt_checked(entry::BUILD_SLICE, &parts, line))
    }

    /// `obj[index]`.
    pub(super) fn subscript(&mut self, s: &ast::ExprSubscript) -> Result<Value> {
        if let Some(size) = self.mem_view(&s.value) {
            return self.mem_load(size, s);
        }
        let line = self.line(s.range);
        let obj = self.expr(&s.value)?;
        let obj = self.hold(obj);
        let idx = self.index(&s.slice, line)?;
        let obj = self.release(obj);
        Ok(self.load_subscr(&s.slice, obj, idx, line))
    }

    /// `obj.name`.
    pub(super) fn attribute(&mut self, a: &ast::ExprAttribute) -> Result<Value> {
        let line = self.line(a.range);
        let obj = self.expr(&a.value)?;
        let name = self.qstr_const(&a.attr.id);
        Ok(self.load_attr(&a.value, obj, name, line))
    }

    /// `obj.name` where `obj` is the value of `value`: with an attribute cache where
    /// [`Self::site_cache_helps`] (a hit reads the instance dict's entry directly).
    pub(super) fn load_attr(
        &mut self,
        value: &Expr,
        obj: Value,
        name: Value,
        line: usize,
    ) -> Value {
        if !self.site_cache_helps(value) {
            return self.rt_checked(entry::LOAD_ATTR, &[obj, name], line);
        }
        let cache = self.site_cache();
        self.rt_checked(entry::LOAD_ATTR_CACHED, &[obj, name, cache], line)
    }

    /// True when an attribute or method site on `value` gets a cache: in machine code,
    /// unless `value` names a global (a module or class, most likely: the cache would
    /// not help); bytecode never (the cache would cost RAM).
    pub(super) fn site_cache_helps(&self, value: &Expr) -> bool {
        let global_name = matches!(value, Expr::Name(n) if !self.is_local(&n.id));
        !self.pb.compact && !global_name
    }

    /// True when `value` is a global bound only by a top-level `class` statement, in
    /// machine code: a method-call cache then remembers the class and the callable its
    /// MRO gives (`Class.helper(x)`).
    pub(super) fn names_module_class(&self, value: &Expr) -> bool {
        matches!(value, Expr::Name(n) if !self.is_local(&n.id)
            && self.pb.scope.classes.contains(n.id.as_str()))
            && !self.pb.compact
    }

    /// A new site cache (three zeroed words): its address.
    pub(super) fn site_cache(&mut self) -> Value {
        let symbol = self.pb.attr_cache_symbol();
        let gv = self.data_gv(&symbol);
        self.b.ins().symbol_value(self.w, gv)
    }

    /// `obj.name = v` where `obj` is the value of `value`: with a store cache where
    /// [`Self::site_cache_helps`] (a hit writes the instance dict's entry directly).
    fn store_attr(&mut self, value: &Expr, obj: Value, name: Value, v: Value, line: usize) {
        if !self.site_cache_helps(value) {
            self.rt_checked(entry::STORE_ATTR, &[obj, name, v], line);
            return;
        }
        let cache = self.site_cache();
        self.rt_checked(entry::STORE_ATTR_CACHED, &[obj, name, v, cache], line);
    }

    /// Stores `v` into an assignment target (name, attribute, subscript, or a tuple/list
    /// of targets, unpacked).
    pub(super) fn assign_target(&mut self, target: &Expr, v: Value) -> Result<()> {
        let line = self.line(target.range());
        match target {
            Expr::Name(n) => {
                self.store_name(&n.id, v);
                Ok(())
            }
            Expr::Attribute(a) => {
                let v = self.hold(v);
                let obj = self.expr(&a.value)?;
                let v = self.release(v);
                let name = self.qstr_const(&a.attr.id);
                self.store_attr(&a.value, obj, name, v, line);
                Ok(())
            }
            Expr::Subscript(s) => {
                let v = self.hold(v);
                let obj = self.expr(&s.value)?;
                let obj = self.hold(obj);
                let idx = self.index(&s.slice, line)?;
                let obj = self.release(obj);
                let v = self.release(v);
                self.store_subscr(&s.slice, obj, idx, v, line);
                Ok(())
            }
            Expr::Tuple(t) => self.unpack(v, &t.elts, line),
            Expr::List(t) => self.unpack(v, &t.elts, line),
            other => Err(self.src().error(
                other.range(),
                format!("assignment to {} is not supported yet", expr_kind(other)),
            )),
        }
    }

    /// `a, b = v` and `a, *b, c = v`.
    fn unpack(&mut self, v: Value, elts: &[Expr], line: usize) -> Result<()> {
        let starred: Vec<usize> = (0..elts.len())
            .filter(|&i| elts[i].is_starred_expr())
            .collect();
        if starred.len() > 1 {
            return Err(self.src().error(
                elts[starred[1]].range(),
                "multiple starred expressions in assignment",
            ));
        }
        let wb = self.pb.target.word_bytes();
        let zeros: Vec<Value> = (0..elts.len()).map(|_| self.iconst(0)).collect();
        let out = self.spill_args(&zeros);
        match starred.first() {
            None => {
                let n = self.iconst(elts.len() as i64);
                self.rt_checked(entry::UNPACK, &[v, n, out], line);
            }
            Some(&k) => {
                let before = self.iconst(k as i64);
                let after = self.iconst((elts.len() - k - 1) as i64);
                self.rt_checked(entry::UNPACK_EX, &[v, before, after, out], line);
            }
        }
        let items: Vec<Value> = (0..elts.len())
            .map(|i| {
                self.b
                    .ins()
                    .load(self.w, MemFlagsData::trusted(), out, (i as u32 * wb) as i32)
            })
            .collect();
        for (e, item) in elts.iter().zip(items) {
            let target = match e {
                Expr::Starred(s) => &*s.value,
                e => e,
            };
            self.assign_target(target, item)?;
        }
        Ok(())
    }

    /// `del target`.
    pub(super) fn delete(&mut self, target: &Expr) -> Result<()> {
        let line = self.line(target.range());
        match target {
            Expr::Name(n) => {
                // Read first so an unbound name raises NameError, then unbind.
                self.load_name(&n.id, n.range)?;
                let null = self.iconst(0);
                self.store_name(&n.id, null);
                Ok(())
            }
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value)?;
                let name = self.qstr_const(&a.attr.id);
                self.rt_checked(entry::DELETE_ATTR, &[obj, name], line);
                Ok(())
            }
            Expr::Subscript(s) => {
                let obj = self.expr(&s.value)?;
                let idx = self.index(&s.slice, line)?;
                self.rt_checked(entry::DELETE_SUBSCR, &[obj, idx], line);
                Ok(())
            }
            Expr::Tuple(t) => t.elts.iter().try_for_each(|e| self.delete(e)),
            Expr::List(t) => t.elts.iter().try_for_each(|e| self.delete(e)),
            other => Err(self.src().error(
                other.range(),
                format!("'del' of {} is not supported", expr_kind(other)),
            )),
        }
    }

    /// `cur op= s.value`'s new value (float arithmetic unboxed until the result).
    fn aug_value(
        &mut self,
        op: BinOp,
        s: &ast::StmtAugAssign,
        cur: Value,
        line: usize,
    ) -> Result<Value> {
        if float_arith(s.op).is_some() && self.floaty(&s.value) {
            let r = self.float_aug(op, FVal::Obj(cur), &s.value, line, true)?;
            return Ok(self.box_fval(r, line));
        }
        let v = self.expr(&s.value)?;
        Ok(self.binop_maybe_inplace(op, true, cur, v, line))
    }

    /// Reads the current value of an augmented-assignment target, applies `op` and stores
    /// the result, evaluating the target's object and index once.
    pub(super) fn aug_assign(&mut self, s: &ast::StmtAugAssign) -> Result<()> {
        if let Expr::Subscript(sub) = &*s.target {
            if let Some(size) = self.mem_view(&sub.value) {
                return self.mem_aug(size, sub, s.op, &s.value);
            }
        }
        let op = super::binop_of(self.src(), s.op, s.range)?;
        let line = self.line(s.range);
        match &*s.target {
            Expr::Name(n) if self.float_var(&n.id).is_some() && float_arith(s.op).is_some() => {
                let cur = self.fexpr(&s.target)?;
                let r = self.float_aug(op, cur, &s.value, line, false)?;
                self.store_fval(&n.id, r);
            }
            Expr::Name(n) => {
                let cur = self.load_name(&n.id, n.range)?;
                let cur = self.hold(cur);
                let v = self.expr(&s.value)?;
                let cur = self.release(cur);
                let r = self.binop_maybe_inplace(op, true, cur, v, line);
                self.store_name(&n.id, r);
            }
            Expr::Attribute(a) => {
                let obj = self.expr(&a.value)?;
                let name = self.qstr_const(&a.attr.id);
                let cur = self.load_attr(&a.value, obj, name, line);
                let r = self.aug_value(op, s, cur, line)?;
                self.store_attr(&a.value, obj, name, r, line);
            }
            Expr::Subscript(sub) => {
                let obj = self.expr(&sub.value)?;
                let idx = self.index(&sub.slice, line)?;
                let cur = self.load_subscr(&sub.slice, obj, idx, line);
                let r = self.aug_value(op, s, cur, line)?;
                self.store_subscr(&sub.slice, obj, idx, r, line);
            }
            other => {
                return Err(self.src().error(
                    other.range(),
                    format!(
                        "augmented assignment to {} is not supported",
                        expr_kind(other)
                    ),
                ))
            }
        }
        Ok(())
    }
}
