//! The measures of the lines to come, line by line: what a paragraph is broken for when
//! its lines are not all one length (text beside a wrapped photo, a shaped block, a thread
//! that runs on into a wider block).

use crate::geom::Pt;

/// Line measures from the next line on: some lines given one by one (`head`), then a
/// cycle that repeats for as many lines as the paragraph needs (one measure for a plain
/// block). Two profiles that give every line the same measure are equal.
#[derive(Debug, Clone, PartialEq)]
pub struct Measures {
    head: Vec<Pt>,
    cycle: Vec<Pt>,
}

impl Measures {
    /// Every line at one measure.
    pub fn constant(measure: Pt) -> Self {
        Self {
            head: Vec::new(),
            cycle: vec![measure],
        }
    }

    /// The lines of `head`, then `cycle` repeating (an empty cycle repeats the last line
    /// of the head, or is a zero measure if both are empty).
    pub fn new(head: Vec<Pt>, cycle: Vec<Pt>) -> Self {
        let cycle = if cycle.is_empty() {
            vec![head.last().copied().unwrap_or(Pt::ZERO)]
        } else {
            cycle
        };
        Self { head, cycle }.normalized()
    }

    /// The measure of line `i` (from 0, the next line).
    pub fn at(&self, i: usize) -> Pt {
        match self.head.get(i) {
            Some(m) => *m,
            None => self.cycle[(i - self.head.len()) % self.cycle.len()],
        }
    }

    /// The profile from line `n` on.
    pub fn from(&self, n: usize) -> Self {
        if n <= self.head.len() {
            return Self {
                head: self.head[n..].to_vec(),
                cycle: self.cycle.clone(),
            }
            .normalized();
        }
        let mut cycle = self.cycle.clone();
        let turn = (n - self.head.len()) % cycle.len();
        cycle.rotate_left(turn);
        Self {
            head: Vec::new(),
            cycle,
        }
        .normalized()
    }

    /// Lines that differ from one another: line `i`'s class is `i` within the head, then
    /// its place in the cycle. Lines of one class have the same measure from there on.
    pub(super) fn classes(&self) -> usize {
        self.head.len() + self.cycle.len()
    }

    /// Lines given one by one.
    pub(super) fn head_len(&self) -> usize {
        self.head.len()
    }

    /// The class of the line after a line of class `class`.
    pub(super) fn next_class(&self, class: usize) -> usize {
        let h = self.head.len();
        if class + 1 < h {
            class + 1
        } else if class + 1 == h {
            h
        } else {
            h + (class - h + 1) % self.cycle.len()
        }
    }

    /// The measure of lines of class `class`.
    pub(super) fn of_class(&self, class: usize) -> Pt {
        self.at(class)
    }

    /// One way of writing each profile: the head ends where the cycle would give the same
    /// lines, and a cycle of one repeated measure is that measure once.
    fn normalized(mut self) -> Self {
        if self.cycle.iter().all(|m| *m == self.cycle[0]) {
            self.cycle.truncate(1);
        }
        while let (Some(h), Some(c)) = (self.head.last(), self.cycle.last())
            && h == c
        {
            self.head.pop();
            self.cycle.rotate_right(1);
        }
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profiles_that_give_every_line_the_same_measure_are_equal() {
        let (a, b) = (Pt(10.0), Pt(20.0));
        assert_eq!(Measures::new(vec![a, a], vec![a]), Measures::constant(a));
        assert_eq!(
            Measures::new(vec![b, a, b], vec![a, b]),
            Measures::new(vec![], vec![b, a])
        );
        let p = Measures::new(vec![a, a, b], vec![b]);
        assert_eq!((p.at(0), p.at(2), p.at(9)), (a, b, b));
        assert_eq!(p.from(1), Measures::new(vec![a], vec![b]));
        assert_eq!(p.from(5), Measures::constant(b));
        let alt = Measures::new(vec![], vec![a, b]);
        assert_eq!(alt.from(1), Measures::new(vec![], vec![b, a]));
        assert_eq!((alt.next_class(0), alt.next_class(1)), (1, 0));
        assert_eq!(
            (p.next_class(0), p.next_class(1), p.next_class(2)),
            (1, 2, 2)
        );
    }
}
