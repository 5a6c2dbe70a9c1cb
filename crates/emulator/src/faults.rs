//! Injected faults: the next matching Graph requests are throttled, fail with a 5xx, answer
//! slowly, lose their connection (before or after being processed), or see their token expire.

use crate::error::GraphError;
use crate::shared::Emulator;
use axum::{
    body::Body,
    extract::{Request, State},
    http::{Method, StatusCode},
    middleware::Next,
    response::Response,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::time::Duration;

/// What goes wrong.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FaultKind {
    /// A rate-limit error (code 4 by default) with usage headers.
    Throttle,
    /// A server error (code 1, HTTP 500 by default; code 2 is HTTP 503).
    ServerError,
    /// The request is answered after `delay_ms`.
    Slow,
    /// The connection closes without a response.
    Drop,
    /// The token is answered as expired (190 / 463).
    ExpireToken,
}

/// For `drop`: whether the request is processed before the connection closes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum When {
    /// Close before processing: nothing was stored.
    #[default]
    Before,
    /// Process, then close: the events were stored but the client never hears it.
    After,
}

fn one() -> u32 {
    1
}

/// One queued fault, as posted to `/__emulator/faults`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Fault {
    /// What goes wrong.
    pub kind: FaultKind,
    /// How many matching requests it applies to.
    #[serde(default = "one")]
    pub count: u32,
    /// A substring the request path must contain.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// The Graph error code (throttle: 4 by default; server_error: 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub code: Option<u32>,
    /// Throttle: the usage header's value (a JSON string or object).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<Value>,
    /// Throttle: which usage header to send (default chosen from the code).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub header: Option<String>,
    /// Slow: the delay.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delay_ms: Option<u64>,
    /// Drop: before or after processing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub when: Option<When>,
}

/// Takes one use of the first pending fault whose path matches.
fn take(emulator: &Emulator, path: &str) -> Option<Fault> {
    let mut faults = emulator.faults();
    let index = faults
        .iter()
        .position(|f| f.count > 0 && f.path.as_deref().is_none_or(|p| path.contains(p)))?;
    let fault = faults.get_mut(index)?;
    fault.count -= 1;
    let taken = fault.clone();
    if fault.count == 0 {
        faults.remove(index);
    }
    Some(taken)
}

/// The throttling error for `code`, with its usage header.
pub fn throttle_error(fault: &Fault) -> GraphError {
    let code = fault.code.unwrap_or(4);
    let message = match code {
        4 => "(#4) Application request limit reached".to_owned(),
        17 => "(#17) User request limit reached".to_owned(),
        32 => "(#32) Page request limit reached".to_owned(),
        613 => "(#613) Calls to this api have exceeded the rate limit.".to_owned(),
        80_000..=80_014 => format!(
            "(#{code}) There have been too many calls to this ad-account. Wait a bit and try \
             again. For more info, please refer to \
             https://developers.facebook.com/docs/graph-api/overview/rate-limiting."
        ),
        other => format!("(#{other}) Request limit reached"),
    };
    let header = fault.header.clone().unwrap_or_else(|| {
        match code {
            80_000..=80_014 => "x-business-use-case-usage",
            17 | 613 => "x-ad-account-usage",
            _ => "x-app-usage",
        }
        .to_owned()
    });
    let usage = match &fault.usage {
        Some(Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => match header.as_str() {
            "x-business-use-case-usage" => r#"{"200000000000002":[{"type":"ads_management","call_count":100,"total_cputime":35,"total_time":40,"estimated_time_to_regain_access":1,"ads_api_access_tier":"development_access"}]}"#.to_owned(),
            "x-ad-account-usage" => r#"{"acc_id_util_pct":100,"reset_time_duration":60,"ads_api_access_tier":"development_access"}"#.to_owned(),
            _ => r#"{"call_count":100,"total_cputime":35,"total_time":40}"#.to_owned(),
        },
    };
    let name: &'static str = match header.to_ascii_lowercase().as_str() {
        "x-business-use-case-usage" => "x-business-use-case-usage",
        "x-ad-account-usage" => "x-ad-account-usage",
        _ => "x-app-usage",
    };
    let mut error = GraphError::new(StatusCode::BAD_REQUEST, code, message)
        .user(
            "Too many calls",
            "There have been too many calls. Wait a bit and try again.",
        )
        .transient();
    error.headers.push((name, usage));
    error
}

/// The server error for `code` (1 → 500, 2 → 503).
pub fn server_error(code: Option<u32>) -> GraphError {
    match code.unwrap_or(1) {
        2 => GraphError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            2,
            "An unexpected error has occurred. Please retry your request later.",
        ),
        code => GraphError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            code,
            "An unknown error occurred",
        ),
    }
    .transient()
}

/// A response whose body fails at once: the server closes the connection and the client sees no
/// response at all.
fn dropped() -> Response {
    let failing = futures_util::stream::once(async {
        Err::<axum::body::Bytes, std::io::Error>(std::io::Error::other(
            "connection dropped by a fault",
        ))
    });
    Response::new(Body::from_stream(failing))
}

/// The middleware applying pending faults to Graph requests (never to `/__emulator/`, the login
/// dialog or CORS preflights).
pub async fn apply(State(emulator): State<Emulator>, request: Request, next: Next) -> Response {
    let path = request.uri().path().to_owned();
    if path.starts_with("/__emulator")
        || path.ends_with("/dialog/oauth")
        || request.method() == Method::OPTIONS
    {
        return next.run(request).await;
    }
    let Some(fault) = take(&emulator, &path) else {
        return next.run(request).await;
    };
    let trace = emulator.trace_id();
    match fault.kind {
        FaultKind::Throttle => throttle_error(&fault).into_response_with_trace(&trace),
        FaultKind::ServerError => server_error(fault.code).into_response_with_trace(&trace),
        FaultKind::ExpireToken => GraphError::expired_token().into_response_with_trace(&trace),
        FaultKind::Slow => {
            tokio::time::sleep(Duration::from_millis(fault.delay_ms.unwrap_or(3_000))).await;
            next.run(request).await
        }
        FaultKind::Drop => {
            if fault.when == Some(When::After) {
                drop(next.run(request).await);
            }
            dropped()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn faults_parse_from_the_contract_shape() {
        let fault: Fault = serde_json::from_value(json!({
            "kind": "throttle", "count": 2, "path": "/events", "code": 80004,
            "usage": "{\"x\":1}"
        }))
        .unwrap();
        assert_eq!(fault.kind, FaultKind::Throttle);
        let error = throttle_error(&fault);
        assert_eq!(error.code, 80_004);
        assert!(error.transient);
        assert_eq!(
            error.headers,
            [("x-business-use-case-usage", "{\"x\":1}".to_owned())]
        );
        let fault: Fault = serde_json::from_value(json!({"kind": "drop"})).unwrap();
        assert_eq!((fault.count, fault.when), (1, None));
        assert!(serde_json::from_value::<Fault>(json!({"kind": "explode"})).is_err());
    }

    #[test]
    fn throttle_codes_choose_their_header() {
        let fault = |code| Fault {
            kind: FaultKind::Throttle,
            count: 1,
            path: None,
            code: Some(code),
            usage: None,
            header: None,
            delay_ms: None,
            when: None,
        };
        assert_eq!(throttle_error(&fault(4)).headers[0].0, "x-app-usage");
        assert_eq!(
            throttle_error(&fault(17)).headers[0].0,
            "x-ad-account-usage"
        );
        let buc = throttle_error(&fault(80_000));
        assert_eq!(buc.headers[0].0, "x-business-use-case-usage");
        assert!(buc.headers[0].1.contains("estimated_time_to_regain_access"));
        assert_eq!(server_error(None).status, StatusCode::INTERNAL_SERVER_ERROR);
        assert_eq!(
            server_error(Some(2)).status,
            StatusCode::SERVICE_UNAVAILABLE
        );
    }
}
