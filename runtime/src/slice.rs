//! `slice` objects (`a[1:2]`) and `upy_build_slice`.

use crate::obj::{self, Obj, PrintKind, PyResult, Type, Writer};

/// A slice: each part an object, `None` when not given.
#[repr(C)]
pub struct SliceObj {
    ty: &'static Type,
    /// Start.
    pub start: Obj,
    /// Stop.
    pub stop: Obj,
    /// Step.
    pub step: Obj,
}

/// The slice `o` is, if it is one.
pub fn get<'a>(o: Obj) -> Option<&'a SliceObj> {
    if obj::is_type(o, &SLICE_TYPE) {
        // SAFETY: a slice object.
        Some(unsafe { &*(o as *const SliceObj) })
    } else {
        None
    }
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let Some(s) = get(o) else { return Ok(()) };
    w.write(b"slice(");
    crate::print::print(w, s.start, PrintKind::Repr)?;
    w.write(b", ");
    crate::print::print(w, s.stop, PrintKind::Repr)?;
    w.write(b", ");
    crate::print::print(w, s.step, PrintKind::Repr)?;
    w.write(b")");
    Ok(())
}

/// `slice`.
pub static SLICE_TYPE: Type = Type {
    print: Some(print),
    hash: Some(crate::hash::unhashable),
    ..Type::new("slice")
};

/// A new slice; missing parts are `None`.
#[no_mangle]
pub extern "C" fn upy_build_slice(start: Obj, stop: Obj, step: Obj) -> Obj {
    let fix = |o: Obj| if o == obj::NULL { obj::NONE } else { o };
    obj::new_obj(SliceObj {
        ty: &SLICE_TYPE,
        start: fix(start),
        stop: fix(stop),
        step: fix(step),
    })
}
