//! The time axis of the stats chart and table: buckets of an hour or a day, every bucket of the
//! asked range present (zeros where Graph had no figures), nothing after now.

use super::graph_time::{graph_time, short_label};
use crate::components::{ChartData, Series};

/// The size of a chart's time buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// One an hour.
    Hour,
    /// One a day (UTC).
    Day,
}

impl Bucket {
    /// Its length in seconds.
    pub fn seconds(self) -> i64 {
        match self {
            Bucket::Hour => 3_600,
            Bucket::Day => 86_400,
        }
    }

    /// The start of the bucket holding `unix`.
    pub fn start(self, unix: i64) -> i64 {
        unix.div_euclid(self.seconds()) * self.seconds()
    }
}

/// The most buckets a filled time axis gets (62 days of hours); a longer range is filled only
/// between the first and the last bucket that has figures.
pub const MAX_BUCKETS: i64 = 62 * 24;

/// Every bucket of the time axis, in order: each bucket of `range` (`[start, end)`, cut at
/// `now`) and each bucket that has figures, so hours or days without events show as zeros
/// instead of being skipped.
pub fn time_axis(
    present: &[i64],
    bucket: Bucket,
    range: (Option<i64>, Option<i64>),
    now: i64,
) -> Vec<i64> {
    let size = bucket.seconds();
    let first = present.iter().copied().min();
    let last = present.iter().copied().max();
    let start = range.0.or(first).map(|t| bucket.start(t));
    // Exclusive end: the range's end, not past the bucket holding `now`.
    let end = match range.1 {
        Some(end) => Some(end.min(bucket.start(now) + size)),
        None => last.map(|t| bucket.start(t) + size),
    };
    let mut axis: Vec<i64> = match (start, end) {
        (Some(start), Some(end)) if end > start && (end - start) / size <= MAX_BUCKETS => {
            (0..(end - start + size - 1) / size)
                .map(|i| start + i * size)
                .collect()
        }
        _ => match (first, last) {
            (Some(first), Some(last)) if (last - first) / size <= MAX_BUCKETS => {
                let first = bucket.start(first);
                (0..=(bucket.start(last) - first) / size)
                    .map(|i| first + i * size)
                    .collect()
            }
            _ => Vec::new(),
        },
    };
    axis.extend(present.iter().map(|&t| bucket.start(t)));
    axis.sort_unstable();
    axis.dedup();
    axis
}

/// The time axis of a chart: bucket size, the asked range and the time it was asked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    /// The bucket size.
    pub bucket: Bucket,
    /// `[start, end)` as asked (Unix seconds).
    pub range: (Option<i64>, Option<i64>),
    /// Now (Unix seconds): no bucket after it.
    pub now: i64,
}

impl Axis {
    pub(super) fn times(&self, present: impl Iterator<Item = i64>) -> Vec<i64> {
        let present: Vec<i64> = present.collect();
        if present.is_empty() {
            // No figures at all: the page says so instead of drawing a flat line.
            return Vec::new();
        }
        time_axis(&present, self.bucket, self.range, self.now)
    }

    pub(super) fn chart(&self, times: &[i64], series: Vec<Series>) -> ChartData {
        ChartData {
            labels: times.iter().map(|t| short_label(&graph_time(*t))).collect(),
            series,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEC_2: i64 = 1_796_169_600; // 2026-12-02T00:00:00Z

    #[test]
    fn the_axis_has_every_bucket_of_the_range_up_to_now() {
        let hour = 3_600;
        // Events at 10:xx and 13:xx: 11 and 12 are there as zeros.
        let axis = time_axis(
            &[DEC_2 + 10 * hour + 5, DEC_2 + 13 * hour],
            Bucket::Hour,
            (None, None),
            DEC_2 + 20 * hour,
        );
        assert_eq!(
            axis,
            (10..=13).map(|h| DEC_2 + h * hour).collect::<Vec<_>>()
        );
        // A whole day asked for, at 20:xx: midnight to 20:00, nothing in the future.
        let axis = time_axis(
            &[DEC_2 + 10 * hour],
            Bucket::Hour,
            (Some(DEC_2), Some(DEC_2 + 86_400)),
            DEC_2 + 20 * hour + 59,
        );
        assert_eq!(axis.len(), 21);
        assert_eq!(axis.first(), Some(&DEC_2));
        assert_eq!(axis.last(), Some(&(DEC_2 + 20 * hour)));
        // Days: a week asked for.
        let axis = time_axis(
            &[DEC_2 - 3 * 86_400],
            Bucket::Day,
            (Some(DEC_2 - 6 * 86_400), Some(DEC_2 + 86_400)),
            DEC_2 + hour,
        );
        assert_eq!(axis.len(), 7);
        // A range too long to fill is filled between the figures only.
        let axis = time_axis(
            &[DEC_2, DEC_2 + 2 * hour],
            Bucket::Hour,
            (Some(0), None),
            DEC_2 + 3 * hour,
        );
        assert_eq!(axis.len(), 3);
        assert!(time_axis(&[], Bucket::Hour, (None, None), DEC_2).is_empty());
    }
}
