//! `broadsheet watch --serve` over plain HTTP, as the preview page uses it: the token and
//! the Host header guard every request, the event stream tells of each render (and of an
//! error, keeping the last good page), pages come as PNGs of the written PDF, a click
//! traces to the article's file:line:col, and `--editor` opens only that place.

mod common;

use common::save;

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::Receiver;
use std::time::Duration;

use broadsheet::display::Item;

/// A running `broadsheet watch --serve`, its address and token.
struct Served {
    child: Child,
    port: u16,
    token: String,
    _lines: Receiver<String>,
}

impl Served {
    fn start(spec: &Path, out: &Path, editor: &str) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_broadsheet"))
            .args(["watch", "--serve", "--editor", editor, "-o"])
            .arg(out)
            .arg(spec)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
        let first = lines.next().unwrap().unwrap();
        let url = first
            .strip_prefix("preview: http://127.0.0.1:")
            .expect(&first);
        let (port, token) = url.split_once("/?token=").unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in lines.map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        Served {
            child,
            port: port.parse().unwrap(),
            token: token.to_string(),
            _lines: rx,
        }
    }

    /// A request with the given Host header; returns the status and the body.
    fn request_as(&self, method: &str, target: &str, host: &str) -> (u16, Vec<u8>) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        write!(stream, "{method} {target} HTTP/1.1\r\nHost: {host}\r\n\r\n").unwrap();
        let mut reply = Vec::new();
        stream.read_to_end(&mut reply).unwrap();
        let head_end = reply.windows(4).position(|w| w == b"\r\n\r\n").unwrap();
        let head = String::from_utf8_lossy(&reply[..head_end]).to_string();
        let status = head.split(' ').nth(1).unwrap().parse().unwrap();
        (status, reply[head_end + 4..].to_vec())
    }

    fn host(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    fn get(&self, path: &str) -> (u16, Vec<u8>) {
        let sep = if path.contains('?') { '&' } else { '?' };
        let target = format!("{path}{sep}token={}", self.token);
        self.request_as("GET", &target, &self.host())
    }

    fn json(&self, method: &str, path: &str) -> (u16, serde_json::Value) {
        let target = format!("{path}&token={}", self.token);
        let (status, body) = self.request_as(method, &target, &self.host());
        (status, serde_json::from_slice(&body).unwrap())
    }

    /// The event stream, as its `render` events come.
    fn events(&self) -> Receiver<serde_json::Value> {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        write!(
            stream,
            "GET /events?token={} HTTP/1.1\r\nHost: {}\r\n\r\n",
            self.token,
            self.host()
        )
        .unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stream).lines().map_while(Result::ok) {
                if let Some(data) = line.strip_prefix("data: ")
                    && tx.send(serde_json::from_str(data).unwrap()).is_err()
                {
                    break;
                }
            }
        });
        rx
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The next render's event (a stream opened before the first render starts with its state
/// then, generation 0).
fn next(events: &Receiver<serde_json::Value>) -> serde_json::Value {
    loop {
        let event = events
            .recv_timeout(Duration::from_secs(60))
            .expect("a render event");
        if event["generation"] != 0 {
            return event;
        }
    }
}

/// The pixel (at the preview's 72 dpi) of the middle of the `nth` body glyph of article
/// `id` on page 1, found in the library's own render of the same spec.
fn body_glyph(spec: &Path, id: &str, nth: usize) -> (f64, f64, broadsheet::Traced) {
    let rendered = broadsheet::render_file(spec, &broadsheet::Options::default()).unwrap();
    let text = rendered
        .document
        .texts
        .iter()
        .position(|t| t.name == id)
        .unwrap();
    let mut seen = 0;
    for item in &rendered.document.pages[0].items {
        let Item::Text(run) = item else { continue };
        let Some(source) = run.source.as_ref().filter(|s| s.text as usize == text) else {
            continue;
        };
        for (g, (left, right)) in run.glyphs.iter().zip(&source.boxes) {
            let at =
                broadsheet::geom::Point::new((*left + *right) * 0.5, g.origin.y - run.size * 0.4);
            let Some(t) = broadsheet::trace(&rendered.document, 0, at) else {
                continue;
            };
            if seen == nth {
                return (at.x.0, at.y.0, t);
            }
            seen += 1;
        }
    }
    panic!("{id} has no glyph {nth}");
}

#[test]
fn the_preview_server_guards_shows_updates_traces_and_opens() {
    let (edition, spec) = common::reference_copy("serve");
    let dir = edition.parent().unwrap().to_path_buf();
    let out = dir.join("out.pdf");
    // The editor: a program run without a shell, given the place in its arguments.
    let opened = dir.join("opened");
    std::fs::create_dir_all(&opened).unwrap();
    let editor = format!("cp {{file}} {}/at-{{line}}-{{col}}.txt", opened.display());
    let served = Served::start(&spec, &out, &editor);

    // Without the token, or under another host name, nothing is served.
    let page = format!("/?token={}", served.token);
    assert_eq!(served.request_as("GET", "/", &served.host()).0, 403);
    assert_eq!(
        served.request_as("GET", "/?token=0000", &served.host()).0,
        403
    );
    assert_eq!(served.request_as("GET", &page, "evil.example").0, 403);
    assert_eq!(
        served
            .request_as("GET", &page, &format!("rebound.example:{}", served.port))
            .0,
        403
    );
    let (status, html) = served.get("/");
    assert_eq!(status, 200);
    let html = String::from_utf8(html).unwrap();
    assert!(html.contains(&served.token) && html.contains("EventSource"));
    // No external assets: every address the page names is its own server's.
    assert!(!html.contains("http://") && !html.contains("https://") && !html.contains("//cdn"));

    // The first render, told on the event stream.
    let events = served.events();
    let first = next(&events);
    assert_eq!(
        (first["generation"].as_u64(), first["good"].as_u64()),
        (Some(1), Some(1))
    );
    assert_eq!(first["pages"], 1);
    assert!(first["error"].is_null());

    // Page 1 as a PNG of the written PDF, the size of the trim at 72 dpi; the overlay is
    // another picture of the same page.
    let (status, png) = served.get("/page?n=1&overlay=0");
    assert_eq!(status, 200);
    let decoded = image::load_from_memory(&png).unwrap();
    let cold = broadsheet::render_file(&spec, &broadsheet::Options::default()).unwrap();
    let expected = broadsheet::preview_page(&cold, 0, 72.0, false).unwrap();
    assert_eq!(
        (decoded.width(), decoded.height()),
        (expected.width, expected.height)
    );
    assert_eq!(decoded.to_rgb8().into_raw(), expected.data);
    let (status, overlaid) = served.get("/page?n=1&overlay=1");
    assert_eq!(status, 200);
    assert_ne!(png, overlaid);
    assert_eq!(served.get("/page?n=2").0, 404);

    // A click on a glyph of A3: its file, line and column, as the library traces it.
    let (x, y, expected) = body_glyph(&spec, "A3", 40);
    let (status, found) = served.json("GET", &format!("/trace?page=1&x={x}&y={y}"));
    assert_eq!(status, 200, "{found}");
    assert_eq!(found["article"], "A3");
    assert_eq!(found["file"].as_str(), expected.file.to_str());
    assert_eq!(
        (found["line"].as_u64(), found["col"].as_u64()),
        (Some(expected.line as u64), Some(expected.col as u64))
    );
    // In the margin there is nothing to trace.
    assert_eq!(served.json("GET", "/trace?page=1&x=2&y=2").0, 404);

    // The editor opens that place, and only by a POST.
    assert_eq!(
        served.json("GET", &format!("/open?page=1&x={x}&y={y}")).0,
        405
    );
    let (status, reply) = served.json("POST", &format!("/open?page=1&x={x}&y={y}"));
    assert_eq!(status, 200, "{reply}");
    // The editor runs on its own: wait (at most 10 s) until its copy is whole.
    let copy = opened.join(format!("at-{}-{}.txt", expected.line, expected.col));
    let article = std::fs::read(&expected.file).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while std::fs::read(&copy).ok().as_ref() != Some(&article)
        && std::time::Instant::now() < deadline
    {
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(
        std::fs::read(&copy).ok() == Some(article),
        "the editor was not given {}",
        copy.display()
    );

    // An edit renders again, and the page hears of it.
    let a3 = edition.join("a3.txt");
    let text = std::fs::read_to_string(&a3).unwrap();
    save(&a3, &text.replacen('。', "！", 1));
    let second = next(&events);
    assert_eq!(
        (second["generation"].as_u64(), second["good"].as_u64()),
        (Some(2), Some(2))
    );
    let (_, after) = served.get("/page?n=1&overlay=0");
    assert_ne!(after, png, "the page did not change after the edit");
    // Drawn again only where the page changed, over the first picture: the very pixels of
    // the edited page drawn whole.
    let cold = broadsheet::render_file(&spec, &broadsheet::Options::default()).unwrap();
    let expected = broadsheet::preview_page(&cold, 0, 72.0, false).unwrap();
    let decoded = image::load_from_memory(&after).unwrap().to_rgb8();
    assert!(
        decoded.into_raw() == expected.data,
        "the redrawn page differs"
    );

    // A broken spec: the diagnostics, over the last good page, which is still served.
    let good_spec = std::fs::read_to_string(&spec).unwrap();
    save(
        &spec,
        &good_spec.replacen("columns = 8", "columns = \"six\"", 1),
    );
    let third = next(&events);
    assert_eq!(
        (third["generation"].as_u64(), third["good"].as_u64()),
        (Some(3), Some(2))
    );
    let error = third["error"].as_str().unwrap();
    assert!(
        error.contains("error[BS") && error.contains("columns"),
        "{error}"
    );
    assert_eq!(served.get("/page?n=1&overlay=0"), (200, after));
}

/// A file `--editor` may open is one the render read as an article: the request names a
/// place on the page, never a path.
#[test]
fn the_editor_is_never_given_a_path_from_the_request() {
    let (edition, spec) = common::reference_copy("serve-open");
    let dir: PathBuf = edition.parent().unwrap().to_path_buf();
    let marker = dir.join("ran");
    let editor = format!("cp {{file}} {}", marker.display());
    let served = Served::start(&spec, &dir.join("out.pdf"), &editor);
    let events = served.events();
    next(&events);
    // Nothing under the point: nothing runs, whatever else the query says.
    let (status, _) = served.json("POST", "/open?page=1&x=2&y=2&file=/etc/passwd");
    assert_eq!(status, 404);
    std::thread::sleep(Duration::from_millis(300));
    assert!(!marker.exists());
}
