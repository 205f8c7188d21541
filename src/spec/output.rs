//! `[output]`: the profile, printing condition, bleed, marks and ink rules of the plate.

use std::path::PathBuf;

use toml::Spanned;

use super::context::Context;
use super::raw::RawOutput;
use crate::error::Result;
use crate::geom::{Mm, Pt};
use crate::plate::{self, Marks, Profile};

/// The `[output]` table, validated. Files it names are read by the render.
#[derive(Debug, Clone, PartialEq)]
pub struct OutputSpec {
    /// The profile, unless the command line overrides it.
    pub profile: Profile,
    /// A registered condition's name and description (used when no ICC profile is named).
    pub condition: (String, String),
    /// An ICC output profile to embed, and the spec line that names it.
    pub icc: Option<(PathBuf, usize)>,
    /// Bleed around the trim.
    pub bleed: Pt,
    /// Marks outside the bleed.
    pub marks: Marks,
    /// Total ink limit in percent.
    pub ink_limit: f64,
    /// Lowest effective resolution of a photo.
    pub min_ppi: f64,
    /// A photo under `min_ppi` stops the render.
    pub min_ppi_is_error: bool,
    /// Highest resolution kept when a photo is converted.
    pub max_ppi: f64,
    /// RGB photos become gray.
    pub photos_gray: bool,
}

impl Default for OutputSpec {
    fn default() -> Self {
        let plate::Condition::Registered { name, info } = plate::Condition::default() else {
            unreachable!("the default condition is a registered one")
        };
        Self {
            profile: Profile::default(),
            condition: (name, info),
            icc: None,
            bleed: Pt(0.0),
            marks: Marks::default(),
            ink_limit: plate::DEFAULT_INK_LIMIT,
            min_ppi: plate::DEFAULT_MIN_PPI,
            min_ppi_is_error: false,
            max_ppi: plate::DEFAULT_MAX_PPI,
            photos_gray: false,
        }
    }
}

impl Context<'_> {
    pub(super) fn output(&self, raw: Option<&Spanned<RawOutput>>) -> Result<OutputSpec> {
        let mut out = OutputSpec::default();
        let Some(spanned) = raw else {
            return Ok(out);
        };
        let raw = spanned.get_ref();
        if let Some(p) = &raw.profile {
            out.profile = Profile::parse(p.get_ref()).ok_or_else(|| {
                self.error(
                    p.span(),
                    "output.profile",
                    &format!(
                        "`{}` is not a profile; use one of {}",
                        p.get_ref(),
                        Profile::ALL.map(|p| format!("`{p}`")).join(", ")
                    ),
                )
            })?;
        }
        if let Some(c) = &raw.condition {
            let name = c.get_ref().trim();
            if name.is_empty() || name.len() > 64 || !name.is_ascii() {
                return Err(self.error(
                    c.span(),
                    "output.condition",
                    "must be a registered condition name such as `IFRA26` (ASCII, at most 64 characters)",
                ));
            }
            out.condition.0 = name.to_string();
            out.condition.1 = raw
                .condition_info
                .clone()
                .unwrap_or_else(|| name.to_string());
        }
        if let Some(icc) = &raw.icc {
            out.icc = Some((
                self.relative(icc, "output.icc")?,
                self.line_of(icc.span().start),
            ));
        }
        let number = |v: &Option<Spanned<f64>>, field: &str, lo: f64, hi: f64, unit: &str| match v {
            None => Ok(None),
            Some(v) if v.get_ref().is_finite() && (lo..=hi).contains(v.get_ref()) => {
                Ok(Some(*v.get_ref()))
            }
            Some(v) => Err(self.error(
                v.span(),
                field,
                &format!("must lie in {lo}–{hi} {unit}, found {}", v.get_ref()),
            )),
        };
        if let Some(b) = number(&raw.bleed, "output.bleed", 0.0, 20.0, "mm")? {
            out.bleed = Mm(b).to_pt();
        }
        if let Some(l) = number(&raw.ink_limit, "output.ink_limit", 100.0, 400.0, "%")? {
            out.ink_limit = l;
        }
        if let Some(p) = number(&raw.min_ppi, "output.min_ppi", 0.0, 2400.0, "ppi")? {
            out.min_ppi = p;
        }
        if let Some(p) = number(&raw.max_ppi, "output.max_ppi", 72.0, 2400.0, "ppi")? {
            out.max_ppi = p;
        }
        if out.max_ppi < out.min_ppi {
            return Err(self.error(
                spanned.span(),
                "output.max_ppi",
                &format!(
                    "is {} ppi, below output.min_ppi ({} ppi)",
                    out.max_ppi, out.min_ppi
                ),
            ));
        }
        out.min_ppi_is_error = raw.min_ppi_is_error;
        for m in &raw.marks {
            let flag = match m.get_ref().as_str() {
                "crop" => &mut out.marks.crop,
                "registration" => &mut out.marks.registration,
                "color_bar" => &mut out.marks.color_bar,
                "slug" => &mut out.marks.slug,
                other => {
                    return Err(self.error(
                        m.span(),
                        "output.marks",
                        &format!(
                            "`{other}` is not a mark; use `crop`, `registration`, `color_bar` or `slug`"
                        ),
                    ));
                }
            };
            *flag = true;
        }
        if let Some(p) = &raw.photos {
            out.photos_gray = match p.get_ref().as_str() {
                "cmyk" => false,
                "gray" => true,
                other => {
                    return Err(self.error(
                        p.span(),
                        "output.photos",
                        &format!("`{other}` is not a photo colour; use `cmyk` or `gray`"),
                    ));
                }
            };
        }
        Ok(out)
    }
}
