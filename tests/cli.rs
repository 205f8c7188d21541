//! The `broadsheet` command: exit codes, messages and atomic output.

mod common;

use std::path::Path;
use std::process::Command;

use common::variant;

fn broadsheet(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_broadsheet")).args(args).output().expect("the binary runs")
}

fn out_dir(name: &str) -> std::path::PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("cli-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

#[test]
fn render_writes_the_pdf_and_reports_blocks() {
    let dir = out_dir("ok");
    let pdf = dir.join("t.pdf");
    let spec = variant("thread-mid-word", &[]);
    let out = broadsheet(&["render", spec.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("T1: 2 of 2 blocks used"), "{stdout}");
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    // Nothing but the PDF is left behind: the temporary file was renamed.
    let names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, vec![std::ffi::OsString::from("t.pdf")]);
}

#[test]
fn overset_fails_and_writes_nothing_unless_allowed() {
    let dir = out_dir("overset");
    let pdf = dir.join("t.pdf");
    let spec = variant("thread-mid-word", &[("{ column = 2, line = 0, lines = 10 }", "{ column = 2, line = 0, lines = 2 }")]);
    let out = broadsheet(&["render", spec.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(3), "{stdout}");
    assert!(stdout.contains("T1") && stdout.contains("OVERSET"), "{stdout}");
    assert!(!pdf.exists(), "an overset page must not be left where the plate-setter looks");

    let out = broadsheet(&["render", spec.to_str().unwrap(), "-o", pdf.to_str().unwrap(), "--allow-overset"]);
    assert!(out.status.success());
    assert!(pdf.exists());
}

#[test]
fn spec_errors_name_file_line_and_field() {
    let spec = variant("thread-mid-word", &[("{ column = 2, line = 0, lines = 10 }", "{ column = 3, line = 0, lines = 10 }")]);
    let out = broadsheet(&["render", spec.to_str().unwrap(), "-o", "/dev/null"]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1));
    let line = std::fs::read_to_string(&spec).unwrap().lines().position(|l| l.contains("column = 3")).unwrap() + 1;
    assert!(stderr.contains(&format!("layout.toml:{line}:")), "{stderr}");
    assert!(stderr.contains("blocks[1]") && stderr.contains("column 3"), "{stderr}");
}

#[test]
fn unknown_keys_and_bad_values_point_at_their_line() {
    let spec = variant("thread-mid-word", &[("line_pitch = 13.5", "line_pich = 13.5")]);
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(err.contains("layout.toml:16:") && err.contains("line_pich"), "{err}");

    let spec = variant("thread-mid-word", &[("line_pitch = 13.5", "line_pitch = 6.0")]);
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(err.contains("grid.line_pitch") && err.contains("overlap"), "{err}");
}

#[test]
fn missing_files_are_named() {
    let spec = variant("thread-mid-word", &[("NotoSerifSC-Regular.ttf", "NoSuchFont.ttf")]);
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(err.contains("NoSuchFont.ttf"), "{err}");

    let spec = variant("thread-mid-word", &[("file = \"article.txt\"", "file = \"missing.txt\"")]);
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(err.contains("missing.txt"), "{err}");
}

#[test]
fn overlapping_blocks_are_refused() {
    let spec = variant("thread-mid-word", &[("{ column = 2, line = 0, lines = 10 }", "{ column = 1, line = 0, lines = 10 }")]);
    let err = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(err.contains("overlaps") && err.contains("blocks[0]"), "{err}");
}
