//! `bytearray`: a header holding its [`Storage`]: either a `Vec<u8>` it owns (the buffer
//! lives in the GC heap through the global allocator), or memory it merely aliases
//! (`uctypes.bytearray_at`), which is never freed or reallocated, so such a bytearray has
//! a fixed length. Item and slice assignment, deletion, `+=`, and the mutating methods;
//! the read-only methods are shared with bytes (`crate::bytes_methods`).

use alloc::vec::Vec;

use crate::bytes::{self, byte_value};
use crate::callable::BuiltinFn;
use crate::exc;
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NULL};
use crate::seq;
use upyc_abi::BinOp;

/// Where a bytearray's bytes live.
pub enum Storage {
    /// A growable buffer owned by the bytearray.
    Owned(Vec<u8>),
    /// `len` bytes at `ptr` owned by someone else (`uctypes.bytearray_at`): reads see the
    /// memory as it is now and writes go straight to it. Never freed or reallocated, so
    /// operations that would change the length raise `TypeError` instead. A `ptr` into
    /// the GC heap keeps that block alive (marking is conservative), but if its owner
    /// moves its data (a growing bytearray) the alias goes stale, as in MicroPython.
    Fixed {
        /// The first byte.
        ptr: *mut u8,
        /// The number of bytes.
        len: usize,
    },
}

/// A bytearray object.
#[repr(C)]
pub struct ByteArrayObj {
    ty: &'static Type,
    /// The bytes.
    pub storage: Storage,
}

/// True for a bytearray.
pub fn is_bytearray(o: Obj) -> bool {
    obj::is_type(o, &BYTEARRAY_TYPE)
}

fn storage<'a>(o: Obj) -> &'a mut Storage {
    // SAFETY: callers check the type; single-threaded, the GC does not move objects.
    unsafe { &mut (*(o as *mut ByteArrayObj)).storage }
}

/// The bytes of bytearray `o` (which must be one), owned or aliased.
pub fn data<'a>(o: Obj) -> &'a mut [u8] {
    match storage(o) {
        Storage::Owned(v) => v.as_mut_slice(),
        Storage::Fixed { len: 0, .. } => &mut [],
        // SAFETY: `bytearray_at`'s caller vouched for `len` bytes at `ptr` (see
        // [`new_alias`]); upyc trusts the program's addresses, like MicroPython.
        Storage::Fixed { ptr, len } => unsafe { core::slice::from_raw_parts_mut(*ptr, *len) },
    }
}

/// The growable buffer of bytearray `o`, for operations that change its length; raises
/// `TypeError` when `o` aliases memory it does not own.
fn resizable<'a>(o: Obj) -> PyResult<&'a mut Vec<u8>> {
    match storage(o) {
        Storage::Owned(v) => Ok(v),
        Storage::Fixed { .. } => {
            exc::raise(&exc::TYPE_ERROR, "can't resize a fixed-size bytearray");
            Err(Raised)
        }
    }
}

/// A new bytearray owning `v`.
pub fn from_vec(v: Vec<u8>) -> Obj {
    obj::new_obj(ByteArrayObj {
        ty: &BYTEARRAY_TYPE,
        storage: Storage::Owned(v),
    })
}

/// A new fixed-size bytearray aliasing the `len` bytes at `ptr` (`uctypes.bytearray_at`).
///
/// # Safety
///
/// While the bytearray (or a view or iterator of it) is in use, `ptr..ptr + len` must be
/// memory that may be read and written (unless `len` is 0).
pub unsafe fn new_alias(ptr: *mut u8, len: usize) -> Obj {
    obj::new_obj(ByteArrayObj {
        ty: &BYTEARRAY_TYPE,
        storage: Storage::Fixed { ptr, len },
    })
}

/// A new bytearray holding a copy of `b`.
pub fn new(b: &[u8]) -> Obj {
    let mut v = Vec::new();
    if v.try_reserve(b.len()).is_err() {
        return exc::raise_memory_error();
    }
    v.extend_from_slice(b);
    from_vec(v)
}

fn oom() -> Raised {
    exc::raise_memory_error();
    Raised
}

/// `bytearray(...)`.
pub fn bytearray_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    match bytes::ctor_data(pos, kw) {
        Ok(v) => from_vec(v),
        Err(Raised) => NULL,
    }
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"bytearray(");
    bytes::write_repr(w, data(o));
    w.write(b")");
    Ok(())
}

fn len(o: Obj) -> usize {
    data(o).len()
}

fn subscr(o: Obj, i: Obj) -> Obj {
    bytes::seq_subscr(o, data(o), i, "bytearray")
}

fn store_subscr(o: Obj, i: Obj, value: Obj) -> Obj {
    if obj::is_small_int(value) {
        let data = data(o);
        let v = obj::small_int_value(value);
        if let (Some(k), true) = (seq::small_index(data.len(), i), (0..=255).contains(&v)) {
            data[k] = v as u8;
            return NONE;
        }
    }
    let r = if let Some(s) = crate::slice::get(i) {
        store_slice(o, s, value)
    } else {
        (|| {
            let k = seq::index(i, data(o).len(), "bytearray")?;
            if value == NULL {
                resizable(o)?.remove(k);
            } else {
                data(o)[k] = byte_value(value)?;
            }
            Ok(())
        })()
    };
    match r {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

/// `b[a:b:c] = value` (`del b[a:b:c]` when `value` is NULL).
fn store_slice(o: Obj, s: &crate::slice::SliceObj, value: Obj) -> PyResult<()> {
    let r = seq::resolve_slice(s, data(o).len())?;
    if value == NULL {
        if r.count == 0 {
            return Ok(());
        }
        let v = resizable(o)?;
        if r.step == 1 {
            v.drain(r.start as usize..r.start as usize + r.count);
        } else {
            let mut idx: Vec<usize> = Vec::new();
            idx.try_reserve(r.count).map_err(|_| oom())?;
            idx.extend((0..r.count).map(|k| r.at(k)));
            idx.sort_unstable();
            for k in idx.into_iter().rev() {
                v.remove(k);
            }
        }
        return Ok(());
    }
    // A copy: the source may be this bytearray (or a view of it).
    let new = if crate::int::get(value).is_some() {
        exc::raise(
            &exc::TYPE_ERROR,
            "can assign only bytes, buffers, or iterables of ints in range(0, 256)",
        );
        return Err(Raised);
    } else {
        bytes::iter_bytes(value)?
    };
    if r.step == 1 {
        let start = r.start as usize;
        if new.len() == r.count {
            data(o)[start..start + r.count].copy_from_slice(&new);
            return Ok(());
        }
        let v = resizable(o)?;
        v.try_reserve(new.len()).map_err(|_| oom())?;
        v.splice(start..start + r.count, new);
        return Ok(());
    }
    let v = data(o);
    if new.len() != r.count {
        let mut a = [0u8; 24];
        let mut b = [0u8; 24];
        exc::raise_parts(
            &exc::VALUE_ERROR,
            &[
                b"attempt to assign bytes of size ",
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

fn buffer_slot(o: Obj, _writable: bool) -> Option<(*mut u8, usize)> {
    match storage(o) {
        Storage::Owned(v) => Some((v.as_mut_ptr(), v.len())),
        Storage::Fixed { ptr, len } => Some((*ptr, *len)),
    }
}

/// `b += x` (extend in place) and `b *= n`; `None` for the plain operator.
pub fn binop_inplace(op: BinOp, a: Obj, b: Obj) -> Option<Obj> {
    let r = match op {
        BinOp::Add => {
            let add = crate::buffer::slice(b).map(|s| {
                let mut v = Vec::new();
                v.try_reserve(s.len()).map(|_| {
                    v.extend_from_slice(s);
                    v
                })
            })?;
            add.map_err(|_| oom()).and_then(|add| extend_with(a, &add))
        }
        BinOp::Mul => {
            let n = crate::int::get(b).map(|_| b)?;
            let count = match crate::int::to_isize(n) {
                Some(c) if c <= 0 => 0,
                Some(c) => c as usize,
                None if crate::int::is_negative(n) => 0,
                None => return Some(exc::raise_memory_error()),
            };
            let len = data(a).len();
            if count == 1 || len == 0 {
                return Some(a);
            }
            let v = match resizable(a) {
                Ok(v) => v,
                Err(Raised) => return Some(NULL),
            };
            match len.checked_mul(count) {
                _ if count == 0 => {
                    v.clear();
                    Ok(())
                }
                Some(t) if t <= crate::gc::capacity() && v.try_reserve(t - len).is_ok() => {
                    for _ in 1..count {
                        v.extend_from_within(..len);
                    }
                    Ok(())
                }
                _ => Err(oom()),
            }
        }
        _ => return None,
    };
    Some(match r {
        Ok(()) => a,
        Err(Raised) => NULL,
    })
}

fn extend_with(o: Obj, add: &[u8]) -> PyResult<()> {
    if add.is_empty() {
        return Ok(());
    }
    let v = resizable(o)?;
    v.try_reserve(add.len()).map_err(|_| oom())?;
    v.extend_from_slice(add);
    Ok(())
}

// ---------------------------------------------------------------------------------
// Methods

fn want(pos: &[Obj], min: usize, max: usize) -> PyResult<()> {
    crate::builtins::argc(pos, min, max)?;
    if !is_bytearray(pos[0]) {
        exc::raise(&exc::TYPE_ERROR, "bytearray expected");
        return Err(Raised);
    }
    Ok(())
}

fn done(r: PyResult<Obj>) -> Obj {
    r.unwrap_or(NULL)
}

fn append(p: &[Obj], _k: &[Obj]) -> Obj {
    done((|| {
        want(p, 2, 2)?;
        let c = byte_value(p[1])?;
        extend_with(p[0], &[c])?;
        Ok(NONE)
    })())
}

fn extend(p: &[Obj], _k: &[Obj]) -> Obj {
    done((|| {
        want(p, 2, 2)?;
        let add = bytes::iter_bytes(p[1])?;
        extend_with(p[0], &add)?;
        Ok(NONE)
    })())
}

fn insert(p: &[Obj], _k: &[Obj]) -> Obj {
    done((|| {
        want(p, 3, 3)?;
        let n = data(p[0]).len() as isize;
        let Some(i) = crate::int::to_isize(p[1]) else {
            exc::raise(&exc::TYPE_ERROR, "can't convert to int");
            return Err(Raised);
        };
        let c = byte_value(p[2])?;
        let i = if i < 0 { (i + n).max(0) } else { i.min(n) } as usize;
        let v = resizable(p[0])?;
        v.try_reserve(1).map_err(|_| oom())?;
        v.insert(i, c);
        Ok(NONE)
    })())
}

fn pop(p: &[Obj], _k: &[Obj]) -> Obj {
    done((|| {
        want(p, 1, 2)?;
        let n = resizable(p[0])?.len();
        if n == 0 {
            exc::raise(&exc::INDEX_ERROR, "pop from empty bytearray");
            return Err(Raised);
        }
        let i = match p.get(1) {
            None => n - 1,
            Some(&i) => seq::index(i, n, "bytearray")?,
        };
        Ok(obj::new_small_int(resizable(p[0])?.remove(i) as isize))
    })())
}

fn remove(p: &[Obj], _k: &[Obj]) -> Obj {
    done((|| {
        want(p, 2, 2)?;
        let c = byte_value(p[1])?;
        match data(p[0]).iter().position(|&x| x == c) {
            Some(k) => {
                resizable(p[0])?.remove(k);
                Ok(NONE)
            }
            None => {
                exc::raise(&exc::VALUE_ERROR, "value not found in bytearray");
                Err(Raised)
            }
        }
    })())
}

fn reverse(p: &[Obj], _k: &[Obj]) -> Obj {
    done((|| {
        want(p, 1, 1)?;
        data(p[0]).reverse();
        Ok(NONE)
    })())
}

fn clear(p: &[Obj], _k: &[Obj]) -> Obj {
    done((|| {
        want(p, 1, 1)?;
        if !data(p[0]).is_empty() {
            resizable(p[0])?.clear();
        }
        Ok(NONE)
    })())
}

fn copy(p: &[Obj], _k: &[Obj]) -> Obj {
    done((|| {
        want(p, 1, 1)?;
        obj::check(new(data(p[0])))
    })())
}

fn fromhex(p: &[Obj], _k: &[Obj]) -> Obj {
    match crate::bytes_methods::fromhex_data(p) {
        Ok(v) => from_vec(v),
        Err(Raised) => NULL,
    }
}

macro_rules! own_methods {
    ($($id:ident = $name:literal, $f:expr;)*) => {
        $( static $id: BuiltinFn = BuiltinFn::new($name, $f); )*
        const OWN: [&BuiltinFn; [$($name),*].len()] = [$(&$id),*];
    };
}

own_methods! {
    APPEND = "append", append;
    EXTEND = "extend", extend;
    INSERT = "insert", insert;
    POP = "pop", pop;
    REMOVE = "remove", remove;
    REVERSE = "reverse", reverse;
    CLEAR = "clear", clear;
    COPY = "copy", copy;
    FROMHEX = "fromhex", fromhex;
}

const SHARED: &[&BuiltinFn] = &crate::bytes_methods::SHARED_METHODS;

/// The method table of `bytearray`: its own methods, then those shared with bytes.
pub static BYTEARRAY_METHODS: [&BuiltinFn; OWN.len() + SHARED.len()] = {
    let mut t = [&APPEND; OWN.len() + SHARED.len()];
    let mut i = 0;
    while i < OWN.len() {
        t[i] = OWN[i];
        i += 1;
    }
    while i < t.len() {
        t[i] = SHARED[i - OWN.len()];
        i += 1;
    }
    t
};

// Compiled code indexes bytearrays inline (`upyc_abi::layout::BYTEARRAY_DATA`/`_LEN`):
// both forms of the storage must keep the address of the first byte and the length in
// those words (checked on an empty `Vec`, whose pointer is 1 and other words 0, and on
// an alias of made-up address and length).
const _: () = {
    const W: usize = core::mem::size_of::<usize>();
    assert!(core::mem::size_of::<Storage>() == 3 * W);
    assert!(core::mem::offset_of!(ByteArrayObj, storage) == W);
    let data = upyc_abi::layout::BYTEARRAY_DATA - 1;
    let len = upyc_abi::layout::BYTEARRAY_LEN - 1;
    // SAFETY: `Storage` is three words (asserted above); reading them as words is sound
    // (neither value's pointer has provenance).
    let owned: [usize; 3] = unsafe { core::mem::transmute(Storage::Owned(Vec::new())) };
    assert!(owned[data] == 1 && owned[len] == 0);
    let alias: [usize; 3] = unsafe {
        core::mem::transmute(Storage::Fixed {
            ptr: core::ptr::without_provenance_mut(0x1230),
            len: 0x45,
        })
    };
    assert!(alias[data] == 0x1230 && alias[len] == 0x45);
};

/// `bytearray`.
#[export_name = "upy_type_bytearray"]
pub static BYTEARRAY_TYPE: Type = Type {
    print: Some(print),
    binop: Some(bytes::seq_binop),
    hash: Some(crate::hash::unhashable),
    len: Some(len),
    subscr: Some(subscr),
    store_subscr: Some(store_subscr),
    iter: Some(bytes::buf_iter),
    buffer: Some(buffer_slot),
    methods: &BYTEARRAY_METHODS,
    ..Type::new("bytearray")
};
