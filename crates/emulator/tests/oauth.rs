//! The login dialog (`/dialog/oauth`, token flow): the consent page, the redirect back with a
//! short-lived token or Facebook's cancel parameters, the refusals, and the token's expiry on
//! the emulator's clock.
#![allow(clippy::unwrap_used)]

mod harness;

use axum::body::Body;
use axum::http::{Request, header};
use harness::*;
use serde_json::json;
use std::collections::HashMap;

const APP: &str = emulator::oauth::APP_ID;
const BACK: &str = "http://127.0.0.1:8080/connect";

fn dialog_query(state: &str) -> String {
    serde_urlencoded::to_string([
        ("client_id", APP),
        ("redirect_uri", BACK),
        ("response_type", "token"),
        ("scope", "ads_management,business_management,ads_read"),
        ("state", state),
    ])
    .unwrap()
}

async fn decide(app: &axum::Router, state: &str, decision: &str) -> Reply {
    let body = format!("{}&decision={decision}", dialog_query(state));
    let request = Request::post("/v24.0/dialog/oauth")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    send(app, request).await
}

fn params(text: &str) -> HashMap<String, String> {
    serde_urlencoded::from_str(text).unwrap()
}

#[tokio::test]
async fn the_consent_page_names_the_app_and_the_scopes_in_a_real_form() {
    let app = app();
    let page = get_as(&app, &format!("/dialog/oauth?{}", dialog_query("s1")), None).await;
    assert_eq!(page.status, 200);
    let html = page.body.as_str().unwrap();
    assert!(html.contains(emulator::oauth::APP_NAME), "{html}");
    for scope in ["ads_management", "business_management", "ads_read"] {
        assert!(html.contains(&format!("data-scope=\"{scope}\"")), "{scope}");
    }
    assert!(html.contains("<form method=\"post\" action=\"/dialog/oauth\""));
    assert!(html.contains("name=\"state\" value=\"s1\""));
    assert!(html.contains("value=\"allow\"") && html.contains("value=\"cancel\""));
    // The versioned path serves the same page.
    let versioned = get_as(
        &app,
        &format!("/v24.0/dialog/oauth?{}", dialog_query("s1")),
        None,
    )
    .await;
    assert_eq!(versioned.body, page.body);
}

#[tokio::test]
async fn continue_redirects_with_a_working_token_in_the_fragment_and_the_state() {
    let app = app();
    let reply = decide(&app, "abc 123", "allow").await;
    assert_eq!(reply.status, 303);
    let location = reply.header("location").unwrap();
    let (base, fragment) = location.split_once('#').unwrap();
    assert_eq!(
        base, BACK,
        "nothing in the query: the token is in the fragment"
    );
    let answer = params(fragment);
    assert_eq!(answer["state"], "abc 123");
    assert_eq!(answer["expires_in"], "3600");
    assert!(answer.contains_key("data_access_expiration_time"));
    let token = &answer["access_token"];
    assert!(token.starts_with("EAA") && token.len() > 40, "{token}");
    let read = get_as(&app, &format!("/v24.0/{DATASET}"), Some(token)).await;
    assert_eq!(read.status, 200, "{}", read.body);
    // Each login is a new token.
    let again = decide(&app, "abc 123", "allow").await;
    assert_ne!(again.header("location").unwrap(), location);
}

#[tokio::test]
async fn a_login_token_expires_after_the_configured_lifetime_on_the_emulator_clock() {
    let app = app();
    let set = control(&app, "POST", "oauth", json!({"expires_in": 30})).await;
    assert_eq!(set.body["expires_in"], 30);
    assert_eq!(set.body["app_id"], APP);
    let location = decide(&app, "s", "allow").await.header("location").unwrap();
    let answer = params(location.split_once('#').unwrap().1);
    assert_eq!(answer["expires_in"], "30");
    let token = answer["access_token"].clone();
    let read = |token: String| {
        let app = app.clone();
        async move { get_as(&app, &format!("/v24.0/{DATASET}"), Some(&token)).await }
    };
    control(&app, "POST", "clock", json!({"now": NOW + 29})).await;
    assert_eq!(read(token.clone()).await.status, 200);
    control(&app, "POST", "clock", json!({"now": NOW + 30})).await;
    let expired = read(token).await;
    assert_eq!((expired.code(), expired.subcode()), (Some(190), Some(463)));
    // The lifetime is the control API's to change, and at least a second.
    let refused = control(&app, "POST", "oauth", json!({"expires_in": 0})).await;
    assert_eq!(refused.status, 400);
}

#[tokio::test]
async fn cancel_redirects_with_facebooks_documented_error_parameters() {
    let app = app();
    let reply = decide(&app, "s9", "cancel").await;
    assert_eq!(reply.status, 303);
    let location = reply.header("location").unwrap();
    let (base, rest) = location.split_once('?').unwrap();
    assert_eq!(base, BACK);
    let (query, fragment) = rest.split_once('#').unwrap();
    assert_eq!(fragment, "_=_");
    let answer = params(query);
    assert_eq!(answer["error"], "access_denied");
    assert_eq!(answer["error_reason"], "user_denied");
    assert_eq!(answer["error_description"], "Permissions error");
    assert_eq!(answer["state"], "s9");
    assert!(!location.contains("access_token"));
}

#[tokio::test]
async fn the_dialog_refuses_unknown_apps_foreign_redirects_other_flows_and_unknown_scopes() {
    let app = app();
    let page = |query: String| {
        let app = app.clone();
        async move { get_as(&app, &format!("/dialog/oauth?{query}"), None).await }
    };
    let with = |name: &str, value: &str| {
        let mut fields = params(&dialog_query("s"));
        fields.insert(name.to_owned(), value.to_owned());
        serde_urlencoded::to_string(&fields).unwrap()
    };
    for (query, title) in [
        (with("client_id", "123"), "Invalid App ID"),
        (
            with("redirect_uri", "https://evil.example/cb"),
            "URL Blocked",
        ),
        (
            with("redirect_uri", "http://127.0.0.1.evil.example/cb"),
            "URL Blocked",
        ),
        (with("response_type", "code"), "Unsupported response type"),
        (
            with("scope", "ads_management,read_mailbox"),
            "Invalid Scopes",
        ),
    ] {
        let reply = page(query.clone()).await;
        assert_eq!(reply.status, 400, "{query}");
        assert!(reply.header("location").is_none());
        assert!(reply.body.as_str().unwrap().contains(title), "{query}");
    }
    // A refused dialog issues nothing, whatever is posted.
    let body = format!(
        "{}&decision=allow",
        with("redirect_uri", "https://evil.example/")
    );
    let request = Request::post("/dialog/oauth")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .body(Body::from(body))
        .unwrap();
    assert_eq!(send(&app, request).await.status, 400);
    let tokens = control(&app, "GET", "tokens", json!({})).await;
    assert_eq!(tokens.body["data"], json!({}));
}

#[tokio::test]
async fn faults_never_hit_the_dialog() {
    let app = app();
    control(&app, "POST", "faults", json!({"kind": "server_error"})).await;
    let page = get_as(&app, &format!("/dialog/oauth?{}", dialog_query("s")), None).await;
    assert_eq!(page.status, 200);
    let pending = control(&app, "GET", "faults", json!({})).await;
    assert_eq!(pending.body["data"].as_array().unwrap().len(), 1);
}
