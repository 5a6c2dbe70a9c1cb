//! The events crate and the emulator apply the same value/currency rule: the case folders
//! `ocapi-lead-without-value` (a Lead with neither, accepted) and `ocapi-purchase-without-value`
//! (a Purchase without them, rejected) give the same answers here.
#![allow(clippy::unwrap_used, clippy::panic)]

mod harness;

use harness::*;
use serde_json::{Value, json};

fn batches(expected: &str) -> Vec<Value> {
    let expected: Value = serde_json::from_str(expected).unwrap();
    expected["batches"].as_array().unwrap().clone()
}

#[tokio::test]
async fn a_lead_without_value_or_currency_is_accepted_by_both() {
    let app = app();
    let set = offline_set(&app).await;
    for batch in batches(include_str!(
        "../../events/tests/cases/ocapi-lead-without-value/expected.json"
    )) {
        assert!(batch["data"][0].get("value").is_none());
        let reply = post(&app, &format!("/v16.0/{set}/events"), batch).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        assert_eq!(reply.body["num_processed_entries"], 2);
    }
}

#[tokio::test]
async fn a_purchase_without_them_is_rejected_by_both() {
    let app = app();
    let set = offline_set(&app).await;
    let mut batch = batches(include_str!(
        "../../events/tests/cases/ocapi-purchase-without-value/expected.json"
    ))
    .remove(0);
    // The accepted purchase is accepted here too …
    let reply = post(&app, &format!("/v16.0/{set}/events"), batch.clone()).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // … and the row the events crate rejected (no value, no currency) is rejected here.
    let event = batch["data"][0].as_object_mut().unwrap();
    event.remove("value");
    event.remove("currency");
    event.insert("order_id".into(), json!("row-2"));
    let reply = post(&app, &format!("/v16.0/{set}/events"), batch).await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    assert!(reply.error_text().contains("$['data'][0]['value']"));
}
