//! Page composition: heads, photos, bodies, furniture and rules placed on the page grid,
//! producing a [`display::Page`](crate::display::Page).
//!
//! Composition resolves the spec's style names into faces and sizes, asks `text` for
//! lines and `flow` to thread each body through its blocks, and turns the result into
//! display items in reading order (so text extracted from the PDF reads in order). A
//! page's articles are composed each on its own, in parallel (none reads what another
//! placed), and placed in that order.

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

use rayon::prelude::*;

use crate::content::{Article, Furniture, Photo};
use crate::display::{Document, Item, Page};
use crate::error::{Result, Warnings};
use crate::flow::Overset;
use crate::font::{FontBook, FontId};
use crate::geom::{Point, Pt};
use crate::grid::PageGrid;
use crate::ledger::{self, Ledger};
use crate::spec::{ArticleSpec, ContinuationSpec, LayoutSpec, RuleKind, StyleRef};
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
    let mut cx = Composer::new(spec, book, fonts, faces, warnings);

    // Rules and tints first, behind everything; then furniture, then articles in reading
    // order. Each article, and each story continued here, is composed on its own, in
    // parallel with the others and with the furniture (none reads what another placed),
    // then placed in that order: the page is the same on any number of threads.
    let pieces: Vec<Piece<'_>> = spec
        .articles
        .iter()
        .zip(&content.articles)
        .zip(starts)
        .map(|((spec, article), placement)| Piece::Starts(spec, article, placement))
        .chain(
            spec.continuations
                .iter()
                .zip(continued)
                .map(|(spec, (placement, article))| Piece::Continues(spec, article, placement)),
        )
        .collect();
    let compose_piece = |piece: &Piece<'_>| {
        let mut warnings = Warnings::default();
        let mut cx = Composer::new(spec, book, fonts, faces, &mut warnings);
        let mut report = match *piece {
            Piece::Starts(spec, article, placement) => {
                article::compose(&mut cx, spec, article, &content.photos, placement)
            }
            Piece::Continues(spec, article, placement) => {
                article::compose_continuation(&mut cx, spec, article, placement)
            }
        };
        report.ledger.on_page = on_page(&cx.items, &report);
        let Composer {
            items,
            images,
            texts,
            ..
        } = cx;
        Composed {
            items,
            images,
            texts,
            warnings,
            report,
        }
    };
    let (artworks, composed) = rayon::join(
        || -> Result<_> {
            rules(&mut cx);
            furniture::compose(&mut cx, &content.furniture)?;
            qr::compose(&mut cx)?;
            Ok(artworks(&mut cx, &content.artworks))
        },
        || pieces.par_iter().map(compose_piece).collect::<Vec<_>>(),
    );
    // A page whose furniture fails is an error however its articles went.
    let artworks = artworks?;
    let reports = composed.into_iter().map(|c| cx.place(c)).collect();

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

/// What a page's articles are composed from: an article that starts on the page, or a
/// story continued on it (with the article it continues).
enum Piece<'a> {
    Starts(&'a ArticleSpec, &'a Article, &'a Placement<'a>),
    Continues(&'a ContinuationSpec, &'a Article, &'a Placement<'a>),
}

/// An article (or a continued story) composed on its own: its items, photos and texts,
/// numbered from 0, its warnings and its report.
struct Composed {
    items: Vec<Item>,
    images: Vec<Photo>,
    texts: Vec<crate::display::TextOrigin>,
    warnings: Warnings,
    report: ArticleReport,
}

/// What is on the page of an article, counted from the items it placed, less what the
/// engine added (jump lines, repeated heads).
fn on_page(items: &[Item], report: &ArticleReport) -> usize {
    let drawn: usize = items
        .iter()
        .map(|item| match item {
            Item::Text(run) => ledger::count(&run.text),
            _ => 0,
        })
        .sum();
    let added: usize = report.ledger.added.values().sum();
    drawn.saturating_sub(added)
}

/// State shared by the composition steps of one page, or of one article of it.
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

impl<'a, 'w> Composer<'a, 'w> {
    /// A composer of `spec`'s page with nothing placed yet, its warnings going to
    /// `warnings`.
    fn new(
        spec: &'a LayoutSpec,
        book: &'a FontBook,
        fonts: &'a [FontId],
        faces: &'a [rustybuzz::Face<'a>],
        warnings: &'w mut Warnings,
    ) -> Self {
        Composer {
            spec,
            book,
            fonts,
            faces,
            grid: PageGrid::new(spec.grid),
            items: Vec::new(),
            images: Vec::new(),
            texts: Vec::new(),
            warnings,
        }
    }

    /// Places an article composed on its own after what is on the page: its photos and
    /// texts numbered on from the page's, its warnings after the page's. Its report.
    fn place(&mut self, composed: Composed) -> ArticleReport {
        let (images, texts) = (self.images.len(), self.texts.len() as u32);
        self.items
            .extend(composed.items.into_iter().map(|mut item| {
                match &mut item {
                    Item::Image { image, .. } => image.0 += images,
                    Item::Text(run) => {
                        if let Some(source) = &mut run.source {
                            source.text += texts;
                        }
                    }
                    // No index of the article's own (artwork is placed by the page).
                    Item::Line { .. }
                    | Item::Frame { .. }
                    | Item::Fill { .. }
                    | Item::Artwork { .. } => {}
                }
                item
            }));
        self.images.extend(composed.images);
        self.texts.extend(composed.texts);
        self.warnings.adopt(composed.warnings, "");
        composed.report
    }

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
