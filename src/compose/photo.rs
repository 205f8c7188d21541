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

    // Crop to fill: the upright photo is scaled to cover the box, around its focal point,
    // and clipped to it. The file's pixels are never cut here: the PDF writer embeds them (as they are
    // where the plate allows) and the clip does the cropping.
    let (pw, ph) = photo.upright_size();
    let (pw, ph) = (pw as f64, ph as f64);
    let scale = (picture.w.get() / pw).max(picture.h.get() / ph);
    let (w, h) = (Pt(pw * scale), Pt(ph * scale));
    // The focal point (the centre unless the spec gives one) as near the box's centre as
    // the photo's edges allow: a crop never shows past the photo.
    let (fx, fy) = spec.focus;
    let offset = |box_len: Pt, len: Pt, f: f64| -> Pt {
        (box_len / 2.0 - len * f).min(Pt::ZERO).max(box_len - len)
    };
    let placed = Rect::new(
        picture.x + offset(picture.w, w, fx),
        picture.y + offset(picture.h, h, fy),
        w,
        h,
    );
    // Pixels per inch at the placed size: 72 pt to the inch.
    let ppi = 72.0 / scale;
    if ppi < cx.spec.output.min_ppi {
        cx.warnings.warn(Warning::LowResolution {
            path: photo.path.clone(),
            ppi,
        });
    }
    let id = ImageId(cx.images.len());
    cx.images.push(photo.clone());
    cx.items.push(Item::Image {
        image: id,
        clip: picture,
        placed,
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
