//! Tests of the Thumb-2 backend against GNU binutils (encodings) and QEMU (execution).
//!
//! They need `arm-none-eabi-as`/`-objcopy`/`-objdump` (Debian `binutils-arm-none-eabi`),
//! `qemu-system-arm` and rust-lld; a missing tool fails the test with a clear message.

mod clif_run;
mod encoder;
mod tools;
