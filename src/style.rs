//! Resolved text styles: what a run of text is set in, after the spec's names are looked up.

use crate::font::FontId;
use crate::geom::{Cmyk, Em, Pt};
use crate::text::{Prohibition, PunctStyle};

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// The face.
    pub font: FontId,
    /// The font size.
    pub size: Pt,
    /// The fill colour.
    pub fill: Cmyk,
}

/// Horizontal placement of lines that are not justified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// How paragraphs of a style are broken and set.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParStyle {
    /// The text style of the paragraph's body.
    pub text: TextStyle,
    /// First-line indent, in ems of the body size (2 em in Chinese body text).
    pub indent: Em,
    /// Line-edge prohibitions.
    pub prohibition: Prohibition,
    /// Alignment of lines that are not justified.
    pub align: Align,
    /// Whether every line but the last is justified to the measure.
    pub justify: bool,
    /// How full-width punctuation is set.
    pub punct: PunctStyle,
    /// Whether `，。、` may hang outside the measure (off in most Chinese publications).
    pub hang: bool,
    /// Whether Han and Western letters or digits are set ¼ em apart.
    pub han_latin_spacing: bool,
    /// Fewest Han characters a paragraph's last line may hold (2 forbids 孤字; 0 turns it off).
    pub min_last_line_han: u8,
    /// Whether wire-copy punctuation and spacing are normalized before setting.
    pub normalize: bool,
}

impl ParStyle {
    /// A body style with the mainland defaults: 全角式, basic prohibitions, justified,
    /// ¼-em Han–Western spacing, no lone last characters.
    pub fn body(text: TextStyle) -> Self {
        Self {
            text,
            indent: Em(2.0),
            prohibition: Prohibition::Basic,
            align: Align::Left,
            justify: true,
            punct: PunctStyle::Quanjiao,
            hang: false,
            han_latin_spacing: true,
            min_last_line_han: 2,
            normalize: true,
        }
    }
}
