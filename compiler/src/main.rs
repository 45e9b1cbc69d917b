//! The `upyc` command line.

use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Duration;
use upyc::boards::{self, Board};
use upyc::diag::Diagnostic;
use upyc::driver;
use upyc::link::LinkOptions;

/// Native code or bytecode (`build` and `run`).
#[derive(clap::Args)]
struct EmitArgs {
    /// What the program's functions compile to: `native` (machine code) or `bytecode`
    /// (upyc bytecode run by the runtime's VM: smaller, slower). Functions marked
    /// `@micropython.native` or `@micropython.viper` are machine code in either mode.
    #[arg(long, value_name = "MODE", default_value = "native", value_parser = ["native", "bytecode"])]
    emit: String,
    /// Override `--emit` for one module: `NAME=native|bytecode` (NAME is the dotted
    /// module name, `__main__` for the main script; repeatable)
    #[arg(long = "emit-module", value_name = "NAME=MODE")]
    emit_module: Vec<String>,
}

impl EmitArgs {
    fn choice(&self) -> Result<upyc::lower::emitter::EmitChoice, Diagnostic> {
        use upyc::lower::emitter::{EmitChoice, Mode};
        let bad = |what: &str| Diagnostic::file("upyc", what.to_string());
        let default =
            Mode::parse(&self.emit).ok_or_else(|| bad("--emit takes native or bytecode"))?;
        let mut choice = EmitChoice::all(default);
        for m in &self.emit_module {
            let parsed = m
                .split_once('=')
                .and_then(|(name, mode)| Some((name, Mode::parse(mode)?)))
                .filter(|(name, _)| !name.is_empty());
            match parsed {
                Some((name, mode)) => choice.modules.push((name.to_string(), mode)),
                None => {
                    return Err(bad(&format!(
                        "--emit-module takes NAME=native or NAME=bytecode, not '{m}'"
                    )))
                }
            }
        }
        Ok(choice)
    }
}

/// upyc compiles MicroPython programs ahead of time to native firmware images.
#[derive(Parser)]
#[command(name = "upyc", version, about, long_about = None)]
struct Cli {
    /// Directory of board files (default: $UPYC_BOARDS_DIR or the source tree's boards/)
    #[arg(long, global = true, value_name = "DIR")]
    boards_dir: Option<PathBuf>,
    #[command(subcommand)]
    command: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Compile a program and link a firmware image (ELF, plus a raw .bin for flash boards)
    Build {
        /// The program's main script
        file: String,
        /// Also search DIR for imported modules (after the main script's folder; repeatable)
        #[arg(short = 'I', value_name = "DIR")]
        include: Vec<PathBuf>,
        /// Target board (see `upyc boards`)
        #[arg(short, long, default_value = "host")]
        board: String,
        /// Output image [default: FILE with .elf (flash boards) or no extension (host)]
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// End the program with a semihosting exit so QEMU returns its status.
        /// Such an image faults on a real board without a debugger: don't flash it.
        #[arg(long)]
        qemu_exit: bool,
        /// Collect garbage before every allocation (a debugging aid that finds objects
        /// the collector fails to see; programs run many times slower)
        #[arg(long)]
        gc_stress: bool,
        #[command(flatten)]
        emit: EmitArgs,
    },
    /// Build a program and run it: natively for `host`, under QEMU for microcontroller boards.
    /// Exit status: the program's (0, or 1 after an uncaught exception), 2 for compile errors.
    Run {
        /// The program's main script
        file: String,
        /// Also search DIR for imported modules (after the main script's folder; repeatable)
        #[arg(short = 'I', value_name = "DIR")]
        include: Vec<PathBuf>,
        /// Target board (see `upyc boards`)
        #[arg(short, long, default_value = "host")]
        board: String,
        /// Stop the program after this many seconds (exit status 124)
        #[arg(long, value_name = "SECS")]
        timeout: Option<u64>,
        /// Collect garbage before every allocation (see `upyc build --help`)
        #[arg(long)]
        gc_stress: bool,
        #[command(flatten)]
        emit: EmitArgs,
    },
    /// Measure programs: instructions under QEMU (exact, deterministic) or host time
    /// ratios, code size, peak heap, and the distance to a C reference.
    Bench {
        /// The programs' main scripts (`FILE.exp` beside one is its expected output)
        #[arg(required = true)]
        files: Vec<String>,
        /// Target board (see `upyc boards`)
        #[arg(short, long, default_value = "host")]
        board: String,
        /// Code generation modes to compare: native, bytecode (comma-separated)
        #[arg(long, value_name = "MODES", default_value = "native")]
        emit: Vec<String>,
        /// Print the results as JSON instead of a table
        #[arg(long)]
        json: bool,
        /// Write the chart of the results to this SVG file [default: BOARD.svg in the
        /// first program's directory]
        #[arg(long, value_name = "OUT.svg")]
        svg: Option<PathBuf>,
        /// Write no chart
        #[arg(long, conflicts_with = "svg")]
        no_svg: bool,
        /// Directory of C references NAME.c with startup.c and link.ld
        /// [default: the source tree's bench/c]
        #[arg(long, value_name = "DIR")]
        c_ref: Option<PathBuf>,
        /// Stop a program's run after this many seconds
        #[arg(long, value_name = "SECS", default_value_t = 600)]
        timeout: u64,
    },
    /// List the boards with their CPU, memory and how `upyc run` runs them
    Boards,
}

fn fail(d: Diagnostic) -> ExitCode {
    eprintln!("{d}");
    ExitCode::from(2)
}

fn kib(n: u64) -> String {
    format!("{:.1} KiB", n as f64 / 1024.0)
}

fn load_board(dir: &Path, name: &str) -> Result<Board, Diagnostic> {
    boards::load(dir, name)
}

fn default_output(file: &str, board: &Board) -> PathBuf {
    let p = Path::new(file);
    if board.is_flash_board() {
        p.with_extension("elf")
    } else {
        p.with_extension("")
    }
}

fn summary(out: &Path, board: &Board, b: &driver::BuildOutput) -> String {
    let mut s = format!("upyc: wrote {}", out.display());
    if let Some(bin) = &b.bin {
        s.push_str(&format!(" and {}", bin.display()));
    }
    match (
        board.flash_size(),
        board.regions.as_ref().and_then(|r| board.memory(&r.data)),
    ) {
        (Some(flash), Some(ram)) => s.push_str(&format!(
            ": flash {} of {} ({:.1}%), RAM {} static of {}",
            kib(b.sizes.flash),
            kib(flash),
            100.0 * b.sizes.flash as f64 / flash as f64,
            kib(b.sizes.ram),
            kib(ram.length)
        )),
        _ => s.push_str(&format!(
            ": code+data {}, static RAM {}",
            kib(b.sizes.flash),
            kib(b.sizes.ram)
        )),
    }
    s.push_str(&format!("; program {} B", b.program_bytes));
    let bc = &b.bytecode;
    if bc.converted > 0 || !bc.kept_native.is_empty() {
        s.push_str(&format!(
            " (bytecode: {} functions, {} B)",
            bc.converted, bc.bytes
        ));
        if !bc.kept_native.is_empty() {
            s.push_str(&format!(
                " ({} kept native: UPYC_DUMP_BYTECODE=1 says why)",
                bc.kept_native.len()
            ));
        }
    }
    s
}

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("upyc: internal compiler error: {info}");
        if std::env::var_os("RUST_BACKTRACE").is_some() {
            eprintln!("{}", std::backtrace::Backtrace::force_capture());
        }
        eprintln!("upyc: please report this with the program that caused it");
    }));
    let cli = Cli::parse();
    let dir = cli
        .boards_dir
        .clone()
        .unwrap_or_else(boards::default_boards_dir);
    match cli.command {
        Cmd::Bench {
            files,
            board,
            emit,
            json,
            svg,
            no_svg,
            c_ref,
            timeout,
        } => bench(
            &dir,
            BenchArgs {
                files,
                board,
                emit,
                json,
                svg,
                no_svg,
                c_ref,
                timeout,
            },
        ),
        Cmd::Boards => match boards::load_all(&dir) {
            Ok(list) => {
                println!(
                    "{:<10} {:<12} {:>10} {:>10}  {:<32} description",
                    "board", "cpu", "flash", "ram", "runs with"
                );
                for b in list {
                    let ram: u64 = b
                        .memory
                        .iter()
                        .filter(|m| m.attrs.contains('w'))
                        .map(|m| m.length)
                        .sum();
                    let (flash, ram) = match b.flash_size() {
                        Some(f) => (kib(f), kib(ram)),
                        None => ("-".into(), "-".into()),
                    };
                    let runs = match b.run.method.as_str() {
                        "qemu" => format!(
                            "{} -M {}",
                            b.run.qemu.as_deref().unwrap_or("qemu"),
                            b.run.machine.as_deref().unwrap_or("?")
                        ),
                        "native" => "native executable".to_string(),
                        other => other.to_string(),
                    };
                    println!(
                        "{:<10} {:<12} {:>10} {:>10}  {:<32} {}",
                        b.name, b.cpu, flash, ram, runs, b.description
                    );
                }
                ExitCode::SUCCESS
            }
            Err(d) => fail(d),
        },
        Cmd::Build {
            file,
            include,
            board,
            output,
            qemu_exit,
            gc_stress,
            emit,
        } => {
            let board = match load_board(&dir, &board) {
                Ok(b) => b,
                Err(d) => return fail(d),
            };
            let out = output.unwrap_or_else(|| default_output(&file, &board));
            let emit = match emit.choice() {
                Ok(e) => e,
                Err(d) => return fail(d),
            };
            let sources = driver::Sources {
                main: file.clone(),
                include,
                emit,
            };
            match driver::build(
                &sources,
                &board,
                &dir,
                &out,
                LinkOptions {
                    semihost_exit: qemu_exit,
                    gc_stress,
                    bench_report: false,
                },
            ) {
                Ok(b) => {
                    eprintln!("{}", summary(&out, &board, &b));
                    ExitCode::SUCCESS
                }
                Err(d) => fail(d),
            }
        }
        Cmd::Run {
            file,
            include,
            board,
            timeout,
            gc_stress,
            emit,
        } => {
            let board = match load_board(&dir, &board) {
                Ok(b) => b,
                Err(d) => return fail(d),
            };
            let tmp = match tempfile::tempdir() {
                Ok(t) => t,
                Err(e) => {
                    return fail(Diagnostic::file(
                        "upyc",
                        format!("cannot create a temporary directory: {e}"),
                    ))
                }
            };
            let out = tmp.path().join(if board.is_flash_board() {
                "app.elf"
            } else {
                "app"
            });
            let emit = match emit.choice() {
                Ok(e) => e,
                Err(d) => return fail(d),
            };
            let sources = driver::Sources {
                main: file.clone(),
                include,
                emit,
            };
            if let Err(d) = driver::build(
                &sources,
                &board,
                &dir,
                &out,
                LinkOptions {
                    semihost_exit: true,
                    gc_stress,
                    bench_report: false,
                },
            ) {
                return fail(d);
            }
            match upyc::run::run(&board, &out, timeout.map(Duration::from_secs)) {
                Ok(status) => ExitCode::from(status.clamp(0, 255) as u8),
                Err(d) => fail(d),
            }
        }
    }
}

/// The arguments of `upyc bench`.
struct BenchArgs {
    files: Vec<String>,
    board: String,
    emit: Vec<String>,
    json: bool,
    svg: Option<PathBuf>,
    no_svg: bool,
    c_ref: Option<PathBuf>,
    timeout: u64,
}

fn bench(dir: &Path, a: BenchArgs) -> ExitCode {
    use upyc::bench::{self, report, svg};
    let modes = match bench::parse_modes(&a.emit) {
        Ok(m) => m,
        Err(d) => return fail(d),
    };
    let board = match load_board(dir, &a.board) {
        Ok(b) => b,
        Err(d) => return fail(d),
    };
    // The chart goes beside the programs unless asked otherwise.
    let chart_path = match (a.no_svg, a.svg) {
        (true, _) => None,
        (false, Some(p)) => Some(p),
        (false, None) => {
            let first = a.files.first().map(Path::new);
            let dir = first.and_then(Path::parent).unwrap_or(Path::new(""));
            Some(dir.join(format!("{}.svg", board.name)))
        }
    };
    let c_ref_dir = a.c_ref.or_else(|| {
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../bench/c")).filter(|d| d.is_dir())
    });
    let opts = bench::Options {
        files: a.files,
        board,
        boards_dir: dir.to_path_buf(),
        modes,
        c_ref_dir,
        timeout: Duration::from_secs(a.timeout),
    };
    let results = match bench::run(&opts) {
        Ok(r) => r,
        Err(d) => return fail(d),
    };
    let counted = opts.board.run.method == "qemu";
    if a.json {
        print!("{}", report::json(&results, &opts.board.name, &opts.modes));
    } else {
        print!("{}", report::table(&results, &opts.modes, counted));
    }
    if let Some(path) = chart_path {
        let chart = svg::chart(&results, &opts.board.name, &opts.modes, counted);
        if let Err(e) = std::fs::write(&path, chart) {
            return fail(Diagnostic::file(
                &path.display().to_string(),
                format!("cannot write: {e}"),
            ));
        }
        eprintln!("upyc: wrote the chart {}", path.display());
    }
    let all_ok = results
        .iter()
        .all(|p| p.modes.iter().all(|m| m.check != bench::Check::Mismatch));
    if all_ok {
        ExitCode::SUCCESS
    } else {
        eprintln!("upyc: some programs printed something else than their .exp file");
        ExitCode::from(1)
    }
}
