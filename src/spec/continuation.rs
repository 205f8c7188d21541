//! Continuations (转版): the part of a story that jumps to this page from an earlier page of
//! the edition. A continuation names the story by its id and gives it a head area for the
//! repeated head (转版标题) and more text blocks; the story's file is named where it starts.

use toml::Spanned;

use super::context::Context;
use super::limits;
use super::overlap::{Placed, Role};
use super::raw::{RawArea, RawContinuation};
use super::{ArticleSpec, ContinuationSpec, GridArea, GridSpec, Overlap, Split};
use crate::error::Result;

impl Context<'_> {
    /// An article's or a continuation's text blocks: at least one, each of a measure a
    /// line can hold.
    pub(super) fn blocks(
        &self,
        raw: &Spanned<Vec<Spanned<RawArea>>>,
        owner: &str,
        grid: &GridSpec,
    ) -> Result<(Vec<GridArea>, Vec<Split>)> {
        if raw.get_ref().is_empty() {
            return Err(self.error(
                raw.span(),
                &format!("{owner}: blocks"),
                "needs at least one text block",
            ));
        }
        let mut blocks = Vec::new();
        let mut splits = Vec::new();
        for (i, b) in raw.get_ref().iter().enumerate() {
            let field = format!("{owner}: blocks[{i}]");
            // The split is the block's; the rest is an area like any other.
            let mut plain = *b.get_ref();
            let (split, remainder) = (plain.split.take(), plain.remainder.take());
            let plain = Spanned::new(b.span(), plain);
            let area = self.area(&plain, &field, grid)?;
            let chars = area.span * grid.column_chars + (area.span - 1) * grid.gutter_chars;
            if chars > limits::MEASURE_CHARS {
                return Err(self.error(
                    b.span(),
                    &format!("{owner}: blocks[{i}]"),
                    &format!(
                        "a line of {chars} characters; a text block's lines may hold at most {}",
                        limits::MEASURE_CHARS
                    ),
                ));
            }
            let split = Split {
                parts: split.unwrap_or(1),
                remainder: remainder.unwrap_or_default(),
            };
            if split.parts == 0 || split.parts > area.span.max(1) * 4 {
                return Err(self.error(
                    b.span(),
                    &format!("{field}.split"),
                    &format!(
                        "a block of {} columns splits into 1–{} columns, not {}",
                        area.span,
                        area.span * 4,
                        split.parts
                    ),
                ));
            }
            if split.parts > 1 && split.columns(chars).iter().any(|(_, w)| *w < 4.0) {
                return Err(self.error(
                    b.span(),
                    &format!("{field}.split"),
                    &format!(
                        "{chars} characters in {} columns leaves fewer than 4 characters a line",
                        split.parts
                    ),
                ));
            }
            blocks.push(area);
            splits.push(split);
        }
        Ok((blocks, splits))
    }

    /// The page's continuations, checked against its articles: a story does not jump onto
    /// the page it starts on, nor onto one page twice.
    pub(super) fn continuations(
        &self,
        raw: &[Spanned<RawContinuation>],
        articles: &[ArticleSpec],
        grid: &GridSpec,
        placed: &mut Vec<Placed>,
    ) -> Result<Vec<ContinuationSpec>> {
        let mut out: Vec<ContinuationSpec> = Vec::new();
        for raw_c in raw {
            let c = raw_c.get_ref();
            let id = c.id.get_ref().clone();
            let owner = format!("continuation {id}");
            if articles.iter().any(|a| a.id == id) {
                return Err(self.error(
                    c.id.span(),
                    "continuation.id",
                    &format!(
                        "story `{id}` starts on this page, so it cannot jump onto it; give these blocks to its [[article]]"
                    ),
                ));
            }
            if out.iter().any(|o| o.id == id) {
                return Err(self.error(
                    c.id.span(),
                    "continuation.id",
                    &format!(
                        "story `{id}` continues on this page twice; give one continuation all its blocks"
                    ),
                ));
            }
            let head = self.area(&c.head, &format!("{owner}: head"), grid)?;
            let (blocks, splits) = self.blocks(&c.blocks, &owner, grid)?;
            if blocks[0].lines < 2 {
                return Err(self.error(
                    c.blocks.get_ref()[0].span(),
                    &format!("{owner}: blocks[0]"),
                    "needs at least 2 lines: its first line is the jump line （上接第X版）",
                ));
            }
            let allow = c.overlap == Overlap::Allow;
            placed.push(Placed::new(
                head,
                format!("{owner}: head"),
                c.head.span(),
                allow,
            ));
            for (i, (b, s)) in blocks.iter().zip(c.blocks.get_ref()).enumerate() {
                placed.push(
                    Placed::new(*b, format!("{owner}: blocks[{i}]"), s.span(), allow)
                        .with_role(Role::Text),
                );
            }
            out.push(ContinuationSpec {
                id,
                head,
                blocks,
                splits,
                spec_line: self.line_of(raw_c.span().start),
            });
        }
        Ok(out)
    }
}
