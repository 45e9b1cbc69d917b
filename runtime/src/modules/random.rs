//! `random` (alias `urandom`): MicroPython's generator (Yasmarang, 32-bit), so a given
//! seed gives MicroPython's sequence of ints. The state starts from a fixed seed (the
//! sequence is the same every run until `seed()`); `seed()` without an argument
//! seeds from the tick counter.

use crate::callable::BuiltinFn;
use crate::exc;
use crate::float::{self, Flt};
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PyResult, NONE};

struct State {
    pad: u32,
    n: u32,
    d: u32,
    dat: u8,
}

static mut STATE: State = State {
    pad: 0xeda4_baba,
    n: 69,
    d: 233,
    dat: 0,
};

fn next() -> u32 {
    // SAFETY: single-threaded; no reference outlives this function.
    let s = unsafe { &mut *core::ptr::addr_of_mut!(STATE) };
    s.pad = s
        .pad
        .wrapping_add(s.dat as u32)
        .wrapping_add(s.d.wrapping_mul(s.n));
    s.pad = (s.pad << 3).wrapping_add(s.pad >> 29);
    s.n = s.pad | 2;
    s.d ^= (s.pad << 31).wrapping_add(s.pad >> 1);
    s.dat ^= (s.pad as u8) ^ ((s.d >> 8) as u8) ^ 1;
    s.pad ^ (s.d << 5) ^ (s.pad >> 18) ^ ((s.dat as u32) << 1)
}

fn set_seed(v: u32) {
    // SAFETY: single-threaded.
    unsafe {
        STATE = State {
            pad: v,
            n: 69,
            d: 233,
            dat: 0,
        }
    };
}

/// A uniform value in `0..n` (`n > 0`), by rejection as MicroPython does.
fn below(n: u64) -> u64 {
    let bits = 64 - n.leading_zeros();
    let mask = if bits >= 64 {
        u64::MAX
    } else {
        (1u64 << bits) - 1
    };
    loop {
        let mut r = next() as u64;
        if bits > 32 {
            r |= (next() as u64) << 32;
        }
        let r = r & mask;
        if r < n {
            return r;
        }
    }
}

fn seed(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 0, 1)?;
        let v = match p.first() {
            Some(&s) if s != NONE => support::int_arg(s)? as u32,
            _ => crate::platform::ticks_us() as u32,
        };
        set_seed(v);
        Ok(NONE)
    })())
}

fn getrandbits(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let n = support::int_arg(p[0])?;
        if !(1..=32).contains(&n) {
            return fail(&exc::VALUE_ERROR, "bits must be 32 or less");
        }
        Ok(int_obj(next_masked(n as u32) as i64))
    })())
}

/// `yasmarang() & mask` for the low `n` bits: MicroPython's `getrandbits`.
fn next_masked(n: u32) -> u32 {
    next() & (u32::MAX >> (32 - n))
}

fn int_obj(v: i64) -> Obj {
    if obj::fits_small_int(v as i128) {
        obj::new_small_int(v as isize)
    } else {
        crate::int::big::new(num_bigint::BigInt::from(v))
    }
}

fn range_value(start: i64, stop: i64, step: i64) -> PyResult<Obj> {
    if step == 0 {
        return fail(&exc::VALUE_ERROR, "empty range");
    }
    let n = if step > 0 {
        (stop - start + step - 1).div_euclid(step)
    } else {
        (stop - start + step + 1).div_euclid(step)
    };
    if n <= 0 {
        return fail(&exc::VALUE_ERROR, "empty range");
    }
    Ok(int_obj(start + step * below(n as u64) as i64))
}

fn randrange(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 3)?;
        let mut v = [0i64; 3];
        for (d, &x) in v.iter_mut().zip(p) {
            *d = support::int_arg(x)? as i64;
        }
        match p.len() {
            1 => range_value(0, v[0], 1),
            2 => range_value(v[0], v[1], 1),
            _ => range_value(v[0], v[1], v[2]),
        }
    })())
}

fn randint(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let a = support::int_arg(p[0])? as i64;
        let b = support::int_arg(p[1])? as i64;
        range_value(a, b + 1, 1)
    })())
}

fn choice(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let n = crate::builtins::len_of(p[0])?;
        if n == 0 {
            return fail(&exc::INDEX_ERROR, "empty sequence");
        }
        let i = obj::new_small_int(below(n as u64) as isize);
        obj::check(crate::subscr::upy_subscr(p[0], i))
    })())
}

/// A float in `[0, 1)` from one 32-bit value, as MicroPython builds it.
fn unit() -> Flt {
    #[cfg(target_arch = "arm")]
    {
        f32::from_bits((0x7f << 23) | (next() >> 9)) - 1.0
    }
    #[cfg(not(target_arch = "arm"))]
    {
        f64::from_bits((0x3ffu64 << 52) | ((next() as u64) << 20)) - 1.0
    }
}

fn random(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 0, 0).and_then(|_| obj::check(float::new(unit()))))
}

fn uniform(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let (Some(a), Some(b)) = (float::to_flt(p[0]), float::to_flt(p[1])) else {
            return fail(&exc::TYPE_ERROR, "can't convert to float");
        };
        obj::check(float::new(a + (b - a) * unit()))
    })())
}

static SEED: BuiltinFn = BuiltinFn::new("seed", seed);
static GETRANDBITS: BuiltinFn = BuiltinFn::new("getrandbits", getrandbits);
static RANDRANGE: BuiltinFn = BuiltinFn::new("randrange", randrange);
static RANDINT: BuiltinFn = BuiltinFn::new("randint", randint);
static CHOICE: BuiltinFn = BuiltinFn::new("choice", choice);
static RANDOM: BuiltinFn = BuiltinFn::new("random", random);
static UNIFORM: BuiltinFn = BuiltinFn::new("uniform", uniform);

/// `random`.
#[no_mangle]
pub static upy_module_random: ModuleDef = ModuleDef {
    name: "random",
    members: &[
        ("seed", Member::Fn(&SEED)),
        ("getrandbits", Member::Fn(&GETRANDBITS)),
        ("randrange", Member::Fn(&RANDRANGE)),
        ("randint", Member::Fn(&RANDINT)),
        ("choice", Member::Fn(&CHOICE)),
        ("random", Member::Fn(&RANDOM)),
        ("uniform", Member::Fn(&UNIFORM)),
    ],
};
