//! Calls as browsers send them: Graph's `method` override in a form POST, `suppress_http_code`,
//! the strict CORS mode that refuses every preflight, and the record of raw request bodies.
#![allow(clippy::unwrap_used, clippy::panic)]

mod harness;

use axum::body::Body;
use axum::http::{Request, header};
use harness::{ACCOUNT, DATASET, NOW, TOKEN, app, control, get, post, post_form, send};
use serde_json::{Value, json};

const ORIGIN: &str = "http://127.0.0.1:8080";

fn strict_app() -> axum::Router {
    emulator::router(
        emulator::Config::new(TOKEN)
            .with_now(NOW)
            .with_strict_cors(true),
    )
}

/// A CORS preflight for `method` with `headers` requested.
async fn preflight(app: &axum::Router, method: &str, headers: Option<&str>) -> harness::Reply {
    let mut request = Request::builder()
        .method("OPTIONS")
        .uri(format!("/v24.0/{DATASET}"))
        .header(header::ORIGIN, ORIGIN)
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, method);
    if let Some(headers) = headers {
        request = request.header(header::ACCESS_CONTROL_REQUEST_HEADERS, headers);
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

#[tokio::test]
async fn a_post_with_method_get_is_answered_as_the_get() {
    let app = app();
    let uri = format!("/v24.0/{DATASET}");
    let read = get(&app, &format!("{uri}?fields=id,name")).await;
    assert_eq!(read.status, 200);
    let overridden = post_form(
        &app,
        &uri,
        &[
            ("fields", "id,name"),
            ("method", "get"),
            ("access_token", TOKEN),
        ],
    )
    .await;
    assert_eq!(overridden.status, 200);
    assert_eq!(overridden.body, read.body);
    // A list read by override, its parameters in the body: paging works the same.
    let list = post_form(
        &app,
        &format!("/v24.0/{ACCOUNT}/customconversions"),
        &[("limit", "1"), ("method", "GET"), ("access_token", TOKEN)],
    )
    .await;
    assert_eq!(list.status, 200, "{}", list.body);
    assert!(list.body["data"].is_array(), "{}", list.body);
}

#[tokio::test]
async fn a_post_with_method_delete_deletes() {
    let app = app();
    let created = post(
        &app,
        &format!("/v24.0/{ACCOUNT}/customconversions"),
        json!({"name": "To delete", "custom_event_type": "PURCHASE",
               "event_source_id": DATASET,
               "rule": r#"{"event_name":{"eq":"Purchase"}}"#}),
    )
    .await;
    let id = created.body["id"].as_str().unwrap().to_owned();
    let deleted = post_form(
        &app,
        &format!("/v24.0/{id}"),
        &[("method", "delete"), ("access_token", TOKEN)],
    )
    .await;
    assert_eq!(deleted.body, json!({"success": true}));
    assert_eq!(get(&app, &format!("/v24.0/{id}")).await.subcode(), Some(33));
}

#[tokio::test]
async fn suppress_http_code_answers_an_error_with_200() {
    let app = app();
    let uri = format!("/v24.0/{DATASET}");
    let plain = post_form(&app, &uri, &[("method", "get"), ("access_token", "nope")]).await;
    assert_eq!(plain.status, 400);
    assert_eq!(plain.code(), Some(190));
    let suppressed = post_form(
        &app,
        &uri,
        &[
            ("method", "get"),
            ("suppress_http_code", "1"),
            ("access_token", "nope"),
        ],
    )
    .await;
    assert_eq!(suppressed.status, 200);
    assert_eq!(suppressed.code(), Some(190));
    assert_eq!(suppressed.error_text(), plain.error_text());
}

#[tokio::test]
async fn strict_mode_refuses_every_preflight_and_answers_simple_requests() {
    let strict = strict_app();
    for (method, headers) in [
        ("GET", Some("authorization")),
        ("POST", Some("content-type")),
        ("DELETE", None),
        ("POST", None),
    ] {
        let reply = preflight(&strict, method, headers).await;
        assert_eq!(reply.status, 403, "{method} {headers:?}");
        assert_eq!(
            reply.header("access-control-allow-origin"),
            None,
            "the browser must block the call"
        );
        assert!(reply.body.as_str().unwrap().contains("strict CORS"));
    }
    // The same preflight passes without strict mode.
    let lax = preflight(&app(), "GET", Some("authorization")).await;
    assert!(lax.status < 300, "{}", lax.status);
    assert_eq!(
        lax.header("access-control-allow-origin").as_deref(),
        Some(ORIGIN)
    );
    // A simple request (form POST, token in the body) is answered, with CORS headers.
    let body = serde_urlencoded::to_string([
        ("fields", "id,name"),
        ("method", "get"),
        ("access_token", TOKEN),
    ])
    .unwrap();
    let request = Request::post(format!("/v24.0/{DATASET}"))
        .header(header::ORIGIN, ORIGIN)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    let reply = send(&strict, request).await;
    assert_eq!(reply.status, 200);
    assert_eq!(reply.body["id"], DATASET);
    assert_eq!(
        reply.header("access-control-allow-origin").as_deref(),
        Some(ORIGIN)
    );
    // A plain OPTIONS that is no preflight is not refused as one.
    let options = Request::builder()
        .method("OPTIONS")
        .uri(format!("/v24.0/{DATASET}"))
        .body(Body::empty())
        .unwrap();
    assert_ne!(send(&strict, options).await.status, 403);
}

#[tokio::test]
async fn every_raw_body_is_recorded_until_reset() {
    let app = app();
    let uri = format!("/v24.0/{DATASET}");
    post_form(
        &app,
        &uri,
        &[
            ("method", "get"),
            ("note", "a@b.c"),
            ("access_token", TOKEN),
        ],
    )
    .await;
    get(&app, &format!("{uri}?fields=id")).await;
    // A refused request is recorded too: it reached the server.
    post_form(&app, &uri, &[("method", "get"), ("access_token", "bad")]).await;
    let log = control(&app, "GET", "requests", Value::Null).await.body;
    let data = log["data"].as_array().unwrap();
    assert_eq!(data.len(), 3, "{log}");
    assert_eq!(data[0]["method"], "POST");
    assert_eq!(data[0]["url"], uri);
    assert_eq!(
        data[0]["body"],
        format!("method=get&note=a%40b.c&access_token={TOKEN}")
    );
    assert_eq!(data[0]["content_type"], "application/x-www-form-urlencoded");
    assert_eq!(data[0]["authorization"], false);
    assert_eq!(data[0]["origin"], Value::Null);
    assert_eq!(data[1]["url"], format!("{uri}?fields=id"));
    assert_eq!(data[1]["authorization"], true);
    assert_eq!(data[1]["body"], "");
    assert_eq!(log["complete"], true);
    assert_eq!(log["next"], 3);
    let since = control(&app, "GET", "requests?since=2", Value::Null)
        .await
        .body;
    assert_eq!(since["data"].as_array().unwrap().len(), 1);
    // Control calls are not Graph requests and are not recorded.
    assert_eq!(
        control(&app, "GET", "requests", Value::Null).await.body["next"],
        3
    );
    control(&app, "POST", "reset", json!({})).await;
    let log = control(&app, "GET", "requests", Value::Null).await.body;
    assert_eq!(log["data"], json!([]));
    assert_eq!(log["complete"], false, "what came before the reset is gone");
    assert_eq!(
        control(&app, "GET", "requests?since=3", Value::Null)
            .await
            .body["complete"],
        true
    );
}
