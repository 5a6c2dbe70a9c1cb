//! The command line's grammar (clap).

use clap::{Args, Parser, Subcommand};
use std::path::PathBuf;

/// Check, prepare and upload offline conversions: identifiers are normalized and SHA-256-hashed
/// on this machine, and only hashes are sent to Meta's Graph API.
#[derive(Debug, Parser)]
// A flag given twice takes its last value (a script's defaults, then the run's own).
#[command(name = "hashdrop", version, about, long_about = None, args_override_self = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The commands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the summary, match-key coverage and rejected rows of FILE (nothing is sent).
    Check {
        /// The file and its settings.
        #[command(flatten)]
        input: Input,
        /// Write the rejection report (row, column, kind, code, message) to this CSV file.
        #[arg(long, value_name = "FILE.csv")]
        report: Option<PathBuf>,
        /// Print `{ "summary": …, "coverage": […], "rejected": […] }` on standard output.
        #[arg(long)]
        json: bool,
    },
    /// Write the hashed request bodies as NDJSON (one body a line), as the page's "Download the
    /// hashed file" does.
    Prepare {
        /// The file and its settings.
        #[command(flatten)]
        input: Input,
        /// Write here instead of standard output (written to a temporary file, then renamed).
        #[arg(short = 'o', long = "output", value_name = "OUT")]
        output: Option<PathBuf>,
    },
    /// Send FILE to a dataset (Conversions API) or an offline event set, resuming where an
    /// interrupted run of the same command stopped.
    Upload(Box<Upload>),
}

/// The input file and the settings of its preparation (`prepareUpload`'s options).
#[derive(Debug, Args)]
pub struct Input {
    /// The CSV file.
    pub file: PathBuf,
    /// JSON or TOML file whose keys are `prepareUpload`'s option names (`mapping`,
    /// `dateOrder`, `timeZone`, `country`, `eventName`, `currency`, …). Flags override it.
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// `capi` (default) or `ocapi` (option `api`; `--event-set` implies `ocapi`).
    #[arg(long)]
    pub api: Option<String>,
    /// `mdy` or `dmy` (option `dateOrder`).
    #[arg(long)]
    pub date_order: Option<String>,
    /// Zone of times written without one: `UTC`, `+08:00` or an IANA name (option `timeZone`).
    #[arg(long)]
    pub time_zone: Option<String>,
    /// Default country, ISO alpha-2 (option `country`).
    #[arg(long)]
    pub country: Option<String>,
    /// Event name for rows without one (option `eventName`).
    #[arg(long)]
    pub event_name: Option<String>,
    /// Currency for rows without one (option `currency`).
    #[arg(long)]
    pub currency: Option<String>,
    /// Action source for rows without one (option `actionSource`).
    #[arg(long)]
    pub action_source: Option<String>,
    /// `upload_tag` of every batch (option `uploadTag`; default: the file's name).
    #[arg(long)]
    pub upload_tag: Option<String>,
    /// The current time in Unix seconds, for the event-time window (option `now`; default: the
    /// clock, or the time an interrupted upload started).
    #[arg(long)]
    pub now: Option<i64>,
    /// Prepare on N cores (default: all of this machine's). The output is the same for any N.
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub jobs: Option<u16>,
}

impl Input {
    /// The threads to prepare on: `--jobs`, or one for each core of this machine.
    pub fn jobs(&self) -> usize {
        match self.jobs {
            Some(jobs) => usize::from(jobs),
            None => std::thread::available_parallelism().map_or(1, usize::from),
        }
    }
}

/// `hashdrop upload`.
#[derive(Debug, Args)]
pub struct Upload {
    /// The file and its settings.
    #[command(flatten)]
    pub input: Input,
    /// The Conversions API dataset (pixel) id.
    #[arg(
        long,
        value_name = "ID",
        conflicts_with = "event_set",
        required_unless_present = "event_set"
    )]
    pub dataset: Option<String>,
    /// The legacy offline event set id (Offline Conversions API).
    #[arg(long, value_name = "ID")]
    pub event_set: Option<String>,
    /// Prepare and report what would be sent; send nothing (no token needed).
    #[arg(long)]
    pub dry_run: bool,
    /// The Graph API base URL (e.g. the local emulator's `http://127.0.0.1:8787`).
    #[arg(long, value_name = "URL", default_value = graph::DEFAULT_BASE_URL)]
    pub graph: String,
    /// The Graph API version, `vNN.0`.
    #[arg(long, value_name = "vXX.0", default_value = graph::DEFAULT_API_VERSION)]
    pub version: String,
    /// Send to Events Manager's Test Events tab (CAPI; option `testEventCode`).
    #[arg(long, value_name = "CODE")]
    pub test_event_code: Option<String>,
    /// Read the access token from this file (otherwise from `HASHDROP_TOKEN`).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,
    /// Where upload progress is kept (default: `$XDG_STATE_HOME/hashdrop`, or
    /// `~/.local/state/hashdrop`).
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,
    /// Forget the progress of an earlier run of this file to this target and send every batch.
    #[arg(long)]
    pub restart: bool,
    /// Batches in flight at once.
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u16).range(1..=16))]
    pub concurrency: u16,
    /// Print the per-batch report as JSON on standard output.
    #[arg(long)]
    pub json: bool,
    /// Write the rejection report (row, column, kind, code, message) to this CSV file.
    #[arg(long, value_name = "FILE.csv")]
    pub report: Option<PathBuf>,
    /// Stop at the first event Meta refuses instead of skipping it and sending the rest of its
    /// batch again.
    #[arg(long)]
    pub stop_on_rejected: bool,
    /// Write the rows Meta refused and the upload skipped (row, batch, field, code, subcode,
    /// reason) to this CSV file.
    #[arg(long, value_name = "FILE.csv")]
    pub skipped_report: Option<PathBuf>,
    /// Guard: stop when more than this percentage of the file's rows would be skipped.
    #[arg(long, value_name = "PERCENT", default_value_t = 2.0, value_parser = percent)]
    pub max_skipped_share: f64,
    /// Guard: this many rows may always be skipped, whatever the file's size.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_skipped_rows: u64,
    /// Guard: stop when one batch would lose more than this many events.
    #[arg(long, value_name = "N", default_value_t = 10)]
    pub max_skipped_per_batch: usize,
    /// Seconds one call may take before it is retried.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub timeout: u64,
    /// The first wait after a transient failure, in milliseconds (doubled each retry).
    #[arg(long, value_name = "MS", default_value_t = 1_000)]
    pub retry_delay_ms: u64,
    /// The first wait after Meta throttled the calls, in milliseconds (doubled each retry).
    #[arg(long, value_name = "MS", default_value_t = 10_000)]
    pub throttle_delay_ms: u64,
    /// Tries of one batch before the upload stops.
    #[arg(long, value_name = "N", default_value_t = 6)]
    pub attempts: u32,
}

/// A percentage from 0 to 100.
fn percent(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(value) if (0.0..=100.0).contains(&value) => Ok(value),
        _ => Err(format!("{text:?} is not a percentage from 0 to 100")),
    }
}
