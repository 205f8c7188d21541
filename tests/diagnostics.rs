//! Diagnostics as a designer sees them: bad specs and articles, each checked with
//! `broadsheet check`, and the human output (codes, places, snippets, help) compared with
//! its snapshot in `tests/diagnostics/NAME.txt`. A case's temporary folder is written
//! `$DIR` and the repository `$ROOT`. Bless after a deliberate change:
//!
//!     UPDATE_SNAPSHOTS=1 cargo test --release --test diagnostics
//!
//! Each case's `short` and `json` forms are checked to carry the same diagnostics (codes,
//! messages, places) as each other.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

/// A bad input: a fixture's spec and article with text replaced.
struct Case {
    name: &'static str,
    /// Replacements in `fixtures/thread-mid-word/layout.toml`.
    spec: &'static [(&'static str, &'static str)],
    /// Replacements in its `article.txt`.
    article: &'static [(&'static str, &'static str)],
    /// How many diagnostics it must give.
    count: usize,
}

const fn case(
    name: &'static str,
    spec: &'static [(&'static str, &'static str)],
    count: usize,
) -> Case {
    Case {
        name,
        spec,
        article: &[],
        count,
    }
}

const fn article(name: &'static str, edits: &'static [(&'static str, &'static str)]) -> Case {
    Case {
        name,
        spec: &[],
        article: edits,
        count: 1,
    }
}

const GRID: &str = "columns = 2\n";
const BODY: &str = "body = { font = \"song\", size = 9.0, indent = 2.0 }";

const CASES: &[Case] = &[
    // Structure: TOML syntax.
    case("syntax-unclosed-table-header", &[("[grid]", "[grid")], 1),
    case(
        "syntax-chinese-bare-key",
        &[(GRID, "columns = 2\n栏数 = 2\n")],
        1,
    ),
    case(
        "syntax-missing-quote-in-chinese-text",
        &[("name = \"thread-mid-word\"", "name = \"浙江工人日报")],
        1,
    ),
    // Structure: unknown keys.
    case("unknown-key-in-grid", &[("line_pitch", "line_pich")], 1),
    // A spec with an `[edition]` table is read as an edition: every key that is not one.
    case(
        "a-spec-with-an-edition-table-is-read-as-an-edition",
        &[("[fonts]", "[edition]\npaper = \"浙江工人日报\"\n\n[fonts]")],
        6,
    ),
    case(
        "unknown-key-in-article",
        &[("id = \"T1\"", "id = \"T1\"\nballance = true")],
        1,
    ),
    case(
        "unknown-key-in-area",
        &[(
            "{ column = 1, line = 0, lines = 1 }",
            "{ column = 1, line = 0, lenes = 1 }",
        )],
        1,
    ),
    case(
        "unknown-key-in-style",
        &[(BODY, "body = { font = \"song\", size = 9.0, indnet = 2.0 }")],
        1,
    ),
    case(
        "unknown-key-in-font-table",
        &[(
            "song = \"../../fonts/NotoSerifSC-Regular.ttf\"",
            "song = { path = \"../../fonts/NotoSerifSC-Regular.ttf\", index = 2 }",
        )],
        1,
    ),
    // Structure: wrong types.
    case(
        "wrong-type-number-as-text",
        &[("width = 110.0", "width = \"110\"")],
        1,
    ),
    case("wrong-type-negative-count", &[(GRID, "columns = -2\n")], 1),
    case(
        "wrong-type-fraction-for-a-count",
        &[(GRID, "columns = 2.5\n")],
        1,
    ),
    case(
        "wrong-type-text-for-true-or-false",
        &[("id = \"T1\"", "id = \"T1\"\nbalance = \"yes\"")],
        1,
    ),
    case(
        "wrong-type-colour-of-three-inks",
        &[(
            BODY,
            "body = { font = \"song\", size = 9.0, indent = 2.0, color = [0, 0, 100] }",
        )],
        1,
    ),
    case(
        "wrong-type-area-as-array",
        &[("id = \"T1\"", "id = \"T1\"\nhead = [1, 1, 2, 3]")],
        1,
    ),
    case(
        "wrong-type-date-not-quoted",
        &[("top = 6.0", "top = 6.0\nissue_date = 2023-01-18")],
        1,
    ),
    // Structure: values not among those allowed.
    case(
        "unknown-value-punctuation-style",
        &[(
            BODY,
            "body = { font = \"song\", size = 9.0, indent = 2.0, punct = \"quanjao\" }",
        )],
        1,
    ),
    case(
        "unknown-value-align-british",
        &[(
            BODY,
            "body = { font = \"song\", size = 9.0, indent = 2.0, align = \"centre\" }",
        )],
        1,
    ),
    case(
        "unknown-value-rule-kind",
        &[(
            "[[article]]",
            "[[rule]]\nkind = \"hline\"\narea = { column = 1, line = 9 }\n\n[[article]]",
        )],
        1,
    ),
    case(
        "unknown-value-overlap",
        &[("id = \"T1\"", "id = \"T1\"\noverlap = \"yes\"")],
        1,
    ),
    // Structure: missing keys.
    case(
        "missing-key-area-line",
        &[(
            "{ column = 1, line = 0, lines = 1 }",
            "{ column = 1, lines = 1 }",
        )],
        1,
    ),
    case(
        "missing-key-article-file",
        &[("file = \"article.txt\"\n", "")],
        1,
    ),
    case("missing-table-grid", &[("[grid]\n", "[grid-removed]\n")], 2),
    // Names: styles and faces used but not defined.
    case(
        "unknown-font-of-a-style",
        &[(BODY, "body = { font = \"snog\", size = 9.0, indent = 2.0 }")],
        1,
    ),
    case(
        "unknown-style-in-chinese-used-twice",
        &[(
            "[[article]]",
            "[[text]]\ntext = \"浙江工人日报\"\nstyle = \"大标题\"\narea = { column = 1, line = 9 }\n\n[[text]]\ntext = \"第一版\"\nstyle = \"大标题\"\narea = { column = 2, line = 9 }\n\n[[article]]",
        )],
        1,
    ),
    case(
        "unknown-fallback-face",
        &[(
            BODY,
            "body = { font = \"song\", size = 9.0, indent = 2.0, fallback = [\"kia\"] }",
        )],
        1,
    ),
    case(
        "unknown-head-style-of-an-article",
        &[(
            "id = \"T1\"",
            "id = \"T1\"\nhead = { column = 1, line = 2, lines = 2 }\nstyles = { headline = \"hedline\" }",
        )],
        1,
    ),
    // Five independent mistakes: five diagnostics.
    case(
        "five-independent-mistakes",
        &[
            ("width = 110.0", "width = \"110\""),
            ("line_pitch", "line_pich"),
            (
                BODY,
                "body = { font = \"snog\", size = 9.0, indent = 2.0, punct = \"quanjao\" }",
            ),
            (
                "[[article]]",
                "[[text]]\ntext = \"浙江工人日报\"\nstyle = \"titel\"\narea = { column = 1, line = 9 }\n\n[[article]]",
            ),
        ],
        5,
    ),
    // Values the loader refuses after the pass.
    case(
        "area-off-the-grid",
        &[(
            "{ column = 2, line = 0, lines = 10 }",
            "{ column = 3, line = 0, lines = 10 }",
        )],
        1,
    ),
    case("page-of-no-width", &[("width = 110.0", "width = 0.0")], 1),
    // Files.
    case(
        "missing-article-file",
        &[("file = \"article.txt\"", "file = \"文章.txt\"")],
        1,
    ),
    case(
        "a-text-file-as-a-font",
        &[(
            "song = \"../../fonts/NotoSerifSC-Regular.ttf\"",
            "song = \"article.txt\"",
        )],
        1,
    ),
    // Articles.
    article(
        "article-unknown-header-key",
        &[("id: T1", "id: T1\nheadlien: 劳模风采")],
    ),
    article("article-without-an-id", &[("id: T1", "kicker: 引题")]),
    article("article-id-not-the-specs", &[("id: T1", "id: T2")]),
    article(
        "article-header-key-twice",
        &[("id: T1", "id: T1\nkicker: 一\nkicker: 二")],
    ),
    article(
        "article-header-line-without-a-colon",
        &[("id: T1", "id: T1\n标题没有冒号")],
    ),
];

fn root() -> PathBuf {
    common::root()
}

/// The case's spec and article, written into a fresh folder with the repository's fonts
/// linked in (`fonts/`), so that every path the diagnostics show is relative to it and the
/// snapshots do not depend on where the repository is.
fn spec_of(case: &Case) -> PathBuf {
    static COUNTER: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let n = COUNTER.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
    let fixture = root().join("fixtures/thread-mid-word");
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "diagnostics-{}-{}-{n}",
        case.name,
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    std::os::unix::fs::symlink(root().join("fonts"), dir.join("fonts")).unwrap();
    let edit = |mut text: String, edits: &[(&str, &str)]| {
        for (from, to) in edits {
            assert!(text.contains(from), "{}: no `{from}` to replace", case.name);
            text = text.replace(from, to);
        }
        text
    };
    let spec = edit(
        std::fs::read_to_string(fixture.join("layout.toml")).unwrap(),
        case.spec,
    )
    .replace("\"../../fonts/", "\"fonts/");
    let article = edit(
        std::fs::read_to_string(fixture.join("article.txt")).unwrap(),
        case.article,
    );
    std::fs::write(dir.join("article.txt"), article).unwrap();
    let path = dir.join("layout.toml");
    std::fs::write(&path, spec).unwrap();
    path
}

fn check(spec: &Path, format: &str) -> (Option<i32>, String) {
    let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args([
            "check",
            spec.to_str().unwrap(),
            "--diagnostic-format",
            format,
        ])
        .output()
        .unwrap();
    let dir = spec.parent().unwrap().display().to_string();
    let text = String::from_utf8_lossy(&run.stderr)
        .replace(&dir, "$DIR")
        .replace(&root().display().to_string(), "$ROOT");
    (run.status.code(), text)
}

#[test]
fn each_bad_input_gives_its_diagnostics() {
    assert!(CASES.len() >= 30, "at least 30 cases");
    let update = std::env::var_os("UPDATE_SNAPSHOTS").is_some();
    let dir = root().join("tests/diagnostics");
    let mut failures = Vec::new();
    for case in CASES {
        let spec = spec_of(case);
        let (code, human) = check(&spec, "human");
        if code != Some(1) {
            failures.push(format!("{}: exit {code:?}, expected 1\n{human}", case.name));
            continue;
        }
        let path = dir.join(format!("{}.txt", case.name));
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &human).unwrap();
        }
        match std::fs::read_to_string(&path) {
            Ok(expected) if expected == human => {}
            Ok(expected) => failures.push(format!(
                "{}: differs from {}\n--- expected\n{expected}\n--- actual\n{human}",
                case.name,
                path.display()
            )),
            Err(_) => failures.push(format!(
                "{}: no snapshot {} (bless with UPDATE_SNAPSHOTS=1)\n{human}",
                case.name,
                path.display()
            )),
        }
        // The count, from the machine form.
        let (_, json) = check(&spec, "json");
        let list: serde_json::Value = serde_json::from_str(&json)
            .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {json}", case.name));
        let list = list.as_array().unwrap();
        if list.len() != case.count {
            failures.push(format!(
                "{}: {} diagnostics, expected {}\n{human}",
                case.name,
                list.len(),
                case.count
            ));
        }
    }
    // Snapshots that no case makes any more.
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for e in entries.flatten() {
            let name = e
                .file_name()
                .to_string_lossy()
                .trim_end_matches(".txt")
                .to_string();
            if !CASES.iter().any(|c| c.name == name) {
                failures.push(format!("{name}: a snapshot of no case"));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_short_and_json_forms_carry_the_same_diagnostics() {
    for case in CASES {
        let spec = spec_of(case);
        let (_, short) = check(&spec, "short");
        let (_, json) = check(&spec, "json");
        let list: serde_json::Value = serde_json::from_str(&json).unwrap();
        let errors: Vec<&str> = short.lines().filter(|l| l.contains(": error[")).collect();
        let list = list.as_array().unwrap();
        assert_eq!(errors.len(), list.len(), "{}: {short}\n{json}", case.name);
        for (line, d) in errors.iter().zip(list) {
            let code = d["code"].as_str().unwrap();
            let message = d["message"].as_str().unwrap();
            assert!(
                line.contains(&format!("error[{code}]: {message}")),
                "{}: {line} / {d}",
                case.name
            );
            if let Some(l) = d["labels"].as_array().and_then(|l| l.first()) {
                let at = format!(
                    "{}:{}:{}: ",
                    l["file"].as_str().unwrap(),
                    l["line"],
                    l["column"]
                );
                assert!(line.starts_with(&at), "{}: {line} / {at}", case.name);
            }
            if let Some(help) = d["help"].as_str() {
                assert!(
                    line.contains(&format!("help: {help}")),
                    "{}: {line}",
                    case.name
                );
            }
        }
    }
}

#[test]
fn a_column_counts_characters_and_the_json_adds_bytes() {
    // `style = "大标题"`: the name starts at column 9 (1-based, in characters); its bytes
    // in the file are those of the quoted name, three bytes a hanzi.
    let case = CASES
        .iter()
        .find(|c| c.name == "unknown-style-in-chinese-used-twice")
        .unwrap();
    let spec = spec_of(case);
    let (_, json) = check(&spec, "json");
    let list: serde_json::Value = serde_json::from_str(&json).unwrap();
    let label = &list[0]["labels"][0];
    assert_eq!(label["column"], 9);
    assert_eq!(label["end_column"], 9 + 5, "a quote, three hanzi, a quote");
    let text = std::fs::read(&spec).unwrap();
    let (start, end) = (
        label["byte_start"].as_u64().unwrap() as usize,
        label["byte_end"].as_u64().unwrap() as usize,
    );
    assert_eq!(&text[start..end], "\"大标题\"".as_bytes());
    assert_eq!(list[0]["labels"].as_array().unwrap().len(), 2, "both uses");
}

#[test]
fn every_code_is_documented() {
    let doc = std::fs::read_to_string(root().join("docs/diagnostics.md")).unwrap();
    for code in broadsheet::diagnostic::Code::ALL {
        assert!(
            doc.contains(&format!("| {} |", code.as_str())),
            "docs/diagnostics.md has no row for {code}"
        );
    }
}

#[test]
fn what_the_loader_accepts_the_pass_accepts() {
    // Head styles of an article without a head are not read; a grey or spot colour's
    // other keys are not refused.
    for edits in [
        &[(
            "id = \"T1\"",
            "id = \"T1\"\nstyles = { headline = \"nowhere\" }",
        )][..],
        &[(
            BODY,
            "body = { font = \"song\", size = 9.0, indent = 2.0, color = { gray = 40, tint = 50 } }",
        )][..],
    ] {
        let case = Case {
            name: "accepted",
            spec: edits,
            article: &[],
            count: 0,
        };
        let (code, text) = check(&spec_of(&case), "short");
        assert_eq!(code, Some(0), "{edits:?}: {text}");
    }
}
