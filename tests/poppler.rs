//! Our rasterizer (hayro) against an independent one (poppler's pdftoppm) on the
//! reference page, so a rasterizer bug is not blessed into the goldens.
//!
//! Needs poppler-utils; `.ci/run` installs it and runs these with `--ignored`.

mod common;

use std::process::Command;

use broadsheet::raster::{Channels, Raster, decode_png, rasterize};

#[test]
#[ignore = "needs pdftoppm (poppler-utils); .ci/run runs it"]
fn hayro_matches_pdftoppm_on_the_reference_page() {
    let dpi = 72.0;
    let pdf = &common::reference().pdf;
    let ours = &rasterize(pdf, dpi, Channels::Gray).unwrap()[0];

    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("poppler-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let input = dir.join("page.pdf");
    std::fs::write(&input, pdf).unwrap();
    let status = Command::new("pdftoppm")
        .args([
            "-r",
            "72",
            "-gray",
            "-png",
            "-singlefile",
            "-aa",
            "yes",
            "-aaVector",
            "yes",
        ])
        .arg(&input)
        .arg(dir.join("poppler"))
        .status()
        .expect("pdftoppm runs (install poppler-utils)");
    assert!(status.success());
    let theirs = decode_png(
        &std::fs::read(dir.join("poppler.png")).unwrap(),
        Channels::Gray,
    )
    .unwrap();

    // The canvases may differ by a pixel in size (rounding); compare what both cover.
    assert!(
        ours.width.abs_diff(theirs.width) <= 1 && ours.height.abs_diff(theirs.height) <= 1,
        "sizes {}×{} and {}×{}",
        ours.width,
        ours.height,
        theirs.width,
        theirs.height
    );
    let agreement = |ours: &Raster| Agreement::of(ours, &theirs);
    let a = agreement(ours);
    println!(
        "hayro vs pdftoppm at {dpi} dpi, 8×8-pixel cells: mean difference {:.2}/255, largest {:.1}",
        a.mean, a.max
    );
    // The two anti-alias glyphs differently (poppler draws them heavier), so single pixels
    // disagree; over 8×8 cells, what is drawn where must agree. A glyph, rule or photo
    // missing or misplaced shows as a cell far off. The photos are CMYK JPEGs, which the
    // two turn into gray by different formulas (measured 5.2 on the reference page), so
    // the mean may reach 6.5.
    assert!(a.mean < 6.5, "mean cell difference {:.2}", a.mean);
    assert!(a.max < 80.0, "a cell differs by {:.1}", a.max);

    // The check catches what it is for: the same page with its lead photo left out.
    let spec = broadsheet::spec::load(&common::reference_spec()).unwrap();
    let photo =
        broadsheet::grid::PageGrid::new(spec.grid).rect(&spec.articles[0].photo.unwrap().area);
    let mut broken = ours.clone();
    let px = |pt: broadsheet::geom::Pt| (pt.get() * dpi / 72.0) as u32;
    for y in px(photo.y)..px(photo.bottom()) {
        for x in px(photo.x)..px(photo.right()) {
            broken.data[(y * broken.width + x) as usize] = 255;
        }
    }
    assert!(
        agreement(&broken).max >= 80.0,
        "a missing photo went unnoticed"
    );
}

/// How two rasters agree over cells of 8×8 pixels (the mean of each cell compared).
struct Agreement {
    mean: f64,
    max: f64,
}

impl Agreement {
    fn of(a: &Raster, b: &Raster) -> Self {
        const K: u32 = 8;
        let (w, h) = (a.width.min(b.width) / K, a.height.min(b.height) / K);
        let cell = |r: &Raster, cx: u32, cy: u32| -> f64 {
            let mut sum = 0u32;
            for y in cy * K..(cy + 1) * K {
                for x in cx * K..(cx + 1) * K {
                    sum += r.data[(y * r.width + x) as usize] as u32;
                }
            }
            sum as f64 / (K * K) as f64
        };
        let (mut total, mut max) = (0.0, 0.0f64);
        for cy in 0..h {
            for cx in 0..w {
                let d = (cell(a, cx, cy) - cell(b, cx, cy)).abs();
                total += d;
                max = max.max(d);
            }
        }
        Self {
            mean: total / (w * h) as f64,
            max,
        }
    }
}
