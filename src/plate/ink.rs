//! The total ink of the samples a photo is encoded from, counted as they go to the encoder:
//! how many pixels carry more than a threshold, and the most any carries. The plate's
//! preflight takes the count for the image it was made for instead of decoding the JPEG
//! again.

/// How far a JPEG's decoded pixels may overshoot the ink of the samples it was encoded
/// from, in percent: its rounding rings at sharp edges.
pub const JPEG_TOLERANCE: f64 = 10.0;

/// A threshold of total ink in percent as 255ths of 100 %: a pixel whose four samples sum
/// to more than this carries more than the threshold.
pub fn threshold_255(percent: f64) -> u32 {
    // 255 × percent is exact for whole percents (2.55 × percent is not: 400 % would be
    // 1019.99…).
    (percent * 255.0 / 100.0).floor().clamp(0.0, 1020.0) as u32
}

/// The total ink (C + M + Y + K) of pixels counted as they come: how many carry more than
/// a threshold, and the most any carries.
#[derive(Debug, Clone, PartialEq)]
pub struct InkCount {
    /// The threshold, in percent.
    threshold: f64,
    /// The same in 255ths.
    over_255: u32,
    pixels: u64,
    over: u64,
    /// The most ink of any pixel, in 255ths.
    most: u32,
}

impl InkCount {
    /// No pixels yet; pixels over `threshold` percent will be counted.
    pub fn new(threshold: f64) -> Self {
        Self {
            threshold,
            over_255: threshold_255(threshold),
            pixels: 0,
            over: 0,
            most: 0,
        }
    }

    /// Counts whole pixels of CMYK samples: inks (0 is no ink), or `inverted` (255 is no
    /// ink, as an Adobe CMYK JPEG stores them). No branch in the loop: the compiler takes
    /// several pixels at a time.
    pub fn add(&mut self, cmyk: &[u8], inverted: bool) {
        // A pixel's four bytes as one word, summed in two pairs and then the pairs.
        let sum = |px: &[u8; 4]| {
            let word = u32::from_le_bytes(*px);
            let pairs = (word & 0x00ff_00ff) + ((word >> 8) & 0x00ff_00ff);
            (pairs & 0xffff) + (pairs >> 16)
        };
        let (pixels, _) = cmyk.as_chunks::<4>();
        let mut over = 0u32;
        // An inverted pixel is over when its sum is under 1020 less the threshold; its
        // ink is 1020 less the least sum.
        let most = if inverted {
            let (under, mut least) = (1020 - self.over_255, u32::MAX);
            for px in pixels {
                let sum = sum(px);
                over += u32::from(sum < under);
                least = least.min(sum);
            }
            1020u32.saturating_sub(least)
        } else {
            let mut most = 0;
            for px in pixels {
                let sum = sum(px);
                over += u32::from(sum > self.over_255);
                most = most.max(sum);
            }
            most
        };
        self.pixels += pixels.len() as u64;
        self.over += u64::from(over);
        if !pixels.is_empty() {
            self.most = self.most.max(most);
        }
    }

    /// The threshold, in percent.
    pub fn threshold(&self) -> f64 {
        self.threshold
    }

    /// Pixels counted.
    pub fn pixels(&self) -> u64 {
        self.pixels
    }

    /// Pixels whose total is more than the threshold.
    pub fn over(&self) -> u64 {
        self.over
    }

    /// The most ink of any pixel, in percent (0 when none was counted).
    pub fn most(&self) -> f64 {
        f64::from(self.most) * 100.0 / 255.0
    }
}

#[cfg(test)]
mod tests {
    use super::InkCount;

    #[test]
    fn pixels_over_the_threshold_and_the_most_ink_are_counted() {
        // 70 % is 178.5 255ths: more than 178 is over it.
        let mut count = InkCount::new(70.0);
        count.add(
            &[0, 0, 0, 0, 255, 255, 255, 255, 100, 50, 25, 3, 9, 9],
            false,
        );
        count.add(&[76, 255, 255, 255, 77, 255, 255, 255], true);
        assert_eq!(count.pixels(), 5, "a partial pixel is not counted");
        assert_eq!(count.over(), 2, "255 × 4 and 179");
        assert_eq!(count.most(), 400.0);
        assert_eq!(InkCount::new(70.0).most(), 0.0);
        let mut none = InkCount::new(400.0);
        none.add(&[255; 8], false);
        assert_eq!((none.over(), none.pixels()), (0, 2));
    }

    /// The same pixels count the same stored as inks or inverted, however they are cut.
    #[test]
    fn inverted_samples_count_as_their_inks() {
        let inks: Vec<u8> = (0..4 * 1_001u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 24) as u8)
            .collect();
        let inverted: Vec<u8> = inks.iter().map(|v| 255 - v).collect();
        let mut a = InkCount::new(250.0);
        a.add(&inks, false);
        let mut b = InkCount::new(250.0);
        for strip in inverted.chunks(4 * 7) {
            b.add(strip, true);
        }
        assert_eq!(a, b);
        let totals = inks
            .chunks_exact(4)
            .map(|px| px.iter().map(|&v| u32::from(v)).sum::<u32>());
        assert_eq!(a.over(), totals.clone().filter(|&t| t > 637).count() as u64);
        assert!(a.over() > 0 && a.over() < 1_001);
        assert_eq!(a.most(), f64::from(totals.max().unwrap()) * 100.0 / 255.0);
    }
}
