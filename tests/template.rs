//! Page templates: a page spec names a template; tables merge key by key (the page wins),
//! elements are the template's and then the page's, a page removes a template element only
//! by its id, and every error names the file and line it was written in.

mod common;

use std::path::{Path, PathBuf};

fn fixture() -> PathBuf {
    common::root().join("fixtures/page-template/layout.toml")
}

/// A copy of the fixture in a folder of its own, with `page_edits` and `template_edits`
/// made to its two files.
fn copy(name: &str, page_edits: &[(&str, &str)], template_edits: &[(&str, &str)]) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let from = common::root().join("fixtures/page-template");
    let absolute = |text: String| {
        text.replace(
            "../../fonts/",
            &format!("{}/fonts/", common::root().display()),
        )
        .replace(
            "../thread-mid-word/",
            &format!("{}/fixtures/thread-mid-word/", common::root().display()),
        )
    };
    for (file, edits) in [
        ("layout.toml", page_edits),
        ("template.toml", template_edits),
    ] {
        let mut text = absolute(std::fs::read_to_string(from.join(file)).unwrap());
        for (a, b) in edits {
            assert!(text.contains(a), "{a} not in {file}");
            text = text.replace(a, b);
        }
        std::fs::write(dir.join(file), text).unwrap();
    }
    std::fs::copy(from.join("furniture.txt"), dir.join("furniture.txt")).unwrap();
    dir.join("layout.toml")
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
fn a_page_is_its_template_merged_key_by_key_with_elements_added_and_removed_by_id() {
    let spec = broadsheet::spec::load(&fixture()).unwrap();
    // [page]: the page's name, the template's trim.
    assert_eq!(spec.name, "page-template");
    assert!((spec.width.get() - broadsheet::geom::Mm(110.0).to_pt().get()).abs() < 1e-9);
    assert_eq!(spec.grid.lines, 13);
    // [styles]: the page's body (no indent) over the template's; the template's others.
    let body = spec.style(spec.roles.body);
    assert_eq!(body.setting.indent.0, 0.0);
    assert!(spec.styles().any(|(_, s)| s.name == "head"));
    // Elements: the template's running head and rule, then the page's hotline; the
    // template's footer removed by its id.
    let texts: Vec<&str> = spec.texts.iter().map(|t| t.text.as_str()).collect();
    assert_eq!(texts, ["{paper}　{section}", "{hotline}"]);
    assert_eq!(spec.rules.len(), 1);
    // Each element knows the file and line it was written in (a text box: its area's).
    let template = common::root().join("fixtures/page-template/template.toml");
    assert_eq!(
        spec.place(spec.texts[0].spec_line),
        (template.clone(), line_of(&template, "line = 0, lines = 1"))
    );
    assert_eq!(
        spec.place(spec.texts[1].spec_line),
        (fixture(), line_of(&fixture(), "line = 12, lines = 1"))
    );
    // And it renders: the running head from the template, the hotline, not the address.
    let rendered = broadsheet::render(&fixture()).unwrap();
    let text = pdf_extract::extract_text_from_mem(&rendered.pdf).unwrap();
    assert!(
        text.contains("综合新闻") && text.contains("88851111"),
        "{text}"
    );
    assert!(!text.contains("学院路"), "{text}");
}

#[test]
fn an_error_names_the_file_it_was_written_in() {
    // In the template: an area off the grid.
    let page = copy(
        "template-error-in-template",
        &[],
        &[(
            "area = { column = 1, span = 2, line = 1 }",
            "area = { column = 3, span = 2, line = 1 }",
        )],
    );
    let template = page.with_file_name("template.toml");
    let e = broadsheet::render(&page).unwrap_err().to_string();
    let at = format!(
        "{}:{}",
        template.display(),
        line_of(&template, "column = 3")
    );
    assert!(e.contains(&at), "{e} (expected {at})");
    // In the page: the same mistake is the page's.
    let page = copy(
        "template-error-in-page",
        &[(
            "{ column = 2, line = 2, lines = 10 }",
            "{ column = 3, line = 2, lines = 10 }",
        )],
        &[],
    );
    let e = broadsheet::render(&page).unwrap_err().to_string();
    let at = format!("{}:{}", page.display(), line_of(&page, "column = 3"));
    assert!(e.contains(&at), "{e} (expected {at})");
    // An overlap between the two names both files.
    let page = copy(
        "template-overlap",
        &[(
            "area = { column = 1, span = 2, line = 12, lines = 1 }",
            "area = { column = 1, span = 2, line = 0, lines = 1 }",
        )],
        &[],
    );
    let e = broadsheet::render(&page).unwrap_err().to_string();
    let template = page.with_file_name("template.toml");
    let (here, there) = (
        format!("layout.toml:{}", line_of(&page, "line = 0, lines = 1")),
        format!(
            "template.toml:{}",
            line_of(&template, "line = 0, lines = 1")
        ),
    );
    assert!(
        e.contains(&here) && e.contains(&there),
        "{e} ({here}, {there})"
    );
}

#[test]
fn files_a_template_names_are_found_beside_the_template() {
    let page = copy(
        "template-elsewhere",
        &[(
            "template = \"template.toml\"",
            "template = \"shared/template.toml\"",
        )],
        &[],
    );
    let dir = page.parent().unwrap();
    std::fs::create_dir_all(dir.join("shared")).unwrap();
    std::fs::rename(dir.join("template.toml"), dir.join("shared/template.toml")).unwrap();
    std::fs::rename(dir.join("furniture.txt"), dir.join("shared/furniture.txt")).unwrap();
    let rendered = broadsheet::render(&page).unwrap();
    let text = pdf_extract::extract_text_from_mem(&rendered.pdf).unwrap();
    assert!(text.contains("综合新闻"), "{text}");
}

#[test]
fn removing_an_unknown_id_or_reusing_a_kept_one_is_an_error_at_its_line() {
    let page = copy(
        "template-remove-unknown",
        &[("remove = [\"footer\"]", "remove = [\"footnote\"]")],
        &[],
    );
    let e = broadsheet::render(&page).unwrap_err().to_string();
    assert!(
        e.contains(&format!("layout.toml:{}", line_of(&page, "remove = ")))
            && e.contains("`footnote`"),
        "{e}"
    );
    // The page keeps the template's footer and adds another element of its id.
    let page = copy(
        "template-id-taken",
        &[
            ("remove = [\"footer\"]\n", ""),
            ("id = \"hotline\"", "id = \"footer\""),
        ],
        &[],
    );
    let e = broadsheet::render(&page).unwrap_err().to_string();
    assert!(
        e.contains("`footer` is taken") && e.contains("remove = [\"footer\"]"),
        "{e}"
    );
    // A template that cannot be read is named at the page's `template` line.
    let page = copy(
        "template-missing",
        &[(
            "template = \"template.toml\"",
            "template = \"nowhere.toml\"",
        )],
        &[],
    );
    let e = broadsheet::render(&page).unwrap_err().to_string();
    assert!(
        e.contains(&format!("layout.toml:{}", line_of(&page, "template = "))),
        "{e}"
    );
    // A spec without a template is read as before, and `parse` (which reads no files)
    // refuses one that names a template.
    let text = std::fs::read_to_string(fixture()).unwrap();
    let e = broadsheet::spec::parse(&fixture(), &text)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("template.toml is a template; this reader follows none"),
        "{e}"
    );
}

#[test]
fn the_merge_neither_drops_nor_hides_a_key() {
    // A table written inline in one file and as a table in the other still merges key by
    // key: the page's name, the template's trim.
    let page = copy(
        "template-mixed",
        &[(
            "[page]\nname = \"page-template\"",
            "page = { name = \"inline\" }",
        )],
        &[],
    );
    let spec = broadsheet::spec::load(&page)
        .map_err(|e| e.to_string())
        .unwrap();
    assert_eq!(spec.name, "inline");
    assert_eq!(spec.grid.lines, 13);
    // A key that is a table in one file and a value in the other is refused, naming both.
    let page = copy(
        "template-kinds",
        &[(
            "[page]\nname = \"page-template\"",
            "page = \"page-template\"",
        )],
        &[],
    );
    let e = broadsheet::render(&page)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("is a value here but a table in") && e.contains("template.toml"),
        "{e}"
    );
    // A misspelt list of elements in the template is not dropped: it is an unknown key.
    let page = copy("template-misspelt", &[], &[("[[rule]]", "[[rules]]")]);
    let e = broadsheet::render(&page)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(e.contains("rules"), "{e}");
    // `remove` in a template is refused at its line.
    let page = copy(
        "template-removes",
        &[],
        &[(
            "furniture = \"furniture.txt\"",
            "furniture = \"furniture.txt\"\nremove = [\"x\"]",
        )],
    );
    let template = page.with_file_name("template.toml");
    let e = broadsheet::render(&page)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!("template.toml:{}", line_of(&template, "remove ="))),
        "{e}"
    );
    // A value over several lines in the template, and a mistake after it: the line is
    // still the template's own.
    let page = copy(
        "template-multiline",
        &[],
        &[
            (
                "text = \"{paper}　{section}\"",
                "text = \"\"\"\n{paper}　{section}\n\"\"\"",
            ),
            (
                "area = { column = 1, span = 2, line = 1 }",
                "area = { column = 1, span = 2, line = 99 }",
            ),
        ],
    );
    let template = page.with_file_name("template.toml");
    let e = broadsheet::render(&page)
        .map(|_| ())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains(&format!(
            "template.toml:{}",
            line_of(&template, "line = 99")
        )),
        "{e}"
    );
}
