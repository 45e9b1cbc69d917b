//! Host backend: Cranelift's x64 code generator and `cranelift-object`.
