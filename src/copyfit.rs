//! Copyfitting: how a text sets at a given measure, through the page's own code path.
//!
//! "How many lines does this story take at 13 characters?" is the first question of every
//! page plan. [`copyfit`] answers it with the same normalization, shaping, line breaking,
//! flow and justification as page rendering, so its lines are the page's lines.

use crate::error::{Warning, Warnings};
use crate::flow::{Slot, flow};
use crate::font::{FontBook, FontId};
use crate::geom::{Em, Ink, Pt};
use crate::style::{ParStyle, TextStyle};
use crate::text::{Paragraph, Prohibition, PunctStyle, prepare, shape};

/// How to set the text.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// The face.
    pub font: FontId,
    /// Line length.
    pub measure: Pt,
    /// Font size.
    pub size: Pt,
    /// First-line indent.
    pub indent: Em,
    /// Punctuation style.
    pub punct: PunctStyle,
    /// Prohibition level.
    pub prohibition: Prohibition,
    /// Whether `，。、` may hang.
    pub hang: bool,
    /// Whether wire-copy punctuation is normalized first.
    pub normalize: bool,
}

/// One typeset line, in ems of the font size.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLine {
    /// Index of the paragraph.
    pub paragraph: usize,
    /// The line's text.
    pub text: String,
    /// From the line's start to the end of its last box inside the measure.
    pub width: f64,
    /// Each character: its box start and width.
    pub chars: Vec<SetChar>,
}

/// One character of a [`SetLine`].
#[derive(Debug, Clone, PartialEq)]
pub struct SetChar {
    /// The character (the first of its cluster).
    pub ch: char,
    /// Start of its box from the line's start, in ems.
    pub x: f64,
    /// Width of its box, in ems.
    pub advance: f64,
}

/// Sets paragraphs (one per item) and returns their lines in order.
pub fn copyfit(
    book: &FontBook,
    paragraphs: &[String],
    options: &Options,
    warnings: &mut Warnings,
) -> Vec<SetLine> {
    let faces = book.shaping_faces();
    let text = TextStyle {
        font: options.font,
        fallback: Default::default(),
        size: options.size,
        fill: Ink::BLACK,
    };
    let mut style = ParStyle::body(text);
    style.setting.indent = options.indent;
    style.setting.punct = options.punct;
    style.setting.prohibition = options.prohibition;
    style.setting.hang = options.hang;
    style.setting.normalize = options.normalize;
    let story: Vec<_> = paragraphs
        .iter()
        .map(|p| {
            let p = prepare(p, &style);
            shape(book, &faces, &Paragraph::plain(p, style), warnings)
        })
        .collect();
    // One block as deep as the text needs: the page's flow, without a bottom.
    let slot = Slot {
        x: Pt::ZERO,
        top: Pt::ZERO,
        measure: options.measure,
        lines: u32::MAX,
        pitch: options.size,
    };
    let flowed = flow(&story, &[slot]);
    let em = options.size.get();
    flowed
        .lines
        .iter()
        .map(|set| {
            let para = &story[set.para];
            let text = para.line_text(&set.line);
            if set.line.forced {
                warnings.warn(Warning::EmergencyBreak {
                    article: "lines".into(),
                    text: text.clone(),
                });
            }
            SetLine {
                paragraph: set.para,
                text,
                width: set.line.width.get() / em,
                chars: set
                    .line
                    .glyphs
                    .iter()
                    .map(|p| SetChar {
                        ch: para.glyphs[p.index].ch,
                        x: p.x.get() / em,
                        advance: p.width.get() / em,
                    })
                    .collect(),
            }
        })
        .collect()
}
