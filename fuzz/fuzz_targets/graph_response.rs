//! Fuzz graph's reading of what Graph answers: any status, usage headers and body, for an
//! events call, a list page and a creation, must decode to a reply or a typed error without a
//! panic; the error's code, class, retry decision and explanation must all be computable, and
//! never carry the access token. The same answers drive the upload runner with skipping on:
//! whatever index an error names, the runner neither panics nor reports more events than the
//! batch holds.
#![no_main]

use futures_executor::block_on;
use graph::memory::{MemoryTransport, RecordingSleep};
use graph::upload::{SkipPolicy, Target, Upload, UploadControl, UploadEvent, UploadOutcome};
use graph::{
    AccessToken, AdAccountId, Client, ClientError, GraphError, ObjectId, RetryPolicy, SplitMix64,
    Usage,
};
use libfuzzer_sys::fuzz_target;
use serde_json::json;
use std::collections::BTreeSet;

const TOKEN: &str = "EAAB-fuzz-token-never-echoed";
const STATUSES: [u16; 8] = [200, 201, 400, 403, 404, 429, 500, 503];

/// The fuzzer's bytes as one answer: a status, header lines, a blank line, a body.
struct Answer {
    status: u16,
    headers: Vec<(String, String)>,
    body: String,
}

fn answer(control: u8, text: &str) -> Answer {
    let (head, body) = text.split_once("\n\n").unwrap_or(("", text));
    let headers = head
        .lines()
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
        .collect();
    Answer {
        status: STATUSES[usize::from(control) % STATUSES.len()],
        headers,
        body: body.to_owned(),
    }
}

fn transport(answer: &Answer, times: usize) -> MemoryTransport {
    let transport = MemoryTransport::new();
    let headers: Vec<(&str, &str)> = answer
        .headers
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    for _ in 0..times {
        transport.respond_with_headers(answer.status, &headers, &answer.body);
    }
    transport
}

/// Every way the app reads an error must work, and none may leak the token.
fn read_error(error: &ClientError, text: &str) {
    let _ = error.code();
    let _ = error.retry();
    let explanation = error.explanation();
    let shown = error.to_string();
    if !text.contains(TOKEN) {
        assert!(!explanation.contains(TOKEN) && !shown.contains(TOKEN));
    }
    let _ = RetryPolicy::default().decide(error, 1, &mut SplitMix64::new(7));
    if let Some(graph) = error.graph() {
        let _ = graph.class();
        if let Some(field) = graph.event_field() {
            let messages = format!("{}{}", graph.message, graph.user_message.as_deref().unwrap_or(""));
            assert!(messages.contains("['data']["), "an index needs a path: {field:?}");
        }
    }
}

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else {
        return;
    };
    let text = String::from_utf8_lossy(rest);
    let answer = answer(control, &text);

    // The pure parts: the error body and the usage headers.
    let _ = GraphError::from_body(&answer.body).map(|e| (e.event_field(), e.retry(), e.to_string()));
    let usage = Usage::from_headers(&answer.headers);
    let _ = (usage.wait_hint_ms(), usage.highest_percent());
    let _ = RetryPolicy::default().pace(&usage, &mut SplitMix64::new(1));

    // One call of each kind of answer.
    let client_of = |t| Client::new(t, graph::Settings::with_base_url("http://graph.test"), AccessToken::new(TOKEN));
    let Ok(dataset) = ObjectId::new("400000000000004") else { return };
    let Ok(account) = AdAccountId::new("act_200000000000002") else { return };
    let events = json!([{"event_name": "Purchase", "event_id": "a"}]);
    let memory = transport(&answer, 3);
    let client = client_of(&memory);
    match control % 3 {
        0 => {
            let request = graph::datasets::send_events(&dataset, &events, &Default::default());
            if let Err(e) = block_on(client.send(&request)) {
                read_error(&e, &text);
            }
        }
        1 => match block_on(client.send(&graph::custom_conversions::list(&account))) {
            Ok(reply) => {
                let _ = reply.value.paging.as_ref().map(graph::Paging::next_cursor);
            }
            Err(e) => read_error(&e, &text),
        },
        _ => {
            if let Err(e) = block_on(client.send(&graph::offline::send_events(&dataset, "t", &events, None))) {
                read_error(&e, &text);
            }
        }
    }

    // The runner, skipping what the answer rejects, then accepting.
    let memory = transport(&answer, usize::from(control >> 5) + 1);
    memory.respond(200, r#"{"events_received":1}"#);
    let client = client_of(&memory);
    let batch = json!([
        {"event_name": "Purchase", "event_id": "0"},
        {"event_name": "Purchase", "event_id": "1"},
        {"event_name": "Purchase", "event_id": "2"}
    ]);
    let batches = [batch];
    let none = BTreeSet::new();
    let upload = Upload::new(Target::dataset(dataset, "fuzz"), &batches, &none)
        .skip_rejected(SkipPolicy::default().max_per_batch(2));
    let sleep = RecordingSleep::new();
    let mut random = SplitMix64::new(3);
    let control = UploadControl::new();
    let mut runner = graph::upload::Runner { client: &client, sleep: &sleep, random: &mut random, control: &control };
    let mut skipped = 0;
    let outcome = block_on(runner.run(&upload, &mut |event| {
        if let UploadEvent::EventSkipped { event } = event {
            assert!(event.position.index_in_batch < 3);
            skipped += 1;
        }
    }));
    assert!(skipped <= 2);
    if let UploadOutcome::Stopped { error, .. } = &outcome {
        read_error(error, &text);
    }
});
