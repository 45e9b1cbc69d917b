//! External tools for the tests: GNU as/objcopy/objdump, rust-lld and QEMU.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Path of a required tool on `PATH`; panics with an installation hint when missing.
pub fn tool(name: &str) -> PathBuf {
    let path = std::env::var_os("PATH").unwrap_or_default();
    for dir in std::env::split_paths(&path) {
        let p = dir.join(name);
        if p.is_file() {
            return p;
        }
    }
    panic!(
        "`{name}` not found on PATH: install binutils-arm-none-eabi and qemu-system-arm \
         (apt-get install --no-install-recommends binutils-arm-none-eabi qemu-system-arm)"
    );
}

/// rust-lld of the active toolchain.
pub fn rust_lld() -> PathBuf {
    let out = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .expect("rustc --print sysroot");
    let sysroot = String::from_utf8_lossy(&out.stdout).trim().to_string();
    let p = Path::new(&sysroot).join("lib/rustlib/x86_64-unknown-linux-gnu/bin/rust-lld");
    assert!(p.is_file(), "rust-lld not found at {}", p.display());
    p
}

/// Runs a command, panicking with its output on failure.
pub fn run(cmd: &mut Command) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e}"));
    if !out.status.success() {
        panic!(
            "{cmd:?} failed ({}):\n{}\n{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
    out
}

/// Assembles Thumb-2 source into an object file at `obj`.
pub fn assemble(src: &str, dir: &Path, stem: &str) -> PathBuf {
    let s = dir.join(format!("{stem}.s"));
    let o = dir.join(format!("{stem}.o"));
    std::fs::write(&s, src).expect("write asm");
    run(Command::new(tool("arm-none-eabi-as"))
        .args([
            "-mthumb",
            "-mcpu=cortex-m4",
            "-mfloat-abi=hard",
            "-mfpu=fpv4-sp-d16",
            "-o",
        ])
        .arg(&o)
        .arg(&s));
    o
}

/// The bytes of the `.text` section of an object.
pub fn text_bytes(obj: &Path) -> Vec<u8> {
    let bin = obj.with_extension("bin");
    run(Command::new(tool("arm-none-eabi-objcopy"))
        .args(["-O", "binary", "-j", ".text"])
        .arg(obj)
        .arg(&bin));
    std::fs::read(&bin).expect("read binary")
}

/// Disassembly of an object (`objdump -d -r`).
pub fn objdump(obj: &Path) -> String {
    let out = run(Command::new(tool("arm-none-eabi-objdump"))
        .args(["-d", "-r"])
        .arg(obj));
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// Start-up code for `mps2-an386`: vector table, reset enabling the FPU and calling `test_main`, exit through
/// semihosting with its result, `put_hex(u32)` printing a line, faults exiting with 99.
const STARTUP: &str = r#"
    .syntax unified
    .thumb
    .section .vectors, "a"
    .word __stack_top
    .word reset
    .rept 14
    .word fault
    .endr

    .text
    .thumb_func
    .global reset
reset:
    ldr r0, =0xE000ED88 @ CPACR: full access to CP10/CP11 (the FPU)
    ldr r1, [r0]
    orr r1, r1, #(0xF << 20)
    str r1, [r0]
    dsb
    isb
    bl test_main
exit:
    sub sp, #8
    ldr r1, =0x20026
    str r1, [sp]
    str r0, [sp, #4]
    mov r1, sp
    movs r0, #0x20
    bkpt 0xab
    b .

    .thumb_func
fault:
    movs r0, #99
    b exit

    .thumb_func
    .global put_hex
put_hex:
    push {r4, lr}
    sub sp, #16
    mov r4, sp
    movs r2, #28
1:  lsr.w r3, r0, r2
    and r3, r3, #15
    cmp r3, #10
    ite lo
    addlo r3, r3, #48
    addhs r3, r3, #87
    strb r3, [r4], #1
    subs r2, r2, #4
    bpl 1b
    movs r3, #10
    strb r3, [r4], #1
    movs r3, #0
    strb r3, [r4]
    mov r1, sp
    movs r0, #4
    bkpt 0xab
    add sp, #16
    pop {r4, pc}
    .ltorg
"#;

const LINK_LD: &str = r#"
MEMORY {
  FLASH : ORIGIN = 0x00000000, LENGTH = 4M
  RAM   : ORIGIN = 0x20000000, LENGTH = 4M
}
ENTRY(reset)
SECTIONS {
  .text : { KEEP(*(.vectors)) *(.text .text.*) *(.rodata .rodata.*) } > FLASH
  .data : { *(.data .data.*) } > RAM
  .bss (NOLOAD) : { *(.bss .bss.*) } > RAM
  __stack_top = ORIGIN(RAM) + LENGTH(RAM);
}
"#;

/// Result of running an image under QEMU.
pub struct RunResult {
    pub stdout: String,
    pub status: i32,
}

/// Links `obj_bytes` with the start-up code and runs it on `mps2-an386`.
pub fn link_and_run(obj_bytes: &[u8], dir: &Path) -> RunResult {
    let obj = dir.join("prog.o");
    std::fs::write(&obj, obj_bytes).expect("write object");
    let start = assemble(STARTUP, dir, "startup");
    let ld = dir.join("link.ld");
    std::fs::write(&ld, LINK_LD).expect("write linker script");
    let img = dir.join("img.elf");
    run(Command::new(rust_lld())
        .args(["-flavor", "gnu", "--gc-sections", "-T"])
        .arg(&ld)
        .arg("-o")
        .arg(&img)
        .arg(&start)
        .arg(&obj));
    let child = Command::new(tool("qemu-system-arm"))
        .args([
            "-M",
            "mps2-an386",
            "-chardev",
            "stdio,id=semihost",
            "-semihosting-config",
            "enable=on,target=native,chardev=semihost",
            "-nographic",
            "-monitor",
            "none",
            "-serial",
            "none",
            "-kernel",
        ])
        .arg(&img)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn qemu-system-arm");
    // A watchdog: a miscompiled loop must not hang the test suite.
    let id = child.id();
    let done = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let d2 = done.clone();
    std::thread::spawn(move || {
        for _ in 0..200 {
            std::thread::sleep(std::time::Duration::from_millis(100));
            if d2.load(std::sync::atomic::Ordering::SeqCst) {
                return;
            }
        }
        let _ = Command::new("kill").arg(id.to_string()).status();
    });
    let out = child.wait_with_output().expect("wait qemu");
    done.store(true, std::sync::atomic::Ordering::SeqCst);
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !stderr.trim().is_empty() {
        eprintln!("qemu stderr: {stderr}");
    }
    RunResult {
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        status: out.status.code().unwrap_or(-1),
    }
}
