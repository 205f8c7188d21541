//! A point on a rendered page traced back to the character under it: every body glyph of
//! the reference page and of the reference edition's continued story, through reading,
//! paragraph joining, the lead-in and normalization, to its article file's line and column.

mod common;

use broadsheet::display::Item;
use broadsheet::geom::{Point, Pt};
use broadsheet::{Options, Rendered, Traced, render_file, trace};

/// Whether normalization turns the character written into the one set (`,` → `，`).
fn normalized(written: char, set: char) -> bool {
    written == set
        || matches!(
            (written, set),
            (',', '，')
                | (':', '：')
                | (';', '；')
                | ('(', '（')
                | (')', '）')
                | ('?', '？')
                | ('!', '！')
                | ('"', '“' | '”')
                | ('\'', '‘' | '’')
        )
}

/// Traces the middle of every glyph box of every traced run of the document; checks each lands
/// on its own glyph and on the character written in the file at the line and column given.
fn trace_every_body_glyph(rendered: &Rendered) -> Vec<(usize, Traced)> {
    let mut traced = Vec::new();
    for (p, page) in rendered.document.pages.iter().enumerate() {
        for item in &page.items {
            let Item::Text(run) = item else { continue };
            let Some(source) = &run.source else { continue };
            assert_eq!(source.boxes.len(), run.glyphs.len());
            for (g, (left, right)) in run.glyphs.iter().zip(&source.boxes) {
                let text = &run.text[g.text.start as usize..g.text.end as usize];
                let Some(ch) = text
                    .chars()
                    .next()
                    .filter(|c| broadsheet::text::is_counted(*c))
                else {
                    continue;
                };
                // The middle of the glyph's box as set.
                let at = Point::new((*left + *right) * 0.5, g.origin.y - run.size * 0.4);
                let t = trace(&rendered.document, p, at)
                    .unwrap_or_else(|| panic!("page {p}: `{ch}` at {at:?} is not traced"));
                assert_eq!(t.set, ch.to_string(), "page {p}: another glyph at {at:?}");
                let source = std::fs::read_to_string(&t.file).unwrap();
                let line = source.split('\n').nth(t.line - 1).unwrap();
                let written = line.chars().nth(t.col - 1).unwrap();
                assert_eq!(written.to_string(), t.written);
                assert_eq!(source[t.byte..].chars().next(), Some(written));
                assert!(
                    normalized(written, ch),
                    "page {p}: `{ch}` of {} traced to {}:{}:{}, where `{written}` is written",
                    t.article,
                    t.file.display(),
                    t.line,
                    t.col
                );
                traced.push((p, t));
            }
        }
    }
    traced
}

#[test]
fn every_body_glyph_of_the_reference_page_traces_to_its_character_in_the_article_file() {
    let traced = trace_every_body_glyph(common::reference());
    assert!(traced.len() > 3000, "{} glyphs traced", traced.len());
    // Every article of the page, each through all its blocks; normalized marks among them.
    for (id, blocks) in [("A1", 3), ("A2", 2), ("A3", 5), ("A4", 5), ("A5", 3)] {
        let of: Vec<&Traced> = traced
            .iter()
            .map(|(_, t)| t)
            .filter(|t| t.article == id)
            .collect();
        assert!(!of.is_empty(), "{id}");
        assert!(
            of.iter()
                .all(|t| t.file.ends_with(format!("{}.txt", id.to_lowercase())))
        );
        let max = of.iter().map(|t| t.block).max().unwrap();
        assert_eq!(max + 1, blocks, "{id}");
        // In reading order, the places only move on through the file.
        assert!(of.windows(2).all(|w| w[0].byte < w[1].byte), "{id}");
    }
    // The lead-in (本报讯) is traced to the header's `lead:` line, the body below it.
    let a1: Vec<&Traced> = traced
        .iter()
        .map(|(_, t)| t)
        .filter(|t| t.article == "A1")
        .collect();
    let header = std::fs::read_to_string(&a1[0].file).unwrap();
    let lead_line = header.lines().position(|l| l.starts_with("lead:")).unwrap() + 1;
    assert_eq!(a1[0].line, lead_line);
    assert!(a1.iter().any(|t| t.line > lead_line + 1));
    // Between glyphs, off the text, nothing is traced.
    assert_eq!(
        trace(
            &common::reference().document,
            0,
            Point::new(Pt(1.0), Pt(1.0))
        ),
        None
    );
}

#[test]
fn a_story_continued_on_page_2_traces_to_the_rest_of_its_file() {
    let edition = common::root().join("layouts/zjgrrb-edition.toml");
    let rendered = render_file(&edition, &Options::default()).unwrap();
    let traced = trace_every_body_glyph(&rendered);
    let a1 = |page: usize| -> Vec<&Traced> {
        traced
            .iter()
            .filter(|(p, t)| *p == page && t.article.ends_with("A1"))
            .map(|(_, t)| t)
            .collect()
    };
    let (first, continued) = (a1(0), a1(1));
    assert!(!first.is_empty() && !continued.is_empty());
    assert_eq!(continued[0].article, "2/A1");
    assert_eq!(first[0].file, continued[0].file);
    // Page 2 takes up the file where page 1 left it.
    let last_on_1 = first.iter().map(|t| t.byte).max().unwrap();
    assert!(continued.iter().all(|t| t.byte > last_on_1));
}
