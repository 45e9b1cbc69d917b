//! `zlib` (alias `uzlib`): `decompress(data, wbits=15, bufsize=...)` for zlib streams
//! (`wbits` 8..15 or 0), raw deflate (-8..-15), gzip (24..31) and either of the first
//! two by their header (40..47), inflating with `miniz_oxide`; and `compress(data,
//! level=-1, wbits=15)`, a small encoder of its own (greedy LZ77 over a hash table of
//! recent positions, fixed Huffman codes; level 0 stores), whose output any inflater
//! reads but whose bytes differ from CPython's. Errors are `ValueError` (as
//! MicroPython's; `zlib.error` is bound to it) with CPython's messages.

use alloc::vec::Vec;

use miniz_oxide::inflate::core::{decompress as inflate, inflate_flags, DecompressorOxide};
use miniz_oxide::inflate::TINFLStatus;

use crate::buffer;
use crate::callable::BuiltinFn;
use crate::exc;
use crate::gc;
use crate::module::{Member, ModuleDef};
use crate::modules::binascii::crc32;
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PyResult, Raised};

fn error<T>(msg: &'static str) -> PyResult<T> {
    fail(&exc::VALUE_ERROR, msg)
}

fn reserve(v: &mut Vec<u8>, n: usize) -> PyResult<()> {
    if v.try_reserve(n).is_err() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    Ok(())
}

/// Reads keyword or positional argument `i` named `name` (after `data`).
fn opt_int(p: &[Obj], k: &[Obj], i: usize, name: &str, default: isize) -> PyResult<isize> {
    match p.get(i).copied().or_else(|| crate::sort::kwarg(k, name)) {
        Some(v) => support::int_arg(v),
        None => Ok(default),
    }
}

fn check_kw(k: &[Obj], names: &[&str]) -> PyResult<()> {
    for kv in k.chunks(2) {
        let n = crate::str::bytes(kv[0]).unwrap_or(b"");
        if !names.iter().any(|m| m.as_bytes() == n) {
            return fail(&exc::TYPE_ERROR, "unexpected keyword argument");
        }
    }
    Ok(())
}

/// Inflates `input`; returns the output and the number of input bytes used.
fn inflate_all(input: &[u8], zlib_header: bool) -> PyResult<(Vec<u8>, usize)> {
    let size = core::mem::size_of::<DecompressorOxide>();
    let p = gc::alloc(size) as *mut DecompressorOxide;
    if p.is_null() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    // SAFETY: a fresh, block-aligned allocation of the right size; written before use.
    let d = unsafe {
        p.write(DecompressorOxide::new());
        &mut *p
    };
    let r = inflate_into(d, input, zlib_header);
    gc::free(p as *mut u8);
    r
}

fn inflate_into(
    d: &mut DecompressorOxide,
    input: &[u8],
    zlib_header: bool,
) -> PyResult<(Vec<u8>, usize)> {
    let mut flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    if let (true, [cmf, flg, ..]) = (zlib_header, input) {
        if cmf & 15 != 8 || !((*cmf as u16) << 8 | *flg as u16).is_multiple_of(31) {
            return error("Error -3 while decompressing data: incorrect header check");
        }
    }
    if zlib_header {
        flags |= inflate_flags::TINFL_FLAG_PARSE_ZLIB_HEADER;
    }
    let mut out = Vec::new();
    let first = input.len().saturating_mul(3).clamp(64, 1 << 16);
    reserve(&mut out, first)?;
    out.resize(first, 0);
    let (mut pos, mut used) = (0, 0);
    loop {
        let (status, n_in, n_out) = inflate(d, &input[used..], &mut out, pos, flags);
        used = (used + n_in).min(input.len());
        pos += n_out;
        match status {
            TINFLStatus::Done => {
                out.truncate(pos);
                return Ok((out, used));
            }
            TINFLStatus::HasMoreOutput => {
                let more = out.len();
                if out.len().saturating_add(more) > gc::capacity() {
                    exc::raise_memory_error();
                    return Err(Raised);
                }
                reserve(&mut out, more)?;
                out.resize(out.len() + more, 0);
            }
            TINFLStatus::NeedsMoreInput | TINFLStatus::FailedCannotMakeProgress => {
                return error("Error -5 while decompressing data: incomplete or truncated stream")
            }
            TINFLStatus::Adler32Mismatch => {
                return error("Error -3 while decompressing data: incorrect data check")
            }
            _ => return error("Error -3 while decompressing data: invalid stored block or code"),
        }
    }
}

fn le32(b: &[u8]) -> u32 {
    u32::from_le_bytes([b[0], b[1], b[2], b[3]])
}

/// The length of the gzip header at the start of `d`.
fn gzip_header(d: &[u8]) -> PyResult<usize> {
    let truncated = "Error -5 while decompressing data: incomplete or truncated stream";
    if d.len() < 10 {
        return error(truncated);
    }
    if d[0] != 0x1f || d[1] != 0x8b {
        return error("Error -3 while decompressing data: incorrect header check");
    }
    if d[2] != 8 {
        return error("Error -3 while decompressing data: unknown compression method");
    }
    let flags = d[3];
    let mut i = 10;
    if flags & 4 != 0 {
        let Some(x) = d.get(i..i + 2) else {
            return error(truncated);
        };
        i += 2 + (x[0] as usize | (x[1] as usize) << 8);
    }
    for bit in [8, 16] {
        if flags & bit != 0 {
            match d.get(i..).and_then(|r| r.iter().position(|&c| c == 0)) {
                Some(n) => i += n + 1,
                None => return error(truncated),
            }
        }
    }
    if flags & 2 != 0 {
        i += 2;
    }
    if i > d.len() {
        return error(truncated);
    }
    Ok(i)
}

fn gunzip(d: &[u8]) -> PyResult<Vec<u8>> {
    let start = gzip_header(d)?;
    let (out, used) = inflate_all(&d[start..], false)?;
    let Some(trailer) = d.get(start + used..start + used + 8) else {
        return error("Error -5 while decompressing data: incomplete or truncated stream");
    };
    if le32(trailer) != crc32(0, &out) {
        return error("Error -3 while decompressing data: incorrect data check");
    }
    if le32(&trailer[4..]) != out.len() as u32 {
        return error("Error -3 while decompressing data: incorrect length check");
    }
    Ok(out)
}

fn decompress(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        check_kw(k, &["wbits", "bufsize"])?;
        crate::builtins::argc(p, 1, 3)?;
        let data = buffer::slice_or_raise(p[0])?;
        let wbits = opt_int(p, k, 1, "wbits", 15)?;
        opt_int(p, k, 2, "bufsize", 16384)?;
        let out = match wbits {
            0 | 8..=15 => inflate_all(data, true)?.0,
            -15..=-8 => inflate_all(data, false)?.0,
            24..=31 => gunzip(data)?,
            40..=47 if data.starts_with(&[0x1f, 0x8b]) => gunzip(data)?,
            40..=47 => inflate_all(data, true)?.0,
            _ => {
                return error(
                    "Error -2 while preparing to decompress data: inconsistent stream state",
                )
            }
        };
        obj::check(crate::bytes::new(&out))
    })())
}

/// An LSB-first bit writer.
struct Bits {
    out: Vec<u8>,
    acc: u32,
    n: u32,
}

impl Bits {
    fn put(&mut self, v: u32, n: u32) {
        self.acc |= v << self.n;
        self.n += n;
        while self.n >= 8 {
            self.out.push(self.acc as u8);
            self.acc >>= 8;
            self.n -= 8;
        }
    }

    /// A Huffman code of `n` bits, sent most significant bit first.
    fn code(&mut self, c: u32, n: u32) {
        self.put(c.reverse_bits() >> (32 - n), n);
    }

    fn flush(&mut self) {
        if self.n > 0 {
            self.out.push(self.acc as u8);
            self.acc = 0;
            self.n = 0;
        }
    }
}

/// Sends literal/length symbol `s` (0..=285) in the fixed code.
fn symbol(b: &mut Bits, s: u32) {
    match s {
        0..=143 => b.code(0x30 + s, 8),
        144..=255 => b.code(0x190 + s - 144, 9),
        256..=279 => b.code(s - 256, 7),
        _ => b.code(0xc0 + s - 280, 8),
    }
}

const LEN_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEN_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// The index of the last entry of `base` not above `v`.
fn bucket(base: &[u16], v: usize) -> usize {
    base.iter().rposition(|&b| b as usize <= v).unwrap_or(0)
}

fn send_match(b: &mut Bits, len: usize, dist: usize) {
    let l = bucket(&LEN_BASE, len);
    symbol(b, 257 + l as u32);
    b.put((len - LEN_BASE[l] as usize) as u32, LEN_EXTRA[l] as u32);
    let d = bucket(&DIST_BASE, dist);
    b.code(d as u32, 5);
    b.put((dist - DIST_BASE[d] as usize) as u32, DIST_EXTRA[d] as u32);
}

const HASH_BITS: u32 = 10;
const WINDOW: usize = 32768;
const MAX_MATCH: usize = 258;

fn hash3(d: &[u8], i: usize) -> usize {
    let v = (d[i] as u32) << 16 | (d[i + 1] as u32) << 8 | d[i + 2] as u32;
    (v.wrapping_mul(2_654_435_761) >> (32 - HASH_BITS)) as usize
}

/// Raw deflate of `d`: one fixed-Huffman block (or stored blocks for `store`).
fn deflate(d: &[u8], store: bool) -> PyResult<Vec<u8>> {
    let mut b = Bits {
        out: Vec::new(),
        acc: 0,
        n: 0,
    };
    if store {
        reserve(&mut b.out, d.len() + 5 * (d.len() / 65535 + 1))?;
        let mut chunks = d.chunks(65535).peekable();
        if chunks.peek().is_none() {
            b.out.extend_from_slice(&[1, 0, 0, 0xff, 0xff]);
        }
        while let Some(c) = chunks.next() {
            let n = c.len() as u16;
            b.out.push(u8::from(chunks.peek().is_none()));
            b.out.extend_from_slice(&n.to_le_bytes());
            b.out.extend_from_slice(&(!n).to_le_bytes());
            b.out.extend_from_slice(c);
        }
        return Ok(b.out);
    }
    // Worst case: every byte a 9-bit literal.
    reserve(&mut b.out, d.len() + d.len() / 8 + 8)?;
    let mut head: Vec<u32> = Vec::new();
    if head.try_reserve_exact(1 << HASH_BITS).is_err() {
        exc::raise_memory_error();
        return Err(Raised);
    }
    head.resize(1 << HASH_BITS, 0);
    b.put(1, 1);
    b.put(1, 2);
    let mut i = 0;
    while i < d.len() {
        let mut len = 0;
        let mut dist = 0;
        if i + 3 <= d.len() {
            let h = hash3(d, i);
            let cand = head[h] as usize;
            head[h] = i as u32 + 1;
            if cand > 0 && i - (cand - 1) <= WINDOW {
                let c = cand - 1;
                let max = (d.len() - i).min(MAX_MATCH);
                while len < max && d[c + len] == d[i + len] {
                    len += 1;
                }
                dist = i - c;
            }
        }
        if len >= 3 {
            send_match(&mut b, len, dist);
            for j in i + 1..(i + len).min(d.len().saturating_sub(2)) {
                head[hash3(d, j)] = j as u32 + 1;
            }
            i += len;
        } else {
            symbol(&mut b, d[i] as u32);
            i += 1;
        }
    }
    symbol(&mut b, 256);
    b.flush();
    Ok(b.out)
}

/// The Adler-32 checksum of `d`.
fn adler32(d: &[u8]) -> u32 {
    let (mut a, mut b) = (1u32, 0u32);
    for c in d.chunks(5552) {
        for &x in c {
            a += x as u32;
            b += a;
        }
        a %= 65521;
        b %= 65521;
    }
    b << 16 | a
}

fn compress(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        check_kw(k, &["level", "wbits"])?;
        crate::builtins::argc(p, 1, 3)?;
        let data = buffer::slice_or_raise(p[0])?;
        let level = opt_int(p, k, 1, "level", -1)?;
        let wbits = opt_int(p, k, 2, "wbits", 15)?;
        if !(-1..=9).contains(&level) {
            return error("Bad compression level");
        }
        let body = deflate(data, level == 0)?;
        let mut out = Vec::new();
        reserve(&mut out, body.len() + 18)?;
        match wbits {
            9..=15 => {
                let cmf = ((wbits as u8 - 8) << 4) | 8;
                let flevel: u8 = match level {
                    0 | 1 => 0,
                    2..=5 => 1,
                    -1 | 6 => 2,
                    _ => 3,
                };
                let mut flg = flevel << 6;
                flg += (31 - ((cmf as u16) << 8 | flg as u16) % 31) as u8 % 31;
                out.extend_from_slice(&[cmf, flg]);
                out.extend_from_slice(&body);
                out.extend_from_slice(&adler32(data).to_be_bytes());
            }
            -15..=-9 => out.extend_from_slice(&body),
            25..=31 => {
                out.extend_from_slice(&[0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);
                out.extend_from_slice(&body);
                out.extend_from_slice(&crc32(0, data).to_le_bytes());
                out.extend_from_slice(&(data.len() as u32).to_le_bytes());
            }
            _ => return error("Invalid initialization option"),
        }
        obj::check(crate::bytes::new(&out))
    })())
}

static DECOMPRESS: BuiltinFn = BuiltinFn::new("decompress", decompress);
static COMPRESS: BuiltinFn = BuiltinFn::new("compress", compress);

/// `zlib`.
#[no_mangle]
pub static upy_module_zlib: ModuleDef = ModuleDef {
    name: "zlib",
    members: &[
        ("decompress", Member::Fn(&DECOMPRESS)),
        ("compress", Member::Fn(&COMPRESS)),
        ("MAX_WBITS", Member::Int(15)),
        (
            "error",
            Member::Make(|| exc::builtin_class("ValueError").unwrap_or(obj::NULL)),
        ),
    ],
};
