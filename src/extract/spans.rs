//! Span bookkeeping shared by the extractors, in O(n log n): choosing among overlapping
//! readings of the same text, and asking whether a span lies inside another one. A
//! long document has tens of thousands of candidate matches; comparing them pairwise
//! was quadratic.

use std::cmp::Ordering;
use std::collections::BTreeMap;

use crate::model::Span;

/// Keeps, in the order of `better` (best first), every item that overlaps no item kept
/// before it; returns the kept items in text order.
pub fn keep_non_overlapping<T>(
    mut items: Vec<T>,
    span: impl Fn(&T) -> Span,
    better: impl FnMut(&T, &T) -> Ordering,
) -> Vec<T> {
    items.sort_by(better);
    let mut taken: BTreeMap<usize, usize> = BTreeMap::new();
    let mut kept = Vec::with_capacity(items.len());
    for item in items {
        let [start, end] = span(&item);
        // Kept spans never overlap, so only the last one starting before `end` can
        // reach into this one.
        let overlaps = taken.range(..end.max(start + 1)).next_back().is_some_and(|(_, &e)| e > start);
        if !overlaps {
            taken.insert(start, end);
            kept.push(item);
        }
    }
    kept.sort_by_key(|i| span(i)[0]);
    kept
}

/// A set of spans that answers « is this span inside one of them? ».
#[derive(Debug, Default)]
pub struct SpanSet {
    /// Sorted by start; each entry's end is the largest end of the spans starting at or
    /// before it, so that nested and overlapping spans are handled.
    starts: Vec<usize>,
    reach: Vec<usize>,
}

impl SpanSet {
    pub fn new(mut spans: Vec<Span>) -> SpanSet {
        spans.sort_unstable();
        let mut reach = Vec::with_capacity(spans.len());
        let mut max_end = 0;
        for s in &spans {
            max_end = max_end.max(s[1]);
            reach.push(max_end);
        }
        SpanSet { starts: spans.iter().map(|s| s[0]).collect(), reach }
    }

    /// True when some span of the set shares a byte with `s`.
    pub fn meets(&self, s: Span) -> bool {
        let n = self.starts.partition_point(|&start| start < s[1]);
        n > 0 && self.reach[n - 1] > s[0]
    }

    /// True when some span of the set starts at or before `s` and ends at or after it.
    pub fn covers(&self, s: Span) -> bool {
        let n = self.starts.partition_point(|&start| start <= s[0]);
        n > 0 && self.reach[n - 1] >= s[1]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn longest_reading_wins_and_order_is_restored() {
        let items = vec![[0, 3], [2, 10], [10, 12], [11, 13], [20, 21]];
        let kept = keep_non_overlapping(items, |s| *s, |a, b| (b[1] - b[0]).cmp(&(a[1] - a[0])).then(a[0].cmp(&b[0])));
        assert_eq!(kept, [[2, 10], [10, 12], [20, 21]]);
    }

    #[test]
    fn covers_nested_and_disjoint_spans() {
        let set = SpanSet::new(vec![[10, 50], [12, 20], [60, 70]]);
        assert!(set.covers([15, 40]));
        assert!(set.covers([60, 70]));
        assert!(!set.covers([45, 55]));
        assert!(!set.covers([0, 5]));
        assert!(!SpanSet::default().covers([0, 0]));
    }

    #[test]
    fn a_part_meets_a_span_when_they_share_a_byte() {
        let set = SpanSet::new(vec![[30, 40], [10, 14]]);
        assert!(set.meets([12, 20]) && set.meets([0, 11]) && set.meets([39, 50]));
        assert!(!set.meets([14, 30]) && !set.meets([0, 10]) && !set.meets([40, 60]));
        assert!(!SpanSet::default().meets([0, 1]));
    }
}
