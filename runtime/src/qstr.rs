//! Interned strings: the runtime's static names ([`upyc_abi::STATIC_QSTRS`], numbers
//! `0..STATIC`) and the table the compiler emits for the program's others
//! (`upy_qstr_*`, numbers from `STATIC` on). Read-only at run time.

use upyc_abi::{str_hash, QSTR_WIDE, STATIC_QSTRS};

extern "C" {
    static upy_qstr_count: u32;
    static upy_qstr_offsets: [u16; 0];
    static upy_qstr_data: [u8; 0];
    static upy_qstr_hashes: [u16; 0];
}

/// Number of static qstrs.
const STATIC: usize = STATIC_QSTRS.len();

/// Bytes of static qstr text.
const STATIC_BYTES: usize = {
    let mut n = 0;
    let mut i = 0;
    while i < STATIC {
        n += STATIC_QSTRS[i].len();
        i += 1;
    }
    n
};

/// The static qstrs' text back to back (one array, not a slice per name).
static STATIC_DATA: [u8; STATIC_BYTES] = {
    let mut d = [0u8; STATIC_BYTES];
    let (mut at, mut i) = (0, 0);
    while i < STATIC {
        let s = STATIC_QSTRS[i].as_bytes();
        let mut j = 0;
        while j < s.len() {
            d[at] = s[j];
            at += 1;
            j += 1;
        }
        i += 1;
    }
    d
};

/// Offset of each static qstr in [`STATIC_DATA`], then the total.
static STATIC_OFFSETS: [u16; STATIC + 1] = {
    let mut o = [0u16; STATIC + 1];
    let mut i = 0;
    while i < STATIC {
        o[i + 1] = o[i] + STATIC_QSTRS[i].len() as u16;
        i += 1;
    }
    o
};

/// [`str_hash`] of each static qstr.
static STATIC_HASHES: [u16; STATIC] = {
    let mut h = [0u16; STATIC];
    let mut i = 0;
    while i < STATIC {
        h[i] = str_hash(STATIC_QSTRS[i].as_bytes()) as u16;
        i += 1;
    }
    h
};

/// Number of qstrs in the program's table.
fn program_count() -> usize {
    // SAFETY: the compiled program defines the table.
    unsafe { (upy_qstr_count & !QSTR_WIDE) as usize }
}

/// The hash of qstr `q`'s text ([`upyc_abi::str_hash`], precomputed).
#[inline]
pub fn hash(q: usize) -> usize {
    if q < STATIC {
        return STATIC_HASHES[q] as usize;
    }
    let i = q - STATIC;
    if i >= program_count() {
        return str_hash(b"") as usize;
    }
    // SAFETY: the table has `count` hashes.
    unsafe { *(core::ptr::addr_of!(upy_qstr_hashes) as *const u16).add(i) as usize }
}

/// Number of qstrs, static and the program's.
pub fn count() -> usize {
    STATIC + program_count()
}

/// The UTF-8 text of qstr `q` (empty for a number outside the tables).
pub fn bytes(q: usize) -> &'static [u8] {
    if q < STATIC {
        let (start, end) = (STATIC_OFFSETS[q] as usize, STATIC_OFFSETS[q + 1] as usize);
        return &STATIC_DATA[start..end];
    }
    let i = q - STATIC;
    if i >= program_count() {
        return b"";
    }
    // SAFETY: the table has `count + 1` offsets (u16, or u32 when wide), monotonically
    // increasing into the data.
    unsafe {
        let (start, end) = if upy_qstr_count & QSTR_WIDE != 0 {
            let offs = core::ptr::addr_of!(upy_qstr_offsets) as *const u32;
            (*offs.add(i) as usize, *offs.add(i + 1) as usize)
        } else {
            let offs = core::ptr::addr_of!(upy_qstr_offsets) as *const u16;
            (*offs.add(i) as usize, *offs.add(i + 1) as usize)
        };
        if end < start {
            return b"";
        }
        let data = core::ptr::addr_of!(upy_qstr_data) as *const u8;
        core::slice::from_raw_parts(data.add(start), end - start)
    }
}

/// The qstr whose text is `name`, if one is interned.
pub fn find(name: &[u8]) -> Option<usize> {
    (0..count()).find(|&q| bytes(q) == name)
}

/// The text of qstr `q` as `str` (the compiler emits UTF-8).
pub fn str(q: usize) -> &'static str {
    core::str::from_utf8(bytes(q)).unwrap_or("?")
}
