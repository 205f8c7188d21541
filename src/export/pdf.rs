//! PDF output through printpdf: one page per display page, each face embedded once as a
//! subset, text as real glyphs with their Unicode so it can be searched and extracted,
//! photos once each as JPEG.
//!
//! printpdf's serializer is used as is; its document is then finished through lopdf
//! (`to_lopdf_document`) to make the output depend on the input alone: fixed resource
//! names, a document ID derived from the content, no dates.

use std::collections::{BTreeMap, BTreeSet};

use printpdf::{
    Codepoint, Color, Line as PdfLine, LinePoint, Op, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Polygon, PolygonRing, TextItem, TextMatrix, XObjectId, XObjectTransform,
};

use rayon::prelude::*;

use super::subset::{Subset, subset_face};
use crate::display::{Document, Item, Page};
use crate::error::{Error, Result};
use crate::font::{FontBook, FontId};
use crate::geom::{Cmyk, Point, Pt, Rect};

/// Writes a document as PDF bytes.
pub fn write_pdf(doc: &Document, book: &FontBook) -> Result<Vec<u8>> {
    let mut pdf = PdfDocument::new(&doc.title);

    // Subset every face once for the whole document, with the glyphs of all pages.
    let mut used: BTreeMap<FontId, BTreeSet<u16>> = BTreeMap::new();
    for item in doc.pages.iter().flat_map(|p| &p.items) {
        if let Item::Text(run) = item {
            used.entry(run.font)
                .or_default()
                .extend(run.glyphs.iter().map(|g| g.gid));
        }
    }
    // Faces are subset, and photos encoded, in parallel: they are independent.
    let (subset_results, jpegs) = rayon::join(
        || {
            used.par_iter()
                .map(|(font, glyphs)| subset_face(book.face(*font), glyphs).map(|s| (*font, s)))
                .collect::<Vec<_>>()
        },
        || doc.images.par_iter().map(encode_jpeg).collect::<Vec<_>>(),
    );
    let jpegs: Vec<Vec<u8>> = jpegs.into_iter().collect::<Result<_>>()?;
    let mut subsets: BTreeMap<FontId, (printpdf::FontId, Subset)> = BTreeMap::new();
    for result in subset_results {
        let (font, subset) = result?;
        let mut warnings = Vec::new();
        let mut parsed = printpdf::ParsedFont::from_bytes(&subset.data, 0, &mut warnings)
            .ok_or_else(|| {
                Error::Pdf(format!(
                    "the subset of {} cannot be embedded",
                    book.face(font).path.display()
                ))
            })?;
        parsed.font_name = Some(subset.name.clone());
        // Our own resource names: printpdf's are drawn from a process-wide counter, which
        // would make two renders in one process differ.
        let id = printpdf::FontId(format!("F{}", font.0));
        pdf.resources
            .fonts
            .map
            .insert(id.clone(), printpdf::PdfFont::new(parsed));
        subsets.insert(font, (id, subset));
    }

    // Photos go in as JPEG (DCTDecode), added after printpdf's serialization: a deflated
    // RGB photo is three times the size and most of the time spent writing.

    let pages: Vec<PdfPage> = doc
        .pages
        .iter()
        .map(|page| pdf_page(page, &subsets))
        .collect();
    pdf.with_pages(pages);

    let opts = PdfSaveOptions {
        optimize: true,
        subset_fonts: false,
        secure: true,
        image_optimization: None,
    };
    let mut warnings = Vec::new();
    let mut lo = pdf.to_lopdf_document(&opts, &mut warnings);
    add_images(&mut lo, &doc.images, jpegs)?;
    finish(&mut lo, &doc.title);
    compress_streams(&mut lo);
    let mut out = Vec::new();
    lo.save_to(&mut out)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    stamp_id(&mut out)?;
    Ok(out)
}

/// The content of one page, in painting order.
fn pdf_page(page: &Page, subsets: &BTreeMap<FontId, (printpdf::FontId, Subset)>) -> PdfPage {
    let h = page.height;
    let flip = |p: Point| printpdf::Point {
        x: printpdf::Pt(p.x.0 as f32),
        y: printpdf::Pt((h - p.y).0 as f32),
    };
    let mut ops = Vec::new();
    for item in &page.items {
        match item {
            Item::Text(run) => {
                let (id, subset) = &subsets[&run.font];
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: printpdf::Pt(run.size.0 as f32),
                });
                ops.push(Op::SetFillColor {
                    col: cmyk(run.fill),
                });
                for g in &run.glyphs {
                    let p = flip(g.origin);
                    let text = &run.text[g.text.start as usize..g.text.end as usize];
                    ops.push(Op::SetTextMatrix {
                        matrix: TextMatrix::Translate(p.x, p.y),
                    });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::GlyphIds(vec![Codepoint {
                            gid: subset.remap[&g.gid],
                            offset: 0.0,
                            cid: (!text.is_empty()).then(|| text.to_string()),
                        }])],
                    });
                }
                ops.push(Op::EndTextSection);
            }
            Item::Image { image, rect } => {
                let bottom_left = flip(Point::new(rect.x, rect.bottom()));
                ops.push(Op::UseXobject {
                    id: XObjectId(format!("Im{}", image.0)),
                    transform: XObjectTransform {
                        translate_x: Some(bottom_left.x),
                        translate_y: Some(bottom_left.y),
                        scale_x: Some(rect.w.0 as f32),
                        scale_y: Some(rect.h.0 as f32),
                        no_auto_scale: true,
                        ..Default::default()
                    },
                });
            }
            Item::Line {
                from,
                to,
                weight,
                color,
            } => {
                ops.push(Op::SetOutlineColor { col: cmyk(*color) });
                ops.push(Op::SetOutlineThickness {
                    pt: printpdf::Pt(weight.0 as f32),
                });
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![
                            LinePoint {
                                p: flip(*from),
                                bezier: false,
                            },
                            LinePoint {
                                p: flip(*to),
                                bezier: false,
                            },
                        ],
                        is_closed: false,
                    },
                });
            }
            Item::Frame {
                rect,
                weight,
                color,
            } => {
                ops.push(Op::SetOutlineColor { col: cmyk(*color) });
                ops.push(Op::SetOutlineThickness {
                    pt: printpdf::Pt(weight.0 as f32),
                });
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: corners(rect, flip),
                        is_closed: true,
                    },
                });
            }
            Item::Fill { rect, color } => {
                ops.push(Op::SetFillColor { col: cmyk(*color) });
                ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![PolygonRing {
                            points: corners(rect, flip),
                        }],
                        mode: printpdf::PaintMode::Fill,
                        winding_order: printpdf::WindingOrder::NonZero,
                    },
                });
            }
        }
    }
    let mm = |x: Pt| printpdf::Mm(x.to_mm().0 as f32);
    PdfPage::new(mm(page.width), mm(page.height), ops)
}

fn corners(rect: &Rect, flip: impl Fn(Point) -> printpdf::Point) -> Vec<LinePoint> {
    [
        Point::new(rect.x, rect.y),
        Point::new(rect.right(), rect.y),
        Point::new(rect.right(), rect.bottom()),
        Point::new(rect.x, rect.bottom()),
    ]
    .into_iter()
    .map(|p| LinePoint {
        p: flip(p),
        bezier: false,
    })
    .collect()
}

fn cmyk(c: Cmyk) -> Color {
    Color::Cmyk(printpdf::Cmyk {
        c: c.c as f32,
        m: c.m as f32,
        y: c.y as f32,
        k: c.k as f32,
        icc_profile: None,
    })
}

/// Deflates every stream that has no filter yet (fonts, content, ToUnicode maps), in
/// parallel. printpdf's `to_lopdf_document` leaves them raw, and lopdf's own `compress`
/// works at the slowest level, one stream after another.
fn compress_streams(lo: &mut lopdf::Document) {
    use std::io::Write;

    let streams: Vec<&mut lopdf::Stream> = lo
        .objects
        .values_mut()
        .filter_map(|o| o.as_stream_mut().ok())
        .collect();
    streams.into_par_iter().for_each(|stream| {
        if stream.dict.has(b"Filter") || !stream.allows_compression {
            return;
        }
        let mut encoder = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::fast());
        if encoder.write_all(&stream.content).is_err() {
            return;
        }
        if let Ok(packed) = encoder.finish()
            && packed.len() < stream.content.len()
        {
            stream
                .dict
                .set("Filter", lopdf::Object::Name(b"FlateDecode".to_vec()));
            stream.set_content(packed);
        }
    });
}

/// Quality of the JPEG photos are embedded as (visually lossless at newspaper screens).
const JPEG_QUALITY: u8 = 90;

/// Encodes a photo as a baseline JPEG.
fn encode_jpeg(photo: &crate::display::Photo) -> Result<Vec<u8>> {
    let mut out = Vec::new();
    image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY)
        .encode(
            &photo.rgb,
            photo.width,
            photo.height,
            image::ExtendedColorType::Rgb8,
        )
        .map_err(|e| Error::Image {
            path: photo.path.clone(),
            message: format!("cannot be encoded for the PDF: {e}"),
        })?;
    Ok(out)
}

/// Adds the photos as image XObjects `/Im0`, `/Im1` … to the pages' XObject resources.
fn add_images(
    lo: &mut lopdf::Document,
    photos: &[crate::display::Photo],
    jpegs: Vec<Vec<u8>>,
) -> Result<()> {
    use lopdf::{Dictionary, Object, Stream};

    if photos.is_empty() {
        return Ok(());
    }
    let mut names = Dictionary::new();
    for (i, (photo, jpeg)) in photos.iter().zip(jpegs).enumerate() {
        let mut dict = Dictionary::new();
        dict.set("Type", Object::Name(b"XObject".to_vec()));
        dict.set("Subtype", Object::Name(b"Image".to_vec()));
        dict.set("Width", Object::Integer(photo.width as i64));
        dict.set("Height", Object::Integer(photo.height as i64));
        dict.set("ColorSpace", Object::Name(b"DeviceRGB".to_vec()));
        dict.set("BitsPerComponent", Object::Integer(8));
        dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
        let stream = Stream::new(dict, jpeg).with_compression(false);
        names.set(format!("Im{i}"), Object::Reference(lo.add_object(stream)));
    }
    // printpdf gives every page one shared XObject dictionary; fill it.
    let broken = || Error::Pdf("the page resources have no XObject dictionary".into());
    let page = *lo.get_pages().values().next().ok_or_else(broken)?;
    let resources = lo
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Resources").ok())
        .and_then(|r| r.as_reference().ok())
        .ok_or_else(broken)?;
    let xobjects = lo
        .get_dictionary(resources)
        .ok()
        .and_then(|r| r.get(b"XObject").ok())
        .and_then(|x| x.as_reference().ok())
        .ok_or_else(broken)?;
    let dict = lo.get_dictionary_mut(xobjects).map_err(|_| broken())?;
    for (name, value) in names.iter() {
        dict.set(name.clone(), value.clone());
    }
    Ok(())
}

/// The document ID written first, then replaced by a hash of the file (same length).
const ID_PLACEHOLDER: [u8; 16] = [0; 16];

/// Makes the file depend on its content alone: a plain Info dictionary without dates and
/// a placeholder document ID that [`stamp_id`] replaces.
fn finish(lo: &mut lopdf::Document, title: &str) {
    use lopdf::{Dictionary, Object, StringFormat};

    let mut info = Dictionary::new();
    // Text strings outside PDFDocEncoding are UTF-16BE with a byte-order mark (ISO 32000 §7.9.2.2).
    let utf16: Vec<u8> = [0xFE, 0xFF]
        .into_iter()
        .chain(title.encode_utf16().flat_map(|u| u.to_be_bytes()))
        .collect();
    info.set(
        "Title",
        Object::String(utf16, lopdf::StringFormat::Hexadecimal),
    );
    info.set(
        "Producer",
        Object::string_literal(format!("broadsheet {}", env!("CARGO_PKG_VERSION"))),
    );
    // Replace printpdf's Info (which carries 1970 dates) in place, keeping its object number.
    match lo.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            lo.objects.insert(id, Object::Dictionary(info));
        }
        Err(_) => {
            let id = lo.add_object(info);
            lo.trailer.set("Info", Object::Reference(id));
        }
    }
    let placeholder = Object::String(ID_PLACEHOLDER.to_vec(), StringFormat::Hexadecimal);
    lo.trailer
        .set("ID", Object::Array(vec![placeholder.clone(), placeholder]));
}

/// Writes a hash of the file into its document ID (ISO 32000 §14.4): identical input
/// gives an identical file, and different files get different IDs. One serialization:
/// the ID is hashed over the file with the placeholder in it.
fn stamp_id(file: &mut [u8]) -> Result<()> {
    let placeholder = "0".repeat(32);
    let pattern = format!("<{placeholder}>");
    let at = file
        .windows(pattern.len())
        .rposition(|w| w == pattern.as_bytes())
        .ok_or_else(|| Error::Pdf("the document ID placeholder was not written".into()))?;
    let hash = fnv128(file);
    let hex: String = hash.iter().map(|b| format!("{b:02X}")).collect();
    // Both entries of the ID array: the one found and the one before it.
    file[at + 1..at + 33].copy_from_slice(hex.as_bytes());
    let first = file[..at]
        .windows(pattern.len())
        .rposition(|w| w == pattern.as_bytes())
        .ok_or_else(|| Error::Pdf("the document ID placeholder was not written twice".into()))?;
    file[first + 1..first + 33].copy_from_slice(hex.as_bytes());
    Ok(())
}

/// Two 64-bit FNV-1a hashes of the bytes, with different seeds: an ID, not a signature.
fn fnv128(bytes: &[u8]) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (half, seed) in [0xcbf2_9ce4_8422_2325u64, 0x8422_2325_cbf2_9ce4]
        .into_iter()
        .enumerate()
    {
        let mut h = seed;
        for b in bytes {
            h ^= *b as u64;
            h = h.wrapping_mul(0x100_0000_01b3);
        }
        out[half * 8..half * 8 + 8].copy_from_slice(&h.to_be_bytes());
    }
    out
}
