//! Every case folder under `tests/cases/`, natively.
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn every_case_folder_gives_its_expected_result() {
    common::run_all();
}
