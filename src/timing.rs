//! How long each stage of a render takes (`--timings`, `--trace`): spans recorded by
//! whichever thread runs a stage, nested as the stages call each other.
//!
//! A render with [`Timings`] installs them for its duration ([`Timings::record`]); a stage
//! anywhere below (shaping a paragraph in `text`, a story's flow on a rayon thread, the
//! PDF's encoding in `export`) opens a [`scope`] that costs one relaxed atomic load when
//! nothing records. Each span keeps its own time (its duration less that of the spans
//! opened inside it on its thread), so a table adds up without counting a nested stage
//! twice. Timings never change what a render makes.
//!
//! One render records at a time in a process: a second render asking for timings while
//! another records gets its spans only from the first one's end (`broadsheet` runs one).

use std::cell::RefCell;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// One stage as it ran on one thread.
#[derive(Debug, Clone, PartialEq)]
pub struct Span {
    /// The stage's name (`read`, `parse`, `shape`, …).
    pub stage: &'static str,
    /// The thread it ran on, numbered from 1 in the order threads first recorded.
    pub thread: usize,
    /// How many spans were open on the thread when it began (0: a top-level stage).
    pub depth: usize,
    /// Its start, from the render's start.
    pub start: Duration,
    /// How long it took.
    pub duration: Duration,
    /// Its duration less that of the spans nested in it.
    pub own: Duration,
}

/// A top-level stage of a render and the stages within it (see [`Timings::table`]).
#[derive(Debug, Clone, PartialEq)]
pub struct Stage {
    /// The stage's name.
    pub stage: &'static str,
    /// Its wall time.
    pub wall: Duration,
    /// The stages that ran within it, on its thread or others.
    pub parts: Vec<StageTime>,
}

/// A stage's time summed over its spans (see [`Timings::table`]).
#[derive(Debug, Clone, PartialEq)]
pub struct StageTime {
    /// The stage's name.
    pub stage: &'static str,
    /// Its spans' own time, summed over threads (so stages run in parallel can add up to
    /// more than the render's wall time).
    pub own: Duration,
    /// How many spans it had.
    pub spans: usize,
}

/// The spans of one render (cheap to clone: clones share them).
#[derive(Debug, Clone)]
pub struct Timings {
    inner: Arc<Inner>,
}

#[derive(Debug)]
struct Inner {
    origin: Instant,
    spans: Mutex<Vec<Span>>,
    /// The thread the render runs on (its spans of depth 0 are the top-level stages).
    thread: AtomicUsize,
}

impl Default for Timings {
    fn default() -> Self {
        Self {
            inner: Arc::new(Inner {
                origin: Instant::now(),
                spans: Mutex::new(Vec::new()),
                thread: AtomicUsize::new(0),
            }),
        }
    }
}

/// Whether some [`Timings`] are installed (the fast path of [`scope`]).
static ON: AtomicBool = AtomicBool::new(false);
/// The installed timings.
static CURRENT: Mutex<Option<Arc<Inner>>> = Mutex::new(None);
/// The next thread number.
static THREADS: AtomicUsize = AtomicUsize::new(1);

thread_local! {
    /// This thread's number, given when it first records.
    static THREAD: usize = THREADS.fetch_add(1, Ordering::Relaxed);
    /// For each span open on this thread, the time of the spans closed inside it.
    static OPEN: RefCell<Vec<Duration>> = const { RefCell::new(Vec::new()) };
}

impl Timings {
    /// Installs these timings as the ones stages record into, until the guard drops. Within
    /// a recording of the same timings it changes nothing; while others record it records
    /// nothing.
    pub fn record(&self) -> Recording {
        let Ok(mut current) = CURRENT.lock() else {
            return Recording { installed: false };
        };
        if current.is_some() {
            return Recording { installed: false };
        }
        self.inner
            .thread
            .store(THREAD.with(|t| *t), Ordering::Relaxed);
        *current = Some(self.inner.clone());
        ON.store(true, Ordering::Release);
        Recording { installed: true }
    }

    /// Runs `f` as the stage `stage` (recorded while these timings are installed).
    pub fn time<T>(&self, stage: &'static str, f: impl FnOnce() -> T) -> T {
        let _recording = self.record();
        let _scope = scope(stage);
        f()
    }

    /// Every span recorded, in the order they ended.
    pub fn spans(&self) -> Vec<Span> {
        self.inner
            .spans
            .lock()
            .map(|s| s.clone())
            .unwrap_or_default()
    }

    /// The render's stages as a table: each top-level stage (a span of depth 0 on the
    /// render's thread) with its wall time, and within it the stages that began during it,
    /// on any thread, with their own time summed; stages in the order they first began,
    /// those of the same name together.
    pub fn table(&self) -> Vec<Stage> {
        let mut spans = self.spans();
        spans.sort_by_key(|s| (s.start, s.depth));
        let main = self.inner.thread.load(Ordering::Relaxed);
        let is_top = |s: &Span| s.depth == 0 && s.thread == main;
        let windows: Vec<(Duration, Duration, &'static str)> = spans
            .iter()
            .filter(|s| is_top(s))
            .map(|s| (s.start, s.start + s.duration, s.stage))
            .collect();
        let mut table: Vec<Stage> = Vec::new();
        for span in spans.iter().filter(|s| is_top(s)) {
            match table.iter_mut().find(|t| t.stage == span.stage) {
                Some(t) => t.wall += span.duration,
                None => table.push(Stage {
                    stage: span.stage,
                    wall: span.duration,
                    parts: Vec::new(),
                }),
            }
        }
        for span in spans.iter().filter(|s| !is_top(s)) {
            let Some(&(.., top)) = windows
                .iter()
                .find(|(from, to, _)| (*from..=*to).contains(&span.start))
            else {
                continue;
            };
            let Some(stage) = table.iter_mut().find(|t| t.stage == top) else {
                continue;
            };
            match stage.parts.iter_mut().find(|p| p.stage == span.stage) {
                Some(p) => {
                    p.own += span.own;
                    p.spans += 1;
                }
                None => stage.parts.push(StageTime {
                    stage: span.stage,
                    own: span.own,
                    spans: 1,
                }),
            }
        }
        table
    }

    /// The render's wall time: from its first top-level stage's start to its last one's
    /// end.
    pub fn wall(&self) -> Duration {
        let spans = self.spans();
        let top = spans.iter().filter(|s| s.depth == 0);
        let start = top.clone().map(|s| s.start).min().unwrap_or_default();
        let end = top.map(|s| s.start + s.duration).max().unwrap_or_default();
        end.saturating_sub(start)
    }

    /// The spans as a Chrome trace (the JSON array format of `chrome://tracing` and
    /// Perfetto): one complete event per span, on its thread, times in microseconds.
    pub fn chrome_trace(&self) -> String {
        let mut spans = self.spans();
        spans.sort_by_key(|s| (s.thread, s.start, s.depth));
        let events: Vec<serde_json::Value> = spans
            .into_iter()
            .map(|s| {
                serde_json::json!({
                    "name": s.stage, "cat": "render", "ph": "X", "pid": 1, "tid": s.thread,
                    "ts": s.start.as_micros() as u64, "dur": s.duration.as_micros() as u64,
                })
            })
            .collect();
        serde_json::to_string_pretty(&events).unwrap_or_else(|_| "[]".into())
    }
}

/// Installed [`Timings`], uninstalled when dropped (see [`Timings::record`]).
#[must_use = "the timings record until this is dropped"]
pub struct Recording {
    installed: bool,
}

impl Drop for Recording {
    fn drop(&mut self) {
        if self.installed {
            ON.store(false, Ordering::Release);
            if let Ok(mut current) = CURRENT.lock() {
                *current = None;
            }
        }
    }
}

/// A stage running on this thread, recorded when dropped (see [`scope`]).
#[must_use = "the stage is timed until this is dropped"]
pub struct Scope {
    open: Option<(Arc<Inner>, &'static str, Instant, usize)>,
}

/// Opens the stage `stage` on this thread until the returned guard drops: recorded if some
/// [`Timings`] are installed, else nothing.
pub fn scope(stage: &'static str) -> Scope {
    if !ON.load(Ordering::Relaxed) {
        return Scope { open: None };
    }
    let Some(inner) = CURRENT.lock().ok().and_then(|c| c.clone()) else {
        return Scope { open: None };
    };
    let depth = OPEN.with(|open| {
        let mut open = open.borrow_mut();
        open.push(Duration::ZERO);
        open.len() - 1
    });
    Scope {
        open: Some((inner, stage, Instant::now(), depth)),
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        let Some((inner, stage, began, depth)) = self.open.take() else {
            return;
        };
        let duration = began.elapsed();
        let nested = OPEN.with(|open| {
            let mut open = open.borrow_mut();
            let nested = open.pop().unwrap_or_default();
            if let Some(parent) = open.last_mut() {
                *parent += duration;
            }
            nested
        });
        let span = Span {
            stage,
            thread: THREAD.with(|t| *t),
            depth,
            start: began.saturating_duration_since(inner.origin),
            duration,
            own: duration.saturating_sub(nested),
        };
        if let Ok(mut spans) = inner.spans.lock() {
            spans.push(span);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_stages_keep_their_own_time_and_nothing_records_when_not_installed() {
        // Not installed: nothing is recorded anywhere.
        let idle = Timings::default();
        {
            let _s = scope("idle");
        }
        assert!(idle.spans().iter().all(|s| s.stage != "idle"));

        let timings = Timings::default();
        timings.time("outer", || {
            std::thread::sleep(Duration::from_millis(4));
            let _inner = scope("inner");
            std::thread::sleep(Duration::from_millis(6));
        });
        let spans = timings.spans();
        let outer = spans.iter().find(|s| s.stage == "outer").unwrap();
        let inner = spans.iter().find(|s| s.stage == "inner").unwrap();
        assert_eq!((outer.depth, inner.depth), (0, 1));
        assert!(inner.duration >= Duration::from_millis(6));
        assert!(outer.duration >= inner.duration + Duration::from_millis(4));
        // The outer stage's own time leaves out the inner one's.
        assert_eq!(outer.own, outer.duration - inner.duration);
        let table = timings.table();
        assert_eq!(table.len(), 1);
        assert_eq!((table[0].stage, table[0].wall), ("outer", outer.duration));
        assert_eq!(
            table[0].parts,
            [StageTime {
                stage: "inner",
                own: inner.own,
                spans: 1
            }]
        );
        // Once the render is over, its timings record no more.
        {
            let _late = scope("late");
        }
        assert!(timings.spans().iter().all(|s| s.stage != "late"));
    }
}
