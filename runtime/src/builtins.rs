//! Builtin names: `upy_load_builtin` (functions, types, exception classes) and the
//! builtin functions themselves (`print`, `len`, `min`, `sorted`, `isinstance`, ...).

use alloc::vec::Vec;

use num_bigint::BigInt;
use num_traits::{Signed, Zero};

use crate::callable::BuiltinFn;
use crate::entry::upy_binop;
use crate::exc::{self, raise, raise_parts};
use crate::int::{self, Int};
use crate::iter;
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, NONE, NULL};
use crate::sort::kwarg;
use crate::str as pystr;
use crate::types;
use upyc_abi::{truth, BinOp};

// ---------------------------------------------------------------------------------
// Argument checks

/// Checks the positional argument count; raises `TypeError` (MicroPython's wording).
#[inline]
pub fn argc(pos: &[Obj], min: usize, max: usize) -> PyResult<()> {
    if pos.len() < min || pos.len() > max {
        return Err(argc_error(pos, min, max));
    }
    Ok(())
}

/// Raises [`argc`]'s `TypeError` (out of line: the digits' buffers are cleared on entry).
#[cold]
#[inline(never)]
fn argc_error(pos: &[Obj], min: usize, max: usize) -> Raised {
    let mut a = [0u8; 24];
    let mut b = [0u8; 24];
    if pos.len() < min {
        raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"function missing ",
                crate::console::fmt_int((min - pos.len()) as isize, &mut a),
                b" required positional arguments",
            ],
        );
        return Raised;
    }
    if min == max {
        raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"function takes ",
                crate::console::fmt_int(max as isize, &mut a),
                b" positional arguments but ",
                crate::console::fmt_int(pos.len() as isize, &mut b),
                b" were given",
            ],
        );
    } else {
        raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"function expected at most ",
                crate::console::fmt_int(max as isize, &mut a),
                b" arguments, got ",
                crate::console::fmt_int(pos.len() as isize, &mut b),
            ],
        );
    }
    Raised
}

/// Raises `TypeError` when keyword arguments were given.
pub fn no_kw(kw: &[Obj]) -> PyResult<()> {
    if kw.is_empty() {
        Ok(())
    } else {
        raise(&exc::TYPE_ERROR, "function doesn't take keyword arguments");
        Err(Raised)
    }
}

/// Raises `TypeError` for a keyword argument not in `allowed`.
fn only_kw(kw: &[Obj], allowed: &[&str]) -> PyResult<()> {
    for p in kw.chunks_exact(2) {
        let n = pystr::bytes(p[0]).unwrap_or(b"?");
        if !allowed.iter().any(|a| a.as_bytes() == n) {
            raise_parts(
                &exc::TYPE_ERROR,
                &[b"unexpected keyword argument '", n, b"'"],
            );
            return Err(Raised);
        }
    }
    Ok(())
}

/// Runs a builtin body written with `?`, turning `Err` into NULL.
fn run(f: impl FnOnce() -> PyResult<Obj>) -> Obj {
    f().unwrap_or(NULL)
}

fn type_error(parts: &[&[u8]]) -> Raised {
    raise_parts(&exc::TYPE_ERROR, parts);
    Raised
}

fn binop(op: BinOp, a: Obj, b: Obj) -> PyResult<Obj> {
    obj::check(upy_binop(op as usize, a, b))
}

/// The truth value of `o` (`Err` when its `__bool__` raised).
pub fn truthy(o: Obj) -> PyResult<bool> {
    match crate::entry::upy_is_true(o) {
        truth::TRUE => Ok(true),
        truth::FALSE => Ok(false),
        _ => Err(Raised),
    }
}

// ---------------------------------------------------------------------------------
// Functions

fn b_print(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        only_kw(kw, &["sep", "end", "file", "flush"])?;
        let sep = kwarg(kw, "sep").unwrap_or(NULL);
        let end = kwarg(kw, "end").unwrap_or(NULL);
        if let Some(f) = kwarg(kw, "file").filter(|&f| f != NONE) {
            return print_to_file(f, pos, sep, end);
        }
        // SAFETY: `pos` holds `pos.len()` words.
        obj::check(unsafe { crate::entry::upy_print(pos.as_ptr(), pos.len(), sep, end) })
    })
}

/// `print(*pos, sep=sep, end=end, file=f)`: `f.write` of each piece, as CPython does.
fn print_to_file(f: Obj, pos: &[Obj], sep: Obj, end: Obj) -> PyResult<Obj> {
    let text = |o: Obj, default: &'static [u8]| -> PyResult<&'static [u8]> {
        if o == NULL || o == NONE {
            return Ok(default);
        }
        match pystr::bytes(o) {
            Some(b) => Ok(b),
            None => Err(type_error(&[b"sep/end must be None or str"])),
        }
    };
    let (sep, end) = (text(sep, b" ")?, text(end, b"\n")?);
    let write = crate::modules::support::write_to;
    for (i, &o) in pos.iter().enumerate() {
        if i > 0 {
            write(f, sep)?;
        }
        let s = obj::check(crate::print::to_str_obj(o, PrintKind::Str))?;
        write(f, pystr::bytes(s).unwrap_or(b""))?;
    }
    write(f, end)?;
    Ok(NONE)
}

/// `input([prompt])`: a line from the console without its newline; `EOFError` at the
/// end of input.
fn b_input(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 0, 1)?;
        if let Some(&p) = pos.first() {
            crate::print::print(&mut crate::console::Stream::Out, p, PrintKind::Str)?;
        }
        let line = crate::modules::sys::read_line()?;
        let b = pystr::bytes(line).unwrap_or(b"");
        match b.strip_suffix(b"\n") {
            Some(s) => obj::check(pystr::new(s)),
            None if b.is_empty() => {
                raise(&exc::EOF_ERROR, "");
                Err(Raised)
            }
            None => Ok(line),
        }
    })
}

/// `len(o)` as a number (chars for strs).
pub fn len_of(o: Obj) -> PyResult<usize> {
    if let Some(b) = pystr::bytes(o) {
        return Ok(b.iter().filter(|&&c| c & 0xc0 != 0x80).count());
    }
    match obj::type_of(o).len {
        // A `__len__` that raised leaves its exception pending.
        Some(f) => match f(o) {
            0 if exc::pending() != NULL => Err(Raised),
            n => Ok(n),
        },
        None => Err(type_error(&[
            b"object of type '",
            obj::type_name(o).as_bytes(),
            b"' has no len()",
        ])),
    }
}

fn b_len(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        let n = len_of(pos[0])?;
        Ok(obj::new_small_int(n as isize))
    })
}

fn b_abs(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        let x = pos[0];
        if let Some(i) = int::get(x) {
            return Ok(if int::is_negative(x) {
                obj::check(int::unop_neg(i))?
            } else {
                obj::check(int::unop_pos(i, x))?
            });
        }
        if let Some(r) = crate::float::abs(x) {
            return obj::check(r);
        }
        if let Some(r) = crate::complex::abs(x) {
            return obj::check(r);
        }
        Err(type_error(&[
            b"unsupported type for __abs__: '",
            obj::type_name(x).as_bytes(),
            b"'",
        ]))
    })
}

fn min_max(pos: &[Obj], kw: &[Obj], op: BinOp, name: &[u8]) -> Obj {
    run(|| {
        only_kw(kw, &["key", "default"])?;
        argc(pos, 1, usize::MAX)?;
        let key = kwarg(kw, "key").filter(|&k| k != NONE);
        let default = kwarg(kw, "default");
        let items = if pos.len() == 1 {
            crate::seq::collect(pos[0])?
        } else {
            if default.is_some() {
                raise(
                    &exc::TYPE_ERROR,
                    "Cannot specify a default for max() with multiple positional arguments",
                );
                return Err(Raised);
            }
            let mut v = Vec::new();
            if v.try_reserve(pos.len()).is_err() {
                exc::raise_memory_error();
                return Err(Raised);
            }
            v.extend_from_slice(pos);
            v
        };
        let Some((&first, rest)) = items.split_first() else {
            return match default {
                Some(d) => Ok(d),
                None => {
                    raise_parts(&exc::VALUE_ERROR, &[name, b"() arg is an empty sequence"]);
                    Err(Raised)
                }
            };
        };
        let k = |x: Obj| -> PyResult<Obj> {
            match key {
                Some(f) => obj::check(crate::callable::call1(f, x)),
                None => Ok(x),
            }
        };
        let mut best = first;
        let mut best_k = k(first)?;
        for &x in rest {
            let xk = k(x)?;
            if binop(op, xk, best_k)? == obj::TRUE {
                best = x;
                best_k = xk;
            }
        }
        Ok(best)
    })
}

fn b_min(pos: &[Obj], kw: &[Obj]) -> Obj {
    min_max(pos, kw, BinOp::Lt, b"min")
}

fn b_max(pos: &[Obj], kw: &[Obj]) -> Obj {
    min_max(pos, kw, BinOp::Gt, b"max")
}

fn b_sum(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        only_kw(kw, &["start"])?;
        argc(pos, 1, 2)?;
        let mut acc = pos
            .get(1)
            .copied()
            .or(kwarg(kw, "start"))
            .unwrap_or(obj::new_small_int(0));
        iter::for_each(pos[0], |x| {
            acc = binop(BinOp::Add, acc, x)?;
            Ok(())
        })?;
        Ok(acc)
    })
}

fn b_sorted(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        only_kw(kw, &["key", "reverse"])?;
        argc(pos, 1, 1)?;
        let mut v = crate::seq::collect(pos[0])?;
        let key = kwarg(kw, "key").unwrap_or(NONE);
        let reverse = match kwarg(kw, "reverse") {
            Some(r) => truthy(r)?,
            None => false,
        };
        crate::sort::sort(&mut v, key, reverse)?;
        obj::check(crate::list::from_vec(v))
    })
}

fn any_all(pos: &[Obj], kw: &[Obj], want: bool) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        let it = obj::check(iter::upy_get_iter(pos[0]))?;
        while let Some(x) = iter::next(it)? {
            if truthy(x)? == want {
                return Ok(obj::new_bool(want));
            }
        }
        Ok(obj::new_bool(!want))
    })
}

fn b_any(pos: &[Obj], kw: &[Obj]) -> Obj {
    any_all(pos, kw, true)
}

fn b_all(pos: &[Obj], kw: &[Obj]) -> Obj {
    any_all(pos, kw, false)
}

/// Calls `f` on each class in `cls` (a class or a tuple of classes); `what` names the
/// builtin in the error.
fn classes(cls: Obj, what: &[u8], f: &mut dyn FnMut(&'static obj::Type) -> bool) -> PyResult<bool> {
    if let Some(t) = types::class_of(cls) {
        return Ok(f(t));
    }
    if obj::is_type(cls, &crate::tuple::TUPLE_TYPE) {
        for &c in crate::tuple::items(cls) {
            if classes(c, what, f)? {
                return Ok(true);
            }
        }
        return Ok(false);
    }
    Err(type_error(&[
        what,
        b"() arg 2 must be a class or a tuple of classes",
    ]))
}

fn b_isinstance(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 2, 2)?;
        let x = pos[0];
        let r = classes(pos[1], b"isinstance", &mut |t| types::is_instance(x, t))?;
        Ok(obj::new_bool(r))
    })
}

fn b_issubclass(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 2, 2)?;
        let Some(a) = types::class_of(pos[0]) else {
            return Err(type_error(&[b"issubclass() arg 1 must be a class"]));
        };
        let r = classes(pos[1], b"issubclass", &mut |t| {
            core::ptr::eq(t, &types::OBJECT_TYPE) || a.is_subclass_of(t)
        })?;
        Ok(obj::new_bool(r))
    })
}

fn b_repr(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        obj::check(crate::print::to_str_obj(pos[0], PrintKind::Repr))
    })
}

/// `format(value[, spec])`.
fn b_format(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 2)?;
        let spec = pos.get(1).copied().unwrap_or(NULL);
        obj::check(crate::format::upy_format(pos[0], spec, 0))
    })
}

fn b_iter(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 2)?;
        if let [f, sentinel] = pos {
            return obj::check(crate::iters::call_iter(*f, *sentinel));
        }
        obj::check(iter::upy_get_iter(pos[0]))
    })
}

fn b_next(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 2)?;
        if pos.len() == 1 {
            // A generator's return value travels in its StopIteration.
            if let Some(r) = crate::gen::next_raising(pos[0]) {
                return obj::check(r);
            }
        }
        match iter::upy_iter_next(pos[0]) {
            NULL => Err(Raised),
            upyc_abi::STOP => match pos.get(1) {
                Some(&d) => Ok(d),
                None => {
                    exc::raise_obj(exc::new_exc_arg(&exc::STOP_ITERATION, NULL));
                    Err(Raised)
                }
            },
            x => Ok(x),
        }
    })
}

fn b_hash(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        let h = crate::hash::hash(pos[0])? as isize;
        Ok(obj::new_small_int((h << 1) >> 1))
    })
}

fn b_id(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        Ok(obj::new_small_int((pos[0] >> 1) as isize))
    })
}

fn b_chr(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        let Some(i) = int::get(pos[0]) else {
            return Err(type_error(&[
                b"can't convert ",
                obj::type_name(pos[0]).as_bytes(),
                b" to int",
            ]));
        };
        let c = match i {
            Int::Small(v) => u32::try_from(v).ok().and_then(char::from_u32),
            Int::Big(_) => None,
        };
        let Some(c) = c else {
            raise(&exc::VALUE_ERROR, "chr() arg not in range(0x110000)");
            return Err(Raised);
        };
        let mut buf = [0u8; 4];
        obj::check(pystr::new(c.encode_utf8(&mut buf).as_bytes()))
    })
}

fn b_ord(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        if let Some([c]) = crate::buffer::slice(pos[0]) {
            return Ok(obj::new_small_int(*c as isize));
        }
        let Some(s) = pystr::as_str(pos[0]) else {
            return Err(type_error(&[
                b"ord() expected a string of length 1, but ",
                obj::type_name(pos[0]).as_bytes(),
                b" found",
            ]));
        };
        let mut cs = s.chars();
        match (cs.next(), cs.next()) {
            (Some(c), None) => Ok(obj::new_small_int(c as isize)),
            _ => {
                let mut b = [0u8; 24];
                let n = s.chars().count() as isize;
                Err(type_error(&[
                    b"ord() expected a character, but string of length ",
                    crate::console::fmt_int(n, &mut b),
                    b" found",
                ]))
            }
        }
    })
}

fn int_arg(o: Obj) -> PyResult<BigInt> {
    match int::get(o) {
        Some(Int::Small(v)) => Ok(BigInt::from(v)),
        Some(Int::Big(b)) => Ok(b.clone()),
        None => Err(type_error(&[
            b"can't convert ",
            obj::type_name(o).as_bytes(),
            b" to int",
        ])),
    }
}

fn radix_str(pos: &[Obj], kw: &[Obj], radix: u32, prefix: &str) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        let v = int_arg(pos[0])?;
        let digits = v.abs().to_str_radix(radix);
        let mut out = alloc::string::String::new();
        if out.try_reserve(digits.len() + 3).is_err() {
            exc::raise_memory_error();
            return Err(Raised);
        }
        if v.is_negative() {
            out.push('-');
        }
        out.push_str(prefix);
        out.push_str(&digits);
        obj::check(pystr::new(out.as_bytes()))
    })
}

fn b_hex(pos: &[Obj], kw: &[Obj]) -> Obj {
    radix_str(pos, kw, 16, "0x")
}

fn b_oct(pos: &[Obj], kw: &[Obj]) -> Obj {
    radix_str(pos, kw, 8, "0o")
}

fn b_bin(pos: &[Obj], kw: &[Obj]) -> Obj {
    radix_str(pos, kw, 2, "0b")
}

fn b_divmod(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 2, 2)?;
        let q = binop(BinOp::FloorDiv, pos[0], pos[1])?;
        let r = binop(BinOp::Mod, pos[0], pos[1])?;
        obj::check(crate::tuple::new(&[q, r]))
    })
}

fn b_pow(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 2, 3)?;
        let Some(&m) = pos.get(2).filter(|&&m| m != NONE) else {
            return binop(BinOp::Pow, pos[0], pos[1]);
        };
        let (b, e, m) = (int_arg(pos[0])?, int_arg(pos[1])?, int_arg(m)?);
        if e.is_negative() {
            raise(&exc::VALUE_ERROR, "pow() exponent must be non-negative");
            return Err(Raised);
        }
        if m.is_zero() {
            raise(&exc::VALUE_ERROR, "pow() 3rd argument cannot be 0");
            return Err(Raised);
        }
        let mut r = b.modpow(&e, &m);
        // Python: the result has the sign of the modulus.
        if !r.is_zero() && r.is_negative() != m.is_negative() {
            r += &m;
        }
        obj::check(int::big::new(r))
    })
}

fn b_round(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        only_kw(kw, &["ndigits"])?;
        argc(pos, 1, 2)?;
        let x = pos[0];
        let nd = pos.get(1).copied().or(kwarg(kw, "ndigits")).unwrap_or(NULL);
        if let Some(r) = crate::float::round(x, nd) {
            return obj::check(r);
        }
        let Some(i) = int::get(x) else {
            return Err(type_error(&[
                b"can't convert ",
                obj::type_name(x).as_bytes(),
                b" to int",
            ]));
        };
        let plain = match i {
            Int::Small(v) => obj::new_small_int(v),
            Int::Big(_) => x,
        };
        if nd == NULL || nd == NONE {
            return Ok(plain);
        }
        let n = int_arg(nd)?;
        if !n.is_negative() {
            return Ok(plain);
        }
        // round(x, -k): to a multiple of 10**k, halves to even.
        let k: u32 = n.abs().try_into().unwrap_or(u32::MAX);
        if k > 4000 {
            return Ok(obj::new_small_int(0));
        }
        let v = int_arg(x)?;
        let p = num_traits::pow(BigInt::from(10), k as usize);
        let (q, r) = num_integer::Integer::div_mod_floor(&v, &p);
        let twice = &r * 2;
        let q = if twice > p || (twice == p && num_integer::Integer::is_odd(&q)) {
            q + 1
        } else {
            q
        };
        obj::check(int::big::new(q * p))
    })
}

fn b_callable(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        let x = pos[0];
        let c = if types::class_of(x).is_some() {
            true
        } else {
            obj::type_of(x).call.is_some() && !crate::float::is_float(x)
        };
        Ok(obj::new_bool(c))
    })
}

fn b_getattr(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 2, 3)?;
        let r = crate::attr::upy_load_attr(pos[0], pos[1]);
        if r != NULL {
            return Ok(r);
        }
        match pos.get(2) {
            Some(&d) if exc::is_instance(exc::pending(), &exc::ATTRIBUTE_ERROR) => {
                exc::clear();
                Ok(d)
            }
            _ => Err(Raised),
        }
    })
}

fn b_setattr(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 3, 3)?;
        obj::check(crate::attr::upy_store_attr(pos[0], pos[1], pos[2]))
    })
}

fn b_delattr(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 2, 2)?;
        obj::check(crate::attr::upy_delete_attr(pos[0], pos[1]))
    })
}

fn b_hasattr(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        no_kw(kw)?;
        argc(pos, 2, 2)?;
        if pystr::bytes(pos[1]).is_none() {
            return Err(type_error(&[b"attribute name must be string"]));
        }
        if crate::attr::upy_load_attr(pos[0], pos[1]) != NULL {
            return Ok(obj::TRUE);
        }
        if exc::is_instance(exc::pending(), &exc::ATTRIBUTE_ERROR) {
            exc::clear();
            return Ok(obj::FALSE);
        }
        Err(Raised)
    })
}

macro_rules! builtin_fns {
    ($($id:ident = $name:literal, $f:expr;)*) => {
        $( #[doc = concat!("`", $name, "`.")] pub static $id: BuiltinFn = BuiltinFn::new($name, $f); )*
        /// Every builtin function.
        static FUNCTIONS: &[&BuiltinFn] = &[$(&$id),*];
    };
}

builtin_fns! {
    PRINT = "print", b_print;
    LEN = "len", b_len;
    ABS = "abs", b_abs;
    MIN = "min", b_min;
    MAX = "max", b_max;
    SUM = "sum", b_sum;
    SORTED = "sorted", b_sorted;
    ANY = "any", b_any;
    ALL = "all", b_all;
    ISINSTANCE = "isinstance", b_isinstance;
    ISSUBCLASS = "issubclass", b_issubclass;
    REPR = "repr", b_repr;
    FORMAT = "format", b_format;
    ITER = "iter", b_iter;
    NEXT = "next", b_next;
    HASH = "hash", b_hash;
    ID = "id", b_id;
    CHR = "chr", b_chr;
    ORD = "ord", b_ord;
    HEX = "hex", b_hex;
    OCT = "oct", b_oct;
    BIN = "bin", b_bin;
    DIVMOD = "divmod", b_divmod;
    POW = "pow", b_pow;
    ROUND = "round", b_round;
    CALLABLE = "callable", b_callable;
    GETATTR = "getattr", b_getattr;
    SETATTR = "setattr", b_setattr;
    HASATTR = "hasattr", b_hasattr;
    DELATTR = "delattr", b_delattr;
    ENUMERATE = "enumerate", crate::iters::enumerate;
    ZIP = "zip", crate::iters::zip;
    MAP = "map", crate::iters::map;
    FILTER = "filter", crate::iters::filter;
    REVERSED = "reversed", crate::iters::reversed;
    INPUT = "input", b_input;
}

/// The builtin called `name` (bytes of a qstr), if there is one.
pub fn lookup(name: &[u8]) -> Option<Obj> {
    if let Some(o) = crate::descr::builtin(name) {
        return Some(o);
    }
    if let Some(f) = FUNCTIONS.iter().find(|f| f.name.as_bytes() == name) {
        return Some(f.obj());
    }
    if let Some(t) = types::builtin(name) {
        return Some(t);
    }
    match name {
        b"Ellipsis" => return Some(upyc_abi::ELLIPSIS),
        b"NotImplemented" => return None,
        _ => {}
    }
    exc::builtin_class(core::str::from_utf8(name).ok()?)
}

/// `upy_load_builtin(name)`: the builtin called `name`, or `NameError`.
#[no_mangle]
pub extern "C" fn upy_load_builtin(name: Obj) -> Obj {
    match pystr::bytes(name).and_then(lookup) {
        Some(o) => o,
        None => crate::entry::upy_raise_name_error(name),
    }
}
