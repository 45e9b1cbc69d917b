//! `math` (alias `umath`): float functions (single precision on the pyboard, double on
//! the host). The older bodies live in `crate::float`; the rest are here, on `libm`.
//! Domain errors raise `ValueError: math domain error` as CPython does; results that
//! overflow are `inf` (MicroPython does not raise `OverflowError` for them).

use crate::builtins::argc;
use crate::exc;
use crate::float::{self as f, Flt};
use crate::module::{Member, ModuleDef};
use crate::modules::support::{fail, ret};
use crate::obj::{self, Obj, PyResult, Raised};
use crate::sort::kwarg;
use upyc_abi::BinOp;

/// libm functions at the target's precision.
#[cfg(target_arch = "arm")]
mod m {
    pub use libm::{
        acosf as acos, acoshf as acosh, asinf as asin, asinhf as asinh, atanf as atan,
        atanhf as atanh, copysignf as copysign, coshf as cosh, erfcf as erfc, erff as erf,
        expm1f as expm1, floorf as floor, fmodf as fmod, frexpf as frexp, ldexpf as ldexp,
        lgammaf as lgamma, log10f as log10, log1pf as log1p, log2f as log2, modff as modf,
        sinhf as sinh, tanhf as tanh, tgammaf as tgamma,
    };
}
/// libm functions at the target's precision.
#[cfg(not(target_arch = "arm"))]
mod m {
    pub use libm::{
        acos, acosh, asin, asinh, atan, atanh, copysign, cosh, erf, erfc, expm1, floor, fmod,
        frexp, ldexp, lgamma, log10, log1p, log2, modf, sinh, tanh, tgamma,
    };
}

fn flt(o: Obj) -> PyResult<Flt> {
    match f::to_flt(o) {
        Some(v) => Ok(v),
        None => {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"can't convert ",
                    obj::type_name(o).as_bytes(),
                    b" to float",
                ],
            );
            Err(Raised)
        }
    }
}

fn domain<T>() -> PyResult<T> {
    fail(&exc::VALUE_ERROR, "math domain error")
}

/// A float result; NaN from non-NaN input is a domain error.
fn checked(r: Flt, x: Flt) -> PyResult<Obj> {
    if r.is_nan() && !x.is_nan() {
        return domain();
    }
    obj::check(f::new(r))
}

fn one(pos: &[Obj], g: impl Fn(Flt) -> PyResult<Obj>) -> Obj {
    ret(argc(pos, 1, 1).and_then(|_| flt(pos[0])).and_then(g))
}

fn two(pos: &[Obj], g: impl Fn(Flt, Flt) -> PyResult<Obj>) -> Obj {
    ret((|| {
        argc(pos, 2, 2)?;
        g(flt(pos[0])?, flt(pos[1])?)
    })())
}

fn is_nonpositive_int(x: Flt) -> bool {
    x <= 0.0 && x == m::floor(x)
}

fn pair(a: Obj, b: Obj) -> PyResult<Obj> {
    let a = obj::check(a)?;
    let b = obj::check(b)?;
    obj::check(crate::tuple::new(&[a, b]))
}

macro_rules! simple {
    ($($stat:ident = $name:literal => $fun:path;)*) => {
        crate::positional_fns! {
            $($stat = $name => |p: &[Obj]| one(p, |x| checked($fun(x), x));)*
        }
    };
}

simple! {
    ACOS = "acos" => m::acos;
    ACOSH = "acosh" => m::acosh;
    ASIN = "asin" => m::asin;
    ASINH = "asinh" => m::asinh;
    ATAN = "atan" => m::atan;
    COSH = "cosh" => m::cosh;
    SINH = "sinh" => m::sinh;
    TANH = "tanh" => m::tanh;
    ERF = "erf" => m::erf;
    ERFC = "erfc" => m::erfc;
    EXPM1 = "expm1" => m::expm1;
}

fn fabs(x: Flt) -> Flt {
    if x < 0.0 {
        -x
    } else {
        x
    }
}

fn degrees(x: Flt) -> Flt {
    x * (180.0 / f::PI)
}
fn radians(x: Flt) -> Flt {
    x * (f::PI / 180.0)
}

crate::positional_fns! {
    SQRT = "sqrt" => f::math_sqrt;
    FLOOR = "floor" => f::math_floor;
    CEIL = "ceil" => f::math_ceil;
    TRUNC = "trunc" => f::math_trunc;
    SIN = "sin" => f::math_sin;
    COS = "cos" => f::math_cos;
    TAN = "tan" => f::math_tan;
    ATAN2 = "atan2" => f::math_atan2;
    EXP = "exp" => f::math_exp;
    LOG = "log" => f::math_log;
    POW = "pow" => f::math_pow;
    FABS = "fabs" => f::math_fabs;
    ISNAN = "isnan" => f::math_isnan;
    ISINF = "isinf" => f::math_isinf;
    ISFINITE = "isfinite" => f::math_isfinite;
    ATANH = "atanh" => |p: &[Obj]| one(p, |x| if fabs(x) < 1.0 { checked(m::atanh(x), x) } else { domain() });
    DEGREES = "degrees" => |p: &[Obj]| one(p, |x| checked(degrees(x), x));
    RADIANS = "radians" => |p: &[Obj]| one(p, |x| checked(radians(x), x));
    LOG10 = "log10" => |p: &[Obj]| one(p, |x| if x > 0.0 { checked(m::log10(x), x) } else { domain() });
    LOG2 = "log2" => |p: &[Obj]| one(p, |x| if x > 0.0 { checked(m::log2(x), x) } else { domain() });
    LOG1P = "log1p" => |p: &[Obj]| one(p, |x| if x > -1.0 { checked(m::log1p(x), x) } else { domain() });
    GAMMA = "gamma" => |p: &[Obj]| one(p, |x| if is_nonpositive_int(x) || x == Flt::NEG_INFINITY { domain() } else { checked(m::tgamma(x), x) });
    LGAMMA = "lgamma" => |p: &[Obj]| one(p, |x| if is_nonpositive_int(x) { domain() } else { checked(m::lgamma(x), x) });
    COPYSIGN = "copysign" => |p: &[Obj]| two(p, |x, y| obj::check(f::new(m::copysign(x, y))));
    FMOD = "fmod" => |p: &[Obj]| two(p, |x, y| {
        if y == 0.0 || x.is_infinite() {
            return domain();
        }
        checked(m::fmod(x, y), x + y)
    });
    FREXP = "frexp" => |p: &[Obj]| one(p, |x| {
        let (mant, e) = m::frexp(x);
        pair(f::new(mant), obj::new_small_int(e as isize))
    });
    MODF = "modf" => |p: &[Obj]| one(p, |x| {
        let (frac, int) = m::modf(x);
        pair(f::new(frac), f::new(int))
    });
    LDEXP = "ldexp" => |p: &[Obj]| ret((|| {
        argc(p, 2, 2)?;
        let x = flt(p[0])?;
        let e = crate::modules::support::int_arg(p[1])?;
        let e = e.clamp(-100_000, 100_000) as i32;
        obj::check(f::new(m::ldexp(x, e)))
    })());
    FACTORIAL = "factorial" => factorial;
    GCD = "gcd" => gcd;
}

fn factorial(p: &[Obj]) -> Obj {
    ret((|| {
        argc(p, 1, 1)?;
        let n = crate::modules::support::int_arg(p[0])?;
        if n < 0 {
            return fail(
                &exc::VALUE_ERROR,
                "factorial() not defined for negative values",
            );
        }
        let mut acc = obj::new_small_int(1);
        for k in 2..=n {
            acc = obj::check(crate::entry::upy_binop(
                BinOp::Mul as usize,
                acc,
                obj::new_small_int(k),
            ))?;
        }
        Ok(acc)
    })())
}

fn gcd(p: &[Obj]) -> Obj {
    ret((|| {
        argc(p, 2, 2)?;
        for &x in p {
            if crate::int::get(x).is_none() {
                exc::raise_parts(
                    &exc::TYPE_ERROR,
                    &[b"can't convert ", obj::type_name(x).as_bytes(), b" to int"],
                );
                return Err(Raised);
            }
        }
        let binop =
            |op: BinOp, a: Obj, b: Obj| obj::check(crate::entry::upy_binop(op as usize, a, b));
        let zero = obj::new_small_int(0);
        let abs = |a: Obj| -> PyResult<Obj> {
            if crate::int::is_negative(a) {
                binop(BinOp::Sub, zero, a)
            } else {
                Ok(a)
            }
        };
        let (mut a, mut b) = (abs(p[0])?, abs(p[1])?);
        while b != zero {
            let r = binop(BinOp::Mod, a, b)?;
            a = b;
            b = r;
        }
        Ok(a)
    })())
}

fn isclose(p: &[Obj], kw: &[Obj]) -> Obj {
    ret((|| {
        argc(p, 2, 2)?;
        for k in kw.chunks_exact(2) {
            let n = crate::str::bytes(k[0]).unwrap_or(b"");
            if n != b"rel_tol" && n != b"abs_tol" {
                exc::raise_parts(
                    &exc::TYPE_ERROR,
                    &[b"unexpected keyword argument '", n, b"'"],
                );
                return Err(Raised);
            }
        }
        let (a, b) = (flt(p[0])?, flt(p[1])?);
        let rel = match kwarg(kw, "rel_tol") {
            Some(v) => flt(v)?,
            None => 1e-9,
        };
        let abs = match kwarg(kw, "abs_tol") {
            Some(v) => flt(v)?,
            None => 0.0,
        };
        if rel < 0.0 || abs < 0.0 {
            return fail(&exc::VALUE_ERROR, "tolerances must be non-negative");
        }
        if a == b {
            return Ok(obj::TRUE);
        }
        if a.is_infinite() || b.is_infinite() {
            return Ok(obj::FALSE);
        }
        let d = fabs(a - b);
        Ok(obj::new_bool(
            d <= fabs(rel * b) || d <= fabs(rel * a) || d <= abs,
        ))
    })())
}

static ISCLOSE: crate::callable::BuiltinFn = crate::callable::BuiltinFn::new("isclose", isclose);

/// `math`.
#[no_mangle]
pub static upy_module_math: ModuleDef = ModuleDef {
    name: "math",
    members: &[
        ("pi", Member::Float(f::PI)),
        ("e", Member::Float(f::E)),
        ("inf", Member::Float(Flt::INFINITY)),
        ("nan", Member::Float(Flt::NAN)),
        ("sqrt", Member::Fn(&SQRT)),
        ("floor", Member::Fn(&FLOOR)),
        ("ceil", Member::Fn(&CEIL)),
        ("trunc", Member::Fn(&TRUNC)),
        ("sin", Member::Fn(&SIN)),
        ("cos", Member::Fn(&COS)),
        ("tan", Member::Fn(&TAN)),
        ("asin", Member::Fn(&ASIN)),
        ("acos", Member::Fn(&ACOS)),
        ("atan", Member::Fn(&ATAN)),
        ("atan2", Member::Fn(&ATAN2)),
        ("sinh", Member::Fn(&SINH)),
        ("cosh", Member::Fn(&COSH)),
        ("tanh", Member::Fn(&TANH)),
        ("asinh", Member::Fn(&ASINH)),
        ("acosh", Member::Fn(&ACOSH)),
        ("atanh", Member::Fn(&ATANH)),
        ("exp", Member::Fn(&EXP)),
        ("expm1", Member::Fn(&EXPM1)),
        ("log", Member::Fn(&LOG)),
        ("log10", Member::Fn(&LOG10)),
        ("log2", Member::Fn(&LOG2)),
        ("log1p", Member::Fn(&LOG1P)),
        ("pow", Member::Fn(&POW)),
        ("fabs", Member::Fn(&FABS)),
        ("fmod", Member::Fn(&FMOD)),
        ("copysign", Member::Fn(&COPYSIGN)),
        ("degrees", Member::Fn(&DEGREES)),
        ("radians", Member::Fn(&RADIANS)),
        ("erf", Member::Fn(&ERF)),
        ("erfc", Member::Fn(&ERFC)),
        ("gamma", Member::Fn(&GAMMA)),
        ("lgamma", Member::Fn(&LGAMMA)),
        ("frexp", Member::Fn(&FREXP)),
        ("ldexp", Member::Fn(&LDEXP)),
        ("modf", Member::Fn(&MODF)),
        ("isnan", Member::Fn(&ISNAN)),
        ("isinf", Member::Fn(&ISINF)),
        ("isfinite", Member::Fn(&ISFINITE)),
        ("isclose", Member::Fn(&ISCLOSE)),
        ("factorial", Member::Fn(&FACTORIAL)),
        ("gcd", Member::Fn(&GCD)),
    ],
};
