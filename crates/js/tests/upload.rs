//! `prepareUpload` as a partner calls it, in a browser: plain JSON out, the samples' results,
//! errors with a `code`.
#![cfg(target_arch = "wasm32")]
// Clippy does not see `#[wasm_bindgen_test]` functions as tests.
#![allow(clippy::unwrap_used)]

use hashdrop::upload::prepare_upload;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const STORE_SALES: &str = include_str!("../../events/tests/cases/store-sales/input.csv");
const STORE_SALES_EXPECTED: &str =
    include_str!("../../events/tests/cases/store-sales/expected.json");

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

fn to_json(value: &JsValue) -> serde_json::Value {
    serde_json::from_str(&js_sys::JSON::stringify(value).unwrap().as_string().unwrap()).unwrap()
}

#[wasm_bindgen_test]
fn prepares_the_store_sales_sample_with_a_detected_mapping() {
    let result = prepare_upload(
        STORE_SALES.into(),
        options(
            r#"{"now": 1795132800, "eventName": "Purchase", "uploadTag": "store-sales", "bodies": "objects"}"#,
        ),
    )
    .unwrap();
    let expected: serde_json::Value = serde_json::from_str(STORE_SALES_EXPECTED).unwrap();
    let got = to_json(&result);
    assert_eq!(got["mapping"], expected["settings"]["mapping"]);
    for key in [
        "rows",
        "accepted",
        "rejected",
        "rejected_by_reason",
        "warnings_by_code",
        "coverage",
    ] {
        assert_eq!(
            got["summary"][key], expected["summary"][key],
            "summary.{key}"
        );
    }
    let batches = got["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 1);
    assert_eq!(batches[0]["upload_tag"], "store-sales");
    let first = &batches[0]["data"][0];
    let row1 = &expected["rows"][0];
    assert_eq!(first["user_data"], row1["user_data"]);
    assert_eq!(first["custom_data"], row1["custom_data"]);
    assert_eq!(first["action_source"], "physical_store");
    assert_eq!(got["rejected"].as_array().unwrap().len(), 13);
    assert_eq!(got["rejected"][0]["code"], "event_time_too_old");
    assert_eq!(
        got["warnings"][0],
        serde_json::json!({"row": 72, "column": "Email", "code": "invalid_email"})
    );
}

#[wasm_bindgen_test]
fn returns_plain_objects_never_maps() {
    let result = prepare_upload(
        "email,value,currency,time\na@b.co,1.50,usd,2026-11-01T10:00:00Z\n".into(),
        options(r#"{"now": 1795132800, "eventName": "Purchase", "bodies": "objects"}"#),
    )
    .unwrap();
    for key in ["mapping", "summary"] {
        let value = get(&result, key);
        assert!(!value.is_instance_of::<js_sys::Map>(), "{key} is a Map");
        assert!(value.is_object(), "{key}");
    }
    let batches = get(&result, "batches");
    assert!(js_sys::Array::is_array(&batches));
    let body = js_sys::JSON::stringify(&js_sys::Reflect::get_u32(&batches, 0).unwrap()).unwrap();
    assert!(
        body.as_string()
            .unwrap()
            .starts_with("{\"data\":[{\"event_name\":\"Purchase\"")
    );
}

#[wasm_bindgen_test]
fn bodies_are_the_json_text_to_post_unless_objects_are_asked_for() {
    let csv = "email,value,currency,time\na@b.co,1.50,usd,2026-11-01T10:00:00Z\n";
    let as_text = prepare_upload(
        csv.into(),
        options(r#"{"now": 1795132800, "eventName": "Purchase"}"#),
    )
    .unwrap();
    let text = js_sys::Reflect::get_u32(&get(&as_text, "batches"), 0)
        .unwrap()
        .as_string()
        .unwrap(); // a batch is the body's JSON text by default
    assert!(
        text.starts_with("{\"data\":[{\"event_name\":\"Purchase\""),
        "{text}"
    );
    let as_objects = prepare_upload(
        csv.into(),
        options(r#"{"now": 1795132800, "eventName": "Purchase", "bodies": "objects"}"#),
    )
    .unwrap();
    let object = js_sys::Reflect::get_u32(&get(&as_objects, "batches"), 0).unwrap();
    assert!(object.is_object());
    assert_eq!(
        js_sys::JSON::stringify(&object)
            .unwrap()
            .as_string()
            .unwrap(),
        text,
        "the same body either way"
    );
    assert_eq!(
        to_json(&as_text)["summary"],
        to_json(&as_objects)["summary"]
    );
    let error = JsValue::from(
        prepare_upload(csv.into(), options(r#"{"now": 1, "bodies": "xml"}"#)).unwrap_err(),
    );
    assert_eq!(get(&error, "field").as_string().as_deref(), Some("bodies"));
}

#[wasm_bindgen_test]
fn takes_bytes_and_an_ocapi_target() {
    let bytes = js_sys::Uint8Array::from(
        "\u{feff}email;value;currency;time\na@b.co;1,50;EUR;01/11/2026\n".as_bytes(),
    );
    let result = prepare_upload(
        bytes.into(),
        options(r#"{"now": 1795132800, "api": "ocapi", "eventName": "Purchase", "dateOrder": "dmy", "decimalSeparator": ",", "bodies": "objects"}"#),
    )
    .unwrap();
    let got = to_json(&result);
    let event = &got["batches"][0]["data"][0];
    assert_eq!(event["value"], 1.5);
    assert_eq!(event["event_time"], 1793491200);
    assert!(event["match_keys"]["email"].is_array());
}

#[wasm_bindgen_test]
fn bad_options_and_bad_files_throw_coded_errors() {
    let code = |error: js_sys::Error| get(&error.into(), "code").as_string().unwrap();
    let error = prepare_upload(
        "email\n".into(),
        options(r#"{"now": 1, "timeZone": "Mars/Olympus"}"#),
    )
    .unwrap_err();
    assert_eq!(code(error), "bad_time_zone");
    let utf16 = js_sys::Uint8Array::from(&[0xFF, 0xFE, b'a', 0][..]);
    let error = prepare_upload(utf16.into(), options(r#"{"now": 1}"#)).unwrap_err();
    assert_eq!(code(error), "utf16_file");
    let error = prepare_upload(JsValue::from(42), options(r#"{"now": 1}"#)).unwrap_err();
    assert_eq!(code(error), "bad_input");
}

#[wasm_bindgen_test]
fn now_defaults_to_the_current_time() {
    let result = prepare_upload(
        "email,time\na@b.co,2000-01-01\n".into(),
        options(r#"{"eventName": "Lead"}"#),
    )
    .unwrap();
    let got = to_json(&result);
    assert_eq!(got["rejected"][0]["code"], "event_time_too_old");
}
