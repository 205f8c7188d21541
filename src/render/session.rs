//! A render session: what a long-lived process (`broadsheet watch`) keeps between renders,
//! so that an edit costs what it changed rather than a whole render.
//!
//! Every stage is keyed on its inputs, compared whole, never on time:
//!
//! - **files** ([`Files`]): each input read into shared memory with its fingerprint; a
//!   large file (font, photo, PDF, profile) whose fingerprint has not changed is not read
//!   again, a small one (spec, article, furniture) is read and compared. Nothing is
//!   memory-mapped,
//!   so a font or photo replaced or truncated under the process is never read through a
//!   stale mapping: it is a new fingerprint, read afresh;
//! - **faces** ([`super::load::Faces`]): a font file parsed once for the session;
//! - **stories** ([`Stories`]): a story's body (shaped and flowed through its thread) for
//!   its article, styles, blocks and faces: an edit re-typesets the story it touched;
//! - **subsets and photos** ([`crate::export::Memo`]): a face's subset for its glyph set,
//!   a photo's XObject for its placement and plate;
//! - **preflight** ([`crate::preflight::Memo`]): the ink of each CMYK image.
//!
//! Each memo keeps only what the latest render used, so memory stays that of one render.
//! A one-off render ([`Session::once`]) keeps nothing and maps fonts, as before sessions.
//! The output is the same bytes with or without a session.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::load::{FaceRead, Faces};
use crate::compose::{Blocks, Body, StoryStyle};
use crate::content::Article;
use crate::error::Result;
use crate::flow::{Pool, Reflow};
use crate::input::{self, Input, Kind};
use crate::{export, preflight};

/// What a long-lived process keeps between renders (see the module doc).
#[derive(Default)]
pub struct Session {
    pub(super) files: Files,
    pub(super) memo: Memo,
}

/// The memos of the stages after reading.
#[derive(Default)]
pub(super) struct Memo {
    pub faces: Faces,
    pub stories: Stories,
    pub export: export::Memo,
    pub preflight: preflight::Memo,
}

/// What a session's renders did anew and what they took from earlier ones.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct SessionStats {
    /// Files read from disk.
    pub files_read: usize,
    /// Font files parsed.
    pub faces_parsed: usize,
    /// Stories typeset.
    pub stories_typeset: usize,
    /// Stories taken from an earlier render.
    pub stories_reused: usize,
    /// The subsets, photos and preflight measurements made and reused.
    pub export: export::MemoStats,
    /// CMYK images whose ink was measured.
    pub inks_measured: usize,
    /// Ink measurements taken from an earlier preflight.
    pub inks_reused: usize,
}

impl Session {
    /// A session that keeps what its renders read and made.
    pub fn new() -> Self {
        Self {
            files: Files {
                keep: true,
                ..Files::default()
            },
            memo: Memo {
                export: export::Memo::keeping(),
                preflight: preflight::Memo::keeping(),
                stories: Stories {
                    keep: true,
                    ..Stories::default()
                },
                ..Memo::default()
            },
        }
    }

    /// A session for one render: nothing kept, fonts mapped.
    pub fn once() -> Self {
        Self::default()
    }

    /// Every file the latest render read, or tried to read (a render that failed on a
    /// missing file names it too, so a watcher sees it appear), with those kept from the
    /// render before: what a watcher watches.
    pub fn inputs(&self) -> Vec<PathBuf> {
        let mut paths: BTreeSet<PathBuf> = self.files.used.iter().map(|(p, _)| p.clone()).collect();
        paths.extend(self.files.kept.keys().map(|(p, _)| p.clone()));
        paths.into_iter().collect()
    }

    /// Whether a file the latest render read (or failed to read) is not what it read any
    /// more: a watcher renders again only then, however many events a save makes.
    pub fn changed(&self) -> bool {
        let files = &self.files;
        files.used.iter().chain(files.kept.keys()).any(|key| {
            let now = input::fingerprint(&key.0);
            match files.kept.get(key) {
                Some(kept) if small(key.1) => {
                    input::read(&key.0, key.1).map_or(true, |f| *f.bytes != *kept.bytes)
                }
                Some(kept) => now != Some(kept.fingerprint),
                // Not read: changed if it can be read now (a missing file appeared).
                None => now.is_some(),
            }
        })
    }

    /// What the renders so far did anew and reused.
    pub fn stats(&self) -> SessionStats {
        SessionStats {
            files_read: self.files.read,
            faces_parsed: self.memo.faces.parsed,
            stories_typeset: self.memo.stories.typeset,
            stories_reused: self.memo.stories.reused,
            export: self.memo.export.stats,
            inks_measured: self.memo.preflight.measured,
            inks_reused: self.memo.preflight.reused,
        }
    }
}

/// The files a session read, with their fingerprints (see the module doc).
#[derive(Default)]
pub(super) struct Files {
    keep: bool,
    kept: BTreeMap<(PathBuf, Kind), Input>,
    used: BTreeSet<(PathBuf, Kind)>,
    read: usize,
}

impl Files {
    /// Reads `path`, or hands out the copy kept from an earlier render if the file's
    /// fingerprint is unchanged.
    pub fn read(&mut self, path: &Path, kind: Kind) -> Result<Input> {
        let _scope = crate::timing::scope("read");
        if !self.keep {
            self.read += 1;
            return input::read(path, kind);
        }
        let key = (path.to_path_buf(), kind);
        self.used.insert(key.clone());
        if !small(kind)
            && let Some(kept) = self.kept.get(&key)
            && input::fingerprint(path) == Some(kept.fingerprint)
            && let Some(shared) = kept.share()
        {
            return Ok(shared);
        }
        let file = input::read_shared(path, kind)?;
        // A small file is read every time (an editor that rewrites it in place twice within
        // the file system's clock tick leaves its fingerprint as it was); kept when its
        // bytes are the same.
        if let Some(kept) = self.kept.get(&key)
            && *kept.bytes == *file.bytes
            && let Some(shared) = kept.share()
        {
            return Ok(shared);
        }
        self.read += 1;
        if let Some(shared) = file.share() {
            self.kept.insert(key, shared);
        }
        Ok(file)
    }

    /// Forgets the files the latest render did not read; the next render starts afresh.
    pub fn sweep(&mut self) {
        let used = std::mem::take(&mut self.used);
        self.kept.retain(|k, _| used.contains(k));
    }

    /// Starts a render: the files it reads are counted from here.
    pub fn begin(&mut self) {
        self.used.clear();
    }
}

/// Whether files of this kind are small enough to read on every render (specs, articles,
/// furniture: kilobytes), rather than trusting their fingerprint.
fn small(kind: Kind) -> bool {
    matches!(kind, Kind::Spec | Kind::Article | Kind::Furniture)
}

/// What a story's body is made from: its article, styles, the blocks of each part, and
/// whether it balances. Two stories with equal inputs in one book typeset alike.
#[derive(PartialEq)]
pub(super) struct StoryInput {
    pub article: Article,
    pub style: StoryStyle,
    pub parts: Vec<Blocks>,
    pub balance: bool,
}

/// A story typeset: its body, and the paragraph settings its flows made or took (for the
/// next render of an edited story, which then re-breaks only the paragraphs that changed
/// or moved).
pub(super) struct Typeset {
    pub body: Arc<Body>,
    pub settings: Arc<Pool>,
}

/// Stories typeset by the latest render, for the faces they were shaped with.
#[derive(Default)]
pub(super) struct Stories {
    keep: bool,
    faces: Vec<FaceRead>,
    kept: Vec<(StoryInput, Typeset)>,
    pub typeset: usize,
    pub reused: usize,
}

impl Stories {
    /// Starts a render whose book holds the faces read from `faces`, in order: bodies
    /// shaped with other faces (or the same faces under other ids) are forgotten.
    pub fn begin(&mut self, faces: &[FaceRead]) {
        if self.faces != faces {
            self.kept.clear();
            self.faces = faces.to_vec();
        }
    }

    /// The story typeset for `input` by an earlier render.
    pub fn get(&self, input: &StoryInput) -> Option<Typeset> {
        self.kept
            .iter()
            .find(|(k, _)| k == input)
            .map(|(_, t)| Typeset {
                body: t.body.clone(),
                settings: t.settings.clone(),
            })
    }

    /// A paragraph memo for typesetting a story anew, taking from every story of the
    /// latest render (in a one-off render, from none: it still spares a balanced story's
    /// tries the paragraphs they share).
    pub fn reflow(&self) -> Reflow {
        Reflow::from_prior(self.kept.iter().map(|(_, t)| t.settings.clone()).collect())
    }

    /// Records one render's stories: `reused` says which came from [`Self::get`].
    pub fn record(&mut self, bodies: Vec<(StoryInput, Typeset, bool)>) {
        for (.., reused) in &bodies {
            match reused {
                true => self.reused += 1,
                false => self.typeset += 1,
            }
        }
        if self.keep {
            self.kept = bodies.into_iter().map(|(k, b, _)| (k, b)).collect();
        }
    }
}
