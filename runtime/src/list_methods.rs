//! Methods of `list`.

use alloc::vec::Vec;

use crate::callable::BuiltinFn;
use crate::exc;
use crate::list::{self, get_mut, items};
use crate::obj::{self, Obj, NONE, NULL};
use crate::seq_methods::{want_args, COUNT, INDEX};

fn done(r: Result<(), obj::Raised>) -> Obj {
    if r.is_ok() {
        NONE
    } else {
        NULL
    }
}

fn append(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 2) {
        return NULL;
    }
    done(list::push(p[0], p[1]))
}

fn extend(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 2) {
        return NULL;
    }
    done(list::extend(p[0], p[1]))
}

fn insert(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 3, 3) {
        return NULL;
    }
    let n = items(p[0]).len() as isize;
    let Some(i) = crate::int::to_isize(p[1]) else {
        return exc::raise(&exc::TYPE_ERROR, "can't convert to int");
    };
    let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
    let v = &mut get_mut(p[0]).items;
    if v.try_reserve(1).is_err() {
        return exc::raise_memory_error();
    }
    v.insert(i, p[2]);
    NONE
}

fn pop(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 2) {
        return NULL;
    }
    let n = items(p[0]).len();
    if n == 0 {
        return exc::raise(&exc::INDEX_ERROR, "pop from empty list");
    }
    let i = match p.get(1) {
        None => n - 1,
        Some(&i) => match crate::seq::index(i, n, "list") {
            Ok(i) => i,
            Err(_) => return NULL,
        },
    };
    let v = &mut get_mut(p[0]).items;
    let x = v.remove(i);
    let len = v.len();
    crate::gc::scrub_vacated(v, len + 1);
    x
}

fn remove(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 2, 2) {
        return NULL;
    }
    for (k, &x) in items(p[0]).iter().enumerate() {
        match crate::hash::equal(x, p[1]) {
            Ok(true) => {
                let v = &mut get_mut(p[0]).items;
                v.remove(k);
                let len = v.len();
                crate::gc::scrub_vacated(v, len + 1);
                return NONE;
            }
            Ok(false) => {}
            Err(_) => return NULL,
        }
    }
    exc::raise(&exc::VALUE_ERROR, "list.remove(x): x not in list")
}

fn sort(p: &[Obj], k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    let key = crate::sort::kwarg(k, "key").unwrap_or(NULL);
    let rev = crate::sort::kwarg(k, "reverse").map(|r| crate::entry::upy_is_true(r) == 1);
    let mut v = core::mem::take(&mut get_mut(p[0]).items);
    let r = crate::sort::sort(&mut v, key, rev.unwrap_or(false));
    get_mut(p[0]).items = v;
    done(r)
}

fn reverse(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    get_mut(p[0]).items.reverse();
    NONE
}

fn clear(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    // A fresh Vec frees the buffer (whose stale words the GC would otherwise scan).
    get_mut(p[0]).items = Vec::new();
    NONE
}

fn copy(p: &[Obj], _k: &[Obj]) -> Obj {
    if !want_args(p, 1, 1) {
        return NULL;
    }
    list::new(items(p[0]))
}

static APPEND: BuiltinFn = BuiltinFn::new("append", append);
static EXTEND: BuiltinFn = BuiltinFn::new("extend", extend);
static INSERT: BuiltinFn = BuiltinFn::new("insert", insert);
static POP: BuiltinFn = BuiltinFn::new("pop", pop);
static REMOVE: BuiltinFn = BuiltinFn::new("remove", remove);
static SORT: BuiltinFn = BuiltinFn::new("sort", sort);
static REVERSE: BuiltinFn = BuiltinFn::new("reverse", reverse);
static CLEAR: BuiltinFn = BuiltinFn::new("clear", clear);
static COPY: BuiltinFn = BuiltinFn::new("copy", copy);

/// Methods of `list`.
pub static LIST_METHODS: [&BuiltinFn; 11] = [
    &APPEND, &EXTEND, &INSERT, &POP, &REMOVE, &SORT, &REVERSE, &CLEAR, &COPY, &INDEX, &COUNT,
];
