//! How the commands show an error about an input: as diagnostics with codes, in the form
//! `--diagnostic-format` asks for (a snippet for a person by default).

use broadsheet::diagnostic::{self, Diagnostic};

/// The forms of `--diagnostic-format`.
#[derive(Clone, Copy, PartialEq, Eq, Debug, Default, clap::ValueEnum)]
pub enum Format {
    /// Each mistake with a snippet of the file, underlined, and the fix.
    #[default]
    Human,
    /// One line a mistake: `file:line:col: error[CODE]: message`.
    Short,
    /// A JSON array of diagnostics (code, message, help, places with byte offsets).
    Json,
}

/// Prints an error on standard error: as diagnostics if it is about an input, else as a
/// line.
pub fn print(error: &broadsheet::Error, format: Format) {
    err!("{}", text(error, format));
}

/// An error as [`print`] shows it.
pub fn text(error: &broadsheet::Error, format: Format) -> String {
    let Some(mut diagnostics) = error.diagnostics() else {
        return format!("error: {error}");
    };
    fill_lines(&mut diagnostics);
    match format {
        Format::Human => diagnostic::human(&diagnostics).trim_end().to_string(),
        Format::Short => diagnostic::short(&diagnostics).trim_end().to_string(),
        Format::Json => {
            serde_json::to_string_pretty(&diagnostic::json(&diagnostics)).unwrap_or_default()
        }
    }
}

/// Gives labels that name only a file and line the text of that line, for the snippet.
fn fill_lines(diagnostics: &mut [Diagnostic]) {
    for label in diagnostics.iter_mut().flat_map(|d| d.labels.iter_mut()) {
        if !label.text.is_empty() || label.line == 0 {
            continue;
        }
        let Ok(file) = broadsheet::input::read(&label.file, broadsheet::input::Kind::Article)
        else {
            continue;
        };
        if let Some(text) = file.text().ok().and_then(|t| t.lines().nth(label.line - 1)) {
            label.text = text.trim_end_matches('\r').to_string();
            label.range = 0..label.text.len();
        }
    }
}
