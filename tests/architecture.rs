//! The dependency direction of the pipeline (see `src/lib.rs`): each stage may use only
//! the stages before it, and the exporters know only the display list. A `use` that
//! points back fails here.

use std::path::Path;

/// Module (file or folder under `src/`) → modules it must not use.
const FORBIDDEN: &[(&str, &[&str])] = &[
    (
        "guard.rs",
        &[
            "error", "font", "style", "spec", "content", "text", "flow", "grid", "compose",
            "display", "export", "raster", "golden", "input", "output", "ledger", "report",
        ],
    ),
    (
        "timing.rs",
        &[
            "error", "font", "style", "spec", "content", "text", "flow", "grid", "compose",
            "display", "export", "raster", "golden", "input", "output", "ledger", "report",
        ],
    ),
    // Diagnostics know nothing of specs or pages: the passes that find mistakes make them.
    (
        "diagnostic",
        &[
            "error", "font", "style", "spec", "content", "text", "flow", "grid", "compose",
            "display", "export", "raster", "golden", "input", "output", "ledger", "report",
            "render", "edition",
        ],
    ),
    // The file layer knows only errors: every stage reads through it, it reads no stage.
    (
        "input.rs",
        &[
            "font", "style", "spec", "content", "text", "flow", "grid", "compose", "display",
            "export", "raster", "golden", "output", "ledger", "report",
        ],
    ),
    (
        "output.rs",
        &[
            "font", "style", "spec", "content", "text", "flow", "grid", "compose", "display",
            "export", "raster", "golden", "ledger", "report",
        ],
    ),
    (
        "ledger.rs",
        &[
            "font", "style", "spec", "content", "flow", "grid", "compose", "display", "export",
            "raster", "golden", "input", "output", "report",
        ],
    ),
    ("report.rs", &["export", "raster", "golden", "output"]),
    (
        "geom.rs",
        &[
            "error", "font", "style", "spec", "content", "text", "flow", "grid", "compose",
            "display", "export", "raster", "golden",
        ],
    ),
    (
        "style.rs",
        &[
            "spec", "content", "text", "flow", "grid", "compose", "display", "export", "raster",
            "golden",
        ],
    ),
    (
        "font",
        &[
            "output", "spec", "content", "text", "flow", "grid", "compose", "display", "export",
            "raster", "golden",
        ],
    ),
    (
        "spec",
        &[
            "output", "font", "content", "text", "flow", "compose", "display", "export", "raster",
            "golden",
        ],
    ),
    (
        "content",
        &[
            "output", "spec", "text", "flow", "grid", "compose", "display", "export", "raster",
            "golden",
        ],
    ),
    (
        "text",
        &[
            "output", "spec", "content", "flow", "grid", "compose", "display", "export", "raster",
            "golden", "ledger", "report",
        ],
    ),
    (
        "flow",
        &[
            "spec", "content", "grid", "compose", "display", "export", "raster", "golden",
        ],
    ),
    (
        "grid.rs",
        &[
            "content", "text", "flow", "compose", "display", "export", "raster", "golden",
        ],
    ),
    (
        "display.rs",
        &[
            "spec", "text", "flow", "grid", "compose", "export", "raster", "golden",
        ],
    ),
    // Composition knows pages and the parts of stories on them, not the edition file or
    // how pages are gathered into an issue.
    (
        "compose",
        &[
            "export", "raster", "golden", "report", "output", "edition", "render",
        ],
    ),
    // The glue runs the stages for a page or an edition; what a run reports, how it writes
    // files and how goldens compare stay with the command line.
    ("render", &["golden", "report", "output"]),
    (
        "export",
        &[
            "spec", "content", "text", "flow", "grid", "compose", "raster", "golden",
        ],
    ),
    // The edition file: the issue and its page specs, nothing of layout.
    (
        "edition",
        &[
            "font",
            "style",
            "content",
            "text",
            "flow",
            "grid",
            "compose",
            "display",
            "export",
            "raster",
            "golden",
            "output",
            "ledger",
            "report",
            "preflight",
            "photo",
            "plate",
        ],
    ),
    // Photos: headers and pixels, for content (what a file is) and export (embedding).
    (
        "photo",
        &[
            "font", "style", "spec", "content", "text", "flow", "grid", "compose", "display",
            "export", "raster", "golden", "output", "ledger", "report", "plate",
        ],
    ),
    // The plate's rules, which the spec fills and the writer and preflight read.
    (
        "plate",
        &[
            "font", "style", "spec", "content", "text", "flow", "grid", "compose", "display",
            "export", "raster", "golden", "output", "ledger", "report", "photo", "input",
        ],
    ),
    (
        "raster",
        &[
            "spec", "content", "text", "flow", "grid", "compose", "display", "export", "golden",
            "font",
        ],
    ),
];

fn files(path: &Path) -> Vec<std::path::PathBuf> {
    if path.is_file() {
        return vec![path.to_path_buf()];
    }
    let mut out = Vec::new();
    for entry in std::fs::read_dir(path).unwrap() {
        out.extend(files(&entry.unwrap().path()));
    }
    out
}

#[test]
fn no_stage_uses_a_later_one() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut violations = Vec::new();
    for (module, banned) in FORBIDDEN {
        let path = src.join(module);
        assert!(path.exists(), "src/{module} does not exist");
        for file in files(&path) {
            let text = std::fs::read_to_string(&file).unwrap();
            for (n, line) in text.lines().enumerate() {
                // Doc links may name any module; only code counts.
                if line.trim_start().starts_with("//") {
                    continue;
                }
                for b in *banned {
                    if line.contains(&format!("crate::{b}::"))
                        || line.contains(&format!("crate::{b};"))
                        || line.contains(&format!("crate::{b}}}"))
                    {
                        violations.push(format!(
                            "{}:{}: {module} uses {b}: {}",
                            file.display(),
                            n + 1,
                            line.trim()
                        ));
                    }
                }
            }
            // Grouped imports: `use crate::{a, b::c};`, possibly over several lines.
            for group in text.split("use crate::{").skip(1) {
                let inside = group.split("};").next().unwrap_or("");
                for item in inside.split(',') {
                    let head = item.trim().split("::").next().unwrap_or("").trim();
                    if banned.contains(&head) {
                        violations.push(format!(
                            "{}: {module} uses {head} (in a grouped import)",
                            file.display()
                        ));
                    }
                }
            }
        }
    }
    assert!(violations.is_empty(), "{}", violations.join("\n"));
}
