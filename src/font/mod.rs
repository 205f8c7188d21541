//! Fonts: the faces a render may use, loaded from bundled files or paths the spec names.
//!
//! There is no font discovery: a [`FontBook`] holds exactly the faces the spec lists, so a
//! render never depends on what is installed on the machine.

mod charsets;
mod info;
mod load;

pub use charsets::{gb2312, tgscc};
pub use info::{Coverage, Embedding, FaceInfo, Outlines, Select, choose, coverage, faces_in, info};
pub use load::{face_from_bytes, face_from_data, load_face};

use std::path::PathBuf;

/// The bytes of a font file: mapped from disk (fonts are megabytes; reading them was most
/// of a page's load time) or owned (a font built into the binary).
pub use crate::input::Bytes as FontData;

/// Index of a face in its [`FontBook`].
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FontId(pub u16);

/// One loaded font face.
#[derive(Debug)]
pub struct Face {
    /// The name the spec gives the face (e.g. `song`).
    pub name: String,
    /// The file it was read from.
    pub path: PathBuf,
    /// The PostScript name from the `name` table, used for the PDF `/BaseFont`.
    pub postscript_name: String,
    /// The raw font file.
    pub data: FontData,
    /// The face's index in the file (a collection's face; 0 for a single face).
    pub index: u32,
    /// Design units per em.
    pub units_per_em: u16,
    /// Top of the ideographic em box above the baseline, in ems (0.88 for Noto CJK).
    pub ascent: f64,
}

impl Face {
    /// The same face under another spec name, sharing its bytes; `None` unless the bytes
    /// are shared (a session's), since a mapping or an owned copy is not duplicated.
    pub fn renamed(&self, name: &str) -> Option<Face> {
        Some(Face {
            name: name.to_string(),
            path: self.path.clone(),
            postscript_name: self.postscript_name.clone(),
            data: FontData::Shared(self.data.shared()?.clone()),
            index: self.index,
            units_per_em: self.units_per_em,
            ascent: self.ascent,
        })
    }
}

/// The faces available to a render, addressed by [`FontId`].
#[derive(Debug, Default)]
pub struct FontBook {
    faces: Vec<Face>,
}

impl FontBook {
    /// Adds a face and returns its id.
    pub fn push(&mut self, face: Face) -> FontId {
        self.faces.push(face);
        FontId((self.faces.len() - 1) as u16)
    }

    /// Returns the face with this id.
    pub fn face(&self, id: FontId) -> &Face {
        &self.faces[id.0 as usize]
    }

    /// Finds a face by its spec name.
    pub fn by_name(&self, name: &str) -> Option<FontId> {
        self.faces
            .iter()
            .position(|f| f.name == name)
            .map(|i| FontId(i as u16))
    }

    /// All faces with their ids, in load order.
    pub fn iter(&self) -> impl Iterator<Item = (FontId, &Face)> {
        self.faces
            .iter()
            .enumerate()
            .map(|(i, f)| (FontId(i as u16), f))
    }

    /// The faces, in id order (to merge books).
    pub fn into_faces(self) -> Vec<Face> {
        self.faces
    }

    /// Builds the shaping faces once per render; they borrow the font data. Every face
    /// was checked to parse when it was loaded, so none is left out.
    pub fn shaping_faces(&self) -> Vec<rustybuzz::Face<'_>> {
        self.faces
            .iter()
            .filter_map(|f| rustybuzz::Face::from_slice(&f.data, f.index))
            .collect()
    }
}
