//! The layout spec: a page's geometry, grid, fonts, styles, furniture and articles.
//!
//! [`load`] reads the TOML a designer edits and resolves it into these plain, validated
//! values; later stages never see an unchecked name or a bare number without its unit.

mod colors;
mod context;
mod continuation;
mod date;
mod geometry;
pub mod limits;
mod load;
mod output;
mod overlap;
mod raw;
pub mod schema;
mod shape;
mod styles;
mod template;
pub mod validate;

pub use colors::Spots;
pub use date::IssueDate;
pub use load::{load, parse, parse_with, text};
pub use output::OutputSpec;
pub use template::Origins;

use std::path::PathBuf;

use crate::geom::{Ink, Pt};
use crate::style::Setting;

/// A validated layout spec.
#[derive(Debug, Clone)]
pub struct LayoutSpec {
    /// The spec file.
    pub path: PathBuf,
    /// The page's title (paper, date, page number).
    pub name: String,
    /// The issue's date, from which the masthead's `{date}`, `{weekday}` and
    /// `{lunar_date}` follow.
    pub issue_date: Option<IssueDate>,
    /// Trim width.
    pub width: Pt,
    /// Trim height.
    pub height: Pt,
    /// The grid.
    pub grid: GridSpec,
    /// Faces, in the order a render loads them into its `FontBook` (so [`FontRef::id`] is
    /// the face's id there).
    pub fonts: Vec<FontSpec>,
    /// Styles; only the loader makes [`StyleRef`]s, so every one names a style.
    styles: Vec<StyleSpec>,
    /// The styles the engine itself asks for.
    pub roles: Roles,
    /// The furniture file (masthead texts), if any.
    pub furniture: Option<PathBuf>,
    /// Free text boxes: masthead, ear, slogan, footer.
    pub texts: Vec<TextBoxSpec>,
    /// Rules and boxes.
    pub rules: Vec<RuleSpec>,
    /// Articles in reading order.
    pub articles: Vec<ArticleSpec>,
    /// Wrap objects: areas inside text blocks that the text flows round (an article's
    /// photo with `wrap = true`, a `[[text]]` box with `wrap = true`).
    pub wraps: Vec<GridArea>,
    /// How text flows round them (`[wrap]`).
    pub wrap: WrapSpec,
    /// Stories that jump to this page from earlier pages of the edition, in reading order
    /// after the articles.
    pub continuations: Vec<ContinuationSpec>,
    /// Where its lines were written (the page spec, or its template): see [`Self::place`].
    pub origins: Origins,
    /// What the PDF is made for (`[output]`).
    pub output: OutputSpec,
    /// Supplied artwork: page 1 of a PDF in an area.
    pub artworks: Vec<ArtworkSpec>,
    /// Spot inks: the ones printed on their own plates are what [`Ink::Spot`] ids index.
    pub spots: Spots,
    /// QR codes.
    pub qrs: Vec<QrSpec>,
}

/// A QR code of a URL in an area: 100 % K modules, error correction M, a 4-module quiet
/// zone, as large as the area allows.
#[derive(Debug, Clone, PartialEq)]
pub struct QrSpec {
    /// What it encodes.
    pub url: String,
    /// Where it goes.
    pub area: GridArea,
    /// Line of the spec, for messages.
    pub spec_line: usize,
}

/// Page 1 of a supplied PDF placed in an area, scaled to fit and clipped to it.
#[derive(Debug, Clone, PartialEq)]
pub struct ArtworkSpec {
    /// The PDF file.
    pub file: PathBuf,
    /// Where it goes.
    pub area: GridArea,
    /// Line of the spec, for messages.
    pub spec_line: usize,
}

impl LayoutSpec {
    /// The file and line where line `line` of the spec (a `spec_line`) was written: the
    /// page spec, or the template it names.
    pub fn place(&self, line: usize) -> (PathBuf, usize) {
        self.origins.place(&self.path, line)
    }

    /// The style a reference names.
    pub fn style(&self, r: StyleRef) -> &StyleSpec {
        &self.styles[r.0 as usize]
    }

    /// The style of a name, if the spec defines one.
    pub fn style_named(&self, name: &str) -> Option<StyleRef> {
        self.styles
            .iter()
            .position(|s| s.name == name)
            .map(|i| StyleRef(i as u16))
    }

    /// Every style with its reference, in name order.
    pub fn styles(&self) -> impl Iterator<Item = (StyleRef, &StyleSpec)> {
        self.styles
            .iter()
            .enumerate()
            .map(|(i, s)| (StyleRef(i as u16), s))
    }
}

/// A face the spec names.
#[derive(Debug, Clone, PartialEq)]
pub struct FontSpec {
    /// Its name in the spec.
    pub name: String,
    /// Its file, resolved against the spec's folder.
    pub path: PathBuf,
    /// Which face of the file (a collection's).
    pub face: FaceChoice,
    /// The spec line that names it, for messages about its file.
    pub line: usize,
}

/// Which face of a font file a spec's font is.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum FaceChoice {
    /// The file's one face (a collection named so is refused, listing its faces).
    #[default]
    Only,
    /// The face at this index of a collection.
    Index(u32),
    /// The face of this family and style.
    Named {
        /// Family name.
        family: String,
        /// Style (subfamily) name.
        style: String,
    },
}

/// A face of the spec, by position in [`LayoutSpec::fonts`]; a `FontBook` loaded from
/// the spec's fonts in order holds it at the same index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FontRef(u16);

impl FontRef {
    /// Its position in [`LayoutSpec::fonts`].
    pub fn index(self) -> u16 {
        self.0
    }
}

/// A style of the spec; made only by the loader, so it always names a style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct StyleRef(u16);

/// The styles the engine asks for by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Roles {
    /// `body`: article text; it sets the character grid.
    pub body: StyleRef,
    /// `lead`: the lead-in (本报讯 …); the body style if the spec has none.
    pub lead: StyleRef,
    /// `jump`: the jump lines （下转第2版） and （上接第1版）; the body style if none.
    pub jump: StyleRef,
    /// `jump_head`: a continuation's repeated head (转版标题); else `subhead`, else body.
    pub jump_head: StyleRef,
}

/// The page grid: columns of whole body characters and a baseline grid.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GridSpec {
    /// Number of basic columns (8 on a Chinese broadsheet).
    pub columns: u32,
    /// Body characters per basic column (13 小五 characters).
    pub column_chars: u32,
    /// Gutter in body characters (1).
    pub gutter_chars: u32,
    /// Body font size, which is also the character grid's unit.
    pub body_size: Pt,
    /// Baseline-to-baseline distance.
    pub line_pitch: Pt,
    /// Lines per column.
    pub lines: u32,
    /// Left edge of the type area, from the trim's left.
    pub left: Pt,
    /// Top of the first line's em box, from the trim's top.
    pub top: Pt,
}

/// A rectangle in grid units.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct GridArea {
    /// First column, 1-based.
    pub column: u32,
    /// Number of columns spanned.
    pub span: u32,
    /// First line, 0-based from the top of the type area.
    pub line: u32,
    /// Number of lines.
    pub lines: u32,
}

impl GridArea {
    /// Whether two areas share a cell.
    pub fn overlaps(&self, other: &GridArea) -> bool {
        self.column < other.column + other.span
            && other.column < self.column + self.span
            && self.line < other.line + other.lines
            && other.line < self.line + self.lines
    }
}

/// A named style.
#[derive(Debug, Clone, PartialEq)]
pub struct StyleSpec {
    /// Its name.
    pub name: String,
    /// The face.
    pub font: FontRef,
    /// Size.
    pub size: Pt,
    /// Fill colour.
    pub color: Ink,
    /// Line pitch for multi-line text outside the body grid (heads); defaults to 1.2 × size.
    pub leading: Pt,
    /// How its paragraphs are broken and set.
    pub setting: Setting,
    /// Faces tried in order for a character the style's face lacks (造字 in the private
    /// use area, a rare ideograph).
    pub fallback: Vec<FontRef>,
}

/// Whether an element may overlap others (a deliberate inset or a text box over a tint).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Overlap {
    /// Overlapping another placed element is a spec error.
    #[default]
    Forbid,
    /// This element may overlap others.
    Allow,
}

/// A text box of page furniture.
#[derive(Debug, Clone, PartialEq)]
pub struct TextBoxSpec {
    /// The text; `{key}` is replaced from the furniture file, ` / ` breaks the line.
    pub text: String,
    /// Its style.
    pub style: StyleRef,
    /// Where it goes.
    pub area: GridArea,
    /// Vertical placement in the area.
    pub valign: VAlign,
    /// Line of the spec, for messages.
    pub spec_line: usize,
    /// Whether it may overlap other elements.
    pub overlap: Overlap,
}

/// Vertical placement of a text box's lines in its area.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum VAlign {
    /// At the top.
    Top,
    /// Centred.
    #[default]
    Middle,
    /// At the bottom.
    Bottom,
}

/// A rule or box.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RuleSpec {
    /// What is drawn.
    pub kind: RuleKind,
    /// Where: a horizontal rule runs through the middle of the area's first line, a vertical
    /// one down the middle of the gutter left of its first column, a box around the area.
    pub area: GridArea,
    /// Line weight.
    pub weight: Pt,
    /// Colour.
    pub color: Ink,
}

/// Kinds of rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum RuleKind {
    /// Across the columns.
    Horizontal,
    /// Down a gutter.
    Vertical,
    /// A frame around an area.
    Box,
    /// A filled area (a tint box).
    Fill,
}

/// How a vertical head sets Latin letters and digits (竖排).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum VerticalLatin {
    /// Upright, a character a cell.
    #[default]
    Upright,
    /// Up to three in a row across one cell (直排内横排: the `18` of 1月18日 in one cell);
    /// longer runs upright.
    Across,
}

/// How text flows round a wrap object (`[wrap]`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WrapSpec {
    /// Grid lines kept clear above and below it (1).
    pub standoff_lines: u32,
    /// Body characters kept clear left and right of it (1).
    pub standoff_chars: u32,
    /// Fewest characters a line beside it may hold; rows that would hold fewer are left
    /// empty (4).
    pub min_chars: u32,
}

impl Default for WrapSpec {
    fn default() -> Self {
        Self {
            standoff_lines: 1,
            standoff_chars: 1,
            min_chars: 4,
        }
    }
}

/// A text block set as columns of its own (破栏): an area of n basic columns as `parts`
/// columns of `(n×c + n−1 − (parts−1)) / parts` characters each with one-character
/// gutters (三破二: 41 → 20 | 20; 五破三: 69 → 22 | 22 | 22, remainder 1).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Split {
    /// Columns the block is set in (1: not split).
    pub parts: u32,
    /// Where the characters that do not divide evenly go.
    pub remainder: Remainder,
}

impl Default for Split {
    fn default() -> Self {
        Self {
            parts: 1,
            remainder: Remainder::Column,
        }
    }
}

/// Where a split block's spare characters go (print.md §3.2).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Remainder {
    /// To the first column, which is that much wider.
    #[default]
    Column,
    /// To the gutters, each wider by an equal share.
    Gutters,
}

impl Split {
    /// The columns of a split block of `chars` characters (basic columns and gutters),
    /// as (offset, width) in characters from the block's left edge.
    pub fn columns(&self, chars: u32) -> Vec<(f64, f64)> {
        let k = self.parts.max(1);
        if k == 1 {
            return vec![(0.0, chars as f64)];
        }
        let each = (chars - (k - 1)) / k;
        let spare = chars - (k - 1) - each * k;
        let mut out = Vec::with_capacity(k as usize);
        let mut x = 0.0;
        for i in 0..k {
            let width = match self.remainder {
                Remainder::Column if i == 0 => (each + spare) as f64,
                _ => each as f64,
            };
            out.push((x, width));
            let gutter = match self.remainder {
                Remainder::Gutters => 1.0 + spare as f64 / (k - 1) as f64,
                Remainder::Column => 1.0,
            };
            x += width + gutter;
        }
        out
    }
}

/// A story's part on a later page of an edition (转版): the story it continues (by id,
/// started on an earlier page), the area of its repeated head and its further blocks. The
/// first block's first line and the last line before the jump are the jump lines'.
#[derive(Debug, Clone, PartialEq)]
pub struct ContinuationSpec {
    /// The id of the story, as where it starts.
    pub id: String,
    /// Area of the repeated head (转版标题).
    pub head: GridArea,
    /// Text blocks, threaded in order after the story's blocks on earlier pages.
    pub blocks: Vec<GridArea>,
    /// How each block is split into columns of its own (破栏).
    pub splits: Vec<Split>,
    /// The line of its `[[continuation]]`.
    pub spec_line: usize,
}

/// An article: its text file and where its parts go.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleSpec {
    /// Id, as in the article file.
    pub id: String,
    /// The article file.
    pub file: PathBuf,
    /// The spec line that names the file, for messages about it.
    pub file_line: usize,
    /// Area of the headline deck.
    pub head: Option<GridArea>,
    /// The photo and its caption.
    pub photo: Option<PhotoSpec>,
    /// Text blocks, threaded in order.
    pub blocks: Vec<GridArea>,
    /// How each block is split into columns of its own (破栏).
    pub splits: Vec<Split>,
    /// Its area as a union of rectangles (an L, a 凸), when its blocks were derived from
    /// it; empty when the spec gives the blocks.
    pub shape: Vec<GridArea>,
    /// The styles of its deck, when it has a head area: `kicker`, `headline`, `subhead`
    /// unless the spec overrides them (a secondary story's smaller head).
    pub head_styles: Option<HeadStyles>,
    /// Whether the text is balanced over the blocks instead of filling them in turn.
    pub balance: bool,
    /// Whether its photo stands inside its blocks, the text flowing round it.
    pub wrap: bool,
    /// Its head set vertically (竖排), and how Latin and digits stand in it; `None`:
    /// horizontal.
    pub vertical_head: Option<VerticalLatin>,
    /// Grid lines its photo may give or take so that the article ends flush (the blocks
    /// under the photo move with its foot).
    pub photo_flex: u32,
    /// Grid lines its head's space may give or take (what stands under it moving with it).
    pub head_flex: u32,
    /// Grid lines the border with the article under it may move, one taking the lines the
    /// other gives.
    pub border_flex: u32,
}

/// The styles of a headline deck.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HeadStyles {
    /// 引题.
    pub kicker: StyleRef,
    /// 主题.
    pub headline: StyleRef,
    /// 副题.
    pub subhead: StyleRef,
}

/// A photo box with its caption lines at the bottom.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PhotoSpec {
    /// The whole area: picture above, caption lines below.
    pub area: GridArea,
    /// Lines at the bottom of the area reserved for the caption.
    pub caption_lines: u32,
    /// The caption's style (`caption`).
    pub caption: StyleRef,
    /// The credit's style (`credit`).
    pub credit: StyleRef,
    /// The point of the photo (fractions of its width and height from its top left) a
    /// crop keeps in view, as near the box's centre as the photo allows (`photo_focus`;
    /// the centre by default).
    pub focus: (f64, f64),
}
