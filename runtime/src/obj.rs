//! Object words (see `upyc_abi` for the tags) and the type objects heap objects start
//! with: [`Type`] holds optional function slots (print, binop, subscr, iter, call, ...)
//! and a method table, MicroPython style.

use upyc_abi as abi;
use upyc_abi::{BinOp, UnOp};

pub use crate::callable::BuiltinFn;

/// One Python value: a machine word, tagged as described in `upyc_abi`.
pub type Obj = usize;

/// `None`.
pub const NONE: Obj = abi::NONE;
/// `True`.
pub const TRUE: Obj = abi::TRUE;
/// `False`.
pub const FALSE: Obj = abi::FALSE;
/// Not a value: returned when an exception is pending.
pub const NULL: Obj = abi::NULL;

/// Bits in a machine word.
pub const WORD_BITS: u32 = usize::BITS;
/// Smallest small int.
pub const SMALL_INT_MIN: isize = isize::MIN >> 1;
/// Largest small int.
pub const SMALL_INT_MAX: isize = isize::MAX >> 1;

/// What kind of object a type describes: tells the runtime how to read an instance
/// where it needs to without going through the slots (fast paths, exception printing).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    /// `int` (heap objects of this kind are big ints) and `bool`.
    Int,
    /// `str`.
    Str,
    /// `NoneType`.
    NoneType,
    /// An exception class; instances are [`crate::exc::ExcObj`].
    Exception,
    /// Any other type: everything about it goes through its slots.
    Other,
}

/// Marker error: an exception is pending in the thread state (see [`crate::exc`]).
/// Runtime helpers return `Result<T, Raised>`; entry points turn it into [`NULL`].
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct Raised;

/// Result of runtime helpers that may raise.
pub type PyResult<T> = Result<T, Raised>;

/// Returned by a [`Type::binop`] slot (and [`Type::attr`]) that does not handle its
/// operands: the caller tries the other operand's type, then raises `TypeError`.
/// Never visible to Python code.
pub const NOT_IMPL: Obj = (0x7f << 3) | abi::CONST_TAG;

/// `str()` or `repr()` flavour of a [`Type::print`] slot.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum PrintKind {
    /// `str(o)` / `print(o)`.
    Str,
    /// `repr(o)` (also how items inside containers print).
    Repr,
}

/// Where a [`Type::print`] slot writes: the console or a byte buffer.
pub trait Writer {
    /// Appends bytes.
    fn write(&mut self, b: &[u8]);
}

/// `fn(out, o, kind)`: writes `str(o)` or `repr(o)`.
pub type PrintFn = fn(&mut dyn Writer, Obj, PrintKind) -> PyResult<()>;
/// `fn(op, a, b) -> obj`: `a op b` where `a` or `b` has this type. Called first for
/// `a`'s type, then (if that returned [`NOT_IMPL`]) for `b`'s; for `in`/`not in` only
/// for the container `b`'s type, with `BinOp::In`. Returns NULL when it raised.
pub type BinOpFn = fn(BinOp, Obj, Obj) -> Obj;
/// `fn(op, a) -> obj`: `-a`, `+a`, `~a` (`not` never reaches it: see [`Type::truth`]).
/// Returns [`NOT_IMPL`] for an unsupported operator.
pub type UnOpFn = fn(UnOp, Obj) -> Obj;
/// `fn(o) -> hash`. Types without the slot hash by identity.
pub type HashFn = fn(Obj) -> PyResult<usize>;
/// `fn(o) -> bool`: truth value. Without it a type with [`Type::len`] is true when
/// non-empty, any other object is true.
pub type TruthFn = fn(Obj) -> PyResult<bool>;
/// `fn(o) -> len`.
pub type LenFn = fn(Obj) -> usize;
/// `fn(o, index) -> obj`: `o[index]`.
pub type SubscrFn = fn(Obj, Obj) -> Obj;
/// `fn(o, index, value) -> None`: `o[index] = value`, or `del o[index]` when `value`
/// is NULL.
pub type StoreSubscrFn = fn(Obj, Obj, Obj) -> Obj;
/// `fn(o) -> iterator`: `iter(o)`. Without it a type with [`Type::iternext`] is its
/// own iterator.
pub type IterFn = fn(Obj) -> Obj;
/// `fn(iterator) -> obj`: the next item, `upyc_abi::STOP` when exhausted, NULL when
/// it raised.
pub type IterNextFn = fn(Obj) -> Obj;
/// `fn(callee, pos, kw) -> obj`: a call; `kw` holds (name qstr obj, value) pairs
/// flattened (`kw.len()` is even).
pub type CallFn = fn(Obj, &[Obj], &[Obj]) -> Obj;
/// `fn(o, name) -> obj`: `o.name` for a qstr object `name`, or [`NOT_IMPL`] when the
/// type has no such attribute (the method table is searched next).
pub type AttrFn = fn(Obj, Obj) -> Obj;
/// `fn(o, name, value) -> None`: `o.name = value`, `del o.name` when `value` is NULL.
pub type StoreAttrFn = fn(Obj, Obj, Obj) -> Obj;
/// `fn(o, writable) -> (data, len)`: the buffer protocol (see [`crate::buffer`]);
/// `None` when `o` has no buffer, or only a read-only one and `writable` was asked.
pub type BufferFn = fn(Obj, bool) -> Option<(*mut u8, usize)>;

/// A type object in the style of MicroPython's `mp_obj_type_t`. Every heap object's
/// first word points at one of these. A new type is a `static` with the slots it
/// needs and the rest from [`Type::new`]:
///
/// ```ignore
/// pub static LIST_TYPE: Type = Type {
///     print: Some(list_print),
///     len: Some(list_len),
///     methods: &LIST_METHODS,
///     ..Type::new("list")
/// };
/// ```
///
/// The generic entry points (`upy_binop`, `upy_subscr`, `upy_call`, ...) keep fast
/// paths for small ints, bools, None and strs and dispatch everything else through
/// these slots, so adding a type never means editing a central `match`.
pub struct Type {
    /// Name as Python prints it (`type(x).__name__`).
    pub name: &'static str,
    /// Base class (`None` for `object`-derived roots).
    pub base: Option<&'static Type>,
    /// How to read an instance.
    pub kind: Kind,
    /// `str()`/`repr()`; without it objects print as `<name>`.
    pub print: Option<PrintFn>,
    /// Binary operators and comparisons; without it only identity `==`/`!=` work.
    pub binop: Option<BinOpFn>,
    /// In-place operators (`a += b`) of a mutable type, on the left operand; returns
    /// [`NOT_IMPL`] to use the plain operator.
    pub inplace: Option<BinOpFn>,
    /// Unary `-`, `+`, `~`.
    pub unop: Option<UnOpFn>,
    /// `hash()`.
    pub hash: Option<HashFn>,
    /// Truth value.
    pub truth: Option<TruthFn>,
    /// `len()`.
    pub len: Option<LenFn>,
    /// `o[i]`.
    pub subscr: Option<SubscrFn>,
    /// `o[i] = v`, `del o[i]`.
    pub store_subscr: Option<StoreSubscrFn>,
    /// `iter(o)`.
    pub iter: Option<IterFn>,
    /// `next(o)` for iterators.
    pub iternext: Option<IterNextFn>,
    /// `o(...)`.
    pub call: Option<CallFn>,
    /// Attribute lookup before the method table.
    pub attr: Option<AttrFn>,
    /// Attribute store/delete.
    pub store_attr: Option<StoreAttrFn>,
    /// The buffer protocol (bytes, bytearray, memoryview).
    pub buffer: Option<BufferFn>,
    /// Methods: builtin function objects taking `self` first, found by their name in
    /// this type, then its bases (`upy_load_attr`, `upy_call_method`).
    pub methods: &'static [&'static BuiltinFn],
}

impl Type {
    /// A type with no slots, a root of the hierarchy, of kind [`Kind::Other`].
    pub const fn new(name: &'static str) -> Type {
        Type {
            name,
            base: None,
            kind: Kind::Other,
            print: None,
            binop: None,
            inplace: None,
            unop: None,
            hash: None,
            truth: None,
            len: None,
            subscr: None,
            store_subscr: None,
            iter: None,
            iternext: None,
            call: None,
            attr: None,
            store_attr: None,
            buffer: None,
            methods: &[],
        }
    }

    /// True when `self` is `other` or derives from it.
    pub fn is_subclass_of(&'static self, other: &'static Type) -> bool {
        if let Some(c) = crate::class::from_type(self) {
            return crate::class::mro_has(c, other);
        }
        let mut t: Option<&'static Type> = Some(self);
        while let Some(ty) = t {
            if core::ptr::eq(ty, other) {
                return true;
            }
            t = ty.base;
        }
        false
    }

    /// The method called `name` in this type or its bases.
    pub fn find_method(&'static self, name: &[u8]) -> Option<&'static BuiltinFn> {
        let mut t: Option<&'static Type> = Some(self);
        while let Some(ty) = t {
            for m in ty.methods {
                if m.name.as_bytes() == name {
                    return Some(m);
                }
            }
            t = ty.base;
        }
        None
    }
}

/// `int`.
pub static INT_TYPE: Type = Type {
    kind: Kind::Int,
    hash: Some(crate::hash::int_hash),
    methods: &crate::int_bytes::INT_METHODS,
    ..Type::new("int")
};
/// `bool` (a subclass of `int`).
pub static BOOL_TYPE: Type = Type {
    base: Some(&INT_TYPE),
    kind: Kind::Int,
    hash: Some(crate::hash::int_hash),
    ..Type::new("bool")
};
/// `str`.
pub static STR_TYPE: Type = Type {
    kind: Kind::Str,
    hash: Some(crate::hash::str_hash),
    methods: &crate::str_methods::STR_METHODS,
    ..Type::new("str")
};
/// `NoneType`.
pub static NONE_TYPE: Type = Type {
    kind: Kind::NoneType,
    ..Type::new("NoneType")
};

/// True for a tagged small int.
#[inline]
pub fn is_small_int(o: Obj) -> bool {
    o & abi::SMALL_INT_TAG != 0
}

/// The value of a small int word.
#[inline]
pub fn small_int_value(o: Obj) -> isize {
    (o as isize) >> 1
}

/// The word for small int `v` (which must be in range).
#[inline]
pub fn new_small_int(v: isize) -> Obj {
    ((v << 1) as usize) | abi::SMALL_INT_TAG
}

/// True when `v` fits a small int.
#[inline]
pub fn fits_small_int(v: i128) -> bool {
    v >= SMALL_INT_MIN as i128 && v <= SMALL_INT_MAX as i128
}

/// True for an interned string.
#[inline]
pub fn is_qstr(o: Obj) -> bool {
    o & 0b111 == abi::QSTR_TAG
}

/// The qstr number of an interned-string word.
#[inline]
pub fn qstr_value(o: Obj) -> usize {
    o >> 3
}

/// True for a pointer to an object (not NULL).
#[inline]
pub fn is_ptr(o: Obj) -> bool {
    o & 0b11 == 0 && o != NULL
}

/// `True` or `False`.
#[inline]
pub fn new_bool(b: bool) -> Obj {
    if b {
        TRUE
    } else {
        FALSE
    }
}

/// The type of object `o` (NULL reads as `NoneType`; callers never pass it).
pub fn type_of(o: Obj) -> &'static Type {
    if is_ptr(o) {
        // SAFETY: compiled code and the runtime only pass words that are values;
        // a pointer value points at an object whose first word is its type.
        unsafe { *(o as *const &'static Type) }
    } else if is_small_int(o) {
        &INT_TYPE
    } else if is_qstr(o) {
        &STR_TYPE
    } else if o == TRUE || o == FALSE {
        &BOOL_TYPE
    } else {
        &NONE_TYPE
    }
}

/// The name Python prints for the type of `o`.
pub fn type_name(o: Obj) -> &'static str {
    type_of(o).name
}

/// Moves `v` into a new heap object (its first field must be its `&'static Type`);
/// NULL with `MemoryError` pending when the heap is full.
pub fn new_obj<T>(v: T) -> Obj {
    let p = crate::gc::alloc(core::mem::size_of::<T>()) as *mut T;
    if p.is_null() {
        return crate::exc::raise_memory_error();
    }
    // SAFETY: freshly allocated, block-aligned, large enough.
    unsafe { p.write(v) };
    p as Obj
}

/// True when `o` is a heap object of exactly type `t`.
#[inline]
pub fn is_type(o: Obj, t: &'static Type) -> bool {
    is_ptr(o) && core::ptr::eq(type_of(o), t)
}

/// Turns NULL into `Err(Raised)`.
#[inline]
pub fn check(o: Obj) -> PyResult<Obj> {
    if o == NULL {
        Err(Raised)
    } else {
        Ok(o)
    }
}
