//! The JavaScript API, run in a real browser (`wasm-pack test --headless --chrome|--firefox`).
#![cfg(target_arch = "wasm32")]
// Clippy only recognises `#[test]` functions as tests; these are tests too.
#![allow(clippy::unwrap_used)]

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const VECTORS: &str = include_str!("../../matchkeys/tests/data/matchkeys-vectors.jsonl");

fn js(source: &str) -> JsValue {
    js_sys::eval(&format!("({source})")).unwrap()
}

fn get(value: &JsValue, name: &str) -> JsValue {
    js_sys::Reflect::get(value, &name.into()).unwrap()
}

/// Pull one string field out of a JSON line (the vectors are flat objects of strings/nulls).
fn field(line: &str, name: &str) -> Option<String> {
    let parsed = js_sys::JSON::parse(line).unwrap();
    get(&parsed, name).as_string()
}

#[wasm_bindgen_test]
fn hashes_metas_documented_email_example() {
    assert_eq!(
        hashdrop::hash("email", "John_Smith@gmail.com", None)
            .unwrap()
            .as_string()
            .unwrap(),
        "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"
    );
}

#[wasm_bindgen_test]
fn every_spec_vector_passes_through_the_js_api() {
    let mut checked = 0;
    for line in VECTORS.lines().filter(|l| !l.trim().is_empty()) {
        let field_name = field(line, "field").unwrap();
        let input = field(line, "input").unwrap();
        let options = js_sys::Object::new();
        if let Some(country) = field(line, "country") {
            js_sys::Reflect::set(&options, &"country".into(), &country.into()).unwrap();
        }
        if let Some(order) = field(line, "date_order") {
            js_sys::Reflect::set(&options, &"dateOrder".into(), &order.into()).unwrap();
        }
        js_sys::Reflect::set(&options, &"currentYear".into(), &2026.into()).unwrap();
        let options: JsValue = options.into();
        let normalized = hashdrop::normalize(&field_name, &input, Some(options.clone()));
        let hashed = hashdrop::hash(&field_name, &input, Some(options));
        match field(line, "normalized") {
            Some(expected) => {
                assert_eq!(
                    normalized.unwrap().as_string(),
                    Some(expected.clone()),
                    "{line}"
                );
                let expected_hash = field(line, "sha256").unwrap_or(expected);
                assert_eq!(hashed.unwrap().as_string(), Some(expected_hash), "{line}");
            }
            None => {
                // Either dropped (undefined) or thrown with a code; never a value.
                if let Ok(value) = normalized {
                    assert!(value.is_undefined(), "{line}");
                } else {
                    let error = JsValue::from(normalized.unwrap_err());
                    assert!(
                        get(&error, "code")
                            .as_string()
                            .unwrap()
                            .starts_with("invalid_")
                    );
                    assert_eq!(get(&error, "field").as_string(), Some(field_name.clone()));
                }
            }
        }
        checked += 1;
    }
    assert!(checked >= 80);
}

#[wasm_bindgen_test]
fn invalid_values_throw_errors_with_code_and_field_but_not_the_value() {
    let error = JsValue::from(hashdrop::hash("em", "secret-not-an-address", None).unwrap_err());
    assert!(error.is_instance_of::<js_sys::Error>());
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_email")
    );
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("em"));
    assert!(
        !get(&error, "message")
            .as_string()
            .unwrap_or_default()
            .contains("secret")
    );

    let unknown = JsValue::from(hashdrop::hash("e-mail", "x@y.z", None).unwrap_err());
    assert_eq!(
        get(&unknown, "code").as_string().as_deref(),
        Some("unknown_field")
    );
    let bad_option =
        JsValue::from(hashdrop::hash("em", "x@y.z", Some(js("{dateOrder: 'ymd'}"))).unwrap_err());
    assert_eq!(
        get(&bad_option, "code").as_string().as_deref(),
        Some("invalid_option")
    );
    assert_eq!(
        get(&bad_option, "field").as_string().as_deref(),
        Some("dateOrder")
    );
}

#[wasm_bindgen_test]
fn hash_user_data_returns_a_plain_object_in_metas_shape() {
    let record = js(
        "{email: ['Mary@Example.com', 'mary@example.com '], phone: '020 7946 0958', \
         fn: 'Mary', zip: 'M1 1AE', country: 'United Kingdom', lead_id: 917253640183740, st: ''}",
    );
    let user_data = hashdrop::hash_user_data(record.clone(), None).unwrap();
    // A plain object (JSON.stringify sees its keys), never a Map.
    assert!(!user_data.is_instance_of::<js_sys::Map>());
    let json = js_sys::JSON::stringify(&user_data)
        .unwrap()
        .as_string()
        .unwrap();
    let phone = hashdrop::hash("ph", "+442079460958", None)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(json.starts_with(r#"{"em":[""#), "{json}");
    assert!(json.contains(&format!(r#""ph":["{phone}"]"#)), "{json}");
    assert!(json.ends_with(r#""lead_id":"917253640183740"}"#), "{json}");
    assert!(!json.contains("\"st\""), "{json}");
    assert_eq!(js_sys::Array::from(&get(&user_data, "em")).length(), 1);

    let ocapi = hashdrop::hash_user_data(record, Some(js("{api: 'ocapi'}"))).unwrap();
    let json = js_sys::JSON::stringify(&ocapi)
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        json.starts_with(r#"{"email":[""#) && json.contains(r#""zip":[""#),
        "{json}"
    );

    let error = JsValue::from(hashdrop::hash_user_data(js("{ph: '12'}"), None).unwrap_err());
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_phone")
    );
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("ph"));
    let error = JsValue::from(hashdrop::hash_user_data(js("{em: {}}"), None).unwrap_err());
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_type")
    );
    let _ = error.dyn_into::<js_sys::Error>().unwrap();
}

#[wasm_bindgen_test]
fn hash_user_data_many_hashes_each_record_like_hash_user_data_and_lists_what_it_dropped() {
    let records = js(
        "[{email: 'Mary@Example.com', phone: '020 7946 0958', country: 'gb'}, \
          {fn: 'Mary', ph: '12', lead_id: 917253640183740}, {}, \
          {em: ['a@b.co', null, 'not-an-address'], zip: '94105-1234'}]",
    );
    let result = hashdrop::hash_user_data_many(records, Some(js("{country: 'us'}"))).unwrap();
    let hashed = js_sys::Array::from(&get(&result, "hashed"));
    assert_eq!(hashed.length(), 4);
    let single = |record: &str| {
        let user_data = hashdrop::hash_user_data(js(record), Some(js("{country: 'us'}"))).unwrap();
        js_sys::JSON::stringify(&user_data)
            .unwrap()
            .as_string()
            .unwrap()
    };
    let at = |i: u32| {
        js_sys::JSON::stringify(&hashed.get(i))
            .unwrap()
            .as_string()
            .unwrap()
    };
    assert_eq!(
        at(0),
        single("{email: 'Mary@Example.com', phone: '020 7946 0958', country: 'gb'}")
    );
    assert_eq!(at(1), single("{fn: 'Mary', lead_id: 917253640183740}"));
    assert_eq!(at(2), "{}");
    assert_eq!(at(3), single("{em: ['a@b.co'], zip: '94105-1234'}"));
    let dropped = js_sys::JSON::stringify(&get(&result, "dropped"))
        .unwrap()
        .as_string()
        .unwrap();
    assert_eq!(
        dropped,
        r#"[{"record":1,"field":"ph","code":"invalid_phone"},{"record":3,"field":"em","code":"invalid_email"}]"#
    );
    assert!(!dropped.contains("not-an-address"));

    let ocapi =
        hashdrop::hash_user_data_many(js("[{email: 'a@b.co'}]"), Some(js("{api: 'ocapi'}")))
            .unwrap();
    let first = js_sys::Array::from(&get(&ocapi, "hashed")).get(0);
    assert!(js_sys::Array::is_array(&get(&first, "email")));

    let error = JsValue::from(
        hashdrop::hash_user_data_many(js("[{em: 'a@b.co'}, {'e-mail': 'x'}]"), None).unwrap_err(),
    );
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("unknown_field")
    );
    assert_eq!(get(&error, "index").as_f64(), Some(1.0));
    let error = JsValue::from(hashdrop::hash_user_data_many(js("[{em: true}]"), None).unwrap_err());
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some("invalid_type")
    );
    let error = JsValue::from(hashdrop::hash_user_data_many(js("{}"), None).unwrap_err());
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("records"));
}
