//! The content stream of one page, written straight to bytes: glyphs, photos and rules in
//! painting order, black text and thin black rules set to overprint. Each line of a run
//! is one `Tm` and one `TJ`, its glyphs placed by kerning numbers against the advances the
//! font's `/W` gives them, so each lands where the layout put it.

use std::collections::BTreeMap;

use super::operators::Operators;
use crate::display::{GlyphRun, Item, Page};
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

/// How one face's glyphs are written: its font resource, the code of each glyph (by the
/// face's own glyph id) and the advance of each code, in thousandths of an em, as the
/// font's `/W` gives it to viewers.
pub(super) struct FaceCodes {
    pub name: String,
    pub codes: BTreeMap<u16, u16>,
    pub widths: Vec<f64>,
    pub default_width: f64,
}

impl FaceCodes {
    fn width(&self, code: u16) -> f64 {
        self.widths
            .get(code as usize)
            .copied()
            .unwrap_or(self.default_width)
    }
}

/// The content of one page. Coordinates are the trim's, moved by `origin` (the margin of
/// bleed and marks) into the MediaBox, which stays in force for what is appended after.
pub(super) fn page_content(
    page: &Page,
    faces: &BTreeMap<FontId, FaceCodes>,
    orientations: &[u8],
    bboxes: &[([f64; 4], u16)],
    origin: Pt,
) -> Operators {
    let h = page.height;
    let flip = |p: Point| (p.x.0, (h - p.y).0);
    let mut ops = Operators::with_capacity(64 * 1024);
    if origin.0 != 0.0 {
        ops.op(&[1.0, 0.0, 0.0, 1.0, origin.0, origin.0], "cm");
    }
    let mut state = State::default();
    for item in &page.items {
        match item {
            Item::Text(run) => {
                state.overprint(&mut ops, overprints(run.fill));
                if let Some(face) = faces.get(&run.font) {
                    text(&mut ops, run, face, flip);
                }
            }
            Item::Image {
                image,
                clip,
                placed,
            } => {
                state.overprint(&mut ops, false);
                let orientation = orientations.get(image.0).copied().unwrap_or(1);
                let m = orientation_matrix(orientation, placed, h);
                place(&mut ops, &format!("Im{}", image.0), clip, m, h);
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
                place(&mut ops, &format!("Fm{}", artwork.0), clip, m, h);
            }
            Item::Line {
                from,
                to,
                weight,
                color,
            } => {
                state.overprint(&mut ops, overprints(*color) && *weight <= THIN_RULE);
                stroke_style(&mut ops, *color, *weight);
                let ((x0, y0), (x1, y1)) = (flip(*from), flip(*to));
                ops.op(&[x0, y0], "m");
                ops.op(&[x1, y1], "l");
                ops.op(&[], "S");
            }
            Item::Frame {
                rect,
                weight,
                color,
            } => {
                state.overprint(&mut ops, overprints(*color) && *weight <= THIN_RULE);
                stroke_style(&mut ops, *color, *weight);
                outline(&mut ops, rect, flip);
                ops.op(&[], "S");
            }
            Item::Fill { rect, color } => {
                state.overprint(&mut ops, false);
                fill_color(&mut ops, *color);
                outline(&mut ops, rect, flip);
                ops.op(&[], "f");
            }
        }
    }
    state.overprint(&mut ops, false);
    ops
}

/// A run as text: `BT /F size Tf`, its colour, then a `Tm` and a `TJ` for each stretch
/// of glyphs on one baseline.
pub(super) fn text(
    ops: &mut Operators,
    run: &GlyphRun,
    face: &FaceCodes,
    flip: impl Fn(Point) -> (f64, f64),
) {
    let size = run.size.0;
    ops.raw(b"BT\n");
    ops.font(&face.name, size);
    fill_color(ops, run.fill);
    // Text space to page, across: one thousandth of an em of kerning moves this far.
    let unit = size * run.scale / 1000.0;
    // The open stretch (inside a `<…` glyph string): its baseline and where the pen stands.
    let mut open: Option<(f64, f64)> = None;
    for g in &run.glyphs {
        let (x, y) = flip(g.origin);
        let code = face.codes.get(&g.gid).copied().unwrap_or(0);
        match &mut open {
            Some((baseline, pen)) if *baseline == y && unit > 0.0 => {
                // `TJ` moves the pen back by a number's thousandths: from where the last
                // glyph left it to this glyph's place.
                let kern = (*pen - x) / unit;
                if (kern * 10_000.0).round() != 0.0 {
                    ops.raw(b">");
                    ops.number(kern);
                    ops.raw(b"<");
                }
                ops.code(code);
                *pen = x + face.width(code) * unit;
            }
            _ => {
                if open.is_some() {
                    ops.raw(b">]TJ\n");
                }
                ops.op(&[run.scale, 0.0, 0.0, 1.0, x, y], "Tm");
                ops.raw(b"[<");
                ops.code(code);
                open = Some((y, x + face.width(code) * unit));
            }
        }
    }
    if open.is_some() {
        ops.raw(b">]TJ\n");
    }
    ops.raw(b"ET\n");
}

/// Which overprint state the content stream is in; a `gs` only where it changes.
#[derive(Default)]
struct State {
    overprint: bool,
}

impl State {
    fn overprint(&mut self, ops: &mut Operators, on: bool) {
        if on != self.overprint {
            ops.named(if on { OVERPRINT } else { KNOCKOUT }, "gs");
            self.overprint = on;
        }
    }
}

/// `q x y w h re W n m cm /name Do Q`: a form or image's unit square mapped by `m`,
/// clipped to `clip`.
fn place(ops: &mut Operators, name: &str, clip: &Rect, m: [f64; 6], page_h: Pt) {
    ops.op(&[], "q");
    ops.op(
        &[clip.x.0, (page_h - clip.bottom()).0, clip.w.0, clip.h.0],
        "re",
    );
    ops.op(&[], "W");
    ops.op(&[], "n");
    ops.op(&m, "cm");
    ops.named(name, "Do");
    ops.op(&[], "Q");
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
fn fill_color(ops: &mut Operators, ink: Ink) {
    match ink {
        Ink::Process(c) => ops.op(&cmyk(c), "k"),
        Ink::Gray(k) => ops.op(&[1.0 - k], "g"),
        Ink::Spot { id, tint, .. } => {
            ops.named(&spot_space(id), "cs");
            ops.op(&[tint], "scn");
        }
    }
}

/// Sets the stroke colour, as [`fill_color`] does the fill.
fn stroke_color(ops: &mut Operators, ink: Ink) {
    match ink {
        Ink::Process(c) => ops.op(&cmyk(c), "K"),
        Ink::Gray(k) => ops.op(&[1.0 - k], "G"),
        Ink::Spot { id, tint, .. } => {
            ops.named(&spot_space(id), "CS");
            ops.op(&[tint], "SCN");
        }
    }
}

fn stroke_style(ops: &mut Operators, color: Ink, weight: Pt) {
    stroke_color(ops, color);
    ops.op(&[weight.0], "w");
}

/// The rectangle's corners as a closed path (`m l l l h`).
fn outline(ops: &mut Operators, rect: &Rect, flip: impl Fn(Point) -> (f64, f64)) {
    let corners = [
        Point::new(rect.x, rect.y),
        Point::new(rect.right(), rect.y),
        Point::new(rect.right(), rect.bottom()),
        Point::new(rect.x, rect.bottom()),
    ];
    for (i, p) in corners.into_iter().enumerate() {
        let (x, y) = flip(p);
        ops.op(&[x, y], if i == 0 { "m" } else { "l" });
    }
    ops.op(&[], "h");
}

fn cmyk(c: Cmyk) -> [f64; 4] {
    [c.c, c.m, c.y, c.k]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(scale: f64, places: &[(f64, f64)]) -> GlyphRun {
        GlyphRun {
            font: FontId(0),
            size: Pt(10.0),
            fill: Ink::BLACK,
            text: "字".repeat(places.len()),
            scale,
            glyphs: places
                .iter()
                .enumerate()
                .map(|(i, &(x, y))| crate::display::RunGlyph {
                    gid: 10 + i as u16,
                    origin: Point::new(Pt(x), Pt(y)),
                    text: (i * 3) as u32..(i * 3 + 3) as u32,
                })
                .collect(),
            source: None,
        }
    }

    fn shown(run: &GlyphRun) -> String {
        // Codes 1, 2, 3… for glyphs 10, 11, 12…; each 1000 thousandths wide but code 2
        // (the second glyph), 500.
        let face = FaceCodes {
            name: "F0".into(),
            codes: (0..8).map(|i| (10 + i, 1 + i)).collect(),
            widths: vec![1000.0, 1000.0, 500.0, 1000.0, 1000.0],
            default_width: 1000.0,
        };
        let mut ops = Operators::default();
        text(&mut ops, run, &face, |p| (p.x.0, 100.0 - p.y.0));
        String::from_utf8(ops.into_bytes()).unwrap()
    }

    #[test]
    fn a_line_is_one_tm_and_one_tj_kerned_to_each_glyphs_place() {
        // 10 pt glyphs: the second where the first's advance leaves the pen, the third half
        // an em past where the half-width second ends (kern −500), the fourth where the
        // third ends; then a glyph on the next line.
        let r = run(
            1.0,
            &[
                (0.0, 20.0),
                (10.0, 20.0),
                (20.0, 20.0),
                (30.0, 20.0),
                (0.0, 35.0),
            ],
        );
        assert_eq!(
            shown(&r),
            "BT\n/F0 10 Tf\n0 0 0 1 k\n1 0 0 1 0 80 Tm\n[<00010002>-500<00030004>]TJ\n\
             1 0 0 1 0 65 Tm\n[<0005>]TJ\nET\n"
        );
    }

    #[test]
    fn a_run_scaled_across_kerns_in_its_scaled_text_space() {
        // At 0.5 across the first glyph advances 5 pt: the second at 5 needs no kern and
        // ends at 7.5; the third at 9.5 is 2 pt further, 400 thousandths of the scaled em.
        let r = run(0.5, &[(0.0, 20.0), (5.0, 20.0), (9.5, 20.0)]);
        assert_eq!(
            shown(&r),
            "BT\n/F0 10 Tf\n0 0 0 1 k\n0.5 0 0 1 0 80 Tm\n[<00010002>-400<0003>]TJ\nET\n"
        );
    }

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
