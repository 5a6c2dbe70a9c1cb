//! The browser transport in a real browser
//! (`wasm-pack test --headless --chrome|--firefox crates/graph`).
#![cfg(target_arch = "wasm32")]
// Clippy only recognises `#[test]` functions as tests; these are tests too.
#![allow(clippy::unwrap_used, clippy::panic)]

use graph::{
    BrowserSleep, BrowserTransport, HttpRequest, Method, Sleep, Transport, TransportError,
};
use std::future::Future;
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

/// Answers every call with `answer` through the real `fetch`: the client's request (a form POST
/// with its body and `Content-Type`) goes to a `data:` URL holding the answer.
struct Answering {
    inner: BrowserTransport,
    answer: &'static str,
    sent: std::cell::RefCell<Vec<HttpRequest>>,
}

impl Transport for Answering {
    fn send(
        &self,
        mut request: HttpRequest,
    ) -> impl Future<Output = Result<graph::HttpResponse, TransportError>> {
        self.sent.borrow_mut().push(request.clone());
        request.url = format!(
            "data:application/json,{}",
            js_sys::encode_uri_component(self.answer)
        );
        self.inner.send(request)
    }
}

fn answering(answer: &'static str) -> graph::Client<Answering> {
    graph::Client::new(
        Answering {
            inner: BrowserTransport::new(),
            answer,
            sent: std::cell::RefCell::default(),
        },
        graph::Settings::with_base_url("https://graph.facebook.com"),
        graph::AccessToken::new("browser-token"),
    )
}

#[wasm_bindgen_test]
async fn a_read_goes_through_fetch_as_a_simple_form_post() {
    let client = answering(r#"{"id":"400000000000004","name":"Pixel"}"#);
    let id = graph::ObjectId::new("400000000000004").unwrap();
    let reply = client.send(&graph::datasets::read(&id)).await.unwrap();
    assert_eq!(reply.value.name.as_deref(), Some("Pixel"));
    let sent = client.transport().sent.borrow()[0].clone();
    assert_eq!(sent.method, Method::Post);
    assert!(sent.is_cors_simple());
    assert_eq!(sent.url, "https://graph.facebook.com/v24.0/400000000000004");
    assert!(sent.form().contains(&("method".into(), "get".into())));
    assert!(
        sent.form()
            .contains(&("access_token".into(), "browser-token".into()))
    );
}

#[wasm_bindgen_test]
async fn an_error_answered_with_status_200_is_an_error_in_the_browser_too() {
    // `suppress_http_code=1`: Graph answers 200 with the error in the body.
    let client = answering(r#"{"error":{"message":"(#200) Permissions error","code":200}}"#);
    let account = graph::AdAccountId::new("act_200000000000002").unwrap();
    let error = client
        .send(&graph::custom_conversions::list(&account))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "graph_permission");
}
