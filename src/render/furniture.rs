//! Page furniture from the issue: the masthead's dates from the issue date and the
//! edition's data (paper, page, issue number) written into the furniture, and where a
//! missing glyph's character was written.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result, Warning, Warnings};
use crate::{compose, content, spec};

/// Gives each missing glyph the file, line and column where its character was written:
/// in its article's file, or (furniture) the furniture file, else the spec's text boxes.
/// Each file is scanned once, whatever the number of missing characters.
pub(super) fn locate_missing_glyphs(
    spec_sources: &[(PathBuf, String)],
    content: &compose::PageContent,
    furniture: &content::FurnitureFile,
    warnings: &mut Warnings,
) {
    use std::collections::BTreeSet;
    let mut wanted: BTreeMap<&str, BTreeSet<char>> = BTreeMap::new();
    for w in warnings.iter() {
        if let Warning::MissingGlyph { ch, owner, .. } = w {
            wanted.entry(owner.as_str()).or_default().insert(*ch);
        }
    }
    let mut found: BTreeMap<String, BTreeMap<char, (PathBuf, usize, usize)>> = BTreeMap::new();
    for (owner, chars) in &wanted {
        let at = |file: &Path, text: &str| {
            content::locate_all(text, chars)
                .into_iter()
                .map(|(c, (l, col))| (c, (file.to_path_buf(), l, col)))
                .collect::<BTreeMap<_, _>>()
        };
        let mut places = match content.articles.iter().find(|a| a.id == *owner) {
            Some(a) => at(&a.file, &a.source),
            None => at(&furniture.path, &furniture.source),
        };
        if places.len() < chars.len() {
            // The spec's text boxes: the page spec's, then its template's.
            for (file, text) in spec_sources {
                for (c, place) in at(file, text) {
                    places.entry(c).or_insert(place);
                }
            }
        }
        found.insert(owner.to_string(), places);
    }
    warnings.update(|w| {
        if let Warning::MissingGlyph {
            ch, owner, place, ..
        } = w
            && place.is_none()
        {
            *place = found.get(owner.as_str()).and_then(|p| p.get(ch)).cloned();
        }
    });
}

/// Adds the masthead's dates, which follow from the issue date, to the furniture; a
/// furniture file that prints a different date is refused rather than printed.
pub(super) fn dated_furniture(
    date: spec::IssueDate,
    furniture: &mut content::FurnitureFile,
) -> Result<()> {
    let lunar = date.lunar().ok_or_else(|| Error::Content {
        file: furniture.path.clone(),
        line: 1,
        message: format!("no lunar date is known for {date}"),
    })?;
    let why = format!("the issue date {date}");
    for (key, value) in [
        ("date", date.gregorian()),
        ("weekday", date.weekday()),
        ("lunar_date", lunar),
    ] {
        set_furniture(furniture, key, value, &why)?;
    }
    Ok(())
}

/// Gives the furniture key `key` its value from `source` (the issue date, the edition); a
/// furniture file that prints a different one is refused rather than printed.
pub(super) fn set_furniture(
    furniture: &mut content::FurnitureFile,
    key: &str,
    value: String,
    source: &str,
) -> Result<()> {
    match furniture.entries.get(key) {
        Some(given) if *given != value => Err(Error::Content {
            file: furniture.path.clone(),
            line: furniture.lines.get(key).copied().unwrap_or(1),
            message: format!("`{key}: {given}` contradicts {source}, which gives `{value}`"),
        }),
        _ => {
            furniture.entries.insert(key.to_string(), value);
            Ok(())
        }
    }
}
