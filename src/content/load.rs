//! Parsing article and furniture files.

use std::path::Path;

use super::clean::{Part, clean_at};
use super::{Article, Furniture, FurnitureFile};
use crate::error::{Error, Result};
use crate::input::{Kind, read};

/// Longest header value (a headline, caption or furniture entry), in characters: a
/// caption of a few hundred characters is long, a headline of a hundred absurd.
pub const MAX_HEADER_CHARS: usize = 2_000;

const ARTICLE_KEYS: &[&str] = &[
    "id",
    "kicker",
    "headline",
    "subhead",
    "lead",
    "photo",
    "caption",
    "credit",
    "jump_head",
];

/// Reads an article file (through [`crate::input`]).
pub fn load_article(path: &Path) -> Result<Article> {
    let input = read(path, Kind::Article)?;
    parse_article(path, input.text()?)
}

/// Splits a file at the end of its header (the first blank line): the header's text, the
/// body's text and the body's first line (1-based).
pub(super) fn split_header(text: &str) -> (&str, &str, usize) {
    let mut offset = 0;
    for (i, line) in text.split_inclusive('\n').enumerate() {
        if line.trim().is_empty() {
            return (&text[..offset], &text[offset..], i + 1);
        }
        offset += line.len();
    }
    (text, "", text.split_inclusive('\n').count() + 1)
}

/// Parses the text of an article file; `path` names it in messages and resolves its photo.
///
/// Control characters are normalized in the header and the body apart: a paragraph
/// separator inside a caption makes a space there, never a break that would move the
/// rest of the header into the body.
pub fn parse_article(path: &Path, text: &str) -> Result<Article> {
    let _scope = crate::timing::scope("parse");
    let (head_text, body_text, body_line) = split_header(text);
    let (head, mut cleaned) = clean_at(head_text, 1, Part::Header);
    let (body_text, body_cleaned) = clean_at(body_text, body_line, Part::Body);
    cleaned.extend(body_cleaned);
    let (header, _) = parse_header(path, &head, Some(ARTICLE_KEYS))?;
    let get = |k: &str| {
        header
            .iter()
            .find(|(key, _, _)| key == k)
            .map(|(_, v, _)| v.clone())
    };
    let heads = |k: &str| get(k).map(|v| split_head(&v)).unwrap_or_default();

    let id = get("id").ok_or_else(|| Error::Content {
        file: path.to_path_buf(),
        line: 1,
        message: "the header has no `id:` line".into(),
    })?;
    let paragraphs = paragraphs(&body_text);
    if paragraphs.is_empty() {
        return Err(Error::Content {
            file: path.to_path_buf(),
            line: body_line,
            message: "the article has no paragraphs after its header".into(),
        });
    }
    let folder = path.parent().unwrap_or(Path::new("."));
    Ok(Article {
        file: path.to_path_buf(),
        id,
        kicker: heads("kicker"),
        headline: heads("headline"),
        subhead: heads("subhead"),
        lead: get("lead"),
        photo: get("photo").map(|p| folder.join(p)),
        caption: get("caption"),
        credit: get("credit"),
        jump_head: get("jump_head").map(|h| h.replace(" / ", "")),
        paragraphs,
        cleaned,
        source: text.to_string(),
    })
}

/// Splits text into paragraphs at blank lines (spaces, tabs and `\r` count as blank) and
/// joins each paragraph's lines: directly between Chinese characters, with a space
/// between Western words (`New` / `York` stays two words).
pub fn paragraphs(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut current = String::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
            continue;
        }
        let western = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric());
        if western(current.chars().next_back()) && western(line.chars().next()) {
            current.push(' ');
        }
        current.push_str(line);
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// Reads a furniture file (through [`crate::input`]): `key: value` lines.
pub fn load_furniture(path: &Path) -> Result<Furniture> {
    let input = read(path, Kind::Furniture)?;
    parse_furniture(path, input.text()?).map(|f| f.entries)
}

/// Parses the text of a furniture file.
pub fn parse_furniture(path: &Path, text: &str) -> Result<FurnitureFile> {
    let _scope = crate::timing::scope("parse");
    let (source, cleaned) = clean_at(text, 1, Part::Header);
    let (header, _) = parse_header(path, &source, None)?;
    let mut file = FurnitureFile {
        path: path.to_path_buf(),
        cleaned,
        source: text.to_string(),
        ..FurnitureFile::default()
    };
    for (k, v, line) in header {
        file.lines.insert(k.clone(), line);
        file.entries.insert(k, v);
    }
    Ok(file)
}

/// A header line: key, value, 1-based line number.
type Entry = (String, String, usize);

/// Splits a head at its ` / ` line breaks.
fn split_head(value: &str) -> Vec<String> {
    value
        .split(" / ")
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

/// Parses `key: value` lines up to the first blank line; returns them and the index of the
/// first line after the header.
fn parse_header(path: &Path, source: &str, keys: Option<&[&str]>) -> Result<(Vec<Entry>, usize)> {
    let mut out: Vec<Entry> = Vec::new();
    let mut end = 0;
    for (i, line) in source.lines().enumerate() {
        end = i + 1;
        if line.trim().is_empty() {
            break;
        }
        if line.trim_start().starts_with('#') {
            continue;
        }
        let err = |message: String| Error::Content {
            file: path.to_path_buf(),
            line: i + 1,
            message,
        };
        let (key, value) = line.split_once(':').ok_or_else(|| {
            err(format!(
                "expected `key: value` in the header, found `{line}`"
            ))
        })?;
        let key = key.trim().to_string();
        if let Some(keys) = keys
            && !keys.contains(&key.as_str())
        {
            return Err(err(format!(
                "unknown header key `{key}`{}; expected one of {}",
                crate::suggest::did_you_mean(&key, keys.iter().copied()),
                keys.join(", ")
            )));
        }
        if out.iter().any(|(k, _, _)| *k == key) {
            return Err(err(format!("header key `{key}` appears twice")));
        }
        let chars = value.trim().chars().count();
        if chars > MAX_HEADER_CHARS {
            return Err(err(format!(
                "the value of `{key}` is {chars} characters; a header value may have at most {MAX_HEADER_CHARS}"
            )));
        }
        out.push((key, value.trim().to_string(), i + 1));
    }
    Ok((out, end))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The article `text` in a scratch folder (removed when the folder is dropped).
    fn write(name: &str, text: &str) -> (crate::scratch::Scratch, std::path::PathBuf) {
        let dir = crate::scratch::Scratch::new(&format!("content-{name}"));
        let path = dir.join("a.txt");
        std::fs::write(&path, text).unwrap();
        (dir, path)
    }

    #[test]
    fn header_and_paragraphs() {
        let (_dir, path) = write(
            "ok",
            "id: A9\nheadline: 第一行 / 第二行\nlead: 本报讯\n\n甲段。\n\n乙段,\n续行。\n",
        );
        let a = load_article(&path).unwrap();
        assert_eq!(a.id, "A9");
        assert_eq!(a.headline, vec!["第一行", "第二行"]);
        assert_eq!(a.lead.as_deref(), Some("本报讯"));
        assert_eq!(a.paragraphs, vec!["甲段。", "乙段,续行。"]);
    }

    #[test]
    fn a_byte_order_mark_is_not_part_of_the_first_key() {
        let (_dir, path) = write("bom", "\u{feff}id: A9\n\n正文\n");
        assert_eq!(load_article(&path).unwrap().id, "A9");
    }

    #[test]
    fn unknown_key_names_the_line() {
        let (_dir, path) = write("bad", "id: A9\nheadlin: x\n\n正文\n");
        let e = load_article(&path).unwrap_err().to_string();
        assert!(e.contains(":2:") && e.contains("headlin"), "{e}");
    }
}
