//! The stories of an issue, linked across its pages before anything is loaded: each
//! `[[article]]` starts a story, each `[[continuation]]` carries the story of its id on
//! from an earlier page.

use std::collections::BTreeMap;

use super::load::{PageRef, PageSpec};
use crate::edition::EditionSpec;
use crate::error::{Error, Result};

/// Where one part of a story is: a page, and the article (the story's start) or the
/// continuation of that page's spec.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(super) enum PartAt {
    Start { page: usize, article: usize },
    Continued { page: usize, continuation: usize },
}

impl PartAt {
    pub(super) fn page(self) -> usize {
        match self {
            Self::Start { page, .. } | Self::Continued { page, .. } => page,
        }
    }
}

/// A story of the issue: its parts in page order, the first where it starts.
pub(super) struct Story {
    pub parts: Vec<PartAt>,
}

impl Story {
    /// The page and article where the story starts.
    pub(super) fn start(&self) -> (usize, usize) {
        match self.parts[0] {
            PartAt::Start { page, article } => (page, article),
            PartAt::Continued { .. } => unreachable!("a story starts with its article"),
        }
    }

    /// Whether a part of the story is on `page`.
    pub(super) fn touches(&self, page: usize) -> bool {
        self.parts.iter().any(|at| at.page() == page)
    }
}

/// The stories of an issue, and which story and part each place is.
pub(super) struct Stories {
    pub list: Vec<Story>,
    index: BTreeMap<PartAt, (usize, usize)>,
}

impl Stories {
    /// The story (its index in `list`) and part a place is.
    pub(super) fn at(&self, at: PartAt) -> (usize, usize) {
        self.index[&at]
    }

    /// The pages to lay out for `only` (all if `None`): the page, and every page its stories
    /// come from or go to (the jump lines of a page depend on where its stories go on).
    pub(super) fn needed(&self, pages: usize, only: Option<usize>) -> Vec<bool> {
        let Some(p) = only else {
            return vec![true; pages];
        };
        let mut needed = vec![false; pages];
        needed[p] = true;
        for s in self.list.iter().filter(|s| s.touches(p)) {
            for at in &s.parts {
                needed[at.page()] = true;
            }
        }
        needed
    }
}

/// Links the stories of the issue: each article starts one; each continuation joins the
/// story of its id that started last on an earlier page. A continuation with no such
/// story (none of its id, or one only on a later page: a jump backwards), one whose part
/// leaves no line for text between its jump lines, or any continuation of a page spec
/// rendered on its own, is an error at its line.
pub(super) fn link(
    edition: Option<&EditionSpec>,
    pages: &[PageRef<'_>],
    specs: &[PageSpec],
) -> Result<Stories> {
    let mut list: Vec<Story> = Vec::new();
    let mut open: BTreeMap<&str, usize> = BTreeMap::new();
    for (page, s) in specs.iter().enumerate() {
        let spec = &s.spec;
        for (article, a) in spec.articles.iter().enumerate() {
            open.insert(&a.id, list.len());
            list.push(Story {
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
                return Err(match later {
                    Some((_, at)) => error(format!(
                        "story `{}` starts on page {}, after this one; a story jumps only to later pages",
                        c.id,
                        at.entry.map_or("?", |e| e.label.as_str())
                    )),
                    None => {
                        use crate::diagnostic::{Code, Diagnostic, Label};
                        let ids: Vec<&str> = open.keys().copied().collect();
                        let help = match crate::suggest::nearest(&c.id, ids.iter().copied()) {
                            Some(n) => format!("did you mean `{n}`?"),
                            None => format!("the pages before it start {}", ids.join(", ")),
                        };
                        Error::Invalid(vec![
                            Diagnostic::new(
                                Code::UnknownArticle,
                                format!(
                                    "no earlier page of the edition starts story `{}`; its jump has nowhere to come from",
                                    c.id
                                ),
                                Label::line(&file, line, None),
                            )
                            .help(help),
                        ])
                    }
                });
            };
            list[story]
                .parts
                .push(PartAt::Continued { page, continuation });
        }
    }
    check_room(&list, pages, specs)?;
    let mut index = BTreeMap::new();
    for (s, story) in list.iter().enumerate() {
        for (k, at) in story.parts.iter().enumerate() {
            index.insert(*at, (s, k));
        }
    }
    Ok(Stories { list, index })
}

/// Every part of a jumping story keeps at least one line for text beside its jump lines
/// (one where the text leaves, one where it comes in); a part that would hold jump lines
/// alone is an error at the continuation that makes the jump.
fn check_room(list: &[Story], pages: &[PageRef<'_>], specs: &[PageSpec]) -> Result<()> {
    for story in list.iter().filter(|s| s.parts.len() > 1) {
        let n = story.parts.len();
        for (k, at) in story.parts.iter().enumerate() {
            let spec = &specs[at.page()].spec;
            let lines: u32 = match *at {
                PartAt::Start { article, .. } => &spec.articles[article].blocks,
                PartAt::Continued { continuation, .. } => &spec.continuations[continuation].blocks,
            }
            .iter()
            .map(|b| b.lines)
            .sum();
            let jump_lines = u32::from(k > 0) + u32::from(k + 1 < n);
            if lines > jump_lines {
                continue;
            }
            // Named at this part's continuation, or for the start at the first jump.
            let PartAt::Continued { page, continuation } = story.parts[k.max(1)] else {
                unreachable!("parts after the first are continuations")
            };
            let c = &specs[page].spec.continuations[continuation];
            let (file, line) = specs[page].spec.place(c.spec_line);
            let label = |p: usize| pages[p].entry.map_or("?", |e| e.label.as_str());
            return Err(Error::Spec {
                file,
                line: Some(line),
                field: format!("continuation {}", c.id),
                message: format!(
                    "story `{}` has {lines} lines on page {}, which its jump lines take; give its blocks there at least {} lines",
                    c.id,
                    label(at.page()),
                    jump_lines + 1
                ),
            });
        }
    }
    Ok(())
}
