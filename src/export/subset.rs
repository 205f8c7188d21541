//! Subsetting each face once per document, keeping only the glyphs the pages use.

use std::collections::{BTreeMap, BTreeSet};

use crate::error::{Error, Result};
use crate::font::Face;

/// A face cut down to the glyphs a document uses.
#[derive(Clone)]
pub struct Subset {
    /// The subset font program.
    pub data: Vec<u8>,
    /// Original glyph id → glyph id in the subset, which is also the code the content
    /// stream shows it by (a CFF font's subset is CID-keyed with each glyph's CID its id).
    pub remap: BTreeMap<u16, u16>,
    /// The PDF name: a six-letter tag derived from the glyph set, `+`, the PostScript name.
    pub name: String,
}

/// Subsets a face to `glyphs` (glyph 0, `.notdef`, is always kept).
pub fn subset_face(face: &Face, glyphs: &BTreeSet<u16>) -> Result<Subset> {
    // The subsetter runs under the guard (a subsetter has panicked on real CJK fonts).
    crate::guard::run(|| subset_unguarded(face, glyphs)).unwrap_or_else(|panic| {
        Err(Error::Font {
            path: face.path.clone(),
            message: format!("subsetting failed ({panic})"),
        })
    })
}

fn subset_unguarded(face: &Face, glyphs: &BTreeSet<u16>) -> Result<Subset> {
    let mut ids: Vec<u16> = Vec::with_capacity(glyphs.len() + 1);
    ids.push(0);
    ids.extend(glyphs.iter().copied().filter(|g| *g != 0));
    // The subset's glyphs are numbered in the order they are asked for: .notdef, then
    // the document's glyphs in ascending order. Only the glyph table and what PDF needs
    // of the font are read (typst's subsetter): the faces' tens of thousands of other
    // glyphs are never looked at.
    let mut remapper = subsetter::GlyphRemapper::new();
    for id in &ids {
        remapper.remap(*id);
    }
    let data = subsetter::subset(&face.data, face.index, &remapper).map_err(|e| Error::Font {
        path: face.path.clone(),
        message: format!("subsetting failed: {e}"),
    })?;
    let remap: BTreeMap<u16, u16> = ids
        .iter()
        .map(|old| (*old, remapper.get(*old).unwrap_or(0)))
        .collect();
    Ok(Subset {
        data,
        remap,
        name: format!(
            "{}+{}",
            tag(&face.postscript_name, &ids),
            face.postscript_name
        ),
    })
}

/// A subset tag (six capital letters, ISO 32000 §9.6.4) that depends only on the face and
/// the glyphs kept, so identical input gives identical output.
fn tag(name: &str, ids: &[u16]) -> String {
    // FNV-1a: small, stable across platforms and Rust versions (unlike `DefaultHasher`).
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut eat = |b: u8| {
        h ^= b as u64;
        h = h.wrapping_mul(0x100_0000_01b3);
    };
    name.bytes().for_each(&mut eat);
    ids.iter().flat_map(|g| g.to_be_bytes()).for_each(&mut eat);
    (0..6)
        .map(|i| (b'A' + ((h >> (i * 5)) % 26) as u8) as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every glyph kept is the same glyph in the subset (outline box and advance), under
    /// the id the remap gives it (the code it is shown by); the rest are gone.
    fn assert_kept_glyphs_keep_their_shapes(path: &str, text: &str) {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path);
        let face = crate::font::load_face("face", &path).unwrap();
        let original = ttf_parser::Face::parse(&face.data, face.index).unwrap();
        let glyphs: BTreeSet<u16> = text
            .chars()
            .filter_map(|c| original.glyph_index(c))
            .map(|g| g.0)
            .collect();
        assert!(glyphs.len() > 10, "{path:?} covers the text");
        let cut = subset_face(&face, &glyphs).unwrap();
        let sub = ttf_parser::Face::parse(&cut.data, 0).unwrap();
        assert_eq!(sub.number_of_glyphs() as usize, glyphs.len() + 1);
        assert_eq!(cut.remap[&0], 0);
        for old in &glyphs {
            let new = cut.remap[old];
            let (o, n) = (ttf_parser::GlyphId(*old), ttf_parser::GlyphId(new));
            assert_eq!(
                original.glyph_bounding_box(o),
                sub.glyph_bounding_box(n),
                "{path:?}: glyph {old}"
            );
            assert_eq!(original.glyph_hor_advance(o), sub.glyph_hor_advance(n));
        }
        assert!(cut.data.len() < face.data.len() / 5, "{path:?} is subset");
        assert_eq!(cut.name.len(), 7 + face.postscript_name.len());
    }

    #[test]
    fn kept_glyphs_keep_their_shapes_under_their_new_ids() {
        assert_kept_glyphs_keep_their_shapes(
            "fonts/NotoSansSC-Regular.ttf",
            "浙江工人日报，Broadsheet 2023",
        );
    }

    /// A CID-keyed CFF face (every CJK `.otf`), kept CID-keyed with each glyph's CID its
    /// new id.
    #[test]
    fn a_cff_face_keeps_its_shapes_under_its_new_ids() {
        assert_kept_glyphs_keep_their_shapes(
            "tests/data/fonts/CffSansSC-Regular.otf",
            "北京是中华人民共和国的首都，Broadsheet 2023",
        );
    }
}
