//! The upload runner against scripted failures: retries resend the same payload, throttling
//! waits what Meta asks, access errors stop, resume skips accepted batches.
// Test helpers outside #[test] functions unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]

use graph::memory::MemoryTransport;
use graph::upload::{Target, Upload, UploadControl, UploadEvent, UploadOutcome};
use graph::{ObjectId, TransportError};
use serde_json::{Value, json};
use std::collections::BTreeSet;

const OK: &str = r#"{"events_received":2,"messages":[],"fbtrace_id":"TR"}"#;

fn batches(count: usize) -> Vec<Value> {
    (0..count)
        .map(|b| json!([{"event_name":"Purchase","event_id":format!("{b}-0")},{"event_name":"Purchase","event_id":format!("{b}-1")}]))
        .collect()
}

fn target() -> Target {
    Target::dataset(ObjectId::new("400000000000004").unwrap(), "tag")
}

mod runner;
use runner::{Ran as Run, run_upload};

fn run(
    transport: &MemoryTransport,
    batches: &[Value],
    accepted: &BTreeSet<usize>,
    control: &UploadControl,
) -> Run {
    run_with(transport, batches, accepted, control, 1)
}

/// Runs `count` fresh batches: nothing accepted yet, never paused.
fn run_fresh(transport: &MemoryTransport, count: usize) -> Run {
    run(
        transport,
        &batches(count),
        &BTreeSet::new(),
        &UploadControl::new(),
    )
}

/// The run ended with every one of its `accepted` batches accepted.
fn assert_done(result: &Run, accepted: usize) {
    assert!(
        matches!(result.outcome, UploadOutcome::Done { accepted: a, .. } if a == accepted),
        "{:?}",
        result.outcome
    );
}

fn run_with(
    transport: &MemoryTransport,
    batches: &[Value],
    accepted: &BTreeSet<usize>,
    control: &UploadControl,
    concurrency: usize,
) -> Run {
    let upload = Upload::new(target(), batches, accepted).concurrency(concurrency);
    run_upload(
        transport,
        graph::Settings::with_base_url("http://graph.test"),
        &upload,
        control,
    )
}

fn accepted_batches(events: &[UploadEvent]) -> Vec<usize> {
    events
        .iter()
        .filter_map(|event| match event {
            UploadEvent::Accepted { batch, .. } => Some(*batch),
            _ => None,
        })
        .collect()
}

#[test]
fn sends_every_batch_in_order_and_reports_counts_and_traces() {
    let transport = MemoryTransport::new();
    for _ in 0..3 {
        transport.respond(200, OK);
    }
    let batches = batches(3);
    let result = run(
        &transport,
        &batches,
        &BTreeSet::new(),
        &UploadControl::new(),
    );
    assert_eq!(
        result.outcome,
        UploadOutcome::Done {
            accepted: 3,
            events: 6
        }
    );
    assert_eq!(accepted_batches(&result.events), [0, 1, 2]);
    assert!(result.events.contains(&UploadEvent::Accepted {
        batch: 0,
        events: 2,
        fbtrace_id: Some("TR".into())
    }));
    let sent: Vec<Value> = result
        .bodies
        .iter()
        .map(|b| serde_json::from_str(b).unwrap())
        .collect();
    assert_eq!(sent, batches);
}

#[test]
fn transient_failures_resend_the_identical_batch() {
    let transport = MemoryTransport::new();
    transport
        .fail(TransportError::Timeout { after_ms: 1500 })
        .fail(TransportError::Network {
            detail: "connection reset".into(),
        })
        .respond(
            500,
            r#"{"error":{"message":"unknown","code":1,"is_transient":true}}"#,
        )
        .respond(200, OK);
    let result = run_fresh(&transport, 1);
    assert_done(&result, 1);
    assert_eq!(result.bodies.len(), 4);
    assert!(result.bodies.windows(2).all(|w| w[0] == w[1]));
    let reasons: Vec<_> = result
        .events
        .iter()
        .filter_map(|e| match e {
            UploadEvent::Retrying { reason, .. } => Some(reason.code()),
            _ => None,
        })
        .collect();
    assert_eq!(reasons, ["timeout", "network", "graph_transient"]);
    // Exponential back-off with jitter: each wait within [d/2, d] of 1 s, 2 s, 4 s.
    assert_eq!(result.delays.len(), 3);
    for (delay, full) in result.delays.iter().zip([1_000, 2_000, 4_000]) {
        assert!((full / 2..=full).contains(delay), "{delay} vs {full}");
    }
}

#[test]
fn throttling_waits_what_the_usage_header_says() {
    let transport = MemoryTransport::new();
    transport
        .respond_with_headers(
            400,
            &[(
                "x-business-use-case-usage",
                r#"{"100000000000001":[{"type":"ads_management","call_count":100,"estimated_time_to_regain_access":1}]}"#,
            )],
            r#"{"error":{"message":"(#80004) too many calls","code":80004}}"#,
        )
        .respond(200, OK);
    let result = run_fresh(&transport, 1);
    assert!(matches!(result.outcome, UploadOutcome::Done { .. }));
    let throttled = result
        .events
        .iter()
        .find_map(|e| match e {
            UploadEvent::Throttled {
                delay_ms,
                usage_percent,
                ..
            } => Some((*delay_ms, *usage_percent)),
            _ => None,
        })
        .unwrap();
    assert!((60_000..=66_000).contains(&throttled.0), "{throttled:?}");
    assert_eq!(throttled.1, 100.0);
    assert_eq!(result.delays, [throttled.0]);
}

#[test]
fn an_expired_token_stops_with_what_to_do_and_keeps_earlier_batches() {
    let transport = MemoryTransport::new();
    transport.respond(200, OK).respond(
        400,
        r#"{"error":{"message":"Session has expired","type":"OAuthException","code":190,"error_subcode":463}}"#,
    );
    let result = run_fresh(&transport, 3);
    let UploadOutcome::Stopped {
        batch,
        explanation,
        error,
        event,
        ..
    } = result.outcome
    else {
        panic!("{:?}", result.outcome)
    };
    assert_eq!(batch, 1);
    assert_eq!(error.code(), "graph_token");
    assert!(
        explanation.contains("new system-user token"),
        "{explanation}"
    );
    assert_eq!(event, None);
    assert_eq!(accepted_batches(&result.events), [0]);
    assert_eq!(
        transport.requests().len(),
        2,
        "nothing resent, nothing after"
    );
}

#[test]
fn a_rejected_event_is_located_in_its_batch_and_in_the_upload() {
    let transport = MemoryTransport::new();
    transport.respond(200, OK).respond(
        400,
        r#"{"error":{"message":"Invalid parameter","code":100,"error_subcode":2804019,
            "error_user_msg":"The parameter $['data'][1]['event_time'] is required"}}"#,
    );
    let result = run_fresh(&transport, 2);
    let UploadOutcome::Stopped { event, .. } = result.outcome else {
        panic!()
    };
    let event = event.unwrap();
    assert_eq!(
        (event.batch, event.index_in_batch, event.index_in_upload),
        (1, 1, 3)
    );
    assert_eq!(event.field.as_deref(), Some("event_time"));
    assert_eq!(
        transport.requests().len(),
        2,
        "an invalid batch is never resent"
    );
}

#[test]
fn resuming_skips_accepted_batches() {
    let transport = MemoryTransport::new();
    transport.respond(200, OK);
    let batches = batches(3);
    let accepted = BTreeSet::from([0, 2]);
    let result = run(&transport, &batches, &accepted, &UploadControl::new());
    assert_eq!(
        result.outcome,
        UploadOutcome::Done {
            accepted: 3,
            events: 2
        }
    );
    assert_eq!(result.bodies, [batches[1].to_string()]);
    assert!(result.events.contains(&UploadEvent::Skipped { batch: 0 }));
    assert!(result.events.contains(&UploadEvent::Skipped { batch: 2 }));
}

#[test]
fn pause_and_cancel_take_effect_between_batches() {
    let transport = MemoryTransport::new();
    let control = UploadControl::new();
    control.pause();
    let result = run(&transport, &batches(2), &BTreeSet::new(), &control);
    assert_eq!(result.outcome, UploadOutcome::Paused { next_batch: 0 });
    assert!(transport.requests().is_empty());
    control.cancel();
    let result = run(&transport, &batches(2), &BTreeSet::from([0]), &control);
    assert_eq!(result.outcome, UploadOutcome::Cancelled { next_batch: 1 });
    control.resume();
    // A request cancelled in flight (the browser's cancel handle) ends the run as cancelled.
    transport.fail(TransportError::Cancelled);
    let result = run(&transport, &batches(2), &BTreeSet::from([0]), &control);
    assert_eq!(result.outcome, UploadOutcome::Cancelled { next_batch: 1 });
    transport.respond(200, OK);
    let result = run(&transport, &batches(2), &BTreeSet::from([0]), &control);
    assert_done(&result, 2);
}

#[test]
fn retrying_gives_up_after_the_policy_attempts() {
    let transport = MemoryTransport::new();
    for _ in 0..6 {
        transport.fail(TransportError::Timeout { after_ms: 10 });
    }
    let result = run_fresh(&transport, 1);
    let UploadOutcome::Stopped { explanation, .. } = result.outcome else {
        panic!()
    };
    assert!(
        explanation.starts_with("Gave up after 6 attempts"),
        "{explanation}"
    );
    assert_eq!(transport.requests().len(), 6);
    assert_eq!(result.delays.len(), 5);
}

#[test]
fn dataset_calls_carry_the_partner_agent_with_the_version() {
    let transport = MemoryTransport::new();
    transport.respond(200, OK);
    run_fresh(&transport, 1);
    let form = transport.requests()[0].form();
    assert!(form.contains(&(
        "partner_agent".into(),
        format!("hashdrop/{}", env!("CARGO_PKG_VERSION"))
    )));
    assert_eq!(
        graph::upload::DEFAULT_PARTNER_AGENT,
        format!("hashdrop/{}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn offline_sets_report_processed_entries() {
    let transport = MemoryTransport::new();
    transport.respond(200, r#"{"num_processed_entries":2}"#);
    let batches = batches(1);
    let accepted = BTreeSet::new();
    let upload = Upload::new(
        Target::offline_set(ObjectId::new("5").unwrap(), "store"),
        &batches,
        &accepted,
    );
    let outcome = run_upload(
        &transport,
        graph::Settings::default(),
        &upload,
        &UploadControl::new(),
    )
    .outcome;
    assert_eq!(
        outcome,
        UploadOutcome::Done {
            accepted: 1,
            events: 2
        }
    );
    let sent = &transport.requests()[0];
    assert!(sent.url.ends_with("/5/events"));
    assert!(sent.form().contains(&("upload_tag".into(), "store".into())));
    // The legacy endpoint takes no partner_agent.
    assert!(!sent.form().iter().any(|(k, _)| k == "partner_agent"));
}

#[test]
fn nearing_a_limit_slows_down_before_the_next_batch() {
    let transport = MemoryTransport::new();
    transport
        .respond_with_headers(
            200,
            &[(
                "X-App-Usage",
                r#"{"call_count":95,"total_time":20,"total_cputime":10}"#,
            )],
            OK,
        )
        .respond(200, OK);
    let result = run_fresh(&transport, 2);
    assert_done(&result, 2);
    let paced: Vec<_> = result
        .events
        .iter()
        .filter_map(|e| match e {
            UploadEvent::Throttled {
                batch,
                delay_ms,
                usage_percent,
            } => Some((*batch, *delay_ms, *usage_percent)),
            _ => None,
        })
        .collect();
    assert_eq!(paced.len(), 1);
    assert_eq!((paced[0].0, paced[0].2), (1, 95.0));
    assert!((5_000..=10_000).contains(&paced[0].1));
    assert_eq!(result.delays, [paced[0].1]);
}

fn run_concurrently(transport: &MemoryTransport, batches: &[Value], concurrency: usize) -> Run {
    run_with(
        transport,
        batches,
        &BTreeSet::new(),
        &UploadControl::new(),
        concurrency,
    )
}

#[test]
fn several_batches_may_be_in_flight() {
    let transport = MemoryTransport::new();
    transport
        .respond(200, OK)
        .fail(TransportError::Timeout { after_ms: 1 })
        .respond(200, OK)
        .respond(200, OK)
        .respond(200, OK)
        .respond(200, OK);
    let result = run_concurrently(&transport, &batches(5), 3);
    assert_eq!(
        result.outcome,
        UploadOutcome::Done {
            accepted: 5,
            events: 10
        }
    );
    let mut accepted = accepted_batches(&result.events);
    accepted.sort_unstable();
    assert_eq!(accepted, [0, 1, 2, 3, 4]);
    assert_eq!(transport.requests().len(), 6);
    assert_eq!(result.delays.len(), 1);
}

#[test]
fn a_stop_lets_batches_in_flight_finish_and_starts_no_more() {
    let transport = MemoryTransport::new();
    transport
        .respond(200, OK)
        .respond(400, r#"{"error":{"message":"bad","code":190}}"#)
        .respond(200, OK)
        .respond(200, OK);
    // Batches 0, 1, 2 start; 0 is accepted, so 3 starts; 1 stops the run: 4 and 5 never start.
    let result = run_concurrently(&transport, &batches(6), 3);
    let UploadOutcome::Stopped { batch, .. } = result.outcome else {
        panic!("{:?}", result.outcome)
    };
    assert_eq!(batch, 1);
    let mut accepted = accepted_batches(&result.events);
    accepted.sort_unstable();
    assert_eq!(accepted, [0, 2, 3]);
    assert_eq!(transport.requests().len(), 4);
}
