//! Big-int temporaries that native code hands back: `(q * k + r) * x` makes two
//! intermediate results nothing else will ever see.
//!
//! Native code flags an operand of a binary operator that is the value of another
//! operator of the same expression ([`upyc_abi::BINOP_DEAD_LEFT`]/`RIGHT`): the
//! compiled code does not use it again. That alone does not make it private (a user
//! class's `__add__` may return an object stored elsewhere), so the runtime also
//! remembers the big ints its own int arithmetic has just created ([`FRESH`]): every
//! exit of `upy_binop` either records its result there (an int-by-int operation that
//! allocated a new big int) or forgets everything. A flagged operand found there came
//! straight from its creation to the code that flags it, so no other reference exists:
//! the operator may write its result into it (no allocation, the digits' buffer reused
//! where the operation allows) and free a second such operand at once, instead of
//! leaving both to the collector.

use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::Zero;

use super::big;
use super::Int;
use crate::exc;
use crate::obj::{self, Obj, NULL};
use upyc_abi::{BinOp, BINOP_DEAD_LEFT, BINOP_DEAD_RIGHT};

/// The big ints the last int operations of `upy_binop` created, newest first (NULL:
/// none). Emptied by any other outcome of `upy_binop`.
static mut FRESH: [Obj; 2] = [NULL; 2];

fn fresh() -> &'static mut [Obj; 2] {
    // SAFETY: the runtime is single-threaded; interrupt handlers cannot allocate, so
    // they never create a big int (they may only clear the record).
    unsafe { &mut *core::ptr::addr_of_mut!(FRESH) }
}

/// Forgets every recorded temporary (an exit of `upy_binop` that made none).
#[inline]
pub fn clear() {
    *fresh() = [NULL; 2];
}

/// Records the result `r` of an int operation on `a` and `b` when it is a big int the
/// operation allocated; otherwise forgets every temporary. Returns `r`.
#[inline]
pub fn made(r: Obj, a: Obj, b: Obj) -> Obj {
    let f = fresh();
    if r != a && r != b && big::get(r).is_some() {
        *f = [r, f[0]];
    } else {
        *f = [NULL; 2];
    }
    r
}

/// Takes `o` out of the record: true when it was there.
fn take(o: Obj) -> bool {
    let f = fresh();
    if o == NULL {
        false
    } else if f[0] == o {
        *f = [f[1], NULL];
        true
    } else if f[1] == o {
        f[1] = NULL;
        true
    } else {
        false
    }
}

/// `a op b` (`dead`: which operands the caller will not use again) when one of them
/// is a recorded temporary: the result goes into it, and a second recorded temporary
/// is freed. `None` (nothing changed) when neither is one, or for an operator or
/// operand this does not cover; the caller then runs the plain operator.
pub fn binop(op: BinOp, dead: usize, a: Obj, b: Obj) -> Option<Obj> {
    let (x, y) = (super::get(a)?, super::get(b)?);
    if !matches!(
        op,
        BinOp::Add
            | BinOp::Sub
            | BinOp::Mul
            | BinOp::FloorDiv
            | BinOp::Mod
            | BinOp::BitAnd
            | BinOp::BitOr
            | BinOp::BitXor
    ) {
        return None;
    }
    let left = dead & BINOP_DEAD_LEFT != 0 && take(a);
    let right = dead & BINOP_DEAD_RIGHT != 0 && take(b);
    let (dst, other) = match (left, right) {
        (true, _) => (a, y),
        (false, true) => (b, x),
        (false, false) => return None,
    };
    // SAFETY: `dst` is a recorded temporary: a big int no one else refers to.
    let d = unsafe { big::value_mut(dst) };
    let into_left = dst == a;
    let r = update(op, d, other, into_left);
    if left && right {
        // SAFETY: the other operand is a recorded temporary too, dead after this use.
        unsafe { big::release(if into_left { b } else { a }) };
    }
    if r.is_err() {
        // Raised: the temporary stays allocated (the collector reclaims it), and like
        // every exit that records nothing, this one forgets the rest.
        clear();
        return Some(NULL);
    }
    Some(settle(dst))
}

/// `d = d op other` (`into_left`) or `d = other op d`.
fn update(op: BinOp, d: &mut BigInt, other: Int, into_left: bool) -> Result<(), ()> {
    match (op, other) {
        (BinOp::Add, Int::Small(v)) => *d += v,
        (BinOp::Add, Int::Big(v)) => *d += v,
        (BinOp::Sub, Int::Small(v)) => *d -= v,
        (BinOp::Sub, Int::Big(v)) => *d -= v,
        (BinOp::Mul, Int::Small(v)) => *d *= v,
        _ => {
            let os;
            let o = match other {
                Int::Big(v) => v,
                Int::Small(v) => {
                    os = BigInt::from(v);
                    &os
                }
            };
            if matches!(op, BinOp::FloorDiv | BinOp::Mod) {
                let divisor = if into_left { o } else { &*d };
                if divisor.is_zero() {
                    exc::raise(&exc::ZERO_DIVISION_ERROR, "divide by zero");
                    return Err(());
                }
                *d = match (op, into_left) {
                    (BinOp::FloorDiv, true) => d.div_floor(o),
                    (BinOp::FloorDiv, false) => o.div_floor(d),
                    (_, true) => d.mod_floor(o),
                    _ => o.mod_floor(d),
                };
                return Ok(());
            }
            let (l, r) = if into_left { (&*d, o) } else { (o, &*d) };
            *d = big::compute(op, l, r).map_err(|_| ())?;
            return Ok(());
        }
    }
    // Subtraction into the right operand computed `b - a`: negate.
    if op == BinOp::Sub && !into_left {
        *d = -core::mem::take(d);
    }
    Ok(())
}

/// The object for updated temporary `t`: itself, recorded again, or the small int its
/// value now fits (`t` freed).
fn settle(t: Obj) -> Obj {
    // SAFETY: `t` is still ours (see `binop`).
    let v = unsafe { big::value_mut(t) };
    if let Some(w) = num_traits::ToPrimitive::to_i128(&*v) {
        if obj::fits_small_int(w) {
            // SAFETY: as above; nothing refers to `t` once its value is taken out.
            unsafe { big::release(t) };
            return obj::new_small_int(w as isize);
        }
    }
    let f = fresh();
    *f = [t, f[0]];
    t
}
