//! Plates: photos embedded as they came or converted within the ink limit, EXIF
//! orientation, overprint, boxes and marks, PDF/X-4, and the same bytes every time.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use broadsheet::display::Item;
use broadsheet::plate::Profile;
use broadsheet::preflight::{Rules, check};
use lopdf::{Document, Object};

fn fixture(name: &str) -> PathBuf {
    common::root().join(format!("fixtures/{name}/layout.toml"))
}

/// Every image XObject of a PDF: its dictionary and raw (still encoded) bytes.
fn images(pdf: &[u8]) -> Vec<(lopdf::Dictionary, Vec<u8>)> {
    let doc = Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .filter(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Image")
        })
        .map(|s| (s.dict.clone(), s.content.clone()))
        .collect()
}

/// A CMYK JPEG's samples as stored, read by zune-jpeg (no code shared with the libjpeg the
/// plate is written with).
fn decode_cmyk(jpeg: &[u8]) -> Vec<u8> {
    let options = zune_core::options::DecoderOptions::default()
        .jpeg_set_out_colorspace(zune_core::colorspace::ColorSpace::CMYK);
    zune_jpeg::JpegDecoder::new_with_options(zune_core::bytestream::ZCursor::new(jpeg), options)
        .decode()
        .unwrap()
}

fn name(d: &lopdf::Dictionary, key: &[u8]) -> String {
    String::from_utf8_lossy(d.get(key).unwrap().as_name().unwrap()).into_owned()
}

#[test]
fn gray_and_cmyk_jpegs_are_embedded_byte_for_byte() {
    for (fixture_name, file, space) in [
        ("photo-gray-passes-through", "gray.jpg", "DeviceGray"),
        ("photo-cmyk-passes-through", "cmyk.jpg", "DeviceCMYK"),
    ] {
        let rendered = broadsheet::render(&fixture(fixture_name)).unwrap();
        let source = std::fs::read(common::root().join("fixtures/print").join(file)).unwrap();
        let found = images(&rendered.pdf);
        assert_eq!(found.len(), 1);
        let (dict, bytes) = &found[0];
        assert!(bytes == &source, "{file} is not embedded as it is");
        assert_eq!(name(dict, b"ColorSpace"), space);
        assert_eq!(name(dict, b"Filter"), "DCTDecode");
        if space == "DeviceCMYK" {
            // Photoshop-style inverted samples, read back the right way round.
            let decode: Vec<f32> = dict
                .get(b"Decode")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|v| v.as_float().unwrap())
                .collect();
            assert_eq!(decode, [1.0, 0.0, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0]);
        }
        assert!(
            rendered.preflight.passes(),
            "{:?}",
            rendered.preflight.violations
        );
    }
}

#[test]
fn a_converted_photo_stays_within_the_ink_limit() {
    let rendered = common::reference();
    let limit = rendered.plate.ink_limit;
    let cmyk: Vec<_> = images(&rendered.pdf)
        .into_iter()
        .filter(|(d, _)| name(d, b"ColorSpace") == "DeviceCMYK")
        .collect();
    assert_eq!(cmyk.len(), 2, "both RGB photos are converted to CMYK");
    for (dict, jpeg) in cmyk {
        let samples = decode_cmyk(&jpeg);
        let inverted = dict.get(b"Decode").is_ok();
        let mut totals: Vec<f64> = samples
            .chunks_exact(4)
            .map(|p| {
                p.iter()
                    .map(|v| if inverted { 255 - v } else { *v } as f64)
                    .sum::<f64>()
                    / 255.0
                    * 100.0
            })
            .collect();
        totals.sort_by(f64::total_cmp);
        let p999 = totals[totals.len() * 999 / 1000];
        let max = *totals.last().unwrap();
        // The conversion holds every pixel to the limit; JPEG's rounding may overshoot
        // it by a few percent at edges (tolerance: 99.9 % of pixels within 3 %, none
        // beyond the preflight's 10 %).
        assert!(
            p999 <= limit + 3.0,
            "99.9th percentile {p999:.1} % over {limit} %"
        );
        assert!(
            max <= limit + broadsheet::preflight::JPEG_TOLERANCE,
            "max {max:.1} %"
        );
        eprintln!("converted photo: max {max:.1} %, 99.9th percentile {p999:.1} %");
    }
}

/// The writer counts the ink of the samples it converts as they go to the encoder, and the
/// render's preflight takes that count for the photo: of every pixel, over the limit and
/// the JPEG's overshoot. The formula holds every sample to the limit, and the JPEG read back
/// overshoots the count's most by less than the tolerance the count is made for.
#[test]
fn the_writer_counts_the_ink_of_the_samples_it_converts() {
    use broadsheet::preflight::JPEG_TOLERANCE;
    let rendered = common::reference();
    let limit = rendered.plate.ink_limit;
    let (_, counted) = broadsheet::export::write_pdf_each_image(
        &rendered.document,
        &rendered.book,
        &rendered.plate,
        &mut broadsheet::export::Memo::default(),
        |(dict, jpeg, count)| (dict.clone(), jpeg.to_vec(), count.cloned()),
    )
    .unwrap();
    let converted: Vec<_> = counted
        .into_iter()
        .filter(|(d, _, _)| name(d, b"ColorSpace") == "DeviceCMYK")
        .collect();
    assert_eq!(converted.len(), 2);
    for (dict, jpeg, count) in converted {
        let count = count.expect("a converted photo's ink is counted");
        let side = |k: &[u8]| dict.get(k).unwrap().as_i64().unwrap() as u64;
        assert_eq!(count.pixels(), side(b"Width") * side(b"Height"));
        assert_eq!(count.threshold(), limit + JPEG_TOLERANCE);
        assert_eq!(count.over(), 0);
        assert!(count.most() <= limit + 0.5, "most {:.1} %", count.most());
        assert!(count.most() > 100.0, "most {:.1} %", count.most());
        let decoded = decode_cmyk(&jpeg);
        let most = decoded
            .chunks_exact(4)
            .map(|p| p.iter().map(|v| f64::from(255 - v)).sum::<f64>() / 2.55)
            .fold(0.0, f64::max);
        assert!(
            most <= count.most() + JPEG_TOLERANCE,
            "decoded {most:.1} %, counted {:.1} %",
            count.most()
        );
    }
    // The render's own preflight, which took the counts, finds what a check of the file
    // (which decodes) finds.
    let rules = Rules {
        ink_limit: limit,
        min_ppi: rendered.plate.min_ppi,
        ..Rules::new(rendered.plate.profile)
    };
    assert_eq!(
        rendered.preflight.violations,
        check(&rendered.pdf, &rules).violations
    );
}

/// The plate's CMYK photo is its source through the newsprint formula, every row in its
/// place: the file decoded by another decoder (zune-jpeg, under the image crate), put
/// through the formula here, and compared with the plate's JPEG read back; they differ by
/// no more than the two JPEG codings' rounding.
#[test]
fn a_converted_photo_is_its_source_through_the_formula() {
    use broadsheet::plate::{CmykFormula, ToneCurve};
    let rendered = common::reference();
    let source = common::root().join("fixtures/2023-01-18/photos/a1.jpg");
    let rgb = image::open(&source).unwrap().into_rgb8();
    let (dict, jpeg) = images(&rendered.pdf)
        .into_iter()
        .find(|(d, _)| {
            d.get(b"Width").and_then(lopdf::Object::as_i64).ok() == Some(rgb.width().into())
                && d.get(b"Height").and_then(lopdf::Object::as_i64).ok()
                    == Some(rgb.height().into())
        })
        .expect("a1.jpg is embedded at its own size");
    assert_eq!(name(&dict, b"ColorSpace"), "DeviceCMYK");
    let plate = decode_cmyk(&jpeg);
    let formula = CmykFormula::new(ToneCurve::NEWSPRINT, rendered.plate.ink_limit);
    let mut total = 0u64;
    let mut far = 0usize;
    for (px, ink) in rgb.as_raw().chunks_exact(3).zip(plate.chunks_exact(4)) {
        let want = formula.pixel(px[0], px[1], px[2]);
        for (w, stored) in want.iter().zip(ink) {
            let d = w.abs_diff(255 - stored);
            total += u64::from(d);
            far += usize::from(d > 24);
        }
    }
    assert_eq!(plate.len() / 4, rgb.as_raw().len() / 3);
    let mean = total as f64 / plate.len() as f64;
    assert!(mean < 2.0, "mean difference {mean:.2} levels");
    assert!(far * 1000 < plate.len(), "{far} samples far off");
}

#[test]
fn exif_orientation_6_prints_upright() {
    let rendered = broadsheet::render(&fixture("photo-exif-rotated")).unwrap();
    let clip = rendered.document.pages[0]
        .items
        .iter()
        .find_map(|i| match i {
            Item::Image { clip, .. } => Some(*clip),
            _ => None,
        })
        .unwrap();
    let dpi = 144.0;
    let page = &broadsheet::preview(&rendered, dpi, false).unwrap()[0];
    let px = |v: broadsheet::geom::Pt| (v.get() * dpi / 72.0) as u32;
    let red = |x: u32, y: u32| {
        let [r, g, b] = page.rgb(x, y);
        r > 180 && g < 90 && b < 90
    };
    let green = |x: u32, y: u32| {
        let [r, g, b] = page.rgb(x, y);
        g > 120 && r < 110 && b < 110
    };
    let (x0, y0, x1, y1) = (px(clip.x), px(clip.y), px(clip.right()), px(clip.bottom()));
    // The upright photo's top-left corner is red, its top-right green, its bottom-left
    // neither: the stored image lies on its side.
    assert!(
        red(x0 + 6, y0 + 6),
        "top left is {:?}",
        page.rgb(x0 + 6, y0 + 6)
    );
    assert!(
        green(x1 - 5, y0 + 5),
        "top right is {:?}",
        page.rgb(x1 - 5, y0 + 5)
    );
    assert!(!red(x0 + 6, y1 - 6) && !green(x0 + 6, y1 - 6));
}

#[test]
fn black_text_and_thin_black_rules_overprint_and_photos_knock_out() {
    let rendered = common::reference();
    let doc = Document::load_mem(&rendered.pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let (mut overprint, mut fill) = (false, Vec::new());
    let (mut texts, mut images) = (0, 0);
    for op in &content.operations {
        match op.operator.as_str() {
            "gs" => overprint = op.operands[0].as_name().unwrap() == b"GSop",
            "k" => fill = op.operands.iter().map(|v| v.as_float().unwrap()).collect(),
            "Tj" | "TJ" if fill == [0.0, 0.0, 0.0, 1.0] => {
                assert!(overprint, "100 % K text knocks out");
                texts += 1;
            }
            "Tj" | "TJ" => assert!(!overprint, "text in {fill:?} overprints"),
            "Do" => {
                assert!(!overprint, "a photo overprints");
                images += 1;
            }
            _ => {}
        }
    }
    assert!(texts > 100 && images == 2, "{texts} texts, {images} images");
    // The states themselves: /OP and /op true with /OPM 1, and the knockout back.
    let states: Vec<lopdf::Dictionary> = doc
        .objects
        .values()
        .filter_map(|o| o.as_dict().ok())
        .filter_map(|d| d.get(b"GSop").ok().and_then(|s| s.as_dict().ok()).cloned())
        .collect();
    let op = &states[0];
    assert!(op.get(b"OP").unwrap().as_bool().unwrap());
    assert!(op.get(b"op").unwrap().as_bool().unwrap());
    assert_eq!(op.get(b"OPM").unwrap().as_i64().unwrap(), 1);
}

#[test]
fn the_reference_page_is_pdfx_1a() {
    let rendered = common::reference();
    let pdf = &rendered.pdf;
    assert!(pdf.starts_with(b"%PDF-1.3"));
    let doc = Document::load_mem(pdf).unwrap();
    let info = doc
        .get_dictionary(doc.trailer.get(b"Info").unwrap().as_reference().unwrap())
        .unwrap();
    let s = |k: &[u8]| String::from_utf8_lossy(info.get(k).unwrap().as_str().unwrap()).into_owned();
    assert_eq!(s(b"GTS_PDFXVersion"), "PDF/X-1:2001");
    assert_eq!(s(b"GTS_PDFXConformance"), "PDF/X-1a:2001");
    // Dates from the issue date (2023-01-18), never the clock.
    assert_eq!(s(b"CreationDate"), "D:20230118000000+08'00'");
    assert_eq!(s(b"ModDate"), s(b"CreationDate"));
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");
    let intents = doc
        .catalog()
        .unwrap()
        .get(b"OutputIntents")
        .unwrap()
        .as_array()
        .unwrap();
    assert_eq!(intents.len(), 1);
    let intent = doc.dereference(&intents[0]).unwrap().1.as_dict().unwrap();
    assert_eq!(
        intent
            .get(b"OutputConditionIdentifier")
            .unwrap()
            .as_str()
            .unwrap(),
        b"IFRA26"
    );
    assert!(check(pdf, &Rules::new(Profile::PdfX1a)).passes());
    // No bleed by default: BleedBox = TrimBox = MediaBox.
    let page = doc
        .get_dictionary(*doc.get_pages().get(&1).unwrap())
        .unwrap();
    let b = |k: &[u8]| page.get(k).unwrap().clone();
    assert_eq!(b(b"TrimBox"), b(b"BleedBox"));
    assert_eq!(b(b"TrimBox"), b(b"MediaBox"));
}

fn boxes(pdf: &[u8]) -> [[f32; 4]; 4] {
    let doc = Document::load_mem(pdf).unwrap();
    let page = doc
        .get_dictionary(*doc.get_pages().get(&1).unwrap())
        .unwrap();
    [b"MediaBox" as &[u8], b"CropBox", b"BleedBox", b"TrimBox"].map(|k| {
        let a = page.get(k).unwrap().as_array().unwrap();
        [0, 1, 2, 3].map(|i| a[i].as_float().unwrap())
    })
}

#[test]
fn bleed_and_marks_nest_the_boxes_and_previews_show_the_trim() {
    let spec = common::variant(
        "thread-mid-word",
        &[(
            "[page]",
            "[output]\nbleed = 3\nmarks = [\"crop\", \"registration\", \"color_bar\", \"slug\"]\n\n[page]",
        )],
    );
    let rendered = broadsheet::render(&spec).unwrap();
    let [media, crop, bleed, trim] = boxes(&rendered.pdf);
    assert_eq!(media, crop);
    let mm3 = 3.0 * 72.0 / 25.4;
    for i in 0..2 {
        assert!(
            (trim[i] - bleed[i] - mm3).abs() < 0.01,
            "{trim:?} {bleed:?}"
        );
        assert!((bleed[i + 2] - trim[i + 2] - mm3).abs() < 0.01);
        assert!(media[i] < bleed[i] && media[i + 2] > bleed[i + 2]);
    }
    let width = (trim[2] - trim[0]) as f64;
    assert!((width - rendered.spec.width.get()).abs() < 0.01);
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );
    // The preview is the trim, not the sheet with its marks.
    let page = &broadsheet::preview(&rendered, 72.0, false).unwrap()[0];
    assert!(
        (page.width as f64 - width).abs() <= 2.0,
        "{} px for {width} pt",
        page.width
    );
    // The registration colour is the `All` separation, and the slug names the page.
    let text = String::from_utf8_lossy(&rendered.pdf).into_owned();
    assert!(
        text.contains("/Separation /All /DeviceCMYK")
            || text.contains("/Separation/All/DeviceCMYK")
    );
    // Without marks or bleed, all boxes are the trim.
    let plain = broadsheet::render(&fixture("thread-mid-word")).unwrap();
    let [media, crop, bleed, trim] = boxes(&plain.pdf);
    assert!(media == crop && crop == bleed && bleed == trim);
}

#[test]
fn pdfx_4_embeds_the_output_profile_and_writes_xmp() {
    // A CMYK output-profile header: enough for the output intent (the profile's tables
    // are the plant's business; a real one is checked in CI with Ghostscript's).
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("pdfx4");
    std::fs::create_dir_all(&dir).unwrap();
    let mut icc = vec![0u8; 132];
    icc[0..4].copy_from_slice(&132u32.to_be_bytes());
    icc[12..16].copy_from_slice(b"prtr");
    icc[16..20].copy_from_slice(b"CMYK");
    icc[20..24].copy_from_slice(b"Lab ");
    icc[36..40].copy_from_slice(b"acsp");
    let icc_path = dir.join("newsprint.icc");
    std::fs::write(&icc_path, &icc).unwrap();
    let spec = common::variant(
        "thread-mid-word",
        &[(
            "[page]",
            &format!(
                "[output]\n# (two spaces: the test helper rewrites `file = \"` paths)\nprofile  = \"pdfx-4\"\nicc = \"{}\"\n\n[page]",
                icc_path.display()
            ),
        )],
    );
    let rendered = broadsheet::render(&spec).unwrap();
    assert!(rendered.pdf.starts_with(b"%PDF-1.6"));
    let text = String::from_utf8_lossy(&rendered.pdf).into_owned();
    assert!(text.contains("<pdfxid:GTS_PDFXVersion>PDF/X-4</pdfxid:GTS_PDFXVersion>"));
    assert!(text.contains("/DestOutputProfile"));
    let x4 = check(&rendered.pdf, &Rules::new(Profile::PdfX4));
    assert!(x4.passes(), "{:?}", x4.violations);
    // The XMP IDs are the trailer's.
    let doc = Document::load_mem(&rendered.pdf).unwrap();
    let id = doc.trailer.get(b"ID").unwrap().as_array().unwrap()[0]
        .as_str()
        .unwrap()
        .to_vec();
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    assert!(
        text.contains(&format!("uuid:{}", &hex[..8])),
        "XMP IDs follow the trailer ID"
    );
}

#[test]
fn the_screen_profile_keeps_an_rgb_jpeg_as_it_came() {
    let options = broadsheet::Options {
        profile: Some(Profile::Screen),
        ..Default::default()
    };
    let rendered = broadsheet::render_with(&fixture("photo-caption-credit"), &options).unwrap();
    let source = std::fs::read(common::root().join("fixtures/2023-01-18/photos/a2.jpg")).unwrap();
    let found = images(&rendered.pdf);
    assert_eq!(found.len(), 1);
    assert!(found[0].1 == source);
    assert_eq!(name(&found[0].0, b"ColorSpace"), "DeviceRGB");
    assert!(!String::from_utf8_lossy(&rendered.pdf).contains("GTS_PDFX"));
}

#[test]
fn the_same_input_gives_the_same_bytes_in_one_process_and_across_thread_counts() {
    let spec = common::reference_spec();
    let a = broadsheet::render(&spec).unwrap().pdf;
    let b = broadsheet::render(&spec).unwrap().pdf;
    assert!(a == b, "two renders in one process differ");
    let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("threads");
    std::fs::create_dir_all(&out).unwrap();
    for threads in ["1", "8"] {
        let file = out.join(format!("front-{threads}.pdf"));
        let status = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args([
                "render",
                spec.to_str().unwrap(),
                "-o",
                file.to_str().unwrap(),
            ])
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(
            status.status.success(),
            "{}",
            String::from_utf8_lossy(&status.stderr)
        );
        assert!(
            std::fs::read(&file).unwrap() == a,
            "RAYON_NUM_THREADS={threads} differs"
        );
    }
}

#[test]
fn a_supplied_ad_is_imported_whole_and_one_that_does_not_fit_the_profile_is_refused() {
    let rendered = broadsheet::render(&fixture("artwork-ad-slot")).unwrap();
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );
    let doc = Document::load_mem(&rendered.pdf).unwrap();
    let form = doc
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .find(|s| {
            s.dict
                .get(b"Subtype")
                .and_then(Object::as_name)
                .is_ok_and(|n| n == b"Form")
        })
        .expect("the ad is a Form XObject");
    let bbox: Vec<f32> = form
        .dict
        .get(b"BBox")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_float().unwrap())
        .collect();
    assert_eq!(bbox, [0.0, 0.0, 369.0, 180.0]);
    // Its drawing came along: the ad's overprinting black and its cyan panel.
    let content = form
        .decompressed_content()
        .unwrap_or_else(|_| form.content.clone());
    let text = String::from_utf8_lossy(&content);
    assert!(
        text.contains(" k"),
        "the ad's content was not copied: {text:.200}"
    );

    // The same ad with an RGB fill added: refused, with the fault and the file named.
    let mut ad =
        Document::load_mem(&std::fs::read(common::root().join("fixtures/print/ad.pdf")).unwrap())
            .unwrap();
    let page = *ad.get_pages().get(&1).unwrap();
    let extra = ad.add_object(lopdf::Stream::new(
        lopdf::Dictionary::new(),
        b"1 0 0 rg 10 10 20 20 re f".to_vec(),
    ));
    let dict = ad.get_dictionary_mut(page).unwrap();
    let old = dict.get(b"Contents").unwrap().clone();
    dict.set(
        "Contents",
        Object::Array(vec![old, Object::Reference(extra)]),
    );
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rgb-ad");
    std::fs::create_dir_all(&dir).unwrap();
    let bad = dir.join("rgb-ad.pdf");
    ad.save(&bad).unwrap();
    let spec = common::variant(
        "artwork-ad-slot",
        // Two spaces: the helper makes `file = "…"` paths absolute from the fixture.
        &[(
            "file = \"../print/ad.pdf\"",
            &format!("file  = \"{}\"", bad.display()),
        )],
    );
    let e = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(
        e.contains("rgb-ad.pdf") && e.contains("rgb-fill") && e.contains("pdfx-1a"),
        "{e}"
    );
}

#[test]
fn spot_inks_print_on_their_own_plate_only_where_the_press_has_one() {
    let spots = "[spots]\n\"PANTONE 185 C\" = [0, 91, 76, 0]\n\n";
    let rule = "[[rule]]\nkind = \"fill\"\narea = { column = 1, line = 9, lines = 1 }\ncolor = { spot = \"PANTONE 185 C\", tint = 50 }\n\n";
    let gray = "body = { font = \"song\", size = 9.0, indent = 2.0, color = { gray = 60 } }";
    let variant = |output: &str| {
        common::variant(
            "thread-mid-word",
            &[
                ("[page]", &format!("{output}{spots}{rule}[page]")),
                ("body = { font = \"song\", size = 9.0, indent = 2.0 }", gray),
            ],
        )
    };
    // No unit for it: the tint becomes its process alternate.
    let process = broadsheet::render(&variant("")).unwrap();
    let content = page_content(&process.pdf);
    assert!(content.contains("0 0.455 0.38 0 k"), "{content:.400}");
    assert!(content.contains("0.4 g"), "gray text is black ink alone");
    assert!(!String::from_utf8_lossy(&process.pdf).contains("PANTONE"));
    assert!(process.preflight.passes());
    // Listed as a unit on the press: a Separation with its name and alternate.
    let spot = broadsheet::render(&variant("[output]\nspots = [\"PANTONE 185 C\"]\n\n")).unwrap();
    let content = page_content(&spot.pdf);
    assert!(
        content.contains("/CSspot0 cs") && content.contains("0.5 scn"),
        "{content:.400}"
    );
    let doc = Document::load_mem(&spot.pdf).unwrap();
    let named = doc.objects.values().any(|o| {
        o.as_array().is_ok_and(|a| {
            a.len() == 4
                && a[0].as_name().is_ok_and(|n| n == b"Separation")
                && a[1].as_name().is_ok_and(|n| n == b"PANTONE 185 C")
        })
    });
    assert!(named, "no Separation named PANTONE 185 C");
    assert!(spot.preflight.passes());
    assert!(
        spot.preflight
            .violations
            .iter()
            .any(|v| v.check == "spot-colour")
    );
}

fn page_content(pdf: &[u8]) -> String {
    let doc = Document::load_mem(pdf).unwrap();
    let page = *doc.get_pages().get(&1).unwrap();
    String::from_utf8_lossy(&doc.get_page_content(page)).into_owned()
}

fn fake_cmyk_icc(dir: &Path, name: &str, version: u8) -> PathBuf {
    // A CMYK output-profile header: enough for the output intent's checks.
    let mut icc = vec![0u8; 132];
    icc[0..4].copy_from_slice(&132u32.to_be_bytes());
    icc[8] = version;
    icc[12..16].copy_from_slice(b"prtr");
    icc[16..20].copy_from_slice(b"CMYK");
    icc[20..24].copy_from_slice(b"Lab ");
    icc[36..40].copy_from_slice(b"acsp");
    std::fs::create_dir_all(dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, &icc).unwrap();
    path
}

#[test]
fn a_supplied_page_keeps_its_rotation_and_is_judged_by_what_it_brings() {
    // The ad with /Rotate 90: shown 180 wide and 369 high, so in its 3-column slot it is
    // scaled to the slot's height and turned clockwise.
    let mut ad =
        Document::load_mem(&std::fs::read(common::root().join("fixtures/print/ad.pdf")).unwrap())
            .unwrap();
    let page = *ad.get_pages().get(&1).unwrap();
    ad.get_dictionary_mut(page).unwrap().set("Rotate", 90);
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("rotated-ad");
    std::fs::create_dir_all(&dir).unwrap();
    let rotated = dir.join("rotated.pdf");
    ad.save(&rotated).unwrap();
    let spec = common::variant(
        "artwork-ad-slot",
        &[(
            "file = \"../print/ad.pdf\"",
            &format!("file  = \"{}\"", rotated.display()),
        )],
    );
    let rendered = broadsheet::render(&spec).unwrap();
    let content = page_content(&rendered.pdf);
    let cm = content
        .lines()
        .zip(content.lines().skip(1))
        .find(|(_, next)| next.contains("/Fm0 Do"))
        .map(|(cm, _)| cm.to_string())
        .unwrap();
    let m: Vec<f64> = cm
        .split_whitespace()
        .take(6)
        .map(|v| v.parse().unwrap())
        .collect();
    // Turned a quarter clockwise: x goes down the page, y goes right.
    assert!(
        m[0].abs() < 1e-6 && m[3].abs() < 1e-6 && m[1] < 0.0 && m[2] > 0.0,
        "{cm}"
    );
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );

    // The PDF/X-1a ad on a PDF/X-4 page: its own identification does not matter.
    let icc = fake_cmyk_icc(&dir, "x4.icc", 4);
    let spec = common::variant(
        "artwork-ad-slot",
        &[(
            "[page]",
            &format!(
                "[output]\nprofile  = \"pdfx-4\"\nicc = \"{}\"\n\n[page]",
                icc.display()
            ),
        )],
    );
    let x4 = broadsheet::render(&spec).unwrap();
    assert!(x4.preflight.passes(), "{:?}", x4.preflight.violations);
}

#[test]
fn pdfx_1a_takes_only_a_version_2_cmyk_output_profile() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("icc-versions");
    let v4 = fake_cmyk_icc(&dir, "v4.icc", 4);
    let spec = common::variant(
        "thread-mid-word",
        &[(
            "[page]",
            &format!("[output]\nicc = \"{}\"\n\n[page]", v4.display()),
        )],
    );
    let e = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(e.contains("version 4") && e.contains("output.icc"), "{e}");
    let v2 = fake_cmyk_icc(&dir, "v2.icc", 2);
    let spec = common::variant(
        "thread-mid-word",
        &[(
            "[page]",
            &format!("[output]\nicc = \"{}\"\n\n[page]", v2.display()),
        )],
    );
    let rendered = broadsheet::render(&spec).unwrap();
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );
    assert!(String::from_utf8_lossy(&rendered.pdf).contains("/DestOutputProfile"));
}
