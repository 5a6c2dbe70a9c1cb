//! The page's side of the File step's worker: start it, hand it the file once it is ready,
//! and turn its posts into [`FromWorker`] messages (see [`crate::worker::protocol`]).
//!
//! When the file is worth sharing ([`worth_a_pool`]), the page also starts the slice workers
//! and joins each to the first worker, their coordinator, by a `MessageChannel`. The
//! coordinator does not start them itself: in Firefox, `new Worker` inside a worker now and
//! then never returns, which froze the whole File step.

use crate::platform::{Bodies, LocalFile, RunningWorker, WorkerEvents, WorkerFailed, Workers};
use crate::worker::pool::worth_a_pool;
use crate::worker::protocol::{FromWorker, Job, PreviewJob};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageChannel, MessageEvent, MessagePort, Worker};

/// Where Trunk puts the worker's loader (`data-loader-shim` on the worker's link in index.html),
/// under the site's base.
const WORKER_FILE: &str = "/hashdrop-worker_loader.js";

/// Web Workers running the worker bin.
pub struct WebWorkers;

impl Workers for WebWorkers {
    fn cores(&self) -> usize {
        web_sys::window().map_or(1, |w| w.navigator().hardware_concurrency() as usize)
    }

    fn start(
        &self,
        file: LocalFile,
        job: &Job,
        events: WorkerEvents,
    ) -> Result<RunningWorker, WorkerFailed> {
        let blob = blob_of(&file)?;
        let WorkerEvents {
            on_message,
            on_error,
        } = events;
        start(blob, job, on_message, on_error)
            .map(RunningWorker::new)
            .map_err(|_| WorkerFailed)
    }

    fn preview(
        &self,
        file: LocalFile,
        job: &PreviewJob,
        events: WorkerEvents,
    ) -> Result<RunningWorker, WorkerFailed> {
        let blob = blob_of(&file)?;
        let job = serde_json::to_string(job).map_err(|_| WorkerFailed)?;
        start_preview(blob, job, events)
            .map(RunningWorker::new)
            .map_err(|_| WorkerFailed)
    }
}

/// The file as a `Blob` for a worker: the browser's handle itself (never read on the page), or
/// a blob of the bytes of a file held in memory.
fn blob_of(file: &LocalFile) -> Result<web_sys::Blob, WorkerFailed> {
    match (file.browser(), file.memory()) {
        (Some(file), _) => Ok(web_sys::Blob::from(file.clone())),
        (None, Some(bytes)) => {
            let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
            web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|_| WorkerFailed)
        }
        (None, None) => Err(WorkerFailed),
    }
}

/// The page could not hand the file to the worker.
fn post_failed() -> FromWorker {
    FromWorker::Failed {
        code: "post_failed".into(),
        message: "The file could not be handed to the background reader.".into(),
    }
}

/// Start a worker previewing `job` (a [`PreviewJob`]'s JSON) on `file`: it is handed
/// `{ preview, file }` once ready, and its answer goes to `events`.
fn start_preview(
    file: web_sys::Blob,
    job: String,
    events: WorkerEvents,
) -> Result<Listened, JsValue> {
    let worker = Worker::new(&crate::links::href(WORKER_FILE))?;
    let WorkerEvents {
        mut on_message,
        mut on_error,
    } = events;
    let (target, job) = (worker.clone(), JsValue::from(job));
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let Some(message) = message_in(&event.data()) else {
            return;
        };
        if message != FromWorker::Ready {
            return on_message(message, Bodies::default());
        }
        let start = envelope(&[("preview", &job), ("file", &file)]);
        if target.post_message(&start).is_err() {
            on_message(post_failed(), Bodies::default());
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_error());
    Ok(Listened::new(worker, on_message, on_error))
}

/// A running worker with its handlers; dropping it stops the worker.
struct Listened {
    worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listened {
    /// `worker` with `on_message` and `on_error` as its handlers, kept as long as it runs.
    fn new(
        worker: Worker,
        on_message: Closure<dyn FnMut(MessageEvent)>,
        on_error: Closure<dyn FnMut(web_sys::Event)>,
    ) -> Listened {
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Listened {
            worker,
            _on_message: on_message,
            _on_error: on_error,
        }
    }
}

impl Drop for Listened {
    fn drop(&mut self) {
        self.worker.set_onmessage(None);
        self.worker.set_onerror(None);
        self.worker.terminate();
    }
}

/// The worker's `Blob`s, kept as they are (read back one at a time when sent); `None` if one is
/// not a `Blob` (then nothing is used: no body may go missing).
fn received_bodies(bodies: &js_sys::Array) -> Option<Bodies> {
    let blobs = bodies
        .iter()
        .map(|body| body.dyn_into::<web_sys::Blob>().ok())
        .collect::<Option<Vec<_>>>()?;
    Some(Bodies::from_blobs(blobs))
}

/// The workers preparing one file: the coordinator (the only one the page hears from) and its
/// slice workers, if any. Dropping it stops them all.
struct Started {
    _coordinator: Listened,
    _slices: Vec<Listened>,
}

/// The worker's message in `data` (`{ message, bodies? }`), if it is one.
fn message_in(data: &JsValue) -> Option<FromWorker> {
    js_sys::Reflect::get(data, &"message".into())
        .ok()
        .and_then(|m| m.as_string())
        .and_then(|m| FromWorker::from_json(&m))
}

/// An object with `fields`, to post.
pub(super) fn envelope(fields: &[(&str, &JsValue)]) -> js_sys::Object {
    let envelope = js_sys::Object::new();
    for (name, value) in fields {
        let _ = js_sys::Reflect::set(&envelope, &(*name).into(), value);
    }
    envelope
}

/// Start a slice worker for `file`, handed `port` (its side of the channel to the coordinator)
/// with the job once it is ready. One that cannot load or be handed its port says nothing to
/// the coordinator, which then prepares the file alone.
fn start_slice(file: &web_sys::Blob, job: &str, port: MessagePort) -> Result<Listened, JsValue> {
    let worker = Worker::new(&crate::links::href(WORKER_FILE))?;
    let (target, file, job) = (worker.clone(), file.clone(), JsValue::from(job));
    let mut port = Some(port);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        if message_in(&event.data()) == Some(FromWorker::Ready)
            && let Some(port) = port.take()
        {
            let start = envelope(&[
                ("role", &"slice".into()),
                ("job", &job),
                ("file", &file),
                ("port", &port),
            ]);
            let _ = target.post_message_with_transfer(&start, &js_sys::Array::of1(&port));
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(|_| {});
    Ok(Listened::new(worker, on_message, on_error))
}

/// Start a worker for `file` (with `job.workers` slice workers when the file is worth a pool);
/// `on_message` gets every message with the bodies of `Done`, `on_error` is called when the
/// worker cannot load or run.
fn start(
    file: web_sys::Blob,
    job: &Job,
    mut on_message: impl FnMut(FromWorker, Bodies) + 'static,
    mut on_error: impl FnMut() + 'static,
) -> Result<Started, JsValue> {
    let worker = Worker::new(&crate::links::href(WORKER_FILE))?;
    let job_text = serde_json::to_string(job).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let channels = match worth_a_pool(file.size() as u64, job.workers) {
        true => (0..job.workers)
            .map(|_| MessageChannel::new())
            .collect::<Result<Vec<_>, _>>()?,
        false => Vec::new(),
    };
    let slices = channels
        .iter()
        .map(|channel| start_slice(&file, &job_text, channel.port2()))
        .collect::<Result<Vec<_>, _>>()?;
    let mut ports = Some(
        channels
            .iter()
            .map(|c| c.port1())
            .collect::<js_sys::Array>(),
    );
    let target = worker.clone();
    let job = JsValue::from(job_text);
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let Some(message) = message_in(&data) else {
            return;
        };
        if message == FromWorker::Ready {
            let ports = ports.take().unwrap_or_default();
            let start = envelope(&[("job", &job), ("file", &file), ("ports", &ports)]);
            if target.post_message_with_transfer(&start, &ports).is_err() {
                on_message(post_failed(), Bodies::default());
            }
            return;
        }
        let bodies = js_sys::Reflect::get(&data, &"bodies".into())
            .ok()
            .filter(|b| b.is_instance_of::<js_sys::Array>())
            .map(|b| received_bodies(&b.unchecked_into()));
        match bodies {
            Some(None) => on_message(
                FromWorker::Failed {
                    code: "bad_bodies".into(),
                    message: "The background reader handed back unreadable request bodies.".into(),
                },
                Bodies::default(),
            ),
            Some(Some(bodies)) => on_message(message, bodies),
            None => on_message(message, Bodies::default()),
        }
    });
    let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| on_error());
    Ok(Started {
        _coordinator: Listened::new(worker, on_message, on_error),
        _slices: slices,
    })
}
