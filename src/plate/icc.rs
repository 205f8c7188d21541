//! Colour through ICC profiles (moxcms): a photo's own profile to the paper's output
//! profile, or to sRGB for the formula of [`super::convert`].

use moxcms::{ColorProfile, Layout, RenderingIntent, TransformOptions};

fn profile(data: Option<&[u8]>) -> Result<ColorProfile, String> {
    match data {
        Some(d) => ColorProfile::new_from_slice(d).map_err(|e| format!("{e:?}")),
        None => Ok(ColorProfile::new_srgb()),
    }
}

fn options() -> TransformOptions {
    TransformOptions {
        rendering_intent: RenderingIntent::Perceptual,
        ..TransformOptions::default()
    }
}

/// RGB pixels in `source` (untagged: sRGB) to CMYK (0 = no ink) through the output
/// profile `output`, then held to the ink limit (percent) as the formula does.
pub fn rgb_to_cmyk_icc(
    rgb: &[u8],
    source: Option<&[u8]>,
    output: &[u8],
    ink_limit: f64,
) -> Result<Vec<u8>, String> {
    let src =
        profile(source).map_err(|e| format!("the photo's ICC profile cannot be read: {e}"))?;
    let dst = ColorProfile::new_from_slice(output)
        .map_err(|e| format!("the output profile cannot be read: {e:?}"))?;
    let transform = src
        .create_transform_8bit(Layout::Rgb, &dst, Layout::Rgba, options())
        .map_err(|e| format!("no transform from the photo to the output profile: {e:?}"))?;
    let mut out = vec![0u8; rgb.len() / 3 * 4];
    transform
        .transform(rgb, &mut out)
        .map_err(|e| format!("the transform failed: {e:?}"))?;
    super::convert::limit_ink(&mut out, ink_limit);
    Ok(out)
}

/// RGB pixels in the profile `source` to sRGB (for the formula, which reads sRGB).
pub fn rgb_to_srgb(rgb: &[u8], source: &[u8]) -> Result<Vec<u8>, String> {
    let src = profile(Some(source))
        .map_err(|e| format!("the photo's ICC profile cannot be read: {e}"))?;
    let dst = ColorProfile::new_srgb();
    let transform = src
        .create_transform_8bit(Layout::Rgb, &dst, Layout::Rgb, options())
        .map_err(|e| format!("no transform from the photo's profile to sRGB: {e:?}"))?;
    let mut out = vec![0u8; rgb.len()];
    transform
        .transform(rgb, &mut out)
        .map_err(|e| format!("the transform failed: {e:?}"))?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_in_adobe_rgb_is_taken_to_srgb_and_an_srgb_one_is_kept() {
        let adobe = ColorProfile::new_adobe_rgb().encode().unwrap();
        let px = [40u8, 160, 90];
        let srgb = rgb_to_srgb(&px, &adobe).unwrap();
        // Adobe RGB's green is more saturated than sRGB's: the same numbers mean another
        // colour, which sRGB writes with more green and less red.
        assert!(srgb[1] > px[1] && srgb[0] < px[0], "{srgb:?}");
        let same = rgb_to_srgb(&px, &ColorProfile::new_srgb().encode().unwrap()).unwrap();
        for (a, b) in same.iter().zip(px) {
            assert!(a.abs_diff(b) <= 1, "{same:?}");
        }
    }

    #[test]
    fn a_profile_that_is_not_one_is_an_error_not_a_panic() {
        assert!(rgb_to_srgb(&[1, 2, 3], b"not a profile").is_err());
        assert!(rgb_to_cmyk_icc(&[1, 2, 3], None, &[0; 200], 240.0).is_err());
    }
}
