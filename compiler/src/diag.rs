//! Compile errors with a location, printed as `file:line:col: error: message`.

use std::fmt;

/// A located compile error (exit status 2).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// Path of the source file as the user gave it (or a tool name for unlocated errors).
    pub file: String,
    /// 1-based line, 0 when the error has no position.
    pub line: usize,
    /// 1-based column, 0 when the error has no position.
    pub col: usize,
    /// What is wrong.
    pub message: String,
}

impl Diagnostic {
    /// An error at a position.
    pub fn at(file: &str, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.to_string(),
            line,
            col,
            message: message.into(),
        }
    }

    /// An error about a whole file (missing, unreadable, ...).
    pub fn file(file: &str, message: impl Into<String>) -> Self {
        Self::at(file, 0, 0, message)
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}: error: {}", self.file, self.message)
        } else {
            write!(
                f,
                "{}:{}:{}: error: {}",
                self.file, self.line, self.col, self.message
            )
        }
    }
}

impl std::error::Error for Diagnostic {}

/// Result type of the compiler stages.
pub type Result<T> = std::result::Result<T, Diagnostic>;
