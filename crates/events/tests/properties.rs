//! Properties over generated input: nothing panics, chunking changes nothing, and every
//! accepted row is in exactly one batch.
#![cfg(not(target_arch = "wasm32"))]

use std::collections::BTreeSet;

use events::{Preparation, Settings};
use proptest::prelude::*;

const NOW: i64 = 1795132800;

fn settings(max_events: usize, max_bytes: usize) -> Settings {
    let mut settings = Settings::new(NOW);
    settings.event_name = Some("Purchase".into());
    settings.max_batch_events = Some(max_events);
    settings.max_batch_bytes = Some(max_bytes);
    settings
}

/// Batches (rows and JSON body), rejected rows, summary.
type Run = (Vec<(Vec<u64>, String)>, Vec<u64>, events::report::Summary);

/// Feed `input` in chunks of `chunk` bytes; returns (batches as JSON, rejected rows, summary).
fn run(settings: Settings, input: &[u8], chunk: usize) -> Option<Run> {
    let mut preparation = Preparation::new(settings).ok()?;
    let mut batches = Vec::new();
    let mut rejected = Vec::new();
    let mut take = |output: events::Output| {
        batches.extend(output.batches.iter().map(|b| (b.rows.clone(), b.to_json())));
        rejected.extend(output.rejected.iter().map(|r| r.row));
    };
    for piece in input.chunks(chunk.max(1)) {
        if preparation.feed(piece).is_err() {
            return None;
        }
        take(preparation.take_output());
    }
    let finished = preparation.finish().ok()?;
    take(finished.output);
    Some((batches, rejected, finished.summary))
}

fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just(String::new()),
        "[a-z]{1,8}@[a-z]{1,6}\\.(com|de|fr)",
        "\\+?[0-9 ()-]{6,16}",
        "[A-Za-zéü ]{0,10}",
        "2026-1[01]-[0-2][0-9]( [01][0-9]:[0-5][0-9])?",
        "-?[0-9]{1,4}([.,][0-9]{1,2})?",
        "(USD|eur|XXX|US\\$)",
        "\"[a-z;,\\n\"]{0,6}\"",
        any::<String>(),
    ]
}

fn csv_file() -> impl Strategy<Value = String> {
    let row = proptest::collection::vec(cell(), 5);
    proptest::collection::vec(row, 0..40).prop_map(|rows| {
        let mut text = String::from("email,phone,time,value,currency\n");
        for row in rows {
            let cells: Vec<String> = row
                .into_iter()
                .map(|c| {
                    if c.contains([',', '"', '\n']) && !c.starts_with('"') {
                        format!("\"{}\"", c.replace('"', "\"\""))
                    } else {
                        c
                    }
                })
                .collect();
            text.push_str(&cells.join(","));
            text.push('\n');
        }
        text
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), chunk in 1usize..300) {
        let _ = run(settings(1000, 1 << 20), &bytes, chunk);
    }

    #[test]
    fn every_accepted_row_is_in_exactly_one_batch(
        file in csv_file(),
        chunk in 1usize..500,
        max_events in 1usize..10,
        max_bytes in 600usize..3000,
    ) {
        let Some((batches, rejected, summary)) = run(settings(max_events, max_bytes), file.as_bytes(), chunk) else {
            return Ok(());
        };
        let mut seen = BTreeSet::new();
        for (rows, json) in &batches {
            prop_assert!(!rows.is_empty() && rows.len() <= max_events);
            prop_assert!(json.len() <= max_bytes, "batch of {} bytes", json.len());
            for row in rows {
                prop_assert!(seen.insert(*row), "row {} in two batches", row);
            }
        }
        for row in &rejected {
            prop_assert!(!seen.contains(row), "row {} both rejected and sent", row);
        }
        prop_assert_eq!(seen.len() as u64, summary.accepted);
        prop_assert_eq!(rejected.len() as u64, summary.rejected);
        prop_assert_eq!(summary.accepted + summary.rejected, summary.rows);
        let all: BTreeSet<u64> = seen.iter().chain(&rejected).copied().collect();
        prop_assert_eq!(all, (1..=summary.rows).collect::<BTreeSet<u64>>());
    }

    #[test]
    fn chunk_size_changes_nothing(file in csv_file(), chunk in 1usize..64) {
        let whole = run(settings(1000, 1 << 20), file.as_bytes(), file.len().max(1));
        let pieces = run(settings(1000, 1 << 20), file.as_bytes(), chunk);
        prop_assert_eq!(whole.map(|w| (w.0, w.1)), pieces.map(|p| (p.0, p.1)));
    }
}
