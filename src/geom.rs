//! Units and geometry shared by every stage.
//!
//! Layout works in PostScript points ([`Pt`]); the spec speaks millimetres ([`Mm`]) and
//! type speaks ems ([`Em`]). Page coordinates are y-down from the top-left corner of the
//! trim box; only the PDF writer flips them.

use std::ops::{Add, AddAssign, Div, Mul, Neg, Sub, SubAssign};

/// Points per millimetre (72 / 25.4).
const PT_PER_MM: f64 = 72.0 / 25.4;

macro_rules! unit {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Default, Clone, Copy, PartialEq, PartialOrd)]
        pub struct $name(pub f64);

        impl $name {
            /// The zero length.
            pub const ZERO: Self = Self(0.0);

            /// Returns the raw number.
            pub fn get(self) -> f64 {
                self.0
            }

            /// Returns the larger of two lengths.
            pub fn max(self, other: Self) -> Self {
                Self(self.0.max(other.0))
            }

            /// Returns the smaller of two lengths.
            pub fn min(self, other: Self) -> Self {
                Self(self.0.min(other.0))
            }

            /// Returns the absolute value.
            pub fn abs(self) -> Self {
                Self(self.0.abs())
            }
        }

        impl Add for $name {
            type Output = Self;
            fn add(self, o: Self) -> Self {
                Self(self.0 + o.0)
            }
        }
        impl Sub for $name {
            type Output = Self;
            fn sub(self, o: Self) -> Self {
                Self(self.0 - o.0)
            }
        }
        impl AddAssign for $name {
            fn add_assign(&mut self, o: Self) {
                self.0 += o.0;
            }
        }
        impl SubAssign for $name {
            fn sub_assign(&mut self, o: Self) {
                self.0 -= o.0;
            }
        }
        impl Neg for $name {
            type Output = Self;
            fn neg(self) -> Self {
                Self(-self.0)
            }
        }
        impl Mul<f64> for $name {
            type Output = Self;
            fn mul(self, k: f64) -> Self {
                Self(self.0 * k)
            }
        }
        impl Div<f64> for $name {
            type Output = Self;
            fn div(self, k: f64) -> Self {
                Self(self.0 / k)
            }
        }
        impl Div for $name {
            type Output = f64;
            fn div(self, o: Self) -> f64 {
                self.0 / o.0
            }
        }
        impl std::iter::Sum for $name {
            fn sum<I: Iterator<Item = Self>>(iter: I) -> Self {
                Self(iter.map(|x| x.0).sum())
            }
        }
    };
}

unit!(
    /// A length in PostScript points (1/72 inch), the unit of layout.
    Pt
);
unit!(
    /// A length in millimetres, the unit of trim sizes and margins.
    Mm
);
unit!(
    /// A length relative to the font size: 1 em is one full-width Han character.
    Em
);

impl Mm {
    /// Converts to points.
    pub fn to_pt(self) -> Pt {
        Pt(self.0 * PT_PER_MM)
    }
}

impl Pt {
    /// Converts to millimetres.
    pub fn to_mm(self) -> Mm {
        Mm(self.0 / PT_PER_MM)
    }
}

impl Em {
    /// Resolves against a font size.
    pub fn at(self, size: Pt) -> Pt {
        Pt(self.0 * size.0)
    }
}

/// A point on the page, y-down from the top-left of the trim box.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Point {
    /// Horizontal position.
    pub x: Pt,
    /// Vertical position, growing downwards.
    pub y: Pt,
}

impl Point {
    /// Creates a point.
    pub fn new(x: Pt, y: Pt) -> Self {
        Self { x, y }
    }
}

/// An axis-aligned rectangle on the page, y-down.
#[derive(Debug, Default, Clone, Copy, PartialEq)]
pub struct Rect {
    /// Left edge.
    pub x: Pt,
    /// Top edge.
    pub y: Pt,
    /// Width, never negative.
    pub w: Pt,
    /// Height, never negative.
    pub h: Pt,
}

impl Rect {
    /// Creates a rectangle from its top-left corner and size.
    pub fn new(x: Pt, y: Pt, w: Pt, h: Pt) -> Self {
        Self {
            x,
            y,
            w: w.max(Pt::ZERO),
            h: h.max(Pt::ZERO),
        }
    }

    /// Right edge.
    pub fn right(&self) -> Pt {
        self.x + self.w
    }

    /// Bottom edge.
    pub fn bottom(&self) -> Pt {
        self.y + self.h
    }
}

/// A process colour, the only kind a newspaper plate knows.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cmyk {
    /// Cyan, 0..=1.
    pub c: f64,
    /// Magenta, 0..=1.
    pub m: f64,
    /// Yellow, 0..=1.
    pub y: f64,
    /// Black, 0..=1.
    pub k: f64,
}

impl Cmyk {
    /// 100 % K: all text and rules are printed on the black plate alone.
    pub const BLACK: Self = Self {
        c: 0.0,
        m: 0.0,
        y: 0.0,
        k: 1.0,
    };

    /// Creates a colour from percentages, as designers write them.
    pub fn percent(c: f64, m: f64, y: f64, k: f64) -> Self {
        Self {
            c: c / 100.0,
            m: m / 100.0,
            y: y / 100.0,
            k: k / 100.0,
        }
    }
}

/// What a colour is printed with: the four process inks, black alone (gray), or a named
/// spot ink with the process colour it stands for where there is no plate for it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Ink {
    /// Cyan, magenta, yellow and black.
    Process(Cmyk),
    /// Black ink alone, 0..=1 (DeviceGray, written as lightness).
    Gray(f64),
    /// A named ink (a Separation): its index in the document's spot list, its tint and
    /// its process alternate at full strength.
    Spot {
        /// Index in the spec's (and the display list's) spot colours.
        id: u16,
        /// 0..=1.
        tint: f64,
        /// The process colour of the ink at 100 %.
        alternate: Cmyk,
    },
}

impl Ink {
    /// 100 % K: all text and rules are printed on the black plate alone.
    pub const BLACK: Ink = Ink::Process(Cmyk::BLACK);

    /// Whether it is solid black ink alone, which overprints.
    pub fn is_solid_black(&self) -> bool {
        match self {
            Ink::Process(c) => *c == Cmyk::BLACK,
            Ink::Gray(k) => *k >= 1.0,
            Ink::Spot { .. } => false,
        }
    }

    /// The process colour it prints as without its own plate.
    pub fn process(&self) -> Cmyk {
        match self {
            Ink::Process(c) => *c,
            Ink::Gray(k) => Cmyk {
                c: 0.0,
                m: 0.0,
                y: 0.0,
                k: *k,
            },
            Ink::Spot {
                tint, alternate, ..
            } => Cmyk {
                c: alternate.c * tint,
                m: alternate.m * tint,
                y: alternate.y * tint,
                k: alternate.k * tint,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mm_to_pt_round_trips() {
        // 25.4 mm is one inch, 72 pt.
        assert!((Mm(25.4).to_pt().0 - 72.0).abs() < 1e-9);
        assert!((Pt(72.0).to_mm().0 - 25.4).abs() < 1e-9);
    }

    #[test]
    fn em_resolves_against_size() {
        assert_eq!(Em(2.0).at(Pt(9.0)), Pt(18.0));
    }
}
