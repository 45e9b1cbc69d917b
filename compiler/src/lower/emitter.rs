//! `@micropython.native` / `@micropython.viper`: which code emitter a function uses, and
//! the compile-time-only `micropython` imports (`import micropython`,
//! `from micropython import const, native, viper`).

use crate::diag::Result;
use crate::frontend::SourceFile;
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;

/// The code emitter of a function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Emitter {
    /// Plain Python: native code is the default emitter.
    Python,
    /// `@micropython.native`: native code (the same as the default in a native build).
    Native,
    /// `@micropython.viper`: typed machine-word code.
    Viper,
}

/// Names `from micropython import ...` may bind at compile time.
pub const MICROPYTHON_NAMES: &[&str] = &["const", "native", "viper"];

/// True for `@micropython.native`/`@micropython.viper` (or `@native`/`@viper`).
pub fn is_emitter_decorator(e: &Expr) -> bool {
    match e {
        Expr::Attribute(a) => {
            matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "micropython")
                && matches!(a.attr.id.as_str(), "native" | "viper")
        }
        Expr::Name(n) => matches!(n.id.as_str(), "native" | "viper"),
        _ => false,
    }
}

/// The emitter selected by `def`'s decorators (other decorators are ordinary ones).
pub fn of(src: &SourceFile, def: &StmtFunctionDef) -> Result<Emitter> {
    let mut emitter = Emitter::Python;
    for d in &def.decorator_list {
        let which = match &d.expression {
            Expr::Attribute(a) if matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "micropython") => {
                a.attr.id.as_str().to_string()
            }
            Expr::Name(n) => n.id.to_string(),
            _ => String::new(),
        };
        if !is_emitter_decorator(&d.expression) {
            continue;
        }
        emitter = match which.as_str() {
            "native" => Emitter::Native,
            "viper" => Emitter::Viper,
            _ => return Err(src.error(d.range(), "unknown code emitter")),
        };
    }
    Ok(emitter)
}

/// True for an import the compiler handles entirely at compile time:
/// `from micropython import const, native, viper` (names used only by the compiler).
pub fn is_compile_time_import(stmt: &Stmt) -> bool {
    match stmt {
        Stmt::ImportFrom(f) => {
            f.level == 0
                && f.module
                    .as_ref()
                    .is_some_and(|m| m.id.as_str() == "micropython")
                && f.names
                    .iter()
                    .all(|a| MICROPYTHON_NAMES.contains(&a.name.id.as_str()) && a.asname.is_none())
        }
        _ => false,
    }
}
