//! Multi-module programs from the command line: the module search path (`-I`) and the
//! compile-time errors of imports that resolve to nothing, located in the importing file.
//! (What imported modules do at run time is in the conformance corpus: `tests/basics/
//! import_*.py`.)

use std::path::Path;
use std::process::{Command, Output};

fn upyc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_upyc"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .args(args)
        .output()
        .expect("run upyc")
}

/// Writes `files` (relative path, text) into a new temporary folder.
fn program(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    for (name, text) in files {
        let path = dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create folder");
        }
        std::fs::write(&path, text).expect("write file");
    }
    dir
}

fn path(dir: &tempfile::TempDir, name: &str) -> String {
    dir.path().join(name).display().to_string()
}

/// Builds `main.py` of `dir` for the host and returns stderr, asserting exit status 2
/// with one message and no internal error.
fn build_error(dir: &tempfile::TempDir, extra: &[&str]) -> String {
    let out_path = path(dir, "app");
    let main = path(dir, "main.py");
    let mut args = vec!["build", main.as_str(), "-o", out_path.as_str()];
    args.extend_from_slice(extra);
    let out = upyc(&args);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal compiler error"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one message expected: {stderr}");
    stderr
}

#[test]
fn unresolved_import_names_module_and_line() {
    let dir = program(&[("main.py", "x = 1\nimport os, nowhere\n")]);
    let err = build_error(&dir, &[]);
    assert!(
        err.starts_with(&format!(
            "{}:2:8: error: no module named 'os'",
            path(&dir, "main.py")
        )),
        "{err}"
    );
}

#[test]
fn unresolved_import_in_an_imported_module_is_located_there() {
    let dir = program(&[
        ("main.py", "import helper\n"),
        ("helper.py", "\n\nfrom .. import x\n"),
    ]);
    let err = build_error(&dir, &[]);
    assert!(
        err.starts_with(&format!(
            "{}:3:1: error: relative import beyond the top-level package",
            path(&dir, "helper.py")
        )),
        "{err}"
    );
    let dir = program(&[
        ("main.py", "import pkg.a\n"),
        ("pkg/__init__.py", ""),
        ("pkg/a.py", "x = 1\nfrom .missing import y\n"),
    ]);
    let err = build_error(&dir, &[]);
    assert!(
        err.starts_with(&format!(
            "{}:2:7: error: no module named 'pkg.missing'",
            path(&dir, "pkg/a.py")
        )),
        "{err}"
    );
}

#[test]
fn relative_import_in_the_main_script_is_an_error() {
    let dir = program(&[("main.py", "from . import x\n")]);
    let err = build_error(&dir, &[]);
    assert!(
        err.starts_with(&format!(
            "{}:1:1: error: relative import in the main script, which is not in a package",
            path(&dir, "main.py")
        )),
        "{err}"
    );
}

#[test]
fn syntax_error_in_an_imported_module_is_located_there() {
    let dir = program(&[("main.py", "import broken\n"), ("broken.py", "def f(:\n")]);
    let err = build_error(&dir, &[]);
    assert!(
        err.starts_with(&format!(
            "{}:1:7: error: invalid syntax",
            path(&dir, "broken.py")
        )),
        "{err}"
    );
}

#[test]
fn include_folders_extend_the_search_path() {
    let dir = program(&[
        (
            "app/main.py",
            "import shared\nfrom lib2.tool import name\nprint(shared.f(), name)\n",
        ),
        ("libs/shared.py", "def f():\n    return 'shared'\n"),
        ("more/lib2/__init__.py", ""),
        ("more/lib2/tool.py", "name = 'tool'\n"),
        ("main.py", "import shared\n"),
    ]);
    let main = path(&dir, "app/main.py");
    let libs = path(&dir, "libs");
    let more = path(&dir, "more");
    let out = upyc(&["run", &main, "-I", &libs, "-I", &more]);
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(stdout, "shared tool\n");
    // Without `-I` the module is not found.
    let err = build_error(&dir, &[]);
    assert!(err.contains("error: no module named 'shared'"), "{err}");
}
