//! Any bytes as rule JSON: reading never panics, and a rule that reads writes back to text
//! that reads to the same rule (compact and pretty), compiles, and evaluates.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rules::Rule;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(rule) = Rule::parse(text) else {
        return;
    };
    assert_eq!(Rule::parse(&rule.to_json()).as_ref(), Ok(&rule));
    assert_eq!(Rule::parse(&rule.to_json_pretty()).as_ref(), Ok(&rule));
    let Ok(matcher) = rule.compile() else {
        panic!("a rule that parses must compile: {text}");
    };
    let event = serde_json::json!({
        "event_name": "Purchase",
        "event_source_url": "https://shop.example/thankyou.html?order=42",
        "custom_data": {"value": "150.00", "currency": "USD", "x": 3, "content_ids": ["A", "B"]}
    });
    let _ = matcher.matches(&event);
});
