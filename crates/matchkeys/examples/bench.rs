//! Native half of `cargo xtask bench matchkeys`: records per second for normalize + hash, and
//! the ratio to a bare SHA-256 loop over the same, already-normalized strings.
//!
//! Run with `cargo run --profile bench-native -p matchkeys --features bench --example bench`.

use matchkeys::bench;
use matchkeys::{Context, HashBatch, Options};
use std::time::{Duration, Instant};

const RECORDS: usize = 20_000;

/// Best of a few rounds of at least ~0.3 s each, in records per second.
fn rate(mut work: impl FnMut() -> u64) -> f64 {
    let mut best = Duration::MAX;
    let mut sink = 0u64;
    for _ in 0..5 {
        let started = Instant::now();
        sink = sink.wrapping_add(work());
        best = best.min(started.elapsed());
    }
    std::hint::black_box(sink);
    RECORDS as f64 / best.as_secs_f64()
}

fn main() {
    let options = Options::new(2026);
    let ctx = Context::new(&options);
    let records = bench::records(RECORDS);
    let strings = bench::normalized(&records, &ctx);
    let floor = rate(|| bench::sha256_floor(&strings));
    let values = rate(|| bench::hash_values(&records, &ctx));
    let mut batch = HashBatch::new();
    let lanes = rate(|| bench::sha256_batch(&strings, &mut batch));
    let built = rate(|| bench::build_user_data(&records, &ctx));
    let many = rate(|| bench::build_user_data_many(&records, &ctx, &mut batch));
    println!(
        "records: {RECORDS} (6 identifiers each: em, ph, fn, ln, zp, country; {} hashed strings)",
        strings.len()
    );
    println!("sha256 floor         {:>12.0} records/s", floor);
    println!(
        "HashBatch ({} lane)   {:>12.0} records/s   {:.2}x sha2's speed",
        HashBatch::lanes(),
        lanes,
        lanes / floor
    );
    println!(
        "normalize + hash     {:>12.0} records/s   {:.2}x the floor",
        values,
        floor / values
    );
    println!(
        "UserData::build      {:>12.0} records/s   {:.2}x the floor",
        built,
        floor / built
    );
    println!(
        "UserData::build_many {:>12.0} records/s   {:.2}x the floor",
        many,
        floor / many
    );
}
