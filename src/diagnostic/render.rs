//! The three forms of diagnostics: human, short and JSON.

use annotate_snippets::{AnnotationKind, Group, Level, Renderer, Snippet};

use super::Diagnostic;

/// Diagnostics for a person: each with a snippet of every place it shows, the mistake
/// underlined (under Chinese text too: the renderer counts its columns), and the help.
/// Plain text: no colour.
pub fn human(diagnostics: &[Diagnostic]) -> String {
    let renderer = Renderer::plain();
    let mut out = String::new();
    for d in diagnostics {
        let mut group = Group::with_title(
            Level::ERROR
                .primary_title(d.message.as_str())
                .id(d.code.as_str()),
        );
        for (i, label) in d.labels.iter().enumerate() {
            let kind = if i == 0 {
                AnnotationKind::Primary
            } else {
                AnnotationKind::Context
            };
            let path = label.file.display().to_string();
            if label.text.is_empty() {
                // No text at hand: the place alone.
                group = group.element(
                    Level::NOTE.message(format!("at {path}:{}:{}", label.line, label.column)),
                );
                continue;
            }
            // An empty range marks the character at it (or the end of the line).
            let range = match label.range.is_empty() {
                true => {
                    let at = label.range.start.min(label.text.len());
                    let len = label.text[at..].chars().next().map_or(0, char::len_utf8);
                    at..at + len
                }
                false => label.range.clone(),
            };
            group = group.element(
                Snippet::source(label.text.clone())
                    .line_start(label.line)
                    .path(path)
                    .annotation(kind.span(range).label(label.message.clone())),
            );
        }
        if let Some(help) = &d.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        let report: &[Group<'_>] = &[group];
        out.push_str(&renderer.render(report));
        out.push_str("\n\n");
    }
    out
}

/// Diagnostics one a line, `file:line:col: error[CODE]: message`, with the help after a
/// semicolon and the other places as `note` lines: what editors' problem matchers read.
pub fn short(diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        let Some((first, rest)) = d.labels.split_first() else {
            out.push_str(&format!("error[{}]: {}\n", d.code, d.message));
            continue;
        };
        let at = |l: &super::Label| format!("{}:{}:{}", l.file.display(), l.line, l.column);
        let mut line = format!("{}: error[{}]: {}", at(first), d.code, d.message);
        if !first.message.is_empty() {
            line.push_str(&format!(" ({})", first.message));
        }
        if let Some(help) = &d.help {
            line.push_str(&format!("; help: {help}"));
        }
        out.push_str(&line);
        out.push('\n');
        for l in rest {
            let what = if l.message.is_empty() {
                "also here".to_string()
            } else {
                l.message.clone()
            };
            out.push_str(&format!("{}: note[{}]: {what}\n", at(l), d.code));
        }
    }
    out
}

/// Diagnostics as JSON values: code, severity, message, help, and each label's file,
/// line, column (and end column, in Unicode scalar values) and byte offsets.
pub fn json(diagnostics: &[Diagnostic]) -> serde_json::Value {
    let list: Vec<serde_json::Value> = diagnostics
        .iter()
        .map(|d| {
            let labels: Vec<serde_json::Value> = d
                .labels
                .iter()
                .map(|l| {
                    let end_column =
                        l.column + l.text.get(l.range.clone()).map_or(0, |t| t.chars().count());
                    serde_json::json!({
                        "file": l.file.display().to_string(),
                        "line": l.line,
                        "column": l.column,
                        "end_column": end_column,
                        "byte_start": l.offset.as_ref().map(|o| o.start),
                        "byte_end": l.offset.as_ref().map(|o| o.end),
                        "message": l.message,
                    })
                })
                .collect();
            serde_json::json!({
                "code": d.code.as_str(),
                "severity": "error",
                "message": d.message,
                "help": d.help,
                "labels": labels,
            })
        })
        .collect();
    serde_json::Value::Array(list)
}
