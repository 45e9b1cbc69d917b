//! The `#[no_mangle]` entry points compiled code calls (names and signatures in
//! `upyc_abi::entry`). Every one raises (returns NULL) on bad input; none panics.

use crate::exc::{self, raise, raise_parts};
use crate::int::{self, Int};
use crate::obj::{self, Obj, FALSE, NONE, NULL, TRUE};
use crate::str as pystr;
use upyc_abi::{truth, BinOp, UnOp};

/// The lowest stack pointer compiled code may run with (0 until start-up sets it).
#[no_mangle]
pub static mut upy_stack_limit: usize = 0;

/// A word holding 0, read by compiled code as the "type" of a value that is not a heap
/// object (`upyc_abi::entry::NOT_AN_OBJECT`).
#[no_mangle]
pub static upy_not_an_object: usize = 0;

/// Sets [`upy_stack_limit`].
pub fn set_stack_limit(limit: usize) {
    // SAFETY: start-up, single-threaded.
    unsafe { upy_stack_limit = limit };
}

fn dunder(op: BinOp) -> &'static str {
    match op {
        BinOp::Add => "__add__",
        BinOp::Sub => "__sub__",
        BinOp::Mul => "__mul__",
        BinOp::FloorDiv => "__floordiv__",
        BinOp::TrueDiv => "__truediv__",
        BinOp::Mod => "__mod__",
        BinOp::Pow => "__pow__",
        BinOp::LShift => "__lshift__",
        BinOp::RShift => "__rshift__",
        BinOp::BitAnd => "__and__",
        BinOp::BitOr => "__or__",
        BinOp::BitXor => "__xor__",
        BinOp::Lt => "__lt__",
        BinOp::Le => "__le__",
        BinOp::Gt => "__gt__",
        BinOp::Ge => "__ge__",
        BinOp::Eq => "__eq__",
        BinOp::Ne => "__ne__",
        BinOp::In | BinOp::NotIn => "__contains__",
    }
}

fn is_bool(o: Obj) -> bool {
    o == TRUE || o == FALSE
}

/// `a op b` for any binary operator or comparison (`code`: the [`BinOp`] number, plus
/// [`upyc_abi::BINOP_INPLACE`] for augmented assignment and the `BINOP_DEAD_*` flags
/// of native code's temporaries, see [`int::temps`]).
#[no_mangle]
pub extern "C" fn upy_binop(code: usize, a: Obj, b: Obj) -> Obj {
    use upyc_abi::{BINOP_DEAD_LEFT, BINOP_DEAD_RIGHT, BINOP_INPLACE};
    const EQ: usize = BinOp::Eq as usize;
    const NE: usize = BinOp::Ne as usize;
    let dead = code & (BINOP_DEAD_LEFT | BINOP_DEAD_RIGHT);
    let inplace = code & BINOP_INPLACE != 0;
    let op = code & !(BINOP_INPLACE | dead);
    // Two interned strings (one qstr per text) are equal when their words are.
    if obj::is_qstr(a) && obj::is_qstr(b) && matches!(op, EQ | NE) {
        int::temps::clear();
        return obj::new_bool((a == b) == (op == EQ));
    }
    // Float arithmetic first (floats are immutable: in-place is the same operation).
    if let Some(r) = crate::float::fast_binop(op, a, b) {
        int::temps::clear();
        return r;
    }
    let Some(op) = BinOp::from_usize(op) else {
        int::temps::clear();
        return raise(&exc::RUNTIME_ERROR, "bad binary operator number");
    };
    if let (false, Some(x), Some(y)) = (
        matches!(op, BinOp::In | BinOp::NotIn),
        int::get(a),
        int::get(b),
    ) {
        if dead != 0 {
            if let Some(r) = int::temps::binop(op, dead, a, b) {
                return r;
            }
        }
        // No user code runs below: the result is recorded when it is a new big int.
        return int::temps::made(int_binop(op, a, b, x, y), a, b);
    }
    let r = other_binop(op, inplace, a, b);
    int::temps::clear();
    r
}

/// [`upy_binop`] for two ints (bools included).
fn int_binop(op: BinOp, a: Obj, b: Obj, x: Int, y: Int) -> Obj {
    // `bool op bool` stays a bool for the bitwise operators.
    if is_bool(a) && is_bool(b) {
        let (p, q) = (a == TRUE, b == TRUE);
        match op {
            BinOp::BitAnd => return obj::new_bool(p & q),
            BinOp::BitOr => return obj::new_bool(p | q),
            BinOp::BitXor => return obj::new_bool(p ^ q),
            _ => {}
        }
    }
    // `int / int` and `int ** -n` are floats.
    if matches!(op, BinOp::TrueDiv | BinOp::Pow) {
        if let Some(r) = crate::float::binop(op, a, b) {
            return r;
        }
    }
    int::binop(op, x, y)
}

/// [`upy_binop`] for anything but two ints or the float fast path (may run user code).
fn other_binop(op: BinOp, inplace: bool, a: Obj, b: Obj) -> Obj {
    if inplace {
        if let Some(r) = crate::binop_inplace::binop_inplace(op as usize, a, b) {
            return r;
        }
    }
    if op == BinOp::Mod {
        if let Some(f) = pystr::bytes(a) {
            return crate::format::percent(f, b);
        }
    }
    if let (Some(x), Some(y)) = (pystr::bytes(a), pystr::bytes(b)) {
        if op == BinOp::Add {
            return pystr::concat(x, y);
        }
        if let Some(r) = pystr::compare(op, x, y) {
            return obj::new_bool(r);
        }
        return exc::raise_binop_types(dunder(op), a, b);
    }
    let r = slot_binop(op, a, b);
    if r != obj::NOT_IMPL {
        return r;
    }
    match op {
        BinOp::Mul => {
            if let (Some(s), Some(_)) = (pystr::bytes(a), int::get(b)) {
                return pystr::repeat(s, b);
            }
            if let (Some(_), Some(s)) = (int::get(a), pystr::bytes(b)) {
                return pystr::repeat(s, a);
            }
        }
        // Unrelated types are never equal (identity for everything else).
        BinOp::Eq => return obj::new_bool(a == b),
        BinOp::Ne => return obj::new_bool(a != b),
        BinOp::In | BinOp::NotIn => {
            if pystr::bytes(b).is_some() {
                return raise_parts(
                    &exc::TYPE_ERROR,
                    &[
                        b"can't convert '",
                        obj::type_name(a).as_bytes(),
                        b"' object to str implicitly",
                    ],
                );
            }
            return raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"'",
                    obj::type_name(b).as_bytes(),
                    b"' object isn't iterable",
                ],
            );
        }
        _ => {}
    }
    exc::raise_binop_types(dunder(op), a, b)
}

/// `a op b` through the types' `binop` slots: `a`'s type first, then `b`'s; `in` asks
/// the container `b` only; `!=` is `==` negated. [`obj::NOT_IMPL`] when no slot
/// handled it.
fn slot_binop(op: BinOp, a: Obj, b: Obj) -> Obj {
    let (ask, negate) = match op {
        BinOp::NotIn => (BinOp::In, true),
        BinOp::Ne => (BinOp::Eq, true),
        _ => (op, false),
    };
    let ta = obj::type_of(a);
    let tb = obj::type_of(b);
    let mut r = obj::NOT_IMPL;
    if !matches!(ask, BinOp::In) {
        if let Some(f) = ta.binop {
            r = f(ask, a, b);
        }
    }
    if r == obj::NOT_IMPL && (!core::ptr::eq(ta, tb) || ask == BinOp::In) {
        if let Some(f) = tb.binop {
            r = f(ask, a, b);
        }
    }
    if negate && (r == TRUE || r == FALSE) {
        r = obj::new_bool(r == FALSE);
    }
    r
}

/// `-a`, `+a`, `~a`, `not a`.
#[no_mangle]
pub extern "C" fn upy_unop(op: usize, a: Obj) -> Obj {
    let Some(op) = UnOp::from_usize(op) else {
        return raise(&exc::RUNTIME_ERROR, "bad unary operator number");
    };
    if op == UnOp::Not {
        return match upy_is_true(a) {
            truth::TRUE => FALSE,
            truth::FALSE => TRUE,
            _ => NULL,
        };
    }
    let Some(i) = int::get(a) else {
        if let Some(f) = obj::type_of(a).unop {
            let r = f(op, a);
            if r != obj::NOT_IMPL {
                return r;
            }
        }
        let name: &[u8] = match op {
            UnOp::Neg => b"__neg__",
            UnOp::Pos => b"__pos__",
            _ => b"__invert__",
        };
        return raise_parts(
            &exc::TYPE_ERROR,
            &[
                b"unsupported type for ",
                name,
                b": '",
                obj::type_name(a).as_bytes(),
                b"'",
            ],
        );
    };
    match op {
        UnOp::Neg => int::unop_neg(i),
        UnOp::Pos => int::unop_pos(i, a),
        _ => int::unop_invert(i),
    }
}

/// Truth value of `a`: `truth::FALSE`, `truth::TRUE` or `truth::ERROR`.
#[no_mangle]
pub extern "C" fn upy_is_true(a: Obj) -> usize {
    let t = if let Some(i) = int::get(a) {
        int::is_true(i)
    } else if a == NONE {
        false
    } else if let Some(s) = pystr::bytes(a) {
        !s.is_empty()
    } else {
        let ty = obj::type_of(a);
        if let Some(f) = ty.truth {
            match f(a) {
                Ok(t) => t,
                Err(_) => return truth::ERROR,
            }
        } else if let Some(f) = ty.len {
            f(a) != 0
        } else {
            a != NULL
        }
    };
    if t {
        truth::TRUE
    } else {
        truth::FALSE
    }
}

fn sep_or(o: Obj, default: &'static [u8], what: &'static [u8]) -> Result<&'static [u8], ()> {
    if o == NULL || o == NONE {
        return Ok(default);
    }
    match pystr::bytes(o) {
        Some(b) => Ok(b),
        None => {
            raise_parts(&exc::TYPE_ERROR, &[what, b" must be None or a string"]);
            Err(())
        }
    }
}

/// `print(*args, sep=sep, end=end)`; `sep`/`end` NULL when not given.
///
/// # Safety
/// `args` points at `n` object words.
#[no_mangle]
pub unsafe extern "C" fn upy_print(args: *const Obj, n: usize, sep: Obj, end: Obj) -> Obj {
    let Ok(sep_b) = sep_or(sep, b" ", b"sep") else {
        return NULL;
    };
    let Ok(end_b) = sep_or(end, b"\n", b"end") else {
        return NULL;
    };
    let out = crate::console::Stream::Out;
    for i in 0..n {
        if i > 0 {
            crate::console::write(out, sep_b);
        }
        // SAFETY: the caller passes `n` words.
        let o = unsafe { *args.add(i) };
        let mut w = out;
        if crate::print::print(&mut w, o, obj::PrintKind::Str).is_err() {
            return NULL;
        }
    }
    crate::console::write(out, end_b);
    NONE
}

/// An int literal too large for a small int, from its decimal text.
#[no_mangle]
pub extern "C" fn upy_int_from_qstr(text: Obj) -> Obj {
    match pystr::bytes(text) {
        Some(b) => int::big::parse(b),
        None => raise(&exc::TYPE_ERROR, "can't convert to int"),
    }
}

fn name_of(q: Obj) -> &'static [u8] {
    pystr::bytes(q).unwrap_or(b"?")
}

/// `NameError: name 'x' isn't defined`.
#[no_mangle]
pub extern "C" fn upy_raise_name_error(name: Obj) -> Obj {
    raise_parts(
        &exc::NAME_ERROR,
        &[b"name '", name_of(name), b"' isn't defined"],
    )
}

/// A local read before assignment (MicroPython's wording).
#[no_mangle]
pub extern "C" fn upy_raise_unbound_local(_name: usize) -> Obj {
    raise(
        &exc::NAME_ERROR,
        "local variable referenced before assignment",
    )
}

/// `TypeError: function takes 2 positional arguments but 3 were given`.
#[no_mangle]
pub extern "C" fn upy_raise_arg_count(_func: Obj, expected: usize, given: usize) -> Obj {
    let mut a = [0u8; 24];
    let mut b = [0u8; 24];
    let e = crate::console::fmt_int(expected as isize, &mut a);
    let g = crate::console::fmt_int(given as isize, &mut b);
    raise_parts(
        &exc::TYPE_ERROR,
        &[
            b"function takes ",
            e,
            b" positional arguments but ",
            g,
            b" were given",
        ],
    )
}

/// `RuntimeError: maximum recursion depth exceeded`.
#[no_mangle]
pub extern "C" fn upy_raise_recursion() -> Obj {
    raise(&exc::RUNTIME_ERROR, "maximum recursion depth exceeded")
}

/// Checks the arguments of a `range(start, stop, step)` that compiled code iterates:
/// `None` when all three are ints (small, big or bool) and `step != 0`.
///
/// Non-ints raise `TypeError: can't convert str to int`, a zero step (`0` or `False`)
/// `ValueError: zero step`. Compiled code compares and adds with inline small-int paths
/// and falls back to `upy_binop`, so big ints and bools iterate correctly.
#[no_mangle]
pub extern "C" fn upy_range_check(start: Obj, stop: Obj, step: Obj) -> Obj {
    for o in [start, stop, step] {
        if int::get(o).is_none() {
            return raise_parts(
                &exc::TYPE_ERROR,
                &[b"can't convert ", obj::type_name(o).as_bytes(), b" to int"],
            );
        }
    }
    if matches!(int::get(step), Some(Int::Small(0))) {
        return raise(&exc::VALUE_ERROR, "zero step");
    }
    NONE
}

/// Adds a traceback frame to the pending exception (innermost first).
#[no_mangle]
pub extern "C" fn upy_tb_add(file: Obj, line: usize, func: Obj) {
    exc::tb_add(file, line, func);
}
