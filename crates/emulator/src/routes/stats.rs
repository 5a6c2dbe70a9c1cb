//! Figures computed from what arrived: `GET /{set}/uploads`, `GET /{set}/stats` (OCAPI) and
//! `GET /{pixel}/stats` (CAPI `aggregation`s).

use super::{Ctx, page};
use crate::clock::datetime;
use crate::error::GraphError;
use crate::request::GraphRequest;
use crate::state::ReceivedEvent;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;

/// Keys that identify a person well enough for the emulator to count an event as matched.
const STRONG_KEYS: [&str; 9] = [
    "em",
    "email",
    "ph",
    "phone",
    "madid",
    "lead_id",
    "external_id",
    "extern_id",
    "fb_login_id",
];

/// Whether `event` carries a strong key. An OCAPI `extern_id` is not one by itself: it matches
/// only through a namespace that received it beside other match keys (see [`matched`]).
pub fn is_matched(event: &Value) -> bool {
    if let Some(keys) = event.get("match_keys").and_then(Value::as_object) {
        return STRONG_KEYS
            .iter()
            .any(|k| *k != "extern_id" && keys.contains_key(*k));
    }
    event
        .get("user_data")
        .and_then(Value::as_object)
        .is_some_and(|keys| STRONG_KEYS.iter().any(|k| keys.contains_key(*k)))
}

/// Whether a received event was matched to a person (decided when it arrived).
pub fn matched(event: &ReceivedEvent) -> bool {
    event.matched.unwrap_or_else(|| is_matched(&event.event))
}

/// A whole-number percentage, as Graph's `match_rate_approx`.
pub fn rate(part: usize, whole: usize) -> u64 {
    if whole == 0 {
        return 0;
    }
    u64::try_from(part * 100 / whole).unwrap_or(0)
}

/// Counts per event name, as the JSON text Graph's `event_stats` is.
pub fn event_stats(events: &[&ReceivedEvent]) -> String {
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    for event in events {
        let name = event
            .event
            .get("event_name")
            .and_then(Value::as_str)
            .unwrap_or("");
        *counts.entry(name.to_owned()).or_default() += 1;
    }
    let list: Vec<Value> = counts
        .iter()
        .map(|(event, count)| json!({"event": event, "count": count}))
        .collect();
    Value::Array(list).to_string()
}

fn event_time(event: &ReceivedEvent) -> i64 {
    match event.event.get("event_time") {
        Some(Value::Number(n)) => n.as_i64().unwrap_or(0),
        Some(Value::String(s)) => s.trim().parse().unwrap_or(0),
        _ => 0,
    }
}

/// A stable numeric id for an upload (target + tag).
fn upload_id(target: &str, tag: &str) -> String {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in target.bytes().chain([0]).chain(tag.bytes()) {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("8{:014}", hash % 100_000_000_000_000)
}

/// `GET /{set}/uploads` (`upload_tag` filters): one entry per upload tag.
pub fn uploads(ctx: &Ctx<'_>, id: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    let only = request.text("upload_tag");
    let mut tags: Vec<String> = Vec::new();
    let calls = ctx
        .store
        .calls
        .iter()
        .filter(|c| c.target == id)
        .map(|c| (&c.upload_tag, c.at));
    let rejected = ctx
        .store
        .rejected
        .iter()
        .filter(|c| c.target == id)
        .map(|c| (&c.upload_tag, c.at));
    for (tag, _) in calls.chain(rejected) {
        let tag = tag.clone().unwrap_or_default();
        if !tags.contains(&tag) && only.as_ref().is_none_or(|o| *o == tag) {
            tags.push(tag);
        }
    }
    let mut items: Vec<(i64, Value)> = tags
        .iter()
        .map(|tag| {
            let same = |t: &Option<String>| t.as_deref().unwrap_or("") == tag;
            let events: Vec<&ReceivedEvent> = ctx
                .store
                .events_for(id)
                .filter(|e| same(&e.upload_tag))
                .collect();
            let calls: Vec<_> = ctx
                .store
                .calls
                .iter()
                .filter(|c| c.target == id && same(&c.upload_tag))
                .collect();
            let rejected: Vec<_> = ctx
                .store
                .rejected
                .iter()
                .filter(|c| c.target == id && same(&c.upload_tag))
                .collect();
            let times = calls
                .iter()
                .map(|c| c.at)
                .chain(rejected.iter().map(|c| c.at));
            let first = times.clone().min().unwrap_or(0);
            let last = times.max().unwrap_or(0);
            let matched = events.iter().filter(|e| matched(e)).count();
            let duplicates = events.iter().filter(|e| e.duplicate).count();
            let item = json!({
                "id": upload_id(id, tag),
                "upload_tag": tag,
                "creation_time": first,
                "first_upload_time": first,
                "last_upload_time": last,
                "api_calls": calls.len(),
                "error_calls": rejected.len(),
                "valid_entries": events.len(),
                "matched_entries": matched,
                "duplicate_entries": duplicates,
                "invalid_entries": rejected.iter().map(|c| c.entries).sum::<usize>(),
                "match_rate_approx": rate(matched, events.len()),
                "event_time_min": events.iter().map(|e| event_time(e)).min(),
                "event_time_max": events.iter().map(|e| event_time(e)).max(),
                "event_stats": event_stats(&events),
                "is_excluded_for_lift": false,
            });
            (last, item)
        })
        .collect();
    items.sort_by_key(|item| std::cmp::Reverse(item.0));
    page(
        ctx,
        items.into_iter().map(|(_, item)| item).collect(),
        request,
    )
}

fn bucket_seconds(granularity: &str) -> Result<i64, GraphError> {
    match granularity {
        "hourly" => Ok(3_600),
        "six_hourly" => Ok(6 * 3_600),
        "daily" => Ok(86_400),
        _ => Err(GraphError::invalid_param(
            "param granularity must be one of hourly, six_hourly, daily",
        )),
    }
}

/// `GET /{set}/stats` (`start`, `end`, `aggr_time` = upload_time | event_time, `granularity`,
/// `fields`).
pub fn offline_set(ctx: &Ctx<'_>, id: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    let start = request.int("start")?.unwrap_or(i64::MIN);
    let end = request.int("end")?.unwrap_or(i64::MAX);
    let by_event_time = match request.text("aggr_time").as_deref() {
        None | Some("upload_time") => false,
        Some("event_time") => true,
        Some(_) => {
            return Err(GraphError::invalid_param(
                "param aggr_time must be upload_time or event_time",
            ));
        }
    };
    let size = bucket_seconds(request.text("granularity").as_deref().unwrap_or("daily"))?;
    let fields = request.list("fields")?.unwrap_or_default();
    let mut buckets: BTreeMap<i64, Vec<&ReceivedEvent>> = BTreeMap::new();
    for event in ctx.store.events_for(id) {
        let time = if by_event_time {
            event_time(event)
        } else {
            event.received_at
        };
        if time >= start && time < end {
            buckets
                .entry(time.div_euclid(size) * size)
                .or_default()
                .push(event);
        }
    }
    let data: Vec<Value> = buckets
        .iter()
        .rev()
        .map(|(at, events)| {
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for e in events {
                let name = e
                    .event
                    .get("event_name")
                    .and_then(Value::as_str)
                    .unwrap_or("");
                *counts.entry(name.to_owned()).or_default() += 1;
            }
            let all = json!({
                "timestamp": at,
                "time": datetime(*at),
                "total_count": events.len(),
                "matched_count": events.iter().filter(|e| matched(e)).count(),
                "duplicate_count": events.iter().filter(|e| e.duplicate).count(),
                "event_counts": counts,
            });
            if fields.is_empty() {
                return all;
            }
            let mut picked = Map::new();
            for key in ["timestamp", "time"]
                .iter()
                .map(|s| (*s).to_owned())
                .chain(fields.iter().cloned())
            {
                if let Some(value) = all.get(&key) {
                    picked.insert(key, value.clone());
                }
            }
            Value::Object(picked)
        })
        .collect();
    Ok(json!({ "data": data }))
}

/// The `aggregation`s `GET /{pixel}/stats` answers.
pub const AGGREGATIONS: [&str; 5] = [
    "event",
    "event_source",
    "event_processing_results",
    "match_keys",
    "had_pii",
];

/// `GET /{pixel}/stats` (`aggregation`, `start_time`, `end_time`): hourly buckets of what arrived.
pub fn dataset(ctx: &Ctx<'_>, id: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    let aggregation = request
        .text("aggregation")
        .unwrap_or_else(|| "event".to_owned());
    if !AGGREGATIONS.contains(&aggregation.as_str()) {
        return Err(GraphError::invalid_param(format!(
            "param aggregation must be one of {}",
            AGGREGATIONS.join(", ")
        )));
    }
    let start = request.int("start_time")?.unwrap_or(i64::MIN);
    let end = request.int("end_time")?.unwrap_or(i64::MAX);
    let mut buckets: BTreeMap<i64, BTreeMap<String, usize>> = BTreeMap::new();
    for event in ctx.store.events_for(id) {
        if event.received_at < start || event.received_at >= end {
            continue;
        }
        let counts = buckets
            .entry(event.received_at.div_euclid(3_600) * 3_600)
            .or_default();
        let values: Vec<String> = match aggregation.as_str() {
            "event" => vec![
                event
                    .event
                    .get("event_name")
                    .and_then(Value::as_str)
                    .unwrap_or("")
                    .to_owned(),
            ],
            "event_source" => vec!["server".to_owned()],
            "event_processing_results" => {
                vec![
                    if event.duplicate {
                        "deduplicated"
                    } else {
                        "processed"
                    }
                    .to_owned(),
                ]
            }
            "match_keys" => event
                .event
                .get("user_data")
                .or_else(|| event.event.get("match_keys"))
                .and_then(Value::as_object)
                .map(|keys| keys.keys().cloned().collect())
                .unwrap_or_default(),
            // Every accepted event passed the hashing checks: none carried raw personal data.
            _ => vec!["false".to_owned()],
        };
        for value in values {
            *counts.entry(value).or_default() += 1;
        }
    }
    let data: Vec<Value> = buckets
        .iter()
        .rev()
        .map(|(at, counts)| {
            json!({
                "start_time": datetime(*at),
                "aggregation": aggregation,
                "data": counts.iter().map(|(value, count)| json!({"value": value, "count": count})).collect::<Vec<_>>(),
            })
        })
        .collect();
    Ok(json!({ "data": data }))
}
