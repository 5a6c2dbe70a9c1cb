//! The control API: received events with dedup counts, reset, clock, faults (throttling with usage
//! headers, 5xx, slow, expired tokens), tokens, state dump, the state file, and CORS.
#![allow(clippy::unwrap_used)]

mod harness;

use axum::body::Body;
use axum::http::{Request, header};
use harness::*;
use serde_json::json;
use std::time::{Duration, Instant};

#[tokio::test]
async fn health() {
    let app = app();
    assert_eq!(
        get_as(&app, "/__emulator/health", None).await.body,
        json!({"ok": true})
    );
}

#[tokio::test]
async fn events_with_targets_tags_and_dedup_counts() {
    let app = app();
    let capi = json!([
        capi_event(json!({"event_id": "x"})),
        capi_event(json!({"event_id": "x"})),
        capi_event(json!({"event_id": "y"}))
    ]);
    post(
        &app,
        &format!("/v21.0/{DATASET}/events"),
        json!({"data": capi, "upload_tag": "u1", "partner_agent": "hashdrop"}),
    )
    .await;
    let set = offline_set(&app).await;
    // OCAPI dedup: same event_time, event_name, order_id, item_number.
    let ocapi = json!([
        ocapi_event(json!({"item_number": "1"})),
        ocapi_event(json!({"item_number": "1", "match_keys": {"email": [PH]}})),
        ocapi_event(json!({"item_number": "2"}))
    ]);
    post(
        &app,
        &format!("/v16.0/{set}/events"),
        json!({"data": ocapi, "upload_tag": "u2"}),
    )
    .await;
    let all = get_as(&app, "/__emulator/events", None).await.body;
    assert_eq!(
        (
            all["received"].as_i64(),
            all["unique"].as_i64(),
            all["duplicates"].as_i64()
        ),
        (Some(6), Some(4), Some(2))
    );
    let first = &all["data"][0];
    assert_eq!(first["target"], DATASET);
    assert_eq!(first["upload_tag"], "u1");
    assert_eq!(first["event_id"], "x");
    assert_eq!(first["api"], "capi");
    assert_eq!(all["data"][1]["duplicate"], true);
    let only = get_as(&app, &format!("/__emulator/events?target={set}"), None)
        .await
        .body;
    assert_eq!(only["received"], 3);
    assert_eq!(only["data"][0]["upload_tag"], "u2");
    assert_eq!(only["data"][0]["api"], "ocapi");
    let state = get_as(&app, "/__emulator/state", None).await.body;
    assert_eq!(state["calls"][0]["options"]["partner_agent"], "hashdrop");
    assert!(state["sources"][&set].is_object());
}

#[tokio::test]
async fn reset_clears_events_and_created_objects_and_reseeds() {
    let app = app();
    let set = offline_set(&app).await;
    post(
        &app,
        &format!("/v21.0/{AD}"),
        json!({"tracking_specs": "[]"}),
    )
    .await;
    post(
        &app,
        &format!("/v21.0/{DATASET}/events"),
        json!({"data": [capi_event(json!({}))]}),
    )
    .await;
    control(
        &app,
        "POST",
        "tokens",
        json!({"token": "KEEP", "allow": ["*"]}),
    )
    .await;
    assert_eq!(
        control(&app, "POST", "reset", json!({})).await.body,
        json!({"success": true})
    );
    assert_eq!(
        get_as(&app, "/__emulator/events", None).await.body["received"],
        0
    );
    assert_eq!(
        get(&app, &format!("/v21.0/{set}")).await.subcode(),
        Some(33)
    );
    let ad = get(&app, &format!("/v21.0/{AD}?fields=tracking_specs")).await;
    assert_eq!(ad.body["tracking_specs"][0]["fb_pixel"][0], DATASET);
    // Registered tokens and the clock survive a reset.
    assert_eq!(
        get_as(&app, &format!("/v21.0/{DATASET}"), Some("KEEP"))
            .await
            .status,
        200
    );
    assert_eq!(
        get_as(&app, "/__emulator/clock", None).await.body["now"],
        NOW
    );
}

#[tokio::test]
async fn the_clock_can_be_set() {
    let app = app();
    let old = capi_event(json!({"event_time": NOW - 70 * 86_400}));
    let uri = format!("/v21.0/{DATASET}/events");
    assert_eq!(
        post(&app, &uri, json!({"data": [old.clone()]}))
            .await
            .subcode(),
        Some(2_804_003)
    );
    let reply = control(&app, "POST", "clock", json!({"now": NOW - 69 * 86_400})).await;
    assert_eq!(reply.body, json!({"now": NOW - 69 * 86_400, "fixed": true}));
    assert_eq!(post(&app, &uri, json!({"data": [old]})).await.status, 200);
    let reply = control(&app, "POST", "clock", json!({"now": null})).await;
    assert_eq!(reply.body["fixed"], false);
    assert!(reply.body["now"].as_i64().unwrap() > 1_700_000_000);
}

#[tokio::test]
async fn throttle_faults_carry_usage_headers_and_apply_count_times() {
    let app = app();
    let usage = r#"{"200000000000002":[{"type":"ads_management","call_count":100,"estimated_time_to_regain_access":5}]}"#;
    let reply = control(
        &app,
        "POST",
        "faults",
        json!({"kind": "throttle", "count": 2, "path": "/events", "code": 80004, "usage": usage}),
    )
    .await;
    assert_eq!(reply.body["success"], true);
    // A request whose path does not match is untouched.
    assert_eq!(get(&app, &format!("/v21.0/{DATASET}")).await.status, 200);
    let uri = format!("/v21.0/{DATASET}/events");
    for _ in 0..2 {
        let reply = post(&app, &uri, json!({"data": [capi_event(json!({}))]})).await;
        assert_eq!(reply.code(), Some(80_004));
        assert_eq!(reply.body["error"]["is_transient"], true);
        assert_eq!(
            reply.header("x-business-use-case-usage").as_deref(),
            Some(usage)
        );
    }
    assert_eq!(
        post(&app, &uri, json!({"data": [capi_event(json!({}))]}))
            .await
            .status,
        200
    );
    assert_eq!(
        get_as(&app, "/__emulator/events", None).await.body["received"],
        1,
        "throttled calls store nothing"
    );
    control(&app, "POST", "faults", json!({"kind": "throttle"})).await;
    let reply = get(&app, &format!("/v21.0/{DATASET}")).await;
    assert_eq!(reply.code(), Some(4));
    assert!(reply.header("x-app-usage").unwrap().contains("call_count"));
}

#[tokio::test]
async fn server_errors_expired_tokens_and_clearing() {
    let app = app();
    control(&app, "POST", "faults", json!({"kind": "server_error"})).await;
    control(
        &app,
        "POST",
        "faults",
        json!({"kind": "server_error", "code": 2}),
    )
    .await;
    control(&app, "POST", "faults", json!({"kind": "expire_token"})).await;
    let listed = get_as(&app, "/__emulator/faults", None).await.body;
    assert_eq!(listed["data"].as_array().unwrap().len(), 3);
    let uri = format!("/v21.0/{DATASET}");
    let reply = get(&app, &uri).await;
    assert_eq!((reply.status, reply.code()), (500, Some(1)));
    assert_eq!(reply.body["error"]["is_transient"], true);
    let reply = get(&app, &uri).await;
    assert_eq!((reply.status, reply.code()), (503, Some(2)));
    let reply = get(&app, &uri).await;
    assert_eq!((reply.code(), reply.subcode()), (Some(190), Some(463)));
    assert_eq!(get(&app, &uri).await.status, 200);
    control(
        &app,
        "POST",
        "faults",
        json!({"kind": "server_error", "count": 5}),
    )
    .await;
    control(&app, "DELETE", "faults", json!({})).await;
    assert_eq!(get(&app, &uri).await.status, 200);
    let reply = control(&app, "POST", "faults", json!({"kind": "meteor"})).await;
    assert_eq!(reply.status, 400);
    let reply = control(&app, "POST", "faults", json!({"kind": "drop", "count": 0})).await;
    assert_eq!(reply.status, 400);
}

#[tokio::test]
async fn slow_faults_delay_the_answer() {
    let app = app();
    control(
        &app,
        "POST",
        "faults",
        json!({"kind": "slow", "delay_ms": 300}),
    )
    .await;
    let started = Instant::now();
    let reply = get(&app, &format!("/v21.0/{DATASET}")).await;
    assert_eq!(reply.status, 200);
    assert!(started.elapsed() >= Duration::from_millis(300));
}

#[tokio::test]
async fn the_state_file_survives_a_restart() {
    let dir = std::env::temp_dir().join(format!("emulator-restart-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    let config = || {
        emulator::Config::new(TOKEN)
            .with_now(NOW)
            .with_state_file(&path)
    };
    let first = emulator::try_router(config()).unwrap();
    let set = offline_set(&first).await;
    post(
        &first,
        &format!("/v16.0/{set}/events"),
        json!({"upload_tag": "demo", "data": [ocapi_event(json!({}))]}),
    )
    .await;
    control(
        &first,
        "POST",
        "tokens",
        json!({"token": "T9", "allow": [set]}),
    )
    .await;
    drop(first);
    let second = emulator::try_router(config()).unwrap();
    let reply = get(&second, &format!("/v16.0/{set}?fields=name,valid_entries")).await;
    assert_eq!(reply.body["name"], "store sales");
    assert_eq!(reply.body["valid_entries"], 1);
    assert_eq!(
        get_as(&second, &format!("/v16.0/{set}"), Some("T9"))
            .await
            .status,
        200
    );
    // New ids do not collide with the restored ones.
    assert_ne!(offline_set(&second).await, set);
    std::fs::write(&path, "not json").unwrap();
    assert_eq!(
        emulator::try_router(config()).unwrap_err().code(),
        "state_parse"
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

async fn preflight(app: &axum::Router, origin: &str) -> Reply {
    let request = Request::builder()
        .method("OPTIONS")
        .uri(format!("/v21.0/{DATASET}/events"))
        .header(header::ORIGIN, origin)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "POST")
        .header(
            header::ACCESS_CONTROL_REQUEST_HEADERS,
            "authorization,content-type",
        )
        .body(Body::empty())
        .unwrap();
    send(app, request).await
}

#[tokio::test]
async fn cors_preflight_allows_local_origins_only_by_default() {
    let app = app();
    let reply = preflight(&app, "http://127.0.0.1:8080").await;
    assert_eq!(reply.status, 200);
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("http://127.0.0.1:8080")
    );
    let methods = reply.header("access-control-allow-methods").unwrap();
    assert!(methods.contains("POST") && methods.contains("DELETE"));
    let headers = reply
        .header("access-control-allow-headers")
        .unwrap()
        .to_lowercase();
    assert!(headers.contains("authorization") && headers.contains("content-type"));
    // Control faults never fire on preflights.
    control(&app, "POST", "faults", json!({"kind": "server_error"})).await;
    assert_eq!(preflight(&app, "http://localhost:3000").await.status, 200);
    assert!(
        preflight(&app, "https://evil.example")
            .await
            .header("access-control-allow-origin")
            .is_none()
    );
    // The actual answer (even a fault) exposes the usage and trace headers.
    let request = Request::get(format!("/v21.0/{DATASET}"))
        .header(header::ORIGIN, "http://localhost:3000")
        .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"))
        .body(Body::empty())
        .unwrap();
    let reply = send(&app, request).await;
    assert_eq!(reply.status, 500);
    let exposed = reply
        .header("access-control-expose-headers")
        .unwrap()
        .to_lowercase();
    for name in [
        "x-business-use-case-usage",
        "x-app-usage",
        "x-ad-account-usage",
        "x-fb-trace-id",
    ] {
        assert!(exposed.contains(name), "{name}");
    }
}

#[tokio::test]
async fn cors_with_explicit_origins() {
    let app = emulator::router(
        emulator::Config::new(TOKEN).with_origins(vec!["https://hashdrop.example".into()]),
    );
    let reply = preflight(&app, "https://hashdrop.example").await;
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some("https://hashdrop.example")
    );
    assert!(
        preflight(&app, "http://127.0.0.1:8080")
            .await
            .header("access-control-allow-origin")
            .is_none()
    );
}

#[tokio::test]
async fn duplicates_are_counted_within_seven_days_only() {
    let app = app();
    let uri = format!("/v21.0/{DATASET}/events");
    let event =
        || json!({"data": [capi_event(json!({"event_id": "same", "event_time": NOW - 60}))]});
    let counts = || async {
        let events = get_as(&app, "/__emulator/events", None).await.body;
        (
            events["received"].as_i64().unwrap(),
            events["duplicates"].as_i64().unwrap(),
        )
    };
    post(&app, &uri, event()).await;
    control(&app, "POST", "clock", json!({"now": NOW + 6 * 86_400})).await;
    assert_eq!(post(&app, &uri, event()).await.status, 200);
    assert_eq!(counts().await, (2, 1), "6 days later: a duplicate");
    control(&app, "POST", "clock", json!({"now": NOW + 14 * 86_400})).await;
    assert_eq!(post(&app, &uri, event()).await.status, 200);
    assert_eq!(
        counts().await,
        (3, 1),
        "8 days after the last one: new again"
    );
}
