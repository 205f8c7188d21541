//! broadsheet composes Chinese newspaper pages and writes print-ready PDF.
//!
//! # Steps
//!
//! A page is made in one direction, each stage handing a named value to the next:
//!
//! 0. **Input** — every file a render reads comes through [`input::read`]: opened without
//!    blocking, a regular file, within its kind's size limit, recorded with its identity so
//!    no output may overwrite it.
//! 1. **Spec** — [`spec::parse`] turns the layout TOML into a validated
//!    [`spec::LayoutSpec`]: bounded numbers, trim, grid, fonts, styles (typed references),
//!    furniture boxes, rules, and each article's head, photo and threaded text blocks, none
//!    overlapping another unless allowed.
//! 2. **Content** — [`content::parse_article`], [`content::parse_furniture`],
//!    [`photo::probe_photo`] (headers only) and [`content::probe_artwork`] read what the
//!    editors and advertisers supplied; control characters are normalized and listed.
//! 3. **Fonts** — [`font::face_from_data`] loads exactly the faces the spec names into a
//!    [`font::FontBook`]; there is no system font lookup.
//! 4. **Shaping** — [`text::shape`] runs each paragraph through rustybuzz once.
//! 5. **Line breaking** — [`text::Breaker`] hands out lines for any measure, planned
//!    total-fit under the clreq rules, and [`text::commit`] squeezes or spreads them.
//! 6. **Flow** — [`flow::flow`] pulls lines into the blocks of an article's thread and
//!    reports what did not fit.
//! 7. **Composition** — [`compose::compose_page`] places heads, photos, captions, bodies,
//!    furniture and rules on the [`grid::PageGrid`], and keeps each article's
//!    [`ledger::Ledger`] of where its characters went.
//! 8. **Display list** — [`display::Document`]: positioned glyphs, images and rules.
//! 9. **PDF** — [`export::write_pdf`] writes the plate the [`plate::Plate`] asks for
//!    (PDF/X-1a by default, PDF/X-4, or screen): each face once as a subset, gray and CMYK
//!    JPEGs byte for byte, other photos decoded once and converted (newsprint formula or
//!    ICC), supplied PDFs as Form XObjects, black text overprinting, boxes, marks, output
//!    intent and a content-derived ID, all before its one save.
//! 10. **Preflight** — [`preflight::check`] reads the written file as a plant would and
//!     lists what does not conform ([`Rendered::preflight`]); the command line writes no
//!     plate that has an error (exit 7).
//! 11. **Pixels** — [`raster::rasterize`] renders the written PDF with hayro for previews
//!     ([`preview`], with the designer's [`compose::overlay`]) and [`golden`] images;
//!     nothing is drawn twice.
//!
//! An edition ([`edition::parse`], [`render_edition`]) runs steps 1–8 for each of its
//! pages, merges the display lists and faces, and runs steps 9–10 once for the issue.
//!
//! [`copyfit::copyfit`] runs steps 4–6 on plain text for a measure (`broadsheet lines`).
//! [`render`] runs all of it; [`write_atomic`] puts the bytes on disk so that an
//! interrupted run never leaves a half-written PDF; [`report::Report`] is what a run tells
//! (`--report json`), and [`error::exit`] the exit code it ends with.
//!
//! Layout never panics on content: a character no face can show, text that does not fit,
//! an emergency line break or a coarse photo is a [`Warning`]; bad input is an [`Error`]
//! naming the file, line and field.
//!
//! Dependencies point down this list only: `text` knows nothing of pages, and the PDF
//! writer knows only the display list and the fonts.

#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod compose;
pub mod content;
pub mod copyfit;
pub mod display;
pub mod edition;
pub mod error;
pub mod export;
pub mod flow;
pub mod font;
pub mod geom;
pub mod golden;
pub mod grid;
pub mod guard;
pub mod input;
pub mod ledger;
pub mod output;
pub mod photo;
pub mod plate;
pub mod preflight;
pub mod raster;
pub mod report;
pub mod spec;
pub mod style;
pub mod text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

pub use error::{Error, Result, Warning, Warnings};

/// A rendered page: the PDF bytes and what happened on the way.
#[derive(Debug)]
pub struct Rendered {
    /// The PDF file.
    pub pdf: Vec<u8>,
    /// The display list it was written from.
    pub document: display::Document,
    /// How each article used its thread.
    pub reports: Vec<compose::ArticleReport>,
    /// Warnings collected during layout.
    pub warnings: Warnings,
    /// The spec it was made from.
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

/// The most article text one render reads, all files together (a broadsheet page sets
/// about 20 KB; an edition of many pages is well within it).
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// Loads everything a spec names and composes its page as PDF.
pub fn render(spec_path: &Path) -> Result<Rendered> {
    render_with(spec_path, &Options::default())
}

/// What the command line may change of a spec's render.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// The output profile, instead of the spec's `output.profile`.
    pub profile: Option<plate::Profile>,
    /// Of an edition, only the page with this label (`--page`).
    pub page: Option<String>,
}

/// Renders a spec, with the command line's overrides.
pub fn render_with(spec_path: &Path, options: &Options) -> Result<Rendered> {
    let mut inputs = input::Inputs::default();
    let mut read = |path: &Path, kind: input::Kind| -> Result<input::Input> {
        let file = input::read(path, kind)?;
        inputs.record(&file);
        Ok(file)
    };
    let composed = compose_spec(spec_path, options, None, &mut read)?;
    let rules = rules_of(&composed.plate);
    write(composed, &rules, inputs)
}

/// Steps 9 and 10: the PDF of a composed document, and the plate's own preflight of it,
/// as the plant would run it.
fn write(composed: Composed, rules: &preflight::Rules, inputs: input::Inputs) -> Result<Rendered> {
    let Composed {
        spec,
        book,
        plate,
        document,
        reports,
        warnings,
    } = composed;
    let written = export::write_pdf(&document, &book, &plate)?;
    let preflight = preflight::check(&written.pdf, rules);
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

/// Renders a page spec or, if the file is an edition (it has an `[edition]` table), the
/// whole edition.
pub fn render_file(path: &Path, options: &Options) -> Result<Rendered> {
    let file = input::read(path, input::Kind::Spec)?;
    if edition::is_edition(spec::text(&file)?) {
        render_edition(path, options)
    } else if options.page.is_some() {
        Err(Error::Usage(format!(
            "--page: {} is a page spec, not an edition",
            path.display()
        )))
    } else {
        render_with(path, options)
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

/// Renders every page of an edition (`[edition]` and its `[[page]]`s) into one PDF: each
/// page spec composed in order, the faces of all pages merged (a font file named by many
/// pages is one face, subset once for the issue), then one write and one preflight.
/// Article ids in the reports are prefixed with their page label (`2/A5`).
pub fn render_edition(edition_path: &Path, options: &Options) -> Result<Rendered> {
    let mut inputs = input::Inputs::default();
    let mut read = |path: &Path, kind: input::Kind| -> Result<input::Input> {
        let file = input::read(path, kind)?;
        inputs.record(&file);
        Ok(file)
    };
    let file = read(edition_path, input::Kind::Spec)?;
    let edition = edition::parse(edition_path, spec::text(&file)?)?;
    let mut book = font::FontBook::default();
    let mut ids: Vec<(Option<input::FileId>, PathBuf)> = Vec::new();
    let mut document = display::Document::default();
    let mut reports = Vec::new();
    let mut warnings = Warnings::default();
    let mut first: Option<(spec::LayoutSpec, plate::Plate)> = None;
    let mut mono_pages = Vec::new();
    if let Some(label) = &options.page
        && !edition.pages.iter().any(|p| p.label == *label)
    {
        let labels: Vec<&str> = edition.pages.iter().map(|p| p.label.as_str()).collect();
        return Err(Error::Usage(format!(
            "--page {label}: the edition has pages {}",
            labels.join(", ")
        )));
    }
    let chosen = edition
        .pages
        .iter()
        .filter(|p| options.page.as_ref().is_none_or(|l| *l == p.label));
    for page in chosen {
        let at_line = |message: String| Error::Spec {
            file: edition.path.clone(),
            line: Some(page.line),
            field: format!("page {}", page.label),
            message,
        };
        // A page spec that cannot be read is named with the edition line that lists it.
        if let Err(e) = input::read(&page.spec, input::Kind::Spec) {
            return Err(at_line(e.to_string()));
        }
        let composed = compose_spec(&page.spec, options, Some((&edition, page)), &mut read)?;
        if let Some(date) = composed.spec.issue_date
            && date != edition.date
        {
            return Err(at_line(format!(
                "{} says the issue is of {date}, the edition of {}",
                page.spec.display(),
                edition.date
            )));
        }
        if let Some((_, plate)) = &first
            && plate.profile != composed.plate.profile
        {
            return Err(at_line(format!(
                "{} asks for {}, the edition's first page for {}; one issue is one profile",
                page.spec.display(),
                composed.plate.profile,
                plate.profile
            )));
        }
        // This page's faces in the edition's book: one face per font file.
        let fonts: Vec<font::FontId> = composed
            .book
            .into_faces()
            .into_iter()
            .map(|face| {
                let id = input::FileId::at(&face.path);
                match ids
                    .iter()
                    .position(|(i, p)| (id.is_some() && *i == id) || *p == face.path)
                {
                    Some(at) => font::FontId(at as u16),
                    None => {
                        ids.push((id, face.path.clone()));
                        book.push(face)
                    }
                }
            })
            .collect();
        let index = document.pages.len();
        document.append(composed.document, &fonts);
        if page.mono {
            document.make_black(index);
            mono_pages.push(index + 1);
        }
        for mut r in composed.reports {
            r.id = format!("{}/{}", page.label, r.id);
            reports.push(r);
        }
        warnings.adopt(composed.warnings, &page.label);
        if first.is_none() {
            first = Some((composed.spec, composed.plate));
        }
    }
    let (spec, mut plate) = first.ok_or_else(|| Error::Spec {
        file: edition.path.clone(),
        line: None,
        field: "page".into(),
        message: "the edition lists no pages".into(),
    })?;
    plate.title = format!("{} {}", edition.paper, edition.date.gregorian());
    plate.slug = plate.title.clone();
    plate.date = plate::PdfDate {
        year: edition.date.year,
        month: edition.date.month,
        day: edition.date.day,
    };
    document.title = plate.title.clone();
    let rules = preflight::Rules {
        mono_pages,
        ..rules_of(&plate)
    };
    write(
        Composed {
            spec,
            book,
            plate,
            document,
            reports,
            warnings,
        },
        &rules,
        inputs,
    )
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

/// A page spec composed: everything up to the display list.
struct Composed {
    spec: spec::LayoutSpec,
    book: font::FontBook,
    plate: plate::Plate,
    document: display::Document,
    reports: Vec<compose::ArticleReport>,
    warnings: Warnings,
}

/// Steps 1–8 for one page spec: reads (through `read`) and composes it; `page` is its
/// place in an edition, whose data fills the furniture.
fn compose_spec(
    spec_path: &Path,
    options: &Options,
    page: Option<(&edition::EditionSpec, &edition::PageEntry)>,
    read: &mut impl FnMut(&Path, input::Kind) -> Result<input::Input>,
) -> Result<Composed> {
    // 1. Spec.
    let spec_file = read(spec_path, input::Kind::Spec)?;
    let spec = spec::parse(spec_path, spec::text(&spec_file)?)?;

    // 2. Content: articles, furniture, photos.
    let mut furniture = match &spec.furniture {
        Some(path) => content::parse_furniture(path, read(path, input::Kind::Furniture)?.text()?)?,
        None => content::FurnitureFile::default(),
    };
    // The issue's date: the page's own, else its edition's (the edition refuses a page
    // that states another).
    if let Some(date) = spec.issue_date.or(page.map(|(e, _)| e.date)) {
        dated_furniture(date, &mut furniture)?;
    }
    if let Some((edition, entry)) = page {
        let mut values = vec![
            ("paper", edition.paper.clone()),
            ("page", entry.label.clone()),
            ("page_name", entry.name.clone()),
        ];
        if let Some(n) = edition.number {
            values.push(("issue_number", n.to_string()));
        }
        for (key, value) in values {
            set_furniture(&mut furniture, key, value, "the edition")?;
        }
    }
    let mut text_bytes = 0u64;
    let mut articles = Vec::with_capacity(spec.articles.len());
    let mut photo_files = Vec::new();
    for a in &spec.articles {
        let file = read(&a.file, input::Kind::Article)?;
        // All the text of one render within a budget, however many articles a spec names.
        text_bytes += file.bytes.len() as u64;
        if text_bytes > MAX_TEXT_BYTES {
            return Err(Error::Content {
                file: a.file.clone(),
                line: 1,
                message: format!(
                    "with the articles before it, this render's text is more than {} MiB, the most one render reads",
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
            });
        }
        let article = content::parse_article(&a.file, file.text()?)?;
        if article.id != a.id {
            return Err(Error::Content {
                file: a.file.clone(),
                line: 1,
                message: format!(
                    "the spec places this file as article `{}`, but its id is `{}`",
                    a.id, article.id
                ),
            });
        }
        if let (Some(path), Some(_)) = (&article.photo, &a.photo)
            && !photo_files.iter().any(|f: &input::Input| f.path == *path)
        {
            photo_files.push(read(path, input::Kind::Photo)?);
        }
        articles.push(article);
    }
    // Photos are probed from their headers here; their pixels are decoded (at most once,
    // no larger than they are placed) only where the plate cannot take the file as it is.
    let mut photos = BTreeMap::new();
    let mut decoded_whole = 0u64;
    for f in &photo_files {
        let photo = content::probe_photo(&f.path, std::sync::Arc::from(&*f.bytes))?;
        // JPEGs are decoded whole (to convert them, or to prove them whole): together
        // within one photo's budget.
        if photo.format == content::PhotoFormat::Jpeg {
            decoded_whole += photo.pixel_count();
            if decoded_whole > content::MAX_PIXELS {
                return Err(Error::Image {
                    path: f.path.clone(),
                    message: format!(
                        "with the photos before it, this render's photos have more than the {} megapixels one render may decode; scale them down",
                        content::MAX_PIXELS / 1_000_000
                    ),
                });
            }
        }
        photos.insert(f.path.clone(), photo);
    }
    drop(photo_files);

    // 3. Fonts.
    let mut book = font::FontBook::default();
    // In the spec's order, so that each `FontRef` is its face's id in the book.
    for f in &spec.fonts {
        // Say which line of the spec names the file, as well as what is wrong with it.
        let at_spec_line = |e: Error| Error::Spec {
            file: spec.path.clone(),
            line: Some(f.line),
            field: format!("fonts.{}", f.name),
            message: e.to_string(),
        };
        let file = read(&f.path, input::Kind::Font).map_err(at_spec_line)?;
        let face = font::face_from_data(&f.name, &f.path, file.bytes).map_err(at_spec_line)?;
        book.push(face);
    }

    // The plate, and supplied artwork checked against it: a page that does not fit the
    // profile is refused with the reasons, before it is placed.
    let plate = plate_of(&spec, options, read)?;
    let mut artworks = BTreeMap::new();
    for a in &spec.artworks {
        if artworks.contains_key(&a.file) {
            continue;
        }
        let file = read(&a.file, input::Kind::Pdf)?;
        let artwork = content::probe_artwork(&a.file, std::sync::Arc::from(&*file.bytes))?;
        let findings = preflight::check_artwork(&file.bytes, &rules_of(&plate));
        let errors: Vec<String> = findings.errors().map(|v| v.to_string()).collect();
        if !errors.is_empty() {
            return Err(Error::Content {
                file: a.file.clone(),
                line: 1,
                message: format!(
                    "supplied artwork does not fit the {} profile (spec line {}): {}",
                    plate.profile,
                    a.spec_line,
                    errors.join("; ")
                ),
            });
        }
        artworks.insert(a.file.clone(), artwork);
    }

    let edition = compose::Edition {
        furniture: furniture.entries.clone(),
        articles,
        photos,
        artworks,
    };

    // 4–8. Shaping, line breaking, flow and composition into a display list.
    let mut warnings = Warnings::default();
    let (document, reports) = compose::compose_page(&spec, &edition, &book, &mut warnings)?;
    locate_missing_glyphs(
        &spec,
        spec::text(&spec_file)?,
        &edition,
        &furniture,
        &mut warnings,
    );
    // Control characters normalized in the files, each listed.
    for (file, cleaned) in std::iter::once((&furniture.path, &furniture.cleaned))
        .chain(edition.articles.iter().map(|a| (&a.file, &a.cleaned)))
    {
        for c in cleaned {
            warnings.warn(Warning::Cleaned {
                file: file.clone(),
                detail: c.to_string(),
            });
        }
    }

    // A photo too coarse for print stops the render only where the spec says so.
    if spec.output.min_ppi_is_error
        && let Some(Warning::LowResolution { path, ppi }) = warnings
            .iter()
            .find(|w| matches!(w, Warning::LowResolution { .. }))
    {
        return Err(Error::Image {
            path: path.clone(),
            message: format!(
                "prints at {ppi:.0} ppi, under the {} ppi of output.min_ppi (output.min_ppi_is_error is set)",
                spec.output.min_ppi
            ),
        });
    }

    Ok(Composed {
        spec,
        book,
        plate,
        document,
        reports,
        warnings,
    })
}

/// The plate a spec asks for: its `[output]`, the command line's profile, the ICC
/// profile it names (read and checked), the issue date for the document's dates.
fn plate_of(
    spec: &spec::LayoutSpec,
    options: &Options,
    read: &mut impl FnMut(&Path, input::Kind) -> Result<input::Input>,
) -> Result<plate::Plate> {
    let out = &spec.output;
    let profile = options.profile.unwrap_or(out.profile);
    let date = spec
        .issue_date
        .map_or(plate::PdfDate::UNDATED, |d| plate::PdfDate {
            year: d.year,
            month: d.month,
            day: d.day,
        });
    let mut plate = plate::Plate::new(profile, &spec.name, date);
    plate.bleed = out.bleed;
    plate.marks = out.marks;
    plate.ink_limit = out.ink_limit;
    plate.min_ppi = out.min_ppi;
    plate.min_ppi_is_error = out.min_ppi_is_error;
    plate.max_ppi = out.max_ppi;
    plate.photos_gray = out.photos_gray;
    plate.condition = plate::Condition::Registered {
        name: out.condition.0.clone(),
        info: out.condition.1.clone(),
    };
    let spec_error = |line: usize, message: String| Error::Spec {
        file: spec.path.clone(),
        line: Some(line),
        field: "output.icc".into(),
        message,
    };
    match &out.icc {
        Some((path, line)) => {
            let file =
                read(path, input::Kind::Profile).map_err(|e| spec_error(*line, e.to_string()))?;
            let components = plate::IccProfile::check(&file.bytes)
                .and_then(|c| plate::IccProfile::fits(&file.bytes, profile).map(|()| c))
                .map_err(|m| spec_error(*line, format!("{}: {m}", path.display())))?;
            plate.condition = plate::Condition::Icc(plate::IccProfile {
                name: plate::IccProfile::description(&file.bytes).unwrap_or_else(|| {
                    path.file_name().map_or("output profile".into(), |n| {
                        n.to_string_lossy().into_owned()
                    })
                }),
                path: path.clone(),
                data: std::sync::Arc::new(file.bytes.to_vec()),
                components,
            });
        }
        None if profile.needs_embedded_profile() => {
            return Err(Error::Spec {
                file: spec.path.clone(),
                line: None,
                field: "output.icc".into(),
                message: format!(
                    "the {profile} profile embeds the paper's ICC output profile; name it with output.icc"
                ),
            });
        }
        None => {}
    }
    Ok(plate)
}

/// Gives each missing glyph the file, line and column where its character was written:
/// in its article's file, or (furniture) the furniture file, else the spec's text boxes.
/// Each file is scanned once, whatever the number of missing characters.
fn locate_missing_glyphs(
    spec: &spec::LayoutSpec,
    spec_source: &str,
    edition: &compose::Edition,
    furniture: &content::FurnitureFile,
    warnings: &mut Warnings,
) {
    use std::collections::BTreeSet;
    let mut wanted: BTreeMap<&str, BTreeSet<char>> = BTreeMap::new();
    for w in warnings.iter() {
        if let Warning::MissingGlyph { ch, owner, .. } = w {
            wanted.entry(owner.as_str()).or_default().insert(*ch);
        }
    }
    let mut found: BTreeMap<String, BTreeMap<char, (PathBuf, usize, usize)>> = BTreeMap::new();
    for (owner, chars) in &wanted {
        let at = |file: &Path, text: &str| {
            content::locate_all(text, chars)
                .into_iter()
                .map(|(c, (l, col))| (c, (file.to_path_buf(), l, col)))
                .collect::<BTreeMap<_, _>>()
        };
        let mut places = match edition.articles.iter().find(|a| a.id == *owner) {
            Some(a) => at(&a.file, &a.source),
            None => at(&furniture.path, &furniture.source),
        };
        if places.len() < chars.len() {
            for (c, place) in at(&spec.path, spec_source) {
                places.entry(c).or_insert(place);
            }
        }
        found.insert(owner.to_string(), places);
    }
    warnings.update(|w| {
        if let Warning::MissingGlyph {
            ch, owner, place, ..
        } = w
            && place.is_none()
        {
            *place = found.get(owner.as_str()).and_then(|p| p.get(ch)).cloned();
        }
    });
}

/// Preview pages of a render as pixels: the plate PDF rasterized as it is or, with
/// `overlay`, a copy of it with the designer's overlay drawn on top (the plate PDF itself
/// is never touched).
pub fn preview(rendered: &Rendered, dpi: f64, overlay: bool) -> Result<Vec<raster::Raster>> {
    let pdf = if overlay {
        let mut document = rendered.document.clone();
        let items = compose::overlay(&rendered.spec, &rendered.book, &rendered.reports);
        if let Some(page) = document.pages.first_mut() {
            page.items.extend(items);
        }
        export::write_pdf(&document, &rendered.book, &rendered.plate)?.pdf
    } else {
        rendered.pdf.clone()
    };
    let margin = trim_margin_px(&rendered.plate, dpi);
    Ok(raster::rasterize(&pdf, dpi, raster::Channels::Rgb)?
        .iter()
        .map(|p| p.inset(margin))
        .collect())
}

/// Pixels at `dpi` between a page's MediaBox and its TrimBox: previews and goldens show
/// the trim, as the reader will see the page.
pub fn trim_margin_px(plate: &plate::Plate, dpi: f64) -> u32 {
    (plate.media_margin().get() * dpi / 72.0).round() as u32
}

/// Adds the masthead's dates, which follow from the issue date, to the furniture; a
/// furniture file that prints a different date is refused rather than printed.
fn dated_furniture(date: spec::IssueDate, furniture: &mut content::FurnitureFile) -> Result<()> {
    let lunar = date.lunar().ok_or_else(|| Error::Content {
        file: furniture.path.clone(),
        line: 1,
        message: format!("no lunar date is known for {date}"),
    })?;
    let why = format!("the issue date {date}");
    for (key, value) in [
        ("date", date.gregorian()),
        ("weekday", date.weekday()),
        ("lunar_date", lunar),
    ] {
        set_furniture(furniture, key, value, &why)?;
    }
    Ok(())
}

/// Gives the furniture key `key` its value from `source` (the issue date, the edition); a
/// furniture file that prints a different one is refused rather than printed.
fn set_furniture(
    furniture: &mut content::FurnitureFile,
    key: &str,
    value: String,
    source: &str,
) -> Result<()> {
    match furniture.entries.get(key) {
        Some(given) if *given != value => Err(Error::Content {
            file: furniture.path.clone(),
            line: furniture.lines.get(key).copied().unwrap_or(1),
            message: format!("`{key}: {given}` contradicts {source}, which gives `{value}`"),
        }),
        _ => {
            furniture.entries.insert(key.to_string(), value);
            Ok(())
        }
    }
}

pub use output::{write_atomic, write_output};
