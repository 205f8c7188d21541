//! Editions: every page of an issue in one run, into one PDF.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use lopdf::{Document, Object};

fn edition() -> PathBuf {
    common::root().join("fixtures/edition-three-pages/edition.toml")
}

#[test]
fn an_edition_renders_its_pages_in_order_into_one_plate_with_each_face_once() {
    let rendered = broadsheet::render_file(&edition(), &Default::default()).unwrap();
    assert_eq!(rendered.document.pages.len(), 3);
    let doc = Document::load_mem(&rendered.pdf).unwrap();
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 3);
    // Each page keeps its own trim: 110 × 60 mm, then 100 × 62 mm.
    let trim = |n: u32| -> Vec<f32> {
        let page = doc.get_dictionary(pages[&n]).unwrap();
        page.get(b"TrimBox")
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_float().unwrap())
            .collect()
    };
    let mm = |v: f32| v / 72.0 * 25.4;
    assert!((mm(trim(1)[2]) - 110.0).abs() < 0.01 && (mm(trim(2)[2]) - 100.0).abs() < 0.01);
    // The body face, named by both page specs, is one embedded font; Kai the other.
    let fonts: Vec<String> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter(|d| {
            d.get(b"Type")
                .and_then(Object::as_name)
                .is_ok_and(|t| t == b"FontDescriptor")
        })
        .map(|d| {
            String::from_utf8_lossy(d.get(b"FontName").unwrap().as_name().unwrap()).into_owned()
        })
        .collect();
    assert_eq!(fonts.len(), 2, "{fonts:?}");
    assert!(fonts.iter().any(|f| f.ends_with("NotoSerifSC-Regular")));
    // Reports say which page an article is on; the title and dates are the edition's.
    let ids: Vec<&str> = rendered.reports.iter().map(|r| r.id.as_str()).collect();
    assert_eq!(ids, ["1/T1", "2/P1", "3/T1"]);
    assert_eq!(rendered.plate.title, "浙江工人日报 2023年1月18日");
    // With an edition name, the title carries it.
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edition-name");
    std::fs::create_dir_all(&dir).unwrap();
    let named = dir.join("edition.toml");
    let text = std::fs::read_to_string(edition())
        .unwrap()
        .replace(
            "paper = \"浙江工人日报\"",
            "paper = \"浙江工人日报\"\nname = \"城市版\"",
        )
        .replace(
            "spec = \"",
            &format!("spec = \"{}/", edition().parent().unwrap().display()),
        );
    std::fs::write(&named, text).unwrap();
    let titled = broadsheet::render_file(&named, &Default::default()).unwrap();
    assert_eq!(titled.plate.title, "浙江工人日报 2023年1月18日 城市版");
    assert_eq!(rendered.plate.date.pdf(), "D:20230118000000+08'00'");
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );
}

#[test]
fn an_edition_is_the_same_bytes_with_any_number_of_threads() {
    let a = broadsheet::render_file(&edition(), &Default::default())
        .unwrap()
        .pdf;
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edition-threads");
    std::fs::create_dir_all(&out).unwrap();
    for threads in ["1", "8"] {
        let file = out.join(format!("issue-{threads}.pdf"));
        let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args([
                "render",
                edition().to_str().unwrap(),
                "-o",
                file.to_str().unwrap(),
                "--allow-overset",
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            run.status.success(),
            "{}",
            String::from_utf8_lossy(&run.stderr)
        );
        assert!(
            std::fs::read(&file).unwrap() == a,
            "RAYON_NUM_THREADS={threads} differs"
        );
    }
}

#[test]
fn a_page_that_states_another_date_is_refused_at_its_line() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edition-date");
    std::fs::create_dir_all(&dir).unwrap();
    let edition = dir.join("edition.toml");
    std::fs::write(
        &edition,
        format!(
            "[edition]\npaper = \"浙江工人日报\"\ndate = \"2023-01-19\"\n\n[[page]]\nlabel = \"1\"\nspec = \"{}\"\n",
            common::reference_spec().display()
        ),
    )
    .unwrap();
    let e = broadsheet::render_file(&edition, &Default::default())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("edition.toml:5") && e.contains("2023-01-18") && e.contains("2023-01-19"),
        "{e}"
    );
}

/// Page specs are parsed in parallel, but the error reported is the first in page order:
/// whichever of a page naming a missing template and a page that cannot be read comes
/// first.
#[test]
fn of_two_broken_pages_the_first_is_reported() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edition-two-broken");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("templated.toml"),
        "template = \"no-such-template.toml\"\n",
    )
    .unwrap();
    let edition = dir.join("edition.toml");
    for (second, third, expected) in [
        ("templated.toml", "missing.toml", "no-such-template.toml"),
        ("missing.toml", "templated.toml", "edition.toml:9: page 2: "),
    ] {
        std::fs::write(
            &edition,
            format!(
                "[edition]\npaper = \"浙江工人日报\"\ndate = \"2023-01-18\"\n\n\
                 [[page]]\nlabel = \"1\"\nspec = \"{}\"\n\n\
                 [[page]]\nlabel = \"2\"\nspec = \"{second}\"\n\n\
                 [[page]]\nlabel = \"3\"\nspec = \"{third}\"\n",
                common::reference_spec().display()
            ),
        )
        .unwrap();
        let e = broadsheet::render_file(&edition, &Default::default())
            .unwrap_err()
            .to_string();
        assert!(e.contains(expected), "page 2 first: {e}");
        assert!(!e.contains(third), "page 2 first: {e}");
    }
}

#[test]
fn a_running_head_is_filled_from_the_edition_alone() {
    let rendered = broadsheet::render_file(&edition(), &Default::default()).unwrap();
    // Page 3's first run is its running head: paper, date, weekday, 第3版 and the page's
    // name, none of them typed in the page spec.
    let head = rendered.document.pages[2]
        .items
        .iter()
        .find_map(|i| match i {
            broadsheet::display::Item::Text(run) => Some(run.text.clone()),
            _ => None,
        })
        .unwrap();
    for part in ["浙江工人日报", "2023年1月18日", "星期三", "第3版", "综合"] {
        assert!(head.contains(part), "{part} missing from {head}");
    }
    // Its editor credits, at its foot, are the edition's too.
    let texts: Vec<String> = rendered.document.pages[2]
        .items
        .iter()
        .filter_map(|i| match i {
            broadsheet::display::Item::Text(run) => Some(run.text.clone()),
            _ => None,
        })
        .collect();
    let credits = texts.iter().find(|t| t.contains("责任编辑")).unwrap();
    for name in ["王小明", "李华", "张敏"] {
        assert!(credits.contains(name), "{name} missing from {credits}");
    }
    let spec =
        std::fs::read_to_string(common::root().join("fixtures/edition-three-pages/page2.toml"))
            .unwrap();
    assert!(!spec.contains("综合") && !spec.contains("2023") && !spec.contains("王小明"));
}

#[test]
fn a_page_alone_is_the_edition_page_and_pages_dir_writes_the_same_bytes() {
    use broadsheet::raster::{Channels, rasterize};
    let whole = broadsheet::render_file(&edition(), &Default::default()).unwrap();
    let edition_pages = rasterize(&whole.pdf, 72.0, Channels::Gray).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edition-pages");
    let _ = std::fs::remove_dir_all(&dir);
    let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args([
            "render",
            edition().to_str().unwrap(),
            "--pages",
            dir.to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for (i, label) in ["1", "2", "3"].into_iter().enumerate() {
        let options = broadsheet::Options {
            page: Some(label.into()),
            ..Default::default()
        };
        let alone = broadsheet::render_file(&edition(), &options).unwrap();
        assert_eq!(alone.document.pages.len(), 1);
        // The page file of --pages is the bytes of --page.
        let file = std::fs::read(dir.join(format!("{label}.pdf"))).unwrap();
        assert!(file == alone.pdf, "page {label}: --pages and --page differ");
        // And it prints as the edition's page does.
        let pixels = &rasterize(&alone.pdf, 72.0, Channels::Gray).unwrap()[0];
        assert!(
            pixels.data == edition_pages[i].data,
            "page {label} rasterizes differently"
        );
    }
    let bad = broadsheet::Options {
        page: Some("9".into()),
        ..Default::default()
    };
    let e = broadsheet::render_file(&edition(), &bad)
        .unwrap_err()
        .to_string();
    assert!(e.contains("1, 2, 3"), "{e}");
}

#[test]
fn a_mono_page_prints_in_black_alone_and_the_preflight_holds_it_to_that() {
    let rendered = broadsheet::render_file(&edition(), &Default::default()).unwrap();
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );
    // Page 2's photo (an RGB JPEG) is embedded in gray.
    assert_eq!(rendered.images.len(), 1);
    assert_eq!(rendered.images[0].color_space, "DeviceGray");
    // Its colours are black ink alone.
    for item in &rendered.document.pages[1].items {
        if let broadsheet::display::Item::Text(run) = item {
            let c = run.fill.process();
            assert!(c.c == 0.0 && c.m == 0.0 && c.y == 0.0, "{:?}", run.fill);
        }
    }
    // The same file with a cyan fill added to page 2 fails as a mono page, not as page 1.
    let mut doc = Document::load_mem(&rendered.pdf).unwrap();
    let page = doc.get_pages()[&2];
    let extra = doc.add_object(lopdf::Stream::new(
        lopdf::Dictionary::new(),
        b"0.5 0 0 0 k 10 10 20 20 re f".to_vec(),
    ));
    let dict = doc.get_dictionary_mut(page).unwrap();
    let old = dict.get(b"Contents").unwrap().clone();
    dict.set(
        "Contents",
        Object::Array(vec![old, Object::Reference(extra)]),
    );
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    let rules = broadsheet::preflight::Rules {
        mono_pages: vec![2],
        ..broadsheet::preflight::Rules::new(broadsheet::plate::Profile::PdfX1a)
    };
    let findings = broadsheet::preflight::check(&bytes, &rules);
    assert!(
        findings
            .violations
            .iter()
            .any(|v| v.check == "colour-on-mono-page" && v.page == Some(2)),
        "{:?}",
        findings.violations
    );
    assert!(!findings.passes());
}

/// The 16-page benchmark edition: distinct pages, two of them mono.
fn edition16() -> PathBuf {
    common::root().join("benches/edition16/edition.toml")
}

#[test]
fn the_sixteen_page_edition_renders_with_black_alone_on_its_mono_pages() {
    let rendered = broadsheet::render_file(&edition16(), &Default::default()).unwrap();
    assert_eq!(rendered.document.pages.len(), 16);
    assert!(!rendered.has_overset() && !rendered.has_missing_glyphs());
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );
    // The plant's check of pages 7 and 12 as mono plates passes; the same check of a
    // four-colour page fails, so it is not vacuous.
    let check = |mono: Vec<usize>| {
        let rules = broadsheet::preflight::Rules {
            mono_pages: mono,
            ..broadsheet::preflight::Rules::new(rendered.plate.profile)
        };
        broadsheet::preflight::check(&rendered.pdf, &rules).passes()
    };
    assert!(check(vec![7, 12]));
    assert!(!check(vec![1]));
}

#[test]
fn the_sixteen_page_edition_is_the_same_bytes_on_one_thread_or_eight() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edition16-threads");
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    let render = |threads: &str| -> Vec<u8> {
        let out = dir.join(format!("issue-{threads}.pdf"));
        let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .env("RAYON_NUM_THREADS", threads)
            .args(["render", edition16().to_str().unwrap(), "-o"])
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
    assert!(
        render("1") == render("8"),
        "the thread count changed the PDF"
    );
}

#[test]
fn every_page_of_the_sixteen_page_edition_alone_is_its_page_of_the_edition() {
    use broadsheet::raster::{Channels, rasterize};
    let whole = broadsheet::render_file(&edition16(), &Default::default()).unwrap();
    let edition_pages = rasterize(&whole.pdf, 18.0, Channels::Gray).unwrap();
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("edition16-pages");
    let _ = std::fs::remove_dir_all(&dir);
    let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["render", edition16().to_str().unwrap(), "--pages"])
        .arg(&dir)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    for (i, page) in edition_pages.iter().enumerate() {
        let label = (i + 1).to_string();
        let options = broadsheet::Options {
            page: Some(label.clone()),
            ..Default::default()
        };
        let alone = broadsheet::render_file(&edition16(), &options).unwrap();
        let file = std::fs::read(dir.join(format!("20230118-{label}.pdf"))).unwrap();
        assert!(file == alone.pdf, "page {label}: --pages and --page differ");
        assert!(
            alone.preflight.passes(),
            "page {label}: {:?}",
            alone.preflight.violations
        );
        let pixels = &rasterize(&alone.pdf, 18.0, Channels::Gray).unwrap()[0];
        assert!(
            pixels.data == page.data,
            "page {label} prints differently alone"
        );
    }
}

#[test]
fn no_progress_bar_is_drawn_when_standard_error_is_not_a_terminal() {
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("no-bar.pdf");
    let run = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .args(["render", edition().to_str().unwrap(), "-o"])
        .arg(&out)
        .output()
        .unwrap();
    assert!(run.status.success());
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(
        !stderr.contains('\u{1b}') && !stderr.contains('\r') && !stderr.contains("/3"),
        "{stderr:?}"
    );
}

#[test]
fn a_progress_bar_is_drawn_on_a_terminal() {
    // `script` (util-linux, in every Debian) runs the render on a pseudo-terminal.
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("bar.pdf");
    let command = format!(
        "{} render {} -o {}",
        env!("CARGO_BIN_EXE_broadsheet"),
        edition().display(),
        out.display()
    );
    let run = Command::new("script")
        .args(["-qec", &command, "/dev/null"])
        .output()
        .expect("script (util-linux) runs the render on a terminal");
    assert!(run.status.success(), "{run:?}");
    let seen = String::from_utf8_lossy(&run.stdout);
    assert!(
        seen.contains("pages composed") || seen.contains("writing the PDF"),
        "{seen:?}"
    );
}
