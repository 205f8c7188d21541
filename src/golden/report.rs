//! The HTML report of a golden check: one row per page, expected | diff | actual.

use std::fmt::Write;

/// One page of a check, as the report shows it.
#[derive(Debug, Clone)]
pub struct Row {
    /// The page's name (spec file stem, page number).
    pub name: String,
    /// Whether it matched.
    pub ok: bool,
    /// Differing pixels.
    pub differing: usize,
    /// What went wrong, if anything beyond differing pixels.
    pub note: String,
    /// Image paths relative to the report: expected, diff, actual (any may be missing).
    pub images: [Option<String>; 3],
}

/// Writes the report as a standalone HTML page.
pub fn html(title: &str, rows: &[Row]) -> String {
    let failed = rows.iter().filter(|r| !r.ok).count();
    let mut s = String::new();
    let _ = write!(
        s,
        "<!DOCTYPE html>\n<html lang=\"zh-Hans\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>\n\
         body{{font-family:sans-serif;margin:1em}} table{{border-collapse:collapse}}\n\
         td,th{{border:1px solid #ccc;padding:4px;vertical-align:top}} img{{max-width:360px;image-rendering:pixelated}}\n\
         .fail{{background:#fee}} .ok{{background:#efe}}\n</style>\n</head>\n<body>\n<h1>{}</h1>\n\
         <p>{} of {} pages differ.</p>\n<table>\n<tr><th>page</th><th>differing pixels</th><th>expected</th><th>diff</th><th>actual</th></tr>\n",
        escape(title),
        escape(title),
        failed,
        rows.len()
    );
    for r in rows {
        let _ = write!(
            s,
            "<tr class=\"{}\"><td>{}<br>{}</td><td>{}</td>",
            if r.ok { "ok" } else { "fail" },
            escape(&r.name),
            escape(&r.note),
            r.differing
        );
        for img in &r.images {
            match img {
                Some(path) => {
                    let _ = write!(
                        s,
                        "<td><a href=\"{0}\"><img src=\"{0}\" alt=\"{0}\"></a></td>",
                        escape(path)
                    );
                }
                None => s.push_str("<td>—</td>"),
            }
        }
        s.push_str("</tr>\n");
    }
    s.push_str("</table>\n");
    // Say so, on the page and on the console, if an image did not load (a report moved
    // without its images is no report).
    s.push_str(
        "<script>\nwindow.addEventListener('load', function () {\n  var missing = 0;\n  \
         document.querySelectorAll('img').forEach(function (img) {\n    \
         if (!img.complete || img.naturalWidth === 0) {\n      missing++;\n      \
         console.error('missing image: ' + img.getAttribute('src'));\n    }\n  });\n  \
         if (missing) { document.body.insertAdjacentHTML('afterbegin', '<p class=\"fail\">' + missing + ' images missing</p>'); }\n\
         });\n</script>\n",
    );
    s.push_str("</body>\n</html>\n");
    s
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
