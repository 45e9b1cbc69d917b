//! `binascii` (alias `ubinascii`): `hexlify` (with a separator), `unhexlify`,
//! `a2b_base64` (CPython's lenient decoder: characters outside the alphabet are
//! skipped), `b2a_base64` (`newline=`), `crc32`. Errors are `ValueError`
//! (`binascii.Error` is bound to it; CPython's is a subclass of it).

use alloc::vec::Vec;

use crate::buffer;
use crate::callable::BuiltinFn;
use crate::exc;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PyResult, Raised, NONE};

/// The CRC-32 table (polynomial 0xEDB88320, reflected), built at compile time.
static CRC_TABLE: [u32; 256] = {
    let mut t = [0u32; 256];
    let mut i = 0;
    while i < 256 {
        let mut c = i as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                0xedb8_8320 ^ (c >> 1)
            } else {
                c >> 1
            };
            k += 1;
        }
        t[i] = c;
        i += 1;
    }
    t
};

/// The CRC-32 (as zlib's `crc32`) of `data`, continuing from `crc`.
pub fn crc32(crc: u32, data: &[u8]) -> u32 {
    let mut c = !crc;
    for &b in data {
        c = CRC_TABLE[((c ^ b as u32) & 0xff) as usize] ^ (c >> 8);
    }
    !c
}

fn reserve(v: &mut Vec<u8>, n: usize) -> PyResult<()> {
    if v.try_reserve(n).is_err() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    Ok(())
}

/// The bytes of a bytes-like object or an ASCII str.
fn ascii_data<'a>(o: Obj) -> PyResult<&'a [u8]> {
    if let Some(s) = crate::str::bytes(o) {
        if !s.is_ascii() {
            return fail(
                &exc::VALUE_ERROR,
                "string argument should contain only ASCII characters",
            );
        }
        return Ok(s);
    }
    buffer::slice_or_raise(o)
}

fn bytes_result(v: &[u8]) -> PyResult<Obj> {
    obj::check(crate::bytes::new(v))
}

const HEX: &[u8; 16] = b"0123456789abcdef";

fn hexlify(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 3)?;
        let data = buffer::slice_or_raise(p[0])?;
        let sep: &[u8] = match p.get(1) {
            Some(&s) if s != NONE => ascii_data(s)?,
            _ => b"",
        };
        let per = match p.get(2) {
            Some(&n) => support::int_arg(n)?,
            None => 1,
        };
        let group = per.unsigned_abs().max(1);
        let mut out = Vec::new();
        reserve(&mut out, data.len() * (2 + sep.len()))?;
        for (i, &b) in data.iter().enumerate() {
            // Groups of `group` bytes count from the right end unless `per` < 0.
            let boundary = if per < 0 {
                i > 0 && i % group == 0
            } else {
                i > 0 && (data.len() - i) % group == 0
            };
            if boundary {
                out.extend_from_slice(sep);
            }
            out.push(HEX[(b >> 4) as usize]);
            out.push(HEX[(b & 15) as usize]);
        }
        bytes_result(&out)
    })())
}

fn hex_digit(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' => Some(c - b'0'),
        b'a'..=b'f' => Some(c - b'a' + 10),
        b'A'..=b'F' => Some(c - b'A' + 10),
        _ => None,
    }
}

fn unhexlify(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let data = ascii_data(p[0])?;
        if data.len() % 2 != 0 {
            return fail(&exc::VALUE_ERROR, "Odd-length string");
        }
        let mut out = Vec::new();
        reserve(&mut out, data.len() / 2)?;
        for pair in data.chunks(2) {
            match (hex_digit(pair[0]), hex_digit(pair[1])) {
                (Some(h), Some(l)) => out.push(h << 4 | l),
                _ => return fail(&exc::VALUE_ERROR, "Non-hexadecimal digit found"),
            }
        }
        bytes_result(&out)
    })())
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

fn b64_value(c: u8) -> Option<u8> {
    match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

fn a2b_base64(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let data = ascii_data(p[0])?;
        let mut out = Vec::new();
        reserve(&mut out, data.len() / 4 * 3 + 3)?;
        let (mut quad, mut left, mut pads, mut chars) = (0u8, 0u8, 0usize, 0usize);
        for &c in data {
            if c == b'=' {
                pads += 1;
                if quad >= 2 && quad as usize + pads >= 4 {
                    // A complete pad sequence ends the input.
                    return bytes_result(&out);
                }
                continue;
            }
            let Some(v) = b64_value(c) else {
                continue;
            };
            pads = 0;
            chars += 1;
            match quad {
                0 => left = v,
                1 => {
                    out.push(left << 2 | v >> 4);
                    left = v & 0xf;
                }
                2 => {
                    out.push(left << 4 | v >> 2);
                    left = v & 3;
                }
                _ => out.push(left << 6 | v),
            }
            quad = (quad + 1) % 4;
        }
        match quad {
            0 => bytes_result(&out),
            1 => {
                let mut msg = crate::float::Buf::<120>::new();
                let _ = core::fmt::Write::write_fmt(
                    &mut msg,
                    format_args!(
                        "Invalid base64-encoded string: number of data characters ({chars}) cannot be 1 more than a multiple of 4"
                    ),
                );
                exc::raise_parts(&exc::VALUE_ERROR, &[msg.as_bytes()]);
                Err(Raised)
            }
            _ => fail(&exc::VALUE_ERROR, "Incorrect padding"),
        }
    })())
}

fn b2a_base64(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        let newline = match crate::sort::kwarg(k, "newline") {
            Some(v) => crate::builtins::truthy(v)?,
            None => true,
        };
        if k.chunks(2)
            .any(|kv| crate::str::bytes(kv[0]) != Some(b"newline"))
        {
            return fail(&exc::TYPE_ERROR, "unexpected keyword argument");
        }
        crate::builtins::argc(p, 1, 1)?;
        let data = buffer::slice_or_raise(p[0])?;
        let mut out = Vec::new();
        reserve(&mut out, data.len().div_ceil(3) * 4 + 1)?;
        for c in data.chunks(3) {
            let b = [c[0], *c.get(1).unwrap_or(&0), *c.get(2).unwrap_or(&0)];
            let n = (b[0] as usize) << 16 | (b[1] as usize) << 8 | b[2] as usize;
            for (i, shift) in [18, 12, 6, 0].into_iter().enumerate() {
                out.push(if i <= c.len() {
                    B64[(n >> shift) & 63]
                } else {
                    b'='
                });
            }
        }
        if newline {
            out.push(b'\n');
        }
        bytes_result(&out)
    })())
}

fn crc32_fn(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 2)?;
        let data = buffer::slice_or_raise(p[0])?;
        let start = match p.get(1) {
            Some(&v) => match crate::int::get(v) {
                Some(crate::int::Int::Small(n)) => n as u32,
                Some(crate::int::Int::Big(b)) => {
                    let (_, digits) = b.to_u32_digits();
                    let low = digits.first().copied().unwrap_or(0);
                    if num_traits::Signed::is_negative(b) {
                        low.wrapping_neg()
                    } else {
                        low
                    }
                }
                None => {
                    support::int_arg(v)?;
                    0
                }
            },
            None => 0,
        };
        Ok(crate::int::from_u64(crc32(start, data) as u64))
    })())
}

static HEXLIFY: BuiltinFn = BuiltinFn::new("hexlify", hexlify);
static UNHEXLIFY: BuiltinFn = BuiltinFn::new("unhexlify", unhexlify);
static A2B_BASE64: BuiltinFn = BuiltinFn::new("a2b_base64", a2b_base64);
static B2A_BASE64: BuiltinFn = BuiltinFn::new("b2a_base64", b2a_base64);
static CRC32: BuiltinFn = BuiltinFn::new("crc32", crc32_fn);

/// `binascii`.
#[no_mangle]
pub static upy_module_binascii: ModuleDef = ModuleDef {
    name: "binascii",
    members: &[
        ("hexlify", Member::Fn(&HEXLIFY)),
        ("unhexlify", Member::Fn(&UNHEXLIFY)),
        ("a2b_base64", Member::Fn(&A2B_BASE64)),
        ("b2a_base64", Member::Fn(&B2A_BASE64)),
        ("crc32", Member::Fn(&CRC32)),
        (
            "Error",
            Member::Make(|| exc::builtin_class("ValueError").unwrap_or(obj::NULL)),
        ),
    ],
};
