//! Colours of the spec: process CMYK, gray (black alone), and named spot inks, which print
//! as their process alternates unless `[output] spots` says the press has a unit for them.

use std::ops::Range;

use toml::Spanned;

use super::context::Context;
use super::raw::RawColor;
use crate::error::Result;
use crate::geom::{Cmyk, Ink};

/// The spot inks a spec defines, in name order, and which of them the press prints.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Spots {
    /// Name and process alternate of each ink printed on its own plate; an [`Ink::Spot`]'s
    /// id indexes this list.
    pub printed: Vec<(String, Cmyk)>,
    /// Every defined ink: name and alternate.
    defined: Vec<(String, Cmyk)>,
}

impl Context<'_> {
    pub(super) fn spots(
        &self,
        raw: &std::collections::BTreeMap<String, Spanned<[f64; 4]>>,
        allowed: &[String],
    ) -> Result<Spots> {
        let mut spots = Spots::default();
        for (name, alt) in raw {
            let field = format!("spots.{name}");
            if name.trim().is_empty() || name.len() > 64 || matches!(name.as_str(), "All" | "None")
            {
                return Err(self.error(
                    alt.span(),
                    &field,
                    "a spot ink needs a name of 1–64 characters other than `All` and `None`",
                ));
            }
            self.check_cmyk(*alt.get_ref(), alt.span(), &field)?;
            let [c, m, y, k] = *alt.get_ref();
            let alternate = Cmyk::percent(c, m, y, k);
            spots.defined.push((name.clone(), alternate));
            if allowed.iter().any(|a| a == name) {
                spots.printed.push((name.clone(), alternate));
            }
        }
        if let Some(unknown) = allowed.iter().find(|a| !raw.contains_key(*a)) {
            return Err(self.error(
                0..0,
                "output.spots",
                &format!("`{unknown}` is not defined in [spots]"),
            ));
        }
        Ok(spots)
    }

    /// The ink of a colour value; black when there is none.
    pub(super) fn ink(
        &self,
        raw: Option<&Spanned<RawColor>>,
        spots: &Spots,
        field: &str,
    ) -> Result<Ink> {
        let Some(raw) = raw else {
            return Ok(Ink::BLACK);
        };
        let span = raw.span();
        let percent = |v: f64, what: &str| -> Result<f64> {
            if v.is_finite() && (0.0..=100.0).contains(&v) {
                Ok(v / 100.0)
            } else {
                Err(self.error(
                    span.clone(),
                    field,
                    &format!("{what} must lie in 0–100, found {v}"),
                ))
            }
        };
        match raw.get_ref() {
            RawColor::Cmyk(c) => {
                self.check_cmyk(*c, span.clone(), field)?;
                let [c, m, y, k] = *c;
                Ok(Ink::Process(Cmyk::percent(c, m, y, k)))
            }
            RawColor::Gray { gray } => Ok(Ink::Gray(percent(*gray, "gray")?)),
            RawColor::Spot { spot, tint } => {
                let tint = percent(*tint, "tint")?;
                let Some((_, alternate)) = spots.defined.iter().find(|(n, _)| n == spot) else {
                    let names: Vec<String> = spots
                        .defined
                        .iter()
                        .map(|(n, _)| format!("`{n}`"))
                        .collect();
                    return Err(self.error(
                        span,
                        field,
                        &format!(
                            "no spot ink `{spot}` in [spots]; defined: {}",
                            if names.is_empty() {
                                "none".into()
                            } else {
                                names.join(", ")
                            }
                        ),
                    ));
                };
                match spots.printed.iter().position(|(n, _)| n == spot) {
                    Some(id) => Ok(Ink::Spot {
                        id: id as u16,
                        tint,
                        alternate: *alternate,
                    }),
                    // No unit for it on the press: its process alternate.
                    None => Ok(Ink::Process(
                        Ink::Spot {
                            id: 0,
                            tint,
                            alternate: *alternate,
                        }
                        .process(),
                    )),
                }
            }
        }
    }

    pub(super) fn check_cmyk(
        &self,
        color: [f64; 4],
        span: Range<usize>,
        field: &str,
    ) -> Result<()> {
        if color
            .iter()
            .all(|v| v.is_finite() && (0.0..=100.0).contains(v))
        {
            Ok(())
        } else {
            Err(self.error(
                span,
                field,
                &format!("CMYK percentages must lie in 0–100, found {color:?}"),
            ))
        }
    }
}
