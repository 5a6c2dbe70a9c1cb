//! `extern_id` and `namespace_id` as the guide describes them: `match_keys` alone; `match_keys`
//! with an `extern_id`; or an `extern_id` alone, resolved through the call's `namespace_id`
//! (the set itself without one), one `extern_id` a row, and no `namespace_id` beside other
//! match keys. "Matched" is observable in the uploads, the set's stats and the control API.
#![allow(clippy::unwrap_used, clippy::panic)]

mod harness;

use axum::Router;
use harness::*;
use serde_json::{Value, json};

async fn upload(
    app: &Router,
    set: &str,
    tag: &str,
    events: Value,
    namespace: Option<&str>,
) -> Reply {
    let mut body = json!({"upload_tag": tag, "data": events});
    if let Some(namespace) = namespace {
        body["namespace_id"] = json!(namespace);
    }
    post(app, &format!("/v16.0/{set}/events"), body).await
}

fn with_keys(order: &str, keys: Value) -> Value {
    ocapi_event(json!({"order_id": order, "match_keys": keys}))
}

async fn matched_entries(app: &Router, set: &str, tag: &str) -> u64 {
    let reply = get(app, &format!("/v16.0/{set}/uploads?upload_tag={tag}")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["data"][0]["matched_entries"].as_u64().unwrap()
}

#[tokio::test]
async fn an_extern_id_first_sent_with_match_keys_resolves_through_the_namespace() {
    let app = app();
    let crm = offline_set(&app).await;
    let shop = offline_set(&app).await;
    // Mode 2: match_keys and extern_id, no namespace.
    let reply = upload(
        &app,
        &crm,
        "crm",
        json!([with_keys(
            "1",
            json!({"email": [EM], "extern_id": "cust-1"})
        )]),
        None,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(matched_entries(&app, &crm, "crm").await, 1);
    // Mode 3: extern_id alone, resolved through the namespace that received it.
    let reply = upload(
        &app,
        &shop,
        "store",
        json!([
            with_keys("2", json!({"extern_id": "cust-1"})),
            with_keys("3", json!({"extern_id": ["cust-unknown"]})),
        ]),
        Some(&crm),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(matched_entries(&app, &shop, "store").await, 1);
    let stats = get(&app, &format!("/v16.0/{shop}/stats")).await;
    assert_eq!(stats.body["data"][0]["matched_count"], 1, "{}", stats.body);
    assert_eq!(stats.body["data"][0]["total_count"], 2);
    let events = get(&app, &format!("/__emulator/events?target={shop}")).await;
    let matched: Vec<bool> = events.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["matched"].as_bool().unwrap())
        .collect();
    assert_eq!(matched, [true, false]);
    // Without a namespace, an extern_id alone resolves through the set it is sent to: the shop
    // never received cust-1 with match keys, the CRM set did.
    upload(
        &app,
        &shop,
        "alone",
        json!([with_keys("4", json!({"extern_id": "cust-1"}))]),
        None,
    )
    .await;
    assert_eq!(matched_entries(&app, &shop, "alone").await, 0);
    upload(
        &app,
        &crm,
        "again",
        json!([with_keys("5", json!({"extern_id": "cust-1"}))]),
        None,
    )
    .await;
    assert_eq!(matched_entries(&app, &crm, "again").await, 1);
}

#[tokio::test]
async fn a_namespace_takes_one_extern_id_and_no_other_match_key() {
    let app = app();
    let set = offline_set(&app).await;
    let other = offline_set(&app).await;
    let cases = [
        (
            json!({"email": [EM]}),
            "$['data'][0]['match_keys']['email']",
        ),
        (
            json!({"email": [EM], "extern_id": "c"}),
            "$['data'][0]['match_keys']['email']",
        ),
        (
            json!({"lead_id": "12345"}),
            "$['data'][0]['match_keys']['lead_id']",
        ),
        (
            json!({"extern_id": ["a", "b"]}),
            "$['data'][0]['match_keys']['extern_id']",
        ),
    ];
    for (keys, at) in cases {
        let reply = upload(
            &app,
            &set,
            "t",
            json!([with_keys("1", keys.clone())]),
            Some(&other),
        )
        .await;
        assert_eq!(reply.status, 400, "{keys}: {}", reply.body);
        assert_eq!(reply.code(), Some(100));
        assert!(reply.error_text().contains(at), "{keys}: {}", reply.body);
    }
    // One extern_id a row, with or without a namespace.
    let reply = upload(
        &app,
        &set,
        "t",
        json!([with_keys(
            "1",
            json!({"email": [EM], "extern_id": ["a", "b"]})
        )]),
        None,
    )
    .await;
    assert!(
        reply.error_text().contains("['extern_id']"),
        "{}",
        reply.body
    );
    // A partner's namespace (not an event set here) is accepted; it knows no extern_id.
    let reply = upload(
        &app,
        &set,
        "p",
        json!([with_keys("1", json!({"extern_id": "a"}))]),
        Some("1234567890"),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(matched_entries(&app, &set, "p").await, 0);
}

#[tokio::test]
async fn a_namespace_set_must_be_one_the_caller_may_use() {
    let app = app();
    let mine = offline_set(&app).await;
    let theirs = offline_set(&app).await;
    control(
        &app,
        "POST",
        "tokens",
        json!({"token": "T2", "allow": [mine.clone()]}),
    )
    .await;
    let body = json!({
        "upload_tag": "t",
        "namespace_id": theirs,
        "data": [with_keys("1", json!({"extern_id": "a"}))],
    });
    let reply = json_as(
        &app,
        "POST",
        &format!("/v16.0/{mine}/events"),
        &body,
        Some("T2"),
    )
    .await;
    assert_eq!(reply.status, 403, "{}", reply.body);
    assert_eq!(reply.code(), Some(200));
}

#[tokio::test]
async fn the_events_crate_s_third_mode_is_what_the_emulator_takes() {
    // crates/events/tests/cases/ocapi-extern-namespace: extern_id alone + namespaceId, prepared
    // at the harness's `now`; each batch is posted as the events crate wrote it.
    let expected: Value = serde_json::from_str(include_str!(
        "../../events/tests/cases/ocapi-extern-namespace/expected.json"
    ))
    .unwrap();
    let app = app();
    let set = offline_set(&app).await;
    for batch in expected["batches"].as_array().unwrap() {
        assert!(batch["namespace_id"].is_string());
        let reply = post(&app, &format!("/v16.0/{set}/events"), batch.clone()).await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
}
