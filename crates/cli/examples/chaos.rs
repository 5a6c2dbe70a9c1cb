//! `cargo run -p hashdrop-cli --example chaos -- [--seed N] [--events N]` (what `cargo xtask
//! chaos` runs): the chaos schedule of `tests/support/chaos.rs` over a synthetic file of N
//! events (default 50,000), printing the faults injected, retries, resends and time. Exits 1
//! when an event did not arrive exactly as it should.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, missing_docs)]

#[path = "../tests/support/chaos.rs"]
mod chaos;
#[path = "../tests/support/emulator.rs"]
mod emulator;

use std::process::ExitCode;

fn main() -> ExitCode {
    let mut seed = 1u64;
    let mut events = 50_000u64;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next().and_then(|v| v.parse().ok());
        match (arg.as_str(), value) {
            ("--seed", Some(value)) => seed = value,
            ("--events", Some(value)) => events = value,
            _ => {
                eprintln!("usage: chaos [--seed N] [--events N]");
                return ExitCode::from(64);
            }
        }
    }
    println!("chaos: seed {seed}, {events} events");
    let started = std::time::Instant::now();
    let mut last = std::time::Instant::now();
    let result = chaos::run(seed, events, &mut |line| {
        if last.elapsed().as_secs() >= 2 {
            last = std::time::Instant::now();
            println!("chaos: {line}");
        }
    });
    match result {
        Ok(report) => {
            println!("{report}");
            println!(
                "total {:.1} s (preparation included)",
                started.elapsed().as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("chaos: FAILED: {error}");
            ExitCode::FAILURE
        }
    }
}
