//! Boards as data: one TOML file per board in `boards/`, read at run time.
//!
//! Adding a board that uses an existing code generator and runtime target means adding
//! a file; nothing in the compiler names a board.

use crate::diag::{Diagnostic, Result};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The code generator a board needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Arch {
    /// upyc's own Thumb-2 backend (ARMv7-M).
    Thumb2,
    /// Cranelift's x86-64 backend (host executables).
    #[serde(rename = "x86_64")]
    X86_64,
}

/// A memory region of a microcontroller board.
#[derive(Debug, Clone, Deserialize)]
pub struct Memory {
    /// Region name used in the linker script (`FLASH`, `RAM`, ...).
    pub name: String,
    /// Linker attributes (`rx`, `rwx`, ...).
    pub attrs: String,
    /// First address.
    pub origin: u64,
    /// Size in bytes.
    pub length: u64,
}

/// Which region holds code, data, heap and stack.
#[derive(Debug, Clone, Deserialize)]
pub struct Regions {
    /// Code and read-only data (flash).
    pub text: String,
    /// `.data`/`.bss`.
    pub data: String,
    /// The GC heap (the rest of the region after data).
    pub heap: String,
    /// The stack (grows down from the region's end).
    pub stack: String,
}

/// How `upyc run` runs an image.
#[derive(Debug, Clone, Deserialize)]
pub struct RunMethod {
    /// `qemu` or `native`.
    pub method: String,
    /// QEMU binary (method `qemu`).
    pub qemu: Option<String>,
    /// QEMU machine (method `qemu`).
    pub machine: Option<String>,
}

/// One board file.
#[derive(Debug, Clone, Deserialize)]
pub struct Board {
    /// Board name (the file stem).
    pub name: String,
    /// One-line description.
    pub description: String,
    /// CPU core.
    pub cpu: String,
    /// Code generator.
    pub arch: Arch,
    /// Rust target triple of the runtime.
    pub rust_target: String,
    /// Machine word size in bits.
    pub word_bits: u32,
    /// Linker script body (file in the boards directory), for microcontroller boards.
    pub linker_script: Option<String>,
    /// Memory regions (microcontroller boards).
    #[serde(default)]
    pub memory: Vec<Memory>,
    /// Region roles (microcontroller boards).
    pub regions: Option<Regions>,
    /// Linker symbols the runtime reads.
    #[serde(default)]
    pub symbols: BTreeMap<String, u64>,
    /// How to run it.
    pub run: RunMethod,
}

impl Board {
    /// True for boards whose image is flashed (a `.bin` is written beside the ELF).
    pub fn is_flash_board(&self) -> bool {
        self.arch != Arch::X86_64
    }

    /// A memory region by name.
    pub fn memory(&self, name: &str) -> Option<&Memory> {
        self.memory.iter().find(|m| m.name == name)
    }

    /// Flash size in bytes, for the size summary.
    pub fn flash_size(&self) -> Option<u64> {
        let regions = self.regions.as_ref()?;
        self.memory(&regions.text).map(|m| m.length)
    }
}

/// The directory holding board files: `$UPYC_BOARDS_DIR`, else the source tree's `boards/`.
pub fn default_boards_dir() -> PathBuf {
    match std::env::var_os("UPYC_BOARDS_DIR") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("..")
            .join("boards"),
    }
}

/// Loads every board file in `dir`, sorted by name.
pub fn load_all(dir: &Path) -> Result<Vec<Board>> {
    let shown = dir.display().to_string();
    let entries = std::fs::read_dir(dir)
        .map_err(|e| Diagnostic::file(&shown, format!("cannot read the boards directory: {e}")))?;
    let mut boards = Vec::new();
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().and_then(|e| e.to_str()) == Some("toml") {
            boards.push(load_file(&path)?);
        }
    }
    boards.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(boards)
}

/// Loads the board called `name` from `dir`.
pub fn load(dir: &Path, name: &str) -> Result<Board> {
    let valid = !name.is_empty()
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    let path = dir.join(format!("{name}.toml"));
    if !valid || !path.is_file() {
        let known: Vec<String> = load_all(dir)?.into_iter().map(|b| b.name).collect();
        return Err(Diagnostic::file(
            "upyc",
            format!(
                "unknown board '{name}' (known boards: {})",
                known.join(", ")
            ),
        ));
    }
    load_file(&path)
}

fn load_file(path: &Path) -> Result<Board> {
    let shown = path.display().to_string();
    let text = std::fs::read_to_string(path)
        .map_err(|e| Diagnostic::file(&shown, format!("cannot read board file: {e}")))?;
    let board: Board = toml::from_str(&text)
        .map_err(|e| Diagnostic::file(&shown, format!("invalid board file: {}", e.message())))?;
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if board.name != stem {
        return Err(Diagnostic::file(
            &shown,
            format!("board name '{}' differs from the file name", board.name),
        ));
    }
    if board.word_bits != 32 && board.word_bits != 64 {
        return Err(Diagnostic::file(&shown, "word_bits must be 32 or 64"));
    }
    if board.is_flash_board() {
        let regions = board
            .regions
            .as_ref()
            .ok_or_else(|| Diagnostic::file(&shown, "a microcontroller board needs [regions]"))?;
        for r in [&regions.text, &regions.data, &regions.heap, &regions.stack] {
            if board.memory(r).is_none() {
                return Err(Diagnostic::file(
                    &shown,
                    format!("region '{r}' is not in [[memory]]"),
                ));
            }
        }
        if board.linker_script.is_none() {
            return Err(Diagnostic::file(
                &shown,
                "a microcontroller board needs linker_script",
            ));
        }
    }
    Ok(board)
}
