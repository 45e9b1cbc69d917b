//! The buffer protocol: raw access to the bytes of `bytes`, `bytearray` and
//! `memoryview` objects (and of any future type that fills [`Type::buffer`], such as
//! `array`), in the style of MicroPython's `mp_get_buffer`.
//!
//! Runtime code that consumes "a bytes-like object" (`struct`, `binascii`, `hashlib`,
//! `bytes(x)`, `b"" + x`, viper's `ptr8(x)`, ...) calls [`get`], [`slice`] or
//! [`slice_mut`]; a type provides a buffer by setting its [`Type::buffer`] slot.
//!
//! Lifetimes: the returned memory belongs to the object. It stays valid while the
//! object is reachable (the GC never moves objects) **and is not resized**: a
//! `bytearray` that grows or shrinks moves its data, so code that mutates a
//! bytearray must copy any source buffer first (`ba.extend(ba)`, `ba[1:] = ba`).
//!
//! [`Type::buffer`]: crate::obj::Type::buffer

use crate::exc::{self, raise_parts};
use crate::obj::{self, Obj, PyResult, Raised};

/// The data pointer and length of `o`'s buffer; `None` when `o` has no buffer, or only
/// a read-only one (`bytes`, a view of one) and `writable` is true.
pub fn get(o: Obj, writable: bool) -> Option<(*mut u8, usize)> {
    if !obj::is_ptr(o) {
        return None;
    }
    obj::type_of(o).buffer.and_then(|f| f(o, writable))
}

/// True when `o` has a buffer (is bytes-like).
pub fn has(o: Obj) -> bool {
    get(o, false).is_some()
}

/// `o`'s buffer as a byte slice (read-only access), `None` when it has none.
pub fn slice<'a>(o: Obj) -> Option<&'a [u8]> {
    let (p, n) = get(o, false)?;
    if n == 0 {
        return Some(&[]);
    }
    // SAFETY: the slot returns `n` valid bytes at `p` (see the module comment).
    Some(unsafe { core::slice::from_raw_parts(p, n) })
}

/// `o`'s buffer as a mutable byte slice, `None` when it has none or it is read-only.
pub fn slice_mut<'a>(o: Obj) -> Option<&'a mut [u8]> {
    let (p, n) = get(o, true)?;
    if n == 0 {
        return Some(&mut []);
    }
    // SAFETY: as in `slice`; the buffer is writable.
    Some(unsafe { core::slice::from_raw_parts_mut(p, n) })
}

/// Like [`slice`], raising `TypeError: object with buffer protocol required` for an
/// object without a buffer.
pub fn slice_or_raise<'a>(o: Obj) -> PyResult<&'a [u8]> {
    slice(o).ok_or_else(|| {
        raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"a bytes-like object is required, not '",
                obj::type_name(o).as_bytes(),
                b"'",
            ],
        );
        Raised
    })
}
