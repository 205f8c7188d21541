//! QR codes drawn as vector modules: 100 % K, error correction M, a 4-module quiet zone,
//! as large as the area allows and centred in it. Newsprint needs modules of at least
//! 0.5 mm; an area too small for that is an error naming the spec line.

use super::Composer;
use crate::display::Item;
use crate::error::{Error, Result};
use crate::geom::{Ink, Mm, Rect};
use crate::spec::QrSpec;

/// Smallest module newsprint holds.
const MIN_MODULE: Mm = Mm(0.5);
/// Light modules around the code.
const QUIET: usize = 4;

/// Draws the spec's QR codes.
pub fn compose(cx: &mut Composer<'_, '_>) -> Result<()> {
    for q in &cx.spec.qrs {
        let items = draw(q, cx.grid.rect(&q.area), cx.spec.place(q.spec_line))?;
        cx.items.extend(items);
    }
    Ok(())
}

fn draw(q: &QrSpec, area: Rect, (file, line): (std::path::PathBuf, usize)) -> Result<Vec<Item>> {
    let error = |message: String| Error::Spec {
        file: file.clone(),
        line: Some(line),
        field: "qr.url".into(),
        message,
    };
    let code = qrcode::QrCode::with_error_correction_level(q.url.as_bytes(), qrcode::EcLevel::M)
        .map_err(|e| error(format!("cannot be encoded as a QR code: {e}")))?;
    let n = code.width();
    let side = area.w.min(area.h);
    let module = side / (n + 2 * QUIET) as f64;
    if module < MIN_MODULE.to_pt() {
        return Err(error(format!(
            "needs {} modules a side; in this area each is {:.2} mm, under the {} mm newsprint holds: give it at least {:.1} mm square",
            n + 2 * QUIET,
            module.to_mm().0,
            MIN_MODULE.0,
            (MIN_MODULE.to_pt() * (n + 2 * QUIET) as f64).to_mm().0
        )));
    }
    let x0 = area.x + (area.w - side) / 2.0 + module * QUIET as f64;
    let y0 = area.y + (area.h - side) / 2.0 + module * QUIET as f64;
    let colors = code.to_colors();
    let mut items = Vec::new();
    // Each row's runs of dark modules as one rectangle.
    for row in 0..n {
        let mut col = 0;
        while col < n {
            if colors[row * n + col] != qrcode::Color::Dark {
                col += 1;
                continue;
            }
            let start = col;
            while col < n && colors[row * n + col] == qrcode::Color::Dark {
                col += 1;
            }
            items.push(Item::Fill {
                rect: Rect::new(
                    x0 + module * start as f64,
                    y0 + module * row as f64,
                    module * (col - start) as f64,
                    // A hair taller, so rows meet without a seam on screen previews.
                    module * 1.02,
                ),
                color: Ink::BLACK,
            });
        }
    }
    Ok(items)
}
