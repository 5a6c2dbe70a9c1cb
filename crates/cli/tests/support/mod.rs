//! What the command line's tests share: an in-process Graph API emulator on a free port, the
//! built `hashdrop` binary, scratch folders, and the emulator's control API (called with the
//! graph crate's native transport, which sends any request as given).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use graph::{HttpRequest, Method, NativeTransport, Transport};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

/// The token the test emulator allows everything.
pub const TOKEN: &str = "EAAtest-cli-token-0123456789";
/// The emulator's clock and the settings' `now` (the sample's events fall in its window).
pub const NOW: i64 = 1_795_132_800;
/// The emulator's seeded dataset.
pub const DATASET: &str = "400000000000004";
/// The shared sample: 300 rows, 287 accepted, 13 rejected.
pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../events/tests/cases/store-sales/input.csv"
);
/// Accepted rows of the sample.
pub const SAMPLE_ACCEPTED: u64 = 287;

/// An emulator on 127.0.0.1, for the test's life.
pub struct Emulator {
    /// Its base URL.
    pub url: String,
}

impl Emulator {
    /// Start one (its own runtime on its own thread).
    pub fn start() -> Emulator {
        let (sender, receiver) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .unwrap();
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
                sender.send(listener.local_addr().unwrap()).unwrap();
                let app = emulator::router(emulator::Config::new(TOKEN).with_now(NOW));
                axum::serve(listener, app).await.unwrap();
            });
        });
        let address = receiver.recv().unwrap();
        Emulator {
            url: format!("http://{address}"),
        }
    }

    fn control(&self, method: Method, path: &str, body: Option<Value>) -> Value {
        let request = HttpRequest {
            method,
            url: format!("{}/__emulator/{path}", self.url),
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.map(|b| b.to_string()),
            timeout_ms: 10_000,
        };
        let response =
            futures_executor::block_on(NativeTransport::with_proxy(None).send(request)).unwrap();
        assert!(response.status < 300, "{path}: {}", response.body);
        serde_json::from_str(&response.body).unwrap_or(Value::Null)
    }

    /// Queue a fault (`/__emulator/faults`).
    pub fn fault(&self, fault: Value) {
        self.control(Method::Post, "faults", Some(fault));
    }

    /// Clear the pending faults.
    pub fn clear_faults(&self) {
        self.control(Method::Delete, "faults", None);
    }

    /// What arrived at the dataset: `{ data, received, unique, duplicates }`.
    pub fn events(&self) -> Value {
        self.control(Method::Get, &format!("events?target={DATASET}"), None)
    }

    /// Events received (duplicates included) and duplicates, at the dataset.
    pub fn counts(&self) -> (u64, u64) {
        let events = self.events();
        (
            events["received"].as_u64().unwrap(),
            events["duplicates"].as_u64().unwrap(),
        )
    }

    /// How many times each event id arrived at the dataset.
    pub fn arrivals(&self) -> std::collections::BTreeMap<String, u64> {
        let mut arrivals = std::collections::BTreeMap::new();
        for event in self.events()["data"].as_array().unwrap() {
            let id = event["event_id"].as_str().unwrap().to_owned();
            *arrivals.entry(id).or_insert(0) += 1;
        }
        arrivals
    }
}

/// A fresh folder for one test.
pub fn scratch(name: &str) -> PathBuf {
    static NEXT: AtomicU32 = AtomicU32::new(0);
    let dir = std::env::temp_dir().join(format!(
        "hashdrop-cli-{name}-{}-{}",
        std::process::id(),
        NEXT.fetch_add(1, Ordering::SeqCst)
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The sample copied into `dir` (the upload's progress is kept by the file's path).
pub fn sample_in(dir: &Path) -> PathBuf {
    let path = dir.join("store-sales.csv");
    std::fs::copy(SAMPLE, &path).unwrap();
    path
}

/// The built binary, with a clean environment: no token, no proxy, state under `dir`.
pub fn hashdrop(dir: &Path) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hashdrop"));
    for name in [
        "HASHDROP_TOKEN",
        "HTTPS_PROXY",
        "https_proxy",
        "HTTP_PROXY",
        "http_proxy",
        "ALL_PROXY",
        "all_proxy",
    ] {
        command.env_remove(name);
    }
    command.env("XDG_STATE_HOME", dir.join("xdg-state"));
    command
}

/// `hashdrop upload FILE --dataset … --graph URL --now NOW --event-name Purchase` with the token,
/// short retry waits and `extra` flags.
pub fn upload(dir: &Path, file: &Path, emulator: &Emulator, extra: &[&str]) -> Command {
    let mut command = hashdrop(dir);
    command
        .arg("upload")
        .arg(file)
        .args(["--dataset", DATASET, "--graph", &emulator.url])
        .args(["--now", &NOW.to_string(), "--event-name", "Purchase"])
        .args(["--retry-delay-ms", "20", "--throttle-delay-ms", "20"])
        .args(["--state"])
        .arg(dir.join("state"))
        .args(extra)
        .env("HASHDROP_TOKEN", TOKEN);
    command
}

/// Run and return the exit code, standard output and standard error.
pub fn run(command: &mut Command) -> (i32, String, String) {
    let Output {
        status,
        stdout,
        stderr,
    } = command.output().unwrap();
    (
        status.code().unwrap_or(-1),
        String::from_utf8(stdout).unwrap(),
        String::from_utf8(stderr).unwrap(),
    )
}

/// The one upload record in `dir`'s state folder, once there is one.
pub fn try_record(dir: &Path) -> Option<Value> {
    let entry = std::fs::read_dir(dir.join("state"))
        .ok()?
        .map(|e| e.unwrap().path())
        .find(|p| p.extension().is_some_and(|e| e == "json"))?;
    Some(serde_json::from_str(&std::fs::read_to_string(entry).unwrap()).unwrap())
}

/// The one upload record in `dir`'s state folder.
pub fn record(dir: &Path) -> Value {
    try_record(dir).unwrap()
}

/// A config file of `prepareUpload` options.
pub fn config(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}
