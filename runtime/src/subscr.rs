//! Subscripts and unpacking entry points: `upy_subscr`, `upy_store_subscr`,
//! `upy_delete_subscr` (str handled here, other types through their slots),
//! `upy_unpack`, `upy_unpack_ex`.

use alloc::vec::Vec;

use crate::exc::{self, raise_parts};
use crate::obj::{self, Obj, PyResult, Raised, NONE, NULL};

/// `s[i]` / `s[a:b:c]` on a str (by characters).
fn str_subscr(b: &[u8], i: Obj) -> Obj {
    // Character start offsets (ASCII strings index bytes directly).
    let ascii = b.is_ascii();
    let chars: Vec<usize> = if ascii {
        Vec::new()
    } else {
        (0..b.len()).filter(|&k| b[k] & 0xc0 != 0x80).collect()
    };
    let n = if ascii { b.len() } else { chars.len() };
    let span = |k: usize| -> &[u8] {
        if ascii {
            &b[k..k + 1]
        } else {
            let end = chars.get(k + 1).copied().unwrap_or(b.len());
            &b[chars[k]..end]
        }
    };
    if let Some(s) = crate::slice::get(i) {
        let Ok(r) = crate::seq::resolve_slice(s, n) else {
            return NULL;
        };
        let mut out = Vec::new();
        for k in 0..r.count {
            let piece = span(r.at(k));
            if out.try_reserve(piece.len()).is_err() {
                return exc::raise_memory_error();
            }
            out.extend_from_slice(piece);
        }
        return crate::str::new(&out);
    }
    match crate::seq::index(i, n, "string") {
        Ok(k) => crate::str::new(span(k)),
        Err(Raised) => NULL,
    }
}

/// `o[index]`.
#[no_mangle]
pub extern "C" fn upy_subscr(o: Obj, index: Obj) -> Obj {
    if let Some(v) = item_fast(o, index) {
        return v;
    }
    if let Some(b) = crate::str::bytes(o) {
        return str_subscr(b, index);
    }
    match obj::type_of(o).subscr {
        Some(f) => f(o, index),
        None => raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"'",
                obj::type_name(o).as_bytes(),
                b"' object isn't subscriptable",
            ],
        ),
    }
}

fn store(o: Obj, index: Obj, value: Obj) -> Obj {
    match obj::type_of(o).store_subscr {
        Some(f) => f(o, index, value),
        None => raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"'",
                obj::type_name(o).as_bytes(),
                if value == NULL {
                    b"' object doesn't support item deletion"
                } else {
                    b"' object doesn't support item assignment"
                },
            ],
        ),
    }
}

/// `o[index] = value`.
#[no_mangle]
pub extern "C" fn upy_store_subscr(o: Obj, index: Obj, value: Obj) -> Obj {
    if store_fast(o, index, value) {
        return NONE;
    }
    store(o, index, value)
}

/// The index `i` of `seq[i]` when it is a small int, as an unsigned number (a negative
/// one is above every length).
#[inline(always)]
fn small_index(index: Obj) -> Option<usize> {
    obj::is_small_int(index).then(|| obj::small_int_value(index) as usize)
}

/// `o[index]` straight from a list, bytearray or bytes object and a small-int index in
/// range (what the full path would do, without its dispatch); `None` otherwise.
#[inline(always)]
fn item_fast(o: Obj, index: Obj) -> Option<Obj> {
    let i = small_index(index)?;
    if !obj::is_ptr(o) {
        return None;
    }
    if crate::list::is_list(o) {
        return crate::list::items(o).get(i).copied();
    }
    let b = if crate::bytearray::is_bytearray(o) {
        crate::bytearray::data(o)
    } else {
        crate::bytes::get(o)?
    };
    b.get(i).map(|&x| obj::new_small_int(x as isize))
}

/// `o[index] = value` straight into a list, or a bytearray for a value in `0..256`, at
/// a small-int index in range; false (nothing done) otherwise.
#[inline(always)]
fn store_fast(o: Obj, index: Obj, value: Obj) -> bool {
    let Some(i) = small_index(index) else {
        return false;
    };
    if !obj::is_ptr(o) {
        return false;
    }
    if crate::list::is_list(o) {
        if let Some(slot) = crate::list::get_mut(o).items.get_mut(i) {
            *slot = value;
            return true;
        }
    } else if crate::bytearray::is_bytearray(o) {
        let byte = obj::is_small_int(value)
            .then(|| u8::try_from(obj::small_int_value(value)).ok())
            .flatten();
        if let (Some(slot), Some(byte)) = (crate::bytearray::data(o).get_mut(i), byte) {
            *slot = byte;
            return true;
        }
    }
    false
}

/// `del o[index]`.
#[no_mangle]
pub extern "C" fn upy_delete_subscr(o: Obj, index: Obj) -> Obj {
    store(o, index, NULL)
}

/// `ValueError: need more than 1 values to unpack` (MicroPython's wording).
fn too_few(n: usize) -> Raised {
    let mut b = [0u8; 24];
    raise_parts(
        &exc::VALUE_ERROR,
        &[
            b"need more than ",
            crate::console::fmt_int(n as isize, &mut b),
            b" values to unpack",
        ],
    );
    Raised
}

fn unpack(seq: Obj, n: usize, out: &mut [Obj]) -> PyResult<()> {
    // A tuple or list of the right length is copied straight out (no iteration).
    if let Some(items) = crate::tuple::items_of(seq).filter(|items| items.len() == n) {
        out.copy_from_slice(items);
        return Ok(());
    }
    let items = crate::seq::collect(seq)?;
    if items.len() < n {
        return Err(too_few(items.len()));
    }
    if items.len() > n {
        let mut b = [0u8; 24];
        raise_parts(
            &exc::VALUE_ERROR,
            &[
                b"too many values to unpack (expected ",
                crate::console::fmt_int(n as isize, &mut b),
                b")",
            ],
        );
        return Err(Raised);
    }
    out.copy_from_slice(&items);
    Ok(())
}

/// `a, b, c = seq`: exactly `n` items into `out`.
///
/// # Safety
/// `out` points at room for `n` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_unpack(seq: Obj, n: usize, out: *mut Obj) -> Obj {
    // SAFETY: per the contract.
    let out = unsafe { core::slice::from_raw_parts_mut(out, n) };
    match unpack(seq, n, out) {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

/// `a, *b, c = seq`: `before` items, a list of the rest but `after`, `after` items.
///
/// # Safety
/// `out` points at room for `before + 1 + after` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_unpack_ex(
    seq: Obj,
    before: usize,
    after: usize,
    out: *mut Obj,
) -> Obj {
    // SAFETY: per the contract.
    let out = unsafe { core::slice::from_raw_parts_mut(out, before + 1 + after) };
    let Ok(items) = crate::seq::collect(seq) else {
        return NULL;
    };
    if items.len() < before + after {
        too_few(items.len());
        return NULL;
    }
    out[..before].copy_from_slice(&items[..before]);
    let mid = crate::list::new(&items[before..items.len() - after]);
    if mid == NULL {
        return NULL;
    }
    out[before] = mid;
    out[before + 1..].copy_from_slice(&items[items.len() - after..]);
    NONE
}
