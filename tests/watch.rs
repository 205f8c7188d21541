//! `broadsheet watch` as a designer uses it: saves render, a burst of saves renders a few
//! times and ends on its last state, outputs are replaced whole, and an error keeps them.

mod common;

use common::save;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Least time between two renders' starts (the command's `GAP`).
const GAP: Duration = Duration::from_millis(120);

/// A running `broadsheet watch` and its status lines.
struct Watch {
    child: Child,
    lines: Receiver<String>,
}

impl Watch {
    fn start(spec: &Path, out: &Path) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .arg("watch")
            .arg(spec)
            .arg("-o")
            .arg(out)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, lines) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        Self { child, lines }
    }

    /// The next status line (a render), waiting at most `secs`.
    fn next(&self, secs: u64) -> String {
        self.lines
            .recv_timeout(Duration::from_secs(secs))
            .expect("a status line from the watcher")
    }

    /// Status lines until none comes for `quiet`.
    fn until_quiet(&self, quiet: Duration) -> Vec<String> {
        let mut got = Vec::new();
        loop {
            match self.lines.recv_timeout(quiet) {
                Ok(line) => got.push(line),
                Err(RecvTimeoutError::Timeout) => return got,
                Err(RecvTimeoutError::Disconnected) => panic!("the watcher ended: {got:?}"),
            }
        }
    }
}

impl Drop for Watch {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn cold(spec: &Path) -> Vec<u8> {
    broadsheet::render_file(spec, &broadsheet::Options::default())
        .unwrap()
        .pdf
}

fn setup(name: &str) -> (PathBuf, PathBuf, PathBuf, String) {
    let (edition, spec) = common::reference_copy(name);
    let out = spec.with_file_name("out.pdf");
    let a1 = edition.join("a1.txt");
    let text = std::fs::read_to_string(&a1).unwrap();
    (spec, out, a1, text)
}

#[test]
fn each_save_renders_and_an_error_keeps_the_last_good_output() {
    let (spec, out, a1, original) = setup("watch-saves");
    let watch = Watch::start(&spec, &out);
    let first = watch.next(60);
    assert!(
        first.starts_with("[1] ") && first.contains("1 page"),
        "{first}"
    );
    assert!(first.contains("preflight passes"), "{first}");
    assert_eq!(std::fs::read(&out).unwrap(), cold(&spec));

    // Saves 250 ms apart: each renders, the status line after it counts on.
    for i in 0..5 {
        let text = original.replacen("劳模", &format!("劳模{}", "们".repeat(i + 1)), 1);
        save(&a1, &text);
        let line = watch.next(30);
        assert!(line.starts_with(&format!("[{}] ", i + 2)), "{line}");
        std::thread::sleep(Duration::from_millis(250));
    }
    assert!(watch.until_quiet(Duration::from_millis(600)).is_empty());
    assert_eq!(std::fs::read(&out).unwrap(), cold(&spec));

    // A broken spec: an error line, and the PDF of the last good render stays.
    let good = std::fs::read(&out).unwrap();
    let spec_text = std::fs::read_to_string(&spec).unwrap();
    save(&spec, &spec_text.replacen("[grid]", "[grid", 1));
    let line = watch.next(30);
    assert!(
        line.contains("error") && line.contains("outputs of render 6 kept"),
        "{line}"
    );
    assert_eq!(std::fs::read(&out).unwrap(), good);

    // Mended: it renders again.
    save(&spec, &spec_text);
    let line = watch.next(30);
    assert!(line.starts_with("[8] ") && line.contains("wrote"), "{line}");
}

#[test]
fn a_burst_of_saves_renders_a_few_times_ends_on_its_last_state_and_no_reader_sees_half_a_file() {
    let (spec, out, a1, original) = setup("watch-burst");
    let watch = Watch::start(&spec, &out);
    watch.next(60);

    // A reader copying the output as fast as it can while the watcher writes it.
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let reader = {
        let (out, stop) = (out.clone(), stop.clone());
        std::thread::spawn(move || {
            let mut seen: Vec<Vec<u8>> = Vec::new();
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                if let Ok(bytes) = std::fs::read(&out)
                    && !seen.contains(&bytes)
                {
                    seen.push(bytes);
                }
                std::thread::sleep(Duration::from_millis(1));
            }
            seen
        })
    };

    // 50 saves, 20 ms apart.
    let started = Instant::now();
    let mut last = String::new();
    for i in 0..50 {
        last = original.replacen("劳模", &format!("劳模{}", "们".repeat(i % 7 + 1)), 1);
        save(&a1, &last);
        std::thread::sleep(Duration::from_millis(20));
    }
    let burst = started.elapsed();
    let renders = watch.until_quiet(Duration::from_millis(1500));
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let copies = reader.join().unwrap();

    // At most one render per gap over the burst, and one for its end.
    let most = (burst.as_secs_f64() / GAP.as_secs_f64()).ceil() as usize + 1;
    assert!(
        !renders.is_empty() && renders.len() <= most,
        "{} renders for 50 saves in {burst:?} (at most {most})",
        renders.len()
    );
    assert_eq!(std::fs::read_to_string(&a1).unwrap(), last);
    assert_eq!(std::fs::read(&out).unwrap(), cold(&spec), "the last state");

    // Every distinct file the reader saw was a whole PDF.
    assert!(copies.len() >= 2, "the reader saw the output change");
    for copy in &copies {
        assert!(copy.ends_with(b"%%EOF\n") || copy.ends_with(b"%%EOF"));
        lopdf::Document::load_mem(copy).expect("a whole PDF");
    }
}
