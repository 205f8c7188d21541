//! `broadsheet golden check|bless`: a designer's folder of specs against its goldens.

use broadsheet::error::exit;

use super::super::GoldenAction;
use super::check_dpi;

pub fn golden(action: GoldenAction) -> u8 {
    use broadsheet::golden::{Options, folder_cases, run};
    let (dir, dpi, bless) = match action {
        GoldenAction::Check { dir, dpi } => (dir, dpi, false),
        GoldenAction::Bless { dir, dpi } => (dir, dpi, true),
    };
    if let Some(code) = check_dpi(dpi) {
        return code;
    }
    let options = Options {
        dpi,
        ..Options::default()
    };
    let cases = match folder_cases(&dir) {
        Ok(cases) if cases.is_empty() => {
            err!("error: {}: no *.toml specs in this folder", dir.display());
            return exit::INPUT;
        }
        Ok(cases) => cases,
        Err(e) => {
            err!("error: {e}");
            return e.exit_code();
        }
    };
    let summary = run(
        &cases,
        &dir.join("golden"),
        &dir.join("golden-report"),
        &options,
        bless,
    );
    let summary = match summary {
        Ok(s) => s,
        Err(e) => {
            err!("error: {e}");
            return e.exit_code();
        }
    };
    for path in &summary.blessed {
        out!("blessed {}", path.display());
    }
    for orphan in &summary.orphans {
        out!("orphaned golden (no spec makes it): {}", orphan.display());
    }
    if bless {
        return exit::OK;
    }
    for row in &summary.rows {
        if row.ok {
            out!("ok      {}", row.name);
        } else {
            out!(
                "DIFFERS {}: {} pixels {}",
                row.name,
                row.differing,
                row.note
            );
        }
    }
    if let Some(report) = &summary.report {
        out!("report: {}", report.display());
    }
    let failed = summary.failures().count();
    out!("{} passed, {} failed", summary.rows.len() - failed, failed);
    if failed > 0 || !summary.orphans.is_empty() {
        exit::GOLDEN_DIFFERS
    } else {
        exit::OK
    }
}
