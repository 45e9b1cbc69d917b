//! Entry points of `@micropython.viper` code (names in `upyc_abi::viper`): conversions
//! between objects and machine words. Errors are raised as pending exceptions; the word
//! results are then meaningless and compiled code checks [`upy_viper_raised`].

use num_bigint::{BigInt, Sign};

use crate::exc;
use crate::int::{self, Int};
use crate::obj::{self, Obj, NULL};

/// The low machine word of `b` in two's complement (what `mp_obj_get_int_truncated` gives).
fn truncate(b: &BigInt) -> usize {
    let (sign, digits) = b.to_u64_digits();
    let low = digits.first().copied().unwrap_or(0) as usize;
    if sign == Sign::Minus {
        low.wrapping_neg()
    } else {
        low
    }
}

/// The word value of an int-like object (two's complement, truncated), or `None`.
pub fn word_of(o: Obj) -> Option<usize> {
    match int::get(o)? {
        Int::Small(v) => Some(v as usize),
        Int::Big(b) => Some(truncate(b)),
    }
}

/// `int(obj)` / `uint(obj)` in viper code: the object's value as a word.
#[no_mangle]
pub extern "C" fn upy_viper_int(o: Obj) -> usize {
    match word_of(o) {
        Some(v) => v,
        None => {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[b"can't convert ", obj::type_name(o).as_bytes(), b" to int"],
            );
            0
        }
    }
}

/// `ptrN(obj)` in viper code: the start of `obj`'s buffer (bytes, bytearray,
/// memoryview, and str as in MicroPython), or the value of an int (an address).
/// Like MicroPython (`mp_native_from_obj` asks for `MP_BUFFER_READ`), read-only buffers
/// are accepted even when the compiler asks for a writable one: storing through a
/// pointer into a bytes object is the program's business. Other objects raise
/// `TypeError`.
#[no_mangle]
pub extern "C" fn upy_get_buffer(o: Obj, _writable: usize) -> usize {
    if let Some((p, _)) = crate::buffer::get(o, false) {
        return p as usize;
    }
    if let Some(s) = crate::str::bytes(o) {
        return s.as_ptr() as usize;
    }
    match word_of(o) {
        Some(v) => v,
        None => {
            exc::raise(&exc::TYPE_ERROR, "object with buffer protocol required");
            0
        }
    }
}

/// A signed word as an int object.
#[no_mangle]
pub extern "C" fn upy_viper_box_int(v: isize) -> Obj {
    if obj::fits_small_int(v as i128) {
        obj::new_small_int(v)
    } else {
        int::big::new(BigInt::from(v))
    }
}

/// An unsigned word as an int object.
#[no_mangle]
pub extern "C" fn upy_viper_box_uint(v: usize) -> Obj {
    if obj::fits_small_int(v as i128) {
        obj::new_small_int(v as isize)
    } else {
        int::big::new(BigInt::from(v))
    }
}

/// 1 when an exception is pending.
#[no_mangle]
pub extern "C" fn upy_viper_raised() -> usize {
    usize::from(exc::pending() != NULL)
}
