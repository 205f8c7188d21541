//! Stories that jump between pages of an edition (转版): the reference edition's A1 starts
//! on page 1 and goes on on page 2; the jump lines name the pages the thread really goes
//! to and comes from, and the story's text reads out of the PDF exactly once.

mod common;

use std::path::{Path, PathBuf};

use broadsheet::ledger::count;
use common::fold;

fn reference_edition() -> PathBuf {
    common::root().join("layouts/zjgrrb-edition.toml")
}

fn layout(name: &str) -> String {
    common::root()
        .join("layouts")
        .join(name)
        .display()
        .to_string()
}

/// Writes an edition of `pages` (label, page spec) into a fresh folder of its own.
fn edition_of(name: &str, pages: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let mut text =
        "[edition]\npaper = \"浙江工人日报\"\ndate = \"2023-01-18\"\nnumber = 12308\n".to_string();
    for (label, spec) in pages {
        text += &format!("\n[[page]]\nlabel = \"{label}\"\nname = \"综合\"\nspec = \"{spec}\"\n");
    }
    let path = dir.join("edition.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// The text of each page of a PDF, folded and without whitespace.
fn page_texts(pdf: &[u8]) -> Vec<String> {
    pdf_extract::extract_text_from_mem_by_pages(pdf)
        .unwrap()
        .iter()
        .map(|t| fold(t))
        .collect()
}

fn occurrences(text: &str, what: &str) -> usize {
    text.matches(&fold(what)).count()
}

#[test]
fn the_reference_edition_jumps_from_page_1_to_page_2_with_the_pages_computed() {
    let rendered = broadsheet::render_file(&reference_edition(), &Default::default()).unwrap();
    let pages = page_texts(&rendered.pdf);
    assert_eq!(pages.len(), 2);
    assert_eq!(occurrences(&pages[0], "（下转第2版）"), 1, "{}", pages[0]);
    assert_eq!(occurrences(&pages[1], "（上接第1版）"), 1, "{}", pages[1]);
    assert_eq!(occurrences(&pages[0], "（上接"), 0);
    assert_eq!(occurrences(&pages[1], "（下转"), 0);
    // The continuation carries the repeated head (the headline's lines joined), right
    // before its jump line.
    assert!(
        pages[1].contains(&fold("不断开创群团工作高质量发展新局面（上接第1版）")),
        "{}",
        pages[1]
    );
    // Page 2's running head: the date, 第2版 and its name, from the edition.
    for part in ["2023年1月18日", "星期三", "第2版", "综合"] {
        assert!(pages[1].contains(part), "{part} missing from page 2");
    }
    // Page 1's ear: lunar date, weekday and issue number, from the edition alone (the
    // furniture file of the edition's pages types none of them).
    for part in ["壬寅年十二月廿七", "星期三", "总第12308号"] {
        assert!(pages[0].contains(part), "{part} missing from page 1");
    }
    let furniture =
        std::fs::read_to_string(common::root().join("fixtures/2023-01-18/furniture-edition.txt"))
            .unwrap();
    assert!(
        !furniture.contains("12308") && !furniture.contains("壬寅") && !furniture.contains("星期")
    );
    // The reports say where the story goes and comes from.
    let part = |id: &str| rendered.reports.iter().find(|r| r.id == id).unwrap();
    assert_eq!(part("1/A1").jumps_to.as_deref(), Some("2"));
    assert_eq!(part("2/A1").jumps_from.as_deref(), Some("1"));
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );
}

#[test]
fn a_jumped_story_reads_out_of_the_pdf_once_in_thread_order() {
    let rendered = broadsheet::render_file(&reference_edition(), &Default::default()).unwrap();
    let pages = page_texts(&rendered.pdf);
    let part = |id: &str| rendered.reports.iter().find(|r| r.id == id).unwrap();
    let (first, second) = (&part("1/A1").ledger, &part("2/A1").ledger);

    // The story as written: lead and body, by this test's own reading of the file.
    let raw = std::fs::read_to_string(common::root().join("fixtures/2023-01-18/a1.txt")).unwrap();
    let (header, body) = raw.split_once("\n\n").unwrap();
    let field = |key: &str| -> String {
        header
            .lines()
            .find_map(|l| l.strip_prefix(&format!("{key}:")))
            .map(|v| v.trim().replace(" / ", ""))
            .unwrap_or_default()
    };
    let head = ["kicker", "headline", "subhead"].map(field).concat();
    let photo = field("caption") + &field("credit");
    let story: Vec<char> = fold(&(field("lead") + body)).chars().collect();

    // Each part balances, and what leaves page 1 is what page 2 takes in.
    assert!(
        first.balances() && second.balances(),
        "{first:?} {second:?}"
    );
    assert_eq!(first.input, count(&head) + count(&photo) + story.len());
    assert_eq!(first.jumped, second.input);
    assert_eq!(second.jumped + second.overset, 0);
    // The jump lines and the repeated head are listed apart.
    assert_eq!(first.added["jump line"], count("（下转第2版）"));
    assert_eq!(second.added["jump line"], count("（上接第1版）"));
    assert_eq!(
        second.added["repeated head"],
        count("不断开创群团工作高质量发展新局面")
    );

    // Page 1 sets the story's first part right after its jump line (the jump line is
    // drawn first), page 2 the rest right after its own.
    let on_first = first.on_page - count(&head) - count(&photo);
    let after = |page: &str, marker: &str, n: usize| -> Vec<char> {
        let marker = fold(marker);
        let at = page.find(&marker).unwrap() + marker.len();
        page[at..].chars().take(n).collect()
    };
    assert_eq!(
        after(&pages[0], "（下转第2版）", on_first),
        story[..on_first]
    );
    assert_eq!(
        after(&pages[1], "（上接第1版）", second.on_page),
        story[on_first..on_first + second.on_page]
    );
    // Nothing lost, nothing repeated: the two parts are the whole story.
    assert_eq!(on_first + second.on_page, story.len());
    let seam: String = story[on_first - 6..on_first + 6].iter().collect();
    let whole: String = pages.concat();
    assert_eq!(
        whole.matches(&seam).count(),
        0,
        "the seam is split across pages"
    );
    let tail: String = story[story.len() - 12..].iter().collect();
    assert_eq!(whole.matches(&tail).count(), 1);
}

#[test]
fn moving_the_continuation_to_page_3_changes_the_printed_numbers_and_nothing_else() {
    let small = common::root().join("fixtures/thread-mid-word/layout.toml");
    let edition = edition_of(
        "jump-to-page-3",
        &[
            ("1", &layout("zjgrrb-edition-1.toml")),
            ("2", &small.display().to_string()),
            ("3", &layout("zjgrrb-edition-2.toml")),
        ],
    );
    let rendered = broadsheet::render_file(&edition, &Default::default()).unwrap();
    let pages = page_texts(&rendered.pdf);
    assert_eq!(pages.len(), 3);
    assert_eq!(occurrences(&pages[0], "（下转第3版）"), 1);
    assert_eq!(occurrences(&pages[2], "（上接第1版）"), 1);
    assert_eq!(occurrences(&pages[1].clone(), "（上接"), 0);
    assert!(pages[2].contains("第3版"));
    // The story is set as in the two-page edition: the same characters on each part.
    let two = broadsheet::render_file(&reference_edition(), &Default::default()).unwrap();
    let on = |r: &broadsheet::Rendered, id: &str| {
        r.reports
            .iter()
            .find(|p| p.id == id)
            .unwrap()
            .ledger
            .clone()
    };
    assert_eq!(on(&rendered, "1/A1"), on(&two, "1/A1"));
    let (moved, before) = (on(&rendered, "3/A1"), on(&two, "2/A1"));
    assert_eq!((moved.input, moved.on_page), (before.input, before.on_page));
}

#[test]
fn a_sectioned_edition_prints_the_section_label() {
    let edition = edition_of(
        "jump-sectioned",
        &[
            ("A1", &layout("zjgrrb-edition-1.toml")),
            ("A2", &layout("zjgrrb-edition-2.toml")),
        ],
    );
    let rendered = broadsheet::render_file(&edition, &Default::default()).unwrap();
    let pages = page_texts(&rendered.pdf);
    assert_eq!(occurrences(&pages[0], "（下转A2版）"), 1, "{}", pages[0]);
    assert_eq!(occurrences(&pages[1], "（上接A1版）"), 1);
}

#[test]
fn a_page_of_the_edition_alone_lays_out_the_pages_its_story_comes_from() {
    use broadsheet::raster::{Channels, rasterize};
    let whole = broadsheet::render_file(&reference_edition(), &Default::default()).unwrap();
    let options = broadsheet::Options {
        page: Some("2".into()),
        ..Default::default()
    };
    let alone = broadsheet::render_file(&reference_edition(), &options).unwrap();
    assert_eq!(alone.document.pages.len(), 1);
    let texts = page_texts(&alone.pdf);
    assert_eq!(occurrences(&texts[0], "（上接第1版）"), 1);
    let edition_page = &rasterize(&whole.pdf, 36.0, Channels::Gray).unwrap()[1];
    let page = &rasterize(&alone.pdf, 36.0, Channels::Gray).unwrap()[0];
    assert!(
        page.data == edition_page.data,
        "page 2 alone prints differently"
    );
}

#[test]
fn a_story_that_ends_before_its_continuation_leaves_it_empty_with_a_warning() {
    // On the front page A1 fits its blocks: nothing jumps, so page 2's continuation stays
    // empty, and neither page prints a jump line or the repeated head.
    let edition = edition_of(
        "jump-empty",
        &[
            ("1", &layout("zjgrrb-front.toml")),
            ("2", &layout("zjgrrb-edition-2.toml")),
        ],
    );
    // The front page's furniture types its issue number: the edition gives none.
    let text = std::fs::read_to_string(&edition).unwrap();
    std::fs::write(&edition, text.replace("number = 12308\n", "")).unwrap();
    let rendered = broadsheet::render_file(&edition, &Default::default()).unwrap();
    let pages = page_texts(&rendered.pdf);
    assert_eq!(occurrences(&pages[0], "（下转"), 0);
    assert_eq!(occurrences(&pages[1], "（上接"), 0);
    assert!(!pages[1].contains("不断开创群团工作高质量发展新局面"));
    assert!(
        rendered
            .warnings
            .iter()
            .any(|w| matches!(w, broadsheet::Warning::EmptyContinuation { article, page } if article == "A1" && page == "2")),
        "{:?}",
        rendered.warnings
    );
    let part = rendered.reports.iter().find(|r| r.id == "2/A1").unwrap();
    assert!(
        part.ledger.balances() && part.ledger.input == 0,
        "{:?}",
        part.ledger
    );
}

#[test]
fn a_jump_backwards_onto_a_missing_story_or_from_a_page_alone_is_an_error_at_its_line() {
    // Page 2 before page 1: A1 would jump backwards.
    let backwards = edition_of(
        "jump-backwards",
        &[
            ("1", &layout("zjgrrb-edition-2.toml")),
            ("2", &layout("zjgrrb-edition-1.toml")),
        ],
    );
    let e = broadsheet::render_file(&backwards, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("zjgrrb-edition-2.toml:") && e.contains("starts on page 2, after this one"),
        "{e}"
    );
    // No page starts the story.
    let missing = edition_of("jump-missing", &[("1", &layout("zjgrrb-edition-2.toml"))]);
    let e = broadsheet::render_file(&missing, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("no earlier page of the edition starts story `A1`"),
        "{e}"
    );
    // A page with a continuation rendered on its own.
    let e = broadsheet::render(Path::new(&layout("zjgrrb-edition-2.toml")))
        .unwrap_err()
        .to_string();
    assert!(e.contains("render the edition"), "{e}");
    let line = std::fs::read_to_string(layout("zjgrrb-edition-2.toml"))
        .unwrap()
        .lines()
        .position(|l| l == "[[continuation]]")
        .unwrap()
        + 1;
    assert!(e.contains(&format!("zjgrrb-edition-2.toml:{line}")), "{e}");
}

#[test]
fn a_continuation_onto_the_page_the_story_starts_on_is_a_spec_error() {
    let spec = common::variant(
        "thread-mid-word",
        &[(
            "[[article]]",
            "[[continuation]]\nid = \"T1\"\nhead = { column = 1, line = 0, lines = 1 }\nblocks = [{ column = 2, line = 0, lines = 2 }]\noverlap = \"allow\"\n\n[[article]]",
        )],
    );
    let e = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(
        e.contains("starts on this page, so it cannot jump onto it"),
        "{e}"
    );
}

/// A copy of the edition-jump fixture in a folder of its own, with edits to its files
/// and, if `third` is given, a third page whose spec is page 2's with those edits.
fn jump_copy(name: &str, edits: &[(&str, &str, &str)], third: Option<&[(&str, &str)]>) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let from = common::root().join("fixtures/edition-jump");
    let fonts = format!("{}/fonts/", common::root().display());
    for file in ["edition.toml", "page1.toml", "page2.toml", "article.txt"] {
        let mut text = std::fs::read_to_string(from.join(file))
            .unwrap()
            .replace("../../fonts/", &fonts);
        for (f, a, b) in edits {
            if *f == file {
                assert!(text.contains(a), "{a} not in {file}");
                text = text.replace(a, b);
            }
        }
        std::fs::write(dir.join(file), text).unwrap();
    }
    if let Some(page3) = third {
        let mut text = std::fs::read_to_string(dir.join("page2.toml")).unwrap();
        for (a, b) in page3 {
            text = text.replace(a, b);
        }
        std::fs::write(dir.join("page3.toml"), text).unwrap();
        let edition = std::fs::read_to_string(dir.join("edition.toml")).unwrap()
            + "\n[[page]]\nlabel = \"3\"\nname = \"综合\"\nspec = \"page3.toml\"\n";
        std::fs::write(dir.join("edition.toml"), edition).unwrap();
    }
    dir.join("edition.toml")
}

#[test]
fn a_story_can_run_over_three_pages_and_its_ledger_chains_through_them() {
    // Page 2 gives the story one block of 3 lines: the jump lines take two, so one line of
    // text sits between （上接第1版） and （下转第3版）; the rest goes on on page 3.
    let page2_blocks = "blocks = [\n  { column = 1, line = 3, lines = 7 },\n  { column = 2, line = 3, lines = 7 },\n]";
    let edition = jump_copy(
        "jump-three-pages",
        &[(
            "page2.toml",
            page2_blocks,
            "blocks = [\n  { column = 1, line = 3, lines = 3 },\n]",
        )],
        Some(&[(
            "blocks = [\n  { column = 1, line = 3, lines = 3 },\n]",
            page2_blocks,
        )]),
    );
    let rendered = broadsheet::render_file(&edition, &Default::default()).unwrap();
    let pages = page_texts(&rendered.pdf);
    assert_eq!(pages.len(), 3);
    assert_eq!(occurrences(&pages[0], "（下转第2版）"), 1);
    assert_eq!(occurrences(&pages[1], "（上接第1版）"), 1);
    assert_eq!(occurrences(&pages[1], "（下转第3版）"), 1);
    assert_eq!(occurrences(&pages[2], "（上接第2版）"), 1);
    let part = |id: &str| rendered.reports.iter().find(|r| r.id == id).unwrap();
    let (a, b, c) = (
        &part("1/J1").ledger,
        &part("2/J1").ledger,
        &part("3/J1").ledger,
    );
    assert!(
        a.balances() && b.balances() && c.balances(),
        "{a:?} {b:?} {c:?}"
    );
    assert_eq!((a.jumped, b.jumped), (b.input, c.input));
    assert!(b.on_page > 0 && c.jumped == 0 && c.overset == 0);
    // The middle part's one block: 1 line of text between its two jump lines.
    assert_eq!(part("2/J1").blocks, [(1, 1)]);
    // The last part got no line reserved at its foot: its blocks offer all their lines
    // but the first (the jump line in).
    assert_eq!(
        part("3/J1").blocks.iter().map(|b| b.1).collect::<Vec<_>>(),
        [6, 7]
    );
}

#[test]
fn a_part_with_no_line_for_text_between_its_jump_lines_is_an_error_at_its_line() {
    let page2_blocks = "blocks = [\n  { column = 1, line = 3, lines = 7 },\n  { column = 2, line = 3, lines = 7 },\n]";
    let edition = jump_copy(
        "jump-no-room",
        &[(
            "page2.toml",
            page2_blocks,
            "blocks = [\n  { column = 1, line = 3, lines = 2 },\n]",
        )],
        Some(&[(
            "blocks = [\n  { column = 1, line = 3, lines = 2 },\n]",
            page2_blocks,
        )]),
    );
    let e = broadsheet::render_file(&edition, &Default::default())
        .unwrap_err()
        .to_string();
    let page2 = edition.with_file_name("page2.toml");
    assert!(
        e.contains(&format!(
            "page2.toml:{}",
            line_of(&page2, "[[continuation]]")
        )) && e.contains("at least 3 lines"),
        "{e}"
    );
}

#[test]
fn a_page_alone_reports_what_its_continued_story_lacks() {
    // A character no face has, at the story's end: on page 2. Rendering page 2 alone still
    // reports it, though the story was shaped with page 1.
    let edition = jump_copy(
        "jump-missing-glyph",
        &[("article.txt", "队伍建设。", "队伍建设\u{E000}。")],
        None,
    );
    let options = broadsheet::Options {
        page: Some("2".into()),
        ..Default::default()
    };
    let rendered = broadsheet::render_file(&edition, &options).unwrap();
    assert!(
        rendered
            .warnings
            .iter()
            .any(|w| matches!(w, broadsheet::Warning::MissingGlyph { ch: '\u{E000}', .. })),
        "{:?}",
        rendered.warnings
    );
}

#[test]
fn the_reference_edition_is_the_same_bytes_on_one_thread_or_eight() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("jump-threads");
    std::fs::create_dir_all(&dir).unwrap();
    let render = |threads: &str| -> Vec<u8> {
        let out = dir.join(format!("{threads}.pdf"));
        let run = std::process::Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .env("RAYON_NUM_THREADS", threads)
            .args(["render", reference_edition().to_str().unwrap(), "-o"])
            .arg(&out)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        std::fs::read(out).unwrap()
    };
    assert!(render("1") == render("8"));
}

fn line_of(path: &Path, needle: &str) -> usize {
    std::fs::read_to_string(path)
        .unwrap()
        .lines()
        .position(|l| l.contains(needle))
        .unwrap()
        + 1
}

#[test]
fn every_part_of_every_story_balances_in_both_editions() {
    for edition in [
        reference_edition(),
        common::root().join("benches/edition16/edition.toml"),
    ] {
        let rendered = broadsheet::render_file(&edition, &Default::default()).unwrap();
        for r in &rendered.reports {
            assert!(
                r.ledger.balances(),
                "{}: {}: {:?}",
                edition.display(),
                r.id,
                r.ledger
            );
        }
        assert!(
            rendered.preflight.passes(),
            "{:?}",
            rendered.preflight.violations
        );
    }
}
