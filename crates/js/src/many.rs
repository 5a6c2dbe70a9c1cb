//! `hashUserDataMany(records, options)`: many records in one call. The records cross into wasm
//! as one JSON text and the results come back as one, so a call costs two boundary crossings
//! whatever the number of records or values (`hashUserData` reads each value separately).

use crate::{error, keys, options};
use matchkeys::{Built, Context, MatchKey, MatchKeys, UserData};
use serde::de::{Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use std::borrow::Cow;
use std::fmt;
use wasm_bindgen::prelude::*;

/// One record's properties in the order JavaScript listed them (a `serde_json::Map` would sort
/// them, and the order decides the order of the hashes in each array).
struct Entries(Vec<(String, Value)>);

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a record object")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Entries, A::Error> {
                let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(8));
                while let Some(entry) = map.next_entry::<String, Value>()? {
                    entries.push(entry);
                }
                Ok(Entries(entries))
            }
        }
        deserializer.deserialize_map(EntriesVisitor)
    }
}

/// An identifier left out of a record's result because it could not be normalized.
#[derive(Serialize)]
struct Dropped<'a> {
    /// 0-based index of the record in the array passed in.
    record: usize,
    /// The field as the caller named it.
    field: &'a str,
    /// Stable code (`invalid_email`, …).
    code: &'static str,
}

/// A record's values as text, each with the field name it came from, in property order.
/// Throws (an `Error` with `code`, `field` and `index`) on an unknown field or a value that is
/// not a string, an integer, an array of those, or null.
fn read_entries<'a>(
    index: usize,
    entries: &'a [(String, Value)],
    values: &mut Vec<(MatchKey, Cow<'a, str>)>,
    positions: &mut Vec<usize>,
) -> Result<(), js_sys::Error> {
    values.clear();
    positions.clear();
    for (position, (field, value)) in entries.iter().enumerate() {
        let key = keys::key_of(field).map_err(|e| error::at_record(e, index))?;
        let mut push = |value: &'a Value| -> Result<(), js_sys::Error> {
            let text = match value {
                Value::Null => return Ok(()),
                Value::String(text) => Cow::Borrowed(text.as_str()),
                Value::Number(number) if number.is_i64() || number.is_u64() => {
                    Cow::Owned(number.to_string())
                }
                Value::Number(number) => match number.as_f64().and_then(integer_text) {
                    Some(text) => Cow::Owned(text),
                    None => return Err(error::at_record(error::invalid_type(field), index)),
                },
                _ => return Err(error::at_record(error::invalid_type(field), index)),
            };
            values.push((key, text));
            positions.push(position);
            Ok(())
        };
        match value {
            Value::Array(items) => items.iter().try_for_each(&mut push)?,
            value => push(value)?,
        }
    }
    Ok(())
}

/// A JavaScript number that is a whole number (a phone or an id typed as a number), as its
/// digits; `None` for fractions, infinities, NaN and numbers beyond 2^53 (which a double cannot
/// hold exactly). Integer formatting, not float formatting: the latter costs the hashing wasm
/// 13 KB.
pub(crate) fn integer_text(number: f64) -> Option<String> {
    const EXACT: f64 = 9_007_199_254_740_992.0;
    (number.fract() == 0.0 && number.abs() <= EXACT).then(|| (number as i64).to_string())
}

/// Hash every record and write `{"hashed":[…],"dropped":[…]}`.
fn hash_all<T: Serialize>(
    records: &[Entries],
    build: impl Fn(&[(MatchKey, Cow<'_, str>)]) -> Built<T>,
) -> Result<String, js_sys::Error> {
    let mut hashed = Vec::with_capacity(records.len());
    let mut dropped = Vec::new();
    let (mut values, mut positions) = (Vec::new(), Vec::new());
    for (index, Entries(entries)) in records.iter().enumerate() {
        read_entries(index, entries, &mut values, &mut positions)?;
        let built = build(&values);
        for (value, problem) in &built.rejected {
            let position = positions.get(*value).copied().unwrap_or(0);
            dropped.push(Dropped {
                record: index,
                field: entries
                    .get(position)
                    .map_or("", |(field, _)| field.as_str()),
                code: problem.code(),
            });
        }
        hashed.push(built.keys);
    }
    let json = |value: Result<String, serde_json::Error>| {
        value.map_err(|e| error::internal(&format!("cannot write the results: {e}")))
    };
    Ok(format!(
        "{{\"hashed\":{},\"dropped\":{}}}",
        json(serde_json::to_string(&hashed))?,
        json(serde_json::to_string(&dropped))?
    ))
}

/// Hash many records at once: `records` is an array of objects shaped like `hashUserData`'s
/// record. Returns `{ hashed, dropped }`: `hashed[i]` is record `i`'s CAPI `user_data` (OCAPI
/// `match_keys` with `api: "ocapi"`), and each value that could not be normalized is left out
/// of its record and listed in `dropped` as `{ record, field, code }`, the way `prepareUpload`
/// drops a bad identifier and keeps the row. Throws (an `Error` with `code`, `field` and the
/// record's `index`) on an unknown field or a value of the wrong type: those are mistakes in
/// the calling code, not in the data.
#[wasm_bindgen(js_name = hashUserDataMany, skip_typescript)]
pub fn hash_user_data_many(
    records: JsValue,
    options: Option<JsValue>,
) -> Result<JsValue, js_sys::Error> {
    if !js_sys::Array::is_array(&records) {
        return Err(error::invalid_type("records"));
    }
    let call = options::read(options)?;
    let text = js_sys::JSON::stringify(&records)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| error::invalid_type("records"))?;
    let records: Vec<Entries> =
        serde_json::from_str(&text).map_err(|_| error::invalid_type("records"))?;
    let ctx = Context::new(&call.options);
    let json = match call.api {
        matchkeys::Api::Capi => hash_all(&records, |entries| UserData::build_from(entries, &ctx))?,
        matchkeys::Api::Ocapi => {
            hash_all(&records, |entries| MatchKeys::build_from(entries, &ctx))?
        }
    };
    js_sys::JSON::parse(&json).map_err(|_| error::internal("the results are not JSON"))
}
