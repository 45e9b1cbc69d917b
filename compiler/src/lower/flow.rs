//! Block emission shared by the lowerings: it records which blocks something branches
//! to, so that code following a terminator (after `return`, `break`, `raise`) is only
//! emitted into blocks that are reachable.

use cranelift_codegen::ir::{Block, BlockArg, InstBuilder, Type, Value};
use cranelift_frontend::FunctionBuilder;
use std::collections::HashSet;

/// Reachability of the blocks of the function being built.
pub(crate) struct Flow {
    targeted: HashSet<Block>,
    /// The current block can be reached (code may be emitted).
    pub(crate) reachable: bool,
    exc: Option<Block>,
}

impl Flow {
    /// A function whose entry block is current.
    pub(crate) fn new() -> Flow {
        Flow {
            targeted: HashSet::new(),
            reachable: true,
            exc: None,
        }
    }

    /// True when something branches to `block`.
    pub(crate) fn is_targeted(&self, block: Block) -> bool {
        self.targeted.contains(&block)
    }

    /// Emits `jump to(args)`.
    pub(crate) fn jump(&mut self, b: &mut FunctionBuilder<'_>, to: Block, args: &[Value]) {
        self.targeted.insert(to);
        let args: Vec<BlockArg> = args.iter().map(|v| BlockArg::Value(*v)).collect();
        b.ins().jump(to, &args);
    }

    /// Emits `brif c, t(targs), f(fargs)`.
    pub(crate) fn brif(
        &mut self,
        b: &mut FunctionBuilder<'_>,
        c: Value,
        t: Block,
        targs: &[Value],
        f: Block,
        fargs: &[Value],
    ) {
        self.targeted.insert(t);
        self.targeted.insert(f);
        let targs: Vec<BlockArg> = targs.iter().map(|v| BlockArg::Value(*v)).collect();
        let fargs: Vec<BlockArg> = fargs.iter().map(|v| BlockArg::Value(*v)).collect();
        b.ins().brif(c, t, &targs, f, &fargs);
    }

    /// Continues in `block`; code after it is only emitted if something jumps there.
    pub(crate) fn switch_to(&mut self, b: &mut FunctionBuilder<'_>, block: Block) {
        self.reachable = self.targeted.contains(&block);
        if self.reachable {
            b.switch_to_block(block);
        }
    }

    /// The function's exception block (block parameter: the line), created on first use.
    pub(crate) fn exc_block(&mut self, b: &mut FunctionBuilder<'_>, word: Type) -> Block {
        if let Some(e) = self.exc {
            return e;
        }
        let e = b.create_block();
        b.append_block_param(e, word);
        self.exc = Some(e);
        e
    }

    /// The exception block, if one was created.
    pub(crate) fn exc(&self) -> Option<Block> {
        self.exc
    }
}

/// Declares `symbol` (a data object, namespace 1) in the function being built and returns
/// a global value for its address.
pub(crate) fn import_data(
    pb: &mut super::ProgramBuilder<'_>,
    b: &mut FunctionBuilder<'_>,
    symbol: &str,
) -> cranelift_codegen::ir::GlobalValue {
    import_data_at(pb, b, symbol, 0)
}

/// The address `offset` bytes into data `symbol`, as a global value of the function
/// being built.
pub(crate) fn import_data_at(
    pb: &mut super::ProgramBuilder<'_>,
    b: &mut FunctionBuilder<'_>,
    symbol: &str,
    offset: i64,
) -> cranelift_codegen::ir::GlobalValue {
    use cranelift_codegen::ir::{
        immediates::Imm64, ExternalName, GlobalValueData, UserExternalName,
    };
    let idx = pb.data_symbol(symbol);
    let name = b
        .func
        .declare_imported_user_function(UserExternalName::new(1, idx));
    b.create_global_value(GlobalValueData::Symbol {
        name: ExternalName::user(name),
        offset: Imm64::new(offset),
        colocated: false,
        tls: false,
    })
}

/// Declares function `symbol` (namespace 0) taking `nparams` words and returning one (or
/// nothing) in the function being built.
pub(crate) fn import_func(
    pb: &mut super::ProgramBuilder<'_>,
    b: &mut FunctionBuilder<'_>,
    symbol: &str,
    nparams: usize,
    returns: bool,
) -> cranelift_codegen::ir::FuncRef {
    use cranelift_codegen::ir::{ExtFuncData, ExternalName, UserExternalName};
    let idx = pb.func_symbol(symbol);
    let name = b
        .func
        .declare_imported_user_function(UserExternalName::new(0, idx));
    let signature = b.import_signature(pb.target.signature(nparams, returns));
    b.import_function(ExtFuncData {
        name: ExternalName::user(name),
        signature,
        colocated: false,
        patchable: false,
    })
}
