//! A local Graph API emulator: a real HTTP server on 127.0.0.1 answering the endpoints hashdrop
//! uses, in Graph's shapes, and keeping what it receives in memory for tests to read back.
//!
//! The first piece answers the Conversions API events endpoint and the control API.
#![deny(missing_docs)]

use axum::{
    Json, Router,
    extract::{Path, State},
    http::{HeaderMap, StatusCode, header},
    response::{IntoResponse, Response},
    routing::{get, post},
};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex, PoisonError};
use tower_http::cors::CorsLayer;

/// The most events one Conversions API request may carry.
pub const CAPI_BATCH_LIMIT: usize = 1_000;

/// What the emulator is started with.
#[derive(Debug, Clone)]
pub struct Config {
    /// The access token that is allowed everything.
    pub token: String,
}

#[derive(Default)]
struct Received {
    events: Vec<Value>,
}

#[derive(Clone)]
struct AppState {
    config: Arc<Config>,
    received: Arc<Mutex<Received>>,
}

/// The emulator's routes.
pub fn router(config: Config) -> Router {
    let state = AppState {
        config: Arc::new(config),
        received: Arc::default(),
    };
    Router::new()
        .route("/{version}/{dataset}/events", post(post_events))
        .route(
            "/__emulator/health",
            get(|| async { Json(json!({"ok": true})) }),
        )
        .route("/__emulator/events", get(received_events))
        .layer(CorsLayer::permissive())
        .with_state(state)
}

fn graph_error(status: StatusCode, code: u32, kind: &str, message: &str) -> Response {
    let body = json!({"error": {
        "message": message,
        "type": kind,
        "code": code,
        "fbtrace_id": "EMULATOR",
        "is_transient": false,
    }});
    (status, Json(body)).into_response()
}

fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get(header::AUTHORIZATION)?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

async fn post_events(
    State(state): State<AppState>,
    Path((_version, _dataset)): Path<(String, String)>,
    headers: HeaderMap,
    Json(body): Json<Value>,
) -> Response {
    let token = bearer(&headers).or_else(|| body.get("access_token").and_then(Value::as_str));
    match token {
        None => {
            return graph_error(
                StatusCode::BAD_REQUEST,
                104,
                "OAuthException",
                "An access token is required to request this resource.",
            );
        }
        Some(token) if token != state.config.token => {
            return graph_error(
                StatusCode::BAD_REQUEST,
                190,
                "OAuthException",
                "Invalid OAuth access token - Cannot parse access token",
            );
        }
        Some(_) => {}
    }
    let Some(data) = body.get("data").and_then(Value::as_array) else {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "OAuthException",
            "The parameter data is required",
        );
    };
    if data.len() > CAPI_BATCH_LIMIT {
        return graph_error(
            StatusCode::BAD_REQUEST,
            100,
            "OAuthException",
            "Invalid parameter: data may hold at most 1000 events",
        );
    }
    let received = data.len();
    state
        .received
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .events
        .extend(data.iter().cloned());
    Json(json!({"events_received": received, "messages": [], "fbtrace_id": "EMULATOR"}))
        .into_response()
}

async fn received_events(State(state): State<AppState>) -> Json<Value> {
    let received = state
        .received
        .lock()
        .unwrap_or_else(PoisonError::into_inner);
    Json(json!({"data": received.events}))
}
