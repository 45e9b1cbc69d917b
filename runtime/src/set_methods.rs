//! Methods of `set` and `frozenset`.

use crate::callable::BuiltinFn;
use crate::exc;
use crate::obj::{self, Obj, PyResult, NONE, NULL};
use crate::seq_methods::want_args;
use crate::set::{self, get};

fn done(r: PyResult<()>) -> Obj {
    if r.is_ok() {
        NONE
    } else {
        NULL
    }
}

/// `other` as a set (a temporary one for other iterables).
fn as_set(o: Obj) -> PyResult<Obj> {
    if set::is_set(o) {
        Ok(o)
    } else {
        obj::check(set::from_iter(o, false))
    }
}

fn add(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 2) {
        return NULL;
    }
    done(get(p[0]).add(p[1]))
}

fn remove(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 2) {
        return NULL;
    }
    match get(p[0]).discard(p[1]) {
        Ok(true) => NONE,
        Ok(false) => {
            crate::dict::key_error(p[1]);
            NULL
        }
        Err(_) => NULL,
    }
}

fn discard(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 2) {
        return NULL;
    }
    done(get(p[0]).discard(p[1]).map(|_| ()))
}

fn pop(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    match get(p[0]).pop() {
        Some(x) => x,
        None => exc::raise(&exc::KEY_ERROR, "pop from an empty set"),
    }
}

fn update(p: &[Obj], _k: &[Obj]) -> Obj {
    let s = p[0];
    for &o in &p[1..] {
        if crate::iter::for_each(o, |x| get(s).add(x)).is_err() {
            return NULL;
        }
    }
    NONE
}

fn fold(p: &[Obj], f: fn(Obj, Obj) -> PyResult<Obj>) -> Obj {
    let mut acc = p[0];
    for &o in &p[1..] {
        match as_set(o).and_then(|b| f(acc, b)) {
            Ok(r) => acc = r,
            Err(_) => return NULL,
        }
    }
    if acc == p[0] {
        return set::union(acc, crate::tuple::empty()).unwrap_or(NULL);
    }
    acc
}

fn union(p: &[Obj], _k: &[Obj]) -> Obj {
    fold(p, set::union)
}

fn intersection(p: &[Obj], _k: &[Obj]) -> Obj {
    fold(p, |a, b| set::filter(a, b, true))
}

fn difference(p: &[Obj], _k: &[Obj]) -> Obj {
    fold(p, |a, b| set::filter(a, b, false))
}

fn symmetric_difference(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 2) {
        return NULL;
    }
    match as_set(p[1]) {
        Ok(b) => crate::entry::upy_binop(upyc_abi::BinOp::BitXor as usize, p[0], b),
        Err(_) => NULL,
    }
}

fn rel(p: &[Obj], sub: bool) -> Obj {
    if !want_args(p, 2, 2) {
        return NULL;
    }
    let r = as_set(p[1]).and_then(|b| {
        if sub {
            set::is_subset(p[0], b)
        } else {
            set::is_subset(b, p[0])
        }
    });
    r.map(obj::new_bool).unwrap_or(NULL)
}

fn issubset(p: &[Obj], _k: &[Obj]) -> Obj {
    rel(p, true)
}

fn issuperset(p: &[Obj], _k: &[Obj]) -> Obj {
    rel(p, false)
}

fn isdisjoint(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 2) {
        return NULL;
    }
    match as_set(p[1]).and_then(|b| set::filter(p[0], b, true)) {
        Ok(r) => obj::new_bool(get(r).is_empty()),
        Err(_) => NULL,
    }
}

fn clear(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    get(p[0]).clear();
    NONE
}

fn copy(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    set::union(p[0], crate::tuple::empty()).unwrap_or(NULL)
}

fn inplace(p: &[Obj], f: fn(Obj, Obj) -> PyResult<Obj>) -> Obj {
    let r = fold(p, f);
    if r == NULL {
        return NULL;
    }
    let items = get(r).items();
    get(p[0]).clear();
    for x in items {
        if get(p[0]).add(x).is_err() {
            return NULL;
        }
    }
    NONE
}

fn intersection_update(p: &[Obj], _k: &[Obj]) -> Obj {
    inplace(p, |a, b| set::filter(a, b, true))
}

fn difference_update(p: &[Obj], _k: &[Obj]) -> Obj {
    inplace(p, |a, b| set::filter(a, b, false))
}

static ADD: BuiltinFn = BuiltinFn::new("add", add);
static REMOVE: BuiltinFn = BuiltinFn::new("remove", remove);
static DISCARD: BuiltinFn = BuiltinFn::new("discard", discard);
static POP: BuiltinFn = BuiltinFn::new("pop", pop);
static UPDATE: BuiltinFn = BuiltinFn::new("update", update);
static UNION: BuiltinFn = BuiltinFn::new("union", union);
static INTERSECTION: BuiltinFn = BuiltinFn::new("intersection", intersection);
static DIFFERENCE: BuiltinFn = BuiltinFn::new("difference", difference);
static SYMMETRIC_DIFFERENCE: BuiltinFn =
    BuiltinFn::new("symmetric_difference", symmetric_difference);
static ISSUBSET: BuiltinFn = BuiltinFn::new("issubset", issubset);
static ISSUPERSET: BuiltinFn = BuiltinFn::new("issuperset", issuperset);
static ISDISJOINT: BuiltinFn = BuiltinFn::new("isdisjoint", isdisjoint);
static CLEAR: BuiltinFn = BuiltinFn::new("clear", clear);
static COPY: BuiltinFn = BuiltinFn::new("copy", copy);
static INTERSECTION_UPDATE: BuiltinFn = BuiltinFn::new("intersection_update", intersection_update);
static DIFFERENCE_UPDATE: BuiltinFn = BuiltinFn::new("difference_update", difference_update);

/// Methods of `frozenset`.
pub static FROZENSET_METHODS: [&BuiltinFn; 8] = [
    &UNION,
    &INTERSECTION,
    &DIFFERENCE,
    &SYMMETRIC_DIFFERENCE,
    &ISSUBSET,
    &ISSUPERSET,
    &ISDISJOINT,
    &COPY,
];

/// Methods of `set`.
pub static SET_METHODS: [&BuiltinFn; 16] = [
    &ADD,
    &REMOVE,
    &DISCARD,
    &POP,
    &UPDATE,
    &UNION,
    &INTERSECTION,
    &DIFFERENCE,
    &SYMMETRIC_DIFFERENCE,
    &ISSUBSET,
    &ISSUPERSET,
    &ISDISJOINT,
    &CLEAR,
    &COPY,
    &INTERSECTION_UPDATE,
    &DIFFERENCE_UPDATE,
];
