//! An ad's `tracking_specs`: attach a dataset or an offline event set without overwriting what
//! the ad already tracks (a POST replaces the whole list, so read, merge, write).

use crate::client::{Client, GraphRequest, Success};
use crate::error::ClientError;
use crate::http::{Method, Transport};
use crate::id::ObjectId;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// One tracking spec, kept exactly as Graph returned it.
pub type TrackingSpec = Map<String, Value>;

/// `{"id": …, "tracking_specs": [...]}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct AdTracking {
    /// The ad id.
    #[serde(default, deserialize_with = "crate::de::id_string_opt")]
    pub id: Option<String>,
    /// Its tracking specs (absent when it has none).
    #[serde(default)]
    pub tracking_specs: Vec<TrackingSpec>,
}

/// `GET /{ad}?fields=tracking_specs`.
pub fn read_tracking_specs(ad: &ObjectId) -> GraphRequest<AdTracking> {
    GraphRequest::new(Method::Get, ad.into(), None, "ads_read").param("fields", "tracking_specs")
}

/// `POST /{ad}` with the complete new `tracking_specs`.
pub fn write_tracking_specs(ad: &ObjectId, specs: &[TrackingSpec]) -> GraphRequest<Success> {
    GraphRequest::new(Method::Post, ad.into(), None, "ads_management")
        .param("tracking_specs", Value::from(specs.to_vec()).to_string())
}

fn mentions(value: Option<&Value>, wanted: &str) -> bool {
    match value {
        Some(Value::Array(items)) => items.iter().any(|item| mentions(Some(item), wanted)),
        Some(Value::String(text)) => text == wanted,
        Some(Value::Number(number)) => number.to_string() == wanted,
        _ => false,
    }
}

/// Whether `specs` already track offline conversions of `source` (a dataset or offline event
/// set id, under the `dataset` key as Meta's guide spells it).
pub fn tracks(specs: &[TrackingSpec], source: &ObjectId) -> bool {
    specs.iter().any(|spec| {
        mentions(spec.get("action.type"), "offline_conversion")
            && mentions(spec.get("dataset"), source.as_str())
    })
}

/// `specs` with a spec tracking `source` appended; `None` when it is already there (nothing to
/// write). Every existing spec is kept unchanged and in order.
pub fn with_source(specs: &[TrackingSpec], source: &ObjectId) -> Option<Vec<TrackingSpec>> {
    if tracks(specs, source) {
        return None;
    }
    let mut merged = specs.to_vec();
    let Value::Object(spec) = json!({
        "action.type": ["offline_conversion"],
        "dataset": [source.as_str()],
    }) else {
        return None;
    };
    merged.push(spec);
    Some(merged)
}

/// What [`attach_source`] did.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Attached {
    /// The ad already tracked the source: nothing was written.
    AlreadyTracked,
    /// The specs were written, with the source appended.
    Added {
        /// The specs now on the ad.
        specs: Vec<TrackingSpec>,
    },
}

/// Read the ad's specs, append `source` if missing, write them back.
pub async fn attach_source<T: Transport>(
    client: &Client<T>,
    ad: &ObjectId,
    source: &ObjectId,
) -> Result<Attached, ClientError> {
    let current = client.send(&read_tracking_specs(ad)).await?.value;
    match with_source(&current.tracking_specs, source) {
        None => Ok(Attached::AlreadyTracked),
        Some(specs) => {
            client.send(&write_tracking_specs(ad, &specs)).await?;
            Ok(Attached::Added { specs })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(raw: &str) -> Vec<TrackingSpec> {
        serde_json::from_str(raw).unwrap()
    }

    #[test]
    fn appends_without_touching_existing_specs() {
        let before =
            specs(r#"[{"action.type":["offsite_conversion"],"fb_pixel":["400000000000004"]}]"#);
        let set = ObjectId::new("500").unwrap();
        let after = with_source(&before, &set).unwrap();
        assert_eq!(after.len(), 2);
        assert_eq!(after[0], before[0]);
        assert_eq!(
            Value::Object(after[1].clone()),
            json!({"action.type":["offline_conversion"],"dataset":["500"]})
        );
    }

    #[test]
    fn is_idempotent() {
        let set = ObjectId::new("500").unwrap();
        let once = with_source(&[], &set).unwrap();
        assert_eq!(with_source(&once, &set), None);
        // Graph may answer the id as a number, or the action type as a plain string.
        let numeric = specs(r#"[{"action.type":"offline_conversion","dataset":[500]}]"#);
        assert!(tracks(&numeric, &set));
        // A pixel tracked for website conversions is not offline tracking of it.
        let pixel = specs(r#"[{"action.type":["offsite_conversion"],"fb_pixel":["500"]}]"#);
        assert!(!tracks(&pixel, &set));
    }
}
