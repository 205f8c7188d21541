//! The ink measurements of images kept on disk (beside the photo cache, `render --cache
//! DIR`): an image's ink is a function of its stream alone, so a photo written again with
//! the same bytes is not decoded again to measure it. An entry is named by a SHA-256 of
//! everything the measurement reads (the entries of the stream's dictionary it reads, its
//! bytes, its size, the limit); what cannot be read is measured again and replaced.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use super::{InkFinding, InkKey};

/// The folder ink measurements are kept in.
#[derive(Debug, Clone)]
pub struct InkCache {
    dir: PathBuf,
}

/// The checks and fixes a finding may name (an entry names them as text).
const NAMES: &[&str] = &[
    "ink-limit-image",
    "image-data",
    "separate the image with the paper's ink limit",
    "re-export the image",
];

impl InkCache {
    /// The cache in `dir` (made if missing).
    pub fn open(dir: &Path) -> crate::Result<Self> {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
        Ok(Self {
            dir: dir.to_path_buf(),
        })
    }

    fn path(&self, key: &InkKey) -> PathBuf {
        let mut h = Sha256::new();
        h.update(b"broadsheet ink 3\n");
        h.update(key.digest);
        let name: String = h.finalize().iter().map(|b| format!("{b:02x}")).collect();
        self.dir.join(format!("{name}.ink"))
    }

    /// The measurement kept for `key`, if any.
    pub(super) fn get(&self, key: &InkKey) -> Option<InkFinding> {
        let bytes = std::fs::read(self.path(key)).ok()?;
        let value: Option<(String, String, String)> = serde_json::from_slice(&bytes).ok()?;
        match value {
            None => Some(None),
            Some((check, message, fix)) => {
                let name = |s: &str| NAMES.iter().copied().find(|n| *n == s);
                Some(Some((name(&check)?, message, name(&fix)?)))
            }
        }
    }

    /// Keeps a measurement (a cache that cannot be written is only slower).
    pub(super) fn put(&self, key: &InkKey, finding: &InkFinding) {
        let value = finding
            .as_ref()
            .map(|(c, m, f)| (c.to_string(), m.clone(), f.to_string()));
        if let Ok(bytes) = serde_json::to_vec(&value) {
            let _ = crate::output::write_atomic(&self.path(key), &bytes);
        }
    }
}
