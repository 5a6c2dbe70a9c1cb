//! Drive the graph crate's upload runner over the prepared bodies (generic over the transport
//! and the sleep, so it runs natively in tests).
//!
//! The bodies stay where the worker put them until their turn (see [`crate::platform::Bodies`]): the runner
//! gets [`WINDOW`] batches' `data` at a time, read back and parsed just before (the others are
//! `null` and marked done for that run), so a file of a million rows never holds a million
//! parsed events, nor all its bodies as text. Batch numbers are the file's throughout.

use super::model::{RowError, Stop, StopProblem, row_of};
use crate::connection::CheckFailure;
use crate::platform::Bodies;
use crate::settings::TargetKind;
use crate::worker::protocol::BatchInfo;
use graph::upload::{Runner, SkipGuard, SkipPolicy, Target, Upload, UploadEvent, UploadOutcome};
use graph::{ClientError, ObjectId, Sleep, Transport};
use serde_json::Value;
use std::collections::BTreeSet;

/// Batches parsed and handed to the runner at once.
pub const WINDOW: usize = 8;

/// How a run ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Finish {
    /// Every batch is accepted.
    Done,
    /// Paused before a batch; run again to go on.
    Paused,
    /// Cancelled.
    Cancelled,
    /// Stopped: the person must act.
    Stopped(Stop),
}

/// The runner's target for the connection and the bodies' top-level fields (`upload_tag`,
/// `test_event_code`, `partner_agent`, `namespace_id` are the same in every body of a file).
pub fn target_of(kind: TargetKind, id: &str, first_body: Option<&str>) -> Option<Target> {
    let id = ObjectId::new(id).ok()?;
    let top: Value = first_body
        .and_then(|body| serde_json::from_str(body).ok())
        .unwrap_or(Value::Null);
    let text = |name: &str| top.get(name).and_then(Value::as_str).map(str::to_owned);
    Some(match kind {
        TargetKind::Capi => Target::Dataset {
            dataset: id,
            upload_tag: text("upload_tag"),
            test_event_code: text("test_event_code"),
            partner_agent: text("partner_agent"),
            namespace_id: text("namespace_id"),
        },
        TargetKind::Ocapi => Target::OfflineSet {
            set: id,
            upload_tag: text("upload_tag").unwrap_or_else(|| "hashdrop".to_owned()),
            namespace_id: text("namespace_id"),
        },
    })
}

/// The `data` array of a body.
fn data_of(body: &str) -> Option<Value> {
    let mut value: Value = serde_json::from_str(body).ok()?;
    let data = value.get_mut("data")?.take();
    data.is_array().then_some(data)
}

/// Why the runner stopped, with the event mapped to its CSV row and the skip guard, if one
/// stopped it.
fn stop_of(
    batch: usize,
    error: &ClientError,
    event: Option<graph::upload::EventPosition>,
    guard: Option<SkipGuard>,
    info: &[BatchInfo],
) -> Stop {
    let failure = CheckFailure::from_client(error);
    let graph = error.graph();
    let event = event.map(|e| RowError {
        batch: e.batch,
        index_in_batch: e.index_in_batch,
        row: info.get(e.batch).and_then(|b| row_of(b, e.index_in_batch)),
        field: e.field,
    });
    let too_many = matches!(
        guard,
        Some(SkipGuard::BatchKeepsFailing { .. } | SkipGuard::TooManySkipped { .. })
    );
    let (problem, message) = if too_many {
        (StopProblem::TooManySkipped, None)
    } else if event.is_some() {
        (StopProblem::InvalidEvent, None)
    } else {
        (
            StopProblem::Connection(failure.problem),
            Some(failure.problem.message()),
        )
    };
    Stop {
        batch,
        problem,
        code: error.code(),
        message,
        detail: failure.detail.unwrap_or_default(),
        fbtrace_id: graph.and_then(|g| g.fbtrace_id.clone()),
        event,
        guard,
    }
}

/// What one run sends and how it treats the events Graph rejects.
#[derive(Debug, Clone, Copy)]
pub struct Plan<'a> {
    /// The batches accepted before (not sent again).
    pub accepted: &'a BTreeSet<usize>,
    /// Skip the events Graph rejects, within these guards (`None`: stop at the first).
    pub skip: Option<&'a SkipPolicy>,
    /// Events skipped by earlier runs of this upload (they count toward the guard's share).
    pub skipped_before: u64,
}

/// Send every batch not in `plan.accepted`, in order, [`WINDOW`] at a time.
pub async fn drive<T: Transport, S: Sleep>(
    runner: &mut Runner<'_, T, S>,
    target: &Target,
    bodies: &Bodies,
    info: &[BatchInfo],
    plan: Plan<'_>,
    progress: &mut dyn FnMut(UploadEvent),
) -> Finish {
    let accepted = plan.accepted;
    // The skip guard's share is of the whole file, whatever window is being sent.
    let total_events: u64 = info.iter().map(|b| b.events as u64).sum();
    let mut skipped = plan.skipped_before;
    // Every batch the file step counted; a body that cannot be read back stops the upload.
    let count = info.len();
    let mut start = 0;
    while start < count {
        let end = (start + WINDOW).min(count);
        let todo: Vec<usize> = (start..end).filter(|b| !accepted.contains(b)).collect();
        start = end;
        if todo.is_empty() {
            continue;
        }
        let mut batches = vec![Value::Null; count];
        for &batch in &todo {
            match bodies.text(batch).await.as_deref().and_then(data_of) {
                Some(data) => batches[batch] = data,
                None => {
                    return Finish::Stopped(Stop {
                        batch,
                        problem: StopProblem::BadBody,
                        code: "bad_body",
                        message: None,
                        detail: String::new(),
                        fbtrace_id: None,
                        event: None,
                        guard: None,
                    });
                }
            }
        }
        let others: BTreeSet<usize> = (0..count).filter(|b| !todo.contains(b)).collect();
        let mut upload =
            Upload::new(target.clone(), &batches, &others).events_in_upload(total_events, skipped);
        if let Some(policy) = plan.skip {
            upload = upload.skip_rejected(policy.clone());
        }
        let mut forward = |event: UploadEvent| match event {
            UploadEvent::Skipped { .. } => {}
            event => {
                skipped += u64::from(matches!(event, UploadEvent::EventSkipped { .. }));
                progress(event);
            }
        };
        match runner.run(&upload, &mut forward).await {
            UploadOutcome::Done { .. } => {}
            UploadOutcome::Paused { .. } => return Finish::Paused,
            UploadOutcome::Cancelled { .. } => return Finish::Cancelled,
            UploadOutcome::Stopped {
                batch,
                error,
                event,
                skip_guard,
                ..
            } => return Finish::Stopped(stop_of(batch, &error, event, skip_guard, info)),
            // A future outcome: stop rather than guess.
            _ => return Finish::Cancelled,
        }
    }
    Finish::Done
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::block_on;
    use graph::memory::{MemoryTransport, RecordingSleep};
    use graph::upload::UploadControl;
    use graph::{AccessToken, Client, SplitMix64, TransportError};

    const OK: &str = r#"{"events_received":2,"messages":[],"fbtrace_id":"TR"}"#;

    fn bodies(count: usize) -> (Vec<String>, Vec<BatchInfo>) {
        let texts = (0..count)
            .map(|b| {
                format!(
                    r#"{{"data":[{{"event_name":"Purchase","event_id":"{b}-0"}},{{"event_name":"Purchase","event_id":"{b}-1"}}],"upload_tag":"sales.csv","partner_agent":"hashdrop"}}"#
                )
            })
            .collect();
        let info = (0..count)
            .map(|index| BatchInfo {
                index,
                rows: vec![(index as u64 * 3 + 1, 1), (index as u64 * 3 + 3, 1)],
                events: 2,
                digest: format!("d{index}"),
            })
            .collect();
        (texts, info)
    }

    struct Ran {
        finish: Finish,
        events: Vec<UploadEvent>,
        sent: Vec<String>,
    }

    fn run(
        transport: &MemoryTransport,
        count: usize,
        accepted: &[usize],
        control: &UploadControl,
    ) -> Ran {
        let (texts, info) = bodies(count);
        run_with(transport, texts, &info, accepted, control)
    }

    fn run_with(
        transport: &MemoryTransport,
        texts: Vec<String>,
        info: &[BatchInfo],
        accepted: &[usize],
        control: &UploadControl,
    ) -> Ran {
        run_skipping(transport, texts, info, accepted, control, None)
    }

    fn run_skipping(
        transport: &MemoryTransport,
        texts: Vec<String>,
        info: &[BatchInfo],
        accepted: &[usize],
        control: &UploadControl,
        skip: Option<(&SkipPolicy, u64)>,
    ) -> Ran {
        let client = Client::new(
            transport,
            graph::Settings::with_base_url("http://graph.test"),
            AccessToken::new("T"),
        );
        let sleep = RecordingSleep::new();
        let mut random = SplitMix64::new(1);
        let mut runner = Runner {
            client: &client,
            sleep: &sleep,
            random: &mut random,
            control,
        };
        let target = target_of(
            TargetKind::Capi,
            "400000000000004",
            texts.first().map(String::as_str),
        )
        .unwrap();
        let mut events = Vec::new();
        let accepted: BTreeSet<usize> = accepted.iter().copied().collect();
        let plan = Plan {
            accepted: &accepted,
            skip: skip.map(|(policy, _)| policy),
            skipped_before: skip.map_or(0, |(_, before)| before),
        };
        let finish = block_on(drive(
            &mut runner,
            &target,
            &Bodies::from_texts(texts),
            info,
            plan,
            &mut |e| events.push(e),
        ));
        let sent = transport
            .requests()
            .iter()
            .flat_map(|r| r.form())
            .filter(|(k, _)| k == "data")
            .map(|(_, v)| v)
            .collect();
        Ran {
            finish,
            events,
            sent,
        }
    }

    fn event_ids(sent: &[String]) -> Vec<String> {
        sent.iter()
            .flat_map(|data| serde_json::from_str::<Vec<Value>>(data).unwrap())
            .map(|e| e["event_id"].as_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn every_batch_goes_once_in_order_across_windows_with_the_top_level_fields() {
        let transport = MemoryTransport::new();
        for _ in 0..20 {
            transport.respond(200, OK);
        }
        let ran = run(&transport, 20, &[], &UploadControl::new());
        assert_eq!(ran.finish, Finish::Done);
        let ids = event_ids(&ran.sent);
        assert_eq!(ids.len(), 40);
        assert_eq!(ids[0], "0-0");
        assert_eq!(ids[39], "19-1");
        let accepted: Vec<usize> = ran
            .events
            .iter()
            .filter_map(|e| match e {
                UploadEvent::Accepted { batch, .. } => Some(*batch),
                _ => None,
            })
            .collect();
        assert_eq!(accepted, (0..20).collect::<Vec<_>>());
        let form = transport.requests()[0].form();
        assert!(form.contains(&("upload_tag".into(), "sales.csv".into())));
        assert!(form.contains(&("partner_agent".into(), "hashdrop".into())));
        assert!(
            !ran.events
                .iter()
                .any(|e| matches!(e, UploadEvent::Skipped { .. }))
        );
    }

    #[test]
    fn a_body_that_cannot_be_read_back_stops_the_upload_at_its_batch() {
        let transport = MemoryTransport::new();
        for _ in 0..2 {
            transport.respond(200, OK);
        }
        let (mut texts, info) = bodies(3);
        texts.pop();
        let ran = run_with(&transport, texts, &info, &[], &UploadControl::new());
        let Finish::Stopped(stop) = ran.finish else {
            panic!("not stopped: {:?}", ran.finish)
        };
        assert_eq!((stop.batch, stop.problem), (2, StopProblem::BadBody));
        assert!(
            transport.requests().is_empty(),
            "nothing of the window sent"
        );
    }

    #[test]
    fn a_resume_sends_only_the_batches_not_accepted() {
        let transport = MemoryTransport::new();
        for _ in 0..3 {
            transport.respond(200, OK);
        }
        let ran = run(
            &transport,
            12,
            &[0, 1, 2, 3, 4, 5, 6, 7, 8],
            &UploadControl::new(),
        );
        assert_eq!(ran.finish, Finish::Done);
        assert_eq!(
            event_ids(&ran.sent),
            ["9-0", "9-1", "10-0", "10-1", "11-0", "11-1"]
        );
    }

    #[test]
    fn a_dropped_connection_resends_the_same_batch_and_the_wait_is_reported() {
        let transport = MemoryTransport::new();
        transport.respond(200, OK);
        transport.fail(TransportError::Network {
            detail: "reset".into(),
        });
        transport.respond(200, OK);
        let ran = run(&transport, 2, &[], &UploadControl::new());
        assert_eq!(ran.finish, Finish::Done);
        assert_eq!(
            event_ids(&ran.sent),
            ["0-0", "0-1", "1-0", "1-1", "1-0", "1-1"]
        );
        assert!(ran.events.iter().any(|e| matches!(
            e,
            UploadEvent::Retrying {
                batch: 1,
                reason: graph::ErrorCode::Network,
                ..
            }
        )));
    }

    #[test]
    fn an_invalid_event_stops_with_its_csv_row() {
        let transport = MemoryTransport::new();
        transport.respond(200, OK);
        transport.respond(
            400,
            r#"{"error":{"message":"The parameter $['data'][1]['event_time'] is required","code":100,"error_subcode":2804019,"fbtrace_id":"BAD"}}"#,
        );
        let ran = run(&transport, 3, &[], &UploadControl::new());
        let Finish::Stopped(stop) = ran.finish else {
            panic!("{:?}", ran.finish)
        };
        assert_eq!((stop.batch, stop.problem), (1, StopProblem::InvalidEvent));
        assert_eq!(stop.fbtrace_id.as_deref(), Some("BAD"));
        let event = stop.event.unwrap();
        // Batch 1 holds rows 4 and 6: its event 1 is row 6.
        assert_eq!(
            (event.row, event.field.as_deref()),
            (Some(6), Some("event_time"))
        );
    }

    const TOO_OLD: &str = r#"{"error":{"message":"Invalid parameter: $['data'][1]['event_time'] is too old","error_user_msg":"The event is too old.","code":100,"error_subcode":2804003,"fbtrace_id":"OLD"}}"#;

    /// `count` batches sent with the default skip policy, `before` events skipped by earlier runs.
    fn skipping(transport: &MemoryTransport, count: usize, before: u64) -> (Ran, Vec<BatchInfo>) {
        let (texts, info) = bodies(count);
        let policy = SkipPolicy::default();
        let control = UploadControl::new();
        let ran = run_skipping(
            transport,
            texts,
            &info,
            &[],
            &control,
            Some((&policy, before)),
        );
        (ran, info)
    }

    #[test]
    fn with_skipping_chosen_a_rejected_event_is_left_out_and_the_upload_goes_on() {
        let transport = MemoryTransport::new();
        transport.respond(200, OK);
        transport.respond(400, TOO_OLD);
        transport.respond(200, r#"{"events_received":1,"fbtrace_id":"T2"}"#);
        transport.respond(200, OK);
        let (ran, info) = skipping(&transport, 3, 0);
        assert_eq!(ran.finish, Finish::Done);
        // Batch 1 went twice: whole, then without its event 1.
        assert_eq!(
            event_ids(&ran.sent),
            ["0-0", "0-1", "1-0", "1-1", "1-0", "2-0", "2-1"]
        );
        let mut model = super::super::model::UploadModel::new(
            std::sync::Arc::new(info.clone()),
            &Default::default(),
        );
        for event in &ran.events {
            model.apply(event);
        }
        assert!(model.is_complete());
        let skipped: Vec<_> = model.skipped_rows().cloned().collect();
        assert_eq!(skipped.len(), 1);
        // Batch 1 holds rows 4 and 6: its event 1 is row 6.
        assert_eq!(
            (
                skipped[0].row,
                skipped[0].field.as_deref(),
                skipped[0].subcode
            ),
            (Some(6), Some("event_time"), Some(2_804_003))
        );
        assert_eq!(skipped[0].reason, "The event is too old.");
        assert_eq!(model.events_accepted(), 5);
    }

    #[test]
    fn the_skip_guard_counts_skips_of_earlier_runs_and_stops_with_its_own_problem() {
        let transport = MemoryTransport::new();
        transport.respond(400, TOO_OLD);
        // Ten skipped before (the always-allowed number): one more is too many.
        let (ran, _) = skipping(&transport, 2, 10);
        let Finish::Stopped(stop) = ran.finish else {
            panic!("{:?}", ran.finish)
        };
        assert_eq!((stop.batch, stop.problem), (0, StopProblem::TooManySkipped));
        assert!(matches!(
            stop.guard,
            Some(SkipGuard::TooManySkipped {
                skipped: 10,
                total: 4
            })
        ));
        assert_eq!(stop.event.and_then(|e| e.row), Some(3));
    }

    #[test]
    fn a_bad_token_stops_with_a_token_problem_and_pause_stops_before_sending() {
        let transport = MemoryTransport::new();
        transport.respond(
            400,
            r#"{"error":{"message":"bad","type":"OAuthException","code":190}}"#,
        );
        let ran = run(&transport, 2, &[], &UploadControl::new());
        let Finish::Stopped(stop) = ran.finish else {
            panic!()
        };
        assert_eq!(
            (stop.batch, stop.problem, stop.code),
            (
                0,
                StopProblem::Connection(crate::connection::Problem::TokenInvalid),
                "graph_token"
            )
        );
        assert!(stop.event.is_none());
        let paused = UploadControl::new();
        paused.pause();
        let transport = MemoryTransport::new();
        let ran = run(&transport, 2, &[], &paused);
        assert_eq!(ran.finish, Finish::Paused);
        assert!(ran.sent.is_empty());
    }

    #[test]
    fn targets_take_the_bodies_top_level_fields() {
        let body = r#"{"data":[],"upload_tag":"t","test_event_code":"TEST1"}"#;
        let Some(Target::Dataset {
            test_event_code,
            upload_tag,
            ..
        }) = target_of(TargetKind::Capi, "4", Some(body))
        else {
            panic!()
        };
        assert_eq!(
            (upload_tag.as_deref(), test_event_code.as_deref()),
            (Some("t"), Some("TEST1"))
        );
        let Some(Target::OfflineSet { upload_tag, .. }) = target_of(TargetKind::Ocapi, "4", None)
        else {
            panic!()
        };
        assert_eq!(upload_tag, "hashdrop");
        assert_eq!(target_of(TargetKind::Capi, "x", None), None);
        assert_eq!(data_of("{\"data\":{}}"), None);
    }
}
