//! The `broadsheet` command.
//!
//! Exit codes are [`broadsheet::error::exit`]'s table; a panic anywhere is caught and
//! reported as an internal error (70) with nothing written.

#![forbid(unsafe_code)]

use std::path::PathBuf;
use std::process::ExitCode;

use broadsheet::error::exit;
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
    /// Renders the page of a layout spec, or every page of an edition, to PDF.
    Render {
        /// The layout spec, or an edition file (TOML).
        spec: PathBuf,
        /// Where to write the PDF.
        #[arg(short, long, value_name = "FILE.pdf", required_unless_present_any = ["png", "pages"])]
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
        /// The output profile, instead of the spec's `output.profile`: `pdfx-1a`,
        /// `pdfx-4` or `screen`.
        #[arg(long, value_parser = parse_profile)]
        profile: Option<broadsheet::plate::Profile>,
        /// Where to write the page when the preflight refuses it, for a look (never at -o).
        #[arg(long, value_name = "FILE.pdf")]
        proof: Option<PathBuf>,
        /// Of an edition, only the page with this label.
        #[arg(long, value_name = "LABEL")]
        page: Option<String>,
        /// Of an edition, one plate file per page into this folder, named by the edition's
        /// `files` template (each the same bytes as `--page LABEL -o`).
        #[arg(long, value_name = "DIR", conflicts_with_all = ["output", "page", "png"])]
        pages: Option<PathBuf>,
        /// Print how long each stage took (specs, load, flush, typeset, compose, write,
        /// preflight, and the finer stages within them) on standard error.
        #[arg(long)]
        timings: bool,
        /// Write the stages' times as a Chrome trace (JSON, for chrome://tracing or
        /// Perfetto) to this file.
        #[arg(long, value_name = "FILE.json")]
        trace: Option<PathBuf>,
        /// How errors about the inputs are shown: `human` (a snippet of the file, the
        /// mistake underlined), `short` (one line each) or `json`.
        #[arg(long, value_enum, default_value_t = cli::diagnostics::Format::Human)]
        diagnostic_format: cli::diagnostics::Format,
        /// Keep converted photos in this folder between runs (also `BROADSHEET_CACHE`): a
        /// photo already converted for the same placement and plate is not converted
        /// again. The output is the same bytes with or without it.
        #[arg(long, value_name = "DIR")]
        cache: Option<PathBuf>,
    },
    /// Lays out a spec or an edition as `render` would, without writing: the blocks used,
    /// overset and copy changes of every article, and the warnings (exit 3 on overset, 4
    /// on missing glyphs).
    Check {
        /// The layout spec, or an edition file (TOML).
        spec: PathBuf,
        /// Of an edition, only the page with this label.
        #[arg(long)]
        page: Option<String>,
        /// How to report: `text` or `json` (the versioned report).
        #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
        report: ReportFormat,
        /// Print how long each stage took on standard error.
        #[arg(long)]
        timings: bool,
        /// Write the stages' times as a Chrome trace (JSON, for chrome://tracing or
        /// Perfetto) to this file.
        #[arg(long, value_name = "FILE.json")]
        trace: Option<PathBuf>,
        /// How errors about the inputs are shown: `human` (a snippet of the file, the
        /// mistake underlined), `short` (one line each) or `json`.
        #[arg(long, value_enum, default_value_t = cli::diagnostics::Format::Human)]
        diagnostic_format: cli::diagnostics::Format,
    },
    /// Renders a spec or an edition, then again each time a file it read changes (the
    /// spec, a template, an article, a photo, a font), keeping what did not change; one
    /// status line per render. Runs until interrupted.
    Watch {
        /// The layout spec, or an edition file (TOML).
        spec: PathBuf,
        /// Where to write the PDF (replaced atomically after each render).
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
        /// Also write a PNG preview of each page into this folder.
        #[arg(long, value_name = "DIR")]
        png: Option<PathBuf>,
        /// Resolution of the PNG previews.
        #[arg(long, default_value_t = 72.0)]
        dpi: f64,
        /// Draw the grid, blocks, overset and underset on the previews.
        #[arg(long, requires = "png")]
        overlay: bool,
        /// The output profile, instead of the spec's `output.profile`.
        #[arg(long, value_parser = parse_profile)]
        profile: Option<broadsheet::plate::Profile>,
        /// Of an edition, only the page with this label.
        #[arg(long, value_name = "LABEL")]
        page: Option<String>,
        /// Clear the terminal before each render's status line.
        #[arg(long)]
        clear: bool,
        /// Print each render's stage times on standard error.
        #[arg(long)]
        timings: bool,
        /// Write each render's stage times as a Chrome trace (JSON) to this file,
        /// replaced after each render.
        #[arg(long, value_name = "FILE.json")]
        trace: Option<PathBuf>,
        /// Serve the preview in a browser at 127.0.0.1 (the URL, with its session token,
        /// is printed first): the pages as rasters of the written PDF, updated after each
        /// render, the overlay switchable, errors over the last good page, and a click on
        /// body text showing its article file:line:col.
        #[arg(long)]
        serve: bool,
        /// The port `--serve` listens on (0: any free port).
        #[arg(long, default_value_t = 0, requires = "serve")]
        port: u16,
        /// With `--serve`, the command that opens a clicked glyph's place, run without a
        /// shell: `{file}`, `{line}` and `{col}` are filled in (e.g. `code -g
        /// {file}:{line}:{col}`).
        #[arg(long, value_name = "COMMAND", requires = "serve")]
        editor: Option<String>,
        /// How errors about the inputs are shown: `human` (a snippet of the file, the
        /// mistake underlined), `short` (one line each) or `json`.
        #[arg(long, value_enum, default_value_t = cli::diagnostics::Format::Human)]
        diagnostic_format: cli::diagnostics::Format,
    },
    /// Lists fonts: the faces a spec (or an edition's pages) names, or every face of font
    /// files (.ttf, .otf, .ttc, .otc), with family, style, weight, face index, outline
    /// format, embedding permission and coverage of GB 2312 and 通用规范汉字表; without
    /// arguments, the face built into the binary. Exit 1 if a face cannot be used.
    Fonts {
        /// A layout spec or edition (.toml), or font files.
        files: Vec<PathBuf>,
        /// Print one JSON array instead of lines.
        #[arg(long)]
        json: bool,
    },
    /// Prints the JSON Schema of a kind of file (`spec`, the default; `template`;
    /// `edition`), every property described, for editors to complete and check specs; or
    /// with `--out DIR` writes all three (`spec.schema.json` …).
    Schema {
        /// `spec`, `template` or `edition`.
        kind: Option<String>,
        /// Write every schema into this folder instead.
        #[arg(long, value_name = "DIR", conflicts_with = "kind")]
        out: Option<PathBuf>,
    },
    /// Checks a PDF against an output profile (PDF/X-1a by default) and lists every
    /// violation with its page, object, severity and what to do.
    Preflight {
        /// The PDF to check.
        file: PathBuf,
        /// The profile to check against: `pdfx-1a`, `pdfx-4` or `screen`.
        #[arg(long, value_parser = parse_profile, default_value = "pdfx-1a")]
        profile: broadsheet::plate::Profile,
        /// Total ink limit in percent.
        #[arg(long, default_value_t = broadsheet::plate::DEFAULT_INK_LIMIT)]
        ink_limit: f64,
        /// Lowest image resolution in ppi.
        #[arg(long, default_value_t = broadsheet::plate::DEFAULT_MIN_PPI)]
        min_ppi: f64,
        /// Pages printed in black alone (`2,5`): any C, M, Y or colour image there fails.
        #[arg(long, value_delimiter = ',', value_name = "PAGES")]
        mono_pages: Vec<usize>,
        /// Print one JSON document instead of lines.
        #[arg(long)]
        json: bool,
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
pub(crate) enum GoldenAction {
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
pub(crate) struct LinesArgs {
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
pub(crate) enum Style {
    Quanjiao,
    Kaiming,
    Banjiao,
    Hangmobanjiao,
    None,
}

#[derive(Clone, Copy, clap::ValueEnum)]
pub(crate) enum Prohibit {
    None,
    Basic,
    Gb,
    Strict,
}

/// Prints a line on standard output; a closed or full standard output (`| head`,
/// `> /dev/full`) never stops the command: the outputs that matter are files.
macro_rules! out {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout(), $($arg)*);
    }};
}

/// Prints a line on standard error, likewise.
macro_rules! err {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr(), $($arg)*);
    }};
}

mod cli;

use cli::golden::golden;
use cli::lines::lines;
use cli::render::{RenderArgs, render};

fn parse_profile(name: &str) -> Result<broadsheet::plate::Profile, String> {
    broadsheet::plate::Profile::parse(name).ok_or_else(|| {
        let names: Vec<&str> = broadsheet::plate::Profile::ALL
            .iter()
            .map(|p| p.name())
            .collect();
        format!("`{name}` is not a profile; use one of {}", names.join(", "))
    })
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
    broadsheet::allocator::settle();
    let cli = Cli::parse();
    // A panic is a bug: say so once, and exit with the internal-error code; outputs are
    // written atomically, so nothing half-written is left.
    std::panic::set_hook(Box::new(|info| {
        // Caught inside a guarded decoder and reported as an error about its input.
        if broadsheet::guard::active() {
            return;
        }
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
            profile,
            proof,
            page,
            pages,
            timings,
            trace,
            diagnostic_format,
            cache,
        } => render(&RenderArgs {
            timings,
            trace,
            diagnostic_format,
            cache,
            profile,
            proof,
            page,
            pages,
            spec,
            output,
            png,
            dpi,
            overlay,
            allow_overset,
            allow_missing_glyphs,
            json: report == ReportFormat::Json,
            progress: cli::progress::wanted(),
        }),
        Command::Preflight {
            file,
            profile,
            ink_limit,
            min_ppi,
            mono_pages,
            json,
        } => cli::preflight::preflight(&file, profile, ink_limit, min_ppi, mono_pages, json),
        Command::Check {
            spec,
            page,
            report,
            timings,
            trace,
            diagnostic_format,
        } => cli::check::check(
            &spec,
            page,
            report == ReportFormat::Json,
            (timings, trace.as_deref()),
            diagnostic_format,
        ),
        Command::Watch {
            spec,
            output,
            png,
            dpi,
            overlay,
            profile,
            page,
            clear,
            timings,
            trace,
            diagnostic_format,
            serve,
            port,
            editor,
        } => cli::watch::watch(&cli::watch::WatchArgs {
            spec,
            output,
            png,
            dpi,
            overlay,
            profile,
            page,
            clear,
            timings,
            trace,
            diagnostic_format,
            serve: serve.then_some(port),
            editor,
        }),
        Command::Fonts { files, json } => cli::fonts::fonts(&files, json),
        Command::Schema { kind, out } => cli::schema::schema(kind.as_deref(), out.as_deref()),
        Command::Golden { action } => golden(action),
        Command::Lines(args) => lines(&args),
    }
}
