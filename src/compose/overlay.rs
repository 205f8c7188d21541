//! The designer's overlay: grid, baseline grid, threads, overset and underset, drawn on
//! previews only (never on the plate PDF).

use super::{ArticleReport, emit};
use crate::display::Item;
use crate::error::Warnings;
use crate::font::FontBook;
use crate::geom::{Cmyk, Ink, Point, Pt, Rect};
use crate::grid::PageGrid;
use crate::spec::{GridArea, LayoutSpec};
use crate::style::{ParStyle, TextStyle};
use crate::text::{Line, Paragraph, commit, shape};

const GRID: Ink = Ink::Process(Cmyk {
    c: 0.6,
    m: 0.0,
    y: 0.0,
    k: 0.0,
});
const BASELINE: Ink = Ink::Process(Cmyk {
    c: 0.0,
    m: 0.35,
    y: 0.0,
    k: 0.0,
});
const BLOCK: Ink = Ink::Process(Cmyk {
    c: 1.0,
    m: 0.6,
    y: 0.0,
    k: 0.0,
});
/// An article's shape.
const SHAPE: Ink = Ink::Process(Cmyk {
    c: 0.0,
    m: 0.6,
    y: 0.0,
    k: 0.0,
});
const OVERSET: Ink = Ink::Process(Cmyk {
    c: 0.0,
    m: 1.0,
    y: 1.0,
    k: 0.0,
});
const UNDERSET: Ink = Ink::Process(Cmyk {
    c: 0.0,
    m: 0.0,
    y: 0.0,
    k: 0.45,
});

/// Overlay items for a composed page: column outlines and the baseline grid, each text
/// block's outline with its article id and number in the thread, the overset block in red
/// with the count of characters that did not fit, and hatching over empty lines.
pub fn overlay(spec: &LayoutSpec, book: &FontBook, reports: &[ArticleReport]) -> Vec<Item> {
    let grid = PageGrid::new(spec.grid);
    let g = spec.grid;
    let mut items = Vec::new();
    let all = |column: u32, span: u32| {
        grid.rect(&GridArea {
            column,
            span,
            line: 0,
            lines: g.lines,
        })
    };

    for column in 1..=g.columns {
        items.push(Item::Frame {
            rect: all(column, 1),
            weight: Pt(0.3),
            color: GRID,
        });
    }
    let area = all(1, g.columns);
    let ascent = book.iter().next().map_or(0.88, |(_, f)| f.ascent);
    for line in 0..g.lines {
        let y = grid.line_top(line) + g.body_size * ascent;
        items.push(Item::Line {
            from: Point::new(area.x, y),
            to: Point::new(area.right(), y),
            weight: Pt(0.15),
            color: BASELINE,
        });
    }

    let label_font = book
        .by_name("hei")
        .or_else(|| book.iter().next().map(|(id, _)| id));
    let faces = book.shaping_faces();
    let label = |items: &mut Vec<Item>, text: String, at: Point, color: Ink| {
        let Some(font) = label_font else { return };
        let style = ParStyle::body(TextStyle {
            font,
            fallback: Default::default(),
            size: Pt(7.0),
            fill: color,
        });
        let para = shape(
            book,
            &faces,
            &Paragraph::plain(text, style),
            &mut Warnings::default(),
        );
        let placed = commit(&para, &Line::whole(&para), Pt(1e6));
        emit::line(items, &para, &placed, at.x, at.y);
    };

    for (article, report) in spec.articles.iter().zip(reports) {
        // A shaped article: its outline, each rectangle of the shape.
        for area in &article.shape {
            items.push(Item::Frame {
                rect: grid.rect(area),
                weight: Pt(1.5),
                color: SHAPE,
            });
        }
        for (i, (block, (used, lines))) in article.blocks.iter().zip(&report.blocks).enumerate() {
            let rect = grid.rect(block);
            let overset = report.overset.filter(|_| i + 1 == article.blocks.len());
            let color = if overset.is_some() { OVERSET } else { BLOCK };
            items.push(Item::Frame {
                rect,
                weight: Pt(if overset.is_some() { 1.5 } else { 0.75 }),
                color,
            });
            let mut text = format!("{} · {}", article.id, i + 1);
            if let Some(o) = overset {
                text.push_str(&format!("  超排 {} 字", o.chars));
            }
            label(
                &mut items,
                text,
                Point::new(rect.x + Pt(1.5), rect.y - Pt(2.0)),
                color,
            );
            if used < lines {
                let empty = grid.rect(&GridArea {
                    line: block.line + used,
                    lines: lines - used,
                    ..*block
                });
                hatch(&mut items, empty);
            }
        }
    }
    items
}

/// Diagonal hatching across a rectangle, 45° lines every 6 pt, cut to the rectangle.
fn hatch(items: &mut Vec<Item>, r: Rect) {
    let step = 6.0;
    let (w, h) = (r.w.get(), r.h.get());
    let mut t = step;
    while t < w + h {
        // The line x + y = t (in the rectangle's own coordinates, y down), cut to it.
        let (x0, y0) = if t <= h { (0.0, t) } else { (t - h, h) };
        let (x1, y1) = if t <= w { (t, 0.0) } else { (w, t - w) };
        items.push(Item::Line {
            from: Point::new(r.x + Pt(x0), r.y + Pt(y0)),
            to: Point::new(r.x + Pt(x1), r.y + Pt(y1)),
            weight: Pt(0.4),
            color: UNDERSET,
        });
        t += step;
    }
}
