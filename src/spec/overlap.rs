//! Placed elements may not overlap by accident: text hidden under a photo or a head is
//! text lost.

use std::ops::Range;

use super::GridArea;
use super::context::Context;
use crate::error::Result;

/// An element that takes room on the page, for the overlap check.
pub(super) struct Placed {
    area: GridArea,
    field: String,
    span: Range<usize>,
    allow: bool,
}

impl Placed {
    pub(super) fn new(area: GridArea, field: String, span: Range<usize>, allow: bool) -> Self {
        Self {
            area,
            field,
            span,
            allow,
        }
    }
}

impl Context<'_> {
    /// Refuses two placed elements (text boxes, heads, photos, text blocks) in one place,
    /// unless one of them says `overlap = "allow"`. Rules and tints sit behind text by
    /// design and are not placed elements.
    pub(super) fn check_overlaps(&self, placed: &[Placed]) -> Result<()> {
        for (i, p) in placed.iter().enumerate() {
            if let Some(other) = placed[..i]
                .iter()
                .find(|o| !(o.allow || p.allow) && o.area.overlaps(&p.area))
            {
                return Err(self.error(
                    p.span.clone(),
                    &p.field,
                    &format!(
                        "overlaps {} ({}); move one of them, or give one `overlap = \"allow\"`",
                        other.field,
                        self.at(other.span.start)
                    ),
                ));
            }
        }
        Ok(())
    }
}
