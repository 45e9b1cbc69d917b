//! Lowering: the analysed module becomes CLIF functions plus data (the qstr table and
//! the module's global slots), then each function goes through the e-graph mid-end.

pub mod consts;
pub mod emitter;
mod flow;
mod function;
pub mod midend;
mod viper;

use crate::backend::{DataDef, DataKind, FuncDef, Program};
use crate::diag::Result;
use crate::frontend::scope::ModuleScope;
use crate::frontend::SourceFile;
use cranelift_codegen::ir::{types, AbiParam, Signature, Type};
use cranelift_codegen::isa::CallConv;
use ruff_python_ast::{ModModule, Stmt};
use std::collections::HashMap;
use upyc_abi::{emitted, PREDEFINED_QSTRS};

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
}

/// Collects the symbols, interned strings and functions of one program.
pub struct ProgramBuilder<'s> {
    target: Target,
    src: &'s SourceFile,
    scope: ModuleScope,
    qstrs: Vec<String>,
    qstr_ids: HashMap<String, usize>,
    func_symbols: Vec<String>,
    func_symbol_ids: HashMap<String, u32>,
    data_symbols: Vec<String>,
    data_symbol_ids: HashMap<String, u32>,
    global_slots: Vec<String>,
    global_slot_ids: HashMap<String, usize>,
    defs: HashMap<String, DirectDef>,
    functions: Vec<FuncDef>,
    consts: consts::Consts,
    /// Nested functions and lambdas still to compile.
    pending: Vec<function::Pending>,
    /// Data emitted by the lowering besides the qstr table and globals.
    extra_data: Vec<DataDef>,
    /// Resume functions of generators and their first `yield` (or `await`), where a
    /// verifier failure (a value held across a yield) is reported.
    gen_first_yield: HashMap<String, ruff_text_size::TextRange>,
}

/// Name of the module's global-slot array.
const GLOBALS_SYMBOL: &str = "upy_globals_main";

impl<'s> ProgramBuilder<'s> {
    fn new(target: Target, src: &'s SourceFile, module: &ModModule) -> Self {
        let mut pb = ProgramBuilder {
            target,
            src,
            scope: ModuleScope::of(&module.body),
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
        };
        for name in PREDEFINED_QSTRS {
            pb.qstr(name);
        }
        pb
    }

    /// The qstr number of `text`, interning it.
    fn qstr(&mut self, text: &str) -> usize {
        if let Some(&id) = self.qstr_ids.get(text) {
            return id;
        }
        let id = self.qstrs.len();
        self.qstrs.push(text.to_string());
        self.qstr_ids.insert(text.to_string(), id);
        id
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
        let wb = self.target.word_bytes() as usize;
        let mut offsets = Vec::new();
        let mut data = Vec::new();
        for q in &self.qstrs {
            offsets.extend_from_slice(&(data.len() as u32).to_le_bytes());
            data.extend_from_slice(q.as_bytes());
        }
        offsets.extend_from_slice(&(data.len() as u32).to_le_bytes());
        let count = (self.qstrs.len() as u32).to_le_bytes().to_vec();
        let globals = vec![0u8; self.global_slots.len().max(1) * wb];
        // Make sure every emitted data symbol is in the symbol table.
        for name in [
            emitted::QSTR_COUNT,
            emitted::QSTR_OFFSETS,
            emitted::QSTR_DATA,
            GLOBALS_SYMBOL,
        ] {
            self.data_symbol(name);
        }
        let mut defs = vec![
            DataDef {
                name: emitted::QSTR_COUNT.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: 4,
                bytes: count,
            },
            DataDef {
                name: emitted::QSTR_OFFSETS.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: 4,
                bytes: offsets,
            },
            DataDef {
                name: emitted::QSTR_DATA.into(),
                exported: true,
                kind: DataKind::ReadOnly,
                align: 4,
                bytes: data,
            },
            DataDef {
                name: GLOBALS_SYMBOL.into(),
                exported: false,
                kind: DataKind::Zeroed,
                align: wb as u64,
                bytes: globals,
            },
        ];
        defs.append(&mut self.extra_data);
        Program {
            functions: self.functions,
            data: defs,
            func_symbols: self.func_symbols,
            data_symbols: self.data_symbols,
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

/// Lowers a parsed main module to an optimised [`Program`].
pub fn lower_program(src: &SourceFile, module: &ModModule, target: Target) -> Result<Program> {
    let mut pb = ProgramBuilder::new(target, src, module);
    pb.consts = consts::collect(src, &module.body)?;
    // Symbols for the module-level functions called directly.
    for stmt in &module.body {
        if let Stmt::FunctionDef(def) = stmt {
            let name = def.name.id.to_string();
            if pb.scope.direct_defs.contains(&name) {
                let symbol = function::def_symbol(src, def);
                let p = &def.parameters;
                let nparams = p.posonlyargs.len() + p.args.len();
                pb.defs.insert(name, DirectDef { symbol, nparams });
            }
        }
    }
    function::lower_module_body(&mut pb, module)?;
    for stmt in &module.body {
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
    let gen_first_yield = std::mem::take(&mut pb.gen_first_yield);
    let mut program = pb.finish();
    for f in &mut program.functions {
        midend::optimise(&mut f.clif).map_err(|e| {
            if let Some(&range) = gen_first_yield.get(&f.name) {
                if e.starts_with("CLIF verifier:") {
                    // A value the lowering does not keep in a variable lives across a
                    // suspension point.
                    return src.error(
                        range,
                        "this generator suspends inside an expression in a way that is not supported yet (use a separate statement for the 'yield')",
                    );
                }
            }
            crate::diag::Diagnostic::file(
                &src.path,
                format!("internal compiler error in {}: {e}", f.name),
            )
        })?;
    }
    Ok(program)
}
