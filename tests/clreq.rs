//! The clreq acceptance cases (tests/data/clreq_cases.toml) and glyph-level checks, set
//! through the same code path as page rendering.

mod common;

use broadsheet::copyfit::{Options, SetLine, copyfit};
use broadsheet::font::FontBook;
use broadsheet::geom::{Em, Pt};
use broadsheet::text::{CharClass, Prohibition, PunctStyle};
use serde::Deserialize;

const TOLERANCE: f64 = 0.001;

#[derive(Deserialize)]
struct Cases {
    case: Vec<Case>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    id: String,
    rule: String,
    measure: f64,
    text: String,
    #[serde(default)]
    lines: Vec<String>,
    #[serde(default)]
    last_min_han: usize,
    #[serde(default)]
    last_not: Option<String>,
    #[serde(default)]
    max_gap: Option<f64>,
    #[serde(default)]
    widths: Vec<f64>,
    #[serde(default)]
    indent: f64,
    #[serde(default)]
    style: Option<String>,
    #[serde(default)]
    prohibit: Option<String>,
    #[serde(default)]
    hang: bool,
    #[serde(default)]
    char: Vec<CharCheck>,
    #[serde(default)]
    gap: Vec<GapCheck>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CharCheck {
    line: usize,
    index: usize,
    x: Option<f64>,
    advance: Option<f64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct GapCheck {
    line: usize,
    value: f64,
}

impl Case {
    /// A case with no expectations, for tests that check properties themselves.
    fn plain(id: impl Into<String>, text: impl Into<String>, measure: f64) -> Self {
        Case {
            id: id.into(),
            rule: String::new(),
            measure,
            text: text.into(),
            lines: vec![],
            last_min_han: 0,
            last_not: None,
            max_gap: None,
            widths: vec![],
            indent: 0.0,
            style: None,
            prohibit: None,
            hang: false,
            char: vec![],
            gap: vec![],
        }
    }
}

fn set(book: &FontBook, case: &Case) -> Vec<SetLine> {
    let size = Pt(10.0);
    let options = Options {
        font: book.by_name("song").unwrap(),
        measure: Em(case.measure).at(size),
        size,
        indent: Em(case.indent),
        punct: match case.style.as_deref() {
            None | Some("quanjiao") => PunctStyle::Quanjiao,
            Some("kaiming") => PunctStyle::Kaiming,
            Some("banjiao") => PunctStyle::Banjiao,
            Some("hangmobanjiao") => PunctStyle::Hangmobanjiao,
            Some("plain") => PunctStyle::Plain,
            Some(s) => panic!("{}: unknown style {s}", case.id),
        },
        prohibition: match case.prohibit.as_deref() {
            None | Some("basic") => Prohibition::Basic,
            Some("none") => Prohibition::None,
            Some("gb") => Prohibition::Gb,
            Some("strict") => Prohibition::Strict,
            Some(s) => panic!("{}: unknown level {s}", case.id),
        },
        hang: case.hang,
        normalize: true,
    };
    copyfit(
        book,
        std::slice::from_ref(&case.text),
        &options,
        &mut Default::default(),
    )
}

/// Checks one case; returns what is wrong.
fn check(book: &FontBook, case: &Case) -> Vec<String> {
    let lines = set(book, case);
    let mut errors = Vec::new();
    let got: Vec<&str> = lines.iter().map(|l| l.text.as_str()).collect();
    let han = |t: &str| {
        t.chars()
            .filter(|c| CharClass::of(*c) == CharClass::Han)
            .count()
    };
    let last = got.last().copied().unwrap_or_default();
    if han(last) < case.last_min_han {
        errors.push(format!(
            "last line `{last}` has fewer than {} Han characters",
            case.last_min_han
        ));
    }
    if case.last_not.as_deref() == Some(last) {
        errors.push(format!("last line is `{last}`"));
    }
    if let Some(max) = case.max_gap {
        for l in &lines {
            for w in l.chars.windows(2) {
                let gap = w[1].x - (w[0].x + w[0].advance);
                if gap > max + TOLERANCE {
                    errors.push(format!("a gap of {gap:.3} em in `{}`", l.text));
                }
            }
        }
    }
    if case.lines.is_empty() {
        assert!(
            case.last_min_han > 0 || case.max_gap.is_some(),
            "{}: a case needs lines or properties",
            case.id
        );
    } else if got != case.lines {
        errors.push(format!("lines {got:?}, expected {:?}", case.lines));
        return errors;
    }
    for (i, want) in case.widths.iter().enumerate() {
        if (lines[i].width - want).abs() > TOLERANCE {
            errors.push(format!(
                "line {} width {:.4}, expected {want}",
                i + 1,
                lines[i].width
            ));
        }
    }
    for c in &case.char {
        let ch = &lines[c.line - 1].chars[c.index];
        if let Some(x) = c.x
            && (ch.x - x).abs() > TOLERANCE
        {
            errors.push(format!(
                "line {} `{}` at x {:.4}, expected {x}",
                c.line, ch.ch, ch.x
            ));
        }
        if let Some(a) = c.advance
            && (ch.advance - a).abs() > TOLERANCE
        {
            errors.push(format!(
                "line {} `{}` advance {:.4}, expected {a}",
                c.line, ch.ch, ch.advance
            ));
        }
    }
    for g in &case.gap {
        let chars = &lines[g.line - 1].chars;
        for w in chars.windows(2) {
            let han = |c: char| CharClass::of(c) == CharClass::Han;
            if han(w[0].ch) && han(w[1].ch) {
                let gap = w[1].x - (w[0].x + w[0].advance);
                if (gap - g.value).abs() > TOLERANCE {
                    errors.push(format!(
                        "line {} gap {}|{} is {gap:.4}, expected {}",
                        g.line, w[0].ch, w[1].ch, g.value
                    ));
                }
            }
        }
    }
    // Properties every case must have.
    for (i, l) in lines.iter().enumerate() {
        let first = l.chars.first().unwrap().ch;
        let last = l.chars.last().unwrap().ch;
        if Prohibition::Basic.forbids_start(first) {
            errors.push(format!("line {} starts with {first}", i + 1));
        }
        if Prohibition::Basic.forbids_end(last) {
            errors.push(format!("line {} ends with {last}", i + 1));
        }
        if i + 1 < lines.len() && !case.hang && (l.width - case.measure).abs() > TOLERANCE {
            errors.push(format!(
                "line {} is {:.4} em, not justified to {}",
                i + 1,
                l.width,
                case.measure
            ));
        }
    }
    errors
}

#[test]
fn every_case_of_the_table_passes() {
    let cases: Cases = toml::from_str(
        &std::fs::read_to_string(common::root().join("tests/data/clreq_cases.toml")).unwrap(),
    )
    .unwrap();
    assert!(cases.case.len() >= 19, "the case table was not read");
    let book = common::song_book();
    let mut failures = Vec::new();
    for case in &cases.case {
        for e in check(&book, case) {
            failures.push(format!("{} ({}): {e}", case.id, case.rule));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Shapes one string in the bundled Song and returns (glyph id, box advance in em) per glyph.
fn glyph_boxes(text: &str) -> Vec<(u16, f64, f64)> {
    let book = common::song_book();
    let faces = book.shaping_faces();
    let style = broadsheet::style::ParStyle::body(broadsheet::style::TextStyle {
        font: book.by_name("song").unwrap(),
        fallback: Default::default(),
        size: Pt(1000.0),
        fill: broadsheet::geom::Ink::BLACK,
    });
    let para = broadsheet::text::Paragraph::plain(text.into(), style);
    let shaped = broadsheet::text::shape(&book, &faces, &para, &mut Default::default());
    shaped
        .glyphs
        .iter()
        .map(|g| (g.gid, g.advance.get() / 1000.0, g.x_offset.get() / 1000.0))
        .collect()
}

fn ink(gid: u16) -> ttf_parser::Rect {
    let data = std::fs::read(common::root().join("fonts/NotoSerifSC-Regular.ttf")).unwrap();
    let face = ttf_parser::Face::parse(&data, 0).unwrap();
    face.glyph_bounding_box(ttf_parser::GlyphId(gid)).unwrap()
}

#[test]
fn t28_mainland_glyph_forms() {
    // zh-Hans shaping selects the GB forms: the comma's ink sits in the left quarter,
    // the quotes are full width.
    let comma = glyph_boxes("，")[0];
    let r = ink(comma.0);
    assert!(r.x_max < 300, "comma ink {r:?}");
    // The font's own advance of the glyph shaping chose (not the engine's cell): with
    // zh-Hans, `locl` picks the full-width quotes; without a language it would not.
    let data = std::fs::read(common::root().join("fonts/NotoSerifSC-Regular.ttf")).unwrap();
    let face = ttf_parser::Face::parse(&data, 0).unwrap();
    for (gid, _, _) in glyph_boxes("“”") {
        assert_eq!(
            face.glyph_hor_advance(ttf_parser::GlyphId(gid)),
            Some(1000),
            "quote glyph {gid} is not the full-width form"
        );
    }
}

#[test]
fn t29_dashes_and_ellipses_take_two_ems_centred() {
    for text in ["——", "……", "⸺"] {
        let glyphs = glyph_boxes(text);
        let total: f64 = glyphs.iter().map(|g| g.1).sum();
        assert!((total - 2.0).abs() < 1e-9, "{text} advances {total} em");
        // Centred on the ideographic em box (−0.12 … 0.88 em): ink around 0.38 em high.
        for (gid, _, _) in &glyphs {
            let r = ink(*gid);
            let mid = (r.y_min as f64 + r.y_max as f64) / 2.0;
            assert!((mid - 380.0).abs() < 60.0, "{text}: ink centre at {mid}");
        }
    }
}

#[test]
fn t30_interpunct_is_half_an_em_with_the_dot_centred() {
    let glyphs = glyph_boxes("娜·罗");
    let (gid, advance, x_offset) = glyphs[1];
    assert!((advance - 0.5).abs() < 1e-9, "advance {advance}");
    let r = ink(gid);
    let centre = x_offset + (r.x_min as f64 + r.x_max as f64) / 2000.0;
    assert!(
        (centre - 0.25).abs() < 0.02,
        "dot centre at {centre} em of a 0.5 em box"
    );
}

#[test]
fn styles_set_marks_as_they_say() {
    let book = common::song_book();
    let mut case = Case::plain("styles", "他说，我们走吧。你好！", 30.0);
    let advance =
        |lines: &[SetLine], ch: char| lines[0].chars.iter().find(|c| c.ch == ch).unwrap().advance;
    for (style, comma, stop) in [
        ("quanjiao", 1.0, 1.0),
        ("kaiming", 0.5, 1.0),
        ("banjiao", 0.5, 0.5),
        ("plain", 1.0, 1.0),
    ] {
        case.style = Some(style.into());
        let lines = set(&book, &case);
        assert_eq!(advance(&lines, '，'), comma, "{style}: comma");
        assert_eq!(advance(&lines, '。'), stop, "{style}: full stop");
    }
    // 行末半角式: full width inside the line, adjacent marks not squeezed, half at the end.
    case.style = Some("hangmobanjiao".into());
    case.text = "他说：“好。”我们走吧。".into();
    let lines = set(&book, &case);
    assert_eq!(
        advance(&lines, '：'),
        1.0,
        "hangmobanjiao: colon before a quote"
    );
    assert_eq!(advance(&lines, '“'), 1.0, "hangmobanjiao: opening quote");
    assert_eq!(
        lines[0].chars.last().unwrap().advance,
        0.5,
        "hangmobanjiao: line end"
    );
    case.style = Some("quanjiao".into());
    let lines = set(&book, &case);
    assert_eq!(
        advance(&lines, '：') + advance(&lines, '“'),
        1.5,
        "quanjiao squeezes the pair"
    );
    case.text = "他说，我们走吧。你好！".into();

    // The line-end mark: half an em except in plain style.
    case.style = Some("plain".into());
    assert_eq!(set(&book, &case)[0].chars.last().unwrap().advance, 1.0);
    case.style = None;
    assert_eq!(set(&book, &case)[0].chars.last().unwrap().advance, 0.5);
}

#[test]
fn numbers_and_latin_words_never_split() {
    let book = common::song_book();
    for (text, whole) in [
        ("价格上涨了12.5%左右而且", "12.5%"),
        ("金额为¥1,000元整", "¥1,000"),
        ("我们使用Rokid眼镜", "Rokid"),
        ("气温达到38℃以上", "38℃"),
    ] {
        for measure in 4..12 {
            let case = Case::plain(text, text, measure as f64);
            let lines = set(&book, &case);
            assert!(
                lines.iter().any(|l| l.text.contains(whole)),
                "{text} at {measure} em split {whole}: {:?}",
                lines.iter().map(|l| &l.text).collect::<Vec<_>>()
            );
        }
    }
}

#[test]
fn interpunct_wave_dash_and_connector_never_start_a_line() {
    let book = common::song_book();
    for text in [
        "克里斯蒂娜·罗塞蒂是诗人",
        "时间是三点～五点之间的事",
        "浙江大学杭州国际科创中心—杭州之江有机硅",
    ] {
        for measure in 3..10 {
            let case = Case::plain(text, text, measure as f64);
            for l in set(&book, &case) {
                assert!(
                    !l.text.starts_with(['·', '～', '—']),
                    "{text} at {measure}: {}",
                    l.text
                );
            }
        }
    }
}
