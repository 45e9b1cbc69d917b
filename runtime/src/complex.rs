//! `complex`: a pair of floats at the board's precision (`f32` on the pyboard, `f64` on
//! the host). Arithmetic follows CPython's algorithms (`Objects/complexobject.c`: Smith's
//! division, exact integer powers by repeated squaring, polar form otherwise), so
//! exactly representable results print alike. Imaginary literals come from
//! `upy_complex_from_qstr`.

use crate::builtins::{argc, no_kw};
use crate::callable::BuiltinFn;
use crate::exc::{self, raise, raise_parts};
use crate::float::{self, Buf, Flt};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NULL};
use upyc_abi::{BinOp, UnOp};

/// libm functions at the target's precision.
#[cfg(target_arch = "arm")]
mod m {
    pub use libm::{
        atan2f as atan2, cosf as cos, expf as exp, hypotf as hypot, logf as log, powf as pow,
        sinf as sin,
    };
}
/// libm functions at the target's precision.
#[cfg(not(target_arch = "arm"))]
mod m {
    pub use libm::{atan2, cos, exp, hypot, log, pow, sin};
}

/// A complex number object.
#[repr(C)]
pub struct ComplexObj {
    ty: &'static Type,
    re: Flt,
    im: Flt,
}

/// A new complex object; NULL with `MemoryError` pending.
pub fn new(re: Flt, im: Flt) -> Obj {
    obj::new_obj(ComplexObj {
        ty: &COMPLEX_TYPE,
        re,
        im,
    })
}

/// `(real, imag)` of a complex object, `None` for anything else.
pub fn get(o: Obj) -> Option<(Flt, Flt)> {
    if obj::is_type(o, &COMPLEX_TYPE) {
        // SAFETY: a complex object.
        let c = unsafe { &*(o as *const ComplexObj) };
        Some((c.re, c.im))
    } else {
        None
    }
}

/// `o` as a complex value when it is a complex, float, int or bool.
fn to_c(o: Obj) -> Option<(Flt, Flt)> {
    get(o).or_else(|| float::to_flt(o).map(|v| (v, 0.0)))
}

type C = (Flt, Flt);

fn mul(a: C, b: C) -> C {
    (a.0 * b.0 - a.1 * b.1, a.0 * b.1 + a.1 * b.0)
}

/// Smith's algorithm, as CPython's `_Py_c_quot`; `None` for division by zero.
fn quot(a: C, b: C) -> Option<C> {
    let (abs_re, abs_im) = (b.0.abs(), b.1.abs());
    if abs_re >= abs_im {
        if abs_re == 0.0 {
            return None;
        }
        let ratio = b.1 / b.0;
        let denom = b.0 + b.1 * ratio;
        Some(((a.0 + a.1 * ratio) / denom, (a.1 - a.0 * ratio) / denom))
    } else if abs_im >= abs_re {
        let ratio = b.0 / b.1;
        let denom = b.0 * ratio + b.1;
        Some(((a.0 * ratio + a.1) / denom, (a.1 * ratio - a.0) / denom))
    } else {
        Some((Flt::NAN, Flt::NAN))
    }
}

/// `a ** b` as CPython's `_Py_c_pow`; `None` for zero to a negative or complex power.
fn pow_polar(a: C, b: C) -> Option<C> {
    if b == (0.0, 0.0) {
        return Some((1.0, 0.0));
    }
    if a == (0.0, 0.0) {
        if b.1 != 0.0 || b.0 < 0.0 {
            return None;
        }
        return Some((0.0, 0.0));
    }
    let vabs = m::hypot(a.0, a.1);
    let mut len = m::pow(vabs, b.0);
    let at = m::atan2(a.1, a.0);
    let mut phase = at * b.0;
    if b.1 != 0.0 {
        len /= m::exp(at * b.1);
        phase += b.1 * m::log(vabs);
    }
    Some((len * m::cos(phase), len * m::sin(phase)))
}

/// `x ** n` for a small integer `n` (CPython's `c_powi`).
fn powi(x: C, n: i32) -> Option<C> {
    let mut r = (1.0, 0.0);
    let mut p = x;
    let mut e = n.unsigned_abs();
    while e > 0 {
        if e & 1 == 1 {
            r = mul(r, p);
        }
        p = mul(p, p);
        e >>= 1;
    }
    if n < 0 {
        quot((1.0, 0.0), r)
    } else {
        Some(r)
    }
}

/// `x ** y` for floats `x < 0` and non-integral `y`: a complex result.
pub fn pow_real(x: Flt, y: Flt) -> Obj {
    match pow_polar((x, 0.0), (y, 0.0)) {
        Some((re, im)) => new(re, im),
        None => zero_division("0.0 to a negative or complex power"),
    }
}

fn zero_division(msg: &'static str) -> Obj {
    raise(&exc::ZERO_DIVISION_ERROR, msg)
}

fn binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    let (Some(x), Some(y)) = (to_c(a), to_c(b)) else {
        return obj::NOT_IMPL;
    };
    let r = match op {
        BinOp::Add => (x.0 + y.0, x.1 + y.1),
        BinOp::Sub => (x.0 - y.0, x.1 - y.1),
        BinOp::Mul => mul(x, y),
        BinOp::TrueDiv => match quot(x, y) {
            Some(r) => r,
            None => return zero_division("complex division by zero"),
        },
        BinOp::Pow => {
            // Integer exponents are exact (as CPython does for |n| <= 100).
            let small = y.1 == 0.0 && y.0 == (y.0 as i32) as Flt && (y.0 as i32).abs() <= 100;
            let r = if small {
                powi(x, y.0 as i32)
            } else {
                pow_polar(x, y)
            };
            match r {
                Some(r) => r,
                None => return zero_division("0.0 to a negative or complex power"),
            }
        }
        BinOp::Eq => return obj::new_bool(x == y),
        _ => return obj::NOT_IMPL,
    };
    new(r.0, r.1)
}

fn unop(op: UnOp, a: Obj) -> Obj {
    let Some((re, im)) = get(a) else {
        return obj::NOT_IMPL;
    };
    match op {
        UnOp::Neg => new(-re, -im),
        UnOp::Pos => a,
        _ => obj::NOT_IMPL,
    }
}

/// `abs(c)` for a complex `c`, `None` for anything else.
pub fn abs(o: Obj) -> Option<Obj> {
    let (re, im) = get(o)?;
    Some(float::new(m::hypot(re, im)))
}

/// Writes a part the way CPython's complex repr does: the float repr without a
/// trailing `.0`.
fn push_part(out: &mut Buf<72>, v: Flt) {
    let mut b = Buf::<32>::new();
    float::repr(v, &mut b);
    let t = b.as_bytes();
    out.push(t.strip_suffix(b".0").unwrap_or(t));
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let (re, im) = get(o).unwrap_or((0.0, 0.0));
    let mut out = Buf::<72>::new();
    let bare = re == 0.0 && re.is_sign_positive();
    if !bare {
        out.push(b"(");
        push_part(&mut out, re);
        if !(im < 0.0 || (im == 0.0 && im.is_sign_negative())) {
            out.push(b"+");
        }
    }
    push_part(&mut out, im);
    out.push(b"j");
    if !bare {
        out.push(b")");
    }
    w.write(out.as_bytes());
    Ok(())
}

fn hash(o: Obj) -> PyResult<usize> {
    let (re, im) = get(o).unwrap_or((0.0, 0.0));
    let h = float::hash(re).wrapping_add(float::hash(im).wrapping_mul(1_000_003));
    Ok(h as usize)
}

fn truth(o: Obj) -> PyResult<bool> {
    Ok(get(o).is_some_and(|(re, im)| re != 0.0 || im != 0.0))
}

fn attr(o: Obj, name: Obj) -> Obj {
    let (re, im) = get(o).unwrap_or((0.0, 0.0));
    match crate::str::bytes(name) {
        Some(b"real") => float::new(re),
        Some(b"imag") => float::new(im),
        _ => obj::NOT_IMPL,
    }
}

fn conjugate(pos: &[Obj], _kw: &[Obj]) -> Obj {
    if argc(pos, 1, 1).is_err() {
        return NULL;
    }
    match get(pos[0]) {
        Some((re, im)) => new(re, -im),
        None => raise(&exc::TYPE_ERROR, "complex expected"),
    }
}

fn part(o: Obj) -> PyResult<C> {
    to_c(o).ok_or_else(|| {
        raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"can't convert ",
                obj::type_name(o).as_bytes(),
                b" to complex",
            ],
        );
        Raised
    })
}

/// `complex(real=0, imag=0)`; either part may itself be a number of any kind.
pub fn complex_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    let r = (|| -> PyResult<Obj> {
        no_kw(kw)?;
        argc(pos, 0, 2)?;
        if let [x] = pos {
            if get(*x).is_some() {
                return Ok(*x);
            }
        }
        let a = match pos.first() {
            Some(&o) => part(o)?,
            None => (0.0, 0.0),
        };
        let Some(&bo) = pos.get(1) else {
            return obj::check(new(a.0, a.1));
        };
        let b = part(bo)?;
        // complex(a, b) = a + b*1j; real parts are used as they are (signed zeros kept).
        let re = if get(bo).is_some() { a.0 - b.1 } else { a.0 };
        let im = if get(pos[0]).is_some() {
            a.1 + b.0
        } else {
            b.0
        };
        obj::check(new(re, im))
    })();
    r.unwrap_or(NULL)
}

/// `upy_complex_from_qstr(text)`: an imaginary literal `<text>j` (the text without
/// the `j`).
#[no_mangle]
pub extern "C" fn upy_complex_from_qstr(text: Obj) -> Obj {
    match crate::str::bytes(text).and_then(float::parse) {
        Some(v) => new(0.0, v),
        None => raise(&exc::SYNTAX_ERROR, "invalid imaginary literal"),
    }
}

static CONJUGATE: BuiltinFn = BuiltinFn::new("conjugate", conjugate);

/// `complex`.
pub static COMPLEX_TYPE: Type = Type {
    print: Some(print),
    binop: Some(binop),
    unop: Some(unop),
    hash: Some(hash),
    truth: Some(truth),
    attr: Some(attr),
    methods: &[&CONJUGATE],
    ..Type::new("complex")
};
