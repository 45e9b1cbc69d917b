//! Viper `ptr8`/`ptr16`/`ptr32` accesses through a constant address (a device register,
//! as with `machine.memN`) are never merged by the mid-end: two reads stay two loads and
//! a stored value is read back from memory, also through a variable assigned before a
//! loop. Pointers into objects (`ptr8(buf)`) keep the usual optimisations. Checked on the
//! disassembly of a built pyboard image (`arm-none-eabi-objdump`, installed by
//! `setup.sh`); what the accesses do is checked by the conformance corpus
//! (`tests/viper/`).

mod common;
use common::{build_pyboard, function};

const PROGRAM: &str = r#"
import micropython
from micropython import const

GPIOA = const(0x40020000)
ODR = const(0x14)


@micropython.viper
def read_twice() -> int:
    p = ptr32(0x40020014)
    return p[0] + p[0]


@micropython.viper
def read_const_expr() -> int:
    return ptr16(GPIOA + ODR)[0] + ptr16(GPIOA + ODR)[0]


@micropython.viper
def store_then_load() -> int:
    p = ptr8(GPIOA)
    p[1] = 5
    return p[1]


@micropython.viper
def poll_loop(n: int) -> int:
    p = ptr32(GPIOA + ODR)
    s = 0
    while n > 0:
        s += p[0] + p[0]
        n -= 1
    return s


@micropython.viper
def buf_twice(b) -> int:
    p = ptr8(b)
    return p[0] + p[0]
"#;

/// How many instructions are `mnemonic` or its `.w` form, not counting accesses to the
/// stack (the prologue's and epilogue's saves, spills).
fn count(insts: &[String], mnemonic: &str) -> usize {
    let wide = format!("{mnemonic}.w");
    insts
        .iter()
        .filter(|i| {
            let m = i.split_whitespace().next();
            (m == Some(mnemonic) || m == Some(wide.as_str())) && !i.contains("[sp")
        })
        .count()
}

#[test]
fn constant_address_pointers_are_not_merged() {
    let (_dir, elf, _) = build_pyboard(PROGRAM, &[]);

    let f = function(&elf, "upy_vfn_main_read_twice_L");
    assert_eq!(
        count(&f, "ldr"),
        2,
        "two reads of ptr32(0x40020014): {f:#?}"
    );

    let f = function(&elf, "upy_vfn_main_read_const_expr_L");
    assert_eq!(
        count(&f, "ldrh"),
        2,
        "two reads of ptr16(GPIOA + ODR): {f:#?}"
    );

    let f = function(&elf, "upy_vfn_main_store_then_load_L");
    assert_eq!(count(&f, "strb"), 1, "{f:#?}");
    assert_eq!(count(&f, "ldrb"), 1, "the stored byte is read back: {f:#?}");

    // The pointer is a loop-carried variable here; still a constant address.
    let f = function(&elf, "upy_vfn_main_poll_loop_L");
    assert_eq!(count(&f, "ldr"), 2, "two reads per iteration: {f:#?}");

    // A pointer into an object is not fenced: the mid-end may merge its reads.
    let f = function(&elf, "upy_vfn_main_buf_twice_L");
    assert_eq!(count(&f, "ldrb"), 1, "{f:#?}");
}
