//! Object words (see `upyc_abi` for the tags) and the type objects heap objects start with.

use upyc_abi as abi;

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

/// What kind of object a type describes: tells the runtime how to read an instance.
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
}

/// A type object. Every heap object's first word points at one of these.
/// `base` links exception classes into their hierarchy.
pub struct Type {
    /// Name as Python prints it.
    pub name: &'static str,
    /// Base class (`None` for `object`-derived roots).
    pub base: Option<&'static Type>,
    /// How to read an instance.
    pub kind: Kind,
}

impl Type {
    /// True when `self` is `other` or derives from it.
    pub fn is_subclass_of(&'static self, other: &'static Type) -> bool {
        let mut t: Option<&'static Type> = Some(self);
        while let Some(ty) = t {
            if core::ptr::eq(ty, other) {
                return true;
            }
            t = ty.base;
        }
        false
    }
}

/// `int`.
pub static INT_TYPE: Type = Type {
    name: "int",
    base: None,
    kind: Kind::Int,
};
/// `bool` (a subclass of `int`).
pub static BOOL_TYPE: Type = Type {
    name: "bool",
    base: Some(&INT_TYPE),
    kind: Kind::Int,
};
/// `str`.
pub static STR_TYPE: Type = Type {
    name: "str",
    base: None,
    kind: Kind::Str,
};
/// `NoneType`.
pub static NONE_TYPE: Type = Type {
    name: "NoneType",
    base: None,
    kind: Kind::NoneType,
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
    if is_small_int(o) {
        &INT_TYPE
    } else if is_qstr(o) {
        &STR_TYPE
    } else if o == TRUE || o == FALSE {
        &BOOL_TYPE
    } else if is_ptr(o) {
        // SAFETY: compiled code and the runtime only pass words that are values;
        // a pointer value points at an object whose first word is its type.
        unsafe { *(o as *const &'static Type) }
    } else {
        &NONE_TYPE
    }
}

/// The name Python prints for the type of `o`.
pub fn type_name(o: Obj) -> &'static str {
    type_of(o).name
}
