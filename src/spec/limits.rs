//! The documented bounds of a spec's numbers (`docs/spec.md`, "Limits"): generous for any
//! real newspaper, small enough that no arithmetic on them can overflow or exhaust memory.

/// Trim width and height, mm (a broadsheet is 390 × 540).
pub const PAGE_MM: (f64, f64) = (10.0, 2000.0);
/// Grid columns.
pub const COLUMNS: u32 = 32;
/// Body characters per column.
pub const COLUMN_CHARS: u32 = 100;
/// Gutter in body characters.
pub const GUTTER_CHARS: u32 = 10;
/// Characters a line of a text block may hold (a broadsheet's widest, 8 columns of 13
/// and their gutters, is 111): the line breaker's work grows with the measure.
pub const MEASURE_CHARS: u32 = 200;
/// Lines per column.
pub const LINES: u32 = 2000;
/// Any type size, leading or line pitch, pt.
pub const SIZE_PT: (f64, f64) = (1.0, 720.0);
/// A first-line indent, in ems.
pub const INDENT_EM: f64 = 20.0;
/// A rule's weight, pt.
pub const RULE_PT: f64 = 72.0;
/// Fallback faces per style.
pub const FALLBACKS: usize = 4;
/// Articles, text boxes, rules and styles: each at most this many.
pub const ITEMS: usize = 1000;
/// Faces (each is mapped and parsed: a thousand entries naming one 10 MB file would
/// take half a gigabyte).
pub const FONTS: usize = 32;
/// Fewest Han characters asked of a paragraph's last line.
pub const LAST_LINE_HAN: u8 = 10;

/// A number within bounds, or the message that says which.
pub(super) fn within(x: f64, (lo, hi): (f64, f64), unit: &str) -> std::result::Result<f64, String> {
    if x.is_finite() && x >= lo && x <= hi {
        Ok(x)
    } else {
        Err(format!(
            "must be a finite number from {lo} to {hi} {unit}, found {x}"
        ))
    }
}
