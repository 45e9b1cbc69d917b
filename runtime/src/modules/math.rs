//! `math` (alias `umath`): float functions (single precision on the pyboard, double on
//! the host); the bodies live in `crate::float`.

use crate::float as f;
use crate::module::{Member, ModuleDef};

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
}

/// `math`.
#[no_mangle]
pub static upy_module_math: ModuleDef = ModuleDef {
    name: "math",
    members: &[
        ("pi", Member::Float(f::PI)),
        ("e", Member::Float(f::E)),
        ("sqrt", Member::Fn(&SQRT)),
        ("floor", Member::Fn(&FLOOR)),
        ("ceil", Member::Fn(&CEIL)),
        ("trunc", Member::Fn(&TRUNC)),
        ("sin", Member::Fn(&SIN)),
        ("cos", Member::Fn(&COS)),
        ("tan", Member::Fn(&TAN)),
        ("atan2", Member::Fn(&ATAN2)),
        ("exp", Member::Fn(&EXP)),
        ("log", Member::Fn(&LOG)),
        ("pow", Member::Fn(&POW)),
        ("fabs", Member::Fn(&FABS)),
        ("isnan", Member::Fn(&ISNAN)),
        ("isinf", Member::Fn(&ISINF)),
        ("isfinite", Member::Fn(&ISFINITE)),
    ],
};
