//! Resolved text styles: what a run of text is set in, after the spec's names are looked up,
//! and the settings of Chinese composition a style chooses (the rules themselves are in
//! [`crate::text`]).

use serde::Deserialize;

use crate::font::FontId;
use crate::geom::{Em, Ink, Pt};

/// How a run of text looks.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TextStyle {
    /// The face.
    pub font: FontId,
    /// Faces tried, in order, for a character `font` lacks.
    pub fallback: Fallback,
    /// The font size.
    pub size: Pt,
    /// The fill colour.
    pub fill: Ink,
}

/// Up to [`Fallback::MAX`] faces tried in order for a character a style's face lacks
/// (kept inline, so a style stays `Copy`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Fallback {
    faces: [FontId; Fallback::MAX],
    len: u8,
}

impl Fallback {
    /// Most fallback faces per style.
    pub const MAX: usize = 4;

    /// The chain of the first [`Fallback::MAX`] of `faces`.
    pub fn new(faces: &[FontId]) -> Self {
        let mut out = Self::default();
        for (slot, id) in out.faces.iter_mut().zip(faces) {
            *slot = *id;
            out.len += 1;
        }
        out
    }

    /// The faces, in order.
    pub fn iter(&self) -> impl Iterator<Item = FontId> + '_ {
        self.faces[..self.len as usize].iter().copied()
    }
}

/// Horizontal placement of lines that are not justified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Align {
    /// Flush left.
    #[default]
    Left,
    /// Centred.
    Center,
    /// Flush right.
    Right,
}

/// How paragraphs of a style are broken and set: everything a style chooses but its face,
/// size and colour. The spec reads it per style; layout reads it per paragraph.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Setting {
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
    /// Whether a paragraph's last line may not stand alone at the top of a block.
    pub widows: bool,
    /// The narrowest a head or box line may be scaled across to fit its width (1: never;
    /// 0.8: to an 80 % 扁 form) before its size is reduced.
    pub condense: f64,
    /// Whether glyphs take their vertical forms (`vert`, `vrt2`: （）。， turned for a column
    /// of text, 竖排); set by composition for vertical heads, never by a spec style.
    pub vertical: bool,
}

impl Default for Setting {
    /// The mainland defaults: no indent, basic prohibitions, justified, 全角式, no
    /// hanging, ¼-em Han–Western spacing, no lone last characters, wire copy normalized,
    /// no widow control.
    fn default() -> Self {
        Self {
            indent: Em(0.0),
            prohibition: Prohibition::Basic,
            align: Align::Left,
            justify: true,
            punct: PunctStyle::Quanjiao,
            hang: false,
            han_latin_spacing: true,
            min_last_line_han: 2,
            normalize: true,
            widows: false,
            condense: 1.0,
            vertical: false,
        }
    }
}

/// A paragraph style resolved for layout: its text style and its setting.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParStyle {
    /// The text style of the paragraph's body.
    pub text: TextStyle,
    /// How its lines are broken and set.
    pub setting: Setting,
}

impl ParStyle {
    /// A body style with the mainland defaults and a 2-em first-line indent.
    pub fn body(text: TextStyle) -> Self {
        Self {
            text,
            setting: Setting {
                indent: Em(2.0),
                ..Setting::default()
            },
        }
    }
}

/// How strictly line starts and ends are policed (clreq §3.1.7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Prohibition {
    /// No prohibitions (some Taiwan and Hong Kong papers).
    None,
    /// Pause/stop, closing, interpunct and connector marks never start a line; opening marks
    /// never end one.
    #[default]
    Basic,
    /// Basic, and a solidus never ends a line.
    Gb,
    /// GB, and dashes and ellipses never start a line.
    Strict,
}

/// How full-width punctuation is set (clreq; xeCJK and LuaTeX-ja name the same styles).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum PunctStyle {
    /// 全角式: every mark takes a full em; adjacent marks and marks at line edges are
    /// compressed (GB/T 15834 §5.1, clreq §3.1.6). The mainland default.
    #[default]
    Quanjiao,
    /// 开明式: sentence-end marks `。？！．` full width, all other marks half width.
    Kaiming,
    /// 半角式: every mark half width.
    Banjiao,
    /// 行末半角式: every mark full width, compressed only at line starts and ends.
    Hangmobanjiao,
    /// No adjustment at all: every mark keeps the font's full width.
    Plain,
}
