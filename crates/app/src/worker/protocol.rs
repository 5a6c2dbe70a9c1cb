//! What the File step's Web Worker and the page say to each other (plain Rust, tested natively).
//!
//! The page posts `{ job, file }`: `job` the JSON of a [`Job`], `file` the `File` itself
//! (structured clone, never read on the page). The worker posts `{ message }` (the JSON of a
//! [`FromWorker`]) and, with [`FromWorker::Done`], `bodies`: the request bodies as an array of
//! `Blob`s of UTF-8 JSON. A million rows make hundreds of megabytes of bodies: the worker moves
//! them out of its wasm memory batch by batch ([`Collector::take_bodies`]) into blobs, which the
//! browser keeps outside both wasm memories, and the page reads each back only when it is sent
//! ([`crate::platform::Bodies`]). Nothing sent over the
//! network carries a raw value from the file: only counts, row numbers, column names, codes and
//! hashed payloads. The one exception stays on the page: [`Prepared::previews`], the normalized
//! identifiers of the first rows, shown on the Mapping step and never stored.
//!
//! [`Collector`] is the worker's bookkeeping, kept here so the whole path is testable natively.
//!
//! The same worker bin previews a custom conversion's rule on a file for the Custom conversions
//! page: the page posts `{ preview, file }`, `preview` the JSON of a [`PreviewJob`], and the
//! worker answers with [`FromWorker::Previewed`] (counts, row numbers, event names, values and
//! currencies: no identifier) or [`FromWorker::PreviewFailed`].

use crate::pages::conversions::preview::{
    FilePreview, PreviewCollector, PreviewError, preview_csv,
};
use crate::platform::Bodies;
use serde::{Deserialize, Serialize};

/// Bytes read per `Blob.slice` (1 MiB: a few hundred progress steps for a large file).
pub const CHUNK_BYTES: u64 = 1 << 20;

/// Data rows the Mapping step previews (normalized values and hashes, kept on the page).
pub const PREVIEW_ROWS: usize = 5;

/// Least time between two progress messages, in milliseconds.
pub const PROGRESS_INTERVAL_MS: f64 = 100.0;

/// What the page asks the worker to do with the file posted beside it.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Job {
    /// The settings for the events crate (`now`, API, event name, file name and size, …).
    pub settings: events::Settings,
    /// How many workers prepare the file's slices: 0 or 1, the worker alone reads and prepares
    /// it in one pass; more, it coordinates that many slice workers ([`super::pool`]).
    #[serde(default)]
    pub workers: usize,
}

impl Job {
    /// A job for one worker.
    pub fn new(settings: events::Settings) -> Job {
        Job {
            settings,
            workers: 1,
        }
    }
}

/// What the page asks a worker to preview: a custom conversion's rule on the file posted beside
/// it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PreviewJob {
    /// The rule, as its JSON text.
    pub rule: String,
    /// The event name of rows without one.
    pub event_name: String,
}

impl PreviewJob {
    /// The rule, read from its JSON.
    fn rule(&self) -> Result<rules::Rule, PreviewError> {
        rules::Rule::parse(&self.rule).map_err(|e| PreviewError::File(e.to_string()))
    }

    /// A collector for this preview, fed the file chunk by chunk.
    pub fn collector(&self) -> Result<PreviewCollector, PreviewError> {
        PreviewCollector::new(&self.rule()?, &self.event_name)
    }

    /// The answer for a file held whole (native and test workers): `preview_csv`'s.
    pub fn answer_for(&self, bytes: &[u8]) -> FromWorker {
        let preview = self
            .rule()
            .and_then(|rule| preview_csv(bytes, &rule, &self.event_name));
        FromWorker::previewed(preview)
    }
}

/// A message from the worker.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
// One `Done` per file, serialized at once: boxing it would save nothing.
#[allow(clippy::large_enum_variant)]
pub enum FromWorker {
    /// The worker's wasm is loaded and it listens: the page may post the job now.
    Ready,
    /// How far the reading is.
    Progress(Progress),
    /// The file is prepared (the bodies travel beside this message).
    Done(Prepared),
    /// What the rule of a [`PreviewJob`] selects in the file.
    Previewed(FilePreview),
    /// The file cannot be previewed (`PreviewError::code` and its message).
    PreviewFailed {
        /// `file`, `event_name` or `reader`.
        code: String,
        /// For a person (never a cell's text).
        message: String,
    },
    /// The file cannot be prepared at all.
    Failed {
        /// Stable code (`bad_settings`, `invalid_utf8`, `read_failed`, …).
        code: String,
        /// For a person (never a cell's text).
        message: String,
    },
}

impl FromWorker {
    /// The JSON text posted.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// A message from its JSON text; `None` when it is not one.
    pub fn from_json(text: &str) -> Option<FromWorker> {
        serde_json::from_str(text).ok()
    }

    /// The answer of a preview.
    pub fn previewed(preview: Result<FilePreview, PreviewError>) -> FromWorker {
        match preview {
            Ok(preview) => FromWorker::Previewed(preview),
            Err(error) => FromWorker::PreviewFailed {
                code: error.code().to_owned(),
                message: error.to_string(),
            },
        }
    }

    /// What this message says of a preview: its answer, a failure of the worker as the
    /// reader's error, `None` for the others.
    pub fn preview(self) -> Option<Result<FilePreview, PreviewError>> {
        match self {
            FromWorker::Previewed(preview) => Some(Ok(preview)),
            FromWorker::PreviewFailed { code, message } => {
                Some(Err(PreviewError::from_code(&code, message)))
            }
            FromWorker::Failed { message, .. } => Some(Err(PreviewError::Reader(message))),
            FromWorker::Ready | FromWorker::Progress(_) | FromWorker::Done(_) => None,
        }
    }
}

/// Progress of the reading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// Bytes read so far.
    pub bytes_read: u64,
    /// The file's size.
    pub total_bytes: u64,
    /// Rows checked so far (accepted or rejected).
    pub rows: u64,
    /// Rows per second since the start.
    pub rows_per_second: f64,
    /// Estimated seconds left, from the byte rate; `None` before anything could be measured.
    pub seconds_left: Option<f64>,
}

impl Progress {
    /// Progress after `elapsed_ms` milliseconds.
    pub fn measure(bytes_read: u64, total_bytes: u64, rows: u64, elapsed_ms: f64) -> Progress {
        let seconds = elapsed_ms / 1000.0;
        let measurable = seconds > 0.0 && bytes_read > 0;
        let rows_per_second = if measurable {
            rows as f64 / seconds
        } else {
            0.0
        };
        let seconds_left = measurable.then(|| {
            let left = total_bytes.saturating_sub(bytes_read) as f64;
            left * seconds / bytes_read as f64
        });
        Progress {
            bytes_read,
            total_bytes,
            rows,
            rows_per_second,
            seconds_left,
        }
    }

    /// Percent read, 0 to 100.
    pub fn percent(&self) -> f64 {
        if self.total_bytes == 0 {
            return 100.0;
        }
        (self.bytes_read as f64 * 100.0 / self.total_bytes as f64).min(100.0)
    }
}

/// The counts shown on the File screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FileSummary {
    /// Data rows read.
    pub rows: u64,
    /// Rows accepted.
    pub accepted: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Identifiers dropped (each a warning).
    pub warnings: u64,
    /// Request bodies made.
    pub batches: u64,
}

/// A rejected row: where and why, never the value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RejectedRow {
    /// Data-row number, from 1 after the header.
    pub row: u64,
    /// The column at fault, when one is.
    pub column: Option<String>,
    /// Why (crosses the worker boundary as its stable code, `no_match_key`, …).
    pub code: events::row::RejectCode,
    /// For a person.
    pub message: String,
}

/// A dropped identifier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WarningRow {
    /// Data-row number, from 1 after the header.
    pub row: u64,
    /// The identifier's column.
    pub column: String,
    /// The match-key code (`invalid_email`, …).
    pub code: String,
}

/// The prepared, hashed file, as later steps use it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Prepared {
    /// The file's name.
    pub file_name: String,
    /// Counts.
    pub summary: FileSummary,
    /// Rejected rows, in row order.
    pub rejected: Vec<RejectedRow>,
    /// Dropped identifiers, in row order.
    pub warnings: Vec<WarningRow>,
    /// The mapping used (column -> field), as the events crate writes it.
    pub mapping: serde_json::Value,
    /// Whether the first record was a header.
    pub header: bool,
    /// Name, size and SHA-256 of the file's bytes: what a stored upload progress is keyed by.
    #[serde(default)]
    pub identity: Option<events::plan::FileIdentity>,
    /// Where each request body sits in the file (same order as `bodies`): rows, event count and
    /// the body's digest, never a value.
    #[serde(default)]
    pub batches: Vec<BatchInfo>,
    /// The file's columns in order (header texts, or 0-based indexes for a file without header),
    /// as the keys of [`Prepared::mapping`] name them.
    pub columns: Vec<String>,
    /// Rejections by reason code, by code name.
    pub rejected_by_reason: Vec<(String, u64)>,
    /// Dropped identifiers by code, by code name.
    pub warnings_by_code: Vec<(String, u64)>,
    /// Accepted rows carrying each match key (CAPI names, in `user_data` order).
    pub coverage: Vec<(String, u64)>,
    /// The first rows' identifiers, normalized and as sent (local only: never stored or sent).
    pub previews: Vec<PreviewRow>,
    /// How each column's target was detected (empty when the settings gave the mapping).
    #[serde(default)]
    pub detection: Vec<ColumnGuess>,
    /// The slice workers that prepared the file with its coordinator (see
    /// [`crate::worker::pool`]); 0 when one worker prepared it alone.
    #[serde(default)]
    pub slice_workers: usize,
    /// The request bodies, in batch order; they travel beside the message, not inside it
    /// (see [`crate::platform::Bodies`]).
    #[serde(skip)]
    pub bodies: Bodies,
}

/// How detection chose one column's target: codes and counts, never a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ColumnGuess {
    /// The column, as the mapping names it.
    pub column: String,
    /// The target's name (`em`, `event_time`, …), `None` when ignored.
    pub target: Option<String>,
    /// `high`, `medium` or `low` ([`events::detect::Confidence::code`]).
    pub confidence: String,
    /// Why ([`events::detect::DetectReason::code`]).
    pub reason: String,
    /// Non-empty values sampled.
    pub sampled: usize,
    /// Of them, how many have the target's shape.
    pub matching: usize,
}

impl From<&events::detect::ColumnDetection> for ColumnGuess {
    fn from(detection: &events::detect::ColumnDetection) -> Self {
        ColumnGuess {
            column: detection.column.clone(),
            target: detection.target.as_ref().map(events::mapping::Target::name),
            confidence: detection.confidence.code().to_owned(),
            reason: detection.reason.code().to_owned(),
            sampled: detection.sampled,
            matching: detection.matching,
        }
    }
}

/// One preview row: each mapped identifier of a data row, normalized and as it will be sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewRow {
    /// Data-row number, from 1 after the header.
    pub row: u64,
    /// Each mapped identifier, in column order.
    pub identifiers: Vec<PreviewIdentifier>,
}

/// One identifier of a preview row.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PreviewIdentifier {
    /// The column.
    pub column: String,
    /// The match key (CAPI name).
    pub key: String,
    /// The normalized value (`None` when empty or invalid). Personal data: shown, never sent.
    pub normalized: Option<String>,
    /// What is sent: the SHA-256 hex, or the normalized value for keys sent unhashed.
    pub sent: Option<String>,
    /// The match-key error code when the value could not be normalized.
    pub error: Option<String>,
}

impl From<events::row::Preview> for PreviewRow {
    fn from(preview: events::row::Preview) -> Self {
        PreviewRow {
            row: preview.row,
            identifiers: preview
                .identifiers
                .into_iter()
                .map(|i| PreviewIdentifier {
                    column: i.column,
                    key: i.key.to_owned(),
                    normalized: i.normalized,
                    sent: i.sent,
                    error: i.error.map(str::to_owned),
                })
                .collect(),
        }
    }
}

/// `(name, count)` pairs of the events crate's counts.
fn counts(counts: &events::report::Counts) -> Vec<(String, u64)> {
    counts.iter().map(|(n, c)| (n.to_owned(), c)).collect()
}

/// One request body of the file: its index, the data rows it carries, how many events, and its
/// digest (see [`Collector`]): what a resumed upload compares to skip a batch already accepted.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BatchInfo {
    /// 0-based position of the batch in the file.
    pub index: usize,
    /// The data rows of its events in `data` order, as runs `(first row, how many rows)`: rows
    /// follow each other except where a rejected row was left out, so this stays short.
    pub rows: Vec<(u64, u64)>,
    /// How many events it holds.
    pub events: usize,
    /// SHA-256 hex of the settings it was prepared with (all but `now`), its index and its
    /// data rows ([`events::plan::batch_digest`]): with the file's identity (name, size and
    /// content hash, kept beside it) that fixes which events it carries.
    pub digest: String,
}

/// Consecutive rows folded into `(first, count)` runs.
fn row_runs(rows: &[u64]) -> Vec<(u64, u64)> {
    let mut runs: Vec<(u64, u64)> = Vec::new();
    for &row in rows {
        match runs.last_mut() {
            Some((first, count)) if *first + *count == row => *count += 1,
            _ => runs.push((row, 1)),
        }
    }
    runs
}

/// The worker's side: feeds the events crate and keeps what the page gets back.
pub struct Collector {
    preparation: events::Preparation,
    kept: Kept,
}

/// What the worker keeps of the output so far (one pass or slices put back together).
pub(crate) struct Kept {
    file_name: String,
    /// [`events::plan::settings_fingerprint`] of the settings.
    settings: [u8; 32],
    rejected: Vec<RejectedRow>,
    warnings: Vec<WarningRow>,
    previews: Vec<PreviewRow>,
    bodies: Vec<String>,
    batches: Vec<BatchInfo>,
}

/// Why a file cannot be prepared (the worker posts it as [`FromWorker::Failed`]).
pub fn failure(error: &events::PrepareError) -> FromWorker {
    FromWorker::Failed {
        code: error.code().to_owned(),
        message: error.to_string(),
    }
}

impl Collector {
    /// Start a job.
    pub fn new(job: Job) -> Result<Collector, events::PrepareError> {
        Ok(Collector {
            kept: Kept::new(&job.settings),
            preparation: events::Preparation::new(job.settings)?,
        })
    }

    /// Read the next chunk.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), events::PrepareError> {
        self.preparation.feed(chunk)?;
        self.kept.take(self.preparation.take_output());
        Ok(())
    }

    /// Rows checked so far (a running count, not only the rows of full batches).
    pub fn rows(&self) -> u64 {
        self.preparation.rows_read()
    }

    /// The request bodies made since the last call, in order: the worker moves them out of its
    /// memory as they come (the [`Prepared`] of [`Collector::finish`] holds only the rest).
    pub fn take_bodies(&mut self) -> Vec<String> {
        self.kept.take_bodies()
    }

    /// The end of the file: the prepared file (its `bodies` left empty) and the request bodies
    /// not taken by [`Collector::take_bodies`] yet.
    pub fn finish(self) -> Result<(Prepared, Vec<String>), events::PrepareError> {
        let Collector {
            preparation,
            mut kept,
        } = self;
        let mut finished = preparation.finish()?;
        kept.take(std::mem::take(&mut finished.output));
        Ok(kept.finish(finished))
    }
}

impl Kept {
    /// Nothing kept yet, for a file prepared with `settings`.
    pub(crate) fn new(settings: &events::Settings) -> Kept {
        Kept {
            file_name: settings
                .file
                .as_ref()
                .map(|f| f.name.clone())
                .unwrap_or_default(),
            settings: events::plan::settings_fingerprint(settings),
            rejected: Vec::new(),
            warnings: Vec::new(),
            previews: Vec::new(),
            bodies: Vec::new(),
            batches: Vec::new(),
        }
    }

    /// The request bodies kept since the last call.
    pub(crate) fn take_bodies(&mut self) -> Vec<String> {
        std::mem::take(&mut self.bodies)
    }

    /// The end of the file (its output already taken): the prepared file (its `bodies` left
    /// empty) and the request bodies not taken yet.
    pub(crate) fn finish(self, finished: events::Finished) -> (Prepared, Vec<String>) {
        let summary = FileSummary {
            rows: finished.summary.rows,
            accepted: finished.summary.accepted,
            rejected: finished.summary.rejected,
            warnings: self.warnings.len() as u64,
            batches: self.batches.len() as u64,
        };
        let prepared = Prepared {
            file_name: self.file_name,
            summary,
            rejected: self.rejected,
            warnings: self.warnings,
            mapping: serde_json::to_value(&finished.mapping).unwrap_or_default(),
            header: finished.header,
            identity: finished.file,
            batches: self.batches,
            columns: finished
                .mapping
                .entries()
                .map(|(column, _)| column.to_owned())
                .collect(),
            rejected_by_reason: counts(&finished.summary.rejected_by_reason),
            warnings_by_code: counts(&finished.summary.warnings_by_code),
            coverage: counts(&finished.summary.coverage),
            previews: self.previews,
            detection: finished
                .detection
                .iter()
                .flat_map(|d| d.columns.iter().map(ColumnGuess::from))
                .collect(),
            slice_workers: 0,
            bodies: Bodies::default(),
        };
        (prepared, self.bodies)
    }

    /// Keep `output`, the next of the file.
    pub(crate) fn take(&mut self, output: events::Output) {
        for batch in output.batches {
            self.batches.push(BatchInfo {
                index: batch.index,
                rows: row_runs(&batch.rows),
                events: batch.len(),
                digest: events::plan::batch_digest(&self.settings, batch.index, &batch.rows),
            });
            self.bodies.push(batch.to_json());
        }
        self.previews
            .extend(output.previews.into_iter().map(PreviewRow::from));
        self.rejected
            .extend(output.rejected.into_iter().map(|r| RejectedRow {
                row: r.row,
                column: r.column,
                code: r.code,
                message: r.message.to_owned(),
            }));
        self.warnings
            .extend(output.warnings.into_iter().map(|w| WarningRow {
                row: w.row,
                column: w.column,
                code: w.code.to_owned(),
            }));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORE_SALES: &[u8] = include_bytes!("../../../../tests/e2e/fixtures/store-sales.csv");

    fn job() -> Job {
        let mut settings = events::Settings::new(1_795_132_800);
        settings.event_name = Some("Purchase".into());
        settings.file = Some(events::settings::FileInfo {
            name: "store-sales.csv".into(),
            size: STORE_SALES.len() as u64,
        });
        Job::new(settings)
    }

    fn prepare_in_chunks(size: usize) -> Prepared {
        let job: Job = serde_json::from_str(&serde_json::to_string(&job()).unwrap()).unwrap();
        let mut collector = Collector::new(job).unwrap();
        for chunk in STORE_SALES.chunks(size) {
            collector.feed(chunk).unwrap();
        }
        let (mut prepared, bodies) = collector.finish().unwrap();
        prepared.bodies = Bodies::from_texts(bodies);
        prepared
    }

    /// Every body of `prepared`, as text.
    fn texts(prepared: &Prepared) -> Vec<String> {
        (0..prepared.bodies.len())
            .filter_map(|i| futures_executor::block_on(prepared.bodies.text(i)))
            .collect()
    }

    #[test]
    fn the_sample_gives_the_readme_counts_whatever_the_chunk_size() {
        for size in [7, 4096, usize::MAX] {
            let prepared = prepare_in_chunks(size.min(STORE_SALES.len()));
            assert_eq!(
                prepared.summary,
                FileSummary {
                    rows: 300,
                    accepted: 287,
                    rejected: 13,
                    warnings: 3,
                    batches: 1,
                }
            );
            assert_eq!(prepared.rejected.len(), 13);
            assert!(prepared.header);
            assert_eq!(prepared.file_name, "store-sales.csv");
            assert!(
                prepared
                    .rejected
                    .iter()
                    .any(|r| r.code == events::row::RejectCode::NoMatchKey)
            );
            assert!(prepared.warnings.iter().all(|w| w.code == "invalid_email"));
        }
    }

    #[test]
    fn nothing_posted_carries_a_raw_value() {
        let prepared = prepare_in_chunks(1000);
        let message = FromWorker::Done(prepared.clone()).to_json();
        let bodies = texts(&prepared).join("\n");
        for raw in [
            "fisherj@yahoo.com",
            "Jessica",
            "(650) 555-1212",
            "16505551212",
            "PALO ALTO",
            "Fisher",
        ] {
            assert!(!message.contains(raw), "{raw} in the message");
            assert!(
                !bodies.to_lowercase().contains(&raw.to_lowercase()),
                "{raw} in a body"
            );
        }
    }

    #[test]
    fn counts_coverage_columns_and_previews_come_back() {
        let mut job = job();
        job.settings.preview_rows = PREVIEW_ROWS;
        let mut collector = Collector::new(job).unwrap();
        collector.feed(STORE_SALES).unwrap();
        let (prepared, _) = collector.finish().unwrap();
        assert_eq!(prepared.columns.len(), 14);
        assert_eq!(prepared.columns[0], "Email");
        assert_eq!(prepared.columns[13], "Store ID");
        let count = |list: &[(String, u64)], name: &str| {
            list.iter().find(|(n, _)| n == name).map_or(0, |(_, c)| *c)
        };
        assert_eq!(count(&prepared.rejected_by_reason, "no_match_key"), 3);
        assert_eq!(count(&prepared.rejected_by_reason, "bad_value"), 3);
        assert_eq!(count(&prepared.warnings_by_code, "invalid_email"), 3);
        assert_eq!(count(&prepared.coverage, "em"), 255);
        assert_eq!(count(&prepared.coverage, "ph"), 249);
        assert_eq!(prepared.coverage[0].0, "em");
        let rows: Vec<u64> = prepared.previews.iter().map(|p| p.row).collect();
        assert_eq!(rows, [1, 2, 3, 4, 5]);
        // How each column was detected comes back too: codes and counts only.
        assert_eq!(prepared.detection.len(), 14);
        let email = &prepared.detection[0];
        assert_eq!(
            (email.target.as_deref(), email.confidence.as_str()),
            (Some("em"), "high")
        );
        assert_eq!(email.reason, "header_name");
        let first = &prepared.previews[0].identifiers[0];
        assert_eq!((first.column.as_str(), first.key.as_str()), ("Email", "em"));
        assert_eq!(first.normalized.as_deref(), Some("fisherj@yahoo.com"));
        assert_eq!(
            first.sent.as_deref(),
            Some(matchkeys::sha256_hex("fisherj@yahoo.com").as_str())
        );
    }

    #[test]
    fn the_row_count_runs_before_a_batch_is_full_and_bodies_can_be_taken_early() {
        let mut job = job();
        job.settings.max_batch_events = Some(100);
        let mut collector = Collector::new(job).unwrap();
        let half = STORE_SALES.len() / 2;
        collector.feed(&STORE_SALES[..half]).unwrap();
        let midway = collector.rows();
        assert!(midway > 100 && midway < 300, "{midway}");
        let early = collector.take_bodies();
        assert!(!early.is_empty());
        assert!(collector.take_bodies().is_empty());
        collector.feed(&STORE_SALES[half..]).unwrap();
        let (prepared, rest) = collector.finish().unwrap();
        assert_eq!(prepared.summary.batches, 3);
        assert_eq!(early.len() + rest.len(), 3);
    }

    #[test]
    fn only_the_previews_carry_normalized_values() {
        let mut job = job();
        job.settings.preview_rows = PREVIEW_ROWS;
        let mut collector = Collector::new(job).unwrap();
        collector.feed(STORE_SALES).unwrap();
        let (mut prepared, _) = collector.finish().unwrap();
        assert!(!prepared.previews.is_empty());
        prepared.previews.clear();
        let message = FromWorker::Done(prepared).to_json().to_lowercase();
        for raw in ["fisherj@yahoo.com", "jessica", "16505551212", "palo alto"] {
            assert!(!message.contains(raw), "{raw} outside the previews");
        }
    }

    #[test]
    fn messages_round_trip_except_the_bodies() {
        let prepared = prepare_in_chunks(1 << 20);
        assert_eq!(prepared.bodies.len(), 1);
        let back = FromWorker::from_json(&FromWorker::Done(prepared.clone()).to_json()).unwrap();
        let FromWorker::Done(back) = back else {
            panic!("not done: {back:?}")
        };
        assert!(back.bodies.is_empty());
        assert_eq!(back.summary, prepared.summary);
        assert_eq!(back.rejected, prepared.rejected);
        assert_eq!(back.mapping, prepared.mapping);
        let ready = FromWorker::Ready.to_json();
        assert_eq!(ready, r#"{"kind":"ready"}"#);
        assert_eq!(FromWorker::from_json(&ready), Some(FromWorker::Ready));
        assert_eq!(FromWorker::from_json("{\"kind\":\"other\"}"), None);
    }

    #[test]
    fn a_preview_job_and_its_answers_round_trip_without_identifiers() {
        let job = PreviewJob {
            rule: r#"{"value":{"gt":100}}"#.into(),
            event_name: "Purchase".into(),
        };
        let text = serde_json::to_string(&job).unwrap();
        assert_eq!(serde_json::from_str::<PreviewJob>(&text).unwrap(), job);
        let answer = job.answer_for(STORE_SALES);
        let text = answer.to_json();
        assert!(text.starts_with(r#"{"kind":"previewed","#), "{text}");
        assert!(!text.contains('@'), "no identifier: {text}");
        let preview = FromWorker::from_json(&text)
            .unwrap()
            .preview()
            .unwrap()
            .unwrap();
        // As streamed by the browser's worker, one CHUNK_BYTES slice at a time.
        let mut collector = job.collector().unwrap();
        for chunk in STORE_SALES.chunks(CHUNK_BYTES as usize) {
            collector.feed(chunk).unwrap();
        }
        assert_eq!(preview, collector.finish().unwrap());
        assert!(preview.matched > 50, "{preview:?}");
        // A bad event name and an unreadable rule come back as the page shows them.
        let bad_name = PreviewJob {
            event_name: "Bad\u{1}Name".into(),
            ..job.clone()
        };
        let back = FromWorker::from_json(&bad_name.answer_for(b"a\n").to_json()).unwrap();
        assert_eq!(back.preview().unwrap().unwrap_err().code(), "event_name");
        let bad_rule = PreviewJob {
            rule: "{".into(),
            ..job
        };
        let back = FromWorker::from_json(&bad_rule.answer_for(b"a\n").to_json()).unwrap();
        assert_eq!(back.preview().unwrap().unwrap_err().code(), "file");
        // A worker that failed is the reader's error; other messages are not answers.
        let failed = FromWorker::Failed {
            code: "read_failed".into(),
            message: "The browser could not read the file.".into(),
        };
        assert_eq!(failed.preview().unwrap().unwrap_err().code(), "reader");
        assert_eq!(FromWorker::Ready.preview(), None);
    }

    #[test]
    fn each_body_has_its_rows_count_digest_and_the_file_its_identity() {
        let prepared = prepare_in_chunks(4096);
        let identity = prepared.identity.clone().unwrap();
        assert_eq!(identity.name, "store-sales.csv");
        assert_eq!(identity.size, STORE_SALES.len() as u64);
        assert_eq!(identity.sha256.len(), 64);
        assert_eq!(prepared.batches.len(), prepared.bodies.len());
        let info = &prepared.batches[0];
        assert_eq!(info.index, 0);
        assert_eq!(info.events as u64, prepared.summary.accepted);
        assert_eq!(info.rows.iter().map(|r| r.1).sum::<u64>(), 287);
        assert_eq!(info.rows[0].0, 1);
        assert_eq!(info.digest.len(), 64);
        let back = FromWorker::from_json(&FromWorker::Done(prepared.clone()).to_json()).unwrap();
        let FromWorker::Done(back) = back else {
            panic!("not done")
        };
        assert_eq!(back.batches, prepared.batches);
        assert_eq!(back.identity, prepared.identity);
    }

    /// The digests of the sample's batches, prepared with `job` in chunks of `size`.
    fn digests(job: Job, size: usize) -> Vec<String> {
        let mut collector = Collector::new(job).unwrap();
        for chunk in STORE_SALES.chunks(size) {
            collector.feed(chunk).unwrap();
        }
        let (prepared, _) = collector.finish().unwrap();
        prepared.batches.into_iter().map(|b| b.digest).collect()
    }

    #[test]
    fn a_batch_digest_changes_with_its_rows_and_settings_only() {
        let small = |mut job: Job| {
            job.settings.max_batch_events = Some(100);
            job
        };
        let same = digests(small(job()), 4096);
        assert_eq!(same.len(), 3);
        assert_eq!(digests(small(job()), 7), same, "chunking changes nothing");
        let mut later = small(job());
        later.settings.now += 60;
        assert_eq!(digests(later, 4096), same, "a minute later: the same rows");
        let mut tagged = small(job());
        tagged.settings.upload_tag = Some("another tag".into());
        assert!(digests(tagged, 4096).iter().zip(&same).all(|(a, b)| a != b));
        // Thirty days later some rows fall out of the window: the batches hold other rows.
        let mut month = small(job());
        month.settings.now += 30 * 86_400;
        assert_ne!(digests(month, 4096)[0], same[0]);
        assert_ne!(same[0], same[1]);
    }

    #[test]
    fn rows_fold_into_runs() {
        assert_eq!(row_runs(&[]), vec![]);
        assert_eq!(row_runs(&[1, 2, 3, 5, 6, 9]), vec![(1, 3), (5, 2), (9, 1)]);
    }

    #[test]
    fn progress_measures_rate_and_time_left() {
        let p = Progress::measure(250, 1000, 500, 2000.0);
        assert_eq!(p.rows_per_second, 250.0);
        assert_eq!(p.seconds_left, Some(6.0));
        assert_eq!(p.percent(), 25.0);
        let start = Progress::measure(0, 1000, 0, 0.0);
        assert_eq!((start.rows_per_second, start.seconds_left), (0.0, None));
        assert_eq!(Progress::measure(0, 0, 0, 5.0).percent(), 100.0);
        let back: Progress = serde_json::from_str(&serde_json::to_string(&p).unwrap()).unwrap();
        assert_eq!(back, p);
    }

    #[test]
    fn unusable_settings_fail_with_a_code() {
        let mut job = job();
        job.settings.time_zone = "Mars/Olympus".into();
        let error = Collector::new(job).err().unwrap();
        let FromWorker::Failed { code, .. } = failure(&error) else {
            panic!("not a failure")
        };
        assert!(!code.is_empty());
    }
}
