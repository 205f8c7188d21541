//! A render session (what `broadsheet watch` keeps between renders): after edits it writes
//! the bytes a fresh render writes, and it redoes only what an edit touched.

mod common;

use common::save;

use std::path::Path;

use broadsheet::{Options, Session};

fn cold(spec: &Path) -> Vec<u8> {
    broadsheet::render_file(spec, &Options::default())
        .unwrap()
        .pdf
}

#[test]
fn a_session_after_edits_writes_what_a_fresh_render_writes() {
    let (edition, spec) = common::reference_copy("session-bytes");
    let a1 = edition.join("a1.txt");
    let original = std::fs::read_to_string(&a1).unwrap();
    let mut session = Session::new();
    let first = session.render(&spec, &Options::default()).unwrap();
    assert_eq!(first.pdf, cold(&spec), "the first render of a session");
    assert!(!session.changed(), "nothing changed since the render");

    // Characters added in a paragraph mid-story move the lines after it.
    let edited = original.replacen("劳模", "劳模们", 1);
    assert_ne!(edited, original, "the fixture has the word to edit");
    for text in [&edited, &original, &edited] {
        save(&a1, text);
        assert!(session.changed(), "a saved article is a change");
        let again = session.render(&spec, &Options::default()).unwrap();
        assert!(!session.changed());
        assert_eq!(again.pdf, cold(&spec), "a session's render after an edit");
    }
}

#[test]
fn an_edit_redoes_only_what_it_touched() {
    let (edition, spec) = common::reference_copy("session-stats");
    let a1 = edition.join("a1.txt");
    let original = std::fs::read_to_string(&a1).unwrap();
    let mut session = Session::new();
    session.render(&spec, &Options::default()).unwrap();
    let first = session.stats();
    assert_eq!(first.faces_parsed, 6, "{first:?}");
    assert_eq!(first.stories_typeset, 5, "{first:?}");
    assert_eq!(first.stories_reused, 0, "{first:?}");

    // The same inputs again: nothing is read, parsed, typeset, subset or converted.
    session.render(&spec, &Options::default()).unwrap();
    let same = session.stats();
    assert_eq!(same.files_read, first.files_read, "{same:?}");
    assert_eq!(same.faces_parsed, 6, "{same:?}");
    assert_eq!(same.stories_typeset, 5, "{same:?}");
    assert_eq!(same.stories_reused, 5, "{same:?}");
    assert_eq!(same.export.subsets_made, first.export.subsets_made);
    assert_eq!(same.export.images_made, first.export.images_made);
    assert_eq!(same.inks_measured, first.inks_measured);
    assert!(same.export.images_reused >= 2, "{same:?}");
    assert!(same.inks_reused >= 2, "{same:?}");

    // One article edited (with characters it already uses): that file is read and that
    // story typeset again; the faces, the other stories, the subsets and photos are kept.
    save(&a1, &original.replacen("劳模", "劳模劳模", 1));
    session.render(&spec, &Options::default()).unwrap();
    let edited = session.stats();
    assert_eq!(edited.files_read, first.files_read + 1, "{edited:?}");
    assert_eq!(edited.faces_parsed, 6, "no font parsed twice");
    assert_eq!(edited.stories_typeset, 6, "{edited:?}");
    assert_eq!(edited.stories_reused, 9, "{edited:?}");
    assert_eq!(edited.export.subsets_made, first.export.subsets_made);
    assert_eq!(edited.export.images_made, first.export.images_made);
    assert_eq!(edited.inks_measured, first.inks_measured);
}

#[test]
fn a_font_replaced_under_a_session_is_read_again_never_through_a_stale_map() {
    let (_edition, spec) = common::reference_copy("session-font");
    // The spec's Kai face, copied beside the spec so the test may truncate it.
    let kai = spec.with_file_name("kai.ttf");
    std::fs::copy(common::root().join("fonts/NewsKai-Regular.ttf"), &kai).unwrap();
    let text = std::fs::read_to_string(&spec).unwrap();
    let kai_line = text
        .lines()
        .find(|l| l.starts_with("kai = "))
        .unwrap()
        .to_string();
    save(&spec, &text.replace(&kai_line, "kai = \"kai.ttf\""));
    let mut session = Session::new();
    let good = session.render(&spec, &Options::default()).unwrap().pdf;

    // Truncated in place (the same file, shorter): a mapped font would fault on the next
    // read; the session reads it again and refuses it by name.
    let bytes = std::fs::read(&kai).unwrap();
    std::fs::OpenOptions::new()
        .write(true)
        .open(&kai)
        .unwrap()
        .set_len(1000)
        .unwrap();
    let e = session
        .render(&spec, &Options::default())
        .unwrap_err()
        .to_string();
    assert!(e.contains("kai.ttf"), "{e}");

    // Put back: the session renders as before.
    std::fs::write(&kai, &bytes).unwrap();
    assert_eq!(
        session.render(&spec, &Options::default()).unwrap().pdf,
        good
    );
}

#[test]
fn a_session_lists_the_files_its_render_read_and_the_one_it_could_not() {
    let (edition, spec) = common::reference_copy("session-inputs");
    let mut session = Session::new();
    session.render(&spec, &Options::default()).unwrap();
    let inputs = session.inputs();
    for name in ["front.toml", "a1.txt", "a5.txt", "furniture.txt", "a1.jpg"] {
        assert!(
            inputs.iter().any(|p| p.file_name().unwrap() == name),
            "{name} in {inputs:?}"
        );
    }
    assert!(
        inputs
            .iter()
            .any(|p| p.file_name().unwrap() == "NotoSerifSC-Regular.ttf")
    );
    // A missing article: the render fails, and the file it looked for is watched, so
    // that its appearance renders again.
    std::fs::rename(edition.join("a3.txt"), edition.join("a3.moved")).unwrap();
    assert!(session.render(&spec, &Options::default()).is_err());
    assert!(session.inputs().iter().any(|p| p.ends_with("a3.txt")));
}

fn utf16(text: &str) -> Vec<u8> {
    text.encode_utf16().flat_map(u16::to_be_bytes).collect()
}

#[test]
fn another_face_of_the_same_collection_is_subset_anew() {
    let (_, spec) = common::reference_copy("session-face-index");
    let fonts = common::root().join("fonts");
    let regular = std::fs::read(fonts.join("NotoSerifSC-Regular.ttf")).unwrap();
    // A second face with the same glyphs under another PostScript name (in ASCII and in
    // UTF-16): its subset for the same glyph set differs only in the name it is embedded
    // under, which a memo keyed on the file alone would get wrong.
    let mut renamed = regular.clone();
    for (from, to) in [
        (b"SC-Regular".to_vec(), b"SC-Regulax".to_vec()),
        (utf16("SC-Regular"), utf16("SC-Regulax")),
    ] {
        let mut i = 0;
        while let Some(at) = renamed[i..].windows(from.len()).position(|w| w == from) {
            renamed[i + at..i + at + to.len()].copy_from_slice(&to);
            i += at + to.len();
        }
    }
    let ttc = spec.with_file_name("serif.ttc");
    std::fs::write(&ttc, common::collection(&[&regular, &renamed])).unwrap();
    let text = std::fs::read_to_string(&spec).unwrap();
    let song = text
        .lines()
        .find(|l| l.starts_with("song = "))
        .unwrap()
        .to_string();
    let mut session = Session::new();
    for face in [0, 1, 0] {
        save(
            &spec,
            &text.replace(
                &song,
                &format!("song = {{ path = \"serif.ttc\", face = {face} }}"),
            ),
        );
        let pdf = session.render(&spec, &Options::default()).unwrap().pdf;
        assert_eq!(pdf, cold(&spec), "face {face} of the collection");
    }
}

#[test]
fn a_lead_in_that_ends_elsewhere_in_the_same_text_is_set_anew() {
    let (edition, spec) = common::reference_copy("session-lead");
    let a1 = edition.join("a1.txt");
    let original = std::fs::read_to_string(&a1).unwrap();
    let lead = original
        .lines()
        .find(|l| l.starts_with("lead:"))
        .expect("the reference article has a lead-in")
        .to_string();
    // The lead-in (in the lead style's bold sans) with Latin letters, whose widths differ
    // from the body face's: where the lead-in ends shows in where the letters stand.
    let long = original.replacen(&lead, "lead: 本报讯 Xinhua通讯员Wang报道", 1);
    save(&a1, &long);
    let mut session = Session::new();
    session.render(&spec, &Options::default()).unwrap();
    // Its last words moved into the body: the paragraph's text is the same, its lead-in
    // ends earlier.
    let mut short = long.replacen("lead: 本报讯 Xinhua通讯员Wang报道", "lead: 本报讯", 1);
    let body_start = short.find("\n\n").unwrap() + 2;
    short.insert_str(body_start, "Xinhua通讯员Wang报道\u{3000}");
    save(&a1, &short);
    let pdf = session.render(&spec, &Options::default()).unwrap().pdf;
    assert_eq!(pdf, cold(&spec));
}

#[test]
fn an_article_rewritten_in_place_within_one_clock_tick_is_read_again() {
    let (edition, spec) = common::reference_copy("session-same-mtime");
    let a1 = edition.join("a1.txt");
    let original = std::fs::read_to_string(&a1).unwrap();
    let modified = std::fs::metadata(&a1).unwrap().modified().unwrap();
    let mut session = Session::new();
    session.render(&spec, &Options::default()).unwrap();
    // The same length, the same file, the same modification time: only the bytes differ.
    let edited = original.replacen("劳模", "模范", 1);
    assert_eq!(edited.len(), original.len());
    std::fs::write(&a1, &edited).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&a1)
        .unwrap()
        .set_modified(modified)
        .unwrap();
    assert!(session.changed(), "the bytes changed");
    let pdf = session.render(&spec, &Options::default()).unwrap().pdf;
    assert_eq!(pdf, cold(&spec));
}

#[test]
fn a_page_renamed_in_a_session_converts_no_photo_again() {
    let (_edition, spec) = common::reference_copy("session-rename");
    let mut session = Session::new();
    let first = session.render(&spec, &Options::default()).unwrap();
    let made = session.stats().export.images_made;
    assert!(made >= 2, "the reference page converts its photos");

    // The page's name is the PDF's title and slug, which no photo is made from.
    let text = std::fs::read_to_string(&spec).unwrap();
    let old = "name = \"浙江工人日报 2023年1月18日 第1版\"";
    assert!(text.contains(old), "the spec names the page");
    save(
        &spec,
        &text.replace(old, "name = \"浙江工人日报 2023年1月18日 第1版 (改)\""),
    );
    let renamed = session.render(&spec, &Options::default()).unwrap();
    assert_ne!(
        renamed.plate.title, first.plate.title,
        "the plate took the new name"
    );
    let stats = session.stats();
    assert_eq!(stats.export.images_made, made, "{stats:?}");
    assert!(stats.export.images_reused >= 2, "{stats:?}");
    assert_eq!(renamed.pdf, cold(&spec), "the bytes a fresh render writes");
}
