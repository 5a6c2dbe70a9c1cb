//! `prepareUpload(csv, options)`: a CSV file (text or bytes) to the request bodies hashdrop
//! would post, with the rejected rows, the dropped identifiers, the mapping used and the
//! summary. Every rule lives in `events`; this only translates types.

use wasm_bindgen::prelude::*;

/// An `Error` with `code` (and `field` naming the option at fault) set.
pub(crate) fn coded(message: &str, code: &str, field: &str) -> js_sys::Error {
    let error = js_sys::Error::new(message);
    // Reflect::set only fails on frozen or non-object targets; a fresh Error is neither.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&error, &"field".into(), &field.into());
    error
}

/// How `prepareUpload` hands back each batch's request body (option `bodies`).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Bodies {
    /// The JSON text to post (the default): one string per batch, no object graph built.
    Json,
    /// Parsed into plain objects and arrays.
    Objects,
}

/// The settings as JSON text for `events` (without `bodies`, which is this crate's, and with
/// `now` defaulting to the current time), and how to return the bodies.
pub(crate) fn read_options(options: &JsValue) -> Result<(String, Bodies), js_sys::Error> {
    if options.is_undefined() || options.is_null() {
        return read_options(&js_sys::Object::new().into());
    }
    if !options.is_object() {
        return Err(coded(
            "options must be a plain object",
            "bad_options",
            "options",
        ));
    }
    let copy = js_sys::Object::assign(&js_sys::Object::new(), options.unchecked_ref());
    let bodies = match js_sys::Reflect::get(&copy, &"bodies".into())
        .unwrap_or(JsValue::UNDEFINED)
        .as_string()
        .as_deref()
    {
        None | Some("json") => Bodies::Json,
        Some("objects") => Bodies::Objects,
        Some(_) => {
            return Err(coded(
                "option `bodies`: expected \"json\" or \"objects\"",
                "bad_options",
                "bodies",
            ));
        }
    };
    let _ = js_sys::Reflect::delete_property(&copy, &"bodies".into());
    let now = js_sys::Reflect::get(&copy, &"now".into()).unwrap_or(JsValue::UNDEFINED);
    if now.is_undefined() {
        let seconds = (js_sys::Date::now() / 1000.0).floor();
        let _ = js_sys::Reflect::set(&copy, &"now".into(), &seconds.into());
    }
    Ok((stringify(&copy.into())?, bodies))
}

fn stringify(value: &JsValue) -> Result<String, js_sys::Error> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| coded("options must be a plain object", "bad_options", "options"))
}

/// Prepare an upload: `csv` is a string, a `Uint8Array` or an `ArrayBuffer`; `options` as the
/// package's README describes (`now`, `timeZone`, `dateOrder`, `country`, `api`, `mapping`,
/// `eventName`, `currency`, `actionSource`, `uploadTag`, `header`, …, and `bodies`). Returns
/// plain JSON data: `{ batches, rejected, warnings, mapping, summary, detection }` (`detection`:
/// how each column's target was found, or `null` when `options.mapping` was given), each batch the request
/// body's JSON text (or, with `bodies: "objects"`, its object graph). Throws an `Error` with a
/// `code` when the options or the file cannot be used at all (row problems are reported, not
/// thrown).
// `skip_typescript`: the precise signature (overloads by `api` and `bodies`) is written by hand
// in `npm/types/upload.d.ts`.
#[wasm_bindgen(js_name = prepareUpload, skip_typescript)]
pub fn prepare_upload(csv: JsValue, options: JsValue) -> Result<JsValue, js_sys::Error> {
    let bytes = csv_bytes(&csv)?;
    let (settings, bodies) = read_options(&options)?;
    let settings = events::Settings::from_json(&settings)
        .map_err(|e| coded(&e.to_string(), e.code(), "options"))?;
    let finished = events::prepare_bytes(settings, &bytes).map_err(|e| prepare_error(&e))?;
    to_js(finished, bodies)
}

/// The bytes of `csv`: a string, a `Uint8Array` or an `ArrayBuffer`.
pub(crate) fn csv_bytes(csv: &JsValue) -> Result<Vec<u8>, js_sys::Error> {
    match csv.as_string() {
        Some(text) => Ok(text.into_bytes()),
        None if csv.is_instance_of::<js_sys::Uint8Array>()
            || csv.is_instance_of::<js_sys::ArrayBuffer>() =>
        {
            Ok(js_sys::Uint8Array::new(csv).to_vec())
        }
        None => Err(coded(
            "csv must be a string, a Uint8Array or an ArrayBuffer",
            "bad_input",
            "csv",
        )),
    }
}

/// A file that cannot be prepared at all, as a coded `Error` (`field`: `csv` or `options`).
pub(crate) fn prepare_error(e: &events::PrepareError) -> js_sys::Error {
    let field = match e {
        events::PrepareError::Csv(_) => "csv",
        _ => "options",
    };
    coded(&e.to_string(), e.code(), field)
}

/// What `prepareUpload` returns for a prepared file.
pub(crate) fn to_js(
    mut finished: events::Finished,
    bodies: Bodies,
) -> Result<JsValue, js_sys::Error> {
    let not_json = |_| coded("internal: result is not JSON", "internal", "csv");
    if bodies == Bodies::Objects {
        // Parsing the JSON text gives plain objects and arrays (never a `Map`) whose key order
        // is exactly that of the bodies that would be posted.
        let result = js_sys::JSON::parse(&finished.to_json()).map_err(not_json)?;
        set_detection(&result, &finished)?;
        return Ok(result);
    }
    // Each body crosses as one string, exactly the text to post; the rest (rejections,
    // warnings, mapping, summary) is small and comes back as plain objects.
    let batches: js_sys::Array = std::mem::take(&mut finished.output.batches)
        .iter()
        .map(|batch| JsValue::from(batch.to_json()))
        .collect();
    with_batches(&finished, &batches)
}

/// What `prepareUpload` returns for a prepared file whose request bodies are already
/// `batches` (taken out of `finished`).
pub(crate) fn with_batches(
    finished: &events::Finished,
    batches: &js_sys::Array,
) -> Result<JsValue, js_sys::Error> {
    let not_json = |_| coded("internal: result is not JSON", "internal", "csv");
    let result = js_sys::JSON::parse(&finished.to_json()).map_err(not_json)?;
    let _ = js_sys::Reflect::set(&result, &"batches".into(), batches);
    set_detection(&result, finished)?;
    Ok(result)
}

/// Add `detection` to `result`: the events crate's detection of each column (`column`,
/// `target`, `confidence`, `reason`, `sampled`, `matching`), or `null` when the options gave
/// the mapping.
fn set_detection(result: &JsValue, finished: &events::Finished) -> Result<(), js_sys::Error> {
    let not_json = || coded("internal: detection is not JSON", "internal", "csv");
    let text = serde_json::to_string(&finished.detection).map_err(|_| not_json())?;
    let detection = js_sys::JSON::parse(&text).map_err(|_| not_json())?;
    // Reflect::set only fails on frozen or non-object targets; a parsed object is neither.
    let _ = js_sys::Reflect::set(result, &"detection".into(), &detection);
    Ok(())
}

/// Benchmark support (`cargo xtask bench events`), only in the package built for it.
#[cfg(all(feature = "bench", target_arch = "wasm32"))]
mod bench {
    use super::coded;
    use events::synthetic::SyntheticFile;
    use std::cell::RefCell;
    use wasm_bindgen::prelude::*;

    thread_local! {
        /// The normalized identifiers [`bench_events_floor`] hashes.
        static FLOOR: RefCell<Vec<String>> = const { RefCell::new(Vec::new()) };
    }

    /// The generated file: the clean one or the messy store export.
    fn file(rows: u32, messy: bool) -> SyntheticFile {
        if messy {
            SyntheticFile::messy(u64::from(rows))
        } else {
            SyntheticFile::new(u64::from(rows))
        }
    }

    fn settings() -> Result<events::Settings, js_sys::Error> {
        events::Settings::from_json(events::synthetic::SETTINGS_JSON)
            .map_err(|e| coded(&e.to_string(), e.code(), "bench"))
    }

    /// Benchmark support (`cargo xtask bench events`): prepare a synthetic file of `rows` rows
    /// (`messy`: the messy store export) in chunks of `chunk_size` bytes and return `[rows
    /// accepted, batches, payload bytes, peak wasm memory bytes]`; nothing of the file or the
    /// batches is kept, as in a streaming upload. With `prepare` false it only generates the
    /// file (to subtract its cost).
    #[wasm_bindgen(js_name = benchPrepareSynthetic)]
    pub fn bench_prepare_synthetic(
        rows: u32,
        chunk_size: u32,
        prepare: bool,
        messy: bool,
    ) -> Result<Vec<f64>, js_sys::Error> {
        let fail = |e: events::PrepareError| coded(&e.to_string(), e.code(), "bench");
        let mut preparation = events::Preparation::new(settings()?).map_err(fail)?;
        let mut file = file(rows, messy);
        let mut chunk = Vec::new();
        let (mut batches, mut bytes) = (0usize, 0usize);
        let mut peak = 0usize;
        while file.next_chunk(&mut chunk, chunk_size as usize) {
            if !prepare {
                bytes += chunk.len();
                continue;
            }
            preparation.feed(&chunk).map_err(fail)?;
            for batch in preparation.take_output().batches {
                batches += 1;
                bytes += batch.to_json().len();
            }
            peak = peak.max(core::arch::wasm32::memory_size(0) * 65_536);
        }
        let finished = preparation.finish().map_err(fail)?;
        for batch in &finished.output.batches {
            batches += 1;
            bytes += batch.to_json().len();
        }
        peak = peak.max(core::arch::wasm32::memory_size(0) * 65_536);
        Ok(vec![
            finished.summary.accepted as f64,
            batches as f64,
            bytes as f64,
            peak as f64,
        ])
    }

    /// The whole synthetic file of `rows` rows as bytes, for timing `prepareUpload` on it.
    #[wasm_bindgen(js_name = benchSyntheticCsv)]
    pub fn bench_synthetic_csv(rows: u32, messy: bool) -> Vec<u8> {
        let mut file = file(rows, messy);
        let (mut all, mut chunk) = (Vec::new(), Vec::new());
        while file.next_chunk(&mut chunk, 64 * 1024) {
            all.extend_from_slice(&chunk);
        }
        all
    }

    /// Keep the normalized identifiers of the first `rows` rows of the synthetic file (from
    /// the events crate's previews, so exactly what the pipeline hashes) for
    /// [`bench_events_floor`]; returns how many there are.
    #[wasm_bindgen(js_name = benchEventsFloorPrepare)]
    pub fn bench_events_floor_prepare(rows: u32, messy: bool) -> Result<usize, js_sys::Error> {
        let mut settings = settings()?;
        settings.preview_rows = rows as usize;
        let finished = events::prepare_bytes(settings, &bench_synthetic_csv(rows, messy))
            .map_err(|e| coded(&e.to_string(), e.code(), "bench"))?;
        let strings: Vec<String> = finished
            .output
            .previews
            .iter()
            .flat_map(|p| p.identifiers.iter().filter_map(|i| i.normalized.clone()))
            .collect();
        let count = strings.len();
        FLOOR.with(|floor| *floor.borrow_mut() = strings);
        Ok(count)
    }

    /// The events' hashing floor: bare `sha2` (simd128) SHA-256 hex of each identifier kept by
    /// [`bench_events_floor_prepare`], nothing else. A checksum.
    #[wasm_bindgen(js_name = benchEventsFloor)]
    pub fn bench_events_floor() -> f64 {
        let mut out = [0u8; 64];
        FLOOR.with(|floor| {
            floor.borrow().iter().fold(0u64, |sum, value| {
                matchkeys::sha256_hex_into(value, &mut out);
                sum.wrapping_add(u64::from(out[0]))
            })
        }) as f64
    }
}
