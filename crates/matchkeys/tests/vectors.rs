//! Every vector of the specification, and the batch hashing against `sha2`, natively (the
//! browser run is in `tests/web.rs`).
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn every_spec_vector_passes() {
    common::assert_all_vectors_pass();
}

#[test]
fn batch_hashes_equal_sha2_for_every_length() {
    common::assert_batches_match_sha2();
}
