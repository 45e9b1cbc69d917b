//! `@micropython.viper` functions: typed machine-word lowering.
//!
//! Every viper function gets two entries:
//! - the **native entry** (`upy_vfn_main_NAME_Lline`): parameters and result are machine
//!   words of their annotated viper types; viper functions call each other through it
//!   with a plain `bl` (no boxing, no argument array);
//! - the **object entry** (the usual `upy_fn_main_NAME_Lline` that Python callers and
//!   `DirectDef` calls use): converts the object arguments to the annotated native types,
//!   calls the native entry and converts the result per the return annotation.
//!
//! Exceptions (D4) cannot travel in a native result word, so the native entry of a
//! function that may raise leaves the exception pending and its viper callers ask the
//! runtime (`upy_viper_raised`) after the call. Whether a function may raise is found
//! by lowering it (an exception path was needed or not), to a fixed point over the calls
//! between viper functions; functions that cannot raise are called with no check at all.
//! Only functions on a cycle of viper→viper calls check the stack on entry.
//!
//! A `ptrN` load or store whose pointer is a constant address (a device register) gets a
//! `fence` in front, like `machine.memN`, so the mid-end never merges two reads of it or
//! forwards a stored value (`body.rs`, `fence_constant_addresses`).

mod body;
mod types;

use super::ProgramBuilder;
use crate::diag::Result;
use ruff_python_ast::visitor::{self, Visitor};
use ruff_python_ast::{Expr, Stmt, StmtFunctionDef};
use ruff_text_size::Ranged;
use std::collections::{HashMap, HashSet};
pub(super) use types::VType;

/// What callers need to know about one viper function.
#[derive(Clone, Debug)]
pub(super) struct Sig {
    /// Python name.
    pub name: String,
    /// Symbol of the object entry.
    pub object_symbol: String,
    /// Symbol of the native entry.
    pub native_symbol: String,
    /// Parameters and their types.
    pub params: Vec<(String, VType)>,
    /// Return type (`object` without annotation).
    pub ret: VType,
    /// The native entry may return with an exception pending.
    pub may_raise: bool,
    /// The function is on a cycle of viper calls (it checks the stack on entry).
    pub recursive: bool,
    /// Variables of enclosing functions it uses (their cells arrive in a closure tuple,
    /// passed to both entries before the arguments).
    pub free: Vec<String>,
}

/// Parameters of a native entry: the words themselves, or one pointer to them when there
/// are more than fit in registers.
pub(super) fn native_params(n: usize) -> usize {
    if n > super::MAX_REGISTER_PARAMS {
        1
    } else {
        n
    }
}

fn native_symbol(pb: &ProgramBuilder<'_>, def: &StmtFunctionDef) -> String {
    format!(
        "upy_vfn_{}_{}_L{}",
        pb.prefix,
        def.name.id,
        pb.src.line(def.name.range)
    )
}

/// Checks the parameter list and reads the annotations of `def`.
fn signature(pb: &ProgramBuilder<'_>, def: &StmtFunctionDef) -> Result<Sig> {
    let src = pb.src;
    if def.is_async {
        return Err(src.error(
            def.range(),
            "'async def' is not supported in viper functions",
        ));
    }
    let p = &def.parameters;
    // Argument slots in the order of `scope::param_slots`: positional, keyword-only,
    // then `*args` and `**kwargs` (objects). Defaults and keywords are handled by the
    // function object's generic entry, like any Python function's.
    let mut params = Vec::new();
    for param in p
        .posonlyargs
        .iter()
        .chain(p.args.iter())
        .chain(p.kwonlyargs.iter())
    {
        let ty = types::annotation(src, param.parameter.annotation.as_deref())?;
        params.push((param.parameter.name.id.to_string(), ty));
    }
    for star in p.vararg.iter().chain(p.kwarg.iter()) {
        let ty = types::annotation(src, star.annotation.as_deref())?;
        if ty != VType::Obj {
            return Err(types::type_error(
                src,
                star.range(),
                format!(
                    "'{}' collects objects and must be of type object",
                    star.name.id
                ),
            ));
        }
        params.push((star.name.id.to_string(), ty));
    }
    Ok(Sig {
        name: def.name.id.to_string(),
        object_symbol: super::function::def_symbol(pb, def),
        native_symbol: native_symbol(pb, def),
        params,
        ret: types::annotation(src, def.returns.as_deref())?,
        may_raise: false,
        recursive: false,
        free: Vec::new(),
    })
}

/// Names of the viper functions `def` calls directly.
fn viper_callees(def: &StmtFunctionDef, sigs: &HashMap<String, Sig>) -> HashSet<String> {
    struct Calls<'a> {
        sigs: &'a HashMap<String, Sig>,
        scope: crate::frontend::scope::FunctionScope,
        out: HashSet<String>,
    }
    impl<'b> Visitor<'b> for Calls<'_> {
        fn visit_expr(&mut self, e: &'b Expr) {
            if let Expr::Call(c) = e {
                if let Expr::Name(n) = &*c.func {
                    if !self.scope.is_local(&n.id) && self.sigs.contains_key(n.id.as_str()) {
                        self.out.insert(n.id.to_string());
                    }
                }
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = Calls {
        sigs,
        scope: crate::frontend::scope::FunctionScope::of(def),
        out: HashSet::new(),
    };
    for s in &def.body {
        v.visit_stmt(s);
    }
    v.out
}

/// The module-level viper functions of the program, by name, with `may_raise` and
/// `recursive` worked out.
fn module_sigs<'m>(
    pb: &mut ProgramBuilder<'_>,
    module: &'m ruff_python_ast::ModModule,
) -> Result<(HashMap<String, Sig>, Vec<&'m StmtFunctionDef>)> {
    let mut sigs = HashMap::new();
    let mut defs = Vec::new();
    for stmt in &module.body {
        let Stmt::FunctionDef(def) = stmt else {
            continue;
        };
        if super::emitter::of(pb.src, def)? != super::emitter::Emitter::Viper {
            continue;
        }
        defs.push(def);
        // Only never-rebound functions are called directly (natively).
        if pb
            .defs
            .get(def.name.id.as_str())
            .is_some_and(|d| !d.varargs)
        {
            sigs.insert(def.name.id.to_string(), signature(pb, def)?);
        }
    }
    // Recursion: a function that can reach itself through viper calls.
    let graph: HashMap<String, HashSet<String>> = defs
        .iter()
        .filter(|d| sigs.contains_key(d.name.id.as_str()))
        .map(|d| (d.name.id.to_string(), viper_callees(d, &sigs)))
        .collect();
    for (name, sig) in sigs.iter_mut() {
        let mut seen = HashSet::new();
        let mut stack: Vec<&String> = graph
            .get(name)
            .map(|s| s.iter().collect())
            .unwrap_or_default();
        while let Some(n) = stack.pop() {
            if n == name {
                sig.recursive = true;
                break;
            }
            if seen.insert(n.clone()) {
                stack.extend(graph.get(n).into_iter().flatten());
            }
        }
    }
    // May-raise: lower every function under the current assumptions until nothing changes
    // (assumptions only grow, so this ends).
    loop {
        let mut changed = false;
        for def in &defs {
            let Some(sig) = sigs.get(def.name.id.as_str()).cloned() else {
                continue;
            };
            if sig.may_raise {
                continue;
            }
            let mut scratch = cranelift_codegen::ir::Function::new();
            let raises = body::lower_native(pb, def, &sig, &sigs, &mut scratch)?;
            if raises {
                if let Some(s) = sigs.get_mut(def.name.id.as_str()) {
                    s.may_raise = true;
                }
                changed = true;
            }
        }
        if !changed {
            break;
        }
    }
    Ok((sigs, defs))
}

/// Compiles a `@micropython.viper` function: its native entry and its object entry.
pub(super) fn lower_viper_def(
    pb: &mut ProgramBuilder<'_>,
    def: &StmtFunctionDef,
    free: &[String],
) -> Result<()> {
    // The whole module is needed for the signatures of the other viper functions.
    let module = crate::frontend::parse(pb.src)?;
    let (sigs, _) = module_sigs(pb, &module)?;
    let this = super::function::def_symbol(pb, def);
    let sig = match sigs
        .get(def.name.id.as_str())
        .filter(|s| s.object_symbol == this)
    {
        Some(s) => s.clone(),
        // A rebound or nested function: nobody calls it natively, but it still has
        // both entries.
        None => Sig {
            free: free.to_vec(),
            ..signature(pb, def)?
        },
    };
    let mut native = cranelift_codegen::ir::Function::new();
    let raises = body::lower_native(pb, def, &sig, &sigs, &mut native)?;
    let called_natively = sigs
        .get(def.name.id.as_str())
        .is_some_and(|s| s.object_symbol == this);
    if raises && !sig.may_raise && called_natively {
        return Err(pb.src.error(
            def.range(),
            "internal compiler error: viper exception analysis did not converge",
        ));
    }
    let sig = Sig {
        may_raise: raises,
        ..sig
    };
    pb.functions.push(super::FuncDef {
        name: sig.native_symbol.clone(),
        exported: false,
        clif: native,
        nonzero: Vec::new(),
    });
    let object = body::lower_object_entry(pb, def, &sig)?;
    pb.functions.push(super::FuncDef {
        name: sig.object_symbol.clone(),
        exported: false,
        clif: object,
        nonzero: Vec::new(),
    });
    Ok(())
}
