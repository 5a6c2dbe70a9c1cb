//! `prepareUpload(csv, options)`: a CSV file (text or bytes) to the request bodies hashdrop
//! would post, with the rejected rows, the dropped identifiers, the mapping used and the
//! summary. Every rule lives in `events`; this only translates types.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** An event field a column can fill (besides the match keys). */
export type EventField =
  | "event_name" | "event_time" | "value" | "currency" | "order_id" | "item_number" | "event_id"
  | "action_source" | "content_type" | "contents" | "content_ids" | "content_id" | "quantity"
  | "item_price" | "brand" | "category" | "data_processing_options"
  | "data_processing_options_country" | "data_processing_options_state";

/**
 * What a column becomes: a match key, an event field, `custom_data.<name>` (text) or
 * `custom_data.<name>:number`; `null` ignores the column.
 */
export type MappingTarget = MatchKeyField | EventField | `custom_data.${string}` | null;

/** Column (its header text, or its 0-based index as a string without a header) to target. */
export type Mapping = Record<string, MappingTarget>;

/** Where the conversions happened (CAPI `action_source`). */
export type ActionSource =
  | "physical_store" | "email" | "website" | "app" | "phone_call" | "chat"
  | "system_generated" | "business_messaging" | "other";

/** Options of `prepareUpload`; everything but `now` has a default. */
export interface PrepareOptions {
  /** Conversions API (default) or the legacy Offline Conversions API. */
  api?: "capi" | "ocapi";
  /** The current time, Unix seconds (default: the clock): the event-time window ends here. */
  now?: number;
  /** Zone of times written without one: `"UTC"` (default), `"+08:00"` or an IANA name. */
  timeZone?: string;
  /** How to read `03/04/2026` and dates of birth: month first (default) or day first. */
  dateOrder?: "mdy" | "dmy";
  /** The decimal separator of values and prices (default `"."`). */
  decimalSeparator?: "." | ",";
  /** Default country (ISO 3166-1 alpha-2) for rows without one. */
  country?: string;
  /** The field separator (default: detected from the first line). */
  delimiter?: "," | ";" | "\t" | "|" | "comma" | "semicolon" | "tab" | "pipe";
  /** Whether the first line is a header (default: detected). */
  header?: boolean;
  /** The column mapping (default: detected from the header, or from the values). */
  mapping?: Mapping;
  /** Event name for rows without one. */
  eventName?: string;
  /** Currency (ISO 4217) for rows without one. */
  currency?: string;
  /** Action source for rows without one (default `physical_store`). */
  actionSource?: ActionSource;
  /** `upload_tag` of every batch (default: the file's name, or `hashdrop`). */
  uploadTag?: string;
  /** CAPI `test_event_code`. */
  testEventCode?: string;
  /** CAPI `partner_agent`. */
  partnerAgent?: string;
  /** OCAPI `namespace_id` (only with `extern_id` and no other match key). */
  namespaceId?: string;
  /** Hash `external_id` (default true). */
  hashExternalId?: boolean;
  /** Oldest accepted `physical_store` event, days before `now` (default 62). */
  windowDaysPhysicalStore?: number;
  /** Oldest accepted event of any other source, days before `now` (default 7). */
  windowDaysOther?: number;
  /** Most events a batch holds (default and maximum: 1,000 CAPI, 2,000 OCAPI). */
  maxBatchEvents?: number;
  /** Most bytes a batch's request body holds (default 2 MiB). */
  maxBatchBytes?: number;
  /** How many rows get a `previews` entry (normalized values: keep them local). Default 0. */
  previewRows?: number;
  /** The file's name and size, mixed into the dedup `event_id`s of rows without an order id. */
  file?: { name: string; size: number };
}

/** One line of an order (`contents`). OCAPI writes the price as `price`. */
export interface Content {
  id: string; quantity?: number; item_price?: number; price?: number; brand?: string; category?: string;
}

/** Order fields, in CAPI `custom_data` or at the top of an OCAPI event. */
export interface OrderFields {
  value?: number; currency?: string; order_id?: string; item_number?: string;
  content_type?: string; contents?: Content[];
}

/** Limited Data Use fields. */
export interface ProcessingFields {
  data_processing_options?: string[];
  data_processing_options_country?: number;
  data_processing_options_state?: number;
}

/** One Conversions API event. */
export interface CapiEvent extends ProcessingFields {
  event_name: string;
  event_time: number;
  action_source: ActionSource;
  /** Deterministic: sending the same row again never counts it twice. */
  event_id: string;
  user_data: UserData;
  /** Order fields and the `custom_data.<name>` columns. */
  custom_data?: OrderFields & Record<string, unknown>;
}

/** One legacy Offline Conversions API event. */
export interface OcapiEvent extends OrderFields, ProcessingFields {
  match_keys: MatchKeys;
  event_name: string;
  event_time: number;
  custom_data?: Record<string, unknown>;
}

/** A CAPI request body, exactly as it would be posted to `/{dataset}/events`. */
export interface CapiBatch {
  data: CapiEvent[]; upload_tag: string; test_event_code?: string; partner_agent?: string;
}

/** An OCAPI request body, exactly as it would be posted to `/{offline event set}/events`. */
export interface OcapiBatch {
  data: OcapiEvent[]; upload_tag: string; namespace_id?: string;
}

/** A rejected row: `row` counts data records from 1; `column` is null for a missing field. */
export interface RejectedRow { row: number; column: string | null; code: string; message: string }

/** An identifier dropped from a row that was still sent on its other identifiers. */
export interface DroppedIdentifier { row: number; column: string; code: string }

/** Counts over the whole file. */
export interface UploadSummary {
  rows: number;
  accepted: number;
  rejected: number;
  rejected_by_reason: Record<string, number>;
  warnings_by_code: Record<string, number>;
  /** Accepted rows carrying each match key (`em`, `ph`, …). */
  coverage: Record<string, number>;
  batches: number;
}

/** A row's identifiers as normalized (local only) and as sent, for `previewRows` rows. */
export interface RowPreview {
  row: number;
  identifiers: {
    column: string; key: string; normalized: string | null; sent: string | null; error: string | null;
  }[];
}

/** What `prepareUpload` returns: plain JSON data. */
export interface PreparedUpload<Batch = CapiBatch | OcapiBatch> {
  batches: Batch[];
  rejected: RejectedRow[];
  warnings: DroppedIdentifier[];
  /** The mapping used, in the same form as `PrepareOptions.mapping`. */
  mapping: Mapping;
  summary: UploadSummary;
  /** Only with `previewRows`. */
  previews?: RowPreview[];
}

/**
 * Read a CSV (text, `Uint8Array` or `ArrayBuffer`), map, validate, normalize and hash every row,
 * and return the request bodies. Row problems are reported in `rejected` and `warnings`.
 * @throws {HashdropError} when the options or the file cannot be used at all.
 */
export function prepareUpload(
  csv: string | Uint8Array | ArrayBuffer, options?: PrepareOptions & { api?: "capi" },
): PreparedUpload<CapiBatch>;
/** The same for the legacy Offline Conversions API. */
export function prepareUpload(
  csv: string | Uint8Array | ArrayBuffer, options: PrepareOptions & { api: "ocapi" },
): PreparedUpload<OcapiBatch>;
/** With an `api` only known at run time. */
export function prepareUpload(
  csv: string | Uint8Array | ArrayBuffer, options?: PrepareOptions,
): PreparedUpload;
"#;

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
// `skip_typescript`: the precise signature (overloads by `api`) is in `TYPES` above.
#[wasm_bindgen(js_name = prepareUpload, skip_typescript)]
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
