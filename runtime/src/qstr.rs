//! Interned strings: the table the compiler emits (`upy_qstr_*`), read-only at run time.

extern "C" {
    static upy_qstr_count: u32;
    static upy_qstr_offsets: [u32; 0];
    static upy_qstr_data: [u8; 0];
    static upy_qstr_hashes: [u32; 0];
}

/// The hash of qstr `q`'s text ([`upyc_abi::str_hash`], precomputed by the compiler).
#[inline]
pub fn hash(q: usize) -> usize {
    if q >= count() {
        return upyc_abi::str_hash(b"") as usize;
    }
    // SAFETY: the table has `count` hashes.
    unsafe { *(core::ptr::addr_of!(upy_qstr_hashes) as *const u32).add(q) as usize }
}

/// Number of qstrs in the program's table.
pub fn count() -> usize {
    // SAFETY: the compiled program defines the table.
    unsafe { upy_qstr_count as usize }
}

/// The UTF-8 text of qstr `q` (empty for a number outside the table).
pub fn bytes(q: usize) -> &'static [u8] {
    if q >= count() {
        return b"";
    }
    // SAFETY: the table has `count + 1` offsets, monotonically increasing into the data.
    unsafe {
        let offs = core::ptr::addr_of!(upy_qstr_offsets) as *const u32;
        let start = *offs.add(q) as usize;
        let end = *offs.add(q + 1) as usize;
        if end < start {
            return b"";
        }
        let data = core::ptr::addr_of!(upy_qstr_data) as *const u8;
        core::slice::from_raw_parts(data.add(start), end - start)
    }
}

/// The text of qstr `q` as `str` (the compiler emits UTF-8).
pub fn str(q: usize) -> &'static str {
    core::str::from_utf8(bytes(q)).unwrap_or("?")
}
