//! Lenient decoding of Graph's numbers, which arrive as JSON numbers or as strings.

use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// An id given as a string or a number.
pub(crate) fn id_string<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::String(text) => Ok(text),
        Value::Number(number) => Ok(number.to_string()),
        _ => Err(serde::de::Error::custom("expected an id")),
    }
}

/// A number given as a number or a numeric string (`"27.5"`).
pub(crate) fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<f64, D::Error> {
    match Value::deserialize(deserializer)? {
        Value::Number(number) => number
            .as_f64()
            .ok_or_else(|| serde::de::Error::custom("expected a number")),
        Value::String(text) => text
            .trim()
            .parse()
            .map_err(|_| serde::de::Error::custom("expected a numeric string")),
        _ => Err(serde::de::Error::custom("expected a number")),
    }
}

/// An optional number, as [`number`].
pub(crate) fn number_opt<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<f64>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Number(number)) => Ok(number.as_f64()),
        Some(Value::String(text)) => text
            .trim()
            .parse()
            .map(Some)
            .map_err(|_| serde::de::Error::custom("expected a numeric string")),
        Some(_) => Err(serde::de::Error::custom("expected a number")),
    }
}

/// An optional id given as a string or a number.
pub(crate) fn id_string_opt<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<String>, D::Error> {
    match Option::<Value>::deserialize(deserializer)? {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(text)) => Ok(Some(text)),
        Some(Value::Number(number)) => Ok(Some(number.to_string())),
        Some(_) => Err(serde::de::Error::custom("expected an id")),
    }
}
