//! Lowering of a viper function body to CLIF: native values are machine words kept in
//! SSA variables (registers), objects go through the runtime as in plain functions.

use super::types::{self, type_error, Typer, VType};
use super::Sig;
use crate::diag::Result;
use crate::frontend::scope::FunctionScope;
use crate::lower::ProgramBuilder;
use cranelift_codegen::cursor::{Cursor, FuncCursor};
use cranelift_codegen::flowgraph::ControlFlowGraph;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self, Block, FuncRef, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind, Type,
    UserFuncName, Value,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use ruff_python_ast::{self as ast, CmpOp, Expr, Operator, Stmt, StmtFunctionDef, UnaryOp};
use ruff_text_size::{Ranged, TextRange};
use std::collections::{HashMap, HashSet};
use target_lexicon::PointerWidth;
use upyc_abi::{self as abi, entry, qstr_obj, viper as ventry, BinOp};

/// Builtin casts and calls a viper function may use.
const NOT_YET: &str = "not supported in viper functions yet";

struct VL<'p, 's, 'f, 'g> {
    pb: &'p mut ProgramBuilder<'s>,
    b: FunctionBuilder<'f>,
    w: Type,
    sigs: &'g HashMap<String, Sig>,
    me: &'g Sig,
    scope: FunctionScope,
    types: HashMap<String, VType>,
    vars: HashMap<String, Variable>,
    func_qstr: usize,
    file_qstr: usize,
    globals_base: Option<Value>,
    /// Blocks branched to, reachability, the exception block.
    flow: crate::lower::flow::Flow,
    loops: Vec<(Block, Block)>,
    callees: HashMap<String, FuncRef>,
    /// Active `try` handlers: (landing: records the frame, block parameter the line;
    /// propagate: the exception already has this frame).
    handlers: Vec<(Block, Block)>,
    /// The exceptions being handled (`except` bodies), for a bare `raise`.
    handling: Vec<Value>,
    /// Returns with the pending exception, the frame already recorded.
    exit_null: Option<Block>,
    /// Cells of the enclosing functions' variables this function uses.
    cells: HashMap<String, Value>,
    /// Active `try ... finally` statements, innermost last.
    finallies: Vec<Finally>,
    /// Every `ptrN` load and store with its pointer: those whose pointer is a constant
    /// address get a `fence` in [`VL::fence_constant_addresses`].
    ptr_accesses: Vec<(ir::Inst, Value)>,
}

/// What runs on each way out of a `try ... finally` or `with` body.
enum Cleanup {
    /// A `finally` body.
    Body(Vec<Stmt>),
    /// A `with` manager's bound `__exit__`, called with `(None, None, None)` (an
    /// exception takes the other path, in `with_stmt`).
    Exit(Value, usize),
}

/// A cleanup and the depths of the stacks outside its statement: the cleanup is emitted
/// on each way out of the body (normal end, exception, `return`, `break`, `continue`)
/// with the handlers, loops and outer cleanups of that place.
struct Finally {
    body: Cleanup,
    loops: usize,
    handlers: usize,
    handling: usize,
}

/// Lowers the native entry of `def` into `func`; returns whether it may raise.
pub(super) fn lower_native(
    pb: &mut ProgramBuilder<'_>,
    def: &StmtFunctionDef,
    me: &Sig,
    sigs: &HashMap<String, Sig>,
    func: &mut ir::Function,
) -> Result<bool> {
    let scope = FunctionScope::of(def);
    let typer = Typer {
        src: pb.src,
        word_bits: pb.target.word_bits,
        sigs,
        consts: &pb.consts,
        scope: &scope,
        module_assigned: &pb.scope.assigned,
        locals: HashMap::new(),
    };
    let types = types::infer_locals(typer, def, &me.params)?;
    let sym = pb.func_symbol(&me.native_symbol);
    let closure = usize::from(!me.free.is_empty());
    let sig = pb
        .target
        .signature(closure + super::native_params(me.params.len()), true);
    *func = ir::Function::with_name_signature(UserFuncName::user(0, sym), sig);
    let mut fctx = FunctionBuilderContext::new();
    let b = FunctionBuilder::new(func, &mut fctx);
    let func_qstr = pb.qstr(&me.name);
    let mut l = VL::new(pb, b, sigs, me, scope, types, func_qstr);
    l.entry(&me.params);
    if me.recursive {
        l.stack_check(l.line(def.range()));
    }
    l.suite(&def.body)?;
    if l.flow.reachable {
        let v = l.default_return();
        l.b.ins().return_(&[v]);
    }
    Ok(l.finish())
}

/// Lowers the object entry of `def`: object arguments to native, call, result to object.
pub(super) fn lower_object_entry(
    pb: &mut ProgramBuilder<'_>,
    def: &StmtFunctionDef,
    me: &Sig,
) -> Result<ir::Function> {
    let sym = pb.func_symbol(&me.object_symbol);
    let has_closure = !me.free.is_empty();
    let by_pointer = crate::lower::function::body_uses_pointer(me.params.len(), has_closure);
    let words = if by_pointer { 1 } else { me.params.len() };
    let sig = pb.target.signature(words + usize::from(has_closure), true);
    let mut func = ir::Function::with_name_signature(UserFuncName::user(0, sym), sig);
    let mut fctx = FunctionBuilderContext::new();
    let b = FunctionBuilder::new(&mut func, &mut fctx);
    let func_qstr = pb.qstr(&me.name);
    let empty = HashMap::new();
    let mut l = VL::new(
        pb,
        b,
        &empty,
        me,
        FunctionScope::default(),
        HashMap::new(),
        func_qstr,
    );
    let entry = l.b.create_block();
    l.b.append_block_params_for_function_params(entry);
    l.b.switch_to_block(entry);
    l.b.seal_block(entry);
    let mut params: Vec<Value> = l.b.block_params(entry).to_vec();
    let closure = has_closure.then(|| params.remove(0));
    let args = l.words_of(&params, me.params.len(), by_pointer);
    let line = l.line(def.range());
    let mut natives: Vec<Value> = closure.into_iter().collect();
    for (a, (_, ty)) in args.iter().zip(me.params.iter()) {
        natives.push(l.unbox(*a, *ty, line));
    }
    let r = match closure {
        Some(c) => l.call_native_closure(&me.native_symbol, c, &natives[1..]),
        None => l.call_native(&me.native_symbol, &natives),
    };
    if me.may_raise {
        let raised = l.rt(ventry::RAISED, &[]);
        let ok = l.b.create_block();
        let fail = l.b.create_block();
        l.brif(raised, fail, &[], ok, &[]);
        l.b.switch_to_block(fail);
        let null = l.iconst(0);
        l.b.ins().return_(&[null]);
        l.b.switch_to_block(ok);
    }
    let obj = l.box_value(r, me.ret, line);
    l.b.ins().return_(&[obj]);
    l.finish();
    Ok(func)
}

fn binop_name(op: Operator) -> BinOp {
    match op {
        Operator::Add => BinOp::Add,
        Operator::Sub => BinOp::Sub,
        Operator::Mult => BinOp::Mul,
        Operator::FloorDiv => BinOp::FloorDiv,
        Operator::Div => BinOp::TrueDiv,
        Operator::Mod => BinOp::Mod,
        Operator::Pow => BinOp::Pow,
        Operator::LShift => BinOp::LShift,
        Operator::RShift => BinOp::RShift,
        Operator::BitAnd => BinOp::BitAnd,
        Operator::BitOr => BinOp::BitOr,
        Operator::BitXor => BinOp::BitXor,
        Operator::MatMult => BinOp::Mul,
    }
}

fn cmp_binop(op: CmpOp) -> BinOp {
    match op {
        CmpOp::Lt => BinOp::Lt,
        CmpOp::LtE => BinOp::Le,
        CmpOp::Gt => BinOp::Gt,
        CmpOp::GtE => BinOp::Ge,
        CmpOp::Eq => BinOp::Eq,
        CmpOp::NotEq => BinOp::Ne,
        CmpOp::In => BinOp::In,
        _ => BinOp::NotIn,
    }
}

/// The condition code of a native comparison (`unsigned` for a `uint` left operand).
fn cmp_cc(op: CmpOp, unsigned: bool) -> Option<IntCC> {
    Some(match (op, unsigned) {
        (CmpOp::Eq, _) => IntCC::Equal,
        (CmpOp::NotEq, _) => IntCC::NotEqual,
        (CmpOp::Lt, false) => IntCC::SignedLessThan,
        (CmpOp::LtE, false) => IntCC::SignedLessThanOrEqual,
        (CmpOp::Gt, false) => IntCC::SignedGreaterThan,
        (CmpOp::GtE, false) => IntCC::SignedGreaterThanOrEqual,
        (CmpOp::Lt, true) => IntCC::UnsignedLessThan,
        (CmpOp::LtE, true) => IntCC::UnsignedLessThanOrEqual,
        (CmpOp::Gt, true) => IntCC::UnsignedGreaterThan,
        (CmpOp::GtE, true) => IntCC::UnsignedGreaterThanOrEqual,
        _ => return None,
    })
}

fn stmt_kind(s: &Stmt) -> &'static str {
    match s {
        Stmt::ClassDef(_) => "class definitions",
        Stmt::FunctionDef(_) => "nested functions",
        Stmt::Delete(_) => "'del'",
        Stmt::With(_) => "'with' statements",
        Stmt::Match(_) => "'match' statements",
        Stmt::Raise(_) => "'raise'",
        Stmt::Try(_) => "'try' statements",
        Stmt::Assert(_) => "'assert'",
        Stmt::Import(_) | Stmt::ImportFrom(_) => "imports",
        Stmt::Nonlocal(_) => "'nonlocal'",
        _ => "this statement",
    }
}

fn expr_kind(e: &Expr) -> &'static str {
    match e {
        Expr::Named(_) => "assignment expressions (':=')",
        Expr::Lambda(_) => "lambda",
        Expr::Dict(_) => "dicts",
        Expr::Set(_) => "sets",
        Expr::List(_) => "lists",
        Expr::ListComp(_) => "list comprehensions",
        Expr::SetComp(_) => "set comprehensions",
        Expr::DictComp(_) => "dict comprehensions",
        Expr::Generator(_) => "generator expressions",
        Expr::Await(_) => "'await'",
        Expr::Yield(_) | Expr::YieldFrom(_) => "'yield'",
        Expr::FString(_) | Expr::TString(_) => "f-strings",
        Expr::BytesLiteral(_) => "bytes literals",
        Expr::EllipsisLiteral(_) => "'...'",
        Expr::Attribute(_) => "attribute access",
        Expr::Subscript(_) => "subscripts of this type",
        Expr::Starred(_) => "starred expressions",
        Expr::Tuple(_) => "tuples",
        Expr::Slice(_) => "slices",
        _ => "this expression",
    }
}

impl<'p, 's, 'f, 'g> VL<'p, 's, 'f, 'g> {
    fn new(
        pb: &'p mut ProgramBuilder<'s>,
        b: FunctionBuilder<'f>,
        sigs: &'g HashMap<String, Sig>,
        me: &'g Sig,
        scope: FunctionScope,
        types: HashMap<String, VType>,
        func_qstr: usize,
    ) -> Self {
        let w = pb.target.word();
        let file = pb.src.path.clone();
        let file_qstr = pb.qstr(&file);
        VL {
            pb,
            b,
            w,
            sigs,
            me,
            scope,
            types,
            vars: HashMap::new(),
            func_qstr,
            file_qstr,
            globals_base: None,
            flow: crate::lower::flow::Flow::new(),
            loops: Vec::new(),
            finallies: Vec::new(),
            ptr_accesses: Vec::new(),
            callees: HashMap::new(),
            handlers: Vec::new(),
            handling: Vec::new(),
            exit_null: None,
            cells: HashMap::new(),
        }
    }

    fn src(&self) -> &'s crate::frontend::SourceFile {
        self.pb.src
    }

    fn line(&self, range: TextRange) -> usize {
        self.pb.src.line(range)
    }

    fn not_yet(&self, range: TextRange, what: &str) -> crate::diag::Diagnostic {
        self.src().error(range, format!("{what}: {NOT_YET}"))
    }

    fn iconst(&mut self, v: i64) -> Value {
        self.b.ins().iconst(self.w, v)
    }

    fn word_bits(&self) -> u32 {
        self.pb.target.word_bits
    }

    // ---- function frame ----

    fn entry(&mut self, params: &[(String, VType)]) {
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        self.b.seal_block(entry);
        let mut words: Vec<Value> = self.b.block_params(entry).to_vec();
        if !self.me.free.is_empty() {
            let closure = words.remove(0);
            let wb = self.pb.target.word_bytes() as i32;
            for (i, name) in self.me.free.clone().into_iter().enumerate() {
                let off = (abi::layout::TUPLE_ITEMS + i) as i32 * wb;
                let cell = self
                    .b
                    .ins()
                    .load(self.w, MemFlagsData::trusted(), closure, off);
                self.cells.insert(name, cell);
            }
        }
        let by_pointer = params.len() > crate::lower::MAX_REGISTER_PARAMS;
        let args = self.words_of(&words, params.len(), by_pointer);
        for ((name, _), v) in params.iter().zip(args) {
            let var = self.b.declare_var(self.w);
            self.b.def_var(var, v);
            self.vars.insert(name.clone(), var);
        }
        let zero = self.iconst(0);
        for name in self.scope.locals.clone() {
            let var = self.b.declare_var(self.w);
            self.b.def_var(var, zero);
            self.vars.insert(name, var);
        }
        let gv = self.data_gv(&self.pb.globals_symbol.clone());
        self.globals_base = Some(self.b.ins().symbol_value(self.w, gv));
    }

    /// The `n` argument words of an entry: its parameters, or loaded from the one
    /// pointer parameter.
    fn words_of(&mut self, params: &[Value], n: usize, by_pointer: bool) -> Vec<Value> {
        if !by_pointer {
            return params.to_vec();
        }
        let wb = self.pb.target.word_bytes() as i32;
        (0..n)
            .map(|i| {
                self.b
                    .ins()
                    .load(self.w, MemFlagsData::trusted(), params[0], i as i32 * wb)
            })
            .collect()
    }

    /// Calls a native entry with `args` (in registers, or spilled beyond four).
    fn call_native(&mut self, symbol: &str, args: &[Value]) -> Value {
        let call = if args.len() > crate::lower::MAX_REGISTER_PARAMS {
            let addr = self.spill(args);
            let f = self.callee(symbol, 1);
            self.b.ins().call(f, &[addr])
        } else {
            let f = self.callee(symbol, args.len());
            self.b.ins().call(f, args)
        };
        self.b.inst_results(call)[0]
    }

    /// Calls a closure's native entry: the closure tuple, then `args` as
    /// [`Self::call_native`] passes them.
    fn call_native_closure(&mut self, symbol: &str, closure: Value, args: &[Value]) -> Value {
        let call = if args.len() > crate::lower::MAX_REGISTER_PARAMS {
            let addr = self.spill(args);
            let f = self.callee(symbol, 2);
            self.b.ins().call(f, &[closure, addr])
        } else {
            let mut all = vec![closure];
            all.extend_from_slice(args);
            let f = self.callee(symbol, all.len());
            self.b.ins().call(f, &all)
        };
        self.b.inst_results(call)[0]
    }

    fn stack_check(&mut self, line: usize) {
        let sp = self.b.ins().get_stack_pointer(self.w);
        let gv = self.data_gv(entry::STACK_LIMIT);
        let addr = self.b.ins().symbol_value(self.w, gv);
        let limit = self.b.ins().load(self.w, MemFlagsData::trusted(), addr, 0);
        let low = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        let overflow = self.b.create_block();
        let ok = self.b.create_block();
        self.brif(low, overflow, &[], ok, &[]);
        self.b.switch_to_block(overflow);
        self.rt(entry::RAISE_RECURSION, &[]);
        let exc = self.exc_block();
        let l = self.iconst(line as i64);
        self.jump(exc, &[l]);
        self.switch_to(ok);
    }

    fn default_return(&mut self) -> Value {
        if self.me.ret == VType::Obj {
            self.iconst(abi::NONE as i64)
        } else {
            self.iconst(0)
        }
    }

    /// Emits the exception block, seals and finalises; returns whether the function
    /// may return with an exception pending.
    fn finish(mut self) -> bool {
        let raises = self.flow.exc().is_some() || self.exit_null.is_some();
        if let Some(b) = self.exit_null {
            self.b.switch_to_block(b);
            let null = self.iconst(0);
            self.b.ins().return_(&[null]);
        }
        if let Some(exc) = self.flow.exc() {
            self.b.switch_to_block(exc);
            let line = self.b.block_params(exc)[0];
            let file = self.iconst(qstr_obj(self.file_qstr) as i64);
            let func = self.iconst(qstr_obj(self.func_qstr) as i64);
            let f = self.callee_sig(entry::TB_ADD, 3, false);
            self.b.ins().call(f, &[file, line, func]);
            // The object entry returns NULL; the native entry's result is ignored.
            let null = self.iconst(0);
            self.b.ins().return_(&[null]);
        }
        self.b.seal_all_blocks();
        self.fence_constant_addresses();
        let pointer_width = if self.pb.target.word_bits == 64 {
            PointerWidth::U64
        } else {
            PointerWidth::U32
        };
        self.b.finalize(TargetFrontendConfig {
            default_call_conv: CallConv::SystemV,
            pointer_width,
            page_size_align_log2: 12,
        });
        raises
    }

    fn data_gv(&mut self, symbol: &str) -> ir::GlobalValue {
        crate::lower::flow::import_data(self.pb, &mut self.b, symbol)
    }

    fn callee_sig(&mut self, symbol: &str, nparams: usize, returns: bool) -> FuncRef {
        if let Some(&f) = self.callees.get(symbol) {
            return f;
        }
        let f = crate::lower::flow::import_func(self.pb, &mut self.b, symbol, nparams, returns);
        self.callees.insert(symbol.to_string(), f);
        f
    }

    fn callee(&mut self, symbol: &str, nparams: usize) -> FuncRef {
        self.callee_sig(symbol, nparams, true)
    }

    /// Calls a runtime entry returning a word.
    fn rt(&mut self, symbol: &str, args: &[Value]) -> Value {
        let f = self.callee(symbol, args.len());
        let call = self.b.ins().call(f, args);
        self.b.inst_results(call)[0]
    }

    fn jump(&mut self, to: Block, args: &[Value]) {
        self.flow.jump(&mut self.b, to, args);
    }

    fn brif(&mut self, c: Value, t: Block, targs: &[Value], f: Block, fargs: &[Value]) {
        self.flow.brif(&mut self.b, c, t, targs, f, fargs);
    }

    /// Continues in `block`; code after it is only emitted if something jumps there.
    fn switch_to(&mut self, block: Block) {
        self.flow.switch_to(&mut self.b, block);
    }

    /// Where a raising operation goes (block parameter: the line): the innermost
    /// `try`'s landing, or the function's exception block.
    fn exc_block(&mut self) -> Block {
        if let Some(&(landing, _)) = self.handlers.last() {
            return landing;
        }
        self.flow.exc_block(&mut self.b, self.w)
    }

    /// Where an exception that already records this frame goes.
    fn propagate(&mut self) -> Block {
        if let Some(&(_, p)) = self.handlers.last() {
            return p;
        }
        match self.exit_null {
            Some(b) => b,
            None => {
                let b = self.b.create_block();
                self.exit_null = Some(b);
                b
            }
        }
    }

    /// `try ... finally`: the body, then the `finally` body on every way out.
    fn try_finally(&mut self, body: &[Stmt], finalbody: &[Stmt]) -> Result<()> {
        let landing = self.b.create_block();
        self.b.append_block_param(landing, self.w);
        let propagate = self.b.create_block();
        let after = self.b.create_block();
        self.finallies.push(Finally {
            body: Cleanup::Body(finalbody.to_vec()),
            loops: self.loops.len(),
            handlers: self.handlers.len(),
            handling: self.handling.len(),
        });
        self.handlers.push((landing, propagate));
        let r = self.suite(body);
        self.handlers.pop();
        self.finallies.pop();
        r?;
        if self.flow.reachable {
            self.suite(finalbody)?;
            if self.flow.reachable {
                self.jump(after, &[]);
            }
        }
        if let Some(exc) = self.take_landed(landing, propagate) {
            self.handling.push(exc);
            let r = self.suite(finalbody);
            self.handling.pop();
            r?;
            if self.flow.reachable {
                self.rt(entry::RERAISE, &[exc]);
                let p = self.propagate();
                self.jump(p, &[]);
            }
        }
        self.switch_to(after);
        Ok(())
    }

    /// Emits the `finally` bodies a jump out of the `try`s from index `down_to` on passes
    /// through, innermost first, each with the stacks of its own `try` statement. Returns
    /// false when one of them does not complete (it returned or raised).
    fn run_finallies(&mut self, down_to: usize) -> Result<bool> {
        let mut i = self.finallies.len();
        while i > down_to {
            i -= 1;
            let (loops, handlers, handling) = {
                let f = &self.finallies[i];
                (f.loops, f.handlers, f.handling)
            };
            let saved_finallies = self.finallies.split_off(i);
            let saved_loops = self.loops.split_off(loops);
            let saved_handlers = self.handlers.split_off(handlers);
            let saved_handling = self.handling.split_off(handling);
            let r = match &saved_finallies[0].body {
                Cleanup::Body(body) => {
                    let body = body.clone();
                    self.suite(&body)
                }
                Cleanup::Exit(exit, line) => {
                    let (exit, line) = (*exit, *line);
                    self.call_exit_normally(exit, line);
                    Ok(())
                }
            };
            self.finallies.extend(saved_finallies);
            self.loops.extend(saved_loops);
            self.handlers.extend(saved_handlers);
            self.handling.extend(saved_handling);
            r?;
            if !self.flow.reachable {
                return Ok(false);
            }
        }
        Ok(true)
    }

    /// The number of `finally` statements outside the innermost loop.
    fn finallies_outside_loop(&self) -> usize {
        let depth = self.loops.len();
        self.finallies
            .iter()
            .take_while(|f| f.loops < depth)
            .count()
    }

    /// `exit(None, None, None)`.
    fn call_exit_normally(&mut self, exit: Value, line: usize) {
        let none = self.iconst(abi::NONE as i64);
        let args = self.spill(&[none, none, none]);
        let three = self.iconst(3);
        let zero = self.iconst(0);
        let r = self.rt(entry::CALL, &[exit, args, three, zero]);
        self.check_null(r, line);
    }

    /// `with a as x, b: body` (the items nest): `__enter__` on the way in, `__exit__` on
    /// every way out; an exception goes to `__exit__(type, exc, None)`, which swallows it
    /// by returning a true value.
    fn with_stmt(&mut self, w: &ast::StmtWith) -> Result<()> {
        if w.is_async {
            return Err(self.not_yet(w.range, "'async with'"));
        }
        self.with_items(&w.items, &w.body, self.line(w.range))
    }

    fn with_items(&mut self, items: &[ast::WithItem], body: &[Stmt], line: usize) -> Result<()> {
        let Some((item, rest)) = items.split_first() else {
            return self.suite(body);
        };
        let (m, mt) = self.expr(&item.context_expr)?;
        let mgr = self.box_value(m, mt, line);
        let q = self.pb.qstr("__exit__");
        let exit_name = self.iconst(qstr_obj(q) as i64);
        let exit = self.rt(entry::LOAD_ATTR, &[mgr, exit_name]);
        self.check_null(exit, line);
        let q = self.pb.qstr("__enter__");
        let enter_name = self.iconst(qstr_obj(q) as i64);
        let args = self.spill(&[mgr]);
        let zero = self.iconst(0);
        let value = self.rt(entry::CALL_METHOD, &[enter_name, args, zero, zero]);
        self.check_null(value, line);
        if let Some(target) = &item.optional_vars {
            self.assign(target, value, VType::Obj)?;
        }
        let landing = self.b.create_block();
        self.b.append_block_param(landing, self.w);
        let propagate = self.b.create_block();
        let after = self.b.create_block();
        self.finallies.push(Finally {
            body: Cleanup::Exit(exit, line),
            loops: self.loops.len(),
            handlers: self.handlers.len(),
            handling: self.handling.len(),
        });
        self.handlers.push((landing, propagate));
        let r = self.with_items(rest, body, line);
        self.handlers.pop();
        self.finallies.pop();
        r?;
        if self.flow.reachable {
            self.call_exit_normally(exit, line);
            self.jump(after, &[]);
        }
        if let Some(exc) = self.take_landed(landing, propagate) {
            let q = self.pb.qstr("type");
            let type_name = self.iconst(qstr_obj(q) as i64);
            let type_fn = self.rt(entry::LOAD_BUILTIN, &[type_name]);
            self.check_null(type_fn, line);
            let a = self.spill(&[exc]);
            let one = self.iconst(1);
            let zero = self.iconst(0);
            let ty = self.rt(entry::CALL, &[type_fn, a, one, zero]);
            self.check_null(ty, line);
            let none = self.iconst(abi::NONE as i64);
            let a = self.spill(&[ty, exc, none]);
            let three = self.iconst(3);
            let r = self.rt(entry::CALL, &[exit, a, three, zero]);
            self.check_null(r, line);
            let swallow = self.b.create_block();
            let keep = self.b.create_block();
            self.truth(r, swallow, keep, line);
            self.switch_to(swallow);
            self.jump(after, &[]);
            self.switch_to(keep);
            self.rt(entry::RERAISE, &[exc]);
            let p = self.propagate();
            self.jump(p, &[]);
        }
        self.switch_to(after);
        Ok(())
    }

    /// Emits a protected body's landing block (it records this frame, then goes on to
    /// `propagate`) and continues in `propagate`, taking the pending exception: its
    /// object, or `None` when no exception can arrive there.
    fn take_landed(&mut self, landing: Block, propagate: Block) -> Option<Value> {
        self.switch_to(landing);
        if self.flow.reachable {
            let line = self.b.block_params(landing)[0];
            self.record_frame(line);
            self.jump(propagate, &[]);
        }
        self.switch_to(propagate);
        self.flow.reachable.then(|| self.rt(entry::EXC_TAKE, &[]))
    }

    /// Adds this function's frame to the pending exception's traceback.
    fn record_frame(&mut self, line: Value) {
        let file = self.iconst(qstr_obj(self.file_qstr) as i64);
        let func = self.iconst(qstr_obj(self.func_qstr) as i64);
        let f = self.callee_sig(entry::TB_ADD, 3, false);
        self.b.ins().call(f, &[file, line, func]);
    }

    /// `try`/`except`/`else`/`finally`.
    fn try_stmt(&mut self, t: &ast::StmtTry) -> Result<()> {
        if t.is_star {
            return Err(self.not_yet(t.range, "'except*'"));
        }
        if !t.finalbody.is_empty() {
            if t.handlers.is_empty() {
                let mut body = t.body.clone();
                body.extend(t.orelse.iter().cloned());
                return self.try_finally(&body, &t.finalbody);
            }
            let inner = Stmt::Try(ast::StmtTry {
                finalbody: Default::default(),
                ..t.clone()
            });
            return self.try_finally(&[inner], &t.finalbody);
        }
        if t.handlers.is_empty() {
            return self.suite(&t.body);
        }
        let landing = self.b.create_block();
        self.b.append_block_param(landing, self.w);
        let propagate = self.b.create_block();
        let after = self.b.create_block();
        self.handlers.push((landing, propagate));
        let body = self.suite(&t.body);
        self.handlers.pop();
        body?;
        if self.flow.reachable {
            self.suite(&t.orelse)?;
            if self.flow.reachable {
                self.jump(after, &[]);
            }
        }
        if let Some(exc) = self.take_landed(landing, propagate) {
            for clause in &t.handlers {
                let ast::ExceptHandler::ExceptHandler(clause) = clause;
                let line = self.line(clause.range);
                let matched = self.b.create_block();
                let next = self.b.create_block();
                match &clause.type_ {
                    None => self.jump(matched, &[]),
                    Some(kind) => {
                        let (k, kt) = self.expr(kind)?;
                        let k = self.box_value(k, kt, line);
                        let m = self.rt(entry::EXC_MATCH, &[exc, k]);
                        self.check_null(m, line);
                        let yes = self.b.ins().icmp_imm_s(IntCC::Equal, m, abi::TRUE as i64);
                        self.brif(yes, matched, &[], next, &[]);
                    }
                }
                self.switch_to(matched);
                if let Some(name) = &clause.name {
                    let target = ast::ExprName {
                        node_index: Default::default(),
                        range: name.range,
                        id: name.id.clone(),
                        ctx: ast::ExprContext::Store,
                    };
                    self.store_name(&target, exc, VType::Obj)?;
                }
                self.handling.push(exc);
                let r = self.suite(&clause.body);
                self.handling.pop();
                r?;
                if self.flow.reachable {
                    self.jump(after, &[]);
                }
                self.switch_to(next);
                if !self.flow.reachable {
                    break;
                }
            }
            if self.flow.reachable {
                // No clause matched: the exception goes on.
                self.rt(entry::RERAISE, &[exc]);
                let p = self.propagate();
                self.jump(p, &[]);
            }
        }
        self.switch_to(after);
        Ok(())
    }

    /// `raise`, `raise x`, `raise x from y`.
    fn raise_stmt(&mut self, r: &ast::StmtRaise) -> Result<()> {
        let line = self.line(r.range);
        match &r.exc {
            None => match self.handling.last().copied() {
                Some(exc) => {
                    self.rt(entry::RERAISE, &[exc]);
                    let p = self.propagate();
                    self.jump(p, &[]);
                }
                None => {
                    // Nothing is being handled here: the runtime raises RuntimeError.
                    let null = self.iconst(0);
                    self.rt(entry::RERAISE, &[null]);
                    let exc = self.exc_block();
                    let l = self.iconst(line as i64);
                    self.jump(exc, &[l]);
                }
            },
            Some(x) => {
                let (v, t) = self.expr(x)?;
                let v = self.box_value(v, t, line);
                let cause = match &r.cause {
                    Some(c) => {
                        let (cv, ct) = self.expr(c)?;
                        self.box_value(cv, ct, line)
                    }
                    None => self.iconst(0),
                };
                self.rt(entry::RAISE, &[v, cause]);
                let exc = self.exc_block();
                let l = self.iconst(line as i64);
                self.jump(exc, &[l]);
            }
        }
        self.flow.reachable = false;
        Ok(())
    }

    /// Goes to the exception block when object `v` is NULL.
    fn check_null(&mut self, v: Value, line: usize) {
        let exc = self.exc_block();
        let ok = self.b.create_block();
        let l = self.iconst(line as i64);
        self.brif(v, ok, &[], exc, &[l]);
        self.switch_to(ok);
    }

    /// Goes to the exception block when the runtime has an exception pending.
    fn check_raised(&mut self, line: usize) {
        let r = self.rt(ventry::RAISED, &[]);
        let exc = self.exc_block();
        let ok = self.b.create_block();
        let l = self.iconst(line as i64);
        self.brif(r, exc, &[l], ok, &[]);
        self.switch_to(ok);
    }

    /// Calls a raising entry point and goes to the exception block, ending the current
    /// block (used in a block of its own).
    fn raise_now(&mut self, symbol: &str, args: &[Value], line: usize) {
        self.rt(symbol, args);
        let exc = self.exc_block();
        let l = self.iconst(line as i64);
        self.jump(exc, &[l]);
        self.flow.reachable = false;
    }

    /// Raises in the middle of straight-line code: the code after it is dead but stays
    /// well-formed (the mid-end removes it).
    fn raise_inline(&mut self, symbol: &str, args: &[Value], line: usize) {
        let raise = self.b.create_block();
        let dead = self.b.create_block();
        let one = self.iconst(1);
        self.brif(one, raise, &[], dead, &[]);
        self.b.switch_to_block(raise);
        self.raise_now(symbol, args, line);
        self.switch_to(dead);
    }

    // ---- conversions ----

    /// A small-int object word for native `v` (no range check).
    fn tag(&mut self, v: Value) -> Value {
        let s = self.b.ins().ishl_imm_s(v, 1);
        self.b.ins().bor_imm_s(s, 1)
    }

    /// A native value of type `t` as an object (`int`: small or big int, `uint` and
    /// pointers: unsigned, `bool`: True/False).
    fn box_value(&mut self, v: Value, t: VType, line: usize) -> Value {
        match t {
            VType::Obj => v,
            VType::Bool => {
                let tr = self.iconst(abi::TRUE as i64);
                let fa = self.iconst(abi::FALSE as i64);
                self.b.ins().select(v, tr, fa)
            }
            _ => {
                let (_, max) = abi::small_int_range(self.word_bits());
                let fits = if t == VType::Int {
                    // Fits when shifting the tag in and out gives the value back.
                    let s = self.b.ins().ishl_imm_s(v, 1);
                    let back = self.b.ins().sshr_imm_s(s, 1);
                    self.b.ins().icmp(IntCC::Equal, back, v)
                } else {
                    self.b
                        .ins()
                        .icmp_imm_s(IntCC::UnsignedLessThanOrEqual, v, max as i64)
                };
                let small = self.b.create_block();
                let big = self.b.create_block();
                let done = self.b.create_block();
                let r = self.b.append_block_param(done, self.w);
                self.brif(fits, small, &[], big, &[]);
                self.b.switch_to_block(small);
                let o = self.tag(v);
                self.jump(done, &[o]);
                self.b.switch_to_block(big);
                let entry = if t == VType::Int {
                    ventry::BOX_INT
                } else {
                    ventry::BOX_UINT
                };
                let o = self.rt(entry, &[v]);
                self.check_null(o, line);
                if self.flow.reachable {
                    self.jump(done, &[o]);
                }
                self.switch_to(done);
                r
            }
        }
    }

    /// Object `v` converted to native type `t` (MicroPython's `mp_native_from_obj`).
    fn unbox(&mut self, v: Value, t: VType, line: usize) -> Value {
        match t {
            VType::Obj => v,
            VType::Bool => {
                let t_b = self.b.create_block();
                let f_b = self.b.create_block();
                let done = self.b.create_block();
                let r = self.b.append_block_param(done, self.w);
                self.truth(v, t_b, f_b, line);
                self.b.switch_to_block(t_b);
                let one = self.iconst(1);
                self.jump(done, &[one]);
                self.b.switch_to_block(f_b);
                let zero = self.iconst(0);
                self.jump(done, &[zero]);
                self.switch_to(done);
                r
            }
            _ => {
                let small = self.b.create_block();
                let slow = self.b.create_block();
                let done = self.b.create_block();
                let r = self.b.append_block_param(done, self.w);
                let tagbit = self.b.ins().band_imm_s(v, 1);
                self.brif(tagbit, small, &[], slow, &[]);
                self.b.switch_to_block(small);
                let n = self.b.ins().sshr_imm_s(v, 1);
                self.jump(done, &[n]);
                self.b.switch_to_block(slow);
                let n = if t.is_int() {
                    self.rt(ventry::INT, &[v])
                } else {
                    let writable = self.iconst(1);
                    self.rt(ventry::GET_BUFFER, &[v, writable])
                };
                self.check_raised(line);
                if self.flow.reachable {
                    self.jump(done, &[n]);
                }
                self.switch_to(done);
                r
            }
        }
    }

    /// Converts `v` of type `from` for a place of type `to` (a local, parameter or
    /// result); native-to-native only between `int`/`uint`/`bool` or equal types.
    fn coerce(
        &mut self,
        v: Value,
        from: VType,
        to: VType,
        line: usize,
        range: TextRange,
        what: &str,
    ) -> Result<Value> {
        if from == to {
            return Ok(v);
        }
        if to == VType::Obj {
            return Ok(self.box_value(v, from, line));
        }
        if from == VType::Obj {
            return Ok(self.unbox(v, to, line));
        }
        let ok = (from.is_int() || from == VType::Bool) && (to.is_int() || to == VType::Bool);
        if !ok {
            return Err(type_error(
                self.src(),
                range,
                format!(
                    "{what} has type '{}' but source is '{}'",
                    to.name(),
                    from.name()
                ),
            ));
        }
        if to == VType::Bool {
            let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, 0);
            return Ok(self.b.ins().uextend(self.w, c));
        }
        Ok(v)
    }

    /// Branches on the truth of object `v`.
    fn truth(&mut self, v: Value, t: Block, f: Block, line: usize) {
        let n1 = self.b.create_block();
        let n2 = self.b.create_block();
        let small = self.b.create_block();
        let call = self.b.create_block();
        let is_true = self.b.ins().icmp_imm_s(IntCC::Equal, v, abi::TRUE as i64);
        self.brif(is_true, t, &[], n1, &[]);
        self.b.switch_to_block(n1);
        let is_false = self.b.ins().icmp_imm_s(IntCC::Equal, v, abi::FALSE as i64);
        self.brif(is_false, f, &[], n2, &[]);
        self.b.switch_to_block(n2);
        let tagbit = self.b.ins().band_imm_s(v, 1);
        self.brif(tagbit, small, &[], call, &[]);
        self.b.switch_to_block(small);
        let nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, 1);
        self.brif(nz, t, &[], f, &[]);
        self.b.switch_to_block(call);
        let r = self.rt(entry::IS_TRUE, &[v]);
        let err = self
            .b
            .ins()
            .icmp_imm_s(IntCC::Equal, r, abi::truth::ERROR as i64);
        let ok = self.b.create_block();
        let exc = self.exc_block();
        let l = self.iconst(line as i64);
        self.brif(err, exc, &[l], ok, &[]);
        self.b.switch_to_block(ok);
        self.brif(r, t, &[], f, &[]);
        self.flow.reachable = false;
    }

    // ---- names ----

    fn is_local(&self, name: &str) -> bool {
        self.scope.is_local(name)
    }

    fn global_addr_offset(&mut self, name: &str) -> (Value, i32) {
        let slot = self.pb.global_slot(name);
        let base = match self.globals_base {
            Some(b) => b,
            None => {
                let gv = self.data_gv(&self.pb.globals_symbol.clone());
                self.b.ins().symbol_value(self.w, gv)
            }
        };
        (base, (slot as u32 * self.pb.target.word_bytes()) as i32)
    }

    fn load_global(&mut self, name: &str, line: usize) -> Value {
        let (base, off) = self.global_addr_offset(name);
        let v = self
            .b
            .ins()
            .load(self.w, MemFlagsData::trusted(), base, off);
        self.raise_if_null(v, entry::RAISE_NAME_ERROR, Some(name), line);
        v
    }

    /// Raises `NameError`/`UnboundLocalError` (`raise`, an entry taking the name) for
    /// `name` when the loaded value `v` is NULL (unbound).
    /// Raises with `raise(name)` (NULL without a name) when `v` is NULL.
    fn raise_if_null(&mut self, v: Value, raise: &str, name: Option<&str>, line: usize) {
        let bad = self.b.create_block();
        let ok = self.b.create_block();
        self.brif(v, ok, &[], bad, &[]);
        self.b.switch_to_block(bad);
        let qv = match name {
            Some(name) => {
                let q = self.pb.qstr(name);
                self.iconst(qstr_obj(q) as i64)
            }
            None => self.iconst(0),
        };
        self.raise_now(raise, &[qv], line);
        self.switch_to(ok);
    }

    fn local_type(&self, name: &str) -> VType {
        self.types.get(name).copied().unwrap_or(VType::Obj)
    }

    fn load_name(&mut self, n: &ast::ExprName) -> Result<(Value, VType)> {
        let name = n.id.as_str();
        let line = self.line(n.range);
        if self.is_local(name) {
            let ty = self.local_type(name);
            let Some(&var) = self.vars.get(name) else {
                return Err(self.not_yet(n.range, "this local"));
            };
            let v = self.b.use_var(var);
            if ty == VType::Obj && !self.me.params.iter().any(|(p, _)| p == name) {
                self.raise_if_null(v, entry::RAISE_UNBOUND_LOCAL, None, line);
            }
            return Ok((v, ty));
        }
        if let Some(&cell) = self.cells.get(name) {
            let off = (abi::layout::CELL_VALUE as u32 * self.pb.target.word_bytes()) as i32;
            let v = self
                .b
                .ins()
                .load(self.w, MemFlagsData::trusted(), cell, off);
            self.raise_if_null(v, entry::RAISE_UNBOUND_LOCAL, None, line);
            return Ok((v, VType::Obj));
        }
        if let Some(c) = self.pb.consts.get(name).cloned() {
            return self.int_value(&c, n.range);
        }
        self.pb.check_no_eval(name, n.range)?;
        if !self.pb.scope.assigned.contains(name) && !self.pb.defs.contains_key(name) {
            // A builtin (a function, type or exception class), looked up at run time.
            let q = self.pb.qstr(name);
            let qv = self.iconst(qstr_obj(q) as i64);
            let r = self.rt(entry::LOAD_BUILTIN, &[qv]);
            self.check_null(r, line);
            return Ok((r, VType::Obj));
        }
        Ok((self.load_global(name, line), VType::Obj))
    }

    fn store_name(&mut self, n: &ast::ExprName, v: Value, ty: VType) -> Result<()> {
        let name = n.id.as_str();
        let line = self.line(n.range);
        if self.is_local(name) {
            let want = self.local_type(name);
            let what = format!("local '{name}'");
            let v = self.coerce(v, ty, want, line, n.range, &what)?;
            if let Some(&var) = self.vars.get(name) {
                self.b.def_var(var, v);
            }
            return Ok(());
        }
        let v = self.box_value(v, ty, line);
        if let Some(&cell) = self.cells.get(name) {
            let off = (abi::layout::CELL_VALUE as u32 * self.pb.target.word_bytes()) as i32;
            self.b.ins().store(MemFlagsData::trusted(), v, cell, off);
            return Ok(());
        }
        let (base, off) = self.global_addr_offset(name);
        self.b.ins().store(MemFlagsData::trusted(), v, base, off);
        Ok(())
    }

    /// An int constant: a native int when it fits the word (truncated to it, so
    /// `0xffffffff` is -1 as an `int` on 32-bit boards), else a big-int object.
    fn int_value(&mut self, n: &num_bigint::BigInt, range: TextRange) -> Result<(Value, VType)> {
        if types::literal_fits(n, self.word_bits()) {
            let bits = self.word_bits();
            let m: num_bigint::BigInt = n & ((num_bigint::BigInt::from(1) << bits) - 1);
            let u = u64::try_from(&m).unwrap_or(0);
            return Ok((self.iconst(u as i64), VType::Int));
        }
        let q = self.pb.qstr(&n.to_string());
        let qv = self.iconst(qstr_obj(q) as i64);
        let r = self.rt(entry::INT_FROM_QSTR, &[qv]);
        let line = self.line(range);
        self.check_null(r, line);
        Ok((r, VType::Obj))
    }

    // ---- statements ----

    fn suite(&mut self, body: &[Stmt]) -> Result<()> {
        for s in body {
            if !self.flow.reachable {
                break;
            }
            self.stmt(s)?;
        }
        Ok(())
    }

    fn stmt(&mut self, s: &Stmt) -> Result<()> {
        match s {
            Stmt::Expr(e) => {
                self.expr(&e.value)?;
            }
            Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Assign(a) => {
                let (v, ty) = self.expr(&a.value)?;
                for t in &a.targets {
                    self.assign(t, v, ty)?;
                }
            }
            Stmt::AnnAssign(a) => {
                if let Some(value) = &a.value {
                    let (v, ty) = self.expr(value)?;
                    self.assign(&a.target, v, ty)?;
                }
            }
            Stmt::AugAssign(a) => self.aug_assign(a)?,
            Stmt::Try(t) => self.try_stmt(t)?,
            Stmt::With(w) => self.with_stmt(w)?,
            Stmt::Raise(r) => self.raise_stmt(r)?,
            Stmt::If(i) => self.if_stmt(i)?,
            Stmt::While(w) => self.while_stmt(w)?,
            Stmt::For(f) => self.for_stmt(f)?,
            Stmt::Break(b) => match self.loops.last() {
                Some(&(_, brk)) => {
                    let keep = self.finallies_outside_loop();
                    if self.run_finallies(keep)? {
                        self.jump(brk, &[]);
                    }
                    self.flow.reachable = false;
                }
                None => return Err(self.src().error(b.range, "'break' outside loop")),
            },
            Stmt::Continue(c) => match self.loops.last() {
                Some(&(cont, _)) => {
                    let keep = self.finallies_outside_loop();
                    if self.run_finallies(keep)? {
                        self.jump(cont, &[]);
                    }
                    self.flow.reachable = false;
                }
                None => return Err(self.src().error(c.range, "'continue' not properly in loop")),
            },
            Stmt::Return(r) => {
                let line = self.line(r.range);
                let v = match &r.value {
                    Some(e) => {
                        let (v, ty) = self.expr(e)?;
                        let want = self.me.ret;
                        self.coerce(v, ty, want, line, e.range(), "return value")?
                    }
                    None => self.default_return(),
                };
                if self.run_finallies(0)? {
                    self.b.ins().return_(&[v]);
                }
                self.flow.reachable = false;
            }
            other => {
                return Err(self.not_yet(other.range(), stmt_kind(other)));
            }
        }
        Ok(())
    }

    fn assign(&mut self, target: &Expr, v: Value, ty: VType) -> Result<()> {
        match target {
            Expr::Name(n) => self.store_name(n, v, ty),
            Expr::Subscript(sub) => {
                let (base, bt) = self.expr(&sub.value)?;
                let (idx, it) = self.expr(&sub.slice)?;
                self.store_subscr(sub, base, bt, idx, it, v, ty)
            }
            other => Err(self.not_yet(
                other.range(),
                &format!("assignment to {}", expr_kind(other)),
            )),
        }
    }

    /// Address of element `idx` of pointer `base` of type `bt`.
    fn elem_addr(&mut self, base: Value, bt: VType, idx: Value) -> Value {
        let shift = match bt {
            VType::Ptr8 => 0,
            VType::Ptr16 => 1,
            VType::Ptr32 => 2,
            _ => {
                if self.word_bits() == 64 {
                    3
                } else {
                    2
                }
            }
        };
        let off = if shift == 0 {
            idx
        } else {
            self.b.ins().ishl_imm_s(idx, shift)
        };
        self.b.ins().iadd(base, off)
    }

    fn check_index(
        &self,
        sub: &ast::ExprSubscript,
        bt: VType,
        it: VType,
        load: bool,
    ) -> Result<()> {
        if !it.is_int() {
            let verb = if load { "load" } else { "store" };
            return Err(type_error(
                self.src(),
                sub.slice.range(),
                format!("can't {verb} with '{}' index", it.name()),
            ));
        }
        let _ = bt;
        Ok(())
    }

    /// Loads the element at `addr` of pointer `base` of type `bt`.
    fn load_elem(&mut self, base: Value, addr: Value, bt: VType) -> Value {
        let fl = MemFlagsData::trusted();
        let v = match bt {
            VType::Ptr8 => self.b.ins().uload8(self.w, fl, addr, 0),
            VType::Ptr16 => self.b.ins().uload16(self.w, fl, addr, 0),
            VType::Ptr32 if self.word_bits() == 64 => self.b.ins().uload32(fl, addr, 0),
            _ => self.b.ins().load(self.w, fl, addr, 0),
        };
        let inst = self.b.func.dfg.value_def(v).unwrap_inst();
        self.ptr_accesses.push((inst, base));
        v
    }

    /// Stores `v` to the element at `addr` of pointer `base` of type `bt`.
    fn store_elem(&mut self, base: Value, addr: Value, bt: VType, v: Value) {
        let fl = MemFlagsData::trusted();
        let inst = match bt {
            VType::Ptr8 => self.b.ins().istore8(fl, v, addr, 0),
            VType::Ptr16 => self.b.ins().istore16(fl, v, addr, 0),
            VType::Ptr32 if self.word_bits() == 64 => self.b.ins().istore32(fl, v, addr, 0),
            _ => self.b.ins().store(fl, v, addr, 0),
        };
        self.ptr_accesses.push((inst, base));
    }

    /// Puts a `fence` in front of every `ptrN` access whose pointer is a constant address
    /// (`ptr32(0x40020014)`, `const()` arithmetic, also through a variable assigned once):
    /// like `machine.memN`, it may be a device register, so the mid-end must neither merge
    /// two reads of it nor forward a stored value to a later read. Runs once every block
    /// is sealed, when variables used across blocks have resolved to their one
    /// definition. Pointers into objects (`ptr8(buf)`) keep the mid-end's optimisations
    /// (and stay free of the host's `mfence`).
    fn fence_constant_addresses(&mut self) {
        let accesses = std::mem::take(&mut self.ptr_accesses);
        if accesses.is_empty() {
            return;
        }
        let fenced: Vec<ir::Inst> = {
            let c = Constness::new(self.b.func);
            accesses
                .into_iter()
                .filter(|&(_, base)| c.is_constant(base))
                .map(|(inst, _)| inst)
                .collect()
        };
        for inst in fenced {
            FuncCursor::new(self.b.func).at_inst(inst).ins().fence();
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn store_subscr(
        &mut self,
        sub: &ast::ExprSubscript,
        base: Value,
        bt: VType,
        idx: Value,
        it: VType,
        v: Value,
        ty: VType,
    ) -> Result<()> {
        let line = self.line(sub.range);
        if bt == VType::Obj {
            let i = self.box_value(idx, it, line);
            let o = self.box_value(v, ty, line);
            let r = self.rt(entry::STORE_SUBSCR, &[base, i, o]);
            self.check_null(r, line);
            return Ok(());
        }
        if !bt.is_ptr() {
            return Err(type_error(
                self.src(),
                sub.value.range(),
                format!("can't store to '{}'", bt.name()),
            ));
        }
        self.check_index(sub, bt, it, false)?;
        let v = match ty {
            VType::Obj => self.unbox(v, VType::Int, line),
            _ => v,
        };
        let addr = self.elem_addr(base, bt, idx);
        self.store_elem(base, addr, bt, v);
        Ok(())
    }

    fn aug_assign(&mut self, a: &ast::StmtAugAssign) -> Result<()> {
        let line = self.line(a.range);
        match &*a.target {
            Expr::Name(n) => {
                let (cur, ct) = self.load_name(n)?;
                let (v, vt) = self.expr(&a.value)?;
                let (r, rt) = self.binop(a.op, cur, ct, v, vt, a.range, line)?;
                self.store_name(n, r, rt)
            }
            Expr::Subscript(sub) => {
                let (base, bt) = self.expr(&sub.value)?;
                let (idx, it) = self.expr(&sub.slice)?;
                let (cur, ct) = self.load_subscr(sub, base, bt, idx, it)?;
                let (v, vt) = self.expr(&a.value)?;
                let (r, rt) = self.binop(a.op, cur, ct, v, vt, a.range, line)?;
                self.store_subscr(sub, base, bt, idx, it, r, rt)
            }
            other => Err(self.not_yet(other.range(), "augmented assignment to this target")),
        }
    }

    fn if_stmt(&mut self, s: &ast::StmtIf) -> Result<()> {
        let after = self.b.create_block();
        let then_b = self.b.create_block();
        let mut else_b = self.b.create_block();
        self.cond(&s.test, then_b, else_b)?;
        self.switch_to(then_b);
        self.suite(&s.body)?;
        if self.flow.reachable {
            self.jump(after, &[]);
        }
        for clause in &s.elif_else_clauses {
            self.switch_to(else_b);
            if !self.flow.reachable {
                break;
            }
            match &clause.test {
                Some(test) => {
                    let t = self.b.create_block();
                    let e = self.b.create_block();
                    self.cond(test, t, e)?;
                    self.switch_to(t);
                    self.suite(&clause.body)?;
                    if self.flow.reachable {
                        self.jump(after, &[]);
                    }
                    else_b = e;
                }
                None => {
                    self.suite(&clause.body)?;
                    if self.flow.reachable {
                        self.jump(after, &[]);
                    }
                    else_b = after;
                }
            }
        }
        if else_b != after {
            self.switch_to(else_b);
            if self.flow.reachable {
                self.jump(after, &[]);
            }
        }
        self.switch_to(after);
        Ok(())
    }

    fn while_stmt(&mut self, s: &ast::StmtWhile) -> Result<()> {
        let header = self.b.create_block();
        let body = self.b.create_block();
        let orelse = self.b.create_block();
        let after = self.b.create_block();
        self.jump(header, &[]);
        self.switch_to(header);
        self.cond(&s.test, body, orelse)?;
        self.switch_to(body);
        self.loops.push((header, after));
        self.suite(&s.body)?;
        self.loops.pop();
        if self.flow.reachable {
            self.jump(header, &[]);
        }
        self.switch_to(orelse);
        self.suite(&s.orelse)?;
        if self.flow.reachable {
            self.jump(after, &[]);
        }
        self.switch_to(after);
        Ok(())
    }

    /// A compile-time int value of `e` (a literal, `-literal` or a `const()` name).
    fn const_of(&self, e: &Expr) -> Option<num_bigint::BigInt> {
        match e {
            Expr::NumberLiteral(ast::ExprNumberLiteral {
                value: ast::Number::Int(i),
                ..
            }) => crate::lower::consts::parse_int(&i.to_string()),
            Expr::UnaryOp(u) if u.op == UnaryOp::USub => self.const_of(&u.operand).map(|v| -v),
            Expr::Name(n) if !self.is_local(&n.id) => self.pb.consts.get(n.id.as_str()).cloned(),
            _ => None,
        }
    }

    fn for_stmt(&mut self, s: &ast::StmtFor) -> Result<()> {
        let Expr::Name(target) = &*s.target else {
            return Err(self.not_yet(s.target.range(), "this loop target"));
        };
        let args = match &*s.iter {
            Expr::Call(c) if matches!(&*c.func, Expr::Name(n) if n.id.as_str() == "range" && !self.is_local("range") && !self.pb.scope.assigned.contains("range")) =>
            {
                if !c.arguments.keywords.is_empty() || !(1..=3).contains(&c.arguments.args.len()) {
                    return Err(self.not_yet(c.range(), "this form of range()"));
                }
                &c.arguments.args
            }
            other => return Err(self.not_yet(other.range(), "'for' over anything but range()")),
        };
        let line = self.line(s.iter.range());
        let mut vals = Vec::new();
        for a in args.iter() {
            let (v, t) = self.expr(a)?;
            if !t.is_int() {
                return Err(type_error(
                    self.src(),
                    a.range(),
                    format!("range() arguments must be 'int' in viper functions, not '{}' (cast with int())", t.name()),
                ));
            }
            vals.push(v);
        }
        let (start, stop, step, step_expr) = match (vals.as_slice(), &args[..]) {
            ([stop], _) => (self.iconst(0), *stop, self.iconst(1), None),
            ([start, stop], _) => (*start, *stop, self.iconst(1), None),
            ([start, stop, step], [_, _, e]) => (*start, *stop, *step, Some(e)),
            _ => return Err(self.not_yet(s.iter.range(), "this form of range()")),
        };
        let vt = self.local_type(&target.id);
        if !vt.is_int() {
            return Err(type_error(
                self.src(),
                target.range,
                format!(
                    "local '{}' has type '{}' but source is 'int'",
                    target.id,
                    vt.name()
                ),
            ));
        }
        let unsigned = vt == VType::Uint;
        // Direction: known at compile time for a constant step, else decided once.
        let known = match step_expr {
            None => Some(true),
            Some(e) => match self.const_of(e) {
                Some(c) if c == num_bigint::BigInt::from(0) => {
                    return Err(self
                        .src()
                        .error(e.range(), "ValueError: range() arg 3 must not be zero"))
                }
                Some(c) => Some(c > num_bigint::BigInt::from(0)),
                None => None,
            },
        };
        let pos = if known.is_none() {
            // A zero step raises ValueError (through the runtime's range check).
            let zero = self.b.ins().icmp_imm_s(IntCC::Equal, step, 0);
            let bad = self.b.create_block();
            let ok = self.b.create_block();
            self.brif(zero, bad, &[], ok, &[]);
            self.b.switch_to_block(bad);
            let one = self.iconst(3);
            let z = self.iconst(1);
            self.raise_now(entry::RANGE_CHECK, &[one, one, z], line);
            self.switch_to(ok);
            Some(self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 0))
        } else {
            None
        };
        let header = self.b.create_block();
        let i = self.b.append_block_param(header, self.w);
        let body = self.b.create_block();
        let latch = self.b.create_block();
        let orelse = self.b.create_block();
        let after = self.b.create_block();
        self.jump(header, &[start]);
        self.switch_to(header);
        let (lt, gt) = if unsigned {
            (IntCC::UnsignedLessThan, IntCC::UnsignedGreaterThan)
        } else {
            (IntCC::SignedLessThan, IntCC::SignedGreaterThan)
        };
        let go = match (known, pos) {
            (Some(true), _) => self.b.ins().icmp(lt, i, stop),
            (Some(false), _) => self.b.ins().icmp(gt, i, stop),
            (None, Some(p)) => {
                let a = self.b.ins().icmp(lt, i, stop);
                let b = self.b.ins().icmp(gt, i, stop);
                self.b.ins().select(p, a, b)
            }
            (None, None) => self.b.ins().icmp(lt, i, stop),
        };
        self.brif(go, body, &[], orelse, &[]);
        self.switch_to(body);
        if let Some(&var) = self.vars.get(target.id.as_str()) {
            self.b.def_var(var, i);
        }
        self.loops.push((latch, after));
        self.suite(&s.body)?;
        self.loops.pop();
        if self.flow.reachable {
            self.jump(latch, &[]);
        }
        self.switch_to(latch);
        if self.flow.reachable {
            let next = self.b.ins().iadd(i, step);
            self.jump(header, &[next]);
        }
        self.switch_to(orelse);
        self.suite(&s.orelse)?;
        if self.flow.reachable {
            self.jump(after, &[]);
        }
        self.switch_to(after);
        Ok(())
    }

    // ---- conditions ----

    fn cond(&mut self, e: &Expr, t: Block, f: Block) -> Result<()> {
        match e {
            Expr::BoolOp(bop) => {
                let n = bop.values.len();
                for (k, v) in bop.values.iter().enumerate() {
                    if k + 1 == n {
                        self.cond(v, t, f)?;
                    } else {
                        let next = self.b.create_block();
                        match bop.op {
                            ast::BoolOp::And => self.cond(v, next, f)?,
                            ast::BoolOp::Or => self.cond(v, t, next)?,
                        }
                        self.switch_to(next);
                        if !self.flow.reachable {
                            return Ok(());
                        }
                    }
                }
                Ok(())
            }
            Expr::UnaryOp(u) if u.op == UnaryOp::Not => self.cond(&u.operand, f, t),
            Expr::BooleanLiteral(bl) => {
                self.jump(if bl.value { t } else { f }, &[]);
                self.flow.reachable = false;
                Ok(())
            }
            Expr::Compare(c) if c.ops.len() == 1 => {
                // A native comparison branches on the flags directly.
                let (a, at) = self.expr(&c.left)?;
                let (b, bt) = self.expr(&c.comparators[0])?;
                let line = self.line(c.range);
                if at.is_native() && bt.is_native() {
                    let v = self.native_cmp(c.ops[0], a, at, b, bt, c.range)?;
                    self.brif(v, t, &[], f, &[]);
                    self.flow.reachable = false;
                    return Ok(());
                }
                let v = self.object_cmp(c.ops[0], a, at, b, bt, line);
                self.truth(v, t, f, line);
                Ok(())
            }
            _ => {
                let (v, ty) = self.expr(e)?;
                let line = self.line(e.range());
                if ty == VType::Obj {
                    self.truth(v, t, f, line);
                } else {
                    self.brif(v, t, &[], f, &[]);
                    self.flow.reachable = false;
                }
                Ok(())
            }
        }
    }

    // ---- expressions ----

    fn expr(&mut self, e: &Expr) -> Result<(Value, VType)> {
        let line = self.line(e.range());
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => {
                    let Some(v) = crate::lower::consts::parse_int(&i.to_string()) else {
                        return Err(self.src().error(n.range, "invalid integer literal"));
                    };
                    self.int_value(&v, n.range)
                }
                _ => Err(self.not_yet(n.range, "float and complex literals")),
            },
            Expr::BooleanLiteral(b) => Ok((self.iconst(i64::from(b.value)), VType::Bool)),
            Expr::NoneLiteral(_) => Ok((self.iconst(abi::NONE as i64), VType::Obj)),
            Expr::StringLiteral(s) => {
                let q = self.pb.qstr(s.value.to_str());
                Ok((self.iconst(qstr_obj(q) as i64), VType::Obj))
            }
            Expr::Name(n) => self.load_name(n),
            Expr::BinOp(b) => {
                let (l, lt) = self.expr(&b.left)?;
                let (r, rt) = self.expr(&b.right)?;
                self.binop(b.op, l, lt, r, rt, b.range, line)
            }
            Expr::UnaryOp(u) => self.unary(u, line),
            Expr::Compare(c) => self.compare(c, line),
            Expr::BoolOp(bop) => self.bool_op(bop, line),
            Expr::If(ifx) => {
                let t = self.b.create_block();
                let f = self.b.create_block();
                let done = self.b.create_block();
                let r = self.b.append_block_param(done, self.w);
                self.cond(&ifx.test, t, f)?;
                self.switch_to(t);
                let mut ty = None;
                if self.flow.reachable {
                    let (v, vt) = self.expr(&ifx.body)?;
                    ty = Some(vt);
                    self.jump(done, &[v]);
                }
                self.switch_to(f);
                if self.flow.reachable {
                    let (v, vt) = self.expr(&ifx.orelse)?;
                    let v = match ty {
                        Some(want) => self.coerce(
                            v,
                            vt,
                            want,
                            line,
                            ifx.orelse.range(),
                            "conditional expression",
                        )?,
                        None => {
                            ty = Some(vt);
                            v
                        }
                    };
                    self.jump(done, &[v]);
                }
                self.switch_to(done);
                Ok((r, ty.unwrap_or(VType::Obj)))
            }
            Expr::Subscript(sub) => {
                let (base, bt) = self.expr(&sub.value)?;
                let (idx, it) = self.expr(&sub.slice)?;
                self.load_subscr(sub, base, bt, idx, it)
            }
            Expr::Call(c) => self.call(c, line),
            Expr::Tuple(t) => self.display(entry::BUILD_TUPLE, &t.elts, line),
            Expr::List(t) => self.display(entry::BUILD_LIST, &t.elts, line),
            Expr::Attribute(a) => {
                let (o, t) = self.expr(&a.value)?;
                if t != VType::Obj {
                    return Err(type_error(
                        self.src(),
                        a.value.range(),
                        format!("a native {} has no attributes", t.name()),
                    ));
                }
                let q = self.pb.qstr(a.attr.id.as_str());
                let qv = self.iconst(qstr_obj(q) as i64);
                let r = self.rt(entry::LOAD_ATTR, &[o, qv]);
                self.check_null(r, line);
                Ok((r, VType::Obj))
            }
            other => Err(self.not_yet(other.range(), expr_kind(other))),
        }
    }

    /// A tuple or list display of boxed items.
    fn display(&mut self, build: &str, elts: &[Expr], line: usize) -> Result<(Value, VType)> {
        let mut vals = Vec::new();
        for e in elts {
            if e.is_starred_expr() {
                return Err(self.not_yet(e.range(), "'*' in displays"));
            }
            let (v, t) = self.expr(e)?;
            vals.push(self.box_value(v, t, line));
        }
        let addr = self.spill(&vals);
        let n = self.iconst(vals.len() as i64);
        let r = self.rt(build, &[addr, n]);
        self.check_null(r, line);
        Ok((r, VType::Obj))
    }

    /// `a and b` / `a or b` as a value: the deciding operand, all of one type.
    fn bool_op(&mut self, bop: &ast::ExprBoolOp, line: usize) -> Result<(Value, VType)> {
        let done = self.b.create_block();
        let r = self.b.append_block_param(done, self.w);
        let n = bop.values.len();
        let mut ty = None;
        for (k, e) in bop.values.iter().enumerate() {
            let (v, t) = self.expr(e)?;
            match ty {
                None => ty = Some(t),
                Some(want) if want != t => {
                    return Err(type_error(
                        self.src(),
                        e.range(),
                        format!(
                            "'{}' operand of 'and'/'or' where '{}' was expected",
                            t.name(),
                            want.name()
                        ),
                    ))
                }
                _ => {}
            }
            if k + 1 == n {
                self.jump(done, &[v]);
                break;
            }
            let next = self.b.create_block();
            let take = self.b.create_block();
            let (t_b, f_b) = match bop.op {
                ast::BoolOp::And => (next, take),
                ast::BoolOp::Or => (take, next),
            };
            if t == VType::Obj {
                self.truth(v, t_b, f_b, line);
            } else {
                self.brif(v, t_b, &[], f_b, &[]);
            }
            self.b.switch_to_block(take);
            self.jump(done, &[v]);
            self.switch_to(next);
            if !self.flow.reachable {
                break;
            }
        }
        self.switch_to(done);
        Ok((r, ty.unwrap_or(VType::Obj)))
    }

    fn load_subscr(
        &mut self,
        sub: &ast::ExprSubscript,
        base: Value,
        bt: VType,
        idx: Value,
        it: VType,
    ) -> Result<(Value, VType)> {
        let line = self.line(sub.range);
        if bt == VType::Obj {
            let i = self.box_value(idx, it, line);
            let r = self.rt(entry::SUBSCR, &[base, i]);
            self.check_null(r, line);
            return Ok((r, VType::Obj));
        }
        if !bt.is_ptr() {
            return Err(type_error(
                self.src(),
                sub.value.range(),
                format!("can't load from '{}'", bt.name()),
            ));
        }
        self.check_index(sub, bt, it, true)?;
        let addr = self.elem_addr(base, bt, idx);
        Ok((self.load_elem(base, addr, bt), VType::Int))
    }

    #[allow(clippy::too_many_arguments)]
    fn binop(
        &mut self,
        op: Operator,
        a: Value,
        at: VType,
        b: Value,
        bt: VType,
        range: TextRange,
        line: usize,
    ) -> Result<(Value, VType)> {
        if at == VType::Obj || bt == VType::Obj {
            // Objects: the runtime's operator on boxed operands.
            let ao = self.box_value(a, at, line);
            let bo = self.box_value(b, bt, line);
            let opv = self.iconst(binop_name(op) as i64);
            let r = self.rt(entry::BINOP, &[opv, ao, bo]);
            self.check_null(r, line);
            return Ok((r, VType::Obj));
        }
        if !(at.is_int() && bt.is_int()) {
            return Err(type_error(
                self.src(),
                range,
                format!(
                    "can't do binary op between '{}' and '{}'",
                    at.name(),
                    bt.name()
                ),
            ));
        }
        let unsigned = at == VType::Uint;
        let ins = self.b.ins();
        let v = match op {
            Operator::Add => ins.iadd(a, b),
            Operator::Sub => ins.isub(a, b),
            Operator::Mult => ins.imul(a, b),
            Operator::BitAnd => ins.band(a, b),
            Operator::BitOr => ins.bor(a, b),
            Operator::BitXor => ins.bxor(a, b),
            Operator::LShift => ins.ishl(a, b),
            Operator::RShift if unsigned => ins.ushr(a, b),
            Operator::RShift => ins.sshr(a, b),
            Operator::FloorDiv | Operator::Mod => {
                return Ok((self.divmod(op == Operator::Mod, a, b, unsigned, line), at))
            }
            _ => {
                return Err(type_error(
                    self.src(),
                    range,
                    format!(
                        "binary op {} not implemented for '{}'",
                        binop_name(op).symbol(),
                        at.name()
                    ),
                ))
            }
        };
        Ok((v, at))
    }

    /// `a // b` or `a % b` on words: floor semantics for `int`, plain for `uint`;
    /// ZeroDivisionError for a zero divisor.
    fn divmod(&mut self, modulo: bool, a: Value, b: Value, unsigned: bool, line: usize) -> Value {
        let zero = self.b.ins().icmp_imm_s(IntCC::Equal, b, 0);
        let bad = self.b.create_block();
        let ok = self.b.create_block();
        self.brif(zero, bad, &[], ok, &[]);
        self.b.switch_to_block(bad);
        // The runtime raises the standard ZeroDivisionError for 1 // 0.
        let opv = self.iconst(BinOp::FloorDiv as i64);
        let one = self.iconst(3);
        let z = self.iconst(1);
        self.raise_now(entry::BINOP, &[opv, one, z], line);
        self.switch_to(ok);
        if unsigned {
            return if modulo {
                self.b.ins().urem(a, b)
            } else {
                self.b.ins().udiv(a, b)
            };
        }
        // MIN / -1 traps in CLIF: divide by 1 instead and negate (wrapping).
        let m1 = self.b.ins().icmp_imm_s(IntCC::Equal, b, -1);
        let one = self.iconst(1);
        let d = self.b.ins().select(m1, one, b);
        let q = self.b.ins().sdiv(a, d);
        let r = self.b.ins().srem(a, d);
        let nq = self.b.ins().ineg(a);
        let q = self.b.ins().select(m1, nq, q);
        let zero_v = self.iconst(0);
        let r = self.b.ins().select(m1, zero_v, r);
        // Floor: when the remainder is non-zero and its sign differs from the divisor's.
        let rx = self.b.ins().bxor(r, b);
        let neg = self.b.ins().icmp_imm_s(IntCC::SignedLessThan, rx, 0);
        let nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
        let adj = self.b.ins().band(neg, nz);
        if modulo {
            let rb = self.b.ins().iadd(r, b);
            self.b.ins().select(adj, rb, r)
        } else {
            let q1 = self.b.ins().iadd_imm_s(q, -1);
            self.b.ins().select(adj, q1, q)
        }
    }

    fn unary(&mut self, u: &ast::ExprUnaryOp, line: usize) -> Result<(Value, VType)> {
        if u.op == UnaryOp::USub {
            if let Some(c) = self.const_of(&u.operand) {
                return self.int_value(&-c, u.range);
            }
        }
        let (v, t) = self.expr(&u.operand)?;
        if t == VType::Obj {
            if u.op == UnaryOp::Not {
                let tb = self.b.create_block();
                let fb = self.b.create_block();
                let done = self.b.create_block();
                let r = self.b.append_block_param(done, self.w);
                self.truth(v, tb, fb, line);
                for (blk, val) in [(tb, abi::FALSE), (fb, abi::TRUE)] {
                    self.switch_to(blk);
                    let c = self.iconst(val as i64);
                    self.jump(done, &[c]);
                }
                self.switch_to(done);
                return Ok((r, VType::Obj));
            }
            let op = match u.op {
                UnaryOp::USub => abi::UnOp::Neg,
                UnaryOp::UAdd => abi::UnOp::Pos,
                _ => abi::UnOp::Invert,
            };
            let opv = self.iconst(op as i64);
            let r = self.rt(entry::UNOP, &[opv, v]);
            self.check_null(r, line);
            return Ok((r, VType::Obj));
        }
        match u.op {
            UnaryOp::Not => {
                let c = self.b.ins().icmp_imm_s(IntCC::Equal, v, 0);
                Ok((self.b.ins().uextend(self.w, c), VType::Bool))
            }
            _ if !t.is_int() => Err(type_error(
                self.src(),
                u.range,
                format!("unary op not implemented for '{}'", t.name()),
            )),
            UnaryOp::USub => Ok((self.b.ins().ineg(v), t)),
            UnaryOp::UAdd => Ok((v, t)),
            UnaryOp::Invert => Ok((self.b.ins().bnot(v), t)),
        }
    }

    /// One native comparison (types already checked): an i8 condition.
    fn native_cmp(
        &mut self,
        op: CmpOp,
        a: Value,
        at: VType,
        b: Value,
        bt: VType,
        range: TextRange,
    ) -> Result<Value> {
        let ok_types = (at.is_int() && bt.is_int())
            || (at == VType::Bool && bt == VType::Bool && matches!(op, CmpOp::Eq | CmpOp::NotEq));
        let cc = cmp_cc(op, at == VType::Uint);
        match (ok_types, cc) {
            (true, Some(cc)) => Ok(self.b.ins().icmp(cc, a, b)),
            _ => Err(type_error(
                self.src(),
                range,
                format!(
                    "can't do binary op between '{}' and '{}'",
                    at.name(),
                    bt.name()
                ),
            )),
        }
    }

    /// A comparison where one side is an object: `True`/`False` (or what the runtime
    /// returns) on the boxed operands.
    fn object_cmp(
        &mut self,
        op: CmpOp,
        a: Value,
        at: VType,
        b: Value,
        bt: VType,
        line: usize,
    ) -> Value {
        let a = self.box_value(a, at, line);
        let b = self.box_value(b, bt, line);
        match op {
            CmpOp::Is | CmpOp::IsNot => {
                let cc = if op == CmpOp::Is {
                    IntCC::Equal
                } else {
                    IntCC::NotEqual
                };
                let c = self.b.ins().icmp(cc, a, b);
                let t = self.iconst(abi::TRUE as i64);
                let f = self.iconst(abi::FALSE as i64);
                self.b.ins().select(c, t, f)
            }
            _ => {
                let opv = self.iconst(cmp_binop(op) as i64);
                let r = self.rt(entry::BINOP, &[opv, a, b]);
                self.check_null(r, line);
                r
            }
        }
    }

    fn compare(&mut self, c: &ast::ExprCompare, line: usize) -> Result<(Value, VType)> {
        let done = self.b.create_block();
        let r = self.b.append_block_param(done, self.w);
        let (mut left, mut lt) = self.expr(&c.left)?;
        let n = c.ops.len();
        let mut result_ty = VType::Bool;
        for (k, (op, comp)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            let (right, rt) = self.expr(comp)?;
            let (v, vt) = if lt == VType::Obj || rt == VType::Obj {
                (self.object_cmp(*op, left, lt, right, rt, line), VType::Obj)
            } else {
                let c8 = self.native_cmp(*op, left, lt, right, rt, c.range)?;
                (self.b.ins().uextend(self.w, c8), VType::Bool)
            };
            if k == 0 {
                result_ty = vt;
            } else if vt != result_ty {
                return Err(self.not_yet(
                    c.range,
                    "chained comparisons mixing objects and native values",
                ));
            }
            if k + 1 == n {
                self.jump(done, &[v]);
            } else {
                let next = self.b.create_block();
                let stop = self.b.create_block();
                if vt == VType::Obj {
                    self.truth(v, next, stop, line);
                } else {
                    self.brif(v, next, &[], stop, &[]);
                }
                self.b.switch_to_block(stop);
                self.jump(done, &[v]);
                self.switch_to(next);
            }
            left = right;
            lt = rt;
        }
        self.switch_to(done);
        Ok((r, result_ty))
    }

    fn is_builtin(&self, name: &str) -> bool {
        !self.is_local(name)
            && !self.pb.scope.assigned.contains(name)
            && !self.pb.defs.contains_key(name)
    }

    fn call(&mut self, c: &ast::ExprCall, line: usize) -> Result<(Value, VType)> {
        if let Some(s) = c.arguments.args.iter().find(|a| a.is_starred_expr()) {
            return Err(self.not_yet(s.range(), "'*' arguments"));
        }
        if let Some(k) = c.arguments.keywords.iter().find(|k| k.arg.is_none()) {
            return Err(self.not_yet(k.range(), "'**' arguments"));
        }
        let Expr::Name(fname) = &*c.func else {
            let (callee, t) = self.expr(&c.func)?;
            if t != VType::Obj {
                return Err(type_error(
                    self.src(),
                    c.func.range(),
                    format!("can't call a native {}", t.name()),
                ));
            }
            return Ok((self.generic_call(callee, c, line)?, VType::Obj));
        };
        let name = fname.id.as_str();
        if self.is_builtin(name) {
            if let Some(to) = VType::from_name(name).filter(|t| *t != VType::Obj) {
                let [arg] = c.arguments.args.as_ref() else {
                    return Err(type_error(
                        self.src(),
                        c.range(),
                        format!("{name}() takes exactly one argument"),
                    ));
                };
                if !c.arguments.keywords.is_empty() {
                    return Err(type_error(
                        self.src(),
                        c.range(),
                        format!("{name}() takes no keyword arguments"),
                    ));
                }
                let (v, t) = self.expr(arg)?;
                return Ok((self.cast(v, t, to, line), to));
            }
            if name == "print" {
                return self.print(c, line);
            }
            self.pb.check_no_eval(name, fname.range)?;
            let q = self.pb.qstr(name);
            let qv = self.iconst(qstr_obj(q) as i64);
            let f = self.rt(entry::LOAD_BUILTIN, &[qv]);
            self.check_null(f, line);
            return Ok((self.generic_call(f, c, line)?, VType::Obj));
        }
        if self.is_local(name) {
            let (callee, t) = self.load_name(fname)?;
            if t != VType::Obj {
                return Err(type_error(
                    self.src(),
                    fname.range,
                    format!("can't call a native {}", t.name()),
                ));
            }
            return Ok((self.generic_call(callee, c, line)?, VType::Obj));
        }
        if let Some(sig) = self.sigs.get(name).cloned() {
            return self.viper_call(c, &sig, line);
        }
        let n = c.arguments.args.len();
        if let Some(def) = self.pb.defs.get(name).cloned() {
            if c.arguments.keywords.is_empty() && n >= def.nparams && !def.varargs {
                return self.direct_python_call(name, &def, c, line);
            }
        }
        // Anything else goes through the function object, like a call in Python code.
        let f = self.load_global(name, line);
        Ok((self.generic_call(f, c, line)?, VType::Obj))
    }

    /// A call of a never-rebound Python function with exactly its positional
    /// parameters: boxed arguments straight to its body.
    fn direct_python_call(
        &mut self,
        name: &str,
        def: &crate::lower::DirectDef,
        c: &ast::ExprCall,
        line: usize,
    ) -> Result<(Value, VType)> {
        self.load_global(name, line);
        let mut args = Vec::new();
        for a in c.arguments.args.iter() {
            let (v, t) = self.expr(a)?;
            args.push(self.box_value(v, t, line));
        }
        if args.len() != def.nparams {
            let q = self.pb.qstr(name);
            let qv = self.iconst(qstr_obj(q) as i64);
            let expected = self.iconst(def.nparams as i64);
            let given = self.iconst(args.len() as i64);
            self.raise_inline(entry::RAISE_ARG_COUNT, &[qv, expected, given], line);
            return Ok((self.iconst(abi::NONE as i64), VType::Obj));
        }
        let r = self.call_native(&def.symbol.clone(), &args);
        self.check_null(r, line);
        Ok((r, VType::Obj))
    }

    /// `callee(args..., name=value...)` through the runtime's generic call: boxed
    /// arguments, an object result.
    fn generic_call(&mut self, callee: Value, c: &ast::ExprCall, line: usize) -> Result<Value> {
        let mut words = Vec::new();
        for a in c.arguments.args.iter() {
            let (v, t) = self.expr(a)?;
            words.push(self.box_value(v, t, line));
        }
        for k in c.arguments.keywords.iter() {
            let Some(arg) = &k.arg else {
                return Err(self.not_yet(k.range(), "'**' arguments"));
            };
            let q = self.pb.qstr(arg.id.as_str());
            let (v, t) = self.expr(&k.value)?;
            let v = self.box_value(v, t, line);
            words.push(self.iconst(qstr_obj(q) as i64));
            words.push(v);
        }
        let addr = self.spill(&words);
        let n_pos = self.iconst(c.arguments.args.len() as i64);
        let n_kw = self.iconst(c.arguments.keywords.len() as i64);
        let r = self.rt(entry::CALL, &[callee, addr, n_pos, n_kw]);
        self.check_null(r, line);
        Ok(r)
    }

    /// A call of a viper function: through its native entry (words in registers) when
    /// every parameter is given positionally, else through its function object (which
    /// fills in defaults and keywords) with the result converted back to its type.
    fn viper_call(&mut self, c: &ast::ExprCall, sig: &Sig, line: usize) -> Result<(Value, VType)> {
        let n = c.arguments.args.len();
        if !c.arguments.keywords.is_empty() || n < sig.params.len() {
            let f = self.load_global(&sig.name, line);
            let r = self.generic_call(f, c, line)?;
            return Ok((self.unbox(r, sig.ret, line), sig.ret));
        }
        if n != sig.params.len() {
            for a in c.arguments.args.iter() {
                self.expr(a)?;
            }
            let q = self.pb.qstr(&sig.name);
            let qv = self.iconst(qstr_obj(q) as i64);
            let expected = self.iconst(sig.params.len() as i64);
            let given = self.iconst(n as i64);
            self.raise_inline(entry::RAISE_ARG_COUNT, &[qv, expected, given], line);
            return Ok((self.iconst(0), sig.ret));
        }
        let mut args = Vec::new();
        for (a, (pname, pt)) in c.arguments.args.iter().zip(sig.params.iter()) {
            let (v, t) = self.expr(a)?;
            let what = format!("argument '{pname}'");
            args.push(self.coerce(v, t, *pt, line, a.range(), &what)?);
        }
        let r = self.call_native(&sig.native_symbol, &args);
        if sig.may_raise {
            self.check_raised(line);
        }
        Ok((r, sig.ret))
    }

    /// `int(x)`, `uint(x)`, `bool(x)`, `ptrN(x)`: free between native types (a bool is
    /// normalised to 0/1), a conversion from objects.
    fn cast(&mut self, v: Value, from: VType, to: VType, line: usize) -> Value {
        if from == VType::Obj {
            return self.unbox(v, to, line);
        }
        if to == VType::Bool && from != VType::Bool {
            let c = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, 0);
            return self.b.ins().uextend(self.w, c);
        }
        v
    }

    fn spill(&mut self, vals: &[Value]) -> Value {
        let wb = self.pb.target.word_bytes();
        let align_shift = if wb == 8 { 3 } else { 2 };
        let slot = self.b.create_sized_stack_slot(StackSlotData::new(
            StackSlotKind::ExplicitSlot,
            wb * (vals.len().max(1) as u32),
            align_shift,
        ));
        let addr = self.b.ins().stack_addr(self.w, slot, 0);
        for (i, v) in vals.iter().enumerate() {
            self.b
                .ins()
                .store(MemFlagsData::trusted(), *v, addr, (i as u32 * wb) as i32);
        }
        addr
    }

    fn print(&mut self, c: &ast::ExprCall, line: usize) -> Result<(Value, VType)> {
        let mut vals = Vec::new();
        for a in c.arguments.args.iter() {
            let (v, t) = self.expr(a)?;
            vals.push(self.box_value(v, t, line));
        }
        let mut sep = None;
        let mut end = None;
        for k in c.arguments.keywords.iter() {
            let Some(arg) = &k.arg else {
                return Err(self.not_yet(k.range(), "'**' arguments"));
            };
            let (v, t) = self.expr(&k.value)?;
            let v = self.box_value(v, t, line);
            match arg.id.as_str() {
                "sep" => sep = Some(v),
                "end" => end = Some(v),
                other => return Err(self.not_yet(k.range(), &format!("print(..., {other}=)"))),
            }
        }
        let addr = self.spill(&vals);
        let n = self.iconst(vals.len() as i64);
        let sep = sep.unwrap_or_else(|| self.iconst(abi::NULL as i64));
        let end = end.unwrap_or_else(|| self.iconst(abi::NULL as i64));
        let r = self.rt(entry::PRINT, &[addr, n, sep, end]);
        self.check_null(r, line);
        Ok((r, VType::Obj))
    }
}

/// Answers "is this pointer a constant address?" over a finished function.
struct Constness<'f> {
    func: &'f ir::Function,
    cfg: ControlFlowGraph,
}

impl<'f> Constness<'f> {
    fn new(func: &'f ir::Function) -> Self {
        Constness {
            func,
            cfg: ControlFlowGraph::with_function(func),
        }
    }

    /// True when `v` is an integer constant, integer arithmetic on constants, or a block
    /// parameter every incoming value of which is one of those (a variable assigned
    /// before a loop and used inside it), looking through aliases.
    fn is_constant(&self, v: Value) -> bool {
        let mut seen = HashSet::new();
        self.constant_in(v, &mut seen)
    }

    /// The query is an AND over everything reachable from the root, so a value seen
    /// before (finished, or in progress on a loop) can answer true: if it is not
    /// constant, the root has already failed through it.
    fn constant_in(&self, v: Value, seen: &mut HashSet<Value>) -> bool {
        use ir::Opcode as O;
        const BUDGET: usize = 64;
        let dfg = &self.func.dfg;
        let v = dfg.resolve_aliases(v);
        if !seen.insert(v) {
            return true;
        }
        if seen.len() > BUDGET {
            return false;
        }
        match dfg.value_def(v) {
            ir::ValueDef::Result(inst, _) => match dfg.insts[inst].opcode() {
                O::Iconst => true,
                O::Iadd
                | O::Isub
                | O::Imul
                | O::Band
                | O::Bor
                | O::Bxor
                | O::Bnot
                | O::Ineg
                | O::Ishl
                | O::Ushr
                | O::Sshr
                | O::Uextend
                | O::Sextend
                | O::Ireduce => dfg
                    .inst_args(inst)
                    .iter()
                    .all(|&a| self.constant_in(a, seen)),
                _ => false,
            },
            ir::ValueDef::Param(block, num) => {
                if self.func.layout.entry_block() == Some(block) {
                    return false;
                }
                let mut any = false;
                for pred in self.cfg.pred_iter(block) {
                    let calls = dfg.insts[pred.inst]
                        .branch_destination(&dfg.jump_tables, &dfg.exception_tables);
                    for call in calls.iter().filter(|c| c.block(&dfg.value_lists) == block) {
                        any = true;
                        let arg = call
                            .args(&dfg.value_lists)
                            .nth(num)
                            .and_then(|a| a.as_value());
                        if !arg.is_some_and(|a| self.constant_in(a, seen)) {
                            return false;
                        }
                    }
                }
                any
            }
            _ => false,
        }
    }
}
