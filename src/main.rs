//! The `broadsheet` command.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Composes Chinese newspaper pages from a layout spec and writes print-ready PDF.
#[derive(Parser)]
#[command(version, about)]
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
        /// Write the PDF and exit 0 even if some text did not fit.
        #[arg(long)]
        allow_overset: bool,
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

/// Exit code for text that did not fit.
const EXIT_OVERSET: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render {
            spec,
            output,
            png,
            dpi,
            overlay,
            allow_overset,
        } => render(
            &spec,
            output.as_deref(),
            png.as_deref(),
            dpi,
            overlay,
            allow_overset,
        ),
        Command::Golden { action } => golden(action),
        Command::Lines(args) => lines(&args),
    }
}

/// The body face, built in so `broadsheet lines` works anywhere.
const BUNDLED_SONG: &[u8] = include_bytes!("../fonts/NotoSerifSC-Regular.ttf");

fn lines(args: &LinesArgs) -> ExitCode {
    use broadsheet::geom::{Em, Mm, Pt};
    use broadsheet::text::{Prohibition, PunctStyle};

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
    let measure = match parsed {
        Ok(measure) if measure > Pt::ZERO && measure.get().is_finite() => measure,
        _ => {
            eprintln!(
                "error: --measure: expected a positive length in ems (13, 13em), millimetres (40mm) or points (117pt), found `{m}`"
            );
            return ExitCode::from(2);
        }
    };
    if !(args.size > 0.0 && args.size.is_finite()) {
        eprintln!(
            "error: --size: expected a positive size in points, found {}",
            args.size
        );
        return ExitCode::from(2);
    }
    let mut book = broadsheet::font::FontBook::default();
    let face = match &args.font {
        Some(path) => broadsheet::font::load_face("body", path),
        None => broadsheet::font::face_from_bytes(
            "body",
            std::path::Path::new("<bundled NotoSerifSC-Regular>"),
            BUNDLED_SONG.to_vec(),
        ),
    };
    let font = match face {
        Ok(f) => book.push(f),
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let mut input = String::new();
    if let Err(e) = std::io::Read::read_to_string(&mut std::io::stdin(), &mut input) {
        eprintln!("error: standard input: {e}");
        return ExitCode::FAILURE;
    }
    // The same paragraph rules as article files.
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
    let mut warnings = broadsheet::Warnings::default();
    let lines = broadsheet::copyfit::copyfit(&book, &paragraphs, &options, &mut warnings);
    for w in warnings.iter() {
        eprintln!("warning: {w}");
    }
    if args.json {
        let json: Vec<serde_json::Value> = lines
            .iter()
            .map(|l| {
                serde_json::json!({
                    "paragraph": l.paragraph,
                    "text": l.text,
                    "width": round(l.width),
                    "chars": l.chars.iter().map(|c| serde_json::json!({
                        "char": c.ch.to_string(), "x": round(c.x), "advance": round(c.advance),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        println!(
            "{}",
            serde_json::to_string_pretty(&json).expect("serializable")
        );
    } else {
        for l in &lines {
            println!("{}", l.text);
        }
        println!("{} lines", lines.len());
    }
    ExitCode::SUCCESS
}

/// Rounds to 1/10000 em, so printed positions do not carry float noise.
fn round(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// Largest preview or golden resolution: a broadsheet page at 1200 dpi is already
/// 18,000 × 25,000 pixels.
const MAX_DPI: f64 = 1200.0;

fn check_dpi(dpi: f64) -> Option<ExitCode> {
    if dpi > 0.0 && dpi <= MAX_DPI {
        None
    } else {
        eprintln!("error: --dpi: expected a resolution above 0 and at most {MAX_DPI}, found {dpi}");
        Some(ExitCode::from(2))
    }
}

fn golden(action: GoldenAction) -> ExitCode {
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
            eprintln!("error: {}: no *.toml specs in this folder", dir.display());
            return ExitCode::FAILURE;
        }
        Ok(cases) => cases,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
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
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for path in &summary.blessed {
        println!("blessed {}", path.display());
    }
    for orphan in &summary.orphans {
        println!("orphaned golden (no spec makes it): {}", orphan.display());
    }
    if bless {
        return ExitCode::SUCCESS;
    }
    for row in &summary.rows {
        if row.ok {
            println!("ok      {}", row.name);
        } else {
            println!(
                "DIFFERS {}: {} pixels {}",
                row.name, row.differing, row.note
            );
        }
    }
    if let Some(report) = &summary.report {
        println!("report: {}", report.display());
    }
    let failed = summary.failures().count();
    println!("{} passed, {} failed", summary.rows.len() - failed, failed);
    if failed > 0 || !summary.orphans.is_empty() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

fn render(
    spec: &std::path::Path,
    output: Option<&std::path::Path>,
    png: Option<&std::path::Path>,
    dpi: f64,
    overlay: bool,
    allow_overset: bool,
) -> ExitCode {
    if png.is_some()
        && let Some(code) = check_dpi(dpi)
    {
        return code;
    }
    let rendered = match broadsheet::render(spec) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for report in &rendered.reports {
        let blocks: Vec<String> = report
            .blocks
            .iter()
            .map(|(used, of)| format!("{used}/{of}"))
            .collect();
        let used = report.blocks.iter().filter(|(u, _)| *u > 0).count();
        print!(
            "{}: {used} of {} blocks used, lines {}",
            report.id,
            report.blocks.len(),
            blocks.join(" ")
        );
        match report.overset {
            Some(o) => println!(", OVERSET {} characters ({} lines)", o.chars, o.lines),
            None => println!(),
        }
    }
    for w in rendered.warnings.iter() {
        eprintln!("warning: {w}");
    }
    // Previews first: a designer needs to see an overset page too.
    if let Some(dir) = png {
        let pages = match broadsheet::preview(&rendered, dpi, overlay) {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
        };
        let stem = spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "page".into());
        for (i, page) in pages.iter().enumerate() {
            let path = broadsheet::golden::golden_path(dir, &stem, i);
            if let Err(e) =
                broadsheet::write_atomic(&path, &broadsheet::raster::encode_png_fast(page))
            {
                eprintln!("error: {e}");
                return ExitCode::FAILURE;
            }
            println!(
                "wrote {} ({}×{} px)",
                path.display(),
                page.width,
                page.height
            );
        }
    }
    if rendered.has_overset() && !allow_overset {
        if let Some(output) = output {
            eprintln!(
                "error: text did not fit; {} not written (use --allow-overset to write it anyway)",
                output.display()
            );
        } else {
            eprintln!("error: text did not fit");
        }
        return ExitCode::from(EXIT_OVERSET);
    }
    if let Some(output) = output {
        if let Err(e) = broadsheet::write_atomic(output, &rendered.pdf) {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
        println!("wrote {} ({} bytes)", output.display(), rendered.pdf.len());
    }
    ExitCode::SUCCESS
}
