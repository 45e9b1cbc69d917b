//! The pipeline as the CLI uses it: source → object → image.

use crate::backend::{self, Program};
use crate::boards::{Arch, Board};
use crate::bytecode;
use crate::diag::{Diagnostic, Result};
use crate::frontend::modules::Modules;
use crate::link::{self, image, LinkOptions};
use crate::lower::emitter::EmitChoice;
use crate::lower::{self, Target};
use std::path::{Path, PathBuf};

/// What to compile and how: the main script, the module search path and the choice of
/// native code or bytecode.
#[derive(Clone, Debug, Default)]
pub struct Sources {
    /// The main script.
    pub main: String,
    /// Folders searched for imported modules after the main script's folder (`-I`).
    pub include: Vec<PathBuf>,
    /// Native code or bytecode, per module (`--emit`, `--emit-module`).
    pub emit: EmitChoice,
}

impl Sources {
    /// A program of `main` with no `-I` folders, all native.
    pub fn script(main: &str) -> Sources {
        Sources {
            main: main.to_string(),
            include: Vec::new(),
            emit: EmitChoice::default(),
        }
    }
}

/// A compiled program.
pub struct Compiled {
    /// The relocatable object.
    pub object: Vec<u8>,
    /// What `--emit bytecode` produced.
    pub bytecode: bytecode::Report,
}

/// Parses, analyses and lowers a program (its main script and every module it imports)
/// for `board` into optimised CLIF, with the functions the build wants as bytecode
/// converted (each leaves a native stub entering the VM).
pub fn lower_program(sources: &Sources, board: &Board) -> Result<(Program, bytecode::Report)> {
    let modules = Modules::load(&sources.main, &sources.include)?;
    for (name, _) in &sources.emit.modules {
        if !modules.units.iter().any(|u| &u.name == name) {
            return Err(Diagnostic::file(
                &sources.main,
                format!(
                    "--emit-module: the program has no module named '{name}' (the main script is '__main__')"
                ),
            ));
        }
    }
    let target = Target {
        word_bits: board.word_bits,
    };
    let lowered = lower::lower_program(&modules, target, &sources.emit)?;
    let mut program = lowered.program;
    if std::env::var_os("UPYC_DUMP_CLIF").is_some() {
        for f in &program.functions {
            eprintln!("; {}\n{}", f.name, f.clif.display());
        }
    }
    let report = if lowered.bytecode.is_empty() {
        bytecode::Report::default()
    } else {
        if std::env::var_os("UPYC_DUMP_BYTECODE").is_some() {
            for (f, why) in &lowered.not_compact {
                eprintln!("; {f}: register bytecode ({why})");
            }
        }
        bytecode::convert(
            &mut program,
            &lowered.bytecode,
            lowered.compact,
            lowered.pool,
            target,
        )
    };
    Ok((program, report))
}

/// Compiles a program to an object file for `board`.
pub fn compile(sources: &Sources, board: &Board) -> Result<Compiled> {
    let path = sources.main.as_str();
    let (program, report) = lower_program(sources, board)?;
    if std::env::var_os("UPYC_DUMP_BYTECODE").is_some() {
        for (name, why) in &report.kept_native {
            eprintln!("; {name} stays native: {why}");
        }
    }
    let object = match board.arch {
        Arch::X86_64 => backend::host::emit_object(&program),
        Arch::Thumb2 => backend::thumb2::emit_object(&program),
    };
    let object =
        object.map_err(|e| Diagnostic::file(path, format!("internal compiler error: {e}")))?;
    Ok(Compiled {
        object,
        bytecode: report,
    })
}

/// Compiles a program to an object file (bytes) for `board`.
pub fn compile_object(sources: &Sources, board: &Board) -> Result<Vec<u8>> {
    compile(sources, board).map(|c| c.object)
}

/// What a build wrote.
pub struct BuildOutput {
    /// Flash and static RAM use (flash boards), or code size (host).
    pub sizes: image::Sizes,
    /// The raw flash image written beside the ELF, if any.
    pub bin: Option<std::path::PathBuf>,
    /// What `--emit bytecode` produced.
    pub bytecode: bytecode::Report,
    /// Bytes of `.text` and `.rodata` in the program's own object (its compiled code,
    /// bytecode and constants; the runtime not included).
    pub program_bytes: u64,
}

/// Compiles and links a program into `out` (and `out` with `.bin` for flash boards).
pub fn build(
    sources: &Sources,
    board: &Board,
    boards_dir: &Path,
    out: &Path,
    opts: LinkOptions,
) -> Result<BuildOutput> {
    let compiled = compile(sources, board)?;
    link::link(board, boards_dir, &compiled.object, out, opts)?;
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
    let program_bytes = crate::bench::code_size(&compiled.object)
        .map_err(|e| Diagnostic::file(&sources.main, e))?;
    Ok(BuildOutput {
        sizes,
        bin,
        bytecode: compiled.bytecode,
        program_bytes,
    })
}
