//! Ending flush: an article may move its photo's foot by whole grid lines (`photo_flex`)
//! until its text fills its blocks; what moved is reported, and what no move closes is
//! named as a copy change for the desk. Lines are never loosened to fill.

mod common;

use std::process::Command;

/// The reference page with `photo_flex = 4` on its two articles with photos.
fn flexible() -> std::path::PathBuf {
    let (_, spec) = common::reference_copy("flush");
    let text = std::fs::read_to_string(&spec)
        .unwrap()
        .replace("caption_lines = 2\n", "caption_lines = 2\nphoto_flex = 4\n");
    std::fs::write(&spec, text).unwrap();
    spec
}

#[test]
fn an_article_moves_its_photo_foot_to_end_flush_and_says_so() {
    let before = common::reference();
    let rendered = broadsheet::render(&flexible()).unwrap();
    let (a1, a1_before) = (&rendered.reports[0], &before.reports[0]);
    // Before: a line left empty under the photo; after: the photo a line taller, the
    // block under it a line shorter and full.
    assert_eq!(a1_before.empty.0, 1);
    assert_eq!(a1.empty.0, 0, "{:?}", a1.blocks);
    assert!(a1.overset.is_none() && a1.ledger.balances());
    assert_eq!(a1.adjusted, ["photo 1 line taller"]);
    let (photo, photo_before) = (
        rendered.spec.articles[0].photo.unwrap().area,
        before.spec.articles[0].photo.unwrap().area,
    );
    assert_eq!(photo.lines, photo_before.lines + 1);
    assert_eq!(
        rendered.spec.articles[0].blocks[2].line,
        before.spec.articles[0].blocks[2].line + 1
    );
    // A2: no move of its photo closes it; the report names the copy change instead, and
    // nothing moved.
    let a2 = &rendered.reports[1];
    assert!(a2.adjusted.is_empty());
    assert_eq!(
        a2.copy_change().unwrap().to_string(),
        "2 lines short (about 26 characters)"
    );
    // The lines keep their quality: the page's spread lines stay within the bound.
    assert!(rendered.reports.iter().all(|r| r.ledger.balances()));
}

#[test]
fn every_article_that_does_not_end_flush_names_its_copy_change() {
    let rendered = common::reference();
    for r in &rendered.reports {
        let change = r.copy_change();
        assert_eq!(
            change.is_some(),
            r.empty.0 > 0 || r.overset.is_some(),
            "{}",
            r.id
        );
        if let Some(broadsheet::compose::CopyChange::Add { lines, chars }) = change {
            assert_eq!(lines, r.empty.0);
            assert!(
                chars >= lines * 13,
                "{}: {chars} characters for {lines} lines",
                r.id
            );
        }
    }
    // An overset article is told to cut exactly its overset.
    let overset = broadsheet::render(&common::root().join("fixtures/overset/layout.toml")).unwrap();
    let r = &overset.reports[0];
    assert_eq!(
        r.copy_change().unwrap().to_string(),
        format!("cut {} characters", r.overset.unwrap().chars)
    );
    // The JSON report carries both.
    let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args([
            "render",
            flexible().to_str().unwrap(),
            "--report",
            "json",
            "-o",
        ])
        .arg(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("flush.pdf"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(json["articles"][0]["adjusted"][0], "photo 1 line taller");
    assert_eq!(
        json["articles"][1]["copy"],
        "2 lines short (about 26 characters)"
    );
}

#[test]
fn photo_flex_needs_a_photo() {
    let spec = common::variant(
        "thread-mid-word",
        &[("id = \"T1\"\n", "id = \"T1\"\nphoto_flex = 2\n")],
    );
    let e = broadsheet::render(&spec)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("photo_flex") && e.contains("needs a photo"),
        "{e}"
    );
}

#[test]
fn a_head_gives_its_space_to_end_flush_too() {
    // A5's head may take up to 3 lines more: its blocks start lower and the empty lines at
    // their foot go (11 before; what is left is the balanced group's last line or two).
    let (_, spec) = common::reference_copy("flush-head");
    let text = std::fs::read_to_string(&spec).unwrap().replace(
        "id = \"A5\"\nbalance = true  # columns end level; only the last is short\n",
        "id = \"A5\"\nbalance = true\nhead_flex = 3\n",
    );
    assert!(text.contains("head_flex = 3"));
    std::fs::write(&spec, text).unwrap();
    let rendered = broadsheet::render(&spec).unwrap();
    let before = &common::reference().reports[4];
    let a5 = &rendered.reports[4];
    assert_eq!(a5.id, "A5");
    assert_eq!(a5.adjusted, ["head 3 lines taller"]);
    assert!(
        a5.empty.0 < before.empty.0,
        "{:?} → {:?}",
        before.empty,
        a5.empty
    );
    assert!(a5.overset.is_none() && a5.ledger.balances());
    let (head, head_before) = (
        rendered.spec.articles[4].head.unwrap(),
        common::reference().spec.articles[4].head.unwrap(),
    );
    assert_eq!(head.lines, head_before.lines + 3);
    assert!(
        rendered.spec.articles[4]
            .blocks
            .iter()
            .all(|b| b.line == head.line + head.lines)
    );
    // A head_flex without a head is refused.
    let spec = common::variant(
        "thread-mid-word",
        &[("id = \"T1\"\n", "id = \"T1\"\nhead_flex = 2\n")],
    );
    let e = broadsheet::render(&spec)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("head_flex") && e.contains("needs a head"), "{e}");
}

#[test]
fn a_crop_keeps_the_photo_s_focal_point_in_view() {
    let placed = |focus: Option<&str>| {
        let spec = match focus {
            None => common::root().join("fixtures/photo-caption-credit/layout.toml"),
            Some(f) => common::variant(
                "photo-caption-credit",
                &[(
                    "caption_lines = 4\n",
                    &format!("caption_lines = 4\nphoto_focus = {f}\n"),
                )],
            ),
        };
        let rendered = broadsheet::render(&spec)
            .map_err(|e| e.to_string())
            .unwrap();
        rendered.document.pages[0]
            .items
            .iter()
            .find_map(|i| match i {
                broadsheet::display::Item::Image { clip, placed, .. } => Some((*clip, *placed)),
                _ => None,
            })
            .unwrap()
    };
    let eps = 1e-6;
    // The centre by default: the photo overhangs its box equally on both sides.
    let (clip, centre) = placed(None);
    assert!(
        ((clip.x - centre.x) - (centre.right() - clip.right()))
            .get()
            .abs()
            < eps
    );
    assert!(
        ((clip.y - centre.y) - (centre.bottom() - clip.bottom()))
            .get()
            .abs()
            < eps
    );
    // The top left corner in view: the photo's top left at the box's.
    let (clip, top_left) = placed(Some("[0.0, 0.0]"));
    assert!((top_left.x - clip.x).get().abs() < eps && (top_left.y - clip.y).get().abs() < eps);
    // The bottom right: its bottom right at the box's; the crop never shows past the photo.
    let (clip, bottom_right) = placed(Some("[1.0, 1.0]"));
    assert!((bottom_right.right() - clip.right()).get().abs() < eps);
    assert!((bottom_right.bottom() - clip.bottom()).get().abs() < eps);
    // A focus outside the photo is refused.
    let spec = common::variant(
        "photo-caption-credit",
        &[(
            "caption_lines = 4\n",
            "caption_lines = 4\nphoto_focus = [1.5, 0.5]\n",
        )],
    );
    let e = broadsheet::render(&spec)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("photo_focus"), "{e}");
}

#[test]
fn a_border_between_two_articles_moves_to_end_both_flush() {
    // U1 is two lines too long, L1 under it two lines short: the border moves a line down,
    // both end flush, and both say so; the rule between moves with the border.
    let spec = common::root().join("fixtures/border-flush/layout.toml");
    let rendered = broadsheet::render(&spec).unwrap();
    let (u, l) = (&rendered.reports[0], &rendered.reports[1]);
    assert_eq!(u.adjusted, ["border with L1 1 line lower"]);
    assert_eq!(l.adjusted, ["border with U1 1 line lower"]);
    for r in [u, l] {
        assert!(
            r.overset.is_none() && r.empty.0 == 0 && r.ledger.balances(),
            "{}: {:?}",
            r.id,
            r.blocks
        );
        assert!(r.copy_change().is_none());
    }
    let written = broadsheet::spec::load(&spec).unwrap();
    assert_eq!(
        rendered.spec.rules[0].area.line,
        written.rules[0].area.line + 1
    );
    assert_eq!(
        rendered.spec.articles[1].head.unwrap().line,
        written.articles[1].head.unwrap().line + 1
    );
    // Without the flex, U1 is overset and L1 short: the report names both changes.
    let fixed = common::variant("border-flush", &[("border_flex = 2\n", "")]);
    let rendered = broadsheet::render(&fixed).unwrap();
    let changes: Vec<String> = rendered
        .reports
        .iter()
        .filter_map(|r| r.copy_change())
        .map(|c| c.to_string())
        .collect();
    assert!(
        changes[0].starts_with("cut ") && changes[1].ends_with("lines short (about 30 characters)"),
        "{changes:?}"
    );
}
