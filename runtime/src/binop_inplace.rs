//! Augmented assignment on mutable containers (`op + BINOP_INPLACE` in `upy_binop`):
//! `list += iterable`, `list *= n`, `set |= &= -= ^= set`, `dict |= mapping` update the
//! left operand in place and return it, as CPython does. Everything else computes the
//! plain operator.

use crate::obj::{self, Obj, PyResult, NULL};
use crate::set;
use upyc_abi::BinOp;

/// Turns a `PyResult<()>` into "return `a`" or NULL.
fn done(a: Obj, r: PyResult<()>) -> Obj {
    match r {
        Ok(()) => a,
        Err(_) => NULL,
    }
}

/// `a op= b` when `a` is a container updated in place; `None` to use the plain operator.
pub fn binop_inplace(op: usize, a: Obj, b: Obj) -> Option<Obj> {
    if let Some(r) = crate::instance::binop_inplace(op, a, b) {
        return Some(r);
    }
    let op = BinOp::from_usize(op)?;
    if let Some(f) = obj::type_of(a).inplace {
        let r = f(op, a, b);
        if r != obj::NOT_IMPL {
            return Some(r);
        }
    }
    if crate::bytearray::is_bytearray(a) {
        return crate::bytearray::binop_inplace(op, a, b);
    }
    if crate::list::is_list(a) {
        return match op {
            BinOp::Add => Some(done(a, crate::list::extend(a, b))),
            BinOp::Mul => {
                crate::int::get(b)?;
                let items = &mut crate::list::get_mut(a).items;
                let n = match crate::seq::repeat_count(b, items.len()) {
                    Ok(n) => n,
                    Err(_) => return Some(NULL),
                };
                let len = items.len();
                if n == 0 {
                    items.clear();
                } else if items.try_reserve(len * (n - 1)).is_err() {
                    return Some(crate::exc::raise_memory_error());
                } else {
                    for _ in 1..n {
                        items.extend_from_within(..len);
                    }
                }
                Some(a)
            }
            _ => None,
        };
    }
    if obj::is_type(a, &set::SET_TYPE) && set::is_set(b) {
        // Snapshot `b` first: `s |= s` and friends must not see their own updates.
        let items = set::get(b).items();
        let r = match op {
            BinOp::BitOr => items.iter().try_for_each(|&x| set::get(a).add(x)),
            BinOp::Sub => items
                .iter()
                .try_for_each(|&x| set::get(a).discard(x).map(|_| ())),
            BinOp::BitXor if a == b => {
                set::get(a).clear();
                Ok(())
            }
            BinOp::BitXor => items.iter().try_for_each(|&x| {
                if !set::get(a).discard(x)? {
                    set::get(a).add(x)?;
                }
                Ok(())
            }),
            BinOp::BitAnd => {
                let r = crate::entry::upy_binop(BinOp::BitAnd as usize, a, b);
                if r == NULL {
                    return Some(NULL);
                }
                if obj::is_type(r, &set::SET_TYPE) {
                    core::mem::swap(set::get(a), set::get(r));
                }
                Ok(())
            }
            _ => return None,
        };
        return Some(done(a, r));
    }
    if crate::dict::is_dict(a) && op == BinOp::BitOr {
        return Some(done(a, crate::dict::update(a, b)));
    }
    None
}
