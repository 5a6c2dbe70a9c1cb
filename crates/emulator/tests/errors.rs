//! Every validation and access error, answered in Graph's error JSON with Graph's status, and
//! whole-batch rejection (nothing from a rejected batch is stored).
#![allow(clippy::unwrap_used)]

mod harness;

use harness::*;
use serde_json::{Value, json};

fn assert_graph_error(reply: &Reply, status: u16, code: i64) {
    assert_eq!(reply.status, status, "{}", reply.body);
    let error = &reply.body["error"];
    assert_eq!(error["code"], code, "{}", reply.body);
    for key in ["message", "type", "fbtrace_id"] {
        assert!(error[key].is_string(), "{key} in {}", reply.body);
    }
    assert!(error["is_transient"].is_boolean());
    assert_eq!(
        reply.header("x-fb-trace-id").as_deref(),
        error["fbtrace_id"].as_str()
    );
}

async fn received(app: &axum::Router) -> Value {
    get_as(app, "/__emulator/events", None).await.body
}

#[tokio::test]
async fn tokens_missing_unknown_and_expired() {
    let app = app();
    let uri = format!("/v21.0/{DATASET}/events");
    let body = json!({"data": [capi_event(json!({}))]});
    let reply = json_as(&app, "POST", &uri, &body, None).await;
    assert_graph_error(&reply, 400, 104);
    let reply = json_as(&app, "POST", &uri, &body, Some("nope")).await;
    assert_graph_error(&reply, 400, 190);
    assert_eq!(reply.subcode(), None);
    control(
        &app,
        "POST",
        "tokens",
        json!({"token": "OLD", "allow": ["*"], "expired": true}),
    )
    .await;
    let reply = json_as(&app, "POST", &uri, &body, Some("OLD")).await;
    assert_graph_error(&reply, 400, 190);
    assert_eq!(reply.subcode(), Some(463));
    assert_eq!(received(&app).await["received"], 0);
}

#[tokio::test]
async fn token_in_form_body_or_query() {
    let app = app();
    let data = json!([capi_event(json!({}))]).to_string();
    let reply = post_form(
        &app,
        &format!("/v21.0/{DATASET}/events"),
        &[("access_token", TOKEN), ("data", &data)],
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body["events_received"], 1);
    let reply = get_as(
        &app,
        &format!("/v21.0/{DATASET}?access_token={TOKEN}"),
        None,
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

#[tokio::test]
async fn limited_tokens_get_permission_errors() {
    let app = app();
    control(
        &app,
        "POST",
        "tokens",
        json!({"token": "T2", "allow": [ACCOUNT]}),
    )
    .await;
    let reply = get_as(&app, &format!("/v21.0/{ACCOUNT}"), Some("T2")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let reply = json_as(
        &app,
        "POST",
        &format!("/v21.0/{DATASET}/events"),
        &json!({"data": [capi_event(json!({}))]}),
        Some("T2"),
    )
    .await;
    assert_graph_error(&reply, 403, 200);
    // What it creates it may use.
    let created = json_as(
        &app,
        "POST",
        &format!("/v21.0/{ACCOUNT}/adspixels"),
        &json!({"name": "mine"}),
        Some("T2"),
    )
    .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let reply = json_as(
        &app,
        "POST",
        &format!("/v21.0/{id}/events"),
        &json!({"data": [capi_event(json!({}))]}),
        Some("T2"),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    // A list shows only what the token may see: the seeded dataset is left out.
    let reply = get_as(&app, &format!("/v21.0/{ACCOUNT}/adspixels"), Some("T2")).await;
    let ids: Vec<_> = reply.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].clone())
        .collect();
    assert_eq!(ids, [json!(id)]);
}

#[tokio::test]
async fn a_limited_token_lists_no_set_it_may_not_see() {
    let app = app();
    post(
        &app,
        &format!("/v16.0/{BUSINESS}/offline_conversion_data_sets"),
        json!({"name": "hidden"}),
    )
    .await;
    control(
        &app,
        "POST",
        "tokens",
        json!({"token": "T3", "allow": [BUSINESS]}),
    )
    .await;
    let uri = format!("/v16.0/{BUSINESS}/offline_conversion_data_sets");
    let reply = get_as(&app, &uri, Some("T3")).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    assert_eq!(reply.body, json!({"data": []}));
    assert_eq!(
        get(&app, &uri).await.body["data"].as_array().unwrap().len(),
        1
    );
}

#[tokio::test]
async fn unknown_objects_and_edges() {
    let app = app();
    let reply = get(&app, "/v21.0/123456789").await;
    assert_graph_error(&reply, 400, 100);
    assert_eq!(reply.subcode(), Some(33));
    assert_eq!(reply.body["error"]["type"], "GraphMethodException");
    let reply = get(&app, &format!("/v21.0/{DATASET}/nonsense")).await;
    assert_graph_error(&reply, 400, 100);
    assert!(reply.error_text().contains("Unknown path components"));
    let reply = get(&app, &format!("/v21.0/{DATASET}?fields=nonsense")).await;
    assert_graph_error(&reply, 400, 100);
    assert!(reply.error_text().contains("nonexisting field (nonsense)"));
}

#[tokio::test]
async fn one_bad_event_rejects_the_whole_batch_and_names_it() {
    let app = app();
    let mut data: Vec<Value> = (0..20)
        .map(|i| capi_event(json!({"event_id": format!("e{i}")})))
        .collect();
    data[12] = capi_event(json!({"event_time": null}));
    let reply = post(
        &app,
        &format!("/v21.0/{DATASET}/events"),
        json!({"data": data}),
    )
    .await;
    assert_graph_error(&reply, 400, 100);
    assert_eq!(reply.subcode(), Some(2_804_019));
    assert!(
        reply.error_text().contains("$['data'][12]['event_time']"),
        "{}",
        reply.body
    );
    assert_eq!(received(&app).await["received"], 0);
}

#[tokio::test]
async fn every_capi_validation_error() {
    let app = app();
    let day = 86_400;
    let cases: Vec<(Value, &str, Option<i64>)> = vec![
        (
            capi_event(json!({"event_name": null})),
            "$['data'][0]['event_name']",
            Some(2_804_019),
        ),
        (
            capi_event(json!({"user_data": null})),
            "$['data'][0]['user_data']",
            Some(2_804_019),
        ),
        (
            capi_event(json!({"action_source": "shop"})),
            "$['data'][0]['action_source']",
            None,
        ),
        (
            capi_event(json!({"event_time": NOW - 63 * day})),
            "$['data'][0]['event_time']",
            Some(2_804_003),
        ),
        (
            capi_event(json!({"event_time": NOW - 8 * day, "action_source": "website"})),
            "$['data'][0]['event_time']",
            Some(2_804_003),
        ),
        (
            capi_event(json!({"event_time": NOW + 120})),
            "$['data'][0]['event_time']",
            Some(2_804_004),
        ),
        (
            capi_event(json!({"user_data": {"em": ["John_Smith@gmail.com"]}})),
            "$['data'][0]['user_data']['em'][0]",
            None,
        ),
        (
            capi_event(json!({"user_data": {"em": [EM.to_uppercase()]}})),
            "$['data'][0]['user_data']['em'][0]",
            None,
        ),
        (
            capi_event(json!({"user_data": {"madid": EM}})),
            "$['data'][0]['user_data']['madid']",
            None,
        ),
        (
            capi_event(json!({"user_data": {"lead_id": EM}})),
            "$['data'][0]['user_data']['lead_id']",
            None,
        ),
        (
            capi_event(json!({"custom_data": {"value": 3}})),
            "$['data'][0]['custom_data']['currency']",
            Some(2_804_019),
        ),
        (
            capi_event(json!({"custom_data": {"currency": "USD"}})),
            "$['data'][0]['custom_data']['value']",
            Some(2_804_019),
        ),
        (
            capi_event(json!({"custom_data": {"value": 3, "currency": "XYZ"}})),
            "$['data'][0]['custom_data']['currency']",
            None,
        ),
    ];
    for (event, path, subcode) in cases {
        let reply = post(
            &app,
            &format!("/v21.0/{DATASET}/events"),
            json!({"data": [event]}),
        )
        .await;
        assert_graph_error(&reply, 400, 100);
        assert!(reply.error_text().contains(path), "{path}: {}", reply.body);
        assert_eq!(reply.subcode(), subcode, "{path}");
        assert!(
            !reply.error_text().contains("John_Smith"),
            "no personal data in errors"
        );
    }
    assert_eq!(received(&app).await["received"], 0);
}

#[tokio::test]
async fn every_ocapi_validation_error() {
    let app = app();
    let set = offline_set(&app).await;
    let uri = format!("/v16.0/{set}/events");
    let reply = post(&app, &uri, json!({"data": [ocapi_event(json!({}))]})).await;
    assert_graph_error(&reply, 400, 100);
    assert!(reply.error_text().contains("upload_tag"));
    let cases: Vec<(Value, &str)> = vec![
        (
            ocapi_event(json!({"match_keys": null})),
            "$['data'][0]['match_keys']",
        ),
        (
            ocapi_event(json!({"currency": null})),
            "$['data'][0]['currency']",
        ),
        (ocapi_event(json!({"value": null})), "$['data'][0]['value']"),
        (
            ocapi_event(json!({"event_time": 1_456_870_902})),
            "$['data'][0]['event_time']",
        ),
        (
            ocapi_event(json!({"match_keys": {"phone": ["HASH1"]}})),
            "$['data'][0]['match_keys']['phone'][0]",
        ),
        (
            ocapi_event(json!({"match_keys": {"lead_id": EM}})),
            "$['data'][0]['match_keys']['lead_id']",
        ),
    ];
    for (event, path) in cases {
        let reply = post(&app, &uri, json!({"upload_tag": "t", "data": [event]})).await;
        assert_graph_error(&reply, 400, 100);
        assert!(reply.error_text().contains(path), "{path}: {}", reply.body);
    }
    let reply = post(
        &app,
        &uri,
        json!({"upload_tag": "t", "namespace_id": "x", "data": [ocapi_event(json!({}))]}),
    )
    .await;
    assert_graph_error(&reply, 400, 100);
    assert_eq!(received(&app).await["received"], 0);
}

/// Posts `n` distinct events (CAPI to the seeded dataset, OCAPI to `set`).
async fn post_many(app: &axum::Router, set: Option<&str>, n: usize) -> Reply {
    let (uri, data, tag): (String, Vec<Value>, Value) = match set {
        None => (
            format!("/v21.0/{DATASET}/events"),
            (0..n)
                .map(|i| capi_event(json!({"event_id": format!("e{i}")})))
                .collect(),
            Value::Null,
        ),
        Some(set) => (
            format!("/v16.0/{set}/events"),
            (0..n)
                .map(|i| ocapi_event(json!({"order_id": format!("o{i}")})))
                .collect(),
            json!("t"),
        ),
    };
    post(app, &uri, json!({"upload_tag": tag, "data": data})).await
}

#[tokio::test]
async fn batch_limits_are_1000_and_2000() {
    let app = app();
    let reply = post_many(&app, None, 1_001).await;
    assert_graph_error(&reply, 400, 100);
    assert!(reply.error_text().contains("at most 1000"));
    assert_eq!(
        post_many(&app, None, 1_000).await.body["events_received"],
        1_000
    );
    let set = offline_set(&app).await;
    let reply = post_many(&app, Some(&set), 2_001).await;
    assert_graph_error(&reply, 400, 100);
    assert!(reply.error_text().contains("at most 2000"));
    let reply = post_many(&app, Some(&set), 2_000).await;
    assert_eq!(reply.body, json!({"num_processed_entries": 2_000}));
}

#[tokio::test]
async fn required_parameters_of_object_endpoints() {
    let app = app();
    let reply = post(&app, &format!("/v21.0/{ACCOUNT}/adspixels"), json!({})).await;
    assert_graph_error(&reply, 400, 100);
    assert!(reply.error_text().contains("name"));
    // The guide's own example creates a set with the token alone and gets `{"id"}`.
    let reply = post(
        &app,
        &format!("/v21.0/{BUSINESS}/offline_conversion_data_sets"),
        json!({}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let set = reply.body["id"].as_str().unwrap();
    let read = get(&app, &format!("/v21.0/{set}?fields=name")).await;
    assert_eq!(read.body["name"], "Offline event set");
    let reply = post(
        &app,
        &format!("/v21.0/{DATASET}/shared_accounts"),
        json!({"business": BUSINESS, "account_id": "999"}),
    )
    .await;
    assert!(reply.error_text().contains("account_id"));
    let reply = post(
        &app,
        &format!("/v21.0/{DATASET}/agencies"),
        json!({"business": CLIENT_BUSINESS, "permitted_tasks": ["FLY"]}),
    )
    .await;
    assert!(reply.error_text().contains("permitted_tasks"));
    let reply = post(
        &app,
        &format!("/v21.0/{AD}"),
        json!({"tracking_specs": "[{\"fb_pixel\":[\"1\"]}]"}),
    )
    .await;
    assert!(reply.error_text().contains("action.type"));
    let reply = post(
        &app,
        &format!("/v21.0/{AD}"),
        json!({"tracking_specs": "not json"}),
    )
    .await;
    assert!(reply.error_text().contains("tracking_specs"));
}
