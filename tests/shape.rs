//! Article shapes: an L and a 凸 given as rectangles, their blocks derived column by
//! column; every glyph of their text inside the shape.

mod common;

use broadsheet::grid::PageGrid;
use broadsheet::spec::GridArea;

fn fixture() -> std::path::PathBuf {
    common::root().join("fixtures/article-shapes/layout.toml")
}

#[test]
fn every_glyph_of_a_shaped_article_stands_inside_its_shape() {
    let rendered = broadsheet::render(&fixture()).unwrap();
    assert!(!rendered.has_overset() && !rendered.has_unplaced_text());
    let spec = &rendered.spec;
    let grid = PageGrid::new(spec.grid);
    let runs = &common::pdf_glyphs(&rendered.pdf)[0];
    let em = spec.grid.body_size.get();
    for (article, report) in spec.articles.iter().zip(&rendered.reports) {
        assert!(!article.shape.is_empty());
        let rects: Vec<_> = article.shape.iter().map(|a| grid.rect(a)).collect();
        let inside = |x: f64, y: f64| {
            rects.iter().any(|r| {
                x >= r.x.get() - 0.01
                    && x <= r.right().get() + 0.01
                    && y >= r.y.get() - 0.01
                    && y <= r.bottom().get() + 0.01
            })
        };
        assert!(report.lines.len() > 40);
        for l in &report.lines {
            // The PDF has the line where the layout put it.
            let (x, baseline) = ((l.x + l.glyphs[0].1).get(), l.baseline.get());
            assert!(
                runs.iter().any(|r| r.x > x - 0.5 * em - 0.01
                    && r.x < x + 0.01
                    && (r.baseline - baseline).abs() < 0.01),
                "{}: no run at `{}`",
                report.id,
                l.text
            );
            for &(ch, start, width) in &l.glyphs {
                let (x0, x1) = ((l.x + start).get(), (l.x + start + width).get());
                let (y0, y1) = (baseline - 0.88 * em, baseline + 0.12 * em);
                assert!(
                    inside(x0, y0) && inside(x1, y1) && inside(x0, y1) && inside(x1, y0),
                    "{}: `{ch}` of `{}` outside the shape",
                    report.id,
                    l.text
                );
            }
        }
    }
}

#[test]
fn a_shape_gives_its_blocks_column_by_column_around_its_head_and_photo() {
    let spec = broadsheet::spec::load(&fixture()).unwrap();
    let area = |column, line, lines| GridArea {
        column,
        span: 1,
        line,
        lines,
    };
    // The L: column 1 below the head; columns 2 and 3 below the photo (column 3 ends
    // where the L's upper arm does).
    assert_eq!(
        spec.articles[0].blocks,
        [area(1, 7, 39), area(2, 21, 25), area(3, 21, 7)]
    );
    // The 凸: column 4 on the lower step, column 5 under the head, column 6.
    assert_eq!(
        spec.articles[1].blocks,
        [area(4, 20, 26), area(5, 8, 38), area(6, 20, 26)]
    );
    // The overlay draws the shape.
    let rendered = broadsheet::render(&fixture()).unwrap();
    let items = broadsheet::compose::overlay(&rendered.spec, &rendered.book, &rendered.reports);
    let grid = PageGrid::new(rendered.spec.grid);
    for a in &rendered.spec.articles[1].shape {
        let rect = grid.rect(a);
        assert!(
            items.iter().any(
                |i| matches!(i, broadsheet::display::Item::Frame { rect: r, .. } if *r == rect)
            )
        );
    }
}

#[test]
fn an_article_gives_blocks_or_a_shape() {
    let both = common::variant(
        "article-shapes",
        &[(
            "shape = [\n  { column = 5,",
            "blocks = [{ column = 6, line = 0, lines = 4 }]\nshape = [\n  { column = 5,",
        )],
    );
    let e = broadsheet::render(&both)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("its blocks or its shape, not both"), "{e}");
}
