//! The spec file being read: where a value is, for errors that name file, line and field.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml::Spanned;

use crate::error::{Error, Result};

/// The file being read, for locating errors.
pub(super) struct Context<'a> {
    pub(super) path: &'a Path,
    pub(super) source: &'a str,
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

    pub(super) fn error(&self, span: Range<usize>, field: &str, message: &str) -> Error {
        Error::Spec {
            file: self.path.to_path_buf(),
            line: Some(self.line_of(span.start)),
            field: field.to_string(),
            message: message.to_string(),
        }
    }

    pub(super) fn relative(&self, file: &Spanned<String>, field: &str) -> Result<PathBuf> {
        let name = file.get_ref();
        if name.trim().is_empty() {
            return Err(self.error(file.span(), field, "is empty; it must name a file"));
        }
        Ok(self.path.parent().unwrap_or(Path::new(".")).join(name))
    }
}
