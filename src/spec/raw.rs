//! The spec file as serde sees it: structs that mirror the TOML, spans and all.
//! [`super::load`] turns them into a validated [`super::LayoutSpec`].

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

use super::{Overlap, Remainder, RuleKind, VAlign};
use crate::style::{Align, Prohibition, PunctStyle};

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSpec {
    pub(super) page: RawPage,
    pub(super) grid: RawGrid,
    pub(super) fonts: BTreeMap<String, Spanned<RawFont>>,
    pub(super) styles: BTreeMap<String, Spanned<RawStyle>>,
    pub(super) furniture: Option<Spanned<String>>,
    #[serde(default)]
    pub(super) text: Vec<Spanned<RawText>>,
    #[serde(default)]
    pub(super) rule: Vec<Spanned<RawRule>>,
    #[serde(default)]
    pub(super) article: Vec<Spanned<RawArticle>>,
    #[serde(default)]
    pub(super) continuation: Vec<Spanned<RawContinuation>>,
    pub(super) output: Option<Spanned<RawOutput>>,
    #[serde(default)]
    pub(super) artwork: Vec<Spanned<RawArtwork>>,
    #[serde(default)]
    pub(super) qr: Vec<Spanned<RawQr>>,
    /// How text flows round wrap objects.
    pub(super) wrap: Option<Spanned<RawWrap>>,
    /// Named spot inks and their process alternates (CMYK percentages).
    #[serde(default)]
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFontTable {
    path: String,
    face: Option<u32>,
    family: Option<String>,
    style: Option<String>,
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
#[derive(Deserialize, Clone)]
#[serde(untagged)]
pub(super) enum RawColor {
    Cmyk([f64; 4]),
    Gray {
        gray: f64,
    },
    Spot {
        spot: String,
        #[serde(default = "hundred")]
        tint: f64,
    },
}

fn hundred() -> f64 {
    100.0
}

/// `[[qr]]`: a QR code of a URL, drawn as vector modules.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawQr {
    /// Its id, by which a page removes it from its template.
    #[allow(dead_code)]
    pub(super) id: Option<String>,
    pub(super) url: Spanned<String>,
    pub(super) area: Spanned<RawArea>,
    #[serde(default)]
    pub(super) overlap: Overlap,
}

/// `[[artwork]]`: page 1 of a supplied PDF (an ad, a nameplate, a logo) in an area.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArtwork {
    /// Its id, by which a page removes it from its template.
    #[allow(dead_code)]
    pub(super) id: Option<String>,
    pub(super) file: Spanned<String>,
    pub(super) area: Spanned<RawArea>,
    #[serde(default)]
    pub(super) overlap: Overlap,
}

/// `[output]`: what the PDF is made for.
#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawOutput {
    pub(super) profile: Option<Spanned<String>>,
    /// A registered printing condition (`IFRA26`).
    pub(super) condition: Option<Spanned<String>>,
    pub(super) condition_info: Option<String>,
    /// An ICC output profile to embed.
    pub(super) icc: Option<Spanned<String>>,
    /// mm
    pub(super) bleed: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) marks: Vec<Spanned<String>>,
    /// percent
    pub(super) ink_limit: Option<Spanned<f64>>,
    pub(super) min_ppi: Option<Spanned<f64>>,
    #[serde(default)]
    pub(super) min_ppi_is_error: bool,
    pub(super) max_ppi: Option<Spanned<f64>>,
    /// `cmyk` (default) or `gray`.
    pub(super) photos: Option<Spanned<String>>,
    /// Spot inks the press has a unit for; any other is printed as its process alternate.
    #[serde(default)]
    pub(super) spots: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawPage {
    pub(super) name: String,
    /// Trim width in mm.
    pub(super) width: Spanned<f64>,
    /// Trim height in mm.
    pub(super) height: Spanned<f64>,
    /// Top of the type area in mm.
    pub(super) top: Spanned<f64>,
    /// Left of the type area in mm; centred in the trim if absent.
    pub(super) left: Option<Spanned<f64>>,
    /// `YYYY-MM-DD`.
    pub(super) issue_date: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawGrid {
    pub(super) columns: Spanned<u32>,
    pub(super) column_chars: Spanned<u32>,
    pub(super) gutter_chars: Spanned<u32>,
    /// pt
    pub(super) body_size: Spanned<f64>,
    /// pt
    pub(super) line_pitch: Spanned<f64>,
    pub(super) lines: Spanned<u32>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawStyle {
    pub(super) font: Spanned<String>,
    pub(super) size: Spanned<f64>,
    /// CMYK in percent.
    pub(super) color: Option<Spanned<RawColor>>,
    #[serde(default)]
    pub(super) align: Align,
    #[serde(default)]
    pub(super) indent: f64,
    #[serde(default = "yes")]
    pub(super) justify: bool,
    #[serde(default)]
    pub(super) prohibit: Prohibition,
    pub(super) leading: Option<f64>,
    #[serde(default)]
    pub(super) punct: PunctStyle,
    #[serde(default)]
    pub(super) hang: bool,
    #[serde(default = "yes")]
    pub(super) han_latin_spacing: bool,
    #[serde(default = "two_u8")]
    pub(super) min_last_line_han: u8,
    #[serde(default = "yes")]
    pub(super) normalize: bool,
    #[serde(default)]
    pub(super) widows: bool,
    /// The narrowest a line may be scaled across to fit (0.5–1).
    #[serde(default = "unscaled")]
    pub(super) condense: f64,
    /// Faces tried, in order, for a character the style's face lacks.
    #[serde(default)]
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

#[derive(Deserialize, Clone, Copy)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArea {
    pub(super) column: u32,
    #[serde(default = "one")]
    pub(super) span: u32,
    pub(super) line: u32,
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

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawText {
    /// Its id, by which a page removes it from its template.
    #[allow(dead_code)]
    pub(super) id: Option<String>,
    /// A wrap object: a box or a pull quote that article text flows around.
    #[serde(default)]
    pub(super) wrap: bool,
    pub(super) text: String,
    pub(super) style: Spanned<String>,
    pub(super) area: Spanned<RawArea>,
    #[serde(default)]
    pub(super) valign: VAlign,
    #[serde(default)]
    pub(super) overlap: Overlap,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawRule {
    /// Its id, by which a page removes it from its template.
    #[allow(dead_code)]
    pub(super) id: Option<String>,
    pub(super) kind: RuleKind,
    pub(super) area: Spanned<RawArea>,
    /// pt
    #[serde(default = "hairline")]
    pub(super) weight: f64,
    pub(super) color: Option<Spanned<RawColor>>,
}

fn hairline() -> f64 {
    0.5
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawArticle {
    pub(super) id: Spanned<String>,
    pub(super) file: Spanned<String>,
    pub(super) head: Option<Spanned<RawArea>>,
    pub(super) photo: Option<Spanned<RawArea>>,
    #[serde(default = "two")]
    pub(super) caption_lines: u32,
    /// The text blocks; or derived from `shape`.
    pub(super) blocks: Option<Spanned<Vec<Spanned<RawArea>>>>,
    /// The article's area as a union of rectangles, its blocks derived from it.
    pub(super) shape: Option<Spanned<Vec<Spanned<RawArea>>>>,
    #[serde(default)]
    pub(super) styles: RawHeadStyles,
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
    #[serde(default)]
    pub(super) overlap: Overlap,
}

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
pub(super) struct RawHeadStyles {
    pub(super) kicker: Option<Spanned<String>>,
    pub(super) headline: Option<Spanned<String>>,
    pub(super) subhead: Option<Spanned<String>>,
}

fn two() -> u32 {
    2
}

/// A story's part on a later page of the edition (转版).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawContinuation {
    pub(super) id: Spanned<String>,
    pub(super) head: Spanned<RawArea>,
    pub(super) blocks: Spanned<Vec<Spanned<RawArea>>>,
    #[serde(default)]
    pub(super) overlap: Overlap,
}

/// `[wrap]`: how text flows round photos and boxes inside its blocks.
#[derive(Deserialize)]
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
