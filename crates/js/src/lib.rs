//! The npm package partners embed: hashdrop's hashing core with a small JavaScript API.
//!
//! This crate only translates types; every rule lives in `matchkeys`.
#![deny(missing_docs)]

use wasm_bindgen::prelude::*;

mod error;

/// Normalize and SHA-256-hash one identifier. Throws an `Error` with `code` and `field`.
#[wasm_bindgen]
pub fn hash(field: &str, value: &str) -> Result<String, js_sys::Error> {
    match field.to_ascii_lowercase().as_str() {
        "em" | "email" => matchkeys::hash_email(value).map_err(|e| error::to_js("em", &e)),
        _ => Err(error::unknown_field(field)),
    }
}
