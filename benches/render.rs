//! Speed of the reference page, stage by stage: `cargo bench --bench render`.
//!
//! Prints the median of repeated runs (release build, one thread). No assertions: the
//! numbers go into the notes, and the targets (a tenth of Typst's 0.33 s for the page,
//! tens of milliseconds for a re-render in watch mode) are read off them.

use std::path::Path;
use std::time::{Duration, Instant};

fn median(mut f: impl FnMut(), runs: usize) -> Duration {
    let mut times: Vec<Duration> = (0..runs)
        .map(|_| {
            let t = Instant::now();
            f();
            t.elapsed()
        })
        .collect();
    times.sort();
    times[runs / 2]
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let spec_path = root.join("layouts/zjgrrb-front.toml");
    let runs = 15;

    let spec = broadsheet::spec::load(&spec_path).unwrap();
    let load_spec = median(|| drop(broadsheet::spec::load(&spec_path).unwrap()), runs);

    let mut book = broadsheet::font::FontBook::default();
    for f in &spec.fonts {
        book.push(broadsheet::font::load_face(&f.name, &f.path).unwrap());
    }
    let load_fonts = median(
        || {
            let mut b = broadsheet::font::FontBook::default();
            for f in &spec.fonts {
                b.push(broadsheet::font::load_face(&f.name, &f.path).unwrap());
            }
        },
        runs,
    );

    let rendered = broadsheet::render(&spec_path).unwrap();
    let whole = median(|| drop(broadsheet::render(&spec_path).unwrap()), runs);
    let pdf = median(
        || {
            drop(
                broadsheet::export::write_pdf(&rendered.document, &rendered.book, &rendered.plate)
                    .unwrap(),
            )
        },
        runs,
    );
    let rules = broadsheet::preflight::Rules {
        profile: rendered.plate.profile,
        ink_limit: rendered.plate.ink_limit,
        min_ppi: rendered.plate.min_ppi,
        mono_pages: Vec::new(),
    };
    let preflight = median(
        || drop(broadsheet::preflight::check(&rendered.pdf, &rules)),
        runs,
    );

    let articles: Vec<Vec<String>> = ["a1", "a2", "a3", "a4", "a5"]
        .iter()
        .map(|a| {
            broadsheet::content::load_article(&root.join(format!("fixtures/2023-01-18/{a}.txt")))
                .unwrap()
                .paragraphs
        })
        .collect();
    let body = book.by_name("song").unwrap();
    let options = broadsheet::copyfit::Options {
        font: body,
        measure: broadsheet::geom::Pt(117.0),
        size: broadsheet::geom::Pt(9.0),
        indent: broadsheet::geom::Em(2.0),
        punct: broadsheet::text::PunctStyle::Quanjiao,
        prohibition: broadsheet::text::Prohibition::Basic,
        hang: false,
        normalize: true,
    };
    let typeset = median(
        || {
            for a in &articles {
                broadsheet::copyfit::copyfit(&book, a, &options, &mut Default::default());
            }
        },
        runs,
    );
    let preview = median(
        || {
            drop(
                broadsheet::raster::rasterize(
                    &rendered.pdf,
                    72.0,
                    broadsheet::raster::Channels::Rgb,
                )
                .unwrap(),
            )
        },
        5,
    );
    let overlay = median(
        || drop(broadsheet::preview(&rendered, 72.0, true).unwrap()),
        5,
    );

    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("reference page, median of {runs} runs:");
    println!(
        "  load spec                         {:8.2} ms",
        ms(load_spec)
    );
    println!(
        "  load 6 fonts                      {:8.2} ms",
        ms(load_fonts)
    );
    println!("  typeset 5 articles (13 em)        {:8.2} ms", ms(typeset));
    println!("  write PDF (subsets, 2 photos)     {:8.2} ms", ms(pdf));
    println!(
        "  preflight of the written PDF      {:8.2} ms",
        ms(preflight)
    );
    println!("  render() whole, in-process        {:8.2} ms", ms(whole));
    println!("  rasterize at 72 dpi               {:8.2} ms", ms(preview));
    println!("  preview with overlay at 72 dpi    {:8.2} ms", ms(overlay));
    println!(
        "  PDF size                          {:8} bytes",
        rendered.pdf.len()
    );

    editions(root);
}

/// Editions of 1, 2 and 16 pages, in-process: the whole render, and of the 16-page
/// edition the writing and the preflight apart (what is left is reading, flowing and
/// composing).
fn editions(root: &Path) {
    let runs = 5;
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let sixteen = root.join("benches/edition16/edition.toml");
    let one = broadsheet::Options {
        page: Some("1".into()),
        ..Default::default()
    };
    let cases = [
        ("1 page (edition16 --page 1)", sixteen.clone(), one),
        (
            "2 pages (reference edition)",
            root.join("layouts/zjgrrb-edition.toml"),
            Default::default(),
        ),
        ("16 pages (edition16)", sixteen.clone(), Default::default()),
    ];
    println!("editions, median of {runs} runs:");
    for (name, path, options) in &cases {
        let t = median(
            || drop(broadsheet::render_file(path, options).unwrap()),
            runs,
        );
        println!("  {name:34}{:8.2} ms", ms(t));
    }
    let rendered = broadsheet::render_file(&sixteen, &Default::default()).unwrap();
    let write = median(
        || {
            drop(
                broadsheet::export::write_pdf(&rendered.document, &rendered.book, &rendered.plate)
                    .unwrap(),
            )
        },
        runs,
    );
    let rules = broadsheet::preflight::Rules {
        mono_pages: vec![7, 12],
        ..broadsheet::preflight::Rules::new(rendered.plate.profile)
    };
    let check = median(
        || drop(broadsheet::preflight::check(&rendered.pdf, &rules)),
        runs,
    );
    println!("  16 pages: write PDF               {:8.2} ms", ms(write));
    println!("  16 pages: preflight               {:8.2} ms", ms(check));
    println!(
        "  16 pages: PDF size                {:8} bytes",
        rendered.pdf.len()
    );
}
