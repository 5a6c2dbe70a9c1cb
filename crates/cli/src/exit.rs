//! How a command ends: its exit code, and the error that stopped it.

use std::fmt;
use std::path::PathBuf;
use std::process::ExitCode;

/// Done: every row accepted (check, prepare) or every batch accepted (upload).
pub const DONE: u8 = 0;
/// Done, but some rows were rejected (see the report).
pub const DONE_WITH_REJECTIONS: u8 = 1;
/// Stopped: the person must act (token, permission, an invalid event, a changed file, the
/// file cannot be read or is not CSV).
pub const STOPPED: u8 = 2;
/// The command line or the settings are wrong (BSD `EX_USAGE`).
pub const USAGE: u8 = 64;

/// Why a command could not finish. Messages name files, rows, columns and codes, never a
/// value from the file or the token.
#[derive(Debug)]
#[non_exhaustive]
pub enum CliError {
    /// A flag, the config file or a setting is wrong.
    Usage(String),
    /// A file could not be read or written.
    Io {
        /// What was being done (`reading`, `writing`, …).
        action: &'static str,
        /// The file.
        path: PathBuf,
        /// The system's error.
        source: std::io::Error,
    },
    /// The file cannot be prepared at all (not CSV text, settings refused with its columns).
    Prepare(events::PrepareError),
    /// No token: neither `HASHDROP_TOKEN` nor `--token-file`.
    NoToken,
    /// The file changed since an unfinished upload of it started.
    FileChanged {
        /// The file.
        path: PathBuf,
        /// Batches the earlier run had sent and Meta accepted.
        accepted: usize,
    },
    /// The upload stopped: the person must act.
    Stopped(String),
}

impl CliError {
    /// The exit code this error ends the process with.
    pub fn exit_code(&self) -> u8 {
        match self {
            CliError::Usage(_) | CliError::NoToken => USAGE,
            CliError::Prepare(events::PrepareError::Settings(_)) => USAGE,
            _ => STOPPED,
        }
    }

    /// A usage error with this message.
    pub fn usage(message: impl Into<String>) -> CliError {
        CliError::Usage(message.into())
    }

    /// An I/O error on `path`.
    pub fn io(action: &'static str, path: impl Into<PathBuf>, source: std::io::Error) -> CliError {
        CliError::Io {
            action,
            path: path.into(),
            source,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Usage(message) => f.write_str(message),
            CliError::Io {
                action,
                path,
                source,
            } => write!(f, "{action} {}: {source}", path.display()),
            CliError::Prepare(error) => write!(f, "{error} ({})", error.code()),
            CliError::NoToken => f.write_str(
                "no access token: set HASHDROP_TOKEN or pass --token-file FILE (a token is \
                 never taken from the command line, which other users can see)",
            ),
            CliError::FileChanged { path, accepted } => write!(
                f,
                "{} changed since its upload to this target started ({accepted} batches were \
                 accepted then); resuming would mix two files. Upload the original file to \
                 finish, or run again with --restart to start this file from its first batch",
                path.display()
            ),
            CliError::Stopped(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for CliError {}

impl From<events::PrepareError> for CliError {
    fn from(error: events::PrepareError) -> Self {
        CliError::Prepare(error)
    }
}

/// The process's exit code for `code`.
pub fn exit(code: u8) -> ExitCode {
    ExitCode::from(code)
}
