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

/// Serve `dir` on `listener` from a background thread; returns immediately.
///
/// Every response carries the headers that `dir/_headers` (the Netlify-style file the build
/// copies from `web/_headers`) gives `/*`, so what is tested here is what a static host sends,
/// Content-Security-Policy with `frame-ancestors` included.
pub fn spawn(listener: TcpListener, dir: PathBuf) {
    let mut headers = std::fs::read_to_string(dir.join("_headers"))
        .map(|text| header_block(&text))
        .unwrap_or_default();
    // Tests and demos must always see the current build.
    headers.push_str("Cache-Control: no-store\r\n");
    let site = Arc::new((dir, headers));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let site = Arc::clone(&site);
            std::thread::spawn(move || {
                // A client that hangs up mid-response is not our problem to report.
                let _ = respond(stream, &site.0, &site.1);
            });
        }
    });
}

/// The `Name: value` lines under `/*` in a `_headers` file, as HTTP header lines.
fn header_block(text: &str) -> String {
    let mut block = String::new();
    let mut in_all = false;
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            in_all = line.trim() == "/*";
        } else if in_all && let Some((name, value)) = line.trim().split_once(':') {
            block.push_str(&format!("{}: {}\r\n", name.trim(), value.trim()));
        }
    }
    block
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

fn respond(stream: TcpStream, dir: &Path, headers: &str) -> std::io::Result<()> {
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
            "HTTP/1.1 404 Not Found\r\n{headers}Content-Length: 0\r\nConnection: close\r\n\r\n"
        );
    };
    let body = std::fs::read(&file)?;
    write!(
        stream,
        "HTTP/1.1 200 OK\r\nContent-Type: {}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
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
    fn headers_come_from_the_catch_all_block_of_the_headers_file() {
        let text = "# comment\n/*\n  X-A: 1\n  Content-Security-Policy: default-src 'none'; frame-ancestors 'none'\n/other\n  X-B: 2\n";
        assert_eq!(
            header_block(text),
            "X-A: 1\r\nContent-Security-Policy: default-src 'none'; frame-ancestors 'none'\r\n"
        );
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(content_type(Path::new("app_bg.wasm")), "application/wasm");
    }
}
