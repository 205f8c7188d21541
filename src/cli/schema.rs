//! `broadsheet schema`: the JSON Schemas of page specs, page templates and editions, for
//! editors to complete and check the files (a `#:schema PATH` first line points taplo and
//! Even Better TOML at one).

use std::path::Path;

use broadsheet::error::exit;

/// The kinds of file, each with its schema and the file name it is written as.
pub const KINDS: [(&str, &str); 3] = [
    ("spec", "spec.schema.json"),
    ("template", "template.schema.json"),
    ("edition", "edition.schema.json"),
];

/// The schema of a kind of file, as JSON text.
pub fn schema_text(kind: &str) -> Option<String> {
    let schema = match kind {
        "spec" => broadsheet::spec::schema::spec_schema(),
        "template" => broadsheet::spec::schema::template_schema(),
        "edition" => broadsheet::edition::schema(),
        _ => return None,
    };
    serde_json::to_string_pretty(&schema).ok().map(|t| t + "\n")
}

pub fn schema(kind: Option<&str>, out: Option<&Path>) -> u8 {
    if let Some(dir) = out {
        if let Err(e) = std::fs::create_dir_all(dir) {
            err!("error: {}: the folder cannot be made: {e}", dir.display());
            return exit::OUTPUT;
        }
        for (kind, file) in KINDS {
            let text = schema_text(kind).unwrap_or_default();
            let path = dir.join(file);
            if let Err(e) = broadsheet::write_atomic(&path, text.as_bytes()) {
                err!("error: {e}");
                return exit::OUTPUT;
            }
            out!("wrote {}", path.display());
        }
        return exit::OK;
    }
    let kind = kind.unwrap_or("spec");
    match schema_text(kind) {
        Some(text) => {
            out!("{}", text.trim_end());
            exit::OK
        }
        None => {
            err!("error: no schema for `{kind}`; use spec, template or edition");
            exit::USAGE
        }
    }
}
