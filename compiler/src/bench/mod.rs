//! `upyc bench`: builds programs in each code-generation mode, runs them with exact
//! instruction counting under QEMU (or natively on the host, timed), and reports
//! instructions, code size, peak heap and the distance to a C reference.
//!
//! [`count`] counts instructions under QEMU, [`cref`] builds and counts the C
//! references, [`report`] prints the table and the JSON, [`svg`] draws the chart.

pub mod count;
pub mod cref;
pub mod report;
pub mod svg;

use crate::boards::Board;
use crate::diag::{Diagnostic, Result};
use crate::driver;
use crate::link::{self, LinkOptions};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub use crate::lower::emitter::Mode;

/// Parses a comma-separated `--emit` list (`native,bytecode`); no duplicates.
pub fn parse_modes(items: &[String]) -> Result<Vec<Mode>> {
    let mut modes = Vec::new();
    for item in items.iter().flat_map(|s| s.split(',')) {
        let mode = Mode::parse(item.trim()).ok_or_else(|| {
            Diagnostic::file(
                "upyc",
                format!(
                    "--emit: unknown mode '{}' (expected native or bytecode)",
                    item.trim()
                ),
            )
        })?;
        if !modes.contains(&mode) {
            modes.push(mode);
        }
    }
    if modes.is_empty() {
        modes.push(Mode::Native);
    }
    Ok(modes)
}

/// Compiles `path` to an object file with every module in `mode`.
fn compile(mode: Mode, path: &str, board: &Board) -> Result<Vec<u8>> {
    let sources = driver::Sources {
        emit: crate::lower::emitter::EmitChoice::all(mode),
        ..driver::Sources::script(path)
    };
    driver::compile_object(&sources, board)
}

/// What `upyc bench` was asked to do.
pub struct Options {
    /// The programs' main scripts.
    pub files: Vec<String>,
    /// The board everything is built for.
    pub board: Board,
    /// The board directory (for linking).
    pub boards_dir: PathBuf,
    /// The modes to compare, in order.
    pub modes: Vec<Mode>,
    /// Where C references `NAME.c` (with `startup.c` and `link.ld`) are looked for.
    pub c_ref_dir: Option<PathBuf>,
    /// Stop a run after this long.
    pub timeout: Duration,
}

/// How a run's output compares with the program's expected output (`FILE.exp`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Check {
    /// Same bytes as `FILE.exp`.
    Ok,
    /// Different output or a non-zero exit status.
    Mismatch,
    /// No `FILE.exp` beside the program (and the program exited with status 0).
    Unchecked,
}

impl Check {
    /// The word printed in the table and the JSON.
    pub fn word(self) -> &'static str {
        match self {
            Check::Ok => "ok",
            Check::Mismatch => "MISMATCH",
            Check::Unchecked => "-",
        }
    }
}

/// One program measured in one mode.
pub struct ModeResult {
    /// The mode.
    pub mode: Mode,
    /// Instructions executed under QEMU from the program's entry to the exit (flash
    /// boards only).
    pub instructions: Option<u64>,
    /// Best wall time of a few native runs (host only; reported only as ratios).
    pub wall: Option<Duration>,
    /// Bytes of `.text` and `.rodata` in the program's own object file.
    pub code_bytes: u64,
    /// The most heap the program had allocated at once, in bytes.
    pub peak_heap: Option<u64>,
    /// Garbage collections during the run.
    pub collections: Option<u64>,
    /// The output check.
    pub check: Check,
    /// The last line the program printed (compared with the C reference's).
    pub last_line: String,
}

/// One program's results.
pub struct ProgramResult {
    /// The file name without directory or `.py`.
    pub name: String,
    /// The path as given.
    pub path: String,
    /// Results per mode, in the order of [`Options::modes`].
    pub modes: Vec<ModeResult>,
    /// The C reference, when one exists for this program and board.
    pub c_ref: Option<cref::CResult>,
}

impl ProgramResult {
    /// The result of `mode`, if measured.
    pub fn mode(&self, mode: Mode) -> Option<&ModeResult> {
        self.modes.iter().find(|m| m.mode == mode)
    }
}

/// Measures every program in every mode. Fails on the first build or run error.
pub fn run(opts: &Options) -> Result<Vec<ProgramResult>> {
    let tmp = tempfile::tempdir().map_err(|e| {
        Diagnostic::file("upyc", format!("cannot create a temporary directory: {e}"))
    })?;
    let mut results = Vec::new();
    for (i, file) in opts.files.iter().enumerate() {
        let name = Path::new(file)
            .file_stem()
            .map(|s| s.to_string_lossy().to_string())
            .unwrap_or_else(|| file.clone());
        let expected = std::fs::read_to_string(format!("{file}.exp")).ok();
        let mut modes = Vec::new();
        for &mode in &opts.modes {
            let image = tmp.path().join(format!("p{i}_{}", mode.name()));
            modes.push(measure(opts, file, mode, &image, expected.as_deref())?);
        }
        let c_ref =
            match (&opts.c_ref_dir, opts.board.is_flash_board()) {
                (Some(dir), true) if dir.join(format!("{name}.c")).is_file() => Some(
                    cref::measure(&opts.board, dir, &name, tmp.path(), opts.timeout)?,
                ),
                _ => None,
            };
        results.push(ProgramResult {
            name,
            path: file.clone(),
            modes,
            c_ref,
        });
    }
    Ok(results)
}

fn measure(
    opts: &Options,
    file: &str,
    mode: Mode,
    image: &Path,
    expected: Option<&str>,
) -> Result<ModeResult> {
    let board = &opts.board;
    let object = compile(mode, file, board)?;
    let code_bytes = code_size(&object).map_err(|e| Diagnostic::file(file, e))?;
    link::link(
        board,
        &opts.boards_dir,
        &object,
        image,
        LinkOptions {
            semihost_exit: true,
            gc_stress: false,
            bench_report: true,
        },
    )?;
    let (instructions, wall, output, stderr, status) = if board.run.method == "qemu" {
        let qemu = board.run.qemu.as_deref().unwrap_or("qemu-system-arm");
        let machine = board.run.machine.as_deref().ok_or_else(|| {
            Diagnostic::file("upyc", format!("board {} has no QEMU machine", board.name))
        })?;
        // Counting starts where the program starts: its main module's machine code,
        // or the VM's entry when the main module is compact bytecode.
        let entry = symbol_address(image, upyc_abi::emitted::MAIN)
            .or_else(|_| symbol_address(image, upyc_abi::pybc::MAIN_ENTRY))?;
        let c = count::run_counted(qemu, machine, image, entry, opts.timeout)?;
        (
            Some(c.instructions),
            None,
            c.output,
            String::new(),
            c.status,
        )
    } else {
        let (wall, out, err, status) = run_native(image, opts.timeout)?;
        (None, Some(wall), out, err, status)
    };
    // Boards print the heap report on the console, the host on stderr.
    let (output, report) = split_report(&output);
    let (stderr, host_report) = split_report(&stderr);
    let report = report.or(host_report);
    let check = match expected {
        _ if status != 0 => Check::Mismatch,
        Some(exp) if format!("{output}{stderr}") == exp => Check::Ok,
        Some(_) => Check::Mismatch,
        None => Check::Unchecked,
    };
    Ok(ModeResult {
        mode,
        instructions,
        wall,
        code_bytes,
        peak_heap: report.map(|r| r.0),
        collections: report.map(|r| r.1),
        check,
        last_line: output.lines().last().unwrap_or("").to_string(),
    })
}

/// Bytes of flash an object file takes: code, read-only data and the initial values of
/// writable data (`.text*`, `.rodata*`, `.data*`; not `.bss`, which takes only RAM).
pub fn code_size(object: &[u8]) -> std::result::Result<u64, String> {
    use object::{Object, ObjectSection, SectionKind};
    let file = object::File::parse(object)
        .map_err(|e| format!("internal compiler error: cannot read the object file: {e}"))?;
    Ok(file
        .sections()
        .filter(|s| {
            matches!(
                s.kind(),
                SectionKind::Text
                    | SectionKind::ReadOnlyData
                    | SectionKind::ReadOnlyString
                    | SectionKind::Data
            )
        })
        .map(|s| s.size())
        .sum())
}

/// The address of `name` in the ELF image `image`.
pub fn symbol_address(image: &Path, name: &str) -> Result<u64> {
    use object::{Object, ObjectSymbol};
    let shown = image.display().to_string();
    let bytes = std::fs::read(image)
        .map_err(|e| Diagnostic::file(&shown, format!("cannot read the image: {e}")))?;
    let file = object::File::parse(&*bytes)
        .map_err(|e| Diagnostic::file(&shown, format!("cannot read the image: {e}")))?;
    file.symbols()
        .find(|s| s.name() == Ok(name))
        .map(|s| s.address())
        .ok_or_else(|| Diagnostic::file(&shown, format!("the image has no symbol {name}")))
}

/// Runs a host executable a few times; returns the best wall time, its stdout and
/// stderr, and its exit status.
fn run_native(image: &Path, timeout: Duration) -> Result<(Duration, String, String, i32)> {
    const RUNS: usize = 3;
    let mut best = Duration::MAX;
    let mut last = (String::new(), String::new(), 0);
    for _ in 0..RUNS {
        let started = Instant::now();
        let mut child = Command::new(image)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .map_err(|e| {
                Diagnostic::file("upyc", format!("cannot run {}: {e}", image.display()))
            })?;
        let (mut so, mut se) = (child.stdout.take(), child.stderr.take());
        let out_thread = std::thread::spawn(move || read_all(so.as_mut()));
        let err_thread = std::thread::spawn(move || read_all(se.as_mut()));
        let status = loop {
            match child.try_wait() {
                Ok(Some(s)) => break s.code().unwrap_or(-1),
                Ok(None) => {}
                Err(e) => return Err(Diagnostic::file("upyc", format!("waiting: {e}"))),
            }
            if started.elapsed() > timeout {
                let _ = child.kill();
                let _ = child.wait();
                return Err(Diagnostic::file(
                    "upyc",
                    format!(
                        "{}: the program did not finish within {} s; stopped",
                        image.display(),
                        timeout.as_secs()
                    ),
                ));
            }
            std::thread::sleep(Duration::from_micros(200));
        };
        best = best.min(started.elapsed());
        let out = out_thread.join().unwrap_or_default();
        let err = err_thread.join().unwrap_or_default();
        last = (out, err, status);
    }
    Ok((best, last.0, last.1, last.2))
}

fn read_all(from: Option<&mut impl std::io::Read>) -> String {
    let mut v = Vec::new();
    if let Some(r) = from {
        let _ = r.read_to_end(&mut v);
    }
    String::from_utf8_lossy(&v).to_string()
}

/// Removes the runtime's `\n[upyc-bench peak-heap=N collections=M]\n` from `text`;
/// returns the rest and the two numbers.
pub fn split_report(text: &str) -> (String, Option<(u64, u64)>) {
    const HEAD: &str = "\n[upyc-bench peak-heap=";
    let Some(at) = text.rfind(HEAD) else {
        return (text.to_string(), None);
    };
    let rest = &text[at + HEAD.len()..];
    let Some(close) = rest.find("]\n") else {
        return (text.to_string(), None);
    };
    let fields = &rest[..close];
    let mut parts = fields.split(" collections=");
    let peak = parts.next().and_then(|p| p.parse().ok());
    let gcs = parts.next().and_then(|p| p.parse().ok());
    match (peak, gcs) {
        (Some(p), Some(g)) => (
            format!("{}{}", &text[..at], &rest[close + 2..]),
            Some((p, g)),
        ),
        _ => (text.to_string(), None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heap_report_is_split_off() {
        let (out, r) = split_report("hi\n\n[upyc-bench peak-heap=4096 collections=2]\n");
        assert_eq!(out, "hi\n");
        assert_eq!(r, Some((4096, 2)));
        let (out, r) = split_report("no report\n");
        assert_eq!(out, "no report\n");
        assert_eq!(r, None);
    }

    #[test]
    fn emit_lists_parse() {
        let l = parse_modes(&["native,bytecode".to_string()]).expect("parses");
        assert_eq!(l, vec![Mode::Native, Mode::Bytecode]);
        assert!(parse_modes(&["jit".to_string()]).is_err());
    }
}
