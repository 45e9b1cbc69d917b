//! Function objects: every compiled function gets a descriptor (see
//! `upyc_abi::fun_desc`), a parameter-name table and a *generic entry*
//! `fn(fun, slots) -> obj` that the runtime calls after binding arguments; the body keeps
//! its direct entry (parameters as words, or a pointer to them beyond four), which
//! compiled callers use for exact positional calls of never-rebound functions.
//!
//! A `def` statement (or `lambda`) evaluates defaults and decorators and calls
//! `MAKE_FUNCTION` with the (read-only) descriptor. Nested functions and lambdas are
//! compiled after the function that contains them; those that use a local of the
//! enclosing function get its cell in their closure tuple.

use super::{Lower, ProgramBuilder};
use crate::diag::Result;
use crate::frontend::scope::param_slots;
use cranelift_codegen::ir::{self, InstBuilder, MemFlagsData, UserFuncName, Value};
use cranelift_codegen::isa::{CallConv, TargetFrontendConfig};
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use ruff_python_ast::{self as ast, Expr, Parameters, Stmt};
use target_lexicon::PointerWidth;
use upyc_abi::{self as abi, entry, fun_desc};

/// A function compiled later: nested `def`s and lambdas.
#[derive(Clone)]
pub(crate) enum Pending {
    /// A nested (or conditionally defined) `def`, with its free variables (closure order).
    Def(Box<ast::StmtFunctionDef>, Vec<String>),
    /// A `lambda`, its symbol and its free variables.
    Lambda(Box<ast::ExprLambda>, String, Vec<String>),
    /// A generator expression, its creator's symbol and its free variables.
    GenExp(Box<ast::ExprGenerator>, String, Vec<String>),
}

/// The argument layout of a function.
pub(crate) struct Shape {
    n_pos: usize,
    n_kwonly: usize,
    flags: usize,
    /// Names of the positional and keyword-only parameters.
    names: Vec<String>,
    /// Number of argument slots (parameters, `*args`, `**kwargs`).
    slots: usize,
    /// Where the parameters are in the source.
    range: ruff_text_size::TextRange,
}

impl Shape {
    /// The layout of `p`; a located error beyond [`fun_desc::MAX_PARAMS`] positional or
    /// keyword-only parameters.
    pub(crate) fn of(src: &crate::frontend::SourceFile, p: &Parameters) -> Result<Shape> {
        let n_pos = p.posonlyargs.len() + p.args.len();
        let n_kwonly = p.kwonlyargs.len();
        for (n, what) in [(n_pos, "positional"), (n_kwonly, "keyword-only")] {
            if n > fun_desc::MAX_PARAMS {
                return Err(src.error(
                    p.range,
                    format!(
                        "a function may have at most {} {what} parameters (this one has {n})",
                        fun_desc::MAX_PARAMS
                    ),
                ));
            }
        }
        let mut flags = 0;
        if p.vararg.is_some() {
            flags |= abi::FUN_VARARGS;
        }
        if p.kwarg.is_some() {
            flags |= abi::FUN_VARKW;
        }
        let all = param_slots(p);
        Ok(Shape {
            n_pos,
            n_kwonly,
            flags,
            names: all[..n_pos + n_kwonly].to_vec(),
            slots: all.len(),
            range: p.range,
        })
    }
}

/// The symbols of one function.
pub(crate) struct Symbols {
    /// The body (direct entry).
    pub(crate) body: String,
    pub(crate) generic: String,
    pub(crate) desc: String,
}

impl Symbols {
    /// Symbols derived from the body's symbol `upy_fn_...`.
    pub(crate) fn of(body: &str) -> Symbols {
        let stem = body.strip_prefix("upy_fn_").unwrap_or(body);
        Symbols {
            body: body.to_string(),
            generic: format!("upy_gfn_{stem}"),
            desc: format!("upy_fdesc_{stem}"),
        }
    }
}

/// Symbol of a lambda's body.
pub(crate) fn lambda_symbol(pb: &ProgramBuilder<'_>, l: &ast::ExprLambda) -> String {
    let (line, col) = pb.src.line_col(l.range.start());
    format!("upy_fn_{}_lambda_L{line}_C{col}", pb.prefix)
}

/// Emits the descriptor, the name table and the generic entry of a function whose body
/// is `syms.body` (taking `shape.slots` words, or a pointer to them beyond four).
pub(crate) fn emit_function_object_parts(
    pb: &mut ProgramBuilder<'_>,
    name: &str,
    shape: &Shape,
    syms: &Symbols,
    closure: bool,
) -> Result<()> {
    let wb = pb.target.word_bytes() as usize;
    let shape_word = shape.n_pos
        | shape.n_kwonly << fun_desc::SHAPE_KWONLY_SHIFT
        | shape.flags << fun_desc::SHAPE_FLAGS_SHIFT;
    // The shape, then the name and the parameter names as u16 qstr numbers, then the
    // generic entry's word.
    let mut desc = (shape_word as u16).to_le_bytes().to_vec();
    for n in std::iter::once(name).chain(shape.names.iter().map(String::as_str)) {
        let q = pb.qstr(n);
        let q = u16::try_from(q).map_err(|_| {
            pb.src.error(
                shape.range,
                "a name past the program's 65536th distinct name",
            )
        })?;
        desc.extend_from_slice(&q.to_le_bytes());
    }
    // The generic entry (the bytecode conversion drops the word and the name, and puts
    // the code object after the names, when the function becomes compact bytecode).
    desc.resize(desc.len().next_multiple_of(wb), 0);
    let generic = pb.func_symbol(&syms.generic);
    let relocs = vec![(desc.len() as u32, crate::backend::PoolEntry::Entry(generic))];
    desc.resize(desc.len() + wb, 0);
    pb.data_symbol(&syms.desc);
    pb.extra_data.push(crate::backend::DataDef {
        name: syms.desc.clone(),
        exported: false,
        kind: crate::backend::DataKind::ReadOnly,
        align: wb as u64,
        bytes: desc,
        relocs,
    });
    emit_generic_entry(pb, shape, syms, closure);
    Ok(())
}

/// The generic entry `fn(fun, slots)` of a function: calls the body with the slots
/// (as words, or a pointer to them beyond four).
fn emit_generic_entry(pb: &mut ProgramBuilder<'_>, shape: &Shape, syms: &Symbols, closure: bool) {
    let wb = pb.target.word_bytes() as usize;
    // Generic entry: fn(fun, slots) -> body(slots...) or body(slots).
    let w = pb.target.word();
    let sig = pb.target.signature(2, true);
    let sym = pb.func_symbol(&syms.generic);
    let mut func = ir::Function::with_name_signature(UserFuncName::user(0, sym), sig);
    let mut fctx = FunctionBuilderContext::new();
    let mut b = FunctionBuilder::new(&mut func, &mut fctx);
    let entry_block = b.create_block();
    b.append_block_params_for_function_params(entry_block);
    b.switch_to_block(entry_block);
    b.seal_block(entry_block);
    let fun = b.block_params(entry_block)[0];
    let slots = b.block_params(entry_block)[1];
    let mut args: Vec<Value> = Vec::new();
    if closure {
        let off = (abi::layout::FUN_CLOSURE * wb) as i32;
        args.push(b.ins().load(w, MemFlagsData::trusted(), fun, off));
    }
    if super::body_uses_pointer(shape.slots, closure) {
        args.push(slots);
    } else {
        for i in 0..shape.slots {
            args.push(
                b.ins()
                    .load(w, MemFlagsData::trusted(), slots, (i * wb) as i32),
            );
        }
    }
    let callee = crate::lower::flow::import_func(pb, &mut b, &syms.body, args.len(), true);
    let call = b.ins().call(callee, &args);
    let r = b.inst_results(call)[0];
    b.ins().return_(&[r]);
    let pointer_width = if pb.target.word_bits == 64 {
        PointerWidth::U64
    } else {
        PointerWidth::U32
    };
    b.finalize(TargetFrontendConfig {
        default_call_conv: CallConv::SystemV,
        pointer_width,
        page_size_align_log2: 12,
    });
    pb.functions.push(crate::backend::FuncDef {
        name: syms.generic.clone(),
        exported: false,
        clif: func,
        nonzero: Vec::new(),
    });
}

impl Lower<'_, '_, '_> {
    /// The free variables of a nested function that this function provides (its cells
    /// and the cells of captured comprehension targets), in closure order.
    fn closure_names(
        &self,
        params: &Parameters,
        body: &[Stmt],
        expr: Option<&Expr>,
    ) -> Vec<String> {
        crate::frontend::scope::free_names(params, body, expr)
            .into_iter()
            .filter(|n| self.cell_var(n).is_some())
            .collect()
    }

    /// Evaluates defaults and builds the function object for a body at `syms`.
    fn make_function(
        &mut self,
        params: &Parameters,
        syms: &Symbols,
        free: &[String],
        line: usize,
    ) -> Result<Value> {
        // Defaults of positional parameters (a tuple), then of keyword-only ones (a dict).
        let mut defaults = Vec::new();
        for p in params.posonlyargs.iter().chain(params.args.iter()) {
            if let Some(d) = &p.default {
                defaults.push(self.expr(d)?);
            }
        }
        let defaults = if defaults.is_empty() {
            self.iconst(0)
        } else {
            let addr = self.spill_args(&defaults);
            let n = self.iconst(defaults.len() as i64);
            self.rt_checked(entry::BUILD_TUPLE, &[addr, n], line)
        };
        let mut kw = Vec::new();
        for p in params.kwonlyargs.iter() {
            if let Some(d) = &p.default {
                kw.push(self.qstr_const(&p.parameter.name.id));
                kw.push(self.expr(d)?);
            }
        }
        let kwdefaults = if kw.is_empty() {
            self.iconst(0)
        } else {
            let addr = self.spill_args(&kw);
            let n = self.iconst((kw.len() / 2) as i64);
            self.rt_checked(entry::BUILD_DICT, &[addr, n], line)
        };
        let desc_gv = self.data_gv(&syms.desc);
        let desc = self.b.ins().symbol_value(self.w, desc_gv);
        let closure = if free.is_empty() {
            self.iconst(0)
        } else {
            let cells: Vec<Value> = free
                .iter()
                .filter_map(|n| self.cell_var(n))
                .collect::<Vec<_>>()
                .into_iter()
                .map(|var| self.b.use_var(var))
                .collect();
            let addr = self.spill_args(&cells);
            let n = self.iconst(cells.len() as i64);
            self.rt_checked(entry::BUILD_TUPLE, &[addr, n], line)
        };
        Ok(self.rt_checked(
            entry::MAKE_FUNCTION,
            &[desc, defaults, kwdefaults, closure],
            line,
        ))
    }

    /// A `def` statement: the function object, decorated, bound to its name.
    pub(super) fn def_stmt(&mut self, def: &ast::StmtFunctionDef, top: bool) -> Result<()> {
        super::check_def_supported(self.src(), def)?;
        let line = self.line(def.range);
        let module_level = self.scope.is_none() && top;
        let free = self.closure_names(&def.parameters, &def.body, None);
        if !module_level {
            self.pb
                .pending
                .push(Pending::Def(Box::new(def.clone()), free.clone()));
        }
        // Decorator expressions are evaluated before the function is created.
        let mut decorators = Vec::new();
        for d in &def.decorator_list {
            if !super::super::emitter::is_emitter_decorator(&d.expression) {
                decorators.push(self.expr(&d.expression)?);
            }
        }
        let syms = Symbols::of(&super::def_symbol(self.pb, def));
        let mut f = self.make_function(&def.parameters, &syms, &free, line)?;
        for d in decorators.into_iter().rev() {
            let args = self.spill_args(&[f]);
            let one = self.iconst(1);
            let zero = self.iconst(0);
            f = self.rt_checked(entry::CALL, &[d, args, one, zero], line);
        }
        self.store_name(&def.name.id, f);
        Ok(())
    }

    /// `lambda params: expr`.
    pub(super) fn lambda(&mut self, l: &ast::ExprLambda, line: usize) -> Result<Value> {
        let empty = Parameters::default();
        let params = l.parameters.as_deref().unwrap_or(&empty);
        let free = self.closure_names(params, &[], Some(&l.body));
        let symbol = lambda_symbol(self.pb, l);
        self.pb.pending.push(Pending::Lambda(
            Box::new(l.clone()),
            symbol.clone(),
            free.clone(),
        ));
        self.make_function(params, &Symbols::of(&symbol), &free, line)
    }
}
