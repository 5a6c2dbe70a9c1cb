//! The spec's vectors (`tests/data/matchkeys-vectors.jsonl`, compiled in), checked the same way
//! natively and in the browser.
// Clippy only treats `#[test]` functions as tests; the helpers here are test code too.
#![allow(clippy::unwrap_used)]

use matchkeys::{Api, Context, Country, DateOrder, MatchKey, Options};

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
        match (&hashed, expected_hash) {
            (Ok(Some(got)), Some(expected)) if got == expected => {}
            (Ok(None), None) | (Err(_), None) => {}
            (got, expected) => {
                failures.push(format!("{label}: hash {got:?}, expected {expected:?}"))
            }
        }
    }
    if failures.is_empty() {
        Ok(count)
    } else {
        Err(failures)
    }
}
