//! The stack VM of compact bytecode (format in [`upyc_abi::pybc`]): Python-level
//! operations, each a call of the same runtime entry native code makes. A function is
//! entered from its native stub through [`upy_pyvm_exec`]; its locals and operand stack
//! live in the frame the stub allocated on the machine stack, so the conservative
//! collector sees every object they hold.

use crate::obj::{Obj, NULL};
use upyc_abi::{pybc as op, truth, BinOp, FALSE, NONE, SMALL_INT_TAG, STOP, TRUE};

use crate::vm::{pool, Reader};

/// The header of a code object.
struct Header {
    /// The arguments come through a pointer in slot 0.
    by_pointer: bool,
    /// The function has free variables (their cells follow the parameters).
    closure: bool,
    n_args: usize,
    n_locals: usize,
    file: usize,
    func: usize,
    globals: usize,
    /// The line of the first operation.
    first_line: usize,
    /// The first operation.
    code: *const u8,
    code_len: usize,
}

/// Decodes the header of the code object at `p`.
///
/// # Safety
/// `p` is a code object the compiler emitted.
#[inline(always)]
unsafe fn header(p: *const u8) -> Header {
    let mut r = Reader { p };
    // SAFETY: the caller's contract.
    unsafe {
        let args = r.uleb();
        let n_locals = r.uleb();
        let _frame_words = r.uleb();
        let file = qstr(&mut r);
        let func = qstr(&mut r);
        let globals = r.uleb();
        let first_line = r.uleb();
        let code_len = r.uleb();
        Header {
            by_pointer: args & 1 != 0,
            closure: args & 2 != 0,
            n_args: args >> 2,
            n_locals,
            file,
            func,
            globals,
            first_line,
            code: r.p,
            code_len,
        }
    }
}

extern "C" {
    /// The program's float literals (`upyc_abi::emitted::FLOATS`).
    static upy_floats: [[usize; 2]; 0];
}

/// The last opcodes of the one-byte forms.
const CALL_LAST: u8 = op::CALL_0 + op::SHORT_CALL_ARGS as u8 - 1;
const CALL_METHOD_LAST: u8 = op::CALL_METHOD_0 + op::SHORT_CALL_ARGS as u8 - 1;
const LOAD_GLOBAL_LAST: u8 = op::LOAD_GLOBAL_0 + op::SHORT_GLOBALS as u8 - 1;
const STORE_GLOBAL_LAST: u8 = op::STORE_GLOBAL_0 + op::SHORT_GLOBALS as u8 - 1;
const STORE_NS_LAST: u8 = op::STORE_NS_0 + op::SHORT_NS as u8 - 1;

/// Reads a qstr operand (coded by [`op::qstr_code`]).
///
/// # Safety
/// `r` points at a qstr operand the compiler emitted.
#[inline(always)]
unsafe fn qstr(r: &mut Reader) -> usize {
    // SAFETY: the caller's contract.
    op::qstr_of_code(unsafe { r.uleb() })
}

/// The source line of the operation at `pc` (from the line table after the code).
unsafe fn line_at(h: &Header, pc: usize) -> usize {
    let mut r = Reader {
        // SAFETY: the line table follows the code.
        p: unsafe { h.code.add(h.code_len) },
    };
    let mut at = 0usize;
    let mut line = h.first_line as isize;
    loop {
        // SAFETY: the compiler wrote the table, ended by a zero byte.
        let (d_pc, d_line) = unsafe {
            match r.byte() {
                0 => return line as usize,
                op::LINE_LONG => (r.uleb(), r.sleb() as isize),
                b if b & 0x80 != 0 => ((b & 0xf) as usize, (b >> 4 & 7) as isize),
                b => ((b & 0x1f) as usize, (b >> 5) as isize),
            }
        };
        if at + d_pc > pc {
            return line as usize;
        }
        at += d_pc;
        line += d_line;
    }
}

/// Runs the compact code object `code` in `frame` (its locals, then its operand
/// stack; the caller, the function's native stub, stored the arguments in the first
/// slots) and returns its result (NULL when it raised).
///
/// # Safety
/// `code` is a code object the compiler emitted; `frame` holds as many words as the
/// compiler sized it for.
#[no_mangle]
pub unsafe extern "C" fn upy_pyvm_exec(code: *const u8, frame: *mut usize) -> usize {
    // SAFETY: per the contract.
    unsafe {
        let h = header(code);
        // The stub stored the closure in the first free variable's slot.
        let closure = if h.closure {
            *frame.add(h.n_args)
        } else {
            NULL
        };
        if h.by_pointer {
            let args = *frame as *const usize;
            for i in 0..h.n_args {
                *frame.add(i) = *args.add(i);
            }
        }
        enter(code, frame, closure)
    }
}

/// Runs code object `code` in `frame`, whose first `n_args` slots hold the arguments;
/// `closure` is the function's tuple of cells (NULL without free variables).
///
/// # Safety
/// As [`upy_pyvm_exec`]; `closure` holds as many cells as the code has free variables.
#[inline(always)]
unsafe fn enter(code: *const u8, frame: *mut usize, closure: Obj) -> usize {
    let marker = 0u8;
    // SAFETY: start-up wrote the limit; reading a word.
    let limit = unsafe { crate::entry::upy_stack_limit };
    if (core::ptr::addr_of!(marker) as usize) < limit {
        return crate::entry::upy_raise_recursion();
    }
    // SAFETY: per the contract.
    unsafe {
        let h = header(code);
        let mut first_local = h.n_args;
        if h.closure && closure != NULL {
            for &cell in crate::tuple::items(closure) {
                *frame.add(first_local) = cell;
                first_local += 1;
            }
        }
        for i in first_local..h.n_locals {
            *frame.add(i) = NULL;
        }
        match run(
            h.code,
            pool(h.globals) as *mut Obj,
            frame,
            frame.add(h.n_locals),
        ) {
            Ok(v) => v,
            Err(at) => raised(code, at),
        }
    }
}

/// Records the traceback entry of code object `code`, whose operation at `at` raised;
/// returns NULL.
///
/// # Safety
/// `code` is a code object the compiler emitted and `at` points inside its operations.
#[inline(never)]
#[cold]
unsafe fn raised(code: *const u8, at: *const u8) -> usize {
    // SAFETY: per the contract.
    unsafe {
        let h = header(code);
        let line = line_at(&h, at as usize - h.code as usize);
        crate::entry::upy_tb_add(upyc_abi::qstr_obj(h.file), line, upyc_abi::qstr_obj(h.func));
    }
    NULL
}

/// The generic entry of every compact bytecode function (`upyc_abi::pybc::CALL_ENTRY`,
/// in its descriptor): runs the descriptor's code object with the arguments in
/// `slots`, in a frame on the machine stack sized from the code's header (on the heap
/// above 64 words), so such a function needs no machine code of its own.
///
/// # Safety
/// `fun` is a function object whose descriptor holds a code object the compiler emitted;
/// `slots` holds its `n_args` arguments (the caller bound them).
#[no_mangle]
pub unsafe extern "C" fn upy_pyvm_call(fun: Obj, slots: *const Obj) -> Obj {
    let code = crate::fun::code_object(fun);
    let closure = crate::fun::closure_of(fun);
    // SAFETY: per the contract.
    unsafe {
        match frame_words(code) {
            0..=8 => call_in::<8>(code, slots, closure),
            9..=16 => call_in::<16>(code, slots, closure),
            17..=32 => call_in::<32>(code, slots, closure),
            33..=64 => call_in::<64>(code, slots, closure),
            n => call_on_heap(code, slots, n, closure),
        }
    }
}

/// Runs the main module's body, compact code object `code` (`upyc_abi::pybc::MAIN_ENTRY`),
/// in a frame on the heap: it runs once, and a program without functions then links no
/// stack-frame variants.
///
/// # Safety
/// `code` is the code object the compiler emitted for the main module (no arguments).
#[no_mangle]
pub unsafe extern "C" fn upy_pyvm_main(code: *const u8) -> Obj {
    let no_args: [Obj; 0] = [];
    // SAFETY: per the contract; it takes no arguments.
    unsafe { call_on_heap(code, no_args.as_ptr(), frame_words(code).max(1), NULL) }
}

/// The name of the function of code object `code` (a qstr object, from its header).
///
/// # Safety
/// `code` is a code object the compiler emitted.
pub unsafe fn code_name(code: *const u8) -> Obj {
    // SAFETY: per the contract.
    upyc_abi::qstr_obj(unsafe { header(code) }.func)
}

/// The `frame_words` field of code object `code`'s header.
///
/// # Safety
/// `code` is a code object the compiler emitted.
#[inline(always)]
unsafe fn frame_words(code: *const u8) -> usize {
    let mut r = Reader { p: code };
    // SAFETY: the header starts with three varints.
    unsafe {
        r.uleb();
        r.uleb();
        r.uleb()
    }
}

/// The `n_args` field of code object `code`'s header.
///
/// # Safety
/// `code` is a code object the compiler emitted.
#[inline(always)]
unsafe fn n_args(code: *const u8) -> usize {
    // SAFETY: the header starts with it (and the closure and by-pointer flags).
    unsafe { Reader { p: code }.uleb() >> 2 }
}

/// [`upy_pyvm_call`] with a frame of `N` words.
#[inline(never)]
unsafe fn call_in<const N: usize>(code: *const u8, slots: *const Obj, closure: Obj) -> Obj {
    let mut frame = [NULL; N];
    // SAFETY: the caller's contract; `n_args <= frame_words <= N`.
    unsafe {
        core::ptr::copy_nonoverlapping(slots, frame.as_mut_ptr(), n_args(code));
        enter(code, frame.as_mut_ptr(), closure)
    }
}

/// [`upy_pyvm_call`] with a frame of `n` words on the heap.
#[inline(never)]
unsafe fn call_on_heap(code: *const u8, slots: *const Obj, n: usize, closure: Obj) -> Obj {
    let mut v: alloc::vec::Vec<usize> = alloc::vec::Vec::new();
    if v.try_reserve_exact(n).is_err() {
        return crate::exc::raise_memory_error();
    }
    v.resize(n, NULL);
    // SAFETY: the caller's contract; `n_args <= n`.
    let r = unsafe {
        core::ptr::copy_nonoverlapping(slots, v.as_mut_ptr(), n_args(code));
        enter(code, v.as_mut_ptr(), closure)
    };
    // Keep the frame (a GC root through this one) alive until it returns.
    core::hint::black_box(&v);
    r
}

#[inline(always)]
fn small(a: Obj) -> Option<isize> {
    (a & SMALL_INT_TAG != 0).then_some((a as isize) >> 1)
}

#[inline(always)]
fn boxed(v: isize) -> Obj {
    ((v << 1) as usize) | SMALL_INT_TAG
}

#[inline(always)]
fn bool_obj(b: bool) -> Obj {
    if b {
        TRUE
    } else {
        FALSE
    }
}

/// `a op b` with the small-int cases inline.
#[inline(always)]
fn binary(code: usize, a: Obj, b: Obj) -> Obj {
    if let (Some(x), Some(y)) = (small(a), small(b)) {
        const ADD: usize = BinOp::Add as usize;
        const SUB: usize = BinOp::Sub as usize;
        const LT: usize = BinOp::Lt as usize;
        const LE: usize = BinOp::Le as usize;
        const GT: usize = BinOp::Gt as usize;
        const GE: usize = BinOp::Ge as usize;
        const EQ: usize = BinOp::Eq as usize;
        const NE: usize = BinOp::Ne as usize;
        const AND: usize = BinOp::BitAnd as usize;
        const OR: usize = BinOp::BitOr as usize;
        const XOR: usize = BinOp::BitXor as usize;
        // Sums of two small ints fit a word; whether they fit a small int is checked.
        let fits = |v: isize| (v << 1) >> 1 == v;
        match code & !upyc_abi::BINOP_INPLACE {
            ADD if fits(x + y) => return boxed(x + y),
            SUB if fits(x - y) => return boxed(x - y),
            LT => return bool_obj(x < y),
            LE => return bool_obj(x <= y),
            GT => return bool_obj(x > y),
            GE => return bool_obj(x >= y),
            EQ => return bool_obj(x == y),
            NE => return bool_obj(x != y),
            AND => return a & b,
            OR => return a | b,
            XOR => return boxed(x ^ y),
            _ => {}
        }
    }
    crate::entry::upy_binop(code, a, b)
}

/// The truth of `a`: `Some(bool)`, or `None` when testing it raised.
#[inline(always)]
fn truth(a: Obj) -> Option<bool> {
    match a {
        TRUE => Some(true),
        FALSE | NONE => Some(false),
        _ if a & SMALL_INT_TAG != 0 => Some(a != SMALL_INT_TAG),
        _ => match crate::entry::upy_is_true(a) {
            truth::TRUE => Some(true),
            truth::FALSE => Some(false),
            _ => None,
        },
    }
}

/// The constant of `LOAD_CONST`: made from its text once, then kept in its data word.
#[inline(never)]
unsafe fn constant(kind: u8, cache: *mut Obj, text: Obj) -> Obj {
    // SAFETY: `cache` is a data word the compiler emitted for this constant.
    unsafe {
        if *cache != NULL {
            return *cache;
        }
        let v = match kind {
            op::CONST_FLOAT => crate::float::upy_float_from_qstr(text),
            op::CONST_BIGINT => crate::entry::upy_int_from_qstr(text),
            op::CONST_BYTES => crate::bytes::upy_bytes_from_qstr(text),
            _ => crate::complex::upy_complex_from_qstr(text),
        };
        *cache = v;
        v
    }
}

/// Interprets the operations at `code` with global slots `globals`, locals at
/// `locals` and the operand stack from `sp` up. Returns the result, or the address of
/// a byte of the operation that raised. (One copy: both entries call it.)
#[inline(never)]
unsafe fn run(
    code: *const u8,
    globals: *mut Obj,
    locals: *mut usize,
    mut sp: *mut usize,
) -> Result<usize, *const u8> {
    // SAFETY (whole body): the compiler emitted well-formed code whose stack never goes
    // below the frame's stack base or above its size; locals and targets are in range.
    unsafe {
        let mut r = Reader { p: code };
        macro_rules! push {
            ($v:expr) => {{
                let v = $v;
                *sp = v;
                sp = sp.add(1);
            }};
        }
        macro_rules! pop {
            () => {{
                sp = sp.sub(1);
                *sp
            }};
        }
        macro_rules! top {
            () => {
                *sp.sub(1)
            };
        }
        // Pushes a result, or leaves for the exception path when it is NULL.
        macro_rules! push_checked {
            ($v:expr) => {{
                let v = $v;
                if v == NULL {
                    break;
                }
                push!(v);
            }};
        }
        loop {
            let o = r.byte();
            match o {
                op::LOAD_FAST_0..=0x0f => {
                    let v = *locals.add((o - op::LOAD_FAST_0) as usize);
                    if v == NULL {
                        crate::entry::upy_raise_unbound_local(NULL);
                        break;
                    }
                    push!(v);
                }
                op::STORE_FAST_0..=0x1f => {
                    *locals.add((o - op::STORE_FAST_0) as usize) = pop!();
                }
                op::BINARY_0..=0x33 => {
                    let b = pop!();
                    let a = pop!();
                    push_checked!(binary((o - op::BINARY_0) as usize, a, b));
                }
                op::INPLACE_0..=0x3f => {
                    let b = pop!();
                    let a = pop!();
                    let code = (o - op::INPLACE_0) as usize | upyc_abi::BINOP_INPLACE;
                    push_checked!(binary(code, a, b));
                }
                op::SMALL_INT_0..=0xbf => {
                    push!(boxed(
                        (o - op::SMALL_INT_0) as isize + op::SMALL_INT_MIN as isize
                    ));
                }
                op::LOAD_FAST => {
                    let v = *locals.add(r.uleb());
                    if v == NULL {
                        crate::entry::upy_raise_unbound_local(NULL);
                        break;
                    }
                    push!(v);
                }
                op::STORE_FAST => {
                    let i = r.uleb();
                    *locals.add(i) = pop!();
                }
                op::MAKE_CELL => {
                    let k = locals.add(r.uleb());
                    let cell = crate::fun::upy_make_cell(*k);
                    if cell == NULL {
                        break;
                    }
                    *k = cell;
                }
                op::LOAD_DEREF => {
                    let cell = *locals.add(r.uleb()) as *const usize;
                    let v = *cell.add(upyc_abi::layout::CELL_VALUE);
                    if v == NULL {
                        crate::entry::upy_raise_unbound_local(NULL);
                        break;
                    }
                    push!(v);
                }
                op::STORE_DEREF => {
                    let cell = *locals.add(r.uleb()) as *mut usize;
                    *cell.add(upyc_abi::layout::CELL_VALUE) = pop!();
                }
                op::DELETE_FAST => {
                    let i = r.uleb();
                    if *locals.add(i) == NULL {
                        crate::entry::upy_raise_unbound_local(NULL);
                        break;
                    }
                    *locals.add(i) = NULL;
                }
                op::LOAD_GLOBAL | op::LOAD_GLOBAL_0..=LOAD_GLOBAL_LAST => {
                    let slot = if o == op::LOAD_GLOBAL {
                        r.uleb()
                    } else {
                        (o - op::LOAD_GLOBAL_0) as usize
                    };
                    let q = qstr(&mut r);
                    let v = *globals.add(slot);
                    if v != NULL {
                        push!(v);
                    } else {
                        push_checked!(crate::builtins::upy_load_builtin(upyc_abi::qstr_obj(q)));
                    }
                }
                op::STORE_GLOBAL | op::STORE_GLOBAL_0..=STORE_GLOBAL_LAST => {
                    let slot = if o == op::STORE_GLOBAL {
                        r.uleb()
                    } else {
                        (o - op::STORE_GLOBAL_0) as usize
                    };
                    *globals.add(slot) = pop!();
                }
                op::STORE_NS | op::STORE_NS_0..=STORE_NS_LAST => {
                    let k = if o == op::STORE_NS {
                        r.uleb()
                    } else {
                        (o - op::STORE_NS_0) as usize
                    };
                    let ns = *locals.add(k);
                    let q = upyc_abi::qstr_obj(qstr(&mut r));
                    let v = pop!();
                    if crate::dict::upy_dict_store(ns, q, v) == NULL {
                        break;
                    }
                }
                op::LOAD_NS => {
                    let ns = *locals.add(r.uleb());
                    let slot = r.uleb();
                    let q = qstr(&mut r);
                    match crate::dict::map(ns).get(upyc_abi::qstr_obj(q)) {
                        Ok(Some(v)) => push!(v),
                        Ok(None) => {
                            let v = *globals.add(slot);
                            if v != NULL {
                                push!(v);
                            } else {
                                push_checked!(crate::builtins::upy_load_builtin(
                                    upyc_abi::qstr_obj(q)
                                ));
                            }
                        }
                        Err(_) => break,
                    }
                }
                op::BUILD_CLASS => {
                    let ns = *locals.add(r.uleb());
                    let q = upyc_abi::qstr_obj(qstr(&mut r));
                    let bases = pop!();
                    push_checked!(crate::class::upy_build_class(q, bases, ns));
                }
                op::LOAD_NONE => push!(NONE),
                op::LOAD_TRUE => push!(TRUE),
                op::LOAD_FALSE => push!(FALSE),
                op::LOAD_ELLIPSIS => push!(upyc_abi::ELLIPSIS),
                op::LOAD_INT => push!(boxed(r.sleb() as isize)),
                op::LOAD_QSTR => push!(upyc_abi::qstr_obj(qstr(&mut r))),
                op::LOAD_CONST => {
                    let kind = r.byte();
                    let cache = pool(r.uleb()) as *mut Obj;
                    let q = upyc_abi::qstr_obj(qstr(&mut r));
                    push_checked!(constant(kind, cache, q));
                }
                op::LOAD_FLOAT => {
                    let table = core::ptr::addr_of!(upy_floats) as *const [usize; 2];
                    push!(table.add(r.uleb()) as Obj)
                }
                op::LOAD_ATTR => {
                    let q = upyc_abi::qstr_obj(qstr(&mut r));
                    let o = pop!();
                    push_checked!(crate::attr::upy_load_attr(o, q));
                }
                op::STORE_ATTR => {
                    let q = upyc_abi::qstr_obj(qstr(&mut r));
                    let o = pop!();
                    let v = pop!();
                    if crate::attr::upy_store_attr(o, q, v) == NULL {
                        break;
                    }
                }
                op::SUBSCR => {
                    let i = pop!();
                    let o = pop!();
                    push_checked!(crate::subscr::upy_subscr(o, i));
                }
                op::STORE_SUBSCR => {
                    let i = pop!();
                    let o = pop!();
                    let v = pop!();
                    if crate::subscr::upy_store_subscr(o, i, v) == NULL {
                        break;
                    }
                }
                op::UNARY => {
                    let u = r.byte() as usize;
                    let a = pop!();
                    push_checked!(crate::entry::upy_unop(u, a));
                }
                op::NOT => {
                    let a = pop!();
                    match truth(a) {
                        Some(t) => push!(bool_obj(!t)),
                        None => break,
                    }
                }
                op::IS => {
                    let b = pop!();
                    let a = pop!();
                    push!(bool_obj(a == b));
                }
                op::IS_NOT => {
                    let b = pop!();
                    let a = pop!();
                    push!(bool_obj(a != b));
                }
                op::BUILD_TUPLE | op::BUILD_LIST | op::BUILD_SET | op::BUILD_STR => {
                    let n = r.uleb();
                    sp = sp.sub(n);
                    let items = sp as *const Obj;
                    push_checked!(match o {
                        op::BUILD_TUPLE => crate::tuple::upy_build_tuple(items, n),
                        op::BUILD_LIST => crate::list::upy_build_list(items, n),
                        op::BUILD_SET => crate::set::upy_build_set(items, n),
                        _ => crate::format::upy_build_str(items, n),
                    });
                }
                op::BUILD_DICT => {
                    let n = r.uleb();
                    sp = sp.sub(2 * n);
                    push_checked!(crate::dict::upy_build_dict(sp as *const Obj, n));
                }
                op::BUILD_SLICE => {
                    let step = pop!();
                    let stop = pop!();
                    let start = pop!();
                    push_checked!(crate::slice::upy_build_slice(start, stop, step));
                }
                op::FORMAT => {
                    let conv = r.byte();
                    let spec = if conv & op::FORMAT_SPEC != 0 {
                        pop!()
                    } else {
                        NULL
                    };
                    let v = pop!();
                    push_checked!(crate::format::upy_format(
                        v,
                        spec,
                        (conv & !op::FORMAT_SPEC) as usize
                    ));
                }
                op::UNPACK => {
                    let n = r.uleb();
                    let seq = pop!();
                    if crate::subscr::upy_unpack(seq, n, sp) == NULL {
                        break;
                    }
                    // The first item goes on top.
                    core::slice::from_raw_parts_mut(sp, n).reverse();
                    sp = sp.add(n);
                }
                op::CALL | op::CALL_0..=CALL_LAST => {
                    let (n_pos, n_kw) = if o == op::CALL {
                        (r.uleb(), r.uleb())
                    } else {
                        ((o - op::CALL_0) as usize, 0)
                    };
                    sp = sp.sub(n_pos + 2 * n_kw);
                    let callee = pop!();
                    let args = sp.add(1);
                    // Exact positional calls of compiled functions skip the binding
                    // (and two frames of machine stack per Python call).
                    match crate::fun::exact_entry(callee, n_pos) {
                        Some(code) if n_kw == 0 => push_checked!(code(callee, args)),
                        _ => push_checked!(crate::callable::upy_call(callee, args, n_pos, n_kw)),
                    }
                }
                op::CALL_METHOD | op::CALL_METHOD_0..=CALL_METHOD_LAST => {
                    let q = upyc_abi::qstr_obj(qstr(&mut r));
                    let (n_pos, n_kw) = if o == op::CALL_METHOD {
                        (r.uleb(), r.uleb())
                    } else {
                        ((o - op::CALL_METHOD_0) as usize, 0)
                    };
                    sp = sp.sub(n_pos + 2 * n_kw + 1);
                    push_checked!(crate::attr::upy_call_method(q, sp, n_pos, n_kw));
                }
                op::POP => sp = sp.sub(1),
                op::DUP => push!(top!()),
                op::DUP2 => {
                    let a = *sp.sub(2);
                    let b = *sp.sub(1);
                    push!(a);
                    push!(b);
                }
                op::ROT2 => {
                    let b = *sp.sub(1);
                    *sp.sub(1) = *sp.sub(2);
                    *sp.sub(2) = b;
                }
                op::ROT3 => {
                    let c = *sp.sub(1);
                    *sp.sub(1) = *sp.sub(2);
                    *sp.sub(2) = *sp.sub(3);
                    *sp.sub(3) = c;
                }
                op::JUMP => {
                    let t = r.target();
                    r.p = code.add(t);
                }
                op::POP_JUMP_IF_FALSE | op::POP_JUMP_IF_TRUE => {
                    let t = r.target();
                    let Some(v) = truth(pop!()) else { break };
                    if v == (o == op::POP_JUMP_IF_TRUE) {
                        r.p = code.add(t);
                    }
                }
                op::JUMP_IF_FALSE_OR_POP | op::JUMP_IF_TRUE_OR_POP => {
                    let t = r.target();
                    let Some(v) = truth(top!()) else { break };
                    if v == (o == op::JUMP_IF_TRUE_OR_POP) {
                        r.p = code.add(t);
                    } else {
                        sp = sp.sub(1);
                    }
                }
                op::GET_ITER => {
                    let o = pop!();
                    push_checked!(crate::iter::upy_get_iter(o));
                }
                op::FOR_ITER => {
                    let t = r.target();
                    let v = crate::iter::upy_iter_next(top!());
                    if v == STOP {
                        sp = sp.sub(1);
                        r.p = code.add(t);
                    } else {
                        push_checked!(v);
                    }
                }
                op::MAKE_FUNCTION | op::MAKE_FUNCTION_PLAIN => {
                    let flags = if o == op::MAKE_FUNCTION { r.byte() } else { 0 };
                    let desc = pool(r.uleb()) as *const usize;
                    let closure = if flags & op::MAKE_CLOSURE != 0 {
                        pop!()
                    } else {
                        NULL
                    };
                    let kwdefaults = if flags & op::MAKE_KWDEFAULTS != 0 {
                        pop!()
                    } else {
                        NULL
                    };
                    let defaults = if flags & op::MAKE_DEFAULTS != 0 {
                        pop!()
                    } else {
                        NULL
                    };
                    push_checked!(crate::fun::upy_make_function(
                        desc, defaults, kwdefaults, closure
                    ));
                }
                op::IMPORT => {
                    let kind = r.byte();
                    let at = pool(r.uleb());
                    push_checked!(if kind == 0 {
                        crate::module::upy_import_builtin(&*(at as *const crate::module::ModuleDef))
                    } else {
                        core::mem::transmute::<usize, extern "C" fn() -> Obj>(at)()
                    });
                }
                op::IMPORT_FROM => {
                    let q = upyc_abi::qstr_obj(qstr(&mut r));
                    push_checked!(crate::module::upy_import_from(top!(), q));
                }
                op::LIST_APPEND | op::SET_ADD => {
                    let c = *locals.add(r.uleb());
                    let v = pop!();
                    let ok = if o == op::LIST_APPEND {
                        crate::list::upy_list_append(c, v)
                    } else {
                        crate::set::upy_set_add(c, v)
                    };
                    if ok == NULL {
                        break;
                    }
                }
                op::MAP_ADD => {
                    let d = *locals.add(r.uleb());
                    let v = pop!();
                    let k = pop!();
                    if crate::dict::upy_dict_store(d, k, v) == NULL {
                        break;
                    }
                }
                op::RETURN => return Ok(pop!()),
                op::RETURN_NONE => return Ok(NONE),
                op::RAISE => {
                    let n = r.byte();
                    let cause = if n == 2 { pop!() } else { NULL };
                    let e = pop!();
                    crate::exc::upy_raise(e, cause);
                    break;
                }
                _ => {
                    crate::exc::raise(&crate::exc::RUNTIME_ERROR, "bad bytecode");
                    break;
                }
            }
        }
        Err(r.p.sub(1))
    }
}
