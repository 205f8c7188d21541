//! Golden images: render a spec, rasterize the PDF, compare with a committed PNG.
//!
//! One piece serves our test suite (`tests/golden.rs`) and designers' own folders
//! (`broadsheet golden check|bless DIR`): [`run`] renders each case, compares every page
//! with its golden within a [`Tolerance`], writes expected | diff | actual images and an
//! HTML report for the pages, and reports goldens that no case produces any more.
//! Blessing writes the goldens instead; callers must never count a blessing as a pass.

mod compare;
mod report;

pub use compare::{Comparison, Tolerance, compare, diff_image};
pub use report::{Row, html};

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};
use crate::input::Inputs;
use crate::output::write_output;
use crate::raster::{Channels, Raster, decode_png, encode_png, rasterize};

/// How goldens are made and compared.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// Resolution of the rasters.
    pub dpi: f64,
    /// Pixel layout of the rasters.
    pub channels: Channels,
    /// What still counts as a match.
    pub tolerance: Tolerance,
    /// Largest golden file allowed, in bytes.
    pub max_bytes: usize,
}

impl Default for Options {
    fn default() -> Self {
        Self {
            dpi: 36.0,
            channels: Channels::Gray,
            tolerance: Tolerance::default(),
            max_bytes: 64 * 1024,
        }
    }
}

/// A spec whose pages have goldens.
#[derive(Debug, Clone)]
pub struct Case {
    /// Name of the case; golden files are `<name>.png`, `<name>-2.png` …
    pub name: String,
    /// The layout spec.
    pub spec: PathBuf,
    /// Golden size cap for this case, if it differs from [`Options::max_bytes`].
    pub max_bytes: Option<usize>,
}

/// What a run found.
#[derive(Debug, Clone, Default)]
pub struct Summary {
    /// One row per page, in order.
    pub rows: Vec<Row>,
    /// Goldens written (when blessing).
    pub blessed: Vec<PathBuf>,
    /// Golden files that no case produces.
    pub orphans: Vec<PathBuf>,
    /// The HTML report, if one was written.
    pub report: Option<PathBuf>,
}

impl Summary {
    /// Pages that did not match (or had no golden).
    pub fn failures(&self) -> impl Iterator<Item = &Row> {
        self.rows.iter().filter(|r| !r.ok)
    }
}

/// The golden file of page `index` (0-based) of a case.
pub fn golden_path(dir: &Path, name: &str, index: usize) -> PathBuf {
    if index == 0 {
        dir.join(format!("{name}.png"))
    } else {
        dir.join(format!("{name}-{}.png", index + 1))
    }
}

/// Renders a spec (overset allowed: a golden may show it) and rasterizes its pages.
pub fn rasters(spec: &Path, options: &Options) -> Result<Vec<Raster>> {
    rendered_rasters(spec, options).map(|(pages, _)| pages)
}

/// Like [`rasters`], with the files the render read.
fn rendered_rasters(spec: &Path, options: &Options) -> Result<(Vec<Raster>, Inputs)> {
    let rendered = crate::render_file(spec, &crate::Options::default())?;
    let pages = rasterize(&rendered.pdf, options.dpi, options.channels)?;
    let margin = crate::trim_margin_px(&rendered.plate, options.dpi);
    let pages = pages.iter().map(|p| p.inset(margin)).collect();
    Ok((pages, rendered.inputs))
}

/// Writes one file of a run, atomically, unless it is one of the renders' inputs.
fn write(inputs: &Inputs, path: &Path, bytes: &[u8]) -> Result<()> {
    write_output(path, bytes, inputs)
}

/// Checks (or, with `bless`, writes) the goldens of `cases` in `golden_dir`; writes the
/// images and the HTML report of the check into `store`.
pub fn run(
    cases: &[Case],
    golden_dir: &Path,
    store: &Path,
    options: &Options,
    bless: bool,
) -> Result<Summary> {
    let mut summary = Summary::default();
    let mut produced: Vec<PathBuf> = Vec::new();
    std::fs::create_dir_all(store).map_err(|e| Error::io(store, e))?;
    if bless {
        std::fs::create_dir_all(golden_dir).map_err(|e| Error::io(golden_dir, e))?;
    }
    let mut inputs = Inputs::default();
    for case in cases {
        let (pages, read) = rendered_rasters(&case.spec, options)?;
        inputs.extend(&read);
        for (i, actual) in pages.iter().enumerate() {
            let path = golden_path(golden_dir, &case.name, i);
            produced.push(path.clone());
            let name = path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            if bless {
                let png = encode_png(actual)?;
                let cap = case.max_bytes.unwrap_or(options.max_bytes);
                if png.len() > cap {
                    return Err(Error::Image {
                        path: path.clone(),
                        message: format!(
                            "golden would be {} bytes, over the cap of {cap}; lower the dpi or shrink the fixture",
                            png.len()
                        ),
                    });
                }
                write(&inputs, &path, &png)?;
                summary.blessed.push(path);
                continue;
            }
            summary
                .rows
                .push(check_page(&name, actual, &path, store, options, &inputs)?);
        }
    }
    // Goldens in the folder that no case produced any more.
    if let Ok(entries) = std::fs::read_dir(golden_dir) {
        let mut orphans: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "png") && !produced.contains(p))
            .collect();
        orphans.sort();
        summary.orphans = orphans;
    }
    if !bless {
        let report = store.join("index.html");
        write(
            &inputs,
            &report,
            html("broadsheet golden check", &summary.rows).as_bytes(),
        )?;
        summary.report = Some(report);
    }
    Ok(summary)
}

/// Compares one page with its golden and leaves expected, diff and actual in `store`.
fn check_page(
    name: &str,
    actual: &Raster,
    golden: &Path,
    store: &Path,
    options: &Options,
    inputs: &Inputs,
) -> Result<Row> {
    let write = |suffix: &str, raster: &Raster| -> Result<String> {
        let file = format!("{name}-{suffix}.png");
        let path = store.join(&file);
        write(inputs, &path, &crate::raster::encode_png_fast(raster)?)?;
        Ok(file)
    };
    let actual_file = write("actual", actual)?;
    let expected = match crate::input::read(golden, crate::input::Kind::Golden) {
        Ok(file) => decode_png(&file.bytes, options.channels).map_err(|e| match e {
            Error::Image { message, .. } => Error::Image {
                path: golden.to_path_buf(),
                message,
            },
            e => e,
        })?,
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => {
            return Ok(Row {
                name: name.to_string(),
                ok: false,
                differing: 0,
                note: format!("no golden at {}; bless to create it", golden.display()),
                images: [None, None, Some(actual_file)],
            });
        }
        Err(e) => return Err(e),
    };
    let comparison = compare(&expected, actual, &options.tolerance);
    let ok = comparison.matches(&options.tolerance);
    let note = if comparison.size_differs {
        format!(
            "size {}×{} instead of {}×{}",
            actual.width, actual.height, expected.width, expected.height
        )
    } else if let (false, Some((x0, y0, x1, y1))) = (ok, comparison.bounds) {
        format!("differs in x {x0}–{x1}, y {y0}–{y1}")
    } else {
        String::new()
    };
    let expected_file = write("expected", &expected)?;
    let diff_file = write("diff", &diff_image(&expected, actual, &options.tolerance))?;
    Ok(Row {
        name: name.to_string(),
        ok,
        differing: comparison.differing,
        note,
        images: [Some(expected_file), Some(diff_file), Some(actual_file)],
    })
}

/// The cases of a designer's folder: every `*.toml` spec in it, by name.
pub fn folder_cases(dir: &Path) -> Result<Vec<Case>> {
    let entries = std::fs::read_dir(dir).map_err(|e| Error::io(dir, e))?;
    let mut cases: Vec<Case> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "toml"))
        .map(|spec| Case {
            name: spec
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default(),
            spec,
            max_bytes: None,
        })
        .collect();
    cases.sort_by(|a, b| a.name.cmp(&b.name));
    Ok(cases)
}
