//! Native half of `cargo xtask bench matchkeys`: records per second for normalize + hash, and
//! the ratio to a bare SHA-256 loop over the same, already-normalized strings.
//!
//! Run with `cargo run --profile bench-native -p matchkeys --features bench --example bench`.

use matchkeys::bench;
use matchkeys::{Context, HashBatch, Options};
use std::time::Instant;

const RECORDS: usize = 20_000;

/// Rounds of every loop; the best of each is kept.
const ROUNDS: usize = 11;

/// CPU seconds this thread has used (Linux `/proc/thread-self/schedstat`), or wall seconds
/// since `since` where that is unreadable: the machine may be shared, and CPU time is what a
/// loop costs whoever else runs.
fn seconds(since: Instant) -> f64 {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()
        .and_then(|s| s.split_whitespace().next()?.parse::<f64>().ok())
        .map_or_else(|| since.elapsed().as_secs_f64(), |ns| ns / 1e9)
}

/// The best time of each loop over [`ROUNDS`] rounds, in records per second. The loops take
/// turns round after round, so a floor and the figures set against it see the same machine.
fn rates<const N: usize>(mut works: [&mut dyn FnMut() -> u64; N]) -> [f64; N] {
    let mut best = [f64::MAX; N];
    let mut sink = 0u64;
    let epoch = Instant::now();
    for _ in 0..ROUNDS {
        for (work, best) in works.iter_mut().zip(best.iter_mut()) {
            let started = seconds(epoch);
            sink = sink.wrapping_add(work());
            *best = best.min(seconds(epoch) - started);
        }
    }
    std::hint::black_box(sink);
    best.map(|seconds| RECORDS as f64 / seconds)
}

fn main() {
    let options = Options::new(2026);
    let ctx = Context::new(&options);
    let records = bench::records(RECORDS);
    let strings = bench::normalized(&records, &ctx);
    let mut batch = HashBatch::new();
    let mut many_batch = HashBatch::new();
    let [floor, values, lanes, built, many] = rates([
        &mut || bench::sha256_floor(&strings),
        &mut || bench::hash_values(&records, &ctx),
        &mut || bench::sha256_batch(&strings, &mut batch),
        &mut || bench::build_user_data(&records, &ctx),
        &mut || bench::build_user_data_many(&records, &ctx, &mut many_batch),
    ]);
    println!(
        "records: {RECORDS} (6 identifiers each: em, ph, fn, ln, zp, country; {} hashed strings); CPU time, best of {ROUNDS} interleaved rounds",
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
