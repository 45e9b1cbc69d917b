//! `micropython`: access to runtime internals. `const`, `native` and `viper` are also
//! handled by the compiler; here they exist so that the module's attributes match
//! MicroPython's.

use crate::builtins::{argc, no_kw};
use crate::callable::{self, BuiltinFn};
use crate::console::{self, Stream};
use crate::exc;
use crate::gc;
use crate::module::{Member, ModuleDef};
use crate::obj::{self, Obj, NONE, NULL};
use crate::platform;

/// The optimisation level `opt_level()` reports (upyc compiles ahead of time, so it
/// only records the value).
static mut OPT_LEVEL: isize = 0;
/// Nesting depth of `heap_lock()`.
static mut HEAP_LOCK_DEPTH: isize = 0;
/// The keyboard-interrupt character set by `kbd_intr()` (-1: disabled).
static mut KBD_INTR: isize = 3;

const SCHED_DEPTH: usize = 4;
/// Pending `schedule()` calls: (function, argument); statics are GC roots.
static mut SCHED_QUEUE: [(Obj, Obj); SCHED_DEPTH] = [(NULL, NULL); SCHED_DEPTH];
static mut SCHED_LEN: usize = 0;
static mut SCHED_RUNNING: bool = false;

fn identity(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 1, 1)).is_err() {
        return NULL;
    }
    pos[0]
}

fn opt_level(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 0, 1)).is_err() {
        return NULL;
    }
    // SAFETY: single-threaded.
    unsafe {
        match pos.first() {
            None => obj::new_small_int(OPT_LEVEL),
            Some(&v) => match crate::int::to_isize(v) {
                Some(l) => {
                    OPT_LEVEL = l;
                    NONE
                }
                None => exc::raise(&exc::TYPE_ERROR, "opt_level must be an int"),
            },
        }
    }
}

fn stack_used() -> usize {
    platform::stack_top().saturating_sub(platform::stack_pointer())
}

fn stack_use(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 0, 0)).is_err() {
        return NULL;
    }
    obj::new_small_int(stack_used() as isize)
}

fn mem_info(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 0, 1)).is_err() {
        return NULL;
    }
    let out = Stream::Out;
    // SAFETY: set once at start-up.
    let limit = unsafe { crate::entry::upy_stack_limit };
    console::write_str(out, "stack: ");
    console::write_int(out, stack_used() as isize);
    console::write_str(out, " out of ");
    console::write_int(out, platform::stack_top().saturating_sub(limit) as isize);
    let s = gc::stats();
    for (label, v) in [
        ("\nGC: total: ", s.total),
        (", used: ", s.used),
        (", free: ", s.free),
        ("\n No. of 1-blocks: ", s.one_blocks),
        (", 2-blocks: ", s.two_blocks),
        (", max blk sz: ", s.max_block),
        (", max free sz: ", s.max_free),
    ] {
        console::write_str(out, label);
        console::write_int(out, v as isize);
    }
    console::write_str(out, "\n");
    NONE
}

fn qstr_info(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 0, 1)).is_err() {
        return NULL;
    }
    // Every interned string is in the image (compile time); none live in RAM.
    console::write_str(
        Stream::Out,
        "qstr pool: n_pool=0, n_qstr=0, n_str_data_bytes=0, n_total_bytes=0\n",
    );
    NONE
}

fn heap_lock(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 0, 0)).is_err() {
        return NULL;
    }
    // SAFETY: single-threaded.
    unsafe { HEAP_LOCK_DEPTH += 1 };
    gc::lock(true);
    NONE
}

fn heap_unlock(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 0, 0)).is_err() {
        return NULL;
    }
    // SAFETY: single-threaded.
    let depth = unsafe {
        HEAP_LOCK_DEPTH = (HEAP_LOCK_DEPTH - 1).max(0);
        HEAP_LOCK_DEPTH
    };
    gc::lock(depth > 0);
    obj::new_small_int(depth)
}

fn heap_locked(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 0, 0)).is_err() {
        return NULL;
    }
    // SAFETY: single-threaded.
    obj::new_small_int(unsafe { HEAP_LOCK_DEPTH })
}

fn alloc_emergency_exception_buf(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 1, 1)).is_err() {
        return NULL;
    }
    // Exceptions raised while the heap is locked or full use a preallocated object
    // already, so there is nothing to reserve.
    if crate::int::to_isize(pos[0]).is_none() {
        return exc::raise(&exc::TYPE_ERROR, "size must be an int");
    }
    NONE
}

fn kbd_intr(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 1, 1)).is_err() {
        return NULL;
    }
    match crate::int::to_isize(pos[0]) {
        // SAFETY: single-threaded.
        Some(c) => unsafe {
            KBD_INTR = c;
            NONE
        },
        None => exc::raise(&exc::TYPE_ERROR, "chr must be an int"),
    }
}

/// `schedule(func, arg)`: queues `func(arg)`. There are no interrupts that could
/// preempt compiled code, so the queue is run as soon as the outermost `schedule`
/// call returns (a callback that schedules another runs it after itself).
fn schedule(pos: &[Obj], kw: &[Obj]) -> Obj {
    if no_kw(kw).and_then(|_| argc(pos, 2, 2)).is_err() {
        return NULL;
    }
    // SAFETY: single-threaded; the queue is only touched here, and no reference to it
    // is held across a callback (which may schedule more).
    unsafe {
        let queue = &mut *core::ptr::addr_of_mut!(SCHED_QUEUE);
        if SCHED_LEN == SCHED_DEPTH {
            return exc::raise(&exc::RUNTIME_ERROR, "schedule queue full");
        }
        queue[SCHED_LEN] = (pos[0], pos[1]);
        SCHED_LEN += 1;
        if SCHED_RUNNING {
            return NONE;
        }
        SCHED_RUNNING = true;
        while SCHED_LEN > 0 {
            let queue = &mut *core::ptr::addr_of_mut!(SCHED_QUEUE);
            let (f, a) = queue[0];
            queue.copy_within(1..SCHED_LEN, 0);
            SCHED_LEN -= 1;
            queue[SCHED_LEN] = (NULL, NULL);
            if callable::call1(f, a) == NULL {
                SCHED_RUNNING = false;
                return NULL;
            }
        }
        SCHED_RUNNING = false;
    }
    NONE
}

static CONST: BuiltinFn = BuiltinFn::new("const", identity);
static NATIVE: BuiltinFn = BuiltinFn::new("native", identity);
static VIPER: BuiltinFn = BuiltinFn::new("viper", identity);
static OPT_LEVEL_FN: BuiltinFn = BuiltinFn::new("opt_level", opt_level);
static MEM_INFO: BuiltinFn = BuiltinFn::new("mem_info", mem_info);
static QSTR_INFO: BuiltinFn = BuiltinFn::new("qstr_info", qstr_info);
static STACK_USE: BuiltinFn = BuiltinFn::new("stack_use", stack_use);
static HEAP_LOCK: BuiltinFn = BuiltinFn::new("heap_lock", heap_lock);
static HEAP_UNLOCK: BuiltinFn = BuiltinFn::new("heap_unlock", heap_unlock);
static HEAP_LOCKED: BuiltinFn = BuiltinFn::new("heap_locked", heap_locked);
static ALLOC_EMERGENCY: BuiltinFn = BuiltinFn::new(
    "alloc_emergency_exception_buf",
    alloc_emergency_exception_buf,
);
static SCHEDULE: BuiltinFn = BuiltinFn::new("schedule", schedule);
static KBD_INTR_FN: BuiltinFn = BuiltinFn::new("kbd_intr", kbd_intr);

/// `micropython`.
#[no_mangle]
pub static upy_module_micropython: ModuleDef = ModuleDef {
    name: "micropython",
    members: &[
        ("const", Member::Fn(&CONST)),
        ("native", Member::Fn(&NATIVE)),
        ("viper", Member::Fn(&VIPER)),
        ("opt_level", Member::Fn(&OPT_LEVEL_FN)),
        ("mem_info", Member::Fn(&MEM_INFO)),
        ("qstr_info", Member::Fn(&QSTR_INFO)),
        ("stack_use", Member::Fn(&STACK_USE)),
        ("heap_lock", Member::Fn(&HEAP_LOCK)),
        ("heap_unlock", Member::Fn(&HEAP_UNLOCK)),
        ("heap_locked", Member::Fn(&HEAP_LOCKED)),
        (
            "alloc_emergency_exception_buf",
            Member::Fn(&ALLOC_EMERGENCY),
        ),
        ("schedule", Member::Fn(&SCHEDULE)),
        ("kbd_intr", Member::Fn(&KBD_INTR_FN)),
    ],
};
