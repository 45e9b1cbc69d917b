//! `import` statements, resolved at compile time (`frontend::modules`). A builtin module
//! (`upyc_abi::modules`) is imported through the runtime, which builds its module object
//! once; a source module is imported by calling its init function, which runs the body on
//! the first call. An import that resolves to nothing is a compile error naming the
//! module, or, inside a `try` body, an `ImportError` at run time.

use super::Lower;
use crate::diag::Result;
use crate::frontend::modules::Resolved;
use cranelift_codegen::ir::{InstBuilder, Value};
use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};
use upyc_abi::entry;

impl Lower<'_, '_, '_> {
    /// `import a.b, c as d` and `from m import x, y as z` (also relative and `*`).
    pub(super) fn import_stmt(&mut self, stmt: &Stmt) -> Result<()> {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    let name = alias.name.id.as_str();
                    let m = self.import_module(name, alias.range())?;
                    match &alias.asname {
                        Some(a) => self.store_name(a.id.as_str(), m),
                        None => {
                            // `import a.b.c` binds `a`.
                            let top = name.split('.').next().unwrap_or(name);
                            let v = if top == name {
                                m
                            } else {
                                self.import_module(top, alias.range())?
                            };
                            self.store_name(top, v);
                        }
                    }
                }
            }
            Stmt::ImportFrom(f) => self.import_from(f)?,
            _ => {}
        }
        Ok(())
    }

    fn import_from(&mut self, f: &ast::StmtImportFrom) -> Result<()> {
        let module = f.module.as_ref().map(|m| m.id.as_str());
        let range = f.module.as_ref().map_or(f.range, |m| m.range());
        let Some(name) = self.pb.modules.absolute(self.pb.unit, f.level, module) else {
            return Err(self
                .src()
                .error(f.range, "relative import outside a package"));
        };
        let m = self.import_module(&name, range)?;
        let resolved = self.pb.modules.resolve(&name);
        for alias in &f.names {
            let attr = alias.name.id.as_str();
            if attr == "*" {
                return self.import_star(m, resolved, alias.range());
            }
            let line = self.line(alias.range());
            let v = if matches!(resolved, Some(Resolved::User(_)))
                && self.pb.modules.is_submodule(&name, attr)
            {
                // A submodule: importing it makes it an attribute of the package.
                let sub = format!("{name}.{attr}");
                self.import_module(&sub, alias.range())?
            } else {
                let q = self.qstr_const(attr);
                self.rt_checked(entry::IMPORT_FROM, &[m, q], line)
            };
            let bound = alias.asname.as_ref().map_or(attr, |a| a.id.as_str());
            self.store_name(bound, v);
        }
        Ok(())
    }

    /// `from m import *` of source module `m`: binds each public name that is bound in
    /// `m` at this point.
    fn import_star(
        &mut self,
        m: Value,
        resolved: Option<Resolved>,
        range: TextRange,
    ) -> Result<()> {
        let Some(Resolved::User(unit)) = resolved else {
            return Err(self.src().error(
                range,
                "'from ... import *' of a builtin module is not supported yet (import the names)",
            ));
        };
        if self.scope.is_some() || !self.class_bodies.is_empty() {
            return Err(self
                .src()
                .error(range, "'import *' is only allowed at module level"));
        }
        let names = crate::lower::public_names(&self.pb.modules.units[unit]);
        for name in names {
            let q = self.qstr_const(&name);
            let v = self
                .rt(entry::MODULE_GET, &[m, q], true)
                .unwrap_or_else(|| unreachable!("entry returns a value"));
            let bind = self.b.create_block();
            let next = self.b.create_block();
            self.brif(v, bind, &[], next, &[]);
            self.b.switch_to_block(bind);
            self.store_name(&name, v);
            self.jump(next, &[]);
            self.switch_to(next);
        }
        Ok(())
    }

    /// The module object of absolute module `name` (imported on first use at run time).
    fn import_module(&mut self, name: &str, range: TextRange) -> Result<Value> {
        let line = self.line(range);
        match self.pb.modules.resolve(name) {
            Some(Resolved::Builtin(symbol)) => {
                let gv = self.data_gv(symbol);
                let def = self.b.ins().symbol_value(self.w, gv);
                Ok(self.rt_checked(entry::IMPORT_BUILTIN, &[def], line))
            }
            Some(Resolved::User(i)) => {
                let symbol = crate::lower::module_init_symbol(&self.pb.modules.units[i].prefix);
                Ok(self.rt_checked(&symbol, &[], line))
            }
            None if !self.handlers.is_empty() => {
                // Inside a `try` body: `ImportError` at run time.
                let q = self.qstr_const(name);
                Ok(self.raise_now(entry::RAISE_IMPORT_ERROR, &[q], line))
            }
            None => Err(self.src().error(range, format!("no module named '{name}'"))),
        }
    }
}
