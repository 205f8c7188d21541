//! Subsetting each face once per document, keeping only the glyphs the pages use.

use std::collections::{BTreeMap, BTreeSet};

use allsorts::binary::read::ReadScope;
use allsorts::font_data::FontData;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};

use crate::error::{Error, Result};
use crate::font::Face;

/// A face cut down to the glyphs a document uses.
#[derive(Clone)]
pub struct Subset {
    /// The subset font program.
    pub data: Vec<u8>,
    /// Original glyph id → glyph id in the subset.
    pub remap: BTreeMap<u16, u16>,
    /// Original glyph id → the code the content stream shows it by: the subset's glyph id,
    /// or for a CID-keyed CFF font the CID its charset gives that glyph.
    pub codes: BTreeMap<u16, u16>,
    /// The PDF name: a six-letter tag derived from the glyph set, `+`, the PostScript name.
    pub name: String,
}

/// Subsets a face to `glyphs` (glyph 0, `.notdef`, is always kept).
pub fn subset_face(face: &Face, glyphs: &BTreeSet<u16>) -> Result<Subset> {
    // The subsetter runs under the guard (allsorts has panicked on real CJK fonts).
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
    let err = |m: String| Error::Font {
        path: face.path.clone(),
        message: format!("subsetting failed: {m}"),
    };
    let font = ReadScope::new(&face.data)
        .read::<FontData<'_>>()
        .map_err(|e| err(e.to_string()))?;
    let provider = font
        .table_provider(face.index as usize)
        .map_err(|e| err(e.to_string()))?;
    let data = subset(&provider, &ids, &SubsetProfile::Pdf, CmapTarget::Unicode)
        .map_err(|e| err(e.to_string()))?;
    // allsorts numbers the subset's glyphs in the order they were asked for.
    let remap: BTreeMap<u16, u16> = ids
        .iter()
        .enumerate()
        .map(|(new, old)| (*old, new as u16))
        .collect();
    // What viewers look a code up by (as printpdf writes `/W` and ToUnicode).
    let charset = printpdf::cff_charset_gid_to_cid_map(&data, 0);
    let codes = remap
        .iter()
        .map(|(old, new)| {
            let code = charset.as_ref().and_then(|c| c.get(new).copied());
            (*old, code.unwrap_or(*new))
        })
        .collect();
    Ok(Subset {
        data,
        remap,
        codes,
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
