//! The glyphs between our pages and printpdf's fonts: printpdf is shown every glyph of the
//! document once, with the text it stands for, and writes each font's widths (`/W`) and
//! ToUnicode map from that; each face's codes and those widths are read back from the
//! document it made, for the pages' content ([`super::content`]) to place glyphs by.

use std::collections::{BTreeMap, BTreeSet};

use super::conformance;
use super::content::FaceCodes;
use super::subset::Subset;
use crate::display::{Document, GlyphRun, Item};
use crate::error::{Error, Result};
use crate::font::FontId;

/// What printpdf is shown of the text so that it can write each font's widths and
/// ToUnicode map: every glyph of the document once, with the text of its last
/// occurrence (as the pages would have shown it, glyph by glyph, in page order); and the
/// faces it showed, those with a glyph on some page.
pub(super) fn glyph_inventory(
    doc: &Document,
    slugs: &[Option<GlyphRun>],
    subsets: &BTreeMap<FontId, (printpdf::FontId, Subset)>,
) -> (Vec<printpdf::Op>, BTreeSet<FontId>) {
    use printpdf::{Codepoint, Op, PdfFontHandle, TextItem};
    let mut texts: BTreeMap<FontId, BTreeMap<u16, Option<&str>>> = BTreeMap::new();
    for (page, slug) in doc.pages.iter().zip(slugs) {
        let runs = page.items.iter().filter_map(|i| match i {
            Item::Text(run) => Some(run),
            _ => None,
        });
        for run in runs.chain(slug) {
            let glyphs = texts.entry(run.font).or_default();
            for g in &run.glyphs {
                let text = &run.text[g.text.start as usize..g.text.end as usize];
                glyphs.insert(g.gid, (!text.is_empty()).then_some(text));
            }
        }
    }
    let mut ops = Vec::new();
    let mut shown = BTreeSet::new();
    for (font, glyphs) in texts {
        let Some((id, subset)) = subsets.get(&font) else {
            continue;
        };
        if glyphs.is_empty() {
            continue;
        }
        shown.insert(font);
        ops.push(Op::StartTextSection);
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: printpdf::Pt(10.0),
        });
        let codepoints = glyphs
            .into_iter()
            .map(|(gid, text)| Codepoint {
                gid: subset.remap[&gid],
                offset: 0.0,
                cid: text.map(str::to_string),
            })
            .collect();
        ops.push(Op::ShowText {
            items: vec![TextItem::GlyphIds(codepoints)],
        });
        ops.push(Op::EndTextSection);
    }
    (ops, shown)
}

/// Each face's resource name, glyph codes and the widths its font dictionary gives them
/// (`/W`, `/DW`), read from the document printpdf made, for the faces it was `shown`.
pub(super) fn face_codes(
    lo: &lopdf::Document,
    subsets: &BTreeMap<FontId, (printpdf::FontId, Subset)>,
    shown: &BTreeSet<FontId>,
) -> Result<BTreeMap<FontId, FaceCodes>> {
    use lopdf::Object;
    let fonts = conformance::shared_resource(lo, b"Font")?;
    let fonts = lo
        .get_dictionary(fonts)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    let resolve = |o: &Object| -> Option<Object> {
        match o {
            Object::Reference(id) => lo.get_object(*id).ok().cloned(),
            other => Some(other.clone()),
        }
    };
    let mut faces = BTreeMap::new();
    for (font, (id, subset)) in subsets.iter().filter(|(f, _)| shown.contains(f)) {
        let cid_font = fonts
            .get(id.0.as_bytes())
            .ok()
            .and_then(resolve)
            .and_then(|f| f.as_dict().ok().cloned())
            .and_then(|f| f.get(b"DescendantFonts").ok().and_then(resolve))
            .and_then(|d| d.as_array().ok().and_then(|a| a.first().cloned()))
            .and_then(|d| resolve(&d))
            .and_then(|d| d.as_dict().ok().cloned());
        // A font printpdf did not write as expected is an error, never text left out.
        let Some(cid_font) = cid_font else {
            return Err(Error::Pdf(format!(
                "the font {} is missing from the document printpdf made",
                id.0
            )));
        };
        let number = |o: &Object| o.as_float().map(f64::from).ok();
        let default_width = cid_font.get(b"DW").ok().and_then(number).unwrap_or(1000.0);
        let mut widths = Vec::new();
        if let Some(Object::Array(w)) = cid_font.get(b"W").ok().and_then(resolve) {
            let mut set = |code: usize, width: f64| {
                if widths.len() <= code {
                    widths.resize(code + 1, default_width);
                }
                widths[code] = width;
            };
            let mut i = 0;
            while i + 1 < w.len() {
                let first = number(&w[i]).unwrap_or(0.0) as usize;
                match resolve(&w[i + 1]) {
                    Some(Object::Array(list)) => {
                        for (k, v) in list.iter().enumerate() {
                            set(first + k, number(v).unwrap_or(default_width));
                        }
                        i += 2;
                    }
                    Some(last) if i + 2 < w.len() => {
                        let last = number(&last).unwrap_or(0.0) as usize;
                        let width = number(&w[i + 2]).unwrap_or(default_width);
                        for code in first..=last.min(first + u16::MAX as usize) {
                            set(code, width);
                        }
                        i += 3;
                    }
                    _ => break,
                }
            }
        }
        faces.insert(
            *font,
            FaceCodes {
                name: id.0.clone(),
                // The code a glyph is shown by is its id in the subset.
                codes: subset.remap.clone(),
                widths,
                default_width,
            },
        );
    }
    Ok(faces)
}
