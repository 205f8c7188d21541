//! A spec's styles: face, fallbacks, size, colour, leading and setting, each checked.

use toml::Spanned;

use super::context::Context;
use super::limits::{self, within};
use super::raw::RawStyle;
use super::{FontRef, FontSpec, StyleSpec};
use crate::error::Result;
use crate::geom::{Em, Pt};
use crate::style::Setting;

impl Context<'_> {
    pub(super) fn style(
        &self,
        name: &str,
        s: &Spanned<RawStyle>,
        fonts: &[FontSpec],
        spots: &super::Spots,
    ) -> Result<StyleSpec> {
        let raw = s.get_ref();
        let font_ref = |f: &Spanned<String>, field: &str| -> Result<FontRef> {
            fonts
                .iter()
                .position(|x| x.name == *f.get_ref())
                .map(|i| FontRef(i as u16))
                .ok_or_else(|| {
                    self.error(
                        f.span(),
                        &format!("styles.{name}.{field}"),
                        &format!(
                            "no font named `{}`{}; [fonts] defines: {}",
                            f.get_ref(),
                            crate::suggest::did_you_mean(
                                f.get_ref(),
                                fonts.iter().map(|x| x.name.as_str())
                            ),
                            fonts
                                .iter()
                                .map(|x| format!("`{}`", x.name))
                                .collect::<Vec<_>>()
                                .join(", ")
                        ),
                    )
                })
        };
        let font = font_ref(&raw.font, "font")?;
        let at = |field: &str| format!("styles.{name}.{field}");
        let size = within(*raw.size.get_ref(), limits::SIZE_PT, "pt")
            .map_err(|m| self.error(raw.size.span(), &at("size"), &m))?;
        within(raw.indent, (0.0, limits::INDENT_EM), "em")
            .map_err(|m| self.error(s.span(), &at("indent"), &m))?;
        // The default is 1.2 × size, within the bounds a written leading must keep.
        let leading = raw.leading.unwrap_or((size * 1.2).min(limits::SIZE_PT.1));
        within(leading, limits::SIZE_PT, "pt")
            .map_err(|m| self.error(s.span(), &at("leading"), &m))?;
        if leading < size {
            return Err(self.error(
                s.span(),
                &at("leading"),
                &format!(
                    "{leading} pt is less than the size {size} pt; the style's lines would print on top of each other"
                ),
            ));
        }
        if !(0.5..=1.0).contains(&raw.condense) {
            return Err(self.error(
                s.span(),
                &at("condense"),
                &format!(
                    "must be between 0.5 and 1 (a line scaled across to at least half its width), found {}",
                    raw.condense
                ),
            ));
        }
        if raw.min_last_line_han > limits::LAST_LINE_HAN {
            return Err(self.error(
                s.span(),
                &at("min_last_line_han"),
                &format!(
                    "must be at most {}, found {}",
                    limits::LAST_LINE_HAN,
                    raw.min_last_line_han
                ),
            ));
        }
        if raw.fallback.len() > limits::FALLBACKS {
            return Err(self.error(
                s.span(),
                &at("fallback"),
                &format!(
                    "at most {} faces, found {}",
                    limits::FALLBACKS,
                    raw.fallback.len()
                ),
            ));
        }
        let fallback = raw
            .fallback
            .iter()
            .map(|f| font_ref(f, "fallback"))
            .collect::<Result<Vec<_>>>()?;
        let color = self.ink(raw.color.as_ref(), spots, &at("color"))?;
        Ok(StyleSpec {
            name: name.to_string(),
            font,
            size: Pt(size),
            color,
            leading: Pt(leading),
            setting: Setting {
                indent: Em(raw.indent),
                prohibition: raw.prohibit,
                align: raw.align,
                justify: raw.justify,
                punct: raw.punct,
                hang: raw.hang,
                han_latin_spacing: raw.han_latin_spacing,
                min_last_line_han: raw.min_last_line_han,
                normalize: raw.normalize,
                widows: raw.widows,
                condense: raw.condense,
                vertical: false,
            },
            fallback,
        })
    }
}
