//! Every case folder under `tests/cases/`, in a browser.
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

mod common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_case_folder_gives_its_expected_result() {
    common::run_all();
}
