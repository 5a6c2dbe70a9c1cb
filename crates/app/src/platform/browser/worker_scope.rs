//! The worker's side of the File step: reads the posted file (a `Blob`) in slices, prepares it
//! with [`Collector`] and posts progress, then the hashed result (see
//! [`crate::worker::protocol`]). Handed the ports of slice workers (workers of the same bin
//! that the page started), it coordinates them instead ([`crate::worker::pool`]); a worker
//! handed the other end of such a port is one of them.

use super::worker::envelope;
use crate::pages::conversions::preview::PreviewError;
use crate::worker::pool::{
    Coordinator, PoolError, READY_TIMEOUT_MS, STALL_TIMEOUT_MS, SliceJob, SliceWorker,
    slice_failure, worth_a_pool,
};
use crate::worker::protocol::{
    CHUNK_BYTES, Collector, FromWorker, Job, PROGRESS_INTERVAL_MS, PreviewJob, Progress, failure,
};
use std::cell::RefCell;
use std::collections::VecDeque;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent, MessagePort};

fn scope() -> DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

/// Post `message` (and the bodies, with `Done`: `Blob`s pass by reference, not by copy).
fn post(message: &FromWorker, bodies: Option<js_sys::Array>) {
    let envelope = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&envelope, &"message".into(), &message.to_json().into());
    if let Some(bodies) = bodies {
        let _ = js_sys::Reflect::set(&envelope, &"bodies".into(), &bodies);
    }
    if scope().post_message(&envelope).is_err() {
        fail(
            "post_failed",
            "The prepared file could not be handed to the page.",
        );
    }
}

/// Move bodies out of the wasm memory into `Blob`s, which the browser keeps outside both
/// the worker and the page (on disk when they are many); `false` if one cannot be made.
fn move_out(bodies: Vec<String>, into: &js_sys::Array) -> bool {
    let options = web_sys::BlobPropertyBag::new();
    options.set_type("application/json");
    for body in bodies {
        let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(body.as_bytes()));
        match Blob::new_with_u8_array_sequence_and_options(&parts, &options) {
            Ok(blob) => {
                into.push(&blob);
            }
            Err(_) => return false,
        }
    }
    true
}

/// Say that the bodies could not be kept.
fn fail_to_keep() {
    fail(
        "keep_failed",
        "The browser could not keep the prepared request bodies (is the disk full?).",
    );
}

fn fail(code: &str, message: &str) {
    post(
        &FromWorker::Failed {
            code: code.to_owned(),
            message: message.to_owned(),
        },
        None,
    );
}

/// Start reading bytes `start..end` of `file` (an empty range once the file is read).
fn read_slice(file: &Blob, start: u64, end: u64) -> JsFuture {
    let blob = file.slice_with_f64_and_f64(start as f64, end as f64);
    JsFuture::from(match blob {
        Ok(blob) => blob.array_buffer(),
        Err(error) => js_sys::Promise::reject(&error),
    })
}

/// The job and file of a `{ job, file }` message.
fn job_and_file(data: &JsValue) -> Option<(Job, Blob)> {
    let job = js_sys::Reflect::get(data, &"job".into())
        .ok()
        .and_then(|j| j.as_string())
        .and_then(|j| serde_json::from_str::<Job>(&j).ok());
    let file = js_sys::Reflect::get(data, &"file".into())
        .ok()
        .and_then(|f| f.dyn_into::<Blob>().ok());
    job.zip(file)
}

/// Prepare the file of one `{ job, file }` message, alone.
async fn run(job: Job, file: Blob) {
    let mut collector = match Collector::new(job) {
        Ok(collector) => collector,
        Err(error) => return post(&failure(&error), None),
    };
    let total = file.size() as u64;
    let start = js_sys::Date::now();
    let mut last = f64::NEG_INFINITY;
    let mut read = 0u64;
    let bodies = js_sys::Array::new();
    // The next slice is read while the current one is prepared: the browser reads the file on
    // its own threads, so the worker never waits for the disk after the first slice.
    let mut next = read_slice(&file, 0, CHUNK_BYTES.min(total));
    while read < total {
        let end = (read + CHUNK_BYTES).min(total);
        let Ok(buffer) = next.await else {
            fail("read_failed", "The browser could not read the file.");
            return;
        };
        next = read_slice(&file, end, (end + CHUNK_BYTES).min(total));
        if let Err(error) = collector.feed(&js_sys::Uint8Array::new(&buffer).to_vec()) {
            return post(&failure(&error), None);
        }
        if !move_out(collector.take_bodies(), &bodies) {
            return fail_to_keep();
        }
        read = end;
        let now = js_sys::Date::now();
        if now - last >= PROGRESS_INTERVAL_MS || read == total {
            last = now;
            let progress = Progress::measure(read, total, collector.rows(), now - start);
            post(&FromWorker::Progress(progress), None);
        }
    }
    match collector.finish() {
        Ok((prepared, rest)) => {
            if !move_out(rest, &bodies) {
                return fail_to_keep();
            }
            post(&FromWorker::Done(prepared), Some(bodies));
        }
        Err(error) => post(&failure(&error), None),
    }
}

/// Messages waiting for an async loop, in arrival order.
struct Inbox<T>(Rc<RefCell<Waiting<T>>>);

struct Waiting<T> {
    queue: VecDeque<T>,
    /// Resolves the promise the loop awaits, when it waits.
    wake: Option<js_sys::Function>,
}

impl<T> Clone for Inbox<T> {
    fn clone(&self) -> Self {
        Inbox(self.0.clone())
    }
}

impl<T> Inbox<T> {
    fn new() -> Self {
        Inbox(Rc::new(RefCell::new(Waiting {
            queue: VecDeque::new(),
            wake: None,
        })))
    }

    fn push(&self, item: T) {
        let wake = {
            let mut waiting = self.0.borrow_mut();
            waiting.queue.push_back(item);
            waiting.wake.take()
        };
        if let Some(wake) = wake {
            let _ = wake.call0(&JsValue::NULL);
        }
    }

    fn try_next(&self) -> Option<T> {
        self.0.borrow_mut().queue.pop_front()
    }

    /// The next message, once there is one.
    async fn next(&self) -> T {
        loop {
            if let Some(item) = self.try_next() {
                return item;
            }
            let waiting = self.0.clone();
            let promise = js_sys::Promise::new(&mut |resolve, _| {
                waiting.borrow_mut().wake = Some(resolve);
            });
            let _ = JsFuture::from(promise).await;
        }
    }
}

/// What a slice worker tells its coordinator.
enum FromSlices {
    /// A slice worker has the file and listens.
    Ready,
    /// The answer for a slice: its index and its output's bytes, or (code, message).
    Answer(usize, usize, Result<Vec<u8>, (String, String)>),
    /// A slice worker stopped.
    Stopped,
    /// A timer ran out: the slice workers did not load, or did not answer, in time.
    Late,
}

/// One slice worker, seen from the coordinator through its port; dropping it stops listening
/// (the page stops the worker itself once the file is prepared).
struct Helper {
    port: MessagePort,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    /// Slices sent to it and not answered.
    busy: usize,
}

impl Drop for Helper {
    fn drop(&mut self) {
        self.port.set_onmessage(None);
        self.port.close();
    }
}

/// Listen to slice worker `id` on `port`, its posts going to `inbox`.
fn listen_to_helper(port: MessagePort, id: usize, inbox: &Inbox<FromSlices>) -> Helper {
    let to = inbox.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let get = |name: &str| js_sys::Reflect::get(&data, &name.into()).ok();
        if get("message").and_then(|m| m.as_string()).as_deref()
            == Some(FromWorker::Ready.to_json().as_str())
        {
            return to.push(FromSlices::Ready);
        }
        let Some(index) = get("index").and_then(|i| i.as_f64()) else {
            return to.push(FromSlices::Stopped);
        };
        let answer = match get("output").filter(|o| o.is_instance_of::<js_sys::Uint8Array>()) {
            Some(output) => Ok(output.unchecked_into::<js_sys::Uint8Array>().to_vec()),
            None => Err((
                get("code").and_then(|c| c.as_string()).unwrap_or_default(),
                get("text").and_then(|c| c.as_string()).unwrap_or_default(),
            )),
        };
        to.push(FromSlices::Answer(id, index as usize, answer));
    });
    // Setting `onmessage` starts the port: messages queued on it arrive from now on.
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    Helper {
        port,
        _on_message: on_message,
        busy: 0,
    }
}

/// Prepare the file of one `{ job, file, ports }` message with the slice workers at the other
/// ends of `ports` (alone when they do not load in time, or stop answering).
async fn run_pool(job: Job, file: Blob, ports: Vec<MessagePort>) {
    match coordinate(job.clone(), file.clone(), ports).await {
        Ok(()) => {}
        Err(PoolError::NotReady) => run(job, file).await,
        Err(error) => post(&error.message(), None),
    }
}

/// A pending `setTimeout`, cleared when dropped (its closure with it).
struct Timer {
    id: JsValue,
    _late: Closure<dyn FnMut()>,
}

impl Drop for Timer {
    fn drop(&mut self) {
        let clear = js_sys::Reflect::get(&js_sys::global(), &"clearTimeout".into());
        if let Ok(clear) = clear.and_then(|c| c.dyn_into::<js_sys::Function>()) {
            let _ = clear.call1(&js_sys::global(), &self.id);
        }
    }
}

/// Push [`FromSlices::Late`] into `inbox` after `ms` milliseconds, unless dropped before.
fn late_timer(inbox: &Inbox<FromSlices>, ms: i32) -> Option<Timer> {
    let to = inbox.clone();
    let late = Closure::<dyn FnMut()>::new(move || to.push(FromSlices::Late));
    let set_timeout = js_sys::Reflect::get(&js_sys::global(), &"setTimeout".into()).ok()?;
    let set_timeout: js_sys::Function = set_timeout.dyn_into().ok()?;
    let id = set_timeout
        .call2(&js_sys::global(), late.as_ref().unchecked_ref(), &ms.into())
        .ok()?;
    Some(Timer { id, _late: late })
}

async fn coordinate(job: Job, file: Blob, ports: Vec<MessagePort>) -> Result<(), PoolError> {
    let total = file.size() as u64;
    let mut coordinator = Coordinator::new(&job, total)?;
    let inbox = Inbox::new();
    let mut helpers = ports
        .into_iter()
        .enumerate()
        .map(|(id, port)| listen_to_helper(port, id, &inbox))
        .collect::<Vec<_>>();
    // A slice worker says so on its port once its wasm is loaded and the page has handed it
    // the file. One whose wasm cannot load says nothing: past the time, the file is prepared
    // alone.
    let timer = late_timer(&inbox, READY_TIMEOUT_MS);
    let mut ready = 0;
    while ready < helpers.len() {
        match inbox.next().await {
            FromSlices::Ready => ready += 1,
            FromSlices::Late => return Err(PoolError::NotReady),
            _ => return Err(PoolError::WorkerStopped),
        }
    }
    drop(timer);
    let started = js_sys::Date::now();
    let mut last = f64::NEG_INFINITY;
    let bodies = js_sys::Array::new();
    let mut read = 0u64;
    let mut ended = false;
    let mut next = read_slice(&file, 0, CHUNK_BYTES.min(total));
    let mut owners = std::collections::BTreeMap::new();
    loop {
        while let Some(slice) = coordinator.next_slice() {
            let (id, helper) = helpers
                .iter_mut()
                .enumerate()
                .min_by_key(|(_, h)| h.busy)
                .ok_or(PoolError::WorkerStopped)?;
            let text = serde_json::to_string(&slice).unwrap_or_default();
            helper
                .port
                .post_message(&envelope(&[("slice", &text.into())]))
                .map_err(|_| PoolError::WorkerStopped)?;
            helper.busy += 1;
            owners.insert(slice.index, id);
        }
        let mut answered = false;
        while let Some(message) = inbox.try_next() {
            take(message, &mut coordinator, &mut helpers, &mut owners)?;
            answered = true;
        }
        if coordinator.is_done() {
            break;
        }
        if !ended && read >= total {
            coordinator.end_of_file()?;
            ended = true;
            continue;
        }
        if !ended && coordinator.queued() < 2 * helpers.len() {
            let end = (read + CHUNK_BYTES).min(total);
            let buffer = next.await.map_err(|_| PoolError::Slice {
                code: "read_failed".into(),
                message: "The browser could not read the file.".into(),
            })?;
            next = read_slice(&file, end, (end + CHUNK_BYTES).min(total));
            coordinator.feed(&js_sys::Uint8Array::new(&buffer).to_vec())?;
            read = end;
        } else if !answered {
            // Slices are out and nothing else to do: wait for an answer, not for ever.
            let stall = late_timer(&inbox, STALL_TIMEOUT_MS);
            let message = inbox.next().await;
            drop(stall);
            if matches!(message, FromSlices::Late) {
                return Err(PoolError::NotReady);
            }
            take(message, &mut coordinator, &mut helpers, &mut owners)?;
        }
        if !move_out(coordinator.take_bodies(), &bodies) {
            fail_to_keep();
            return Ok(());
        }
        let now = js_sys::Date::now();
        if now - last >= PROGRESS_INTERVAL_MS {
            last = now;
            let (bytes, rows) = coordinator.combined();
            let progress = Progress::measure(bytes, total, rows, now - started);
            post(&FromWorker::Progress(progress), None);
        }
    }
    let slice_workers = helpers.len();
    drop(helpers);
    let (mut prepared, rest) = coordinator.finish()?;
    prepared.slice_workers = slice_workers;
    let (bytes, rows) = (total, prepared.summary.rows);
    let progress = Progress::measure(bytes, total, rows, js_sys::Date::now() - started);
    post(&FromWorker::Progress(progress), None);
    if !move_out(rest, &bodies) {
        fail_to_keep();
        return Ok(());
    }
    post(&FromWorker::Done(prepared), Some(bodies));
    Ok(())
}

/// Take one slice worker's message.
fn take(
    message: FromSlices,
    coordinator: &mut Coordinator,
    helpers: &mut [Helper],
    owners: &mut std::collections::BTreeMap<usize, usize>,
) -> Result<(), PoolError> {
    match message {
        FromSlices::Ready => Ok(()),
        FromSlices::Late => Ok(()),
        FromSlices::Stopped => Err(PoolError::WorkerStopped),
        FromSlices::Answer(id, index, answer) => {
            if owners.remove(&index) == Some(id)
                && let Some(helper) = helpers.get_mut(id)
            {
                helper.busy = helper.busy.saturating_sub(1);
            }
            coordinator.arrived(index, answer)
        }
    }
}

/// Answer the coordinator (on `port`) for one slice.
fn answer(port: &MessagePort, index: usize, result: Result<Vec<u8>, PoolError>) {
    let index = JsValue::from(index as f64);
    let sent = match result {
        Ok(bytes) => {
            let output = js_sys::Uint8Array::from(bytes.as_slice());
            let message = envelope(&[("index", &index), ("output", &output)]);
            port.post_message_with_transferable(&message, &js_sys::Array::of1(&output.buffer()))
        }
        Err(error) => {
            let (code, text) = slice_failure(&error);
            let message = envelope(&[
                ("index", &index),
                ("code", &code.into()),
                ("text", &text.into()),
            ]);
            port.post_message(&message)
        }
    };
    if sent.is_err() {
        // The coordinator waits for this slice: it hears why, in a message that can be posted.
        let message = envelope(&[
            ("index", &index),
            ("code", &"post_failed".into()),
            (
                "text",
                &"A background worker could not hand back its slice.".into(),
            ),
        ]);
        let _ = port.post_message(&message);
    }
}

/// Be a slice worker, answering the coordinator on `port`: say so, read the layout from the
/// file's first chunks, then prepare each slice asked for.
async fn serve_slices(job: Job, file: Blob, port: MessagePort) {
    let inbox = Inbox::new();
    let to = inbox.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        to.push(event.data());
    });
    port.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // A slice worker serves until the page stops it: the listener is never dropped.
    on_message.forget();
    let ready = envelope(&[("message", &FromWorker::Ready.to_json().into())]);
    if port.post_message(&ready).is_err() {
        return;
    }
    let total = file.size() as u64;
    let mut worker = SliceWorker::new(&job).map_err(PoolError::from);
    let mut read = 0u64;
    while let Ok(slices) = &mut worker {
        if read >= total {
            if let Err(error) = slices.end_head() {
                worker = Err(error.into());
            }
            break;
        }
        let end = (read + CHUNK_BYTES).min(total);
        let bytes = match read_slice(&file, read, end).await {
            Ok(buffer) => js_sys::Uint8Array::new(&buffer).to_vec(),
            Err(_) => {
                worker = Err(read_failed());
                break;
            }
        };
        match slices.feed_head(&bytes) {
            Ok(true) => break,
            Ok(false) => read = end,
            Err(error) => worker = Err(error.into()),
        }
    }
    loop {
        let message = inbox.next().await;
        let slice = js_sys::Reflect::get(&message, &"slice".into())
            .ok()
            .and_then(|s| s.as_string())
            .and_then(|s| serde_json::from_str::<SliceJob>(&s).ok());
        let Some(slice) = slice else { continue };
        let result = match &worker {
            Err(error) => Err(error.clone()),
            Ok(slices) => match read_slice(&file, slice.start, slice.end).await {
                Ok(buffer) => slices.prepare(&slice, js_sys::Uint8Array::new(&buffer).to_vec()),
                Err(_) => Err(read_failed()),
            },
        };
        answer(&port, slice.index, result);
    }
}

fn read_failed() -> PoolError {
    PoolError::Slice {
        code: "read_failed".into(),
        message: "The browser could not read the file.".into(),
    }
}

/// The `MessagePort`s of a `{ job, file, ports }` message (none when it has none).
fn ports_in(data: &JsValue) -> Vec<MessagePort> {
    js_sys::Reflect::get(data, &"ports".into())
        .ok()
        .and_then(|p| p.dyn_into::<js_sys::Array>().ok())
        .map(|ports| {
            ports
                .iter()
                .filter_map(|p| p.dyn_into::<MessagePort>().ok())
                .collect()
        })
        .unwrap_or_default()
}

/// Preview the rule of a `{ preview, file }` message (`preview` the JSON of a [`PreviewJob`])
/// on the file, read in [`CHUNK_BYTES`] slices (the next read while the current one is
/// evaluated); post the answer, which holds no identifier.
async fn run_preview(job: &str, message: &JsValue) {
    let file = js_sys::Reflect::get(message, &"file".into())
        .ok()
        .and_then(|f| f.dyn_into::<Blob>().ok());
    let (Some(job), Some(file)) = (serde_json::from_str::<PreviewJob>(job).ok(), file) else {
        fail("bad_job", "The page sent no file or unreadable settings.");
        return;
    };
    let mut collector = match job.collector() {
        Ok(collector) => collector,
        Err(error) => return post(&FromWorker::previewed(Err(error)), None),
    };
    let total = file.size() as u64;
    let mut read = 0u64;
    let mut next = read_slice(&file, 0, CHUNK_BYTES.min(total));
    while read < total {
        let end = (read + CHUNK_BYTES).min(total);
        let Ok(buffer) = next.await else {
            let error = PreviewError::Reader("The browser could not read the file.".into());
            return post(&FromWorker::previewed(Err(error)), None);
        };
        next = read_slice(&file, end, (end + CHUNK_BYTES).min(total));
        if let Err(error) = collector.feed(&js_sys::Uint8Array::new(&buffer).to_vec()) {
            return post(&FromWorker::previewed(Err(error)), None);
        }
        read = end;
    }
    post(&FromWorker::previewed(collector.finish()), None);
}

/// Run as the worker: listen, say so, then do what the first message asks: prepare a file
/// (alone or with slice workers) for the page, be a slice worker for a coordinator, or preview
/// a custom conversion's rule on a file.
pub fn serve_worker() {
    console_error_panic_hook::set_once();
    let inbox = Inbox::new();
    let to = inbox.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        to.push(event.data());
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page needs it: the listener is never dropped.
    on_message.forget();
    wasm_bindgen_futures::spawn_local(async move {
        let first = inbox.next().await;
        let preview = js_sys::Reflect::get(&first, &"preview".into()).ok();
        if let Some(preview) = preview.and_then(|p| p.as_string()) {
            return run_preview(&preview, &first).await;
        }
        let Some((job, file)) = job_and_file(&first) else {
            fail("bad_job", "The page sent no file or unreadable settings.");
            return;
        };
        let role = js_sys::Reflect::get(&first, &"role".into()).ok();
        let port = js_sys::Reflect::get(&first, &"port".into())
            .ok()
            .and_then(|p| p.dyn_into::<MessagePort>().ok());
        let ports = ports_in(&first);
        if role.and_then(|r| r.as_string()).as_deref() == Some("slice") {
            // Without its port, a slice worker has no one to answer: its coordinator, hearing
            // nothing, prepares the file alone.
            if let Some(port) = port {
                serve_slices(job, file, port).await;
            }
        } else if !ports.is_empty() && worth_a_pool(file.size() as u64, ports.len()) {
            run_pool(job, file, ports).await;
        } else {
            run(job, file).await;
        }
    });
    post(&FromWorker::Ready, None);
}
