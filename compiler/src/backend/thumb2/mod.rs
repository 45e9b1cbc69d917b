//! Thumb-2 backend (ARMv7-M / ARMv7E-M): instruction selection, regalloc2, encoder, ELF writer.
