//! The custom-conversion loop: events reaching a dataset or an offline event set fire every
//! custom conversion whose `event_source_id` is that set and whose rule selects them; the
//! matches show in insights (`offsite_conversion.custom.<ID>`, under the attribution windows),
//! in the conversion's `/stats` under every aggregation, and in its fired times.
#![allow(clippy::unwrap_used, clippy::panic)]

mod harness;

use axum::Router;
use harness::*;
use serde_json::{Value, json};

/// An offline event set assigned to the demo ad account, with a custom conversion on it that
/// selects ice cream; returns (set, conversion).
async fn set_with_conversion(app: &Router) -> (String, String) {
    let set = offline_set(app).await;
    let assigned = post(
        app,
        &format!("/v16.0/{set}/adaccounts"),
        json!({"business": BUSINESS, "account_id": ACCOUNT}),
    )
    .await;
    assert_eq!(assigned.status, 200, "{}", assigned.body);
    let rule = r#"{"and":[{"event_name":{"eq":"Purchase"}},{"custom_data.product_category":{"i_contains":"ice"}}]}"#;
    let id = conversion(app, &set, rule).await;
    (set, id)
}

/// A PURCHASE custom conversion of the demo ad account on `source` with `rule`; returns its id.
async fn conversion(app: &Router, source: &str, rule: &str) -> String {
    let created = post(
        app,
        &format!("/v21.0/{ACCOUNT}/customconversions"),
        json!({"name": "Loop", "event_source_id": source, "custom_event_type": "PURCHASE", "rule": rule}),
    )
    .await;
    assert_eq!(created.status, 200, "{}", created.body);
    created.body["id"].as_str().unwrap().to_owned()
}

fn sale(order: &str, category: &str, value: f64) -> Value {
    ocapi_event(json!({
        "order_id": order,
        "value": value,
        "custom_data": {"product_category": category},
    }))
}

async fn upload(app: &Router, set: &str, events: Vec<Value>) {
    let reply = post(
        app,
        &format!("/v16.0/{set}/events"),
        json!({"upload_tag": "loop", "data": events}),
    )
    .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
}

fn action(row: &Value, field: &str, action_type: &str) -> Option<String> {
    row[field]
        .as_array()?
        .iter()
        .find(|a| a["action_type"] == action_type)
        .map(|a| a["value"].as_str().unwrap().to_owned())
}

async fn insights(app: &Router, windows: &str) -> Value {
    let uri = format!(
        "/v21.0/{ACCOUNT}/insights?fields=actions,action_values,unique_actions&date_preset=maximum&action_attribution_windows={windows}"
    );
    let reply = get(app, &uri).await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    reply.body["data"][0].clone()
}

#[tokio::test]
async fn matches_show_in_insights_as_the_conversions_action_type() {
    let app = app();
    let set = offline_set(&app).await;
    // Uploaded before the conversion exists: never counted (Meta does not backfill).
    post(
        &app,
        &format!("/v16.0/{set}/adaccounts"),
        json!({"business": BUSINESS, "account_id": ACCOUNT}),
    )
    .await;
    upload(&app, &set, vec![sale("early", "Ice cream", 99.0)]).await;
    let id = conversion(
        &app,
        &set,
        r#"{"custom_data.product_category":{"i_contains":"ice"}}"#,
    )
    .await;
    upload(
        &app,
        &set,
        vec![
            sale("1", "Ice cream", 10.0),
            sale("2", "ICE lolly", 6.0),
            sale("3", "Cake", 4.0),
        ],
    )
    .await;
    // A resend of the same event is a duplicate: it fires nothing.
    upload(&app, &set, vec![sale("1", "Ice cream", 10.0)]).await;
    let custom = format!("offsite_conversion.custom.{id}");
    // Offline events are attributed a day or more after the ad: 28-day windows count all.
    let row = insights(&app, "%5B%2228d_view%22%2C%2228d_click%22%5D").await;
    assert_eq!(
        action(&row, "actions", &custom).as_deref(),
        Some("2"),
        "{row}"
    );
    assert_eq!(
        action(&row, "action_values", &custom).as_deref(),
        Some("16"),
        "{row}"
    );
    assert_eq!(
        action(&row, "actions", "offline_conversion.purchase").as_deref(),
        Some("4")
    );
    // The reference: unique counts are not supported for custom conversions.
    assert!(action(&row, "unique_actions", &custom).is_none(), "{row}");
    // Windows are honoured as for the other offline actions: none within a day's view.
    let row = insights(&app, "%5B%221d_view%22%5D").await;
    assert!(action(&row, "actions", &custom).is_none(), "{row}");
    assert!(action(&row, "actions", "offline_conversion.purchase").is_none());
    // Per window, the custom action splits like the events it selects.
    let row = insights(&app, "%5B%2228d_view%22%5D").await;
    let view = action(&row, "actions", &custom).map_or(0, |v| v.parse::<u64>().unwrap());
    let row = insights(&app, "%5B%2228d_click%22%5D").await;
    let click = action(&row, "actions", &custom).map_or(0, |v| v.parse::<u64>().unwrap());
    assert_eq!(view + click, 2);
}

#[tokio::test]
async fn a_conversion_on_a_dataset_fires_on_capi_events() {
    let app = app();
    let id = conversion(&app, DATASET, r#"{"url":{"i_contains":"thankyou"}}"#).await;
    let page = |order: &str, url: &str| {
        capi_event(json!({
            "action_source": "website",
            "event_source_url": url,
            "custom_data": {"value": 3, "currency": "USD", "order_id": order},
        }))
    };
    post(
        &app,
        &format!("/v21.0/{DATASET}/events"),
        json!({"data": [page("a", "https://shop.example/thankyou.html"), page("b", "https://shop.example/cart")]}),
    )
    .await;
    let row = insights(&app, "%5B%227d_click%22%2C%227d_view%22%5D").await;
    assert_eq!(
        action(&row, "actions", &format!("offsite_conversion.custom.{id}")).as_deref(),
        Some("1"),
        "{row}"
    );
}

/// The figures of one `/stats` aggregation: value -> (count, amount).
async fn stats(app: &Router, id: &str, aggregation: &str) -> Vec<(String, u64, Option<f64>)> {
    let reply = get(app, &format!("/v21.0/{id}/stats?aggregation={aggregation}")).await;
    assert_eq!(reply.status, 200, "{aggregation}: {}", reply.body);
    reply.body["data"]
        .as_array()
        .unwrap()
        .iter()
        .inspect(|day| assert_eq!(day["aggregation"], aggregation))
        .flat_map(|day| day["data"].as_array().unwrap().clone())
        .map(|item| {
            (
                item["value"].as_str().unwrap().to_owned(),
                item["count"].as_u64().unwrap(),
                item["amount"].as_f64(),
            )
        })
        .collect()
}

#[tokio::test]
async fn stats_answer_every_aggregation() {
    let app = app();
    let (set, id) = set_with_conversion(&app).await;
    let mut unmatched = sale("4", "ice", 1.5);
    unmatched["match_keys"] = json!({"extern_id": "never-seen"});
    let mut euros = sale("5", "ice", 8.0);
    euros["currency"] = json!("EUR");
    upload(
        &app,
        &set,
        vec![
            sale("1", "Ice cream", 10.0),
            sale("2", "Cake", 6.0),
            unmatched,
            euros,
        ],
    )
    .await;
    let purchase = |n| vec![("PURCHASE".to_owned(), n, None)];
    assert_eq!(stats(&app, &id, "count").await, purchase(3));
    assert_eq!(stats(&app, &id, "pixel_fire").await, purchase(3));
    // Only US dollars are summed: the emulator converts no currency.
    assert_eq!(
        stats(&app, &id, "usd_amount").await,
        vec![("USD".to_owned(), 3, Some(11.5))]
    );
    assert_eq!(
        stats(&app, &id, "unmatched_count").await,
        vec![("PURCHASE".to_owned(), 1, None)]
    );
    assert_eq!(
        stats(&app, &id, "unmatched_usd_amount").await,
        vec![("USD".to_owned(), 1, Some(1.5))]
    );
    // Offline events have no page and no device.
    assert_eq!(stats(&app, &id, "url").await, vec![]);
    assert_eq!(stats(&app, &id, "host").await, vec![]);
    assert_eq!(
        stats(&app, &id, "device_type").await,
        vec![("unknown".to_owned(), 3, None)]
    );
    let bad = get(&app, &format!("/v21.0/{id}/stats?aggregation=everything")).await;
    assert_eq!(bad.code(), Some(100));
    assert!(bad.error_text().contains("usd_amount"));
}

#[tokio::test]
async fn url_host_and_device_of_pixel_events() {
    let app = app();
    let id = conversion(&app, DATASET, r#"{"url":{"i_contains":"shop"}}"#).await;
    let visit = |order: &str, url: &str, agent: &str| {
        capi_event(json!({
            "action_source": "website",
            "event_source_url": url,
            "user_data": {"em": [EM], "client_user_agent": agent},
            "custom_data": {"value": 2, "currency": "USD", "order_id": order},
        }))
    };
    post(
        &app,
        &format!("/v21.0/{DATASET}/events"),
        json!({"data": [
            visit("a", "https://shop.example/done?x=1", "Mozilla/5.0 (iPhone; Mobile)"),
            visit("b", "https://shop.example/done?x=1", "Mozilla/5.0 (X11; Linux)"),
            visit("c", "https://other.example/shop", "Mozilla/5.0 (X11; Linux)"),
        ]}),
    )
    .await;
    assert_eq!(
        stats(&app, &id, "url").await,
        vec![
            ("https://other.example/shop".to_owned(), 1, None),
            ("https://shop.example/done?x=1".to_owned(), 2, None),
        ]
    );
    assert_eq!(
        stats(&app, &id, "host").await,
        vec![
            ("other.example".to_owned(), 1, None),
            ("shop.example".to_owned(), 2, None),
        ]
    );
    assert_eq!(
        stats(&app, &id, "device_type").await,
        vec![
            ("desktop".to_owned(), 2, None),
            ("mobile_phone".to_owned(), 1, None),
        ]
    );
}

#[tokio::test]
async fn matches_move_the_fired_times() {
    let app = app();
    let (set, id) = set_with_conversion(&app).await;
    let fired = |body: &Value| {
        (
            body["first_fired_time"].as_str().map(str::to_owned),
            body["last_fired_time"].as_str().map(str::to_owned),
        )
    };
    let uri = format!("/v21.0/{id}?fields=first_fired_time,last_fired_time");
    assert_eq!(fired(&get(&app, &uri).await.body), (None, None));
    // An event the rule does not select fires nothing.
    upload(&app, &set, vec![sale("0", "Cake", 1.0)]).await;
    assert_eq!(fired(&get(&app, &uri).await.body), (None, None));
    upload(&app, &set, vec![sale("1", "Ice cream", 1.0)]).await;
    let first = "2026-11-20T00:00:00+0000".to_owned();
    assert_eq!(
        fired(&get(&app, &uri).await.body),
        (Some(first.clone()), Some(first.clone()))
    );
    control(&app, "POST", "clock", json!({"now": NOW + 3_600})).await;
    upload(&app, &set, vec![sale("2", "ice", 1.0)]).await;
    assert_eq!(
        fired(&get(&app, &uri).await.body),
        (Some(first), Some("2026-11-20T01:00:00+0000".to_owned()))
    );
}
