//! `uctypes`: structured access to memory, as MicroPython's module.
//!
//! A descriptor is a dict mapping field names to encoded ints or tuples; the encoding is
//! MicroPython's, because programs OR the constants together:
//!
//! - a scalar field is `TYPE | offset`: the value type in bits 27..30 of a 31-bit value
//!   (so the bitfield and float types are negative), the byte offset below;
//! - a bitfield is `BFTYPE | offset | pos << BF_POS | len << BF_LEN` (17 offset bits);
//! - an aggregate is a tuple whose first item is `KIND | offset` with the kind (struct,
//!   `PTR`, `ARRAY`) in bits 29..30: `(offset, {desc})`, `(PTR | off, TYPE)`,
//!   `(PTR | off, {desc})`, `(ARRAY | off, TYPE | n)`, `(ARRAY | off, n, {desc})`.
//!
//! `uctypes.struct(addr, desc, layout)` objects read and write the memory at `addr`:
//! scalar fields give ints or floats (writes truncate like C), aggregates give new struct
//! objects that index (arrays, bounds-checked) or dereference (`ptr[i]`, like C). NATIVE
//! layout uses the machine's endianness and (for `sizeof`) alignment; LITTLE_ENDIAN and
//! BIG_ENDIAN are packed. Like MicroPython, signed bitfields read unsigned.
//!
//! `bytes_at(addr, size)` copies memory into a new `bytes`; `bytearray_at(addr, size)` is
//! a fixed-size `bytearray` aliasing it (`crate::bytearray::Storage::Fixed`): reads see
//! the memory as it is now, writes (items, equal-length slices, a memoryview of it) change
//! it, and operations that would change its length (`append`, `extend`, `+=`, `del`,
//! `clear`, ...) raise `TypeError`. Like MicroPython, nothing checks the address.
//!
//! Missing: an array of UINT8 is a `bytearray` aliasing the
//! memory in MicroPython; here it is a struct ARRAY object indexing like that bytearray
//! (negative indexes count from the end), which prints differently and has no `len()`.

use num_bigint::{BigInt, Sign};
use num_traits::ToPrimitive;

use crate::builtins::{argc, no_kw};
use crate::dict;
use crate::exc::{self, raise, raise_parts};
use crate::float::{self, Flt};
use crate::int::{self, Int};
use crate::module::{Member, ModuleDef};
use crate::obj::{self, Obj, PrintKind, PyResult, Raised, Type, Writer, NONE, NOT_IMPL, NULL};
use crate::tuple;
use crate::types::TypeObj;

// Layout types.
const LITTLE_ENDIAN: u32 = 0;
const BIG_ENDIAN: u32 = 1;
const NATIVE: u32 = 2;

// Scalar value types (bit 0: signed; bits 1..2: log2 of the size).
const UINT8: u32 = 0;
const INT8: u32 = 1;
const UINT16: u32 = 2;
const INT16: u32 = 3;
const UINT32: u32 = 4;
const INT32: u32 = 5;
const UINT64: u32 = 6;
const INT64: u32 = 7;
const BFUINT8: u32 = 8;
const BFINT8: u32 = 9;
const BFUINT16: u32 = 10;
const BFINT16: u32 = 11;
const BFUINT32: u32 = 12;
const BFINT32: u32 = 13;
const FLOAT32: u32 = 14;
const FLOAT64: u32 = 15;

// Aggregate kinds.
const STRUCT: u32 = 0;
const PTR: u32 = 1;
const ARRAY: u32 = 2;

const VAL_TYPE_BITS: u32 = 4;
const AGG_TYPE_BITS: u32 = 2;
/// `BF_POS`: where a bitfield's bit position starts (and the byte offset ends).
const OFFSET_BITS: u32 = 17;
/// `BF_LEN`: where a bitfield's length starts.
const LEN_BITS: u32 = 22;

/// Nesting limit of descriptors (a descriptor containing itself would recurse forever).
const MAX_DEPTH: u32 = 64;

const WORD: usize = core::mem::size_of::<usize>();

/// The constant for type code `t` stored in the top `nbits` of a 31-bit value (sign
/// bit included, as MicroPython's `TYPE2SMALLINT`): the same value on every board.
const fn encode(t: u32, nbits: u32) -> isize {
    (((t << (32 - nbits)) as i32) >> 1) as isize
}

/// The type code in the top `nbits` of descriptor value `v`.
fn get_type(v: isize, nbits: u32) -> u32 {
    ((v >> (31 - nbits)) as u32) & ((1 << nbits) - 1)
}

/// The bits of descriptor value `v` below its `nbits` type bits.
fn value_bits(v: isize, nbits: u32) -> usize {
    (v & !((i32::MIN >> nbits) as isize)) as usize
}

/// Bytes of a scalar of type `t` (bitfield types: their container).
fn scalar_size(t: u32) -> usize {
    if t == FLOAT32 {
        4
    } else {
        1 << ((t & 7) >> 1)
    }
}

fn small(o: Obj) -> Option<isize> {
    obj::is_small_int(o).then(|| obj::small_int_value(o))
}

fn is_tuple(o: Obj) -> bool {
    obj::is_type(o, &tuple::TUPLE_TYPE)
}

fn syntax_error() -> Raised {
    raise(&exc::TYPE_ERROR, "syntax error in uctypes descriptor");
    Raised
}

/// `TypeError` without a message (MicroPython's `mp_raise_TypeError(NULL)`).
fn bare_type_error() -> Raised {
    exc::raise_arg(&exc::TYPE_ERROR, NULL);
    Raised
}

// ---------------------------------------------------------------------------------
// Ints and floats

fn box_i64(v: i64) -> PyResult<Obj> {
    obj::check(if obj::fits_small_int(i128::from(v)) {
        obj::new_small_int(v as isize)
    } else {
        int::big::new(BigInt::from(v))
    })
}

fn box_u64(v: u64) -> PyResult<Obj> {
    obj::check(if obj::fits_small_int(i128::from(v)) {
        obj::new_small_int(v as isize)
    } else {
        int::big::new(BigInt::from(v))
    })
}

fn not_int(o: Obj) -> Raised {
    raise_parts(
        &exc::TYPE_ERROR,
        &[b"can't convert ", obj::type_name(o).as_bytes(), b" to int"],
    );
    Raised
}

/// The low 64 bits of int `o` in two's complement (`mp_obj_get_int_truncated`).
fn int_bits(o: Obj) -> PyResult<u64> {
    match int::get(o) {
        Some(Int::Small(v)) => Ok(v as i64 as u64),
        Some(Int::Big(b)) => {
            let (sign, digits) = b.to_u64_digits();
            let low = digits.first().copied().unwrap_or(0);
            Ok(if sign == Sign::Minus {
                low.wrapping_neg()
            } else {
                low
            })
        }
        None => Err(not_int(o)),
    }
}

/// Int `o` as a machine word (`mp_obj_get_int`: `OverflowError` when it doesn't fit).
fn machine_int(o: Obj) -> PyResult<isize> {
    match int::get(o) {
        Some(Int::Small(v)) => Ok(v),
        Some(Int::Big(b)) => match b.to_isize() {
            Some(v) => Ok(v),
            None => {
                raise(
                    &exc::OVERFLOW_ERROR,
                    "overflow converting long int to machine word",
                );
                Err(Raised)
            }
        },
        None => Err(not_int(o)),
    }
}

fn flt_of(o: Obj) -> PyResult<Flt> {
    match float::to_flt(o) {
        Some(v) => Ok(v),
        None => {
            raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"can't convert ",
                    obj::type_name(o).as_bytes(),
                    b" to float",
                ],
            );
            Err(Raised)
        }
    }
}

// Conversions between the stored float formats and the target's `Flt`.
#[cfg(target_arch = "arm")]
mod conv {
    pub fn from_f32(v: f32) -> f32 {
        v
    }
    pub fn from_f64(v: f64) -> f32 {
        v as f32
    }
    pub fn to_f32(v: f32) -> f32 {
        v
    }
    pub fn to_f64(v: f32) -> f64 {
        f64::from(v)
    }
}
#[cfg(not(target_arch = "arm"))]
mod conv {
    pub fn from_f32(v: f32) -> f64 {
        f64::from(v)
    }
    pub fn from_f64(v: f64) -> f64 {
        v
    }
    pub fn to_f32(v: f64) -> f32 {
        v as f32
    }
    pub fn to_f64(v: f64) -> f64 {
        v
    }
}

fn new_float(v: Flt) -> PyResult<Obj> {
    obj::check(float::new(v))
}

// ---------------------------------------------------------------------------------
// Memory

/// Reads a `T` at `addr`: one volatile access when aligned (hardware registers),
/// an unaligned read otherwise.
///
/// # Safety
/// The program vouches for `addr`, as in MicroPython.
unsafe fn load<T: Copy>(addr: usize) -> T {
    let p = addr as *const T;
    // SAFETY: per the contract.
    unsafe {
        if addr.is_multiple_of(core::mem::align_of::<T>()) {
            core::ptr::read_volatile(p)
        } else {
            core::ptr::read_unaligned(p)
        }
    }
}

/// Writes a `T` at `addr` (see [`load`]).
///
/// # Safety
/// The program vouches for `addr`, as in MicroPython.
unsafe fn store<T: Copy>(addr: usize, v: T) {
    let p = addr as *mut T;
    // SAFETY: per the contract.
    unsafe {
        if addr.is_multiple_of(core::mem::align_of::<T>()) {
            core::ptr::write_volatile(p, v)
        } else {
            core::ptr::write_unaligned(p, v)
        }
    }
}

/// The `size` bytes at `addr` as an unsigned value of the given byte order.
fn read_bytes(addr: usize, size: usize, big: bool) -> u64 {
    let mut v = 0u64;
    for i in 0..size {
        // SAFETY: the program vouches for the address.
        let b = u64::from(unsafe { core::ptr::read_volatile(addr.wrapping_add(i) as *const u8) });
        if big {
            v = (v << 8) | b;
        } else {
            v |= b << (8 * i);
        }
    }
    v
}

/// Writes the low `size` bytes of `v` at `addr` in the given byte order.
fn write_bytes(addr: usize, size: usize, big: bool, v: u64) {
    for i in 0..size {
        let shift = if big { 8 * (size - 1 - i) } else { 8 * i };
        // SAFETY: the program vouches for the address.
        unsafe { core::ptr::write_volatile(addr.wrapping_add(i) as *mut u8, (v >> shift) as u8) };
    }
}

fn sign_extend(v: u64, size: usize) -> i64 {
    let shift = 64 - 8 * size as u32;
    ((v << shift) as i64) >> shift
}

/// The scalar of type `t` at `addr`: natively (`big` is `None`) or packed.
fn get_scalar(t: u32, addr: usize, big: Option<bool>) -> PyResult<Obj> {
    if (BFUINT8..=BFINT32).contains(&t) {
        return Err(syntax_error());
    }
    let size = scalar_size(t);
    let raw = match big {
        Some(big) => read_bytes(addr, size, big),
        // SAFETY: the program vouches for the address.
        None => unsafe {
            match size {
                1 => u64::from(load::<u8>(addr)),
                2 => u64::from(load::<u16>(addr)),
                4 => u64::from(load::<u32>(addr)),
                _ => load::<u64>(addr),
            }
        },
    };
    match t {
        FLOAT32 => new_float(conv::from_f32(f32::from_bits(raw as u32))),
        FLOAT64 => new_float(conv::from_f64(f64::from_bits(raw))),
        _ if t & 1 == 1 => box_i64(sign_extend(raw, size)),
        _ => box_u64(raw),
    }
}

/// Stores `value` as a scalar of type `t` at `addr` (ints truncated like C).
fn set_scalar(t: u32, addr: usize, big: Option<bool>, value: Obj) -> PyResult<()> {
    let bits = match t {
        FLOAT32 => u64::from(conv::to_f32(flt_of(value)?).to_bits()),
        FLOAT64 => conv::to_f64(flt_of(value)?).to_bits(),
        UINT8..=INT64 => int_bits(value)?,
        _ => return Err(syntax_error()),
    };
    let size = scalar_size(t);
    match big {
        Some(big) => write_bytes(addr, size, big, bits),
        // SAFETY: the program vouches for the address.
        None => unsafe {
            match size {
                1 => store(addr, bits as u8),
                2 => store(addr, bits as u16),
                4 => store(addr, bits as u32),
                _ => store(addr, bits),
            }
        },
    }
    Ok(())
}

// ---------------------------------------------------------------------------------
// Descriptors

/// An aggregate field's tuple, checked.
struct Agg<'a> {
    kind: u32,
    offset: usize,
    items: &'a [Obj],
}

/// Decodes aggregate tuple `t` (a tuple).
fn agg<'a>(t: Obj) -> PyResult<Agg<'a>> {
    let items = tuple::items(t);
    let Some(first) = items.first().and_then(|&o| small(o)) else {
        return Err(syntax_error());
    };
    let kind = get_type(first, AGG_TYPE_BITS);
    let ok = match kind {
        STRUCT | PTR => items.len() == 2,
        ARRAY => (items.len() == 2 || items.len() == 3) && small(items[1]).is_some(),
        _ => false,
    };
    if !ok {
        return Err(syntax_error());
    }
    Ok(Agg {
        kind,
        offset: value_bits(first, AGG_TYPE_BITS),
        items,
    })
}

impl Agg<'_> {
    /// An array's element type (scalar arrays) and length.
    fn array(&self) -> (u32, usize) {
        let v = small(self.items[1]).unwrap_or(0);
        (get_type(v, VAL_TYPE_BITS), value_bits(v, VAL_TYPE_BITS))
    }

    /// True for an array of scalars (as opposed to one of structs).
    fn scalar_array(&self) -> bool {
        self.items.len() == 2
    }
}

fn agg_size(a: &Agg, layout: u32, max: &mut usize, depth: u32) -> PyResult<usize> {
    match a.kind {
        STRUCT => struct_size(a.items[1], layout, max, depth + 1),
        PTR => {
            *max = (*max).max(WORD);
            Ok(WORD)
        }
        _ => {
            let (t, n) = a.array();
            let item = if a.scalar_array() {
                let s = scalar_size(t);
                *max = (*max).max(s);
                s
            } else {
                struct_size(a.items[2], layout, max, depth + 1)?
            };
            Ok(item.wrapping_mul(n))
        }
    }
}

/// The size of descriptor `desc` (a dict or an aggregate tuple); `max` collects the
/// largest scalar, to which NATIVE layout rounds up the size.
fn struct_size(desc: Obj, layout: u32, max: &mut usize, depth: u32) -> PyResult<usize> {
    if depth > MAX_DEPTH {
        raise(&exc::RUNTIME_ERROR, "maximum recursion depth exceeded");
        return Err(Raised);
    }
    if !dict::is_dict(desc) {
        if is_tuple(desc) {
            return agg_size(&agg(desc)?, layout, max, depth);
        }
        if obj::is_small_int(desc) {
            raise(&exc::TYPE_ERROR, "can't unambiguously get sizeof scalar");
            return Err(Raised);
        }
        return Err(syntax_error());
    }
    let mut total = 0usize;
    let mut i = 0;
    // Entries are re-read by index: nested descriptors may be this same dict.
    while let Some(e) = dict::map(desc).entries.get(i).copied() {
        i += 1;
        if e.key == NULL {
            continue;
        }
        let end = if let Some(v) = small(e.value) {
            let t = get_type(v, VAL_TYPE_BITS);
            let mut offset = value_bits(v, VAL_TYPE_BITS);
            if (BFUINT8..=BFINT32).contains(&t) {
                offset &= (1 << OFFSET_BITS) - 1;
            }
            let s = scalar_size(t);
            *max = (*max).max(s);
            offset.wrapping_add(s)
        } else if is_tuple(e.value) {
            let a = agg(e.value)?;
            a.offset.wrapping_add(agg_size(&a, layout, max, depth)?)
        } else {
            return Err(syntax_error());
        };
        total = total.max(end);
    }
    if layout == NATIVE {
        let m = *max;
        total = total.wrapping_add(m).wrapping_sub(1) & !m.wrapping_sub(1);
    }
    Ok(total)
}

/// The size of descriptor `desc` on its own (array elements, pointer targets).
fn size_of_desc(desc: Obj, layout: u32) -> PyResult<usize> {
    let mut max = 0;
    struct_size(desc, layout, &mut max, 0)
}

// ---------------------------------------------------------------------------------
// Struct objects

/// A `uctypes.struct` object: a descriptor applied to the memory at `addr`.
#[repr(C)]
struct StructObj {
    ty: &'static Type,
    desc: Obj,
    addr: usize,
    layout: u32,
    /// An array of UINT8 reached through a field: a `bytearray` in MicroPython, so it
    /// indexes like one.
    bytes: bool,
}

fn this<'a>(o: Obj) -> &'a StructObj {
    // SAFETY: only struct objects reach the slots and helpers taking one.
    unsafe { &*(o as *const StructObj) }
}

fn is_struct(o: Obj) -> bool {
    obj::is_type(o, &STRUCT_TYPE)
}

fn new_struct(desc: Obj, addr: usize, layout: u32) -> PyResult<Obj> {
    obj::check(obj::new_obj(StructObj {
        ty: &STRUCT_TYPE,
        desc,
        addr,
        layout,
        bytes: false,
    }))
}

impl StructObj {
    /// Byte order for non-native access (`None`: native). Reads take any layout other
    /// than LITTLE_ENDIAN as big-endian, as MicroPython does.
    fn order(&self) -> Option<bool> {
        (self.layout != NATIVE).then_some(self.layout != LITTLE_ENDIAN)
    }

    /// Reads (`set` is `None`) or writes bitfield field `v`.
    fn bitfield(&self, v: isize, set: Option<Obj>) -> PyResult<Obj> {
        let t = get_type(v, VAL_TYPE_BITS);
        let bits = value_bits(v, VAL_TYPE_BITS);
        let pos = ((bits >> OFFSET_BITS) & 31) as u32;
        let len = ((bits >> LEN_BITS) & 31) as u32;
        let addr = self.addr.wrapping_add(bits & ((1 << OFFSET_BITS) - 1));
        let size = scalar_size(t & 7);
        let val: usize = match self.order() {
            // SAFETY: the program vouches for the address.
            None => unsafe {
                match size {
                    1 => usize::from(load::<u8>(addr)),
                    2 => usize::from(load::<u16>(addr)),
                    _ => load::<u32>(addr) as usize,
                }
            },
            Some(big) => {
                let raw = read_bytes(addr, size, big);
                if t & 1 == 1 {
                    sign_extend(raw, size) as isize as usize
                } else {
                    raw as usize
                }
            }
        };
        let mask = ((1u32 << len) - 1) as usize;
        let Some(value) = set else {
            return box_u64(((val >> pos) & mask) as u64);
        };
        let x = (machine_int(value)? as usize & mask) << pos;
        let new = (val & !(mask << pos)) | x;
        match self.order() {
            // SAFETY: the program vouches for the address.
            None => unsafe {
                match size {
                    1 => store(addr, new as u8),
                    2 => store(addr, new as u16),
                    _ => store(addr, new as u32),
                }
            },
            Some(_) => write_bytes(addr, size, self.layout == BIG_ENDIAN, new as u64),
        }
        Ok(NONE)
    }
}

/// `s.name` (`set` is `None`) or `s.name = value`.
fn field(o: Obj, name: Obj, set: Option<Obj>) -> PyResult<Obj> {
    let s = this(o);
    if !dict::is_dict(s.desc) {
        raise(&exc::TYPE_ERROR, "struct: no fields");
        return Err(Raised);
    }
    let Some(d) = dict::map(s.desc).get(name)? else {
        return Err(dict::key_error(name));
    };
    if let Some(v) = small(d) {
        let t = get_type(v, VAL_TYPE_BITS);
        if (BFUINT8..=BFINT32).contains(&t) {
            return s.bitfield(v, set);
        }
        let addr = s.addr.wrapping_add(value_bits(v, VAL_TYPE_BITS));
        return match set {
            None => get_scalar(t, addr, s.order()),
            Some(value) => set_scalar(t, addr, s.order(), value).map(|()| NONE),
        };
    }
    if !is_tuple(d) {
        return Err(syntax_error());
    }
    let a = agg(d)?;
    let addr = s.addr.wrapping_add(a.offset);
    if let Some(value) = set {
        if a.kind != PTR {
            return Err(bare_type_error());
        }
        // Assigning a pointer field stores the address (a native word).
        let p = int_bits(value)? as usize;
        // SAFETY: the program vouches for the address.
        unsafe { store(addr, p) };
        return Ok(NONE);
    }
    match a.kind {
        STRUCT => new_struct(a.items[1], addr, s.layout),
        _ => {
            let r = new_struct(d, addr, s.layout)?;
            if a.kind == ARRAY && a.scalar_array() && a.array().0 == UINT8 {
                // SAFETY: `r` was just made.
                unsafe { (*(r as *mut StructObj)).bytes = true };
            }
            Ok(r)
        }
    }
}

fn index_error(bytes: bool) -> Raised {
    raise(
        &exc::INDEX_ERROR,
        if bytes {
            "bytearray index out of range"
        } else {
            "struct: index out of range"
        },
    );
    Raised
}

/// `s[index]` (`set` is `None`) or `s[index] = value`.
fn item(o: Obj, index: Obj, set: Option<Obj>) -> PyResult<Obj> {
    let s = this(o);
    if !is_tuple(s.desc) {
        raise(&exc::TYPE_ERROR, "struct: can't index");
        return Err(Raised);
    }
    let a = agg(s.desc)?;
    let idx = match int::get(index) {
        Some(Int::Small(v)) => Some(v),
        Some(Int::Big(_)) => None,
        None => {
            raise_parts(
                &exc::TYPE_ERROR,
                &[
                    b"struct indices must be integers, not ",
                    obj::type_name(index).as_bytes(),
                ],
            );
            return Err(Raised);
        }
    };
    match a.kind {
        ARRAY => {
            let (t, n) = a.array();
            let mut i = idx.ok_or_else(|| index_error(s.bytes))?;
            if s.bytes && i < 0 {
                i = i.wrapping_add(n as isize);
            }
            if i < 0 || i as usize >= n {
                return Err(index_error(s.bytes));
            }
            let i = i as usize;
            if a.scalar_array() {
                let addr = s.addr.wrapping_add(scalar_size(t).wrapping_mul(i));
                return match set {
                    None => get_scalar(t, addr, s.order()),
                    Some(value) => set_scalar(t, addr, s.order(), value).map(|()| NONE),
                };
            }
            if set.is_some() {
                return Err(no_assignment());
            }
            let size = size_of_desc(a.items[2], s.layout)?;
            new_struct(
                a.items[2],
                s.addr.wrapping_add(size.wrapping_mul(i)),
                s.layout,
            )
        }
        PTR => {
            let i = idx.ok_or_else(|| index_error(false))? as usize;
            // SAFETY: the program vouches for the address.
            let p: usize = unsafe { load(s.addr) };
            let target = a.items[1];
            if let Some(tv) = small(target) {
                let t = get_type(tv, VAL_TYPE_BITS);
                let addr = p.wrapping_add(scalar_size(t).wrapping_mul(i));
                return match set {
                    None => get_scalar(t, addr, None),
                    Some(value) => set_scalar(t, addr, None, value).map(|()| NONE),
                };
            }
            if set.is_some() {
                return Err(no_assignment());
            }
            let size = size_of_desc(target, s.layout)?;
            new_struct(target, p.wrapping_add(size.wrapping_mul(i)), s.layout)
        }
        _ => {
            raise(&exc::TYPE_ERROR, "struct: can't index");
            Err(Raised)
        }
    }
}

fn no_assignment() -> Raised {
    raise(
        &exc::TYPE_ERROR,
        "'struct' object doesn't support item assignment",
    );
    Raised
}

fn attr(o: Obj, name: Obj) -> Obj {
    if crate::str::bytes(name) == Some(b"__class__") {
        return NOT_IMPL;
    }
    field(o, name, None).unwrap_or(NULL)
}

fn store_attr(o: Obj, name: Obj, value: Obj) -> Obj {
    // `del s.name` reads the field, as in MicroPython.
    let set = (value != NULL).then_some(value);
    field(o, name, set).map_or(NULL, |_| NONE)
}

fn subscr(o: Obj, index: Obj) -> Obj {
    item(o, index, None).unwrap_or(NULL)
}

fn store_subscr(o: Obj, index: Obj, value: Obj) -> Obj {
    if value == NULL {
        return raise(
            &exc::TYPE_ERROR,
            "'struct' object doesn't support item deletion",
        );
    }
    item(o, index, Some(value)).unwrap_or(NULL)
}

fn print(w: &mut dyn Writer, o: Obj, _k: PrintKind) -> PyResult<()> {
    let s = this(o);
    let kind: &[u8] = if dict::is_dict(s.desc) {
        b"STRUCT"
    } else if is_tuple(s.desc) {
        match tuple::items(s.desc).first().and_then(|&f| small(f)) {
            Some(f) if get_type(f, AGG_TYPE_BITS) == PTR => b"PTR",
            Some(f) if get_type(f, AGG_TYPE_BITS) == ARRAY => b"ARRAY",
            _ => b"unk",
        }
    } else {
        b"ERROR"
    };
    w.write(b"<struct ");
    w.write(kind);
    w.write(b" ");
    let mut hex = [0u8; 16];
    let mut i = hex.len();
    let mut n = s.addr;
    loop {
        i -= 1;
        hex[i] = b"0123456789abcdef"[n & 15];
        n >>= 4;
        if n == 0 {
            break;
        }
    }
    w.write(&hex[i..]);
    w.write(b">");
    Ok(())
}

/// `uctypes.struct` instances.
static STRUCT_TYPE: Type = Type {
    print: Some(print),
    attr: Some(attr),
    store_attr: Some(store_attr),
    subscr: Some(subscr),
    store_subscr: Some(store_subscr),
    ..Type::new("struct")
};

/// `uctypes.struct(addr, descriptor, layout_type=NATIVE)`.
fn struct_new(pos: &[Obj], kw: &[Obj]) -> Obj {
    let r = (|| {
        no_kw(kw)?;
        argc(pos, 2, 3)?;
        let addr = int_bits(pos[0])? as usize;
        let layout = match pos.get(2) {
            Some(&l) => machine_int(l)? as u32,
            None => NATIVE,
        };
        new_struct(pos[1], addr, layout)
    })();
    r.unwrap_or(NULL)
}

static STRUCT_CLASS: TypeObj = TypeObj::new(&STRUCT_TYPE, Some(struct_new));

fn struct_class() -> Obj {
    STRUCT_CLASS.obj()
}

// ---------------------------------------------------------------------------------
// Functions

/// `sizeof(struct)` or `sizeof(descriptor[, layout_type])`.
fn sizeof(pos: &[Obj], kw: &[Obj]) -> Obj {
    let r = (|| {
        no_kw(kw)?;
        argc(pos, 1, 2)?;
        let (desc, layout) = if is_struct(pos[0]) {
            if pos.len() != 1 {
                return Err(bare_type_error());
            }
            let s = this(pos[0]);
            (s.desc, s.layout)
        } else {
            let layout = match pos.get(1) {
                Some(&l) => machine_int(l)? as u32,
                None => NATIVE,
            };
            (pos[0], layout)
        };
        box_u64(size_of_desc(desc, layout)? as u64)
    })();
    r.unwrap_or(NULL)
}

/// `addressof(obj)`: the address of a buffer object's data.
fn addressof(pos: &[Obj], kw: &[Obj]) -> Obj {
    let r = (|| {
        no_kw(kw)?;
        argc(pos, 1, 1)?;
        if is_struct(pos[0]) {
            return box_u64(this(pos[0]).addr as u64);
        }
        match crate::buffer::get(pos[0], false) {
            Some((p, _)) => box_u64(p as usize as u64),
            None => {
                raise(&exc::TYPE_ERROR, "object with buffer protocol required");
                Err(Raised)
            }
        }
    })();
    r.unwrap_or(NULL)
}

/// `bytes_at(addr, size)`: a copy of `size` bytes of memory at `addr`.
fn bytes_at(pos: &[Obj], kw: &[Obj]) -> Obj {
    let r = (|| -> PyResult<Obj> {
        no_kw(kw)?;
        argc(pos, 2, 2)?;
        let addr = int_bits(pos[0])? as usize;
        let size = int_bits(pos[1])? as usize;
        if size == 0 {
            return Ok(crate::bytes::new(&[]));
        }
        // SAFETY: the program names the memory, as in MicroPython (like C, upyc trusts it).
        let data = unsafe { core::slice::from_raw_parts(addr as *const u8, size) };
        Ok(crate::bytes::new(data))
    })();
    r.unwrap_or(NULL)
}

/// `bytearray_at(addr, size)`: a fixed-size bytearray aliasing the `size` bytes of memory
/// at `addr` (reads see the memory as it is, writes change it).
fn bytearray_at(pos: &[Obj], kw: &[Obj]) -> Obj {
    let r = (|| -> PyResult<Obj> {
        no_kw(kw)?;
        argc(pos, 2, 2)?;
        let addr = int_bits(pos[0])? as usize;
        let size = int_bits(pos[1])? as usize;
        // SAFETY: the program names the memory, as in MicroPython (like C, upyc trusts it).
        Ok(unsafe { crate::bytearray::new_alias(addr as *mut u8, size) })
    })();
    r.unwrap_or(NULL)
}

static SIZEOF: crate::callable::BuiltinFn = crate::callable::BuiltinFn::new("sizeof", sizeof);
static ADDRESSOF: crate::callable::BuiltinFn =
    crate::callable::BuiltinFn::new("addressof", addressof);
static BYTES_AT: crate::callable::BuiltinFn = crate::callable::BuiltinFn::new("bytes_at", bytes_at);
static BYTEARRAY_AT: crate::callable::BuiltinFn =
    crate::callable::BuiltinFn::new("bytearray_at", bytearray_at);

const fn val(t: u32) -> Member {
    Member::Int(encode(t, VAL_TYPE_BITS))
}

/// `long` of the target's C ABI: 32 bits on the pyboard, 64 on the (LP64) host.
#[cfg(target_pointer_width = "32")]
const LONG: (u32, u32) = (INT32, UINT32);
#[cfg(not(target_pointer_width = "32"))]
const LONG: (u32, u32) = (INT64, UINT64);

/// `uctypes`.
#[no_mangle]
pub static upy_module_uctypes: ModuleDef = ModuleDef {
    name: "uctypes",
    members: &[
        ("struct", Member::Make(struct_class)),
        ("sizeof", Member::Fn(&SIZEOF)),
        ("addressof", Member::Fn(&ADDRESSOF)),
        ("bytes_at", Member::Fn(&BYTES_AT)),
        ("bytearray_at", Member::Fn(&BYTEARRAY_AT)),
        ("NATIVE", Member::Int(NATIVE as isize)),
        ("LITTLE_ENDIAN", Member::Int(LITTLE_ENDIAN as isize)),
        ("BIG_ENDIAN", Member::Int(BIG_ENDIAN as isize)),
        ("VOID", val(UINT8)),
        ("UINT8", val(UINT8)),
        ("INT8", val(INT8)),
        ("UINT16", val(UINT16)),
        ("INT16", val(INT16)),
        ("UINT32", val(UINT32)),
        ("INT32", val(INT32)),
        ("UINT64", val(UINT64)),
        ("INT64", val(INT64)),
        ("BFUINT8", val(BFUINT8)),
        ("BFINT8", val(BFINT8)),
        ("BFUINT16", val(BFUINT16)),
        ("BFINT16", val(BFINT16)),
        ("BFUINT32", val(BFUINT32)),
        ("BFINT32", val(BFINT32)),
        ("BF_POS", Member::Int(OFFSET_BITS as isize)),
        ("BF_LEN", Member::Int(LEN_BITS as isize)),
        ("FLOAT32", val(FLOAT32)),
        ("FLOAT64", val(FLOAT64)),
        ("SHORT", val(INT16)),
        ("USHORT", val(UINT16)),
        ("INT", val(INT32)),
        ("UINT", val(UINT32)),
        ("LONG", val(LONG.0)),
        ("ULONG", val(LONG.1)),
        ("LONGLONG", val(INT64)),
        ("ULONGLONG", val(UINT64)),
        ("PTR", Member::Int(encode(PTR, AGG_TYPE_BITS))),
        ("ARRAY", Member::Int(encode(ARRAY, AGG_TYPE_BITS))),
    ],
};
