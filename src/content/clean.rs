//! Control and separator characters, which copy-paste from word processors and wire feeds
//! brings: normalized before anything else reads the text, and every one listed.
//!
//! - line separator U+2028, next line U+0085, a lone CR, vertical tab and form feed end a
//!   line, as a newline would (a paragraph's lines are joined; a blank line still ends it);
//! - paragraph separator U+2029 ends the paragraph (a blank line);
//! - every other C0/C1 control but tab and newline, and the bidirectional controls
//!   (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069, which could reorder text
//!   invisibly) are removed.
//!
//! Default-ignorable characters that shaping handles (ZWJ, ZWNJ, variation selectors,
//! U+200B) are kept: they are not drawn and are not missing glyphs.

/// What happened to one character.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Fix {
    /// Turned into a line break.
    LineBreak,
    /// Turned into a paragraph break.
    ParagraphBreak,
    /// Turned into a space (a separator inside a header line, which is one line).
    Space,
    /// Removed.
    Removed,
}

/// Where the text is: a header's `key: value` lines keep their lines whole.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// Header lines: a separator becomes a space.
    Header,
    /// Body text: separators become line and paragraph breaks.
    Body,
}

/// One character that was normalized, with where it was (1-based line and column, in
/// characters, of the file as read).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cleaned {
    /// The character.
    pub ch: char,
    /// What became of it.
    pub fix: Fix,
    /// Line.
    pub line: usize,
    /// Column.
    pub col: usize,
}

impl std::fmt::Display for Cleaned {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let what = match self.fix {
            Fix::LineBreak => "made a line break",
            Fix::ParagraphBreak => "made a paragraph break",
            Fix::Space => "made a space",
            Fix::Removed => "removed",
        };
        write!(
            f,
            "{}:{}: U+{:04X} {} {what}",
            self.line,
            self.col,
            self.ch as u32,
            name(self.ch)
        )
    }
}

/// A short name of a control character for messages.
pub fn name(ch: char) -> &'static str {
    match ch {
        '\u{0}' => "NUL",
        '\u{b}' => "vertical tab",
        '\u{c}' => "form feed",
        '\r' => "carriage return",
        '\u{1b}' => "escape",
        '\u{85}' => "next line",
        '\u{2028}' => "line separator",
        '\u{2029}' => "paragraph separator",
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            "bidirectional control"
        }
        _ => "control character",
    }
}

/// What reading does to a character, if anything.
pub(super) fn fix(ch: char) -> Option<Fix> {
    match ch {
        '\n' | '\t' => None,
        '\u{2028}' | '\u{85}' | '\u{b}' | '\u{c}' | '\r' => Some(Fix::LineBreak),
        '\u{2029}' => Some(Fix::ParagraphBreak),
        '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' => {
            Some(Fix::Removed)
        }
        c if c.is_control() => Some(Fix::Removed),
        _ => None,
    }
}

/// Normalizes control and separator characters of body text; returns the text and what
/// was changed. CRLF is one line end and is not listed (it is how Windows ends lines).
pub fn clean(text: &str) -> (String, Vec<Cleaned>) {
    clean_at(text, 1, Part::Body)
}

/// Like [`clean`], for text that starts at line `first_line` of its file and is `part`.
pub fn clean_at(text: &str, first_line: usize, part: Part) -> (String, Vec<Cleaned>) {
    if !text.chars().any(|c| fix(c).is_some()) {
        return (text.to_string(), Vec::new());
    }
    let mut out = String::with_capacity(text.len());
    let mut listed = Vec::new();
    let (mut line, mut col) = (first_line, 0);
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        col += 1;
        if c == '\r' && chars.peek() == Some(&'\n') {
            continue;
        }
        match fix(c) {
            None => out.push(c),
            Some(f) => {
                let f = match (f, part) {
                    (Fix::LineBreak | Fix::ParagraphBreak, Part::Header) => Fix::Space,
                    (f, _) => f,
                };
                listed.push(Cleaned {
                    ch: c,
                    fix: f,
                    line,
                    col,
                });
                match f {
                    Fix::LineBreak => out.push('\n'),
                    Fix::ParagraphBreak => out.push_str("\n\n"),
                    Fix::Space => out.push(' '),
                    Fix::Removed => {}
                }
            }
        }
        if c == '\n' {
            line += 1;
            col = 0;
        }
    }
    (out, listed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn separators_become_breaks_and_controls_go() {
        let (text, listed) = clean("甲\u{2028}乙\u{2029}丙\u{c}丁\u{0}戊\u{202e}己\r\n庚");
        assert_eq!(text, "甲\n乙\n\n丙\n丁戊己\n庚");
        let fixes: Vec<_> = listed.iter().map(|c| (c.ch, c.fix)).collect();
        assert_eq!(
            fixes,
            vec![
                ('\u{2028}', Fix::LineBreak),
                ('\u{2029}', Fix::ParagraphBreak),
                ('\u{c}', Fix::LineBreak),
                ('\u{0}', Fix::Removed),
                ('\u{202e}', Fix::Removed),
            ]
        );
        assert_eq!((listed[3].line, listed[3].col), (1, 8));
    }

    #[test]
    fn a_separator_in_a_header_line_keeps_the_line_whole() {
        let (text, listed) = clean_at("caption: 甲\u{2029}乙\u{2028}丙\u{c}丁", 4, Part::Header);
        assert_eq!(text, "caption: 甲 乙 丙 丁");
        assert!(listed.iter().all(|c| c.fix == Fix::Space && c.line == 4));
    }

    #[test]
    fn ordinary_text_is_untouched() {
        let s = "正文\t‍👍🏽\n\n下一段\u{fe0f}";
        assert_eq!(clean(s), (s.to_string(), Vec::new()));
    }
}
