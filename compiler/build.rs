//! Builds the runtime staticlib for every Rust target named by a board file, so that
//! `upyc` can link images without a separate step. The libraries go to
//! `target/runtime/<triple>/release/libupyc_runtime.a`; the path is compiled in as
//! `UPYC_RUNTIME_DIR` (overridable at run time by the environment variable of that name).

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let manifest =
        PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let root = manifest
        .parent()
        .expect("compiler/ has a parent")
        .to_path_buf();
    for p in [
        "runtime/src",
        "runtime/Cargo.toml",
        "runtime/abi/src",
        "boards",
        "Cargo.lock",
        "Cargo.toml",
    ] {
        println!("cargo:rerun-if-changed={}", root.join(p).display());
    }
    println!("cargo:rerun-if-env-changed=UPYC_SKIP_RUNTIME_BUILD");
    let target_dir = root.join("target").join("runtime");
    println!("cargo:rustc-env=UPYC_RUNTIME_DIR={}", target_dir.display());
    println!("cargo:rustc-env=UPYC_RUST_LLD={}", rust_lld().display());
    if std::env::var_os("UPYC_SKIP_RUNTIME_BUILD").is_some() {
        return;
    }
    for triple in board_targets(&root.join("boards")) {
        build_runtime(&root, &target_dir, &triple);
    }
}

/// Distinct `rust_target = "..."` values of the board files.
fn board_targets(dir: &Path) -> Vec<String> {
    let mut out = Vec::new();
    let Ok(entries) = std::fs::read_dir(dir) else {
        return out;
    };
    for e in entries.flatten() {
        let path = e.path();
        if path.extension().and_then(|x| x.to_str()) != Some("toml") {
            continue;
        }
        let Ok(text) = std::fs::read_to_string(&path) else {
            continue;
        };
        for line in text.lines() {
            let line = line.trim();
            if let Some(rest) = line.strip_prefix("rust_target") {
                let value = rest
                    .trim_start()
                    .trim_start_matches('=')
                    .trim()
                    .trim_matches('"')
                    .to_string();
                if !value.is_empty() && !out.contains(&value) {
                    out.push(value);
                }
            }
        }
    }
    out.sort();
    out
}

fn build_runtime(root: &Path, target_dir: &Path, triple: &str) {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut cmd = Command::new(cargo);
    cmd.current_dir(root)
        .args([
            "rustc",
            "--manifest-path",
            "runtime/Cargo.toml",
            "--release",
            "--target",
            triple,
        ])
        .args(["--crate-type", "staticlib", "--target-dir"])
        .arg(target_dir);
    for var in [
        "RUSTFLAGS",
        "CARGO_ENCODED_RUSTFLAGS",
        "CARGO_BUILD_TARGET",
        "CARGO_TARGET_DIR",
        "RUSTC_WRAPPER",
        "RUSTC_WORKSPACE_WRAPPER",
        "CARGO_MAKEFLAGS",
        "CARGO_PRIMARY_PACKAGE",
        "CARGO_BUILD_RUSTFLAGS",
    ] {
        cmd.env_remove(var);
    }
    // A no_std staticlib for a hosted target needs panic=abort (the board targets abort already).
    cmd.env("CARGO_ENCODED_RUSTFLAGS", "-Cpanic=abort");
    let status = cmd.status().expect("cannot run cargo to build the runtime");
    if !status.success() {
        panic!("building the upyc runtime for {triple} failed");
    }
}

/// rust-lld from the toolchain building us (`<sysroot>/lib/rustlib/<host>/bin/rust-lld`).
fn rust_lld() -> PathBuf {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".into());
    let host = std::env::var("HOST").unwrap_or_default();
    let sysroot = Command::new(rustc)
        .args(["--print", "sysroot"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_string())
        .unwrap_or_default();
    Path::new(&sysroot)
        .join("lib/rustlib")
        .join(host)
        .join("bin/rust-lld")
}
