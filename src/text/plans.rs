//! Line plans kept with their paragraph.
//!
//! A plan ([`super::Breaker::plan`]) is a function of the paragraph, the glyph it starts
//! at and the measures of the lines to come, nothing else. A paragraph is often set again
//! at the same measures (a balance or flush search trying other column depths moves it to
//! other rows of the same blocks; the next render in watch mode keeps its shaped
//! paragraphs), so the plans it was given are kept with it and handed out again.

use std::sync::{Arc, Mutex};

use super::linebreak::Planned;
use super::measures::Measures;

/// Plans kept per paragraph at most: a paragraph is set at a handful of profiles (its
/// block's measure, a wrap's, the thread's next block); the oldest goes first.
const KEPT: usize = 8;

/// The plans made for one paragraph, by start and measures, the latest last.
#[derive(Default)]
pub struct Plans(Mutex<Vec<Kept>>);

/// A plan: where it starts, the measures it was made for, its lines.
type Kept = (usize, Measures, Arc<[Planned]>);

impl Plans {
    /// The plan from `start` at `measures`, made by `make` unless it is kept.
    pub(super) fn get_or_make(
        &self,
        start: usize,
        measures: &Measures,
        make: impl FnOnce() -> Vec<Planned>,
    ) -> Arc<[Planned]> {
        let found = self
            .lock()
            .iter()
            .find_map(|(s, m, plan)| (*s == start && m == measures).then(|| plan.clone()));
        if let Some(plan) = found {
            return plan;
        }
        // Made outside the lock: another thread setting the paragraph waits for nothing
        // (and may make the same plan; both are the same lines).
        let plan: Arc<[Planned]> = make().into();
        let mut kept = self.lock();
        if kept.len() == KEPT {
            kept.remove(0);
        }
        kept.push((start, measures.clone(), plan.clone()));
        plan
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Kept>> {
        // A panic elsewhere while holding it left whole entries only.
        self.0.lock().unwrap_or_else(|e| e.into_inner())
    }
}

/// A copy of a paragraph starts with the plans of the original (the same glyphs, the same
/// plans).
impl Clone for Plans {
    fn clone(&self) -> Self {
        Self(Mutex::new(self.lock().clone()))
    }
}

impl std::fmt::Debug for Plans {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Plans({} kept)", self.lock().len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geom::Pt;

    fn plan(end: usize) -> Vec<Planned> {
        vec![Planned {
            end,
            hang: false,
            forced: false,
        }]
    }

    #[test]
    fn a_plan_is_made_once_per_start_and_measures() {
        let plans = Plans::default();
        let (a, b) = (Measures::constant(Pt(100.0)), Measures::constant(Pt(90.0)));
        assert_eq!(plans.get_or_make(0, &a, || plan(10))[0].end, 10);
        let kept = plans.get_or_make(0, &a, || panic!("made again"));
        assert_eq!(kept[0].end, 10);
        assert_eq!(plans.get_or_make(0, &b, || plan(9))[0].end, 9);
        assert_eq!(plans.get_or_make(5, &a, || plan(15))[0].end, 15);
        // The oldest goes once more are kept than fit.
        for start in 10..10 + KEPT {
            plans.get_or_make(start, &a, || plan(start));
        }
        assert_eq!(plans.get_or_make(0, &a, || plan(11))[0].end, 11);
        let last = 10 + KEPT - 1;
        plans.get_or_make(last, &a, || panic!("the latest was dropped"));
    }
}
