//! One article: its head deck, photo and caption, and its body threaded through its blocks.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::head::{Group, stack};
use super::{ArticleReport, Composer, LineReport, emit, photo};
use crate::content::{Article, Photo};
use crate::error::{Warning, Warnings};
use crate::flow::{Flowed, Slot, flow};
use crate::font::FontBook;
use crate::grid::PageGrid;
use crate::ledger::{Ledger, count, tally_changes};
use crate::spec::{ArticleSpec, VAlign};
use crate::style::{ParStyle, TextStyle};
use crate::text::{Paragraph, ShapedPara, keep_gaps, prepare, shape};

/// Composes an article and reports how its body fitted.
pub fn compose(
    cx: &mut Composer<'_, '_>,
    spec: &ArticleSpec,
    article: &Article,
    photos: &BTreeMap<PathBuf, Photo>,
    body: Body,
) -> ArticleReport {
    let mut ledger = Ledger {
        input: article_chars(article) + article.cleaned.len(),
        ..Ledger::default()
    };
    if let (Some(area), Some(styles)) = (spec.head, spec.head_styles) {
        let groups: Vec<Group> = [
            (styles.kicker, &article.kicker),
            (styles.headline, &article.headline),
            (styles.subhead, &article.subhead),
        ]
        .into_iter()
        .filter(|(_, lines)| !lines.is_empty())
        .map(|(style, lines)| Group {
            lines: lines.clone(),
            style: cx.par_style(style),
            leading: cx.spec.style(style).leading,
        })
        .collect();
        let rect = cx.grid.rect(&area);
        let overset = stack(cx, &groups, rect, VAlign::Middle, &article.id);
        if overset.chars > 0 {
            ledger.overset += overset.chars;
            cx.warnings.warn(Warning::Overset {
                article: format!("{} head", article.id),
                chars: overset.chars,
                lines: overset.lines,
            });
        }
    }
    for c in &article.cleaned {
        *ledger
            .removed
            .entry(format!(
                "U+{:04X} {}",
                c.ch as u32,
                crate::content::control_name(c.ch)
            ))
            .or_default() += 1;
    }
    let mut placed_photo = false;
    if let (Some(photo_spec), Some(path)) = (spec.photo, &article.photo)
        && let Some(image) = photos.get(path)
    {
        ledger.overset += photo::compose(cx, &photo_spec, image, article);
        placed_photo = true;
    }
    if spec.photo.is_some() && article.photo.is_none() {
        cx.warnings.warn(Warning::Unplaced {
            article: article.id.clone(),
            what: "its photo area stays empty: the article names no `photo:`".into(),
        });
    }
    if spec.head.is_none() {
        ledger.unplaced += head_chars(article);
    }
    if !placed_photo {
        ledger.unplaced += article.caption.as_deref().map_or(0, count)
            + article.credit.as_deref().map_or(0, count);
    }
    tally_article_changes(cx, spec, article, &mut ledger);

    // Nothing an editor wrote disappears without a word.
    let has_head =
        !(article.kicker.is_empty() && article.headline.is_empty() && article.subhead.is_empty());
    let has_photo =
        article.photo.is_some() || article.caption.is_some() || article.credit.is_some();
    let captioned_without_photo =
        article.photo.is_none() && (article.caption.is_some() || article.credit.is_some());
    for (missing, what) in [
        (
            has_head && spec.head.is_none(),
            "its headline: the spec gives it no head area",
        ),
        (
            has_photo && spec.photo.is_none(),
            "its photo and caption: the spec gives them no photo area",
        ),
        (
            captioned_without_photo && spec.photo.is_some(),
            "its caption: the article names no `photo:` to go with it",
        ),
    ] {
        if missing {
            cx.warnings.warn(Warning::Unplaced {
                article: article.id.clone(),
                what: what.into(),
            });
        }
    }

    let mut report = place(cx, article, body);
    if let Some(o) = report.overset {
        ledger.overset += o.chars;
    }
    report.ledger = ledger;
    report
}

/// Counted characters of an article's text: heads, lead, caption, credit, body.
fn article_chars(article: &Article) -> usize {
    head_chars(article)
        + [&article.lead, &article.caption, &article.credit]
            .into_iter()
            .map(|t| t.as_deref().map_or(0, count))
            .sum::<usize>()
        + article.paragraphs.iter().map(|p| count(p)).sum::<usize>()
}

/// Counted characters of an article's head deck.
fn head_chars(article: &Article) -> usize {
    [&article.kicker, &article.headline, &article.subhead]
        .into_iter()
        .flatten()
        .map(|l| count(l))
        .sum()
}

/// Tallies what normalization replaces in the article's heads, caption, credit and body,
/// as each part's style sets it.
fn tally_article_changes(
    cx: &Composer<'_, '_>,
    spec: &ArticleSpec,
    article: &Article,
    ledger: &mut Ledger,
) {
    let mut tally = |text: &str, style: &ParStyle, gaps: bool| {
        let kept = if gaps {
            keep_gaps(text)
        } else {
            text.to_string()
        };
        tally_changes(text, &prepare(&kept, style), &mut ledger.changed);
    };
    // Unplaced parts are not set, so nothing of them is changed.
    if let Some(styles) = spec.head_styles {
        for (r, lines) in [
            (styles.kicker, &article.kicker),
            (styles.headline, &article.headline),
            (styles.subhead, &article.subhead),
        ] {
            let style = cx.par_style(r);
            lines.iter().for_each(|l| tally(l, &style, true));
        }
    }
    if let Some(photo) = &spec.photo
        && article.photo.is_some()
    {
        if let Some(caption) = &article.caption {
            tally(caption, &cx.par_style(photo.caption), false);
        }
        if let Some(credit) = &article.credit {
            tally(credit, &cx.par_style(photo.credit), true);
        }
    }
    // The lead-in is set as written (only its space widens).
    let body = cx.par_style(cx.spec.roles.body);
    article
        .paragraphs
        .iter()
        .for_each(|p| tally(p, &body, false));
}

/// An article's body, shaped and flowed through its thread, not yet on the page.
pub struct Body {
    story: Vec<ShapedPara>,
    thread: Vec<Slot>,
    flowed: Flowed,
    style: ParStyle,
    warnings: Warnings,
}

/// Shapes the body and flows it through the article's blocks. Independent of every other
/// article, so the articles of a page are typeset in parallel.
pub fn typeset(
    book: &FontBook,
    faces: &[rustybuzz::Face<'_>],
    grid: &PageGrid,
    spec: &ArticleSpec,
    article: &Article,
    body_style: ParStyle,
    lead_style: TextStyle,
) -> Body {
    let mut warnings = Warnings::default();
    let story: Vec<ShapedPara> = article
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let text = prepare(text, &body_style);
            let para = match (&article.lead, i) {
                // The lead-in's inner space is a full-width gap: 本报讯　记者X报道.
                (Some(lead), 0) => Paragraph::with_lead_in(
                    &lead.replace(' ', "\u{3000}"),
                    lead_style,
                    &text,
                    body_style,
                ),
                _ => Paragraph::plain(text, body_style),
            };
            shape(book, faces, &para, &mut warnings)
        })
        .collect();

    let pitch = grid.spec().line_pitch;
    let thread: Vec<Slot> = spec
        .blocks
        .iter()
        .map(|area| {
            let rect = grid.rect(area);
            Slot {
                x: rect.x,
                top: rect.y,
                measure: rect.w,
                lines: area.lines,
                pitch,
            }
        })
        .collect();
    let mut flowed = flow(&story, &thread);
    if spec.balance && flowed.overset.is_none() {
        flowed = balance(&story, &thread, &flowed).unwrap_or(flowed);
    }
    Body {
        story,
        thread,
        flowed,
        style: body_style,
        warnings,
    }
}

/// Balances a story over its blocks (clreq §3.9, multi-column pages): the total of lines
/// rounded up to a multiple of the blocks, the quotient per block, so the blocks end level
/// and only the last is short. `None` if the text fills the blocks anyway.
fn balance(story: &[ShapedPara], thread: &[Slot], filled: &Flowed) -> Option<Flowed> {
    let capped = |cap: u32| -> Vec<Slot> {
        thread
            .iter()
            .map(|s| Slot {
                lines: s.lines.min(cap),
                ..*s
            })
            .collect()
    };
    let most = thread.iter().map(|s| s.lines).max()?;
    let total: u32 = filled.used.iter().sum();
    // Lines are broken per measure, not per block, so the quotient almost always fits; a
    // widow rule or a narrower block can ask for a line more. The smallest cap that fits
    // is found by bisection (a cap of `most` is the filled thread, which fits), so a long
    // story costs a few flows, not one per line.
    let (mut lo, mut hi) = (total.div_ceil(thread.len() as u32).max(1), most);
    let mut best = None;
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        let flowed = flow(story, &capped(mid));
        if flowed.overset.is_none() {
            best = Some(flowed);
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    best
}

/// Puts a typeset body on the page and reports how it used its thread.
fn place(cx: &mut Composer<'_, '_>, article: &Article, body: Body) -> ArticleReport {
    let Body {
        story,
        thread,
        flowed,
        style: body_style,
        warnings,
    } = body;
    cx.warnings.adopt(warnings, &article.id);

    let ascent = cx.book.face(body_style.text.font).ascent;
    let mut lines = Vec::with_capacity(flowed.lines.len());
    for (i, set) in flowed.lines.iter().enumerate() {
        let para = &story[set.para];
        let baseline = set.top + body_style.text.size * ascent;
        emit::line(&mut cx.items, para, &set.line, set.x, baseline);
        let glyphs: Vec<(char, crate::geom::Pt, crate::geom::Pt)> = set
            .line
            .glyphs
            .iter()
            .map(|p| (para.glyphs[p.index].ch, p.x, p.width))
            .collect();
        let text = para.line_text(&set.line);
        if set.line.forced {
            cx.warnings.warn(Warning::EmergencyBreak {
                article: article.id.clone(),
                text: text.clone(),
            });
        }
        let first = i == 0 || flowed.lines[i - 1].para != set.para;
        let last = flowed
            .lines
            .get(i + 1)
            .is_none_or(|next| next.para != set.para);
        lines.push(LineReport {
            block: set.slot,
            para: set.para,
            row: set.row,
            text,
            x: set.x,
            measure: thread[set.slot].measure,
            baseline,
            first,
            last,
            justified: set.line.justified,
            glyphs,
            size: body_style.text.size,
        });
    }
    if let Some(o) = flowed.overset {
        cx.warnings.warn(Warning::Overset {
            article: article.id.clone(),
            chars: o.chars,
            lines: o.lines,
        });
    }
    ArticleReport {
        id: article.id.clone(),
        blocks: flowed
            .used
            .iter()
            .zip(&thread)
            .map(|(u, slot)| (*u, slot.lines))
            .collect(),
        overset: flowed.overset,
        lines,
        ledger: Ledger::default(),
    }
}
