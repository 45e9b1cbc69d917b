//! The pipeline as the CLI uses it: source → object → image.

use crate::backend::{self, Program};
use crate::boards::{Arch, Board};
use crate::diag::{Diagnostic, Result};
use crate::frontend::{self, SourceFile};
use crate::link::{self, image, LinkOptions};
use crate::lower::{self, Target};
use std::path::Path;

/// Parses, analyses and lowers `path` for `board` into optimised CLIF.
pub fn lower_file(path: &str, board: &Board) -> Result<Program> {
    let src = SourceFile::load(path)?;
    let module = frontend::parse(&src)?;
    lower::lower_program(
        &src,
        &module,
        Target {
            word_bits: board.word_bits,
        },
    )
}

/// Compiles `path` to an object file (bytes) for `board`.
pub fn compile_object(path: &str, board: &Board) -> Result<Vec<u8>> {
    let program = lower_file(path, board)?;
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

/// Compiles and links `path` into `out` (and `out` with `.bin` for flash boards).
pub fn build(
    path: &str,
    board: &Board,
    boards_dir: &Path,
    out: &Path,
    opts: LinkOptions,
) -> Result<BuildOutput> {
    let object = compile_object(path, board)?;
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
