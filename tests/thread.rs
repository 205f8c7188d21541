//! Threading a story through blocks: mid-word continuation, moving text, overset.

mod common;

use broadsheet::compose::ArticleReport;
use common::{fold, variant};

const FIRST_BLOCK: &str = "{ column = 1, line = 0, lines = 1 }";
const SECOND_BLOCK: &str = "{ column = 2, line = 0, lines = 10 }";

fn article_text() -> String {
    let a = broadsheet::content::load_article(
        &common::root().join("fixtures/thread-mid-word/article.txt"),
    )
    .unwrap();
    fold(&a.paragraphs.concat())
}

fn block_text(report: &ArticleReport, block: usize) -> String {
    report
        .lines
        .iter()
        .filter(|l| l.block == block)
        .map(|l| fold(&l.text))
        .collect()
}

#[test]
fn story_leaves_a_block_mid_word_and_continues_in_the_next() {
    let page = broadsheet::render(&variant("thread-mid-word", &[])).unwrap();
    let report = &page.reports[0];
    let first = block_text(report, 0);
    let second = block_text(report, 1);
    // The break of the reference page: 劳模 / 人队伍.
    assert!(first.ends_with("劳模"), "{first}");
    assert!(second.starts_with("人队伍"), "{second}");
    // Nothing lost, nothing repeated.
    assert_eq!(format!("{first}{second}"), article_text());
    // The continuation is not indented.
    let cont = report.lines.iter().find(|l| l.block == 1).unwrap();
    assert_eq!(cont.glyphs[0].1.get(), 0.0);
    assert!(page.warnings.overset().next().is_none());
}

#[test]
fn shrinking_a_block_moves_text_on_to_the_next() {
    let wide = broadsheet::render(&variant(
        "thread-mid-word",
        &[(FIRST_BLOCK, "{ column = 1, line = 0, lines = 3 }")],
    ))
    .unwrap();
    let narrow = broadsheet::render(&variant("thread-mid-word", &[])).unwrap();
    let (w, n) = (&wide.reports[0], &narrow.reports[0]);
    assert_eq!(w.blocks[0].0, 3);
    assert_eq!(n.blocks[0].0, 1);
    // The second block takes what the first gave up: it starts earlier and runs longer.
    assert!(
        n.blocks[1].0 > w.blocks[1].0,
        "{:?} vs {:?}",
        n.blocks,
        w.blocks
    );
    let moved = block_text(w, 0).chars().count() - block_text(n, 0).chars().count();
    assert!(moved > 20, "only {moved} characters moved");
    assert_eq!(
        block_text(n, 1).chars().count(),
        block_text(w, 1).chars().count() + moved
    );
    for page in [&wide, &narrow] {
        let r = &page.reports[0];
        assert_eq!(
            format!("{}{}", block_text(r, 0), block_text(r, 1)),
            article_text()
        );
    }
}

#[test]
fn a_last_block_too_small_reports_the_overset_exactly() {
    let spec = variant(
        "thread-mid-word",
        &[(SECOND_BLOCK, "{ column = 2, line = 0, lines = 2 }")],
    );
    let page = broadsheet::render(&spec).unwrap();
    let report = &page.reports[0];
    let set: usize = report
        .lines
        .iter()
        .map(|l| fold(&l.text).chars().count())
        .sum();
    let total = article_text().chars().count();
    let overset = report.overset.expect("overset is reported");
    assert_eq!(
        overset.chars,
        total - set,
        "every character is either set or counted"
    );
    assert!(overset.chars > 0 && overset.lines >= 1);
    // The text that was set is exactly the start of the story.
    assert!(article_text().starts_with(&format!(
        "{}{}",
        block_text(report, 0),
        block_text(report, 1)
    )));
    assert!(page.has_overset());
    assert_eq!(page.warnings.overset().count(), 1);
}

#[test]
fn widow_control_keeps_a_last_line_company_at_a_block_top() {
    let five = (
        "{ column = 1, line = 0, lines = 1 }",
        "{ column = 1, line = 0, lines = 5 }",
    );
    let plain = broadsheet::render(&variant("thread-mid-word", &[five])).unwrap();
    let r = &plain.reports[0];
    // Without widow control the paragraph's last line stands alone atop block 2.
    assert_eq!(r.blocks[0].0, 5);
    assert_eq!(r.blocks[1].0, 1, "{:?}", r.blocks);

    let widows = (
        "body = { font = \"song\", size = 9.0, indent = 2.0 }",
        "body = { font = \"song\", size = 9.0, indent = 2.0, widows = true }",
    );
    let controlled = broadsheet::render(&variant("thread-mid-word", &[five, widows])).unwrap();
    let r = &controlled.reports[0];
    assert_eq!(r.blocks[0].0, 4, "block 1 gives up its last line");
    assert_eq!(
        r.blocks[1].0, 2,
        "the last two lines go to block 2 together"
    );
    assert_eq!(
        format!("{}{}", block_text(r, 0), block_text(r, 1)),
        article_text(),
        "nothing lost"
    );
}

#[test]
fn balancing_ends_the_blocks_level() {
    let ten = (
        "{ column = 1, line = 0, lines = 1 }",
        "{ column = 1, line = 0, lines = 10 }",
    );
    let filled = broadsheet::render(&variant("thread-mid-word", &[ten])).unwrap();
    // Filled in turn: the six lines all go into block 1.
    assert_eq!(
        filled.reports[0]
            .blocks
            .iter()
            .map(|b| b.0)
            .collect::<Vec<_>>(),
        vec![6, 0]
    );

    let balanced = broadsheet::render(&variant(
        "thread-mid-word",
        &[ten, ("id = \"T1\"\n", "id = \"T1\"\nbalance = true\n")],
    ))
    .unwrap();
    let r = &balanced.reports[0];
    assert_eq!(r.blocks.iter().map(|b| b.0).collect::<Vec<_>>(), vec![3, 3]);
    assert!(r.overset.is_none());
    assert_eq!(
        format!("{}{}", block_text(r, 0), block_text(r, 1)),
        article_text(),
        "nothing lost"
    );
}

#[test]
fn balancing_respects_the_shape_of_the_blocks() {
    // Two 1-column blocks beside a photo's place, then two 2-column blocks under it: the
    // text fills the narrow blocks and shares the rest between the wide ones. (Capping
    // every block alike gave 23/38, 23/38, 16/16, 11/16: empty lines in the first blocks
    // while the later ones were full.)
    let spec = common::root().join("fixtures/balance-shaped/layout.toml");
    let rendered = broadsheet::render(&spec).unwrap();
    let r = &rendered.reports[0];
    assert!(r.overset.is_none());
    let used: Vec<u32> = r.blocks.iter().map(|b| b.0).collect();
    assert_no_hole_before_text(&r.blocks);
    assert_eq!(&used[..2], &[38, 38], "{used:?}");
    assert!(used[2].abs_diff(used[3]) <= 1 && used[2] > 0, "{used:?}");
    // The reference page's balanced articles: blocks side by side end a line apart at
    // most.
    for r in &common::reference().reports {
        if ["A3", "A4", "A5"].contains(&r.id.as_str()) {
            let used: Vec<u32> = r.blocks.iter().map(|b| b.0).collect();
            let (lo, hi) = (used.iter().min().unwrap(), used.iter().max().unwrap());
            assert!(hi - lo <= 1, "{}: {used:?}", r.id);
            assert_no_hole_before_text(&r.blocks);
        }
    }
}

/// No block has empty lines while a later block of the thread has text.
fn assert_no_hole_before_text(blocks: &[(u32, u32)]) {
    for (i, (used, lines)) in blocks.iter().enumerate() {
        if used < lines {
            assert!(
                blocks[i + 1..].iter().all(|b| b.0 == 0)
                    || blocks[i + 1..].iter().all(|b| b.0 <= *used),
                "block {i} has {} empty lines before text in a later block: {blocks:?}",
                lines - used
            );
        }
    }
}

#[test]
fn a_deck_that_cannot_fit_its_area_is_overset_never_printed_outside_it() {
    // One grid line for a three-group deck: even at 60 % it does not fit.
    let spec = common::variant(
        "headline-deck",
        &[(
            "head = { column = 1, span = 2, line = 0, lines = 6 }",
            "head = { column = 1, span = 2, line = 0, lines = 1 }",
        )],
    );
    let rendered = broadsheet::render(&spec).unwrap();
    assert!(
        rendered.has_overset(),
        "a deck that does not fit is overset"
    );
    let ledger = &rendered.reports[0].ledger;
    assert!(ledger.overset > 0 && ledger.balances(), "{ledger:?}");
    // Every glyph on the page has its baseline inside the head area or a text block.
    let grid = broadsheet::grid::PageGrid::new(rendered.spec.grid);
    let a = &rendered.spec.articles[0];
    let rects: Vec<_> = a
        .head
        .iter()
        .chain(&a.blocks)
        .map(|area| grid.rect(area))
        .collect();
    let eps = broadsheet::geom::Pt(0.01);
    let mut glyphs = 0;
    for item in &rendered.document.pages[0].items {
        if let broadsheet::display::Item::Text(run) = item {
            for g in &run.glyphs {
                glyphs += 1;
                let inside = rects.iter().any(|r| {
                    g.origin.x >= r.x - eps
                        && g.origin.x <= r.right() + eps
                        && g.origin.y > r.y
                        && g.origin.y <= r.bottom() + eps
                });
                assert!(
                    inside,
                    "a glyph at {:?} outside every area {rects:?}",
                    g.origin
                );
            }
        }
    }
    assert!(
        glyphs > 50,
        "the page has its body and what fits of the deck"
    );
}
