//! The contract between compiled code and the upyc runtime.
//!
//! Everything the compiler emits and the runtime interprets is defined here once:
//! how a machine word encodes a Python value, the operator numbers passed to the
//! generic runtime calls, the interned names both sides know, and the symbol names
//! of the runtime's entry points and of the data the compiler emits.
//!
//! A value ("object word") is one machine word (32 bits on the boards, 64 on host):
//!
//! | low bits | meaning |
//! |---|---|
//! | `...1`   | small int `n`, stored as `(n << 1) | 1` |
//! | `..010`  | interned string (qstr) number `q`, stored as `(q << 3) | 0b010` |
//! | `..110`  | immediate constant: [`NONE`], [`FALSE`], [`TRUE`] |
//! | `..00`   | pointer to a heap object (word aligned); the first word is its type |
//! | `0`      | [`NULL`]: not a value; "an exception is pending" when returned |
#![no_std]

/// Returned by compiled functions and runtime calls when an exception is pending.
pub const NULL: usize = 0;
/// Tag bit of small ints.
pub const SMALL_INT_TAG: usize = 1;
/// Low three bits of an interned string.
pub const QSTR_TAG: usize = 0b010;
/// Low three bits of an immediate constant.
pub const CONST_TAG: usize = 0b110;
/// `None`.
pub const NONE: usize = CONST_TAG;
/// `False`.
pub const FALSE: usize = (1 << 3) | CONST_TAG;
/// `True`.
pub const TRUE: usize = (2 << 3) | CONST_TAG;
/// Returned by [`entry::ITER_NEXT`] when an iterator is exhausted (no exception is raised).
/// Never visible to Python code.
pub const STOP: usize = (3 << 3) | CONST_TAG;
/// `Ellipsis` (`...`).
pub const ELLIPSIS: usize = (4 << 3) | CONST_TAG;
/// Not an object: native code's mark for a local whose float value is held unboxed
/// (tag `0b100`, which no object has). Never reaches the runtime.
pub const UNBOXED: usize = 0b100;

/// Encodes qstr number `q` as an object word.
pub const fn qstr_obj(q: usize) -> usize {
    (q << 3) | QSTR_TAG
}

/// Inclusive range of small ints for a word of `bits` bits: `(min, max)`.
pub const fn small_int_range(bits: u32) -> (i128, i128) {
    let max = (1i128 << (bits - 2)) - 1;
    (-max - 1, max)
}

/// Binary operators passed to [`entry::BINOP`]. Comparisons return `True`/`False`.
#[repr(usize)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Add = 0,
    Sub,
    Mul,
    FloorDiv,
    TrueDiv,
    Mod,
    Pow,
    LShift,
    RShift,
    BitAnd,
    BitOr,
    BitXor,
    Lt,
    Le,
    Gt,
    Ge,
    Eq,
    Ne,
    In,
    NotIn,
}

/// Added to a [`BinOp`] number for an augmented assignment (`a += b`): the runtime may
/// update `a` in place (lists) and otherwise computes the plain operator.
pub const BINOP_INPLACE: usize = 32;

/// Added to a [`BinOp`] number by native code when the left operand is the value of
/// another operator of the same expression, not used again: the runtime may write the
/// result into it when it is a big int nothing else refers to.
pub const BINOP_DEAD_LEFT: usize = 64;

/// [`BINOP_DEAD_LEFT`] for the right operand.
pub const BINOP_DEAD_RIGHT: usize = 128;

impl BinOp {
    /// All operators, in number order.
    pub const ALL: [BinOp; 20] = [
        BinOp::Add,
        BinOp::Sub,
        BinOp::Mul,
        BinOp::FloorDiv,
        BinOp::TrueDiv,
        BinOp::Mod,
        BinOp::Pow,
        BinOp::LShift,
        BinOp::RShift,
        BinOp::BitAnd,
        BinOp::BitOr,
        BinOp::BitXor,
        BinOp::Lt,
        BinOp::Le,
        BinOp::Gt,
        BinOp::Ge,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::In,
        BinOp::NotIn,
    ];

    /// The operator with number `n`, if any.
    pub fn from_usize(n: usize) -> Option<BinOp> {
        Self::ALL.get(n).copied()
    }

    /// Python spelling, used in error messages.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::FloorDiv => "//",
            BinOp::TrueDiv => "/",
            BinOp::Mod => "%",
            BinOp::Pow => "**",
            BinOp::LShift => "<<",
            BinOp::RShift => ">>",
            BinOp::BitAnd => "&",
            BinOp::BitOr => "|",
            BinOp::BitXor => "^",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::In => "in",
            BinOp::NotIn => "not in",
        }
    }
}

/// Unary operators passed to [`entry::UNOP`].
#[repr(usize)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnOp {
    Neg = 0,
    Pos,
    Invert,
    Not,
}

impl UnOp {
    /// The operator with number `n`, if any.
    pub fn from_usize(n: usize) -> Option<UnOp> {
        [UnOp::Neg, UnOp::Pos, UnOp::Invert, UnOp::Not]
            .get(n)
            .copied()
    }
}

/// Result of [`entry::IS_TRUE`].
pub mod truth {
    /// The value is false.
    pub const FALSE: usize = 0;
    /// The value is true.
    pub const TRUE: usize = 1;
    /// Evaluating truth raised; an exception is pending.
    pub const ERROR: usize = 2;
}

/// The runtime's own interned names: qstr number `i < STATIC_QSTRS.len()` is
/// `STATIC_QSTRS[i]`, held in the runtime's table, so a program's table (numbers from
/// `STATIC_QSTRS.len()` on) stores only names the runtime does not know, as
/// MicroPython's static qstrs do. These are the names builtins, types, exceptions,
/// special methods, methods of builtin types and the micro-libraries answer to (and
/// `self`), the most used first so that their numbers fit one varint byte.
pub const STATIC_QSTRS: &[&str] = &[
    "",
    "<module>",
    "__main__",
    "__name__",
    "print",
    "e",
    "range",
    "self",
    "int",
    "struct",
    "TypeError",
    "math",
    "array",
    "micropython",
    "re",
    "viper",
    "ValueError",
    "len",
    "count",
    "hex",
    "machine",
    "list",
    "bytearray",
    "sys",
    "bytes",
    "time",
    "next",
    "append",
    "mem32",
    "path",
    "value",
    "type",
    "pack",
    "args",
    "random",
    "os",
    "IndexError",
    "add",
    "repr",
    "__init__",
    "read",
    "join",
    "seed",
    "KeyError",
    "io",
    "sorted",
    "on",
    "unpack",
    "write",
    "gc",
    "mem8",
    "isinstance",
    "str",
    "items",
    "const",
    "json",
    "exp",
    "pop",
    "split",
    "send",
    "start",
    "pi",
    "exit",
    "stdout",
    "sum",
    "complex",
    "select",
    "ptr32",
    "upper",
    "key",
    "mem16",
    "round",
    "StopIteration",
    "get",
    "sqrt",
    "memoryview",
    "values",
    "ptr8",
    "set",
    "bool",
    "find",
    "close",
    "randrange",
    "loads",
    "NameError",
    "reverse",
    "keys",
    "native",
    "deque",
    "OverflowError",
    "readline",
    "step",
    "localtime",
    "log",
    "max",
    "RuntimeError",
    "extend",
    "decode",
    "throw",
    "format",
    "tuple",
    "function",
    "insert",
    "update",
    "strip",
    "to_bytes",
    "unpack_from",
    "ImportError",
    "OSError",
    "ZeroDivisionError",
    "replace",
    "uint",
    "ticks_diff",
    "stderr",
    "modules",
    "calcsize",
    "OrderedDict",
    "abs",
    "hash",
    "dict",
    "super",
    "SystemExit",
    "index",
    "clear",
    "copy",
    "startswith",
    "endswith",
    "bit_length",
    "init",
    "min",
    "all",
    "ord",
    "AttributeError",
    "center",
    "from_bytes",
    "cos",
    "threshold",
    "pack_into",
    "getrandbits",
    "any",
    "hasattr",
    "enumerate",
    "map",
    "Exception",
    "MemoryError",
    "__exit__",
    "remove",
    "schedule",
    "sleep",
    "ticks_ms",
    "inf",
    "argv",
    "implementation",
    "randint",
    "choice",
    "getattr",
    "zip",
    "float",
    "slice",
    "__enter__",
    "rsplit",
    "lower",
    "fromhex",
    "real",
    "imag",
    "ptr16",
    "opt_level",
    "ticks_add",
    "sin",
    "log10",
    "version",
    "version_info",
    "collect",
    "namedtuple",
    "dumps",
    "iter",
    "staticmethod",
    "GeneratorExit",
    "rfind",
    "isdigit",
    "partition",
    "splitlines",
    "tolist",
    "stop",
    "collections",
    "heap_lock",
    "off",
    "ticks_us",
    "floor",
    "fmod",
    "trunc",
    "frexp",
    "modf",
    "print_exception",
    "enable",
    "bin",
    "pow",
    "object",
    "property",
    "classmethod",
    "LookupError",
    "__repr__",
    "__iter__",
    "__getitem__",
    "__eq__",
    "__add__",
    "__file__",
    "encode",
    "isalpha",
    "isspace",
    "cls",
    "heap_unlock",
    "reset",
    "asin",
    "acos",
    "atan",
    "ceil",
    "fabs",
    "isnan",
    "isinf",
    "ldexp",
    "copysign",
    "stdin",
    "maxsize",
    "mem_alloc",
    "disable",
    "issubclass",
    "setattr",
    "filter",
    "reversed",
    "AssertionError",
    "__str__",
    "__len__",
    "__next__",
    "__setitem__",
    "__sub__",
    "__doc__",
    "sort",
    "lstrip",
    "rstrip",
    "isupper",
    "rpartition",
    "intersection",
    "mem_info",
    "alloc_emergency_exception_buf",
    "UART",
    "mode",
    "sleep_ms",
    "sleep_us",
    "ticks_cpu",
    "nan",
    "platform",
    "byteorder",
    "mem_free",
    "uniform",
    "id",
    "chr",
    "oct",
    "divmod",
    "callable",
    "delattr",
    "input",
    "frozenset",
    "NoneType",
    "Ellipsis",
    "NotImplemented",
    "BaseException",
    "ArithmeticError",
    "EOFError",
    "KeyboardInterrupt",
    "NotImplementedError",
    "SyntaxError",
    "UnicodeError",
    "__new__",
    "__call__",
    "__delitem__",
    "__contains__",
    "__ne__",
    "__lt__",
    "__le__",
    "__gt__",
    "__ge__",
    "__hash__",
    "__bool__",
    "__mul__",
    "__truediv__",
    "__floordiv__",
    "__mod__",
    "__pow__",
    "__neg__",
    "__pos__",
    "__invert__",
    "__abs__",
    "__and__",
    "__or__",
    "__xor__",
    "__lshift__",
    "__rshift__",
    "__iadd__",
    "__isub__",
    "__imul__",
    "__radd__",
    "__rsub__",
    "__rmul__",
    "__getattr__",
    "__setattr__",
    "__delattr__",
    "__get__",
    "__set__",
    "__delete__",
    "__class__",
    "__dict__",
    "__module__",
    "__qualname__",
    "__del__",
    "__int__",
    "__float__",
    "__index__",
    "__bases__",
    "__path__",
    "__version__",
    "setdefault",
    "popitem",
    "fromkeys",
    "islower",
    "isalnum",
    "discard",
    "union",
    "difference",
    "symmetric_difference",
    "issubset",
    "issuperset",
    "isdisjoint",
    "difference_update",
    "intersection_update",
    "readinto",
    "Pin",
    "I2C",
    "SPI",
    "ADC",
    "PWM",
    "Timer",
    "RTC",
    "WDT",
    "Signal",
    "SoftI2C",
    "SoftSPI",
    "freq",
    "unique_id",
    "idle",
    "lightsleep",
    "deepsleep",
    "disable_irq",
    "enable_irq",
    "IN",
    "OUT",
    "OPEN_DRAIN",
    "PULL_UP",
    "PULL_DOWN",
    "IRQ_RISING",
    "IRQ_FALLING",
    "irq",
    "toggle",
    "deinit",
    "pull",
    "high",
    "low",
    "tan",
    "atan2",
];

/// Flag in [`emitted::QSTR_COUNT`]: the program's qstr offsets are `u32` (its qstr
/// text passed 64 KiB).
pub const QSTR_WIDE: u32 = 1 << 31;

/// Qstr numbers of the first [`STATIC_QSTRS`].
pub mod qstr {
    /// The empty string.
    pub const EMPTY: usize = 0;
    /// `<module>`: the function name of module bodies in tracebacks.
    pub const MODULE: usize = 1;
    /// `__main__`.
    pub const MAIN: usize = 2;
    /// `__name__`.
    pub const NAME: usize = 3;
}

/// Symbol names of runtime functions compiled code calls. All arguments and results
/// are machine words; functions returning an object return [`NULL`] when they raised.
pub mod entry {
    /// `fn(op: BinOp [+ BINOP_INPLACE] [+ BINOP_DEAD_*], a: obj, b: obj) -> obj`: any binary operator or
    /// comparison.
    pub const BINOP: &str = "upy_binop";
    /// `fn(op: UnOp, a: obj) -> obj`.
    pub const UNOP: &str = "upy_unop";
    /// `fn(a: obj) -> truth::{FALSE, TRUE, ERROR}`.
    pub const IS_TRUE: &str = "upy_is_true";
    /// `fn(args: *const obj, n: word, sep: obj, end: obj) -> obj`: `print`; `sep`/`end`
    /// are [`NULL`](crate::NULL) when not given. Returns `None`.
    pub const PRINT: &str = "upy_print";
    /// `fn(text: qstr obj) -> obj`: an int literal too large for a small int, from its
    /// decimal text.
    pub const INT_FROM_QSTR: &str = "upy_int_from_qstr";
    /// `fn(name: qstr obj) -> NULL`: raises `NameError: name 'x' isn't defined`.
    pub const RAISE_NAME_ERROR: &str = "upy_raise_name_error";
    /// `fn(name: NULL) -> NULL`: raises the error for a local read before assignment
    /// (MicroPython's message names no variable, so compiled code interns none).
    pub const RAISE_UNBOUND_LOCAL: &str = "upy_raise_unbound_local";
    /// `fn(func: qstr obj, expected: word, given: word) -> NULL`: wrong positional
    /// argument count (`TypeError`).
    pub const RAISE_ARG_COUNT: &str = "upy_raise_arg_count";
    /// `fn() -> NULL`: raises `RuntimeError: maximum recursion depth exceeded`.
    pub const RAISE_RECURSION: &str = "upy_raise_recursion";
    /// `fn(start: obj, stop: obj, step: obj) -> obj`: checks the arguments of a `range()`
    /// that compiled code iterates. Returns `None` when all three are ints (small, big or
    /// bool) and `step != 0`; otherwise raises `TypeError`/`ValueError` and returns NULL.
    /// The loop itself compares and adds with inline small-int paths and [`BINOP`].
    pub const RANGE_CHECK: &str = "upy_range_check";
    /// `fn(file: qstr obj, line: word, func: qstr obj)`: appends a traceback frame to the
    /// pending exception, called as a frame returns with an exception.
    pub const TB_ADD: &str = "upy_tb_add";
    // ---- containers ----
    /// `fn(items: *const obj, n: word) -> obj`: a new tuple.
    pub const BUILD_TUPLE: &str = "upy_build_tuple";
    /// `fn(items: *const obj, n: word) -> obj`: a new list.
    pub const BUILD_LIST: &str = "upy_build_list";
    /// `fn(items: *const obj, n: word) -> obj`: a new set.
    pub const BUILD_SET: &str = "upy_build_set";
    /// `fn(kv: *const obj, npairs: word) -> obj`: a new dict; keys and values interleaved.
    pub const BUILD_DICT: &str = "upy_build_dict";
    /// `fn(start: obj, stop: obj, step: obj) -> obj`: a slice; missing parts are `None`.
    pub const BUILD_SLICE: &str = "upy_build_slice";
    /// `fn(list: obj, item: obj) -> obj`: `list.append(item)`, returns `None`.
    pub const LIST_APPEND: &str = "upy_list_append";
    /// `fn(list: obj, iterable: obj) -> obj`: `list.extend(iterable)`, returns `None`.
    pub const LIST_EXTEND: &str = "upy_list_extend";
    /// `fn(set: obj, item: obj) -> obj`: `set.add(item)`, returns `None`.
    pub const SET_ADD: &str = "upy_set_add";
    /// `fn(dict: obj, key: obj, value: obj) -> obj`: `dict[key] = value`, returns `None`.
    pub const DICT_STORE: &str = "upy_dict_store";
    /// `fn(dict: obj, mapping: obj) -> obj`: `dict.update(mapping)` for `**m`, returns `None`.
    pub const DICT_UPDATE: &str = "upy_dict_update";
    /// `fn(obj: obj, index: obj) -> obj`: `obj[index]`.
    pub const SUBSCR: &str = "upy_subscr";
    /// `fn(obj: obj, index: obj, value: obj) -> obj`: `obj[index] = value`, returns `None`.
    pub const STORE_SUBSCR: &str = "upy_store_subscr";
    /// `fn(obj: obj, index: obj) -> obj`: `del obj[index]`, returns `None`.
    pub const DELETE_SUBSCR: &str = "upy_delete_subscr";
    /// `fn(seq: obj, n: word, out: *mut obj) -> obj`: unpacks exactly `n` items into
    /// `out`; returns `None` (ValueError on a count mismatch).
    pub const UNPACK: &str = "upy_unpack";
    /// `fn(seq: obj, before: word, after: word, out: *mut obj) -> obj`: `a, *b, c = seq`:
    /// `before` items, a list of the middle, `after` items into `out`; returns `None`.
    pub const UNPACK_EX: &str = "upy_unpack_ex";
    // ---- iteration ----
    /// `fn(obj: obj) -> obj`: `iter(obj)`.
    pub const GET_ITER: &str = "upy_get_iter";
    /// `fn(iter: obj) -> obj`: the next item, [`STOP`](crate::STOP) when exhausted, NULL
    /// when the iterator raised.
    pub const ITER_NEXT: &str = "upy_iter_next";
    // ---- attributes, names, calls ----
    /// `fn(obj: obj, name: qstr obj) -> obj`: `obj.name`.
    pub const LOAD_ATTR: &str = "upy_load_attr";
    /// `fn(obj: obj, name: qstr obj, cache: *mut [word; 3]) -> obj`: `obj.name` with the
    /// load site's attribute cache (three zeroed words of data, native code only).
    pub const LOAD_ATTR_CACHED: &str = "upy_load_attr_cached";
    /// `fn(obj: obj, name: qstr obj, value: obj) -> obj`: `obj.name = value`, returns `None`.
    pub const STORE_ATTR: &str = "upy_store_attr";
    /// `fn(obj: obj, name: qstr obj, value: obj, cache: *mut [word; 3]) -> obj`: [`STORE_ATTR`]
    /// with the store site's cache (three zeroed words of data, native code only).
    pub const STORE_ATTR_CACHED: &str = "upy_store_attr_cached";
    /// `fn(obj: obj, name: qstr obj) -> obj`: `del obj.name`, returns `None`.
    pub const DELETE_ATTR: &str = "upy_delete_attr";
    /// `fn(name: qstr obj) -> obj`: the builtin called `name` (function, type, exception
    /// class); `NameError: name 'x' isn't defined` when there is none.
    pub const LOAD_BUILTIN: &str = "upy_load_builtin";
    /// `fn(callee: obj, args: *const obj, n_pos: word, n_kw: word) -> obj`: a call.
    /// `args` holds `n_pos` positional values, then `n_kw` pairs (name qstr obj, value).
    pub const CALL: &str = "upy_call";
    /// `fn(name: qstr obj, args: *const obj, n_pos: word, n_kw: word) -> obj`:
    /// `self.name(...)` without creating a bound method. `args[0]` is `self`, followed by
    /// the arguments as for [`CALL`] (`n_pos` does not count `self`). Every entry point
    /// takes at most four words so calls pass them in registers on every target.
    pub const CALL_METHOD: &str = "upy_call_method";
    /// `fn(name: qstr obj, args: *const obj, counts: word, cache: *mut [word; 3]) -> obj`:
    /// [`CALL_METHOD`] with the call site's method cache (three zeroed words of data,
    /// native code only); `counts` is `n_pos | n_kw << METHOD_COUNTS_KW_SHIFT`.
    pub const CALL_METHOD_CACHED: &str = "upy_call_method_cached";
    /// Where `n_kw` sits in the `counts` word of [`CALL_METHOD_CACHED`].
    pub const METHOD_COUNTS_KW_SHIFT: u32 = 16;
    /// `fn(callee: obj, pos: obj, kw: obj) -> obj`: `f(*pos, **kw)`: `pos` a tuple or
    /// list, `kw` a dict or NULL.
    pub const CALL_EX: &str = "upy_call_ex";
    /// `fn(desc: *const word, defaults: obj, kwdefaults: obj, closure: obj) -> obj`: a
    /// function object for a compiled function (see [`fun_desc`](crate::fun_desc));
    /// `defaults` a tuple or NULL, `kwdefaults` a dict or NULL, `closure` a tuple of
    /// cells or NULL.
    pub const MAKE_FUNCTION: &str = "upy_make_function";
    /// `fn(value: obj) -> obj`: a new cell holding `value` (NULL = unbound).
    pub const MAKE_CELL: &str = "upy_make_cell";
    // ---- classes ----
    /// `fn(name: qstr obj, bases: obj, namespace: obj) -> obj`: a new class from the dict
    /// its body filled; `bases` a tuple (empty for `object`). Functions in the namespace
    /// become methods; `staticmethod`/`classmethod`/`property` objects keep their meaning.
    pub const BUILD_CLASS: &str = "upy_build_class";
    /// `fn(class: obj, instance: obj) -> obj`: zero-argument `super()` inside a method of
    /// `class` called on `instance` (the method's first argument).
    pub const SUPER: &str = "upy_super";
    // ---- exceptions ----
    /// `fn(exc: obj, cause: obj) -> NULL`: `raise exc [from cause]`; `exc` an instance or
    /// a class (instantiated with no arguments); `cause` NULL when no `from` was given.
    pub const RAISE: &str = "upy_raise";
    /// `fn(exc: obj) -> NULL`: raises `exc` again, keeping its traceback (bare `raise`).
    pub const RERAISE: &str = "upy_reraise";
    /// `fn() -> obj`: takes the pending exception (clearing it) and returns its object;
    /// frames already recorded stay in the object's traceback.
    pub const EXC_TAKE: &str = "upy_exc_take";
    /// `fn(exc: obj, kind: obj) -> obj`: `True` when exception object `exc` is an
    /// instance of class `kind` (or of one in a tuple `kind`), `False` otherwise, NULL
    /// (TypeError) when `kind` is not an exception class or tuple of them.
    pub const EXC_MATCH: &str = "upy_exc_match";
    // ---- generators and coroutines ----
    /// `fn(code: *const (), name: qstr obj, n_slots: word, kind: word) -> obj`: a new
    /// generator (`kind` [`GEN_KIND_GENERATOR`](crate::GEN_KIND_GENERATOR)) or coroutine
    /// ([`GEN_KIND_COROUTINE`](crate::GEN_KIND_COROUTINE)) object with `n_slots` zeroed
    /// frame slots (see [`layout::GEN_SLOTS`](crate::layout::GEN_SLOTS)). `code` is its
    /// resume function `fn(gen: obj, sent: obj, thrown: word) -> obj`: it runs from the
    /// state in [`layout::GEN_STATE`](crate::layout::GEN_STATE) (0: start, k: after the
    /// k-th yield) and returns a yielded value (state set to that yield's number), the
    /// return value (state set to [`GEN_STATE_DONE`](crate::GEN_STATE_DONE)) or NULL. With
    /// `thrown` non-zero the exception to raise at the yield is already pending.
    pub const GEN_NEW: &str = "upy_gen_new";
    /// `fn(gen: obj, iter: obj, sent: obj, thrown: word) -> obj`: one step of `yield from
    /// iter` inside generator `gen`: sends `sent` into `iter` (or throws the pending
    /// exception into it when `thrown` is non-zero). Returns the value `iter` yielded,
    /// [`STOP`](crate::STOP) when it finished (its return value is then in
    /// [`layout::GEN_YF_VALUE`](crate::layout::GEN_YF_VALUE) of `gen`), NULL when it raised.
    pub const YIELD_FROM: &str = "upy_yield_from";
    /// `fn(obj: obj) -> obj`: the iterator `await obj` delegates to: a coroutine itself,
    /// or the result of `obj.__await__()`.
    pub const GET_AWAITABLE: &str = "upy_get_awaitable";
    /// `fn() -> obj`: `True` (and the exception cleared) when the pending exception is a
    /// `StopAsyncIteration`, else `False` (it stays pending): the end of `async for`.
    pub const TAKE_STOP_ASYNC: &str = "upy_take_stop_async";
    // ---- floats and text ----
    /// `fn(text: qstr obj) -> obj`: a float literal from its text.
    pub const FLOAT_FROM_QSTR: &str = "upy_float_from_qstr";
    /// `fn(bits: word) -> obj`: a new float object holding the value whose bit pattern is
    /// `bits` (an `f32`'s in the low half of the word on 32-bit targets, an `f64`'s on
    /// 64-bit ones): native code boxes the floats it kept unboxed. NULL (MemoryError
    /// pending) when the heap is full.
    pub const FLOAT_BOX: &str = "upy_float_box";
    /// `fn(text: qstr obj) -> obj`: a bytes literal; each byte of the literal is the
    /// code point of the same value in the qstr's text (`b"\xff"` is stored as `"ÿ"`).
    pub const BYTES_FROM_QSTR: &str = "upy_bytes_from_qstr";
    /// `fn(text: qstr obj) -> obj`: an imaginary literal `<text>j` from the float text
    /// before the `j`.
    pub const COMPLEX_FROM_QSTR: &str = "upy_complex_from_qstr";
    /// `fn(value: obj, spec: obj, conversion: word) -> obj`: `format(value, spec)` after
    /// the f-string conversion (0 none, 1 `!s`, 2 `!r`, 3 `!a`); `spec` a str or NULL.
    pub const FORMAT: &str = "upy_format";
    /// `fn(parts: *const obj, n: word) -> obj`: concatenates `n` strs (f-strings).
    pub const BUILD_STR: &str = "upy_build_str";
    /// Data, a word: the lowest stack pointer compiled code may run with. Compiled
    /// functions compare SP against it on entry and call [`RAISE_RECURSION`] below it.
    pub const STACK_LIMIT: &str = "upy_stack_limit";
    /// Data, a read-only word holding 0 (never a type object's address). Compiled code
    /// reads an object's type from it instead when the value is not a heap object, so
    /// the type test is a load that may be moved out of loops.
    pub const NOT_AN_OBJECT: &str = "upy_not_an_object";
    /// Data: the type object of `list` (compiled code compares an object's first word
    /// with its address before indexing a list inline, see [`crate::layout::LIST_ITEMS`]).
    pub const LIST_TYPE: &str = "upy_type_list";
    /// Data: the type object of `bytearray` (indexed inline, see
    /// [`crate::layout::BYTEARRAY_DATA`]).
    pub const BYTEARRAY_TYPE: &str = "upy_type_bytearray";
    /// Data: the type object of `float`. The compiler emits float literals as read-only
    /// float objects `{ type, value }` (the value `f32` on 32-bit targets, `f64` on
    /// 64-bit ones, like the runtime's float).
    pub const FLOAT_TYPE: &str = "upy_type_float";
    // ---- modules ----
    /// `fn(def: *const ModuleDef) -> obj`: `import` of a builtin module, whose definition
    /// is the data symbol [`crate::modules::BUILTIN`] names; the same object every time.
    pub const IMPORT_BUILTIN: &str = "upy_import_builtin";
    /// `fn(module: obj, name: obj) -> obj`: `from module import name` (ImportError when
    /// the module has no such attribute).
    pub const IMPORT_FROM: &str = "upy_import_from";
    /// `fn(name: qstr obj, globals: *mut obj, names: *const u32) -> obj`: a new module
    /// object for an imported source module, recorded in `sys.modules`. Its attributes
    /// are the module's global slots (`names` is `[count, qstr of slot 0, ...]`), so
    /// stores from other modules reach the module's own code.
    pub const MODULE_NEW: &str = "upy_module_new";
    /// `fn(name: qstr obj)`: a source module's body raised: removes it from
    /// `sys.modules` (the pending exception stays pending).
    pub const MODULE_FAILED: &str = "upy_module_failed";
    /// `fn(module: obj, name: qstr obj) -> obj`: attribute `name` of the module, or NULL
    /// (no exception) when it is unbound (`from m import *`).
    pub const MODULE_GET: &str = "upy_module_get";
    /// `fn(name: qstr obj) -> NULL`: raises `ImportError: no module named 'name'` (an
    /// import inside a `try` body that the compiler could not resolve).
    pub const RAISE_IMPORT_ERROR: &str = "upy_raise_import_error";
}

/// The builtin modules: what `import NAME` can resolve to without a source file.
pub mod modules {
    /// `(import name, module name, symbol of the runtime's module definition)`;
    /// MicroPython's `u`-prefixed aliases name the same module.
    pub const BUILTIN: &[(&str, &str, &str)] = &[
        ("machine", "machine", "upy_module_machine"),
        ("math", "math", "upy_module_math"),
        ("umath", "math", "upy_module_math"),
        ("micropython", "micropython", "upy_module_micropython"),
        ("uctypes", "uctypes", "upy_module_uctypes"),
        ("random", "random", "upy_module_random"),
        ("urandom", "random", "upy_module_random"),
        ("re", "re", "upy_module_re"),
        ("ure", "re", "upy_module_re"),
        ("select", "select", "upy_module_select"),
        ("uselect", "select", "upy_module_select"),
        ("sys", "sys", "upy_module_sys"),
        ("time", "time", "upy_module_time"),
        ("utime", "time", "upy_module_time"),
        ("usys", "sys", "upy_module_sys"),
        ("collections", "collections", "upy_module_collections"),
        ("errno", "errno", "upy_module_errno"),
        ("uerrno", "errno", "upy_module_errno"),
        ("gc", "gc", "upy_module_gc"),
        ("heapq", "heapq", "upy_module_heapq"),
        ("uheapq", "heapq", "upy_module_heapq"),
        ("io", "io", "upy_module_io"),
        ("uio", "io", "upy_module_io"),
        ("json", "json", "upy_module_json"),
        ("ujson", "json", "upy_module_json"),
        ("ucollections", "collections", "upy_module_collections"),
        ("struct", "struct", "upy_module_struct"),
        ("ustruct", "struct", "upy_module_struct"),
        ("binascii", "binascii", "upy_module_binascii"),
        ("ubinascii", "binascii", "upy_module_binascii"),
        ("hashlib", "hashlib", "upy_module_hashlib"),
        ("uhashlib", "hashlib", "upy_module_hashlib"),
        ("zlib", "zlib", "upy_module_zlib"),
        ("uzlib", "zlib", "upy_module_zlib"),
        ("cmath", "cmath", "upy_module_cmath"),
        ("array", "array", "upy_module_array"),
        ("uarray", "array", "upy_module_array"),
    ];

    /// The module name and definition symbol for an import name, if it is builtin.
    pub fn resolve(import_name: &str) -> Option<(&'static str, &'static str)> {
        BUILTIN
            .iter()
            .find(|(n, _, _)| *n == import_name)
            .map(|(_, m, s)| (*m, *s))
    }
}

/// Layout of the objects compiled code reads or writes directly (offsets in words).
pub mod layout {
    /// A cell (a variable captured by a closure): `{ type, value }`; value NULL = unbound.
    pub const CELL_VALUE: usize = 1;
    /// A function object: `{ type, desc, defaults, kwdefaults, closure, entry }`.
    pub const FUN_DESC: usize = 1;
    /// The function object's defaults of its last positional parameters: a tuple (of
    /// exactly as many values as the `def` gives), or NULL.
    pub const FUN_DEFAULTS: usize = 2;
    /// The function object's closure: a tuple of cells, or NULL.
    pub const FUN_CLOSURE: usize = 4;
    /// The function object's generic entry (copied from its descriptor when made).
    pub const FUN_ENTRY: usize = 5;
    /// A float: `{ type, value }`; the value (`f32` on 32-bit targets, `f64` on 64-bit
    /// ones) is at this word.
    pub const FLOAT_VALUE: usize = 1;
    /// A tuple: `{ type, len, items... }`; the first item is at this word.
    pub const TUPLE_ITEMS: usize = 2;
    /// A list: `{ type, items: Vec }`; the word holding the address of the first item
    /// (Rust's `Vec` is `{ capacity, pointer, length }` with the pinned toolchain; the
    /// runtime asserts the pointer's place at compile time and the corpus test
    /// `tests/basics/list_index_inline.py` fails if length and capacity swapped).
    pub const LIST_ITEMS: usize = 2;
    /// The list's length word.
    pub const LIST_LEN: usize = 3;
    /// A bytearray: `{ type, storage }`; the word holding the address of its first byte
    /// (owned bytes or an alias's memory alike: the runtime asserts at compile time that
    /// both forms of its storage keep the address and the length in these words).
    pub const BYTEARRAY_DATA: usize = 2;
    /// The bytearray's length word.
    pub const BYTEARRAY_LEN: usize = 3;

    /// A generator or coroutine: `{ type, code, state, name, flags, yf_value, n_slots,
    /// slots... }`. The resume function's state word.
    pub const GEN_STATE: usize = 2;
    /// The value a finished `yield from` delegate returned.
    pub const GEN_YF_VALUE: usize = 5;
    /// The first frame slot: the parameters, then the closure tuple, then the saved
    /// variables of the resume function.
    pub const GEN_SLOTS: usize = 7;
}

/// A compiled function's descriptor, emitted by the compiler as read-only data: a `u16`
/// *shape*, then `u16` qstr numbers: the function's name and its `n_pos + n_kwonly`
/// parameter names; then, at the next word boundary, the word `code` (the linker fills in
/// the address): the generic entry `fn(fun: obj, slots: *const obj) -> obj`. The shape
/// holds `n_pos` (positional parameters), `n_kwonly` (keyword-only ones, from
/// [`SHAPE_KWONLY_SHIFT`](fun_desc::SHAPE_KWONLY_SHIFT)) and the `FUN_*` flags (from
/// [`SHAPE_FLAGS_SHIFT`](fun_desc::SHAPE_FLAGS_SHIFT)).
///
/// A compact bytecode function's descriptor ([`FUN_COMPACT`]) is shorter: the shape, the
/// parameter names, then its code object (whose header names the function), so such a
/// function is one block of read-only data with no machine code; its entry is the VM's
/// ([`pybc::CALL_ENTRY`](crate::pybc::CALL_ENTRY)), which the program names once in
/// [`emitted::COMPACT_CALL`](crate::emitted::COMPACT_CALL).
///
/// The runtime binds a call's arguments into `slots`: positional parameters, keyword-only
/// parameters, then the `*args` tuple (with [`FUN_VARARGS`]) and the `**kwargs` dict
/// (with [`FUN_VARKW`]).
pub mod fun_desc {
    /// Bytes of the shape, before the names.
    pub const SHAPE_BYTES: usize = 2;
    /// Bit of the shape where the keyword-only parameter count starts.
    pub const SHAPE_KWONLY_SHIFT: u32 = 6;
    /// Bit of the shape where the `FUN_*` flags start.
    pub const SHAPE_FLAGS_SHIFT: u32 = 12;
    /// The most positional (or keyword-only) parameters a function may have.
    pub const MAX_PARAMS: usize = (1 << SHAPE_KWONLY_SHIFT) - 1;
}
/// Flag: the function takes `*args`.
pub const FUN_VARARGS: usize = 1;
/// Flag: the function takes `**kwargs`.
pub const FUN_VARKW: usize = 2;
/// Flag: the function is compact bytecode (see [`fun_desc`]).
pub const FUN_COMPACT: usize = 4;
/// [`entry::GEN_NEW`] kind: a generator.
pub const GEN_KIND_GENERATOR: usize = 0;
/// [`entry::GEN_NEW`] kind: a coroutine (`async def`).
pub const GEN_KIND_COROUTINE: usize = 1;
/// The state word of a generator whose resume function returned (not yielded).
pub const GEN_STATE_DONE: usize = usize::MAX;

/// Symbols the compiler emits and the runtime uses.
pub mod emitted {
    /// `fn() -> obj`: the body of the `__main__` module as machine code. NULL means an
    /// uncaught exception.
    pub const MAIN: &str = "upy_main";
    /// `[run, code...]`: how the runtime starts the program, `run(code)` (`run: fn(*const
    /// u8) -> obj`, NULL meaning an uncaught exception): `run` is [`MAIN`] (which ignores
    /// `code`) when the module body is machine code, or the VM's
    /// [`pybc::MAIN_ENTRY`](crate::pybc::MAIN_ENTRY) with the body's compact code object
    /// following the word (no machine code at all).
    pub const ENTRY: &str = "upy_entry";
    /// `u32`: number of qstrs in the program's table (numbers from
    /// `STATIC_QSTRS.len()` on), with [`QSTR_WIDE`](crate::QSTR_WIDE) set when the
    /// offsets are `u32`.
    pub const QSTR_COUNT: &str = "upy_qstr_count";
    /// `[u16; count + 1]` (`[u32; ..]` when wide): byte offset of each qstr in
    /// [`QSTR_DATA`]; the last is the total.
    pub const QSTR_OFFSETS: &str = "upy_qstr_offsets";
    /// `[u8]`: UTF-8 text of all qstrs, back to back.
    pub const QSTR_DATA: &str = "upy_qstr_data";
    /// `[u16; count]`: [`crate::str_hash`] of each qstr's text, so dictionary and
    /// attribute lookups by name never rehash it.
    pub const QSTR_HASHES: &str = "upy_qstr_hashes";
    /// The program's float literals: read-only float objects of two words each (type,
    /// then the value at the board's precision), back to back; compact bytecode's
    /// [`LOAD_FLOAT`](crate::pybc::LOAD_FLOAT) `k` pushes the `k`th.
    pub const FLOATS: &str = "upy_floats";
    /// A word: the generic entry of compact bytecode functions
    /// ([`pybc::CALL_ENTRY`](crate::pybc::CALL_ENTRY)) in a program that has some, else 0
    /// (so a program without them links no VM).
    pub const COMPACT_CALL: &str = "upy_compact_call";
}

/// The hash of a string's UTF-8 text, the same for an interned and a heap string of
/// equal text: 32-bit FNV-1a folded to 16 bits, so the qstr tables store two bytes per
/// name (MicroPython's str hashes are 8 or 16 bits too).
pub const fn str_hash(b: &[u8]) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    let mut i = 0;
    while i < b.len() {
        h ^= b[i] as u32;
        h = h.wrapping_mul(0x0100_0193);
        i += 1;
    }
    (h ^ (h >> 16)) & 0xffff
}

/// Symbols the board's linker script defines for the runtime (values are addresses).
pub mod board_symbols {
    /// Start of the GC heap region.
    pub const HEAP_START: &str = "__upy_heap_start";
    /// End of the GC heap region.
    pub const HEAP_END: &str = "__upy_heap_end";
    /// Lowest address of the stack (the stack grows down from `_stack_top`).
    pub const STACK_BOTTOM: &str = "__upy_stack_bottom";
    /// Initial stack pointer.
    pub const STACK_TOP: &str = "_stack_top";
    /// Base address of the console USART.
    pub const CONSOLE_USART: &str = "__upy_console_usart";
    /// Non-zero when the image ends its run with a semihosting exit (QEMU runs only).
    pub const SEMIHOST_EXIT: &str = "__upy_semihost_exit";
    /// Non-zero when the runtime collects before every allocation (`--gc-stress`).
    pub const GC_STRESS: &str = "__upy_gc_stress";
    /// Non-zero when the runtime prints its peak heap use at exit (`upyc bench`).
    pub const BENCH_REPORT: &str = "__upy_bench_report";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_distinct() {
        assert_eq!(NONE & 0b111, CONST_TAG);
        assert_eq!(TRUE & 0b111, CONST_TAG);
        assert_ne!(TRUE, FALSE);
        assert_eq!(qstr_obj(5) & 0b111, QSTR_TAG);
        assert_eq!(small_int_range(32), (-(1 << 30), (1 << 30) - 1));
        for (i, op) in BinOp::ALL.iter().enumerate() {
            assert_eq!(*op as usize, i);
            assert_eq!(BinOp::from_usize(i), Some(*op));
        }
    }

    #[test]
    fn qstr_codes_are_one_to_one() {
        let s = STATIC_QSTRS.len();
        let mut seen = [false; 1024];
        for q in 0..s + 300 {
            let e = pybc::qstr_code(q);
            assert_eq!(pybc::qstr_of_code(e), q, "qstr {q}");
            assert!(!seen[e], "code {e} used twice");
            seen[e] = true;
        }
        // One byte for the first static qstrs and for the program's first ones.
        assert!(pybc::qstr_code(pybc::QSTR_SHORT_STATIC - 1) < 128);
        assert!(pybc::qstr_code(s) < 128);
        assert!(pybc::qstr_code(s + 127 - pybc::QSTR_SHORT_STATIC) < 128);
        assert!(pybc::qstr_code(pybc::QSTR_SHORT_STATIC) >= 128);
    }
}

// ======================================================================================
// viper: entry points used by `@micropython.viper` code (machine-word values).
// ======================================================================================

/// Runtime entry points of `@micropython.viper` functions. Native values are machine
/// words; these entries return words, so errors are signalled through the pending
/// exception: compiled code calls [`RAISED`](viper::RAISED) after an entry that may fail.
pub mod viper {
    /// `fn(obj: obj) -> word`: an int, bool or big int object as a machine word; big
    /// ints wrap to the word (two's complement truncation, like MicroPython's
    /// `mp_obj_get_int_truncated`). Raises `TypeError: can't convert T to int` for other
    /// objects (and returns 0).
    pub const INT: &str = "upy_viper_int";
    /// `fn(obj: obj, writable: word) -> word`: the address of `obj`'s buffer (the
    /// buffer protocol), or the value of an int object (an address). Raises `TypeError`
    /// for other objects (and returns 0).
    pub const GET_BUFFER: &str = "upy_get_buffer";
    /// `fn(value: word) -> obj`: a signed word as an int object (small or big); NULL on
    /// `MemoryError`.
    pub const BOX_INT: &str = "upy_viper_box_int";
    /// `fn(value: word) -> obj`: an unsigned word as an int object (small or big); NULL
    /// on `MemoryError`.
    pub const BOX_UINT: &str = "upy_viper_box_uint";
    /// `fn() -> word`: 1 when an exception is pending, else 0.
    pub const RAISED: &str = "upy_viper_raised";
}

// ======================================================================================
// bytecode: upyc's compact register bytecode (`--emit bytecode`) and its VM.
// ======================================================================================

/// upyc's bytecode: the register-machine form of a compiled function, run by the VM in
/// the runtime (`upy_vm_exec`). The compiler lowers a function as for native code
/// (without inline fast paths), optimises it, allocates its values to a small register
/// file and encodes one operation per CLIF instruction; a native stub with the
/// function's signature allocates the frame on the stack, stores the arguments in their
/// registers and enters the VM, so native and bytecode
/// functions call each other through the same symbols and function objects.
///
/// A function's code object: `varint nregs` (its stack slots follow its registers in
/// the frame), `varint nlandings`, the landing table (per landing a two-byte target
/// and a one-byte register, for [`CHKZ`](bytecode::CHKZ)), then the operations. Numbers are LEB128 (unsigned; signed ones are zig-zag encoded).
///
/// Operands: a *source* is a varint `x`: `x` even is register `x >> 1`; `x` odd is the
/// constant `unzigzag(x >> 1)`. A *dest* is a plain register number. A *target* is a
/// two-byte little-endian offset from the start of the operations. `cc` and `width`
/// are single bytes. Symbols (`SYM`, `CALL`) index the program's pool
/// ([`POOL`](bytecode::POOL), one word per function or data address).
pub mod bytecode {
    /// `[usize; N]`: addresses of the functions and data bytecode refers to.
    pub const POOL: &str = "upy_bc_pool";
    /// `fn(code: *const u8, frame: *mut word) -> word`: runs a bytecode function in
    /// `frame` (its registers, then its stack slots; the caller stored the arguments
    /// in their registers).
    pub const VM_EXEC: &str = "upy_vm_exec";

    /// `dest ← source`
    pub const MOV: u8 = 0;
    /// `dest ← a op b` for the binary operators `ADD..=UMULHI` (sources a, b).
    pub const ADD: u8 = 1;
    /// Subtraction (wrapping).
    pub const SUB: u8 = 2;
    /// Multiplication (wrapping).
    pub const MUL: u8 = 3;
    /// Bitwise and.
    pub const AND: u8 = 4;
    /// Bitwise or.
    pub const OR: u8 = 5;
    /// Bitwise exclusive or.
    pub const XOR: u8 = 6;
    /// Shift left (amount modulo the word width).
    pub const SHL: u8 = 7;
    /// Logical shift right.
    pub const USHR: u8 = 8;
    /// Arithmetic shift right.
    pub const SSHR: u8 = 9;
    /// Signed division (the compiler guards zero and overflow).
    pub const SDIV: u8 = 10;
    /// Unsigned division.
    pub const UDIV: u8 = 11;
    /// Signed remainder.
    pub const SREM: u8 = 12;
    /// Unsigned remainder.
    pub const UREM: u8 = 13;
    /// Rotate left.
    pub const ROTL: u8 = 14;
    /// Rotate right.
    pub const ROTR: u8 = 15;
    /// Signed minimum.
    pub const SMIN: u8 = 16;
    /// Signed maximum.
    pub const SMAX: u8 = 17;
    /// Unsigned minimum.
    pub const UMIN: u8 = 18;
    /// Unsigned maximum.
    pub const UMAX: u8 = 19;
    /// High word of the signed product.
    pub const SMULHI: u8 = 20;
    /// High word of the unsigned product.
    pub const UMULHI: u8 = 21;
    /// `dest, dest_overflow ← a op b` with an overflow flag (0/1) for `SADDO..=UMULO`.
    pub const SADDO: u8 = 22;
    /// Signed subtraction with overflow flag.
    pub const SSUBO: u8 = 23;
    /// Signed multiplication with overflow flag.
    pub const SMULO: u8 = 24;
    /// Unsigned addition with carry flag.
    pub const UADDO: u8 = 25;
    /// Unsigned subtraction with borrow flag.
    pub const USUBO: u8 = 26;
    /// Unsigned multiplication with overflow flag.
    pub const UMULO: u8 = 27;
    /// `dest ← !a`
    pub const NOT: u8 = 28;
    /// `dest ← -a`
    pub const NEG: u8 = 29;
    /// `dest ← count of leading zeros of a`
    pub const CLZ: u8 = 30;
    /// `cc dest a b`: `dest ← (a cc b) as 0/1`, `cc` one of the `CC_*` codes.
    pub const ICMP: u8 = 31;
    /// `dest c a b`: `dest ← if c != 0 { a } else { b }`.
    pub const SELECT: u8 = 32;
    /// `width dest a`: `dest ← a` zero-extended from its low `width` bits.
    pub const ZEXT: u8 = 33;
    /// `width dest a`: `dest ← a` sign-extended from its low `width` bits.
    pub const SEXT: u8 = 34;
    /// `kind dest addr offset`: a load; `kind` is the width in bytes (1, 2, 4, 8) plus
    /// [`LOAD_SIGNED`] for sign extension; `offset` a signed varint.
    pub const LOAD: u8 = 35;
    /// `width value addr offset`: stores the low `width` bytes of `value`.
    pub const STORE: u8 = 36;
    /// `dest offset`: `dest ← address of the frame's stack area + offset`.
    pub const SLOT: u8 = 37;
    /// `dest index`: `dest ← pool[index]`.
    pub const SYM: u8 = 38;
    /// `shape index args... [dest]`: calls `pool[index]`; `shape` is the argument count
    /// plus [`CALL_RETURNS`] when the callee returns a word (then `dest` follows).
    pub const CALL: u8 = 39;
    /// `shape callee args... [dest]`: calls the function at address `callee` (a source).
    pub const CALLI: u8 = 40;
    /// `target`: jump.
    pub const JMP: u8 = 41;
    /// `c target`: jump when `c != 0`.
    pub const BRNZ: u8 = 42;
    /// `c target`: jump when `c == 0`.
    pub const BRZ: u8 = 43;
    /// `cc a b target`: jump when `a cc b`.
    pub const BRCMP: u8 = 44;
    /// `a`: returns `a`.
    pub const RET: u8 = 45;
    /// Returns nothing.
    pub const RET0: u8 = 46;
    /// `dest`: an address inside the current frame (the stack pointer of compiled code).
    pub const SP: u8 = 47;
    /// Unreachable: the program stops.
    pub const TRAP: u8 = 48;
    /// `c`: traps when `c == 0`.
    pub const TRAPZ: u8 = 49;
    /// `c`: traps when `c != 0`.
    pub const TRAPNZ: u8 = 50;
    /// `dest value`: `dest ← value` (a signed varint), for constants too wide to be a
    /// source operand.
    pub const CONST: u8 = 51;
    /// `c k v`: when `c == 0`, `register(k) ← v` and jump to `target(k)`, for landing
    /// `k` (one byte) of the function's landing table. The compiler's exception checks.
    pub const CHKZ: u8 = 52;
    /// `c k v`: the same when `c != 0`.
    pub const CHKNZ: u8 = 53;

    /// [`LOAD`] kind flag: sign-extend.
    pub const LOAD_SIGNED: u8 = 0x10;
    /// [`CALL`]/[`CALLI`] shape flag: the callee returns a word.
    pub const CALL_RETURNS: u8 = 0x80;
    /// Most arguments a [`CALL`] passes.
    pub const MAX_CALL_ARGS: usize = 8;

    /// `==`
    pub const CC_EQ: u8 = 0;
    /// `!=`
    pub const CC_NE: u8 = 1;
    /// signed `<`
    pub const CC_SLT: u8 = 2;
    /// signed `>=`
    pub const CC_SGE: u8 = 3;
    /// signed `>`
    pub const CC_SGT: u8 = 4;
    /// signed `<=`
    pub const CC_SLE: u8 = 5;
    /// unsigned `<`
    pub const CC_ULT: u8 = 6;
    /// unsigned `>=`
    pub const CC_UGE: u8 = 7;
    /// unsigned `>`
    pub const CC_UGT: u8 = 8;
    /// unsigned `<=`
    pub const CC_ULE: u8 = 9;
}

/// Python-level bytecode ("compact bytecode"): the form `--emit bytecode` gives a
/// function whose body uses only the statements and expressions it covers (the compiler
/// falls back to register [`bytecode`] for the rest). One stack operation per Python
/// operation, like MicroPython's bytecode, so it is several times smaller than register
/// code made from the optimised IR.
///
/// A code object is varints: `n_args << 2 | closure << 1 | by_pointer` (`n_args`
/// parameters, in the first local slots; `by_pointer` set when slot 0 holds a pointer to
/// them instead, for functions of more than four parameters, closure included;
/// `closure` set when the function has free variables: their cells take the slots after
/// the parameters, unpacked from the closure tuple, which a native stub stores in the
/// first of them), `n_locals` (all local slots, parameters and free variables
/// included), `frame_words` (locals and operand stack), `file` and `func` (qstr numbers,
/// for tracebacks, coded by [`qstr_code`](pybc::qstr_code) as every qstr operand is),
/// `globals` (pool index of the module's global-slot array), `first_line` (of the first
/// operation), `code_len`; then `code_len` bytes of operations, then the line table:
/// steps (pc delta, line delta) from (0, `first_line`), each giving the line of the
/// operations from its pc on, ended by a zero byte. A step is one byte `d_pc | d_line <<
/// 5` when `d_pc < 32` and `0 <= d_line < 4` (not both zero), or one byte `0x80 | d_line
/// << 4 | d_pc` when `d_pc < 16` and `1 <= d_line < 8`, else
/// [`LINE_LONG`](pybc::LINE_LONG) then a varint pc delta and a
/// signed varint line delta. Numbers are LEB128 (signed ones zig-zag encoded).
///
/// The frame (allocated by the function's native stub, like [`bytecode`]'s) holds the
/// locals then the operand stack. Unassigned locals are NULL; reading one raises.
/// A *target* operand is a two-byte little-endian offset from the start of the code.
pub mod pybc {
    /// `fn(code: *const u8, frame: *mut word) -> word`: runs a code object in `frame`
    /// (the caller stored the arguments in the first slots, or the pointer to them in
    /// slot 0 when the header says `by_pointer`).
    pub const EXEC: &str = "upy_pyvm_exec";
    /// The generic entry of every compact bytecode function: `fn(fun: obj, slots: *const
    /// obj) -> obj` runs the code object of `fun`'s descriptor in a frame of its own, so
    /// such a function needs no machine code.
    pub const CALL_ENTRY: &str = "upy_pyvm_call";
    /// `fn(code: *const u8) -> obj`: runs the compact code object of the main module's
    /// body (see [`emitted::ENTRY`](crate::emitted::ENTRY)).
    pub const MAIN_ENTRY: &str = "upy_pyvm_main";
    /// Line-table byte starting a long step (varint pc delta, signed varint line delta).
    pub const LINE_LONG: u8 = 0x80;

    /// Static qstrs whose operands take one varint byte: qstr operands (and the
    /// header's `file` and `func`) are coded by [`qstr_code`] so that the first
    /// `QSTR_SHORT_STATIC` static qstrs and the program's first `128 -
    /// QSTR_SHORT_STATIC` qstrs are one byte each (a program's own names start after
    /// the ~370 static ones, so uncoded they would all take two).
    pub const QSTR_SHORT_STATIC: usize = 64;

    /// The operand coding qstr number `q`: static qstrs below [`QSTR_SHORT_STATIC`]
    /// stay, the program's first qstrs follow them up to 127, the other static qstrs
    /// come next, and the program's later qstrs keep their numbers.
    pub const fn qstr_code(q: usize) -> usize {
        let s = crate::STATIC_QSTRS.len();
        let short_program = 128 - QSTR_SHORT_STATIC;
        if q < QSTR_SHORT_STATIC {
            q
        } else if q < s {
            q - QSTR_SHORT_STATIC + 128
        } else if q < s + short_program {
            q - s + QSTR_SHORT_STATIC
        } else {
            q
        }
    }

    /// The qstr number of operand code `e` (the inverse of [`qstr_code`]).
    #[inline(always)]
    pub const fn qstr_of_code(e: usize) -> usize {
        let s = crate::STATIC_QSTRS.len();
        if e < QSTR_SHORT_STATIC {
            e
        } else if e < 128 {
            e - QSTR_SHORT_STATIC + s
        } else if e < 128 + s - QSTR_SHORT_STATIC {
            e - 128 + QSTR_SHORT_STATIC
        } else {
            e
        }
    }

    /// `LOAD_FAST_0 + n` (n < 16): push local `n`.
    pub const LOAD_FAST_0: u8 = 0x00;
    /// `STORE_FAST_0 + n` (n < 16): pop into local `n`.
    pub const STORE_FAST_0: u8 = 0x10;
    /// `BINARY_0 + op` for each [`BinOp`](crate::BinOp): pop b, pop a, push `a op b`.
    pub const BINARY_0: u8 = 0x20;
    /// `INPLACE_0 + op` (op ≤ `BitXor`): the augmented-assignment form.
    pub const INPLACE_0: u8 = 0x34;
    /// `SMALL_INT_0 + k` (k < 64): push the int `k - 16`.
    pub const SMALL_INT_0: u8 = 0x80;
    /// Ints [`SMALL_INT_0`] encodes: `SMALL_INT_MIN..SMALL_INT_MIN + 64`.
    pub const SMALL_INT_MIN: i64 = -16;

    /// `n`: push local `n`.
    pub const LOAD_FAST: u8 = 0x40;
    /// `n`: pop into local `n`.
    pub const STORE_FAST: u8 = 0x41;
    /// `n`: unbind local `n` (raises when it is unbound).
    pub const DELETE_FAST: u8 = 0x42;
    /// `slot q`: push global `slot`, or the builtin named by qstr `q` when it is unbound.
    pub const LOAD_GLOBAL: u8 = 0x43;
    /// `slot`: pop into global `slot`.
    pub const STORE_GLOBAL: u8 = 0x44;
    /// Push `None`.
    pub const LOAD_NONE: u8 = 0x45;
    /// Push `True`.
    pub const LOAD_TRUE: u8 = 0x46;
    /// Push `False`.
    pub const LOAD_FALSE: u8 = 0x47;
    /// `value` (signed varint): push a small int.
    pub const LOAD_INT: u8 = 0x48;
    /// `q`: push interned string `q`.
    pub const LOAD_QSTR: u8 = 0x49;
    /// `kind pool q`: push the constant made from qstr `q`'s text by kind (`CONST_*`),
    /// made once and kept in the data word `pool` names.
    pub const LOAD_CONST: u8 = 0x4a;
    /// `q`: pop obj, push `obj.q`.
    pub const LOAD_ATTR: u8 = 0x4b;
    /// `q`: pop obj, pop value, `obj.q = value`.
    pub const STORE_ATTR: u8 = 0x4c;
    /// Pop index, pop obj, push `obj[index]`.
    pub const SUBSCR: u8 = 0x4d;
    /// Pop index, pop obj, pop value, `obj[index] = value`.
    pub const STORE_SUBSCR: u8 = 0x4e;
    /// `op` (byte): pop a, push the [`UnOp`](crate::UnOp) of a.
    pub const UNARY: u8 = 0x4f;
    /// `n`: pop n items, push a tuple of them.
    pub const BUILD_TUPLE: u8 = 0x50;
    /// `n`: pop n items, push a list of them.
    pub const BUILD_LIST: u8 = 0x51;
    /// `n`: pop n key/value pairs, push a dict of them.
    pub const BUILD_DICT: u8 = 0x52;
    /// `n`: pop n items, push a set of them.
    pub const BUILD_SET: u8 = 0x53;
    /// Pop step, stop, start, push a slice.
    pub const BUILD_SLICE: u8 = 0x54;
    /// `n`: pop a sequence, push its `n` items (the first on top).
    pub const UNPACK: u8 = 0x55;
    /// `n_pos n_kw`: pop `n_kw` (name qstr, value) pairs, `n_pos` arguments and the
    /// callee; push the call's result.
    pub const CALL: u8 = 0x56;
    /// `q n_pos n_kw`: as [`CALL`] with the object (below the arguments) in place of the
    /// callee: calls its method `q`.
    pub const CALL_METHOD: u8 = 0x57;
    /// Pop and drop.
    pub const POP: u8 = 0x58;
    /// Push the top again.
    pub const DUP: u8 = 0x59;
    /// Push the top two again (`a b` → `a b a b`).
    pub const DUP2: u8 = 0x5a;
    /// Swap the top two.
    pub const ROT2: u8 = 0x5b;
    /// Move the top below the next two (`a b c` → `c a b`).
    pub const ROT3: u8 = 0x5c;
    /// `target`: jump.
    pub const JUMP: u8 = 0x5d;
    /// `target`: pop; jump when it is false.
    pub const POP_JUMP_IF_FALSE: u8 = 0x5e;
    /// `target`: pop; jump when it is true.
    pub const POP_JUMP_IF_TRUE: u8 = 0x5f;
    /// `target`: jump (keeping the top) when the top is false, else pop it.
    pub const JUMP_IF_FALSE_OR_POP: u8 = 0x60;
    /// `target`: jump (keeping the top) when the top is true, else pop it.
    pub const JUMP_IF_TRUE_OR_POP: u8 = 0x61;
    /// Pop obj, push `iter(obj)`.
    pub const GET_ITER: u8 = 0x62;
    /// `target`: push the next item of the iterator on top; when it is exhausted, pop
    /// the iterator and jump.
    pub const FOR_ITER: u8 = 0x63;
    /// Pop and return.
    pub const RETURN: u8 = 0x64;
    /// Return `None`.
    pub const RETURN_NONE: u8 = 0x65;
    /// `n` (byte, 1 or 2): pop the cause (n = 2) and the exception, raise it.
    pub const RAISE: u8 = 0x66;
    /// Pop a, push `not a` (a bool).
    pub const NOT: u8 = 0x67;
    /// Push `...`.
    pub const LOAD_ELLIPSIS: u8 = 0x68;
    /// `n`: pop n strs, push their concatenation (f-strings).
    pub const BUILD_STR: u8 = 0x69;
    /// `conv` (byte, 0 none, 1 `!s`, 2 `!r`, 3 `!a`; plus [`FORMAT_SPEC`]): pop the
    /// spec (with [`FORMAT_SPEC`]) and the value, push `format(value, spec)`.
    pub const FORMAT: u8 = 0x6a;
    /// Pop b, pop a, push `a is b`.
    pub const IS: u8 = 0x6b;
    /// Pop b, pop a, push `a is not b`.
    pub const IS_NOT: u8 = 0x6c;
    /// `flags desc` (`desc` a pool index): pushes a new function object for descriptor
    /// `desc` (see [`fun_desc`](crate::fun_desc)); pops its keyword-only defaults (a dict,
    /// with [`MAKE_KWDEFAULTS`]) and positional defaults (a tuple, with
    /// [`MAKE_DEFAULTS`]).
    pub const MAKE_FUNCTION: u8 = 0x6d;
    /// `desc`: [`MAKE_FUNCTION`] without defaults.
    pub const MAKE_FUNCTION_PLAIN: u8 = 0x77;
    /// [`MAKE_FUNCTION`] flag: positional defaults.
    pub const MAKE_DEFAULTS: u8 = 1;
    /// [`MAKE_FUNCTION`] flag: keyword-only defaults.
    pub const MAKE_KWDEFAULTS: u8 = 2;
    /// [`MAKE_FUNCTION`] flag: a closure (a tuple of cells, popped before the defaults).
    pub const MAKE_CLOSURE: u8 = 4;
    /// `n`: replace local `n` with a new cell holding it (NULL: an unbound cell); a
    /// function's first operations, for the locals nested functions capture.
    pub const MAKE_CELL: u8 = 0x78;
    /// `n`: push the value of the cell in local `n` (raises when it is unbound).
    pub const LOAD_DEREF: u8 = 0x79;
    /// `n`: pop into the cell in local `n`.
    pub const STORE_DEREF: u8 = 0x7a;
    /// `kind pool`: push the module object of an import: kind 0, a builtin module whose
    /// definition is data `pool`; kind 1, a source module whose init function is `pool`.
    pub const IMPORT: u8 = 0x71;
    /// `q`: push `from <top> import q` (the module stays on the stack).
    pub const IMPORT_FROM: u8 = 0x72;
    /// `slot`: pop a value, append it to the list in local `slot` (comprehensions).
    pub const LIST_APPEND: u8 = 0x73;
    /// `slot`: pop a value, add it to the set in local `slot`.
    pub const SET_ADD: u8 = 0x74;
    /// `slot`: pop a value and a key (pushed first), store them in the dict in local
    /// `slot`.
    pub const MAP_ADD: u8 = 0x75;
    /// `k`: push the `k`th float object of the program's table
    /// ([`emitted::FLOATS`](crate::emitted::FLOATS)): a float literal.
    pub const LOAD_FLOAT: u8 = 0x76;
    /// `CALL_0 + n` (n < [`SHORT_CALL_ARGS`]): [`CALL`] with `n` positional arguments
    /// and no keywords.
    pub const CALL_0: u8 = 0xc0;
    /// `CALL_METHOD_0 + n` (n < [`SHORT_CALL_ARGS`]) `q`: [`CALL_METHOD`] with `n`
    /// positional arguments and no keywords.
    pub const CALL_METHOD_0: u8 = 0xc8;
    /// Most positional arguments of [`CALL_0`] and [`CALL_METHOD_0`] forms, plus one.
    pub const SHORT_CALL_ARGS: usize = 8;
    /// `LOAD_GLOBAL_0 + slot` (slot < [`SHORT_GLOBALS`]) `q`: [`LOAD_GLOBAL`].
    pub const LOAD_GLOBAL_0: u8 = 0xd0;
    /// `STORE_GLOBAL_0 + slot` (slot < [`SHORT_GLOBALS`]): [`STORE_GLOBAL`].
    pub const STORE_GLOBAL_0: u8 = 0xe0;
    /// Global slots the one-byte [`LOAD_GLOBAL_0`] and [`STORE_GLOBAL_0`] forms reach.
    pub const SHORT_GLOBALS: usize = 16;
    /// `k q`: pop a value into the class namespace (a dict) in local `k` under `q`.
    pub const STORE_NS: u8 = 0x6e;
    /// `STORE_NS_0 + k` (k < [`SHORT_NS`]) `q`: [`STORE_NS`].
    pub const STORE_NS_0: u8 = 0xf0;
    /// Locals the one-byte [`STORE_NS_0`] form reaches.
    pub const SHORT_NS: usize = 8;
    /// `k slot q`: push `q` from the class namespace in local `k`, or else global
    /// `slot`, or else the builtin `q` (a name a class body assigns).
    pub const LOAD_NS: u8 = 0x6f;
    /// `k q`: pop the bases (a tuple), push the class `q` made from them and the
    /// namespace in local `k`.
    pub const BUILD_CLASS: u8 = 0x70;
    /// [`FORMAT`] flag: a spec is on the stack.
    pub const FORMAT_SPEC: u8 = 4;

    /// [`LOAD_CONST`] kind: a float from its text.
    pub const CONST_FLOAT: u8 = 0;
    /// [`LOAD_CONST`] kind: an int too large for a small int, from its decimal text.
    pub const CONST_BIGINT: u8 = 1;
    /// [`LOAD_CONST`] kind: bytes (each char's code point is a byte).
    pub const CONST_BYTES: u8 = 2;
    /// [`LOAD_CONST`] kind: an imaginary number from the float text before the `j`.
    pub const CONST_COMPLEX: u8 = 3;
}
