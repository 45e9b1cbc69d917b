//! User-defined classes (`upy_build_class`): heap type objects.
//!
//! A class is a [`ClassObj`] on the GC heap: its Python type is [`CLASS_META`]
//! (`type`), and it embeds the [`Type`] its instances point at, so every generic path
//! of the runtime (`upy_binop`, `upy_subscr`, printing, ...) reaches the class through
//! the ordinary slots, which [`crate::instance`] fills with special-method dispatch.
//! Embedded types are recognised by their method table ([`USER_METHODS`]), and
//! [`from_type`] gets from the embedded `Type` back to its class.
//!
//! Each class keeps its bases, its C3 method resolution order (a tuple of class
//! objects, itself first, builtin types included, `object` last), its namespace dict
//! and its *native* base: the builtin type whose instance layout instances use
//! (`object`, or an exception class). Instances are that layout followed by one word,
//! the instance dict (NULL until the first attribute is stored).

use alloc::vec::Vec;
use core::mem::{offset_of, size_of};

use crate::callable::{self, BuiltinFn};
use crate::descr::{self, Bound};
use crate::exc::{self, raise, raise_parts, ExcObj};
use crate::gc;
use crate::instance;
use crate::obj::NULL;
use crate::obj::{self, Kind, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NOT_IMPL};
use crate::str::{self as pystr, StrObj};
use crate::{dict, tuple, types};

const WORD: usize = size_of::<usize>();

/// A user-defined class.
#[repr(C)]
pub struct ClassObj {
    /// Always [`CLASS_META`].
    ty: &'static Type,
    /// The type object instances point at.
    pub class: Type,
    /// The name (a str object; `class.name` borrows its text).
    pub name: Obj,
    /// The bases as given: a tuple of class objects.
    pub bases: Obj,
    /// The method resolution order: a tuple of class objects, this class first.
    pub mro: Obj,
    /// The namespace: a dict.
    pub dict: Obj,
    /// The builtin type whose instance layout instances use.
    pub native: &'static Type,
    /// Byte offset of the instance dict word in an instance.
    pub dict_off: usize,
    /// Bytes of an instance.
    pub size: usize,
    /// What calling the class last found for `__new__` (user classes only) and
    /// `__init__` (NULL: none), and the class epoch then: valid while it is unchanged.
    ctor: core::cell::Cell<(usize, Obj, Obj)>,
}

impl ClassObj {
    /// The object word of this class.
    pub fn obj(&'static self) -> Obj {
        self as *const ClassObj as Obj
    }
}

fn marker(_pos: &[Obj], _kw: &[Obj]) -> Obj {
    NONE
}

/// Never found by name: it only marks the method table of embedded class types.
static MARKER: BuiltinFn = BuiltinFn::new("<class>", marker);

/// The method table of every user class type: identifies them (see [`from_type`]).
static USER_METHODS: [&BuiltinFn; 1] = [&MARKER];

/// `type`, the type of user classes: callable (makes an instance), attributes through
/// the MRO, class attributes writable.
pub static CLASS_META: Type = Type {
    print: Some(meta_print),
    call: Some(meta_call),
    attr: Some(meta_attr),
    store_attr: Some(meta_store_attr),
    ..Type::new("type")
};

/// The user class whose embedded type is `ty`, if `ty` is one.
pub fn from_type(ty: &'static Type) -> Option<&'static ClassObj> {
    if !core::ptr::eq(ty.methods.as_ptr(), USER_METHODS.as_ptr()) {
        return None;
    }
    let p = (ty as *const Type as usize) - offset_of!(ClassObj, class);
    // SAFETY: only types embedded in a ClassObj use USER_METHODS.
    Some(unsafe { &*(p as *const ClassObj) })
}

/// The user class object `o`, if it is one.
pub fn as_class(o: Obj) -> Option<&'static ClassObj> {
    if obj::is_type(o, &CLASS_META) {
        // SAFETY: objects of CLASS_META are ClassObjs; they live while reachable.
        Some(unsafe { &*(o as *const ClassObj) })
    } else {
        None
    }
}

/// The user class of instance `o`, if `o` is an instance of one.
pub fn class_of_instance(o: Obj) -> Option<&'static ClassObj> {
    if obj::is_ptr(o) {
        from_type(obj::type_of(o))
    } else {
        None
    }
}

/// The `Type` of user exception class object `o` (for `except`), if it is one.
pub fn exc_class_of(o: Obj) -> Option<&'static Type> {
    as_class(o)
        .filter(|c| c.class.kind == Kind::Exception)
        .map(|c| &c.class)
}

/// True when `ty` appears in the MRO of user class `c`.
pub fn mro_has(c: &ClassObj, ty: &'static Type) -> bool {
    tuple::items(c.mro)
        .iter()
        .any(|&e| types::class_of(e).is_some_and(|t| core::ptr::eq(t, ty)))
}

/// Index of class object `cls` in the MRO of `c`.
pub fn mro_index(c: &ClassObj, cls: Obj) -> Option<usize> {
    let t = types::class_of(cls)?;
    tuple::items(c.mro)
        .iter()
        .position(|&e| types::class_of(e).is_some_and(|x| core::ptr::eq(x, t)))
}

// ---------------------------------------------------------------------------------
// Names the runtime looks up (static str objects: no allocation per lookup).

macro_rules! names {
    ($($(#[$doc:meta])* $id:ident = $s:literal;)*) => {
        $( $(#[$doc])* pub static $id: StrObj = StrObj::from_static($s); )*
    };
}

names! {
    /// `__init__`.
    S_INIT = "__init__";
    /// `__new__`.
    S_NEW = "__new__";
    /// `__eq__`.
    S_EQ = "__eq__";
    /// `__hash__`.
    S_HASH = "__hash__";
    /// `__call__`.
    S_CALL = "__call__";
    /// `__len__`.
    S_LEN = "__len__";
}

/// The object word of a static name.
pub fn sname(s: &'static StrObj) -> Obj {
    s as *const StrObj as Obj
}

// ---------------------------------------------------------------------------------
// Natives: what `object` and `BaseException` contribute to lookups.

fn object_init(pos: &[Obj], kw: &[Obj]) -> Obj {
    if pos.len() > 1 || !kw.is_empty() {
        return raise(&exc::TYPE_ERROR, "object.__init__() takes no arguments");
    }
    NONE
}

fn object_new(pos: &[Obj], _kw: &[Obj]) -> Obj {
    let Some(c) = pos.first().and_then(|&c| as_class(c)) else {
        return raise(&exc::TYPE_ERROR, "object.__new__(X): X is not a user class");
    };
    match alloc_instance(c, pos.get(1..).unwrap_or(&[])) {
        Ok(o) => o,
        Err(Raised) => NULL,
    }
}

fn object_repr(pos: &[Obj], _kw: &[Obj]) -> Obj {
    let Some(&o) = pos.first() else {
        return raise(&exc::TYPE_ERROR, "missing self");
    };
    let mut b = crate::print::Buffer::default();
    instance::default_repr(&mut b, o);
    if b.failed {
        return exc::raise_memory_error();
    }
    pystr::new(&b.bytes)
}

fn object_str(pos: &[Obj], _kw: &[Obj]) -> Obj {
    match pos.first() {
        Some(&o) => crate::print::to_str_obj(o, PrintKind::Repr),
        None => raise(&exc::TYPE_ERROR, "missing self"),
    }
}

fn object_eq(pos: &[Obj], _kw: &[Obj]) -> Obj {
    match pos {
        [a, b] if a == b => obj::TRUE,
        [_, _] => descr::not_implemented(),
        _ => raise(&exc::TYPE_ERROR, "expected 1 argument"),
    }
}

fn object_hash(pos: &[Obj], _kw: &[Obj]) -> Obj {
    match pos.first() {
        Some(&o) => obj::new_small_int(((o >> 2) & (obj::SMALL_INT_MAX as usize)) as isize),
        None => raise(&exc::TYPE_ERROR, "missing self"),
    }
}

fn exc_init(pos: &[Obj], _kw: &[Obj]) -> Obj {
    let Some(e) = pos.first().and_then(|&o| exc::as_exc(o)) else {
        return raise(&exc::TYPE_ERROR, "BaseException.__init__: not an exception");
    };
    let args = tuple::new(&pos[1..]);
    if args == NULL {
        return NULL;
    }
    e.args = args;
    NONE
}

fn exc_text(pos: &[Obj], kind: PrintKind) -> Obj {
    let Some(&o) = pos.first() else {
        return raise(&exc::TYPE_ERROR, "missing self");
    };
    let Some(f) = exc::BASE_EXCEPTION.print else {
        return NULL;
    };
    let mut b = crate::print::Buffer::default();
    if f(&mut b, o, kind).is_err() {
        return NULL;
    }
    if b.failed {
        return exc::raise_memory_error();
    }
    pystr::new(&b.bytes)
}

fn exc_str(pos: &[Obj], _kw: &[Obj]) -> Obj {
    exc_text(pos, PrintKind::Str)
}

fn exc_repr(pos: &[Obj], _kw: &[Obj]) -> Obj {
    exc_text(pos, PrintKind::Repr)
}

/// `object.__init__`.
pub static OBJECT_INIT: BuiltinFn = BuiltinFn::new("__init__", object_init);
/// `object.__new__`.
pub static OBJECT_NEW: BuiltinFn = BuiltinFn::new("__new__", object_new);
static OBJECT_REPR: BuiltinFn = BuiltinFn::new("__repr__", object_repr);
static OBJECT_STR: BuiltinFn = BuiltinFn::new("__str__", object_str);
static OBJECT_EQ: BuiltinFn = BuiltinFn::new("__eq__", object_eq);
static OBJECT_HASH: BuiltinFn = BuiltinFn::new("__hash__", object_hash);
/// `BaseException.__init__`: sets `args`.
pub static EXC_INIT: BuiltinFn = BuiltinFn::new("__init__", exc_init);
static EXC_STR: BuiltinFn = BuiltinFn::new("__str__", exc_str);
static EXC_REPR: BuiltinFn = BuiltinFn::new("__repr__", exc_repr);

static OBJECT_METHODS: [&BuiltinFn; 6] = [
    &OBJECT_INIT,
    &OBJECT_NEW,
    &OBJECT_REPR,
    &OBJECT_STR,
    &OBJECT_EQ,
    &OBJECT_HASH,
];
static EXC_METHODS: [&BuiltinFn; 4] = [&EXC_INIT, &OBJECT_NEW, &EXC_STR, &EXC_REPR];

/// The method `name` a builtin MRO entry `ty` contributes (its own table only).
fn native_method(ty: &'static Type, name: &[u8]) -> Option<&'static BuiltinFn> {
    let extra: &[&BuiltinFn] = if core::ptr::eq(ty, &types::OBJECT_TYPE) {
        // `object` has dunder methods only (its type's own table is empty): the
        // attribute names of user classes' instances, which end every MRO walk here,
        // are not compared with each of them.
        if !name.starts_with(b"__") {
            return None;
        }
        &OBJECT_METHODS
    } else if core::ptr::eq(ty, &exc::BASE_EXCEPTION) {
        &EXC_METHODS
    } else {
        &[]
    };
    ty.methods
        .iter()
        .chain(extra.iter())
        .find(|m| m.name.as_bytes() == name)
        .copied()
}

// ---------------------------------------------------------------------------------
// Lookup

/// Finds `name` (a str object) in the MRO of `c` from entry `start` on: user classes'
/// dicts, and (unless `user_only`) builtin entries' methods.
pub fn lookup_from(
    c: &ClassObj,
    name: Obj,
    start: usize,
    user_only: bool,
) -> PyResult<Option<Obj>> {
    let mro = tuple::items(c.mro);
    let mut text = None;
    for &e in mro.get(start..).unwrap_or(&[]) {
        if let Some(uc) = as_class(e) {
            if let Some(v) = dict::map(uc.dict).get(name)? {
                return Ok(Some(v));
            }
        } else if !user_only {
            if let Some(ty) = types::class_of(e) {
                let Some(n) = *text.get_or_insert_with(|| pystr::bytes(name)) else {
                    continue;
                };
                if let Some(m) = native_method(ty, n) {
                    return Ok(Some(m.obj()));
                }
            }
        }
    }
    Ok(None)
}

/// `name` in the MRO of `c`, builtin entries included.
pub fn lookup(c: &ClassObj, name: Obj) -> PyResult<Option<Obj>> {
    lookup_from(c, name, 0, false)
}

/// `name` defined by a user class in the MRO of `c` (special-method dispatch; builtin
/// behaviour comes from the native type's slots instead).
pub fn lookup_user(c: &ClassObj, name: Obj) -> PyResult<Option<Obj>> {
    lookup_from(c, name, 0, true)
}

// ---------------------------------------------------------------------------------
// Building classes

/// The MRO of a base (a class object): its own for user classes, the `base` chain then
/// `object` for builtins.
fn base_mro(b: Obj) -> PyResult<Vec<Obj>> {
    let mut v = Vec::new();
    if let Some(c) = as_class(b) {
        let items = tuple::items(c.mro);
        v.try_reserve(items.len()).map_err(|_| oom())?;
        v.extend_from_slice(items);
        return Ok(v);
    }
    let mut t = types::class_of(b);
    while let Some(ty) = t {
        v.try_reserve(1).map_err(|_| oom())?;
        v.push(types::type_obj_of(ty));
        t = ty.base;
    }
    if v.last().is_none_or(|&o| o != types::OBJECT.obj()) {
        v.try_reserve(1).map_err(|_| oom())?;
        v.push(types::OBJECT.obj());
    }
    Ok(v)
}

fn oom() -> Raised {
    exc::raise_memory_error();
    Raised
}

/// C3 linearisation of `seqs` (each base's MRO, then the bases).
fn c3_merge(mut seqs: Vec<Vec<Obj>>) -> PyResult<Vec<Obj>> {
    let mut out = Vec::new();
    loop {
        seqs.retain(|s| !s.is_empty());
        if seqs.is_empty() {
            return Ok(out);
        }
        let head = seqs
            .iter()
            .map(|s| s[0])
            .find(|&h| !seqs.iter().any(|s| s[1..].contains(&h)));
        let Some(h) = head else {
            raise(
                &exc::TYPE_ERROR,
                "Cannot create a consistent method resolution order (MRO)",
            );
            return Err(Raised);
        };
        out.try_reserve(1).map_err(|_| oom())?;
        out.push(h);
        for s in seqs.iter_mut() {
            if s[0] == h {
                s.remove(0);
            }
        }
    }
}

/// The native (builtin layout) type of base `b`; `TypeError` for builtins that cannot
/// be subclassed.
fn native_of(b: Obj) -> PyResult<&'static Type> {
    if let Some(c) = as_class(b) {
        return Ok(c.native);
    }
    let Some(ty) = types::class_of(b) else {
        raise(&exc::TYPE_ERROR, "bases must be types");
        return Err(Raised);
    };
    if core::ptr::eq(ty, &types::OBJECT_TYPE) || exc::class_obj(ty).is_some() {
        return Ok(ty);
    }
    raise_parts(
        &exc::TYPE_ERROR,
        &[
            b"type '",
            ty.name.as_bytes(),
            b"' isn't an acceptable base type",
        ],
    );
    Err(Raised)
}

/// `class name(*bases): <body filling namespace>`.
#[no_mangle]
pub extern "C" fn upy_build_class(name: Obj, bases: Obj, namespace: Obj) -> Obj {
    build(name, bases, namespace).unwrap_or(NULL)
}

fn build(name: Obj, bases: Obj, namespace: Obj) -> PyResult<Obj> {
    let Some(text) = pystr::as_str(name) else {
        raise(&exc::TYPE_ERROR, "class name must be a str");
        return Err(Raised);
    };
    // SAFETY: the class keeps `name` alive (its `name` field) as long as the embedded
    // type that borrows the text.
    let text: &'static str = unsafe { &*(text as *const str) };
    let Some(base_items) = tuple::items_of(bases) else {
        raise(&exc::TYPE_ERROR, "class bases must be a tuple");
        return Err(Raised);
    };
    if !dict::is_dict(namespace) {
        raise(&exc::TYPE_ERROR, "class namespace must be a dict");
        return Err(Raised);
    }
    let object = [types::OBJECT.obj()];
    let base_list: &[Obj] = if base_items.is_empty() {
        &object
    } else {
        base_items
    };

    // The native layout: the most derived builtin of all bases.
    let mut native: &'static Type = &types::OBJECT_TYPE;
    for (i, &b) in base_list.iter().enumerate() {
        if base_list[..i].contains(&b) {
            raise(&exc::TYPE_ERROR, "duplicate base class");
            return Err(Raised);
        }
        let n = native_of(b)?;
        if n.is_subclass_of(native) || core::ptr::eq(native, &types::OBJECT_TYPE) {
            native = n;
        } else if !(native.is_subclass_of(n) || core::ptr::eq(n, &types::OBJECT_TYPE)) {
            raise(
                &exc::TYPE_ERROR,
                "multiple bases have instance lay-out conflict",
            );
            return Err(Raised);
        }
    }

    // `__eq__` without `__hash__` makes instances unhashable.
    let ns = dict::map(namespace);
    if ns.get(sname(&S_EQ))?.is_some() && ns.get(sname(&S_HASH))?.is_none() {
        ns.store(sname(&S_HASH), NONE)?;
    }

    let (dict_off, size) = if native.kind == Kind::Exception {
        (size_of::<ExcObj>(), size_of::<ExcObj>() + WORD)
    } else {
        (WORD, 2 * WORD)
    };
    let bases_t = if base_items.is_empty() {
        obj::check(tuple::new(&object))?
    } else {
        bases
    };
    let class = Type {
        name: text,
        base: Some(native),
        kind: if native.kind == Kind::Exception {
            Kind::Exception
        } else {
            Kind::Other
        },
        methods: &USER_METHODS,
        ..instance::slots(text)
    };
    let o = obj::check(obj::new_obj(ClassObj {
        ty: &CLASS_META,
        class,
        name,
        bases: bases_t,
        mro: tuple::empty(),
        dict: namespace,
        native,
        dict_off,
        size,
        ctor: core::cell::Cell::new((0, NULL, NULL)),
    }))?;
    // SAFETY: just allocated; nothing else refers to it yet.
    let c = unsafe { &mut *(o as *mut ClassObj) };
    // Attribute caches key on the class's address, which a new class may reuse.
    crate::map::bump_class_epoch();
    dict::map(namespace).watched = true;

    let mut seqs = Vec::new();
    seqs.try_reserve(base_list.len() + 1).map_err(|_| oom())?;
    for &b in base_list {
        seqs.push(base_mro(b)?);
    }
    let mut direct = Vec::new();
    direct.try_reserve(base_list.len()).map_err(|_| oom())?;
    direct.extend_from_slice(base_list);
    seqs.push(direct);
    let merged = c3_merge(seqs)?;
    let mut mro = Vec::new();
    mro.try_reserve(merged.len() + 1).map_err(|_| oom())?;
    mro.push(o);
    mro.extend_from_slice(&merged);
    c.mro = obj::check(tuple::new(&mro))?;

    // Slots whose mere presence means something.
    let c: &'static ClassObj = c;
    if lookup_user(c, sname(&S_CALL))?.is_none() && c.native.call.is_none() {
        // SAFETY: still being set up, single-threaded.
        unsafe { (*(o as *mut ClassObj)).class.call = None };
    }
    if lookup_user(c, sname(&S_LEN))?.is_none() && c.native.len.is_none() {
        // SAFETY: as above.
        unsafe { (*(o as *mut ClassObj)).class.len = None };
    }
    Ok(o)
}

// ---------------------------------------------------------------------------------
// Instances

/// A new instance of `c` with no attributes (exceptions get `args` = `pos`).
pub fn alloc_instance(c: &'static ClassObj, pos: &[Obj]) -> PyResult<Obj> {
    let args = if c.native.kind == Kind::Exception {
        obj::check(tuple::new(pos))?
    } else {
        NULL
    };
    let p = gc::alloc(c.size);
    if p.is_null() {
        return Err(oom());
    }
    // SAFETY: a fresh zeroed block of `c.size` bytes, laid out as the native type's
    // object (its first word the type) followed by the dict word (NULL).
    unsafe {
        (p as *mut &'static Type).write(&c.class);
        if c.native.kind == Kind::Exception {
            let e = p as *mut ExcObj;
            core::ptr::addr_of_mut!((*e).args).write(args);
            core::ptr::addr_of_mut!((*e).cause).write(NULL);
        }
    }
    Ok(p as Obj)
}

/// Calling a class: `__new__` (when a user class defines one), then `__init__`.
fn meta_call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    let Some(c) = as_class(callee) else {
        return raise(&exc::TYPE_ERROR, "not a class");
    };
    new_instance(c, pos, kw).unwrap_or(NULL)
}

/// `__new__` (user classes only) and `__init__` of `c`, from its cache while no class
/// namespace changed.
fn ctor_lookups(c: &ClassObj) -> PyResult<(Option<Obj>, Option<Obj>)> {
    let epoch = crate::map::CLASS_EPOCH.load(core::sync::atomic::Ordering::Relaxed);
    let some = |o: Obj| Some(o).filter(|&o| o != NULL);
    let (e, new, init) = c.ctor.get();
    if e == epoch {
        return Ok((some(new), some(init)));
    }
    let new = lookup_user(c, sname(&S_NEW))?;
    let init = lookup(c, sname(&S_INIT))?;
    c.ctor
        .set((epoch, new.unwrap_or(NULL), init.unwrap_or(NULL)));
    Ok((new, init))
}

fn new_instance(c: &'static ClassObj, pos: &[Obj], kw: &[Obj]) -> PyResult<Obj> {
    let (user_new, init) = ctor_lookups(c)?;
    let inst = match user_new {
        Some(f) => {
            let f = descr::unwrap_static(f);
            let o = obj::check(callable::call_with_self(f, c.obj(), pos, kw))?;
            if !obj::type_of(o).is_subclass_of(&c.class) {
                return Ok(o);
            }
            o
        }
        None => alloc_instance(c, pos)?,
    };
    // A user `__new__` may have changed the class: look `__init__` up after it.
    let init = match user_new {
        Some(_) => lookup(c, sname(&S_INIT))?,
        None => init,
    };
    match init {
        Some(f)
            if f == OBJECT_INIT.obj()
                && user_new.is_none()
                && (!pos.is_empty() || !kw.is_empty()) =>
        {
            raise_parts(
                &exc::TYPE_ERROR,
                &[c.class.name.as_bytes(), b"() takes no arguments"],
            );
            return Err(Raised);
        }
        Some(f) if f == OBJECT_INIT.obj() => {}
        // `args` was set when the instance was made.
        Some(f) if f == EXC_INIT.obj() => {}
        Some(f) => {
            let r = match descr::bind(f, Some(inst), c.obj())? {
                Bound::Method(f, s) => callable::call_with_self(f, s, pos, kw),
                Bound::Value(v) => callable::call(v, pos, kw),
            };
            let r = obj::check(r)?;
            if r != NONE {
                raise_parts(
                    &exc::TYPE_ERROR,
                    &[
                        b"__init__() should return None, not '",
                        obj::type_name(r).as_bytes(),
                        b"'",
                    ],
                );
                return Err(Raised);
            }
        }
        None => {}
    }
    Ok(inst)
}

// ---------------------------------------------------------------------------------
// The class as a value

fn meta_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"<class '");
    w.write(as_class(o).map_or("?", |c| c.class.name).as_bytes());
    w.write(b"'>");
    Ok(())
}

fn meta_attr(o: Obj, name: Obj) -> Obj {
    let Some(c) = as_class(o) else {
        return NOT_IMPL;
    };
    match lookup(c, name) {
        Ok(Some(v)) => {
            return match descr::bind(v, None, o) {
                Ok(b) => descr::bound_value(b),
                Err(Raised) => NULL,
            }
        }
        Ok(None) => {}
        Err(Raised) => return NULL,
    }
    match pystr::bytes(name).unwrap_or(b"") {
        b"__name__" => c.name,
        b"__bases__" => c.bases,
        b"__mro__" => c.mro,
        b"__dict__" => c.dict,
        b"__class__" => types::TYPE.obj(),
        _ => NOT_IMPL,
    }
}

fn meta_store_attr(o: Obj, name: Obj, value: Obj) -> Obj {
    let Some(c) = as_class(o) else {
        return NOT_IMPL;
    };
    let m = dict::map(c.dict);
    if value == NULL {
        return match m.remove(name) {
            Ok(Some(_)) => NONE,
            Ok(None) => crate::attr::attr_error(o, pystr::bytes(name).unwrap_or(b"?")),
            Err(Raised) => NULL,
        };
    }
    match m.store(name, value) {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}
