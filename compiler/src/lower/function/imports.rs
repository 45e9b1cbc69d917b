//! `import` statements. Builtin modules (`upyc_abi::modules`) are resolved at compile time
//! and imported through the runtime, which builds each module object once; an import
//! that resolves to nothing is a compile error naming the module.

use super::Lower;
use crate::diag::Result;
use cranelift_codegen::ir::{InstBuilder, Value};
use ruff_python_ast::{self as ast, Stmt};
use ruff_text_size::{Ranged, TextRange};
use upyc_abi::{entry, modules};

impl Lower<'_, '_, '_> {
    /// `import a, b as c` and `from m import x, y as z`.
    pub(super) fn import_stmt(&mut self, stmt: &Stmt) -> Result<()> {
        match stmt {
            Stmt::Import(i) => {
                for alias in &i.names {
                    let name = alias.name.id.as_str();
                    let m = self.import_module(name, alias.range())?;
                    let bound = match &alias.asname {
                        Some(a) => a.id.as_str(),
                        None => name.split('.').next().unwrap_or(name),
                    };
                    self.store_name(bound, m);
                }
            }
            Stmt::ImportFrom(f) => self.import_from(f)?,
            _ => {}
        }
        Ok(())
    }

    fn import_from(&mut self, f: &ast::StmtImportFrom) -> Result<()> {
        let Some(module) = f.module.as_ref().filter(|_| f.level == 0) else {
            return Err(self.src().error(
                f.range,
                "relative imports need a package; only builtin modules can be imported yet",
            ));
        };
        let m = self.import_module(module.id.as_str(), module.range())?;
        for alias in &f.names {
            let name = alias.name.id.as_str();
            if name == "*" {
                return Err(self
                    .src()
                    .error(alias.range(), "'from ... import *' is not supported yet"));
            }
            let line = self.line(alias.range());
            let q = self.qstr_const(name);
            let v = self.rt_checked(entry::IMPORT_FROM, &[m, q], line);
            let bound = alias.asname.as_ref().map_or(name, |a| a.id.as_str());
            self.store_name(bound, v);
        }
        Ok(())
    }

    /// The module object of `name` (imported on first use at run time).
    fn import_module(&mut self, name: &str, range: TextRange) -> Result<Value> {
        let Some((_, symbol)) = modules::resolve(name) else {
            return Err(self.src().error(range, format!("no module named '{name}'")));
        };
        let line = self.line(range);
        let gv = self.data_gv(symbol);
        let def = self.b.ins().symbol_value(self.w, gv);
        Ok(self.rt_checked(entry::IMPORT_BUILTIN, &[def], line))
    }
}
