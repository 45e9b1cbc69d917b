//! Calls: direct calls of module-level functions, `print` inline, and generic calls of
//! any callable (builtins, methods, function objects) through the runtime.

use super::Lower;
use crate::diag::Result;
use cranelift_codegen::ir::Value;
use ruff_python_ast::{self as ast, Expr};
use upyc_abi::entry;

impl Lower<'_, '_, '_> {
    /// True when the call's arguments are plain: no `*x` and no `**m`.
    fn plain_arguments(args: &ast::Arguments) -> bool {
        !args.args.iter().any(|a| a.is_starred_expr())
            && args.keywords.iter().all(|k| k.arg.is_some())
    }

    /// Evaluates the arguments into the layout of [`entry::CALL`]: positional values, then
    /// (name, value) pairs. Returns (address, n_pos, n_kw).
    pub(super) fn call_args(&mut self, args: &ast::Arguments) -> Result<(Value, usize, usize)> {
        self.call_args_after(None, args)
    }

    /// [`Self::call_args`] with `first` (a method's `self`) before the arguments.
    fn call_args_after(
        &mut self,
        first: Option<Value>,
        args: &ast::Arguments,
    ) -> Result<(Value, usize, usize)> {
        let mut held: Vec<super::generators::Held> =
            first.into_iter().map(|v| self.hold(v)).collect();
        for a in args.args.iter() {
            let v = self.expr(a)?;
            held.push(self.hold(v));
        }
        let mut names = Vec::new();
        for k in args.keywords.iter() {
            let name = k.arg.as_ref().map(|n| n.id.to_string()).unwrap_or_default();
            let v = self.expr(&k.value)?;
            names.push(name);
            held.push(self.hold(v));
        }
        let npos = held.len() - names.len();
        let mut vals: Vec<Value> = Vec::new();
        for (i, h) in held.into_iter().enumerate() {
            let v = self.release(h);
            if i >= npos {
                let q = self.qstr_const(&names[i - npos]);
                vals.push(q);
            }
            vals.push(v);
        }
        let addr = self.spill_args(&vals);
        Ok((addr, args.args.len(), args.keywords.len()))
    }

    /// `f(*a, x, **m)`: positional values in a list, keywords in a dict, then `CALL_EX`.
    fn call_ex(&mut self, callee: Value, args: &ast::Arguments, line: usize) -> Result<Value> {
        let empty = self.spill_args(&[]);
        let zero = self.iconst(0);
        let list = self.rt_checked(entry::BUILD_LIST, &[empty, zero], line);
        for a in args.args.iter() {
            match a {
                Expr::Starred(s) => {
                    let v = self.expr(&s.value)?;
                    self.rt_checked(entry::LIST_EXTEND, &[list, v], line);
                }
                a => {
                    let v = self.expr(a)?;
                    self.rt_checked(entry::LIST_APPEND, &[list, v], line);
                }
            }
        }
        let kw = if args.keywords.is_empty() {
            self.iconst(0)
        } else {
            let dict = self.rt_checked(entry::BUILD_DICT, &[empty, zero], line);
            for k in args.keywords.iter() {
                let v = self.expr(&k.value)?;
                match &k.arg {
                    Some(name) => {
                        let q = self.qstr_const(&name.id);
                        self.rt_checked(entry::DICT_STORE, &[dict, q, v], line);
                    }
                    None => {
                        self.rt_checked(entry::DICT_UPDATE, &[dict, v], line);
                    }
                }
            }
            dict
        };
        Ok(self.rt_checked(entry::CALL_EX, &[callee, list, kw], line))
    }

    /// Calls the object `callee`.
    pub(super) fn call_value(
        &mut self,
        callee: Value,
        args: &ast::Arguments,
        line: usize,
    ) -> Result<Value> {
        if !Self::plain_arguments(args) {
            return self.call_ex(callee, args, line);
        }
        let (addr, n_pos, n_kw) = self.call_args(args)?;
        let n_pos = self.iconst(n_pos as i64);
        let n_kw = self.iconst(n_kw as i64);
        Ok(self.rt_checked(entry::CALL, &[callee, addr, n_pos, n_kw], line))
    }

    /// `obj.name(args)` without a bound-method object when the arguments are plain, with a
    /// method cache where [`Self::site_cache_helps`].
    pub(super) fn call_method(
        &mut self,
        a: &ast::ExprAttribute,
        args: &ast::Arguments,
        line: usize,
    ) -> Result<Value> {
        let obj = self.expr(&a.value)?;
        if !Self::plain_arguments(args) {
            let name = self.qstr_const(&a.attr.id);
            let callee = self.rt_checked(entry::LOAD_ATTR, &[obj, name], line);
            return self.call_ex(callee, args, line);
        }
        let (addr, n_pos, n_kw) = self.call_args_after(Some(obj), args)?;
        let name = self.qstr_const(&a.attr.id);
        if self.site_cache_helps(&a.value) || self.names_module_class(&a.value) {
            let counts = n_pos | n_kw << entry::METHOD_COUNTS_KW_SHIFT;
            let counts = self.iconst(counts as i64);
            let cache = self.site_cache();
            return Ok(self.rt_checked(
                entry::CALL_METHOD_CACHED,
                &[name, addr, counts, cache],
                line,
            ));
        }
        let n_pos = self.iconst(n_pos as i64);
        let n_kw = self.iconst(n_kw as i64);
        Ok(self.rt_checked(entry::CALL_METHOD, &[name, addr, n_pos, n_kw], line))
    }
}
