//! Stable sorting of objects with `<` (list.sort, sorted), tolerant of comparisons
//! that raise or are inconsistent (never panics).

use alloc::vec::Vec;

use crate::obj::{Obj, PyResult, Raised};
use upyc_abi::BinOp;

fn less(a: Obj, b: Obj) -> PyResult<bool> {
    match crate::entry::upy_binop(BinOp::Lt as usize, a, b) {
        crate::obj::NULL => Err(Raised),
        r => Ok(r == crate::obj::TRUE),
    }
}

/// Sorts `items` in place; `key` (NULL or None for none) maps each item to its sort
/// key; `reverse` sorts descending while keeping equal items in order.
pub fn sort(items: &mut Vec<Obj>, key: Obj, reverse: bool) -> PyResult<()> {
    let keys: Vec<Obj> = if key == crate::obj::NULL || key == crate::obj::NONE {
        items.clone()
    } else {
        let mut k = Vec::with_capacity(items.len());
        for &x in items.iter() {
            k.push(crate::obj::check(crate::callable::call1(key, x))?);
        }
        k
    };
    // Merge sort of indices.
    let n = items.len();
    let mut idx: Vec<usize> = (0..n).collect();
    let mut tmp: Vec<usize> = idx.clone();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j, mut o) = (lo, mid, lo);
            while i < mid && j < hi {
                // Take from the right only when strictly before (stability).
                let right_first = if reverse {
                    less(keys[idx[i]], keys[idx[j]])?
                } else {
                    less(keys[idx[j]], keys[idx[i]])?
                };
                if right_first {
                    tmp[o] = idx[j];
                    j += 1;
                } else {
                    tmp[o] = idx[i];
                    i += 1;
                }
                o += 1;
            }
            while i < mid {
                tmp[o] = idx[i];
                i += 1;
                o += 1;
            }
            while j < hi {
                tmp[o] = idx[j];
                j += 1;
                o += 1;
            }
            lo = hi;
        }
        core::mem::swap(&mut idx, &mut tmp);
        width *= 2;
    }
    let sorted: Vec<Obj> = idx.iter().map(|&k| items[k]).collect();
    *items = sorted;
    Ok(())
}

/// The value of keyword argument `name` in flattened (name, value) pairs.
pub fn kwarg(kw: &[Obj], name: &str) -> Option<Obj> {
    kw.chunks(2)
        .find(|p| crate::str::bytes(p[0]) == Some(name.as_bytes()))
        .map(|p| p[1])
}
