//! A photo cache on disk (`render --cache DIR`, or `BROADSHEET_CACHE`): each photo's image
//! XObject as a write made it (decoded, converted to the plate's colour and encoded), kept
//! between processes, so a desk that renders the same pages again after a correction does
//! not convert the same photos again. Off unless asked for.
//!
//! An entry is named by a SHA-256 of everything the XObject is made from: the photo's
//! bytes, the size it is placed at, whether its page is mono, the plate's profile, ink
//! limit, largest resolution, gray photos and printing condition (an ICC profile by its
//! bytes), and the broadsheet binary that made it (its path, size and modification time:
//! a rebuilt binary, which may convert otherwise, reads none of an older one's entries).
//! An entry records the SHA-256 of its data and is used only if the data has it; an entry
//! that cannot be read or does not check is made again and replaced. Entries are written
//! atomically. The bytes out are the same with or without the cache, cold or warm.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::image::{Embedded, ImageReport, image_dict};
use super::memo::ImageKey;
use crate::plate::{Condition, Conversion};

/// The cache folder, and the binary its entries are for.
#[derive(Debug, Clone)]
pub struct PhotoCache {
    dir: PathBuf,
    build: [u8; 32],
}

/// What an entry says of its data (its first line, JSON).
#[derive(serde::Serialize, serde::Deserialize)]
struct Header {
    width: u32,
    height: u32,
    space: String,
    inverted: bool,
    conversion: String,
    icc: Option<String>,
    source: (u32, u32),
    color_in: String,
    embedded: (u32, u32),
    sha256: String,
}

impl PhotoCache {
    /// The cache in `dir` (made if missing).
    pub fn open(dir: &Path) -> crate::Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
        let mut build = Sha256::new();
        build.update(b"broadsheet photo cache 1");
        build.update(env!("CARGO_PKG_VERSION"));
        if let Ok(exe) = std::env::current_exe() {
            build.update(exe.to_string_lossy().as_bytes());
            if let Ok(meta) = std::fs::metadata(&exe) {
                build.update(meta.len().to_le_bytes());
                if let Ok(t) = meta.modified()
                    && let Ok(d) = t.duration_since(std::time::UNIX_EPOCH)
                {
                    build.update(d.as_nanos().to_le_bytes());
                }
            }
        }
        Ok(Self {
            dir: dir.to_path_buf(),
            build: build.finalize().into(),
        })
    }

    /// The file of `key`'s entry (hashing the photo's bytes once for a lookup and a store).
    pub(super) fn entry(&self, key: &ImageKey) -> PathBuf {
        let mut h = Sha256::new();
        h.update(self.build);
        h.update(&*key.photo.data);
        h.update(key.placed.0.0.to_bits().to_le_bytes());
        h.update(key.placed.1.0.to_bits().to_le_bytes());
        h.update([key.black as u8, key.plate.photos_gray as u8]);
        h.update(key.plate.profile.to_string());
        h.update(key.plate.ink_limit.to_bits().to_le_bytes());
        h.update(key.plate.max_ppi.to_bits().to_le_bytes());
        match &key.plate.condition {
            Condition::Registered { name, .. } => {
                h.update(b"registered:");
                h.update(name);
            }
            Condition::Icc(icc) => {
                h.update(b"icc:");
                h.update(&*icc.data);
                h.update(&icc.name);
                h.update([icc.components]);
            }
        }
        let name: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{name}.photo"))
    }

    /// The XObject kept in `entry` (of `key`), if it is whole.
    pub(super) fn get(&self, entry: &Path, key: &ImageKey) -> Option<Embedded> {
        let bytes = std::fs::read(entry).ok()?;
        let split = bytes.iter().position(|b| *b == b'\n')?;
        let header: Header = serde_json::from_slice(&bytes[..split]).ok()?;
        let data = bytes[split + 1..].to_vec();
        if hex(&Sha256::digest(&data)) != header.sha256 {
            return None;
        }
        let space = static_name(&header.space, &["DeviceCMYK", "DeviceGray", "DeviceRGB"])?;
        let color_in = static_name(&header.color_in, &["gray", "RGB", "CMYK"])?;
        let conversion = match (header.conversion.as_str(), header.icc) {
            ("pass", None) => Conversion::PassThrough,
            ("formula", None) => Conversion::Formula,
            ("icc", Some(name)) => Conversion::Icc(name),
            _ => return None,
        };
        Some(Embedded {
            dict: image_dict(header.width, header.height, space, header.inverted),
            data,
            report: ImageReport {
                path: key.photo.path.clone(),
                conversion,
                color_space: space,
                source: header.source,
                color_space_in: color_in,
                embedded: header.embedded,
            },
            // Not kept: the preflight's own cache, beside this one, keeps the finding.
            ink: None,
        })
    }

    /// Keeps an XObject in `entry` (a cache that cannot be written is only slower).
    pub(super) fn put(&self, entry: &Path, embedded: &Embedded) {
        let number = |k: &[u8]| embedded.dict.get(k).and_then(|o| o.as_i64()).unwrap_or(0) as u32;
        let space = embedded
            .dict
            .get(b"ColorSpace")
            .and_then(|o| o.as_name())
            .map(|n| String::from_utf8_lossy(n).into_owned())
            .unwrap_or_default();
        let r = &embedded.report;
        let (conversion, icc) = match &r.conversion {
            Conversion::PassThrough => ("pass", None),
            Conversion::Formula => ("formula", None),
            Conversion::Icc(name) => ("icc", Some(name.clone())),
        };
        let header = Header {
            width: number(b"Width"),
            height: number(b"Height"),
            space,
            inverted: embedded.dict.has(b"Decode"),
            conversion: conversion.into(),
            icc,
            source: r.source,
            color_in: r.color_space_in.into(),
            embedded: r.embedded,
            sha256: hex(&Sha256::digest(&embedded.data)),
        };
        let Ok(mut bytes) = serde_json::to_vec(&header) else {
            return;
        };
        bytes.push(b'\n');
        bytes.extend_from_slice(&embedded.data);
        let _ = crate::output::write_atomic(entry, &bytes);
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn static_name(name: &str, names: &[&'static str]) -> Option<&'static str> {
    names.iter().copied().find(|n| *n == name)
}
