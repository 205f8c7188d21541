//! A catalogue of bad inputs to the `broadsheet` command.
//!
//! Every row builds one malformed, hostile or colliding input in a fresh folder of its own,
//! runs the binary on it and checks:
//!
//! 1. the exit code (the table of `broadsheet::error::exit`);
//! 2. the key words of the message on standard error (and words it must not say);
//! 3. that nothing appears at the `-o` path (an existing file there keeps its bytes), no
//!    `.*.part` debris is left beside it, and every input named by the row is unchanged;
//! 4. that the run ended in bounded time and memory (10 s, killed after, and 256 MiB;
//!    5 s for devices and FIFOs);
//!
//! and, for every row, that nothing panicked (no `panicked`, no exit 70). All rows run in
//! one test; failures are collected and listed together in one table at the end, so one
//! run shows everything that is wrong.

mod common;

use std::ffi::OsString;
use std::fs;
use std::io::Read;
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_broadsheet");

/// Longest any row may run before it is killed and failed: the robustness bound.
const TIMEOUT: Duration = Duration::from_secs(10);
/// Most memory any row may take, MiB: the robustness bound (sampled while it runs).
const MAX_RSS_MIB: u64 = 256;
/// Longest a row about a device or a FIFO may take: it must be refused, not read.
const FAST: Duration = Duration::from_secs(5);

// Exit codes (`broadsheet::error::exit`).
const OK: i32 = 0;
const INPUT: i32 = 1;
const USAGE: i32 = 2;
const OVERSET: i32 = 3;
const MISSING_GLYPHS: i32 = 4;
const OUTPUT: i32 = 5;
const PREFLIGHT: i32 = 7;
const INTERNAL: i32 = 70;

/// The fixture article's body (`fixtures/thread-mid-word/article.txt`).
const BODY: &str = "在省总工会,易炼红观摩劳模人队伍建设改革视频,要求全省各级工会组织用心用情维护好广大劳动者合法权益,充分调动各行各业职工干事创业热情,为我省高质量发展贡献更多力量。";

// ---------------------------------------------------------------------------------------
// Rows and cases
// ---------------------------------------------------------------------------------------

/// One row of the catalogue.
struct Row {
    name: &'static str,
    /// Builds the inputs in the row's fresh folder and says how to run.
    build: Box<dyn Fn(&Path) -> Case>,
    /// The exit code expected.
    code: i32,
    /// Words standard error must contain.
    words: &'static [&'static str],
    /// Words standard error must not contain.
    not_words: &'static [&'static str],
}

fn row(
    name: &'static str,
    code: i32,
    words: &'static [&'static str],
    build: impl Fn(&Path) -> Case + 'static,
) -> Row {
    Row {
        name,
        build: Box::new(build),
        code,
        words,
        not_words: &[],
    }
}

impl Row {
    fn without(mut self, words: &'static [&'static str]) -> Self {
        self.not_words = words;
        self
    }
}

type Check = Box<dyn Fn(&Run) -> Result<(), String>>;

/// How to run one row, and what else to check.
#[derive(Default)]
struct Case {
    args: Vec<OsString>,
    /// The `-o` path: nothing may appear there on failure; a PDF must on success.
    out: Option<PathBuf>,
    /// The `--png` folder: checked for debris.
    png: Option<PathBuf>,
    /// A file fed to standard input.
    stdin: Option<PathBuf>,
    /// Inputs whose bytes must be the same afterwards.
    unchanged: Vec<PathBuf>,
    /// Folders in which no file may have been written.
    no_files_in: Vec<PathBuf>,
    /// More words standard error must contain (built from the row's paths).
    words: Vec<String>,
    /// A stricter time limit than [`TIMEOUT`].
    limit: Option<Duration>,
    /// Largest peak resident memory allowed, MiB.
    max_rss_mib: Option<u64>,
    /// Read this many bytes of standard output, then close it (`| head -c N`).
    close_stdout_after: Option<usize>,
    /// Any exit code will do, as long as nothing panicked (a closed pipe).
    any_code: bool,
    /// Further checks.
    checks: Vec<Check>,
    /// `.part` files are expected to stay (another host's, or an input named like one).
    allow_debris: bool,
}

impl Case {
    /// `broadsheet render SPEC -o OUT`; the spec must come through unchanged.
    fn render(spec: &Path, out: &Path) -> Self {
        Case {
            args: vec!["render".into(), spec.into(), "-o".into(), out.into()],
            out: Some(out.to_path_buf()),
            unchanged: vec![spec.to_path_buf()],
            ..Case::default()
        }
    }

    /// `broadsheet ARGS…`.
    fn cmd(args: &[&str]) -> Self {
        Case {
            args: args.iter().map(OsString::from).collect(),
            ..Case::default()
        }
    }

    fn arg(mut self, a: impl Into<OsString>) -> Self {
        self.args.push(a.into());
        self
    }

    fn png(mut self, dir: &Path) -> Self {
        self.args.push("--png".into());
        self.args.push(dir.into());
        self.png = Some(dir.to_path_buf());
        self
    }

    fn keep(mut self, path: &Path) -> Self {
        self.unchanged.push(path.to_path_buf());
        self
    }

    fn word(mut self, w: impl Into<String>) -> Self {
        self.words.push(w.into());
        self
    }

    fn fast(mut self) -> Self {
        self.limit = Some(FAST);
        self
    }

    fn stdin(mut self, path: PathBuf) -> Self {
        self.stdin = Some(path);
        self
    }

    fn check(mut self, f: impl Fn(&Run) -> Result<(), String> + 'static) -> Self {
        self.checks.push(Box::new(f));
        self
    }
}

/// What a run did.
struct Run {
    code: Option<i32>,
    stdout: Vec<u8>,
    stderr: String,
    elapsed: Duration,
    timed_out: bool,
    peak_rss_kib: u64,
}

// ---------------------------------------------------------------------------------------
// Building inputs
// ---------------------------------------------------------------------------------------

fn scratch() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR")).join("catalogue")
}

/// The row's fresh folder.
fn row_dir(name: &str) -> PathBuf {
    let dir = scratch().join(name);
    let _ = fs::remove_dir_all(&dir);
    fs::create_dir_all(&dir).unwrap();
    dir
}

/// Moves a `common::variant` folder's files into the row's folder and points its spec at
/// them; returns the spec.
fn relocate(spec: PathBuf, dir: &Path) -> PathBuf {
    let from = spec.parent().unwrap().to_path_buf();
    for entry in fs::read_dir(&from).unwrap() {
        let path = entry.unwrap().path();
        fs::copy(&path, dir.join(path.file_name().unwrap())).unwrap();
    }
    let target = dir.join("layout.toml");
    let toml = fs::read_to_string(&target).unwrap().replace(
        &format!("{}/", from.display()),
        &format!("{}/", dir.display()),
    );
    fs::write(&target, toml).unwrap();
    let _ = fs::remove_dir_all(&from);
    target
}

/// A copy of a fixture's spec, with edits, in the row's folder (its article stays where
/// it is).
fn fixture(dir: &Path, name: &str, edits: &[(&str, &str)]) -> PathBuf {
    relocate(common::variant(name, edits), dir)
}

/// A copy of a fixture's spec and article, each with edits, in the row's folder.
fn fixture_article(
    dir: &Path,
    name: &str,
    layout: &[(&str, &str)],
    article: &[(&str, &str)],
) -> PathBuf {
    relocate(common::variant_with_article(name, layout, article), dir)
}

/// The thread fixture reading `dir/article.txt`, which holds `bytes`.
fn thread_article(dir: &Path, bytes: &[u8]) -> PathBuf {
    let spec = fixture_article(dir, "thread-mid-word", &[], &[]);
    fs::write(dir.join("article.txt"), bytes).unwrap();
    spec
}

/// Replaces text in a file already written (after `variant` made its paths absolute).
fn edit(path: &Path, from: &str, to: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} has no `{from}`", path.display());
    fs::write(path, text.replace(from, to)).unwrap();
}

/// Replaces the line that starts with `start`.
fn set_line(path: &Path, start: &str, line: &str) {
    let text = fs::read_to_string(path).unwrap();
    assert!(
        text.lines().any(|l| l.starts_with(start)),
        "{} has no line starting `{start}`",
        path.display()
    );
    let out: String = text
        .lines()
        .map(|l| if l.starts_with(start) { line } else { l })
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(path, out).unwrap();
}

/// The fixtures' one `[[article]]` line: `(ARTICLE, &before_article(…))` is an edit that
/// inserts a block of TOML before it.
const ARTICLE: &str = "[[article]]";

fn before_article(extra: &str) -> String {
    format!("{extra}\n[[article]]")
}

/// `[[text]]` box text.
fn text_box(text: &str, area: &str, extra: &str) -> String {
    format!("[[text]]\ntext = \"{text}\"\nstyle = \"body\"\narea = {area}\n{extra}\n")
}

/// The photo fixture reading its photo from `dir/<name>` (which the caller writes).
fn photo_fixture(dir: &Path, name: &str, layout: &[(&str, &str)]) -> PathBuf {
    fixture_article(
        dir,
        "photo-caption-credit",
        layout,
        &[(
            "photo: ../2023-01-18/photos/a2.jpg",
            &format!("photo: {name}"),
        )],
    )
}

fn repo(path: &str) -> PathBuf {
    common::root().join(path)
}

fn mkfifo(path: &Path) {
    let status = Command::new("mkfifo")
        .arg(path)
        .status()
        .expect("mkfifo runs");
    assert!(status.success(), "mkfifo {}", path.display());
}

/// A PNG whose header claims `w` × `h` pixels, with the data of a 1 × 1 image.
fn png_claiming(w: u32, h: u32) -> Vec<u8> {
    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = 0xffff_ffffu32;
        for &b in bytes {
            crc ^= b as u32;
            for _ in 0..8 {
                crc = if crc & 1 != 0 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }
    fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
        out.extend((data.len() as u32).to_be_bytes());
        let mut body = kind.to_vec();
        body.extend(data);
        out.extend(&body);
        out.extend(crc32(&body).to_be_bytes());
    }
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = Vec::new();
    ihdr.extend(w.to_be_bytes());
    ihdr.extend(h.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    // zlib, one stored block: filter byte 0 and one white RGB pixel; Adler-32 of it.
    let raw = [0u8, 255, 255, 255];
    let (mut a, mut b) = (1u32, 0u32);
    for &x in &raw {
        a = (a + x as u32) % 65521;
        b = (b + a) % 65521;
    }
    let mut idat = vec![0x78, 0x01, 0x01, 0x04, 0x00, 0xfb, 0xff];
    idat.extend(raw);
    idat.extend(((b << 16) | a).to_be_bytes());
    chunk(&mut png, b"IDAT", &idat);
    chunk(&mut png, b"IEND", &[]);
    png
}

/// Where a character first occurs in a text: 1-based line and column, in characters.
fn line_col(text: &str, ch: char) -> (usize, usize) {
    text.lines()
        .enumerate()
        .find_map(|(i, l)| l.chars().position(|c| c == ch).map(|c| (i + 1, c + 1)))
        .unwrap()
}

/// The text of a PDF, as a reader extracts it.
fn pdf_text(path: &Path) -> Result<String, String> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    std::panic::catch_unwind(|| pdf_extract::extract_text_from_mem(&bytes))
        .map_err(|_| "pdf-extract panicked on the PDF".to_string())?
        .map_err(|e| format!("pdf-extract: {e}"))
}

/// The separators of the control-character rows, and the article that holds them.
const SEPARATORS: [(char, &str); 5] = [
    ('\u{c}', "form feed"),
    ('\u{b}', "vertical tab"),
    ('\u{85}', "next line"),
    ('\u{2028}', "line separator"),
    ('\u{2029}', "paragraph separator"),
];

fn separated_article() -> String {
    "id: T1\n\n在省总工会,\u{c}易炼红观摩劳模人队伍建设改革视频,\u{b}要求全省各级工会组织\u{85}用心用情维护好广大劳动者合法权益,\u{2028}充分调动各行各业职工干事创业热情,\u{2029}为我省高质量发展贡献更多力量。\n"
        .to_string()
}

// ---------------------------------------------------------------------------------------
// The catalogue
// ---------------------------------------------------------------------------------------

fn rows() -> Vec<Row> {
    let mut rows = Vec::new();

    // ---- Output paths: never over an input, never anything but a regular file ----------

    rows.push(row(
        "out-is-spec",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            Case::render(&spec, &spec)
        },
    ));
    rows.push(row(
        "out-is-spec-other-spelling",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            Case::render(&spec, &d.join(".").join("layout.toml"))
        },
    ));
    rows.push(row(
        "out-is-article",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let spec = fixture_article(d, "thread-mid-word", &[], &[]);
            let article = d.join("article.txt");
            Case::render(&spec, &article).keep(&article)
        },
    ));
    rows.push(row(
        "out-is-font",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let font = d.join("song.ttf");
            fs::copy(repo("fonts/NotoSerifSC-Regular.ttf"), &font).unwrap();
            let spec = fixture(
                d,
                "thread-mid-word",
                &[(
                    "\"../../fonts/NotoSerifSC-Regular.ttf\"",
                    &format!("\"{}\"", font.display()),
                )],
            );
            Case::render(&spec, &font).keep(&font)
        },
    ));
    rows.push(row(
        "out-is-furniture",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let furniture = d.join("furniture.txt");
            fs::write(&furniture, "slogan: 倾情关注劳动群体\n").unwrap();
            let spec = fixture(
                d,
                "thread-mid-word",
                &[
                    (
                        "[page]",
                        &format!("furniture = \"{}\"\n\n[page]", furniture.display()),
                    ),
                    (
                        ARTICLE,
                        &before_article(&text_box(
                            "{slogan}",
                            "{ column = 1, line = 3, lines = 2 }",
                            "",
                        )),
                    ),
                ],
            );
            Case::render(&spec, &furniture).keep(&furniture)
        },
    ));
    rows.push(row(
        "out-is-photo",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let spec = photo_fixture(d, "photo.jpg", &[]);
            let photo = d.join("photo.jpg");
            fs::copy(repo("fixtures/2023-01-18/photos/a2.jpg"), &photo).unwrap();
            Case::render(&spec, &photo).keep(&photo)
        },
    ));
    rows.push(row(
        "out-is-symlink-to-spec",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            let link = d.join("out.pdf");
            std::os::unix::fs::symlink(&spec, &link).unwrap();
            Case::render(&spec, &link)
        },
    ));
    rows.push(row(
        "out-is-hard-link-of-article",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let spec = fixture_article(d, "thread-mid-word", &[], &[]);
            let article = d.join("article.txt");
            let link = d.join("out.pdf");
            fs::hard_link(&article, &link).unwrap();
            Case::render(&spec, &link).keep(&article)
        },
    ));
    // The spec `page.toml` previews to `page.png`: the article's photo has that name.
    rows.push(row(
        "png-page-is-photo",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let spec = photo_fixture(d, "page.png", &[]);
            let page = d.join("page.toml");
            fs::rename(&spec, &page).unwrap();
            let photo = d.join("page.png");
            fs::copy(repo("fixtures/2023-01-18/photos/a2.jpg"), &photo).unwrap();
            Case::render(&page, &d.join("out.pdf")).png(d).keep(&photo)
        },
    ));
    rows.push(row(
        "png-page-is-symlink-to-spec",
        OUTPUT,
        &["one of this render's inputs"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            let png = d.join("png");
            fs::create_dir_all(&png).unwrap();
            std::os::unix::fs::symlink(&spec, png.join("layout.png")).unwrap();
            Case::render(&spec, &d.join("out.pdf")).png(&png)
        },
    ));
    rows.push(row(
        "out-is-dev-null",
        OUTPUT,
        &["not a regular file"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            Case::render(&spec, Path::new("/dev/null"))
        },
    ));
    rows.push(row(
        "out-under-a-file",
        OUTPUT,
        &["error", "file.txt"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            let file = d.join("file.txt");
            fs::write(&file, "not a folder").unwrap();
            Case::render(&spec, &file.join("out.pdf")).keep(&file)
        },
    ));
    rows.push(row(
        "out-is-a-directory",
        OUTPUT,
        &["not a regular file"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            let out = d.join("out.pdf");
            fs::create_dir_all(&out).unwrap();
            Case::render(&spec, &out)
        },
    ));
    rows.push(row(
        "png-dir-is-a-file",
        OUTPUT,
        &["error", "png.txt"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            let file = d.join("png.txt");
            fs::write(&file, "not a folder").unwrap();
            Case::render(&spec, &d.join("out.pdf"))
                .png(&file)
                .keep(&file)
        },
    ));
    // An empty path is a malformed command line, refused by the parser.
    rows.push(row("out-is-empty-path", USAGE, &["--output"], |d| {
        let spec = fixture(d, "thread-mid-word", &[]);
        Case::render(&spec, Path::new(""))
    }));

    // ---- Spec numbers: bounded, and named by field -----------------------------------

    let grid_row = |name, words: &'static [&'static str], from: &'static str, to: &'static str| {
        row(name, INPUT, words, move |d| {
            let spec = fixture(d, "thread-mid-word", &[(from, to)]);
            Case::render(&spec, &d.join("out.pdf"))
        })
    };
    rows.push(grid_row(
        "column-chars-2^29",
        &["grid.column_chars"],
        "column_chars = 15",
        "column_chars = 536870912",
    ));
    rows.push(grid_row(
        "gutter-chars-u32-max",
        &["grid.gutter_chars"],
        "gutter_chars = 1",
        "gutter_chars = 4294967295",
    ));
    rows.push(grid_row(
        "page-width-1e9-mm",
        &["page.width"],
        "width = 110.0",
        "width = 1e9",
    ));
    rows.push(grid_row(
        "page-width-nan",
        &["page.width"],
        "width = 110.0",
        "width = nan",
    ));
    rows.push(grid_row(
        "page-width-inf",
        &["page.width"],
        "width = 110.0",
        "width = inf",
    ));
    rows.push(grid_row(
        "page-width-0",
        &["page.width"],
        "width = 110.0",
        "width = 0.0",
    ));
    rows.push(grid_row(
        "page-height-negative",
        &["page.height"],
        "height = 60.0",
        "height = -60.0",
    ));
    rows.push(grid_row(
        "columns-0",
        &["grid.columns"],
        "columns = 2",
        "columns = 0",
    ));
    rows.push(grid_row(
        "columns-100",
        &["grid.columns"],
        "columns = 2",
        "columns = 100",
    ));
    rows.push(grid_row(
        "lines-100000",
        &["grid.lines"],
        "\nlines = 10\n",
        "\nlines = 100000\n",
    ));
    rows.push(grid_row(
        "body-size-0",
        &["grid.body_size"],
        "body_size = 9.0",
        "body_size = 0.0",
    ));
    rows.push(grid_row(
        "line-pitch-below-body-size",
        &["grid.line_pitch", "overlap"],
        "line_pitch = 13.5",
        "line_pitch = 6.0",
    ));
    rows.push(grid_row(
        "leading-below-size",
        &["styles.body.leading", "leading"],
        "body = { font = \"song\", size = 9.0, indent = 2.0 }",
        "body = { font = \"song\", size = 9.0, indent = 2.0, leading = 5.0 }",
    ));
    rows.push(grid_row(
        "style-size-1e6",
        &["styles.body.size"],
        "body = { font = \"song\", size = 9.0, indent = 2.0 }",
        "body = { font = \"song\", size = 1e6, indent = 2.0 }",
    ));
    rows.push(grid_row(
        "indent-nan",
        &["styles.body.indent"],
        "indent = 2.0",
        "indent = nan",
    ));
    rows.push(grid_row(
        "indent-negative",
        &["styles.body.indent"],
        "indent = 2.0",
        "indent = -1.0",
    ));
    rows.push(grid_row(
        "rule-weight-0",
        &["rule[0].weight"],
        "[[article]]",
        "[[rule]]\nkind = \"horizontal\"\narea = { column = 1, line = 5 }\nweight = 0.0\n\n[[article]]",
    ));
    rows.push(grid_row(
        "rule-weight-1000",
        &["rule[0].weight"],
        "[[article]]",
        "[[rule]]\nkind = \"horizontal\"\narea = { column = 1, line = 5 }\nweight = 1000.0\n\n[[article]]",
    ));
    rows.push(
        grid_row(
            "page-left-too-large",
            &["page.left"],
            "top = 6.0",
            "top = 6.0\nleft = 50.0",
        )
        .without(&["columns"]),
    );
    rows.push(grid_row(
        "area-span-u32-max",
        &["span 4294967295"],
        "{ column = 1, line = 0, lines = 1 }",
        "{ column = 1, span = 4294967295, line = 0, lines = 1 }",
    ));
    rows.push(grid_row(
        "cmyk-over-100",
        &["styles.body.color", "0–100"],
        "indent = 2.0",
        "indent = 2.0, color = [0, 0, 0, 101]",
    ));
    rows.push(grid_row(
        "five-fallback-faces",
        &["styles.body.fallback"],
        "indent = 2.0",
        "indent = 2.0, fallback = [\"song\", \"song\", \"song\", \"song\", \"song\"]",
    ));
    rows.push(grid_row(
        "style-names-unknown-font",
        &[
            "BS0202",
            "no face named `sung`",
            "layout.toml:24:17",
            "did you mean `song`?",
        ],
        "font = \"song\"",
        "font = \"sung\"",
    ));
    rows.push(grid_row(
        "issue-date-30-february",
        &["page.issue_date", "2023-02-30"],
        "top = 6.0",
        "top = 6.0\nissue_date = \"2023-02-30\"",
    ));
    rows.push(
        row("article-file-empty-string", INPUT, &["empty"], |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            set_line(&spec, "file = ", "file = \"\"");
            Case::render(&spec, &d.join("out.pdf"))
        })
        .without(&["Is a directory"]),
    );
    rows.push(grid_row(
        "text-placeholder-not-closed",
        &["text[0].text", "not closed"],
        "[[article]]",
        "[[text]]\ntext = \"{slogan\"\nstyle = \"body\"\narea = { column = 1, line = 3, lines = 2 }\n\n[[article]]",
    ));
    rows.push(grid_row(
        "mistyped-key-colums",
        &["colums"],
        "columns = 2",
        "colums = 2",
    ));
    rows.push(grid_row(
        "duplicate-key",
        &["duplicate", "lines"],
        "\nlines = 10\n",
        "\nlines = 10\nlines = 10\n",
    ));
    rows.push(grid_row(
        "toml-syntax-error",
        &["layout.toml:8:", "width"],
        "width = 110.0",
        "width = 110.0 mm",
    ));
    rows.push(row(
        "spec-not-utf8-gbk-comment",
        INPUT,
        &["UTF-8", "offset 2", "GB18030"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            let mut bytes = b"# \xd6\xd0\n".to_vec();
            bytes.extend(fs::read(&spec).unwrap());
            fs::write(&spec, bytes).unwrap();
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "spec-5000-nested-arrays",
        INPUT,
        &["layout.toml:1:"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            let deep = format!("deep = {}{}\n", "[".repeat(5000), "]".repeat(5000));
            let text = deep + &fs::read_to_string(&spec).unwrap();
            fs::write(&spec, text).unwrap();
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "spec-is-dev-zero",
        INPUT,
        &["not a regular file"],
        |d| Case::render(Path::new("/dev/zero"), &d.join("out.pdf")).fast(),
    ));
    rows.push(row("spec-is-fifo", INPUT, &["not a regular file"], |d| {
        let spec = d.join("layout.toml");
        mkfifo(&spec);
        let mut case = Case::render(&spec, &d.join("out.pdf")).fast();
        case.unchanged.clear();
        case
    }));
    rows.push(row("spec-over-1-mib", INPUT, &["1 MiB"], |d| {
        let spec = fixture(d, "thread-mid-word", &[]);
        let mut text = fs::read_to_string(&spec).unwrap();
        while text.len() <= 1024 * 1024 {
            text.push_str("# a designer's very long comment, repeated until the file is big\n");
        }
        fs::write(&spec, text).unwrap();
        Case::render(&spec, &d.join("out.pdf"))
    }));
    rows.push(row("spec-is-directory", INPUT, &["directory"], |d| {
        let spec = d.join("layout.toml");
        fs::create_dir_all(&spec).unwrap();
        Case::render(&spec, &d.join("out.pdf"))
    }));
    rows.push(row("spec-missing", INPUT, &["nothing.toml"], |d| {
        Case::render(&d.join("nothing.toml"), &d.join("out.pdf"))
    }));
    rows.push(grid_row(
        "no-body-style",
        &["styles.body"],
        "body = { font = \"song\", size = 9.0, indent = 2.0 }",
        "text = { font = \"song\", size = 9.0, indent = 2.0 }",
    ));

    rows.push(grid_row(
        "article-id-twice",
        &["article.id", "defined twice"],
        "[[article]]",
        "[[article]]\nid = \"T1\"\nfile = \"article.txt\"\nblocks = [{ column = 1, line = 5, lines = 2 }]\n\n[[article]]",
    ));
    rows.push(grid_row(
        "article-without-blocks",
        &["blocks", "at least one"],
        "[[article]]",
        "[[article]]\nid = \"X1\"\nfile = \"article.txt\"\nblocks = []\n\n[[article]]",
    ));
    rows.push(row(
        "spec-1001-rules",
        INPUT,
        &["rule", "at most 1000"],
        |d| {
            let rule = "[[rule]]\nkind = \"horizontal\"\narea = { column = 1, line = 5 }\n";
            let spec = fixture(
                d,
                "thread-mid-word",
                &[(ARTICLE, &before_article(&rule.repeat(1001)))],
            );
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    // A byte-order mark is not a mistake: the spec renders.
    rows.push(row("spec-with-bom", OK, &[], |d| {
        let spec = fixture(d, "thread-mid-word", &[]);
        let text = format!("\u{feff}{}", fs::read_to_string(&spec).unwrap());
        fs::write(&spec, text).unwrap();
        Case::render(&spec, &d.join("out.pdf"))
    }));

    // ---- Overlaps: placed elements may not share a cell unless one allows it ----------

    let two_boxes = |allow: &str| {
        text_box("报头", "{ column = 1, line = 2, lines = 3 }", allow)
            + "\n"
            + &text_box("口号", "{ column = 1, line = 3, lines = 3 }", "")
    };
    rows.push(row(
        "two-text-boxes-overlap",
        INPUT,
        &["overlaps", "text[0]"],
        move |d| {
            let spec = fixture(
                d,
                "thread-mid-word",
                &[(ARTICLE, &before_article(&two_boxes("")))],
            );
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row("two-text-boxes-overlap-allowed", OK, &[], move |d| {
        let spec = fixture(
            d,
            "thread-mid-word",
            &[(ARTICLE, &before_article(&two_boxes("overlap = \"allow\"")))],
        );
        Case::render(&spec, &d.join("out.pdf"))
    }));
    rows.push(row(
        "text-box-on-article-block",
        INPUT,
        &["overlaps", "text[0]", "blocks[1]"],
        |d| {
            let spec = fixture(
                d,
                "thread-mid-word",
                &[(
                    ARTICLE,
                    &before_article(&text_box("报头", "{ column = 2, line = 3, lines = 2 }", "")),
                )],
            );
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row("text-box-on-article-block-allowed", OK, &[], |d| {
        let spec = fixture(
            d,
            "thread-mid-word",
            &[(
                ARTICLE,
                &before_article(&text_box(
                    "报头",
                    "{ column = 2, line = 3, lines = 2 }",
                    "overlap = \"allow\"",
                )),
            )],
        );
        Case::render(&spec, &d.join("out.pdf"))
    }));
    rows.push(row(
        "photo-on-own-block",
        INPUT,
        &["overlaps", "photo"],
        |d| {
            let spec = fixture(
                d,
                "photo-caption-credit",
                &[("blocks = [{ column = 2,", "blocks = [{ column = 1,")],
            );
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row("photo-on-own-block-allowed", OK, &[], |d| {
        let spec = fixture(
            d,
            "photo-caption-credit",
            &[
                ("blocks = [{ column = 2,", "blocks = [{ column = 1,"),
                (
                    "caption_lines = 4",
                    "caption_lines = 4\noverlap = \"allow\"",
                ),
            ],
        );
        Case::render(&spec, &d.join("out.pdf"))
    }));

    // ---- Articles ----------------------------------------------------------------------

    rows.push(row(
        "article-is-dev-zero",
        INPUT,
        &["/dev/zero", "not a regular file"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            set_line(&spec, "file = ", "file = \"/dev/zero\"");
            Case::render(&spec, &d.join("out.pdf")).fast()
        },
    ));
    rows.push(row(
        "article-is-fifo",
        INPUT,
        &["not a regular file"],
        |d| {
            let spec = fixture_article(d, "thread-mid-word", &[], &[]);
            let article = d.join("article.txt");
            fs::remove_file(&article).unwrap();
            mkfifo(&article);
            Case::render(&spec, &d.join("out.pdf")).fast()
        },
    ));
    rows.push(row("article-over-1-mib", INPUT, &["1 MiB"], |d| {
        let mut text = String::from("id: T1\n\n");
        while text.len() <= 1024 * 1024 {
            text.push_str(BODY);
            text.push_str("\n\n");
        }
        let spec = thread_article(d, text.as_bytes());
        Case::render(&spec, &d.join("out.pdf")).keep(&d.join("article.txt"))
    }));
    rows.push(row(
        "article-gbk",
        INPUT,
        &["UTF-8", "offset 8", "article.txt:3", "GB18030"],
        |d| {
            let spec = thread_article(d, b"id: T1\n\n\xd6\xd0\xce\xc4\n");
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row("article-utf16", INPUT, &["UTF-16"], |d| {
        let text = format!("id: T1\n\n{BODY}\n");
        let mut bytes = vec![0xff, 0xfe];
        bytes.extend(text.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let spec = thread_article(d, &bytes);
        Case::render(&spec, &d.join("out.pdf"))
    }));
    rows.push(row(
        "article-empty",
        INPUT,
        &["article.txt:1", "id:"],
        |d| {
            let spec = thread_article(d, b"");
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "article-header-only",
        INPUT,
        &["article.txt", "no paragraphs"],
        |d| {
            let spec = thread_article(d, b"id: T1\n");
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "article-unknown-header-key",
        INPUT,
        &["article.txt:2", "unknown header key", "author"],
        |d| {
            let spec = thread_article(d, format!("id: T1\nauthor: 某某\n\n{BODY}\n").as_bytes());
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "article-headline-1.5-mb",
        INPUT,
        &["article.txt", "1 MiB"],
        |d| {
            let text = format!("id: T1\nheadline: {}\n\n{BODY}\n", "字".repeat(500_000));
            let spec = thread_article(d, text.as_bytes());
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "article-headline-3000-characters",
        INPUT,
        &["article.txt:2", "headline", "at most 2000"],
        |d| {
            let text = format!("id: T1\nheadline: {}\n\n{BODY}\n", "字".repeat(3_000));
            let spec = thread_article(d, text.as_bytes());
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "article-id-mismatch",
        INPUT,
        &["article.txt:1", "T1", "T9"],
        |d| {
            let spec = thread_article(d, format!("id: T9\n\n{BODY}\n").as_bytes());
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row("article-separators-and-feeds", OK, &["warning"], |d| {
        let text = separated_article();
        let spec = thread_article(d, text.as_bytes());
        let out = d.join("out.pdf");
        let mut case = Case::render(&spec, &out);
        for (ch, name) in SEPARATORS {
            let (line, col) = line_col(&text, ch);
            case = case.word(format!(
                "article.txt:{line}:{col}: U+{:04X} {name}",
                ch as u32
            ));
        }
        case.check(move |_| {
            let text = pdf_text(&out)?;
            if !text.contains("易炼红") {
                return Err(format!("the PDF's text lacks the body: {text:?}"));
            }
            let found: Vec<String> = SEPARATORS
                .iter()
                .filter(|(c, _)| text.contains(*c))
                .map(|(c, _)| format!("U+{:04X}", *c as u32))
                .collect();
            if found.is_empty() {
                Ok(())
            } else {
                Err(format!("the PDF's text contains {}", found.join(", ")))
            }
        })
    }));
    // Windows line ends are line ends, not control characters.
    rows.push(
        row("article-crlf", OK, &[], |d| {
            let spec = thread_article(d, format!("id: T1\r\n\r\n{BODY}\r\n").as_bytes());
            Case::render(&spec, &d.join("out.pdf"))
        })
        .without(&["carriage return", "U+000D"]),
    );
    // NUL and a right-to-left override are removed, each listed, and the page renders.
    rows.push(row(
        "article-nul-and-bidi-override",
        OK,
        &[
            "article.txt:3:7: U+0000 NUL removed",
            "U+202E bidirectional control removed",
        ],
        |d| {
            let text = format!(
                "id: T1\n\n在省总工会,\u{0}易炼红\u{202e}观摩{}\n",
                &BODY[BODY.find("劳模").unwrap()..]
            );
            let spec = thread_article(d, text.as_bytes());
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "article-separators-report-json",
        OK,
        &["U+000C form feed"],
        |d| {
            let spec = thread_article(d, separated_article().as_bytes());
            Case::render(&spec, &d.join("out.pdf"))
                .arg("--report")
                .arg("json")
                .check(|run| {
                    let json: serde_json::Value = serde_json::from_slice(&run.stdout)
                        .map_err(|e| format!("stdout is not JSON: {e}"))?;
                    let ledger = &json["articles"][0]["ledger"];
                    let n = |k: &str| ledger[k].as_u64().unwrap_or(u64::MAX);
                    let removed = ledger["removed"]
                        .as_object()
                        .ok_or(format!("no ledger.removed in {ledger}"))?;
                    let total: u64 = removed.values().map(|v| v.as_u64().unwrap_or(0)).sum();
                    for (ch, name) in SEPARATORS {
                        let key = format!("U+{:04X} {name}", ch as u32);
                        if removed.get(&key).and_then(|v| v.as_u64()) != Some(1) {
                            return Err(format!("ledger.removed has no `{key}: 1`: {ledger}"));
                        }
                    }
                    if n("input") != n("on_page") + n("overset") + n("unplaced") + total {
                        return Err(format!("the ledger does not balance: {ledger}"));
                    }
                    Ok(())
                })
        },
    ));

    // ---- Missing glyphs: refused (4) unless allowed; fallbacks tried ------------------

    let missing = |name, ch: char, words: &'static [&'static str], allow: bool| {
        let code = if allow { OK } else { MISSING_GLYPHS };
        row(name, code, words, move |d| {
            let with = format!("在省总工会,{ch}");
            let spec = fixture_article(d, "thread-mid-word", &[], &[("在省总工会,", &with)]);
            let case = Case::render(&spec, &d.join("out.pdf"));
            if allow {
                case.arg("--allow-missing-glyphs")
            } else {
                case
            }
        })
    };
    rows.push(missing(
        "missing-glyph-u20bb7",
        '\u{20bb7}',
        &["U+20BB7", "article.txt:3:7", "song"],
        false,
    ));
    rows.push(missing(
        "missing-glyph-emoji",
        '😀',
        &["U+1F600", "article.txt:3:7", "song"],
        false,
    ));
    rows.push(missing(
        "missing-glyph-private-use",
        '\u{e000}',
        &["U+E000", "article.txt:3:7", "song"],
        false,
    ));
    rows.push(missing(
        "missing-glyph-allowed",
        '\u{20bb7}',
        &["U+20BB7"],
        true,
    ));
    rows.push(missing("zwj-is-not-missing", '\u{200d}', &[], false).code_is(OK));
    rows.push(missing("variation-selector-is-not-missing", '\u{fe0f}', &[], false).code_is(OK));
    rows.push(row(
        "missing-glyph-latin-only-body-face",
        MISSING_GLYPHS,
        &["missing glyph", "song"],
        |d| {
            let spec = fixture(
                d,
                "thread-mid-word",
                &[(
                    "fonts/NotoSerifSC-Regular.ttf",
                    "tests/data/fonts/LatinOnly-Regular.ttf",
                )],
            );
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row("latin-only-body-face-with-fallback", OK, &[], |d| {
        let spec = fixture(
            d,
            "thread-mid-word",
            &[
                (
                    "song = \"../../fonts/NotoSerifSC-Regular.ttf\"",
                    "latin = \"../../tests/data/fonts/LatinOnly-Regular.ttf\"\nsong = \"../../fonts/NotoSerifSC-Regular.ttf\"",
                ),
                (
                    "body = { font = \"song\", size = 9.0, indent = 2.0 }",
                    "body = { font = \"latin\", size = 9.0, indent = 2.0, fallback = [\"song\"] }",
                ),
            ],
        );
        Case::render(&spec, &d.join("out.pdf"))
    }));
    rows.push(row(
        "missing-glyph-in-text-box",
        MISSING_GLYPHS,
        &["U+20BB7", "layout.toml:", "song"],
        |d| {
            let spec = fixture(
                d,
                "thread-mid-word",
                &[(
                    ARTICLE,
                    &before_article(&text_box(
                        "吉\u{20bb7}",
                        "{ column = 1, line = 3, lines = 2 }",
                        "",
                    )),
                )],
            );
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));

    // ---- Photos ------------------------------------------------------------------------

    let photo = |name, words: &'static [&'static str], bytes: fn() -> Vec<u8>| {
        row(name, INPUT, words, move |d| {
            let spec = photo_fixture(d, "photo.jpg", &[]);
            fs::write(d.join("photo.jpg"), bytes()).unwrap();
            Case::render(&spec, &d.join("out.pdf")).keep(&d.join("photo.jpg"))
        })
    };
    rows.push(photo(
        "photo-is-text",
        &["photo.jpg", "neither a JPEG nor a PNG"],
        || b"<html><body>404 Not Found</body></html>\n".to_vec(),
    ));
    rows.push(photo(
        "photo-truncated-jpeg",
        &["photo.jpg", "image"],
        || {
            let jpeg = fs::read(repo("fixtures/2023-01-18/photos/a2.jpg")).unwrap();
            jpeg[..jpeg.len() / 3].to_vec()
        },
    ));
    rows.push(photo(
        "photo-fixture-truncated-to-a-third",
        &["photo.jpg", "truncated"],
        || fs::read(repo("fixtures/print/truncated.jpg")).unwrap(),
    ));
    rows.push(row(
        "photo-12000-square-png-renders-within-256-mib",
        OK,
        &[],
        |d| {
            // 144 megapixels, 430 MB if decoded whole: read row by row and reduced to what
            // its box can use.
            let spec = photo_fixture(d, "photo.png", &[]);
            fs::copy(repo("fixtures/print/big.png"), d.join("photo.png")).unwrap();
            let mut case = Case::render(&spec, &d.join("out.pdf")).arg("--allow-overset");
            case.max_rss_mib = Some(256);
            case
        },
    ));
    rows.push(row(
        "photo-under-min-ppi-where-the-spec-makes-it-an-error",
        INPUT,
        &["photo.jpg", "ppi", "min_ppi_is_error"],
        |d| {
            let spec = photo_fixture(
                d,
                "photo.jpg",
                &[(
                    "[page]",
                    "[output]\nmin_ppi = 2000\nmax_ppi = 2400\nmin_ppi_is_error = true\n\n[page]",
                )],
            );
            fs::copy(
                repo("fixtures/2023-01-18/photos/a2.jpg"),
                d.join("photo.jpg"),
            )
            .unwrap();
            Case::render(&spec, &d.join("out.pdf")).keep(&d.join("photo.jpg"))
        },
    ));
    rows.push(row(
        "edition-page-that-is-not-there",
        USAGE,
        &["--page 9", "1, 2, 3"],
        |_| {
            Case::render(
                &repo("fixtures/edition-three-pages/edition.toml"),
                Path::new("/nonexistent/out.pdf"),
            )
            .arg("--page")
            .arg("9")
        },
    ));
    rows.push(row(
        "edition-page-spec-missing",
        INPUT,
        &["edition.toml", "nope.toml"],
        |d| {
            fs::write(
                d.join("edition.toml"),
                "[edition]\npaper = \"x\"\ndate = \"2023-01-18\"\n\n[[page]]\nlabel = \"1\"\nspec = \"nope.toml\"\n",
            )
            .unwrap();
            Case::render(&d.join("edition.toml"), &d.join("out.pdf")).keep(&d.join("edition.toml"))
        },
    ));
    rows.push(row(
        "pages-dir-for-a-page-spec",
        USAGE,
        &["--pages", "not an edition"],
        |d| {
            let spec = fixture(d, "thread-mid-word", &[]);
            Case::cmd(&["render"])
                .arg(&spec)
                .arg("--pages")
                .arg(d.join("pages"))
        },
    ));
    rows.push(row(
        "profile-is-not-a-profile",
        USAGE,
        &["--profile", "pdfx-1a"],
        |d| {
            Case::render(&fixture(d, "thread-mid-word", &[]), &d.join("out.pdf"))
                .arg("--profile")
                .arg("pdf/x")
        },
    ));
    rows.push(row(
        "pdfx-4-without-an-icc-profile",
        INPUT,
        &["output.icc", "pdfx-4"],
        |d| {
            Case::render(&fixture(d, "thread-mid-word", &[]), &d.join("out.pdf"))
                .arg("--profile")
                .arg("pdfx-4")
        },
    ));
    rows.push(row(
        "icc-profile-that-is-a-photo",
        INPUT,
        &["output.icc", "ICC profile"],
        |d| {
            let spec = fixture(
                d,
                "thread-mid-word",
                &[("[page]", "[output]\nicc = \"icc.icc\"\n\n[page]")],
            );
            fs::copy(repo("fixtures/2023-01-18/photos/a2.jpg"), d.join("icc.icc")).unwrap();
            Case::render(&spec, &d.join("out.pdf")).keep(&d.join("icc.icc"))
        },
    ));
    rows.push(row(
        "page-over-its-ink-limit-fails-its-preflight",
        PREFLIGHT,
        &["preflight", "ink-limit", "not written"],
        |d| {
            // A 4 × 60 % box on a plate whose paper takes 200 %: nothing at -o, the refused
            // page at --proof.
            let spec = fixture(
                d,
                "thread-mid-word",
                &[(
                    "[page]",
                    "[output]\nink_limit = 200\n\n[[rule]]\nkind = \"fill\"\narea = { column = 1, line = 0, lines = 2 }\ncolor = [60, 60, 60, 60]\n\n[page]",
                )],
            );
            Case::render(&spec, &d.join("out.pdf"))
                .arg("--proof")
                .arg(d.join("proof.pdf"))
        },
    ));
    rows.push(row(
        "preflight-of-a-text-file",
        PREFLIGHT,
        &["unreadable"],
        |d| {
            fs::write(d.join("x.pdf"), "%PDF-1.3 not really\n").unwrap();
            Case::cmd(&["preflight"]).arg(d.join("x.pdf"))
        },
    ));
    rows.push(photo(
        "photo-png-claims-10-gigapixels",
        &["photo.jpg", "megapixels"],
        || png_claiming(100_000, 100_000),
    ));
    rows.push(row(
        "photo-is-dev-zero",
        INPUT,
        &["/dev/zero", "not a regular file"],
        |d| {
            let spec = photo_fixture(d, "/dev/zero", &[]);
            Case::render(&spec, &d.join("out.pdf")).fast()
        },
    ));
    // Its caption and credit then have nowhere to go: text with no area stops the plate.
    rows.push(row(
        "photo-area-without-photo-line",
        OVERSET,
        &["empty", "caption", "no area"],
        |d| {
            let spec = fixture_article(
                d,
                "photo-caption-credit",
                &[],
                &[("photo: ../2023-01-18/photos/a2.jpg\n", "")],
            );
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row("photo-area-without-photo-or-caption", OK, &["empty"], |d| {
        let spec = fixture_article(
            d,
            "photo-caption-credit",
            &[],
            &[
                ("photo: ../2023-01-18/photos/a2.jpg\n", ""),
                ("caption: 昨日下午,第十一次全国企业民主管理工作调研检查总结会以视频方式召开。\n", ""),
                ("credit: 记者邹伟锋 摄\n", ""),
            ],
        );
        Case::render(&spec, &d.join("out.pdf"))
    }));
    rows.push(grid_row(
        "caption-lines-fill-photo",
        &["caption_lines"],
        "[[article]]",
        "[[article]]\nid = \"X1\"\nfile = \"article.txt\"\nphoto = { column = 1, line = 2, lines = 2 }\ncaption_lines = 2\nblocks = [{ column = 1, line = 5, lines = 2 }]\n\n[[article]]",
    ));

    // ---- Fonts -------------------------------------------------------------------------

    let font = |name, words: &'static [&'static str], make: fn(&Path)| {
        row(name, INPUT, words, move |d| {
            let font = d.join("song.ttf");
            make(&font);
            let spec = fixture(
                d,
                "thread-mid-word",
                &[(
                    "\"../../fonts/NotoSerifSC-Regular.ttf\"",
                    &format!("\"{}\"", font.display()),
                )],
            );
            let case = Case::render(&spec, &d.join("out.pdf"));
            if font.is_file() {
                case.keep(&font)
            } else {
                // A folder, a device, a FIFO or nothing: refused at once.
                case.fast()
            }
        })
    };
    rows.push(font(
        "font-is-html",
        &["fonts.song", "song.ttf", "font"],
        |p| fs::write(p, "<!DOCTYPE html><html><body>Not Found</body></html>\n").unwrap(),
    ));
    rows.push(font("font-truncated", &["fonts.song", "song.ttf"], |p| {
        let bytes = fs::read(repo("fonts/NotoSerifSC-Regular.ttf")).unwrap();
        fs::write(p, &bytes[..1000]).unwrap()
    }));
    rows.push(font(
        "font-is-directory",
        &["fonts.song", "directory"],
        |p| fs::create_dir_all(p).unwrap(),
    ));
    rows.push(font(
        "font-missing",
        &["fonts.song", "layout.toml:21:", "song.ttf"],
        |_| {},
    ));
    rows.push(font(
        "font-is-dev-zero",
        &["fonts.song", "not a regular file"],
        |p| std::os::unix::fs::symlink("/dev/zero", p).unwrap(),
    ));
    rows.push(font(
        "font-is-fifo",
        &["fonts.song", "not a regular file"],
        mkfifo,
    ));

    // ---- Furniture ---------------------------------------------------------------------

    let furniture = |name,
                     code,
                     words: &'static [&'static str],
                     bytes: &'static [u8],
                     text: &'static str| {
        row(name, code, words, move |d| {
            let file = d.join("furniture.txt");
            fs::write(&file, bytes).unwrap();
            let spec = fixture(
                d,
                "thread-mid-word",
                &[
                    (
                        "[page]",
                        &format!("furniture = \"{}\"\n\n[page]", file.display()),
                    ),
                    (
                        ARTICLE,
                        &before_article(&text_box(text, "{ column = 1, line = 3, lines = 2 }", "")),
                    ),
                ],
            );
            Case::render(&spec, &d.join("out.pdf")).keep(&file)
        })
    };
    rows.push(furniture(
        "furniture-gbk",
        INPUT,
        &["furniture.txt", "UTF-8"],
        b"slogan: \xd6\xd0\xce\xc4\n",
        "{slogan}",
    ));
    rows.push(furniture(
        "furniture-key-missing",
        INPUT,
        &["{motto}", "furniture"],
        b"slogan: abc\n",
        "{motto}",
    ));
    rows.push(furniture(
        "furniture-not-key-value",
        INPUT,
        &["furniture.txt:1", "key: value"],
        b"just a line\n",
        "{slogan}",
    ));
    rows.push(row(
        "furniture-is-dev-zero",
        INPUT,
        &["/dev/zero", "not a regular file"],
        |d| {
            let spec = fixture(
                d,
                "thread-mid-word",
                &[("[page]", "furniture = \"/dev/zero\"\n\n[page]")],
            );
            Case::render(&spec, &d.join("out.pdf")).fast()
        },
    ));
    rows.push(row(
        "furniture-contradicts-issue-date",
        INPUT,
        &["furniture.txt", "contradicts"],
        |d| {
            let (edition, spec) = common::reference_copy("catalogue-furniture-date");
            let furniture = edition.join("furniture.txt");
            edit(&furniture, "date: 2023年1月18日", "date: 2023年1月19日");
            Case::render(&spec, &d.join("out.pdf")).keep(&furniture)
        },
    ));

    // ---- Command-line values -----------------------------------------------------------

    let ok_spec = |d: &Path| fixture(d, "thread-mid-word", &[]);
    rows.push(row(
        "png-dpi-0.0001",
        USAGE,
        &["--dpi", "pixel"],
        move |d| {
            Case::render(&ok_spec(d), &d.join("out.pdf"))
                .png(&d.join("png"))
                .arg("--dpi")
                .arg("0.0001")
        },
    ));
    rows.push(row(
        "png-dpi-1200-reference-page",
        USAGE,
        &["--dpi", "megapixels"],
        |d| {
            let mut case = Case::render(&repo("layouts/zjgrrb-front.toml"), &d.join("out.pdf"))
                .png(&d.join("png"))
                .arg("--dpi")
                .arg("1200");
            case.limit = Some(FAST);
            case.max_rss_mib = Some(256);
            case
        },
    ));
    rows.push(row("png-dpi-0", USAGE, &["--dpi"], move |d| {
        Case::render(&ok_spec(d), &d.join("out.pdf"))
            .png(&d.join("png"))
            .arg("--dpi")
            .arg("0")
    }));
    rows.push(row("dpi-0-without-png", USAGE, &["--dpi"], move |d| {
        Case::render(&ok_spec(d), &d.join("out.pdf"))
            .arg("--dpi")
            .arg("0")
    }));
    rows.push(row("png-dpi-nan", USAGE, &["--dpi"], move |d| {
        Case::render(&ok_spec(d), &d.join("out.pdf"))
            .png(&d.join("png"))
            .arg("--dpi")
            .arg("nan")
    }));
    rows.push(row("golden-check-dpi-0.01", USAGE, &["--dpi"], |d| {
        fs::copy(fixture(d, "thread-mid-word", &[]), d.join("page.toml")).unwrap();
        fs::remove_file(d.join("layout.toml")).unwrap();
        let mut case = Case::cmd(&["golden", "check"])
            .arg(d)
            .arg("--dpi")
            .arg("0.01");
        case.unchanged.push(d.join("page.toml"));
        case.no_files_in = vec![d.join("golden"), d.join("golden-report")];
        case
    }));
    rows.push(row("golden-bless-dpi-0.01", USAGE, &["--dpi"], |d| {
        fs::copy(fixture(d, "thread-mid-word", &[]), d.join("page.toml")).unwrap();
        fs::remove_file(d.join("layout.toml")).unwrap();
        let mut case = Case::cmd(&["golden", "bless"])
            .arg(d)
            .arg("--dpi")
            .arg("0.01");
        case.unchanged.push(d.join("page.toml"));
        case.no_files_in = vec![d.join("golden"), d.join("golden-report")];
        case
    }));
    rows.push(row(
        "golden-check-folder-without-specs",
        INPUT,
        &["no *.toml"],
        |d| Case::cmd(&["golden", "check"]).arg(d),
    ));
    rows.push(row(
        "render-without-output",
        USAGE,
        &["--output"],
        move |d| Case::cmd(&["render"]).arg(ok_spec(d)),
    ));
    rows.push(row(
        "render-report-xml",
        USAGE,
        &["--report", "xml"],
        move |d| {
            Case::render(&ok_spec(d), &d.join("out.pdf"))
                .arg("--report")
                .arg("xml")
        },
    ));
    rows.push(row("overlay-without-png", USAGE, &["--png"], move |d| {
        Case::render(&ok_spec(d), &d.join("out.pdf")).arg("--overlay")
    }));

    let lines = |name, code, words: &'static [&'static str], args: &'static [&'static str]| {
        row(name, code, words, move |d| {
            let input = d.join("stdin.txt");
            fs::write(&input, format!("{BODY}\n")).unwrap();
            let mut case = Case::cmd(&["lines"]).stdin(input).fast();
            for a in args {
                case = case.arg(*a);
            }
            case
        })
    };
    rows.push(lines(
        "lines-indent-nan",
        USAGE,
        &["--indent"],
        &["--indent", "nan"],
    ));
    rows.push(lines("lines-size-0", USAGE, &["--size"], &["--size", "0"]).without(&["--measure"]));
    rows.push(
        lines("lines-size-inf", USAGE, &["--size"], &["--size", "inf"]).without(&["--measure"]),
    );
    rows.push(lines(
        "lines-measure-0",
        USAGE,
        &["--measure"],
        &["--measure", "0"],
    ));
    rows.push(lines(
        "lines-measure-abc",
        USAGE,
        &["--measure", "abc"],
        &["--measure", "abc"],
    ));
    rows.push(lines(
        "lines-measure-nan-mm",
        USAGE,
        &["--measure"],
        &["--measure", "nanmm"],
    ));
    rows.push(lines(
        "lines-font-dev-zero",
        INPUT,
        &["/dev/zero", "not a regular file"],
        &["--font", "/dev/zero"],
    ));
    rows.push(row(
        "lines-json-reader-closes-after-one-byte",
        OK,
        &[],
        |d| {
            let input = d.join("stdin.txt");
            fs::write(&input, format!("{BODY}\n\n").repeat(200)).unwrap();
            let mut case = Case::cmd(&["lines", "--json"]).stdin(input);
            case.close_stdout_after = Some(1);
            case.any_code = true;
            case
        },
    ));
    rows.push(row(
        "lines-5-mb-stdin",
        INPUT,
        &["standard input", "MiB"],
        |d| {
            let input = d.join("stdin.txt");
            let mut text = String::new();
            while text.len() < 5 * 1000 * 1000 {
                text.push_str(BODY);
                text.push_str("\n\n");
            }
            fs::write(&input, text).unwrap();
            Case::cmd(&["lines"]).stdin(input)
        },
    ));
    rows.push(row(
        "lines-stdin-gbk",
        INPUT,
        &["standard input", "UTF-8"],
        |d| {
            let input = d.join("stdin.txt");
            fs::write(&input, b"\xd6\xd0\xce\xc4\n").unwrap();
            Case::cmd(&["lines"]).stdin(input)
        },
    ));

    // ---- Stale temporary files of dead runs --------------------------------------------

    rows.push(row("stale-part-file-removed", OK, &[], |d| {
        // pid 4194304 is above Linux's pid_max: that run (on this host) is dead.
        fs::write(
            d.join(format!(".out.pdf.{}.4194304.part", host())),
            b"half a PDF",
        )
        .unwrap();
        Case::render(&fixture(d, "thread-mid-word", &[]), &d.join("out.pdf"))
    }));
    rows.push(row("stale-part-of-another-host-kept", OK, &[], |d| {
        // A dead pid of another host (a shared folder): not this host's to judge.
        let other = d.join(".out.pdf.elsewhere.4194304.part");
        fs::write(&other, b"half a PDF").unwrap();
        let mut case = Case::render(&fixture(d, "thread-mid-word", &[]), &d.join("out.pdf"));
        case.checks.push(Box::new(move |_| {
            if other.exists() {
                Ok(())
            } else {
                Err("another host's temporary file was removed".into())
            }
        }));
        case.allow_debris = true;
        case
    }));
    rows.push(row("input-named-like-debris-kept", OK, &[], |d| {
        // An article whose name looks like this host's dead debris is an input: kept.
        let spec = fixture_article(d, "thread-mid-word", &[], &[]);
        let name = format!(".out.pdf.{}.4194304.part", host());
        fs::rename(d.join("article.txt"), d.join(&name)).unwrap();
        let toml = fs::read_to_string(&spec)
            .unwrap()
            .replace("article.txt", &name);
        fs::write(&spec, toml).unwrap();
        let mut case = Case::render(&spec, &d.join("out.pdf"));
        case.unchanged.push(d.join(&name));
        case.allow_debris = true;
        case
    }));

    // ---- Found in review: work and memory that grew with hostile input ------------------

    rows.push(row(
        "caption-with-paragraph-separator-stays-a-caption",
        OK,
        &["U+2029", "made a space"],
        |d| {
            let spec = fixture_article(
                d,
                "photo-caption-credit",
                &[],
                &[
                    (
                        "photo: ../2023-01-18/photos/a2.jpg",
                        &format!(
                            "photo: {}",
                            repo("fixtures/2023-01-18/photos/a2.jpg").display()
                        ),
                    ),
                    ("昨日下午,第十一次", "昨日下午\u{2029},第十一次"),
                ],
            );
            let mut case = Case::render(&spec, &d.join("out.pdf"));
            case.args.extend(["--report".into(), "json".into()]);
            case.checks.push(Box::new(|run: &Run| {
                let report = String::from_utf8_lossy(&run.stdout);
                if report.contains("credit：") || report.contains("\"unplaced\": 0") {
                    Ok(())
                } else {
                    Err(format!("the caption's rest went astray: {report}"))
                }
            }));
            case
        },
    ));
    rows.push(row(
        "text-box-placeholder-bomb",
        INPUT,
        &["text box may hold at most 2000"],
        |d| {
            let file = d.join("furniture.txt");
            fs::write(&file, format!("a: {}\n", "字".repeat(2000))).unwrap();
            let spec = fixture(
                d,
                "thread-mid-word",
                &[
                    (
                        "[page]",
                        &format!("furniture = \"{}\"\n\n[page]", file.display()),
                    ),
                    (
                        ARTICLE,
                        &before_article(&text_box(
                            &"{a}".repeat(20_000),
                            "{ column = 1, line = 3, lines = 2 }",
                            "",
                        )),
                    ),
                ],
            );
            Case::render(&spec, &d.join("out.pdf")).keep(&file)
        },
    ));
    rows.push(row("balanced-long-story-in-wide-and-narrow-blocks", OK, &[], |d| {
        // Balancing tried one cap after another (a flow of the whole story each, 258 s for
        // a long one in review); now it bisects.
        let spec = fixture(
            d,
            "thread-mid-word",
            &[
                ("height = 60.0", "height = 2000.0"),
                ("columns = 2\n", "columns = 3\n"),
                ("width = 110.0", "width = 400.0"),
                ("column_chars = 15", "column_chars = 40"),
                ("lines = 10\n", "lines = 400\n"),
                ("id = \"T1\"", "id = \"T1\"\nbalance = true"),
                (
                    "{ column = 1, line = 0, lines = 1 },\n  { column = 2, line = 0, lines = 10 },",
                    "{ column = 1, span = 2, line = 0, lines = 400 },\n  { column = 3, line = 0, lines = 400 },",
                ),
            ],
        );
        let body = format!("{BODY}\n\n").repeat(250);
        fs::write(d.join("article.txt"), format!("id: T1\n\n{body}")).unwrap();
        let toml = fs::read_to_string(&spec).unwrap();
        let toml = toml.replace(
            &format!("{}", repo("fixtures/thread-mid-word/article.txt").display()),
            &format!("{}", d.join("article.txt").display()),
        );
        fs::write(&spec, toml).unwrap();
        Case::render(&spec, &d.join("out.pdf"))
    }));
    rows.push(row(
        "one-hundred-thousand-distinct-missing-glyphs",
        MISSING_GLYPHS,
        &["U+F0000", "missing glyph"],
        |d| {
            // Plane-15 private use: every character distinct, none in any face.
            let text: String = (0xF0000u32..0xF0000 + 100_000)
                .filter_map(char::from_u32)
                .collect();
            let spec = thread_article(d, format!("id: T1\n\n{text}\n").as_bytes());
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "thirty-three-fonts",
        INPUT,
        &["fonts", "at most 32"],
        |d| {
            let fonts: String = (0..33)
                .map(|i| {
                    format!(
                        "f{i} = \"{}\"\n",
                        repo("fonts/NotoSerifSC-Regular.ttf").display()
                    )
                })
                .collect();
            let spec = fixture(
                d,
                "thread-mid-word",
                &[("[fonts]\n", &format!("[fonts]\n{fonts}"))],
            );
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "text-block-wider-than-200-characters",
        INPUT,
        &["blocks[1]", "at most 200"],
        |d| {
            let spec = fixture(
                d,
                "thread-mid-word",
                &[
                    ("column_chars = 15", "column_chars = 100"),
                    ("width = 110.0", "width = 700.0"),
                    (
                        "{ column = 2, line = 0, lines = 10 }",
                        "{ column = 1, span = 2, line = 1, lines = 9 }",
                    ),
                ],
            );
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "lines-measure-over-200-em",
        USAGE,
        &["--measure", "200"],
        |d| {
            let input = d.join("in.txt");
            fs::write(&input, BODY).unwrap();
            Case::cmd(&["lines", "--measure", "201"]).stdin(input)
        },
    ));

    rows.push(row(
        "output-and-preview-one-file",
        OUTPUT,
        &["named twice"],
        |d| {
            // The spec is layout.toml, so its preview is layout.png: -o names the same file.
            let spec = fixture(d, "thread-mid-word", &[]);
            let out = d.join("layout.png");
            let mut case = Case::render(&spec, &out);
            case.args.extend(["--png".into(), d.as_os_str().to_owned()]);
            case
        },
    ));

    rows.push(row(
        "photo-that-crashes-the-progressive-jpeg-decoder",
        INPUT,
        &["photo.jpg", "decoder failed"],
        |d| {
            // Found by the image fuzzer: zune-jpeg 0.5.15 indexed out of bounds decoding
            // this progressive JPEG. libjpeg, which decodes photos now, reads it with
            // warnings of corrupt data (it would print grey): it is refused, naming it.
            fs::copy(
                repo("tests/fuzz-regressions/image/zune-jpeg-0.5.15-progressive-index.jpg"),
                d.join("photo.jpg"),
            )
            .unwrap();
            let spec = photo_fixture(d, "photo.jpg", &[]);
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));
    rows.push(row(
        "photo-that-crashes-the-jpeg-decoder",
        INPUT,
        &["photo.jpg", "BS0403"],
        |d| {
            // Found by the image fuzzer: zune-jpeg 0.5.15 unwraps None in its IDCT. The
            // walk of its segments now finds it has no real end, before any decoder runs;
            // the guard that caught the panic is tested on its own (src/guard.rs).
            fs::copy(
                repo("tests/fuzz-regressions/image/zune-jpeg-0.5.15-idct-unwrap.jpg"),
                d.join("photo.jpg"),
            )
            .unwrap();
            let spec = photo_fixture(d, "photo.jpg", &[]);
            Case::render(&spec, &d.join("out.pdf"))
        },
    ));

    // ---- Overset -------------------------------------------------------------------------

    rows.push(row(
        "overset",
        OVERSET,
        &["text did not fit", "--allow-overset"],
        |d| Case::render(&fixture(d, "overset", &[]), &d.join("out.pdf")),
    ));
    rows.push(row("overset-allowed", OK, &[], |d| {
        Case::render(&fixture(d, "overset", &[]), &d.join("out.pdf")).arg("--allow-overset")
    }));
    rows.push(row(
        "overset-report-json",
        OVERSET,
        &["text did not fit"],
        |d| {
            Case::render(&fixture(d, "overset", &[]), &d.join("out.pdf"))
                .arg("--report")
                .arg("json")
                .check(|run| {
                    let json: serde_json::Value = serde_json::from_slice(&run.stdout)
                        .map_err(|e| format!("stdout is not JSON: {e}"))?;
                    if json["exit_code"] == 3
                        && json["status"] == "overset"
                        && json["outputs"].as_array().is_some_and(|o| o.is_empty())
                    {
                        Ok(())
                    } else {
                        Err(format!("report: {json}"))
                    }
                })
        },
    ));

    rows
}

impl Row {
    fn code_is(mut self, code: i32) -> Self {
        self.code = code;
        self
    }
}

// ---------------------------------------------------------------------------------------
// Running and checking
// ---------------------------------------------------------------------------------------

/// The state of a path before the run, to compare with after.
#[derive(Debug, PartialEq)]
enum State {
    Absent,
    File(Vec<u8>),
    /// A folder, device, FIFO …: described by its type.
    Other(String),
}

impl State {
    fn of(path: &Path) -> Self {
        match fs::metadata(path) {
            Err(_) if fs::symlink_metadata(path).is_err() => State::Absent,
            Err(_) => State::Other("dangling symlink".into()),
            Ok(m) if m.is_file() => State::File(fs::read(path).unwrap_or_default()),
            Ok(m) => State::Other(format!("{:?}", m.file_type())),
        }
    }

    fn describe(&self) -> String {
        match self {
            State::Absent => "absent".into(),
            State::File(b) => format!("a file of {} bytes", b.len()),
            State::Other(t) => t.clone(),
        }
    }
}

/// Peak resident memory of a running process, KiB (0 if it cannot be read).
fn peak_rss_kib(pid: u32) -> u64 {
    fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("VmHWM:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|v| v.parse().ok())
        })
        .unwrap_or(0)
}

fn execute(name: &str, dir: &Path, case: &Case) -> Run {
    let io = scratch().join("_io");
    fs::create_dir_all(&io).unwrap();
    let out_file = io.join(format!("{name}.stdout"));
    let err_file = io.join(format!("{name}.stderr"));
    let mut cmd = Command::new(BIN);
    cmd.args(&case.args).current_dir(dir);
    cmd.stdin(match &case.stdin {
        Some(p) => Stdio::from(fs::File::open(p).unwrap()),
        None => Stdio::null(),
    });
    if case.close_stdout_after.is_some() {
        cmd.stdout(Stdio::piped());
    } else {
        cmd.stdout(Stdio::from(fs::File::create(&out_file).unwrap()));
    }
    cmd.stderr(Stdio::from(fs::File::create(&err_file).unwrap()));
    let start = Instant::now();
    let mut child = cmd.spawn().expect("the binary starts");
    let pid = child.id();
    // `| head -c N`: a reader that takes N bytes and goes away (on a thread, so a child
    // that never writes still meets the timeout).
    let reader = case.close_stdout_after.map(|n| {
        let mut pipe = child.stdout.take().unwrap();
        std::thread::spawn(move || {
            let mut buf = vec![0u8; n];
            let got = pipe.read_exact(&mut buf).map(|_| buf).unwrap_or_default();
            drop(pipe);
            got
        })
    });
    let mut timed_out = false;
    let mut peak = 0;
    let status = loop {
        peak = peak.max(peak_rss_kib(pid));
        match child.try_wait().expect("try_wait") {
            Some(status) => break Some(status),
            None if start.elapsed() > TIMEOUT => {
                let _ = child.kill();
                let _ = child.wait();
                timed_out = true;
                break None;
            }
            None => std::thread::sleep(Duration::from_millis(5)),
        }
    };
    let elapsed = start.elapsed();
    let stdout = match reader {
        Some(r) => r.join().unwrap_or_default(),
        None => fs::read(&out_file).unwrap_or_default(),
    };
    Run {
        code: status.and_then(|s| s.code()),
        stdout,
        stderr: String::from_utf8_lossy(&fs::read(&err_file).unwrap_or_default()).into_owned(),
        elapsed,
        timed_out,
        peak_rss_kib: peak,
    }
}

/// This host's name as broadsheet writes it into temporary file names.
fn host() -> String {
    let name = fs::read_to_string("/proc/sys/kernel/hostname").unwrap_or_default();
    let name: String = name
        .trim()
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect();
    if name.is_empty() { "host".into() } else { name }
}

/// `.*.part` files in a folder.
fn debris(dir: &Path) -> Vec<String> {
    fs::read_dir(dir)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .filter(|n| n.starts_with('.') && n.ends_with(".part"))
                .collect()
        })
        .unwrap_or_default()
}

/// Every file under a folder.
fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

struct Outcome {
    name: &'static str,
    command: String,
    expected: i32,
    got: String,
    elapsed: Duration,
    peak_rss_kib: u64,
    problems: Vec<String>,
    stderr: String,
}

fn run_row(row: &Row) -> Outcome {
    let dir = row_dir(row.name);
    let mut outcome = Outcome {
        name: row.name,
        command: String::new(),
        expected: row.code,
        got: "-".into(),
        elapsed: Duration::ZERO,
        peak_rss_kib: 0,
        problems: Vec::new(),
        stderr: String::new(),
    };
    let case = match std::panic::catch_unwind(AssertUnwindSafe(|| (row.build)(&dir))) {
        Ok(case) => case,
        Err(e) => {
            let msg = e
                .downcast_ref::<String>()
                .cloned()
                .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
                .unwrap_or_default();
            outcome.problems.push(format!("TEST SETUP FAILED: {msg}"));
            return outcome;
        }
    };
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    outcome.command = std::iter::once("broadsheet".to_string())
        .chain(case.args.iter().map(|a| {
            let a = a.to_string_lossy();
            a.replace(&format!("{}/", tmp.display()), "$TMP/")
        }))
        .collect::<Vec<_>>()
        .join(" ");

    let out_before = case.out.as_ref().map(|p| State::of(p));
    let kept: Vec<(PathBuf, State)> = case
        .unchanged
        .iter()
        .map(|p| (p.clone(), State::of(p)))
        .collect();

    let run = execute(row.name, &dir, &case);
    outcome.elapsed = run.elapsed;
    outcome.peak_rss_kib = run.peak_rss_kib;
    outcome.stderr = run.stderr.clone();
    outcome.got = match (run.timed_out, run.code) {
        (true, _) => "TIMEOUT".into(),
        (false, Some(c)) => c.to_string(),
        (false, None) => "signal".into(),
    };
    let p = &mut outcome.problems;

    // (4) Bounded time.
    let limit = case.limit.unwrap_or(TIMEOUT);
    if run.timed_out {
        p.push(format!("did not finish in {TIMEOUT:?}; killed"));
    } else if run.elapsed > limit {
        p.push(format!("took {:.1?}, more than {limit:?}", run.elapsed));
    }
    let mib = case.max_rss_mib.unwrap_or(MAX_RSS_MIB);
    if run.peak_rss_kib > mib * 1024 {
        p.push(format!(
            "peak memory {} MiB, more than {mib} MiB",
            run.peak_rss_kib / 1024
        ));
    }
    // Never a panic.
    if run.stderr.contains("panicked") || run.stderr.contains("internal error") {
        p.push("stderr reports a panic / internal error".into());
    }
    if run.code == Some(INTERNAL) {
        p.push("exit 70 (internal error)".into());
    }
    // (1) Exit code.
    if !run.timed_out && run.code != Some(row.code) && !case.any_code {
        p.push(format!("exit {:?}, expected {}", run.code, row.code));
    }
    if case.any_code && run.code.is_none() && !run.timed_out {
        p.push("ended by a signal".into());
    }
    // (2) Message.
    for w in row
        .words
        .iter()
        .map(|w| w.to_string())
        .chain(case.words.iter().cloned())
    {
        if !run.stderr.contains(&w) {
            p.push(format!("stderr lacks `{w}`"));
        }
    }
    for w in row.not_words {
        if run.stderr.contains(w) {
            p.push(format!("stderr says `{w}`"));
        }
    }
    // (3) Nothing written where it must not be; inputs untouched; no debris.
    if let (Some(out), Some(before)) = (&case.out, &out_before) {
        let after = State::of(out);
        if row.code == OK && !case.any_code {
            match &after {
                State::File(b) if b.starts_with(b"%PDF-") => {}
                other => p.push(format!("no PDF at -o: it is {}", other.describe())),
            }
        } else if after != *before {
            p.push(format!(
                "-o {} changed: was {}, is {}",
                out.display(),
                before.describe(),
                after.describe()
            ));
        }
    }
    for (path, before) in &kept {
        let after = State::of(path);
        if after != *before {
            p.push(format!(
                "input {} changed: was {}, is {}",
                path.display(),
                before.describe(),
                after.describe()
            ));
        }
    }
    let mut folders = vec![dir.clone()];
    folders.extend(case.png.iter().cloned());
    if let Some(parent) = case.out.as_ref().and_then(|o| o.parent())
        && parent.starts_with(tmp)
    {
        folders.push(parent.to_path_buf());
    }
    for f in folders.iter().filter(|_| !case.allow_debris) {
        let left = debris(f);
        if !left.is_empty() {
            p.push(format!("debris in {}: {}", f.display(), left.join(", ")));
        }
    }
    if row.code != OK
        && let Some(png) = &case.png
        && png.is_dir()
    {
        for f in files_under(png) {
            if f.extension().is_some_and(|x| x == "png")
                && fs::symlink_metadata(&f).is_ok_and(|m| m.is_file())
                && !case.unchanged.contains(&f)
            {
                p.push(format!("a preview was written: {}", f.display()));
            }
        }
    }
    for folder in &case.no_files_in {
        for f in files_under(folder) {
            p.push(format!("a file was written: {}", f.display()));
        }
    }
    for check in &case.checks {
        if let Err(e) = check(&run) {
            p.push(e);
        }
    }
    outcome
}

#[test]
fn catalogue_of_bad_inputs() {
    let rows = rows();
    assert!(rows.len() >= 65, "only {} rows", rows.len());
    let mut names: Vec<_> = rows.iter().map(|r| r.name).collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), rows.len(), "row names must be unique");

    let outcomes: Vec<Outcome> = rows.iter().map(run_row).collect();
    for o in &outcomes {
        println!(
            "{} {:<45} expected {:>2} got {:>7} {:>9.2?} {:>5} MiB",
            if o.problems.is_empty() {
                "ok  "
            } else {
                "FAIL"
            },
            o.name,
            o.expected,
            o.got,
            o.elapsed,
            o.peak_rss_kib / 1024
        );
    }
    let failed: Vec<&Outcome> = outcomes.iter().filter(|o| !o.problems.is_empty()).collect();
    let mut table = format!(
        "{} of {} rows failed:\n\n| row | expected | got | time | problems |\n|---|---|---|---|---|\n",
        failed.len(),
        outcomes.len()
    );
    for o in &failed {
        table.push_str(&format!(
            "| {} | {} | {} | {:.2?} | {} |\n",
            o.name,
            o.expected,
            o.got,
            o.elapsed,
            o.problems.join("; ")
        ));
    }
    table.push('\n');
    for o in &failed {
        let stderr: String = o.stderr.chars().take(600).collect();
        table.push_str(&format!(
            "--- {}\n$ {}\n{}\n",
            o.name,
            o.command,
            stderr.trim_end()
        ));
    }
    assert!(failed.is_empty(), "{table}");
}
