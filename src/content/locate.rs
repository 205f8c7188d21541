//! Where a set character was written: the counted characters an article sets (its
//! lead-in, then its body paragraphs) traced back to their line and column in the file as
//! read, for a preview's click.
//!
//! Which characters count is the caller's (`counts`: the typesetter's
//! `crate::text::is_counted`, whitespace and invisible characters being layout).
//! Reading the file replaces separators with whitespace and removes control characters
//! ([`super::clean`]); joining a paragraph's lines and normalizing wire copy
//! ([`crate::text::normalize`]) only drop or widen whitespace and replace marks one for one
//! (which the character ledger relies on, [`crate::ledger`]). So the k-th counted
//! character set is the k-th counted character of the `lead:` value and then the body, less
//! those reading removed.

use super::clean::fix;
use super::load::split_header;

/// A place in a file: 1-based line and column (columns in characters, as in every
/// message), and the byte offset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters (Unicode scalar values), from 1.
    pub col: usize,
    /// Byte offset from the file's start.
    pub byte: usize,
}

/// Where the `k`-th (from 0) character that `counts` an article sets was written in
/// `source`, the article file's text as read; `None` past its end.
pub fn set_char(source: &str, k: usize, counts: impl Fn(char) -> bool) -> Option<Place> {
    let (head, _, _) = split_header(source);
    let lead = lead_value(head);
    let body = head.len()..source.len();
    let mut seen = 0;
    for range in lead.into_iter().chain([body]) {
        for (offset, c) in source[range.clone()].char_indices() {
            if !counts(c) || fix(c).is_some() {
                continue;
            }
            if seen == k {
                return Some(place(source, range.start + offset));
            }
            seen += 1;
        }
    }
    None
}

/// The byte range of the `lead:` value in a header.
fn lead_value(head: &str) -> Option<std::ops::Range<usize>> {
    let mut start = 0;
    for line in head.split_inclusive('\n') {
        let at = start;
        start += line.len();
        if line.trim_start().starts_with('#') {
            continue;
        }
        if let Some((key, _)) = line.split_once(':')
            && key.trim().trim_start_matches('\u{feff}') == "lead"
        {
            return Some(at + key.len() + 1..at + line.len());
        }
    }
    None
}

/// The line and column of byte `byte` of `source`.
fn place(source: &str, byte: usize) -> Place {
    let before = &source[..byte];
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    Place {
        line: before.matches('\n').count() + 1,
        col: before[line_start..].chars().count() + 1,
        byte,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the typesetter counts: no whitespace, no invisible characters.
    fn is_counted(c: char) -> bool {
        !c.is_whitespace() && !matches!(c, '\u{200b}'..='\u{200f}' | '\u{feff}')
    }

    /// The character at a place.
    fn at(source: &str, p: Place) -> char {
        source[p.byte..].chars().next().unwrap()
    }

    #[test]
    fn lead_then_body_skipping_whitespace_and_what_reading_removed() {
        let source = "id: A1\nheadline: 标题\nlead: 本报讯 记者\n\n甲,乙\u{0}丙\r\n丁 \"戊\"\n\n己\u{2029}庚\n";
        let set: Vec<(usize, usize, char)> = (0..)
            .map_while(|k| set_char(source, k, is_counted))
            .map(|p| (p.line, p.col, at(source, p)))
            .collect();
        assert_eq!(
            set,
            [
                (3, 7, '本'),
                (3, 8, '报'),
                (3, 9, '讯'),
                (3, 11, '记'),
                (3, 12, '者'),
                (5, 1, '甲'),
                (5, 2, ','),
                (5, 3, '乙'),
                // The NUL at column 4 was removed when the file was read.
                (5, 5, '丙'),
                (6, 1, '丁'),
                (6, 3, '"'),
                (6, 4, '戊'),
                (6, 5, '"'),
                (8, 1, '己'),
                (8, 3, '庚'),
            ]
        );
    }

    #[test]
    fn columns_count_characters_not_bytes() {
        let source = "id: A1\n\n中文 text\n";
        let p = set_char(source, 2, is_counted).unwrap();
        assert_eq!((p.line, p.col, p.byte), (3, 4, "id: A1\n\n中文 ".len()));
    }
}
