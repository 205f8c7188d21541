//! Exporters: they read only the display list and the fonts it names.

mod pdf;
mod subset;

pub use pdf::write_pdf;
