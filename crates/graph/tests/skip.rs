//! Skipping what Graph rejects: the event Graph names is taken out of its batch and the rest is
//! sent again at once; guards stop a run that keeps failing; resume recognises a batch that was
//! accepted without some of its events.
// Test helpers outside #[test] functions unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]
#![cfg(not(target_arch = "wasm32"))]

use graph::ObjectId;
use graph::memory::MemoryTransport;
use graph::upload::{
    SkipGuard, SkipPolicy, SkippedEvent, Target, Upload, UploadControl, UploadEvent, UploadOutcome,
};
use serde_json::{Value, json};
use std::collections::BTreeSet;

fn ok(events: usize) -> String {
    format!(r#"{{"events_received":{events},"messages":[],"fbtrace_id":"OK"}}"#)
}

/// Graph's answer to an invalid event at `index` of the request's `data`.
fn rejects(index: usize) -> String {
    format!(
        r#"{{"error":{{"message":"Invalid parameter","type":"OAuthException","code":100,"error_subcode":2804003,"error_user_title":"Event too old","error_user_msg":"The parameter $['data'][{index}]['event_time'] is too far in the past.","fbtrace_id":"T{index}"}}}}"#
    )
}

/// `count` batches of `size` events, each event named `b<batch>e<index>`.
fn batches(count: usize, size: usize) -> Vec<Value> {
    (0..count)
        .map(|b| {
            Value::Array(
                (0..size)
                    .map(|e| json!({"event_name": "Purchase", "event_id": format!("b{b}e{e}")}))
                    .collect(),
            )
        })
        .collect()
}

mod runner;

struct Run {
    outcome: UploadOutcome,
    events: Vec<UploadEvent>,
    delays: Vec<u64>,
    /// The `event_id`s of each request, in order.
    sent: Vec<Vec<String>>,
}

fn run(transport: &MemoryTransport, upload: &Upload<'_>) -> Run {
    let ran = runner::run_upload(
        transport,
        graph::Settings::with_base_url("http://graph.test"),
        upload,
        &UploadControl::new(),
    );
    let sent = ran
        .bodies
        .iter()
        .map(|data| {
            let data: Value = serde_json::from_str(data).unwrap();
            data.as_array()
                .unwrap()
                .iter()
                .map(|e| e["event_id"].as_str().unwrap().to_owned())
                .collect()
        })
        .collect();
    Run {
        outcome: ran.outcome,
        events: ran.events,
        delays: ran.delays,
        sent,
    }
}

fn target() -> Target {
    Target::dataset(ObjectId::new("400000000000004").unwrap(), "tag")
}

fn skipping<'a>(batches: &'a [Value], accepted: &'a BTreeSet<usize>) -> Upload<'a> {
    Upload::new(target(), batches, accepted).skip_rejected(SkipPolicy::default())
}

fn skipped(events: &[UploadEvent]) -> Vec<&SkippedEvent> {
    events
        .iter()
        .filter_map(|e| match e {
            UploadEvent::EventSkipped { event } => Some(event),
            _ => None,
        })
        .collect()
}

/// `(batch, index_in_batch, index_in_upload)` of each skipped event.
fn positions(events: &[UploadEvent]) -> Vec<(usize, usize, usize)> {
    skipped(events)
        .iter()
        .map(|s| {
            (
                s.position.batch,
                s.position.index_in_batch,
                s.position.index_in_upload,
            )
        })
        .collect()
}

fn ids(batch: usize, events: &[usize]) -> Vec<String> {
    events.iter().map(|e| format!("b{batch}e{e}")).collect()
}

#[test]
fn one_bad_event_is_taken_out_and_the_rest_sent_again_at_once() {
    let transport = MemoryTransport::new();
    transport
        .respond(400, &rejects(1))
        .respond(200, &ok(2))
        .respond(200, &ok(3));
    let batches = batches(2, 3);
    let none = BTreeSet::new();
    let result = run(&transport, &skipping(&batches, &none));
    assert_eq!(
        result.outcome,
        UploadOutcome::Done {
            accepted: 2,
            events: 5
        }
    );
    assert_eq!(
        result.sent,
        [ids(0, &[0, 1, 2]), ids(0, &[0, 2]), ids(1, &[0, 1, 2])]
    );
    assert!(result.delays.is_empty(), "resent at once");
    let skipped = skipped(&result.events);
    assert_eq!(skipped.len(), 1);
    let event = skipped[0];
    assert_eq!(
        (
            event.position.batch,
            event.position.index_in_batch,
            event.position.field.as_deref()
        ),
        (0, 1, Some("event_time"))
    );
    assert_eq!((event.code, event.subcode), (100, Some(2804003)));
    assert!(event.reason.contains("too far in the past"), "{event:?}");
    assert_eq!(event.fbtrace_id.as_deref(), Some("T1"));
    // The skip is reported just before its batch's acceptance.
    let at = |wanted: fn(&UploadEvent) -> bool| result.events.iter().position(wanted).unwrap();
    assert_eq!(
        at(|e| matches!(e, UploadEvent::EventSkipped { .. })) + 1,
        at(|e| matches!(e, UploadEvent::Accepted { batch: 0, .. }))
    );
}

#[test]
fn two_bad_events_in_one_batch_are_named_by_their_place_in_the_file() {
    let transport = MemoryTransport::new();
    // Graph names indexes of the request it got: after event 2 is out, index 2 is event 3.
    transport
        .respond(400, &rejects(2))
        .respond(400, &rejects(2))
        .respond(200, &ok(2));
    let batches = batches(1, 4);
    let none = BTreeSet::new();
    let result = run(&transport, &skipping(&batches, &none));
    assert!(matches!(
        result.outcome,
        UploadOutcome::Done { events: 2, .. }
    ));
    assert_eq!(
        result.sent,
        [ids(0, &[0, 1, 2, 3]), ids(0, &[0, 1, 3]), ids(0, &[0, 1])]
    );
    assert_eq!(positions(&result.events), [(0, 2, 2), (0, 3, 3)]);
}

#[test]
fn bad_events_in_several_batches_are_each_skipped() {
    let transport = MemoryTransport::new();
    transport
        .respond(400, &rejects(0))
        .respond(200, &ok(2))
        .respond(200, &ok(3))
        .respond(400, &rejects(2))
        .respond(200, &ok(2));
    let batches = batches(3, 3);
    let none = BTreeSet::new();
    let result = run(&transport, &skipping(&batches, &none));
    assert_eq!(
        result.outcome,
        UploadOutcome::Done {
            accepted: 3,
            events: 7
        }
    );
    assert_eq!(positions(&result.events), [(0, 0, 0), (2, 2, 8)]);
    assert_eq!(result.sent.len(), 5);
}

#[test]
fn a_batch_that_keeps_failing_stops_the_upload() {
    let transport = MemoryTransport::new();
    for _ in 0..3 {
        transport.respond(400, &rejects(0));
    }
    let batches = batches(2, 5);
    let none = BTreeSet::new();
    let policy = SkipPolicy::default().max_per_batch(2);
    let upload = Upload::new(target(), &batches, &none).skip_rejected(policy);
    let result = run(&transport, &upload);
    let UploadOutcome::Stopped {
        batch,
        event,
        skip_guard,
        explanation,
        ..
    } = &result.outcome
    else {
        panic!("{:?}", result.outcome)
    };
    assert_eq!(*batch, 0);
    assert_eq!(
        *skip_guard,
        Some(SkipGuard::BatchKeepsFailing { removed: 2 })
    );
    assert_eq!(event.as_ref().unwrap().index_in_batch, 2);
    assert!(explanation.contains("mapping"), "{explanation}");
    assert_eq!(result.sent.len(), 3, "batch 1 is never sent");
    assert!(
        skipped(&result.events).is_empty(),
        "a batch that was not accepted reports no skip"
    );
}

#[test]
fn skipping_more_than_the_share_stops_the_upload() {
    let transport = MemoryTransport::new();
    transport
        .respond(400, &rejects(0))
        .respond(200, &ok(1))
        .respond(400, &rejects(1));
    let batches = batches(3, 2);
    let none = BTreeSet::new();
    let policy = SkipPolicy::default().max_share(0.2, 0);
    // 20% of 6 events: 1 may be skipped, the second stops the upload.
    assert_eq!(policy.allowed(6), 1);
    let upload = Upload::new(target(), &batches, &none).skip_rejected(policy.clone());
    let result = run(&transport, &upload);
    let UploadOutcome::Stopped {
        batch, skip_guard, ..
    } = &result.outcome
    else {
        panic!("{:?}", result.outcome)
    };
    assert_eq!(*batch, 1);
    assert_eq!(
        *skip_guard,
        Some(SkipGuard::TooManySkipped {
            skipped: 1,
            total: 6
        })
    );
    assert_eq!(positions(&result.events), [(0, 0, 0)]);

    // Skips of earlier runs count, against the whole upload's size.
    let transport = MemoryTransport::new();
    transport.respond(400, &rejects(0));
    let upload = Upload::new(target(), &batches, &none)
        .skip_rejected(policy)
        .events_in_upload(10, 2);
    let result = run(&transport, &upload);
    assert!(matches!(
        result.outcome,
        UploadOutcome::Stopped {
            skip_guard: Some(SkipGuard::TooManySkipped {
                skipped: 2,
                total: 10
            }),
            ..
        }
    ));
}

#[test]
fn an_error_naming_no_event_stops_even_when_skipping() {
    let transport = MemoryTransport::new();
    transport.respond(
        400,
        r#"{"error":{"message":"Invalid parameter","code":100,"error_subcode":2804050}}"#,
    );
    let batches = batches(2, 2);
    let none = BTreeSet::new();
    let result = run(&transport, &skipping(&batches, &none));
    assert!(
        matches!(
            result.outcome,
            UploadOutcome::Stopped {
                batch: 0,
                skip_guard: Some(SkipGuard::NoEventNamed),
                event: None,
                ..
            }
        ),
        "{:?}",
        result.outcome
    );
    assert_eq!(result.sent.len(), 1);

    // An index the batch does not have.
    let transport = MemoryTransport::new();
    transport.respond(400, &rejects(7));
    let result = run(&transport, &skipping(&batches, &none));
    assert!(matches!(
        result.outcome,
        UploadOutcome::Stopped {
            skip_guard: Some(SkipGuard::EventNotInBatch),
            ..
        }
    ));

    // Access errors are not the events' fault: they stop as without skipping.
    let transport = MemoryTransport::new();
    transport.respond(400, r#"{"error":{"message":"expired","code":190}}"#);
    let result = run(&transport, &skipping(&batches, &none));
    assert!(matches!(
        result.outcome,
        UploadOutcome::Stopped {
            skip_guard: None,
            ..
        }
    ));
}

#[test]
fn without_the_skip_option_a_rejected_event_still_stops_the_upload() {
    let transport = MemoryTransport::new();
    transport.respond(400, &rejects(1));
    let batches = batches(2, 3);
    let none = BTreeSet::new();
    let result = run(&transport, &Upload::new(target(), &batches, &none));
    let UploadOutcome::Stopped {
        event, skip_guard, ..
    } = &result.outcome
    else {
        panic!("{:?}", result.outcome)
    };
    assert_eq!(event.as_ref().unwrap().index_in_batch, 1);
    assert_eq!(*skip_guard, None);
    assert_eq!(result.sent.len(), 1);
}

#[test]
fn a_batch_whose_every_event_is_skipped_is_done_without_another_call() {
    let transport = MemoryTransport::new();
    transport.respond(400, &rejects(0));
    let batches = batches(1, 1);
    let none = BTreeSet::new();
    let result = run(&transport, &skipping(&batches, &none));
    assert_eq!(
        result.outcome,
        UploadOutcome::Done {
            accepted: 1,
            events: 0
        }
    );
    assert_eq!(result.sent.len(), 1);
    assert_eq!(positions(&result.events), [(0, 0, 0)]);
}

/// A real file: prepared by the events crate, uploaded with a skip, stopped by an expired token,
/// its plan kept as JSON, the file prepared again and the upload resumed.
#[test]
fn resume_after_a_skip_sends_only_what_was_not_accepted() {
    use events::plan::UploadPlan;
    use events::report::SkippedRow;
    use events::settings::FileInfo;

    let csv = "email,value,currency,time\n\
               a@example.com,1.00,USD,2026-11-01 10:00\n\
               b@example.com,2.00,USD,2026-11-01 11:00\n\
               c@example.com,3.00,USD,2026-11-01 12:00\n\
               d@example.com,4.00,USD,2026-11-01 13:00\n\
               e@example.com,5.00,USD,2026-11-01 14:00\n\
               f@example.com,6.00,USD,2026-11-01 15:00\n";
    let prepare = || {
        let mut settings = events::Settings::new(1795132800);
        settings.event_name = Some("Purchase".into());
        settings.max_batch_events = Some(2);
        settings.file = Some(FileInfo {
            name: "sales.csv".into(),
            size: csv.len() as u64,
        });
        events::prepare_bytes(settings, csv.as_bytes()).unwrap()
    };
    let data_of = |finished: &events::Finished| -> Vec<Value> {
        finished
            .output
            .batches
            .iter()
            .map(|b| b.to_value()["data"].clone())
            .collect()
    };

    let first = prepare();
    let mut plan = UploadPlan::new();
    for batch in &first.output.batches {
        plan.add(batch);
    }
    plan.file = first.file.clone();
    let transport = MemoryTransport::new();
    transport
        .respond(200, &ok(2))
        .respond(400, &rejects(1))
        .respond(200, &ok(1))
        .respond(
            400,
            r#"{"error":{"message":"Session has expired","code":190}}"#,
        );
    let batches = data_of(&first);
    let none = BTreeSet::new();
    let result = run(&transport, &skipping(&batches, &none));
    assert!(matches!(
        result.outcome,
        UploadOutcome::Stopped { batch: 2, .. }
    ));
    // What the app and the command line keep: accepted batches with their skipped rows.
    let mut pending: Vec<SkippedRow> = Vec::new();
    for event in &result.events {
        match event {
            UploadEvent::EventSkipped { event } => {
                let batch = &first.output.batches[event.position.batch];
                pending.push(SkippedRow {
                    row: batch.rows[event.position.index_in_batch],
                    batch: event.position.batch,
                    index_in_batch: event.position.index_in_batch,
                    field: event.position.field.clone(),
                    code: event.code,
                    subcode: event.subcode,
                    reason: event.reason.clone(),
                });
            }
            UploadEvent::Accepted { batch, .. } => {
                plan.mark_accepted_skipping(*batch, std::mem::take(&mut pending));
            }
            _ => {}
        }
    }
    let plan: UploadPlan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
    let rows: Vec<u64> = plan.skipped().map(|s| s.row).collect();
    assert_eq!(rows, [4], "the second event of batch 1 is data row 4");

    let again = prepare();
    assert!(plan.is_for(again.file.as_ref().unwrap()));
    let accepted: BTreeSet<usize> = again
        .output
        .batches
        .iter()
        .filter(|b| !plan.should_send(b))
        .map(|b| b.index)
        .collect();
    assert_eq!(
        accepted,
        BTreeSet::from([0, 1]),
        "batch 1, sent without row 4, is recognised as accepted"
    );
    let transport = MemoryTransport::new();
    transport.respond(200, &ok(2));
    let batches = data_of(&again);
    let result = run(&transport, &skipping(&batches, &accepted));
    assert_eq!(
        result.outcome,
        UploadOutcome::Done {
            accepted: 3,
            events: 2
        }
    );
    assert_eq!(result.sent.len(), 1, "only batch 2 is sent again");
    assert_eq!(
        transport.requests()[0]
            .form()
            .into_iter()
            .find(|(k, _)| k == "data")
            .unwrap()
            .1,
        batches[2].to_string()
    );
}

#[test]
fn an_index_beyond_any_batch_neither_overflows_nor_skips() {
    let batches = batches(2, 2);
    let none = BTreeSet::new();
    for upload in [
        Upload::new(target(), &batches, &none),
        skipping(&batches, &none),
    ] {
        let transport = MemoryTransport::new();
        // Batch 1 starts at event 2 of the upload: 2 + the index must not overflow.
        transport
            .respond(200, &ok(2))
            .respond(400, &rejects(usize::MAX));
        let result = run(&transport, &upload);
        let UploadOutcome::Stopped { event, .. } = &result.outcome else {
            panic!("{:?}", result.outcome)
        };
        let event = event.as_ref().unwrap();
        assert_eq!(event.index_in_upload, usize::MAX);
        assert!(skipped(&result.events).is_empty());
    }
}
