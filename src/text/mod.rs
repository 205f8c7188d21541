//! Typesetting of one paragraph: normalization, shaping, line breaking and justification.
//!
//! This stage knows nothing of columns or pages. Its caller pulls lines one at a time
//! from a [`Breaker`] with the measure of wherever the line will go, so a paragraph can
//! leave one block and continue in another of a different width.
//!
//! 1. [`normalize`]: wire copy to Chinese typographic forms (ASCII `,` → `，` …).
//! 2. [`shape`]: rustybuzz, once per paragraph, into [`Glyph`]s with their [`CharClass`].
//! 3. [`break_opportunities`]: UAX #14 tailored for Chinese, plus the clreq prohibitions.
//! 4. [`Breaker::next_line`]: chooses where the next line ends.
//! 5. [`commit`]: places the line's glyphs, justified to the measure.

mod breaks;
mod cjk;
mod justify;
mod linebreak;
mod measure;
mod measures;
mod normalize;
mod plan;
mod plans;
mod shape;

pub use breaks::break_opportunities;
pub use cjk::{CharClass, Prohibition, PunctStyle, Shrink, is_han};
pub use justify::{LineBox, PlacedGlyph, commit};
pub use linebreak::{Breaker, HORIZON, Line, Planned};
pub use measure::{Cell, Measure, Meter, cells, measure};
pub use measures::Measures;
pub use normalize::{keep_gaps, normalize, prepare};
pub use shape::{Glyph, ShapedPara, is_counted, is_default_ignorable, shape};

use std::ops::Range;

use crate::style::{ParStyle, TextStyle};

/// A paragraph before shaping: its text and the styles of its runs.
#[derive(Debug, Clone)]
pub struct Paragraph {
    /// The text, already normalized.
    pub text: String,
    /// Style runs covering `text` completely, in order.
    pub runs: Vec<(Range<usize>, TextStyle)>,
    /// How the paragraph is broken and set.
    pub style: ParStyle,
}

impl Paragraph {
    /// Creates a paragraph set entirely in its style's text style.
    pub fn plain(text: String, style: ParStyle) -> Self {
        let runs = vec![(0..text.len(), style.text)];
        Self { text, runs, style }
    }

    /// Creates a paragraph that opens with a lead-in (本报讯 …) in another style.
    pub fn with_lead_in(lead: &str, lead_style: TextStyle, body: &str, style: ParStyle) -> Self {
        // The lead-in is followed by a full-width space, as in print: 本报讯　记者X报道　昨日…
        let mut text = String::with_capacity(lead.len() + body.len() + 6);
        text.push_str(lead);
        text.push('\u{3000}');
        let split = text.len();
        text.push_str(body);
        let runs = vec![(0..split, lead_style), (split..text.len(), style.text)];
        Self { text, runs, style }
    }
}
