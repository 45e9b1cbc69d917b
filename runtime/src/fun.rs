//! Function objects of compiled code (`upy_make_function`) and the cells closures
//! capture (`upy_make_cell`).
//!
//! A function object is `{ type, desc, defaults, kwdefaults, closure, entry }`
//! (`upyc_abi::layout`): `desc` points at the compiler's static descriptor
//! (`upyc_abi::fun_desc`), `entry` is the generic entry it names, the other words are
//! the values evaluated when the `def` ran. Calling one goes through [`FUNCTION_TYPE`]'s
//! `call` slot, which binds the positional values and keyword pairs into the
//! descriptor's slot array exactly like CPython (defaults, keyword-only parameters,
//! `*args`, `**kwargs`) and then calls the generic entry `entry(fun, slots)`.

use alloc::vec::Vec;

use crate::exc::{self, raise_parts};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NULL};
use crate::str as pystr;
use crate::{dict, tuple};
use upyc_abi::{fun_desc, layout, FUN_COMPACT, FUN_VARARGS, FUN_VARKW};

/// The generic entry of a compiled function: `code(fun, slots)`; NULL when it raised.
/// It reads its parameters from `slots` and never writes to them.
pub type CodeFn = extern "C" fn(Obj, *const Obj) -> Obj;

/// A compiled function's descriptor (static data emitted by the compiler), laid out as
/// `upyc_abi::fun_desc` says: the shape, then (unless compact) the name, the parameter
/// names, then the generic entry's word (or, for compact bytecode, the code object).
#[repr(C)]
pub struct FunDesc {
    /// `n_pos | n_kwonly << 6 | flags << 12`.
    shape: u16,
    /// The names (qstr numbers) start here.
    names: [u16; 0],
}

impl FunDesc {
    /// Number of positional parameters.
    pub fn n_pos(&self) -> usize {
        usize::from(self.shape) & fun_desc::MAX_PARAMS
    }

    /// Number of keyword-only parameters.
    pub fn n_kwonly(&self) -> usize {
        usize::from(self.shape) >> fun_desc::SHAPE_KWONLY_SHIFT & fun_desc::MAX_PARAMS
    }

    /// `FUN_*` flags.
    pub fn flags(&self) -> usize {
        usize::from(self.shape) >> fun_desc::SHAPE_FLAGS_SHIFT
    }

    /// The function's name, a qstr object.
    pub fn name(&self) -> Obj {
        if self.flags() & FUN_COMPACT != 0 {
            // SAFETY: a compact descriptor's code object follows the names.
            return unsafe { crate::pyvm::code_name(self.after_names()) };
        }
        // SAFETY: a descriptor that is not compact starts its names with the function's.
        upyc_abi::qstr_obj(usize::from(unsafe { *self.names.as_ptr() }))
    }

    /// The `n_pos + n_kwonly` parameter names (qstr numbers).
    fn names(&self) -> &[u16] {
        let skip = usize::from(self.flags() & FUN_COMPACT == 0);
        // SAFETY: the compiler emits the parameter names after the shape (and the
        // function's name unless compact).
        unsafe {
            core::slice::from_raw_parts(
                self.names.as_ptr().add(skip),
                self.n_pos() + self.n_kwonly(),
            )
        }
    }

    /// What follows the parameter names: the generic entry's word (aligned), or a
    /// compact bytecode function's code object.
    fn after_names(&self) -> *const u8 {
        self.names().as_ptr_range().end.cast()
    }

    /// The generic entry.
    fn entry(&self) -> CodeFn {
        if self.flags() & FUN_COMPACT != 0 {
            // SAFETY: a program with compact functions names the VM's entry in the word.
            return unsafe { upy_compact_call.unwrap_or_else(|| unreachable!()) };
        }
        let at = self.after_names() as usize;
        let at = (at + WORD - 1) & !(WORD - 1);
        // SAFETY: the compiler emits the entry's word at the next word boundary.
        unsafe { *(at as *const CodeFn) }
    }
}

extern "C" {
    /// The VM's entry for compact bytecode functions (`upyc_abi::emitted::COMPACT_CALL`).
    static upy_compact_call: Option<CodeFn>;
}

/// A function object of compiled code.
#[repr(C)]
pub struct FunObj {
    /// Always [`FUNCTION_TYPE`].
    ty: &'static Type,
    /// The descriptor.
    pub desc: *const FunDesc,
    /// Defaults of the last positional parameters: a tuple, or NULL.
    pub defaults: Obj,
    /// Defaults of keyword-only parameters: a dict (name → value), or NULL.
    pub kwdefaults: Obj,
    /// The captured cells: a tuple, or NULL.
    pub closure: Obj,
    /// The descriptor's generic entry.
    entry: CodeFn,
}

/// A cell: a variable captured by a closure. `value` NULL means unbound.
#[repr(C)]
pub struct CellObj {
    /// Always [`CELL_TYPE`].
    ty: &'static Type,
    /// The value, or NULL.
    pub value: Obj,
}

const WORD: usize = core::mem::size_of::<usize>();

// The compiler reads and writes these words directly: keep the structs in step with
// the contract.
const _: () = {
    assert!(core::mem::offset_of!(FunObj, desc) == layout::FUN_DESC * WORD);
    assert!(core::mem::offset_of!(FunObj, defaults) == layout::FUN_DEFAULTS * WORD);
    assert!(core::mem::offset_of!(FunObj, closure) == layout::FUN_CLOSURE * WORD);
    assert!(core::mem::offset_of!(FunObj, entry) == layout::FUN_ENTRY * WORD);
    assert!(core::mem::offset_of!(CellObj, value) == layout::CELL_VALUE * WORD);
    assert!(core::mem::offset_of!(FunDesc, names) == fun_desc::SHAPE_BYTES);
};

/// `function`: compiled functions. Callable, `__name__`, hashable and compared by
/// identity (no `hash`/`binop` slots).
pub static FUNCTION_TYPE: Type = Type {
    call: Some(fun_call),
    print: Some(fun_print),
    attr: Some(fun_attr),
    ..Type::new("function")
};

/// `cell`: prints as `<cell>` (the default for a type without a `print` slot).
pub static CELL_TYPE: Type = Type::new("cell");

/// A new function object for descriptor `desc`; NULL with `MemoryError` pending.
///
/// # Safety
/// `desc` points at a descriptor laid out as `upyc_abi::fun_desc` describes that
/// lives as long as the program (the compiler's static data).
#[no_mangle]
pub unsafe extern "C" fn upy_make_function(
    desc: *const usize,
    defaults: Obj,
    kwdefaults: Obj,
    closure: Obj,
) -> Obj {
    let desc = desc as *const FunDesc;
    obj::new_obj(FunObj {
        ty: &FUNCTION_TYPE,
        desc,
        defaults,
        kwdefaults,
        closure,
        // SAFETY: per the contract.
        entry: unsafe { &*desc }.entry(),
    })
}

/// The compact code object of function object `o`, which must be a compact bytecode
/// function (its entry is the VM's).
pub fn code_object(o: Obj) -> *const u8 {
    desc(fun(o)).after_names()
}

/// The closure (a tuple of cells, or NULL) of function object `o`, which must be a
/// function of compiled code.
pub fn closure_of(o: Obj) -> Obj {
    fun(o).closure
}

/// A new cell holding `value` (NULL = unbound); NULL with `MemoryError` pending.
#[no_mangle]
pub extern "C" fn upy_make_cell(value: Obj) -> Obj {
    obj::new_obj(CellObj {
        ty: &CELL_TYPE,
        value,
    })
}

/// The generic entry of `o` when it is a function object of compiled code taking
/// exactly `n` positional arguments and nothing else: then the caller's argument
/// array is the slot array and the entry can be called without binding.
#[inline(always)]
pub fn exact_entry(o: Obj, n: usize) -> Option<CodeFn> {
    if !is_function(o) {
        return None;
    }
    let f = fun(o);
    // Exactly `n` positional parameters, no keyword-only ones, no flags but compact.
    (usize::from(desc(f).shape) & !(FUN_COMPACT << fun_desc::SHAPE_FLAGS_SHIFT) == n)
        .then_some(f.entry)
}

/// True for a function object of compiled code.
pub fn is_function(o: Obj) -> bool {
    obj::is_type(o, &FUNCTION_TYPE)
}

/// The function object behind `o` (which must be one).
fn fun<'a>(o: Obj) -> &'a FunObj {
    // SAFETY: only objects of FUNCTION_TYPE reach the slots that call this.
    unsafe { &*(o as *const FunObj) }
}

/// The descriptor of function object `f`.
fn desc<'a>(f: &FunObj) -> &'a FunDesc {
    // SAFETY: `upy_make_function`'s contract: a static descriptor.
    unsafe { &*f.desc }
}

/// Slot arrays up to this many words live on the stack.
const INLINE_SLOTS: usize = 8;

/// The `call` slot: binds the arguments, then runs `code(fun, slots)`.
fn fun_call(callee: Obj, pos: &[Obj], kw: &[Obj]) -> Obj {
    let f = fun(callee);
    let d = desc(f);
    // The common case: exactly the positional parameters, nothing else to bind. The
    // caller's argument array already is the slot array.
    if kw.is_empty() {
        if let Some(code) = exact_entry(callee, pos.len()) {
            return code(callee, pos.as_ptr());
        }
    }
    bind_and_call(callee, f, d, pos, kw)
}

/// [`fun_call`] when the arguments need binding: its slot array lives in this frame,
/// so the common case's frame stays small (deep recursion runs in every frame of it).
#[inline(never)]
fn bind_and_call(callee: Obj, f: &FunObj, d: &FunDesc, pos: &[Obj], kw: &[Obj]) -> Obj {
    let n_slots = d.n_pos()
        + d.n_kwonly()
        + usize::from(d.flags() & FUN_VARARGS != 0)
        + usize::from(d.flags() & FUN_VARKW != 0);
    if n_slots <= INLINE_SLOTS {
        let mut buf = [NULL; INLINE_SLOTS];
        let slots = &mut buf[..n_slots];
        if bind(f, d, pos, kw, slots).is_err() {
            return NULL;
        }
        return (f.entry)(callee, slots.as_ptr());
    }
    let mut v: Vec<Obj> = Vec::new();
    if v.try_reserve_exact(n_slots).is_err() {
        return exc::raise_memory_error();
    }
    v.resize(n_slots, NULL);
    if bind(f, d, pos, kw, &mut v).is_err() {
        return NULL;
    }
    let r = (f.entry)(callee, v.as_ptr());
    // Keep the array (a GC root through this frame) alive until the code returns.
    core::hint::black_box(&v);
    r
}

/// True when parameter name `param` (a qstr number) and keyword name `key` (a qstr or
/// str object) spell the same name.
fn same_name(param: u16, key: &[u8], key_obj: Obj) -> bool {
    let param = upyc_abi::qstr_obj(usize::from(param));
    param == key_obj || pystr::bytes(param) == Some(key)
}

/// Binds `pos` and the keyword pairs `kw` into `slots` (all NULL on entry, length
/// `n_pos + n_kwonly [+ 1 for *args] [+ 1 for **kwargs]`), CPython's rules.
fn bind(f: &FunObj, d: &FunDesc, pos: &[Obj], kw: &[Obj], slots: &mut [Obj]) -> PyResult<()> {
    let n_pos = d.n_pos();
    let n_params = n_pos + d.n_kwonly();
    let has_varargs = d.flags() & FUN_VARARGS != 0;
    let has_varkw = d.flags() & FUN_VARKW != 0;
    let varargs_slot = n_params;
    let varkw_slot = n_params + usize::from(has_varargs);

    // Positional values, extras into *args.
    let n_given = pos.len().min(n_pos);
    slots[..n_given].copy_from_slice(&pos[..n_given]);
    if pos.len() > n_pos {
        if !has_varargs {
            crate::entry::upy_raise_arg_count(d.name(), n_pos, pos.len());
            return Err(Raised);
        }
        slots[varargs_slot] = obj::check(tuple::new(&pos[n_pos..]))?;
    } else if has_varargs {
        slots[varargs_slot] = tuple::empty();
    }

    // Keywords by name, unknown ones into **kwargs.
    let names = d.names();
    for pair in kw.chunks_exact(2) {
        let (key, value) = (pair[0], pair[1]);
        let Some(k) = pystr::bytes(key) else {
            exc::raise(&exc::TYPE_ERROR, "keywords must be strings");
            return Err(Raised);
        };
        if let Some(i) = names.iter().position(|&p| same_name(p, k, key)) {
            if slots[i] != NULL {
                raise_parts(
                    &exc::TYPE_ERROR,
                    &[b"function got multiple values for argument '", k, b"'"],
                );
                return Err(Raised);
            }
            slots[i] = value;
        } else if has_varkw {
            if slots[varkw_slot] == NULL {
                slots[varkw_slot] = obj::check(dict::new())?;
            }
            dict::map(slots[varkw_slot]).store(key, value)?;
        } else {
            raise_parts(
                &exc::TYPE_ERROR,
                &[b"unexpected keyword argument '", k, b"'"],
            );
            return Err(Raised);
        }
    }
    if has_varkw && slots[varkw_slot] == NULL {
        slots[varkw_slot] = obj::check(dict::new())?;
    }

    // Missing positional parameters from the defaults (aligned to the end).
    if slots[..n_pos].contains(&NULL) {
        let defaults: &[Obj] = if obj::is_type(f.defaults, &tuple::TUPLE_TYPE) {
            tuple::items(f.defaults)
        } else {
            &[]
        };
        let first_default = n_pos.saturating_sub(defaults.len());
        let skip = defaults.len().saturating_sub(n_pos);
        let mut missing = 0;
        for (i, slot) in slots[..n_pos].iter_mut().enumerate() {
            if *slot != NULL {
                continue;
            }
            if i >= first_default {
                *slot = defaults[skip + i - first_default];
            } else {
                missing += 1;
            }
        }
        if missing > 0 && kw.is_empty() {
            // MicroPython's fast path (positional arguments only) counts the required ones.
            crate::entry::upy_raise_arg_count(d.name(), first_default, pos.len());
            return Err(Raised);
        }
        if missing > 0 {
            let mut buf = [0u8; 24];
            raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"function missing ",
                    crate::console::fmt_int(missing as isize, &mut buf),
                    b" required positional arguments",
                ],
            );
            return Err(Raised);
        }
    }

    // Missing keyword-only parameters from the kwdefaults.
    let kwonly_names = names.get(n_pos..).unwrap_or(&[]);
    for (slot, &name) in slots[n_pos..n_params].iter_mut().zip(kwonly_names) {
        if *slot != NULL {
            continue;
        }
        let name = upyc_abi::qstr_obj(usize::from(name));
        let found = if dict::is_dict(f.kwdefaults) {
            dict::map(f.kwdefaults).get(name)?
        } else {
            None
        };
        let Some(v) = found else {
            raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"function missing required keyword argument '",
                    pystr::bytes(name).unwrap_or(b"?"),
                    b"'",
                ],
            );
            return Err(Raised);
        };
        *slot = v;
    }
    Ok(())
}

/// Writes `v` in lowercase hex, `0x` first.
fn write_hex(w: &mut dyn Writer, v: usize) {
    let mut buf = [0u8; 2 + 2 * WORD];
    let mut i = buf.len();
    let mut u = v;
    loop {
        i -= 1;
        buf[i] = b"0123456789abcdef"[u & 0xf];
        u >>= 4;
        if u == 0 {
            break;
        }
    }
    i -= 2;
    buf[i] = b'0';
    buf[i + 1] = b'x';
    w.write(&buf[i..]);
}

/// `<function NAME at 0xADDR>`.
fn fun_print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let d = desc(fun(o));
    w.write(b"<function ");
    w.write(pystr::bytes(d.name()).unwrap_or(b"?"));
    w.write(b" at ");
    write_hex(w, o);
    w.write(b">");
    Ok(())
}

/// `f.__name__`.
fn fun_attr(o: Obj, name: Obj) -> Obj {
    match pystr::bytes(name) {
        Some(b"__name__") => desc(fun(o)).name(),
        _ => obj::NOT_IMPL,
    }
}
