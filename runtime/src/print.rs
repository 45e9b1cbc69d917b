//! Printing objects: `str()`/`repr()` to the console or into a byte buffer.
//!
//! Ints, bools, None and strs are printed here directly (fast path); every other
//! object through its type's [`Type::print`](crate::obj::Type::print) slot.

use alloc::vec::Vec;

use crate::console::{self, Stream};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Writer, FALSE, NONE, NULL, TRUE};

impl Writer for Stream {
    fn write(&mut self, b: &[u8]) {
        console::write(*self, b);
    }
}

/// Collects output in memory (`str()`, `repr()`); a failed allocation sets `failed`.
#[derive(Default)]
pub struct Buffer {
    /// The bytes written so far.
    pub bytes: Vec<u8>,
    /// An allocation failed: the buffer is incomplete.
    pub failed: bool,
}

impl Writer for Buffer {
    fn write(&mut self, b: &[u8]) {
        if self.failed || self.bytes.try_reserve(b.len()).is_err() {
            self.failed = true;
            return;
        }
        self.bytes.extend_from_slice(b);
    }
}

/// Writes `str(o)` or `repr(o)` to `w`.
pub fn print(w: &mut dyn Writer, o: Obj, kind: PrintKind) -> PyResult<()> {
    if let Some(i) = crate::int::get(o) {
        if o == TRUE {
            w.write(b"True");
        } else if o == FALSE {
            w.write(b"False");
        } else {
            match i {
                crate::int::Int::Small(v) => {
                    let mut buf = [0u8; 24];
                    w.write(console::fmt_int(v, &mut buf));
                }
                crate::int::Int::Big(b) => w.write(b.to_str_radix(10).as_bytes()),
            }
        }
        return Ok(());
    }
    if o == NONE {
        w.write(b"None");
        return Ok(());
    }
    if let Some(b) = crate::str::bytes(o) {
        match kind {
            PrintKind::Str => w.write(b),
            PrintKind::Repr => write_str_repr(w, b),
        }
        return Ok(());
    }
    if o == upyc_abi::ELLIPSIS {
        w.write(b"Ellipsis");
        return Ok(());
    }
    let ty = obj::type_of(o);
    if let Some(f) = ty.print {
        return f(w, o, kind);
    }
    w.write(b"<");
    w.write(ty.name.as_bytes());
    w.write(b">");
    Ok(())
}

/// Writes a string literal the way CPython's `repr` does: single quotes unless the
/// text has `'` and no `"`, escapes for `\\`, the quote, `\n`, `\r`, `\t` and other
/// control characters (`\xNN`); other characters (UTF-8 included) as they are.
pub fn write_str_repr(w: &mut dyn Writer, b: &[u8]) {
    let q = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    w.write(&[q]);
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: Option<&[u8]> = match c {
            b'\\' => Some(b"\\\\"),
            b'\n' => Some(b"\\n"),
            b'\r' => Some(b"\\r"),
            b'\t' => Some(b"\\t"),
            _ if c == q => Some(if q == b'\'' { b"\\'" } else { b"\\\"" }),
            _ => None,
        };
        let hex;
        let esc = match esc {
            Some(e) => e,
            None if c < 0x20 || c == 0x7f => {
                const D: &[u8; 16] = b"0123456789abcdef";
                hex = [b'\\', b'x', D[(c >> 4) as usize], D[(c & 15) as usize]];
                &hex[..]
            }
            None => continue,
        };
        w.write(&b[start..i]);
        w.write(esc);
        start = i + 1;
    }
    w.write(&b[start..]);
    w.write(&[q]);
}

/// Writes `str(o)` to `s` (errors while printing are left pending).
pub fn print_obj(s: Stream, o: Obj) {
    let mut w = s;
    let _ = print(&mut w, o, PrintKind::Str);
}

/// `str(o)` or `repr(o)` as a new string object; NULL when it raised.
pub fn to_str_obj(o: Obj, kind: PrintKind) -> Obj {
    if kind == PrintKind::Str && crate::str::bytes(o).is_some() {
        return o;
    }
    let mut b = Buffer::default();
    if print(&mut b, o, kind) == Err(Raised) {
        return NULL;
    }
    if b.failed {
        return crate::exc::raise_memory_error();
    }
    crate::str::new(&b.bytes)
}
