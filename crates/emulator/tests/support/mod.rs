//! A native HTTP/1.1 transport for `graph` over a tokio `TcpStream`, strict about incomplete
//! responses (a dropped connection must look like one), and an in-process emulator.
#![allow(clippy::unwrap_used, clippy::panic, dead_code)]

use graph::{HttpRequest, HttpResponse, Method, Sleep, Transport, TransportError};
use serde_json::Value;
use std::future::Future;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// The token the test emulator allows everything.
pub const TOKEN: &str = "EAAtest-root-token";
/// The emulator's fixed clock.
pub const NOW: i64 = 1_795_132_800;

/// Starts an emulator on 127.0.0.1:0 and returns its base URL.
pub async fn start() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let app = emulator::router(emulator::Config::new(TOKEN).with_now(NOW));
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    format!("http://{address}")
}

/// A `graph::Transport` over plain TCP, recording every request it sends.
#[derive(Clone, Default)]
pub struct TcpTransport {
    pub sent: Arc<Mutex<Vec<HttpRequest>>>,
}

impl TcpTransport {
    pub fn urls(&self) -> Vec<String> {
        self.sent
            .lock()
            .unwrap()
            .iter()
            .map(|r| r.url.clone())
            .collect()
    }
}

impl Transport for TcpTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        self.sent.lock().unwrap().push(request.clone());
        async move {
            let timeout = Duration::from_millis(request.timeout_ms);
            match tokio::time::timeout(timeout, exchange(&request)).await {
                Ok(result) => result,
                Err(_) => Err(TransportError::Timeout {
                    after_ms: request.timeout_ms,
                }),
            }
        }
    }
}

fn network(detail: impl Into<String>) -> TransportError {
    TransportError::Network {
        detail: detail.into(),
    }
}

async fn exchange(request: &HttpRequest) -> Result<HttpResponse, TransportError> {
    let rest = request.url.strip_prefix("http://").unwrap();
    let (host, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
    let mut stream = TcpStream::connect(host)
        .await
        .map_err(|e| network(e.to_string()))?;
    let body = request.body.clone().unwrap_or_default();
    let mut head = format!(
        "{} {path} HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\nContent-Length: {}\r\n",
        request.method.as_str(),
        body.len()
    );
    for (name, value) in &request.headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream
        .write_all(format!("{head}{body}").as_bytes())
        .await
        .map_err(|e| network(e.to_string()))?;
    let mut raw = Vec::new();
    stream
        .read_to_end(&mut raw)
        .await
        .map_err(|e| network(e.to_string()))?;
    parse(&raw)
}

fn parse(raw: &[u8]) -> Result<HttpResponse, TransportError> {
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or_else(|| network("connection closed before the response headers"))?;
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let payload = &raw[split + 4..];
    let mut lines = head.split("\r\n");
    let status: u16 = lines
        .next()
        .and_then(|line| line.split(' ').nth(1))
        .and_then(|code| code.parse().ok())
        .ok_or_else(|| network("no status line"))?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_owned()))
        .collect();
    let header = |name: &str| {
        headers
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
    };
    let body = if header("transfer-encoding").is_some_and(|v| v.contains("chunked")) {
        dechunk(payload)?
    } else if let Some(length) = header("content-length") {
        let length: usize = length.parse().map_err(|_| network("bad content-length"))?;
        if payload.len() < length {
            return Err(network("connection closed before the whole body"));
        }
        payload[..length].to_vec()
    } else {
        payload.to_vec()
    };
    Ok(HttpResponse {
        status,
        headers,
        body: String::from_utf8(body).map_err(|_| network("body is not UTF-8"))?,
    })
}

fn dechunk(mut payload: &[u8]) -> Result<Vec<u8>, TransportError> {
    let mut body = Vec::new();
    loop {
        let line_end = payload
            .windows(2)
            .position(|w| w == b"\r\n")
            .ok_or_else(|| network("connection closed inside a chunked body"))?;
        let size = std::str::from_utf8(&payload[..line_end])
            .ok()
            .and_then(|s| usize::from_str_radix(s.split(';').next()?.trim(), 16).ok())
            .ok_or_else(|| network("bad chunk size"))?;
        payload = &payload[line_end + 2..];
        if size == 0 {
            return Ok(body);
        }
        if payload.len() < size + 2 {
            return Err(network("connection closed inside a chunk"));
        }
        body.extend_from_slice(&payload[..size]);
        payload = &payload[size + 2..];
    }
}

/// Calls the control API (no token), returns its JSON.
pub async fn control(base: &str, method: Method, path: &str, body: Option<Value>) -> Value {
    let request = HttpRequest {
        method,
        url: format!("{base}/__emulator{path}"),
        headers: vec![("Content-Type".into(), "application/json".into())],
        body: body.map(|b| b.to_string()),
        timeout_ms: 10_000,
    };
    let response = exchange(&request).await.unwrap();
    assert!(
        (200..300).contains(&response.status),
        "{path}: {} {}",
        response.status,
        response.body
    );
    serde_json::from_str(&response.body).unwrap()
}

/// Queues a fault.
pub async fn fault(base: &str, fault: Value) {
    control(base, Method::Post, "/faults", Some(fault)).await;
}

/// Waits for real, in tokio (for tests that need wall-clock time to pass).
pub struct TokioSleep;

impl Sleep for TokioSleep {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        tokio::time::sleep(Duration::from_millis(ms))
    }
}
