//! Split measures (破栏): an area of n basic columns set as k columns of its own, with the
//! characters per column and the spare characters as print.md §3.2 gives them.

mod common;

use broadsheet::compose::ArticleReport;

fn fixture() -> std::path::PathBuf {
    common::root().join("fixtures/split-measure/layout.toml")
}

/// The distinct (left edge from the block's, measure) of an article's lines, in ems.
fn columns(rendered: &broadsheet::Rendered, r: &ArticleReport, block_x: f64) -> Vec<(f64, f64)> {
    let em = rendered.spec.grid.body_size.get();
    let mut out: Vec<(f64, f64)> = Vec::new();
    for l in &r.lines {
        let c = ((l.x.get() - block_x) / em, l.measure.get() / em);
        if !out
            .iter()
            .any(|o| (o.0 - c.0).abs() < 1e-6 && (o.1 - c.1).abs() < 1e-6)
        {
            out.push(c);
        }
    }
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

#[test]
fn three_split_in_two_and_five_split_in_three_have_the_widths_of_the_rule() {
    let rendered = broadsheet::render(&fixture()).unwrap();
    assert!(!rendered.has_overset());
    let grid = broadsheet::grid::PageGrid::new(rendered.spec.grid);
    let x = |a: usize| grid.rect(&rendered.spec.articles[a].blocks[0]).x.get();
    // 三破二: (41 − 1) / 2 = 20 characters, a one-character gutter.
    assert_eq!(
        columns(&rendered, &rendered.reports[0], x(0)),
        [(0.0, 20.0), (21.0, 20.0)]
    );
    // 五破三: (69 − 2) / 3 = 22, one spare, shared by the two gutters (1½ characters).
    assert_eq!(
        columns(&rendered, &rendered.reports[1], x(1)),
        [(0.0, 22.0), (23.5, 22.0), (47.0, 22.0)]
    );
    // The PDF has the lines where the layout put them: a run starts at each column.
    let em = rendered.spec.grid.body_size.get();
    let runs = &common::pdf_glyphs(&rendered.pdf)[0];
    for offset in [0.0, 23.5, 47.0] {
        let at = x(1) + offset * em;
        assert!(
            runs.iter()
                .any(|r| (r.x - at).abs() < 0.01 || (r.x - at - 2.0 * em).abs() < 0.01),
            "no line starts at {offset} em"
        );
    }
    // The spare character to one column instead: 23 | 22 | 22.
    let spec = common::variant("split-measure", &[(", remainder = \"gutters\"", "")]);
    let column = broadsheet::render(&spec).unwrap();
    assert_eq!(
        columns(&column, &column.reports[1], x(1)),
        [(0.0, 23.0), (24.0, 22.0), (47.0, 22.0)]
    );
    // Balanced, the split columns end a line apart at most.
    for r in &rendered.reports {
        let mut rows: std::collections::BTreeMap<i64, u32> = Default::default();
        for l in &r.lines {
            *rows.entry((l.x.get() * 100.0) as i64).or_default() += 1;
        }
        let (lo, hi) = (rows.values().min().unwrap(), rows.values().max().unwrap());
        assert!(hi - lo <= 1, "{}: {rows:?}", r.id);
    }
}

#[test]
fn a_split_is_a_text_block_s_and_leaves_lines_of_four_characters_at_least() {
    let on_head = common::variant(
        "split-measure",
        &[(
            "head = { column = 1, span = 3, line = 0, lines = 8 }",
            "head = { column = 1, span = 3, line = 0, lines = 8, split = 2 }",
        )],
    );
    let e = broadsheet::render(&on_head)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("for text blocks only"), "{e}");
    let narrow = common::variant("split-measure", &[("split = 2", "split = 9")]);
    let e = broadsheet::render(&narrow)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("fewer than 4 characters"), "{e}");
    let many = common::variant("split-measure", &[("split = 2", "split = 13")]);
    let e = broadsheet::render(&many)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("splits into 1–12 columns"), "{e}");
}
