//! The bytecode VM: runs the functions a program compiled with `--emit bytecode`
//! (format in [`upyc_abi::bytecode`]). A bytecode function is entered from its native
//! stub through [`upy_vm_exec`]; its registers and stack slots live in a frame the stub
//! allocates on the machine stack, so the conservative collector sees every object they hold.

use upyc_abi::bytecode as bc;

extern "C" {
    /// Addresses of the functions and data bytecode refers to (emitted by the compiler).
    static upy_bc_pool: [usize; 0];
}

/// Entry `i` of the symbol pool.
///
/// # Safety
/// The compiler only emits indexes inside the pool it emitted.
#[inline(always)]
pub(crate) unsafe fn pool(i: usize) -> usize {
    // SAFETY: per the contract.
    unsafe { *(core::ptr::addr_of!(upy_bc_pool) as *const usize).add(i) }
}

/// Reads a code object.
pub(crate) struct Reader {
    /// The next byte.
    pub(crate) p: *const u8,
}

impl Reader {
    #[inline(always)]
    pub(crate) unsafe fn byte(&mut self) -> u8 {
        // SAFETY: the compiler emitted a well-formed code object (caller's contract).
        let b = unsafe { *self.p };
        self.p = unsafe { self.p.add(1) };
        b
    }

    #[inline(always)]
    pub(crate) unsafe fn uleb(&mut self) -> usize {
        let mut value = 0usize;
        let mut shift = 0u32;
        loop {
            let b = unsafe { self.byte() };
            value |= ((b & 0x7f) as usize).wrapping_shl(shift);
            if b & 0x80 == 0 {
                return value;
            }
            shift += 7;
        }
    }

    #[inline(always)]
    pub(crate) unsafe fn sleb(&mut self) -> usize {
        let x = unsafe { self.uleb() };
        (x >> 1) ^ (x & 1).wrapping_neg()
    }

    /// A source operand: a register or a constant.
    #[inline(always)]
    unsafe fn src(&mut self, regs: *const usize) -> usize {
        let x = unsafe { self.uleb() };
        if x & 1 == 0 {
            // SAFETY: register numbers are below the frame size the compiler allocated.
            unsafe { *regs.add(x >> 1) }
        } else {
            let z = x >> 1;
            (z >> 1) ^ (z & 1).wrapping_neg()
        }
    }

    #[inline(always)]
    pub(crate) unsafe fn target(&mut self) -> usize {
        let lo = unsafe { self.byte() } as usize;
        let hi = unsafe { self.byte() } as usize;
        lo | (hi << 8)
    }
}

/// Runs the bytecode function `code` in `frame` (its registers, then its stack slots;
/// the caller, the function's native stub, stored the arguments in their registers)
/// and returns its result (NULL when it raised, for Python functions).
///
/// # Safety
/// `code` is a code object the compiler emitted; `frame` holds as many words as the
/// compiler sized it for.
#[no_mangle]
pub unsafe extern "C" fn upy_vm_exec(code: *const u8, frame: *mut usize) -> usize {
    unsafe { interpret(frame, code) }
}

/// Calls the function at `f` with `n > 4` word arguments, the source operands at `p`.
#[inline(never)]
#[cold]
unsafe fn call_many(f: usize, n: usize, p: *const u8, regs: *const usize) -> usize {
    let mut r = Reader { p };
    let mut args = [0usize; bc::MAX_CALL_ARGS];
    for a in args.iter_mut().take(n) {
        *a = unsafe { r.src(regs) };
    }
    type W = usize;
    let [a, b, c, d, e, g, h, i] = args;
    // SAFETY: the compiler calls only functions of this many word parameters; a
    // callee returning nothing leaves the return register unused.
    unsafe {
        match n {
            5 => core::mem::transmute::<usize, extern "C" fn(W, W, W, W, W) -> W>(f)(a, b, c, d, e),
            6 => core::mem::transmute::<usize, extern "C" fn(W, W, W, W, W, W) -> W>(f)(
                a, b, c, d, e, g,
            ),
            7 => core::mem::transmute::<usize, extern "C" fn(W, W, W, W, W, W, W) -> W>(f)(
                a, b, c, d, e, g, h,
            ),
            8 => core::mem::transmute::<usize, extern "C" fn(W, W, W, W, W, W, W, W) -> W>(f)(
                a, b, c, d, e, g, h, i,
            ),
            _ => trap(),
        }
    }
}

#[cold]
fn trap() -> ! {
    panic!("bytecode trap")
}

fn compare(cc: u8, a: usize, b: usize) -> bool {
    let (sa, sb) = (a as isize, b as isize);
    match cc {
        bc::CC_EQ => a == b,
        bc::CC_NE => a != b,
        bc::CC_SLT => sa < sb,
        bc::CC_SGE => sa >= sb,
        bc::CC_SGT => sa > sb,
        bc::CC_SLE => sa <= sb,
        bc::CC_ULT => a < b,
        bc::CC_UGE => a >= b,
        bc::CC_UGT => a > b,
        bc::CC_ULE => a <= b,
        _ => trap(),
    }
}

fn alu(op: u8, a: usize, b: usize) -> usize {
    let (sa, sb) = (a as isize, b as isize);
    let bits = usize::BITS;
    match op {
        bc::ADD => a.wrapping_add(b),
        bc::SUB => a.wrapping_sub(b),
        bc::MUL => a.wrapping_mul(b),
        bc::AND => a & b,
        bc::OR => a | b,
        bc::XOR => a ^ b,
        bc::SHL => a.wrapping_shl(b as u32),
        bc::USHR => a.wrapping_shr(b as u32),
        bc::SSHR => sa.wrapping_shr(b as u32) as usize,
        bc::SDIV if b != 0 => sa.wrapping_div(sb) as usize,
        bc::UDIV if b != 0 => a / b,
        bc::SREM if b != 0 => sa.wrapping_rem(sb) as usize,
        bc::UREM if b != 0 => a % b,
        bc::ROTL => a.rotate_left(b as u32 % bits),
        bc::ROTR => a.rotate_right(b as u32 % bits),
        bc::SMIN => sa.min(sb) as usize,
        bc::SMAX => sa.max(sb) as usize,
        bc::UMIN => a.min(b),
        bc::UMAX => a.max(b),
        bc::SMULHI => ((sa as i128 * sb as i128) >> bits) as usize,
        bc::UMULHI => ((a as u128 * b as u128) >> bits) as usize,
        _ => trap(),
    }
}

fn alu_overflow(op: u8, a: usize, b: usize) -> (usize, bool) {
    let (sa, sb) = (a as isize, b as isize);
    match op {
        bc::SADDO => {
            let (v, o) = sa.overflowing_add(sb);
            (v as usize, o)
        }
        bc::SSUBO => {
            let (v, o) = sa.overflowing_sub(sb);
            (v as usize, o)
        }
        bc::SMULO => {
            let (v, o) = sa.overflowing_mul(sb);
            (v as usize, o)
        }
        bc::UADDO => a.overflowing_add(b),
        bc::USUBO => a.overflowing_sub(b),
        bc::UMULO => a.overflowing_mul(b),
        _ => trap(),
    }
}

fn extend(signed: bool, width: u8, a: usize) -> usize {
    let w = u32::from(width);
    if w >= usize::BITS {
        return a;
    }
    let shift = usize::BITS - w;
    if signed {
        (((a << shift) as isize) >> shift) as usize
    } else {
        (a << shift) >> shift
    }
}

/// Loads `kind` (width in bytes, maybe [`bc::LOAD_SIGNED`]) from `addr`.
unsafe fn load(kind: u8, addr: usize) -> usize {
    // SAFETY: compiled code loads only from addresses it computed as valid.
    unsafe {
        match kind {
            1 => core::ptr::read_volatile(addr as *const u8) as usize,
            2 => core::ptr::read_volatile(addr as *const u16) as usize,
            4 => core::ptr::read_volatile(addr as *const u32) as usize,
            0x11 => core::ptr::read_volatile(addr as *const i8) as isize as usize,
            0x12 => core::ptr::read_volatile(addr as *const i16) as isize as usize,
            0x14 => core::ptr::read_volatile(addr as *const i32) as isize as usize,
            _ => core::ptr::read_volatile(addr as *const usize),
        }
    }
}

/// Stores the low `width` bytes of `value` at `addr`.
unsafe fn store(width: u8, value: usize, addr: usize) {
    // SAFETY: compiled code stores only to addresses it computed as valid.
    unsafe {
        match width {
            1 => core::ptr::write_volatile(addr as *mut u8, value as u8),
            2 => core::ptr::write_volatile(addr as *mut u16, value as u16),
            4 => core::ptr::write_volatile(addr as *mut u32, value as u32),
            _ => core::ptr::write_volatile(addr as *mut usize, value),
        }
    }
}

/// The interpreter loop over a frame (registers, then stack slots).
#[inline(always)]
unsafe fn interpret(regs: *mut usize, code: *const u8) -> usize {
    type W = usize;
    let mut r = Reader { p: code };
    unsafe {
        let nregs = r.uleb();
        let nlandings = r.uleb();
        let landings = r.p;
        let start = r.p.add(3 * nlandings);
        r.p = start;
        let pool = core::ptr::addr_of!(upy_bc_pool) as *const usize;
        let slots = regs.add(nregs) as usize;
        loop {
            let op = r.byte();
            match op {
                bc::MOV => {
                    let d = r.uleb();
                    let v = r.src(regs);
                    *regs.add(d) = v;
                }
                bc::ADD..=bc::UMULHI => {
                    let d = r.uleb();
                    let a = r.src(regs);
                    let b = r.src(regs);
                    *regs.add(d) = alu(op, a, b);
                }
                bc::SADDO..=bc::UMULO => {
                    let d = r.uleb();
                    let o = r.uleb();
                    let a = r.src(regs);
                    let b = r.src(regs);
                    let (v, of) = alu_overflow(op, a, b);
                    *regs.add(d) = v;
                    *regs.add(o) = of as usize;
                }
                bc::NOT | bc::NEG | bc::CLZ => {
                    let d = r.uleb();
                    let a = r.src(regs);
                    *regs.add(d) = match op {
                        bc::NOT => !a,
                        bc::NEG => a.wrapping_neg(),
                        _ => a.leading_zeros() as usize,
                    };
                }
                bc::ICMP => {
                    let cc = r.byte();
                    let d = r.uleb();
                    let a = r.src(regs);
                    let b = r.src(regs);
                    *regs.add(d) = compare(cc, a, b) as usize;
                }
                bc::SELECT => {
                    let d = r.uleb();
                    let c = r.src(regs);
                    let a = r.src(regs);
                    let b = r.src(regs);
                    *regs.add(d) = if c != 0 { a } else { b };
                }
                bc::ZEXT | bc::SEXT => {
                    let width = r.byte();
                    let d = r.uleb();
                    let a = r.src(regs);
                    *regs.add(d) = extend(op == bc::SEXT, width, a);
                }
                bc::LOAD => {
                    let kind = r.byte();
                    let d = r.uleb();
                    let addr = r.src(regs);
                    let off = r.sleb();
                    *regs.add(d) = load(kind, addr.wrapping_add(off));
                }
                bc::STORE => {
                    let width = r.byte();
                    let v = r.src(regs);
                    let addr = r.src(regs);
                    let off = r.sleb();
                    store(width, v, addr.wrapping_add(off));
                }
                bc::SLOT => {
                    let d = r.uleb();
                    let off = r.uleb();
                    *regs.add(d) = slots + off;
                }
                bc::SYM => {
                    let d = r.uleb();
                    let i = r.uleb();
                    *regs.add(d) = *pool.add(i);
                }
                bc::CALL | bc::CALLI => {
                    let shape = r.byte();
                    let f = if op == bc::CALL {
                        *pool.add(r.uleb())
                    } else {
                        r.src(regs)
                    };
                    let n = usize::from(shape & !bc::CALL_RETURNS);
                    // SAFETY: the compiler calls only functions of this many word
                    // parameters; a callee returning nothing leaves the return
                    // register unused.
                    let v = match n {
                        0 => core::mem::transmute::<usize, extern "C" fn() -> W>(f)(),
                        1 => {
                            let a = r.src(regs);
                            core::mem::transmute::<usize, extern "C" fn(W) -> W>(f)(a)
                        }
                        2 => {
                            let a = r.src(regs);
                            let b = r.src(regs);
                            core::mem::transmute::<usize, extern "C" fn(W, W) -> W>(f)(a, b)
                        }
                        3 => {
                            let a = r.src(regs);
                            let b = r.src(regs);
                            let c = r.src(regs);
                            core::mem::transmute::<usize, extern "C" fn(W, W, W) -> W>(f)(a, b, c)
                        }
                        4 => {
                            let a = r.src(regs);
                            let b = r.src(regs);
                            let c = r.src(regs);
                            let d = r.src(regs);
                            core::mem::transmute::<usize, extern "C" fn(W, W, W, W) -> W>(f)(
                                a, b, c, d,
                            )
                        }
                        _ => {
                            let v = call_many(f, n, r.p, regs);
                            for _ in 0..n {
                                r.uleb();
                            }
                            v
                        }
                    };
                    if shape & bc::CALL_RETURNS != 0 {
                        let d = r.uleb();
                        *regs.add(d) = v;
                    }
                }
                bc::JMP => {
                    let t = r.target();
                    r.p = start.add(t);
                }
                bc::BRNZ | bc::BRZ => {
                    let c = r.src(regs);
                    let t = r.target();
                    if (c != 0) == (op == bc::BRNZ) {
                        r.p = start.add(t);
                    }
                }
                bc::BRCMP => {
                    let cc = r.byte();
                    let a = r.src(regs);
                    let b = r.src(regs);
                    let t = r.target();
                    if compare(cc, a, b) {
                        r.p = start.add(t);
                    }
                }
                bc::CONST => {
                    let d = r.uleb();
                    *regs.add(d) = r.sleb();
                }
                bc::CHKZ | bc::CHKNZ => {
                    let c = r.src(regs);
                    let k = usize::from(r.byte());
                    let v = r.src(regs);
                    if (c == 0) == (op == bc::CHKZ) {
                        let l = landings.add(3 * k);
                        let target = usize::from(*l) | (usize::from(*l.add(1)) << 8);
                        *regs.add(usize::from(*l.add(2))) = v;
                        r.p = start.add(target);
                    }
                }
                bc::RET => return r.src(regs),
                bc::RET0 => return 0,
                bc::SP => {
                    let d = r.uleb();
                    *regs.add(d) = regs as usize;
                }
                bc::TRAPZ | bc::TRAPNZ => {
                    let c = r.src(regs);
                    if (c == 0) == (op == bc::TRAPZ) {
                        trap();
                    }
                }
                _ => trap(),
            }
        }
    }
}
