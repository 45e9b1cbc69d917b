//! Expressions of compact bytecode.

use super::{Compiler, Res};
use crate::lower::consts;
use num_bigint::BigInt;
use ruff_python_ast::{self as ast, Expr, Operator, UnaryOp};
use std::collections::HashMap;
use upyc_abi::{pybc as op, BinOp, UnOp};

/// The [`BinOp`] number of a Python operator.
pub(super) fn binop_code(o: Operator) -> Res<u8> {
    crate::lower::function::binop_number(o)
        .map(|b| b as u8)
        .ok_or_else(|| "'@'".into())
}

fn cmp_code(o: ast::CmpOp) -> Option<BinOp> {
    Some(match o {
        ast::CmpOp::Lt => BinOp::Lt,
        ast::CmpOp::LtE => BinOp::Le,
        ast::CmpOp::Gt => BinOp::Gt,
        ast::CmpOp::GtE => BinOp::Ge,
        ast::CmpOp::Eq => BinOp::Eq,
        ast::CmpOp::NotEq => BinOp::Ne,
        ast::CmpOp::In => BinOp::In,
        ast::CmpOp::NotIn => BinOp::NotIn,
        ast::CmpOp::Is | ast::CmpOp::IsNot => return None,
    })
}

impl Compiler<'_, '_> {
    /// Pushes the value of `e`.
    pub(super) fn expr(&mut self, e: &Expr) -> Res<()> {
        if let Some(text) = consts::float_literal_text(self.pb.src, e) {
            match self.pb.float_object(&text) {
                Some(k) => {
                    self.op(op::LOAD_FLOAT, 1);
                    self.uleb(k);
                }
                None => self.constant(op::CONST_FLOAT, &format!("float:{text}"), &text),
            }
            return Ok(());
        }
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => {
                    let v = consts::parse_int(&i.to_string()).ok_or("an invalid int literal")?;
                    self.int(v);
                }
                ast::Number::Float(_) => unreachable!("float literals are handled above"),
                ast::Number::Complex { .. } => {
                    let text: String = self.pb.src.text[n.range].replace('_', "");
                    let text = text.trim_end_matches(['j', 'J']).to_string();
                    self.constant(op::CONST_COMPLEX, &format!("complex:{text}"), &text);
                }
            },
            Expr::BooleanLiteral(b) => self.op(
                if b.value {
                    op::LOAD_TRUE
                } else {
                    op::LOAD_FALSE
                },
                1,
            ),
            Expr::NoneLiteral(_) => self.op(op::LOAD_NONE, 1),
            Expr::EllipsisLiteral(_) => self.op(op::LOAD_ELLIPSIS, 1),
            Expr::StringLiteral(s) => {
                let q = self.pb.qstr(s.value.to_str());
                self.op(op::LOAD_QSTR, 1);
                self.qstr(q);
            }
            Expr::BytesLiteral(b) => {
                let text: String = b.value.bytes().map(char::from).collect();
                self.constant(op::CONST_BYTES, &format!("bytes:{text}"), &text);
            }
            Expr::Name(n) => self.load_name(&n.id, e)?,
            Expr::Call(c) if consts::is_const_call(e).is_some() => {
                let arg = &c.arguments.args[0];
                let v = consts::fold(self.pb.src, arg, &self.pb.consts)
                    .map_err(|_| "a const() that does not fold")?;
                self.int(v);
            }
            Expr::BinOp(_) | Expr::UnaryOp(_) if self.int_constant(e) => {
                match consts::fold(self.pb.src, e, &self.pb.consts) {
                    Ok(v) => self.int(v),
                    Err(_) => self.operation(e)?,
                }
            }
            Expr::BinOp(_) | Expr::UnaryOp(_) => self.operation(e)?,
            Expr::BoolOp(b) => {
                let o = if b.op == ast::BoolOp::And {
                    op::JUMP_IF_FALSE_OR_POP
                } else {
                    op::JUMP_IF_TRUE_OR_POP
                };
                let mut ends = Vec::new();
                let n = b.values.len();
                for (i, v) in b.values.iter().enumerate() {
                    self.expr(v)?;
                    if i + 1 < n {
                        self.at(v);
                        ends.push(self.jump_fwd(o, -1));
                    }
                }
                self.land_all(ends);
            }
            Expr::Compare(c) => self.compare(c)?,
            Expr::If(i) => {
                let orelse = self.cond(&i.test, false)?;
                self.expr(&i.body)?;
                let end = self.jump_fwd(op::JUMP, -1);
                self.land_all(orelse);
                self.expr(&i.orelse)?;
                self.land(end);
            }
            Expr::Call(c) => self.call(c)?,
            Expr::Attribute(a) => {
                if matches!(a.attr.id.as_str(), "mem8" | "mem16" | "mem32") {
                    return Err("machine memory access".into());
                }
                self.expr(&a.value)?;
                self.at(a);
                self.op(op::LOAD_ATTR, 0);
                let q = self.pb.qstr(&a.attr.id);
                self.qstr(q);
            }
            Expr::Subscript(s) => {
                self.check_subscript(s)?;
                self.expr(&s.value)?;
                self.index(&s.slice)?;
                self.at(s);
                self.op(op::SUBSCR, -1);
            }
            Expr::Tuple(ast::ExprTuple { elts, .. }) => self.build(op::BUILD_TUPLE, elts, e)?,
            Expr::List(ast::ExprList { elts, .. }) => self.build(op::BUILD_LIST, elts, e)?,
            Expr::Set(ast::ExprSet { elts, .. }) => self.build(op::BUILD_SET, elts, e)?,
            Expr::Dict(d) => {
                for item in &d.items {
                    let Some(k) = &item.key else {
                        return Err("'**' in a dict display".into());
                    };
                    self.expr(k)?;
                    self.expr(&item.value)?;
                }
                self.at(e);
                let n = d.items.len();
                self.op(op::BUILD_DICT, 1 - 2 * n as i32);
                self.uleb(n);
            }
            Expr::FString(f) => self.fstring(f)?,
            Expr::ListComp(c) => {
                self.comprehension(op::LIST_APPEND, &c.elt, None, &c.generators, e)?
            }
            Expr::SetComp(c) => self.comprehension(op::SET_ADD, &c.elt, None, &c.generators, e)?,
            Expr::DictComp(c) => {
                let key = c.key.as_deref().ok_or("'**' in a dict comprehension")?;
                self.comprehension(op::MAP_ADD, key, Some(&c.value), &c.generators, e)?
            }
            Expr::Lambda(l) => self.lambda(l)?,
            _ => return Err("this expression".into()),
        }
        Ok(())
    }

    /// A list, set or dict comprehension, inline: its accumulator and variables are
    /// hidden locals (so a variable never leaks out), the first iterable is evaluated
    /// outside its scope as Python does; `add` is the operation adding an element.
    fn comprehension(
        &mut self,
        add: u8,
        elt: &Expr,
        value: Option<&Expr>,
        generators: &[ast::Comprehension],
        e: &Expr,
    ) -> Res<()> {
        if self.class_ns.is_some() {
            return Err("a comprehension in a class body".into());
        }
        if generators.iter().any(|g| g.is_async) {
            return Err("an async comprehension".into());
        }
        let hidden = self.hidden;
        let acc = self.hidden_local();
        self.at(e);
        let build = match add {
            op::LIST_APPEND => op::BUILD_LIST,
            op::SET_ADD => op::BUILD_SET,
            _ => op::BUILD_DICT,
        };
        self.op(build, 1);
        self.uleb(0);
        self.store_fast(acc);
        let scopes = self.comp_vars.len();
        let r = self.comprehension_loops(add, acc, elt, value, generators);
        self.comp_vars.truncate(scopes);
        r?;
        self.load_fast(acc);
        self.hidden = hidden;
        Ok(())
    }

    fn comprehension_loops(
        &mut self,
        add: u8,
        acc: u32,
        elt: &Expr,
        value: Option<&Expr>,
        generators: &[ast::Comprehension],
    ) -> Res<()> {
        // (loop top, exit jump, condition jumps) of each `for`, outermost first.
        let mut loops = Vec::new();
        for (i, g) in generators.iter().enumerate() {
            self.expr(&g.iter)?;
            if i == 0 {
                self.comp_vars.push(HashMap::new());
            }
            let mut names = Vec::new();
            target_names(&g.target, &mut names)?;
            for n in names {
                let fresh = self.comp_vars.last().is_some_and(|m| !m.contains_key(n));
                if fresh {
                    let k = self.hidden_local();
                    if let Some(m) = self.comp_vars.last_mut() {
                        m.insert(n.to_string(), k);
                    }
                }
            }
            self.at(&g.iter);
            self.op(op::GET_ITER, 0);
            let top = self.code.len();
            let done = self.jump_fwd(op::FOR_ITER, 1);
            self.store(&g.target)?;
            let mut skips = Vec::new();
            for c in &g.ifs {
                skips.extend(self.cond(c, false)?);
            }
            loops.push((top, done, skips));
        }
        self.expr(elt)?;
        let pops = match value {
            Some(v) => {
                self.expr(v)?;
                -2
            }
            None => -1,
        };
        self.at(elt);
        self.op(add, pops);
        self.uleb(acc as usize);
        for (top, done, skips) in loops.into_iter().rev() {
            self.land_all(skips);
            self.jump_to(op::JUMP, 0, top);
            // FOR_ITER pops the iterator when it is exhausted.
            self.land(done);
            self.depth -= 1;
        }
        Ok(())
    }

    /// A lambda: the function object of the body the lowering made, with the cells of
    /// the variables it captures.
    fn lambda(&mut self, l: &ast::ExprLambda) -> Res<()> {
        let empty = ast::Parameters::default();
        let params = l.parameters.as_deref().unwrap_or(&empty);
        let free = crate::frontend::scope::free_names(params, &[], Some(&l.body));
        let closure = self.closure_of(&free)?;
        let symbol = crate::lower::function::lambda_symbol(self.pb, l);
        let syms = crate::lower::function::Symbols::of(&symbol);
        self.make_function(params, &syms, &closure, l)
    }

    fn int(&mut self, v: BigInt) {
        let (min, max) = upyc_abi::small_int_range(self.pb.target.word_bits);
        match i128::try_from(&v) {
            Ok(i) if i >= min && i <= max => {
                let k = i - op::SMALL_INT_MIN as i128;
                if (0..64).contains(&k) {
                    self.op(op::SMALL_INT_0 + k as u8, 1);
                } else {
                    self.op(op::LOAD_INT, 1);
                    super::sleb(&mut self.code, i as i64);
                }
            }
            _ => {
                let text = v.to_string();
                self.constant(op::CONST_BIGINT, &format!("int:{text}"), &text);
            }
        }
    }

    /// Pushes a constant object made once from `text` and kept in the cache word `key`
    /// names (shared with native code's cache of the same literal).
    fn constant(&mut self, kind: u8, key: &str, text: &str) {
        let symbol = self.pb.cache_symbol(key);
        let data = self.pb.data_symbol(&symbol);
        let pool = self.pb.pool.index(crate::backend::PoolEntry::Data(data));
        let q = self.pb.qstr(text);
        self.op(op::LOAD_CONST, 1);
        self.byte(kind);
        self.uleb(pool as usize);
        self.qstr(q);
    }

    /// An int expression of literals and `const()` names, folded at compile time.
    fn int_constant(&self, e: &Expr) -> bool {
        consts::is_int_constant(e, &self.pb.consts, &|n| self.local(n).is_some())
    }

    fn operation(&mut self, e: &Expr) -> Res<()> {
        match e {
            Expr::BinOp(b) => {
                let code = binop_code(b.op)?;
                self.expr(&b.left)?;
                self.expr(&b.right)?;
                self.at(e);
                self.op(op::BINARY_0 + code, -1);
            }
            Expr::UnaryOp(u) => {
                self.expr(&u.operand)?;
                self.at(e);
                match u.op {
                    UnaryOp::Not => self.op(op::NOT, 0),
                    UnaryOp::USub => {
                        self.op(op::UNARY, 0);
                        self.byte(UnOp::Neg as u8);
                    }
                    UnaryOp::UAdd => {
                        self.op(op::UNARY, 0);
                        self.byte(UnOp::Pos as u8);
                    }
                    UnaryOp::Invert => {
                        self.op(op::UNARY, 0);
                        self.byte(UnOp::Invert as u8);
                    }
                }
            }
            _ => return Err("this expression".into()),
        }
        Ok(())
    }

    fn load_name(&mut self, name: &str, e: &Expr) -> Res<()> {
        if let Some(slot) = self.deref(name) {
            self.at(e);
            self.op(op::LOAD_DEREF, 1);
            self.uleb(slot as usize);
            return Ok(());
        }
        if let Some(slot) = self.local(name) {
            self.load_fast(slot);
            return Ok(());
        }
        if let Some(v) = self.pb.consts.get(name).cloned() {
            self.int(v);
            return Ok(());
        }
        if self
            .pb
            .scope
            .imported
            .get(name)
            .is_some_and(|m| m.contains("mem"))
        {
            return Err("machine memory access".into());
        }
        if name == "super" || name == "__class__" {
            return Err("'super'".into());
        }
        let slot = self.global_slot(name);
        let q = self.pb.qstr(name);
        self.at(e);
        match &self.class_ns {
            Some((k, names)) if names.contains(name) => {
                let k = *k as usize;
                self.op(op::LOAD_NS, 1);
                self.uleb(k);
            }
            _ if slot < op::SHORT_GLOBALS => {
                self.op(op::LOAD_GLOBAL_0 + slot as u8, 1);
                self.qstr(q);
                return Ok(());
            }
            _ => self.op(op::LOAD_GLOBAL, 1),
        }
        self.uleb(slot);
        self.qstr(q);
        Ok(())
    }

    /// Pushes `a op b op c ...` (each operand evaluated once, stopping at the first
    /// false comparison).
    fn compare(&mut self, c: &ast::ExprCompare) -> Res<()> {
        self.expr(&c.left)?;
        let n = c.ops.len();
        let mut cleanups = Vec::new();
        for (i, (o, right)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            self.expr(right)?;
            let last = i + 1 == n;
            if !last {
                // a b -> b a b
                self.op(op::DUP, 1);
                self.op(op::ROT3, 0);
            }
            self.at(c);
            match (cmp_code(*o), o) {
                (Some(code), _) => self.op(op::BINARY_0 + code as u8, -1),
                (None, ast::CmpOp::Is) => self.op(op::IS, -1),
                (None, _) => self.op(op::IS_NOT, -1),
            }
            if !last {
                cleanups.push(self.jump_fwd(op::JUMP_IF_FALSE_OR_POP, -1));
            }
        }
        if !cleanups.is_empty() {
            // The false result sits above the kept operand: drop the operand.
            let end = self.jump_fwd(op::JUMP, 0);
            self.land_all(cleanups);
            self.depth += 1;
            self.op(op::ROT2, 0);
            self.op(op::POP, -1);
            self.land(end);
        }
        Ok(())
    }

    fn call(&mut self, c: &ast::ExprCall) -> Res<()> {
        let args = &c.arguments;
        if args.args.iter().any(|a| a.is_starred_expr())
            || args.keywords.iter().any(|k| k.arg.is_none())
        {
            return Err("'*' or '**' arguments".into());
        }
        let method = match &*c.func {
            Expr::Attribute(a) if !matches!(a.attr.id.as_str(), "mem8" | "mem16" | "mem32") => {
                self.expr(&a.value)?;
                Some(self.pb.qstr(&a.attr.id))
            }
            f => {
                self.expr(f)?;
                None
            }
        };
        for a in args.args.iter() {
            self.expr(a)?;
        }
        for k in args.keywords.iter() {
            let name = k.arg.as_ref().map(|n| n.id.to_string()).unwrap_or_default();
            let q = self.pb.qstr(&name);
            self.op(op::LOAD_QSTR, 1);
            self.qstr(q);
            self.expr(&k.value)?;
        }
        let (n_pos, n_kw) = (args.args.len(), args.keywords.len());
        self.at(c);
        self.call_op(method, n_pos, n_kw);
        Ok(())
    }

    /// A call (of method `q` of the object below the arguments, or of the callee
    /// there) with `n_pos` positional arguments and `n_kw` keyword pairs on the stack.
    pub(super) fn call_op(&mut self, method: Option<usize>, n_pos: usize, n_kw: usize) {
        let popped = (n_pos + 2 * n_kw) as i32;
        let short = n_kw == 0 && n_pos < op::SHORT_CALL_ARGS;
        match method {
            Some(q) if short => {
                self.op(op::CALL_METHOD_0 + n_pos as u8, -popped);
                self.qstr(q);
            }
            None if short => self.op(op::CALL_0 + n_pos as u8, -popped),
            Some(q) => {
                self.op(op::CALL_METHOD, -popped);
                self.qstr(q);
                self.uleb(n_pos);
                self.uleb(n_kw);
            }
            None => {
                self.op(op::CALL, -popped);
                self.uleb(n_pos);
                self.uleb(n_kw);
            }
        }
    }

    fn build(&mut self, o: u8, elts: &[Expr], e: &Expr) -> Res<()> {
        if elts.iter().any(|x| x.is_starred_expr()) {
            return Err("'*' in a display".into());
        }
        for x in elts {
            self.expr(x)?;
        }
        self.at(e);
        self.op(o, 1 - elts.len() as i32);
        self.uleb(elts.len());
        Ok(())
    }

    /// Subscripts the native lowering treats specially stay there.
    pub(super) fn check_subscript(&self, s: &ast::ExprSubscript) -> Res<()> {
        match &*s.value {
            Expr::Name(n)
                if self.local(&n.id).is_none()
                    && self
                        .pb
                        .scope
                        .imported
                        .get(n.id.as_str())
                        .is_some_and(|m| m.contains("mem")) =>
            {
                return Err("machine memory access".into());
            }
            Expr::Attribute(a) if matches!(a.attr.id.as_str(), "mem8" | "mem16" | "mem32") => {
                return Err("machine memory access".into())
            }
            _ => {}
        }
        Ok(())
    }

    /// Pushes a subscript's index (a slice object for `a:b:c`).
    pub(super) fn index(&mut self, e: &Expr) -> Res<()> {
        let Expr::Slice(s) = e else {
            return self.expr(e);
        };
        for part in [&s.lower, &s.upper, &s.step] {
            match part {
                Some(x) => self.expr(x)?,
                None => self.op(op::LOAD_NONE, 1),
            }
        }
        self.at(e);
        self.op(op::BUILD_SLICE, -2);
        Ok(())
    }

    fn fstring(&mut self, f: &ast::ExprFString) -> Res<()> {
        let mut n = 0usize;
        for part in f.value.iter() {
            match part {
                ast::FStringPart::Literal(s) => {
                    let q = self.pb.qstr(&s.value);
                    self.op(op::LOAD_QSTR, 1);
                    self.qstr(q);
                    n += 1;
                }
                ast::FStringPart::FString(fs) => n += self.interpolated(&fs.elements)?,
            }
        }
        self.at(f);
        self.op(op::BUILD_STR, 1 - n as i32);
        self.uleb(n);
        Ok(())
    }

    /// Pushes the parts of an f-string's elements; returns how many.
    fn interpolated(&mut self, elements: &ast::InterpolatedStringElements) -> Res<usize> {
        let mut n = 0;
        for el in elements.iter() {
            match el {
                ast::InterpolatedStringElement::Literal(l) => {
                    let q = self.pb.qstr(&l.value);
                    self.op(op::LOAD_QSTR, 1);
                    self.qstr(q);
                }
                ast::InterpolatedStringElement::Interpolation(x) => {
                    if x.debug_text.is_some() {
                        return Err("'=' in an f-string".into());
                    }
                    self.expr(&x.expression)?;
                    let conv = match x.conversion {
                        ast::ConversionFlag::None => 0,
                        ast::ConversionFlag::Str => 1,
                        ast::ConversionFlag::Repr => 2,
                        ast::ConversionFlag::Ascii => 3,
                    };
                    let spec = match &x.format_spec {
                        Some(spec) => {
                            let parts = self.interpolated(&spec.elements)?;
                            self.at(x);
                            self.op(op::BUILD_STR, 1 - parts as i32);
                            self.uleb(parts);
                            op::FORMAT_SPEC
                        }
                        None => 0,
                    };
                    self.at(x);
                    self.op(op::FORMAT, if spec != 0 { -1 } else { 0 });
                    self.byte(conv | spec);
                }
            }
            n += 1;
        }
        Ok(n)
    }
}

/// The names an assignment target binds.
fn target_names<'e>(t: &'e Expr, out: &mut Vec<&'e str>) -> Res<()> {
    match t {
        Expr::Name(n) => out.push(n.id.as_str()),
        Expr::Tuple(ast::ExprTuple { elts, .. }) | Expr::List(ast::ExprList { elts, .. }) => {
            for e in elts {
                target_names(e, out)?;
            }
        }
        _ => return Err("this comprehension target".into()),
    }
    Ok(())
}
