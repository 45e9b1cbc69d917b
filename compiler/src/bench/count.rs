//! Exact instruction counts under QEMU, without TCG plugins (QEMU 7.2 has none).
//!
//! QEMU runs with `-icount shift=0 -singlestep -d nochain,exec`: every translation block
//! is one instruction and is never chained, so each executed instruction writes one
//! `Trace` line (with its PC) to the log, which goes to QEMU's stderr, a pipe read here.
//! Counting starts at the first instruction at a given address (the program's entry, so
//! reset, clock and heap set-up are left out) and runs to the end of the run. An I/O
//! access in the middle of a block makes QEMU rewind and re-execute it
//! (`cpu_io_recompile: rewound ...`); that instruction's first `Trace` line is not an
//! execution, so each rewind line takes one off the count.

use crate::diag::{Diagnostic, Result};
use std::io::Read;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// What one counted run produced.
pub struct Counted {
    /// Instructions executed from the first one at the start address to the end.
    pub instructions: u64,
    /// The console output (serial, then semihosting), `\r\n` turned into `\n`.
    pub output: String,
    /// QEMU's exit status (the program's, through semihosting).
    pub status: i32,
}

fn tool_error(message: impl Into<String>) -> Diagnostic {
    Diagnostic::file("upyc", message)
}

/// Runs `image` under `qemu -M machine` and counts the instructions executed from the
/// first one at address `start` (Thumb bit ignored) until QEMU exits; stops it after
/// `timeout`.
pub fn run_counted(
    qemu: &str,
    machine: &str,
    image: &Path,
    start: u64,
    timeout: Duration,
) -> Result<Counted> {
    // Semihosting output (the C references print that way) would go to stderr, which
    // carries the trace: it goes to a file beside the image instead.
    let semihost_out = image.with_extension("semihost.txt");
    let mut child = Command::new(qemu)
        .args([
            "-M", machine, "-display", "none", "-monitor", "none", "-serial", "stdio",
        ])
        .arg("-chardev")
        .arg(format!("file,id=semihost,path={}", semihost_out.display()))
        .args([
            "-semihosting-config",
            "enable=on,target=native,chardev=semihost",
        ])
        .args(["-icount", "shift=0", "-singlestep", "-d", "nochain,exec"])
        .args(["-D", "/dev/stderr", "-kernel"])
        .arg(image)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            tool_error(format!(
                "cannot start {qemu}: {e} (install it with ./setup.sh)"
            ))
        })?;
    let mut stdout = child
        .stdout
        .take()
        .ok_or_else(|| tool_error("no pipe from QEMU"))?;
    let console = std::thread::spawn(move || {
        let mut out = Vec::new();
        let _ = stdout.read_to_end(&mut out);
        out
    });
    let mut log = child
        .stderr
        .take()
        .ok_or_else(|| tool_error("no pipe from QEMU"))?;
    let start_pc = start & !1;
    let reader = std::thread::spawn(move || {
        let mut counter = TraceCounter::new(start_pc);
        let mut buf = vec![0u8; 1 << 20];
        loop {
            match log.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => counter.feed(&buf[..n]),
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                Err(e) => return Err(format!("reading QEMU's trace: {e}")),
            }
        }
        Ok(counter)
    });
    let started = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status.code().unwrap_or(-1),
            Ok(None) => {}
            Err(e) => return Err(tool_error(format!("waiting for {qemu}: {e}"))),
        }
        if started.elapsed() > timeout {
            let _ = child.kill();
            let _ = child.wait();
            return Err(tool_error(format!(
                "{}: the program did not finish within {} s under QEMU; stopped",
                image.display(),
                timeout.as_secs()
            )));
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    let counter = reader
        .join()
        .map_err(|_| tool_error("the trace reader failed"))?
        .map_err(tool_error)?;
    let mut out = console.join().unwrap_or_default();
    if let Ok(text) = std::fs::read(&semihost_out) {
        out.extend_from_slice(&text);
    }
    if !counter.started {
        return Err(tool_error(format!(
            "{}: QEMU never ran the instruction at {start:#x} (exit status {status}){}",
            image.display(),
            counter.other_text()
        )));
    }
    Ok(Counted {
        instructions: counter.count,
        output: String::from_utf8_lossy(&out).replace("\r\n", "\n"),
        status,
    })
}

/// Counts `Trace` lines in a log fed in arbitrary pieces.
struct TraceCounter {
    /// The start PC as QEMU prints it in the second field: `/0800abcd/`.
    start_field: Vec<u8>,
    started: bool,
    count: u64,
    /// The current (unfinished) line's first bytes, enough to classify it.
    line: Vec<u8>,
    /// Lines that are neither traces nor rewinds (QEMU's own messages), kept for errors.
    other: Vec<String>,
}

/// Bytes of a line enough to classify it and read the PC (`Trace N: 0x... [a/PC/`).
const LINE_PREFIX: usize = 96;

impl TraceCounter {
    fn new(start: u64) -> Self {
        TraceCounter {
            start_field: format!("/{start:08x}/").into_bytes(),
            started: false,
            count: 0,
            line: Vec::with_capacity(LINE_PREFIX),
            other: Vec::new(),
        }
    }

    fn feed(&mut self, mut bytes: &[u8]) {
        while let Some(nl) = bytes.iter().position(|&b| b == b'\n') {
            let (head, rest) = bytes.split_at(nl);
            let room = LINE_PREFIX.saturating_sub(self.line.len());
            self.line.extend_from_slice(&head[..head.len().min(room)]);
            self.end_line();
            bytes = &rest[1..];
        }
        let room = LINE_PREFIX.saturating_sub(self.line.len());
        self.line.extend_from_slice(&bytes[..bytes.len().min(room)]);
    }

    fn end_line(&mut self) {
        let line = &self.line;
        if line.starts_with(b"Trace ") {
            if self.started {
                self.count += 1;
            } else if let Some(open) = line.iter().position(|&b| b == b'[') {
                // `[flags/PC/...`: the PC field follows the first `/`.
                if let Some(slash) = line[open..].iter().position(|&b| b == b'/') {
                    let at = open + slash;
                    if line[at..].starts_with(&self.start_field) {
                        self.started = true;
                        self.count = 1;
                    }
                }
            }
        } else if line.starts_with(b"cpu_io_recompile:") {
            if self.started {
                self.count = self.count.saturating_sub(1);
            }
        } else if !line.is_empty() && self.other.len() < 8 {
            self.other
                .push(String::from_utf8_lossy(line).trim_end().to_string());
        }
        self.line.clear();
    }

    fn other_text(&self) -> String {
        if self.other.is_empty() {
            String::new()
        } else {
            format!(":\n{}", self.other.join("\n"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_from_the_start_address_and_undoes_rewinds() {
        let mut c = TraceCounter::new(0x0800_0188);
        let log = "Trace 0: 0x7f00 [00800408/080007bc/00000110/ff020201] Reset\n\
                   Trace 0: 0x7f01 [00800408/08000188/00000110/ff020201] upy_main\n\
                   Trace 0: 0x7f02 [00800408/0800018a/00000110/ff020201] \n\
                   cpu_io_recompile: rewound execution of TB to 0800018a\n\
                   Trace 0: 0x7f03 [00800408/0800018a/00000110/ff020201] \n\
                   Trace 0: 0x7f04 [00800408/08000188/00000110/ff020201] \n";
        // Fed in awkward pieces: lines split across reads.
        for piece in log.as_bytes().chunks(7) {
            c.feed(piece);
        }
        assert!(c.started);
        // upy_main, 0x18a once (its first trace was rewound), upy_main again.
        assert_eq!(c.count, 3);
    }
}
