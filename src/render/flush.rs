//! Ending flush for the articles of a page, before their stories are typeset for good:
//! first the borders between articles that may move (`border_flex`, both articles judged
//! together), then each article's photo and head (`photo_flex`, `head_flex`). Each takes
//! the nearest move that leaves no overset and the fewest empty lines; the page spec is
//! changed to it, and what moved is reported.

use std::collections::BTreeMap;

use super::load::LoadedPage;
use super::stories::Stories;
use crate::compose::{self, Body, flush};
use crate::content::Article;
use crate::font;
use crate::spec::{ArticleSpec, LayoutSpec};

/// Overset characters and empty lines of an article set as `a`.
fn score(
    page: &LoadedPage,
    spec: &LayoutSpec,
    a: &ArticleSpec,
    content: &Article,
    book: &font::FontBook,
    faces: &[rustybuzz::Face<'_>],
) -> (usize, u32) {
    let style = compose::StoryStyle {
        body: compose::par_style(spec, &page.fonts, spec.roles.body),
        lead: compose::par_style(spec, &page.fonts, spec.roles.lead).text,
    };
    let slots = compose::slots(spec, &a.blocks, &a.splits);
    let body = Body::typeset(
        book,
        faces,
        content,
        style,
        std::slice::from_ref(&slots),
        a.balance,
        &mut crate::flow::Reflow::default(),
    );
    (body.overset_chars(), body.empty_lines())
}

/// Moves what the articles of the wanted stories allow; returns what moved, by page and
/// article.
pub(super) fn end_flush(
    stories: &Stories,
    wanted: &[usize],
    loaded: &mut [Option<LoadedPage>],
    book: &font::FontBook,
    faces: &[rustybuzz::Face<'_>],
) -> BTreeMap<(usize, usize), Vec<String>> {
    let mut moved: BTreeMap<(usize, usize), Vec<String>> = BTreeMap::new();
    // The articles that may move, on one page, with no text wrapping round them.
    let movable: Vec<(usize, usize)> = wanted
        .iter()
        .map(|&s| &stories.list[s])
        .filter(|story| story.parts.len() == 1)
        .map(|story| story.start())
        .filter(|&(page, article)| {
            loaded[page]
                .as_ref()
                .is_some_and(|p| !p.spec.articles[article].wrap)
        })
        .collect();
    // Borders first: both articles judged together.
    for &(page, upper) in &movable {
        let Some(p) = loaded[page].as_ref() else {
            continue;
        };
        let spec = &p.spec;
        let flex = spec.articles[upper].border_flex;
        let Some(lower) = (flex > 0)
            .then(|| flush::neighbour_below(spec, upper))
            .flatten()
        else {
            continue;
        };
        if !movable.contains(&(page, lower)) || spec.articles[lower].wrap {
            continue;
        }
        let (cu, cl) = (&p.content.articles[upper], &p.content.articles[lower]);
        type Border = (
            i32,
            (usize, u32),
            ArticleSpec,
            ArticleSpec,
            Vec<crate::spec::RuleSpec>,
        );
        let mut best: Option<Border> = None;
        for lines in flush::tries(0, flex).into_iter().map(|m| m.head) {
            let Some((up, down, rules)) = flush::border_moved(spec, upper, lower, lines) else {
                continue;
            };
            let (ou, eu) = score(p, spec, &up, cu, book, faces);
            let (ol, el) = score(p, spec, &down, cl, book, faces);
            let s = (ou + ol, eu + el);
            if best.as_ref().is_none_or(|(_, b, ..)| s < *b) {
                best = Some((lines, s, up, down, rules));
            }
        }
        if let Some((lines, _, up, down, rules)) = best
            && lines != 0
            && let Some(p) = loaded[page].as_mut()
        {
            let (iu, il) = (
                p.spec.articles[upper].id.clone(),
                p.spec.articles[lower].id.clone(),
            );
            p.spec.articles[upper] = up;
            p.spec.articles[lower] = down;
            p.spec.rules = rules;
            moved
                .entry((page, upper))
                .or_default()
                .push(flush::describe_border(&il, lines));
            moved
                .entry((page, lower))
                .or_default()
                .push(flush::describe_border(&iu, lines));
        }
    }
    // Then each article's photo and head.
    for &(page, article) in &movable {
        let Some(p) = loaded[page].as_ref() else {
            continue;
        };
        let spec = &p.spec;
        let a = &spec.articles[article];
        if a.photo_flex == 0 && a.head_flex == 0 {
            continue;
        }
        let content = &p.content.articles[article];
        let mut best: Option<(flush::Move, (usize, u32), ArticleSpec)> = None;
        for m in flush::tries(a.photo_flex, a.head_flex) {
            let Some(trial) = flush::moved(a, m) else {
                continue;
            };
            let s = score(p, spec, &trial, content, book, faces);
            if best.as_ref().is_none_or(|(_, b, _)| s < *b) {
                best = Some((m, s, trial));
            }
        }
        if let Some((m, _, trial)) = best
            && m != flush::Move::default()
            && let Some(p) = loaded[page].as_mut()
        {
            p.spec.articles[article] = trial;
            moved
                .entry((page, article))
                .or_default()
                .extend(flush::describe(m));
        }
    }
    moved
}
