//! One article: its head deck, photo and caption, and its body threaded through its blocks.

use std::collections::BTreeMap;
use std::path::PathBuf;

use super::head::{Group, stack};
use super::{ArticleReport, Composer, emit, photo};
use crate::content::{Article, Photo};
use crate::error::Warning;
use crate::flow::{Slot, flow};
use crate::spec::{ArticleSpec, VAlign};
use crate::text::{Paragraph, ShapedPara, normalize, shape};

/// Composes an article and reports how its body fitted.
pub fn compose(
    cx: &mut Composer<'_, '_>,
    spec: &ArticleSpec,
    article: &Article,
    photos: &BTreeMap<PathBuf, Photo>,
) -> ArticleReport {
    if let Some(area) = spec.head {
        let groups: Vec<Group> = [
            (spec.head_styles.kicker.as_str(), &article.kicker),
            (spec.head_styles.headline.as_str(), &article.headline),
            (spec.head_styles.subhead.as_str(), &article.subhead),
        ]
            .into_iter()
            .filter(|(_, lines)| !lines.is_empty())
            .map(|(style, lines)| Group {
                lines: lines.clone(),
                style: cx.par_style(style),
                leading: cx.spec.styles[style].leading,
            })
            .collect();
        let rect = cx.grid.rect(&area);
        stack(cx, &groups, rect, VAlign::Middle, &article.id);
    }

    if let (Some(photo_spec), Some(path)) = (spec.photo, &article.photo) {
        if let Some(image) = photos.get(path) {
            photo::compose(cx, &photo_spec, image, article);
        }
    }

    body(cx, spec, article)
}

/// Shapes the body and flows it through the article's blocks.
fn body(cx: &mut Composer<'_, '_>, spec: &ArticleSpec, article: &Article) -> ArticleReport {
    let body_style = cx.par_style("body");
    let lead_style = cx.par_style("lead").text;
    let story: Vec<ShapedPara> = article
        .paragraphs
        .iter()
        .enumerate()
        .map(|(i, text)| {
            let text = normalize(text);
            let para = match (&article.lead, i) {
                // The lead-in's inner space is a full-width gap: 本报讯　记者X报道.
                (Some(lead), 0) => Paragraph::with_lead_in(&lead.replace(' ', "\u{3000}"), lead_style, &text, body_style),
                _ => Paragraph::plain(text, body_style),
            };
            shape(cx.book, &cx.faces, &para, cx.warnings)
        })
        .collect();

    let pitch = cx.grid.spec().line_pitch;
    let thread: Vec<Slot> = spec
        .blocks
        .iter()
        .map(|area| {
            let rect = cx.grid.rect(area);
            Slot { x: rect.x, top: rect.y, measure: rect.w, lines: area.lines, pitch }
        })
        .collect();
    let flowed = flow(&story, &thread);

    let ascent = cx.book.face(body_style.text.font).ascent;
    for set in &flowed.lines {
        let baseline = set.top + body_style.text.size * ascent;
        emit::line(&mut cx.items, &story[set.para], &set.line, set.x, baseline);
    }
    if let Some(o) = flowed.overset {
        cx.warnings.warn(Warning::Overset { article: article.id.clone(), chars: o.chars, lines: o.lines });
    }
    ArticleReport {
        id: article.id.clone(),
        blocks: flowed.used.iter().zip(&spec.blocks).map(|(u, b)| (*u, b.lines)).collect(),
        overset: flowed.overset,
    }
}
