//! The command line as a user meets it: located errors with exit status 2, never a panic.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn upyc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_upyc"))
        .current_dir(root())
        .args(args)
        .output()
        .expect("run upyc")
}

fn write_program(name: &str, text: &str) -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join(name);
    std::fs::write(&path, text).expect("write program");
    (dir, path.display().to_string())
}

/// Runs `upyc build` on `text` and returns stderr, asserting exit status 2 and no panic.
fn compile_error(text: &str) -> (String, String) {
    let (dir, path) = write_program("app.py", text);
    let out_path = dir.path().join("app.elf").display().to_string();
    let out = upyc(&["build", &path, "--board", "host", "-o", &out_path]);
    let stderr = String::from_utf8_lossy(&out.stderr).to_string();
    assert_eq!(
        out.status.code(),
        Some(2),
        "expected exit 2, stderr: {stderr}"
    );
    assert!(
        !stderr.contains("panicked") && !stderr.contains("internal compiler error"),
        "{stderr}"
    );
    assert_eq!(stderr.lines().count(), 1, "one message expected: {stderr}");
    (stderr, path)
}

#[test]
fn syntax_error_is_located() {
    let (err, path) = compile_error("x = 1\nif x\n    print(x)\n");
    assert!(
        err.starts_with(&format!("{path}:2:5: error: invalid syntax")),
        "{err}"
    );
}

#[test]
fn unsupported_constructs_are_located() {
    let cases = [
        ("x = [1, 2]\n", "1:5: error: lists are not supported yet"),
        (
            "def f():\n    pass\nclass A:\n    pass\n",
            "3:1: error: class definitions are not supported yet",
        ),
        (
            "print(1.5)\n",
            "1:7: error: float and complex literals are not supported yet",
        ),
        (
            "x = 3\nprint(x / 2)\n",
            "2:7: error: true division '/' is not supported yet",
        ),
        (
            "print(len('ab'))\n",
            "1:7: error: the builtin 'len' is not supported yet",
        ),
        (
            "def f(a=1):\n    return a\n",
            "1:9: error: default parameter values are not supported yet",
        ),
        ("import os\n", "1:1: error: imports are not supported yet"),
        (
            "try:\n    pass\nexcept:\n    pass\n",
            "1:1: error: 'try' statements are not supported yet",
        ),
    ];
    for (src, want) in cases {
        let (err, path) = compile_error(src);
        assert!(
            err.starts_with(&format!("{path}:{want}")),
            "for {src:?}: {err}"
        );
    }
}

#[test]
fn return_outside_function_is_an_error() {
    let (err, path) = compile_error("return 5\n");
    assert!(
        err.starts_with(&format!("{path}:1:1: error: 'return' outside function")),
        "{err}"
    );
}

#[test]
fn missing_file_and_unknown_board() {
    let out = upyc(&["build", "no/such/file.py", "--board", "host"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.starts_with("no/such/file.py: error: cannot read source file: no such file"),
        "{err}"
    );

    let out = upyc(&["build", "examples/hello.py", "--board", "nosuchboard"]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err.contains("error: unknown board 'nosuchboard' (known boards: host, pyboard)"),
        "{err}"
    );
}

#[test]
fn boards_lists_both_boards() {
    let out = upyc(&["boards"]);
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    assert!(
        text.contains("pyboard")
            && text.contains("cortex-m4f")
            && text.contains("qemu-system-arm -M netduinoplus2"),
        "{text}"
    );
    assert!(
        text.contains("host") && text.contains("native executable"),
        "{text}"
    );
}

#[test]
fn uncaught_exception_exits_1_with_traceback() {
    let (_dir, path) = write_program(
        "boom.py",
        "def f(a):\n    return a // 0\nprint('before')\nf(3)\nprint('after')\n",
    );
    let out = upyc(&["run", &path, "--board", "host"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&out.stdout), "before\n");
    let want = format!(
        "Traceback (most recent call last):\n  File \"{path}\", line 4, in <module>\n  File \"{path}\", line 2, in f\nZeroDivisionError: divide by zero\n"
    );
    assert_eq!(String::from_utf8_lossy(&out.stderr), want);
}
