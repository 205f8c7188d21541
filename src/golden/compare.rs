//! Comparing two rasters with a tolerance, and the expected | diff | actual picture.

use crate::raster::{Channels, Raster};

/// How different two rasters may be and still match.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Tolerance {
    /// A pixel differs if any channel differs by more than this.
    pub channel: u8,
    /// The rasters match if at most this many pixels differ.
    pub pixels: usize,
}

impl Default for Tolerance {
    /// Anti-aliasing noise passes; one changed character (dozens of pixels) does not.
    fn default() -> Self {
        Self {
            channel: 24,
            pixels: 4,
        }
    }
}

/// The outcome of comparing an expected raster with an actual one.
#[derive(Debug, Clone)]
pub struct Comparison {
    /// Pixels that differ beyond the channel tolerance (all of them if the sizes differ).
    pub differing: usize,
    /// Whether the sizes differ.
    pub size_differs: bool,
    /// Bounding box of the differing pixels: (x0, y0, x1, y1), inclusive.
    pub bounds: Option<(u32, u32, u32, u32)>,
}

impl Comparison {
    /// Whether the actual raster passes.
    pub fn matches(&self, tolerance: &Tolerance) -> bool {
        !self.size_differs && self.differing <= tolerance.pixels
    }
}

/// Compares two rasters pixel by pixel.
pub fn compare(expected: &Raster, actual: &Raster, tolerance: &Tolerance) -> Comparison {
    if expected.width != actual.width || expected.height != actual.height {
        let n =
            expected.width.max(actual.width) as usize * expected.height.max(actual.height) as usize;
        return Comparison {
            differing: n,
            size_differs: true,
            bounds: None,
        };
    }
    let mut differing = 0;
    let mut bounds: Option<(u32, u32, u32, u32)> = None;
    for y in 0..expected.height {
        for x in 0..expected.width {
            if differs(expected.rgb(x, y), actual.rgb(x, y), tolerance.channel) {
                differing += 1;
                bounds = Some(match bounds {
                    None => (x, y, x, y),
                    Some((x0, y0, x1, y1)) => (x0.min(x), y0.min(y), x1.max(x), y1.max(y)),
                });
            }
        }
    }
    Comparison {
        differing,
        size_differs: false,
        bounds,
    }
}

fn differs(a: [u8; 3], b: [u8; 3], tolerance: u8) -> bool {
    a.iter().zip(&b).any(|(p, q)| p.abs_diff(*q) > tolerance)
}

/// Builds the picture a failure leaves behind: expected | diff | actual, side by side.
/// The diff panel shows the actual page faded, with differing pixels in red.
pub fn diff_image(expected: &Raster, actual: &Raster, tolerance: &Tolerance) -> Raster {
    let gap = 8;
    let w = expected.width.max(actual.width);
    let h = expected.height.max(actual.height);
    let mut out = Raster::white(3 * w + 2 * gap, h, Channels::Rgb);
    let mut put = |x: u32, y: u32, rgb: [u8; 3]| {
        let i = (y as usize * out.width as usize + x as usize) * 3;
        out.data[i..i + 3].copy_from_slice(&rgb);
    };
    for y in 0..h {
        for x in 0..w {
            let e = (x < expected.width && y < expected.height).then(|| expected.rgb(x, y));
            let a = (x < actual.width && y < actual.height).then(|| actual.rgb(x, y));
            if let Some(e) = e {
                put(x, y, e);
            }
            if let Some(a) = a {
                put(2 * (w + gap) + x, y, a);
            }
            let d = match (e, a) {
                (Some(e), Some(a)) if differs(e, a, tolerance.channel) => [230, 0, 0],
                (Some(_), Some(a)) => a.map(|v| 255 - (255 - v) / 4),
                _ => [230, 0, 0],
            };
            put(w + gap + x, y, d);
        }
    }
    out
}
