//! The caches of native code's attribute and method sites: three zeroed words of data
//! per site, which the runtime fills on a first, full lookup and trusts while the
//! object's type and the class epoch ([`crate::map::CLASS_EPOCH`]) are unchanged and a
//! cheap check of the instance dict still agrees. Bytecode does not use them (they
//! would cost RAM per site).

use core::sync::atomic::Ordering::Relaxed;

use crate::callable::{self, split_args};
use crate::class;
use crate::descr;
use crate::dict;
use crate::instance::inst_dict;
use crate::map::CLASS_EPOCH;
use crate::obj::{self, Obj, Type, NONE, NULL};
use upyc_abi::entry::METHOD_COUNTS_KW_SHIFT;

/// A site's cache: (type, what it remembers, class epoch).
type Cache = [usize; 3];

/// The type word a cache compares.
fn type_word(o: Obj) -> usize {
    obj::type_of(o) as *const Type as usize
}

/// The epoch now.
fn epoch() -> usize {
    CLASS_EPOCH.load(Relaxed)
}

/// True when `o`'s instance dict (if it is an instance of a user class) has no entry
/// `name`, so a method found in its class is what `o.name` means.
fn not_shadowed(o: Obj, name: Obj) -> bool {
    let Some(c) = class::class_of_instance(o) else {
        return true;
    };
    let d = inst_dict(o, c);
    d == NULL || matches!(dict::map(d).find(name), Ok(None))
}

/// `this.name(...)` (`args[0]` is `this`, then the arguments as for
/// [`crate::attr::upy_call_method`]; `counts` is `n_pos | n_kw << 16`) with the method
/// cache `cache` of one call site: the type of `this`, the callee, the class epoch.
/// The cache holds a method found on a first call when it is a function of a user
/// class (not shadowed by the instance dict, which every hit checks again), or a
/// method of a builtin type without an `attr` slot (which fixes its methods); a hit
/// calls it with `this` first, a miss takes the full path. When `this` is a user class
/// (`Class.name(...)`), the cache holds the class itself and the function, static
/// method or class method its MRO gives (see [`class_call_to_cache`]).
///
/// # Safety
/// `args` as for `upy_call_method`; `cache` points at three words only this site uses.
#[no_mangle]
pub unsafe extern "C" fn upy_call_method_cached(
    name: Obj,
    args: *const Obj,
    counts: usize,
    cache: *mut usize,
) -> Obj {
    let n_pos = counts & ((1 << METHOD_COUNTS_KW_SHIFT) - 1);
    let n_kw = counts >> METHOD_COUNTS_KW_SHIFT;
    if args.is_null() {
        // SAFETY: the generic path raises for a missing `self`.
        return unsafe { crate::attr::upy_call_method(name, args, n_pos, n_kw) };
    }
    // SAFETY: per the contract.
    let (this, cache) = unsafe { (*args, &mut *(cache as *mut Cache)) };
    let ty = type_word(this);
    // SAFETY: per the contract; `self` and the positional values are contiguous.
    let (with_self, kw) = unsafe { split_args(args, n_pos + 1, n_kw) };
    if cache[0] == ty && cache[2] == epoch() && not_shadowed(this, name) {
        return callable::call(cache[1], with_self, kw);
    }
    if cache[0] & CLASS_CALL != 0 && cache[0] & !CLASS_CALL == this && cache[2] == epoch() {
        return call_on_class(cache[0] & CLASS_CALL, cache[1], with_self, kw);
    }
    // A miss resolves the method once: what it finds is what the full path would call.
    if let Some(callee) = method_to_cache(this, name) {
        *cache = [ty, callee, epoch()];
        return callable::call(callee, with_self, kw);
    }
    if let Some((how, callee)) = class_call_to_cache(this, name) {
        *cache = [this | how, callee, epoch()];
        return call_on_class(how, callee, with_self, kw);
    }
    // SAFETY: per the contract.
    unsafe { crate::attr::upy_call_method(name, args, n_pos, n_kw) }
}

/// How a cached call on a class receiver (`Class.name(...)`) calls, kept in the low
/// bits of the first cache word (the class itself, word-aligned, instead of a type):
/// without the class (a function or a static method) or with it first (a class
/// method).
const WITHOUT_CLASS: usize = 1;
const WITH_CLASS: usize = 2;
const CLASS_CALL: usize = WITHOUT_CLASS | WITH_CLASS;

/// Calls `callee` as a cached call on a class receiver does (`how`; `with_self[0]` is
/// the class).
fn call_on_class(how: usize, callee: Obj, with_self: &[Obj], kw: &[Obj]) -> Obj {
    if how == WITH_CLASS {
        callable::call(callee, with_self, kw)
    } else {
        callable::call(callee, &with_self[1..], kw)
    }
}

/// What a method cache may hold for `Class.name(...)` where `this` is a user class:
/// a function, or the callable of a static or class method, found in its MRO (what
/// the full path would call; the class epoch guards it).
fn class_call_to_cache(this: Obj, name: Obj) -> Option<(usize, Obj)> {
    let c = class::as_class(this)?;
    if !obj::is_qstr(name) {
        return None;
    }
    let v = class::lookup(c, name).ok()??;
    if crate::fun::is_function(v) {
        return Some((WITHOUT_CLASS, v));
    }
    if let Some(f) = descr::static_fun(v) {
        return Some((WITHOUT_CLASS, f));
    }
    descr::class_fun(v).map(|f| (WITH_CLASS, f))
}

/// What a method cache may hold for `this.name`: see [`upy_call_method_cached`].
fn method_to_cache(this: Obj, name: Obj) -> Option<Obj> {
    if !obj::is_qstr(name) || descr::as_super(this).is_some() {
        return None;
    }
    if let Some(c) = class::class_of_instance(this) {
        let v = class::lookup(c, name).ok()??;
        return (crate::fun::is_function(v) && not_shadowed(this, name)).then_some(v);
    }
    let ty = obj::type_of(this);
    if ty.attr.is_some() {
        return None;
    }
    ty.find_method(crate::qstr::bytes(obj::qstr_value(name)))
        .map(|m| m.obj())
}

/// `o.name = value` with the store cache `cache` of one site: the instance type, the
/// entry number of `name` in the instance dict, the class epoch. A hit (an instance of
/// the cached class, no class namespace changed, the entry still holds `name`)
/// replaces the entry's value; a store into an instance of the cached class whose dict
/// has no such entry there stores by key (no property to look for); otherwise the full
/// store runs and, when no user class in the MRO has a data descriptor (a property) of
/// that name, fills the cache.
///
/// # Safety
/// `cache` points at three words only this site uses.
#[no_mangle]
pub unsafe extern "C" fn upy_store_attr_cached(
    o: Obj,
    name: Obj,
    value: Obj,
    cache: *mut usize,
) -> Obj {
    // SAFETY: per the contract.
    if let Some(e) = cached_entry(o, name, unsafe { &*(cache as *const Cache) }) {
        e.value = value;
        return NONE;
    }
    // SAFETY: per the contract.
    unsafe { store_attr_miss(o, name, value, cache) }
}

/// [`upy_store_attr_cached`] when the cache does not name the entry.
///
/// # Safety
/// As for `upy_store_attr_cached`.
#[cold]
#[inline(never)]
unsafe fn store_attr_miss(o: Obj, name: Obj, value: Obj, cache: *mut usize) -> Obj {
    // SAFETY: per the contract.
    let cache = unsafe { &mut *(cache as *mut Cache) };
    let Some(c) = class::class_of_instance(o) else {
        return crate::attr::upy_store_attr(o, name, value);
    };
    let ty = type_word(o);
    if cache[0] == ty && cache[2] == epoch() {
        let d = inst_dict(o, c);
        if d != NULL {
            if let Some(e) = dict::map(d).entries.get_mut(cache[1]) {
                if e.key == name {
                    e.value = value;
                    return NONE;
                }
            }
        }
        // No property of that name (the cache says): a store into the instance dict,
        // creating it, or adding the key (a constructor's stores into a new instance).
        return match crate::instance::inst_dict_create(o, c)
            .and_then(|d| dict::map(d).store_at(name, value))
        {
            Ok(i) => {
                cache[1] = i;
                NONE
            }
            Err(_) => NULL,
        };
    }
    let r = crate::attr::upy_store_attr(o, name, value);
    if r == NULL || !obj::is_qstr(name) {
        return r;
    }
    match class::lookup_from(c, name, 0, true) {
        Ok(Some(v)) if descr::is_data_descriptor(v) => return r,
        Ok(_) => {}
        Err(_) => return NULL,
    }
    let d = inst_dict(o, c);
    if d != NULL {
        if let Ok(Some(i)) = dict::map(d).find(name) {
            *cache = [ty, i, epoch()];
        }
    }
    r
}

/// `o.name` with the attribute cache `cache` of one load site (three words, zero at
/// first: the instance type, the entry number in the instance dict, the class epoch).
/// When `o` is an instance of the cached class, no class namespace changed since and
/// the instance dict's entry still holds `name`, the value comes from there directly;
/// otherwise the full lookup runs and, when it found the attribute in the instance
/// dict with nothing of that name in the class, fills the cache. A site whose name the
/// class has (a method, a class constant, a property) remembers that too and goes
/// straight to the full lookup, which then runs once, not twice.
///
/// # Safety
/// `cache` points at three words only this site uses.
#[no_mangle]
pub unsafe extern "C" fn upy_load_attr_cached(o: Obj, name: Obj, cache: *mut usize) -> Obj {
    // SAFETY: per the contract.
    let c = unsafe { &*(cache as *const Cache) };
    if let Some(e) = cached_entry(o, name, c) {
        return e.value;
    }
    // SAFETY: per the contract.
    unsafe { load_attr_miss(o, name, cache) }
}

/// The entry number a load cache holds for a name its class has.
const IN_CLASS: usize = usize::MAX;

/// The instance dict entry that cache `c` (valid for `o`'s type now) names, when it
/// still holds `name`: the hit path of the load and store caches, kept small.
#[inline(always)]
fn cached_entry<'a>(o: Obj, name: Obj, c: &Cache) -> Option<&'a mut crate::map::Entry> {
    if !obj::is_ptr(o) {
        return None;
    }
    let ty = type_word(o);
    if c[0] != ty || c[2] != epoch() {
        return None;
    }
    // A filled cache names a user class's type, so `o` is an instance of that class.
    let cls = class::from_type(obj::type_of(o))?;
    let d = inst_dict(o, cls);
    if d == NULL {
        return None;
    }
    // `IN_CLASS` is past every entry.
    let e = dict::map(d).entries.get_mut(c[1])?;
    (e.key == name).then_some(e)
}

/// [`upy_load_attr_cached`] when the cache does not answer.
///
/// # Safety
/// As for `upy_load_attr_cached`.
#[cold]
#[inline(never)]
unsafe fn load_attr_miss(o: Obj, name: Obj, cache: *mut usize) -> Obj {
    let Some(c) = class::class_of_instance(o) else {
        return crate::attr::upy_load_attr(o, name);
    };
    let epoch = crate::map::CLASS_EPOCH.load(Relaxed);
    // SAFETY: per the contract.
    let cache = unsafe { &mut *(cache as *mut [usize; 3]) };
    let d = inst_dict(o, c);
    let ty = obj::type_of(o) as *const Type as usize;
    let valid = cache[0] == ty && cache[2] == epoch;
    if valid && cache[1] == IN_CLASS {
        return crate::attr::upy_load_attr(o, name);
    }
    if d != NULL {
        let m = dict::map(d);
        if valid {
            if let Some(e) = m.entries.get(cache[1]) {
                if e.key == name {
                    return e.value;
                }
            }
        }
        if obj::is_qstr(name) {
            match class::lookup(c, name) {
                Ok(None) => {}
                Ok(Some(_)) => {
                    *cache = [ty, IN_CLASS, epoch];
                    return crate::attr::upy_load_attr(o, name);
                }
                Err(_) => return NULL,
            }
            match m.find(name) {
                Ok(Some(i)) => {
                    *cache = [ty, i, epoch];
                    return m.entries[i].value;
                }
                Ok(None) => {}
                Err(_) => return NULL,
            }
        }
    }
    crate::attr::upy_load_attr(o, name)
}
