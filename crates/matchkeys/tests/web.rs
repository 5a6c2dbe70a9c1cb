//! The specification's vectors in a real browser
//! (`wasm-pack test --headless --chrome|--firefox crates/matchkeys`).
#![cfg(target_arch = "wasm32")]

use wasm_bindgen_test::*;

mod common;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn every_spec_vector_passes_in_the_browser() {
    common::assert_all_vectors_pass();
}

#[wasm_bindgen_test]
fn batch_hashes_in_lanes_equal_sha2_for_every_length_in_the_browser() {
    assert_eq!(matchkeys::HashBatch::lanes(), 4);
    common::assert_batches_match_sha2();
}
