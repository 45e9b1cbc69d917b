//! CLIF → object → QEMU.
