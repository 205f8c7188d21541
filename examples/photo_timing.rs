//! Times the stages of converting one RGB photo for the plate: probe, decode, convert
//! (newsprint formula), JPEG-encode (as CMYK, and as YCCK 4:2:0,
//! with libjpeg-turbo's settings as the plate's encoder uses them). For #12's numbers:
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
    let (w, h) = (px.width as usize, px.height as usize);
    let encode = |stored, sampling: (u8, u8)| {
        let t = Instant::now();
        let mut jpeg = mozjpeg::Compress::new(mozjpeg::ColorSpace::JCS_CMYK);
        jpeg.set_fastest_defaults();
        jpeg.set_color_space(stored);
        for c in &mut jpeg.components_mut()[1..3] {
            (c.h_samp_factor, c.v_samp_factor) = (1, 1);
        }
        let first = &mut jpeg.components_mut()[0];
        (first.h_samp_factor, first.v_samp_factor) = (sampling.0.into(), sampling.1.into());
        if let Some(k) = jpeg.components_mut().get_mut(3) {
            (k.h_samp_factor, k.v_samp_factor) = (sampling.0.into(), sampling.1.into());
        }
        jpeg.set_size(w, h);
        jpeg.set_quality(90.0);
        let inverted: Vec<u8> = cmyk.iter().map(|v| 255 - v).collect();
        let mut jpeg = jpeg.start_compress(Vec::new()).unwrap();
        jpeg.write_scanlines(&inverted).unwrap();
        let out = jpeg.finish().unwrap();
        (t.elapsed(), out.len())
    };
    let full = encode(mozjpeg::ColorSpace::JCS_CMYK, (1, 1));
    let ycck = encode(mozjpeg::ColorSpace::JCS_YCCK, (2, 2));
    println!("probe {probe:?} decode {decode:?} convert {convert:?}");
    println!(
        "encode CMYK 4:4:4 {:?} ({} bytes); YCCK 4:2:0 {:?} ({} bytes)",
        full.0, full.1, ycck.0, ycck.1
    );
}
