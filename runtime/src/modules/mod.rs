//! The builtin modules, one file each. Every module is a `#[no_mangle]`
//! [`ModuleDef`](crate::module::ModuleDef) static named as in `upyc_abi::modules::BUILTIN`.

pub mod array;
pub mod binascii;
pub mod cmath;
pub mod collections;
pub mod errno;
pub mod gc;
pub mod hashlib;
pub mod heapq;
pub mod io;
pub mod json;
pub mod machine;
pub mod math;
pub mod micropython;
pub mod random;
pub mod re;
pub mod select;
pub mod support;
pub mod sys;
pub mod time;
pub mod uctypes;
pub mod ustruct;
pub mod zlib;

/// The class object of a type defined by a builtin module (`type(x)` for an
/// `OrderedDict`, a `deque`, a `StringIO`, a namedtuple instance).
pub fn type_obj_of(ty: &'static crate::obj::Type) -> Option<crate::obj::Obj> {
    collections::class_obj_of(ty).or_else(|| io::class_obj_of(ty))
}

/// Declares `static NAME: BuiltinFn` items for positional-only bodies `fn(&[Obj]) -> Obj`
/// (keyword arguments raise `TypeError`).
#[macro_export]
macro_rules! positional_fns {
    ($($stat:ident = $name:literal => $body:expr;)*) => {
        $(
            static $stat: $crate::callable::BuiltinFn =
                $crate::callable::BuiltinFn::new($name, |pos, kw| match $crate::builtins::no_kw(kw) {
                    Ok(()) => ($body)(pos),
                    Err(_) => $crate::obj::NULL,
                });
        )*
    };
}
