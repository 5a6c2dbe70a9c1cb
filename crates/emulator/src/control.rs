//! The control API under `/__emulator/` (not Graph): read what arrived, reset, set the clock,
//! queue faults, register tokens, dump the state, read the raw requests received, and set the
//! lifetime of the login dialog's tokens.

use crate::faults::Fault;
use crate::shared::{Emulator, now};
use crate::state::{ReceivedEvent, TokenGrant};
use axum::{
    Json, Router,
    body::Bytes,
    extract::{Query, State},
    http::StatusCode,
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Deserialize;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The control routes (nested under `/__emulator`).
pub fn routes() -> Router<Emulator> {
    Router::new()
        .route("/health", get(|| async { Json(json!({"ok": true})) }))
        .route("/events", get(events))
        .route("/requests", get(crate::wire::requests))
        .route("/reset", axum::routing::post(reset))
        .route(
            "/faults",
            get(list_faults).post(add_fault).delete(clear_faults),
        )
        .route("/tokens", get(list_tokens).post(add_token))
        .route("/state", get(state))
        .route("/clock", get(clock).post(set_clock))
        .route("/oauth", get(login_settings).post(set_login_settings))
}

fn bad_request(message: impl Into<String>) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"error": {"message": message.into()}})),
    )
        .into_response()
}

fn parse<T: for<'de> Deserialize<'de>>(body: &Bytes) -> Result<T, String> {
    serde_json::from_slice(body).map_err(|e| format!("invalid control request: {e}"))
}

/// One received event as the control API shows it: the event's own fields plus where it went.
pub fn event_view(received: &ReceivedEvent) -> Value {
    let mut view = match &received.event {
        Value::Object(map) => map.clone(),
        other => {
            let mut map = serde_json::Map::new();
            map.insert("event".into(), other.clone());
            map
        }
    };
    view.insert("target".into(), json!(received.target));
    view.insert("upload_tag".into(), json!(received.upload_tag));
    view.insert("api".into(), json!(received.api));
    view.insert("duplicate".into(), json!(received.duplicate));
    view.insert(
        "matched".into(),
        json!(crate::routes::stats::matched(received)),
    );
    view.insert("received_at".into(), json!(received.received_at));
    if let Some(code) = &received.test_event_code {
        view.insert("test_event_code".into(), json!(code));
    }
    Value::Object(view)
}

async fn events(
    State(emulator): State<Emulator>,
    Query(query): Query<HashMap<String, String>>,
) -> Json<Value> {
    let store = emulator.store();
    let target = query.get("target");
    let selected: Vec<&ReceivedEvent> = store
        .events
        .iter()
        .filter(|e| target.is_none_or(|t| &e.target == t))
        .collect();
    let duplicates = selected.iter().filter(|e| e.duplicate).count();
    Json(json!({
        "data": selected.iter().map(|e| event_view(e)).collect::<Vec<_>>(),
        "received": selected.len(),
        "unique": selected.len() - duplicates,
        "duplicates": duplicates,
    }))
}

async fn reset(State(emulator): State<Emulator>) -> Json<Value> {
    {
        let mut store = emulator.store();
        let kept_tokens = std::mem::take(&mut store.tokens);
        let kept_now = store.now;
        let mut fresh = crate::state::Store::seeded(now(&store));
        fresh.tokens = kept_tokens
            .into_iter()
            .map(|(token, grant)| {
                let grant = TokenGrant {
                    created: Vec::new(),
                    ..grant
                };
                (token, grant)
            })
            .collect();
        fresh.now = kept_now;
        *store = fresh;
    }
    emulator.requests().clear();
    emulator.persist();
    Json(json!({"success": true}))
}

async fn list_faults(State(emulator): State<Emulator>) -> Json<Value> {
    Json(json!({"data": *emulator.faults()}))
}

async fn add_fault(State(emulator): State<Emulator>, body: Bytes) -> Response {
    let fault: Fault = match parse(&body) {
        Ok(fault) => fault,
        Err(message) => return bad_request(message),
    };
    if fault.count == 0 {
        return bad_request("count must be at least 1");
    }
    let mut faults = emulator.faults();
    faults.push(fault);
    Json(json!({"success": true, "pending": faults.len()})).into_response()
}

async fn clear_faults(State(emulator): State<Emulator>) -> Json<Value> {
    emulator.faults().clear();
    Json(json!({"success": true}))
}

#[derive(Deserialize)]
struct TokenRequest {
    token: String,
    #[serde(default)]
    allow: Vec<String>,
    #[serde(default)]
    expired: bool,
}

async fn add_token(State(emulator): State<Emulator>, body: Bytes) -> Response {
    let request: TokenRequest = match parse(&body) {
        Ok(request) => request,
        Err(message) => return bad_request(message),
    };
    if request.token.is_empty() {
        return bad_request("token must not be empty");
    }
    emulator.store().tokens.insert(
        request.token,
        TokenGrant {
            allow: request.allow,
            expired: request.expired,
            created: Vec::new(),
            expires_at: None,
        },
    );
    emulator.persist();
    Json(json!({"success": true})).into_response()
}

async fn list_tokens(State(emulator): State<Emulator>) -> Json<Value> {
    Json(json!({"data": emulator.store().tokens}))
}

async fn state(State(emulator): State<Emulator>) -> Response {
    let store = emulator.store();
    match serde_json::to_value(&*store) {
        Ok(value) => Json(value).into_response(),
        Err(e) => (StatusCode::INTERNAL_SERVER_ERROR, e.to_string()).into_response(),
    }
}

async fn clock(State(emulator): State<Emulator>) -> Json<Value> {
    let store = emulator.store();
    Json(json!({"now": now(&store), "fixed": store.now.is_some()}))
}

#[derive(Deserialize)]
struct ClockRequest {
    now: Option<i64>,
}

async fn set_clock(State(emulator): State<Emulator>, body: Bytes) -> Response {
    let request: ClockRequest = match parse(&body) {
        Ok(request) => request,
        Err(message) => return bad_request(message),
    };
    let answer = {
        let mut store = emulator.store();
        store.now = request.now;
        json!({"now": now(&store), "fixed": store.now.is_some()})
    };
    emulator.persist();
    Json(answer).into_response()
}

/// The login dialog's app and the lifetime of the tokens it issues.
fn login_view(emulator: &Emulator) -> Value {
    json!({
        "app_id": crate::oauth::APP_ID,
        "app_name": crate::oauth::APP_NAME,
        "expires_in": emulator.login_lifetime(),
    })
}

async fn login_settings(State(emulator): State<Emulator>) -> Json<Value> {
    Json(login_view(&emulator))
}

#[derive(Deserialize)]
struct LoginRequest {
    expires_in: i64,
}

async fn set_login_settings(State(emulator): State<Emulator>, body: Bytes) -> Response {
    let request: LoginRequest = match parse(&body) {
        Ok(request) => request,
        Err(message) => return bad_request(message),
    };
    if request.expires_in < 1 {
        return bad_request("expires_in must be at least 1 second");
    }
    emulator.set_login_lifetime(request.expires_in);
    Json(login_view(&emulator)).into_response()
}
