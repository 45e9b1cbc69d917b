//! `sys` (alias `usys`): the console streams, `exit`, `print_exception`, version and
//! platform facts.
//!
//! Choices where MicroPython differs between ports: `argv` is `[]` (a compiled program
//! is embedded in its image and gets no command line, like MicroPython's frozen
//! programs on bare-metal ports); `implementation` is `(name='micropython', version=(1,
//! 8, 0))` (the MicroPython reference upyc follows), `version` `'3.4.0'` and
//! `version_info` `(3, 4, 0)` as MicroPython 1.8 reports them; `maxsize` is the
//! largest machine-word int (`2**31-1` on the pyboard, `2**63-1` on the host);
//! `path` is `['', '/flash', '/flash/lib']` on the pyboard and `['']` on the host;
//! `platform` is `'pyboard'` or `'linux'`.

use alloc::vec::Vec;

use crate::callable::BuiltinFn;
use crate::console::{self, Stream};
use crate::exc;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, ret};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NULL};
use crate::print::Buffer;
use crate::sort::kwarg;
use crate::str as pystr;

/// A console stream object (`sys.stdin`, `sys.stdout`, `sys.stderr`).
#[repr(C)]
pub struct StreamObj {
    ty: &'static Type,
    fd: usize,
}

fn stream_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    // SAFETY: a stream object.
    let fd = unsafe { (*(o as *const StreamObj)).fd };
    let mut b = [0u8; 24];
    w.write(b"<io.TextIOWrapper ");
    w.write(console::fmt_int(fd as isize, &mut b));
    w.write(b">");
    Ok(())
}

/// The console stream object `o` writes to, if it is `sys.stdout` or `sys.stderr`.
pub fn console_stream(o: Obj) -> Option<Stream> {
    if !obj::is_type(o, &STREAM_TYPE) {
        return None;
    }
    // SAFETY: a stream object.
    match unsafe { (*(o as *const StreamObj)).fd } {
        2 => Some(Stream::Err),
        _ => Some(Stream::Out),
    }
}

/// True for `sys.stdin`.
pub fn is_stdin(o: Obj) -> bool {
    o == stdin()
}

fn stream_write(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        support::args(pos, kw, 2, 2)?;
        let b = support::str_arg(pos[1])?;
        let s = console_stream(pos[0]).unwrap_or(Stream::Out);
        console::write(s, b);
        Ok(obj::new_small_int(crate::builtins::len_of(pos[1])? as isize))
    })())
}

/// Reads one line from the console (with its `\n`; empty at end of input).
pub fn read_line() -> PyResult<Obj> {
    crate::platform::console_flush();
    let mut v: Vec<u8> = Vec::new();
    while let Some(c) = crate::platform::console_read_byte() {
        if v.try_reserve(1).is_err() {
            exc::raise_memory_error();
            return Err(Raised);
        }
        let c = if c == b'\r' { b'\n' } else { c };
        v.push(c);
        if c == b'\n' {
            break;
        }
    }
    obj::check(pystr::new(&v))
}

fn stream_readline(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret(support::args(pos, kw, 1, 2).and_then(|_| read_line()))
}

fn stream_read(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        support::args(pos, kw, 1, 2)?;
        let limit = match pos.get(1) {
            Some(&n) if n != NONE => support::int_arg(n)?,
            _ => -1,
        };
        crate::platform::console_flush();
        let mut v: Vec<u8> = Vec::new();
        while limit < 0 || (v.len() as isize) < limit {
            let Some(c) = crate::platform::console_read_byte() else {
                break;
            };
            if v.try_reserve(1).is_err() {
                exc::raise_memory_error();
                return Err(Raised);
            }
            v.push(if c == b'\r' { b'\n' } else { c });
        }
        obj::check(pystr::new(&v))
    })())
}

fn stream_flush(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret(support::args(pos, kw, 1, 1).map(|_| {
        crate::platform::console_flush();
        NONE
    }))
}

static WRITE: BuiltinFn = BuiltinFn::new("write", stream_write);
static READ: BuiltinFn = BuiltinFn::new("read", stream_read);
static READLINE: BuiltinFn = BuiltinFn::new("readline", stream_readline);
static FLUSH: BuiltinFn = BuiltinFn::new("flush", stream_flush);

/// `for line in sys.stdin`: lines until the end of input.
fn stream_next(o: Obj) -> Obj {
    if !is_stdin(o) {
        return exc::raise(&exc::OS_ERROR, "stream not readable");
    }
    match read_line() {
        Ok(l) if pystr::bytes(l).is_some_and(|b| b.is_empty()) => upyc_abi::STOP,
        Ok(l) => l,
        Err(Raised) => NULL,
    }
}

/// The type of the console streams.
pub static STREAM_TYPE: Type = Type {
    print: Some(stream_print),
    iternext: Some(stream_next),
    methods: &[&WRITE, &READ, &READLINE, &FLUSH],
    ..Type::new("TextIOWrapper")
};

static STDIN: StreamObj = StreamObj {
    ty: &STREAM_TYPE,
    fd: 0,
};
static STDOUT: StreamObj = StreamObj {
    ty: &STREAM_TYPE,
    fd: 1,
};
static STDERR: StreamObj = StreamObj {
    ty: &STREAM_TYPE,
    fd: 2,
};

fn stdin() -> Obj {
    &STDIN as *const StreamObj as Obj
}
fn stdout() -> Obj {
    &STDOUT as *const StreamObj as Obj
}
fn stderr() -> Obj {
    &STDERR as *const StreamObj as Obj
}

fn exit(pos: &[Obj], kw: &[Obj]) -> Obj {
    if support::args(pos, kw, 0, 1).is_err() {
        return NULL;
    }
    let args = crate::tuple::new(pos);
    if args == NULL {
        return NULL;
    }
    let e = exc::new_exc(&exc::SYSTEM_EXIT, args);
    if e == NULL {
        return NULL;
    }
    exc::raise_obj(e)
}

/// The exit status for an uncaught `SystemExit` `e` (printing a non-int code).
pub fn exit_status(e: Obj) -> i32 {
    let args = exc::as_exc(e).map_or(NULL, |x| x.args);
    let code = crate::tuple::items_of(args)
        .and_then(|a| a.first().copied())
        .unwrap_or(NONE);
    if code == NONE {
        return 0;
    }
    if let Some(v) = crate::int::to_isize(code) {
        return v as i32;
    }
    let mut w = Stream::Err;
    let _ = crate::print::print(&mut w, code, PrintKind::Str);
    console::write(Stream::Err, b"\n");
    exc::clear();
    1
}

fn print_exception(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        crate::builtins::argc(pos, 1, 2)?;
        let file = match (pos.get(1), kwarg(kw, "file")) {
            (Some(&f), _) | (None, Some(f)) => f,
            _ => stdout(),
        };
        if exc::as_exc(pos[0]).is_none() {
            return support::fail(&exc::TYPE_ERROR, "print_exception expects an exception");
        }
        let mut b = Buffer::default();
        exc::print_traceback(&mut b, pos[0]);
        if b.failed {
            exc::raise_memory_error();
            return Err(Raised);
        }
        support::write_to(file, &b.bytes)?;
        Ok(NONE)
    })())
}

fn make_argv() -> Obj {
    crate::list::new(&[])
}

fn make_path() -> Obj {
    #[cfg(target_arch = "arm")]
    let items: &[&'static str] = &["", "/flash", "/flash/lib"];
    #[cfg(not(target_arch = "arm"))]
    let items: &[&'static str] = &[""];
    let l = crate::list::new(&[]);
    if l == NULL {
        return NULL;
    }
    for s in items {
        let o = pystr::new_static(s);
        if o == NULL || crate::list::push(l, o).is_err() {
            return NULL;
        }
    }
    l
}

fn make_maxsize() -> Obj {
    crate::int::big::new(num_bigint::BigInt::from(isize::MAX))
}

fn small_tuple(v: &[isize]) -> Obj {
    let mut items = [NULL; 3];
    for (d, &x) in items.iter_mut().zip(v) {
        *d = obj::new_small_int(x);
    }
    crate::tuple::new(&items[..v.len()])
}

fn make_version_info() -> Obj {
    small_tuple(&[3, 4, 0])
}

fn make_implementation() -> Obj {
    ret((|| {
        let cls = crate::modules::collections::attrtuple_class(&["name", "version"])?;
        let name = obj::check(pystr::new_static("micropython"))?;
        let version = obj::check(small_tuple(&[1, 8, 0]))?;
        crate::modules::collections::nt_instance(cls, &[name, version])
    })())
}

static EXIT: BuiltinFn = BuiltinFn::new("exit", exit);
static PRINT_EXCEPTION: BuiltinFn = BuiltinFn::new("print_exception", print_exception);

#[cfg(target_arch = "arm")]
const PLATFORM: &str = "pyboard";
#[cfg(not(target_arch = "arm"))]
const PLATFORM: &str = "linux";

/// `sys`.
#[no_mangle]
pub static upy_module_sys: ModuleDef = ModuleDef {
    name: "sys",
    members: &[
        ("argv", Member::Make(make_argv)),
        ("byteorder", Member::Str("little")),
        ("exit", Member::Fn(&EXIT)),
        ("implementation", Member::Make(make_implementation)),
        ("maxsize", Member::Make(make_maxsize)),
        ("modules", Member::Make(crate::module::loaded)),
        ("path", Member::Make(make_path)),
        ("platform", Member::Str(PLATFORM)),
        ("print_exception", Member::Fn(&PRINT_EXCEPTION)),
        ("stdin", Member::Make(stdin)),
        ("stdout", Member::Make(stdout)),
        ("stderr", Member::Make(stderr)),
        ("version", Member::Str("3.4.0")),
        ("version_info", Member::Make(make_version_info)),
    ],
};
