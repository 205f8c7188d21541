//! The designer's loop, timed as a designer sees it: `cargo bench --bench watch`.
//!
//! Runs `broadsheet watch` (release build) on a copy of the reference page and saves edits
//! as an editor does (a temporary file renamed over the article or the spec), 200 ms apart,
//! each never seen before. For each save it measures the time from the rename to the new
//! PDF in place (polling the output's identity: the watcher replaces it by a rename), and
//! prints median, 95th percentile and maximum:
//!
//! - one-character article edits (a hanzi of the body replaced, at a new place each time);
//! - a block of the spec made a line shorter or longer;
//! - with `--png`, the same article edits until the PNG preview is in place;
//! - with `--serve`, the same article edits under `watch --serve`: until the preview page
//!   hears of the render (its event stream) and until it has the new page's PNG, as the
//!   page asks for it.
//!
//! Then, with `--memory N`, N more edits as fast as the watcher takes them, and the peak
//! resident memory (VmHWM) after the first render and after them.
//!
//! With `--typst PATH`, the same one-character edits timed on `typst watch` of the peer
//! document (`../shared/peers/front.typ` beside the repository) for comparison.
//!
//! No assertions: the numbers go into the notes.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const EDITS: usize = 25;
const APART: Duration = Duration::from_millis(200);
/// Characters inserted by the edits, one per edit, at a place moved on each time.
const CHARS: &str = "人民工会职工劳动技能创新发展建设服务群众安全生产质量改革开放城乡";

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let flag = |name: &str| args.iter().position(|a| a == name);
    let value = |name: &str| flag(name).and_then(|i| args.get(i + 1)).cloned();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = std::env::temp_dir().join(format!("broadsheet-bench-watch-{}", std::process::id()));
    let (spec, a1) = copy_reference(root, &dir);
    let out = dir.join("front.pdf");

    let mut watch = Watcher::start(&spec, &out, None);
    let article = std::fs::read_to_string(&a1).unwrap();
    let edits = article_edits(&article, EDITS);
    report(
        "one-character article edits",
        &watch.time_saves(&a1, &edits, &out),
    );
    let spec_text = std::fs::read_to_string(&spec).unwrap();
    let moves = block_moves(&spec_text, 10);
    report(
        "a block one line longer or shorter",
        &watch.time_saves(&spec, &moves, &out),
    );
    if let Some(n) = value("--memory").and_then(|v| v.parse::<usize>().ok()) {
        let first = peak_kib(&watch.child);
        let many = article_edits(&article, n);
        for text in &many {
            watch.save_and_wait(&a1, text, &out);
        }
        let after = peak_kib(&watch.child);
        println!(
            "peak memory: {:.1} MiB after the first render ... {:.1} MiB after {n} more edits ({:.2}×)",
            first as f64 / 1024.0,
            after as f64 / 1024.0,
            after as f64 / first as f64
        );
    }
    drop(watch);

    if flag("--png").is_some() {
        let png_dir = dir.join("png");
        let png = png_dir.join("front.png");
        let mut watch = Watcher::start(&spec, &out, Some(&png_dir));
        watch.wait_for(&png);
        let edits = article_edits(&std::fs::read_to_string(&a1).unwrap(), EDITS);
        report(
            "article edits, PNG preview in place",
            &watch.time_saves(&a1, &edits, &png),
        );
    }

    if flag("--serve").is_some() {
        let (events, png) = serve_latencies(&spec, &out, &a1);
        report("article edits, preview told (event stream)", &events);
        report("article edits, preview page's PNG received", &png);
    }

    if let Some(typst) = value("--typst") {
        let peer = root.join("../shared/peers/front.typ");
        let typ = dir.join("front.typ");
        std::fs::copy(&peer, &typ).unwrap();
        let pdf = dir.join("typst.pdf");
        let child = Command::new(&typst)
            .args([
                "watch",
                "--ignore-system-fonts",
                "--font-path",
                "/usr/share/fonts/opentype/noto",
            ])
            .arg(&typ)
            .arg(&pdf)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut watch = Watcher { child };
        watch.wait_for(&pdf);
        let source = std::fs::read_to_string(&typ).unwrap();
        let edits = article_edits(&source, EDITS);
        report(
            "typst watch, one-character edits",
            &watch.time_saves(&typ, &edits, &pdf),
        );
    }
    let _ = std::fs::remove_dir_all(&dir);
}

/// The reference page's spec, articles and photos copied into `dir` (fonts read from the
/// repository); returns the spec and the first article.
fn copy_reference(root: &Path, dir: &Path) -> (PathBuf, PathBuf) {
    let _ = std::fs::remove_dir_all(dir);
    let edition = dir.join("2023-01-18");
    std::fs::create_dir_all(edition.join("photos")).unwrap();
    let source = root.join("fixtures/2023-01-18");
    for sub in ["", "photos"] {
        for entry in std::fs::read_dir(source.join(sub)).unwrap() {
            let path = entry.unwrap().path();
            if path.is_file() {
                std::fs::copy(&path, edition.join(sub).join(path.file_name().unwrap())).unwrap();
            }
        }
    }
    let spec = std::fs::read_to_string(root.join("layouts/zjgrrb-front.toml"))
        .unwrap()
        .replace(
            "\"../fixtures/2023-01-18/",
            &format!("\"{}/", edition.display()),
        )
        .replace("\"../", &format!("\"{}/", root.display()));
    let path = dir.join("front.toml");
    std::fs::write(&path, spec).unwrap();
    (path, edition.join("a1.txt"))
}

/// `n` versions of an article, each one character on from the one before: a hanzi of the
/// body (past the header) replaced by another, at a place moved on each time, so no
/// version repeats an earlier one and the text keeps its length.
fn article_edits(text: &str, n: usize) -> Vec<String> {
    let body = text.find("\n\n").map_or(0, |i| i + 2);
    let places: Vec<usize> = text[body..]
        .char_indices()
        .filter(|(_, c)| ('\u{4e00}'..='\u{9fff}').contains(c))
        .map(|(i, _)| body + i)
        .collect();
    let chars: Vec<char> = CHARS.chars().collect();
    let mut out = Vec::with_capacity(n);
    let mut text = text.to_string();
    for i in 0..n {
        // Every hanzi is three bytes in UTF-8, so the places stay valid.
        let at = places[(i * 7919) % places.len()];
        let old = text[at..].chars().next().unwrap();
        let new = chars
            .iter()
            .cycle()
            .skip(i % chars.len())
            .find(|c| **c != old)
            .copied()
            .unwrap();
        text.replace_range(at..at + old.len_utf8(), &new.to_string());
        out.push(text.clone());
    }
    out
}

/// `n` versions of the spec with A1's last block a line shorter, then longer again.
fn block_moves(spec: &str, n: usize) -> Vec<String> {
    let from = "{ column = 1, span = 3, line = 42, lines = 11 }";
    assert!(spec.contains(from), "the reference spec's A1 block");
    (0..n)
        .map(|i| {
            let lines = if i % 2 == 0 { 10 } else { 11 };
            spec.replace(
                from,
                &format!("{{ column = 1, span = 3, line = 42, lines = {lines} }}"),
            )
        })
        .collect()
}

struct Watcher {
    child: Child,
}

impl Drop for Watcher {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// What changes when a file is replaced or rewritten.
fn identity(path: &Path) -> Option<(u64, i128, u64)> {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(path).ok()?;
    Some((
        m.ino(),
        m.mtime() as i128 * 1_000_000_000 + m.mtime_nsec() as i128,
        m.len(),
    ))
}

impl Watcher {
    fn start(spec: &Path, out: &Path, png: Option<&Path>) -> Self {
        let mut command = Command::new(env!("CARGO_BIN_EXE_broadsheet"));
        command.arg("watch").arg(spec).arg("-o").arg(out);
        if let Some(dir) = png {
            command.arg("--png").arg(dir);
        }
        // The watcher's status lines and errors, for a look when a save is not answered.
        let log = std::fs::File::create(out.with_extension("log")).unwrap();
        let child = command
            .stdout(log.try_clone().unwrap())
            .stderr(log)
            .spawn()
            .unwrap();
        let watcher = Self { child };
        watcher.wait_for(out);
        watcher
    }

    fn wait_for(&self, path: &Path) {
        let until = Instant::now() + Duration::from_secs(60);
        while identity(path).is_none() {
            assert!(Instant::now() < until, "{} never appeared", path.display());
            std::thread::sleep(Duration::from_millis(5));
        }
        // Settle: the first render's writes are done.
        std::thread::sleep(Duration::from_millis(300));
    }

    /// Saves each text 200 ms apart and times each until `out` changes.
    fn time_saves(&mut self, file: &Path, texts: &[String], out: &Path) -> Vec<Duration> {
        texts
            .iter()
            .map(|text| {
                let took = self.save_and_wait(file, text, out);
                std::thread::sleep(APART.saturating_sub(took));
                took
            })
            .collect()
    }

    /// Saves `text` into `file` (temporary file and rename) and waits for `out` to change.
    fn save_and_wait(&mut self, file: &Path, text: &str, out: &Path) -> Duration {
        let before = identity(out);
        let tmp = file.with_extension("swp");
        std::fs::write(&tmp, text).unwrap();
        let saved = Instant::now();
        std::fs::rename(&tmp, file).unwrap();
        let until = saved + Duration::from_secs(30);
        loop {
            if identity(out) != before {
                return saved.elapsed();
            }
            assert!(
                Instant::now() < until,
                "no new {} after a save",
                out.display()
            );
            std::thread::sleep(Duration::from_micros(200));
        }
    }
}

fn peak_kib(child: &Child) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{}/status", child.id())).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmHWM:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

fn report(what: &str, times: &[Duration]) {
    let mut ms: Vec<f64> = times.iter().map(|d| d.as_secs_f64() * 1000.0).collect();
    ms.sort_by(f64::total_cmp);
    let at = |q: f64| ms[((ms.len() - 1) as f64 * q).round() as usize];
    println!(
        "{what}: {} saves, save → output: median {:.1} ms, p95 {:.1} ms, max {:.1} ms",
        ms.len(),
        at(0.5),
        at(0.95),
        ms[ms.len() - 1]
    );
}

/// Under `watch --serve`: for each of the article edits, the time from the save to the
/// render's event on the preview's event stream, and to the new page 1 PNG received over
/// HTTP (asked for as soon as the event comes, as the page does).
fn serve_latencies(spec: &Path, out: &Path, article: &Path) -> (Vec<Duration>, Vec<Duration>) {
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::TcpStream;
    let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
        .arg("watch")
        .arg(spec)
        .arg("-o")
        .arg(out)
        .arg("--serve")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let url = lines.next().unwrap().unwrap();
    std::thread::spawn(move || lines.for_each(drop));
    let watcher = Watcher { child };
    let address = url.trim_start_matches("preview: http://");
    let (host, token) = address.split_once("/?token=").unwrap();
    let (host, token) = (host.to_string(), token.to_string());
    let get = |target: &str| -> TcpStream {
        let mut stream = TcpStream::connect(&host).unwrap();
        write!(
            stream,
            "GET {target}&token={token} HTTP/1.1\r\nHost: {host}\r\n\r\n"
        )
        .unwrap();
        stream
    };
    let (tx, rx) = std::sync::mpsc::channel();
    let stream = get("/events?");
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if let Some(data) = line.strip_prefix("data: ") {
                let event: serde_json::Value = serde_json::from_str(data).unwrap();
                if tx.send((Instant::now(), event)).is_err() {
                    break;
                }
            }
        }
    });
    let next = |after: u64| loop {
        let (at, event) = rx.recv_timeout(Duration::from_secs(60)).unwrap();
        if event["generation"].as_u64() > Some(after) {
            return (at, event);
        }
    };
    let (_, first) = next(0);
    let mut generation = first["generation"].as_u64().unwrap();
    std::thread::sleep(Duration::from_millis(500));
    let edits = article_edits(&std::fs::read_to_string(article).unwrap(), EDITS);
    let (mut told, mut received) = (Vec::new(), Vec::new());
    for text in &edits {
        let tmp = article.with_extension("swp");
        std::fs::write(&tmp, text).unwrap();
        let saved = Instant::now();
        std::fs::rename(&tmp, article).unwrap();
        let (at, event) = next(generation);
        generation = event["generation"].as_u64().unwrap();
        told.push(at - saved);
        let good = event["good"].as_u64().unwrap();
        let mut reply = Vec::new();
        get(&format!("/page?n=1&overlay=0&gen={good}"))
            .read_to_end(&mut reply)
            .unwrap();
        assert!(reply.starts_with(b"HTTP/1.1 200"), "no PNG");
        received.push(saved.elapsed());
        std::thread::sleep(APART.saturating_sub(saved.elapsed()));
    }
    drop(watcher);
    (told, received)
}
