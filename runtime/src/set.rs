//! `set` and `frozenset`: an open-addressing table iterated in slot order (as CPython
//! does, so small non-negative ints come out ascending), and `upy_build_set`,
//! `upy_set_add`.

use alloc::vec::Vec;

use crate::exc;
use crate::hash;
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NULL};
use upyc_abi::BinOp;

/// A deleted slot (never a value: a pointer-tagged odd address is impossible).
const DUMMY: Obj = 0b100;

/// A set or frozenset object.
#[repr(C)]
pub struct SetObj {
    ty: &'static Type,
    /// Slots: (hash, key); key NULL = free, DUMMY = deleted.
    table: Vec<(usize, Obj)>,
    used: usize,
    fill: usize,
}

/// A new empty set (`frozen`: a frozenset).
pub fn new(frozen: bool) -> Obj {
    obj::new_obj(SetObj {
        ty: if frozen { &FROZENSET_TYPE } else { &SET_TYPE },
        table: Vec::new(),
        used: 0,
        fill: 0,
    })
}

/// True for a set or frozenset.
pub fn is_set(o: Obj) -> bool {
    obj::is_type(o, &SET_TYPE) || obj::is_type(o, &FROZENSET_TYPE)
}

/// The set object `s` (which must be a set or frozenset).
pub fn get<'a>(s: Obj) -> &'a mut SetObj {
    // SAFETY: callers check the type; single-threaded.
    unsafe { &mut *(s as *mut SetObj) }
}

impl SetObj {
    /// Live items in iteration order.
    pub fn items(&self) -> Vec<Obj> {
        self.table
            .iter()
            .filter(|e| e.1 != NULL && e.1 != DUMMY)
            .map(|e| e.1)
            .collect()
    }

    /// Number of items.
    pub fn len(&self) -> usize {
        self.used
    }

    /// True when empty.
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }

    fn slot_of(&self, key: Obj, h: usize) -> PyResult<Option<usize>> {
        if self.table.is_empty() {
            return Ok(None);
        }
        let mask = self.table.len() - 1;
        let mut i = h & mask;
        loop {
            let (eh, k) = self.table[i];
            if k == NULL {
                return Ok(None);
            }
            if k != DUMMY && eh == h && hash::equal(k, key)? {
                return Ok(Some(i));
            }
            i = (i + 1) & mask;
        }
    }

    /// `key in self`.
    pub fn contains(&self, key: Obj) -> PyResult<bool> {
        let h = hash::hash(key)?;
        Ok(self.slot_of(key, h)?.is_some())
    }

    /// Adds `key`.
    pub fn add(&mut self, key: Obj) -> PyResult<()> {
        let h = hash::hash(key)?;
        if self.slot_of(key, h)?.is_some() {
            return Ok(());
        }
        if self.table.is_empty() {
            self.resize(8)?;
        }
        let mask = self.table.len() - 1;
        let mut i = h & mask;
        while self.table[i].1 != NULL && self.table[i].1 != DUMMY {
            i = (i + 1) & mask;
        }
        if self.table[i].1 == NULL {
            self.fill += 1;
        }
        self.table[i] = (h, key);
        self.used += 1;
        // CPython's growth rule: at 60% fill, resize to hold 4x the items.
        if self.fill * 5 >= mask * 3 {
            self.resize(self.used * 4)?;
        }
        Ok(())
    }

    fn resize(&mut self, min: usize) -> PyResult<()> {
        let mut size = 8;
        while size <= min {
            size *= 2;
        }
        let mut table = Vec::new();
        if table.try_reserve(size).is_err() {
            exc::raise_memory_error();
            return Err(Raised);
        }
        table.resize(size, (0, NULL));
        let old = core::mem::replace(&mut self.table, table);
        let mask = size - 1;
        for (h, k) in old {
            if k != NULL && k != DUMMY {
                let mut i = h & mask;
                while self.table[i].1 != NULL {
                    i = (i + 1) & mask;
                }
                self.table[i] = (h, k);
            }
        }
        self.fill = self.used;
        Ok(())
    }

    /// Removes `key`; false when absent.
    pub fn discard(&mut self, key: Obj) -> PyResult<bool> {
        let h = hash::hash(key)?;
        match self.slot_of(key, h)? {
            Some(i) => {
                self.table[i].1 = DUMMY;
                self.used -= 1;
                Ok(true)
            }
            None => Ok(false),
        }
    }

    /// Removes and returns the first item.
    pub fn pop(&mut self) -> Option<Obj> {
        let i = self
            .table
            .iter()
            .position(|e| e.1 != NULL && e.1 != DUMMY)?;
        let k = self.table[i].1;
        self.table[i].1 = DUMMY;
        self.used -= 1;
        Some(k)
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        self.table = Vec::new();
        self.used = 0;
        self.fill = 0;
    }
}

/// A new set (or frozenset) of the items of `iterable`.
pub fn from_iter(iterable: Obj, frozen: bool) -> Obj {
    let s = new(frozen);
    if s == NULL {
        return NULL;
    }
    match crate::iter::for_each(iterable, |x| get(s).add(x)) {
        Ok(()) => s,
        Err(_) => NULL,
    }
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let frozen = obj::is_type(o, &FROZENSET_TYPE);
    let items = get(o).items();
    if items.is_empty() {
        w.write(if frozen { b"frozenset()" } else { b"set()" });
        return Ok(());
    }
    if frozen {
        w.write(b"frozenset(");
    }
    crate::seq::print_items(w, &items, b"{", b"}")?;
    if frozen {
        w.write(b")");
    }
    Ok(())
}

/// `a <= b` as sets.
pub fn is_subset(a: Obj, b: Obj) -> PyResult<bool> {
    for x in get(a).items() {
        if !get(b).contains(x)? {
            return Ok(false);
        }
    }
    Ok(true)
}

/// The items of `a` kept (`keep_in_b`) or dropped by membership in `b`, as a new set
/// of `a`'s type.
pub fn filter(a: Obj, b: Obj, keep_in_b: bool) -> PyResult<Obj> {
    let r = obj::check(new(obj::is_type(a, &FROZENSET_TYPE)))?;
    for x in get(a).items() {
        if get(b).contains(x)? == keep_in_b {
            get(r).add(x)?;
        }
    }
    Ok(r)
}

/// A copy of `a` (of `a`'s type) with the items of `b` added.
pub fn union(a: Obj, b: Obj) -> PyResult<Obj> {
    let r = obj::check(new(obj::is_type(a, &FROZENSET_TYPE)))?;
    for x in get(a).items() {
        get(r).add(x)?;
    }
    crate::iter::for_each(b, |x| get(r).add(x))?;
    Ok(r)
}

fn binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    if op == BinOp::In {
        return match get(b).contains(a) {
            Ok(t) => obj::new_bool(t),
            Err(_) => NULL,
        };
    }
    if !(is_set(a) && is_set(b)) {
        return obj::NOT_IMPL;
    }
    let r = match op {
        BinOp::BitOr => union(a, b),
        BinOp::BitAnd => filter(a, b, true),
        BinOp::Sub => filter(a, b, false),
        BinOp::BitXor => filter(a, b, false).and_then(|x| {
            for y in get(b).items() {
                if !get(a).contains(y)? {
                    get(x).add(y)?;
                }
            }
            Ok(x)
        }),
        BinOp::Eq => Ok(obj::new_bool(
            get(a).len() == get(b).len() && is_subset(a, b).unwrap_or(false),
        )),
        BinOp::Le => is_subset(a, b).map(obj::new_bool),
        BinOp::Ge => is_subset(b, a).map(obj::new_bool),
        BinOp::Lt => is_subset(a, b).map(|t| obj::new_bool(t && get(a).len() < get(b).len())),
        BinOp::Gt => is_subset(b, a).map(|t| obj::new_bool(t && get(a).len() > get(b).len())),
        _ => return obj::NOT_IMPL,
    };
    r.unwrap_or(NULL)
}

fn len(o: Obj) -> usize {
    get(o).len()
}

fn iter(o: Obj) -> Obj {
    let items = get(o).items();
    let l = crate::list::from_vec(items);
    if l == NULL {
        return NULL;
    }
    crate::iter::seq_iter(l)
}

fn frozen_hash(o: Obj) -> PyResult<usize> {
    let mut h: usize = 0;
    for x in get(o).items() {
        h ^= hash::hash(x)?.wrapping_mul(0x9e37_79b9);
    }
    Ok(h)
}

/// `set`.
pub static SET_TYPE: Type = Type {
    print: Some(print),
    binop: Some(binop),
    hash: Some(hash::unhashable),
    len: Some(len),
    iter: Some(iter),
    methods: &crate::set_methods::SET_METHODS,
    ..Type::new("set")
};

/// `frozenset`.
pub static FROZENSET_TYPE: Type = Type {
    print: Some(print),
    binop: Some(binop),
    hash: Some(frozen_hash),
    len: Some(len),
    iter: Some(iter),
    methods: &crate::set_methods::FROZENSET_METHODS,
    ..Type::new("frozenset")
};

/// A new set of `n` items.
///
/// # Safety
/// `items` points at `n` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_build_set(items: *const Obj, n: usize) -> Obj {
    let s = new(false);
    if s == NULL {
        return NULL;
    }
    for i in 0..n {
        // SAFETY: per the contract.
        if get(s).add(unsafe { *items.add(i) }).is_err() {
            return NULL;
        }
    }
    s
}

/// `set.add(item)` (set comprehensions).
#[no_mangle]
pub extern "C" fn upy_set_add(set: Obj, item: Obj) -> Obj {
    if !obj::is_type(set, &SET_TYPE) {
        return exc::raise(&exc::TYPE_ERROR, "set expected");
    }
    match get(set).add(item) {
        Ok(()) => NONE,
        Err(_) => NULL,
    }
}
