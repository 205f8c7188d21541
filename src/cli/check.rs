//! `broadsheet check`: a spec or an edition laid out as a render would, without writing a
//! PDF or preflighting one: the overset and underset report, fast enough for every save.

use std::io::Write;
use std::path::Path;

use broadsheet::error::exit;

/// Checks a spec or edition; exits as a render would before writing (4: missing glyphs,
/// 3: overset or unplaced text, 0: it would render).
pub fn check(
    spec: &Path,
    page: Option<String>,
    json: bool,
    (timings, trace): (bool, Option<&Path>),
    format: super::diagnostics::Format,
) -> u8 {
    let mut report = broadsheet::report::Report::new("check", spec);
    let options = broadsheet::Options {
        page,
        timings: (timings || trace.is_some()).then(broadsheet::Timings::default),
        ..Default::default()
    };
    let checked = broadsheet::check_file(spec, &options);
    if let Some(t) = &options.timings
        && let Err(e) = super::render::report_timings(t, timings, trace)
    {
        super::diagnostics::print(&e, format);
        return e.exit_code();
    }
    let code = match checked {
        Err(e) => {
            super::diagnostics::print(&e, format);
            report.fail(&e);
            e.exit_code()
        }
        Ok(checked) => {
            report.add_render(&checked.reports, &checked.warnings);
            for line in super::render::article_lines(&checked.reports) {
                if json {
                    err!("{line}");
                } else {
                    out!("{line}");
                }
            }
            for w in checked.warnings.iter() {
                err!("warning: {w}");
            }
            let code = if checked.has_missing_glyphs() {
                exit::MISSING_GLYPHS
            } else if checked.has_overset() {
                exit::OVERSET
            } else {
                exit::OK
            };
            let line = format!(
                "checked {} page(s): {}",
                checked.pages,
                match code {
                    exit::OK => "it would render",
                    exit::OVERSET => "text does not fit (exit 3)",
                    _ => "characters have no glyph (exit 4)",
                }
            );
            if json {
                err!("{line}")
            } else {
                out!("{line}")
            }
            code
        }
    };
    report.set_exit(code);
    if json {
        let _ = writeln!(std::io::stdout(), "{}", report.to_json());
    }
    code
}
