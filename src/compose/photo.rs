//! A photo cropped to fill its box, with the caption and credit under it.

use super::{Composer, emit};
use crate::content::{Article, Photo};
use crate::display::{ImageId, Item};
use crate::error::Warning;
use crate::flow::{Slot, flow};
use crate::geom::{Pt, Rect};
use crate::spec::PhotoSpec;
use crate::style::Align;
use crate::text::{Line, Paragraph, commit, keep_gaps, measure, prepare};

/// Below this effective resolution a photo is reported as too coarse for print.
const MIN_PPI: f64 = 150.0;

/// Places the photo and sets its caption; returns the characters of caption and credit
/// that did not fit.
pub fn compose(
    cx: &mut Composer<'_, '_>,
    spec: &PhotoSpec,
    photo: &Photo,
    article: &Article,
) -> usize {
    let grid = cx.grid;
    let pitch = grid.spec().line_pitch;
    let area = grid.rect(&spec.area);
    // The caption takes the area's last lines; the picture ends one line gap above them.
    let caption_top =
        grid.line_top((spec.area.line + spec.area.lines).saturating_sub(spec.caption_lines));
    let picture = Rect::new(
        area.x,
        area.y,
        area.w,
        caption_top - area.y - (pitch - grid.spec().body_size),
    );

    // Crop to fill: keep the box's aspect ratio, centred on the photo.
    let (pw, ph) = (photo.width as f64, photo.height as f64);
    let box_aspect = picture.w / picture.h;
    let (cw, ch) = if pw / ph > box_aspect {
        (ph * box_aspect, ph)
    } else {
        (pw, pw / box_aspect)
    };
    let (cx0, cy0) = ((pw - cw) / 2.0, (ph - ch) / 2.0);
    let cropped = photo.crop(
        cx0.round() as u32,
        cy0.round() as u32,
        cw.round() as u32,
        ch.round() as u32,
    );
    let ppi = cropped.width as f64 / (picture.w.get() / 72.0);
    if ppi < MIN_PPI {
        cx.warnings.warn(Warning::LowResolution {
            path: photo.path.clone(),
            ppi,
        });
    }
    let id = ImageId(cx.images.len());
    cx.images.push(cropped);
    cx.items.push(Item::Image {
        image: id,
        rect: picture,
    });

    caption(cx, spec, area, caption_top, article)
}

/// Sets the caption in the reserved lines, with the credit flush right on its last line;
/// returns the characters that did not fit.
fn caption(
    cx: &mut Composer<'_, '_>,
    spec: &PhotoSpec,
    area: Rect,
    top: Pt,
    article: &Article,
) -> usize {
    let mut overset = 0;
    let style = cx.par_style(spec.caption);
    let text = article.caption.as_deref().unwrap_or("");
    let para = cx.shape(&Paragraph::plain(prepare(text, &style), style), &article.id);
    let pitch = cx.grid.spec().line_pitch;
    let slot = Slot {
        x: area.x,
        top,
        measure: area.w,
        lines: spec.caption_lines,
        pitch,
    };
    let flowed = flow(std::slice::from_ref(&para), &[slot]);
    let ascent = cx.book.face(style.text.font).ascent;
    for set in &flowed.lines {
        emit::line(
            &mut cx.items,
            &para,
            &set.line,
            set.x,
            set.top + style.text.size * ascent,
        );
    }
    if let Some(o) = flowed.overset {
        overset += o.chars;
        cx.warnings.warn(Warning::Overset {
            article: format!("{} caption", article.id),
            chars: o.chars,
            lines: o.lines,
        });
    }

    let Some(credit) = &article.credit else {
        return overset;
    };
    let mut credit_style = cx.par_style(spec.credit);
    credit_style.setting.align = Align::Right;
    let credit_para = cx.shape(
        &Paragraph::plain(prepare(&keep_gaps(credit), &credit_style), credit_style),
        &article.id,
    );
    let width = measure(&credit_para, 0, credit_para.glyphs.len()).natural;
    // On the caption's last line if it leaves a one-character gap, else on the next line.
    let last = flowed.lines.last();
    let row = match last {
        Some(l) if l.line.width + credit_style.text.size + width <= area.w => l.row,
        Some(l) => l.row + 1,
        None => 0,
    };
    if row >= spec.caption_lines || width > area.w + Pt(0.001) {
        cx.warnings.warn(Warning::Overset {
            article: format!("{} credit", article.id),
            chars: crate::ledger::count(credit),
            lines: 1,
        });
        return overset + crate::ledger::count(credit);
    }
    let line = Line::whole(&credit_para);
    let placed = commit(&credit_para, &line, area.w);
    let ascent = cx.book.face(credit_style.text.font).ascent;
    let baseline = top + pitch * row as f64 + credit_style.text.size * ascent;
    emit::line(&mut cx.items, &credit_para, &placed, area.x, baseline);
    overset
}
