//! One rule engine: every line of `crates/rules/tests/data/vectors.jsonl` — the vectors that pin
//! the app's preview — run through the emulator's HTTP API as well. A rule the vectors refuse is
//! refused when a custom conversion is created with it (code 100); a rule they accept is
//! accepted, and an event posted to the conversion's source fires it exactly when the vector
//! says it matches (its `/stats` count and `first_fired_time`).
//!
//! Each vector's event is made a valid Graph event without changing what its rule reads: it gets
//! a recent `event_time`, a hashed e-mail and, for a CAPI event, `action_source`; a `Purchase`
//! lacking the `value` or `currency` Graph requires of purchases gets them when the rule does
//! not read that field, and otherwise becomes another event name (the rule does not read it).
#![allow(clippy::unwrap_used, clippy::panic)]

mod harness;

use harness::*;
use serde_json::{Value, json};

const VECTORS: &str = include_str!("../../rules/tests/data/vectors.jsonl");

/// The fields a rule reads (`event_name`, `value`, `currency`, …), by their keys.
fn reads(rule: &Value, out: &mut Vec<String>) {
    match rule {
        Value::Object(map) => {
            for (key, body) in map {
                match key.as_str() {
                    "and" | "or" | "not" => reads(body, out),
                    "event" | "event_name" => out.push("event_name".into()),
                    other => out.push(other.trim_start_matches("custom_data.").to_owned()),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|r| reads(r, out)),
        _ => {}
    }
}

/// The vector's event as a valid Graph event of `api` (see the module docs).
fn valid_event(rule: &Value, event: &Value, ocapi: bool) -> Value {
    let mut read = Vec::new();
    reads(rule, &mut read);
    let reads = |field: &str| read.iter().any(|r| r == field);
    let mut event = event.clone();
    let object = event.as_object_mut().unwrap();
    object.insert("event_time".into(), json!(NOW - 3_600));
    if ocapi {
        object.insert("match_keys".into(), json!({"email": [EM]}));
    } else {
        object.insert("action_source".into(), json!("website"));
        object.insert("user_data".into(), json!({"em": [EM]}));
    }
    let holder = if ocapi {
        object.clone()
    } else {
        object
            .get("custom_data")
            .and_then(Value::as_object)
            .cloned()
            .unwrap_or_default()
    };
    let present = |field: &str| holder.get(field).is_some_and(|v| !v.is_null());
    let purchase = object.get("event_name") == Some(&json!("Purchase"));
    let mut fill = serde_json::Map::new();
    if purchase && !present("value") {
        if reads("value") {
            assert!(
                !reads("event_name"),
                "a vector the test cannot send: {rule}"
            );
            object.insert("event_name".into(), json!("Sale"));
        } else {
            fill.insert("value".into(), json!(1));
        }
    }
    let still_purchase = object.get("event_name") == Some(&json!("Purchase"));
    if still_purchase && !present("currency") {
        assert!(!reads("currency"), "a vector the test cannot send: {rule}");
        fill.insert("currency".into(), json!("USD"));
    }
    if ocapi {
        object.extend(fill);
    } else if !fill.is_empty() {
        let custom = object
            .entry("custom_data")
            .or_insert_with(|| json!({}))
            .as_object_mut()
            .unwrap();
        custom.extend(fill);
    }
    event
}

#[tokio::test]
async fn every_rule_vector_holds_through_the_emulator() {
    let mut ran = 0;
    for line in VECTORS.lines().filter(|l| !l.trim().is_empty()) {
        let vector: Value = serde_json::from_str(line).unwrap();
        let name = vector["name"].as_str().unwrap();
        let rule = serde_json::to_string(&vector["rule"]).unwrap();
        // OCAPI-shaped events (top-level value or currency) go to an offline event set.
        let ocapi = ["value", "currency"]
            .iter()
            .any(|k| vector.get("event").and_then(|e| e.get(*k)).is_some());
        let app = app();
        let source = if ocapi {
            offline_set(&app).await
        } else {
            DATASET.to_owned()
        };
        let created = post(
            &app,
            &format!("/v21.0/{ACCOUNT}/customconversions"),
            json!({"name": name, "event_source_id": source, "rule": rule, "custom_event_type": "OTHER"}),
        )
        .await;
        ran += 1;
        if vector.get("error").is_some() {
            assert_eq!(created.status, 400, "{name}: {}", created.body);
            assert_eq!(created.code(), Some(100), "{name}");
            assert!(created.error_text().contains("param rule"), "{name}");
            continue;
        }
        assert_eq!(created.status, 200, "{name}: {}", created.body);
        let id = created.body["id"].as_str().unwrap().to_owned();
        let event = valid_event(&vector["rule"], &vector["event"], ocapi);
        let sent = post(
            &app,
            &format!("/v21.0/{source}/events"),
            json!({"data": [event], "upload_tag": "vectors"}),
        )
        .await;
        assert_eq!(sent.status, 200, "{name}: {event} {}", sent.body);
        let stats = get(&app, &format!("/v21.0/{id}/stats")).await;
        let count: u64 = stats.body["data"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|day| day["data"].as_array().unwrap())
            .map(|item| item["count"].as_u64().unwrap())
            .sum();
        let expected = vector["match"].as_bool().unwrap();
        assert_eq!(count, u64::from(expected), "{name}: {event}");
        let read = get(&app, &format!("/v21.0/{id}?fields=first_fired_time")).await;
        assert_eq!(
            read.body["first_fired_time"].is_string(),
            expected,
            "{name}: {}",
            read.body
        );
    }
    assert_eq!(ran, 116, "every line of vectors.jsonl ran");
}

#[tokio::test]
async fn a_pcre_rule_the_old_regex_engine_refused_is_accepted_and_fires() {
    // Look-behind and a back reference: the `regex` crate has neither.
    let app = app();
    let created = post(
        &app,
        &format!("/v21.0/{ACCOUNT}/customconversions"),
        json!({
            "name": "gold, not silver",
            "event_source_id": DATASET,
            "rule": r#"{"and":[{"custom_data.tier":{"regex_match":"(?<!Silver )Member"}},{"custom_data.code":{"regex_match":"(\\w)\\1"}}]}"#,
        }),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    let id = created.body["id"].as_str().unwrap();
    let event = |tier: &str, order: &str| {
        capi_event(json!({
            "custom_data": {"value": 5, "currency": "USD", "tier": tier, "code": "AABC", "order_id": order}
        }))
    };
    let sent = post(
        &app,
        &format!("/v21.0/{DATASET}/events"),
        json!({"data": [event("Gold Member", "1"), event("Silver Member", "2")]}),
    )
    .await;
    assert_eq!(sent.status, 200, "{}", sent.body);
    let stats = get(&app, &format!("/v21.0/{id}/stats")).await;
    assert_eq!(
        stats.body["data"][0]["data"][0]["count"], 1,
        "{}",
        stats.body
    );
}
