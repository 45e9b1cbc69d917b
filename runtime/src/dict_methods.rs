//! Methods of `dict`.

use crate::callable::BuiltinFn;
use crate::dict::{self, key_error, map, View};
use crate::exc;
use crate::obj::{Obj, NONE, NULL};
use crate::seq_methods::want_args;

fn get(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 3) {
        return NULL;
    }
    match map(p[0]).get(p[1]) {
        Ok(Some(v)) => v,
        Ok(None) => p.get(2).copied().unwrap_or(NONE),
        Err(_) => NULL,
    }
}

fn view(p: &[Obj], v: View) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    dict::new_view(p[0], v)
}

fn keys(p: &[Obj], _k: &[Obj]) -> Obj {
    view(p, View::Keys)
}

fn values(p: &[Obj], _k: &[Obj]) -> Obj {
    view(p, View::Values)
}

fn items(p: &[Obj], _k: &[Obj]) -> Obj {
    view(p, View::Items)
}

fn pop(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 3) {
        return NULL;
    }
    match map(p[0]).remove(p[1]) {
        Ok(Some(v)) => v,
        Ok(None) => match p.get(2) {
            Some(&d) => d,
            None => {
                key_error(p[1]);
                NULL
            }
        },
        Err(_) => NULL,
    }
}

fn setdefault(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 3) {
        return NULL;
    }
    let d = p.get(2).copied().unwrap_or(NONE);
    match map(p[0]).get(p[1]) {
        Ok(Some(v)) => v,
        Ok(None) => match map(p[0]).store(p[1], d) {
            Ok(()) => d,
            Err(_) => NULL,
        },
        Err(_) => NULL,
    }
}

fn update(p: &[Obj], k: &[Obj]) -> Obj {
    if !want_args(p, 1, 2) {
        return NULL;
    }
    if let Some(&o) = p.get(1) {
        if dict::update(p[0], o).is_err() {
            return NULL;
        }
    }
    for kv in k.chunks(2) {
        if map(p[0]).store(kv[0], kv[1]).is_err() {
            return NULL;
        }
    }
    NONE
}

fn clear(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    map(p[0]).clear();
    NONE
}

fn copy(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    dict::from_map(map(p[0]).clone())
}

fn popitem(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    match map(p[0]).pop_last() {
        Some((k, v)) => crate::tuple::new(&[k, v]),
        None => exc::raise(&exc::KEY_ERROR, "popitem(): dictionary is empty"),
    }
}

static GET: BuiltinFn = BuiltinFn::new("get", get);
static KEYS: BuiltinFn = BuiltinFn::new("keys", keys);
static VALUES: BuiltinFn = BuiltinFn::new("values", values);
static ITEMS: BuiltinFn = BuiltinFn::new("items", items);
static POP: BuiltinFn = BuiltinFn::new("pop", pop);
static SETDEFAULT: BuiltinFn = BuiltinFn::new("setdefault", setdefault);
static UPDATE: BuiltinFn = BuiltinFn::new("update", update);
static CLEAR: BuiltinFn = BuiltinFn::new("clear", clear);
static COPY: BuiltinFn = BuiltinFn::new("copy", copy);
static POPITEM: BuiltinFn = BuiltinFn::new("popitem", popitem);

/// Methods of `dict`.
pub static DICT_METHODS: [&BuiltinFn; 10] = [
    &GET,
    &KEYS,
    &VALUES,
    &ITEMS,
    &POP,
    &SETDEFAULT,
    &UPDATE,
    &CLEAR,
    &COPY,
    &POPITEM,
];
