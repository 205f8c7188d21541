//! `broadsheet watch`: renders a spec or an edition, then again on every change to a file
//! the render read, keeping what did not change between renders ([`broadsheet::Session`]).
//!
//! The folders of the inputs are watched (not the files: an editor that saves to a
//! temporary file and renames it over the input replaces the file a watch on it would
//! follow). A change renders at once; changes that come while a render runs, or within
//! [`GAP`] of the last render's start, are taken together by one render as soon as the gap
//! is over: no quiet window delays a single edit, and a burst of saves renders a few times,
//! ending on its last state. Outputs are written atomically (a viewer never reads half a
//! file); a render that fails leaves them as they were.

use std::collections::BTreeSet;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use broadsheet::error::exit;
use notify::Watcher;

use super::check_dpi;

/// Least time between the starts of two renders: a burst of saves (50 in a second)
/// renders at most once per gap, while saves 200 ms apart each render at once.
pub const GAP: Duration = Duration::from_millis(120);

pub struct WatchArgs {
    pub spec: PathBuf,
    pub output: PathBuf,
    pub png: Option<PathBuf>,
    pub dpi: f64,
    pub overlay: bool,
    pub profile: Option<broadsheet::plate::Profile>,
    pub page: Option<String>,
    /// Clear the terminal before each status line.
    pub clear: bool,
    /// Print each render's stage times.
    pub timings: bool,
    /// Where to write each render's Chrome trace.
    pub trace: Option<PathBuf>,
    /// How errors about the inputs are shown.
    pub diagnostic_format: super::diagnostics::Format,
    /// Serve the preview in a browser, on this port of 127.0.0.1 (0: any free one).
    pub serve: Option<u16>,
    /// The command `--serve` opens a clicked glyph's place with.
    pub editor: Option<String>,
}

pub fn watch(args: &WatchArgs) -> u8 {
    if let Some(code) = check_dpi(args.dpi) {
        return code;
    }
    let (tx, rx) = mpsc::channel();
    let mut watcher = match notify::recommended_watcher(move |event| {
        let _ = tx.send(event);
    }) {
        Ok(w) => w,
        Err(e) => {
            err!("error: watch: the file system cannot be watched: {e}");
            return exit::INPUT;
        }
    };
    let preview = match args.serve {
        Some(port) => match super::serve::Preview::start(port, args.dpi, args.editor.as_deref()) {
            Ok(p) => {
                out!("preview: {}", p.url());
                Some(p)
            }
            Err(e) => {
                err!("error: --serve: cannot listen on 127.0.0.1:{port}: {e}");
                return exit::USAGE;
            }
        },
        None => None,
    };
    let mut session = broadsheet::Session::new();
    let mut folders: BTreeSet<PathBuf> = BTreeSet::new();
    let mut count = 0usize;
    let mut last_good: Option<usize> = None;
    loop {
        count += 1;
        let started = Instant::now();
        let ok = render_once(&mut session, args, count, last_good, preview.as_ref());
        if ok {
            last_good = Some(count);
        }
        // Watch the folders of everything this render read (or tried to), afresh each
        // time: a folder removed and made again (or swapped by a rename) loses its watch.
        let inputs = Inputs::of(&session.inputs());
        for folder in std::mem::take(&mut folders) {
            let _ = watcher.unwatch(&folder);
        }
        for folder in inputs.folders() {
            match watcher.watch(&folder, notify::RecursiveMode::NonRecursive) {
                Ok(()) => {
                    folders.insert(folder);
                }
                Err(e) => err!(
                    "warning: watch: {} cannot be watched: {e}",
                    folder.display()
                ),
            }
        }
        // Wait for a change to an input; then for the gap, taking in what else changed. A
        // save may make several events (a rename is seen from both names), and an event
        // may come for a file that is back as it was: render only if an input changed. A
        // change made while the folders were watched afresh may have left no event: it is
        // looked for first.
        let mut pending = session.changed();
        loop {
            while !pending {
                match rx.recv() {
                    Ok(Ok(event)) if inputs.touched_by(&event) => pending = true,
                    // Events were lost (the kernel's queue overflowed) or the watcher
                    // erred: look at the inputs themselves.
                    Ok(Ok(event)) if event.need_rescan() => pending = true,
                    Ok(Err(_)) => pending = true,
                    Ok(_) => {}
                    Err(_) => {
                        err!("error: watch: the file system watcher stopped");
                        return exit::INPUT;
                    }
                }
            }
            if let Some(wait) = GAP.checked_sub(started.elapsed()) {
                std::thread::sleep(wait);
            }
            while rx.try_recv().is_ok() {}
            if session.changed() {
                break;
            }
            pending = false;
        }
    }
}

/// One render of the session and its outputs; prints the status line. Whether it
/// rendered.
fn render_once(
    session: &mut broadsheet::Session,
    args: &WatchArgs,
    count: usize,
    last_good: Option<usize>,
    preview: Option<&super::serve::Preview>,
) -> bool {
    let started = Instant::now();
    let timings = (args.timings || args.trace.is_some()).then(broadsheet::Timings::default);
    let options = broadsheet::Options {
        profile: args.profile,
        page: args.page.clone(),
        progress: None,
        timings: timings.clone(),
        cache: None,
    };
    // The preview's pictures are started before the outputs are written (and synced): the
    // page is told once they are in place.
    let mut prepared = None;
    let rendered = session.render(&args.spec, &options).and_then(|r| {
        let r = std::sync::Arc::new(r);
        prepared = preview.map(|p| p.prepare(r.clone()));
        write_outputs(&r, args)?;
        Ok(r)
    });
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    if args.clear {
        out!("\x1b[2J\x1b[H");
    }
    if let Some(t) = &timings
        && let Err(e) = super::render::report_timings(t, args.timings, args.trace.as_deref())
    {
        super::diagnostics::print(&e, args.diagnostic_format);
    }
    match rendered {
        Ok(r) => {
            let status = status_line(count, ms, &r, &args.output);
            out!("{status}");
            if let (Some(p), Some(prepared)) = (preview, prepared) {
                p.publish(Ok(prepared), &status);
            }
            true
        }
        Err(e) => {
            let kept = match last_good {
                Some(n) => format!("outputs of render {n} kept"),
                None => "nothing written".into(),
            };
            let status = format!("[{count}] {ms:.0} ms · error · {kept}");
            out!("{status}");
            super::diagnostics::print(&e, args.diagnostic_format);
            if let Some(p) = preview {
                let shown = super::diagnostics::text(&e, super::diagnostics::Format::Human);
                p.publish(Err(shown), &status);
            }
            false
        }
    }
}

/// The PNG previews first, then the PDF, each atomically and never over an input.
fn write_outputs(r: &broadsheet::Rendered, args: &WatchArgs) -> broadsheet::Result<()> {
    if let Some(dir) = &args.png {
        std::fs::create_dir_all(dir).map_err(|e| broadsheet::Error::io(dir, e))?;
        let stem = args
            .spec
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "page".into());
        for (i, page) in broadsheet::preview(r, args.dpi, args.overlay)?
            .iter()
            .enumerate()
        {
            let path = broadsheet::golden::golden_path(dir, &stem, i);
            let png = broadsheet::raster::encode_png_fast(page)?;
            broadsheet::write_output(&path, &png, &r.inputs)?;
        }
    }
    broadsheet::write_output(&args.output, &r.pdf, &r.inputs)
}

/// `[3] 24 ms · 1 page · overset: none · short: A1 1, A4 9 lines · 0 warnings · preflight
/// passes · wrote out/front.pdf`
fn status_line(count: usize, ms: f64, r: &broadsheet::Rendered, output: &Path) -> String {
    let pages = r.document.pages.len();
    let overset: Vec<String> = r
        .reports
        .iter()
        .filter_map(|a| a.overset.map(|o| format!("{} {} chars", a.id, o.chars)))
        .collect();
    let short: Vec<String> = r
        .reports
        .iter()
        .filter(|a| a.overset.is_none() && a.empty.0 > 0)
        .map(|a| format!("{} {}", a.id, a.empty.0))
        .collect();
    let or_none = |v: &[String]| match v.is_empty() {
        true => "none".to_string(),
        false => v.join(", "),
    };
    let preflight = match r.preflight.passes() {
        true => "passes".to_string(),
        false => format!("FAILS ({} errors)", r.preflight.errors().count()),
    };
    format!(
        "[{count}] {ms:.0} ms · {pages} page{} · overset: {} · short (lines): {} · {} warning{} · preflight {preflight} · wrote {}",
        if pages == 1 { "" } else { "s" },
        or_none(&overset),
        or_none(&short),
        r.warnings.iter().count(),
        if r.warnings.iter().count() == 1 {
            ""
        } else {
            "s"
        },
        output.display()
    )
}

/// The inputs of the latest render, by folder and name, to match the watcher's events.
struct Inputs {
    files: BTreeSet<(PathBuf, OsString)>,
}

impl Inputs {
    fn of(paths: &[PathBuf]) -> Self {
        Self {
            files: paths.iter().filter_map(|p| located(p)).collect(),
        }
    }

    fn folders(&self) -> BTreeSet<PathBuf> {
        self.files.iter().map(|(d, _)| d.clone()).collect()
    }

    /// Whether the event changes one of the inputs (opening or reading one does not).
    fn touched_by(&self, event: &notify::Event) -> bool {
        use notify::EventKind;
        use notify::event::{AccessKind, AccessMode};
        let changes = matches!(
            event.kind,
            EventKind::Create(_)
                | EventKind::Modify(_)
                | EventKind::Remove(_)
                | EventKind::Access(AccessKind::Close(AccessMode::Write))
        );
        changes
            && event
                .paths
                .iter()
                .filter_map(|p| located(p))
                .any(|f| self.files.contains(&f))
    }
}

/// A file as its folder (resolved) and name: two spellings of one path are one file.
fn located(path: &Path) -> Option<(PathBuf, OsString)> {
    let name = path.file_name()?.to_os_string();
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    Some((std::fs::canonicalize(folder).ok()?, name))
}
