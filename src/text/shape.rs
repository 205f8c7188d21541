//! Shaping: a paragraph's runs through rustybuzz into glyphs, once per paragraph.

use std::ops::Range;
use std::str::FromStr;

use super::Paragraph;
use super::cjk::CharClass;
use crate::error::{Warning, Warnings};
use crate::font::{FontBook, FontId};
use crate::geom::Pt;
use crate::style::{ParStyle, TextStyle};

/// One shaped glyph of a paragraph.
#[derive(Debug, Clone)]
pub struct Glyph {
    /// Glyph id in its face.
    pub gid: u16,
    /// The face.
    pub font: FontId,
    /// The font size.
    pub size: Pt,
    /// Horizontal advance at this size.
    pub advance: Pt,
    /// Horizontal offset of the outline from the pen position.
    pub x_offset: Pt,
    /// Vertical offset of the outline, upwards.
    pub y_offset: Pt,
    /// The bytes of the paragraph text this glyph shows; empty for all but the first glyph
    /// of a cluster.
    pub text: Range<u32>,
    /// The first character of its cluster.
    pub ch: char,
    /// The class of that character.
    pub class: CharClass,
    /// Index of the style run it belongs to ([`ShapedPara::styles`]).
    pub run: u16,
}

impl Glyph {
    /// Whether the glyph shows whitespace.
    pub fn is_space(&self) -> bool {
        self.class == CharClass::Space
    }
}

/// A shaped paragraph: the input of line breaking.
#[derive(Debug, Clone)]
pub struct ShapedPara {
    /// The paragraph text.
    pub text: String,
    /// Glyphs in logical order.
    pub glyphs: Vec<Glyph>,
    /// How the paragraph is broken and set.
    pub style: ParStyle,
    /// The text style of each run, indexed by [`Glyph::run`].
    pub styles: Vec<TextStyle>,
    /// The line plans made for it so far (a shaped paragraph is not changed afterwards).
    pub(super) plans: super::plans::Plans,
}

impl ShapedPara {
    /// The text style a glyph is set in.
    pub fn glyph_style(&self, glyph: &Glyph) -> &TextStyle {
        &self.styles[glyph.run as usize]
    }

    /// The text a glyph shows.
    pub fn glyph_text(&self, glyph: &Glyph) -> &str {
        &self.text[glyph.text.start as usize..glyph.text.end as usize]
    }

    /// The text a set line of this paragraph shows.
    pub fn line_text(&self, line: &super::LineBox) -> String {
        line.glyphs
            .iter()
            .map(|p| self.glyph_text(&self.glyphs[p.index]))
            .collect()
    }
}

/// Shapes a paragraph with the faces of `book`, recording characters that no face of
/// their style can show in `warnings`.
///
/// Each style run is split where a character is missing from the style's face but found in
/// one of its fallbacks; marks, joiners and selectors stay with the character before them.
/// `faces` are the shaping faces of `book`, built once per render
/// ([`FontBook::shaping_faces`]).
pub fn shape(
    book: &FontBook,
    faces: &[rustybuzz::Face<'_>],
    para: &Paragraph,
    warnings: &mut Warnings,
) -> ShapedPara {
    let _scope = crate::timing::scope("shape");
    let mut glyphs = Vec::with_capacity(para.text.len() / 3 + 4);
    for (run, (range, style)) in para.runs.iter().enumerate() {
        if range.is_empty() {
            continue;
        }
        let mut chain = [style.font; 1 + crate::style::Fallback::MAX];
        let mut len = 1;
        for id in style.fallback.iter() {
            chain[len] = id;
            len += 1;
        }
        let chain = &chain[..len];
        let mut start = range.start;
        let mut current = None;
        for (i, c) in para.text[range.clone()].char_indices() {
            let at = range.start + i;
            let font = match current {
                Some(f) if clings(c) => f,
                _ => chain
                    .iter()
                    .copied()
                    .find(|f| covers(faces, *f, c))
                    .unwrap_or(style.font),
            };
            if current.is_some_and(|f| f != font) {
                let run_style = TextStyle {
                    font: current.unwrap_or(font),
                    ..*style
                };
                shape_segment(
                    book,
                    faces,
                    para,
                    start..at,
                    run,
                    run_style,
                    chain,
                    &mut glyphs,
                    warnings,
                );
                start = at;
            }
            current = Some(font);
        }
        let run_style = TextStyle {
            font: current.unwrap_or(style.font),
            ..*style
        };
        shape_segment(
            book,
            faces,
            para,
            start..range.end,
            run,
            run_style,
            chain,
            &mut glyphs,
            warnings,
        );
    }
    let styles = para.runs.iter().map(|(_, s)| *s).collect();
    ShapedPara {
        text: para.text.clone(),
        glyphs,
        style: para.style,
        styles,
        plans: Default::default(),
    }
}

/// Whether a face has a glyph for `c`.
fn covers(faces: &[rustybuzz::Face<'_>], font: FontId, c: char) -> bool {
    faces
        .get(font.0 as usize)
        .is_some_and(|f| f.glyph_index(c).is_some())
}

/// Characters that belong with the one before them: combining marks, joiners, selectors,
/// spaces.
fn clings(c: char) -> bool {
    c.is_whitespace()
        || is_default_ignorable(c)
        || matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}' | '\u{3099}' | '\u{309a}')
}

/// Whether a character counts as text (in overset counts and the character ledger):
/// everything but whitespace, which is layout, and default-ignorable characters, which are
/// never drawn.
pub fn is_counted(c: char) -> bool {
    !c.is_whitespace() && !is_default_ignorable(c)
}

/// Unicode's Default_Ignorable_Code_Point: characters that are never drawn (joiners,
/// variation selectors, invisible operators); a font need not have glyphs for them.
pub fn is_default_ignorable(c: char) -> bool {
    matches!(c,
        '\u{ad}' | '\u{34f}' | '\u{61c}' | '\u{115f}' | '\u{1160}' | '\u{17b4}' | '\u{17b5}'
        | '\u{180b}'..='\u{180f}' | '\u{200b}'..='\u{200f}' | '\u{202a}'..='\u{202e}'
        | '\u{2060}'..='\u{206f}' | '\u{3164}' | '\u{fe00}'..='\u{fe0f}' | '\u{feff}'
        | '\u{ffa0}' | '\u{fff0}'..='\u{fff8}' | '\u{1bca0}'..='\u{1bca3}'
        | '\u{1d173}'..='\u{1d17a}' | '\u{e0000}'..='\u{e0fff}')
}

/// Shapes one stretch of a run in one face and appends its glyphs.
#[allow(clippy::too_many_arguments)]
fn shape_segment(
    book: &FontBook,
    faces: &[rustybuzz::Face<'_>],
    para: &Paragraph,
    range: Range<usize>,
    run: usize,
    style: TextStyle,
    chain: &[FontId],
    glyphs: &mut Vec<Glyph>,
    warnings: &mut Warnings,
) {
    let Some(face) = faces.get(style.font.0 as usize) else {
        return;
    };
    if range.is_empty() {
        return;
    }
    let scale = style.size.get() / face.units_per_em() as f64;
    let text = &para.text[range.clone()];
    // Full-width forms of dashes, ellipses and interpuncts: the Noto faces centre them
    // on the ideographic em box only under `fwid` (clreq; GB/T 15834 §4.9–4.11).
    let features: Vec<rustybuzz::Feature> = text
        .char_indices()
        .filter(|(_, c)| {
            matches!(
                CharClass::of(*c),
                CharClass::Dash | CharClass::Ellipsis | CharClass::Interpunct
            )
        })
        .map(|(i, c)| rustybuzz::Feature::new(FWID, 1, i..i + c.len_utf8()))
        .chain(
            para.style
                .setting
                .vertical
                .then(|| [VERT, VRT2].map(|tag| rustybuzz::Feature::new(tag, 1, ..)))
                .into_iter()
                .flatten(),
        )
        .collect();
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    buffer.set_language(ZH_HANS.clone());
    buffer.set_direction(rustybuzz::Direction::LeftToRight);
    buffer.guess_segment_properties();
    let output = rustybuzz::shape(face, &features, buffer);
    let infos = output.glyph_infos();
    let positions = output.glyph_positions();
    let run_start = glyphs.len();
    for (info, pos) in infos.iter().zip(positions) {
        let start = range.start + info.cluster as usize;
        let ch = para.text[start..].chars().next().unwrap_or(' ');
        let class = CharClass::of(ch);
        if info.glyph_id == 0 && class != CharClass::Space {
            if is_default_ignorable(ch) {
                // Never drawn: its text goes with the glyph before it.
                continue;
            }
            warnings.warn(Warning::MissingGlyph {
                ch,
                faces: chain.iter().map(|f| book.face(*f).name.clone()).collect(),
                owner: String::new(),
                place: None,
            });
        }
        glyphs.push(Glyph {
            gid: info.glyph_id as u16,
            font: style.font,
            size: style.size,
            advance: Pt(pos.x_advance as f64 * scale),
            x_offset: Pt(pos.x_offset as f64 * scale),
            y_offset: Pt(pos.y_offset as f64 * scale),
            text: start as u32..start as u32,
            ch,
            class,
            run: run as u16,
        });
    }
    assign_cluster_text(&mut glyphs[run_start..], range.end);
    // A leading character that was not drawn (a joiner) keeps its text with the first glyph.
    if let Some(first) = glyphs.get_mut(run_start) {
        first.text.start = range.start as u32;
    }
    for g in &mut glyphs[run_start..] {
        let text = &para.text[g.text.start as usize..g.text.end as usize];
        // A mark on a space (a standalone diacritic) is drawn: not a space to trim.
        if g.class == CharClass::Space && text.chars().any(is_counted) {
            g.class = CharClass::Other;
        }
        fix_width(g, text.chars().count());
    }
}

/// The language every run is shaped in.
static ZH_HANS: std::sync::LazyLock<rustybuzz::Language> = std::sync::LazyLock::new(|| {
    rustybuzz::Language::from_str("zh-Hans").unwrap_or_else(|_| unreachable!("a valid BCP 47 tag"))
});

/// `fwid`: full-width forms.
const FWID: rustybuzz::ttf_parser::Tag = rustybuzz::ttf_parser::Tag::from_bytes(b"fwid");

/// Vertical alternates and their rotated forms, for text set in a column.
const VERT: rustybuzz::ttf_parser::Tag = rustybuzz::ttf_parser::Tag::from_bytes(b"vert");
const VRT2: rustybuzz::ttf_parser::Tag = rustybuzz::ttf_parser::Tag::from_bytes(b"vrt2");

/// Sets the widths Chinese typography fixes whatever the font says: a dash or ellipsis
/// is one em per character (`——` two ems, GB/T 15834 §4.9, §4.11), an interpunct half an
/// em (clreq), and a full-width mark a full em even where the font draws it proportional
/// (News Kai's curly quotes), with its ink kept on the GB side of the cell.
fn fix_width(g: &mut Glyph, chars_in_cluster: usize) {
    let em = g.size;
    let target = match g.class {
        // `⸺` is a two-em dash in one character.
        CharClass::Dash if g.ch == '⸺' => em * (2 * chars_in_cluster.max(1)) as f64,
        CharClass::Dash | CharClass::Ellipsis if chars_in_cluster > 0 => {
            em * chars_in_cluster as f64
        }
        CharClass::Interpunct => em * 0.5,
        CharClass::PauseStop | CharClass::Closing if g.advance < em * 0.9 => {
            g.advance = em;
            return;
        }
        CharClass::Opening if g.advance < em * 0.9 => {
            g.x_offset += em - g.advance;
            g.advance = em;
            return;
        }
        _ => return,
    };
    g.x_offset += (target - g.advance) / 2.0;
    g.advance = target;
}

/// Gives the first glyph of each cluster the bytes up to the next cluster's start.
fn assign_cluster_text(glyphs: &mut [Glyph], run_end: usize) {
    let mut next_start = run_end as u32;
    for i in (0..glyphs.len()).rev() {
        let start = glyphs[i].text.start;
        let first_of_cluster = i == 0 || glyphs[i - 1].text.start != start;
        if first_of_cluster {
            glyphs[i].text = start..next_start;
            next_start = start;
        }
    }
}
