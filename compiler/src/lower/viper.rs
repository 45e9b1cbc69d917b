//! `@micropython.viper` functions: typed machine-word lowering (not implemented yet).

use super::ProgramBuilder;
use crate::diag::Result;
use ruff_python_ast::StmtFunctionDef;
use ruff_text_size::Ranged;

/// Compiles a `@micropython.viper` function.
pub(super) fn lower_viper_def(pb: &mut ProgramBuilder<'_>, def: &StmtFunctionDef) -> Result<()> {
    Err(pb
        .src
        .error(def.range(), "@micropython.viper is not supported yet"))
}
