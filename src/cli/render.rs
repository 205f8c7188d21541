//! `broadsheet render`: a spec to a PDF, previews and a report, with every output checked
//! against the inputs before it is written.

use std::io::Write;
use std::path::{Path, PathBuf};

use broadsheet::error::exit;

use super::check_dpi;

#[derive(Clone)]
pub struct RenderArgs {
    pub spec: PathBuf,
    pub output: Option<PathBuf>,
    pub png: Option<PathBuf>,
    pub dpi: f64,
    pub overlay: bool,
    pub allow_overset: bool,
    pub allow_missing_glyphs: bool,
    pub json: bool,
    pub profile: Option<broadsheet::plate::Profile>,
    pub proof: Option<PathBuf>,
    pub page: Option<String>,
    pub pages: Option<PathBuf>,
    /// Draw a progress bar (standard error is a terminal).
    pub progress: bool,
    /// Print the stages' times.
    pub timings: bool,
    /// Write the stages' times as a Chrome trace.
    pub trace: Option<PathBuf>,
    /// How errors about the inputs are shown.
    pub diagnostic_format: super::diagnostics::Format,
    /// The photo cache folder (`--cache`, else `BROADSHEET_CACHE`).
    pub cache: Option<PathBuf>,
}

pub fn render(args: &RenderArgs) -> u8 {
    if let Some(dir) = &args.pages {
        return render_pages(args, dir);
    }
    let mut report = broadsheet::report::Report::new("render", &args.spec);
    let code = render_into(args, &mut report);
    report.set_exit(code);
    if args.json {
        let written = writeln!(std::io::stdout(), "{}", report.to_json())
            .and_then(|()| std::io::stdout().flush());
        match written {
            Ok(()) => {}
            // The reader went away: it did not want the report.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
            Err(e) => {
                err!("error: standard output: the report could not be written: {e}");
                if code == exit::OK {
                    return exit::OUTPUT;
                }
            }
        }
    }
    code
}

/// `--pages DIR`: each page of an edition rendered as `--page LABEL -o DIR/NAME` would.
fn render_pages(args: &RenderArgs, dir: &Path) -> u8 {
    let pages = match broadsheet::edition_pages(&args.spec) {
        Ok(Some(p)) => p,
        Ok(None) => {
            err!(
                "error: --pages: {} is a page spec, not an edition",
                args.spec.display()
            );
            return exit::USAGE;
        }
        Err(e) => {
            err!("error: {e}");
            return e.exit_code();
        }
    };
    if let Err(e) = std::fs::create_dir_all(dir) {
        err!("error: {}: the folder cannot be made: {e}", dir.display());
        return exit::OUTPUT;
    }
    // One bar over the pages; each page's render draws none of its own.
    let bar = args
        .progress
        .then(|| super::progress::bar(pages.len() as u64));
    for (label, name) in pages {
        if let Some(bar) = &bar {
            bar.set_message(format!("page {label}"));
        }
        let page_args = RenderArgs {
            output: Some(dir.join(name)),
            page: Some(label),
            pages: None,
            progress: false,
            ..args.clone()
        };
        let code = render(&page_args);
        if code != exit::OK {
            if let Some(bar) = &bar {
                bar.abandon();
            }
            return code;
        }
        if let Some(bar) = &bar {
            bar.inc(1);
        }
    }
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    exit::OK
}

/// Prints a line of the text report (standard output, or standard error when standard
/// output carries the JSON report).
macro_rules! say {
    ($json:expr, $($arg:tt)*) => {
        if $json { err!($($arg)*) } else { out!($($arg)*) }
    };
}

fn render_into(args: &RenderArgs, report: &mut broadsheet::report::Report) -> u8 {
    let json = args.json;
    if let Some(code) = check_dpi(args.dpi) {
        return code;
    }
    let fail = |report: &mut broadsheet::report::Report, e: broadsheet::Error| {
        super::diagnostics::print(&e, args.diagnostic_format);
        report.fail(&e);
        e.exit_code()
    };
    let bar = args.progress.then(|| super::progress::bar(1));
    let timings = (args.timings || args.trace.is_some()).then(broadsheet::Timings::default);
    let cache = args
        .cache
        .clone()
        .or_else(|| std::env::var_os("BROADSHEET_CACHE").map(PathBuf::from));
    let options = broadsheet::Options {
        profile: args.profile,
        page: args.page.clone(),
        progress: bar.as_ref().map(super::progress::listener),
        timings: timings.clone(),
        cache,
    };
    let rendered = broadsheet::render_file(&args.spec, &options);
    if let Some(bar) = bar {
        bar.finish_and_clear();
    }
    if let Some(t) = &timings
        && let Err(e) = report_timings(t, args.timings, args.trace.as_deref())
    {
        return fail(report, e);
    }
    let rendered = match rendered {
        Ok(r) => r,
        Err(e) => return fail(report, e),
    };
    report.add_render(&rendered.reports, &rendered.warnings);
    // For the test that a bug anywhere ends as exit 70 with nothing written.
    if std::env::var_os("BROADSHEET_INJECT_PANIC").is_some() {
        panic!("injected by BROADSHEET_INJECT_PANIC");
    }
    for line in article_lines(&rendered.reports) {
        say!(json, "{line}");
    }
    for image in &rendered.images {
        let how = match &image.conversion {
            broadsheet::plate::Conversion::PassThrough => "embedded as it came".to_string(),
            broadsheet::plate::Conversion::Formula => format!(
                "converted to {} by the newsprint formula (no ICC profile), {}×{} px",
                image.color_space, image.embedded.0, image.embedded.1
            ),
            broadsheet::plate::Conversion::Icc(name) => format!(
                "converted to {} through the output profile \"{name}\", {}×{} px",
                image.color_space, image.embedded.0, image.embedded.1
            ),
        };
        say!(
            json,
            "photo {}: {} × {} px {}, {how}",
            image.path.display(),
            image.source.0,
            image.source.1,
            image.color_space_in
        );
    }
    for w in rendered.warnings.iter() {
        let level = match w {
            broadsheet::Warning::MissingGlyph { .. } if !args.allow_missing_glyphs => "error",
            _ => "warning",
        };
        err!("{level}: {w}");
    }
    // Outputs are checked before anything is written: none may be one of the inputs.
    let stem = args
        .spec
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "page".into());
    let png_path = |dir: &Path, i| broadsheet::golden::golden_path(dir, &stem, i);
    let mut planned: Vec<PathBuf> = args.output.iter().cloned().collect();
    if let Some(dir) = &args.png {
        planned.extend((0..rendered.document.pages.len()).map(|i| png_path(dir, i)));
    }
    for (i, path) in planned.iter().enumerate() {
        if let Err(e) = rendered.inputs.check_output(path) {
            return fail(report, e);
        }
        // Two outputs of one run in one file: the second would replace the first.
        let same = |a: &Path, b: &Path| {
            a == b
                || broadsheet::input::FileId::at(a)
                    .is_some_and(|id| broadsheet::input::FileId::at(b) == Some(id))
        };
        if planned[..i].iter().any(|p| same(p, path)) {
            let e = broadsheet::Error::Output {
                path: path.clone(),
                message: "is named twice as an output of this run (-o and --png)".into(),
            };
            return fail(report, e);
        }
    }
    // Previews first: a designer needs to see an overset page too.
    if let Some(dir) = &args.png {
        let pages = match broadsheet::preview(&rendered, args.dpi, args.overlay) {
            Ok(p) => p,
            Err(e) => return fail(report, e),
        };
        for (i, page) in pages.iter().enumerate() {
            let path = png_path(dir, i);
            let written = broadsheet::raster::encode_png_fast(page)
                .and_then(|png| broadsheet::write_output(&path, &png, &rendered.inputs));
            if let Err(e) = written {
                return fail(report, e);
            }
            report.outputs.push(path.display().to_string());
            say!(
                json,
                "wrote {} ({}×{} px)",
                path.display(),
                page.width,
                page.height
            );
        }
    }
    let not_written = |what: &str, flag: &str| {
        match &args.output {
            Some(output) => err!(
                "error: {what}; {} not written (use {flag} to write it anyway)",
                output.display()
            ),
            None => err!("error: {what}"),
        };
    };
    if rendered.has_missing_glyphs() && !args.allow_missing_glyphs {
        not_written(
            "some characters have no glyph in any face of their style",
            "--allow-missing-glyphs",
        );
        return exit::MISSING_GLYPHS;
    }
    if rendered.has_overset() && !args.allow_overset {
        not_written("text did not fit", "--allow-overset");
        return exit::OVERSET;
    }
    if rendered.has_unplaced_text() && !args.allow_overset {
        not_written(
            "text of an article has no area on the page (see the warnings)",
            "--allow-overset",
        );
        return exit::OVERSET;
    }
    // The page's own preflight: an error stops it at the door, a proof may show it.
    for v in &rendered.preflight.violations {
        err!("preflight {v}");
    }
    if !rendered.preflight.passes() {
        let profile = rendered.plate.profile;
        if let Some(proof) = &args.proof {
            match broadsheet::write_output(proof, &rendered.pdf, &rendered.inputs) {
                Ok(()) => say!(
                    json,
                    "wrote the refused page to {} for a look",
                    proof.display()
                ),
                Err(e) => return fail(report, e),
            }
        }
        not_written(
            &format!("the page fails its {profile} preflight"),
            "--profile screen, or fix what it lists,",
        );
        return exit::PREFLIGHT;
    }
    if let Some(output) = &args.output {
        if let Err(e) = broadsheet::write_output(output, &rendered.pdf, &rendered.inputs) {
            return fail(report, e);
        }
        report.outputs.push(output.display().to_string());
        say!(
            json,
            "wrote {} ({} bytes)",
            output.display(),
            rendered.pdf.len()
        );
    }
    exit::OK
}

/// One line per article (per part of a story): blocks used, overset, what moved and the
/// copy change that would make it end flush.
pub fn article_lines(reports: &[broadsheet::compose::ArticleReport]) -> Vec<String> {
    reports
        .iter()
        .map(|r| {
            let blocks: Vec<String> = r
                .blocks
                .iter()
                .map(|(used, of)| format!("{used}/{of}"))
                .collect();
            let used = r.blocks.iter().filter(|(u, _)| *u > 0).count();
            let overset = match r.overset {
                Some(o) => format!(", OVERSET {} characters ({} lines)", o.chars, o.lines),
                None => String::new(),
            };
            let mut copy = r
                .copy_change()
                .map_or(String::new(), |c| format!("; copy: {c}"));
            if !r.adjusted.is_empty() {
                copy = format!("; moved: {}{copy}", r.adjusted.join(", "));
            }
            format!(
                "{}: {used} of {} blocks used, lines {}{overset}{copy}",
                r.id,
                r.blocks.len(),
                blocks.join(" ")
            )
        })
        .collect()
}

/// Prints the stage table (`table`) and writes the Chrome trace (`trace`), as asked.
pub fn report_timings(
    t: &broadsheet::Timings,
    table: bool,
    trace: Option<&Path>,
) -> broadsheet::Result<()> {
    if table {
        for line in timing_lines(t) {
            err!("{line}");
        }
    }
    match trace {
        Some(path) => broadsheet::write_atomic(path, t.chrome_trace().as_bytes()),
        None => Ok(()),
    }
}

/// The stages' times as a table: each top-level stage with its wall time and share of
/// the whole, and under it the stages within it with their time summed over threads.
pub fn timing_lines(t: &broadsheet::Timings) -> Vec<String> {
    let table = t.table();
    let total: f64 = table.iter().map(|s| s.wall.as_secs_f64()).sum();
    let mut lines = vec![format!(
        "{:<12} {:>9}  {:>5}  {:>9}",
        "stage", "wall ms", "share", "cpu ms"
    )];
    for stage in &table {
        let share = if total > 0.0 {
            stage.wall.as_secs_f64() / total * 100.0
        } else {
            0.0
        };
        lines.push(format!(
            "{:<12} {:>9.2}  {share:>4.0} %",
            stage.stage,
            stage.wall.as_secs_f64() * 1000.0
        ));
        for part in &stage.parts {
            lines.push(format!(
                "  {:<10} {:>9}  {:>5}  {:>9.2}  ({}×)",
                part.stage,
                "",
                "",
                part.own.as_secs_f64() * 1000.0,
                part.spans
            ));
        }
    }
    lines.push(format!("{:<12} {:>9.2}", "total", total * 1000.0));
    lines
}
