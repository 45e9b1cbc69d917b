//! Scope analysis: which names are locals of a function, which are module globals,
//! and which module-level functions are never rebound (so calls to them can be direct).

use ruff_python_ast::{Expr, Parameters, Stmt, StmtFunctionDef};

/// Parameter names in argument-slot order: positional, keyword-only, `*args`, `**kwargs`.
pub fn param_slots(p: &Parameters) -> Vec<String> {
    let mut out: Vec<String> = p
        .posonlyargs
        .iter()
        .chain(p.args.iter())
        .chain(p.kwonlyargs.iter())
        .map(|a| a.parameter.name.id.to_string())
        .collect();
    out.extend(p.vararg.iter().map(|a| a.name.id.to_string()));
    out.extend(p.kwarg.iter().map(|a| a.name.id.to_string()));
    out
}
use std::collections::{BTreeSet, HashMap, HashSet};

/// Names bound in a function body.
#[derive(Debug, Default)]
pub struct FunctionScope {
    /// Parameter names, in order.
    pub params: Vec<String>,
    /// Local variables other than parameters, in first-assignment order.
    pub locals: Vec<String>,
    /// Names declared `global`.
    pub globals: HashSet<String>,
}

impl FunctionScope {
    /// Analyses a function definition.
    pub fn of(def: &StmtFunctionDef) -> FunctionScope {
        Self::of_parts(&def.parameters, &def.body)
    }

    /// Analyses a function from its parameters and body (a lambda has an empty body).
    pub fn of_parts(parameters: &Parameters, body: &[Stmt]) -> FunctionScope {
        let params = param_slots(parameters);
        let mut globals = HashSet::new();
        collect_global_decls(body, &mut globals);
        let mut assigned = Vec::new();
        collect_assigned(body, &mut assigned);
        let mut seen: HashSet<String> = params.iter().cloned().collect();
        let mut locals = Vec::new();
        for name in assigned {
            if !globals.contains(&name) && seen.insert(name.clone()) {
                locals.push(name);
            }
        }
        FunctionScope {
            params,
            locals,
            globals,
        }
    }

    /// True if `name` is a parameter or local variable.
    pub fn is_local(&self, name: &str) -> bool {
        !self.globals.contains(name)
            && (self.params.iter().any(|p| p == name) || self.locals.iter().any(|l| l == name))
    }
}

/// Facts about the module as a whole.
#[derive(Debug, Default)]
pub struct ModuleScope {
    /// Module-level `def` names bound exactly once and never assigned otherwise.
    pub direct_defs: HashSet<String>,
    /// Every name assigned anywhere at module level or through `global`.
    pub assigned: BTreeSet<String>,
}

impl ModuleScope {
    /// Analyses a module body.
    pub fn of(body: &[Stmt]) -> ModuleScope {
        let mut assigned_list = Vec::new();
        collect_assigned(body, &mut assigned_list);
        let mut count: HashMap<String, usize> = HashMap::new();
        for name in &assigned_list {
            *count.entry(name.clone()).or_default() += 1;
        }
        // Assignments to module globals from inside functions.
        let mut defs = Vec::new();
        collect_defs(body, &mut defs);
        for def in &defs {
            let scope = FunctionScope::of(def);
            let mut inner = Vec::new();
            collect_assigned(&def.body, &mut inner);
            for name in inner {
                if scope.globals.contains(&name) {
                    *count.entry(name).or_default() += 1;
                }
            }
        }
        let mut direct_defs = HashSet::new();
        for def in body.iter().filter_map(|s| s.as_function_def_stmt()) {
            let name = def.name.id.to_string();
            let p = &def.parameters;
            let simple = p.vararg.is_none() && p.kwarg.is_none() && p.kwonlyargs.is_empty();
            let plain_decorators = def.decorator_list.iter().all(|d| match &d.expression {
                Expr::Attribute(a) => {
                    matches!(&*a.value, Expr::Name(n) if n.id.as_str() == "micropython")
                }
                Expr::Name(n) => n.id.as_str() == "native" || n.id.as_str() == "viper",
                _ => false,
            });
            if count.get(&name) == Some(&1) && simple && plain_decorators {
                direct_defs.insert(name);
            }
        }
        ModuleScope {
            direct_defs,
            assigned: count.into_keys().collect(),
        }
    }
}

/// Module-level (possibly nested in if/while/for) function definitions.
fn collect_defs<'a>(body: &'a [Stmt], out: &mut Vec<&'a StmtFunctionDef>) {
    for stmt in body {
        match stmt {
            Stmt::FunctionDef(def) => out.push(def),
            Stmt::If(s) => {
                collect_defs(&s.body, out);
                for clause in &s.elif_else_clauses {
                    collect_defs(&clause.body, out);
                }
            }
            Stmt::While(s) => {
                collect_defs(&s.body, out);
                collect_defs(&s.orelse, out);
            }
            Stmt::For(s) => {
                collect_defs(&s.body, out);
                collect_defs(&s.orelse, out);
            }
            _ => {}
        }
    }
}

fn collect_global_decls(body: &[Stmt], out: &mut HashSet<String>) {
    for stmt in body {
        match stmt {
            Stmt::Global(g) => out.extend(g.names.iter().map(|n| n.id.to_string())),
            Stmt::If(s) => {
                collect_global_decls(&s.body, out);
                for clause in &s.elif_else_clauses {
                    collect_global_decls(&clause.body, out);
                }
            }
            Stmt::While(s) => {
                collect_global_decls(&s.body, out);
                collect_global_decls(&s.orelse, out);
            }
            Stmt::For(s) => {
                collect_global_decls(&s.body, out);
                collect_global_decls(&s.orelse, out);
            }
            _ => {}
        }
    }
}

/// Names bound by statements of `body` (not descending into nested function bodies).
fn collect_assigned(body: &[Stmt], out: &mut Vec<String>) {
    for stmt in body {
        match stmt {
            Stmt::Assign(s) => {
                for t in &s.targets {
                    target_names(t, out);
                }
            }
            Stmt::AugAssign(s) => target_names(&s.target, out),
            Stmt::AnnAssign(s) => target_names(&s.target, out),
            Stmt::For(s) => {
                target_names(&s.target, out);
                collect_assigned(&s.body, out);
                collect_assigned(&s.orelse, out);
            }
            Stmt::While(s) => {
                collect_assigned(&s.body, out);
                collect_assigned(&s.orelse, out);
            }
            Stmt::If(s) => {
                collect_assigned(&s.body, out);
                for clause in &s.elif_else_clauses {
                    collect_assigned(&clause.body, out);
                }
            }
            Stmt::FunctionDef(def) => out.push(def.name.id.to_string()),
            Stmt::ClassDef(def) => out.push(def.name.id.to_string()),
            _ => {}
        }
    }
}

fn target_names(target: &Expr, out: &mut Vec<String>) {
    match target {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::List(t) => t.elts.iter().for_each(|e| target_names(e, out)),
        Expr::Starred(s) => target_names(&s.value, out),
        _ => {}
    }
}
