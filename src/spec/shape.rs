//! Article shapes: an article's area as a union of rectangles on the grid (an L, a 凸,
//! steps), its text blocks derived from it: column by column, left to right, each run of
//! lines the shape covers in that column and the article's head and photo do not.

use toml::Spanned;

use super::context::Context;
use super::raw::RawArea;
use super::{GridArea, GridSpec};
use crate::error::Result;

impl Context<'_> {
    /// The rectangles of a shape, checked like any area.
    pub(super) fn shape(
        &self,
        raw: &Spanned<Vec<Spanned<RawArea>>>,
        owner: &str,
        grid: &GridSpec,
    ) -> Result<Vec<GridArea>> {
        if raw.get_ref().is_empty() {
            return Err(self.error(
                raw.span(),
                &format!("{owner}: shape"),
                "needs at least one rectangle",
            ));
        }
        raw.get_ref()
            .iter()
            .enumerate()
            .map(|(i, r)| self.area(r, &format!("{owner}: shape[{i}]"), grid))
            .collect()
    }
}

/// The text blocks of a shape: per basic column, left to right, the runs of lines covered
/// by some rectangle of `shape` and by none of `taken` (the head, the photo).
pub fn blocks(shape: &[GridArea], taken: &[GridArea]) -> Vec<GridArea> {
    let covers = |areas: &[GridArea], column: u32, line: u32| {
        areas.iter().any(|a| {
            (a.column..a.column + a.span).contains(&column)
                && (a.line..a.line + a.lines).contains(&line)
        })
    };
    let first = shape.iter().map(|a| a.column).min().unwrap_or(1);
    let last = shape.iter().map(|a| a.column + a.span).max().unwrap_or(1);
    let top = shape.iter().map(|a| a.line).min().unwrap_or(0);
    let bottom = shape.iter().map(|a| a.line + a.lines).max().unwrap_or(0);
    let mut out = Vec::new();
    for column in first..last {
        let mut run: Option<(u32, u32)> = None;
        for line in top..=bottom {
            let text = line < bottom && covers(shape, column, line) && !covers(taken, column, line);
            match (&mut run, text) {
                (Some((_, n)), true) => *n += 1,
                (None, true) => run = Some((line, 1)),
                (Some((start, n)), false) => {
                    out.push(GridArea {
                        column,
                        span: 1,
                        line: *start,
                        lines: *n,
                    });
                    run = None;
                }
                (None, false) => {}
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn area(column: u32, span: u32, line: u32, lines: u32) -> GridArea {
        GridArea {
            column,
            span,
            line,
            lines,
        }
    }

    #[test]
    fn an_l_and_a_convex_shape_give_their_columns_in_order() {
        // An L: three columns of 10 lines, the first going on 10 lines more.
        let l = blocks(&[area(1, 3, 0, 10), area(1, 1, 10, 10)], &[]);
        assert_eq!(l, [area(1, 1, 0, 20), area(2, 1, 0, 10), area(3, 1, 0, 10)]);
        // A 凸 with its head on the top step.
        let tu = blocks(&[area(2, 1, 0, 8), area(1, 3, 8, 12)], &[area(2, 1, 0, 3)]);
        assert_eq!(
            tu,
            [area(1, 1, 8, 12), area(2, 1, 3, 17), area(3, 1, 8, 12)]
        );
    }
}
