//! `hashlib` (alias `uhashlib`): `sha256`, `sha1`, `md5` and `new(name)`, hash objects
//! with `update`, `digest`, `hexdigest`, `copy`, `name`, `digest_size`, `block_size`.
//! The digests are RustCrypto's `sha2`, `sha1` and `md-5` crates. Unlike MicroPython,
//! `update` still works after `digest` (as in CPython).

use md5::Md5;
use sha1::Sha1;
use sha2::digest::Digest;
use sha2::Sha256;

use crate::buffer;
use crate::callable::BuiltinFn;
use crate::exc;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NOT_IMPL};

/// The state of one of the supported algorithms.
#[derive(Clone)]
enum State {
    Sha256(Sha256),
    Sha1(Sha1),
    Md5(Md5),
}

/// A hash object.
#[repr(C)]
struct HashObj {
    ty: &'static Type,
    state: State,
}

impl State {
    fn update(&mut self, data: &[u8]) {
        match self {
            State::Sha256(h) => h.update(data),
            State::Sha1(h) => h.update(data),
            State::Md5(h) => h.update(data),
        }
    }

    /// Writes the digest of the data so far into `out`; returns its length.
    fn digest(&self, out: &mut [u8; 32]) -> usize {
        match self {
            State::Sha256(h) => copy(out, &h.clone().finalize()),
            State::Sha1(h) => copy(out, &h.clone().finalize()),
            State::Md5(h) => copy(out, &h.clone().finalize()),
        }
    }

    fn name(&self) -> &'static str {
        match self {
            State::Sha256(_) => "sha256",
            State::Sha1(_) => "sha1",
            State::Md5(_) => "md5",
        }
    }

    fn digest_size(&self) -> usize {
        match self {
            State::Sha256(_) => 32,
            State::Sha1(_) => 20,
            State::Md5(_) => 16,
        }
    }
}

fn copy(out: &mut [u8; 32], d: &[u8]) -> usize {
    out[..d.len()].copy_from_slice(d);
    d.len()
}

fn this<'a>(o: Obj) -> PyResult<&'a mut HashObj> {
    if !obj::is_type(o, &HASH_TYPE) {
        return fail(&exc::TYPE_ERROR, "expected a hash object");
    }
    // SAFETY: a hash object; single-threaded.
    Ok(unsafe { &mut *(o as *mut HashObj) })
}

/// Feeds the bytes of `data` (a bytes-like object; a str is a `TypeError` as in CPython).
fn feed(h: &mut HashObj, data: Obj) -> PyResult<()> {
    if crate::str::bytes(data).is_some() {
        return fail(&exc::TYPE_ERROR, "Strings must be encoded before hashing");
    }
    h.state.update(buffer::slice_or_raise(data)?);
    Ok(())
}

fn make(state: State, p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 0, 1)?;
        let h = obj::check(obj::new_obj(HashObj {
            ty: &HASH_TYPE,
            state,
        }))?;
        if let Some(&data) = p.first() {
            feed(this(h)?, data)?;
        }
        Ok(h)
    })())
}

fn sha256(p: &[Obj], k: &[Obj]) -> Obj {
    make(State::Sha256(Sha256::new()), p, k)
}

fn sha1(p: &[Obj], k: &[Obj]) -> Obj {
    make(State::Sha1(Sha1::new()), p, k)
}

fn md5(p: &[Obj], k: &[Obj]) -> Obj {
    make(State::Md5(Md5::new()), p, k)
}

fn new(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 2)?;
        let name = support::str_arg(p[0])?;
        let f = match name {
            b"sha256" | b"SHA256" => sha256,
            b"sha1" | b"SHA1" => sha1,
            b"md5" | b"MD5" => md5,
            _ => {
                exc::raise_parts(&exc::VALUE_ERROR, &[b"unsupported hash type ", name]);
                return Err(Raised);
            }
        };
        obj::check(f(&p[1..], k))
    })())
}

fn update(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        feed(this(p[0])?, p[1])?;
        Ok(NONE)
    })())
}

fn digest(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let mut out = [0u8; 32];
        let n = this(p[0])?.state.digest(&mut out);
        obj::check(crate::bytes::new(&out[..n]))
    })())
}

fn hexdigest(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let mut out = [0u8; 32];
        let n = this(p[0])?.state.digest(&mut out);
        let mut hex = [0u8; 64];
        for (i, b) in out[..n].iter().enumerate() {
            hex[2 * i] = b"0123456789abcdef"[(b >> 4) as usize];
            hex[2 * i + 1] = b"0123456789abcdef"[(b & 15) as usize];
        }
        obj::check(crate::str::new(&hex[..2 * n]))
    })())
}

fn copy_fn(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 1)?;
        let state = this(p[0])?.state.clone();
        obj::check(obj::new_obj(HashObj {
            ty: &HASH_TYPE,
            state,
        }))
    })())
}

fn attr(o: Obj, name: Obj) -> Obj {
    let Ok(h) = this(o) else {
        return NOT_IMPL;
    };
    match crate::str::bytes(name) {
        Some(b"name") => crate::str::new_static(h.state.name()),
        Some(b"digest_size") => obj::new_small_int(h.state.digest_size() as isize),
        Some(b"block_size") => obj::new_small_int(64),
        _ => NOT_IMPL,
    }
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    w.write(b"<");
    w.write(this(o)?.state.name().as_bytes());
    w.write(b" HASH object>");
    Ok(())
}

static UPDATE: BuiltinFn = BuiltinFn::new("update", update);
static DIGEST: BuiltinFn = BuiltinFn::new("digest", digest);
static HEXDIGEST: BuiltinFn = BuiltinFn::new("hexdigest", hexdigest);
static COPY: BuiltinFn = BuiltinFn::new("copy", copy_fn);

/// A hash object's type.
static HASH_TYPE: Type = Type {
    print: Some(print),
    attr: Some(attr),
    methods: &[&UPDATE, &DIGEST, &HEXDIGEST, &COPY],
    ..Type::new("hash")
};

static SHA256: BuiltinFn = BuiltinFn::new("sha256", sha256);
static SHA1: BuiltinFn = BuiltinFn::new("sha1", sha1);
static MD5: BuiltinFn = BuiltinFn::new("md5", md5);
static NEW: BuiltinFn = BuiltinFn::new("new", new);

/// `hashlib`.
#[no_mangle]
pub static upy_module_hashlib: ModuleDef = ModuleDef {
    name: "hashlib",
    members: &[
        ("sha256", Member::Fn(&SHA256)),
        ("sha1", Member::Fn(&SHA1)),
        ("md5", Member::Fn(&MD5)),
        ("new", Member::Fn(&NEW)),
    ],
};
