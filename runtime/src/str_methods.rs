//! Methods of `str` (the method table of `STR_TYPE`). Positions and lengths count
//! characters (code points) like CPython; the text is UTF-8.

use alloc::vec::Vec;

use crate::builtins::argc;
use crate::callable::BuiltinFn;
use crate::exc::{self, raise, raise_parts};
use crate::int;
use crate::obj::{self, Obj, PyResult, Raised, NONE, NULL};
use crate::sort::kwarg;
use crate::str as pystr;

// ---------------------------------------------------------------------------------
// Helpers

fn run(f: impl FnOnce() -> PyResult<Obj>) -> Obj {
    f().unwrap_or(NULL)
}

/// The bytes of a str argument, or `TypeError` (MicroPython's wording).
fn str_arg<'a>(o: Obj) -> PyResult<&'a [u8]> {
    pystr::bytes(o).ok_or_else(|| {
        raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"can't convert '",
                obj::type_name(o).as_bytes(),
                b"' object to str implicitly",
            ],
        );
        Raised
    })
}

/// `self` and the other positional arguments; checks their count (`self` excluded).
fn this(pos: &[Obj], min: usize, max: usize) -> PyResult<(&[u8], &[Obj])> {
    argc(pos, min + 1, max + 1)?;
    Ok((str_arg(pos[0])?, &pos[1..]))
}

fn new_str(b: &[u8]) -> PyResult<Obj> {
    obj::check(pystr::new(b))
}

fn oom() -> Raised {
    exc::raise_memory_error();
    Raised
}

fn vec_with<T>(n: usize) -> PyResult<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve(n).map_err(|_| oom())?;
    Ok(v)
}

fn is_cont(c: u8) -> bool {
    c & 0xc0 == 0x80
}

fn nchars(b: &[u8]) -> usize {
    b.iter().filter(|&&c| !is_cont(c)).count()
}

/// Byte offset of character `ci` (clamped to the end).
fn byte_off(b: &[u8], ci: usize) -> usize {
    if b.is_ascii() {
        return ci.min(b.len());
    }
    let mut n = 0;
    for (i, &c) in b.iter().enumerate() {
        if !is_cont(c) {
            if n == ci {
                return i;
            }
            n += 1;
        }
    }
    b.len()
}

fn char_index(b: &[u8], off: usize) -> usize {
    nchars(&b[..off.min(b.len())])
}

fn text(b: &[u8]) -> &str {
    core::str::from_utf8(b).unwrap_or("")
}

/// An optional index argument (int or None) resolved against `len` like a slice bound.
fn bound(o: Option<Obj>, len: usize, default: usize) -> PyResult<isize> {
    let Some(o) = o.filter(|&o| o != NONE) else {
        return Ok(default as isize);
    };
    let v = match int::get(o) {
        Some(int::Int::Small(v)) => v,
        Some(int::Int::Big(_)) => {
            if int::is_negative(o) {
                isize::MIN / 2
            } else {
                isize::MAX / 2
            }
        }
        None => {
            raise(
                &exc::TYPE_ERROR,
                "slice indices must be integers or None or have an __index__ method",
            );
            return Err(Raised);
        }
    };
    Ok(if v < 0 {
        (v + len as isize).max(0)
    } else {
        v.min(len as isize)
    })
}

/// `(start, end)` byte offsets of `s[start:end]` from optional char-index arguments,
/// `None` when `start` is beyond the end or after `end` (char indices kept for
/// callers that need them).
fn window(s: &[u8], start: Option<Obj>, end: Option<Obj>) -> PyResult<Option<(usize, usize)>> {
    let n = nchars(s);
    let raw_start = start.filter(|&o| o != NONE);
    let st = bound(raw_start, n, 0)?;
    let en = bound(end, n, n)?;
    if let Some(o) = raw_start {
        if int::to_isize(o).is_some_and(|v| v > n as isize) {
            return Ok(None);
        }
    }
    if st > en {
        return Ok(None);
    }
    Ok(Some((byte_off(s, st as usize), byte_off(s, en as usize))))
}

fn find_bytes(h: &[u8], n: &[u8]) -> Option<usize> {
    if n.is_empty() {
        return Some(0);
    }
    h.windows(n.len()).position(|w| w == n)
}

fn rfind_bytes(h: &[u8], n: &[u8]) -> Option<usize> {
    if n.is_empty() {
        return Some(h.len());
    }
    h.windows(n.len()).rposition(|w| w == n)
}

fn is_space(c: char) -> bool {
    c.is_whitespace() || ('\x1c'..='\x1f').contains(&c)
}

// ---------------------------------------------------------------------------------
// Searching

fn find_impl(pos: &[Obj], rev: bool, raise_missing: bool) -> Obj {
    run(|| {
        let (s, a) = this(pos, 1, 3)?;
        let sub = str_arg(a[0])?;
        let found = window(s, a.get(1).copied(), a.get(2).copied())?.and_then(|(b, e)| {
            let h = &s[b..e];
            let r = if rev {
                rfind_bytes(h, sub)
            } else {
                find_bytes(h, sub)
            };
            r.map(|i| i + b)
        });
        match found {
            Some(off) => Ok(obj::new_small_int(char_index(s, off) as isize)),
            None if raise_missing => {
                raise(&exc::VALUE_ERROR, "substring not found");
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
        let sub = str_arg(a[0])?;
        let Some((b, e)) = window(s, a.get(1).copied(), a.get(2).copied())? else {
            return Ok(obj::new_small_int(0));
        };
        let h = &s[b..e];
        let n = if sub.is_empty() {
            nchars(h) + 1
        } else {
            let mut n = 0;
            let mut i = 0;
            while let Some(p) = find_bytes(&h[i..], sub) {
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
        let Some((b, e)) = window(s, a.get(1).copied(), a.get(2).copied())? else {
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
        if let Some(items) = crate::tuple::items_of(a[0]).filter(|_| !crate::list::is_list(a[0])) {
            for &x in items {
                if test(str_arg(x)?) {
                    return Ok(obj::TRUE);
                }
            }
            return Ok(obj::FALSE);
        }
        Ok(obj::new_bool(test(str_arg(a[0])?)))
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

fn list_of(parts: &[&[u8]]) -> PyResult<Obj> {
    let mut v = vec_with(parts.len())?;
    for p in parts {
        v.push(new_str(p)?);
    }
    obj::check(crate::list::from_vec(v))
}

/// `(self, sep, maxsplit)` of `split`/`rsplit`.
type SplitArgs<'a> = (&'a [u8], Option<&'a [u8]>, isize);

/// `(self, sep, maxsplit)` of `split`/`rsplit`.
fn split_args<'a>(pos: &'a [Obj], kw: &[Obj]) -> PyResult<SplitArgs<'a>> {
    let (s, a) = this(pos, 0, 2)?;
    let sep = a.first().copied().or(kwarg(kw, "sep")).unwrap_or(NONE);
    let sep = if sep == NONE {
        None
    } else {
        let b: &'a [u8] = pystr::bytes(sep).ok_or_else(|| {
            let _ = str_arg(sep);
            Raised
        })?;
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

fn split(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        let (s, sep, max) = split_args(pos, kw)?;
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut left = max;
        match sep {
            Some(sep) => {
                let mut rest = s;
                while left != 0 {
                    let Some(i) = find_bytes(rest, sep) else {
                        break;
                    };
                    parts.try_reserve(1).map_err(|_| oom())?;
                    parts.push(&rest[..i]);
                    rest = &rest[i + sep.len()..];
                    left -= 1;
                }
                parts.try_reserve(1).map_err(|_| oom())?;
                parts.push(rest);
            }
            None => {
                let t = text(s);
                let mut rest = t.trim_start_matches(is_space);
                while !rest.is_empty() {
                    if left == 0 {
                        parts.try_reserve(1).map_err(|_| oom())?;
                        parts.push(rest.as_bytes());
                        break;
                    }
                    let end = rest.find(is_space).unwrap_or(rest.len());
                    parts.try_reserve(1).map_err(|_| oom())?;
                    parts.push(&rest.as_bytes()[..end]);
                    rest = rest[end..].trim_start_matches(is_space);
                    left -= 1;
                }
            }
        }
        list_of(&parts)
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
                    let Some(i) = rfind_bytes(rest, sep) else {
                        break;
                    };
                    parts.try_reserve(1).map_err(|_| oom())?;
                    parts.push(&rest[i + sep.len()..]);
                    rest = &rest[..i];
                    left -= 1;
                }
                parts.try_reserve(1).map_err(|_| oom())?;
                parts.push(rest);
            }
            None => {
                let t = text(s);
                let mut rest = t.trim_end_matches(is_space);
                while !rest.is_empty() {
                    if left == 0 {
                        parts.try_reserve(1).map_err(|_| oom())?;
                        parts.push(rest.as_bytes());
                        break;
                    }
                    let start = rest.rfind(is_space).map_or(0, |i| {
                        i + rest[i..].chars().next().map_or(1, char::len_utf8)
                    });
                    parts.try_reserve(1).map_err(|_| oom())?;
                    parts.push(&rest.as_bytes()[start..]);
                    rest = rest[..start].trim_end_matches(is_space);
                    left -= 1;
                }
            }
        }
        parts.reverse();
        list_of(&parts)
    })
}

fn splitlines(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        let (s, a) = this(pos, 0, 1)?;
        let keep = match a.first().copied().or(kwarg(kw, "keepends")) {
            Some(k) => crate::entry::upy_is_true(k) == upyc_abi::truth::TRUE,
            None => false,
        };
        let t = text(s);
        let mut parts: Vec<&[u8]> = Vec::new();
        let mut start = 0;
        let mut it = t.char_indices().peekable();
        while let Some((i, c)) = it.next() {
            let is_break = matches!(
                c,
                '\n' | '\r'
                    | '\x0b'
                    | '\x0c'
                    | '\x1c'
                    | '\x1d'
                    | '\x1e'
                    | '\u{85}'
                    | '\u{2028}'
                    | '\u{2029}'
            );
            if !is_break {
                continue;
            }
            let mut end = i + c.len_utf8();
            if c == '\r' && it.peek().map(|p| p.1) == Some('\n') {
                it.next();
                end += 1;
            }
            parts.try_reserve(1).map_err(|_| oom())?;
            parts.push(&s[start..if keep { end } else { i }]);
            start = end;
        }
        if start < s.len() {
            parts.try_reserve(1).map_err(|_| oom())?;
            parts.push(&s[start..]);
        }
        list_of(&parts)
    })
}

fn join(pos: &[Obj], _kw: &[Obj]) -> Obj {
    run(|| {
        let (sep, a) = this(pos, 1, 1)?;
        let items = crate::seq::collect(a[0])?;
        let mut out: Vec<u8> = Vec::new();
        for (i, &x) in items.iter().enumerate() {
            let Some(b) = pystr::bytes(x) else {
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
        new_str(&out)
    })
}

fn partition_impl(pos: &[Obj], rev: bool) -> Obj {
    run(|| {
        let (s, a) = this(pos, 1, 1)?;
        let sep = str_arg(a[0])?;
        if sep.is_empty() {
            raise(&exc::VALUE_ERROR, "empty separator");
            return Err(Raised);
        }
        let found = if rev {
            rfind_bytes(s, sep)
        } else {
            find_bytes(s, sep)
        };
        let (x, y, z): (&[u8], &[u8], &[u8]) = match found {
            Some(i) => (&s[..i], sep, &s[i + sep.len()..]),
            None if rev => (b"", b"", s),
            None => (s, b"", b""),
        };
        let parts = [new_str(x)?, new_str(y)?, new_str(z)?];
        obj::check(crate::tuple::new(&parts))
    })
}

fn partition(pos: &[Obj], _kw: &[Obj]) -> Obj {
    partition_impl(pos, false)
}

fn rpartition(pos: &[Obj], _kw: &[Obj]) -> Obj {
    partition_impl(pos, true)
}

// ---------------------------------------------------------------------------------
// Stripping, padding, case

fn strip_impl(pos: &[Obj], left: bool, right: bool) -> Obj {
    run(|| {
        let (s, a) = this(pos, 0, 1)?;
        let t = text(s);
        let chars = match a.first().copied().filter(|&c| c != NONE) {
            Some(c) => Some(text(str_arg(c)?)),
            None => None,
        };
        let pred = |c: char| match chars {
            Some(set) => set.contains(c),
            None => is_space(c),
        };
        let mut r = t;
        if left {
            r = r.trim_start_matches(pred);
        }
        if right {
            r = r.trim_end_matches(pred);
        }
        if r.len() == t.len() {
            return Ok(pos[0]);
        }
        new_str(r.as_bytes())
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

/// `(self, width, fill)` of the padding methods.
fn pad_args(pos: &[Obj]) -> PyResult<(&[u8], usize, char)> {
    let (s, a) = this(pos, 1, 2)?;
    let width = int::to_isize(a[0]).ok_or_else(|| {
        let _ = raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"can't convert ",
                obj::type_name(a[0]).as_bytes(),
                b" to int",
            ],
        );
        Raised
    })?;
    let fill = match a.get(1) {
        Some(&f) => {
            let t = text(str_arg(f)?);
            let mut cs = t.chars();
            match (cs.next(), cs.next()) {
                (Some(c), None) => c,
                _ => {
                    raise(
                        &exc::TYPE_ERROR,
                        "The fill character must be exactly one character long",
                    );
                    return Err(Raised);
                }
            }
        }
        None => ' ',
    };
    Ok((s, width.max(0) as usize, fill))
}

fn padded(s: &[u8], left: usize, right: usize, fill: char) -> PyResult<Obj> {
    let mut buf = [0u8; 4];
    let f = fill.encode_utf8(&mut buf).as_bytes();
    let mut out: Vec<u8> = vec_with(s.len() + (left + right) * f.len())?;
    for _ in 0..left {
        out.extend_from_slice(f);
    }
    out.extend_from_slice(s);
    for _ in 0..right {
        out.extend_from_slice(f);
    }
    new_str(&out)
}

fn just(pos: &[Obj], how: u8) -> Obj {
    run(|| {
        let (s, width, fill) = pad_args(pos)?;
        let n = nchars(s);
        if width <= n {
            return Ok(pos[0]);
        }
        let marg = width - n;
        let (l, r) = match how {
            b'l' => (0, marg),
            b'r' => (marg, 0),
            _ => {
                let l = marg / 2 + (marg & width & 1);
                (l, marg - l)
            }
        };
        padded(s, l, r, fill)
    })
}

fn ljust(pos: &[Obj], _kw: &[Obj]) -> Obj {
    just(pos, b'l')
}

fn rjust(pos: &[Obj], _kw: &[Obj]) -> Obj {
    just(pos, b'r')
}

fn center(pos: &[Obj], _kw: &[Obj]) -> Obj {
    just(pos, b'c')
}

fn zfill(pos: &[Obj], _kw: &[Obj]) -> Obj {
    run(|| {
        argc(pos, 2, 2)?;
        let (s, width, _) = pad_args(pos)?;
        let n = nchars(s);
        if width <= n {
            return Ok(pos[0]);
        }
        let (sign, rest) = match s.first() {
            Some(&c @ (b'+' | b'-')) => (Some(c), &s[1..]),
            _ => (None, s),
        };
        let mut out: Vec<u8> = vec_with(width + s.len())?;
        if let Some(c) = sign {
            out.push(c);
        }
        out.resize(out.len() + (width - n), b'0');
        out.extend_from_slice(rest);
        new_str(&out)
    })
}

fn case_map(pos: &[Obj], upper: bool) -> Obj {
    run(|| {
        let (s, _) = this(pos, 0, 0)?;
        if s.is_ascii() {
            let mut v: Vec<u8> = vec_with(s.len())?;
            v.extend(s.iter().map(|c| {
                if upper {
                    c.to_ascii_uppercase()
                } else {
                    c.to_ascii_lowercase()
                }
            }));
            return new_str(&v);
        }
        let t = text(s);
        let r = if upper {
            t.to_uppercase()
        } else {
            t.to_lowercase()
        };
        new_str(r.as_bytes())
    })
}

fn upper(pos: &[Obj], _kw: &[Obj]) -> Obj {
    case_map(pos, true)
}

fn lower(pos: &[Obj], _kw: &[Obj]) -> Obj {
    case_map(pos, false)
}

fn replace(pos: &[Obj], _kw: &[Obj]) -> Obj {
    run(|| {
        let (s, a) = this(pos, 2, 3)?;
        let old = str_arg(a[0])?;
        let new = str_arg(a[1])?;
        let mut left = match a.get(2) {
            Some(&c) => int::to_isize(c).ok_or_else(|| {
                raise(&exc::TYPE_ERROR, "count must be an int");
                Raised
            })?,
            None => -1,
        };
        let mut out: Vec<u8> = vec_with(s.len())?;
        if old.is_empty() {
            let t = text(s);
            for c in t.chars() {
                if left != 0 {
                    out.try_reserve(new.len()).map_err(|_| oom())?;
                    out.extend_from_slice(new);
                    left -= 1;
                }
                let mut b = [0u8; 4];
                out.try_reserve(4).map_err(|_| oom())?;
                out.extend_from_slice(c.encode_utf8(&mut b).as_bytes());
            }
            if left != 0 {
                out.try_reserve(new.len()).map_err(|_| oom())?;
                out.extend_from_slice(new);
            }
            return new_str(&out);
        }
        let mut rest = s;
        while left != 0 {
            let Some(i) = find_bytes(rest, old) else {
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
        new_str(&out)
    })
}

// ---------------------------------------------------------------------------------
// Predicates

fn pred(pos: &[Obj], f: fn(&str) -> bool) -> Obj {
    run(|| {
        let (s, _) = this(pos, 0, 0)?;
        Ok(obj::new_bool(!s.is_empty() && f(text(s))))
    })
}

fn isdigit(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, |t| {
        t.chars()
            .all(|c| c.is_ascii_digit() || (!c.is_ascii() && c.is_numeric()))
    })
}

fn isalpha(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, |t| t.chars().all(char::is_alphabetic))
}

fn isalnum(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, |t| t.chars().all(char::is_alphanumeric))
}

fn isspace(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, |t| t.chars().all(is_space))
}

fn isupper(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, |t| {
        t.chars().any(char::is_uppercase) && !t.chars().any(char::is_lowercase)
    })
}

fn islower(pos: &[Obj], _kw: &[Obj]) -> Obj {
    pred(pos, |t| {
        t.chars().any(char::is_lowercase) && !t.chars().any(char::is_uppercase)
    })
}

macro_rules! methods {
    ($($id:ident = $name:literal, $f:expr;)*) => {
        $( static $id: BuiltinFn = BuiltinFn::new($name, $f); )*
        /// The method table of `str`.
        pub static STR_METHODS: [&BuiltinFn; [$($name),*].len()] = [$(&$id),*];
    };
}

methods! {
    SPLIT = "split", split;
    RSPLIT = "rsplit", rsplit;
    JOIN = "join", join;
    STRIP = "strip", strip;
    LSTRIP = "lstrip", lstrip;
    RSTRIP = "rstrip", rstrip;
    FIND = "find", find;
    RFIND = "rfind", rfind;
    INDEX = "index", index;
    RINDEX = "rindex", rindex;
    COUNT = "count", count;
    REPLACE = "replace", replace;
    STARTSWITH = "startswith", startswith;
    ENDSWITH = "endswith", endswith;
    UPPER = "upper", upper;
    LOWER = "lower", lower;
    PARTITION = "partition", partition;
    RPARTITION = "rpartition", rpartition;
    CENTER = "center", center;
    LJUST = "ljust", ljust;
    RJUST = "rjust", rjust;
    ZFILL = "zfill", zfill;
    ISDIGIT = "isdigit", isdigit;
    ISALPHA = "isalpha", isalpha;
    ISALNUM = "isalnum", isalnum;
    ISSPACE = "isspace", isspace;
    ISUPPER = "isupper", isupper;
    ISLOWER = "islower", islower;
    SPLITLINES = "splitlines", splitlines;
    ENCODE = "encode", crate::bytes_methods::str_encode;
    FORMAT = "format", crate::format::str_format_method;
}
