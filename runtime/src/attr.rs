//! Attributes and method calls: `upy_load_attr` (the type's `attr` slot, then its
//! method table as bound methods), `upy_store_attr`, `upy_delete_attr`,
//! `upy_call_method` (no bound method allocated) and `upy_call_ex` (`f(*a, **k)`).

use alloc::vec::Vec;

use crate::callable::{self, split_args};
use crate::exc::{self, raise_parts};
use crate::obj::{self, Obj, NOT_IMPL, NULL};
use crate::str as pystr;

/// Raises `AttributeError` for `o.name` (MicroPython's wording).
pub fn attr_error(o: Obj, name: &[u8]) -> Obj {
    if let Some(t) = crate::types::class_of(o) {
        return raise_parts(
            &exc::ATTRIBUTE_ERROR,
            &[
                b"type object '",
                t.name.as_bytes(),
                b"' has no attribute '",
                name,
                b"'",
            ],
        );
    }
    raise_parts(
        &exc::ATTRIBUTE_ERROR,
        &[
            b"'",
            obj::type_name(o).as_bytes(),
            b"' object has no attribute '",
            name,
            b"'",
        ],
    )
}

fn name_bytes<'a>(name: Obj) -> Option<&'a [u8]> {
    let b = pystr::bytes(name);
    if b.is_none() {
        exc::raise(&exc::TYPE_ERROR, "attribute name must be string");
    }
    b
}

/// `o.name`.
#[no_mangle]
pub extern "C" fn upy_load_attr(o: Obj, name: Obj) -> Obj {
    let Some(n) = name_bytes(name) else {
        return NULL;
    };
    let ty = obj::type_of(o);
    if let Some(f) = ty.attr {
        let r = f(o, name);
        if r != NOT_IMPL {
            return r;
        }
    }
    if let Some(m) = ty.find_method(n) {
        return callable::new_bound_method(m.obj(), o);
    }
    if n == b"__class__" {
        return crate::types::type_obj_of(ty);
    }
    attr_error(o, n)
}

/// `o.name = value`, or `del o.name` when `value` is NULL.
fn store(o: Obj, name: Obj, value: Obj) -> Obj {
    let Some(n) = name_bytes(name) else {
        return NULL;
    };
    if let Some(f) = obj::type_of(o).store_attr {
        let r = f(o, name, value);
        if r != NOT_IMPL {
            return r;
        }
    }
    attr_error(o, n)
}

/// `o.name = value`.
#[no_mangle]
pub extern "C" fn upy_store_attr(o: Obj, name: Obj, value: Obj) -> Obj {
    if value == NULL {
        return exc::raise(&exc::RUNTIME_ERROR, "store of NULL attribute value");
    }
    store(o, name, value)
}

/// `del o.name`.
#[no_mangle]
pub extern "C" fn upy_delete_attr(o: Obj, name: Obj) -> Obj {
    store(o, name, NULL)
}

/// `self.name(*args)` without a bound method: `args[0]` is `self`, then `n_pos`
/// positional values, then `n_kw` (name, value) pairs.
///
/// # Safety
/// `args` points at `1 + n_pos + 2 * n_kw` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_call_method(
    name: Obj,
    args: *const Obj,
    n_pos: usize,
    n_kw: usize,
) -> Obj {
    if args.is_null() {
        return exc::raise(&exc::RUNTIME_ERROR, "method call without self");
    }
    // SAFETY: per the contract; `self` and the positional values are contiguous.
    let (with_self, kw) = unsafe { split_args(args, n_pos + 1, n_kw) };
    let this = with_self[0];
    let Some(n) = name_bytes(name) else {
        return NULL;
    };
    if let Some(r) = crate::instance::call_method(this, name, with_self, kw) {
        return r;
    }
    let ty = obj::type_of(this);
    if let Some(f) = ty.attr {
        let r = f(this, name);
        if r == NULL {
            return NULL;
        }
        if r != NOT_IMPL {
            return callable::call(r, &with_self[1..], kw);
        }
    }
    match ty.find_method(n) {
        Some(m) => callable::call(m.obj(), with_self, kw),
        None => attr_error(this, n),
    }
}

/// `callee(*pos, **kw)`: `pos` a tuple or list (or any iterable), `kw` a dict or NULL.
#[no_mangle]
pub extern "C" fn upy_call_ex(callee: Obj, pos: Obj, kw: Obj) -> Obj {
    let owned;
    let p: &[Obj] = if pos == NULL {
        &[]
    } else if let Some(items) = crate::tuple::items_of(pos) {
        items
    } else {
        match crate::seq::collect(pos) {
            Ok(v) => {
                owned = v;
                &owned
            }
            Err(_) => return NULL,
        }
    };
    if kw == NULL {
        return callable::call(callee, p, &[]);
    }
    if !crate::dict::is_dict(kw) {
        return raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"argument after ** must be a mapping, not ",
                obj::type_name(kw).as_bytes(),
            ],
        );
    }
    let mut flat = Vec::new();
    for e in crate::dict::map(kw).iter() {
        if pystr::bytes(e.key).is_none() {
            return exc::raise(&exc::TYPE_ERROR, "keywords must be strings");
        }
        if flat.try_reserve(2).is_err() {
            return exc::raise_memory_error();
        }
        flat.push(e.key);
        flat.push(e.value);
    }
    // Copy the positional items: the call may mutate the list they came from.
    let mut pv = Vec::new();
    if pv.try_reserve(p.len()).is_err() {
        return exc::raise_memory_error();
    }
    pv.extend_from_slice(p);
    callable::call(callee, &pv, &flat)
}
