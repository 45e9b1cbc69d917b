//! `json` (alias `ujson`): `dumps`/`dump` (CPython's default separators `", "` and
//! `": "`, or `separators=(item, key)`) and `loads`/`load` (objects, arrays, strings with
//! escapes including `\uXXXX` and surrogate pairs, numbers, `true`/`false`/`null`).
//! Bad input raises `ValueError: syntax error in JSON` (MicroPython's message).
//! Non-ASCII text is written as UTF-8, as MicroPython does (CPython escapes it).
//! Nesting is limited to [`MAX_DEPTH`] levels either way (the pyboard's stack is small).

use alloc::vec::Vec;

use crate::callable::BuiltinFn;
use crate::exc;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Writer, NONE};
use crate::print::{self, Buffer};
use crate::sort::kwarg;
use crate::str as pystr;
use crate::{dict, float, list, tuple};

/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 48;

struct Seps<'a> {
    item: &'a [u8],
    key: &'a [u8],
}

fn write_str(w: &mut Buffer, b: &[u8]) {
    w.write(b"\"");
    let mut start = 0;
    for (i, &c) in b.iter().enumerate() {
        let esc: &[u8] = match c {
            b'"' => b"\\\"",
            b'\\' => b"\\\\",
            b'\n' => b"\\n",
            b'\r' => b"\\r",
            b'\t' => b"\\t",
            0x08 => b"\\b",
            0x0c => b"\\f",
            c if c < 0x20 => {
                w.write(&b[start..i]);
                const D: &[u8; 16] = b"0123456789abcdef";
                w.write(&[
                    b'\\',
                    b'u',
                    b'0',
                    b'0',
                    D[(c >> 4) as usize],
                    D[(c & 15) as usize],
                ]);
                start = i + 1;
                continue;
            }
            _ => continue,
        };
        w.write(&b[start..i]);
        w.write(esc);
        start = i + 1;
    }
    w.write(&b[start..]);
    w.write(b"\"");
}

fn too_deep<T>() -> PyResult<T> {
    fail(&exc::RUNTIME_ERROR, "maximum recursion depth exceeded")
}

fn dump_value(w: &mut Buffer, o: Obj, s: &Seps, depth: usize) -> PyResult<()> {
    if depth > MAX_DEPTH {
        return too_deep();
    }
    match o {
        NONE => w.write(b"null"),
        obj::TRUE => w.write(b"true"),
        obj::FALSE => w.write(b"false"),
        _ if crate::int::get(o).is_some() || float::is_float(o) => {
            print::print(w, o, PrintKind::Repr)?
        }
        _ if pystr::bytes(o).is_some() => write_str(w, pystr::bytes(o).unwrap_or(b"")),
        _ if list::is_list(o) || tuple::is_tuple(o) => {
            w.write(b"[");
            let mut i = 0;
            while let Some(&x) = tuple::items_of(o).and_then(|v| v.get(i)) {
                if i > 0 {
                    w.write(s.item);
                }
                dump_value(w, x, s, depth + 1)?;
                i += 1;
            }
            w.write(b"]");
        }
        _ if dict::is_dict(o) => {
            w.write(b"{");
            let mut first = true;
            let mut i = 0;
            while let Some(e) = dict::map(o).entries.get(i).copied() {
                i += 1;
                if e.key == obj::NULL {
                    continue;
                }
                if !first {
                    w.write(s.item);
                }
                first = false;
                if let Some(k) = pystr::bytes(e.key) {
                    write_str(w, k);
                } else if matches!(e.key, NONE | obj::TRUE | obj::FALSE)
                    || crate::int::get(e.key).is_some()
                    || float::is_float(e.key)
                {
                    w.write(b"\"");
                    dump_value(w, e.key, s, depth + 1)?;
                    w.write(b"\"");
                } else {
                    return fail(
                        &exc::TYPE_ERROR,
                        "keys must be str, int, float, bool or None",
                    );
                }
                w.write(s.key);
                dump_value(w, e.value, s, depth + 1)?;
            }
            w.write(b"}");
        }
        _ => {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"Object of type ",
                    obj::type_name(o).as_bytes(),
                    b" is not JSON serializable",
                ],
            );
            return Err(Raised);
        }
    }
    Ok(())
}

/// The JSON text of `o` as a byte buffer.
fn to_text(o: Obj, kw: &[Obj], allowed: &[&str]) -> PyResult<Buffer> {
    for p in kw.chunks_exact(2) {
        let n = pystr::bytes(p[0]).unwrap_or(b"");
        if !allowed.iter().any(|a| a.as_bytes() == n) {
            exc::raise_parts(
                &exc::TYPE_ERROR,
                &[b"unexpected keyword argument '", n, b"'"],
            );
            return Err(Raised);
        }
    }
    let mut seps = Seps {
        item: b", ",
        key: b": ",
    };
    if let Some(sp) = kwarg(kw, "separators").filter(|&x| x != NONE) {
        match tuple::items_of(sp) {
            Some(&[a, b]) => {
                seps.item = support::str_arg(a)?;
                seps.key = support::str_arg(b)?;
            }
            _ => return fail(&exc::VALUE_ERROR, "separators must be a pair"),
        }
    }
    let mut w = Buffer::default();
    dump_value(&mut w, o, &seps, 0)?;
    if w.failed {
        exc::raise_memory_error();
        return Err(Raised);
    }
    Ok(w)
}

fn dumps(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        crate::builtins::argc(p, 1, 1)?;
        let w = to_text(p[0], k, &["separators"])?;
        obj::check(pystr::new(&w.bytes))
    })())
}

fn dump(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        crate::builtins::argc(p, 2, 2)?;
        let w = to_text(p[0], k, &["separators"])?;
        support::write_to(p[1], &w.bytes)?;
        Ok(NONE)
    })())
}

// ---------------------------------------------------------------------------------
// Parsing

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

fn syntax<T>() -> PyResult<T> {
    fail(&exc::VALUE_ERROR, "syntax error in JSON")
}

impl Parser<'_> {
    fn ws(&mut self) {
        while matches!(self.s.get(self.i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn lit(&mut self, word: &[u8], v: Obj) -> PyResult<Obj> {
        if self.s[self.i..].starts_with(word) {
            self.i += word.len();
            Ok(v)
        } else {
            syntax()
        }
    }

    fn value(&mut self, depth: usize) -> PyResult<Obj> {
        if depth > MAX_DEPTH {
            return too_deep();
        }
        self.ws();
        match self.peek() {
            Some(b'{') => self.object(depth),
            Some(b'[') => self.array(depth),
            Some(b'"') => self.string(),
            Some(b't') => self.lit(b"true", obj::TRUE),
            Some(b'f') => self.lit(b"false", obj::FALSE),
            Some(b'n') => self.lit(b"null", NONE),
            Some(b'-' | b'0'..=b'9') => self.number(),
            _ => syntax(),
        }
    }

    fn array(&mut self, depth: usize) -> PyResult<Obj> {
        self.i += 1;
        let l = obj::check(list::new(&[]))?;
        self.ws();
        if self.peek() == Some(b']') {
            self.i += 1;
            return Ok(l);
        }
        loop {
            let v = self.value(depth + 1)?;
            list::push(l, v)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b']') => {
                    self.i += 1;
                    return Ok(l);
                }
                _ => return syntax(),
            }
        }
    }

    fn object(&mut self, depth: usize) -> PyResult<Obj> {
        self.i += 1;
        let d = obj::check(dict::new())?;
        self.ws();
        if self.peek() == Some(b'}') {
            self.i += 1;
            return Ok(d);
        }
        loop {
            self.ws();
            if self.peek() != Some(b'"') {
                return syntax();
            }
            let k = self.string()?;
            self.ws();
            if self.peek() != Some(b':') {
                return syntax();
            }
            self.i += 1;
            let v = self.value(depth + 1)?;
            dict::map(d).store(k, v)?;
            self.ws();
            match self.peek() {
                Some(b',') => self.i += 1,
                Some(b'}') => {
                    self.i += 1;
                    return Ok(d);
                }
                _ => return syntax(),
            }
        }
    }

    fn hex4(&mut self) -> PyResult<u32> {
        let Some(h) = self.s.get(self.i..self.i + 4) else {
            return syntax();
        };
        let mut v = 0;
        for &c in h {
            let d = match c {
                b'0'..=b'9' => c - b'0',
                b'a'..=b'f' => c - b'a' + 10,
                b'A'..=b'F' => c - b'A' + 10,
                _ => return syntax(),
            };
            v = v * 16 + d as u32;
        }
        self.i += 4;
        Ok(v)
    }

    fn string(&mut self) -> PyResult<Obj> {
        self.i += 1;
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(c) = self.peek() else {
                return syntax();
            };
            self.i += 1;
            if out.try_reserve(4).is_err() {
                exc::raise_memory_error();
                return Err(Raised);
            }
            match c {
                b'"' => return obj::check(pystr::new(&out)),
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return syntax();
                    };
                    self.i += 1;
                    let ch = match e {
                        b'"' => b'"',
                        b'\\' => b'\\',
                        b'/' => b'/',
                        b'b' => 0x08,
                        b'f' => 0x0c,
                        b'n' => b'\n',
                        b'r' => b'\r',
                        b't' => b'\t',
                        b'u' => {
                            let mut cp = self.hex4()?;
                            if (0xd800..0xdc00).contains(&cp)
                                && self.s[self.i..].starts_with(b"\\u")
                            {
                                let save = self.i;
                                self.i += 2;
                                let lo = self.hex4()?;
                                if (0xdc00..0xe000).contains(&lo) {
                                    cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
                                } else {
                                    self.i = save;
                                }
                            }
                            let ch = char::from_u32(cp).unwrap_or('\u{fffd}');
                            let mut b = [0u8; 4];
                            out.extend_from_slice(ch.encode_utf8(&mut b).as_bytes());
                            continue;
                        }
                        _ => return syntax(),
                    };
                    out.push(ch);
                }
                c if c < 0x20 => return syntax(),
                c => out.push(c),
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> PyResult<Obj> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        if self.digits() == 0 {
            return syntax();
        }
        let mut is_float = false;
        if self.peek() == Some(b'.') {
            self.i += 1;
            is_float = true;
            if self.digits() == 0 {
                return syntax();
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.i += 1;
            is_float = true;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.i += 1;
            }
            if self.digits() == 0 {
                return syntax();
            }
        }
        let text = &self.s[start..self.i];
        if is_float {
            match float::parse(text) {
                Some(v) => obj::check(float::new(v)),
                None => syntax(),
            }
        } else {
            match crate::types::parse_int(text, 10) {
                Some(v) => obj::check(v),
                None => syntax(),
            }
        }
    }
}

fn parse(text: &[u8]) -> PyResult<Obj> {
    let mut p = Parser { s: text, i: 0 };
    let v = p.value(0)?;
    p.ws();
    if p.i != text.len() {
        return syntax();
    }
    Ok(v)
}

fn loads(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        parse(support::str_arg(p[0])?)
    })())
}

fn load(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let text = support::call_method(p[0], "read", &[])?;
        parse(support::str_arg(text)?)
    })())
}

static DUMPS: BuiltinFn = BuiltinFn::new("dumps", dumps);
static DUMP: BuiltinFn = BuiltinFn::new("dump", dump);
static LOADS: BuiltinFn = BuiltinFn::new("loads", loads);
static LOAD: BuiltinFn = BuiltinFn::new("load", load);

/// `json`.
#[no_mangle]
pub static upy_module_json: ModuleDef = ModuleDef {
    name: "json",
    members: &[
        ("dumps", Member::Fn(&DUMPS)),
        ("dump", Member::Fn(&DUMP)),
        ("loads", Member::Fn(&LOADS)),
        ("load", Member::Fn(&LOAD)),
    ],
};
