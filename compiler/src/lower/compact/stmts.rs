//! Statements of compact bytecode.

use super::{Compiler, Loop, Res};
use crate::backend::PoolEntry;
use ruff_python_ast::{self as ast, Expr, Stmt};
use upyc_abi::pybc as op;

impl Compiler<'_, '_> {
    pub(super) fn suite(&mut self, body: &[Stmt]) -> Res<()> {
        for s in body {
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Res<()> {
        self.at(s);
        match s {
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
                self.op(op::POP, -1);
            }
            Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::FunctionDef(def) => self.def_stmt(def)?,
            Stmt::ClassDef(c) if self.module && self.class_ns.is_none() => self.class_stmt(c)?,
            Stmt::Import(i) => {
                for alias in &i.names {
                    let name = alias.name.id.as_str();
                    self.import_module(name)?;
                    match &alias.asname {
                        Some(a) => self.store_name(a.id.as_str())?,
                        None => {
                            // `import a.b.c` binds `a`.
                            let top = name.split('.').next().unwrap_or(name);
                            if top != name {
                                self.op(op::POP, -1);
                                self.import_module(top)?;
                            }
                            self.store_name(top)?;
                        }
                    }
                }
            }
            Stmt::ImportFrom(f) => {
                let module = f.module.as_ref().map(|m| m.id.as_str());
                let name = self
                    .pb
                    .modules
                    .absolute(self.pb.unit, f.level, module)
                    .ok_or("a relative import outside a package")?;
                let user = matches!(
                    self.pb.modules.resolve(&name),
                    Some(crate::frontend::modules::Resolved::User(_))
                );
                self.import_module(&name)?;
                for alias in &f.names {
                    let attr = alias.name.id.as_str();
                    if attr == "*" {
                        return Err("'import *'".into());
                    }
                    if user && self.pb.modules.is_submodule(&name, attr) {
                        return Err("an import of a submodule".into());
                    }
                    self.at(alias);
                    self.op(op::IMPORT_FROM, 1);
                    let q = self.pb.qstr(attr);
                    self.qstr(q);
                    let bound = alias.asname.as_ref().map_or(attr, |a| a.id.as_str());
                    self.store_name(bound)?;
                }
                self.op(op::POP, -1);
            }
            Stmt::Assign(a) if swap_len(a).is_some() => {
                // `a, b = x, y`: the values pushed and reordered, no tuple (as in MicroPython).
                let (Expr::Tuple(ast::ExprTuple { elts: values, .. }), [target]) =
                    (&*a.value, &a.targets[..])
                else {
                    unreachable!("swap_len checked the shape");
                };
                for v in values {
                    self.expr(v)?;
                }
                self.at(target);
                if values.len() == 3 {
                    self.op(op::ROT3, 0);
                }
                self.op(op::ROT2, 0);
                let (Expr::Tuple(ast::ExprTuple { elts, .. })
                | Expr::List(ast::ExprList { elts, .. })) = target
                else {
                    unreachable!("swap_len checked the shape");
                };
                for e in elts {
                    self.store(e)?;
                }
            }
            Stmt::Assign(a) => {
                self.expr(&a.value)?;
                for (i, t) in a.targets.iter().enumerate() {
                    if i + 1 < a.targets.len() {
                        self.op(op::DUP, 1);
                    }
                    self.store(t)?;
                }
            }
            Stmt::AnnAssign(a) => {
                let Some(value) = &a.value else {
                    return Err("annotations without a value".into());
                };
                if !a.simple {
                    return Err("annotated assignments to non-names".into());
                }
                self.expr(value)?;
                self.store(&a.target)?;
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::Return(r) => match &r.value {
                Some(v) => {
                    self.expr(v)?;
                    self.at(s);
                    self.op(op::RETURN, -1);
                }
                None => self.op(op::RETURN_NONE, 0),
            },
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::Break(_) => {
                let Some(l) = self.loops.last() else {
                    return Err("'break' outside a loop".into());
                };
                let depth = self.depth;
                if l.has_iter {
                    self.op(op::POP, -1);
                }
                let f = self.jump_fwd(op::JUMP, 0);
                self.depth = depth;
                if let Some(l) = self.loops.last_mut() {
                    l.breaks.push(f.0);
                }
            }
            Stmt::Continue(_) => {
                let Some(pc) = self.loops.last().map(|l| l.continue_pc) else {
                    return Err("'continue' outside a loop".into());
                };
                self.jump_to(op::JUMP, 0, pc);
            }
            Stmt::Raise(r) => {
                let Some(exc) = &r.exc else {
                    return Err("bare 'raise'".into());
                };
                self.expr(exc)?;
                let n = match &r.cause {
                    Some(c) => {
                        self.expr(c)?;
                        2
                    }
                    None => 1,
                };
                self.at(s);
                self.op(op::RAISE, -n);
                self.byte(n as u8);
            }
            Stmt::Delete(d) => {
                for t in &d.targets {
                    let Expr::Name(n) = t else {
                        return Err("'del' of other than a local".into());
                    };
                    let Some(slot) = self.local(&n.id) else {
                        return Err("'del' of other than a local".into());
                    };
                    if self.deref(&n.id).is_some() {
                        return Err("'del' of a captured variable".into());
                    }
                    self.op(op::DELETE_FAST, 0);
                    self.uleb(slot as usize);
                }
            }
            _ => return Err(unsupported(s).into()),
        }
        Ok(())
    }

    /// Pops the top into `target`.
    pub(super) fn store(&mut self, target: &Expr) -> Res<()> {
        match target {
            Expr::Name(n) => self.store_name(&n.id),
            Expr::Attribute(a) => {
                self.expr(&a.value)?;
                self.at(a);
                self.op(op::STORE_ATTR, -2);
                let q = self.pb.qstr(&a.attr.id);
                self.qstr(q);
                Ok(())
            }
            Expr::Subscript(s) => {
                self.check_subscript(s)?;
                self.expr(&s.value)?;
                self.index(&s.slice)?;
                self.at(s);
                self.op(op::STORE_SUBSCR, -3);
                Ok(())
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
                if elts.iter().any(|e| e.is_starred_expr()) {
                    return Err("starred assignment targets".into());
                }
                self.at(target);
                self.op(op::UNPACK, elts.len() as i32 - 1);
                self.uleb(elts.len());
                for e in elts {
                    self.store(e)?;
                }
                Ok(())
            }
            _ => Err("this assignment target".into()),
        }
    }

    /// Pushes the module object of absolute module `name`.
    fn import_module(&mut self, name: &str) -> Res<()> {
        use crate::frontend::modules::Resolved;
        let (kind, entry) = match self.pb.modules.resolve(name) {
            Some(Resolved::Builtin(symbol)) => (0, PoolEntry::Data(self.pb.data_symbol(symbol))),
            Some(Resolved::User(i)) => {
                let symbol = crate::lower::module_init_symbol(&self.pb.modules.units[i].prefix);
                (1, PoolEntry::Func(self.pb.func_symbol(&symbol)))
            }
            None => return Err("an unresolved import".into()),
        };
        let i = self.pb.pool.index(entry);
        self.op(op::IMPORT, 1);
        self.byte(kind);
        self.uleb(i as usize);
        Ok(())
    }

    /// A `def`: the function object for the body the lowering made, with the cells of
    /// the variables it captures.
    fn def_stmt(&mut self, def: &ast::StmtFunctionDef) -> Res<()> {
        if def.is_async {
            return Err("'async def'".into());
        }
        // Decorators are evaluated first and applied innermost first, each a call of
        // one argument; the emitter decorators only choose the code the body became.
        let decorators: Vec<&Expr> = def
            .decorator_list
            .iter()
            .map(|d| &d.expression)
            .filter(|d| !crate::lower::emitter::is_emitter_decorator(d))
            .collect();
        for d in &decorators {
            self.expr(d)?;
        }
        let free = crate::frontend::scope::free_names(&def.parameters, &def.body, None);
        if self.class_ns.is_some() && free.contains("__class__") {
            return Err("a method using 'super()'".into());
        }
        let closure = self.closure_of(&free)?;
        let syms =
            crate::lower::function::Symbols::of(&crate::lower::function::def_symbol(self.pb, def));
        self.make_function(&def.parameters, &syms, &closure, def)?;
        for _ in &decorators {
            self.call_op(None, 1, 0);
        }
        self.store_name(&def.name.id)
    }

    /// Pushes a new function object of the body the lowering made as `syms`, with the
    /// defaults of parameters `p` (evaluated now) and the cells in slots `closure`.
    pub(super) fn make_function(
        &mut self,
        p: &ast::Parameters,
        syms: &crate::lower::function::Symbols,
        closure: &[u32],
        node: &impl ruff_text_size::Ranged,
    ) -> Res<()> {
        let mut flags = 0u8;
        let defaults: Vec<&Expr> = p
            .posonlyargs
            .iter()
            .chain(p.args.iter())
            .filter_map(|a| a.default.as_deref())
            .collect();
        if !defaults.is_empty() {
            for d in &defaults {
                self.expr(d)?;
            }
            self.at(node);
            self.op(op::BUILD_TUPLE, 1 - defaults.len() as i32);
            self.uleb(defaults.len());
            flags |= op::MAKE_DEFAULTS;
        }
        let kw: Vec<_> = p
            .kwonlyargs
            .iter()
            .filter(|a| a.default.is_some())
            .collect();
        if !kw.is_empty() {
            for a in &kw {
                let q = self.pb.qstr(&a.parameter.name.id);
                self.op(op::LOAD_QSTR, 1);
                self.qstr(q);
                if let Some(d) = &a.default {
                    self.expr(d)?;
                }
            }
            self.at(node);
            self.op(op::BUILD_DICT, 1 - 2 * kw.len() as i32);
            self.uleb(kw.len());
            flags |= op::MAKE_KWDEFAULTS;
        }
        if !closure.is_empty() {
            for &k in closure {
                self.load_fast(k);
            }
            self.at(node);
            self.op(op::BUILD_TUPLE, 1 - closure.len() as i32);
            self.uleb(closure.len());
            flags |= op::MAKE_CLOSURE;
        }
        let desc = self.pb.data_symbol(&syms.desc);
        let pops = flags.count_ones() as i32;
        self.at(node);
        if flags == 0 {
            self.op(op::MAKE_FUNCTION_PLAIN, 1);
        } else {
            self.op(op::MAKE_FUNCTION, 1 - pops);
            self.byte(flags);
        }
        let i = self.pb.pool.index(PoolEntry::Data(desc));
        self.uleb(i as usize);
        Ok(())
    }

    /// A class statement at module level (no keywords or `super()`).
    fn class_stmt(&mut self, c: &ast::StmtClassDef) -> Res<()> {
        if c.type_params.is_some() {
            return Err("type parameters".into());
        }
        for d in &c.decorator_list {
            self.expr(&d.expression)?;
        }
        let bases: &[Expr] = match &c.arguments {
            Some(a) if !a.keywords.is_empty() => return Err("class keywords".into()),
            Some(a) => &a.args,
            None => &[],
        };
        for b in bases {
            if b.is_starred_expr() {
                return Err("'*' in class bases".into());
            }
            self.expr(b)?;
        }
        self.at(c);
        self.op(op::BUILD_TUPLE, 1 - bases.len() as i32);
        self.uleb(bases.len());
        let hidden = self.hidden;
        let k = self.hidden_local();
        self.op(op::BUILD_DICT, 1);
        self.uleb(0);
        self.store_fast(k);
        let names =
            crate::frontend::scope::FunctionScope::of_parts(&ast::Parameters::default(), &c.body)
                .locals
                .into_iter()
                .collect();
        self.class_ns = Some((k, names));
        let name_q = self.pb.qstr(&c.name.id);
        self.op(op::LOAD_QSTR, 1);
        self.qstr(name_q);
        self.store_name("__qualname__")?;
        let body = self.suite(&c.body);
        self.class_ns = None;
        body?;
        self.at(c);
        self.op(op::BUILD_CLASS, 0);
        self.uleb(k as usize);
        self.qstr(name_q);
        self.hidden = hidden;
        for _ in &c.decorator_list {
            self.call_op(None, 1, 0);
        }
        self.store_name(&c.name.id)
    }

    pub(super) fn store_name(&mut self, name: &str) -> Res<()> {
        if let Some(&k) = self.comp_vars.iter().rev().find_map(|m| m.get(name)) {
            self.store_fast(k);
            return Ok(());
        }
        if let Some((k, _)) = &self.class_ns {
            let k = *k as usize;
            let q = self.pb.qstr(name);
            if k < op::SHORT_NS {
                self.op(op::STORE_NS_0 + k as u8, -1);
            } else {
                self.op(op::STORE_NS, -1);
                self.uleb(k);
            }
            self.qstr(q);
            return Ok(());
        }
        if let Some(slot) = self.deref(name) {
            self.op(op::STORE_DEREF, -1);
            self.uleb(slot as usize);
        } else if let Some(slot) = self.local(name) {
            self.store_fast(slot);
        } else {
            let slot = self.global_slot(name);
            if slot < op::SHORT_GLOBALS {
                self.op(op::STORE_GLOBAL_0 + slot as u8, -1);
            } else {
                self.op(op::STORE_GLOBAL, -1);
                self.uleb(slot);
            }
        }
        Ok(())
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign) -> Res<()> {
        let code = super::exprs::binop_code(a.op)?;
        if code > upyc_abi::BinOp::BitXor as u8 {
            return Err("this augmented operator".into());
        }
        let inplace = op::INPLACE_0 + code;
        match &*a.target {
            Expr::Name(n) => {
                self.expr(&a.target)?;
                self.expr(&a.value)?;
                self.at(a);
                self.op(inplace, -1);
                self.store_name(&n.id)
            }
            Expr::Attribute(t) => {
                self.expr(&t.value)?;
                self.op(op::DUP, 1);
                self.at(t);
                self.op(op::LOAD_ATTR, 0);
                let q = self.pb.qstr(&t.attr.id);
                self.qstr(q);
                self.expr(&a.value)?;
                self.at(a);
                self.op(inplace, -1);
                self.op(op::ROT2, 0);
                self.at(t);
                self.op(op::STORE_ATTR, -2);
                self.qstr(q);
                Ok(())
            }
            Expr::Subscript(t) => {
                self.check_subscript(t)?;
                self.expr(&t.value)?;
                self.index(&t.slice)?;
                self.op(op::DUP2, 2);
                self.at(t);
                self.op(op::SUBSCR, -1);
                self.expr(&a.value)?;
                self.at(a);
                self.op(inplace, -1);
                self.op(op::ROT3, 0);
                self.at(t);
                self.op(op::STORE_SUBSCR, -3);
                Ok(())
            }
            _ => Err("this augmented assignment target".into()),
        }
    }

    fn if_stmt(&mut self, i: &ast::StmtIf) -> Res<()> {
        let mut ends = Vec::new();
        let skip = self.cond(&i.test, false)?;
        self.suite(&i.body)?;
        let mut pending = Some(skip);
        for clause in &i.elif_else_clauses {
            ends.push(self.jump_fwd(op::JUMP, 0));
            if let Some(f) = pending.take() {
                self.land_all(f);
            }
            if let Some(t) = &clause.test {
                self.at(t);
                pending = Some(self.cond(t, false)?);
            }
            self.suite(&clause.body)?;
        }
        if let Some(f) = pending {
            self.land_all(f);
        }
        for f in ends {
            self.land(f);
        }
        Ok(())
    }

    fn while_stmt(&mut self, w: &ast::StmtWhile) -> Res<()> {
        let top = self.code.len();
        let infinite = matches!(&*w.test, Expr::BooleanLiteral(b) if b.value);
        let exit = if infinite {
            None
        } else {
            Some(self.cond(&w.test, false)?)
        };
        self.loops.push(Loop {
            continue_pc: top,
            breaks: Vec::new(),
            has_iter: false,
        });
        self.suite(&w.body)?;
        self.jump_to(op::JUMP, 0, top);
        let l = self.loops.pop().map(|l| l.breaks).unwrap_or_default();
        if let Some(f) = exit {
            self.land_all(f);
        }
        self.suite(&w.orelse)?;
        for b in l {
            self.land(super::Fixup(b));
        }
        Ok(())
    }

    fn for_stmt(&mut self, f: &ast::StmtFor) -> Res<()> {
        if f.is_async {
            return Err("'async for'".into());
        }
        self.expr(&f.iter)?;
        self.at(&*f.iter);
        self.op(op::GET_ITER, 0);
        let top = self.code.len();
        let done = self.jump_fwd(op::FOR_ITER, 1);
        self.store(&f.target)?;
        self.loops.push(Loop {
            continue_pc: top,
            breaks: Vec::new(),
            has_iter: true,
        });
        self.suite(&f.body)?;
        self.jump_to(op::JUMP, 0, top);
        let breaks = self.loops.pop().map(|l| l.breaks).unwrap_or_default();
        // FOR_ITER pops the iterator when it is exhausted.
        self.land(done);
        self.depth -= 1;
        self.suite(&f.orelse)?;
        for b in breaks {
            self.land(super::Fixup(b));
        }
        Ok(())
    }

    /// Jumps (forward, to the returned jumps' common label) when `e`'s truth is
    /// `when`; otherwise falls through.
    pub(super) fn cond(&mut self, e: &Expr, when: bool) -> Res<Vec<super::Fixup>> {
        match e {
            Expr::UnaryOp(u) if u.op == ast::UnaryOp::Not => self.cond(&u.operand, !when),
            Expr::BoolOp(b) if b.values.len() >= 2 => {
                let is_and = b.op == ast::BoolOp::And;
                let n = b.values.len();
                if is_and != when {
                    // `and` jumping on false (or `or` on true): any value decides.
                    let mut outs = Vec::new();
                    for v in &b.values {
                        outs.extend(self.cond(v, when)?);
                    }
                    Ok(outs)
                } else {
                    // The other values fall through as soon as one decides the other way.
                    let mut skips = Vec::new();
                    for v in &b.values[..n - 1] {
                        skips.extend(self.cond(v, !when)?);
                    }
                    let fin = self.cond(&b.values[n - 1], when)?;
                    self.land_all(skips);
                    Ok(fin)
                }
            }
            _ => {
                self.expr(e)?;
                self.at(e);
                let o = if when {
                    op::POP_JUMP_IF_TRUE
                } else {
                    op::POP_JUMP_IF_FALSE
                };
                Ok(vec![self.jump_fwd(o, -1)])
            }
        }
    }
}

/// What a statement the compact form does not cover is.
fn unsupported(s: &Stmt) -> &'static str {
    match s {
        Stmt::Try(_) => "'try'",
        Stmt::With(_) => "'with'",
        Stmt::ClassDef(_) => "a 'class'",
        Stmt::Import(_) | Stmt::ImportFrom(_) => "an import",
        Stmt::Assert(_) => "'assert'",
        Stmt::Match(_) => "'match'",
        _ => "this statement",
    }
}

/// For `a, b = x, y` and `a, b, c = x, y, z` (one target, no starred items, as many
/// targets as values): the number of values.
fn swap_len(a: &ast::StmtAssign) -> Option<usize> {
    let Expr::Tuple(ast::ExprTuple { elts: values, .. }) = &*a.value else {
        return None;
    };
    let [Expr::Tuple(ast::ExprTuple { elts: targets, .. })
    | Expr::List(ast::ExprList { elts: targets, .. })] = &a.targets[..]
    else {
        return None;
    };
    let starred = values.iter().chain(targets).any(|e| e.is_starred_expr());
    (matches!(values.len(), 2 | 3) && values.len() == targets.len() && !starred)
        .then_some(values.len())
}
