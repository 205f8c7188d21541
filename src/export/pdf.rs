//! PDF output through printpdf: printpdf makes the document (a page per display page,
//! each face embedded once as a subset with its widths and ToUnicode map, so text can be
//! searched and extracted); each page's content is written by [`super::content`] straight
//! to bytes, in parallel, into the stream printpdf made for it. That document is made as
//! soon as the faces are subset, while the photos are still being converted; they go in
//! once each (as they came where the plate allows); then the plate's boxes, identification and
//! output intent are written on printpdf's lopdf document ([`super::conformance`]) before
//! the one save.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, Mutex, PoisonError};

use printpdf::{PdfDocument, PdfPage, PdfSaveOptions};
use rayon::prelude::*;

use super::conformance;
use super::content::page_content;
use super::glyphs::{face_codes, glyph_inventory};
use super::image::{Embedded, ImageReport, embed};
use super::marks;
use super::memo::{Cut, ImageKey, Memo};
use super::subset::{Subset, subset_face};
use crate::display::{Document, GlyphRun, Item, RunGlyph};
use crate::error::{Error, Result};
use crate::font::{FontBook, FontId};
use crate::geom::{Point, Pt};
use crate::plate::Plate;

/// A written PDF and what became of its photos.
#[derive(Debug)]
pub struct Written {
    /// The file.
    pub pdf: Vec<u8>,
    /// One entry per image, in the document's order.
    pub images: Vec<ImageReport>,
}

/// Writes a document as PDF bytes for `plate`.
pub fn write_pdf(doc: &Document, book: &FontBook, plate: &Plate) -> Result<Written> {
    write_pdf_with(doc, book, plate, &mut Memo::default())
}

/// Writes a document as [`write_pdf`] does, taking the subsets and photo XObjects that
/// `memo` kept from earlier writes where their inputs are the same, and keeping this
/// write's. The bytes are the same as without a memo.
pub fn write_pdf_with(
    doc: &Document,
    book: &FontBook,
    plate: &Plate,
    memo: &mut Memo,
) -> Result<Written> {
    write_pdf_each_image(doc, book, plate, memo, |_| ()).map(|(written, _)| written)
}

/// An image XObject as the file will carry it: its dictionary, its bytes, and the ink of the
/// CMYK samples it was encoded from when it was converted here.
pub type ImageObject<'a> = (
    &'a lopdf::Dictionary,
    &'a [u8],
    Option<&'a crate::plate::InkCount>,
);

/// Writes a document as [`write_pdf_with`] does, and hands each image XObject to `each`
/// as soon as it is made, on the thread that made it (the plate's preflight measures its
/// ink there, while the other photos are still being made); the bytes are the same. What
/// `each` returns comes back in the document's image order.
pub fn write_pdf_each_image<R: Send>(
    doc: &Document,
    book: &FontBook,
    plate: &Plate,
    memo: &mut Memo,
    each: impl Fn(ImageObject<'_>) -> R + Sync,
) -> Result<(Written, Vec<R>)> {
    let mut pdf = PdfDocument::new(&doc.title);

    // The slug line is text like any other: its glyphs join the subsets.
    let slugs: Vec<Option<GlyphRun>> = doc
        .pages
        .iter()
        .map(|p| {
            plate
                .marks
                .slug
                .then(|| slug_run(book, plate, p.height))
                .flatten()
        })
        .collect();

    // Subset every face once for the whole document, with the glyphs of all pages.
    let mut used: BTreeMap<FontId, BTreeSet<u16>> = BTreeMap::new();
    let runs = doc
        .pages
        .iter()
        .flat_map(|p| &p.items)
        .filter_map(|i| match i {
            Item::Text(run) => Some(run),
            _ => None,
        })
        .chain(slugs.iter().flatten());
    for run in runs {
        used.entry(run.font)
            .or_default()
            .extend(run.glyphs.iter().map(|g| g.gid));
    }
    // The largest placement of each image bounds the pixels it needs.
    let mut placed = vec![(Pt(0.0), Pt(0.0)); doc.images.len()];
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let Item::Image {
            image, placed: r, ..
        } = item
            && let Some(p) = placed.get_mut(image.0)
        {
            *p = (p.0.max(r.w), p.1.max(r.h));
        }
    }
    // Faces are subset, and photos converted, in parallel (they are independent), unless
    // an earlier write of the session made the same; once the faces are subset, the
    // document is made from them (fonts, pages, content) while photos are still being
    // converted, which takes longer. A photo is keyed by what of the plate its conversion
    // reads (not the title, boxes or marks): a session's edit of those converts none again.
    let photo_plate = plate.for_photos();
    let image_keys: Vec<ImageKey> = doc
        .images
        .iter()
        .zip(&placed)
        .enumerate()
        .map(|(i, (photo, size))| ImageKey {
            photo: photo.clone(),
            placed: *size,
            black: doc.black_images.contains(&i),
            plate: photo_plate.clone(),
        })
        .collect();
    // The text's part is one long chain (subsets, then printpdf's document, then the
    // content); the photos are many jobs. Every thread starts on a photo (the largest
    // first), the chain is taken up next, and the rest of the photos after it: the last
    // job to end is then seldom one begun late.
    let make_text = || -> Result<_> {
        let cuts = used
            .par_iter()
            .map(|(font, glyphs)| {
                let face = book.face(*font);
                let bytes = face.data.shared();
                match memo.subset(bytes, face.index, glyphs) {
                    Some(cut) => Ok((*font, cut, true)),
                    None => {
                        let _scope = crate::timing::scope("subset");
                        cut(face, glyphs).map(|c| (*font, c, false))
                    }
                }
            })
            .collect::<Result<Vec<_>>>()?;
        let mut subsets: BTreeMap<FontId, (printpdf::FontId, Subset)> = BTreeMap::new();
        for (font, cut, _) in &cuts {
            // Our own resource names: printpdf's are drawn from a process-wide counter,
            // which would make two renders in one process differ.
            let id = printpdf::FontId(format!("F{}", font.0));
            pdf.resources.fonts.map.insert(id.clone(), cut.1.clone());
            subsets.insert(*font, (id, cut.0.clone()));
        }
        let text = text_document(doc, plate, pdf, &subsets, &slugs)?;
        Ok((cuts, text))
    };
    let make_image = |key: &ImageKey| -> Result<_> {
        let (e, reused) = match memo.image(key) {
            Some(e) => (e, true),
            None => {
                let _scope = crate::timing::scope("encode");
                let e =
                    memo.cached_or(key, || embed(&key.photo, key.placed, &key.plate, key.black))?;
                (Arc::new(e), false)
            }
        };
        let beside = each((&e.dict, &e.data, e.ink.as_ref()));
        Ok((e, reused, beside))
    };
    // The jobs in the order they are taken up: photos by index, the text's part as `None`.
    let mut order: Vec<Option<usize>> = (0..image_keys.len()).map(Some).collect();
    order.sort_by_key(|i| {
        let photo = &image_keys[i.unwrap_or_default()].photo;
        std::cmp::Reverse(u64::from(photo.width) * u64::from(photo.height))
    });
    order.insert(rayon::current_num_threads().min(order.len()), None);
    // Each job's result in a slot of its own (the document's order is kept).
    let text = Mutex::new(None);
    let images: Vec<Mutex<Option<Result<_>>>> =
        image_keys.iter().map(|_| Mutex::new(None)).collect();
    rayon::scope_fifo(|jobs| {
        let mut make_text = Some(make_text);
        for job in order {
            match job {
                Some(i) => {
                    let (slot, key, make_image) = (&images[i], &image_keys[i], &make_image);
                    jobs.spawn_fifo(move |_| *lock(slot) = Some(make_image(key)));
                }
                None => {
                    let (text, make) = (&text, make_text.take());
                    jobs.spawn_fifo(move |_| *lock(text) = make.map(|make| make()));
                }
            }
        }
    });
    let text = made(text);
    let images: Vec<Result<_>> = images.into_iter().map(made).collect();
    let (cuts, (lo, forms)) = text?;
    let mut kept_cuts = Vec::with_capacity(cuts.len());
    for (font, cut, reused) in cuts {
        let glyphs = used.remove(&font).unwrap_or_default();
        let face = book.face(font);
        kept_cuts.push((face.data.shared().cloned(), face.index, glyphs, cut, reused));
    }
    let mut kept_images = Vec::with_capacity(images.len());
    let mut besides = Vec::with_capacity(images.len());
    for (key, result) in image_keys.into_iter().zip(images) {
        let (embedded, reused, beside) = result?;
        kept_images.push((key, embedded, reused));
        besides.push(beside);
    }
    let embedded: Vec<Arc<Embedded>> = kept_images.iter().map(|(_, e, _)| e.clone()).collect();
    memo.record(kept_cuts, kept_images);
    // Moved into the file where the memo keeps nothing (a photo's bytes are not copied),
    // copied where it keeps them for the next write.
    let embedded = embedded.into_iter().map(Arc::unwrap_or_clone).collect();
    let written = finish(doc, plate, lo, forms, embedded)?;
    Ok((written, besides))
}

/// The document without its photos, once the faces are subset: printpdf's document, the
/// pages' content, the supplied artwork as forms (their names and objects), every stream
/// deflated.
fn text_document(
    doc: &Document,
    plate: &Plate,
    mut pdf: PdfDocument,
    subsets: &BTreeMap<FontId, (printpdf::FontId, Subset)>,
    slugs: &[Option<GlyphRun>],
) -> Result<(lopdf::Document, Vec<(String, lopdf::ObjectId)>)> {
    // printpdf makes the document: pages of the right size, and each font's dictionary,
    // widths and ToUnicode map from the glyphs it is shown (every glyph once, on the
    // first page, with the text it stands for). The pages' content is ours, below.
    let margin = plate.media_margin();
    let mm = |x: Pt| printpdf::Mm((x + margin * 2.0).to_mm().0 as f32);
    let mut pages: Vec<PdfPage> = doc
        .pages
        .iter()
        .map(|page| PdfPage::new(mm(page.width), mm(page.height), Vec::new()))
        .collect();
    let (inventory, shown) = glyph_inventory(doc, slugs, subsets);
    if let Some(first) = pages.first_mut() {
        first.ops = inventory;
    }
    pdf.with_pages(pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: false,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = {
        let _scope = crate::timing::scope("serialize");
        pdf.to_lopdf_document(&opts, &mut warnings)
    };
    drop(pdf);

    // Each page's content in parallel (they are independent), written over the stream
    // printpdf made for the page.
    let faces = face_codes(&lo, subsets, &shown)?;
    let orientations: Vec<u8> = doc.images.iter().map(|p| p.orientation).collect();
    let bboxes: Vec<([f64; 4], u16)> = doc.artworks.iter().map(|a| (a.bbox, a.rotate)).collect();
    let contents: Vec<Vec<u8>> = doc
        .pages
        .par_iter()
        .zip(slugs)
        .map(|(page, slug)| {
            let _scope = crate::timing::scope("content");
            let mut ops = page_content(page, &faces, &orientations, &bboxes, margin);
            if let Some(run) = slug {
                let slug_page = crate::display::Page {
                    width: page.width,
                    height: page.height,
                    items: vec![Item::Text(run.clone())],
                };
                // Already translated by the page's `cm`: no second origin.
                ops.append(page_content(
                    &slug_page,
                    &faces,
                    &orientations,
                    &bboxes,
                    Pt(0.0),
                ));
            }
            ops.append(marks::content(plate, page.width, page.height));
            ops.into_bytes()
        })
        .collect();
    set_contents(&mut lo, contents)?;
    let mut forms = Vec::with_capacity(doc.artworks.len());
    for (i, artwork) in doc.artworks.iter().enumerate() {
        forms.push((format!("Fm{i}"), super::artwork::import(&mut lo, artwork)?));
    }
    compress_streams(&mut lo);
    Ok((lo, forms))
}

/// The rest of a write, once the photos are made: the images and forms in the pages'
/// resources, the plate's conformance, and the one save.
fn finish(
    doc: &Document,
    plate: &Plate,
    mut lo: lopdf::Document,
    forms: Vec<(String, lopdf::ObjectId)>,
    embedded: Vec<Embedded>,
) -> Result<Written> {
    let reports = add_images(&mut lo, embedded, forms)?;
    let trims: Vec<(Pt, Pt)> = doc.pages.iter().map(|p| (p.width, p.height)).collect();
    conformance::finish(&mut lo, plate, &trims, &doc.spots)?;
    let _scope = crate::timing::scope("serialize");
    // Room for the whole file at once: the streams and a little for every object (the
    // buffer is not copied as it grows).
    let size: usize = lo
        .objects
        .values()
        .map(|o| o.as_stream().map_or(0, |s| s.content.len()) + 256)
        .sum();
    let mut out = Vec::with_capacity(size + 64 * 1024);
    lo.save_to(&mut out)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    Ok(Written {
        pdf: out,
        images: reports,
    })
}

/// What a job of a finished scope made.
fn made<T>(slot: Mutex<Option<T>>) -> T {
    slot.into_inner()
        .unwrap_or_else(PoisonError::into_inner)
        .expect("every job of the scope has run")
}

/// A job's slot, whatever became of another job.
fn lock<T>(slot: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    slot.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Puts each page's content in the stream object printpdf made for it.
fn set_contents(lo: &mut lopdf::Document, contents: Vec<Vec<u8>>) -> Result<()> {
    let pages: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
    for (page, content) in pages.into_iter().zip(contents) {
        let id = lo
            .get_dictionary(page)
            .ok()
            .and_then(|p| p.get(b"Contents").ok())
            .and_then(|c| c.as_reference().ok())
            .ok_or_else(|| Error::Pdf("a page has no content stream".into()))?;
        lo.objects.insert(
            id,
            lopdf::Object::Stream(lopdf::Stream::new(lopdf::Dictionary::new(), content)),
        );
    }
    Ok(())
}

/// A face subset to `glyphs`, with the font printpdf parses from it.
fn cut(face: &crate::font::Face, glyphs: &BTreeSet<u16>) -> Result<Cut> {
    let mut subset = subset_face(face, glyphs)?;
    let mut warnings = Vec::new();
    let mut parsed =
        printpdf::ParsedFont::from_bytes(&subset.data, 0, &mut warnings).ok_or_else(|| {
            Error::Pdf(format!(
                "the subset of {} cannot be embedded",
                face.path.display()
            ))
        })?;
    parsed.font_name = Some(subset.name.clone());
    let font = printpdf::PdfFont::new(parsed);
    // The font program now lives in printpdf's font; the subset keeps its glyph map.
    subset.data = Vec::new();
    Ok(Arc::new((subset, font)))
}

/// The slug line (paper, page, date, plates) in the first face that has its characters,
/// set glyph by glyph from the face's own advances (it needs no shaping).
fn slug_run(book: &FontBook, plate: &Plate, height: Pt) -> Option<GlyphRun> {
    let text = format!("{}  ·  C M Y K", plate.slug);
    let size = Pt(7.0);
    let (font, face) = book.iter().find(|(_, f)| {
        ttf_parser::Face::parse(&f.data, f.index)
            .map(|t| text.chars().all(|c| c == ' ' || t.glyph_index(c).is_some()))
            .unwrap_or(false)
    })?;
    let parsed = ttf_parser::Face::parse(&face.data, face.index).ok()?;
    let (mut x, y) = marks::slug_origin(plate, height);
    let mut glyphs = Vec::new();
    for (i, c) in text.char_indices() {
        let gid = parsed.glyph_index(c).unwrap_or_default();
        glyphs.push(RunGlyph {
            gid: gid.0,
            origin: Point::new(x, y),
            text: i as u32..(i + c.len_utf8()) as u32,
        });
        let advance = parsed.glyph_hor_advance(gid).unwrap_or(0) as f64;
        x += Pt(advance / face.units_per_em as f64 * size.0);
    }
    Some(GlyphRun {
        font,
        size,
        fill: crate::geom::Ink::BLACK,
        text,
        scale: 1.0,
        glyphs,
        source: None,
    })
}

/// Adds the images as XObjects `/Im0`, `/Im1` … (and the imported pages `/Fm0` …) to
/// the pages' XObject resources.
fn add_images(
    lo: &mut lopdf::Document,
    images: Vec<Embedded>,
    forms: Vec<(String, lopdf::ObjectId)>,
) -> Result<Vec<ImageReport>> {
    use lopdf::{Dictionary, Object, Stream};

    let mut reports = Vec::with_capacity(images.len());
    if images.is_empty() && forms.is_empty() {
        return Ok(reports);
    }
    let mut names = Dictionary::new();
    for (name, id) in forms {
        names.set(name, Object::Reference(id));
    }
    for (i, image) in images.into_iter().enumerate() {
        let stream = Stream::new(image.dict, image.data).with_compression(false);
        names.set(format!("Im{i}"), Object::Reference(lo.add_object(stream)));
        reports.push(image.report);
    }
    // printpdf gives every page one shared XObject dictionary; fill it.
    let xobjects = conformance::shared_resource(lo, b"XObject")?;
    let dict = lo
        .get_dictionary_mut(xobjects)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    for (name, value) in names.iter() {
        dict.set(name.clone(), value.clone());
    }
    Ok(reports)
}

/// Deflates every stream that has no filter yet (fonts, content, ToUnicode maps), in
/// parallel. printpdf's `to_lopdf_document` leaves them raw, and lopdf's own `compress`
/// works at the slowest level, one stream after another. libdeflate at level 1, each
/// stream whole in one call: as fast as zlib-rs's fastest level on these streams (fonts
/// are most of them) and some 15 % smaller; the same bytes on every CPU (its SIMD code
/// only checksums and clears tables).
fn compress_streams(lo: &mut lopdf::Document) {
    let _scope = crate::timing::scope("deflate");

    let streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| o.as_stream_mut().ok())
        .collect();
    streams.into_par_iter().for_each(|stream| {
        if stream.dict.has(b"Filter") || !stream.allows_compression {
            return;
        }
        if let Some(packed) = deflate(&stream.content)
            && packed.len() < stream.content.len()
        {
            stream
                .dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    });
}

/// `data` as a zlib stream (what `/FlateDecode` reads), or `None` if it cannot be made.
fn deflate(data: &[u8]) -> Option<Vec<u8>> {
    use libdeflater::{CompressionLvl, Compressor};
    // Level 1 (libdeflate's `fastest` is level 0, which stores without compressing).
    let level = CompressionLvl::new(1).expect("libdeflate has level 1");
    let mut compressor = Compressor::new(level);
    let mut packed = vec![0; compressor.zlib_compress_bound(data.len())];
    let len = compressor.zlib_compress(data, &mut packed).ok()?;
    packed.truncate(len);
    Some(packed)
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::{Dictionary, Object, Stream};

    /// A stream that shrinks is deflated and reads back (through lopdf's own inflater) as
    /// it was; one that would grow, or has a filter already, is left as it is.
    #[test]
    fn streams_are_deflated_when_it_pays_and_read_back_whole() {
        let text: Vec<u8> = (0..20_000u32)
            .flat_map(|i| format!("{} 0 Td <{:04x}> Tj\n", i % 97, i % 7_000).into_bytes())
            .collect();
        // Bytes with no pattern to find: deflate can only make them longer.
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let noise: Vec<u8> = (0..4_096)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 32) as u8
            })
            .collect();
        let mut lo = lopdf::Document::with_version("1.4");
        let plain = lo.add_object(Stream::new(Dictionary::new(), text.clone()));
        let random = lo.add_object(Stream::new(Dictionary::new(), noise.clone()));
        let mut dct = Dictionary::new();
        dct.set("Filter", Object::Name(b"DCTDecode".to_vec()));
        let jpeg = lo.add_object(Stream::new(dct, text.clone()));
        compress_streams(&mut lo);
        let stream = |id| lo.get_object(id).unwrap().as_stream().unwrap().clone();

        let packed = stream(plain);
        assert_eq!(
            packed.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"FlateDecode"
        );
        assert!(packed.content.len() < text.len() / 4);
        assert_eq!(packed.decompressed_content().unwrap(), text);

        let raw = stream(random);
        assert!(!raw.dict.has(b"Filter"));
        assert_eq!(raw.content, noise);

        let kept = stream(jpeg);
        assert_eq!(
            kept.dict.get(b"Filter").unwrap().as_name().unwrap(),
            b"DCTDecode"
        );
        assert_eq!(kept.content, text);
    }
}
