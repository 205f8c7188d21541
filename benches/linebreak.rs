//! Speed of the line planner on one long paragraph: `cargo bench --bench linebreak`.
//!
//! A 5,000-character paragraph of the seed's text, broken into lines at a constant 13-em
//! measure (a basic column), at a measure that alternates every line between 13 and 11 ems
//! (text beside a wrapped photo, a shaped block), and at 55 ems (a 4-column 长栏 block),
//! per character. Prints medians; no assertions (the targets are in the notes).

use std::path::Path;
use std::time::{Duration, Instant};

use broadsheet::font::{FontBook, FontId, load_face};
use broadsheet::geom::{Em, Ink, Pt};
use broadsheet::style::{ParStyle, TextStyle};
use broadsheet::text::{Breaker, Measures, Paragraph, ShapedPara, shape};

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

/// Breaks the whole paragraph, line `i` at `measures.at(i)`; returns the line count.
fn lines(para: &ShapedPara, measures: &Measures) -> usize {
    let mut breaker = Breaker::new(para);
    let mut n = 0;
    while breaker.next_line_in(&measures.from(n)).is_some() {
        n += 1;
    }
    n
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut book = FontBook::default();
    book.push(load_face("song", &root.join("fonts/NotoSerifSC-Regular.ttf")).unwrap());
    let faces = book.shaping_faces();
    // The seed's paragraphs joined into one of 5,000 characters.
    let mut text = String::new();
    for a in ["a1", "a2", "a3", "a4", "a5"] {
        let article =
            broadsheet::content::load_article(&root.join(format!("fixtures/2023-01-18/{a}.txt")))
                .unwrap();
        for p in article.paragraphs {
            text += &p;
        }
    }
    let text: String = text.chars().cycle().take(5000).collect();
    let size = Pt(9.0);
    let style = ParStyle::body(TextStyle {
        font: FontId(0),
        fallback: Default::default(),
        size,
        fill: Ink::BLACK,
    });
    let text = broadsheet::text::prepare(&text, &style);
    let para = shape(
        &book,
        &faces,
        &Paragraph::plain(text, style),
        &mut Default::default(),
    );
    let chars = para.glyphs.len();
    let em = |n: f64| Em(n).at(size);
    let runs = 9;
    let cases = [
        ("constant 13 em", Measures::constant(em(13.0))),
        (
            "alternating 13 / 11 em",
            Measures::new(Vec::new(), vec![em(13.0), em(11.0)]),
        ),
        ("constant 55 em (4 columns)", Measures::constant(em(55.0))),
    ];
    println!("one paragraph of {chars} glyphs, median of {runs} runs:");
    let mut per_char = Vec::new();
    for (name, measures) in &cases {
        let mut count = 0;
        let t = median(|| count = lines(&para, measures), runs);
        let ms = t.as_secs_f64() * 1000.0;
        per_char.push(t.as_secs_f64() / chars as f64);
        println!("  {name:28} {ms:8.2} ms  {count:4} lines");
    }
    println!(
        "  4 columns per character / 1 column per character: {:.2}",
        per_char[2] / per_char[0]
    );
    println!("  alternating / constant: {:.2}", per_char[1] / per_char[0]);
}
