//! What makes printpdf's document a plate, written on its lopdf document before the one
//! save: the version, page boxes, Info, the output intent, XMP, the overprint and
//! separation resources, and a document ID computed from the content.
//!
//! printpdf's own PDF/X option is left off: it writes a coated FOGRA39 profile and random
//! IDs, swaps its overprint keys and writes boxes as `[x y w h]` (see the architecture
//! notes), so every one of these is written here.

use lopdf::{Dictionary, Document, Object, ObjectId, Stream, StringFormat};

use super::content::{KNOCKOUT, OVERPRINT};
use super::marks::ALL;
use crate::error::{Error, Result};
use crate::geom::Pt;
use crate::plate::{Condition, Plate};

/// Sets the version, the boxes of every page, the resources the content uses, Info, the
/// output intent, XMP and the ID.
pub(super) fn finish(
    lo: &mut Document,
    plate: &Plate,
    trims: &[(Pt, Pt)],
    spots: &[(String, crate::geom::Cmyk)],
) -> Result<()> {
    lo.version = plate.profile.pdf_version().to_string();
    let pages: Vec<ObjectId> = lo.get_pages().into_values().collect();
    if pages.len() != trims.len() {
        return Err(Error::Pdf("the page count changed while writing".into()));
    }
    let margin = plate.media_margin().0;
    let bleed = plate.bleed.0;
    let all = separation(
        lo,
        "All",
        crate::geom::Cmyk::percent(100.0, 100.0, 100.0, 100.0),
    );
    let spot_spaces: Vec<ObjectId> = spots
        .iter()
        .map(|(name, alternate)| separation(lo, name, *alternate))
        .collect();
    for (id, (w, h)) in pages.iter().zip(trims) {
        let (w, h) = (w.0, h.0);
        let media = [0.0, 0.0, w + 2.0 * margin, h + 2.0 * margin];
        let bleed_box = [
            margin - bleed,
            margin - bleed,
            margin + w + bleed,
            margin + h + bleed,
        ];
        let trim = [margin, margin, margin + w, margin + h];
        let resources = {
            let page = lo
                .get_dictionary_mut(*id)
                .map_err(|e| Error::Pdf(e.to_string()))?;
            page.set("MediaBox", rect(media));
            page.set("CropBox", rect(media));
            page.set("BleedBox", rect(bleed_box));
            page.set("TrimBox", rect(trim));
            page.remove(b"ArtBox");
            page.get(b"Resources")
                .and_then(Object::as_reference)
                .map_err(|e| Error::Pdf(format!("a page has no resources: {e}")))?
        };
        let res = lo
            .get_dictionary_mut(resources)
            .map_err(|e| Error::Pdf(e.to_string()))?;
        let mut spaces = Dictionary::new();
        spaces.set(ALL, Object::Reference(all));
        for (i, space) in spot_spaces.iter().enumerate() {
            spaces.set(
                super::content::spot_space(i as u16),
                Object::Reference(*space),
            );
        }
        res.set("ColorSpace", Object::Dictionary(spaces));
    }
    graphics_states(lo)?;
    info(lo, plate);
    output_intent(lo, plate)?;
    let id = content_id(lo);
    if plate.profile == crate::plate::Profile::PdfX4 {
        xmp(lo, plate, &id);
    }
    let id = Object::String(id.to_vec(), StringFormat::Hexadecimal);
    lo.trailer.set("ID", Object::Array(vec![id.clone(), id]));
    Ok(())
}

fn rect(r: [f64; 4]) -> Object {
    Object::Array(r.iter().map(|v| Object::Real(*v as f32)).collect())
}

/// `[/Separation /NAME /DeviceCMYK f]`: a named ink whose tint runs from paper to its
/// process alternate; `All` is the colour on every plate (registration marks).
fn separation(lo: &mut Document, name: &str, alternate: crate::geom::Cmyk) -> ObjectId {
    let mut f = Dictionary::new();
    f.set("FunctionType", 2);
    f.set("Domain", Object::Array(vec![0.into(), 1.into()]));
    f.set(
        "C0",
        Object::Array(vec![0.into(), 0.into(), 0.into(), 0.into()]),
    );
    f.set(
        "C1",
        Object::Array(
            [alternate.c, alternate.m, alternate.y, alternate.k]
                .map(|v| Object::Real(v as f32))
                .to_vec(),
        ),
    );
    f.set("N", 1);
    lo.add_object(Object::Array(vec![
        Object::Name(b"Separation".to_vec()),
        Object::Name(name.as_bytes().to_vec()),
        Object::Name(b"DeviceCMYK".to_vec()),
        Object::Dictionary(f),
    ]))
}

/// printpdf gives every page the same resource sub-dictionaries (`/XObject`,
/// `/ExtGState` …), each an object of its own: the one of `kind`.
pub(super) fn shared_resource(lo: &Document, kind: &[u8]) -> Result<ObjectId> {
    let broken = || {
        Error::Pdf(format!(
            "the page resources have no {} dictionary",
            String::from_utf8_lossy(kind)
        ))
    };
    let page = *lo.get_pages().values().next().ok_or_else(broken)?;
    let resources = lo
        .get_dictionary(page)
        .ok()
        .and_then(|p| p.get(b"Resources").ok())
        .and_then(|r| r.as_reference().ok())
        .ok_or_else(broken)?;
    lo.get_dictionary(resources)
        .ok()
        .and_then(|r| r.get(kind).ok())
        .and_then(|x| x.as_reference().ok())
        .ok_or_else(broken)
}

/// Fills printpdf's shared ExtGState dictionary with the overprint and knockout states.
fn graphics_states(lo: &mut Document) -> Result<()> {
    let states = shared_resource(lo, b"ExtGState")?;
    let state = |on: bool| {
        let mut d = Dictionary::new();
        d.set("Type", Object::Name(b"ExtGState".to_vec()));
        d.set("OP", on);
        d.set("op", on);
        d.set("OPM", if on { 1 } else { 0 });
        Object::Dictionary(d)
    };
    let dict = lo
        .get_dictionary_mut(states)
        .map_err(|e| Error::Pdf(e.to_string()))?;
    dict.set(OVERPRINT, state(true));
    dict.set(KNOCKOUT, state(false));
    Ok(())
}

/// A text string: PDFDocEncoding where it is ASCII, else UTF-16BE with a byte-order mark
/// (ISO 32000 §7.9.2.2).
pub(super) fn text_string(s: &str) -> Object {
    if s.is_ascii() {
        Object::string_literal(s)
    } else {
        let utf16: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(s.encode_utf16().flat_map(|u| u.to_be_bytes()))
            .collect();
        Object::String(utf16, StringFormat::Hexadecimal)
    }
}

/// The Info dictionary, replacing printpdf's (which carries 1970 dates) in place.
fn info(lo: &mut Document, plate: &Plate) {
    let mut info = Dictionary::new();
    info.set("Title", text_string(&plate.title));
    info.set(
        "Producer",
        Object::string_literal(format!("broadsheet {}", env!("CARGO_PKG_VERSION"))),
    );
    info.set("Creator", Object::string_literal("broadsheet"));
    let date = plate.date.pdf();
    info.set("CreationDate", Object::string_literal(date.clone()));
    info.set("ModDate", Object::string_literal(date));
    info.set("Trapped", Object::Name(b"False".to_vec()));
    if let Some(v) = plate.profile.gts_version() {
        info.set("GTS_PDFXVersion", Object::string_literal(v));
    }
    if let Some(c) = plate.profile.gts_conformance() {
        info.set("GTS_PDFXConformance", Object::string_literal(c));
    }
    match lo.trailer.get(b"Info").and_then(Object::as_reference) {
        Ok(id) => {
            lo.objects.insert(id, Object::Dictionary(info));
        }
        Err(_) => {
            let id = lo.add_object(info);
            lo.trailer.set("Info", Object::Reference(id));
        }
    }
}

/// One `/GTS_PDFX` output intent: a registered condition, or the paper's ICC profile
/// embedded. None for the screen.
fn output_intent(lo: &mut Document, plate: &Plate) -> Result<()> {
    if !plate.profile.is_pdfx() {
        return Ok(());
    }
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFX".to_vec()));
    match &plate.condition {
        Condition::Registered { name, info } => {
            if plate.profile.needs_embedded_profile() {
                return Err(Error::Pdf(format!(
                    "{} needs an embedded output profile; name one with output.icc",
                    plate.profile
                )));
            }
            intent.set("OutputConditionIdentifier", text_string(name));
            intent.set("OutputCondition", text_string(info));
            intent.set(
                "RegistryName",
                Object::string_literal("http://www.color.org"),
            );
            intent.set("Info", text_string(info));
        }
        Condition::Icc(icc) => {
            let mut dict = Dictionary::new();
            dict.set("N", icc.components as i64);
            let stream = Stream::new(dict, icc.data.to_vec());
            let profile = lo.add_object(stream);
            intent.set("OutputConditionIdentifier", text_string("Custom"));
            intent.set("OutputCondition", text_string(&icc.name));
            intent.set("Info", text_string(&icc.name));
            intent.set("DestOutputProfile", Object::Reference(profile));
        }
    }
    let intent = lo.add_object(intent);
    let catalog = lo
        .catalog_mut()
        .map_err(|e| Error::Pdf(format!("no catalog: {e}")))?;
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );
    Ok(())
}

/// The XMP packet of PDF/X-4: identification, dates and title as in Info, IDs from the
/// content.
fn xmp(lo: &mut Document, plate: &Plate, id: &[u8; 16]) {
    let hex: String = id.iter().map(|b| format!("{b:02x}")).collect();
    let uuid = format!(
        "uuid:{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    let date = plate.date.xmp();
    let title = xml_escape(&plate.title);
    let version = plate.profile.gts_version().unwrap_or("");
    let packet = format!(
        r#"<?xpacket begin="{bom}" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:pdf="http://ns.adobe.com/pdf/1.3/"
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:xmpMM="http://ns.adobe.com/xap/1.0/mm/"
    xmlns:pdfxid="http://www.npes.org/pdfx/ns/id/">
   <xmp:CreateDate>{date}</xmp:CreateDate>
   <xmp:ModifyDate>{date}</xmp:ModifyDate>
   <xmp:MetadataDate>{date}</xmp:MetadataDate>
   <xmp:CreatorTool>broadsheet</xmp:CreatorTool>
   <pdf:Producer>broadsheet {ver}</pdf:Producer>
   <pdf:Trapped>False</pdf:Trapped>
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
   <xmpMM:DocumentID>{uuid}</xmpMM:DocumentID>
   <xmpMM:InstanceID>{uuid}</xmpMM:InstanceID>
   <xmpMM:RenditionClass>default</xmpMM:RenditionClass>
   <xmpMM:VersionID>1</xmpMM:VersionID>
   <pdfxid:GTS_PDFXVersion>{version}</pdfxid:GTS_PDFXVersion>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="r"?>"#,
        bom = '\u{feff}',
        ver = env!("CARGO_PKG_VERSION"),
    );
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let stream = Stream::new(dict, packet.into_bytes()).with_compression(false);
    let id = lo.add_object(stream);
    if let Ok(catalog) = lo.catalog_mut() {
        catalog.set("Metadata", Object::Reference(id));
    }
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// A 128-bit hash of every object of the document, in object order: the same content
/// gives the same ID, different content a different one. Computed before the one save.
/// The streams' bytes (photos, fonts, pages: most of the file) are digested each on its
/// own, in parallel, and the ID hashes their digests where a stream's bytes would be.
fn content_id(lo: &Document) -> [u8; 16] {
    use rayon::prelude::*;
    use sha2::Digest;
    let _scope = crate::timing::scope("identify");
    let streams: Vec<&[u8]> = lo
        .objects
        .values()
        .filter_map(|o| o.as_stream().ok())
        .map(|s| s.content.as_slice())
        .collect();
    let digests: Vec<[u8; 32]> = streams
        .par_iter()
        .map(|bytes| sha2::Sha256::digest(bytes).into())
        .collect();
    let mut digests = digests.iter();
    let mut h = IdHash::default();
    h.bytes(lo.version.as_bytes());
    for (id, object) in &lo.objects {
        h.bytes(&id.0.to_be_bytes());
        // The streams' digests are in object order: each stream takes the next.
        if let Object::Stream(s) = object
            && let Some(digest) = digests.next()
        {
            hash_dict(&mut h, &s.dict);
            h.bytes(b"stream");
            h.bytes(digest);
        } else {
            hash_object(&mut h, object);
        }
    }
    h.finish()
}

fn hash_object(h: &mut IdHash, o: &Object) {
    match o {
        Object::Null => h.bytes(b"n"),
        Object::Boolean(b) => h.bytes(&[b'b', *b as u8]),
        Object::Integer(i) => {
            h.bytes(b"i");
            h.bytes(&i.to_be_bytes());
        }
        Object::Real(r) => {
            h.bytes(b"r");
            h.bytes(&r.to_be_bytes());
        }
        Object::Name(n) => {
            h.bytes(b"/");
            h.bytes(n);
        }
        Object::String(s, _) => {
            h.bytes(b"(");
            h.bytes(s);
            h.bytes(b")");
        }
        Object::Array(a) => {
            h.bytes(b"[");
            a.iter().for_each(|o| hash_object(h, o));
            h.bytes(b"]");
        }
        Object::Dictionary(d) => hash_dict(h, d),
        Object::Stream(s) => {
            hash_dict(h, &s.dict);
            h.bytes(b"stream");
            h.bytes(&s.content);
        }
        Object::Reference(r) => {
            h.bytes(b"R");
            h.bytes(&r.0.to_be_bytes());
        }
    }
}

fn hash_dict(h: &mut IdHash, d: &Dictionary) {
    h.bytes(b"<<");
    for (k, v) in d.iter() {
        h.bytes(k);
        hash_object(h, v);
    }
    h.bytes(b">>");
}

/// The hash of the content ID: the first 16 bytes of a SHA-256 (hardware-assisted where
/// the CPU has it, the same digest everywhere).
#[derive(Default)]
struct IdHash(sha2::Sha256);

impl IdHash {
    fn bytes(&mut self, bytes: &[u8]) {
        use sha2::Digest;
        self.0.update(bytes);
    }

    fn finish(self) -> [u8; 16] {
        use sha2::Digest;
        let digest = self.0.finalize();
        let mut out = [0u8; 16];
        out.copy_from_slice(&digest[..16]);
        out
    }
}

#[cfg(test)]
mod tests {
    use lopdf::{Dictionary, Document, Object, Stream};

    fn with_stream(bytes: &[u8]) -> Document {
        let mut doc = Document::with_version("1.4");
        doc.add_object(Object::Integer(7));
        doc.add_object(Stream::new(Dictionary::new(), bytes.to_vec()));
        doc
    }

    /// The ID is of the content: the same objects give the same ID, a byte changed in a
    /// stream (whose bytes are digested apart, in parallel) a different one.
    #[test]
    fn the_id_follows_every_byte_of_the_content() {
        let id = |bytes: &[u8]| super::content_id(&with_stream(bytes));
        assert_eq!(id(b"0 0 1 rg"), id(b"0 0 1 rg"));
        assert_ne!(id(b"0 0 1 rg"), id(b"0 0 2 rg"));
        let mut other = with_stream(b"0 0 1 rg");
        other.add_object(Object::Integer(8));
        assert_ne!(super::content_id(&other), id(b"0 0 1 rg"));
    }
}
