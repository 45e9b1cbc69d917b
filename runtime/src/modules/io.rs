//! `io` (alias `uio`): `StringIO`, an in-memory text stream (`write`, `read`,
//! `readline`, `readlines`, `getvalue`, `seek`, `tell`, `close`, iteration by lines,
//! `with`), usable as `print(..., file=s)`; and `BytesIO`, the same over bytes (it
//! takes and returns bytes, and counts bytes rather than characters).

use alloc::vec::Vec;

use crate::callable::BuiltinFn;
use crate::exc;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NULL};
use crate::str as pystr;
use crate::types::TypeObj;
use upyc_abi::STOP;

/// A `StringIO` or a `BytesIO` (told apart by `ty`).
#[repr(C)]
pub struct StringIo {
    ty: &'static Type,
    buf: Vec<u8>,
    pos: usize,
    closed: bool,
}

/// True for a `StringIO` or a `BytesIO`.
pub fn is_stream(o: Obj) -> bool {
    obj::is_type(o, &STRINGIO_TYPE) || obj::is_type(o, &BYTESIO_TYPE)
}

fn sio<'a>(o: Obj) -> PyResult<&'a mut StringIo> {
    if !is_stream(o) {
        return fail(&exc::TYPE_ERROR, "expected a StringIO");
    }
    // SAFETY: a StringIO object; single-threaded.
    let s = unsafe { &mut *(o as *mut StringIo) };
    if s.closed {
        return fail(&exc::VALUE_ERROR, "I/O operation on closed file");
    }
    Ok(s)
}

fn reserve(v: &mut Vec<u8>, n: usize) -> PyResult<()> {
    if v.try_reserve(n).is_err() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    Ok(())
}

/// Appends or overwrites `b` at the position of `s`.
pub fn write_bytes(s: &mut StringIo, b: &[u8]) -> PyResult<()> {
    let end = s.pos + b.len();
    if end > s.buf.len() {
        let more = end - s.buf.len();
        reserve(&mut s.buf, more)?;
        s.buf.resize(end, 0);
    }
    s.buf[s.pos..end].copy_from_slice(b);
    s.pos = end;
    Ok(())
}

impl StringIo {
    fn binary(&self) -> bool {
        core::ptr::eq(self.ty, &BYTESIO_TYPE)
    }

    /// A str or (for a `BytesIO`) bytes object of `b`.
    fn value(&self, b: &[u8]) -> Obj {
        if self.binary() {
            crate::bytes::new(b)
        } else {
            pystr::new(b)
        }
    }
}

/// The data of `o` to write into a stream of type `ty`: str for a `StringIO`, a
/// bytes-like object for a `BytesIO`.
fn data_arg<'a>(ty: &'static Type, o: Obj) -> PyResult<&'a [u8]> {
    if !core::ptr::eq(ty, &BYTESIO_TYPE) {
        return support::str_arg(o);
    }
    if pystr::bytes(o).is_some() {
        return fail(
            &exc::TYPE_ERROR,
            "a bytes-like object is required, not 'str'",
        );
    }
    crate::buffer::slice_or_raise(o)
}

fn new_of(ty: &'static Type, p: &[Obj], k: &[Obj]) -> PyResult<Obj> {
    support::args(p, k, 0, 1)?;
    let mut buf = Vec::new();
    if let Some(&init) = p.first() {
        if init != NONE {
            let b = data_arg(ty, init)?;
            reserve(&mut buf, b.len())?;
            buf.extend_from_slice(b);
        }
    }
    obj::check(obj::new_obj(StringIo {
        ty,
        buf,
        pos: 0,
        closed: false,
    }))
}

fn new(p: &[Obj], k: &[Obj]) -> Obj {
    ret(new_of(&STRINGIO_TYPE, p, k))
}

fn new_bytes(p: &[Obj], k: &[Obj]) -> Obj {
    ret(new_of(&BYTESIO_TYPE, p, k))
}

fn write(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let s = sio(p[0])?;
        let b = data_arg(s.ty, p[1])?;
        let n = if s.binary() {
            b.len()
        } else {
            crate::builtins::len_of(p[1])?
        };
        write_bytes(s, b)?;
        Ok(obj::new_small_int(n as isize))
    })())
}

/// Byte length of the first `n` characters of `b`.
fn char_bytes(b: &[u8], n: usize) -> usize {
    let mut chars = 0;
    for (i, &c) in b.iter().enumerate() {
        if c & 0xc0 != 0x80 {
            if chars == n {
                return i;
            }
            chars += 1;
        }
    }
    b.len()
}

fn take(s: &mut StringIo, n: usize) -> Obj {
    let start = s.pos.min(s.buf.len());
    let end = start + n.min(s.buf.len() - start);
    s.pos = end;
    s.value(&s.buf[start..end])
}

fn read(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 2)?;
        let s = sio(p[0])?;
        let rest = &s.buf[s.pos.min(s.buf.len())..];
        let n = match p.get(1) {
            Some(&n) if n != NONE => {
                let n = support::int_arg(n)?;
                if n < 0 {
                    rest.len()
                } else if s.binary() {
                    (n as usize).min(rest.len())
                } else {
                    char_bytes(rest, n as usize)
                }
            }
            _ => rest.len(),
        };
        obj::check(take(s, n))
    })())
}

fn line(s: &mut StringIo) -> Obj {
    let rest = &s.buf[s.pos.min(s.buf.len())..];
    let n = rest
        .iter()
        .position(|&c| c == b'\n')
        .map_or(rest.len(), |i| i + 1);
    take(s, n)
}

fn readline(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 1, 2)
        .and_then(|_| sio(p[0]))
        .and_then(|s| obj::check(line(s))))
}

fn readlines(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 2)?;
        let l = obj::check(crate::list::new(&[]))?;
        loop {
            let s = sio(p[0])?;
            if s.pos >= s.buf.len() {
                return Ok(l);
            }
            let x = obj::check(line(s))?;
            crate::list::push(l, x)?;
        }
    })())
}

fn getvalue(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 1, 1)
        .and_then(|_| sio(p[0]))
        .and_then(|s| obj::check(s.value(&s.buf))))
}

fn seek(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 3)?;
        let s = sio(p[0])?;
        let off = support::int_arg(p[1])?;
        let whence = match p.get(2) {
            Some(&w) => support::int_arg(w)?,
            None => 0,
        };
        let base = match whence {
            0 => 0,
            1 => s.pos as isize,
            2 => s.buf.len() as isize,
            _ => return fail(&exc::VALUE_ERROR, "invalid whence"),
        };
        if whence != 0 && off != 0 {
            return fail(&exc::OS_ERROR, "can't do nonzero cur-relative seeks");
        }
        let new = base + off;
        if new < 0 {
            return fail(&exc::VALUE_ERROR, "negative seek position");
        }
        s.pos = new as usize;
        Ok(obj::new_small_int(new))
    })())
}

fn tell(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 1, 1)
        .and_then(|_| sio(p[0]))
        .map(|s| obj::new_small_int(s.pos as isize)))
}

fn flush(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 1, 1)
        .and_then(|_| sio(p[0]))
        .map(|_| NONE))
}

fn close(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        if let Ok(s) = sio(p[0]) {
            s.closed = true;
            s.buf = Vec::new();
        } else {
            exc::clear();
        }
        Ok(NONE)
    })())
}

fn enter(p: &[Obj], _k: &[Obj]) -> Obj {
    p.first().copied().unwrap_or(NULL)
}

fn exit(p: &[Obj], k: &[Obj]) -> Obj {
    close(&p[..1.min(p.len())], k)
}

fn next(o: Obj) -> Obj {
    match sio(o) {
        Ok(s) if s.pos < s.buf.len() => line(s),
        Ok(_) => STOP,
        Err(_) => NULL,
    }
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"<io.");
    w.write(obj::type_name(o).as_bytes());
    w.write(b">");
    Ok(())
}

static WRITE: BuiltinFn = BuiltinFn::new("write", write);
static READ: BuiltinFn = BuiltinFn::new("read", read);
static READLINE: BuiltinFn = BuiltinFn::new("readline", readline);
static READLINES: BuiltinFn = BuiltinFn::new("readlines", readlines);
static GETVALUE: BuiltinFn = BuiltinFn::new("getvalue", getvalue);
static SEEK: BuiltinFn = BuiltinFn::new("seek", seek);
static TELL: BuiltinFn = BuiltinFn::new("tell", tell);
static FLUSH: BuiltinFn = BuiltinFn::new("flush", flush);
static CLOSE: BuiltinFn = BuiltinFn::new("close", close);
static ENTER: BuiltinFn = BuiltinFn::new("__enter__", enter);
static EXIT: BuiltinFn = BuiltinFn::new("__exit__", exit);

/// `StringIO`.
pub static STRINGIO_TYPE: Type = Type {
    print: Some(print),
    iternext: Some(next),
    methods: &[
        &WRITE, &READ, &READLINE, &READLINES, &GETVALUE, &SEEK, &TELL, &FLUSH, &CLOSE, &ENTER,
        &EXIT,
    ],
    ..Type::new("StringIO")
};

/// `BytesIO`.
pub static BYTESIO_TYPE: Type = Type {
    print: Some(print),
    iternext: Some(next),
    methods: STRINGIO_TYPE.methods,
    ..Type::new("BytesIO")
};

static STRINGIO: TypeObj = TypeObj::new(&STRINGIO_TYPE, Some(new));
static BYTESIO: TypeObj = TypeObj::new(&BYTESIO_TYPE, Some(new_bytes));

/// The class object of `StringIO` or `BytesIO` (for `type(x)`).
pub fn class_obj_of(ty: &'static Type) -> Option<Obj> {
    if core::ptr::eq(ty, &STRINGIO_TYPE) {
        Some(STRINGIO.obj())
    } else {
        core::ptr::eq(ty, &BYTESIO_TYPE).then(|| BYTESIO.obj())
    }
}

/// `io`.
#[no_mangle]
pub static upy_module_io: ModuleDef = ModuleDef {
    name: "io",
    members: &[
        ("StringIO", Member::Make(|| STRINGIO.obj())),
        ("BytesIO", Member::Make(|| BYTESIO.obj())),
    ],
};
