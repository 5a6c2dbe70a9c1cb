//! What the command line's tests share: the emulator ([`emulator`]), the built `hashdrop`
//! binary, scratch folders, the sample.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU32, Ordering};

/// The shared sample: 300 rows, 287 accepted, 13 rejected.
pub const SAMPLE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../events/tests/cases/store-sales/input.csv"
);
/// Accepted rows of the sample.
pub const SAMPLE_ACCEPTED: u64 = 287;

pub mod chaos;
pub mod emulator;

pub use emulator::*;

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
