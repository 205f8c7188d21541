//! Document-level checks: version and forbidden features, the trailer ID, Info and XMP
//! identification, and the one output intent.

use lopdf::{Document, Object};

use super::{Log, Rules, obj_name};
use crate::plate::Profile;

pub(super) fn check(raw: &[u8], doc: &Document, rules: &Rules, log: &mut Log) {
    let profile = rules.profile;
    version(raw, profile, log);
    if doc.trailer.has(b"Encrypt") {
        log.error(
            None,
            "trailer",
            "encrypted",
            "the file is encrypted",
            "export it without security",
        );
    }
    forbidden_features(raw, doc, profile, true, log);
    if !profile.is_pdfx() {
        return;
    }
    match doc.trailer.get(b"ID").and_then(Object::as_array) {
        Ok(ids)
            if ids.len() == 2 && ids.iter().all(|i| i.as_str().is_ok_and(|s| !s.is_empty())) => {}
        _ => log.error(
            None,
            "trailer",
            "no-id",
            "the trailer has no /ID of two strings",
            "export as PDF/X, which writes a document ID",
        ),
    }
    info(doc, profile, log);
    if profile == Profile::PdfX4 {
        xmp(doc, log);
    }
    output_intent(doc, profile, log);
}

fn version(raw: &[u8], profile: Profile, log: &mut Log) {
    let header = raw.get(..16).unwrap_or(raw);
    let parsed = header.strip_prefix(b"%PDF-").and_then(|v| {
        let major = (*v.first()? as char).to_digit(10)?;
        let minor = (*v.get(2)? as char).to_digit(10)?;
        (v.get(1) == Some(&b'.')).then_some((major as u8, minor as u8))
    });
    match parsed {
        Some(v) if v <= profile.max_version() => {}
        Some((a, b)) => {
            let (ma, mb) = profile.max_version();
            log.error(
                None,
                "header",
                "version",
                format!("the file is PDF {a}.{b}; {profile} allows at most PDF {ma}.{mb}"),
                format!("export with PDF {ma}.{mb} compatibility"),
            );
        }
        None => log.error(
            None,
            "header",
            "version",
            "no %PDF-x.y header",
            "re-export the PDF",
        ),
    }
}

/// Features PDF/X forbids. With `whole` off (a supplied page), only what its objects
/// bring along: filters and transfer functions, not the file's catalog or structure.
pub(super) fn forbidden_features(
    raw: &[u8],
    doc: &Document,
    profile: Profile,
    whole: bool,
    log: &mut Log,
) {
    if let Ok(catalog) = doc.catalog()
        && whole
    {
        // A catalog /Version overrides the header's.
        if let Ok(v) = catalog.get(b"Version").and_then(Object::as_name) {
            let mut header = b"%PDF-".to_vec();
            header.extend_from_slice(v);
            version(&header, profile, log);
        }
        for (key, what) in [
            (&b"OpenAction"[..], "an open action"),
            (b"AA", "additional actions"),
        ] {
            if catalog.has(key) && profile.is_pdfx() {
                log.error(
                    None,
                    "catalog",
                    "actions",
                    format!("the catalog has {what}"),
                    "remove actions and JavaScript",
                );
            }
        }
        if let Ok(names) = catalog.get_deref(b"Names", doc).and_then(Object::as_dict)
            && names.has(b"JavaScript")
        {
            log.error(
                None,
                "catalog",
                "javascript",
                "the file carries JavaScript",
                "remove it",
            );
        }
    }
    let objstm = contains(raw, b"/ObjStm") || contains(raw, b"/XRef");
    if objstm && profile == Profile::PdfX1a && whole {
        log.error(
            None,
            "file",
            "object-streams",
            "object or cross-reference streams are PDF 1.5 features, not allowed in PDF/X-1a",
            "export with PDF 1.3 compatibility (a classic xref table)",
        );
    }
    for (id, object) in &doc.objects {
        let dict = match object {
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        let filters: Vec<&[u8]> = match dict.get(b"Filter") {
            Ok(Object::Name(n)) => vec![n.as_slice()],
            Ok(Object::Array(a)) => a.iter().filter_map(|f| f.as_name().ok()).collect(),
            _ => vec![],
        };
        for f in filters {
            let bad = match f {
                b"LZWDecode" => profile.is_pdfx(),
                b"JBIG2Decode" | b"JPXDecode" => profile == Profile::PdfX1a,
                _ => false,
            };
            if bad {
                log.error(
                    None,
                    obj_name(*id),
                    "filter",
                    format!("a stream uses /{}", String::from_utf8_lossy(f)),
                    "re-export with Flate or JPEG compression",
                );
            }
        }
        if dict.has(b"TR") || dict.has(b"TR2") {
            log.error(
                None,
                obj_name(*id),
                "transfer-function",
                "a transfer function is set",
                "remove transfer functions",
            );
        }
    }
}

fn contains(hay: &[u8], needle: &[u8]) -> bool {
    memchr::memmem::find(hay, needle).is_some()
}

fn info(doc: &Document, profile: Profile, log: &mut Log) {
    let info = doc
        .trailer
        .get(b"Info")
        .ok()
        .and_then(|i| doc.dereference(i).ok())
        .and_then(|(_, o)| o.as_dict().ok());
    let Some(info) = info else {
        log.error(
            None,
            "Info",
            "no-info",
            "there is no Info dictionary",
            "export as PDF/X, which writes Title and dates",
        );
        return;
    };
    for key in ["Title", "CreationDate", "ModDate"] {
        if !info
            .get(key.as_bytes())
            .is_ok_and(|v| v.as_str().is_ok_and(|s| !s.is_empty()))
        {
            log.error(
                None,
                format!("Info /{key}"),
                "info-key",
                format!("Info has no /{key}"),
                "set the document's title and dates",
            );
        }
    }
    match info.get(b"Trapped").and_then(Object::as_name) {
        Ok(b"True" | b"False") => {}
        _ => log.error(
            None,
            "Info /Trapped",
            "trapped",
            "/Trapped must be /True or /False",
            "set Trapped to False (or True after trapping)",
        ),
    }
    let string = |key: &[u8]| {
        info.get(key)
            .and_then(Object::as_str)
            .ok()
            .map(|s| String::from_utf8_lossy(s).into_owned())
    };
    let expected = profile.gts_version().unwrap_or_default();
    match string(b"GTS_PDFXVersion") {
        Some(v) if v == expected => {}
        Some(v) if profile == Profile::PdfX4 && v.starts_with("PDF/X-4") => {}
        Some(v) => log.error(
            None,
            "Info /GTS_PDFXVersion",
            "pdfx-version",
            format!("is `{v}`, {profile} needs `{expected}`"),
            format!("export as {profile}"),
        ),
        None if profile == Profile::PdfX4 => {}
        None => log.error(
            None,
            "Info /GTS_PDFXVersion",
            "pdfx-version",
            "the file does not say it is PDF/X",
            format!("export as {profile}"),
        ),
    }
    if let Some(want) = profile.gts_conformance()
        && string(b"GTS_PDFXConformance").as_deref() != Some(want)
    {
        log.error(
            None,
            "Info /GTS_PDFXConformance",
            "pdfx-conformance",
            format!("must be `{want}`"),
            format!("export as {profile}"),
        );
    }
}

fn xmp(doc: &Document, log: &mut Log) {
    let packet = doc
        .catalog()
        .ok()
        .and_then(|c| c.get_deref(b"Metadata", doc).ok())
        .and_then(|m| m.as_stream().ok())
        .and_then(|s| {
            s.decompressed_content()
                .ok()
                .or_else(|| Some(s.content.clone()))
        });
    let Some(packet) = packet else {
        log.error(
            None,
            "catalog /Metadata",
            "xmp",
            "PDF/X-4 needs an XMP packet",
            "export as PDF/X-4",
        );
        return;
    };
    let text = String::from_utf8_lossy(&packet);
    for (needle, what) in [
        ("GTS_PDFXVersion>PDF/X-4", "pdfxid:GTS_PDFXVersion PDF/X-4"),
        ("xmpMM:DocumentID", "xmpMM:DocumentID"),
        ("xmpMM:InstanceID", "xmpMM:InstanceID"),
        ("xmpMM:VersionID", "xmpMM:VersionID"),
        ("xmpMM:RenditionClass", "xmpMM:RenditionClass"),
        ("xmp:CreateDate", "xmp:CreateDate"),
        ("xmp:ModifyDate", "xmp:ModifyDate"),
    ] {
        if !text.contains(needle) {
            log.error(
                None,
                "catalog /Metadata",
                "xmp",
                format!("the XMP lacks {what}"),
                "export as PDF/X-4",
            );
        }
    }
}

fn output_intent(doc: &Document, profile: Profile, log: &mut Log) {
    let intents: Vec<&lopdf::Dictionary> = doc
        .catalog()
        .ok()
        .and_then(|c| c.get_deref(b"OutputIntents", doc).ok())
        .and_then(|o| o.as_array().ok())
        .map(|a| {
            a.iter()
                .filter_map(|i| doc.dereference(i).ok().and_then(|(_, o)| o.as_dict().ok()))
                .filter(|d| {
                    d.get(b"S")
                        .and_then(Object::as_name)
                        .is_ok_and(|s| s == b"GTS_PDFX")
                })
                .collect()
        })
        .unwrap_or_default();
    let fix = "add one /GTS_PDFX output intent: a registered condition such as IFRA26, or the paper's ICC output profile";
    let intent = match intents.as_slice() {
        [one] => *one,
        [] => {
            log.error(
                None,
                "catalog /OutputIntents",
                "output-intent",
                "there is no /GTS_PDFX output intent",
                fix,
            );
            return;
        }
        _ => {
            log.error(
                None,
                "catalog /OutputIntents",
                "output-intent",
                format!(
                    "{} /GTS_PDFX output intents; exactly one is allowed",
                    intents.len()
                ),
                fix,
            );
            return;
        }
    };
    if !intent
        .get(b"OutputConditionIdentifier")
        .is_ok_and(|o| o.as_str().is_ok())
    {
        log.error(
            None,
            "OutputIntent",
            "output-intent",
            "the output intent has no OutputConditionIdentifier",
            fix,
        );
    }
    match intent
        .get_deref(b"DestOutputProfile", doc)
        .and_then(Object::as_stream)
    {
        Ok(stream) => {
            let data = stream
                .decompressed_content()
                .unwrap_or_else(|_| stream.content.clone());
            match crate::plate::IccProfile::fits(&data, profile) {
                Ok(_) => {}
                Err(m) => log.error(
                    None,
                    "OutputIntent /DestOutputProfile",
                    "output-profile",
                    format!("the embedded profile {m}"),
                    "embed a CMYK output (prtr) profile",
                ),
            }
        }
        Err(_) if profile.needs_embedded_profile() => log.error(
            None,
            "OutputIntent",
            "output-profile",
            "PDF/X-4 needs the output profile embedded",
            "embed the paper's ICC output profile",
        ),
        Err(_) => {
            if !intent.has(b"RegistryName") || !intent.has(b"Info") {
                log.error(
                    None,
                    "OutputIntent",
                    "output-intent",
                    "a registered condition needs /RegistryName and /Info",
                    fix,
                );
            }
        }
    }
}
