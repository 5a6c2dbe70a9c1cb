//! CORS for the app's origin(s): the app calls the emulator from the browser exactly as it calls
//! graph.facebook.com, and must be able to read the usage and trace headers.

use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// The response headers a page may read.
pub const EXPOSED: [&str; 4] = [
    "x-business-use-case-usage",
    "x-app-usage",
    "x-ad-account-usage",
    "x-fb-trace-id",
];

/// Whether `origin` is a local development origin (`http://127.0.0.1:*`, `http://localhost:*`).
pub fn is_local(origin: &str) -> bool {
    ["http://127.0.0.1", "http://localhost"].iter().any(|base| {
        origin.strip_prefix(base).is_some_and(|rest| {
            rest.is_empty()
                || rest.strip_prefix(':').is_some_and(|port| {
                    !port.is_empty() && port.bytes().all(|b| b.is_ascii_digit())
                })
        })
    })
}

/// The CORS layer: `origins` exactly, or any local origin when empty.
pub fn layer(origins: &[String]) -> CorsLayer {
    let allowed: Vec<String> = origins
        .iter()
        .map(|o| o.trim_end_matches('/').to_owned())
        .collect();
    let origin = AllowOrigin::predicate(move |origin: &HeaderValue, _| {
        let Ok(origin) = origin.to_str() else {
            return false;
        };
        if allowed.is_empty() {
            is_local(origin)
        } else {
            allowed.iter().any(|a| a == origin)
        }
    });
    CorsLayer::new()
        .allow_origin(origin)
        .allow_methods([Method::GET, Method::POST, Method::DELETE])
        .allow_headers([header::AUTHORIZATION, header::CONTENT_TYPE])
        .expose_headers(EXPOSED.map(HeaderName::from_static))
}

/// Strict mode's middleware (`--strict-cors`): answers every CORS preflight with 403 and no
/// CORS headers, so the browser blocks the call that needed it. hashdrop sends every Graph call
/// as a form-encoded POST, which needs none; a regression (an `Authorization` header, a JSON body,
/// a `DELETE`) then fails the end-to-end tests instead of depending on what Graph's preflight
/// allows. The refusal is logged, naming what the preflight asked for.
pub async fn refuse_preflight(request: Request, next: Next) -> Response {
    let asked = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_METHOD)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let Some(asked) = asked.filter(|_| request.method() == Method::OPTIONS) else {
        return next.run(request).await;
    };
    let headers = request
        .headers()
        .get(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_owned();
    let message = format!(
        "strict CORS: refused the preflight of {asked} {} (headers: {})",
        request.uri().path(),
        if headers.is_empty() { "none" } else { &headers }
    );
    eprintln!("emulator: {message}");
    (StatusCode::FORBIDDEN, message).into_response()
}

#[cfg(test)]
mod tests {
    use super::is_local;

    #[test]
    fn local_origins() {
        assert!(is_local("http://127.0.0.1:8080"));
        assert!(is_local("http://localhost:3000"));
        assert!(is_local("http://localhost"));
        assert!(!is_local("http://localhost.evil.example"));
        assert!(!is_local("http://127.0.0.1:80x"));
        assert!(!is_local("https://example.com"));
    }
}
