// hashdrop/upload: prepareUpload, a CSV file to the request bodies hashdrop would post.
import type { MatchKeyField, MatchKeys, UserData } from "./index.js";

export type { HashdropError, MatchKeyField, MatchKeys, UserData } from "./index.js";

/** Load the WebAssembly module of `hashdrop/upload` (see `init` of `hashdrop`). */
export function init(source?: URL | string | Response | BufferSource | WebAssembly.Module): Promise<void>;
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
  /**
   * CAPI `partner_agent` (default `hashdrop/<version>`; an empty text sends none). The legacy
   * OCAPI bodies never carry one.
   */
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
  /** Each batch's request body as the JSON text to post (`"json"`, default) or as objects. */
  bodies?: BodiesOption;
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

/** Why detection gave a column its target (or none). */
export type DetectReason =
  | "header_name" | "header_abbreviation" | "header_values_disagree"
  | "values_email" | "values_phone" | "values_unix_seconds" | "values_unix_milliseconds"
  | "values_date" | "values_currency" | "values_amount" | "values_event_name" | "values_lead_id"
  | "values_country" | "values_state_code" | "values_state_name" | "values_zip"
  | "values_unique_codes_with_time" | "target_taken" | "ambiguous_name" | "unrecognised";

/** What detection decided for one column, and why (no value from the file). */
export interface ColumnDetection {
  /** The column as the mapping names it (header text, or the 0-based index as text). */
  column: string;
  /** The target, or `null` to ignore the column. */
  target: MappingTarget;
  /** How sure the guess is. */
  confidence: "high" | "medium" | "low";
  reason: DetectReason;
  /** Non-empty values sampled in the column. */
  sampled: number;
  /** Of them, how many have the target's shape (0 for targets without one, such as names). */
  matching: number;
}

/**
 * What `prepareUpload` returns: plain JSON data. `batches` holds each request body as the JSON
 * text to post (`bodies: "json"`, the default) or as objects (`bodies: "objects"`).
 */
export interface PreparedUpload<Batch = string> {
  batches: Batch[];
  rejected: RejectedRow[];
  warnings: DroppedIdentifier[];
  /** The mapping used, in the same form as `PrepareOptions.mapping`. */
  mapping: Mapping;
  summary: UploadSummary;
  /** Only with `previewRows`. */
  previews?: RowPreview[];
  /**
   * How the mapping was detected, one entry per column in column order; `null` when
   * `PrepareOptions.mapping` was given.
   */
  detection: ColumnDetection[] | null;
}

/** How `prepareUpload` returns each batch's request body. */
export type BodiesOption = "json" | "objects";

/**
 * Read a CSV (text, `Uint8Array` or `ArrayBuffer`), map, validate, normalize and hash every row,
 * and return the request bodies, each as the JSON text to post (the default). Row problems are
 * reported in `rejected` and `warnings`.
 * @throws {HashdropError} when the options or the file cannot be used at all.
 */
export function prepareUpload(
  csv: string | Uint8Array | ArrayBuffer, options?: PrepareOptions & { bodies?: "json" },
): PreparedUpload<string>;
/** With `bodies: "objects"`: each body as plain objects (CAPI). */
export function prepareUpload(
  csv: string | Uint8Array | ArrayBuffer, options: PrepareOptions & { api?: "capi"; bodies: "objects" },
): PreparedUpload<CapiBatch>;
/** With `bodies: "objects"`: each body as plain objects (legacy Offline Conversions API). */
export function prepareUpload(
  csv: string | Uint8Array | ArrayBuffer, options: PrepareOptions & { api: "ocapi"; bodies: "objects" },
): PreparedUpload<OcapiBatch>;
/** With `bodies: "objects"` and an `api` only known at run time. */
export function prepareUpload(
  csv: string | Uint8Array | ArrayBuffer, options: PrepareOptions & { bodies: "objects" },
): PreparedUpload<CapiBatch | OcapiBatch>;
/** With `bodies` only known at run time. */
export function prepareUpload(
  csv: string | Uint8Array | ArrayBuffer, options?: PrepareOptions,
): PreparedUpload<string | CapiBatch | OcapiBatch>;

/** How `prepareUploadParallel` runs. */
export interface ParallelOptions {
  /**
   * How many workers prepare the slices (default: `min(navigator.hardwareConcurrency, 8)` in a
   * browser, `min(os.availableParallelism(), 8)` in Node). A whole number, at least 1.
   */
  workers?: number;
}

/** What `prepareUploadParallel` reads: what `prepareUpload` reads, or a `Blob` (a `File`). */
export type ParallelInput = string | Uint8Array | ArrayBuffer | Blob;

/**
 * `prepareUpload` on several workers (Web Workers in a browser, `worker_threads` in Node): the
 * file is cut into slices on record boundaries, the slices are prepared in parallel and put back
 * together in file order. The result is exactly `prepareUpload`'s; so is an error (the first in
 * the file). A `Blob` is read a piece at a time.
 * @throws {HashdropError} (the promise rejects) when the options or the file cannot be used.
 */
export function prepareUploadParallel(
  csv: ParallelInput, options?: PrepareOptions & { bodies?: "json" }, parallel?: ParallelOptions,
): Promise<PreparedUpload<string>>;
/** With `bodies: "objects"`: each body as plain objects (CAPI). */
export function prepareUploadParallel(
  csv: ParallelInput, options: PrepareOptions & { api?: "capi"; bodies: "objects" }, parallel?: ParallelOptions,
): Promise<PreparedUpload<CapiBatch>>;
/** With `bodies: "objects"`: each body as plain objects (legacy Offline Conversions API). */
export function prepareUploadParallel(
  csv: ParallelInput, options: PrepareOptions & { api: "ocapi"; bodies: "objects" }, parallel?: ParallelOptions,
): Promise<PreparedUpload<OcapiBatch>>;
/** With `bodies: "objects"` and an `api` only known at run time. */
export function prepareUploadParallel(
  csv: ParallelInput, options: PrepareOptions & { bodies: "objects" }, parallel?: ParallelOptions,
): Promise<PreparedUpload<CapiBatch | OcapiBatch>>;
/** With `bodies` only known at run time. */
export function prepareUploadParallel(
  csv: ParallelInput, options?: PrepareOptions, parallel?: ParallelOptions,
): Promise<PreparedUpload<string | CapiBatch | OcapiBatch>>;
