//! Resolved text styles: what a run of text is set in, after the spec's names are looked up.

use crate::font::FontId;
use crate::geom::{Cmyk, Em, Pt};
use crate::text::Prohibition;

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
}
