//! `memoryview`: a window `[start, start + len)` on another object's buffer (format
//! `'B'`: items are bytes). Slices are views sharing the memory; item and slice
//! assignment write through to the underlying object unless it is read-only.
//!
//! The view keeps the underlying object, not a pointer, and reads its buffer on each
//! access, clamped to the buffer's current length: a bytearray resized under a view
//! (which CPython forbids) cannot make the view read or write outside its data.

use alloc::vec::Vec;

use crate::buffer;
use crate::bytes;
use crate::callable::BuiltinFn;
use crate::exc::{self, raise, raise_parts};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NULL};
use crate::seq;

/// A memoryview object.
#[repr(C)]
pub struct MemViewObj {
    ty: &'static Type,
    /// The object whose buffer this views (never itself a memoryview).
    base: Obj,
    start: usize,
    len: usize,
    readonly: bool,
}

fn get<'a>(o: Obj) -> &'a MemViewObj {
    // SAFETY: only called on memoryview objects (the slots of MEMORYVIEW_TYPE).
    unsafe { &*(o as *const MemViewObj) }
}

/// True for a memoryview.
pub fn is_memoryview(o: Obj) -> bool {
    obj::is_type(o, &MEMORYVIEW_TYPE)
}

/// The viewed bytes (clamped to the underlying buffer's current length).
fn view(o: Obj) -> (*mut u8, usize) {
    let m = get(o);
    let Some((p, n)) = buffer::get(m.base, false) else {
        return (core::ptr::null_mut(), 0);
    };
    let s = m.start.min(n);
    let e = m.start.saturating_add(m.len).min(n);
    // SAFETY: `s <= n`, inside the buffer.
    (unsafe { p.add(s) }, e - s)
}

fn data<'a>(o: Obj) -> &'a [u8] {
    let (p, n) = view(o);
    if n == 0 {
        return &[];
    }
    // SAFETY: `n` bytes of the underlying buffer.
    unsafe { core::slice::from_raw_parts(p, n) }
}

fn new_view(base: Obj, start: usize, len: usize, readonly: bool) -> Obj {
    obj::new_obj(MemViewObj {
        ty: &MEMORYVIEW_TYPE,
        base,
        start,
        len,
        readonly,
    })
}

/// `memoryview(obj)`.
pub fn memoryview_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    if crate::builtins::no_kw(kw).is_err() || crate::builtins::argc(pos, 1, 1).is_err() {
        return NULL;
    }
    let x = pos[0];
    if is_memoryview(x) {
        let m = get(x);
        return new_view(m.base, m.start, m.len, m.readonly);
    }
    match buffer::get(x, false) {
        Some((_, n)) => new_view(x, 0, n, buffer::get(x, true).is_none()),
        None => raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"memoryview: a bytes-like object is required, not '",
                obj::type_name(x).as_bytes(),
                b"'",
            ],
        ),
    }
}

fn print(w: &mut dyn Writer, _o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"<memoryview>");
    Ok(())
}

fn len(o: Obj) -> usize {
    view(o).1
}

fn subscr(o: Obj, i: Obj) -> Obj {
    let d = data(o);
    if let Some(s) = crate::slice::get(i) {
        let Ok(r) = seq::resolve_slice(s, d.len()) else {
            return NULL;
        };
        if r.step != 1 {
            return raise(
                &exc::NOT_IMPLEMENTED_ERROR,
                "only slices with step=1 (aka None) are supported",
            );
        }
        let m = get(o);
        return new_view(m.base, m.start + r.start as usize, r.count, m.readonly);
    }
    match seq::index(i, d.len(), "memoryview") {
        Ok(k) => obj::new_small_int(d[k] as isize),
        Err(Raised) => NULL,
    }
}

fn store_subscr(o: Obj, i: Obj, value: Obj) -> Obj {
    let r = (|| -> PyResult<()> {
        if value == NULL {
            raise(&exc::TYPE_ERROR, "cannot delete memory");
            return Err(Raised);
        }
        if get(o).readonly {
            raise(&exc::TYPE_ERROR, "cannot modify read-only memory");
            return Err(Raised);
        }
        let (p, n) = view(o);
        // SAFETY: `n` writable bytes (the view is not read-only).
        let d: &mut [u8] = if n == 0 {
            &mut []
        } else {
            unsafe { core::slice::from_raw_parts_mut(p, n) }
        };
        if let Some(s) = crate::slice::get(i) {
            let r = seq::resolve_slice(s, n)?;
            if r.step != 1 {
                raise(
                    &exc::NOT_IMPLEMENTED_ERROR,
                    "only slices with step=1 (aka None) are supported",
                );
                return Err(Raised);
            }
            // A copy: the source may overlap this view.
            let src: Vec<u8> = bytes::iter_bytes(value)?;
            if src.len() != r.count {
                raise(
                    &exc::VALUE_ERROR,
                    "memoryview assignment: lvalue and rvalue have different structures",
                );
                return Err(Raised);
            }
            let st = r.start as usize;
            d[st..st + r.count].copy_from_slice(&src);
            return Ok(());
        }
        let k = seq::index(i, n, "memoryview")?;
        d[k] = bytes::byte_value(value)?;
        Ok(())
    })();
    match r {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

fn buffer_slot(o: Obj, writable: bool) -> Option<(*mut u8, usize)> {
    if writable && get(o).readonly {
        return None;
    }
    Some(view(o))
}

fn attr(o: Obj, name: Obj) -> Obj {
    match crate::str::bytes(name) {
        Some(b"readonly") => obj::new_bool(get(o).readonly),
        Some(b"nbytes") => obj::new_small_int(len(o) as isize),
        Some(b"itemsize") => obj::new_small_int(1),
        Some(b"obj") => get(o).base,
        _ => obj::NOT_IMPL,
    }
}

fn want(pos: &[Obj]) -> PyResult<()> {
    crate::builtins::argc(pos, 1, 1)?;
    if !is_memoryview(pos[0]) {
        raise(&exc::TYPE_ERROR, "memoryview expected");
        return Err(Raised);
    }
    Ok(())
}

fn tobytes(pos: &[Obj], _kw: &[Obj]) -> Obj {
    match want(pos) {
        Ok(()) => bytes::new(data(pos[0])),
        Err(Raised) => NULL,
    }
}

fn tolist(pos: &[Obj], _kw: &[Obj]) -> Obj {
    if want(pos).is_err() {
        return NULL;
    }
    let d = data(pos[0]);
    let mut v = Vec::new();
    if v.try_reserve(d.len()).is_err() {
        return exc::raise_memory_error();
    }
    v.extend(d.iter().map(|&c| obj::new_small_int(c as isize)));
    crate::list::from_vec(v)
}

fn release(pos: &[Obj], _kw: &[Obj]) -> Obj {
    match want(pos) {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

static TOBYTES: BuiltinFn = BuiltinFn::new("tobytes", tobytes);
static TOLIST: BuiltinFn = BuiltinFn::new("tolist", tolist);
static HEX: BuiltinFn = BuiltinFn::new("hex", crate::bytes_methods::hex);
static RELEASE: BuiltinFn = BuiltinFn::new("release", release);

/// `memoryview`.
pub static MEMORYVIEW_TYPE: Type = Type {
    print: Some(print),
    binop: Some(bytes::seq_binop),
    hash: Some(crate::hash::unhashable),
    len: Some(len),
    subscr: Some(subscr),
    store_subscr: Some(store_subscr),
    iter: Some(bytes::buf_iter),
    attr: Some(attr),
    buffer: Some(buffer_slot),
    methods: &[&TOBYTES, &TOLIST, &HEX, &RELEASE],
    ..Type::new("memoryview")
};
