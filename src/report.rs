//! The report of a run, as one versioned JSON document (`broadsheet render --report json`).
//!
//! Every command that reports builds on this document instead of inventing its own: a
//! render fills in the articles (blocks, overset, underset, the character ledger) and the
//! warnings; a failed run still gets a report, with its error and exit code. Fields are
//! only ever added; a change of meaning raises [`VERSION`].

use serde::Serialize;

use crate::compose::ArticleReport;
use crate::error::{Error, exit};
use crate::ledger::Ledger;

/// The report format's version.
pub const VERSION: u32 = 1;

/// A run's report.
#[derive(Debug, Clone, Serialize)]
pub struct Report {
    /// Always [`VERSION`].
    pub version: u32,
    /// The command (`render`).
    pub command: String,
    /// The spec it read.
    pub spec: String,
    /// The exit code of the run ([`exit`]).
    pub exit_code: u8,
    /// The outcome in one word: `ok`, `input-error`, `overset`, `missing-glyphs`,
    /// `output-error`, `usage-error`, `internal-error`.
    pub status: &'static str,
    /// The error that stopped the run, if one did.
    pub error: Option<String>,
    /// The error as diagnostics (code, message, help, and each place with file, line,
    /// column and byte offsets), when it is about an input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub diagnostics: Option<serde_json::Value>,
    /// Per article: block use, overset, underset and the character ledger.
    pub articles: Vec<ArticleEntry>,
    /// Everything that was noticed, in order.
    pub warnings: Vec<WarningEntry>,
    /// Files written.
    pub outputs: Vec<String>,
}

/// One article of a [`Report`]; in an edition, one part of a story on one page (a story
/// that jumps has an entry per page it is on, `1/A1` and `2/A1`).
#[derive(Debug, Clone, Serialize)]
pub struct ArticleEntry {
    /// The article id (`2/A1` in an edition: page label and id).
    pub id: String,
    /// The label of its page, in an edition.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<String>,
    /// Where the story jumps: the pages it goes on to and comes from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub jump: Option<JumpEntry>,
    /// Per block of its thread on this page, in order.
    pub blocks: Vec<BlockEntry>,
    /// Text that did not fit.
    pub overset: Option<OversetEntry>,
    /// Lines left empty in its blocks.
    pub underset_lines: u32,
    /// The copy change that would make it end flush (`cut 38 characters`, `2 lines short
    /// (about 26 characters)`), if it does not.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub copy: Option<String>,
    /// What the render moved for the article to end flush (`photo 2 lines taller`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub adjusted: Vec<String>,
    /// Where every character of the article went.
    pub ledger: Ledger,
}

/// A story's jumps from one of its parts (转版).
#[derive(Debug, Clone, Serialize)]
pub struct JumpEntry {
    /// The page it goes on to (（下转第X版）).
    pub to: Option<String>,
    /// The page it comes from (（上接第Y版）).
    pub from: Option<String>,
}

/// One block of an article's thread.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct BlockEntry {
    /// Lines set.
    pub used: u32,
    /// Lines it offers text: its lines, less a line a jump line takes (（下转…） at the
    /// foot of the last block a story leaves a page from, （上接…） at the head of the first
    /// where it comes in).
    pub lines: u32,
}

/// Overset of an article.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct OversetEntry {
    /// Characters not set: of the body, the head deck, the caption and the credit.
    pub chars: usize,
    /// Lines the body's overset would take at its last block's measure.
    pub lines: usize,
}

/// One warning of a [`Report`].
#[derive(Debug, Clone, Serialize)]
pub struct WarningEntry {
    /// Its kind, one word: `overset`, `missing-glyph`, `low-resolution`, …
    pub kind: &'static str,
    /// The message as the command prints it.
    pub message: String,
}

impl Report {
    /// An empty report of `command` on `spec`.
    pub fn new(command: &str, spec: &std::path::Path) -> Self {
        Self {
            version: VERSION,
            command: command.to_string(),
            spec: spec.display().to_string(),
            exit_code: exit::OK,
            status: "ok",
            error: None,
            diagnostics: None,
            articles: Vec::new(),
            warnings: Vec::new(),
            outputs: Vec::new(),
        }
    }

    /// Fills in what a render found.
    pub fn add_render(&mut self, reports: &[ArticleReport], warnings: &crate::Warnings) {
        self.articles = reports
            .iter()
            .map(|r| ArticleEntry {
                id: r.id.clone(),
                page: r.page.clone(),
                jump: (r.jumps_to.is_some() || r.jumps_from.is_some()).then(|| JumpEntry {
                    to: r.jumps_to.clone(),
                    from: r.jumps_from.clone(),
                }),
                blocks: r
                    .blocks
                    .iter()
                    .map(|&(used, lines)| BlockEntry { used, lines })
                    .collect(),
                overset: (r.ledger.overset > 0).then(|| OversetEntry {
                    chars: r.ledger.overset,
                    lines: r.overset.map_or(0, |o| o.lines),
                }),
                underset_lines: if r.ledger.overset > 0 || r.ledger.jumped > 0 {
                    0
                } else {
                    r.blocks.iter().map(|(used, of)| of - used).sum()
                },
                ledger: r.ledger.clone(),
                copy: r.copy_change().map(|c| c.to_string()),
                adjusted: r.adjusted.clone(),
            })
            .collect();
        self.warnings = warnings
            .iter()
            .map(|w| WarningEntry {
                kind: w.kind(),
                message: w.to_string(),
            })
            .collect();
    }

    /// Records the error that stopped the run.
    pub fn fail(&mut self, error: &Error) {
        self.set_exit(error.exit_code());
        self.error = Some(error.to_string());
        self.diagnostics = error.diagnostics().map(|d| crate::diagnostic::json(&d));
    }

    /// Sets the exit code and the status word that goes with it.
    pub fn set_exit(&mut self, code: u8) {
        self.exit_code = code;
        self.status = match code {
            exit::OK => "ok",
            exit::INPUT => "input-error",
            exit::USAGE => "usage-error",
            exit::OVERSET => "overset",
            exit::MISSING_GLYPHS => "missing-glyphs",
            exit::OUTPUT => "output-error",
            exit::GOLDEN_DIFFERS => "golden-differs",
            exit::PREFLIGHT => "preflight-failed",
            _ => "internal-error",
        };
    }

    /// The document as pretty JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}
