//! Calling objects: builtin function objects (the `call` slot of native Rust functions),
//! bound methods, and the generic call path every callee goes through
//! ([`call`]: look up the callee type's [`Type::call`] slot).

use crate::exc::{self, raise_parts};
use crate::gc;
use crate::obj::{self, Obj, PrintKind, PyResult, Type, Writer, NULL};

/// `fn(pos, kw) -> obj`: a builtin's body. `kw` holds (name qstr obj, value) pairs,
/// flattened. Methods get `self` as `pos[0]`.
pub type NativeFn = fn(&[Obj], &[Obj]) -> Obj;

/// A builtin function (or method) object: a `static` the runtime hands out by address.
#[repr(C)]
pub struct BuiltinFn {
    /// Always [`BUILTIN_FUNCTION_TYPE`].
    pub ty: &'static Type,
    /// Python name (`len`, `append`).
    pub name: &'static str,
    /// The body.
    pub f: NativeFn,
}

impl BuiltinFn {
    /// A builtin function object, usable in a `static`.
    pub const fn new(name: &'static str, f: NativeFn) -> BuiltinFn {
        BuiltinFn {
            ty: &BUILTIN_FUNCTION_TYPE,
            name,
            f,
        }
    }

    /// The object word of this builtin.
    pub fn obj(&'static self) -> Obj {
        self as *const BuiltinFn as Obj
    }
}

fn builtin_call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    // SAFETY: only objects of BUILTIN_FUNCTION_TYPE reach this slot.
    let f = unsafe { &*(callee as *const BuiltinFn) };
    (f.f)(pos, kw)
}

fn builtin_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    // SAFETY: a builtin function object.
    let f = unsafe { &*(o as *const BuiltinFn) };
    w.write(b"<built-in function ");
    w.write(f.name.as_bytes());
    w.write(b">");
    Ok(())
}

/// `f.__name__` of a builtin function.
fn builtin_attr(o: Obj, name: Obj) -> Obj {
    // SAFETY: a builtin function object.
    let f = unsafe { &*(o as *const BuiltinFn) };
    match crate::str::bytes(name) {
        Some(b"__name__") => crate::str::new_static(f.name),
        _ => obj::NOT_IMPL,
    }
}

/// `builtin_function_or_method`.
pub static BUILTIN_FUNCTION_TYPE: Type = Type {
    call: Some(builtin_call),
    print: Some(builtin_print),
    attr: Some(builtin_attr),
    ..Type::new("builtin_function_or_method")
};

/// A method bound to its object: `obj.method` as a value.
#[repr(C)]
pub struct BoundMethod {
    ty: &'static Type,
    /// The function (called with `this` prepended).
    pub fun: Obj,
    /// The object.
    pub this: Obj,
}

fn bound_call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    // SAFETY: only bound-method objects reach this slot.
    let m = unsafe { &*(callee as *const BoundMethod) };
    call_with_self(m.fun, m.this, pos, kw)
}

fn bound_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    // SAFETY: a bound-method object.
    let m = unsafe { &*(o as *const BoundMethod) };
    w.write(b"<bound_method>");
    let _ = m;
    Ok(())
}

/// `bound_method`.
pub static BOUND_METHOD_TYPE: Type = Type {
    call: Some(bound_call),
    print: Some(bound_print),
    ..Type::new("bound_method")
};

/// A new bound method; NULL with `MemoryError` pending when out of memory.
pub fn new_bound_method(fun: Obj, this: Obj) -> Obj {
    let p = gc::alloc(core::mem::size_of::<BoundMethod>()) as *mut BoundMethod;
    if p.is_null() {
        return exc::raise_memory_error();
    }
    // SAFETY: freshly allocated.
    unsafe {
        p.write(BoundMethod {
            ty: &BOUND_METHOD_TYPE,
            fun,
            this,
        })
    };
    p as Obj
}

/// Calls `callee(*pos, **kw)` through its type's `call` slot; NULL when it raised.
pub fn call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    match obj::type_of(callee).call {
        Some(f) => f(callee, pos, kw),
        None => raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"'",
                obj::type_name(callee).as_bytes(),
                b"' object isn't callable",
            ],
        ),
    }
}

/// Calls `fun(this, *pos, **kw)`.
pub fn call_with_self(fun: Obj, this: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    const INLINE: usize = 8;
    if pos.len() < INLINE {
        let mut buf = [NULL; INLINE];
        buf[0] = this;
        buf[1..=pos.len()].copy_from_slice(pos);
        return call(fun, &buf[..=pos.len()], kw);
    }
    let mut v = alloc::vec::Vec::new();
    if v.try_reserve(pos.len() + 1).is_err() {
        return exc::raise_memory_error();
    }
    v.push(this);
    v.extend_from_slice(pos);
    call(fun, &v, kw)
}

/// Calls a builtin with one argument (helper for `key=` functions and `map`).
pub fn call1(f: Obj, a: Obj) -> Obj {
    call(f, &[a], &[])
}

/// `upy_call(callee, args, n_pos, n_kw)`: `args` holds `n_pos` values then `n_kw`
/// (name, value) pairs.
///
/// # Safety
/// `args` points at `n_pos + 2 * n_kw` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_call(callee: Obj, args: *const Obj, n_pos: usize, n_kw: usize) -> Obj {
    // SAFETY: per the contract.
    let (pos, kw) = unsafe { split_args(args, n_pos, n_kw) };
    call(callee, pos, kw)
}

/// Views the argument block of `upy_call`/`upy_call_method` as slices.
///
/// # Safety
/// `args` points at `n_pos + 2 * n_kw` object words (or is anything when both are 0).
pub unsafe fn split_args<'a>(
    args: *const Obj,
    n_pos: usize,
    n_kw: usize,
) -> (&'a [Obj], &'a [Obj]) {
    if n_pos + n_kw == 0 || args.is_null() {
        return (&[], &[]);
    }
    // SAFETY: per the contract.
    unsafe {
        (
            core::slice::from_raw_parts(args, n_pos),
            core::slice::from_raw_parts(args.add(n_pos), 2 * n_kw),
        )
    }
}
