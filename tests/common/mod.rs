//! Helpers shared by the integration tests.
#![allow(dead_code)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::sync::atomic::{AtomicUsize, Ordering};

use broadsheet::Rendered;

/// The repository root.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The reference page's spec.
pub fn reference_spec() -> PathBuf {
    root().join("layouts/zjgrrb-front.toml")
}

/// Replaces a file as editors save: a temporary file renamed over it (a watcher never
/// reads it half written).
pub fn save(path: &Path, text: &str) {
    let tmp = path.with_extension("swp");
    std::fs::write(&tmp, text).unwrap();
    std::fs::rename(&tmp, path).unwrap();
}

/// The reference page, rendered once per test binary.
pub fn reference() -> &'static Rendered {
    static PAGE: OnceLock<Rendered> = OnceLock::new();
    PAGE.get_or_init(|| broadsheet::render(&reference_spec()).expect("the reference page renders"))
}

/// Text with whitespace removed and the full-width forms of wire-copy punctuation folded
/// back to ASCII, so a fixture's text and the typeset text can be compared.
pub fn fold(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '，' => ',',
            '：' => ':',
            '；' => ';',
            '（' => '(',
            '）' => ')',
            '？' => '?',
            '！' => '!',
            c => c,
        })
        .collect()
}

/// A font book of the bundled Song face (Noto Serif SC Regular), as `FontId(0)`.
#[allow(dead_code)]
pub fn song_book() -> broadsheet::font::FontBook {
    let mut book = broadsheet::font::FontBook::default();
    book.push(
        broadsheet::font::load_face("song", &root().join("fonts/NotoSerifSC-Regular.ttf")).unwrap(),
    );
    book
}

/// Body text of 9 pt in the face of [`song_book`].
#[allow(dead_code)]
pub fn body_9pt() -> broadsheet::style::ParStyle {
    broadsheet::style::ParStyle::body(broadsheet::style::TextStyle {
        font: broadsheet::font::FontId(0),
        fallback: Default::default(),
        size: broadsheet::geom::Pt(9.0),
        fill: broadsheet::geom::Ink::BLACK,
    })
}

/// Writes a copy of a fixture's `layout.toml` with text replacements into a fresh folder
/// under the target dir, with its relative paths made absolute; returns the copy's path.
pub fn variant(fixture: &str, edits: &[(&str, &str)]) -> PathBuf {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let dir = root().join("fixtures").join(fixture);
    let mut toml = std::fs::read_to_string(dir.join("layout.toml")).expect("fixture layout");
    for (from, to) in edits {
        assert!(
            toml.contains(from),
            "the fixture has no `{from}` to replace"
        );
        toml = toml.replace(from, to);
    }
    let abs = |p: &Path| p.display().to_string();
    toml = toml.replace("\"../../", &format!("\"{}/", abs(&root())));
    toml = toml.replace("file = \"", &format!("file = \"{}/", abs(&dir)));
    let n = COUNTER.fetch_add(1, Ordering::SeqCst);
    let out = Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("{fixture}-{}-{n}", std::process::id()));
    std::fs::create_dir_all(&out).unwrap();
    let path = out.join("layout.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// Like [`variant`], and also copies the fixture's `article.txt` with text replacements
/// (the layout then reads the copy).
pub fn variant_with_article(
    fixture: &str,
    layout: &[(&str, &str)],
    article: &[(&str, &str)],
) -> PathBuf {
    let spec = variant(fixture, layout);
    let dir = root().join("fixtures").join(fixture);
    let mut text = std::fs::read_to_string(dir.join("article.txt")).expect("fixture article");
    for (from, to) in article {
        assert!(
            text.contains(from),
            "the article has no `{from}` to replace"
        );
        text = text.replace(from, to);
    }
    let out = spec.parent().unwrap();
    std::fs::write(out.join("article.txt"), text).unwrap();
    let toml = std::fs::read_to_string(&spec).unwrap().replace(
        &format!("{}/article.txt", dir.display()),
        &format!("{}/article.txt", out.display()),
    );
    std::fs::write(&spec, toml).unwrap();
    spec
}

/// A copy of the reference edition (articles, furniture, photos) in a fresh folder, with a
/// copy of the reference spec that reads it; returns (the edition folder, the spec).
/// Tests edit the copied files to vary the page.
pub fn reference_copy(name: &str) -> (PathBuf, PathBuf) {
    let root = root();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    let source = root.join("fixtures/2023-01-18");
    let edition = dir.join("2023-01-18");
    std::fs::create_dir_all(edition.join("photos")).unwrap();
    for sub in ["", "photos"] {
        for entry in std::fs::read_dir(source.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, edition.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let spec = std::fs::read_to_string(reference_spec())
        .unwrap()
        .replace(
            "\"../fixtures/2023-01-18/",
            &format!("\"{}/", edition.display()),
        )
        .replace("\"../", &format!("\"{}/", root.display()));
    let spec_path = dir.join("front.toml");
    std::fs::write(&spec_path, spec).unwrap();
    (edition, spec_path)
}

/// One glyph as a PDF shows it: its font's name, size, origin (x from the trim's left,
/// baseline from the trim's top) and advance (pt, scaled as drawn).
#[allow(dead_code)]
#[derive(Debug, Clone)]
pub struct PdfGlyph {
    pub font: String,
    pub size: f64,
    pub x: f64,
    pub baseline: f64,
    pub advance: f64,
    /// The advance in the font's units per 1000 (1000: a full-width glyph).
    pub width: f64,
    /// The character its font's ToUnicode map gives it.
    pub ch: Option<char>,
}

/// Every glyph of every page, read from the content streams with the fonts' `/W` widths
/// and the `TJ` adjustments, as a viewer places them (for text the writer emits: Type 0
/// fonts with 2-byte codes, `Tm` per run, under translations only).
#[allow(dead_code)]
pub fn pdf_glyphs(pdf: &[u8]) -> Vec<Vec<PdfGlyph>> {
    use lopdf::{Document, Object};
    let doc = Document::load_mem(pdf).unwrap();
    let num = |o: &Object| {
        o.as_float()
            .map(f64::from)
            .or_else(|_| o.as_i64().map(|i| i as f64))
            .unwrap()
    };
    let deref = |o: &Object| -> Object {
        match o {
            Object::Reference(id) => doc.get_object(*id).unwrap().clone(),
            o => o.clone(),
        }
    };
    let mut out = Vec::new();
    for (_, id) in doc.get_pages() {
        let page = doc.get_dictionary(id).unwrap();
        let trim: Vec<f64> = page
            .get(b"TrimBox")
            .or_else(|_| page.get(b"MediaBox"))
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(num)
            .collect();
        // Each font resource: its name and widths by code.
        type Font = (String, BTreeMap<u16, f64>, f64, BTreeMap<u16, char>);
        let mut fonts: BTreeMap<Vec<u8>, Font> = BTreeMap::new();
        let resources = deref(page.get(b"Resources").unwrap());
        let font_dict = deref(resources.as_dict().unwrap().get(b"Font").unwrap());
        for (name, font) in font_dict.as_dict().unwrap().iter() {
            let font = deref(font);
            let font = font.as_dict().unwrap();
            let base = String::from_utf8_lossy(font.get(b"BaseFont").unwrap().as_name().unwrap())
                .into_owned();
            let descendant = deref(
                &deref(font.get(b"DescendantFonts").unwrap())
                    .as_array()
                    .unwrap()[0],
            );
            let descendant = descendant.as_dict().unwrap();
            let dw = descendant.get(b"DW").map(num).unwrap_or(1000.0);
            let mut widths = BTreeMap::new();
            if let Ok(w) = descendant.get(b"W") {
                let w = deref(w);
                let w = w.as_array().unwrap();
                let mut i = 0;
                while i < w.len() {
                    let first = num(&w[i]) as u16;
                    match deref(&w[i + 1]) {
                        Object::Array(list) => {
                            for (k, v) in list.iter().enumerate() {
                                widths.insert(first + k as u16, num(v));
                            }
                            i += 2;
                        }
                        last => {
                            let (last, v) = (num(&last) as u16, num(&w[i + 2]));
                            for c in first..=last {
                                widths.insert(c, v);
                            }
                            i += 3;
                        }
                    }
                }
            }
            // The ToUnicode map's single-code entries (the writer writes `bfchar` only).
            let mut chars = BTreeMap::new();
            if let Ok(Object::Reference(r)) = font.get(b"ToUnicode") {
                let stream = doc.get_object(*r).unwrap().as_stream().unwrap();
                let data = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                let text = String::from_utf8_lossy(&data);
                let hex = |h: &str| u32::from_str_radix(h.trim_matches(['<', '>']), 16).ok();
                for line in text.lines() {
                    let parts: Vec<&str> = line.split_whitespace().collect();
                    if let [code, uni] = parts[..]
                        && code.starts_with('<')
                        && uni.starts_with('<')
                        && let (Some(code), Some(uni)) = (hex(code), hex(uni))
                        && let Some(c) = char::from_u32(uni)
                    {
                        chars.insert(code as u16, c);
                    }
                }
            }
            fonts.insert(name.clone(), (base, widths, dw, chars));
        }
        let content = doc.get_and_decode_page_content(id).unwrap();
        let (mut cm, mut saved) = ((0.0, 0.0), Vec::new());
        let (mut font, mut size, mut scale, mut x, mut y) = (Vec::new(), 0.0, 1.0, 0.0, 0.0);
        let mut glyphs = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "q" => saved.push(cm),
                "Q" => cm = saved.pop().unwrap_or((0.0, 0.0)),
                "cm" => cm = (cm.0 + num(&op.operands[4]), cm.1 + num(&op.operands[5])),
                "Tf" => {
                    font = op.operands[0].as_name().unwrap().to_vec();
                    size = num(&op.operands[1]);
                }
                "Tm" => {
                    scale = num(&op.operands[0]);
                    x = num(&op.operands[4]) + cm.0;
                    y = num(&op.operands[5]) + cm.1;
                }
                "TJ" | "Tj" => {
                    let (name, widths, dw, chars) = &fonts[&font];
                    let items = match &op.operands[0] {
                        Object::Array(a) => a.clone(),
                        o => vec![o.clone()],
                    };
                    for item in items {
                        match item {
                            Object::String(bytes, _) => {
                                for pair in bytes.chunks(2) {
                                    let code = u16::from_be_bytes([pair[0], pair[1]]);
                                    let w = widths.get(&code).copied().unwrap_or(*dw);
                                    let advance = w / 1000.0 * size * scale;
                                    glyphs.push(PdfGlyph {
                                        font: name.clone(),
                                        size,
                                        x: x - trim[0],
                                        baseline: trim[3] - y,
                                        advance,
                                        width: w,
                                        ch: chars.get(&code).copied(),
                                    });
                                    x += advance;
                                }
                            }
                            o => x -= num(&o) / 1000.0 * size * scale,
                        }
                    }
                }
                _ => {}
            }
        }
        out.push(glyphs);
    }
    out
}

#[allow(dead_code)]
/// A font collection (`ttcf`) of the given single-face fonts, in order: each font's table
/// directory and tables copied after the header, their offsets moved accordingly.
pub fn collection(fonts: &[&[u8]]) -> Vec<u8> {
    let header = 12 + 4 * fonts.len() as u32;
    let mut ttc = b"ttcf".to_vec();
    ttc.extend(0x0001_0000u32.to_be_bytes());
    ttc.extend((fonts.len() as u32).to_be_bytes());
    let mut at = header;
    for f in fonts {
        ttc.extend(at.to_be_bytes());
        at += f.len() as u32;
    }
    let mut start = header;
    for f in fonts {
        let mut body = f.to_vec();
        let tables = u16::from_be_bytes([f[4], f[5]]) as usize;
        for t in 0..tables {
            let at = 12 + 16 * t + 8;
            let offset = u32::from_be_bytes(f[at..at + 4].try_into().unwrap()) + start;
            body[at..at + 4].copy_from_slice(&offset.to_be_bytes());
        }
        start += f.len() as u32;
        ttc.extend(body);
    }
    ttc
}
