//! Reading a face from a file and checking it can shape and embed.

use std::path::Path;

use super::{Face, FontData};
use crate::error::{Error, Result};

/// Reads a font file (through [`crate::input`]) and checks it is a usable single face.
pub fn load_face(name: &str, path: &Path) -> Result<Face> {
    let input = crate::input::read(path, crate::input::Kind::Font)?;
    face_from_data(name, path, input.bytes)
}

/// Makes a face from font data already in memory; `path` names it in messages.
pub fn face_from_bytes(name: &str, path: &Path, data: Vec<u8>) -> Result<Face> {
    face_from_data(name, path, FontData::Owned(data))
}

/// Makes a face from the bytes of an input; `path` names it in messages.
pub fn face_from_data(name: &str, path: &Path, data: FontData) -> Result<Face> {
    // The parsers run under the guard: a font that makes one panic is a bad input.
    crate::guard::run(|| check_face(name, path, data)).unwrap_or_else(|panic| {
        Err(Error::Font {
            path: path.to_path_buf(),
            message: format!("the font parser failed on this file ({panic})"),
        })
    })
}

fn check_face(name: &str, path: &Path, data: FontData) -> Result<Face> {
    // A collection (.ttc, .otc: Noto CJK ships Japanese, Korean and both Chinese faces in
    // one file) names no face by itself; taking its first would set Chinese text in
    // Japanese forms without a word.
    if let Some(n) = ttf_parser::fonts_in_collection(&data)
        && n > 1
    {
        let faces: Vec<String> = (0..n)
            .map(|i| {
                ttf_parser::Face::parse(&data, i)
                    .ok()
                    .and_then(|f| {
                        f.names()
                            .into_iter()
                            .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
                            .find_map(|n| n.to_string())
                    })
                    .map_or_else(|| format!("{i}: (unnamed)"), |p| format!("{i}: {p}"))
            })
            .collect();
        return Err(Error::Font {
            path: path.to_path_buf(),
            message: format!(
                "is a font collection of {n} faces ({}); name a single-face font file (collections are not read yet)",
                faces.join(", ")
            ),
        });
    }
    let face = ttf_parser::Face::parse(&data, 0).map_err(|e| Error::Font {
        path: path.to_path_buf(),
        message: format!("not a usable OpenType face: {e}"),
    })?;
    let units_per_em = face.units_per_em();
    let postscript_name = face
        .names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::POST_SCRIPT_NAME)
        .find_map(|n| n.to_string())
        .unwrap_or_else(|| name.to_string());
    // The ideographic em box: CJK fonts put its top at 880/1000 (Adobe's convention), which
    // the OS/2 typo ascender records; fall back to it for faces without one.
    let ascent = face
        .tables()
        .os2
        .map(|os2| os2.typographic_ascender() as f64 / units_per_em as f64)
        .filter(|a| *a > 0.5 && *a < 1.2)
        .unwrap_or(0.88);
    if rustybuzz::Face::from_slice(&data, 0).is_none() {
        return Err(Error::Font {
            path: path.to_path_buf(),
            message: "cannot be shaped".into(),
        });
    }
    Ok(Face {
        name: name.to_string(),
        path: path.to_path_buf(),
        postscript_name,
        data,
        units_per_em,
        ascent,
    })
}
