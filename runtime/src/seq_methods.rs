//! Methods shared by tuple and list (`index`, `count`), and the tuple method table.

use crate::callable::BuiltinFn;
use crate::exc;
use crate::obj::{Obj, NULL};

/// Checks a method's positional argument count (`self` included); raises TypeError.
pub fn want_args(pos: &[Obj], min: usize, max: usize) -> bool {
    if pos.len() < min || pos.len() > max {
        let mut a = [0u8; 24];
        let mut b = [0u8; 24];
        exc::raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"function takes ",
                crate::console::fmt_int(max as isize, &mut a),
                b" positional arguments but ",
                crate::console::fmt_int(pos.len() as isize, &mut b),
                b" were given",
            ],
        );
        return false;
    }
    true
}

fn items<'a>(o: Obj) -> &'a [Obj] {
    crate::tuple::items_of(o).unwrap_or(&[])
}

fn index(pos: &[Obj], _kw: &[Obj]) -> Obj {
    if !want_args(pos, 2, 4) {
        return NULL;
    }
    let it = items(pos[0]);
    let n = it.len() as isize;
    let bound = |o: Option<&Obj>, d: isize| -> isize {
        match o.and_then(|&o| crate::int::to_isize(o)) {
            Some(v) if v < 0 => (v + n).max(0),
            Some(v) => v.min(n),
            None => d,
        }
    };
    let start = bound(pos.get(2), 0) as usize;
    let stop = bound(pos.get(3), n) as usize;
    for (k, &x) in it.iter().enumerate().take(stop).skip(start) {
        match crate::hash::equal(x, pos[1]) {
            Ok(true) => return crate::obj::new_small_int(k as isize),
            Ok(false) => {}
            Err(_) => return NULL,
        }
    }
    let what: &str = if crate::list::is_list(pos[0]) {
        "list.index(x): x not in list"
    } else {
        "tuple.index(x): x not in tuple"
    };
    exc::raise(&exc::VALUE_ERROR, what)
}

fn count(pos: &[Obj], _kw: &[Obj]) -> Obj {
    if !want_args(pos, 2, 2) {
        return NULL;
    }
    let mut c = 0;
    for &x in items(pos[0]) {
        match crate::hash::equal(x, pos[1]) {
            Ok(true) => c += 1,
            Ok(false) => {}
            Err(_) => return NULL,
        }
    }
    crate::obj::new_small_int(c)
}

/// `index`.
pub static INDEX: BuiltinFn = BuiltinFn::new("index", index);
/// `count`.
pub static COUNT: BuiltinFn = BuiltinFn::new("count", count);

/// Methods of `tuple`.
pub static TUPLE_METHODS: [&BuiltinFn; 2] = [&INDEX, &COUNT];
