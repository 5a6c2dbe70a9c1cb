//! In-process helpers for the emulator's own tests: one router per test, requests sent with
//! `tower::ServiceExt::oneshot`, answers decoded as JSON.
#![allow(dead_code, clippy::unwrap_used)]

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, Request, header};
use http_body_util::BodyExt;
use serde_json::{Value, json};
use tower::ServiceExt;

/// The token allowed everything.
pub const TOKEN: &str = "T";
/// The samples' clock: 2026-11-20T00:00:00Z.
pub const NOW: i64 = 1_795_132_800;
/// sha256("john_smith@gmail.com").
pub const EM: &str = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";
/// sha256("16505551212").
pub const PH: &str = "e323ec626319ca94ee8bff2e4c87cf613be6ea19919ed1364124e16807ab3176";
/// The seeded ids.
pub const BUSINESS: &str = "100000000000001";
pub const CLIENT_BUSINESS: &str = "100000000000009";
pub const ACCOUNT: &str = "act_200000000000002";
pub const DATASET: &str = "400000000000004";
pub const AD: &str = "300000000000003";

/// A fresh emulator with the samples' clock.
pub fn app() -> Router {
    emulator::router(emulator::Config::new(TOKEN).with_now(NOW))
}

/// An answer.
pub struct Reply {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Value,
}

impl Reply {
    /// The Graph error code, if this is an error.
    pub fn code(&self) -> Option<i64> {
        self.body["error"]["code"].as_i64()
    }

    /// The Graph error subcode, if any.
    pub fn subcode(&self) -> Option<i64> {
        self.body["error"]["error_subcode"].as_i64()
    }

    /// The error's message and user message together.
    pub fn error_text(&self) -> String {
        format!(
            "{} {}",
            self.body["error"]["message"].as_str().unwrap_or(""),
            self.body["error"]["error_user_msg"].as_str().unwrap_or("")
        )
    }

    /// The header's value as text.
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers
            .get(name)
            .map(|v| v.to_str().unwrap().to_owned())
    }
}

/// Sends one request.
pub async fn send(app: &Router, request: Request<Body>) -> Reply {
    let response = app.clone().oneshot(request).await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    let body = if bytes.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&bytes)
            .unwrap_or_else(|_| Value::String(String::from_utf8_lossy(&bytes).into_owned()))
    };
    Reply {
        status,
        headers,
        body,
    }
}

/// `GET uri` with the token in the `Authorization` header.
pub async fn get(app: &Router, uri: &str) -> Reply {
    get_as(app, uri, Some(TOKEN)).await
}

/// `GET uri` with `token` (or none).
pub async fn get_as(app: &Router, uri: &str, token: Option<&str>) -> Reply {
    let mut request = Request::get(uri);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(app, request.body(Body::empty()).unwrap()).await
}

/// `method uri` with a JSON body and `token` (or none).
pub async fn json_as(
    app: &Router,
    method: &str,
    uri: &str,
    body: &Value,
    token: Option<&str>,
) -> Reply {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::CONTENT_TYPE, "application/json");
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Bearer {token}"));
    }
    send(app, request.body(Body::from(body.to_string())).unwrap()).await
}

/// `POST uri` with a JSON body and the token.
pub async fn post(app: &Router, uri: &str, body: Value) -> Reply {
    json_as(app, "POST", uri, &body, Some(TOKEN)).await
}

/// `DELETE uri` with the token.
pub async fn delete(app: &Router, uri: &str) -> Reply {
    json_as(app, "DELETE", uri, &json!({}), Some(TOKEN)).await
}

/// `POST uri` form-encoded (the token among the fields, as the app sends it).
pub async fn post_form(app: &Router, uri: &str, fields: &[(&str, &str)]) -> Reply {
    let body = serde_urlencoded::to_string(fields).unwrap();
    let request = Request::post(uri)
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

/// A control API call with a JSON body.
pub async fn control(app: &Router, method: &str, path: &str, body: Value) -> Reply {
    json_as(app, method, &format!("/__emulator/{path}"), &body, None).await
}

/// A valid CAPI store purchase, an hour before `NOW`, with `overrides` applied (null removes).
pub fn capi_event(overrides: Value) -> Value {
    let event = json!({
        "event_name": "Purchase",
        "event_time": NOW - 3_600,
        "action_source": "physical_store",
        "user_data": {"em": [EM], "ph": [PH]},
        "custom_data": {"value": 42.5, "currency": "USD", "order_id": "A-1"},
    });
    apply(event, &overrides)
}

/// A valid OCAPI purchase, an hour before `NOW`, with `overrides` applied (null removes).
pub fn ocapi_event(overrides: Value) -> Value {
    let event = json!({
        "match_keys": {"email": [EM], "phone": [PH]},
        "event_name": "Purchase",
        "event_time": NOW - 3_600,
        "value": 16,
        "currency": "USD",
        "order_id": "R-1",
    });
    apply(event, &overrides)
}

fn apply(mut event: Value, overrides: &Value) -> Value {
    for (key, value) in overrides.as_object().unwrap() {
        if value.is_null() {
            event.as_object_mut().unwrap().remove(key);
        } else {
            event[key] = value.clone();
        }
    }
    event
}

/// Creates an offline event set under the demo business; returns its id.
pub async fn offline_set(app: &Router) -> String {
    let reply = post(
        app,
        &format!("/v16.0/{BUSINESS}/offline_conversion_data_sets"),
        json!({"name": "store sales", "description": "test"}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["id"].as_str().unwrap().to_owned()
}
