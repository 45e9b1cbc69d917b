//! `lst[i]` and `lst[i] = v` inline when `lst` is a list and `i` a small int in range:
//! a type test, a bounds test and a load or store. Anything else (another type, a
//! negative or out-of-range index, a slice) goes through the runtime's generic entry.
//! Left out of bytecode (`compact`), like the small-int shortcuts.

use super::Lower;
use cranelift_codegen::ir::{condcodes::IntCC, Block, InstBuilder, MemFlagsData, Value};
use ruff_python_ast::Expr;
use upyc_abi::{self as abi, entry};

impl Lower<'_, '_, '_> {
    /// The address of item `idx`, in a block reached only when `obj` is a list and `idx`
    /// (known to be a small int) is in `0..len`; otherwise control goes to `slow`.
    fn list_item_addr(&mut self, obj: Value, idx: Value, slow: Block) -> Value {
        let wb = self.pb.target.word_bytes();
        let flags = MemFlagsData::trusted();
        let is_list = self.b.create_block();
        let in_range = self.b.create_block();
        self.branch_on_type(obj, entry::LIST_TYPE, is_list, slow);
        self.b.switch_to_block(is_list);
        let i = self.b.ins().sshr_imm_s(idx, 1);
        let len_off = (abi::layout::LIST_LEN as u32 * wb) as i32;
        let len = self.b.ins().load(self.w, flags, obj, len_off);
        let ok = self.b.ins().icmp(IntCC::UnsignedLessThan, i, len);
        self.brif(ok, in_range, &[], slow, &[]);
        self.b.switch_to_block(in_range);
        let items_off = (abi::layout::LIST_ITEMS as u32 * wb) as i32;
        let items = self.b.ins().load(self.w, flags, obj, items_off);
        let off = self.b.ins().ishl_imm_s(i, i64::from(wb.trailing_zeros()));
        self.b.ins().iadd(items, off)
    }

    /// Goes to `yes` when `obj` (not a small int) is a heap object whose type is the
    /// runtime's data symbol `type_symbol`, else to `no`.
    pub(super) fn branch_on_type(&mut self, obj: Value, type_symbol: &str, yes: Block, no: Block) {
        let is_obj = self.b.create_block();
        let low = self.b.ins().band_imm_s(obj, 0b11);
        self.brif(low, no, &[], is_obj, &[]);
        self.b.switch_to_block(is_obj);
        let ty = self.b.ins().load(self.w, MemFlagsData::trusted(), obj, 0);
        let gv = self.data_gv(type_symbol);
        let want = self.b.ins().symbol_value(self.w, gv);
        let same = self.b.ins().icmp(IntCC::Equal, ty, want);
        self.brif(same, yes, &[], no, &[]);
    }

    /// `obj[idx]`, `idx` computed from `slice`: inline for a list and a small int.
    pub(super) fn load_subscr(
        &mut self,
        slice: &Expr,
        obj: Value,
        idx: Value,
        line: usize,
    ) -> Value {
        if matches!(slice, Expr::Slice(_)) {
            return self.rt_checked(entry::SUBSCR, &[obj, idx], line);
        }
        let tag = self.b.ins().band_imm_s(idx, 1);
        self.int_fast_path(
            tag,
            |l, slow, done| {
                let addr = l.list_item_addr(obj, idx, slow);
                let v = l.b.ins().load(l.w, MemFlagsData::trusted(), addr, 0);
                l.jump(done, &[v]);
            },
            |l| l.rt_checked(entry::SUBSCR, &[obj, idx], line),
        )
    }

    /// `obj[idx] = v`, `idx` computed from `slice`: inline for a list and a small int.
    pub(super) fn store_subscr(
        &mut self,
        slice: &Expr,
        obj: Value,
        idx: Value,
        v: Value,
        line: usize,
    ) {
        if matches!(slice, Expr::Slice(_)) {
            self.rt_checked(entry::STORE_SUBSCR, &[obj, idx, v], line);
            return;
        }
        let tag = self.b.ins().band_imm_s(idx, 1);
        self.int_fast_path(
            tag,
            |l, slow, done| {
                let addr = l.list_item_addr(obj, idx, slow);
                l.b.ins().store(MemFlagsData::trusted(), v, addr, 0);
                l.jump(done, &[v]);
            },
            |l| l.rt_checked(entry::STORE_SUBSCR, &[obj, idx, v], line),
        );
    }
}
