//! `normalize`, `hash` and `hashUserData`: thin translations over `matchkeys`.

use crate::{error, options};
use matchkeys::{Context, MatchKey, MatchKeys, RawRecord, UserData};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &str = r#"
/** A match-key field, in either API's spelling (case-insensitive at run time). */
export type MatchKeyField =
  | "em" | "email" | "ph" | "phone" | "ge" | "gen" | "db" | "doby" | "dobm" | "dobd"
  | "ln" | "fn" | "fi" | "f5first" | "f5last" | "ct" | "st" | "zp" | "zip" | "country"
  | "external_id" | "extern_id" | "madid" | "lead_id";

/** Options shared by every function. */
export interface HashOptions {
  /** Default country (ISO 3166-1 alpha-2, or a name) for values with no country of their own. */
  country?: string;
  /** How to read `05/03/1995`: month first (default) or day first. */
  dateOrder?: "mdy" | "dmy";
  /** Target API: Conversions API `user_data` (default) or legacy OCAPI `match_keys`. */
  api?: "capi" | "ocapi";
  /** Hash `external_id` (default true). */
  hashExternalId?: boolean;
  /** Current time in Unix seconds (dates of birth after this year are rejected). */
  now?: number;
  /** The current year, instead of `now`. Default: the clock's. */
  currentYear?: number;
}

/** Raw identifiers of one person: a value or several per field. */
export type UserRecord = Partial<Record<MatchKeyField, string | number | readonly string[] | null>>;

/** Conversions API `user_data`: arrays of SHA-256 hex hashes; `madid` and `lead_id` raw. */
export interface UserData {
  em?: string[]; ph?: string[]; fn?: string[]; ln?: string[]; ge?: string[]; db?: string[];
  ct?: string[]; st?: string[]; zp?: string[]; country?: string[]; external_id?: string[];
  madid?: string; lead_id?: string;
}

/** Offline Conversions API `match_keys` (legacy names). */
export interface MatchKeys {
  email?: string[]; phone?: string[]; gen?: string[]; doby?: string[]; dobm?: string[];
  dobd?: string[]; ln?: string[]; fn?: string[]; fi?: string[]; f5first?: string[];
  f5last?: string[]; ct?: string[]; st?: string[]; zip?: string[]; country?: string[];
  extern_id?: string[]; madid?: string[]; lead_id?: string;
}

/**
 * Normalize one identifier without hashing it; `undefined` when empty after normalization.
 * @throws {HashdropError} when the value cannot be normalized.
 */
export function normalize(field: MatchKeyField, value: string, options?: HashOptions): string | undefined;

/**
 * Normalize and SHA-256-hash one identifier: 64 lowercase hex, or the normalized value for keys
 * sent raw (`lead_id`, CAPI `madid`, `external_id` with `hashExternalId: false`); `undefined`
 * when empty.
 * @throws {HashdropError} when the value cannot be normalized.
 */
export function hash(field: MatchKeyField, value: string, options?: HashOptions): string | undefined;

/**
 * Hash a whole record into CAPI `user_data` (plain JSON, ready for `JSON.stringify`). The
 * record's own `country` beats `options.country`; empty values are left out.
 * @throws {HashdropError} on the first value that cannot be normalized.
 */
export function hashUserData(record: UserRecord, options?: HashOptions & { api?: "capi" }): UserData;
/** The same for the legacy Offline Conversions API: OCAPI `match_keys`. */
export function hashUserData(record: UserRecord, options: HashOptions & { api: "ocapi" }): MatchKeys;
/** With an `api` only known at run time. */
export function hashUserData(record: UserRecord, options?: HashOptions): UserData | MatchKeys;

/** What every function throws: `code` is stable (`invalid_email`, `unknown_field`, …). */
export interface HashdropError extends Error {
  code: string;
  /** The field (or option) at fault, as the caller named it. Never the value. */
  field: string;
}
"#;

// The functions below carry `skip_typescript`: their precise signatures (optional `options`,
// `hashUserData`'s overloads by `api`) are written in `TYPES` above.

fn key_of(field: &str) -> Result<MatchKey, js_sys::Error> {
    MatchKey::from_name(field).ok_or_else(|| error::unknown_field(field))
}

/// Normalize one identifier without hashing it (`undefined` when empty after normalization).
/// Throws an `Error` with `code` and `field` when the value cannot be normalized.
#[wasm_bindgen(skip_typescript)]
pub fn normalize(
    field: &str,
    value: &str,
    options: Option<JsValue>,
) -> Result<JsValue, js_sys::Error> {
    let key = key_of(field)?;
    let call = options::read(options)?;
    let ctx = Context::new(&call.options);
    match matchkeys::normalize(key, value, &ctx) {
        Ok(Some(normalized)) => Ok(normalized.value.into()),
        Ok(None) => Ok(JsValue::UNDEFINED),
        Err(e) => Err(error::to_js(field, &e)),
    }
}

/// Normalize and SHA-256-hash one identifier: 64 lowercase hex, or the normalized value for keys
/// sent raw (`lead_id`, CAPI `madid`, `external_id` with `hashExternalId: false`); `undefined`
/// when empty. Throws an `Error` with `code` and `field`.
#[wasm_bindgen(skip_typescript)]
pub fn hash(field: &str, value: &str, options: Option<JsValue>) -> Result<JsValue, js_sys::Error> {
    let key = key_of(field)?;
    let call = options::read(options)?;
    let ctx = Context::new(&call.options);
    match matchkeys::hash(key, value, call.api, &ctx) {
        Ok(Some(hashed)) => Ok(hashed.into()),
        Ok(None) => Ok(JsValue::UNDEFINED),
        Err(e) => Err(error::to_js(field, &e)),
    }
}

/// Hash a whole record into CAPI `user_data` (or OCAPI `match_keys` with `api: "ocapi"`): a
/// plain object, ready for `JSON.stringify`. The record's own `country` beats
/// `options.country`. Empty values are left out; the first value that cannot be normalized
/// throws (an `Error` with `code` and `field`), so nothing is silently dropped.
#[wasm_bindgen(js_name = hashUserData, skip_typescript)]
pub fn hash_user_data(record: JsValue, options: Option<JsValue>) -> Result<JsValue, js_sys::Error> {
    if !options::is_plain_object(&record) {
        return Err(error::invalid_type("record"));
    }
    let call = options::read(options)?;
    let (raw, fields) = read_record(&record)?;
    let ctx = Context::new(&call.options);
    match call.api {
        matchkeys::Api::Capi => finish(UserData::build(&raw, &ctx), &fields),
        matchkeys::Api::Ocapi => finish(MatchKeys::build(&raw, &ctx), &fields),
    }
}

/// The record's values in property order, with the field name each came from.
fn read_record(record: &JsValue) -> Result<(RawRecord, Vec<String>), js_sys::Error> {
    let mut raw = RawRecord::new();
    let mut fields = Vec::new();
    for entry in js_sys::Object::entries(record.unchecked_ref()).iter() {
        let entry: js_sys::Array = entry.unchecked_into();
        let field = entry.get(0).as_string().unwrap_or_default();
        let key = key_of(&field)?;
        let value = entry.get(1);
        let mut push = |value: &JsValue| -> Result<(), js_sys::Error> {
            if value.is_null() || value.is_undefined() {
                return Ok(());
            }
            let text = match (value.as_string(), value.as_f64()) {
                (Some(text), _) => text,
                (None, Some(number)) if number.is_finite() && number.fract() == 0.0 => {
                    format!("{number:.0}")
                }
                _ => return Err(error::invalid_type(&field)),
            };
            raw.push(key, text);
            fields.push(field.clone());
            Ok(())
        };
        if js_sys::Array::is_array(&value) {
            for item in js_sys::Array::from(&value).iter() {
                push(&item)?;
            }
        } else {
            push(&value)?;
        }
    }
    Ok((raw, fields))
}

fn finish<T: Serialize>(
    built: matchkeys::Built<T>,
    fields: &[String],
) -> Result<JsValue, js_sys::Error> {
    if let Some((index, e)) = built.rejected.first() {
        let field = fields.get(*index).map_or("", String::as_str);
        return Err(error::to_js(field, e));
    }
    built
        .keys
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| js_sys::Error::new(&e.to_string()))
}
