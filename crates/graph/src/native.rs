//! The native side effects (feature `native`): [`NativeTransport`] over `ureq` (HTTP/1.1,
//! rustls with the webpki roots, `HTTPS_PROXY` / `ALL_PROXY` / `NO_PROXY` honoured) and
//! [`NativeSleep`] over a timer thread.
//!
//! `ureq` blocks, and the upload runner keeps several batches in flight from one task, so each
//! request runs on its own short-lived thread and its future resolves when the answer is in: the
//! futures work under any executor (`futures_executor::block_on`, tokio, …). The transport sends
//! the [`HttpRequest`] it is given as is (method, URL, headers, body): the client decides the
//! encoding.

use crate::error::TransportError;
use crate::http::{HttpRequest, HttpResponse, Method, Sleep, Transport};
use futures_channel::oneshot;
use std::future::Future;
use std::time::Duration;

/// The largest answer read (1 GiB).
const MAX_BODY_BYTES: u64 = 1 << 30;

/// Sends requests with `ureq`. Clones share one connection pool.
#[derive(Debug, Clone)]
pub struct NativeTransport {
    agent: ureq::Agent,
}

impl Default for NativeTransport {
    fn default() -> Self {
        NativeTransport::new()
    }
}

impl NativeTransport {
    /// A transport with the proxy from the environment (`HTTPS_PROXY`, `ALL_PROXY`,
    /// `HTTP_PROXY`, lower-case too, and `NO_PROXY`).
    pub fn new() -> Self {
        NativeTransport::with_proxy(ureq::Proxy::try_from_env())
    }

    /// A transport through `proxy` (`None`: connect directly, whatever the environment says).
    pub fn with_proxy(proxy: Option<ureq::Proxy>) -> Self {
        let config = ureq::Agent::config_builder()
            // Graph's 4xx and 5xx answers carry the error JSON the client reads.
            .http_status_as_error(false)
            .proxy(proxy)
            .user_agent(concat!("hashdrop/", env!("CARGO_PKG_VERSION")))
            .build();
        NativeTransport {
            agent: ureq::Agent::new_with_config(config),
        }
    }

    /// A transport through the proxy at `url` (`http://host:port`, `socks5://…` needs ureq's
    /// socks feature).
    pub fn through_proxy(url: &str) -> Result<Self, TransportError> {
        let proxy = ureq::Proxy::new(url).map_err(|error| TransportError::Network {
            detail: format!("invalid proxy: {error}"),
        })?;
        Ok(NativeTransport::with_proxy(Some(proxy)))
    }
}

/// One exchange, blocking the calling thread.
fn exchange(agent: &ureq::Agent, request: &HttpRequest) -> Result<HttpResponse, TransportError> {
    let timeout = Some(Duration::from_millis(request.timeout_ms));
    let answer = match request.method {
        Method::Post => {
            let mut builder = agent.post(&request.url);
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let builder = builder.config().timeout_global(timeout).build();
            builder.send(request.body.as_deref().unwrap_or_default())
        }
        Method::Get | Method::Delete => {
            let mut builder = match request.method {
                Method::Delete => agent.delete(&request.url),
                _ => agent.get(&request.url),
            };
            for (name, value) in &request.headers {
                builder = builder.header(name, value);
            }
            let builder = builder.config().timeout_global(timeout).build();
            match &request.body {
                // Sent as given: a method override in a body is the client's choice.
                Some(body) => builder.force_send_body().send(body.as_str()),
                None => builder.call(),
            }
        }
    };
    let mut response = answer.map_err(|error| transport_error(error, request.timeout_ms))?;
    let status = response.status().as_u16();
    let headers = response
        .headers()
        .iter()
        .filter_map(|(name, value)| {
            value
                .to_str()
                .ok()
                .map(|value| (name.as_str().to_owned(), value.to_owned()))
        })
        .collect();
    // ureq stops at 10 MB by default; Graph's answers are far smaller, but a transport that
    // sends any request must read any answer (the emulator's list of received events).
    let body = response
        .body_mut()
        .with_config()
        .limit(MAX_BODY_BYTES)
        .read_to_string()
        .map_err(|error| transport_error(error, request.timeout_ms))?;
    Ok(HttpResponse {
        status,
        headers,
        body,
    })
}

/// `ureq`'s error as the crate's: a timeout, or a network failure (a refused or dropped
/// connection, an incomplete answer, TLS, the proxy). Its text names the host at most, never
/// the body or a header.
fn transport_error(error: ureq::Error, timeout_ms: u64) -> TransportError {
    match error {
        ureq::Error::Timeout(_) => TransportError::Timeout {
            after_ms: timeout_ms,
        },
        other => TransportError::Network {
            detail: other.to_string(),
        },
    }
}

impl Transport for NativeTransport {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        let (answer, answered) = oneshot::channel();
        let agent = self.agent.clone();
        let spawned = std::thread::Builder::new()
            .name("hashdrop-http".to_owned())
            .spawn(move || {
                // The receiver may be gone (the caller dropped the future): nothing to tell.
                let _ = answer.send(exchange(&agent, &request));
            });
        async move {
            if let Err(error) = spawned {
                return Err(TransportError::Network {
                    detail: format!("cannot start a thread for the request: {error}"),
                });
            }
            answered.await.unwrap_or_else(|_| {
                Err(TransportError::Network {
                    detail: "the request's thread ended without an answer".to_owned(),
                })
            })
        }
    }
}

/// Waits on a timer thread, without blocking the executor.
#[derive(Debug, Clone, Copy, Default)]
pub struct NativeSleep;

impl Sleep for NativeSleep {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        let (done, finished) = oneshot::channel::<()>();
        let spawned = std::thread::Builder::new()
            .name("hashdrop-sleep".to_owned())
            .spawn(move || {
                std::thread::sleep(Duration::from_millis(ms));
                let _ = done.send(());
            });
        async move {
            match spawned {
                Ok(_) => {
                    let _ = finished.await;
                }
                // No thread to wait on: wait here rather than retry at once.
                Err(_) => std::thread::sleep(Duration::from_millis(ms)),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
    use super::*;
    use std::io::{BufRead, BufReader, Read, Write};
    use std::net::{TcpListener, TcpStream};

    /// What a one-shot server saw: the request line, the headers (lower-case names) and the body.
    struct Seen {
        line: String,
        headers: Vec<(String, String)>,
        body: String,
    }

    fn read_request(stream: &TcpStream) -> Seen {
        let mut reader = BufReader::new(stream);
        let mut line = String::new();
        reader.read_line(&mut line).unwrap();
        let mut headers = Vec::new();
        loop {
            let mut header = String::new();
            reader.read_line(&mut header).unwrap();
            let header = header.trim_end();
            if header.is_empty() {
                break;
            }
            let (name, value) = header.split_once(':').unwrap();
            headers.push((name.to_ascii_lowercase(), value.trim().to_owned()));
        }
        let length = headers
            .iter()
            .find(|(name, _)| name == "content-length")
            .map_or(0, |(_, value)| value.parse().unwrap());
        let mut body = vec![0; length];
        reader.read_exact(&mut body).unwrap();
        Seen {
            line: line.trim_end().to_owned(),
            headers,
            body: String::from_utf8(body).unwrap(),
        }
    }

    /// Serve one connection with `answer` (raw bytes, then close) on a free port.
    fn serve_once(answer: &'static [u8]) -> (String, std::thread::JoinHandle<Seen>) {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let address = listener.local_addr().unwrap();
        let handle = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let seen = read_request(&stream);
            stream.write_all(answer).unwrap();
            seen
        });
        (format!("http://{address}"), handle)
    }

    fn request(method: Method, url: String, body: Option<&str>) -> HttpRequest {
        HttpRequest {
            method,
            url,
            headers: vec![
                (
                    "Content-Type".to_owned(),
                    "application/x-www-form-urlencoded".to_owned(),
                ),
                ("X-Probe".to_owned(), "1".to_owned()),
            ],
            body: body.map(str::to_owned),
            timeout_ms: 5_000,
        }
    }

    const OK: &[u8] = b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nX-FB-Trace-Id: T1\r\nContent-Length: 11\r\nConnection: close\r\n\r\n{\"ok\":true}";

    #[test]
    fn a_post_goes_out_as_given_and_the_answer_comes_back_whole() {
        let (base, server) = serve_once(OK);
        let body = "access_token=secret&method=get&data=%5B%5D";
        let answer = futures_executor::block_on(NativeTransport::with_proxy(None).send(request(
            Method::Post,
            format!("{base}/v24.0/123/events"),
            Some(body),
        )))
        .unwrap();
        let seen = server.join().unwrap();
        assert_eq!(seen.line, "POST /v24.0/123/events HTTP/1.1");
        assert_eq!(seen.body, body);
        assert!(seen.headers.contains(&("x-probe".into(), "1".into())));
        assert!(seen.headers.contains(&(
            "content-type".into(),
            "application/x-www-form-urlencoded".into()
        )));
        assert_eq!(answer.status, 200);
        assert_eq!(answer.body, "{\"ok\":true}");
        assert_eq!(answer.header("x-fb-trace-id"), Some("T1"));
    }

    #[test]
    fn get_and_delete_keep_their_method_with_or_without_a_body() {
        let (base, server) = serve_once(OK);
        futures_executor::block_on(NativeTransport::with_proxy(None).send(request(
            Method::Get,
            format!("{base}/me"),
            None,
        )))
        .unwrap();
        let seen = server.join().unwrap();
        assert_eq!(
            (seen.line.as_str(), seen.body.as_str()),
            ("GET /me HTTP/1.1", "")
        );
        let (base, server) = serve_once(OK);
        futures_executor::block_on(NativeTransport::with_proxy(None).send(request(
            Method::Delete,
            format!("{base}/42"),
            Some("access_token=t"),
        )))
        .unwrap();
        let seen = server.join().unwrap();
        assert_eq!(
            (seen.line.as_str(), seen.body.as_str()),
            ("DELETE /42 HTTP/1.1", "access_token=t")
        );
    }

    #[test]
    fn error_statuses_are_answers_not_failures() {
        let (base, server) = serve_once(
            b"HTTP/1.1 400 Bad Request\r\nContent-Length: 30\r\nConnection: close\r\n\r\n{\"error\":{\"code\":190,\"m\":\"x\"}}",
        );
        let answer = futures_executor::block_on(NativeTransport::with_proxy(None).send(request(
            Method::Post,
            base,
            Some("a=1"),
        )))
        .unwrap();
        server.join().unwrap();
        assert_eq!(answer.status, 400);
        assert!(answer.body.contains("190"));
    }

    #[test]
    fn a_dropped_connection_is_a_network_error() {
        // Headers promise 100 bytes; the server sends 5 and closes.
        let (base, server) = serve_once(
            b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\nConnection: close\r\n\r\n{\"ok\"",
        );
        let error = futures_executor::block_on(NativeTransport::with_proxy(None).send(request(
            Method::Post,
            base,
            Some("a=1"),
        )))
        .unwrap_err();
        server.join().unwrap();
        assert!(matches!(error, TransportError::Network { .. }), "{error:?}");
        let (base, server) = serve_once(b"");
        let error = futures_executor::block_on(NativeTransport::with_proxy(None).send(request(
            Method::Post,
            base,
            Some("a=1"),
        )))
        .unwrap_err();
        server.join().unwrap();
        assert!(matches!(error, TransportError::Network { .. }), "{error:?}");
    }

    #[test]
    fn no_answer_within_the_timeout_is_a_timeout() {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (stream, _) = listener.accept().unwrap();
            read_request(&stream);
            std::thread::sleep(Duration::from_millis(1_500));
        });
        let mut slow = request(Method::Post, base, Some("a=1"));
        slow.timeout_ms = 300;
        let error =
            futures_executor::block_on(NativeTransport::with_proxy(None).send(slow)).unwrap_err();
        assert_eq!(error, TransportError::Timeout { after_ms: 300 });
        server.join().unwrap();
    }

    #[test]
    fn requests_go_through_the_proxy_when_one_is_set() {
        // The proxy is asked to open a tunnel to the target, then carries the request as is.
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let proxy = format!("http://{}", listener.local_addr().unwrap());
        let server = std::thread::spawn(move || {
            let (mut stream, _) = listener.accept().unwrap();
            let connect = read_request(&stream);
            stream
                .write_all(b"HTTP/1.1 200 Connection established\r\n\r\n")
                .unwrap();
            let tunnelled = read_request(&stream);
            stream.write_all(OK).unwrap();
            (connect, tunnelled)
        });
        let transport = NativeTransport::through_proxy(&proxy).unwrap();
        let answer = futures_executor::block_on(transport.send(request(
            Method::Post,
            "http://graph.example.invalid/v24.0/1/events".to_owned(),
            Some("a=1"),
        )))
        .unwrap();
        let (connect, tunnelled) = server.join().unwrap();
        assert_eq!(connect.line, "CONNECT graph.example.invalid:80 HTTP/1.1");
        assert_eq!(tunnelled.line, "POST /v24.0/1/events HTTP/1.1");
        assert_eq!(tunnelled.body, "a=1");
        assert_eq!(answer.status, 200);
        assert!(NativeTransport::through_proxy("::not a url::").is_err());
    }

    #[test]
    fn sleep_waits_at_least_its_time() {
        let start = std::time::Instant::now();
        futures_executor::block_on(NativeSleep.sleep(50));
        assert!(start.elapsed() >= Duration::from_millis(50));
    }
}
