//! `prepareUpload` on many workers: the glue over `events::slices` that the package's
//! `prepareUploadParallel` drives. Every rule lives in `events`; this translates types and
//! carries a slice's output between wasm instances that share no memory (Web Workers,
//! `worker_threads`) as bytes.
//!
//! - On the calling thread, [`UploadSlices`] reads the file's layout from its first chunks
//!   (`events::slices::LayoutReader`), cuts the file into slices on record boundaries
//!   (`events::slices::Slicer`: correct for quoted fields that span lines), and puts the
//!   slices' results back together in file order (`events::slices::Combination`) into exactly
//!   what `prepareUpload` returns.
//! - In each worker, [`UploadSlicePreparer`] is built once from the layout's bytes
//!   ([`UploadSlices::layout`]: the options and the file's first chunks, from which the worker
//!   decides the same layout) and prepares slices (`events::slices::Slice::prepare`) into
//!   compact bytes: the events' JSON texts as they are, the rest as a small JSON head.

use crate::upload::{self, Bodies, coded};
use events::slices::{
    self, Combination, FileDigest, Layout, LayoutReader, Slice, SliceOutput, Slicer,
};
use events::{Finished, Output, PrepareError, Settings};
use wasm_bindgen::prelude::*;

/// A failure of the package itself, never caused by the data (`code: "internal"`).
fn internal(message: &str) -> js_sys::Error {
    coded(&format!("internal: {message}"), "internal", "csv")
}

/// Cuts a file into slices and puts their results back together, on the calling thread:
/// `new UploadSlices(options, size, workers)`, then `feed(chunk)` (in order, any sizes) and
/// `finish()`, each returning the slices they complete (`{ index, start, recordsBefore, bytes
/// }`) for the workers, with [`UploadSlices::layout`] known once the first slice is out; each
/// worker's result goes to `add(result)` in file order, and `result()` is `prepareUpload`'s.
#[wasm_bindgen(skip_typescript)]
pub struct UploadSlices {
    settings: Settings,
    settings_json: String,
    bodies: Bodies,
    bytes_per_slice: usize,
    digest: Option<FileDigest>,
    /// Until the layout is known: the reader and the bytes received.
    reading: Option<LayoutReader>,
    head: Vec<u8>,
    /// How much of `head` the reader has been fed (whole [`slices::CHUNK`]s but the last).
    fed: usize,
    layout: Option<Vec<u8>>,
    slicer: Option<Slicer>,
    combination: Option<Combination>,
    /// The request bodies made so far, already as `prepareUpload` returns them (so the wasm
    /// memory holds only the slices in flight), and the rest of the output.
    bodies_made: js_sys::Array,
    output: Output,
    /// Slices handed out, and the file's bytes received.
    sliced: usize,
    received: u64,
    /// Where the results added so far end in the file.
    combined_to: u64,
}

#[wasm_bindgen]
impl UploadSlices {
    /// Slices of a file of `size` bytes for `workers` workers, prepared with `options`
    /// (`prepareUpload`'s, `bodies` included). Throws what `prepareUpload` throws for bad
    /// options.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue, size: f64, workers: u32) -> Result<UploadSlices, js_sys::Error> {
        let (settings_json, bodies) = upload::read_options(&options)?;
        let settings = Settings::from_json(&settings_json)
            .map_err(|e| coded(&e.to_string(), e.code(), "options"))?;
        let reading = LayoutReader::new(&settings).map_err(|e| upload::prepare_error(&e))?;
        Ok(UploadSlices {
            digest: Some(FileDigest::new(&settings)),
            settings,
            settings_json,
            bodies,
            bytes_per_slice: slices::slice_bytes(size.max(0.0) as u64, workers as usize),
            reading: Some(reading),
            head: Vec::new(),
            fed: 0,
            layout: None,
            slicer: None,
            combination: None,
            bodies_made: js_sys::Array::new(),
            output: Output::default(),
            sliced: 0,
            received: 0,
            combined_to: 0,
        })
    }

    /// The file's next bytes: the slices they complete, in file order.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<js_sys::Array, js_sys::Error> {
        if let Some(digest) = &mut self.digest {
            digest.update(chunk);
        }
        self.received += chunk.len() as u64;
        let slices = match &mut self.slicer {
            Some(slicer) => slicer.feed(chunk),
            None => {
                self.head.extend_from_slice(chunk);
                self.read_layout(false)?
            }
        };
        Ok(self.hand_out(slices))
    }

    /// The end of the file: the last slices (a file without records still makes one, as a
    /// whole pass reads it).
    pub fn finish(&mut self) -> Result<js_sys::Array, js_sys::Error> {
        let mut slices = if self.slicer.is_none() {
            self.read_layout(true)?
        } else {
            Vec::new()
        };
        if let Some(last) = self.slicer.take().and_then(Slicer::finish) {
            slices.push(last);
        }
        if self.sliced == 0 && slices.is_empty() {
            slices.push(Slice {
                index: 0,
                start: 0,
                records_before: 0,
                bytes: Vec::new(),
            });
        }
        Ok(self.hand_out(slices))
    }

    /// The layout every worker needs, as bytes (`undefined` until the first slice is out).
    #[wasm_bindgen(getter)]
    pub fn layout(&self) -> Option<Vec<u8>> {
        self.layout.clone()
    }

    /// A worker's result for the next slice in file order.
    pub fn add(&mut self, result: &[u8]) -> Result<(), js_sys::Error> {
        let (start, end, output) = decode(result)?;
        if start != self.combined_to {
            return Err(internal("a slice's result was added out of file order"));
        }
        let combination = self
            .combination
            .as_mut()
            .ok_or_else(|| internal("a result was added before the layout was read"))?;
        let output = combination.add_slice(output);
        self.append(output)?;
        self.combined_to = end;
        Ok(())
    }

    /// What `prepareUpload` returns for the file, once every slice's result is added.
    pub fn result(&mut self) -> Result<JsValue, js_sys::Error> {
        if self.combined_to != self.received || self.slicer.is_some() || self.reading.is_some() {
            return Err(internal(
                "the result was asked for before every slice was added",
            ));
        }
        let combination = self
            .combination
            .take()
            .ok_or_else(|| internal("the result was asked for twice"))?;
        let file = self.digest.take().and_then(FileDigest::finish);
        let mut finished: Finished = combination.finish(file);
        self.append(std::mem::take(&mut finished.output))?;
        finished.output = std::mem::take(&mut self.output);
        upload::with_batches(&finished, &self.bodies_made)
    }
}

impl UploadSlices {
    /// Keep `output`: its request bodies as `prepareUpload` returns them (the JSON text, or
    /// with `bodies: "objects"` the same text parsed), the rest as it is.
    fn append(&mut self, mut output: Output) -> Result<(), js_sys::Error> {
        for batch in std::mem::take(&mut output.batches) {
            let text = batch.to_json();
            let body = match self.bodies {
                Bodies::Json => JsValue::from(text),
                Bodies::Objects => js_sys::JSON::parse(&text)
                    .map_err(|_| internal("a request body is not JSON"))?,
            };
            self.bodies_made.push(&body);
        }
        self.output.append(output);
        Ok(())
    }

    /// Feed the reader the whole chunks of `head` it has not seen (and, at the `end` of the
    /// file, the rest); once the layout is known, start slicing what has arrived.
    fn read_layout(&mut self, end: bool) -> Result<Vec<Slice>, js_sys::Error> {
        let fail = |e: PrepareError| upload::prepare_error(&e);
        let Some(reader) = self.reading.as_mut() else {
            return Ok(Vec::new());
        };
        let mut found = None;
        while found.is_none() && self.head.len() > self.fed {
            let whole = self.head.len() - self.fed >= slices::CHUNK;
            if !whole && !end {
                break;
            }
            let take = (self.head.len() - self.fed).min(slices::CHUNK);
            let piece = self.head.get(self.fed..self.fed + take).unwrap_or_default();
            self.fed += take;
            found = reader.feed(piece).map_err(fail)?;
        }
        let layout = match found {
            Some(layout) => layout,
            None if end => match self.reading.take() {
                Some(reader) => reader.finish().map_err(fail)?,
                None => return Ok(Vec::new()),
            },
            None => return Ok(Vec::new()),
        };
        self.reading = None;
        self.start_slicing(&layout)
    }

    fn start_slicing(&mut self, layout: &Layout) -> Result<Vec<Slice>, js_sys::Error> {
        let settings = self.settings_json.as_bytes();
        let mut bytes = Vec::with_capacity(4 + settings.len() + self.fed);
        push_prefixed(&mut bytes, settings);
        bytes.extend_from_slice(self.head.get(..self.fed).unwrap_or_default());
        self.layout = Some(bytes);
        self.combination =
            Some(Combination::new(&self.settings, layout).map_err(|e| upload::prepare_error(&e))?);
        let mut slicer = Slicer::new(layout, self.bytes_per_slice);
        let slices = slicer.feed(&std::mem::take(&mut self.head));
        self.slicer = Some(slicer);
        Ok(slices)
    }

    /// The slices as JavaScript objects, their bytes copied out of wasm memory.
    fn hand_out(&mut self, slices: Vec<Slice>) -> js_sys::Array {
        self.sliced += slices.len();
        slices
            .into_iter()
            .map(|slice| {
                let object = js_sys::Object::new();
                let bytes = js_sys::Uint8Array::from(slice.bytes.as_slice());
                // Reflect::set only fails on frozen or non-object targets; a new object is
                // neither.
                for (name, value) in [
                    ("index", JsValue::from(slice.index as f64)),
                    ("start", JsValue::from(slice.start as f64)),
                    ("recordsBefore", JsValue::from(slice.records_before as f64)),
                    ("bytes", bytes.into()),
                ] {
                    let _ = js_sys::Reflect::set(&object, &name.into(), &value);
                }
                JsValue::from(object)
            })
            .collect()
    }
}

/// Prepares slices in a worker with the file's layout (the bytes of [`UploadSlices::layout`]):
/// `new UploadSlicePreparer(layout)`, then `prepare(start, recordsBefore, bytes)` for each
/// slice, in any order.
#[wasm_bindgen(skip_typescript)]
pub struct UploadSlicePreparer {
    settings: Settings,
    layout: Layout,
}

#[wasm_bindgen]
impl UploadSlicePreparer {
    /// The preparer of a file's slices, from its layout's bytes.
    #[wasm_bindgen(constructor)]
    pub fn new(layout: &[u8]) -> Result<UploadSlicePreparer, js_sys::Error> {
        let bad = || internal("the layout's bytes are not a hashdrop layout");
        let (settings, head) = split_prefixed(layout).ok_or_else(bad)?;
        let settings = std::str::from_utf8(settings)
            .ok()
            .and_then(|s| Settings::from_json(s).ok())
            .ok_or_else(bad)?;
        // The same chunks the calling thread read, so the same layout.
        let layout = slices::layout_of(&settings, head).map_err(|e| upload::prepare_error(&e))?;
        Ok(UploadSlicePreparer { settings, layout })
    }

    /// Prepare the slice of `bytes` that starts at byte `start` of the file after
    /// `recordsBefore` records: its result, as bytes for [`UploadSlices::add`].
    pub fn prepare(
        &self,
        start: f64,
        records_before: f64,
        bytes: Vec<u8>,
    ) -> Result<Vec<u8>, js_sys::Error> {
        let slice = Slice {
            index: 0,
            start: start as u64,
            records_before: records_before as u64,
            bytes,
        };
        let end = slice.start + slice.bytes.len() as u64;
        let finished = slice
            .prepare(self.settings.clone(), &self.layout)
            .map_err(|e| upload::prepare_error(&e))?;
        Ok(encode(slice.start, end, finished))
    }
}

/// A slice's result as bytes: where the slice lies in the file (its start and end, 8 bytes
/// each, little-endian), then its output as `events::slices::SliceOutput` writes it (the events'
/// JSON texts as they are, the rest in a small head).
fn encode(start: u64, end: u64, finished: Finished) -> Vec<u8> {
    let output = SliceOutput::from(finished).encode();
    let mut bytes = Vec::with_capacity(16 + output.len());
    bytes.extend_from_slice(&start.to_le_bytes());
    bytes.extend_from_slice(&end.to_le_bytes());
    bytes.extend_from_slice(&output);
    bytes
}

/// The start, end and output [`encode`] wrote.
fn decode(bytes: &[u8]) -> Result<(u64, u64, SliceOutput), js_sys::Error> {
    let bad = || internal("a slice's result is not a hashdrop slice result");
    let offset = |at: usize| -> Result<u64, js_sys::Error> {
        let word = bytes.get(at..at + 8).ok_or_else(bad)?;
        Ok(u64::from_le_bytes(word.try_into().map_err(|_| bad())?))
    };
    let output = SliceOutput::decode(bytes.get(16..).ok_or_else(bad)?)
        .map_err(|e| internal(&e.to_string()))?;
    Ok((offset(0)?, offset(8)?, output))
}

/// Append `part` after its length (4 bytes, little-endian).
fn push_prefixed(bytes: &mut Vec<u8>, part: &[u8]) {
    bytes.extend_from_slice(&(part.len() as u32).to_le_bytes());
    bytes.extend_from_slice(part);
}

/// The part [`push_prefixed`] wrote at the start of `bytes`, and what follows it.
fn split_prefixed(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let length = u32::from_le_bytes(bytes.get(..4)?.try_into().ok()?) as usize;
    Some((bytes.get(4..4 + length)?, bytes.get(4 + length..)?))
}
