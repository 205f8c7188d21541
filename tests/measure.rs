//! Measuring lines in constant time: `text::Meter` gives every line of a paragraph the
//! measure that `text::measure` gives it glyph by glyph, in every punctuation style, with
//! the pair rules' chains (`？！？`, `）（`, `。」`) at and across line edges.

mod common;

use broadsheet::geom::Pt;
use broadsheet::text::{Meter, Paragraph, PunctStyle, measure, shape};

#[test]
fn the_meter_measures_every_line_as_glyph_by_glyph_measuring_does() {
    let book = common::song_book();
    let faces = book.shaping_faces();
    let texts = [
        "他说：“我们（一起）去！？”她问：“真的吗？！”——好。《浙江》、“五四”精神，2023年AR眼镜Rokid与XR。",
        "（（引号））「『双重』」？！？！？。。，，、、；：。」（",
        "本报讯　记者程雪报道 打造首选地，提振新经济。昨日，杭州市“百名专家、千项成果对接万家企业”系列活动开幕。",
    ];
    for punct in [
        PunctStyle::Quanjiao,
        PunctStyle::Kaiming,
        PunctStyle::Banjiao,
        PunctStyle::Hangmobanjiao,
        PunctStyle::Plain,
    ] {
        for text in texts {
            let mut style = common::body_9pt();
            style.setting.punct = punct;
            let para = shape(
                &book,
                &faces,
                &Paragraph::plain(text.into(), style),
                &mut Default::default(),
            );
            let meter = Meter::new(&para);
            let n = para.glyphs.len();
            for s in 0..n {
                let head = meter.head(&para, s);
                for e in s + 1..=n {
                    let (a, b) = (measure(&para, s, e), meter.measure(&para, s, e));
                    // The planner's way: the first cells summed once per start, the same
                    // sums in the same order.
                    assert_eq!(
                        meter.measure_from(&para, &head, e),
                        b,
                        "{punct:?} {text}: {s}..{e} from its head"
                    );
                    let close = |x: Pt, y: Pt| (x - y).get().abs() < 1e-9;
                    let same = close(a.natural, b.natural)
                        && close(a.stretch, b.stretch)
                        && a.shrink.iter().zip(&b.shrink).all(|(x, y)| close(*x, *y))
                        && a.open == b.open
                        && a.glyphs == b.glyphs;
                    assert!(same, "{punct:?} {text}: {s}..{e}: {a:?} != {b:?}");
                }
            }
        }
    }
}

#[test]
fn a_paragraph_is_planned_for_each_line_at_its_own_measure() {
    use broadsheet::geom::Em;
    use broadsheet::text::{Breaker, Measures};
    let book = common::song_book();
    let faces = book.shaping_faces();
    let style = common::body_9pt();
    let text: String = "在省总工会，易炼红观摩劳模人队伍建设改革视频，要求全省各级工会组织用心用情维护好广大劳动者合法权益，充分调动各行各业职工干事创业热情，为我省高质量发展贡献更多力量。"
        .chars()
        .cycle()
        .take(900)
        .collect();
    let para = shape(
        &book,
        &faces,
        &Paragraph::plain(text, style),
        &mut Default::default(),
    );
    let em = |n: f64| Em(n).at(Pt(9.0));
    // Three full lines, four beside a photo, then alternating measures.
    let profile = Measures::new(
        vec![
            em(13.0),
            em(13.0),
            em(13.0),
            em(8.0),
            em(8.0),
            em(8.0),
            em(8.0),
        ],
        vec![em(13.0), em(11.0)],
    );
    let mut breaker = Breaker::new(&para);
    let mut i = 0;
    while let Some(line) = breaker.next_line_in(&profile.from(i)) {
        let width = measure(&para, line.start, line.end).min() - line.indent;
        assert!(
            line.forced || line.hang || width <= profile.at(i) + Pt(0.001),
            "line {i} is {width:?} wide for {:?}",
            profile.at(i)
        );
        // A line of an 8-em measure holds at most 8 characters and one of 13 ems at
        // least 11: each line was planned for its own measure.
        let chars = line.end - line.start;
        if profile.at(i) == em(8.0) {
            assert!(chars <= 9, "line {i}: {chars} glyphs at 8 em");
        } else if !line.last && profile.at(i) == em(13.0) {
            assert!(chars >= 11, "line {i}: {chars} glyphs at 13 em");
        }
        i += 1;
    }
    assert!(i > 60, "{i} lines");
    // A constant profile plans as a constant measure does.
    let lines = |f: &mut dyn FnMut(&mut Breaker) -> Option<broadsheet::text::Line>| {
        let mut b = Breaker::new(&para);
        std::iter::from_fn(|| f(&mut b))
            .map(|l| (l.start, l.end))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        lines(&mut |b| b.next_line(em(13.0))),
        lines(&mut |b| b.next_line_in(&Measures::constant(em(13.0))))
    );
}

#[test]
fn a_paragraph_set_again_gets_the_lines_a_fresh_one_gets() {
    use broadsheet::geom::Em;
    use broadsheet::text::{Breaker, Measures};
    let book = common::song_book();
    let faces = book.shaping_faces();
    let style = common::body_9pt();
    let text: String = "全省各级工会组织要用心用情维护好广大劳动者合法权益，充分调动各行各业职工干事创业热情，为我省高质量发展贡献更多力量。"
        .chars()
        .cycle()
        .take(400)
        .collect();
    let shaped = || {
        shape(
            &book,
            &faces,
            &Paragraph::plain(text.clone(), style),
            &mut Default::default(),
        )
    };
    let em = |n: f64| Measures::constant(Em(n).at(Pt(9.0)));
    // Each way of setting it: the measure of each line from the third on changes, so the
    // plans are made from the paragraph's start and from within it.
    let ways = [
        (em(13.0), em(8.0)),
        (em(8.0), em(13.0)),
        (em(13.0), em(11.0)),
        (em(13.0), em(13.0)),
        (em(11.0), em(8.0)),
    ];
    let set = |para: &broadsheet::text::ShapedPara, (first, rest): &(Measures, Measures)| {
        let mut b = Breaker::new(para);
        let mut lines = Vec::new();
        while let Some(l) = b.next_line_in(if lines.len() < 3 { first } else { rest }) {
            lines.push((l.start, l.end, l.hang));
        }
        lines
    };
    let kept = shaped();
    for round in 0..2 {
        for way in ways.iter().chain(ways.iter().rev()) {
            assert_eq!(
                set(&kept, way),
                set(&shaped(), way),
                "round {round}: set again at {way:?}"
            );
        }
    }
    // The ways differ: a plan for one measure given for another would show.
    assert_ne!(set(&kept, &ways[0]), set(&kept, &ways[1]));
}
