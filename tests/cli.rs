//! The `broadsheet` command: exit codes, messages and atomic output.

mod common;

use std::path::Path;
use std::process::Command;

use common::variant;

fn broadsheet(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn out_dir(name: &str) -> std::path::PathBuf {
    let dir =
        Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn render_writes_the_pdf_and_reports_blocks() {
    let dir = out_dir("ok");
    let pdf = dir.join("t.pdf");
    let spec = variant("thread-mid-word", &[]);
    let out = broadsheet(&[
        "render",
        spec.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("T1: 2 of 2 blocks used"), "{stdout}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    // Nothing but the PDF is left behind: the temporary file was renamed.
    let names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(names, vec![std::ffi::OsString::from("t.pdf")]);
}

#[test]
fn overset_fails_and_writes_nothing_unless_allowed() {
    let dir = out_dir("overset");
    let pdf = dir.join("t.pdf");
    let spec = variant(
        "thread-mid-word",
        &[(
            "{ column = 2, line = 0, lines = 10 }",
            "{ column = 2, line = 0, lines = 2 }",
        )],
    );
    let out = broadsheet(&[
        "render",
        spec.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(
        stdout.contains("T1") && stdout.contains("OVERSET"),
        "{stdout}"
    );
    assert!(
        !pdf.exists(),
        "an overset page must not be left where the plate-setter looks"
    );

    let out = broadsheet(&[
        "render",
        spec.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--allow-overset",
    ]);
    assert!(out.status.success());
    assert!(pdf.exists());
}

#[test]
fn spec_errors_name_file_line_and_field() {
    let spec = variant(
        "thread-mid-word",
        &[(
            "{ column = 2, line = 0, lines = 10 }",
            "{ column = 3, line = 0, lines = 10 }",
        )],
    );
    let out = broadsheet(&["render", spec.to_str().unwrap(), "-o", "/dev/null"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    let line = std::fs::read_to_string(&spec)
        .unwrap()
        .lines()
        .position(|l| l.contains("column = 3"))
        .unwrap()
        + 1;
    assert!(stderr.contains(&format!("layout.toml:{line}:")), "{stderr}");
    assert!(
        stderr.contains("blocks[1]") && stderr.contains("column 3"),
        "{stderr}"
    );
}

#[test]
fn unknown_keys_and_bad_values_point_at_their_line() {
    let spec = variant(
        "thread-mid-word",
        &[("line_pitch = 13.5", "line_pich = 13.5")],
    );
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(
        err.contains("layout.toml:17:") && err.contains("line_pich"),
        "{err}"
    );

    let spec = variant(
        "thread-mid-word",
        &[("line_pitch = 13.5", "line_pitch = 6.0")],
    );
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(
        err.contains("grid.line_pitch") && err.contains("overlap"),
        "{err}"
    );
}

#[test]
fn missing_files_are_named() {
    let spec = variant(
        "thread-mid-word",
        &[("NotoSerifSC-Regular.ttf", "NoSuchFont.ttf")],
    );
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(err.contains("NoSuchFont.ttf"), "{err}");
    // And the spec line and field that name it.
    assert!(
        err.contains("layout.toml:21:") && err.contains("fonts.song"),
        "{err}"
    );

    let spec = variant(
        "thread-mid-word",
        &[("file = \"article.txt\"", "file = \"missing.txt\"")],
    );
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(err.contains("missing.txt"), "{err}");
}

#[test]
fn overlapping_blocks_are_refused() {
    let spec = variant(
        "thread-mid-word",
        &[(
            "{ column = 2, line = 0, lines = 10 }",
            "{ column = 1, line = 0, lines = 10 }",
        )],
    );
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(
        err.contains("overlaps") && err.contains("blocks[0]"),
        "{err}"
    );
}

fn lines_cmd(args: &[&str], input: &str) -> std::process::Output {
    use std::io::Write;
    let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .arg("lines")
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // The command may stop before reading (a bad option): a broken pipe is not a failure.
    let _ = child.stdin.take().unwrap().write_all(input.as_bytes());
    child.wait_with_output().unwrap()
}

#[test]
fn lines_prints_each_line_and_the_count() {
    let out = lines_cmd(
        &["--measure", "13", "--indent", "0"],
        "北京是中华人民共和国的首都，也是全国的政治中心。\n\n他笑着说。\n",
    );
    assert!(out.status.success());
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(
        stdout,
        "北京是中华人民共和国的首\n都，也是全国的政治中心。\n他笑着说。\n3 lines\n"
    );
    // The same measure given in points: 13 em of 9 pt.
    let out = lines_cmd(
        &["--measure", "117pt", "--indent", "0"],
        "北京是中华人民共和国的首都，也是全国的政治中心。",
    );
    assert!(
        String::from_utf8(out.stdout)
            .unwrap()
            .starts_with("北京是中华人民共和国的首\n")
    );
}

#[test]
fn lines_json_gives_each_character_its_box() {
    let out = lines_cmd(
        &["--measure", "12", "--indent", "0", "--json"],
        "他笑着说，今天的天气真好。我们出去走走吧。",
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let first = &json[0];
    assert_eq!(first["text"], "他笑着说，今天的天气真好。");
    assert_eq!(first["width"], 12.0);
    let chars = first["chars"].as_array().unwrap();
    assert_eq!(chars[4]["char"], "，");
    assert_eq!(chars[4]["advance"], 0.5);
    assert_eq!(chars[12]["x"], 11.5);
    assert_eq!(json.as_array().unwrap().len(), 2);
}

#[test]
fn lines_refuses_a_bad_measure() {
    let out = lines_cmd(&["--measure", "wide"], "文字");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--measure"));
}

#[test]
fn normalization_can_be_switched_off_per_style() {
    let on = broadsheet::render(&variant("thread-mid-word", &[])).unwrap();
    let off = broadsheet::render(&variant(
        "thread-mid-word",
        &[(
            "body = { font = \"song\", size = 9.0, indent = 2.0 }",
            "body = { font = \"song\", size = 9.0, indent = 2.0, normalize = false }",
        )],
    ))
    .unwrap();
    let text = |r: &broadsheet::Rendered| {
        r.reports[0]
            .lines
            .iter()
            .map(|l| l.text.clone())
            .collect::<String>()
    };
    assert!(text(&on).contains("在省总工会，易炼红"), "{}", text(&on));
    assert!(text(&off).contains("在省总工会,易炼红"), "{}", text(&off));
}

#[test]
fn golden_check_names_the_changed_page_and_writes_a_report() {
    let dir = out_dir("golden-folder");
    // A designer's folder: two specs (copies of fixtures with absolute paths).
    for (name, fixture) in [("deck", "headline-deck"), ("thread", "thread-mid-word")] {
        std::fs::copy(variant(fixture, &[]), dir.join(format!("{name}.toml"))).unwrap();
    }
    let d = dir.to_str().unwrap();
    let bless = broadsheet(&["golden", "bless", d]);
    assert!(
        bless.status.success(),
        "{}",
        String::from_utf8_lossy(&bless.stderr)
    );
    assert!(dir.join("golden/deck.png").exists() && dir.join("golden/thread.png").exists());

    let check = broadsheet(&["golden", "check", d]);
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stdout)
    );

    // Change one spec: the head moves down a line.
    let deck = dir.join("deck.toml");
    let toml = std::fs::read_to_string(&deck).unwrap().replace(
        "head = { column = 1, span = 2, line = 0, lines = 6 }",
        "head = { column = 1, span = 2, line = 0, lines = 5 }",
    );
    std::fs::write(&deck, toml).unwrap();
    let check = broadsheet(&["golden", "check", d]);
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(6), "{stdout}");
    assert!(stdout.contains("DIFFERS deck"), "{stdout}");
    assert!(stdout.contains("ok      thread"), "{stdout}");
    assert!(stdout.contains("1 passed, 1 failed"), "{stdout}");
    let report = std::fs::read_to_string(dir.join("golden-report/index.html")).unwrap();
    assert!(report.contains("1 of 2 pages differ"), "{report}");
    // Every image the report shows is there.
    for part in report.split("src=\"").skip(1) {
        let file = part.split('"').next().unwrap();
        assert!(
            dir.join("golden-report").join(file).exists(),
            "{file} is missing"
        );
    }
    for f in ["deck-expected.png", "deck-diff.png", "deck-actual.png"] {
        assert!(report.contains(f), "{f} not in the report");
    }

    // A golden with no spec is reported and fails the check.
    std::fs::remove_file(dir.join("thread.toml")).unwrap();
    let check = broadsheet(&["golden", "check", d]);
    assert!(String::from_utf8_lossy(&check.stdout).contains("orphaned golden"));
    assert_eq!(check.status.code(), Some(6));
}

#[test]
fn render_png_writes_previews_and_overlay_never_touches_the_pdf() {
    let dir = out_dir("png");
    let spec = variant("thread-mid-word", &[]);
    let pdf_plain = dir.join("plain.pdf");
    let pdf_overlay = dir.join("overlay.pdf");
    let s = spec.to_str().unwrap();
    let plain = broadsheet(&[
        "render",
        s,
        "-o",
        pdf_plain.to_str().unwrap(),
        "--png",
        dir.join("plain").to_str().unwrap(),
        "--dpi",
        "50",
    ]);
    assert!(plain.status.success());
    let overlay = broadsheet(&[
        "render",
        s,
        "-o",
        pdf_overlay.to_str().unwrap(),
        "--png",
        dir.join("overlay").to_str().unwrap(),
        "--dpi",
        "50",
        "--overlay",
    ]);
    assert!(overlay.status.success());
    // The plate is the same with or without the overlay.
    assert_eq!(
        std::fs::read(&pdf_plain).unwrap(),
        std::fs::read(&pdf_overlay).unwrap()
    );
    let a = broadsheet::raster::decode_png(
        &std::fs::read(dir.join("plain/layout.png")).unwrap(),
        broadsheet::raster::Channels::Rgb,
    )
    .unwrap();
    let b = broadsheet::raster::decode_png(
        &std::fs::read(dir.join("overlay/layout.png")).unwrap(),
        broadsheet::raster::Channels::Rgb,
    )
    .unwrap();
    // 110 × 60 mm at 50 dpi.
    assert_eq!((a.width, a.height), (216, 118));
    // The overlay draws in colour (grid, blocks); the plain preview is black on white.
    let coloured = |r: &broadsheet::raster::Raster| {
        (0..r.height)
            .flat_map(|y| (0..r.width).map(move |x| (x, y)))
            .filter(|&(x, y)| {
                let [red, g, b] = r.rgb(x, y);
                red.max(g).max(b) - red.min(g).min(b) > 40
            })
            .count()
    };
    assert_eq!(coloured(&a), 0);
    assert!(
        coloured(&b) > 200,
        "the overlay drew only {} coloured pixels",
        coloured(&b)
    );
}

#[test]
fn masthead_dates_follow_from_the_issue_date() {
    let (edition, spec_path) = common::reference_copy("dates");
    let furniture = std::fs::read_to_string(edition.join("furniture.txt")).unwrap();
    let spec = std::fs::read_to_string(&spec_path).unwrap();

    // Without the dates in the furniture file, the issue date supplies them.
    let without: String = furniture
        .lines()
        .filter(|l| {
            !l.starts_with("date:") && !l.starts_with("weekday:") && !l.starts_with("lunar_date:")
        })
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(edition.join("furniture.txt"), without).unwrap();
    let page = broadsheet::render(&spec_path).unwrap();
    let text: String = pdf_extract::extract_text_from_mem(&page.pdf)
        .unwrap()
        .split_whitespace()
        .collect();
    for expected in ["2023年1月18日", "星期三", "壬寅年十二月廿七"] {
        assert!(text.contains(expected), "{expected} is not on the page");
    }

    // A furniture file that prints another weekday is refused, at its line.
    std::fs::write(
        edition.join("furniture.txt"),
        furniture.replace("weekday: 星期三", "weekday: 星期四"),
    )
    .unwrap();
    let err = broadsheet::render(&spec_path).unwrap_err().to_string();
    assert!(
        err.contains("furniture.txt:5:") && err.contains("星期三"),
        "{err}"
    );

    // A date that does not exist is a spec error.
    std::fs::write(
        &spec_path,
        spec.replace("issue_date = \"2023-01-18\"", "issue_date = \"2023-02-30\""),
    )
    .unwrap();
    let err = broadsheet::render(&spec_path).unwrap_err().to_string();
    assert!(
        err.contains("page.issue_date") && err.contains("2023-02-30"),
        "{err}"
    );
}

#[test]
fn bad_resolutions_and_empty_golden_folders_are_refused() {
    let spec = variant("thread-mid-word", &[]);
    let dir = out_dir("dpi");
    for dpi in ["0", "-5", "5000"] {
        let out = broadsheet(&[
            "render",
            spec.to_str().unwrap(),
            "--png",
            dir.to_str().unwrap(),
            &format!("--dpi={dpi}"),
        ]);
        assert_eq!(
            out.status.code(),
            Some(2),
            "--dpi {dpi}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let empty = out_dir("empty-golden");
    let out = broadsheet(&["golden", "check", empty.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("no *.toml"));
}

#[test]
fn output_never_replaces_a_device_file() {
    let spec = variant("thread-mid-word", &[]);
    let out = broadsheet(&["render", spec.to_str().unwrap(), "-o", "/dev/null"]);
    assert_eq!(out.status.code(), Some(5));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not a regular file"));
    assert!(
        !std::fs::metadata("/dev/null").unwrap().is_file(),
        "/dev/null was replaced"
    );
}

#[test]
fn a_caption_without_a_photo_is_reported() {
    let spec = common::variant_with_article(
        "thread-mid-word",
        &[],
        &[("id: T1\n", "id: T1\ncaption: 昨日下午的会议。\n")],
    );
    let page = broadsheet::render(&spec).unwrap();
    let warnings: Vec<String> = page.warnings.iter().map(|w| w.to_string()).collect();
    assert!(
        warnings
            .iter()
            .any(|w| w.contains("T1") && w.contains("caption")),
        "{warnings:?}"
    );
    // The caption is text that is not on the page: counted, and it stops the plate.
    assert_eq!(page.reports[0].ledger.unplaced, 8);
    assert!(page.reports[0].ledger.balances());
    let dir = out_dir("unplaced");
    let pdf = dir.join("t.pdf");
    let out = broadsheet(&[
        "render",
        spec.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(3), "{stderr}");
    assert!(stderr.contains("no area"), "{stderr}");
    assert!(!pdf.exists());
    let out = broadsheet(&[
        "render",
        spec.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--allow-overset",
    ]);
    assert!(out.status.success());
}

#[test]
fn paragraph_lines_join_without_gluing_western_words() {
    let p = broadsheet::content::paragraphs("第一行\n接着写\n\n New\nYork 市\r\n \t \n第三段");
    assert_eq!(p, vec!["第一行接着写", "New York 市", "第三段"]);
}

#[test]
fn a_panic_is_an_internal_error_with_nothing_written() {
    let dir = out_dir("panic");
    let pdf = dir.join("t.pdf");
    let spec = variant("thread-mid-word", &[]);
    let out = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args([
            "render",
            spec.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ])
        .env("BROADSHEET_INJECT_PANIC", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(70), "{stderr}");
    assert!(
        stderr.contains("internal error") && stderr.contains("please report"),
        "{stderr}"
    );
    assert!(!pdf.exists());
    assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 0, "debris left");
}

#[test]
fn check_lays_out_without_writing_and_exits_as_a_render_would() {
    let reference = common::reference_spec();
    let run = broadsheet(&["check", reference.to_str().unwrap()]);
    assert_eq!(
        run.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let out = String::from_utf8_lossy(&run.stdout);
    // The same article lines a render prints, with the copy changes.
    assert!(
        out.contains("A1: 3 of 3 blocks used") && out.contains("copy: "),
        "{out}"
    );
    assert!(out.contains("checked 1 page(s): it would render"));
    // With its stages' times, and no write or preflight among them.
    let trace = out_dir("check-trace").join("trace.json");
    let run = broadsheet(&[
        "check",
        reference.to_str().unwrap(),
        "--timings",
        "--trace",
        trace.to_str().unwrap(),
    ]);
    let err = String::from_utf8_lossy(&run.stderr);
    let events: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&trace).unwrap()).unwrap();
    let names: Vec<&str> = events
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["name"].as_str().unwrap())
        .collect();
    assert!(
        names.contains(&"break") && !names.contains(&"write"),
        "{names:?}"
    );
    assert!(
        err.lines().any(|l| l.starts_with("typeset"))
            && err.lines().any(|l| l.starts_with("  break"))
            && !err.contains("write"),
        "{err}"
    );
    let overset = common::root().join("fixtures/overset/layout.toml");
    let run = broadsheet(&["check", overset.to_str().unwrap(), "--report", "json"]);
    assert_eq!(run.status.code(), Some(3));
    let json: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    assert_eq!(
        (json["command"].as_str(), json["status"].as_str()),
        (Some("check"), Some("overset"))
    );
    assert!(
        json["articles"][0]["copy"]
            .as_str()
            .unwrap()
            .starts_with("cut ")
    );
    // An edition's page, laid out with the pages its stories come from.
    let edition = common::root().join("layouts/zjgrrb-edition.toml");
    let run = broadsheet(&["check", edition.to_str().unwrap(), "--page", "2"]);
    assert_eq!(run.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&run.stdout).contains("2/A1:"));
}

/// The Noto Serif SC regular and bold faces as one collection, in a fresh folder.
fn serif_collection(name: &str) -> std::path::PathBuf {
    let regular = std::fs::read(common::root().join("fonts/NotoSerifSC-Regular.ttf")).unwrap();
    let bold = std::fs::read(common::root().join("fonts/NotoSerifSC-Bold.ttf")).unwrap();
    let path = out_dir(name).join("NotoSerifCJK.ttc");
    std::fs::write(&path, common::collection(&[&regular, &bold])).unwrap();
    path
}

/// The thread fixture with its body face (`song`) named as `value` (TOML).
fn song_as(value: &str) -> std::path::PathBuf {
    variant(
        "thread-mid-word",
        &[("\"../../fonts/NotoSerifSC-Regular.ttf\"", value)],
    )
}

#[test]
fn a_font_collection_named_without_a_face_is_refused_listing_its_faces() {
    let ttc = serif_collection("font-collection");
    let spec = song_as(&format!("\"{}\"", ttc.display()));
    let run = broadsheet(&["check", spec.to_str().unwrap()]);
    assert_eq!(
        run.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let e = String::from_utf8_lossy(&run.stderr);
    assert!(
        e.contains("font collection of 2 faces")
            && e.contains("0: Noto Serif SC Regular (NotoSerifSC-Regular)")
            && e.contains("1: Noto Serif SC Bold (NotoSerifSC-Bold)")
            && e.contains("face = 2"),
        "{e}"
    );
    assert!(
        e.contains("layout.toml:"),
        "the spec line that names it: {e}"
    );
}

/// The PostScript names of the fonts a PDF embeds.
fn base_fonts(pdf: &[u8]) -> Vec<String> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    let mut names: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| d.get(b"Type").and_then(|t| t.as_name()).ok() == Some(b"Font"))
        .filter_map(|d| d.get(b"BaseFont").and_then(|n| n.as_name()).ok())
        .map(|n| String::from_utf8_lossy(n).into_owned())
        .collect();
    names.sort();
    names.dedup();
    names
}

#[test]
fn a_face_of_a_collection_is_chosen_by_index_or_by_family_and_style() {
    let ttc = serif_collection("font-face");
    for value in [
        format!("{{ path = \"{}\", face = 1 }}", ttc.display()),
        format!(
            "{{ path = \"{}\", family = \"Noto Serif SC\", style = \"Bold\" }}",
            ttc.display()
        ),
    ] {
        let spec = song_as(&value);
        let pdf = spec.with_file_name("face.pdf");
        let run = broadsheet(&[
            "render",
            spec.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ]);
        assert_eq!(
            run.status.code(),
            Some(0),
            "{value}: {}",
            String::from_utf8_lossy(&run.stderr)
        );
        let fonts = base_fonts(&std::fs::read(&pdf).unwrap());
        assert!(
            fonts.iter().any(|f| f.ends_with("+NotoSerifSC-Bold"))
                && !fonts.iter().any(|f| f.ends_with("+NotoSerifSC-Regular")),
            "{value}: the body is set in the collection's bold face: {fonts:?}"
        );
    }
    // A face the collection does not have is refused, listing those it has.
    for (value, says) in [
        (
            format!("{{ path = \"{}\", face = 5 }}", ttc.display()),
            "has no face 5",
        ),
        (
            format!(
                "{{ path = \"{}\", family = \"Noto Serif SC\", style = \"Light\" }}",
                ttc.display()
            ),
            "no face of family \"Noto Serif SC\" and style \"Light\"",
        ),
        (
            format!(
                "{{ path = \"{}\", face = 1, style = \"Bold\" }}",
                ttc.display()
            ),
            "not both",
        ),
    ] {
        let run = broadsheet(&["check", song_as(&value).to_str().unwrap()]);
        let e = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{value}: {e}");
        assert!(e.contains(says) && e.contains("fonts.song"), "{value}: {e}");
    }
}

/// A copy of the bundled body face whose OS/2 `fsType` says `fs_type`.
fn with_fs_type(fs_type: u16, name: &str) -> std::path::PathBuf {
    let mut ttf = std::fs::read(common::root().join("fonts/NotoSerifSC-Regular.ttf")).unwrap();
    let tables = u16::from_be_bytes([ttf[4], ttf[5]]) as usize;
    let os2 = (0..tables)
        .map(|t| 12 + 16 * t)
        .find(|at| &ttf[*at..at + 4] == b"OS/2")
        .map(|at| u32::from_be_bytes(ttf[at + 8..at + 12].try_into().unwrap()) as usize)
        .expect("an OS/2 table");
    ttf[os2 + 8..os2 + 10].copy_from_slice(&fs_type.to_be_bytes());
    let path = out_dir(name).join("restricted.ttf");
    std::fs::write(&path, ttf).unwrap();
    path
}

#[test]
fn a_face_whose_licence_forbids_embedding_is_refused_with_the_reason() {
    for (bits, says) in [
        (0x0002u16, "forbids embedding"),
        (0x0200, "bitmaps only"),
        (0x0100, "forbids subsetting"),
    ] {
        let font = with_fs_type(bits, &format!("fstype-{bits}"));
        let spec = song_as(&format!("\"{}\"", font.display()));
        let run = broadsheet(&["check", spec.to_str().unwrap()]);
        let e = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(1), "{e}");
        assert!(
            e.contains(says) && e.contains("fonts.song"),
            "{bits:#x}: {e}"
        );
        // `fonts` on the spec says so too, and exits 1.
        let run = broadsheet(&["fonts", spec.to_str().unwrap()]);
        let out = String::from_utf8_lossy(&run.stdout);
        assert_eq!(run.status.code(), Some(1), "{out}");
        assert!(out.contains("song: ") && out.contains(says), "{out}");
    }
    // Preview-and-print and editable faces embed.
    for bits in [0x0004u16, 0x0008] {
        let font = with_fs_type(bits, &format!("fstype-{bits}"));
        let spec = song_as(&format!("\"{}\"", font.display()));
        assert_eq!(
            broadsheet(&["check", spec.to_str().unwrap()]).status.code(),
            Some(0)
        );
    }
}

#[test]
fn fonts_lists_each_face_with_its_names_format_and_coverage() {
    // Every face of a collection, with names, weight, outlines and coverage.
    let ttc = serif_collection("fonts-list");
    let run = broadsheet(&["fonts", ttc.to_str().unwrap(), "--json"]);
    assert_eq!(run.status.code(), Some(0));
    let list: serde_json::Value = serde_json::from_slice(&run.stdout).unwrap();
    let list = list.as_array().unwrap();
    assert_eq!(list.len(), 2);
    assert_eq!(list[0]["index"], 0);
    assert_eq!(list[1]["index"], 1);
    assert_eq!(list[0]["family"], "Noto Serif SC");
    assert_eq!(list[1]["style"], "Bold");
    assert_eq!(list[0]["weight"], 400);
    assert_eq!(list[1]["weight"], 700);
    assert_eq!(list[0]["embeddable"], true);
    // Noto Serif SC has every character of GB 2312 and 通用规范汉字表.
    assert_eq!(list[0]["gb2312"]["covered"], 6763);
    assert_eq!(list[0]["gb2312"]["of"], 6763);
    assert_eq!(list[0]["tgscc"]["covered"], 8105);

    // A spec's faces, by their spec names.
    let spec = common::root().join("layouts/zjgrrb-front.toml");
    let run = broadsheet(&["fonts", spec.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&run.stdout);
    assert_eq!(run.status.code(), Some(0), "{out}");
    for name in ["song", "song_bold", "song_black", "hei", "hei_bold", "kai"] {
        assert!(out.contains(&format!("{name}: ")), "{name} in {out}");
    }
    assert!(
        out.contains("GB 2312: ") && out.contains("通用规范汉字表: "),
        "{out}"
    );
}

#[test]
fn a_misspelt_style_font_or_furniture_key_gets_a_suggestion() {
    let style = variant(
        "thread-mid-word",
        &[("body = { font = \"song\"", "body = { font = \"snog\"")],
    );
    let run = broadsheet(&["check", style.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&run.stderr);
    assert!(
        e.contains("no face named `snog`") && e.contains("help: did you mean `song`?"),
        "{e}"
    );
    let (_, spec) = common::reference_copy("typo");
    let text = std::fs::read_to_string(&spec)
        .unwrap()
        .replacen("style = \"ear_small\"", "style = \"ear_smal\"", 1)
        .replacen("{slogan}", "{slgan}", 1);
    std::fs::write(&spec, text).unwrap();
    let run = broadsheet(&["check", spec.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&run.stderr);
    assert!(
        e.contains("no style named `ear_smal`") && e.contains("help: did you mean `ear_small`?"),
        "{e}"
    );
    let fixed =
        std::fs::read_to_string(&spec)
            .unwrap()
            .replacen("\"ear_smal\"", "\"ear_small\"", 1);
    std::fs::write(&spec, fixed).unwrap();
    let run = broadsheet(&["check", spec.to_str().unwrap()]);
    let e = String::from_utf8_lossy(&run.stderr);
    assert!(
        e.contains("error[BS0203]: `{slgan}` names no entry of the furniture file")
            && e.contains("help: did you mean `slogan`?"),
        "{e}"
    );
}

#[test]
fn timings_print_each_stage_and_write_a_chrome_trace_without_changing_the_plate() {
    let dir = out_dir("timings");
    let (timed, plain, trace) = (
        dir.join("timed.pdf"),
        dir.join("plain.pdf"),
        dir.join("trace.json"),
    );
    let reference = common::reference_spec();
    let run = broadsheet(&[
        "render",
        reference.to_str().unwrap(),
        "-o",
        timed.to_str().unwrap(),
        "--timings",
        "--trace",
        trace.to_str().unwrap(),
    ]);
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let err = String::from_utf8_lossy(&run.stderr);
    // The top-level stages, each with its wall time, in the order they ran.
    let top = [
        "specs",
        "load",
        "flush",
        "typeset",
        "compose",
        "write",
        "preflight",
    ];
    let order: Vec<usize> = top
        .iter()
        .map(|stage| {
            err.lines()
                .position(|l| l.split_whitespace().next() == Some(stage) && !l.starts_with(' '))
                .unwrap_or_else(|| panic!("no `{stage}` in {err}"))
        })
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{err}");
    // Within them, the finer stages: files read and parsed, paragraphs shaped, broken and
    // flowed, the PDF's fonts subset, its photos and pages encoded, and the file written.
    let within = |stage: &str| -> Vec<String> {
        let at = order[top.iter().position(|s| *s == stage).unwrap()];
        err.lines()
            .skip(at + 1)
            .take_while(|l| l.starts_with("  "))
            .map(|l| l.split_whitespace().next().unwrap().to_string())
            .collect()
    };
    for (stage, parts) in [
        ("specs", &["read", "parse"][..]),
        ("load", &["read", "parse", "fonts", "photos"]),
        ("typeset", &["shape", "break", "flow"]),
        ("write", &["subset", "encode", "deflate", "serialize"]),
    ] {
        let found = within(stage);
        for part in parts {
            assert!(
                found.iter().any(|f| f == part),
                "no `{part}` in `{stage}`: {err}"
            );
        }
    }
    let events: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&trace).unwrap()).unwrap();
    let events = events.as_array().unwrap();
    let names: std::collections::BTreeSet<&str> =
        events.iter().map(|e| e["name"].as_str().unwrap()).collect();
    for stage in top
        .iter()
        .chain(&["read", "parse", "shape", "break", "flow", "encode"])
    {
        assert!(
            names.contains(stage),
            "no `{stage}` in the trace: {names:?}"
        );
    }
    assert!(events.iter().all(|e| e["ph"] == "X"
        && e["dur"].is_u64()
        && e["ts"].is_u64()
        && e["tid"].as_u64().is_some_and(|t| t > 0)));
    // Each paragraph is shaped in its own span: the reference page has dozens.
    let shaped = events.iter().filter(|e| e["name"] == "shape").count();
    assert!(shaped > 30, "{shaped} shape spans");
    let run = broadsheet(&[
        "render",
        reference.to_str().unwrap(),
        "-o",
        plain.to_str().unwrap(),
    ]);
    assert!(run.status.success());
    assert!(
        std::fs::read(&timed).unwrap() == std::fs::read(&plain).unwrap(),
        "timing changed the plate"
    );
}
