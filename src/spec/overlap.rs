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
    role: Role,
}

/// What a placed element is to the text around it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// A head, a photo, a furniture box: nothing may share its cells.
    Solid,
    /// Text blocks: the text flows around any wrap object inside them.
    Text,
    /// A wrap object (`wrap = true`): it may stand inside text blocks, which flow round it.
    Wrap,
}

impl Placed {
    pub(super) fn new(area: GridArea, field: String, span: Range<usize>, allow: bool) -> Self {
        Self {
            area,
            field,
            span,
            allow,
            role: Role::Solid,
        }
    }

    /// The same element in another role.
    pub(super) fn with_role(mut self, role: Role) -> Self {
        self.role = role;
        self
    }
}

impl Context<'_> {
    /// Refuses two placed elements (text boxes, heads, photos, text blocks) in one place,
    /// unless one of them says `overlap = "allow"`, or one is a wrap object standing in
    /// the other's text blocks. Rules and tints sit behind text by
    /// design and are not placed elements.
    pub(super) fn check_overlaps(&self, placed: &[Placed]) -> Result<()> {
        for (i, p) in placed.iter().enumerate() {
            if let Some(other) = placed[..i].iter().find(|o| {
                let wraps = matches!(
                    (o.role, p.role),
                    (Role::Wrap, Role::Text) | (Role::Text, Role::Wrap)
                );
                !(o.allow || p.allow || wraps) && o.area.overlaps(&p.area)
            }) {
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
