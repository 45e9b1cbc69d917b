//! `cmath`: `cos`, `exp`, `log`, `log10`, `phase`, `polar`, `rect`, `sin`, `sqrt` and
//! the constants `e` and `pi`, on complex numbers at the board's float precision.
//! Arguments may be complex, float, int or bool.

use crate::callable::BuiltinFn;
use crate::complex;
use crate::exc;
use crate::float::{self, Flt};
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, ret};
use crate::obj::{self, Obj, PyResult, Raised};

/// libm functions at the target's precision.
#[cfg(target_arch = "arm")]
mod m {
    pub use libm::{
        atan2f as atan2, cosf as cos, coshf as cosh, expf as exp, fabsf as fabs, hypotf as hypot,
        logf as log, sinf as sin, sinhf as sinh, sqrtf as sqrt,
    };
}
/// libm functions at the target's precision.
#[cfg(not(target_arch = "arm"))]
mod m {
    pub use libm::{atan2, cos, cosh, exp, fabs, hypot, log, sin, sinh, sqrt};
}

const LN_10: Flt = core::f64::consts::LN_10 as Flt;

/// `o` as `(re, im)`, or `TypeError`.
fn arg(o: Obj) -> PyResult<(Flt, Flt)> {
    if let Some(c) = complex::get(o) {
        return Ok(c);
    }
    match float::to_flt(o) {
        Some(v) => Ok((v, 0.0)),
        None => {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[b"must be real number, not ", obj::type_name(o).as_bytes()],
            );
            Err(Raised)
        }
    }
}

/// Applies `f` to the single complex argument and boxes the complex result.
fn unary(p: &[Obj], k: &[Obj], f: fn(Flt, Flt) -> (Flt, Flt)) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let (x, y) = arg(p[0])?;
        let (re, im) = f(x, y);
        obj::check(complex::new(re, im))
    })())
}

fn log_of(x: Flt, y: Flt) -> (Flt, Flt) {
    (m::log(m::hypot(x, y)), m::atan2(y, x))
}

fn sqrt_of(x: Flt, y: Flt) -> (Flt, Flt) {
    if x == 0.0 && y == 0.0 {
        return (0.0, y);
    }
    let s = m::sqrt((m::fabs(x) + m::hypot(x, y)) / 2.0);
    if x >= 0.0 {
        (s, y / (2.0 * s))
    } else {
        let re = m::fabs(y) / (2.0 * s);
        (re, if y < 0.0 { -s } else { s })
    }
}

fn cos(p: &[Obj], k: &[Obj]) -> Obj {
    unary(p, k, |x, y| {
        (m::cos(x) * m::cosh(y), -(m::sin(x) * m::sinh(y)))
    })
}

fn sin(p: &[Obj], k: &[Obj]) -> Obj {
    unary(p, k, |x, y| {
        (m::sin(x) * m::cosh(y), m::cos(x) * m::sinh(y))
    })
}

fn exp(p: &[Obj], k: &[Obj]) -> Obj {
    unary(p, k, |x, y| {
        let r = m::exp(x);
        (r * m::cos(y), r * m::sin(y))
    })
}

fn log(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 2)?;
        let (x, y) = arg(p[0])?;
        let (mut re, mut im) = log_of(x, y);
        if let Some(&b) = p.get(1) {
            let (bx, by) = arg(b)?;
            let (lr, li) = log_of(bx, by);
            // (re + i im) / (lr + i li)
            let d = lr * lr + li * li;
            if d == 0.0 {
                return support::fail(&exc::ZERO_DIVISION_ERROR, "complex division by zero");
            }
            let (a, b) = (re, im);
            re = (a * lr + b * li) / d;
            im = (b * lr - a * li) / d;
        }
        obj::check(complex::new(re, im))
    })())
}

fn log10(p: &[Obj], k: &[Obj]) -> Obj {
    unary(p, k, |x, y| {
        let (re, im) = log_of(x, y);
        (re / LN_10, im / LN_10)
    })
}

fn sqrt(p: &[Obj], k: &[Obj]) -> Obj {
    unary(p, k, sqrt_of)
}

fn phase(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let (x, y) = arg(p[0])?;
        obj::check(float::new(m::atan2(y, x)))
    })())
}

fn polar(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let (x, y) = arg(p[0])?;
        let r = obj::check(float::new(m::hypot(x, y)))?;
        let a = obj::check(float::new(m::atan2(y, x)))?;
        obj::check(crate::tuple::new(&[r, a]))
    })())
}

fn rect(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let r = float_arg(p[0])?;
        let phi = float_arg(p[1])?;
        obj::check(complex::new(r * m::cos(phi), r * m::sin(phi)))
    })())
}

fn float_arg(o: Obj) -> PyResult<Flt> {
    match float::to_flt(o) {
        Some(v) => Ok(v),
        None => {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[b"must be real number, not ", obj::type_name(o).as_bytes()],
            );
            Err(Raised)
        }
    }
}

static COS: BuiltinFn = BuiltinFn::new("cos", cos);
static SIN: BuiltinFn = BuiltinFn::new("sin", sin);
static EXP: BuiltinFn = BuiltinFn::new("exp", exp);
static LOG: BuiltinFn = BuiltinFn::new("log", log);
static LOG10: BuiltinFn = BuiltinFn::new("log10", log10);
static SQRT: BuiltinFn = BuiltinFn::new("sqrt", sqrt);
static PHASE: BuiltinFn = BuiltinFn::new("phase", phase);
static POLAR: BuiltinFn = BuiltinFn::new("polar", polar);
static RECT: BuiltinFn = BuiltinFn::new("rect", rect);

/// `cmath`.
#[no_mangle]
pub static upy_module_cmath: ModuleDef = ModuleDef {
    name: "cmath",
    members: &[
        ("e", Member::Float(core::f64::consts::E as Flt)),
        ("pi", Member::Float(core::f64::consts::PI as Flt)),
        ("cos", Member::Fn(&COS)),
        ("sin", Member::Fn(&SIN)),
        ("exp", Member::Fn(&EXP)),
        ("log", Member::Fn(&LOG)),
        ("log10", Member::Fn(&LOG10)),
        ("sqrt", Member::Fn(&SQRT)),
        ("phase", Member::Fn(&PHASE)),
        ("polar", Member::Fn(&POLAR)),
        ("rect", Member::Fn(&RECT)),
    ],
};
