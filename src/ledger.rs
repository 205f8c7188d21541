//! The character ledger: where every character an editor wrote went.
//!
//! Per article, on every render: the characters of its file's text (heads, lead, caption,
//! credit and body; whitespace, joiners and selectors and the ` / ` head breaks are not
//! characters) are
//! either on the page, jumped on to a later page (where the story's next part counts them
//! as its input), overset, unplaced (a part the spec gives no area) or removed when
//! the file was read (control characters, each listed). Normalization that replaces a
//! character (`,` → `，`) is listed by kind under `changed`; those characters are counted
//! where they ended up. Text the engine adds of its own is listed apart under `added` and
//! is not part of the balance. [`Ledger::balances`] is checked by the tests against the
//! text of the written PDF.

use std::collections::BTreeMap;

use serde::Serialize;

/// Where the characters of one article went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Ledger {
    /// Characters of the article's text as read, controls included.
    pub input: usize,
    /// Characters on the page.
    pub on_page: usize,
    /// Characters that did not fit (body, caption, credit).
    pub overset: usize,
    /// Characters that go on to a later page of the edition (转版): the next part's input.
    pub jumped: usize,
    /// Characters of parts the spec gives no area.
    pub unplaced: usize,
    /// Characters removed when the file was read, by kind.
    pub removed: BTreeMap<String, usize>,
    /// Characters normalization replaced, by kind (`,` → `，`), wherever they ended up.
    pub changed: BTreeMap<String, usize>,
    /// Characters the engine added of its own, by kind; not part of `input`.
    pub added: BTreeMap<String, usize>,
}

impl Ledger {
    /// Characters removed, of all kinds.
    pub fn removed_total(&self) -> usize {
        self.removed.values().sum()
    }

    /// Whether every character is accounted for:
    /// input = on the page + jumped on + overset + unplaced + removed.
    pub fn balances(&self) -> bool {
        self.input
            == self.on_page + self.jumped + self.overset + self.unplaced + self.removed_total()
    }
}

/// Whether a character counts in the ledger: everything but whitespace (spaces, U+3000,
/// line ends), which is layout, and default-ignorable characters (joiners, variation
/// selectors), which are never drawn ([`crate::text::is_counted`]).
pub fn counts(c: char) -> bool {
    crate::text::is_counted(c)
}

/// The characters of a text that count.
pub fn count(text: &str) -> usize {
    text.chars().filter(|c| counts(*c)).count()
}

/// Tallies the characters normalization replaced, by kind: the counted characters of
/// `before` and `after` pair one to one (normalization only replaces marks and drops or
/// widens spaces).
pub fn tally_changes(before: &str, after: &str, changed: &mut BTreeMap<String, usize>) {
    let b = before.chars().filter(|c| counts(*c));
    let a = after.chars().filter(|c| counts(*c));
    for (x, y) in b.zip(a) {
        if x != y {
            *changed.entry(format!("{x} → {y}")).or_default() += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_are_tallied_by_kind() {
        let mut changed = BTreeMap::new();
        tally_changes("甲,乙, 丙(丁)", "甲，乙，丙（丁）", &mut changed);
        assert_eq!(changed[", → ，"], 2);
        assert_eq!(changed["( → （"], 1);
        assert_eq!(changed.len(), 3);
    }

    #[test]
    fn whitespace_is_layout() {
        assert_eq!(count("本报讯　记者 X\n甲"), 7);
    }
}
