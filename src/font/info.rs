//! What a font file holds, face by face: names, weight, outline format, embedding
//! permission and coverage of the Chinese character sets a newspaper sets (`broadsheet
//! fonts`), and the choice of one face of a collection.

use super::charsets;

/// Which face of a font file to use.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
pub enum Select {
    /// The file's one face; a collection of several faces is refused, listing them.
    #[default]
    Only,
    /// The face at this index of a collection (0 for a single-face file).
    Index(u32),
    /// The face with this family and style (subfamily) name, as `broadsheet fonts` lists
    /// them (`Noto Serif CJK SC`, `Regular`).
    Named {
        /// The family name.
        family: String,
        /// The style name.
        style: String,
    },
}

/// How a face's outlines are stored.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outlines {
    /// TrueType quadratic outlines (`glyf`).
    TrueType,
    /// Compact Font Format (`CFF `), PostScript outlines.
    Cff,
    /// CFF2 (variable PostScript outlines).
    Cff2,
    /// No outline table (a bitmap or colour font).
    None,
}

impl std::fmt::Display for Outlines {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Self::TrueType => "TrueType (glyf)",
            Self::Cff => "CFF",
            Self::Cff2 => "CFF2",
            Self::None => "no outlines",
        })
    }
}

/// What a face's licence lets a PDF do with it (OS/2 `fsType`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Embedding(pub u16);

impl Embedding {
    /// Why a plate may not embed the face as broadsheet embeds every face (a subset of
    /// its outlines), if it may not.
    pub fn refusal(self) -> Option<&'static str> {
        let bits = self.0;
        if bits & 0x000f == 0x0002 {
            Some("its licence forbids embedding it (OS/2 fsType: restricted licence)")
        } else if bits & 0x0200 != 0 {
            Some("its licence allows embedding its bitmaps only (OS/2 fsType), not its outlines")
        } else if bits & 0x0100 != 0 {
            Some("its licence forbids subsetting it (OS/2 fsType), and a plate embeds subsets")
        } else {
            None
        }
    }
}

impl std::fmt::Display for Embedding {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        if let Some(why) = self.refusal() {
            return write!(f, "refused: {why}");
        }
        f.write_str(match self.0 & 0x000f {
            0 => "installable",
            0x0004 => "preview and print",
            _ => "editable",
        })
    }
}

/// One face of a font file, as `broadsheet fonts` shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct FaceInfo {
    /// Its index in the file (0 for a single-face file).
    pub index: u32,
    /// The family name (typographic family where the font gives one).
    pub family: String,
    /// The style name (typographic subfamily where given).
    pub style: String,
    /// The PostScript name.
    pub postscript: String,
    /// The weight class (400 regular, 700 bold).
    pub weight: u16,
    /// How its outlines are stored.
    pub outlines: Outlines,
    /// Its embedding permission.
    pub embedding: Embedding,
}

/// How much of the Chinese character sets a face covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Coverage {
    /// Characters of GB 2312's 6,763 hanzi it has a glyph for.
    pub gb2312: usize,
    /// Characters of the 8,105 of 通用规范汉字表 (2013) it has a glyph for.
    pub tgscc: usize,
}

/// The face's coverage of GB 2312 and 通用规范汉字表.
pub fn coverage(face: &ttf_parser::Face<'_>) -> Coverage {
    let covered = |set: &[char]| {
        set.iter()
            .filter(|c| face.glyph_index(**c).is_some())
            .count()
    };
    Coverage {
        gb2312: covered(charsets::gb2312()),
        tgscc: covered(charsets::tgscc()),
    }
}

/// The faces of a font file (one, or each face of a collection); `None` if it is not a
/// font.
pub fn faces_in(data: &[u8]) -> Option<Vec<FaceInfo>> {
    let count = ttf_parser::fonts_in_collection(data).unwrap_or(1);
    let faces: Vec<FaceInfo> = (0..count)
        .filter_map(|i| ttf_parser::Face::parse(data, i).ok().map(|f| info(&f, i)))
        .collect();
    (!faces.is_empty()).then_some(faces)
}

/// The names, weight, outlines and embedding permission of a parsed face.
pub fn info(face: &ttf_parser::Face<'_>, index: u32) -> FaceInfo {
    FaceInfo {
        index,
        family: name(
            face,
            &[
                ttf_parser::name_id::TYPOGRAPHIC_FAMILY,
                ttf_parser::name_id::FAMILY,
            ],
        ),
        style: name(
            face,
            &[
                ttf_parser::name_id::TYPOGRAPHIC_SUBFAMILY,
                ttf_parser::name_id::SUBFAMILY,
            ],
        ),
        postscript: name(face, &[ttf_parser::name_id::POST_SCRIPT_NAME]),
        weight: face.weight().to_number(),
        outlines: outlines(face),
        embedding: Embedding(fs_type(face)),
    }
}

/// The first of the name ids the face has, in English where it has several languages.
fn name(face: &ttf_parser::Face<'_>, ids: &[u16]) -> String {
    for id in ids {
        let names: Vec<ttf_parser::name::Name<'_>> = face
            .names()
            .into_iter()
            .filter(|n| n.name_id == *id && n.is_unicode())
            .collect();
        let english = names
            .iter()
            .find(|n| n.language_id == 0x0409)
            .or(names.first());
        if let Some(text) = english.and_then(|n| n.to_string()) {
            return text;
        }
    }
    String::new()
}

fn outlines(face: &ttf_parser::Face<'_>) -> Outlines {
    let tables = face.tables();
    if tables.glyf.is_some() {
        Outlines::TrueType
    } else if tables.cff.is_some() {
        Outlines::Cff
    } else if tables.cff2.is_some() {
        Outlines::Cff2
    } else {
        Outlines::None
    }
}

/// The OS/2 table's `fsType` (bytes 8–9); 0 (installable) without one.
fn fs_type(face: &ttf_parser::Face<'_>) -> u16 {
    face.raw_face()
        .table(ttf_parser::Tag::from_bytes(b"OS/2"))
        .and_then(|t| t.get(8..10))
        .map_or(0, |b| u16::from_be_bytes([b[0], b[1]]))
}

/// The index of the face `select` asks for among `faces`, or why there is none.
pub fn choose(faces: &[FaceInfo], select: &Select) -> Result<u32, String> {
    let list = || {
        faces
            .iter()
            .map(|f| format!("{}: {} {} ({})", f.index, f.family, f.style, f.postscript))
            .collect::<Vec<_>>()
            .join("; ")
    };
    match select {
        Select::Only if faces.len() == 1 => Ok(faces[0].index),
        Select::Only => Err(format!(
            "is a font collection of {} faces ({}); name one: {{ path = \"…\", face = 2 }} or {{ path = \"…\", family = \"…\", style = \"…\" }}",
            faces.len(),
            list()
        )),
        Select::Index(i) => faces
            .iter()
            .find(|f| f.index == *i)
            .map(|f| f.index)
            .ok_or_else(|| format!("has no face {i}; its faces are {}", list())),
        Select::Named { family, style } => faces
            .iter()
            .find(|f| f.family == *family && f.style == *style)
            .map(|f| f.index)
            .ok_or_else(|| {
                format!(
                    "has no face of family \"{family}\" and style \"{style}\"; its faces are {}",
                    list()
                )
            }),
    }
}
