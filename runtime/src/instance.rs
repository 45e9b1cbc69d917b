//! Instances of user-defined classes: the slots of every class's embedded type
//! ([`slots`]) dispatch to special methods (`__add__`/`__radd__`, `__eq__`, `__hash__`,
//! `__len__`, `__getitem__`, `__iter__`, `__str__`, ...) found in the class's MRO,
//! falling back to the native base's slots (exceptions) and then to `object`'s
//! behaviour. Attribute lookup: data descriptors, the instance dict, class attributes
//! (functions bind), `__getattr__`. [`call_method`] calls methods without a bound
//! method object.

use crate::callable;
use crate::class::{self, lookup_user, ClassObj};
use crate::descr::{self, Bound};
use crate::dict;
use crate::exc::{self, raise, raise_parts};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NOT_IMPL, NULL};
use crate::str::{self as pystr, StrObj};
use upyc_abi::{BinOp, UnOp, STOP};

macro_rules! names {
    ($($id:ident = $s:literal;)*) => {
        $( static $id: StrObj = StrObj::from_static($s); )*
    };
}

names! {
    S_STR = "__str__";
    S_REPR = "__repr__";
    S_BOOL = "__bool__";
    S_GETITEM = "__getitem__";
    S_SETITEM = "__setitem__";
    S_DELITEM = "__delitem__";
    S_CONTAINS = "__contains__";
    S_ITER = "__iter__";
    S_NEXT = "__next__";
    S_GETATTR = "__getattr__";
    S_NEG = "__neg__";
    S_POS = "__pos__";
    S_INVERT = "__invert__";
    S_ADD = "__add__"; S_SUB = "__sub__"; S_MUL = "__mul__"; S_FLOORDIV = "__floordiv__";
    S_TRUEDIV = "__truediv__"; S_MOD = "__mod__"; S_POW = "__pow__"; S_LSHIFT = "__lshift__";
    S_RSHIFT = "__rshift__"; S_AND = "__and__"; S_OR = "__or__"; S_XOR = "__xor__";
    S_LT = "__lt__"; S_LE = "__le__"; S_GT = "__gt__"; S_GE = "__ge__";
    S_RADD = "__radd__"; S_RSUB = "__rsub__"; S_RMUL = "__rmul__"; S_RFLOORDIV = "__rfloordiv__";
    S_RTRUEDIV = "__rtruediv__"; S_RMOD = "__rmod__"; S_RPOW = "__rpow__";
    S_RLSHIFT = "__rlshift__"; S_RRSHIFT = "__rrshift__"; S_RAND = "__rand__"; S_ROR = "__ror__";
    S_RXOR = "__rxor__";
    S_IADD = "__iadd__"; S_ISUB = "__isub__"; S_IMUL = "__imul__"; S_IFLOORDIV = "__ifloordiv__";
    S_ITRUEDIV = "__itruediv__"; S_IMOD = "__imod__"; S_IPOW = "__ipow__";
    S_ILSHIFT = "__ilshift__"; S_IRSHIFT = "__irshift__"; S_IAND = "__iand__"; S_IOR = "__ior__";
    S_IXOR = "__ixor__";
}

fn n(s: &'static StrObj) -> Obj {
    class::sname(s)
}

/// The slots every user class type starts with (the class builder clears `call` and
/// `len` when the class has no `__call__`/`__len__`).
pub const fn slots(name: &'static str) -> Type {
    Type {
        print: Some(inst_print),
        binop: Some(inst_binop),
        unop: Some(inst_unop),
        hash: Some(inst_hash),
        truth: Some(inst_truth),
        len: Some(inst_len),
        subscr: Some(inst_subscr),
        store_subscr: Some(inst_store_subscr),
        iter: Some(inst_iter),
        iternext: Some(inst_iternext),
        call: Some(inst_call),
        attr: Some(inst_attr),
        store_attr: Some(inst_store_attr),
        ..Type::new(name)
    }
}

/// The class of `o`, which reached one of these slots, so is an instance of a user
/// class.
fn cls(o: Obj) -> Option<&'static ClassObj> {
    class::class_of_instance(o)
}

/// The instance dict word of `o` (an instance of `c`).
fn dict_word(o: Obj, c: &ClassObj) -> *mut Obj {
    (o + c.dict_off) as *mut Obj
}

/// The instance dict of `o` (NULL when no attribute was ever stored).
pub fn inst_dict(o: Obj, c: &ClassObj) -> Obj {
    // SAFETY: instances of `c` are `c.size` bytes with the dict word at `dict_off`.
    unsafe { *dict_word(o, c) }
}

/// The instance dict of `o` (an instance of `c`), made when it has none yet.
pub fn inst_dict_create(o: Obj, c: &ClassObj) -> PyResult<Obj> {
    let d = inst_dict(o, c);
    if d != NULL {
        return Ok(d);
    }
    let d = obj::check(dict::new())?;
    // SAFETY: as in `inst_dict`.
    unsafe { *dict_word(o, c) = d };
    Ok(d)
}

/// Calls special method `f` (found in the class of `this`) with `this` and `args`.
fn call_special(f: Obj, this: Obj, args: &[Obj]) -> PyResult<Obj> {
    let c = cls(this).map_or(NULL, |c| c.obj());
    let r = match descr::bind(f, Some(this), c)? {
        Bound::Method(f, s) => callable::call_with_self(f, s, args, &[]),
        Bound::Value(v) => callable::call(v, args, &[]),
    };
    obj::check(r)
}

/// Looks up special method `name` of `this` and calls it: `Ok(None)` when the class
/// has no such method.
fn special(this: Obj, name: &'static StrObj, args: &[Obj]) -> PyResult<Option<Obj>> {
    let Some(c) = cls(this) else {
        return Ok(None);
    };
    match lookup_user(c, n(name))? {
        Some(f) => call_special(f, this, args).map(Some),
        None => Ok(None),
    }
}

fn to_obj(r: PyResult<Obj>) -> Obj {
    r.unwrap_or(NULL)
}

// ---------------------------------------------------------------------------------
// Printing

/// Writes `<Name object at 0x...>`.
pub fn default_repr(w: &mut dyn Writer, o: Obj) {
    w.write(b"<");
    w.write(obj::type_name(o).as_bytes());
    w.write(b" object at 0x");
    let mut buf = [0u8; 2 * core::mem::size_of::<usize>()];
    let mut i = buf.len();
    let mut u = o;
    loop {
        i -= 1;
        buf[i] = b"0123456789abcdef"[u & 0xf];
        u >>= 4;
        if u == 0 {
            break;
        }
    }
    w.write(&buf[i..]);
    w.write(b">");
}

fn write_text(w: &mut dyn Writer, r: Obj, what: &[u8]) -> PyResult<()> {
    match pystr::bytes(r) {
        Some(b) => {
            w.write(b);
            Ok(())
        }
        None => {
            raise_parts(
                &exc::TYPE_ERROR,
                &[
                    what,
                    b" returned non-string (type ",
                    obj::type_name(r).as_bytes(),
                    b")",
                ],
            );
            Err(Raised)
        }
    }
}

fn inst_print(w: &mut dyn Writer, o: Obj, kind: PrintKind) -> PyResult<()> {
    let Some(c) = cls(o) else {
        default_repr(w, o);
        return Ok(());
    };
    if kind == PrintKind::Str {
        if let Some(r) = special(o, &S_STR, &[])? {
            return write_text(w, r, b"__str__");
        }
    }
    if let Some(r) = special(o, &S_REPR, &[])? {
        return write_text(w, r, b"__repr__");
    }
    if let Some(f) = c.native.print {
        return f(w, o, kind);
    }
    default_repr(w, o);
    Ok(())
}

// ---------------------------------------------------------------------------------
// Operators

fn forward(op: BinOp) -> &'static StrObj {
    match op {
        BinOp::Add => &S_ADD,
        BinOp::Sub => &S_SUB,
        BinOp::Mul => &S_MUL,
        BinOp::FloorDiv => &S_FLOORDIV,
        BinOp::TrueDiv => &S_TRUEDIV,
        BinOp::Mod => &S_MOD,
        BinOp::Pow => &S_POW,
        BinOp::LShift => &S_LSHIFT,
        BinOp::RShift => &S_RSHIFT,
        BinOp::BitAnd => &S_AND,
        BinOp::BitOr => &S_OR,
        BinOp::BitXor => &S_XOR,
        BinOp::Lt => &S_LT,
        BinOp::Le => &S_LE,
        BinOp::Gt => &S_GT,
        BinOp::Ge => &S_GE,
        BinOp::Eq | BinOp::Ne => &class::S_EQ,
        BinOp::In | BinOp::NotIn => &S_CONTAINS,
    }
}

/// The reflected method: `b.__radd__(a)` for `a + b`, `b.__gt__(a)` for `a < b`.
fn reflected(op: BinOp) -> Option<&'static StrObj> {
    Some(match op {
        BinOp::Add => &S_RADD,
        BinOp::Sub => &S_RSUB,
        BinOp::Mul => &S_RMUL,
        BinOp::FloorDiv => &S_RFLOORDIV,
        BinOp::TrueDiv => &S_RTRUEDIV,
        BinOp::Mod => &S_RMOD,
        BinOp::Pow => &S_RPOW,
        BinOp::LShift => &S_RLSHIFT,
        BinOp::RShift => &S_RRSHIFT,
        BinOp::BitAnd => &S_RAND,
        BinOp::BitOr => &S_ROR,
        BinOp::BitXor => &S_RXOR,
        BinOp::Lt => &S_GT,
        BinOp::Le => &S_GE,
        BinOp::Gt => &S_LT,
        BinOp::Ge => &S_LE,
        BinOp::Eq | BinOp::Ne => &class::S_EQ,
        BinOp::In | BinOp::NotIn => return None,
    })
}

fn inplace(op: BinOp) -> Option<&'static StrObj> {
    Some(match op {
        BinOp::Add => &S_IADD,
        BinOp::Sub => &S_ISUB,
        BinOp::Mul => &S_IMUL,
        BinOp::FloorDiv => &S_IFLOORDIV,
        BinOp::TrueDiv => &S_ITRUEDIV,
        BinOp::Mod => &S_IMOD,
        BinOp::Pow => &S_IPOW,
        BinOp::LShift => &S_ILSHIFT,
        BinOp::RShift => &S_IRSHIFT,
        BinOp::BitAnd => &S_IAND,
        BinOp::BitOr => &S_IOR,
        BinOp::BitXor => &S_IXOR,
        _ => return None,
    })
}

/// A special method's result, `None` for `NotImplemented`; `==` results as bools.
fn answer(op: BinOp, r: Obj) -> PyResult<Option<Obj>> {
    if r == descr::not_implemented() {
        return Ok(None);
    }
    if matches!(op, BinOp::Eq | BinOp::Ne) && r != obj::TRUE && r != obj::FALSE {
        return Ok(Some(obj::new_bool(truth_of(r)?)));
    }
    Ok(Some(r))
}

fn truth_of(o: Obj) -> PyResult<bool> {
    match crate::entry::upy_is_true(o) {
        upyc_abi::truth::TRUE => Ok(true),
        upyc_abi::truth::FALSE => Ok(false),
        _ => Err(Raised),
    }
}

fn inst_binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    to_obj(binop(op, a, b))
}

/// `a op b` when `a` or `b` is an instance. [`NOT_IMPL`] lets `upy_binop` go on (the
/// other operand is a builtin); with two instances of different classes the answer is
/// final here, so the second slot call `upy_binop` would make never happens.
fn binop(op: BinOp, a: Obj, b: Obj) -> PyResult<Obj> {
    let ca = cls(a);
    let cb = cls(b);
    if matches!(op, BinOp::In | BinOp::NotIn) {
        let Some(cb) = cb else {
            return Ok(NOT_IMPL);
        };
        return contains(cb, a, b);
    }
    let same = matches!((ca, cb), (Some(x), Some(y)) if core::ptr::eq(x, y));
    // A subclass's reflected method goes first (CPython's rule).
    let b_first =
        !same && matches!((ca, cb), (Some(x), Some(y)) if y.class.is_subclass_of(&x.class));
    let try_reflected = |cb: &'static ClassObj| -> PyResult<Option<Obj>> {
        let Some(name) = reflected(op) else {
            return Ok(None);
        };
        match lookup_user(cb, n(name))? {
            Some(f) => answer(op, call_special(f, b, &[a])?),
            None => Ok(None),
        }
    };
    if let (true, Some(cb)) = (b_first, cb) {
        if let Some(r) = try_reflected(cb)? {
            return Ok(r);
        }
    }
    if let Some(ca) = ca {
        if let Some(f) = lookup_user(ca, n(forward(op)))? {
            if let Some(r) = answer(op, call_special(f, a, &[b])?)? {
                return Ok(r);
            }
        }
    }
    // Comparisons try the reflected method even between instances of one class.
    let comparison = matches!(op, BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge);
    if (!same || comparison) && !b_first {
        if let Some(cb) = cb {
            if let Some(r) = try_reflected(cb)? {
                return Ok(r);
            }
        }
    }
    for c in [ca, if same { None } else { cb }].into_iter().flatten() {
        if let Some(f) = c.native.binop {
            let r = obj::check(f(op, a, b))?;
            if r != NOT_IMPL {
                return Ok(r);
            }
        }
    }
    if ca.is_some() && cb.is_some() && !same {
        return match op {
            BinOp::Eq => Ok(obj::new_bool(a == b)),
            _ => {
                crate::exc::raise_binop_types(dunder_name(op), a, b);
                Err(Raised)
            }
        };
    }
    Ok(NOT_IMPL)
}

fn dunder_name(op: BinOp) -> &'static str {
    pystr::as_str(n(forward(op))).unwrap_or("?")
}

/// `a in b` for an instance `b` of `cb`: `__contains__`, else iteration.
fn contains(cb: &'static ClassObj, a: Obj, b: Obj) -> PyResult<Obj> {
    if let Some(f) = lookup_user(cb, n(&S_CONTAINS))? {
        let r = call_special(f, b, &[a])?;
        return Ok(obj::new_bool(truth_of(r)?));
    }
    if let Some(f) = cb.native.binop {
        let r = obj::check(f(BinOp::In, a, b))?;
        if r != NOT_IMPL {
            return Ok(r);
        }
    }
    if lookup_user(cb, n(&S_ITER))?.is_some() || lookup_user(cb, n(&S_GETITEM))?.is_some() {
        let mut found = false;
        crate::iter::for_each(b, |x| {
            if !found && crate::hash::equal(x, a)? {
                found = true;
            }
            Ok(())
        })?;
        return Ok(obj::new_bool(found));
    }
    Ok(NOT_IMPL)
}

/// `a op= b` for an instance `a` with `__iadd__` and friends; `None` to compute the
/// plain operator (also when the method returned `NotImplemented`).
pub fn binop_inplace(op: usize, a: Obj, b: Obj) -> Option<Obj> {
    let c = cls(a)?;
    let name = inplace(BinOp::from_usize(op)?)?;
    let f = match lookup_user(c, n(name)) {
        Ok(f) => f?,
        Err(Raised) => return Some(NULL),
    };
    match call_special(f, a, &[b]) {
        Ok(r) if r == descr::not_implemented() => None,
        Ok(r) => Some(r),
        Err(Raised) => Some(NULL),
    }
}

fn inst_unop(op: UnOp, a: Obj) -> Obj {
    let name = match op {
        UnOp::Neg => &S_NEG,
        UnOp::Pos => &S_POS,
        UnOp::Invert => &S_INVERT,
        UnOp::Not => return NOT_IMPL,
    };
    match special(a, name, &[]) {
        Ok(Some(r)) => r,
        Ok(None) => match cls(a).and_then(|c| c.native.unop) {
            Some(f) => f(op, a),
            None => NOT_IMPL,
        },
        Err(Raised) => NULL,
    }
}

fn inst_hash(o: Obj) -> PyResult<usize> {
    let Some(c) = cls(o) else {
        return Ok(o >> 2);
    };
    match lookup_user(c, n(&class::S_HASH))? {
        Some(NONE) => crate::hash::unhashable(o),
        Some(f) => {
            let r = call_special(f, o, &[])?;
            if crate::int::get(r).is_none() {
                raise(&exc::TYPE_ERROR, "__hash__() should return an int");
                return Err(Raised);
            }
            crate::hash::hash(r)
        }
        None => match c.native.hash {
            Some(f) => f(o),
            None => Ok(o >> 2),
        },
    }
}

fn inst_truth(o: Obj) -> PyResult<bool> {
    let Some(c) = cls(o) else {
        return Ok(true);
    };
    if let Some(r) = special(o, &S_BOOL, &[])? {
        if r != obj::TRUE && r != obj::FALSE {
            raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"__bool__ should return bool, returned ",
                    obj::type_name(r).as_bytes(),
                ],
            );
            return Err(Raised);
        }
        return Ok(r == obj::TRUE);
    }
    if lookup_user(c, n(&class::S_LEN))?.is_some() {
        return Ok(len(o)? != 0);
    }
    if let Some(f) = c.native.truth {
        return f(o);
    }
    if let Some(f) = c.native.len {
        return Ok(f(o) != 0);
    }
    Ok(true)
}

/// `len(o)` through `__len__`.
fn len(o: Obj) -> PyResult<usize> {
    let Some(r) = special(o, &class::S_LEN, &[])? else {
        if let Some(f) = cls(o).and_then(|c| c.native.len) {
            return Ok(f(o));
        }
        raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"object of type '",
                obj::type_name(o).as_bytes(),
                b"' has no len()",
            ],
        );
        return Err(Raised);
    };
    match crate::int::to_isize(r) {
        Some(v) if v >= 0 && r != obj::TRUE && r != obj::FALSE => Ok(v as usize),
        Some(_) => {
            raise(&exc::VALUE_ERROR, "__len__() should return >= 0");
            Err(Raised)
        }
        None => {
            raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"'",
                    obj::type_name(r).as_bytes(),
                    b"' object cannot be interpreted as an integer",
                ],
            );
            Err(Raised)
        }
    }
}

/// The `len` slot cannot fail: an error is left pending (`len()` checks for it) and 0
/// returned.
fn inst_len(o: Obj) -> usize {
    len(o).unwrap_or(0)
}

fn inst_subscr(o: Obj, index: Obj) -> Obj {
    match special(o, &S_GETITEM, &[index]) {
        Ok(Some(r)) => r,
        Ok(None) => match cls(o).and_then(|c| c.native.subscr) {
            Some(f) => f(o, index),
            None => raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"'",
                    obj::type_name(o).as_bytes(),
                    b"' object isn't subscriptable",
                ],
            ),
        },
        Err(Raised) => NULL,
    }
}

fn inst_store_subscr(o: Obj, index: Obj, value: Obj) -> Obj {
    let r = if value == NULL {
        special(o, &S_DELITEM, &[index])
    } else {
        special(o, &S_SETITEM, &[index, value])
    };
    match r {
        Ok(Some(_)) => NONE,
        Ok(None) => match cls(o).and_then(|c| c.native.store_subscr) {
            Some(f) => f(o, index, value),
            None => raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"'",
                    obj::type_name(o).as_bytes(),
                    if value == NULL {
                        b"' object doesn't support item deletion"
                    } else {
                        b"' object doesn't support item assignment"
                    },
                ],
            ),
        },
        Err(Raised) => NULL,
    }
}

fn inst_iter(o: Obj) -> Obj {
    let Some(c) = cls(o) else {
        return NULL;
    };
    match special(o, &S_ITER, &[]) {
        Ok(Some(r)) => return r,
        Ok(None) => {}
        Err(Raised) => return NULL,
    }
    match lookup_user(c, n(&S_NEXT)) {
        Ok(Some(_)) => return o,
        Ok(None) => {}
        Err(Raised) => return NULL,
    }
    if let Some(f) = c.native.iter {
        return f(o);
    }
    if c.native.iternext.is_some() {
        return o;
    }
    raise_parts(
        &exc::TYPE_ERROR,
        &[
            b"'",
            obj::type_name(o).as_bytes(),
            b"' object isn't iterable",
        ],
    )
}

fn inst_iternext(o: Obj) -> Obj {
    match special(o, &S_NEXT, &[]) {
        Ok(Some(r)) => r,
        Ok(None) => match cls(o).and_then(|c| c.native.iternext) {
            Some(f) => f(o),
            None => raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"'",
                    obj::type_name(o).as_bytes(),
                    b"' object isn't an iterator",
                ],
            ),
        },
        Err(Raised) => {
            if exc::is_instance(exc::pending(), &exc::STOP_ITERATION) {
                exc::clear();
                STOP
            } else {
                NULL
            }
        }
    }
}

fn inst_call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    let Some(c) = cls(callee) else {
        return NULL;
    };
    match lookup_user(c, n(&class::S_CALL)) {
        Ok(Some(f)) => match descr::bind(f, Some(callee), c.obj()) {
            Ok(Bound::Method(f, s)) => callable::call_with_self(f, s, pos, kw),
            Ok(Bound::Value(v)) => callable::call(v, pos, kw),
            Err(Raised) => NULL,
        },
        Ok(None) => match c.native.call {
            Some(f) => f(callee, pos, kw),
            None => raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"'",
                    obj::type_name(callee).as_bytes(),
                    b"' object isn't callable",
                ],
            ),
        },
        Err(Raised) => NULL,
    }
}

// ---------------------------------------------------------------------------------
// Attributes

/// `o.name` for an instance: properties, the instance dict, the class (binding), the
/// native type's attributes, `__class__`/`__dict__`, then `__getattr__`.
/// [`NOT_IMPL`] when there is no such attribute.
fn inst_attr(o: Obj, name: Obj) -> Obj {
    match attr(o, name) {
        Ok(Some(b)) => descr::bound_value(b),
        Ok(None) => NOT_IMPL,
        Err(Raised) => NULL,
    }
}

fn attr(o: Obj, name: Obj) -> PyResult<Option<Bound>> {
    let Some(c) = cls(o) else {
        return Ok(None);
    };
    let found = class::lookup(c, name)?;
    if let Some(v) = found {
        if descr::is_data_descriptor(v) {
            return descr::bind(v, Some(o), c.obj()).map(Some);
        }
    }
    let d = inst_dict(o, c);
    if d != NULL {
        if let Some(v) = dict::map(d).get(name)? {
            return Ok(Some(Bound::Value(v)));
        }
    }
    if let Some(v) = found {
        return descr::bind(v, Some(o), c.obj()).map(Some);
    }
    match pystr::bytes(name) {
        Some(b"__class__") => return Ok(Some(Bound::Value(c.obj()))),
        Some(b"__dict__") => return inst_dict_create(o, c).map(|d| Some(Bound::Value(d))),
        _ => {}
    }
    if let Some(f) = c.native.attr {
        let r = obj::check(f(o, name))?;
        if r != NOT_IMPL {
            return Ok(Some(Bound::Value(r)));
        }
    }
    if let Some(m) = c.class.find_method(pystr::bytes(name).unwrap_or(b"")) {
        return Ok(Some(Bound::Method(m.obj(), o)));
    }
    if let Some(f) = lookup_user(c, n(&S_GETATTR))? {
        return call_special(f, o, &[name]).map(|v| Some(Bound::Value(v)));
    }
    Ok(None)
}

fn inst_store_attr(o: Obj, name: Obj, value: Obj) -> Obj {
    let Some(c) = cls(o) else {
        return NOT_IMPL;
    };
    // Only a property in a user class's dict intercepts the store: builtin bases'
    // attributes are methods, which an instance attribute shadows.
    match class::lookup_from(c, name, 0, true) {
        Ok(Some(v)) => {
            if let Some(r) = descr::property_store(v, o, value) {
                return r;
            }
        }
        Ok(None) => {}
        Err(Raised) => return NULL,
    }
    if value == NULL {
        let d = inst_dict(o, c);
        let removed = if d == NULL {
            Ok(None)
        } else {
            dict::map(d).remove(name)
        };
        return match removed {
            Ok(Some(_)) => NONE,
            Ok(None) => NOT_IMPL,
            Err(Raised) => NULL,
        };
    }
    let r = inst_dict_create(o, c).and_then(|d| dict::map(d).store(name, value));
    match r {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

/// `this.name(*args)` without a bound method, for instances of user classes and super
/// objects (`with_self[0]` is `this`). `None` when `this` is neither or has no such
/// attribute (the generic path then raises or tries `__getattr__`).
pub fn call_method(this: Obj, name: Obj, with_self: &[Obj], kw: &[Obj]) -> Option<Obj> {
    let r = if let Some(s) = descr::as_super(this) {
        descr::super_lookup(s, name)
    } else if cls(this).is_some() {
        attr(this, name)
    } else {
        return None;
    };
    let args = with_self.get(1..).unwrap_or(&[]);
    match r {
        Ok(Some(Bound::Method(f, s))) if s == this => Some(callable::call(f, with_self, kw)),
        Ok(Some(Bound::Method(f, s))) => Some(callable::call_with_self(f, s, args, kw)),
        Ok(Some(Bound::Value(v))) => Some(callable::call(v, args, kw)),
        Ok(None) => None,
        Err(Raised) => Some(NULL),
    }
}
