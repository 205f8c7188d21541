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
//!    overlapping another unless allowed. A validation pass first checks the file against
//!    its own JSON Schema ([`spec::schema`]) and its style and face names, and reports every
//!    mistake at once as [`diagnostic::Diagnostic`]s with stable codes.
//! 2. **Content** — [`content::parse_article`], [`content::parse_furniture`],
//!    [`photo::probe_photo`] (headers only) and [`content::probe_artwork`] read what the
//!    editors and advertisers supplied; control characters are normalized and listed.
//! 3. **Fonts** — [`font::face_from_data`] loads exactly the faces the spec names into a
//!    [`font::FontBook`]; there is no system font lookup.
//! 4. **Shaping** — [`text::shape`] runs each paragraph through rustybuzz once.
//! 5. **Line breaking** — [`text::Breaker`] hands out lines for the measures of the lines
//!    to come ([`text::Measures`]: each line its own), planned total-fit under the clreq
//!    rules with every candidate line measured in constant time ([`text::Meter`]), and
//!    [`text::commit`] squeezes or spreads them.
//! 6. **Flow** — [`compose::slots`] turns an article's blocks (given, or derived from its
//!    shape; split into columns, 破栏; cut round wrap objects, 图文互斥) into slots;
//!    [`compose::Body::typeset`] shapes each story once and [`flow::flow`] pulls its lines
//!    into its thread of slots, which in an edition runs over several pages (转版: a line
//!    reserved at each jump for （下转第X版） and （上接第Y版））; balanced by groups of
//!    side-by-side blocks; an article may move its photo's or head's foot to end flush;
//!    what did not fit, or what is left empty, is reported as a copy change.
//! 7. **Composition** — [`compose::compose_page`] places heads (horizontal, fitted across
//!    or on balanced lines; or vertical, 竖排), photos, captions, the parts
//!    of stories on the page with their jump lines and repeated heads, furniture and rules
//!    on the [`grid::PageGrid`], and keeps each part's [`ledger::Ledger`] of where its
//!    characters went; a page's articles are composed in parallel and placed in reading
//!    order.
//! 8. **Display list** — [`display::Document`]: positioned glyphs, images and rules.
//! 9. **PDF** — [`export::write_pdf`] writes the plate the [`plate::Plate`] asks for
//!    (PDF/X-1a by default, PDF/X-4, or screen): each face once as a subset, gray and CMYK
//!    JPEGs byte for byte, other photos decoded once and converted (newsprint formula or
//!    ICC), supplied PDFs as Form XObjects, black text overprinting, boxes, marks, output
//!    intent and a content-derived ID, all before its one save. printpdf makes the document
//!    and the fonts; each page's content stream is written straight to bytes (a `Tm` and a
//!    kerned `TJ` a line). Faces are subset, photos converted (a strip of rows at a time,
//!    from libjpeg-turbo's decoder through the formula to its encoder) and pages' content
//!    written in parallel; an [`export::PhotoCache`] can keep
//!    converted photos on disk between processes (`--cache`). The bytes are the same on
//!    any number of threads and any CPU.
//! 10. **Preflight** — [`preflight::check`] reads the written file as a plant would and
//!     lists what does not conform ([`Rendered::preflight`]), its pages and the document's
//!     own checks in parallel; the
//!     command line writes no plate that has an error (exit 7). A photo's ink is measured
//!     as soon as step 9 makes it ([`preflight::Memo::measure_ahead`]), from the count
//!     the encoder kept of the samples it was given ([`plate::InkCount`]) for a photo it
//!     converted, else by decoding; the check takes that measurement for an image of the
//!     same bytes and entries.
//! 11. **Pixels** — [`raster::rasterize`] renders the written PDF with hayro for previews
//!     ([`preview`], with the designer's [`compose::overlay`]; [`preview_page`] one page in
//!     tiles drawn in parallel) and [`golden`] images; nothing is drawn twice. [`trace`]
//!     takes a point of a page back to the body glyph there and the article file's line
//!     and column it was written at (`watch --serve`'s click).
//!
//! The [`render`] module is the glue. A page spec is an issue of one page; an edition
//! ([`edition::parse`], [`render_edition`]) lists its pages in order. Every page's spec is
//! read and the stories linked across pages first; then stories are flowed edition-wide
//! (in parallel, one story each) and pages composed in parallel, merged in page order; then
//! steps 9–10 run once for the issue.
//!
//! A [`Session`] keeps what a render read and made for the next (`broadsheet watch`):
//! files by fingerprint, parsed faces, each story's typeset body keyed on its inputs, each
//! face's subset for its glyph set, converted photos and their measured ink; an edit costs
//! the stories it touched, and the bytes out are those of a fresh render.
//!
//! [`copyfit::copyfit`] runs steps 4–6 on plain text for a measure (`broadsheet lines`).
//! [`render`] runs all of it; [`write_atomic`] puts the bytes on disk so that an
//! interrupted run never leaves a half-written PDF; [`report::Report`] is what a run tells
//! (`--report json`), and [`error::exit`] the exit code it ends with.
//!
//! [`timing`] times the stages for `--timings` and `--trace`: each stage, however deep
//! and on whichever thread, opens a scope that costs an atomic load unless a render records.
//!
//! Layout never panics on content: a character no face can show, text that does not fit,
//! an emergency line break or a coarse photo is a [`Warning`]; bad input is an [`Error`]
//! naming the file, line and field.
//!
//! Dependencies point down this list only: `text` knows nothing of pages, and the PDF
//! writer knows only the display list and the fonts.

#![warn(missing_docs)]
#![deny(unsafe_code)]

pub mod allocator;
pub mod compose;
pub mod content;
pub mod copyfit;
pub mod diagnostic;
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
pub mod render;
pub mod report;
pub mod spec;
pub mod style;
pub mod suggest;
pub mod text;
pub mod timing;

#[cfg(test)]
mod scratch;

pub use error::{Error, Result, Warning, Warnings};
pub use output::{write_atomic, write_output};
pub use render::{
    Checked, MAX_TEXT_BYTES, Options, Picture, Progress, Rendered, Session, SessionStats, Step,
    Timings, Traced, check_file, edition_pages, point_of_pixel, preview, preview_page, redraw_page,
    render, render_edition, render_file, render_with, trace, trim_margin_px,
};
