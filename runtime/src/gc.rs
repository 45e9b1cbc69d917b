//! The garbage-collected heap (design D6), in the style of MicroPython's `gc.c`.
//!
//! The heap region is split into an allocation table (2 bits per block: free, head,
//! tail, mark) followed by the pool of fixed-size blocks (4 words each). Collection is
//! non-moving mark-sweep with fully conservative marking: every word of the stack (after
//! spilling callee-saved registers), of the image's `.data`/`.bss`, and of every marked
//! block that points anywhere into an allocated block (interior pointers included)
//! keeps that block alive. The heap is also Rust's global allocator.

use core::alloc::{GlobalAlloc, Layout};
use core::ptr;

use crate::platform;

/// Bytes in one allocation block (4 words).
pub const BYTES_PER_BLOCK: usize = 4 * core::mem::size_of::<usize>();
const _: () = assert!(
    BYTES_PER_BLOCK == 4 * WORD,
    "alloc's fast path zeroes four words"
);
const WORD: usize = core::mem::size_of::<usize>();

const FREE: u8 = 0;
const HEAD: u8 = 1;
const TAIL: u8 = 2;
const MARK: u8 = 3;

/// Entries of the explicit mark stack; on overflow the marked blocks are rescanned.
const MARK_STACK_LEN: usize = 64;

/// State of the heap. Kept out of the root set (see [`collect`]): its pointers would
/// otherwise pin block 0.
struct Heap {
    atb: *mut u8,
    pool: usize,
    pool_end: usize,
    n_blocks: usize,
    /// Where the next search for free blocks starts (next fit).
    rover: usize,
    locked: bool,
    collections: usize,
    /// Collect automatically (when the heap is full or the threshold is passed).
    auto: bool,
    /// Bytes allocated since the last collection.
    since: usize,
    /// Collect once `since` passes this many bytes (`usize::MAX`: never).
    threshold: usize,
    /// Blocks allocated now (head and tail blocks, garbage included until a sweep).
    in_use: usize,
    /// The most blocks ever allocated at once (`upyc bench` reports it).
    peak: usize,
    /// [`alloc`]'s one-block fast path runs while `since` is below this: 0 when the
    /// heap is locked or every allocation collects (`--gc-stress`), else the threshold
    /// when collecting automatically (see [`Heap::refresh`]).
    fast_limit: usize,
}

static mut HEAP: Heap = Heap {
    atb: ptr::null_mut(),
    pool: 0,
    pool_end: 0,
    n_blocks: 0,
    rover: 0,
    locked: false,
    collections: 0,
    auto: true,
    since: 0,
    threshold: usize::MAX,
    in_use: 0,
    peak: 0,
    fast_limit: 0,
};

#[inline]
fn heap() -> &'static mut Heap {
    // SAFETY: the runtime is single-threaded; interrupt handlers must not allocate
    // while `locked` is clear (they check `locked` first once they exist).
    unsafe { &mut *ptr::addr_of_mut!(HEAP) }
}

/// Sets up the heap in `[start, end)`. Called once at start-up.
pub fn init(start: usize, end: usize) {
    let h = heap();
    let start = (start + WORD - 1) & !(WORD - 1);
    if end <= start + 2 * BYTES_PER_BLOCK {
        return;
    }
    let total = end - start;
    // Each block costs BYTES_PER_BLOCK bytes of pool plus a quarter byte of table.
    let n = total * 4 / (4 * BYTES_PER_BLOCK + 1);
    let atb_bytes = n.div_ceil(4);
    let pool = (start + atb_bytes + BYTES_PER_BLOCK - 1) & !(BYTES_PER_BLOCK - 1);
    let n_blocks = (end - pool) / BYTES_PER_BLOCK;
    let n_blocks = n_blocks.min(atb_bytes * 4);
    // SAFETY: the table lies in the heap region given by the platform.
    unsafe { ptr::write_bytes(start as *mut u8, 0, atb_bytes) };
    h.atb = start as *mut u8;
    h.pool = pool;
    h.n_blocks = n_blocks;
    h.pool_end = pool + n_blocks * BYTES_PER_BLOCK;
    h.rover = 0;
    h.refresh();
}

impl Heap {
    /// Recomputes [`Heap::fast_limit`] after the lock, `auto` or the threshold changed.
    fn refresh(&mut self) {
        self.fast_limit = if self.locked || stress() {
            0
        } else if self.auto {
            self.threshold
        } else {
            usize::MAX
        };
    }

    #[inline]
    fn get(&self, b: usize) -> u8 {
        // SAFETY: `b < n_blocks` at every call; the table has n_blocks/4 bytes.
        unsafe { (*self.atb.add(b / 4) >> ((b % 4) * 2)) & 3 }
    }

    #[inline]
    fn set(&mut self, b: usize, v: u8) {
        let shift = (b % 4) * 2;
        // SAFETY: as in `get`.
        unsafe {
            let p = self.atb.add(b / 4);
            *p = (*p & !(3 << shift)) | (v << shift);
        }
    }

    #[inline]
    fn addr(&self, b: usize) -> usize {
        self.pool + b * BYTES_PER_BLOCK
    }

    /// Number of blocks of the allocation whose head is `b`.
    fn len_of(&self, b: usize) -> usize {
        let mut e = b + 1;
        while e < self.n_blocks && self.get(e) == TAIL {
            e += 1;
        }
        e - b
    }

    /// Next fit: searches from the rover (where the last allocation ended) to the end,
    /// then from the start. Amortised, each block is passed over once per lap.
    fn try_alloc(&mut self, n: usize) -> *mut u8 {
        let r = self.rover;
        let start = match self.find(r, self.n_blocks, n) {
            Some(s) => s,
            None => match self.find(0, (r + n).min(self.n_blocks), n) {
                Some(s) => s,
                None => return ptr::null_mut(),
            },
        };
        self.set(start, HEAD);
        for t in start + 1..start + n {
            self.set(t, TAIL);
        }
        self.rover = start + n;
        self.grew(n);
        let p = self.addr(start) as *mut u8;
        // SAFETY: the blocks are ours now.
        unsafe { ptr::write_bytes(p, 0, n * BYTES_PER_BLOCK) };
        p
    }

    /// The first run of `n` free blocks starting in `[from, to)` (a run starting a little
    /// past `to`, in the same table word, may be returned too). Reads the table a word
    /// (sixteen blocks) at a time and finds runs with bit operations on the word.
    fn find(&self, from: usize, to: usize, n: usize) -> Option<usize> {
        const LANES: u32 = 0x5555_5555;
        let words = self.n_blocks.div_ceil(16);
        // Free blocks just before the current word (a run that may continue into it).
        let mut run = 0;
        let mut wi = from / 16;
        // Blocks of the first word below `from` do not count.
        let mut below = LANES & !((1u32 << ((from % 16) * 2)).wrapping_sub(1));
        while wi < words {
            let b = wi * 16;
            if run == 0 && b >= to {
                return None;
            }
            // SAFETY: the table is word-aligned and the pool starts at a 16-byte
            // boundary after it, so the word holding blocks `b..b + 16` lies in the heap
            // region; entries past `n_blocks` are masked off below.
            let w = unsafe { *(self.atb as *const u32).add(wi) };
            // The low bit of each block's two-bit entry, set when the block is free.
            let mut free = !(w | (w >> 1)) & below;
            below = LANES;
            if b + 16 > self.n_blocks {
                free &= (1u32 << ((self.n_blocks - b) * 2)).wrapping_sub(1);
            }
            if free == LANES {
                run += 16;
                if run >= n {
                    return Some(b + 16 - run);
                }
                wi += 1;
                continue;
            }
            let used = !free & LANES;
            if run > 0 && run + (used.trailing_zeros() / 2) as usize >= n {
                return Some(b - run);
            }
            if n <= 16 {
                // Lanes where a run of `n` free blocks starts inside this word.
                // (`starts` marks runs of `len` blocks; doubling `len` takes log2 n steps.)
                let mut starts = free;
                let mut len = 1;
                while len < n {
                    let more = len.min(n - len);
                    starts &= starts >> (2 * more);
                    len += more;
                }
                if starts != 0 {
                    return Some(b + (starts.trailing_zeros() / 2) as usize);
                }
            }
            // The free blocks at the top of the word (`used` is not zero here).
            run = 15 - ((31 - used.leading_zeros()) / 2) as usize;
            wi += 1;
        }
        None
    }

    /// The head block of the allocation containing `addr`, if it is allocated.
    fn block_of(&self, addr: usize) -> Option<usize> {
        if addr < self.pool || addr >= self.pool_end {
            return None;
        }
        Some((addr - self.pool) / BYTES_PER_BLOCK)
    }

    /// Counts `n` newly allocated blocks towards the high-water mark.
    #[inline]
    fn grew(&mut self, n: usize) {
        self.in_use += n;
        if self.in_use > self.peak {
            self.peak = self.in_use;
        }
    }

    fn free_at(&mut self, b: usize) {
        self.set(b, FREE);
        let mut t = b + 1;
        while t < self.n_blocks && self.get(t) == TAIL {
            self.set(t, FREE);
            t += 1;
        }
        self.in_use = self.in_use.saturating_sub(t - b);
        // The most recent allocation freed again (a temporary): reuse its blocks next.
        if t == self.rover {
            self.rover = b;
        }
    }
}

extern "C" {
    /// Linker symbol whose address is non-zero for `--gc-stress` images.
    static __upy_gc_stress: u8;
}

/// True when every allocation collects first (`upyc build --gc-stress`).
pub fn stress() -> bool {
    core::hint::black_box(ptr::addr_of!(__upy_gc_stress) as usize) != 0
}

/// Allocates `nbytes` zeroed bytes, collecting once if the heap is full.
/// Returns null when there is no room even after collecting (or the heap is locked).
pub fn alloc(nbytes: usize) -> *mut u8 {
    let h = heap();
    // The common case (floats, small objects): one block, and the block where the last
    // allocation ended is free.
    if nbytes <= BYTES_PER_BLOCK && h.since < h.fast_limit {
        let r = h.rover;
        if r < h.n_blocks && h.get(r) == FREE {
            h.set(r, HEAD);
            h.rover = r + 1;
            h.grew(1);
            h.since += BYTES_PER_BLOCK;
            let p = h.addr(r) as *mut usize;
            // SAFETY: the block is ours now. Four stores, not a call of memset
            // (volatile: LLVM would merge them into one).
            unsafe {
                ptr::write_volatile(p, 0);
                ptr::write_volatile(p.add(1), 0);
                ptr::write_volatile(p.add(2), 0);
                ptr::write_volatile(p.add(3), 0);
            }
            return p as *mut u8;
        }
    }
    alloc_slow(nbytes)
}

/// [`alloc`] beyond its fast path: a search, and a collection when due.
#[inline(never)]
fn alloc_slow(nbytes: usize) -> *mut u8 {
    let h = heap();
    if h.locked || h.n_blocks == 0 {
        return ptr::null_mut();
    }
    let n = nbytes.div_ceil(BYTES_PER_BLOCK).max(1);
    if n > h.n_blocks {
        return ptr::null_mut();
    }
    if stress() {
        collect();
        return heap().try_alloc(n);
    }
    if h.auto && h.threshold != usize::MAX && h.since >= h.threshold {
        collect();
    }
    let h = heap();
    let p = h.try_alloc(n);
    if !p.is_null() || !h.auto {
        h.since += n * BYTES_PER_BLOCK;
        return p;
    }
    collect();
    let h = heap();
    h.since += n * BYTES_PER_BLOCK;
    h.try_alloc(n)
}

/// Enables or disables automatic collection (`gc.enable()`/`gc.disable()`); explicit
/// [`collect`] calls still collect. Returns the previous state.
pub fn set_auto(on: bool) -> bool {
    let h = heap();
    let was = core::mem::replace(&mut h.auto, on);
    h.refresh();
    was
}

/// The allocation threshold in bytes (`None`: no threshold), `gc.threshold()`.
pub fn threshold() -> Option<usize> {
    Some(heap().threshold).filter(|&t| t != usize::MAX)
}

/// Sets the allocation threshold: collect after this many bytes were allocated since
/// the last collection (`None`: only when the heap is full).
pub fn set_threshold(t: Option<usize>) {
    let h = heap();
    h.threshold = t.unwrap_or(usize::MAX);
    h.refresh();
}

/// Frees the allocation starting at `p` (ignores anything else).
pub fn free(p: *mut u8) {
    let h = heap();
    if h.locked {
        return;
    }
    if let Some(b) = h.block_of(p as usize) {
        if h.addr(b) == p as usize && h.get(b) == HEAD {
            h.free_at(b);
        }
    }
}

/// Resizes the allocation at `p` to `nbytes`, in place when the following blocks are
/// free, else by moving it. Returns null (leaving `p` intact) when there is no room.
///
/// # Safety
/// `p` must be an allocation of this heap (anything else returns null).
pub unsafe fn realloc(p: *mut u8, nbytes: usize) -> *mut u8 {
    let h = heap();
    let Some(b) = h.block_of(p as usize) else {
        return ptr::null_mut();
    };
    if h.addr(b) != p as usize || h.get(b) != HEAD || h.locked {
        return ptr::null_mut();
    }
    let old = h.len_of(b);
    let new = nbytes.div_ceil(BYTES_PER_BLOCK).max(1);
    if new <= old {
        for t in b + new..b + old {
            h.set(t, FREE);
        }
        h.in_use = h.in_use.saturating_sub(old - new);
        if b + old == h.rover {
            h.rover = b + new;
        }
        return p;
    }
    if b + new <= h.n_blocks && (b + old..b + new).all(|t| h.get(t) == FREE) {
        for t in b + old..b + new {
            h.set(t, TAIL);
        }
        h.grew(new - old);
        // SAFETY: the added blocks are ours now.
        unsafe { ptr::write_bytes(h.addr(b + old) as *mut u8, 0, (new - old) * BYTES_PER_BLOCK) };
        return p;
    }
    // `p` stays live across this call (it is read below), so a collection keeps it.
    let q = alloc(nbytes);
    if q.is_null() {
        return q;
    }
    // SAFETY: both are allocations of at least `old` blocks / `new > old` blocks.
    unsafe { ptr::copy_nonoverlapping(p, q, old * BYTES_PER_BLOCK) };
    free(core::hint::black_box(p));
    q
}

/// Total bytes of the block pool (an upper bound for any allocation).
pub fn capacity() -> usize {
    heap().n_blocks * BYTES_PER_BLOCK
}

/// Number of collections so far.
pub fn collections() -> usize {
    heap().collections
}

/// Bytes currently allocated (head and tail blocks).
pub fn used_bytes() -> usize {
    let h = heap();
    (0..h.n_blocks).filter(|&b| h.get(b) != FREE).count() * BYTES_PER_BLOCK
}

/// The most bytes the heap ever had allocated at once (live objects and garbage not yet
/// collected: a collection runs only when the heap is full or past the threshold).
pub fn peak_bytes() -> usize {
    heap().peak * BYTES_PER_BLOCK
}

extern "C" {
    /// Linker symbol whose address is non-zero for images built by `upyc bench`.
    static __upy_bench_report: u8;
}

/// True when the image reports heap figures at exit (`upyc bench` builds).
pub fn bench_report() -> bool {
    core::hint::black_box(ptr::addr_of!(__upy_bench_report) as usize) != 0
}

/// Disallows allocation (for interrupt handlers); returns the previous state.
pub fn lock(locked: bool) -> bool {
    let h = heap();
    let was = core::mem::replace(&mut h.locked, locked);
    h.refresh();
    was
}

/// Runs a full collection.
#[inline(never)]
pub fn collect() {
    if heap().locked || heap().n_blocks == 0 {
        return;
    }
    let regs = platform::spill_callee_saved();
    let sp = platform::stack_pointer();
    collect_from(sp);
    core::hint::black_box(&regs);
}

/// Marks from the roots (the stack above `sp`, the image's data) and sweeps.
/// Runs in a frame below `sp`, so its own mark stack is not a root.
#[inline(never)]
fn collect_from(sp: usize) {
    let mut m = Marker {
        stack: [0; MARK_STACK_LEN],
        len: 0,
        overflow: false,
    };
    let h = heap();
    m.scan(h, sp & !(WORD - 1), platform::stack_top());
    let (data_start, data_end) = platform::data_range();
    let heap_state = ptr::addr_of!(HEAP) as usize;
    let heap_state_end = heap_state + core::mem::size_of::<Heap>();
    if data_start <= heap_state && heap_state_end <= data_end {
        m.scan(h, data_start, heap_state);
        m.scan(h, heap_state_end, data_end);
    } else {
        m.scan(h, data_start, data_end);
    }
    m.drain(h);
    while m.overflow {
        m.overflow = false;
        for b in 0..h.n_blocks {
            if h.get(b) == MARK {
                m.scan_block(h, b);
                m.drain(h);
            }
        }
    }
    sweep(h);
    h.collections += 1;
    h.since = 0;
}

struct Marker {
    stack: [usize; MARK_STACK_LEN],
    len: usize,
    overflow: bool,
}

impl Marker {
    /// Treats every aligned word in `[start, end)` as a possible pointer.
    fn scan(&mut self, h: &mut Heap, start: usize, end: usize) {
        let mut p = (start + WORD - 1) & !(WORD - 1);
        while p + WORD <= end {
            // SAFETY: `[start, end)` is mapped memory (stack, image data or a block).
            let w = unsafe { ptr::read_volatile(p as *const usize) };
            self.mark(h, w);
            p += WORD;
        }
    }

    fn mark(&mut self, h: &mut Heap, w: usize) {
        let Some(mut b) = h.block_of(w) else { return };
        loop {
            match h.get(b) {
                HEAD => break,
                TAIL if b > 0 => b -= 1,
                _ => return, // free, already marked, or corrupt
            }
        }
        h.set(b, MARK);
        if self.len < MARK_STACK_LEN {
            self.stack[self.len] = b;
            self.len += 1;
        } else {
            self.overflow = true;
        }
    }

    fn scan_block(&mut self, h: &mut Heap, b: usize) {
        let n = h.len_of(b);
        let start = h.addr(b);
        self.scan(h, start, start + n * BYTES_PER_BLOCK);
    }

    fn drain(&mut self, h: &mut Heap) {
        while self.len > 0 {
            self.len -= 1;
            let b = self.stack[self.len];
            self.scan_block(h, b);
        }
    }
}

fn sweep(h: &mut Heap) {
    let mut freeing = false;
    let mut kept = 0;
    for b in 0..h.n_blocks {
        match h.get(b) {
            HEAD => {
                h.set(b, FREE);
                freeing = true;
            }
            MARK => {
                h.set(b, HEAD);
                freeing = false;
                kept += 1;
            }
            TAIL if freeing => h.set(b, FREE),
            TAIL => kept += 1,
            _ => {}
        }
    }
    h.in_use = kept;
    h.rover = 0;
}

/// Set when the global allocator could not satisfy a request (read by the panic path).
pub static mut RUST_ALLOC_FAILED: bool = false;

/// Rust's global allocator on top of the GC heap.
pub struct GcAllocator;

unsafe impl GlobalAlloc for GcAllocator {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        if layout.align() > BYTES_PER_BLOCK {
            return ptr::null_mut();
        }
        let p = alloc(layout.size());
        if p.is_null() {
            // SAFETY: single-threaded.
            unsafe { RUST_ALLOC_FAILED = true };
        }
        p
    }

    unsafe fn dealloc(&self, p: *mut u8, _layout: Layout) {
        free(p);
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: blocks are zeroed on allocation.
        unsafe { self.alloc(layout) }
    }

    unsafe fn realloc(&self, p: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        if layout.align() > BYTES_PER_BLOCK {
            return ptr::null_mut();
        }
        // SAFETY: `p` came from this allocator.
        let q = unsafe { realloc(p, new_size) };
        if q.is_null() {
            // SAFETY: single-threaded.
            unsafe { RUST_ALLOC_FAILED = true };
        }
        q
    }
}

/// Heap figures for `micropython.mem_info()` and the `gc` module, in bytes and blocks.
pub struct Stats {
    /// Bytes in the block pool.
    pub total: usize,
    /// Bytes in allocated blocks.
    pub used: usize,
    /// Bytes in free blocks.
    pub free: usize,
    /// Allocations of exactly one block.
    pub one_blocks: usize,
    /// Allocations of exactly two blocks.
    pub two_blocks: usize,
    /// The largest allocation, in blocks.
    pub max_block: usize,
    /// The longest run of free blocks.
    pub max_free: usize,
}

/// Walks the allocation table once.
pub fn stats() -> Stats {
    let h = heap();
    let mut s = Stats {
        total: h.n_blocks * BYTES_PER_BLOCK,
        used: 0,
        free: 0,
        one_blocks: 0,
        two_blocks: 0,
        max_block: 0,
        max_free: 0,
    };
    let (mut run_free, mut run_alloc) = (0usize, 0usize);
    let finish_alloc = |n: usize, s: &mut Stats| match n {
        0 => {}
        1 => s.one_blocks += 1,
        2 => s.two_blocks += 1,
        _ => s.max_block = s.max_block.max(n),
    };
    for b in 0..h.n_blocks {
        match h.get(b) {
            FREE => {
                finish_alloc(core::mem::take(&mut run_alloc), &mut s);
                run_free += 1;
                s.max_free = s.max_free.max(run_free);
                s.free += BYTES_PER_BLOCK;
            }
            TAIL => {
                run_alloc += 1;
                run_free = 0;
                s.used += BYTES_PER_BLOCK;
            }
            _ => {
                finish_alloc(core::mem::take(&mut run_alloc), &mut s);
                run_alloc = 1;
                run_free = 0;
                s.used += BYTES_PER_BLOCK;
            }
        }
    }
    finish_alloc(run_alloc, &mut s);
    if s.one_blocks > 0 {
        s.max_block = s.max_block.max(1);
    }
    if s.two_blocks > 0 {
        s.max_block = s.max_block.max(2);
    }
    s
}

/// True while allocation is disallowed (`micropython.heap_lock()`).
pub fn is_locked() -> bool {
    heap().locked
}

/// Zeroes the slots a shrinking `Vec` vacated (from its length up to `old_len`): the
/// collector scans whole heap blocks, so stale words there would keep objects alive.
pub fn scrub_vacated<T>(v: &mut alloc::vec::Vec<T>, old_len: usize) {
    let n = old_len.saturating_sub(v.len());
    for slot in v.spare_capacity_mut().iter_mut().take(n) {
        // SAFETY: writes zero bytes into spare capacity the Vec owns.
        unsafe { ptr::write_bytes(slot.as_mut_ptr(), 0, 1) };
    }
}
