//! Builtin types as Python values: [`TypeObj`] wraps a `&'static Type` so `int`,
//! `str`, `list`, ... can be passed around, printed (`<class 'int'>`), compared by
//! identity, called as constructors and asked for `__name__`. Exception classes are
//! `crate::exc::ClassObj`s; [`class_of`] reads either kind.

use alloc::vec::Vec;

use num_bigint::BigInt;

use crate::builtins::{argc, no_kw};
use crate::callable::NativeFn;
use crate::exc::{self, raise, raise_parts};
use crate::int::{self, Int};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NULL};
use crate::str as pystr;

/// A builtin type as a value (its type is [`TYPE_TYPE`]).
#[repr(C)]
pub struct TypeObj {
    ty: &'static Type,
    /// The type it stands for.
    pub class: &'static Type,
    /// The constructor, when the type is callable.
    ctor: Option<NativeFn>,
}

impl TypeObj {
    /// A type object standing for `class`, constructed by `ctor` when called.
    pub const fn new(class: &'static Type, ctor: Option<NativeFn>) -> TypeObj {
        TypeObj {
            ty: &TYPE_TYPE,
            class,
            ctor,
        }
    }

    /// The object word of this type object.
    pub fn obj(&'static self) -> Obj {
        self as *const TypeObj as Obj
    }
}

/// `type`: the type of type objects.
pub static TYPE_TYPE: Type = Type {
    print: Some(type_print),
    call: Some(type_call),
    attr: Some(type_attr),
    ..Type::new("type")
};

/// `object`: the root every class derives from (`isinstance(x, object)` is true).
pub static OBJECT_TYPE: Type = Type::new("object");

/// The type object of `o` when it is a [`TypeObj`].
fn type_obj<'a>(o: Obj) -> Option<&'a TypeObj> {
    if obj::is_type(o, &TYPE_TYPE) {
        // SAFETY: objects of TYPE_TYPE are TypeObjs.
        Some(unsafe { &*(o as *const TypeObj) })
    } else {
        None
    }
}

/// The class a type object or exception class object stands for.
pub fn class_of(o: Obj) -> Option<&'static Type> {
    if let Some(t) = type_obj(o) {
        return Some(t.class);
    }
    if let Some(c) = crate::class::as_class(o) {
        return Some(&c.class);
    }
    if let Some(t) = crate::modules::collections::nt_class_type(o) {
        return Some(t);
    }
    exc::class_of(o)
}

fn type_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"<class '");
    w.write(class_of(o).map_or("?", |t| t.name).as_bytes());
    w.write(b"'>");
    Ok(())
}

fn type_call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    match type_obj(callee).and_then(|t| t.ctor.map(|c| (t, c))) {
        Some((_, c)) => c(pos, kw),
        None => raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"cannot create '",
                class_of(callee).map_or("?", |t| t.name).as_bytes(),
                b"' instances",
            ],
        ),
    }
}

fn type_attr(o: Obj, name: Obj) -> Obj {
    let (Some(ty), Some(n)) = (class_of(o), pystr::bytes(name)) else {
        return obj::NOT_IMPL;
    };
    if n == b"__name__" {
        return pystr::new_static(ty.name);
    }
    match ty.find_method(n) {
        Some(m) => m.obj(),
        None => obj::NOT_IMPL,
    }
}

macro_rules! type_objs {
    ($($(#[$doc:meta])* $id:ident = $ty:expr, $ctor:expr;)*) => {
        $( $(#[$doc])* pub static $id: TypeObj = TypeObj::new($ty, $ctor); )*
        /// Every static type object.
        static ALL: &[&TypeObj] = &[$(&$id),*];
    };
}

type_objs! {
    /// `int`.
    INT = &obj::INT_TYPE, Some(int_new);
    /// `bool`.
    BOOL = &obj::BOOL_TYPE, Some(bool_new);
    /// `str`.
    STR = &obj::STR_TYPE, Some(str_new);
    /// `float`.
    FLOAT = &crate::float::FLOAT_TYPE, Some(float_new);
    /// `list`.
    LIST = &crate::list::LIST_TYPE, Some(list_new);
    /// `tuple`.
    TUPLE = &crate::tuple::TUPLE_TYPE, Some(tuple_new);
    /// `dict`.
    DICT = &crate::dict::DICT_TYPE, Some(dict_new);
    /// `set`.
    SET = &crate::set::SET_TYPE, Some(set_new);
    /// `frozenset`.
    FROZENSET = &crate::set::FROZENSET_TYPE, Some(frozenset_new);
    /// `complex`.
    COMPLEX = &crate::complex::COMPLEX_TYPE, Some(crate::complex::complex_new);
    /// `bytes`.
    BYTES = &crate::bytes::BYTES_TYPE, Some(crate::bytes::bytes_new);
    /// `bytearray`.
    BYTEARRAY = &crate::bytearray::BYTEARRAY_TYPE, Some(crate::bytearray::bytearray_new);
    /// `memoryview`.
    MEMORYVIEW = &crate::memoryview::MEMORYVIEW_TYPE, Some(crate::memoryview::memoryview_new);
    /// `range`.
    RANGE = &crate::range::RANGE_TYPE, Some(range_new);
    /// `slice`.
    SLICE = &crate::slice::SLICE_TYPE, None;
    /// `type`.
    TYPE = &TYPE_TYPE, Some(type_new);
    /// `object`.
    OBJECT = &OBJECT_TYPE, Some(object_new);
    /// `NoneType`.
    NONETYPE = &obj::NONE_TYPE, None;
    /// `function` (builtins).
    FUNCTION = &crate::callable::BUILTIN_FUNCTION_TYPE, None;
}

/// The type object for builtin type `name` (`"int"`), if it is a builtin name.
pub fn builtin(name: &[u8]) -> Option<Obj> {
    if matches!(name, b"NoneType" | b"function") {
        return None;
    }
    ALL.iter()
        .find(|t| t.class.name.as_bytes() == name)
        .map(|t| t.obj())
}

/// The type object of `ty` (`type(x)`): a static one for builtins, the class object
/// for exceptions, a new one otherwise.
pub fn type_obj_of(ty: &'static Type) -> Obj {
    if let Some(c) = crate::class::from_type(ty) {
        return c.obj();
    }
    if core::ptr::eq(ty, &crate::class::CLASS_META) {
        return TYPE.obj();
    }
    if core::ptr::eq(ty, &exc::CLASS_TYPE) {
        return TYPE.obj();
    }
    if let Some(t) = ALL.iter().find(|t| core::ptr::eq(t.class, ty)) {
        return t.obj();
    }
    if let Some(c) = exc::class_obj(ty) {
        return c;
    }
    if let Some(c) = crate::modules::type_obj_of(ty) {
        return c;
    }
    obj::new_obj(TypeObj::new(ty, None))
}

/// True when `o` is an instance of `cls` (bool counts as int, everything as object).
pub fn is_instance(o: Obj, cls: &'static Type) -> bool {
    core::ptr::eq(cls, &OBJECT_TYPE) || obj::type_of(o).is_subclass_of(cls)
}

// ---------------------------------------------------------------------------------
// Constructors

/// The optional single positional argument of a constructor.
fn one_arg(pos: &[Obj], kw: &[Obj]) -> PyResult<Option<Obj>> {
    no_kw(kw)?;
    argc(pos, 0, 1)?;
    Ok(pos.first().copied())
}

/// Parses `text` as an int in `base` (0: from the prefix) the way `int(str, base)` does.
pub fn parse_int(text: &[u8], base: u32) -> Option<Obj> {
    let t = text.trim_ascii();
    let (neg, t) = match t.first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let prefix = |t: &[u8]| -> Option<u32> {
        if t.len() >= 2 && t[0] == b'0' {
            match t[1] | 0x20 {
                b'x' => return Some(16),
                b'o' => return Some(8),
                b'b' => return Some(2),
                _ => {}
            }
        }
        None
    };
    let mut base = base;
    let mut t = t;
    match prefix(t) {
        Some(p) if base == 0 || base == p => {
            base = p;
            t = &t[2..];
            if t.first() == Some(&b'_') {
                t = &t[1..];
            }
        }
        _ => {
            if base == 0 {
                base = 10;
            }
        }
    }
    if t.is_empty() || t[0] == b'_' || t[t.len() - 1] == b'_' {
        return None;
    }
    let mut digits = Vec::new();
    digits.try_reserve(t.len()).ok()?;
    let mut prev_us = false;
    for &c in t {
        if c == b'_' {
            if prev_us {
                return None;
            }
            prev_us = true;
            continue;
        }
        prev_us = false;
        let d = match c {
            b'0'..=b'9' => (c - b'0') as u32,
            b'a'..=b'z' => (c - b'a') as u32 + 10,
            b'A'..=b'Z' => (c - b'A') as u32 + 10,
            _ => return None,
        };
        if d >= base {
            return None;
        }
        digits.push(c);
    }
    let mut v = BigInt::parse_bytes(&digits, base)?;
    if neg {
        v = -v;
    }
    Some(int::big::new(v))
}

/// `int(x)`, `int(s, base)`.
pub fn int_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    let r = (|| -> PyResult<Obj> {
        argc(pos, 0, 2)?;
        let base_arg = pos.get(1).copied().or(crate::sort::kwarg(kw, "base"));
        let Some(&x) = pos.first() else {
            return Ok(obj::new_small_int(0));
        };
        if let Some(b) = base_arg {
            let base = match int::to_isize(b) {
                Some(v) if v == 0 || (2..=36).contains(&v) => v as u32,
                _ => {
                    raise(&exc::VALUE_ERROR, "int() arg 2 must be >= 2 and <= 36");
                    return Err(Raised);
                }
            };
            let Some(s) = pystr::bytes(x) else {
                raise(
                    &exc::TYPE_ERROR,
                    "int() can't convert non-string with explicit base",
                );
                return Err(Raised);
            };
            return parse_or_raise(s, base);
        }
        if let Some(i) = int::get(x) {
            return Ok(match i {
                Int::Small(v) => obj::new_small_int(v),
                Int::Big(_) => x,
            });
        }
        if let Some(v) = crate::float::get(x) {
            return obj::check(crate::float::to_int(v));
        }
        if let Some(s) = pystr::bytes(x) {
            return parse_or_raise(s, 10);
        }
        raise_parts(
            &exc::TYPE_ERROR,
            &[b"can't convert ", obj::type_name(x).as_bytes(), b" to int"],
        );
        Err(Raised)
    })();
    r.unwrap_or(NULL)
}

fn parse_or_raise(s: &[u8], base: u32) -> PyResult<Obj> {
    match parse_int(s, base) {
        Some(o) => obj::check(o),
        None => {
            let mut b = [0u8; 24];
            let shown = if base == 0 { 10 } else { base };
            raise_parts(
                &exc::VALUE_ERROR,
                &[
                    b"invalid syntax for integer with base ",
                    crate::console::fmt_int(shown as isize, &mut b),
                ],
            );
            Err(Raised)
        }
    }
}

fn bool_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    match one_arg(pos, kw) {
        Ok(None) => obj::FALSE,
        Ok(Some(x)) => match crate::entry::upy_is_true(x) {
            upyc_abi::truth::TRUE => obj::TRUE,
            upyc_abi::truth::FALSE => obj::FALSE,
            _ => NULL,
        },
        Err(_) => NULL,
    }
}

fn str_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    // `str(b, encoding)`: decodes a bytes-like object.
    if (pos.len() > 1 || !kw.is_empty()) && pos.first().is_some_and(|&b| crate::buffer::has(b)) {
        return crate::bytes_methods::decode(pos, kw);
    }
    match one_arg(pos, kw) {
        Ok(None) => upyc_abi::qstr_obj(upyc_abi::qstr::EMPTY),
        Ok(Some(x)) => crate::print::to_str_obj(x, PrintKind::Str),
        Err(_) => NULL,
    }
}

fn float_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    match one_arg(pos, kw) {
        Ok(None) => crate::float::float_of(obj::new_small_int(0)),
        Ok(Some(x)) => crate::float::float_of(x),
        Err(_) => NULL,
    }
}

fn list_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    match one_arg(pos, kw) {
        Ok(None) => crate::list::new(&[]),
        Ok(Some(x)) => match crate::seq::collect(x) {
            Ok(v) => crate::list::from_vec(v),
            Err(_) => NULL,
        },
        Err(_) => NULL,
    }
}

fn tuple_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    match one_arg(pos, kw) {
        Ok(None) => crate::tuple::empty(),
        Ok(Some(x)) if obj::is_type(x, &crate::tuple::TUPLE_TYPE) => x,
        Ok(Some(x)) => match crate::seq::collect(x) {
            Ok(v) => crate::tuple::new(&v),
            Err(_) => NULL,
        },
        Err(_) => NULL,
    }
}

fn dict_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    if argc(pos, 0, 1).is_err() {
        return NULL;
    }
    let d = crate::dict::new();
    if d == NULL {
        return NULL;
    }
    if let Some(&src) = pos.first() {
        if crate::dict::update(d, src).is_err() {
            return NULL;
        }
    }
    for p in kw.chunks_exact(2) {
        if crate::dict::map(d).store(p[0], p[1]).is_err() {
            return NULL;
        }
    }
    d
}

fn set_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    match one_arg(pos, kw) {
        Ok(None) => crate::set::new(false),
        Ok(Some(x)) => crate::set::from_iter(x, false),
        Err(_) => NULL,
    }
}

fn frozenset_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    match one_arg(pos, kw) {
        Ok(None) => crate::set::new(true),
        Ok(Some(x)) if obj::is_type(x, &crate::set::FROZENSET_TYPE) => x,
        Ok(Some(x)) => crate::set::from_iter(x, true),
        Err(_) => NULL,
    }
}

fn range_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).is_err() {
        return NULL;
    }
    if pos.is_empty() {
        return raise(&exc::TYPE_ERROR, "range expected at least 1 argument");
    }
    crate::range::make(pos)
}

fn type_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).is_err() {
        return NULL;
    }
    match pos {
        [x] => type_obj_of(obj::type_of(*x)),
        [_, _, _] => raise(
            &exc::NOT_IMPLEMENTED_ERROR,
            "type() with 3 arguments isn't supported",
        ),
        _ => raise(&exc::TYPE_ERROR, "type() takes 1 or 3 arguments"),
    }
}

/// A bare `object()`: an instance with no state.
#[repr(C)]
struct PlainObj {
    ty: &'static Type,
}

fn object_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).is_err() || argc(pos, 0, 0).is_err() {
        return NULL;
    }
    obj::new_obj(PlainObj { ty: &OBJECT_TYPE })
}
