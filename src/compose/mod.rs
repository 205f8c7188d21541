//! Page composition: heads, photos, bodies, furniture and rules placed on the page grid,
//! producing a [`display::Page`](crate::display::Page).
//!
//! Composition resolves the spec's style names into faces and sizes, asks `text` for
//! lines and `flow` to thread each body through its blocks, and turns the result into
//! display items in reading order (so text extracted from the PDF reads in order).

mod article;
mod emit;
mod furniture;
mod head;
mod overlay;
mod photo;
mod qr;

pub use overlay::overlay;

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::{Article, Furniture, Photo};
use crate::display::{Document, Item, Page};
use crate::error::{Result, Warnings};
use crate::flow::Overset;
use crate::font::FontBook;
use crate::geom::{Point, Pt};
use crate::grid::PageGrid;
use crate::ledger::{self, Ledger};
use crate::spec::{LayoutSpec, RuleKind, StyleRef};
use crate::style::{Fallback, ParStyle, TextStyle};

/// Everything a page is made from, loaded and checked.
#[derive(Debug, Clone)]
pub struct Edition {
    /// Furniture texts.
    pub furniture: Furniture,
    /// Articles, in the order of the spec's articles.
    pub articles: Vec<Article>,
    /// Photos by file, as their headers describe them.
    pub photos: BTreeMap<PathBuf, Photo>,
    /// Supplied artwork by file.
    pub artworks: BTreeMap<PathBuf, crate::content::Artwork>,
}

/// How one article's body used its thread.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleReport {
    /// The article id.
    pub id: String,
    /// Per block: lines used and lines available.
    pub blocks: Vec<(u32, u32)>,
    /// Text that did not fit.
    pub overset: Option<Overset>,
    /// Every body line as set, in reading order.
    pub lines: Vec<LineReport>,
    /// Where every character of the article went.
    pub ledger: Ledger,
}

/// A body line as it was set, for reports and checks.
#[derive(Debug, Clone, PartialEq)]
pub struct LineReport {
    /// Index of the block in the article's thread.
    pub block: usize,
    /// Index of the paragraph in the article.
    pub para: usize,
    /// Line number within the block.
    pub row: u32,
    /// The line's text.
    pub text: String,
    /// Left edge of the block.
    pub x: Pt,
    /// The block's measure.
    pub measure: Pt,
    /// The baseline.
    pub baseline: Pt,
    /// Whether this is its paragraph's first line.
    pub first: bool,
    /// Whether this is its paragraph's last line.
    pub last: bool,
    /// Whether it was justified to the measure.
    pub justified: bool,
    /// Each glyph: its character, and the start and width of its box from the block's left.
    pub glyphs: Vec<(char, Pt, Pt)>,
    /// The body size, the unit of the character grid.
    pub size: Pt,
}

/// Composes one page of the spec into a document.
pub fn compose_page(
    spec: &LayoutSpec,
    edition: &Edition,
    book: &FontBook,
    warnings: &mut Warnings,
) -> Result<(Document, Vec<ArticleReport>)> {
    let faces = book.shaping_faces();
    let mut cx = Composer {
        spec,
        book,
        faces,
        grid: PageGrid::new(spec.grid),
        items: Vec::new(),
        images: Vec::new(),
        warnings,
    };

    // Furniture first, then rules, then articles in reading order.
    furniture::compose(&mut cx, &edition.furniture)?;
    rules(&mut cx);
    qr::compose(&mut cx)?;
    let artworks = artworks(&mut cx, &edition.artworks);
    // Bodies are typeset in parallel (shaping and line breaking are most of the work),
    // then placed in reading order, so the output does not depend on the threads.
    let roles = spec.roles;
    let (body_style, lead_style) = (cx.par_style(roles.body), cx.par_style(roles.lead).text);
    let bodies: Vec<article::Body> = {
        use rayon::prelude::*;
        let (faces, grid) = (&cx.faces, &cx.grid);
        spec.articles
            .par_iter()
            .zip(&edition.articles)
            .map(|(a, article)| {
                article::typeset(book, faces, grid, a, article, body_style, lead_style)
            })
            .collect()
    };
    let mut reports = Vec::new();
    for ((article_spec, article), body) in spec.articles.iter().zip(&edition.articles).zip(bodies) {
        let start = cx.items.len();
        let mut report = article::compose(&mut cx, article_spec, article, &edition.photos, body);
        // What is on the page is counted from the display list itself.
        report.ledger.on_page = cx.items[start..]
            .iter()
            .map(|item| match item {
                Item::Text(run) => ledger::count(&run.text),
                _ => 0,
            })
            .sum();
        reports.push(report);
    }

    let page = Page {
        width: spec.width,
        height: spec.height,
        items: cx.items,
    };
    let doc = Document {
        title: spec.name.clone(),
        pages: vec![page],
        images: cx.images,
        artworks,
        spots: spec.spots.printed.clone(),
        black_images: Default::default(),
    };
    Ok((doc, reports))
}

/// State shared by the composition steps of one page.
pub(crate) struct Composer<'a, 'w> {
    spec: &'a LayoutSpec,
    book: &'a FontBook,
    faces: Vec<rustybuzz::Face<'a>>,
    grid: PageGrid,
    items: Vec<Item>,
    images: Vec<Photo>,
    warnings: &'w mut Warnings,
}

impl Composer<'_, '_> {
    /// Shapes a paragraph, giving the characters no face can show to `owner`.
    fn shape(&mut self, para: &crate::text::Paragraph, owner: &str) -> crate::text::ShapedPara {
        let mut local = Warnings::default();
        let shaped = crate::text::shape(self.book, &self.faces, para, &mut local);
        self.warnings.adopt(local, owner);
        shaped
    }

    /// Resolves a style of the spec for layout.
    fn par_style(&self, r: StyleRef) -> ParStyle {
        let s = self.spec.style(r);
        // The book holds the spec's faces in the spec's order (`render` loads them so).
        let id = |f: &crate::spec::FontRef| crate::font::FontId(f.index());
        let fallback: Vec<_> = s.fallback.iter().map(id).collect();
        ParStyle {
            text: TextStyle {
                font: id(&s.font),
                fallback: Fallback::new(&fallback),
                size: s.size,
                fill: s.color,
            },
            setting: s.setting,
        }
    }
}

/// Places each supplied page, its finished box scaled to fit its area (centred, the
/// proportions kept) and clipped to it.
fn artworks(
    cx: &mut Composer<'_, '_>,
    files: &BTreeMap<PathBuf, crate::content::Artwork>,
) -> Vec<crate::content::Artwork> {
    let mut out = Vec::new();
    for a in &cx.spec.artworks {
        let Some(artwork) = files.get(&a.file) else {
            continue;
        };
        let area = cx.grid.rect(&a.area);
        let (w, h) = artwork.size();
        let scale = (area.w.get() / w).min(area.h.get() / h);
        let (pw, ph) = (Pt(w * scale), Pt(h * scale));
        let placed = crate::geom::Rect::new(
            area.x + (area.w - pw) / 2.0,
            area.y + (area.h - ph) / 2.0,
            pw,
            ph,
        );
        let id = crate::display::ArtworkId(out.len());
        out.push(artwork.clone());
        cx.items.push(Item::Artwork {
            artwork: id,
            clip: area,
            placed,
        });
    }
    out
}

/// Draws the spec's rules and boxes.
fn rules(cx: &mut Composer<'_, '_>) {
    let grid = cx.grid;
    let size = grid.spec().body_size;
    for rule in &cx.spec.rules {
        let rect = grid.rect(&rule.area);
        let item = match rule.kind {
            RuleKind::Horizontal => {
                let y = rect.y + size / 2.0;
                Item::Line {
                    from: Point::new(rect.x, y),
                    to: Point::new(rect.right(), y),
                    weight: rule.weight,
                    color: rule.color,
                }
            }
            RuleKind::Vertical => {
                let x = rect.x - grid.gutter() / 2.0;
                Item::Line {
                    from: Point::new(x, rect.y),
                    to: Point::new(x, rect.bottom()),
                    weight: rule.weight,
                    color: rule.color,
                }
            }
            RuleKind::Box => Item::Frame {
                rect,
                weight: rule.weight,
                color: rule.color,
            },
            RuleKind::Fill => Item::Fill {
                rect,
                color: rule.color,
            },
        };
        cx.items.push(item);
    }
}
