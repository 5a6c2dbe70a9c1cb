//! The rule vectors, shared by the native and the browser test files.
// Test helpers: a failed expectation is meant to stop the test.
#![allow(clippy::unwrap_used, clippy::panic)]

use rules::Rule;
use serde_json::Value;

/// `tests/data/vectors.jsonl`: rule, event and whether it matches; or rule and its error code.
pub const VECTORS: &str = include_str!("../data/vectors.jsonl");

/// Run every vector; return how many ran. Panics with the vector's name on the first mismatch.
pub fn run_vectors() -> usize {
    let mut ran = 0;
    for line in VECTORS.lines().filter(|l| !l.trim().is_empty()) {
        let vector: Value = serde_json::from_str(line).unwrap();
        let name = vector["name"].as_str().unwrap();
        let text = serde_json::to_string(&vector["rule"]).unwrap();
        match vector.get("error").and_then(Value::as_str) {
            Some(code) => {
                let error = Rule::parse(&text).unwrap_err();
                assert_eq!(error.code(), code, "{name}: {error}");
            }
            None => {
                let rule = Rule::parse(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
                assert_eq!(rule.to_json(), text, "{name}: round trip");
                let matcher = rule.compile().unwrap();
                let expected = vector["match"].as_bool().unwrap();
                assert_eq!(matcher.matches(&vector["event"]), expected, "{name}");
            }
        }
        ran += 1;
    }
    ran
}
