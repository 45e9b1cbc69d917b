//! Big ints: heap objects holding a `num_bigint::BigInt` (its digits live in the GC
//! heap through the global allocator and are reclaimed with the object).

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

use crate::exc;
use crate::gc;
use crate::obj::{self, Obj, Type, NULL};
use upyc_abi::BinOp;

/// A big int object. Only values outside the small-int range are ever boxed.
#[repr(C)]
pub struct BigObj {
    ty: &'static Type,
    value: BigInt,
}

/// The value of a big int object, if `o` is one.
pub fn get<'a>(o: Obj) -> Option<&'a BigInt> {
    if obj::is_ptr(o) && core::ptr::eq(obj::type_of(o), &obj::INT_TYPE) {
        // SAFETY: an int heap object is a `BigObj`; the GC does not move it.
        Some(unsafe { &(*(o as *const BigObj)).value })
    } else {
        None
    }
}

/// An int object for `v`: a small int when it fits (always normalised), else boxed.
/// NULL with `MemoryError` pending when there is no room.
pub fn new(v: BigInt) -> Obj {
    if let Some(w) = v.to_i128() {
        if obj::fits_small_int(w) {
            return obj::new_small_int(w as isize);
        }
    }
    let p = gc::alloc(core::mem::size_of::<BigObj>()) as *mut BigObj;
    if p.is_null() {
        return exc::raise_memory_error();
    }
    // SAFETY: freshly allocated; the object is never dropped (the GC reclaims it and,
    // as nothing else points at them, its digits).
    unsafe {
        p.write(BigObj {
            ty: &obj::INT_TYPE,
            value: v,
        })
    };
    p as Obj
}

/// Number of bits of an int whose result would not fit the heap at all.
fn too_big(bits: u64) -> bool {
    bits / 8 > gc::capacity() as u64
}

/// `a op b` on two int values (arithmetic, shifts, bitwise; not comparisons).
pub fn binop(op: BinOp, a: &BigInt, b: &BigInt) -> Obj {
    match compute(op, a, b) {
        Ok(v) => new(v),
        Err(o) => o,
    }
}

/// [`binop`]'s value: `Err` holds the object to return instead (a result decided
/// without computing a value, or NULL when it raised).
pub fn compute(op: BinOp, a: &BigInt, b: &BigInt) -> Result<BigInt, Obj> {
    Ok(match op {
        BinOp::Add => a + b,
        BinOp::Sub => a - b,
        BinOp::Mul => {
            if too_big(a.bits() + b.bits()) {
                return Err(exc::raise_memory_error());
            }
            a * b
        }
        BinOp::FloorDiv | BinOp::Mod => {
            if b.is_zero() {
                return Err(exc::raise(&exc::ZERO_DIVISION_ERROR, "divide by zero"));
            }
            if op == BinOp::FloorDiv {
                a.div_floor(b)
            } else {
                a.mod_floor(b)
            }
        }
        BinOp::Pow => return Err(pow(a, b)),
        BinOp::LShift | BinOp::RShift => {
            if b.is_negative() {
                return Err(exc::raise(&exc::VALUE_ERROR, "negative shift count"));
            }
            if op == BinOp::RShift {
                match b.to_u64() {
                    Some(n) if n < a.bits() + 1 => a >> n,
                    _ => BigInt::from(if a.is_negative() { -1 } else { 0 }),
                }
            } else {
                if a.is_zero() {
                    return Err(obj::new_small_int(0));
                }
                match b.to_u64() {
                    Some(n) if !too_big(a.bits().saturating_add(n)) => a << n,
                    _ => return Err(exc::raise_memory_error()),
                }
            }
        }
        BinOp::BitAnd => a & b,
        BinOp::BitOr => a | b,
        BinOp::BitXor => a ^ b,
        _ => return Err(NULL),
    })
}

fn pow(a: &BigInt, b: &BigInt) -> Obj {
    if b.is_negative() {
        return exc::raise(&exc::VALUE_ERROR, "negative power with no float support");
    }
    if let Some(small) = a.to_i8() {
        match small {
            0 => return obj::new_small_int(if b.is_zero() { 1 } else { 0 }),
            1 => return obj::new_small_int(1),
            -1 => return obj::new_small_int(if b.is_even() { 1 } else { -1 }),
            _ => {}
        }
    }
    match b.to_u32() {
        Some(e) if !too_big(a.bits().saturating_mul(e as u64)) => new(num_traits::Pow::pow(a, e)),
        _ => exc::raise_memory_error(),
    }
}

/// Decimal text (optional sign, `_` separators) to an int object; NULL with
/// `ValueError` pending when it is not a number.
pub fn parse(text: &[u8]) -> Obj {
    let s = core::str::from_utf8(text).unwrap_or("");
    let (neg, digits) = match s.as_bytes().first() {
        Some(b'-') => (true, &s[1..]),
        Some(b'+') => (false, &s[1..]),
        _ => (false, s),
    };
    let ok = !digits.is_empty()
        && digits.bytes().all(|c| c.is_ascii_digit() || c == b'_')
        && !digits.starts_with('_');
    let v = if ok {
        num_bigint::BigUint::parse_bytes(digits.as_bytes(), 10)
    } else {
        None
    };
    match v {
        Some(u) => {
            let v = BigInt::from(u);
            new(if neg { -v } else { v })
        }
        None => exc::raise(&exc::VALUE_ERROR, "invalid syntax for integer with base 10"),
    }
}

/// The value of big int object `o`, to update in place.
///
/// # Safety
/// `o` is a big int object nothing else refers to (see [`super::temps`]).
pub(super) unsafe fn value_mut<'a>(o: Obj) -> &'a mut BigInt {
    // SAFETY: per the contract.
    unsafe { &mut (*(o as *mut BigObj)).value }
}

/// Frees big int object `o` and its digits.
///
/// # Safety
/// As for [`value_mut`]; `o` is not used again.
pub(super) unsafe fn release(o: Obj) {
    // SAFETY: per the contract; dropping the value frees its digits.
    unsafe { core::ptr::drop_in_place(&mut (*(o as *mut BigObj)).value) };
    gc::free(o as *mut u8);
}
