//! Replays, with plain `cargo test`, every input the fuzzers ever crashed on
//! (`tests/fuzz-regressions/TARGET/`) and every seed they start from (`fuzz/seeds/TARGET/`),
//! through the same target bodies the fuzzers run (`fuzz/targets.rs`), so a fixed crash
//! stays fixed for contributors who never build the fuzzers.

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::Path;

/// Runs every file of `dir` through `target`; returns how many ran.
fn replay(target: &str, dir: &Path) -> usize {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return 0;
    };
    let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
    files.sort();
    for file in &files {
        let data = std::fs::read(file).unwrap();
        let result = std::panic::catch_unwind(|| targets::run(target, &data));
        assert!(
            result.is_ok(),
            "fuzz target {target} fails on {}",
            file.display()
        );
    }
    files.len()
}

#[test]
fn committed_crashes_stay_fixed() {
    let root = targets::root();
    let mut replayed = 0;
    for target in targets::TARGETS {
        replayed += replay(target, &root.join("tests/fuzz-regressions").join(target));
    }
    // The two B4 finds of the linebreak target, at least: a missing folder is a failure.
    assert!(replayed >= 2, "only {replayed} committed crashes replayed");
}

#[test]
fn every_render_seed_makes_a_page() {
    // A target whose inputs all fail early fuzzes only the error path.
    let dir = targets::root().join("fuzz/seeds/render");
    for entry in std::fs::read_dir(&dir).unwrap().flatten() {
        let data = std::fs::read(entry.path()).unwrap();
        assert!(
            targets::render(&data),
            "{} makes no page",
            entry.path().display()
        );
    }
}

#[test]
fn every_seed_passes_every_invariant() {
    let root = targets::root();
    for target in targets::TARGETS {
        let n = replay(target, &root.join("fuzz/seeds").join(target));
        assert!(n > 0, "target {target} has no seeds");
    }
}
