//! One article: its head deck, photo and caption, and its body threaded through its blocks.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::head::{Group, stack};
use super::{ArticleReport, Composer, LineReport, Placement, emit, jump, photo};
use crate::content::{Article, Photo};
use crate::error::Warning;
use crate::ledger::{Ledger, count, tally_changes};
use crate::spec::{ArticleSpec, ContinuationSpec, VAlign};
use crate::style::ParStyle;
use crate::text::{keep_gaps, prepare};

/// Composes an article and reports how its body fitted.
pub fn compose(
    cx: &mut Composer<'_, '_>,
    spec: &ArticleSpec,
    article: &Article,
    photos: &BTreeMap<PathBuf, Photo>,
    placement: &Placement<'_>,
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
        let overset = match spec.vertical_head {
            Some(latin) => super::vertical::stack(cx, &groups, rect, latin, &article.id),
            None => stack(cx, &groups, rect, VAlign::Middle, &article.id),
        };
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

    let mut report = place(cx, article, placement);
    ledger.overset += report.overset.map_or(0, |o| o.chars);
    ledger.jumped = placement.body.carried_past(placement.part);
    report.ledger = merge_added(ledger, &report.ledger);
    report
}

/// Composes a story's part on a later page (转版): its repeated head, the jump line in and
/// its lines. Its ledger starts from what jumped in.
pub fn compose_continuation(
    cx: &mut Composer<'_, '_>,
    spec: &ContinuationSpec,
    article: &Article,
    placement: &Placement<'_>,
) -> ArticleReport {
    let body = placement.body;
    let mut ledger = Ledger::default();
    if placement.part < body.parts_reached() {
        // The repeated head: the article's own, else its headline's lines joined.
        let head = article
            .jump_head
            .clone()
            .unwrap_or_else(|| article.headline.concat());
        if !head.is_empty() {
            let group = Group {
                lines: vec![head.clone()],
                style: cx.par_style(cx.spec.roles.jump_head),
                leading: cx.spec.style(cx.spec.roles.jump_head).leading,
            };
            let rect = cx.grid.rect(&spec.head);
            let overset = stack(cx, &[group], rect, VAlign::Middle, &article.id);
            if overset.chars > 0 {
                cx.warnings.warn(Warning::Overset {
                    article: format!("{} repeated head", article.id),
                    chars: overset.chars,
                    lines: overset.lines,
                });
            }
            let set = count(&head) - overset.chars;
            if set > 0 {
                *ledger.added.entry("repeated head".into()).or_default() += set;
            }
        }
    }
    let report = place(cx, article, placement);
    if placement.part < body.parts_reached() {
        ledger.input = body.chars_from(placement.part) + body.overset_chars();
    }
    ledger.overset = report.overset.map_or(0, |o| o.chars);
    ledger.jumped = body.carried_past(placement.part);
    let ledger = merge_added(ledger, &report.ledger);
    ArticleReport { ledger, ..report }
}

/// The ledger with the characters `place` added (jump lines) listed too.
fn merge_added(mut ledger: Ledger, placed: &Ledger) -> Ledger {
    for (k, v) in &placed.added {
        *ledger.added.entry(k.clone()).or_default() += v;
    }
    ledger
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

/// Puts a story's part on the page (its lines and jump lines) and reports how it used its
/// blocks; the story's overset is reported with its last part the text reached.
fn place(cx: &mut Composer<'_, '_>, article: &Article, placement: &Placement<'_>) -> ArticleReport {
    let id = article.id.as_str();
    let body = placement.body;
    let part = &body.parts()[placement.part];
    let last = placement.part + 1 == body.parts_reached();
    let body_style = body.style;
    let ascent = cx.book.face(body_style.text.font).ascent;
    let mut added = BTreeMap::new();
    for (slot, label, out) in [
        (part.jump_in, placement.jump_from, false),
        (part.jump_out, placement.jump_to, true),
    ] {
        if let (Some(slot), Some(label)) = (slot, label) {
            let set = jump::line(cx, &slot, label, out, id);
            *added.entry("jump line".to_string()).or_default() += set;
        }
    }
    // Each line traced to the article's text: its index among the page's texts, and the
    // counted characters of the story before each paragraph.
    let text = cx.texts.len() as u32;
    cx.texts.push(crate::display::TextOrigin {
        name: article.id.clone(),
        file: article.file.clone(),
        source: std::sync::Arc::from(article.source.as_str()),
    });
    let mut before = Vec::with_capacity(body.story.len());
    let mut sum = 0u32;
    for para in &body.story {
        before.push(sum);
        sum += count(&para.text) as u32;
    }
    let flowed = &body.flowed;
    let mut lines = Vec::new();
    for (i, set) in flowed.lines.iter().enumerate() {
        if !part.slots.contains(&set.slot) {
            continue;
        }
        let para = &body.story[set.para];
        let baseline = set.top + body_style.text.size * ascent;
        let at = (set.x, baseline);
        let block = part.block[set.slot - part.slots.start];
        let source = (text, before[set.para], block as u16);
        emit::traced(&mut cx.items, para, &set.line, at, source);
        let glyphs: Vec<(char, crate::geom::Pt, crate::geom::Pt)> = set
            .line
            .glyphs
            .iter()
            .map(|p| (para.glyphs[p.index].ch, p.x, p.width))
            .collect();
        let text = para.line_text(&set.line);
        if set.line.forced {
            cx.warnings.warn(Warning::EmergencyBreak {
                article: id.to_string(),
                text: text.clone(),
            });
        }
        let first = i == 0 || flowed.lines[i - 1].para != set.para;
        let last_of_para = flowed
            .lines
            .get(i + 1)
            .is_none_or(|next| next.para != set.para);
        lines.push(LineReport {
            block: part.block[set.slot - part.slots.start],
            para: set.para,
            row: set.row,
            text,
            x: set.x,
            measure: body.thread[set.slot].measure,
            baseline,
            first,
            last: last_of_para,
            justified: set.line.justified,
            glyphs,
            size: body_style.text.size,
        });
    }
    let overset = flowed.overset.filter(|_| last);
    if let Some(o) = overset {
        cx.warnings.warn(Warning::Overset {
            article: id.to_string(),
            chars: o.chars,
            lines: o.lines,
        });
    }
    // Per block of the spec, summed over its slots (a block cut by a wrap object is
    // several slots): lines set and lines it offers text.
    let mut blocks = vec![(0u32, 0u32); part.blocks];
    for (k, &b) in part.block.iter().enumerate() {
        let (used, lines) = if part.slots.is_empty() {
            (0, part.capacity[k])
        } else {
            let s = part.slots.start + k;
            (flowed.used[s], body.thread[s].lines)
        };
        blocks[b].0 += used;
        blocks[b].1 += lines;
    }
    // Empty lines where the text ends (a part the story leaves for a later page has none
    // but a line given up to widow control), and the characters they would hold.
    let mut empty = (0u32, 0u32);
    if last && !part.slots.is_empty() {
        for s in part.slots.clone() {
            let slot = &body.thread[s];
            let free = slot.lines.saturating_sub(flowed.used[s]);
            empty.0 += free;
            empty.1 += free * (slot.measure / body_style.text.size).floor() as u32;
        }
    }
    ArticleReport {
        id: id.to_string(),
        empty,
        adjusted: Vec::new(),
        page: None,
        jumps_to: placement.jump_to.map(str::to_string),
        jumps_from: placement.jump_from.map(str::to_string),
        blocks,
        overset,
        lines,
        ledger: Ledger {
            added,
            ..Ledger::default()
        },
    }
}
