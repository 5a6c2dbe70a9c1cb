//! `kill -9` in the middle of an upload, then the same command: it finishes without resending a
//! batch Meta accepted.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::{Value, json};
use std::process::Stdio;
use std::time::{Duration, Instant};
use support::*;

/// Batches accepted in the record, and their events.
fn recorded(dir: &std::path::Path) -> (usize, u64) {
    let record = record(dir);
    let receipts = record["receipts"].as_object().unwrap();
    let events = receipts
        .values()
        .map(|r| r["events_received"].as_u64().unwrap())
        .sum();
    (receipts.len(), events)
}

#[test]
fn after_kill_9_mid_upload_the_same_command_finishes_without_resending_an_accepted_batch() {
    let emulator = Emulator::start();
    let dir = scratch("resume");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", r#"{"maxBatchEvents": 20}"#);
    // Every call answers after 300 ms, so the kill lands between two answers.
    emulator.fault(json!({"kind": "slow", "delay_ms": 300, "count": 1000, "path": "/events"}));
    let mut child = upload(&dir, &file, &emulator, &["--config"])
        .arg(&settings)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    loop {
        if try_record(&dir).is_some() && recorded(&dir).0 >= 3 {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "no progress");
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap(); // SIGKILL
    child.wait().unwrap();
    emulator.clear_faults();
    // A call in flight at the kill may still be processed by the server.
    std::thread::sleep(Duration::from_millis(600));
    let (batches, events) = recorded(&dir);
    let (received_before, _) = emulator.counts();
    assert!(
        (3..15).contains(&batches),
        "killed mid-upload: {batches} batches"
    );
    let in_flight = received_before - events;
    assert!(in_flight == 0 || in_flight == 20, "{in_flight}");

    let (code, stdout, stderr) =
        run(upload(&dir, &file, &emulator, &["--json", "--config"]).arg(&settings));
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains(&format!("resuming: {batches} batches")),
        "{stderr}"
    );
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let statuses: Vec<&str> = report["batches"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["status"].as_str().unwrap())
        .collect();
    assert_eq!(statuses.len(), 15);
    assert!(statuses[..batches].iter().all(|s| *s == "accepted_earlier"));
    assert!(statuses[batches..].iter().all(|s| *s == "accepted"));
    // Every event arrived; the only ones twice are those of the batch whose answer the kill
    // cut off (if the server processed it), never those of an accepted batch.
    let arrivals = emulator.arrivals();
    assert_eq!(arrivals.len() as u64, SAMPLE_ACCEPTED);
    let resent: u64 = arrivals.values().map(|n| n - 1).sum();
    assert_eq!(resent, in_flight);
    assert!(arrivals.values().all(|n| *n <= 2));
    assert_eq!(recorded(&dir), (15, SAMPLE_ACCEPTED));
    assert_eq!(record(&dir)["complete"], true);
}
