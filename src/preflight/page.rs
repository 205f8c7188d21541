//! Page checks: the boxes of every page (on the page itself), annotations in the printed
//! area, then the page's content.

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::area::{Bounds, bounds, inherited, inside, overlaps};
use super::{Log, Rules, obj_name, paint};

/// Checks a page: its boxes (unless `boxes` is off: a supplied page takes the plate's),
/// annotations, transparency group and content.
pub(super) fn check(
    doc: &Document,
    n: usize,
    id: ObjectId,
    rules: &Rules,
    boxes: bool,
    log: &mut Log,
) {
    let page = Some(n);
    let Ok(dict) = doc.get_dictionary(id) else {
        log.error(
            page,
            obj_name(id),
            "page",
            "the page object is not a dictionary",
            "re-export the PDF",
        );
        return;
    };
    let object = obj_name(id);
    let media = inherited(doc, dict, b"MediaBox").and_then(|o| bounds(doc, o));
    let Some(media) = media else {
        log.error(
            page,
            &object,
            "no-mediabox",
            "the page has no MediaBox",
            "re-export the PDF",
        );
        return;
    };
    let own = |key: &[u8]| dict.get(key).ok().and_then(|o| bounds(doc, o));
    let trim = own(b"TrimBox");
    let art = own(b"ArtBox");
    let bleed = own(b"BleedBox");
    let crop = inherited(doc, dict, b"CropBox").and_then(|o| bounds(doc, o));
    let pdfx = rules.profile.is_pdfx() && boxes;
    if pdfx {
        match (trim, art) {
            (None, None) => log.error(
                page,
                &object,
                "no-trimbox",
                "the page has no TrimBox",
                "set the trim size on every page",
            ),
            (Some(_), Some(_)) => log.error(
                page,
                &object,
                "trim-and-art",
                "the page has both a TrimBox and an ArtBox",
                "keep the TrimBox only",
            ),
            _ => {}
        }
    }
    let finished = trim.or(art);
    let outer = bleed.unwrap_or(media);
    if let Some(t) = finished
        && boxes
        && !inside(&t, &outer)
    {
        let (what, check) = if bleed.is_some() {
            ("BleedBox", "trim-outside-bleed")
        } else {
            ("MediaBox", "trim-outside-media")
        };
        log.error(
            page,
            &object,
            check,
            format!(
                "the TrimBox {} reaches outside the {what} {}",
                show(&t),
                show(&outer)
            ),
            "make the trim lie within the bleed and the media",
        );
    }
    if let Some(b) = bleed
        && boxes
        && !inside(&b, &media)
    {
        log.error(
            page,
            &object,
            "bleed-outside-media",
            format!(
                "the BleedBox {} reaches outside the MediaBox {}",
                show(&b),
                show(&media)
            ),
            "enlarge the MediaBox or reduce the bleed",
        );
    }
    if let (Some(c), Some(t)) = (crop, finished)
        && !inside(&t, &c)
        && pdfx
    {
        log.error(
            page,
            &object,
            "crop-inside-trim",
            "the CropBox cuts into the TrimBox",
            "remove the CropBox or make it the MediaBox",
        );
    }
    if rules.profile == crate::plate::Profile::PdfX1a
        && dict
            .get_deref(b"Group", doc)
            .and_then(Object::as_dict)
            .is_ok_and(|g| {
                g.get(b"S")
                    .and_then(Object::as_name)
                    .is_ok_and(|s| s == b"Transparency")
            })
    {
        log.error(
            page,
            &object,
            "transparency-group",
            "the page is a transparency group",
            "flatten transparency (PDF/X-1a)",
        );
    }
    annotations(
        doc,
        dict,
        n,
        bleed.or(finished).unwrap_or(media),
        rules,
        log,
    );
    paint::page(
        doc,
        n,
        id,
        dict,
        bleed.or(finished).unwrap_or(media),
        rules,
        log,
    );
}

fn annotations(
    doc: &Document,
    dict: &Dictionary,
    n: usize,
    printed: Bounds,
    rules: &Rules,
    log: &mut Log,
) {
    if !rules.profile.is_pdfx() {
        return;
    }
    let Ok(annots) = dict.get_deref(b"Annots", doc).and_then(Object::as_array) else {
        return;
    };
    for a in annots {
        let Ok((id, Object::Dictionary(annot))) = doc.dereference(a) else {
            continue;
        };
        let subtype = annot
            .get(b"Subtype")
            .and_then(Object::as_name)
            .unwrap_or(b"");
        if matches!(subtype, b"TrapNet" | b"PrinterMark") {
            continue;
        }
        let rect = annot.get(b"Rect").ok().and_then(|r| bounds(doc, r));
        if rect.is_none_or(|r| overlaps(&r, &printed)) {
            let object = id.map_or("annotation".into(), obj_name);
            log.error(
                Some(n),
                object,
                "annotation",
                format!(
                    "a /{} annotation lies in the printed area",
                    String::from_utf8_lossy(subtype)
                ),
                "remove annotations and form fields",
            );
        }
    }
}

fn show(b: &Bounds) -> String {
    format!("[{:.2} {:.2} {:.2} {:.2}]", b[0], b[1], b[2], b[3])
}
