//! Runs an upload against a scripted in-memory transport, for the upload and skip tests.
// Test support code: a broken script must fail loudly.
#![allow(clippy::unwrap_used, dead_code)]

use futures_executor::block_on;
use graph::memory::{MemoryTransport, RecordingSleep};
use graph::upload::{Runner, Upload, UploadControl, UploadEvent, UploadOutcome};
use graph::{AccessToken, Client, SplitMix64};

/// What a run did.
pub struct Ran {
    /// How it ended.
    pub outcome: UploadOutcome,
    /// Every progress event, in order.
    pub events: Vec<UploadEvent>,
    /// Every wait asked for.
    pub delays: Vec<u64>,
    /// The `data` parameter of every request, in order.
    pub bodies: Vec<String>,
}

/// Run `upload` through `transport`, never waiting, jitter seeded.
pub fn run_upload(
    transport: &MemoryTransport,
    settings: graph::Settings,
    upload: &Upload<'_>,
    control: &UploadControl,
) -> Ran {
    let client = Client::new(transport, settings, AccessToken::new("T"));
    let sleep = RecordingSleep::new();
    let mut random = SplitMix64::new(1);
    let mut runner = Runner {
        client: &client,
        sleep: &sleep,
        random: &mut random,
        control,
    };
    let mut events = Vec::new();
    let outcome = block_on(runner.run(upload, &mut |event| events.push(event)));
    Ran {
        outcome,
        events,
        delays: sleep.delays(),
        bodies: transport
            .requests()
            .into_iter()
            .map(|r| r.form().into_iter().find(|(k, _)| k == "data").unwrap().1)
            .collect(),
    }
}
