//! Running an image: natively on the host, or under QEMU for microcontroller boards.
//! Only the program's console output reaches stdout.

use crate::boards::Board;
use crate::diag::{Diagnostic, Result};
use std::io::{Read, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// The command that runs `image` for `board`.
pub fn command(board: &Board, image: &Path) -> Result<Command> {
    match board.run.method.as_str() {
        "native" => Ok(Command::new(image)),
        "qemu" => {
            let qemu = board.run.qemu.as_deref().unwrap_or("qemu-system-arm");
            let machine = board.run.machine.as_deref().ok_or_else(|| {
                Diagnostic::file("upyc", format!("board {} has no QEMU machine", board.name))
            })?;
            let mut cmd = Command::new(qemu);
            cmd.args([
                "-M", machine, "-display", "none", "-monitor", "none", "-serial", "stdio",
            ])
            .args(["-semihosting-config", "enable=on,target=native", "-kernel"])
            .arg(image);
            Ok(cmd)
        }
        other => Err(Diagnostic::file(
            "upyc",
            format!("board {} has an unknown run method '{other}'", board.name),
        )),
    }
}

/// Runs `image`, relaying its console; returns the program's exit status.
/// With a timeout, a program still running after it is killed (status 124, as `timeout(1)`).
pub fn run(board: &Board, image: &Path, timeout: Option<Duration>) -> Result<i32> {
    let mut cmd = command(board, image)?;
    // A board's console ends lines with "\r\n" (as MicroPython does); stdout gets "\n".
    let console = board.run.method == "qemu";
    cmd.stdin(Stdio::inherit())
        .stdout(if console {
            Stdio::piped()
        } else {
            Stdio::inherit()
        })
        .stderr(Stdio::inherit());
    let program = cmd.get_program().to_string_lossy().to_string();
    let mut child = cmd.spawn().map_err(|e| {
        let hint = if e.kind() == std::io::ErrorKind::NotFound && board.run.method == "qemu" {
            " (install it with ./setup.sh)"
        } else {
            ""
        };
        Diagnostic::file("upyc", format!("cannot start {program}: {e}{hint}"))
    })?;
    let relay = child
        .stdout
        .take()
        .map(|out| std::thread::spawn(move || relay_console(out)));
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code().unwrap_or(3),
            Ok(None) => {}
            Err(e) => {
                return Err(Diagnostic::file(
                    "upyc",
                    format!("waiting for {program}: {e}"),
                ))
            }
        }
        if let Some(limit) = timeout {
            if started.elapsed() > limit {
                let _ = child.kill();
                let _ = child.wait();
                eprintln!(
                    "upyc: the program did not finish within {} s; stopped",
                    limit.as_secs()
                );
                break 124;
            }
        }
        std::thread::sleep(Duration::from_millis(2));
    };
    if let Some(relay) = relay {
        let _ = relay.join();
    }
    Ok(status)
}

/// Copies console output to stdout, turning "\r\n" into "\n".
fn relay_console(mut from: impl Read) {
    let mut stdout = std::io::stdout().lock();
    let mut buf = [0u8; 4096];
    let mut pending_cr = false;
    loop {
        let n = match from.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => n,
        };
        let mut out = Vec::with_capacity(n + 1);
        for &b in &buf[..n] {
            if pending_cr && b != b'\n' {
                out.push(b'\r');
            }
            pending_cr = b == b'\r';
            if !pending_cr {
                out.push(b);
            }
        }
        if stdout.write_all(&out).and_then(|_| stdout.flush()).is_err() {
            break;
        }
    }
    if pending_cr {
        let _ = stdout.write_all(b"\r");
    }
}
