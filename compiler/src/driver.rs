//! The pipeline as the CLI uses it: source → object → image.

use crate::backend::{self, Program};
use crate::boards::{Arch, Board};
use crate::diag::{Diagnostic, Result};
use crate::frontend::modules::Modules;
use crate::link::{self, image, LinkOptions};
use crate::lower::{self, Target};
use std::path::{Path, PathBuf};

/// Where a program's source comes from: its main script and the module search path.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// The main script.
    pub main: String,
    /// Folders searched for imported modules after the main script's folder (`-I`).
    pub include: Vec<PathBuf>,
}

impl Sources {
    /// A program of `main` with no `-I` folders.
    pub fn script(main: &str) -> Sources {
        Sources {
            main: main.to_string(),
            include: Vec::new(),
        }
    }
}

/// Parses, analyses and lowers a program (its main script and every module it imports)
/// for `board` into optimised CLIF.
pub fn lower_program(sources: &Sources, board: &Board) -> Result<Program> {
    let modules = Modules::load(&sources.main, &sources.include)?;
    lower::lower_program(
        &modules,
        Target {
            word_bits: board.word_bits,
        },
    )
}

/// Compiles a program to an object file (bytes) for `board`.
pub fn compile_object(sources: &Sources, board: &Board) -> Result<Vec<u8>> {
    let path = sources.main.as_str();
    let program = lower_program(sources, board)?;
    if std::env::var_os("UPYC_DUMP_CLIF").is_some() {
        for f in &program.functions {
            eprintln!("; {}\n{}", f.name, f.clif.display());
        }
    }
    let object = match board.arch {
        Arch::X86_64 => backend::host::emit_object(&program),
        Arch::Thumb2 => backend::thumb2::emit_object(&program),
    };
    object.map_err(|e| Diagnostic::file(path, format!("internal compiler error: {e}")))
}

/// What a build wrote.
pub struct BuildOutput {
    /// Flash and static RAM use (flash boards), or code size (host).
    pub sizes: image::Sizes,
    /// The raw flash image written beside the ELF, if any.
    pub bin: Option<std::path::PathBuf>,
}

/// Compiles and links a program into `out` (and `out` with `.bin` for flash boards).
pub fn build(
    sources: &Sources,
    board: &Board,
    boards_dir: &Path,
    out: &Path,
    opts: LinkOptions,
) -> Result<BuildOutput> {
    let object = compile_object(sources, board)?;
    link::link(board, boards_dir, &object, out, opts)?;
    let shown = out.display().to_string();
    let elf = std::fs::read(out)
        .map_err(|e| Diagnostic::file(&shown, format!("cannot read the image: {e}")))?;
    let sizes = image::sizes(&elf).map_err(|e| Diagnostic::file(&shown, e))?;
    let mut bin = None;
    if board.is_flash_board() {
        let bytes = image::flash_binary(&elf, board).map_err(|e| Diagnostic::file(&shown, e))?;
        let bin_path = out.with_extension("bin");
        std::fs::write(&bin_path, bytes).map_err(|e| {
            Diagnostic::file(
                &bin_path.display().to_string(),
                format!("cannot write: {e}"),
            )
        })?;
        bin = Some(bin_path);
    }
    Ok(BuildOutput { sizes, bin })
}
