//! Thumb-2 backend (ARMv7-M / ARMv7E-M): instruction selection, regalloc2, encoder, ELF writer.
//!
//! Pipeline per function: [`isel`] lowers optimised CLIF to machine instructions over
//! virtual registers, [`regalloc`] runs regalloc2 and drives [`emit`] (encodings from
//! [`encode`], frame from [`frame`]); [`object`] writes all functions and data into one
//! ARM ELF relocatable.

mod emit;
mod encode;
mod frame;
mod inst;
mod isel;
mod object;
mod regalloc;
mod scache;

#[cfg(test)]
mod tests;

use crate::backend::{BackendError, Program};

/// Compiles every function and data object of `program` into an ARM ELF relocatable (bytes).
pub fn emit_object(program: &Program) -> Result<Vec<u8>, BackendError> {
    let mut code = Vec::with_capacity(program.functions.len());
    for f in &program.functions {
        let err = |message: String| BackendError {
            function: f.name.clone(),
            message,
        };
        let vcode = isel::lower(&f.clif).map_err(err)?;
        code.push(regalloc::allocate_and_emit(&vcode).map_err(err)?);
    }
    object::write(program, &code).map_err(|message| BackendError {
        function: String::new(),
        message,
    })
}
