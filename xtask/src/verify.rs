//! `cargo xtask verify URL [--no-build]`: is the page a host serves the page this commit builds?
//!
//! The hosted copy's base path is the URL's path, and its app id is read from its `index.html`;
//! the same variant is written from a local build of this commit (the release build, unless
//! `--no-build` reuses the last one), and every file the local `SHA256SUMS` lists, and the list
//! itself, is fetched from the host and compared byte for byte. One line per file, then a
//! verdict; the command fails when a file differs or is missing.

use crate::command::{self, Error};
use crate::site::{self, HOST_FILES, Policy, Release, Variant};

/// How much one file may weigh (the wasm is a few MB).
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;
/// Where the local copy to compare with is written.
const LOCAL_SITE: &str = "target/verify-site";

/// One file's comparison.
#[derive(Debug, PartialEq)]
enum Verdict {
    Same,
    Differs,
    /// The host answered with this HTTP status.
    Missing(u16),
    /// A host's configuration file (`_headers`, …) the host does not publish.
    NotPublished(u16),
}

fn fetch(agent: &ureq::Agent, url: &str) -> Result<Result<Vec<u8>, u16>, Error> {
    let mut response = agent
        .get(url)
        .call()
        .map_err(|e| Error::Other(format!("{url}: {e}")))?;
    let status = response.status().as_u16();
    if !(200..300).contains(&status) {
        return Ok(Err(status));
    }
    response
        .body_mut()
        .with_config()
        .limit(MAX_FILE_BYTES)
        .read_to_vec()
        .map(Ok)
        .map_err(|e| Error::Other(format!("{url}: {e}")))
}

/// The content of `<meta name="NAME" content="…">` in `html`.
fn meta(html: &str, name: &str) -> Option<String> {
    let marker = format!("<meta name=\"{name}\" content=\"");
    let start = html.find(&marker)? + marker.len();
    let len = html[start..].find('"')?;
    Some(html[start..start + len].to_owned())
}

/// `https://host/path/` → (`https://host`, `/path/`).
fn split_url(url: &str) -> Result<(String, String), Error> {
    let scheme_end = url
        .find("://")
        .map(|at| at + 3)
        .filter(|_| url.starts_with("http://") || url.starts_with("https://"))
        .ok_or_else(|| Error::Other(format!("verify: {url:?} is not an http(s) URL")))?;
    let url = url.split(['?', '#']).next().unwrap_or(url);
    let path_start = url[scheme_end..]
        .find('/')
        .map_or(url.len(), |at| scheme_end + at);
    let path = &url[path_start..];
    // A URL naming a page (`…/index.html`) stands for its folder.
    let folder = match path.rfind('/') {
        Some(at) if path[at + 1..].contains('.') => &path[..=at],
        _ => path,
    };
    Ok((url[..path_start].to_owned(), folder.to_owned()))
}

fn compare(local: &[u8], hosted: Result<Vec<u8>, u16>, path: &str) -> Verdict {
    match hosted {
        Ok(bytes) if bytes == local => Verdict::Same,
        Ok(_) => Verdict::Differs,
        Err(status) if HOST_FILES.contains(&path) => Verdict::NotPublished(status),
        Err(status) => Verdict::Missing(status),
    }
}

/// Every file of the site in `local` against the same path under `site_url` (ending in `/`).
fn check(
    agent: &ureq::Agent,
    site_url: &str,
    local: &std::path::Path,
) -> Result<Vec<(String, Verdict)>, Error> {
    let mut verdicts = Vec::new();
    for path in site::list_files(local)? {
        let mine =
            std::fs::read(local.join(&path)).map_err(|e| Error::Other(format!("{path}: {e}")))?;
        let hosted = fetch(agent, &format!("{site_url}{path}"))?;
        verdicts.push((path.clone(), compare(&mine, hosted, &path)));
    }
    Ok(verdicts)
}

fn agent() -> ureq::Agent {
    ureq::Agent::new_with_config(
        ureq::Agent::config_builder()
            .http_status_as_error(false)
            .user_agent(concat!("hashdrop-verify/", env!("CARGO_PKG_VERSION")))
            .build(),
    )
}

/// Compare the hosted copy at `args[0]` with this commit's build.
pub fn run(args: &[String]) -> Result<(), Error> {
    let mut url = None;
    let mut build = true;
    for arg in args {
        match arg.as_str() {
            "--no-build" => build = false,
            other if url.is_none() && !other.starts_with("--") => url = Some(other.to_owned()),
            other => {
                return Err(Error::Other(format!(
                    "verify: unexpected {other:?} (usage: cargo xtask verify URL [--no-build])"
                )));
            }
        }
    }
    let url = url.ok_or_else(|| {
        Error::Other(
            "verify: which URL? (cargo xtask verify https://org.github.io/hashdrop/)".into(),
        )
    })?;
    let (origin, path) = split_url(&url)?;
    let base = Variant::new(&path, None, Policy::Production)?.base;
    let agent = agent();
    let index = fetch(&agent, &format!("{origin}{base}index.html"))?.map_err(|status| {
        Error::Other(format!(
            "{origin}{base}index.html answered HTTP {status}: is hashdrop served there?"
        ))
    })?;
    let app_id = meta(&String::from_utf8_lossy(&index), "hashdrop-app-id");
    let variant = Variant::new(&base, app_id.clone(), Policy::Production)?;
    let release = if build {
        crate::setup::build_tools()?;
        Release::build()?
    } else {
        Release::existing()?
    };
    let local = command::root().join(LOCAL_SITE);
    release.write(&variant, &local)?;
    println!(
        "Comparing {origin}{base} with this commit's build (base {base}, app id {}):",
        app_id.as_deref().unwrap_or("none")
    );
    let mut bad = 0;
    for (path, verdict) in check(&agent, &format!("{origin}{base}"), &local)? {
        let line = match verdict {
            Verdict::Same => "same".to_owned(),
            Verdict::Differs => {
                bad += 1;
                "DIFFERS".to_owned()
            }
            Verdict::Missing(status) => {
                bad += 1;
                format!("MISSING (HTTP {status})")
            }
            Verdict::NotPublished(status) => {
                format!("not published (HTTP {status}): a host configuration file")
            }
        };
        println!("  {line:<10} {path}");
    }
    if bad == 0 {
        println!("verify: every file is the one this commit builds");
        Ok(())
    } else {
        Err(Error::Other(format!(
            "verify: {bad} file(s) differ from this commit's build or are missing"
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_url_gives_the_origin_and_the_base() {
        let split = |url: &str| split_url(url).map_err(|e| e.to_string());
        assert_eq!(
            split("https://org.github.io/hashdrop/"),
            Ok(("https://org.github.io".into(), "/hashdrop/".into()))
        );
        assert_eq!(
            split("https://org.github.io/hashdrop/index.html?x#y"),
            Ok(("https://org.github.io".into(), "/hashdrop/".into()))
        );
        assert_eq!(
            split("http://127.0.0.1:8080"),
            Ok(("http://127.0.0.1:8080".into(), String::new()))
        );
        assert!(split("ftp://x/").is_err());
    }

    #[test]
    fn the_app_id_is_read_from_the_hosted_page() {
        let html = "<meta charset=\"utf-8\" />\n<meta name=\"hashdrop-app-id\" content=\"4242\" />";
        assert_eq!(meta(html, "hashdrop-app-id").as_deref(), Some("4242"));
        assert_eq!(meta("<html>", "hashdrop-app-id"), None);
    }

    #[test]
    fn a_served_copy_with_one_file_altered_is_reported() {
        let scratch = std::env::temp_dir().join(format!("hashdrop-verify-{}", std::process::id()));
        let local = scratch.join("local");
        let hosted = scratch.join("hosted").join("hashdrop");
        for dir in [&local, &hosted] {
            std::fs::create_dir_all(dir).unwrap_or_else(|e| panic!("{e}"));
            for (file, text) in [
                ("index.html", "<html>"),
                ("app.js", "1"),
                ("_headers", "/*"),
            ] {
                std::fs::write(dir.join(file), text).unwrap_or_else(|e| panic!("{e}"));
            }
        }
        // GitHub Pages does not publish `_headers`; a host may alter a script.
        std::fs::remove_file(hosted.join("_headers")).unwrap_or_else(|e| panic!("{e}"));
        std::fs::write(hosted.join("app.js"), "2").unwrap_or_else(|e| panic!("{e}"));
        let listener = std::net::TcpListener::bind(("127.0.0.1", 0));
        let listener = listener.unwrap_or_else(|e| panic!("{e}"));
        let address = listener.local_addr().unwrap_or_else(|e| panic!("{e}"));
        crate::static_server::spawn_pages(listener, scratch.join("hosted"));
        let verdicts = check(&agent(), &format!("http://{address}/hashdrop/"), &local);
        let verdicts = verdicts.unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            verdicts,
            vec![
                ("_headers".to_owned(), Verdict::NotPublished(404)),
                ("app.js".to_owned(), Verdict::Differs),
                ("index.html".to_owned(), Verdict::Same),
            ]
        );
        let _ = std::fs::remove_dir_all(&scratch);
    }

    #[test]
    fn files_are_same_different_missing_or_host_configuration() {
        assert_eq!(compare(b"a", Ok(b"a".to_vec()), "x.js"), Verdict::Same);
        assert_eq!(compare(b"a", Ok(b"b".to_vec()), "x.js"), Verdict::Differs);
        assert_eq!(compare(b"a", Err(404), "x.js"), Verdict::Missing(404));
        assert_eq!(
            compare(b"a", Err(404), "_headers"),
            Verdict::NotPublished(404)
        );
        assert_eq!(
            compare(b"a", Ok(b"b".to_vec()), "_headers"),
            Verdict::Differs
        );
    }
}
