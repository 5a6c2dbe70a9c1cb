//! Fuzz the CSV + mapping path of `events`: arbitrary bytes, fed in arbitrary chunks, with or
//! without a header and a mapping, must never panic, and every accepted row must land in
//! exactly one batch.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&control, rest)) = data.split_first() else {
        return;
    };
    let mut settings = events::Settings::new(1_795_132_800);
    settings.event_name = Some("Purchase".into());
    settings.header = match control % 3 {
        0 => None,
        1 => Some(true),
        _ => Some(false),
    };
    settings.max_batch_events = Some(usize::from(control % 7) + 1);
    settings.max_batch_bytes = Some(2048);
    if control & 0x40 != 0 {
        settings.mapping = serde_json::from_str(r#"{"0": "em", "1": "ph", "2": "event_time", "3": "value", "4": "currency", "5": "custom_data.n:number"}"#).ok();
    }
    let chunk = usize::from(control >> 3).max(1);
    let Ok(mut preparation) = events::Preparation::new(settings) else {
        return;
    };
    let mut rows = std::collections::BTreeSet::new();
    let mut accepted = 0u64;
    let mut count = |output: events::Output| {
        for batch in &output.batches {
            for row in &batch.rows {
                assert!(rows.insert(*row), "row {row} in two batches");
                accepted += 1;
            }
        }
    };
    for piece in rest.chunks(chunk) {
        if preparation.feed(piece).is_err() {
            return;
        }
        count(preparation.take_output());
    }
    if let Ok(finished) = preparation.finish() {
        let summary = finished.summary.clone();
        count(finished.output);
        assert_eq!(accepted, summary.accepted);
        assert_eq!(summary.accepted + summary.rejected, summary.rows);
    }
});
