//! The character ledger, checked against the written PDF on every fixture: the text read
//! back out of the PDF (its ToUnicode maps, through pdf-extract) is split in reading order
//! into the furniture and each article by the ledger's `on_page` counts, and each
//! article's share must be exactly the placed part of its file's text. So a character
//! dropped, repeated or invented anywhere on the page fails here, and the ledger's own
//! balance (input = on page + overset + unplaced + removed) is checked beside it.
//!
//! How extraction is normalized: whitespace is layout and is dropped; the full-width forms
//! wire-copy normalization writes (`，：；（）？！`) are folded back to ASCII on both sides
//! (`common::fold`); and where two code points share one glyph of a face (the PDF can map a
//! glyph back to only one of them), both sides use the smaller code point.

mod common;

use std::collections::BTreeMap;
use std::path::PathBuf;

use common::fold;

/// Every fixture spec and the reference page.
fn specs() -> Vec<PathBuf> {
    let root = common::root();
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("fixtures"))
        .unwrap()
        .flatten()
        .map(|e| e.path().join("layout.toml"))
        .filter(|p| p.exists())
        .collect();
    specs.sort();
    specs.push(common::reference_spec());
    specs
}

/// Maps each character to the smallest character that shares its glyph in some face.
fn glyph_fold(book: &broadsheet::font::FontBook, chars: &[char]) -> BTreeMap<char, char> {
    let mut by_glyph: BTreeMap<(u16, u16), char> = BTreeMap::new();
    let mut sorted = chars.to_vec();
    sorted.sort();
    sorted.dedup();
    let mut out: BTreeMap<char, char> = sorted.iter().map(|c| (*c, *c)).collect();
    for (id, face) in book.iter() {
        let parsed = ttf_parser::Face::parse(&face.data, 0).unwrap();
        for c in &sorted {
            if let Some(g) = parsed.glyph_index(*c) {
                let first = *by_glyph.entry((id.0, g.0)).or_insert(*c);
                let canon = out[&first].min(out[c]);
                out.insert(*c, canon);
            }
        }
    }
    out
}

#[test]
fn the_ledger_balances_on_every_fixture_from_the_written_pdf() {
    for spec_path in specs() {
        let name = spec_path.display().to_string();
        let rendered = broadsheet::render(&spec_path).unwrap_or_else(|e| panic!("{name}: {e}"));
        let spec = &rendered.spec;
        let pdf_text = fold(&pdf_extract::extract_text_from_mem(&rendered.pdf).unwrap());

        // What each article should show, read from its file by this test's own reading
        // of the format (not the engine's parser): head, caption and credit, body.
        let mut expected = Vec::new();
        for (a, report) in spec.articles.iter().zip(&rendered.reports) {
            let raw = std::fs::read_to_string(&a.file).unwrap();
            let (header, body) = raw.split_once("\n\n").unwrap();
            let field = |key: &str| -> String {
                header
                    .lines()
                    .find_map(|l| l.strip_prefix(&format!("{key}:")))
                    .map(|v| v.trim().replace(" / ", ""))
                    .unwrap_or_default()
            };
            let head: String = ["kicker", "headline", "subhead"].map(field).concat();
            let photo = field("caption") + &field("credit");
            let text = field("lead") + body;
            let mut placed = String::new();
            if a.head.is_some() {
                placed += &head;
            }
            if a.photo.is_some() && !field("photo").is_empty() {
                placed += &photo;
            }
            placed += &text;
            let ledger = &report.ledger;
            assert!(ledger.balances(), "{name}: {}: {ledger:?}", a.id);
            let count = broadsheet::ledger::count;
            assert_eq!(
                ledger.input,
                count(&head) + count(&photo) + count(&text),
                "{name}: {}: the ledger's input is not the file's text",
                a.id
            );
            expected.push((a.id.clone(), fold(&placed), ledger.on_page));
        }

        let all: Vec<char> = pdf_text
            .chars()
            .chain(expected.iter().flat_map(|(_, t, _)| t.chars()))
            .collect();
        let canon = glyph_fold(&rendered.book, &all);
        let canonical = |s: &str| -> Vec<char> { s.chars().map(|c| canon[&c]).collect() };
        let page = canonical(&pdf_text);

        // The furniture comes first in reading order; the articles follow in spec order.
        let articles: usize = expected.iter().map(|(_, _, n)| n).sum();
        assert!(
            page.len() >= articles,
            "{name}: the PDF has fewer characters than the ledger"
        );
        let mut at = page.len() - articles;
        for (id, text, on_page) in &expected {
            let want = canonical(text);
            assert!(
                want.len() >= *on_page,
                "{name}: {id}: more on the page than in the file"
            );
            let got = &page[at..at + on_page];
            if got != &want[..*on_page] {
                let k = got.iter().zip(&want).take_while(|(a, b)| a == b).count();
                panic!(
                    "{name}: {id}: the PDF departs from the file after {k} characters: expected …{}…, found …{}…",
                    want[k..(k + 12).min(want.len())].iter().collect::<String>(),
                    got[k..(k + 12).min(got.len())].iter().collect::<String>()
                );
            }
            at += on_page;
        }
    }
}

#[test]
fn the_ledger_counts_overset_and_removed_characters() {
    // The overset fixture: what did not fit is in the ledger, and it still balances.
    let spec = common::root().join("fixtures/overset/layout.toml");
    let rendered = broadsheet::render(&spec).unwrap();
    let ledger = &rendered.reports[0].ledger;
    assert!(ledger.overset > 0 && ledger.balances(), "{ledger:?}");
    assert_eq!(ledger.overset, rendered.reports[0].overset.unwrap().chars);

    // Control characters in the file: removed (or made breaks), each counted by kind.
    let spec = common::variant_with_article(
        "thread-mid-word",
        &[],
        &[("在省总工会", "在省\u{c}总工\u{202e}会\u{2028}")],
    );
    let rendered = broadsheet::render(&spec).unwrap();
    let ledger = &rendered.reports[0].ledger;
    assert!(ledger.balances(), "{ledger:?}");
    assert_eq!(ledger.removed_total(), 3, "{ledger:?}");
    assert_eq!(ledger.removed["U+000C form feed"], 1);
    assert_eq!(ledger.changed[", → ，"], 4, "{ledger:?}");
}
