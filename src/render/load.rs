//! Steps 1–3 for one page: its spec read and checked, then what it names: the furniture,
//! the articles that start on it, their photos, supplied artwork, the plate, and its faces
//! in the issue's font shelf.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::furniture::{dated_furniture, set_furniture};
use super::{Options, Reader, rules_of};
use crate::edition::{EditionSpec, PageEntry};
use crate::error::{Error, Result};
use crate::font::{FontBook, FontId};
use crate::{compose, content, font, input, plate, preflight, spec};

/// The most article text one page reads, all its files together (a broadsheet page sets
/// about 20 KB).
pub const MAX_TEXT_BYTES: u64 = 4 * 1024 * 1024;

/// A page of the issue to lay out: its spec and, in an edition, its entry.
pub(super) struct PageRef<'e> {
    pub spec: PathBuf,
    pub entry: Option<&'e PageEntry>,
}

/// A page spec, read and checked (step 1).
pub(super) struct PageSpec {
    pub spec: spec::LayoutSpec,
    /// The texts it was read from (the page spec, then its template's if it names one), to
    /// locate characters for messages.
    pub sources: Vec<(PathBuf, String)>,
}

/// Every page spec of `paths`, read and checked: the files read one after another in page
/// order through `read` (which is not shared between threads), each template once, and
/// parsed in parallel. `on_error` says where a page spec itself was named (an edition's
/// line), for a file that cannot be read; `check` is asked of each spec in page order.
/// The error returned is the one met first reading and checking them one by one.
pub(super) fn read_specs(
    paths: &[&Path],
    read: &mut Reader<'_>,
    on_error: &dyn Fn(usize, Error) -> Error,
    check: &dyn Fn(usize, &PageSpec) -> Result<()>,
) -> Result<Vec<PageSpec>> {
    use rayon::prelude::*;
    // The page files, in page order, up to one that cannot be read.
    let mut sources: Vec<String> = Vec::with_capacity(paths.len());
    let mut unread = None;
    for (i, path) in paths.iter().enumerate() {
        let text = read(path, input::Kind::Spec)
            .map_err(|e| on_error(i, e))
            .and_then(|file| Ok(spec::text(&file)?.to_string()));
        match text {
            Ok(text) => sources.push(text),
            Err(e) => {
                unread = Some(e);
                break;
            }
        }
    }
    let pages: Vec<(&Path, &str)> = paths
        .iter()
        .copied()
        .zip(sources.iter().map(String::as_str))
        .collect();
    let mut templates = Templates::new();
    let mut parsed: Vec<Parsed> = pages
        .par_iter()
        .map(|&(path, source)| parse_page(path, source, &templates))
        .collect();
    // Pages that name a template: it is read (once), and they are parsed again.
    let asked: Vec<usize> = (0..parsed.len())
        .filter(|&i| parsed[i].asked.is_some())
        .collect();
    for &i in &asked {
        if let Some(path) = parsed[i].asked.take()
            && !templates.contains_key(&path)
        {
            let text = read(&path, input::Kind::Spec)
                .and_then(|file| Ok(spec::text(&file)?.to_string()))
                .map_err(|e| e.to_string());
            templates.insert(path, text);
        }
    }
    let again: Vec<Parsed> = asked
        .par_iter()
        .map(|&i| parse_page(pages[i].0, pages[i].1, &templates))
        .collect();
    for (i, page) in asked.into_iter().zip(again) {
        parsed[i] = page;
    }
    let mut specs = Vec::with_capacity(parsed.len());
    for (i, page) in parsed.into_iter().enumerate() {
        let spec = page.spec?;
        check(i, &spec)?;
        specs.push(spec);
    }
    match unread {
        Some(e) => Err(e),
        None => Ok(specs),
    }
}

/// The templates read so far: each one's text, or why it could not be read (the page
/// spec that names it places the message at its line).
type Templates = BTreeMap<PathBuf, std::result::Result<String, String>>;

/// A page spec parsed with the templates read so far.
struct Parsed {
    spec: Result<PageSpec>,
    /// The template it names that was not yet read (then `spec` is to be thrown away).
    asked: Option<PathBuf>,
}

fn parse_page(path: &Path, source: &str, templates: &Templates) -> Parsed {
    let (mut asked, mut used) = (None, None);
    let mut template = |t: &Path| match templates.get(t) {
        Some(Ok(text)) => {
            used = Some((t.to_path_buf(), text.clone()));
            Ok(text.clone())
        }
        Some(Err(message)) => Err(Error::Usage(message.clone())),
        None => {
            asked = Some(t.to_path_buf());
            Err(Error::Usage(String::new()))
        }
    };
    let spec = spec::parse_with(path, source, &mut template).map(|spec| PageSpec {
        spec,
        sources: std::iter::once((path.to_path_buf(), source.to_string()))
            .chain(used)
            .collect(),
    });
    Parsed { spec, asked }
}

/// A page with everything it names loaded (steps 2–3).
pub(super) struct LoadedPage {
    pub spec: spec::LayoutSpec,
    pub sources: Vec<(PathBuf, String)>,
    pub furniture: content::FurnitureFile,
    pub content: compose::PageContent,
    pub plate: plate::Plate,
    /// The spec's faces (in the spec's order) as ids in the issue's book.
    pub fonts: Vec<FontId>,
}

/// The faces of an issue: one per font file, however many pages name it, so each is read,
/// parsed and subset once (and in a session, once for all its renders).
pub(super) struct FontShelf<'m> {
    pub book: FontBook,
    files: Vec<(Option<input::FileId>, PathBuf, font::Select)>,
    /// Each face as it was read, in the book's order: what the faces are, for memos keyed
    /// on them.
    pub read: Vec<FaceRead>,
    faces: &'m mut Faces,
}

impl<'m> FontShelf<'m> {
    pub fn new(faces: &'m mut Faces) -> Self {
        Self {
            book: FontBook::default(),
            files: Vec::new(),
            read: Vec::new(),
            faces,
        }
    }

    /// The id of the face `select` chooses in `path`, read and parsed the first time it
    /// is asked for.
    fn face(
        &mut self,
        name: &str,
        path: &Path,
        select: font::Select,
        read: &mut Reader<'_>,
    ) -> Result<FontId> {
        let id = input::FileId::at(path);
        if let Some(at) = self
            .files
            .iter()
            .position(|(i, p, s)| ((id.is_some() && *i == id) || p == path) && *s == select)
        {
            return Ok(FontId(at as u16));
        }
        let file = read(path, input::Kind::Font)?;
        self.read.push(FaceRead {
            path: path.to_path_buf(),
            fingerprint: file.fingerprint,
            select: select.clone(),
            name: name.to_string(),
        });
        let face = self.faces.face(name, file, &select)?;
        self.files.push((id, path.to_path_buf(), select));
        Ok(self.book.push(face))
    }
}

/// A face of the book as it was read: its file, the file's fingerprint, the face chosen
/// in it, and the spec's name for it (which warnings use).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct FaceRead {
    pub path: PathBuf,
    pub fingerprint: input::Fingerprint,
    pub select: font::Select,
    pub name: String,
}

/// The spec's choice of a face (the spec knows no fonts) as the font loader's.
impl From<&spec::FaceChoice> for font::Select {
    fn from(choice: &spec::FaceChoice) -> Self {
        match choice {
            spec::FaceChoice::Only => Self::Only,
            spec::FaceChoice::Index(i) => Self::Index(*i),
            spec::FaceChoice::Named { family, style } => Self::Named {
                family: family.clone(),
                style: style.clone(),
            },
        }
    }
}

/// Faces parsed by earlier renders of a session, by file and fingerprint: a face whose
/// file has not changed is not parsed again.
#[derive(Default)]
pub struct Faces {
    kept: Vec<(PathBuf, input::Fingerprint, font::Select, font::Face)>,
    /// Faces parsed (checked and measured) from their files.
    pub parsed: usize,
}

impl Faces {
    /// The face of a font file: kept from an earlier render if the file is unchanged,
    /// else parsed (and kept, where its bytes are shared).
    fn face(
        &mut self,
        name: &str,
        file: input::Input,
        select: &font::Select,
    ) -> Result<font::Face> {
        if let Some(face) = self
            .kept
            .iter()
            .find(|(p, f, s, _)| *p == file.path && *f == file.fingerprint && s == select)
            .and_then(|(.., face)| face.renamed(name))
        {
            return Ok(face);
        }
        let (path, fingerprint) = (file.path.clone(), file.fingerprint);
        let face = font::face_from_data(name, &path, file.bytes, select)?;
        self.parsed += 1;
        if let Some(kept) = face.renamed(name) {
            self.kept
                .retain(|(p, _, s, _)| !(*p == path && s == select));
            self.kept.push((path, fingerprint, select.clone(), kept));
        }
        Ok(face)
    }

    /// Forgets the faces the latest render did not use.
    pub(super) fn keep_only(&mut self, used: &[FaceRead]) {
        self.kept.retain(|(p, f, s, _)| {
            used.iter()
                .any(|u| u.path == *p && u.fingerprint == *f && u.select == *s)
        });
    }
}

/// Loads what a page spec names; `page` is its place in an edition, whose data fills the
/// furniture.
pub(super) fn load_page(
    page_spec: PageSpec,
    options: &Options,
    page: Option<(&EditionSpec, &PageEntry)>,
    shelf: &mut FontShelf,
    read: &mut Reader<'_>,
) -> Result<LoadedPage> {
    let PageSpec { spec, sources } = page_spec;

    // 2. Content: furniture, articles, photos.
    let mut furniture = match &spec.furniture {
        Some(path) => content::parse_furniture(path, read(path, input::Kind::Furniture)?.text()?)?,
        None => content::FurnitureFile::default(),
    };
    // The issue's date: the page's own, else its edition's (the edition refuses a page
    // that states another).
    if let Some(date) = spec.issue_date.or(page.map(|(e, _)| e.date)) {
        dated_furniture(date, &mut furniture)?;
    }
    if let Some((edition, entry)) = page {
        let mut values = vec![
            ("paper", edition.paper.clone()),
            ("page", entry.label.clone()),
            ("page_name", entry.name.clone()),
        ];
        if let Some(n) = edition.number {
            values.push(("issue_number", n.to_string()));
        }
        values.extend(entry.credits.iter().map(|(k, v)| (*k, v.clone())));
        if let Some(name) = &edition.name {
            values.push(("edition", name.clone()));
        }
        for (key, value) in values {
            set_furniture(&mut furniture, key, value, "the edition")?;
        }
    }
    let mut text_bytes = 0u64;
    let mut articles = Vec::with_capacity(spec.articles.len());
    let mut photo_files = Vec::new();
    for a in &spec.articles {
        let file = read(&a.file, input::Kind::Article).map_err(|e| {
            let (spec_file, line) = spec.place(a.file_line);
            e.at_line(&spec_file, line, &format!("article {}: file", a.id))
        })?;
        // All the text of one page within a budget, however many articles a spec names.
        text_bytes += file.bytes.len() as u64;
        if text_bytes > MAX_TEXT_BYTES {
            return Err(Error::Content {
                file: a.file.clone(),
                line: 1,
                message: format!(
                    "with the articles before it, this page's text is more than {} MiB, the most one page reads",
                    MAX_TEXT_BYTES / (1024 * 1024)
                ),
            });
        }
        let article = content::parse_article(&a.file, file.text()?)?;
        if article.id != a.id {
            return Err(Error::Content {
                file: a.file.clone(),
                line: 1,
                message: format!(
                    "the spec places this file as article `{}`, but its id is `{}`",
                    a.id, article.id
                ),
            });
        }
        if let (Some(path), Some(_)) = (&article.photo, &a.photo)
            && !photo_files.iter().any(|f: &input::Input| f.path == *path)
        {
            photo_files.push(read(path, input::Kind::Photo)?);
        }
        articles.push(article);
    }
    // Photos are probed from their headers here; their pixels are decoded (at most once,
    // no larger than they are placed) only where the plate cannot take the file as it is.
    let mut photos = BTreeMap::new();
    let mut decoded_whole = 0u64;
    for f in &photo_files {
        let photo = content::probe_photo(&f.path, std::sync::Arc::from(&*f.bytes))?;
        // JPEGs are decoded whole (to convert them, or to prove them whole): together
        // within one photo's budget.
        if photo.format == content::PhotoFormat::Jpeg {
            decoded_whole += photo.pixel_count();
            if decoded_whole > content::MAX_PIXELS {
                return Err(Error::Image {
                    path: f.path.clone(),
                    message: format!(
                        "with the photos before it, this page's photos have more than the {} megapixels one page may decode; scale them down",
                        content::MAX_PIXELS / 1_000_000
                    ),
                });
            }
        }
        photos.insert(f.path.clone(), photo);
    }
    drop(photo_files);

    // 3. Fonts: in the spec's order, each `FontRef` mapped to its face on the shelf.
    let mut fonts = Vec::with_capacity(spec.fonts.len());
    for f in &spec.fonts {
        // Say which line of the spec names the file, as well as what is wrong with it.
        let (file, line) = spec.place(f.line);
        let at_spec_line = |e: Error| e.at_line(&file, line, &format!("fonts.{}", f.name));
        let select = font::Select::from(&f.face);
        fonts.push(
            shelf
                .face(&f.name, &f.path, select, read)
                .map_err(at_spec_line)?,
        );
    }

    // The plate, and supplied artwork checked against it: a page that does not fit the
    // profile is refused with the reasons, before it is placed.
    let plate = plate_of(&spec, options, read)?;
    let mut artworks = BTreeMap::new();
    for a in &spec.artworks {
        if artworks.contains_key(&a.file) {
            continue;
        }
        let file = read(&a.file, input::Kind::Pdf)?;
        let artwork = content::probe_artwork(&a.file, std::sync::Arc::from(&*file.bytes))?;
        let findings = preflight::check_artwork(&file.bytes, &rules_of(&plate));
        let errors: Vec<String> = findings.errors().map(|v| v.to_string()).collect();
        if !errors.is_empty() {
            return Err(Error::Content {
                file: a.file.clone(),
                line: 1,
                message: format!(
                    "supplied artwork does not fit the {} profile ({}:{}): {}",
                    plate.profile,
                    spec.place(a.spec_line).0.display(),
                    spec.place(a.spec_line).1,
                    errors.join("; ")
                ),
            });
        }
        artworks.insert(a.file.clone(), artwork);
    }

    let content = compose::PageContent {
        furniture: furniture.entries.clone(),
        articles,
        photos,
        artworks,
    };
    Ok(LoadedPage {
        spec,
        sources,
        furniture,
        content,
        plate,
        fonts,
    })
}

/// The plate a spec asks for: its `[output]`, the command line's profile, the ICC
/// profile it names (read and checked), the issue date for the document's dates.
pub(super) fn plate_of(
    spec: &spec::LayoutSpec,
    options: &Options,
    read: &mut Reader<'_>,
) -> Result<plate::Plate> {
    let out = &spec.output;
    let profile = options.profile.unwrap_or(out.profile);
    let date = spec
        .issue_date
        .map_or(plate::PdfDate::UNDATED, |d| plate::PdfDate {
            year: d.year,
            month: d.month,
            day: d.day,
        });
    let mut plate = plate::Plate::new(profile, &spec.name, date);
    plate.bleed = out.bleed;
    plate.marks = out.marks;
    plate.ink_limit = out.ink_limit;
    plate.min_ppi = out.min_ppi;
    plate.min_ppi_is_error = out.min_ppi_is_error;
    plate.max_ppi = out.max_ppi;
    plate.photos_gray = out.photos_gray;
    plate.condition = plate::Condition::Registered {
        name: out.condition.0.clone(),
        info: out.condition.1.clone(),
    };
    let spec_error = |line: usize, message: String| Error::Spec {
        file: spec.place(line).0,
        line: Some(spec.place(line).1),
        field: "output.icc".into(),
        message,
    };
    match &out.icc {
        Some((path, line)) => {
            let file =
                read(path, input::Kind::Profile).map_err(|e| spec_error(*line, e.to_string()))?;
            let components = plate::IccProfile::check(&file.bytes)
                .and_then(|c| plate::IccProfile::fits(&file.bytes, profile).map(|()| c))
                .map_err(|m| spec_error(*line, format!("{}: {m}", path.display())))?;
            plate.condition = plate::Condition::Icc(plate::IccProfile {
                name: plate::IccProfile::description(&file.bytes).unwrap_or_else(|| {
                    path.file_name().map_or("output profile".into(), |n| {
                        n.to_string_lossy().into_owned()
                    })
                }),
                path: path.clone(),
                data: std::sync::Arc::new(file.bytes.to_vec()),
                components,
            });
        }
        None if profile.needs_embedded_profile() => {
            return Err(Error::Spec {
                file: spec.path.clone(),
                line: None,
                field: "output.icc".into(),
                message: format!(
                    "the {profile} profile embeds the paper's ICC output profile; name it with output.icc"
                ),
            });
        }
        None => {}
    }
    Ok(plate)
}
