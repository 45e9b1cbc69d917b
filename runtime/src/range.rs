//! `range` objects (values of `range(...)`; loops over `range` are compiled inline)
//! and their iterator.

use crate::exc::{self, raise_parts};
use crate::int;
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NULL};
use upyc_abi::BinOp;

/// `range(start, stop, step)` over machine-word ints.
#[repr(C)]
pub struct RangeObj {
    ty: &'static Type,
    /// First value.
    pub start: isize,
    /// Bound (excluded).
    pub stop: isize,
    /// Step (never 0).
    pub step: isize,
}

fn get<'a>(o: Obj) -> &'a RangeObj {
    // SAFETY: only called on range objects (slots of RANGE_TYPE).
    unsafe { &*(o as *const RangeObj) }
}

/// The machine word a big int fits in, if it does.
fn word(b: int::Int) -> Option<isize> {
    int::to_i128(b).and_then(|v| isize::try_from(v).ok())
}

fn arg(o: Obj) -> PyResult<isize> {
    match int::get(o) {
        Some(int::Int::Small(v)) => Ok(v),
        // A machine word, as MicroPython's range takes (`mp_obj_get_int`).
        Some(b @ int::Int::Big(_)) if word(b).is_some() => Ok(word(b).unwrap_or(0)),
        Some(int::Int::Big(_)) => {
            exc::raise(
                &exc::OVERFLOW_ERROR,
                "overflow converting long int to machine word",
            );
            Err(Raised)
        }
        None => {
            raise_parts(
                &exc::TYPE_ERROR,
                &[b"can't convert ", obj::type_name(o).as_bytes(), b" to int"],
            );
            Err(Raised)
        }
    }
}

/// `range(*args)`.
pub fn make(args: &[Obj]) -> Obj {
    let parts = (|| -> PyResult<(isize, isize, isize)> {
        Ok(match args {
            [stop] => (0, arg(*stop)?, 1),
            [a, b] => (arg(*a)?, arg(*b)?, 1),
            [a, b, c] => (arg(*a)?, arg(*b)?, arg(*c)?),
            _ => {
                exc::raise(&exc::TYPE_ERROR, "range expected at most 3 arguments");
                return Err(Raised);
            }
        })
    })();
    let Ok((start, stop, step)) = parts else {
        return NULL;
    };
    if step == 0 {
        return exc::raise(&exc::VALUE_ERROR, "zero step");
    }
    obj::new_obj(RangeObj {
        ty: &RANGE_TYPE,
        start,
        stop,
        step,
    })
}

/// Number of values of a range.
pub fn length(r: &RangeObj) -> usize {
    let (s, e, st) = (r.start as i128, r.stop as i128, r.step as i128);
    let n = if st > 0 && e > s {
        (e - s - 1) / st + 1
    } else if st < 0 && s > e {
        (s - e - 1) / (-st) + 1
    } else {
        0
    };
    n as usize
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let r = get(o);
    let mut b = [0u8; 24];
    w.write(b"range(");
    w.write(crate::console::fmt_int(r.start, &mut b));
    w.write(b", ");
    w.write(crate::console::fmt_int(r.stop, &mut b));
    if r.step != 1 {
        w.write(b", ");
        w.write(crate::console::fmt_int(r.step, &mut b));
    }
    w.write(b")");
    Ok(())
}

fn len(o: Obj) -> usize {
    length(get(o))
}

fn value_at(r: &RangeObj, k: usize) -> Obj {
    int::from_i128(r.start as i128 + r.step as i128 * k as i128)
}

fn subscr(o: Obj, i: Obj) -> Obj {
    let r = get(o);
    let n = length(r);
    if let Some(s) = crate::slice::get(i) {
        let Ok(sl) = crate::seq::resolve_slice(s, n) else {
            return NULL;
        };
        let start = r.start + r.step * sl.start;
        let step = r.step * sl.step;
        return obj::new_obj(RangeObj {
            ty: &RANGE_TYPE,
            start,
            stop: start + step * sl.count as isize,
            step,
        });
    }
    match crate::seq::index(i, n, "range") {
        Ok(k) => value_at(r, k),
        Err(_) => NULL,
    }
}

fn binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    match op {
        BinOp::In => {
            let r = get(b);
            let Some(int::Int::Small(v)) = int::get(a) else {
                return obj::FALSE;
            };
            let inside = if r.step > 0 {
                v >= r.start && v < r.stop
            } else {
                v <= r.start && v > r.stop
            };
            obj::new_bool(inside && (v - r.start) % r.step == 0)
        }
        BinOp::Eq if obj::is_type(a, &RANGE_TYPE) && obj::is_type(b, &RANGE_TYPE) => {
            let (x, y) = (get(a), get(b));
            let (nx, ny) = (length(x), length(y));
            obj::new_bool(
                nx == ny && (nx == 0 || (x.start == y.start && (nx == 1 || x.step == y.step))),
            )
        }
        _ => obj::NOT_IMPL,
    }
}

/// `range`.
pub static RANGE_TYPE: Type = Type {
    print: Some(print),
    binop: Some(binop),
    len: Some(len),
    subscr: Some(subscr),
    iter: Some(iter),
    ..Type::new("range")
};

/// Iterator over a range.
#[repr(C)]
struct RangeIter {
    ty: &'static Type,
    next: isize,
    left: usize,
    step: isize,
}

fn iter(o: Obj) -> Obj {
    let r = get(o);
    obj::new_obj(RangeIter {
        ty: &RANGE_ITER_TYPE,
        next: r.start,
        left: length(r),
        step: r.step,
    })
}

fn iternext(o: Obj) -> Obj {
    // SAFETY: a range iterator.
    let it = unsafe { &mut *(o as *mut RangeIter) };
    if it.left == 0 {
        return upyc_abi::STOP;
    }
    it.left -= 1;
    let v = it.next;
    it.next = it.next.wrapping_add(it.step);
    // Values beyond the small-int range (a range over machine words) are big ints.
    if obj::fits_small_int(v as i128) {
        obj::new_small_int(v)
    } else {
        int::from_i128(v as i128)
    }
}

/// `range_iterator`.
pub static RANGE_ITER_TYPE: Type = Type {
    iternext: Some(iternext),
    ..Type::new("range_iterator")
};
