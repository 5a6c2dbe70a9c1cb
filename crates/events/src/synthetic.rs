//! A deterministic synthetic file of any length, generated in chunks: for benchmarks and load
//! tests that must not depend on a fixture on disk (and must not hold the file in memory).
//!
//! Each row has six identifiers (email, phone, first and last name, city, ZIP), an event time
//! inside the window before [`NOW`], a value, a currency and an order id.

/// The `now` the synthetic event times are inside the window of (2026-11-20T00:00:00Z).
pub const NOW: i64 = 1_795_132_800;

const FIRST: [&str; 8] = [
    "Mary", "John", "Zoé", "Ahmed", "Li", "Sofía", "Jürgen", "Anna",
];
const LAST: [&str; 8] = [
    "Johnson", "O'Connor", "Nguyen", "Müller", "Smith", "García", "Wang", "Brown",
];
/// The same names as they appear in e-mail addresses.
const FIRST_MAIL: [&str; 8] = [
    "mary", "john", "zoe", "ahmed", "li", "sofia", "juergen", "anna",
];
const LAST_MAIL: [&str; 8] = [
    "johnson", "oconnor", "nguyen", "mueller", "smith", "garcia", "wang", "brown",
];
const CITY: [&str; 6] = [
    "Palo Alto",
    "New York",
    "Austin",
    "Chicago",
    "Boston",
    "Seattle",
];
const DOMAIN: [&str; 4] = ["gmail.com", "Example.org", "yahoo.com", "outlook.com"];

/// Settings JSON matching the synthetic file's layout.
pub const SETTINGS_JSON: &str = r#"{"now": 1795132800, "eventName": "Purchase", "header": true}"#;

/// Generates `rows` data rows (plus a header) chunk by chunk.
#[derive(Debug, Clone)]
pub struct SyntheticFile {
    rows: u64,
    next: u64,
    header_done: bool,
}

impl SyntheticFile {
    /// A file of `rows` data rows.
    pub fn new(rows: u64) -> Self {
        SyntheticFile {
            rows,
            next: 0,
            header_done: false,
        }
    }

    /// Fill `chunk` (cleared first) with whole lines up to about `size` bytes; `false` when the
    /// file has ended and `chunk` is empty.
    pub fn next_chunk(&mut self, chunk: &mut Vec<u8>, size: usize) -> bool {
        use std::io::Write as _;
        chunk.clear();
        if !self.header_done {
            chunk.extend_from_slice(
                b"email,phone,first_name,last_name,city,zip,event_time,value,currency,order_id\n",
            );
            self.header_done = true;
        }
        while chunk.len() < size && self.next < self.rows {
            let i = self.next;
            self.next += 1;
            let mix = i
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407)
                >> 33;
            let pick = |n: usize, shift: u32| ((mix >> shift) as usize) % n;
            let (f, l) = (pick(FIRST.len(), 0), pick(LAST.len(), 3));
            let time = NOW - 3_600 - (i % (50 * 24)) as i64 * 3_600;
            let _ = writeln!(
                chunk,
                "{}.{}{}@{},+1 (650) 555-{:04},{},{},{},{:05},{},{}.{:02},USD,ORD-{}",
                FIRST_MAIL[f],
                LAST_MAIL[l],
                i % 1000,
                DOMAIN[pick(DOMAIN.len(), 6)],
                mix % 10_000,
                FIRST[f],
                LAST[l],
                CITY[pick(CITY.len(), 9)],
                10_000 + mix % 89_999,
                time,
                1 + mix % 500,
                mix % 100,
                i
            );
        }
        !chunk.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synthetic_row_is_accepted_with_six_keys() {
        let settings = crate::Settings::from_json(SETTINGS_JSON).unwrap();
        let mut preparation = crate::Preparation::new(settings).unwrap();
        let mut file = SyntheticFile::new(500);
        let mut chunk = Vec::new();
        while file.next_chunk(&mut chunk, 4096) {
            preparation.feed(&chunk).unwrap();
        }
        let finished = preparation.finish().unwrap();
        assert_eq!(finished.summary.rows, 500);
        assert_eq!(
            finished.summary.accepted,
            500,
            "{:?}",
            finished.output.rejected.first()
        );
        for key in ["em", "ph", "fn", "ln", "ct", "zp"] {
            assert_eq!(finished.summary.coverage.get(key), 500, "{key}");
        }
    }
}
