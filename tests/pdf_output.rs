//! The reference page as a PDF file: size, fonts, text, determinism.

mod common;

use common::{fold, reference};

#[test]
fn one_page_at_the_trim_size() {
    let pdf = lopdf::Document::load_mem(&reference().pdf).expect("parses");
    let pages = pdf.get_pages();
    assert_eq!(pages.len(), 1);
    let page = pdf.get_dictionary(*pages.values().next().unwrap()).unwrap();
    let media: Vec<f64> = page
        .get(b"MediaBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            o.as_float()
                .map(f64::from)
                .or_else(|_| o.as_i64().map(|i| i as f64))
                .unwrap()
        })
        .collect();
    // 390 × 540 mm, the spec's trim.
    let mm = |pt: f64| pt * 25.4 / 72.0;
    assert!((mm(media[2] - media[0]) - 390.0).abs() < 0.01, "{media:?}");
    assert!((mm(media[3] - media[1]) - 540.0).abs() < 0.01, "{media:?}");
}

#[test]
fn every_face_is_embedded_once_as_a_subset() {
    let pdf = lopdf::Document::load_mem(&reference().pdf).unwrap();
    let mut names: Vec<String> = Vec::new();
    let mut programs = 0;
    for object in pdf.objects.values() {
        let Ok(dict) = object.as_dict() else { continue };
        if dict.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"FontDescriptor".as_slice()) {
            let name =
                String::from_utf8(dict.get(b"FontName").unwrap().as_name().unwrap().to_vec())
                    .unwrap();
            assert!(
                dict.has(b"FontFile2") || dict.has(b"FontFile3"),
                "{name} is not embedded"
            );
            // Really subset: the embedded program is a small part of the bundled face.
            let program = dict
                .get(b"FontFile2")
                .or_else(|_| dict.get(b"FontFile3"))
                .unwrap()
                .as_reference()
                .unwrap();
            let stream = pdf.get_object(program).unwrap().as_stream().unwrap();
            let size = stream
                .decompressed_content()
                .map(|c| c.len())
                .unwrap_or(stream.content.len());
            assert!(
                size < 600_000,
                "{name}: {size} bytes embedded; the bundled faces are 3–5 MB"
            );
            programs += 1;
            names.push(name);
        }
    }
    names.sort();
    let mut unique = names.clone();
    unique.dedup();
    assert_eq!(names, unique, "a face is embedded twice");
    assert_eq!(programs, 6, "six faces are used on the page: {names:?}");
    for name in &names {
        let (tag, _) = name
            .split_once('+')
            .unwrap_or_else(|| panic!("{name} has no subset tag"));
        assert!(
            tag.len() == 6 && tag.chars().all(|c| c.is_ascii_uppercase()),
            "{name}"
        );
    }
}

#[test]
fn extracted_text_holds_every_article_once_in_order() {
    // Read the text back out of the written PDF, not out of an internal structure.
    let text = fold(&pdf_extract::extract_text_from_mem(&reference().pdf).expect("text extracts"));
    for name in ["a1", "a2", "a3", "a4", "a5"] {
        let path = common::root().join(format!("fixtures/2023-01-18/{name}.txt"));
        let article = broadsheet::content::load_article(&path).unwrap();
        let mut body = article.lead.clone().unwrap_or_default();
        for p in &article.paragraphs {
            body.push_str(p);
        }
        let expected = fold(&body);
        assert!(
            expected.chars().count() > 500,
            "{name}: the fixture is not empty"
        );
        let found = text.matches(&expected).count();
        if found != 1 {
            // Point at the first character where the page departs from the fixture.
            let prefix: String = expected.chars().take(30).collect();
            let at = text.find(&prefix).map(|i| {
                let got: Vec<char> = text[i..].chars().collect();
                let want: Vec<char> = expected.chars().collect();
                let k = want.iter().zip(&got).take_while(|(a, b)| a == b).count();
                format!(
                    "differs after {k} chars: expected …{}…, found …{}…",
                    want[k.saturating_sub(10)..(k + 10).min(want.len())]
                        .iter()
                        .collect::<String>(),
                    got[k.saturating_sub(10)..(k + 10).min(got.len())]
                        .iter()
                        .collect::<String>()
                )
            });
            panic!("{name}: body found {found} times in the PDF text; {at:?}");
        }
    }
}

#[test]
fn identical_input_gives_identical_bytes() {
    let again = broadsheet::render(&common::reference_spec()).unwrap();
    assert!(
        again.pdf == reference().pdf,
        "two renders of the same spec differ"
    );
}

#[test]
fn reference_page_fits_without_overset() {
    let page = reference();
    let overset: Vec<_> = page.warnings.overset().collect();
    assert!(overset.is_empty(), "{overset:?}");
    let blocks: Vec<usize> = page
        .reports
        .iter()
        .map(|r| r.blocks.iter().filter(|(used, _)| *used > 0).count())
        .collect();
    // Each article runs through as many blocks as on the printed page.
    assert_eq!(blocks, vec![3, 2, 5, 5, 3]);
}

/// A bounding-box recorder for a CFF outline.
#[derive(Default)]
struct Ink(bool);

impl ttf_parser::OutlineBuilder for Ink {
    fn move_to(&mut self, _: f32, _: f32) {}
    fn line_to(&mut self, _: f32, _: f32) {
        self.0 = true;
    }
    fn quad_to(&mut self, _: f32, _: f32, _: f32, _: f32) {
        self.0 = true;
    }
    fn curve_to(&mut self, _: f32, _: f32, _: f32, _: f32, _: f32, _: f32) {
        self.0 = true;
    }
    fn close(&mut self) {}
}

/// A CFF face (OpenType/CFF, CID-keyed, as every CJK `.otf` is) is embedded as a CFF
/// subset: `FontFile3` of subtype `CIDFontType0C` under a `CIDFontType0` font, a program
/// far smaller than the face holding an outline for each glyph the page shows; the text
/// reads back through its ToUnicode map, and the plate passes its preflight.
#[test]
fn a_cff_face_is_embedded_as_a_cid_keyed_cff_subset() {
    let spec = common::variant(
        "kinsoku-block-end",
        &[(
            "song = \"../../fonts/NotoSerifSC-Regular.ttf\"",
            "song = \"../../tests/data/fonts/CffSansSC-Regular.otf\"",
        )],
    );
    let rendered = broadsheet::render(&spec).expect("a CFF face renders");
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );
    let pdf = lopdf::Document::load_mem(&rendered.pdf).unwrap();
    let name = |d: &lopdf::Dictionary, key: &[u8]| {
        String::from_utf8_lossy(d.get(key).unwrap().as_name().unwrap()).into_owned()
    };
    let fonts: Vec<&lopdf::Dictionary> = pdf
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Subtype").and_then(|t| t.as_name()).ok() == Some(b"Type0".as_slice()))
        .collect();
    assert_eq!(fonts.len(), 1, "one font");
    let descendant = &fonts[0]
        .get(b"DescendantFonts")
        .unwrap()
        .as_array()
        .unwrap()[0];
    let descendant = match descendant {
        lopdf::Object::Reference(id) => pdf.get_dictionary(*id).unwrap(),
        o => o.as_dict().unwrap(),
    };
    assert_eq!(name(descendant, b"Subtype"), "CIDFontType0");
    let descriptor = pdf
        .get_dictionary(
            descendant
                .get(b"FontDescriptor")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap();
    assert!(!descriptor.has(b"FontFile2"), "a CFF face is not TrueType");
    let program = pdf
        .get_object(
            descriptor
                .get(b"FontFile3")
                .unwrap()
                .as_reference()
                .unwrap(),
        )
        .unwrap()
        .as_stream()
        .unwrap();
    assert_eq!(name(&program.dict, b"Subtype"), "CIDFontType0C");
    let data = program
        .decompressed_content()
        .unwrap_or_else(|_| program.content.clone());
    let cff = ttf_parser::cff::Table::parse(&data).expect("the program is a CFF font");
    let face =
        std::fs::read(common::root().join("tests/data/fonts/CffSansSC-Regular.otf")).unwrap();
    let face = ttf_parser::Face::parse(&face, 0).unwrap();
    // The glyphs the page shows, and .notdef: fewer than the face's.
    let shown: std::collections::BTreeSet<char> = common::pdf_glyphs(&rendered.pdf)
        .concat()
        .iter()
        .filter_map(|g| g.ch)
        .collect();
    let kept = cff.number_of_glyphs() as usize;
    assert!(
        kept <= shown.len() + 1 && kept < face.number_of_glyphs() as usize,
        "{kept} glyphs kept for {} characters shown",
        shown.len()
    );
    let inked = (1..kept as u16)
        .filter(|&g| {
            let mut ink = Ink::default();
            let _ = cff.outline(ttf_parser::GlyphId(g), &mut ink);
            ink.0
        })
        .count();
    assert_eq!(inked, kept - 1, "every glyph kept has its outline");
    // A glyph is shown by its subset id (Identity-H), which a CID-keyed CFF reads as a
    // CID: each glyph's CID is its id.
    for g in 0..kept as u16 {
        assert_eq!(cff.glyph_cid(ttf_parser::GlyphId(g)), Some(g), "glyph {g}");
    }
    let article = broadsheet::content::load_article(
        &common::root().join("fixtures/kinsoku-block-end/article.txt"),
    )
    .unwrap();
    let text: String = common::pdf_glyphs(&rendered.pdf)
        .concat()
        .iter()
        .filter_map(|g| g.ch)
        .collect();
    assert_eq!(fold(&text), fold(&article.paragraphs.concat()));
}
