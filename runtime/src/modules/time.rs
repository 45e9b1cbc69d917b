//! `time` (alias `utime`): sleeping, MicroPython's wrapping tick counters, and calendar
//! time with MicroPython's epoch, 2000-01-01 00:00:00 (on both boards; there are no
//! time zones, so `localtime` and `gmtime` agree). `time()` is an int of seconds: the
//! host's clock on the host, the time since reset on the pyboard (which has no set
//! clock). Ticks wrap at 2**30 on both boards (`ticks_diff`/`ticks_add` handle it);
//! `ticks_cpu` counts microseconds.

use crate::callable::BuiltinFn;
use crate::exc;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PyResult, NONE};
use crate::platform;

/// Ticks wrap at this period.
const PERIOD: i64 = 1 << 30;
const MASK: i64 = PERIOD - 1;

fn tick(v: i64) -> Obj {
    obj::new_small_int((v & MASK) as isize)
}

fn ticks_ms(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 0, 0).map(|_| tick((platform::ticks_us() / 1000) as i64)))
}

fn ticks_us(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 0, 0).map(|_| tick(platform::ticks_us() as i64)))
}

fn ticks_add(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let t = support::int_arg(p[0])? as i64;
        let d = support::int_arg(p[1])? as i64;
        Ok(tick(t.wrapping_add(d)))
    })())
}

fn ticks_diff(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let a = support::int_arg(p[0])? as i64;
        let b = support::int_arg(p[1])? as i64;
        let d = (a.wrapping_sub(b).wrapping_add(PERIOD / 2) & MASK) - PERIOD / 2;
        Ok(obj::new_small_int(d as isize))
    })())
}

fn sleep_for(us: i64) -> PyResult<Obj> {
    if us > 0 {
        platform::console_flush();
        platform::sleep_us(us as u64);
    }
    Ok(NONE)
}

fn sleep(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        if let Some(s) = crate::int::to_isize(p[0]) {
            return sleep_for(s as i64 * 1_000_000);
        }
        match crate::float::to_flt(p[0]) {
            Some(s) if s.is_nan() => fail(&exc::VALUE_ERROR, "sleep length must be a number"),
            Some(s) => sleep_for((s * 1e6) as i64),
            None => fail(&exc::TYPE_ERROR, "sleep length must be a number"),
        }
    })())
}

fn sleep_ms(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 1, 1)
        .and_then(|_| support::int_arg(p[0]))
        .and_then(|ms| sleep_for(ms as i64 * 1000)))
}

fn sleep_us(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 1, 1)
        .and_then(|_| support::int_arg(p[0]))
        .and_then(|us| sleep_for(us as i64)))
}

fn time(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 0, 0).map(|_| obj::new_small_int(platform::epoch_seconds() as isize)))
}

/// Days since 1970-01-01 of a proleptic Gregorian date.
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day number since 1970-01-01.
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(m <= 2), m, d)
}

/// Days from 1970-01-01 to 2000-01-01.
const EPOCH_DAYS: i64 = 10_957;

fn localtime(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 0, 1)?;
        let secs = match p.first() {
            Some(&s) if s != NONE => match crate::int::to_isize(s) {
                Some(v) => v as i64,
                None => match crate::float::to_flt(s) {
                    Some(f) if f.is_finite() => {
                        let v = f as i64;
                        if (v as crate::float::Flt) > f {
                            v - 1
                        } else {
                            v
                        }
                    }
                    _ => return fail(&exc::TYPE_ERROR, "expected an int"),
                },
            },
            _ => platform::epoch_seconds(),
        };
        let days = secs.div_euclid(86_400) + EPOCH_DAYS;
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = civil_from_days(days);
        let wday = (days + 3).rem_euclid(7);
        let yday = days - days_from_civil(y, 1, 1) + 1;
        let items = [y, m, d, rem / 3600, rem / 60 % 60, rem % 60, wday, yday]
            .map(|v| obj::new_small_int(v as isize));
        obj::check(crate::tuple::new(&items))
    })())
}

fn mktime(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let Some(items) = crate::tuple::items_of(p[0]) else {
            return fail(&exc::TYPE_ERROR, "mktime needs a tuple");
        };
        if items.len() < 6 || items.len() > 9 {
            return fail(&exc::TYPE_ERROR, "mktime needs a tuple of length 8 or 9");
        }
        let mut v = [0i64; 6];
        for (d, &x) in v.iter_mut().zip(items) {
            *d = support::int_arg(x)? as i64;
        }
        let [y, m, d, hh, mm, ss] = v;
        let y = y + (m - 1).div_euclid(12);
        let m = (m - 1).rem_euclid(12) + 1;
        let days = days_from_civil(y, m, 1) + d - 1 - EPOCH_DAYS;
        let secs = ((days * 24 + hh) * 60 + mm) * 60 + ss;
        match isize::try_from(secs) {
            Ok(s) if obj::fits_small_int(s as i128) => Ok(obj::new_small_int(s)),
            _ => fail(&exc::OVERFLOW_ERROR, "timestamp out of range"),
        }
    })())
}

static SLEEP: BuiltinFn = BuiltinFn::new("sleep", sleep);
static SLEEP_MS: BuiltinFn = BuiltinFn::new("sleep_ms", sleep_ms);
static SLEEP_US: BuiltinFn = BuiltinFn::new("sleep_us", sleep_us);
static TICKS_MS: BuiltinFn = BuiltinFn::new("ticks_ms", ticks_ms);
static TICKS_US: BuiltinFn = BuiltinFn::new("ticks_us", ticks_us);
static TICKS_CPU: BuiltinFn = BuiltinFn::new("ticks_cpu", ticks_us);
static TICKS_ADD: BuiltinFn = BuiltinFn::new("ticks_add", ticks_add);
static TICKS_DIFF: BuiltinFn = BuiltinFn::new("ticks_diff", ticks_diff);
static TIME: BuiltinFn = BuiltinFn::new("time", time);
static LOCALTIME: BuiltinFn = BuiltinFn::new("localtime", localtime);
static GMTIME: BuiltinFn = BuiltinFn::new("gmtime", localtime);
static MKTIME: BuiltinFn = BuiltinFn::new("mktime", mktime);

/// `time`.
#[no_mangle]
pub static upy_module_time: ModuleDef = ModuleDef {
    name: "time",
    members: &[
        ("sleep", Member::Fn(&SLEEP)),
        ("sleep_ms", Member::Fn(&SLEEP_MS)),
        ("sleep_us", Member::Fn(&SLEEP_US)),
        ("ticks_ms", Member::Fn(&TICKS_MS)),
        ("ticks_us", Member::Fn(&TICKS_US)),
        ("ticks_cpu", Member::Fn(&TICKS_CPU)),
        ("ticks_add", Member::Fn(&TICKS_ADD)),
        ("ticks_diff", Member::Fn(&TICKS_DIFF)),
        ("time", Member::Fn(&TIME)),
        ("localtime", Member::Fn(&LOCALTIME)),
        ("gmtime", Member::Fn(&GMTIME)),
        ("mktime", Member::Fn(&MKTIME)),
    ],
};
