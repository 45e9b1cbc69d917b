//! The console: program output and diagnostics (tracebacks, fatal errors).

use crate::platform;

/// Where text goes: program output or diagnostics (stderr on host, the same USART on boards).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Stream {
    /// `print` output.
    Out,
    /// Tracebacks and fatal errors.
    Err,
}

/// Writes bytes to `s`.
pub fn write(s: Stream, b: &[u8]) {
    platform::console_write(b, s == Stream::Err);
}

/// Writes text to `s`.
pub fn write_str(s: Stream, t: &str) {
    write(s, t.as_bytes());
}

/// Writes `v` in decimal to `s`.
pub fn write_int(s: Stream, v: isize) {
    let mut buf = [0u8; 24];
    write(s, fmt_int(v, &mut buf));
}

/// Formats `v` in decimal into the end of `buf`, returning the digits.
pub fn fmt_int(v: isize, buf: &mut [u8; 24]) -> &[u8] {
    let mut i = buf.len();
    let mut u = v.unsigned_abs();
    loop {
        i -= 1;
        buf[i] = b'0' + (u % 10) as u8;
        u /= 10;
        if u == 0 {
            break;
        }
    }
    if v < 0 {
        i -= 1;
        buf[i] = b'-';
    }
    &buf[i..]
}

/// A `core::fmt::Write` adapter for a stream.
pub struct Writer(pub Stream);

impl core::fmt::Write for Writer {
    fn write_str(&mut self, t: &str) -> core::fmt::Result {
        write(self.0, t.as_bytes());
        Ok(())
    }
}
