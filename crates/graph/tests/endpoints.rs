//! Every endpoint against the in-memory transport: what goes on the wire, what comes back.
// Test helpers outside #[test] functions unwrap too: a failure there is a test failure.
#![allow(clippy::unwrap_used, clippy::panic)]

use futures_executor::block_on;
use graph::custom_conversions::{
    self, CustomConversionUpdate, CustomEventType, NewCustomConversion,
};
use graph::insights::{DatePreset, DateRange, InsightsQuery};
use graph::memory::MemoryTransport;
use graph::offline::{Granularity, StatsAggregation, StatsQuery};
use graph::{
    AccessToken, AdAccountId, Client, ClientError, HttpRequest, Method, ObjectId, Pager, Settings,
    TransportError, ads, datasets, insights, offline,
};
use serde_json::{Value, json};

const TOKEN: &str = "EAAB-secret-token";

fn client(transport: &MemoryTransport) -> Client<&MemoryTransport> {
    Client::new(
        transport,
        Settings::with_base_url("http://graph.test/"),
        AccessToken::new(TOKEN),
    )
}

fn id(raw: &str) -> ObjectId {
    ObjectId::new(raw).unwrap()
}

fn account() -> AdAccountId {
    AdAccountId::new("act_200000000000002").unwrap()
}

fn form(request: &HttpRequest, key: &str) -> Option<String> {
    request
        .form()
        .into_iter()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v)
}

/// Every call goes out as a form-encoded POST (a CORS simple request: no preflight) with the
/// token in the body, never in the URL or a header.
fn assert_token_placement(request: &HttpRequest) {
    assert!(!request.url.contains(TOKEN), "token in URL {}", request.url);
    assert!(
        !request.url.contains('?'),
        "parameters in URL {}",
        request.url
    );
    assert!(!format!("{request:?}").contains(TOKEN), "token in Debug");
    assert_eq!(request.method, Method::Post);
    assert_eq!(form(request, "access_token").as_deref(), Some(TOKEN));
    assert_eq!(
        request.header("content-type"),
        Some("application/x-www-form-urlencoded")
    );
    assert_eq!(request.header("authorization"), None);
    assert!(request.is_cors_simple(), "{request:?} needs a preflight");
}

/// The call as Graph reads it, e.g. `GET http://…/1?fields=id`.
fn wire(request: &HttpRequest) -> String {
    format!(
        "{} {}",
        request.graph_method().as_str(),
        request.logical_url()
    )
}

/// Runs one call against a scripted answer, returns the decoded value and the request sent.
fn call<R: serde::de::DeserializeOwned>(
    request: graph::GraphRequest<R>,
    answer: &str,
) -> (R, HttpRequest) {
    let transport = MemoryTransport::new();
    transport.respond(200, answer);
    let value = block_on(client(&transport).send(&request)).unwrap().value;
    let sent = transport.requests().remove(0);
    assert_token_placement(&sent);
    (value, sent)
}

#[test]
fn datasets_create_read_share_and_send_events() {
    let (created, sent) = call(
        datasets::create(&account(), "Store sales"),
        r#"{"id":"400000000000099"}"#,
    );
    assert_eq!(created.id, "400000000000099");
    assert_eq!(sent.method, Method::Post);
    assert_eq!(
        sent.url,
        "http://graph.test/v24.0/act_200000000000002/adspixels"
    );
    assert_eq!(form(&sent, "name").as_deref(), Some("Store sales"));

    let (dataset, sent) = call(
        datasets::read(&id("400000000000004")),
        r#"{"id":400000000000004,"name":"Pixel","is_unavailable":false}"#,
    );
    assert_eq!(dataset.id, "400000000000004");
    assert_eq!(dataset.name.as_deref(), Some("Pixel"));
    assert!(
        wire(&sent).starts_with("GET http://graph.test/v24.0/400000000000004?fields=id%2Cname")
    );

    let (shared, sent) = call(
        datasets::share_with_account(&id("400000000000004"), &id("100000000000001"), &account()),
        r#"{"success":true}"#,
    );
    assert!(shared.success);
    assert!(sent.url.ends_with("/400000000000004/shared_accounts"));
    assert_eq!(
        form(&sent, "account_id").as_deref(),
        Some("200000000000002")
    );
    assert_eq!(form(&sent, "business").as_deref(), Some("100000000000001"));

    let (_, sent) = call(
        datasets::share_with_agency(
            &id("400000000000004"),
            &id("100000000000009"),
            &[datasets::AgencyTask::Analyze, datasets::AgencyTask::Upload],
        ),
        r#"{"success":true}"#,
    );
    assert!(sent.url.ends_with("/400000000000004/agencies"));
    assert_eq!(
        form(&sent, "permitted_tasks").as_deref(),
        Some(r#"["ANALYZE","UPLOAD"]"#)
    );

    let (stats, sent) = call(
        datasets::stats(
            &id("400000000000004"),
            datasets::DatasetAggregation::EventProcessingResults,
            Some(1_700_000_000),
            None,
        ),
        r#"{"data":[{"start_time":"2024-01-01T00:00:00+0000","data":[{"value":"processed","count":2}]}]}"#,
    );
    assert_eq!(stats.data.len(), 1);
    assert!(wire(&sent).ends_with(
        "/400000000000004/stats?aggregation=event_processing_results&start_time=1700000000"
    ));

    let data = json!([{"event_name":"Purchase","event_time":1_700_000_000,"event_id":"o-1"}]);
    let options = datasets::CapiOptions::default()
        .upload_tag("tag-1")
        .test_event_code("TEST123")
        .partner_agent("hashdrop")
        .namespace_id("77");
    let (received, sent) = call(
        datasets::send_events(&id("400000000000004"), &data, &options),
        r#"{"events_received":1,"messages":[],"fbtrace_id":"Tr"}"#,
    );
    assert_eq!(received.events_received, 1);
    assert_eq!(received.fbtrace_id.as_deref(), Some("Tr"));
    assert!(sent.url.ends_with("/v24.0/400000000000004/events"));
    let sent_data: Value = serde_json::from_str(&form(&sent, "data").unwrap()).unwrap();
    assert_eq!(sent_data, data);
    for (key, value) in [
        ("upload_tag", "tag-1"),
        ("test_event_code", "TEST123"),
        ("partner_agent", "hashdrop"),
        ("namespace_id", "77"),
    ] {
        assert_eq!(form(&sent, key).as_deref(), Some(value), "{key}");
    }
}

#[test]
fn datasets_of_an_ad_account_are_listed_page_by_page() {
    let transport = MemoryTransport::new();
    transport
        .respond(
            200,
            r#"{"data":[{"id":400000000000004,"name":"Pixel","creation_time":"2026-11-20T00:00:00+0000"},
                {"id":"900000000000001","name":"Shop","last_fired_time":null,"is_unavailable":false}],
              "paging":{"cursors":{"before":"MAAZD","after":"MABZD"},
                "next":"http://graph.test/v24.0/act_200000000000002/adspixels?access_token=x&limit=2&after=MABZD"}}"#,
        )
        .respond(
            200,
            r#"{"data":[{"id":"900000000000002","name":"Web"}],"paging":{"cursors":{"before":"MACZD","after":"MACZD"}}}"#,
        );
    let client = client(&transport);
    let mut pager = Pager::new(datasets::list(&account()).limit(2));
    let first = block_on(pager.next_page(&client)).unwrap().unwrap();
    assert!(!pager.is_done());
    let names: Vec<_> = first.data.iter().map(|d| d.name.as_deref()).collect();
    assert_eq!(names, [Some("Pixel"), Some("Shop")]);
    assert_eq!(first.data[0].id, "400000000000004", "a numeric id decodes");
    assert_eq!(
        first.data[0].creation_time.as_deref(),
        Some("2026-11-20T00:00:00+0000")
    );
    assert_eq!(first.data[1].last_fired_time, None);
    let second = block_on(pager.next_page(&client)).unwrap().unwrap();
    assert_eq!(second.data[0].id, "900000000000002");
    assert!(pager.is_done(), "no next link: the last page");
    assert!(block_on(pager.next_page(&client)).unwrap().is_none());

    let requests = transport.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(
        wire(&requests[0]),
        format!(
            "GET http://graph.test/v24.0/act_200000000000002/adspixels?fields={}&limit=2",
            datasets::DATASET_FIELDS.replace(',', "%2C")
        )
    );
    assert!(
        wire(&requests[1]).ends_with("&limit=2&after=MABZD"),
        "{}",
        wire(&requests[1])
    );
    for request in &requests {
        assert_token_placement(request);
    }
    // The next link carried a token; the pager never used it.
    assert!(requests.iter().all(|r| !r.url.contains("access_token")));
}

#[test]
fn a_list_limit_replaces_an_earlier_one() {
    let request = offline::list(&id("100000000000001")).limit(5).limit(50);
    let limits: Vec<_> = request
        .params()
        .iter()
        .filter(|(key, _)| *key == "limit")
        .collect();
    assert_eq!(limits, [&("limit", "50".to_owned())]);
}

#[test]
fn offline_event_sets() {
    let business = id("100000000000001");
    let (created, sent) = call(
        offline::create(&business, "offline_event_set", Some("superbowl")),
        r#"{"id":"500000000000001"}"#,
    );
    assert_eq!(created.id, "500000000000001");
    assert!(
        sent.url
            .ends_with("/100000000000001/offline_conversion_data_sets")
    );
    assert_eq!(form(&sent, "description").as_deref(), Some("superbowl"));

    let set = id("500000000000001");
    let (read, _) = call(
        offline::read(&set),
        r#"{"id":"500000000000001","name":"s","valid_entries":"12","matched_entries":3}"#,
    );
    assert_eq!(read.valid_entries, Some(12.0));
    assert_eq!(read.matched_entries, Some(3.0));

    let (list, sent) = call(
        offline::list(&business),
        r#"{"data":[{"id":"5"},{"id":6}]}"#,
    );
    assert_eq!(list.data.len(), 2);
    assert!(wire(&sent).starts_with("GET "), "{}", wire(&sent));

    let (_, sent) = call(
        offline::assign_ad_account(&set, &business, &account()),
        r#"{"success":true}"#,
    );
    assert!(sent.url.ends_with("/500000000000001/adaccounts"));
    assert_eq!(
        form(&sent, "account_id").as_deref(),
        Some("200000000000002")
    );

    let (agencies, sent) = call(
        offline::list_agencies(&set),
        r#"{"data":[{"id":"100000000000009","name":"Agency"}]}"#,
    );
    assert_eq!(agencies.data[0].name.as_deref(), Some("Agency"));
    assert_eq!(sent.url, "http://graph.test/v24.0/500000000000001/agencies");
    let (_, sent) = call(
        offline::share_with_agency(&set, &id("100000000000009")),
        r#"{"success":true}"#,
    );
    assert_eq!(form(&sent, "business").as_deref(), Some("100000000000009"));

    let data = json!([{"match_keys":{"email":["h"]},"event_name":"Purchase","event_time":1}]);
    let (processed, sent) = call(
        offline::send_events(&set, "store_data", &data, Some("42")),
        r#"{"num_processed_entries":1}"#,
    );
    assert_eq!(processed.num_processed_entries, 1);
    assert_eq!(form(&sent, "upload_tag").as_deref(), Some("store_data"));
    assert_eq!(form(&sent, "namespace_id").as_deref(), Some("42"));

    let (uploads, _) = call(
        offline::list_uploads(&set),
        r#"{"data":[{"id":"9","upload_tag":"store_data","valid_entries":1}]}"#,
    );
    assert_eq!(uploads.data[0].upload_tag.as_deref(), Some("store_data"));
    assert_eq!(uploads.data[0].details["valid_entries"], json!(1));

    let query = StatsQuery::between(1_700_000_000, 1_700_086_400)
        .aggregation(StatsAggregation::EventTime)
        .granularity(Granularity::Daily);
    let (_, sent) = call(offline::stats(&set, &query), r#"{"data":[]}"#);
    assert_eq!(
        wire(&sent),
        "GET http://graph.test/v24.0/500000000000001/stats?start=1700000000&end=1700086400&aggr_time=event_time&granularity=daily"
    );
}

#[test]
fn custom_conversions() {
    let (list, sent) = call(
        custom_conversions::list(&account()),
        r#"{"data":[{"id":"600","name":"High value","custom_event_type":"PURCHASE","default_conversion_value":"2.5","rule":"{}"}]}"#,
    );
    assert_eq!(list.data[0].default_conversion_value, Some(2.5));
    assert!(
        wire(&sent)
            .contains("GET http://graph.test/v24.0/act_200000000000002/customconversions?fields=")
    );

    let mut new = NewCustomConversion::named("High value");
    new.event_source_id = Some(id("400000000000004"));
    new.rule = Some(json!({"and":[{"event":{"eq":"Purchase"}},{"value":{"gt":100}}]}));
    new.custom_event_type = Some(CustomEventType::Purchase);
    new.default_conversion_value = Some(10.0);
    let (created, sent) = call(
        custom_conversions::create(&account(), &new),
        r#"{"id":"601","is_custom_event_type_predicted":"0"}"#,
    );
    assert_eq!(created.id, "601");
    assert_eq!(
        form(&sent, "custom_event_type").as_deref(),
        Some("PURCHASE")
    );
    assert_eq!(
        form(&sent, "event_source_id").as_deref(),
        Some("400000000000004")
    );
    let rule: Value = serde_json::from_str(&form(&sent, "rule").unwrap()).unwrap();
    assert_eq!(rule, new.rule.unwrap());

    let (_, sent) = call(
        custom_conversions::update(
            &id("601"),
            &CustomConversionUpdate::default().name("Renamed"),
        ),
        r#"{"success":true}"#,
    );
    assert_eq!(sent.url, "http://graph.test/v24.0/601");
    let keys: Vec<_> = sent.form().into_iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["name", "access_token"]);

    let (deleted, sent) = call(
        custom_conversions::delete(&id("601")),
        r#"{"success":true}"#,
    );
    assert!(deleted.success);
    assert_eq!(wire(&sent), "DELETE http://graph.test/v24.0/601");

    let (stats, sent) = call(
        custom_conversions::stats(
            &id("601"),
            Some(custom_conversions::StatsAggregation::Count),
        ),
        r#"{"data":[{"aggregation":"count","timestamp":"2024-01-01T00:00:00+0000","data":[{"value":3}]}]}"#,
    );
    assert_eq!(stats.data[0].aggregation.as_deref(), Some("count"));
    assert!(wire(&sent).ends_with("/601/stats?aggregation=count"));

    let (_, sent) = call(
        custom_conversions::claim(&id("100000000000001"), &id("601")),
        r#"{"success":true}"#,
    );
    assert!(
        sent.url
            .ends_with("/100000000000001/claim_custom_conversions")
    );
    assert_eq!(form(&sent, "custom_conversion_id").as_deref(), Some("601"));
}

#[test]
fn insights_query_parameters_and_rows() {
    let query = InsightsQuery::offline_conversions(DateRange::Preset(DatePreset::Last28d));
    let (page, sent) = call(
        insights::insights(&account(), &query),
        r#"{"data":[{"date_start":"2024-06-01","date_stop":"2024-06-28",
            "actions":[{"action_type":"offline_conversion.purchase","value":"3"}],
            "action_values":[{"action_type":"offline_conversion.purchase","value":27.5}],
            "impressions":"100"}]}"#,
    );
    let row = &page.data[0];
    assert_eq!(row.actions[0].value, 3.0);
    assert_eq!(row.action_values[0].value, 27.5);
    assert_eq!(row.other["impressions"], json!("100"));
    let query_string: Vec<(String, String)> = form_pairs(wire(&sent).split_once('?').unwrap().1);
    assert_eq!(
        query_string,
        [
            ("fields", "actions,action_values,unique_actions"),
            ("action_breakdowns", r#"["action_type"]"#),
            ("action_attribution_windows", r#"["28d_view"]"#),
            ("level", "account"),
            ("date_preset", "last_28d"),
        ]
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
    );

    let mut ranged = query.clone();
    ranged.range = Some(DateRange::TimeRange {
        since: "2024-06-01".into(),
        until: "2024-06-30".into(),
    });
    let request = insights::insights(&account(), &ranged);
    assert_eq!(
        request.param_value("time_range"),
        Some(r#"{"since":"2024-06-01","until":"2024-06-30"}"#)
    );
    assert_eq!(request.param_value("date_preset"), None);
}

fn form_pairs(raw: &str) -> Vec<(String, String)> {
    raw.split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            let decode = |s: &str| {
                let mut out = Vec::new();
                let bytes = s.replace('+', " ").into_bytes();
                let mut i = 0;
                while i < bytes.len() {
                    if bytes[i] == b'%' {
                        let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
                        out.push(u8::from_str_radix(hex, 16).unwrap());
                        i += 3;
                    } else {
                        out.push(bytes[i]);
                        i += 1;
                    }
                }
                String::from_utf8(out).unwrap()
            };
            (decode(k), decode(v))
        })
        .collect()
}

#[test]
fn the_pager_follows_cursors_and_never_calls_the_next_url() {
    let transport = MemoryTransport::new();
    transport
        .respond(
            200,
            &format!(
                r#"{{"data":[{{"actions":[]}}],"paging":{{"cursors":{{"before":"B1","after":"A1"}},
                "next":"http://graph.test/v24.0/act_1/insights?access_token={TOKEN}&after=A1"}}}}"#
            ),
        )
        .respond(
            200,
            &format!(
                r#"{{"data":[{{"actions":[]}}],"paging":{{
                "next":"http://graph.test/v24.0/act_1/insights?access_token={TOKEN}&after=A%2B2"}}}}"#
            ),
        )
        .respond(
            200,
            r#"{"data":[{"actions":[]}],"paging":{"cursors":{"before":"B3","after":"A3"}}}"#,
        );
    let client = client(&transport);
    let query = InsightsQuery::offline_conversions(DateRange::Preset(DatePreset::Maximum));
    let rows = block_on(insights::pages(&account(), &query).collect_all(&client)).unwrap();
    assert_eq!(rows.len(), 3);
    let requests = transport.requests();
    assert_eq!(requests.len(), 3, "stops when `next` is absent");
    assert!(!wire(&requests[0]).contains("after="));
    assert!(wire(&requests[1]).ends_with("&after=A1"));
    assert!(
        wire(&requests[2]).ends_with("&after=A%2B2"),
        "{}",
        wire(&requests[2])
    );
    for request in &requests {
        assert_token_placement(request);
    }
}

#[test]
fn pager_over_custom_conversions_stops_on_errors() {
    let transport = MemoryTransport::new();
    transport.respond(400, r#"{"error":{"message":"(#200) no","code":200}}"#);
    let client = client(&transport);
    let mut pager = Pager::new(custom_conversions::list(&account()));
    let error = block_on(pager.next_page(&client)).unwrap_err();
    assert_eq!(error.code(), "graph_permission");
    let explanation = error.explanation();
    assert!(explanation.contains("act_200000000000002"), "{explanation}");
    assert!(explanation.contains("ads_read"), "{explanation}");
}

#[test]
fn attaching_a_source_to_an_ad_keeps_its_specs_and_is_idempotent() {
    let transport = MemoryTransport::new();
    let original = r#"[{"action.type":["offsite_conversion"],"fb_pixel":["400000000000004"]}]"#;
    transport
        .respond(
            200,
            &format!(r#"{{"id":"300000000000003","tracking_specs":{original}}}"#),
        )
        .respond(200, r#"{"success":true}"#);
    let client = client(&transport);
    let ad = id("300000000000003");
    let set = id("500000000000001");
    let attached = block_on(ads::attach_source(&client, &ad, &set)).unwrap();
    assert!(matches!(attached, ads::Attached::Added { .. }));
    let requests = transport.requests();
    assert_eq!(
        wire(&requests[0]),
        "GET http://graph.test/v24.0/300000000000003?fields=tracking_specs"
    );
    assert_eq!(requests[1].method, Method::Post);
    let written: Value =
        serde_json::from_str(&form(&requests[1], "tracking_specs").unwrap()).unwrap();
    assert_eq!(
        written,
        json!([
            {"action.type":["offsite_conversion"],"fb_pixel":["400000000000004"]},
            {"action.type":["offline_conversion"],"dataset":["500000000000001"]}
        ])
    );

    // Run again against the updated ad: only the read happens.
    transport.respond(
        200,
        &format!(r#"{{"id":"300000000000003","tracking_specs":{written}}}"#),
    );
    let again = block_on(ads::attach_source(&client, &ad, &set)).unwrap();
    assert_eq!(again, ads::Attached::AlreadyTracked);
    assert_eq!(transport.requests().len(), 3);
}

#[test]
fn failures_are_classified() {
    let transport = MemoryTransport::new();
    let client = client(&transport);
    let request = datasets::read(&id("400000000000004"));

    transport.respond_with_headers(
        400,
        &[("X-FB-Trace-Id", "T1")],
        r#"{"error":{"message":"Error validating access token","type":"OAuthException","code":190,"error_subcode":463,"fbtrace_id":"T1"}}"#,
    );
    let error = block_on(client.send(&request)).unwrap_err();
    let ClientError::Graph(failure) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(failure.status, 400);
    assert_eq!(failure.error.subcode, Some(463));
    assert_eq!(failure.object, "400000000000004");
    assert_eq!(error.code(), "graph_token");

    transport.respond(502, "<html>Bad gateway</html>");
    assert_eq!(
        block_on(client.send(&request)).unwrap_err(),
        ClientError::Status { status: 502 }
    );

    transport.respond(200, "{not json");
    let error = block_on(client.send(&request)).unwrap_err();
    assert_eq!(error.code(), "bad_json");
    assert!(!error.to_string().contains("not json"));

    transport.respond(200, r#"{"error":{"message":"m","code":2}}"#);
    assert_eq!(
        block_on(client.send(&request)).unwrap_err().code(),
        "graph_transient"
    );

    transport.fail(TransportError::Timeout { after_ms: 1500 });
    assert_eq!(
        block_on(client.send(&request)).unwrap_err(),
        ClientError::Transport(TransportError::Timeout { after_ms: 1500 })
    );
}

#[test]
fn the_version_and_timeout_come_from_the_settings() {
    let transport = MemoryTransport::new();
    transport.respond(200, r#"{"id":"1"}"#);
    let client = Client::new(
        &transport,
        Settings::default().version("v23.0").timeout_ms(1500),
        AccessToken::new(TOKEN),
    );
    block_on(client.send(&datasets::read(&id("1")))).unwrap();
    let sent = &transport.requests()[0];
    assert_eq!(sent.url, "https://graph.facebook.com/v23.0/1");
    assert!(wire(sent).starts_with("GET https://graph.facebook.com/v23.0/1?"));
    assert_eq!(sent.timeout_ms, 1500);
    assert_eq!(format!("{:?}", AccessToken::new(TOKEN)), "AccessToken(…)");
}

#[test]
fn reads_and_deletes_carry_the_method_override_in_the_body() {
    let (_, read) = call(datasets::read(&id("1")), r#"{"id":"1"}"#);
    assert_eq!(form(&read, "method").as_deref(), Some("get"));
    assert_eq!(
        form(&read, "fields").as_deref(),
        Some(datasets::DATASET_FIELDS)
    );
    let (_, deleted) = call(
        custom_conversions::delete(&id("601")),
        r#"{"success":true}"#,
    );
    assert_eq!(form(&deleted, "method").as_deref(), Some("delete"));
    let (_, created) = call(
        datasets::create(&account(), "Store sales"),
        r#"{"id":"400000000000099"}"#,
    );
    assert_eq!(form(&created, "method"), None, "a POST needs no override");
}

#[test]
fn an_error_answered_with_status_200_is_an_error() {
    // What Graph answers to `suppress_http_code=1`: status 200, the error in the body. A list
    // page would otherwise decode it as an empty page.
    let transport = MemoryTransport::new();
    transport.respond(
        200,
        r#"{"error":{"message":"(#17) User request limit reached","code":17,"fbtrace_id":"T"}}"#,
    );
    let client = client(&transport);
    let error = block_on(client.send(&custom_conversions::list(&account()))).unwrap_err();
    let ClientError::Graph(failure) = &error else {
        panic!("{error:?}");
    };
    assert_eq!(failure.status, 200);
    assert_eq!(failure.error.code, 17);
    assert_eq!(error.code(), "graph_throttled");
    assert_eq!(error.retry(), graph::Retry::BackOff);

    transport.respond(
        200,
        r#"{"error":{"message":"Service unavailable","code":2}}"#,
    );
    let error = block_on(client.send(&datasets::read(&id("1")))).unwrap_err();
    assert_eq!(error.retry(), graph::Retry::Again);
}
