//! The conformance corpus: every program under `tests/basics/`, `examples/` and
//! `bench/` (expected output from CPython) and `tests/micropython/` (hand-checked) runs on every board in `BOARDS`
//! and must print its `.exp` file byte for byte. Programs whose expected output ends in
//! a traceback must exit with status 1, the others with 0. Files whose names start with
//! `_` are modules the programs import.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::Mutex;

const BOARDS: &[&str] = &["host", "pyboard"];
const TIMEOUT_SECS: &str = "120";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn programs() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in [
        "tests/basics",
        "tests/micropython",
        "tests/viper",
        "examples",
        "bench",
    ] {
        let Ok(entries) = std::fs::read_dir(root().join(dir)) else {
            continue;
        };
        for e in entries.flatten() {
            let p = e.path();
            let module = p
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with('_'));
            if p.extension().and_then(|x| x.to_str()) == Some("py") && !module {
                out.push(Path::new(dir).join(p.file_name().unwrap_or_default()));
            }
        }
    }
    out.sort();
    out
}

fn diff(expected: &str, actual: &str) -> String {
    similar::TextDiff::from_lines(expected, actual)
        .unified_diff()
        .context_radius(3)
        .header("expected", "actual")
        .to_string()
}

/// Runs one program on one board; `Err` holds a readable failure report.
fn check(program: &Path, board: &str, extra: &[&str]) -> Result<(), String> {
    let exp_path = root().join(format!("{}.exp", program.display()));
    let expected = std::fs::read_to_string(&exp_path).map_err(|e| {
        format!(
            "{}: cannot read {}: {e}",
            program.display(),
            exp_path.display()
        )
    })?;
    let out = Command::new(env!("CARGO_BIN_EXE_upyc"))
        .current_dir(root())
        .args(["run", "--timeout", TIMEOUT_SECS, "--board", board])
        .args(extra)
        .arg(program)
        .output()
        .map_err(|e| format!("cannot run upyc: {e}"))?;
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    // On the host, tracebacks go to stderr (as MicroPython's unix port); on a board
    // everything shares the console.
    let actual = if board == "host" {
        format!("{stdout}{stderr}")
    } else {
        stdout
    };
    let want_status = if expected.contains("Traceback (most recent call last):\n") {
        1
    } else {
        0
    };
    let status = out.status.code().unwrap_or(-1);
    if actual != expected || status != want_status {
        return Err(format!(
            "{} on {board}{}: exit status {status} (expected {want_status})\n{}{}",
            program.display(),
            if extra.is_empty() {
                String::new()
            } else {
                format!(" ({})", extra.join(" "))
            },
            diff(&expected, &actual),
            if board == "host" {
                String::new()
            } else {
                format!("stderr:\n{stderr}")
            }
        ));
    }
    Ok(())
}

#[test]
fn corpus_matches_expected_output_on_every_board() {
    let programs = programs();
    assert!(
        programs.len() >= 30,
        "the corpus has only {} programs",
        programs.len()
    );
    run_all(&board_jobs(), &[]);
}

/// The whole corpus again with every module compiled to bytecode (functions marked
/// `@micropython.native`/`viper` stay machine code): output identical to native.
#[test]
fn corpus_matches_expected_output_as_bytecode() {
    run_all(&board_jobs(), &["--emit", "bytecode"]);
}

/// Every program on every board (`NAME_pyboard.py` programs only on the pyboard).
fn board_jobs() -> Vec<(PathBuf, &'static str)> {
    programs()
        .iter()
        .flat_map(|p| BOARDS.iter().map(move |b| (p.clone(), *b)))
        // `NAME_pyboard.py` programs depend on 32-bit words or the board's memory map.
        .filter(|(p, b)| *b == "pyboard" || !p.to_string_lossy().ends_with("_pyboard.py"))
        .collect()
}

/// The whole corpus on the host with a collection before every allocation: objects
/// the collector fails to see as live get reused, and the output changes.
#[test]
fn corpus_passes_under_gc_stress_on_the_host() {
    let jobs: Vec<(PathBuf, &str)> = programs()
        .into_iter()
        .filter(|p| !p.to_string_lossy().ends_with("_pyboard.py"))
        .map(|p| (p, "host"))
        .collect();
    run_all(&jobs, &["--gc-stress"]);
}

/// Runs `jobs` (program, board) on a few threads; fails with every mismatch.
fn run_all(jobs: &[(PathBuf, &str)], extra: &[&str]) {
    let next = Mutex::new(0usize);
    let failures = Mutex::new(Vec::new());
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(2)
        .min(8);
    std::thread::scope(|s| {
        for _ in 0..threads {
            s.spawn(|| loop {
                let i = {
                    let mut n = next.lock().unwrap_or_else(|e| e.into_inner());
                    *n += 1;
                    *n - 1
                };
                let Some((program, board)) = jobs.get(i) else {
                    break;
                };
                if let Err(report) = check(program, board, extra) {
                    failures
                        .lock()
                        .unwrap_or_else(|e| e.into_inner())
                        .push(report);
                }
            });
        }
    });
    let failures = failures.into_inner().unwrap_or_else(|e| e.into_inner());
    assert!(
        failures.is_empty(),
        "{} of {} runs failed:\n\n{}",
        failures.len(),
        jobs.len(),
        failures.join("\n")
    );
}
