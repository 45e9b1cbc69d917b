//! `collections` (alias `ucollections`): `namedtuple`, `OrderedDict`, `deque`.
//!
//! A namedtuple class is an [`NtClass`] on the heap embedding the [`Type`] of its
//! instances; instances have the tuple layout (`{ type, len, items }`) and that type
//! derives from `tuple`, so everything that reads tuples reads them. `OrderedDict` is
//! a dict with its own type (dicts keep insertion order already).

use alloc::collections::VecDeque;
use core::mem::offset_of;

use crate::callable::BuiltinFn;
use crate::dict;
use crate::exc;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NOT_IMPL, NULL};
use crate::print;
use crate::str as pystr;
use crate::tuple::{self, TUPLE_TYPE};
use crate::types::TypeObj;
use upyc_abi::STOP;

// ---------------------------------------------------------------------------------
// namedtuple

/// A namedtuple class.
#[repr(C)]
pub struct NtClass {
    ty: &'static Type,
    /// The type of the instances.
    class: Type,
    /// The name: a str object (`class.name` borrows its text).
    name: Obj,
    /// The field names: a tuple of str objects.
    fields: Obj,
}

fn marker(_pos: &[Obj], _kw: &[Obj]) -> Obj {
    NONE
}
static MARKER: BuiltinFn = BuiltinFn::new("<namedtuple>", marker);
static ASDICT: BuiltinFn = BuiltinFn::new("_asdict", asdict);
static REPLACE: BuiltinFn = BuiltinFn::new("_replace", replace);
/// The methods of namedtuple instances; the table also marks their types (see
/// [`nt_from_type`]).
static NT_METHODS: [&BuiltinFn; 3] = [&MARKER, &ASDICT, &REPLACE];

fn nt_self(p: &[Obj]) -> PyResult<&'static NtClass> {
    match p.first().and_then(|&o| {
        if obj::is_ptr(o) {
            nt_from_type(obj::type_of(o))
        } else {
            None
        }
    }) {
        Some(c) => Ok(c),
        None => fail(&exc::TYPE_ERROR, "expected a namedtuple"),
    }
}

/// `p._asdict()`: a dict of the fields, in order.
fn asdict(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let c = nt_self(p)?;
        let d = obj::check(dict::new())?;
        for (&f, &x) in field_names(c).iter().zip(tuple::items(p[0])) {
            dict::map(d).store(f, x)?;
        }
        Ok(d)
    })())
}

/// `p._replace(**changes)`: a copy with some fields replaced.
fn replace(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        crate::builtins::argc(p, 1, 1)?;
        let c = nt_self(p)?;
        let names = field_names(c);
        let mut items = tuple::items(p[0]).to_vec();
        for kv in k.chunks_exact(2) {
            let n = pystr::bytes(kv[0]).unwrap_or(b"");
            match names.iter().position(|&f| pystr::bytes(f) == Some(n)) {
                Some(i) => items[i] = kv[1],
                None => {
                    exc::raise_parts(
                        &exc::VALUE_ERROR,
                        &[b"got unexpected field name '", n, b"'"],
                    );
                    return Err(Raised);
                }
            }
        }
        nt_instance(c as *const NtClass as Obj, &items)
    })())
}

/// The namedtuple class whose instance type is `ty`.
fn nt_from_type(ty: &'static Type) -> Option<&'static NtClass> {
    if !core::ptr::eq(ty.methods.as_ptr(), NT_METHODS.as_ptr()) {
        return None;
    }
    let p = (ty as *const Type as usize) - offset_of!(NtClass, class);
    // SAFETY: only types embedded in an NtClass use NT_METHODS.
    Some(unsafe { &*(p as *const NtClass) })
}

fn as_nt_class(o: Obj) -> Option<&'static NtClass> {
    if obj::is_type(o, &NT_META) {
        // SAFETY: objects of NT_META are NtClasses.
        Some(unsafe { &*(o as *const NtClass) })
    } else {
        None
    }
}

/// The instance type of namedtuple class object `o` (for `isinstance`).
pub fn nt_class_type(o: Obj) -> Option<&'static Type> {
    as_nt_class(o).map(|c| &c.class)
}

/// The class object of a namedtuple instance type, `OrderedDict` or `deque` (for
/// `type(x)`).
pub fn class_obj_of(ty: &'static Type) -> Option<Obj> {
    if core::ptr::eq(ty, &ORDERED_DICT_TYPE) {
        return Some(ORDERED_DICT.obj());
    }
    if core::ptr::eq(ty, &DEQUE_TYPE) {
        return Some(DEQUE.obj());
    }
    nt_from_type(ty).map(|c| c as *const NtClass as Obj)
}

fn field_names<'a>(c: &NtClass) -> &'a [Obj] {
    tuple::items(c.fields)
}

/// A new namedtuple class named `name` (a str object) with `fields` (a tuple of strs).
fn new_class(name: Obj, fields: Obj) -> PyResult<Obj> {
    let text = pystr::bytes(name).unwrap_or(b"");
    // SAFETY: str objects hold UTF-8; the class keeps `name` alive (and the GC never
    // moves objects), so the text lives as long as the type.
    let text: &'static str = unsafe { core::mem::transmute(core::str::from_utf8_unchecked(text)) };
    let class = Type {
        base: Some(&TUPLE_TYPE),
        print: Some(nt_print),
        binop: TUPLE_TYPE.binop,
        hash: TUPLE_TYPE.hash,
        len: TUPLE_TYPE.len,
        subscr: TUPLE_TYPE.subscr,
        iter: TUPLE_TYPE.iter,
        attr: Some(nt_attr),
        methods: &NT_METHODS,
        ..Type::new(text)
    };
    obj::check(obj::new_obj(NtClass {
        ty: &NT_META,
        class,
        name,
        fields,
    }))
}

/// A nameless namedtuple class (MicroPython's "attrtuple": prints as `(a=1, b=2)`).
pub fn attrtuple_class(fields: &[&'static str]) -> PyResult<Obj> {
    let t = obj::check(tuple::alloc(fields.len()))?;
    for (d, f) in tuple::items_mut(t).iter_mut().zip(fields) {
        *d = obj::check(pystr::new_static(f))?;
    }
    let name = obj::check(pystr::new_static(""))?;
    new_class(name, t)
}

/// An instance of namedtuple class `cls` holding `items` (one per field).
pub fn nt_instance(cls: Obj, items: &[Obj]) -> PyResult<Obj> {
    let c = as_nt_class(cls).expect("namedtuple class");
    let t = obj::check(tuple::alloc(items.len()))?;
    tuple::items_mut(t).copy_from_slice(items);
    // SAFETY: a fresh tuple: its first word is its type.
    unsafe { *(t as *mut usize) = &c.class as *const Type as usize };
    Ok(t)
}

fn nt_call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        let c = as_nt_class(callee).expect("namedtuple class");
        let names = field_names(c);
        let n = names.len();
        if pos.len() > n {
            crate::builtins::argc(pos, n, n)?;
        }
        let mut items = alloc::vec![NULL; n];
        items[..pos.len()].copy_from_slice(pos);
        for p in kw.chunks_exact(2) {
            let k = pystr::bytes(p[0]).unwrap_or(b"");
            match names.iter().position(|&f| pystr::bytes(f) == Some(k)) {
                Some(i) if items[i] == NULL => items[i] = p[1],
                Some(_) => {
                    exc::raise_parts(
                        &exc::TYPE_ERROR,
                        &[b"duplicate argument '", k, b"' in function call"],
                    );
                    return Err(Raised);
                }
                None => {
                    exc::raise_parts(
                        &exc::TYPE_ERROR,
                        &[b"unexpected keyword argument '", k, b"'"],
                    );
                    return Err(Raised);
                }
            }
        }
        if let Some(i) = items.iter().position(|&x| x == NULL) {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"missing required argument '",
                    pystr::bytes(names[i]).unwrap_or(b"?"),
                    b"'",
                ],
            );
            return Err(Raised);
        }
        nt_instance(callee, &items)
    })())
}

fn nt_meta_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let c = as_nt_class(o).expect("namedtuple class");
    w.write(b"<class '");
    w.write(c.class.name.as_bytes());
    w.write(b"'>");
    Ok(())
}

fn nt_meta_attr(o: Obj, name: Obj) -> Obj {
    let c = as_nt_class(o).expect("namedtuple class");
    match pystr::bytes(name) {
        Some(b"__name__") => c.name,
        Some(b"_fields") => c.fields,
        _ => NOT_IMPL,
    }
}

/// The type of namedtuple classes.
pub static NT_META: Type = Type {
    print: Some(nt_meta_print),
    call: Some(nt_call),
    attr: Some(nt_meta_attr),
    ..Type::new("type")
};

fn nt_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let c = nt_from_type(obj::type_of(o)).expect("namedtuple");
    w.write(c.class.name.as_bytes());
    w.write(b"(");
    for (i, (&f, &x)) in field_names(c).iter().zip(tuple::items(o)).enumerate() {
        if i > 0 {
            w.write(b", ");
        }
        w.write(pystr::bytes(f).unwrap_or(b"?"));
        w.write(b"=");
        print::print(w, x, PrintKind::Repr)?;
    }
    w.write(b")");
    Ok(())
}

fn nt_attr(o: Obj, name: Obj) -> Obj {
    let c = nt_from_type(obj::type_of(o)).expect("namedtuple");
    let n = pystr::bytes(name).unwrap_or(b"");
    if n == b"_fields" {
        return c.fields;
    }
    match field_names(c)
        .iter()
        .position(|&f| pystr::bytes(f) == Some(n))
    {
        Some(i) => tuple::items(o)[i],
        None => NOT_IMPL,
    }
}

fn namedtuple(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        crate::builtins::argc(pos, 2, 2)?;
        let _ = kw;
        support::str_arg(pos[0])?;
        let mut names = alloc::vec::Vec::new();
        if let Some(b) = pystr::bytes(pos[1]) {
            for part in b.split(|&c| c == b',' || c == b' ' || c == b'\t' || c == b'\n') {
                if !part.is_empty() {
                    names.push(obj::check(pystr::new(part))?);
                }
            }
        } else {
            crate::iter::for_each(pos[1], |f| {
                support::str_arg(f)?;
                names.push(f);
                Ok(())
            })?;
        }
        let fields = obj::check(tuple::new(&names))?;
        new_class(pos[0], fields)
    })())
}

// ---------------------------------------------------------------------------------
// OrderedDict

fn od_print(w: &mut dyn Writer, o: Obj, k: PrintKind) -> PyResult<()> {
    w.write(b"OrderedDict(");
    (dict::DICT_TYPE.print.expect("dict print"))(w, o, k)?;
    w.write(b")");
    Ok(())
}

/// `OrderedDict`: a dict (insertion ordered) of its own type.
pub static ORDERED_DICT_TYPE: Type = Type {
    base: Some(&dict::DICT_TYPE),
    print: Some(od_print),
    binop: dict::DICT_TYPE.binop,
    hash: dict::DICT_TYPE.hash,
    len: dict::DICT_TYPE.len,
    subscr: dict::DICT_TYPE.subscr,
    store_subscr: dict::DICT_TYPE.store_subscr,
    iter: dict::DICT_TYPE.iter,
    ..Type::new("OrderedDict")
};

fn od_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        crate::builtins::argc(pos, 0, 1)?;
        let d = obj::check(dict::new())?;
        // SAFETY: a fresh dict: its first word is its type.
        unsafe { *(d as *mut usize) = &ORDERED_DICT_TYPE as *const Type as usize };
        if let Some(&src) = pos.first() {
            dict::update(d, src)?;
        }
        for p in kw.chunks_exact(2) {
            dict::map(d).store(p[0], p[1])?;
        }
        Ok(d)
    })())
}

static ORDERED_DICT: TypeObj = TypeObj::new(&ORDERED_DICT_TYPE, Some(od_new));

// ---------------------------------------------------------------------------------
// deque

/// A deque.
#[repr(C)]
pub struct DequeObj {
    ty: &'static Type,
    items: VecDeque<Obj>,
    /// The largest length (`usize::MAX`: unbounded).
    maxlen: usize,
}

fn dq<'a>(o: Obj) -> PyResult<&'a mut DequeObj> {
    if obj::is_type(o, &DEQUE_TYPE) {
        // SAFETY: a deque object; single-threaded.
        Ok(unsafe { &mut *(o as *mut DequeObj) })
    } else {
        fail(&exc::TYPE_ERROR, "expected a deque")
    }
}

fn reserve(d: &mut DequeObj) -> PyResult<()> {
    if d.items.try_reserve(1).is_err() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    Ok(())
}

fn dq_push(d: &mut DequeObj, x: Obj, left: bool) -> PyResult<()> {
    if d.maxlen == 0 {
        return Ok(());
    }
    if d.items.len() >= d.maxlen {
        if left {
            d.items.pop_back();
        } else {
            d.items.pop_front();
        }
    }
    reserve(d)?;
    if left {
        d.items.push_front(x);
    } else {
        d.items.push_back(x);
    }
    Ok(())
}

fn deque_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        crate::builtins::argc(pos, 0, 3)?;
        let maxlen = match pos
            .get(1)
            .copied()
            .or_else(|| crate::sort::kwarg(kw, "maxlen"))
        {
            None => usize::MAX,
            Some(NONE) => usize::MAX,
            Some(m) => {
                let v = support::int_arg(m)?;
                if v < 0 {
                    return fail(&exc::VALUE_ERROR, "maxlen must be non-negative");
                }
                v as usize
            }
        };
        let o = obj::check(obj::new_obj(DequeObj {
            ty: &DEQUE_TYPE,
            items: VecDeque::new(),
            maxlen,
        }))?;
        if let Some(&src) = pos.first() {
            crate::iter::for_each(src, |x| dq_push(dq(o)?, x, false))?;
        }
        Ok(o)
    })())
}

fn dq_method(pos: &[Obj], kw: &[Obj], n: usize) -> PyResult<&'static mut DequeObj> {
    support::args(pos, kw, n, n)?;
    dq(pos[0])
}

fn append(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret(dq_method(pos, kw, 2).and_then(|d| dq_push(d, pos[1], false).map(|_| NONE)))
}

fn appendleft(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret(dq_method(pos, kw, 2).and_then(|d| dq_push(d, pos[1], true).map(|_| NONE)))
}

fn extend(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        dq_method(pos, kw, 2)?;
        let items = crate::seq::collect(pos[1])?;
        for x in items {
            dq_push(dq(pos[0])?, x, false)?;
        }
        Ok(NONE)
    })())
}

fn pop_end(pos: &[Obj], kw: &[Obj], left: bool) -> Obj {
    ret(dq_method(pos, kw, 1).and_then(|d| {
        let r = if left {
            d.items.pop_front()
        } else {
            d.items.pop_back()
        };
        match r {
            Some(x) => Ok(x),
            None => fail(&exc::INDEX_ERROR, "pop from an empty deque"),
        }
    }))
}

fn pop(pos: &[Obj], kw: &[Obj]) -> Obj {
    pop_end(pos, kw, false)
}

fn popleft(pos: &[Obj], kw: &[Obj]) -> Obj {
    pop_end(pos, kw, true)
}

fn clear(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret(dq_method(pos, kw, 1).map(|d| {
        d.items.clear();
        NONE
    }))
}

/// `d.rotate(n=1)`: moves the last `n` items to the front (`n < 0`: the other way).
fn rotate(pos: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        support::args(pos, kw, 1, 2)?;
        let n = match pos.get(1) {
            Some(&n) => support::int_arg(n)?,
            None => 1,
        };
        let d = dq(pos[0])?;
        let len = d.items.len();
        if len > 0 {
            let k = n.rem_euclid(len as isize) as usize;
            d.items.rotate_right(k);
        }
        Ok(NONE)
    })())
}

fn dq_binop(op: upyc_abi::BinOp, a: Obj, b: Obj) -> Obj {
    if op != upyc_abi::BinOp::In {
        return NOT_IMPL;
    }
    ret((|| {
        let mut i = 0;
        while let Some(x) = dq(b)?.items.get(i).copied() {
            if x == a || crate::hash::equal(x, a)? {
                return Ok(obj::TRUE);
            }
            i += 1;
        }
        Ok(obj::FALSE)
    })())
}

fn dq_attr(o: Obj, name: Obj) -> Obj {
    match (pystr::bytes(name), dq(o)) {
        (Some(b"maxlen"), Ok(d)) if d.maxlen == usize::MAX => NONE,
        (Some(b"maxlen"), Ok(d)) => obj::new_small_int(d.maxlen as isize),
        _ => NOT_IMPL,
    }
}

fn dq_len(o: Obj) -> usize {
    dq(o).map_or(0, |d| d.items.len())
}

fn dq_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let d = dq(o)?;
    w.write(b"deque([");
    for i in 0..d.items.len() {
        if i > 0 {
            w.write(b", ");
        }
        let x = dq(o)?.items.get(i).copied().unwrap_or(NONE);
        print::print(w, x, PrintKind::Repr)?;
    }
    w.write(b"]");
    if d.maxlen != usize::MAX {
        let mut b = [0u8; 24];
        w.write(b", maxlen=");
        w.write(crate::console::fmt_int(d.maxlen as isize, &mut b));
    }
    w.write(b")");
    Ok(())
}

fn dq_subscr(o: Obj, i: Obj) -> Obj {
    ret((|| {
        let d = dq(o)?;
        let k = crate::seq::index(i, d.items.len(), "deque")?;
        Ok(d.items[k])
    })())
}

#[repr(C)]
struct DequeIter {
    ty: &'static Type,
    dq: Obj,
    pos: usize,
}

fn dq_iter(o: Obj) -> Obj {
    obj::new_obj(DequeIter {
        ty: &DEQUE_ITER_TYPE,
        dq: o,
        pos: 0,
    })
}

fn dq_next(o: Obj) -> Obj {
    // SAFETY: a deque iterator.
    let it = unsafe { &mut *(o as *mut DequeIter) };
    match dq(it.dq).ok().and_then(|d| d.items.get(it.pos).copied()) {
        Some(x) => {
            it.pos += 1;
            x
        }
        None => STOP,
    }
}

static DEQUE_ITER_TYPE: Type = Type {
    iternext: Some(dq_next),
    ..Type::new("iterator")
};

static APPEND: BuiltinFn = BuiltinFn::new("append", append);
static APPENDLEFT: BuiltinFn = BuiltinFn::new("appendleft", appendleft);
static EXTEND: BuiltinFn = BuiltinFn::new("extend", extend);
static POP: BuiltinFn = BuiltinFn::new("pop", pop);
static POPLEFT: BuiltinFn = BuiltinFn::new("popleft", popleft);
static CLEAR: BuiltinFn = BuiltinFn::new("clear", clear);
static ROTATE: BuiltinFn = BuiltinFn::new("rotate", rotate);

/// `deque`.
pub static DEQUE_TYPE: Type = Type {
    print: Some(dq_print),
    len: Some(dq_len),
    subscr: Some(dq_subscr),
    iter: Some(dq_iter),
    binop: Some(dq_binop),
    attr: Some(dq_attr),
    methods: &[
        &APPEND,
        &APPENDLEFT,
        &EXTEND,
        &POP,
        &POPLEFT,
        &CLEAR,
        &ROTATE,
    ],
    ..Type::new("deque")
};

static DEQUE: TypeObj = TypeObj::new(&DEQUE_TYPE, Some(deque_new));
static NAMEDTUPLE: BuiltinFn = BuiltinFn::new("namedtuple", namedtuple);

/// `collections`.
#[no_mangle]
pub static upy_module_collections: ModuleDef = ModuleDef {
    name: "collections",
    members: &[
        ("namedtuple", Member::Fn(&NAMEDTUPLE)),
        ("OrderedDict", Member::Make(|| ORDERED_DICT.obj())),
        ("deque", Member::Make(|| DEQUE.obj())),
    ],
};
