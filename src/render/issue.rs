//! An issue made of pages: a page spec alone, or an edition's pages in order. Stories are
//! linked across pages first (an article starts on one page, `[[continuation]]`s carry it
//! on to later ones), then flowed edition-wide, one story at a time and stories in
//! parallel; then pages are composed in parallel and merged in page order, so the output
//! does not depend on the number of threads.

use std::collections::BTreeMap;
use std::path::PathBuf;

use rayon::prelude::*;

use super::load::{FontShelf, LoadedPage, PageSpec, load_page, read_spec};
use super::{Composed, Options, Reader};
use crate::compose::{self, Body, Placement};
use crate::edition::{EditionSpec, PageEntry};
use crate::error::{Error, Result, Warning, Warnings};
use crate::{display, font};

/// A page of the issue to lay out: its spec and, in an edition, its entry.
pub(super) struct PageRef<'e> {
    pub spec: PathBuf,
    pub entry: Option<&'e PageEntry>,
}

/// Where one part of a story is: a page, and the article (the story's start) or the
/// continuation of that page's spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PartAt {
    Start { page: usize, article: usize },
    Continued { page: usize, continuation: usize },
}

impl PartAt {
    fn page(self) -> usize {
        match self {
            Self::Start { page, .. } | Self::Continued { page, .. } => page,
        }
    }
}

/// A story of the issue: its parts in page order, the first where it starts.
struct Story {
    parts: Vec<PartAt>,
}

/// Composes `pages` (only page `only`, and what feeds its stories, if given) into one
/// document: steps 1–8 for an issue.
pub(super) fn compose_issue(
    edition: Option<&EditionSpec>,
    pages: &[PageRef<'_>],
    only: Option<usize>,
    options: &Options,
    read: &mut Reader<'_>,
) -> Result<Composed> {
    // 1. Every page's spec, and the stories linked across them.
    let mut specs = Vec::with_capacity(pages.len());
    for page in pages {
        specs.push(read_page_spec(edition, page, read)?);
    }
    let stories = link(edition, pages, &specs)?;
    // The pages to lay out: all, or the one asked for and those its stories come from.
    let needed: Vec<bool> = match only {
        None => vec![true; pages.len()],
        Some(p) => {
            let mut needed = vec![false; pages.len()];
            needed[p] = true;
            for s in stories
                .iter()
                .filter(|s| s.parts.iter().any(|at| at.page() == p))
            {
                for at in &s.parts {
                    needed[at.page()] = true;
                }
            }
            needed
        }
    };

    // 2–3. Content and faces of the needed pages.
    let mut shelf = FontShelf::default();
    let mut loaded: Vec<Option<LoadedPage>> = Vec::with_capacity(pages.len());
    for ((page, spec), need) in pages.iter().zip(specs).zip(&needed) {
        loaded.push(match need {
            true => {
                let at = edition.zip(page.entry);
                Some(load_page(spec, options, at, &mut shelf, read)?)
            }
            false => None,
        });
    }
    check_profiles(edition, pages, &loaded)?;
    let book = shelf.book;

    // 4–6. Each story shaped once and flowed through all its parts, stories in parallel.
    let composed_pages: Vec<usize> = match only {
        Some(p) => vec![p],
        None => (0..pages.len()).collect(),
    };
    let wanted: Vec<&Story> = stories
        .iter()
        .filter(|s| s.parts.iter().any(|at| composed_pages.contains(&at.page())))
        .collect();
    let faces = book.shaping_faces();
    let mut bodies: Vec<Body> = wanted
        .par_iter()
        .map(|story| typeset(story, &loaded, &book, &faces))
        .collect();
    drop(faces);
    let mut story_warnings = Vec::with_capacity(bodies.len());
    for (story, body) in wanted.iter().zip(&mut bodies) {
        let PartAt::Start { page, article } = story.parts[0] else {
            unreachable!("a story starts with its article")
        };
        let id = &page_of(&loaded, page).spec.articles[article].id;
        story_warnings.push((page, id.clone(), body.take_warnings()));
    }

    // 7. Pages composed in parallel, each with the parts of stories on it.
    let label = |page: usize| pages[page].entry.map_or("", |e| e.label.as_str());
    let done = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<Result<(display::Document, Vec<compose::ArticleReport>, Warnings)>> =
        composed_pages
            .par_iter()
            .map(|&p| {
                let page = page_of(&loaded, p);
                let placement = |at: PartAt| -> Placement<'_> {
                    let s = wanted
                        .iter()
                        .position(|s| s.parts.contains(&at))
                        .expect("linked");
                    let (story, body) = (wanted[s], &bodies[s]);
                    let k = story.parts.iter().position(|x| *x == at).expect("linked");
                    let reached = body.parts_reached();
                    Placement {
                        body,
                        part: k,
                        jump_to: (k + 1 < reached).then(|| label(story.parts[k + 1].page())),
                        jump_from: (k > 0 && k < reached).then(|| label(story.parts[k - 1].page())),
                    }
                };
                let starts: Vec<Placement<'_>> = (0..page.spec.articles.len())
                    .map(|article| placement(PartAt::Start { page: p, article }))
                    .collect();
                let continued: Vec<(Placement<'_>, &crate::content::Article)> =
                    (0..page.spec.continuations.len())
                        .map(|continuation| {
                            let at = PartAt::Continued {
                                page: p,
                                continuation,
                            };
                            let place = placement(at);
                            let s = wanted
                                .iter()
                                .position(|s| s.parts.contains(&at))
                                .expect("linked");
                            (place, article_of(&loaded, wanted[s]))
                        })
                        .collect();
                let mut warnings = Warnings::default();
                for (c, (place, _)) in continued.iter().enumerate() {
                    if place.part >= place.body.parts_reached() {
                        warnings.warn(Warning::EmptyContinuation {
                            article: page.spec.continuations[c].id.clone(),
                            page: label(p).to_string(),
                        });
                    }
                }
                let (document, reports) = compose::compose_page(
                    &page.spec,
                    &page.content,
                    &book,
                    &page.fonts,
                    &starts,
                    &continued,
                    &mut warnings,
                )?;
                let n = done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
                options.tell(super::Step::Composed {
                    done: n,
                    of: composed_pages.len(),
                });
                Ok((document, reports, warnings))
            })
            .collect();

    // 8. The display lists merged in page order.
    let mut document = display::Document::default();
    let mut reports = Vec::new();
    let mut warnings = Warnings::default();
    let mut mono_pages = Vec::new();
    for (&p, result) in composed_pages.iter().zip(results) {
        let (page_document, page_reports, page_warnings) = result?;
        let page = page_of(&loaded, p);
        let mut local = Warnings::default();
        for (_, id, w) in story_warnings.iter_mut().filter(|(at, ..)| *at == p) {
            local.adopt(std::mem::take(w), id);
        }
        local.adopt(page_warnings, "");
        super::furniture::locate_missing_glyphs(
            &page.spec,
            &page.source,
            &page.content,
            &page.furniture,
            &mut local,
        );
        cleaned_warnings(page, &mut local);
        low_resolution_is_error(page, &local)?;
        let index = document.pages.len();
        document.append(page_document, &[]);
        match pages[p].entry {
            Some(entry) => {
                if entry.mono {
                    document.make_black(index);
                    mono_pages.push(index + 1);
                }
                for mut r in page_reports {
                    r.id = format!("{}/{}", entry.label, r.id);
                    r.page = Some(entry.label.clone());
                    reports.push(r);
                }
                warnings.adopt(local, &entry.label);
            }
            None => {
                reports.extend(page_reports);
                warnings.adopt(local, "");
            }
        }
    }
    let first = composed_pages[0];
    let first = loaded[first].take().expect("composed pages are loaded");
    document.title = first.spec.name.clone();
    Ok(Composed {
        spec: first.spec,
        book,
        plate: first.plate,
        document,
        reports,
        warnings,
        mono_pages,
    })
}

/// Reads a page's spec; in an edition, a page spec that cannot be read, or that states
/// another issue date, is named with the edition line that lists it.
fn read_page_spec(
    edition: Option<&EditionSpec>,
    page: &PageRef<'_>,
    read: &mut Reader<'_>,
) -> Result<PageSpec> {
    let (Some(edition), Some(entry)) = (edition, page.entry) else {
        return read_spec(&page.spec, read);
    };
    let at_line = |message: String| Error::Spec {
        file: edition.path.clone(),
        line: Some(entry.line),
        field: format!("page {}", entry.label),
        message,
    };
    if let Err(e) = crate::input::read(&page.spec, crate::input::Kind::Spec) {
        return Err(at_line(e.to_string()));
    }
    let spec = read_spec(&page.spec, read)?;
    if let Some(date) = spec.spec.issue_date
        && date != edition.date
    {
        return Err(at_line(format!(
            "{} says the issue is of {date}, the edition of {}",
            page.spec.display(),
            edition.date
        )));
    }
    Ok(spec)
}

/// Links the stories of the issue: each article starts one; each continuation joins the
/// story of its id that started last on an earlier page. A continuation with no such
/// story (none of its id, or one only on a later page: a jump backwards) is an error at
/// its line; so is any continuation of a page spec rendered on its own.
fn link(
    edition: Option<&EditionSpec>,
    pages: &[PageRef<'_>],
    specs: &[PageSpec],
) -> Result<Vec<Story>> {
    let mut stories: Vec<Story> = Vec::new();
    let mut open: BTreeMap<&str, usize> = BTreeMap::new();
    for (page, s) in specs.iter().enumerate() {
        let spec = &s.spec;
        for (article, a) in spec.articles.iter().enumerate() {
            open.insert(&a.id, stories.len());
            stories.push(Story {
                parts: vec![PartAt::Start { page, article }],
            });
        }
        for (continuation, c) in spec.continuations.iter().enumerate() {
            let (file, line) = spec.place(c.spec_line);
            let error = |message: String| Error::Spec {
                file: file.clone(),
                line: Some(line),
                field: format!("continuation {}", c.id),
                message,
            };
            if edition.is_none() {
                return Err(error(format!(
                    "continues story `{}` from an earlier page; render the edition that lists this page",
                    c.id
                )));
            }
            let Some(&story) = open.get(c.id.as_str()) else {
                let later = specs[page + 1..]
                    .iter()
                    .zip(&pages[page + 1..])
                    .find(|(later, _)| later.spec.articles.iter().any(|a| a.id == c.id));
                return Err(error(match later {
                    Some((_, at)) => format!(
                        "story `{}` starts on page {}, after this one; a story jumps only to later pages",
                        c.id,
                        at.entry.map_or("?", |e| e.label.as_str())
                    ),
                    None => format!(
                        "no earlier page of the edition starts story `{}`; its jump has nowhere to come from",
                        c.id
                    ),
                }));
            };
            stories[story]
                .parts
                .push(PartAt::Continued { page, continuation });
        }
    }
    Ok(stories)
}

/// One issue is one profile: a page asking for another is named at its edition line.
fn check_profiles(
    edition: Option<&EditionSpec>,
    pages: &[PageRef<'_>],
    loaded: &[Option<LoadedPage>],
) -> Result<()> {
    let mut first: Option<&LoadedPage> = None;
    for (page, l) in pages.iter().zip(loaded) {
        let Some(l) = l else { continue };
        match first {
            None => first = Some(l),
            Some(f) if f.plate.profile != l.plate.profile => {
                return Err(Error::Spec {
                    file: edition.map_or(l.spec.path.clone(), |e| e.path.clone()),
                    line: page.entry.map(|e| e.line),
                    field: page
                        .entry
                        .map_or("output".into(), |e| format!("page {}", e.label)),
                    message: format!(
                        "{} asks for {}, the edition's first page for {}; one issue is one profile",
                        page.spec.display(),
                        l.plate.profile,
                        f.plate.profile
                    ),
                });
            }
            Some(_) => {}
        }
    }
    Ok(())
}

/// A page that was loaded.
fn page_of(loaded: &[Option<LoadedPage>], page: usize) -> &LoadedPage {
    loaded[page]
        .as_ref()
        .expect("every page a story touches is loaded")
}

/// The article a story starts with.
fn article_of<'a>(loaded: &'a [Option<LoadedPage>], story: &Story) -> &'a crate::content::Article {
    let PartAt::Start { page, article } = story.parts[0] else {
        unreachable!("a story starts with its article")
    };
    &page_of(loaded, page).content.articles[article]
}

/// Shapes a story in its first page's styles and flows it through its blocks on every
/// page it runs over.
fn typeset(
    story: &Story,
    loaded: &[Option<LoadedPage>],
    book: &font::FontBook,
    faces: &[rustybuzz::Face<'_>],
) -> Body {
    let PartAt::Start { page, article } = story.parts[0] else {
        unreachable!("a story starts with its article")
    };
    let start = page_of(loaded, page);
    let (spec, fonts) = (&start.spec, &start.fonts);
    let body_style = compose::par_style(spec, fonts, spec.roles.body);
    let lead_style = compose::par_style(spec, fonts, spec.roles.lead).text;
    let parts: Vec<Vec<crate::flow::Slot>> = story
        .parts
        .iter()
        .map(|at| match *at {
            PartAt::Start { page, article } => {
                let spec = &page_of(loaded, page).spec;
                compose::slots(spec, &spec.articles[article].blocks)
            }
            PartAt::Continued { page, continuation } => {
                let spec = &page_of(loaded, page).spec;
                compose::slots(spec, &spec.continuations[continuation].blocks)
            }
        })
        .collect();
    Body::typeset(
        book,
        faces,
        &start.content.articles[article],
        body_style,
        lead_style,
        &parts,
        spec.articles[article].balance,
    )
}

/// Control characters normalized in the page's files, each listed.
fn cleaned_warnings(page: &LoadedPage, warnings: &mut Warnings) {
    for (file, cleaned) in std::iter::once((&page.furniture.path, &page.furniture.cleaned))
        .chain(page.content.articles.iter().map(|a| (&a.file, &a.cleaned)))
    {
        for c in cleaned {
            warnings.warn(Warning::Cleaned {
                file: file.clone(),
                detail: c.to_string(),
            });
        }
    }
}

/// A photo too coarse for print stops the render only where the spec says so.
fn low_resolution_is_error(page: &LoadedPage, warnings: &Warnings) -> Result<()> {
    let spec = &page.spec;
    if spec.output.min_ppi_is_error
        && let Some(Warning::LowResolution { path, ppi }) = warnings
            .iter()
            .find(|w| matches!(w, Warning::LowResolution { .. }))
    {
        return Err(Error::Image {
            path: path.clone(),
            message: format!(
                "prints at {ppi:.0} ppi, under the {} ppi of output.min_ppi (output.min_ppi_is_error is set)",
                spec.output.min_ppi
            ),
        });
    }
    Ok(())
}
