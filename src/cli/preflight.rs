//! `broadsheet preflight`: any PDF checked against a profile.

use std::path::Path;

use broadsheet::error::exit;
use broadsheet::plate::Profile;
use broadsheet::preflight::{Rules, check};

pub fn preflight(
    file: &Path,
    profile: Profile,
    ink_limit: f64,
    min_ppi: f64,
    mono_pages: Vec<usize>,
    json: bool,
) -> u8 {
    let input = match broadsheet::input::read(file, broadsheet::input::Kind::Pdf) {
        Ok(i) => i,
        Err(e) => {
            err!("error: {e}");
            return e.exit_code();
        }
    };
    if !(ink_limit.is_finite() && (100.0..=400.0).contains(&ink_limit)) {
        err!("error: --ink-limit: expected 100–400 %, found {ink_limit}");
        return exit::USAGE;
    }
    let rules = Rules {
        profile,
        ink_limit,
        min_ppi,
        mono_pages,
    };
    let findings = check(&input.bytes, &rules);
    if json {
        out!("{}", findings.to_json());
    } else {
        for v in &findings.violations {
            out!("{v}");
        }
        let errors = findings.errors().count();
        let warnings = findings.violations.len() - errors;
        out!(
            "{}: {} page(s), {errors} error(s), {warnings} warning(s) against {profile}: {}",
            file.display(),
            findings.pages,
            if findings.passes() { "passes" } else { "FAILS" }
        );
    }
    if findings.passes() {
        exit::OK
    } else {
        let mut checks: Vec<&str> = findings.errors().map(|v| v.check).collect();
        checks.dedup();
        err!(
            "error: {} fails its {profile} preflight: {}",
            file.display(),
            checks.join(", ")
        );
        exit::PREFLIGHT
    }
}
