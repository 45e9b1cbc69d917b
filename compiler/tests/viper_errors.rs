//! Compile-time errors of `@micropython.viper` functions: `ViperTypeError`s where
//! MicroPython raises them while compiling, and located "not supported" errors.

use std::process::Command;

/// Compiles `src` for the host; returns (exit status, stderr).
fn compile(src: &str) -> (i32, String) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("v.py");
    std::fs::write(&path, src).expect("write program");
    let out = Command::new(env!("CARGO_BIN_EXE_upyc"))
        .args(["build", "--board", "host", "-o"])
        .arg(dir.path().join("v"))
        .arg(&path)
        .output()
        .expect("run upyc");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).to_string(),
    )
}

fn expect_error(src: &str, line_col: &str, message: &str) {
    let (status, stderr) = compile(src);
    assert_eq!(status, 2, "expected a compile error, got:\n{stderr}");
    assert!(
        stderr.contains(&format!("v.py:{line_col}: error: {message}")),
        "expected `{line_col}: error: {message}` in:\n{stderr}"
    );
}

const HEAD: &str = "import micropython\n@micropython.viper\n";

#[test]
fn binary_op_between_int_and_pointer() {
    expect_error(
        &format!("{HEAD}def f(a: int, p: ptr8) -> int:\n    return a + p\n"),
        "4:12",
        "ViperTypeError: can't do binary op between 'int' and 'ptr8'",
    );
}

#[test]
fn load_with_a_pointer_index() {
    expect_error(
        &format!("{HEAD}def f(p: ptr8, q: ptr8) -> int:\n    return p[q]\n"),
        "4:14",
        "ViperTypeError: can't load with 'ptr8' index",
    );
}

#[test]
fn store_to_an_int() {
    expect_error(
        &format!("{HEAD}def f(a: int):\n    a[0] = 1\n"),
        "4:5",
        "ViperTypeError: can't store to 'int'",
    );
}

#[test]
fn local_type_is_fixed() {
    expect_error(
        &format!("{HEAD}def f(p: ptr8):\n    x = 1\n    x = p\n"),
        "5:5",
        "ViperTypeError: local 'x' has type 'int' but source is 'ptr8'",
    );
}

#[test]
fn unknown_annotation() {
    expect_error(
        &format!("{HEAD}def f(a: float):\n    pass\n"),
        "3:10",
        "ViperTypeError: unknown type 'float'",
    );
}

#[test]
fn star_parameters_hold_objects() {
    expect_error(
        &format!("{HEAD}def f(a: int, *rest: int):\n    pass\n"),
        "3:15",
        "ViperTypeError: 'rest' collects objects and must be of type object",
    );
}

#[test]
fn unsupported_statement_is_located() {
    expect_error(
        &format!("{HEAD}def f(a: int):\n    x = [i for i in range(a)]\n"),
        "4:9",
        "list comprehensions: not supported in viper functions yet",
    );
    expect_error(
        &format!("{HEAD}def f(a: int):\n    del a\n"),
        "4:5",
        "'del': not supported in viper functions yet",
    );
}
