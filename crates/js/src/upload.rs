//! `prepareUpload(csv, options)`: a CSV file (text or bytes) to the request bodies hashdrop
//! would post, with the rejected rows, the dropped identifiers, the mapping used and the
//! summary. Every rule lives in `events`; this only translates types.

use wasm_bindgen::prelude::*;

/// An `Error` with `code` (and `field` naming the option at fault) set.
fn coded(message: &str, code: &str, field: &str) -> js_sys::Error {
    let error = js_sys::Error::new(message);
    // Reflect::set only fails on frozen or non-object targets; a fresh Error is neither.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&error, &"field".into(), &field.into());
    error
}

/// The options object as JSON text, with `now` defaulting to the current time.
fn options_json(options: &JsValue) -> Result<String, js_sys::Error> {
    let options = if options.is_undefined() || options.is_null() {
        js_sys::Object::new().into()
    } else {
        options.clone()
    };
    let now = js_sys::Reflect::get(&options, &"now".into()).unwrap_or(JsValue::UNDEFINED);
    if now.is_undefined() {
        let copy = js_sys::Object::assign(&js_sys::Object::new(), &options.clone().into());
        let seconds = (js_sys::Date::now() / 1000.0).floor();
        let _ = js_sys::Reflect::set(&copy, &"now".into(), &seconds.into());
        return stringify(&copy.into());
    }
    stringify(&options)
}

fn stringify(value: &JsValue) -> Result<String, js_sys::Error> {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(|| coded("options must be a plain object", "bad_options", "options"))
}

/// Prepare an upload: `csv` is a string, a `Uint8Array` or an `ArrayBuffer`; `options` as the
/// package's README describes (`now`, `timeZone`, `dateOrder`, `country`, `api`, `mapping`,
/// `eventName`, `currency`, `actionSource`, `uploadTag`, `header`, …). Returns plain JSON data:
/// `{ batches, rejected, warnings, mapping, summary }`. Throws an `Error` with a `code` when the
/// options or the file cannot be used at all (row problems are reported, not thrown).
#[wasm_bindgen(js_name = prepareUpload)]
pub fn prepare_upload(csv: JsValue, options: JsValue) -> Result<JsValue, js_sys::Error> {
    let bytes = match csv.as_string() {
        Some(text) => text.into_bytes(),
        None if csv.is_instance_of::<js_sys::Uint8Array>()
            || csv.is_instance_of::<js_sys::ArrayBuffer>() =>
        {
            js_sys::Uint8Array::new(&csv).to_vec()
        }
        None => {
            return Err(coded(
                "csv must be a string, a Uint8Array or an ArrayBuffer",
                "bad_input",
                "csv",
            ));
        }
    };
    let settings = events::Settings::from_json(&options_json(&options)?)
        .map_err(|e| coded(&e.to_string(), e.code(), "options"))?;
    let finished = events::prepare_bytes(settings, &bytes).map_err(|e| {
        let field = match e {
            events::PrepareError::Csv(_) => "csv",
            _ => "options",
        };
        coded(&e.to_string(), e.code(), field)
    })?;
    // Parsing the JSON text gives plain objects and arrays (never a `Map`) whose key order is
    // exactly that of the bodies that would be posted.
    js_sys::JSON::parse(&finished.to_json())
        .map_err(|_| coded("internal: result is not JSON", "internal", "csv"))
}

/// Benchmark support (`cargo xtask bench events`), only in the package built for it.
#[cfg(all(feature = "bench", target_arch = "wasm32"))]
mod bench {
    use super::coded;
    use wasm_bindgen::prelude::*;

    /// Benchmark support (`cargo xtask bench events`): prepare a synthetic file of `rows` rows
    /// in chunks of `chunk_size` bytes and return `[rows accepted, batches, payload bytes, peak
    /// wasm memory bytes]`; nothing of the file or the batches is kept, as in a streaming
    /// upload. With `prepare` false it only generates the file (to subtract its cost).
    #[wasm_bindgen(js_name = benchPrepareSynthetic)]
    pub fn bench_prepare_synthetic(
        rows: u32,
        chunk_size: u32,
        prepare: bool,
    ) -> Result<Vec<f64>, js_sys::Error> {
        let fail = |e: events::PrepareError| coded(&e.to_string(), e.code(), "bench");
        let settings = events::Settings::from_json(events::synthetic::SETTINGS_JSON)
            .map_err(|e| coded(&e.to_string(), e.code(), "bench"))?;
        let mut preparation = events::Preparation::new(settings).map_err(fail)?;
        let mut file = events::synthetic::SyntheticFile::new(u64::from(rows));
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
}
