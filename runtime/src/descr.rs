//! Descriptors and helpers of user-defined classes: `staticmethod`, `classmethod`,
//! `property` (with `.setter`/`.getter`/`.deleter`), the `NotImplemented` singleton,
//! the `super` object (`upy_super`), and [`bind`], the one place that decides what a
//! value found in a class becomes when read through an instance or a class.

use crate::builtins::{argc, no_kw};
use crate::callable::{self, BuiltinFn};
use crate::class::{self, ClassObj};
use crate::exc::{self, raise, raise_parts};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NOT_IMPL, NULL};
use crate::str as pystr;

// ---------------------------------------------------------------------------------
// NotImplemented

/// An object with no state but its type.
#[repr(C)]
pub struct Singleton {
    ty: &'static Type,
}

fn not_implemented_print(w: &mut dyn Writer, _o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"NotImplemented");
    Ok(())
}

/// `NotImplementedType`.
pub static NOT_IMPLEMENTED_TYPE: Type = Type {
    print: Some(not_implemented_print),
    ..Type::new("NotImplementedType")
};

/// The `NotImplemented` object binary special methods return to decline.
pub static NOT_IMPLEMENTED: Singleton = Singleton {
    ty: &NOT_IMPLEMENTED_TYPE,
};

/// The object word of `NotImplemented`.
pub fn not_implemented() -> Obj {
    &NOT_IMPLEMENTED as *const Singleton as Obj
}

// ---------------------------------------------------------------------------------
// staticmethod, classmethod

/// A `staticmethod` or `classmethod` object wrapping a callable.
#[repr(C)]
pub struct Wrapper {
    ty: &'static Type,
    /// The wrapped callable.
    pub fun: Obj,
}

fn wrapper_call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    // SAFETY: only wrapper objects reach this slot.
    let w = unsafe { &*(callee as *const Wrapper) };
    callable::call(w.fun, pos, kw)
}

fn wrapper_attr(o: Obj, name: Obj) -> Obj {
    // SAFETY: only wrapper objects reach this slot.
    let w = unsafe { &*(o as *const Wrapper) };
    match pystr::bytes(name) {
        Some(b"__func__") => w.fun,
        _ => NOT_IMPL,
    }
}

/// `staticmethod`.
pub static STATICMETHOD_TYPE: Type = Type {
    call: Some(wrapper_call),
    attr: Some(wrapper_attr),
    ..Type::new("staticmethod")
};

/// `classmethod`.
pub static CLASSMETHOD_TYPE: Type = Type {
    attr: Some(wrapper_attr),
    ..Type::new("classmethod")
};

fn wrap(ty: &'static Type, pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).is_err() || argc(pos, 1, 1).is_err() {
        return NULL;
    }
    obj::new_obj(Wrapper { ty, fun: pos[0] })
}

fn b_staticmethod(pos: &[Obj], kw: &[Obj]) -> Obj {
    wrap(&STATICMETHOD_TYPE, pos, kw)
}

fn b_classmethod(pos: &[Obj], kw: &[Obj]) -> Obj {
    wrap(&CLASSMETHOD_TYPE, pos, kw)
}

/// The callable a `staticmethod`/`classmethod` object wraps, if `o` is one.
fn unwrap(o: Obj, ty: &'static Type) -> Option<Obj> {
    if obj::is_type(o, ty) {
        // SAFETY: a wrapper object.
        Some(unsafe { (*(o as *const Wrapper)).fun })
    } else {
        None
    }
}

/// The callable of a `staticmethod` object `o`.
pub fn static_fun(o: Obj) -> Option<Obj> {
    unwrap(o, &STATICMETHOD_TYPE)
}

/// The callable of a `classmethod` object `o`.
pub fn class_fun(o: Obj) -> Option<Obj> {
    unwrap(o, &CLASSMETHOD_TYPE)
}

/// `o` without a `staticmethod` wrapper (for `__new__`, implicitly static).
pub fn unwrap_static(o: Obj) -> Obj {
    unwrap(o, &STATICMETHOD_TYPE).unwrap_or(o)
}

// ---------------------------------------------------------------------------------
// property

/// A `property`: accessor functions (`None` when missing).
#[repr(C)]
pub struct Property {
    ty: &'static Type,
    /// Getter.
    pub fget: Obj,
    /// Setter.
    pub fset: Obj,
    /// Deleter.
    pub fdel: Obj,
}

fn prop<'a>(o: Obj) -> Option<&'a Property> {
    if obj::is_type(o, &PROPERTY_TYPE) {
        // SAFETY: a property object.
        Some(unsafe { &*(o as *const Property) })
    } else {
        None
    }
}

/// A copy of property `pos[0]` with one accessor replaced by `pos[1]`.
fn prop_with(pos: &[Obj], kw: &[Obj], which: usize) -> Obj {
    if no_kw(kw).is_err() || argc(pos, 2, 2).is_err() {
        return NULL;
    }
    let Some(p) = prop(pos[0]) else {
        return raise(&exc::TYPE_ERROR, "expected a property");
    };
    let mut f = [p.fget, p.fset, p.fdel];
    f[which] = pos[1];
    obj::new_obj(Property {
        ty: &PROPERTY_TYPE,
        fget: f[0],
        fset: f[1],
        fdel: f[2],
    })
}

fn prop_getter(pos: &[Obj], kw: &[Obj]) -> Obj {
    prop_with(pos, kw, 0)
}

fn prop_setter(pos: &[Obj], kw: &[Obj]) -> Obj {
    prop_with(pos, kw, 1)
}

fn prop_deleter(pos: &[Obj], kw: &[Obj]) -> Obj {
    prop_with(pos, kw, 2)
}

static PROP_GETTER: BuiltinFn = BuiltinFn::new("getter", prop_getter);
static PROP_SETTER: BuiltinFn = BuiltinFn::new("setter", prop_setter);
static PROP_DELETER: BuiltinFn = BuiltinFn::new("deleter", prop_deleter);

fn prop_attr(o: Obj, name: Obj) -> Obj {
    let Some(p) = prop(o) else {
        return NOT_IMPL;
    };
    match pystr::bytes(name) {
        Some(b"fget") => p.fget,
        Some(b"fset") => p.fset,
        Some(b"fdel") => p.fdel,
        _ => NOT_IMPL,
    }
}

/// `property`.
pub static PROPERTY_TYPE: Type = Type {
    attr: Some(prop_attr),
    methods: &[&PROP_GETTER, &PROP_SETTER, &PROP_DELETER],
    ..Type::new("property")
};

/// `property(fget=None, fset=None, fdel=None, doc=None)`.
fn b_property(pos: &[Obj], kw: &[Obj]) -> Obj {
    if argc(pos, 0, 4).is_err() {
        return NULL;
    }
    let mut f = [NONE; 3];
    for (i, &v) in pos.iter().take(3).enumerate() {
        f[i] = v;
    }
    for pair in kw.chunks_exact(2) {
        match pystr::bytes(pair[0]) {
            Some(b"fget") => f[0] = pair[1],
            Some(b"fset") => f[1] = pair[1],
            Some(b"fdel") => f[2] = pair[1],
            Some(b"doc") => {}
            k => {
                return raise_parts(
                    &exc::TYPE_ERROR,
                    &[b"unexpected keyword argument '", k.unwrap_or(b"?"), b"'"],
                )
            }
        }
    }
    obj::new_obj(Property {
        ty: &PROPERTY_TYPE,
        fget: f[0],
        fset: f[1],
        fdel: f[2],
    })
}

/// Stores (`value` not NULL) or deletes through property `p` on `inst`; `None` when
/// `p` is not a property.
pub fn property_store(p: Obj, inst: Obj, value: Obj) -> Option<Obj> {
    let p = prop(p)?;
    let f = if value == NULL { p.fdel } else { p.fset };
    if f == NONE {
        return Some(raise(
            &exc::ATTRIBUTE_ERROR,
            if value == NULL {
                "can't delete attribute"
            } else {
                "can't set attribute"
            },
        ));
    }
    let r = if value == NULL {
        callable::call(f, &[inst], &[])
    } else {
        callable::call(f, &[inst, value], &[])
    };
    Some(if r == NULL { NULL } else { NONE })
}

// ---------------------------------------------------------------------------------
// Binding

/// What an attribute found in a class is when read.
pub enum Bound {
    /// A plain value.
    Value(Obj),
    /// A function to call with this `self` first (a bound method).
    Method(Obj, Obj),
}

/// True for the callables a class turns into methods: compiled functions and builtin
/// functions (natives' methods).
fn is_method_like(v: Obj) -> bool {
    crate::fun::is_function(v) || obj::is_type(v, &callable::BUILTIN_FUNCTION_TYPE)
}

/// Applies the descriptor rules to `v`, found in class `cls` (a class object): read
/// through instance `inst`, or through the class itself when `inst` is `None`.
pub fn bind(v: Obj, inst: Option<Obj>, cls: Obj) -> PyResult<Bound> {
    if !obj::is_ptr(v) {
        return Ok(Bound::Value(v));
    }
    if let Some(f) = unwrap(v, &STATICMETHOD_TYPE) {
        return Ok(Bound::Value(f));
    }
    if let Some(f) = unwrap(v, &CLASSMETHOD_TYPE) {
        return Ok(Bound::Method(f, cls));
    }
    if let Some(p) = prop(v) {
        let Some(i) = inst else {
            return Ok(Bound::Value(v));
        };
        if p.fget == NONE {
            raise(&exc::ATTRIBUTE_ERROR, "unreadable attribute");
            return Err(Raised);
        }
        return obj::check(callable::call(p.fget, &[i], &[])).map(Bound::Value);
    }
    match inst {
        Some(i) if is_method_like(v) => Ok(Bound::Method(v, i)),
        _ => Ok(Bound::Value(v)),
    }
}

/// True when `v` is a data descriptor (a property): it wins over the instance dict.
pub fn is_data_descriptor(v: Obj) -> bool {
    prop(v).is_some()
}

/// A [`Bound`] as a value (a bound method object for methods).
pub fn bound_value(b: Bound) -> Obj {
    match b {
        Bound::Value(v) => v,
        Bound::Method(f, s) => callable::new_bound_method(f, s),
    }
}

// ---------------------------------------------------------------------------------
// super

/// A `super()` object: attribute lookup in `type(obj)`'s MRO after `class`.
#[repr(C)]
pub struct SuperObj {
    ty: &'static Type,
    /// The class whose method made the call.
    pub class: Obj,
    /// The instance (or the class, inside a classmethod).
    pub obj: Obj,
}

fn super_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    // SAFETY: a super object.
    let s = unsafe { &*(o as *const SuperObj) };
    w.write(b"<super: <class '");
    w.write(
        crate::types::class_of(s.class)
            .map_or("?", |t| t.name)
            .as_bytes(),
    );
    w.write(b"'>>");
    Ok(())
}

/// `super`.
pub static SUPER_TYPE: Type = Type {
    print: Some(super_print),
    attr: Some(super_attr),
    ..Type::new("super")
};

/// The super object behind `o`, if it is one.
pub fn as_super<'a>(o: Obj) -> Option<&'a SuperObj> {
    if obj::is_type(o, &SUPER_TYPE) {
        // SAFETY: a super object.
        Some(unsafe { &*(o as *const SuperObj) })
    } else {
        None
    }
}

/// `super(class, obj)`: a new super object; `TypeError` unless `class` is a user
/// class and `obj` an instance or subclass of it.
#[no_mangle]
pub extern "C" fn upy_super(class: Obj, instance: Obj) -> Obj {
    let Some(c) = class::as_class(class) else {
        return raise(&exc::TYPE_ERROR, "super() argument 1 must be a user class");
    };
    let ok = match class::as_class(instance) {
        Some(ic) => ic.class.is_subclass_of(&c.class),
        None => obj::type_of(instance).is_subclass_of(&c.class),
    };
    if !ok {
        return raise(
            &exc::TYPE_ERROR,
            "super(type, obj): obj must be an instance or subtype of type",
        );
    }
    obj::new_obj(SuperObj {
        ty: &SUPER_TYPE,
        class,
        obj: instance,
    })
}

/// The MRO owner a super object searches (the instance's class, or the class itself
/// inside a classmethod) and the instance to bind (`None` for a class).
fn super_owner(s: &SuperObj) -> Option<(&'static ClassObj, Option<Obj>)> {
    if let Some(c) = class::as_class(s.obj) {
        return Some((c, None));
    }
    class::from_type(obj::type_of(s.obj)).map(|c| (c, Some(s.obj)))
}

/// Resolves `name` through super object `s`: the value found after `s.class` in the
/// MRO, bound to `s.obj`. `Ok(None)` when not found.
pub fn super_lookup(s: &SuperObj, name: Obj) -> PyResult<Option<Bound>> {
    let Some((owner, inst)) = super_owner(s) else {
        return Ok(None);
    };
    let start = class::mro_index(owner, s.class).map_or(usize::MAX, |i| i + 1);
    match class::lookup_from(owner, name, start, false)? {
        Some(v) => bind(v, inst, owner.obj()).map(Some),
        None => Ok(None),
    }
}

fn super_attr(o: Obj, name: Obj) -> Obj {
    let Some(s) = as_super(o) else {
        return NOT_IMPL;
    };
    match super_lookup(s, name) {
        Ok(Some(b)) => bound_value(b),
        Ok(None) => NOT_IMPL,
        Err(Raised) => NULL,
    }
}

/// Builtin `super(class, obj)` (the zero-argument form is compiled to `upy_super`).
fn b_super(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).is_err() {
        return NULL;
    }
    match pos {
        [c, o] => upy_super(*c, *o),
        _ => raise(&exc::TYPE_ERROR, "super() needs 2 arguments here"),
    }
}

// ---------------------------------------------------------------------------------
// Builtin names

/// `staticmethod`.
pub static STATICMETHOD: BuiltinFn = BuiltinFn::new("staticmethod", b_staticmethod);
/// `classmethod`.
pub static CLASSMETHOD: BuiltinFn = BuiltinFn::new("classmethod", b_classmethod);
/// `property`.
pub static PROPERTY: BuiltinFn = BuiltinFn::new("property", b_property);
/// `super`.
pub static SUPER: BuiltinFn = BuiltinFn::new("super", b_super);

/// The builtins this module provides, by name (`upy_load_builtin`).
pub fn builtin(name: &[u8]) -> Option<Obj> {
    Some(match name {
        b"staticmethod" => STATICMETHOD.obj(),
        b"classmethod" => CLASSMETHOD.obj(),
        b"property" => PROPERTY.obj(),
        b"super" => SUPER.obj(),
        b"NotImplemented" => not_implemented(),
        _ => return None,
    })
}
