//! `machine.mem32[CONST + CONST] = v` and friends compile to single load and store
//! instructions on the pyboard, and two reads of the same address stay two reads (a
//! device register may change between them). Checked on the disassembly of a built image
//! (`arm-none-eabi-objdump`, Debian `binutils-arm-none-eabi`, installed by `setup.sh`).
//! What the accesses do is checked by the conformance corpus
//! (`tests/micropython/machine_mem*.py`).

mod common;
use common::{build_pyboard, function};

const PROGRAM: &str = r#"
from micropython import const
import machine
from machine import mem16

GPIOA = const(0x40020000)
ODR = const(0x14)


def set_const():
    machine.mem32[GPIOA + ODR] = 0xFFFFFFFF


def read16():
    return mem16[GPIOA + ODR]


def poll(a):
    return machine.mem32[a] + machine.mem32[a]


def store_then_load():
    machine.mem32[GPIOA] = 1
    return machine.mem32[GPIOA]
"#;

fn count(insts: &[String], mnemonic: &str) -> usize {
    insts
        .iter()
        .filter(|i| i.split_whitespace().next() == Some(mnemonic))
        .count()
}

#[test]
fn constant_addresses_are_single_loads_and_stores() {
    let (_dir, elf, _) = build_pyboard(PROGRAM, &[]);

    // The body after the stack check: constants, one str.w, no calls but the check's.
    let set = function(&elf, "upy_fn_main_set_const_L");
    assert_eq!(count(&set, "str.w") + count(&set, "str"), 1, "{set:#?}");
    assert_eq!(
        count(&set, "bl"),
        1,
        "only the recursion check calls: {set:#?}"
    );
    assert!(
        set.iter().any(|i| i.contains("#16386")),
        "movt of 0x4002: {set:#?}"
    );

    let read = function(&elf, "upy_fn_main_read16_L");
    assert_eq!(
        count(&read, "ldrh.w") + count(&read, "ldrh"),
        1,
        "{read:#?}"
    );
    assert_eq!(count(&read, "bl"), 1, "{read:#?}");

    // Two reads of one address are not merged.
    let poll = function(&elf, "upy_fn_main_poll_L");
    let loads = poll
        .iter()
        .filter(|i| i.starts_with("ldr") && !i.contains("sp"))
        .count();
    assert!(loads >= 3, "stack limit + two reads: {poll:#?}");

    // A stored value is read back from memory, not forwarded.
    let st = function(&elf, "upy_fn_main_store_then_load_L");
    assert_eq!(count(&st, "str.w") + count(&st, "str"), 1, "{st:#?}");
    let loads = st.iter().filter(|i| i.starts_with("ldr")).count();
    assert_eq!(loads, 2, "stack limit + the read back: {st:#?}");
}
