//! Heads never leave their areas: a deck too long for its area at its smallest allowed
//! size is overset of that head, with overset's exit code, and no glyph of any head lies
//! outside its area.

mod common;

use std::process::Command;

use broadsheet::display::Item;
use broadsheet::grid::PageGrid;

/// Every glyph's em box (origin, size, the face's ascent) of runs in `rect`-less items.
fn head_glyphs_outside(rendered: &broadsheet::Rendered) -> Vec<String> {
    let grid = PageGrid::new(rendered.spec.grid);
    let heads: Vec<_> = rendered
        .spec
        .articles
        .iter()
        .filter_map(|a| a.head)
        .map(|h| grid.rect(&h))
        .collect();
    let mut outside = Vec::new();
    for item in &rendered.document.pages[0].items {
        let Item::Text(run) = item else { continue };
        let ascent = rendered.book.face(run.font).ascent;
        for g in &run.glyphs {
            let (x, top) = (g.origin.x.get(), (g.origin.y - run.size * ascent).get());
            let (w, h) = (run.size.get(), run.size.get());
            // A glyph that starts in a head area must end in it too.
            let Some(r) = heads.iter().find(|r| {
                x >= r.x.get() - 0.01
                    && x < r.right().get()
                    && top >= r.y.get() - 0.01
                    && top < r.bottom().get()
            }) else {
                continue;
            };
            let inside = x + w <= r.right().get() + 0.5 && top + h <= r.bottom().get() + 0.01;
            if !inside {
                outside.push(format!("`{}` at ({x:.1}, {top:.1}) in {r:?}", run.text));
            }
        }
    }
    outside
}

#[test]
fn no_glyph_of_any_head_on_the_reference_page_lies_outside_its_area() {
    let outside = head_glyphs_outside(common::reference());
    assert!(outside.is_empty(), "{outside:?}");
}

#[test]
fn a_headline_of_200_characters_is_head_overset_and_exits_non_zero() {
    let (edition, spec) = common::reference_copy("long-headline");
    let a1 = edition.join("a1.txt");
    let text = std::fs::read_to_string(&a1).unwrap();
    let long: String = "不断开创群团工作高质量发展新局面"
        .chars()
        .cycle()
        .take(200)
        .collect();
    let text = text.replace(
        "headline: 不断开创群团工作 / 高质量发展新局面",
        &format!("headline: {long}"),
    );
    std::fs::write(&a1, text).unwrap();
    let rendered = broadsheet::render(&spec).unwrap();
    assert!(
        rendered.warnings.iter().any(
            |w| matches!(w, broadsheet::Warning::Overset { article, .. } if article == "A1 head")
        ),
        "{:?}",
        rendered.warnings
    );
    assert!(head_glyphs_outside(&rendered).is_empty());
    let out = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("long-headline.pdf");
    let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["render", spec.to_str().unwrap(), "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert_eq!(
        run.status.code(),
        Some(3),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    assert!(!out.exists(), "no plate is written with an overset head");
}

#[test]
fn a_vertical_head_sets_its_columns_right_to_left_with_the_vertical_forms() {
    let spec = common::root().join("fixtures/vertical-head/layout.toml");
    let rendered = broadsheet::render(&spec).unwrap();
    assert!(!rendered.has_overset(), "{:?}", rendered.warnings);
    let grid = PageGrid::new(rendered.spec.grid);
    let head = grid.rect(&rendered.spec.articles[0].head.unwrap());
    // The head's runs: those inside its area.
    let runs: Vec<&broadsheet::display::GlyphRun> = rendered.document.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) => Some(run),
            _ => None,
        })
        .filter(|r| {
            r.glyphs
                .iter()
                .all(|g| g.origin.x >= head.x && g.origin.x <= head.right())
        })
        .collect();
    let text: String = runs.iter().map(|r| r.text.as_str()).collect();
    assert_eq!(
        text,
        "企业民主管理工作调研检查推动（民主管理）工作，迈上新台阶。1月18日总结会召开"
    );
    // Columns right to left: kicker, headline, subhead; each read top to bottom.
    let column_x: Vec<f64> = runs.iter().map(|r| r.glyphs[0].origin.x.get()).collect();
    assert!(column_x.windows(2).all(|w| w[0] > w[1]), "{column_x:?}");
    for r in &runs {
        let ys: Vec<f64> = r.glyphs.iter().map(|g| g.origin.y.get()).collect();
        assert!(ys.windows(2).all(|w| w[1] >= w[0]), "{}: {ys:?}", r.text);
        for g in &r.glyphs {
            let top = g.origin.y - r.size * 0.88;
            assert!(
                top >= head.y - broadsheet::geom::Pt(0.01)
                    && top + r.size <= head.bottom() + broadsheet::geom::Pt(0.01)
            );
        }
    }
    // （）， and 。 take the face's vertical forms: not the glyphs its cmap gives them.
    let headline = runs[1];
    let face = rendered.book.face(headline.font);
    let parsed = ttf_parser::Face::parse(&face.data, 0).unwrap();
    for ch in ['（', '）', '，', '。'] {
        let at = headline.text.find(ch).unwrap() as u32;
        let g = headline.glyphs.iter().find(|g| g.text.start == at).unwrap();
        let horizontal = parsed.glyph_index(ch).unwrap().0;
        assert_ne!(g.gid, horizontal, "`{ch}` is set in its horizontal form");
    }
    // In the written PDF: the headline's glyphs (the Black face) stand in one column, each
    // a cell below the one before, the brackets among them.
    let pdf = &common::pdf_glyphs(&rendered.pdf)[0];
    let column: Vec<&common::PdfGlyph> = pdf
        .iter()
        .filter(|g| g.font.ends_with("NotoSerifSC-Black"))
        .collect();
    assert_eq!(column.len(), headline.text.chars().count());
    for w in column.windows(2) {
        assert!(
            (w[1].baseline - w[0].baseline - w[0].size).abs() < 0.01,
            "{:?} {:?}",
            w[0],
            w[1]
        );
        assert!(
            (w[1].x + w[1].advance / 2.0 - (w[0].x + w[0].advance / 2.0)).abs() < 0.5 * w[0].size
        );
    }
    assert!(column.iter().any(|g| g.ch == Some('（')) && column.iter().any(|g| g.ch == Some('）')));
    // 直排内横排: the 1 and 8 of 18 share one cell (one baseline), side by side.
    let subhead = runs[2];
    let at = subhead.text.find("18").unwrap() as u32;
    let one = subhead
        .glyphs
        .iter()
        .position(|g| g.text.start == at)
        .unwrap();
    let (a, b) = (&subhead.glyphs[one], &subhead.glyphs[one + 1]);
    assert_eq!(a.origin.y, b.origin.y);
    assert!(b.origin.x > a.origin.x);
}

#[test]
fn a_head_is_scaled_across_then_shrunk_to_fit_within_its_bounds() {
    let spec = common::root().join("fixtures/head-fit/layout.toml");
    let rendered = broadsheet::render(&spec).unwrap();
    assert!(!rendered.has_overset(), "{:?}", rendered.warnings);
    let grid = PageGrid::new(rendered.spec.grid);
    let heads: Vec<&broadsheet::display::GlyphRun> = rendered.document.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) if run.size.get() > 10.0 => Some(run),
            _ => None,
        })
        .collect();
    assert_eq!(heads.len(), 2);
    for (run, article) in heads.iter().zip(&rendered.spec.articles) {
        let area = grid.rect(&article.head.unwrap());
        // Within the style's bounds: scaled across to 80 % at least, 60 % of the size.
        assert!(
            run.scale >= 0.8 - 1e-9 && run.scale < 1.0,
            "{}: scale {}",
            run.text,
            run.scale
        );
        assert!(run.size.get() >= 24.0 * 0.6 - 1e-9 && run.size.get() <= 24.0);
        // And inside its area: the last glyph's advance, scaled, ends before its right edge.
        let face = rendered.book.face(run.font);
        let parsed = ttf_parser::Face::parse(&face.data, 0).unwrap();
        let last = run.glyphs.last().unwrap();
        let advance = parsed
            .glyph_hor_advance(ttf_parser::GlyphId(last.gid))
            .unwrap() as f64
            / parsed.units_per_em() as f64
            * run.size.get()
            * run.scale;
        assert!(run.glyphs[0].origin.x >= area.x - broadsheet::geom::Pt(0.01));
        assert!(
            last.origin.x.get() + advance <= area.right().get() + 0.01,
            "{}",
            run.text
        );
    }
    // A little too long: scaled across at its full size; far too long: smaller too.
    assert_eq!(heads[0].size.get(), 24.0);
    assert!(
        heads[1].size.get() < 24.0 && heads[1].scale < 0.85,
        "{} {}",
        heads[1].size.get(),
        heads[1].scale
    );
    // The PDF scales the glyphs in their text matrices: every glyph of the head is shown
    // under a `Tm` that scales it across.
    let doc = lopdf::Document::load_mem(&rendered.pdf).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let content = doc.get_and_decode_page_content(page).unwrap();
    let mut across = 1.0;
    let mut scaled = 0;
    for op in &content.operations {
        match op.operator.as_str() {
            "Tm" => across = op.operands[0].as_float().map(f64::from).unwrap_or(1.0),
            "TJ" | "Tj" if (across - heads[0].scale).abs() < 1e-4 => {
                let strings = match &op.operands[0] {
                    lopdf::Object::Array(items) => items.clone(),
                    other => vec![other.clone()],
                };
                scaled += strings
                    .iter()
                    .filter_map(|s| s.as_str().ok())
                    .map(|codes| codes.len() / 2)
                    .sum::<usize>();
            }
            _ => {}
        }
    }
    assert_eq!(scaled, heads[0].glyphs.len());
}

#[test]
fn a_head_too_long_for_one_line_goes_on_two_balanced_lines_where_the_area_allows() {
    // The second head given the height of two lines: set at full size on two lines of
    // about equal length instead of smaller on one.
    let spec = common::variant(
        "head-fit",
        &[
            (
                "head = { column = 1, span = 2, line = 10, lines = 3 }",
                "head = { column = 1, span = 2, line = 9, lines = 6 }",
            ),
            (
                "{ column = 1, line = 13, lines = 6 }",
                "{ column = 1, line = 15, lines = 4 }",
            ),
            (
                "{ column = 2, line = 13, lines = 6 }",
                "{ column = 2, line = 15, lines = 4 }",
            ),
            (
                "{ column = 1, line = 3, lines = 6 }",
                "{ column = 1, line = 3, lines = 5 }",
            ),
            (
                "{ column = 2, line = 3, lines = 6 }",
                "{ column = 2, line = 3, lines = 5 }",
            ),
        ],
    );
    let rendered = broadsheet::render(&spec)
        .map_err(|e| e.to_string())
        .unwrap();
    let heads: Vec<&broadsheet::display::GlyphRun> = rendered.document.pages[0]
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Text(run) if run.size.get() > 10.0 => Some(run),
            _ => None,
        })
        .collect();
    assert_eq!(
        heads.len(),
        3,
        "{:?}",
        heads.iter().map(|h| &h.text).collect::<Vec<_>>()
    );
    let (a, b) = (heads[1], heads[2]);
    assert_eq!(
        format!("{}{}", a.text, b.text),
        "不断开创群团工作高质量发展新局面再创佳绩"
    );
    for line in [a, b] {
        assert_eq!((line.size.get(), line.scale), (24.0, 1.0), "{}", line.text);
    }
    let (n, m) = (a.text.chars().count(), b.text.chars().count());
    assert!(n.abs_diff(m) <= 2, "{} | {}", a.text, b.text);
}
