//! Hashing (`hash()`, dict and set keys) and equality between arbitrary objects.

use crate::exc::{self, raise_parts};
use crate::obj::{self, Obj, PyResult, Raised};
use upyc_abi::BinOp;

/// Hash of an int: the value itself for small ints (as CPython does, so sets of small
/// non-negative ints iterate in ascending order), a digest of the digits for big ints.
pub fn int_hash(o: Obj) -> PyResult<usize> {
    match crate::int::get(o) {
        Some(crate::int::Int::Small(v)) => Ok(v as usize),
        Some(crate::int::Int::Big(b)) => {
            let (_, digits) = b.to_u32_digits();
            let mut h: usize = if num_traits::Signed::is_negative(b) {
                1
            } else {
                0
            };
            for d in digits {
                h = h.wrapping_mul(1_000_003).wrapping_add(d as usize);
            }
            Ok(h)
        }
        None => Ok(o),
    }
}

/// Hash of a string's bytes (FNV-1a; equal strings hash equal whether interned or not).
pub fn bytes_hash(b: &[u8]) -> usize {
    upyc_abi::str_hash(b) as usize
}

/// Hash of a `str`.
pub fn str_hash(o: Obj) -> PyResult<usize> {
    if obj::is_qstr(o) {
        return Ok(crate::qstr::hash(obj::qstr_value(o)));
    }
    Ok(crate::str::bytes(o).map(bytes_hash).unwrap_or(o))
}

/// `hash(o)`: its type's `hash` slot, identity for types without one.
pub fn hash(o: Obj) -> PyResult<usize> {
    if obj::is_small_int(o) {
        return Ok(obj::small_int_value(o) as usize);
    }
    if o == obj::TRUE {
        return Ok(1);
    }
    if o == obj::FALSE {
        return Ok(0);
    }
    match obj::type_of(o).hash {
        Some(f) => f(o),
        None => Ok(o >> 2),
    }
}

/// The `hash` slot of mutable containers: `TypeError: unsupported type for __hash__: 'list'`.
pub fn unhashable(o: Obj) -> PyResult<usize> {
    raise_parts(
        &exc::TYPE_ERROR,
        &[
            b"unsupported type for __hash__: '",
            obj::type_name(o).as_bytes(),
            b"'",
        ],
    );
    Err(Raised)
}

/// `a == b` for any two objects.
pub fn equal(a: Obj, b: Obj) -> PyResult<bool> {
    if a == b {
        return Ok(true);
    }
    // Two distinct qstrs are never equal (interned: one number per text); nor are two
    // distinct small ints.
    if (obj::is_qstr(a) && obj::is_qstr(b)) || (obj::is_small_int(a) && obj::is_small_int(b)) {
        return Ok(false);
    }
    let r = crate::entry::upy_binop(BinOp::Eq as usize, a, b);
    if r == obj::NULL {
        return Err(Raised);
    }
    Ok(r == obj::TRUE)
}
