//! Iteration: `upy_get_iter`, `upy_iter_next`, the iterator over sequences (str,
//! tuple, list) and [`for_each`] for runtime code that walks any iterable.

use crate::exc::{self, raise_parts};
use crate::obj::{self, Obj, PyResult, Raised, Type, NULL};
use upyc_abi::STOP;

/// Iterator over a str, tuple or list by position.
#[repr(C)]
struct SeqIter {
    ty: &'static Type,
    seq: Obj,
    pos: usize,
}

/// The `iter` slot of str, tuple and list.
pub fn seq_iter(o: Obj) -> Obj {
    obj::new_obj(SeqIter {
        ty: &SEQ_ITER_TYPE,
        seq: o,
        pos: 0,
    })
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

fn seq_next(o: Obj) -> Obj {
    // SAFETY: a sequence iterator.
    let it = unsafe { &mut *(o as *mut SeqIter) };
    if let Some(items) = crate::tuple::items_of(it.seq) {
        let Some(&x) = items.get(it.pos) else {
            return STOP;
        };
        it.pos += 1;
        return x;
    }
    if let Some(b) = crate::str::bytes(it.seq) {
        if it.pos >= b.len() {
            return STOP;
        }
        let n = utf8_len(b[it.pos]).min(b.len() - it.pos);
        let s = crate::str::new(&b[it.pos..it.pos + n]);
        it.pos += n;
        return s;
    }
    STOP
}

/// Iterator over a str, tuple or list.
pub static SEQ_ITER_TYPE: Type = Type {
    iternext: Some(seq_next),
    ..Type::new("iterator")
};

fn not_iterable(o: Obj) -> Obj {
    raise_parts(
        &exc::TYPE_ERROR,
        &[
            b"'",
            obj::type_name(o).as_bytes(),
            b"' object isn't iterable",
        ],
    )
}

/// `iter(o)`.
#[no_mangle]
pub extern "C" fn upy_get_iter(o: Obj) -> Obj {
    if crate::str::bytes(o).is_some() {
        return seq_iter(o);
    }
    let ty = obj::type_of(o);
    if let Some(f) = ty.iter {
        return f(o);
    }
    if ty.iternext.is_some() {
        return o;
    }
    not_iterable(o)
}

/// The next item of iterator `it`; `STOP` when exhausted, NULL when it raised.
#[no_mangle]
pub extern "C" fn upy_iter_next(it: Obj) -> Obj {
    match obj::type_of(it).iternext {
        Some(f) => f(it),
        None => raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"'",
                obj::type_name(it).as_bytes(),
                b"' object isn't an iterator",
            ],
        ),
    }
}

/// The next item, `Ok(None)` when exhausted.
pub fn next(it: Obj) -> PyResult<Option<Obj>> {
    match upy_iter_next(it) {
        NULL => Err(Raised),
        STOP => Ok(None),
        x => Ok(Some(x)),
    }
}

/// Calls `f` on every item of iterable `o`, stopping at the first error.
pub fn for_each(o: Obj, mut f: impl FnMut(Obj) -> PyResult<()>) -> PyResult<()> {
    if let Some(items) = crate::tuple::items_of(o) {
        // Index each time: `f` may change a list's length.
        let mut i = 0;
        while let Some(&x) = crate::tuple::items_of(o).and_then(|v| v.get(i)) {
            f(x)?;
            i += 1;
        }
        let _ = items;
        return Ok(());
    }
    let it = obj::check(upy_get_iter(o))?;
    while let Some(x) = next(it)? {
        f(x)?;
    }
    Ok(())
}
