//! The spec file being read: where a value is, for errors that name file, line and field.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::error::{Error, Result};

/// The file being read, for locating errors.
pub(super) struct Context<'a> {
    pub(super) path: &'a Path,
    pub(super) source: &'a str,
    /// Where each line came from, when the spec is merged with a template.
    pub(super) origins: &'a super::Origins,
}

impl Context<'_> {
    pub(super) fn line_of(&self, offset: usize) -> usize {
        self.source[..offset.min(self.source.len())]
            .matches('\n')
            .count()
            + 1
    }

    /// The key written on the line that holds `offset`, as a fallback field name.
    pub(super) fn key_at(&self, offset: usize) -> String {
        let start = self.source[..offset.min(self.source.len())]
            .rfind('\n')
            .map_or(0, |i| i + 1);
        let line = self.source[start..].lines().next().unwrap_or("");
        line.split('=')
            .next()
            .unwrap_or("")
            .trim()
            .trim_matches(['[', ']'])
            .to_string()
    }

    /// The file and line where the text at `offset` was written.
    pub(super) fn place(&self, offset: usize) -> (PathBuf, usize) {
        self.origins.place(self.path, self.line_of(offset))
    }

    /// `line N`, or `FILE:N` when the text at `offset` is another file's (a template's).
    pub(super) fn at(&self, offset: usize) -> String {
        match self.place(offset) {
            (file, line) if file == self.path => format!("line {line}"),
            (file, line) => format!("{}:{line}", file.display()),
        }
    }

    pub(super) fn error(&self, span: Range<usize>, field: &str, message: &str) -> Error {
        let (file, line) = self.place(span.start);
        Error::Spec {
            file,
            line: Some(line),
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    pub(super) fn relative(&self, file: &Spanned<String>, field: &str) -> Result<PathBuf> {
        let name = file.get_ref();
        if name.trim().is_empty() {
            return Err(self.error(file.span(), field, "is empty; it must name a file"));
        }
        // Beside the file that names it: the page spec, or its template.
        let (written_in, _) = self.place(file.span().start);
        Ok(written_in.parent().unwrap_or(Path::new(".")).join(name))
    }
}
