//! Running programs with the project's tool folders first on `PATH`.

use std::ffi::OsString;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Why an xtask command failed.
#[derive(Debug)]
pub enum Error {
    /// A program could not be started at all.
    Spawn {
        program: String,
        source: std::io::Error,
    },
    /// A program ran and exited unsuccessfully.
    Failed {
        program: String,
        status: std::process::ExitStatus,
    },
    /// Anything else, said in full.
    Other(String),
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Spawn { program, source } => write!(f, "could not run `{program}`: {source}"),
            Self::Failed { program, status } => write!(f, "`{program}` failed ({status})"),
            Self::Other(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {}

/// The workspace root (the folder holding the top-level `Cargo.toml`).
pub fn root() -> PathBuf {
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest_dir.parent().unwrap_or(manifest_dir).to_path_buf()
}

/// Folder of the Node packages the tests use (`tests/package.json`).
pub fn node_dir() -> PathBuf {
    root().join("tests")
}

/// `~/.cargo/bin`, where `cargo install` puts tools.
pub fn cargo_bin() -> Option<PathBuf> {
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        return Some(PathBuf::from(home).join("bin"));
    }
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".cargo").join("bin"))
}

/// `PATH` with npm's `wasm-opt` (binaryen 132) and cargo-installed tools first. Debian's
/// binaryen must never win: its wasm-opt silently breaks wasm-bindgen 0.2.130 output.
pub fn tool_path() -> OsString {
    let mut folders = vec![node_dir().join("node_modules").join(".bin")];
    folders.extend(cargo_bin());
    if let Some(path) = std::env::var_os("PATH") {
        folders.extend(std::env::split_paths(&path));
    }
    std::env::join_paths(folders).unwrap_or_default()
}

/// A command that runs in the workspace root with the tool `PATH`.
pub fn cmd(program: &str) -> Command {
    let mut command = Command::new(program);
    command.current_dir(root()).env("PATH", tool_path());
    command
}

fn describe(command: &Command) -> String {
    let mut text = command.get_program().to_string_lossy().into_owned();
    for arg in command.get_args() {
        text.push(' ');
        text.push_str(&arg.to_string_lossy());
    }
    text
}

/// Run to completion, inheriting the terminal; fail on a non-zero exit.
pub fn run(command: &mut Command) -> Result<(), Error> {
    let program = describe(command);
    println!("$ {program}");
    let status = command.status().map_err(|source| Error::Spawn {
        program: program.clone(),
        source,
    })?;
    if status.success() {
        Ok(())
    } else {
        Err(Error::Failed { program, status })
    }
}

/// Run quietly and return stdout (trimmed), or `None` when the program is missing or fails.
pub fn output(command: &mut Command) -> Option<String> {
    let out = command
        .stdin(Stdio::null())
        .stderr(Stdio::null())
        .output()
        .ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}
