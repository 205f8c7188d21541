//! Supplied artwork: a PDF page (an advertisement, a calligraphic nameplate, a logo) as
//! its file describes it, read once to find page 1 and its finished size.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::error::{Error, Result};

/// Page 1 of a supplied PDF.
#[derive(Debug, Clone, PartialEq)]
pub struct Artwork {
    /// The file.
    pub path: PathBuf,
    /// Its bytes, parsed again by the writer that imports the page.
    pub data: Arc<[u8]>,
    /// The page's finished size `[llx lly urx ury]`: its TrimBox, else its MediaBox.
    pub bbox: [f64; 4],
    /// The page's `/Rotate`, clockwise: 0, 90, 180 or 270.
    pub rotate: u16,
}

impl Artwork {
    /// Width and height in points, as the page is shown (after its `/Rotate`).
    pub fn size(&self) -> (f64, f64) {
        let (w, h) = (self.bbox[2] - self.bbox[0], self.bbox[3] - self.bbox[1]);
        if self.rotate % 180 == 90 {
            (h, w)
        } else {
            (w, h)
        }
    }
}

/// Reads page 1's box of a supplied PDF; `path` names it in messages.
pub fn probe_artwork(path: &Path, data: Arc<[u8]>) -> Result<Artwork> {
    let error = |message: String| Error::Content {
        file: path.to_path_buf(),
        line: 1,
        message,
    };
    let doc = crate::guard::run(|| lopdf::Document::load_mem(&data))
        .map_err(|panic| error(format!("the PDF parser failed on this file ({panic})")))?
        .map_err(|e| error(format!("is not a readable PDF: {e}")))?;
    let page = *doc
        .get_pages()
        .get(&1)
        .ok_or_else(|| error("has no pages".into()))?;
    let dict = doc
        .get_dictionary(page)
        .map_err(|e| error(format!("page 1 cannot be read: {e}")))?;
    let inherited = |key: &[u8]| -> Option<&lopdf::Object> {
        let mut current = dict;
        for _ in 0..32 {
            if let Ok(v) = current.get(key) {
                return Some(v);
            }
            current = current.get_deref(b"Parent", &doc).ok()?.as_dict().ok()?;
        }
        None
    };
    let rotate = inherited(b"Rotate")
        .and_then(|r| r.as_i64().ok())
        .map_or(0, |r| r.rem_euclid(360) as u16);
    if rotate % 90 != 0 {
        return Err(error(format!(
            "page 1 has /Rotate {rotate}, not a multiple of 90"
        )));
    }
    let rect = |key: &[u8]| -> Option<[f64; 4]> {
        let mut current = dict;
        for _ in 0..32 {
            if let Ok(v) = current.get(key) {
                let a = doc.dereference(v).ok()?.1.as_array().ok()?;
                let v: Vec<f64> = a
                    .iter()
                    .map(|x| x.as_float().ok().map(f64::from))
                    .collect::<Option<_>>()?;
                return (v.len() == 4).then(|| {
                    [
                        v[0].min(v[2]),
                        v[1].min(v[3]),
                        v[0].max(v[2]),
                        v[1].max(v[3]),
                    ]
                });
            }
            current = current.get_deref(b"Parent", &doc).ok()?.as_dict().ok()?;
        }
        None
    };
    let bbox = rect(b"TrimBox")
        .or_else(|| rect(b"MediaBox"))
        .ok_or_else(|| error("page 1 has no MediaBox".into()))?;
    if !(bbox[2] - bbox[0] > 0.0 && bbox[3] - bbox[1] > 0.0) {
        return Err(error("page 1 is empty".into()));
    }
    Ok(Artwork {
        path: path.to_path_buf(),
        data,
        bbox,
        rotate,
    })
}
