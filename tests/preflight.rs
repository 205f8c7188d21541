//! The preflight against broken plates: each test takes the reference page, which passes,
//! breaks one thing with a PDF library the way real files are broken, and expects the
//! preflight to name the fault and the page.

use std::path::Path;
use std::sync::OnceLock;

use broadsheet::plate::{InkCount, Profile};
use broadsheet::preflight::{
    Findings, ImageObject, JPEG_TOLERANCE, Memo, Rules, Severity, check, check_with,
};
use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

fn reference() -> &'static [u8] {
    static PDF: OnceLock<Vec<u8>> = OnceLock::new();
    PDF.get_or_init(|| {
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/zjgrrb-front.toml");
        broadsheet::render(&spec)
            .expect("the reference page renders")
            .pdf
    })
}

fn x1a(pdf: &[u8]) -> Findings {
    check(pdf, &Rules::new(Profile::PdfX1a))
}

/// Loads the reference page, lets `edit` break it, saves it.
fn broken(edit: impl FnOnce(&mut Document, ObjectId)) -> Vec<u8> {
    let mut doc = Document::load_mem(reference()).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    edit(&mut doc, page);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

/// Adds content after the page's own.
fn append(doc: &mut Document, page: ObjectId, content: &[u8]) {
    let id = doc.add_object(Stream::new(Dictionary::new(), content.to_vec()));
    let dict = doc.get_dictionary_mut(page).unwrap();
    let old = dict.get(b"Contents").unwrap().clone();
    let mut list = match old {
        Object::Array(a) => a,
        other => vec![other],
    };
    list.push(Object::Reference(id));
    dict.set("Contents", Object::Array(list));
}

/// The page's resource sub-dictionary `kind` (XObject, Font, ExtGState), made direct.
fn resource(doc: &mut Document, page: ObjectId, kind: &str, name: &str, value: Object) {
    let res = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Resources")
        .unwrap()
        .as_reference()
        .unwrap();
    let sub = doc
        .get_dictionary(res)
        .unwrap()
        .get(kind.as_bytes())
        .ok()
        .cloned();
    match sub {
        Some(Object::Reference(r)) => {
            doc.get_dictionary_mut(r).unwrap().set(name, value);
        }
        Some(Object::Dictionary(mut d)) => {
            d.set(name, value);
            doc.get_dictionary_mut(res).unwrap().set(kind, d);
        }
        _ => {
            let mut d = Dictionary::new();
            d.set(name, value);
            doc.get_dictionary_mut(res).unwrap().set(kind, d);
        }
    }
}

fn image(doc: &mut Document, space: &str, w: i64, h: i64, samples: Vec<u8>) -> Object {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"XObject".to_vec()));
    d.set("Subtype", Object::Name(b"Image".to_vec()));
    d.set("Width", w);
    d.set("Height", h);
    d.set("ColorSpace", Object::Name(space.as_bytes().to_vec()));
    d.set("BitsPerComponent", 8);
    Object::Reference(doc.add_object(Stream::new(d, samples)))
}

fn form(doc: &mut Document, content: &[u8], group: bool) -> Object {
    let mut d = Dictionary::new();
    d.set("Type", Object::Name(b"XObject".to_vec()));
    d.set("Subtype", Object::Name(b"Form".to_vec()));
    d.set(
        "BBox",
        Object::Array(vec![0.into(), 0.into(), 100.into(), 100.into()]),
    );
    if group {
        let mut g = Dictionary::new();
        g.set("S", Object::Name(b"Transparency".to_vec()));
        d.set("Group", g);
    }
    Object::Reference(doc.add_object(Stream::new(d, content.to_vec())))
}

/// The preflight names `check` as an error on page 1 (or the document, for `None`).
#[track_caller]
fn names(findings: &Findings, check: &str, page: Option<usize>) {
    assert!(
        findings
            .violations
            .iter()
            .any(|v| v.check == check && v.page == page && v.severity == Severity::Error),
        "expected `{check}` on {page:?}, found:\n{}",
        findings
            .violations
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(!findings.passes());
}

#[test]
fn the_reference_page_and_the_supplied_ad_pass() {
    let page = x1a(reference());
    assert!(page.passes(), "{:#?}", page.violations);
    assert_eq!(page.pages, 1);
    let ad =
        std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/print/ad.pdf")).unwrap();
    let ad = x1a(&ad);
    assert!(ad.passes(), "{:#?}", ad.violations);
}

#[test]
fn an_rgb_fill_is_named() {
    let pdf = broken(|doc, page| append(doc, page, b"1 0 0 rg 100 100 50 50 re f"));
    names(&x1a(&pdf), "rgb-fill", Some(1));
}

#[test]
fn an_rgb_image_is_named() {
    let pdf = broken(|doc, page| {
        let im = image(doc, "DeviceRGB", 2, 2, vec![200; 12]);
        resource(doc, page, "XObject", "ImRgb", im);
        append(doc, page, b"q 50 0 0 50 100 100 cm /ImRgb Do Q");
    });
    names(&x1a(&pdf), "rgb-image", Some(1));
}

#[test]
fn an_inline_rgb_image_is_named() {
    let pdf = broken(|doc, page| {
        append(
            doc,
            page,
            b"q 10 0 0 10 100 100 cm\nBI /W 1 /H 1 /CS /RGB /BPC 8 ID \xff\x00\x00\nEI Q",
        )
    });
    names(&x1a(&pdf), "rgb-inline-image", Some(1));
}

#[test]
fn an_unembedded_font_is_named() {
    let pdf = broken(|doc, page| {
        let mut f = Dictionary::new();
        f.set("Type", Object::Name(b"Font".to_vec()));
        f.set("Subtype", Object::Name(b"Type1".to_vec()));
        f.set("BaseFont", Object::Name(b"Helvetica".to_vec()));
        let f = doc.add_object(f);
        resource(doc, page, "Font", "FHelv", Object::Reference(f));
        append(
            doc,
            page,
            b"BT /FHelv 12 Tf 0 0 0 1 k 100 100 Td (Ad) Tj ET",
        );
    });
    let findings = x1a(&pdf);
    names(&findings, "font-not-embedded", Some(1));
    assert!(findings.violations.iter().any(|v| v.object == "Helvetica"));
}

#[test]
fn a_page_without_trim_box_is_named() {
    let pdf = broken(|doc, page| {
        doc.get_dictionary_mut(page).unwrap().remove(b"TrimBox");
    });
    names(&x1a(&pdf), "no-trimbox", Some(1));
}

#[test]
fn a_trim_box_outside_the_bleed_box_is_named() {
    let pdf = broken(|doc, page| {
        let small = Object::Array(vec![10.into(), 10.into(), 500.into(), 500.into()]);
        doc.get_dictionary_mut(page).unwrap().set("BleedBox", small);
    });
    names(&x1a(&pdf), "trim-outside-bleed", Some(1));
}

#[test]
fn a_transparency_group_is_named() {
    let pdf = broken(|doc, page| {
        let fm = form(doc, b"0 0 0 1 k 0 0 10 10 re f", true);
        resource(doc, page, "XObject", "FmGroup", fm);
        append(doc, page, b"q /FmGroup Do Q");
    });
    names(&x1a(&pdf), "transparency-group", Some(1));
}

#[test]
fn a_soft_mask_is_named() {
    let pdf = broken(|doc, page| {
        let mut mask = Dictionary::new();
        mask.set("Type", Object::Name(b"Mask".to_vec()));
        mask.set("S", Object::Name(b"Luminosity".to_vec()));
        let mut gs = Dictionary::new();
        gs.set("Type", Object::Name(b"ExtGState".to_vec()));
        gs.set("SMask", mask);
        resource(doc, page, "ExtGState", "GSmask", Object::Dictionary(gs));
        append(doc, page, b"q /GSmask gs 0 0 0 1 k 100 100 50 50 re f Q");
    });
    names(&x1a(&pdf), "soft-mask", Some(1));
}

#[test]
fn a_300_percent_patch_is_named() {
    let pdf = broken(|doc, page| append(doc, page, b"0.75 0.75 0.75 0.75 k 100 100 50 50 re f"));
    names(&x1a(&pdf), "ink-limit", Some(1));
    // The same patch outside the bleed (a mark) is exempt.
    let pdf = broken(|doc, page| append(doc, page, b"0.75 0.75 0.75 0.75 k -80 -80 20 20 re f"));
    assert!(x1a(&pdf).passes());
}

#[test]
fn a_300_percent_image_is_named() {
    let pdf = broken(|doc, page| {
        let im = image(doc, "DeviceCMYK", 2, 2, vec![191; 16]);
        resource(doc, page, "XObject", "ImInk", im);
        append(doc, page, b"q 1 0 0 1 100 100 cm /ImInk Do Q");
    });
    names(&x1a(&pdf), "ink-limit-image", Some(1));
}

fn objects(images: &[(Dictionary, Vec<u8>)]) -> Vec<ImageObject<'_>> {
    images
        .iter()
        .map(|(d, c)| (d, c.as_slice(), None))
        .collect()
}

/// Every DeviceCMYK image XObject of a PDF: its dictionary and its bytes as stored.
fn cmyk_images(pdf: &[u8]) -> Vec<(Dictionary, Vec<u8>)> {
    let doc = Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| s.dict.get(b"ColorSpace").and_then(Object::as_name).ok() == Some(b"DeviceCMYK"))
        .map(|s| (s.dict.clone(), s.content.clone()))
        .collect()
}

/// How the test JPEGs keep their CMYK: as it is, or as YCCK (Adobe's transform 2).
#[derive(Clone, Copy)]
enum Stored {
    Cmyk,
    Ycck,
}

/// A 64-pixel CMYK JPEG of `ink` in every channel, stored inverted (Adobe's convention,
/// which `/Decode` undoes).
fn cmyk_jpeg(ink: u8, stored: Stored) -> Vec<u8> {
    use mozjpeg::{ColorSpace, Compress};
    let mut jpeg = Compress::new(ColorSpace::JCS_CMYK);
    jpeg.set_fastest_defaults();
    if let Stored::Ycck = stored {
        jpeg.set_color_space(ColorSpace::JCS_YCCK);
    }
    jpeg.set_size(64, 64);
    jpeg.set_quality(95.0);
    let mut jpeg = jpeg.start_compress(Vec::new()).unwrap();
    jpeg.write_scanlines(&[255 - ink; 64 * 64 * 4]).unwrap();
    jpeg.finish().unwrap()
}

/// The reference page with a 64-pixel CMYK JPEG of `ink` in every channel on it, stored as
/// `stored` says, with the Adobe inversion `/Decode` undoes.
fn with_jpeg(ink: u8, stored: Stored) -> Vec<u8> {
    placed_jpeg(cmyk_jpeg(ink, stored), 64)
}

/// The reference page with `jpeg` on it as a CMYK image whose dictionary says it is
/// `side` pixels square.
fn placed_jpeg(jpeg: Vec<u8>, side: i64) -> Vec<u8> {
    broken(|doc, page| {
        let im = image(doc, "DeviceCMYK", side, side, jpeg);
        let id = im.as_reference().unwrap();
        let dict = &mut doc
            .get_object_mut(id)
            .unwrap()
            .as_stream_mut()
            .unwrap()
            .dict;
        dict.set("Filter", Object::Name(b"DCTDecode".to_vec()));
        dict.set(
            "Decode",
            Object::Array([1, 0, 1, 0, 1, 0, 1, 0].map(Object::Integer).to_vec()),
        );
        resource(doc, page, "XObject", "ImJpeg", im);
        append(doc, page, b"q 64 0 0 64 100 100 cm /ImJpeg Do Q");
    })
}

/// A CMYK JPEG stored as YCCK (Adobe's transform 2, as libjpeg and Photoshop may write
/// CMYK) is decoded and measured like any other: at 75 % of every ink it is named, at 50 %
/// it passes (it was once refused as undecodable).
#[test]
fn a_ycck_jpeg_is_measured_not_refused() {
    names(
        &x1a(&with_jpeg(191, Stored::Ycck)),
        "ink-limit-image",
        Some(1),
    );
    let half = x1a(&with_jpeg(128, Stored::Ycck));
    assert!(half.passes(), "{:?}", half.violations);
}

/// A JPEG that is not what its dictionary says is named, never measured as if it were:
/// fewer pixels than its size, bytes no decoder reads, or three channels for four.
#[test]
fn a_jpeg_unlike_its_dictionary_is_named() {
    let jpeg = cmyk_jpeg(128, Stored::Cmyk);
    let findings = x1a(&placed_jpeg(jpeg.clone(), 128));
    names(&findings, "image-data", Some(1));
    assert!(
        findings
            .violations
            .iter()
            .any(|v| v.message.contains("fewer samples")),
        "{:?}",
        findings.violations
    );
    // Its start of image followed by bytes from the middle of its headers.
    let garbled = jpeg[..2].iter().chain(&jpeg[40..]).copied().collect();
    names(&x1a(&placed_jpeg(garbled, 64)), "image-data", Some(1));
    let mut rgb = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_RGB);
    rgb.set_size(64, 64);
    let mut rgb = rgb.start_compress(Vec::new()).unwrap();
    rgb.write_scanlines(&[128; 64 * 64 * 3]).unwrap();
    names(
        &x1a(&placed_jpeg(rgb.finish().unwrap(), 64)),
        "image-data",
        Some(1),
    );
    // The whole file, for contrast, passes.
    assert!(x1a(&placed_jpeg(jpeg, 64)).passes());
}

/// The ink measured while a plate is written stands in for the check's own measurement of
/// the same image only: an image whose bytes or any dictionary entry the measurement reads
/// differ is measured afresh. The findings are the same either way.
#[test]
fn ink_measured_ahead_is_taken_only_for_the_same_image() {
    let pdf = with_jpeg(191, Stored::Cmyk);
    let rules = Rules::new(Profile::PdfX1a);
    let fresh = check(&pdf, &rules);
    names(&fresh, "ink-limit-image", Some(1));
    let images = cmyk_images(&pdf);
    // The reference page's two photos and the patch.
    assert_eq!(images.len(), 3);

    let mut memo = Memo::default();
    let ahead = |memo: &Memo, images: &[(Dictionary, Vec<u8>)]| -> Vec<_> {
        objects(images)
            .into_iter()
            .filter_map(|image| memo.measure_ahead(image, &rules))
            .collect()
    };
    let measured = ahead(&memo, &images);
    memo.expect(measured);
    let taken = check_with(&pdf, &rules, &mut memo);
    assert_eq!(memo.taken_ahead, 3);
    assert_eq!(taken.violations, fresh.violations);

    // Measured ahead without the inversion: a different measurement, not taken.
    let altered: Vec<(Dictionary, Vec<u8>)> = images
        .iter()
        .map(|(d, c)| {
            let mut d = d.clone();
            d.remove(b"Decode");
            (d, c.clone())
        })
        .collect();
    let measured = ahead(&memo, &altered);
    memo.expect(measured);
    let again = check_with(&pdf, &rules, &mut memo);
    assert_eq!(memo.taken_ahead, 0);
    assert_eq!(again.violations, fresh.violations);
}

/// The ink the writer counted on the samples it encoded is the measurement of that image:
/// it is taken as it says, not checked by decoding. A count of other pixels, or over
/// another threshold, is not this image's; the image is then decoded.
#[test]
fn ink_counted_by_the_writer_is_taken_for_its_image_only() {
    let ink_message = |found: &Findings| -> String {
        let named = found
            .violations
            .iter()
            .find(|v| v.check == "ink-limit-image");
        named.unwrap().message.clone()
    };
    let pdf = with_jpeg(191, Stored::Cmyk);
    let rules = Rules::new(Profile::PdfX1a);
    let images = cmyk_images(&pdf);
    let patch = images
        .iter()
        .position(|(d, _)| d.get(b"Width").and_then(Object::as_i64).ok() == Some(64))
        .unwrap();
    let threshold = rules.ink_limit + JPEG_TOLERANCE;
    let counted = |pixels: usize, threshold: f64, ink: u8| {
        let mut count = InkCount::new(threshold);
        count.add(&vec![ink; pixels * 4], false);
        count
    };
    let check_counted = |count: &InkCount| -> Findings {
        let mut memo = Memo::default();
        let ahead: Vec<_> = objects(&images)
            .into_iter()
            .enumerate()
            .filter_map(|(i, (d, c, _))| {
                memo.measure_ahead((d, c, (i == patch).then_some(count)), &rules)
            })
            .collect();
        memo.expect(ahead);
        let found = check_with(&pdf, &rules, &mut memo);
        assert_eq!(memo.taken_ahead, 3);
        found
    };
    // The patch carries 300 % of ink; a count of its pixels that says none does is taken.
    let taken = check_counted(&counted(64 * 64, threshold, 0));
    assert!(
        taken
            .violations
            .iter()
            .all(|v| v.check != "ink-limit-image")
    );
    // A count that says all carry 400 % is named with the count's figures.
    let heavy = check_counted(&counted(64 * 64, threshold, 255));
    names(&heavy, "ink-limit-image", Some(1));
    let message = ink_message(&heavy);
    assert!(message.contains("4096 of 4096 pixels") && message.contains("up to 400 %"));
    // A pixel short, or counted over the limit without the JPEG's tolerance: decoded.
    for other in [
        counted(64 * 64 - 1, threshold, 0),
        counted(64 * 64, rules.ink_limit, 0),
    ] {
        let decoded = check_counted(&other);
        names(&decoded, "ink-limit-image", Some(1));
        let message = ink_message(&decoded);
        assert!(message.contains("up to 30"), "{message}");
    }
}

#[test]
fn no_output_intent_is_named() {
    let pdf = broken(|doc, _| {
        doc.catalog_mut().unwrap().remove(b"OutputIntents");
    });
    names(&x1a(&pdf), "output-intent", None);
}

#[test]
fn a_wrong_version_is_named() {
    let pdf = broken(|doc, _| doc.version = "1.6".into());
    names(&x1a(&pdf), "version", None);
}

#[test]
fn four_colour_black_text_is_named() {
    let pdf = broken(|doc, page| {
        append(
            doc,
            page,
            b"BT /F0 12 Tf 0.6 0.5 0.5 1 k 100 100 Td <0001> Tj ET",
        )
    });
    names(&x1a(&pdf), "four-colour-black-text", Some(1));
}

#[test]
fn black_text_that_knocks_out_is_named() {
    let pdf = broken(|doc, page| {
        append(
            doc,
            page,
            b"/GSko gs BT /F0 12 Tf 0 0 0 1 k 100 100 Td <0001> Tj ET",
        )
    });
    names(&x1a(&pdf), "black-text-knockout", Some(1));
}

#[test]
fn white_set_to_overprint_is_named() {
    let pdf = broken(|doc, page| append(doc, page, b"/GSop gs 0 0 0 0 k 100 100 50 50 re f"));
    names(&x1a(&pdf), "white-overprint", Some(1));
}

#[test]
fn an_rgb_fill_inside_a_form_is_named() {
    let pdf = broken(|doc, page| {
        let fm = form(doc, b"1 0 0 rg 0 0 10 10 re f", false);
        resource(doc, page, "XObject", "FmRgb", fm);
        append(doc, page, b"q 1 0 0 1 100 100 cm /FmRgb Do Q");
    });
    let findings = x1a(&pdf);
    names(&findings, "rgb-fill", Some(1));
}

#[test]
fn a_named_rgb_colour_space_is_named() {
    let pdf = broken(|doc, page| {
        let res = doc
            .get_dictionary(page)
            .unwrap()
            .get(b"Resources")
            .unwrap()
            .as_reference()
            .unwrap();
        let mut spaces = Dictionary::new();
        spaces.set("CSrgb", Object::Name(b"DeviceRGB".to_vec()));
        doc.get_dictionary_mut(res)
            .unwrap()
            .set("ColorSpace", spaces);
        append(doc, page, b"/CSrgb cs 1 0 0 sc 100 100 50 50 re f");
    });
    names(&x1a(&pdf), "rgb-fill", Some(1));
}

#[test]
fn a_file_that_is_not_a_pdf_is_one_finding_not_a_panic() {
    let findings = x1a(b"%PDF-1.3\nthis is not a pdf");
    names(&findings, "unreadable", None);
}

#[test]
fn the_screen_profile_takes_rgb_and_pdfx4_needs_xmp() {
    let pdf = broken(|doc, page| append(doc, page, b"1 0 0 rg 100 100 50 50 re f"));
    assert!(check(&pdf, &Rules::new(Profile::Screen)).passes());
    let x4 = check(reference(), &Rules::new(Profile::PdfX4));
    names(&x4, "xmp", None);
}

/// The preflight names `check` as a warning on page 1, and the file still passes.
#[track_caller]
fn warns(findings: &Findings, check: &str) {
    assert!(
        findings
            .violations
            .iter()
            .any(|v| v.check == check && v.page == Some(1) && v.severity == Severity::Warning),
        "expected a `{check}` warning, found:\n{}",
        findings
            .violations
            .iter()
            .map(|v| v.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    );
    assert!(findings.passes());
}

#[test]
fn newsprint_minimums_are_warned_of() {
    // Reversed (white) text under 10 pt.
    let pdf =
        broken(|doc, page| append(doc, page, b"BT /F0 7 Tf 0 0 0 0 k 100 100 Td <0001> Tj ET"));
    warns(&x1a(&pdf), "small-reversed-text");
    // Text in several inks under 10 pt.
    let pdf =
        broken(|doc, page| append(doc, page, b"BT /F0 8 Tf 0 1 1 0 k 100 100 Td <0001> Tj ET"));
    warns(&x1a(&pdf), "small-colour-text");
    // A hairline under 0.25 pt, and a thin black rule that knocks out.
    let pdf = broken(|doc, page| append(doc, page, b"0.1 w 0 0 0 1 K 100 100 m 200 100 l S"));
    let findings = x1a(&pdf);
    warns(&findings, "thin-rule");
    warns(&findings, "black-rule-knockout");
    // A photo under 170 ppi where it is placed.
    let pdf = broken(|doc, page| {
        let im = image(doc, "DeviceGray", 10, 10, vec![128; 100]);
        resource(doc, page, "XObject", "ImCoarse", im);
        append(doc, page, b"q 72 0 0 72 100 100 cm /ImCoarse Do Q");
    });
    warns(&x1a(&pdf), "low-resolution");
}

#[test]
fn what_a_clip_hides_is_not_judged() {
    // A 300 % patch outside the clip in force, and one cut away by a form's BBox.
    let pdf = broken(|doc, page| {
        let fm = form(doc, b"0.75 0.75 0.75 0.75 k 200 200 50 50 re f", false);
        resource(doc, page, "XObject", "FmClipped", fm);
        append(
            doc,
            page,
            b"q 10 10 5 5 re W n 0.75 0.75 0.75 0.75 k 100 100 50 50 re f Q q /FmClipped Do Q",
        );
    });
    let findings = x1a(&pdf);
    assert!(findings.passes(), "{:#?}", findings.violations);
    // Inside the clip it is judged.
    let pdf = broken(|doc, page| {
        append(
            doc,
            page,
            b"q 90 90 100 100 re W n 0.75 0.75 0.75 0.75 k 100 100 50 50 re f Q",
        )
    });
    names(&x1a(&pdf), "ink-limit", Some(1));
}

#[test]
fn colour_hidden_in_masks_patterns_type3_glyphs_and_stroked_text_is_found() {
    // A stencil mask painted in RGB.
    let pdf = broken(|doc, page| {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"XObject".to_vec()));
        d.set("Subtype", Object::Name(b"Image".to_vec()));
        d.set("Width", 8);
        d.set("Height", 1);
        d.set("ImageMask", true);
        let mask = doc.add_object(Stream::new(d, vec![0x55]));
        resource(doc, page, "XObject", "ImMask", Object::Reference(mask));
        append(
            doc,
            page,
            b"q 1 0 0 1 0 0 cm 0 0 1 rg 50 0 0 50 100 100 cm /ImMask Do Q",
        );
    });
    names(&x1a(&pdf), "rgb-fill", Some(1));
    // A shading pattern in RGB, and an uncoloured pattern's RGB base.
    let pdf = broken(|doc, page| {
        let mut shading = Dictionary::new();
        shading.set("ShadingType", 2);
        shading.set("ColorSpace", Object::Name(b"DeviceRGB".to_vec()));
        let mut pattern = Dictionary::new();
        pattern.set("PatternType", 2);
        pattern.set("Shading", shading);
        resource(doc, page, "Pattern", "PaRgb", Object::Dictionary(pattern));
        append(doc, page, b"/Pattern cs /PaRgb scn 100 100 50 50 re f");
    });
    names(&x1a(&pdf), "rgb-shading", Some(1));
    // A Type3 font whose glyph paints in RGB.
    let pdf = broken(|doc, page| {
        let glyph = doc.add_object(Stream::new(
            Dictionary::new(),
            b"0 0 d0 1 0 0 rg 0 0 500 500 re f".to_vec(),
        ));
        let mut procs = Dictionary::new();
        procs.set("a", Object::Reference(glyph));
        let mut f = Dictionary::new();
        f.set("Type", Object::Name(b"Font".to_vec()));
        f.set("Subtype", Object::Name(b"Type3".to_vec()));
        f.set("CharProcs", procs);
        f.set(
            "FontMatrix",
            Object::Array(vec![
                0.001.into(),
                0.into(),
                0.into(),
                0.001.into(),
                0.into(),
                0.into(),
            ]),
        );
        let f = doc.add_object(f);
        resource(doc, page, "Font", "FT3", Object::Reference(f));
        append(doc, page, b"BT /FT3 12 Tf 100 100 Td (a) Tj ET");
    });
    names(&x1a(&pdf), "rgb-fill", Some(1));
    // Text filled in K and stroked in RGB (render mode 2).
    let pdf = broken(|doc, page| {
        append(
            doc,
            page,
            b"/GSop gs BT /F0 12 Tf 2 Tr 0 0 0 1 k 1 0 0 RG 100 100 Td <0001> Tj ET",
        )
    });
    names(&x1a(&pdf), "rgb-text", Some(1));
}

#[test]
fn a_transparent_page_group_and_absurd_image_sizes_are_named() {
    let pdf = broken(|doc, page| {
        let mut g = Dictionary::new();
        g.set("S", Object::Name(b"Transparency".to_vec()));
        doc.get_dictionary_mut(page).unwrap().set("Group", g);
    });
    names(&x1a(&pdf), "transparency-group", Some(1));
    let pdf = broken(|doc, page| {
        let im = image(
            doc,
            "DeviceCMYK",
            4_294_967_296,
            4_294_967_296,
            vec![250; 16],
        );
        resource(doc, page, "XObject", "ImHuge", im);
        append(doc, page, b"q 10 0 0 10 100 100 cm /ImHuge Do Q");
    });
    names(&x1a(&pdf), "image-data", Some(1));
}

#[test]
fn white_overprint_vanishes_only_in_overprint_mode_1() {
    // /OP and /op on, /OPM 0: CMYK zeros knock out, so the white prints.
    let pdf = broken(|doc, page| {
        let mut gs = Dictionary::new();
        gs.set("Type", Object::Name(b"ExtGState".to_vec()));
        gs.set("OP", true);
        gs.set("op", true);
        gs.set("OPM", 0);
        resource(doc, page, "ExtGState", "GSop0", Object::Dictionary(gs));
        append(doc, page, b"q /GSop0 gs 0 0 0 0 k 100 100 50 50 re f Q");
    });
    assert!(x1a(&pdf).passes());
    // Gray white overprinting vanishes whatever the mode.
    let pdf = broken(|doc, page| append(doc, page, b"/GSop gs 1 g 100 100 50 50 re f"));
    names(&x1a(&pdf), "white-overprint", Some(1));
}
