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
}

/// Exit code for text that did not fit.
const EXIT_OVERSET: u8 = 3;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Command::Render { spec, output, allow_overset } => render(&spec, &output, allow_overset),
    }
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
