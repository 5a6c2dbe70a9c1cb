//! `hashdrop upload` against the Graph API emulator over real HTTP: the upload, a dry run,
//! every fault the emulator injects, an expired token, a changed file, the proxy.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use serde_json::{Value, json};
use support::*;

/// Small batches: the sample's 287 accepted rows make 15 of them.
const BATCHES: &str = r#"{"maxBatchEvents": 20}"#;

/// Every accepted row arrived exactly once, by event id.
fn each_event_once(emulator: &Emulator) {
    let arrivals = emulator.arrivals();
    assert_eq!(arrivals.len() as u64, SAMPLE_ACCEPTED);
    assert!(arrivals.values().all(|n| *n == 1), "{arrivals:?}");
}

#[test]
fn upload_sends_every_accepted_row_once_and_reports_each_batch() {
    let emulator = Emulator::start();
    let dir = scratch("upload");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", BATCHES);
    let (code, stdout, stderr) =
        run(upload(&dir, &file, &emulator, &["--json", "--config"]).arg(&settings));
    assert_eq!(code, 1, "done with rejected rows: {stderr}");
    each_event_once(&emulator);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["outcome"], "done");
    let batches = report["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 15);
    assert!(batches.iter().all(|b| b["status"] == "accepted"));
    assert_eq!(batches[0]["batch"], 1);
    assert_eq!(batches[0]["first_row"], 1);
    assert_eq!(batches[0]["events_received"], 20);
    assert!(batches[0]["fbtrace_id"].is_string());
    assert_eq!(report["events_received"], SAMPLE_ACCEPTED);
    // Plain log lines (not a terminal), never the token.
    assert!(stderr.contains("hashdrop: batch 15 accepted"), "{stderr}");
    assert!(!stderr.contains(TOKEN) && !stdout.contains(TOKEN));
    // The same command again sends nothing: every batch was accepted.
    let (code, stdout, _) =
        run(upload(&dir, &file, &emulator, &["--json", "--config"]).arg(&settings));
    assert_eq!(code, 1);
    each_event_once(&emulator);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert!(
        report["batches"]
            .as_array()
            .unwrap()
            .iter()
            .all(|b| b["status"] == "accepted_earlier")
    );
}

#[test]
fn a_dry_run_sends_nothing_and_needs_no_token() {
    let emulator = Emulator::start();
    let dir = scratch("dry-run");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", BATCHES);
    let (code, stdout, stderr) =
        run(
            upload(&dir, &file, &emulator, &["--dry-run", "--json", "--config"])
                .arg(&settings)
                .env_remove("HASHDROP_TOKEN"),
        );
    assert_eq!(code, 1, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["outcome"], "dry_run");
    let batches = report["batches"].as_array().unwrap();
    assert_eq!(batches.len(), 15);
    assert!(batches.iter().all(|b| b["status"] == "would_send"));
    assert_eq!(emulator.counts(), (0, 0));
}

#[test]
fn without_a_token_the_upload_is_a_usage_error() {
    let emulator = Emulator::start();
    let dir = scratch("no-token");
    let file = sample_in(&dir);
    let (code, _, stderr) = run(upload(&dir, &file, &emulator, &[]).env_remove("HASHDROP_TOKEN"));
    assert_eq!(code, 64);
    assert!(stderr.contains("HASHDROP_TOKEN"), "{stderr}");
    // From a file instead.
    let token = config(&dir, "token", &format!("{TOKEN}\n"));
    let (code, _, stderr) = run(upload(&dir, &file, &emulator, &["--token-file"])
        .arg(&token)
        .env_remove("HASHDROP_TOKEN"));
    assert_eq!(code, 1, "{stderr}");
    each_event_once(&emulator);
}

/// Upload with `fault` queued for the first `count` calls to the events endpoint, and return
/// the report and the log.
fn upload_with(fault: Value, extra: &[&str]) -> (Emulator, Value, String) {
    let emulator = Emulator::start();
    let dir = scratch("fault");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", BATCHES);
    emulator.fault(fault);
    let (code, stdout, stderr) = run(upload(&dir, &file, &emulator, &["--json", "--config"])
        .arg(&settings)
        .args(extra));
    assert_eq!(code, 1, "{stderr}");
    (emulator, serde_json::from_str(&stdout).unwrap(), stderr)
}

#[test]
fn throttling_is_waited_out_and_the_batch_sent_again() {
    // Each code with its usage header; the waits Meta asks for are kept short (50 ms, none).
    let usages = [
        (
            4,
            json!({"call_count": 100, "total_cputime": 10, "total_time": 10}),
        ),
        (
            17,
            json!({"acc_id_util_pct": 100, "reset_time_duration": 0.05}),
        ),
        (
            80_004,
            json!({"1": [{"type": "ads_management", "call_count": 100, "total_cputime": 1,
                          "total_time": 1, "estimated_time_to_regain_access": 0}]}),
        ),
    ];
    for (code, usage) in usages {
        let (emulator, report, stderr) = upload_with(
            json!({"kind": "throttle", "code": code, "usage": usage, "count": 2, "path": "/events"}),
            &[],
        );
        assert!(stderr.contains("throttling"), "{code}: {stderr}");
        assert_eq!(report["outcome"], "done");
        each_event_once(&emulator);
    }
}

#[test]
fn server_errors_are_retried() {
    for code in [1, 2] {
        let (emulator, _, stderr) = upload_with(
            json!({"kind": "server_error", "code": code, "count": 2, "path": "/events"}),
            &[],
        );
        assert!(stderr.contains("graph_transient"), "{stderr}");
        each_event_once(&emulator);
    }
}

#[test]
fn a_connection_dropped_before_processing_is_resent_once() {
    let (emulator, _, stderr) = upload_with(
        json!({"kind": "drop", "when": "before", "count": 2, "path": "/events"}),
        &[],
    );
    assert!(stderr.contains("(network)"), "{stderr}");
    each_event_once(&emulator);
}

#[test]
fn a_connection_dropped_after_processing_is_resent_and_counted_once() {
    let (emulator, report, stderr) = upload_with(
        json!({"kind": "drop", "when": "after", "count": 1, "path": "/events"}),
        &[],
    );
    assert!(stderr.contains("(network)"), "{stderr}");
    // The first batch arrived twice (its answer was lost); Meta and the emulator count its
    // events once by their ids.
    let (received, duplicates) = emulator.counts();
    assert_eq!((received, duplicates), (SAMPLE_ACCEPTED + 20, 20));
    let arrivals = emulator.arrivals();
    assert_eq!(arrivals.len() as u64, SAMPLE_ACCEPTED);
    assert_eq!(arrivals.values().filter(|n| **n == 2).count(), 20);
    assert_eq!(report["batches"][0]["status"], "accepted");
}

#[test]
fn slow_answers_wait_and_answers_too_slow_are_retried() {
    let (emulator, _, _) = upload_with(
        json!({"kind": "slow", "delay_ms": 300, "count": 2, "path": "/events"}),
        &[],
    );
    each_event_once(&emulator);
    // Beyond the timeout: the call is retried; the slow one is still processed, so its events
    // arrive twice and count once.
    let (emulator, _, stderr) = upload_with(
        json!({"kind": "slow", "delay_ms": 2_500, "count": 1, "path": "/events"}),
        &["--timeout", "1"],
    );
    assert!(stderr.contains("(timeout)"), "{stderr}");
    std::thread::sleep(std::time::Duration::from_millis(2_000));
    assert_eq!(emulator.arrivals().len() as u64, SAMPLE_ACCEPTED);
}

#[test]
fn an_expired_token_stops_with_exit_2_and_a_new_one_finishes_the_upload() {
    let emulator = Emulator::start();
    let dir = scratch("expired");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", BATCHES);
    // The third call finds the token expired.
    emulator.fault(json!({"kind": "slow", "delay_ms": 1, "count": 2, "path": "/events"}));
    emulator.fault(json!({"kind": "expire_token", "count": 1, "path": "/events"}));
    let (code, stdout, stderr) =
        run(upload(&dir, &file, &emulator, &["--json", "--config"]).arg(&settings));
    assert_eq!(code, 2, "{stderr}");
    assert!(stderr.contains("stopped at batch 3"), "{stderr}");
    assert!(stderr.contains("graph_token"), "{stderr}");
    assert!(stderr.to_lowercase().contains("token"), "{stderr}");
    assert!(!stderr.contains(TOKEN) && !stdout.contains(TOKEN));
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["outcome"], "stopped");
    assert_eq!(report["stop"]["code"], "graph_token");
    assert_eq!(report["batches"][2]["status"], "failed");
    assert_eq!(emulator.counts(), (40, 0));
    // The same command with a working token sends the rest, not the first two batches again.
    let (code, stdout, _) =
        run(upload(&dir, &file, &emulator, &["--json", "--config"]).arg(&settings));
    assert_eq!(code, 1);
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let earlier = report["batches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["status"] == "accepted_earlier")
        .count();
    assert_eq!(earlier, 2);
    each_event_once(&emulator);
}

/// Ten days ahead of the emulator's clock: row 239 (nine days after it) is in Graph's future.
fn ahead() -> String {
    (NOW + 10 * 86_400).to_string()
}

#[test]
fn with_stop_on_rejected_an_event_graph_refuses_stops_the_upload_at_its_csv_row() {
    let emulator = Emulator::start();
    let dir = scratch("invalid-event");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", BATCHES);
    let (code, stdout, stderr) = run(upload(
        &dir,
        &file,
        &emulator,
        &["--json", "--stop-on-rejected", "--config"],
    )
    .arg(&settings)
    .args(["--now", &ahead()]));
    assert_eq!(code, 2, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["stop"]["row"], 239);
    assert_eq!(report["stop"]["field"], "event_time");
    assert_eq!(report["stop"]["guard"], Value::Null);
    assert!(stderr.contains("CSV row 239, field event_time"), "{stderr}");
}

#[test]
fn by_default_an_event_graph_refuses_is_skipped_and_the_upload_finishes() {
    let emulator = Emulator::start();
    let dir = scratch("skip");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", BATCHES);
    let skipped_csv = dir.join("skipped.csv");
    let (code, stdout, stderr) = run(upload(&dir, &file, &emulator, &["--json", "--config"])
        .arg(&settings)
        .args(["--now", &ahead(), "--skipped-report"])
        .arg(&skipped_csv));
    assert_eq!(code, 1, "done with rejected rows: {stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["outcome"], "done");
    assert_eq!(report["stop"], Value::Null);
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(skipped.len(), 1, "{skipped:?}");
    assert_eq!(skipped[0]["row"], 239);
    assert_eq!(skipped[0]["field"], "event_time");
    assert_eq!(skipped[0]["code"], 100);
    assert!(skipped[0]["reason"].as_str().unwrap().len() > 3);
    let batches = report["batches"].as_array().unwrap();
    assert!(batches.iter().all(|b| b["status"] == "accepted"));
    let with_skip: Vec<&Value> = batches
        .iter()
        .filter(|b| !b["skipped"].as_array().unwrap().is_empty())
        .collect();
    assert_eq!(with_skip.len(), 1);
    let batch = with_skip[0];
    assert_eq!(batch["skipped"][0]["row"], 239);
    assert_eq!(
        batch["events_received"].as_u64().unwrap() + 1,
        batch["events"].as_u64().unwrap(),
        "the rest of the batch arrived"
    );
    assert!(
        stderr.contains("CSV row 239, field event_time, skipped"),
        "{stderr}"
    );
    // Every other event arrived once; the refused one never did.
    let arrivals = emulator.arrivals();
    let sent: u64 = batches.iter().map(|b| b["events"].as_u64().unwrap()).sum();
    assert_eq!(arrivals.len() as u64, sent - 1);
    assert_eq!(report["events_received"].as_u64().unwrap(), sent - 1);
    assert!(arrivals.values().all(|n| *n == 1), "{arrivals:?}");
    // The skipped-rows CSV: the row and Graph's reason, never a value.
    let csv = std::fs::read_to_string(&skipped_csv).unwrap();
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("row,batch,field,code,subcode,reason"));
    let line = lines.next().unwrap();
    assert!(line.starts_with("239,"), "{line}");
    assert!(line.contains(",event_time,100,"), "{line}");
    assert_eq!(lines.next(), None);
    assert!(!csv.contains('@'), "no e-mail address in the report");
}

#[test]
fn too_many_refused_events_stop_the_upload_naming_the_guard() {
    let emulator = Emulator::start();
    let dir = scratch("skip-guard");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", BATCHES);
    let (code, stdout, stderr) = run(upload(&dir, &file, &emulator, &["--json", "--config"])
        .arg(&settings)
        .args(["--now", &ahead()])
        .args(["--max-skipped-share", "0", "--max-skipped-rows", "0"]));
    assert_eq!(code, 2, "stopped: {stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["outcome"], "stopped");
    assert_eq!(report["stop"]["guard"], "too_many_skipped");
    assert_eq!(report["stop"]["row"], 239);
    assert!(stderr.contains("skip guard too_many_skipped"), "{stderr}");
    assert!(stderr.contains("--max-skipped-share"), "{stderr}");
    assert!(report["skipped"].as_array().unwrap().is_empty());

    // One batch losing more events than allowed: the other guard.
    let emulator = Emulator::start();
    let dir = scratch("skip-guard-batch");
    let file = sample_in(&dir);
    let (code, stdout, stderr) = run(upload(&dir, &file, &emulator, &["--json", "--config"])
        .arg(&settings)
        .args(["--now", &ahead(), "--max-skipped-per-batch", "0"]));
    assert_eq!(code, 2, "stopped: {stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["stop"]["guard"], "batch_keeps_failing");
    assert!(
        stderr.contains("skip guard batch_keeps_failing"),
        "{stderr}"
    );
}

#[test]
fn an_upload_stopped_after_a_skip_resumes_without_resending_and_keeps_the_skipped_row() {
    let emulator = Emulator::start();
    let dir = scratch("skip-resume");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", BATCHES);
    let skipped_csv = dir.join("skipped.csv");
    // The batch holding row 239 (the 10th) takes two calls; the token expires at the 11th batch.
    emulator.fault(json!({"kind": "slow", "delay_ms": 1, "count": 11, "path": "/events"}));
    emulator.fault(json!({"kind": "expire_token", "count": 1, "path": "/events"}));
    let command = |emulator: &Emulator| {
        let mut command = upload(&dir, &file, emulator, &["--json", "--config"]);
        command
            .arg(&settings)
            .args(["--now", &ahead(), "--skipped-report"])
            .arg(&skipped_csv);
        command
    };
    let (code, stdout, stderr) = run(&mut command(&emulator));
    assert_eq!(code, 2, "{stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["stop"]["code"], "graph_token");
    assert_eq!(report["skipped"][0]["row"], 239, "{report}");
    let stopped_at = report["stop"]["batch"].as_u64().unwrap() as usize;
    let skipped_in = report["skipped"][0]["batch"].as_u64().unwrap() as usize + 1;
    assert!(skipped_in < stopped_at, "{skipped_in} {stopped_at}");
    let first_arrivals = emulator.arrivals();

    let (code, stdout, stderr) = run(&mut command(&emulator));
    assert_eq!(code, 1, "done with rejected rows: {stderr}");
    let report: Value = serde_json::from_str(&stdout).unwrap();
    let batches = report["batches"].as_array().unwrap();
    assert!(
        batches[..stopped_at - 1]
            .iter()
            .all(|b| b["status"] == "accepted_earlier")
    );
    assert!(
        batches[stopped_at - 1..]
            .iter()
            .all(|b| b["status"] == "accepted")
    );
    assert_eq!(batches[skipped_in - 1]["skipped"][0]["row"], 239);
    assert_eq!(report["skipped"][0]["row"], 239);
    assert_eq!(report["skipped"].as_array().unwrap().len(), 1);
    let arrivals = emulator.arrivals();
    assert!(
        arrivals.values().all(|n| *n == 1),
        "nothing resent: {arrivals:?}"
    );
    assert!(first_arrivals.keys().all(|id| arrivals[id] == 1));
    let sent: u64 = batches.iter().map(|b| b["events"].as_u64().unwrap()).sum();
    assert_eq!(arrivals.len() as u64, sent - 1);
    let csv = std::fs::read_to_string(&skipped_csv).unwrap();
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(csv.lines().nth(1).unwrap().starts_with("239,"));
}

#[test]
fn a_changed_file_is_refused_unless_restarted() {
    let emulator = Emulator::start();
    let dir = scratch("changed");
    let file = sample_in(&dir);
    let settings = config(&dir, "settings.json", BATCHES);
    emulator.fault(json!({"kind": "slow", "delay_ms": 1, "count": 1, "path": "/events"}));
    emulator.fault(json!({"kind": "expire_token", "count": 1, "path": "/events"}));
    let (code, _, _) = run(upload(&dir, &file, &emulator, &["--config"]).arg(&settings));
    assert_eq!(code, 2);
    let mut text = std::fs::read_to_string(&file).unwrap();
    text.push_str("late@example.com,,,,,,,,2026-11-19 10:00,X-1,SKU-1,5.00,USD,US101\n");
    std::fs::write(&file, text).unwrap();
    let (code, _, stderr) = run(upload(&dir, &file, &emulator, &["--config"]).arg(&settings));
    assert_eq!(code, 2);
    assert!(stderr.contains("changed since its upload"), "{stderr}");
    assert!(stderr.contains("--restart"), "{stderr}");
    assert_eq!(emulator.counts().0, 20, "nothing more was sent");
    let (code, _, stderr) =
        run(upload(&dir, &file, &emulator, &["--restart", "--config"]).arg(&settings));
    assert_eq!(code, 1, "{stderr}");
    assert_eq!(emulator.arrivals().len() as u64, SAMPLE_ACCEPTED + 1);
}

#[test]
fn https_proxy_is_honoured() {
    let emulator = Emulator::start();
    let dir = scratch("proxy");
    let file = sample_in(&dir);
    let proxy = tunnel_proxy();
    let (code, _, stderr) =
        run(upload(&dir, &file, &emulator, &[])
            .env("HTTPS_PROXY", format!("http://{}", proxy.address)));
    assert_eq!(code, 1, "{stderr}");
    each_event_once(&emulator);
    let seen = proxy.connects.lock().unwrap().clone();
    let host = emulator.url.trim_start_matches("http://");
    assert!(
        !seen.is_empty() && seen.iter().all(|c| c == host),
        "{seen:?}"
    );
}

/// A CONNECT proxy that records the hosts it tunnels to.
struct Proxy {
    address: std::net::SocketAddr,
    connects: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

fn tunnel_proxy() -> Proxy {
    use std::io::{BufRead, BufReader, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let connects = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let seen = connects.clone();
    std::thread::spawn(move || {
        for client in listener.incoming() {
            let Ok(mut client) = client else { continue };
            let seen = seen.clone();
            std::thread::spawn(move || {
                let mut reader = BufReader::new(client.try_clone().unwrap());
                let mut line = String::new();
                reader.read_line(&mut line).unwrap();
                let host = line
                    .split_whitespace()
                    .nth(1)
                    .unwrap_or_default()
                    .to_owned();
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap() <= 2 {
                        break;
                    }
                }
                seen.lock().unwrap().push(host.clone());
                let upstream = std::net::TcpStream::connect(&host).unwrap();
                client
                    .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                    .unwrap();
                let mut up_read = upstream.try_clone().unwrap();
                let mut down_write = client.try_clone().unwrap();
                std::thread::spawn(move || {
                    let _ = std::io::copy(&mut up_read, &mut down_write);
                });
                let mut up_write = upstream;
                let _ = std::io::copy(&mut reader, &mut up_write);
            });
        }
    });
    Proxy { address, connects }
}
