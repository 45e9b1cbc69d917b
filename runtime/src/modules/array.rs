//! `array` (alias `uarray`): `array(typecode[, initializer])`, a packed sequence of
//! machine numbers with typecodes `b B h H i I l L q Q f d` (`l`/`L` are a machine
//! word, as C's `long`: 4 bytes on the pyboard, 8 on the host).
//!
//! Indexing (negative too), slicing (an array), item and slice assignment (from an
//! array of the same typecode), `del`, `len`, iteration, `in`, `+`, `+=`, `*`,
//! comparisons, `append`, `extend`, `insert`, `pop`, `remove`, `index`, `count`,
//! `reverse`, `tobytes`, `frombytes`, `tolist`, `typecode`, `itemsize`; the repr is
//! CPython's (`array('i', [1, 2])`, `array('b')`). Values out of an integer
//! typecode's range raise `OverflowError` as in CPython (MicroPython truncates).
//! The data is a buffer (`bytes(a)`, `memoryview(a)`, viper's `ptr32(a)`).

use alloc::vec::Vec;

use crate::callable::BuiltinFn;
use crate::exc;
use crate::float::{self, Flt};
use crate::int;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NOT_IMPL, NULL};
use crate::seq;
use crate::types::TypeObj;
use upyc_abi::{BinOp, STOP};

/// An array object.
#[repr(C)]
pub struct ArrayObj {
    ty: &'static Type,
    code: u8,
    data: Vec<u8>,
}

fn arr<'a>(o: Obj) -> &'a mut ArrayObj {
    // SAFETY: callers check the type; single-threaded, objects never move.
    unsafe { &mut *(o as *mut ArrayObj) }
}

/// True for an array.
pub fn is_array(o: Obj) -> bool {
    obj::is_type(o, &ARRAY_TYPE)
}

fn this<'a>(o: Obj) -> PyResult<&'a mut ArrayObj> {
    if is_array(o) {
        Ok(arr(o))
    } else {
        fail(&exc::TYPE_ERROR, "array expected")
    }
}

fn oom<T>() -> PyResult<T> {
    exc::raise_memory_error();
    Err(Raised)
}

fn reserve(v: &mut Vec<u8>, n: usize) -> PyResult<()> {
    match v.try_reserve(n) {
        Ok(()) => Ok(()),
        Err(_) => oom(),
    }
}

/// The item size of `code`, `None` for a bad typecode.
fn itemsize(code: u8) -> Option<usize> {
    Some(match code {
        b'b' | b'B' => 1,
        b'h' | b'H' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' => core::mem::size_of::<usize>(),
        b'q' | b'Q' | b'd' => 8,
        _ => return None,
    })
}

impl ArrayObj {
    fn size(&self) -> usize {
        itemsize(self.code).unwrap_or(1)
    }

    fn len(&self) -> usize {
        self.data.len() / self.size()
    }

    /// Item `k` (which must be in range) as an object.
    fn item(&self, k: usize) -> Obj {
        let n = self.size();
        read(self.code, &self.data[k * n..(k + 1) * n])
    }

    fn items(&self) -> PyResult<Vec<Obj>> {
        let mut v: Vec<Obj> = Vec::new();
        if v.try_reserve(self.len()).is_err() {
            return oom();
        }
        for k in 0..self.len() {
            v.push(obj::check(self.item(k))?);
        }
        Ok(v)
    }
}

/// The value of one item stored as `raw` (native byte order).
fn read(code: u8, raw: &[u8]) -> Obj {
    let mut b = [0u8; 8];
    b[..raw.len()].copy_from_slice(raw);
    let u = u64::from_le_bytes(b);
    match code {
        b'f' => float::new(f32::from_bits(u as u32) as Flt),
        b'd' => float::new(f64::from_bits(u) as Flt),
        c if c.is_ascii_lowercase() => {
            let shift = 64 - 8 * raw.len() as u32;
            int::from_i128(((u << shift) as i64 >> shift) as i128)
        }
        _ => int::from_u64(u),
    }
}

/// The C type name CPython's range errors use.
fn c_name(code: u8) -> &'static [u8] {
    match code {
        b'b' => b"signed char",
        b'B' => b"unsigned byte integer",
        b'h' => b"signed short integer",
        b'H' => b"unsigned short",
        b'i' => b"signed integer",
        b'I' => b"unsigned int",
        b'l' => b"signed long",
        b'L' => b"unsigned long",
        b'q' => b"signed long long",
        _ => b"unsigned long long",
    }
}

/// Stores float `x` as an `f` or `d` item.
#[allow(clippy::unnecessary_cast)] // `Flt` is `f32` or `f64` by target
fn put_float(code: u8, x: Flt, out: &mut [u8]) {
    if code == b'f' {
        out.copy_from_slice(&(x as f32).to_le_bytes());
    } else {
        out.copy_from_slice(&(x as f64).to_le_bytes());
    }
}

/// Encodes `v` as an item of `code` into `out` (its item size).
fn write(code: u8, v: Obj, out: &mut [u8]) -> PyResult<()> {
    let n = out.len();
    if matches!(code, b'f' | b'd') {
        let Some(x) = float::to_flt(v) else {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[b"must be real number, not ", obj::type_name(v).as_bytes()],
            );
            return Err(Raised);
        };
        put_float(code, x, out);
        return Ok(());
    }
    let Some(i) = int::get(v) else {
        exc::raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"an integer is required (got type ",
                obj::type_name(v).as_bytes(),
                b")",
            ],
        );
        return Err(Raised);
    };
    let bits = 8 * n as u32;
    let (lo, hi) = if code.is_ascii_lowercase() {
        (-(1i128 << (bits - 1)), (1i128 << (bits - 1)) - 1)
    } else {
        (0, (1i128 << bits) - 1)
    };
    let x = match int::to_i128(i) {
        Some(x) if x < lo => None,
        Some(x) if x > hi => Some(Err(())),
        Some(x) => Some(Ok(x)),
        None if int::is_negative(v) => None,
        None => Some(Err(())),
    };
    match x {
        Some(Ok(x)) => {
            out.copy_from_slice(&(x as u64).to_le_bytes()[..n]);
            Ok(())
        }
        Some(Err(())) => {
            exc::raise_parts(
                &exc::OVERFLOW_ERROR,
                &[c_name(code), b" is greater than maximum"],
            );
            Err(Raised)
        }
        None => {
            exc::raise_parts(
                &exc::OVERFLOW_ERROR,
                &[c_name(code), b" is less than minimum"],
            );
            Err(Raised)
        }
    }
}

/// Appends `v` to `a` as one item.
fn push(a: &mut ArrayObj, v: Obj) -> PyResult<()> {
    let mut b = [0u8; 8];
    let n = a.size();
    write(a.code, v, &mut b[..n])?;
    reserve(&mut a.data, n)?;
    a.data.extend_from_slice(&b[..n]);
    Ok(())
}

fn new_array(code: u8, data: Vec<u8>) -> PyResult<Obj> {
    obj::check(obj::new_obj(ArrayObj {
        ty: &ARRAY_TYPE,
        code,
        data,
    }))
}

/// Appends every item of `src` (an array of the same typecode, or any iterable).
fn extend_from(o: Obj, src: Obj) -> PyResult<()> {
    if is_array(src) {
        let (code, data) = {
            let s = arr(src);
            (s.code, s.data.clone())
        };
        let a = arr(o);
        if code != a.code {
            return fail(&exc::TYPE_ERROR, "can only extend with array of same kind");
        }
        reserve(&mut a.data, data.len())?;
        a.data.extend_from_slice(&data);
        return Ok(());
    }
    crate::iter::for_each(src, |x| push(arr(o), x))
}

fn frombytes_into(a: &mut ArrayObj, b: &[u8]) -> PyResult<()> {
    if !b.len().is_multiple_of(a.size()) {
        return fail(
            &exc::VALUE_ERROR,
            "bytes length not a multiple of item size",
        );
    }
    reserve(&mut a.data, b.len())?;
    a.data.extend_from_slice(b);
    Ok(())
}

fn array_new(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 2)?;
        let code = match crate::str::bytes(p[0]) {
            Some(&[c]) if itemsize(c).is_some() => c,
            Some(_) => {
                return fail(
                    &exc::VALUE_ERROR,
                    "bad typecode (must be b, B, h, H, i, I, l, L, q, Q, f or d)",
                )
            }
            None => {
                exc::raise_parts(
                    &exc::TYPE_ERROR,
                    &[
                        b"array() argument 1 must be a unicode character, not ",
                        obj::type_name(p[0]).as_bytes(),
                    ],
                );
                return Err(Raised);
            }
        };
        let o = new_array(code, Vec::new())?;
        match p.get(1) {
            None => {}
            Some(&init) if crate::str::bytes(init).is_some() => {
                return fail(
                    &exc::TYPE_ERROR,
                    "cannot use a str to initialize an array with typecode other than 'u'",
                )
            }
            Some(&init) if is_array(init) => {
                // Item by item: the typecodes may differ.
                let items = arr(init).items()?;
                for x in items {
                    push(arr(o), x)?;
                }
            }
            Some(&init) => match crate::buffer::slice(init) {
                Some(b) => frombytes_into(arr(o), b)?,
                None => extend_from(o, init)?,
            },
        }
        Ok(o)
    })())
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let a = arr(o);
    w.write(b"array('");
    w.write(&[a.code]);
    if a.data.is_empty() {
        w.write(b"')");
        return Ok(());
    }
    w.write(b"', ");
    let items = a.items()?;
    seq::print_items(w, &items, b"[", b"])")
}

fn len(o: Obj) -> usize {
    arr(o).len()
}

fn subscr(o: Obj, i: Obj) -> Obj {
    ret((|| {
        let a = arr(o);
        if let Some(s) = crate::slice::get(i) {
            let r = seq::resolve_slice(s, a.len())?;
            let n = a.size();
            let mut data = Vec::new();
            reserve(&mut data, r.count * n)?;
            for k in 0..r.count {
                let at = r.at(k) * n;
                data.extend_from_slice(&a.data[at..at + n]);
            }
            return new_array(a.code, data);
        }
        let k = seq::index(i, a.len(), "array")?;
        obj::check(a.item(k))
    })())
}

fn store_subscr(o: Obj, i: Obj, value: Obj) -> Obj {
    let r = (|| {
        let a = arr(o);
        let n = a.size();
        if let Some(s) = crate::slice::get(i) {
            let r = seq::resolve_slice(s, a.len())?;
            let new: Vec<u8> = if value == NULL {
                Vec::new()
            } else if is_array(value) && arr(value).code == a.code {
                arr(value).data.clone()
            } else if is_array(value) {
                return fail(&exc::TYPE_ERROR, "bad argument type for built-in operation");
            } else {
                exc::raise_parts(
                    &exc::TYPE_ERROR,
                    &[
                        b"can only assign array (not \"",
                        obj::type_name(value).as_bytes(),
                        b"\") to array slice",
                    ],
                );
                return Err(Raised);
            };
            if r.step == 1 {
                let start = r.start as usize * n;
                reserve(&mut a.data, new.len())?;
                a.data.splice(start..start + r.count * n, new);
                return Ok(());
            }
            if value == NULL {
                let mut idx: Vec<usize> = (0..r.count).map(|k| r.at(k)).collect();
                idx.sort_unstable();
                for k in idx.into_iter().rev() {
                    a.data.drain(k * n..(k + 1) * n);
                }
                return Ok(());
            }
            if new.len() != r.count * n {
                return fail(
                    &exc::VALUE_ERROR,
                    "attempt to assign array of wrong size to extended slice",
                );
            }
            for k in 0..r.count {
                let at = r.at(k) * n;
                a.data[at..at + n].copy_from_slice(&new[k * n..(k + 1) * n]);
            }
            return Ok(());
        }
        let k = seq::index(i, a.len(), "array")?;
        if value == NULL {
            a.data.drain(k * n..(k + 1) * n);
            return Ok(());
        }
        let mut b = [0u8; 8];
        write(a.code, value, &mut b[..n])?;
        a.data[k * n..(k + 1) * n].copy_from_slice(&b[..n]);
        Ok(())
    })();
    match r {
        Ok(()) => NONE,
        Err(Raised) => NULL,
    }
}

fn binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    ret((|| {
        match op {
            BinOp::In => {
                let items = arr(b).items()?;
                return Ok(seq::contains(&items, a));
            }
            BinOp::Add if is_array(a) => {
                if !is_array(b) {
                    exc::raise_parts(
                        &exc::TYPE_ERROR,
                        &[
                            b"can only append array (not \"",
                            obj::type_name(b).as_bytes(),
                            b"\") to array",
                        ],
                    );
                    return Err(Raised);
                }
                let (x, y) = (arr(a), arr(b));
                if x.code != y.code {
                    return fail(&exc::TYPE_ERROR, "bad argument type for built-in operation");
                }
                let mut data = Vec::new();
                reserve(&mut data, x.data.len() + y.data.len())?;
                data.extend_from_slice(&x.data);
                data.extend_from_slice(&y.data);
                return new_array(x.code, data);
            }
            BinOp::Mul => {
                let (o, n) = if is_array(a) { (a, b) } else { (b, a) };
                if int::get(n).is_none() {
                    return Ok(NOT_IMPL);
                }
                let x = arr(o);
                let count = seq::repeat_count(n, x.data.len())?;
                let mut data = Vec::new();
                reserve(&mut data, x.data.len() * count)?;
                for _ in 0..count {
                    data.extend_from_slice(&x.data);
                }
                return new_array(x.code, data);
            }
            BinOp::Eq | BinOp::Lt | BinOp::Le | BinOp::Gt | BinOp::Ge
                if is_array(a) && is_array(b) =>
            {
                let (x, y) = (arr(a).items()?, arr(b).items()?);
                return obj::check(seq::compare(op, &x, &y));
            }
            _ => {}
        }
        Ok(NOT_IMPL)
    })())
}

/// `a += b` (extend in place) and `a *= n`; [`NOT_IMPL`] for the plain operator.
fn inplace(op: BinOp, a: Obj, b: Obj) -> Obj {
    ret((|| match op {
        BinOp::Add if is_array(b) => {
            extend_from(a, b)?;
            Ok(a)
        }
        BinOp::Add => {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"can only extend array with array (not \"",
                    obj::type_name(b).as_bytes(),
                    b"\")",
                ],
            );
            Err(Raised)
        }
        BinOp::Mul if int::get(b).is_some() => {
            let x = arr(a);
            let len = x.data.len();
            let count = seq::repeat_count(b, len)?;
            if count == 0 {
                x.data.clear();
            } else {
                reserve(&mut x.data, len * (count - 1))?;
                for _ in 1..count {
                    x.data.extend_from_within(..len);
                }
            }
            Ok(a)
        }
        _ => Ok(NOT_IMPL),
    })())
}

/// An iterator over an array (reads the current data each step).
#[repr(C)]
struct ArrayIter {
    ty: &'static Type,
    seq: Obj,
    pos: usize,
}

fn iter(o: Obj) -> Obj {
    obj::new_obj(ArrayIter {
        ty: &ITER_TYPE,
        seq: o,
        pos: 0,
    })
}

fn iter_next(o: Obj) -> Obj {
    // SAFETY: an array iterator.
    let it = unsafe { &mut *(o as *mut ArrayIter) };
    let a = arr(it.seq);
    if it.pos >= a.len() {
        return STOP;
    }
    it.pos += 1;
    a.item(it.pos - 1)
}

static ITER_TYPE: Type = Type {
    iternext: Some(iter_next),
    ..Type::new("iterator")
};

fn buffer_slot(o: Obj, _writable: bool) -> Option<(*mut u8, usize)> {
    let a = arr(o);
    Some((a.data.as_mut_ptr(), a.data.len()))
}

fn attr(o: Obj, name: Obj) -> Obj {
    let a = arr(o);
    match crate::str::bytes(name) {
        Some(b"typecode") => crate::str::new(&[a.code]),
        Some(b"itemsize") => obj::new_small_int(a.size() as isize),
        _ => NOT_IMPL,
    }
}

// ---------------------------------------------------------------------------------
// Methods

fn append(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        push(this(p[0])?, p[1])?;
        Ok(NONE)
    })())
}

fn extend(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        this(p[0])?;
        extend_from(p[0], p[1])?;
        Ok(NONE)
    })())
}

fn insert(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 3, 3)?;
        let a = this(p[0])?;
        let len = a.len() as isize;
        let mut i = support::int_arg(p[1])?;
        if i < 0 {
            i = (i + len).max(0);
        }
        let at = i.min(len) as usize * a.size();
        let mut b = [0u8; 8];
        let n = a.size();
        write(a.code, p[2], &mut b[..n])?;
        reserve(&mut a.data, n)?;
        a.data.splice(at..at, b[..n].iter().copied());
        Ok(NONE)
    })())
}

fn pop(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 2)?;
        let a = this(p[0])?;
        if a.len() == 0 {
            return fail(&exc::INDEX_ERROR, "pop from empty array");
        }
        let i = match p.get(1) {
            Some(&i) => i,
            None => obj::new_small_int(-1),
        };
        let k = seq::index(i, a.len(), "pop")?;
        let v = obj::check(a.item(k))?;
        let n = a.size();
        a.data.drain(k * n..(k + 1) * n);
        Ok(v)
    })())
}

/// The index of the first item equal to `x`.
fn find(a: &ArrayObj, x: Obj) -> PyResult<Option<usize>> {
    for k in 0..a.len() {
        if crate::hash::equal(obj::check(a.item(k))?, x)? {
            return Ok(Some(k));
        }
    }
    Ok(None)
}

fn remove(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let a = this(p[0])?;
        let Some(i) = find(a, p[1])? else {
            return fail(&exc::VALUE_ERROR, "array.remove(x): x not in array");
        };
        let n = a.size();
        a.data.drain(i * n..(i + 1) * n);
        Ok(NONE)
    })())
}

fn index(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        match find(this(p[0])?, p[1])? {
            Some(i) => Ok(obj::new_small_int(i as isize)),
            None => fail(&exc::VALUE_ERROR, "array.index(x): x not in array"),
        }
    })())
}

fn count(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let a = this(p[0])?;
        let mut c = 0;
        for i in 0..a.len() {
            if crate::hash::equal(obj::check(a.item(i))?, p[1])? {
                c += 1;
            }
        }
        Ok(obj::new_small_int(c))
    })())
}

fn reverse(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let a = this(p[0])?;
        let n = a.size();
        let len = a.len();
        for i in 0..len / 2 {
            let j = len - 1 - i;
            for b in 0..n {
                a.data.swap(i * n + b, j * n + b);
            }
        }
        Ok(NONE)
    })())
}

fn tobytes(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        obj::check(crate::bytes::new(&this(p[0])?.data))
    })())
}

fn frombytes(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        this(p[0])?;
        // A copy: the source may be this array.
        let b = crate::buffer::slice_or_raise(p[1])?.to_vec();
        frombytes_into(arr(p[0]), &b)?;
        Ok(NONE)
    })())
}

fn tolist(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let items = this(p[0])?.items()?;
        obj::check(crate::list::from_vec(items))
    })())
}

static APPEND: BuiltinFn = BuiltinFn::new("append", append);
static EXTEND: BuiltinFn = BuiltinFn::new("extend", extend);
static INSERT: BuiltinFn = BuiltinFn::new("insert", insert);
static POP: BuiltinFn = BuiltinFn::new("pop", pop);
static REMOVE: BuiltinFn = BuiltinFn::new("remove", remove);
static INDEX: BuiltinFn = BuiltinFn::new("index", index);
static COUNT: BuiltinFn = BuiltinFn::new("count", count);
static REVERSE: BuiltinFn = BuiltinFn::new("reverse", reverse);
static TOBYTES: BuiltinFn = BuiltinFn::new("tobytes", tobytes);
static FROMBYTES: BuiltinFn = BuiltinFn::new("frombytes", frombytes);
static TOLIST: BuiltinFn = BuiltinFn::new("tolist", tolist);

/// `array.array`.
pub static ARRAY_TYPE: Type = Type {
    print: Some(print),
    binop: Some(binop),
    inplace: Some(inplace),
    hash: Some(crate::hash::unhashable),
    len: Some(len),
    subscr: Some(subscr),
    store_subscr: Some(store_subscr),
    iter: Some(iter),
    attr: Some(attr),
    buffer: Some(buffer_slot),
    methods: &[
        &APPEND, &EXTEND, &INSERT, &POP, &REMOVE, &INDEX, &COUNT, &REVERSE, &TOBYTES, &FROMBYTES,
        &TOLIST,
    ],
    ..Type::new("array")
};

static ARRAY: TypeObj = TypeObj::new(&ARRAY_TYPE, Some(array_new));

/// `array`.
#[no_mangle]
pub static upy_module_array: ModuleDef = ModuleDef {
    name: "array",
    members: &[
        ("array", Member::Make(|| ARRAY.obj())),
        ("typecodes", Member::Str("bBhHiIlLqQfd")),
    ],
};
