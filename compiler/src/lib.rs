//! upyc: an ahead-of-time compiler from MicroPython programs to native firmware.
//!
//! Stages, one module each: [`frontend`] (parse, scopes) → [`lower`] (CLIF per function,
//! e-graph mid-end) → [`backend`] (host x64 via Cranelift, own Thumb-2) → [`link`]
//! (rust-lld / cc with the runtime) → [`run`] (QEMU or the host). [`driver`] strings
//! them together; [`boards`] reads the board files; [`bench`] is `upyc bench`.

pub mod backend;
pub mod bench;
pub mod boards;
pub mod bytecode;
pub mod diag;
pub mod driver;
pub mod frontend;
pub mod link;
pub mod lower;
pub mod run;
