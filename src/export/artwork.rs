//! Supplied artwork imported as a Form XObject: page 1's content and everything its
//! resources reach, copied object by object into the document, with new numbers.

use std::collections::BTreeMap;

use lopdf::{Dictionary, Document, Object, ObjectId, Stream};

use crate::display::Artwork;
use crate::error::{Error, Result};

/// Deepest nesting of objects followed when copying.
const MAX_DEPTH: u32 = 64;

/// Adds page 1 of `artwork` to `lo` as a Form XObject; returns its object.
pub(super) fn import(lo: &mut Document, artwork: &Artwork) -> Result<ObjectId> {
    let error = |m: String| Error::Content {
        file: artwork.path.clone(),
        line: 1,
        message: m,
    };
    let src = crate::guard::run(|| Document::load_mem(&artwork.data))
        .map_err(|panic| error(format!("the PDF parser failed on this file ({panic})")))?
        .map_err(|e| error(format!("is not a readable PDF: {e}")))?;
    let page = *src
        .get_pages()
        .get(&1)
        .ok_or_else(|| error("has no pages".into()))?;
    let content = src
        .get_page_content_with_limit(page, crate::preflight::MAX_STREAM)
        .map_err(|e| error(format!("page 1's content cannot be read: {e}")))?;
    let page_dict = src.get_dictionary(page).map_err(|e| error(e.to_string()))?;
    // Resources may be inherited from the page tree.
    let mut resources = None;
    let mut current = page_dict;
    for _ in 0..32 {
        if let Ok(r) = current.get(b"Resources") {
            resources = Some(r.clone());
            break;
        }
        match current.get_deref(b"Parent", &src).and_then(Object::as_dict) {
            Ok(parent) => current = parent,
            Err(_) => break,
        }
    }
    let mut map = BTreeMap::new();
    let resources = match resources {
        Some(r) => copy(&src, lo, &r, &mut map, 0)
            .map_err(|()| error(format!("its objects nest deeper than {MAX_DEPTH} levels")))?,
        None => Object::Dictionary(Dictionary::new()),
    };
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"XObject".to_vec()));
    dict.set("Subtype", Object::Name(b"Form".to_vec()));
    dict.set("FormType", 1);
    dict.set(
        "BBox",
        Object::Array(
            artwork
                .bbox
                .iter()
                .map(|v| Object::Real(*v as f32))
                .collect(),
        ),
    );
    dict.set("Resources", resources);
    Ok(lo.add_object(Stream::new(dict, content)))
}

/// Copies an object of `src` into `dst`, following references (each object once, the
/// page tree left behind).
fn copy(
    src: &Document,
    dst: &mut Document,
    object: &Object,
    map: &mut BTreeMap<ObjectId, ObjectId>,
    depth: u32,
) -> std::result::Result<Object, ()> {
    if depth > MAX_DEPTH {
        return Err(());
    }
    Ok(match object {
        Object::Reference(id) => {
            if let Some(new) = map.get(id) {
                return Ok(Object::Reference(*new));
            }
            let Ok(target) = src.get_object(*id) else {
                // A dangling reference is null, as PDF readers take it.
                return Ok(Object::Null);
            };
            let new = dst.new_object_id();
            map.insert(*id, new);
            let copied = copy(src, dst, target, map, depth + 1)?;
            dst.objects.insert(new, copied);
            Object::Reference(new)
        }
        Object::Array(a) => Object::Array(
            a.iter()
                .map(|o| copy(src, dst, o, map, depth + 1))
                .collect::<std::result::Result<_, _>>()?,
        ),
        Object::Dictionary(d) => Object::Dictionary(copy_dict(src, dst, d, map, depth)?),
        Object::Stream(s) => {
            let mut stream =
                Stream::new(copy_dict(src, dst, &s.dict, map, depth)?, s.content.clone());
            // Its data stays as it came (already filtered): no second compression.
            stream.allows_compression = false;
            Object::Stream(stream)
        }
        other => other.clone(),
    })
}

fn copy_dict(
    src: &Document,
    dst: &mut Document,
    d: &Dictionary,
    map: &mut BTreeMap<ObjectId, ObjectId>,
    depth: u32,
) -> std::result::Result<Dictionary, ()> {
    let mut out = Dictionary::new();
    for (k, v) in d.iter() {
        if k == b"Parent" {
            continue;
        }
        out.set(k.clone(), copy(src, dst, v, map, depth + 1)?);
    }
    Ok(out)
}
