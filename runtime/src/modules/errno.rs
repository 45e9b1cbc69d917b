//! `errno` (alias `uerrno`): MicroPython's error constants (Linux numbering on every
//! board, as MicroPython uses) and `errorcode` (number to name).

use crate::dict;
use crate::module::{Member, ModuleDef};
use crate::obj::{self, Obj, NULL};

/// The constants MicroPython defines.
const CODES: &[(&str, isize)] = &[
    ("EPERM", 1),
    ("ENOENT", 2),
    ("EIO", 5),
    ("EBADF", 9),
    ("EAGAIN", 11),
    ("ENOMEM", 12),
    ("EACCES", 13),
    ("EEXIST", 17),
    ("ENODEV", 19),
    ("EISDIR", 21),
    ("EINVAL", 22),
    ("EOPNOTSUPP", 95),
    ("EADDRINUSE", 98),
    ("ECONNABORTED", 103),
    ("ECONNRESET", 104),
    ("ENOBUFS", 105),
    ("ENOTCONN", 107),
    ("ETIMEDOUT", 110),
    ("ECONNREFUSED", 111),
    ("EHOSTUNREACH", 113),
    ("EALREADY", 114),
    ("EINPROGRESS", 115),
];

fn errorcode() -> Obj {
    let d = dict::new();
    if d == NULL {
        return NULL;
    }
    for &(name, code) in CODES {
        let n = crate::str::new_static(name);
        if n == NULL || dict::map(d).store(obj::new_small_int(code), n).is_err() {
            return NULL;
        }
    }
    d
}

/// `errno`.
#[no_mangle]
pub static upy_module_errno: ModuleDef = ModuleDef {
    name: "errno",
    members: &MEMBERS,
};

const N: usize = CODES.len();

/// The constants, then `errorcode`.
static MEMBERS: [(&str, Member); N + 1] = {
    let mut m = [const { ("errorcode", Member::Make(errorcode)) }; N + 1];
    let mut i = 0;
    while i < N {
        m[i] = (CODES[i].0, Member::Int(CODES[i].1));
        i += 1;
    }
    m
};
