//! Reading a face from a file and checking it can shape and embed.

use std::path::Path;

use super::{Face, FontData, Select};
use crate::error::{Error, Result};

/// Reads a font file (through [`crate::input`]) and checks it is a usable single face.
pub fn load_face(name: &str, path: &Path) -> Result<Face> {
    let input = crate::input::read(path, crate::input::Kind::Font)?;
    face_from_data(name, path, input.bytes, &Select::Only)
}

/// Makes a face from font data already in memory; `path` names it in messages.
pub fn face_from_bytes(name: &str, path: &Path, data: Vec<u8>) -> Result<Face> {
    face_from_data(name, path, FontData::Owned(data), &Select::Only)
}

/// Makes a face from the bytes of an input, the one `select` chooses of a collection;
/// `path` names it in messages. A face the plate may not embed is refused with the reason.
pub fn face_from_data(name: &str, path: &Path, data: FontData, select: &Select) -> Result<Face> {
    let _scope = crate::timing::scope("fonts");
    // The parsers run under the guard: a font that makes one panic is a bad input.
    crate::guard::run(|| check_face(name, path, data, select)).unwrap_or_else(|panic| {
        Err(Error::Font {
            path: path.to_path_buf(),
            message: format!("the font parser failed on this file ({panic})"),
        })
    })
}

fn check_face(name: &str, path: &Path, data: FontData, select: &Select) -> Result<Face> {
    let refuse = |message: String| Error::Font {
        path: path.to_path_buf(),
        message,
    };
    // A collection (.ttc, .otc: Noto CJK ships Japanese, Korean and both Chinese faces in
    // one file) names no face by itself; taking its first would set Chinese text in
    // Japanese forms without a word.
    let count = ttf_parser::fonts_in_collection(&data).unwrap_or(1);
    let index = match (count, select) {
        (1, Select::Only) => 0,
        _ => {
            let faces = super::info::faces_in(&data)
                .ok_or_else(|| refuse("not a usable OpenType font".into()))?;
            super::info::choose(&faces, select).map_err(refuse)?
        }
    };
    let face = ttf_parser::Face::parse(&data, index)
        .map_err(|e| refuse(format!("not a usable OpenType face: {e}")))?;
    if let Some(why) = super::info::info(&face, index).embedding.refusal() {
        return Err(refuse(format!("cannot go on a plate: {why}")));
    }
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
    if rustybuzz::Face::from_slice(&data, index).is_none() {
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
        index,
        units_per_em,
        ascent,
    })
}
