//! Exporters: they read only the display list, the fonts it names and the plate.

mod artwork;
mod cache;
mod conformance;
mod content;
mod glyphs;
mod image;
mod marks;
mod memo;
mod operators;
mod pdf;
mod subset;

pub use cache::PhotoCache;
pub use image::ImageReport;
pub use memo::{Memo, MemoStats};
pub use pdf::{ImageObject, Written, write_pdf, write_pdf_each_image, write_pdf_with};
