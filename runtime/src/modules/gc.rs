//! `gc`: explicit collection, automatic collection on/off, heap usage, threshold.
//!
//! `collect()` returns `None` as MicroPython's does; `threshold()` is `-1` when unset.

use crate::gc;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, NONE};

fn no_args(p: &[Obj], k: &[Obj]) -> bool {
    support::args(p, k, 0, 0).is_ok()
}

fn collect(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 0, 0).map(|_| {
        gc::collect();
        NONE
    }))
}

fn enable(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 0, 0).map(|_| {
        gc::set_auto(true);
        NONE
    }))
}

fn disable(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 0, 0).map(|_| {
        gc::set_auto(false);
        NONE
    }))
}

fn isenabled(p: &[Obj], k: &[Obj]) -> Obj {
    if !no_args(p, k) {
        return obj::NULL;
    }
    let on = gc::set_auto(true);
    gc::set_auto(on);
    obj::new_bool(on)
}

fn mem_alloc(p: &[Obj], k: &[Obj]) -> Obj {
    if !no_args(p, k) {
        return obj::NULL;
    }
    obj::new_small_int(gc::stats().used as isize)
}

fn mem_free(p: &[Obj], k: &[Obj]) -> Obj {
    if !no_args(p, k) {
        return obj::NULL;
    }
    obj::new_small_int(gc::stats().free as isize)
}

fn threshold(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 0, 1)?;
        match p.first() {
            None => Ok(obj::new_small_int(
                gc::threshold().map_or(-1, |t| t as isize),
            )),
            Some(&v) => {
                let t = support::int_arg(v)?;
                if t < -1 {
                    return fail(&crate::exc::VALUE_ERROR, "threshold must be >= -1");
                }
                gc::set_threshold(if t < 0 { None } else { Some(t as usize) });
                Ok(NONE)
            }
        }
    })())
}

static COLLECT: obj::BuiltinFn = obj::BuiltinFn::new("collect", collect);
static ENABLE: obj::BuiltinFn = obj::BuiltinFn::new("enable", enable);
static DISABLE: obj::BuiltinFn = obj::BuiltinFn::new("disable", disable);
static ISENABLED: obj::BuiltinFn = obj::BuiltinFn::new("isenabled", isenabled);
static MEM_ALLOC: obj::BuiltinFn = obj::BuiltinFn::new("mem_alloc", mem_alloc);
static MEM_FREE: obj::BuiltinFn = obj::BuiltinFn::new("mem_free", mem_free);
static THRESHOLD: obj::BuiltinFn = obj::BuiltinFn::new("threshold", threshold);

/// `gc`.
#[no_mangle]
pub static upy_module_gc: ModuleDef = ModuleDef {
    name: "gc",
    members: &[
        ("collect", Member::Fn(&COLLECT)),
        ("enable", Member::Fn(&ENABLE)),
        ("disable", Member::Fn(&DISABLE)),
        ("isenabled", Member::Fn(&ISENABLED)),
        ("mem_alloc", Member::Fn(&MEM_ALLOC)),
        ("mem_free", Member::Fn(&MEM_FREE)),
        ("threshold", Member::Fn(&THRESHOLD)),
    ],
};
