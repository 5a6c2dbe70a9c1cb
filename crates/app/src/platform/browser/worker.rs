//! The page's side of the File step's worker: start it, hand it the file once it is ready,
//! and turn its posts into [`FromWorker`] messages (see [`crate::worker::protocol`]).

use crate::platform::{Bodies, LocalFile, RunningWorker, WorkerEvents, WorkerFailed, Workers};
use crate::worker::protocol::{FromWorker, Job};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use web_sys::{MessageEvent, Worker};

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
        let blob = match (file.browser(), file.memory()) {
            (Some(file), _) => web_sys::Blob::from(file.clone()),
            (None, Some(bytes)) => {
                let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(bytes));
                web_sys::Blob::new_with_u8_array_sequence(&parts).map_err(|_| WorkerFailed)?
            }
            (None, None) => return Err(WorkerFailed),
        };
        let WorkerEvents {
            on_message,
            on_error,
        } = events;
        start(blob, job, on_message, on_error)
            .map(RunningWorker::new)
            .map_err(|_| WorkerFailed)
    }
}

/// A running worker with its handlers (the page's reader, or a coordinator's slice worker);
/// dropping it stops the worker.
pub(super) struct Listened {
    /// The worker, to post to.
    pub(super) worker: Worker,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::Event)>,
}

impl Listened {
    /// `worker` with `on_message` and `on_error` as its handlers, kept as long as it runs.
    pub(super) fn new(
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

/// Start a worker for `file`; `on_message` gets every message with the bodies of `Done`,
/// `on_error` is called when the worker cannot load or run.
fn start(
    file: web_sys::Blob,
    job: &Job,
    mut on_message: impl FnMut(FromWorker, Bodies) + 'static,
    mut on_error: impl FnMut() + 'static,
) -> Result<Listened, JsValue> {
    let worker = Worker::new(&crate::links::href(WORKER_FILE))?;
    let job = serde_json::to_string(job).map_err(|e| JsValue::from_str(&e.to_string()))?;
    let target = worker.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
        let data = event.data();
        let message = js_sys::Reflect::get(&data, &"message".into())
            .ok()
            .and_then(|m| m.as_string())
            .and_then(|m| FromWorker::from_json(&m));
        let Some(message) = message else { return };
        if message == FromWorker::Ready {
            let envelope = js_sys::Object::new();
            let _ = js_sys::Reflect::set(&envelope, &"job".into(), &job.as_str().into());
            let _ = js_sys::Reflect::set(&envelope, &"file".into(), &file);
            if target.post_message(&envelope).is_err() {
                on_message(
                    FromWorker::Failed {
                        code: "post_failed".into(),
                        message: "The file could not be handed to the background reader.".into(),
                    },
                    Bodies::default(),
                );
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
    Ok(Listened::new(worker, on_message, on_error))
}
