//! The rule vectors, natively.
#![cfg(not(target_arch = "wasm32"))]

mod common;

#[test]
fn every_vector_holds() {
    assert_eq!(common::run_vectors(), 116);
}
