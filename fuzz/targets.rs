//! The bodies of broadsheet's fuzz targets, shared by the fuzzers (`fuzz/fuzz_targets/`)
//! and by `tests/fuzz_regressions.rs`, which replays every committed crash and seed with
//! plain `cargo test`. Each target asserts broadsheet's own invariants, not only "no
//! panic": a target that returns has found nothing wrong.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use broadsheet::Error;
use broadsheet::font::FontBook;
use broadsheet::geom::{Em, Pt};
use broadsheet::style::{ParStyle, TextStyle};
use broadsheet::text::{Paragraph, Prohibition, PunctStyle, prepare, shape};

/// The names of the targets, as `fuzz/run.sh` and the regression test know them.
pub const TARGETS: &[&str] = &[
    "spec",
    "content",
    "image",
    "linebreak",
    "render",
    "preflight",
];

/// Runs target `name` on one input.
pub fn run(name: &str, data: &[u8]) {
    quiet_guarded_panics();
    match name {
        "spec" => spec(data),
        "content" => content(data),
        "image" => image(data),
        "linebreak" => linebreak(data),
        "render" => {
            render(data);
        }
        "preflight" => preflight(data),
        other => panic!("no fuzz target `{other}`"),
    }
}

/// The repository root, from the fuzz crate or the main one.
pub fn root() -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    if dir.ends_with("fuzz") {
        dir.parent().map(Path::to_path_buf).unwrap_or(dir)
    } else {
        dir
    }
}

/// The spec loader, without any file access: bytes → TOML → validated spec. An error must
/// point inside the input.
pub fn spec(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    // The edition loader reads the same kind of file: pages listed once each, in bounds.
    if let Ok(edition) = broadsheet::edition::parse(Path::new("/fuzz/edition.toml"), text) {
        assert!(!edition.pages.is_empty() && edition.pages.len() <= broadsheet::edition::MAX_PAGES);
        for (i, p) in edition.pages.iter().enumerate() {
            assert!(edition.pages[..i].iter().all(|o| o.label != p.label));
            // Credits are short names that cannot open a `{key}` of their own.
            for (_, credit) in &p.credits {
                assert!(!credit.is_empty() && !credit.contains(['{', '}']));
            }
            // A jump line names the page by its label, whatever the label is.
            let line = broadsheet::compose::jump_text(&p.label, true);
            assert!(line.starts_with("（下转") && line.contains(p.label.as_str()));
        }
    }
    // Page templates, both ways: the input as a page naming the fixture's template, and
    // the fixture's page naming the input as its template. A merged spec is a spec, or
    // an error at a line of one of the two files.
    let template = include_str!("../fixtures/page-template/template.toml");
    let page = include_str!("../fixtures/page-template/layout.toml");
    for (source, given) in [(text, template), (page, text)] {
        let result =
            broadsheet::spec::parse_with(Path::new("/fuzz/layout.toml"), source, &mut |_| {
                Ok(given.to_string())
            });
        if let Err(Error::Spec {
            line: Some(line),
            file,
            ..
        }) = &result
        {
            let lines = if file.ends_with("layout.toml") {
                source
            } else {
                given
            };
            assert!(
                *line >= 1 && *line <= lines.lines().count().max(1) + 1,
                "{file:?}:{line}"
            );
        }
    }
    match broadsheet::spec::parse(Path::new("/fuzz/spec.toml"), text) {
        Ok(spec) => {
            assert!(spec.width.get().is_finite() && spec.width > Pt::ZERO);
            assert!(spec.height.get().is_finite() && spec.height > Pt::ZERO);
            for (_, s) in spec.styles() {
                assert!(s.leading >= s.size, "a style's lines overlap");
            }
            let grid = broadsheet::grid::PageGrid::new(spec.grid);
            // A continuation's areas are on the page, and its story does not start here.
            for c in &spec.continuations {
                assert!(spec.articles.iter().all(|a| a.id != c.id));
                assert!(c.blocks.first().is_some_and(|b| b.lines >= 2));
                for b in std::iter::once(&c.head).chain(&c.blocks) {
                    let r = grid.rect(b);
                    assert!(r.x.get().is_finite() && r.right() <= spec.width + Pt(0.01));
                    assert!(r.bottom() <= spec.height + Pt(0.01));
                }
            }
            for a in &spec.articles {
                for b in &a.blocks {
                    let r = grid.rect(b);
                    assert!(r.x.get().is_finite() && r.right() <= spec.width + Pt(0.01));
                    assert!(r.bottom() <= spec.height + Pt(0.01));
                }
            }
        }
        Err(Error::Spec { line, .. }) => {
            if let Some(line) = line {
                assert!(line >= 1 && line <= text.lines().count().max(1) + 1);
            }
        }
        // The validation pass: every mistake at a line of the text, a column on it.
        Err(Error::Invalid(diagnostics)) => {
            assert!(!diagnostics.is_empty());
            for l in diagnostics.iter().flat_map(|d| &d.labels) {
                assert!(l.line >= 1 && l.line <= text.lines().count().max(1) + 1);
                assert!(l.column >= 1 && l.column <= l.text.chars().count() + 1);
                assert!(l.text.get(l.range.clone()).is_some());
            }
        }
        Err(e) => panic!("the spec parser reads no files, yet: {e}"),
    }
}

/// Article and furniture files (the first byte picks which): no control character
/// survives, and every paragraph has text.
pub fn content(data: &[u8]) {
    let Some((&which, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let path = Path::new("/fuzz/article.txt");
    if which % 2 == 0 {
        if let Ok(a) = broadsheet::content::parse_article(path, text) {
            assert!(!a.paragraphs.is_empty());
            for p in &a.paragraphs {
                assert!(!p.trim().is_empty(), "an empty paragraph");
                assert!(
                    !p.chars().any(|c| (c.is_control() && c != '\t')
                        || matches!(c, '\u{2028}' | '\u{2029}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')),
                    "a control or separator character survived: {p:?}"
                );
            }
            assert!(a.headline.iter().all(|l| l.chars().count() <= 2_000));
            for value in [&a.caption, &a.credit, &a.lead].into_iter().flatten() {
                assert!(
                    !value
                        .chars()
                        .any(|c| (c.is_control() && c != '\t')
                            || matches!(c, '\u{2028}' | '\u{2029}')),
                    "a header value kept a control or separator: {value:?}"
                );
            }
        }
    } else if let Ok(f) = broadsheet::content::parse_furniture(path, text) {
        for (k, line) in &f.lines {
            assert!(f.entries.contains_key(k) && *line >= 1);
        }
    }
}

/// A panic inside a third-party decoder that broadsheet runs under its guard is caught
/// and reported as an error about the input (the design, tested by the targets'
/// assertions on the result); the fuzzer's panic hook, which aborts on any panic, is
/// kept for every other panic.
fn quiet_guarded_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let fuzzer_hook = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !broadsheet::guard::active() {
                fuzzer_hook(info);
            }
        }));
    });
}

/// Photos: the header is checked before decoding, and what decodes is whole. The pixel
/// limit is lowered to 65,536 pixels, so that executions go to the decoders' logic
/// rather than to filling 40-megapixel buffers from a kilobyte of noise (that limit's
/// own check is the same code at any value).
pub fn image(data: &[u8]) {
    const LIMIT: u64 = 1 << 16;
    let path = Path::new("/fuzz/photo");
    if let Ok(photo) = broadsheet::content::decode_photo_within(path, data, LIMIT) {
        assert!(photo.width > 0 && photo.height > 0);
        assert!(photo.width as u64 * photo.height as u64 <= LIMIT);
        assert!(matches!(photo.channels, 1 | 3));
        assert_eq!(
            photo.data.len(),
            photo.width as usize * photo.height as usize * photo.channels as usize
        );
    }
    // The header alone: what a render reads of a photo that passes through.
    if let Ok(photo) = broadsheet::content::probe_photo(path, std::sync::Arc::from(data)) {
        assert!(photo.width > 0 && photo.height > 0 && (1..=8).contains(&photo.orientation));
    }
}

/// The preflight reads PDFs from outside: any bytes give findings, never a panic, and a
/// file that cannot be read is one `unreadable` finding.
pub fn preflight(data: &[u8]) {
    use broadsheet::preflight::{Rules, check};
    for profile in broadsheet::plate::Profile::ALL {
        let findings = check(data, &Rules::new(profile));
        assert_eq!(findings.profile, profile);
        if findings.pages == 0 {
            assert!(!findings.passes() || !profile.is_pdfx() || findings.violations.is_empty());
        }
        let _ = findings.to_json();
    }
}

/// The bundled body face, shaped once per process.
fn book() -> &'static FontBook {
    static BOOK: OnceLock<FontBook> = OnceLock::new();
    BOOK.get_or_init(|| {
        let mut book = FontBook::default();
        let bytes = include_bytes!("../fonts/NotoSerifSC-Regular.ttf").to_vec();
        let face =
            broadsheet::font::face_from_bytes("song", Path::new("<bundled>"), bytes).unwrap();
        book.push(face);
        book
    })
}

/// Shaping, line breaking and flow on real text with the real body face. The first two
/// bytes give the measure (¼ em to 64 em) and the style; the rest is the text.
///
/// Asserts, per paragraph: every glyph but trimmed spaces is set exactly once and in order
/// (B1), every line advances (B2), no line is wider than its measure unless it hangs or is
/// an emergency break (B3), no line starts or ends against the prohibitions unless it is
/// an emergency break (B4), and setting again gives the same lines (B6).
pub fn linebreak(data: &[u8]) {
    let [a, b, rest @ ..] = data else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    if text.len() > 1024 {
        return;
    }
    let measure_em = 0.25 + (*a as f64) / 4.0;
    let prohibition = [
        Prohibition::None,
        Prohibition::Basic,
        Prohibition::Gb,
        Prohibition::Strict,
    ][(*b & 3) as usize];
    let punct = [
        PunctStyle::Quanjiao,
        PunctStyle::Kaiming,
        PunctStyle::Banjiao,
        PunctStyle::Hangmobanjiao,
        PunctStyle::Plain,
    ][((*b >> 2) % 5) as usize];
    let mut style = ParStyle::body(TextStyle {
        font: broadsheet::font::FontId(0),
        fallback: Default::default(),
        size: Pt(9.0),
        fill: broadsheet::geom::Ink::BLACK,
    });
    style.setting.prohibition = prohibition;
    style.setting.punct = punct;
    style.setting.hang = b & 0x20 != 0;
    style.setting.indent = Em(if b & 0x40 != 0 { 2.0 } else { 0.0 });
    let measure = Em(measure_em).at(Pt(9.0));
    set(text, style, measure);
}

/// The shaping faces of [`book`], built once per process.
fn faces() -> &'static [rustybuzz::Face<'static>] {
    static FACES: OnceLock<Vec<rustybuzz::Face<'static>>> = OnceLock::new();
    FACES.get_or_init(|| book().shaping_faces())
}

/// Sets `text` and checks B1–B4 and B6; returns each paragraph's lines as glyph index
/// lists.
pub fn set(text: &str, style: ParStyle, measure: Pt) -> Vec<Vec<Vec<usize>>> {
    let book = book();
    let faces = faces();
    let mut warnings = broadsheet::Warnings::default();
    let (clean, _) = broadsheet::content::clean(text);
    let mut out = Vec::new();
    for p in broadsheet::content::paragraphs(&clean) {
        let para = shape(
            book,
            faces,
            &Paragraph::plain(prepare(&p, &style), style),
            &mut warnings,
        );
        let slot = broadsheet::flow::Slot {
            x: Pt::ZERO,
            top: Pt::ZERO,
            measure,
            lines: u32::MAX,
            pitch: Pt(13.5),
        };
        let flowed = broadsheet::flow::flow(std::slice::from_ref(&para), &[slot]);
        // B6: the same lines a second time (shaping is pure; breaking must be too).
        let again = broadsheet::flow::flow(std::slice::from_ref(&para), &[slot]);
        assert!(
            flowed
                .lines
                .iter()
                .map(|l| &l.line)
                .eq(again.lines.iter().map(|l| &l.line)),
            "B6: not deterministic"
        );
        assert!(flowed.overset.is_none(), "a bottomless block overflowed");
        // The same paragraph with its lines at measures that change every line: every
        // glyph once, in order, every line within its own measure (unless forced).
        let profile = broadsheet::text::Measures::new(
            vec![measure, measure * 0.6],
            vec![measure * 0.8, measure],
        );
        let mut breaker = broadsheet::text::Breaker::new(&para);
        let (mut at, mut i) = (0, 0);
        while let Some(line) = breaker.next_line_in(&profile.from(i)) {
            assert!(
                line.start >= at && line.next > line.start,
                "a line went back"
            );
            assert!(
                para.glyphs[at..line.start].iter().all(|g| g.is_space()),
                "a glyph was skipped between lines"
            );
            let m = broadsheet::text::measure(&para, line.start, line.end);
            assert!(
                line.forced
                    || line.hang
                    || line.end - line.start < 2
                    || m.min() - line.indent <= profile.at(i) + Pt(0.01),
                "line {i} too wide for its measure"
            );
            at = line.next;
            i += 1;
        }
        assert!(
            para.glyphs[at.min(para.glyphs.len())..]
                .iter()
                .all(|g| g.is_space())
        );
        let mut lines = Vec::new();
        let mut next = 0;
        // A forced break is both the end of one line and the start of the next.
        let mut after_forced = false;
        for set in &flowed.lines {
            let idx: Vec<usize> = set.line.glyphs.iter().map(|g| g.index).collect();
            assert!(!idx.is_empty(), "B2: an empty line");
            for i in &idx {
                // Spaces trimmed at line ends are the only glyphs skipped.
                while next < *i {
                    assert!(para.glyphs[next].is_space(), "B1: glyph {next} was lost");
                    next += 1;
                }
                assert_eq!(*i, next, "B1: glyph {i} set twice or out of order");
                next += 1;
            }
            let forced = set.line.forced;
            let last = *idx.last().unwrap_or(&0);
            let hangs =
                style.setting.hang && set.line.glyphs.last().is_some_and(|g| g.x >= measure);
            if !forced && !hangs && idx.len() > 1 {
                assert!(
                    set.line.width <= measure + Pt(0.01),
                    "B3: a line of {} pt in a {} pt measure",
                    set.line.width.get(),
                    measure.get()
                );
            }
            let p = style.setting.prohibition;
            let lead = para.glyphs[idx[0]].ch;
            let tail = para.glyphs[last].ch;
            let starts_para = idx[0] == 0;
            let ends_para = flowed.lines.last().is_some_and(|l| std::ptr::eq(l, set));
            assert!(
                starts_para || after_forced || !p.forbids_start(lead),
                "B4: a line starts with {lead:?}"
            );
            assert!(
                ends_para || forced || !p.forbids_end(tail),
                "B4: a line ends with {tail:?}"
            );
            after_forced = forced;
            lines.push(idx);
        }
        while next < para.glyphs.len() {
            assert!(
                para.glyphs[next].is_space(),
                "B1: glyph {next} was lost at the end"
            );
            next += 1;
        }
        out.push(lines);
    }
    out
}

/// The whole render: the input becomes the article of a small page (the first two bytes
/// its blocks' depths), rendered to PDF with a small face. Every article's ledger must
/// balance, the PDF must start as one, and a failure must be an input error. Returns
/// whether a PDF was made (the seeds must all make one).
pub fn render(data: &[u8]) -> bool {
    let [a, b, rest @ ..] = data else {
        return false;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return false;
    };
    let dir = scratch();
    let spec_path = dir.join("page.toml");
    let spec = SPEC
        .replace(
            "FONT",
            &root()
                .join("fuzz/data/Tiny-Regular.ttf")
                .display()
                .to_string(),
        )
        .replace("L1", &(1 + a % 9).to_string())
        .replace("L2", &(1 + b % 9).to_string());
    // A text with a blank line is header lines and a body; any other text is the body.
    let article = if text.contains("\n\n") {
        format!("id: F1\n{text}")
    } else {
        format!("id: F1\n\n{text}")
    };
    if std::fs::write(&spec_path, spec).is_err()
        || std::fs::write(dir.join("article.txt"), article).is_err()
    {
        return false;
    }
    match broadsheet::render(&spec_path) {
        Ok(r) => {
            assert!(r.pdf.starts_with(b"%PDF-"));
            for report in &r.reports {
                assert!(report.ledger.balances(), "ledger: {:?}", report.ledger);
            }
            true
        }
        Err(e) => {
            assert_eq!(e.exit_code(), broadsheet::error::exit::INPUT, "{e}");
            false
        }
    }
}

/// The small page of the render target.
const SPEC: &str = r#"
[page]
name = "fuzz"
width = 90.0
height = 70.0
top = 5.0

[grid]
columns = 2
column_chars = 10
gutter_chars = 1
body_size = 9.0
line_pitch = 13.5
lines = 12

[fonts]
tiny = "FONT"

[styles]
body = { font = "tiny", size = 9.0, indent = 2.0 }
kicker = { font = "tiny", size = 9.0, align = "center" }
headline = { font = "tiny", size = 18.0, align = "center" }
subhead = { font = "tiny", size = 10.0, align = "center" }

[[article]]
id = "F1"
file = "article.txt"
head = { column = 1, span = 2, line = 0, lines = 3 }
blocks = [
  { column = 1, line = 3, lines = L1 },
  { column = 2, line = 3, lines = L2 },
]
"#;

/// A scratch folder of this thread (tests run targets on several threads at once),
/// removed when the thread ends.
fn scratch() -> PathBuf {
    struct Dir(PathBuf);
    impl Drop for Dir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }
    thread_local! {
        static DIR: Dir = {
            let n = format!("{:?}", std::thread::current().id());
            let n: String = n.chars().filter(char::is_ascii_digit).collect();
            let dir = std::env::temp_dir()
                .join(format!("broadsheet-fuzz-{}-{n}", std::process::id()));
            let _ = std::fs::create_dir_all(&dir);
            Dir(dir)
        };
    }
    DIR.with(|d| d.0.clone())
}
