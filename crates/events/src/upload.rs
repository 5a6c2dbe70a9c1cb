//! The whole path for one file, streamed: bytes -> records -> mapping -> rows -> batches.
//!
//! Memory stays bounded by the longest record, the first [`SAMPLE_RECORDS`] records (kept
//! while the header and mapping are detected), one batch being filled, and whatever output the
//! caller has not taken yet ([`Preparation::take_output`]).

use std::fmt;

use sha2::{Digest, Sha256};

use crate::batch::{Batch, Batcher, TopLevel};
use crate::csv::{CsvError, CsvReader, Dialect, OwnedRecord, Record};
use crate::detect::{self, Detection, ValueHints};
use crate::mapping::Mapping;
use crate::payload::EventJson;
use crate::plan::FileIdentity;
use crate::queue::{QUEUE_ROWS, RowQueue};
use crate::report::Summary;
use crate::row::{
    Keys, Outcome, PreparedRow, Preview, RejectCode, Rejection, RowPreparer, RowWarning,
};
use crate::settings::{Settings, SettingsError};

/// Records kept to detect the header and the mapping before any row is processed.
pub const SAMPLE_RECORDS: usize = 20;

/// Why a file cannot be prepared at all (row problems are rejections, not errors).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PrepareError {
    /// The settings (or the mapping with them) are not usable.
    Settings(SettingsError),
    /// The file is not readable CSV text.
    Csv(CsvError),
}

impl PrepareError {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::Settings(e) => e.code(),
            Self::Csv(e) => e.code(),
        }
    }
}

impl fmt::Display for PrepareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Settings(e) => write!(f, "settings: {e}"),
            Self::Csv(e) => write!(f, "file: {e}"),
        }
    }
}

impl std::error::Error for PrepareError {}

impl From<CsvError> for PrepareError {
    fn from(e: CsvError) -> Self {
        Self::Csv(e)
    }
}

impl From<SettingsError> for PrepareError {
    fn from(e: SettingsError) -> Self {
        Self::Settings(e)
    }
}

/// What the caller takes as the file streams: finished batches, rejections, warnings, previews.
#[derive(Debug, Clone, Default)]
pub struct Output {
    /// Request bodies, in order.
    pub batches: Vec<Batch>,
    /// Rejected rows, in row order.
    pub rejected: Vec<Rejection>,
    /// Dropped identifiers, in row then column order.
    pub warnings: Vec<RowWarning>,
    /// Normalized identifiers of the first `previewRows` rows (kept local, never sent).
    pub previews: Vec<Preview>,
}

impl Output {
    /// Put `other` (the output that follows) after this one.
    pub fn append(&mut self, mut other: Output) {
        self.batches.append(&mut other.batches);
        self.rejected.append(&mut other.rejected);
        self.warnings.append(&mut other.warnings);
        self.previews.append(&mut other.previews);
    }
}

/// The end of a file.
#[derive(Debug, Clone)]
pub struct Finished {
    /// Output not taken yet (the last batch at least).
    pub output: Output,
    /// Counts.
    pub summary: Summary,
    /// The mapping used.
    pub mapping: Mapping,
    /// How the mapping was detected, column by column (confidence and reason), when the
    /// settings gave none.
    pub detection: Option<Detection>,
    /// Whether the first record was a header.
    pub header: bool,
    /// Delimiter and BOM.
    pub dialect: Dialect,
    /// Name, size and SHA-256 of the file (when its name was given in the settings).
    pub file: Option<FileIdentity>,
}

enum State {
    Sampling(Vec<OwnedRecord>),
    Ready(Box<Ready>),
    Failed(PrepareError),
}

struct Ready {
    preparer: RowPreparer,
    batcher: Batcher,
    header: bool,
    mapping: Mapping,
    detection: Option<Detection>,
    /// Rows checked, waiting for their identifiers to be hashed together.
    queue: RowQueue,
}

struct Sink {
    settings: Settings,
    state: State,
    output: Output,
    summary: Summary,
}

/// One file being prepared.
///
/// ```
/// use events::{Preparation, Settings};
/// let mut settings = Settings::new(1795132800);
/// settings.event_name = Some("Purchase".into());
/// let mut preparation = Preparation::new(settings).unwrap();
/// preparation.feed(b"email,value,currency,time\nA@Example.com,12.50,usd,2026-11-01 10:00\n").unwrap();
/// let finished = preparation.finish().unwrap();
/// assert_eq!(finished.summary.accepted, 1);
/// let body = finished.output.batches[0].to_value();
/// assert_eq!(body["data"][0]["custom_data"]["currency"], "USD");
/// ```
pub struct Preparation {
    reader: CsvReader,
    /// SHA-256 of the bytes so far, only when the settings name the file: the digest is part
    /// of the file's identity and nothing else, and it costs 2-3 hash blocks a row.
    hasher: Option<Sha256>,
    bytes: u64,
    sink: Sink,
}

impl Preparation {
    /// Start preparing a file with `settings` (checked here, before any byte is read).
    pub fn new(settings: Settings) -> Result<Self, PrepareError> {
        settings.resolve()?;
        Ok(Preparation {
            reader: CsvReader::new(settings.delimiter),
            hasher: settings.file.is_some().then(Sha256::new),
            bytes: 0,
            sink: Sink {
                settings,
                state: State::Sampling(Vec::new()),
                output: Output::default(),
                summary: Summary::default(),
            },
        })
    }

    /// A slice of a file: its records come from `reader` (placed at the slice's start) and are
    /// prepared with `decision`, the file's; `None` for a file without any record.
    pub(crate) fn for_slice(
        settings: Settings,
        reader: CsvReader,
        decision: Option<Decision>,
    ) -> Result<Self, PrepareError> {
        let state = match decision {
            Some(decision) => State::Ready(Ready::new(&settings, decision, true)?),
            None => State::Sampling(Vec::new()),
        };
        Ok(Preparation {
            reader,
            hasher: None,
            bytes: 0,
            sink: Sink {
                settings,
                state,
                output: Output::default(),
                summary: Summary::default(),
            },
        })
    }

    /// Read the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), PrepareError> {
        if let Some(hasher) = &mut self.hasher {
            hasher.update(chunk);
        }
        self.bytes += chunk.len() as u64;
        let sink = &mut self.sink;
        let result = self.reader.feed(chunk, &mut |record| sink.record(record));
        // Every row of the chunk is done when `feed` returns, so the caller's output is the
        // same whatever the queue holds.
        self.sink.flush();
        self.sink.check(result)
    }

    /// The output produced so far, leaving nothing behind (bounded memory for the caller).
    pub fn take_output(&mut self) -> Output {
        std::mem::take(&mut self.sink.output)
    }

    /// Data rows checked so far (accepted or rejected), for a running count. Rows count once
    /// the chunk that holds them is fed, before their batch is full; the first
    /// [`SAMPLE_RECORDS`] records count once the mapping is decided.
    pub fn rows_read(&self) -> u64 {
        self.sink.summary.rows
    }

    /// How the mapping in use was detected, once it is known (`None` when the settings gave
    /// the mapping).
    pub fn detection(&self) -> Option<&Detection> {
        match &self.sink.state {
            State::Ready(ready) => ready.detection.as_ref(),
            _ => None,
        }
    }

    /// The mapping in use, once it is known (after [`SAMPLE_RECORDS`] records or the end).
    pub fn mapping(&self) -> Option<&Mapping> {
        match &self.sink.state {
            State::Ready(ready) => Some(&ready.mapping),
            _ => None,
        }
    }

    /// The end of the file: the last records, the last batch, the counts.
    pub fn finish(mut self) -> Result<Finished, PrepareError> {
        let sink = &mut self.sink;
        let result = self.reader.finish(&mut |record| sink.record(record));
        self.sink.check(result)?;
        self.sink.start();
        self.sink.flush();
        let mut sink = self.sink;
        let (mapping, detection, header) = match sink.state {
            State::Ready(mut ready) => {
                ready.batcher.close();
                let batches = ready.batcher.take_ready();
                sink.summary.batches += batches.len() as u64;
                sink.output.batches.extend(batches);
                (ready.mapping, ready.detection, ready.header)
            }
            State::Failed(error) => return Err(error),
            State::Sampling(_) => (Mapping::new(), None, false),
        };
        sink.summary.finish();
        let bytes = self.bytes;
        let file = sink
            .settings
            .file
            .as_ref()
            .zip(self.hasher)
            .map(|(f, hasher)| FileIdentity {
                name: f.name.clone(),
                size: bytes,
                sha256: hasher
                    .finalize()
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect(),
            });
        Ok(Finished {
            output: sink.output,
            summary: sink.summary,
            mapping,
            detection,
            header,
            dialect: self.reader.dialect(),
            file,
        })
    }
}

impl Finished {
    /// The result as the JavaScript API returns it: `{ batches, rejected, warnings, mapping,
    /// summary }` (plus `previews` when asked for), each batch the exact request body.
    pub fn to_json(&self) -> String {
        let mut json = String::from("{\"batches\":[");
        for (i, batch) in self.output.batches.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            json.push_str(&batch.to_json());
        }
        json.push(']');
        let mut field = |name: &str, value: Result<String, serde_json::Error>| {
            json.push_str(&format!(",\"{name}\":"));
            json.push_str(&value.unwrap_or_else(|_| "null".to_string()));
        };
        field("rejected", serde_json::to_string(&self.output.rejected));
        field("warnings", serde_json::to_string(&self.output.warnings));
        field("mapping", serde_json::to_string(&self.mapping));
        field("summary", serde_json::to_string(&self.summary));
        if !self.output.previews.is_empty() {
            field("previews", serde_json::to_string(&self.output.previews));
        }
        json.push('}');
        json
    }
}

/// Prepare a whole file held in memory (fed in 64 KiB chunks, like a streamed one).
pub fn prepare_bytes(settings: Settings, bytes: &[u8]) -> Result<Finished, PrepareError> {
    Preparation::new(settings)?.run(bytes)
}

impl Preparation {
    /// Feed all of `bytes` in 64 KiB chunks, like a streamed file, and finish: the whole
    /// output is in the result.
    pub(crate) fn run(mut self, bytes: &[u8]) -> Result<Finished, PrepareError> {
        let mut output = Output::default();
        for chunk in bytes.chunks(64 * 1024) {
            self.feed(chunk)?;
            output.append(self.take_output());
        }
        let mut finished = self.finish()?;
        output.append(std::mem::take(&mut finished.output));
        finished.output = output;
        Ok(finished)
    }
}

impl Sink {
    fn check(&mut self, result: Result<(), CsvError>) -> Result<(), PrepareError> {
        if let State::Failed(error) = &self.state {
            return Err(error.clone());
        }
        result.map_err(|e| {
            self.state = State::Failed(e.clone().into());
            e.into()
        })
    }

    /// Hash the queued rows and hand them on.
    fn flush(&mut self) {
        if let State::Ready(ready) = &mut self.state {
            flush(ready, &mut self.output, &mut self.summary);
        }
    }

    fn record(&mut self, record: Record<'_>) {
        match &mut self.state {
            State::Sampling(sample) => {
                sample.push(record.to_owned());
                if sample.len() >= SAMPLE_RECORDS {
                    self.start();
                }
            }
            // Record 1 is the header only a slice at the file's start meets here: a whole file
            // reads it in its sample.
            State::Ready(ready) if ready.header && record.number() == 1 => {}
            State::Ready(ready) => process(
                ready,
                &self.settings,
                &mut self.output,
                &mut self.summary,
                record,
            ),
            State::Failed(_) => {}
        }
    }

    /// Decide header and mapping from the sample, then process the sampled records.
    fn start(&mut self) {
        let State::Sampling(sample) = &mut self.state else {
            return;
        };
        let sample = std::mem::take(sample);
        let Some(decision) = decide(&self.settings, &sample) else {
            return;
        };
        let mut ready = match Ready::new(&self.settings, decision, false) {
            Ok(ready) => ready,
            Err(error) => {
                self.state = State::Failed(error);
                return;
            }
        };
        for record in sample.iter().skip(usize::from(ready.header)) {
            process(
                &mut ready,
                &self.settings,
                &mut self.output,
                &mut self.summary,
                record.as_record(),
            );
        }
        self.state = State::Ready(ready);
    }
}

/// What a file's first records decide for all of it: whether the first is a header, the
/// mapping (and how it was detected) and the column names.
#[derive(Debug, Clone)]
pub(crate) struct Decision {
    pub(crate) header: bool,
    pub(crate) mapping: Mapping,
    pub(crate) detection: Option<Detection>,
    pub(crate) columns: Vec<String>,
}

/// Decide header and mapping from the first [`SAMPLE_RECORDS`] records (`None` for no record).
pub(crate) fn decide(settings: &Settings, sample: &[OwnedRecord]) -> Option<Decision> {
    if sample.is_empty() {
        return None;
    }
    let fields: Vec<Vec<String>> = sample.iter().map(OwnedRecord::fields).collect();
    let hints = ValueHints {
        date_order: settings.date_order,
        decimal_separator: settings.decimal_separator,
        now: settings.now,
    };
    let header = settings.header.unwrap_or_else(|| {
        detect::looks_like_header(&fields[0], fields.get(1).map(Vec::as_slice), &hints)
    });
    let columns: Vec<String> = if header {
        fields[0].clone()
    } else {
        let width = fields.iter().map(Vec::len).max().unwrap_or(0);
        (0..width).map(|i| i.to_string()).collect()
    };
    let data = if header { &fields[1..] } else { &fields[..] };
    let (mapping, detection) = match &settings.mapping {
        Some(mapping) => (mapping.clone(), None),
        None => {
            let detection = detect::detect(&columns, header, data, &hints);
            (detection.mapping(), Some(detection))
        }
    };
    Some(Decision {
        header,
        mapping,
        detection,
        columns,
    })
}

impl Ready {
    /// The row checks and the batcher for `decision`. A slice of a file (`slice`) collects its
    /// events in containers closed only by the size limit: the slices' events are batched
    /// again, in file order, by one batcher ([`crate::slices::Combination`]).
    fn new(
        settings: &Settings,
        decision: Decision,
        slice: bool,
    ) -> Result<Box<Ready>, PrepareError> {
        let Decision {
            header,
            mapping,
            detection,
            columns,
        } = decision;
        let targets = mapping.resolve(&columns, header);
        let preparer = RowPreparer::new(settings, columns, &targets)?;
        let resolved = settings.resolve()?;
        let max_events = if slice {
            usize::MAX
        } else {
            resolved.max_events
        };
        Ok(Box::new(Ready {
            preparer,
            batcher: Batcher::new(max_events, resolved.max_bytes, top_level(settings)),
            header,
            mapping,
            detection,
            queue: RowQueue::default(),
        }))
    }
}

/// The top-level fields of every request body of a file with `settings`.
pub(crate) fn top_level(settings: &Settings) -> TopLevel {
    TopLevel {
        upload_tag: settings.upload_tag(),
        test_event_code: settings.test_event_code.clone(),
        partner_agent: settings.partner_agent(),
        namespace_id: settings.namespace_id.clone(),
    }
}

fn process(
    ready: &mut Ready,
    settings: &Settings,
    output: &mut Output,
    summary: &mut Summary,
    record: Record<'_>,
) {
    let row = record.number() - u64::from(ready.header);
    if output.previews.len() < settings.preview_rows && row <= settings.preview_rows as u64 {
        output.previews.push(ready.preparer.preview(row, &record));
    }
    ready.queue.push(&ready.preparer, row, &record);
    if ready.queue.len() >= QUEUE_ROWS {
        flush(ready, output, summary);
    }
}

/// Hash the queued rows together, then write each one's event into the batches (or count its
/// rejection), in file order.
fn flush(ready: &mut Ready, output: &mut Output, summary: &mut Summary) {
    let Ready {
        preparer,
        batcher,
        queue,
        ..
    } = ready;
    queue.flush(preparer, |prepared| {
        finish_row(prepared, batcher, output, summary)
    });
    let batches = batcher.take_ready();
    summary.batches += batches.len() as u64;
    output.batches.extend(batches);
}

/// A row's outcome into the output: its event into the batches, or its rejection. Returns the
/// event's keys once written, for their strings to be reused.
fn finish_row(
    prepared: PreparedRow,
    batcher: &mut Batcher,
    output: &mut Output,
    summary: &mut Summary,
) -> Option<Keys> {
    for warning in &prepared.warnings {
        summary.warn(warning);
    }
    output.warnings.extend(prepared.warnings);
    match prepared.outcome {
        Outcome::Rejected(rejection) => {
            summary.reject(&rejection);
            output.rejected.push(rejection);
            None
        }
        Outcome::Accepted(event) => {
            if batcher
                .push_with(event.row, |out| EventJson(&event).write_to(out))
                .is_ok()
            {
                match &event.keys {
                    Keys::Capi(keys) => summary.accept_keys(keys.keys()),
                    Keys::Ocapi(keys) => summary.accept_keys(keys.keys()),
                }
            } else {
                let rejection = Rejection::new(event.row, None, RejectCode::EventTooLarge);
                summary.reject(&rejection);
                output.rejected.push(rejection);
            }
            Some(event.keys)
        }
    }
}
