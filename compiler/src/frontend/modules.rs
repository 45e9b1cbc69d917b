//! The program's modules: the entry script and every Python source module it imports,
//! found at compile time on the module search path (the entry script's folder, then each
//! `-I` folder in order). Builtin modules (`upyc_abi::modules`) come first, as in
//! MicroPython: a file `math.py` beside the script does not replace `math`.
//!
//! Imports are resolved here once: `import a.b` needs `a` (a package: a folder with
//! `__init__.py`) and `a/b.py` (or the package `a/b/`); `from p import x` also loads
//! `p.x` when `x` is a submodule of package `p`; relative imports are taken against the
//! importing module's package. An import that resolves to nothing is a located compile
//! error, except inside a `try` body, where it raises `ImportError` at run time (the
//! idiom `try: import ujson as json / except ImportError: import json`).

use super::{parse, SourceFile};
use crate::diag::{Diagnostic, Result};
use ruff_python_ast::{self as ast, ModModule, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// One Python source module of the program.
pub struct Unit {
    /// Dotted module name; `"__main__"` for the entry script.
    pub name: String,
    /// The source text and its path (as shown in errors and tracebacks).
    pub src: SourceFile,
    /// The parsed module.
    pub ast: ModModule,
    /// True for a package's `__init__.py`.
    pub is_package: bool,
    /// Prefix of the symbols generated for this module (`main` for the entry script).
    pub prefix: String,
}

/// What an import statement's module names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// A source module: an index into [`Modules::units`].
    User(usize),
    /// A builtin module of the runtime: its definition symbol.
    Builtin(&'static str),
}

/// Every module of a program, the entry script first.
pub struct Modules {
    /// The modules in discovery order; `units[0]` is the entry script.
    pub units: Vec<Unit>,
    by_name: HashMap<String, usize>,
}

impl Modules {
    /// Loads `entry` and, transitively, every source module it imports. `include` lists
    /// the `-I` folders searched after the entry script's folder.
    pub fn load(entry: &str, include: &[PathBuf]) -> Result<Modules> {
        let src = SourceFile::load(entry)?;
        let ast = parse(&src)?;
        let dir = Path::new(entry)
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default();
        let mut search = vec![dir];
        search.extend(include.iter().cloned());
        let mut loader = Loader {
            search,
            modules: Modules {
                units: vec![Unit {
                    name: "__main__".into(),
                    src,
                    ast,
                    is_package: false,
                    prefix: "main".into(),
                }],
                by_name: HashMap::new(),
            },
        };
        let mut next = 0;
        while next < loader.modules.units.len() {
            let mut found = Vec::new();
            collect_imports(&loader.modules.units[next].ast.body, false, &mut found);
            for (import, in_try) in found {
                loader.load_import(next, &import, in_try)?;
            }
            next += 1;
        }
        Ok(loader.modules)
    }

    /// The module `name` (absolute, dotted) resolves to, if any.
    pub fn resolve(&self, name: &str) -> Option<Resolved> {
        if let Some((_, symbol)) = upyc_abi::modules::resolve(name) {
            return Some(Resolved::Builtin(symbol));
        }
        self.by_name.get(name).map(|&i| Resolved::User(i))
    }

    /// The absolute name of the module an import in unit `from` names: `module` with
    /// `level` leading dots (0 for an absolute import).
    pub fn absolute(&self, from: usize, level: u32, module: Option<&str>) -> Option<String> {
        absolute_name(&self.units[from], level, module)
    }

    /// True if `name` is a submodule of package `package` in this program.
    pub fn is_submodule(&self, package: &str, name: &str) -> bool {
        self.by_name.contains_key(&format!("{package}.{name}"))
    }
}

/// An import statement found in a module, as the loader needs it.
enum Import {
    /// `import a.b.c`: the dotted name and where it is.
    Plain(String, TextRange),
    /// `from ..m import x, y`.
    From {
        level: u32,
        module: Option<String>,
        /// The module name's range (the statement's when there is none).
        range: TextRange,
        names: Vec<String>,
    },
}

/// Finds the imports in `body` and in every nested body (functions, classes, branches);
/// `in_try` tells whether the statement lies inside a `try` body.
fn collect_imports(body: &[Stmt], in_try: bool, out: &mut Vec<(Import, bool)>) {
    for stmt in body {
        match stmt {
            Stmt::Import(i) => out.extend(
                i.names
                    .iter()
                    .map(|a| (Import::Plain(a.name.id.to_string(), a.range()), in_try)),
            ),
            Stmt::ImportFrom(f) => {
                // `from __future__ import ...` is compile-time.
                let module = f.module.as_ref().map(|m| m.id.to_string());
                if f.level != 0 || module.as_deref() != Some("__future__") {
                    let import = Import::From {
                        level: f.level,
                        module,
                        range: f.module.as_ref().map_or(f.range, |m| m.range()),
                        names: f.names.iter().map(|a| a.name.id.to_string()).collect(),
                    };
                    out.push((import, in_try));
                }
            }
            Stmt::FunctionDef(d) => collect_imports(&d.body, false, out),
            Stmt::ClassDef(c) => collect_imports(&c.body, in_try, out),
            Stmt::If(s) => {
                collect_imports(&s.body, in_try, out);
                for c in &s.elif_else_clauses {
                    collect_imports(&c.body, in_try, out);
                }
            }
            Stmt::While(s) => {
                collect_imports(&s.body, in_try, out);
                collect_imports(&s.orelse, in_try, out);
            }
            Stmt::For(s) => {
                collect_imports(&s.body, in_try, out);
                collect_imports(&s.orelse, in_try, out);
            }
            Stmt::With(s) => collect_imports(&s.body, in_try, out),
            Stmt::Try(t) => {
                collect_imports(&t.body, true, out);
                for h in &t.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_imports(&h.body, in_try, out);
                }
                collect_imports(&t.orelse, in_try, out);
                collect_imports(&t.finalbody, in_try, out);
            }
            _ => {}
        }
    }
}

/// The package an import with `level` leading dots in `unit` starts from, joined with
/// `module`; `None` when the import climbs above the top-level package.
fn absolute_name(unit: &Unit, level: u32, module: Option<&str>) -> Option<String> {
    if level == 0 {
        return module.map(str::to_string);
    }
    if unit.name == "__main__" {
        return None;
    }
    let mut parts: Vec<&str> = unit.name.split('.').collect();
    if !unit.is_package {
        parts.pop();
    }
    for _ in 1..level {
        parts.pop()?;
    }
    if parts.is_empty() {
        return None;
    }
    let mut name = parts.join(".");
    if let Some(m) = module {
        name.push('.');
        name.push_str(m);
    }
    Some(name)
}

/// Loads source modules on demand.
struct Loader {
    search: Vec<PathBuf>,
    modules: Modules,
}

/// Why a module could not be loaded.
enum Missing {
    /// No file and no builtin module of that name.
    NotFound,
    /// Another problem (a read or syntax error): reported as is.
    Error(Diagnostic),
}

impl Loader {
    /// Loads what one import statement of unit `from` needs.
    fn load_import(&mut self, from: usize, import: &Import, in_try: bool) -> Result<()> {
        match import {
            Import::Plain(name, range) => self.require(from, name, *range, in_try),
            Import::From {
                level,
                module,
                range,
                names,
            } => {
                let Some(name) = self.modules.absolute(from, *level, module.as_deref()) else {
                    let unit = &self.modules.units[from];
                    return Err(unit.src.error(
                        *range,
                        if unit.name == "__main__" {
                            "relative import in the main script, which is not in a package"
                        } else {
                            "relative import beyond the top-level package"
                        },
                    ));
                };
                self.require(from, &name, *range, in_try)?;
                // `from package import submodule` loads the submodule.
                if let Some(&p) = self.modules.by_name.get(&name) {
                    if self.modules.units[p].is_package {
                        for attr in names {
                            let sub = format!("{name}.{attr}");
                            if attr != "*" {
                                match self.find(&sub) {
                                    Ok(_) | Err(Missing::NotFound) => {}
                                    Err(Missing::Error(d)) => return Err(d),
                                }
                            }
                        }
                    }
                }
                Ok(())
            }
        }
    }

    /// Makes sure `name` and every package above it resolve; otherwise a located error
    /// at `range` in unit `from` (unless the import is inside a `try` body).
    fn require(&mut self, from: usize, name: &str, range: TextRange, in_try: bool) -> Result<()> {
        let mut prefix = String::new();
        for part in name.split('.') {
            if !prefix.is_empty() {
                prefix.push('.');
            }
            prefix.push_str(part);
            match self.find(&prefix) {
                Ok(()) => {}
                Err(Missing::NotFound) if in_try => return Ok(()),
                Err(Missing::NotFound) => {
                    let what = if prefix == name {
                        format!("no module named '{name}'")
                    } else {
                        format!("no module named '{name}' (no module named '{prefix}')")
                    };
                    return Err(self.modules.units[from].src.error(range, what));
                }
                Err(Missing::Error(d)) => return Err(d),
            }
        }
        Ok(())
    }

    /// Finds and loads module `name` (absolute, dotted) unless it is known already.
    fn find(&mut self, name: &str) -> std::result::Result<(), Missing> {
        if self.modules.by_name.contains_key(name) || upyc_abi::modules::resolve(name).is_some() {
            return Ok(());
        }
        let (dirs, last) = match name.rsplit_once('.') {
            None => (self.search.clone(), name),
            Some((parent, last)) => {
                let Some(&p) = self.modules.by_name.get(parent) else {
                    return Err(Missing::NotFound);
                };
                let unit = &self.modules.units[p];
                if !unit.is_package {
                    return Err(Missing::NotFound);
                }
                let dir = Path::new(&unit.src.path)
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                (vec![dir], last)
            }
        };
        for dir in &dirs {
            let package = dir.join(last).join("__init__.py");
            let module = dir.join(format!("{last}.py"));
            for (path, is_package) in [(package, true), (module, false)] {
                if path.is_file() {
                    return self.add(name, &path, is_package).map_err(Missing::Error);
                }
            }
        }
        Err(Missing::NotFound)
    }

    fn add(&mut self, name: &str, path: &Path, is_package: bool) -> Result<()> {
        let shown = path.display().to_string();
        let shown = shown.strip_prefix("./").unwrap_or(&shown).to_string();
        let src = SourceFile::load(&shown)?;
        let ast = parse(&src)?;
        let index = self.modules.units.len();
        let mangled: String = name
            .chars()
            .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
            .collect();
        self.modules.units.push(Unit {
            name: name.to_string(),
            src,
            ast,
            is_package,
            prefix: format!("m{index}_{mangled}"),
        });
        self.modules.by_name.insert(name.to_string(), index);
        Ok(())
    }
}
