//! JSON Schemas of the files a designer writes (`broadsheet schema`), made from the very
//! types the loader reads ([`super::raw`]), each property described by its doc comment,
//! so an editor (taplo, Even Better TOML) completes and checks a spec as it is typed.
//!
//! A schema cannot say everything the loader checks (areas inside the grid, styles that
//! exist, overlaps): it catches unknown keys, wrong types and misspelt values; the loader
//! the rest. Tables that a page template and its pages merge key by key (`[page]`,
//! `[grid]`, `[output]`, `[wrap]`, a style) may be partial in either file, so the schema
//! requires none of their keys; a page spec that names no template needs its `[page]`,
//! `[grid]`, `[fonts]` and `[styles]`.

use serde_json::{Value, json};

use super::raw::RawSpec;

/// Definitions of tables that a template and its pages merge key by key.
const MERGED: [&str; 6] = [
    "RawPage",
    "RawGrid",
    "RawStyle",
    "RawOutput",
    "RawWrap",
    "RawHeadStyles",
];

/// The draft of JSON Schema the files are written in (the one editors' TOML tools read).
pub fn generator() -> schemars::SchemaGenerator {
    schemars::generate::SchemaSettings::draft07().into_generator()
}

/// The schema of a page spec (`layouts/*.toml`).
pub fn spec_schema() -> Value {
    let mut schema = base();
    let required = schema
        .as_object_mut()
        .and_then(|o| o.remove("required"))
        .unwrap_or_else(|| json!([]));
    let props = &mut schema["properties"];
    props["template"] = json!({
        "description": "A page template (beside this file) holding what its pages share; this file's keys win, its elements follow the template's.",
        "type": "string"
    });
    props["remove"] = json!({
        "description": "Ids of the template's text boxes, rules, QR codes and artwork this page leaves out.",
        "type": "array",
        "items": { "type": "string" }
    });
    schema["title"] = json!("broadsheet page spec");
    schema["description"] = json!(
        "A newspaper page: trim, grid, faces, styles, furniture, articles and their blocks, and what the PDF is made for."
    );
    // What a spec of its own needs; with a template, the two together.
    schema["if"] = json!({ "required": ["template"] });
    schema["else"] = json!({ "required": required });
    schema
}

/// The schema of a page template: a page spec's keys, all optional.
pub fn template_schema() -> Value {
    let mut schema = base();
    if let Some(o) = schema.as_object_mut() {
        o.remove("required");
    }
    schema["title"] = json!("broadsheet page template");
    schema["description"] = json!(
        "What the pages naming this template share (trim, grid, faces, styles, running heads, footers): merged into each page spec key by key."
    );
    schema
}

/// The spec's schema with the merged tables' keys optional.
fn base() -> Value {
    let root = generator().into_root_schema_for::<RawSpec>();
    let mut schema = serde_json::to_value(root).unwrap_or_default();
    for name in MERGED {
        if let Some(def) = schema["definitions"][name].as_object_mut() {
            def.remove("required");
        }
    }
    schema
}

/// Paths (`a.b.c`) of properties without a description: none, for a schema editors show.
pub fn undescribed(schema: &Value) -> Vec<String> {
    let mut out = Vec::new();
    walk(schema, schema, "", &mut out, 0);
    out
}

fn walk(root: &Value, node: &Value, at: &str, out: &mut Vec<String>, depth: usize) {
    if depth > 12 {
        return;
    }
    let node = resolve(root, node);
    if let Some(props) = node.get("properties").and_then(Value::as_object) {
        for (name, prop) in props {
            let path = if at.is_empty() {
                name.clone()
            } else {
                format!("{at}.{name}")
            };
            let described = prop.get("description").is_some()
                || resolve(root, prop).get("description").is_some();
            if !described {
                out.push(path.clone());
            }
            walk(root, prop, &path, out, depth + 1);
        }
    }
    for key in ["items", "additionalProperties"] {
        if let Some(inner) = node.get(key).filter(|v| v.is_object()) {
            walk(root, inner, at, out, depth + 1);
        }
    }
    for key in ["anyOf", "oneOf", "allOf"] {
        for inner in node
            .get(key)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            walk(root, inner, at, out, depth + 1);
        }
    }
}

/// A `$ref` followed to its definition.
fn resolve<'a>(root: &'a Value, node: &'a Value) -> &'a Value {
    match node.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/")
            .map(|p| p.split('/').fold(root, |v, k| &v[k]))
            .unwrap_or(node),
        None => node,
    }
}
