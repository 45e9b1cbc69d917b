//! Floats (design D5): boxed heap objects holding an [`Flt`], single precision on ARM
//! boards (the pyboard's FPU is single precision), double precision on the host.
//!
//! Arithmetic mixes ints, bools and floats with Python semantics (floor division and
//! modulo take the sign of the divisor, `int / int` and `int ** -n` give floats);
//! division by zero raises `ZeroDivisionError: divide by zero` as MicroPython does.
//!
//! Text: [`repr`] writes the shortest text that reads back as the same value, laid out
//! by Python's `repr` rules (fixed notation for decimal exponents -4 < e <= 16, always
//! with a `.`; otherwise `1e+16`, `1.5e-07`; `inf`, `nan`, `-0.0`). The shortest digits
//! come from `core::fmt`'s `{:e}` (Grisu with Dragon fallback, the same digits `ryu`
//! gives); core's exact float formatting is linked anyway for `%.3f`-style formats, so
//! this costs no second digit-generation engine.

use core::fmt::Write;

use num_bigint::BigInt;
use num_traits::ToPrimitive;

use crate::exc;
use crate::gc;
use crate::int::{self, Int};
use crate::obj::{self, Obj, PrintKind, PyResult, Writer, NULL};
use crate::str as pystr;
use upyc_abi::{BinOp, UnOp};

/// The float type of this target: `f32` on ARM boards, `f64` elsewhere.
#[cfg(target_arch = "arm")]
pub type Flt = f32;
/// The float type of this target: `f32` on ARM boards, `f64` elsewhere.
#[cfg(not(target_arch = "arm"))]
pub type Flt = f64;

/// libm functions at the target's precision.
#[cfg(target_arch = "arm")]
mod m {
    pub use crate::trig32::{cos, sin};
    pub use libm::{
        atan2f as atan2, ceilf as ceil, expf as exp, fabsf as fabs, floorf as floor, fmodf as fmod,
        logf as log, powf as pow, rintf as rint, sqrtf as sqrt, tanf as tan, truncf as trunc,
    };
}
/// libm functions at the target's precision.
#[cfg(not(target_arch = "arm"))]
mod m {
    pub use libm::{
        atan2, ceil, cos, exp, fabs, floor, fmod, log, pow, rint, sin, sqrt, tan, trunc,
    };
}

/// A float object.
#[repr(C)]
pub struct FloatObj {
    ty: &'static obj::Type,
    value: Flt,
}

// Native code reads an unboxed value at this word (`upyc_abi::layout::FLOAT_VALUE`).
const _: () = assert!(
    core::mem::offset_of!(FloatObj, value)
        == upyc_abi::layout::FLOAT_VALUE * core::mem::size_of::<usize>()
);

/// `float` (compiled code's float literals point at it, see [`upyc_abi::entry::FLOAT_TYPE`]).
#[export_name = "upy_type_float"]
pub static FLOAT_TYPE: obj::Type = obj::Type {
    print: Some(float_print),
    binop: Some(float_binop),
    unop: Some(float_unop),
    hash: Some(float_hash),
    truth: Some(float_truth),
    ..obj::Type::new("float")
};

fn float_print(w: &mut dyn Writer, o: Obj, _kind: PrintKind) -> PyResult<()> {
    let mut b = Buf::<32>::new();
    repr(get(o).unwrap_or(0.0), &mut b);
    w.write(b.as_bytes());
    Ok(())
}

fn float_binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    binop(op, a, b).unwrap_or(obj::NOT_IMPL)
}

fn float_unop(op: UnOp, a: Obj) -> Obj {
    unop(op, a).unwrap_or(obj::NOT_IMPL)
}

fn float_hash(o: Obj) -> PyResult<usize> {
    Ok(hash(get(o).unwrap_or(0.0)) as usize)
}

fn float_truth(o: Obj) -> PyResult<bool> {
    Ok(get(o).is_some_and(is_true))
}

/// True when `o` is a float object.
pub fn is_float(o: Obj) -> bool {
    obj::is_ptr(o) && core::ptr::eq(obj::type_of(o), &FLOAT_TYPE)
}

/// The value of a float object (`None` for anything else).
pub fn get(o: Obj) -> Option<Flt> {
    if is_float(o) {
        // SAFETY: a float object.
        Some(unsafe { (*(o as *const FloatObj)).value })
    } else {
        None
    }
}

/// The value of an int (small, big, bool) as a float.
pub fn int_to_flt(i: Int) -> Flt {
    match i {
        Int::Small(v) => v as Flt,
        #[cfg(target_arch = "arm")]
        Int::Big(b) => b.to_f32().unwrap_or(Flt::NAN),
        #[cfg(not(target_arch = "arm"))]
        Int::Big(b) => b.to_f64().unwrap_or(Flt::NAN),
    }
}

/// `o` as a float when it is a float, int or bool (`None` otherwise).
pub fn to_flt(o: Obj) -> Option<Flt> {
    match get(o) {
        Some(v) => Some(v),
        None => int::get(o).map(int_to_flt),
    }
}

/// A new float object; NULL with `MemoryError` pending when the heap is full.
pub fn new(v: Flt) -> Obj {
    let p = gc::alloc(core::mem::size_of::<FloatObj>()) as *mut FloatObj;
    if p.is_null() {
        return exc::raise_memory_error();
    }
    // SAFETY: freshly allocated.
    unsafe {
        p.write(FloatObj {
            ty: &FLOAT_TYPE,
            value: v,
        })
    };
    p as Obj
}

fn zero_division() -> Obj {
    exc::raise(&exc::ZERO_DIVISION_ERROR, "divide by zero")
}

/// `a op b` when it involves a float, or is an int operation whose result is a float
/// (`int / int`, `int ** negative int`). `None` when the operands are not numbers this
/// handles or the operator does not apply to floats: the caller goes on (and raises
/// its `TypeError`).
pub fn binop(op: BinOp, a: Obj, b: Obj) -> Option<Obj> {
    if !is_float(a) && !is_float(b) {
        let (x, y) = (int::get(a)?, int::get(b)?);
        match op {
            BinOp::TrueDiv => {}
            BinOp::Pow if int::is_negative(b) => {}
            _ => return None,
        }
        return flt_binop(op, int_to_flt(x), int_to_flt(y));
    }
    let (x, y) = (to_flt(a)?, to_flt(b)?);
    flt_binop(op, x, y)
}

/// `a op b` (`op` a [`BinOp`] number) when one operand is a float and the other a
/// float or a small int: the arithmetic of float code, computed before any other
/// dispatch. `None` for anything else (the generic path decides).
#[inline(always)]
pub fn fast_binop(op: usize, a: Obj, b: Obj) -> Option<Obj> {
    let value = |o: Obj| {
        if obj::is_small_int(o) {
            Some(obj::small_int_value(o) as Flt)
        } else {
            get(o)
        }
    };
    if obj::is_small_int(a) && obj::is_small_int(b) {
        return None;
    }
    let (x, y) = (value(a)?, value(b)?);
    flt_binop(BinOp::from_usize(op)?, x, y)
}

/// Python's float floor division and modulo (`y != 0`): `(floor(x / y), x mod y)`.
fn floor_divmod(x: Flt, y: Flt) -> (Flt, Flt) {
    let mut md = m::fmod(x, y);
    let mut div = (x - md) / y;
    if md != 0.0 {
        if (y < 0.0) != (md < 0.0) {
            md += y;
            div -= 1.0;
        }
    } else {
        md = if y < 0.0 { -0.0 } else { 0.0 };
    }
    let floordiv = if div != 0.0 {
        let f = m::floor(div);
        if div - f > 0.5 {
            f + 1.0
        } else {
            f
        }
    } else if (x / y) < 0.0 {
        -0.0
    } else {
        0.0
    };
    (floordiv, md)
}

/// `x op y` on two float values; `None` for operators floats do not have.
fn flt_binop(op: BinOp, x: Flt, y: Flt) -> Option<Obj> {
    let r = match op {
        BinOp::Add => x + y,
        BinOp::Sub => x - y,
        BinOp::Mul => x * y,
        BinOp::TrueDiv => {
            if y == 0.0 {
                return Some(zero_division());
            }
            x / y
        }
        BinOp::FloorDiv | BinOp::Mod => {
            if y == 0.0 {
                return Some(zero_division());
            }
            let (q, r) = floor_divmod(x, y);
            if op == BinOp::FloorDiv {
                q
            } else {
                r
            }
        }
        BinOp::Pow => {
            if x == 0.0 && y < 0.0 && !y.is_infinite() {
                return Some(zero_division());
            }
            if x < 0.0 && y != m::floor(y) && !y.is_nan() && !y.is_infinite() {
                // A negative base to a fractional power is complex (as CPython).
                return Some(crate::complex::pow_real(x, y));
            }
            m::pow(x, y)
        }
        BinOp::Lt => return Some(obj::new_bool(x < y)),
        BinOp::Le => return Some(obj::new_bool(x <= y)),
        BinOp::Gt => return Some(obj::new_bool(x > y)),
        BinOp::Ge => return Some(obj::new_bool(x >= y)),
        BinOp::Eq => return Some(obj::new_bool(x == y)),
        BinOp::Ne => return Some(obj::new_bool(x != y)),
        _ => return None,
    };
    Some(new(r))
}

/// `-a`, `+a` for a float; `None` when `a` is not a float or the operator does not
/// apply (the caller raises).
pub fn unop(op: UnOp, a: Obj) -> Option<Obj> {
    let v = get(a)?;
    match op {
        UnOp::Neg => Some(new(-v)),
        UnOp::Pos => Some(a),
        UnOp::Not => Some(obj::new_bool(v == 0.0)),
        UnOp::Invert => None,
    }
}

/// Truth of a float: non-zero (NaN is true).
pub fn is_true(v: Flt) -> bool {
    v != 0.0
}

// ---------------------------------------------------------------------------------
// Text

/// A fixed-size text buffer that implements `core::fmt::Write` (silently truncates).
pub struct Buf<const N: usize> {
    data: [u8; N],
    len: usize,
}

impl<const N: usize> Buf<N> {
    /// An empty buffer.
    pub const fn new() -> Self {
        Buf {
            data: [0; N],
            len: 0,
        }
    }

    /// The text written so far.
    pub fn as_bytes(&self) -> &[u8] {
        &self.data[..self.len]
    }

    /// Empties the buffer.
    pub fn clear(&mut self) {
        self.len = 0;
    }

    /// Appends bytes (truncating at capacity).
    pub fn push(&mut self, b: &[u8]) {
        let k = b.len().min(N - self.len);
        self.data[self.len..self.len + k].copy_from_slice(&b[..k]);
        self.len += k;
    }
}

impl<const N: usize> Default for Buf<N> {
    fn default() -> Self {
        Self::new()
    }
}

impl<const N: usize> Write for Buf<N> {
    fn write_str(&mut self, s: &str) -> core::fmt::Result {
        self.push(s.as_bytes());
        Ok(())
    }
}

/// Shortest round-trip decimal digits of a finite, non-negative `v`:
/// `v = 0.d1 d2 ... dn × 10^decpt`. Returns the digit count and `decpt`; `digits`
/// receives the digits (`"0"` with `decpt = 1` for zero).
pub fn shortest_digits(v: Flt, digits: &mut [u8; 24]) -> (usize, i32) {
    let mut t = Buf::<48>::new();
    let _ = write!(t, "{:e}", v);
    parse_exp_text(t.as_bytes(), digits)
}

/// Splits Rust's `{:e}` text (`d.ddde-N`) into digits and a decimal-point position.
fn parse_exp_text(text: &[u8], digits: &mut [u8; 24]) -> (usize, i32) {
    let mut n = 0;
    let mut exp: i32 = 0;
    let mut neg_exp = false;
    let mut in_exp = false;
    for &c in text {
        match c {
            b'e' => in_exp = true,
            b'-' if in_exp => neg_exp = true,
            b'0'..=b'9' if in_exp => exp = exp.saturating_mul(10).saturating_add((c - b'0') as i32),
            b'0'..=b'9' if n < digits.len() => {
                digits[n] = c;
                n += 1;
            }
            _ => {}
        }
    }
    // Trailing zeros carry no information.
    while n > 1 && digits[n - 1] == b'0' {
        n -= 1;
    }
    if n == 0 {
        digits[0] = b'0';
        n = 1;
    }
    let exp = if neg_exp { -exp } else { exp };
    (n, exp + 1)
}

/// Writes `repr(v)` into `out` (at most 32 bytes) and returns it.
pub fn repr(v: Flt, out: &mut Buf<32>) {
    if v.is_nan() {
        out.push(b"nan");
        return;
    }
    if v.is_sign_negative() {
        out.push(b"-");
    }
    let a = if v.is_sign_negative() { -v } else { v };
    if a.is_infinite() {
        out.push(b"inf");
        return;
    }
    let mut d = [0u8; 24];
    let (n, decpt) = shortest_digits(a, &mut d);
    let d = &d[..n];
    if a == 0.0 {
        out.push(b"0.0");
    } else if !(-3..=16).contains(&decpt) {
        out.push(&d[..1]);
        if n > 1 {
            out.push(b".");
            out.push(&d[1..]);
        }
        push_exponent(out, decpt - 1);
    } else if decpt <= 0 {
        out.push(b"0.");
        for _ in 0..-decpt {
            out.push(b"0");
        }
        out.push(d);
    } else if decpt as usize >= n {
        out.push(d);
        for _ in n..decpt as usize {
            out.push(b"0");
        }
        out.push(b".0");
    } else {
        out.push(&d[..decpt as usize]);
        out.push(b".");
        out.push(&d[decpt as usize..]);
    }
}

/// Writes `e+XX` / `e-XX` (at least two exponent digits), as Python does.
pub fn push_exponent<const N: usize>(out: &mut Buf<N>, e: i32) {
    out.push(if e < 0 { b"e-" } else { b"e+" });
    let u = e.unsigned_abs();
    if u < 10 {
        out.push(b"0");
    }
    let _ = write!(out, "{}", u);
}

/// Writes `repr(v)` to a console stream.
pub fn print(s: crate::console::Stream, v: Flt) {
    let mut b = Buf::<32>::new();
    repr(v, &mut b);
    crate::console::write(s, b.as_bytes());
}

/// A new str object holding `repr(v)`.
pub fn repr_obj(v: Flt) -> Obj {
    let mut b = Buf::<32>::new();
    repr(v, &mut b);
    pystr::new(b.as_bytes())
}

/// Parses Python float text: optional whitespace and sign, digits with single `_`
/// between digits, `.`, exponent, `inf`/`infinity`/`nan` in any case.
pub fn parse(text: &[u8]) -> Option<Flt> {
    let t = text.trim_ascii();
    let mut buf = Buf::<64>::new();
    let mut clean: &[u8] = t;
    if t.contains(&b'_') {
        for (i, &c) in t.iter().enumerate() {
            if c == b'_' {
                let before = i > 0 && t[i - 1].is_ascii_digit();
                let after = t.get(i + 1).is_some_and(|c| c.is_ascii_digit());
                if !(before && after) {
                    return None;
                }
            } else {
                buf.push(&[c]);
            }
        }
        if buf.len >= 64 {
            return None;
        }
        clean = buf.as_bytes();
    }
    core::str::from_utf8(clean).ok()?.parse::<Flt>().ok()
}

/// `upy_float_from_qstr(text)`: a float literal from its text.
#[no_mangle]
pub extern "C" fn upy_float_from_qstr(text: Obj) -> Obj {
    match pystr::bytes(text).and_then(parse) {
        Some(v) => new(v),
        None => exc::raise(&exc::VALUE_ERROR, "invalid syntax for number"),
    }
}

/// `upy_float_box(bits)`: a float object from a value native code kept unboxed.
#[no_mangle]
pub extern "C" fn upy_float_box(bits: usize) -> Obj {
    // Truncation to the float's width is the point on 32-bit targets.
    #[allow(clippy::cast_possible_truncation, clippy::unnecessary_cast)]
    new(Flt::from_bits(bits as _))
}

// ---------------------------------------------------------------------------------
// Conversions and builtins on floats

/// `float(x)`: floats as they are, ints converted, strs parsed (the `float` type
/// object's constructor calls it).
pub fn float_of(o: Obj) -> Obj {
    if is_float(o) {
        return o;
    }
    if let Some(i) = int::get(o) {
        return new(int_to_flt(i));
    }
    if let Some(b) = pystr::bytes(o) {
        return match parse(b) {
            Some(v) => new(v),
            None => exc::raise(&exc::VALUE_ERROR, "invalid syntax for number"),
        };
    }
    exc::raise_parts(
        &exc::TYPE_ERROR,
        &[
            b"can't convert ",
            obj::type_name(o).as_bytes(),
            b" to float",
        ],
    )
}

/// `(mantissa, exponent)` with `v == mantissa * 2^exponent` for a finite `v`.
fn decompose(v: Flt) -> (u64, i32) {
    #[cfg(target_arch = "arm")]
    {
        let bits = v.to_bits();
        let e = ((bits >> 23) & 0xff) as i32;
        let frac = (bits & 0x7f_ffff) as u64;
        if e == 0 {
            (frac, -149)
        } else {
            (frac | 0x80_0000, e - 150)
        }
    }
    #[cfg(not(target_arch = "arm"))]
    {
        let bits = v.to_bits();
        let e = ((bits >> 52) & 0x7ff) as i32;
        let frac = bits & 0xf_ffff_ffff_ffff;
        if e == 0 {
            (frac, -1074)
        } else {
            (frac | 0x10_0000_0000_0000, e - 1075)
        }
    }
}

/// `int(v)`: truncates toward zero; exact for large values (a big int).
pub fn to_int(v: Flt) -> Obj {
    if v.is_nan() {
        return exc::raise(&exc::VALUE_ERROR, "can't convert NaN to int");
    }
    if v.is_infinite() {
        return exc::raise(&exc::OVERFLOW_ERROR, "can't convert inf to int");
    }
    let t = m::trunc(v);
    // Below 2^(word bits - 2) in magnitude the value fits a small int.
    let limit = (obj::SMALL_INT_MAX as Flt) / 2.0;
    if t > -limit && t < limit {
        return obj::new_small_int(t as isize);
    }
    let (mant, exp) = decompose(if t < 0.0 { -t } else { t });
    let mut b = BigInt::from(mant);
    if exp >= 0 {
        b <<= exp as usize;
    } else {
        b >>= (-exp) as usize;
    }
    if t < 0.0 {
        b = -b;
    }
    int::big::new(b)
}

/// `abs(x)` for a float (`None` when `o` is not a float).
pub fn abs(o: Obj) -> Option<Obj> {
    get(o).map(|v| new(m::fabs(v)))
}

/// `hash(x)` for a float value: equal to the int's hash for integral values that fit a
/// small int (so `hash(2.0) == hash(2)`), else a fold of the bits.
pub fn hash(v: Flt) -> isize {
    if v == m::trunc(v) && v.is_finite() {
        let limit = (obj::SMALL_INT_MAX as Flt) / 2.0;
        if v > -limit && v < limit {
            return v as isize;
        }
    }
    // `to_bits` is u32 (f32 boards) or u64 (host): widen either way.
    #[allow(clippy::useless_conversion)]
    let bits = u64::from(v.to_bits());
    (bits ^ (bits >> 32)) as isize & obj::SMALL_INT_MAX
}

/// `round(x)` / `round(x, ndigits)` for a float `o` (`None` when `o` is not a float).
/// `ndigits` is NULL or `None` when not given: then the result is an int, rounding half
/// to even; otherwise a float rounded to `ndigits` decimal places (correctly rounded
/// through the exact decimal expansion).
pub fn round(o: Obj, ndigits: Obj) -> Option<Obj> {
    let v = get(o)?;
    if ndigits == NULL || ndigits == obj::NONE {
        return Some(to_int(m::rint(v)));
    }
    let Some(n) = int::to_isize(ndigits) else {
        if int::get(ndigits).is_some() {
            // A huge ndigits: positive keeps the value, negative rounds to zero.
            return Some(if int::is_negative(ndigits) {
                new(0.0 * v)
            } else {
                o
            });
        }
        return Some(exc::raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"can't convert ",
                obj::type_name(ndigits).as_bytes(),
                b" to int",
            ],
        ));
    };
    if !v.is_finite() {
        return Some(o);
    }
    Some(new(round_digits(v, n)))
}

/// `v` rounded to `n` decimal places.
fn round_digits(v: Flt, n: isize) -> Flt {
    if n >= 0 {
        // Beyond the precision the value is already exact.
        if n > 330 {
            return v;
        }
        let mut s = alloc::string::String::new();
        let _ = write!(s, "{:.*}", n as usize, v);
        s.parse::<Flt>().unwrap_or(v)
    } else {
        let p = m::pow(10.0, (-n).min(400) as Flt);
        if p.is_infinite() {
            return 0.0 * v;
        }
        m::rint(v / p) * p
    }
}

// ---------------------------------------------------------------------------------
// math

/// `math.pi`.
pub const PI: Flt = core::f64::consts::PI as Flt;
/// `math.e`.
pub const E: Flt = core::f64::consts::E as Flt;

/// The argument of a math function as a float, or a pending `TypeError`.
fn arg(o: Obj) -> Result<Flt, Obj> {
    to_flt(o).ok_or_else(|| {
        exc::raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"can't convert ",
                obj::type_name(o).as_bytes(),
                b" to float",
            ],
        )
    })
}

fn domain_error() -> Obj {
    exc::raise(&exc::VALUE_ERROR, "math domain error")
}

/// Applies `f` to a one-argument call.
fn unary(args: &[Obj], f: impl Fn(Flt) -> Obj) -> Obj {
    match args {
        [x] => match arg(*x) {
            Ok(v) => f(v),
            Err(e) => e,
        },
        _ => exc::raise(&exc::TYPE_ERROR, "function takes 1 positional argument"),
    }
}

/// Applies `f` to a two-argument call.
fn binary(args: &[Obj], f: impl Fn(Flt, Flt) -> Obj) -> Obj {
    match args {
        [x, y] => match (arg(*x), arg(*y)) {
            (Ok(a), Ok(b)) => f(a, b),
            (Err(e), _) | (_, Err(e)) => e,
        },
        _ => exc::raise(&exc::TYPE_ERROR, "function takes 2 positional arguments"),
    }
}

/// A float result, or `ValueError: math domain error` for a NaN made from non-NaN input.
fn checked(r: Flt, x: Flt) -> Obj {
    if r.is_nan() && !x.is_nan() {
        domain_error()
    } else {
        new(r)
    }
}

/// `math.sqrt(x)`.
pub fn math_sqrt(args: &[Obj]) -> Obj {
    unary(args, |x| {
        if x < 0.0 {
            domain_error()
        } else {
            new(m::sqrt(x))
        }
    })
}
/// `math.floor(x)`: an int.
pub fn math_floor(args: &[Obj]) -> Obj {
    match args {
        [x] if int::get(*x).is_some() => *x,
        _ => unary(args, |x| to_int(m::floor(x))),
    }
}
/// `math.ceil(x)`: an int.
pub fn math_ceil(args: &[Obj]) -> Obj {
    match args {
        [x] if int::get(*x).is_some() => *x,
        _ => unary(args, |x| to_int(m::ceil(x))),
    }
}
/// `math.sin(x)`.
pub fn math_sin(args: &[Obj]) -> Obj {
    unary(args, |x| checked(m::sin(x), x))
}
/// `math.cos(x)`.
pub fn math_cos(args: &[Obj]) -> Obj {
    unary(args, |x| checked(m::cos(x), x))
}
/// `math.tan(x)`.
pub fn math_tan(args: &[Obj]) -> Obj {
    unary(args, |x| checked(m::tan(x), x))
}
/// `math.atan2(y, x)`.
pub fn math_atan2(args: &[Obj]) -> Obj {
    binary(args, |y, x| new(m::atan2(y, x)))
}
/// `math.exp(x)`.
pub fn math_exp(args: &[Obj]) -> Obj {
    unary(args, |x| new(m::exp(x)))
}
/// `math.log(x)` or `math.log(x, base)`.
pub fn math_log(args: &[Obj]) -> Obj {
    let ln = |x: Flt| if x <= 0.0 { None } else { Some(m::log(x)) };
    match args {
        [_] => unary(args, |x| ln(x).map_or_else(domain_error, new)),
        [_, _] => binary(args, |x, b| match (ln(x), ln(b)) {
            (Some(a), Some(c)) if c != 0.0 => new(a / c),
            (Some(_), Some(_)) => zero_division(),
            _ => domain_error(),
        }),
        _ => exc::raise(
            &exc::TYPE_ERROR,
            "function takes 1 or 2 positional arguments",
        ),
    }
}
/// `math.pow(x, y)`: always a float.
pub fn math_pow(args: &[Obj]) -> Obj {
    binary(args, |x, y| {
        if x == 0.0 && y < 0.0 {
            return domain_error();
        }
        checked(m::pow(x, y), x + y)
    })
}
/// `math.fabs(x)`.
pub fn math_fabs(args: &[Obj]) -> Obj {
    unary(args, |x| new(m::fabs(x)))
}
/// `math.isnan(x)`.
pub fn math_isnan(args: &[Obj]) -> Obj {
    unary(args, |x| obj::new_bool(x.is_nan()))
}
/// `math.isinf(x)`.
pub fn math_isinf(args: &[Obj]) -> Obj {
    unary(args, |x| obj::new_bool(x.is_infinite()))
}
/// `math.isfinite(x)`.
pub fn math_isfinite(args: &[Obj]) -> Obj {
    unary(args, |x| obj::new_bool(x.is_finite()))
}
/// `math.trunc(x)`: an int.
pub fn math_trunc(args: &[Obj]) -> Obj {
    match args {
        [x] if int::get(*x).is_some() => *x,
        _ => unary(args, |x| to_int(m::trunc(x))),
    }
}
