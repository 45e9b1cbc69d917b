//! Printing objects (`print`, exception messages).

use crate::console::{self, Stream};
use crate::obj::{self, Kind, Obj, FALSE, NONE, TRUE};

/// Writes `str(o)` to `s`.
pub fn print_obj(s: Stream, o: Obj) {
    if let Some(i) = crate::int::get(o) {
        if o == TRUE {
            console::write_str(s, "True");
        } else if o == FALSE {
            console::write_str(s, "False");
        } else {
            crate::int::print(s, i);
        }
    } else if o == NONE {
        console::write_str(s, "None");
    } else if let Some(b) = crate::str::bytes(o) {
        console::write(s, b);
    } else if obj::is_ptr(o) && obj::type_of(o).kind == Kind::Exception {
        // SAFETY: an exception object.
        let e = unsafe { &*(o as *const crate::exc::ExcObj) };
        if e.arg != obj::NULL {
            print_obj(s, e.arg);
        }
    } else {
        console::write_str(s, "<");
        console::write_str(s, obj::type_name(o));
        console::write_str(s, ">");
    }
}
