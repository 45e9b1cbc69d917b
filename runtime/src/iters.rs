//! Iterator objects of the builtins `enumerate`, `zip`, `map`, `filter`, `reversed`
//! and `iter(callable, sentinel)`. Each keeps the iterators it draws from in its own
//! fields (tuples for several), so the GC sees them.

use crate::builtins::{argc, no_kw};
use crate::callable;
use crate::exc::{self, raise_parts};
use crate::iter::{self, upy_get_iter};
use crate::obj::{self, Obj, PyResult, Raised, Type, NONE, NULL};
use crate::sort::kwarg;
use crate::tuple;
use upyc_abi::{truth, BinOp, STOP};

/// Turns a `PyResult<Option<Obj>>` step into an `iternext` result.
fn step(r: PyResult<Option<Obj>>) -> Obj {
    match r {
        Ok(Some(x)) => x,
        Ok(None) => STOP,
        Err(_) => NULL,
    }
}

/// A tuple of `iter(x)` for each of `its`.
fn iter_tuple(its: &[Obj]) -> PyResult<Obj> {
    let t = obj::check(tuple::alloc(its.len()))?;
    for (i, &x) in its.iter().enumerate() {
        let it = obj::check(upy_get_iter(x))?;
        tuple::items_mut(t)[i] = it;
    }
    Ok(t)
}

// ---------------------------------------------------------------------------------
// enumerate

#[repr(C)]
struct Enumerate {
    ty: &'static Type,
    it: Obj,
    count: Obj,
}

static ENUMERATE_TYPE: Type = Type {
    iternext: Some(enumerate_next),
    ..Type::new("enumerate")
};

fn enumerate_next(o: Obj) -> Obj {
    // SAFETY: an enumerate object.
    let e = unsafe { &mut *(o as *mut Enumerate) };
    step((|| {
        let Some(x) = iter::next(e.it)? else {
            return Ok(None);
        };
        let t = obj::check(tuple::new(&[e.count, x]))?;
        e.count = obj::check(crate::entry::upy_binop(
            BinOp::Add as usize,
            e.count,
            obj::new_small_int(1),
        ))?;
        Ok(Some(t))
    })())
}

/// `enumerate(iterable, start=0)`.
pub fn enumerate(pos: &[Obj], kw: &[Obj]) -> Obj {
    if argc(pos, 1, 2).is_err() {
        return NULL;
    }
    let start = pos
        .get(1)
        .copied()
        .or(kwarg(kw, "start"))
        .unwrap_or(obj::new_small_int(0));
    if crate::int::get(start).is_none() {
        return raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"can't convert ",
                obj::type_name(start).as_bytes(),
                b" to int",
            ],
        );
    }
    let it = upy_get_iter(pos[0]);
    if it == NULL {
        return NULL;
    }
    obj::new_obj(Enumerate {
        ty: &ENUMERATE_TYPE,
        it,
        count: start,
    })
}

// ---------------------------------------------------------------------------------
// zip and map

#[repr(C)]
struct Zip {
    ty: &'static Type,
    /// The function for `map`, NULL for `zip`.
    f: Obj,
    /// A tuple of iterators.
    its: Obj,
}

static ZIP_TYPE: Type = Type {
    iternext: Some(zip_next),
    ..Type::new("zip")
};

static MAP_TYPE: Type = Type {
    iternext: Some(zip_next),
    ..Type::new("map")
};

fn zip_next(o: Obj) -> Obj {
    // SAFETY: a zip or map object.
    let z = unsafe { &*(o as *const Zip) };
    step((|| {
        let its = tuple::items(z.its);
        if its.is_empty() {
            return Ok(None);
        }
        let t = obj::check(tuple::alloc(its.len()))?;
        for (i, &it) in its.iter().enumerate() {
            let Some(x) = iter::next(it)? else {
                return Ok(None);
            };
            tuple::items_mut(t)[i] = x;
        }
        if z.f == NULL {
            return Ok(Some(t));
        }
        obj::check(callable::call(z.f, tuple::items(t), &[])).map(Some)
    })())
}

/// `zip(*iterables)`.
pub fn zip(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).is_err() {
        return NULL;
    }
    match iter_tuple(pos) {
        Ok(its) => obj::new_obj(Zip {
            ty: &ZIP_TYPE,
            f: NULL,
            its,
        }),
        Err(_) => NULL,
    }
}

/// `map(f, *iterables)`.
pub fn map(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).is_err() || argc(pos, 2, usize::MAX).is_err() {
        return NULL;
    }
    match iter_tuple(&pos[1..]) {
        Ok(its) => obj::new_obj(Zip {
            ty: &MAP_TYPE,
            f: pos[0],
            its,
        }),
        Err(_) => NULL,
    }
}

// ---------------------------------------------------------------------------------
// filter

#[repr(C)]
struct Filter {
    ty: &'static Type,
    /// The predicate; `None` keeps true items.
    f: Obj,
    it: Obj,
}

static FILTER_TYPE: Type = Type {
    iternext: Some(filter_next),
    ..Type::new("filter")
};

fn filter_next(o: Obj) -> Obj {
    // SAFETY: a filter object.
    let fl = unsafe { &*(o as *const Filter) };
    step((|| {
        while let Some(x) = iter::next(fl.it)? {
            let t = if fl.f == NONE {
                x
            } else {
                obj::check(callable::call1(fl.f, x))?
            };
            match crate::entry::upy_is_true(t) {
                truth::TRUE => return Ok(Some(x)),
                truth::FALSE => {}
                _ => return Err(Raised),
            }
        }
        Ok(None)
    })())
}

/// `filter(f, iterable)`.
pub fn filter(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).is_err() || argc(pos, 2, 2).is_err() {
        return NULL;
    }
    let it = upy_get_iter(pos[1]);
    if it == NULL {
        return NULL;
    }
    obj::new_obj(Filter {
        ty: &FILTER_TYPE,
        f: pos[0],
        it,
    })
}

// ---------------------------------------------------------------------------------
// reversed

#[repr(C)]
struct Reversed {
    ty: &'static Type,
    /// A list or tuple (read by index, so list changes are seen).
    seq: Obj,
    /// Items not yet returned.
    left: usize,
}

static REVERSED_TYPE: Type = Type {
    iternext: Some(reversed_next),
    ..Type::new("reversed")
};

fn reversed_next(o: Obj) -> Obj {
    // SAFETY: a reversed object.
    let r = unsafe { &mut *(o as *mut Reversed) };
    let items = tuple::items_of(r.seq).unwrap_or(&[]);
    while r.left > 0 {
        r.left -= 1;
        if let Some(&x) = items.get(r.left) {
            return x;
        }
    }
    STOP
}

/// `reversed(seq)`: lists and tuples by index, ranges as a reversed range, strs and
/// dicts through a reversed copy.
pub fn reversed(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).is_err() || argc(pos, 1, 1).is_err() {
        return NULL;
    }
    let x = pos[0];
    if obj::is_type(x, &crate::range::RANGE_TYPE) {
        // SAFETY: a range object.
        let r = unsafe { &*(x as *const crate::range::RangeObj) };
        let n = crate::range::length(r) as isize;
        let last = r.start.wrapping_add((n - 1).wrapping_mul(r.step));
        let stop = r.start.wrapping_sub(r.step);
        let (last, stop) = if n == 0 { (0, 0) } else { (last, stop) };
        let rr = crate::range::make(&[
            obj::new_small_int(last),
            obj::new_small_int(stop),
            obj::new_small_int(-r.step),
        ]);
        if rr == NULL {
            return NULL;
        }
        return upy_get_iter(rr);
    }
    let seq = if tuple::items_of(x).is_some() {
        x
    } else if crate::str::bytes(x).is_some() || crate::dict::is_dict(x) {
        match crate::seq::collect(x) {
            Ok(v) => {
                let t = tuple::new(&v);
                if t == NULL {
                    return NULL;
                }
                t
            }
            Err(_) => return NULL,
        }
    } else {
        return raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"'",
                obj::type_name(x).as_bytes(),
                b"' object isn't reversible",
            ],
        );
    };
    let left = tuple::items_of(seq).map_or(0, |v| v.len());
    obj::new_obj(Reversed {
        ty: &REVERSED_TYPE,
        seq,
        left,
    })
}

// ---------------------------------------------------------------------------------
// iter(callable, sentinel)

#[repr(C)]
struct CallIter {
    ty: &'static Type,
    f: Obj,
    sentinel: Obj,
}

static CALL_ITER_TYPE: Type = Type {
    iternext: Some(call_iter_next),
    ..Type::new("callable_iterator")
};

fn call_iter_next(o: Obj) -> Obj {
    // SAFETY: a callable iterator.
    let c = unsafe { &*(o as *const CallIter) };
    let x = callable::call(c.f, &[], &[]);
    if x == NULL {
        return NULL;
    }
    match crate::hash::equal(x, c.sentinel) {
        Ok(true) => STOP,
        Ok(false) => x,
        Err(_) => NULL,
    }
}

/// `iter(f, sentinel)`: calls `f()` until it returns `sentinel`.
pub fn call_iter(f: Obj, sentinel: Obj) -> Obj {
    obj::new_obj(CallIter {
        ty: &CALL_ITER_TYPE,
        f,
        sentinel,
    })
}
