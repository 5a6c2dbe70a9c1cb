//! Every core of the browser: one file shared among a pool of Web Workers.
//!
//! The worker the page starts (see [`super::protocol`]) becomes the **coordinator** when the
//! [`Job`] asks for more than one worker. It reads the file in [`CHUNK_BYTES`] chunks, as one
//! worker does: the file's identity digest, its layout (delimiter, header, mapping: from its
//! first records) and the record boundaries ([`events::slices`], correct for quoted fields
//! that span lines) are found there. Beside it the page starts `workers` **slice workers** (the
//! same worker bin), hands each the job and the file once, and joins each to the coordinator by
//! a `MessageChannel`; the coordinator hands them [`SliceJob`]s over it: where a slice lies and
//! how many records come before it. (The coordinator does not start them itself: in Firefox,
//! `new Worker` inside a worker now and then never returns.) A slice worker finds the same layout from
//! the file's first chunks ([`SliceWorker`]), reads its slice of the `File`, prepares it with
//! absolute row numbers and posts its output as bytes ([`events::slices::SliceOutput`]). The
//! coordinator puts the outputs back in file order ([`Coordinator`]): the batches, row
//! numbers, rejections, warnings, previews and resume digests are those of one pass, whatever
//! the number of workers.
//!
//! The coordinator itself prepares nothing: reading, scanning, combining and moving bodies
//! into `Blob`s is a stage of its own, and a slice prepared on its thread would hold the others'
//! results waiting. Memory stays bounded whatever the file's size: at most `2 × workers`
//! slices are out (sent and not yet combined), and the slices' bytes are read by the slice
//! workers from the `File` itself, not copied through the coordinator.
//!
//! The progress counts the bytes and rows of the slices combined so far: it never runs ahead
//! of what is prepared.

use std::collections::VecDeque;

use events::slices::{
    Combination, FileDigest, InOrder, Layout, LayoutReader, Slice, SliceOutput, Slicer,
};
use serde::{Deserialize, Serialize};

use super::protocol::{CHUNK_BYTES, FromWorker, Job, Kept, Prepared, failure};

/// The most workers a file is shared among by default.
pub const MAX_WORKERS: usize = 8;

/// The most workers the `?workers=` address parameter may ask for.
pub const MAX_ASKED_WORKERS: usize = 16;

/// The workers for a machine with `cores` logical cores (`navigator.hardwareConcurrency`):
/// one a core, at most [`MAX_WORKERS`].
pub fn workers_for_cores(cores: usize) -> usize {
    cores.clamp(1, MAX_WORKERS)
}

/// The workers a page address's query asks for: `?workers=4` (from 1 to
/// [`MAX_ASKED_WORKERS`]) or `?workers=auto` (one a core of `cores`, see
/// [`workers_for_cores`]), which is also what it gets when it asks for none.
pub fn asked_workers(query: &str, cores: usize) -> usize {
    query
        .trim_start_matches('?')
        .split('&')
        .filter_map(|pair| pair.strip_prefix("workers="))
        .find_map(|n| match n {
            "auto" => Some(workers_for_cores(cores)),
            n => n
                .parse::<usize>()
                .ok()
                .map(|n| n.clamp(1, MAX_ASKED_WORKERS)),
        })
        .unwrap_or_else(|| workers_for_cores(cores))
}

/// Whether a file of `size` bytes is worth sharing among `workers` workers: a file of one
/// slice is not (starting slice workers would cost more than it saves).
pub fn worth_a_pool(size: u64, workers: usize) -> bool {
    workers > 1 && size > events::slices::slice_bytes(size, workers) as u64
}

/// Milliseconds the coordinator waits for its slice workers to load before it prepares the
/// file alone (a worker whose wasm cannot load says nothing).
pub const READY_TIMEOUT_MS: i32 = 10_000;

/// Milliseconds the coordinator waits for any answer while slices are out before it gives up on
/// its slice workers and prepares the file alone. A slice is at most [`MAX_SLICE`] bytes, which
/// a worker prepares in well under a second; a worker that has said nothing for this long is
/// stuck (its wasm failed, say: the page, not the coordinator, hears of that), and the user
/// still gets the file prepared.
///
/// [`MAX_SLICE`]: events::slices::MAX_SLICE
pub const STALL_TIMEOUT_MS: i32 = 8_000;

/// One slice for a slice worker: bytes `start..end` of the file, after `records_before`
/// records (the header included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SliceJob {
    /// 0-based position among the file's slices; the result comes back with it.
    pub index: usize,
    /// Its first byte's offset.
    pub start: u64,
    /// One past its last byte.
    pub end: u64,
    /// Records before it.
    pub records_before: u64,
}

/// Why a pooled preparation stopped.
#[derive(Debug, Clone, PartialEq)]
pub enum PoolError {
    /// The file cannot be prepared (the error one worker would give).
    Prepare(events::PrepareError),
    /// A slice worker could not prepare its slice: its code and message, as it posted them.
    Slice {
        /// Stable code.
        code: String,
        /// For a person.
        message: String,
    },
    /// A slice worker stopped (it could not start, or its wasm failed).
    WorkerStopped,
    /// The slice workers did not load in time ([`READY_TIMEOUT_MS`]), or stopped answering
    /// ([`STALL_TIMEOUT_MS`]): the coordinator prepares the file alone.
    NotReady,
    /// A slice worker's answer cannot be read (a damaged message).
    Damaged(String),
}

impl PoolError {
    /// The message the page gets.
    pub fn message(&self) -> FromWorker {
        match self {
            PoolError::Prepare(error) => failure(error),
            PoolError::Slice { code, message } => FromWorker::Failed {
                code: code.clone(),
                message: message.clone(),
            },
            PoolError::WorkerStopped | PoolError::NotReady => FromWorker::Failed {
                code: "slice_worker_failed".into(),
                message: "A background worker stopped while preparing the file.".into(),
            },
            PoolError::Damaged(what) => FromWorker::Failed {
                code: "slice_worker_failed".into(),
                message: format!("A background worker's answer cannot be read: {what}."),
            },
        }
    }
}

impl From<events::PrepareError> for PoolError {
    fn from(error: events::PrepareError) -> Self {
        PoolError::Prepare(error)
    }
}

/// Where the coordinator's reading is.
// One per file, never moved around: boxing a variant would save nothing.
#[allow(clippy::large_enum_variant)]
enum Stage {
    /// The first records, until the layout is known (the bytes read so far kept: they are
    /// the first slices').
    Layout { reader: LayoutReader, head: Vec<u8> },
    /// Cutting slices; the slicer is gone once the file has ended.
    Slicing {
        slicer: Option<Slicer>,
        combination: Combination,
    },
    /// Between two stages, or failed.
    Gone,
}

/// The coordinator's bookkeeping: the file in, slices out, outputs back in file order.
pub struct Coordinator {
    settings: events::Settings,
    bytes_per_slice: usize,
    digest: FileDigest,
    stage: Stage,
    /// Slices cut and not sent yet (no bytes: the slice workers read them from the file).
    queue: VecDeque<SliceJob>,
    /// Ends of the slices sent, in order, for the progress.
    ends: VecDeque<u64>,
    order: InOrder<Result<SliceOutput, PoolError>>,
    kept: Kept,
    /// Bytes of the slices combined so far.
    combined_bytes: u64,
    ended: bool,
}

impl Coordinator {
    /// Coordinate `job` over a file of `size` bytes.
    pub fn new(job: &Job, size: u64) -> Result<Coordinator, events::PrepareError> {
        let workers = job.workers.max(1);
        Ok(Coordinator {
            bytes_per_slice: events::slices::slice_bytes(size, workers),
            digest: FileDigest::new(&job.settings),
            stage: Stage::Layout {
                reader: LayoutReader::new(&job.settings)?,
                head: Vec::new(),
            },
            queue: VecDeque::new(),
            ends: VecDeque::new(),
            order: InOrder::new(2 * workers),
            kept: Kept::new(&job.settings),
            settings: job.settings.clone(),
            combined_bytes: 0,
            ended: false,
        })
    }

    /// The file's next chunk (in [`CHUNK_BYTES`] chunks from its start, as a slice worker
    /// reads its head).
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), PoolError> {
        self.digest.update(chunk);
        match &mut self.stage {
            Stage::Layout { reader, head } => {
                head.extend_from_slice(chunk);
                if let Some(layout) = reader.feed(chunk)? {
                    let head = std::mem::take(head);
                    self.start_slicing(&layout, &head)?;
                }
            }
            Stage::Slicing {
                slicer: Some(slicer),
                ..
            } => {
                let slices = slicer.feed(chunk);
                self.queue_slices(slices);
            }
            Stage::Slicing { slicer: None, .. } | Stage::Gone => {}
        }
        Ok(())
    }

    fn start_slicing(&mut self, layout: &Layout, head: &[u8]) -> Result<(), PoolError> {
        let mut slicer = Slicer::new(layout, self.bytes_per_slice);
        let combination = Combination::new(&self.settings, layout)?;
        let slices = slicer.feed(head);
        self.stage = Stage::Slicing {
            slicer: Some(slicer),
            combination,
        };
        self.queue_slices(slices);
        Ok(())
    }

    fn queue_slices(&mut self, slices: Vec<Slice>) {
        self.queue.extend(slices.into_iter().map(|slice| SliceJob {
            index: slice.index,
            start: slice.start,
            end: slice.start + slice.bytes.len() as u64,
            records_before: slice.records_before,
        }));
    }

    /// The end of the file: the last slice is cut.
    pub fn end_of_file(&mut self) -> Result<(), PoolError> {
        self.ended = true;
        if matches!(self.stage, Stage::Layout { .. })
            && let Stage::Layout { reader, head } = std::mem::replace(&mut self.stage, Stage::Gone)
        {
            let layout = reader.finish()?;
            self.start_slicing(&layout, &head)?;
        }
        if let Stage::Slicing { slicer, .. } = &mut self.stage
            && let Some(last) = slicer.take().and_then(Slicer::finish)
        {
            self.queue_slices(vec![last]);
        }
        Ok(())
    }

    /// Slices cut and waiting to be sent.
    pub fn queued(&self) -> usize {
        self.queue.len()
    }

    /// The next slice to send, when fewer than `2 × workers` are out.
    pub fn next_slice(&mut self) -> Option<SliceJob> {
        if !self.order.send_allowed() {
            return None;
        }
        let job = self.queue.pop_front()?;
        self.order.send();
        self.ends.push_back(job.end);
        Some(job)
    }

    /// Slices sent and not combined yet.
    pub fn in_flight(&self) -> usize {
        self.order.in_flight()
    }

    /// The answer for slice `index`: its output's bytes, or its worker's failure (code,
    /// message). Every output now next in file order is combined; a failure stops the file
    /// when its turn comes, so the error is the first in file order, as with one worker.
    pub fn arrived(
        &mut self,
        index: usize,
        answer: Result<Vec<u8>, (String, String)>,
    ) -> Result<(), PoolError> {
        let result = match answer {
            Ok(bytes) => SliceOutput::decode(&bytes).map_err(|e| PoolError::Damaged(e.to_string())),
            Err((code, message)) => Err(PoolError::Slice { code, message }),
        };
        let ready = self
            .order
            .arrive(index, result)
            .map_err(|e| PoolError::Damaged(e.to_string()))?;
        let Stage::Slicing { combination, .. } = &mut self.stage else {
            return Err(PoolError::Damaged(format!(
                "slice {index} came before the layout"
            )));
        };
        for result in ready {
            let output = combination.add_slice(result?);
            self.kept.take(output);
            self.combined_bytes = self.ends.pop_front().unwrap_or(self.combined_bytes);
        }
        Ok(())
    }

    /// Bytes and data rows of the slices combined so far.
    pub fn combined(&self) -> (u64, u64) {
        let rows = match &self.stage {
            Stage::Slicing { combination, .. } => combination.rows_read(),
            _ => 0,
        };
        (self.combined_bytes, rows)
    }

    /// The request bodies made since the last call, in order.
    pub fn take_bodies(&mut self) -> Vec<String> {
        self.kept.take_bodies()
    }

    /// Whether every slice is combined: [`Coordinator::finish`] may be called.
    pub fn is_done(&self) -> bool {
        self.ended && self.queue.is_empty() && self.order.in_flight() == 0
    }

    /// The end: the prepared file (its `bodies` left empty) and the bodies not taken yet.
    pub fn finish(mut self) -> Result<(Prepared, Vec<String>), PoolError> {
        let Stage::Slicing { combination, .. } = std::mem::replace(&mut self.stage, Stage::Gone)
        else {
            return Err(PoolError::Damaged(
                "the file ended before its layout".into(),
            ));
        };
        let mut finished = combination.finish(self.digest.finish());
        self.kept.take(std::mem::take(&mut finished.output));
        Ok(self.kept.finish(finished))
    }
}

/// A slice worker's side: the file's layout from its first chunks, then any slice of it.
pub struct SliceWorker {
    settings: events::Settings,
    reader: Option<LayoutReader>,
    layout: Option<Layout>,
}

impl SliceWorker {
    /// A slice worker for `job`'s file.
    pub fn new(job: &Job) -> Result<SliceWorker, events::PrepareError> {
        Ok(SliceWorker {
            reader: Some(LayoutReader::new(&job.settings)?),
            settings: job.settings.clone(),
            layout: None,
        })
    }

    /// The file's next chunk from its start ([`CHUNK_BYTES`] each, as the coordinator reads
    /// them); `true` once the layout is known.
    pub fn feed_head(&mut self, chunk: &[u8]) -> Result<bool, events::PrepareError> {
        if let Some(reader) = &mut self.reader
            && let Some(layout) = reader.feed(chunk)?
        {
            self.layout = Some(layout);
            self.reader = None;
        }
        Ok(self.layout.is_some())
    }

    /// The file ended before its layout was known.
    pub fn end_head(&mut self) -> Result<(), events::PrepareError> {
        if let Some(reader) = self.reader.take() {
            self.layout = Some(reader.finish()?);
        }
        Ok(())
    }

    /// Prepare `job`'s slice from its `bytes`: the output's bytes, for
    /// [`Coordinator::arrived`].
    pub fn prepare(&self, job: &SliceJob, bytes: Vec<u8>) -> Result<Vec<u8>, PoolError> {
        let Some(layout) = &self.layout else {
            return Err(PoolError::Damaged("a slice came before the layout".into()));
        };
        let slice = Slice {
            index: job.index,
            start: job.start,
            records_before: job.records_before,
            bytes,
        };
        let finished = slice.prepare(self.settings.clone(), layout)?;
        Ok(SliceOutput::from(finished).encode())
    }
}

/// A slice worker's failure as the coordinator takes it: `(code, message)`.
pub fn slice_failure(error: &PoolError) -> (String, String) {
    match error.message() {
        FromWorker::Failed { code, message } => (code, message),
        _ => ("slice_worker_failed".into(), String::new()),
    }
}

/// Run `job` over `file` (held in memory) with `workers` slice workers on this thread,
/// answering in a shuffled order (each round's slices come back last first): what the
/// browser's pool does, for native tests and [`crate::platform::memory`]. Calls `progress`
/// after each chunk with the bytes and rows combined.
pub fn run_in_memory(
    job: &Job,
    file: &[u8],
    mut progress: impl FnMut(u64, u64),
) -> Result<(Prepared, Vec<String>), PoolError> {
    let mut coordinator = Coordinator::new(job, file.len() as u64)?;
    let mut worker = SliceWorker::new(job)?;
    for chunk in file.chunks(CHUNK_BYTES as usize) {
        if worker.feed_head(chunk)? {
            break;
        }
    }
    worker.end_head()?;
    let mut bodies = Vec::new();
    let answer = |coordinator: &mut Coordinator| -> Result<(), PoolError> {
        let mut round = Vec::new();
        while let Some(slice) = coordinator.next_slice() {
            round.push(slice);
        }
        for slice in round.iter().rev() {
            let bytes = file
                .get(slice.start as usize..slice.end as usize)
                .unwrap_or_default()
                .to_vec();
            let answer = worker.prepare(slice, bytes).map_err(|e| slice_failure(&e));
            coordinator.arrived(slice.index, answer)?;
        }
        Ok(())
    };
    for chunk in file.chunks(CHUNK_BYTES as usize) {
        coordinator.feed(chunk)?;
        answer(&mut coordinator)?;
        bodies.extend(coordinator.take_bodies());
        let (bytes, rows) = coordinator.combined();
        progress(bytes, rows);
    }
    coordinator.end_of_file()?;
    while !coordinator.is_done() {
        answer(&mut coordinator)?;
    }
    let (mut prepared, rest) = coordinator.finish()?;
    prepared.slice_workers = job.workers;
    bodies.extend(rest);
    Ok((prepared, bodies))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::protocol::Collector;

    /// A file of `rows` rows whose notes are quoted and span lines (with doubled quotes and
    /// delimiters inside), every seventh row rejected and every fifth e-mail invalid.
    fn quoted_file(rows: usize) -> Vec<u8> {
        let mut file = String::from("email,phone,value,currency,time,note\n");
        for n in 1..=rows {
            let email = if n % 5 == 0 {
                format!("not-an-email-{n}")
            } else {
                format!("person{n}@example.com")
            };
            let value = if n % 7 == 0 { "-1" } else { "12.50" };
            file.push_str(&format!(
                "{email},+1 650 555 {:04},{value},USD,2026-11-01 10:{:02},\"line one of {n}\nline two, \"\"quoted\"\"\r\nthree\"\n",
                n % 10_000,
                n % 60
            ));
        }
        file.into_bytes()
    }

    fn job(workers: usize) -> Job {
        let mut settings = events::Settings::new(1_795_132_800);
        settings.event_name = Some("Purchase".into());
        settings.max_batch_events = Some(300);
        settings.preview_rows = crate::worker::protocol::PREVIEW_ROWS;
        settings.file = Some(events::settings::FileInfo {
            name: "quoted.csv".into(),
            size: 0,
        });
        Job { settings, workers }
    }

    fn one_worker(job: &Job, file: &[u8]) -> (Prepared, Vec<String>) {
        let mut collector = Collector::new(job.clone()).unwrap();
        let mut bodies = Vec::new();
        for chunk in file.chunks(CHUNK_BYTES as usize) {
            collector.feed(chunk).unwrap();
            bodies.extend(collector.take_bodies());
        }
        let (prepared, rest) = collector.finish().unwrap();
        bodies.extend(rest);
        (prepared, bodies)
    }

    #[test]
    fn many_workers_give_what_one_worker_gives() {
        let quoted = quoted_file(6_000);
        let mut messy = Vec::new();
        let mut synthetic = events::synthetic::SyntheticFile::messy(4_000);
        let mut chunk = Vec::new();
        while synthetic.next_chunk(&mut chunk, 1 << 16) {
            messy.extend_from_slice(&chunk);
        }
        for file in [&quoted[..], &messy[..]] {
            assert!(file.len() > 8 * events::slices::MIN_SLICE);
            let (one, one_bodies) = one_worker(&job(1), file);
            assert!(one.summary.rejected > 0 || file == &messy[..]);
            assert!(one.summary.batches > 3);
            for workers in [2, 4] {
                let mut steps = 0;
                let (mut many, bodies) =
                    run_in_memory(&job(workers), file, |_, _| steps += 1).unwrap();
                assert_eq!(many.slice_workers, workers, "said who prepared it");
                many.slice_workers = one.slice_workers;
                assert_eq!(many, one, "{workers} workers");
                assert_eq!(bodies, one_bodies, "{workers} workers");
            }
        }
    }

    #[test]
    fn a_slice_starts_inside_a_quote_where_a_line_cut_would_fall() {
        let file = quoted_file(6_000);
        let job = job(4);
        let mut coordinator = Coordinator::new(&job, file.len() as u64).unwrap();
        for chunk in file.chunks(CHUNK_BYTES as usize) {
            coordinator.feed(chunk).unwrap();
        }
        coordinator.end_of_file().unwrap();
        let mut slices = Vec::new();
        while let Some(slice) = coordinator.next_slice() {
            slices.push(slice);
        }
        assert!(slices.len() > 1);
        for slice in &slices[1..] {
            // Each slice starts at a record's start: an e-mail, never a note's second line.
            let start = &file[slice.start as usize..];
            assert!(start.starts_with(b"person") || start.starts_with(b"not-an-email"));
        }
        // Where the slice's minimum size falls, the text is inside a quoted note.
        let min = events::slices::slice_bytes(file.len() as u64, 4);
        let before = &file[..min];
        let quotes = before.iter().filter(|&&b| b == b'"').count();
        let last_line = before.rsplit(|&b| b == b'\n').next().unwrap_or_default();
        assert!(
            quotes % 2 == 1 || !last_line.starts_with(b"person"),
            "the cut point is not inside a record"
        );
    }

    #[test]
    fn at_most_two_slices_a_worker_are_out() {
        let file = quoted_file(6_000);
        let mut coordinator = Coordinator::new(&job(2), file.len() as u64).unwrap();
        for chunk in file.chunks(CHUNK_BYTES as usize) {
            coordinator.feed(chunk).unwrap();
        }
        coordinator.end_of_file().unwrap();
        let mut out = Vec::new();
        while let Some(slice) = coordinator.next_slice() {
            out.push(slice);
        }
        assert_eq!(out.len(), 4);
        assert!(coordinator.queued() > 0);
        assert_eq!(coordinator.in_flight(), 4);
        let worker = {
            let mut worker = SliceWorker::new(&job(2)).unwrap();
            worker.feed_head(&file).unwrap();
            worker.end_head().unwrap();
            worker
        };
        // The second answer first: nothing is combined until the first comes.
        let answer = |slice: &SliceJob| {
            let bytes = file[slice.start as usize..slice.end as usize].to_vec();
            worker.prepare(slice, bytes).map_err(|e| slice_failure(&e))
        };
        coordinator.arrived(1, answer(&out[1])).unwrap();
        assert_eq!(coordinator.combined(), (0, 0));
        assert!(coordinator.next_slice().is_none());
        coordinator.arrived(0, answer(&out[0])).unwrap();
        assert_eq!(coordinator.combined().0, out[1].end);
        assert!(coordinator.next_slice().is_some());
        assert!(!coordinator.is_done());
    }

    #[test]
    fn a_failing_slice_worker_stops_the_file_with_its_error() {
        let file = quoted_file(6_000);
        let mut coordinator = Coordinator::new(&job(2), file.len() as u64).unwrap();
        for chunk in file.chunks(CHUNK_BYTES as usize) {
            coordinator.feed(chunk).unwrap();
        }
        let first = coordinator.next_slice().unwrap();
        let second = coordinator.next_slice().unwrap();
        let failed = ("invalid_utf8".to_owned(), "row 9: not UTF-8".to_owned());
        // A later slice's failure waits for the slices before it, as one pass would.
        coordinator
            .arrived(second.index, Err(failed.clone()))
            .unwrap();
        let error = coordinator
            .arrived(first.index, Ok(SliceOutput::default().encode()))
            .unwrap_err();
        assert_eq!(
            error.message(),
            FromWorker::Failed {
                code: failed.0,
                message: failed.1
            }
        );
        let mut damaged = Coordinator::new(&job(2), file.len() as u64).unwrap();
        damaged.feed(&file).unwrap();
        let slice = damaged.next_slice().unwrap();
        let error = damaged.arrived(slice.index, Ok(vec![1, 2])).unwrap_err();
        assert!(matches!(error, PoolError::Damaged(_)));
        assert!(matches!(
            PoolError::WorkerStopped.message(),
            FromWorker::Failed { code, .. } if code == "slice_worker_failed"
        ));
        assert!(matches!(
            damaged.arrived(7, Ok(Vec::new())),
            Err(PoolError::Damaged(_))
        ));
    }

    #[test]
    fn the_worker_count_comes_from_the_cores_or_the_address() {
        assert_eq!(workers_for_cores(0), 1);
        assert_eq!(workers_for_cores(2), 2);
        assert_eq!(workers_for_cores(32), MAX_WORKERS);
        assert_eq!(asked_workers("", 4), 4);
        assert_eq!(asked_workers("?lang=en", 32), MAX_WORKERS);
        assert_eq!(asked_workers("?workers=4", 2), 4);
        assert_eq!(asked_workers("?lang=en&workers=2", 8), 2);
        assert_eq!(asked_workers("?workers=auto", 2), 2);
        assert_eq!(asked_workers("?workers=auto", 32), MAX_WORKERS);
        assert_eq!(asked_workers("?workers=0", 2), 1);
        assert_eq!(asked_workers("?workers=999", 2), MAX_ASKED_WORKERS);
        assert_eq!(asked_workers("?workers=x", 2), 2);
        assert!(!worth_a_pool(40_000, 4), "one slice");
        assert!(!worth_a_pool(10 << 20, 1));
        assert!(worth_a_pool(1 << 20, 2));
    }
}
