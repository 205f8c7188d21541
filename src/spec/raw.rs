//! The spec file as serde sees it: structs that mirror the TOML, spans and all.
//! [`super::load`] turns them into a validated [`super::LayoutSpec`].

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Deserialize;
use toml::Spanned;

use super::{Overlap, Remainder, RuleKind, VAlign};
use crate::style::{Align, Prohibition, PunctStyle};

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpec {
    /// The page: its name, trim size, type area and issue date.
    pub(super) page: RawPage,
    /// The grid: columns, their width in body characters, gutters, body size, line pitch and lines.
    pub(super) grid: RawGrid,
    /// The faces, by the names styles use: a font file's path (beside this file), or a table choosing a face of a collection.
    #[schemars(with = "BTreeMap<String, RawFont>")]
    pub(super) fonts: BTreeMap<String, Spanned<RawFont>>,
    /// The styles, by name: body, lead, headline and the others that roles and boxes use.
    #[schemars(with = "BTreeMap<String, RawStyle>")]
    pub(super) styles: BTreeMap<String, Spanned<RawStyle>>,
    /// The furniture file: the texts of the masthead and boxes by key (`{key}` in a text box).
    #[schemars(with = "Option<String>")]
    pub(super) furniture: Option<Spanned<String>>,
    /// Text boxes of page furniture (masthead, ears, slogans, footers), and wrap objects.
    #[serde(default)]
    #[schemars(with = "Vec<RawText>")]
    pub(super) text: Vec<Spanned<RawText>>,
    /// Rules, boxes and tint fills.
    #[serde(default)]
    #[schemars(with = "Vec<RawRule>")]
    pub(super) rule: Vec<Spanned<RawRule>>,
    /// The articles that start on this page, in reading order.
    #[serde(default)]
    #[schemars(with = "Vec<RawArticle>")]
    pub(super) article: Vec<Spanned<RawArticle>>,
    /// Parts of stories that started on an earlier page of the edition (转版).
    #[serde(default)]
    #[schemars(with = "Vec<RawContinuation>")]
    pub(super) continuation: Vec<Spanned<RawContinuation>>,
    /// What the PDF is made for: profile, printing condition, bleed, marks, ink and resolution limits.
    #[schemars(with = "Option<RawOutput>")]
    pub(super) output: Option<Spanned<RawOutput>>,
    /// Supplied PDFs (ads, nameplates, logos) placed in areas.
    #[serde(default)]
    #[schemars(with = "Vec<RawArtwork>")]
    pub(super) artwork: Vec<Spanned<RawArtwork>>,
    /// QR codes of URLs, drawn as vector modules.
    #[serde(default)]
    #[schemars(with = "Vec<RawQr>")]
    pub(super) qr: Vec<Spanned<RawQr>>,
    /// How text flows round wrap objects.
    #[schemars(with = "Option<RawWrap>")]
    pub(super) wrap: Option<Spanned<RawWrap>>,
    /// Named spot inks and their process alternates (CMYK percentages).
    #[serde(default)]
    #[schemars(with = "BTreeMap<String, [f64; 4]>")]
    pub(super) spots: BTreeMap<String, Spanned<[f64; 4]>>,
}

/// A font of `[fonts]`: a file's path, or a table naming a face of a collection by index
/// (`{ path = "NotoSerifCJK-Regular.ttc", face = 2 }`) or by family and style.
pub(super) struct RawFont {
    pub(super) path: String,
    pub(super) face: Option<u32>,
    pub(super) family: Option<String>,
    pub(super) style: Option<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
struct RawFontTable {
    /// The font file (beside this file): a single face, or a collection (.ttc, .otc).
    path: String,
    /// Of a collection, the face's index (as `broadsheet fonts FILE` lists them).
    face: Option<u32>,
    /// Of a collection, the face's family name (with `style`).
    family: Option<String>,
    /// Of a collection, the face's style name (with `family`).
    style: Option<String>,
}

impl JsonSchema for RawFont {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Font".into()
    }

    fn json_schema(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
        let table = generator.subschema_for::<RawFontTable>();
        schemars::json_schema!({
            "description": "A font file's path (beside this file), or a table naming a face of a collection.",
            "anyOf": [{ "type": "string" }, table]
        })
    }
}

impl<'de> Deserialize<'de> for RawFont {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Either;
        impl<'de> serde::de::Visitor<'de> for Either {
            type Value = RawFont;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(
                    "a font file's path, or { path = \"…\", face = N } or { path = \"…\", family = \"…\", style = \"…\" } for a face of a collection",
                )
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<RawFont, E> {
                Ok(RawFont {
                    path: v.to_string(),
                    face: None,
                    family: None,
                    style: None,
                })
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<RawFont, A::Error> {
                let t =
                    RawFontTable::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
                Ok(RawFont {
                    path: t.path,
                    face: t.face,
                    family: t.family,
                    style: t.style,
                })
            }
        }
        d.deserialize_any(Either)
    }
}

/// A colour: `[C, M, Y, K]` percentages, `{ gray = 40 }` (black ink alone), or
/// `{ spot = "NAME", tint = 100 }` naming an ink of `[spots]`.
#[derive(Deserialize, JsonSchema, Clone)]
#[serde(untagged)]
pub(super) enum RawColor {
    /// Cyan, magenta, yellow and black in percent.
    Cmyk([f64; 4]),
    /// A tint of black ink alone.
    Gray {
        /// Percent of black.
        gray: f64,
    },
    /// A spot ink of `[spots]`.
    Spot {
        /// The ink's name in `[spots]`.
        spot: String,
        /// Percent of the ink.
        #[serde(default = "hundred")]
        tint: f64,
    },
}

fn hundred() -> f64 {
    100.0
}

/// `[[qr]]`: a QR code of a URL, drawn as vector modules.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQr {
    /// Its id, by which a page removes it from its template.
    #[allow(dead_code)]
    pub(super) id: Option<String>,
    /// The URL it encodes.
    #[schemars(with = "String")]
    pub(super) url: Spanned<String>,
    /// Where it goes on the grid.
    #[schemars(with = "RawArea")]
    pub(super) area: Spanned<RawArea>,
    /// Whether it may overlap other elements.
    #[serde(default)]
    pub(super) overlap: Overlap,
}

/// `[[artwork]]`: page 1 of a supplied PDF (an ad, a nameplate, a logo) in an area.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArtwork {
    /// Its id, by which a page removes it from its template.
    #[allow(dead_code)]
    pub(super) id: Option<String>,
    /// The PDF file (beside this file); its first page is placed.
    #[schemars(with = "String")]
    pub(super) file: Spanned<String>,
    /// Where it goes on the grid.
    #[schemars(with = "RawArea")]
    pub(super) area: Spanned<RawArea>,
    /// Whether it may overlap other elements.
    #[serde(default)]
    pub(super) overlap: Overlap,
}

/// `[output]`: what the PDF is made for.
#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutput {
    /// The output profile: `pdfx-1a` (default), `pdfx-4` or `screen`.
    #[schemars(with = "Option<String>")]
    pub(super) profile: Option<Spanned<String>>,
    /// A registered printing condition (`IFRA26`).
    #[schemars(with = "Option<String>")]
    pub(super) condition: Option<Spanned<String>>,
    /// A description of the printing condition, for the output intent.
    pub(super) condition_info: Option<String>,
    /// An ICC output profile to embed.
    #[schemars(with = "Option<String>")]
    pub(super) icc: Option<Spanned<String>>,
    /// mm
    #[schemars(with = "Option<f64>")]
    pub(super) bleed: Option<Spanned<f64>>,
    /// Printer's marks: `crop`, `registration`, `colorbar`, `slug`.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(super) marks: Vec<Spanned<String>>,
    /// percent
    #[schemars(with = "Option<f64>")]
    pub(super) ink_limit: Option<Spanned<f64>>,
    /// Lowest resolution of a placed photo in ppi; below it is a warning.
    #[schemars(with = "Option<f64>")]
    pub(super) min_ppi: Option<Spanned<f64>>,
    /// Whether a photo under `min_ppi` stops the render.
    #[serde(default)]
    pub(super) min_ppi_is_error: bool,
    /// Highest resolution a converted photo is embedded at, in ppi.
    #[schemars(with = "Option<f64>")]
    pub(super) max_ppi: Option<Spanned<f64>>,
    /// `cmyk` (default) or `gray`.
    #[schemars(with = "Option<String>")]
    pub(super) photos: Option<Spanned<String>>,
    /// Spot inks the press has a unit for; any other is printed as its process alternate.
    #[serde(default)]
    pub(super) spots: Vec<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPage {
    /// The page's name (the PDF's title).
    pub(super) name: String,
    /// Trim width in mm.
    #[schemars(with = "f64")]
    pub(super) width: Spanned<f64>,
    /// Trim height in mm.
    #[schemars(with = "f64")]
    pub(super) height: Spanned<f64>,
    /// Top of the type area in mm.
    #[schemars(with = "f64")]
    pub(super) top: Spanned<f64>,
    /// Left of the type area in mm; centred in the trim if absent.
    #[schemars(with = "Option<f64>")]
    pub(super) left: Option<Spanned<f64>>,
    /// `YYYY-MM-DD`.
    #[schemars(with = "Option<String>")]
    pub(super) issue_date: Option<Spanned<String>>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGrid {
    /// Number of columns.
    #[schemars(with = "u32")]
    pub(super) columns: Spanned<u32>,
    /// Width of a column in body characters.
    #[schemars(with = "u32")]
    pub(super) column_chars: Spanned<u32>,
    /// Width of a gutter in body characters.
    #[schemars(with = "u32")]
    pub(super) gutter_chars: Spanned<u32>,
    /// pt
    #[schemars(with = "f64")]
    pub(super) body_size: Spanned<f64>,
    /// pt
    #[schemars(with = "f64")]
    pub(super) line_pitch: Spanned<f64>,
    /// Body lines in a column.
    #[schemars(with = "u32")]
    pub(super) lines: Spanned<u32>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStyle {
    /// The face, by its name in `[fonts]`.
    #[schemars(with = "String")]
    pub(super) font: Spanned<String>,
    /// Size in pt.
    #[schemars(with = "f64")]
    pub(super) size: Spanned<f64>,
    /// CMYK in percent.
    #[schemars(with = "Option<RawColor>")]
    pub(super) color: Option<Spanned<RawColor>>,
    /// Placement of lines that are not justified.
    #[serde(default)]
    pub(super) align: Align,
    /// First-line indent in ems (2 for Chinese body text).
    #[serde(default)]
    pub(super) indent: f64,
    /// Whether lines but the last are justified to the measure.
    #[serde(default = "yes")]
    pub(super) justify: bool,
    /// Line-edge prohibitions (禁则).
    #[serde(default)]
    pub(super) prohibit: Prohibition,
    /// Baseline-to-baseline distance in pt, for lines off the body grid (heads, boxes).
    pub(super) leading: Option<f64>,
    /// How full-width punctuation is set.
    #[serde(default)]
    pub(super) punct: PunctStyle,
    /// Whether `，。、` may hang outside the measure.
    #[serde(default)]
    pub(super) hang: bool,
    /// Whether Han and Western letters or digits are set a quarter em apart.
    #[serde(default = "yes")]
    pub(super) han_latin_spacing: bool,
    /// Fewest Han characters a paragraph's last line may hold (2 forbids a lone character; 0 turns it off).
    #[serde(default = "two_u8")]
    pub(super) min_last_line_han: u8,
    /// Whether wire-copy punctuation and spacing are normalized.
    #[serde(default = "yes")]
    pub(super) normalize: bool,
    /// Whether a paragraph's last line may not stand alone at the top of a block.
    #[serde(default)]
    pub(super) widows: bool,
    /// The narrowest a line may be scaled across to fit (0.5–1).
    #[serde(default = "unscaled")]
    pub(super) condense: f64,
    /// Faces tried, in order, for a character the style's face lacks.
    #[serde(default)]
    #[schemars(with = "Vec<String>")]
    pub(super) fallback: Vec<Spanned<String>>,
}

fn unscaled() -> f64 {
    1.0
}

fn two_u8() -> u8 {
    2
}

fn yes() -> bool {
    true
}

#[derive(Deserialize, JsonSchema, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArea {
    /// First column (1-based).
    pub(super) column: u32,
    /// Columns it spans.
    #[serde(default = "one")]
    pub(super) span: u32,
    /// First line of the grid (1-based).
    pub(super) line: u32,
    /// Grid lines it spans.
    #[serde(default = "one")]
    pub(super) lines: u32,
    /// A text block set as this many columns of their own (破栏).
    pub(super) split: Option<u32>,
    /// Where a split's spare characters go.
    pub(super) remainder: Option<Remainder>,
}

fn one() -> u32 {
    1
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawText {
    /// Its id, by which a page removes it from its template.
    #[allow(dead_code)]
    pub(super) id: Option<String>,
    /// A wrap object: a box or a pull quote that article text flows around.
    #[serde(default)]
    pub(super) wrap: bool,
    /// The text: `{key}` is replaced from the furniture file, ` / ` breaks the line.
    pub(super) text: String,
    /// Its style, by name.
    #[schemars(with = "String")]
    pub(super) style: Spanned<String>,
    /// Where it goes on the grid.
    #[schemars(with = "RawArea")]
    pub(super) area: Spanned<RawArea>,
    /// Vertical placement of its lines in the area.
    #[serde(default)]
    pub(super) valign: VAlign,
    /// Whether it may overlap other elements.
    #[serde(default)]
    pub(super) overlap: Overlap,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    /// Its id, by which a page removes it from its template.
    #[allow(dead_code)]
    pub(super) id: Option<String>,
    /// What is drawn.
    pub(super) kind: RuleKind,
    /// Where: a horizontal rule runs through its first line, a vertical one down the gutter left of its first column, a box or fill around or over the area.
    #[schemars(with = "RawArea")]
    pub(super) area: Spanned<RawArea>,
    /// pt
    #[serde(default = "hairline")]
    pub(super) weight: f64,
    /// Colour (as a style's; black by default).
    #[schemars(with = "Option<RawColor>")]
    pub(super) color: Option<Spanned<RawColor>>,
}

fn hairline() -> f64 {
    0.5
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArticle {
    /// The article's id, as its file's `id:` line gives it.
    #[schemars(with = "String")]
    pub(super) id: Spanned<String>,
    /// The article file (beside this file).
    #[schemars(with = "String")]
    pub(super) file: Spanned<String>,
    /// The area of its heads (引题, 主题, 副题).
    #[schemars(with = "Option<RawArea>")]
    pub(super) head: Option<Spanned<RawArea>>,
    /// The area of its photo and caption.
    #[schemars(with = "Option<RawArea>")]
    pub(super) photo: Option<Spanned<RawArea>>,
    /// Grid lines at the foot of the photo area kept for the caption.
    #[serde(default = "two")]
    pub(super) caption_lines: u32,
    /// The text blocks; or derived from `shape`.
    #[schemars(with = "Option<Vec<RawArea>>")]
    pub(super) blocks: Option<Spanned<Vec<Spanned<RawArea>>>>,
    /// The article's area as a union of rectangles, its blocks derived from it.
    #[schemars(with = "Option<Vec<RawArea>>")]
    pub(super) shape: Option<Spanned<Vec<Spanned<RawArea>>>>,
    /// Styles for its heads instead of the defaults.
    #[serde(default)]
    pub(super) styles: RawHeadStyles,
    /// Whether the columns where its text ends share the lines and end level.
    #[serde(default)]
    pub(super) balance: bool,
    /// The photo stands inside the blocks and the text flows round it.
    #[serde(default)]
    pub(super) wrap: bool,
    /// The head is set vertically (竖排).
    #[serde(default)]
    pub(super) head_vertical: bool,
    /// The point of the photo a crop keeps in view (fractions of its width and height).
    pub(super) photo_focus: Option<[f64; 2]>,
    /// Grid lines the photo may give or take for the article to end flush.
    #[serde(default)]
    pub(super) photo_flex: u32,
    /// Grid lines the head may give or take for the article to end flush.
    #[serde(default)]
    pub(super) head_flex: u32,
    /// Grid lines the border with the article under it may move.
    #[serde(default)]
    pub(super) border_flex: u32,
    /// How Latin and digits stand in a vertical head.
    pub(super) head_latin: Option<super::VerticalLatin>,
    /// Whether it may overlap other elements.
    #[serde(default)]
    pub(super) overlap: Overlap,
}

#[derive(Deserialize, JsonSchema, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHeadStyles {
    /// Style of the kicker (引题).
    #[schemars(with = "Option<String>")]
    pub(super) kicker: Option<Spanned<String>>,
    /// Style of the headline (主题).
    #[schemars(with = "Option<String>")]
    pub(super) headline: Option<Spanned<String>>,
    /// Style of the subhead (副题).
    #[schemars(with = "Option<String>")]
    pub(super) subhead: Option<Spanned<String>>,
}

fn two() -> u32 {
    2
}

/// A story's part on a later page of the edition (转版).
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawContinuation {
    /// The id of the story it continues (an article of an earlier page).
    #[schemars(with = "String")]
    pub(super) id: Spanned<String>,
    /// The area of its repeated head.
    #[schemars(with = "RawArea")]
    pub(super) head: Spanned<RawArea>,
    /// Its text blocks, threaded in order.
    #[schemars(with = "Vec<RawArea>")]
    pub(super) blocks: Spanned<Vec<Spanned<RawArea>>>,
    /// Whether it may overlap other elements.
    #[serde(default)]
    pub(super) overlap: Overlap,
}

/// `[wrap]`: how text flows round photos and boxes inside its blocks.
#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub(super) struct RawWrap {
    /// Grid lines kept clear above and below a wrap object.
    #[serde(default = "one")]
    pub(super) standoff_lines: u32,
    /// Body characters kept clear left and right of it.
    #[serde(default = "one")]
    pub(super) standoff_chars: u32,
    /// Fewest characters a line beside it may hold; narrower lines are skipped.
    #[serde(default = "four")]
    pub(super) min_chars: u32,
}

fn four() -> u32 {
    4
}
