//! Our own preflight: any PDF checked against an output profile, each violation with its
//! page, object, severity and what to do about it.
//!
//! No free tool validates PDF/X, so the print desk gets this one; `render` runs it on its
//! own output before anything is written. The checks follow ISO 15930 and the GWG
//! newspaper rules as the architecture notes list them:
//!
//! - [`document`]: version and forbidden features, IDs, Info and XMP keys, the output intent;
//! - [`page`]: boxes on every page, annotations, then its content;
//! - [`paint`]: the content of pages and Form XObjects, operator by operator (graphics
//!   state, colour spaces including named ones and inline images, transparency, fonts,
//!   images), read by [`operations`] (as lopdf reads a content stream, without building
//!   the strings and arrays no check reads), and [`verdicts`]: what each fill, stroke and
//!   glyph is judged by (RGB, overprint of black text and of white, ink limit, newsprint
//!   minimums);
//! - [`image`]: images' colour, soft masks, resolution where placed, and the ink of CMYK
//!   pixels (measured in parallel once the pages are read);
//! - [`space`] resolves colour spaces, [`area`] boxes and inherited keys.
//!
//! The parser reads files from outside, so it runs under [`crate::guard`] and is fuzzed.

mod area;
mod cache;
mod document;
mod image;
mod operations;
mod page;
mod paint;
mod space;
mod verdicts;

pub use crate::plate::JPEG_TOLERANCE;
pub use cache::InkCache;
pub use image::OVER_SHARE;

use std::fmt;

use crate::plate::Profile;

/// An image XObject: its dictionary, its bytes as stored, and the ink of the samples it
/// was encoded from, where the writer counted them.
pub type ImageObject<'a> = (
    &'a lopdf::Dictionary,
    &'a [u8],
    Option<&'a crate::plate::InkCount>,
);

/// What a file is checked against.
#[derive(Debug, Clone, PartialEq)]
pub struct Rules {
    /// The output profile.
    pub profile: Profile,
    /// Total ink limit in percent.
    pub ink_limit: f64,
    /// Lowest effective resolution of an image, ppi.
    pub min_ppi: f64,
    /// Pages (1-based) printed in black alone: any C, M, Y or colour image there is an
    /// error.
    pub mono_pages: Vec<usize>,
}

impl Rules {
    /// The rules of a profile with the defaults of [`crate::plate`].
    pub fn new(profile: Profile) -> Self {
        Self {
            profile,
            ink_limit: crate::plate::DEFAULT_INK_LIMIT,
            min_ppi: crate::plate::DEFAULT_MIN_PPI,
            mono_pages: Vec::new(),
        }
    }
}

/// How bad a violation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The plant would have to look at it.
    Warning,
    /// The file does not conform; a plate-setter would refuse it.
    Error,
}

/// One thing wrong with a file.
#[derive(Debug, Clone, PartialEq)]
pub struct Violation {
    /// 1-based page, or `None` for the document.
    pub page: Option<usize>,
    /// The object: `12 0 R`, a resource name, or the Info key.
    pub object: String,
    /// How bad.
    pub severity: Severity,
    /// A short, stable name for the check (`rgb-fill`, `trim-outside-bleed`, …).
    pub check: &'static str,
    /// What is wrong.
    pub message: String,
    /// What to do.
    pub fix: String,
}

impl fmt::Display for Violation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let place = match self.page {
            Some(p) => format!("page {p}"),
            None => "document".into(),
        };
        write!(
            f,
            "{sev}: {place}, {}: [{}] {}; {}",
            self.object, self.check, self.message, self.fix
        )
    }
}

/// What a preflight found.
#[derive(Debug, Clone, PartialEq)]
pub struct Findings {
    /// The profile checked against.
    pub profile: Profile,
    /// Pages in the file.
    pub pages: usize,
    /// Violations in document, page and content order.
    pub violations: Vec<Violation>,
}

impl Findings {
    /// The violations that make the file fail.
    pub fn errors(&self) -> impl Iterator<Item = &Violation> {
        self.violations
            .iter()
            .filter(|v| v.severity == Severity::Error)
    }

    /// Whether the file passes (warnings allowed).
    pub fn passes(&self) -> bool {
        self.errors().next().is_none()
    }

    /// The findings as JSON (version 1).
    pub fn to_json(&self) -> String {
        let list: Vec<serde_json::Value> = self
            .violations
            .iter()
            .map(|v| {
                serde_json::json!({
                    "page": v.page,
                    "object": v.object,
                    "severity": match v.severity { Severity::Error => "error", Severity::Warning => "warning" },
                    "check": v.check,
                    "message": v.message,
                    "fix": v.fix,
                })
            })
            .collect();
        serde_json::json!({
            "version": 1,
            "profile": self.profile.name(),
            "pages": self.pages,
            "passes": self.passes(),
            "violations": list,
        })
        .to_string()
    }
}

/// Collects violations while a file is read.
#[derive(Debug, Default)]
pub(crate) struct Log {
    violations: Vec<Violation>,
    deferred: Vec<InkJob>,
}

/// The pixels of a CMYK image, measured for ink once every page has been read.
#[derive(Debug)]
pub(crate) struct InkJob {
    page: usize,
    label: String,
    stream: lopdf::Stream,
    w: usize,
    h: usize,
    limit: f64,
}

impl Log {
    /// Takes in what another log collected, as if it had been logged here (one report per
    /// fault and object still).
    fn adopt(&mut self, other: Log) {
        for v in other.violations {
            let Violation {
                page,
                object,
                severity,
                check,
                message,
                fix,
            } = v;
            self.push(severity, page, object, check, message, fix);
        }
        self.deferred.extend(other.deferred);
    }

    pub(crate) fn defer(&mut self, job: InkJob) {
        self.deferred.push(job);
    }

    /// Measures the deferred images, in parallel, except those `memo` measured before;
    /// findings in the order they were met.
    fn run_deferred(&mut self, memo: &mut Memo) {
        use rayon::prelude::*;
        let jobs = std::mem::take(&mut self.deferred);
        let keys: Vec<InkKey> = jobs.par_iter().map(InkKey::of).collect();
        let ahead = std::mem::take(&mut memo.ahead);
        let taken = std::sync::atomic::AtomicUsize::new(0);
        let found: Vec<(InkFinding, bool)> = jobs
            .par_iter()
            .zip(&keys)
            .map(|(j, key)| {
                if let Some(found) = memo.ink(key) {
                    return (found, true);
                }
                if let Some((_, found)) = ahead.iter().find(|(k, _)| k == key) {
                    taken.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                    return found.clone();
                }
                memo.kept_or_measured(key, || {
                    let (dict, content) = (&j.stream.dict, &j.stream.content);
                    image::ink(dict, content, j.w, j.h, j.limit)
                })
            })
            .collect();
        memo.taken_ahead = taken.into_inner();
        memo.record(keys.into_iter().zip(found.iter().cloned()).collect());
        for (job, (finding, _)) in jobs.iter().zip(found) {
            if let Some((check, message, fix)) = finding {
                self.error(Some(job.page), job.label.clone(), check, message, fix);
            }
        }
    }

    fn push(
        &mut self,
        severity: Severity,
        page: Option<usize>,
        object: impl Into<String>,
        check: &'static str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        let v = Violation {
            page,
            object: object.into(),
            severity,
            check,
            message: message.into(),
            fix: fix.into(),
        };
        // One report per fault and object: a page of 5,000 glyphs in RGB is one finding.
        if !self
            .violations
            .iter()
            .any(|o| o.page == v.page && o.check == v.check && o.object == v.object)
        {
            self.violations.push(v);
        }
    }

    pub(crate) fn error(
        &mut self,
        page: Option<usize>,
        object: impl Into<String>,
        check: &'static str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(Severity::Error, page, object, check, message, fix);
    }

    pub(crate) fn warn(
        &mut self,
        page: Option<usize>,
        object: impl Into<String>,
        check: &'static str,
        message: impl Into<String>,
        fix: impl Into<String>,
    ) {
        self.push(Severity::Warning, page, object, check, message, fix);
    }
}

/// What an image's ink check found: the check, the message and the fix, if it failed.
type InkFinding = Option<(&'static str, String, &'static str)>;

/// An image's ink check, compared whole: a digest of what the measurement reads.
#[derive(PartialEq)]
struct InkKey {
    /// SHA-256 of everything the measurement reads: the entries of the image's dictionary
    /// it reads, its bytes, its size and the limit.
    digest: [u8; 32],
}

impl InkKey {
    fn new(dict: &lopdf::Dictionary, content: &[u8], w: usize, h: usize, limit: f64) -> Self {
        use sha2::{Digest, Sha256};
        let mut hash = Sha256::new();
        for key in [b"Filter".as_slice(), b"BitsPerComponent", b"Decode"] {
            hash.update(format!("{:?}\n", dict.get(key).ok()));
        }
        hash.update((content.len() as u64).to_le_bytes());
        hash.update(content);
        hash.update((w as u64).to_le_bytes());
        hash.update((h as u64).to_le_bytes());
        hash.update(limit.to_bits().to_le_bytes());
        Self {
            digest: hash.finalize().into(),
        }
    }

    fn of(job: &InkJob) -> Self {
        Self::new(
            &job.stream.dict,
            &job.stream.content,
            job.w,
            job.h,
            job.limit,
        )
    }
}

/// An image's ink measured before the check of the file that carries it
/// ([`Memo::measure_ahead`]).
pub struct Ahead {
    key: InkKey,
    /// The finding, and whether it came from the disk cache.
    found: (InkFinding, bool),
}

/// What a long-lived session keeps between two preflights: the ink measured of each CMYK
/// image (decoding the pixels is most of a preflight), for the next check of a file that
/// carries the same image. Only the latest check's are kept.
#[derive(Default)]
pub struct Memo {
    keep: bool,
    /// The ink measurements kept on disk, if asked for.
    pub disk: Option<InkCache>,
    inks: Vec<(InkKey, InkFinding)>,
    /// Measured while the file was being written ([`Memo::measure_ahead`]), for the check
    /// of that file ([`Memo::expect`]).
    ahead: Vec<(InkKey, (InkFinding, bool))>,
    /// Images whose ink the latest check took from [`Memo::measure_ahead`].
    pub taken_ahead: usize,
    /// Images measured anew.
    pub measured: usize,
    /// Measurements taken from an earlier check.
    pub reused: usize,
}

impl Memo {
    /// A memo that keeps what it measures (a session's); the default keeps nothing.
    pub fn keeping() -> Self {
        Self {
            keep: true,
            ..Self::default()
        }
    }

    fn ink(&self, key: &InkKey) -> Option<InkFinding> {
        self.inks
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, f)| f.clone())
    }

    /// Measures the ink of a CMYK image about to be written (its XObject's dictionary and
    /// bytes), as soon as it is made, for the check of the file that will carry it
    /// ([`Memo::expect`]): that check takes the measurement only for an image whose bytes,
    /// size and every dictionary entry the measurement reads are the same, and measures any
    /// other afresh. `None` for an image the check will not measure, or measured before.
    ///
    /// Where the writer counted the ink of the samples it encoded (a photo it converted),
    /// that count is the measurement: the image is not decoded again to learn what its
    /// writer already knows, and the JPEG's overshoot of those samples is what the
    /// tolerance allows for (the disk cache keeps it as it keeps a decoded measurement).
    /// `broadsheet preflight FILE` knows no such count and decodes.
    pub fn measure_ahead(&self, image: ImageObject<'_>, rules: &Rules) -> Option<Ahead> {
        let (dict, content, count) = image;
        let cmyk = dict
            .get(b"ColorSpace")
            .and_then(lopdf::Object::as_name)
            .ok();
        if rules.profile == Profile::Screen || cmyk != Some(b"DeviceCMYK") {
            return None;
        }
        let size = |k: &[u8]| {
            dict.get(k)
                .and_then(lopdf::Object::as_i64)
                .ok()
                .and_then(|v| usize::try_from(v).ok())
        };
        let (w, h) = (size(b"Width")?, size(b"Height")?);
        if (w as u64).saturating_mul(h as u64) > image::MAX_PIXELS {
            return None;
        }
        let key = InkKey::new(dict, content, w, h, rules.ink_limit);
        if self.ink(&key).is_some() {
            return None;
        }
        let _scope = crate::timing::scope("ink");
        let found = self.kept_or_measured(&key, || {
            count
                .and_then(|count| image::ink_of_samples(count, dict, w, h, rules.ink_limit))
                .unwrap_or_else(|| image::ink(dict, content, w, h, rules.ink_limit))
        });
        Some(Ahead { key, found })
    }

    /// The finding the disk cache kept for `key` (and `true`), or `measure`'s, kept there
    /// for next time (and `false`).
    fn kept_or_measured(
        &self,
        key: &InkKey,
        measure: impl FnOnce() -> InkFinding,
    ) -> (InkFinding, bool) {
        if let Some(found) = self.disk.as_ref().and_then(|d| d.get(key)) {
            return (found, true);
        }
        let found = measure();
        if let Some(disk) = &self.disk {
            disk.put(key, &found);
        }
        (found, false)
    }

    /// Hands the next check the measurements [`Memo::measure_ahead`] made.
    pub fn expect(&mut self, ahead: impl IntoIterator<Item = Ahead>) {
        self.ahead = ahead.into_iter().map(|a| (a.key, a.found)).collect();
    }

    fn record(&mut self, inks: Vec<(InkKey, (InkFinding, bool))>) {
        for (_, (_, reused)) in &inks {
            match reused {
                true => self.reused += 1,
                false => self.measured += 1,
            }
        }
        if self.keep {
            self.inks = inks.into_iter().map(|(k, (f, _))| (k, f)).collect();
        }
    }
}

/// Checks a PDF file against `rules`. A file that cannot be read at all is one violation
/// (`unreadable`), never a panic.
pub fn check(pdf: &[u8], rules: &Rules) -> Findings {
    checked(pdf, rules, Whole::File, &mut Memo::default())
}

/// Checks a PDF file as [`check`] does, taking the ink of images that `memo` measured in
/// an earlier check; the findings are the same.
pub fn check_with(pdf: &[u8], rules: &Rules, memo: &mut Memo) -> Findings {
    checked(pdf, rules, Whole::File, memo)
}

/// Checks page 1 of a supplied PDF (an ad, a nameplate) for placing on a plate made for
/// `rules`: what it brings onto the page — its content, fonts, colour, transparency, ink,
/// filters — but not the file's own identification, boxes or output intent, which the
/// plate's replace.
pub fn check_artwork(pdf: &[u8], rules: &Rules) -> Findings {
    checked(pdf, rules, Whole::FirstPage, &mut Memo::default())
}

#[derive(Clone, Copy, PartialEq)]
enum Whole {
    File,
    FirstPage,
}

fn checked(pdf: &[u8], rules: &Rules, whole: Whole, memo: &mut Memo) -> Findings {
    let mut log = Log::default();
    let read = crate::guard::run(|| check_inner(pdf, rules, whole, &mut log, memo))
        .unwrap_or_else(|panic| Err(format!("the PDF parser failed on this file ({panic})")));
    let pages = read.unwrap_or_else(|message| {
        log.error(None, "file", "unreadable", message, "re-export the PDF");
        0
    });
    Findings {
        profile: rules.profile,
        pages,
        violations: log.violations,
    }
}

/// Largest stream a preflight decompresses.
pub(crate) const MAX_STREAM: usize = 256 * 1024 * 1024;

fn check_inner(
    pdf: &[u8],
    rules: &Rules,
    whole: Whole,
    log: &mut Log,
    memo: &mut Memo,
) -> Result<usize, String> {
    let options = lopdf::LoadOptions {
        max_decompressed_size: Some(MAX_STREAM),
        ..Default::default()
    };
    let doc = {
        let _scope = crate::timing::scope("parse");
        lopdf::Document::load_mem_with_options(pdf, options)
            .map_err(|e| format!("the file cannot be parsed as PDF: {e}"))?
    };
    let pages = doc.get_pages();
    match whole {
        Whole::File => {
            use rayon::prelude::*;
            // The document and its pages checked in parallel, each into a log of its own,
            // then taken in that order as if checked one after another (the same findings,
            // in the same order).
            let list: Vec<(u32, lopdf::ObjectId)> = pages.iter().map(|(n, id)| (*n, *id)).collect();
            let (document_log, logs) = rayon::join(
                || {
                    let _scope = crate::timing::scope("document");
                    let mut document_log = Log::default();
                    // On a worker, guarded as the whole check is (a parser's panic is
                    // reported as the file's, quietly).
                    crate::guard::within(|| document::check(pdf, &doc, rules, &mut document_log));
                    document_log
                },
                || -> Vec<Log> {
                    list.par_iter()
                        .map(|&(n, id)| {
                            let _scope = crate::timing::scope("pages");
                            let mut page_log = Log::default();
                            crate::guard::within(|| {
                                page::check(&doc, n as usize, id, rules, true, &mut page_log)
                            });
                            page_log
                        })
                        .collect()
                },
            );
            log.adopt(document_log);
            for page_log in logs {
                log.adopt(page_log);
            }
        }
        Whole::FirstPage => {
            if doc.trailer.has(b"Encrypt") {
                log.error(
                    None,
                    "trailer",
                    "encrypted",
                    "the file is encrypted",
                    "export it without security",
                );
            }
            document::forbidden_features(pdf, &doc, rules.profile, false, log);
            if let Some(id) = pages.get(&1) {
                page::check(&doc, 1, *id, rules, false, log);
            }
        }
    }
    log.run_deferred(memo);
    Ok(pages.len())
}

/// `12 0 R`.
pub(crate) fn obj_name(id: lopdf::ObjectId) -> String {
    format!("{} {} R", id.0, id.1)
}
