//! Times the stages of converting one photo for the plate (decode, convert, encode).
use std::time::Instant;
fn main() {
    let path = std::env::args().nth(1).expect("a photo");
    let data = std::fs::read(&path).unwrap();
    let t = Instant::now();
    let photo = broadsheet::photo::probe_photo(path.as_ref(), std::sync::Arc::from(data)).unwrap();
    let probe = t.elapsed();
    let t = Instant::now();
    let px = broadsheet::photo::decode_pixels(&photo, (photo.width, photo.height)).unwrap();
    let decode = t.elapsed();
    let t = Instant::now();
    let cmyk =
        broadsheet::plate::rgb_to_cmyk(&px.data, broadsheet::plate::ToneCurve::NEWSPRINT, 240.0);
    let convert = t.elapsed();
    let t = Instant::now();
    let mut out = Vec::new();
    jpeg_encoder::Encoder::new(&mut out, 90)
        .encode(
            &cmyk,
            px.width as u16,
            px.height as u16,
            jpeg_encoder::ColorType::Cmyk,
        )
        .unwrap();
    let encode = t.elapsed();
    println!(
        "probe {probe:?} decode {decode:?} convert {convert:?} encode {encode:?} ({} bytes)",
        out.len()
    );
}
