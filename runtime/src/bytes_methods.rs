//! Methods `bytes` and `bytearray` share (positions count bytes; results have the
//! type of `self`), the bytes method table, and `str.encode`.

use alloc::vec::Vec;

use crate::buffer;
use crate::builtins::argc;
use crate::bytes::{self, new_like};
use crate::callable::BuiltinFn;
use crate::exc::{self, raise, raise_parts};
use crate::int;
use crate::obj::{self, Obj, PyResult, Raised, NONE, NULL};
use crate::sort::kwarg;

fn run(f: impl FnOnce() -> PyResult<Obj>) -> Obj {
    f().unwrap_or(NULL)
}

fn oom() -> Raised {
    exc::raise_memory_error();
    Raised
}

/// The data of `self` and the other positional arguments; checks their count.
fn this(pos: &[Obj], min: usize, max: usize) -> PyResult<(&[u8], &[Obj])> {
    argc(pos, min + 1, max + 1)?;
    Ok((buffer::slice_or_raise(pos[0])?, &pos[1..]))
}

fn check(o: Obj) -> PyResult<Obj> {
    obj::check(o)
}

/// A search argument: a bytes-like object, or an int (one byte) when `int_ok`.
fn needle(o: Obj, int_ok: bool, tmp: &mut [u8; 1]) -> PyResult<&[u8]> {
    if int_ok && int::get(o).is_some() {
        tmp[0] = bytes::byte_value(o)?;
        return Ok(&tmp[..]);
    }
    buffer::slice_or_raise(o)
}

/// An optional slice bound (int or None) resolved against `len`.
fn bound(o: Option<Obj>, len: usize, default: usize) -> PyResult<usize> {
    let Some(o) = o.filter(|&o| o != NONE) else {
        return Ok(default);
    };
    let v = match int::get(o) {
        Some(int::Int::Small(v)) => v,
        Some(int::Int::Big(_)) if int::is_negative(o) => isize::MIN / 2,
        Some(int::Int::Big(_)) => isize::MAX / 2,
        None => {
            raise(
                &exc::TYPE_ERROR,
                "slice indices must be integers or None or have an __index__ method",
            );
            return Err(Raised);
        }
    };
    let n = len as isize;
    Ok(if v < 0 { (v + n).max(0) } else { v.min(n) } as usize)
}

/// `(start, end)` of the optional window arguments; `None` when it is empty and
/// starts past the end (nothing can match, not even an empty needle).
fn window(len: usize, start: Option<Obj>, end: Option<Obj>) -> PyResult<Option<(usize, usize)>> {
    let st = bound(start, len, 0)?;
    let en = bound(end, len, len)?;
    if st > en {
        return Ok(None);
    }
    Ok(Some((st, en)))
}

// ---------------------------------------------------------------------------------
// Searching

fn find_impl(pos: &[Obj], rev: bool, raise_missing: bool) -> Obj {
    run(|| {
        let (s, a) = this(pos, 1, 3)?;
        let mut tmp = [0u8; 1];
        let sub = needle(a[0], true, &mut tmp)?;
        let found = window(s.len(), a.get(1).copied(), a.get(2).copied())?.and_then(|(b, e)| {
            let h = &s[b..e];
            let r = if rev {
                bytes::rfind(h, sub)
            } else {
                bytes::find(h, sub)
            };
            r.map(|i| i + b)
        });
        match found {
            Some(i) => Ok(obj::new_small_int(i as isize)),
            None if raise_missing => {
                raise(&exc::VALUE_ERROR, "subsection not found");
                Err(Raised)
            }
            None => Ok(obj::new_small_int(-1)),
        }
    })
}

fn find(pos: &[Obj], _kw: &[Obj]) -> Obj {
    find_impl(pos, false, false)
}

fn rfind(pos: &[Obj], _kw: &[Obj]) -> Obj {
    find_impl(pos, true, false)
}

fn index(pos: &[Obj], _kw: &[Obj]) -> Obj {
    find_impl(pos, false, true)
}

fn rindex(pos: &[Obj], _kw: &[Obj]) -> Obj {
    find_impl(pos, true, true)
}

fn count(pos: &[Obj], _kw: &[Obj]) -> Obj {
    run(|| {
        let (s, a) = this(pos, 1, 3)?;
        let mut tmp = [0u8; 1];
        let sub = needle(a[0], true, &mut tmp)?;
        let Some((b, e)) = window(s.len(), a.get(1).copied(), a.get(2).copied())? else {
            return Ok(obj::new_small_int(0));
        };
        let h = &s[b..e];
        let n = if sub.is_empty() {
            h.len() + 1
        } else {
            let mut n = 0;
            let mut i = 0;
            while let Some(p) = bytes::find(&h[i..], sub) {
                n += 1;
                i += p + sub.len();
            }
            n
        };
        Ok(obj::new_small_int(n as isize))
    })
}

fn starts_ends(pos: &[Obj], ends: bool) -> Obj {
    run(|| {
        let (s, a) = this(pos, 1, 3)?;
        let Some((b, e)) = window(s.len(), a.get(1).copied(), a.get(2).copied())? else {
            return Ok(obj::FALSE);
        };
        let h = &s[b..e];
        let test = |p: &[u8]| {
            if ends {
                h.ends_with(p)
            } else {
                h.starts_with(p)
            }
        };
        if obj::is_type(a[0], &crate::tuple::TUPLE_TYPE) {
            for &x in crate::tuple::items(a[0]) {
                if test(buffer::slice_or_raise(x)?) {
                    return Ok(obj::TRUE);
                }
            }
            return Ok(obj::FALSE);
        }
        Ok(obj::new_bool(test(buffer::slice_or_raise(a[0])?)))
    })
}

fn startswith(pos: &[Obj], _kw: &[Obj]) -> Obj {
    starts_ends(pos, false)
}

fn endswith(pos: &[Obj], _kw: &[Obj]) -> Obj {
    starts_ends(pos, true)
}

// ---------------------------------------------------------------------------------
// Splitting and joining

fn is_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | 0x0b | 0x0c)
}

fn list_of(like: Obj, parts: &[&[u8]]) -> PyResult<Obj> {
    let mut v = Vec::new();
    v.try_reserve(parts.len()).map_err(|_| oom())?;
    for p in parts {
        v.push(check(new_like(like, p))?);
    }
    check(crate::list::from_vec(v))
}

/// `(self, sep, maxsplit)` of `split`/`rsplit`.
type SplitArgs<'a> = (&'a [u8], Option<&'a [u8]>, isize);

fn split_args<'a>(pos: &'a [Obj], kw: &[Obj]) -> PyResult<SplitArgs<'a>> {
    let (s, a) = this(pos, 0, 2)?;
    let sep = a.first().copied().or(kwarg(kw, "sep")).unwrap_or(NONE);
    let sep = if sep == NONE {
        None
    } else {
        let b = buffer::slice_or_raise(sep)?;
        if b.is_empty() {
            raise(&exc::VALUE_ERROR, "empty separator");
            return Err(Raised);
        }
        Some(b)
    };
    let max = match a.get(1).copied().or(kwarg(kw, "maxsplit")) {
        Some(m) => int::to_isize(m).ok_or_else(|| {
            raise(&exc::TYPE_ERROR, "maxsplit must be an int");
            Raised
        })?,
        None => -1,
    };
    Ok((s, sep, max))
}

fn push<'a>(parts: &mut Vec<&'a [u8]>, p: &'a [u8]) -> PyResult<()> {
    parts.try_reserve(1).map_err(|_| oom())?;
    parts.push(p);
    Ok(())
}

fn split(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        let (s, sep, max) = split_args(pos, kw)?;
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut left = max;
        match sep {
            Some(sep) => {
                let mut rest = s;
                while left != 0 {
                    let Some(i) = bytes::find(rest, sep) else {
                        break;
                    };
                    push(&mut parts, &rest[..i])?;
                    rest = &rest[i + sep.len()..];
                    left -= 1;
                }
                push(&mut parts, rest)?;
            }
            None => {
                let mut rest = s.trim_ascii_start();
                while !rest.is_empty() {
                    if left == 0 {
                        push(&mut parts, rest)?;
                        break;
                    }
                    let end = rest.iter().position(|&c| is_space(c)).unwrap_or(rest.len());
                    push(&mut parts, &rest[..end])?;
                    rest = rest[end..].trim_ascii_start();
                    left -= 1;
                }
            }
        }
        list_of(pos[0], &parts)
    })
}

fn rsplit(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        let (s, sep, max) = split_args(pos, kw)?;
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut left = max;
        match sep {
            Some(sep) => {
                let mut rest = s;
                while left != 0 {
                    let Some(i) = bytes::rfind(rest, sep) else {
                        break;
                    };
                    push(&mut parts, &rest[i + sep.len()..])?;
                    rest = &rest[..i];
                    left -= 1;
                }
                push(&mut parts, rest)?;
            }
            None => {
                let mut rest = s.trim_ascii_end();
                while !rest.is_empty() {
                    if left == 0 {
                        push(&mut parts, rest)?;
                        break;
                    }
                    let start = rest.iter().rposition(|&c| is_space(c)).map_or(0, |i| i + 1);
                    push(&mut parts, &rest[start..])?;
                    rest = rest[..start].trim_ascii_end();
                    left -= 1;
                }
            }
        }
        parts.reverse();
        list_of(pos[0], &parts)
    })
}

fn join(pos: &[Obj], _kw: &[Obj]) -> Obj {
    run(|| {
        let (sep, a) = this(pos, 1, 1)?;
        let items = crate::seq::collect(a[0])?;
        let mut out: Vec<u8> = Vec::new();
        for (i, &x) in items.iter().enumerate() {
            let Some(b) = buffer::slice(x) else {
                raise(
                    &exc::TYPE_ERROR,
                    "join expects a list of str/bytes objects consistent with self object",
                );
                return Err(Raised);
            };
            out.try_reserve(b.len() + sep.len()).map_err(|_| oom())?;
            if i > 0 {
                out.extend_from_slice(sep);
            }
            out.extend_from_slice(b);
        }
        check(new_like(pos[0], &out))
    })
}

fn partition_impl(pos: &[Obj], rev: bool) -> Obj {
    run(|| {
        let (s, a) = this(pos, 1, 1)?;
        let sep = buffer::slice_or_raise(a[0])?;
        if sep.is_empty() {
            raise(&exc::VALUE_ERROR, "empty separator");
            return Err(Raised);
        }
        let found = if rev {
            bytes::rfind(s, sep)
        } else {
            bytes::find(s, sep)
        };
        let (x, y, z): (&[u8], &[u8], &[u8]) = match found {
            Some(i) => (&s[..i], sep, &s[i + sep.len()..]),
            None if rev => (b"", b"", s),
            None => (s, b"", b""),
        };
        let like = pos[0];
        let parts = [
            check(new_like(like, x))?,
            check(new_like(like, y))?,
            check(new_like(like, z))?,
        ];
        check(crate::tuple::new(&parts))
    })
}

fn partition(pos: &[Obj], _kw: &[Obj]) -> Obj {
    partition_impl(pos, false)
}

fn rpartition(pos: &[Obj], _kw: &[Obj]) -> Obj {
    partition_impl(pos, true)
}

// ---------------------------------------------------------------------------------
// Transforming

fn strip_impl(pos: &[Obj], left: bool, right: bool) -> Obj {
    run(|| {
        let (s, a) = this(pos, 0, 1)?;
        let chars = match a.first().copied().filter(|&c| c != NONE) {
            Some(c) => Some(buffer::slice_or_raise(c)?),
            None => None,
        };
        let strip = |c: &u8| match chars {
            Some(set) => set.contains(c),
            None => is_space(*c),
        };
        let mut r = s;
        if left {
            let k = r.iter().position(|c| !strip(c)).unwrap_or(r.len());
            r = &r[k..];
        }
        if right {
            let k = r.iter().rposition(|c| !strip(c)).map_or(0, |i| i + 1);
            r = &r[..k];
        }
        if r.len() == s.len() && bytes::is_bytes(pos[0]) {
            return Ok(pos[0]);
        }
        check(new_like(pos[0], r))
    })
}

fn strip(pos: &[Obj], _kw: &[Obj]) -> Obj {
    strip_impl(pos, true, true)
}

fn lstrip(pos: &[Obj], _kw: &[Obj]) -> Obj {
    strip_impl(pos, true, false)
}

fn rstrip(pos: &[Obj], _kw: &[Obj]) -> Obj {
    strip_impl(pos, false, true)
}

fn map_bytes(pos: &[Obj], f: fn(&u8) -> u8) -> Obj {
    run(|| {
        let (s, _) = this(pos, 0, 0)?;
        let mut v = Vec::new();
        v.try_reserve(s.len()).map_err(|_| oom())?;
        v.extend(s.iter().map(f));
        check(new_like(pos[0], &v))
    })
}

fn upper(pos: &[Obj], _kw: &[Obj]) -> Obj {
    map_bytes(pos, u8::to_ascii_uppercase)
}

fn lower(pos: &[Obj], _kw: &[Obj]) -> Obj {
    map_bytes(pos, u8::to_ascii_lowercase)
}

fn replace(pos: &[Obj], _kw: &[Obj]) -> Obj {
    run(|| {
        let (s, a) = this(pos, 2, 3)?;
        let old = buffer::slice_or_raise(a[0])?;
        let new = buffer::slice_or_raise(a[1])?;
        let mut left = match a.get(2) {
            Some(&c) => int::to_isize(c).ok_or_else(|| {
                raise(&exc::TYPE_ERROR, "count must be an int");
                Raised
            })?,
            None => -1,
        };
        let mut out: Vec<u8> = Vec::new();
        out.try_reserve(s.len()).map_err(|_| oom())?;
        if old.is_empty() {
            for &c in s {
                if left != 0 {
                    out.try_reserve(new.len()).map_err(|_| oom())?;
                    out.extend_from_slice(new);
                    left -= 1;
                }
                out.try_reserve(1).map_err(|_| oom())?;
                out.push(c);
            }
            if left != 0 {
                out.try_reserve(new.len()).map_err(|_| oom())?;
                out.extend_from_slice(new);
            }
            return check(new_like(pos[0], &out));
        }
        let mut rest = s;
        while left != 0 {
            let Some(i) = bytes::find(rest, old) else {
                break;
            };
            out.try_reserve(i + new.len()).map_err(|_| oom())?;
            out.extend_from_slice(&rest[..i]);
            out.extend_from_slice(new);
            rest = &rest[i + old.len()..];
            left -= 1;
        }
        out.try_reserve(rest.len()).map_err(|_| oom())?;
        out.extend_from_slice(rest);
        check(new_like(pos[0], &out))
    })
}

fn pred(pos: &[Obj], f: fn(&u8) -> bool) -> Obj {
    run(|| {
        let (s, _) = this(pos, 0, 0)?;
        Ok(obj::new_bool(!s.is_empty() && s.iter().all(f)))
    })
}

fn isdigit(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, u8::is_ascii_digit)
}

fn isalpha(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, u8::is_ascii_alphabetic)
}

fn isalnum(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, u8::is_ascii_alphanumeric)
}

fn isspace(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, |c| is_space(*c))
}

fn case_pred(pos: &[Obj], upper: bool) -> Obj {
    run(|| {
        let (s, _) = this(pos, 0, 0)?;
        let has_up = s.iter().any(u8::is_ascii_uppercase);
        let has_low = s.iter().any(u8::is_ascii_lowercase);
        Ok(obj::new_bool(if upper {
            has_up && !has_low
        } else {
            has_low && !has_up
        }))
    })
}

fn isupper(pos: &[Obj], _kw: &[Obj]) -> Obj {
    case_pred(pos, true)
}

fn islower(pos: &[Obj], _kw: &[Obj]) -> Obj {
    case_pred(pos, false)
}

// ---------------------------------------------------------------------------------
// Conversions

/// `b.decode([encoding[, errors]])` (also `str(b, encoding)`): UTF-8 only.
pub fn decode(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        let (s, a) = this(pos, 0, 2)?;
        let enc = a.first().copied().or(kwarg(kw, "encoding"));
        if let Some(e) = enc {
            let name = crate::str::bytes(e).ok_or_else(|| {
                raise(&exc::TYPE_ERROR, "decode() argument 'encoding' must be str");
                Raised
            })?;
            let mut lower = [0u8; 8];
            let n = name.len().min(8);
            lower[..n].copy_from_slice(&name[..n]);
            lower.make_ascii_lowercase();
            let lower = if name.len() > 8 {
                &b"?"[..]
            } else {
                &lower[..n]
            };
            match lower {
                b"utf-8" | b"utf8" => {}
                b"ascii" if !s.is_ascii() => {
                    raise(&exc::UNICODE_ERROR, "invalid ASCII data");
                    return Err(Raised);
                }
                b"ascii" => {}
                b"latin-1" | b"latin1" => {
                    let mut v = Vec::new();
                    v.try_reserve(s.len() * 2).map_err(|_| oom())?;
                    for &c in s {
                        let mut b = [0u8; 4];
                        v.extend_from_slice(char::from(c).encode_utf8(&mut b).as_bytes());
                    }
                    return check(crate::str::new(&v));
                }
                _ => {
                    raise_parts(&exc::LOOKUP_ERROR, &[b"unknown encoding: ", name]);
                    return Err(Raised);
                }
            }
        }
        if core::str::from_utf8(s).is_err() {
            raise(&exc::UNICODE_ERROR, "invalid UTF-8 data");
            return Err(Raised);
        }
        check(crate::str::new(s))
    })
}

fn hex_of(data: &[u8], sep: Option<u8>) -> PyResult<Obj> {
    const D: &[u8; 16] = b"0123456789abcdef";
    let mut out = Vec::new();
    out.try_reserve(data.len() * 3).map_err(|_| oom())?;
    for (i, &c) in data.iter().enumerate() {
        if i > 0 {
            if let Some(s) = sep {
                out.push(s);
            }
        }
        out.push(D[(c >> 4) as usize]);
        out.push(D[(c & 15) as usize]);
    }
    check(crate::str::new(&out))
}

/// `b.hex([sep])` for any bytes-like `self` (bytes, bytearray, memoryview).
pub fn hex(pos: &[Obj], _kw: &[Obj]) -> Obj {
    run(|| {
        let (s, a) = this(pos, 0, 1)?;
        let sep = match a.first() {
            Some(&o) => match crate::str::bytes(o).or_else(|| buffer::slice(o)) {
                Some([c]) if c.is_ascii() => Some(*c),
                _ => {
                    raise(&exc::VALUE_ERROR, "sep must be length 1.");
                    return Err(Raised);
                }
            },
            None => None,
        };
        hex_of(s, sep)
    })
}

/// The bytes of `fromhex(text)`: pairs of hex digits, spaces allowed between pairs.
pub fn fromhex_data(pos: &[Obj]) -> PyResult<Vec<u8>> {
    // Called on the type (`bytes.fromhex(s)`) or on an instance (`b.fromhex(s)`).
    let args = match pos {
        [me, rest @ ..] if !rest.is_empty() && buffer::has(*me) => rest,
        _ => pos,
    };
    argc(args, 1, 1)?;
    let Some(t) = crate::str::bytes(args[0]) else {
        raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"fromhex() argument must be str, not ",
                obj::type_name(args[0]).as_bytes(),
            ],
        );
        return Err(Raised);
    };
    let digit = |c: u8| (c as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::new();
    out.try_reserve(t.len() / 2).map_err(|_| oom())?;
    let mut i = 0;
    while i < t.len() {
        if t[i].is_ascii_whitespace() {
            i += 1;
            continue;
        }
        let hi = digit(t[i]);
        let lo = t.get(i + 1).copied().and_then(digit);
        match (hi, lo) {
            (Some(h), Some(l)) => out.push(h << 4 | l),
            _ => {
                raise(
                    &exc::VALUE_ERROR,
                    "non-hexadecimal number found in fromhex() arg",
                );
                return Err(Raised);
            }
        }
        i += 2;
    }
    Ok(out)
}

fn fromhex(pos: &[Obj], _kw: &[Obj]) -> Obj {
    run(|| {
        let v = fromhex_data(pos)?;
        check(bytes::new(&v))
    })
}

/// `str.encode([encoding[, errors]])`: the UTF-8 bytes of the string.
pub fn str_encode(pos: &[Obj], _kw: &[Obj]) -> Obj {
    run(|| {
        argc(pos, 1, 3)?;
        let s = crate::str::bytes(pos[0]).ok_or_else(|| {
            raise(&exc::TYPE_ERROR, "encode() needs a str");
            Raised
        })?;
        check(bytes::new(s))
    })
}

macro_rules! methods {
    ($table:ident: $($id:ident = $name:literal, $f:expr;)*) => {
        $( static $id: BuiltinFn = BuiltinFn::new($name, $f); )*
        /// The methods `bytes` and `bytearray` share.
        pub static $table: [&BuiltinFn; [$($name),*].len()] = [$(&$id),*];
    };
}

methods! { SHARED_METHODS:
    DECODE = "decode", decode;
    HEX = "hex", hex;
    FIND = "find", find;
    RFIND = "rfind", rfind;
    INDEX = "index", index;
    RINDEX = "rindex", rindex;
    COUNT = "count", count;
    STARTSWITH = "startswith", startswith;
    ENDSWITH = "endswith", endswith;
    SPLIT = "split", split;
    RSPLIT = "rsplit", rsplit;
    STRIP = "strip", strip;
    LSTRIP = "lstrip", lstrip;
    RSTRIP = "rstrip", rstrip;
    JOIN = "join", join;
    REPLACE = "replace", replace;
    UPPER = "upper", upper;
    LOWER = "lower", lower;
    PARTITION = "partition", partition;
    RPARTITION = "rpartition", rpartition;
    ISDIGIT = "isdigit", isdigit;
    ISALPHA = "isalpha", isalpha;
    ISALNUM = "isalnum", isalnum;
    ISSPACE = "isspace", isspace;
    ISUPPER = "isupper", isupper;
    ISLOWER = "islower", islower;
}

static FROMHEX: BuiltinFn = BuiltinFn::new("fromhex", fromhex);

/// The method table of `bytes`: the shared methods, then `fromhex`.
pub static BYTES_METHODS: [&BuiltinFn; SHARED_METHODS.len() + 1] = {
    let mut t = [&FROMHEX; SHARED_METHODS.len() + 1];
    let mut i = 0;
    while i < SHARED_METHODS.len() {
        t[i] = SHARED_METHODS[i];
        i += 1;
    }
    t
};
