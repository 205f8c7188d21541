//! The subcommands of the `broadsheet` command, one file each.

use broadsheet::error::exit;

pub mod check;
pub mod diagnostics;
pub mod fonts;
pub mod golden;
pub mod lines;
pub mod preflight;
pub mod progress;
pub mod render;
pub mod schema;
pub mod serve;
pub mod watch;

/// Largest preview or golden resolution; the page's size may lower it further
/// ([`broadsheet::raster::MAX_PIXELS`]).
const MAX_DPI: f64 = 1200.0;

pub fn check_dpi(dpi: f64) -> Option<u8> {
    if dpi.is_finite() && dpi > 0.0 && dpi <= MAX_DPI {
        None
    } else {
        err!("error: --dpi: expected a resolution above 0 and at most {MAX_DPI}, found {dpi}");
        Some(exit::USAGE)
    }
}
