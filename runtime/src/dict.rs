//! `dict` (insertion ordered, on [`Map`]), its views (`keys()`, `values()`,
//! `items()`) and iterators, and the `upy_build_dict`, `upy_dict_store`,
//! `upy_dict_update` entry points.

use crate::exc;
use crate::map::Map;
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NULL};
use upyc_abi::BinOp;

/// A dict object.
#[repr(C)]
pub struct DictObj {
    ty: &'static Type,
    /// The table.
    pub map: Map,
}

/// A new dict holding `map`.
pub fn from_map(map: Map) -> Obj {
    obj::new_obj(DictObj {
        ty: &DICT_TYPE,
        map,
    })
}

/// A new empty dict.
pub fn new() -> Obj {
    from_map(Map::default())
}

/// True for a dict (or an `OrderedDict`, which has the dict layout).
pub fn is_dict(o: Obj) -> bool {
    obj::is_ptr(o) && {
        let t = obj::type_of(o);
        core::ptr::eq(t, &DICT_TYPE) || t.base.is_some_and(|b| core::ptr::eq(b, &DICT_TYPE))
    }
}

/// The table of dict `d` (which must be a dict).
pub fn map<'a>(d: Obj) -> &'a mut Map {
    // SAFETY: callers check the type; single-threaded.
    unsafe { &mut (*(d as *mut DictObj)).map }
}

/// Raises `KeyError(key)`.
pub fn key_error(key: Obj) -> Raised {
    exc::raise_arg(&exc::KEY_ERROR, key);
    Raised
}

/// `d.update(other)`: a dict, or an iterable of pairs.
pub fn update(d: Obj, other: Obj) -> PyResult<()> {
    if is_dict(other) {
        let entries = map(other).entries.clone();
        for e in entries.iter().filter(|e| e.key != NULL) {
            map(d).store(e.key, e.value)?;
        }
        return Ok(());
    }
    crate::iter::for_each(other, |pair| {
        let kv = crate::seq::collect(pair)?;
        if kv.len() != 2 {
            exc::raise(
                &exc::VALUE_ERROR,
                "dictionary update sequence element has wrong length",
            );
            return Err(Raised);
        }
        map(d).store(kv[0], kv[1])
    })
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"{");
    let mut first = true;
    for e in map(o).entries.clone().iter().filter(|e| e.key != NULL) {
        if !first {
            w.write(b", ");
        }
        first = false;
        crate::print::print(w, e.key, PrintKind::Repr)?;
        w.write(b": ");
        crate::print::print(w, e.value, PrintKind::Repr)?;
    }
    w.write(b"}");
    Ok(())
}

fn binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    match op {
        BinOp::In => match map(b).find(a) {
            Ok(f) => obj::new_bool(f.is_some()),
            Err(_) => NULL,
        },
        BinOp::Eq if is_dict(a) && is_dict(b) => match equal(a, b) {
            Ok(t) => obj::new_bool(t),
            Err(_) => NULL,
        },
        _ => obj::NOT_IMPL,
    }
}

fn equal(a: Obj, b: Obj) -> PyResult<bool> {
    if map(a).used != map(b).used {
        return Ok(false);
    }
    for e in map(a).entries.clone().iter().filter(|e| e.key != NULL) {
        match map(b).get(e.key)? {
            Some(v) if crate::hash::equal(e.value, v)? => {}
            _ => return Ok(false),
        }
    }
    Ok(true)
}

fn len(o: Obj) -> usize {
    map(o).used
}

fn subscr(d: Obj, key: Obj) -> Obj {
    match map(d).get(key) {
        Ok(Some(v)) => v,
        Ok(None) => {
            key_error(key);
            NULL
        }
        Err(_) => NULL,
    }
}

fn store_subscr(d: Obj, key: Obj, value: Obj) -> Obj {
    let r = if value == NULL {
        match map(d).remove(key) {
            Ok(Some(_)) => Ok(()),
            Ok(None) => Err(key_error(key)),
            Err(e) => Err(e),
        }
    } else {
        map(d).store(key, value)
    };
    if r.is_ok() {
        NONE
    } else {
        NULL
    }
}

fn iter(d: Obj) -> Obj {
    new_iter(d, View::Keys)
}

/// `dict`.
pub static DICT_TYPE: Type = Type {
    print: Some(print),
    binop: Some(binop),
    hash: Some(crate::hash::unhashable),
    len: Some(len),
    subscr: Some(subscr),
    store_subscr: Some(store_subscr),
    iter: Some(iter),
    methods: &crate::dict_methods::DICT_METHODS,
    ..Type::new("dict")
};

/// What a view or iterator yields.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Keys.
    Keys,
    /// Values.
    Values,
    /// `(key, value)` tuples.
    Items,
}

/// `d.keys()`, `d.values()`, `d.items()`.
#[repr(C)]
pub struct ViewObj {
    ty: &'static Type,
    dict: Obj,
    view: View,
}

/// A new view of `d`.
pub fn new_view(d: Obj, view: View) -> Obj {
    let ty = match view {
        View::Keys => &KEYS_TYPE,
        View::Values => &VALUES_TYPE,
        View::Items => &ITEMS_TYPE,
    };
    obj::new_obj(ViewObj { ty, dict: d, view })
}

fn view<'a>(o: Obj) -> &'a ViewObj {
    // SAFETY: only called from slots of the view types.
    unsafe { &*(o as *const ViewObj) }
}

fn view_item(d: Obj, k: usize, v: View) -> Obj {
    let e = map(d).entries[k];
    match v {
        View::Keys => e.key,
        View::Values => e.value,
        View::Items => crate::tuple::new(&[e.key, e.value]),
    }
}

fn view_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let v = view(o);
    w.write(obj::type_name(o).as_bytes());
    w.write(b"([");
    let mut first = true;
    for k in 0..map(v.dict).entries.len() {
        if map(v.dict).entries[k].key == NULL {
            continue;
        }
        if !first {
            w.write(b", ");
        }
        first = false;
        let x = obj::check(view_item(v.dict, k, v.view))?;
        crate::print::print(w, x, PrintKind::Repr)?;
    }
    w.write(b"])");
    Ok(())
}

fn view_len(o: Obj) -> usize {
    map(view(o).dict).used
}

fn view_iter(o: Obj) -> Obj {
    let v = view(o);
    new_iter(v.dict, v.view)
}

fn view_binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    if op != BinOp::In {
        return obj::NOT_IMPL;
    }
    let v = view(b);
    match v.view {
        View::Keys => binop(op, a, v.dict),
        _ => {
            let Ok(items) = crate::seq::collect(b) else {
                return NULL;
            };
            crate::seq::contains(&items, a)
        }
    }
}

macro_rules! view_type {
    ($id:ident, $name:literal) => {
        /// A dict view type.
        pub static $id: Type = Type {
            print: Some(view_print),
            binop: Some(view_binop),
            len: Some(view_len),
            iter: Some(view_iter),
            ..Type::new($name)
        };
    };
}
view_type!(KEYS_TYPE, "dict_keys");
view_type!(VALUES_TYPE, "dict_values");
view_type!(ITEMS_TYPE, "dict_items");

#[repr(C)]
struct DictIter {
    ty: &'static Type,
    dict: Obj,
    pos: usize,
    view: View,
}

fn new_iter(d: Obj, view: View) -> Obj {
    obj::new_obj(DictIter {
        ty: &DICT_ITER_TYPE,
        dict: d,
        pos: 0,
        view,
    })
}

fn iternext(o: Obj) -> Obj {
    // SAFETY: a dict iterator.
    let it = unsafe { &mut *(o as *mut DictIter) };
    let m = map(it.dict);
    while it.pos < m.entries.len() {
        let k = it.pos;
        it.pos += 1;
        if m.entries[k].key != NULL {
            return view_item(it.dict, k, it.view);
        }
    }
    upyc_abi::STOP
}

/// Iterator over a dict or view.
pub static DICT_ITER_TYPE: Type = Type {
    iternext: Some(iternext),
    ..Type::new("dict_iterator")
};

fn result(r: PyResult<()>) -> Obj {
    match r {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

/// A new dict from `npairs` interleaved keys and values.
///
/// # Safety
/// `kv` points at `2 * npairs` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_build_dict(kv: *const Obj, npairs: usize) -> Obj {
    let d = new();
    if d == NULL {
        return NULL;
    }
    for i in 0..npairs {
        // SAFETY: per the contract.
        let (k, v) = unsafe { (*kv.add(2 * i), *kv.add(2 * i + 1)) };
        if map(d).store(k, v).is_err() {
            return NULL;
        }
    }
    d
}

/// `dict[key] = value` (dict displays, comprehensions).
#[no_mangle]
pub extern "C" fn upy_dict_store(dict: Obj, key: Obj, value: Obj) -> Obj {
    if !is_dict(dict) {
        return exc::raise(&exc::TYPE_ERROR, "dict expected");
    }
    result(map(dict).store(key, value))
}

/// `dict.update(mapping)` (`{**m}`).
#[no_mangle]
pub extern "C" fn upy_dict_update(dict: Obj, mapping: Obj) -> Obj {
    if !is_dict(dict) {
        return exc::raise(&exc::TYPE_ERROR, "dict expected");
    }
    result(update(dict, mapping))
}
