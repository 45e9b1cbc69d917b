//! Scope analysis: which names are locals of a function, which are module globals,
//! and which module-level functions are never rebound (so calls to them can be direct).

use ruff_python_ast::visitor::{walk_expr, walk_stmt, Visitor};
use ruff_python_ast::{Expr, ExprGenerator, Parameters, Stmt, StmtFunctionDef};

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
    /// Names declared `nonlocal`.
    pub nonlocals: HashSet<String>,
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
        let mut nonlocals = HashSet::new();
        collect_nonlocal_decls(body, &mut nonlocals);
        let mut assigned = Vec::new();
        collect_assigned(body, &mut assigned);
        let mut seen: HashSet<String> = params.iter().cloned().collect();
        let mut locals = Vec::new();
        for name in assigned {
            if !globals.contains(&name) && !nonlocals.contains(&name) && seen.insert(name.clone()) {
                locals.push(name);
            }
        }
        FunctionScope {
            params,
            locals,
            globals,
            nonlocals,
        }
    }

    /// True if `name` is a parameter or local variable.
    pub fn is_local(&self, name: &str) -> bool {
        !self.globals.contains(name)
            && !self.nonlocals.contains(name)
            && (self.params.iter().any(|p| p == name) || self.locals.iter().any(|l| l == name))
    }
}

/// Facts about the module as a whole.
#[derive(Debug, Default)]
pub struct ModuleScope {
    /// Module-level `def` names bound exactly once and never assigned otherwise.
    pub direct_defs: HashSet<String>,
    /// Top-level `class` names bound exactly once and never assigned otherwise.
    pub classes: HashSet<String>,
    /// Every name assigned anywhere at module level or through `global`.
    pub assigned: BTreeSet<String>,
    /// Names bound once, by a top-level import of a builtin module or of one of its
    /// members, and never rebound: name → `module` or `module.member` (`"machine.mem32"`
    /// for `from machine import mem32`; `"machine"` for `import umachine as m`).
    pub imported: HashMap<String, String>,
    /// The module names `bytearray` somewhere: native code then indexes bytearrays
    /// inline besides lists (elsewhere the runtime's short path serves them, and the
    /// code stays smaller).
    pub names_bytearray: bool,
}

/// Finds a use of one name anywhere in a module.
struct NameUse<'n> {
    name: &'n str,
    found: bool,
}

impl<'a> Visitor<'a> for NameUse<'_> {
    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) if n.id.as_str() == self.name => self.found = true,
            _ => walk_expr(self, e),
        }
    }
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
            let simple = p.kwarg.is_none() && p.kwonlyargs.is_empty();
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
        let classes = body
            .iter()
            .filter_map(|s| s.as_class_def_stmt())
            .map(|c| c.name.id.to_string())
            .filter(|name| count.get(name) == Some(&1))
            .collect();
        let mut imported = HashMap::new();
        for stmt in body {
            let builtin = |name: &str| upyc_abi::modules::resolve(name).map(|(m, _)| m);
            let bound: Vec<(String, String)> = match stmt {
                Stmt::Import(i) => i
                    .names
                    .iter()
                    .filter(|a| !a.name.id.contains('.'))
                    .filter_map(|a| {
                        let module = builtin(a.name.id.as_str())?;
                        let name = a.asname.as_ref().unwrap_or(&a.name);
                        Some((name.id.to_string(), module.to_string()))
                    })
                    .collect(),
                Stmt::ImportFrom(f) if f.level == 0 => {
                    let Some(module) = f.module.as_ref().and_then(|m| builtin(m.id.as_str()))
                    else {
                        continue;
                    };
                    f.names
                        .iter()
                        .map(|a| {
                            let name = a.asname.as_ref().unwrap_or(&a.name);
                            (name.id.to_string(), format!("{module}.{}", a.name.id))
                        })
                        .collect()
                }
                _ => continue,
            };
            for (name, what) in bound {
                if count.get(&name) == Some(&1) {
                    imported.insert(name, what);
                }
            }
        }
        let mut bytearray = NameUse {
            name: "bytearray",
            found: false,
        };
        for stmt in body {
            bytearray.visit_stmt(stmt);
        }
        ModuleScope {
            direct_defs,
            classes,
            assigned: count.into_keys().collect(),
            imported,
            names_bytearray: bytearray.found,
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

/// The statement lists nested directly in `stmt` (not inside nested functions/classes).
fn child_suites(stmt: &Stmt) -> Vec<&[Stmt]> {
    match stmt {
        Stmt::If(s) => {
            let mut v: Vec<&[Stmt]> = vec![&s.body];
            v.extend(s.elif_else_clauses.iter().map(|c| c.body.as_slice()));
            v
        }
        Stmt::While(s) => vec![&s.body, &s.orelse],
        Stmt::For(s) => vec![&s.body, &s.orelse],
        Stmt::With(s) => vec![&s.body],
        Stmt::Try(s) => {
            let mut v: Vec<&[Stmt]> = vec![&s.body, &s.orelse, &s.finalbody];
            for h in &s.handlers {
                let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                v.push(&h.body);
            }
            v
        }
        Stmt::Match(s) => s.cases.iter().map(|c| c.body.as_slice()).collect(),
        _ => Vec::new(),
    }
}

fn collect_global_decls(body: &[Stmt], out: &mut HashSet<String>) {
    for stmt in body {
        if let Stmt::Global(g) = stmt {
            out.extend(g.names.iter().map(|n| n.id.to_string()));
        }
        for suite in child_suites(stmt) {
            collect_global_decls(suite, out);
        }
    }
}

fn collect_nonlocal_decls(body: &[Stmt], out: &mut HashSet<String>) {
    for stmt in body {
        if let Stmt::Nonlocal(g) = stmt {
            out.extend(g.names.iter().map(|n| n.id.to_string()));
        }
        for suite in child_suites(stmt) {
            collect_nonlocal_decls(suite, out);
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
            Stmt::For(s) => target_names(&s.target, out),
            Stmt::With(s) => {
                for item in &s.items {
                    if let Some(v) = &item.optional_vars {
                        target_names(v, out);
                    }
                }
            }
            Stmt::Try(s) => {
                for h in &s.handlers {
                    let ruff_python_ast::ExceptHandler::ExceptHandler(h) = h;
                    if let Some(n) = &h.name {
                        out.push(n.id.to_string());
                    }
                }
            }
            Stmt::Delete(s) => s.targets.iter().for_each(|t| target_names(t, out)),
            Stmt::FunctionDef(def) => out.push(def.name.id.to_string()),
            Stmt::ClassDef(def) => out.push(def.name.id.to_string()),
            Stmt::Import(i) => {
                for a in &i.names {
                    let bound = a.asname.as_ref().map(|n| n.id.to_string());
                    out.push(bound.unwrap_or_else(|| {
                        a.name.id.split('.').next().unwrap_or_default().to_string()
                    }));
                }
            }
            Stmt::ImportFrom(i) => {
                for a in &i.names {
                    out.push(a.asname.as_ref().unwrap_or(&a.name).id.to_string());
                }
            }
            _ => {}
        }
        for suite in child_suites(stmt) {
            collect_assigned(suite, out);
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

/// Collects the names a function uses, and the free names of the functions nested in it.
struct Uses {
    used: BTreeSet<String>,
    nested_free: BTreeSet<String>,
}

impl<'a> Visitor<'a> for Uses {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(def) => {
                // Decorators and defaults run in this scope; the body is its own scope.
                for d in &def.decorator_list {
                    self.visit_expr(&d.expression);
                }
                visit_defaults(self, &def.parameters);
                self.nested_free
                    .extend(free_names(&def.parameters, &def.body, None));
            }
            Stmt::Nonlocal(n) => self.used.extend(n.names.iter().map(|i| i.id.to_string())),
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Name(n) => {
                self.used.insert(n.id.to_string());
                // Zero-argument super() reads the method's class from `__class__`.
                if n.id.as_str() == "super" {
                    self.used.insert("__class__".to_string());
                }
            }
            Expr::Lambda(l) => {
                let empty = Parameters::default();
                let params = l.parameters.as_deref().unwrap_or(&empty);
                visit_defaults(self, params);
                self.nested_free
                    .extend(free_names(params, &[], Some(&l.body)));
            }
            Expr::Generator(g) => {
                // The outermost iterable runs here; the rest is the generator's own scope.
                if let Some(first) = g.generators.first() {
                    self.visit_expr(&first.iter);
                }
                self.nested_free.extend(genexp_free_names(g));
            }
            _ => walk_expr(self, e),
        }
    }
}

fn visit_defaults(v: &mut Uses, p: &Parameters) {
    for a in p
        .posonlyargs
        .iter()
        .chain(p.args.iter())
        .chain(p.kwonlyargs.iter())
    {
        if let Some(d) = &a.default {
            v.visit_expr(d);
        }
    }
}

fn uses(body: &[Stmt], expr: Option<&Expr>) -> Uses {
    let mut u = Uses {
        used: BTreeSet::new(),
        nested_free: BTreeSet::new(),
    };
    for s in body {
        u.visit_stmt(s);
    }
    if let Some(e) = expr {
        u.visit_expr(e);
    }
    u
}

/// Names a function uses without binding them itself (its own or its nested functions'
/// free names); those bound in an enclosing function make it a closure.
pub fn free_names(params: &Parameters, body: &[Stmt], expr: Option<&Expr>) -> BTreeSet<String> {
    let scope = FunctionScope::of_parts(params, body);
    let u = uses(body, expr);
    u.used
        .into_iter()
        .chain(u.nested_free)
        .filter(|n| !scope.is_local(n) && !scope.globals.contains(n))
        .collect()
}

/// The locals of a function that functions nested in it capture (they become cells).
pub fn cell_names(params: &Parameters, body: &[Stmt], expr: Option<&Expr>) -> BTreeSet<String> {
    let scope = FunctionScope::of_parts(params, body);
    uses(body, expr)
        .nested_free
        .into_iter()
        .filter(|n| scope.is_local(n))
        .collect()
}

/// The names a generator expression takes from its enclosing scope (everything it uses
/// except its own loop targets; the outermost iterable is evaluated outside it).
pub fn genexp_free_names(g: &ExprGenerator) -> BTreeSet<String> {
    let mut targets = Vec::new();
    for c in &g.generators {
        target_names(&c.target, &mut targets);
    }
    let mut u = Uses {
        used: BTreeSet::new(),
        nested_free: BTreeSet::new(),
    };
    u.visit_expr(&g.elt);
    for (k, c) in g.generators.iter().enumerate() {
        if k > 0 {
            u.visit_expr(&c.iter);
        }
        for cond in &c.ifs {
            u.visit_expr(cond);
        }
    }
    u.used
        .into_iter()
        .chain(u.nested_free)
        .filter(|n| !targets.contains(n))
        .collect()
}

/// Finds the first `yield`/`yield from` and the first `await` of a function body (not
/// inside nested functions, lambdas or classes).
#[derive(Default)]
pub struct Suspensions {
    /// The first `yield` or `yield from`.
    pub first_yield: Option<ruff_text_size::TextRange>,
    /// The first `await` (also `async for`/`async with`).
    pub first_await: Option<ruff_text_size::TextRange>,
}

impl<'a> Visitor<'a> for Suspensions {
    fn visit_stmt(&mut self, stmt: &'a Stmt) {
        match stmt {
            Stmt::FunctionDef(_) | Stmt::ClassDef(_) => {}
            Stmt::For(f) if f.is_async => {
                self.first_await.get_or_insert(f.range);
                walk_stmt(self, stmt);
            }
            Stmt::With(w) if w.is_async => {
                self.first_await.get_or_insert(w.range);
                walk_stmt(self, stmt);
            }
            _ => walk_stmt(self, stmt),
        }
    }

    fn visit_expr(&mut self, e: &'a Expr) {
        match e {
            Expr::Lambda(_) => {}
            Expr::Yield(y) => {
                self.first_yield.get_or_insert(y.range);
                walk_expr(self, e);
            }
            Expr::YieldFrom(y) => {
                self.first_yield.get_or_insert(y.range);
                walk_expr(self, e);
            }
            Expr::Await(a) => {
                self.first_await.get_or_insert(a.range);
                walk_expr(self, e);
            }
            _ => walk_expr(self, e),
        }
    }
}

/// The suspension points of a function body.
pub fn suspensions(body: &[Stmt]) -> Suspensions {
    let mut s = Suspensions::default();
    for stmt in body {
        s.visit_stmt(stmt);
    }
    s
}
