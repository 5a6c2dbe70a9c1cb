//! The `graph` client against the emulator, in process, over real HTTP: every endpoint, every
//! error class, and the upload runner under each injected fault, checking through the control
//! API that no accepted event is lost or counted twice.
#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use graph::custom_conversions::{
    self, CustomConversionUpdate, CustomEventType, NewCustomConversion,
};
use graph::insights::{DatePreset, DateRange, InsightsQuery};
use graph::memory::RecordingSleep;
use graph::upload::{Runner, Target, Upload, UploadControl, UploadEvent, UploadOutcome};
use graph::{
    AccessToken, AdAccountId, Client, ClientError, Method, ObjectId, Settings, SplitMix64, ads,
    datasets, insights, offline,
};
use serde_json::{Value, json};
use std::collections::{BTreeSet, HashSet};
use support::{NOW, TOKEN, TcpTransport, control, fault, start};

const BUSINESS: &str = "100000000000001";
const AGENCY: &str = "100000000000009";
const ACCOUNT: &str = "act_200000000000002";
const DATASET: &str = "400000000000004";
const AD: &str = "300000000000003";
const EM: &str = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";

fn id(raw: &str) -> ObjectId {
    ObjectId::new(raw).unwrap()
}

fn account() -> AdAccountId {
    AdAccountId::new(ACCOUNT).unwrap()
}

fn client_with(base: &str, token: &str, timeout_ms: u64) -> Client<TcpTransport> {
    Client::new(
        TcpTransport::default(),
        Settings::with_base_url(base).timeout_ms(timeout_ms),
        AccessToken::new(token),
    )
}

fn client(base: &str) -> Client<TcpTransport> {
    client_with(base, TOKEN, 5_000)
}

/// Sends `request` and returns the decoded answer (the call must succeed).
async fn ok<R: serde::de::DeserializeOwned>(
    client: &Client<TcpTransport>,
    request: &graph::GraphRequest<R>,
) -> R {
    client.send(request).await.unwrap().value
}

/// The form bodies of every request sent (they carry the parameters and the token).
fn sent_bodies(client: &Client<TcpTransport>) -> Vec<String> {
    client
        .transport()
        .sent
        .lock()
        .unwrap()
        .iter()
        .map(|r| r.body.clone().unwrap_or_default())
        .collect()
}

fn assert_no_token_in_urls(client: &Client<TcpTransport>, token: &str) {
    let urls = client.transport().urls();
    assert!(!urls.is_empty());
    for url in urls {
        assert!(!url.contains(token), "token in {url}");
    }
}

/// A CAPI batch of `size` valid events with ids `{batch}-{i}`.
fn capi_batch(batch: usize, size: usize) -> Value {
    (0..size)
        .map(|i| {
            json!({
                "event_name": "Purchase",
                "event_time": NOW - 3_600 - i64::try_from(i).unwrap(),
                "event_id": format!("{batch}-{i}"),
                "action_source": "physical_store",
                "user_data": {"em": [EM]},
                "custom_data": {"value": 12.5, "currency": "USD", "order_id": format!("o{batch}-{i}")}
            })
        })
        .collect()
}

fn ocapi_batch(batch: usize, size: usize) -> Value {
    (0..size)
        .map(|i| {
            json!({
                "match_keys": {"email": [EM]},
                "event_name": "Purchase",
                "event_time": NOW - 3_600,
                "order_id": format!("o{batch}-{i}"),
                "value": 16,
                "currency": "USD"
            })
        })
        .collect()
}

async fn received(base: &str, target: &str) -> Value {
    control(base, Method::Get, &format!("/events?target={target}"), None).await
}

fn event_ids(received: &Value) -> Vec<String> {
    received["data"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| {
            let event = e.get("event").unwrap_or(e);
            event["event_id"].as_str().map(str::to_owned)
        })
        .collect()
}

#[tokio::test]
async fn datasets_endpoints_round_trip() {
    let base = start().await;
    let client = client(&base);
    let created = ok(&client, &datasets::create(&account(), "Store sales")).await;
    let dataset = id(&created.id);
    let read = ok(&client, &datasets::read(&dataset)).await;
    assert_eq!(read.id, created.id);
    assert_eq!(read.name.as_deref(), Some("Store sales"));
    let shared = client
        .send(&datasets::share_with_account(
            &dataset,
            &id(BUSINESS),
            &account(),
        ))
        .await
        .unwrap();
    assert!(shared.value.success);
    let agency = client
        .send(&datasets::share_with_agency(
            &dataset,
            &id(AGENCY),
            &[datasets::AgencyTask::Analyze, datasets::AgencyTask::Upload],
        ))
        .await
        .unwrap();
    assert!(agency.value.success);

    let batch = capi_batch(0, 3);
    let options = datasets::CapiOptions::default()
        .upload_tag("store-2026-12")
        .partner_agent("hashdrop");
    let reply = client
        .send(&datasets::send_events(&dataset, &batch, &options))
        .await
        .unwrap();
    assert_eq!(reply.value.events_received, 3);
    assert!(reply.value.fbtrace_id.is_some() || reply.fbtrace_id.is_some());
    let got = received(&base, &created.id).await;
    assert_eq!(got["unique"], 3);
    assert_eq!(event_ids(&got), ["0-0", "0-1", "0-2"]);

    let stats = ok(
        &client,
        &datasets::stats(
            &dataset,
            datasets::DatasetAggregation::EventProcessingResults,
            None,
            None,
        ),
    )
    .await;
    assert!(!stats.data.is_empty(), "{stats:?}");
    assert_no_token_in_urls(&client, TOKEN);
}

#[tokio::test]
async fn datasets_and_offline_sets_are_listed_across_pages() {
    let base = start().await;
    let client = client(&base);
    let mut made = vec![DATASET.to_owned()];
    for n in 0..4 {
        let name = format!("Dataset {n}");
        made.push(ok(&client, &datasets::create(&account(), &name)).await.id);
    }
    let mut pager = graph::Pager::new(datasets::list(&account()).limit(2));
    let mut pages = Vec::new();
    while let Some(page) = pager.next_page(&client).await.unwrap() {
        pages.push(page.data.into_iter().map(|d| d.id).collect::<Vec<_>>());
    }
    assert_eq!(pages.len(), 3, "{pages:?}");
    assert_eq!(
        pages.concat(),
        made,
        "every dataset once, in creation order"
    );

    let business = id(BUSINESS);
    let mut sets = Vec::new();
    for n in 0..3 {
        let name = format!("Set {n}");
        let created = ok(&client, &offline::create(&business, &name, Some("desc"))).await;
        sets.push(created.id);
    }
    let listed = graph::Pager::new(offline::list(&business).limit(1))
        .collect_all(&client)
        .await
        .unwrap();
    let ids: Vec<_> = listed.iter().map(|s| s.id.clone()).collect();
    assert_eq!(ids, sets);
    assert!(
        listed
            .iter()
            .all(|s| s.description.as_deref() == Some("desc"))
    );
    // The cursors travel in the form body, like every parameter.
    let bodies = sent_bodies(&client);
    assert_eq!(
        bodies.iter().filter(|b| b.contains("after=")).count(),
        2 + 2
    );
    assert_no_token_in_urls(&client, TOKEN);
}

#[tokio::test]
async fn offline_event_set_endpoints_round_trip() {
    let base = start().await;
    let client = client(&base);
    let business = id(BUSINESS);
    let created = ok(
        &client,
        &offline::create(&business, "Stores", Some("store sales")),
    )
    .await;
    let set = id(&created.id);
    let read = ok(&client, &offline::read(&set)).await;
    assert_eq!(read.name.as_deref(), Some("Stores"));
    assert_eq!(read.description.as_deref(), Some("store sales"));
    let listed = graph::Pager::new(offline::list(&business))
        .collect_all(&client)
        .await
        .unwrap();
    assert!(listed.iter().any(|s| s.id == created.id));
    assert!(
        ok(
            &client,
            &offline::assign_ad_account(&set, &business, &account())
        )
        .await
        .success
    );
    assert!(
        ok(&client, &offline::share_with_agency(&set, &id(AGENCY)))
            .await
            .success
    );
    let agencies = ok(&client, &offline::list_agencies(&set)).await;
    assert!(agencies.data.iter().any(|a| a.id == AGENCY), "{agencies:?}");

    let processed = ok(
        &client,
        &offline::send_events(&set, "store_data", &ocapi_batch(0, 4), None),
    )
    .await;
    assert_eq!(processed.num_processed_entries, 4);
    let uploads = ok(&client, &offline::list_uploads(&set)).await;
    assert_eq!(uploads.data.len(), 1, "{uploads:?}");
    assert_eq!(uploads.data[0].upload_tag.as_deref(), Some("store_data"));
    let query = offline::StatsQuery::between(NOW - 86_400, NOW + 60)
        .aggregation(offline::StatsAggregation::EventTime)
        .granularity(offline::Granularity::Daily);
    let stats = ok(&client, &offline::stats(&set, &query)).await;
    assert!(!stats.data.is_empty(), "{stats:?}");
    assert_no_token_in_urls(&client, TOKEN);
}

#[tokio::test]
async fn attaching_a_set_to_the_seeded_ad_keeps_its_pixel_and_is_idempotent() {
    let base = start().await;
    let client = client(&base);
    let set = ok(&client, &offline::create(&id(BUSINESS), "Stores", None)).await;
    let set = id(&set.id);
    let ad = id(AD);
    let attached = ads::attach_source(&client, &ad, &set).await.unwrap();
    assert!(matches!(attached, ads::Attached::Added { .. }));
    let now = ok(&client, &ads::read_tracking_specs(&ad)).await;
    let specs = Value::from(now.tracking_specs.clone());
    assert_eq!(
        specs,
        json!([
            {"action.type": ["offsite_conversion"], "fb_pixel": [DATASET]},
            {"action.type": ["offline_conversion"], "dataset": [set.as_str()]}
        ])
    );
    let sent_before = client.transport().urls().len();
    assert_eq!(
        ads::attach_source(&client, &ad, &set).await.unwrap(),
        ads::Attached::AlreadyTracked
    );
    assert_eq!(
        client.transport().urls().len(),
        sent_before + 1,
        "only a read"
    );
}

#[tokio::test]
async fn custom_conversion_endpoints_round_trip() {
    let base = start().await;
    let client = client(&base);
    let mut new = NewCustomConversion::named("High value purchases");
    new.event_source_id = Some(id(DATASET));
    new.rule = Some(json!({"and": [{"event": {"eq": "Purchase"}}, {"value": {"gt": 10}}]}));
    new.custom_event_type = Some(CustomEventType::Purchase);
    new.default_conversion_value = Some(5.0);
    let created = ok(&client, &custom_conversions::create(&account(), &new)).await;
    let conversion = id(&created.id);
    let list = graph::Pager::new(custom_conversions::list(&account()))
        .collect_all(&client)
        .await
        .unwrap();
    let listed = list.iter().find(|c| c.id == created.id).unwrap();
    assert_eq!(listed.custom_event_type.as_deref(), Some("PURCHASE"));
    assert_eq!(listed.default_conversion_value, Some(5.0));

    let update = CustomConversionUpdate::default()
        .name("Renamed")
        .description("over 10")
        .default_conversion_value(7.5);
    assert!(
        ok(&client, &custom_conversions::update(&conversion, &update))
            .await
            .success
    );
    let list = graph::Pager::new(custom_conversions::list(&account()))
        .collect_all(&client)
        .await
        .unwrap();
    let listed = list.iter().find(|c| c.id == created.id).unwrap();
    assert_eq!(listed.name.as_deref(), Some("Renamed"));
    assert_eq!(listed.default_conversion_value, Some(7.5));

    // Events on the source after creation count in the conversion's stats.
    client
        .send(&datasets::send_events(
            &id(DATASET),
            &capi_batch(0, 2),
            &datasets::CapiOptions::default(),
        ))
        .await
        .unwrap();
    let stats = ok(
        &client,
        &custom_conversions::stats(
            &conversion,
            Some(custom_conversions::StatsAggregation::Count),
        ),
    )
    .await;
    assert!(!stats.data.is_empty(), "{stats:?}");

    assert!(
        ok(
            &client,
            &custom_conversions::claim(&id(AGENCY), &conversion)
        )
        .await
        .success
    );
    assert!(
        ok(&client, &custom_conversions::delete(&conversion))
            .await
            .success
    );
    let list = graph::Pager::new(custom_conversions::list(&account()))
        .collect_all(&client)
        .await
        .unwrap();
    assert!(list.iter().all(|c| c.id != created.id || c.is_archived));
    assert_no_token_in_urls(&client, TOKEN);
}

#[tokio::test]
async fn insights_page_through_cursors_without_the_token_in_urls() {
    let base = start().await;
    let client = client(&base);
    client
        .send(&datasets::send_events(
            &id(DATASET),
            &capi_batch(0, 5),
            &datasets::CapiOptions::default(),
        ))
        .await
        .unwrap();
    let mut query = InsightsQuery::offline_conversions(DateRange::Preset(DatePreset::Last28d));
    query.time_increment = Some(1);
    let whole = graph::Pager::new(insights::insights(&account(), &query))
        .collect_all(&client)
        .await
        .unwrap();
    assert!(!whole.is_empty());
    assert!(whole.len() >= 28, "one row a day: {}", whole.len());
    query.limit = Some(5);
    let mut pager = insights::pages(&account(), &query);
    let mut rows = Vec::new();
    let mut pages = 0;
    while let Some(page) = pager.next_page(&client).await.unwrap() {
        pages += 1;
        rows.extend(page.data);
        assert!(pages < 100);
    }
    assert_eq!(rows.len(), whole.len());
    assert_eq!(rows, whole);
    let bodies = sent_bodies(&client);
    assert!(bodies.iter().any(|b| b.contains("after=")), "{bodies:?}");
    assert_no_token_in_urls(&client, TOKEN);

    let mut ranged = InsightsQuery::offline_conversions(DateRange::TimeRange {
        since: "2026-11-01".into(),
        until: "2026-12-02".into(),
    });
    ranged.action_attribution_windows = vec![insights::AttributionWindow::View28d];
    let rows = insights::pages(&account(), &ranged)
        .collect_all(&client)
        .await
        .unwrap();
    assert!(rows.iter().all(|r| r.date_start.is_some()));
}

#[tokio::test]
async fn each_error_class_is_recognized() {
    let base = start().await;

    // Unknown token.
    let stranger = client_with(&base, "EAAnobody", 5_000);
    let error = stranger
        .send(&datasets::read(&id(DATASET)))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "graph_token", "{error}");
    assert_eq!(error.retry(), graph::Retry::FixAccess);

    // Expired token.
    control(
        &base,
        Method::Post,
        "/tokens",
        Some(json!({"token": "EAAold", "allow": ["*"], "expired": true})),
    )
    .await;
    let old = client_with(&base, "EAAold", 5_000);
    let error = old.send(&datasets::read(&id(DATASET))).await.unwrap_err();
    assert_eq!(error.graph().unwrap().code, 190);
    assert_eq!(error.graph().unwrap().subcode, Some(463));
    assert!(
        error.explanation().contains("expired"),
        "{}",
        error.explanation()
    );

    // A token allowed only the ad account: a permission error on the dataset, naming it.
    control(
        &base,
        Method::Post,
        "/tokens",
        Some(json!({"token": "EAAnarrow", "allow": [ACCOUNT]})),
    )
    .await;
    let narrow = client_with(&base, "EAAnarrow", 5_000);
    let error = narrow
        .send(&datasets::send_events(
            &id(DATASET),
            &capi_batch(0, 1),
            &datasets::CapiOptions::default(),
        ))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "graph_permission", "{error}");
    assert!(
        error.explanation().contains(DATASET),
        "{}",
        error.explanation()
    );
    assert_no_token_in_urls(&narrow, "EAAnarrow");

    // An invalid event: code 100 naming its index and field.
    let client = client(&base);
    let mut batch = capi_batch(0, 3);
    batch[2].as_object_mut().unwrap().remove("event_time");
    let error = client
        .send(&datasets::send_events(
            &id(DATASET),
            &batch,
            &datasets::CapiOptions::default(),
        ))
        .await
        .unwrap_err();
    let graph_error = error.graph().unwrap();
    assert_eq!(graph_error.code, 100);
    assert_eq!(graph_error.subcode, Some(2804019));
    let field = graph_error.event_field().unwrap();
    assert_eq!(
        (field.index, field.field.as_deref()),
        (2, Some("event_time"))
    );
    assert_eq!(error.retry(), graph::Retry::Never);

    // Throttled, with its usage header.
    fault(
        &base,
        json!({"kind": "throttle", "code": 80004, "path": "/events"}),
    )
    .await;
    let error = client
        .send(&datasets::send_events(
            &id(DATASET),
            &capi_batch(1, 1),
            &datasets::CapiOptions::default(),
        ))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "graph_throttled");
    let ClientError::Graph(failure) = &error else {
        panic!()
    };
    assert_eq!(failure.usage.wait_hint_ms(), Some(60_000));

    // Server error, then a timeout.
    fault(&base, json!({"kind": "server_error", "path": "/events"})).await;
    let error = client
        .send(&datasets::send_events(
            &id(DATASET),
            &capi_batch(2, 1),
            &datasets::CapiOptions::default(),
        ))
        .await
        .unwrap_err();
    assert_eq!(error.retry(), graph::Retry::Again, "{error}");
    fault(
        &base,
        json!({"kind": "slow", "delay_ms": 1_500, "path": "/events"}),
    )
    .await;
    let hasty = client_with(&base, TOKEN, 200);
    let error = hasty
        .send(&datasets::send_events(
            &id(DATASET),
            &capi_batch(3, 1),
            &datasets::CapiOptions::default(),
        ))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "timeout");

    // A dropped connection.
    fault(&base, json!({"kind": "drop", "path": "/events"})).await;
    let error = client
        .send(&datasets::send_events(
            &id(DATASET),
            &capi_batch(4, 1),
            &datasets::CapiOptions::default(),
        ))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "network", "{error}");

    // A missing object.
    let error = client.send(&datasets::read(&id("999"))).await.unwrap_err();
    assert_eq!(error.graph().unwrap().code, 100);

    // No token at all.
    let anonymous = client_with(&base, "", 5_000);
    let error = anonymous
        .send(&datasets::read(&id(DATASET)))
        .await
        .unwrap_err();
    assert_eq!(error.code(), "graph_no_token", "{error}");
    assert_eq!(error.retry(), graph::Retry::FixAccess);

    // The other throttling codes, each with the usage header Graph sends for it.
    let (error, failure) = throttled(&base, &client, 4, 5).await;
    assert_eq!(failure.error.code, 4);
    assert_eq!(error.code(), "graph_throttled");
    assert_eq!(
        failure.usage.app.as_ref().map(|u| u.call_count),
        Some(100.0)
    );
    let (error, failure) = throttled(&base, &client, 17, 6).await;
    assert_eq!(error.code(), "graph_throttled");
    assert_eq!(
        failure.usage.wait_hint_ms(),
        Some(60_000),
        "reset_time_duration"
    );
    assert_no_token_in_urls(&client, TOKEN);
}

/// Sends batch `batch` (one event) through a throttle fault of `code`: the error and its failure.
async fn throttled(
    base: &str,
    client: &Client<TcpTransport>,
    code: u32,
    batch: usize,
) -> (ClientError, graph::GraphFailure) {
    fault(
        base,
        json!({"kind": "throttle", "code": code, "path": "/events"}),
    )
    .await;
    let error = client
        .send(&datasets::send_events(
            &id(DATASET),
            &capi_batch(batch, 1),
            &datasets::CapiOptions::default(),
        ))
        .await
        .unwrap_err();
    let ClientError::Graph(failure) = &error else {
        panic!("{error}")
    };
    let failure = (**failure).clone();
    (error, failure)
}

struct Outcome {
    outcome: UploadOutcome,
    events: Vec<UploadEvent>,
}

async fn upload(
    client: &Client<TcpTransport>,
    target: Target,
    batches: &[Value],
    accepted: &BTreeSet<usize>,
) -> Outcome {
    let sleep = RecordingSleep::new();
    let mut random = SplitMix64::new(42);
    let control = UploadControl::new();
    let mut runner = Runner {
        client,
        sleep: &sleep,
        random: &mut random,
        control: &control,
    };
    let upload = Upload::new(target, batches, accepted);
    let mut events = Vec::new();
    let outcome = runner.run(&upload, &mut |event| events.push(event)).await;
    Outcome { outcome, events }
}

fn accepted(events: &[UploadEvent]) -> BTreeSet<usize> {
    events
        .iter()
        .filter_map(|e| match e {
            UploadEvent::Accepted { batch, .. } => Some(*batch),
            _ => None,
        })
        .collect()
}

fn retry_reasons(events: &[UploadEvent]) -> Vec<&'static str> {
    events
        .iter()
        .filter_map(|e| match e {
            UploadEvent::Retrying { reason, .. } => Some(reason.code()),
            UploadEvent::Throttled { .. } => Some("throttled"),
            _ => None,
        })
        .collect()
}

/// Uploads 4 batches of 3 events with one fault on the second events call, and checks that
/// every event arrived exactly once as far as deduplication counts.
async fn upload_through(fault_body: Value, timeout_ms: u64) -> (Outcome, Value) {
    let base = start().await;
    // Skip the first events call, so the fault hits batch 1.
    let client = client_with(&base, TOKEN, timeout_ms);
    let batches: Vec<Value> = (0..4).map(|b| capi_batch(b, 3)).collect();
    let target = Target::dataset(id(DATASET), "faults");
    let first = upload(&client, target.clone(), &batches[..1], &BTreeSet::new()).await;
    assert!(matches!(first.outcome, UploadOutcome::Done { .. }));
    fault(&base, fault_body).await;
    let result = upload(&client, target, &batches, &BTreeSet::from([0])).await;
    assert!(
        matches!(
            result.outcome,
            UploadOutcome::Done {
                accepted: 4,
                events: 9
            }
        ),
        "{:?}",
        result.outcome
    );
    assert_eq!(accepted(&result.events), BTreeSet::from([1, 2, 3]));
    let got = received(&base, DATASET).await;
    assert_eq!(got["unique"], 12, "{got}");
    let ids: HashSet<String> = event_ids(&got).into_iter().collect();
    assert_eq!(ids.len(), 12);
    assert_no_token_in_urls(&client, TOKEN);
    (result, got)
}

#[tokio::test]
async fn upload_survives_throttling_with_usage_headers() {
    let usage = r#"{"100000000000001":[{"type":"ads_management","call_count":100,"total_cputime":10,"total_time":10,"estimated_time_to_regain_access":2}]}"#;
    let (result, got) = upload_through(
        json!({"kind": "throttle", "code": 80004, "path": "/events", "usage": usage}),
        5_000,
    )
    .await;
    let delay = result
        .events
        .iter()
        .find_map(|e| match e {
            UploadEvent::Throttled {
                delay_ms,
                usage_percent,
                ..
            } => Some((*delay_ms, *usage_percent)),
            _ => None,
        })
        .unwrap();
    assert!((120_000..=132_000).contains(&delay.0), "{delay:?}");
    assert_eq!(delay.1, 100.0);
    assert_eq!(got["duplicates"], 0);
}

#[tokio::test]
async fn upload_survives_server_errors() {
    let (result, got) = upload_through(
        json!({"kind": "server_error", "count": 2, "path": "/events"}),
        5_000,
    )
    .await;
    assert_eq!(
        retry_reasons(&result.events),
        ["graph_transient", "graph_transient"]
    );
    assert_eq!(got["duplicates"], 0);
}

#[tokio::test]
async fn upload_survives_a_response_slower_than_the_timeout() {
    let (result, got) = upload_through(
        json!({"kind": "slow", "delay_ms": 1_500, "path": "/events"}),
        300,
    )
    .await;
    assert_eq!(retry_reasons(&result.events), ["timeout"]);
    // Whether the abandoned request was processed or not, it is never counted twice.
    let duplicates = got["duplicates"].as_u64().unwrap();
    assert!(duplicates == 0 || duplicates == 3, "{got}");
}

#[tokio::test]
async fn upload_survives_a_connection_dropped_before_processing() {
    let (result, got) = upload_through(
        json!({"kind": "drop", "when": "before", "path": "/events"}),
        5_000,
    )
    .await;
    assert_eq!(retry_reasons(&result.events), ["network"]);
    assert_eq!(got["duplicates"], 0);
    assert_eq!(got["received"], 12);
}

#[tokio::test]
async fn upload_survives_a_connection_dropped_after_processing() {
    let (result, got) = upload_through(
        json!({"kind": "drop", "when": "after", "path": "/events"}),
        5_000,
    )
    .await;
    assert_eq!(retry_reasons(&result.events), ["network"]);
    // The batch was stored, its answer lost; the identical resend is deduplicated.
    assert_eq!(got["duplicates"], 3, "{got}");
    assert_eq!(got["received"], 15);
}

#[tokio::test]
async fn an_expired_token_stops_the_upload_and_resuming_sends_only_the_rest() {
    let base = start().await;
    let client = client(&base);
    let batches: Vec<Value> = (0..4).map(|b| capi_batch(b, 3)).collect();
    let target = Target::dataset(id(DATASET), "expiry");
    let first = upload(&client, target.clone(), &batches[..2], &BTreeSet::new()).await;
    assert!(matches!(first.outcome, UploadOutcome::Done { .. }));
    fault(&base, json!({"kind": "expire_token", "path": "/events"})).await;
    let stopped = upload(&client, target.clone(), &batches, &BTreeSet::from([0, 1])).await;
    let UploadOutcome::Stopped {
        batch,
        explanation,
        error,
        ..
    } = &stopped.outcome
    else {
        panic!("{:?}", stopped.outcome)
    };
    assert_eq!(*batch, 2);
    assert_eq!(error.code(), "graph_token");
    assert!(explanation.contains("token"), "{explanation}");
    assert!(
        retry_reasons(&stopped.events).is_empty(),
        "a token error is not retried"
    );

    // The user pastes a new token; the upload resumes from what was persisted.
    let resumed = upload(&client, target, &batches, &BTreeSet::from([0, 1])).await;
    assert!(matches!(
        resumed.outcome,
        UploadOutcome::Done {
            accepted: 4,
            events: 6
        }
    ));
    let got = received(&base, DATASET).await;
    assert_eq!(
        (got["unique"].as_u64(), got["duplicates"].as_u64()),
        (Some(12), Some(0))
    );
}

#[tokio::test]
async fn an_invalid_event_stops_the_upload_with_its_position() {
    let base = start().await;
    let client = client(&base);
    let mut batches: Vec<Value> = (0..3).map(|b| capi_batch(b, 3)).collect();
    batches[1][1]["user_data"]["em"] = json!(["not-a-hash@example.com"]);
    let result = upload(
        &client,
        Target::dataset(id(DATASET), "bad"),
        &batches,
        &BTreeSet::new(),
    )
    .await;
    let UploadOutcome::Stopped {
        batch,
        event,
        error,
        ..
    } = &result.outcome
    else {
        panic!("{:?}", result.outcome)
    };
    assert_eq!(*batch, 1);
    assert_eq!(error.graph().unwrap().code, 100);
    let event = event.as_ref().unwrap();
    assert_eq!((event.index_in_batch, event.index_in_upload), (1, 4));
    assert_eq!(event.field.as_deref(), Some("user_data"));
    // Sent once, never again; the following batch was not sent.
    assert_eq!(client.transport().urls().len(), 2);
    assert_eq!(received(&base, DATASET).await["unique"], 3);
}

#[tokio::test]
async fn offline_set_upload_survives_a_drop_after_processing() {
    let base = start().await;
    let client = client(&base);
    let set = ok(&client, &offline::create(&id(BUSINESS), "Stores", None))
        .await
        .id;
    let batches: Vec<Value> = (0..3).map(|b| ocapi_batch(b, 2)).collect();
    fault(
        &base,
        json!({"kind": "drop", "when": "after", "path": "/events"}),
    )
    .await;
    let result = upload(
        &client,
        Target::offline_set(id(&set), "stores"),
        &batches,
        &BTreeSet::new(),
    )
    .await;
    assert!(
        matches!(
            result.outcome,
            UploadOutcome::Done {
                accepted: 3,
                events: 6
            }
        ),
        "{:?}",
        result.outcome
    );
    let got = received(&base, &set).await;
    assert_eq!(
        (got["unique"].as_u64(), got["duplicates"].as_u64()),
        (Some(6), Some(2)),
        "{got}"
    );
}

#[tokio::test]
async fn concurrent_upload_through_faults_loses_and_doubles_nothing() {
    let base = start().await;
    let client = client_with(&base, TOKEN, 300);
    let batches: Vec<Value> = (0..10).map(|b| capi_batch(b, 3)).collect();
    fault(
        &base,
        json!({"kind": "drop", "when": "after", "path": "/events"}),
    )
    .await;
    fault(&base, json!({"kind": "server_error", "path": "/events"})).await;
    fault(
        &base,
        json!({"kind": "slow", "delay_ms": 1_000, "path": "/events"}),
    )
    .await;
    fault(
        &base,
        json!({"kind": "drop", "when": "before", "path": "/events"}),
    )
    .await;
    let sleep = RecordingSleep::new();
    let mut random = SplitMix64::new(7);
    let control = UploadControl::new();
    let mut runner = Runner {
        client: &client,
        sleep: &sleep,
        random: &mut random,
        control: &control,
    };
    let none = BTreeSet::new();
    let upload =
        Upload::new(Target::dataset(id(DATASET), "parallel"), &batches, &none).concurrency(3);
    let mut events = Vec::new();
    let outcome = runner.run(&upload, &mut |event| events.push(event)).await;
    assert!(
        matches!(
            outcome,
            UploadOutcome::Done {
                accepted: 10,
                events: 30
            }
        ),
        "{outcome:?}"
    );
    assert_eq!(accepted(&events).len(), 10);
    assert_eq!(retry_reasons(&events).len(), 4, "{events:?}");
    let got = received(&base, DATASET).await;
    assert_eq!(got["unique"], 30, "{got}");
    let ids: HashSet<String> = event_ids(&got).into_iter().collect();
    assert_eq!(ids.len(), 30);
}
