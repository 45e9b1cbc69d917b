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

/// What a module's functions compile to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Mode {
    /// Machine code (the default).
    #[default]
    Native,
    /// upyc bytecode run by the runtime's VM: smaller and slower. Functions marked
    /// `@micropython.native` or `@micropython.viper` stay machine code.
    Bytecode,
}

impl Mode {
    /// Parses `native` or `bytecode`.
    pub fn parse(text: &str) -> Option<Mode> {
        match text {
            "native" => Some(Mode::Native),
            "bytecode" => Some(Mode::Bytecode),
            _ => None,
        }
    }

    /// The name `parse` accepts.
    pub fn name(self) -> &'static str {
        match self {
            Mode::Native => "native",
            Mode::Bytecode => "bytecode",
        }
    }
}

/// A build's choice of code: a default and per-module overrides (`--emit-module`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct EmitChoice {
    /// Mode of modules without an override.
    pub default: Mode,
    /// Overrides by dotted module name (`__main__` is the main script).
    pub modules: Vec<(String, Mode)>,
}

impl EmitChoice {
    /// Everything in `mode`.
    pub fn all(mode: Mode) -> EmitChoice {
        EmitChoice {
            default: mode,
            modules: Vec::new(),
        }
    }

    /// The mode of module `name` (the last override naming it wins).
    pub fn for_module(&self, name: &str) -> Mode {
        self.modules
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map_or(self.default, |(_, m)| *m)
    }
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
