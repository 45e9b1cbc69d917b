//! Viper types: the native types of `@micropython.viper` code, annotations, and the
//! inference of local variable types (each local has one type, fixed by its annotation
//! or by its first assignment, as in MicroPython).

use super::Sig;
use crate::diag::Result;
use crate::frontend::scope::FunctionScope;
use crate::frontend::SourceFile;
use ruff_python_ast::{self as ast, Expr, Stmt};
use ruff_text_size::{Ranged, TextRange};
use std::collections::HashMap;

/// The type of a value in a viper function.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VType {
    /// A Python object word.
    Obj,
    /// A signed machine word.
    Int,
    /// An unsigned machine word.
    Uint,
    /// A native bool (0 or 1).
    Bool,
    /// Address of machine words.
    Ptr,
    /// Address of bytes.
    Ptr8,
    /// Address of 16-bit half-words.
    Ptr16,
    /// Address of 32-bit words.
    Ptr32,
}

impl VType {
    /// MicroPython's name of the type (used in error messages and annotations).
    pub fn name(self) -> &'static str {
        match self {
            VType::Obj => "object",
            VType::Int => "int",
            VType::Uint => "uint",
            VType::Bool => "bool",
            VType::Ptr => "ptr",
            VType::Ptr8 => "ptr8",
            VType::Ptr16 => "ptr16",
            VType::Ptr32 => "ptr32",
        }
    }

    /// The type named `name` (an annotation or a cast), if any.
    pub fn from_name(name: &str) -> Option<VType> {
        Some(match name {
            "object" => VType::Obj,
            "int" => VType::Int,
            "uint" => VType::Uint,
            "bool" => VType::Bool,
            "ptr" => VType::Ptr,
            "ptr8" => VType::Ptr8,
            "ptr16" => VType::Ptr16,
            "ptr32" => VType::Ptr32,
            _ => return None,
        })
    }

    /// `int` or `uint`.
    pub fn is_int(self) -> bool {
        matches!(self, VType::Int | VType::Uint)
    }

    /// One of the pointer types.
    pub fn is_ptr(self) -> bool {
        matches!(self, VType::Ptr | VType::Ptr8 | VType::Ptr16 | VType::Ptr32)
    }

    /// A machine-word (non-object) type.
    pub fn is_native(self) -> bool {
        self != VType::Obj
    }
}

/// A `ViperTypeError` at `range` (MicroPython raises these at compile time).
pub fn type_error(
    src: &SourceFile,
    range: TextRange,
    msg: impl Into<String>,
) -> crate::diag::Diagnostic {
    src.error(range, format!("ViperTypeError: {}", msg.into()))
}

/// The type an annotation names; no annotation means `object`.
pub fn annotation(src: &SourceFile, ann: Option<&Expr>) -> Result<VType> {
    match ann {
        None | Some(Expr::NoneLiteral(_)) => Ok(VType::Obj),
        Some(Expr::Name(n)) => VType::from_name(&n.id)
            .ok_or_else(|| type_error(src, n.range, format!("unknown type '{}'", n.id))),
        Some(Expr::StringLiteral(s)) => VType::from_name(s.value.to_str()).ok_or_else(|| {
            type_error(src, s.range, format!("unknown type '{}'", s.value.to_str()))
        }),
        Some(other) => Err(type_error(src, other.range(), "unknown type annotation")),
    }
}

/// True when `n` (an int literal's value) fits a machine word, as signed or unsigned.
pub fn literal_fits(n: &num_bigint::BigInt, word_bits: u32) -> bool {
    let min = -(num_bigint::BigInt::from(1) << (word_bits - 1));
    let max = (num_bigint::BigInt::from(1) << word_bits) - 1;
    *n >= min && *n <= max
}

/// What the type computation needs to know about names.
pub struct Typer<'a> {
    /// Source, for errors.
    pub src: &'a SourceFile,
    /// Machine word size in bits.
    pub word_bits: u32,
    /// Viper functions callable natively.
    pub sigs: &'a HashMap<String, Sig>,
    /// Module `const()` values.
    pub consts: &'a super::super::consts::Consts,
    /// The function's scope.
    pub scope: &'a FunctionScope,
    /// Module-level names that are assigned somewhere (so not builtins).
    pub module_assigned: &'a std::collections::BTreeSet<String>,
    /// Known local types.
    pub locals: HashMap<String, VType>,
}

impl Typer<'_> {
    /// True when `name` refers to the builtin of that name.
    pub fn is_builtin(&self, name: &str) -> bool {
        !self.scope.is_local(name) && !self.module_assigned.contains(name)
    }

    /// The cast a call `name(...)` performs, if it is one.
    pub fn cast_of(&self, func: &Expr) -> Option<VType> {
        let Expr::Name(n) = func else { return None };
        if !self.is_builtin(&n.id) || self.sigs.contains_key(n.id.as_str()) {
            return None;
        }
        match VType::from_name(&n.id) {
            Some(VType::Obj) | None => None,
            t => t,
        }
    }

    /// The viper function `func` calls natively, if any.
    pub fn viper_callee(&self, func: &Expr) -> Option<&Sig> {
        let Expr::Name(n) = func else { return None };
        if self.scope.is_local(&n.id) {
            return None;
        }
        self.sigs.get(n.id.as_str())
    }

    /// The type of `e`; `None` when it depends on a local whose type is not known yet.
    pub fn type_of(&self, e: &Expr) -> Option<VType> {
        Some(match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => match super::super::consts::parse_int(&i.to_string()) {
                    Some(v) if literal_fits(&v, self.word_bits) => VType::Int,
                    _ => VType::Obj,
                },
                _ => VType::Obj,
            },
            Expr::BooleanLiteral(_) => VType::Bool,
            Expr::Name(n) => {
                if self.scope.is_local(&n.id) {
                    return self.locals.get(n.id.as_str()).copied();
                }
                match self.consts.get(n.id.as_str()) {
                    Some(v) if literal_fits(v, self.word_bits) => VType::Int,
                    _ => VType::Obj,
                }
            }
            Expr::BinOp(b) => {
                let l = self.type_of(&b.left)?;
                let r = self.type_of(&b.right)?;
                if l == VType::Obj || r == VType::Obj {
                    VType::Obj
                } else {
                    l
                }
            }
            Expr::UnaryOp(u) => {
                if u.op == ast::UnaryOp::Not {
                    let t = self.type_of(&u.operand)?;
                    if t == VType::Obj {
                        VType::Obj
                    } else {
                        VType::Bool
                    }
                } else {
                    self.type_of(&u.operand)?
                }
            }
            Expr::Compare(c) => {
                let mut t = self.type_of(&c.left)?;
                for x in &c.comparators {
                    if self.type_of(x)? == VType::Obj {
                        t = VType::Obj;
                    }
                }
                if t == VType::Obj {
                    VType::Obj
                } else {
                    VType::Bool
                }
            }
            Expr::BoolOp(b) => self.type_of(b.values.first()?)?,
            Expr::If(i) => self.type_of(&i.body)?,
            Expr::Subscript(s) => {
                if self.type_of(&s.value)?.is_ptr() {
                    VType::Int
                } else {
                    VType::Obj
                }
            }
            Expr::Call(c) => {
                if let Some(t) = self.cast_of(&c.func) {
                    t
                } else if let Some(sig) = self.viper_callee(&c.func) {
                    sig.ret
                } else {
                    VType::Obj
                }
            }
            _ => VType::Obj,
        })
    }
}

/// Annotated locals (`x: T = ...` or `x: T`) anywhere in `body`.
fn collect_annotations(
    src: &SourceFile,
    body: &[Stmt],
    out: &mut Vec<(String, VType, TextRange)>,
) -> Result<()> {
    for s in body {
        match s {
            Stmt::AnnAssign(a) => {
                if let Expr::Name(n) = &*a.target {
                    out.push((
                        n.id.to_string(),
                        annotation(src, Some(&a.annotation))?,
                        n.range,
                    ));
                }
            }
            Stmt::If(i) => {
                collect_annotations(src, &i.body, out)?;
                for c in &i.elif_else_clauses {
                    collect_annotations(src, &c.body, out)?;
                }
            }
            Stmt::While(w) => {
                collect_annotations(src, &w.body, out)?;
                collect_annotations(src, &w.orelse, out)?;
            }
            Stmt::For(f) => {
                collect_annotations(src, &f.body, out)?;
                collect_annotations(src, &f.orelse, out)?;
            }
            Stmt::Try(tr) => {
                collect_annotations(src, &tr.body, out)?;
                for h in &tr.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    collect_annotations(src, &h.body, out)?;
                }
                collect_annotations(src, &tr.orelse, out)?;
                collect_annotations(src, &tr.finalbody, out)?;
            }
            Stmt::With(w) => collect_annotations(src, &w.body, out)?,
            _ => {}
        }
    }
    Ok(())
}

/// One round over `body`: types the first assignments whose value type is known.
fn infer_round(t: &mut Typer<'_>, body: &[Stmt], progress: &mut bool) {
    for s in body {
        let mut bind = |t: &mut Typer<'_>, target: &Expr, ty: Option<VType>| {
            if let (Expr::Name(n), Some(ty)) = (target, ty) {
                if t.scope.is_local(&n.id) && !t.locals.contains_key(n.id.as_str()) {
                    t.locals.insert(n.id.to_string(), ty);
                    *progress = true;
                }
            }
        };
        match s {
            Stmt::Assign(a) => {
                let ty = t.type_of(&a.value);
                for target in &a.targets {
                    bind(t, target, ty);
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(v) = &a.value {
                    let ty = t.type_of(v);
                    bind(t, &a.target, ty);
                }
            }
            Stmt::For(f) => {
                let ty = match &*f.iter {
                    Expr::Call(c) => match &c.arguments.args[..] {
                        [_] => Some(VType::Int),
                        [start, ..] => t.type_of(start).map(|ty| {
                            if ty == VType::Uint {
                                VType::Uint
                            } else {
                                VType::Int
                            }
                        }),
                        [] => None,
                    },
                    _ => Some(VType::Obj),
                };
                bind(t, &f.target, ty);
                infer_round(t, &f.body, progress);
                infer_round(t, &f.orelse, progress);
            }
            Stmt::If(i) => {
                infer_round(t, &i.body, progress);
                for c in &i.elif_else_clauses {
                    infer_round(t, &c.body, progress);
                }
            }
            Stmt::While(w) => {
                infer_round(t, &w.body, progress);
                infer_round(t, &w.orelse, progress);
            }
            Stmt::Try(tr) => {
                infer_round(t, &tr.body, progress);
                for h in &tr.handlers {
                    let ast::ExceptHandler::ExceptHandler(h) = h;
                    // `except E as e`: `e` holds the exception object.
                    if let Some(n) = &h.name {
                        if t.scope.is_local(&n.id) && !t.locals.contains_key(n.id.as_str()) {
                            t.locals.insert(n.id.to_string(), VType::Obj);
                            *progress = true;
                        }
                    }
                    infer_round(t, &h.body, progress);
                }
                infer_round(t, &tr.orelse, progress);
                infer_round(t, &tr.finalbody, progress);
            }
            Stmt::With(w) => {
                // `with m as x`: `x` holds what `__enter__` returned.
                for item in &w.items {
                    if let Some(target) = &item.optional_vars {
                        bind(t, target, Some(VType::Obj));
                    }
                }
                infer_round(t, &w.body, progress);
            }
            _ => {}
        }
    }
}

/// The type of every local of `def` (parameters given in `params`).
pub fn infer_locals(
    mut t: Typer<'_>,
    def: &ast::StmtFunctionDef,
    params: &[(String, VType)],
) -> Result<HashMap<String, VType>> {
    for (name, ty) in params {
        t.locals.insert(name.clone(), *ty);
    }
    let mut anns = Vec::new();
    collect_annotations(t.src, &def.body, &mut anns)?;
    for (name, ty, range) in anns {
        match t.locals.get(name.as_str()) {
            Some(old) if *old != ty => {
                return Err(type_error(
                    t.src,
                    range,
                    format!(
                        "local '{name}' has type '{}' but is annotated '{}'",
                        old.name(),
                        ty.name()
                    ),
                ))
            }
            _ => {
                t.locals.insert(name, ty);
            }
        }
    }
    loop {
        let mut progress = false;
        infer_round(&mut t, &def.body, &mut progress);
        if !progress {
            break;
        }
    }
    for name in &t.scope.locals {
        if !t.locals.contains_key(name.as_str()) {
            return Err(type_error(
                t.src,
                def.name.range,
                format!("can't determine the type of local '{name}'"),
            ));
        }
    }
    Ok(t.locals)
}
