//! Text wrap (图文互斥): a photo inside a 3-column article; the text flows round it and
//! its standoff, on the baseline grid and the character grid.

mod common;

use broadsheet::grid::PageGrid;

fn fixture() -> std::path::PathBuf {
    common::root().join("fixtures/photo-wrapped/layout.toml")
}

#[test]
fn no_glyph_stands_in_the_photo_or_its_standoff_and_body_lines_keep_the_grid() {
    let rendered = broadsheet::render(&fixture()).unwrap();
    assert!(!rendered.has_overset());
    let spec = &rendered.spec;
    let grid = PageGrid::new(spec.grid);
    let photo = grid.rect(&spec.articles[0].photo.unwrap().area);
    let (em, pitch) = (spec.grid.body_size.get(), spec.grid.line_pitch.get());
    let (sx, sy) = (
        em * spec.wrap.standoff_chars as f64,
        pitch * spec.wrap.standoff_lines as f64,
    );
    let (px0, px1) = (photo.x.get() - sx, photo.right().get() + sx);
    let (py0, py1) = (photo.y.get() - sy, photo.bottom().get() + sy);
    // The body lines as the PDF writes them: each line's run starts where the layout put
    // its first glyph (less the half em an opening mark gives up at a line start), on the
    // page's baseline grid.
    let runs = &common::pdf_glyphs(&rendered.pdf)[0];
    let lines = &rendered.reports[0].lines;
    assert!(lines.len() > 80);
    for l in lines {
        let (x, baseline) = ((l.x + l.glyphs[0].1).get(), l.baseline.get());
        assert!(
            runs.iter().any(|r| r.x > x - 0.5 * em - 0.01
                && r.x < x + 0.01
                && (r.baseline - baseline).abs() < 0.01
                && (r.size - em).abs() < 1e-3),
            "no run in the PDF at the line `{}`",
            l.text
        );
        let row = (baseline - 0.88 * em - spec.grid.top.get()) / pitch;
        assert!(
            (row - row.round()).abs() < 1e-6,
            "`{}` is off the grid",
            l.text
        );
        // Every glyph's box clear of the photo and its standoff.
        for &(ch, start, width) in &l.glyphs {
            let (x0, x1) = ((l.x + start).get(), (l.x + start + width).get());
            let (y0, y1) = (baseline - 0.88 * em, baseline + 0.12 * em);
            let inside = x1 > px0 + 0.01 && x0 < px1 - 0.01 && y1 > py0 + 0.01 && y0 < py1 - 0.01;
            assert!(
                !inside,
                "`{ch}` of `{}` stands in the photo's standoff",
                l.text
            );
        }
    }
}

#[test]
fn a_column_partly_covered_keeps_whole_characters_on_its_grid() {
    let rendered = broadsheet::render(&fixture()).unwrap();
    let spec = &rendered.spec;
    let em = spec.grid.body_size;
    let lines = &rendered.reports[0].lines;
    // Column 1 beside the photo: 12 characters (the standoff of 2 takes one of its 13),
    // starting where the column starts; above and below it, 13.
    let beside: Vec<_> = lines
        .iter()
        .filter(|l| l.block == 0 && l.measure < em * 12.5)
        .collect();
    assert!(!beside.is_empty());
    for l in &beside {
        assert!(
            (l.measure - em * 12.0).get().abs() < 1e-9,
            "{:?}",
            l.measure
        );
    }
    assert!(
        lines
            .iter()
            .any(|l| l.block == 0 && (l.measure - em * 13.0).get().abs() < 1e-9)
    );
    // Columns 2 and 3 skip the photo's rows: their lines are above or below it.
    let grid = PageGrid::new(spec.grid);
    let photo = grid.rect(&spec.articles[0].photo.unwrap().area);
    for l in lines.iter().filter(|l| l.block > 0) {
        assert!(
            l.baseline < photo.y || l.baseline > photo.bottom(),
            "a line of column {} beside the photo",
            l.block + 1
        );
    }
}

#[test]
fn only_wrap_objects_may_stand_in_text_blocks() {
    // Without `wrap = true`, the photo inside the blocks is an overlap.
    let spec = common::variant("photo-wrapped", &[("wrap = true\n", "")]);
    let e = broadsheet::render(&spec)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("overlaps"), "{e}");
    // A text box may wrap too, and `wrap` without a photo is refused at its article.
    let spec = common::variant(
        "photo-wrapped",
        &[
            ("wrap = true\n", ""),
            (
                "photo = { column = 2, span = 2, line = 9, lines = 12 }\ncaption_lines = 2\n",
                "",
            ),
            (
                "[[article]]",
                "[[text]]\ntext = \"本报讯\"\nstyle = \"kicker\"\narea = { column = 2, span = 2, line = 12, lines = 3 }\nwrap = true\n\n[[article]]",
            ),
        ],
    );
    let rendered = broadsheet::render(&spec)
        .map_err(|e| e.to_string())
        .unwrap();
    let lines = &rendered.reports[0].lines;
    let grid = PageGrid::new(rendered.spec.grid);
    let boxed = grid.rect(&rendered.spec.texts[0].area);
    assert!(
        lines
            .iter()
            .filter(|l| l.block > 0)
            .all(|l| l.baseline < boxed.y || l.baseline > boxed.bottom())
    );
    let spec = common::variant(
        "photo-wrapped",
        &[(
            "photo = { column = 2, span = 2, line = 9, lines = 12 }\n",
            "",
        )],
    );
    let e = broadsheet::render(&spec)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("places no photo"), "{e}");
}
