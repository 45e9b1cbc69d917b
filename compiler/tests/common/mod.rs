//! Helpers shared by the tests that read built images.

use std::path::Path;
use std::process::Command;

/// The instructions (mnemonic and operands) of function `prefix*` in the image.
pub fn function(elf: &Path, prefix: &str) -> Vec<String> {
    let nm = Command::new("arm-none-eabi-nm")
        .arg(elf)
        .output()
        .expect("run arm-none-eabi-nm");
    let symbols = String::from_utf8_lossy(&nm.stdout).to_string();
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
