//! A JPEG's header read without decoding: size, components, the Adobe marker, the EXIF
//! orientation, an ICC profile, and whether the file is whole.

use super::{PhotoColor, PhotoFormat};

/// Format, colour, width, height, orientation, ICC: or why the file cannot be used.
/// `data` is the image up to its end-of-image marker (see [`end`]).
pub(super) fn probe(data: &[u8]) -> Result<(PhotoFormat, PhotoColor, u32, u32, u8, bool), String> {
    let mut at = 2;
    let mut adobe = false;
    let mut orientation = 1;
    let mut icc = false;
    let mut frame = None;
    while at + 4 <= data.len() {
        if data[at] != 0xff {
            // Stray bytes between segments: skipped, as libjpeg does.
            at += 1;
            continue;
        }
        let marker = data[at + 1];
        if marker == 0xff {
            at += 1; // fill byte
            continue;
        }
        if matches!(marker, 0x00 | 0x01 | 0xd0..=0xd8) {
            at += 2;
            continue;
        }
        let len = u16::from_be_bytes([data[at + 2], data[at + 3]]) as usize;
        let body = data
            .get(at + 4..at + 2 + len)
            .filter(|_| len >= 2)
            .ok_or_else(|| format!("the segment at byte {at} runs past the end of the file"))?;
        match marker {
            0xc0..=0xc3 | 0xc5..=0xc7 | 0xc9..=0xcb | 0xcd..=0xcf => {
                if body.len() < 6 {
                    return Err("the frame header is too short".into());
                }
                let precision = body[0];
                let height = u16::from_be_bytes([body[1], body[2]]) as u32;
                let width = u16::from_be_bytes([body[3], body[4]]) as u32;
                if precision != 8 {
                    return Err(format!(
                        "has {precision}-bit samples; only 8-bit JPEGs can be printed"
                    ));
                }
                frame = Some((body[5], width, height));
            }
            0xee if body.starts_with(b"Adobe") => adobe = true,
            0xe1 if body.starts_with(b"Exif\0\0") => {
                orientation = exif_orientation(&body[6..]).unwrap_or(1);
            }
            0xe2 if body.starts_with(b"ICC_PROFILE\0") => icc = true,
            0xda | 0xd9 => break,
            _ => {}
        }
        at += 2 + len;
    }
    let (components, width, height) = frame.ok_or("has no frame header")?;
    let color = match components {
        1 => PhotoColor::Gray,
        3 => PhotoColor::Rgb,
        4 => PhotoColor::Cmyk { adobe },
        n => {
            return Err(format!(
                "has {n} colour components; 1, 3 or 4 are printable"
            ));
        }
    };
    Ok((PhotoFormat::Jpeg, color, width, height, orientation, icc))
}

/// The Orientation tag (0x0112) of a TIFF structure's first IFD, if it is 1–8.
pub(super) fn exif_orientation(tiff: &[u8]) -> Option<u8> {
    let big = match tiff.get(..2)? {
        b"MM" => true,
        b"II" => false,
        _ => return None,
    };
    let u16_at = |i: usize| -> Option<u16> {
        let b = [*tiff.get(i)?, *tiff.get(i + 1)?];
        Some(if big {
            u16::from_be_bytes(b)
        } else {
            u16::from_le_bytes(b)
        })
    };
    let u32_at = |i: usize| -> Option<u32> {
        let b = [
            *tiff.get(i)?,
            *tiff.get(i + 1)?,
            *tiff.get(i + 2)?,
            *tiff.get(i + 3)?,
        ];
        Some(if big {
            u32::from_be_bytes(b)
        } else {
            u32::from_le_bytes(b)
        })
    };
    let ifd = u32_at(4)? as usize;
    let count = u16_at(ifd)? as usize;
    (0..count.min(512)).find_map(|i| {
        let entry = ifd + 2 + i * 12;
        (u16_at(entry)? == 0x0112)
            .then(|| u16_at(entry + 8))
            .flatten()
            .filter(|v| (1..=8).contains(v))
            .map(|v| v as u8)
    })
}

/// Where the image ends: just after its end-of-image marker, found by walking the
/// segments and the entropy-coded data of every scan (in which every 0xFF is followed by
/// 0x00 or a restart marker). `None` when the data ends first: the file is truncated (a
/// decoder would fill the missing rows with grey and say nothing). Bytes after the marker
/// (a phone's appended video, a thumbnail trailer) are not part of the image.
pub(super) fn end(data: &[u8]) -> Option<usize> {
    let mut at = 2;
    while at < data.len() {
        // The next marker: stray bytes and fill bytes skipped.
        while at < data.len() && data[at] != 0xff {
            at += 1;
        }
        while at < data.len() && data[at] == 0xff {
            at += 1;
        }
        let marker = *data.get(at)?;
        at += 1;
        match marker {
            0xd9 => return Some(at),
            0x00 | 0x01 | 0xd0..=0xd8 => continue,
            _ => {}
        }
        let len = u16::from_be_bytes([*data.get(at)?, *data.get(at + 1)?]) as usize;
        if len < 2 {
            return None;
        }
        at += len;
        if marker == 0xda {
            // Entropy-coded data up to the next real marker.
            while at + 1 < data.len() {
                if data[at] == 0xff && !matches!(data[at + 1], 0x00 | 0xd0..=0xd7 | 0xff) {
                    break;
                }
                at += 1;
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_end_is_the_real_end_of_image_marker() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/print/gray.jpg");
        let jpeg = std::fs::read(path).unwrap();
        assert_eq!(end(&jpeg), Some(jpeg.len()));
        // A trailer with a stray start-of-scan and no end marker: the image still ends
        // where it did.
        let mut trailed = jpeg.clone();
        trailed.extend_from_slice(b"ftypmp4\xff\xda\x00\x08junk....");
        assert_eq!(end(&trailed), Some(jpeg.len()));
        // Cut anywhere inside: truncated.
        for cut in [jpeg.len() / 3, jpeg.len() - 3] {
            assert_eq!(end(&jpeg[..cut]), None, "cut at {cut}");
        }
    }

    #[test]
    fn exif_orientation_is_read_in_both_byte_orders() {
        // II, 42, IFD at 8; one entry: 0x0112 SHORT 1 value 6.
        let le = [
            b'I', b'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, 6, 0, 0, 0, 0, 0,
        ];
        assert_eq!(exif_orientation(&le), Some(6));
        let be = [
            b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 8, 0, 0, 0, 0,
        ];
        assert_eq!(exif_orientation(&be), Some(8));
        assert_eq!(exif_orientation(&be[..12]), None);
    }
}
