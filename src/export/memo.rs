//! What a long-lived session keeps between two writes: each face's subset (with the font
//! program printpdf parsed from it) for the glyph set it was cut to, and each photo's
//! XObject for the placement it was made for and what of the plate its conversion read
//! ([`crate::plate::PhotoPlate`]). An edit that adds no glyph and
//! moves no photo writes the next PDF without subsetting or converting anything.
//!
//! Entries are keyed by what they are made from, compared whole (the font's bytes by
//! identity, the photo's by content), and only those used by the latest write are kept,
//! so a session's memory does not grow with the number of renders.

use std::collections::BTreeSet;
use std::sync::Arc;

use super::image::Embedded;
use super::subset::Subset;
use crate::geom::Pt;
use crate::photo::Photo;
use crate::plate::PhotoPlate;

/// A subset with the font printpdf parsed from it.
pub(super) type Cut = Arc<(Subset, printpdf::PdfFont)>;

/// Subsets and photo XObjects of earlier writes (see the module doc).
#[derive(Default)]
pub struct Memo {
    keep: bool,
    /// The photo cache on disk, if asked for.
    pub cache: Option<super::PhotoCache>,
    subsets: Vec<KeptCut>,
    images: Vec<(ImageKey, Arc<Embedded>)>,
    /// What the writes made and what they reused.
    pub stats: MemoStats,
    /// Photos read from the cache on disk by the write under way.
    cached: std::sync::atomic::AtomicUsize,
}

/// Counts of what a [`Memo`]'s writes made anew and took from earlier writes.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct MemoStats {
    /// Faces subset.
    pub subsets_made: usize,
    /// Subsets taken from an earlier write.
    pub subsets_reused: usize,
    /// Photos made into XObjects (validated, or decoded and converted).
    pub images_made: usize,
    /// XObjects taken from an earlier write.
    pub images_reused: usize,
    /// Of the photos made, those read from the photo cache on disk.
    pub images_cached: usize,
}

/// A subset kept: the face's bytes and index, the glyphs, the subset.
type KeptCut = (Arc<[u8]>, u32, BTreeSet<u16>, Cut);

/// A face's subset as one write used it: the face's bytes (if shared) and index, the
/// glyphs, the subset, and whether it came from an earlier write.
pub(super) type CutUse = (Option<Arc<[u8]>>, u32, BTreeSet<u16>, Cut, bool);

#[derive(PartialEq)]
pub(super) struct ImageKey {
    pub photo: Photo,
    pub placed: (Pt, Pt),
    pub black: bool,
    /// What of the plate the conversion reads (not its title, boxes or marks).
    pub plate: PhotoPlate,
}

impl Memo {
    /// A memo that keeps what it is given (a session's); the default keeps nothing.
    pub fn keeping() -> Self {
        Self {
            keep: true,
            ..Self::default()
        }
    }

    /// The subset of face `index` of the file whose bytes are `font`, cut to `glyphs`, if
    /// kept.
    pub(super) fn subset(
        &self,
        font: Option<&Arc<[u8]>>,
        index: u32,
        glyphs: &BTreeSet<u16>,
    ) -> Option<Cut> {
        let font = font?;
        self.subsets
            .iter()
            .find(|(f, i, g, _)| Arc::ptr_eq(f, font) && *i == index && g == glyphs)
            .map(|(.., cut)| cut.clone())
    }

    /// The XObject for `key` from the photo cache on disk if one is set and has it, else
    /// made by `make` (and kept there).
    pub(super) fn cached_or(
        &self,
        key: &ImageKey,
        make: impl FnOnce() -> crate::Result<Embedded>,
    ) -> crate::Result<Embedded> {
        let Some(cache) = &self.cache else {
            return make();
        };
        let entry = cache.entry(key);
        if let Some(found) = cache.get(&entry, key) {
            self.cached
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            return Ok(found);
        }
        let made = make()?;
        cache.put(&entry, &made);
        Ok(made)
    }

    /// The XObject made for `key`, if kept.
    pub(super) fn image(&self, key: &ImageKey) -> Option<Arc<Embedded>> {
        self.images
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, e)| e.clone())
    }

    /// Records the subsets and images of one write: reused ones are marked used, new ones
    /// kept (where the font's bytes are shared), and everything else dropped.
    pub(super) fn record(
        &mut self,
        subsets: Vec<CutUse>,
        images: Vec<(ImageKey, Arc<Embedded>, bool)>,
    ) {
        for (.., reused) in &subsets {
            match reused {
                true => self.stats.subsets_reused += 1,
                false => self.stats.subsets_made += 1,
            }
        }
        for (.., reused) in &images {
            match reused {
                true => self.stats.images_reused += 1,
                false => self.stats.images_made += 1,
            }
        }
        self.stats.images_cached += self.cached.swap(0, std::sync::atomic::Ordering::Relaxed);
        if !self.keep {
            return;
        }
        self.subsets = subsets
            .into_iter()
            .filter_map(|(f, i, g, cut, _)| Some((f?, i, g, cut)))
            .collect();
        self.images = images.into_iter().map(|(k, e, _)| (k, e)).collect();
    }
}
