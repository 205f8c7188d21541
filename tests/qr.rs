//! QR codes: drawn as vector modules that scan back to their URL.

mod common;

use broadsheet::raster::Channels;

#[test]
fn the_printed_qr_code_decodes_to_its_url() {
    let spec = common::root().join("fixtures/qr-code/layout.toml");
    let rendered = broadsheet::render(&spec).unwrap();
    assert!(
        rendered.preflight.passes(),
        "{:?}",
        rendered.preflight.violations
    );
    let page = &broadsheet::raster::rasterize(&rendered.pdf, 200.0, Channels::Gray).unwrap()[0];
    let (w, h) = (page.width as usize, page.height as usize);
    let mut img = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| page.data[y * w + x]);
    let grids = img.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code on the page");
    let (_, url) = grids[0].decode().unwrap();
    assert_eq!(url, "https://www.zjgrrb.com/2023-01-18/1");
}

#[test]
fn a_qr_area_too_small_for_half_millimetre_modules_is_an_error_at_its_line() {
    let spec = common::variant(
        "qr-code",
        &[(
            "area = { column = 2, line = 0, lines = 10 }",
            "area = { column = 2, line = 0, lines = 1 }",
        )],
    );
    let e = broadsheet::render(&spec).unwrap_err().to_string();
    assert!(e.contains("layout.toml:25") && e.contains("0.5 mm"), "{e}");
}
