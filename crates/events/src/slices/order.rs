//! Slices out to many workers, results back in file order, with a bounded number in flight.

use std::collections::BTreeMap;

/// The bookkeeping of slices handed to workers that answer in any order: at most `limit` are
/// out (sent and not yet handed on), and the results are handed on in the order the slices
/// were sent. Memory stays bounded: at most `limit` results wait.
///
/// ```
/// use events::slices::InOrder;
/// let mut order = InOrder::new(2);
/// let (a, b) = (order.send(), order.send());
/// assert_eq!(order.send_allowed(), false);
/// assert!(order.arrive(b, "b").unwrap().is_empty());
/// assert_eq!(order.arrive(a, "a").unwrap(), ["a", "b"]);
/// assert_eq!(order.in_flight(), 0);
/// ```
#[derive(Debug)]
pub struct InOrder<T> {
    limit: usize,
    /// Slices sent so far (the next one's index).
    sent: usize,
    /// Slices handed on so far (the index of the one awaited first).
    next: usize,
    waiting: BTreeMap<usize, T>,
}

/// A result for a slice that was never sent, or came twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UnexpectedSlice {
    /// The slice's index.
    pub index: usize,
}

impl std::fmt::Display for UnexpectedSlice {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "a result came for slice {}, which is not awaited",
            self.index
        )
    }
}

impl std::error::Error for UnexpectedSlice {}

impl<T> InOrder<T> {
    /// At most `limit` (1 at least) slices out at once.
    pub fn new(limit: usize) -> Self {
        InOrder {
            limit: limit.max(1),
            sent: 0,
            next: 0,
            waiting: BTreeMap::new(),
        }
    }

    /// Whether one more slice may be sent.
    pub fn send_allowed(&self) -> bool {
        self.in_flight() < self.limit
    }

    /// Slices sent and not handed on yet.
    pub fn in_flight(&self) -> usize {
        self.sent - self.next
    }

    /// Count a slice as sent; its index, which its result comes back with.
    pub fn send(&mut self) -> usize {
        self.sent += 1;
        self.sent - 1
    }

    /// The result of slice `index`; every result now next in order, in order.
    pub fn arrive(&mut self, index: usize, result: T) -> Result<Vec<T>, UnexpectedSlice> {
        if index < self.next || index >= self.sent || self.waiting.contains_key(&index) {
            return Err(UnexpectedSlice { index });
        }
        self.waiting.insert(index, result);
        let mut ready = Vec::new();
        while let Some(result) = self.waiting.remove(&self.next) {
            self.next += 1;
            ready.push(result);
        }
        Ok(ready)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    #[test]
    fn results_come_out_in_order_and_at_most_limit_are_out() {
        let mut order = InOrder::new(3);
        let sent: Vec<usize> = (0..3).map(|_| order.send()).collect();
        assert_eq!(sent, [0, 1, 2]);
        assert!(!order.send_allowed());
        assert!(order.arrive(2, 2).unwrap().is_empty());
        assert!(order.arrive(1, 1).unwrap().is_empty());
        assert!(!order.send_allowed(), "results waiting still count");
        assert_eq!(order.arrive(0, 0).unwrap(), [0, 1, 2]);
        assert!(order.send_allowed());
        assert_eq!(order.send(), 3);
        assert_eq!(order.arrive(3, 3).unwrap(), [3]);
        assert_eq!(order.in_flight(), 0);
    }

    #[test]
    fn a_result_never_sent_or_twice_is_an_error() {
        let mut order = InOrder::new(2);
        let first = order.send();
        let second = order.send();
        assert_eq!(order.arrive(5, ()), Err(UnexpectedSlice { index: 5 }));
        order.arrive(second, ()).unwrap();
        assert_eq!(order.arrive(second, ()), Err(UnexpectedSlice { index: 1 }));
        order.arrive(first, ()).unwrap();
        assert_eq!(order.arrive(first, ()), Err(UnexpectedSlice { index: 0 }));
        assert_eq!(InOrder::<()>::new(0).limit, 1);
    }
}
