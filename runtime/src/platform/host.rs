//! The host platform (x86_64 Linux): `main`, an mmap'ed heap, stdout/stderr via libc.

use core::ptr::addr_of;

use crate::gc;

extern "C" {
    fn write(fd: i32, buf: *const u8, n: usize) -> isize;
    fn read(fd: i32, buf: *mut u8, n: usize) -> isize;
    fn poll(fds: *mut [i32; 2], n: u64, timeout: i32) -> i32;
    fn clock_gettime(clock: i32, ts: *mut [i64; 2]) -> i32;
    fn nanosleep(req: *const [i64; 2], rem: *mut [i64; 2]) -> i32;
    fn exit(status: i32) -> !;
    fn mmap(addr: *mut u8, len: usize, prot: i32, flags: i32, fd: i32, off: i64) -> *mut u8;
    fn getrlimit(resource: i32, rlim: *mut [u64; 2]) -> i32;
    /// Start of the image's writable data (defined by glibc's crt1.o).
    static __data_start: u8;
    /// End of `.bss` (defined by the linker).
    static _end: u8;
}

const HEAP_BYTES: usize = 64 << 20;
/// The heap used under `--gc-stress`.
const STRESS_HEAP_BYTES: usize = 512 << 10;
const PROT_READ_WRITE: i32 = 0x1 | 0x2;
const MAP_PRIVATE_ANON_NORESERVE: i32 = 0x02 | 0x20 | 0x4000;
const RLIMIT_STACK: i32 = 3;

static mut STACK_TOP: usize = 0;

/// The process entry point called by the C start-up code.
#[no_mangle]
pub extern "C" fn main(_argc: i32, _argv: *const *const u8) -> i32 {
    let top = stack_pointer();
    // SAFETY: single-threaded start-up.
    unsafe { STACK_TOP = top };
    let mut lim = [0u64; 2];
    // SAFETY: `lim` is a valid `struct rlimit`.
    let stack_size = if unsafe { getrlimit(RLIMIT_STACK, &mut lim) } == 0 {
        (lim[0].min(8 << 20)) as usize
    } else {
        8 << 20
    };
    // Compiled code may use half the stack; the rest is headroom for the runtime.
    crate::entry::set_stack_limit(top - stack_size / 2);
    // The heap is mapped, not static: `.bss` is a GC root and would be scanned.
    // SAFETY: an anonymous private mapping.
    let heap = unsafe {
        mmap(
            core::ptr::null_mut(),
            HEAP_BYTES,
            PROT_READ_WRITE,
            MAP_PRIVATE_ANON_NORESERVE,
            -1,
            0,
        )
    };
    if heap as isize == -1 {
        console_write(b"FATAL: cannot map the heap\n", true);
        exit_with(3);
    }
    // Under `--gc-stress` every allocation sweeps the whole heap: keep it small (the
    // programs it checks fit the pyboard's ~90 KiB heap).
    let bytes = if gc::stress() {
        STRESS_HEAP_BYTES
    } else {
        HEAP_BYTES
    };
    gc::init(heap as usize, heap as usize + bytes);
    let status = crate::platform::run_program();
    exit_with(status)
}

/// Spills the callee-saved registers into an array the caller keeps on its stack.
#[inline(always)]
pub fn spill_callee_saved() -> [usize; 6] {
    let mut regs = [0usize; 6];
    // SAFETY: stores six words into `regs`.
    unsafe {
        core::arch::asm!(
            "mov [{0}], rbx",
            "mov [{0} + 8], rbp",
            "mov [{0} + 16], r12",
            "mov [{0} + 24], r13",
            "mov [{0} + 32], r14",
            "mov [{0} + 40], r15",
            in(reg) regs.as_mut_ptr(),
            options(nostack, preserves_flags),
        );
    }
    regs
}

/// The current stack pointer.
#[inline(always)]
pub fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: reads a register.
    unsafe {
        core::arch::asm!("mov {}, rsp", out(reg) sp, options(nomem, nostack, preserves_flags))
    };
    sp
}

/// The highest stack address the program's frames use (recorded in `main`).
pub fn stack_top() -> usize {
    // SAFETY: written once at start-up.
    unsafe { STACK_TOP }
}

/// The image's `.data` + `.bss` (GC roots).
pub fn data_range() -> (usize, usize) {
    (addr_of!(__data_start) as usize, addr_of!(_end) as usize)
}

const OUT_BUF: usize = 4096;
static mut OUT: [u8; OUT_BUF] = [0; OUT_BUF];
static mut OUT_LEN: usize = 0;

fn write_all(fd: i32, mut b: &[u8]) {
    while !b.is_empty() {
        // SAFETY: `b` is a valid buffer.
        let n = unsafe { write(fd, b.as_ptr(), b.len()) };
        if n <= 0 {
            // EINTR is retried; anything else (closed pipe) drops the output.
            if n < 0 && errno() == 4 {
                continue;
            }
            return;
        }
        b = &b[n as usize..];
    }
}

fn errno() -> i32 {
    extern "C" {
        fn __errno_location() -> *mut i32;
    }
    // SAFETY: glibc's thread-local errno.
    unsafe { *__errno_location() }
}

/// Writes program output (`err == false`, buffered stdout) or diagnostics (stderr,
/// after flushing stdout).
pub fn console_write(b: &[u8], err: bool) {
    if err {
        console_flush();
        write_all(2, b);
        return;
    }
    // SAFETY: single-threaded; the buffer is only touched here and in `console_flush`.
    unsafe {
        let buf = &mut *core::ptr::addr_of_mut!(OUT);
        if OUT_LEN + b.len() > OUT_BUF {
            console_flush();
        }
        if b.len() >= OUT_BUF {
            write_all(1, b);
        } else {
            buf[OUT_LEN..OUT_LEN + b.len()].copy_from_slice(b);
            OUT_LEN += b.len();
        }
    }
}

/// Writes out buffered stdout.
pub fn console_flush() {
    // SAFETY: single-threaded.
    unsafe {
        let buf = &*core::ptr::addr_of!(OUT);
        let n = OUT_LEN;
        OUT_LEN = 0;
        write_all(1, &buf[..n]);
    }
}

/// True when console input (stdin) is readable now (a byte or the end of input).
pub fn console_can_read() -> bool {
    // struct pollfd { int fd; short events; short revents; }: POLLIN = 1.
    let mut fd = [0i32, 1];
    // SAFETY: one valid pollfd.
    let n = unsafe { poll(&mut fd, 1, 0) };
    n > 0 && (fd[1] >> 16) & (1 | 0x10) != 0
}

/// Reads one byte of console input (stdin); `None` at the end of input.
pub fn console_read_byte() -> Option<u8> {
    let mut b = 0u8;
    loop {
        // SAFETY: reads one byte into `b`.
        let n = unsafe { read(0, &mut b, 1) };
        if n == 1 {
            return Some(b);
        }
        if n < 0 && errno() == 4 {
            continue;
        }
        return None;
    }
}

fn clock(id: i32) -> (i64, i64) {
    let mut ts = [0i64; 2];
    // SAFETY: `ts` is a valid `struct timespec`.
    unsafe { clock_gettime(id, &mut ts) };
    (ts[0], ts[1])
}

/// Microseconds of the monotonic clock.
pub fn ticks_us() -> u64 {
    let (s, ns) = clock(1); // CLOCK_MONOTONIC
    s as u64 * 1_000_000 + ns as u64 / 1000
}

/// Waits `us` microseconds.
pub fn sleep_us(us: u64) {
    let mut req = [(us / 1_000_000) as i64, ((us % 1_000_000) * 1000) as i64];
    let mut rem = [0i64; 2];
    // SAFETY: valid timespecs; EINTR continues with the remaining time.
    while unsafe { nanosleep(&req, &mut rem) } != 0 && errno() == 4 {
        req = rem;
    }
}

/// Seconds since 2000-01-01 00:00:00 UTC (MicroPython's epoch).
pub fn epoch_seconds() -> i64 {
    clock(0).0 - 946_684_800 // CLOCK_REALTIME
}

/// Flushes and ends the process with `status`.
pub fn exit_with(status: i32) -> ! {
    console_flush();
    // SAFETY: ends the process.
    unsafe { exit(status) }
}

/// The precompiled `core`/`alloc` for this target were built for unwinding and refer
/// to this symbol; with `panic=abort` nothing unwinds, so it is never called.
#[no_mangle]
pub extern "C" fn rust_eh_personality() {}
