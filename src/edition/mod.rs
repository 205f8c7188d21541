//! An edition: the issue (paper, date, number, revision) and its pages in order, each a
//! page spec. `broadsheet render EDITION.toml` writes all of them into one PDF, fonts
//! subset once for the whole issue.
//!
//! This is the first part of editions: pages in one run. Threads that jump between pages,
//! page templates, running heads from the edition and mono pages are still to come.

use std::path::{Path, PathBuf};

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Result};
use crate::spec::IssueDate;

/// A validated edition file.
#[derive(Debug, Clone, PartialEq)]
pub struct EditionSpec {
    /// The edition file.
    pub path: PathBuf,
    /// The paper's name.
    pub paper: String,
    /// The edition's name (城市版), `{edition}` in the furniture and part of the title.
    pub name: Option<String>,
    /// The issue's date.
    pub date: IssueDate,
    /// The issue number (总第12308号), if given.
    pub number: Option<u32>,
    /// Revision for replates (0: the first plates).
    pub revision: u32,
    /// The pages, in order.
    pub pages: Vec<PageEntry>,
    /// The template of a page's plate file name (`--pages DIR`).
    pub files: String,
}

impl EditionSpec {
    /// A page's plate file name: the `files` template with `{label}`, `{date}` (YYYYMMDD)
    /// and `{revision}` filled.
    pub fn file_name(&self, page: &PageEntry) -> String {
        self.files
            .replace("{label}", &page.label)
            .replace(
                "{date}",
                &format!(
                    "{:04}{:02}{:02}",
                    self.date.year, self.date.month, self.date.day
                ),
            )
            .replace("{revision}", &self.revision.to_string())
    }
}

/// One page of an edition.
#[derive(Debug, Clone, PartialEq)]
pub struct PageEntry {
    /// The page label (版次: `1`, `A2` …), used verbatim.
    pub label: String,
    /// The page's name (要闻, 综合 …).
    pub name: String,
    /// The page spec.
    pub spec: PathBuf,
    /// The line of the edition file that lists it.
    pub line: usize,
    /// Printed in black alone (a mono page: no C, M or Y; photos in gray).
    pub mono: bool,
    /// Editor credits by furniture key: `editor` (责任编辑), `designer` (版式),
    /// `proofreader` (校对), for the page spec's text boxes to print.
    pub credits: Vec<(&'static str, String)>,
}

/// The editor credits a page entry may give, as furniture keys.
pub const CREDITS: [&str; 3] = ["editor", "designer", "proofreader"];

/// Longest credit, in characters (a few names).
const MAX_CREDIT_CHARS: usize = 40;

/// Most pages an edition may list.
pub const MAX_PAGES: usize = 256;

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawEdition {
    /// The issue: paper, date, number, revision.
    edition: RawIssue,
    /// The pages, in order.
    #[serde(default)]
    #[schemars(with = "Vec<RawPage>")]
    page: Vec<Spanned<RawPage>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawIssue {
    /// The paper's name (浙江工人日报).
    paper: String,
    /// The edition's name (城市版, 早版), if the paper prints more than one.
    name: Option<String>,
    /// The issue date, `YYYY-MM-DD`.
    #[schemars(with = "String")]
    date: Spanned<String>,
    /// The issue number (总第N期).
    number: Option<u32>,
    /// The plate revision (0 for the first).
    #[serde(default)]
    revision: u32,
    /// File names of per-page plates (`--pages DIR`): `{label}`, `{date}` (YYYYMMDD) and
    /// `{revision}` replaced (default `{label}.pdf`).
    #[schemars(with = "Option<String>")]
    files: Option<Spanned<String>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawPage {
    /// The page's label (`1`, `A2`), used by `--page` and jump lines.
    #[schemars(with = "String")]
    label: Spanned<String>,
    /// The page's name (要闻, 综合), for the furniture's `{page_name}`.
    #[serde(default)]
    name: String,
    /// The page's layout spec (beside this file).
    #[schemars(with = "String")]
    spec: Spanned<String>,
    /// `four-colour` (default) or `mono` (printed in black alone).
    #[schemars(with = "Option<Colour>")]
    color: Option<Spanned<String>>,
    /// Who made the page: editor, designer, proofreader.
    #[serde(default)]
    credits: RawCredits,
}

/// The inks a page is printed in (for the schema; read as text).
#[derive(JsonSchema)]
#[serde(rename_all = "kebab-case")]
#[allow(dead_code)]
enum Colour {
    /// Cyan, magenta, yellow and black.
    FourColour,
    /// Black alone: the page may carry no C, M or Y.
    Mono,
}

#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
struct RawCredits {
    /// The page's editor (责任编辑).
    #[schemars(with = "Option<String>")]
    editor: Option<Spanned<String>>,
    /// The page's designer (美术编辑).
    #[schemars(with = "Option<String>")]
    designer: Option<Spanned<String>>,
    /// The page's proofreader (校对).
    #[schemars(with = "Option<String>")]
    proofreader: Option<Spanned<String>>,
}

/// The JSON Schema of an edition file (`broadsheet schema edition`).
pub fn schema() -> serde_json::Value {
    let root = crate::spec::schema::generator().into_root_schema_for::<RawEdition>();
    let mut schema = serde_json::to_value(root).unwrap_or_default();
    schema["title"] = serde_json::json!("broadsheet edition");
    schema["description"] = serde_json::json!(
        "An issue of a paper and its pages in order, each a page spec, rendered into one PDF."
    );
    schema
}

/// The edition's schema as committed (what [`schema`] makes; a test holds the two
/// together), read once a process: faster than making it from the types.
fn committed_schema() -> &'static serde_json::Value {
    static SCHEMA: std::sync::OnceLock<serde_json::Value> = std::sync::OnceLock::new();
    SCHEMA.get_or_init(|| serde_json::from_str(COMMITTED_SCHEMA).unwrap_or_else(|_| schema()))
}

/// `layouts/schema/edition.schema.json`, what `broadsheet schema edition` writes.
const COMMITTED_SCHEMA: &str = include_str!("../../layouts/schema/edition.schema.json");

/// Whether a TOML text is an edition file (it has an `[edition]` table) rather than a
/// page spec.
pub fn is_edition(source: &str) -> bool {
    source
        .lines()
        .any(|l| l.trim_start().starts_with("[edition]"))
}

/// Validates an edition file; `path` names it in messages and resolves the page specs.
pub fn parse(path: &Path, source: &str) -> Result<EditionSpec> {
    let _scope = crate::timing::scope("parse");
    let line_of = |offset: usize| source[..offset.min(source.len())].matches('\n').count() + 1;
    let error = |offset: usize, field: &str, message: String| Error::Spec {
        file: path.to_path_buf(),
        line: Some(line_of(offset)),
        field: field.to_string(),
        message,
    };
    // Every mistake of its structure at once, before the first that serde meets.
    let diagnostics =
        crate::spec::validate::structure(path, source, committed_schema(), "the edition");
    if !diagnostics.is_empty() {
        return Err(Error::Invalid(diagnostics));
    }
    let raw: RawEdition = toml::from_str(source).map_err(|e| {
        let at = e.span().map_or(0, |s| s.start);
        error(at, "edition", e.message().trim_end().to_string())
    })?;
    let date = IssueDate::parse(raw.edition.date.get_ref()).ok_or_else(|| {
        error(
            raw.edition.date.span().start,
            "edition.date",
            format!(
                "`{}` is not a date; expected YYYY-MM-DD",
                raw.edition.date.get_ref()
            ),
        )
    })?;
    if raw.page.is_empty() {
        return Err(error(
            0,
            "page",
            "an edition needs at least one [[page]]".into(),
        ));
    }
    if raw.page.len() > MAX_PAGES {
        return Err(error(
            raw.page[MAX_PAGES].span().start,
            "page",
            format!(
                "{} pages; an edition may have at most {MAX_PAGES}",
                raw.page.len()
            ),
        ));
    }
    let mut pages: Vec<PageEntry> = Vec::with_capacity(raw.page.len());
    for (i, p) in raw.page.iter().enumerate() {
        let at = p.span().start;
        let page = p.get_ref();
        let label = page.label.get_ref().trim().to_string();
        let field = format!("page[{i}]");
        if label.is_empty() || label.chars().count() > 8 || label.contains(['/', '\\']) {
            return Err(error(
                page.label.span().start,
                &format!("{field}.label"),
                "a page label is 1–8 characters (1, 2, A1 …) without slashes".into(),
            ));
        }
        if let Some(other) = pages.iter().find(|o| o.label == label) {
            return Err(error(
                page.label.span().start,
                &format!("{field}.label"),
                format!("page `{label}` is listed twice (line {} too)", other.line),
            ));
        }
        let spec = page.spec.get_ref();
        if spec.trim().is_empty() {
            return Err(error(
                page.spec.span().start,
                &format!("{field}.spec"),
                "is empty; it must name a page spec".into(),
            ));
        }
        let mono = match page.color.as_ref().map(|c| c.get_ref().as_str()) {
            None | Some("four-colour") => false,
            Some("mono") => true,
            Some(other) => {
                return Err(error(
                    page.color.as_ref().map_or(at, |c| c.span().start),
                    &format!("{field}.color"),
                    format!("`{other}` is not a press colour; use `four-colour` or `mono`"),
                ));
            }
        };
        let mut credits = Vec::new();
        let raw_credits = &page.credits;
        for (key, value) in CREDITS.into_iter().zip([
            &raw_credits.editor,
            &raw_credits.designer,
            &raw_credits.proofreader,
        ]) {
            let Some(value) = value else { continue };
            let text = value.get_ref().trim();
            if text.is_empty()
                || text.chars().count() > MAX_CREDIT_CHARS
                || text.contains(['{', '}'])
            {
                return Err(error(
                    value.span().start,
                    &format!("{field}.credits.{key}"),
                    format!("a credit is 1–{MAX_CREDIT_CHARS} characters of names, without braces"),
                ));
            }
            credits.push((key, text.to_string()));
        }
        pages.push(PageEntry {
            credits,
            mono,
            label,
            name: page.name.clone(),
            spec: path.parent().unwrap_or(Path::new(".")).join(spec),
            line: line_of(at),
        });
    }
    let files = match &raw.edition.files {
        None => "{label}.pdf".to_string(),
        Some(f) => {
            let t = f.get_ref();
            let bad = !t.contains("{label}")
                || t.contains(['/', '\\'])
                || !t.ends_with(".pdf")
                || t.chars().count() > 100;
            if bad {
                return Err(error(
                    f.span().start,
                    "edition.files",
                    "a page file name template needs `{label}`, ends in `.pdf`, has no slashes and at most 100 characters".into(),
                ));
            }
            t.clone()
        }
    };
    Ok(EditionSpec {
        files,
        path: path.to_path_buf(),
        paper: raw.edition.paper,
        name: raw
            .edition
            .name
            .map(|n| n.trim().to_string())
            .filter(|n| !n.is_empty()),
        date,
        number: raw.edition.number,
        revision: raw.edition.revision,
        pages,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Editions are checked against the schema made from the types the parser reads.
    #[test]
    fn the_committed_schema_is_the_one_made_from_the_types() {
        let committed: serde_json::Value = serde_json::from_str(COMMITTED_SCHEMA).unwrap();
        assert_eq!(
            committed,
            schema(),
            "layouts/schema/edition.schema.json is stale: run `broadsheet schema --out layouts/schema`"
        );
    }

    #[test]
    fn an_edition_lists_its_pages_and_errors_name_the_line() {
        let text = "[edition]\npaper = \"浙江工人日报\"\ndate = \"2023-01-18\"\nnumber = 12308\n\n[[page]]\nlabel = \"1\"\nname = \"要闻\"\nspec = \"a.toml\"\n\n[[page]]\nlabel = \"2\"\nspec = \"b.toml\"\n";
        assert!(is_edition(text));
        let e = parse(Path::new("/x/e.toml"), text).unwrap();
        assert_eq!(e.pages.len(), 2);
        assert_eq!(e.pages[1].spec, Path::new("/x/b.toml"));
        assert_eq!(e.number, Some(12308));
        let twice = text.replace("label = \"2\"", "label = \"1\"");
        let err = parse(Path::new("e.toml"), &twice).unwrap_err().to_string();
        assert!(
            err.contains("listed twice") && err.contains("e.toml:12"),
            "{err}"
        );
        let bad_date = text.replace("2023-01-18", "2023-02-30");
        assert!(
            parse(Path::new("e.toml"), &bad_date)
                .unwrap_err()
                .to_string()
                .contains("not a date")
        );
        assert!(!is_edition("[page]\nname = \"x\"\n"));
        // Editor credits become furniture keys; a credit with braces is refused at its line.
        let credited = text.replace(
            "spec = \"b.toml\"",
            "spec = \"b.toml\"\ncredits = { editor = \"王小明\", proofreader = \"张敏\" }",
        );
        let e = parse(Path::new("e.toml"), &credited).unwrap();
        assert_eq!(
            e.pages[1].credits,
            [
                ("editor", "王小明".to_string()),
                ("proofreader", "张敏".to_string())
            ]
        );
        let braces = credited.replace("张敏", "{x}");
        let err = parse(Path::new("e.toml"), &braces).unwrap_err().to_string();
        assert!(
            err.contains("e.toml:14") && err.contains("credits.proofreader"),
            "{err}"
        );
    }
}
