//! Module objects and the import of builtin modules.
//!
//! A builtin module is a [`ModuleDef`]: a `#[no_mangle]` static named
//! `upy_module_<name>` (see [`upyc_abi::modules`]) listing its members. Compiled code
//! imports one with `upy_import_builtin(&upy_module_<name>)`, so a program links only the
//! modules it imports. The first import builds the module object, whose attributes live
//! in a dict (members can be replaced or added at run time like any module's), and records
//! it in `sys.modules`; later imports return the same object.

use crate::callable::BuiltinFn;
use crate::dict;
use crate::exc::{self, raise_parts};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NOT_IMPL, NULL};
use crate::str as pystr;

/// One member of a builtin module.
pub enum Member {
    /// A builtin function.
    Fn(&'static BuiltinFn),
    /// A small int constant.
    Int(isize),
    /// A float constant.
    Float(crate::float::Flt),
    /// A string constant.
    Str(&'static str),
    /// A value built when the module is first imported (lists, type objects, ...);
    /// returns NULL with an exception pending on failure.
    Make(fn() -> Obj),
}

/// A builtin module: its name and members.
pub struct ModuleDef {
    /// The module's name (`"math"`), also its key in `sys.modules`.
    pub name: &'static str,
    /// Members by name.
    pub members: &'static [(&'static str, Member)],
}

/// A module object. A source module's attributes are its global slots (`globals`, named
/// by the table `names`: `[count, qstr, ...]`) plus, for names the module never uses, the
/// dict; a builtin module has only the dict.
#[repr(C)]
pub struct ModuleObj {
    ty: &'static Type,
    name: Obj,
    dict: Obj,
    globals: *mut Obj,
    names: *const u32,
}

/// `sys.modules`: created on first use; reachable from `.bss`, so the GC keeps it.
static mut LOADED: Obj = NULL;

/// The `sys.modules` dict.
pub fn loaded() -> Obj {
    // SAFETY: single-threaded.
    unsafe {
        if LOADED == NULL {
            LOADED = dict::new();
        }
        LOADED
    }
}

fn member_value(m: &Member) -> Obj {
    match m {
        Member::Fn(f) => f.obj(),
        Member::Int(v) => obj::new_small_int(*v),
        Member::Float(v) => crate::float::new(*v),
        Member::Str(s) => pystr::new_static(s),
        Member::Make(f) => f(),
    }
}

/// A new module object named `name` with attribute dict `d` (`__name__` is set).
pub fn new(name: Obj, d: Obj) -> PyResult<Obj> {
    dict::map(d).store(upyc_abi::qstr_obj(upyc_abi::qstr::NAME), name)?;
    let m = obj::new_obj(ModuleObj {
        ty: &MODULE_TYPE,
        name,
        dict: d,
        globals: core::ptr::null_mut(),
        names: core::ptr::null(),
    });
    if m == NULL {
        return Err(Raised);
    }
    Ok(m)
}

fn build(def: &'static ModuleDef) -> PyResult<Obj> {
    let name = pystr::new_static(def.name);
    if name == NULL {
        return Err(Raised);
    }
    let d = dict::new();
    if d == NULL {
        return Err(Raised);
    }
    for (n, m) in def.members {
        let key = pystr::new_static(n);
        let v = member_value(m);
        if key == NULL || v == NULL {
            return Err(Raised);
        }
        dict::map(d).store(key, v)?;
    }
    let m = new(name, d)?;
    dict::map(loaded()).store(name, m)?;
    Ok(m)
}

/// `import name` of a builtin module: the module object (built on first import).
#[no_mangle]
pub extern "C" fn upy_import_builtin(def: &'static ModuleDef) -> Obj {
    let key = pystr::new_static(def.name);
    if key == NULL {
        return NULL;
    }
    match dict::map(loaded()).get(key) {
        Ok(Some(m)) => m,
        Ok(None) => build(def).unwrap_or(NULL),
        Err(Raised) => NULL,
    }
}

/// `from module import name`: the attribute, or `ImportError` naming it.
#[no_mangle]
pub extern "C" fn upy_import_from(module: Obj, name: Obj) -> Obj {
    if obj::is_type(module, &MODULE_TYPE) {
        if let Ok(Some(v)) = dict::map(dict_of(module)).get(name) {
            return v;
        }
    }
    let r = crate::attr::upy_load_attr(module, name);
    if r != NULL {
        return r;
    }
    exc::clear();
    raise_parts(
        &exc::IMPORT_ERROR,
        &[b"cannot import name ", pystr::bytes(name).unwrap_or(b"?")],
    )
}

/// `import m` of a source module, first time: its module object, recorded in
/// `sys.modules` (see [`upyc_abi::entry::MODULE_NEW`]).
#[no_mangle]
pub extern "C" fn upy_module_new(name: Obj, globals: *mut Obj, names: *const u32) -> Obj {
    let d = dict::new();
    if d == NULL {
        return NULL;
    }
    let m = obj::new_obj(ModuleObj {
        ty: &MODULE_TYPE,
        name,
        dict: d,
        globals,
        names,
    });
    if m == NULL {
        return NULL;
    }
    match dict::map(loaded()).store(name, m) {
        Ok(()) => m,
        Err(Raised) => NULL,
    }
}

/// A source module's body raised: forget it (see [`upyc_abi::entry::MODULE_FAILED`]).
#[no_mangle]
pub extern "C" fn upy_module_failed(name: Obj) {
    // Removing a present key neither allocates nor raises.
    let _ = dict::map(loaded()).remove(name);
}

/// `from m import *`: attribute `name` of module `m`, or NULL without an exception.
#[no_mangle]
pub extern "C" fn upy_module_get(m: Obj, name: Obj) -> Obj {
    if !obj::is_type(m, &MODULE_TYPE) {
        return NULL;
    }
    if let Some(slot) = slot_of(m, name) {
        // SAFETY: `slot` points into the module's global slots.
        return unsafe { *slot };
    }
    dict::map(dict_of(m))
        .get(name)
        .ok()
        .flatten()
        .unwrap_or(NULL)
}

/// Raises `ImportError: no module named 'name'`.
#[no_mangle]
pub extern "C" fn upy_raise_import_error(name: Obj) -> Obj {
    raise_parts(
        &exc::IMPORT_ERROR,
        &[
            b"no module named '",
            pystr::bytes(name).unwrap_or(b"?"),
            b"'",
        ],
    )
}

/// The global slot of source module `m` named `name`, if the module has one.
fn slot_of(m: Obj, name: Obj) -> Option<*mut Obj> {
    // SAFETY: callers pass a module object; `names` is the compiler's table for
    // `globals` (or null).
    unsafe {
        let mo = &*(m as *const ModuleObj);
        if mo.names.is_null() {
            return None;
        }
        let count = *mo.names as usize;
        let wanted = pystr::bytes(name)?;
        let q = obj::is_qstr(name).then(|| obj::qstr_value(name));
        for i in 0..count {
            let slot_q = *mo.names.add(1 + i) as usize;
            let same = match q {
                Some(q) => q == slot_q,
                None => crate::qstr::bytes(slot_q) == wanted,
            };
            if same {
                return Some(mo.globals.add(i));
            }
        }
        None
    }
}

/// The attribute dict of module `m`.
pub fn dict_of(m: Obj) -> Obj {
    // SAFETY: callers pass a module object.
    unsafe { (*(m as *const ModuleObj)).dict }
}

fn attr(m: Obj, name: Obj) -> Obj {
    if let Some(slot) = slot_of(m, name) {
        // SAFETY: `slot` points into the module's global slots.
        let v = unsafe { *slot };
        if v != NULL {
            return v;
        }
    }
    let d = dict_of(m);
    let map = dict::map(d);
    match map.find(name) {
        Ok(Some(i)) => {
            // A member stored under a str equal to the interned name (builtin modules
            // key their members by their text): keep the qstr as the key, so the next
            // lookup matches by identity instead of comparing text.
            if obj::is_qstr(name) {
                map.entries[i].key = name;
            }
            map.entries[i].value
        }
        Ok(None) if pystr::bytes(name) == Some(b"__dict__") => d,
        Ok(None) => raise_parts(
            &exc::ATTRIBUTE_ERROR,
            &[
                b"'module' object has no attribute '",
                pystr::bytes(name).unwrap_or(b"?"),
                b"'",
            ],
        ),
        Err(Raised) => NULL,
    }
}

fn store_attr(m: Obj, name: Obj, value: Obj) -> Obj {
    if let Some(slot) = slot_of(m, name) {
        // SAFETY: `slot` points into the module's global slots.
        unsafe {
            if value == NULL && *slot == NULL {
                return NOT_IMPL;
            }
            *slot = value;
        }
        return obj::NONE;
    }
    let map = dict::map(dict_of(m));
    let r = if value == NULL {
        match map.remove(name) {
            Ok(Some(_)) => Ok(()),
            Ok(None) => return NOT_IMPL,
            Err(e) => Err(e),
        }
    } else {
        map.store(name, value)
    };
    match r {
        Ok(()) => obj::NONE,
        Err(Raised) => NULL,
    }
}

fn print(w: &mut dyn Writer, m: Obj, _k: PrintKind) -> PyResult<()> {
    // SAFETY: a module object.
    let name = unsafe { (*(m as *const ModuleObj)).name };
    w.write(b"<module '");
    w.write(pystr::bytes(name).unwrap_or(b"?"));
    w.write(b"'>");
    Ok(())
}

/// `module`.
pub static MODULE_TYPE: Type = Type {
    print: Some(print),
    attr: Some(attr),
    store_attr: Some(store_attr),
    ..Type::new("module")
};
