//! The upyc runtime: the `no_std` object model, GC heap, ints, strings, exceptions,
//! printing and board start-up linked into every compiled program.
#![no_std]

extern crate alloc;

pub mod attr;
pub mod binop_inplace;
pub mod buffer;
pub mod builtins;
pub mod bytearray;
pub mod bytes;
pub mod bytes_methods;
pub mod callable;
pub mod class;
pub mod complex;
pub mod console;
pub mod descr;
pub mod dict;
pub mod dict_methods;
pub mod entry;
pub mod exc;
pub mod float;
pub mod format;
pub mod fun;
pub mod gc;
pub mod gen;
pub mod hash;
pub mod instance;
pub mod int;
pub mod int_bytes;
pub mod iter;
pub mod iters;
pub mod list;
pub mod list_methods;
pub mod map;
pub mod memoryview;
pub mod module;
pub mod modules;
pub mod obj;
pub mod platform;
pub mod print;
pub mod pyvm;
pub mod qstr;
pub mod range;
pub mod seq;
pub mod seq_methods;
pub mod set;
pub mod set_methods;
pub mod site_cache;
pub mod slice;
pub mod sort;
pub mod str;
pub mod str_methods;
pub mod subscr;
#[cfg(target_arch = "arm")]
pub mod trig32;
pub mod tuple;
pub mod types;
pub mod viper;
pub mod vm;

#[global_allocator]
static ALLOCATOR: gc::GcAllocator = gc::GcAllocator;

/// Runtime panics are bugs, except a failed Rust allocation (e.g. a big int growing),
/// which ends the program as an uncaught `MemoryError`.
#[panic_handler]
fn panic(info: &core::panic::PanicInfo) -> ! {
    use console::Stream;
    // SAFETY: single-threaded.
    if unsafe { gc::RUST_ALLOC_FAILED } {
        console::write_str(Stream::Err, "Traceback (most recent call last):\n");
        console::write_str(Stream::Err, "MemoryError: memory allocation failed\n");
        platform::exit_with(1);
    }
    console::write_str(Stream::Err, "FATAL: runtime panic");
    if let Some(loc) = info.location() {
        console::write_str(Stream::Err, " at ");
        console::write_str(Stream::Err, loc.file());
        console::write_str(Stream::Err, ":");
        console::write_int(Stream::Err, loc.line() as isize);
    }
    console::write_str(Stream::Err, "\n");
    platform::exit_with(3)
}
