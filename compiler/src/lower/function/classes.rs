//! `class` statements. The body runs inline in the enclosing code with its own namespace
//! dict: names it assigns are stored into (and read back from) the dict, every other name
//! resolves as usual. Methods are nested functions. A `__class__` cell, filled once the
//! class exists, gives methods the class for zero-argument `super()`.

use super::Lower;
use crate::diag::Result;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{InstBuilder, MemFlagsData, Value};
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::Ranged;
use std::collections::HashSet;
use upyc_abi::{self as abi, entry};

/// A class body being lowered.
pub(super) struct ClassBody {
    /// The namespace dict.
    ns: Value,
    /// Names the body assigns.
    names: HashSet<String>,
}

impl Lower<'_, '_, '_> {
    /// The namespace of the innermost class body, if `name` is one of its names.
    pub(super) fn class_ns(&self, name: &str) -> Option<Value> {
        let c = self.class_bodies.last()?;
        c.names.contains(name).then_some(c.ns)
    }

    /// Reads `name` from a class namespace, falling back to the usual lookup.
    pub(super) fn load_class_name(
        &mut self,
        ns: Value,
        name: &str,
        range: ruff_text_size::TextRange,
    ) -> Result<Value> {
        let line = self.line(range);
        let q = self.qstr_const(name);
        let stop = self.iconst(abi::STOP as i64);
        let get = self.qstr_const("get");
        let args = self.spill_args(&[ns, q, stop]);
        let two = self.iconst(2);
        let zero = self.iconst(0);
        let v = self.rt_checked(entry::CALL_METHOD, &[get, args, two, zero], line);
        let missing = self.b.ins().icmp_imm_s(IntCC::Equal, v, abi::STOP as i64);
        let found = self.b.ins().bxor_imm_s(missing, 1);
        let found = self.b.ins().uextend(self.w, found);
        // Not in the namespace: the name resolves outside the class body.
        let saved = self.class_bodies.pop();
        let r = self.fast_path(
            found,
            |l, _, done| l.jump(done, &[v]),
            |l| l.load_name(name, range).unwrap_or(v),
        );
        if let Some(c) = saved {
            self.class_bodies.push(c);
        }
        Ok(r)
    }

    /// Stores `v` as `name` in a class namespace.
    pub(super) fn store_class_name(&mut self, ns: Value, name: &str, v: Value) {
        let q = self.qstr_const(name);
        let line = 0;
        self.rt_checked(entry::DICT_STORE, &[ns, q, v], line);
    }

    /// A `class` statement.
    pub(super) fn class_stmt(&mut self, c: &ast::StmtClassDef) -> Result<()> {
        let line = self.line(c.range);
        if let Some(t) = &c.type_params {
            return Err(self
                .src()
                .error(t.range(), "type parameters are not supported"));
        }
        let mut decorators = Vec::new();
        for d in &c.decorator_list {
            decorators.push(self.expr(&d.expression)?);
        }
        let (bases, keywords): (&[Expr], &[ast::Keyword]) = match &c.arguments {
            Some(a) => (&a.args, &a.keywords),
            None => (&[], &[]),
        };
        if let Some(k) = keywords.first() {
            return Err(self.src().error(
                k.range(),
                "class keyword arguments (metaclass=...) are not supported yet",
            ));
        }
        let bases = self.sequence(entry::BUILD_TUPLE, bases, line)?;
        let empty = self.spill_args(&[]);
        let zero = self.iconst(0);
        let ns = self.rt_checked(entry::BUILD_DICT, &[empty, zero], line);
        // The `__class__` cell for zero-argument super().
        let null = self.iconst(0);
        let class_cell = self.rt_checked(entry::MAKE_CELL, &[null], line);
        let saved_var = self.vars.get("__class__").copied();
        let saved_cell = self.cells.contains("__class__");
        let var = self.b.declare_var(self.w);
        self.b.def_var(var, class_cell);
        self.vars.insert("__class__".to_string(), var);
        self.cells.insert("__class__".to_string());
        let mut names = Vec::new();
        collect_class_names(&c.body, &mut names);
        self.class_bodies.push(ClassBody {
            ns,
            names: names.into_iter().collect(),
        });
        let qualname = self.qstr_const(&c.name.id);
        self.store_class_name(ns, "__qualname__", qualname);
        let body = self.suite(&c.body, false);
        self.class_bodies.pop();
        match saved_var {
            Some(v) => {
                self.vars.insert("__class__".to_string(), v);
            }
            None => {
                self.vars.remove("__class__");
            }
        }
        if !saved_cell {
            self.cells.remove("__class__");
        }
        body?;
        if !self.flow.reachable {
            return Ok(());
        }
        let name = self.qstr_const(&c.name.id);
        let mut cls = self.rt_checked(entry::BUILD_CLASS, &[name, bases, ns], line);
        let off = (abi::layout::CELL_VALUE as u32 * self.pb.target.word_bytes()) as i32;
        self.b
            .ins()
            .store(MemFlagsData::trusted(), cls, class_cell, off);
        for d in decorators.into_iter().rev() {
            let args = self.spill_args(&[cls]);
            let one = self.iconst(1);
            let zero = self.iconst(0);
            cls = self.rt_checked(entry::CALL, &[d, args, one, zero], line);
        }
        self.store_name(&c.name.id, cls);
        Ok(())
    }

    /// `super()` inside a method: the class from the `__class__` cell and the method's
    /// first argument.
    pub(super) fn zero_arg_super(
        &mut self,
        line: usize,
        range: ruff_text_size::TextRange,
    ) -> Result<Value> {
        let first = self.scope.as_ref().and_then(|s| s.params.first().cloned());
        let Some(first) = first.filter(|_| self.cells.contains("__class__")) else {
            return Err(self.src().error(
                range,
                "super() without arguments is only supported inside a method",
            ));
        };
        let cls = self.load_name("__class__", range)?;
        let this = self.load_name(&first, range)?;
        Ok(self.rt_checked(entry::SUPER, &[cls, this], line))
    }
}

/// Names a class body assigns (not descending into methods).
fn collect_class_names(body: &[Stmt], out: &mut Vec<String>) {
    let scope = crate::frontend::scope::FunctionScope::of_parts(&ast::Parameters::default(), body);
    out.extend(scope.locals);
}
