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
        #[arg(short, long, value_name = "FILE.pdf")]
        output: PathBuf,
        /// Write the PDF and exit 0 even if some text did not fit.
        #[arg(long)]
        allow_overset: bool,
    },
    /// Sets text from standard input (paragraphs separated by blank lines) at a measure and
    /// prints the lines, as page rendering would set them, and their count.
    Lines(LinesArgs),
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
        Command::Render { spec, output, allow_overset } => render(&spec, &output, allow_overset),
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
        m.trim_end_matches("em").trim().parse().map(|v: f64| Em(v).at(size))
    };
    let Ok(measure) = parsed else {
        eprintln!("error: --measure: expected ems (13, 13em), millimetres (40mm) or points (117pt), found `{m}`");
        return ExitCode::from(2);
    };
    let mut book = broadsheet::font::FontBook::default();
    let face = match &args.font {
        Some(path) => broadsheet::font::load_face("body", path),
        None => broadsheet::font::face_from_bytes("body", std::path::Path::new("<bundled NotoSerifSC-Regular>"), BUNDLED_SONG.to_vec()),
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
    let paragraphs: Vec<String> = input
        .split("\n\n")
        .map(|p| p.lines().map(str::trim).collect::<Vec<_>>().join(""))
        .filter(|p| !p.is_empty())
        .collect();
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
        println!("{}", serde_json::to_string_pretty(&json).expect("serializable"));
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

fn render(spec: &std::path::Path, output: &std::path::Path, allow_overset: bool) -> ExitCode {
    let rendered = match broadsheet::render(spec) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    for report in &rendered.reports {
        let blocks: Vec<String> = report.blocks.iter().map(|(used, of)| format!("{used}/{of}")).collect();
        let used = report.blocks.iter().filter(|(u, _)| *u > 0).count();
        print!("{}: {used} of {} blocks used, lines {}", report.id, report.blocks.len(), blocks.join(" "));
        match report.overset {
            Some(o) => println!(", OVERSET {} characters ({} lines)", o.chars, o.lines),
            None => println!(),
        }
    }
    for w in rendered.warnings.iter() {
        eprintln!("warning: {w}");
    }
    if rendered.has_overset() && !allow_overset {
        eprintln!("error: text did not fit; {} not written (use --allow-overset to write it anyway)", output.display());
        return ExitCode::from(EXIT_OVERSET);
    }
    if let Err(e) = broadsheet::write_atomic(output, &rendered.pdf) {
        eprintln!("error: {e}");
        return ExitCode::FAILURE;
    }
    println!("wrote {} ({} bytes)", output.display(), rendered.pdf.len());
    ExitCode::SUCCESS
}
