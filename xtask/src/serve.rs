//! `cargo xtask serve`: the app and the Graph API emulator, side by side on 127.0.0.1.

use crate::command::{self, Error, cmd};
use crate::static_server;
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

/// Build the app with Trunk (release, the exact files a static host would serve).
pub fn build_app() -> Result<(), Error> {
    // Trunk runs cargo with --offline (Trunk.toml), so every crate must be fetched first.
    command::run(cmd("cargo").args(["fetch", "--locked"]))?;
    command::run(cmd("trunk").args(["build", "--release"]))
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

/// Serve `dist/` on 127.0.0.1:`port` (0 = any free port); returns the app's URL.
pub fn serve_app(port: u16) -> Result<String, Error> {
    let dist = command::root().join("dist");
    if !dist.join("index.html").is_file() {
        return Err(Error::Other(format!(
            "{} has no index.html: build the app first",
            dist.display()
        )));
    }
    let listener = TcpListener::bind(("127.0.0.1", port))
        .map_err(|e| Error::Other(format!("cannot listen on 127.0.0.1:{port}: {e}")))?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::Other(e.to_string()))?;
    static_server::spawn(listener, dist);
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
