//! `machine`: `mem8`, `mem16` and `mem32`, word-sized views of the address space.
//! Reads give the unsigned value (`mem32` the signed 32-bit value, as MicroPython on
//! a 32-bit MCU); stores truncate the int to the element size. Addresses must be
//! aligned to the element size (`ValueError`).

use crate::exc;
use crate::module::{Member, ModuleDef};
use crate::obj::{self, Obj, PrintKind, PyResult, Type, Writer, NONE, NULL};

/// A memory view object: its type and element size in bytes.
#[repr(C)]
pub struct MemObj {
    ty: &'static Type,
    size: usize,
}

fn elem_size(o: Obj) -> usize {
    // SAFETY: only `mem` objects reach the slots.
    unsafe { (*(o as *const MemObj)).size }
}

/// The address `index` names, checked for alignment; `None` with an exception pending.
fn address(index: Obj, size: usize) -> Option<usize> {
    let Some(addr) = crate::viper::word_of(index) else {
        exc::raise(&exc::TYPE_ERROR, "address must be an int");
        return None;
    };
    if addr % size != 0 {
        let mut a = [0u8; 24];
        let mut hex = [0u8; 16];
        let digits = {
            let mut n = addr as u64;
            let mut i = hex.len();
            loop {
                i -= 1;
                hex[i] = b"0123456789abcdef"[(n & 15) as usize];
                n >>= 4;
                if n == 0 && hex.len() - i >= 8 {
                    break;
                }
            }
            &hex[i..]
        };
        exc::raise_parts(
            &exc::VALUE_ERROR,
            &[
                b"address ",
                digits,
                b" is not aligned to ",
                crate::console::fmt_int(size as isize, &mut a),
                b" bytes",
            ],
        );
        return None;
    }
    Some(addr)
}

fn subscr(o: Obj, index: Obj) -> Obj {
    let size = elem_size(o);
    let Some(addr) = address(index, size) else {
        return NULL;
    };
    // SAFETY: the program asked for this address; like MicroPython, upyc trusts it.
    let v = unsafe {
        match size {
            1 => core::ptr::read_volatile(addr as *const u8) as isize,
            2 => core::ptr::read_volatile(addr as *const u16) as isize,
            _ => core::ptr::read_volatile(addr as *const u32) as i32 as isize,
        }
    };
    crate::viper::upy_viper_box_int(v)
}

fn store_subscr(o: Obj, index: Obj, value: Obj) -> Obj {
    if value == NULL {
        return exc::raise(
            &exc::TYPE_ERROR,
            "'mem' object doesn't support item deletion",
        );
    }
    let size = elem_size(o);
    let Some(addr) = address(index, size) else {
        return NULL;
    };
    let Some(v) = crate::viper::word_of(value) else {
        return exc::raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"can't convert ",
                obj::type_name(value).as_bytes(),
                b" to int",
            ],
        );
    };
    // SAFETY: as in `subscr`.
    unsafe {
        match size {
            1 => core::ptr::write_volatile(addr as *mut u8, v as u8),
            2 => core::ptr::write_volatile(addr as *mut u16, v as u16),
            _ => core::ptr::write_volatile(addr as *mut u32, v as u32),
        }
    }
    NONE
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(match elem_size(o) {
        1 => b"<8-bit memory>",
        2 => b"<16-bit memory>",
        _ => b"<32-bit memory>",
    });
    Ok(())
}

static MEM_TYPE: Type = Type {
    print: Some(print),
    subscr: Some(subscr),
    store_subscr: Some(store_subscr),
    ..Type::new("mem")
};

static MEM8: MemObj = MemObj {
    ty: &MEM_TYPE,
    size: 1,
};
static MEM16: MemObj = MemObj {
    ty: &MEM_TYPE,
    size: 2,
};
static MEM32: MemObj = MemObj {
    ty: &MEM_TYPE,
    size: 4,
};

fn mem8() -> Obj {
    &MEM8 as *const MemObj as Obj
}
fn mem16() -> Obj {
    &MEM16 as *const MemObj as Obj
}
fn mem32() -> Obj {
    &MEM32 as *const MemObj as Obj
}

/// `machine`.
#[no_mangle]
pub static upy_module_machine: ModuleDef = ModuleDef {
    name: "machine",
    members: &[
        ("mem8", Member::Make(mem8)),
        ("mem16", Member::Make(mem16)),
        ("mem32", Member::Make(mem32)),
    ],
};
