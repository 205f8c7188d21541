//! An issue made of pages: a page spec alone, or an edition's pages in order. Stories are
//! linked across pages first (an article starts on one page, `[[continuation]]`s carry it
//! on to later ones), then flowed edition-wide, one story at a time and stories in
//! parallel; then pages are composed in parallel (and a page's articles in parallel) and
//! merged in page order, so the output does not depend on the number of threads.

use std::collections::BTreeMap;

use rayon::prelude::*;

use std::sync::Arc;

use super::load::{FontShelf, LoadedPage, PageRef, PageSpec, load_page, read_specs};
use super::session::{Memo, StoryInput, Typeset};
use super::stories::{PartAt, Stories, Story, link};
use super::{Composed, Options, Reader};
use crate::compose::{self, Body, Placement};
use crate::edition::{EditionSpec, PageEntry};
use crate::error::{Error, Result, Warning, Warnings};
use crate::{display, font};

/// Composes `pages` (only page `only`, and what feeds its stories, if given) into one
/// document: steps 1–8 for an issue, taking from `memo` what an earlier render of the
/// session made from the same inputs.
pub(super) fn compose_issue(
    edition: Option<&EditionSpec>,
    pages: &[PageRef<'_>],
    only: Option<usize>,
    options: &Options,
    read: &mut Reader<'_>,
    memo: &mut Memo,
) -> Result<Composed> {
    // 1. Every page's spec, and the stories linked across them.
    let (specs, stories) = options.time("specs", || -> Result<_> {
        let specs = read_page_specs(edition, pages, read)?;
        let stories = link(edition, pages, &specs)?;
        Ok((specs, stories))
    })?;
    check_profiles(edition, pages, &specs, options)?;
    // The pages to lay out: all, or the one asked for and those its stories touch.
    let needed = stories.needed(pages.len(), only);

    // 2–3. Content and faces of the needed pages.
    let mut shelf = FontShelf::new(&mut memo.faces);
    let mut loaded: Vec<Option<LoadedPage>> = Vec::with_capacity(pages.len());
    options.time("load", || -> Result<()> {
        for ((page, spec), need) in pages.iter().zip(specs).zip(&needed) {
            loaded.push(match need {
                true => {
                    let at = edition.zip(page.entry);
                    Some(load_page(spec, options, at, &mut shelf, read)?)
                }
                false => None,
            });
        }
        Ok(())
    })?;
    let FontShelf {
        book,
        read: face_files,
        ..
    } = shelf;

    // 4–6. Each story shaped once and flowed through all its parts, stories in parallel.
    let composed_pages: Vec<usize> = match only {
        Some(p) => vec![p],
        None => (0..pages.len()).collect(),
    };
    // The stories on the composed pages, by their index in `stories.list`.
    let wanted: Vec<usize> = (0..stories.list.len())
        .filter(|&s| composed_pages.iter().any(|&p| stories.list[s].touches(p)))
        .collect();
    let faces = book.shaping_faces();
    // Articles that may move their photo's foot to end flush do so first.
    let adjusted = options.time("flush", || {
        super::flush::end_flush(&stories, &wanted, &mut loaded, &book, &faces)
    });
    // A story whose inputs an earlier render of the session typeset is taken as it was.
    let inputs: Vec<StoryInput> = wanted
        .iter()
        .map(|&s| story_input(&stories.list[s], &loaded))
        .collect();
    memo.faces.keep_only(&face_files);
    memo.stories.begin(&face_files);
    let typeset_bodies: Vec<(Typeset, bool)> = options.time("typeset", || {
        let kept = &memo.stories;
        inputs
            .par_iter()
            .map(|input| match kept.get(input) {
                Some(done) => (done, true),
                None => (typeset(input, &book, &faces, kept.reflow()), false),
            })
            .collect()
    });
    let bodies: BTreeMap<usize, Arc<Body>> = wanted
        .iter()
        .zip(&typeset_bodies)
        .map(|(&s, (done, _))| (s, done.body.clone()))
        .collect();
    memo.stories.record(
        inputs
            .into_iter()
            .zip(typeset_bodies)
            .map(|(input, (body, reused))| (input, body, reused))
            .collect(),
    );
    let mut story_warnings = Vec::with_capacity(bodies.len());
    for (&s, body) in &bodies {
        let (page, article) = stories.list[s].start();
        let id = &page_of(&loaded, page).spec.articles[article].id;
        story_warnings.push((page, id.clone(), body.warnings().clone()));
    }

    // 7. Pages composed in parallel, each with the parts of stories on it.
    let placed = Placed {
        pages,
        loaded: &loaded,
        stories: &stories,
        bodies: &bodies,
        book: &book,
        faces: &faces,
        done: std::sync::atomic::AtomicUsize::new(0),
        of: composed_pages.len(),
        options,
    };
    let results: Vec<Result<(display::Document, Vec<compose::ArticleReport>, Warnings)>> = options
        .time("compose", || {
            composed_pages
                .par_iter()
                .map(|&p| placed.compose(p))
                .collect()
        });
    drop(faces);

    // 8. The display lists merged in page order.
    let mut document = display::Document::default();
    let mut reports = Vec::new();
    let mut warnings = Warnings::default();
    let mut mono_pages = Vec::new();
    for (&p, result) in composed_pages.iter().zip(results) {
        let (page_document, mut page_reports, page_warnings) = result?;
        for ((at, article), what) in &adjusted {
            if *at == p
                && let Some(r) = page_reports.get_mut(*article)
            {
                r.adjusted.extend(what.iter().cloned());
            }
        }
        let page = page_of(&loaded, p);
        let mut local = Warnings::default();
        for (_, id, w) in story_warnings.iter_mut().filter(|(at, ..)| *at == p) {
            local.adopt(std::mem::take(w), id);
        }
        local.adopt(page_warnings, "");
        super::furniture::locate_missing_glyphs(
            &page.sources,
            &page.content,
            &page.furniture,
            &mut local,
        );
        cleaned_warnings(page, &mut local);
        low_resolution_is_error(page, &local)?;
        let index = document.pages.len();
        let page_document_texts = page_document.texts.len();
        document.append(page_document, &[]);
        match pages[p].entry {
            Some(entry) => {
                if entry.mono {
                    document.make_black(index);
                    mono_pages.push(index + 1);
                }
                let texts = document.texts.len() - page_document_texts;
                for text in &mut document.texts[texts..] {
                    text.name = format!("{}/{}", entry.label, text.name);
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
    // A story that starts on a page not composed here (`--page 2` of a story from page 1)
    // still tells what its shaping found.
    for (at, id, w) in story_warnings {
        if !composed_pages.contains(&at) {
            warnings.adopt(w, &id);
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

/// Every page's spec, read in page order and parsed in parallel; in an edition, a page
/// spec that cannot be read, or that states another issue date, is named with the edition
/// line that lists it.
fn read_page_specs(
    edition: Option<&EditionSpec>,
    pages: &[PageRef<'_>],
    read: &mut Reader<'_>,
) -> Result<Vec<PageSpec>> {
    let paths: Vec<&std::path::Path> = pages.iter().map(|p| p.spec.as_path()).collect();
    // The edition and its line that list page `i`, if an edition lists it.
    let listed = |i: usize| edition.zip(pages[i].entry);
    let at_line = |edition: &EditionSpec, entry: &PageEntry, message: String| Error::Spec {
        file: edition.path.clone(),
        line: Some(entry.line),
        field: format!("page {}", entry.label),
        message,
    };
    let on_error = |i: usize, e: Error| match listed(i) {
        Some((edition, entry)) => at_line(edition, entry, e.to_string()),
        None => e,
    };
    let check = |i: usize, spec: &PageSpec| -> Result<()> {
        if let Some((edition, entry)) = listed(i)
            && let Some(date) = spec.spec.issue_date
            && date != edition.date
        {
            return Err(at_line(
                edition,
                entry,
                format!(
                    "{} says the issue is of {date}, the edition of {}",
                    pages[i].spec.display(),
                    edition.date
                ),
            ));
        }
        Ok(())
    };
    read_specs(&paths, read, &on_error, &check)
}

/// One issue is one profile, checked over every page of the edition (also when only one
/// is rendered, so `--page` writes no plate the whole edition would refuse): a page asking
/// for another is named at its edition line.
fn check_profiles(
    edition: Option<&EditionSpec>,
    pages: &[PageRef<'_>],
    specs: &[PageSpec],
    options: &Options,
) -> Result<()> {
    let profile = |s: &PageSpec| options.profile.unwrap_or(s.spec.output.profile);
    let Some(first) = specs.first() else {
        return Ok(());
    };
    for (page, s) in pages.iter().zip(specs) {
        if profile(s) != profile(first) {
            return Err(Error::Spec {
                file: edition.map_or(s.spec.path.clone(), |e| e.path.clone()),
                line: page.entry.map(|e| e.line),
                field: page
                    .entry
                    .map_or("output".into(), |e| format!("page {}", e.label)),
                message: format!(
                    "{} asks for {}, the edition's first page for {}; one issue is one profile",
                    page.spec.display(),
                    profile(s),
                    profile(first)
                ),
            });
        }
    }
    Ok(())
}

/// What composing a page needs: the issue's pages, stories and typeset bodies.
struct Placed<'a, 'e> {
    pages: &'a [PageRef<'e>],
    loaded: &'a [Option<LoadedPage>],
    stories: &'a Stories,
    bodies: &'a BTreeMap<usize, Arc<Body>>,
    book: &'a font::FontBook,
    /// The book's faces made for shaping, once for every page.
    faces: &'a [rustybuzz::Face<'a>],
    done: std::sync::atomic::AtomicUsize,
    of: usize,
    options: &'a Options,
}

impl Placed<'_, '_> {
    fn label(&self, page: usize) -> &str {
        self.pages[page].entry.map_or("", |e| e.label.as_str())
    }

    /// A part of a story as placed: the body, which part, and the pages its jump lines
    /// name (only where the text really goes on or comes from).
    fn placement(&self, at: PartAt) -> Placement<'_> {
        let (s, k) = self.stories.at(at);
        let (story, body) = (&self.stories.list[s], &*self.bodies[&s]);
        let reached = body.parts_reached();
        Placement {
            body,
            part: k,
            jump_to: (k + 1 < reached).then(|| self.label(story.parts[k + 1].page())),
            jump_from: (k > 0 && k < reached).then(|| self.label(story.parts[k - 1].page())),
        }
    }

    /// Step 7 for page `p`.
    fn compose(
        &self,
        p: usize,
    ) -> Result<(display::Document, Vec<compose::ArticleReport>, Warnings)> {
        let page = page_of(self.loaded, p);
        let starts: Vec<Placement<'_>> = (0..page.spec.articles.len())
            .map(|article| self.placement(PartAt::Start { page: p, article }))
            .collect();
        let mut warnings = Warnings::default();
        let mut continued = Vec::with_capacity(page.spec.continuations.len());
        for (continuation, c) in page.spec.continuations.iter().enumerate() {
            let at = PartAt::Continued {
                page: p,
                continuation,
            };
            let place = self.placement(at);
            if place.part >= place.body.parts_reached() {
                warnings.warn(Warning::EmptyContinuation {
                    article: c.id.clone(),
                    page: self.label(p).to_string(),
                });
            }
            let story = &self.stories.list[self.stories.at(at).0];
            continued.push((place, article_of(self.loaded, story)));
        }
        let (document, reports) = compose::compose_page(
            &page.spec,
            &page.content,
            self.book,
            &page.fonts,
            self.faces,
            &starts,
            &continued,
            &mut warnings,
        )?;
        let done = self.done.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        self.options
            .tell(super::Step::Composed { done, of: self.of });
        Ok((document, reports, warnings))
    }
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

/// What a story is typeset from: its article in its first page's styles, and the blocks
/// of every page it runs over.
fn story_input(story: &Story, loaded: &[Option<LoadedPage>]) -> StoryInput {
    let (page, article) = story.start();
    let start = page_of(loaded, page);
    let (spec, fonts) = (&start.spec, &start.fonts);
    let parts: Vec<compose::Blocks> = story
        .parts
        .iter()
        .map(|at| match *at {
            PartAt::Start { page, article } => {
                let spec = &page_of(loaded, page).spec;
                compose::slots(
                    spec,
                    &spec.articles[article].blocks,
                    &spec.articles[article].splits,
                )
            }
            PartAt::Continued { page, continuation } => {
                let spec = &page_of(loaded, page).spec;
                compose::slots(
                    spec,
                    &spec.continuations[continuation].blocks,
                    &spec.continuations[continuation].splits,
                )
            }
        })
        .collect();
    StoryInput {
        article: start.content.articles[article].clone(),
        style: compose::StoryStyle {
            body: compose::par_style(spec, fonts, spec.roles.body),
            lead: compose::par_style(spec, fonts, spec.roles.lead).text,
        },
        parts,
        balance: spec.articles[article].balance,
    }
}

/// Shapes a story and flows it through its blocks on every page it runs over, taking the
/// paragraphs `reflow` has set before.
fn typeset(
    input: &StoryInput,
    book: &font::FontBook,
    faces: &[rustybuzz::Face<'_>],
    mut reflow: crate::flow::Reflow,
) -> Typeset {
    let body = Body::typeset(
        book,
        faces,
        &input.article,
        input.style,
        &input.parts,
        input.balance,
        &mut reflow,
    );
    Typeset {
        body: Arc::new(body),
        settings: Arc::new(reflow.into_kept()),
    }
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
