//! Page templates: a page spec may name a template (`template = "news.toml"`) that holds
//! what its pages share (trim, grid, fonts, styles, running head, footer). The two are
//! merged before the spec is read: tables key by key (the page's value wins), `[[text]]`,
//! `[[rule]]`, `[[qr]]` and `[[artwork]]` elements the template's and then the page's, and
//! a page removes a template element only by its id (`remove = ["footer"]`).
//!
//! The merge copies each key's text verbatim from the file it is written in and keeps a
//! map of where every line came from, so an error in a merged spec still names the file
//! and line the designer wrote, and a file a template names is found beside the template.

use std::ops::Range;
use std::path::{Path, PathBuf};

use toml_edit::{ImDocument, Item, TableLike};

use crate::error::{Error, Result};

/// Where the lines of a spec's text came from: one file, or a page spec merged with its
/// template.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Origins {
    /// The files, the page spec first.
    files: Vec<PathBuf>,
    /// (first merged line, file index, its line in that file), by merged line.
    segments: Vec<(usize, usize, usize)>,
}

impl Origins {
    /// The file and line where line `line` of the spec's text was written; a spec of one
    /// file is `path` itself.
    pub fn place(&self, path: &Path, line: usize) -> (PathBuf, usize) {
        let at = self.segments.partition_point(|(start, ..)| *start <= line);
        match at.checked_sub(1).map(|i| self.segments[i]) {
            Some((start, file, from)) => (self.files[file].clone(), from + (line - start)),
            None => (path.to_path_buf(), line),
        }
    }
}

/// A spec's text, merged with its template if it names one.
pub(super) struct Expanded {
    pub text: String,
    pub origins: Origins,
}

/// Kinds of elements a page adds to its template's, in the order they are written.
const ELEMENTS: [&str; 6] = ["text", "rule", "qr", "artwork", "article", "continuation"];

/// Kinds a page may remove from its template by id.
const REMOVABLE: [&str; 4] = ["text", "rule", "qr", "artwork"];

/// Merges a page spec with the template it names; `read` reads the template's text. A
/// spec that names none is returned as it is.
pub(super) fn expand(
    path: &Path,
    source: &str,
    read: &mut dyn FnMut(&Path) -> Result<String>,
) -> Result<Option<Expanded>> {
    // Cheap test first: most specs name no template.
    if !source
        .lines()
        .any(|l| l.trim_start().starts_with("template"))
    {
        return Ok(None);
    }
    let page = parse(path, source)?;
    let Some(item) = page.get("template") else {
        return Ok(None);
    };
    let spot = |item: &Item| line(source, item.span().map_or(0, |s| s.start));
    let error = |line: usize, field: &str, message: String| Error::Spec {
        file: path.to_path_buf(),
        line: Some(line),
        field: field.into(),
        message,
    };
    let Some(name) = item.as_str().filter(|n| !n.trim().is_empty()) else {
        return Err(error(
            spot(item),
            "template",
            "must name a template file".into(),
        ));
    };
    let template_path = path.parent().unwrap_or(Path::new(".")).join(name);
    let template_source =
        read(&template_path).map_err(|e| error(spot(item), "template", e.to_string()))?;
    let template = parse(&template_path, &template_source)?;
    if let Some(t) = template.get("template") {
        return Err(Error::Spec {
            file: template_path.clone(),
            line: Some(spot_in(&template_source, t)),
            field: "template".into(),
            message: "a template cannot name a template of its own".into(),
        });
    }

    if let Some(r) = template.get("remove") {
        return Err(Error::Spec {
            file: template_path.clone(),
            line: Some(spot_in(&template_source, r)),
            field: "remove".into(),
            message: "a template removes nothing; `remove` belongs in the page spec".into(),
        });
    }

    // The ids the page removes, each of which some template element must have.
    let mut removed: Vec<(String, usize, bool)> = Vec::new();
    if let Some(item) = page.get("remove") {
        let not_a_list = || {
            error(
                spot(item),
                "remove",
                "is a list of template element ids".into(),
            )
        };
        let ids = item.as_array().ok_or_else(not_a_list)?;
        for v in ids.iter() {
            let id = v.as_str().ok_or_else(not_a_list)?;
            let at = line(source, v.span().map_or(0, |s| s.start));
            removed.push((id.to_string(), at, false));
        }
    }

    let page_path = path.to_path_buf();
    let page_source = source.to_string();
    let files = [
        (&template_path, &template_source, &template),
        (&page_path, &page_source, &page),
    ];
    // Every top-level key of either file, in the order first written, by kind: values
    // (`furniture`), tables (inline or not) and lists of elements.
    let mut keys: Vec<(&str, Kind)> = Vec::new();
    for (file, (fpath, src, doc)) in files.iter().enumerate() {
        for (key, item) in doc.iter() {
            if matches!(key, "template" | "remove") {
                continue;
            }
            let kind = Kind::of(item);
            match keys.iter().find(|(k, _)| *k == key) {
                Some((_, other)) if *other != kind => {
                    return Err(Error::Spec {
                        file: (*fpath).clone(),
                        line: Some(spot_in(src, item)),
                        field: key.into(),
                        message: format!(
                            "is {} here but {} in {}; write it the same way in both",
                            kind.name(),
                            other.name(),
                            files[1 - file].0.display()
                        ),
                    });
                }
                Some(_) => {}
                None => keys.push((key, kind)),
            }
        }
    }
    // Elements go after every table, the known kinds in their order, then any other.
    keys.sort_by_key(|(key, kind)| match kind {
        Kind::Value => (0, 0),
        Kind::Table => (1, 0),
        Kind::Elements => (
            2,
            ELEMENTS
                .iter()
                .position(|k| k == key)
                .unwrap_or(ELEMENTS.len()),
        ),
    });

    let mut out = Merged::default();
    // Top-level values: the page's wins.
    for (key, _) in keys.iter().filter(|(_, k)| *k == Kind::Value) {
        let file = if page.contains_key(key) { 1 } else { 0 };
        let (fpath, src, doc) = files[file];
        out.key_value(file, fpath, src, doc.as_table(), key)?;
    }
    // Tables key by key, the page's value winning.
    for (name, _) in keys.iter().filter(|(_, k)| *k == Kind::Table) {
        // The header is the page's if it has the table, else the template's.
        let header = files
            .iter()
            .enumerate()
            .rev()
            .find_map(|(file, (_, src, doc))| Some((file, spot_in(src, doc.get(name)?))));
        out.line(&format!("[{}]", bare_or_quoted(name)), header);
        let page_table = page.get(name).and_then(Item::as_table_like);
        for (file, (fpath, src, doc)) in files.iter().enumerate() {
            let Some(table) = doc.get(name).and_then(Item::as_table_like) else {
                continue;
            };
            for (key, _) in table.iter() {
                if file == 0 && page_table.is_some_and(|t| t.contains_key(key)) {
                    continue;
                }
                out.key_value(file, fpath, src, table, key)?;
            }
        }
    }
    // Elements: the template's (less those removed), then the page's; ids unique.
    let mut ids: Vec<(String, &str, usize, usize)> = Vec::new();
    for (kind, _) in keys.iter().filter(|(_, k)| *k == Kind::Elements) {
        let kind: &str = kind;
        for (file, (fpath, src, doc)) in files.iter().enumerate() {
            let Some(list) = doc.get(kind).and_then(Item::as_array_of_tables) else {
                continue;
            };
            for table in list.iter() {
                let at = line(src, table.span().map_or(0, |s| s.start));
                let id = table.get("id").and_then(Item::as_str).map(str::to_string);
                if let Some(id) = &id {
                    if file == 0
                        && let Some(r) = removed.iter_mut().find(|r| r.0 == *id)
                    {
                        if !REMOVABLE.contains(&kind) {
                            return Err(error(
                                r.1,
                                "remove",
                                format!(
                                    "`{id}` is a template's [[{kind}]]; a page removes only text, rule, qr and artwork elements"
                                ),
                            ));
                        }
                        r.2 = true;
                        continue;
                    }
                    if let Some((_, other_kind, other_file, other_line)) =
                        ids.iter().find(|(i, ..)| i == id)
                    {
                        return Err(Error::Spec {
                            file: (*fpath).clone(),
                            line: Some(at),
                            field: format!("{kind}.id"),
                            message: format!(
                                "id `{id}` is taken by a [[{other_kind}]] at {}:{other_line}; a page replaces a template element by removing it (remove = [\"{id}\"]) and adding its own",
                                files[*other_file].0.display()
                            ),
                        });
                    }
                    ids.push((id.clone(), kind, file, at));
                }
                out.line(&format!("[[{}]]", bare_or_quoted(kind)), Some((file, at)));
                for (key, _) in table.iter() {
                    out.key_value(file, fpath, src, table, key)?;
                }
            }
        }
    }
    if let Some((id, at, _)) = removed.iter().find(|r| !r.2) {
        return Err(error(
            *at,
            "remove",
            format!(
                "no text, rule, qr or artwork element of {} has the id `{id}`",
                template_path.display()
            ),
        ));
    }
    Ok(Some(Expanded {
        text: out.text,
        origins: Origins {
            files: vec![template_path, path.to_path_buf()],
            segments: out.segments,
        },
    }))
}

/// How a top-level key is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// `furniture = "…"`.
    Value,
    /// `[page]` or `page = { … }`: merged key by key.
    Table,
    /// `[[text]]`: the template's, then the page's.
    Elements,
}

impl Kind {
    fn of(item: &Item) -> Self {
        if item.is_array_of_tables() {
            Self::Elements
        } else if item.as_table_like().is_some() {
            Self::Table
        } else {
            Self::Value
        }
    }

    fn name(self) -> &'static str {
        match self {
            Self::Value => "a value",
            Self::Table => "a table",
            Self::Elements => "a list of [[…]] elements",
        }
    }
}

/// A key as TOML writes it: bare if it can be, else quoted.
fn bare_or_quoted(key: &str) -> String {
    let bare = !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    if bare {
        key.to_string()
    } else {
        let escaped: String = key
            .chars()
            .flat_map(|c| match c {
                '"' => vec!['\\', '"'],
                '\\' => vec!['\\', '\\'],
                c if c.is_control() => format!("\\u{:04X}", c as u32).chars().collect(),
                c => vec![c],
            })
            .collect();
        format!("\"{escaped}\"")
    }
}

/// The merged text being written, with the origin of its lines.
#[derive(Default)]
struct Merged {
    text: String,
    line: usize,
    segments: Vec<(usize, usize, usize)>,
}

impl Merged {
    /// A line the merge writes (a table header), placed at `origin` if known.
    fn line(&mut self, text: &str, origin: Option<(usize, usize)>) {
        self.line += 1;
        if let Some((file, at)) = origin {
            self.segments.push((self.line, file, at));
        }
        self.text.push_str(text);
        self.text.push('\n');
    }

    /// Copies `key = value` of `table` verbatim from `source` (file `file` of the merge).
    fn key_value(
        &mut self,
        file: usize,
        path: &Path,
        source: &str,
        table: &dyn TableLike,
        key: &str,
    ) -> Result<()> {
        let (k, item) = table.get_key_value(key).expect("a key of the table");
        let span: Option<Range<usize>> = match (k.span(), item.span()) {
            (Some(k), Some(v)) if item.is_value() => Some(k.start..v.end),
            _ => None,
        };
        let Some(span) = span else {
            return Err(Error::Spec {
                file: path.to_path_buf(),
                line: Some(line(source, k.span().map_or(0, |s| s.start))),
                field: key.into(),
                message: "a spec with a template writes each key as `key = value` (no dotted keys or sub-tables)".into(),
            });
        };
        let text = &source[span.clone()];
        self.segments
            .push((self.line + 1, file, line(source, span.start)));
        self.line += text.matches('\n').count() + 1;
        self.text.push_str(text);
        self.text.push('\n');
        Ok(())
    }
}

/// Parses a spec or template file for merging; a TOML error names its line.
fn parse(path: &Path, source: &str) -> Result<ImDocument<String>> {
    ImDocument::parse(source.to_string()).map_err(|e| Error::Spec {
        file: path.to_path_buf(),
        line: Some(line(source, e.span().map_or(0, |s| s.start))),
        field: "(file)".into(),
        message: e.message().trim_end().to_string(),
    })
}

/// The line of a byte offset.
fn line(source: &str, offset: usize) -> usize {
    source[..offset.min(source.len())].matches('\n').count() + 1
}

fn spot_in(source: &str, item: &Item) -> usize {
    line(source, item.span().map_or(0, |s| s.start))
}
