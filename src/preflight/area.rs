//! Where content is read: the page and its rules, the printed area, boxes as bounds,
//! and what a page inherits from its page tree.

use lopdf::{Dictionary, Document, Object};

use super::Rules;

/// A rectangle `[llx lly urx ury]`, normalized.
pub(super) type Bounds = [f64; 4];

/// Tolerance of the box checks, in points.
const EPS: f64 = 0.01;

/// Where the content being read lives, for messages.
pub(super) struct Scope<'a> {
    pub doc: &'a Document,
    pub page: usize,
    pub rules: &'a Rules,
    /// The printed area (BleedBox, else TrimBox, else MediaBox): marks outside it are
    /// exempt from the ink and colour checks.
    pub printed: Bounds,
}

/// A key of the page or of one of its ancestors in the page tree.
pub(super) fn inherited<'a>(
    doc: &'a Document,
    dict: &'a Dictionary,
    key: &[u8],
) -> Option<&'a Object> {
    let mut current = dict;
    for _ in 0..32 {
        if let Ok(v) = current.get(key) {
            return Some(v);
        }
        current = current.get_deref(b"Parent", doc).ok()?.as_dict().ok()?;
    }
    None
}

/// A page's resources, inherited through the page tree if the page has none.
pub(super) fn resources<'a>(doc: &'a Document, dict: &'a Dictionary) -> Option<&'a Dictionary> {
    let r = inherited(doc, dict, b"Resources")?;
    doc.dereference(r).ok()?.1.as_dict().ok()
}

pub(super) fn bounds(doc: &Document, o: &Object) -> Option<Bounds> {
    let a = doc.dereference(o).ok()?.1.as_array().ok()?;
    if a.len() != 4 {
        return None;
    }
    let v: Vec<f64> = a
        .iter()
        .map(|x| {
            doc.dereference(x)
                .ok()
                .and_then(|(_, x)| x.as_float().ok())
                .map(f64::from)
        })
        .collect::<Option<_>>()?;
    Some([
        v[0].min(v[2]),
        v[1].min(v[3]),
        v[0].max(v[2]),
        v[1].max(v[3]),
    ])
}

pub(super) fn inside(a: &Bounds, b: &Bounds) -> bool {
    a[0] >= b[0] - EPS && a[1] >= b[1] - EPS && a[2] <= b[2] + EPS && a[3] <= b[3] + EPS
}

pub(super) fn overlaps(a: &Bounds, b: &Bounds) -> bool {
    a[0] < b[2] - EPS && b[0] < a[2] - EPS && a[1] < b[3] - EPS && b[1] < a[3] - EPS
}

/// The resource `name` of kind `kind` (`/Font`, `/XObject` …) in `res`, with its object
/// number when it is an indirect object.
pub(super) fn resource<'a>(
    doc: &'a Document,
    res: Option<&'a Dictionary>,
    kind: &[u8],
    name: &[u8],
) -> Option<(Option<lopdf::ObjectId>, &'a Object)> {
    res?.get_deref(kind, doc)
        .ok()?
        .as_dict()
        .ok()?
        .get(name)
        .ok()
        .and_then(|o| doc.dereference(o).ok())
}
