//! Lowering: the analysed module becomes CLIF functions plus data (the qstr table and
//! the module's global slots), then each function goes through the e-graph mid-end.

mod compact;
pub mod consts;
pub mod emitter;
mod flow;
mod function;
mod licm;
pub mod midend;
mod nonzero;
mod phis;
mod viper;

use crate::backend::{DataDef, DataKind, FuncDef, Program};
use crate::diag::Result;
use crate::frontend::modules::{Modules, Resolved, Unit};
use crate::frontend::scope::ModuleScope;
use crate::frontend::SourceFile;
use cranelift_codegen::ir::{types, AbiParam, Signature, Type};
use cranelift_codegen::isa::CallConv;
use ruff_python_ast::Stmt;
use std::collections::HashMap;
use upyc_abi::{emitted, STATIC_QSTRS};

/// What the generated code targets.
#[derive(Clone, Copy, Debug)]
pub struct Target {
    /// Machine word size in bits (32 or 64).
    pub word_bits: u32,
}

impl Target {
    /// CLIF type of a machine word (an object).
    pub fn word(&self) -> Type {
        if self.word_bits == 64 {
            types::I64
        } else {
            types::I32
        }
    }

    /// Bytes per word.
    pub fn word_bytes(&self) -> u32 {
        self.word_bits / 8
    }

    /// A signature of `params` words returning one word (or nothing).
    pub fn signature(&self, params: usize, returns: bool) -> Signature {
        let mut sig = Signature::new(CallConv::SystemV);
        for _ in 0..params {
            sig.params.push(AbiParam::new(self.word()));
        }
        if returns {
            sig.returns.push(AbiParam::new(self.word()));
        }
        sig
    }
}

/// Python functions with more parameters than this receive a pointer to an argument array.
pub const MAX_REGISTER_PARAMS: usize = 4;

/// A module-level function the compiler calls directly.
#[derive(Clone, Debug)]
pub(crate) struct DirectDef {
    symbol: String,
    nparams: usize,
    /// The parameters' names (positional-only ones first).
    names: Vec<String>,
    /// How many of them are positional-only.
    posonly: usize,
    /// How many of the last parameters have defaults.
    ndefaults: usize,
    /// It has a `*args` parameter (after the others).
    pub(crate) varargs: bool,
}

/// Where a direct call finds one parameter's value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum ArgSource {
    /// The call's `i`-th argument (positional ones, then keyword ones, in source order).
    Arg(usize),
    /// The `i`-th value of the function's defaults tuple.
    Default(usize),
    /// A tuple of the call's arguments `start..end` (`*args`).
    Tuple(usize, usize),
}

impl DirectDef {
    /// Binds a call's `n_pos` positional arguments and keyword arguments `keywords` to
    /// the parameters at compile time, Python's rules; `None` when the call is an error
    /// (the generic call raises it at run time) or too many arguments (the direct path
    /// raises that itself).
    pub(crate) fn bind(&self, n_pos: usize, keywords: &[&str]) -> Option<Vec<ArgSource>> {
        if n_pos > self.nparams && !self.varargs {
            return None;
        }
        let mut slots: Vec<Option<ArgSource>> = (0..self.nparams)
            .map(|i| (i < n_pos).then_some(ArgSource::Arg(i)))
            .collect();
        if self.varargs {
            let extra = n_pos.max(self.nparams);
            slots.push(Some(ArgSource::Tuple(self.nparams, extra)));
        }
        for (k, name) in keywords.iter().enumerate() {
            let i = self.names.iter().position(|n| n == name)?;
            if i < self.posonly || slots[i].is_some() {
                return None;
            }
            slots[i] = Some(ArgSource::Arg(n_pos + k));
        }
        let first_default = self.nparams - self.ndefaults;
        slots
            .into_iter()
            .enumerate()
            .map(|(i, s)| {
                s.or_else(|| (i >= first_default).then(|| ArgSource::Default(i - first_default)))
            })
            .collect()
    }
}

/// Collects the symbols, interned strings and functions of one program. The program's
/// modules are lowered one after the other; the fields marked "per module" describe the
/// one being lowered.
pub struct ProgramBuilder<'s> {
    target: Target,
    /// Every module of the program.
    modules: &'s Modules,
    /// Index of the module being lowered in `modules.units`.
    unit: usize,
    /// Per module: its source.
    src: &'s SourceFile,
    /// Per module: facts about its body.
    scope: ModuleScope,
    /// Per module: prefix of its symbols (`main` for the entry script).
    prefix: String,
    /// Per module: the symbol of its global-slot array.
    globals_symbol: String,
    qstrs: Vec<String>,
    qstr_ids: HashMap<String, usize>,
    func_symbols: Vec<String>,
    func_symbol_ids: HashMap<String, u32>,
    data_symbols: Vec<String>,
    data_symbol_ids: HashMap<String, u32>,
    /// Per module: the names of its global slots.
    global_slots: Vec<String>,
    global_slot_ids: HashMap<String, usize>,
    /// Per module: its module-level functions called directly.
    defs: HashMap<String, DirectDef>,
    functions: Vec<FuncDef>,
    /// Per module: its `const()` names.
    consts: consts::Consts,
    /// Nested functions and lambdas still to compile.
    pending: Vec<function::Pending>,
    /// Data emitted by the lowering besides the qstr table and globals.
    extra_data: Vec<DataDef>,
    /// Resume functions of generators and their first `yield` (or `await`), where a
    /// verifier failure (a value held across a yield) is reported.
    gen_first_yield: HashMap<String, (usize, ruff_text_size::TextRange)>,
    /// The build's choice of native code or bytecode per module.
    emit: emitter::EmitChoice,
    /// Per module: lower without inline fast paths (the module becomes bytecode; a
    /// `@micropython.native` function inside turns it off while it is lowered).
    compact: bool,
    /// Per module: index of its first function in `functions`.
    unit_first_function: usize,
    /// Functions that stay native in a bytecode module (`@native`, `@viper`).
    native_forced: std::collections::HashSet<String>,
    /// Functions to convert to bytecode.
    bytecode: std::collections::HashSet<String>,
    /// The data word caching an object (float literal, builtin), by key (`cache_symbol`).
    object_cache: HashMap<String, String>,
    /// Read-only float objects made for float literals, by the bits of their value.
    float_objects: HashMap<u64, usize>,
    /// The float objects of the table [`emitted::FLOATS`], back to back.
    float_table: Vec<u8>,
    /// The type word of each float object in `float_table`.
    float_relocs: Vec<(u32, crate::backend::PoolEntry)>,
    /// Attribute caches made so far.
    attr_caches: usize,
    /// The symbol pool bytecode refers to (compact bytecode fills it while lowering).
    pool: crate::bytecode::Pool,
    /// Functions compiled to compact bytecode, by symbol.
    compact_code: HashMap<String, compact::CompactCode>,
    /// Functions of bytecode modules that stay register bytecode, and why.
    not_compact: Vec<(String, String)>,
}

impl<'s> ProgramBuilder<'s> {
    fn new(target: Target, modules: &'s Modules) -> Self {
        let main = &modules.units[0];
        let mut pb = ProgramBuilder {
            target,
            modules,
            unit: 0,
            src: &main.src,
            scope: ModuleScope::default(),
            prefix: String::new(),
            globals_symbol: String::new(),
            qstrs: Vec::new(),
            qstr_ids: HashMap::new(),
            func_symbols: Vec::new(),
            func_symbol_ids: HashMap::new(),
            data_symbols: Vec::new(),
            data_symbol_ids: HashMap::new(),
            global_slots: Vec::new(),
            global_slot_ids: HashMap::new(),
            defs: HashMap::new(),
            functions: Vec::new(),
            consts: consts::Consts::new(),
            pending: Vec::new(),
            extra_data: Vec::new(),
            gen_first_yield: HashMap::new(),
            emit: emitter::EmitChoice::default(),
            compact: false,
            unit_first_function: 0,
            native_forced: Default::default(),
            bytecode: Default::default(),
            object_cache: HashMap::new(),
            float_objects: HashMap::new(),
            float_table: Vec::new(),
            float_relocs: Vec::new(),
            attr_caches: 0,
            pool: Default::default(),
            compact_code: HashMap::new(),
            not_compact: Vec::new(),
        };
        for (q, name) in STATIC_QSTRS.iter().enumerate() {
            pb.qstr_ids.insert(name.to_string(), q);
        }
        pb
    }

    /// The qstr number of `text`, interning it.
    fn qstr(&mut self, text: &str) -> usize {
        if let Some(&id) = self.qstr_ids.get(text) {
            return id;
        }
        let id = STATIC_QSTRS.len() + self.qstrs.len();
        self.qstrs.push(text.to_string());
        self.qstr_ids.insert(text.to_string(), id);
        id
    }

    /// The symbol of a data word (a GC root) caching the object `key` names, made once
    /// per program, zero until first filled: `float:TEXT` for a float literal,
    /// `builtin:NAME` for a builtin looked up by name.
    fn cache_symbol(&mut self, key: &str) -> String {
        if let Some(s) = self.object_cache.get(key) {
            return s.clone();
        }
        let symbol = format!("upy_cache_{}", self.object_cache.len());
        self.zeroed_words(&symbol, 1);
        self.object_cache.insert(key.to_string(), symbol.clone());
        symbol
    }

    /// Defines local data `symbol`: `n` words of `.bss`.
    fn zeroed_words(&mut self, symbol: &str, n: usize) {
        let wb = self.target.word_bytes() as usize;
        self.extra_data.push(DataDef {
            name: symbol.to_string(),
            exported: false,
            kind: DataKind::Zeroed,
            align: wb as u64,
            bytes: vec![0; n * wb],
            relocs: Vec::new(),
        });
    }

    /// The data symbol of a read-only float object holding the value of the
    /// float literal `text` (`_` already removed; a leading `-` for a negated literal)
    /// at the target's float precision, made once per value; `None` if the text does
    /// not parse.
    fn float_object(&mut self, text: &str) -> Option<usize> {
        let wb = self.target.word_bytes() as usize;
        let value: Vec<u8> = if wb == 4 {
            text.parse::<f32>().ok()?.to_le_bytes().to_vec()
        } else {
            text.parse::<f64>().ok()?.to_le_bytes().to_vec()
        };
        let key = value.iter().rev().fold(0u64, |k, &b| k << 8 | u64::from(b));
        if let Some(&index) = self.float_objects.get(&key) {
            return Some(index);
        }
        let index = self.float_objects.len();
        let ty = self.data_symbol(upyc_abi::entry::FLOAT_TYPE);
        let at = self.float_table.len() as u32;
        self.float_table.extend(std::iter::repeat_n(0u8, wb));
        self.float_table.extend_from_slice(&value);
        self.float_relocs
            .push((at, crate::backend::PoolEntry::Data(ty)));
        self.float_objects.insert(key, index);
        Some(index)
    }

    /// A new site cache (three zeroed words, see the runtime's `site_cache`): its symbol.
    fn attr_cache_symbol(&mut self) -> String {
        let symbol = format!("upy_acache_{}", self.attr_caches);
        self.attr_caches += 1;
        self.zeroed_words(&symbol, 3);
        symbol
    }

    /// Index of a function symbol (namespace 0).
    fn func_symbol(&mut self, name: &str) -> u32 {
        intern_symbol(&mut self.func_symbols, &mut self.func_symbol_ids, name)
    }

    /// Index of a data symbol (namespace 1).
    fn data_symbol(&mut self, name: &str) -> u32 {
        intern_symbol(&mut self.data_symbols, &mut self.data_symbol_ids, name)
    }

    /// A located error for the builtins `eval`, `exec` and `compile` (unless the program
    /// binds the name itself): there is no compiler on the device.
    fn check_no_eval(&self, name: &str, range: ruff_text_size::TextRange) -> Result<()> {
        if matches!(name, "eval" | "exec" | "compile") && !self.scope.assigned.contains(name) {
            return Err(self.src.error(
                range,
                format!(
                    "{name}() is not supported: upyc compiles ahead of time and has no compiler on the device"
                ),
            ));
        }
        Ok(())
    }

    /// Slot number of module global `name`.
    fn global_slot(&mut self, name: &str) -> usize {
        if let Some(&slot) = self.global_slot_ids.get(name) {
            return slot;
        }
        let slot = self.global_slots.len();
        self.global_slots.push(name.to_string());
        self.global_slot_ids.insert(name.to_string(), slot);
        slot
    }

    fn finish(mut self) -> Program {
        // The program's qstrs (the static ones are the runtime's): text back to back,
        // u16 offsets (u32 past 64 KiB of text) and u16 hashes.
        let data: Vec<u8> = self.qstrs.iter().flat_map(|q| q.bytes()).collect();
        let wide = data.len() > u16::MAX as usize;
        let mut offsets = Vec::new();
        let mut hashes = Vec::new();
        let mut at = 0usize;
        for q in self.qstrs.iter().map(|q| q.len()).chain([0]) {
            if wide {
                offsets.extend_from_slice(&(at as u32).to_le_bytes());
            } else {
                offsets.extend_from_slice(&(at as u16).to_le_bytes());
            }
            at += q;
        }
        for q in &self.qstrs {
            hashes.extend_from_slice(&(upyc_abi::str_hash(q.as_bytes()) as u16).to_le_bytes());
        }
        let flag = if wide { upyc_abi::QSTR_WIDE } else { 0 };
        let count = (self.qstrs.len() as u32 | flag).to_le_bytes().to_vec();
        // Make sure every emitted data symbol is in the symbol table.
        for name in [
            emitted::QSTR_COUNT,
            emitted::QSTR_OFFSETS,
            emitted::QSTR_DATA,
            emitted::QSTR_HASHES,
            emitted::FLOATS,
            emitted::ENTRY,
            emitted::COMPACT_CALL,
        ] {
            self.data_symbol(name);
        }
        let main = self.func_symbol(emitted::MAIN);
        let wb = self.target.word_bytes() as usize;
        let mut defs = vec![
            DataDef {
                name: emitted::QSTR_COUNT.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: 4,
                bytes: count,
                relocs: Vec::new(),
            },
            DataDef {
                name: emitted::QSTR_OFFSETS.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: if wide { 4 } else { 2 },
                bytes: offsets,
                relocs: Vec::new(),
            },
            DataDef {
                name: emitted::QSTR_DATA.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: 1,
                bytes: data,
                relocs: Vec::new(),
            },
            DataDef {
                name: emitted::QSTR_HASHES.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: 2,
                bytes: hashes,
                relocs: Vec::new(),
            },
            DataDef {
                name: emitted::FLOATS.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: u64::from(self.target.word_bytes()),
                bytes: std::mem::take(&mut self.float_table),
                relocs: std::mem::take(&mut self.float_relocs),
            },
            DataDef {
                name: emitted::ENTRY.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: wb as u64,
                bytes: vec![0; wb],
                relocs: vec![(0, crate::backend::PoolEntry::Func(main))],
            },
            // Zero until the bytecode conversion makes a compact function.
            DataDef {
                name: emitted::COMPACT_CALL.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: wb as u64,
                bytes: vec![0; wb],
                relocs: Vec::new(),
            },
        ];
        defs.append(&mut self.extra_data);
        Program {
            functions: self.functions,
            data: defs,
            func_symbols: self.func_symbols,
            data_symbols: self.data_symbols,
            pool: Vec::new(),
        }
    }
}

fn intern_symbol(list: &mut Vec<String>, ids: &mut HashMap<String, u32>, name: &str) -> u32 {
    if let Some(&id) = ids.get(name) {
        return id;
    }
    let id = list.len() as u32;
    list.push(name.to_string());
    ids.insert(name.to_string(), id);
    id
}

/// A lowered program and the functions to convert to bytecode.
pub struct Lowered {
    /// The optimised program (all functions still CLIF).
    pub program: Program,
    /// Symbols of the functions the build wants as bytecode.
    pub bytecode: std::collections::HashSet<String>,
    /// Those of them compiled to compact bytecode, by symbol.
    pub compact: HashMap<String, CompactCode>,
    /// Those that are register bytecode, with the construct that kept them so.
    pub not_compact: Vec<(String, String)>,
    /// The symbol pool as compact bytecode left it.
    pub pool: crate::bytecode::Pool,
}

pub use compact::CompactCode;
pub(crate) use function::Symbols;

/// Lowers every module of a program to an optimised [`Program`], each module for the
/// mode `emit` gives it.
pub fn lower_program(
    modules: &Modules,
    target: Target,
    emit: &emitter::EmitChoice,
) -> Result<Lowered> {
    let mut pb = ProgramBuilder::new(target, modules);
    pb.emit = emit.clone();
    let outside_stores = attribute_store_names(modules);
    for (i, unit) in modules.units.iter().enumerate() {
        pb.begin_unit(i, &outside_stores)?;
        if i == 0 {
            function::lower_module_body(&mut pb, &unit.ast)?;
        } else {
            function::lower_module_init(&mut pb, unit)?;
        }
        for stmt in &unit.ast.body {
            if let Stmt::FunctionDef(def) = stmt {
                function::lower_any_def(&mut pb, def, &[])?;
            }
        }
        while let Some(p) = pb.pending.pop() {
            match p {
                function::Pending::Def(def, free) => function::lower_any_def(&mut pb, &def, &free)?,
                function::Pending::Lambda(l, symbol, free) => {
                    function::lower_lambda(&mut pb, &l, &symbol, &free)?
                }
                function::Pending::GenExp(g, symbol, free) => {
                    function::lower_genexp(&mut pb, &g, &symbol, &free)?
                }
            }
        }
        pb.end_unit();
    }
    let gen_first_yield = std::mem::take(&mut pb.gen_first_yield);
    let bytecode = std::mem::take(&mut pb.bytecode);
    let compact = std::mem::take(&mut pb.compact_code);
    let not_compact = std::mem::take(&mut pb.not_compact);
    let pool = std::mem::take(&mut pb.pool);
    let mut program = pb.finish();
    for f in &mut program.functions {
        midend::optimise(&mut f.clif, &f.nonzero).map_err(|e| {
            if let Some(&(unit, range)) = gen_first_yield.get(&f.name) {
                if e.starts_with("CLIF verifier:") {
                    // A value the lowering does not keep in a variable lives across a
                    // suspension point.
                    return modules.units[unit].src.error(
                        range,
                        "this generator suspends inside an expression in a way that is not supported yet (use a separate statement for the 'yield')",
                    );
                }
            }
            crate::diag::Diagnostic::file(
                &modules.units[0].src.path,
                format!("internal compiler error in {}: {e}", f.name),
            )
        })?;
    }
    Ok(Lowered {
        program,
        bytecode,
        compact,
        not_compact,
        pool,
    })
}

/// Names stored as attributes anywhere in the program (`x.name = ...`): a module-level
/// function of an imported module with such a name may be replaced from outside, so it
/// is not called directly.
fn attribute_store_names(modules: &Modules) -> std::collections::HashSet<String> {
    use ruff_python_ast::visitor::{self, Visitor};
    struct Stores(std::collections::HashSet<String>);
    impl<'a> Visitor<'a> for Stores {
        fn visit_expr(&mut self, e: &'a ruff_python_ast::Expr) {
            if let ruff_python_ast::Expr::Attribute(a) = e {
                if a.ctx.is_store() || a.ctx.is_del() {
                    self.0.insert(a.attr.id.to_string());
                }
            }
            visitor::walk_expr(self, e);
        }
    }
    let mut v = Stores(Default::default());
    for unit in &modules.units {
        v.visit_body(&unit.ast.body);
    }
    v.0
}

impl ProgramBuilder<'_> {
    /// Starts lowering module `index`: its scope, constants and directly called
    /// functions.
    fn begin_unit(
        &mut self,
        index: usize,
        outside_stores: &std::collections::HashSet<String>,
    ) -> Result<()> {
        let unit = &self.modules.units[index];
        self.unit = index;
        self.src = &unit.src;
        self.prefix = unit.prefix.clone();
        self.globals_symbol = format!("upy_globals_{}", unit.prefix);
        self.scope = ModuleScope::of(&unit.ast.body);
        self.compact = self.emit.for_module(&unit.name) == emitter::Mode::Bytecode;
        self.unit_first_function = self.functions.len();
        // `from m import *` binds m's public names.
        for stmt in &unit.ast.body {
            if let Stmt::ImportFrom(f) = stmt {
                if f.names.iter().any(|a| a.name.id.as_str() == "*") {
                    let module = f.module.as_ref().map(|m| m.id.as_str());
                    let target = self
                        .modules
                        .absolute(index, f.level, module)
                        .and_then(|n| self.modules.resolve(&n));
                    if let Some(Resolved::User(t)) = target {
                        self.scope
                            .assigned
                            .extend(public_names(&self.modules.units[t]));
                    }
                }
            }
        }
        self.global_slots.clear();
        self.global_slot_ids.clear();
        self.defs.clear();
        self.consts = consts::collect(&unit.src, &unit.ast.body)?;
        for stmt in &unit.ast.body {
            if let Stmt::FunctionDef(def) = stmt {
                let name = def.name.id.to_string();
                let replaceable = index != 0 && outside_stores.contains(&name);
                if self.scope.direct_defs.contains(&name) && !replaceable {
                    let symbol = function::def_symbol(self, def);
                    let p = &def.parameters;
                    let names: Vec<String> = p
                        .posonlyargs
                        .iter()
                        .chain(&p.args)
                        .map(|a| a.parameter.name.id.to_string())
                        .collect();
                    let ndefaults = p
                        .posonlyargs
                        .iter()
                        .chain(&p.args)
                        .filter(|a| a.default.is_some())
                        .count();
                    self.defs.insert(
                        name,
                        DirectDef {
                            symbol,
                            nparams: names.len(),
                            names,
                            posonly: p.posonlyargs.len(),
                            ndefaults,
                            varargs: p.vararg.is_some(),
                        },
                    );
                }
            }
        }
        Ok(())
    }

    /// Ends the module being lowered: emits its global slots and (for imported modules)
    /// the table of their names and the word holding its module object.
    fn end_unit(&mut self) {
        if self.emit.for_module(&self.modules.units[self.unit].name) == emitter::Mode::Bytecode {
            for f in &self.functions[self.unit_first_function..] {
                // A generic entry only loads the argument slots and calls the body: as
                // machine code it is smaller than bytecode plus its stub, and a call
                // passes through one VM instead of two.
                let generic_entry = f.name.starts_with("upy_gfn_");
                if !self.native_forced.contains(&f.name) && !generic_entry {
                    self.bytecode.insert(f.name.clone());
                }
            }
        }
        let wb = self.target.word_bytes() as usize;
        let globals = vec![0u8; self.global_slots.len().max(1) * wb];
        let globals_symbol = self.globals_symbol.clone();
        self.data_symbol(&globals_symbol);
        self.extra_data.push(DataDef {
            name: globals_symbol,
            exported: false,
            kind: DataKind::Zeroed,
            align: wb as u64,
            bytes: globals,
            relocs: Vec::new(),
        });
        if self.unit == 0 {
            return;
        }
        // `[count, qstr of slot 0, qstr of slot 1, ...]` as 32-bit words.
        let mut names = (self.global_slots.len() as u32).to_le_bytes().to_vec();
        let slots = self.global_slots.clone();
        for name in &slots {
            let q = self.qstr(name) as u32;
            names.extend_from_slice(&q.to_le_bytes());
        }
        let names_symbol = module_names_symbol(&self.prefix);
        self.data_symbol(&names_symbol);
        self.extra_data.push(DataDef {
            name: names_symbol,
            exported: false,
            kind: DataKind::ReadOnly,
            align: 4,
            bytes: names,
            relocs: Vec::new(),
        });
        let object_symbol = module_object_symbol(&self.prefix);
        self.data_symbol(&object_symbol);
        self.extra_data.push(DataDef {
            name: object_symbol,
            exported: false,
            kind: DataKind::Zeroed,
            align: wb as u64,
            bytes: vec![0u8; wb],
            relocs: Vec::new(),
        });
    }
}

/// Symbol of the function that imports (initialises) the module with symbol prefix
/// `prefix`, returning its module object.
pub(crate) fn module_init_symbol(prefix: &str) -> String {
    format!("upy_modinit_{prefix}")
}

/// Symbol of the word holding the module object (0 until the first import).
pub(crate) fn module_object_symbol(prefix: &str) -> String {
    format!("upy_modobj_{prefix}")
}

/// Symbol of the module's global-slot name table.
pub(crate) fn module_names_symbol(prefix: &str) -> String {
    format!("upy_modnames_{prefix}")
}

/// The names `from m import *` binds: `__all__` when the module assigns it a literal
/// list or tuple of strings, otherwise every module-level name not starting with `_`.
pub(crate) fn public_names(unit: &Unit) -> Vec<String> {
    use ruff_python_ast::Expr;
    for stmt in &unit.ast.body {
        if let Stmt::Assign(a) = stmt {
            let is_all = a
                .targets
                .iter()
                .any(|t| matches!(t, Expr::Name(n) if n.id.as_str() == "__all__"));
            let elts = match &*a.value {
                Expr::List(l) => Some(&l.elts),
                Expr::Tuple(t) => Some(&t.elts),
                _ => None,
            };
            if let (true, Some(elts)) = (is_all, elts) {
                return elts
                    .iter()
                    .filter_map(|e| match e {
                        Expr::StringLiteral(s) => Some(s.value.to_str().to_string()),
                        _ => None,
                    })
                    .collect();
            }
        }
    }
    ModuleScope::of(&unit.ast.body)
        .assigned
        .into_iter()
        .filter(|n| !n.starts_with('_'))
        .collect()
}
