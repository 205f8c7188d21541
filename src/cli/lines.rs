//! `broadsheet lines`: plain text set at a measure, line by line, through the page's code.

use std::io::{Read, Write};
use std::path::Path;

use broadsheet::error::exit;
use broadsheet::spec::limits;

use super::super::{LinesArgs, Prohibit, Style};

/// The body face, built in so `broadsheet lines` works anywhere.
pub(crate) const BUNDLED_SONG: &[u8] = include_bytes!("../../fonts/NotoSerifSC-Regular.ttf");

pub fn lines(args: &LinesArgs) -> u8 {
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
