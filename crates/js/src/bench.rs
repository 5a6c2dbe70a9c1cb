//! Benchmark loops run inside wasm (feature `bench`): a wasm-bindgen call per string would cost
//! more than the hash, so JavaScript only times these calls. Used by `crates/js/bench/*.mjs`.

use matchkeys::{Context, Options, RawRecord};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

struct Data {
    records: Vec<RawRecord>,
    strings: Vec<String>,
    options: Options,
}

thread_local! {
    static DATA: RefCell<Option<Data>> = const { RefCell::new(None) };
}

/// Generate `records` deterministic records (and their normalized strings); returns how many
/// strings the hashing floor hashes.
#[wasm_bindgen(js_name = benchPrepare)]
pub fn bench_prepare(records: usize) -> usize {
    let options = Options::new(2026);
    let records = matchkeys::bench::records(records);
    let strings = matchkeys::bench::normalized(&records, &Context::new(&options));
    let count = strings.len();
    DATA.with(|data| {
        *data.borrow_mut() = Some(Data {
            records,
            strings,
            options,
        })
    });
    count
}

fn with_data(work: impl FnOnce(&Data) -> u64) -> f64 {
    DATA.with(|data| data.borrow().as_ref().map_or(0.0, |data| work(data) as f64))
}

/// Normalize and hash every value of every record (a checksum).
#[wasm_bindgen(js_name = benchHashValues)]
pub fn bench_hash_values() -> f64 {
    with_data(|d| matchkeys::bench::hash_values(&d.records, &Context::new(&d.options)))
}

/// Build every record's CAPI `user_data` (a checksum).
#[wasm_bindgen(js_name = benchBuildUserData)]
pub fn bench_build_user_data() -> f64 {
    with_data(|d| matchkeys::bench::build_user_data(&d.records, &Context::new(&d.options)))
}

/// The hashing floor: SHA-256 of the already-normalized strings (a checksum).
#[wasm_bindgen(js_name = benchSha256Floor)]
pub fn bench_sha256_floor() -> f64 {
    with_data(|d| matchkeys::bench::sha256_floor(&d.strings))
}
