//! Native half of `cargo xtask bench events`: CSV -> payload JSON rows per second on two
//! generated 1,000,000-row files fed in 64 KiB chunks (the clean one, six identifiers a row, and
//! the messy store export, eight; see `events::synthetic`), the peak heap while streaming each,
//! and the ratio to each one's hashing floor (bare SHA-256 of the same rows' already-normalized
//! identifiers).
//!
//! Run with `cargo run --profile bench-native -p events --example bench [ROWS]`.

// The counting allocator below is the one place this crate needs `unsafe`: a `GlobalAlloc`
// impl is unsafe by definition. It only forwards to the system allocator.
#![allow(unsafe_code)]

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::Instant;

use events::synthetic::{NOW, SETTINGS_JSON, SyntheticFile};
use events::{Preparation, Settings};

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call forwards to `System` with the caller's layout unchanged; the counters are
// plain atomics and never affect the allocation itself.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: same contract as the caller's (non-zero size, valid layout).
        let ptr = unsafe { System.alloc(layout) };
        if !ptr.is_null() {
            let now = CURRENT.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        ptr
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: `ptr` was allocated by `alloc` above with this `layout`.
        unsafe { System.dealloc(ptr, layout) };
        CURRENT.fetch_sub(layout.size(), Ordering::Relaxed);
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

const CHUNK: usize = 64 * 1024;

/// Stream `rows` synthetic rows through the whole path, dropping each batch once serialized.
/// Returns (wall and CPU seconds, accepted rows, batches, payload bytes, peak heap bytes).
fn stream(file: Shape, rows: u64) -> ((f64, f64), u64, usize, usize, usize) {
    let settings = Settings::from_json(SETTINGS_JSON).unwrap_or_else(|_| Settings::new(NOW));
    let Ok(mut preparation) = Preparation::new(settings) else {
        return ((0.0, 0.0), 0, 0, 0, 0);
    };
    let mut file = file(rows);
    let mut chunk = Vec::with_capacity(CHUNK + 1024);
    let (mut batches, mut bytes) = (0, 0);
    let baseline = CURRENT.load(Ordering::Relaxed);
    PEAK.store(baseline, Ordering::Relaxed);
    let started = Instant::now();
    let cpu = cpu_seconds();
    while file.next_chunk(&mut chunk, CHUNK) {
        if preparation.feed(&chunk).is_err() {
            break;
        }
        for batch in preparation.take_output().batches {
            batches += 1;
            bytes += batch.to_json().len();
        }
    }
    let accepted = match preparation.finish() {
        Ok(finished) => {
            for batch in &finished.output.batches {
                batches += 1;
                bytes += batch.to_json().len();
            }
            finished.summary.accepted
        }
        Err(_) => 0,
    };
    let seconds = (started.elapsed().as_secs_f64(), cpu_seconds() - cpu);
    (
        seconds,
        accepted,
        batches,
        bytes,
        PEAK.load(Ordering::Relaxed) - baseline,
    )
}

/// CPU seconds this process has used (Linux `/proc/self/schedstat`; 0 elsewhere): the machine
/// may be shared, so CPU time is reported beside wall time.
fn cpu_seconds() -> f64 {
    std::fs::read_to_string("/proc/self/schedstat")
        .ok()
        .and_then(|s| {
            s.split_whitespace()
                .next()
                .and_then(|ns| ns.parse::<f64>().ok())
        })
        .map_or(0.0, |ns| ns / 1e9)
}

/// Seconds to generate the synthetic file alone (part of every `stream` run).
fn generate_only(file: Shape, rows: u64) -> f64 {
    let mut file = file(rows);
    let mut chunk = Vec::with_capacity(CHUNK + 1024);
    let mut bytes = 0;
    let cpu = cpu_seconds();
    while file.next_chunk(&mut chunk, CHUNK) {
        bytes += chunk.len();
    }
    std::hint::black_box(bytes);
    cpu_seconds() - cpu
}

/// Rows per second of bare SHA-256 over the normalized identifiers of `rows` synthetic rows.
fn hashing_floor(file: Shape, rows: u64) -> f64 {
    let mut settings = Settings::from_json(SETTINGS_JSON).unwrap_or_else(|_| Settings::new(NOW));
    settings.preview_rows = rows as usize;
    let Ok(mut preparation) = Preparation::new(settings) else {
        return 0.0;
    };
    let mut file = file(rows);
    let mut chunk = Vec::new();
    let mut previews = Vec::new();
    while file.next_chunk(&mut chunk, CHUNK) {
        if preparation.feed(&chunk).is_err() {
            break;
        }
        previews.extend(preparation.take_output().previews);
    }
    if let Ok(finished) = preparation.finish() {
        previews.extend(finished.output.previews);
    }
    let strings: Vec<String> = previews
        .iter()
        .flat_map(|p| p.identifiers.iter().filter_map(|i| i.normalized.clone()))
        .collect();
    let mut best = f64::MAX;
    let mut out = [0u8; 64];
    let mut sink = 0u64;
    for _ in 0..5 {
        let cpu = cpu_seconds();
        for s in &strings {
            matchkeys::sha256_hex_into(s, &mut out);
            sink = sink.wrapping_add(u64::from(out[0]));
        }
        best = best.min(cpu_seconds() - cpu);
    }
    std::hint::black_box(sink);
    rows as f64 / best
}

/// Which generated file: [`SyntheticFile::new`] or [`SyntheticFile::messy`].
type Shape = fn(u64) -> SyntheticFile;

fn main() {
    let rows: u64 = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1_000_000);
    let files: [(&str, Shape, &str); 2] = [
        (
            "clean",
            SyntheticFile::new,
            "6 identifiers each: em, ph, fn, ln, ct, zp",
        ),
        (
            "messy",
            SyntheticFile::messy,
            "8 identifiers each: em, ph, fn, ln, ct, st, zp, country; spaces, mixed case, \
             names beside codes, ZIP+4, ISO times with offsets",
        ),
    ];
    for (name, file, identifiers) in files {
        println!("-- {name} file --");
        report(file, rows, identifiers);
    }
}

fn report(file: Shape, rows: u64, identifiers: &str) {
    let floor = hashing_floor(file, 20_000);
    let (_, _, _, _, small_peak) = stream(file, rows / 10);
    let generation = generate_only(file, rows);
    let ((wall, cpu), accepted, batches, bytes, peak) = stream(file, rows);
    let rate = rows as f64 / cpu;
    let net = rows as f64 / (cpu - generation);
    println!(
        "rows: {rows} ({identifiers}), chunks of {} KiB",
        CHUNK / 1024
    );
    println!(
        "accepted: {accepted}, batches: {batches}, payload: {:.1} MB",
        bytes as f64 / 1e6
    );
    println!(
        "CSV -> payload JSON  {rate:>12.0} rows/s of CPU time ({cpu:.2} s; wall {wall:.2} s = {:.0} rows/s)",
        rows as f64 / wall
    );
    println!(
        "  without generating {net:>12.0} rows/s of CPU time (generating the file alone: {generation:.2} s)"
    );
    println!(
        "sha256 floor         {floor:>12.0} rows/s of CPU time   CSV -> payload is {:.2}x the floor",
        floor / rate
    );
    println!(
        "peak heap while streaming: {:.2} MiB for {rows} rows, {:.2} MiB for {} rows",
        peak as f64 / 1048576.0,
        small_peak as f64 / 1048576.0,
        rows / 10
    );
}
