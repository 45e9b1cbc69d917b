//! `machine.mem8`/`mem16`/`mem32` subscripts compiled inline. When the subscripted name
//! is bound once at module level by `import machine` (or `from machine import mem32`), a
//! load or store is one machine load or store: with a constant address (`const()`
//! arithmetic) it is the access alone; otherwise a tag test picks the inline access for
//! a small-int address aligned to the element size and the runtime's `mem` object (with
//! its errors) for anything else. A value that does not fit a small int (a store of a big
//! int, a `mem32` load above the small-int range) goes through the runtime as well.
//!
//! Each access is preceded by a `fence`, which stops the mid-end from merging two reads
//! of a device register or forwarding a stored value to a later read; the Thumb-2
//! backend emits no instruction for it.

use super::Lower;
use crate::diag::Result;
use cranelift_codegen::ir::condcodes::IntCC;
use cranelift_codegen::ir::{types, InstBuilder, MemFlagsData, Value};
use ruff_python_ast::{self as ast, Expr, Operator};
use upyc_abi::entry;

/// Where an inline access goes.
#[derive(Clone, Copy)]
enum Address {
    /// A constant address (already checked for alignment).
    Const(i64),
    /// The index object: a small int when the fast path is taken.
    Dynamic(Value),
}

impl Lower<'_, '_, '_> {
    /// The element size (1, 2 or 4) when `e` names `machine.mem8/16/32` through a
    /// module-level import that is never rebound.
    pub(super) fn mem_view(&self, e: &Expr) -> Option<u8> {
        let what = match e {
            Expr::Name(n) => self.module_import(n.id.as_str())?.to_string(),
            Expr::Attribute(a) => {
                let Expr::Name(m) = &*a.value else {
                    return None;
                };
                format!("{}.{}", self.module_import(m.id.as_str())?, a.attr.id)
            }
            _ => return None,
        };
        match what.as_str() {
            "machine.mem8" => Some(1),
            "machine.mem16" => Some(2),
            "machine.mem32" => Some(4),
            _ => None,
        }
    }

    /// What module-level import `name` refers to here, if it is not shadowed.
    fn module_import(&self, name: &str) -> Option<&str> {
        if self.is_local(name) || self.cells.contains(name) || self.class_ns(name).is_some() {
            return None;
        }
        self.pb.scope.imported.get(name).map(String::as_str)
    }

    /// `memN[addr]`.
    pub(super) fn mem_load(&mut self, size: u8, s: &ast::ExprSubscript) -> Result<Value> {
        let line = self.line(s.range);
        let addr = self.mem_address(size, &s.slice)?;
        self.mem_read(size, s, addr, line)
    }

    /// `memN[addr] = value` (the value is evaluated first, as Python does).
    pub(super) fn mem_store(
        &mut self,
        size: u8,
        s: &ast::ExprSubscript,
        value: &Expr,
    ) -> Result<()> {
        let line = self.line(s.range);
        let raw = self.fold_word(value);
        let v = match raw {
            Some(_) => None,
            None => Some(self.expr(value)?),
        };
        let addr = self.mem_address(size, &s.slice)?;
        match raw {
            Some(raw) => {
                let raw = self.iconst(raw);
                self.mem_write_raw(size, s, &addr, raw, line)
            }
            None => {
                let v = v.unwrap_or_else(|| unreachable!("evaluated above"));
                self.mem_write(size, s, &addr, v, line)
            }
        }
    }

    /// `memN[addr] op= value`: one address evaluation, an inline read and write.
    pub(super) fn mem_aug(
        &mut self,
        size: u8,
        s: &ast::ExprSubscript,
        op: Operator,
        value: &Expr,
    ) -> Result<()> {
        let line = self.line(s.range);
        let addr = self.mem_address(size, &s.slice)?;
        let cur = self.mem_read(size, s, addr, line)?;
        let v = self.expr(value)?;
        let op = super::binop_of(self.src(), op, s.range)?;
        let r = self.binop_maybe_inplace(op, true, cur, v, line);
        self.mem_write(size, s, &addr, r, line)
    }

    /// A constant address, or the index object.
    fn mem_address(&mut self, size: u8, slice: &Expr) -> Result<Address> {
        if let Some(a) = self.fold_word(slice) {
            let word_max = (1i128 << self.pb.target.word_bits) - 1;
            let a128 = i128::from(a);
            let unsigned = if a128 < 0 { a128 + word_max + 1 } else { a128 };
            if (0..=word_max).contains(&unsigned) && unsigned % i128::from(size) == 0 {
                return Ok(Address::Const(a));
            }
        }
        let idx = self.expr(slice)?;
        Ok(Address::Dynamic(idx))
    }

    /// The value of a constant int expression (literals and `const()` names) as a
    /// machine word, if it is one and fits.
    fn fold_word(&self, e: &Expr) -> Option<i64> {
        if !matches!(
            e,
            Expr::NumberLiteral(_) | Expr::Name(_) | Expr::BinOp(_) | Expr::UnaryOp(_)
        ) {
            return None;
        }
        if let Expr::Name(n) = e {
            if self.is_local(&n.id) {
                return None;
            }
        }
        let v = super::super::consts::fold(self.src(), e, &self.pb.consts).ok()?;
        let v = i128::try_from(v).ok()?;
        let bits = self.pb.target.word_bits;
        let (min, max) = (-(1i128 << (bits - 1)), (1i128 << bits) - 1);
        if !(min..=max).contains(&v) {
            return None;
        }
        // Words are passed as i64 immediates; 32-bit targets use the low half.
        Some(if bits == 32 {
            v as u32 as i32 as i64
        } else {
            v as i64
        })
    }

    /// Branches on whether the index is a small int aligned to `size`: returns the
    /// machine address in the fast block; the slow block is left for the caller.
    fn mem_split(&mut self, size: u8, idx: Value) -> (Value, cranelift_codegen::ir::Block) {
        // A small int `a` is `(a << 1) | 1`: `a % size == 0` and the tag in one test.
        let mask = i64::from(size) * 2 - 1;
        let low = self.b.ins().band_imm_s(idx, mask);
        let ok = self.b.ins().icmp_imm_s(IntCC::Equal, low, 1);
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        self.brif(ok, fast, &[], slow, &[]);
        self.switch_to(fast);
        let addr = self.b.ins().sshr_imm_s(idx, 1);
        (addr, slow)
    }

    fn mem_read(
        &mut self,
        size: u8,
        s: &ast::ExprSubscript,
        addr: Address,
        line: usize,
    ) -> Result<Value> {
        let done = self.b.create_block();
        self.b.append_block_param(done, self.w);
        let (machine_addr, slow) = match addr {
            Address::Const(a) => (self.iconst(a), None),
            Address::Dynamic(idx) => {
                let (a, slow) = self.mem_split(size, idx);
                (a, Some((slow, idx)))
            }
        };
        self.b.ins().fence();
        let flags = MemFlagsData::trusted();
        let raw = match size {
            1 => self.b.ins().uload8(self.w, flags, machine_addr, 0),
            2 => self.b.ins().uload16(self.w, flags, machine_addr, 0),
            _ if self.w == types::I32 => self.b.ins().load(types::I32, flags, machine_addr, 0),
            _ => self.b.ins().sload32(flags, machine_addr, 0),
        };
        // Box: 8/16-bit values and 32-bit ones on 64-bit targets always fit a small int.
        let tagged = {
            let shifted = self.b.ins().ishl_imm_s(raw, 1);
            self.b.ins().bor_imm_s(shifted, 1)
        };
        if size == 4 && self.w == types::I32 {
            let back = self.b.ins().sshr_imm_s(tagged, 1);
            let fits = self.b.ins().icmp(IntCC::Equal, back, raw);
            let small = self.b.create_block();
            let big = self.b.create_block();
            self.brif(fits, small, &[], big, &[]);
            self.switch_to(big);
            let boxed = self.rt_checked(upyc_abi::viper::BOX_INT, &[raw], line);
            self.jump(done, &[boxed]);
            self.switch_to(small);
        }
        self.jump(done, &[tagged]);
        if let Some((slow, idx)) = slow {
            self.switch_to(slow);
            let mem = self.expr(&s.value)?;
            let v = self.rt_checked(entry::SUBSCR, &[mem, idx], line);
            self.jump(done, &[v]);
        }
        self.switch_to(done);
        Ok(self.b.block_params(done)[0])
    }

    /// Stores object `v`: inline when it is a small int, through the runtime otherwise.
    fn mem_write(
        &mut self,
        size: u8,
        s: &ast::ExprSubscript,
        addr: &Address,
        v: Value,
        line: usize,
    ) -> Result<()> {
        let is_small = self.b.ins().band_imm_s(v, 1);
        let fast = self.b.create_block();
        let slow = self.b.create_block();
        let done = self.b.create_block();
        self.brif(is_small, fast, &[], slow, &[]);
        self.switch_to(fast);
        let raw = self.b.ins().sshr_imm_s(v, 1);
        self.mem_write_raw_to(size, s, addr, raw, line, done)?;
        self.switch_to(slow);
        let mem = self.expr(&s.value)?;
        let idx = match addr {
            Address::Const(a) => self.addr_object(*a, line),
            Address::Dynamic(idx) => *idx,
        };
        self.rt_checked(entry::STORE_SUBSCR, &[mem, idx, v], line);
        self.jump(done, &[]);
        self.switch_to(done);
        Ok(())
    }

    /// Stores machine word `raw` (truncated to the element size).
    fn mem_write_raw(
        &mut self,
        size: u8,
        s: &ast::ExprSubscript,
        addr: &Address,
        raw: Value,
        line: usize,
    ) -> Result<()> {
        let done = self.b.create_block();
        self.mem_write_raw_to(size, s, addr, raw, line, done)?;
        self.switch_to(done);
        Ok(())
    }

    /// Stores `raw` and continues at `done` (the slow path of a dynamic address stores
    /// the boxed value through the runtime).
    fn mem_write_raw_to(
        &mut self,
        size: u8,
        s: &ast::ExprSubscript,
        addr: &Address,
        raw: Value,
        line: usize,
        done: cranelift_codegen::ir::Block,
    ) -> Result<()> {
        let (machine_addr, slow) = match addr {
            Address::Const(a) => (self.iconst(*a), None),
            Address::Dynamic(idx) => {
                let (a, slow) = self.mem_split(size, *idx);
                (a, Some((slow, *idx)))
            }
        };
        self.b.ins().fence();
        let flags = MemFlagsData::trusted();
        match size {
            1 => self.b.ins().istore8(flags, raw, machine_addr, 0),
            2 => self.b.ins().istore16(flags, raw, machine_addr, 0),
            _ if self.w == types::I32 => self.b.ins().store(flags, raw, machine_addr, 0),
            _ => self.b.ins().istore32(flags, raw, machine_addr, 0),
        };
        self.jump(done, &[]);
        if let Some((slow, idx)) = slow {
            self.switch_to(slow);
            let v = self.rt_checked(upyc_abi::viper::BOX_INT, &[raw], line);
            let mem = self.expr(&s.value)?;
            self.rt_checked(entry::STORE_SUBSCR, &[mem, idx, v], line);
            self.jump(done, &[]);
        }
        Ok(())
    }

    /// The int object of constant address `a` for the runtime path (a 32-bit address
    /// above 2**31 becomes a negative int, which names the same address there).
    fn addr_object(&mut self, a: i64, line: usize) -> Value {
        let raw = self.iconst(a);
        self.rt_checked(upyc_abi::viper::BOX_INT, &[raw], line)
    }
}
