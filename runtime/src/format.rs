//! Text formatting: `format(value, spec)` with Python's format-spec mini-language,
//! f-strings (`upy_format`, `upy_build_str`), `str.format` and `%` formatting.
//!
//! The spec is `[[fill]align][sign][z][#][0][width][grouping][.precision][type]` with
//! align `<>^=`, sign `+- `, grouping `,` or `_`, and the types `b c d o x X n` (ints),
//! `e E f F g G n %` (floats, ints converted), `s` (str) and none. Numbers align right
//! and strings left by default; `0` before the width means fill `0` with `=` alignment
//! (sign-aware zero padding) for numbers, fill `0` for strings. Widths count
//! characters, not bytes. Objects of other types format as their `str()` (as
//! MicroPython does). Bools format as ints unless the spec is empty (as CPython does).
//!
//! Float types follow C's printf through `core::fmt`'s exact decimal conversion:
//! `f` fixed (precision 6), `e` `d.ddde+XX` (two exponent digits at least), `g` the
//! shorter of the two for the precision (fixed when `-4 <= exp < precision`) with
//! trailing zeros removed unless `#`; no type: `repr()` without a precision, else like
//! `g` but fixed notation keeps one digit after the point. `inf`/`nan` (upper-case for
//! `E F G`), `-0.0` keeps its sign.

use alloc::vec::Vec;
use core::fmt::Write as _;

use crate::exc;
use crate::float::{self, Buf, Flt};
use crate::int::{self, Int};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Writer, NULL};
use crate::print::{self, Buffer};
use crate::str as pystr;
use crate::tuple;

/// Largest precision accepted (digits are built in memory before padding).
const MAX_PRECISION: usize = 1000;

/// A parsed format spec.
#[derive(Clone, Copy)]
pub struct Spec {
    fill: [u8; 4],
    fill_len: usize,
    align: Option<u8>,
    sign: u8,
    alt: bool,
    zero: bool,
    width: usize,
    grouping: Option<u8>,
    precision: Option<usize>,
    ty: Option<u8>,
}

impl Default for Spec {
    fn default() -> Self {
        Spec {
            fill: [b' ', 0, 0, 0],
            fill_len: 1,
            align: None,
            sign: b'-',
            alt: false,
            zero: false,
            width: 0,
            grouping: None,
            precision: None,
            ty: None,
        }
    }
}

fn value_error(msg: &'static str) -> Raised {
    exc::raise(&exc::VALUE_ERROR, msg);
    Raised
}

fn type_error(msg: &'static str) -> Raised {
    exc::raise(&exc::TYPE_ERROR, msg);
    Raised
}

/// Bytes in the UTF-8 sequence starting with `b`.
fn utf8_len(b: u8) -> usize {
    match b {
        0xf0..=0xff => 4,
        0xe0..=0xef => 3,
        0xc0..=0xdf => 2,
        _ => 1,
    }
}

/// Characters in UTF-8 text.
fn nchars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| c & 0xc0 != 0x80).count()
}

fn is_align(c: u8) -> bool {
    matches!(c, b'<' | b'>' | b'^' | b'=')
}

/// Reads a decimal number (saturating), advancing `i`.
fn read_num(s: &[u8], i: &mut usize) -> Option<usize> {
    let start = *i;
    let mut v: usize = 0;
    while *i < s.len() && s[*i].is_ascii_digit() {
        v = v.saturating_mul(10).saturating_add((s[*i] - b'0') as usize);
        *i += 1;
    }
    (*i > start).then_some(v)
}

/// Parses a format spec.
pub fn parse_spec(s: &[u8]) -> PyResult<Spec> {
    let mut sp = Spec::default();
    let mut i = 0;
    if !s.is_empty() {
        let cl = utf8_len(s[0]).min(s.len());
        if s.len() > cl && is_align(s[cl]) {
            sp.fill[..cl].copy_from_slice(&s[..cl]);
            sp.fill_len = cl;
            sp.align = Some(s[cl]);
            i = cl + 1;
        } else if is_align(s[0]) {
            sp.align = Some(s[0]);
            i = 1;
        }
    }
    if i < s.len() && matches!(s[i], b'+' | b'-' | b' ') {
        sp.sign = s[i];
        i += 1;
    }
    if i < s.len() && s[i] == b'z' {
        i += 1;
    }
    if i < s.len() && s[i] == b'#' {
        sp.alt = true;
        i += 1;
    }
    if i < s.len() && s[i] == b'0' {
        sp.zero = true;
        i += 1;
    }
    if let Some(w) = read_num(s, &mut i) {
        sp.width = w;
    }
    if i < s.len() && matches!(s[i], b',' | b'_') {
        sp.grouping = Some(s[i]);
        i += 1;
    }
    if i < s.len() && s[i] == b'.' {
        i += 1;
        match read_num(s, &mut i) {
            Some(p) if p <= MAX_PRECISION => sp.precision = Some(p),
            Some(_) => return Err(value_error("precision too big")),
            None => return Err(value_error("Format specifier missing precision")),
        }
    }
    if i < s.len() {
        sp.ty = Some(s[i]);
        i += 1;
    }
    if i < s.len() {
        return Err(value_error("Invalid format specifier"));
    }
    Ok(sp)
}

/// Writes `head` (sign, prefix) and `body` padded to the spec's width.
fn emit(out: &mut Buffer, head: &[u8], body: &[u8], sp: &Spec, default_align: u8) {
    let len = nchars(head) + nchars(body);
    let pad = sp.width.saturating_sub(len);
    let align = sp.align.unwrap_or(default_align);
    let fill = &sp.fill[..sp.fill_len];
    let (l, r) = match align {
        b'<' => (0, pad),
        b'^' => (pad / 2, pad - pad / 2),
        _ => (pad, 0),
    };
    if align == b'=' {
        out.write(head);
        for _ in 0..pad {
            out.write(fill);
        }
        out.write(body);
    } else {
        for _ in 0..l {
            out.write(fill);
        }
        out.write(head);
        out.write(body);
        for _ in 0..r {
            out.write(fill);
        }
    }
}

/// The spec with `0` turned into its fill and alignment, for a number.
fn numeric(sp: &Spec) -> Spec {
    let mut s = *sp;
    if s.zero && s.align.is_none() {
        s.fill = [b'0', 0, 0, 0];
        s.fill_len = 1;
        s.align = Some(b'=');
    }
    s
}

/// Inserts `sep` every `every` digits from the right of `digits`.
fn group(digits: &[u8], sep: u8, every: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(digits.len() + digits.len() / every);
    for (k, &d) in digits.iter().enumerate() {
        if k > 0 && (digits.len() - k).is_multiple_of(every) {
            v.push(sep);
        }
        v.push(d);
    }
    v
}

/// Groups `digits` and, with zero padding, pads them (separators included) so the
/// whole number fills `width` after `head_len` characters of sign and prefix.
fn group_padded(digits: &[u8], sp: &Spec, head_len: usize, every: usize) -> Vec<u8> {
    let Some(sep) = sp.grouping else {
        return digits.to_vec();
    };
    let zero_pad = sp.align == Some(b'=') && sp.fill_len == 1 && sp.fill[0] == b'0';
    let mut d: Vec<u8> = digits.to_vec();
    loop {
        let g = group(&d, sep, every);
        if !zero_pad || g.len() + head_len >= sp.width {
            // A separator may not lead.
            if g.first() == Some(&sep) {
                return g[1..].to_vec();
            }
            return g;
        }
        d.insert(0, b'0');
    }
}

fn sign_byte(neg: bool, sign: u8) -> Option<u8> {
    if neg {
        Some(b'-')
    } else if sign == b'+' || sign == b' ' {
        Some(sign)
    } else {
        None
    }
}

/// Formats an int with a spec (`min_digits` for `%.3d`).
fn fmt_int(out: &mut Buffer, v: Int, sp: &Spec, min_digits: usize) -> PyResult<()> {
    let ty = sp.ty.unwrap_or(b'd');
    if matches!(ty, b'e' | b'E' | b'f' | b'F' | b'g' | b'G' | b'%') {
        return fmt_float(out, float::int_to_flt(v), sp);
    }
    let radix = match ty {
        b'd' | b'n' => 10,
        b'b' => 2,
        b'o' => 8,
        b'x' | b'X' => 16,
        b'c' => {
            let c = match v {
                Int::Small(i) => u32::try_from(i).ok().and_then(char::from_u32),
                Int::Big(_) => None,
            };
            let Some(c) = c else {
                exc::raise(&exc::OVERFLOW_ERROR, "%c arg not in range(0x110000)");
                return Err(Raised);
            };
            let mut b = [0u8; 4];
            let sp = numeric(sp);
            emit(out, b"", c.encode_utf8(&mut b).as_bytes(), &sp, b'>');
            return Ok(());
        }
        _ => return Err(unknown_code(ty, "int")),
    };
    if sp.precision.is_some() && min_digits == 0 {
        return Err(value_error(
            "Precision not allowed in integer format specifier",
        ));
    }
    if sp.grouping == Some(b',') && radix != 10 {
        return Err(value_error("Cannot specify ',' with this format code"));
    }
    let (neg, mut digits): (bool, Vec<u8>) = match v {
        Int::Small(i) => {
            let mut u = i.unsigned_abs();
            let mut d = Vec::new();
            loop {
                d.push(b"0123456789abcdef"[(u % radix) as usize]);
                u /= radix;
                if u == 0 {
                    break;
                }
            }
            d.reverse();
            (i < 0, d)
        }
        Int::Big(b) => (
            num_traits::Signed::is_negative(b),
            b.magnitude().to_str_radix(radix as u32).into_bytes(),
        ),
    };
    if ty == b'X' {
        digits.make_ascii_uppercase();
    }
    while digits.len() < min_digits {
        digits.insert(0, b'0');
    }
    let mut head: Vec<u8> = Vec::new();
    if let Some(s) = sign_byte(neg, sp.sign) {
        head.push(s);
    }
    if sp.alt {
        head.extend_from_slice(match ty {
            b'b' => b"0b",
            b'o' => b"0o",
            b'x' => b"0x",
            b'X' => b"0X",
            _ => b"",
        });
    }
    let sp = numeric(sp);
    let every = if radix == 10 { 3 } else { 4 };
    let body = group_padded(&digits, &sp, head.len(), every);
    emit(out, &head, &body, &sp, b'>');
    Ok(())
}

fn unknown_code(ty: u8, what: &str) -> Raised {
    let c = [ty];
    exc::raise_parts(
        &exc::VALUE_ERROR,
        &[
            b"Unknown format code '",
            &c,
            b"' for object of type '",
            what.as_bytes(),
            b"'",
        ],
    );
    Raised
}

/// `{:.p$}`: fixed notation of a finite non-negative value.
fn fixed(a: Flt, p: usize, out: &mut Vec<u8>) {
    let mut s = alloc::string::String::new();
    let _ = write!(s, "{:.*}", p, a);
    out.extend_from_slice(s.as_bytes());
}

/// `d.ddde+XX` of a finite non-negative value with `p` digits after the point;
/// returns the decimal exponent.
fn expo(a: Flt, p: usize, upper: bool, out: &mut Vec<u8>) -> i32 {
    let mut s = alloc::string::String::new();
    let _ = write!(s, "{:.*e}", p, a);
    let (mant, e) = s.split_once('e').unwrap_or((&s, "0"));
    let e: i32 = e.parse().unwrap_or(0);
    out.extend_from_slice(mant.as_bytes());
    let mut b = Buf::<8>::new();
    float::push_exponent(&mut b, e);
    let mut eb = b.as_bytes().to_vec();
    if upper {
        eb.make_ascii_uppercase();
    }
    out.extend_from_slice(&eb);
    e
}

/// The decimal exponent of `a` rounded to `p` significant digits.
fn exponent_at(a: Flt, p: usize) -> i32 {
    if a == 0.0 {
        return 0;
    }
    let mut s = alloc::string::String::new();
    let _ = write!(s, "{:.*e}", p.saturating_sub(1), a);
    s.split_once('e')
        .and_then(|(_, e)| e.parse().ok())
        .unwrap_or(0)
}

/// Removes trailing zeros after the point (and the point itself when bare), in the
/// mantissa of a number that may have an exponent.
fn strip_zeros(v: &mut Vec<u8>) {
    let epos = v.iter().position(|&c| c == b'e' || c == b'E');
    let (mut mant, tail) = match epos {
        Some(p) => (v[..p].to_vec(), v[p..].to_vec()),
        None => (v.clone(), Vec::new()),
    };
    if mant.contains(&b'.') {
        while mant.last() == Some(&b'0') {
            mant.pop();
        }
        if mant.last() == Some(&b'.') {
            mant.pop();
        }
    }
    mant.extend_from_slice(&tail);
    *v = mant;
}

/// `g` formatting (and the no-type form with a precision when `keep_point`).
fn general(a: Flt, p: usize, alt: bool, upper: bool, keep_point: bool, out: &mut Vec<u8>) {
    let p = p.max(1);
    let x = exponent_at(a, p);
    let mut v = Vec::new();
    let fixed_form = x >= -4 && (x as i64) < p as i64;
    if fixed_form {
        fixed(a, (p as i64 - 1 - x as i64).max(0) as usize, &mut v);
    } else {
        expo(a, p - 1, upper, &mut v);
    }
    if !alt {
        strip_zeros(&mut v);
    } else if !v.contains(&b'.') {
        let at = v
            .iter()
            .position(|&c| c == b'e' || c == b'E')
            .unwrap_or(v.len());
        v.insert(at, b'.');
    }
    if keep_point && fixed_form && !v.contains(&b'.') {
        v.extend_from_slice(b".0");
    }
    out.extend_from_slice(&v);
}

/// Formats a float with a spec.
fn fmt_float(out: &mut Buffer, x: Flt, sp: &Spec) -> PyResult<()> {
    let ty = sp.ty;
    let upper = matches!(ty, Some(b'E' | b'F' | b'G'));
    let neg = x.is_sign_negative() && !x.is_nan();
    let a = if neg { -x } else { x };
    let mut body: Vec<u8> = Vec::new();
    if !matches!(
        ty,
        None | Some(b'e' | b'E' | b'f' | b'F' | b'g' | b'G' | b'n' | b'%')
    ) {
        return Err(unknown_code(ty.unwrap_or(b'?'), "float"));
    }
    if !a.is_finite() {
        body.extend_from_slice(match (a.is_nan(), upper) {
            (true, false) => b"nan",
            (true, true) => b"NAN",
            (false, false) => b"inf",
            (false, true) => b"INF",
        });
        if ty == Some(b'%') {
            body.push(b'%');
        }
    } else {
        match ty {
            Some(b'f' | b'F') => fixed(a, sp.precision.unwrap_or(6), &mut body),
            Some(b'e' | b'E') => {
                expo(a, sp.precision.unwrap_or(6), upper, &mut body);
            }
            Some(b'g' | b'G' | b'n') => general(
                a,
                sp.precision.unwrap_or(6),
                sp.alt,
                upper,
                false,
                &mut body,
            ),
            Some(b'%') => {
                fixed(a * 100.0, sp.precision.unwrap_or(6), &mut body);
            }
            _ => match sp.precision {
                Some(p) => general(a, p, sp.alt, false, true, &mut body),
                None => {
                    let mut b = Buf::<32>::new();
                    float::repr(a, &mut b);
                    body.extend_from_slice(b.as_bytes());
                }
            },
        }
        if sp.alt && !body.contains(&b'.') && matches!(ty, Some(b'f' | b'F' | b'%')) {
            let at = body.iter().position(|&c| c == b'%').unwrap_or(body.len());
            body.insert(at, b'.');
        }
        if ty == Some(b'%') {
            body.push(b'%');
        }
    }
    let mut head: Vec<u8> = Vec::new();
    if let Some(s) = sign_byte(neg, sp.sign) {
        head.push(s);
    }
    let sp = numeric(sp);
    if sp.grouping.is_some() && a.is_finite() {
        let int_end = body
            .iter()
            .position(|&c| !c.is_ascii_digit())
            .unwrap_or(body.len());
        let mut g = group_padded(&body[..int_end], &sp, head.len() + body.len() - int_end, 3);
        g.extend_from_slice(&body[int_end..]);
        body = g;
    }
    emit(out, &head, &body, &sp, b'>');
    Ok(())
}

/// Formats text with a spec (`s` or no type).
fn fmt_text(out: &mut Buffer, text: &[u8], sp: &Spec) -> PyResult<()> {
    if let Some(t) = sp.ty {
        if t != b's' {
            return Err(unknown_code(t, "str"));
        }
    }
    if sp.sign != b'-' {
        return Err(value_error("Sign not allowed in string format specifier"));
    }
    if sp.alt {
        return Err(value_error(
            "Alternate form (#) not allowed in string format specifier",
        ));
    }
    if sp.align == Some(b'=') {
        return Err(value_error(
            "'=' alignment not allowed in string format specifier",
        ));
    }
    let mut t = text;
    if let Some(p) = sp.precision {
        t = truncate_chars(text, p);
    }
    let mut sp = *sp;
    if sp.zero && sp.align.is_none() {
        sp.fill = [b'0', 0, 0, 0];
        sp.fill_len = 1;
    }
    emit(out, b"", t, &sp, b'<');
    Ok(())
}

/// The first `n` characters of UTF-8 text.
fn truncate_chars(b: &[u8], n: usize) -> &[u8] {
    let mut count = 0;
    for (i, &c) in b.iter().enumerate() {
        if c & 0xc0 != 0x80 {
            if count == n {
                return &b[..i];
            }
            count += 1;
        }
    }
    b
}

/// Appends `format(v, spec)`.
pub fn format_into(out: &mut Buffer, v: Obj, spec: &[u8]) -> PyResult<()> {
    if spec.is_empty() {
        return print::print(out, v, PrintKind::Str);
    }
    let sp = parse_spec(spec)?;
    if let Some(i) = int::get(v) {
        return fmt_int(out, i, &sp, 0);
    }
    if let Some(x) = float::get(v) {
        return fmt_float(out, x, &sp);
    }
    if let Some(b) = pystr::bytes(v) {
        return fmt_text(out, b, &sp);
    }
    let mut b = Buffer::default();
    print::print(&mut b, v, PrintKind::Str)?;
    fmt_text(out, &b.bytes, &sp)
}

/// Appends `ascii(v)`: `repr(v)` with non-ASCII characters escaped.
fn ascii_into(out: &mut Buffer, v: Obj) -> PyResult<()> {
    let mut b = Buffer::default();
    print::print(&mut b, v, PrintKind::Repr)?;
    let text = core::str::from_utf8(&b.bytes).unwrap_or("?");
    let mut t = Buf::<12>::new();
    for c in text.chars() {
        let u = c as u32;
        if u < 0x80 {
            out.write(&[u as u8]);
            continue;
        }
        t.clear();
        let _ = match u {
            0..=0xff => write!(t, "\\x{:02x}", u),
            0x100..=0xffff => write!(t, "\\u{:04x}", u),
            _ => write!(t, "\\U{:08x}", u),
        };
        out.write(t.as_bytes());
    }
    Ok(())
}

/// Appends `v` after conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`) formatted with `spec`.
fn convert_format(out: &mut Buffer, v: Obj, conv: usize, spec: &[u8]) -> PyResult<()> {
    if conv == 0 {
        return format_into(out, v, spec);
    }
    let mut b = Buffer::default();
    match conv {
        1 => print::print(&mut b, v, PrintKind::Str)?,
        2 => print::print(&mut b, v, PrintKind::Repr)?,
        _ => ascii_into(&mut b, v)?,
    }
    if spec.is_empty() {
        out.write(&b.bytes);
        return Ok(());
    }
    let sp = parse_spec(spec)?;
    fmt_text(out, &b.bytes, &sp)
}

/// A new str object from a buffer (MemoryError when the buffer is incomplete).
fn finish(r: PyResult<()>, out: Buffer) -> Obj {
    if r.is_err() {
        return NULL;
    }
    if out.failed {
        return exc::raise_memory_error();
    }
    pystr::new(&out.bytes)
}

/// `format(value, spec)` after an f-string conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`);
/// `spec` a str or NULL.
#[no_mangle]
pub extern "C" fn upy_format(value: Obj, spec: Obj, conversion: usize) -> Obj {
    let spec_b: &[u8] = if spec == NULL {
        b""
    } else {
        match pystr::bytes(spec) {
            Some(b) => b,
            None => return exc::raise(&exc::TYPE_ERROR, "format spec must be a str"),
        }
    };
    if spec_b.is_empty() && conversion <= 1 {
        if pystr::bytes(value).is_some() {
            return value;
        }
        return print::to_str_obj(value, PrintKind::Str);
    }
    let mut out = Buffer::default();
    let r = convert_format(&mut out, value, conversion, spec_b);
    finish(r, out)
}

/// Concatenates `n` strs (the parts of an f-string); non-strs are converted with `str()`.
///
/// # Safety
/// `parts` points at `n` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_build_str(parts: *const Obj, n: usize) -> Obj {
    if n == 0 || parts.is_null() {
        return upyc_abi::qstr_obj(upyc_abi::qstr::EMPTY);
    }
    // SAFETY: per the contract.
    let parts = unsafe { core::slice::from_raw_parts(parts, n) };
    if n == 1 && pystr::bytes(parts[0]).is_some() {
        return parts[0];
    }
    let mut out = Buffer::default();
    let mut r = Ok(());
    for &p in parts {
        match pystr::bytes(p) {
            Some(b) => out.write(b),
            None => {
                r = print::print(&mut out, p, PrintKind::Str);
                if r.is_err() {
                    break;
                }
            }
        }
    }
    finish(r, out)
}

// ---------------------------------------------------------------------------------
// str.format

/// State of automatic/manual field numbering.
struct Fields<'a> {
    pos: &'a [Obj],
    kw: &'a [Obj],
    next_auto: usize,
    manual: bool,
    auto: bool,
}

/// `s.format(*pos, **kw)` as a method body for the str method table: `pos[0]` is the
/// string, `kw` the flattened (name, value) pairs.
pub fn str_format_method(pos: &[Obj], kw: &[Obj]) -> Obj {
    let Some((&s, args)) = pos.split_first() else {
        return exc::raise(&exc::TYPE_ERROR, "format() needs a str");
    };
    let Some(fmt) = pystr::bytes(s) else {
        return exc::raise(&exc::TYPE_ERROR, "format() needs a str");
    };
    str_format(fmt, args, kw)
}

/// `fmt.format(*pos, **kw)`; `kw` holds (name qstr obj, value) pairs, flattened.
pub fn str_format(fmt: &[u8], pos: &[Obj], kw: &[Obj]) -> Obj {
    let mut f = Fields {
        pos,
        kw,
        next_auto: 0,
        manual: false,
        auto: false,
    };
    let mut out = Buffer::default();
    let r = vformat(&mut out, fmt, &mut f, 0);
    finish(r, out)
}

fn vformat(out: &mut Buffer, fmt: &[u8], f: &mut Fields, depth: usize) -> PyResult<()> {
    if depth > 2 {
        return Err(value_error("Max string recursion exceeded"));
    }
    let mut i = 0;
    let mut run = 0;
    while i < fmt.len() {
        let c = fmt[i];
        if c == b'{' || c == b'}' {
            out.write(&fmt[run..i]);
            if fmt.get(i + 1) == Some(&c) {
                out.write(&[c]);
                i += 2;
                run = i;
                continue;
            }
            if c == b'}' {
                return Err(value_error("Single '}' encountered in format string"));
            }
            // Find the matching '}' (specs may nest one level of fields).
            let mut level = 1;
            let mut j = i + 1;
            while j < fmt.len() {
                match fmt[j] {
                    b'{' => level += 1,
                    b'}' => {
                        level -= 1;
                        if level == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            if j >= fmt.len() {
                return Err(value_error("expected '}' before end of string"));
            }
            field(out, &fmt[i + 1..j], f, depth)?;
            i = j + 1;
            run = i;
            continue;
        }
        i += 1;
    }
    out.write(&fmt[run..]);
    Ok(())
}

/// Formats one replacement field (the text between the braces).
fn field(out: &mut Buffer, text: &[u8], f: &mut Fields, depth: usize) -> PyResult<()> {
    // Split name / conversion / spec at the first '!' or ':' outside brackets.
    let mut k = 0;
    let mut in_bracket = false;
    while k < text.len() {
        match text[k] {
            b'[' => in_bracket = true,
            b']' => in_bracket = false,
            b'!' | b':' if !in_bracket => break,
            _ => {}
        }
        k += 1;
    }
    let name = &text[..k];
    let mut conv = 0;
    let mut rest = &text[k..];
    if rest.first() == Some(&b'!') {
        conv = match rest.get(1) {
            Some(b's') => 1,
            Some(b'r') => 2,
            Some(b'a') => 3,
            _ => return Err(value_error("Unknown conversion specifier")),
        };
        rest = &rest[2..];
        if !rest.is_empty() && rest[0] != b':' {
            return Err(value_error("expected ':' after conversion specifier"));
        }
    }
    let spec_raw = rest.strip_prefix(b":").unwrap_or(rest);
    let v = lookup(name, f)?;
    if spec_raw.contains(&b'{') {
        let mut spec = Buffer::default();
        vformat(&mut spec, spec_raw, f, depth + 1)?;
        convert_format(out, v, conv, &spec.bytes)
    } else {
        convert_format(out, v, conv, spec_raw)
    }
}

/// The value a field name refers to: `""` (next positional), `0`, `name`, then any
/// `.attr` and `[index]` parts.
fn lookup(name: &[u8], f: &mut Fields) -> PyResult<Obj> {
    let end = name
        .iter()
        .position(|&c| c == b'.' || c == b'[')
        .unwrap_or(name.len());
    let (first, mut rest) = name.split_at(end);
    let mut v = if first.is_empty() {
        if f.manual {
            return Err(value_error(
                "cannot switch from manual field specification to automatic field numbering",
            ));
        }
        f.auto = true;
        let i = f.next_auto;
        f.next_auto += 1;
        positional(f, i)?
    } else if first.iter().all(u8::is_ascii_digit) {
        if f.auto {
            return Err(value_error(
                "cannot switch from automatic field numbering to manual field specification",
            ));
        }
        f.manual = true;
        let mut j = 0;
        let i = read_num(first, &mut j).unwrap_or(usize::MAX);
        positional(f, i)?
    } else {
        let mut found = None;
        for pair in f.kw.chunks_exact(2) {
            if pystr::bytes(pair[0]) == Some(first) {
                found = Some(pair[1]);
            }
        }
        match found {
            Some(v) => v,
            None => {
                let k = pystr::new(first);
                if k != NULL {
                    exc::raise_arg(&exc::KEY_ERROR, k);
                }
                return Err(Raised);
            }
        }
    };
    while !rest.is_empty() {
        if rest[0] == b'.' {
            let e = rest[1..]
                .iter()
                .position(|&c| c == b'.' || c == b'[')
                .map_or(rest.len(), |p| p + 1);
            v = get_attr(v, &rest[1..e])?;
            rest = &rest[e..];
        } else {
            let Some(close) = rest.iter().position(|&c| c == b']') else {
                return Err(value_error("Missing ']' in format string"));
            };
            let key = &rest[1..close];
            let k = if !key.is_empty() && key.iter().all(u8::is_ascii_digit) {
                let mut j = 0;
                let n = read_num(key, &mut j).unwrap_or(0);
                obj::new_small_int(n.min(obj::SMALL_INT_MAX as usize) as isize)
            } else {
                obj::check(pystr::new(key))?
            };
            v = obj::check(crate::subscr::upy_subscr(v, k))?;
            rest = &rest[close + 1..];
        }
    }
    Ok(v)
}

fn positional(f: &Fields, i: usize) -> PyResult<Obj> {
    match f.pos.get(i) {
        Some(&v) => Ok(v),
        None => {
            exc::raise(&exc::INDEX_ERROR, "tuple index out of range");
            Err(Raised)
        }
    }
}

/// `o.name` for a name given as text (looked up in the qstr table).
fn get_attr(o: Obj, name: &[u8]) -> PyResult<Obj> {
    let q = crate::qstr::find(name);
    let ty = obj::type_of(o);
    if let (Some(q), Some(f)) = (q, ty.attr) {
        let r = f(o, upyc_abi::qstr_obj(q));
        if r != obj::NOT_IMPL {
            return obj::check(r);
        }
    }
    exc::raise_parts(
        &exc::ATTRIBUTE_ERROR,
        &[
            b"'",
            ty.name.as_bytes(),
            b"' object has no attribute '",
            name,
            b"'",
        ],
    );
    Err(Raised)
}

// ---------------------------------------------------------------------------------
// % formatting

/// `fmt % args`: `args` a tuple of values, a dict for `%(name)s`, or a single value.
pub fn percent(fmt: &[u8], args: Obj) -> Obj {
    let mut out = Buffer::default();
    let r = percent_into(&mut out, fmt, args);
    finish(r, out)
}

fn percent_into(out: &mut Buffer, fmt: &[u8], args: Obj) -> PyResult<()> {
    let is_tuple = obj::is_type(args, &tuple::TUPLE_TYPE);
    let single = [args];
    let items: &[Obj] = if is_tuple {
        tuple::items(args)
    } else {
        &single
    };
    let mapping = obj::is_type(args, &crate::dict::DICT_TYPE);
    let mut next = 0;
    let mut used_mapping = false;
    let take = |next: &mut usize| -> PyResult<Obj> {
        match items.get(*next) {
            Some(&v) => {
                *next += 1;
                Ok(v)
            }
            None => Err(type_error("not enough arguments for format string")),
        }
    };
    let mut i = 0;
    let mut run = 0;
    while i < fmt.len() {
        if fmt[i] != b'%' {
            i += 1;
            continue;
        }
        out.write(&fmt[run..i]);
        i += 1;
        let mut keyed = None;
        if fmt.get(i) == Some(&b'(') {
            let mut level = 1;
            let mut j = i + 1;
            while j < fmt.len() && level > 0 {
                match fmt[j] {
                    b'(' => level += 1,
                    b')' => level -= 1,
                    _ => {}
                }
                j += 1;
            }
            if level > 0 {
                return Err(value_error("incomplete format key"));
            }
            if !mapping {
                return Err(type_error("format requires a mapping"));
            }
            let k = obj::check(pystr::new(&fmt[i + 1..j - 1]))?;
            keyed = Some(obj::check(crate::subscr::upy_subscr(args, k))?);
            used_mapping = true;
            i = j;
        }
        let mut sp = Spec::default();
        let mut left = false;
        while let Some(&c) = fmt.get(i) {
            match c {
                b'-' => left = true,
                b'+' => sp.sign = b'+',
                b' ' if sp.sign != b'+' => sp.sign = b' ',
                b' ' => {}
                b'#' => sp.alt = true,
                b'0' => sp.zero = true,
                _ => break,
            }
            i += 1;
        }
        if fmt.get(i) == Some(&b'*') {
            i += 1;
            let w = take(&mut next)?;
            let Some(n) = int::to_isize(w) else {
                return Err(type_error("* wants int"));
            };
            if n < 0 {
                left = true;
            }
            sp.width = n.unsigned_abs();
        } else if let Some(w) = read_num(fmt, &mut i) {
            sp.width = w;
        }
        if fmt.get(i) == Some(&b'.') {
            i += 1;
            if fmt.get(i) == Some(&b'*') {
                i += 1;
                let w = take(&mut next)?;
                let Some(n) = int::to_isize(w) else {
                    return Err(type_error("* wants int"));
                };
                sp.precision = Some((n.max(0) as usize).min(MAX_PRECISION));
            } else {
                sp.precision = Some(read_num(fmt, &mut i).unwrap_or(0).min(MAX_PRECISION));
            }
        }
        while matches!(fmt.get(i), Some(b'h' | b'l' | b'L')) {
            i += 1;
        }
        let Some(&ty) = fmt.get(i) else {
            return Err(value_error("incomplete format"));
        };
        i += 1;
        run = i;
        if ty == b'%' {
            out.write(b"%");
            continue;
        }
        let v = match keyed {
            Some(v) => v,
            None => take(&mut next)?,
        };
        if left {
            sp.align = Some(b'<');
            sp.zero = false;
        } else {
            sp.align = Some(b'>');
        }
        percent_one(out, v, ty, sp, i - 1)?;
    }
    out.write(&fmt[run..]);
    if next < items.len() && !used_mapping && !(mapping && next == 0) {
        return Err(type_error(
            "not all arguments converted during string formatting",
        ));
    }
    Ok(())
}

/// One `%` conversion of value `v` with type `ty`.
fn percent_one(out: &mut Buffer, v: Obj, ty: u8, mut sp: Spec, at: usize) -> PyResult<()> {
    // `0` pads numbers after the sign (unless left-aligned).
    let zero_numeric = |sp: &mut Spec| {
        if sp.zero && sp.align == Some(b'>') {
            sp.fill = [b'0', 0, 0, 0];
            sp.align = Some(b'=');
        }
        sp.zero = false;
    };
    match ty {
        b's' | b'r' | b'a' => {
            let mut b = Buffer::default();
            match ty {
                b's' => print::print(&mut b, v, PrintKind::Str)?,
                b'r' => print::print(&mut b, v, PrintKind::Repr)?,
                _ => ascii_into(&mut b, v)?,
            }
            sp.sign = b'-';
            sp.alt = false;
            sp.zero = false;
            fmt_text(out, &b.bytes, &sp)
        }
        b'd' | b'i' | b'u' | b'x' | b'X' | b'o' => {
            let iv = if let Some(x) = float::get(v) {
                if matches!(ty, b'x' | b'X' | b'o') {
                    return Err(type_error("integer needed"));
                }
                obj::check(float::to_int(x))?
            } else {
                v
            };
            let Some(i) = int::get(iv) else {
                exc::raise_parts(
                    &exc::TYPE_ERROR,
                    &[
                        b"%",
                        &[ty],
                        b" format: a number is required, not ",
                        obj::type_name(v).as_bytes(),
                    ],
                );
                return Err(Raised);
            };
            sp.ty = Some(match ty {
                b'x' | b'X' | b'o' => ty,
                _ => b'd',
            });
            let min = sp.precision.take().unwrap_or(0);
            zero_numeric(&mut sp);
            fmt_int(out, i, &sp, min.max(1))
        }
        b'e' | b'E' | b'f' | b'F' | b'g' | b'G' => {
            let Some(x) = float::to_flt(v) else {
                exc::raise_parts(
                    &exc::TYPE_ERROR,
                    &[b"must be real number, not ", obj::type_name(v).as_bytes()],
                );
                return Err(Raised);
            };
            sp.ty = Some(ty);
            zero_numeric(&mut sp);
            fmt_float(out, x, &sp)
        }
        b'c' => {
            let mut b = [0u8; 4];
            let text: &[u8] = if let Some(s) = pystr::bytes(v).filter(|s| nchars(s) == 1) {
                s
            } else if let Some(c) = int::to_isize(v)
                .and_then(|n| u32::try_from(n).ok())
                .and_then(char::from_u32)
            {
                c.encode_utf8(&mut b).as_bytes()
            } else {
                return Err(type_error("%c requires int or char"));
            };
            sp.sign = b'-';
            sp.precision = None;
            sp.zero = false;
            sp.alt = false;
            fmt_text(out, text, &sp)
        }
        _ => {
            let mut t = Buf::<64>::new();
            let _ = write!(
                t,
                "unsupported format character '{}' (0x{:x}) at index {}",
                ty as char, ty, at
            );
            let m = pystr::new(t.as_bytes());
            if m != NULL {
                exc::raise_arg(&exc::VALUE_ERROR, m);
            }
            Err(Raised)
        }
    }
}
