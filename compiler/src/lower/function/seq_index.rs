//! `seq[i]` and `seq[i] = v` inline when `seq` is a list (or, in a module that names
//! `bytearray`, a bytearray) and `i` a small int in range: a type test, a bounds test and
//! a load or store (a bytearray store also tests that the value is an int in `0..256`). Anything else (another type, a negative
//! or out-of-range index, a slice, a value out of a byte's range) goes through the
//! runtime's generic entry, which raises what it must. Left out of bytecode
//! (`compact`), like the small-int shortcuts.

use super::Lower;
use cranelift_codegen::ir::{condcodes::IntCC, types, Block, InstBuilder, MemFlagsData, Value};
use ruff_python_ast::Expr;
use upyc_abi::{self as abi, entry};

/// The sequence types indexed inline.
#[derive(Clone, Copy)]
enum Seq {
    List,
    ByteArray,
}

impl Seq {
    /// The runtime's type object, and the words of the data pointer and the length.
    fn layout(self) -> (&'static str, u32, u32) {
        use abi::layout as l;
        match self {
            Seq::List => (entry::LIST_TYPE, l::LIST_ITEMS as u32, l::LIST_LEN as u32),
            Seq::ByteArray => (
                entry::BYTEARRAY_TYPE,
                l::BYTEARRAY_DATA as u32,
                l::BYTEARRAY_LEN as u32,
            ),
        }
    }
}

/// How an indexed object's type was tested (see `Lower::seq_test`): the inline path is
/// entered only when the object is one of `seqs`.
struct SeqTest {
    obj: Value,
    /// The types indexed inline.
    seqs: &'static [Seq],
    /// For each of `seqs`, whether the object is of that type (a truth value).
    is: Vec<Value>,
}

impl Lower<'_, '_, '_> {
    /// The sequence types indexed inline in this module.
    fn inline_seqs(&self) -> &'static [Seq] {
        if self.pb.scope.names_bytearray {
            &[Seq::List, Seq::ByteArray]
        } else {
            &[Seq::List]
        }
    }

    /// Dispatches on the type of `obj` (not a small int) among `seqs`: for each, a block
    /// reached when `obj` is of that type and `idx` (known to be a small int) is in
    /// `0..len`, with the address of the item (the byte, for a bytearray) as parameter,
    /// which `each` fills. Everything else goes to `slow`.
    fn seq_dispatch(
        &mut self,
        test: &SeqTest,
        idx: Value,
        slow: Block,
        mut each: impl FnMut(&mut Self, Seq, Value),
    ) {
        let wb = self.pb.target.word_bytes();
        let flags = MemFlagsData::trusted();
        let obj = test.obj;
        let i = self.b.ins().sshr_imm_s(idx, 1);
        let seqs = test.seqs;
        for (k, &seq) in seqs.iter().enumerate() {
            let (_, data_word, len_word) = seq.layout();
            let this = self.b.create_block();
            let next = if k + 1 == seqs.len() {
                slow
            } else {
                self.b.create_block()
            };
            if k + 1 == seqs.len() {
                // The object is one of `seqs` and none of the others.
                self.jump(this, &[]);
            } else {
                self.brif(test.is[k], this, &[], next, &[]);
            }
            self.b.switch_to_block(this);
            let len = self
                .b
                .ins()
                .load(self.w, flags, obj, (len_word * wb) as i32);
            let ok = self.b.ins().icmp(IntCC::UnsignedLessThan, i, len);
            let in_range = self.b.create_block();
            self.brif(ok, in_range, &[], slow, &[]);
            self.b.switch_to_block(in_range);
            let data = self
                .b
                .ins()
                .load(self.w, flags, obj, (data_word * wb) as i32);
            let off = match seq {
                Seq::List => self.b.ins().ishl_imm_s(i, i64::from(wb.trailing_zeros())),
                Seq::ByteArray => i,
            };
            let addr = self.b.ins().iadd(data, off);
            each(self, seq, addr);
            if k + 1 < seqs.len() {
                self.b.switch_to_block(next);
            }
        }
    }

    /// The first word of `obj` when it is a heap object (its type), else 0; a pure value
    /// (the load is from `upy_not_an_object` for anything else), so repeated tests of
    /// one object share it and a loop-invariant one is computed before the loop.
    fn type_word(&mut self, obj: Value) -> Value {
        // A heap object: the low two bits clear, and not NULL (an unbound local) or
        // UNBOXED (a float held unboxed), which would pass that test.
        let low = self.b.ins().band_imm_s(obj, 0b11);
        let aligned = self.b.ins().icmp_imm_s(IntCC::Equal, low, 0);
        let above = self
            .b
            .ins()
            .icmp_imm_s(IntCC::UnsignedGreaterThan, obj, abi::UNBOXED as i64);
        let is_obj = self.b.ins().band(aligned, above);
        let nothing = self.data_addr(entry::NOT_AN_OBJECT);
        let addr = self.b.ins().select(is_obj, obj, nothing);
        // An object's type never changes while the object is alive, and `obj` is alive
        // wherever this value is used.
        let flags = MemFlagsData::trusted().with_readonly().with_can_move();
        self.b.ins().load(self.w, flags, addr, 0)
    }

    /// The address of the runtime's data symbol `symbol`.
    pub(super) fn data_addr(&mut self, symbol: &str) -> Value {
        let gv = self.data_gv(symbol);
        self.b.ins().symbol_value(self.w, gv)
    }

    /// Reads the type of `obj` for indexing it and compares it with each type indexed
    /// inline, in the current block (so every later index of the same object this block
    /// dominates shares the tests, and a loop-invariant object's are made before the
    /// loop), and folds "one of them" into the index's small-int bit: the returned tag
    /// is non-zero when the inline path may be taken, which starts with one branch.
    fn seq_test(&mut self, obj: Value, idx: Value) -> (SeqTest, Value) {
        let tag = self.b.ins().band_imm_s(idx, 1);
        let seqs = self.inline_seqs();
        let ty = self.type_word(obj);
        let mut is = Vec::with_capacity(seqs.len());
        let mut any: Option<Value> = None;
        for seq in seqs {
            let want = self.data_addr(seq.layout().0);
            let same = self.b.ins().icmp(IntCC::Equal, ty, want);
            is.push(same);
            any = Some(match any {
                Some(a) => self.b.ins().bor(a, same),
                None => same,
            });
        }
        let tag = match any {
            Some(a) => {
                let a = self.b.ins().uextend(self.w, a);
                self.b.ins().band(tag, a)
            }
            None => tag,
        };
        (SeqTest { obj, seqs, is }, tag)
    }

    /// `obj[idx]`, `idx` computed from `slice`: inline for a list (or a bytearray) and a
    /// small int.
    pub(super) fn load_subscr(
        &mut self,
        slice: &Expr,
        obj: Value,
        idx: Value,
        line: usize,
    ) -> Value {
        // (Bytecode leaves indexing to the runtime, like the small-int shortcuts.)
        if matches!(slice, Expr::Slice(_)) || self.pb.compact {
            return self.rt_checked(entry::SUBSCR, &[obj, idx], line);
        }
        let (test, tag) = self.seq_test(obj, idx);
        self.int_fast_path(
            tag,
            |l, slow, done| {
                l.seq_dispatch(&test, idx, slow, |l, seq, addr| {
                    let flags = MemFlagsData::trusted();
                    let v = match seq {
                        Seq::List => l.b.ins().load(l.w, flags, addr, 0),
                        Seq::ByteArray => {
                            let byte = l.b.ins().uload8(l.w, flags, addr, 0);
                            let shifted = l.b.ins().ishl_imm_s(byte, 1);
                            l.b.ins().bor_imm_s(shifted, 1)
                        }
                    };
                    l.jump(done, &[v]);
                });
            },
            |l| l.rt_checked(entry::SUBSCR, &[obj, idx], line),
        )
    }

    /// `obj[idx] = v`, `idx` computed from `slice`: inline for a list (or a bytearray)
    /// and a small int.
    pub(super) fn store_subscr(
        &mut self,
        slice: &Expr,
        obj: Value,
        idx: Value,
        v: Value,
        line: usize,
    ) {
        if matches!(slice, Expr::Slice(_)) || self.pb.compact {
            self.rt_checked(entry::STORE_SUBSCR, &[obj, idx, v], line);
            return;
        }
        let (test, tag) = self.seq_test(obj, idx);
        self.int_fast_path(
            tag,
            |l, slow, done| {
                l.seq_dispatch(&test, idx, slow, |l, seq, addr| {
                    let flags = MemFlagsData::trusted();
                    match seq {
                        Seq::List => {
                            l.b.ins().store(flags, v, addr, 0);
                        }
                        Seq::ByteArray => {
                            // A small int (tag bit set) in 0..256: the word is below 512
                            // and odd, so clearing bits 1..=8 leaves 1.
                            let is_byte = l.b.create_block();
                            let rest = l.b.ins().band_imm_s(v, !0x1FE);
                            let ok = l.b.ins().icmp_imm_s(IntCC::Equal, rest, 1);
                            l.brif(ok, is_byte, &[], slow, &[]);
                            l.b.switch_to_block(is_byte);
                            let byte = l.b.ins().ushr_imm_s(v, 1);
                            let byte = l.b.ins().ireduce(types::I8, byte);
                            l.b.ins().store(flags, byte, addr, 0);
                        }
                    }
                    l.jump(done, &[v]);
                });
            },
            |l| l.rt_checked(entry::STORE_SUBSCR, &[obj, idx, v], line),
        );
    }
}
