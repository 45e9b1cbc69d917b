//! Helpers shared by the tests that read built images.
// Each test crate uses some of them.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The instructions (mnemonic and operands) of function `prefix*` in the image.
pub fn function(elf: &Path, prefix: &str) -> Vec<String> {
    let symbols = symbols(elf);
    let symbol = symbols
        .lines()
        .filter_map(|l| l.split_whitespace().nth(2))
        .find(|s| s.starts_with(prefix))
        .unwrap_or_else(|| panic!("no symbol {prefix}* in\n{symbols}"))
        .to_string();
    let out = Command::new("arm-none-eabi-objdump")
        .arg("-d")
        .arg(format!("--disassemble={symbol}"))
        .arg(elf)
        .output()
        .expect("run arm-none-eabi-objdump");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let addr = cols.next()?;
            addr.trim().strip_suffix(':')?;
            cols.next()?;
            Some(cols.collect::<Vec<_>>().join(" "))
        })
        .collect()
}

/// Builds `program` (source text) for the pyboard with `extra` arguments; returns the
/// folder holding it (deleted when dropped), the image, and upyc's stderr.
pub fn build_pyboard(program: &str, extra: &[&str]) -> (tempfile::TempDir, PathBuf, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = dir.path().join("main.py");
    std::fs::write(&src, program).expect("write program");
    let elf = dir.path().join("app.elf");
    let out = Command::new(env!("CARGO_BIN_EXE_upyc"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .args(["build", "--board", "pyboard", "-o"])
        .arg(&elf)
        .arg(&src)
        .args(extra)
        .output()
        .expect("run upyc");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{stderr}");
    (dir, elf, stderr)
}

/// The symbol table of an image (`arm-none-eabi-nm`).
pub fn symbols(elf: &Path) -> String {
    let nm = Command::new("arm-none-eabi-nm")
        .arg(elf)
        .output()
        .expect("run arm-none-eabi-nm");
    String::from_utf8_lossy(&nm.stdout).into_owned()
}
