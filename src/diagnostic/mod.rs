//! Diagnostics: what is wrong with an input, where, and how to fix it, in the three forms
//! a designer or a tool reads: `human` (a snippet of the file with the mistake underlined,
//! through annotate-snippets, which measures Chinese text in columns of the terminal),
//! `short` (`file:line:col: error[BS0102]: message`, one a line, for editors' problem
//! matchers) and `json` (the same, with byte offsets, inside the versioned report).
//!
//! Every diagnostic has a stable [`Code`] (documented in `docs/diagnostics.md`); one
//! diagnostic is one root cause, with a label at each place it shows (an unknown style
//! used by three boxes is one diagnostic with three labels). Columns count Unicode scalar
//! values from 1, as editors do.
//!
//! This module knows nothing of specs or pages: the passes that find mistakes build
//! diagnostics from the text they read ([`Label::at`]).

mod codes;
mod render;

pub use codes::Code;
pub use render::{human, json, short};

use std::path::PathBuf;

/// One mistake: its code, what is wrong, where (the first label is the primary one), and
/// the fix when it is known.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// The stable code.
    pub code: Code,
    /// What is wrong.
    pub message: String,
    /// Where it shows, the primary place first.
    pub labels: Vec<Label>,
    /// How to fix it, when that is known (`did you mean `body`?`).
    pub help: Option<String>,
}

/// A place in a file, with what is said of it.
#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    /// The file.
    pub file: PathBuf,
    /// 1-based line.
    pub line: usize,
    /// 1-based column of the start, in Unicode scalar values.
    pub column: usize,
    /// The text of the line (for the snippet), without its line break.
    pub text: String,
    /// The marked range of `text`, in bytes (empty: the whole line is meant).
    pub range: std::ops::Range<usize>,
    /// Byte offsets of the marked text in the file, when known.
    pub offset: Option<std::ops::Range<usize>>,
    /// What is said of this place (may be empty).
    pub message: String,
}

impl Label {
    /// The label of `span` (byte offsets) in `source`, the text of `file` as read; `place`
    /// maps a line of `source` to the file and line it was written in (a spec merged with
    /// its template), `None` when `source` is the file itself.
    pub fn at(
        file: &std::path::Path,
        source: &str,
        span: std::ops::Range<usize>,
        place: Option<&dyn Fn(usize) -> (PathBuf, usize)>,
        message: impl Into<String>,
    ) -> Label {
        let start = span.start.min(source.len());
        let start = (0..=start)
            .rev()
            .find(|i| source.is_char_boundary(*i))
            .unwrap_or(0);
        let line_start = source[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = source[start..]
            .find('\n')
            .map_or(source.len(), |i| start + i);
        let text = source[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        // A place in the line's break (`\r`) is its end.
        let start = start.min(line_start + text.len());
        let end = span.end.clamp(start, line_end).min(line_start + text.len());
        let end = (end..=line_start + text.len())
            .find(|i| source.is_char_boundary(*i))
            .unwrap_or(start);
        let line = source[..start].matches('\n').count() + 1;
        let column = source[line_start..start].chars().count() + 1;
        let (file, line, offset) = match place {
            Some(place) => {
                let (f, l) = place(line);
                let same = f == file;
                (f, l, same.then_some(start..end))
            }
            None => (file.to_path_buf(), line, Some(start..end)),
        };
        Label {
            file,
            line,
            column,
            text,
            range: start - line_start..end - line_start,
            offset,
            message: message.into(),
        }
    }

    /// A label for a whole line of a file whose text is not at hand (column 1).
    pub fn line(file: &std::path::Path, line: usize, text: Option<&str>) -> Label {
        let text = text.unwrap_or_default().to_string();
        Label {
            file: file.to_path_buf(),
            line,
            column: 1,
            range: 0..text.len(),
            text,
            offset: None,
            message: String::new(),
        }
    }
}

impl Diagnostic {
    /// A diagnostic of one place.
    pub fn new(code: Code, message: impl Into<String>, label: Label) -> Self {
        Self {
            code,
            message: message.into(),
            labels: vec![label],
            help: None,
        }
    }

    /// With a help line.
    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }
}

impl std::fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(
            &short(std::slice::from_ref(self))
                .trim_end()
                .replace('\n', "; "),
        )
    }
}
