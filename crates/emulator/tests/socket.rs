//! Over a real socket: the server in process on 127.0.0.1:0, and the `emulator` binary as
//! `cargo xtask serve` starts it. Dropped-connection faults can only be seen here.
#![allow(clippy::unwrap_used)]

mod harness;

use harness::{DATASET, EM, NOW, TOKEN};
use serde_json::{Value, json};
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = emulator::router(emulator::Config::new(TOKEN).with_now(NOW));
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    address.to_string()
}

/// Sends one HTTP/1.1 request; returns the raw answer (empty when the connection was dropped).
async fn exchange(address: &str, method: &str, path: &str, body: &str) -> String {
    let mut stream = TcpStream::connect(address).await.unwrap();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nAuthorization: Bearer {TOKEN}\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut answer = Vec::new();
    // A reset connection is a dropped one too.
    let _ = stream.read_to_end(&mut answer).await;
    String::from_utf8_lossy(&answer).into_owned()
}

fn json_body(answer: &str) -> Value {
    let (_, body) = answer.split_once("\r\n\r\n").unwrap();
    serde_json::from_str(body).unwrap()
}

fn purchase() -> String {
    json!({"data": [{
        "event_name": "Purchase", "event_time": NOW - 60, "action_source": "physical_store",
        "user_data": {"em": [EM]}, "custom_data": {"value": 1, "currency": "EUR"}
    }]})
    .to_string()
}

async fn received(address: &str) -> i64 {
    json_body(&exchange(address, "GET", "/__emulator/events", "").await)["received"]
        .as_i64()
        .unwrap()
}

#[tokio::test]
async fn events_over_http() {
    let address = start().await;
    let answer = exchange(
        &address,
        "POST",
        &format!("/v21.0/{DATASET}/events"),
        &purchase(),
    )
    .await;
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.to_lowercase().contains("x-fb-trace-id:"));
    let body = json_body(&answer);
    assert_eq!(body["events_received"], 1);
    assert_eq!(body["messages"], json!([]));
    assert!(body["fbtrace_id"].is_string());
}

#[tokio::test]
async fn dropped_connections_before_and_after_processing() {
    let address = start().await;
    let uri = format!("/v21.0/{DATASET}/events");
    exchange(
        &address,
        "POST",
        "/__emulator/faults",
        r#"{"kind": "drop", "path": "/events"}"#,
    )
    .await;
    let answer = exchange(&address, "POST", &uri, &purchase()).await;
    assert_eq!(answer, "", "no response at all");
    assert_eq!(
        received(&address).await,
        0,
        "dropped before: nothing stored"
    );
    exchange(
        &address,
        "POST",
        "/__emulator/faults",
        r#"{"kind": "drop", "when": "after"}"#,
    )
    .await;
    let answer = exchange(&address, "POST", &uri, &purchase()).await;
    assert_eq!(answer, "");
    assert_eq!(
        received(&address).await,
        1,
        "dropped after: stored, but the client never heard"
    );
    // The retry is a duplicate, which the counts show.
    exchange(&address, "POST", &uri, &purchase()).await;
    let events = json_body(&exchange(&address, "GET", "/__emulator/events", "").await);
    assert_eq!(
        (events["received"].as_i64(), events["duplicates"].as_i64()),
        (Some(2), Some(1))
    );
}

#[test]
fn the_binary_prints_its_url_first_and_serves() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emulator"))
        .args(["--port", "0", "--token", "BIN", "--now", &NOW.to_string()])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let url = first
        .split_whitespace()
        .find(|w| w.starts_with("http://127.0.0.1:"))
        .unwrap()
        .to_owned();
    let address = url.trim_start_matches("http://").to_owned();
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let answer = runtime.block_on(async {
        let mut stream = TcpStream::connect(&address).await.unwrap();
        let request = format!("GET /v21.0/{DATASET}?fields=name HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\nAuthorization: Bearer BIN\r\n\r\n");
        stream.write_all(request.as_bytes()).await.unwrap();
        let mut answer = String::new();
        stream.read_to_string(&mut answer).await.unwrap();
        answer
    });
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert_eq!(json_body(&answer)["name"], "hashdrop Demo Dataset");
}

#[test]
fn without_a_token_one_is_generated_and_printed() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_emulator"))
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stdout.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    let second = lines.next().unwrap().unwrap();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(first.contains("http://127.0.0.1:"), "{first}");
    assert!(
        second.contains("generated demo token: hashdrop-demo-"),
        "{second}"
    );
}
