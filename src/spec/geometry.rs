//! The page's geometry in a spec: trim, type area and grid, and the areas placed on it.

use toml::Spanned;

use super::context::Context;
use super::limits::{self, within};
use super::raw::{RawArea, RawGrid, RawPage};
use super::{GridArea, GridSpec};
use crate::error::Result;
use crate::geom::{Mm, Pt};

impl Context<'_> {
    pub(super) fn grid(&self, page: &RawPage, g: &RawGrid) -> Result<GridSpec> {
        let bounded = |v: &Spanned<f64>, field: &str, range: (f64, f64), unit: &str| {
            within(*v.get_ref(), range, unit).map_err(|m| self.error(v.span(), field, &m))
        };
        let width = Mm(bounded(&page.width, "page.width", limits::PAGE_MM, "mm")?).to_pt();
        let height = Mm(bounded(&page.height, "page.height", limits::PAGE_MM, "mm")?).to_pt();
        let top = Mm(bounded(
            &page.top,
            "page.top",
            (0.0, limits::PAGE_MM.1),
            "mm",
        )?)
        .to_pt();
        let body_size = Pt(bounded(
            &g.body_size,
            "grid.body_size",
            limits::SIZE_PT,
            "pt",
        )?);
        let line_pitch = Pt(bounded(
            &g.line_pitch,
            "grid.line_pitch",
            limits::SIZE_PT,
            "pt",
        )?);
        if line_pitch < body_size {
            return Err(self.error(
                g.line_pitch.span(),
                "grid.line_pitch",
                &format!(
                    "{} pt is less than the body size {} pt; lines would overlap",
                    line_pitch.0, body_size.0
                ),
            ));
        }
        for (v, field, lo, hi) in [
            (&g.columns, "grid.columns", 1, limits::COLUMNS),
            (
                &g.column_chars,
                "grid.column_chars",
                1,
                limits::COLUMN_CHARS,
            ),
            (
                &g.gutter_chars,
                "grid.gutter_chars",
                0,
                limits::GUTTER_CHARS,
            ),
            (&g.lines, "grid.lines", 1, limits::LINES),
        ] {
            let x = *v.get_ref();
            if x < lo || x > hi {
                return Err(self.error(
                    v.span(),
                    field,
                    &format!("must be from {lo} to {hi}, found {x}"),
                ));
            }
        }
        // Bounded above, so none of this can overflow.
        let columns = *g.columns.get_ref();
        let gutter_chars = *g.gutter_chars.get_ref();
        let chars = columns * g.column_chars.get_ref() + (columns - 1) * gutter_chars;
        let type_width = body_size * chars as f64;
        let (left, left_span) = match &page.left {
            Some(l) => (
                Mm(bounded(l, "page.left", (0.0, limits::PAGE_MM.1), "mm")?).to_pt(),
                Some(l.span()),
            ),
            None => ((width - type_width) / 2.0, None),
        };
        if left < Pt::ZERO || left + type_width > width + Pt(0.001) {
            let (span, field) = match left_span {
                Some(span) => (span, "page.left"),
                None => (g.columns.span(), "grid"),
            };
            return Err(self.error(
                span,
                field,
                &format!(
                    "the type area is {chars} characters = {:.1} mm wide and, {:.1} mm from the left, does not fit the {:.1} mm trim",
                    type_width.to_mm().0,
                    left.to_mm().0,
                    width.to_mm().0
                ),
            ));
        }
        let type_height = line_pitch * (*g.lines.get_ref() - 1) as f64 + body_size;
        if top + type_height > height + Pt(0.001) {
            return Err(self.error(
                g.lines.span(),
                "grid.lines",
                &format!(
                    "{} lines of {} pt reach {:.1} mm below the trim's top, past its {:.1} mm height",
                    g.lines.get_ref(),
                    line_pitch.0,
                    (top + type_height).to_mm().0,
                    height.to_mm().0
                ),
            ));
        }
        Ok(GridSpec {
            columns,
            column_chars: *g.column_chars.get_ref(),
            gutter_chars,
            body_size,
            line_pitch,
            lines: *g.lines.get_ref(),
            left,
            top,
        })
    }

    pub(super) fn area(
        &self,
        a: &Spanned<RawArea>,
        field: &str,
        grid: &GridSpec,
    ) -> Result<GridArea> {
        let r = *a.get_ref();
        let bad = |m: String| Err(self.error(a.span(), field, &m));
        if r.split.is_some() || r.remainder.is_some() {
            return bad("`split` and `remainder` are for text blocks only".into());
        }
        if r.column == 0 || r.column > grid.columns {
            return bad(format!(
                "column {} is outside the grid's columns 1..={}",
                r.column, grid.columns
            ));
        }
        // In u64: a span of 4294967295 must not wrap round and pass.
        if r.span == 0 || r.column as u64 + r.span as u64 - 1 > grid.columns as u64 {
            return bad(format!(
                "column {} with span {} ends past the grid's last column {}",
                r.column, r.span, grid.columns
            ));
        }
        if r.lines == 0 || r.line as u64 + r.lines as u64 > grid.lines as u64 {
            return bad(format!(
                "line {} with {} lines ends past the grid's {} lines (lines are numbered from 0)",
                r.line, r.lines, grid.lines
            ));
        }
        Ok(GridArea {
            column: r.column,
            span: r.span,
            line: r.line,
            lines: r.lines,
        })
    }
}
