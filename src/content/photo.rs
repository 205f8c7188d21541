//! Decoding photos.

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A decoded photo: 8-bit RGB pixels.
#[derive(Debug, Clone, PartialEq)]
pub struct Photo {
    /// The file it came from.
    pub path: PathBuf,
    /// Width in pixels.
    pub width: u32,
    /// Height in pixels.
    pub height: u32,
    /// Row-major RGB bytes.
    pub rgb: Vec<u8>,
}

impl Photo {
    /// Cuts out a rectangle of pixels.
    pub fn crop(&self, x: u32, y: u32, w: u32, h: u32) -> Photo {
        let (x, y) = (x.min(self.width - 1), y.min(self.height - 1));
        let (w, h) = (w.clamp(1, self.width - x), h.clamp(1, self.height - y));
        let mut rgb = Vec::with_capacity((w * h * 3) as usize);
        for row in y..y + h {
            let start = ((row * self.width + x) * 3) as usize;
            rgb.extend_from_slice(&self.rgb[start..start + (w * 3) as usize]);
        }
        Photo {
            path: self.path.clone(),
            width: w,
            height: h,
            rgb,
        }
    }
}

/// Reads and decodes a JPEG or PNG photo.
pub fn load_photo(path: &Path) -> Result<Photo> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
    let image = image::load_from_memory(&bytes)
        .map_err(|e| Error::Image {
            path: path.to_path_buf(),
            message: e.to_string(),
        })?
        .into_rgb8();
    if image.width() == 0 || image.height() == 0 {
        return Err(Error::Image {
            path: path.to_path_buf(),
            message: "the image is empty".into(),
        });
    }
    Ok(Photo {
        path: path.to_path_buf(),
        width: image.width(),
        height: image.height(),
        rgb: image.into_raw(),
    })
}
