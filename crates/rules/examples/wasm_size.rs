//! A wasm module that uses all of the crate (parse, check, compile a pattern, evaluate), so its
//! size is what the crate adds to an app. Measure it with:
//!
//! ```text
//! cargo build --release -p rules --example wasm_size --target wasm32-unknown-unknown
//! wasm-opt -Oz --strip-debug --strip-producers --enable-bulk-memory \
//!   --enable-nontrapping-float-to-int --enable-sign-ext --enable-mutable-globals \
//!   target/wasm32-unknown-unknown/release/examples/wasm_size.wasm -o /tmp/rules.wasm
//! gzip -9c /tmp/rules.wasm | wc -c
//! ```

use rules::Rule;

const RULES: [&str; 3] = [
    r#"{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#,
    r#"{"or":[{"url":{"i_contains":"thankyou.html"}},{"url":{"regex_match":"(?<=/order/)\\d+$"}}]}"#,
    r#"{"not":{"custom_data.product_category":{"i_contains":"ICECREAM"}}}"#,
];

/// Evaluate rule `which` on a fixed event: 1 matches, 0 does not, 2 the rule is refused.
// An exported symbol: the wasm module's only entry point. It takes and returns plain numbers.
#[allow(unsafe_code)]
#[unsafe(no_mangle)]
pub extern "C" fn evaluate(which: u32) -> u32 {
    let event = serde_json::json!({
        "event_name": "Purchase",
        "event_source_url": "https://shop.example/order/42",
        "custom_data": {"value": 150, "product_category": "cake"}
    });
    let text = RULES[which as usize % RULES.len()];
    match Rule::parse(text).and_then(|rule| rule.compile()) {
        Ok(matcher) => u32::from(matcher.matches(&event)),
        Err(_) => 2,
    }
}
