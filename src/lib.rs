//! broadsheet composes Chinese newspaper pages and writes print-ready PDF.
//!
//! # Steps
//!
//! A page is made in one direction, each stage handing a named value to the next:
//!
//! 1. **Spec** — [`spec::load`] reads the layout TOML into a validated [`spec::LayoutSpec`]:
//!    trim, grid, fonts, styles, furniture boxes, rules, and each article's head, photo and
//!    threaded text blocks.
//! 2. **Content** — [`content::load_article`], [`content::load_furniture`] and
//!    [`content::load_photo`] read what the editors supplied.
//! 3. **Fonts** — [`font::load_face`] loads exactly the faces the spec names into a
//!    [`font::FontBook`]; there is no system font lookup.
//! 4. **Shaping** — [`text::shape`] runs each paragraph through rustybuzz once.
//! 5. **Line breaking** — [`text::Breaker`] hands out lines for any measure, planned
//!    total-fit under the clreq rules, and [`text::commit`] squeezes or spreads them.
//! 6. **Flow** — [`flow::flow`] pulls lines into the blocks of an article's thread and
//!    reports what did not fit.
//! 7. **Composition** — [`compose::compose_page`] places heads, photos, captions, bodies,
//!    furniture and rules on the [`grid::PageGrid`].
//! 8. **Display list** — [`display::Document`]: positioned glyphs, images and rules.
//! 9. **PDF** — [`export::write_pdf`] embeds each face once as a subset and writes the page.
//! 10. **Pixels** — [`raster::rasterize`] renders the written PDF with hayro for previews
//!     ([`preview`], with the designer's [`compose::overlay`]) and [`golden`] images;
//!     nothing is drawn twice.
//!
//! [`copyfit::copyfit`] runs steps 4–6 on plain text for a measure (`broadsheet lines`).
//! [`render`] runs all of it; [`write_atomic`] puts the bytes on disk so that an
//! interrupted run never leaves a half-written PDF.
//!
//! Dependencies point down this list only: `text` knows nothing of pages, and the PDF
//! writer knows only the display list and the fonts.

#![warn(missing_docs)]

pub mod compose;
pub mod content;
pub mod copyfit;
pub mod display;
pub mod error;
pub mod export;
pub mod flow;
pub mod font;
pub mod geom;
pub mod golden;
pub mod grid;
pub mod raster;
pub mod spec;
pub mod style;
pub mod text;

use std::collections::BTreeMap;
use std::io::Write;
use std::path::Path;

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
}

impl Rendered {
    /// Whether any text did not fit.
    pub fn has_overset(&self) -> bool {
        self.warnings.overset().next().is_some()
    }
}

/// Loads everything a spec names and composes its page as PDF.
pub fn render(spec_path: &Path) -> Result<Rendered> {
    // 1. Spec.
    let spec = spec::load(spec_path)?;

    // 2. Content: articles, furniture, photos.
    let mut furniture = match &spec.furniture {
        Some(path) => content::load_furniture(path)?,
        None => content::Furniture::new(),
    };
    if let Some(date) = spec.issue_date {
        dated_furniture(&spec, date, &mut furniture)?;
    }
    let mut articles = Vec::with_capacity(spec.articles.len());
    let mut photo_paths = Vec::new();
    for a in &spec.articles {
        let article = content::load_article(&a.file)?;
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
        if let (Some(path), Some(_)) = (&article.photo, &a.photo) {
            photo_paths.push(path.clone());
        }
        articles.push(article);
    }
    // Photos decode in parallel; the first error in spec order is the one reported.
    let decoded: Vec<Result<content::Photo>> = {
        use rayon::prelude::*;
        photo_paths
            .par_iter()
            .map(|p| content::load_photo(p))
            .collect()
    };
    let mut photos = BTreeMap::new();
    for (path, photo) in photo_paths.into_iter().zip(decoded) {
        photos.insert(path, photo?);
    }
    let edition = compose::Edition {
        furniture,
        articles,
        photos,
    };

    // 3. Fonts.
    let mut book = font::FontBook::default();
    for (name, path) in &spec.fonts {
        // Say which line of the spec names the file, as well as what is wrong with it.
        let face = font::load_face(name, path).map_err(|e| Error::Spec {
            file: spec.path.clone(),
            line: spec.font_lines.get(name).copied(),
            field: format!("fonts.{name}"),
            message: e.to_string(),
        })?;
        book.push(face);
    }

    // 4–8. Shaping, line breaking, flow and composition into a display list.
    let mut warnings = Warnings::default();
    let (document, reports) = compose::compose_page(&spec, &edition, &book, &mut warnings)?;

    // 9. PDF.
    let pdf = export::write_pdf(&document, &book)?;
    Ok(Rendered {
        pdf,
        document,
        reports,
        warnings,
        spec,
        book,
    })
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
        export::write_pdf(&document, &rendered.book)?
    } else {
        rendered.pdf.clone()
    };
    raster::rasterize(&pdf, dpi, raster::Channels::Rgb)
}

/// Adds the masthead's dates, which follow from the issue date, to the furniture; a
/// furniture file that prints a different date is refused rather than printed.
fn dated_furniture(
    spec: &spec::LayoutSpec,
    date: spec::IssueDate,
    furniture: &mut content::Furniture,
) -> Result<()> {
    let lunar = date.lunar().expect("validated when the spec was read");
    for (key, value) in [
        ("date", date.gregorian()),
        ("weekday", date.weekday()),
        ("lunar_date", lunar),
    ] {
        match furniture.get(key) {
            Some(given) if *given != value => {
                let file = spec.furniture.clone().unwrap_or_default();
                let line = std::fs::read_to_string(&file)
                    .ok()
                    .and_then(|t| {
                        t.lines()
                            .position(|l| l.trim_start().starts_with(&format!("{key}:")))
                    })
                    .map_or(1, |i| i + 1);
                return Err(Error::Content {
                    file,
                    line,
                    message: format!(
                        "`{key}: {given}` contradicts the issue date {date}, which gives `{value}`"
                    ),
                });
            }
            _ => {
                furniture.insert(key.to_string(), value);
            }
        }
    }
    Ok(())
}

/// Writes a file atomically: to a temporary file beside it, synced, then renamed over it.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    // Renaming over /dev/null or a pipe would replace it with a regular file.
    if let Ok(meta) = std::fs::metadata(path)
        && !meta.is_file()
    {
        return Err(Error::io(
            path,
            std::io::Error::other("exists and is not a regular file; not replacing it"),
        ));
    }
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(|e| Error::io(dir, e))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "out".into());
    let tmp = dir.join(format!(".{name}.{}.part", std::process::id()));
    let result = (|| {
        let mut file = std::fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&tmp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        Error::io(path, e)
    })
}
