//! What each painted object is judged by: its colour space, overprint, ink and size
//! (the newsprint minimums of print.md §2.3), as the content reader meets it.

use super::area::{Bounds, overlaps};
use super::paint::{Gs, Reader, scale};
use super::space::Space;
use crate::plate::Profile;

/// Newsprint minimums (print.md §2.3): reversed (white) type, type in more than one ink,
/// and rules.
const MIN_REVERSED_PT: f64 = 10.0;
const MIN_COLOUR_TEXT_PT: f64 = 10.0;
const MIN_RULE_PT: f64 = 0.25;
const MIN_COLOUR_RULE_PT: f64 = 1.0;
/// Black rules at most this heavy are thin: they must overprint.
const THIN_RULE_PT: f64 = 2.0;
impl Reader<'_, '_> {
    /// Whether something at `at` prints: inside the printed area (marks outside the bleed
    /// are exempt) and inside the clip in force.
    pub(super) fn printed(&self, gs: &Gs, at: Option<Bounds>) -> bool {
        at.is_none_or(|b| {
            overlaps(&b, &self.scope.printed) && gs.clip.is_none_or(|c| overlaps(&b, &c))
        })
    }

    /// Whether a white object set to overprint vanishes: in DeviceCMYK only with
    /// overprint mode 1 (mode 0 paints the zeros); gray and spot inks always.
    fn white_vanishes(space: &Space, colour: &[f32], op: bool, opm: bool) -> bool {
        op && space.is_white(colour) && (opm || !matches!(space, Space::Cmyk))
    }

    /// Colour on a page printed in black alone: C, M or Y ink, or any colour space but
    /// gray (DeviceCMYK with K alone is black too).
    pub(super) fn mono(&mut self, space: &Space, colour: &[f32], what: &str, object: &str) {
        if !self.scope.rules.mono_pages.contains(&self.scope.page) {
            return;
        }
        let chromatic = match space {
            Space::Gray => false,
            Space::Cmyk => colour.iter().take(3).any(|v| *v > 0.0),
            Space::Separation(name, _) => !matches!(name.as_str(), "Black" | "All" | "None"),
            _ => true,
        };
        if chromatic {
            self.log.error(
                Some(self.scope.page),
                object,
                "colour-on-mono-page",
                format!("{what} carries colour on a page printed in black alone"),
                "set it in black (K or gray) alone",
            );
        }
    }

    /// RGB or device-independent colour on a CMYK plate.
    pub(super) fn colour_space(
        &mut self,
        space: &Space,
        check: &'static str,
        what: &str,
        object: &str,
    ) -> bool {
        let profile = self.scope.rules.profile;
        if let Space::Separation(name, _) = space
            && !matches!(name.as_str(), "All" | "None")
            && profile.is_pdfx()
        {
            self.log.warn(
                Some(self.scope.page),
                format!("{object} /{name}"),
                "spot-colour",
                format!("{what} uses the spot ink `{name}`, which needs a plate of its own"),
                "print it as process colour unless the press has a unit for it",
            );
        }
        let Some(why) = space.not_cmyk() else {
            return true;
        };
        let page = Some(self.scope.page);
        match profile {
            Profile::PdfX1a => self.log.error(
                page,
                object,
                check,
                format!("{what} is in {why}, which PDF/X-1a forbids"),
                "convert it to CMYK (or gray)",
            ),
            Profile::PdfX4 if space.not_cmyk().is_some_and(|w| w.contains("unknown")) => {
                self.log.error(
                    page,
                    object,
                    check,
                    format!("{what} is in {why}"),
                    "convert it to CMYK",
                )
            }
            Profile::PdfX4 => self.log.warn(
                page,
                object,
                check,
                format!("{what} is in {why}; a newspaper plate is CMYK"),
                "convert it to CMYK",
            ),
            Profile::Screen => return true,
        }
        false
    }

    fn ink(
        &mut self,
        gs: &Gs,
        space: &Space,
        colour: &[f32],
        at: Option<Bounds>,
        what: &str,
        object: &str,
    ) {
        let limit = self.scope.rules.ink_limit;
        if let Some(ink) = space.ink(colour)
            && ink > limit + 0.5
            && self.printed(gs, at)
            && self.scope.rules.profile.is_pdfx()
        {
            self.log.error(
                Some(self.scope.page),
                object,
                "ink-limit",
                format!("{what} carries {ink:.0} % ink, over the {limit:.0} % limit"),
                "reduce the total ink (less CMY under black)",
            );
        }
    }

    pub(super) fn fill(&mut self, gs: &Gs, at: Option<Bounds>, object: &str) {
        if !self.printed(gs, at) {
            return;
        }
        let page = Some(self.scope.page);
        self.colour_space(&gs.fill_space, "rgb-fill", "a fill", object);
        if Self::white_vanishes(&gs.fill_space, &gs.fill, gs.op_fill, gs.opm)
            && self.scope.rules.profile.is_pdfx()
        {
            self.log.error(
                page,
                object,
                "white-overprint",
                "a white fill is set to overprint: it will vanish",
                "turn overprint off for white objects",
            );
        }
        self.mono(&gs.fill_space, &gs.fill, "a fill", object);
        self.ink(gs, &gs.fill_space, &gs.fill, at, "a fill", object);
    }

    pub(super) fn stroke(&mut self, gs: &Gs, at: Option<Bounds>, object: &str) {
        if !self.printed(gs, at) {
            return;
        }
        let page = Some(self.scope.page);
        let pdfx = self.scope.rules.profile.is_pdfx();
        self.colour_space(&gs.stroke_space, "rgb-stroke", "a stroke", object);
        let width = gs.line_width * scale(&gs.ctm);
        if Self::white_vanishes(&gs.stroke_space, &gs.stroke, gs.op_stroke, gs.opm) && pdfx {
            self.log.error(
                page,
                object,
                "white-overprint",
                "a white line is set to overprint: it will vanish",
                "turn overprint off for white objects",
            );
        }
        if pdfx
            && gs.stroke_space.is_solid_black(&gs.stroke)
            && width <= THIN_RULE_PT
            && !gs.op_stroke
        {
            self.log.warn(
                page,
                object,
                "black-rule-knockout",
                format!("a thin 100 % K line ({width:.2} pt) knocks out"),
                "set black rules to overprint",
            );
        }
        let inks = gs.stroke.iter().filter(|v| **v > 0.0).count();
        if pdfx && width < MIN_RULE_PT && width > 0.0 {
            self.log.warn(
                page,
                object,
                "thin-rule",
                format!("a line of {width:.2} pt is under the {MIN_RULE_PT} pt newsprint holds"),
                "use a heavier rule",
            );
        } else if pdfx
            && inks > 1
            && width < MIN_COLOUR_RULE_PT
            && width > 0.0
            && matches!(gs.stroke_space, Space::Cmyk)
        {
            self.log.warn(
                page,
                object,
                "thin-colour-rule",
                format!("a line of {width:.2} pt in {inks} inks is under {MIN_COLOUR_RULE_PT} pt"),
                "use one ink or a heavier rule",
            );
        }
        self.mono(&gs.stroke_space, &gs.stroke, "a stroke", object);
        self.ink(gs, &gs.stroke_space, &gs.stroke, at, "a stroke", object);
    }

    pub(super) fn text(&mut self, gs: &Gs, mode: i64, size: f64, at: (f64, f64), object: &str) {
        if mode == 3 || mode == 7 {
            return; // invisible
        }
        let at = Some([at.0, at.1, at.0 + size.max(0.01), at.1 + size.max(0.01)]);
        if !self.printed(gs, at) {
            return;
        }
        // Fill, stroke or both, as the render mode paints them.
        let fill = !matches!(mode, 1 | 5);
        let stroke = matches!(mode, 1 | 2 | 5 | 6);
        if fill {
            self.text_colour(gs, &gs.fill_space, &gs.fill, gs.op_fill, size, at, object);
        }
        if stroke {
            self.text_colour(
                gs,
                &gs.stroke_space,
                &gs.stroke,
                gs.op_stroke,
                size,
                at,
                object,
            );
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn text_colour(
        &mut self,
        gs: &Gs,
        space: &Space,
        colour: &[f32],
        op: bool,
        size: f64,
        at: Option<Bounds>,
        object: &str,
    ) {
        let page = Some(self.scope.page);
        let pdfx = self.scope.rules.profile.is_pdfx();
        self.colour_space(space, "rgb-text", "text", object);
        // A Type3 font paints with its own glyph procedures, which are judged as content.
        if !pdfx || gs.type3 {
            return;
        }
        if space.is_built_black(colour) {
            self.log.error(
                page,
                object,
                "four-colour-black-text",
                format!("black text is built from several inks {colour:?}"),
                "set black text in 100 % K alone",
            );
        } else if space.is_solid_black(colour) && !op {
            self.log.error(
                page,
                object,
                "black-text-knockout",
                "100 % K text knocks out instead of overprinting",
                "set black text to overprint (/op true, /OPM 1)",
            );
        }
        if space.is_white(colour) {
            if Self::white_vanishes(space, colour, op, gs.opm) {
                self.log.error(
                    page,
                    object,
                    "white-overprint",
                    "white text is set to overprint: it will vanish",
                    "turn overprint off for white text",
                );
            }
            if size < MIN_REVERSED_PT {
                self.log.warn(
                    page,
                    object,
                    "small-reversed-text",
                    format!("reversed text of {size:.1} pt is under {MIN_REVERSED_PT} pt"),
                    "set reversed text larger",
                );
            }
        } else if matches!(space, Space::Cmyk)
            && colour.iter().filter(|v| **v > 0.0).count() > 1
            && size < MIN_COLOUR_TEXT_PT
        {
            self.log.warn(
                page,
                object,
                "small-colour-text",
                format!("text of {size:.1} pt in several inks is under {MIN_COLOUR_TEXT_PT} pt"),
                "use one ink or a larger size",
            );
        }
        self.mono(space, colour, "text", object);
        self.ink(gs, space, colour, at, "text", object);
    }
}
