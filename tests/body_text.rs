//! Body text of the reference page: line edges and justification.

mod common;

use broadsheet::text::Prohibition;
use common::reference;

#[test]
fn no_line_starts_with_a_closing_mark_or_ends_with_an_opening_mark() {
    let mut bad = Vec::new();
    for report in &reference().reports {
        for line in &report.lines {
            let first = line.text.chars().find(|c| !c.is_whitespace()).unwrap();
            let last = line
                .text
                .chars()
                .rev()
                .find(|c| !c.is_whitespace())
                .unwrap();
            if "，。、；：？！）》”".contains(first) || Prohibition::Basic.forbids_start(first)
            {
                bad.push(format!("{} starts: {}", report.id, line.text));
            }
            if "（《“".contains(last) || Prohibition::Basic.forbids_end(last) {
                bad.push(format!("{} ends: {}", report.id, line.text));
            }
        }
    }
    assert!(bad.is_empty(), "{bad:#?}");
}

#[test]
fn every_line_but_a_paragraph_end_fills_the_measure() {
    let mut lines = 0;
    for report in &reference().reports {
        for line in &report.lines {
            if line.last {
                continue;
            }
            lines += 1;
            let (_, x, advance) = *line.glyphs.last().unwrap();
            let right = x + advance;
            assert!(
                (right - line.measure).abs().get() <= 0.01,
                "{}: line ends at {:.3} pt of a {:.3} pt measure: {}",
                report.id,
                right.get(),
                line.measure.get(),
                line.text
            );
        }
    }
    assert!(lines > 300, "only {lines} justified lines were checked");
}

#[test]
fn paragraphs_open_with_a_two_em_indent_and_continue_flush() {
    for report in &reference().reports {
        for line in &report.lines {
            let (_, x, _) = line.glyphs[0];
            let expected = if line.first {
                line.size * 2.0
            } else {
                broadsheet::geom::Pt::ZERO
            };
            assert!(
                (x - expected).abs().get() < 1e-6,
                "{}: first glyph at {:?}: {}",
                report.id,
                x,
                line.text
            );
        }
    }
}
