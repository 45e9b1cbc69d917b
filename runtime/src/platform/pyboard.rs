//! The pyboard (STM32F405RG, Cortex-M4F): vector table, reset, clocks, USART console,
//! fault handlers, semihosting exit. Memory layout comes from `boards/cortex-m.ld`.

use core::arch::{asm, global_asm};
use core::ptr::{addr_of, read_volatile, write_volatile};

use crate::gc;

extern "C" {
    static _sdata: u8;
    static _ebss: u8;
    static _stack_top: u8;
    static __upy_stack_bottom: u8;
    static __upy_heap_start: u8;
    static __upy_heap_end: u8;
    static __upy_console_usart: u8;
    static __upy_semihost_exit: u8;
    static __vector_table: u8;
    fn Reset() -> !;
}

// Reset: enable the FPU (before any code could use it), copy .data, zero .bss, then
// continue in Rust. Written in assembly so no compiled code runs before memory is set.
global_asm!(
    ".section .text.Reset,\"ax\",%progbits",
    ".global Reset",
    ".type Reset,%function",
    ".thumb_func",
    "Reset:",
    "    ldr r0, =0xE000ED88",
    "    ldr r1, [r0]",
    "    orr r1, r1, #0xF00000",
    "    str r1, [r0]",
    "    dsb",
    "    isb",
    "    ldr r0, =_sdata",
    "    ldr r1, =_edata",
    "    ldr r2, =_sidata",
    "1:  cmp r0, r1",
    "    bhs 2f",
    "    ldr r3, [r2], #4",
    "    str r3, [r0], #4",
    "    b 1b",
    "2:  ldr r0, =_sbss",
    "    ldr r1, =_ebss",
    "    movs r2, #0",
    "3:  cmp r0, r1",
    "    bhs 4f",
    "    str r2, [r0], #4",
    "    b 3b",
    "4:  bl upy_start",
    "    b 4b",
    "    .ltorg",
    ".size Reset, . - Reset",
);

/// A vector table entry.
#[derive(Clone, Copy)]
pub union Vector {
    handler: unsafe extern "C" fn() -> !,
    returning: unsafe extern "C" fn(),
    reserved: usize,
}

const fn h(f: unsafe extern "C" fn() -> !) -> Vector {
    Vector { handler: f }
}
const RESERVED: Vector = Vector { reserved: 0 };

/// Entry 1 of the vector table (entry 0, the initial SP, comes from the linker script).
#[link_section = ".vector_table.reset_vector"]
#[no_mangle]
#[used]
pub static __RESET_VECTOR: unsafe extern "C" fn() -> ! = Reset;

/// Entries 2..16: the Cortex-M exceptions.
#[link_section = ".vector_table.exceptions"]
#[no_mangle]
#[used]
pub static __EXCEPTIONS: [Vector; 14] = [
    h(nmi),
    h(hard_fault),
    h(mem_manage),
    h(bus_fault),
    h(usage_fault),
    RESERVED,
    RESERVED,
    RESERVED,
    RESERVED,
    h(unexpected),
    h(unexpected),
    RESERVED,
    h(unexpected),
    Vector { returning: systick },
];

/// The STM32F405's 82 interrupt lines (none used yet).
#[link_section = ".vector_table.interrupts"]
#[no_mangle]
#[used]
pub static __INTERRUPTS: [Vector; 82] = [h(unexpected); 82];

unsafe extern "C" fn nmi() -> ! {
    fatal("NMI")
}
unsafe extern "C" fn hard_fault() -> ! {
    fatal("HardFault")
}
unsafe extern "C" fn mem_manage() -> ! {
    fatal("MemManage")
}
unsafe extern "C" fn bus_fault() -> ! {
    fatal("BusFault")
}
unsafe extern "C" fn usage_fault() -> ! {
    fatal("UsageFault")
}
unsafe extern "C" fn unexpected() -> ! {
    fatal("unexpected interrupt")
}

fn fatal(what: &str) -> ! {
    console_write(b"FATAL: ", true);
    console_write(what.as_bytes(), true);
    console_write(b"\n", true);
    exit_with(3)
}

/// Margin above the stack bottom for the runtime's own deepest call chain.
const STACK_MARGIN: usize = 8 * 1024;

/// Continues the reset handler once `.data`/`.bss` are set up.
#[no_mangle]
extern "C" fn upy_start() -> ! {
    const SCB_VTOR: usize = 0xE000_ED08;
    reg_write(SCB_VTOR, addr_of!(__vector_table) as u32);
    let pclk = clock_init();
    console_init(pclk);
    systick_init(if pclk == HSI_HZ { HSI_HZ } else { 2 * pclk });
    crate::entry::set_stack_limit(addr_of!(__upy_stack_bottom) as usize + STACK_MARGIN);
    gc::init(
        addr_of!(__upy_heap_start) as usize,
        addr_of!(__upy_heap_end) as usize,
    );
    let status = crate::platform::run_program();
    exit_with(status)
}

#[inline]
fn reg_read(addr: usize) -> u32 {
    // SAFETY: a peripheral register of this chip.
    unsafe { read_volatile(addr as *const u32) }
}

#[inline]
fn reg_write(addr: usize, v: u32) {
    // SAFETY: a peripheral register of this chip.
    unsafe { write_volatile(addr as *mut u32, v) }
}

fn reg_modify(addr: usize, clear: u32, set: u32) {
    reg_write(addr, (reg_read(addr) & !clear) | set);
}

/// Polls `cond` a bounded number of times: QEMU does not model the RCC (it reads 0).
fn wait_for(mut cond: impl FnMut() -> bool) -> bool {
    (0..200_000).any(|_| cond())
}

const RCC: usize = 0x4002_3800;
const RCC_CR: usize = RCC;
const RCC_PLLCFGR: usize = RCC + 0x04;
const RCC_CFGR: usize = RCC + 0x08;
const RCC_AHB1ENR: usize = RCC + 0x30;
const RCC_APB1ENR: usize = RCC + 0x40;
const RCC_APB2ENR: usize = RCC + 0x44;
const FLASH_ACR: usize = 0x4002_3C00;
const PWR_CR: usize = 0x4000_7000;

const HSI_HZ: u32 = 16_000_000;

/// Clocks: HSE 12 MHz -> PLL 168 MHz (APB1 42 MHz, APB2 84 MHz), or HSI 16 MHz when the
/// crystal or PLL does not come up. Returns the USART1 (APB2) clock.
fn clock_init() -> u32 {
    reg_modify(RCC_CR, 0, 1 << 16); // HSEON
    if !wait_for(|| reg_read(RCC_CR) & (1 << 17) != 0) {
        reg_modify(RCC_CR, 1 << 16, 0);
        return HSI_HZ;
    }
    reg_modify(RCC_APB1ENR, 0, 1 << 28); // PWREN
    reg_modify(PWR_CR, 0, 1 << 14); // VOS: scale 1
                                    // 5 wait states, prefetch, instruction and data caches.
    reg_write(FLASH_ACR, 5 | (1 << 8) | (1 << 9) | (1 << 10));
    // PLL from HSE: /M=12 -> 1 MHz, xN=336, /P=2 -> 168 MHz, /Q=7 -> 48 MHz.
    reg_write(RCC_PLLCFGR, 12 | (336 << 6) | (1 << 22) | (7 << 24));
    reg_modify(RCC_CR, 0, 1 << 24); // PLLON
    let pll_ok = reg_read(FLASH_ACR) & 7 == 5 && wait_for(|| reg_read(RCC_CR) & (1 << 25) != 0);
    if pll_ok {
        // AHB /1, APB1 /4, APB2 /2, then switch to the PLL.
        reg_modify(
            RCC_CFGR,
            (0xF << 4) | (7 << 10) | (7 << 13),
            (5 << 10) | (4 << 13),
        );
        reg_modify(RCC_CFGR, 3, 2);
        if wait_for(|| (reg_read(RCC_CFGR) >> 2) & 3 == 2) {
            return 84_000_000;
        }
    }
    // Fall back to HSI with no prescalers.
    reg_write(RCC_CFGR, 0);
    reg_modify(RCC_CR, (1 << 24) | (1 << 16), 0);
    HSI_HZ
}

fn usart() -> usize {
    addr_of!(__upy_console_usart) as usize
}

const USART_SR: usize = 0x00;
const USART_DR: usize = 0x04;
const USART_BRR: usize = 0x08;
const USART_CR1: usize = 0x0C;
const BAUD: u32 = 115_200;

/// Console USART: clocks, pins (USART1: PB6 TX / PB7 RX, AF7), 115200 8N1.
fn console_init(pclk2: u32) {
    let base = usart();
    let mut pclk = pclk2;
    match base {
        0x4001_1000 => {
            reg_modify(RCC_AHB1ENR, 0, 1 << 1); // GPIOB
            reg_modify(RCC_APB2ENR, 0, 1 << 4); // USART1
            let gpiob = 0x4002_0400;
            reg_modify(gpiob, 0xF << 12, 0xA << 12); // MODER6/7: alternate function
            reg_modify(gpiob + 0x08, 0xF << 12, 0xA << 12); // OSPEEDR: fast
            reg_modify(gpiob + 0x0C, 0xF << 12, 0x4 << 12); // PUPDR: pull-up on RX
            reg_modify(gpiob + 0x20, 0xFF << 24, 0x77 << 24); // AFRL: AF7
        }
        0x4000_4400 => {
            // USART2 on PA2/PA3 (APB1: half the APB2 clock at 168 MHz).
            reg_modify(RCC_AHB1ENR, 0, 1 << 0);
            reg_modify(RCC_APB1ENR, 0, 1 << 17);
            let gpioa = 0x4002_0000;
            reg_modify(gpioa, 0xF << 4, 0xA << 4);
            reg_modify(gpioa + 0x20, 0xFF << 8, 0x77 << 8);
            if pclk2 != HSI_HZ {
                pclk = pclk2 / 2;
            }
        }
        _ => {}
    }
    reg_write(base + USART_BRR, (pclk + BAUD / 2) / BAUD);
    reg_write(base + USART_CR1, (1 << 13) | (1 << 3) | (1 << 2)); // UE, TE, RE
}

fn put_byte(base: usize, b: u8) {
    wait_for(|| reg_read(base + USART_SR) & (1 << 7) != 0); // TXE
    reg_write(base + USART_DR, b as u32);
}

/// Writes console bytes (both streams share the USART); `\n` goes out as `\r\n`.
pub fn console_write(b: &[u8], _err: bool) {
    let base = usart();
    for &c in b {
        if c == b'\n' {
            put_byte(base, b'\r');
        }
        put_byte(base, c);
    }
}

/// True when a console byte has arrived.
pub fn console_can_read() -> bool {
    reg_read(usart() + USART_SR) & (1 << 5) != 0 // RXNE
}

/// Reads one byte of console input (waits for it); `\r` (what terminals send for
/// Enter) is returned as it is.
pub fn console_read_byte() -> Option<u8> {
    let base = usart();
    while reg_read(base + USART_SR) & (1 << 5) == 0 {} // RXNE
    Some(reg_read(base + USART_DR) as u8)
}

const SYST_CSR: usize = 0xE000_E010;
const SYST_RVR: usize = 0xE000_E014;
const SYST_CVR: usize = 0xE000_E018;

/// Milliseconds since start-up, counted by the SysTick interrupt.
static mut MILLIS: u32 = 0;
/// Core clock cycles per microsecond.
static mut CYCLES_PER_US: u32 = 16;

/// SysTick: one interrupt per millisecond from the core clock `core_hz`.
fn systick_init(core_hz: u32) {
    // SAFETY: start-up, before the interrupt is enabled.
    unsafe { CYCLES_PER_US = core_hz / 1_000_000 };
    reg_write(SYST_RVR, core_hz / 1000 - 1);
    reg_write(SYST_CVR, 0);
    reg_write(SYST_CSR, 0b111); // processor clock, interrupt, enable
}

/// The SysTick exception handler.
unsafe extern "C" fn systick() {
    // SAFETY: the only writer; readers use volatile reads.
    unsafe {
        let p = core::ptr::addr_of_mut!(MILLIS);
        write_volatile(p, read_volatile(p).wrapping_add(1));
    }
}

fn millis() -> u32 {
    // SAFETY: a word read (atomic on this core).
    unsafe { read_volatile(core::ptr::addr_of!(MILLIS)) }
}

/// Microseconds since start-up (a monotonic counter).
pub fn ticks_us() -> u64 {
    loop {
        let m = millis();
        let elapsed = reg_read(SYST_RVR).saturating_sub(reg_read(SYST_CVR));
        if millis() == m {
            // SAFETY: written once at start-up.
            let per_us = unsafe { CYCLES_PER_US }.max(1);
            return m as u64 * 1000 + (elapsed / per_us) as u64;
        }
    }
}

/// Waits `us` microseconds (sleeping between SysTick interrupts).
pub fn sleep_us(us: u64) {
    let end = ticks_us() + us;
    loop {
        let now = ticks_us();
        if now >= end {
            return;
        }
        if end - now > 1000 {
            // SAFETY: waits for the next interrupt (SysTick comes every millisecond).
            unsafe { asm!("wfi", options(nomem, nostack, preserves_flags)) };
        }
    }
}

/// Seconds since 2000-01-01 00:00:00: the board has no set clock, so time starts there
/// at reset (as a pyboard's RTC does on first power-up).
pub fn epoch_seconds() -> i64 {
    (ticks_us() / 1_000_000) as i64
}

/// Waits until the last byte has left the USART.
pub fn console_flush() {
    let base = usart();
    wait_for(|| reg_read(base + USART_SR) & (1 << 6) != 0); // TC
}

/// Spills r4-r11 into an array the caller keeps on its stack.
#[inline(always)]
pub fn spill_callee_saved() -> [usize; 8] {
    let mut regs = [0usize; 8];
    // SAFETY: stores eight words into `regs`.
    unsafe {
        asm!("stm {0}, {{r4-r11}}", in(reg) regs.as_mut_ptr(), options(nostack, preserves_flags));
    }
    regs
}

/// The current stack pointer.
#[inline(always)]
pub fn stack_pointer() -> usize {
    let sp: usize;
    // SAFETY: reads a register.
    unsafe { asm!("mov {}, sp", out(reg) sp, options(nomem, nostack, preserves_flags)) };
    sp
}

/// Top of the stack region.
pub fn stack_top() -> usize {
    addr_of!(_stack_top) as usize
}

/// `.data` + `.bss` (GC roots).
pub fn data_range() -> (usize, usize) {
    (addr_of!(_sdata) as usize, addr_of!(_ebss) as usize)
}

/// Ends the program: flushes the console, then exits QEMU through semihosting when
/// the image was linked for it (`__upy_semihost_exit != 0`), else sleeps forever.
pub fn exit_with(status: i32) -> ! {
    console_flush();
    // The symbol's address is its value; keep the compiler from assuming it non-null.
    if core::hint::black_box(addr_of!(__upy_semihost_exit) as usize) != 0 {
        let block = [0x20026u32, status as u32]; // ADP_Stopped_ApplicationExit, status
                                                 // SAFETY: SYS_EXIT_EXTENDED; only reached when a debugger/QEMU handles it.
        unsafe {
            asm!("bkpt 0xAB", inout("r0") 0x20usize => _, in("r1") block.as_ptr(), options(nostack));
        }
    }
    loop {
        // SAFETY: waits for an interrupt (none are enabled).
        unsafe { asm!("wfi", options(nomem, nostack, preserves_flags)) };
    }
}
