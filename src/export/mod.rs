//! Exporters: they read only the display list, the fonts it names and the plate.

mod artwork;
mod conformance;
mod content;
mod image;
mod marks;
mod pdf;
mod subset;

pub use image::ImageReport;
pub use pdf::{Written, write_pdf};
