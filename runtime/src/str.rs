//! Strings: interned (qstr immediates) and heap strings (results of `+`, `*`, messages).

use crate::exc;
use crate::gc;
use crate::obj::{self, Kind, Obj, Type, NULL};
use upyc_abi::BinOp;

/// A heap string. `data` points at the bytes that follow the header in the same
/// allocation, or at static text (runtime messages).
#[repr(C)]
pub struct StrObj {
    ty: &'static Type,
    len: usize,
    data: *const u8,
}

// SAFETY: string objects are immutable once built.
unsafe impl Sync for StrObj {}

impl StrObj {
    /// A string object for static text, usable in a `static`.
    pub const fn from_static(t: &'static str) -> StrObj {
        StrObj {
            ty: &obj::STR_TYPE,
            len: t.len(),
            data: t.as_ptr(),
        }
    }
}

/// The bytes of a string object, or `None` when `o` is not a string.
pub fn bytes<'a>(o: Obj) -> Option<&'a [u8]> {
    if obj::is_qstr(o) {
        return Some(crate::qstr::bytes(obj::qstr_value(o)));
    }
    if obj::is_ptr(o) && obj::type_of(o).kind == Kind::Str {
        // SAFETY: a str object; the GC never moves it and it lives while `o` is reachable.
        unsafe {
            let s = &*(o as *const StrObj);
            return Some(core::slice::from_raw_parts(s.data, s.len));
        }
    }
    None
}

/// The text of a string object (lossy: invalid UTF-8 reads as `?`).
pub fn as_str<'a>(o: Obj) -> Option<&'a str> {
    bytes(o).map(|b| core::str::from_utf8(b).unwrap_or("?"))
}

/// A new string holding a copy of `b`; NULL with `MemoryError` pending on failure.
pub fn new(b: &[u8]) -> Obj {
    let p = new_uninit(b.len());
    if p.is_null() {
        return NULL;
    }
    // SAFETY: `new_uninit` gave room for `b.len()` bytes.
    unsafe { core::ptr::copy_nonoverlapping(b.as_ptr(), p, b.len()) };
    // SAFETY: the header precedes the bytes.
    (unsafe { p.sub(core::mem::size_of::<StrObj>()) }) as Obj
}

/// A heap string object for static text (no copy).
pub fn new_static(t: &'static str) -> Obj {
    let p = gc::alloc(core::mem::size_of::<StrObj>()) as *mut StrObj;
    if p.is_null() {
        return exc::raise_memory_error();
    }
    // SAFETY: freshly allocated.
    unsafe {
        p.write(StrObj {
            ty: &obj::STR_TYPE,
            len: t.len(),
            data: t.as_ptr(),
        })
    };
    p as Obj
}

/// Allocates a string of `len` bytes and returns a pointer to its (zeroed) bytes, or
/// null with `MemoryError` pending.
fn new_uninit(len: usize) -> *mut u8 {
    let hdr = core::mem::size_of::<StrObj>();
    let Some(total) = len.checked_add(hdr) else {
        exc::raise_memory_error();
        return core::ptr::null_mut();
    };
    let p = gc::alloc(total) as *mut StrObj;
    if p.is_null() {
        exc::raise_memory_error();
        return core::ptr::null_mut();
    }
    // SAFETY: freshly allocated, `total` bytes.
    unsafe {
        let data = (p as *mut u8).add(hdr);
        p.write(StrObj {
            ty: &obj::STR_TYPE,
            len,
            data,
        });
        data
    }
}

fn empty() -> Obj {
    upyc_abi::qstr_obj(upyc_abi::qstr::EMPTY)
}

/// `a + b` for two strings.
pub fn concat(a: &[u8], b: &[u8]) -> Obj {
    if a.is_empty() && b.is_empty() {
        return empty();
    }
    let p = new_uninit(a.len().saturating_add(b.len()));
    if p.is_null() {
        return NULL;
    }
    // SAFETY: room for both.
    unsafe {
        core::ptr::copy_nonoverlapping(a.as_ptr(), p, a.len());
        core::ptr::copy_nonoverlapping(b.as_ptr(), p.add(a.len()), b.len());
        p.sub(core::mem::size_of::<StrObj>()) as Obj
    }
}

/// `s * n` (also `n * s`); `n` is an int object.
pub fn repeat(s: &[u8], n: Obj) -> Obj {
    let count = match crate::int::to_isize(n) {
        Some(c) => c,
        // A big count: negative gives "", positive cannot fit in memory.
        None => {
            if crate::int::is_negative(n) {
                return empty();
            }
            return exc::raise_memory_error();
        }
    };
    if count <= 0 || s.is_empty() {
        return empty();
    }
    let Some(total) = s.len().checked_mul(count as usize) else {
        return exc::raise_memory_error();
    };
    if total > gc::capacity() {
        return exc::raise_memory_error();
    }
    let p = new_uninit(total);
    if p.is_null() {
        return NULL;
    }
    for i in 0..count as usize {
        // SAFETY: `count * s.len()` bytes were allocated.
        unsafe { core::ptr::copy_nonoverlapping(s.as_ptr(), p.add(i * s.len()), s.len()) };
    }
    // SAFETY: the header precedes the bytes.
    (unsafe { p.sub(core::mem::size_of::<StrObj>()) }) as Obj
}

/// Comparison and `in` between two strings; `None` for other operators.
pub fn compare(op: BinOp, a: &[u8], b: &[u8]) -> Option<bool> {
    Some(match op {
        BinOp::Eq => a == b,
        BinOp::Ne => a != b,
        BinOp::Lt => a < b,
        BinOp::Le => a <= b,
        BinOp::Gt => a > b,
        BinOp::Ge => a >= b,
        // `a in b`: is `a` a substring of `b`.
        BinOp::In => contains(b, a),
        BinOp::NotIn => !contains(b, a),
        _ => return None,
    })
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || hay.windows(needle.len()).any(|w| w == needle)
}
