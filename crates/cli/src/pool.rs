//! Preparing on every core: the file is read once, in order, on this thread, which finds the
//! file's layout (delimiter, header, mapping) in its first records and cuts it into slices on
//! record boundaries ([`events::slices`]); `jobs` threads prepare the slices; this thread puts
//! their outputs back in file order ([`events::slices::Combination`]) and hands them on. The
//! batches, row numbers, rejections, warnings and resume digests are those of one pass: the
//! output does not depend on the number of cores.
//!
//! Memory stays bounded: at most `2 × jobs` slices (of about [`events::slices::MAX_SLICE`] bytes each, and
//! their output) are read and not yet handed on.

use crate::exit::CliError;
use crate::input::{self, Flow, Position};
use events::slices::{Combination, FileDigest, InOrder, Layout, LayoutReader, Slice, Slicer};
use events::{Finished, Output, Settings};
use std::panic::AssertUnwindSafe;
use std::path::Path;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Mutex, mpsc};

use events::slices::slice_bytes;

/// What a thread sends back: the slice's place, the offset where it ends, its preparation.
type Prepared = (usize, u64, Result<Finished, CliError>);

/// [`input::prepare`] on `jobs` threads; the same calls of `each` with the same outputs in
/// total, in the same order (the outputs are cut differently: one per slice).
pub fn prepare(
    path: &Path,
    settings: Settings,
    jobs: usize,
    each: impl FnMut(Output, Position) -> Result<Flow, CliError>,
) -> Result<Option<Finished>, CliError> {
    let mut file = std::fs::File::open(path).map_err(|e| CliError::io("opening", path, e))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut buffer = vec![0; input::CHUNK_BYTES];
    let mut digest = FileDigest::new(&settings);
    // The first records decide the layout; the bytes read until then are the first slices'.
    let mut head = Vec::new();
    let mut reader = LayoutReader::new(&settings)?;
    let layout = loop {
        let read = input::read_chunk(&mut file, &mut buffer, path)?;
        if read == 0 {
            break reader.finish()?;
        }
        let chunk = buffer.get(..read).unwrap_or_default();
        digest.update(chunk);
        head.extend_from_slice(chunk);
        if let Some(layout) = reader.feed(chunk)? {
            break layout;
        }
    };
    let combination = Combination::new(&settings, &layout)?;
    let stop = AtomicBool::new(false);
    let (to_threads, jobs_in) = mpsc::sync_channel::<Slice>(jobs);
    let jobs_in = Mutex::new(jobs_in);
    let (done, results) = mpsc::channel::<Prepared>();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            let done = done.clone();
            let (jobs_in, settings, layout, stop) = (&jobs_in, &settings, &layout, &stop);
            scope.spawn(move || work(jobs_in, &done, settings, layout, stop));
        }
        drop(done);
        let mut pipeline = Pipeline {
            to_threads: Some(to_threads),
            results,
            order: InOrder::new(2 * jobs),
            bytes: 0,
            combination: Some(combination),
            each,
        };
        let slicer = Slicer::new(&layout, slice_bytes(size, jobs));
        let outcome = pipeline.run(slicer, head, |buffer| {
            let read = input::read_chunk(&mut file, buffer, path)?;
            digest.update(buffer.get(..read).unwrap_or_default());
            Ok(read)
        });
        // Threads still busy stop after their slice; the scope waits for them.
        stop.store(true, Ordering::Relaxed);
        pipeline.to_threads = None;
        match outcome? {
            Flow::Stop => Ok(None),
            Flow::Continue => pipeline.finish(digest.finish()),
        }
    })
}

/// One thread: prepare slices until there are no more (or the reading stopped).
fn work(
    jobs_in: &Mutex<mpsc::Receiver<Slice>>,
    done: &mpsc::Sender<Prepared>,
    settings: &Settings,
    layout: &Layout,
    stop: &AtomicBool,
) {
    loop {
        let next = match jobs_in.lock() {
            Ok(receiver) => receiver.recv(),
            Err(_) => return,
        };
        let Ok(slice) = next else {
            return;
        };
        if stop.load(Ordering::Relaxed) {
            return;
        }
        let end = slice.start + slice.bytes.len() as u64;
        // A thread that panicked would leave its slice's place empty and the reading thread
        // waiting for it: its slice fails instead, and the command with it.
        let prepared = match std::panic::catch_unwind(AssertUnwindSafe(|| {
            slice.prepare(settings.clone(), layout)
        })) {
            Ok(prepared) => prepared.map_err(CliError::from),
            Err(_) => Err(CliError::Stopped(format!(
                "preparing the slice at byte {} of the file failed unexpectedly",
                slice.start
            ))),
        };
        if done.send((slice.index, end, prepared)).is_err() {
            return;
        }
    }
}

/// The reading thread's side: slices out, results back in file order, outputs handed on.
struct Pipeline<F> {
    to_threads: Option<mpsc::SyncSender<Slice>>,
    results: mpsc::Receiver<Prepared>,
    /// Slices sent and not handed on yet (at most `2 × jobs`), and the results that came
    /// before the ones ahead of them in the file.
    order: InOrder<(u64, Result<Finished, CliError>)>,
    /// Bytes of the slices handed on.
    bytes: u64,
    combination: Option<Combination>,
    each: F,
}

impl<F: FnMut(Output, Position) -> Result<Flow, CliError>> Pipeline<F> {
    /// Read the file to its end (`head`, then `read` into a buffer), slice it, and hand on
    /// every slice's output in file order.
    fn run(
        &mut self,
        mut slicer: Slicer,
        head: Vec<u8>,
        mut read: impl FnMut(&mut [u8]) -> Result<usize, CliError>,
    ) -> Result<Flow, CliError> {
        let mut buffer = vec![0; input::CHUNK_BYTES];
        let mut slices = slicer.feed(&head);
        drop(head);
        loop {
            for slice in slices {
                if self.send(slice)? == Flow::Stop {
                    return Ok(Flow::Stop);
                }
            }
            let count = read(&mut buffer)?;
            if count == 0 {
                break;
            }
            slices = slicer.feed(buffer.get(..count).unwrap_or_default());
        }
        if let Some(slice) = slicer.finish()
            && self.send(slice)? == Flow::Stop
        {
            return Ok(Flow::Stop);
        }
        while self.order.in_flight() > 0 {
            if self.receive()? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// Hand `slice` to the threads, once fewer than the limit are in flight.
    fn send(&mut self, slice: Slice) -> Result<Flow, CliError> {
        while !self.order.send_allowed() {
            if self.receive()? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        let sent = self.to_threads.as_ref().map(|to| to.send(slice));
        if !matches!(sent, Some(Ok(()))) {
            return Err(stopped_thread());
        }
        self.order.send();
        Ok(Flow::Continue)
    }

    /// Wait for one result, then hand on every result that is next in the file.
    fn receive(&mut self) -> Result<Flow, CliError> {
        let (index, end, prepared) = self.results.recv().map_err(|_| stopped_thread())?;
        let ready = self
            .order
            .arrive(index, (end, prepared))
            .map_err(|_| stopped_thread())?;
        for (end, prepared) in ready {
            self.bytes = end;
            let Some(combination) = self.combination.as_mut() else {
                return Err(stopped_thread());
            };
            let output = combination.add_slice(prepared?);
            let position = Position {
                bytes: end,
                rows: combination.rows_read(),
                last: false,
            };
            if (self.each)(output, position)? == Flow::Stop {
                return Ok(Flow::Stop);
            }
        }
        Ok(Flow::Continue)
    }

    /// The end of the file: the last batch, handed on like the rest.
    fn finish(
        mut self,
        file: Option<events::plan::FileIdentity>,
    ) -> Result<Option<Finished>, CliError> {
        let Some(combination) = self.combination.take() else {
            return Err(stopped_thread());
        };
        let mut finished = combination.finish(file);
        let position = Position {
            bytes: self.bytes,
            rows: finished.summary.rows,
            last: true,
        };
        if (self.each)(std::mem::take(&mut finished.output), position)? == Flow::Stop {
            return Ok(None);
        }
        Ok(Some(finished))
    }
}

/// The error of a thread that stopped without its slice's result.
fn stopped_thread() -> CliError {
    CliError::Stopped("a preparation thread stopped before its slice was prepared".to_owned())
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use super::*;

    /// Every output handed on, as text, and how many times `each` was called.
    fn run(path: &Path, jobs: usize) -> (Vec<String>, usize, Position) {
        let mut settings = Settings::from_json(events::synthetic::SETTINGS_JSON).unwrap();
        settings.max_batch_events = Some(400);
        let mut seen = Vec::new();
        let mut calls = 0;
        let mut last = None;
        let finished = input::prepare(path, settings, jobs, |output, position| {
            calls += 1;
            last = Some(position);
            seen.extend(output.batches.iter().map(|b| b.to_json()));
            seen.extend(output.rejected.iter().map(|r| format!("{r:?}")));
            seen.extend(output.warnings.iter().map(|w| format!("{w:?}")));
            Ok(Flow::Continue)
        })
        .unwrap()
        .unwrap();
        seen.push(serde_json::to_string(&finished.summary).unwrap());
        (seen, calls, last.unwrap())
    }

    #[test]
    fn threads_hand_on_in_file_order_what_one_thread_hands_on() {
        let dir = std::env::temp_dir().join(format!("hashdrop-pool-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("synthetic.csv");
        let mut file = events::synthetic::SyntheticFile::new(30_000);
        let mut bytes = Vec::new();
        let mut chunk = Vec::new();
        while file.next_chunk(&mut chunk, 1 << 16) {
            bytes.extend_from_slice(&chunk);
        }
        std::fs::write(&path, &bytes).unwrap();
        let (one, _, end) = run(&path, 1);
        let (three, calls, last) = run(&path, 3);
        assert_eq!(three, one);
        assert!(
            calls > 10,
            "{calls} outputs: the file was not cut in slices"
        );
        assert_eq!(last, end);
        assert_eq!(last.bytes, bytes.len() as u64);
        assert!(last.last);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
