//! `struct` (alias `ustruct`): `pack`, `pack_into`, `unpack`, `unpack_from`, `calcsize`.
//!
//! Byte orders `@` (native size and alignment, the default), `=`, `<`, `>`, `!`
//! (standard sizes, no alignment); codes `x c b B ? h H i I l L q Q n N e f d s p P`
//! with repeat counts (`4s`, `3H`); whitespace between codes is ignored. Native sizes
//! follow the target's C ABI (`l` and `P` are 4 bytes on the pyboard, 8 on the host).
//! Errors are `ValueError` as in MicroPython (CPython's `struct.error` is bound to
//! `ValueError` here, so `except struct.error` works), with CPython's messages.

use alloc::vec::Vec;

use crate::buffer;
use crate::callable::BuiltinFn;
use crate::exc;
use crate::float::{self, Flt};
use crate::int;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PyResult, Raised, NONE};
use crate::tuple;

/// A parsed format: its codes and whether it uses native sizes and alignment.
struct Format<'a> {
    codes: &'a [u8],
    native: bool,
    big: bool,
}

/// One format item: `count` repetitions (or the length, for `s` and `p`) of `code`.
#[derive(Clone, Copy)]
struct Item {
    code: u8,
    count: usize,
    size: usize,
}

fn error<T>(msg: &'static str) -> PyResult<T> {
    fail(&exc::VALUE_ERROR, msg)
}

fn format<'a>(o: Obj) -> PyResult<Format<'a>> {
    let Some(s) = crate::str::bytes(o).or_else(|| crate::bytes::get(o)) else {
        exc::raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"Struct() argument 1 must be a str or bytes object, not ",
                obj::type_name(o).as_bytes(),
            ],
        );
        return Err(Raised);
    };
    let (native, big, codes) = match s.first() {
        Some(b'@') => (true, false, &s[1..]),
        Some(b'=' | b'<') => (false, false, &s[1..]),
        Some(b'>' | b'!') => (false, true, &s[1..]),
        _ => (true, false, s),
    };
    Ok(Format { codes, native, big })
}

/// `(size, alignment)` of one `code`, `None` for a bad code.
fn size_of(code: u8, native: bool) -> Option<(usize, usize)> {
    let word = core::mem::size_of::<usize>();
    let size = match code {
        b'x' | b'c' | b'b' | b'B' | b'?' | b's' | b'p' => 1,
        b'h' | b'H' | b'e' => 2,
        b'i' | b'I' | b'f' => 4,
        b'l' | b'L' if native => word,
        b'l' | b'L' => 4,
        b'q' | b'Q' | b'd' => 8,
        b'n' | b'N' | b'P' if native => word,
        _ => return None,
    };
    Some((size, if native { size } else { 1 }))
}

impl Format<'_> {
    /// Calls `f(item, offset)` for each item in order; returns the total size.
    fn walk(&self, mut f: impl FnMut(Item, usize) -> PyResult<()>) -> PyResult<usize> {
        let mut off = 0usize;
        let mut i = 0;
        while i < self.codes.len() {
            let c = self.codes[i];
            if c.is_ascii_whitespace() {
                i += 1;
                continue;
            }
            let mut count = 1usize;
            if c.is_ascii_digit() {
                count = 0;
                while let Some(d) = self.codes.get(i).filter(|d| d.is_ascii_digit()) {
                    count = match count
                        .checked_mul(10)
                        .and_then(|n| n.checked_add((d - b'0') as usize))
                    {
                        Some(n) => n,
                        None => return error("total struct size too long"),
                    };
                    i += 1;
                }
                if i >= self.codes.len() {
                    return error("repeat count given without format specifier");
                }
            }
            let code = self.codes[i];
            i += 1;
            let Some((size, align)) = size_of(code, self.native) else {
                return error("bad char in struct format");
            };
            off = off.next_multiple_of(align);
            let item = Item { code, count, size };
            f(item, off)?;
            let span = if matches!(code, b's' | b'p') {
                Some(count)
            } else {
                size.checked_mul(count)
            };
            off = match span.and_then(|n| off.checked_add(n)) {
                Some(n) if n <= isize::MAX as usize => n,
                _ => return error("total struct size too long"),
            };
        }
        Ok(off)
    }

    /// The total size and the number of values.
    fn measure(&self) -> PyResult<(usize, usize)> {
        let mut n = 0;
        let size = self.walk(|it, _| {
            n += match it.code {
                b'x' => 0,
                b's' | b'p' => 1,
                _ => it.count,
            };
            Ok(())
        })?;
        Ok((size, n))
    }
}

/// `bits` of an IEEE half-precision float nearest `x` (ties to even), `None` when too
/// large.
fn to_half(x: f64) -> Option<u16> {
    let sign: u16 = if x.is_sign_negative() { 0x8000 } else { 0 };
    if x.is_nan() {
        return Some(sign | 0x7e00);
    }
    let a = if x < 0.0 { -x } else { x };
    if a.is_infinite() {
        return Some(sign | 0x7c00);
    }
    if a < 1.0 / 16384.0 {
        // Subnormal (or zero): units of 2^-24.
        let q = a * 16_777_216.0;
        let t = q as u32;
        let frac = q - t as f64;
        let r = if frac > 0.5 || (frac == 0.5 && t & 1 == 1) {
            t + 1
        } else {
            t
        };
        return Some(sign | r as u16);
    }
    let bits = a.to_bits();
    let mut e = ((bits >> 52) & 0x7ff) as i32 - 1023;
    let mant = bits & ((1u64 << 52) - 1);
    let mut m = mant >> 42;
    let rem = mant & ((1u64 << 42) - 1);
    let half = 1u64 << 41;
    if rem > half || (rem == half && m & 1 == 1) {
        m += 1;
        if m == 1024 {
            m = 0;
            e += 1;
        }
    }
    if e > 15 {
        return None;
    }
    Some(sign | (((e + 15) as u16) << 10) | m as u16)
}

/// `2^e` for `-1022 <= e <= 1023`.
fn pow2(e: i32) -> f64 {
    f64::from_bits(((e + 1023) as u64) << 52)
}

/// The value of IEEE half-precision `h`.
fn from_half(h: u16) -> f64 {
    let e = ((h >> 10) & 0x1f) as i32;
    let m = (h & 0x3ff) as f64;
    let v = match e {
        0 => m * pow2(-24),
        31 if m == 0.0 => f64::INFINITY,
        31 => f64::NAN,
        _ => (1024.0 + m) * pow2(e - 25),
    };
    if h & 0x8000 != 0 {
        -v
    } else {
        v
    }
}

fn put(out: &mut [u8], v: u64, big: bool) {
    let b = v.to_le_bytes();
    let n = out.len();
    out.copy_from_slice(&b[..n]);
    if big {
        out.reverse();
    }
}

fn get(data: &[u8], big: bool) -> u64 {
    let mut b = [0u8; 8];
    b[..data.len()].copy_from_slice(data);
    if big {
        b[..data.len()].reverse();
    }
    u64::from_le_bytes(b)
}

fn int_value(o: Obj, code: u8, size: usize) -> PyResult<u64> {
    let Some(i) = int::get(o) else {
        return error("required argument is not an integer");
    };
    let v = int::to_i128(i);
    let bits = 8 * size as u32;
    let ok = match v {
        Some(v) if code.is_ascii_lowercase() => {
            let lim = 1i128 << (bits - 1);
            (-lim..lim).contains(&v)
        }
        Some(v) => (0..1i128 << bits).contains(&v),
        None => false,
    };
    match v {
        Some(v) if ok => Ok(v as u64),
        _ => error("argument out of range"),
    }
}

#[allow(clippy::useless_conversion)] // `Flt` is `f64` on the host
fn float_value(o: Obj) -> PyResult<f64> {
    match float::to_flt(o) {
        Some(v) => Ok(f64::from(v)),
        None => error("required argument is not a float"),
    }
}

/// Packs `vals` by `f` into `out` (zeroed, of the format's size).
fn pack_values(f: &Format, vals: &[Obj], out: &mut [u8]) -> PyResult<()> {
    let mut next = 0usize;
    f.walk(|it, off| {
        if it.code == b'x' {
            return Ok(());
        }
        if matches!(it.code, b's' | b'p') {
            let v = vals[next];
            next += 1;
            if crate::str::bytes(v).is_some() {
                return error("argument for 's' must be a bytes object");
            }
            let data = match buffer::slice(v) {
                Some(d) => d,
                None => return error("argument for 's' must be a bytes object"),
            };
            let dst = &mut out[off..off + it.count];
            if it.code == b's' {
                let n = data.len().min(it.count);
                dst[..n].copy_from_slice(&data[..n]);
            } else if let Some((len, rest)) = dst.split_first_mut() {
                let n = data.len().min(rest.len()).min(255);
                *len = n as u8;
                rest[..n].copy_from_slice(&data[..n]);
            }
            return Ok(());
        }
        for k in 0..it.count {
            let v = vals[next];
            next += 1;
            let dst = &mut out[off + k * it.size..off + (k + 1) * it.size];
            let bits = match it.code {
                b'?' => crate::builtins::truthy(v)? as u64,
                b'c' => match crate::bytes::get(v) {
                    Some(&[b]) => b as u64,
                    _ => return error("char format requires a bytes object of length 1"),
                },
                b'e' => match to_half(float_value(v)?) {
                    Some(h) => h as u64,
                    None => {
                        return fail(
                            &exc::OVERFLOW_ERROR,
                            "float too large to pack with e format",
                        )
                    }
                },
                b'f' => (float_value(v)? as f32).to_bits() as u64,
                b'd' => float_value(v)?.to_bits(),
                c => int_value(v, c, it.size)?,
            };
            put(dst, bits, f.big);
        }
        Ok(())
    })?;
    Ok(())
}

fn unpack_values(f: &Format, data: &[u8]) -> PyResult<Obj> {
    let mut vals: Vec<Obj> = Vec::new();
    f.walk(|it, off| {
        let one = |v: Obj, vals: &mut Vec<Obj>| -> PyResult<()> {
            let v = obj::check(v)?;
            if vals.try_reserve(1).is_err() {
                exc::raise_memory_error();
                return Err(Raised);
            }
            vals.push(v);
            Ok(())
        };
        match it.code {
            b'x' => return Ok(()),
            b's' => return one(crate::bytes::new(&data[off..off + it.count]), &mut vals),
            b'p' => {
                let field = &data[off..off + it.count];
                let n = match field.split_first() {
                    Some((&n, rest)) => (n as usize).min(rest.len()),
                    None => 0,
                };
                let s = if n == 0 { &[][..] } else { &field[1..1 + n] };
                return one(crate::bytes::new(s), &mut vals);
            }
            _ => {}
        }
        for k in 0..it.count {
            let raw = &data[off + k * it.size..off + (k + 1) * it.size];
            let u = get(raw, f.big);
            let v = match it.code {
                b'?' => obj::new_bool(u != 0),
                b'c' => crate::bytes::new(raw),
                b'e' => float::new(from_half(u as u16) as Flt),
                b'f' => float::new(f32::from_bits(u as u32) as Flt),
                b'd' => float::new(f64::from_bits(u) as Flt),
                c if c.is_ascii_lowercase() => {
                    let shift = 64 - 8 * it.size as u32;
                    int::from_i128(((u << shift) as i64 >> shift) as i128)
                }
                _ => int::from_u64(u),
            };
            one(v, &mut vals)?;
        }
        Ok(())
    })?;
    obj::check(tuple::new(&vals))
}

/// Resolves a possibly negative `offset` into a buffer of `len` bytes that must hold
/// `size` bytes from there.
fn place(what: &str, offset: isize, size: usize, len: usize) -> PyResult<usize> {
    let mut num = crate::float::Buf::<24>::new();
    let off = if offset < 0 {
        if offset.unsigned_abs() > len {
            let _ = core::fmt::Write::write_fmt(
                &mut num,
                format_args!("offset {offset} out of range for {len}-byte buffer"),
            );
            exc::raise_parts(&exc::VALUE_ERROR, &[num.as_bytes()]);
            return Err(Raised);
        }
        len - offset.unsigned_abs()
    } else {
        offset as usize
    };
    if off > len || len - off < size {
        let mut msg = crate::float::Buf::<160>::new();
        let _ = core::fmt::Write::write_fmt(
            &mut msg,
            format_args!(
                "{what} requires a buffer of at least {} bytes for {}ing {size} bytes at offset {off} (actual buffer size is {len})",
                off.saturating_add(size),
                if what == "pack_into" { "pack" } else { "unpack" },
            ),
        );
        exc::raise_parts(&exc::VALUE_ERROR, &[msg.as_bytes()]);
        return Err(Raised);
    }
    Ok(off)
}

fn pack_to_vec(f: &Format, vals: &[Obj]) -> PyResult<Vec<u8>> {
    let (size, n) = f.measure()?;
    if vals.len() != n {
        let mut msg = crate::float::Buf::<64>::new();
        let _ = core::fmt::Write::write_fmt(
            &mut msg,
            format_args!("pack expected {n} items for packing (got {})", vals.len()),
        );
        exc::raise_parts(&exc::VALUE_ERROR, &[msg.as_bytes()]);
        return Err(Raised);
    }
    let mut out = Vec::new();
    if out.try_reserve_exact(size).is_err() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    out.resize(size, 0);
    pack_values(f, vals, &mut out)?;
    Ok(out)
}

fn pack(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, usize::MAX)?;
        let f = format(p[0])?;
        let out = pack_to_vec(&f, &p[1..])?;
        obj::check(crate::bytes::new(&out))
    })())
}

fn pack_into(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 3, usize::MAX)?;
        let f = format(p[0])?;
        let offset = support::int_arg(p[2])?;
        let out = pack_to_vec(&f, &p[3..])?;
        let Some(buf) = buffer::slice_mut(p[1]) else {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"argument must be read-write bytes-like object, not ",
                    obj::type_name(p[1]).as_bytes(),
                ],
            );
            return Err(Raised);
        };
        let off = place("pack_into", offset, out.len(), buf.len())?;
        buf[off..off + out.len()].copy_from_slice(&out);
        Ok(NONE)
    })())
}

fn unpack(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        let f = format(p[0])?;
        let (size, _) = f.measure()?;
        let data = buffer::slice_or_raise(p[1])?;
        if data.len() != size {
            let mut msg = crate::float::Buf::<64>::new();
            let _ = core::fmt::Write::write_fmt(
                &mut msg,
                format_args!("unpack requires a buffer of {size} bytes"),
            );
            exc::raise_parts(&exc::VALUE_ERROR, &[msg.as_bytes()]);
            return Err(Raised);
        }
        unpack_values(&f, data)
    })())
}

fn unpack_from(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        let kw_off = crate::sort::kwarg(k, "offset");
        if k.len() > 2 || (k.len() == 2 && kw_off.is_none()) {
            return fail(&exc::TYPE_ERROR, "unexpected keyword argument");
        }
        crate::builtins::argc(p, 2, if kw_off.is_some() { 2 } else { 3 })?;
        let f = format(p[0])?;
        let (size, _) = f.measure()?;
        let data = buffer::slice_or_raise(p[1])?;
        let offset = match p.get(2).copied().or(kw_off) {
            Some(o) => support::int_arg(o)?,
            None => 0,
        };
        let off = place("unpack_from", offset, size, data.len())?;
        unpack_values(&f, &data[off..off + size])
    })())
}

fn calcsize(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let (size, _) = format(p[0])?.measure()?;
        Ok(obj::new_small_int(size as isize))
    })())
}

static PACK: BuiltinFn = BuiltinFn::new("pack", pack);
static PACK_INTO: BuiltinFn = BuiltinFn::new("pack_into", pack_into);
static UNPACK: BuiltinFn = BuiltinFn::new("unpack", unpack);
static UNPACK_FROM: BuiltinFn = BuiltinFn::new("unpack_from", unpack_from);
static CALCSIZE: BuiltinFn = BuiltinFn::new("calcsize", calcsize);

/// `struct`.
#[no_mangle]
pub static upy_module_struct: ModuleDef = ModuleDef {
    name: "struct",
    members: &[
        ("pack", Member::Fn(&PACK)),
        ("pack_into", Member::Fn(&PACK_INTO)),
        ("unpack", Member::Fn(&UNPACK)),
        ("unpack_from", Member::Fn(&UNPACK_FROM)),
        ("calcsize", Member::Fn(&CALCSIZE)),
        (
            "error",
            Member::Make(|| exc::builtin_class("ValueError").unwrap_or(obj::NULL)),
        ),
    ],
};
