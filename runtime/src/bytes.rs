//! `bytes`: immutable byte strings `{ type, len, data }` with the bytes after the header
//! in the same allocation, plus what `bytes` and `bytearray` share: repr, operators
//! (`+`, `*`, comparisons, `in`), constructor argument conversion and the iterator over
//! any buffer. Bytes literals come from `upy_bytes_from_qstr`.

use alloc::vec::Vec;

use crate::buffer;
use crate::exc::{self, raise, raise_parts};
use crate::gc;
use crate::int;
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NULL};
use upyc_abi::{BinOp, STOP};

/// A bytes object. `data` points at the bytes that follow the header.
#[repr(C)]
pub struct BytesObj {
    ty: &'static Type,
    len: usize,
    data: *const u8,
}

// SAFETY: bytes objects are immutable once built.
unsafe impl Sync for BytesObj {}

static EMPTY: BytesObj = BytesObj {
    ty: &BYTES_TYPE,
    len: 0,
    data: [].as_ptr(),
};

/// The empty bytes object (a shared static).
pub fn empty() -> Obj {
    core::ptr::addr_of!(EMPTY) as Obj
}

/// True for a bytes object.
pub fn is_bytes(o: Obj) -> bool {
    obj::is_type(o, &BYTES_TYPE)
}

/// The data of a bytes object, `None` for anything else.
pub fn get<'a>(o: Obj) -> Option<&'a [u8]> {
    if !is_bytes(o) {
        return None;
    }
    // SAFETY: a bytes object; immutable, never moved, alive while `o` is reachable.
    unsafe {
        let b = &*(o as *const BytesObj);
        if b.len == 0 {
            return Some(&[]);
        }
        Some(core::slice::from_raw_parts(b.data, b.len))
    }
}

/// Allocates a bytes object of `len` zero bytes: the object and its data to fill in.
/// `None` with `MemoryError` pending on failure.
pub fn new_uninit(len: usize) -> Option<(Obj, *mut u8)> {
    let hdr = core::mem::size_of::<BytesObj>();
    let Some(total) = len.checked_add(hdr) else {
        exc::raise_memory_error();
        return None;
    };
    let p = gc::alloc(total) as *mut BytesObj;
    if p.is_null() {
        exc::raise_memory_error();
        return None;
    }
    // SAFETY: freshly allocated, `total` bytes.
    unsafe {
        let data = (p as *mut u8).add(hdr);
        p.write(BytesObj {
            ty: &BYTES_TYPE,
            len,
            data,
        });
        Some((p as Obj, data))
    }
}

/// A new bytes object holding a copy of `b`; NULL with `MemoryError` pending.
pub fn new(b: &[u8]) -> Obj {
    if b.is_empty() {
        return empty();
    }
    let Some((o, p)) = new_uninit(b.len()) else {
        return NULL;
    };
    // SAFETY: room for `b.len()` bytes; `b` cannot overlap a fresh block.
    unsafe { core::ptr::copy_nonoverlapping(b.as_ptr(), p, b.len()) };
    o
}

/// A new object of the same kind as `like` (bytearray for a bytearray, else bytes).
pub fn new_like(like: Obj, b: &[u8]) -> Obj {
    if crate::bytearray::is_bytearray(like) {
        crate::bytearray::new(b)
    } else {
        new(b)
    }
}

/// `upy_bytes_from_qstr(text)`: a bytes literal. The compiler stores each byte as the
/// code point of the same value (so the qstr table stays UTF-8); this reverses that.
#[no_mangle]
pub extern "C" fn upy_bytes_from_qstr(text: Obj) -> Obj {
    let Some(t) = crate::str::as_str(text) else {
        return raise(&exc::TYPE_ERROR, "bytes literal expected");
    };
    let mut v = Vec::new();
    if v.try_reserve(t.len()).is_err() {
        return exc::raise_memory_error();
    }
    v.extend(t.chars().map(|c| c as u32 as u8));
    new(&v)
}

// ---------------------------------------------------------------------------------
// Printing

/// Writes `b'...'` the way CPython's `repr(bytes)` does: single quotes unless the data
/// has `'` and no `"`; `\\`, the quote, `\t`, `\n`, `\r` escaped; other bytes outside
/// printable ASCII as `\xNN`.
pub fn write_repr(w: &mut dyn Writer, b: &[u8]) {
    let q = if b.contains(&b'\'') && !b.contains(&b'"') {
        b'"'
    } else {
        b'\''
    };
    w.write(&[b'b', q]);
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let hex;
        let esc: &[u8] = match c {
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            b'\'' if q == b'\'' => b"\\'",
            0x20..=0x7e => continue,
            _ => {
                const D: &[u8; 16] = b"0123456789abcdef";
                hex = [b'\\', b'x', D[(c >> 4) as usize], D[(c & 15) as usize]];
                &hex
            }
        };
        w.write(&b[start..i]);
        w.write(esc);
        start = i + 1;
    }
    w.write(&b[start..]);
    w.write(&[q]);
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    write_repr(w, get(o).unwrap_or(&[]));
    Ok(())
}

// ---------------------------------------------------------------------------------
// Operators shared by bytes and bytearray

/// A byte value from an int object: `ValueError` outside `0..=255`, `TypeError` for
/// non-ints.
pub fn byte_value(o: Obj) -> PyResult<u8> {
    match int::get(o) {
        Some(int::Int::Small(v)) if (0..=255).contains(&v) => Ok(v as u8),
        Some(_) => {
            raise(&exc::VALUE_ERROR, "bytes value out of range");
            Err(Raised)
        }
        None => {
            raise_parts(
                &exc::TYPE_ERROR,
                &[b"can't convert ", obj::type_name(o).as_bytes(), b" to int"],
            );
            Err(Raised)
        }
    }
}

/// Is `needle` a sub-sequence of `hay` (the empty needle is in everything).
pub fn contains(hay: &[u8], needle: &[u8]) -> bool {
    find(hay, needle).is_some()
}

/// First position of `needle` in `hay`.
pub fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(0);
    }
    hay.windows(needle.len()).position(|w| w == needle)
}

/// Last position of `needle` in `hay`.
pub fn rfind(hay: &[u8], needle: &[u8]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    hay.windows(needle.len()).rposition(|w| w == needle)
}

/// True for bytes and bytearray (the types whose operators live here).
fn is_byte_seq(o: Obj) -> bool {
    is_bytes(o) || crate::bytearray::is_bytearray(o)
}

fn repeat(like: Obj, src: &[u8], n: Obj) -> Obj {
    let count = match int::to_isize(n) {
        Some(c) if c <= 0 => 0,
        Some(c) => c as usize,
        None if int::is_negative(n) => 0,
        None => return exc::raise_memory_error(),
    };
    let Some(total) = src.len().checked_mul(count) else {
        return exc::raise_memory_error();
    };
    if total > gc::capacity() {
        return exc::raise_memory_error();
    }
    let mut v = Vec::new();
    if v.try_reserve(total).is_err() {
        return exc::raise_memory_error();
    }
    for _ in 0..count {
        v.extend_from_slice(src);
    }
    new_like(like, &v)
}

/// The `binop` slot of bytes and bytearray: `+` with any bytes-like object (the result
/// has the left operand's type), `*` by an int, comparisons with bytes and bytearray
/// (`==` also with memoryview), `in` for an int or a bytes-like object.
pub fn seq_binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    match op {
        BinOp::In => {
            let Some(hay) = buffer::slice(b) else {
                return obj::NOT_IMPL;
            };
            if int::get(a).is_some() {
                return match byte_value(a) {
                    Ok(v) => obj::new_bool(hay.contains(&v)),
                    Err(Raised) => NULL,
                };
            }
            return match buffer::slice_or_raise(a) {
                Ok(n) => obj::new_bool(contains(hay, n)),
                Err(Raised) => NULL,
            };
        }
        BinOp::Add if is_byte_seq(a) => {
            let (Some(x), Some(y)) = (buffer::slice(a), buffer::slice(b)) else {
                return obj::NOT_IMPL;
            };
            let mut v = Vec::new();
            if v.try_reserve(x.len() + y.len()).is_err() {
                return exc::raise_memory_error();
            }
            v.extend_from_slice(x);
            v.extend_from_slice(y);
            return new_like(a, &v);
        }
        BinOp::Mul => {
            let (s, n) = if is_byte_seq(a) { (a, b) } else { (b, a) };
            if int::get(n).is_some() {
                if let Some(src) = buffer::slice(s) {
                    return repeat(s, src, n);
                }
            }
        }
        BinOp::Eq => {
            if let (Some(x), Some(y)) = (buffer::slice(a), buffer::slice(b)) {
                return obj::new_bool(x == y);
            }
        }
        BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge if is_byte_seq(a) && is_byte_seq(b) => {
            let (Some(x), Some(y)) = (buffer::slice(a), buffer::slice(b)) else {
                return obj::NOT_IMPL;
            };
            if let Some(r) = crate::str::compare(op, x, y) {
                return obj::new_bool(r);
            }
        }
        _ => {}
    }
    obj::NOT_IMPL
}

/// `seq[i]` (an int) or `seq[a:b:c]` (a new object of `like`'s kind) over `data`.
pub fn seq_subscr(like: Obj, data: &[u8], i: Obj, what: &str) -> Obj {
    if let Some(k) = crate::seq::small_index(data.len(), i) {
        return obj::new_small_int(isize::from(data[k]));
    }
    if let Some(s) = crate::slice::get(i) {
        let Ok(r) = crate::seq::resolve_slice(s, data.len()) else {
            return NULL;
        };
        if r.step == 1 {
            let st = r.start as usize;
            return new_like(like, &data[st..st + r.count]);
        }
        let mut v = Vec::new();
        if v.try_reserve(r.count).is_err() {
            return exc::raise_memory_error();
        }
        v.extend((0..r.count).map(|k| data[r.at(k)]));
        return new_like(like, &v);
    }
    match crate::seq::index(i, data.len(), what) {
        Ok(k) => obj::new_small_int(data[k] as isize),
        Err(Raised) => NULL,
    }
}

// ---------------------------------------------------------------------------------
// Iteration over any buffer

/// Iterator over the bytes of a buffer object, reading the buffer at each step (a
/// bytearray may change while it is iterated).
#[repr(C)]
struct BufIter {
    ty: &'static Type,
    seq: Obj,
    pos: usize,
}

/// The `iter` slot of bytes, bytearray and memoryview.
pub fn buf_iter(o: Obj) -> Obj {
    obj::new_obj(BufIter {
        ty: &BUF_ITER_TYPE,
        seq: o,
        pos: 0,
    })
}

fn buf_next(o: Obj) -> Obj {
    // SAFETY: a buffer iterator.
    let it = unsafe { &mut *(o as *mut BufIter) };
    match buffer::slice(it.seq).and_then(|b| b.get(it.pos)) {
        Some(&c) => {
            it.pos += 1;
            obj::new_small_int(c as isize)
        }
        None => STOP,
    }
}

static BUF_ITER_TYPE: Type = Type {
    iternext: Some(buf_next),
    ..Type::new("iterator")
};

// ---------------------------------------------------------------------------------
// Construction

/// The bytes `bytes(...)`/`bytearray(...)` build from their arguments: nothing, an int
/// count of zeros, a str with an encoding, any bytes-like object, or an iterable of
/// ints in `0..=255`.
pub fn ctor_data(pos: &[Obj], kw: &[Obj]) -> PyResult<Vec<u8>> {
    crate::builtins::argc(pos, 0, 3)?;
    let enc = pos.get(1).copied().or(crate::sort::kwarg(kw, "encoding"));
    let Some(&x) = pos.first() else {
        return Ok(Vec::new());
    };
    let oom = || {
        exc::raise_memory_error();
        Raised
    };
    if let Some(s) = crate::str::bytes(x) {
        if enc.is_none() {
            raise(&exc::TYPE_ERROR, "string argument without an encoding");
            return Err(Raised);
        }
        let mut v = Vec::new();
        v.try_reserve(s.len()).map_err(|_| oom())?;
        v.extend_from_slice(s);
        return Ok(v);
    }
    if enc.is_some() {
        raise(&exc::TYPE_ERROR, "encoding without a string argument");
        return Err(Raised);
    }
    if let Some(i) = int::get(x) {
        let n = match i {
            int::Int::Small(n) if n < 0 => {
                raise(&exc::VALUE_ERROR, "negative count");
                return Err(Raised);
            }
            int::Int::Small(n) if (n as usize) <= gc::capacity() => n as usize,
            _ if int::is_negative(x) => {
                raise(&exc::VALUE_ERROR, "negative count");
                return Err(Raised);
            }
            _ => return Err(oom()),
        };
        let mut v = Vec::new();
        v.try_reserve(n).map_err(|_| oom())?;
        v.resize(n, 0);
        return Ok(v);
    }
    if let Some(b) = buffer::slice(x) {
        let mut v = Vec::new();
        v.try_reserve(b.len()).map_err(|_| oom())?;
        v.extend_from_slice(b);
        return Ok(v);
    }
    iter_bytes(x)
}

/// The bytes of an iterable of ints in `0..=255` (or of a bytes-like object).
pub fn iter_bytes(x: Obj) -> PyResult<Vec<u8>> {
    let mut v = Vec::new();
    if let Some(b) = buffer::slice(x) {
        if v.try_reserve(b.len()).is_err() {
            exc::raise_memory_error();
            return Err(Raised);
        }
        v.extend_from_slice(b);
        return Ok(v);
    }
    crate::iter::for_each(x, |item| {
        let c = byte_value(item)?;
        if v.try_reserve(1).is_err() {
            exc::raise_memory_error();
            return Err(Raised);
        }
        v.push(c);
        Ok(())
    })?;
    Ok(v)
}

/// `bytes(...)`.
pub fn bytes_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    if let [x] = pos {
        if is_bytes(*x) && kw.is_empty() {
            return *x;
        }
    }
    match ctor_data(pos, kw) {
        Ok(v) => new(&v),
        Err(Raised) => NULL,
    }
}

// ---------------------------------------------------------------------------------
// The type

fn hash(o: Obj) -> PyResult<usize> {
    Ok(crate::hash::bytes_hash(get(o).unwrap_or(&[])))
}

fn len(o: Obj) -> usize {
    get(o).map_or(0, <[u8]>::len)
}

fn subscr(o: Obj, i: Obj) -> Obj {
    seq_subscr(o, get(o).unwrap_or(&[]), i, "bytes")
}

fn buffer_slot(o: Obj, writable: bool) -> Option<(*mut u8, usize)> {
    if writable {
        return None;
    }
    get(o).map(|b| (b.as_ptr() as *mut u8, b.len()))
}

/// `bytes`.
pub static BYTES_TYPE: Type = Type {
    print: Some(print),
    binop: Some(seq_binop),
    hash: Some(hash),
    len: Some(len),
    subscr: Some(subscr),
    iter: Some(buf_iter),
    buffer: Some(buffer_slot),
    methods: &crate::bytes_methods::BYTES_METHODS,
    ..Type::new("bytes")
};
