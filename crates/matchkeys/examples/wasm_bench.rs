//! Wasm half of `cargo xtask bench matchkeys`, without JavaScript glue: built for
//! `wasm32-unknown-unknown` (with the workspace's `+simd128`) as a bare module whose exports
//! take and return numbers, and timed from Node by `crates/matchkeys/bench/wasm.mjs`. Each
//! export runs a whole loop inside wasm, so the call itself costs nothing measurable.

use matchkeys::bench;
use matchkeys::{Context, HashBatch, Options, RawRecord};
use std::cell::RefCell;

struct Data {
    records: Vec<RawRecord>,
    strings: Vec<String>,
    options: Options,
    batch: HashBatch,
}

thread_local! {
    static DATA: RefCell<Option<Data>> = const { RefCell::new(None) };
}

fn with_data(work: impl FnOnce(&mut Data) -> u64) -> f64 {
    DATA.with(|data| {
        data.borrow_mut()
            .as_mut()
            .map_or(-1.0, |data| work(data) as f64)
    })
}

/// Generate `records` records and their normalized strings; returns how many strings.
#[allow(unsafe_code)]
// SAFETY: `no_mangle` only names the export; no other item of the module has this name.
#[unsafe(no_mangle)]
pub extern "C" fn prepare(records: u32) -> u32 {
    let options = Options::new(2026);
    let records = bench::records(records as usize);
    let strings = bench::normalized(&records, &Context::new(&options));
    let count = strings.len() as u32;
    DATA.with(|data| {
        *data.borrow_mut() = Some(Data {
            records,
            strings,
            options,
            batch: HashBatch::new(),
        })
    });
    count
}

/// `sha2` (simd128) of each normalized string: the floor. A checksum.
#[allow(unsafe_code)]
// SAFETY: `no_mangle` only names the export; no other item of the module has this name.
#[unsafe(no_mangle)]
pub extern "C" fn sha256_floor() -> f64 {
    with_data(|d| bench::sha256_floor(&d.strings))
}

/// The same strings through one `HashBatch` (4 lanes). The same checksum as the floor.
#[allow(unsafe_code)]
// SAFETY: `no_mangle` only names the export; no other item of the module has this name.
#[unsafe(no_mangle)]
pub extern "C" fn sha256_batch() -> f64 {
    with_data(|d| bench::sha256_batch(&d.strings, &mut d.batch))
}

/// `matchkeys::hash` of each value. A checksum.
#[allow(unsafe_code)]
// SAFETY: `no_mangle` only names the export; no other item of the module has this name.
#[unsafe(no_mangle)]
pub extern "C" fn hash_values() -> f64 {
    with_data(|d| bench::hash_values(&d.records, &Context::new(&d.options)))
}

/// `UserData::build` of each record. A checksum.
#[allow(unsafe_code)]
// SAFETY: `no_mangle` only names the export; no other item of the module has this name.
#[unsafe(no_mangle)]
pub extern "C" fn build_user_data() -> f64 {
    with_data(|d| bench::build_user_data(&d.records, &Context::new(&d.options)))
}

/// `UserData::build_many` of the records, `bench::MANY` at a time. The same checksum.
#[allow(unsafe_code)]
// SAFETY: `no_mangle` only names the export; no other item of the module has this name.
#[unsafe(no_mangle)]
pub extern "C" fn build_user_data_many() -> f64 {
    with_data(|d| {
        let ctx = Context::new(&d.options);
        bench::build_user_data_many(&d.records, &ctx, &mut d.batch)
    })
}
