//! Code generation: from optimised CLIF to a relocatable object, one module per target.
//!
//! The lowering stage produces a [`Program`]; a backend turns it into the bytes of an
//! ELF relocatable object that the linker stage links with the runtime.

pub mod host;
pub mod thumb2;

use cranelift_codegen::ir;

/// The blocks a terminator branches to, each with the values it passes.
pub fn successors(
    f: &ir::Function,
    term: ir::Inst,
) -> Result<Vec<(ir::Block, Vec<ir::Value>)>, String> {
    let dfg = &f.dfg;
    let mut out = Vec::new();
    for bc in dfg.insts[term].branch_destination(&dfg.jump_tables, &dfg.exception_tables) {
        let mut args = Vec::new();
        for a in bc.args(&dfg.value_lists) {
            args.push(a.as_value().ok_or("unsupported block argument kind")?);
        }
        out.push((bc.block(&dfg.value_lists), args));
    }
    Ok(out)
}

/// A function to compile.
pub struct FuncDef {
    /// Symbol name.
    pub name: String,
    /// Visible to other objects (the runtime calls it), or local to this object.
    pub exported: bool,
    /// Optimised CLIF. Calls refer to `UserExternalName { namespace: 0, index: i }` =
    /// `Program::func_symbols[i]`; data addresses (`symbol_value`) refer to
    /// `UserExternalName { namespace: 1, index: i }` = `Program::data_symbols[i]`.
    pub clif: ir::Function,
    /// Values of `clif` the lowering knows are never zero (the mid-end folds tests of
    /// them); only meaningful before optimisation.
    pub nonzero: Vec<ir::Value>,
}

/// What a data object holds and where it goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DataKind {
    /// `.rodata`
    ReadOnly,
    /// `.data`
    Writable,
    /// `.bss` (the bytes are all zero; only their length matters)
    Zeroed,
}

/// A data object to emit.
pub struct DataDef {
    /// Symbol name.
    pub name: String,
    /// Visible to other objects (the runtime reads it), or local to this object.
    pub exported: bool,
    /// Section kind.
    pub kind: DataKind,
    /// Alignment in bytes (a power of two).
    pub align: u64,
    /// Contents (for `Zeroed`, zeros of the right length).
    pub bytes: Vec<u8>,
    /// Words of `bytes` (byte offset) the linker fills with an address: a
    /// [`PoolEntry::Func`] or [`PoolEntry::Data`] (not for `Zeroed`).
    pub relocs: Vec<(u32, PoolEntry)>,
}

/// Everything one object file holds.
pub struct Program {
    /// Functions defined here.
    pub functions: Vec<FuncDef>,
    /// Data defined here.
    pub data: Vec<DataDef>,
    /// Function symbols CLIF calls (namespace 0): defined here or in the runtime.
    pub func_symbols: Vec<String>,
    /// Data symbols CLIF takes the address of (namespace 1): defined here or in the runtime.
    pub data_symbols: Vec<String>,
    /// The words of the bytecode symbol pool (`upy_bc_pool`, always emitted, maybe
    /// empty): the address of each entry's symbol.
    pub pool: Vec<PoolEntry>,
}

/// A word of the bytecode symbol pool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum PoolEntry {
    /// The address of `Program::func_symbols[i]`.
    Func(u32),
    /// The address of `Program::data_symbols[i]`.
    Data(u32),
    /// The generic entry `Program::func_symbols[i]` in a function's descriptor: the
    /// bytecode conversion makes it the VM's own entry when the function is compact
    /// bytecode (else it is [`Func`](Self::Func)).
    Entry(u32),
}

/// A code generation failure: a compiler bug or an unsupported CLIF form, never bad input.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackendError {
    /// Function being compiled.
    pub function: String,
    /// What went wrong.
    pub message: String,
}

impl std::fmt::Display for BackendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "code generation failed in `{}`: {}",
            self.function, self.message
        )
    }
}

impl std::error::Error for BackendError {}
