//! Small static file servers for the built site, on 127.0.0.1. GET and HEAD only.
//!
//! Trunk's own server rebuilds and injects a live-reload script; tests and demos want the exact
//! site a static host would serve, so we serve it ourselves, two ways:
//!
//! - [`spawn`]: like Netlify or Cloudflare Pages with the site's `_headers` and `_redirects`:
//!   every response carries the headers, and paths without a file extension get `index.html`
//!   so every screen of the app is reachable by URL (`cargo xtask serve`, most tests).
//! - [`spawn_pages`]: like GitHub Pages: files as they are (a folder's `index.html`), and for
//!   anything else the nearest `404.html` with status 404; no headers of the site's, and
//!   GitHub's `Cache-Control: max-age=600`. The deep-link, policy and offline tests use it.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;

/// How a server finds what to answer.
#[derive(Clone, Copy)]
enum Host {
    /// Netlify-like: `_headers` applied, extension-less paths get `index.html`.
    Headers,
    /// GitHub Pages-like: files as they are, `404.html` for the rest.
    Pages,
}

/// Serve `dir` on `listener` from a background thread, Netlify-like; returns immediately.
///
/// Every response carries the headers that `dir/_headers` (written by `cargo xtask dist`) gives
/// the whole site, so what is tested here is what a static host sends,
/// Content-Security-Policy with `frame-ancestors` included.
pub fn spawn(listener: TcpListener, dir: PathBuf) {
    let mut headers = std::fs::read_to_string(dir.join("_headers"))
        .map(|text| header_block(&text))
        .unwrap_or_default();
    // Tests and demos must always see the current build.
    headers.push_str("Cache-Control: no-store\r\n");
    serve(listener, dir, headers, Host::Headers);
}

/// Serve `root` on `listener` from a background thread, GitHub Pages-like; returns immediately.
/// The files are read at each request, so a test can put a newer build in their place.
pub fn spawn_pages(listener: TcpListener, root: PathBuf) {
    serve(
        listener,
        root,
        "Cache-Control: max-age=600\r\n".into(),
        Host::Pages,
    );
}

fn serve(listener: TcpListener, dir: PathBuf, headers: String, host: Host) {
    let site = Arc::new((dir, headers));
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let site = Arc::clone(&site);
            std::thread::spawn(move || {
                // A client that hangs up mid-response is not our problem to report.
                let _ = respond(stream, &site.0, &site.1, host);
            });
        }
    });
}

/// The `Name: value` lines of the first catch-all block (`/*`, `/base/*`) of a `_headers`
/// file, as HTTP header lines.
fn header_block(text: &str) -> String {
    let mut block = String::new();
    let mut in_all = false;
    let mut seen = false;
    for line in text.lines() {
        if line.trim_start().starts_with('#') || line.trim().is_empty() {
            continue;
        }
        if !line.starts_with(char::is_whitespace) {
            in_all = !seen && line.trim().starts_with('/') && line.trim().ends_with("/*");
            seen |= in_all;
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

/// The request path as a path relative to the site's folder; `None` for anything that climbs
/// out of it.
fn relative(request_path: &str) -> Option<&Path> {
    let path = request_path.split(['?', '#']).next().unwrap_or("/");
    let relative = Path::new(path.trim_start_matches('/'));
    if relative
        .components()
        .any(|c| !matches!(c, Component::Normal(_)))
    {
        return None;
    }
    Some(relative)
}

/// GitHub Pages' answer: the file (a folder's `index.html`), or else the `404.html` nearest to
/// the path, with whether it was found.
fn resolve_pages(root: &Path, request_path: &str) -> Option<(bool, PathBuf)> {
    let relative = relative(request_path)?;
    let candidate = root.join(relative);
    if candidate.is_file() {
        return Some((true, candidate));
    }
    if candidate.join("index.html").is_file() {
        return Some((true, candidate.join("index.html")));
    }
    relative
        .ancestors()
        .map(|folder| root.join(folder).join("404.html"))
        .find(|page| page.is_file())
        .map(|page| (false, page))
}

/// Map a request path to a file under `dir`, refusing anything that climbs out of it.
fn resolve(dir: &Path, request_path: &str) -> Option<PathBuf> {
    let relative = relative(request_path)?;
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

fn respond(stream: TcpStream, dir: &Path, headers: &str, host: Host) -> std::io::Result<()> {
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
    let found = match host {
        Host::Headers => resolve(dir, target).map(|file| (true, file)),
        Host::Pages => resolve_pages(dir, target),
    };
    let Some((found, file)) = found else {
        return write!(
            stream,
            "HTTP/1.1 404 Not Found\r\n{headers}Content-Length: 0\r\nConnection: close\r\n\r\n"
        );
    };
    let body = std::fs::read(&file)?;
    let status = if found { "200 OK" } else { "404 Not Found" };
    write!(
        stream,
        "HTTP/1.1 {status}\r\nContent-Type: {}\r\n{headers}Content-Length: {}\r\nConnection: close\r\n\r\n",
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
        let under_base = "/hashdrop/*\n  X-A: 1\n/hashdrop/x/*\n  X-B: 2\n";
        assert_eq!(header_block(under_base), "X-A: 1\r\n");
    }

    #[test]
    fn pages_serve_files_as_they_are_and_404_html_for_the_rest() {
        let root = std::env::temp_dir().join(format!("hashdrop-pages-{}", std::process::id()));
        let site = root.join("hashdrop");
        std::fs::create_dir_all(&site).unwrap_or_else(|e| panic!("{e}"));
        for file in ["index.html", "404.html", "app.js"] {
            std::fs::write(site.join(file), file).unwrap_or_else(|e| panic!("{e}"));
        }
        assert_eq!(
            resolve_pages(&root, "/hashdrop/app.js"),
            Some((true, site.join("app.js")))
        );
        assert_eq!(
            resolve_pages(&root, "/hashdrop/"),
            Some((true, site.join("index.html")))
        );
        assert_eq!(
            resolve_pages(&root, "/hashdrop"),
            Some((true, site.join("index.html")))
        );
        assert_eq!(
            resolve_pages(&root, "/hashdrop/manage/sets?x=1"),
            Some((false, site.join("404.html")))
        );
        assert_eq!(
            resolve_pages(&root, "/hashdrop/gone.js"),
            Some((false, site.join("404.html")))
        );
        // Outside the project's folder there is no 404 page of ours.
        assert_eq!(resolve_pages(&root, "/elsewhere"), None);
        assert_eq!(resolve_pages(&root, "/hashdrop/../x"), None);
        let _ = std::fs::remove_dir_all(&root);
    }

    #[test]
    fn wasm_is_served_as_wasm() {
        assert_eq!(content_type(Path::new("app_bg.wasm")), "application/wasm");
    }
}
