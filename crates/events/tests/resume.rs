//! Resending a file never double counts: the same file gives byte-identical batches with the
//! same event ids, and an upload plan skips exactly the batches already accepted.
// The helper below runs only inside tests.
#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use events::plan::{FileIdentity, UploadPlan};
use events::settings::FileInfo;
use events::{Settings, prepare_bytes};

const INPUT: &[u8] = include_bytes!("cases/store-sales/input.csv");

fn settings() -> Settings {
    let mut settings: Settings =
        serde_json::from_str(include_str!("cases/store-sales/settings.json")).unwrap();
    settings.max_batch_events = Some(100);
    settings.file = Some(FileInfo {
        name: "store-sales.csv".into(),
        size: INPUT.len() as u64,
    });
    settings
}

#[test]
fn the_same_file_gives_the_same_batches_and_ids() {
    let first = prepare_bytes(settings(), INPUT).unwrap();
    let again = prepare_bytes(settings(), INPUT).unwrap();
    let bodies = |f: &events::Finished| {
        f.output
            .batches
            .iter()
            .map(|b| b.to_json())
            .collect::<Vec<_>>()
    };
    assert_eq!(bodies(&first), bodies(&again));
    assert_eq!(first.output.batches.len(), 3);
    let ids: Vec<String> = first
        .output
        .batches
        .iter()
        .flat_map(|b| {
            b.events()
                .map(|e| {
                    serde_json::from_str::<serde_json::Value>(e).unwrap()["event_id"].to_string()
                })
                .collect::<Vec<_>>()
        })
        .collect();
    let distinct: BTreeSet<&String> = ids.iter().collect();
    assert_eq!(
        distinct.len(),
        ids.len(),
        "two lines of one order must not share an event id"
    );
    let file = first.file.clone().unwrap();
    assert_eq!(file.size, INPUT.len() as u64);
    assert_eq!(file.sha256.len(), 64);
}

#[test]
fn a_resumed_upload_skips_only_accepted_batches() {
    let first = prepare_bytes(settings(), INPUT).unwrap();
    let mut plan = UploadPlan::new();
    for batch in &first.output.batches {
        plan.add(batch);
    }
    plan.file = first.file.clone();
    plan.mark_accepted(0);
    plan.mark_accepted(1);
    // The plan survives a reload as JSON.
    let plan: UploadPlan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
    assert!(!plan.is_complete());

    let again = prepare_bytes(settings(), INPUT).unwrap();
    assert!(plan.is_for(again.file.as_ref().unwrap()));
    let to_send: Vec<usize> = again
        .output
        .batches
        .iter()
        .filter(|b| plan.should_send(b))
        .map(|b| b.index)
        .collect();
    assert_eq!(to_send, [2]);

    // Other settings give other bodies: nothing is skipped by mistake.
    let mut changed = settings();
    changed.upload_tag = Some("another-upload".into());
    let changed = prepare_bytes(changed, INPUT).unwrap();
    assert!(changed.output.batches.iter().all(|b| plan.should_send(b)));
    let other = FileIdentity {
        name: "store-sales.csv".into(),
        size: 1,
        sha256: "0".repeat(64),
    };
    assert!(!plan.is_for(&other));
}

#[test]
fn a_batch_accepted_without_its_skipped_rows_is_still_recognised_on_resume() {
    use events::report::{SkippedRow, skipped_csv};
    let first = prepare_bytes(settings(), INPUT).unwrap();
    let mut plan = UploadPlan::new();
    for batch in &first.output.batches {
        plan.add(batch);
    }
    plan.file = first.file.clone();
    let batch = &first.output.batches[1];
    let skipped = SkippedRow {
        row: batch.rows[4],
        batch: 1,
        index_in_batch: 4,
        field: Some("event_time".into()),
        code: 100,
        subcode: Some(2804003),
        reason: "Event too old".into(),
    };
    plan.mark_accepted_skipping(1, vec![skipped.clone()]);
    let plan: UploadPlan = serde_json::from_str(&serde_json::to_string(&plan).unwrap()).unwrap();
    let again = prepare_bytes(settings(), INPUT).unwrap();
    // Noting the same batches again keeps the record, skipped rows included.
    let mut plan = plan;
    for batch in &again.output.batches {
        plan.add(batch);
    }
    let to_send: Vec<usize> = again
        .output
        .batches
        .iter()
        .filter(|b| plan.should_send(b))
        .map(|b| b.index)
        .collect();
    assert_eq!(to_send, [0, 2]);
    assert_eq!(plan.skipped().collect::<Vec<_>>(), [&skipped]);
    let csv = skipped_csv(&[skipped]);
    assert_eq!(
        csv.lines().nth(1),
        Some(format!("{},1,event_time,100,2804003,Event too old", batch.rows[4]).as_str())
    );
}
