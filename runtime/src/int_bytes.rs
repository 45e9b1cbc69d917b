//! The methods of `int`: `int.from_bytes(b, byteorder='big', *, signed=False)` and
//! `n.to_bytes(length=1, byteorder='big', *, signed=False)` (MicroPython passes length
//! and byteorder positionally; both forms work). Big ints included.

use alloc::vec::Vec;

use num_bigint::{BigInt, Sign};
use num_traits::{Signed, Zero};

use crate::builtins::argc;
use crate::callable::BuiltinFn;
use crate::exc::{self, raise, raise_parts};
use crate::int::{self, Int};
use crate::obj::{self, Obj, PyResult, Raised, NULL};
use crate::sort::kwarg;

fn run(f: impl FnOnce() -> PyResult<Obj>) -> Obj {
    f().unwrap_or(NULL)
}

/// `true` for little-endian; the byteorder argument must be `'little'` or `'big'`.
fn little(o: Option<Obj>) -> PyResult<bool> {
    let Some(o) = o else {
        return Ok(false);
    };
    match crate::str::bytes(o) {
        Some(b"little") => Ok(true),
        Some(b"big") => Ok(false),
        Some(_) => {
            raise(
                &exc::VALUE_ERROR,
                "byteorder must be either 'little' or 'big'",
            );
            Err(Raised)
        }
        None => {
            raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"to_bytes() argument 'byteorder' must be str, not ",
                    obj::type_name(o).as_bytes(),
                ],
            );
            Err(Raised)
        }
    }
}

fn signed(kw: &[Obj]) -> PyResult<bool> {
    match kwarg(kw, "signed") {
        None => Ok(false),
        Some(s) => match crate::entry::upy_is_true(s) {
            upyc_abi::truth::TRUE => Ok(true),
            upyc_abi::truth::FALSE => Ok(false),
            _ => Err(Raised),
        },
    }
}

fn from_bytes(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        // `int.from_bytes(b, ...)`; also tolerate an int `self` (`(0).from_bytes(b)`).
        let pos = match pos {
            [me, rest @ ..] if !rest.is_empty() && int::get(*me).is_some() => rest,
            _ => pos,
        };
        argc(pos, 1, 2)?;
        let data = crate::buffer::slice_or_raise(pos[0])?;
        let le = little(pos.get(1).copied().or(kwarg(kw, "byteorder")))?;
        let v = match (le, signed(kw)?) {
            (true, false) => BigInt::from_bytes_le(Sign::Plus, data),
            (false, false) => BigInt::from_bytes_be(Sign::Plus, data),
            (true, true) => BigInt::from_signed_bytes_le(data),
            (false, true) => BigInt::from_signed_bytes_be(data),
        };
        obj::check(int::big::new(v))
    })
}

fn to_bytes(pos: &[Obj], kw: &[Obj]) -> Obj {
    run(|| {
        argc(pos, 1, 3)?;
        let v = match int::get(pos[0]) {
            Some(Int::Small(v)) => BigInt::from(v),
            Some(Int::Big(b)) => b.clone(),
            None => {
                raise(&exc::TYPE_ERROR, "to_bytes() needs an int");
                return Err(Raised);
            }
        };
        let length = match pos.get(1).copied().or(kwarg(kw, "length")) {
            None => 1,
            Some(l) => match int::to_isize(l) {
                Some(n) if n >= 0 => n as usize,
                Some(_) => {
                    raise(&exc::VALUE_ERROR, "length argument must be non-negative");
                    return Err(Raised);
                }
                None => {
                    raise_parts(
                        &exc::TYPE_ERROR,
                        &[b"can't convert ", obj::type_name(l).as_bytes(), b" to int"],
                    );
                    return Err(Raised);
                }
            },
        };
        let le = little(pos.get(2).copied().or(kwarg(kw, "byteorder")))?;
        let sgn = signed(kw)?;
        if !sgn && v.is_negative() {
            raise(
                &exc::OVERFLOW_ERROR,
                "can't convert negative int to unsigned",
            );
            return Err(Raised);
        }
        let mut out: Vec<u8> = if v.is_zero() {
            Vec::new()
        } else if sgn {
            v.to_signed_bytes_le()
        } else {
            v.to_bytes_le().1
        };
        if out.len() > length {
            raise(&exc::OVERFLOW_ERROR, "int too big to convert");
            return Err(Raised);
        }
        if length > crate::gc::capacity() || out.try_reserve(length - out.len()).is_err() {
            exc::raise_memory_error();
            return Err(Raised);
        }
        let fill = if v.is_negative() { 0xff } else { 0 };
        out.resize(length, fill);
        if !le {
            out.reverse();
        }
        obj::check(crate::bytes::new(&out))
    })
}

static FROM_BYTES: BuiltinFn = BuiltinFn::new("from_bytes", from_bytes);
static TO_BYTES: BuiltinFn = BuiltinFn::new("to_bytes", to_bytes);

/// The method table of `int` (and so of `bool`).
pub static INT_METHODS: [&BuiltinFn; 2] = [&FROM_BYTES, &TO_BYTES];
