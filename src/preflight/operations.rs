//! A content stream as its operations, read as lopdf's content parser reads it but without
//! building what the checks never look at.
//!
//! A page's text is mostly `TJ` arrays of strings; lopdf builds every string, array and
//! number of them as objects, about a microsecond an operator. The checks read numbers and
//! names only (and an inline image's dictionary), so this reader passes over strings,
//! arrays and dictionaries after checking their syntax, and borrows names from the stream.
//!
//! It reads the common syntax itself and hands anything else to lopdf: an inline image
//! (`BI`), nesting deeper than [`DEEPEST`], a reference in an array, a comment where an
//! operand is due, a token it does not know. lopdf then reads the rest of the stream from
//! the start of that operation, so a stream reads the same as through lopdf alone (it
//! stops, silently, where lopdf stops, and fails where lopdf fails): what this reader
//! accepts, lopdf accepts as the same operations. A test holds the two to that.

use std::borrow::Cow;
use std::ops::Range;

use lopdf::content::{Content, Operation};
use lopdf::{Object, Stream};

/// Deepest nesting of arrays, dictionaries and parentheses read here (lopdf reads deeper).
const DEEPEST: usize = 32;

/// An operand, as far as the checks read it.
#[derive(Debug, Clone, PartialEq)]
pub(super) enum Operand<'a> {
    Null,
    Bool(bool),
    Int(i64),
    Real(f32),
    Name(Cow<'a, [u8]>),
    /// A literal or hexadecimal string (its bytes are not read).
    Str,
    /// An array (its items are not read).
    Array,
    /// A dictionary (its entries are not read).
    Dict,
    /// An inline image (`BI … ID … EI`), as lopdf reads it.
    Image(Box<Stream>),
}

impl Operand<'_> {
    /// The number, as lopdf's `as_float` gives it.
    pub(super) fn float(&self) -> Option<f32> {
        match self {
            Operand::Int(v) => Some(*v as f32),
            Operand::Real(v) => Some(*v),
            _ => None,
        }
    }

    pub(super) fn int(&self) -> Option<i64> {
        match self {
            Operand::Int(v) => Some(*v),
            _ => None,
        }
    }

    pub(super) fn name(&self) -> Option<&[u8]> {
        match self {
            Operand::Name(n) => Some(n),
            _ => None,
        }
    }

    /// The operand as a lopdf object, where it is a name (a colour space's).
    pub(super) fn name_object(&self) -> Option<Object> {
        self.name().map(|n| Object::Name(n.to_vec()))
    }

    fn of(object: Object) -> Self {
        match object {
            Object::Null => Operand::Null,
            Object::Boolean(b) => Operand::Bool(b),
            Object::Integer(v) => Operand::Int(v),
            Object::Real(v) => Operand::Real(v),
            Object::Name(n) => Operand::Name(Cow::Owned(n)),
            Object::String(..) => Operand::Str,
            Object::Array(_) => Operand::Array,
            Object::Dictionary(_) => Operand::Dict,
            // lopdf reads no reference as an operand.
            Object::Reference(_) => Operand::Null,
            Object::Stream(s) => Operand::Image(Box::new(s)),
        }
    }
}

/// The operations of a content stream: each operator with its operands.
#[derive(Debug, Default)]
pub(super) struct Operations<'a> {
    ops: Vec<(Cow<'a, str>, Range<usize>)>,
    operands: Vec<Operand<'a>>,
}

impl<'a> Operations<'a> {
    /// Each operator and its operands, in order.
    pub(super) fn iter(&self) -> impl Iterator<Item = (&str, &[Operand<'a>])> {
        self.ops
            .iter()
            .map(|(op, range)| (op.as_ref(), &self.operands[range.clone()]))
    }

    /// Whether every operation was read here (none by lopdf).
    #[cfg(test)]
    fn all_read_here(&self) -> bool {
        self.ops
            .iter()
            .all(|(op, _)| matches!(op, Cow::Borrowed(_)))
    }

    fn push(&mut self, operator: Cow<'a, str>, operands: impl IntoIterator<Item = Operand<'a>>) {
        let start = self.operands.len();
        self.operands.extend(operands);
        self.ops.push((operator, start..self.operands.len()));
    }
}

/// Reads a content stream: its operations, or lopdf's error where lopdf cannot read it.
pub(super) fn read(content: &[u8]) -> lopdf::Result<Operations<'_>> {
    let mut out = Operations::default();
    let mut at = skip(content, 0, is_content_space);
    while at < content.len() {
        let start = out.operands.len();
        match operation(content, at, &mut out.operands) {
            Some((operator, next)) => {
                out.ops
                    .push((Cow::Borrowed(operator), start..out.operands.len()));
                at = next;
            }
            None => {
                // lopdf reads the rest, from where this operation began.
                out.operands.truncate(start);
                for Operation { operator, operands } in Content::decode(&content[at..])?.operations
                {
                    out.push(Cow::Owned(operator), operands.into_iter().map(Operand::of));
                }
                break;
            }
        }
    }
    Ok(out)
}

/// One operation from `at` (comments, operands, operator, the space after): the operator
/// and where the next operation begins; `None` for anything left to lopdf.
fn operation<'a>(
    s: &'a [u8],
    mut at: usize,
    operands: &mut Vec<Operand<'a>>,
) -> Option<(&'a str, usize)> {
    // Comments, each to its end of line, with nothing between them.
    while s.get(at) == Some(&b'%') {
        at = after_eol(s, at)?;
    }
    if s[at..].starts_with(b"BI") {
        return None;
    }
    loop {
        let c = *s.get(at)?;
        let (operand, next) = match c {
            b'n' if s[at..].starts_with(b"null") => (Operand::Null, at + 4),
            b't' if s[at..].starts_with(b"true") => (Operand::Bool(true), at + 4),
            b'f' if s[at..].starts_with(b"false") => (Operand::Bool(false), at + 5),
            c if is_operator(c) => {
                let end = skip(s, at, is_operator);
                let operator = std::str::from_utf8(&s[at..end]).ok()?;
                return Some((operator, skip(s, end, is_content_space)));
            }
            b'/' => {
                let (name, next) = name(s, at)?;
                (Operand::Name(name), next)
            }
            b'(' => (Operand::Str, literal_string(s, at)?),
            b'<' if s.get(at + 1) == Some(&b'<') => (Operand::Dict, dictionary(s, at, 0)?),
            b'<' => (Operand::Str, hex_string(s, at)?),
            b'[' => (Operand::Array, array(s, at, 0)?),
            _ => number(s, at)?,
        };
        operands.push(operand);
        at = skip(s, next, is_content_space);
    }
}

/// Past the end of line that ends the comment at `at`.
fn after_eol(s: &[u8], at: usize) -> Option<usize> {
    let eol = at + s[at..].iter().position(|&c| c == b'\r' || c == b'\n')?;
    Some(if s[eol..].starts_with(b"\r\n") {
        eol + 2
    } else {
        eol + 1
    })
}

/// A number as lopdf reads one: a real (`1.`, `.5`, `-1.5`) as `f32`, else an integer.
fn number(s: &[u8], at: usize) -> Option<(Operand<'static>, usize)> {
    let digits = |from: usize| skip(s, from, |c| c.is_ascii_digit());
    let start = at + usize::from(matches!(s[at], b'+' | b'-'));
    let whole = digits(start);
    let text = |end: usize| std::str::from_utf8(&s[at..end]).ok();
    if s.get(whole) == Some(&b'.') {
        let end = digits(whole + 1);
        if whole > start || end > whole + 1 {
            return Some((Operand::Real(text(end)?.parse().ok()?), end));
        }
        return None;
    }
    if whole == start {
        return None;
    }
    Some((Operand::Int(text(whole)?.parse().ok()?), whole))
}

/// A name from the `/` at `at`, its `#xx` escapes decoded.
fn name(s: &[u8], at: usize) -> Option<(Cow<'_, [u8]>, usize)> {
    let start = at + 1;
    let end = skip(s, start, |c| c != b'#' && is_regular(c));
    if s.get(end) != Some(&b'#') {
        return Some((Cow::Borrowed(&s[start..end]), end));
    }
    let mut name = s[start..end].to_vec();
    let mut at = end;
    loop {
        match s.get(at) {
            Some(b'#') => {
                let hex = s.get(at + 1..at + 3)?;
                let hex = std::str::from_utf8(hex).ok()?;
                if !hex.bytes().all(|c| c.is_ascii_hexdigit()) {
                    return None;
                }
                name.push(u8::from_str_radix(hex, 16).ok()?);
                at += 3;
            }
            Some(&c) if is_regular(c) => {
                name.push(c);
                at += 1;
            }
            _ => return Some((Cow::Owned(name), at)),
        }
    }
}

/// Past the literal string whose `(` is at `at`.
fn literal_string(s: &[u8], at: usize) -> Option<usize> {
    let mut depth = 0;
    let mut i = at;
    loop {
        match *s.get(i)? {
            b'(' => {
                depth += 1;
                if depth > DEEPEST {
                    return None;
                }
            }
            b')' => {
                depth -= 1;
                if depth == 0 {
                    return Some(i + 1);
                }
            }
            // An escape takes the byte after it, whatever it is.
            b'\\' => i += 1,
            _ => {}
        }
        i += 1;
    }
}

/// Past the hexadecimal string whose `<` is at `at`.
fn hex_string(s: &[u8], at: usize) -> Option<usize> {
    let end = skip(s, at + 1, |c| c.is_ascii_hexdigit() || is_whitespace(c));
    (s.get(end) == Some(&b'>')).then_some(end + 1)
}

/// Past the array whose `[` is at `at`.
fn array(s: &[u8], at: usize, depth: usize) -> Option<usize> {
    if depth >= DEEPEST {
        return None;
    }
    let mut at = space(s, at + 1)?;
    while s.get(at) != Some(&b']') {
        at = space(s, object(s, at, depth)?)?;
    }
    Some(at + 1)
}

/// Past the dictionary whose `<<` is at `at`.
fn dictionary(s: &[u8], at: usize, depth: usize) -> Option<usize> {
    if depth >= DEEPEST {
        return None;
    }
    let mut at = space(s, at + 2)?;
    while !s[at..].starts_with(b">>") {
        if s.get(at) != Some(&b'/') {
            return None;
        }
        at = space(s, name(s, at)?.1)?;
        at = space(s, object(s, at, depth)?)?;
    }
    Some(at + 2)
}

/// Past the object (inside an array or dictionary) at `at`.
fn object(s: &[u8], at: usize, depth: usize) -> Option<usize> {
    let rest = &s[at..];
    Some(match *rest.first()? {
        _ if rest.starts_with(b"null") || rest.starts_with(b"true") => at + 4,
        _ if rest.starts_with(b"false") => at + 5,
        b'/' => name(s, at)?.1,
        b'(' => literal_string(s, at)?,
        b'<' if rest.starts_with(b"<<") => dictionary(s, at, depth + 1)?,
        b'<' => hex_string(s, at)?,
        b'[' => array(s, at, depth + 1)?,
        // A number: lopdf would try `1 0 R` first, but a reference ends in `R`, which is
        // left to lopdf (it is not a token here).
        _ => number(s, at)?.1,
    })
}

/// Past the white space and comments at `at` (between the items of arrays and
/// dictionaries); `None` for a comment with no end of line.
fn space(s: &[u8], mut at: usize) -> Option<usize> {
    loop {
        at = skip(s, at, is_whitespace);
        if s.get(at) != Some(&b'%') {
            return Some(at);
        }
        at = after_eol(s, at)?;
    }
}

fn skip(s: &[u8], from: usize, keep: impl Fn(u8) -> bool) -> usize {
    from + s[from..].iter().take_while(|&&c| keep(c)).count()
}

/// What lopdf skips between operands and operators.
fn is_content_space(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_whitespace(c: u8) -> bool {
    matches!(c, b' ' | b'\t' | b'\n' | b'\r' | b'\0' | b'\x0C')
}

fn is_regular(c: u8) -> bool {
    !is_whitespace(c) && !b"()<>[]{}/%".contains(&c)
}

fn is_operator(c: u8) -> bool {
    c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// What lopdf reads, in this reader's terms: the operations, its error, or its panic.
    type Read = Result<Result<Vec<(String, Vec<Operand<'static>>)>, String>, ()>;

    fn ours(content: &[u8]) -> Read {
        std::panic::catch_unwind(|| match read(content) {
            Ok(ops) => Ok(ops
                .iter()
                .map(|(op, operands)| {
                    let owned = operands.iter().map(|o| match o {
                        Operand::Name(n) => Operand::Name(Cow::Owned(n.to_vec())),
                        Operand::Image(s) => Operand::Image(s.clone()),
                        Operand::Null => Operand::Null,
                        Operand::Bool(b) => Operand::Bool(*b),
                        Operand::Int(v) => Operand::Int(*v),
                        Operand::Real(v) => Operand::Real(*v),
                        Operand::Str => Operand::Str,
                        Operand::Array => Operand::Array,
                        Operand::Dict => Operand::Dict,
                    });
                    (op.to_string(), owned.collect())
                })
                .collect()),
            Err(e) => Err(e.to_string()),
        })
        .map_err(|_| ())
    }

    fn lopdfs(content: &[u8]) -> Read {
        std::panic::catch_unwind(|| match Content::decode(content) {
            Ok(c) => Ok(c
                .operations
                .into_iter()
                .map(|op| {
                    let operands = op.operands.into_iter().map(Operand::of).collect();
                    (op.operator, operands)
                })
                .collect()),
            Err(e) => Err(e.to_string()),
        })
        .map_err(|_| ())
    }

    #[test]
    fn a_page_of_text_reads_as_lopdf_reads_it() {
        let content = b"q 1 0 0 1 28.35 -28.35 cm BT /F1 9.5 Tf 1 0 0 1 51.2 700 Tm \
            [(\\(a\\)) -250 <4e2d 6587>] TJ ET /GS0 gs 0 0 0 1 k 10 10 50 50 re f \
            /Span <</MCID 3 /Alt (x(y)z)>> BDC EMC [3 2] 0 d Q % done\n";
        let read = ours(content).unwrap().unwrap();
        assert_eq!(Ok(Ok(read.clone())), lopdfs(content));
        assert_eq!(read.len(), 15);
        let ops = super::read(content).unwrap();
        assert!(ops.all_read_here());
        let (op, operands) = ops.iter().nth(3).unwrap();
        assert_eq!(
            (op, operands),
            (
                "Tf",
                &[Operand::Name(Cow::Borrowed(b"F1")), Operand::Real(9.5)][..]
            )
        );
        // Borrowed from the stream, not copied.
        assert!(matches!(operands[0], Operand::Name(Cow::Borrowed(_))));
    }

    /// The reference page as we write it reads here alone, as lopdf reads it.
    #[test]
    fn the_reference_page_reads_here_as_lopdf_reads_it() {
        let spec =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("layouts/zjgrrb-front.toml");
        let pdf = crate::render::render(&spec).unwrap().pdf;
        let doc = lopdf::Document::load_mem(&pdf).unwrap();
        let page = *doc.get_pages().values().next().unwrap();
        let content = doc.get_page_content(page);
        let ops = read(&content).unwrap();
        assert!(ops.all_read_here());
        let shows = ops.iter().filter(|(op, _)| *op == "TJ").count();
        assert!(shows > 300, "{shows} TJ");
        assert_eq!(ours(&content), lopdfs(&content));
    }

    /// Where lopdf stops (a stray byte), fails (an inline image without its end) or
    /// reads an inline image, the result is lopdf's.
    #[test]
    fn what_is_left_to_lopdf_reads_as_lopdf_reads_it() {
        let cases: [&[u8]; 9] = [
            b"q 1 0 0 RG } 0 g Q",
            b"1 2 3 BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI Q",
            b"q BI /W 1 /H 1 /CS /Gray /BPC 8 ID \x00 EI Q",
            b"q BI /W 1 /H 1 /CS /G /BPC 8 Q",
            b"[1 0 R] 0 d /A#2 1 w",
            b"/A#41#42 gs %x\n%y\r\n%z\rq",
            b"%x\n q 99999999999999999999 w",
            b"((((((((((((((((((((((((((((((((((((a)))))))))))))))))))))))))))))))))))) Tj",
            b"1. .5 -.5 +3 - 2 Td",
        ];
        for content in cases {
            let lopdf = lopdfs(content);
            assert_eq!(ours(content), lopdf, "{}", String::from_utf8_lossy(content));
        }
        // The inline image is read, the operations after it too.
        let ops = ours(cases[2]).unwrap().unwrap();
        assert!(matches!(ops[1].1[..], [Operand::Image(_)]));
        assert_eq!(ops.last().unwrap().0, "Q");
        assert!(ours(cases[3]).unwrap().is_err(), "lopdf cannot read it");
        assert!(!read(cases[2]).unwrap().all_read_here());
    }

    /// Bits of content syntax, well and badly formed, for streams made of them.
    const PIECES: &[&[u8]] = &[
        b"q",
        b"Q",
        b" ",
        b"\n",
        b"\r\n",
        b"\r",
        b"\t",
        b"\x0c",
        b"\0",
        b"1",
        b"0",
        b"-2.5",
        b".5",
        b"5.",
        b"+",
        b"-",
        b".",
        b"1e5",
        b"99999999999999999999",
        b"/F1",
        b"/A#20B",
        b"/A#2",
        b"/",
        b"/a/b",
        b"(",
        b")",
        b"(a(b)c)",
        b"(\\)",
        b"\\",
        b"<",
        b">",
        b"<<",
        b">>",
        b"<4142>",
        b"<4 1\x0c>",
        b"<zz>",
        b"[",
        b"]",
        b"[1 0 R]",
        b"[(a) -2 (b)]",
        b"%c\n",
        b"%c",
        b"null",
        b"true",
        b"false",
        b"nullx",
        b"Tj",
        b"TJ",
        b"BT",
        b"ET",
        b"Tf",
        b"cm",
        b"re",
        b"f",
        b"'",
        b"\"",
        b"*",
        b"R",
        b"{",
        b"}",
        b"#",
        b"\xff",
        b"BI /W 1 /H 1 /CS /G /BPC 8 ID \x00 EI",
        b"BI /W 1 /H 1 /CS /Gray /BPC 8 ID \x00 EI",
        b"BI",
        b"ID",
        b"EI",
        b"<</A 1/B[2]>>",
        b"<</A>>",
    ];

    proptest! {
        // A failure prints its smallest stream, for the cases above; none is kept on disk.
        #![proptest_config(ProptestConfig {
            failure_persistence: None,
            ..ProptestConfig::with_cases(4_000)
        })]
        /// Any stream made of such pieces reads as lopdf reads it.
        #[test]
        fn any_stream_reads_as_lopdf_reads_it(
            picks in proptest::collection::vec(0..PIECES.len(), 0..40),
        ) {
            let content: Vec<u8> = picks.iter().flat_map(|&i| PIECES[i].iter().copied()).collect();
            prop_assert_eq!(ours(&content), lopdfs(&content));
        }
    }
}
