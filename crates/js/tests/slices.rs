//! `prepareUploadParallel`'s wasm half, in a browser: a file cut into slices on record
//! boundaries (quoted fields spanning lines included), the slices prepared by a separate
//! preparer in any order, and their results combined in file order: exactly `prepareUpload`.
#![cfg(target_arch = "wasm32")]
// Clippy does not see `#[wasm_bindgen_test]` functions as tests.
#![allow(clippy::unwrap_used)]

use hashdrop::slices::{UploadSlicePreparer, UploadSlices};
use hashdrop::upload::prepare_upload;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

const OPTIONS: &str =
    r#"{"now": 1795132800, "eventName": "Purchase", "country": "us", "maxBatchEvents": 97}"#;

fn options(json: &str) -> JsValue {
    js_sys::JSON::parse(json).unwrap()
}

fn get(value: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(value, &key.into()).unwrap()
}

fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value).unwrap().as_string().unwrap()
}

/// A file whose every third row holds a quoted note spanning lines, with text in it that looks
/// like rows; some rows rejected (a negative value), some identifiers dropped (a bad email).
fn file(rows: usize) -> String {
    let mut csv = String::from("email,phone,value,currency,purchase time,note\r\n");
    for i in 1..=rows {
        let email = if i % 17 == 0 {
            "not-an-email".to_owned()
        } else {
            format!(" User{i}@Example.COM ")
        };
        let value = if i % 23 == 0 {
            "-5".to_owned()
        } else {
            format!("{}.99", i % 500)
        };
        let note = if i % 3 == 0 {
            format!(
                "\"line one of {i}\nfake{i}@example.com,1,USD,2026-11-01 10:00\n\"\"q\"\", end\""
            )
        } else {
            format!("plain {i}")
        };
        csv.push_str(&format!(
            "{email},+1 650 555 {:04},{value},USD,2026-11-0{} 10:{:02},{note}\r\n",
            i % 10_000,
            1 + i % 9,
            i % 60
        ));
    }
    csv
}

/// Every slice of `csv` fed in `piece`-byte pieces, with the slicer.
fn slices_of(slicer: &mut UploadSlices, csv: &[u8], piece: usize) -> Vec<JsValue> {
    let mut slices = Vec::new();
    for chunk in csv.chunks(piece) {
        slices.extend(slicer.feed(chunk).unwrap().iter());
    }
    slices.extend(slicer.finish().unwrap().iter());
    slices
}

fn sliced(csv: &str, json: &str, workers: u32, piece: usize) -> (usize, String) {
    let mut slicer = UploadSlices::new(options(json), csv.len() as f64, workers).unwrap();
    let slices = slices_of(&mut slicer, csv.as_bytes(), piece);
    let preparer = UploadSlicePreparer::new(&slicer.layout().unwrap()).unwrap();
    // Prepared last first, as workers finishing in any order would; added in file order.
    let mut results: Vec<Vec<u8>> = slices
        .iter()
        .rev()
        .map(|slice| {
            let bytes = js_sys::Uint8Array::from(get(slice, "bytes")).to_vec();
            let start = get(slice, "start").as_f64().unwrap();
            let before = get(slice, "recordsBefore").as_f64().unwrap();
            preparer.prepare(start, before, bytes).unwrap()
        })
        .collect();
    results.reverse();
    for result in &results {
        slicer.add(result).unwrap();
    }
    (slices.len(), stringify(&slicer.result().unwrap()))
}

#[wasm_bindgen_test]
fn slices_prepared_apart_give_prepare_upload_byte_for_byte() {
    let csv = file(3_000);
    let whole = stringify(&prepare_upload(csv.clone().into(), options(OPTIONS)).unwrap());
    for (workers, piece) in [(1, 1 << 20), (2, 10_000), (4, 65_536)] {
        let (count, result) = sliced(&csv, OPTIONS, workers, piece);
        assert!(count > 1, "{workers} workers: {count} slice(s)");
        assert_eq!(result, whole, "{workers} workers, pieces of {piece} bytes");
    }
    let result: serde_json::Value = serde_json::from_str(&whole).unwrap();
    assert!(!result["rejected"].as_array().unwrap().is_empty());
    assert!(!result["warnings"].as_array().unwrap().is_empty());
    assert_eq!(result["summary"]["rows"], 3_000);
}

#[wasm_bindgen_test]
fn objects_previews_and_an_empty_file_come_out_as_prepare_upload_gives_them() {
    let csv = file(1_500);
    let json =
        r#"{"now": 1795132800, "eventName": "Purchase", "bodies": "objects", "previewRows": 4}"#;
    let whole = stringify(&prepare_upload(csv.clone().into(), options(json)).unwrap());
    assert_eq!(sliced(&csv, json, 3, 4_096).1, whole);
    let empty = stringify(&prepare_upload("".into(), options(OPTIONS)).unwrap());
    let (count, result) = sliced("", OPTIONS, 2, 4_096);
    assert_eq!((count, result), (1, empty));
}

#[wasm_bindgen_test]
fn bad_options_and_results_out_of_order_are_coded_errors() {
    let error = UploadSlices::new(options(r#"{"api": "nope"}"#), 10.0, 2)
        .err()
        .unwrap();
    let whole = prepare_upload("a\n".into(), options(r#"{"api": "nope"}"#))
        .err()
        .unwrap();
    assert_eq!(get(&error, "code"), get(&whole, "code"));
    let csv = file(2_000);
    let mut slicer = UploadSlices::new(options(OPTIONS), csv.len() as f64, 4).unwrap();
    let slices = slices_of(&mut slicer, csv.as_bytes(), 1 << 16);
    let preparer = UploadSlicePreparer::new(&slicer.layout().unwrap()).unwrap();
    let second = &slices[1];
    let result = preparer
        .prepare(
            get(second, "start").as_f64().unwrap(),
            get(second, "recordsBefore").as_f64().unwrap(),
            js_sys::Uint8Array::from(get(second, "bytes")).to_vec(),
        )
        .unwrap();
    let error = slicer.add(&result).err().unwrap();
    assert_eq!(get(&error, "code"), "internal");
    assert!(UploadSlicePreparer::new(b"no").is_err());
}
