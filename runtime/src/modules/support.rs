//! Helpers shared by the builtin modules: argument reading, method calls by name,
//! writing to Python file-like objects.

use crate::builtins::{argc, no_kw};
use crate::exc;
use crate::obj::{self, Obj, PyResult, Raised, NULL};
use crate::str as pystr;

/// Turns a `PyResult<Obj>` into an object word (NULL when it raised).
pub fn ret(r: PyResult<Obj>) -> Obj {
    r.unwrap_or(NULL)
}

/// Checks no keywords and `min..=max` positional arguments.
pub fn args(pos: &[Obj], kw: &[Obj], min: usize, max: usize) -> PyResult<()> {
    no_kw(kw)?;
    argc(pos, min, max)
}

/// `o` as an `isize`, or `TypeError`.
pub fn int_arg(o: Obj) -> PyResult<isize> {
    match crate::int::to_isize(o) {
        Some(v) => Ok(v),
        None => {
            if crate::int::get(o).is_some() {
                exc::raise(
                    &exc::OVERFLOW_ERROR,
                    "overflow converting long int to machine word",
                );
            } else {
                exc::raise_parts(
                    &exc::TYPE_ERROR,
                    &[b"can't convert ", obj::type_name(o).as_bytes(), b" to int"],
                );
            }
            Err(Raised)
        }
    }
}

/// `o` as string bytes, or `TypeError`.
pub fn str_arg<'a>(o: Obj) -> PyResult<&'a [u8]> {
    match pystr::bytes(o) {
        Some(b) => Ok(b),
        None => {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"can't convert '",
                    obj::type_name(o).as_bytes(),
                    b"' object to str implicitly",
                ],
            );
            Err(Raised)
        }
    }
}

/// Raises `ty` with `msg` and returns `Err`.
pub fn fail<T>(ty: &'static obj::Type, msg: &'static str) -> PyResult<T> {
    exc::raise(ty, msg);
    Err(Raised)
}

/// `this.name(*args)`.
pub fn call_method(this: Obj, name: &'static str, args: &[Obj]) -> PyResult<Obj> {
    let n = pystr::new_static(name);
    if n == NULL {
        return Err(Raised);
    }
    let mut v = alloc::vec::Vec::new();
    if v.try_reserve(args.len() + 1).is_err() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    v.push(this);
    v.extend_from_slice(args);
    // SAFETY: `v` holds self and `args.len()` positional values.
    obj::check(unsafe { crate::attr::upy_call_method(n, v.as_ptr(), args.len(), 0) })
}

/// `file.write(text)` for a Python file-like object (console streams write directly).
pub fn write_to(file: Obj, text: &[u8]) -> PyResult<()> {
    if let Some(s) = crate::modules::sys::console_stream(file) {
        crate::console::write(s, text);
        return Ok(());
    }
    let s = obj::check(pystr::new(text))?;
    call_method(file, "write", &[s]).map(|_| ())
}
