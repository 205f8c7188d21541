//! The glue of the pipeline: a page spec or an edition read, its pages laid out
//! ([`issue`]: steps 1–8 for every page, stories flowed across pages), then written and
//! preflighted once (steps 9–10), and previewed (step 11).

mod flush;
mod furniture;
mod issue;
mod load;
mod preview;
mod session;
mod stories;
mod trace;

pub use load::MAX_TEXT_BYTES;
pub use preview::{Picture, preview, preview_page, redraw_page, trim_margin_px};
pub use session::{Session, SessionStats};
pub use trace::{Traced, point_of_pixel, trace};

use std::path::Path;

use crate::error::{Error, Result, Warning, Warnings};
use crate::{compose, display, edition, export, font, input, plate, preflight, spec};
use load::PageRef;

/// A rendered page or edition: the PDF bytes and what happened on the way.
#[derive(Debug)]
pub struct Rendered {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// The display list it was written from.
    pub document: display::Document,
    /// How each article (in an edition, each part of a story) used its blocks.
    pub reports: Vec<compose::ArticleReport>,
    /// Warnings collected during layout.
    pub warnings: Warnings,
    /// The spec it was made from (of an edition, its first page's).
    pub spec: spec::LayoutSpec,
    /// The faces it used.
    pub book: font::FontBook,
    /// Every file it read.
    pub inputs: input::Inputs,
    /// What the PDF was made for.
    pub plate: plate::Plate,
    /// What became of each photo (embedded as it came, or converted).
    pub images: Vec<export::ImageReport>,
    /// The preflight of the written PDF against its profile.
    pub preflight: preflight::Findings,
}

impl Rendered {
    /// Whether any text did not fit.
    pub fn has_overset(&self) -> bool {
        self.warnings.overset().next().is_some()
    }

    /// Whether text of an article has no place on the page: a part the spec gives no area
    /// (a headline without a head area, a caption without a photo).
    pub fn has_unplaced_text(&self) -> bool {
        self.reports.iter().any(|r| r.ledger.unplaced > 0)
    }

    /// Whether any character could not be shown by any face of its style.
    pub fn has_missing_glyphs(&self) -> bool {
        self.warnings
            .iter()
            .any(|w| matches!(w, Warning::MissingGlyph { .. }))
    }
}

/// What the command line may change of a spec's render.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The output profile, instead of the spec's `output.profile`.
    pub profile: Option<plate::Profile>,
    /// Of an edition, only the page with this label (`--page`).
    pub page: Option<String>,
    /// Told how far the render is (a progress bar on a terminal); never changes the output.
    pub progress: Option<Progress>,
    /// Records how long each stage takes (`--timings`); never changes the output.
    pub timings: Option<Timings>,
    /// A folder that keeps converted photos and their measured ink between processes
    /// (`--cache`); never changes the output.
    pub cache: Option<std::path::PathBuf>,
}

pub use crate::timing::Timings;

/// How far a render is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// `done` of `of` pages are composed (pages are composed in parallel, so calls may come
    /// from several threads, in any order of pages).
    Composed {
        /// Pages composed so far.
        done: usize,
        /// Pages to compose.
        of: usize,
    },
    /// The PDF is being written.
    Writing,
    /// The written PDF is being preflighted.
    Checking,
}

/// A listener for [`Step`]s, called from any thread.
#[derive(Clone)]
pub struct Progress(pub std::sync::Arc<dyn Fn(Step) + Send + Sync>);

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Progress")
    }
}

impl Options {
    /// Runs `f` as a stage, timed if timings are asked for.
    fn time<T>(&self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let _scope = crate::timing::scope(stage);
        f()
    }

    /// Installs the timings asked for, if any, for one render (see [`crate::timing`]).
    fn record(&self) -> Option<crate::timing::Recording> {
        self.timings.as_ref().map(Timings::record)
    }

    /// Tells the listener, if any.
    fn tell(&self, step: Step) {
        if let Some(p) = &self.progress {
            (p.0)(step);
        }
    }
}

/// Reads a file a render needs (through [`input::read`]), recording it.
type Reader<'a> = dyn FnMut(&Path, input::Kind) -> Result<input::Input> + 'a;

/// Loads everything a spec names and composes its page as PDF.
pub fn render(spec_path: &Path) -> Result<Rendered> {
    render_with(spec_path, &Options::default())
}

/// Renders a page spec, with the command line's overrides.
pub fn render_with(spec_path: &Path, options: &Options) -> Result<Rendered> {
    Session::once().render_page(spec_path, options)
}

/// Renders a page spec or, if the file is an edition (it has an `[edition]` table), the
/// whole edition.
pub fn render_file(path: &Path, options: &Options) -> Result<Rendered> {
    Session::once().render(path, options)
}

/// Renders every page of an edition (`[edition]` and its `[[page]]`s) into one PDF, or
/// with `options.page` the one page (laying out the pages its stories come from). Stories
/// run across pages with jump lines; a font file named by many pages is one face, subset
/// once for the issue; one write and one preflight. Article ids in the reports are
/// prefixed with their page label (`2/A5`).
pub fn render_edition(edition_path: &Path, options: &Options) -> Result<Rendered> {
    Session::once().render_edition(edition_path, options)
}

/// Lays out a page spec or an edition (steps 1–8) without writing: what `broadsheet
/// check` runs on every save.
pub fn check_file(path: &Path, options: &Options) -> Result<Checked> {
    Session::once().check(path, options)
}

impl Session {
    /// Renders a page spec or, if the file is an edition, the edition (as
    /// [`render_file`]), taking what earlier renders of the session made from the same
    /// inputs.
    pub fn render(&mut self, path: &Path, options: &Options) -> Result<Rendered> {
        let _recording = options.record();
        self.files.begin();
        let file = self.files.read(path, input::Kind::Spec)?;
        if edition::is_edition(spec::text(&file)?) {
            self.render_edition(path, options)
        } else if options.page.is_some() {
            Err(Error::Usage(format!(
                "--page: {} is a page spec, not an edition",
                path.display()
            )))
        } else {
            self.render_page(path, options)
        }
    }

    /// Renders a page spec (as [`render_with`]).
    pub fn render_page(&mut self, spec_path: &Path, options: &Options) -> Result<Rendered> {
        let _recording = options.record();
        self.files.begin();
        let mut inputs = input::Inputs::default();
        let Self { files, memo, .. } = self;
        let mut read = |path: &Path, kind: input::Kind| -> Result<input::Input> {
            let file = files.read(path, kind)?;
            inputs.record(&file);
            Ok(file)
        };
        let page = PageRef {
            spec: spec_path.to_path_buf(),
            entry: None,
        };
        let composed = issue::compose_issue(None, &[page], None, options, &mut read, memo)?;
        let rules = rules_of(&composed.plate);
        let rendered = write(composed, &rules, inputs, options, memo)?;
        self.files.sweep();
        Ok(rendered)
    }

    /// Renders an edition (as [`render_edition`]).
    pub fn render_edition(&mut self, edition_path: &Path, options: &Options) -> Result<Rendered> {
        let _recording = options.record();
        self.files.begin();
        let mut inputs = input::Inputs::default();
        let Self { files, memo, .. } = self;
        let mut read = |path: &Path, kind: input::Kind| -> Result<input::Input> {
            let file = files.read(path, kind)?;
            inputs.record(&file);
            Ok(file)
        };
        let file = read(edition_path, input::Kind::Spec)?;
        let edition = edition::parse(edition_path, spec::text(&file)?)?;
        let (only, pages) = selection(&edition, options)?;
        let mut composed =
            issue::compose_issue(Some(&edition), &pages, only, options, &mut read, memo)?;
        let plate = &mut composed.plate;
        plate.title = format!("{} {}", edition.paper, edition.date.gregorian());
        if let Some(name) = &edition.name {
            plate.title = format!("{} {name}", plate.title);
        }
        plate.slug = plate.title.clone();
        plate.date = plate::PdfDate {
            year: edition.date.year,
            month: edition.date.month,
            day: edition.date.day,
        };
        composed.document.title = plate.title.clone();
        let rules = preflight::Rules {
            mono_pages: composed.mono_pages.clone(),
            ..rules_of(&composed.plate)
        };
        let rendered = write(composed, &rules, inputs, options, memo)?;
        self.files.sweep();
        Ok(rendered)
    }

    /// Lays out a page spec or an edition without writing (as [`check_file`]).
    pub fn check(&mut self, path: &Path, options: &Options) -> Result<Checked> {
        let _recording = options.record();
        self.files.begin();
        let Self { files, memo, .. } = self;
        let mut read = |path: &Path, kind: input::Kind| files.read(path, kind);
        let file = read(path, input::Kind::Spec)?;
        let composed = if edition::is_edition(spec::text(&file)?) {
            let edition = edition::parse(path, spec::text(&file)?)?;
            let (only, pages) = selection(&edition, options)?;
            issue::compose_issue(Some(&edition), &pages, only, options, &mut read, memo)?
        } else {
            let page = PageRef {
                spec: path.to_path_buf(),
                entry: None,
            };
            issue::compose_issue(None, &[page], None, options, &mut read, memo)?
        };
        self.files.sweep();
        Ok(Checked {
            pages: composed.document.pages.len(),
            reports: composed.reports,
            warnings: composed.warnings,
        })
    }
}

/// The labels of an edition's pages and the file name each page's plate gets
/// (`[edition] files`, default `{label}.pdf`); `None` for a page spec.
pub fn edition_pages(path: &Path) -> Result<Option<Vec<(String, String)>>> {
    let file = input::read(path, input::Kind::Spec)?;
    let text = spec::text(&file)?;
    if !edition::is_edition(text) {
        return Ok(None);
    }
    let edition = edition::parse(path, text)?;
    Ok(Some(
        edition
            .pages
            .iter()
            .map(|p| (p.label.clone(), edition.file_name(p)))
            .collect(),
    ))
}

/// What a check finds: everything a render does but writing and preflighting the PDF.
#[derive(Debug)]
pub struct Checked {
    /// How each article (each part of a story) used its blocks.
    pub reports: Vec<compose::ArticleReport>,
    /// Warnings collected during layout.
    pub warnings: Warnings,
    /// Pages laid out.
    pub pages: usize,
}

impl Checked {
    /// Whether any text did not fit, or has no place on the page.
    pub fn has_overset(&self) -> bool {
        self.warnings.overset().next().is_some()
            || self.reports.iter().any(|r| r.ledger.unplaced > 0)
    }

    /// Whether any character could not be shown by any face of its style.
    pub fn has_missing_glyphs(&self) -> bool {
        self.warnings
            .iter()
            .any(|w| matches!(w, Warning::MissingGlyph { .. }))
    }
}

/// An edition's pages to lay out, and of them the one `--page` asks for (an unknown label
/// is a usage error listing the edition's pages). The edition parser refuses an edition
/// of no pages.
fn selection<'e>(
    edition: &'e edition::EditionSpec,
    options: &Options,
) -> Result<(Option<usize>, Vec<PageRef<'e>>)> {
    let only = match &options.page {
        None => None,
        Some(label) => Some(
            edition
                .pages
                .iter()
                .position(|p| p.label == *label)
                .ok_or_else(|| {
                    let labels: Vec<&str> =
                        edition.pages.iter().map(|p| p.label.as_str()).collect();
                    Error::Usage(format!(
                        "--page {label}: the edition has pages {}",
                        labels.join(", ")
                    ))
                })?,
        ),
    };
    let pages = edition
        .pages
        .iter()
        .map(|p| PageRef {
            spec: p.spec.clone(),
            entry: Some(p),
        })
        .collect();
    Ok((only, pages))
}

/// The preflight rules a plate is made to.
fn rules_of(plate: &plate::Plate) -> preflight::Rules {
    preflight::Rules {
        profile: plate.profile,
        ink_limit: plate.ink_limit,
        min_ppi: plate.min_ppi,
        mono_pages: Vec::new(),
    }
}

/// Pages composed: everything up to the display list.
struct Composed {
    spec: spec::LayoutSpec,
    book: font::FontBook,
    plate: plate::Plate,
    document: display::Document,
    reports: Vec<compose::ArticleReport>,
    warnings: Warnings,
    /// Pages (1-based) printed in black alone.
    mono_pages: Vec<usize>,
}

/// Steps 9 and 10: the PDF of a composed document, and the plate's own preflight of it,
/// as the plant would run it.
fn write(
    composed: Composed,
    rules: &preflight::Rules,
    inputs: input::Inputs,
    options: &Options,
    memo: &mut session::Memo,
) -> Result<Rendered> {
    let Composed {
        spec,
        book,
        plate,
        document,
        reports,
        warnings,
        mono_pages: _,
    } = composed;
    options.tell(Step::Writing);
    if let Some(dir) = &options.cache {
        memo.export.cache = Some(export::PhotoCache::open(dir)?);
        memo.preflight.disk = Some(preflight::InkCache::open(dir)?);
    }
    // Each photo's ink is measured as soon as the photo is made, for the preflight of the
    // file below.
    let ink = &memo.preflight;
    let (written, ahead) = options.time("write", || {
        export::write_pdf_each_image(&document, &book, &plate, &mut memo.export, |image| {
            ink.measure_ahead(image, rules)
        })
    })?;
    memo.preflight.expect(ahead.into_iter().flatten());
    options.tell(Step::Checking);
    let preflight = options.time("preflight", || {
        preflight::check_with(&written.pdf, rules, &mut memo.preflight)
    });
    Ok(Rendered {
        preflight,
        pdf: written.pdf,
        images: written.images,
        plate,
        document,
        reports,
        warnings,
        spec,
        book,
        inputs,
    })
}
