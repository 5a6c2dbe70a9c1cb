//! The browser transport in a real browser
//! (`wasm-pack test --headless --chrome|--firefox crates/graph`).
#![cfg(target_arch = "wasm32")]
// Clippy only recognises `#[test]` functions as tests; these are tests too.
#![allow(clippy::unwrap_used, clippy::panic)]

use graph::{
    BrowserSleep, BrowserTransport, HttpRequest, Method, Sleep, Transport, TransportError,
};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn get(url: &str, timeout_ms: u64) -> HttpRequest {
    HttpRequest {
        method: Method::Get,
        url: url.to_owned(),
        headers: Vec::new(),
        body: None,
        timeout_ms,
    }
}

#[wasm_bindgen_test]
async fn fetch_reads_the_status_headers_and_body() {
    let transport = BrowserTransport::new();
    let response = transport
        .send(get("data:application/json,%7B%22id%22%3A%221%22%7D", 5_000))
        .await
        .unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.body, r#"{"id":"1"}"#);
    assert_eq!(response.header("content-type"), Some("application/json"));
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_a_network_error() {
    let transport = BrowserTransport::new();
    let error = transport
        .send(get("http://127.0.0.1:1/v24.0/1", 5_000))
        .await
        .unwrap_err();
    assert!(matches!(error, TransportError::Network { .. }), "{error:?}");
}

#[wasm_bindgen_test]
async fn nothing_is_left_in_flight_and_cancel_is_harmless_afterwards() {
    let transport = BrowserTransport::new();
    let handle = transport.cancel_handle();
    transport
        .send(get("data:text/plain,ok", 5_000))
        .await
        .unwrap();
    handle.cancel();
    let again = transport
        .send(get("data:text/plain,ok", 5_000))
        .await
        .unwrap();
    assert_eq!(again.body, "ok");
}

#[wasm_bindgen_test]
async fn browser_sleep_waits() {
    let start = js_sys::Date::now();
    BrowserSleep.sleep(30).await;
    assert!(js_sys::Date::now() - start >= 25.0);
}

#[wasm_bindgen_test]
async fn a_request_slower_than_its_timeout_times_out() {
    // A zero timeout fires on the next timer tick, before the page's server can answer.
    let transport = BrowserTransport::new();
    let error = transport.send(get("/", 0)).await.unwrap_err();
    assert_eq!(error, TransportError::Timeout { after_ms: 0 });
}

#[wasm_bindgen_test]
async fn cancelling_aborts_the_request_in_flight() {
    let transport = BrowserTransport::new();
    let handle = transport.cancel_handle();
    let _timer = gloo_timers::callback::Timeout::new(0, move || handle.cancel());
    let error = transport.send(get("/", 10_000)).await.unwrap_err();
    assert_eq!(error, TransportError::Cancelled);
}
