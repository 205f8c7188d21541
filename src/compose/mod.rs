//! Page composition: heads, photos, bodies, furniture and rules placed on the page grid,
//! producing a [`display::Page`](crate::display::Page).
//!
//! Composition resolves the spec's style names into faces and sizes, asks `text` for
//! lines and `flow` to thread each body through its blocks, and turns the result into
//! display items in reading order (so text extracted from the PDF reads in order).

mod article;
mod emit;
pub mod flush;
mod furniture;
mod head;
mod jump;
mod overlay;
mod photo;
mod qr;
mod story;
mod vertical;
mod wrap;

pub use jump::text as jump_text;
pub use overlay::overlay;
pub use story::{Body, Part, StoryStyle};

use std::collections::BTreeMap;
use std::path::PathBuf;

use crate::content::{Article, Furniture, Photo};
use crate::display::{Document, Item, Page};
use crate::error::{Result, Warnings};
use crate::flow::Overset;
use crate::font::{FontBook, FontId};
use crate::geom::{Point, Pt};
use crate::grid::PageGrid;
use crate::ledger::{self, Ledger};
use crate::spec::{LayoutSpec, RuleKind, StyleRef};
use crate::style::{Fallback, ParStyle, TextStyle};

/// Everything a page is made from, loaded and checked.
#[derive(Debug, Clone)]
pub struct PageContent {
    /// Furniture texts.
    pub furniture: Furniture,
    /// Articles that start on the page, in the order of the spec's articles.
    pub articles: Vec<Article>,
    /// Photos by file, as their headers describe them.
    pub photos: BTreeMap<PathBuf, Photo>,
    /// Supplied artwork by file.
    pub artworks: BTreeMap<PathBuf, crate::content::Artwork>,
}

/// A story's part on a page: the typeset body and which of its parts this is, with the
/// labels of the pages its jump lines name.
#[derive(Clone, Copy)]
pub struct Placement<'a> {
    /// The story, typeset through its whole thread.
    pub body: &'a Body,
    /// Which part of the thread is on this page.
    pub part: usize,
    /// The page the text goes on to, if it jumps from this part.
    pub jump_to: Option<&'a str>,
    /// The page the text comes from, if it jumps into this part.
    pub jump_from: Option<&'a str>,
}

/// How one article (or, in an edition, one part of a story) used its blocks.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleReport {
    /// The article id (`2/A1` in an edition: page label and id).
    pub id: String,
    /// The label of the page it is on, in an edition.
    pub page: Option<String>,
    /// The page the story goes on to from here (下转).
    pub jumps_to: Option<String>,
    /// The page the story comes from (上接).
    pub jumps_from: Option<String>,
    /// Per block: lines used and lines available.
    pub blocks: Vec<(u32, u32)>,
    /// Text that did not fit.
    pub overset: Option<Overset>,
    /// Every body line as set, in reading order.
    pub lines: Vec<LineReport>,
    /// Lines left empty in its blocks where the text ends (not those a story leaves for a
    /// later page), and about how many characters would fill them.
    pub empty: (u32, u32),
    /// What the render moved for the article to end flush (`photo 2 lines taller`).
    pub adjusted: Vec<String>,
    /// Where every character of the article went.
    pub ledger: Ledger,
}

/// What the desk would change in the copy for an article to end flush (its blocks full,
/// nothing overset).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CopyChange {
    /// Cut this many characters (the body's overset).
    Cut(usize),
    /// Add this many lines, about this many characters.
    Add {
        /// Empty lines in the article's blocks.
        lines: u32,
        /// Characters that would fill them, about.
        chars: u32,
    },
}

impl std::fmt::Display for CopyChange {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Cut(chars) => write!(f, "cut {chars} characters"),
            Self::Add { lines: 1, chars } => {
                write!(f, "1 line short (about {chars} characters)")
            }
            Self::Add { lines, chars } => {
                write!(f, "{lines} lines short (about {chars} characters)")
            }
        }
    }
}

impl ArticleReport {
    /// The copy change that would make the article end flush, if it does not.
    pub fn copy_change(&self) -> Option<CopyChange> {
        match (self.overset, self.empty) {
            (Some(o), _) if o.chars > 0 => Some(CopyChange::Cut(o.chars)),
            (_, (0, _)) => None,
            (_, (lines, chars)) => Some(CopyChange::Add { lines, chars }),
        }
    }
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

/// The slots of blocks on a page's grid, for a story's thread: each block's columns (a
/// split block's several, 破栏) and rows, the page's wrap objects cut out ([`wrap`]),
/// with the index of the block each slot is of.
pub fn slots(
    spec: &LayoutSpec,
    blocks: &[crate::spec::GridArea],
    splits: &[crate::spec::Split],
) -> Blocks {
    let grid = PageGrid::new(spec.grid);
    let mut out = Blocks {
        slots: Vec::new(),
        block: Vec::new(),
        count: blocks.len(),
    };
    for (i, (area, split)) in blocks.iter().zip(splits).enumerate() {
        let slots = wrap::block_slots(spec, &grid, area, split);
        out.block.extend(std::iter::repeat_n(i, slots.len()));
        out.slots.extend(slots);
    }
    out
}

/// A run of blocks as slots for the flow: a block's rows beside a wrap object may be
/// slots of their own (another left edge, another measure), or none.
#[derive(Debug, Clone, PartialEq)]
pub struct Blocks {
    /// The slots, in thread order.
    pub slots: Vec<crate::flow::Slot>,
    /// The block each slot is of.
    pub block: Vec<usize>,
    /// How many blocks.
    pub count: usize,
}

/// Resolves a style of a spec for layout; `fonts` gives the spec's faces their ids in the
/// book.
pub fn par_style(spec: &LayoutSpec, fonts: &[FontId], r: StyleRef) -> ParStyle {
    let s = spec.style(r);
    let id = |f: &crate::spec::FontRef| fonts[f.index() as usize];
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

/// Composes one page of a spec into a document: its furniture, rules and artwork, the
/// articles that start on it (`starts`, one per spec article) and the stories that
/// continue on it (`continued`, one per spec continuation, with the article it continues).
/// The stories were typeset before ([`Body::typeset`]), with the other pages they run
/// over; `fonts` gives the spec's faces their ids in `book`, and `faces` are `book`'s
/// faces made for shaping ([`FontBook::shaping_faces`], made once for all pages).
#[allow(clippy::too_many_arguments)]
pub fn compose_page(
    spec: &LayoutSpec,
    content: &PageContent,
    book: &FontBook,
    fonts: &[FontId],
    faces: &[rustybuzz::Face<'_>],
    starts: &[Placement<'_>],
    continued: &[(Placement<'_>, &Article)],
    warnings: &mut Warnings,
) -> Result<(Document, Vec<ArticleReport>)> {
    let mut cx = Composer {
        spec,
        book,
        fonts,
        faces,
        grid: PageGrid::new(spec.grid),
        items: Vec::new(),
        images: Vec::new(),
        texts: Vec::new(),
        warnings,
    };

    // Rules and tints first, behind everything; then furniture, then articles in reading
    // order.
    rules(&mut cx);
    furniture::compose(&mut cx, &content.furniture)?;
    qr::compose(&mut cx)?;
    let artworks = artworks(&mut cx, &content.artworks);
    let mut reports = Vec::new();
    let mut counted = |cx: &Composer<'_, '_>, start: usize, mut report: ArticleReport| {
        // What is on the page is counted from the display list itself, less what the
        // engine added (jump lines, repeated heads).
        let drawn: usize = cx.items[start..]
            .iter()
            .map(|item| match item {
                Item::Text(run) => ledger::count(&run.text),
                _ => 0,
            })
            .sum();
        let added: usize = report.ledger.added.values().sum();
        report.ledger.on_page = drawn.saturating_sub(added);
        reports.push(report);
    };
    for ((article_spec, article), placement) in
        spec.articles.iter().zip(&content.articles).zip(starts)
    {
        let start = cx.items.len();
        let report = article::compose(&mut cx, article_spec, article, &content.photos, placement);
        counted(&cx, start, report);
    }
    for (continuation, (placement, article)) in spec.continuations.iter().zip(continued) {
        let start = cx.items.len();
        let report = article::compose_continuation(&mut cx, continuation, article, placement);
        counted(&cx, start, report);
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
        texts: cx.texts,
    };
    Ok((doc, reports))
}

/// State shared by the composition steps of one page.
pub(crate) struct Composer<'a, 'w> {
    spec: &'a LayoutSpec,
    book: &'a FontBook,
    fonts: &'a [FontId],
    faces: &'a [rustybuzz::Face<'a>],
    grid: PageGrid,
    items: Vec<Item>,
    images: Vec<Photo>,
    /// The texts body runs are traced to ([`crate::display::Document::texts`]).
    texts: Vec<crate::display::TextOrigin>,
    warnings: &'w mut Warnings,
}

impl Composer<'_, '_> {
    /// Shapes a paragraph, giving the characters no face can show to `owner`.
    fn shape(&mut self, para: &crate::text::Paragraph, owner: &str) -> crate::text::ShapedPara {
        let mut local = Warnings::default();
        let shaped = crate::text::shape(self.book, self.faces, para, &mut local);
        self.warnings.adopt(local, owner);
        shaped
    }

    /// Resolves a style of the spec for layout.
    fn par_style(&self, r: StyleRef) -> ParStyle {
        par_style(self.spec, self.fonts, r)
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
