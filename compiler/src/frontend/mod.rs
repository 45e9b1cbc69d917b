//! Frontend: source files, parsing with `ruff_python_parser`, scope analysis.

pub mod modules;
pub mod scope;

use crate::diag::{Diagnostic, Result};
use ruff_python_ast::ModModule;
use ruff_source_file::LineIndex;
use ruff_text_size::{TextRange, TextSize};

/// A Python source file and its line index.
pub struct SourceFile {
    /// Path as the user gave it; shown in errors and tracebacks.
    pub path: String,
    /// The text.
    pub text: String,
    index: LineIndex,
}

impl SourceFile {
    /// Reads `path`; a missing or unreadable file is a located error.
    pub fn load(path: &str) -> Result<SourceFile> {
        let bytes = std::fs::read(path).map_err(|e| {
            let why = match e.kind() {
                std::io::ErrorKind::NotFound => "no such file".to_string(),
                _ => e.to_string(),
            };
            Diagnostic::file(path, format!("cannot read source file: {why}"))
        })?;
        let text = String::from_utf8(bytes).map_err(|e| {
            Diagnostic::file(
                path,
                format!(
                    "source is not valid UTF-8 (byte {})",
                    e.utf8_error().valid_up_to()
                ),
            )
        })?;
        Ok(Self::from_text(path, text))
    }

    /// A source file from text in memory.
    pub fn from_text(path: &str, text: String) -> SourceFile {
        let index = LineIndex::from_source_text(&text);
        SourceFile {
            path: path.to_string(),
            text,
            index,
        }
    }

    /// 1-based (line, column) of a byte offset.
    pub fn line_col(&self, offset: TextSize) -> (usize, usize) {
        let lc = self.index.line_column(offset, &self.text);
        (lc.line.get(), lc.column.get())
    }

    /// 1-based line of the start of `range`.
    pub fn line(&self, range: TextRange) -> usize {
        self.line_col(range.start()).0
    }

    /// An error located at the start of `range`.
    pub fn error(&self, range: TextRange, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(range.start());
        Diagnostic::at(&self.path, line, col, message)
    }
}

/// Parses a module; a syntax error is a located error.
pub fn parse(src: &SourceFile) -> Result<ModModule> {
    match ruff_python_parser::parse_module(&src.text) {
        Ok(parsed) => Ok(parsed.into_syntax()),
        Err(err) => Err(src.error(err.location, format!("invalid syntax: {}", err.error))),
    }
}
