//! The JSON Schemas of specs, templates and editions (`broadsheet schema`): the committed
//! ones are what the binary generates, and every property is described for editors.
//! (`.ci/run` validates every spec of the repository against them with Python's
//! jsonschema, and checks that mutated specs are rejected.)

mod common;

use std::process::Command;

#[test]
fn the_committed_schemas_are_the_generated_ones() {
    for (kind, file) in [
        ("spec", "spec.schema.json"),
        ("template", "template.schema.json"),
        ("edition", "edition.schema.json"),
    ] {
        let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args(["schema", kind])
            .output()
            .unwrap();
        assert_eq!(run.status.code(), Some(0));
        let committed =
            std::fs::read_to_string(common::root().join("layouts/schema").join(file)).unwrap();
        assert_eq!(
            String::from_utf8(run.stdout).unwrap(),
            committed,
            "layouts/schema/{file} is stale: run `broadsheet schema --out layouts/schema`"
        );
    }
}

#[test]
fn every_property_of_every_schema_is_described() {
    for (kind, schema) in [
        ("spec", broadsheet::spec::schema::spec_schema()),
        ("template", broadsheet::spec::schema::template_schema()),
        ("edition", broadsheet::edition::schema()),
    ] {
        let missing = broadsheet::spec::schema::undescribed(&schema);
        assert!(missing.is_empty(), "{kind}: no description for {missing:?}");
        // The walk sees the nested tables: an area's keys, a style's.
        let text = schema.to_string();
        assert!(kind == "edition" || text.contains("First column (1-based)."));
    }
}

#[test]
fn the_spec_schema_requires_the_tables_of_a_spec_without_a_template_only() {
    let schema = broadsheet::spec::schema::spec_schema();
    assert_eq!(
        schema["else"]["required"],
        serde_json::json!(["page", "grid", "fonts", "styles"])
    );
    assert_eq!(schema["if"]["required"], serde_json::json!(["template"]));
    assert!(schema.get("required").is_none());
    // Unknown keys are refused at every level the loader refuses them.
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["definitions"]["RawGrid"]["additionalProperties"],
        false
    );
    assert!(
        broadsheet::spec::schema::template_schema()["properties"]
            .get("template")
            .is_none(),
        "a template names no template"
    );
}

#[test]
fn an_unknown_kind_is_a_usage_error() {
    let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["schema", "article"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("spec, template or edition"));
}
