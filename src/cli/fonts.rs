//! `broadsheet fonts`: the faces a spec (or an edition's pages) names, or every face of
//! font files, with family, style, weight, face index, outline format, embedding
//! permission and coverage of GB 2312 and 通用规范汉字表.

use std::path::{Path, PathBuf};

use broadsheet::error::exit;
use broadsheet::font::{self, Select};

/// The face built into the binary (what `broadsheet lines` sets with by default).
const BUILT_IN: (&str, &[u8]) = (
    "NotoSerifSC-Regular.ttf (built in)",
    super::lines::BUNDLED_SONG,
);

/// A face to show: the spec name that chose it (if any), its file, and its info or why
/// it cannot be used.
struct Shown {
    name: Option<String>,
    path: String,
    face: Result<(font::FaceInfo, font::Coverage), String>,
}

pub fn fonts(args: &[PathBuf], json: bool) -> u8 {
    let mut shown = Vec::new();
    if args.is_empty() {
        shown.extend(faces_of_file(
            BUILT_IN.0,
            BUILT_IN.1,
            None,
            &Select::Only,
            true,
        ));
    }
    for arg in args {
        let listed = if arg.extension().is_some_and(|e| e == "toml") {
            faces_of_spec(arg)
        } else {
            read(arg).map(|data| {
                faces_of_file(&arg.display().to_string(), &data, None, &Select::Only, true)
            })
        };
        match listed {
            Ok(faces) => shown.extend(faces),
            Err(e) => {
                err!("error: {e}");
                return e.exit_code();
            }
        }
    }
    if json {
        let list: Vec<serde_json::Value> = shown.iter().map(to_json).collect();
        out!(
            "{}",
            serde_json::to_string_pretty(&list).unwrap_or_else(|_| "[]".into())
        );
    } else {
        for s in &shown {
            for line in text_lines(s) {
                out!("{line}");
            }
        }
    }
    if shown.iter().any(|s| s.face.is_err()) {
        exit::INPUT
    } else {
        exit::OK
    }
}

fn read(path: &Path) -> broadsheet::Result<Vec<u8>> {
    broadsheet::input::read(path, broadsheet::input::Kind::Font).map(|i| i.bytes.to_vec())
}

/// The faces a page spec names or, of an edition, its pages' specs (each face once).
fn faces_of_spec(path: &Path) -> broadsheet::Result<Vec<Shown>> {
    let file = broadsheet::input::read(path, broadsheet::input::Kind::Spec)?;
    let text = broadsheet::spec::text(&file)?;
    let specs = if broadsheet::edition::is_edition(text) {
        let edition = broadsheet::edition::parse(path, text)?;
        let mut specs = Vec::new();
        for page in &edition.pages {
            specs.push(broadsheet::spec::load(&page.spec)?);
        }
        specs
    } else {
        vec![broadsheet::spec::load(path)?]
    };
    let mut shown = Vec::new();
    let mut seen: Vec<(String, PathBuf, broadsheet::spec::FaceChoice)> = Vec::new();
    for spec in &specs {
        for f in &spec.fonts {
            let key = (f.name.clone(), f.path.clone(), f.face.clone());
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            let select = Select::from(&f.face);
            let path = f.path.display().to_string();
            match read(&f.path) {
                Ok(data) => {
                    shown.extend(faces_of_file(&path, &data, Some(&f.name), &select, false))
                }
                Err(e) => shown.push(Shown {
                    name: Some(f.name.clone()),
                    path,
                    face: Err(e.to_string()),
                }),
            }
        }
    }
    Ok(shown)
}

/// The faces of a font file: all of them (`every`), or the one `select` chooses, checked
/// as a render loads it (a collection named without a face, or a face whose licence
/// forbids embedding, is refused with the reason).
fn faces_of_file(
    path: &str,
    data: &[u8],
    name: Option<&str>,
    select: &Select,
    every: bool,
) -> Vec<Shown> {
    let refused = |message: String| Shown {
        name: name.map(str::to_string),
        path: path.to_string(),
        face: Err(message),
    };
    let Some(faces) = font::faces_in(data) else {
        return vec![refused("not an OpenType font".into())];
    };
    let chosen: Vec<&font::FaceInfo> = if every {
        faces.iter().collect()
    } else {
        match font::choose(&faces, select) {
            Ok(i) => faces.iter().filter(|f| f.index == i).collect(),
            Err(e) => return vec![refused(e)],
        }
    };
    chosen
        .into_iter()
        .map(|info| {
            let face = ttf_parser::Face::parse(data, info.index)
                .map_err(|e| e.to_string())
                .and_then(|f| match (every, info.embedding.refusal()) {
                    (false, Some(why)) => Err(format!("cannot go on a plate: {why}")),
                    _ => Ok((info.clone(), font::coverage(&f))),
                });
            Shown {
                name: name.map(str::to_string),
                path: path.to_string(),
                face,
            }
        })
        .collect()
}

fn percent(n: usize, of: usize) -> f64 {
    n as f64 * 100.0 / of as f64
}

fn text_lines(s: &Shown) -> Vec<String> {
    let name = s
        .name
        .as_deref()
        .map_or(String::new(), |n| format!("{n}: "));
    match &s.face {
        Err(e) => vec![format!("{name}{}: {e}", s.path)],
        Ok((f, c)) => vec![
            format!("{name}{} (face {})", s.path, f.index),
            format!(
                "  {} {} ({}), weight {}, {} outlines, embedding: {}",
                f.family, f.style, f.postscript, f.weight, f.outlines, f.embedding
            ),
            format!(
                "  GB 2312: {}/{} ({:.1} %) · 通用规范汉字表: {}/{} ({:.1} %)",
                c.gb2312,
                font::gb2312().len(),
                percent(c.gb2312, font::gb2312().len()),
                c.tgscc,
                font::tgscc().len(),
                percent(c.tgscc, font::tgscc().len())
            ),
        ],
    }
}

fn to_json(s: &Shown) -> serde_json::Value {
    match &s.face {
        Err(e) => serde_json::json!({ "name": s.name, "path": s.path, "error": e }),
        Ok((f, c)) => serde_json::json!({
            "name": s.name,
            "path": s.path,
            "index": f.index,
            "family": f.family,
            "style": f.style,
            "postscript": f.postscript,
            "weight": f.weight,
            "outlines": f.outlines.to_string(),
            "embedding": f.embedding.to_string(),
            "embeddable": f.embedding.refusal().is_none(),
            "gb2312": { "covered": c.gb2312, "of": font::gb2312().len() },
            "tgscc": { "covered": c.tgscc, "of": font::tgscc().len() },
        }),
    }
}
