//! RGB to newsprint CMYK (or gray) without an ICC profile: a documented formula with
//! black generation, a tone curve for newsprint's dot gain and the ink limit.
//!
//! For each pixel, with `r, g, b` the 8-bit sRGB values scaled to 0–1:
//!
//! 1. `c′ = 1 − r`, `m′ = 1 − g`, `y′ = 1 − b`; `n = min(c′, m′, y′)`, the neutral part.
//! 2. Black generation, full GCR (newsprint profiles use heavy GCR with an early black
//!    start; the fullest is `k = n`): every neutral part is black ink, so greys and
//!    shadows print on the black plate alone and stay in register. The chromatic inks are
//!    what remains when `k` is taken out, `c = (c′ − k) / (1 − k)` (and so for m, y), so that
//!    `1 − (1 − c)(1 − k) = c′`: the colour is kept, its grey is carried by black alone.
//! 3. Tone curve: newsprint prints a dot `a` as `1 − (1 − a)^p`, `p = 2.112`, which is the
//!    26 % tone value increase at the 40 % patch of ISO 12647-3; each ink is set to the dot
//!    that prints as the wanted tone, `a′ = 1 − (1 − a)^(1/p)`. Solids stay solid.
//! 4. Ink limit: if `c + m + y + k` exceeds the limit, c, m and y are scaled down together
//!    (black is kept: it carries the detail) until the sum equals the limit.
//!
//! `photos = "gray"` turns RGB into black ink alone: `k = tone(1 − luma)`, Rec. 601 luma.
//! Gray photos themselves go to the plate as they are.

/// The tone curve of newsprint's dot gain.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ToneCurve {
    /// `p` in `printed = 1 − (1 − a)^p`.
    pub exponent: f64,
}

impl ToneCurve {
    /// ISO 12647-3 coldset newsprint: 26 % gain at 40 % (a 40 % dot prints as 66 %).
    pub const NEWSPRINT: ToneCurve = ToneCurve { exponent: 2.112 };

    /// The dot that prints as `tone`.
    pub fn compensate(self, tone: f64) -> f64 {
        1.0 - (1.0 - tone.clamp(0.0, 1.0)).powf(1.0 / self.exponent)
    }

    /// How a dot prints.
    pub fn printed(self, dot: f64) -> f64 {
        1.0 - (1.0 - dot.clamp(0.0, 1.0)).powf(self.exponent)
    }
}

/// How a photo's colour was made fit for the plate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Conversion {
    /// Embedded as it came: gray or CMYK that fits the profile, or RGB for the screen.
    PassThrough,
    /// Converted by the formula of this module.
    Formula,
    /// Converted through the paper's ICC output profile (its description).
    Icc(String),
}

/// Holds 8-bit CMYK pixels to the ink limit (percent): where C + M + Y + K exceeds it,
/// C, M and Y are scaled down together and black is kept.
pub fn limit_ink(cmyk: &mut [u8], ink_limit: f64) {
    let limit = (ink_limit / 100.0 * 255.0) as f32;
    for px in cmyk.chunks_exact_mut(4) {
        let cmy = px[0] as f32 + px[1] as f32 + px[2] as f32;
        let total = cmy + px[3] as f32;
        if total > limit && cmy > 0.0 {
            let scale = ((limit - px[3] as f32) / cmy).max(0.0);
            for v in &mut px[..3] {
                *v = (*v as f32 * scale).floor() as u8;
            }
        }
    }
}

/// The tone curve as a table over the 256 dot values.
fn tone_table(curve: ToneCurve) -> [u8; 256] {
    let mut t = [0u8; 256];
    for (i, v) in t.iter_mut().enumerate() {
        *v = (curve.compensate(i as f64 / 255.0) * 255.0).round() as u8;
    }
    t
}

/// The formula's conversion of sRGB to newsprint CMYK, its tables built once: integer
/// arithmetic throughout, a few nanoseconds a pixel, and a row at a time, so a photo is
/// converted as it is encoded and never held whole in CMYK.
pub struct CmykFormula {
    tone: [u8; 256],
    /// What remains of an ink `x` when black `k` is taken out, through the tone curve, for
    /// every pair (`x ≥ k`) at `[k][x]`: 64 KiB instead of three divisions a pixel, indexed
    /// by bytes (no bounds to check).
    under: Box<[[u8; 256]; 256]>,
    /// The ink limit in 8-bit units (255 is one solid ink).
    limit: u32,
}

impl CmykFormula {
    /// The conversion for `curve` and `ink_limit` (percent: 240 = 2.4 of 4.0).
    pub fn new(curve: ToneCurve, ink_limit: f64) -> CmykFormula {
        let tone = tone_table(curve);
        let mut under: Box<[[u8; 256]; 256]> = vec![[0u8; 256]; 256]
            .into_boxed_slice()
            .try_into()
            .expect("256 rows");
        for k in 0..255u32 {
            let d = 255 - k;
            for x in k..=255 {
                under[k as usize][x as usize] = tone[(((x - k) * 255 + d / 2) / d) as usize];
            }
        }
        under[255][255] = tone[0];
        CmykFormula {
            tone,
            under,
            limit: (ink_limit / 100.0 * 255.0).floor() as u32,
        }
    }

    /// One pixel: `[c, m, y, k]`, 0 = no ink.
    #[inline]
    pub fn pixel(&self, r: u8, g: u8, b: u8) -> [u8; 4] {
        let [c0, m0, y0] = [r, g, b].map(|v| 255 - v);
        // Full GCR: the neutral part is black.
        let k = c0.min(m0).min(y0);
        let row = &self.under[usize::from(k)];
        let (mut c, mut m, mut y) = (
            u32::from(row[usize::from(c0)]),
            u32::from(row[usize::from(m0)]),
            u32::from(row[usize::from(y0)]),
        );
        let k = u32::from(self.tone[usize::from(k)]);
        let cmy = c + m + y;
        if cmy + k > self.limit && cmy > 0 {
            // Scaled down together, rounded down: never over the limit.
            let room = self.limit.saturating_sub(k);
            c = c * room / cmy;
            m = m * room / cmy;
            y = y * room / cmy;
        }
        [c as u8, m as u8, y as u8, k as u8]
    }
}

/// Converts 8-bit sRGB pixels to 8-bit CMYK (0 = no ink). `ink_limit` is in percent
/// (240 = 2.4 of 4.0).
pub fn rgb_to_cmyk(rgb: &[u8], curve: ToneCurve, ink_limit: f64) -> Vec<u8> {
    let formula = CmykFormula::new(curve, ink_limit);
    let mut out = vec![0u8; rgb.len() / 3 * 4];
    for (px, o) in rgb.chunks_exact(3).zip(out.chunks_exact_mut(4)) {
        o.copy_from_slice(&formula.pixel(px[0], px[1], px[2]));
    }
    out
}

/// Converts 8-bit sRGB pixels (or gray ones, `channels == 1`) to black ink, 0 = paper.
pub fn gray_to_k(pixels: &[u8], channels: usize, curve: ToneCurve) -> Vec<u8> {
    let tone = tone_table(curve);
    pixels
        .chunks_exact(channels)
        .map(|px| {
            // Rec. 601 luma in 1/1000ths, rounded.
            let luma = if channels >= 3 {
                (299 * px[0] as u32 + 587 * px[1] as u32 + 114 * px[2] as u32 + 500) / 1000
            } else {
                px[0] as u32
            };
            tone[255 - luma as usize]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(r: u8, g: u8, b: u8, limit: f64) -> [f64; 4] {
        let v = rgb_to_cmyk(&[r, g, b], ToneCurve::NEWSPRINT, limit);
        [v[0], v[1], v[2], v[3]].map(|x| x as f64 / 255.0)
    }

    #[test]
    fn white_is_paper_and_black_is_black_ink_alone() {
        assert_eq!(one(255, 255, 255, 240.0), [0.0; 4]);
        let black = one(0, 0, 0, 240.0);
        assert_eq!(
            black,
            [0.0, 0.0, 0.0, 1.0],
            "pure black is K only: {black:?}"
        );
    }

    #[test]
    fn a_neutral_grey_is_carried_by_black_and_a_pure_hue_by_its_inks() {
        let grey = one(100, 100, 100, 240.0);
        assert!(
            grey[0] < 0.01 && grey[1] < 0.01 && grey[2] < 0.01,
            "{grey:?}"
        );
        assert!(grey[3] > 0.3, "{grey:?}");
        let cyan = one(0, 255, 255, 240.0);
        assert!(
            cyan[0] > 0.99 && cyan[1] == 0.0 && cyan[2] == 0.0 && cyan[3] == 0.0,
            "{cyan:?}"
        );
    }

    #[test]
    fn the_tone_curve_undoes_newsprint_gain() {
        let curve = ToneCurve::NEWSPRINT;
        // A 40 % dot prints as 66 %: ISO 12647-3's 26 % gain.
        assert!((curve.printed(0.4) - 0.66).abs() < 0.005);
        for tone in [0.0, 0.1, 0.4, 0.7, 1.0] {
            assert!((curve.printed(curve.compensate(tone)) - tone).abs() < 1e-9);
        }
        assert_eq!(curve.compensate(1.0), 1.0, "solids stay solid");
    }

    #[test]
    fn no_pixel_exceeds_the_ink_limit() {
        for limit in [200.0, 220.0, 240.0, 300.0] {
            for r in (0..=255).step_by(15) {
                for g in (0..=255).step_by(15) {
                    for b in (0..=255).step_by(15) {
                        let v =
                            rgb_to_cmyk(&[r as u8, g as u8, b as u8], ToneCurve::NEWSPRINT, limit);
                        let total: u32 = v.iter().map(|&x| x as u32).sum();
                        assert!(
                            total as f64 / 255.0 * 100.0 <= limit + 1e-9,
                            "{r} {g} {b}: {v:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn gray_is_luma_through_the_curve() {
        assert_eq!(gray_to_k(&[255, 0], 1, ToneCurve::NEWSPRINT), vec![0, 255]);
        let mid = gray_to_k(&[128, 128, 128], 3, ToneCurve::NEWSPRINT)[0];
        // 50 % tone is set as a smaller dot that grows to 50 % on newsprint.
        assert!(mid < 100 && mid > 60, "{mid}");
    }
}

#[cfg(test)]
mod limit_tests {
    use super::limit_ink;

    #[test]
    fn limit_ink_scales_cmy_and_keeps_black() {
        let mut px = [255, 255, 255, 255, 10, 20, 30, 40];
        limit_ink(&mut px, 240.0);
        let total: u32 = px[..4].iter().map(|v| *v as u32).sum();
        assert!(total as f64 <= 2.4 * 255.0, "{px:?}");
        assert_eq!(px[3], 255, "black is kept");
        assert_eq!(
            &px[4..],
            &[10, 20, 30, 40],
            "a pixel under the limit is untouched"
        );
    }
}

#[cfg(test)]
mod table_tests {
    use super::*;

    /// The conversion as first written, a division per ink: the table must give the same
    /// bytes.
    fn by_division(rgb: &[u8], curve: ToneCurve, ink_limit: f64) -> Vec<u8> {
        let tone = tone_table(curve);
        let limit = (ink_limit / 100.0 * 255.0).floor() as u32;
        let mut out = Vec::new();
        for px in rgb.chunks_exact(3) {
            let [c0, m0, y0] = [px[0], px[1], px[2]].map(|v| 255 - v as u32);
            let k = c0.min(m0).min(y0);
            let under = |x: u32| {
                if k >= 255 {
                    0
                } else {
                    let d = 255 - k;
                    ((x - k) * 255 + d / 2) / d
                }
            };
            let (mut c, mut m, mut y) = (
                tone[under(c0) as usize] as u32,
                tone[under(m0) as usize] as u32,
                tone[under(y0) as usize] as u32,
            );
            let k = tone[k as usize] as u32;
            let cmy = c + m + y;
            if cmy + k > limit && cmy > 0 {
                let room = limit.saturating_sub(k);
                c = c * room / cmy;
                m = m * room / cmy;
                y = y * room / cmy;
            }
            out.extend([c as u8, m as u8, y as u8, k as u8]);
        }
        out
    }

    #[test]
    fn the_table_gives_the_bytes_of_the_division() {
        let mut rgb = Vec::new();
        for r in (0..=255u32).step_by(3) {
            for g in (0..=255u32).step_by(5) {
                for b in (0..=255u32).step_by(7) {
                    rgb.extend([r as u8, g as u8, b as u8]);
                }
            }
        }
        rgb.extend([0, 0, 0, 255, 255, 255, 1, 1, 1, 254, 254, 254]);
        for limit in [200.0, 240.0, 300.0] {
            assert!(
                rgb_to_cmyk(&rgb, ToneCurve::NEWSPRINT, limit)
                    == by_division(&rgb, ToneCurve::NEWSPRINT, limit)
            );
        }
    }
}
