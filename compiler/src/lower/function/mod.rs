//! Lowering of one Python function (or a module body) to CLIF.
//!
//! Values are object words (see `upyc_abi`). Small-int `+ - * & | ^`, negation and
//! comparisons run inline with overflow checks; everything else calls the runtime.
//! A runtime call returning NULL means an exception: control goes to the function's
//! exception block, which records a traceback frame and returns NULL (D4).

use super::{ArgSource, DirectDef, ProgramBuilder, MAX_REGISTER_PARAMS};
pub(crate) use defs::{lambda_symbol, Pending, Symbols};

mod calls;
mod classes;
mod comprehensions;
mod defs;
mod exceptions;
mod float_tree;
mod floats;
mod generators;
mod imports;
mod machine_mem;
mod objects;
mod seq_index;
mod text;
use crate::diag::Result;
use crate::frontend::scope::FunctionScope;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{
    self, types, Block, FuncRef, InstBuilder, MemFlagsData, StackSlotData, StackSlotKind, Type,
    UserFuncName, Value,
};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext, Variable};
use ruff_python_ast::{self as ast, CmpOp, Expr, Operator, Stmt, UnaryOp};
use ruff_text_size::{Ranged, TextRange};
use std::collections::{HashMap, HashSet};
use target_lexicon::PointerWidth;
use upyc_abi::{self as abi, entry, qstr_obj, BinOp};

struct Lower<'p, 's, 'f> {
    pb: &'p mut ProgramBuilder<'s>,
    b: FunctionBuilder<'f>,
    w: Type,
    /// `None` for the module body.
    scope: Option<FunctionScope>,
    func_qstr: usize,
    file_qstr: usize,
    vars: HashMap<String, Variable>,
    /// The unboxed variables of the float locals (see `floats`).
    fvars: HashMap<String, Variable>,
    /// Lowering a speculative float tree (see `floats`): its arithmetic goes through
    /// [`Self::fexpr`], and a guard that fails tries small ints inline first.
    float_spec: bool,
    params: HashSet<String>,
    globals_base: Option<Value>,
    /// Blocks branched to, reachability, the exception block.
    flow: crate::lower::flow::Flow,
    /// Returns NULL without recording a frame (lazily created).
    exit_null: Option<Block>,
    /// (continue target, break target, number of enclosing `finally` frames) per loop.
    loops: Vec<(Block, Block, usize)>,
    /// Active `try` handlers, innermost last.
    handlers: Vec<exceptions::Handler>,
    /// Active `try ... finally` frames, innermost last.
    finallies: Vec<exceptions::Finally>,
    /// The exceptions being handled by enclosing `except` bodies (for bare `raise`).
    handling: Vec<generators::Held>,
    /// Variables of the comprehensions being lowered, innermost last.
    comp_scopes: Vec<HashMap<String, comprehensions::CompVar>>,
    /// Names whose variable holds a cell (captured locals and free variables).
    cells: HashSet<String>,
    /// Class bodies being lowered, innermost last.
    class_bodies: Vec<classes::ClassBody>,
    callees: HashMap<String, FuncRef>,
    /// Data symbols imported so far (one global value each, so equal addresses are
    /// equal values to the optimiser).
    data_gvs: HashMap<String, ir::GlobalValue>,
    /// The stack area call arguments are spilled to (see `spill_args`).
    args_area: Option<ir::StackSlot>,
    /// The state of the generator or coroutine being lowered (its resume function).
    gen: Option<generators::GenState>,
    /// In a module's init function: the address of the word holding the module object
    /// and the module's name, to forget the module when its body raises.
    module_init: Option<(Value, Value)>,
    /// Values that are never zero (Python objects joined from fast paths), for the
    /// mid-end's zero-test folding.
    nonzero: Vec<Value>,
}

/// Compiles the module body into `upy_main`.
pub(super) fn lower_module_body(
    pb: &mut ProgramBuilder<'_>,
    module: &ast::ModModule,
) -> Result<()> {
    let sig = pb.target.signature(0, true);
    let sym = pb.func_symbol(abi::emitted::MAIN);
    let mut func = ir::Function::with_name_signature(UserFuncName::user(0, sym), sig);
    let mut fctx = FunctionBuilderContext::new();
    let b = FunctionBuilder::new(&mut func, &mut fctx);
    let mut l = Lower::new(pb, b, None, abi::qstr::MODULE);
    l.entry_block(&[]);
    let main = l.iconst(qstr_obj(abi::qstr::MAIN) as i64);
    l.store_global("__name__", main);
    l.suite(&module.body, true)?;
    if l.flow.reachable {
        let none = l.iconst(abi::NONE as i64);
        l.b.ins().return_(&[none]);
    }
    let nonzero = l.finish();
    pb.functions.push(super::FuncDef {
        name: abi::emitted::MAIN.to_string(),
        exported: true,
        clif: func,
        nonzero,
    });
    if pb.compact {
        let empty = ast::Parameters::default();
        let body = super::compact::CompactBody::Module(&module.body);
        super::compact::compile_into(pb, abi::emitted::MAIN, "<module>", &empty, body, &[], 1);
    }
    Ok(())
}

/// Compiles an imported module's body into its init function: it returns the module
/// object, running the body only on the first call (a circular import gets the module
/// object while its body is still running). A submodule imports its package first and,
/// once its body has run, becomes an attribute of the package.
pub(super) fn lower_module_init(
    pb: &mut ProgramBuilder<'_>,
    unit: &crate::frontend::modules::Unit,
) -> Result<()> {
    let symbol = super::module_init_symbol(&unit.prefix);
    let sig = pb.target.signature(0, true);
    let sym = pb.func_symbol(&symbol);
    let mut func = ir::Function::with_name_signature(UserFuncName::user(0, sym), sig);
    let mut fctx = FunctionBuilderContext::new();
    let b = FunctionBuilder::new(&mut func, &mut fctx);
    let mut l = Lower::new(pb, b, None, abi::qstr::MODULE);
    l.entry_block(&[]);
    // Values used by the exception block are made first, so they dominate it.
    let name = l.qstr_const(&unit.name);
    let obj_gv = l.data_gv(&super::module_object_symbol(&unit.prefix));
    let obj_addr = l.b.ins().symbol_value(l.w, obj_gv);
    let existing = l.b.ins().load(l.w, MemFlagsData::trusted(), obj_addr, 0);
    let first = l.b.create_block();
    let done = l.b.create_block();
    l.module_init = Some((obj_addr, name));
    l.brif(existing, done, &[], first, &[]);
    l.b.switch_to_block(done);
    l.b.ins().return_(&[existing]);
    l.switch_to(first);
    let parent = unit
        .name
        .rsplit_once('.')
        .map(|(p, last)| (p.to_string(), last));
    let parent_init = parent
        .as_ref()
        .and_then(|(p, _)| match l.pb.modules.resolve(p) {
            Some(crate::frontend::modules::Resolved::User(i)) => {
                Some(super::module_init_symbol(&l.pb.modules.units[i].prefix))
            }
            _ => None,
        });
    if let Some(init) = &parent_init {
        l.rt_checked(init, &[], 1);
    }
    let globals = l
        .globals_base
        .unwrap_or_else(|| unreachable!("the entry block sets the globals base"));
    let names_gv = l.data_gv(&super::module_names_symbol(&unit.prefix));
    let names = l.b.ins().symbol_value(l.w, names_gv);
    let module = l.rt_checked(entry::MODULE_NEW, &[name, globals, names], 1);
    l.b.ins()
        .store(MemFlagsData::trusted(), module, obj_addr, 0);
    l.store_global("__name__", name);
    l.suite(&unit.ast.body, true)?;
    if l.flow.reachable {
        if let (Some(init), Some((_, last))) = (&parent_init, &parent) {
            let package = l.rt_checked(init, &[], 1);
            let q = l.qstr_const(last);
            let module = l.b.ins().load(l.w, MemFlagsData::trusted(), obj_addr, 0);
            l.rt_checked(entry::STORE_ATTR, &[package, q, module], 1);
        }
        let module = l.b.ins().load(l.w, MemFlagsData::trusted(), obj_addr, 0);
        l.b.ins().return_(&[module]);
    }
    let nonzero = l.finish();
    pb.functions.push(super::FuncDef {
        name: symbol,
        exported: false,
        clif: func,
        nonzero,
    });
    Ok(())
}

/// Symbol of the module-level function defined at `def`.
pub(super) fn def_symbol(pb: &ProgramBuilder<'_>, def: &ast::StmtFunctionDef) -> String {
    format!(
        "upy_fn_{}_{}_L{}",
        pb.prefix,
        def.name.id,
        pb.src.line(def.name.range)
    )
}

/// Compiles a module-level `def`.
/// Compiles any `def` (plain, native or viper) with its function-object parts.
pub(super) fn lower_any_def(
    pb: &mut ProgramBuilder<'_>,
    def: &ast::StmtFunctionDef,
    free: &[String],
) -> Result<()> {
    let emitter = super::emitter::of(pb.src, def)?;
    let first = pb.functions.len();
    let compact = pb.compact;
    if emitter != super::emitter::Emitter::Python {
        // `@native`/`@viper` force machine code (with its fast paths) in any build.
        pb.compact = false;
    }
    let r = lower_any_def_parts(pb, def, free, emitter);
    pb.compact = compact;
    r?;
    if emitter != super::emitter::Emitter::Python {
        for f in &pb.functions[first..] {
            pb.native_forced.insert(f.name.clone());
        }
    }
    Ok(())
}

/// [`lower_any_def`] for one emitter.
fn lower_any_def_parts(
    pb: &mut ProgramBuilder<'_>,
    def: &ast::StmtFunctionDef,
    free: &[String],
    emitter: super::emitter::Emitter,
) -> Result<()> {
    match emitter {
        super::emitter::Emitter::Viper => super::viper::lower_viper_def(pb, def, free)?,
        _ => lower_def(pb, def, free)?,
    }
    let syms = defs::Symbols::of(&def_symbol(pb, def));
    defs::emit_function_object_parts(
        pb,
        &def.name.id,
        &defs::Shape::of(pb.src, &def.parameters)?,
        &syms,
        !free.is_empty(),
    )
}

/// Compiles a `lambda` (its body returns the expression) with its function-object parts.
pub(super) fn lower_lambda(
    pb: &mut ProgramBuilder<'_>,
    l: &ast::ExprLambda,
    symbol: &str,
    free: &[String],
) -> Result<()> {
    let empty = ast::Parameters::default();
    let params = l.parameters.as_deref().unwrap_or(&empty);
    let line = pb.src.line(l.range);
    lower_body(
        pb,
        symbol,
        "<lambda>",
        params,
        Body::Expr(&l.body),
        free,
        line,
    )?;
    let syms = defs::Symbols::of(symbol);
    defs::emit_function_object_parts(
        pb,
        "<lambda>",
        &defs::Shape::of(pb.src, params)?,
        &syms,
        !free.is_empty(),
    )
}

/// Compiles a generator expression's creator and resume function.
pub(super) fn lower_genexp(
    pb: &mut ProgramBuilder<'_>,
    g: &ast::ExprGenerator,
    symbol: &str,
    free: &[String],
) -> Result<()> {
    generators::lower_genexp(pb, g, symbol, free)
}

/// What a function body is.
#[derive(Clone, Copy)]
enum Body<'a> {
    Stmts(&'a [Stmt]),
    Expr(&'a Expr),
}

/// Compiles a `def`'s body into its direct entry.
fn lower_def(
    pb: &mut ProgramBuilder<'_>,
    def: &ast::StmtFunctionDef,
    free: &[String],
) -> Result<()> {
    check_def_supported(pb.src, def)?;
    let symbol = def_symbol(pb, def);
    let line = pb.src.line(def.name.range);
    if let Some(kind) = generators::def_kind(pb.src, def)? {
        return generators::lower_generator(
            pb,
            &symbol,
            &def.name.id,
            &def.parameters,
            generators::GenBody::Stmts(&def.body),
            free,
            line,
            kind,
        );
    }
    lower_body(
        pb,
        &symbol,
        &def.name.id,
        &def.parameters,
        Body::Stmts(&def.body),
        free,
        line,
    )
}

/// Compiles a function body taking its argument slots (as words, or a pointer to them
/// beyond [`MAX_REGISTER_PARAMS`]) into `symbol`.
fn lower_body(
    pb: &mut ProgramBuilder<'_>,
    symbol: &str,
    name: &str,
    params: &ast::Parameters,
    body: Body<'_>,
    free: &[String],
    line: usize,
) -> Result<()> {
    let (stmts, expr): (&[Stmt], Option<&Expr>) = match body {
        Body::Stmts(s) => (s, None),
        Body::Expr(e) => (&[], Some(e)),
    };
    let scope = FunctionScope::of_parts(params, stmts);
    let cells = crate::frontend::scope::cell_names(params, stmts, expr);
    let nparams = scope.params.len();
    let closure = !free.is_empty();
    let words = if body_uses_pointer(nparams, closure) {
        1
    } else {
        nparams
    };
    let sig = pb.target.signature(words + usize::from(closure), true);
    let sym = pb.func_symbol(symbol);
    let name_q = pb.qstr(name);
    let mut func = ir::Function::with_name_signature(UserFuncName::user(0, sym), sig);
    let mut fctx = FunctionBuilderContext::new();
    let b = FunctionBuilder::new(&mut func, &mut fctx);
    let mut l = Lower::new(pb, b, Some(scope), name_q);
    let param_names: Vec<String> = l
        .scope
        .as_ref()
        .map(|s| s.params.clone())
        .unwrap_or_default();
    l.entry_block_with(&param_names, free, &cells, line);
    l.stack_check();
    if let Body::Stmts(s) = body {
        l.declare_float_locals(s);
    }
    match body {
        Body::Stmts(s) => l.suite(s, false)?,
        Body::Expr(e) => {
            let v = l.expr(e)?;
            l.exit_return(v);
        }
    }
    if l.flow.reachable {
        let none = l.iconst(abi::NONE as i64);
        l.b.ins().return_(&[none]);
    }
    let nonzero = l.finish();
    pb.functions.push(super::FuncDef {
        name: symbol.to_string(),
        exported: false,
        clif: func,
        nonzero,
    });
    if pb.compact {
        compact_body(pb, symbol, name, params, body, free, line);
    }
    Ok(())
}

/// Compiles a body of a bytecode module to compact bytecode too, when every construct
/// in it is covered (see `lower::compact`); otherwise it stays register bytecode made
/// from its CLIF.
fn compact_body(
    pb: &mut ProgramBuilder<'_>,
    symbol: &str,
    name: &str,
    params: &ast::Parameters,
    body: Body<'_>,
    free: &[String],
    line: usize,
) {
    let body = match body {
        Body::Stmts(s) => super::compact::CompactBody::Stmts(s),
        Body::Expr(e) => super::compact::CompactBody::Expr(e),
    };
    super::compact::compile_into(pb, symbol, name, params, body, free, line);
}

fn check_def_supported(
    src: &crate::frontend::SourceFile,
    def: &ast::StmtFunctionDef,
) -> Result<()> {
    super::emitter::of(src, def)?;
    if let Some(t) = &def.type_params {
        return Err(src.error(t.range(), "type parameters are not supported"));
    }
    Ok(())
}

fn binop_of(src: &crate::frontend::SourceFile, op: Operator, range: TextRange) -> Result<BinOp> {
    binop_number(op).ok_or_else(|| src.error(range, "the '@' operator is not supported yet"))
}

/// The runtime's operator for a Python binary operator (`None` for `@`).
pub(super) fn binop_number(op: Operator) -> Option<BinOp> {
    Some(match op {
        Operator::Add => BinOp::Add,
        Operator::Sub => BinOp::Sub,
        Operator::Mult => BinOp::Mul,
        Operator::FloorDiv => BinOp::FloorDiv,
        Operator::Mod => BinOp::Mod,
        Operator::Pow => BinOp::Pow,
        Operator::LShift => BinOp::LShift,
        Operator::RShift => BinOp::RShift,
        Operator::BitAnd => BinOp::BitAnd,
        Operator::BitOr => BinOp::BitOr,
        Operator::BitXor => BinOp::BitXor,
        Operator::Div => BinOp::TrueDiv,
        Operator::MatMult => return None,
    })
}

fn stmt_kind(s: &Stmt) -> &'static str {
    match s {
        Stmt::ClassDef(_) => "class definitions",
        Stmt::Delete(_) => "'del'",
        Stmt::TypeAlias(_) => "type aliases",
        Stmt::With(_) => "'with' statements",
        Stmt::Match(_) => "'match' statements",
        Stmt::Raise(_) => "'raise'",
        Stmt::Try(_) => "'try' statements",
        Stmt::Assert(_) => "'assert'",
        Stmt::Import(_) | Stmt::ImportFrom(_) => "imports",
        Stmt::Nonlocal(_) => "'nonlocal' statements",
        _ => "this statement",
    }
}

fn expr_kind(e: &Expr) -> &'static str {
    match e {
        Expr::Named(_) => "assignment expressions (':=')",
        Expr::Lambda(_) => "lambda expressions",
        Expr::ListComp(_) => "list comprehensions",
        Expr::SetComp(_) => "set comprehensions",
        Expr::DictComp(_) => "dict comprehensions",
        Expr::Generator(_) => "generator expressions",
        Expr::Await(_) => "'await' expressions",
        Expr::Yield(_) | Expr::YieldFrom(_) => "'yield' expressions",
        Expr::TString(_) => "template strings",
        Expr::BytesLiteral(_) => "bytes literals",
        Expr::Starred(_) => "starred expressions here",
        Expr::Slice(_) => "slices outside subscripts",
        Expr::List(_) => "lists",
        Expr::Tuple(_) => "tuples",
        Expr::Attribute(_) => "attributes",
        Expr::Subscript(_) => "subscripts",
        Expr::Call(_) => "calls",
        _ => "this expression",
    }
}

impl<'p, 's, 'f> Lower<'p, 's, 'f> {
    fn new(
        pb: &'p mut ProgramBuilder<'s>,
        b: FunctionBuilder<'f>,
        scope: Option<FunctionScope>,
        func_qstr: usize,
    ) -> Self {
        let w = pb.target.word();
        let file = pb.src.path.clone();
        let file_qstr = pb.qstr(&file);
        Lower {
            pb,
            b,
            w,
            scope,
            func_qstr,
            file_qstr,
            vars: HashMap::new(),
            fvars: HashMap::new(),
            float_spec: false,
            params: HashSet::new(),
            globals_base: None,
            flow: crate::lower::flow::Flow::new(),
            exit_null: None,
            nonzero: Vec::new(),
            loops: Vec::new(),
            handlers: Vec::new(),
            finallies: Vec::new(),
            handling: Vec::new(),
            comp_scopes: Vec::new(),
            cells: HashSet::new(),
            class_bodies: Vec::new(),
            callees: HashMap::new(),
            data_gvs: HashMap::new(),
            args_area: None,
            gen: None,
            module_init: None,
        }
    }

    fn src(&self) -> &'s crate::frontend::SourceFile {
        self.pb.src
    }

    fn line(&self, range: TextRange) -> usize {
        self.pb.src.line(range)
    }

    fn iconst(&mut self, v: i64) -> Value {
        self.b.ins().iconst(self.w, v)
    }

    fn small_int(&self, n: i128) -> Option<i64> {
        let (min, max) = abi::small_int_range(self.pb.target.word_bits);
        (n >= min && n <= max).then_some(((n << 1) | 1) as i64)
    }

    /// Creates the entry block, binds parameters and sets up locals.
    fn entry_block(&mut self, params: &[String]) {
        self.entry_block_with(params, &[], &std::collections::BTreeSet::new(), 0);
    }

    /// Creates the entry block: binds parameters (after the closure tuple when `free` is
    /// non-empty), fetches the cells of the free variables, and puts the captured
    /// locals (`cells`) into new cells.
    fn entry_block_with(
        &mut self,
        params: &[String],
        free: &[String],
        cells: &std::collections::BTreeSet<String>,
        line: usize,
    ) {
        let entry = self.b.create_block();
        self.b.append_block_params_for_function_params(entry);
        self.b.switch_to_block(entry);
        self.b.seal_block(entry);
        let mut args: Vec<Value> = self.b.block_params(entry).to_vec();
        let closure = (!free.is_empty()).then(|| args.remove(0));
        let args = if !body_uses_pointer(params.len(), closure.is_some()) {
            args
        } else {
            let base = args[0];
            let wb = self.pb.target.word_bytes() as i32;
            (0..params.len())
                .map(|i| {
                    self.b
                        .ins()
                        .load(self.w, MemFlagsData::trusted(), base, i as i32 * wb)
                })
                .collect()
        };
        self.bind_entry(params, &args, closure, free, cells, line);
    }

    /// Binds the parameters to `args` (one value each), fetches the cells of the free
    /// variables from `closure`, and puts the captured locals (`cells`) into new cells.
    fn bind_entry(
        &mut self,
        params: &[String],
        args: &[Value],
        closure: Option<Value>,
        free: &[String],
        cells: &std::collections::BTreeSet<String>,
        line: usize,
    ) {
        let locals: Vec<String> = self
            .scope
            .as_ref()
            .map(|s| s.locals.clone())
            .unwrap_or_default();
        let wb = self.pb.target.word_bytes() as i32;
        for (name, &v) in params.iter().zip(args) {
            let var = self.b.declare_var(self.w);
            self.b.def_var(var, v);
            self.vars.insert(name.clone(), var);
        }
        self.params = params.iter().cloned().collect();
        let zero = self.iconst(0);
        for name in locals {
            let var = self.b.declare_var(self.w);
            self.b.def_var(var, zero);
            self.vars.insert(name, var);
        }
        if self.globals_base.is_none() {
            let gv = self.globals_base_gv();
            self.globals_base = Some(self.b.ins().symbol_value(self.w, gv));
        }
        if let Some(closure) = closure {
            for (i, name) in free.iter().enumerate() {
                let off = (abi::layout::TUPLE_ITEMS + i) as i32 * wb;
                let cell = self
                    .b
                    .ins()
                    .load(self.w, MemFlagsData::trusted(), closure, off);
                let var = self.b.declare_var(self.w);
                self.b.def_var(var, cell);
                self.vars.insert(name.clone(), var);
                self.cells.insert(name.clone());
            }
        }
        for name in cells {
            let Some(&var) = self.vars.get(name) else {
                continue;
            };
            let v = self.b.use_var(var);
            let cell = self.rt_checked(entry::MAKE_CELL, &[v], line);
            self.b.def_var(var, cell);
            self.cells.insert(name.clone());
        }
    }

    /// Raises RuntimeError when the stack pointer is below the runtime's limit.
    fn stack_check(&mut self) {
        let sp = self.b.ins().get_stack_pointer(self.w);
        let gv = self.data_gv(entry::STACK_LIMIT);
        let addr = self.b.ins().symbol_value(self.w, gv);
        let limit = self.b.ins().load(self.w, MemFlagsData::trusted(), addr, 0);
        let low = self.b.ins().icmp(IntCC::UnsignedLessThan, sp, limit);
        let overflow = self.b.create_block();
        let ok = self.b.create_block();
        self.brif(low, overflow, &[], ok, &[]);
        self.b.switch_to_block(overflow);
        self.rt(entry::RAISE_RECURSION, &[], true);
        let null = self.iconst(0);
        self.b.ins().return_(&[null]);
        self.switch_to(ok);
    }

    /// The address of the module's global slots.
    fn globals_base_gv(&mut self) -> ir::GlobalValue {
        let symbol = self.pb.globals_symbol.clone();
        self.data_gv(&symbol)
    }

    fn data_gv(&mut self, symbol: &str) -> ir::GlobalValue {
        if let Some(&gv) = self.data_gvs.get(symbol) {
            return gv;
        }
        let gv = crate::lower::flow::import_data(self.pb, &mut self.b, symbol);
        self.data_gvs.insert(symbol.to_string(), gv);
        gv
    }

    fn callee(&mut self, symbol: &str, nparams: usize, returns: bool) -> FuncRef {
        if let Some(&f) = self.callees.get(symbol) {
            return f;
        }
        let f = crate::lower::flow::import_func(self.pb, &mut self.b, symbol, nparams, returns);
        self.callees.insert(symbol.to_string(), f);
        f
    }

    /// Calls a runtime entry point; returns its result word if it has one.
    fn rt(&mut self, symbol: &str, args: &[Value], returns: bool) -> Option<Value> {
        let f = self.callee(symbol, args.len(), returns);
        let call = self.b.ins().call(f, args);
        self.b.inst_results(call).first().copied()
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

    fn exc_block(&mut self) -> Block {
        self.flow.exc_block(&mut self.b, self.w)
    }

    /// Branches to the exception block (with `line`) when `v` is NULL.
    fn check(&mut self, v: Value, line: usize) {
        let exc = self.landing();
        let ok = self.b.create_block();
        let l = self.iconst(line as i64);
        self.brif(v, ok, &[], exc, &[l]);
        self.switch_to(ok);
    }

    /// Calls a raising entry point and goes to the exception block; code after it is dead
    /// but stays well-formed (the mid-end removes it).
    fn raise_now(&mut self, symbol: &str, args: &[Value], line: usize) -> Value {
        let raise = self.b.create_block();
        let dead = self.b.create_block();
        let one = self.iconst(1);
        self.brif(one, raise, &[], dead, &[]);
        self.b.switch_to_block(raise);
        self.rt(symbol, args, true);
        let exc = self.landing();
        let l = self.iconst(line as i64);
        self.jump(exc, &[l]);
        self.switch_to(dead);
        self.iconst(abi::NONE as i64)
    }

    /// In a module's init function, on the way out with an exception: the module is
    /// removed from `sys.modules` and the next import runs its body again (as CPython).
    fn forget_failed_module(&mut self) {
        if let Some((addr, name)) = self.module_init {
            let zero = self.iconst(0);
            self.b.ins().store(MemFlagsData::trusted(), zero, addr, 0);
            self.rt(entry::MODULE_FAILED, &[name], false);
        }
    }

    /// True for an int expression of int literals and `const()` names only (see
    /// [`super::consts::is_int_constant`]).
    fn int_constant(&self, e: &Expr) -> bool {
        super::consts::is_int_constant(e, &self.pb.consts, &|n| self.is_local(n))
    }

    /// Emits the exception block, seals and finalises the function; returns the values
    /// known never to be zero.
    fn finish(mut self) -> Vec<Value> {
        if let Some(exc) = self.flow.exc() {
            self.b.switch_to_block(exc);
            let line = self.b.block_params(exc)[0];
            self.record_frame(line);
            self.forget_failed_module();
            let null = self.iconst(0);
            self.b.ins().return_(&[null]);
        }
        if let Some(exit) = self.exit_null {
            if self.flow.is_targeted(exit) {
                self.b.switch_to_block(exit);
                self.forget_failed_module();
                let null = self.iconst(0);
                self.b.ins().return_(&[null]);
            }
        }
        self.b.seal_all_blocks();
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
        self.nonzero
    }

    // ---- names ----

    fn is_local(&self, name: &str) -> bool {
        self.comp_var(name).is_some() || self.scope.as_ref().is_some_and(|s| s.is_local(name))
    }

    /// The variable of comprehension target `name`, innermost comprehension first.
    fn comp_var(&self, name: &str) -> Option<comprehensions::CompVar> {
        self.comp_scopes
            .iter()
            .rev()
            .find_map(|m| m.get(name).copied())
    }

    /// The variable holding the cell of `name` when a nested function can capture it: a
    /// captured comprehension target, or a captured local or free variable.
    fn cell_var(&self, name: &str) -> Option<Variable> {
        if let Some(c) = self.comp_var(name) {
            return c.is_cell.then_some(c.var);
        }
        if self.cells.contains(name) {
            return self.vars.get(name).copied();
        }
        None
    }

    fn global_addr_offset(&mut self, name: &str) -> (Value, i32) {
        let slot = self.pb.global_slot(name);
        let base = self
            .globals_base
            .unwrap_or_else(|| unreachable!("globals base is set in the entry block"));
        (base, (slot as u32 * self.pb.target.word_bytes()) as i32)
    }

    fn store_global(&mut self, name: &str, v: Value) {
        let (base, off) = self.global_addr_offset(name);
        self.b.ins().store(MemFlagsData::trusted(), v, base, off);
    }

    fn store_name(&mut self, name: &str, v: Value) {
        if let Some(c) = self.comp_var(name) {
            if c.is_cell {
                let cell = self.b.use_var(c.var);
                let off = (abi::layout::CELL_VALUE as u32 * self.pb.target.word_bytes()) as i32;
                self.b.ins().store(MemFlagsData::trusted(), v, cell, off);
            } else {
                self.b.def_var(c.var, v);
            }
            return;
        }
        if let Some(ns) = self.class_ns(name) {
            self.store_class_name(ns, name, v);
            return;
        }
        if self.cells.contains(name) {
            if let Some(&var) = self.vars.get(name) {
                let cell = self.b.use_var(var);
                let off = (abi::layout::CELL_VALUE as u32 * self.pb.target.word_bytes()) as i32;
                self.b.ins().store(MemFlagsData::trusted(), v, cell, off);
                return;
            }
        }
        if self.is_local(name) {
            if let Some(&var) = self.vars.get(name) {
                self.b.def_var(var, v);
                return;
            }
        }
        self.store_global(name, v);
    }

    /// Branches to a raising block when `v` is NULL.
    fn null_check(&mut self, v: Value, symbol: &str, arg: Value, line: usize) {
        let bad = self.b.create_block();
        let ok = self.b.create_block();
        self.brif(v, ok, &[], bad, &[]);
        self.b.switch_to_block(bad);
        self.rt(symbol, &[arg], true);
        let exc = self.landing();
        let l = self.iconst(line as i64);
        self.jump(exc, &[l]);
        self.switch_to(ok);
    }

    fn load_name(&mut self, name: &str, range: TextRange) -> Result<Value> {
        let line = self.line(range);
        if let Some(c) = self.comp_var(name) {
            let v = self.b.use_var(c.var);
            if !c.is_cell {
                return Ok(v);
            }
            let off = (abi::layout::CELL_VALUE as u32 * self.pb.target.word_bytes()) as i32;
            return Ok(self.b.ins().load(self.w, MemFlagsData::trusted(), v, off));
        }
        if let Some(ns) = self.class_ns(name) {
            return self.load_class_name(ns, name, range);
        }
        if self.cells.contains(name) {
            if let Some(&var) = self.vars.get(name) {
                let cell = self.b.use_var(var);
                let off = (abi::layout::CELL_VALUE as u32 * self.pb.target.word_bytes()) as i32;
                let v = self
                    .b
                    .ins()
                    .load(self.w, MemFlagsData::trusted(), cell, off);
                let no_name = self.iconst(0);
                self.null_check(v, entry::RAISE_UNBOUND_LOCAL, no_name, line);
                return Ok(v);
            }
        }
        if self.is_local(name) {
            if let Some(&var) = self.vars.get(name) {
                let v = self.b.use_var(var);
                if !self.params.contains(name) {
                    let no_name = self.iconst(0);
                    self.null_check(v, entry::RAISE_UNBOUND_LOCAL, no_name, line);
                }
                if self.fvars.contains_key(name) {
                    return Ok(self.float_local_object(name, v, line));
                }
                return Ok(v);
            }
        }
        self.pb.check_no_eval(name, range)?;
        Ok(self.load_global(name, line))
    }

    /// Loads module global `name`; when it is unbound, the builtin of that name (or
    /// NameError), as Python looks names up.
    fn load_global(&mut self, name: &str, line: usize) -> Value {
        let (base, off) = self.global_addr_offset(name);
        let v = self
            .b
            .ins()
            .load(self.w, MemFlagsData::trusted(), base, off);
        let q = self.qstr_const(name);
        self.fast_path(
            v,
            |l, _, done| l.jump(done, &[v]),
            |l| {
                let lookup = |l: &mut Self| l.rt_checked(entry::LOAD_BUILTIN, &[q], line);
                if l.pb.compact {
                    return lookup(l);
                }
                // Native code looks the builtin up once (there is no `builtins` module
                // to rebind it in; a global of that name is tested first above).
                l.cached_object(&format!("builtin:{name}"), lookup)
            },
        )
    }

    // ---- statements ----

    fn suite(&mut self, body: &[Stmt], module_level: bool) -> Result<()> {
        for stmt in body {
            if !self.flow.reachable {
                break;
            }
            self.stmt(stmt, module_level)?;
        }
        Ok(())
    }

    fn stmt(&mut self, stmt: &Stmt, top: bool) -> Result<()> {
        match stmt {
            Stmt::Expr(s) => {
                self.expr(&s.value)?;
            }
            Stmt::Pass(_) | Stmt::Global(_) | Stmt::Nonlocal(_) => {}
            Stmt::Import(_) | Stmt::ImportFrom(_) => {
                if !super::emitter::is_compile_time_import(stmt) {
                    self.import_stmt(stmt)?;
                }
            }
            Stmt::Assign(s) if super::consts::is_const_call(&s.value).is_some() => {
                let [Expr::Name(n)] = s.targets.as_slice() else {
                    return Err(self
                        .src()
                        .error(s.range, "const() must be assigned to a single name"));
                };
                // Module-level constants were folded up front; `_NAME` is not a module attribute.
                if self.scope.is_some() || !n.id.starts_with('_') {
                    let v = self.expr(&s.value)?;
                    self.store_name(&n.id, v);
                }
            }
            Stmt::Assign(s) => match s.targets.as_slice() {
                [Expr::Subscript(sub)] if self.mem_view(&sub.value).is_some() => {
                    let size = self.mem_view(&sub.value).unwrap_or(4);
                    self.mem_store(size, sub, &s.value)?
                }
                _ => self.assign(&s.targets, &s.value)?,
            },
            Stmt::AnnAssign(s) => match &s.value {
                Some(v) => self.assign(std::slice::from_ref(&*s.target), v)?,
                None => {
                    if !matches!(&*s.target, Expr::Name(_)) {
                        return Err(self
                            .src()
                            .error(s.target.range(), "only simple names can be annotated"));
                    }
                }
            },
            Stmt::AugAssign(s) => self.aug_assign(s)?,
            Stmt::Delete(d) => {
                for t in &d.targets {
                    self.delete(t)?;
                }
            }
            Stmt::If(s) => self.if_stmt(s)?,
            Stmt::Try(t) => self.try_stmt(t)?,
            Stmt::With(w) => self.with_stmt(w)?,
            Stmt::Raise(r) => self.raise_stmt(r)?,
            Stmt::Assert(a) => self.assert_stmt(a)?,
            Stmt::While(s) => self.while_stmt(s)?,
            Stmt::For(s) => self.for_stmt(s)?,
            Stmt::Break(s) => match self.loops.last().copied() {
                Some((_, brk, depth)) => self.exit_to(brk, depth),
                None => return Err(self.src().error(s.range, "'break' outside loop")),
            },
            Stmt::Continue(s) => match self.loops.last().copied() {
                Some((cont, _, depth)) => self.exit_to(cont, depth),
                None => return Err(self.src().error(s.range, "'continue' not properly in loop")),
            },
            Stmt::Return(s) => {
                if self.scope.is_none() || !self.class_bodies.is_empty() {
                    return Err(self.src().error(s.range, "'return' outside function"));
                }
                let v = match &s.value {
                    Some(v) => self.expr(v)?,
                    None => self.iconst(abi::NONE as i64),
                };
                self.exit_return(v);
            }
            Stmt::FunctionDef(def) => self.def_stmt(def, top && self.class_bodies.is_empty())?,
            Stmt::ClassDef(c) => self.class_stmt(c)?,
            other => {
                return Err(self.src().error(
                    other.range(),
                    format!("{} are not supported yet", stmt_kind(other)),
                ));
            }
        }
        Ok(())
    }

    fn assign(&mut self, targets: &[Expr], value: &Expr) -> Result<()> {
        let float_target = |l: &Self, t: &Expr| match t {
            Expr::Name(n) => l.float_var(&n.id).is_some(),
            _ => false,
        };
        if let [Expr::Name(n)] = targets {
            if float_target(self, &targets[0]) {
                let v = self.fexpr(value)?;
                self.store_fval(&n.id, v);
                return Ok(());
            }
        }
        // `a, b = x, y` with plain targets and the same length: no tuple is built.
        if let ([Expr::Tuple(lhs)], Expr::Tuple(rhs)) = (targets, value) {
            let plain = |elts: &[Expr]| elts.iter().all(|e| !e.is_starred_expr());
            if lhs.elts.len() == rhs.elts.len()
                && plain(&lhs.elts)
                && plain(&rhs.elts)
                && lhs.elts.iter().any(|t| float_target(self, t))
            {
                // Float locals take unboxed values (no generator here: nothing to hold).
                let mut vals = Vec::new();
                for (t, e) in lhs.elts.iter().zip(&rhs.elts) {
                    vals.push(if float_target(self, t) {
                        self.fexpr(e)?
                    } else {
                        floats::FVal::Obj(self.expr(e)?)
                    });
                }
                for (t, v) in lhs.elts.iter().zip(vals) {
                    match (t, v) {
                        (Expr::Name(n), v) if float_target(self, t) => self.store_fval(&n.id, v),
                        (t, v) => {
                            let line = self.line(t.range());
                            let o = self.box_fval(v, line);
                            self.assign_target(t, o)?;
                        }
                    }
                }
                return Ok(());
            }
            if lhs.elts.len() == rhs.elts.len() && plain(&lhs.elts) && plain(&rhs.elts) {
                let mut held = Vec::new();
                for e in &rhs.elts {
                    let v = self.expr(e)?;
                    held.push(self.hold(v));
                }
                let vals: Vec<Value> = held.into_iter().map(|h| self.release(h)).collect();
                for (t, v) in lhs.elts.iter().zip(vals) {
                    self.assign_target(t, v)?;
                }
                return Ok(());
            }
        }
        let v = self.expr(value)?;
        let v = self.hold(v);
        for t in targets {
            let v = self.release(v);
            self.assign_target(t, v)?;
        }
        Ok(())
    }

    fn if_stmt(&mut self, s: &ast::StmtIf) -> Result<()> {
        let after = self.b.create_block();
        let mut then_b = self.b.create_block();
        let mut else_b = self.b.create_block();
        self.cond(&s.test, then_b, else_b)?;
        self.switch_to(then_b);
        self.suite(&s.body, false)?;
        if self.flow.reachable {
            self.jump(after, &[]);
        }
        for clause in &s.elif_else_clauses {
            self.switch_to(else_b);
            match &clause.test {
                Some(test) => {
                    if self.flow.reachable {
                        then_b = self.b.create_block();
                        else_b = self.b.create_block();
                        self.cond(test, then_b, else_b)?;
                        self.switch_to(then_b);
                        self.suite(&clause.body, false)?;
                        if self.flow.reachable {
                            self.jump(after, &[]);
                        }
                    }
                }
                None => {
                    self.suite(&clause.body, false)?;
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
        self.loop_rest(&s.body, &s.orelse, header, orelse, after)
    }

    fn for_stmt(&mut self, s: &ast::StmtFor) -> Result<()> {
        if s.is_async {
            return self.async_for(s);
        }
        if self.gen.is_some() {
            // Values of the native range loop would live across yields: iterate.
            return self.for_iter(s);
        }
        // `for NAME in range(1 to 3 positional args)` counts natively; the rest iterates.
        let range_args = match (&*s.target, &*s.iter) {
            (Expr::Name(_), Expr::Call(c))
                if self.is_builtin_call(&c.func, "range")
                    && c.arguments.keywords.is_empty()
                    && (1..=3).contains(&c.arguments.args.len())
                    && !c.arguments.args.iter().any(|a| a.is_starred_expr()) =>
            {
                &c.arguments.args
            }
            _ => return self.for_iter(s),
        };
        let Expr::Name(target) = &*s.target else {
            return self.for_iter(s);
        };
        let line = self.line(s.iter.range());
        let mut vals = Vec::new();
        for a in range_args.iter() {
            vals.push(self.expr(a)?);
        }
        let (start, stop, step) = match vals.as_slice() {
            [stop] => (self.iconst(1), *stop, self.iconst(3)),
            [start, stop] => (*start, *stop, self.iconst(3)),
            [start, stop, step] => (*start, *stop, *step),
            _ => unreachable!("range arity checked above"),
        };
        // Direction, decided once: step > 0 (at compile time for a small-int constant).
        let const_step = self.const_word(step).filter(|w| w & 1 == 1);
        if const_step.is_some_and(|w| w != 1) && !self.pb.compact {
            // A non-zero constant step: small-int bounds need no check.
            let checked = self.b.create_block();
            let check = self.b.create_block();
            let tag = self.both_small(start, stop);
            self.brif(tag, checked, &[], check, &[]);
            self.b.switch_to_block(check);
            let ok = self
                .rt(entry::RANGE_CHECK, &[start, stop, step], true)
                .unwrap_or(start);
            self.check(ok, line);
            self.jump(checked, &[]);
            self.switch_to(checked);
        } else {
            let ok = self
                .rt(entry::RANGE_CHECK, &[start, stop, step], true)
                .unwrap_or(start);
            self.check(ok, line);
        }
        // `range(True, ...)` counts from 1: anything that is not a small int goes through `+x`.
        let start = self.small_or(start, |l, v| l.generic_unop(abi::UnOp::Pos, v, line));
        let pos = if let Some(w) = const_step {
            self.b.ins().iconst(types::I8, i64::from(w > 1))
        } else {
            let small = self.b.create_block();
            let big = self.b.create_block();
            let done = self.b.create_block();
            let p = self.b.append_block_param(done, types::I8);
            let tag = self.b.ins().band_imm_s(step, 1);
            self.brif(tag, small, &[], big, &[]);
            self.b.switch_to_block(small);
            let v = self.b.ins().icmp_imm_s(IntCC::SignedGreaterThan, step, 1);
            self.jump(done, &[v]);
            self.b.switch_to_block(big);
            let zero = self.iconst(1);
            let r = self.generic_binop(BinOp::Gt, step, zero, line);
            let v = self.b.ins().icmp_imm_s(IntCC::Equal, r, abi::TRUE as i64);
            self.jump(done, &[v]);
            self.switch_to(done);
            p
        };
        let header = self.b.create_block();
        let i = self.b.append_block_param(header, self.w);
        let body = self.b.create_block();
        let latch = self.b.create_block();
        let orelse = self.b.create_block();
        let after = self.b.create_block();
        self.jump(header, &[start]);
        self.switch_to(header);
        // Small ints compare inline; big ints (or a big bound) through the runtime.
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let tag = self.both_small(i, stop);
        self.brif(tag, fast, &[], slow, &[]);
        self.b.switch_to_block(fast);
        let go = match const_step {
            Some(w) if w > 1 => self.b.ins().icmp(IntCC::SignedLessThan, i, stop),
            Some(_) => self.b.ins().icmp(IntCC::SignedGreaterThan, i, stop),
            None => {
                let lt = self.b.ins().icmp(IntCC::SignedLessThan, i, stop);
                let gt = self.b.ins().icmp(IntCC::SignedGreaterThan, i, stop);
                self.b.ins().select(pos, lt, gt)
            }
        };
        self.brif(go, body, &[], orelse, &[]);
        self.b.switch_to_block(slow);
        let lt_op = self.iconst(BinOp::Lt as i64);
        let gt_op = self.iconst(BinOp::Gt as i64);
        let op = self.b.ins().select(pos, lt_op, gt_op);
        let r = self.rt(entry::BINOP, &[op, i, stop], true).unwrap_or(i);
        self.check(r, line);
        self.truth(r, body, orelse, line);
        self.switch_to(body);
        self.store_name(&target.id, i);
        self.loops.push((latch, after, self.finallies.len()));
        self.suite(&s.body, false)?;
        self.loops.pop();
        if self.flow.reachable {
            self.jump(latch, &[]);
        }
        self.switch_to(latch);
        if self.flow.reachable {
            let next = self.binop(BinOp::Add, i, step, line);
            self.jump(header, &[next]);
        }
        self.switch_to(orelse);
        self.suite(&s.orelse, false)?;
        if self.flow.reachable {
            self.jump(after, &[]);
        }
        self.switch_to(after);
        Ok(())
    }

    /// The shape of every inline fast path: when `tag` is non-zero, `fast` runs and must
    /// end by jumping to `done` (with the result) or to `slow`; otherwise, or when `fast`
    /// bails out, `slow` computes the result through the runtime. Returns the result.
    fn fast_path(
        &mut self,
        tag: Value,
        fast: impl FnOnce(&mut Self, Block, Block),
        slow: impl FnOnce(&mut Self) -> Value,
    ) -> Value {
        let fast_b = self.b.create_block();
        let slow_b = self.b.create_block();
        let done = self.b.create_block();
        let r = self.b.append_block_param(done, self.w);
        // Every way into `done` brings an object: a fast result or a checked call's.
        self.nonzero.push(r);
        self.brif(tag, fast_b, &[], slow_b, &[]);
        self.b.switch_to_block(fast_b);
        fast(self, slow_b, done);
        self.b.switch_to_block(slow_b);
        let v = slow(self);
        self.jump(done, &[v]);
        self.switch_to(done);
        r
    }

    /// [`Self::fast_path`] for a small-int shortcut of an operation the runtime's
    /// generic entry also does: left out of bytecode (`compact`), where it would cost
    /// more space than it saves time.
    fn int_fast_path(
        &mut self,
        tag: Value,
        fast: impl FnOnce(&mut Self, Block, Block),
        slow: impl FnOnce(&mut Self) -> Value,
    ) -> Value {
        if self.pb.compact {
            return slow(self);
        }
        self.fast_path(tag, fast, slow)
    }

    /// The object kept in the data word `key` names (see `ProgramBuilder::cache_symbol`,
    /// a GC root), made by `make` the first time this is evaluated.
    fn cached_object(&mut self, key: &str, make: impl FnOnce(&mut Self) -> Value) -> Value {
        let symbol = self.pb.cache_symbol(key);
        let gv = self.data_gv(&symbol);
        let addr = self.b.ins().symbol_value(self.w, gv);
        let cached = self.b.ins().load(self.w, MemFlagsData::trusted(), addr, 0);
        self.fast_path(
            cached,
            |l, _, done| l.jump(done, &[cached]),
            |l| {
                let v = make(l);
                l.b.ins().store(MemFlagsData::trusted(), v, addr, 0);
                v
            },
        )
    }

    /// The word `v` holds when it is a constant (`iconst`).
    fn const_word(&self, v: Value) -> Option<i64> {
        use cranelift_codegen::ir::{InstructionData, Opcode};
        let dfg = &self.b.func.dfg;
        let inst = dfg.value_def(v).inst()?;
        match dfg.insts[inst] {
            InstructionData::UnaryImm {
                opcode: Opcode::Iconst,
                imm,
            } => {
                // Sign-extended from the value's width (narrow immediates may be stored
                // zero-extended).
                let bits = dfg.value_type(v).bits();
                let shift = 64u32.saturating_sub(bits);
                Some((imm.bits() << shift) >> shift)
            }
            _ => None,
        }
    }

    /// True when `v` is a constant qstr word (a str literal).
    fn is_qstr_const(&self, v: Value) -> bool {
        self.const_word(v)
            .is_some_and(|w| (w as usize) & 0b111 == abi::QSTR_TAG)
    }

    /// Non-zero when both `a` and `b` are small ints.
    fn both_small(&mut self, a: Value, b: Value) -> Value {
        let both = self.b.ins().band(a, b);
        self.b.ins().band_imm_s(both, 1)
    }

    /// `v` if it is a small int, else `slow(v)` (evaluated only in that case).
    fn small_or(&mut self, v: Value, slow: impl FnOnce(&mut Self, Value) -> Value) -> Value {
        let tag = self.b.ins().band_imm_s(v, 1);
        self.int_fast_path(tag, |l, _, done| l.jump(done, &[v]), |l| slow(l, v))
    }

    /// A loop's body (with `continue` going to `cont`, `break` to `after`), then its
    /// `else` suite (entered at `orelse`), then `after`.
    fn loop_rest(
        &mut self,
        body: &[Stmt],
        orelse_body: &[Stmt],
        cont: Block,
        orelse: Block,
        after: Block,
    ) -> Result<()> {
        self.loops.push((cont, after, self.finallies.len()));
        let r = self.suite(body, false);
        self.loops.pop();
        r?;
        if self.flow.reachable {
            self.jump(cont, &[]);
        }
        self.switch_to(orelse);
        self.suite(orelse_body, false)?;
        if self.flow.reachable {
            self.jump(after, &[]);
        }
        self.switch_to(after);
        Ok(())
    }

    /// `for target in iterable` through the iterator protocol.
    fn for_iter(&mut self, s: &ast::StmtFor) -> Result<()> {
        let line = self.line(s.iter.range());
        let iterable = self.expr(&s.iter)?;
        let it = self.rt_checked(entry::GET_ITER, &[iterable], line);
        let it = self.hold(it);
        let header = self.b.create_block();
        let body = self.b.create_block();
        let orelse = self.b.create_block();
        let after = self.b.create_block();
        self.jump(header, &[]);
        self.switch_to(header);
        let it = self.release(it);
        let v = self.rt_checked(entry::ITER_NEXT, &[it], line);
        let stop = self.b.ins().icmp_imm_s(IntCC::Equal, v, abi::STOP as i64);
        self.brif(stop, orelse, &[], body, &[]);
        self.switch_to(body);
        self.assign_target(&s.target, v)?;
        self.loop_rest(&s.body, &s.orelse, header, orelse, after)
    }

    fn is_builtin_call(&self, func: &Expr, name: &str) -> bool {
        matches!(func, Expr::Name(n) if n.id.as_str() == name && !self.is_local(name) && !self.pb.scope.assigned.contains(name))
    }

    // ---- conditions ----

    /// Branches to `t` if `e` is true, else to `f`.
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
                Ok(())
            }
            Expr::Compare(c) if c.ops.len() == 1 && self.fcond(c, t, f)? => Ok(()),
            Expr::Compare(c) if c.ops.len() == 1 => {
                let a = self.expr(&c.left)?;
                let a = self.hold(a);
                let b = self.expr(&c.comparators[0])?;
                let a = self.release(a);
                let line = self.line(c.range);
                match c.ops[0] {
                    CmpOp::Is | CmpOp::IsNot => {
                        let cc = if c.ops[0] == CmpOp::Is {
                            IntCC::Equal
                        } else {
                            IntCC::NotEqual
                        };
                        let r = self.b.ins().icmp(cc, a, b);
                        self.brif(r, t, &[], f, &[]);
                    }
                    CmpOp::In | CmpOp::NotIn => {
                        let op = if c.ops[0] == CmpOp::In {
                            BinOp::In
                        } else {
                            BinOp::NotIn
                        };
                        let r = self.generic_binop(op, a, b, line);
                        self.truth(r, t, f, line);
                    }
                    op => {
                        let (bop, cc) = cmp_of(op);
                        let fast = self.b.create_block();
                        let slow = self.b.create_block();
                        let tag = self.both_small(a, b);
                        self.brif(tag, fast, &[], slow, &[]);
                        self.b.switch_to_block(fast);
                        let r = self.b.ins().icmp(cc, a, b);
                        self.brif(r, t, &[], f, &[]);
                        self.b.switch_to_block(slow);
                        let r = self.generic_binop(bop, a, b, line);
                        self.truth(r, t, f, line);
                    }
                }
                Ok(())
            }
            _ => {
                let v = self.expr(e)?;
                let line = self.line(e.range());
                self.truth(v, t, f, line);
                Ok(())
            }
        }
    }

    /// Branches on the truth of object `v`.
    fn truth(&mut self, v: Value, t: Block, f: Block, line: usize) {
        let n1 = self.b.create_block();
        let n2 = self.b.create_block();
        let small = self.b.create_block();
        let call = self.b.create_block();
        if self.pb.compact {
            // Bytecode: the runtime's test alone (it knows True, False and ints too).
            self.jump(call, &[]);
            self.b.switch_to_block(call);
            return self.truth_call(v, t, f, line);
        }
        let is_true = self.b.ins().icmp_imm_s(IntCC::Equal, v, abi::TRUE as i64);
        self.brif(is_true, t, &[], n1, &[]);
        self.b.switch_to_block(n1);
        let is_false = self.b.ins().icmp_imm_s(IntCC::Equal, v, abi::FALSE as i64);
        self.brif(is_false, f, &[], n2, &[]);
        self.b.switch_to_block(n2);
        let tag = self.b.ins().band_imm_s(v, 1);
        self.brif(tag, small, &[], call, &[]);
        self.b.switch_to_block(small);
        let nz = self.b.ins().icmp_imm_s(IntCC::NotEqual, v, 1);
        self.brif(nz, t, &[], f, &[]);
        self.b.switch_to_block(call);
        self.truth_call(v, t, f, line);
    }

    /// The end of [`Self::truth`]: the runtime's truth test of `v`.
    fn truth_call(&mut self, v: Value, t: Block, f: Block, line: usize) {
        let r = self.rt(entry::IS_TRUE, &[v], true).unwrap_or(v);
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

    /// The object `True`/`False` for a condition.
    fn bool_value(&mut self, e: &Expr) -> Result<Value> {
        let t = self.b.create_block();
        let f = self.b.create_block();
        let done = self.b.create_block();
        let r = self.b.append_block_param(done, self.w);
        self.cond(e, t, f)?;
        for (blk, val) in [(t, abi::TRUE), (f, abi::FALSE)] {
            self.switch_to(blk);
            if self.flow.reachable {
                let v = self.iconst(val as i64);
                self.jump(done, &[v]);
            }
        }
        self.switch_to(done);
        Ok(r)
    }

    // ---- expressions ----

    fn expr(&mut self, e: &Expr) -> Result<Value> {
        let line = self.line(e.range());
        if let Some(text) = super::consts::float_literal_text(self.src(), e) {
            return Ok(self.float_literal(&text, line));
        }
        if self.floaty(e) && self.is_tree(e) {
            return self.float_object(e);
        }
        if self.speculative_floaty(e) {
            let outer = std::mem::replace(&mut self.float_spec, true);
            let r = self.float_object(e);
            self.float_spec = outer;
            return r;
        }
        match e {
            Expr::NumberLiteral(n) => match &n.value {
                ast::Number::Int(i) => self.int_literal(i, false, n.range),
                ast::Number::Float(_) => unreachable!("float literals are handled above"),
                ast::Number::Complex { .. } => Ok(self.imag_literal(n.range, line)),
            },
            Expr::BooleanLiteral(b) => {
                Ok(self.iconst(if b.value { abi::TRUE } else { abi::FALSE } as i64))
            }
            Expr::NoneLiteral(_) => Ok(self.iconst(abi::NONE as i64)),
            Expr::StringLiteral(s) => {
                let q = self.pb.qstr(s.value.to_str());
                Ok(self.iconst(qstr_obj(q) as i64))
            }
            Expr::BytesLiteral(b) => Ok(self.bytes_literal(b, line)),
            Expr::Name(n)
                if !self.is_local(&n.id) && self.pb.consts.contains_key(n.id.as_str()) =>
            {
                let v = self.pb.consts[n.id.as_str()].clone();
                Ok(self.bigint_literal(v, n.range))
            }
            Expr::Name(n) => self.load_name(&n.id, n.range),
            Expr::Call(c) if super::consts::is_const_call(e).is_some() => {
                let arg = &c.arguments.args[0];
                let v = super::consts::fold(self.src(), arg, &self.pb.consts)?;
                Ok(self.bigint_literal(v, c.range()))
            }
            Expr::BinOp(bop) if self.int_constant(e) => {
                match super::consts::fold(self.src(), e, &self.pb.consts) {
                    Ok(v) => Ok(self.bigint_literal(v, bop.range)),
                    // Division by zero and the like raise at run time, as in Python.
                    Err(_) => {
                        let op = binop_of(self.src(), bop.op, bop.range)?;
                        let a = self.expr(&bop.left)?;
                        let b = self.expr(&bop.right)?;
                        Ok(self.binop(op, a, b, line))
                    }
                }
            }
            Expr::BinOp(bop) => {
                let op = binop_of(self.src(), bop.op, bop.range)?;
                let a = self.expr(&bop.left)?;
                let a = self.hold(a);
                let b = self.expr(&bop.right)?;
                let a = self.release(a);
                // An operand that is another operator's value is used only here: the
                // runtime may reuse it when it is a big int it has just made.
                let dead = |e: &Expr, flag| if matches!(e, Expr::BinOp(_)) { flag } else { 0 };
                let code = op as usize
                    + dead(&bop.left, abi::BINOP_DEAD_LEFT)
                    + dead(&bop.right, abi::BINOP_DEAD_RIGHT);
                Ok(self.binop_code(op, code, a, b, line))
            }
            Expr::UnaryOp(u) => match u.op {
                UnaryOp::Not => self.bool_value(e),
                UnaryOp::USub => {
                    if let Expr::NumberLiteral(ast::ExprNumberLiteral {
                        value: ast::Number::Int(i),
                        range,
                        ..
                    }) = &*u.operand
                    {
                        return self.int_literal(i, true, *range);
                    }
                    let a = self.expr(&u.operand)?;
                    Ok(self.neg(a, line))
                }
                UnaryOp::UAdd => {
                    let a = self.expr(&u.operand)?;
                    Ok(self.generic_unop(abi::UnOp::Pos, a, line))
                }
                UnaryOp::Invert => {
                    let a = self.expr(&u.operand)?;
                    Ok(self.invert(a, line))
                }
            },
            Expr::BoolOp(bop) => {
                let done = self.b.create_block();
                let r = self.b.append_block_param(done, self.w);
                let n = bop.values.len();
                for (k, v) in bop.values.iter().enumerate() {
                    let val = self.expr(v)?;
                    if k + 1 == n {
                        self.jump(done, &[val]);
                    } else {
                        let take = self.b.create_block();
                        let next = self.b.create_block();
                        let line = self.line(v.range());
                        match bop.op {
                            ast::BoolOp::And => self.truth(val, next, take, line),
                            ast::BoolOp::Or => self.truth(val, take, next, line),
                        }
                        self.b.switch_to_block(take);
                        self.jump(done, &[val]);
                        self.switch_to(next);
                    }
                }
                self.switch_to(done);
                Ok(r)
            }
            Expr::If(ifx) => {
                let t = self.b.create_block();
                let f = self.b.create_block();
                let done = self.b.create_block();
                let r = self.b.append_block_param(done, self.w);
                self.cond(&ifx.test, t, f)?;
                for (blk, val) in [(t, &ifx.body), (f, &ifx.orelse)] {
                    self.switch_to(blk);
                    if self.flow.reachable {
                        let v = self.expr(val)?;
                        self.jump(done, &[v]);
                    }
                }
                self.switch_to(done);
                Ok(r)
            }
            Expr::Compare(c) => self.compare_chain(c),
            Expr::Call(c) => self.call(c),
            Expr::Tuple(t) => self.sequence(entry::BUILD_TUPLE, &t.elts, line),
            Expr::List(t) => self.sequence(entry::BUILD_LIST, &t.elts, line),
            Expr::Set(t) => self.sequence(entry::BUILD_SET, &t.elts, line),
            Expr::Dict(d) => self.dict(d, line),
            Expr::Subscript(sub) => self.subscript(sub),
            Expr::Attribute(a) => self.attribute(a),
            Expr::EllipsisLiteral(_) => Ok(self.iconst(abi::ELLIPSIS as i64)),
            Expr::FString(f) => self.fstring(f, line),
            Expr::Lambda(l) => self.lambda(l, line),
            Expr::ListComp(c) => {
                self.comprehension(comprehensions::Kind::List(&c.elt), &c.generators, line)
            }
            Expr::SetComp(c) => {
                self.comprehension(comprehensions::Kind::Set(&c.elt), &c.generators, line)
            }
            Expr::Yield(y) => self.yield_expr(y, line),
            Expr::YieldFrom(y) => self.yield_from_expr(y, line),
            Expr::Await(a) => self.await_expr(a, line),
            Expr::Generator(g) => self.genexp(g, line),
            Expr::DictComp(c) => match &c.key {
                Some(k) => {
                    self.comprehension(comprehensions::Kind::Dict(k, &c.value), &c.generators, line)
                }
                None => Err(self
                    .src()
                    .error(c.range, "'**' in dict comprehensions is not supported")),
            },
            other => Err(self.src().error(
                other.range(),
                format!("{} are not supported yet", expr_kind(other)),
            )),
        }
    }

    fn int_literal(&mut self, i: &ast::Int, negate: bool, range: TextRange) -> Result<Value> {
        let Some(mut n) = super::consts::parse_int(&i.to_string()) else {
            return Err(self.src().error(range, "invalid integer literal"));
        };
        if negate {
            n = -n;
        }
        Ok(self.bigint_literal(n, range))
    }

    /// An int constant: a small-int word, or a big int built from its decimal text.
    fn bigint_literal(&mut self, n: num_bigint::BigInt, range: TextRange) -> Value {
        if let Some(small) = i128::try_from(&n).ok().and_then(|v| self.small_int(v)) {
            return self.iconst(small);
        }
        let q = self.pb.qstr(&n.to_string());
        let qv = self.iconst(qstr_obj(q) as i64);
        let r = self.rt(entry::INT_FROM_QSTR, &[qv], true).unwrap_or(qv);
        self.check(r, self.line(range));
        r
    }

    fn generic_binop(&mut self, op: BinOp, a: Value, b: Value, line: usize) -> Value {
        self.generic_binop_code(op as usize, a, b, line)
    }

    /// The runtime's binary operator `code` (a [`BinOp`], possibly with `BINOP_INPLACE`).
    fn generic_binop_code(&mut self, code: usize, a: Value, b: Value, line: usize) -> Value {
        let opv = self.iconst(code as i64);
        let r = self.rt(entry::BINOP, &[opv, a, b], true).unwrap_or(a);
        self.check(r, line);
        r
    }

    fn generic_unop(&mut self, op: abi::UnOp, a: Value, line: usize) -> Value {
        let opv = self.iconst(op as i64);
        let r = self.rt(entry::UNOP, &[opv, a], true).unwrap_or(a);
        self.check(r, line);
        r
    }

    /// A binary operator with an inline small-int fast path where one exists.
    fn binop(&mut self, op: BinOp, a: Value, b: Value, line: usize) -> Value {
        self.binop_maybe_inplace(op, false, a, b, line)
    }

    /// [`Self::binop`]; `inplace` for augmented assignment (lists update in place).
    fn binop_maybe_inplace(
        &mut self,
        op: BinOp,
        inplace: bool,
        a: Value,
        b: Value,
        line: usize,
    ) -> Value {
        let code = op as usize + if inplace { abi::BINOP_INPLACE } else { 0 };
        self.binop_code(op, code, a, b, line)
    }

    /// [`Self::binop`] with the runtime's operator `code` (`op` plus flags).
    fn binop_code(&mut self, op: BinOp, code: usize, a: Value, b: Value, line: usize) -> Value {
        if matches!(op, BinOp::LShift | BinOp::RShift) {
            return self.shift(op, code, a, b, line);
        }
        if matches!(op, BinOp::Mod | BinOp::FloorDiv) {
            return self.floor_divmod(op, code, a, b, line);
        }
        if !matches!(
            op,
            BinOp::Add | BinOp::Sub | BinOp::Mul | BinOp::BitAnd | BinOp::BitOr | BinOp::BitXor
        ) {
            return self.generic_binop_code(code, a, b, line);
        }
        let tag = self.both_small(a, b);
        self.int_fast_path(
            tag,
            |l, slow, done| match op {
                BinOp::Add | BinOp::Sub | BinOp::Mul => {
                    // Tagged words: (2x+1) ± 2y, and x * 2y + 1, with overflow checks.
                    let bm1 = l.b.ins().iadd_imm_s(b, -1);
                    match op {
                        BinOp::Add | BinOp::Sub => {
                            let (v, of) = if op == BinOp::Add {
                                l.b.ins().sadd_overflow(a, bm1)
                            } else {
                                l.b.ins().ssub_overflow(a, bm1)
                            };
                            l.brif(of, slow, &[], done, &[v]);
                        }
                        _ => {
                            // The tag goes back on after the overflow branch, so the
                            // branch reads the multiply's flags directly.
                            let x = l.b.ins().sshr_imm_s(a, 1);
                            let (p, of) = l.b.ins().smul_overflow(x, bm1);
                            let ok = l.b.create_block();
                            l.brif(of, slow, &[], ok, &[]);
                            l.b.switch_to_block(ok);
                            let v = l.b.ins().iadd_imm_s(p, 1);
                            l.jump(done, &[v]);
                        }
                    }
                }
                BinOp::BitAnd => {
                    let v = l.b.ins().band(a, b);
                    l.jump(done, &[v]);
                }
                BinOp::BitOr => {
                    let v = l.b.ins().bor(a, b);
                    l.jump(done, &[v]);
                }
                _ => {
                    let x = l.b.ins().bxor(a, b);
                    let v = l.b.ins().bor_imm_s(x, 1);
                    l.jump(done, &[v]);
                }
            },
            |l| l.generic_binop_code(code, a, b, line),
        )
    }

    /// `a % b` and `a // b` with a small-int fast path for a non-zero divisor (Python's
    /// floor semantics: the remainder takes the divisor's sign); the runtime raises
    /// ZeroDivisionError and does everything else.
    fn floor_divmod(&mut self, op: BinOp, code: usize, a: Value, b: Value, line: usize) -> Value {
        let tag = self.both_small(a, b);
        self.int_fast_path(
            tag,
            |l, slow, done| {
                let x = l.b.ins().sshr_imm_s(a, 1);
                let y = l.b.ins().sshr_imm_s(b, 1);
                let nonzero = l.b.create_block();
                l.brif(y, nonzero, &[], slow, &[]);
                l.b.switch_to_block(nonzero);
                let q = l.b.ins().sdiv(x, y);
                let r = l.b.ins().srem(x, y);
                // Truncated to floored: when the remainder's sign differs from the divisor's.
                let sign = l.b.ins().bxor(r, y);
                let differ = l.b.ins().icmp_imm_s(IntCC::SignedLessThan, sign, 0);
                let r_nz = l.b.ins().icmp_imm_s(IntCC::NotEqual, r, 0);
                let adjust = l.b.ins().band(differ, r_nz);
                let adjust = l.b.ins().uextend(l.w, adjust);
                if op == BinOp::Mod {
                    let ry = l.b.ins().iadd(r, y);
                    let v = l.b.ins().select(adjust, ry, r);
                    let v2 = l.b.ins().ishl_imm_s(v, 1);
                    let tagged = l.b.ins().bor_imm_s(v2, 1);
                    l.jump(done, &[tagged]);
                } else {
                    let q = l.b.ins().isub(q, adjust);
                    // `MIN // -1` leaves the small-int range: the runtime makes a big int.
                    let (q2, of) = l.b.ins().sadd_overflow(q, q);
                    let tagged = l.b.ins().bor_imm_s(q2, 1);
                    l.brif(of, slow, &[], done, &[tagged]);
                }
            },
            |l| l.generic_binop_code(code, a, b, line),
        )
    }

    /// `a << b` and `a >> b` with a small-int fast path for a count below the word's
    /// bits minus one (`<<` only when no bit is lost); the runtime does the rest.
    fn shift(&mut self, op: BinOp, code: usize, a: Value, b: Value, line: usize) -> Value {
        let tag = self.both_small(a, b);
        let bits = i64::from(self.pb.target.word_bits);
        self.int_fast_path(
            tag,
            |l, slow, done| {
                let n = l.b.ins().sshr_imm_s(b, 1);
                let in_range = l.b.create_block();
                // Unsigned: a negative count is out of range too.
                let ok = l.b.ins().icmp_imm_s(IntCC::UnsignedLessThan, n, bits - 1);
                l.brif(ok, in_range, &[], slow, &[]);
                l.b.switch_to_block(in_range);
                if op == BinOp::RShift {
                    // (2x+1) >> n = 2(x >> n) + bit n-1 of x: or-ing the tag in gives
                    // the tagged x >> n.
                    let s = l.b.ins().sshr(a, n);
                    let v = l.b.ins().bor_imm_s(s, 1);
                    l.jump(done, &[v]);
                } else {
                    // 2x << n, kept when shifting back gives 2x again.
                    let x2 = l.b.ins().iadd_imm_s(a, -1);
                    let s = l.b.ins().ishl(x2, n);
                    let back = l.b.ins().sshr(s, n);
                    let v = l.b.ins().bor_imm_s(s, 1);
                    let same = l.b.ins().icmp(IntCC::Equal, back, x2);
                    l.brif(same, done, &[v], slow, &[]);
                }
            },
            |l| l.generic_binop_code(code, a, b, line),
        )
    }

    fn neg(&mut self, a: Value, line: usize) -> Value {
        let tag = self.b.ins().band_imm_s(a, 1);
        self.int_fast_path(
            tag,
            |l, slow, done| {
                // -(2x+1) + 2 = 2(-x) + 1; overflows only for the smallest small int.
                let two = l.iconst(2);
                let (v, of) = l.b.ins().ssub_overflow(two, a);
                l.brif(of, slow, &[], done, &[v]);
            },
            |l| l.generic_unop(abi::UnOp::Neg, a, line),
        )
    }

    fn invert(&mut self, a: Value, line: usize) -> Value {
        let tag = self.b.ins().band_imm_s(a, 1);
        self.int_fast_path(
            tag,
            |l, _, done| {
                // ~x on the tagged word, with the tag bit kept: (2x+1) ^ !1 = 2(~x) + 1.
                let v = l.b.ins().bxor_imm_s(a, -2);
                l.jump(done, &[v]);
            },
            |l| l.generic_unop(abi::UnOp::Invert, a, line),
        )
    }

    /// One comparison as an object (`True`/`False`, or whatever the runtime returns).
    fn compare(&mut self, op: CmpOp, a: Value, b: Value, line: usize) -> Value {
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
            CmpOp::In => self.generic_binop(BinOp::In, a, b, line),
            CmpOp::NotIn => self.generic_binop(BinOp::NotIn, a, b, line),
            op => {
                let (bop, cc) = cmp_of(op);
                let mut tag = self.both_small(a, b);
                if matches!(op, CmpOp::Eq | CmpOp::NotEq) {
                    // Against a str literal (an interned qstr: one word per text), the
                    // words of two qstrs compare like the strings.
                    let other = match (self.is_qstr_const(a), self.is_qstr_const(b)) {
                        (_, true) => Some(a),
                        (true, false) => Some(b),
                        _ => None,
                    };
                    if let Some(o) = other {
                        let m = self.b.ins().band_imm_s(o, 0b111);
                        let q = self
                            .b
                            .ins()
                            .icmp_imm_s(IntCC::Equal, m, abi::QSTR_TAG as i64);
                        let q = self.b.ins().uextend(self.w, q);
                        tag = self.b.ins().bor(tag, q);
                    }
                }
                self.int_fast_path(
                    tag,
                    |l, _, done| {
                        // Tagging preserves order, so the words compare like the ints.
                        let c = l.b.ins().icmp(cc, a, b);
                        let t = l.iconst(abi::TRUE as i64);
                        let f = l.iconst(abi::FALSE as i64);
                        let v = l.b.ins().select(c, t, f);
                        l.jump(done, &[v]);
                    },
                    |l| l.generic_binop(bop, a, b, line),
                )
            }
        }
    }

    fn compare_chain(&mut self, c: &ast::ExprCompare) -> Result<Value> {
        let line = self.line(c.range);
        let done = self.b.create_block();
        let r = self.b.append_block_param(done, self.w);
        let mut left = self.expr(&c.left)?;
        let n = c.ops.len();
        for (k, (op, comp)) in c.ops.iter().zip(c.comparators.iter()).enumerate() {
            let held = self.hold(left);
            let right = self.expr(comp)?;
            let lv = self.release(held);
            let v = self.compare(*op, lv, right, line);
            if k + 1 == n {
                self.jump(done, &[v]);
            } else {
                let next = self.b.create_block();
                let stop = self.b.create_block();
                self.truth(v, next, stop, line);
                self.b.switch_to_block(stop);
                self.jump(done, &[v]);
                self.switch_to(next);
            }
            left = right;
        }
        self.switch_to(done);
        Ok(r)
    }

    fn call(&mut self, c: &ast::ExprCall) -> Result<Value> {
        let line = self.line(c.range());
        if let Some(r) = self.eager_genexp_call(c, line) {
            return r;
        }
        if c.arguments.args.is_empty()
            && c.arguments.keywords.is_empty()
            && self.is_builtin_call(&c.func, "super")
        {
            return self.zero_arg_super(line, c.range());
        }
        if let [arg] = &c.arguments.args[..] {
            if c.arguments.keywords.is_empty()
                && self.is_builtin_call(&c.func, "int")
                && self.floaty(arg)
            {
                return self.int_of_float(arg, line);
            }
        }
        let plain = !c.arguments.args.iter().any(|a| a.is_starred_expr());
        match &*c.func {
            Expr::Attribute(a) => return self.call_method(a, &c.arguments, line),
            Expr::Name(fname) => {
                let name = fname.id.as_str();
                let print_kws = c.arguments.keywords.iter().all(|k| {
                    k.arg
                        .as_ref()
                        .is_some_and(|n| n.id.as_str() == "sep" || n.id.as_str() == "end")
                });
                if self.is_builtin_call(&c.func, "print") && plain && print_kws {
                    return self.print(c, line);
                }
                let kw_names: Option<Vec<&str>> = c
                    .arguments
                    .keywords
                    .iter()
                    .map(|k| k.arg.as_ref().map(|n| n.id.as_str()))
                    .collect();
                if let (false, true, Some(kw_names)) = (self.is_local(name), plain, kw_names) {
                    if let Some(def) = self.pb.defs.get(name).cloned() {
                        // Calls go straight to the body with their arguments bound at
                        // compile time (defaults read from the function object). Too
                        // many positional arguments raise on the direct path; any other
                        // binding error (too few, an unknown or repeated keyword) goes
                        // through the function object, whose call names it as
                        // MicroPython does.
                        let n = c.arguments.args.len();
                        if kw_names.is_empty() && n >= def.nparams && !def.varargs {
                            return self.direct_call(name, &def, c, None, line);
                        }
                        if let Some(sources) = def.bind(n, &kw_names) {
                            return self.direct_call(name, &def, c, Some(sources), line);
                        }
                    }
                }
            }
            _ => {}
        }
        let callee = self.expr(&c.func)?;
        let callee = self.hold(callee);
        if !c.arguments.args.iter().any(|a| a.is_starred_expr())
            && c.arguments.keywords.iter().all(|k| k.arg.is_some())
        {
            let (addr, n_pos, n_kw) = self.call_args(&c.arguments)?;
            let callee = self.release(callee);
            let n_pos = self.iconst(n_pos as i64);
            let n_kw = self.iconst(n_kw as i64);
            return Ok(self.rt_checked(entry::CALL, &[callee, addr, n_pos, n_kw], line));
        }
        let callee = self.release(callee);
        self.call_value(callee, &c.arguments, line)
    }

    /// A call of a module-level function that is never rebound: straight to its code
    /// once its `def` ran. Before that the name is a NameError (the global's load raises
    /// it) or, for a name the runtime knows (a builtin's, when it is one of the static
    /// qstrs), that builtin, called the generic way.
    fn direct_call(
        &mut self,
        name: &str,
        def: &DirectDef,
        c: &ast::ExprCall,
        sources: Option<Vec<ArgSource>>,
        line: usize,
    ) -> Result<Value> {
        let callee = self.load_global(name, line);
        let callee = self.hold(callee);
        let mut held = Vec::new();
        for a in c.arguments.args.iter() {
            let v = self.expr(a)?;
            held.push(self.hold(v));
        }
        for k in c.arguments.keywords.iter() {
            let v = self.expr(&k.value)?;
            held.push(self.hold(v));
        }
        let values: Vec<Value> = held.into_iter().map(|h| self.release(h)).collect();
        let callee = self.release(callee);
        let bind_args = |l: &mut Self| match &sources {
            None => values.clone(),
            Some(sources) => l.bound_args(callee, &values, sources, line),
        };
        if !abi::STATIC_QSTRS.contains(&name) {
            let args = bind_args(self);
            return Ok(self.direct_body_call(name, def, &args, line));
        }
        let (base, off) = self.global_addr_offset(name);
        let bound = self
            .b
            .ins()
            .load(self.w, MemFlagsData::trusted(), base, off);
        let direct = self.b.create_block();
        let generic = self.b.create_block();
        let done = self.b.create_block();
        let result = self.b.append_block_param(done, self.w);
        self.brif(bound, direct, &[], generic, &[]);

        self.switch_to(generic);
        let n_pos = c.arguments.args.len();
        let mut spilled = values[..n_pos].to_vec();
        for (k, v) in c.arguments.keywords.iter().zip(&values[n_pos..]) {
            let arg = k.arg.as_ref().map(|n| n.id.as_str()).unwrap_or_default();
            spilled.push(self.qstr_const(arg));
            spilled.push(*v);
        }
        let addr = self.spill_args(&spilled);
        let n_kw = self.iconst(c.arguments.keywords.len() as i64);
        let n_pos = self.iconst(n_pos as i64);
        let r = self.rt_checked(entry::CALL, &[callee, addr, n_pos, n_kw], line);
        self.jump(done, &[r]);

        self.switch_to(direct);
        let args = bind_args(self);
        let r = self.direct_body_call(name, def, &args, line);
        if self.flow.reachable {
            self.jump(done, &[r]);
        }
        self.switch_to(done);
        Ok(result)
    }

    /// The parameter values of a direct call of function object `callee` bound as
    /// `sources` says: the call's argument `values`, or items of its defaults tuple.
    fn bound_args(
        &mut self,
        callee: Value,
        values: &[Value],
        sources: &[ArgSource],
        line: usize,
    ) -> Vec<Value> {
        let wb = self.pb.target.word_bytes() as i32;
        let mut defaults = None;
        sources
            .iter()
            .map(|s| match *s {
                ArgSource::Arg(i) => values[i],
                ArgSource::Default(d) => {
                    let t = *defaults.get_or_insert_with(|| {
                        self.b.ins().load(
                            self.w,
                            MemFlagsData::trusted(),
                            callee,
                            abi::layout::FUN_DEFAULTS as i32 * wb,
                        )
                    });
                    let off = (abi::layout::TUPLE_ITEMS + d) as i32 * wb;
                    self.b.ins().load(self.w, MemFlagsData::trusted(), t, off)
                }
                ArgSource::Tuple(start, end) => {
                    let addr = self.spill_args(&values[start..end]);
                    let n = self.iconst((end - start) as i64);
                    self.rt_checked(entry::BUILD_TUPLE, &[addr, n], line)
                }
            })
            .collect()
    }

    /// Calls the body of `def` (function `name`) with `args`, or raises the TypeError of
    /// a wrong argument count.
    fn direct_body_call(
        &mut self,
        name: &str,
        def: &DirectDef,
        args: &[Value],
        line: usize,
    ) -> Value {
        if args.len() != def.nparams + usize::from(def.varargs) {
            let qv = self.qstr_const(name);
            let expected = self.iconst(def.nparams as i64);
            let given = self.iconst(args.len() as i64);
            return self.raise_now(entry::RAISE_ARG_COUNT, &[qv, expected, given], line);
        }
        let sig_params = if args.len() > MAX_REGISTER_PARAMS {
            1
        } else {
            args.len()
        };
        let f = self.callee(&def.symbol, sig_params, true);
        let call = if args.len() <= MAX_REGISTER_PARAMS {
            self.b.ins().call(f, args)
        } else {
            let addr = self.spill_args(args);
            self.b.ins().call(f, &[addr])
        };
        let r = self.b.inst_results(call)[0];
        self.check(r, line);
        r
    }

    /// Stores `vals` into the function's argument area and returns its address. Every
    /// call of the function shares the one area (grown to the largest), so a value
    /// passed to an earlier call does not stay visible to the conservative GC in a
    /// stack slot of its own for as long as the frame lives. Callers pass the address to
    /// the runtime straight away.
    fn spill_args(&mut self, vals: &[Value]) -> Value {
        let wb = self.pb.target.word_bytes();
        let align_shift = if wb == 8 { 3 } else { 2 };
        let size = wb * (vals.len().max(1) as u32);
        let slot = match self.args_area {
            Some(slot) => {
                let data = &mut self.b.func.sized_stack_slots[slot];
                data.size = data.size.max(size);
                slot
            }
            None => {
                let slot = self.b.create_sized_stack_slot(StackSlotData::new(
                    StackSlotKind::ExplicitSlot,
                    size,
                    align_shift,
                ));
                self.args_area = Some(slot);
                slot
            }
        };
        let addr = self.b.ins().stack_addr(self.w, slot, 0);
        for (i, v) in vals.iter().enumerate() {
            self.b
                .ins()
                .store(MemFlagsData::trusted(), *v, addr, (i as u32 * wb) as i32);
        }
        addr
    }

    fn print(&mut self, c: &ast::ExprCall, line: usize) -> Result<Value> {
        let mut held = Vec::new();
        for a in c.arguments.args.iter() {
            let v = self.expr(a)?;
            held.push(self.hold(v));
        }
        let mut sep = None;
        let mut end = None;
        for k in c.arguments.keywords.iter() {
            let Some(arg) = &k.arg else {
                return Err(self
                    .src()
                    .error(k.range(), "'**' arguments in calls are not supported yet"));
            };
            let v = self.expr(&k.value)?;
            match arg.id.as_str() {
                "sep" => sep = Some(v),
                "end" => end = Some(v),
                "file" | "flush" => {
                    return Err(self.src().error(
                        k.range(),
                        format!("print(..., {}=) is not supported yet", arg.id),
                    ))
                }
                other => {
                    return Err(self.src().error(
                        k.range(),
                        format!("'{other}' is an invalid keyword argument for print()"),
                    ))
                }
            }
        }
        let vals: Vec<Value> = held.into_iter().map(|h| self.release(h)).collect();
        let addr = self.spill_args(&vals);
        let n = self.iconst(vals.len() as i64);
        let sep = match sep {
            Some(v) => v,
            None => self.iconst(abi::NULL as i64),
        };
        let end = match end {
            Some(v) => v,
            None => self.iconst(abi::NULL as i64),
        };
        let r = self
            .rt(entry::PRINT, &[addr, n, sep, end], true)
            .unwrap_or(addr);
        self.check(r, line);
        Ok(r)
    }
}

/// True when a body's argument slots arrive as a pointer rather than as words.
pub(crate) fn body_uses_pointer(nslots: usize, closure: bool) -> bool {
    nslots + usize::from(closure) > MAX_REGISTER_PARAMS
}

/// Names bound by an assignment target.
fn collect_target_names(target: &Expr, out: &mut Vec<String>) {
    match target {
        Expr::Name(n) => out.push(n.id.to_string()),
        Expr::Tuple(t) => t.elts.iter().for_each(|e| collect_target_names(e, out)),
        Expr::List(t) => t.elts.iter().for_each(|e| collect_target_names(e, out)),
        Expr::Starred(s) => collect_target_names(&s.value, out),
        _ => {}
    }
}

fn cmp_of(op: CmpOp) -> (BinOp, IntCC) {
    match op {
        CmpOp::Lt => (BinOp::Lt, IntCC::SignedLessThan),
        CmpOp::LtE => (BinOp::Le, IntCC::SignedLessThanOrEqual),
        CmpOp::Gt => (BinOp::Gt, IntCC::SignedGreaterThan),
        CmpOp::GtE => (BinOp::Ge, IntCC::SignedGreaterThanOrEqual),
        CmpOp::Eq => (BinOp::Eq, IntCC::Equal),
        _ => (BinOp::Ne, IntCC::NotEqual),
    }
}
