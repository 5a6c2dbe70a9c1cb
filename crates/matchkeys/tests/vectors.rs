//! Every vector of the specification passes natively (the browser run is in `tests/web.rs`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn every_spec_vector_passes() {
    common::assert_all_vectors_pass();
}
