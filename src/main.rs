//! The `broadsheet` command.
//!
//! Exit codes are [`broadsheet::error::exit`]'s table; a panic anywhere is caught and
//! reported as an internal error (70) with nothing written.

#![forbid(unsafe_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use broadsheet::error::exit;
use broadsheet::spec::limits;
use clap::{Parser, Subcommand};

/// Composes Chinese newspaper pages from a layout spec and writes print-ready PDF.
#[derive(Parser)]
#[command(version, about, after_help = exit_codes())]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Renders the page of a layout spec to PDF.
    Render {
        /// The layout spec (TOML).
        spec: PathBuf,
        /// Where to write the PDF.
        #[arg(short, long, value_name = "FILE.pdf", required_unless_present = "png")]
        output: Option<PathBuf>,
        /// Also (or instead) write a PNG preview of each page into this folder.
        #[arg(long, value_name = "DIR")]
        png: Option<PathBuf>,
        /// Resolution of the PNG previews.
        #[arg(long, default_value_t = 72.0)]
        dpi: f64,
        /// Draw the grid, baseline grid, blocks, overset and underset on the previews.
        #[arg(long, requires = "png")]
        overlay: bool,
        /// Write the PDF and exit 0 even if some text did not fit or has no area.
        #[arg(long)]
        allow_overset: bool,
        /// Write the PDF and exit 0 even if some characters have no glyph in any face of
        /// their style (they print as empty boxes).
        #[arg(long)]
        allow_missing_glyphs: bool,
        /// How to report: `text` (lines on standard output) or `json` (one versioned
        /// JSON document on standard output, written on failure too).
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        report: ReportFormat,
    },
    /// Golden-image checks over a folder of specs: `<dir>/*.toml` against `<dir>/golden/`.
    Golden {
        #[command(subcommand)]
        action: GoldenAction,
    },
    /// Sets text from standard input (paragraphs separated by blank lines) at a measure and
    /// prints the lines, as page rendering would set them, and their count.
    Lines(LinesArgs),
}

#[derive(Subcommand)]
enum GoldenAction {
    /// Renders every spec and compares each page with its golden; writes expected, diff
    /// and actual images and an HTML report into `<dir>/golden-report/`.
    Check {
        /// The folder of specs.
        dir: PathBuf,
        /// Resolution of the comparison.
        #[arg(long, default_value_t = 36.0)]
        dpi: f64,
    },
    /// Renders every spec and writes its pages as the new goldens.
    Bless {
        /// The folder of specs.
        dir: PathBuf,
        /// Resolution of the goldens.
        #[arg(long, default_value_t = 36.0)]
        dpi: f64,
    },
}

#[derive(clap::Args)]
struct LinesArgs {
    /// Line length: ems of the font size (`13`, `13em`), or `40mm`, `117pt`.
    #[arg(long, default_value = "13")]
    measure: String,
    /// Font size in pt (小五 = 9).
    #[arg(long, default_value_t = 9.0)]
    size: f64,
    /// First-line indent in ems.
    #[arg(long, default_value_t = 2.0)]
    indent: f64,
    /// Punctuation style.
    #[arg(long, value_enum, default_value_t = Style::Quanjiao)]
    style: Style,
    /// Line-edge prohibition level.
    #[arg(long, value_enum, default_value_t = Prohibit::Basic)]
    prohibit: Prohibit,
    /// Let `，。、` hang outside the measure.
    #[arg(long)]
    hang: bool,
    /// Keep ASCII punctuation as it is instead of normalizing wire copy.
    #[arg(long)]
    raw: bool,
    /// Font file; defaults to the bundled Noto Serif SC (Song) built into the binary.
    #[arg(long)]
    font: Option<PathBuf>,
    /// Print a JSON array of lines with each character's position and advance (in ems).
    #[arg(long)]
    json: bool,
}

#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum ReportFormat {
    Text,
    Json,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Style {
    Quanjiao,
    Kaiming,
    Banjiao,
    Hangmobanjiao,
    None,
}

#[derive(Clone, Copy, clap::ValueEnum)]
enum Prohibit {
    None,
    Basic,
    Gb,
    Strict,
}

/// Prints a line on standard output; a closed or full standard output (`| head`,
/// `> /dev/full`) never stops the command: the outputs that matter are files.
macro_rules! out {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Prints a line on standard error, likewise.
macro_rules! err {
    ($($arg:tt)*) => {{
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

/// The exit-code table, for `--help`.
fn exit_codes() -> String {
    let mut text = String::from("Exit codes:\n");
    for (code, meaning) in exit::TABLE {
        text.push_str(&format!("  {code:>3}  {meaning}\n"));
    }
    text
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    // A panic is a bug: say so once, and exit with the internal-error code; outputs are
    // written atomically, so nothing half-written is left.
    std::panic::set_hook(Box::new(|info| {
        err!(
            "error: internal error (a bug in broadsheet; please report it with the input): {info}"
        );
    }));
    match std::panic::catch_unwind(move || run(cli)) {
        Ok(code) => ExitCode::from(code),
        Err(_) => ExitCode::from(exit::INTERNAL),
    }
}

fn run(cli: Cli) -> u8 {
    match cli.command {
        Command::Render {
            spec,
            output,
            png,
            dpi,
            overlay,
            allow_overset,
            allow_missing_glyphs,
            report,
        } => render(&RenderArgs {
            spec,
            output,
            png,
            dpi,
            overlay,
            allow_overset,
            allow_missing_glyphs,
            json: report == ReportFormat::Json,
        }),
        Command::Golden { action } => golden(action),
        Command::Lines(args) => lines(&args),
    }
}

/// The body face, built in so `broadsheet lines` works anywhere.
const BUNDLED_SONG: &[u8] = include_bytes!("../fonts/NotoSerifSC-Regular.ttf");

fn lines(args: &LinesArgs) -> u8 {
    use broadsheet::geom::{Em, Mm, Pt};
    use broadsheet::text::{Prohibition, PunctStyle};

    // The size first: a measure in ems is read at it.
    if !(args.size.is_finite() && args.size >= MIN_SIZE && args.size <= MAX_SIZE) {
        err!(
            "error: --size: expected a size in points from {MIN_SIZE} to {MAX_SIZE}, found {}",
            args.size
        );
        return exit::USAGE;
    }
    if !(args.indent.is_finite() && args.indent >= 0.0 && args.indent <= MAX_INDENT) {
        err!(
            "error: --indent: expected ems from 0 to {MAX_INDENT}, found {}",
            args.indent
        );
        return exit::USAGE;
    }
    let size = Pt(args.size);
    let m = args.measure.trim();
    let parsed = if let Some(v) = m.strip_suffix("mm") {
        v.trim().parse().map(|v| Mm(v).to_pt())
    } else if let Some(v) = m.strip_suffix("pt") {
        v.trim().parse().map(Pt)
    } else {
        m.trim_end_matches("em")
            .trim()
            .parse()
            .map(|v: f64| Em(v).at(size))
    };
    let widest = Em(MAX_MEASURE_EM).at(size);
    let measure = match parsed {
        Ok(measure) if measure > Pt::ZERO && measure <= widest => measure,
        _ => {
            err!(
                "error: --measure: expected a positive length up to {MAX_MEASURE_EM} em ({} pt at this size), in ems (13, 13em), millimetres (40mm) or points (117pt), found `{m}`",
                widest.get()
            );
            return exit::USAGE;
        }
    };
    let mut book = broadsheet::font::FontBook::default();
    let face = match &args.font {
        Some(path) => broadsheet::font::load_face("body", path),
        None => broadsheet::font::face_from_bytes(
            "body",
            Path::new("<bundled NotoSerifSC-Regular>"),
            BUNDLED_SONG.to_vec(),
        ),
    };
    let font = match face {
        Ok(f) => book.push(f),
        Err(e) => {
            err!("error: {e}");
            return e.exit_code();
        }
    };
    // Standard input is held to an article's size limit.
    let limit = broadsheet::input::Kind::Article.limit();
    let mut bytes = Vec::new();
    if let Err(e) = std::io::stdin().take(limit + 1).read_to_end(&mut bytes) {
        err!("error: standard input: {e}");
        return exit::INPUT;
    }
    if bytes.len() as u64 > limit {
        err!(
            "error: standard input: more than {} MiB, the limit of an article",
            limit / (1024 * 1024)
        );
        return exit::INPUT;
    }
    let Ok(input) = String::from_utf8(bytes) else {
        err!("error: standard input: not UTF-8 text");
        return exit::INPUT;
    };
    // The same rules as article files: controls normalized, paragraphs at blank lines.
    let (input, cleaned) = broadsheet::content::clean(&input);
    for c in &cleaned {
        err!("warning: <stdin>:{c}");
    }
    let paragraphs = broadsheet::content::paragraphs(&input);
    let options = broadsheet::copyfit::Options {
        font,
        measure,
        size,
        indent: Em(args.indent),
        punct: match args.style {
            Style::Quanjiao => PunctStyle::Quanjiao,
            Style::Kaiming => PunctStyle::Kaiming,
            Style::Banjiao => PunctStyle::Banjiao,
            Style::Hangmobanjiao => PunctStyle::Hangmobanjiao,
            Style::None => PunctStyle::Plain,
        },
        prohibition: match args.prohibit {
            Prohibit::None => Prohibition::None,
            Prohibit::Basic => Prohibition::Basic,
            Prohibit::Gb => Prohibition::Gb,
            Prohibit::Strict => Prohibition::Strict,
        },
        hang: args.hang,
        normalize: !args.raw,
    };
    // One paragraph at a time, printed as it is set: memory stays that of one paragraph.
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    let mut warnings = broadsheet::Warnings::default();
    let mut count = 0usize;
    let written = (|| -> std::io::Result<()> {
        if args.json {
            writeln!(out, "[")?;
        }
        for (index, paragraph) in paragraphs.iter().enumerate() {
            let lines = broadsheet::copyfit::copyfit(
                &book,
                std::slice::from_ref(paragraph),
                &options,
                &mut warnings,
            );
            for l in lines {
                if args.json {
                    let chars: Vec<serde_json::Value> = l
                        .chars
                        .iter()
                        .map(|c| {
                            serde_json::json!({
                                "char": c.ch.to_string(), "x": round(c.x), "advance": round(c.advance),
                            })
                        })
                        .collect();
                    let line = serde_json::json!({
                        "paragraph": index,
                        "text": l.text,
                        "width": round(l.width),
                        "chars": chars,
                    });
                    if count > 0 {
                        writeln!(out, ",")?;
                    }
                    write!(out, "{line}")?;
                } else {
                    writeln!(out, "{}", l.text)?;
                }
                count += 1;
            }
        }
        if args.json {
            writeln!(out, "\n]")?;
        } else {
            writeln!(out, "{count} lines")?;
        }
        out.flush()
    })();
    for w in warnings.iter() {
        err!("warning: {w}");
    }
    match written {
        Ok(()) => exit::OK,
        // `| head` closed the pipe: the reader has what it wanted.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => exit::OK,
        Err(e) => {
            err!("error: standard output: {e}");
            exit::OUTPUT
        }
    }
}

/// Bounds of `broadsheet lines`' numbers: the spec's own.
const MIN_SIZE: f64 = limits::SIZE_PT.0;
const MAX_SIZE: f64 = limits::SIZE_PT.1;
const MAX_INDENT: f64 = limits::INDENT_EM;
/// The widest measure, in ems of the size: as many as a text block's line may hold.
const MAX_MEASURE_EM: f64 = limits::MEASURE_CHARS as f64;

/// Rounds to 1/10000 em, so printed positions do not carry float noise.
fn round(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// Largest preview or golden resolution; the page's size may lower it further
/// ([`broadsheet::raster::MAX_PIXELS`]).
const MAX_DPI: f64 = 1200.0;

fn check_dpi(dpi: f64) -> Option<u8> {
    if dpi.is_finite() && dpi > 0.0 && dpi <= MAX_DPI {
        None
    } else {
        err!("error: --dpi: expected a resolution above 0 and at most {MAX_DPI}, found {dpi}");
        Some(exit::USAGE)
    }
}

fn golden(action: GoldenAction) -> u8 {
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

struct RenderArgs {
    spec: PathBuf,
    output: Option<PathBuf>,
    png: Option<PathBuf>,
    dpi: f64,
    overlay: bool,
    allow_overset: bool,
    allow_missing_glyphs: bool,
    json: bool,
}

fn render(args: &RenderArgs) -> u8 {
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
        err!("error: {e}");
        report.fail(&e);
        e.exit_code()
    };
    let rendered = match broadsheet::render(&args.spec) {
        Ok(r) => r,
        Err(e) => return fail(report, e),
    };
    report.add_render(&rendered.reports, &rendered.warnings);
    // For the test that a bug anywhere ends as exit 70 with nothing written.
    if std::env::var_os("BROADSHEET_INJECT_PANIC").is_some() {
        panic!("injected by BROADSHEET_INJECT_PANIC");
    }
    for r in &rendered.reports {
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
        say!(
            json,
            "{}: {used} of {} blocks used, lines {}{overset}",
            r.id,
            r.blocks.len(),
            blocks.join(" ")
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
