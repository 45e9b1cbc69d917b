//! Ints (and bools, an int subclass): small ints inline, big ints boxed, Python
//! semantics (floor division, infinite two's complement bitwise ops, normalised results).

pub mod big;
pub mod temps;

use core::cmp::Ordering;

use num_bigint::BigInt;

use crate::exc;
use crate::obj::{self, Obj, FALSE, TRUE};
use upyc_abi::BinOp;

/// Twice the width of a small int: products of two small ints fit.
#[cfg(target_pointer_width = "32")]
type Wide = i64;
#[cfg(target_pointer_width = "64")]
type Wide = i128;

/// An int operand: a machine-word value (small int or bool) or a big int.
#[derive(Clone, Copy)]
pub enum Int<'a> {
    /// Small int or bool.
    Small(isize),
    /// Boxed big int (never in the small range).
    Big(&'a BigInt),
}

/// Reads `o` as an int (small int, bool or big int).
pub fn get<'a>(o: Obj) -> Option<Int<'a>> {
    if obj::is_small_int(o) {
        Some(Int::Small(obj::small_int_value(o)))
    } else if o == TRUE {
        Some(Int::Small(1))
    } else if o == FALSE {
        Some(Int::Small(0))
    } else {
        big::get(o).map(Int::Big)
    }
}

/// The value of a small int or bool (`None` for big ints and non-ints).
pub fn to_isize(o: Obj) -> Option<isize> {
    match get(o) {
        Some(Int::Small(v)) => Some(v),
        _ => None,
    }
}

/// True for a negative int.
pub fn is_negative(o: Obj) -> bool {
    match get(o) {
        Some(Int::Small(v)) => v < 0,
        Some(Int::Big(b)) => num_traits::Signed::is_negative(b),
        None => false,
    }
}

/// An int object for `v` (small when it fits, else boxed).
#[allow(clippy::useless_conversion)] // `Wide` is `i128` on 64-bit targets
fn from_wide(v: Wide) -> Obj {
    if obj::fits_small_int(i128::from(v)) {
        obj::new_small_int(v as isize)
    } else {
        big::new(BigInt::from(v))
    }
}

/// Python floor division and modulo of small values (`b != 0`).
fn floor_divmod(a: isize, b: isize) -> (Wide, isize) {
    // No overflow: small ints are one bit narrower than isize.
    let mut q = a / b;
    let mut r = a % b;
    if r != 0 && ((r < 0) != (b < 0)) {
        q -= 1;
        r += b;
    }
    (q as Wide, r)
}

/// `a op b` for two ints; NULL when it raised. Comparisons return bools.
pub fn binop(op: BinOp, a: Int, b: Int) -> Obj {
    if let (Int::Small(x), Int::Small(y)) = (a, b) {
        if let Some(r) = small_binop(op, x, y) {
            return r;
        }
    }
    match op {
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge | BinOp::Eq | BinOp::Ne => {
            let ord = match (a, b) {
                (Int::Small(x), Int::Small(y)) => x.cmp(&y),
                (Int::Small(x), Int::Big(y)) => BigInt::from(x).cmp(y),
                (Int::Big(x), Int::Small(y)) => x.cmp(&BigInt::from(y)),
                (Int::Big(x), Int::Big(y)) => x.cmp(y),
            };
            obj::new_bool(compare_result(op, ord))
        }
        BinOp::TrueDiv => {
            if matches!(b, Int::Small(0)) {
                return exc::raise(&exc::ZERO_DIVISION_ERROR, "divide by zero");
            }
            exc::raise(
                &exc::NOT_IMPLEMENTED_ERROR,
                "true division needs float support",
            )
        }
        _ => {
            let (xs, ys);
            let x = match a {
                Int::Big(v) => v,
                Int::Small(v) => {
                    xs = BigInt::from(v);
                    &xs
                }
            };
            let y = match b {
                Int::Big(v) => v,
                Int::Small(v) => {
                    ys = BigInt::from(v);
                    &ys
                }
            };
            big::binop(op, x, y)
        }
    }
}

/// Whether `ord` satisfies comparison `op`.
pub fn compare_result(op: BinOp, ord: Ordering) -> bool {
    match op {
        BinOp::Lt => ord == Ordering::Less,
        BinOp::Le => ord != Ordering::Greater,
        BinOp::Gt => ord == Ordering::Greater,
        BinOp::Ge => ord != Ordering::Less,
        BinOp::Eq => ord == Ordering::Equal,
        _ => ord != Ordering::Equal,
    }
}

/// The small-int fast path; `None` when the big-int path must run.
fn small_binop(op: BinOp, a: isize, b: isize) -> Option<Obj> {
    let (wa, wb) = (a as Wide, b as Wide);
    Some(match op {
        BinOp::Add => from_wide(wa + wb),
        BinOp::Sub => from_wide(wa - wb),
        BinOp::Mul => from_wide(wa * wb),
        BinOp::FloorDiv | BinOp::Mod => {
            if b == 0 {
                return Some(exc::raise(&exc::ZERO_DIVISION_ERROR, "divide by zero"));
            }
            let (q, r) = floor_divmod(a, b);
            if op == BinOp::FloorDiv {
                from_wide(q)
            } else {
                obj::new_small_int(r)
            }
        }
        BinOp::Pow => {
            if b < 0 {
                return Some(exc::raise(
                    &exc::VALUE_ERROR,
                    "negative power with no float support",
                ));
            }
            let e = u32::try_from(b).ok()?;
            from_wide(wa.checked_pow(e)?)
        }
        BinOp::LShift => {
            if b < 0 {
                return Some(exc::raise(&exc::VALUE_ERROR, "negative shift count"));
            }
            // A small int shifted by at most the word width still fits `Wide`.
            if b as u32 > Wide::BITS - obj::WORD_BITS {
                return None;
            }
            from_wide(wa << b)
        }
        BinOp::RShift => {
            if b < 0 {
                return Some(exc::raise(&exc::VALUE_ERROR, "negative shift count"));
            }
            obj::new_small_int(a >> (b as u32).min(obj::WORD_BITS - 1))
        }
        BinOp::BitAnd => obj::new_small_int(a & b),
        BinOp::BitOr => obj::new_small_int(a | b),
        BinOp::BitXor => obj::new_small_int(a ^ b),
        _ => return None,
    })
}

/// `-a`, `+a`, `~a` for an int; NULL when it raised.
pub fn unop_neg(a: Int) -> Obj {
    match a {
        Int::Small(v) => from_wide(-(v as Wide)),
        Int::Big(b) => big::new(-b),
    }
}

/// `+a`: the int itself (bools become ints).
pub fn unop_pos(a: Int, o: Obj) -> Obj {
    match a {
        Int::Small(v) => obj::new_small_int(v),
        Int::Big(_) => o,
    }
}

/// `~a == -a - 1`.
pub fn unop_invert(a: Int) -> Obj {
    match a {
        Int::Small(v) => obj::new_small_int(!v),
        Int::Big(b) => big::new(!b),
    }
}

/// Truth of an int: non-zero.
pub fn is_true(a: Int) -> bool {
    !matches!(a, Int::Small(0))
}

/// Writes an int in decimal.
pub fn print(s: crate::console::Stream, a: Int) {
    match a {
        Int::Small(v) => crate::console::write_int(s, v),
        Int::Big(b) => {
            let text = b.to_str_radix(10);
            crate::console::write_str(s, &text);
        }
    }
}

/// An int object for `v` (small when it fits, else boxed).
pub fn from_i128(v: i128) -> Obj {
    if obj::fits_small_int(v) {
        obj::new_small_int(v as isize)
    } else {
        big::new(BigInt::from(v))
    }
}

/// An int object for `v` (small when it fits, else boxed).
pub fn from_u64(v: u64) -> Obj {
    from_i128(i128::from(v))
}

/// The value of int `a` as an `i128`, `None` when it is beyond that range.
pub fn to_i128(a: Int) -> Option<i128> {
    match a {
        Int::Small(v) => Some(v as i128),
        Int::Big(b) => num_traits::ToPrimitive::to_i128(b),
    }
}
