//! The site a static host serves: ONE release build of the app (Trunk, into
//! `target/app-release/`), and the variants written around it.
//!
//! A variant differs from another only in what surrounds the compiled app: the URL path it is
//! served under (`--base`), the Content-Security-Policy (production: Graph and the page's own
//! origin; development: also the local emulator), and the Facebook app id. The wasm, its glue
//! and the styles are the same bytes in every variant, so `serve`, `dist` and every end-to-end
//! test share one build, and CI pays for it once.
//!
//! Each variant holds: `index.html` (policy, base and app id in `<meta>` tags, every address
//! under the base, Subresource Integrity on scripts, styles and preloads), `404.html` (the same
//! page: GitHub Pages serves it for a deep link), `_redirects` (Netlify, Cloudflare Pages),
//! `_headers` (the policy as a header, with `frame-ancestors`), `.nojekyll` (GitHub Pages would
//! otherwise drop files starting with `_`), `sw.js` (the service worker: this build's file list),
//! and `SHA256SUMS` (every other file, in `sha256sum` format, for `cargo xtask verify`).
//!
//! The build is reproducible: paths are remapped out of the wasm (the checkout and the cargo
//! home), files are listed in byte order, and nothing time- or machine-dependent is written.

use crate::command::{self, Error, cmd};
use sha2::{Digest, Sha256, Sha384};
use std::path::{Path, PathBuf};

/// Where the one release build goes (Trunk's output, before any variant is written).
const RELEASE_DIR: &str = "target/app-release";
/// The checksum list every variant ends with.
pub const SUMS_FILE: &str = "SHA256SUMS";
/// Files static hosts read as configuration; some never publish them (`verify` says so).
pub const HOST_FILES: [&str; 3] = ["_headers", "_redirects", ".nojekyll"];
/// The service worker, written from `web/sw.js` with this build's file list.
const WORKER_FILE: &str = "sw.js";
/// The line of `web/sw.js` that `cargo xtask` replaces with the build's list.
const WORKER_BUILD_LINE: &str = "const BUILD = { id: 'unbuilt', base: '/', files: [] };";

/// Which origins the page may call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Policy {
    /// Meta's Graph API and the page's own origin only.
    Production,
    /// Also the local Graph API emulator (`cargo xtask serve`, the end-to-end tests).
    Development,
}

impl Policy {
    /// The Content-Security-Policy as a `<meta>` tag carries it (`frame-ancestors` only works as
    /// a header, so it is left out here).
    pub fn meta(self) -> String {
        let emulator = match self {
            Policy::Production => "",
            Policy::Development => " http://127.0.0.1:* http://localhost:*",
        };
        format!(
            "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; \
             img-src 'self' data:; connect-src 'self' https://graph.facebook.com{emulator}; \
             worker-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; \
             object-src 'none'"
        )
    }

    /// The policy as the `Content-Security-Policy` header: the meta form and `frame-ancestors`.
    pub fn header(self) -> String {
        format!("{}; frame-ancestors 'none'", self.meta())
    }
}

/// What is written around the compiled app.
#[derive(Debug, Clone)]
pub struct Variant {
    /// The URL path the site is served under, `/` or `/path/` (leading and trailing slash).
    pub base: String,
    /// The Facebook app id for "Log in with Facebook" (digits), if given.
    pub app_id: Option<String>,
    /// Which origins the page may call.
    pub policy: Policy,
}

impl Variant {
    /// A variant served under `base` (`/hashdrop`, `hashdrop/`, `/` …: any spelling of a path).
    pub fn new(base: &str, app_id: Option<String>, policy: Policy) -> Result<Variant, Error> {
        let trimmed = base.trim().trim_matches('/');
        let safe = |c: char| c.is_ascii_alphanumeric() || "-._~/".contains(c);
        if !trimmed.chars().all(safe) || trimmed.split('/').any(|s| s == ".." || s == ".") {
            return Err(Error::Other(format!(
                "--base {base:?}: a URL path of letters, digits and - . _ ~ between slashes, such as /hashdrop/"
            )));
        }
        if let Some(id) = &app_id
            && (id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()))
        {
            return Err(Error::Other(format!(
                "--app-id {id:?}: a Facebook app id is digits only (the App ID on the app's dashboard)"
            )));
        }
        let base = if trimmed.is_empty() {
            "/".to_owned()
        } else {
            format!("/{trimmed}/")
        };
        Ok(Variant {
            base,
            app_id,
            policy,
        })
    }
}

/// The one release build: Trunk's output folder.
pub struct Release {
    dir: PathBuf,
}

/// The rustc flags that take machine paths out of the wasm (panic locations carry file paths):
/// the checkout and the cargo home become fixed names, so two machines build the same bytes.
fn remap_flags() -> String {
    let root = command::root();
    let mut flags = format!("--remap-path-prefix={}=/hashdrop", root.display());
    if let Some(bin) = command::cargo_bin()
        && let Some(home) = bin.parent()
    {
        flags.push_str(&format!(" --remap-path-prefix={}=/cargo", home.display()));
    }
    flags
}

impl Release {
    /// Build the app with Trunk (release), once.
    pub fn build() -> Result<Release, Error> {
        // Trunk runs cargo with --offline (Trunk.toml), so every crate must be fetched first.
        command::run(cmd("cargo").args(["fetch", "--locked"]))?;
        let dir = command::root().join(RELEASE_DIR);
        // Cargo adds these to `.cargo/config.toml`'s wasm32 flags (it does not replace them).
        command::run(
            cmd("trunk")
                .args(["build", "--release", "--public-url", "/", "--dist"])
                .arg(&dir)
                .env(
                    "CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS",
                    remap_flags(),
                ),
        )?;
        Ok(Release { dir })
    }

    /// The build already made (`--no-build`); fails when there is none.
    pub fn existing() -> Result<Release, Error> {
        let dir = command::root().join(RELEASE_DIR);
        if dir.join("index.html").is_file() {
            Ok(Release { dir })
        } else {
            Err(Error::Other(format!(
                "{} has no index.html: build the app first (drop --no-build)",
                dir.display()
            )))
        }
    }

    /// Write `variant` into `out`, replacing a site written there before.
    pub fn write(&self, variant: &Variant, out: &Path) -> Result<(), Error> {
        clear(out)?;
        let mut files = Vec::new();
        for relative in list_files(&self.dir)? {
            if relative == "index.html" {
                continue;
            }
            let bytes = read(&self.dir.join(&relative))?;
            files.push((relative, bytes));
        }
        let index = read_text(&self.dir.join("index.html"))?;
        let index = page(&index, variant, &files)?;
        files.push(("index.html".into(), index.clone().into_bytes()));
        // GitHub Pages answers a path it has no file for with 404.html: the app, which then
        // routes the address it was opened at.
        files.push(("404.html".into(), index.into_bytes()));
        files.push(("_headers".into(), headers(variant).into_bytes()));
        files.push(("_redirects".into(), redirects(variant).into_bytes()));
        files.push((".nojekyll".into(), Vec::new()));
        let template = read_text(&command::root().join("web").join(WORKER_FILE))?;
        files.sort();
        let worker = service_worker(&template, variant, &files)?;
        files.push((WORKER_FILE.into(), worker.into_bytes()));
        files.sort();
        let sums = sha256sums(&files);
        files.push((SUMS_FILE.into(), sums.into_bytes()));
        for (relative, bytes) in &files {
            let path = out.join(relative);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| io_error(parent, e))?;
            }
            std::fs::write(&path, bytes).map_err(|e| io_error(&path, e))?;
        }
        Ok(())
    }
}

fn io_error(path: &Path, error: std::io::Error) -> Error {
    Error::Other(format!("{}: {error}", path.display()))
}

fn read(path: &Path) -> Result<Vec<u8>, Error> {
    std::fs::read(path).map_err(|e| io_error(path, e))
}

fn read_text(path: &Path) -> Result<String, Error> {
    std::fs::read_to_string(path).map_err(|e| io_error(path, e))
}

/// Empty `out` for a new site: it must not exist, be empty, or hold a site written before
/// (its `SHA256SUMS`), so a mistyped `--out` never deletes someone's folder.
fn clear(out: &Path) -> Result<(), Error> {
    if !out.exists() {
        return Ok(());
    }
    let empty = std::fs::read_dir(out)
        .map_err(|e| io_error(out, e))?
        .next()
        .is_none();
    if empty {
        return Ok(());
    }
    if !out.join(SUMS_FILE).is_file() && !out.join("index.html").is_file() {
        return Err(Error::Other(format!(
            "{} is not empty and holds no site written by cargo xtask (no {SUMS_FILE}): \
             choose another --out",
            out.display()
        )));
    }
    std::fs::remove_dir_all(out).map_err(|e| io_error(out, e))
}

/// Every file under `dir`, as `/`-separated paths relative to it, in byte order.
pub fn list_files(dir: &Path) -> Result<Vec<String>, Error> {
    let mut found = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).map_err(|e| io_error(&folder, e))? {
            let path = entry.map_err(|e| io_error(&folder, e))?.path();
            if path.is_dir() {
                pending.push(path);
            } else if let Ok(relative) = path.strip_prefix(dir) {
                let parts: Vec<_> = relative
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                found.push(parts.join("/"));
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Lowercase hex SHA-256.
pub fn sha256_hex(bytes: &[u8]) -> String {
    Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A Subresource Integrity value: `sha384-` and the base64 digest.
fn integrity(bytes: &[u8]) -> String {
    format!("sha384-{}", crate::pack::base64(&Sha384::digest(bytes)))
}

/// `files` (sorted) in `sha256sum`'s format: the hash, two spaces, the path.
fn sha256sums(files: &[(String, Vec<u8>)]) -> String {
    files
        .iter()
        .map(|(path, bytes)| format!("{}  {path}\n", sha256_hex(bytes)))
        .collect()
}

/// Trunk's page with the variant written in: every address under the base, the policy, the
/// base and app id `<meta>` tags, and integrity attributes on what the page loads.
fn page(trunk: &str, variant: &Variant, files: &[(String, Vec<u8>)]) -> Result<String, Error> {
    let marker = "http-equiv=\"Content-Security-Policy\" content=\"";
    let start = trunk
        .find(marker)
        .map(|at| at + marker.len())
        .ok_or_else(|| Error::Other("index.html has no Content-Security-Policy meta tag".into()))?;
    let end = trunk[start..]
        .find('"')
        .map(|len| start + len)
        .ok_or_else(|| Error::Other("index.html's policy meta tag is not closed".into()))?;
    let mut html = format!(
        "{}{}{}",
        &trunk[..start],
        variant.policy.meta(),
        &trunk[end..]
    );
    // Trunk writes every address from the root (`--public-url /`); the site lives under the base.
    if variant.base != "/" {
        html = html.replace("=\"/", &format!("=\"{}", variant.base));
    }
    let mut tags = format!(
        "<meta name=\"hashdrop-base\" content=\"{}\" />",
        variant.base
    );
    if let Some(id) = &variant.app_id {
        tags.push_str(&format!(
            "\n    <meta name=\"hashdrop-app-id\" content=\"{id}\" />"
        ));
    }
    let charset = "<meta charset=\"utf-8\" />";
    if !html.contains(charset) {
        return Err(Error::Other(format!("index.html has no {charset}")));
    }
    html = html.replacen(charset, &format!("{charset}\n    {tags}"), 1);
    with_integrity(&html, &variant.base, files)
}

/// The site's file that `address` (under `base`) names, if any.
fn file_at<'a>(address: &str, base: &str, files: &'a [(String, Vec<u8>)]) -> Option<&'a [u8]> {
    let relative = address.strip_prefix(base)?;
    files
        .iter()
        .find(|(path, _)| path == relative)
        .map(|(_, bytes)| bytes.as_slice())
}

/// Add `integrity` to every `<script src>` and to the `<link>`s that load code or styles, and
/// `data-hashdrop-wasm-integrity` beside the boot script's `data-hashdrop-wasm` (web/boot.js
/// fetches the wasm with it). Tags that already carry an integrity value keep it.
fn with_integrity(html: &str, base: &str, files: &[(String, Vec<u8>)]) -> Result<String, Error> {
    let mut out = String::with_capacity(html.len() + 1024);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        let tail = &rest[open..];
        let close = tail
            .find('>')
            .ok_or_else(|| Error::Other("index.html: a tag is not closed".into()))?;
        let tag = &tail[..close];
        out.push_str(&tag_with_integrity(tag, base, files)?);
        rest = &tail[close..];
        out.push('>');
        rest = &rest[1..];
    }
    out.push_str(rest);
    Ok(out)
}

fn attribute<'t>(tag: &'t str, name: &str) -> Option<&'t str> {
    let marker = format!(" {name}=\"");
    let start = tag.find(&marker)? + marker.len();
    let len = tag[start..].find('"')?;
    Some(&tag[start..start + len])
}

fn tag_with_integrity(tag: &str, base: &str, files: &[(String, Vec<u8>)]) -> Result<String, Error> {
    let loads = if tag.starts_with("<script") {
        attribute(tag, "src")
    } else if tag.starts_with("<link")
        && matches!(
            attribute(tag, "rel"),
            Some("stylesheet" | "modulepreload" | "preload")
        )
    {
        attribute(tag, "href")
    } else {
        None
    };
    let wasm = attribute(tag, "data-hashdrop-wasm");
    let needs_integrity = loads.is_some() && attribute(tag, "integrity").is_none();
    if !needs_integrity && wasm.is_none() {
        return Ok(tag.to_owned());
    }
    let self_closing = tag.ends_with('/');
    let mut out = tag.trim_end_matches('/').trim_end().to_owned();
    if let Some(address) = loads.filter(|_| needs_integrity) {
        let bytes = file_at(address, base, files).ok_or_else(|| {
            Error::Other(format!(
                "index.html loads {address}, which the build does not have"
            ))
        })?;
        out.push_str(&format!(" integrity=\"{}\"", integrity(bytes)));
    }
    if let Some(wasm) = wasm {
        let bytes = file_at(wasm, base, files).ok_or_else(|| {
            Error::Other(format!(
                "index.html boots {wasm}, which the build does not have"
            ))
        })?;
        out.push_str(&format!(
            " data-hashdrop-wasm-integrity=\"{}\"",
            integrity(bytes)
        ));
    }
    if self_closing {
        out.push_str(" /");
    }
    Ok(out)
}

/// `_headers` for Netlify and Cloudflare Pages: the policy and the other security headers for
/// every path under the base.
fn headers(variant: &Variant) -> String {
    format!(
        "# Security headers for static hosts that read a `_headers` file (Netlify, Cloudflare Pages),\n\
         # written by `cargo xtask dist`. index.html carries the same Content-Security-Policy in a\n\
         # meta tag for hosts that cannot set headers; only the header can forbid framing.\n\
         {base}*\n  \
         Content-Security-Policy: {csp}\n  \
         X-Content-Type-Options: nosniff\n  \
         Referrer-Policy: no-referrer\n  \
         Cross-Origin-Opener-Policy: same-origin\n  \
         Permissions-Policy: camera=(), microphone=(), geolocation=(), interest-cohort=()\n",
        base = variant.base,
        csp = variant.policy.header(),
    )
}

/// `_redirects` for Netlify and Cloudflare Pages: any address under the base that is not a file
/// gets the app (a rewrite, status 200), which routes it.
fn redirects(variant: &Variant) -> String {
    format!(
        "# Deep links (written by `cargo xtask dist`): files are served as they are; any other\n\
         # address under the base gets the app, which shows the screen it names.\n\
         {base}*  {base}index.html  200\n",
        base = variant.base
    )
}

/// `web/sw.js` with this build's list: every file the page can load (not the host's
/// configuration files, and not the worker itself), each with its integrity value, under a
/// cache named after the list's hash, so a new build is a new cache.
fn service_worker(
    template: &str,
    variant: &Variant,
    files: &[(String, Vec<u8>)],
) -> Result<String, Error> {
    if !template.contains(WORKER_BUILD_LINE) {
        return Err(Error::Other(format!(
            "web/{WORKER_FILE} has no line `{WORKER_BUILD_LINE}` to write the build into"
        )));
    }
    let shell: Vec<_> = files
        .iter()
        .filter(|(path, _)| !HOST_FILES.contains(&path.as_str()))
        .collect();
    let id = &sha256_hex(
        shell
            .iter()
            .map(|(path, bytes)| format!("{}  {path}\n", sha256_hex(bytes)))
            .collect::<String>()
            .as_bytes(),
    )[..16];
    let list: Vec<String> = shell
        .iter()
        .map(|(path, bytes)| format!("\n    ['{path}', '{}'],", integrity(bytes)))
        .collect();
    let build = format!(
        "const BUILD = {{\n  id: '{id}',\n  base: '{}',\n  files: [{}\n  ],\n}};",
        variant.base,
        list.concat()
    );
    Ok(template.replace(WORKER_BUILD_LINE, &build))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<(String, Vec<u8>)> {
        vec![
            ("app.js".into(), b"export default 1".to_vec()),
            ("app_bg.wasm".into(), b"\0asm".to_vec()),
            ("boot.js".into(), b"boot".to_vec()),
            ("style.css".into(), b"body{}".to_vec()),
        ]
    }

    const TRUNK_PAGE: &str = "<!doctype html>\n<html><head>\n<meta charset=\"utf-8\" />\n\
        <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'\" />\n\
        <link rel=\"icon\" href=\"/favicon.svg\"/>\n\
        <link rel=\"stylesheet\" href=\"/style.css\" integrity=\"sha384-kept\"/>\n\
        <link rel=\"modulepreload\" href=\"/app.js\">\n\
        <script type=\"module\" src=\"/boot.js\" data-hashdrop-js=\"/app.js\" data-hashdrop-wasm=\"/app_bg.wasm\"></script>\n\
        </head><body></body></html>";

    #[test]
    fn the_repository_page_carries_the_production_policy() {
        let index = std::fs::read_to_string(command::root().join("index.html"));
        let index = index.unwrap_or_default();
        assert!(
            index.contains(&format!("content=\"{}\"", Policy::Production.meta())),
            "index.html's meta policy is Policy::Production's"
        );
    }

    #[test]
    fn production_connects_to_graph_only_and_development_adds_the_emulator() {
        let production = Policy::Production.header();
        assert!(production.contains("connect-src 'self' https://graph.facebook.com;"));
        assert!(!production.contains("127.0.0.1") && !production.contains("localhost"));
        assert!(production.ends_with("frame-ancestors 'none'"));
        assert!(!Policy::Production.meta().contains("frame-ancestors"));
        assert!(Policy::Development.meta().contains(
            "connect-src 'self' https://graph.facebook.com http://127.0.0.1:* http://localhost:*;"
        ));
    }

    #[test]
    fn bases_and_app_ids_are_checked() {
        for (given, base) in [
            ("/", "/"),
            ("", "/"),
            ("hashdrop", "/hashdrop/"),
            ("/a/b/", "/a/b/"),
        ] {
            let variant = Variant::new(given, None, Policy::Production);
            assert_eq!(
                variant.map(|v| v.base).ok().as_deref(),
                Some(base),
                "{given}"
            );
        }
        for bad in ["/a b/", "/x\"/", "/../", "/a?b/"] {
            assert!(
                Variant::new(bad, None, Policy::Production).is_err(),
                "{bad}"
            );
        }
        assert!(Variant::new("/", Some("12345".into()), Policy::Production).is_ok());
        assert!(Variant::new("/", Some("12\"><script>".into()), Policy::Production).is_err());
        assert!(Variant::new("/", Some(String::new()), Policy::Production).is_err());
    }

    #[test]
    fn the_page_lives_under_the_base_with_its_policy_meta_tags_and_integrity() {
        let variant = Variant::new("/hashdrop/", Some("4242".into()), Policy::Production);
        let variant = variant
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let html = page(TRUNK_PAGE, &variant, &files()).map_err(|e| e.to_string());
        let html = html.unwrap_or_else(|e| panic!("{e}"));
        assert!(html.contains(&format!("content=\"{}\"", Policy::Production.meta())));
        assert!(html.contains("<meta name=\"hashdrop-base\" content=\"/hashdrop/\" />"));
        assert!(html.contains("<meta name=\"hashdrop-app-id\" content=\"4242\" />"));
        assert!(html.contains("href=\"/hashdrop/favicon.svg\""));
        assert!(!html.contains("=\"/app") && !html.contains("=\"/boot"));
        assert!(html.contains(&format!(
            "src=\"/hashdrop/boot.js\" data-hashdrop-js=\"/hashdrop/app.js\" data-hashdrop-wasm=\"/hashdrop/app_bg.wasm\" integrity=\"{}\" data-hashdrop-wasm-integrity=\"{}\"",
            integrity(b"boot"),
            integrity(b"\0asm")
        )));
        assert!(html.contains(&format!(
            "<link rel=\"modulepreload\" href=\"/hashdrop/app.js\" integrity=\"{}\">",
            integrity(b"export default 1")
        )));
        // Trunk's own value stays; the icon needs none.
        assert!(html.contains("integrity=\"sha384-kept\"/>"));
        assert!(html.contains("<link rel=\"icon\" href=\"/hashdrop/favicon.svg\"/>"));
        // No app id given: no tag (Connect then asks for one).
        let plain = Variant::new("/", None, Policy::Development).map_err(|e| e.to_string());
        let plain = plain.unwrap_or_else(|e| panic!("{e}"));
        let html = page(TRUNK_PAGE, &plain, &files()).map_err(|e| e.to_string());
        let html = html.unwrap_or_else(|e| panic!("{e}"));
        assert!(!html.contains("hashdrop-app-id"));
        assert!(html.contains("src=\"/boot.js\""));
        assert!(html.contains(&Policy::Development.meta()));
    }

    #[test]
    fn a_page_loading_a_file_the_build_lacks_is_refused() {
        let variant = Variant::new("/", None, Policy::Production).map_err(|e| e.to_string());
        let variant = variant.unwrap_or_else(|e| panic!("{e}"));
        let lacking = &files()[1..];
        assert!(page(TRUNK_PAGE, &variant, lacking).is_err());
    }

    #[test]
    fn host_files_cover_deep_links_and_headers_under_the_base() {
        let variant = Variant::new("/hashdrop/", None, Policy::Production);
        let variant = variant
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        assert!(redirects(&variant).ends_with("/hashdrop/*  /hashdrop/index.html  200\n"));
        let headers = headers(&variant);
        assert!(headers.contains(&format!(
            "\n/hashdrop/*\n  Content-Security-Policy: {}\n",
            Policy::Production.header()
        )));
    }

    #[test]
    fn sums_are_in_sha256sum_format() {
        let sums = sha256sums(&[("a.txt".into(), b"abc".to_vec())]);
        assert_eq!(
            sums,
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.txt\n"
        );
    }

    #[test]
    fn the_service_worker_lists_the_shell_and_names_its_cache_after_it() {
        let template = format!("// x\n{WORKER_BUILD_LINE}\nself.x = BUILD;\n");
        let variant = Variant::new("/hashdrop/", None, Policy::Production);
        let variant = variant
            .map_err(|e| e.to_string())
            .unwrap_or_else(|e| panic!("{e}"));
        let mut with_host = files();
        with_host.push(("_headers".into(), b"h".to_vec()));
        let written = service_worker(&template, &variant, &with_host).map_err(|e| e.to_string());
        let written = written.unwrap_or_else(|e| panic!("{e}"));
        assert!(written.contains("base: '/hashdrop/'"));
        assert!(written.contains(&format!("['boot.js', '{}'],", integrity(b"boot"))));
        assert!(!written.contains("_headers"));
        // Another build (one byte changed) is another cache.
        let mut changed = files();
        changed[2].1 = b"boot!".to_vec();
        let other = service_worker(&template, &variant, &changed).map_err(|e| e.to_string());
        let other = other.unwrap_or_else(|e| panic!("{e}"));
        let id = |text: &str| text.lines().find(|l| l.contains("id: ")).map(str::to_owned);
        assert_ne!(id(&written), id(&other));
        // The same build is the same worker, byte for byte.
        assert_eq!(
            service_worker(&template, &variant, &with_host).ok(),
            Some(written)
        );
        assert!(service_worker("no line", &variant, &files()).is_err());
    }

    #[test]
    fn the_repository_worker_template_has_the_build_line() {
        let template = std::fs::read_to_string(command::root().join("web").join(WORKER_FILE));
        assert!(template.unwrap_or_default().contains(WORKER_BUILD_LINE));
    }
}
