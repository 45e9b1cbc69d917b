//! Single-precision sine and cosine for boards whose float is `f32` with a hardware FPU:
//! libm's `sinf`/`cosf` reduce their argument in double precision, which the Cortex-M4F
//! does in software (about ten times the cost of the whole evaluation here).
//!
//! For |x| ≤ [`FAST_LIMIT`] the argument is reduced by π/2 in three parts (Cody–Waite:
//! the first part has few significant bits, so `k * PIO2_HI` is exact) and a minimax
//! polynomial on [-π/4, π/4] gives the sine or cosine of the rest; the error stays
//! within 1.5 units in the last place (checked against double precision over the whole
//! range). Larger or non-finite arguments go to libm.

/// Beyond this, libm's exact reduction (the three-part one loses accuracy).
const FAST_LIMIT: f32 = 100.0;
const FRAC_2_PI: f32 = core::f32::consts::FRAC_2_PI;
/// π/2 = PIO2_HI + PIO2_MID + PIO2_LO, PIO2_HI with 8 significant bits.
const PIO2_HI: f32 = 1.5703125;
const PIO2_MID: f32 = 4.837_513e-4;
const PIO2_LO: f32 = 7.549_79e-8;
/// sin(r) ≈ r + r³(S1 + r²(S2 + r²S3)) on [-π/4, π/4].
const S1: f32 = -1.666_665_5e-1;
const S2: f32 = 8.332_161e-3;
const S3: f32 = -1.951_529_6e-4;
/// cos(r) ≈ 1 - r²/2 + r⁴(C1 + r²(C2 + r²C3)) on [-π/4, π/4].
const C1: f32 = 4.166_664_6e-2;
const C2: f32 = -1.388_731_6e-3;
const C3: f32 = 2.443_315_7e-5;

/// The quadrant (`k mod 4`) and the reduced argument `x - k·π/2` in [-π/4, π/4].
#[inline(always)]
fn reduce(x: f32) -> (u32, f32) {
    let k = (x * FRAC_2_PI + 0.5f32.copysign(x)) as i32;
    let kf = k as f32;
    let r = x - kf * PIO2_HI - kf * PIO2_MID - kf * PIO2_LO;
    (k as u32 & 3, r)
}

#[inline(always)]
fn sin_poly(r: f32) -> f32 {
    let z = r * r;
    r + r * z * (S1 + z * (S2 + z * S3))
}

#[inline(always)]
fn cos_poly(r: f32) -> f32 {
    let z = r * r;
    1.0 - 0.5 * z + z * z * (C1 + z * (C2 + z * C3))
}

/// sin(x).
pub fn sin(x: f32) -> f32 {
    let a = x.abs();
    if a.is_nan() || a > FAST_LIMIT {
        return libm::sinf(x);
    }
    if a < 2.44e-4 {
        // sin(x) = x to within half a unit (and keeps the sign of zero).
        return x;
    }
    let (q, r) = reduce(x);
    match q {
        0 => sin_poly(r),
        1 => cos_poly(r),
        2 => -sin_poly(r),
        _ => -cos_poly(r),
    }
}

/// cos(x).
pub fn cos(x: f32) -> f32 {
    let a = x.abs();
    if a.is_nan() || a > FAST_LIMIT {
        return libm::cosf(x);
    }
    let (q, r) = reduce(x);
    match q {
        0 => cos_poly(r),
        1 => -sin_poly(r),
        2 => -cos_poly(r),
        _ => sin_poly(r),
    }
}
