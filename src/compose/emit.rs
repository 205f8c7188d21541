//! Turning set lines into display glyph runs.

use crate::display::{GlyphRun, Item, RunGlyph, TextRef};
use crate::font::FontId;
use crate::geom::{Point, Pt};
use crate::text::{LineBox, ShapedPara, is_counted};

/// Emits a placed line as glyph runs, one per stretch of glyphs in the same style and face
/// (a fallback face starts a run of its own).
pub fn line(items: &mut Vec<Item>, para: &ShapedPara, line: &LineBox, x: Pt, baseline: Pt) {
    runs(items, para, line, (x, baseline), 1.0, None);
}

/// Emits a placed line as [`line`] does, each run traced to its text: `source` is that
/// text's index in the document, the counted characters before the paragraph and the
/// block the line is in.
pub fn traced(
    items: &mut Vec<Item>,
    para: &ShapedPara,
    line: &LineBox,
    (x, baseline): (Pt, Pt),
    source: (u32, u32, u16),
) {
    runs(items, para, line, (x, baseline), 1.0, Some(source));
}

/// Emits a placed line scaled across by `scale` (a 长/扁 form): the line was set at its
/// unscaled width; its glyphs and their positions from `x` are scaled.
pub fn scaled(
    items: &mut Vec<Item>,
    para: &ShapedPara,
    line: &LineBox,
    x: Pt,
    baseline: Pt,
    scale: f64,
) {
    runs(items, para, line, (x, baseline), scale, None);
}

fn runs(
    items: &mut Vec<Item>,
    para: &ShapedPara,
    line: &LineBox,
    (x, baseline): (Pt, Pt),
    scale: f64,
    source: Option<(u32, u32, u16)>,
) {
    let mut current: Option<((u16, FontId), GlyphRun)> = None;
    for placed in &line.glyphs {
        let Some(g) = para.glyphs.get(placed.index) else {
            continue;
        };
        let key = (g.run, g.font);
        if let Some((_, finished)) = current.take_if(|(k, _)| *k != key) {
            items.push(Item::Text(finished));
        }
        let (_, run) = current.get_or_insert_with(|| {
            let style = para.glyph_style(g);
            (
                key,
                GlyphRun {
                    font: g.font,
                    size: style.size,
                    fill: style.fill,
                    text: String::new(),
                    scale,
                    glyphs: Vec::new(),
                    source: source.map(|(text, before, block)| TextRef {
                        text,
                        char: before + counted(&para.text[..g.text.start as usize]),
                        block,
                        boxes: Vec::new(),
                    }),
                },
            )
        });
        let start = run.text.len() as u32;
        run.text.push_str(para.glyph_text(g));
        if let Some(source) = &mut run.source {
            let left = x + placed.x * scale;
            source.boxes.push((left, left + placed.width * scale));
        }
        run.glyphs.push(RunGlyph {
            gid: g.gid,
            origin: Point::new(x + (placed.pen + g.x_offset) * scale, baseline - g.y_offset),
            text: start..run.text.len() as u32,
        });
    }
    if let Some((_, run)) = current {
        items.push(Item::Text(run));
    }
}

/// Counted characters of a text ([`is_counted`]).
fn counted(text: &str) -> u32 {
    text.chars().filter(|c| is_counted(*c)).count() as u32
}
