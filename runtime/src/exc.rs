//! Exceptions (design D4): one pending exception per thread, raised by returning NULL.
//!
//! An exception is an ordinary heap object ([`ExcObj`]): its type is its class, it
//! holds its `args` tuple, its `__cause__` and its traceback. Classes form a hierarchy
//! through [`Type::base`]; as Python values they are [`ClassObj`]s (type `type`), which
//! are callable (`ValueError("x", 2)`) and accepted by `upy_exc_match`.
//!
//! The traceback lives in the exception object: `upy_tb_add` appends a frame to the
//! pending exception as each compiled frame returns with it (innermost first). A
//! traceback keeps its innermost [`TB_KEEP`] frames and its outermost [`TB_KEEP`]
//! frames; the count of those in between is printed instead.
//!
//! `str(e)` follows CPython: `''` without args, `str(arg)` for one arg (`repr(arg)`
//! for `KeyError`), the args tuple's repr otherwise. `repr(e)` is `Name(args...)`.

use crate::console::{self, Stream};
use crate::gc;
use crate::obj::{self, Kind, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NULL};
use crate::print;
use crate::qstr;
use crate::str::{self as pystr, StrObj};
use crate::tuple;

macro_rules! exc_types {
    ($($(#[$doc:meta])* $id:ident = $name:literal : $base:expr;)*) => {
        $( $(#[$doc])* pub static $id: Type = Type {
            base: $base,
            kind: Kind::Exception,
            print: Some(exc_print),
            attr: Some(exc_attr),
            ..Type::new($name)
        }; )*
        /// Every builtin exception class, in declaration order (a base before its
        /// subclasses).
        static ALL_TYPES: &[&Type] = &[$(&$id),*];
        /// Number of builtin exception classes.
        const N_CLASSES: usize = ALL_TYPES.len();
    };
}

exc_types! {
    /// `BaseException`.
    BASE_EXCEPTION = "BaseException": None;
    /// `SystemExit`.
    SYSTEM_EXIT = "SystemExit": Some(&BASE_EXCEPTION);
    /// `KeyboardInterrupt`.
    KEYBOARD_INTERRUPT = "KeyboardInterrupt": Some(&BASE_EXCEPTION);
    /// `GeneratorExit`.
    GENERATOR_EXIT = "GeneratorExit": Some(&BASE_EXCEPTION);
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
    /// `EOFError`.
    EOF_ERROR = "EOFError": Some(&EXCEPTION);
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
    /// `StopIteration` (its `value` is its first argument).
    STOP_ITERATION = "StopIteration": Some(&EXCEPTION);
    /// `StopAsyncIteration`: the end of an `async for`.
    STOP_ASYNC_ITERATION = "StopAsyncIteration": Some(&EXCEPTION);
    /// `SyntaxError`.
    SYNTAX_ERROR = "SyntaxError": Some(&EXCEPTION);
    /// `TypeError`.
    TYPE_ERROR = "TypeError": Some(&EXCEPTION);
    /// `ValueError`.
    VALUE_ERROR = "ValueError": Some(&EXCEPTION);
    /// `UnicodeError`.
    UNICODE_ERROR = "UnicodeError": Some(&VALUE_ERROR);
}

/// An exception instance.
#[repr(C)]
pub struct ExcObj {
    /// The exception class.
    pub ty: &'static Type,
    /// The arguments: a tuple.
    pub args: Obj,
    /// `__cause__`: an exception, `None`, or NULL when never set.
    pub cause: Obj,
    /// The traceback: NULL (no frames yet) or a [`Tb`] block.
    tb: *mut Tb,
}

/// The exception object behind `o`, if `o` is one.
pub fn as_exc<'a>(o: Obj) -> Option<&'a mut ExcObj> {
    if obj::is_ptr(o) && obj::type_of(o).kind == Kind::Exception {
        // SAFETY: objects of exception kind are `ExcObj`s; single-threaded runtime.
        Some(unsafe { &mut *(o as *mut ExcObj) })
    } else {
        None
    }
}

// ---------------------------------------------------------------------------------
// Classes as values

/// An exception class as a Python value (its type is `type`).
#[repr(C)]
pub struct ClassObj {
    ty: &'static Type,
    /// The class.
    pub class: &'static Type,
}

/// `type`, the type of class objects: callable (makes an instance), prints as
/// `<class 'Name'>`, has `__name__`.
pub static CLASS_TYPE: Type = Type {
    print: Some(class_print),
    call: Some(class_call),
    attr: Some(class_attr),
    ..Type::new("type")
};

static CLASSES: [ClassObj; N_CLASSES] = {
    let mut a = [const {
        ClassObj {
            ty: &CLASS_TYPE,
            class: &BASE_EXCEPTION,
        }
    }; N_CLASSES];
    let mut i = 0;
    while i < N_CLASSES {
        a[i].class = ALL_TYPES[i];
        i += 1;
    }
    a
};

/// The class object of builtin exception `name` (`"ValueError"`), for
/// `upy_load_builtin`.
pub fn builtin_class(name: &str) -> Option<Obj> {
    CLASSES
        .iter()
        .find(|c| c.class.name == name)
        .map(|c| c as *const ClassObj as Obj)
}

/// The class object of exception class `ty` (for `type(e)`), if it is a builtin one.
pub fn class_obj(ty: &'static Type) -> Option<Obj> {
    CLASSES
        .iter()
        .find(|c| core::ptr::eq(c.class, ty))
        .map(|c| c as *const ClassObj as Obj)
}

/// The exception class a class object stands for.
pub fn class_of(o: Obj) -> Option<&'static Type> {
    if obj::is_type(o, &CLASS_TYPE) {
        // SAFETY: a class object.
        Some(unsafe { (*(o as *const ClassObj)).class })
    } else {
        None
    }
}

fn class_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"<class '");
    w.write(class_of(o).map_or("?", |t| t.name).as_bytes());
    w.write(b"'>");
    Ok(())
}

fn class_call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    let Some(ty) = class_of(callee) else {
        return raise(&TYPE_ERROR, "not callable");
    };
    if !kw.is_empty() {
        return raise(&TYPE_ERROR, "function doesn't take keyword arguments");
    }
    let args = tuple::new(pos);
    if args == NULL {
        return NULL;
    }
    new_exc(ty, args)
}

fn class_attr(o: Obj, name: Obj) -> Obj {
    match (class_of(o), pystr::bytes(name)) {
        (Some(ty), Some(b"__name__")) => pystr::new_static(ty.name),
        _ => obj::NOT_IMPL,
    }
}

// ---------------------------------------------------------------------------------
// Instances

/// A new exception of class `ty` with args tuple `args`; NULL with `MemoryError`
/// pending when the heap is full.
pub fn new_exc(ty: &'static Type, args: Obj) -> Obj {
    let p = gc::alloc(core::mem::size_of::<ExcObj>()) as *mut ExcObj;
    if p.is_null() {
        return raise_memory_error();
    }
    // SAFETY: freshly allocated.
    unsafe {
        p.write(ExcObj {
            ty,
            args,
            cause: NULL,
            tb: core::ptr::null_mut(),
        })
    };
    p as Obj
}

/// A new exception of class `ty` with a single argument (NULL for none).
pub fn new_exc_arg(ty: &'static Type, arg: Obj) -> Obj {
    let args = if arg == NULL {
        tuple::empty()
    } else {
        tuple::new(&[arg])
    };
    if args == NULL {
        return NULL;
    }
    new_exc(ty, args)
}

/// The args of an exception as a slice.
fn args_of<'a>(e: &ExcObj) -> &'a [Obj] {
    if e.args == NULL {
        &[]
    } else {
        tuple::items_of(e.args).unwrap_or(&[])
    }
}

/// Writes `str(e)` (`kind == Str`) or `repr(e)` (`Repr`).
fn exc_print(w: &mut dyn Writer, o: Obj, kind: PrintKind) -> PyResult<()> {
    let Some(e) = as_exc(o) else {
        return Ok(());
    };
    let args = args_of(e);
    match kind {
        PrintKind::Str => match args {
            [] => Ok(()),
            [a] if core::ptr::eq(e.ty, &KEY_ERROR) => print::print(w, *a, PrintKind::Repr),
            [a] => print::print(w, *a, PrintKind::Str),
            _ => print::print(w, e.args, PrintKind::Repr),
        },
        PrintKind::Repr => {
            w.write(e.ty.name.as_bytes());
            match args {
                [] => w.write(b"()"),
                [a] => {
                    w.write(b"(");
                    print::print(w, *a, PrintKind::Repr)?;
                    w.write(b")");
                }
                _ => print::print(w, e.args, PrintKind::Repr)?,
            }
            Ok(())
        }
    }
}

fn exc_attr(o: Obj, name: Obj) -> Obj {
    let Some(e) = as_exc(o) else {
        return obj::NOT_IMPL;
    };
    let first = args_of(e).first().copied().unwrap_or(NONE);
    match pystr::bytes(name).unwrap_or(b"") {
        b"args" => {
            if e.args == NULL {
                tuple::empty()
            } else {
                e.args
            }
        }
        b"value" if e.ty.is_subclass_of(&STOP_ITERATION) => first,
        b"errno" if e.ty.is_subclass_of(&OS_ERROR) => first,
        b"__cause__" => {
            if e.cause == NULL {
                NONE
            } else {
                e.cause
            }
        }
        b"__class__" => class_obj(e.ty).unwrap_or(NONE),
        _ => obj::NOT_IMPL,
    }
}

// ---------------------------------------------------------------------------------
// Tracebacks

/// Frames kept from the innermost end, and from the outermost end, of a traceback.
pub const TB_KEEP: usize = 32;
/// Frames a traceback block holds at most.
const TB_MAX: usize = 2 * TB_KEEP;
/// Frames in a newly allocated traceback block.
const TB_FIRST: usize = 4;

#[derive(Clone, Copy)]
#[repr(C)]
struct Frame {
    file: Obj,
    line: usize,
    func: Obj,
}

/// A traceback, a raw GC block (not a Python object): `n` frames added so far (may
/// exceed `cap`), room for `cap` frames. Slots `0..TB_KEEP` hold the innermost frames;
/// once full, slots `TB_KEEP..TB_MAX` are a ring of the latest (outermost) ones.
#[repr(C)]
struct Tb {
    n: usize,
    cap: usize,
    frames: [Frame; 0],
}

impl Tb {
    fn frame(&self, slot: usize) -> Frame {
        // SAFETY: `slot < cap` at every call; the block holds `cap` frames.
        unsafe { *self.frames.as_ptr().add(slot) }
    }
}

fn tb_bytes(cap: usize) -> usize {
    core::mem::size_of::<Tb>() + cap * core::mem::size_of::<Frame>()
}

/// Frame storage of the preallocated `MemoryError` (no heap needed to record frames).
static mut EMERGENCY_TB: [usize; 2 + 3 * TB_MAX] = [0; 2 + 3 * TB_MAX];

/// Appends a frame to `e`'s traceback; drops it when there is no memory.
fn tb_push(e: &mut ExcObj, f: Frame) {
    let mut tb = e.tb;
    if tb.is_null() {
        tb = gc::alloc(tb_bytes(TB_FIRST)) as *mut Tb;
        if tb.is_null() {
            return;
        }
        // SAFETY: freshly allocated (zeroed) block of the right size.
        unsafe { (*tb).cap = TB_FIRST };
        e.tb = tb;
    }
    // SAFETY: `tb` is a traceback block of `cap` frames.
    let t = unsafe { &mut *tb };
    let slot = if t.n < t.cap {
        t.n
    } else if t.cap < TB_MAX {
        let cap = (t.cap * 2).min(TB_MAX);
        // SAFETY: `tb` is a heap block (the static one has cap == TB_MAX).
        let q = unsafe { gc::realloc(tb as *mut u8, tb_bytes(cap)) } as *mut Tb;
        if q.is_null() {
            return;
        }
        e.tb = q;
        // SAFETY: the grown block.
        let t2 = unsafe { &mut *q };
        t2.cap = cap;
        return tb_store(t2, t2.n, f);
    } else {
        TB_KEEP + (t.n - TB_KEEP) % TB_KEEP
    };
    tb_store(t, slot, f);
}

fn tb_store(t: &mut Tb, slot: usize, f: Frame) {
    // SAFETY: `slot < cap`.
    unsafe { *t.frames.as_mut_ptr().add(slot) = f };
    t.n = t.n.saturating_add(1);
}

// ---------------------------------------------------------------------------------
// The pending exception

static mut PENDING: Obj = NULL;

static MEMORY_MSG: StrObj = StrObj::from_static("memory allocation failed");
static MEMORY_LOCKED_MSG: StrObj = StrObj::from_static("memory allocation failed, heap is locked");

/// Raised when there is no memory left to build an exception (never allocated).
static mut EMERGENCY_MEMORY_ERROR: ExcObj = ExcObj {
    ty: &MEMORY_ERROR,
    args: NULL,
    cause: NULL,
    tb: core::ptr::null_mut(),
};

/// `{ type, len, item }`: the one-item args tuple of the preallocated `MemoryError`.
static mut EMERGENCY_ARGS: [usize; 3] = [0, 1, 0];

fn pending_mut() -> &'static mut Obj {
    // SAFETY: single-threaded runtime.
    unsafe { &mut *core::ptr::addr_of_mut!(PENDING) }
}

/// Sets up the preallocated `MemoryError`. Called once at start-up.
pub fn init() {
    // SAFETY: start-up, single-threaded.
    unsafe {
        let a = &mut *core::ptr::addr_of_mut!(EMERGENCY_ARGS);
        a[0] = core::ptr::addr_of!(tuple::TUPLE_TYPE) as usize;
        a[2] = core::ptr::addr_of!(MEMORY_MSG) as Obj;
        let e = &mut *core::ptr::addr_of_mut!(EMERGENCY_MEMORY_ERROR);
        e.args = a.as_ptr() as Obj;
    }
}

/// The pending exception (NULL when none).
pub fn pending() -> Obj {
    *pending_mut()
}

/// Clears the pending exception (an `except` caught it).
pub fn clear() {
    *pending_mut() = NULL;
}

/// Makes `e` (an exception object) the pending exception, keeping the frames it
/// already has; returns NULL for the caller to return.
pub fn raise_obj(e: Obj) -> Obj {
    *pending_mut() = e;
    NULL
}

/// Raises `MemoryError: memory allocation failed` without allocating.
pub fn raise_memory_error() -> Obj {
    // SAFETY: single-threaded; the static traceback starts empty on every raise.
    unsafe {
        let tb = core::ptr::addr_of_mut!(EMERGENCY_TB) as *mut Tb;
        (*tb).n = 0;
        (*tb).cap = TB_MAX;
        let e = &mut *core::ptr::addr_of_mut!(EMERGENCY_MEMORY_ERROR);
        e.tb = tb;
        e.cause = NULL;
        let a = &mut *core::ptr::addr_of_mut!(EMERGENCY_ARGS);
        a[2] = if crate::gc::is_locked() {
            core::ptr::addr_of!(MEMORY_LOCKED_MSG) as Obj
        } else {
            core::ptr::addr_of!(MEMORY_MSG) as Obj
        };
        raise_obj(e as *mut ExcObj as Obj)
    }
}

/// Raises `ty` with one argument object (e.g. the missing key of a `KeyError`);
/// returns NULL.
pub fn raise_arg(ty: &'static Type, arg: Obj) -> Obj {
    let e = new_exc_arg(ty, arg);
    if e == NULL {
        return NULL;
    }
    raise_obj(e)
}

/// Raises `ty` with a static message; returns NULL.
pub fn raise(ty: &'static Type, msg: &'static str) -> Obj {
    let m = pystr::new_static(msg);
    if m == NULL {
        return NULL;
    }
    raise_arg(ty, m)
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
    raise_arg(ty, m)
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
    if let Some(e) = as_exc(pending()) {
        tb_push(e, Frame { file, line, func });
    }
}

/// `e` as an exception to raise: an instance as it is, a class instantiated with no
/// arguments; `Err` (with `TypeError` pending) for anything else.
fn to_instance(e: Obj, what: &'static str) -> PyResult<Obj> {
    if as_exc(e).is_some() {
        return Ok(e);
    }
    if crate::class::as_class(e).is_some() {
        let r = obj::check(crate::callable::call(e, &[], &[]))?;
        if as_exc(r).is_some() {
            return Ok(r);
        }
        raise(&TYPE_ERROR, what);
        return Err(Raised);
    }
    if let Some(ty) = class_of(e) {
        let args = tuple::empty();
        return obj::check(new_exc(ty, args));
    }
    raise(&TYPE_ERROR, what);
    Err(Raised)
}

/// `raise exc [from cause]`: `exc` an exception instance or class; `cause` NULL when
/// no `from` was given, else an exception instance or class, or `None`. Returns NULL.
#[no_mangle]
pub extern "C" fn upy_raise(exc: Obj, cause: Obj) -> Obj {
    let Ok(e) = to_instance(exc, "exceptions must derive from BaseException") else {
        return NULL;
    };
    if cause != NULL {
        let c = if cause == NONE {
            NONE
        } else {
            match to_instance(cause, "exception causes must derive from BaseException") {
                Ok(c) => c,
                Err(Raised) => return NULL,
            }
        };
        if let Some(x) = as_exc(e) {
            x.cause = c;
        }
    }
    raise_obj(e)
}

/// Bare `raise`: raises `exc` (the exception being handled) again, keeping its
/// traceback. Anything that is not an exception (`None`: no exception is being
/// handled) raises `RuntimeError`.
#[no_mangle]
pub extern "C" fn upy_reraise(exc: Obj) -> Obj {
    if as_exc(exc).is_some() {
        return raise_obj(exc);
    }
    raise(&RUNTIME_ERROR, "no active exception to reraise")
}

/// Takes the pending exception (clearing it) and returns it; `None` when there is
/// none. Its recorded frames stay in its traceback.
#[no_mangle]
pub extern "C" fn upy_exc_take() -> Obj {
    let e = core::mem::replace(pending_mut(), NULL);
    if e == NULL {
        NONE
    } else {
        e
    }
}

/// `isinstance(exc, kind)` for an `except kind:` clause: `kind` a class or a tuple of
/// them (nested tuples allowed). `True`/`False`; NULL with `TypeError` pending when
/// `kind` is not an exception class or a tuple of them.
#[no_mangle]
pub extern "C" fn upy_exc_match(exc: Obj, kind: Obj) -> Obj {
    let ty = obj::type_of(exc);
    match matches(ty, kind, 0) {
        Ok(b) => obj::new_bool(b),
        Err(Raised) => NULL,
    }
}

fn matches(ty: &'static Type, kind: Obj, depth: usize) -> PyResult<bool> {
    if let Some(k) = class_of(kind).or_else(|| crate::class::exc_class_of(kind)) {
        return Ok(ty.is_subclass_of(k));
    }
    if depth < 8 && obj::is_type(kind, &tuple::TUPLE_TYPE) {
        let mut any = false;
        for &k in tuple::items(kind) {
            any |= matches(ty, k, depth + 1)?;
        }
        return Ok(any);
    }
    raise(
        &TYPE_ERROR,
        "catching classes that do not inherit from BaseException is not allowed",
    );
    Err(Raised)
}

/// True when exception object `exc` is an instance of `ty` (or a subclass).
pub fn is_instance(exc: Obj, ty: &'static Type) -> bool {
    as_exc(exc).is_some_and(|e| e.ty.is_subclass_of(ty))
}

// ---------------------------------------------------------------------------------
// Printing

fn qstr_text(o: Obj) -> &'static [u8] {
    if obj::is_qstr(o) {
        qstr::bytes(obj::qstr_value(o))
    } else {
        b"?"
    }
}

/// Prints the pending exception as an uncaught one.
pub fn print_uncaught() {
    print_traceback(&mut Stream::Err, pending());
}

/// Writes `exc` as Python reports an uncaught exception: `Traceback (most recent call
/// last):`, its frames outermost first, then `Type: message` (`sys.print_exception`).
pub fn print_traceback(w: &mut dyn Writer, exc: Obj) {
    w.write(b"Traceback (most recent call last):\n");
    if let Some(e) = as_exc(exc) {
        if !e.tb.is_null() {
            // SAFETY: a traceback block.
            let t = unsafe { &*e.tb };
            let n = t.n;
            let mut i = n;
            while i > 0 {
                i -= 1;
                let f = if i < TB_KEEP {
                    t.frame(i)
                } else if i + TB_KEEP >= n {
                    t.frame(TB_KEEP + (i - TB_KEEP) % TB_KEEP)
                } else {
                    // Frames TB_KEEP..n-TB_KEEP were not kept.
                    let dropped = n - TB_MAX;
                    let mut b = [0u8; 24];
                    w.write(b"  [");
                    w.write(console::fmt_int(dropped as isize, &mut b));
                    w.write(b" more frames not shown]\n");
                    i = TB_KEEP;
                    continue;
                };
                let mut b = [0u8; 24];
                w.write(b"  File \"");
                w.write(qstr_text(f.file));
                w.write(b"\", line ");
                w.write(console::fmt_int(f.line as isize, &mut b));
                w.write(b", in ");
                w.write(qstr_text(f.func));
                w.write(b"\n");
            }
        }
    }
    print_exception(w, exc);
}

/// Writes `Type: message` (or just `Type` when `str(exc)` is empty) and a newline.
pub fn print_exception(w: &mut dyn Writer, exc: Obj) {
    let Some(e) = as_exc(exc) else {
        w.write(b"<no exception>\n");
        return;
    };
    w.write(e.ty.name.as_bytes());
    let saved = pending();
    let mut msg = print::Buffer::default();
    // A message that fails to print (it raised, or memory ran out) is left out.
    if exc_print(&mut msg, exc, PrintKind::Str).is_ok() && !msg.failed && !msg.bytes.is_empty() {
        w.write(b": ");
        w.write(&msg.bytes);
    }
    *pending_mut() = saved;
    w.write(b"\n");
}
