//! What differs between targets: start-up, console bytes, memory regions, exit.
//!
//! Each platform provides `spill_callee_saved`, `stack_pointer`, `stack_top`,
//! `data_range`, `console_write`, `console_flush` and `exit`.

#[cfg(all(target_arch = "arm", target_os = "none"))]
mod pyboard;
#[cfg(all(target_arch = "arm", target_os = "none"))]
pub use pyboard::*;

#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
mod host;
#[cfg(all(target_os = "linux", target_arch = "x86_64"))]
pub use host::*;

/// What the start-up code does once the machine is ready: runs the program, reports
/// an uncaught exception, and returns the exit status (0 normal, 1 uncaught exception,
/// the code of an uncaught `SystemExit`, which prints no traceback).
pub fn run_program() -> i32 {
    /// `upyc_abi::emitted::ENTRY`: the word naming what runs the main module, then
    /// (for compact bytecode) its code object.
    #[repr(C)]
    struct Entry {
        run: unsafe extern "C" fn(*const u8) -> usize,
    }
    extern "C" {
        static upy_entry: Entry;
    }
    crate::exc::init();
    // SAFETY: the compiled program defines `upy_entry`; what follows its word is the
    // code object its `run` expects (or nothing, for machine code, which ignores it).
    let r = unsafe {
        let entry = core::ptr::addr_of!(upy_entry);
        ((*entry).run)(entry.cast::<u8>().add(core::mem::size_of::<Entry>()))
    };
    if crate::gc::bench_report() {
        report_heap();
    }
    if r == crate::obj::NULL {
        let e = crate::exc::pending();
        if crate::exc::is_instance(e, &crate::exc::SYSTEM_EXIT) {
            return crate::modules::sys::exit_status(e);
        }
        crate::exc::print_uncaught();
        1
    } else {
        0
    }
}

/// Prints the heap figures `upyc bench` reads, on the diagnostics stream (stderr on the
/// host, the console on boards): `\n[upyc-bench peak-heap=BYTES collections=N]\n`.
fn report_heap() {
    use crate::console::{write_int, write_str, Stream};
    write_str(Stream::Err, "\n[upyc-bench peak-heap=");
    write_int(Stream::Err, crate::gc::peak_bytes() as isize);
    write_str(Stream::Err, " collections=");
    write_int(Stream::Err, crate::gc::collections() as isize);
    write_str(Stream::Err, "]\n");
}
