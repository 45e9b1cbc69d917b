//! `list`: a header holding a `Vec` of items (its buffer lives in the GC heap through
//! the global allocator), subscripts with slices, and the `upy_build_list`,
//! `upy_list_append`, `upy_list_extend` entry points.

use alloc::vec::Vec;

use crate::exc;
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NULL};
use crate::seq;
use crate::tuple;
use upyc_abi::BinOp;

/// A list object.
#[repr(C)]
pub struct ListObj {
    ty: &'static Type,
    /// The items.
    pub items: Vec<Obj>,
}

/// A new list owning `items`.
pub fn from_vec(items: Vec<Obj>) -> Obj {
    obj::new_obj(ListObj {
        ty: &LIST_TYPE,
        items,
    })
}

/// A new list holding a copy of `items`.
pub fn new(items: &[Obj]) -> Obj {
    let mut v = Vec::new();
    if v.try_reserve(items.len()).is_err() {
        return exc::raise_memory_error();
    }
    v.extend_from_slice(items);
    from_vec(v)
}

/// The list object `l` points at (which must be a list).
pub fn get_mut<'a>(l: Obj) -> &'a mut ListObj {
    // SAFETY: callers check the type; single-threaded, the GC does not move objects.
    unsafe { &mut *(l as *mut ListObj) }
}

/// The items of list `l`.
pub fn items<'a>(l: Obj) -> &'a [Obj] {
    &get_mut(l).items
}

/// True for a list.
pub fn is_list(o: Obj) -> bool {
    obj::is_type(o, &LIST_TYPE)
}

/// Appends, raising `MemoryError` when the heap is full.
pub fn push(l: Obj, x: Obj) -> PyResult<()> {
    let v = &mut get_mut(l).items;
    if v.try_reserve(1).is_err() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    v.push(x);
    Ok(())
}

/// `l.extend(iterable)`.
pub fn extend(l: Obj, it: Obj) -> PyResult<()> {
    let add = seq::collect(it)?;
    let v = &mut get_mut(l).items;
    if v.try_reserve(add.len()).is_err() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    v.extend_from_slice(&add);
    Ok(())
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    seq::print_items(w, items(o), b"[", b"]")
}

fn binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    let (a_is, b_is) = (is_list(a), is_list(b));
    match op {
        BinOp::In => return seq::contains(items(b), a),
        BinOp::Add if a_is && b_is => {
            let mut v = Vec::new();
            if v.try_reserve(items(a).len() + items(b).len()).is_err() {
                return exc::raise_memory_error();
            }
            v.extend_from_slice(items(a));
            v.extend_from_slice(items(b));
            return from_vec(v);
        }
        BinOp::Mul => {
            let (l, n) = if a_is { (a, b) } else { (b, a) };
            if crate::int::get(n).is_some() {
                let src = items(l);
                let Ok(c) = seq::repeat_count(n, src.len()) else {
                    return NULL;
                };
                let mut v = Vec::new();
                if v.try_reserve(src.len() * c).is_err() {
                    return exc::raise_memory_error();
                }
                for _ in 0..c {
                    v.extend_from_slice(src);
                }
                return from_vec(v);
            }
        }
        BinOp::Eq | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge if a_is && b_is => {
            return seq::compare(op, items(a), items(b));
        }
        _ => {}
    }
    obj::NOT_IMPL
}

fn len(o: Obj) -> usize {
    items(o).len()
}

fn subscr(o: Obj, i: Obj) -> Obj {
    tuple::get_item(items(o), i, "list", new)
}

fn store_subscr(l: Obj, i: Obj, value: Obj) -> Obj {
    let r = if let Some(s) = crate::slice::get(i) {
        store_slice(l, s, value)
    } else {
        seq::index(i, items(l).len(), "list").map(|k| {
            let v = &mut get_mut(l).items;
            if value == NULL {
                v.remove(k);
                let len = v.len();
                crate::gc::scrub_vacated(v, len + 1);
            } else {
                v[k] = value;
            }
        })
    };
    match r {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

/// `l[a:b:c] = value` (`del l[a:b:c]` when `value` is NULL).
fn store_slice(l: Obj, s: &crate::slice::SliceObj, value: Obj) -> PyResult<()> {
    let r = seq::resolve_slice(s, items(l).len())?;
    if value == NULL {
        let v = &mut get_mut(l).items;
        let old_len = v.len();
        if r.step == 1 {
            v.drain(r.start as usize..r.start as usize + r.count);
        } else {
            // Remove from the highest index down so earlier indices stay valid.
            let mut idx: Vec<usize> = (0..r.count).map(|k| r.at(k)).collect();
            idx.sort_unstable();
            for k in idx.into_iter().rev() {
                v.remove(k);
            }
        }
        crate::gc::scrub_vacated(v, old_len);
        return Ok(());
    }
    let new = seq::collect(value)?;
    let v = &mut get_mut(l).items;
    if r.step == 1 {
        let start = r.start as usize;
        let old_len = v.len();
        v.splice(start..start + r.count, new);
        crate::gc::scrub_vacated(v, old_len);
        return Ok(());
    }
    if new.len() != r.count {
        let mut a = [0u8; 24];
        let mut b = [0u8; 24];
        exc::raise_parts(
            &exc::VALUE_ERROR,
            &[
                b"attempt to assign sequence of size ",
                crate::console::fmt_int(new.len() as isize, &mut a),
                b" to extended slice of size ",
                crate::console::fmt_int(r.count as isize, &mut b),
            ],
        );
        return Err(Raised);
    }
    for (k, x) in new.into_iter().enumerate() {
        v[r.at(k)] = x;
    }
    Ok(())
}

// Compiled code indexes lists inline (`upyc_abi::layout::LIST_ITEMS`/`LIST_LEN`): the
// items pointer must be where the ABI says (checked here on an empty `Vec`, whose pointer
// is its alignment and whose other words are zero).
const _: () = {
    // SAFETY: `Vec<Obj>` is three words (asserted first); reading them as words is sound.
    assert!(core::mem::size_of::<Vec<Obj>>() == 3 * core::mem::size_of::<usize>());
    let w: [usize; 3] = unsafe { core::mem::transmute(Vec::<Obj>::new()) };
    assert!(w[upyc_abi::layout::LIST_ITEMS - 1] == core::mem::align_of::<Obj>());
    assert!(w[upyc_abi::layout::LIST_LEN - 1] == 0);
    assert!(core::mem::offset_of!(ListObj, items) == core::mem::size_of::<usize>());
};

/// `list`.
#[export_name = "upy_type_list"]
pub static LIST_TYPE: Type = Type {
    print: Some(print),
    binop: Some(binop),
    hash: Some(crate::hash::unhashable),
    len: Some(len),
    subscr: Some(subscr),
    store_subscr: Some(store_subscr),
    iter: Some(crate::iter::seq_iter),
    methods: &crate::list_methods::LIST_METHODS,
    ..Type::new("list")
};

/// A new list of `n` items from `items`.
///
/// # Safety
/// `items` points at `n` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_build_list(items: *const Obj, n: usize) -> Obj {
    if n == 0 {
        return from_vec(Vec::new());
    }
    // SAFETY: per the contract.
    new(unsafe { core::slice::from_raw_parts(items, n) })
}

/// `list.append(item)` (comprehensions).
#[no_mangle]
pub extern "C" fn upy_list_append(list: Obj, item: Obj) -> Obj {
    if !is_list(list) {
        return exc::raise(&exc::TYPE_ERROR, "list expected");
    }
    match push(list, item) {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

/// `list.extend(iterable)` (`[*a, *b]`).
#[no_mangle]
pub extern "C" fn upy_list_extend(list: Obj, iterable: Obj) -> Obj {
    if !is_list(list) {
        return exc::raise(&exc::TYPE_ERROR, "list expected");
    }
    match extend(list, iterable) {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}
