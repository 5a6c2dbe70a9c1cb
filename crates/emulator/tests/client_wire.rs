//! The `graph` client against the emulator in strict CORS mode, over real HTTP: every call the
//! client makes is a form-encoded POST with the token in the body (a CORS simple request, which
//! needs no preflight), and the emulator's record of raw bodies shows exactly that.
#![allow(clippy::unwrap_used, clippy::panic)]

mod support;

use graph::custom_conversions::{self, CustomEventType, NewCustomConversion};
use graph::insights::{DatePreset, DateRange, InsightsQuery};
use graph::{AccessToken, AdAccountId, Client, Method, ObjectId, Settings, datasets, insights};
use serde_json::json;
use support::{NOW, TOKEN, TcpTransport, control};

const ACCOUNT: &str = "act_200000000000002";
const DATASET: &str = "400000000000004";

async fn start_strict() -> String {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let config = emulator::Config::new(TOKEN)
        .with_now(NOW)
        .with_strict_cors(true);
    let app = emulator::router(config);
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    format!("http://{address}")
}

#[tokio::test]
async fn reads_lists_creates_and_deletes_arrive_as_simple_form_posts() {
    let base = start_strict().await;
    let client = Client::new(
        TcpTransport::default(),
        Settings::with_base_url(&base).timeout_ms(5_000),
        AccessToken::new(TOKEN),
    );
    let account = AdAccountId::new(ACCOUNT).unwrap();
    let dataset = ObjectId::new(DATASET).unwrap();
    let read = client.send(&datasets::read(&dataset)).await.unwrap();
    assert_eq!(read.value.id, DATASET);
    let mut new = NewCustomConversion::named("Override check");
    new.event_source_id = Some(dataset.clone());
    new.rule = Some(json!({"event": {"eq": "Purchase"}}));
    new.custom_event_type = Some(CustomEventType::Purchase);
    let created = client
        .send(&custom_conversions::create(&account, &new))
        .await
        .unwrap()
        .value;
    let conversion = ObjectId::new(&created.id).unwrap();
    let listed = graph::Pager::new(custom_conversions::list(&account).limit(1))
        .collect_all(&client)
        .await
        .unwrap();
    assert!(listed.iter().any(|c| c.id == created.id), "paged by cursor");
    let query = InsightsQuery::offline_conversions(DateRange::Preset(DatePreset::Last28d));
    graph::Pager::new(insights::insights(&account, &query))
        .collect_all(&client)
        .await
        .unwrap();
    let deleted = client
        .send(&custom_conversions::delete(&conversion))
        .await
        .unwrap();
    assert!(deleted.value.success);
    let gone = client.send(&custom_conversions::delete(&conversion)).await;
    assert!(
        gone.is_err(),
        "deleted: the override reached the DELETE route"
    );

    for sent in client.transport().sent.lock().unwrap().iter() {
        assert_eq!(sent.method, Method::Post);
        assert!(sent.is_cors_simple(), "{sent:?}");
    }
    let log = control(&base, Method::Get, "/requests", None).await;
    let received = log["data"].as_array().unwrap();
    assert!(received.len() >= 6, "{log}");
    let overrides: Vec<String> = received
        .iter()
        .map(|request| {
            assert_eq!(request["method"], "POST", "{request}");
            assert_eq!(request["authorization"], false, "{request}");
            assert_eq!(
                request["content_type"], "application/x-www-form-urlencoded",
                "{request}"
            );
            let url = request["url"].as_str().unwrap();
            assert!(!url.contains('?'), "no query: {url}");
            let body = request["body"].as_str().unwrap();
            let fields: Vec<(String, String)> = serde_urlencoded::from_str(body).unwrap();
            assert!(fields.contains(&("access_token".into(), TOKEN.into())));
            fields
                .iter()
                .find(|(key, _)| key == "method")
                .map_or("post".to_owned(), |(_, value)| value.clone())
        })
        .collect();
    for method in ["get", "post", "delete"] {
        assert!(overrides.iter().any(|m| m == method), "{overrides:?}");
    }
}
