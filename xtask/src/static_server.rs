//! A small static file server for the built app (`dist/`), on 127.0.0.1.
//!
//! Trunk's own server rebuilds and injects a live-reload script; tests and demos want the exact
//! release build a static host would serve, with the same security headers, so we serve `dist/`
//! ourselves. GET and HEAD only; paths without a file extension fall back to `index.html` so
//! every screen of the app is reachable by URL.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// Headers every response carries (the same policy `web/_headers` gives static hosts).
const SECURITY_HEADERS: &str = "X-Content-Type-Options: nosniff\r\n\
Referrer-Policy: no-referrer\r\n\
Cross-Origin-Opener-Policy: same-origin\r\n\
Cache-Control: no-store\r\n";

/// Serve `dir` on `listener` from a background thread; returns immediately.
pub fn spawn(listener: TcpListener, dir: PathBuf) {
    let dir = Arc::new(dir);
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = Arc::clone(&dir);
            std::thread::spawn(move || {
                // A client that hangs up mid-response is not our problem to report.
                let _ = respond(stream, &dir);
            });
        }
    });
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "wasm" => "application/wasm",
        "css" => "text/css; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "json" => "application/json",
        "csv" => "text/csv; charset=utf-8",
        "ts" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Map a request path to a file under `dir`, refusing anything that climbs out of it.
fn resolve(dir: &Path, request_path: &str) -> Option<PathBuf> {
    let path = request_path.split(['?', '#']).next().unwrap_or("/");
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    let candidate = dir.join(relative);
    if candidate.is_file() {
        return Some(candidate);
    }
    // Client-side routes (`/upload/check`) have no extension: serve the app shell.
    if relative.extension().is_none() {
        Some(dir.join("index.html"))
    } else {
        None
    }
}

fn respond(stream: TcpStream, dir: &Path) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    // Drain the headers; nothing in them changes what we serve.
    let mut header = String::new();
    while reader.read_line(&mut header)? > 2 {
        header.clear();
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or_default();
    let target = parts.next().unwrap_or("/");
    let mut stream = stream;
    if method != "GET" && method != "HEAD" {
        return write!(
            stream,
            "HTTP/1.1 405 Method Not Allowed\r\nAllow: GET, HEAD\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
        );
    }
    let Some(file) = resolve(dir, target) else {
        return write!(
            stream,
            "HTTP/1.1 404 Not Found\r\n{SECURITY_HEADERS}Content-Length: 0\r\nConnection: close\r\n\r\n"
        );
    };
    let body = std::fs::read(&file)?;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\n{SECURITY_HEADERS}Content-Length: {}\r\nConnection: close\r\n\r\n",
        content_type(&file),
        body.len()
    )?;
    if method == "GET" {
        stream.write_all(&body)?;
    }
    stream.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_paths_that_leave_the_folder() {
        let dir = std::env::temp_dir();
        assert_eq!(resolve(&dir, "/../etc/passwd"), None);
        assert_eq!(resolve(&dir, "/a/../../x.js"), None);
    }

    #[test]
    fn routes_without_extension_get_the_app_shell() {
        let dir = Path::new("/nonexistent-dist");
        assert_eq!(
            resolve(dir, "/upload/check?x=1"),
            Some(dir.join("index.html"))
        );
        assert_eq!(resolve(dir, "/missing.js"), None);
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(content_type(Path::new("app_bg.wasm")), "application/wasm");
    }
}
