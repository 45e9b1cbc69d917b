//! The insertion-ordered hash table behind `dict`: entries in insertion order
//! (deleted ones have a NULL key until the next rebuild) and an open-addressing
//! index of entry numbers.

use alloc::vec::Vec;

use crate::exc;
use crate::hash;
use crate::obj::{self, Obj, PyResult, Raised, NULL};

const FREE: usize = usize::MAX;

/// Slots of the index a map keeps inline, in the map itself (entry numbers as bytes):
/// small maps (instance dicts, most literal dicts) never allocate an index.
const INLINE_SLOTS: usize = 8;
/// An unused inline slot.
const INLINE_FREE: u8 = u8::MAX;

/// One key/value pair with the key's hash.
#[derive(Clone, Copy)]
pub struct Entry {
    /// Hash of `key`.
    pub hash: usize,
    /// The key (NULL: deleted).
    pub key: Obj,
    /// The value.
    pub value: Obj,
}

/// An insertion-ordered map.
#[derive(Clone)]
pub struct Map {
    /// Entries in insertion order, deleted ones included.
    pub entries: Vec<Entry>,
    /// The index of a large map (empty while the inline one serves).
    index: Vec<usize>,
    /// The index of a small map.
    inline: [u8; INLINE_SLOTS],
    /// Number of live entries.
    pub used: usize,
    /// A class namespace: adding a key bumps [`CLASS_EPOCH`].
    pub watched: bool,
}

/// Bumped whenever a class namespace gains, loses or rebinds a key or a class is made:
/// attribute and method caches hold only while it is unchanged.
pub static CLASS_EPOCH: core::sync::atomic::AtomicUsize = core::sync::atomic::AtomicUsize::new(1);

/// Invalidates every attribute cache.
pub fn bump_class_epoch() {
    use core::sync::atomic::Ordering::Relaxed;
    CLASS_EPOCH.store(CLASS_EPOCH.load(Relaxed).wrapping_add(1), Relaxed);
}

/// The hash of `key`; an interned key's from the qstr table, without a call.
#[inline]
fn key_hash(key: Obj) -> PyResult<usize> {
    if obj::is_qstr(key) {
        return Ok(crate::qstr::hash(obj::qstr_value(key)));
    }
    hash::hash(key)
}

fn oom() -> Raised {
    exc::raise_memory_error();
    Raised
}

impl Default for Map {
    fn default() -> Map {
        Map {
            entries: Vec::new(),
            index: Vec::new(),
            inline: [INLINE_FREE; INLINE_SLOTS],
            used: 0,
            watched: false,
        }
    }
}

impl Map {
    /// Number of index slots (a power of two).
    fn slots(&self) -> usize {
        if self.index.is_empty() {
            INLINE_SLOTS
        } else {
            self.index.len()
        }
    }

    /// The entry number in index slot `i` ([`FREE`] when unused).
    #[inline]
    fn slot(&self, i: usize) -> usize {
        if self.index.is_empty() {
            match self.inline[i] {
                INLINE_FREE => FREE,
                e => usize::from(e),
            }
        } else {
            self.index[i]
        }
    }

    /// Live entries in order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> {
        self.entries.iter().filter(|e| e.key != NULL)
    }

    /// Index of the entry for `key`, if present.
    pub fn find(&self, key: Obj) -> PyResult<Option<usize>> {
        if self.entries.is_empty() {
            return Ok(None);
        }
        // An interned key (attribute and method names, most dict keys of literals):
        // its hash is in the qstr table, and a different qstr is never equal to it.
        let interned = obj::is_qstr(key);
        let h = key_hash(key)?;
        let same = |ent: Entry| -> PyResult<bool> {
            Ok(ent.key == key
                || (ent.key != NULL
                    && ent.hash == h
                    && !(interned && obj::is_qstr(ent.key))
                    && hash::equal(ent.key, key)?))
        };
        if self.index.is_empty() {
            let mut i = h % INLINE_SLOTS;
            loop {
                let e = self.inline[i];
                let Some(&ent) = self.entries.get(usize::from(e)) else {
                    // (INLINE_FREE is past the end of an inline map's entries.)
                    return Ok(None);
                };
                if same(ent)? {
                    return Ok(Some(usize::from(e)));
                }
                i = (i + 1) % INLINE_SLOTS;
            }
        }
        let mask = self.index.len() - 1;
        let mut i = h & mask;
        loop {
            let e = self.index[i];
            let Some(&ent) = self.entries.get(e) else {
                // (FREE is past the end of every map's entries.)
                return Ok(None);
            };
            if same(ent)? {
                return Ok(Some(e));
            }
            i = (i + 1) & mask;
        }
    }

    /// The value for `key`.
    pub fn get(&self, key: Obj) -> PyResult<Option<Obj>> {
        Ok(self.find(key)?.map(|e| self.entries[e].value))
    }

    /// `map[key] = value`.
    pub fn store(&mut self, key: Obj, value: Obj) -> PyResult<()> {
        self.store_at(key, value).map(|_| ())
    }

    /// `map[key] = value`, returning the number of the key's entry.
    pub fn store_at(&mut self, key: Obj, value: Obj) -> PyResult<usize> {
        if let Some(e) = self.find(key)? {
            // Method caches remember a class attribute's value: rebinding one in a class
            // namespace invalidates them.
            if self.watched && self.entries[e].value != value {
                bump_class_epoch();
            }
            self.entries[e].value = value;
            return Ok(e);
        }
        let h = key_hash(key)?;
        if (self.entries.len() + 1) * 3 > self.slots() * 2 {
            self.rebuild()?;
        }
        if self.entries.try_reserve(1).is_err() {
            return Err(oom());
        }
        if self.watched {
            bump_class_epoch();
        }
        let n = self.entries.len();
        self.entries.push(Entry {
            hash: h,
            key,
            value,
        });
        self.used += 1;
        self.insert_index(h, n);
        Ok(n)
    }

    fn insert_index(&mut self, h: usize, e: usize) {
        let mask = self.slots() - 1;
        let mut i = h & mask;
        while self.slot(i) != FREE {
            i = (i + 1) & mask;
        }
        if self.index.is_empty() {
            // Inline maps hold at most 2/3 of INLINE_SLOTS entries: numbers fit a byte.
            self.inline[i] = e as u8;
        } else {
            self.index[i] = e;
        }
    }

    /// Drops deleted entries and resizes the index for the live ones plus room to grow
    /// (the inline index while they fit it).
    fn rebuild(&mut self) -> PyResult<()> {
        let mut size = INLINE_SLOTS;
        while size * 2 < (self.used + 1) * 3 {
            size *= 2;
        }
        let mut index = Vec::new();
        if size > INLINE_SLOTS {
            if index.try_reserve(size).is_err() {
                return Err(oom());
            }
            index.resize(size, FREE);
        }
        let old_len = self.entries.len();
        self.entries.retain(|e| e.key != NULL);
        crate::gc::scrub_vacated(&mut self.entries, old_len);
        self.index = index;
        self.inline = [INLINE_FREE; INLINE_SLOTS];
        for n in 0..self.entries.len() {
            let h = self.entries[n].hash;
            self.insert_index(h, n);
        }
        Ok(())
    }

    /// Removes `key`, returning its value.
    pub fn remove(&mut self, key: Obj) -> PyResult<Option<Obj>> {
        let Some(e) = self.find(key)? else {
            return Ok(None);
        };
        let v = self.entries[e].value;
        if self.watched {
            bump_class_epoch();
        }
        self.entries[e].key = NULL;
        self.entries[e].value = NULL;
        self.used -= 1;
        Ok(Some(v))
    }

    /// Removes and returns the last entry.
    pub fn pop_last(&mut self) -> Option<(Obj, Obj)> {
        if self.watched {
            bump_class_epoch();
        }
        while let Some(e) = self.entries.pop() {
            let len = self.entries.len();
            crate::gc::scrub_vacated(&mut self.entries, len + 1);
            if e.key != NULL {
                self.used -= 1;
                // The index may point past the end now: rebuild keeps it consistent.
                let _ = self.rebuild();
                return Some((e.key, e.value));
            }
        }
        None
    }

    /// Removes everything.
    pub fn clear(&mut self) {
        if self.watched {
            bump_class_epoch();
        }
        self.entries = Vec::new();
        self.index = Vec::new();
        self.inline = [INLINE_FREE; INLINE_SLOTS];
        self.used = 0;
    }
}
