//! The rule vectors and the documented examples, in a real browser
//! (`wasm-pack test --headless --chrome|--firefox crates/rules`).
#![cfg(target_arch = "wasm32")]
// Clippy only recognises `#[test]` functions as tests; these are tests too.
#![allow(clippy::unwrap_used)]

mod common;

use rules::Rule;
use serde_json::json;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_vector_holds_in_the_browser() {
    assert_eq!(common::run_vectors(), 116);
}

#[wasm_bindgen_test]
fn lookaround_and_backreferences_run_in_wasm() {
    let rule = Rule::parse(r#"{"url":{"regex_match":"(?<=/order/)(\\d)\\1+(?!\\d)"}}"#).unwrap();
    let matcher = rule.compile().unwrap();
    assert!(matcher.matches(&json!({"event_source_url": "https://x.example/order/777"})));
    assert!(!matcher.matches(&json!({"event_source_url": "https://x.example/order/789"})));
}

#[wasm_bindgen_test]
fn preview_counts_and_sums_in_the_browser() {
    let rule =
        Rule::parse(r#"{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#).unwrap();
    let rows = [
        json!({"event_name": "Purchase", "custom_data": {"value": 150}}),
        json!({"event_name": "Purchase", "custom_data": {"value": "99"}}),
        json!({"event_name": "Purchase", "custom_data": {"value": "250.5"}}),
    ];
    let preview = rule.compile().unwrap().preview(&rows);
    assert_eq!(preview.matching, vec![0, 2]);
    assert_eq!(preview.value_sum, 400.5);
}
