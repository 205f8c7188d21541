//! The content of a page (and of the Form XObjects it draws), operator by operator:
//! the graphics state (matrix, colours, overprint), paths and text positions, fonts,
//! Form XObjects and images. What each painted object is judged by is in
//! [`super::verdicts`].

use std::collections::BTreeSet;

use lopdf::{Dictionary, Document, Object, ObjectId};

use super::area::{Bounds, Scope, resource, resources};
use super::operations::{self, Operand};
use super::space::{Space, resolve};
use super::{Log, Rules, image, obj_name};
use crate::plate::Profile;

/// Deepest nesting of Form XObjects (and Type3 glyphs) followed.
const MAX_DEPTH: u8 = 8;
/// Most Form XObjects drawn on one page that are read.
const MAX_FORMS: usize = 10_000;

/// The graphics state the checks need.
#[derive(Clone)]
pub(super) struct Gs {
    pub(super) ctm: [f64; 6],
    pub(super) fill_space: Space,
    pub(super) fill: Vec<f32>,
    pub(super) stroke_space: Space,
    pub(super) stroke: Vec<f32>,
    pub(super) op_fill: bool,
    pub(super) op_stroke: bool,
    pub(super) line_width: f64,
    /// Overprint mode 1: zero CMYK components leave what is beneath.
    pub(super) opm: bool,
    /// The clip in force (device space), if any: what lies outside it does not print.
    pub(super) clip: Option<Bounds>,
    /// Text is drawn by a Type3 font's own glyph procedures (judged there).
    pub(super) type3: bool,
}

impl Default for Gs {
    fn default() -> Self {
        Self {
            ctm: [1.0, 0.0, 0.0, 1.0, 0.0, 0.0],
            fill_space: Space::Gray,
            fill: vec![0.0],
            stroke_space: Space::Gray,
            stroke: vec![0.0],
            op_fill: false,
            op_stroke: false,
            line_width: 1.0,
            opm: false,
            clip: None,
            type3: false,
        }
    }
}

/// Reads the content of one page.
pub(super) struct Reader<'a, 'l> {
    pub(super) scope: Scope<'a>,
    pub(super) log: &'l mut Log,
    fonts_seen: BTreeSet<ObjectId>,
    patterns_seen: BTreeSet<ObjectId>,
    forms_drawn: usize,
}

pub(super) fn page(
    doc: &Document,
    n: usize,
    id: ObjectId,
    dict: &Dictionary,
    printed: Bounds,
    rules: &Rules,
    log: &mut Log,
) {
    let content = match doc.get_page_content_with_limit(id, super::MAX_STREAM) {
        Ok(c) => c,
        Err(e) => {
            log.error(
                Some(n),
                obj_name(id),
                "content",
                format!("the page content cannot be read: {e}"),
                "re-export the PDF",
            );
            return;
        }
    };
    let mut reader = Reader {
        scope: Scope {
            doc,
            page: n,
            rules,
            printed,
        },
        log,
        fonts_seen: BTreeSet::new(),
        patterns_seen: BTreeSet::new(),
        forms_drawn: 0,
    };
    let res = resources(doc, dict);
    reader.run(&content, res, Gs::default(), &obj_name(id), 0);
}

impl Reader<'_, '_> {
    fn run(&mut self, content: &[u8], res: Option<&Dictionary>, gs: Gs, object: &str, depth: u8) {
        let doc = self.scope.doc;
        let page = Some(self.scope.page);
        let ops = match operations::read(content) {
            Ok(ops) => ops,
            Err(e) => {
                self.log.error(
                    page,
                    object,
                    "content",
                    format!("the content stream cannot be parsed: {e}"),
                    "re-export the PDF",
                );
                return;
            }
        };
        let mut stack: Vec<Gs> = Vec::new();
        // A `Q` without its `q` returns to the state the content began in, never beyond.
        let entry = gs.clone();
        let mut gs = gs;
        let mut pending_clip = false;
        let mut path: Option<Bounds> = None;
        let mut tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut line = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
        let mut font_size = 0.0f64;
        let mut render_mode = 0i64;
        for (operator, operands) in ops.iter() {
            let num = |i: usize| operands.get(i).and_then(Operand::float).map(f64::from);
            let nums = || -> Vec<f32> { operands.iter().filter_map(Operand::float).collect() };
            let name = |i: usize| operands.get(i).and_then(Operand::name);
            match operator {
                "q" => stack.push(gs.clone()),
                "Q" => gs = stack.pop().unwrap_or_else(|| entry.clone()),
                "cm" => {
                    if let Some(m) = matrix(operands, Operand::float) {
                        gs.ctm = concat(&m, &gs.ctm);
                    }
                }
                "w" => gs.line_width = num(0).unwrap_or(1.0),
                "gs" => {
                    if let Some(name) = name(0) {
                        self.ext_g_state(res, name, &mut gs, object);
                    }
                }
                "CS" | "cs" => {
                    let space = match operands.first() {
                        None => Space::Unknown("missing".into()),
                        Some(o) => resolve(doc, &o.name_object().unwrap_or(Object::Null), res, 0),
                    };
                    let initial = initial(&space);
                    if operator == "CS" {
                        gs.stroke_space = space;
                        gs.stroke = initial;
                    } else {
                        gs.fill_space = space;
                        gs.fill = initial;
                    }
                }
                "SC" | "SCN" | "sc" | "scn" => {
                    let stroke = operator.starts_with('S');
                    if stroke {
                        gs.stroke = nums();
                    } else {
                        gs.fill = nums();
                    }
                    // A pattern's own colours are judged where it is chosen.
                    if let Some(name) = operands.last().and_then(Operand::name) {
                        self.pattern(res, name, &gs, object, depth);
                    }
                }
                "G" => (gs.stroke_space, gs.stroke) = (Space::Gray, nums()),
                "g" => (gs.fill_space, gs.fill) = (Space::Gray, nums()),
                "RG" => (gs.stroke_space, gs.stroke) = (Space::Rgb, nums()),
                "rg" => (gs.fill_space, gs.fill) = (Space::Rgb, nums()),
                "K" => (gs.stroke_space, gs.stroke) = (Space::Cmyk, nums()),
                "k" => (gs.fill_space, gs.fill) = (Space::Cmyk, nums()),
                "re" => {
                    if let (Some(x), Some(y), Some(w), Some(h)) = (num(0), num(1), num(2), num(3)) {
                        for p in [(x, y), (x + w, y), (x, y + h), (x + w, y + h)] {
                            extend(&mut path, apply(&gs.ctm, p));
                        }
                    }
                }
                "m" | "l" => {
                    if let (Some(x), Some(y)) = (num(0), num(1)) {
                        extend(&mut path, apply(&gs.ctm, (x, y)));
                    }
                }
                "c" | "v" | "y" => {
                    let v = nums();
                    for p in v.chunks_exact(2) {
                        extend(&mut path, apply(&gs.ctm, (p[0] as f64, p[1] as f64)));
                    }
                }
                "W" | "W*" => pending_clip = true,
                "f" | "F" | "f*" | "B" | "B*" | "b" | "b*" | "S" | "s" | "n" => {
                    let p = path.take();
                    if matches!(operator, "f" | "F" | "f*" | "B" | "B*" | "b" | "b*") {
                        self.fill(&gs, p, object);
                    }
                    if matches!(operator, "B" | "B*" | "b" | "b*" | "S" | "s") {
                        self.stroke(&gs, p, object);
                    }
                    // The clip takes effect after the path is painted.
                    if std::mem::take(&mut pending_clip) {
                        gs.clip = Some(clip_with(gs.clip, p.unwrap_or([0.0; 4])));
                    }
                }
                "BT" => {
                    tm = [1.0, 0.0, 0.0, 1.0, 0.0, 0.0];
                    line = tm;
                }
                "Tm" => {
                    if let Some(m) = matrix(operands, Operand::float) {
                        tm = m;
                        line = m;
                    }
                }
                "Td" | "TD" => {
                    if let (Some(x), Some(y)) = (num(0), num(1)) {
                        line = concat(&[1.0, 0.0, 0.0, 1.0, x, y], &line);
                        tm = line;
                    }
                }
                "Tf" => {
                    font_size = num(1).unwrap_or(0.0);
                    if let Some(name) = name(0) {
                        gs.type3 = self.font(res, name, &gs, object, depth);
                    }
                }
                "Tr" => render_mode = operands.first().and_then(Operand::int).unwrap_or(0),
                "Tj" | "TJ" | "'" | "\"" => {
                    let m = concat(&tm, &gs.ctm);
                    let size = font_size.abs() * scale(&m);
                    let at = apply(&m, (0.0, 0.0));
                    self.text(&gs, render_mode, size, at, object);
                }
                "Do" => {
                    if let Some(name) = name(0) {
                        self.x_object(res, name, &gs, object, depth);
                    }
                }
                "BI" => match operands.first() {
                    Some(Operand::Image(s)) => {
                        image::inline(&self.scope, self.log, &s.dict, res, &gs.ctm, object)
                    }
                    _ => self.log.warn(
                        page,
                        object,
                        "inline-image",
                        "an inline image could not be read",
                        "use image XObjects",
                    ),
                },
                "sh" => {
                    let shading = name(0)
                        .and_then(|n| resource(doc, res, b"Shading", n))
                        .map(|(_, s)| s);
                    let dict = shading.and_then(|s| {
                        s.as_dict()
                            .ok()
                            .or_else(|| s.as_stream().ok().map(|s| &s.dict))
                    });
                    if let Some(space) = dict.and_then(|d| d.get(b"ColorSpace").ok()) {
                        let space = resolve(doc, space, res, 0);
                        self.colour_space(&space, "rgb-shading", "a shading", object);
                    }
                }
                _ => {}
            }
        }
    }

    fn ext_g_state(&mut self, res: Option<&Dictionary>, name: &[u8], gs: &mut Gs, object: &str) {
        let doc = self.scope.doc;
        let page = Some(self.scope.page);
        let Some(state) =
            resource(doc, res, b"ExtGState", name).and_then(|(_, s)| s.as_dict().ok())
        else {
            return;
        };
        let label = format!("{object} /{}", String::from_utf8_lossy(name));
        if let Ok(op) = state.get(b"OP").and_then(Object::as_bool) {
            gs.op_stroke = op;
            gs.op_fill = op;
        }
        if let Ok(op) = state.get(b"op").and_then(Object::as_bool) {
            gs.op_fill = op;
        }
        if let Ok(opm) = state.get(b"OPM").and_then(Object::as_i64) {
            gs.opm = opm == 1;
        }
        let transparency = self.scope.rules.profile == Profile::PdfX1a;
        if transparency {
            let alpha = |k: &[u8]| {
                state
                    .get(k)
                    .and_then(Object::as_float)
                    .is_ok_and(|a| a < 1.0)
            };
            if alpha(b"CA") || alpha(b"ca") {
                self.log.error(
                    page,
                    &label,
                    "transparency",
                    "a graphics state sets constant alpha below 1",
                    "flatten transparency (PDF/X-1a)",
                );
            }
            if state
                .get(b"SMask")
                .is_ok_and(|s| s.as_name().map_or(true, |n| n != b"None"))
            {
                self.log.error(
                    page,
                    &label,
                    "soft-mask",
                    "a graphics state sets a soft mask",
                    "flatten transparency (PDF/X-1a)",
                );
            }
            if state
                .get(b"BM")
                .is_ok_and(|b| !matches!(b.as_name(), Ok(b"Normal" | b"Compatible")))
            {
                self.log.error(
                    page,
                    &label,
                    "blend-mode",
                    "a graphics state sets a blend mode",
                    "flatten transparency (PDF/X-1a)",
                );
            }
        }
        if self.scope.rules.profile.is_pdfx() {
            if state.has(b"TR") || state.has(b"TR2") {
                self.log.error(
                    page,
                    &label,
                    "transfer-function",
                    "a graphics state sets a transfer function",
                    "remove transfer functions",
                );
            }
            if let Ok(ht) = state.get_deref(b"HT", doc).and_then(Object::as_dict)
                && ht.has(b"HalftoneName")
            {
                self.log.error(
                    page,
                    &label,
                    "halftone",
                    "a named halftone is set",
                    "leave screening to the plant",
                );
            }
        }
    }

    /// Checks the font a `Tf` selects (once per font); returns whether it is a Type3 font,
    /// whose glyph procedures are read as content (with the graphics state of the first
    /// text that uses it).
    fn font(
        &mut self,
        res: Option<&Dictionary>,
        name: &[u8],
        gs: &Gs,
        object: &str,
        depth: u8,
    ) -> bool {
        let doc = self.scope.doc;
        let Some((id, font)) = resource(doc, res, b"Font", name) else {
            self.log.error(
                Some(self.scope.page),
                object,
                "font-missing",
                format!(
                    "font /{} is not in the resources",
                    String::from_utf8_lossy(name)
                ),
                "re-export the PDF",
            );
            return false;
        };
        let Ok(font) = font.as_dict() else {
            return false;
        };
        let type3 = font
            .get(b"Subtype")
            .and_then(Object::as_name)
            .is_ok_and(|s| s == b"Type3");
        if let Some(id) = id
            && !self.fonts_seen.insert(id)
        {
            return type3;
        }
        let label = font.get(b"BaseFont").and_then(Object::as_name).map_or_else(
            |_| String::from_utf8_lossy(name).into_owned(),
            |n| String::from_utf8_lossy(n).into_owned(),
        );
        if type3 {
            if depth >= MAX_DEPTH {
                return true;
            }
            let glyph_res = font
                .get_deref(b"Resources", doc)
                .ok()
                .and_then(|r| r.as_dict().ok())
                .or(res);
            if let Ok(procs) = font.get_deref(b"CharProcs", doc).and_then(Object::as_dict) {
                let mut inner = gs.clone();
                inner.type3 = false;
                for (glyph, proc_) in procs.iter() {
                    let Ok((_, Object::Stream(stream))) = doc.dereference(proc_) else {
                        continue;
                    };
                    let content = stream
                        .decompressed_content()
                        .unwrap_or_else(|_| stream.content.clone());
                    let where_ = format!("{label} glyph /{}", String::from_utf8_lossy(glyph));
                    self.run(&content, glyph_res, inner.clone(), &where_, depth + 1);
                }
            }
            return true;
        }
        let descriptor_of = |f: &Dictionary| {
            f.get_deref(b"FontDescriptor", doc)
                .ok()
                .and_then(|d| d.as_dict().ok())
                .cloned()
        };
        let descriptor = match font
            .get_deref(b"DescendantFonts", doc)
            .and_then(Object::as_array)
        {
            Ok(d) => d
                .first()
                .and_then(|d| doc.dereference(d).ok())
                .and_then(|(_, d)| d.as_dict().ok())
                .and_then(descriptor_of),
            Err(_) => descriptor_of(font),
        };
        let embedded = descriptor
            .is_some_and(|d| d.has(b"FontFile") || d.has(b"FontFile2") || d.has(b"FontFile3"));
        if !embedded && self.scope.rules.profile.is_pdfx() {
            self.log.error(
                Some(self.scope.page),
                label,
                "font-not-embedded",
                "the font is not embedded",
                "embed every font (subsets are fine)",
            );
        }
        false
    }

    /// A pattern chosen as a colour: a shading's colour space, or a coloured tiling's
    /// content (read once per pattern and page).
    fn pattern(&mut self, res: Option<&Dictionary>, name: &[u8], gs: &Gs, object: &str, depth: u8) {
        let doc = self.scope.doc;
        let Some((id, pattern)) = resource(doc, res, b"Pattern", name) else {
            return;
        };
        if let Some(id) = id
            && !self.patterns_seen.insert(id)
        {
            return;
        }
        let label = id.map_or_else(
            || format!("{object} /{}", String::from_utf8_lossy(name)),
            obj_name,
        );
        let (dict, stream) = match pattern {
            Object::Stream(s) => (&s.dict, Some(s)),
            Object::Dictionary(d) => (d, None),
            _ => return,
        };
        match dict.get(b"PatternType").and_then(Object::as_i64) {
            Ok(2) => {
                let shading = dict.get_deref(b"Shading", doc).ok().and_then(|s| {
                    s.as_dict()
                        .ok()
                        .or_else(|| s.as_stream().ok().map(|s| &s.dict))
                });
                if let Some(space) = shading.and_then(|d| d.get(b"ColorSpace").ok()) {
                    let space = resolve(doc, space, res, 0);
                    self.colour_space(&space, "rgb-shading", "a shading pattern", &label);
                }
            }
            Ok(1)
                if dict.get(b"PaintType").and_then(Object::as_i64).ok() == Some(1)
                    && depth < MAX_DEPTH =>
            {
                let Some(stream) = stream else { return };
                let pattern_res = dict
                    .get_deref(b"Resources", doc)
                    .ok()
                    .and_then(|r| r.as_dict().ok())
                    .or(res);
                let content = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                let mut inner = gs.clone();
                inner.clip = None;
                self.run(&content, pattern_res, inner, &label, depth + 1);
            }
            _ => {}
        }
    }

    fn x_object(
        &mut self,
        res: Option<&Dictionary>,
        name: &[u8],
        gs: &Gs,
        object: &str,
        depth: u8,
    ) {
        let doc = self.scope.doc;
        let Some((id, xobject)) = resource(doc, res, b"XObject", name) else {
            return;
        };
        let Ok(stream) = xobject.as_stream() else {
            return;
        };
        let label = id.map_or_else(
            || format!("{object} /{}", String::from_utf8_lossy(name)),
            obj_name,
        );
        // The unit square an image fills, on the page.
        let square = || {
            let mut b = None;
            for p in [(0.0, 0.0), (1.0, 0.0), (0.0, 1.0), (1.0, 1.0)] {
                extend(&mut b, apply(&gs.ctm, p));
            }
            b
        };
        match stream.dict.get(b"Subtype").and_then(Object::as_name) {
            Ok(b"Image") => {
                if !self.printed(gs, square()) {
                    return;
                }
                // A stencil mask paints with the fill colour: judged as a fill.
                if stream
                    .dict
                    .get(b"ImageMask")
                    .and_then(Object::as_bool)
                    .unwrap_or(false)
                {
                    self.fill(gs, square(), object);
                }
                image::xobject(&self.scope, self.log, stream, res, &gs.ctm, &label)
            }
            Ok(b"Form") => {
                if depth >= MAX_DEPTH {
                    self.log.warn(
                        Some(self.scope.page),
                        &label,
                        "nesting",
                        format!(
                            "Form XObjects nest deeper than {MAX_DEPTH}; the rest is not checked"
                        ),
                        "flatten the artwork",
                    );
                    return;
                }
                // Each drawing of a form is read (its state may differ), within a budget.
                if id.is_some() {
                    self.forms_drawn += 1;
                    if self.forms_drawn > MAX_FORMS {
                        self.log.warn(
                            Some(self.scope.page),
                            &label,
                            "nesting",
                            format!("more than {MAX_FORMS} Form XObjects are drawn; the rest is not checked"),
                            "flatten the artwork",
                        );
                        return;
                    }
                }
                if self.scope.rules.profile == Profile::PdfX1a
                    && stream
                        .dict
                        .get_deref(b"Group", doc)
                        .and_then(Object::as_dict)
                        .is_ok_and(|g| {
                            g.get(b"S")
                                .and_then(Object::as_name)
                                .is_ok_and(|s| s == b"Transparency")
                        })
                {
                    self.log.error(
                        Some(self.scope.page),
                        &label,
                        "transparency-group",
                        "a Form XObject is a transparency group",
                        "flatten transparency (PDF/X-1a)",
                    );
                }
                let mut inner = gs.clone();
                if let Ok(m) = stream.dict.get(b"Matrix").and_then(Object::as_array)
                    && let Some(m) = matrix(m, |o| o.as_float().ok())
                {
                    inner.ctm = concat(&m, &gs.ctm);
                }
                // What a form draws is clipped to its BBox.
                if let Ok(b) = stream.dict.get(b"BBox").and_then(Object::as_array)
                    && let [x0, y0, x1, y1] = b
                        .iter()
                        .filter_map(|v| v.as_float().ok())
                        .map(f64::from)
                        .collect::<Vec<_>>()[..]
                {
                    let mut r = None;
                    for p in [(x0, y0), (x1, y0), (x0, y1), (x1, y1)] {
                        extend(&mut r, apply(&inner.ctm, p));
                    }
                    if let Some(r) = r {
                        inner.clip = Some(clip_with(inner.clip, r));
                    }
                }
                let form_res = stream
                    .dict
                    .get_deref(b"Resources", doc)
                    .ok()
                    .and_then(|r| r.as_dict().ok())
                    .or(res);
                let content = stream
                    .decompressed_content()
                    .unwrap_or_else(|_| stream.content.clone());
                self.run(&content, form_res, inner, &label, depth + 1);
            }
            _ => {}
        }
    }
}

fn initial(space: &Space) -> Vec<f32> {
    match space {
        Space::Cmyk => vec![0.0, 0.0, 0.0, 1.0],
        Space::Separation(..) | Space::DeviceN(..) => vec![1.0; space.components().max(1)],
        _ => vec![0.0; space.components().max(1)],
    }
}

/// Six numbers as a matrix: an operation's operands, or an array's items.
fn matrix<T>(items: &[T], float: impl Fn(&T) -> Option<f32>) -> Option<[f64; 6]> {
    if items.len() != 6 {
        return None;
    }
    let mut m = [0.0; 6];
    for (v, o) in m.iter_mut().zip(items) {
        *v = float(o)? as f64;
    }
    Some(m)
}

/// `a × b`: first `a`, then `b` (PDF's row-vector convention).
pub(super) fn concat(a: &[f64; 6], b: &[f64; 6]) -> [f64; 6] {
    [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]
}

pub(super) fn apply(m: &[f64; 6], (x, y): (f64, f64)) -> (f64, f64) {
    (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
}

/// The linear scale of a matrix (square root of its determinant).
pub(super) fn scale(m: &[f64; 6]) -> f64 {
    (m[0] * m[3] - m[1] * m[2]).abs().sqrt()
}

/// The clip after intersecting it with `path`'s bounds.
fn clip_with(clip: Option<Bounds>, p: Bounds) -> Bounds {
    match clip {
        None => p,
        Some(c) => {
            let r = [
                c[0].max(p[0]),
                c[1].max(p[1]),
                c[2].min(p[2]),
                c[3].min(p[3]),
            ];
            if r[0] <= r[2] && r[1] <= r[3] {
                r
            } else {
                [0.0; 4]
            }
        }
    }
}

fn extend(b: &mut Option<Bounds>, (x, y): (f64, f64)) {
    *b = Some(match b {
        None => [x, y, x, y],
        Some(r) => [r[0].min(x), r[1].min(y), r[2].max(x), r[3].max(y)],
    });
}
