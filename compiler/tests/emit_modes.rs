//! Native code, bytecode and mixed images: per-module `--emit-module` overrides give
//! the same output as either pure mode, `@micropython.native`/`viper` functions stay
//! machine code in a bytecode build, and bad `--emit` arguments are clear errors.
//! (The whole corpus as bytecode is in `conformance.rs`.)

use std::path::Path;
use std::process::{Command, Output};

mod common;
use common::{build_pyboard, symbols};

fn upyc(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_upyc"))
        .current_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(".."))
        .args(args)
        .output()
        .expect("run upyc")
}

/// Size of the symbol in `elf` whose name starts with `prefix` (`nm -S`), if any.
fn symbol_size(elf: &Path, prefix: &str) -> Option<u64> {
    let nm = Command::new("arm-none-eabi-nm")
        .arg("-S")
        .arg(elf)
        .output()
        .expect("run arm-none-eabi-nm");
    String::from_utf8_lossy(&nm.stdout).lines().find_map(|l| {
        let f: Vec<&str> = l.split_whitespace().collect();
        match f.as_slice() {
            [_, size, _, name] if name.starts_with(prefix) => u64::from_str_radix(size, 16).ok(),
            _ => None,
        }
    })
}

/// Bytes of a pyboard descriptor of a function of `n` parameters without its code
/// object: the shape, the name, the parameter names and the entry word.
fn bare_desc(n: u64) -> u64 {
    // The shape, the name and the parameter names (u16 each), the entry word aligned.
    (2 + 2 + 2 * n).next_multiple_of(4) + 4
}

fn expected(program: &str) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    std::fs::read_to_string(root.join(format!("{program}.exp"))).expect("read .exp")
}

/// Runs `program` with `args` on `board` and checks its output against its `.exp`.
fn check(program: &str, board: &str, args: &[&str]) {
    let mut all = vec!["run", program, "--board", board, "--timeout", "120"];
    all.extend_from_slice(args);
    let out = upyc(&all);
    let stdout = String::from_utf8_lossy(&out.stdout).replace("\r\n", "\n");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{args:?} on {board}: {stderr}");
    assert_eq!(stdout, expected(program), "{args:?} on {board}");
}

#[test]
fn mixed_images_print_what_pure_ones_print() {
    let mixes: &[&[&str]] = &[
        &["--emit-module", "_mixed_mod=bytecode"],
        &["--emit", "bytecode", "--emit-module", "_mixed_mod=native"],
        &["--emit", "bytecode", "--emit-module", "__main__=native"],
    ];
    for mix in mixes {
        check("tests/basics/import_mixed.py", "host", mix);
    }
    check("tests/basics/import_mixed.py", "pyboard", mixes[0]);
    check("tests/basics/import_mixed.py", "pyboard", mixes[1]);
    // A package whose sub-package is bytecode under a native package.
    check(
        "tests/basics/import_package.py",
        "pyboard",
        &[
            "--emit-module",
            "_pkg.sub=bytecode",
            "--emit-module",
            "__main__=bytecode",
        ],
    );
}

#[test]
fn native_and_viper_functions_stay_machine_code_in_a_bytecode_build() {
    let program = "import micropython\n\
         def plain(x):\n    return x + 1\n\
         @micropython.native\ndef fast(x):\n    return x * 2\n\
         @micropython.viper\ndef typed(x: int) -> int:\n    return x << 2\n\
         print(plain(1), fast(2), typed(3))\n";
    let (dir, image, stderr) = build_pyboard(program, &["--emit", "bytecode"]);
    // The module body and plain()'s body.
    assert!(stderr.contains(" (bytecode: 2 functions, "), "{stderr}");
    let syms = symbols(&image);
    let has = |name: &str| syms.lines().any(|l| l.ends_with(&format!(" {name}")));
    // The module body is compact bytecode after the start-up word, with no machine code.
    assert!(symbol_size(&image, "upy_entry") > Some(4), "{syms}");
    assert!(!has("upy_main"), "{syms}");
    // Both are compact bytecode, run by the stack VM's entries (no stub enters it);
    // plain()'s code object is in its descriptor, and it has no machine code.
    assert!(has("upy_pyvm_main") && has("upy_pyvm_call"), "{syms}");
    assert!(!has("upy_pyvm_exec"), "{syms}");
    assert!(!syms.contains(" upy_bc_upy_gfn_"), "{syms}");
    let desc = |f: &str| symbol_size(&image, &format!("upy_fdesc_main_{f}_"));
    assert!(
        desc("plain") > Some(bare_desc(1)),
        "plain() should be bytecode:\n{syms}"
    );
    assert!(!syms.contains(" upy_fn_main_plain_"), "{syms}");
    for f in ["fast", "typed"] {
        assert_eq!(
            desc(f),
            Some(bare_desc(1)),
            "{f}() should be native:\n{syms}"
        );
        assert!(syms.contains(&format!(" upy_fn_main_{f}_")), "{syms}");
    }
    let main = dir.path().join("main.py").display().to_string();
    let run = upyc(&["run", &main, "--board", "pyboard", "--emit", "bytecode"]);
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).replace("\r\n", "\n"),
        "2 4 12\n"
    );
}

/// A compact function that compact code makes runs through the VM's own generic entry:
/// its native stub and generic entry are dropped, unless native code calls the stub
/// directly.
#[test]
fn functions_the_vm_makes_need_no_machine_code() {
    let program = "import micropython\n\
         def plain(x):\n    return x + 1\n\
         def called(x):\n    return x - 1\n\
         @micropython.native\ndef caller(y):\n    return called(y) * 10\n\
         print(plain(1), caller(4), list(map(plain, [5, 6])))\n";
    let (dir, image, _) = build_pyboard(program, &["--emit", "bytecode"]);
    let syms = symbols(&image);
    let has = |prefix: &str| {
        syms.lines().any(|l| {
            l.split_whitespace()
                .last()
                .is_some_and(|n| n.starts_with(prefix))
        })
    };
    let desc = symbol_size(&image, "upy_fdesc_main_plain_");
    assert!(desc > Some(bare_desc(1)), "plain() is bytecode:\n{syms}");
    assert!(!has("upy_fn_main_plain_"), "plain() needs no stub:\n{syms}");
    assert!(
        !has("upy_gfn_main_plain_"),
        "plain() needs no generic entry:\n{syms}"
    );
    // caller() calls called()'s stub directly: it stays; the generic entry goes.
    assert!(has("upy_fn_main_called_"), "{syms}");
    assert!(!has("upy_gfn_main_called_"), "{syms}");
    assert!(has("upy_gfn_main_caller_"), "{syms}");
    let main = dir.path().join("main.py").display().to_string();
    for board in ["pyboard", "host"] {
        let run = upyc(&["run", &main, "--board", board, "--emit", "bytecode"]);
        assert_eq!(
            String::from_utf8_lossy(&run.stdout).replace("\r\n", "\n"),
            "2 30 [6, 7]\n",
            "{board}"
        );
    }
}

#[test]
fn a_native_build_has_no_vm() {
    let (_dir, image, _) = build_pyboard("def f(x):\n    return x + 1\nprint(f(1))\n", &[]);
    let syms = symbols(&image);
    assert!(!syms.contains("upy_vm_exec"), "{syms}");
    assert!(!syms.contains("upy_pyvm_exec"), "{syms}");
    assert!(!syms.contains(" upy_bc_upy_"), "{syms}");
}

/// A function whose frame would exceed the VMs' largest (its stub allocates the frame
/// below the stack limit's margin) is neither compact nor register bytecode: it stays
/// machine code, and the program still runs.
#[test]
fn a_frame_above_the_vm_limit_stays_native() {
    let items: Vec<String> = (0..1100).map(|i| i.to_string()).collect();
    let program = format!(
        "def big():\n    return [{}]\n\ndef small(x):\n    return x + 1\n\nprint(len(big()), sum(big()), small(1))\n",
        items.join(", ")
    );
    let (dir, image, stderr) = build_pyboard(&program, &["--emit", "bytecode"]);
    assert!(stderr.contains("(1 kept native"), "{stderr}");
    let syms = symbols(&image);
    let desc = |f: &str| symbol_size(&image, &format!("upy_fdesc_main_{f}_"));
    assert_eq!(
        desc("big"),
        Some(bare_desc(0)),
        "big() stays native:\n{syms}"
    );
    assert!(
        desc("small") > Some(bare_desc(1)),
        "small() is bytecode:\n{syms}"
    );
    let main = dir.path().join("main.py").display().to_string();
    let run = upyc(&["run", &main, "--board", "pyboard", "--emit", "bytecode"]);
    assert_eq!(
        String::from_utf8_lossy(&run.stdout).replace("\r\n", "\n"),
        "1100 604450 2\n"
    );
}

#[test]
fn bad_emit_arguments_are_errors() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["--emit-module", "nosuch=bytecode"],
            "--emit-module: the program has no module named 'nosuch' (the main script is '__main__')",
        ),
        (
            &["--emit-module", "_mixed_mod"],
            "--emit-module takes NAME=native or NAME=bytecode, not '_mixed_mod'",
        ),
        (
            &["--emit-module", "_mixed_mod=jit"],
            "--emit-module takes NAME=native or NAME=bytecode, not '_mixed_mod=jit'",
        ),
        (&["--emit", "jit"], "invalid value 'jit' for '--emit <MODE>'"),
    ];
    for (args, message) in cases {
        let mut all = vec!["build", "tests/basics/import_mixed.py", "-o", "/dev/null"];
        all.extend_from_slice(args);
        let out = upyc(&all);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(!stderr.contains("internal"), "{stderr}");
    }
}
