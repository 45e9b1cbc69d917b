//! `select` (alias `uselect`): `poll` objects (`register`, `unregister`, `modify`,
//! `poll`, `ipoll`) and `select()`, for the console streams (`sys.stdin` is readable
//! when a byte has arrived; `sys.stdout`/`sys.stderr` are always writable) and
//! `io.StringIO` objects (always ready). Under QEMU the pyboard's USART model has been
//! seen to hold back the first input byte until a read has started, so a `poll` that
//! waits for the first console input may time out there; later bytes are seen.

use alloc::vec::Vec;

use crate::callable::BuiltinFn;
use crate::exc;
use crate::module::{Member, ModuleDef};
use crate::modules::support::{self, fail, ret};
use crate::obj::{self, Obj, PyResult, Type, NONE};
use crate::{list, platform, tuple};

const POLLIN: u32 = 1;
const POLLOUT: u32 = 4;
const POLLERR: u32 = 8;
const POLLHUP: u32 = 16;

/// The events `o` is ready for now.
fn ready(o: Obj) -> PyResult<u32> {
    if crate::modules::sys::console_stream(o).is_some() {
        let readable = crate::modules::sys::is_stdin(o) && platform::console_can_read();
        let writable = !crate::modules::sys::is_stdin(o);
        return Ok(if readable { POLLIN } else { 0 } | if writable { POLLOUT } else { 0 });
    }
    if crate::modules::io::is_stream(o) {
        return Ok(POLLIN | POLLOUT);
    }
    fail(&exc::TYPE_ERROR, "object with stream.ioctl required")
}

/// A poll object.
#[repr(C)]
pub struct PollObj {
    ty: &'static Type,
    entries: Vec<(Obj, u32)>,
}

fn pobj<'a>(o: Obj) -> PyResult<&'a mut PollObj> {
    if obj::is_type(o, &POLL_TYPE) {
        // SAFETY: a poll object; single-threaded.
        Ok(unsafe { &mut *(o as *mut PollObj) })
    } else {
        fail(&exc::TYPE_ERROR, "expected a poll object")
    }
}

fn poll_new(p: &[Obj], k: &[Obj]) -> Obj {
    ret(support::args(p, k, 0, 0).and_then(|_| {
        obj::check(obj::new_obj(PollObj {
            ty: &POLL_TYPE,
            entries: Vec::new(),
        }))
    }))
}

fn mask_arg(p: &[Obj], i: usize) -> PyResult<u32> {
    match p.get(i) {
        Some(&m) => Ok(support::int_arg(m)? as u32),
        None => Ok(POLLIN | POLLOUT),
    }
}

fn register(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 3)?;
        let mask = mask_arg(p, 2)?;
        ready(p[1])?;
        let po = pobj(p[0])?;
        match po.entries.iter_mut().find(|e| e.0 == p[1]) {
            Some(e) => e.1 = mask,
            None => {
                if po.entries.try_reserve(1).is_err() {
                    exc::raise_memory_error();
                    return Err(obj::Raised);
                }
                po.entries.push((p[1], mask));
            }
        }
        Ok(NONE)
    })())
}

fn unregister(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 2, 2)?;
        pobj(p[0])?.entries.retain(|e| e.0 != p[1]);
        Ok(NONE)
    })())
}

fn modify(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 3, 3)?;
        let mask = mask_arg(p, 2)?;
        match pobj(p[0])?.entries.iter_mut().find(|e| e.0 == p[1]) {
            Some(e) => {
                e.1 = mask;
                Ok(NONE)
            }
            None => {
                exc::raise_arg(&exc::OS_ERROR, obj::new_small_int(2));
                Err(obj::Raised)
            }
        }
    })())
}

/// Timeout in milliseconds (`None`/negative: forever) from an optional argument.
fn timeout_ms(o: Option<&Obj>) -> PyResult<Option<u64>> {
    match o {
        None => Ok(None),
        Some(&t) if t == NONE => Ok(None),
        Some(&t) => {
            let v = support::int_arg(t)?;
            Ok((v >= 0).then_some(v as u64))
        }
    }
}

/// Waits until some entry is ready (or the timeout passes); the ready ones.
fn wait(entries: &[(Obj, u32)], timeout: Option<u64>) -> PyResult<Vec<(Obj, u32)>> {
    let start = platform::ticks_us();
    loop {
        let mut out = Vec::new();
        for &(o, mask) in entries {
            let r = ready(o)? & (mask | POLLERR | POLLHUP);
            if r != 0 {
                out.push((o, r));
            }
        }
        let expired = timeout.is_some_and(|t| platform::ticks_us() - start >= t * 1000);
        if !out.is_empty() || expired || entries.is_empty() && timeout.is_some() {
            return Ok(out);
        }
        platform::sleep_us(200);
    }
}

fn poll_poll(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 1, 3)?;
        let timeout = timeout_ms(p.get(1))?;
        let entries = pobj(p[0])?.entries.clone();
        let ready = wait(&entries, timeout)?;
        let l = obj::check(list::new(&[]))?;
        for (o, ev) in ready {
            let t = obj::check(tuple::new(&[o, obj::new_small_int(ev as isize)]))?;
            list::push(l, t)?;
        }
        Ok(l)
    })())
}

fn poll_ipoll(p: &[Obj], k: &[Obj]) -> Obj {
    let l = poll_poll(p, k);
    if l == obj::NULL {
        return l;
    }
    crate::iter::seq_iter(l)
}

fn select(p: &[Obj], k: &[Obj]) -> Obj {
    ret((|| {
        support::args(p, k, 3, 4)?;
        let timeout = match p.get(3) {
            None => None,
            Some(&t) if t == NONE => None,
            Some(&t) => match crate::float::to_flt(t) {
                Some(s) if s >= 0.0 => Some((s * 1000.0) as u64),
                Some(_) => None,
                None => return fail(&exc::TYPE_ERROR, "timeout must be a number"),
            },
        };
        let mut entries = Vec::new();
        for (i, mask) in [(0, POLLIN), (1, POLLOUT)] {
            for o in crate::seq::collect(p[i])? {
                entries.push((o, mask));
            }
        }
        let ready = wait(&entries, timeout)?;
        let r = obj::check(list::new(&[]))?;
        let w = obj::check(list::new(&[]))?;
        for (o, ev) in ready {
            if ev & POLLIN != 0 && entries.iter().any(|e| e.0 == o && e.1 == POLLIN) {
                list::push(r, o)?;
            }
            if ev & POLLOUT != 0 && entries.iter().any(|e| e.0 == o && e.1 == POLLOUT) {
                list::push(w, o)?;
            }
        }
        let x = obj::check(list::new(&[]))?;
        obj::check(tuple::new(&[r, w, x]))
    })())
}

static REGISTER: BuiltinFn = BuiltinFn::new("register", register);
static UNREGISTER: BuiltinFn = BuiltinFn::new("unregister", unregister);
static MODIFY: BuiltinFn = BuiltinFn::new("modify", modify);
static POLL_POLL: BuiltinFn = BuiltinFn::new("poll", poll_poll);
static POLL_IPOLL: BuiltinFn = BuiltinFn::new("ipoll", poll_ipoll);

/// Poll objects.
pub static POLL_TYPE: Type = Type {
    methods: &[&REGISTER, &UNREGISTER, &MODIFY, &POLL_POLL, &POLL_IPOLL],
    ..Type::new("poll")
};

static POLL: BuiltinFn = BuiltinFn::new("poll", poll_new);
static SELECT: BuiltinFn = BuiltinFn::new("select", select);

/// `select`.
#[no_mangle]
pub static upy_module_select: ModuleDef = ModuleDef {
    name: "select",
    members: &[
        ("poll", Member::Fn(&POLL)),
        ("select", Member::Fn(&SELECT)),
        ("POLLIN", Member::Int(POLLIN as isize)),
        ("POLLOUT", Member::Int(POLLOUT as isize)),
        ("POLLERR", Member::Int(POLLERR as isize)),
        ("POLLHUP", Member::Int(POLLHUP as isize)),
    ],
};
