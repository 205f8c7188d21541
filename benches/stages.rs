//! The stages of a render, each on the reference page's own inputs, under criterion:
//! `cargo bench --bench stages` (`-- GROUP` for one). `.ci/run` builds it without running it.
//!
//! spec (parse and validate the layout), fonts (the six faces read and checked), shaping
//! (the five articles' paragraphs through rustybuzz), breaking (those paragraphs planned
//! into lines at a 13-character measure), flow (a story shaped, broken and threaded: the
//! `lines` command's path), compose (a whole render in-process, less its writing), colour
//! (the front photo's pixels to newsprint CMYK), pdf (the display list written), preflight
//! (the written plate checked) and raster (page 1 at 72 dpi, whole and in tiles).

use std::path::{Path, PathBuf};

use broadsheet::geom::{Em, Pt};
use broadsheet::style::{ParStyle, TextStyle};
use broadsheet::text::{Breaker, Paragraph, PunctStyle, prepare, shape};
use criterion::{Criterion, criterion_group, criterion_main};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).to_path_buf()
}

fn spec_path() -> PathBuf {
    root().join("layouts/zjgrrb-front.toml")
}

fn book(spec: &broadsheet::spec::LayoutSpec) -> broadsheet::font::FontBook {
    let mut book = broadsheet::font::FontBook::default();
    for f in &spec.fonts {
        book.push(broadsheet::font::load_face(&f.name, &f.path).unwrap());
    }
    book
}

fn paragraphs() -> Vec<String> {
    ["a1", "a2", "a3", "a4", "a5"]
        .iter()
        .flat_map(|a| {
            broadsheet::content::load_article(&root().join(format!("fixtures/2023-01-18/{a}.txt")))
                .unwrap()
                .paragraphs
        })
        .collect()
}

fn body_style(book: &broadsheet::font::FontBook) -> ParStyle {
    let mut style = ParStyle::body(TextStyle {
        font: book.by_name("song").unwrap(),
        fallback: Default::default(),
        size: Pt(9.0),
        fill: broadsheet::geom::Ink::BLACK,
    });
    style.setting.indent = Em(2.0);
    style.setting.punct = PunctStyle::Quanjiao;
    style
}

fn stages(c: &mut Criterion) {
    let spec = broadsheet::spec::load(&spec_path()).unwrap();
    c.bench_function("spec", |b| {
        b.iter(|| broadsheet::spec::load(&spec_path()).unwrap())
    });
    c.bench_function("fonts", |b| b.iter(|| book(&spec)));

    let book = book(&spec);
    let faces = book.shaping_faces();
    let style = body_style(&book);
    let texts: Vec<Paragraph> = paragraphs()
        .iter()
        .map(|p| Paragraph::plain(prepare(p, &style), style))
        .collect();
    c.bench_function("shaping", |b| {
        b.iter(|| {
            let mut warnings = Default::default();
            texts
                .iter()
                .map(|p| shape(&book, &faces, p, &mut warnings))
                .collect::<Vec<_>>()
        })
    });
    let mut warnings = Default::default();
    let shaped: Vec<_> = texts
        .iter()
        .map(|p| shape(&book, &faces, p, &mut warnings))
        .collect();
    c.bench_function("breaking", |b| {
        b.iter(|| {
            let mut lines = 0;
            for para in &shaped {
                let mut breaker = Breaker::new(para);
                while breaker.next_line(Pt(117.0)).is_some() {
                    lines += 1;
                }
            }
            lines
        })
    });
    let options = broadsheet::copyfit::Options {
        font: book.by_name("song").unwrap(),
        measure: Pt(117.0),
        size: Pt(9.0),
        indent: Em(2.0),
        punct: PunctStyle::Quanjiao,
        prohibition: broadsheet::text::Prohibition::Basic,
        hang: false,
        normalize: true,
    };
    let plain = paragraphs();
    c.bench_function("flow", |b| {
        b.iter(|| broadsheet::copyfit::copyfit(&book, &plain, &options, &mut Default::default()))
    });
    c.bench_function("compose", |b| {
        b.iter(|| broadsheet::check_file(&spec_path(), &Default::default()).unwrap())
    });

    let photo =
        broadsheet::content::load_photo(&root().join("fixtures/2023-01-18/photos/a1.jpg")).unwrap();
    let pixels = broadsheet::content::decode_pixels(&photo, (photo.width, photo.height)).unwrap();
    c.bench_function("colour", |b| {
        b.iter(|| {
            broadsheet::plate::rgb_to_cmyk(
                &pixels.data,
                broadsheet::plate::ToneCurve::NEWSPRINT,
                240.0,
            )
        })
    });

    let rendered = broadsheet::render(&spec_path()).unwrap();
    let mut group = c.benchmark_group("slow");
    group.sample_size(20);
    group.bench_function("pdf", |b| {
        b.iter(|| {
            broadsheet::export::write_pdf(&rendered.document, &rendered.book, &rendered.plate)
                .unwrap()
        })
    });
    let rules = broadsheet::preflight::Rules {
        profile: rendered.plate.profile,
        ink_limit: rendered.plate.ink_limit,
        min_ppi: rendered.plate.min_ppi,
        mono_pages: Vec::new(),
    };
    group.bench_function("preflight", |b| {
        b.iter(|| broadsheet::preflight::check(&rendered.pdf, &rules))
    });
    group.bench_function("raster whole", |b| {
        b.iter(|| broadsheet::preview(&rendered, 72.0, false).unwrap())
    });
    group.bench_function("raster tiles", |b| {
        b.iter(|| broadsheet::preview_page(&rendered, 0, 72.0, false).unwrap())
    });
    group.bench_function("render", |b| {
        b.iter(|| broadsheet::render(&spec_path()).unwrap())
    });
    group.finish();
}

criterion_group!(benches, stages);
criterion_main!(benches);
