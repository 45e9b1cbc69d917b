//! Exceptions (design D4): one pending exception per thread, raised by returning NULL.
//!
//! An exception is a heap object ([`ExcObj`]) whose type is its class; classes form a
//! hierarchy through [`Type::base`]. The traceback is kept beside the pending exception
//! as frames are added by `upy_tb_add` (innermost first).

use crate::console::{self, Stream};
use crate::gc;
use crate::obj::{self, Kind, Obj, Type, NULL};
use crate::qstr;
use crate::str::{self as pystr, StrObj};

macro_rules! exc_types {
    ($($(#[$doc:meta])* $id:ident = $name:literal : $base:expr;)*) => {
        $( $(#[$doc])* pub static $id: Type = Type { base: $base, kind: Kind::Exception, ..Type::new($name) }; )*
    };
}

exc_types! {
    /// `BaseException`.
    BASE_EXCEPTION = "BaseException": None;
    /// `SystemExit`.
    SYSTEM_EXIT = "SystemExit": Some(&BASE_EXCEPTION);
    /// `KeyboardInterrupt`.
    KEYBOARD_INTERRUPT = "KeyboardInterrupt": Some(&BASE_EXCEPTION);
    /// `Exception`.
    EXCEPTION = "Exception": Some(&BASE_EXCEPTION);
    /// `ArithmeticError`.
    ARITHMETIC_ERROR = "ArithmeticError": Some(&EXCEPTION);
    /// `ZeroDivisionError`.
    ZERO_DIVISION_ERROR = "ZeroDivisionError": Some(&ARITHMETIC_ERROR);
    /// `OverflowError`.
    OVERFLOW_ERROR = "OverflowError": Some(&ARITHMETIC_ERROR);
    /// `AssertionError`.
    ASSERTION_ERROR = "AssertionError": Some(&EXCEPTION);
    /// `AttributeError`.
    ATTRIBUTE_ERROR = "AttributeError": Some(&EXCEPTION);
    /// `ImportError`.
    IMPORT_ERROR = "ImportError": Some(&EXCEPTION);
    /// `LookupError`.
    LOOKUP_ERROR = "LookupError": Some(&EXCEPTION);
    /// `IndexError`.
    INDEX_ERROR = "IndexError": Some(&LOOKUP_ERROR);
    /// `KeyError`.
    KEY_ERROR = "KeyError": Some(&LOOKUP_ERROR);
    /// `MemoryError`.
    MEMORY_ERROR = "MemoryError": Some(&EXCEPTION);
    /// `NameError`.
    NAME_ERROR = "NameError": Some(&EXCEPTION);
    /// `OSError`.
    OS_ERROR = "OSError": Some(&EXCEPTION);
    /// `RuntimeError`.
    RUNTIME_ERROR = "RuntimeError": Some(&EXCEPTION);
    /// `NotImplementedError`.
    NOT_IMPLEMENTED_ERROR = "NotImplementedError": Some(&RUNTIME_ERROR);
    /// `StopIteration`.
    STOP_ITERATION = "StopIteration": Some(&EXCEPTION);
    /// `TypeError`.
    TYPE_ERROR = "TypeError": Some(&EXCEPTION);
    /// `ValueError`.
    VALUE_ERROR = "ValueError": Some(&EXCEPTION);
}

/// An exception instance: its class and its argument (a message string, or NULL for
/// none; a tuple of args once tuples exist).
#[repr(C)]
pub struct ExcObj {
    /// The exception class.
    pub ty: &'static Type,
    /// The message (str object) or NULL.
    pub arg: Obj,
}

static MEMORY_MSG: StrObj = StrObj::from_static("memory allocation failed");

/// Raised when there is no memory left to build an exception (never allocated).
static mut EMERGENCY_MEMORY_ERROR: ExcObj = ExcObj {
    ty: &MEMORY_ERROR,
    arg: NULL,
};

/// Frames kept from the innermost end, and from the outermost end, of a traceback.
const TB_KEEP: usize = 32;

#[derive(Clone, Copy)]
struct Frame {
    file: Obj,
    line: usize,
    func: Obj,
}

const NO_FRAME: Frame = Frame {
    file: NULL,
    line: 0,
    func: NULL,
};

struct ThreadState {
    pending: Obj,
    /// Frames added so far (may exceed what is kept).
    n_frames: usize,
    inner: [Frame; TB_KEEP],
    outer: [Frame; TB_KEEP],
}

static mut STATE: ThreadState = ThreadState {
    pending: NULL,
    n_frames: 0,
    inner: [NO_FRAME; TB_KEEP],
    outer: [NO_FRAME; TB_KEEP],
};

fn state() -> &'static mut ThreadState {
    // SAFETY: single-threaded runtime.
    unsafe { &mut *core::ptr::addr_of_mut!(STATE) }
}

/// Sets up the preallocated `MemoryError`. Called once at start-up.
pub fn init() {
    // SAFETY: start-up, single-threaded.
    unsafe { EMERGENCY_MEMORY_ERROR.arg = core::ptr::addr_of!(MEMORY_MSG) as Obj };
}

/// The pending exception (NULL when none).
pub fn pending() -> Obj {
    state().pending
}

/// Clears the pending exception and its traceback (an `except` caught it).
pub fn clear() {
    let s = state();
    s.pending = NULL;
    s.n_frames = 0;
}

/// Makes `e` (an exception object) the pending exception with an empty traceback;
/// returns NULL for the caller to return.
pub fn raise_obj(e: Obj) -> Obj {
    let s = state();
    s.pending = e;
    s.n_frames = 0;
    NULL
}

/// Raises `MemoryError: memory allocation failed` without allocating.
pub fn raise_memory_error() -> Obj {
    raise_obj(core::ptr::addr_of!(EMERGENCY_MEMORY_ERROR) as Obj)
}

fn new_exc(ty: &'static Type, arg: Obj) -> Obj {
    let p = gc::alloc(core::mem::size_of::<ExcObj>()) as *mut ExcObj;
    if p.is_null() {
        return NULL;
    }
    // SAFETY: freshly allocated.
    unsafe { p.write(ExcObj { ty, arg }) };
    p as Obj
}

/// Raises `ty` with one argument object (e.g. the missing key of a `KeyError`);
/// returns NULL.
pub fn raise_arg(ty: &'static Type, arg: Obj) -> Obj {
    let e = new_exc(ty, arg);
    if e == NULL {
        return raise_memory_error();
    }
    raise_obj(e)
}

/// Raises `ty` with a static message; returns NULL.
pub fn raise(ty: &'static Type, msg: &'static str) -> Obj {
    let m = pystr::new_static(msg);
    if m == NULL {
        return NULL;
    }
    let e = new_exc(ty, m);
    if e == NULL {
        return raise_memory_error();
    }
    raise_obj(e)
}

/// Raises `ty` with a message made of `parts` (truncated past 256 bytes); returns NULL.
pub fn raise_parts(ty: &'static Type, parts: &[&[u8]]) -> Obj {
    let mut buf = [0u8; 256];
    let mut n = 0;
    for p in parts {
        let k = p.len().min(buf.len() - n);
        buf[n..n + k].copy_from_slice(&p[..k]);
        n += k;
    }
    let m = pystr::new(&buf[..n]);
    if m == NULL {
        return NULL;
    }
    let e = new_exc(ty, m);
    if e == NULL {
        return raise_memory_error();
    }
    raise_obj(e)
}

/// `TypeError: unsupported types for __add__: 'str', 'int'`.
pub fn raise_binop_types(dunder: &str, a: Obj, b: Obj) -> Obj {
    raise_parts(
        &TYPE_ERROR,
        &[
            b"unsupported types for ",
            dunder.as_bytes(),
            b": '",
            obj::type_name(a).as_bytes(),
            b"', '",
            obj::type_name(b).as_bytes(),
            b"'",
        ],
    )
}

/// Appends a traceback frame to the pending exception.
pub fn tb_add(file: Obj, line: usize, func: Obj) {
    let s = state();
    if s.pending == NULL {
        return;
    }
    let f = Frame { file, line, func };
    let i = s.n_frames;
    if i < TB_KEEP {
        s.inner[i] = f;
    } else {
        s.outer[(i - TB_KEEP) % TB_KEEP] = f;
    }
    s.n_frames = i.saturating_add(1);
}

fn qstr_text(o: Obj) -> &'static [u8] {
    if obj::is_qstr(o) {
        qstr::bytes(obj::qstr_value(o))
    } else {
        b"?"
    }
}

/// Prints the pending exception as an uncaught one (traceback, outermost frame first).
pub fn print_uncaught() {
    let s = state();
    let e = Stream::Err;
    console::write_str(e, "Traceback (most recent call last):\n");
    let n = s.n_frames;
    let mut i = n;
    while i > 0 {
        i -= 1;
        let f = if i < TB_KEEP {
            s.inner[i]
        } else if i + TB_KEEP >= n {
            s.outer[(i - TB_KEEP) % TB_KEEP]
        } else {
            // Frames TB_KEEP..n-TB_KEEP were not kept.
            let dropped = n - 2 * TB_KEEP;
            console::write_str(e, "  [");
            console::write_int(e, dropped as isize);
            console::write_str(e, " more frames not shown]\n");
            i = TB_KEEP;
            continue;
        };
        console::write_str(e, "  File \"");
        console::write(e, qstr_text(f.file));
        console::write_str(e, "\", line ");
        console::write_int(e, f.line as isize);
        console::write_str(e, ", in ");
        console::write(e, qstr_text(f.func));
        console::write_str(e, "\n");
    }
    print_exception(e, s.pending);
}

/// Prints `Type: message` (or just `Type`) and a newline.
pub fn print_exception(stream: Stream, exc: Obj) {
    if !obj::is_ptr(exc) || obj::type_of(exc).kind != Kind::Exception {
        console::write_str(stream, "<no exception>\n");
        return;
    }
    // SAFETY: an exception object.
    let ex = unsafe { &*(exc as *const ExcObj) };
    console::write_str(stream, ex.ty.name);
    if ex.arg != NULL {
        console::write_str(stream, ": ");
        crate::print::print_obj(stream, ex.arg);
    }
    console::write_str(stream, "\n");
}
