//! Property tests of the line breaker and the threaded flow, on generated text: the
//! breaker's invariants B1–B6 (`fuzz/targets.rs::linebreak` asserts them: nothing lost or
//! repeated, every line advances, no line wider than its measure and no prohibited line
//! edge unless it is a reported emergency break, the same lines every time) and the flow's
//! T1–T4 (characters placed + overset = characters in, reading order kept, no block over
//! its capacity, a smaller block never loses text).

#[path = "../fuzz/targets.rs"]
mod targets;

use broadsheet::flow::{Slot, flow};
use broadsheet::geom::Pt;
use broadsheet::style::{ParStyle, TextStyle};
use broadsheet::text::{Paragraph, ShapedPara, prepare, shape};
use proptest::prelude::*;

/// Text from the characters that make line breaking hard: ideographs, the marks that may
/// not start or end a line, dashes and ellipses, Latin words and figures, spaces, line
/// ends, joiners and controls.
fn text() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "中",
        "国",
        "人",
        "的",
        "劳模",
        "工会",
        "。",
        "，",
        "、",
        "；",
        "：",
        "？",
        "！",
        "“",
        "”",
        "《",
        "》",
        "（",
        "）",
        "——",
        "……",
        "·",
        "Rokid",
        "AR",
        "2023",
        "5.4",
        "1,000",
        " ",
        "　",
        "\n",
        "\n\n",
        "\u{200d}",
        "\u{fe0f}",
        "\u{c}",
        "\u{2028}",
        "https://a.example/x",
        "\u{301}",
        " \u{340}",
        ",",
        "(",
        ")",
        "\"",
    ]);
    prop::collection::vec(pieces, 0..120).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn the_breaker_keeps_its_invariants(measure in 0u8..160, style in any::<u8>(), text in text()) {
        let mut data = vec![measure, style];
        data.extend_from_slice(text.as_bytes());
        targets::linebreak(&data);
    }

    #[test]
    fn the_flow_places_or_reports_every_character(
        text in text(),
        capacities in prop::collection::vec(0u32..12, 1..5),
        shrink in 0usize..4,
    ) {
        let story = story(&text);
        let thread: Vec<Slot> = capacities.iter().enumerate().map(|(i, &lines)| Slot {
            x: Pt(200.0 * i as f64),
            top: Pt::ZERO,
            measure: Pt(9.0 * (6 + 3 * i) as f64),
            lines,
            pitch: Pt(13.5),
        }).collect();
        let total: usize = story.iter().map(|p| broadsheet::ledger::count(&p.text)).sum();
        let flowed = flow(&story, &thread);
        // T1: placed + overset = input.
        let placed = placed_chars(&story, &flowed);
        let overset = flowed.overset.map_or(0, |o| o.chars);
        prop_assert_eq!(placed + overset, total);
        // T3: no block over its capacity; lines in reading order (T2).
        for (s, used) in flowed.used.iter().enumerate() {
            prop_assert!(*used <= thread[s].lines);
        }
        let order: Vec<(usize, usize)> = flowed.lines.iter()
            .map(|l| (l.para, l.line.glyphs.first().map_or(0, |g| g.index)))
            .collect();
        let mut sorted = order.clone();
        sorted.sort();
        prop_assert_eq!(order, sorted);
        // T4: a smaller block moves text on or into overset, never loses it.
        let mut smaller = thread.clone();
        let k = shrink % smaller.len();
        smaller[k].lines = smaller[k].lines.saturating_sub(1);
        let again = flow(&story, &smaller);
        prop_assert_eq!(placed_chars(&story, &again) + again.overset.map_or(0, |o| o.chars), total);
    }
}

/// The bundled body face, loaded once.
fn book() -> &'static broadsheet::font::FontBook {
    static BOOK: std::sync::OnceLock<broadsheet::font::FontBook> = std::sync::OnceLock::new();
    BOOK.get_or_init(|| {
        let mut book = broadsheet::font::FontBook::default();
        let bytes = include_bytes!("../fonts/NotoSerifSC-Regular.ttf").to_vec();
        book.push(
            broadsheet::font::face_from_bytes("song", std::path::Path::new("<bundled>"), bytes)
                .unwrap(),
        );
        book
    })
}

/// The text as paragraphs, normalized and shaped with the bundled body face.
fn story(text: &str) -> Vec<ShapedPara> {
    let book = book();
    let faces = book.shaping_faces();
    let style = body_style();
    let mut warnings = broadsheet::Warnings::default();
    let (clean, _) = broadsheet::content::clean(text);
    broadsheet::content::paragraphs(&clean)
        .iter()
        .map(|p| {
            shape(
                book,
                &faces,
                &Paragraph::plain(prepare(p, &style), style),
                &mut warnings,
            )
        })
        .collect()
}

/// Counted characters on the set lines.
fn placed_chars(story: &[ShapedPara], flowed: &broadsheet::flow::Flowed) -> usize {
    flowed
        .lines
        .iter()
        .map(|l| {
            let para = &story[l.para];
            l.line
                .glyphs
                .iter()
                .map(|g| broadsheet::ledger::count(para.glyph_text(&para.glyphs[g.index])))
                .sum::<usize>()
        })
        .sum()
}

/// The body style of these tests.
fn body_style() -> ParStyle {
    ParStyle::body(TextStyle {
        font: broadsheet::font::FontId(0),
        fallback: Default::default(),
        size: Pt(9.0),
        fill: broadsheet::geom::Ink::BLACK,
    })
}

#[test]
fn a_paragraph_longer_than_the_planning_horizon_keeps_every_invariant() {
    // Planned a window at a time: nothing lost at the windows' seams, no line too wide,
    // no prohibited edge (targets::set asserts B1–B4 and B6).
    let unit = "北京是中华人民共和国的首都，也是全国的政治中心。“好！”他说——";
    let text = unit.repeat(3 * broadsheet::text::HORIZON / unit.chars().count() + 1);
    let lines = targets::set(&text, body_style(), Pt(9.0 * 13.0));
    // At most 13 characters (and one squeezed mark) a line.
    assert!(
        lines[0].len() * 14 >= text.chars().count(),
        "{} lines",
        lines[0].len()
    );
}

#[test]
fn overset_lines_are_counted_exactly_or_extrapolated_closely() {
    let para = "北京是中华人民共和国的首都，也是全国的政治中心和文化中心。".repeat(30);
    let slot = |lines| Slot {
        x: Pt::ZERO,
        top: Pt::ZERO,
        measure: Pt(9.0 * 13.0),
        lines,
        pitch: Pt(13.5),
    };
    // Small: exact, and equal to the lines the same text takes in a deep enough block.
    let small = story(&para);
    let over = flow(&small, &[slot(3)]).overset.unwrap();
    let all = flow(&small, &[slot(100_000)]).used[0] as usize;
    assert_eq!(over.lines, all - 3);
    // Large (past the exact budget): within 1 % of the real count.
    let big = story(&[para.as_str(); 40].join("\n\n"));
    let over = flow(&big, &[slot(3)]).overset.unwrap();
    let all = flow(&big, &[slot(100_000)]).used[0] as usize;
    let real = (all - 3) as f64;
    assert!(
        (over.lines as f64 - real).abs() <= real * 0.01,
        "{} lines estimated, {real} real",
        over.lines
    );
}
