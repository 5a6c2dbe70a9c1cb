//! The worker's side of the File step: reads the posted file (a `Blob`) in slices, prepares it
//! with [`Collector`] and posts progress, then the hashed result (see
//! [`crate::worker_protocol`]).

use crate::worker_protocol::{
    CHUNK_BYTES, Collector, FromWorker, Job, PROGRESS_INTERVAL_MS, Progress, failure,
};
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::{Blob, DedicatedWorkerGlobalScope, MessageEvent};

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

/// Prepare the file of one `{ job, file }` message.
async fn run(data: JsValue) {
    let job = js_sys::Reflect::get(&data, &"job".into())
        .ok()
        .and_then(|j| j.as_string())
        .and_then(|j| serde_json::from_str::<Job>(&j).ok());
    let file = js_sys::Reflect::get(&data, &"file".into())
        .ok()
        .and_then(|f| f.dyn_into::<Blob>().ok());
    let (Some(job), Some(file)) = (job, file) else {
        fail("bad_job", "The page sent no file or unreadable settings.");
        return;
    };
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

/// Run as the worker: listen for jobs, then say so.
pub fn serve_worker() {
    console_error_panic_hook::set_once();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(|event: MessageEvent| {
        wasm_bindgen_futures::spawn_local(run(event.data()));
    });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The worker lives as long as the page needs it: the listener is never dropped.
    on_message.forget();
    post(&FromWorker::Ready, None);
}
