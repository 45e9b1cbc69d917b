//! Helpers shared by the sequence types (str, tuple, list, range): index
//! normalisation, slice resolution, comparison, repr of item lists.

use crate::exc::{self, raise_parts};
use crate::int;
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Writer};
use upyc_abi::BinOp;

/// `o[i]` index for a sequence of `len` items: negative counts from the end.
/// Raises `IndexError: <what> index out of range` or
/// `TypeError: <what> indices must be integers, not <type>`.
pub fn index(i: Obj, len: usize, what: &str) -> PyResult<usize> {
    let Some(v) = int_index(i, what)? else {
        return Err(index_error(what));
    };
    let n = len as isize;
    let k = if v < 0 { v + n } else { v };
    if k < 0 || k >= n {
        return Err(index_error(what));
    }
    Ok(k as usize)
}

fn index_error(what: &str) -> Raised {
    raise_parts(
        &exc::INDEX_ERROR,
        &[what.as_bytes(), b" index out of range"],
    );
    Raised
}

/// Reads an int index; `None` for big ints (always out of range).
fn int_index(i: Obj, what: &str) -> PyResult<Option<isize>> {
    match int::get(i) {
        Some(int::Int::Small(v)) => Ok(Some(v)),
        Some(int::Int::Big(_)) => Ok(None),
        None => {
            raise_parts(
                &exc::TYPE_ERROR,
                &[
                    what.as_bytes(),
                    b" indices must be integers, not ",
                    obj::type_name(i).as_bytes(),
                ],
            );
            Err(Raised)
        }
    }
}

/// A resolved slice: `start`, then `count` items `step` apart.
#[derive(Clone, Copy, Debug)]
pub struct Range {
    /// First index.
    pub start: isize,
    /// Distance between indices (never 0).
    pub step: isize,
    /// Number of items.
    pub count: usize,
}

impl Range {
    /// The `k`-th index.
    pub fn at(&self, k: usize) -> usize {
        (self.start + self.step * k as isize) as usize
    }
}

/// Resolves slice `s` against a sequence of `len` items (CPython's `slice.indices`).
pub fn resolve_slice(s: &crate::slice::SliceObj, len: usize) -> PyResult<Range> {
    let n = len as isize;
    let step = match slice_part(s.step)? {
        None => 1,
        Some(0) => {
            exc::raise(&exc::VALUE_ERROR, "slice step cannot be zero");
            return Err(Raised);
        }
        Some(v) => v,
    };
    let (lo, hi) = if step < 0 { (-1, n - 1) } else { (0, n) };
    let clamp = |v: Option<isize>, default: isize| -> isize {
        match v {
            None => default,
            Some(v) if v < 0 => (v + n).max(lo),
            Some(v) => v.min(hi),
        }
    };
    let start = clamp(slice_part(s.start)?, if step < 0 { hi } else { lo });
    let stop = clamp(slice_part(s.stop)?, if step < 0 { lo } else { hi });
    let count = if step > 0 && stop > start {
        ((stop - start - 1) / step + 1) as usize
    } else if step < 0 && start > stop {
        ((start - stop - 1) / (-step) + 1) as usize
    } else {
        0
    };
    Ok(Range { start, step, count })
}

/// A slice bound: `None` for `None`, clamped to the isize range for big ints.
fn slice_part(o: Obj) -> PyResult<Option<isize>> {
    if o == obj::NONE {
        return Ok(None);
    }
    match int::get(o) {
        Some(int::Int::Small(v)) => Ok(Some(v)),
        Some(int::Int::Big(_)) => Ok(Some(if int::is_negative(o) {
            isize::MIN / 4
        } else {
            isize::MAX / 4
        })),
        None => {
            exc::raise(
                &exc::TYPE_ERROR,
                "slice indices must be integers or None or have an __index__ method",
            );
            Err(Raised)
        }
    }
}

/// `a op b` for two item sequences of the same type (lexicographic, like CPython).
pub fn compare(op: BinOp, a: &[Obj], b: &[Obj]) -> Obj {
    if matches!(op, BinOp::Eq | BinOp::Ne) && a.len() != b.len() {
        return obj::new_bool(op == BinOp::Ne);
    }
    for (x, y) in a.iter().zip(b.iter()) {
        match crate::hash::equal(*x, *y) {
            Err(_) => return obj::NULL,
            Ok(true) => continue,
            Ok(false) => {}
        }
        return match op {
            BinOp::Eq => obj::FALSE,
            BinOp::Ne => obj::TRUE,
            _ => crate::entry::upy_binop(op as usize, *x, *y),
        };
    }
    obj::new_bool(crate::int::compare_result(op, a.len().cmp(&b.len())))
}

/// `x in items`.
pub fn contains(items: &[Obj], x: Obj) -> Obj {
    for &y in items {
        match crate::hash::equal(y, x) {
            Err(_) => return obj::NULL,
            Ok(true) => return obj::TRUE,
            Ok(false) => {}
        }
    }
    obj::FALSE
}

/// Writes `open item, item close` with items in repr form.
pub fn print_items(w: &mut dyn Writer, items: &[Obj], open: &[u8], close: &[u8]) -> PyResult<()> {
    w.write(open);
    for (i, &x) in items.iter().enumerate() {
        if i > 0 {
            w.write(b", ");
        }
        crate::print::print(w, x, PrintKind::Repr)?;
    }
    w.write(close);
    Ok(())
}

/// The repeat count of `seq * n`: 0 for negative, `MemoryError` when `n * len` is
/// beyond the heap.
pub fn repeat_count(n: Obj, len: usize) -> PyResult<usize> {
    match int::to_isize(n) {
        Some(c) if c <= 0 => Ok(0),
        Some(c) => {
            let total = (c as usize).checked_mul(len.max(1));
            match total {
                Some(t)
                    if t.saturating_mul(core::mem::size_of::<Obj>()) <= crate::gc::capacity() =>
                {
                    Ok(c as usize)
                }
                _ => {
                    exc::raise_memory_error();
                    Err(Raised)
                }
            }
        }
        None if int::is_negative(n) => Ok(0),
        None => {
            exc::raise_memory_error();
            Err(Raised)
        }
    }
}

/// Collects the items of any iterable into a `Vec` (lists and tuples copied directly).
pub fn collect(o: Obj) -> PyResult<alloc::vec::Vec<Obj>> {
    let mut v = alloc::vec::Vec::new();
    if let Some(items) = crate::tuple::items_of(o) {
        if v.try_reserve(items.len()).is_err() {
            exc::raise_memory_error();
            return Err(Raised);
        }
        v.extend_from_slice(items);
        return Ok(v);
    }
    crate::iter::for_each(o, |x| {
        if v.try_reserve(1).is_err() {
            exc::raise_memory_error();
            return Err(Raised);
        }
        v.push(x);
        Ok(())
    })?;
    Ok(v)
}

/// Item `index` of a sequence of `len` items when `index` is a small int in range
/// (negative counting from the end): the shortcut byte indexing takes before
/// [`index`], which also raises.
#[inline]
pub fn small_index(len: usize, index: Obj) -> Option<usize> {
    if !crate::obj::is_small_int(index) {
        return None;
    }
    let i = crate::obj::small_int_value(index);
    let i = if i < 0 { i + len as isize } else { i };
    (0..len as isize).contains(&i).then_some(i as usize)
}
