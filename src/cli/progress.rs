//! A progress bar on standard error for renders of many pages, when standard error is a
//! terminal (never in tests, pipes or CI logs).

use std::io::IsTerminal;
use std::sync::Arc;

use broadsheet::{Progress, Step};
use indicatif::{ProgressBar, ProgressStyle};

/// Whether a progress bar may be drawn: standard error is a terminal.
pub fn wanted() -> bool {
    std::io::stderr().is_terminal()
}

/// A bar of `len` steps, with what is being done beside it.
pub fn bar(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if let Ok(style) = ProgressStyle::with_template("{bar:30} {pos}/{len} {msg}") {
        bar.set_style(style);
    }
    bar
}

/// A listener that moves `bar` as a render composes its pages, writes and checks.
pub fn listener(bar: &ProgressBar) -> Progress {
    let bar = bar.clone();
    Progress(Arc::new(move |step| match step {
        // One call per page, from any thread in any order: count the calls.
        Step::Composed { of, .. } => {
            bar.set_length(of as u64);
            bar.inc(1);
            bar.set_message("pages composed");
        }
        Step::Writing => bar.set_message("writing the PDF"),
        Step::Checking => bar.set_message("preflight"),
    }))
}
