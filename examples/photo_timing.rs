//! Times the stages of converting one RGB photo for the plate: probe, decode, convert
//! (newsprint formula), JPEG-encode (as CMYK, and as YCCK 4:2:0). For #12's numbers:
//! `cargo run --release --example photo_timing -- PHOTO.jpg`.
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
    let curve = broadsheet::plate::ToneCurve::NEWSPRINT;
    let cmyk = broadsheet::plate::rgb_to_cmyk(&px.data, curve, 240.0);
    let convert = t.elapsed();
    let (w, h) = (px.width as u16, px.height as u16);
    let encode = |color, sampling| {
        let t = Instant::now();
        let mut out = Vec::new();
        let mut e = jpeg_encoder::Encoder::new(&mut out, 90);
        e.set_sampling_factor(sampling);
        e.encode(&cmyk, w, h, color).unwrap();
        (t.elapsed(), out.len())
    };
    let full = encode(
        jpeg_encoder::ColorType::Cmyk,
        jpeg_encoder::SamplingFactor::F_1_1,
    );
    let ycck = encode(
        jpeg_encoder::ColorType::CmykAsYcck,
        jpeg_encoder::SamplingFactor::F_2_2,
    );
    println!("probe {probe:?} decode {decode:?} convert {convert:?}");
    println!(
        "encode CMYK 4:4:4 {:?} ({} bytes); YCCK 4:2:0 {:?} ({} bytes)",
        full.0, full.1, ycck.0, ycck.1
    );
}
