//! PDF content-stream operators written straight to bytes: numbers in fixed point (four
//! decimals, trailing zeros dropped), names and glyph codes, with no allocation per
//! operator. The page's content is made of these ([`super::content`]).

/// A content stream being written.
#[derive(Default)]
pub(super) struct Operators {
    bytes: Vec<u8>,
}

impl Operators {
    /// An empty stream with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Self {
        Self {
            bytes: Vec::with_capacity(capacity),
        }
    }

    /// The bytes written.
    pub fn into_bytes(self) -> Vec<u8> {
        self.bytes
    }

    /// Appends another stream's bytes.
    pub fn append(&mut self, other: Operators) {
        self.bytes.extend_from_slice(&other.bytes);
    }

    /// `operands… op` on a line of its own.
    pub fn op(&mut self, operands: &[f64], op: &str) {
        for &v in operands {
            self.number(v);
            self.bytes.push(b' ');
        }
        self.bytes.extend_from_slice(op.as_bytes());
        self.bytes.push(b'\n');
    }

    /// `/name op`.
    pub fn named(&mut self, name: &str, op: &str) {
        self.name(name);
        self.bytes.push(b' ');
        self.bytes.extend_from_slice(op.as_bytes());
        self.bytes.push(b'\n');
    }

    /// `/name size Tf`.
    pub fn font(&mut self, name: &str, size: f64) {
        self.name(name);
        self.bytes.push(b' ');
        self.op(&[size], "Tf");
    }

    fn name(&mut self, name: &str) {
        self.bytes.push(b'/');
        self.bytes.extend_from_slice(name.as_bytes());
    }

    /// Raw bytes (punctuation of a `TJ` array).
    pub fn raw(&mut self, bytes: &[u8]) {
        self.bytes.extend_from_slice(bytes);
    }

    /// A two-byte glyph code as four hex digits (inside a `<…>` string).
    pub fn code(&mut self, code: u16) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        for shift in [12, 8, 4, 0] {
            self.bytes.push(HEX[(code >> shift) as usize & 0xf]);
        }
    }

    /// A number with at most four decimals: `12`, `-0.5`, `3.1416`.
    pub fn number(&mut self, v: f64) {
        let scaled = (v * 10_000.0).round();
        // Out of any page's range (or not a number): written as 0, never as garbage.
        let scaled = if scaled.is_finite() && scaled.abs() < 1e15 {
            scaled as i64
        } else {
            0
        };
        if scaled < 0 {
            self.bytes.push(b'-');
        }
        let magnitude = scaled.unsigned_abs();
        self.integer(magnitude / 10_000);
        let mut frac = magnitude % 10_000;
        if frac != 0 {
            let mut digits = 4;
            while frac % 10 == 0 {
                frac /= 10;
                digits -= 1;
            }
            self.bytes.push(b'.');
            let mut buf = [b'0'; 4];
            for slot in buf[..digits].iter_mut().rev() {
                *slot = b'0' + (frac % 10) as u8;
                frac /= 10;
            }
            self.bytes.extend_from_slice(&buf[..digits]);
        }
    }

    fn integer(&mut self, mut v: u64) {
        let mut buf = [0u8; 20];
        let mut at = buf.len();
        loop {
            at -= 1;
            buf[at] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
        self.bytes.extend_from_slice(&buf[at..]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn written(f: impl FnOnce(&mut Operators)) -> String {
        let mut ops = Operators::default();
        f(&mut ops);
        String::from_utf8(ops.into_bytes()).unwrap()
    }

    #[test]
    fn numbers_are_fixed_point_with_trailing_zeros_dropped() {
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (12.0, "12"),
            (-0.5, "-0.5"),
            (2.718_26, "2.7183"),
            (0.000_04, "0"),
            (-0.000_06, "-0.0001"),
            (1190.55, "1190.55"),
            (f64::NAN, "0"),
        ];
        for (v, text) in cases {
            assert_eq!(written(|o| o.number(v)), text, "{v}");
        }
    }

    #[test]
    fn operators_names_and_codes_are_pdf_syntax() {
        let text = written(|o| {
            o.op(&[1.0, 0.0, 0.0, 1.0, 10.25, 20.0], "cm");
            o.named("GSop", "gs");
            o.font("F3", 9.5);
            o.raw(b"[<");
            o.code(0x0a1f);
            o.raw(b">]TJ\n");
        });
        assert_eq!(
            text,
            "1 0 0 1 10.25 20 cm\n/GSop gs\n/F3 9.5 Tf\n[<0A1F>]TJ\n"
        );
    }
}
