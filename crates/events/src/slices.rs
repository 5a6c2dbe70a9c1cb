//! One file on many cores: cut it into slices on record boundaries, prepare each slice on its
//! own, and put the results back together in file order, byte for byte what one
//! [`Preparation`] over the whole file gives.
//!
//! 1. [`LayoutReader`] reads the file's first records, as a whole-file preparation samples them,
//!    and decides what holds for all of it ([`Layout`]): the delimiter and byte order mark, the
//!    header, the mapping and its detection.
//! 2. [`Slicer`] (a file read in chunks) or [`cut`] (a file in memory) finds the slices'
//!    boundaries. Where a record ends depends on every quote before it (a quoted field may hold
//!    line breaks), so a line break is a boundary only if it lies outside a quoted field. The
//!    boundary search replays the CSV parser's own states (csv-core's: a quote opens a quoted
//!    field only at a field's start, a doubled quote inside one is a quote, `\r`, `\n` and
//!    `\r\n` end a record, blank lines are skipped) from the file's start over every byte, so
//!    it never cuts inside a quote, and it counts the records before each boundary: a slice
//!    knows its absolute row numbers before it is prepared. The scan looks at one byte at a
//!    time and keeps no field: it runs many times faster than preparing the same bytes.
//! 3. [`Layout::preparation`] prepares one slice with the file's layout, its records numbered
//!    from the file's start (row numbers, rejections, `event_id`s and errors are the file's).
//! 4. [`Combination`] takes the slices' outputs in file order and batches their events again
//!    with one batcher, so batches, their digests (the resume plan's), rejections, warnings and
//!    the summary are those of one pass.
//!
//! Memory stays bounded: a slice's output is its own bytes' events; a caller keeps a bounded
//! number of slices in flight and hands each to the combination once the ones before it are
//! in.
//!
//! ```
//! use events::{Settings, slices};
//! let mut settings = Settings::new(1795132800);
//! settings.event_name = Some("Purchase".into());
//! let file = b"email,value,currency,time,note\n\
//!     a@example.com,1,USD,2026-11-01 10:00,\"two\nlines\"\n\
//!     b@example.com,2,USD,2026-11-01 11:00,x\n";
//! let whole = events::prepare_bytes(settings.clone(), file).unwrap();
//! let sliced = slices::prepare_sliced(settings, file, 3).unwrap();
//! assert_eq!(sliced.summary.accepted, 2);
//! assert_eq!(sliced.output.batches[0].to_json(), whole.output.batches[0].to_json());
//! assert_eq!(sliced.summary, whole.summary);
//! ```

use sha2::{Digest, Sha256};

mod order;
mod wire;
pub use order::{InOrder, UnexpectedSlice};
pub use wire::{SliceOutput, WireError};

use crate::Delimiter;
use crate::batch::Batcher;
use crate::csv::{CsvReader, Dialect, OwnedRecord};
use crate::detect::Detection;
use crate::mapping::Mapping;
use crate::plan::FileIdentity;
use crate::report::Summary;
use crate::row::{Preview, RejectCode, Rejection, RowWarning};
use crate::settings::Settings;
use crate::upload::{self, Decision};
use crate::{Finished, Output, Preparation, PrepareError, SAMPLE_RECORDS};

/// A UTF-8 byte order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Chunks a file in memory is fed in, as [`crate::prepare_bytes`] feeds it (the delimiter is
/// detected from what the first chunks hold): a [`LayoutReader`] fed chunks of this size decides
/// what a whole pass decides.
pub const CHUNK: usize = 64 * 1024;

/// What a file's first records decide for every slice of it.
#[derive(Debug, Clone)]
pub struct Layout {
    dialect: Dialect,
    /// Where the records start: past the byte order marks the reader and the parser drop.
    body_start: u64,
    /// `None` for a file without any record.
    decision: Option<Decision>,
}

impl Layout {
    /// The delimiter and whether the file starts with a byte order mark.
    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Whether the first record is a header.
    pub fn header(&self) -> bool {
        self.decision.as_ref().is_some_and(|d| d.header)
    }

    /// The mapping every slice uses.
    pub fn mapping(&self) -> Option<&Mapping> {
        self.decision.as_ref().map(|d| &d.mapping)
    }

    /// How the mapping was detected (`None` when the settings gave it).
    pub fn detection(&self) -> Option<&Detection> {
        self.decision.as_ref().and_then(|d| d.detection.as_ref())
    }

    fn delimiter(&self) -> Delimiter {
        self.dialect.delimiter.unwrap_or(Delimiter::Comma)
    }

    /// A preparation of the slice that starts at byte `start` of the file, after
    /// `records_before` records (both from [`Slicer`] or [`cut`]); feed it the slice's bytes.
    /// Its output goes to a [`Combination`], in file order.
    pub fn preparation(
        &self,
        settings: Settings,
        start: u64,
        records_before: u64,
    ) -> Result<Preparation, PrepareError> {
        let reader = if start == 0 {
            // The file's own start: the byte order mark is read as a whole pass reads it.
            CsvReader::new(Some(self.delimiter()))
        } else {
            CsvReader::resume(self.delimiter(), records_before)
        };
        Preparation::for_slice(settings, reader, self.decision.clone())
    }
}

/// Reads a file's first records, fed in chunks (the same chunks a whole pass would be fed, for
/// the delimiter is detected from what the first chunks hold), until its [`Layout`] is known.
pub struct LayoutReader {
    settings: Settings,
    reader: CsvReader,
    sample: Vec<OwnedRecord>,
    /// The file's first bytes, for its byte order marks.
    head: Vec<u8>,
}

impl LayoutReader {
    /// A reader for a file prepared with `settings` (checked here).
    pub fn new(settings: &Settings) -> Result<Self, PrepareError> {
        settings.resolve()?;
        Ok(LayoutReader {
            settings: settings.clone(),
            reader: CsvReader::new(settings.delimiter),
            sample: Vec::with_capacity(SAMPLE_RECORDS),
            head: Vec::with_capacity(2 * BOM.len()),
        })
    }

    /// The next chunk; the layout once [`SAMPLE_RECORDS`] records have arrived.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<Option<Layout>, PrepareError> {
        let room = (2 * BOM.len()).saturating_sub(self.head.len());
        self.head
            .extend_from_slice(chunk.get(..room.min(chunk.len())).unwrap_or_default());
        let sample = &mut self.sample;
        let read = self.reader.feed(chunk, &mut |record| {
            if sample.len() < SAMPLE_RECORDS {
                sample.push(record.to_owned());
            }
        });
        // A whole pass decides at the sample's last record, before any later record's error.
        if self.sample.len() >= SAMPLE_RECORDS {
            let layout = self.layout()?;
            read?;
            return Ok(Some(layout));
        }
        read?;
        Ok(None)
    }

    /// The end of the file came first: the layout from every record there is.
    pub fn finish(mut self) -> Result<Layout, PrepareError> {
        let sample = &mut self.sample;
        self.reader.finish(&mut |record| {
            if sample.len() < SAMPLE_RECORDS {
                sample.push(record.to_owned());
            }
        })?;
        self.layout()
    }

    fn layout(&self) -> Result<Layout, PrepareError> {
        let dialect = self.reader.dialect();
        let decision = upload::decide(&self.settings, &self.sample);
        // The reader drops one byte order mark; csv-core drops a second one right after it.
        let mut body_start = 0;
        while body_start < 2 * BOM.len()
            && self.head.get(body_start..body_start + BOM.len()) == Some(BOM)
        {
            body_start += BOM.len();
        }
        let layout = Layout {
            dialect,
            body_start: body_start as u64,
            decision,
        };
        // Settings that cannot go with this mapping fail here, once, as a whole pass fails.
        layout.preparation(self.settings.clone(), 0, 0)?;
        Ok(layout)
    }
}

/// The smallest slice worth a thread's time.
pub const MIN_SLICE: usize = 64 << 10;
/// The largest slice (its events take about four times its bytes): bounded memory, a smooth
/// progress.
pub const MAX_SLICE: usize = 1 << 20;

/// Bytes per slice for a file of `size` bytes on `jobs` threads: four slices a thread at least,
/// so that threads finishing at different times wait little for one another.
///
/// ```
/// use events::slices::{MAX_SLICE, MIN_SLICE, slice_bytes};
/// assert_eq!(slice_bytes(1_000, 4), MIN_SLICE);
/// assert_eq!(slice_bytes(4 << 20, 2), 512 << 10);
/// assert_eq!(slice_bytes(1 << 40, 8), MAX_SLICE);
/// ```
pub fn slice_bytes(size: u64, jobs: usize) -> usize {
    let per = size / (jobs.max(1) as u64 * 4);
    usize::try_from(per)
        .unwrap_or(MAX_SLICE)
        .clamp(MIN_SLICE, MAX_SLICE)
}

/// Where the CSV parser is, for the boundary search.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Place {
    /// Between records (a fresh parser starts here).
    Between,
    /// At a field's start, after a delimiter.
    FieldStart,
    /// In a field without quotes (a quote here is text).
    Unquoted,
    /// In a quoted field.
    Quoted,
    /// Just after a quote in a quoted field: it ends the field unless a quote doubles it.
    QuoteInQuoted,
}

/// Follows csv-core's states over a file's bytes, to tell where records end (module docs).
#[derive(Debug, Clone)]
struct RecordScanner {
    delimiter: u8,
    place: Place,
    /// Records ended so far.
    records: u64,
}

impl RecordScanner {
    fn new(delimiter: Delimiter) -> Self {
        RecordScanner {
            delimiter: delimiter.byte(),
            place: Place::Between,
            records: 0,
        }
    }

    /// Scan `bytes` (the file's next bytes) up to the first record boundary at offset `min` or
    /// later, and return that offset; `None` when there is none: all of `bytes` is scanned.
    /// A boundary is where a record has ended and the next byte is no line end (the line ends
    /// after a record, blank lines included, stay with it), or the end of `bytes` between
    /// records.
    fn boundary(&mut self, bytes: &[u8], min: usize) -> Option<usize> {
        let d = self.delimiter;
        let mut place = self.place;
        let mut records = self.records;
        let mut found = None;
        let mut i = 0;
        while let Some(&b) = bytes.get(i) {
            let line_end = b == b'\n' || b == b'\r';
            if place == Place::Between && !line_end {
                if i >= min {
                    found = Some(i);
                    break;
                }
                // Most records hold no quote: such a record ends at its first line end,
                // whatever its delimiters. One look for the first line end or quote skips it.
                let rest = bytes.get(i..).unwrap_or_default();
                if let Some(at) = rest
                    .iter()
                    .position(|&c| c == b'\n' || c == b'\r' || c == b'"')
                    && rest.get(at) != Some(&b'"')
                {
                    records += 1;
                    i += at + 1;
                    continue;
                }
            }
            place = match place {
                Place::Quoted if b == b'"' => Place::QuoteInQuoted,
                Place::Quoted => Place::Quoted,
                Place::Between if line_end => Place::Between,
                Place::Between | Place::FieldStart if b == b'"' => Place::Quoted,
                Place::QuoteInQuoted if b == b'"' => Place::Quoted,
                _ if b == d => Place::FieldStart,
                _ if line_end => {
                    records += 1;
                    Place::Between
                }
                _ => Place::Unquoted,
            };
            i += 1;
        }
        self.place = place;
        self.records = records;
        found.or_else(|| (bytes.len() >= min && place == Place::Between).then_some(bytes.len()))
    }
}

/// Where one slice lies in a file held in memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SliceBounds {
    /// Its first byte's offset.
    pub start: usize,
    /// One past its last byte.
    pub end: usize,
    /// Records (the header included) before it.
    pub records_before: u64,
}

/// Cut `bytes`, a whole file with `layout`, into at most `count` slices of about equal size,
/// each ending where a record ends (a small file may give fewer).
pub fn cut(bytes: &[u8], layout: &Layout, count: usize) -> Vec<SliceBounds> {
    let count = count.max(1);
    let body = usize::try_from(layout.body_start)
        .unwrap_or(usize::MAX)
        .min(bytes.len());
    let mut scanner = RecordScanner::new(layout.delimiter());
    let mut slices = Vec::with_capacity(count);
    let mut start = 0;
    let mut scanned = body;
    let mut records_before = 0;
    for k in 1..count {
        let target = bytes.len() / count * k + bytes.len() % count * k / count;
        if target <= scanned {
            continue;
        }
        let rest = bytes.get(scanned..).unwrap_or_default();
        let Some(at) = scanner.boundary(rest, target - scanned) else {
            break;
        };
        scanned += at;
        if scanned >= bytes.len() {
            break;
        }
        slices.push(SliceBounds {
            start,
            end: scanned,
            records_before,
        });
        start = scanned;
        records_before = scanner.records;
    }
    slices.push(SliceBounds {
        start,
        end: bytes.len(),
        records_before,
    });
    slices
}

/// One slice of a file read in chunks, with its bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice {
    /// 0-based position among the file's slices.
    pub index: usize,
    /// Its first byte's offset in the file.
    pub start: u64,
    /// Records (the header included) before it.
    pub records_before: u64,
    /// Its bytes.
    pub bytes: Vec<u8>,
}

impl Slice {
    /// Prepare this slice on its own (any thread, any order), with the file's `settings` and
    /// `layout`: its whole output and its end, for [`Combination::add_slice`].
    pub fn prepare(&self, settings: Settings, layout: &Layout) -> Result<Finished, PrepareError> {
        layout
            .preparation(settings, self.start, self.records_before)?
            .run(&self.bytes)
    }
}

/// Cuts a file read in chunks into slices of at least `bytes_per_slice` bytes (a record longer
/// than that makes its slice longer), each ending where a record ends.
pub struct Slicer {
    scanner: RecordScanner,
    bytes_per_slice: usize,
    /// The bytes of the slice being gathered.
    pending: Vec<u8>,
    /// How many of them have been scanned.
    scanned: usize,
    start: u64,
    records_before: u64,
    index: usize,
}

impl Slicer {
    /// A slicer for a file with `layout`.
    pub fn new(layout: &Layout, bytes_per_slice: usize) -> Slicer {
        let skip = usize::try_from(layout.body_start).unwrap_or(0);
        Slicer {
            scanner: RecordScanner::new(layout.delimiter()),
            bytes_per_slice: bytes_per_slice.max(1),
            pending: Vec::new(),
            scanned: skip,
            start: 0,
            records_before: 0,
            index: 0,
        }
    }

    /// The file's next chunk; the slices it completes, in order.
    pub fn feed(&mut self, chunk: &[u8]) -> Vec<Slice> {
        self.pending.extend_from_slice(chunk);
        let mut slices = Vec::new();
        while self.scanned < self.pending.len() {
            let min = self.bytes_per_slice.saturating_sub(self.scanned).max(1);
            let rest = self.pending.get(self.scanned..).unwrap_or_default();
            match self.scanner.boundary(rest, min) {
                // A boundary at the very end of what has arrived may be followed by more of
                // the record's line end (`\r` then `\n`): wait for the next chunk to decide.
                Some(at) if self.scanned + at < self.pending.len() => {
                    let end = self.scanned + at;
                    let rest = self.pending.split_off(end);
                    let bytes = std::mem::replace(&mut self.pending, rest);
                    slices.push(self.slice(bytes));
                    self.records_before = self.scanner.records;
                    self.scanned = 0;
                }
                Some(at) => {
                    self.scanned += at;
                    break;
                }
                None => {
                    self.scanned = self.pending.len();
                    break;
                }
            }
        }
        slices
    }

    /// The end of the file: the last slice (`None` when the file ended on a boundary).
    pub fn finish(mut self) -> Option<Slice> {
        if self.pending.is_empty() {
            return None;
        }
        let bytes = std::mem::take(&mut self.pending);
        Some(self.slice(bytes))
    }

    fn slice(&mut self, bytes: Vec<u8>) -> Slice {
        let slice = Slice {
            index: self.index,
            start: self.start,
            records_before: self.records_before,
            bytes,
        };
        self.index += 1;
        self.start += slice.bytes.len() as u64;
        slice
    }
}

/// Puts the slices' outputs back together, in file order: one batcher batches their events
/// again, so batches and their digests are those of one pass, and the counts add up.
pub struct Combination {
    layout: Layout,
    batcher: Batcher,
    summary: Summary,
    /// Events the combined batcher refused as too large (none: see [`Combination::add`]).
    oversized: u64,
}

impl Combination {
    /// Combine the slices of a file with `settings` and `layout`.
    pub fn new(settings: &Settings, layout: &Layout) -> Result<Self, PrepareError> {
        let resolved = settings.resolve()?;
        Ok(Combination {
            layout: layout.clone(),
            batcher: Batcher::new(
                resolved.max_events,
                resolved.max_bytes,
                upload::top_level(settings),
            ),
            summary: Summary::default(),
            oversized: 0,
        })
    }

    /// Output of the next slice in file order (a slice's output may come in several parts,
    /// from [`Preparation::take_output`]); returns it with the request bodies it completes.
    pub fn add(&mut self, output: Output) -> Output {
        let Output {
            batches: parts,
            rejected,
            warnings,
            previews,
        } = output;
        let events = parts
            .iter()
            .flat_map(|part| part.rows.iter().copied().zip(part.events()));
        self.add_events(events, rejected, warnings, previews)
    }

    /// [`Combination::add`] of an output taken apart: its events as `(data row, event JSON
    /// text)` in order (the texts its batches hold), then its rejections, warnings and
    /// previews. For a slice prepared where memory is not shared (a Web Worker), whose output
    /// came back as bytes.
    pub fn add_events<'a>(
        &mut self,
        events: impl IntoIterator<Item = (u64, &'a str)>,
        mut rejected: Vec<Rejection>,
        warnings: Vec<RowWarning>,
        previews: Vec<Preview>,
    ) -> Output {
        for (row, event) in events {
            if self.batcher.push_str(row, event).is_err() {
                // The slice checked each event against the same limit and the same
                // top-level fields: this cannot happen, and is not dropped if it does.
                rejected.push(Rejection::new(row, None, RejectCode::EventTooLarge));
                self.oversized += 1;
            }
        }
        let batches = self.batcher.take_ready();
        self.summary.batches += batches.len() as u64;
        Output {
            batches,
            rejected,
            warnings,
            previews,
        }
    }

    /// The end of the next slice in file order: the rest of its output, and its counts.
    pub fn add_slice(&mut self, slice: impl Into<SliceOutput>) -> Output {
        let SliceOutput { output, summary } = slice.into();
        let output = self.add(output);
        self.add_counts(&summary);
        output
    }

    /// The counts of the next slice in file order (its `batches` are not counted: the
    /// combination makes its own), once its whole output is added.
    pub fn add_counts(&mut self, summary: &Summary) {
        let total = &mut self.summary;
        total.rows += summary.rows;
        total.accepted += summary.accepted;
        total.rejected += summary.rejected;
        for (into, from) in [
            (&mut total.rejected_by_reason, &summary.rejected_by_reason),
            (&mut total.warnings_by_code, &summary.warnings_by_code),
            (&mut total.coverage, &summary.coverage),
        ] {
            for (name, count) in from.iter() {
                into.add_count(name, count);
            }
        }
    }

    /// Data rows of the slices added so far.
    pub fn rows_read(&self) -> u64 {
        self.summary.rows
    }

    /// The end of the file (`file`: its identity, from [`FileDigest`]); the last batch is in
    /// the output.
    pub fn finish(mut self, file: Option<FileIdentity>) -> Finished {
        self.batcher.close();
        let batches = self.batcher.take_ready();
        self.summary.batches += batches.len() as u64;
        if self.oversized > 0 {
            self.summary.accepted = self.summary.accepted.saturating_sub(self.oversized);
            self.summary.rejected += self.oversized;
            self.summary
                .rejected_by_reason
                .add_count(RejectCode::EventTooLarge.code(), self.oversized);
        }
        self.summary.finish();
        let (mapping, detection, header) = match self.layout.decision {
            Some(decision) => (decision.mapping, decision.detection, decision.header),
            None => (Mapping::new(), None, false),
        };
        Finished {
            output: Output {
                batches,
                ..Output::default()
            },
            summary: self.summary,
            mapping,
            detection,
            header,
            dialect: self.layout.dialect,
            file,
        }
    }
}

/// A file's identity (name, size, SHA-256) as a whole pass computes it: only when the settings
/// name the file. Feed it every byte, in order.
pub struct FileDigest {
    name: Option<String>,
    hasher: Sha256,
    size: u64,
}

impl FileDigest {
    /// The digest of a file prepared with `settings`.
    pub fn new(settings: &Settings) -> Self {
        FileDigest {
            name: settings.file.as_ref().map(|f| f.name.clone()),
            hasher: Sha256::new(),
            size: 0,
        }
    }

    /// The file's next bytes.
    pub fn update(&mut self, chunk: &[u8]) {
        if self.name.is_some() {
            self.hasher.update(chunk);
        }
        self.size += chunk.len() as u64;
    }

    /// The identity, when the settings name the file.
    pub fn finish(self) -> Option<FileIdentity> {
        let name = self.name?;
        Some(FileIdentity {
            name,
            size: self.size,
            sha256: self
                .hasher
                .finalize()
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect(),
        })
    }
}

/// The layout of a file held in memory, read from its first chunks.
pub fn layout_of(settings: &Settings, bytes: &[u8]) -> Result<Layout, PrepareError> {
    let mut reader = LayoutReader::new(settings)?;
    for chunk in bytes.chunks(CHUNK) {
        if let Some(layout) = reader.feed(chunk)? {
            return Ok(layout);
        }
    }
    reader.finish()
}

/// Prepare one slice of a file held in memory, on its own (any thread, any order): its whole
/// output and its end, for [`Combination::add_slice`].
pub fn prepare_slice(
    settings: Settings,
    layout: &Layout,
    bytes: &[u8],
    bounds: SliceBounds,
) -> Result<Finished, PrepareError> {
    let slice = bytes.get(bounds.start..bounds.end).unwrap_or_default();
    layout
        .preparation(settings, bounds.start as u64, bounds.records_before)?
        .run(slice)
}

/// [`crate::prepare_bytes`] in `count` slices, each prepared on its own and the results put
/// together in file order: the same result.
pub fn prepare_sliced(
    settings: Settings,
    bytes: &[u8],
    count: usize,
) -> Result<Finished, PrepareError> {
    let layout = layout_of(&settings, bytes)?;
    let mut combination = Combination::new(&settings, &layout)?;
    let mut output = Output::default();
    for bounds in cut(bytes, &layout, count) {
        let slice = prepare_slice(settings.clone(), &layout, bytes, bounds)?;
        output.append(combination.add_slice(slice));
    }
    let mut digest = FileDigest::new(&settings);
    digest.update(bytes);
    let mut finished = combination.finish(digest.finish());
    output.append(std::mem::take(&mut finished.output));
    finished.output = output;
    Ok(finished)
}
