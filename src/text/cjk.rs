//! Character classes of Chinese text and the line-edge prohibitions (禁则) built on them.
//!
//! Classes follow GB/T 15834—2011 (标点符号用法) as summarised by W3C clreq §3.1; the
//! prohibition levels are clreq §3.1.7 ("basic" is its recommended default).

pub use crate::style::{Prohibition, PunctStyle};

/// What a character is, for spacing and line breaking.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CharClass {
    /// A Han ideograph (or kana, bopomofo): one em, on the character grid.
    Han,
    /// Pause or stop mark (点号): `。，、；：？！`; ink on the left, blank on the right.
    PauseStop,
    /// Opening bracket or quote: `（“‘《〈【「『〔［｛`; blank on the left.
    Opening,
    /// Closing bracket or quote: `）”’》〉】」』〕］｝`; blank on the right.
    Closing,
    /// Interpunct (间隔号) `·`: centred, half its cell blank on each side.
    Interpunct,
    /// Solidus `／`.
    Solidus,
    /// Connector (连接号) such as `～` or `－`.
    Connector,
    /// Dash (破折号) `—`, set as a pair `——`.
    Dash,
    /// Ellipsis (省略号) `…`, set as a pair `……`.
    Ellipsis,
    /// Latin letter or other alphabetic character.
    Latin,
    /// ASCII or full-width digit.
    Digit,
    /// Whitespace.
    Space,
    /// Anything else (symbols, ASCII punctuation).
    Other,
}

impl CharClass {
    /// Classifies a character.
    pub fn of(c: char) -> Self {
        match c {
            '。' | '．' | '，' | '、' | '；' | '：' | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉' => {
                Self::PauseStop
            }
            '（' | '“' | '‘' | '《' | '〈' | '【' | '「' | '『' | '〔' | '［' | '｛' | '〖' => {
                Self::Opening
            }
            '）' | '”' | '’' | '》' | '〉' | '】' | '」' | '』' | '〕' | '］' | '｝' | '〗' => {
                Self::Closing
            }
            '·' | '・' | '•' => Self::Interpunct,
            '／' => Self::Solidus,
            '～' | '〜' | '－' | '–' => Self::Connector,
            '—' | '⸺' | '―' => Self::Dash,
            '…' | '⋯' => Self::Ellipsis,
            '0'..='9' | '０'..='９' => Self::Digit,
            c if c.is_whitespace() => Self::Space,
            c if is_han(c) => Self::Han,
            c if c.is_alphabetic() => Self::Latin,
            _ => Self::Other,
        }
    }

    /// Whether this is a full-width Chinese punctuation mark whose cell is half blank.
    pub fn is_cjk_punct(self) -> bool {
        matches!(
            self,
            Self::PauseStop | Self::Opening | Self::Closing | Self::Interpunct
        )
    }

    /// Whether this class belongs to the Chinese (full-width) world rather than the Latin.
    pub fn is_cjk(self) -> bool {
        matches!(
            self,
            Self::Han
                | Self::PauseStop
                | Self::Opening
                | Self::Closing
                | Self::Interpunct
                | Self::Solidus
                | Self::Dash
                | Self::Ellipsis
                | Self::Connector
        )
    }
}

/// Which blanks of a mark may be squeezed to justify a line, in the order clreq's
/// reduction procedure takes them (clreq §3.8.2; W3C clreq `procedures_for_inter-character_spacing_reduction`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Shrink {
    /// Western word spaces, down to ¼ em.
    WordSpace = 0,
    /// The outer blank of brackets and quotes, down to ½ em.
    Bracket = 1,
    /// The blank of `，、；：`, down to ½ em.
    Pause = 2,
    /// Han–Western spacing, from ¼ down to ⅛ em.
    HanLatin = 3,
    /// The blank of `。？！．`, down to ½ em.
    Stop = 4,
}

impl Shrink {
    /// Number of classes.
    pub const COUNT: usize = 5;
}

/// The blank halves of a full-width mark in the mainland (GB) glyph positions, in ems:
/// `(left, right)`. Marks whose ink is centred, and all other characters, have none.
pub fn blanks(c: char) -> (f64, f64) {
    match CharClass::of(c) {
        CharClass::PauseStop | CharClass::Closing => (0.0, 0.5),
        CharClass::Opening => (0.5, 0.0),
        _ => (0.0, 0.0),
    }
}

/// The reduction class of a mark's blank.
pub fn shrink_class(c: char) -> Shrink {
    match c {
        '。' | '？' | '！' | '．' => Shrink::Stop,
        '，' | '、' | '；' | '：' => Shrink::Pause,
        _ => Shrink::Bracket,
    }
}

/// Whether a mark may hang outside the measure when hanging punctuation is on (clreq §3.1.8).
pub fn is_hangable(c: char) -> bool {
    matches!(c, '，' | '。' | '、' | '．')
}

/// Whether a character is a Han ideograph or another character set on the Chinese grid.
pub fn is_han(c: char) -> bool {
    matches!(c as u32,
        0x3400..=0x4DBF      // CJK Extension A
        | 0x4E00..=0x9FFF    // CJK Unified Ideographs
        | 0xF900..=0xFAFF    // CJK Compatibility Ideographs
        | 0x20000..=0x3FFFF  // Extensions B and later
        | 0x3040..=0x30FF    // kana
        | 0x3100..=0x312F    // bopomofo
        | 0x3005..=0x3007    // 々〆〇
    )
}

impl Prohibition {
    /// Whether `c` may not begin a line.
    pub fn forbids_start(self, c: char) -> bool {
        let class = CharClass::of(c);
        match self {
            Self::None => false,
            Self::Basic | Self::Gb => matches!(
                class,
                CharClass::PauseStop
                    | CharClass::Closing
                    | CharClass::Interpunct
                    | CharClass::Connector
            ),
            Self::Strict => matches!(
                class,
                CharClass::PauseStop
                    | CharClass::Closing
                    | CharClass::Interpunct
                    | CharClass::Connector
                    | CharClass::Dash
                    | CharClass::Ellipsis
            ),
        }
    }

    /// Whether `c` may not end a line.
    pub fn forbids_end(self, c: char) -> bool {
        let class = CharClass::of(c);
        match self {
            Self::None => false,
            Self::Basic => class == CharClass::Opening,
            Self::Gb | Self::Strict => matches!(class, CharClass::Opening | CharClass::Solidus),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classes_of_gb15834_marks() {
        for c in "。，、；：？！".chars() {
            assert_eq!(CharClass::of(c), CharClass::PauseStop, "{c}");
        }
        for c in "（“‘《".chars() {
            assert_eq!(CharClass::of(c), CharClass::Opening, "{c}");
        }
        for c in "）”’》".chars() {
            assert_eq!(CharClass::of(c), CharClass::Closing, "{c}");
        }
        assert_eq!(CharClass::of('中'), CharClass::Han);
        assert_eq!(CharClass::of('A'), CharClass::Latin);
        assert_eq!(CharClass::of('5'), CharClass::Digit);
        assert_eq!(CharClass::of('—'), CharClass::Dash);
    }

    #[test]
    fn basic_prohibitions() {
        let p = Prohibition::Basic;
        for c in "，。、；：？！）》”".chars() {
            assert!(p.forbids_start(c), "{c} must not start a line");
        }
        for c in "（《“".chars() {
            assert!(p.forbids_end(c), "{c} must not end a line");
        }
        assert!(!p.forbids_start('中'));
        assert!(!p.forbids_start('—'));
        assert!(Prohibition::Strict.forbids_start('—'));
        assert!(!Prohibition::None.forbids_start('。'));
    }
}
