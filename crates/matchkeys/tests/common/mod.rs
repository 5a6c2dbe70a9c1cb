//! The spec's vectors (`tests/data/matchkeys-vectors.jsonl`, compiled in), checked the same way
//! natively and in the browser.
// Clippy only treats `#[test]` functions as tests; the helpers here are test code too.
#![allow(clippy::unwrap_used)]

use matchkeys::{Api, Context, Country, DateOrder, HashBatch, MatchKey, Options, UserData};

const VECTORS: &str = include_str!("../data/matchkeys-vectors.jsonl");

/// Check every vector; panic with every failure described.
#[allow(clippy::panic)]
pub fn assert_all_vectors_pass() {
    match check_all_vectors() {
        Ok(count) => assert!(count >= 80, "only {count} vectors"),
        Err(failures) => panic!(
            "{} vector(s) failed:\n{}",
            failures.len(),
            failures.join("\n")
        ),
    }
}

/// Check every vector; returns how many were checked, or every failure described.
fn check_all_vectors() -> Result<usize, Vec<String>> {
    let mut failures = Vec::new();
    let mut count = 0;
    let mut batch = HashBatch::new();
    let mut batch_expected = Vec::new();
    for (line_no, line) in VECTORS
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        count += 1;
        let v: serde_json::Value = serde_json::from_str(line).unwrap();
        let field = v["field"].as_str().unwrap();
        let input = v["input"].as_str().unwrap();
        let why = v["why"].as_str().unwrap_or_default();
        let label = format!("line {} ({field} {input:?}: {why})", line_no + 1);
        let Some(key) = MatchKey::from_name(field) else {
            failures.push(format!("{label}: unknown field"));
            continue;
        };
        let mut options = Options::new(2026);
        options.date_order = match v["date_order"].as_str() {
            Some("dmy") => DateOrder::DayFirst,
            _ => DateOrder::MonthFirst,
        };
        let country = v["country"].as_str().map(|c| Country::parse(c).unwrap());
        let ctx = Context::new(&options).with_country(country);
        let normalized = matchkeys::normalize(key, input, &ctx);
        let hashed = matchkeys::hash(key, input, Api::Capi, &ctx);
        match (v["normalized"].as_str(), &normalized) {
            (Some(expected), Ok(Some(got))) if got.value == expected => {}
            (None, Err(error)) if !why.contains("dropped") => {
                if input.trim().len() >= 3 && error.to_string().contains(input.trim()) {
                    failures.push(format!("{label}: error message contains the value"));
                }
            }
            // "dropped": empty after normalization, not an error.
            (None, Ok(None)) if why.contains("dropped") => {}
            (expected, got) => {
                failures.push(format!("{label}: expected {expected:?}, got {got:?}"));
                continue;
            }
        }
        let expected_hash = match (v["sha256"].as_str(), v["normalized"].as_str()) {
            (Some(hash), _) => Some(hash),
            // Keys sent raw (madid to CAPI, lead_id): the output is the normalized value.
            (None, normalized) => normalized,
        };
        // The same value through the record builders (values hashed in a batch, in lanes in
        // the browser), where the key has a `user_data` field of its own. `country` vectors
        // set the record's context themselves, so they are checked alone.
        if let Some(expected) = expected_hash.filter(|_| v["sha256"].is_string()) {
            let built = UserData::build_from(&[(key, input)], &ctx);
            let json = serde_json::to_value(&built.keys).unwrap();
            if json[key.capi_name()].is_array() && json[key.capi_name()][0] != expected {
                failures.push(format!("{label}: UserData::build gave {json}"));
            }
            // Only the values that were hashed (not digests passed through).
            let normalized = v["normalized"].as_str().unwrap();
            if normalized != expected {
                batch_expected.push((batch.push(normalized), label.clone(), expected.to_owned()));
            }
        }
        match (&hashed, expected_hash) {
            (Ok(Some(got)), Some(expected)) if got == expected => {}
            (Ok(None), None) | (Err(_), None) => {}
            (got, expected) => {
                failures.push(format!("{label}: hash {got:?}, expected {expected:?}"))
            }
        }
    }
    batch.hash();
    for (index, label, expected) in batch_expected {
        if batch.hex(index) != Some(expected.as_str()) {
            failures.push(format!("{label}: HashBatch gave {:?}", batch.hex(index)));
        }
    }
    if failures.is_empty() {
        Ok(count)
    } else {
        Err(failures)
    }
}

/// A small deterministic generator (xorshift64*), the same natively and in the browser.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_f491_4f6c_dd1d) >> 33) as usize % n
    }

    /// `len` bytes of text: ASCII with some 2-, 3- and 4-byte characters.
    fn text(&mut self, len: usize) -> String {
        const CHARS: [char; 8] = ['a', 'Z', '7', '@', ' ', 'é', '정', '😀'];
        let mut out = String::new();
        while out.len() < len {
            let c = CHARS[self.below(CHARS.len())];
            if out.len() + c.len_utf8() <= len {
                out.push(c);
            } else {
                out.push('x');
            }
        }
        out
    }
}

/// Hash `values` in one [`HashBatch`] (in `parts` calls to `hash`) and compare every digest
/// with `sha2`'s ([`matchkeys::sha256_hex`]).
fn assert_batch_matches_sha2(values: &[String], parts: usize) {
    let mut batch = HashBatch::new();
    let per_part = values.len().div_ceil(parts.max(1)).max(1);
    for chunk in values.chunks(per_part) {
        for value in chunk {
            batch.push(value);
        }
        batch.hash();
    }
    assert_eq!(batch.len(), values.len());
    for (index, value) in values.iter().enumerate() {
        assert_eq!(
            batch.hex(index),
            Some(matchkeys::sha256_hex(value).as_str()),
            "value {index} ({} bytes) of {}",
            value.len(),
            values.len()
        );
    }
}

/// Every length from 0 to 300 bytes, at every lane position, and random batches of every size
/// from 1 to 40 (so each count of leftover lanes), hashed in one or several calls.
pub fn assert_batches_match_sha2() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    let mut values = Vec::new();
    for shift in 0..4 {
        values.extend((0..shift).map(|_| rng.text(3)));
        values.extend((0..=300).map(|len| rng.text(len)));
    }
    assert_batch_matches_sha2(&values, 1);
    assert_batch_matches_sha2(&values, 7);
    for size in 1..=40 {
        let values: Vec<String> = (0..size)
            .map(|_| {
                let len = if rng.below(8) == 0 {
                    rng.below(300)
                } else {
                    rng.below(56)
                };
                rng.text(len)
            })
            .collect();
        assert_batch_matches_sha2(&values, 1 + rng.below(3));
    }
    let empty = HashBatch::new();
    assert_eq!(empty.hex(0), None);
}
