//! The one way a render reads a file: specs, articles, furniture, photos and fonts (and,
//! later, profiles, edition files and artwork) all come through [`read`].
//!
//! Every input is opened without blocking (a FIFO or a device never hangs the run), checked
//! to be a regular file on the open handle itself (`fstat`, so a file swapped after a check
//! is still caught), bounded in size by its [`Kind`] before anything is read, and kept with
//! its [`FileId`] (device and inode) and a [`Fingerprint`]. The ids let the command line
//! refuse an output that would overwrite one of the render's own inputs ([`Inputs::holds`]);
//! the fingerprints let a watch mode tell which inputs changed.
//!
//! Fonts are memory-mapped rather than read: they are tens of megabytes and mapping them is
//! a hundred times faster. That mapping is one of the crate's two `unsafe` blocks (the other sets the allocator, [`crate::allocator`]).

use std::io::Read;
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// What an input is, which sets its size limit and how it is held in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    /// A layout spec (TOML).
    Spec,
    /// An article file.
    Article,
    /// A furniture file.
    Furniture,
    /// A photo (JPEG or PNG).
    Photo,
    /// A font file (mapped, not read).
    Font,
    /// A golden image (PNG) of `broadsheet golden check`.
    Golden,
    /// An ICC output profile.
    Profile,
    /// A PDF: supplied artwork, or a file to preflight.
    Pdf,
}

impl Kind {
    /// The largest file of this kind a render accepts, in bytes. Real inputs are far below
    /// these: the reference spec is 6 KB, an article 5 KB (1 MiB is 350,000 characters,
    /// seventy broadsheet pages), a press photo 5–20 MB, and a CJK font collection up to
    /// 130 MB.
    pub fn limit(self) -> u64 {
        const MIB: u64 = 1024 * 1024;
        match self {
            Self::Spec => MIB,
            Self::Article => MIB,
            Self::Furniture => MIB,
            Self::Photo => 64 * MIB,
            Self::Font => 256 * MIB,
            Self::Golden => 64 * MIB,
            Self::Profile => 16 * MIB,
            Self::Pdf => 256 * MIB,
        }
    }

    /// The word used in messages.
    pub fn name(self) -> &'static str {
        match self {
            Self::Spec => "layout spec",
            Self::Article => "article",
            Self::Furniture => "furniture file",
            Self::Photo => "photo",
            Self::Font => "font",
            Self::Golden => "golden image",
            Self::Profile => "ICC profile",
            Self::Pdf => "PDF",
        }
    }
}

/// A file's identity on its file system: what two paths share when they are one file
/// (hard links, symlinks, `a/../b`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FileId {
    /// The device.
    pub dev: u64,
    /// The inode.
    pub ino: u64,
}

impl FileId {
    fn of(meta: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        Self {
            dev: meta.dev(),
            ino: meta.ino(),
        }
    }

    /// The identity of the file at `path`, following symlinks; `None` if there is none.
    pub fn at(path: &Path) -> Option<Self> {
        std::fs::metadata(path).ok().map(|m| Self::of(&m))
    }
}

/// What changes when a file's content may have changed: identity, length and modification
/// time to the nanosecond. Cheap to take for fonts of 100 MB, which are not hashed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Fingerprint {
    /// The file's identity.
    pub id: FileId,
    /// Length in bytes.
    pub len: u64,
    /// Modification time, nanoseconds since the epoch.
    pub modified: i128,
}

impl Fingerprint {
    fn of(meta: &std::fs::Metadata) -> Self {
        use std::os::unix::fs::MetadataExt;
        Self {
            id: FileId::of(meta),
            len: meta.len(),
            modified: meta.mtime() as i128 * 1_000_000_000 + meta.mtime_nsec() as i128,
        }
    }
}

/// The bytes of an input: read into memory, mapped (fonts, in a one-off render), or
/// shared (kept by a long-lived session between renders).
pub enum Bytes {
    /// Read into memory.
    Owned(Vec<u8>),
    /// A read-only mapping of the file.
    Mapped(memmap2::Mmap),
    /// Read into memory once and shared: a session keeps these, so a file replaced or
    /// truncated under a long-lived process is never read through a stale mapping.
    Shared(std::sync::Arc<[u8]>),
}

impl Bytes {
    /// The bytes as shared, if they are.
    pub fn shared(&self) -> Option<&std::sync::Arc<[u8]>> {
        match self {
            Self::Shared(a) => Some(a),
            _ => None,
        }
    }
}

impl std::ops::Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        match self {
            Self::Owned(v) => v,
            Self::Mapped(m) => m,
            Self::Shared(a) => a,
        }
    }
}

impl std::fmt::Debug for Bytes {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Bytes({} bytes)", self.len())
    }
}

/// One file a render read.
#[derive(Debug)]
pub struct Input {
    /// The path as the spec or the command line gave it (for messages).
    pub path: PathBuf,
    /// What it is.
    pub kind: Kind,
    /// Its content.
    pub bytes: Bytes,
    /// Identity, length and modification time when it was read.
    pub fingerprint: Fingerprint,
}

impl Input {
    /// Another handle on a shared input (`None` for one read or mapped for one render).
    pub fn share(&self) -> Option<Input> {
        Some(Input {
            path: self.path.clone(),
            kind: self.kind,
            bytes: Bytes::Shared(self.bytes.shared()?.clone()),
            fingerprint: self.fingerprint,
        })
    }

    /// The content as UTF-8 text without a byte-order mark; an error names the byte
    /// offset of the first invalid sequence (and says when the file looks like GB18030 or
    /// UTF-16, as wire copy and Windows editors write).
    pub fn text(&self) -> Result<&str> {
        let bytes: &[u8] = &self.bytes;
        match std::str::from_utf8(bytes) {
            Ok(text) => Ok(text.strip_prefix('\u{feff}').unwrap_or(text)),
            Err(e) => {
                let at = e.valid_up_to();
                let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
                let hint = if bytes.starts_with(&[0xff, 0xfe]) || bytes.starts_with(&[0xfe, 0xff]) {
                    "; it looks like UTF-16: save it as UTF-8"
                } else if bytes[at..]
                    .first()
                    .is_some_and(|b| (0x81..=0xfe).contains(b))
                {
                    "; it may be GB18030/GBK: save it as UTF-8"
                } else {
                    ""
                };
                Err(Error::Content {
                    file: self.path.clone(),
                    line,
                    message: format!(
                        "the {} is not UTF-8 text (invalid byte at offset {at}){hint}",
                        self.kind.name()
                    ),
                })
            }
        }
    }
}

/// Reads one input: opened without blocking, a regular file, within its kind's limit.
/// Fonts are mapped.
pub fn read(path: &Path, kind: Kind) -> Result<Input> {
    read_as(path, kind, kind == Kind::Font)
}

/// Reads one input as [`read`] does, into shared memory (never mapped): for a session
/// that keeps what it read between renders.
pub fn read_shared(path: &Path, kind: Kind) -> Result<Input> {
    let mut input = read_as(path, kind, false)?;
    if let Bytes::Owned(v) = std::mem::replace(&mut input.bytes, Bytes::Owned(Vec::new())) {
        input.bytes = Bytes::Shared(v.into());
    }
    Ok(input)
}

/// The fingerprint of the file at `path` now (following symlinks), to tell whether an
/// input read before is still what is there; `None` if it cannot be taken.
pub fn fingerprint(path: &Path) -> Option<Fingerprint> {
    std::fs::metadata(path).ok().map(|m| Fingerprint::of(&m))
}

fn read_as(path: &Path, kind: Kind, mapped: bool) -> Result<Input> {
    use std::os::unix::fs::OpenOptionsExt;
    let refuse = |message: String| Error::Io {
        path: path.to_path_buf(),
        source: std::io::Error::other(message),
    };
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(libc::O_NONBLOCK)
        .open(path)
        .map_err(|e| Error::io(path, e))?;
    // The handle's own metadata: a check by path could be raced by a rename.
    let meta = file.metadata().map_err(|e| Error::io(path, e))?;
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a directory"
        } else {
            "not a regular file (a device, FIFO or socket)"
        };
        return Err(refuse(format!(
            "is {what}; the {} must be a regular file",
            kind.name()
        )));
    }
    let limit = kind.limit();
    if meta.len() > limit {
        return Err(refuse(format!(
            "is {} bytes; the {} may be at most {} MiB",
            meta.len(),
            kind.name(),
            limit / (1024 * 1024)
        )));
    }
    let fingerprint = Fingerprint::of(&meta);
    let bytes = if mapped {
        Bytes::Mapped(map(&file).map_err(|e| Error::io(path, e))?)
    } else {
        // Never more than the limit, even if the file grows while it is read.
        let mut buf = Vec::with_capacity(meta.len() as usize);
        (&file)
            .take(limit + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(path, e))?;
        if buf.len() as u64 > limit {
            return Err(refuse(format!(
                "grew past the {} MiB limit of a {} while it was read",
                limit / (1024 * 1024),
                kind.name()
            )));
        }
        Bytes::Owned(buf)
    };
    Ok(Input {
        path: path.to_path_buf(),
        kind,
        bytes,
        fingerprint,
    })
}

/// Maps a font file read-only.
#[allow(unsafe_code)]
fn map(file: &std::fs::File) -> std::io::Result<memmap2::Mmap> {
    // SAFETY: one of the crate's two `unsafe` blocks. The mapping is read-only and the file was
    // checked to be a regular file within its size limit; fonts are inputs nobody writes
    // during a render. A font truncated while it is mapped would fault (SIGBUS), not
    // corrupt the output, and the atomic write leaves no partial PDF behind.
    unsafe { memmap2::Mmap::map(file) }
}

/// Every file a render read, with its fingerprint: to keep the render's outputs off its
/// inputs, and to tell a watch mode which inputs changed.
#[derive(Debug, Clone, Default)]
pub struct Inputs {
    files: Vec<(Fingerprint, PathBuf, Kind)>,
}

impl Inputs {
    /// Records an input.
    pub fn record(&mut self, input: &Input) {
        self.files
            .push((input.fingerprint, input.path.clone(), input.kind));
    }

    /// Records every input of another set.
    pub fn extend(&mut self, other: &Inputs) {
        self.files.extend(other.files.iter().cloned());
    }

    /// Every recorded input with its fingerprint, path and kind, in read order.
    pub fn iter(&self) -> impl Iterator<Item = &(Fingerprint, PathBuf, Kind)> {
        self.files.iter()
    }

    /// The input that `output` would overwrite, if any: compared by device and inode, so
    /// a symlink, a hard link or another spelling of the path is caught too.
    pub fn holds(&self, output: &Path) -> Option<&Path> {
        let id = FileId::at(output)?;
        self.files
            .iter()
            .find(|(f, _, _)| f.id == id)
            .map(|(_, p, _)| p.as_path())
    }

    /// Refuses an output path that is one of the inputs.
    pub fn check_output(&self, output: &Path) -> Result<()> {
        match self.holds(output) {
            Some(input) => Err(Error::Output {
                path: output.to_path_buf(),
                message: format!(
                    "is one of this render's inputs ({}); refusing to overwrite it",
                    input.display()
                ),
            }),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dir(name: &str) -> crate::scratch::Scratch {
        crate::scratch::Scratch::new(&format!("input-{name}"))
    }

    #[test]
    fn a_directory_is_refused_by_name() {
        let d = dir("dir");
        let e = read(&d, Kind::Article).unwrap_err().to_string();
        assert!(e.contains("directory") && e.contains("article"), "{e}");
    }

    #[test]
    fn a_device_is_refused_without_reading_it() {
        let e = read(Path::new("/dev/zero"), Kind::Spec)
            .unwrap_err()
            .to_string();
        assert!(e.contains("not a regular file"), "{e}");
    }

    #[test]
    fn a_file_over_its_limit_is_refused_before_it_is_read() {
        let d = dir("big");
        let path = d.join("spec.toml");
        let f = std::fs::File::create(&path).unwrap();
        f.set_len(Kind::Spec.limit() + 1).unwrap();
        let e = read(&path, Kind::Spec).unwrap_err().to_string();
        assert!(e.contains("at most 1 MiB"), "{e}");
    }

    #[test]
    fn two_spellings_of_one_file_are_one_input() {
        let d = dir("same");
        let path = d.join("a.txt");
        std::fs::write(&path, "id: A\n\n正文\n").unwrap();
        std::os::unix::fs::symlink(&path, d.join("link.txt")).unwrap();
        let mut inputs = Inputs::default();
        inputs.record(&read(&path, Kind::Article).unwrap());
        assert!(inputs.holds(&d.join("link.txt")).is_some());
        assert!(inputs.holds(&d.join("sub/../a.txt")).is_none()); // no such folder
        assert!(inputs.holds(&d.join(".").join("a.txt")).is_some());
        assert!(inputs.holds(&d.join("new.pdf")).is_none());
    }

    #[test]
    fn a_changed_file_has_a_new_fingerprint_and_an_unchanged_one_keeps_it() {
        let d = dir("fingerprint");
        let path = d.join("a.txt");
        std::fs::write(&path, "id: A\n\n正文\n").unwrap();
        let first = read(&path, Kind::Article).unwrap().fingerprint;
        assert_eq!(read(&path, Kind::Article).unwrap().fingerprint, first);
        std::fs::write(&path, "id: A\n\n正文改了\n").unwrap();
        let second = read(&path, Kind::Article).unwrap().fingerprint;
        assert_ne!(second, first);
        assert_eq!(second.id, first.id, "rewritten in place: the same file");
    }

    #[test]
    fn invalid_utf8_names_the_offset() {
        let d = dir("gbk");
        let path = d.join("a.txt");
        // 中文 in GBK.
        std::fs::write(&path, b"id: A\n\n\xd6\xd0\xce\xc4\n").unwrap();
        let input = read(&path, Kind::Article).unwrap();
        let e = input.text().unwrap_err().to_string();
        assert!(
            e.contains("offset 7") && e.contains("GB18030") && e.contains(":3:"),
            "{e}"
        );
    }
}
