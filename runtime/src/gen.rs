//! Generators and coroutines of compiled code.
//!
//! A generator object is also the frame of its function: `{ type, code, state, name,
//! flags, yf_value, n_slots, slots... }` (`upyc_abi::layout::GEN_*`). The compiler
//! turns the function body into a *resume function* `code(gen, sent, thrown)`, a state
//! machine that saves its variables into the slots at each `yield` and restores them
//! when it is resumed (see `upyc_abi::entry::GEN_NEW`). This module drives it:
//! `next()`/`send()`/`throw()`/`close()`, "already executing" and the done state,
//! return values as `StopIteration.value`, and the delegation of `yield from`/`await`.

use crate::callable::BuiltinFn;
use crate::exc::{self, raise};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NULL};
use crate::str as pystr;
use upyc_abi::{layout, GEN_KIND_COROUTINE, GEN_STATE_DONE, STOP};

/// The resume function of a generator: `code(gen, sent, thrown)`.
pub type ResumeFn = extern "C" fn(Obj, Obj, usize) -> Obj;

/// A generator or coroutine (the header of its frame; the slots follow).
#[repr(C)]
pub struct GenObj {
    /// [`GENERATOR_TYPE`] or [`COROUTINE_TYPE`].
    ty: &'static Type,
    /// The resume function.
    code: ResumeFn,
    /// 0 before the start, k after the k-th yield, `GEN_STATE_DONE` after a return.
    state: usize,
    /// The function's name (a qstr object).
    name: Obj,
    /// [`RUNNING`] and [`FINISHED`] bits.
    flags: usize,
    /// The value a finished `yield from` delegate returned.
    yf_value: Obj,
    /// Number of frame slots after the header.
    n_slots: usize,
}

const WORD: usize = core::mem::size_of::<usize>();

const _: () = {
    assert!(core::mem::offset_of!(GenObj, state) == layout::GEN_STATE * WORD);
    assert!(core::mem::offset_of!(GenObj, yf_value) == layout::GEN_YF_VALUE * WORD);
    assert!(core::mem::size_of::<GenObj>() == layout::GEN_SLOTS * WORD);
};

/// The resume function is running.
const RUNNING: usize = 1;
/// The generator returned or raised: it cannot run again.
const FINISHED: usize = 2;

/// `generator`: its own iterator, with `send`/`throw`/`close`.
pub static GENERATOR_TYPE: Type = Type {
    iternext: Some(gen_iternext),
    print: Some(gen_print),
    methods: &GEN_METHODS,
    ..Type::new("generator")
};

/// `coroutine` (`async def`): not iterable, awaitable, `send`/`throw`/`close`.
pub static COROUTINE_TYPE: Type = Type {
    print: Some(gen_print),
    methods: &CORO_METHODS,
    ..Type::new("coroutine")
};

static SEND: BuiltinFn = BuiltinFn::new("send", m_send);
static THROW: BuiltinFn = BuiltinFn::new("throw", m_throw);
static CLOSE: BuiltinFn = BuiltinFn::new("close", m_close);
static NEXT: BuiltinFn = BuiltinFn::new("__next__", m_next);
static ITER: BuiltinFn = BuiltinFn::new("__iter__", m_self);
static AWAIT: BuiltinFn = BuiltinFn::new("__await__", m_self);

static GEN_METHODS: [&BuiltinFn; 5] = [&SEND, &THROW, &CLOSE, &NEXT, &ITER];
static CORO_METHODS: [&BuiltinFn; 4] = [&SEND, &THROW, &CLOSE, &AWAIT];

/// The generator behind `o`, if it is a generator or coroutine.
fn as_gen<'a>(o: Obj) -> Option<&'a mut GenObj> {
    if obj::is_type(o, &GENERATOR_TYPE) || obj::is_type(o, &COROUTINE_TYPE) {
        // SAFETY: objects of these types are `GenObj`s; single-threaded runtime.
        Some(unsafe { &mut *(o as *mut GenObj) })
    } else {
        None
    }
}

/// True for a coroutine object.
pub fn is_coroutine(o: Obj) -> bool {
    obj::is_type(o, &COROUTINE_TYPE)
}

/// A new generator or coroutine; NULL with `MemoryError` pending.
#[no_mangle]
pub extern "C" fn upy_gen_new(code: ResumeFn, name: Obj, n_slots: usize, kind: usize) -> Obj {
    let bytes = core::mem::size_of::<GenObj>() + n_slots * WORD;
    let p = crate::gc::alloc(bytes) as *mut GenObj;
    if p.is_null() {
        return exc::raise_memory_error();
    }
    let ty = if kind == GEN_KIND_COROUTINE {
        &COROUTINE_TYPE
    } else {
        &GENERATOR_TYPE
    };
    // SAFETY: freshly allocated (and zeroed: the slots start NULL).
    unsafe {
        p.write(GenObj {
            ty,
            code,
            state: 0,
            name,
            flags: 0,
            yf_value: NONE,
            n_slots,
        })
    };
    p as Obj
}

/// How a resumption ended.
enum Resumed {
    /// It yielded this value.
    Yielded(Obj),
    /// It returned this value (or had finished before).
    Returned(Obj),
    /// It raised; the exception is pending.
    Raised,
}

fn kind_name(g: &GenObj) -> &'static str {
    g.ty.name
}

/// Runs `g` until its next yield: with `sent` as the value of the paused `yield`, or
/// with `thrown` (an exception instance) raised there.
fn resume(o: Obj, sent: Obj, thrown: Option<Obj>) -> Resumed {
    let Some(g) = as_gen(o) else {
        raise(&exc::TYPE_ERROR, "not a generator");
        return Resumed::Raised;
    };
    if g.flags & RUNNING != 0 {
        raise(&exc::VALUE_ERROR, "generator already executing");
        return Resumed::Raised;
    }
    if g.flags & FINISHED != 0 {
        if let Some(e) = thrown {
            exc::raise_obj(e);
            return Resumed::Raised;
        }
        if obj::is_type(o, &COROUTINE_TYPE) {
            raise(
                &exc::RUNTIME_ERROR,
                "cannot reuse already awaited coroutine",
            );
            return Resumed::Raised;
        }
        return Resumed::Returned(NONE);
    }
    if g.state == 0 {
        if let Some(e) = thrown {
            // Thrown in before it started: it never runs.
            g.flags |= FINISHED;
            exc::raise_obj(e);
            return Resumed::Raised;
        }
        if sent != NONE {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"can't send non-None value to a just-started ",
                    kind_name(g).as_bytes(),
                ],
            );
            return Resumed::Raised;
        }
    }
    let flag = match thrown {
        Some(e) => {
            exc::raise_obj(e);
            1
        }
        None => 0,
    };
    g.flags |= RUNNING;
    let r = (g.code)(o, sent, flag);
    let g = match as_gen(o) {
        Some(g) => g,
        None => return Resumed::Raised,
    };
    g.flags &= !RUNNING;
    if r == NULL {
        g.flags |= FINISHED;
        if exc::is_instance(exc::pending(), &exc::STOP_ITERATION) {
            let msg: &'static [u8] = if obj::is_type(o, &COROUTINE_TYPE) {
                b"coroutine raised StopIteration"
            } else {
                b"generator raised StopIteration"
            };
            exc::raise_parts(&exc::RUNTIME_ERROR, &[msg]);
        }
        return Resumed::Raised;
    }
    if g.state == GEN_STATE_DONE {
        g.flags |= FINISHED;
        return Resumed::Returned(r);
    }
    Resumed::Yielded(r)
}

/// Raises `StopIteration(value)` (no args for `None`); returns NULL.
fn raise_stop(value: Obj) -> Obj {
    let arg = if value == NONE { NULL } else { value };
    exc::raise_obj(exc::new_exc_arg(&exc::STOP_ITERATION, arg))
}

/// A resumption as `send()` reports it.
fn as_send_result(r: Resumed) -> Obj {
    match r {
        Resumed::Yielded(v) => v,
        Resumed::Returned(v) => raise_stop(v),
        Resumed::Raised => NULL,
    }
}

fn gen_iternext(o: Obj) -> Obj {
    match resume(o, NONE, None) {
        Resumed::Yielded(v) => v,
        Resumed::Returned(_) => STOP,
        Resumed::Raised => NULL,
    }
}

/// `next(g)` of a generator: `StopIteration` carries the return value.
pub fn next_raising(o: Obj) -> Option<Obj> {
    if !obj::is_type(o, &GENERATOR_TYPE) {
        return None;
    }
    Some(as_send_result(resume(o, NONE, None)))
}

fn gen_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let Some(g) = as_gen(o) else {
        return Ok(());
    };
    w.write(b"<");
    w.write(kind_name(g).as_bytes());
    w.write(b" object '");
    w.write(pystr::bytes(g.name).unwrap_or(b"?"));
    w.write(b"'>");
    Ok(())
}

fn check_args(p: &[Obj], min: usize, max: usize) -> bool {
    crate::builtins::argc(p, min, max).is_ok()
}

fn m_self(p: &[Obj], _k: &[Obj]) -> Obj {
    if !check_args(p, 1, 1) {
        return NULL;
    }
    p[0]
}

fn m_next(p: &[Obj], _k: &[Obj]) -> Obj {
    if !check_args(p, 1, 1) {
        return NULL;
    }
    as_send_result(resume(p[0], NONE, None))
}

fn m_send(p: &[Obj], _k: &[Obj]) -> Obj {
    if !check_args(p, 2, 2) {
        return NULL;
    }
    as_send_result(resume(p[0], p[1], None))
}

/// The exception instance `throw(typ[, val])` raises: an instance as it is, a class
/// called with `val` (or nothing).
fn thrown_instance(typ: Obj, val: Option<Obj>) -> PyResult<Obj> {
    if exc::as_exc(typ).is_some() {
        return Ok(typ);
    }
    let e = match val {
        Some(v) if exc::as_exc(v).is_some() => return Ok(v),
        Some(v) if v != NONE => crate::callable::call(typ, &[v], &[]),
        _ => crate::callable::call(typ, &[], &[]),
    };
    let e = obj::check(e)?;
    if exc::as_exc(e).is_some() {
        return Ok(e);
    }
    raise(
        &exc::TYPE_ERROR,
        "exceptions must derive from BaseException",
    );
    Err(Raised)
}

fn m_throw(p: &[Obj], _k: &[Obj]) -> Obj {
    if !check_args(p, 2, 4) {
        return NULL;
    }
    match thrown_instance(p[1], p.get(2).copied()) {
        Ok(e) => as_send_result(resume(p[0], NONE, Some(e))),
        Err(Raised) => NULL,
    }
}

/// `g.close()`.
fn close(o: Obj) -> PyResult<()> {
    let Some(g) = as_gen(o) else {
        return Ok(());
    };
    if g.flags & FINISHED != 0 {
        return Ok(());
    }
    if g.state == 0 {
        g.flags |= FINISHED;
        return Ok(());
    }
    let e = obj::check(exc::new_exc_arg(&exc::GENERATOR_EXIT, NULL))?;
    match resume(o, NONE, Some(e)) {
        Resumed::Yielded(_) => {
            raise(&exc::RUNTIME_ERROR, "generator ignored GeneratorExit");
            Err(Raised)
        }
        Resumed::Returned(_) => Ok(()),
        Resumed::Raised => {
            let p = exc::pending();
            if exc::is_instance(p, &exc::GENERATOR_EXIT)
                || exc::is_instance(p, &exc::STOP_ITERATION)
            {
                exc::clear();
                Ok(())
            } else {
                Err(Raised)
            }
        }
    }
}

fn m_close(p: &[Obj], _k: &[Obj]) -> Obj {
    if !check_args(p, 1, 1) {
        return NULL;
    }
    match close(p[0]) {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

/// Calls `o.name(args...)`.
fn call_method(o: Obj, name: &'static str, args: &[Obj]) -> Obj {
    let n = pystr::new_static(name);
    if n == NULL {
        return NULL;
    }
    let mut buf = [NULL; 4];
    buf[0] = o;
    buf[1..=args.len()].copy_from_slice(args);
    // SAFETY: `buf` holds self and the positional arguments.
    unsafe { crate::attr::upy_call_method(n, buf.as_ptr(), args.len(), 0) }
}

/// The value of a pending `StopIteration` (clearing it), if one is pending.
fn take_stop_value() -> Option<Obj> {
    let p = exc::pending();
    if !exc::is_instance(p, &exc::STOP_ITERATION) {
        return None;
    }
    exc::clear();
    let v = crate::attr::upy_load_attr(p, pystr::new_static("value"));
    Some(if v == NULL {
        exc::clear();
        NONE
    } else {
        v
    })
}

/// Finishes a delegation step: a yielded value, or `STOP` with the result stored.
fn delegate_result(gen: Obj, r: Obj) -> Obj {
    if r != NULL {
        return r;
    }
    match take_stop_value() {
        Some(v) => {
            if let Some(g) = as_gen(gen) {
                g.yf_value = v;
            }
            STOP
        }
        None => NULL,
    }
}

/// One step of `yield from it` inside generator `gen` (see `upyc_abi::entry::YIELD_FROM`).
#[no_mangle]
pub extern "C" fn upy_yield_from(gen: Obj, it: Obj, sent: Obj, thrown: usize) -> Obj {
    let finished = |v: Obj| {
        if let Some(g) = as_gen(gen) {
            g.yf_value = v;
        }
        STOP
    };
    if thrown != 0 {
        let e = exc::upy_exc_take();
        if exc::is_instance(e, &exc::GENERATOR_EXIT) {
            // Close the delegate, then raise GeneratorExit here.
            if as_gen(it).is_some() {
                if close(it).is_err() {
                    return NULL;
                }
            } else {
                let m = crate::attr::upy_load_attr(it, pystr::new_static("close"));
                if m == NULL {
                    exc::clear();
                } else if crate::callable::call(m, &[], &[]) == NULL {
                    return NULL;
                }
            }
            return exc::raise_obj(e);
        }
        if as_gen(it).is_some() {
            return match resume(it, NONE, Some(e)) {
                Resumed::Yielded(v) => v,
                Resumed::Returned(v) => finished(v),
                Resumed::Raised => NULL,
            };
        }
        let m = crate::attr::upy_load_attr(it, pystr::new_static("throw"));
        if m == NULL {
            exc::clear();
            return exc::raise_obj(e);
        }
        let r = crate::callable::call(m, &[e], &[]);
        return delegate_result(gen, r);
    }
    if as_gen(it).is_some() {
        return match resume(it, sent, None) {
            Resumed::Yielded(v) => v,
            Resumed::Returned(v) => finished(v),
            Resumed::Raised => NULL,
        };
    }
    if sent == NONE {
        return match crate::iter::upy_iter_next(it) {
            STOP => finished(NONE),
            r => delegate_result(gen, r),
        };
    }
    let r = call_method(it, "send", &[sent]);
    delegate_result(gen, r)
}

/// The iterator `await o` delegates to.
#[no_mangle]
pub extern "C" fn upy_get_awaitable(o: Obj) -> Obj {
    if is_coroutine(o) {
        return o;
    }
    if obj::is_type(o, &GENERATOR_TYPE) {
        return o;
    }
    let n = pystr::new_static("__await__");
    if n == NULL {
        return NULL;
    }
    let m = crate::attr::upy_load_attr(o, n);
    if m == NULL {
        exc::clear();
        return exc::raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"object ",
                obj::type_name(o).as_bytes(),
                b" can't be used in 'await' expression",
            ],
        );
    }
    let it = crate::callable::call(m, &[], &[]);
    if it == NULL {
        return NULL;
    }
    crate::iter::upy_get_iter(it)
}

/// The end of an `async for` loop (see `upyc_abi::entry::TAKE_STOP_ASYNC`).
#[no_mangle]
pub extern "C" fn upy_take_stop_async() -> Obj {
    if exc::is_instance(exc::pending(), &exc::STOP_ASYNC_ITERATION) {
        exc::clear();
        obj::TRUE
    } else {
        obj::FALSE
    }
}
