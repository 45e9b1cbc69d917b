//! `heapq` (alias `uheapq`): min-heaps on lists, with CPython's sift algorithms (so the
//! list order after each operation is CPython's).

use alloc::vec::Vec;

use crate::callable::BuiltinFn;
use crate::exc;
use crate::list;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PyResult, NONE};
use upyc_abi::{truth, BinOp};

fn heap_arg(o: Obj) -> PyResult<Obj> {
    if list::is_list(o) {
        Ok(o)
    } else {
        fail(&exc::TYPE_ERROR, "heap must be a list")
    }
}

fn get(h: Obj, i: usize) -> PyResult<Obj> {
    match list::items(h).get(i) {
        Some(&x) => Ok(x),
        None => fail(&exc::RUNTIME_ERROR, "heap changed size during operation"),
    }
}

fn set(h: Obj, i: usize, x: Obj) -> PyResult<()> {
    match list::get_mut(h).items.get_mut(i) {
        Some(d) => {
            *d = x;
            Ok(())
        }
        None => fail(&exc::RUNTIME_ERROR, "heap changed size during operation"),
    }
}

fn lt(a: Obj, b: Obj) -> PyResult<bool> {
    let r = obj::check(crate::entry::upy_binop(BinOp::Lt as usize, a, b))?;
    match crate::entry::upy_is_true(r) {
        truth::TRUE => Ok(true),
        truth::FALSE => Ok(false),
        _ => Err(obj::Raised),
    }
}

fn sift_down(h: Obj, start: usize, mut pos: usize) -> PyResult<()> {
    let item = get(h, pos)?;
    while pos > start {
        let parent_pos = (pos - 1) >> 1;
        let parent = get(h, parent_pos)?;
        if lt(item, parent)? {
            set(h, pos, parent)?;
            pos = parent_pos;
            continue;
        }
        break;
    }
    set(h, pos, item)
}

fn sift_up(h: Obj, mut pos: usize) -> PyResult<()> {
    let end = list::items(h).len();
    let start = pos;
    let item = get(h, pos)?;
    let mut child = 2 * pos + 1;
    while child < end {
        let right = child + 1;
        if right < end && !lt(get(h, child)?, get(h, right)?)? {
            child = right;
        }
        set(h, pos, get(h, child)?)?;
        pos = child;
        child = 2 * pos + 1;
    }
    set(h, pos, item)?;
    sift_down(h, start, pos)
}

fn heappush(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let h = heap_arg(p[0])?;
        list::push(h, p[1])?;
        sift_down(h, 0, list::items(h).len() - 1)?;
        Ok(NONE)
    })())
}

fn heappop(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let h = heap_arg(p[0])?;
        let Some(last) = list::get_mut(h).items.pop() else {
            return fail(&exc::INDEX_ERROR, "index out of range");
        };
        if list::items(h).is_empty() {
            return Ok(last);
        }
        let top = get(h, 0)?;
        set(h, 0, last)?;
        sift_up(h, 0)?;
        Ok(top)
    })())
}

fn heapreplace(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let h = heap_arg(p[0])?;
        if list::items(h).is_empty() {
            return fail(&exc::INDEX_ERROR, "index out of range");
        }
        let top = get(h, 0)?;
        set(h, 0, p[1])?;
        sift_up(h, 0)?;
        Ok(top)
    })())
}

fn heappushpop(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let h = heap_arg(p[0])?;
        let mut item = p[1];
        if let Some(&top) = list::items(h).first() {
            if lt(top, item)? {
                set(h, 0, item)?;
                item = top;
                sift_up(h, 0)?;
            }
        }
        Ok(item)
    })())
}

fn heapify(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let h = heap_arg(p[0])?;
        let n = list::items(h).len();
        for i in (0..n / 2).rev() {
            sift_up(h, i)?;
        }
        Ok(NONE)
    })())
}

fn n_best(p: &[Obj], k: &[Obj], reverse: bool) -> Obj {
    ret((|| {
        crate::builtins::argc(p, 2, 2)?;
        let key = crate::sort::kwarg(k, "key").unwrap_or(NONE);
        let n = support::int_arg(p[0])?.max(0) as usize;
        let mut v: Vec<Obj> = crate::seq::collect(p[1])?;
        crate::sort::sort(&mut v, key, reverse)?;
        v.truncate(n);
        obj::check(list::from_vec(v))
    })())
}

fn nlargest(p: &[Obj], k: &[Obj]) -> Obj {
    n_best(p, k, true)
}

fn nsmallest(p: &[Obj], k: &[Obj]) -> Obj {
    n_best(p, k, false)
}

static HEAPPUSH: BuiltinFn = BuiltinFn::new("heappush", heappush);
static HEAPPOP: BuiltinFn = BuiltinFn::new("heappop", heappop);
static HEAPIFY: BuiltinFn = BuiltinFn::new("heapify", heapify);
static HEAPREPLACE: BuiltinFn = BuiltinFn::new("heapreplace", heapreplace);
static HEAPPUSHPOP: BuiltinFn = BuiltinFn::new("heappushpop", heappushpop);
static NLARGEST: BuiltinFn = BuiltinFn::new("nlargest", nlargest);
static NSMALLEST: BuiltinFn = BuiltinFn::new("nsmallest", nsmallest);

/// `heapq`.
#[no_mangle]
pub static upy_module_heapq: ModuleDef = ModuleDef {
    name: "heapq",
    members: &[
        ("heappush", Member::Fn(&HEAPPUSH)),
        ("heappop", Member::Fn(&HEAPPOP)),
        ("heapify", Member::Fn(&HEAPIFY)),
        ("heapreplace", Member::Fn(&HEAPREPLACE)),
        ("heappushpop", Member::Fn(&HEAPPUSHPOP)),
        ("nlargest", Member::Fn(&NLARGEST)),
        ("nsmallest", Member::Fn(&NSMALLEST)),
    ],
};
