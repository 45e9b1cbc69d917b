//! `tuple`: `{ type, len, items... }` in one allocation (layout fixed by
//! `upyc_abi::layout::TUPLE_ITEMS`), and `upy_build_tuple`.

use crate::exc;
use crate::gc;
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NULL};
use crate::seq;
use upyc_abi::BinOp;

const HDR: usize = upyc_abi::layout::TUPLE_ITEMS;
const WORD: usize = core::mem::size_of::<Obj>();

/// Allocates a tuple of `n` items (all `None`); NULL with `MemoryError` pending.
pub fn alloc(n: usize) -> Obj {
    let Some(bytes) = n.checked_add(HDR).and_then(|w| w.checked_mul(WORD)) else {
        return exc::raise_memory_error();
    };
    let p = gc::alloc(bytes) as *mut Obj;
    if p.is_null() {
        return exc::raise_memory_error();
    }
    // SAFETY: `HDR + n` words were allocated.
    unsafe {
        *p = &TUPLE_TYPE as *const Type as Obj;
        *p.add(1) = n;
        for i in 0..n {
            *p.add(HDR + i) = obj::NONE;
        }
    }
    p as Obj
}

/// A new tuple holding a copy of `items`.
pub fn new(items: &[Obj]) -> Obj {
    if items.is_empty() {
        return empty();
    }
    let t = alloc(items.len());
    if t != NULL {
        items_mut(t).copy_from_slice(items);
    }
    t
}

/// The empty tuple (a shared static).
pub fn empty() -> Obj {
    core::ptr::addr_of!(EMPTY) as Obj
}

#[repr(C)]
struct EmptyTuple {
    ty: &'static Type,
    len: usize,
}

static EMPTY: EmptyTuple = EmptyTuple {
    ty: &TUPLE_TYPE,
    len: 0,
};

/// The items of a tuple object (which `t` must be).
pub fn items<'a>(t: Obj) -> &'a [Obj] {
    // SAFETY: a tuple: length word then `len` items; the GC does not move it.
    unsafe {
        let p = t as *const Obj;
        core::slice::from_raw_parts(p.add(HDR), *p.add(1))
    }
}

/// The items of a freshly allocated tuple, to fill in.
pub fn items_mut<'a>(t: Obj) -> &'a mut [Obj] {
    // SAFETY: as `items`; only called on tuples the caller just made.
    unsafe {
        let p = t as *mut Obj;
        core::slice::from_raw_parts_mut(p.add(HDR), *p.add(1))
    }
}

/// True for a tuple or an instance of a type with the tuple layout deriving from
/// `tuple` (namedtuples).
pub fn is_tuple(o: Obj) -> bool {
    obj::is_ptr(o) && {
        let t = obj::type_of(o);
        core::ptr::eq(t, &TUPLE_TYPE) || t.base.is_some_and(|b| core::ptr::eq(b, &TUPLE_TYPE))
    }
}

/// The items of a tuple or list, `None` for anything else.
pub fn items_of<'a>(o: Obj) -> Option<&'a [Obj]> {
    if is_tuple(o) {
        Some(items(o))
    } else if obj::is_type(o, &crate::list::LIST_TYPE) {
        Some(crate::list::items(o))
    } else {
        None
    }
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let it = items(o);
    if it.len() == 1 {
        return seq::print_items(w, it, b"(", b",)");
    }
    seq::print_items(w, it, b"(", b")")
}

fn binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    let a_is = is_tuple(a);
    let b_is = is_tuple(b);
    match op {
        BinOp::In => return seq::contains(items(b), a),
        BinOp::Add if a_is && b_is => {
            let (x, y) = (items(a), items(b));
            let t = alloc(x.len() + y.len());
            if t != NULL {
                let out = items_mut(t);
                out[..x.len()].copy_from_slice(x);
                out[x.len()..].copy_from_slice(y);
            }
            return t;
        }
        BinOp::Mul => {
            let (t, n) = if a_is { (a, b) } else { (b, a) };
            if crate::int::get(n).is_some() {
                return repeat(items(t), n);
            }
        }
        BinOp::Eq | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge if a_is && b_is => {
            return seq::compare(op, items(a), items(b));
        }
        _ => {}
    }
    obj::NOT_IMPL
}

fn repeat(src: &[Obj], n: Obj) -> Obj {
    let Ok(c) = seq::repeat_count(n, src.len()) else {
        return NULL;
    };
    let t = alloc(src.len() * c);
    if t != NULL {
        for chunk in items_mut(t).chunks_mut(src.len().max(1)) {
            chunk.copy_from_slice(&src[..chunk.len()]);
        }
    }
    t
}

fn hash(o: Obj) -> PyResult<usize> {
    let mut h: usize = 0x345678;
    for &x in items(o) {
        h = h.wrapping_mul(1_000_003) ^ crate::hash::hash(x)?;
    }
    Ok(h ^ items(o).len())
}

fn len(o: Obj) -> usize {
    items(o).len()
}

fn subscr(o: Obj, i: Obj) -> Obj {
    get_item(items(o), i, "tuple", new)
}

/// `seq[i]` / `seq[a:b:c]` for an item slice; `make` builds the result of a slice.
pub fn get_item(it: &[Obj], i: Obj, what: &str, make: fn(&[Obj]) -> Obj) -> Obj {
    if let Some(s) = crate::slice::get(i) {
        let Ok(r) = seq::resolve_slice(s, it.len()) else {
            return NULL;
        };
        if r.step == 1 {
            return make(&it[r.start as usize..r.start as usize + r.count]);
        }
        let mut v = alloc::vec::Vec::new();
        if v.try_reserve(r.count).is_err() {
            return exc::raise_memory_error();
        }
        v.extend((0..r.count).map(|k| it[r.at(k)]));
        return make(&v);
    }
    match seq::index(i, it.len(), what) {
        Ok(k) => it[k],
        Err(Raised) => NULL,
    }
}

/// `tuple`.
pub static TUPLE_TYPE: Type = Type {
    print: Some(print),
    binop: Some(binop),
    hash: Some(hash),
    len: Some(len),
    subscr: Some(subscr),
    iter: Some(crate::iter::seq_iter),
    methods: &crate::seq_methods::TUPLE_METHODS,
    ..Type::new("tuple")
};

/// A new tuple of `n` items from `items`.
///
/// # Safety
/// `items` points at `n` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_build_tuple(items: *const Obj, n: usize) -> Obj {
    if n == 0 {
        return empty();
    }
    // SAFETY: per the contract.
    new(unsafe { core::slice::from_raw_parts(items, n) })
}
