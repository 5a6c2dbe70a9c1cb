//! The chaos run (issue 15, item 6): a synthetic file's events go through graph's upload
//! runner, natively over real HTTP, to the emulator, under a seeded random schedule of every
//! fault the emulator injects (throttling with each usage header, 5xx, connections dropped
//! before and after processing, slow answers) and one token that expires mid-run and is then
//! replaced. Afterwards every accepted event must be in the emulator exactly once by
//! `event_id`, except the events of a batch whose answer a drop after processing cut off: those
//! arrive once more for each such drop, and nowhere else.
//!
//! Shared by `tests/chaos.rs` (a short schedule) and `examples/chaos.rs` (`cargo xtask chaos`).

use super::emulator::{DATASET, Emulator};
use graph::upload::{Runner, Target, Upload, UploadControl, UploadEvent, UploadOutcome};
use graph::{
    AccessToken, Client, Method, NativeSleep, NativeTransport, ObjectId, RandomSource, RetryPolicy,
    SplitMix64,
};
use serde_json::{Value, json};
use std::collections::{BTreeMap, BTreeSet};
use std::time::Instant;

/// What a run did.
#[derive(Debug, Clone, Default)]
pub struct ChaosReport {
    /// Events accepted by the preparation and sent.
    pub events: u64,
    /// Batches.
    pub batches: usize,
    /// Faults injected, by kind.
    pub faults: BTreeMap<&'static str, u64>,
    /// Waits before a batch went again (retries and throttling).
    pub retries: u64,
    /// Batches sent again (attempts after the first, and after the token was replaced).
    pub resends: u64,
    /// Events that arrived twice because a drop after processing lost their answer.
    pub duplicates: u64,
    /// The batch whose call found the token expired.
    pub token_expired_at: usize,
    /// Seconds for the upload (preparation excluded).
    pub seconds: f64,
}

impl std::fmt::Display for ChaosReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(
            f,
            "{} events in {} batches uploaded in {:.1} s",
            self.events, self.batches, self.seconds
        )?;
        let faults: Vec<String> = self
            .faults
            .iter()
            .map(|(k, n)| format!("{k} {n}"))
            .collect();
        writeln!(
            f,
            "faults injected: {} ({})",
            self.faults.values().sum::<u64>(),
            faults.join(", ")
        )?;
        writeln!(
            f,
            "retries: {}, resends: {}, token expired at batch {} and replaced",
            self.retries,
            self.resends,
            self.token_expired_at + 1
        )?;
        writeln!(
            f,
            "lost: 0 (each of the {} events is in the emulator under its event_id)",
            self.events
        )?;
        write!(
            f,
            "duplicates: {} arrivals, all resends of batches whose answer a drop after processing \
             lost, each with its first arrival's event_id (Meta keeps one); undeduplicated \
             duplicates: 0",
            self.duplicates
        )
    }
}

/// The faults one batch gets, drawn from `random`.
fn draw_faults(random: &mut SplitMix64) -> Vec<(&'static str, Value)> {
    let how_many = match random.next_u64() % 100 {
        0..=44 => 0,
        45..=84 => 1,
        _ => 2,
    };
    let mut faults: Vec<(&'static str, Value)> = (0..how_many)
        .map(|_| match random.next_u64() % 8 {
            0 => (
                "throttle_4",
                json!({"kind": "throttle", "code": 4,
                       "usage": {"call_count": 100, "total_cputime": 20, "total_time": 20}}),
            ),
            1 => (
                "throttle_17",
                json!({"kind": "throttle", "code": 17,
                       "usage": {"acc_id_util_pct": 100, "reset_time_duration": 0.02}}),
            ),
            2 => (
                "throttle_80004",
                json!({"kind": "throttle", "code": 80_004,
                       "usage": {"1": [{"type": "ads_management", "call_count": 100,
                                        "total_cputime": 1, "total_time": 1,
                                        "estimated_time_to_regain_access": 0}]}}),
            ),
            3 => (
                "server_error_500",
                json!({"kind": "server_error", "code": 1}),
            ),
            4 => (
                "server_error_503",
                json!({"kind": "server_error", "code": 2}),
            ),
            5 => ("drop_before", json!({"kind": "drop", "when": "before"})),
            6 => ("drop_after", json!({"kind": "drop", "when": "after"})),
            _ => ("slow", Value::Null),
        })
        .collect();
    // Every other fault fails an attempt; a slow answer is the answer. So a batch gets at most
    // one, on its last attempt, and each fault is used by the batch it was drawn for.
    let slow = faults.iter().position(|(kind, _)| *kind == "slow");
    faults.retain(|(kind, _)| *kind != "slow");
    if slow.is_some() {
        faults.push(draw_slow(random));
    }
    faults
}

/// A slow answer (20-300 ms).
fn draw_slow(random: &mut SplitMix64) -> (&'static str, Value) {
    let delay = 20 + random.next_u64() % 280;
    ("slow", json!({"kind": "slow", "delay_ms": delay}))
}

/// The synthetic file's batches (`data` arrays) and each batch's event ids.
fn prepare(rows: u64) -> Result<(Vec<Value>, Vec<Vec<String>>), String> {
    let mut settings =
        events::Settings::from_json(events::synthetic::SETTINGS_JSON).map_err(|e| e.to_string())?;
    // About fifty batches whatever the size.
    settings.max_batch_events = Some(usize::try_from(rows / 50).unwrap_or(1000).clamp(10, 1000));
    let mut file = events::synthetic::SyntheticFile::new(rows);
    let mut preparation = events::Preparation::new(settings).map_err(|e| e.to_string())?;
    let mut chunk = Vec::new();
    let mut batches = Vec::new();
    while file.next_chunk(&mut chunk, 1 << 20) {
        preparation.feed(&chunk).map_err(|e| e.to_string())?;
        batches.extend(preparation.take_output().batches);
    }
    batches.extend(
        preparation
            .finish()
            .map_err(|e| e.to_string())?
            .output
            .batches,
    );
    let mut data = Vec::new();
    let mut ids = Vec::new();
    for batch in batches {
        let mut body = batch.to_value();
        let events = body.get_mut("data").map(Value::take).unwrap_or(Value::Null);
        let batch_ids = events
            .as_array()
            .map(|list| {
                list.iter()
                    .filter_map(|e| e["event_id"].as_str().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default();
        ids.push(batch_ids);
        data.push(events);
    }
    Ok((data, ids))
}

/// A client of the emulator with `token`.
fn client(emulator: &Emulator, token: &str) -> Client<NativeTransport> {
    let settings = graph::Settings::with_base_url(&emulator.url).timeout_ms(10_000);
    Client::new(
        NativeTransport::with_proxy(None),
        settings,
        AccessToken::new(token),
    )
}

/// Run the chaos schedule of `seed` over `rows` synthetic rows; `progress` gets a line per
/// batch. `Err` names the first event that did not arrive as it should.
pub fn run(seed: u64, rows: u64, progress: &mut dyn FnMut(&str)) -> Result<ChaosReport, String> {
    let (batches, ids) = prepare(rows)?;
    let mut report = ChaosReport {
        events: ids.iter().map(|b| b.len() as u64).sum(),
        batches: batches.len(),
        ..ChaosReport::default()
    };
    let emulator = Emulator::start();
    let mut random = SplitMix64::new(seed);
    let mut token = format!("chaos-token-{seed}-1");
    emulator.control(
        Method::Post,
        "tokens",
        Some(json!({"token": token, "allow": ["*"]})),
    );
    let quarter = (batches.len() / 4).max(1);
    report.token_expired_at = (quarter
        + usize::try_from(random.next_u64() % quarter as u64).unwrap_or(0))
    .min(batches.len().saturating_sub(1));
    let mut client = client(&emulator, &token);
    let mut policy = RetryPolicy::default();
    policy.max_attempts = 10;
    policy.base_delay_ms = 20;
    policy.throttle_base_delay_ms = 20;
    let dataset = ObjectId::new(DATASET).map_err(|e| e.to_string())?;
    let target = Target::dataset(dataset, "chaos");
    let mut resent_after_drop = vec![0u64; batches.len()];
    let none = BTreeSet::new();
    let started = Instant::now();
    for (index, data) in batches.iter().enumerate() {
        if index == report.token_expired_at {
            // The token expires between two batches; faults are left out of this batch so that
            // what arrives depends on the token alone.
            emulator.control(
                Method::Post,
                "tokens",
                Some(json!({"token": token, "allow": ["*"], "expired": true})),
            );
            *report.faults.entry("expired_token").or_default() += 1;
        } else {
            let drawn = draw_faults(&mut random);
            for (kind, mut fault) in drawn {
                fault["path"] = json!("/events");
                emulator.fault(fault);
                *report.faults.entry(kind).or_default() += 1;
                if kind == "drop_after" {
                    resent_after_drop[index] += 1;
                }
            }
        }
        let window = std::slice::from_ref(data);
        let upload = Upload::new(target.clone(), window, &none).policy(policy.clone());
        let mut tries = 0;
        loop {
            tries += 1;
            let control = UploadControl::new();
            let mut jitter = SplitMix64::new(random.next_u64());
            let mut runner = Runner {
                client: &client,
                sleep: &NativeSleep,
                random: &mut jitter,
                control: &control,
            };
            let (mut retries, mut resends) = (0, 0);
            let outcome =
                futures_executor::block_on(runner.run(&upload, &mut |event| match event {
                    UploadEvent::Retrying { .. } | UploadEvent::Throttled { .. } => retries += 1,
                    UploadEvent::Sent { attempt, .. } if attempt > 1 => resends += 1,
                    _ => {}
                }));
            report.retries += retries;
            report.resends += resends;
            match outcome {
                UploadOutcome::Done { .. } => break,
                UploadOutcome::Stopped { error, .. }
                    if error.code() == "graph_token" && tries == 1 =>
                {
                    // The person pastes a new token; the same batch goes again.
                    token = format!("chaos-token-{seed}-2");
                    emulator.control(
                        Method::Post,
                        "tokens",
                        Some(json!({"token": token, "allow": ["*"]})),
                    );
                    client = self::client(&emulator, &token);
                    report.resends += 1;
                }
                other => return Err(format!("batch {} did not go through: {other:?}", index + 1)),
            }
        }
        progress(&format!("batch {}/{} accepted", index + 1, batches.len()));
    }
    report.seconds = started.elapsed().as_secs_f64();
    let pending = emulator.control(Method::Get, "faults", None);
    if pending["data"].as_array().is_some_and(|f| !f.is_empty()) {
        return Err(format!("faults left unused: {pending}"));
    }
    let arrivals = emulator.arrivals();
    let mut expected_total = 0;
    for (index, batch_ids) in ids.iter().enumerate() {
        let expected = 1 + resent_after_drop[index];
        for id in batch_ids {
            expected_total += 1;
            let arrived = arrivals.get(id).copied().unwrap_or(0);
            if arrived != expected {
                return Err(format!(
                    "event {id} of batch {} arrived {arrived} times, expected {expected}",
                    index + 1
                ));
            }
        }
        report.duplicates += resent_after_drop[index] * batch_ids.len() as u64;
    }
    if arrivals.len() != expected_total {
        return Err(format!(
            "{} distinct events arrived, {expected_total} were sent",
            arrivals.len()
        ));
    }
    Ok(report)
}
