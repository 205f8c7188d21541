//! The validation pass of a spec: every independent mistake of its structure and its
//! names in one run, as [`Diagnostic`]s, before the loader reads it.
//!
//! The structure is checked against the spec's own JSON Schema (the committed copy in
//! `layouts/schema`, which tests hold equal to what [`super::schema`] makes from the types
//! the loader reads; a change to those types is followed by `broadsheet schema --out
//! layouts/schema`): unknown keys, values of the wrong type, values not
//! among those allowed, missing keys. Names are checked across the file: a style no
//! `[styles]` entry defines, a face no `[fonts]` entry names; one diagnostic per unknown
//! name, with a label at every use. What the pass cannot see (areas off the grid,
//! overlaps, files that do not exist) the loader reports after it.

use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use serde_json::Value as Schema;
use toml_edit::{ImDocument, Item, TableLike, Value};

use crate::diagnostic::{Code, Diagnostic, Label};
use crate::suggest::nearest;

/// Where a line of the text being checked was written: the file and line (a spec merged
/// with its template).
pub(super) type Place<'a> = Option<&'a dyn Fn(usize) -> (PathBuf, usize)>;

/// `source`, the text of the spec at `path` (merged with its template, which `place` maps
/// back to), parsed, if it has no mistake of structure or names (the loader reads the
/// document, not the text again); else every mistake.
pub(super) fn check<'s>(
    path: &Path,
    source: &'s str,
    place: Place<'_>,
) -> Result<ImDocument<&'s str>, Vec<Diagnostic>> {
    match check_against(path, source, place, schema(), "the spec") {
        (Some(doc), found) if found.is_empty() => Ok(doc),
        (_, found) => Err(found),
    }
}

/// Every mistake of structure in `source`, the text of a file of another kind (`what`:
/// "the edition") whose schema is `root`; empty if none.
pub fn structure(path: &Path, source: &str, root: &Schema, what: &str) -> Vec<Diagnostic> {
    check_against(path, source, None, root, what).1
}

/// Checks against `root` (names too for a spec): the document, if it parses, and the
/// mistakes found.
fn check_against<'s>(
    path: &Path,
    source: &'s str,
    place: Place<'_>,
    root: &Schema,
    what: &str,
) -> (Option<ImDocument<&'s str>>, Vec<Diagnostic>) {
    let cx = Cx {
        path,
        source,
        place,
        root,
        // The merged spec names no template: it must be whole.
        top_required: root.get("else").and_then(|e| e.get("required")),
        what,
    };
    let doc = match ImDocument::parse(source) {
        Ok(doc) => doc,
        Err(e) => {
            let span = e.span().unwrap_or(0..0);
            let message = e
                .message()
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty())
                .collect::<Vec<_>>()
                .join("; ");
            let message = match message.is_empty() {
                true => "not valid TOML".to_string(),
                false => format!("not valid TOML: {message}"),
            };
            let found = Diagnostic::new(Code::Syntax, message, cx.label(span, ""));
            return (None, vec![found]);
        }
    };
    let mut out = Vec::new();
    let table = doc.as_table();
    cx.table(table, None, root, "", &mut out);
    if what == "the spec" {
        cx.names(table, &mut out);
    }
    // In the order of the file, as an editor lists them.
    out.sort_by_key(|d| d.labels.first().map(|l| (l.file.clone(), l.line, l.column)));
    (Some(doc), out)
}

/// The spec's schema as committed: what `broadsheet schema spec` writes from the types the
/// loader reads (a test holds the two together). Read once a process, in a tenth of the
/// time making it from the types takes (about a millisecond, on the path of every render).
const COMMITTED: &str = include_str!("../../layouts/schema/spec.schema.json");

/// The spec's schema, read once a process.
static SCHEMA: OnceLock<Schema> = OnceLock::new();

fn schema() -> &'static Schema {
    SCHEMA.get_or_init(|| {
        serde_json::from_str(COMMITTED).unwrap_or_else(|_| super::schema::spec_schema())
    })
}

struct Cx<'a> {
    path: &'a Path,
    source: &'a str,
    place: Place<'a>,
    root: &'a Schema,
    /// The keys the file's top level must have, where they are not the root's own
    /// (`else.required`: a spec that names no template).
    top_required: Option<&'a Schema>,
    /// The file as messages name it (`the spec`).
    what: &'a str,
}

impl Cx<'_> {
    fn label(&self, span: Range<usize>, message: &str) -> Label {
        Label::at(self.path, self.source, span, self.place, message)
    }

    /// A `$ref` (or an `allOf` of one, as a described reference is written) followed to
    /// its definition.
    fn resolve<'s>(&'s self, schema: &'s Schema) -> &'s Schema {
        if let Some(r) = schema.get("$ref").and_then(Schema::as_str) {
            return r
                .strip_prefix("#/definitions/")
                .and_then(|name| self.root["definitions"].get(name))
                .map_or(schema, |d| self.resolve(d));
        }
        match schema
            .get("allOf")
            .and_then(Schema::as_array)
            .map(Vec::as_slice)
        {
            Some([one]) => self.resolve(one),
            _ => schema,
        }
    }

    /// A table (`[grid]`, an inline `{ … }`, an element of `[[article]]`) against an
    /// object schema.
    fn table(
        &self,
        table: &dyn TableLike,
        span: Option<Range<usize>>,
        schema: &Schema,
        at: &str,
        out: &mut Vec<Diagnostic>,
    ) {
        let schema = self.resolve(schema);
        let props = schema.get("properties").and_then(Schema::as_object);
        let extra = schema.get("additionalProperties");
        let name = if at.is_empty() {
            self.what.to_string()
        } else {
            format!("`{at}`")
        };
        for (key, item) in table.iter() {
            let path = if at.is_empty() {
                key.to_string()
            } else {
                format!("{at}.{key}")
            };
            let key_span = table
                .get_key_value(key)
                .and_then(|(k, _)| k.span())
                .or_else(|| item.span())
                .unwrap_or(0..0);
            match (props.and_then(|p| p.get(key)), extra) {
                (Some(sub), _) => self.item(item, sub, &path, out),
                (None, Some(sub)) if sub.is_object() => self.item(item, sub, &path, out),
                // Only a table that refuses unknown keys (as the loader does) is closed.
                (None, Some(Schema::Bool(false))) => {
                    let known: Vec<&str> = props
                        .map(|p| p.keys().map(String::as_str).collect())
                        .unwrap_or_default();
                    let mut d = Diagnostic::new(
                        Code::UnknownKey,
                        format!("{name} has no key `{key}`"),
                        self.label(key_span, "unknown key"),
                    );
                    d.help = Some(match nearest(key, known.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`?"),
                        None => format!("the keys of {name} are {}", list(&known)),
                    });
                    out.push(d);
                }
                _ => {}
            }
        }
        let required = match at.is_empty() {
            true => self.top_required.or_else(|| schema.get("required")),
            false => schema.get("required"),
        };
        for key in required
            .and_then(Schema::as_array)
            .into_iter()
            .flatten()
            .filter_map(Schema::as_str)
        {
            if !table.contains_key(key) {
                let span = span.clone().unwrap_or(0..0);
                let what = if at.is_empty() {
                    format!("{} has no `[{key}]`", self.what)
                } else {
                    format!("{name} has no `{key}`")
                };
                let mut d = Diagnostic::new(Code::MissingKey, what, self.label(span, ""));
                if let Some(desc) = props
                    .and_then(|p| p.get(key))
                    .map(|s| self.resolve(s))
                    .and_then(|s| s.get("description"))
                    .and_then(Schema::as_str)
                {
                    d.help = Some(format!("`{key}`: {}", desc.replace('\n', " ")));
                }
                out.push(d);
            }
        }
    }

    fn item(&self, item: &Item, schema: &Schema, at: &str, out: &mut Vec<Diagnostic>) {
        match item {
            Item::None => {}
            Item::Value(v) => self.value(v, schema, at, out),
            Item::Table(t) => {
                self.check_kind(Kind::Table, None, t.span(), schema, at, out, &|s, out| {
                    self.table(t, t.span(), s, at, out)
                })
            }
            Item::ArrayOfTables(a) => {
                self.check_kind(Kind::Array, None, a.span(), schema, at, out, &|s, out| {
                    let items = s.get("items").cloned().unwrap_or(Schema::Bool(true));
                    for (i, t) in a.iter().enumerate() {
                        self.table(t, t.span(), &items, &format!("{at}[{i}]"), out);
                    }
                })
            }
        }
    }

    fn value(&self, v: &Value, schema: &Schema, at: &str, out: &mut Vec<Diagnostic>) {
        let kind = Kind::of(v);
        self.check_kind(
            kind,
            v.as_str(),
            v.span(),
            schema,
            at,
            out,
            &|s, out| match v {
                Value::InlineTable(t) => self.table(t, t.span(), s, at, out),
                Value::Array(a) => {
                    let n = a.len() as u64;
                    let min = s.get("minItems").and_then(Schema::as_u64);
                    let max = s.get("maxItems").and_then(Schema::as_u64);
                    if min.is_some_and(|m| n < m) || max.is_some_and(|m| n > m) {
                        let want = match (min, max) {
                            (Some(a), Some(b)) if a == b => format!("{a} values"),
                            (Some(a), _) => format!("at least {a} values"),
                            (_, Some(b)) => format!("at most {b} values"),
                            _ => unreachable!(),
                        };
                        out.push(
                            Diagnostic::new(
                                Code::WrongType,
                                format!("`{at}` has {n} values, expected {want}"),
                                self.label(v.span().unwrap_or(0..0), ""),
                            )
                            .help(describe(self.resolve(schema))),
                        );
                    }
                    let items = s.get("items").cloned().unwrap_or(Schema::Bool(true));
                    for (i, e) in a.iter().enumerate() {
                        self.value(e, &items, &format!("{at}[{i}]"), out);
                    }
                }
                Value::Integer(i) => {
                    if let Some(min) = s.get("minimum").and_then(Schema::as_i64)
                        && *i.value() < min
                    {
                        out.push(Diagnostic::new(
                            Code::WrongType,
                            format!(
                                "`{at}` is {}, expected a whole number of {min} or more",
                                i.value()
                            ),
                            self.label(v.span().unwrap_or(0..0), ""),
                        ));
                    }
                }
                _ => {}
            },
        );
    }

    /// Checks that a value of `kind` is allowed by `schema` (a type, enumerated strings,
    /// or one of several alternatives), then runs `inner` with the schema that fits.
    #[allow(clippy::too_many_arguments)]
    fn check_kind(
        &self,
        kind: Kind,
        text: Option<&str>,
        span: Option<Range<usize>>,
        schema: &Schema,
        at: &str,
        out: &mut Vec<Diagnostic>,
        inner: &dyn Fn(&Schema, &mut Vec<Diagnostic>),
    ) {
        let schema = self.resolve(schema);
        // Enumerated strings (`punct = "quanjiao"`).
        if let Some(consts) = consts(self, schema) {
            match text {
                Some(t) if consts.contains(&t) => inner(schema, out),
                Some(t) => {
                    let mut d = Diagnostic::new(
                        Code::UnknownValue,
                        format!("`{at}` cannot be `{t}`"),
                        self.label(span.unwrap_or(0..0), ""),
                    );
                    d.help = Some(match nearest(t, consts.iter().copied()) {
                        Some(n) => format!("did you mean `{n}`? (one of {})", list(&consts)),
                        None => format!("one of {}", list(&consts)),
                    });
                    out.push(d);
                }
                None => out.push(wrong_type(
                    self,
                    span,
                    at,
                    kind,
                    &format!("one of {}", list(&consts)),
                )),
            }
            return;
        }
        let alternatives = self.alternatives(schema);
        if !alternatives.is_empty() {
            let fitting: Vec<&Schema> = alternatives
                .iter()
                .copied()
                .filter(|s| {
                    types(s).iter().any(|t| kind.is(t))
                        || consts(self, s).is_some() && kind == Kind::String
                })
                .collect();
            match fitting.as_slice() {
                [] => {
                    let wanted: Vec<String> = alternatives
                        .iter()
                        .filter(|s| types(s) != ["null"])
                        .map(|s| describe(s))
                        .collect();
                    out.push(wrong_type(self, span, at, kind, &wanted.join(", or ")));
                }
                [one] => self.check_kind(kind, text, span, one, at, out, inner),
                // Several fit by type (`{ gray = 40 }` and `{ spot = … }` are both tables):
                // the one the value fits best, whose mistakes are then the value's.
                many => {
                    let tried: Vec<Vec<Diagnostic>> = many
                        .iter()
                        .map(|s| {
                            let mut scratch = Vec::new();
                            inner(s, &mut scratch);
                            scratch
                        })
                        .collect();
                    if let Some(best) = tried.into_iter().min_by_key(Vec::len) {
                        out.extend(best);
                    }
                }
            }
            return;
        }
        let allowed = types(schema);
        if allowed.is_empty() || allowed.iter().any(|t| kind.is(t)) {
            inner(schema, out);
        } else {
            out.push(wrong_type(self, span, at, kind, &describe(schema)));
        }
    }

    /// The branches of an `anyOf` or `oneOf`, references followed and nested alternatives
    /// spread (an optional colour is a colour's three forms or nothing).
    fn alternatives<'s>(&'s self, schema: &'s Schema) -> Vec<&'s Schema> {
        let Some(branches) = schema
            .get("anyOf")
            .or_else(|| schema.get("oneOf"))
            .and_then(Schema::as_array)
        else {
            return Vec::new();
        };
        let mut out = Vec::new();
        for b in branches {
            let b = self.resolve(b);
            match self.alternatives(b) {
                inner if inner.is_empty() || consts(self, b).is_some() => out.push(b),
                inner => out.extend(inner),
            }
        }
        out
    }

    /// Styles and faces used but not defined: one diagnostic per name, a label at each use.
    fn names(&self, root: &toml_edit::Table, out: &mut Vec<Diagnostic>) {
        let keys = |name: &str| -> Vec<String> {
            root.get(name)
                .and_then(Item::as_table_like)
                .map(|t| t.iter().map(|(k, _)| k.to_string()).collect())
                .unwrap_or_default()
        };
        let (styles, fonts) = (keys("styles"), keys("fonts"));
        let mut style_uses: Vec<(String, Range<usize>, String)> = Vec::new();
        let mut font_uses: Vec<(String, Range<usize>, String)> = Vec::new();
        let string = |item: Option<&Item>| -> Option<(String, Range<usize>)> {
            let v = item?.as_value()?;
            Some((v.as_str()?.to_string(), v.span().unwrap_or(0..0)))
        };
        if let Some(t) = root.get("styles").and_then(Item::as_table_like) {
            for (name, style) in t.iter() {
                let Some(style) = style.as_table_like() else {
                    continue;
                };
                if let Some((f, span)) = string(style.get("font")) {
                    font_uses.push((f, span, format!("the face of style `{name}`")));
                }
                if let Some(list) = style.get("fallback").and_then(Item::as_array) {
                    for v in list.iter() {
                        if let Some(f) = v.as_str() {
                            font_uses.push((
                                f.to_string(),
                                v.span().unwrap_or(0..0),
                                format!("a fallback of style `{name}`"),
                            ));
                        }
                    }
                }
            }
        }
        let elements = |name: &str| -> Vec<&toml_edit::Table> {
            root.get(name)
                .and_then(Item::as_array_of_tables)
                .map(|a| a.iter().collect())
                .unwrap_or_default()
        };
        for (i, t) in elements("text").into_iter().enumerate() {
            if let Some((s, span)) = string(t.get("style")) {
                style_uses.push((s, span, format!("the style of text box {}", i + 1)));
            }
        }
        // An article's head styles are read only where it has a head.
        for t in elements("article")
            .into_iter()
            .filter(|t| t.contains_key("head"))
        {
            let id = t
                .get("id")
                .and_then(Item::as_str)
                .unwrap_or("?")
                .to_string();
            if let Some(heads) = t.get("styles").and_then(Item::as_table_like) {
                for (role, v) in heads.iter() {
                    if let Some((s, span)) = string(Some(v)) {
                        style_uses.push((s, span, format!("the {role} of article {id}")));
                    }
                }
            }
        }
        for (uses, defined, code, what, table) in [
            (style_uses, &styles, Code::UnknownStyle, "style", "[styles]"),
            (font_uses, &fonts, Code::UnknownFont, "face", "[fonts]"),
        ] {
            let mut names: Vec<&String> = uses
                .iter()
                .map(|(n, ..)| n)
                .filter(|n| !defined.contains(n))
                .collect();
            names.sort();
            names.dedup();
            for name in names {
                let labels: Vec<Label> = uses
                    .iter()
                    .filter(|(n, ..)| n == name)
                    .map(|(_, span, use_)| self.label(span.clone(), use_))
                    .collect();
                let count = labels.len();
                let help = match nearest(name, defined.iter().map(String::as_str)) {
                    Some(n) => format!("did you mean `{n}`?"),
                    None => format!("{table} defines {}", list(defined)),
                };
                out.push(Diagnostic {
                    code,
                    message: match count {
                        1 => format!("no {what} named `{name}` in {table}"),
                        n => format!("no {what} named `{name}` in {table} (used {n} times)"),
                    },
                    labels,
                    help: Some(help),
                });
            }
        }
    }
}

/// The kinds of TOML value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    String,
    Integer,
    Float,
    Boolean,
    Datetime,
    Array,
    Table,
}

impl Kind {
    fn of(v: &Value) -> Kind {
        match v {
            Value::String(_) => Kind::String,
            Value::Integer(_) => Kind::Integer,
            Value::Float(_) => Kind::Float,
            Value::Boolean(_) => Kind::Boolean,
            Value::Datetime(_) => Kind::Datetime,
            Value::Array(_) => Kind::Array,
            Value::InlineTable(_) => Kind::Table,
        }
    }

    /// Whether a value of this kind is of JSON Schema type `t`.
    fn is(self, t: &str) -> bool {
        matches!(
            (self, t),
            (Kind::String, "string")
                | (Kind::Integer, "integer" | "number")
                | (Kind::Float, "number")
                | (Kind::Boolean, "boolean")
                | (Kind::Array, "array")
                | (Kind::Table, "object")
        )
    }

    fn name(self) -> &'static str {
        match self {
            Kind::String => "text",
            Kind::Integer => "a whole number",
            Kind::Float => "a number with a fraction",
            Kind::Boolean => "true or false",
            Kind::Datetime => "a date",
            Kind::Array => "an array",
            Kind::Table => "a table",
        }
    }
}

/// The JSON Schema types a schema allows (none: any).
fn types(schema: &Schema) -> Vec<&str> {
    match schema.get("type") {
        Some(Schema::String(t)) => vec![t.as_str()],
        Some(Schema::Array(a)) => a.iter().filter_map(Schema::as_str).collect(),
        _ => Vec::new(),
    }
}

/// The strings of an enumeration (`oneOf` of `const`s), if the schema is one.
fn consts<'s>(cx: &'s Cx<'_>, schema: &'s Schema) -> Option<Vec<&'s str>> {
    let branches = schema
        .get("oneOf")
        .or_else(|| schema.get("enum"))?
        .as_array()?;
    let values: Vec<&str> = branches
        .iter()
        .filter_map(|b| {
            let b = cx.resolve(b);
            b.get("const")
                .and_then(Schema::as_str)
                .or_else(|| b.as_str())
        })
        .collect();
    (values.len() == branches.len()).then_some(values)
}

/// What a schema asks for, in words.
fn describe(schema: &Schema) -> String {
    let t = types(schema);
    let t: Vec<&str> = t.into_iter().filter(|t| *t != "null").collect();
    match t.as_slice() {
        ["string"] => "text".into(),
        ["integer"] => "a whole number".into(),
        ["number"] => "a number".into(),
        ["boolean"] => "true or false".into(),
        ["array"] => match schema.get("items").map(types).as_deref() {
            Some(["number"]) => "an array of numbers".into(),
            Some(["string"]) => "an array of text".into(),
            _ => "an array".into(),
        },
        ["object"] => "a table".into(),
        _ => schema
            .get("description")
            .and_then(Schema::as_str)
            .map_or("another value".into(), |d| d.replace('\n', " ")),
    }
}

fn wrong_type(
    cx: &Cx<'_>,
    span: Option<Range<usize>>,
    at: &str,
    kind: Kind,
    wanted: &str,
) -> Diagnostic {
    Diagnostic::new(
        Code::WrongType,
        format!("`{at}` is {}, expected {wanted}", kind.name()),
        cx.label(span.unwrap_or(0..0), ""),
    )
}

/// `a`, `b` and `c`.
fn list(names: &[impl AsRef<str>]) -> String {
    let quoted: Vec<String> = names.iter().map(|n| format!("`{}`", n.as_ref())).collect();
    match quoted.as_slice() {
        [] => "nothing".into(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    /// Specs are checked against the schema made from the types the loader reads.
    #[test]
    fn the_committed_schema_is_the_one_made_from_the_types() {
        let committed: super::Schema = serde_json::from_str(super::COMMITTED).unwrap();
        assert_eq!(
            committed,
            crate::spec::schema::spec_schema(),
            "layouts/schema/spec.schema.json is stale: run `broadsheet schema --out layouts/schema`"
        );
    }
}
