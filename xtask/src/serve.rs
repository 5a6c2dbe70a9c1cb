//! `cargo xtask serve`: the app and the Graph API emulator, side by side on 127.0.0.1.

use crate::command::{self, Error, cmd};
use crate::{site, static_server};
use std::io::{BufRead, BufReader};
use std::net::TcpListener;
use std::process::{Child, Stdio};

/// The demo token the emulator accepts when served for people (tests use their own).
pub const DEMO_TOKEN: &str = "hashdrop-demo-token";

/// A running emulator; killed when dropped.
pub struct Emulator {
    child: Child,
    /// `http://127.0.0.1:PORT`
    pub url: String,
}

impl Drop for Emulator {
    fn drop(&mut self) {
        // Already gone is fine: we only want it not to outlive us.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Where the development variant is written: the site `serve`, the screenshots and the
/// end-to-end tests use (at the root, allowing the local emulator).
pub const DEV_SITE: &str = "target/site-dev";

/// The release build (Trunk, once) and the development variant written around it.
pub fn build_app() -> Result<(), Error> {
    write_dev_site(&site::Release::build()?)
}

/// Write the development variant of `release` into [`DEV_SITE`].
pub fn write_dev_site(release: &site::Release) -> Result<(), Error> {
    let variant = site::Variant::new("/", None, site::Policy::Development)?;
    release.write(&variant, &command::root().join(DEV_SITE))
}

/// Start the emulator on `port` (0 = any free port) and wait for its "listening" line.
pub fn start_emulator(port: u16, token: &str) -> Result<Emulator, Error> {
    launch_emulator(port, token, &[])
}

/// Start the emulator for the end-to-end tests, on any free port, in strict CORS mode: it
/// refuses every preflight, so a browser call that needs one (a header Graph is not known to
/// allow, a non-simple method) fails the test that made it.
pub fn start_test_emulator(token: &str) -> Result<Emulator, Error> {
    launch_emulator(0, token, &["--strict-cors"])
}

fn launch_emulator(port: u16, token: &str, flags: &[&str]) -> Result<Emulator, Error> {
    command::run(cmd("cargo").args(["build", "--quiet", "--package", "emulator"]))?;
    let mut child = cmd("cargo")
        .args([
            "run",
            "--quiet",
            "--package",
            "emulator",
            "--",
            "--port",
            &port.to_string(),
            "--token",
            token,
        ])
        .args(flags)
        .stdout(Stdio::piped())
        .spawn()
        .map_err(|source| Error::Spawn {
            program: "cargo run --package emulator".into(),
            source,
        })?;
    let stdout = child
        .stdout
        .take()
        .ok_or_else(|| Error::Other("emulator has no stdout".into()))?;
    let mut lines = BufReader::new(stdout).lines();
    let first = lines.next().and_then(Result::ok).unwrap_or_default();
    let Some(url) = first
        .split_whitespace()
        .find(|word| word.starts_with("http://"))
    else {
        let _ = child.kill();
        return Err(Error::Other(format!(
            "the emulator did not start (it said: {first:?})"
        )));
    };
    let url = url.to_owned();
    // Keep draining its output so it never blocks on a full pipe.
    std::thread::spawn(move || lines.for_each(drop));
    Ok(Emulator { child, url })
}

/// Serve the development site ([`DEV_SITE`]) on 127.0.0.1:`port` (0 = any free port), with
/// the headers of its `_headers`; returns the app's URL.
pub fn serve_app(port: u16) -> Result<String, Error> {
    let dir = command::root().join(DEV_SITE);
    let listener = listen(port, &dir)?;
    let address = local_address(&listener)?;
    static_server::spawn(listener, dir);
    Ok(address)
}

/// Serve `root` the way GitHub Pages serves a repository's site (files as they are, `404.html`
/// for the rest, no headers of ours) on any free port; returns `http://127.0.0.1:PORT`.
pub fn serve_pages(root: &std::path::Path) -> Result<String, Error> {
    let listener = listen(0, root)?;
    let address = local_address(&listener)?;
    static_server::spawn_pages(listener, root.to_path_buf());
    Ok(address)
}

fn listen(port: u16, dir: &std::path::Path) -> Result<TcpListener, Error> {
    if !dir.is_dir() {
        return Err(Error::Other(format!(
            "{} does not exist: build the app first",
            dir.display()
        )));
    }
    TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| Error::Other(format!("cannot listen on 127.0.0.1:{port}: {e}")))
}

fn local_address(listener: &TcpListener) -> Result<String, Error> {
    let address = listener
        .local_addr()
        .map_err(|e| Error::Other(e.to_string()))?;
    Ok(format!("http://{address}"))
}

fn flag(args: &[String], name: &str, default: u16) -> Result<u16, Error> {
    match args.iter().position(|a| a == name) {
        None => Ok(default),
        Some(i) => args
            .get(i + 1)
            .and_then(|v| v.parse().ok())
            .ok_or_else(|| Error::Other(format!("{name} takes a port number"))),
    }
}

/// Run until interrupted.
pub fn run(args: &[String]) -> Result<(), Error> {
    let port = flag(args, "--port", 8080)?;
    let emulator_port = flag(args, "--emulator-port", 8787)?;
    let token = match args.iter().position(|a| a == "--token") {
        Some(i) => args
            .get(i + 1)
            .cloned()
            .ok_or_else(|| Error::Other("--token takes a value".into()))?,
        None => DEMO_TOKEN.to_owned(),
    };
    crate::setup::run()?;
    build_app()?;
    let emulator = start_emulator(emulator_port, &token)?;
    let app = serve_app(port)?;
    println!();
    // The app reads its endpoint from `?graph=` (never a token): a newcomer lands on the emulator.
    println!(
        "  hashdrop app:        {app}/connect?graph={}",
        emulator.url
    );
    println!(
        "  Graph API emulator:  {}   (access token: {token})",
        emulator.url
    );
    println!();
    println!("Press Ctrl-C to stop.");
    loop {
        std::thread::park();
    }
}
