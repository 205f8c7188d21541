//! Colour spaces as a preflight sees them: what family a space is, however it is named.

use lopdf::{Dictionary, Document, Object};

/// A colour space, resolved.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Space {
    Gray,
    Cmyk,
    Rgb,
    /// Calibrated or ICC-based gray, RGB or CMYK, and Lab: device-independent colour.
    Calibrated(&'static str, usize),
    /// A named ink; `All` and `None` are the registration and no-ink colorants.
    Separation(String, Box<Space>),
    /// Several named inks.
    DeviceN(usize, Box<Space>),
    Indexed(Box<Space>),
    /// Patterns; an uncoloured one has the space its colour is given in.
    Pattern(Option<Box<Space>>),
    Unknown(String),
}

impl Space {
    /// Components of a colour in the space.
    pub(super) fn components(&self) -> usize {
        match self {
            Space::Gray | Space::Separation(..) | Space::Indexed(_) => 1,
            Space::Rgb => 3,
            Space::Cmyk => 4,
            Space::Calibrated(_, n) | Space::DeviceN(n, _) => *n,
            Space::Pattern(base) => base.as_ref().map_or(0, |b| b.components()),
            Space::Unknown(_) => 0,
        }
    }

    /// Why the space has no place on a CMYK plate, if it has none: RGB, or
    /// device-independent colour, also as the alternate of a spot or the base of a palette.
    pub(super) fn not_cmyk(&self) -> Option<String> {
        match self {
            Space::Rgb => Some("DeviceRGB".into()),
            Space::Calibrated(name, _) => Some((*name).into()),
            Space::Separation(_, alt) | Space::DeviceN(_, alt) | Space::Indexed(alt) => {
                alt.not_cmyk()
            }
            Space::Pattern(Some(base)) => base.not_cmyk(),
            Space::Unknown(n) => Some(format!("an unknown colour space ({n})")),
            _ => None,
        }
    }

    /// Total ink in percent of a colour in this space (a spot ink counts as one ink).
    pub(super) fn ink(&self, c: &[f32]) -> Option<f64> {
        let sum = |v: &[f32]| v.iter().map(|x| x.clamp(0.0, 1.0) as f64).sum::<f64>() * 100.0;
        match self {
            Space::Cmyk if c.len() == 4 => Some(sum(c)),
            Space::Gray if c.len() == 1 => Some((1.0 - c[0].clamp(0.0, 1.0) as f64) * 100.0),
            Space::Separation(name, _) if c.len() == 1 => Some(match name.as_str() {
                "All" => 400.0 * c[0].clamp(0.0, 1.0) as f64,
                "None" => 0.0,
                _ => sum(c),
            }),
            Space::DeviceN(..) => Some(sum(c)),
            _ => None,
        }
    }

    /// Whether a colour is 100 % of black ink alone.
    pub(super) fn is_solid_black(&self, c: &[f32]) -> bool {
        match self {
            Space::Cmyk => c.len() == 4 && c[0] == 0.0 && c[1] == 0.0 && c[2] == 0.0 && c[3] >= 1.0,
            Space::Gray => c.len() == 1 && c[0] <= 0.0,
            Space::Separation(name, _) => name == "Black" && c.first().is_some_and(|t| *t >= 1.0),
            _ => false,
        }
    }

    /// Whether a colour is white: no ink at all.
    pub(super) fn is_white(&self, c: &[f32]) -> bool {
        match self {
            Space::Cmyk | Space::DeviceN(..) => c.iter().all(|v| *v <= 0.0),
            Space::Gray => c.first().is_some_and(|v| *v >= 1.0),
            Space::Separation(name, _) => name != "None" && c.first().is_some_and(|t| *t <= 0.0),
            Space::Rgb => c.iter().all(|v| *v >= 1.0),
            _ => false,
        }
    }

    /// Whether a dark colour is built from more than black: rich or four-colour black.
    pub(super) fn is_built_black(&self, c: &[f32]) -> bool {
        match self {
            Space::Cmyk if c.len() == 4 => {
                let chromatic = c[0] > 0.05 && c[1] > 0.05 && c[2] > 0.05;
                chromatic && (c[3] >= 0.8 || (c[0] >= 0.5 && c[1] >= 0.5 && c[2] >= 0.5))
            }
            Space::Rgb if c.len() == 3 => c.iter().all(|v| *v <= 0.2),
            _ => false,
        }
    }
}

/// Resolves a colour space operand (a name or an array), looking names up in `/ColorSpace`
/// of the resources.
pub(super) fn resolve(
    doc: &Document,
    object: &Object,
    resources: Option<&Dictionary>,
    depth: u8,
) -> Space {
    if depth > 8 {
        return Space::Unknown("nested too deeply".into());
    }
    let object = doc.dereference(object).map(|(_, o)| o).unwrap_or(object);
    match object {
        Object::Name(n) => match n.as_slice() {
            b"DeviceGray" | b"G" => Space::Gray,
            b"DeviceRGB" | b"RGB" => Space::Rgb,
            b"DeviceCMYK" | b"CMYK" => Space::Cmyk,
            b"Pattern" => Space::Pattern(None),
            b"CalRGB" => Space::Calibrated("CalRGB", 3),
            b"CalGray" => Space::Calibrated("CalGray", 1),
            b"Lab" => Space::Calibrated("Lab", 3),
            b"I" | b"Indexed" => Space::Indexed(Box::new(Space::Unknown("palette".into()))),
            name => {
                let named = resources
                    .and_then(|r| r.get_deref(b"ColorSpace", doc).ok())
                    .and_then(|c| c.as_dict().ok())
                    .and_then(|c| c.get(name).ok());
                match named {
                    Some(o) => resolve(doc, o, None, depth + 1),
                    None => Space::Unknown(String::from_utf8_lossy(name).into_owned()),
                }
            }
        },
        Object::Array(a) => {
            let family = a.first().and_then(|f| f.as_name().ok()).unwrap_or(b"");
            let arg = |i: usize| a.get(i).map(|o| resolve(doc, o, resources, depth + 1));
            match family {
                b"ICCBased" => {
                    let n = a
                        .get(1)
                        .and_then(|s| doc.dereference(s).ok())
                        .and_then(|(_, s)| s.as_stream().ok())
                        .and_then(|s| s.dict.get(b"N").and_then(Object::as_i64).ok())
                        .unwrap_or(3);
                    Space::Calibrated("ICCBased", n.clamp(1, 4) as usize)
                }
                b"CalRGB" => Space::Calibrated("CalRGB", 3),
                b"CalGray" => Space::Calibrated("CalGray", 1),
                b"Lab" => Space::Calibrated("Lab", 3),
                b"Separation" => {
                    let name = a
                        .get(1)
                        .and_then(|n| n.as_name().ok())
                        .map(|n| String::from_utf8_lossy(n).into_owned())
                        .unwrap_or_default();
                    Space::Separation(name, Box::new(arg(2).unwrap_or(Space::Cmyk)))
                }
                b"DeviceN" => {
                    let n = a
                        .get(1)
                        .and_then(|n| n.as_array().ok())
                        .map_or(1, |n| n.len());
                    Space::DeviceN(n, Box::new(arg(2).unwrap_or(Space::Cmyk)))
                }
                b"Indexed" | b"I" => {
                    Space::Indexed(Box::new(arg(1).unwrap_or(Space::Unknown("palette".into()))))
                }
                b"Pattern" => Space::Pattern(arg(1).map(Box::new)),
                _ => Space::Unknown(String::from_utf8_lossy(family).into_owned()),
            }
        }
        _ => Space::Unknown("not a name or array".into()),
    }
}
