//! What arrived on the wire: a record of every Graph request's raw body, and Graph's
//! `suppress_http_code=1` (an error answered with status 200, the error in the body).
//!
//! The record is what a privacy test scans. A browser's automation API does not always hand over
//! request bodies (WebDriver BiDi, which drives Firefox, gives none), but every body the page
//! sends reaches this server, byte for byte, whichever browser sent it. It lives in the emulator
//! rather than in a recording proxy because the emulator already sees every Graph call: a proxy
//! would need each browser's proxy settings, and a page can bypass a proxy it is not told about.
//! Read it with `GET /__emulator/requests[?since=SEQ]`; `POST /__emulator/reset` clears it.

use crate::shared::Emulator;
use axum::{
    Json,
    body::{Body, to_bytes},
    extract::{Query, Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::Next,
    response::Response,
};
use serde::Serialize;
use serde_json::{Value, json};
use std::collections::HashMap;

/// The most request body bytes the record keeps in all: past it, the oldest bodies are dropped
/// (their requests stay, marked without a body), and a read that covers one of them says it is
/// incomplete (a scan must not pass on what it never saw).
pub const BODY_BUDGET: usize = 256 * 1024 * 1024;

/// The largest request body read at all (Graph's own limit is far below it).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// One request as it arrived.
#[derive(Debug, Clone, Serialize)]
pub struct ReceivedRequest {
    /// Its position in the record; numbering goes on across resets.
    pub seq: u64,
    /// The HTTP method on the wire (`POST` for a read sent with `method=get`).
    pub method: String,
    /// The path and query as sent.
    pub url: String,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// Whether an `Authorization` header came with it (its value is never kept).
    pub authorization: bool,
    /// The `Origin` header: the page's origin for a browser's cross-origin call.
    pub origin: Option<String>,
    /// The raw body as text (invalid UTF-8 replaced); `None` once the budget is spent.
    pub body: Option<String>,
}

/// The record kept by the emulator.
#[derive(Debug)]
pub struct RequestLog {
    budget: usize,
    requests: Vec<ReceivedRequest>,
    next_seq: u64,
    body_bytes: usize,
    /// How many of the oldest requests have had their bodies dropped.
    dropped: usize,
}

impl Default for RequestLog {
    fn default() -> Self {
        Self {
            budget: BODY_BUDGET,
            requests: Vec::new(),
            next_seq: 0,
            body_bytes: 0,
            dropped: 0,
        }
    }
}

impl RequestLog {
    fn push(&mut self, mut request: ReceivedRequest) {
        request.seq = self.next_seq;
        self.next_seq += 1;
        self.body_bytes += request.body.as_ref().map_or(0, String::len);
        self.requests.push(request);
        // Never the newest: the request just received is always readable.
        let keep = self.requests.len() - 1;
        while self.body_bytes > self.budget && self.dropped < keep {
            let dropped = self.requests[self.dropped].body.take();
            self.body_bytes -= dropped.map_or(0, |body| body.len());
            self.dropped += 1;
        }
    }

    /// Forgets every request (the numbering goes on).
    pub fn clear(&mut self) {
        self.requests.clear();
        self.body_bytes = 0;
        self.dropped = 0;
    }

    /// The requests numbered `since` or later, and whether the record holds all of them with
    /// their bodies (nothing cleared since `since`, no body dropped).
    fn view(&self, since: u64) -> Value {
        let first = self.requests.first().map_or(self.next_seq, |r| r.seq);
        let selected: Vec<&ReceivedRequest> =
            self.requests.iter().filter(|r| r.seq >= since).collect();
        let omitted = selected.iter().any(|r| r.body.is_none());
        json!({
            "data": selected,
            "next": self.next_seq,
            "complete": first <= since && !omitted,
        })
    }
}

/// `GET /__emulator/requests[?since=SEQ]`: every request received (from `since` on), with its raw
/// body, `next` (the number the next request will get) and `complete`.
pub async fn requests(
    State(emulator): State<Emulator>,
    Query(query): Query<HashMap<String, String>>,
) -> Json<Value> {
    let since = query.get("since").and_then(|s| s.parse().ok()).unwrap_or(0);
    Json(emulator.requests().view(since))
}

/// Whether `suppress_http_code` is set (to anything but `0`/`false`) in the query or body.
fn suppresses_http_code(query: Option<&str>, headers: &HeaderMap, body: &[u8]) -> bool {
    let set = |value: &str| !matches!(value.trim(), "" | "0" | "false");
    let in_form = |raw: &[u8]| {
        serde_urlencoded::from_bytes::<Vec<(String, String)>>(raw)
            .unwrap_or_default()
            .into_iter()
            .any(|(key, value)| key == "suppress_http_code" && set(&value))
    };
    if query.is_some_and(|q| in_form(q.as_bytes())) {
        return true;
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if content_type.starts_with("application/x-www-form-urlencoded") {
        in_form(body)
    } else if content_type.starts_with("application/json") {
        match serde_json::from_slice::<Value>(body) {
            Ok(Value::Object(map)) => match map.get("suppress_http_code") {
                Some(Value::String(s)) => set(s),
                Some(Value::Bool(b)) => *b,
                Some(Value::Number(n)) => n.as_i64() != Some(0),
                _ => false,
            },
            _ => false,
        }
    } else {
        false
    }
}

/// The middleware: records each Graph request's body (never `/__emulator/` calls or CORS
/// preflights), then hands the same bytes on; with `suppress_http_code=1` an error status
/// becomes 200, the error staying in the body, as Graph does.
pub async fn record(State(emulator): State<Emulator>, request: Request, next: Next) -> Response {
    if request.uri().path().starts_with("/__emulator") || request.method() == "OPTIONS" {
        return next.run(request).await;
    }
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return crate::error::GraphError::invalid("(#100) The request body could not be read")
            .into_response_with_trace(&emulator.trace_id());
    };
    let text = |name| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned)
    };
    let content_type = text(header::CONTENT_TYPE);
    let origin = text(header::ORIGIN);
    let suppress = suppresses_http_code(parts.uri.query(), &parts.headers, &bytes);
    emulator.requests().push(ReceivedRequest {
        seq: 0,
        method: parts.method.as_str().to_owned(),
        url: parts.uri.to_string(),
        content_type,
        authorization: parts.headers.contains_key(header::AUTHORIZATION),
        origin,
        body: Some(String::from_utf8_lossy(&bytes).into_owned()),
    });
    let mut response = next
        .run(Request::from_parts(parts, Body::from(bytes)))
        .await;
    if suppress && !response.status().is_success() {
        *response.status_mut() = StatusCode::OK;
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(body: &str) -> ReceivedRequest {
        ReceivedRequest {
            seq: 0,
            method: "POST".into(),
            url: "/v24.0/1".into(),
            content_type: None,
            authorization: false,
            origin: None,
            body: Some(body.into()),
        }
    }

    #[test]
    fn the_log_numbers_requests_across_resets_and_says_when_it_is_incomplete() {
        let mut log = RequestLog {
            budget: 10,
            ..RequestLog::default()
        };
        log.push(received("a=1"));
        log.push(received("b=2"));
        assert_eq!(log.view(0)["data"].as_array().unwrap().len(), 2);
        assert_eq!(log.view(1)["data"][0]["body"], "b=2");
        assert_eq!(log.view(0)["complete"], true);
        log.clear();
        log.push(received("c=3"));
        let view = log.view(0);
        assert_eq!(view["data"][0]["seq"], 2);
        assert_eq!(view["complete"], false, "requests 0 and 1 were cleared");
        assert_eq!(log.view(2)["complete"], true);
        assert_eq!(view["next"], 3);
        let big = "x".repeat(10);
        log.push(received(&big));
        let view = log.view(2);
        assert_eq!(view["data"][0]["body"], Value::Null, "the oldest body went");
        assert_eq!(view["data"][1]["body"], big.as_str(), "the newest stays");
        assert_eq!(view["complete"], false, "a body was dropped");
        assert_eq!(log.view(3)["complete"], true);
    }

    #[test]
    fn suppress_http_code_is_read_from_the_query_a_form_or_json() {
        let form = |body: &str| {
            let mut headers = HeaderMap::new();
            headers.insert(
                header::CONTENT_TYPE,
                "application/x-www-form-urlencoded".parse().unwrap(),
            );
            suppresses_http_code(None, &headers, body.as_bytes())
        };
        assert!(form("method=get&suppress_http_code=1"));
        assert!(!form("method=get&suppress_http_code=0"));
        assert!(!form("method=get"));
        assert!(suppresses_http_code(
            Some("suppress_http_code=1"),
            &HeaderMap::new(),
            b""
        ));
        let mut json_headers = HeaderMap::new();
        json_headers.insert(header::CONTENT_TYPE, "application/json".parse().unwrap());
        assert!(suppresses_http_code(
            None,
            &json_headers,
            br#"{"suppress_http_code":1}"#
        ));
        assert!(!suppresses_http_code(None, &json_headers, b"{}"));
    }
}
