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
        (
            "def f():\n    g = lambda: (yield)\n",
            "2:18: error: 'yield' inside lambdas is not supported yet",
        ),
        ("yield 1\n", "1:1: error: 'yield' outside function"),
        (
            "def f():\n    await g()\n",
            "2:5: error: 'await' outside async function",
        ),
        (
            "def f():\n    x = {1: (yield)}\n",
            "2:14: error: this generator suspends inside an expression in a way that is not supported yet",
        ),
        (
            "class M:\n    pass\nclass A(metaclass=M):\n    pass\n",
            "3:9: error: class keyword arguments (metaclass=...) are not supported yet",
        ),
        (
            "async def f():\n    yield 1\n",
            "2:5: error: async generators are not supported yet",
        ),
        (
            "import math\nimport nosuchmodule\n",
            "2:8: error: no module named 'nosuchmodule'",
        ),
        (
            "from nosuch.sub import x\n",
            "1:6: error: no module named 'nosuch.sub'",
        ),
        (
            "def f():\n    async with x:\n        pass\n",
            "2:5: error: 'await' outside async function",
        ),
        (
            "match 1:\n    case 1:\n        pass\n",
            "1:1: error: 'match' statements are not supported yet",
        ),
        (
            "x = 1\nfrom math import *\n",
            "2:18: error: 'from ... import *' of a builtin module is not supported yet",
        ),
    ];
    let params: Vec<String> = (0..64).map(|i| format!("a{i}")).collect();
    let many = format!("def f({}):\n    pass\n", params.join(", "));
    let cases = cases.into_iter().chain([(
        many.as_str(),
        "1:6: error: a function may have at most 63 positional parameters (this one has 64)",
    )]);
    for (src, want) in cases {
        let (err, path) = compile_error(src);
        assert!(
            err.starts_with(&format!("{path}:{want}")),
            "for {src:?}: {err}"
        );
    }
}

#[test]
fn eval_exec_compile_are_located_errors() {
    let cases = [
        ("x = eval('1 + 2')\n", "1:5: error: eval() is not supported"),
        (
            "def f(s):\n    exec(s)\n",
            "2:5: error: exec() is not supported: upyc compiles ahead of time and has no compiler on the device",
        ),
        ("c = compile\n", "1:5: error: compile() is not supported"),
        (
            "import micropython\n@micropython.viper\ndef f():\n    return eval('2')\n",
            "4:12: error: eval() is not supported",
        ),
    ];
    for (src, want) in cases {
        let (err, path) = compile_error(src);
        assert!(
            err.starts_with(&format!("{path}:{want}")),
            "for {src:?}: {err}"
        );
    }
    // A program's own `eval` is an ordinary name.
    let (dir, path) = write_program("app.py", "def eval(s):\n    return s\nprint(eval('x'))\n");
    let out_path = dir.path().join("app.elf").display().to_string();
    let out = upyc(&["build", &path, "--board", "host", "-o", &out_path]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
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

fn read_u32(bytes: &[u8], off: usize) -> u32 {
    u32::from_le_bytes([bytes[off], bytes[off + 1], bytes[off + 2], bytes[off + 3]])
}

/// `upyc build examples/hello.py --board pyboard -o <tmp>/hello.elf`.
fn build_hello_for_pyboard() -> (tempfile::TempDir, PathBuf, Output) {
    let dir = tempfile::tempdir().expect("temp dir");
    let elf_path = dir.path().join("hello.elf");
    let elf_arg = elf_path.display().to_string();
    let out = upyc(&[
        "build",
        "examples/hello.py",
        "--board",
        "pyboard",
        "-o",
        &elf_arg,
    ]);
    (dir, elf_path, out)
}

#[test]
fn pyboard_image_has_a_valid_vector_table_and_bin() {
    let (dir, elf_path, out) = build_hello_for_pyboard();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    assert!(
        stderr.contains("flash") && stderr.contains("RAM"),
        "size summary: {stderr}"
    );
    let bin =
        std::fs::read(dir.path().join("hello.bin")).expect("hello.bin written beside the ELF");
    // The .bin starts at the flash origin 0x08000000 with the vector table.
    let sp = read_u32(&bin, 0);
    let reset = read_u32(&bin, 4);
    let in_ram =
        (0x2000_0000..=0x2002_0000).contains(&sp) || (0x1000_0000..=0x1001_0000).contains(&sp);
    assert!(in_ram && sp.is_multiple_of(8), "initial SP {sp:#x}");
    assert_eq!(
        reset & 1,
        1,
        "reset vector {reset:#x} must be a Thumb address"
    );
    assert!(
        (0x0800_0000..0x0810_0000).contains(&(reset & !1)),
        "reset vector {reset:#x} outside flash"
    );
    // The ELF holds the same bytes at 0x08000000.
    let elf = std::fs::read(&elf_path).expect("elf");
    assert_eq!(&elf[..4], b"\x7fELF");
    assert_eq!(
        u16::from_le_bytes([elf[18], elf[19]]),
        40,
        "e_machine must be ARM"
    );
}

#[test]
fn flash_image_runs_without_semihosting_and_idles() {
    // The image for flashing must not use semihosting (it faults without a debugger):
    // under QEMU with semihosting disabled it prints, then idles until stopped.
    let (_dir, elf_path, out) = build_hello_for_pyboard();
    let elf_arg = elf_path.display().to_string();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut child = Command::new("qemu-system-arm")
        .args([
            "-M",
            "netduinoplus2",
            "-display",
            "none",
            "-monitor",
            "none",
            "-serial",
            "stdio",
            "-kernel",
            &elf_arg,
        ])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("qemu-system-arm must be installed (./setup.sh)");
    std::thread::sleep(std::time::Duration::from_secs(3));
    let still_running = child.try_wait().expect("wait").is_none();
    let _ = child.kill();
    let out = child.wait_with_output().expect("qemu output");
    // The console ends lines with "\r\n" as MicroPython does.
    let console = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    assert!(
        still_running,
        "the image ended the QEMU run by itself; console: {console}"
    );
    let expected =
        std::fs::read_to_string(root().join("examples/hello.py.exp")).unwrap_or_default();
    assert!(!console.contains("FATAL"), "{console}");
    assert!(
        !expected.is_empty() && console.starts_with(&expected),
        "console: {console:?}, expected {expected:?}"
    );
}

/// A small program for `upyc bench`, with its expected output beside it.
fn bench_program() -> (tempfile::TempDir, String) {
    let (dir, path) = write_program(
        "tiny.py",
        "xs = []\nfor i in range(200):\n    xs.append(i * i)\nprint('tiny', sum(xs))\n",
    );
    std::fs::write(format!("{path}.exp"), "tiny 2646700\n").expect("write .exp");
    (dir, path)
}

#[test]
fn bench_on_the_host_prints_a_table_and_a_chart() {
    let (dir, path) = bench_program();
    let svg = dir.path().join("chart.svg").display().to_string();
    let out = upyc(&["bench", &path, "--board", "host", "--svg", &svg]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stdout}{stderr}");
    let mut lines = stdout.lines();
    let header = lines.next().unwrap_or_default();
    assert!(
        header.starts_with("program") && header.contains("code B"),
        "{stdout}"
    );
    let row = lines.next().unwrap_or_default();
    assert!(row.starts_with("tiny ") && row.ends_with(" ok"), "{stdout}");
    let chart = std::fs::read_to_string(&svg).unwrap_or_default();
    assert!(
        chart.starts_with("<svg") && chart.contains(">tiny<"),
        "{chart}"
    );
}

#[test]
fn bench_writes_its_chart_beside_the_programs_unless_told_not_to() {
    let (dir, path) = bench_program();
    let chart = dir.path().join("host.svg");
    let out = upyc(&["bench", &path, "--no-svg"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(!chart.exists(), "--no-svg wrote a chart");
    let out = upyc(&["bench", &path]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    let svg = std::fs::read_to_string(&chart).unwrap_or_default();
    assert!(svg.starts_with("<svg") && svg.contains(">tiny<"), "{svg}");
    assert!(stderr.contains("host.svg"), "{stderr}");
}

#[test]
fn bench_json_on_the_pyboard_has_exact_repeatable_counts() {
    let (_dir, path) = bench_program();
    let run = || {
        let out = upyc(&["bench", &path, "--board", "pyboard", "--json"]);
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{stdout}{}",
            String::from_utf8_lossy(&out.stderr)
        );
        stdout
    };
    let first = run();
    for key in [
        "\"board\": \"pyboard\"",
        "\"modes\": [\"native\"]",
        "\"name\": \"tiny\"",
        "\"check\": \"ok\"",
    ] {
        assert!(first.contains(key), "{key} missing in {first}");
    }
    let count = first
        .split("\"instructions\": ")
        .nth(1)
        .and_then(|rest| rest.split(',').next())
        .and_then(|n| n.parse::<u64>().ok())
        .unwrap_or(0);
    assert!(count > 1000, "no instruction count in {first}");
    let opens = first.matches(['{', '[']).count();
    let closes = first.matches(['}', ']']).count();
    assert_eq!(opens, closes, "unbalanced JSON: {first}");
    assert_eq!(first, run(), "two runs gave different results");
}

#[test]
fn bench_compares_native_and_bytecode() {
    let (_dir, path) = bench_program();
    let out = upyc(&[
        "bench",
        &path,
        "--board",
        "pyboard",
        "--emit",
        "native,bytecode",
        "--json",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{stdout}");
    let count = |mode: &str| {
        stdout
            .split(&format!("\"{mode}\": {{\"instructions\": "))
            .nth(1)
            .and_then(|rest| rest.split(',').next())
            .and_then(|n| n.parse::<u64>().ok())
            .unwrap_or(0)
    };
    let (native, bytecode) = (count("native"), count("bytecode"));
    assert!(native > 1000 && bytecode > native, "{stdout}");
    assert_eq!(stdout.matches("\"check\": \"ok\"").count(), 2, "{stdout}");
    let speedup = stdout
        .split("\"speedup\": ")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse::<f64>().ok())
        .unwrap_or(0.0);
    let expected = bytecode as f64 / native as f64;
    assert!((speedup - expected).abs() < 0.01, "{speedup} vs {expected}");
}

#[test]
fn bench_reports_a_wrong_output() {
    let (_dir, path) = bench_program();
    std::fs::write(format!("{path}.exp"), "something else\n").expect("write .exp");
    let out = upyc(&["bench", &path]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(stdout.contains("MISMATCH"), "{stdout}");
}
