//! The JavaScript API, run in a real browser (`wasm-pack test --headless --chrome|--firefox`).
#![cfg(target_arch = "wasm32")]
// Clippy only recognises `#[test]` functions as tests; these are tests too.
#![allow(clippy::unwrap_used)]

use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn hashes_metas_documented_email_example() {
    assert_eq!(
        hashdrop::hash("email", "John_Smith@gmail.com").unwrap(),
        "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"
    );
}

#[wasm_bindgen_test]
fn invalid_values_throw_errors_with_code_and_field_but_not_the_value() {
    let error = JsValue::from(hashdrop::hash("em", "secret-not-an-address").unwrap_err());
    let get = |name: &str| {
        js_sys::Reflect::get(&error, &name.into())
            .unwrap()
            .as_string()
    };
    assert_eq!(get("code").as_deref(), Some("invalid_email"));
    assert_eq!(get("field").as_deref(), Some("em"));
    assert!(!get("message").unwrap_or_default().contains("secret"));
}
