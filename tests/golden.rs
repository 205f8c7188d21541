//! Golden images: each fixture of one behaviour, and the reference page at low
//! resolution, rendered to PDF, rasterized (hayro) and compared with `tests/golden/`.
//!
//! Bless with `UPDATE_GOLDEN=1 cargo test --release --test golden`; a blessing run writes
//! the goldens and then fails, so it never counts as a pass. On a mismatch the images
//! (expected | diff | actual) and an HTML report are in `tests/store/`.

mod common;

use std::path::PathBuf;

use broadsheet::golden::{Case, Options, Tolerance, compare, golden_path, rasters, run};
use broadsheet::raster::{Channels, decode_png};

/// Every golden case: one behaviour each, plus the whole reference page.
fn cases() -> Vec<(Case, f64)> {
    let fixture = |name: &str| Case {
        name: name.into(),
        spec: common::root().join(format!("fixtures/{name}/layout.toml")),
        max_bytes: None,
    };
    vec![
        (fixture("thread-mid-word"), 72.0),
        (fixture("headline-deck"), 72.0),
        (fixture("photo-caption-credit"), 72.0),
        (fixture("photo-exif-rotated"), 72.0),
        (fixture("artwork-ad-slot"), 72.0),
        (fixture("qr-code"), 72.0),
        // An edition: one golden per page (page 2 mono, page 3's running head).
        (
            Case {
                name: "edition-three-pages".into(),
                spec: common::root().join("fixtures/edition-three-pages/edition.toml"),
                max_bytes: None,
            },
            36.0,
        ),
        (
            Case {
                name: "edition-jump".into(),
                spec: common::root().join("fixtures/edition-jump/edition.toml"),
                max_bytes: None,
            },
            72.0,
        ),
        (fixture("kinsoku-block-end"), 72.0),
        (fixture("balance-shaped"), 36.0),
        (fixture("photo-wrapped"), 36.0),
        (fixture("split-measure"), 36.0),
        (fixture("article-shapes"), 36.0),
        (fixture("vertical-head"), 72.0),
        (fixture("head-fit"), 72.0),
        (fixture("border-flush"), 72.0),
        (fixture("overset"), 72.0),
        // The whole page, small: a regression anywhere on it shows.
        (
            Case {
                name: "reference-page".into(),
                spec: common::reference_spec(),
                max_bytes: Some(160 * 1024),
            },
            36.0,
        ),
    ]
}

fn golden_dir() -> PathBuf {
    common::root().join("tests/golden")
}

fn store() -> PathBuf {
    common::root().join("tests/store")
}

#[test]
fn goldens_match() {
    let bless = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut failures = Vec::new();
    let mut orphans: Option<Vec<PathBuf>> = None;
    let mut blessed = Vec::new();
    // Cases run in groups of one dpi; the golden folder is shared.
    let all = cases();
    for dpi in [72.0, 36.0] {
        let group: Vec<Case> = all
            .iter()
            .filter(|(_, d)| *d == dpi)
            .map(|(c, _)| c.clone())
            .collect();
        let options = Options {
            dpi,
            ..Options::default()
        };
        let summary = run(
            &group,
            &golden_dir(),
            &store().join(format!("{dpi}dpi")),
            &options,
            bless,
        )
        .expect("goldens run");
        blessed.extend(summary.blessed.clone());
        let dir = store().join(format!("{dpi}dpi"));
        failures.extend(summary.failures().map(|r| {
            let diff = r.images[1].as_ref().map_or("(no golden)".to_string(), |f| {
                dir.join(f).display().to_string()
            });
            format!(
                "{}: {} differing pixels {}; expected | diff | actual: {diff}",
                r.name, r.differing, r.note
            )
        }));
        // A golden is an orphan only if no group produced it: each group lists the
        // goldens it did not make, and an orphan is on every list.
        orphans = Some(match orphans {
            None => summary.orphans,
            Some(before) => before
                .into_iter()
                .filter(|p| summary.orphans.contains(p))
                .collect(),
        });
    }
    if bless {
        panic!(
            "blessed {} goldens: {:?}; rerun without UPDATE_GOLDEN to check them",
            blessed.len(),
            blessed
        );
    }
    let orphans = orphans.unwrap_or_default();
    assert!(
        orphans.is_empty(),
        "orphaned goldens (no case makes them): {orphans:?}"
    );
    assert!(
        failures.is_empty(),
        "{} pages differ (see tests/store/*/index.html):\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn goldens_stay_small() {
    for (case, _) in cases() {
        let path = golden_path(&golden_dir(), &case.name, 0);
        let size = std::fs::metadata(&path)
            .unwrap_or_else(|_| panic!("{} is missing; bless it", path.display()))
            .len() as usize;
        let cap = case.max_bytes.unwrap_or(Options::default().max_bytes);
        assert!(
            size <= cap,
            "{} is {size} bytes, over its cap of {cap}",
            path.display()
        );
    }
}

#[test]
fn one_changed_character_fails_and_the_diff_shows_where() {
    let options = Options {
        dpi: 72.0,
        ..Options::default()
    };
    let golden = decode_png(
        &std::fs::read(golden_path(&golden_dir(), "thread-mid-word", 0)).unwrap(),
        Channels::Gray,
    )
    .unwrap();

    // The original text matches its golden.
    let original = rasters(&common::variant("thread-mid-word", &[]), &options).unwrap();
    assert!(compare(&golden, &original[0], &options.tolerance).matches(&options.tolerance));

    // One character changed (劳模 → 劳动) does not.
    let spec = common::variant_with_article("thread-mid-word", &[], &[("劳模", "劳动")]);
    let changed = rasters(&spec, &options).unwrap();
    let c = compare(&golden, &changed[0], &options.tolerance);
    assert!(
        !c.matches(&options.tolerance),
        "a changed character passed: {} pixels differ",
        c.differing
    );

    // The difference is where that character stands: the end of block 1's only line.
    let page = broadsheet::render(&spec).unwrap();
    let line = &page.reports[0].lines[0];
    let (ch, x, w) = *line.glyphs.last().unwrap();
    assert_eq!(ch, '动');
    let px = |pt: f64| pt * options.dpi / 72.0;
    let (x0, y0, x1, y1) = c.bounds.expect("differing pixels have bounds");
    let glyph_left = px((line.x + x).get());
    let glyph_right = px((line.x + x + w).get());
    let baseline = px(line.baseline.get());
    assert!(
        x0 as f64 >= glyph_left - 2.0 && x1 as f64 <= glyph_right + 2.0,
        "diff x {x0}–{x1}, glyph {glyph_left:.0}–{glyph_right:.0}"
    );
    assert!(
        y0 as f64 >= baseline - px(9.0) - 2.0 && y1 as f64 <= baseline + 3.0,
        "diff y {y0}–{y1}, baseline {baseline:.0}"
    );

    // And the check writes expected | diff | actual for it.
    let store = store().join("changed-character");
    let case = Case {
        name: "thread-mid-word".into(),
        spec,
        max_bytes: None,
    };
    let summary = run(&[case], &golden_dir(), &store, &options, false).unwrap();
    assert_eq!(summary.failures().count(), 1);
    let diff = decode_png(
        &std::fs::read(store.join("thread-mid-word-diff.png")).unwrap(),
        Channels::Rgb,
    )
    .unwrap();
    let red = (0..diff.height)
        .flat_map(|y| (0..diff.width).map(move |x| (x, y)))
        .filter(|&(x, y)| diff.rgb(x, y) == [230, 0, 0])
        .count();
    assert_eq!(
        red, c.differing,
        "the diff image marks every differing pixel"
    );
    assert!(
        std::fs::read_to_string(store.join("index.html"))
            .unwrap()
            .contains("thread-mid-word-diff.png")
    );
}

#[test]
fn tolerance_lets_noise_pass_but_not_a_mark() {
    use broadsheet::raster::Raster;
    let base = Raster::white(20, 20, Channels::Gray);
    let mut noisy = base.clone();
    noisy.data[5] = 240; // within 24 levels
    let t = Tolerance::default();
    assert!(compare(&base, &noisy, &t).matches(&t));
    let mut marked = base.clone();
    for i in 0..10 {
        marked.data[i * 21] = 0;
    }
    let c = compare(&base, &marked, &t);
    assert_eq!(c.differing, 10);
    assert!(!c.matches(&t));
}

#[test]
fn one_changed_character_on_the_reference_page_fails_too() {
    // A copy of the edition with one character of A1 changed (劳模 → 劳动).
    let (edition, spec_path) = common::reference_copy("reference-variant");
    let a1 = std::fs::read_to_string(edition.join("a1.txt")).unwrap();
    assert!(a1.contains("劳模"));
    std::fs::write(edition.join("a1.txt"), a1.replacen("劳模", "劳动", 1)).unwrap();

    let options = Options {
        dpi: 36.0,
        ..Options::default()
    };
    let golden = decode_png(
        &std::fs::read(golden_path(&golden_dir(), "reference-page", 0)).unwrap(),
        Channels::Gray,
    )
    .unwrap();
    let changed = rasters(&spec_path, &options).unwrap();
    let c = compare(&golden, &changed[0], &options.tolerance);
    assert!(
        !c.matches(&options.tolerance),
        "one changed character on the whole page passed ({} pixels differ)",
        c.differing
    );
}

/// A preview page is drawn in tiles in parallel, cut round its photos: the very pixels of
/// the page drawn whole, on the reference page (two photos side by side) and on each page
/// of the reference edition.
#[test]
fn a_preview_page_drawn_in_tiles_is_the_page_drawn_whole() {
    let edition = broadsheet::render_file(
        &common::root().join("layouts/zjgrrb-edition.toml"),
        &broadsheet::Options::default(),
    )
    .unwrap();
    for rendered in [common::reference(), &edition] {
        let whole = broadsheet::preview(rendered, 72.0, false).unwrap();
        assert!(rendered.document.images.len() >= 2);
        for (page, expected) in whole.iter().enumerate() {
            let tiled = broadsheet::preview_page(rendered, page, 72.0, false).unwrap();
            assert!(tiled == *expected, "page {} differs", page + 1);
        }
    }
}

/// After an edit, a preview page is drawn again only where the page changed, over the
/// earlier picture: the same pixels as the new page drawn whole, for an article edit, a
/// block made shorter and a photo replaced (which draws the whole page).
#[test]
fn a_preview_redrawn_where_the_page_changed_is_the_page_drawn_whole() {
    let (edition, spec) = common::reference_copy("redraw");
    let mut session = broadsheet::Session::new();
    let options = broadsheet::Options::default();
    let mut before = session.render(&spec, &options).unwrap();
    let mut picture = broadsheet::redraw_page(&before, 0, 72.0, None).unwrap();
    assert_eq!(picture.redrawn, None);
    let a3 = edition.join("a3.txt");
    let text = std::fs::read_to_string(&a3).unwrap();
    let spec_text = std::fs::read_to_string(&spec).unwrap();
    let block = "{ column = 1, span = 3, line = 42, lines = 11 }";
    assert!(spec_text.contains(block));
    type Edit<'a> = Box<dyn Fn() + 'a>;
    let steps: Vec<(&str, Edit)> = vec![
        (
            "article edit",
            Box::new(|| std::fs::write(&a3, text.replacen('。', "！", 1)).unwrap()),
        ),
        (
            "block shorter",
            Box::new(|| {
                let shorter = block.replace("lines = 11", "lines = 10");
                std::fs::write(&spec, spec_text.replace(block, &shorter)).unwrap()
            }),
        ),
        (
            "photo replaced",
            Box::new(|| {
                let photos = edition.join("photos");
                std::fs::copy(photos.join("a2.jpg"), photos.join("a1.jpg")).unwrap();
            }),
        ),
    ];
    for (what, edit) in steps {
        edit();
        let after = session.render(&spec, &options).unwrap();
        let redrawn = broadsheet::redraw_page(&after, 0, 72.0, Some((&before, &picture))).unwrap();
        let whole = broadsheet::preview_page(&after, 0, 72.0, false).unwrap();
        assert!(
            redrawn.trim(&after, 72.0) == whole,
            "{what}: not the page drawn whole"
        );
        let page = (picture.media.width as u64) * picture.media.height as u64;
        match (what, redrawn.redrawn) {
            ("photo replaced", r) => assert_eq!(r, None, "{what}"),
            (_, Some((_, _, w, h))) => {
                assert!((w as u64 * h as u64) * 2 < page, "{what}: {w} × {h} drawn")
            }
            (_, None) => panic!("{what}: drawn whole"),
        }
        (before, picture) = (after, redrawn);
    }
}
