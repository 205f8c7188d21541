//! Helpers shared by the integration tests.
#![allow(dead_code)]

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

/// Every glyph the written PDF shows, per page: its origin's x from the trim's left, its
/// baseline from the trim's top, and its size (pt). Read from the content streams as the
/// writer emits them (a text matrix per glyph, under a `cm` for the media margin; photos'
/// matrices stay inside their `q`/`Q`).
#[allow(dead_code)]
pub fn glyph_origins(pdf: &[u8]) -> Vec<Vec<(f64, f64, f64)>> {
    use lopdf::{Document, Object};
    let doc = Document::load_mem(pdf).unwrap();
    let num = |o: &Object| {
        o.as_float()
            .map(f64::from)
            .or_else(|_| o.as_i64().map(|i| i as f64))
            .unwrap()
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
        let content = doc.get_and_decode_page_content(id).unwrap();
        let (mut cm, mut size) = ((0.0, 0.0), 0.0);
        let mut saved = Vec::new();
        let mut glyphs = Vec::new();
        for op in &content.operations {
            match op.operator.as_str() {
                "q" => saved.push(cm),
                "Q" => cm = saved.pop().unwrap_or((0.0, 0.0)),
                // Text is only ever drawn under translations.
                "cm" => {
                    cm = (cm.0 + num(&op.operands[4]), cm.1 + num(&op.operands[5]));
                }
                "Tf" => size = num(&op.operands[1]),
                "Tm" => {
                    let (x, y) = (num(&op.operands[4]) + cm.0, num(&op.operands[5]) + cm.1);
                    glyphs.push((x - trim[0], trim[3] - y, size));
                }
                _ => {}
            }
        }
        out.push(glyphs);
    }
    out
}
