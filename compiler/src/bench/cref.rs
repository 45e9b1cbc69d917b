//! C references: `DIR/NAME.c` is the same algorithm as the program `NAME.py`, built with
//! `arm-none-eabi-gcc -O2` for the board's core with `DIR/startup.c` and `DIR/link.ld`
//! (no C library; output through semihosting), and counted like the program: from the
//! first instruction of `main` to the exit.

use super::count;
use crate::boards::Board;
use crate::diag::{Diagnostic, Result};
use std::path::Path;
use std::process::Command;
use std::time::Duration;

/// The C compiler and its flags (the pyboard's Cortex-M4F).
pub const CC: &str = "arm-none-eabi-gcc";
/// Flags for [`CC`], as `bench/viper/vs_c.py` uses them.
pub const CFLAGS: &[&str] = &[
    "-O2",
    "-mcpu=cortex-m4",
    "-mthumb",
    "-mfloat-abi=hard",
    "-mfpu=fpv4-sp-d16",
    "-fno-builtin",
    "-ffreestanding",
    "-nostdlib",
    "-nostartfiles",
];

/// A C reference's measurement.
pub struct CResult {
    /// Instructions from `main` to the exit.
    pub instructions: u64,
    /// The last line it printed.
    pub last_line: String,
}

/// Builds `dir/name.c` and counts its instructions under the board's QEMU.
pub fn measure(
    board: &Board,
    dir: &Path,
    name: &str,
    tmp: &Path,
    timeout: Duration,
) -> Result<CResult> {
    let src = dir.join(format!("{name}.c"));
    let shown = src.display().to_string();
    let elf = tmp.join(format!("{name}_c.elf"));
    let out = Command::new(CC)
        .args(CFLAGS)
        .arg("-T")
        .arg(dir.join("link.ld"))
        .arg("-o")
        .arg(&elf)
        .arg(dir.join("startup.c"))
        .arg(&src)
        .arg("-lgcc")
        .output()
        .map_err(|e| {
            Diagnostic::file(
                &shown,
                format!("cannot run {CC}: {e} (apt-get install gcc-arm-none-eabi)"),
            )
        })?;
    if !out.status.success() {
        return Err(Diagnostic::file(
            &shown,
            format!(
                "{CC} failed:\n{}",
                String::from_utf8_lossy(&out.stderr).trim_end()
            ),
        ));
    }
    let qemu = board.run.qemu.as_deref().unwrap_or("qemu-system-arm");
    let machine = board.run.machine.as_deref().unwrap_or("netduinoplus2");
    let entry = super::symbol_address(&elf, "main")?;
    let c = count::run_counted(qemu, machine, &elf, entry, timeout)?;
    Ok(CResult {
        instructions: c.instructions,
        last_line: c.output.lines().last().unwrap_or("").to_string(),
    })
}
