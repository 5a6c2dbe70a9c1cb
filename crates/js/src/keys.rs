//! `normalize`, `hash` and `hashUserData`: thin translations over `matchkeys`.

use crate::{error, options};
use matchkeys::{Context, MatchKey, MatchKeys, RawRecord, UserData};
use serde::Serialize;
use wasm_bindgen::prelude::*;

// The functions below carry `skip_typescript`: the package's precise signatures (optional
// `options`, `hashUserData`'s overloads by `api`) are written by hand in `npm/types/index.d.ts`.

/// The match key a field name (either API's spelling) stands for.
pub(crate) fn key_of(field: &str) -> Result<MatchKey, js_sys::Error> {
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
                (None, Some(number)) => match crate::many::integer_text(number) {
                    Some(text) => text,
                    None => return Err(error::invalid_type(&field)),
                },
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
    // JSON text parsed by the engine gives plain objects and arrays (never a `Map`).
    let json = serde_json::to_string(&built.keys)
        .map_err(|e| error::internal(&format!("cannot write the result: {e}")))?;
    js_sys::JSON::parse(&json).map_err(|_| error::internal("the result is not JSON"))
}
