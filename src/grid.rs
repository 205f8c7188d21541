//! The page grid: columns of whole characters and a baseline grid, in page coordinates.

use crate::geom::{Pt, Rect};
use crate::spec::{GridArea, GridSpec};

/// The grid of a page, resolved to points.
#[derive(Debug, Clone, Copy)]
pub struct PageGrid {
    spec: GridSpec,
}

impl PageGrid {
    /// Creates the grid.
    pub fn new(spec: GridSpec) -> Self {
        Self { spec }
    }

    /// The spec it was made from.
    pub fn spec(&self) -> &GridSpec {
        &self.spec
    }

    /// Width of a basic column.
    pub fn column_width(&self) -> Pt {
        self.spec.body_size * self.spec.column_chars as f64
    }

    /// Width of a gutter.
    pub fn gutter(&self) -> Pt {
        self.spec.body_size * self.spec.gutter_chars as f64
    }

    /// Left edge of a column (1-based).
    pub fn column_left(&self, column: u32) -> Pt {
        self.spec.left + (self.column_width() + self.gutter()) * column.saturating_sub(1) as f64
    }

    /// Top of a line's em box (0-based line).
    pub fn line_top(&self, line: u32) -> Pt {
        self.spec.top + self.spec.line_pitch * line as f64
    }

    /// The rectangle of an area: from the top of its first line's em box to the bottom of
    /// its last line's, across its columns and the gutters between them.
    pub fn rect(&self, area: &GridArea) -> Rect {
        let x = self.column_left(area.column);
        // Saturating: an area is validated by the spec loader, but a rectangle is total.
        let w = self.column_width() * area.span as f64
            + self.gutter() * area.span.saturating_sub(1) as f64;
        let y = self.line_top(area.line);
        let h = self.spec.line_pitch * area.lines.saturating_sub(1) as f64 + self.spec.body_size;
        Rect::new(x, y, w, h)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn grid() -> PageGrid {
        PageGrid::new(GridSpec {
            columns: 8,
            column_chars: 13,
            gutter_chars: 1,
            body_size: Pt(9.0),
            line_pitch: Pt(14.0),
            lines: 100,
            left: Pt(50.0),
            top: Pt(60.0),
        })
    }

    #[test]
    fn columns_are_whole_characters() {
        let g = grid();
        assert_eq!(g.column_width(), Pt(117.0));
        // Two columns and one gutter: 27 characters (长栏).
        let r = g.rect(&GridArea {
            column: 2,
            span: 2,
            line: 0,
            lines: 1,
        });
        assert_eq!(r.w, Pt(27.0 * 9.0));
        assert_eq!(r.x, Pt(50.0 + 126.0));
    }

    #[test]
    fn lines_sit_on_the_pitch() {
        let g = grid();
        let r = g.rect(&GridArea {
            column: 1,
            span: 1,
            line: 3,
            lines: 10,
        });
        assert_eq!(r.y, Pt(60.0 + 42.0));
        assert_eq!(r.h, Pt(9.0 * 14.0 + 9.0));
    }
}
