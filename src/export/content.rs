//! The content stream of one page: glyphs, photos and rules in painting order, black
//! text and thin black rules set to overprint.

use std::collections::BTreeMap;

use printpdf::xobject::DictItem;
use printpdf::{
    Codepoint, Color, CurTransMat, ExtendedGraphicsStateId, Line as PdfLine, LinePoint, Op,
    PdfFontHandle, Polygon, PolygonRing, TextItem, TextMatrix,
};

use super::subset::Subset;
use crate::display::{Item, Page};
use crate::font::FontId;
use crate::geom::{Cmyk, Ink, Point, Pt, Rect};

/// The graphics state that overprints fills and strokes (`/OP`, `/op`, `/OPM 1`).
pub(super) const OVERPRINT: &str = "GSop";
/// The graphics state that knocks out again.
pub(super) const KNOCKOUT: &str = "GSko";
/// Rules at most this heavy count as thin: 100 % K ones overprint.
pub(super) const THIN_RULE: Pt = Pt(2.0);

/// Whether a colour is the single-ink black that overprints.
pub(super) fn overprints(color: Ink) -> bool {
    color.is_solid_black()
}

/// The resource name of spot ink `id`'s Separation colour space.
pub(super) fn spot_space(id: u16) -> String {
    format!("CSspot{id}")
}

/// The operations of one page. Coordinates are the trim's, moved by `origin` (the
/// margin of bleed and marks) into the MediaBox.
pub(super) fn page_ops(
    page: &Page,
    subsets: &BTreeMap<FontId, (printpdf::FontId, Subset)>,
    orientations: &[u8],
    bboxes: &[([f64; 4], u16)],
    origin: Pt,
) -> Vec<Op> {
    let h = page.height;
    let flip = |p: Point| printpdf::Point {
        x: printpdf::Pt(p.x.0 as f32),
        y: printpdf::Pt((h - p.y).0 as f32),
    };
    let mut ops = Vec::new();
    if origin.0 != 0.0 {
        ops.push(Op::SetTransformationMatrix {
            matrix: CurTransMat::Translate(
                printpdf::Pt(origin.0 as f32),
                printpdf::Pt(origin.0 as f32),
            ),
        });
    }
    let mut state = State::default();
    for item in &page.items {
        match item {
            Item::Text(run) => {
                state.overprint(&mut ops, overprints(run.fill));
                let (id, subset) = &subsets[&run.font];
                ops.push(Op::StartTextSection);
                ops.push(Op::SetFont {
                    font: PdfFontHandle::External(id.clone()),
                    size: printpdf::Pt(run.size.0 as f32),
                });
                fill_color(&mut ops, run.fill);
                for g in &run.glyphs {
                    let p = flip(g.origin);
                    let text = &run.text[g.text.start as usize..g.text.end as usize];
                    // A run scaled across (a 长/扁 form) scales its glyphs in the matrix.
                    let matrix = if run.scale == 1.0 {
                        TextMatrix::Translate(p.x, p.y)
                    } else {
                        TextMatrix::Raw([run.scale as f32, 0.0, 0.0, 1.0, p.x.0, p.y.0])
                    };
                    ops.push(Op::SetTextMatrix { matrix });
                    ops.push(Op::ShowText {
                        items: vec![TextItem::GlyphIds(vec![Codepoint {
                            gid: subset.remap[&g.gid],
                            offset: 0.0,
                            cid: (!text.is_empty()).then(|| text.to_string()),
                        }])],
                    });
                }
                ops.push(Op::EndTextSection);
            }
            Item::Image {
                image,
                clip,
                placed,
            } => {
                state.overprint(&mut ops, false);
                let orientation = orientations.get(image.0).copied().unwrap_or(1);
                image_ops(&mut ops, *image, clip, placed, h, orientation);
            }
            Item::Artwork {
                artwork,
                clip,
                placed,
            } => {
                state.overprint(&mut ops, false);
                let (bbox, rotate) = bboxes
                    .get(artwork.0)
                    .copied()
                    .unwrap_or(([0.0, 0.0, 1.0, 1.0], 0));
                let m = artwork_matrix(bbox, rotate, placed, h);
                place_ops(&mut ops, &format!("Fm{}", artwork.0), clip, m, h);
            }
            Item::Line {
                from,
                to,
                weight,
                color,
            } => {
                state.overprint(&mut ops, overprints(*color) && *weight <= THIN_RULE);
                stroke_style(&mut ops, *color, *weight);
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: vec![point(flip(*from)), point(flip(*to))],
                        is_closed: false,
                    },
                });
            }
            Item::Frame {
                rect,
                weight,
                color,
            } => {
                state.overprint(&mut ops, overprints(*color) && *weight <= THIN_RULE);
                stroke_style(&mut ops, *color, *weight);
                ops.push(Op::DrawLine {
                    line: PdfLine {
                        points: corners(rect, flip),
                        is_closed: true,
                    },
                });
            }
            Item::Fill { rect, color } => {
                state.overprint(&mut ops, false);
                fill_color(&mut ops, *color);
                ops.push(Op::DrawPolygon {
                    polygon: Polygon {
                        rings: vec![PolygonRing {
                            points: corners(rect, flip),
                        }],
                        mode: printpdf::PaintMode::Fill,
                        winding_order: printpdf::WindingOrder::NonZero,
                    },
                });
            }
        }
    }
    state.overprint(&mut ops, false);
    ops
}

/// Which overprint state the content stream is in; a `gs` only where it changes.
#[derive(Default)]
struct State {
    overprint: bool,
}

impl State {
    fn overprint(&mut self, ops: &mut Vec<Op>, on: bool) {
        if on != self.overprint {
            ops.push(Op::LoadGraphicsState {
                gs: ExtendedGraphicsStateId(if on { OVERPRINT } else { KNOCKOUT }.into()),
            });
            self.overprint = on;
        }
    }
}

/// `q clip cm /ImN Do Q`: the image's unit square mapped onto `placed` (upright, after
/// the EXIF orientation), clipped to `clip`.
fn image_ops(
    ops: &mut Vec<Op>,
    image: crate::display::ImageId,
    clip: &Rect,
    placed: &Rect,
    page_h: Pt,
    orientation: u8,
) {
    let m = orientation_matrix(orientation, placed, page_h);
    place_ops(ops, &format!("Im{}", image.0), clip, m, page_h);
}

/// `q x y w h re W n m cm /name Do Q`.
fn place_ops(ops: &mut Vec<Op>, name: &str, clip: &Rect, m: [f64; 6], page_h: Pt) {
    let raw = |key: &str, value: Vec<DictItem>| Op::Unknown {
        key: key.into(),
        value,
    };
    let real = |v: f64| DictItem::Real(v as f32);
    ops.push(Op::SaveGraphicsState);
    ops.push(raw(
        "re",
        vec![
            real(clip.x.0),
            real((page_h - clip.bottom()).0),
            real(clip.w.0),
            real(clip.h.0),
        ],
    ));
    ops.push(raw("W", vec![]));
    ops.push(raw("n", vec![]));
    ops.push(raw("cm", m.iter().map(|v| real(*v)).collect()));
    ops.push(raw("Do", vec![DictItem::Name(name.as_bytes().to_vec())]));
    ops.push(Op::RestoreGraphicsState);
}

/// The matrix that maps a supplied page's box (`bbox`, turned clockwise by `rotate` as
/// the page is shown) onto `placed`.
pub(super) fn artwork_matrix(bbox: [f64; 4], rotate: u16, placed: &Rect, page_h: Pt) -> [f64; 6] {
    let (w, h) = (bbox[2] - bbox[0], bbox[3] - bbox[1]);
    let shown_w = if rotate % 180 == 90 { h } else { w };
    let s = placed.w.get() / shown_w;
    let (px, py) = (placed.x.0, (page_h - placed.bottom()).0);
    // A point of the box, relative to its corner, as shown (y up).
    let shown = |x: f64, y: f64| {
        let (u, v) = (x - bbox[0], y - bbox[1]);
        let (sx, sy) = match rotate {
            90 => (v, w - u),
            180 => (w - u, h - v),
            270 => (h - v, u),
            _ => (u, v),
        };
        (px + s * sx, py + s * sy)
    };
    let (e, f) = shown(0.0, 0.0);
    let (x1, y1) = shown(1.0, 0.0);
    let (x2, y2) = shown(0.0, 1.0);
    [x1 - e, y1 - f, x2 - e, y2 - f, e, f]
}

/// The matrix that maps an image's unit square (its stored pixels, row 0 at the top) to
/// `placed` on the page, turned by the EXIF `orientation` so the photo shows upright.
pub(super) fn orientation_matrix(orientation: u8, placed: &Rect, page_h: Pt) -> [f64; 6] {
    let (px, py, w, h) = (
        placed.x.0,
        (page_h - placed.bottom()).0,
        placed.w.0,
        placed.h.0,
    );
    // Stored (u, t), t from the top, to upright (U, T).
    let upright = |u: f64, t: f64| -> (f64, f64) {
        match orientation {
            2 => (1.0 - u, t),
            3 => (1.0 - u, 1.0 - t),
            4 => (u, 1.0 - t),
            5 => (t, u),
            6 => (1.0 - t, u),
            7 => (1.0 - t, 1.0 - u),
            8 => (t, 1.0 - u),
            _ => (u, t),
        }
    };
    // Image space (x, y), y up: u = x, t = 1 − y.
    let page = |x: f64, y: f64| {
        let (uu, tt) = upright(x, 1.0 - y);
        (px + uu * w, py + (1.0 - tt) * h)
    };
    let (e, f) = page(0.0, 0.0);
    let (x1, y1) = page(1.0, 0.0);
    let (x2, y2) = page(0.0, 1.0);
    [x1 - e, y1 - f, x2 - e, y2 - f, e, f]
}

/// Sets the fill colour: `k`, `g` (black alone, as lightness) or a Separation's tint.
fn fill_color(ops: &mut Vec<Op>, ink: Ink) {
    match ink {
        Ink::Process(c) => ops.push(Op::SetFillColor { col: cmyk(c) }),
        Ink::Gray(k) => ops.push(raw_op("g", &[1.0 - k])),
        Ink::Spot { id, tint, .. } => {
            ops.push(Op::SetColorSpaceFill { id: spot_space(id) });
            ops.push(raw_op("scn", &[tint]));
        }
    }
}

/// Sets the stroke colour, as [`fill_color`] does the fill.
fn stroke_color(ops: &mut Vec<Op>, ink: Ink) {
    match ink {
        Ink::Process(c) => ops.push(Op::SetOutlineColor { col: cmyk(c) }),
        Ink::Gray(k) => ops.push(raw_op("G", &[1.0 - k])),
        Ink::Spot { id, tint, .. } => {
            ops.push(Op::SetColorSpaceStroke { id: spot_space(id) });
            ops.push(raw_op("SCN", &[tint]));
        }
    }
}

fn raw_op(key: &str, values: &[f64]) -> Op {
    Op::Unknown {
        key: key.into(),
        value: values.iter().map(|v| DictItem::Real(*v as f32)).collect(),
    }
}

fn stroke_style(ops: &mut Vec<Op>, color: Ink, weight: Pt) {
    stroke_color(ops, color);
    ops.push(Op::SetOutlineThickness {
        pt: printpdf::Pt(weight.0 as f32),
    });
}

fn point(p: printpdf::Point) -> LinePoint {
    LinePoint { p, bezier: false }
}

fn corners(rect: &Rect, flip: impl Fn(Point) -> printpdf::Point) -> Vec<LinePoint> {
    [
        Point::new(rect.x, rect.y),
        Point::new(rect.right(), rect.y),
        Point::new(rect.right(), rect.bottom()),
        Point::new(rect.x, rect.bottom()),
    ]
    .into_iter()
    .map(|p| point(flip(p)))
    .collect()
}

pub(super) fn cmyk(c: Cmyk) -> Color {
    Color::Cmyk(printpdf::Cmyk {
        c: c.c as f32,
        m: c.m as f32,
        y: c.y as f32,
        k: c.k as f32,
        icc_profile: None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_rotated_90_is_shown_turned_clockwise() {
        // A 200 × 100 box with /Rotate 90 shows 100 wide, 200 high: placed at (10, 20),
        // 50 × 100 on a 300-high page (PDF bottom 180), scale 0.5.
        let placed = Rect::new(Pt(10.0), Pt(20.0), Pt(50.0), Pt(100.0));
        let m = artwork_matrix([0.0, 0.0, 200.0, 100.0], 90, &placed, Pt(300.0));
        let at = |x: f64, y: f64| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
        // The box's bottom-left corner goes to the top left, its top-left to the top right.
        assert_eq!(at(0.0, 0.0), (10.0, 280.0));
        assert_eq!(at(0.0, 100.0), (60.0, 280.0));
        assert_eq!(at(200.0, 0.0), (10.0, 180.0));
        let plain = artwork_matrix([0.0, 0.0, 100.0, 200.0], 0, &placed, Pt(300.0));
        assert_eq!(plain, [0.5, 0.0, 0.0, 0.5, 10.0, 180.0]);
    }

    #[test]
    fn orientation_six_turns_the_stored_image_a_quarter_clockwise() {
        // A placed box 100 wide, 50 high at (10, 20) on a 200-high page: PDF bottom 130.
        let placed = Rect::new(Pt(10.0), Pt(20.0), Pt(100.0), Pt(50.0));
        let m = orientation_matrix(6, &placed, Pt(200.0));
        let at = |x: f64, y: f64| (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]);
        // The stored image's top-left pixel (0, 1 in image space) shows at the top right.
        assert_eq!(at(0.0, 1.0), (110.0, 180.0));
        // Its bottom-left (0, 0) at the top left.
        assert_eq!(at(0.0, 0.0), (10.0, 180.0));
        let id = orientation_matrix(1, &placed, Pt(200.0));
        assert_eq!(id, [100.0, 0.0, 0.0, 50.0, 10.0, 130.0]);
    }
}
