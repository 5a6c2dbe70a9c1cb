//! Properties of the pure pieces: merging tracking specs, reading Graph errors, building URLs.
#![cfg(not(target_arch = "wasm32"))]

use graph::memory::MemoryTransport;
use graph::{AccessToken, Client, GraphError, ObjectId, Settings, ads, datasets, insights};
use proptest::prelude::*;
use serde_json::{Map, Value, json};

fn spec() -> impl Strategy<Value = Map<String, Value>> {
    (
        prop::sample::select(vec![
            "offsite_conversion",
            "offline_conversion",
            "link_click",
        ]),
        prop::sample::select(vec!["dataset", "fb_pixel", "page"]),
        prop::collection::vec(1u64..5, 0..3),
    )
        .prop_map(|(action, key, ids)| {
            let ids: Vec<String> = ids.iter().map(u64::to_string).collect();
            let Value::Object(map) = json!({"action.type": [action], key: ids}) else {
                unreachable!()
            };
            map
        })
}

proptest! {
    #[test]
    fn merging_keeps_every_spec_and_is_idempotent(
        specs in prop::collection::vec(spec(), 0..6),
        source in 1u64..5,
    ) {
        let source = ObjectId::new(&source.to_string()).unwrap();
        match ads::with_source(&specs, &source) {
            Some(merged) => {
                prop_assert!(!ads::tracks(&specs, &source));
                prop_assert_eq!(&merged[..specs.len()], &specs[..]);
                prop_assert_eq!(merged.len(), specs.len() + 1);
                prop_assert!(ads::tracks(&merged, &source));
                prop_assert_eq!(ads::with_source(&merged, &source), None);
            }
            None => prop_assert!(ads::tracks(&specs, &source)),
        }
    }

    #[test]
    fn reading_any_message_never_panics_and_finds_planted_paths(
        prefix in "\\PC{0,40}",
        index in 0usize..5_000,
        field in "[a-z_]{1,12}",
    ) {
        let message = format!("{prefix} $['data'][{index}]['{field}'] is invalid");
        let body = json!({"error": {"message": message, "code": 100}}).to_string();
        let error = GraphError::from_body(&body).unwrap();
        let found = error.event_field();
        // The prefix may itself hold a path; when it does not, the planted one is found.
        if !prefix.contains("['data'][") {
            let found = found.unwrap();
            prop_assert_eq!(found.index, index);
            prop_assert_eq!(found.field.as_deref(), Some(field.as_str()));
        }
    }

    #[test]
    fn no_url_ever_holds_the_token(
        token in "[A-Za-z0-9]{8,40}",
        tag in "\\PC{0,20}",
        fields in prop::collection::vec("[a-z_]{1,10}", 0..4),
    ) {
        let transport = MemoryTransport::new();
        let client = Client::new(&transport, Settings::default(), AccessToken::new(token.clone()));
        let dataset = ObjectId::new("400000000000004").unwrap();
        let account = graph::AdAccountId::new("act_2").unwrap();
        let mut query = insights::InsightsQuery::offline_conversions(
            insights::DateRange::Preset(insights::DatePreset::Last7d),
        );
        query.fields = fields;
        let requests = [
            client.http_request(&datasets::send_events(
                &dataset,
                &json!([]),
                &datasets::CapiOptions::default().upload_tag(&tag),
            )),
            client.http_request(&datasets::read(&dataset)),
            client.http_request(&insights::insights(&account, &query)),
            client.http_request(&graph::custom_conversions::delete(&dataset)),
        ];
        for request in requests {
            prop_assert!(!request.url.contains(&token));
        }
    }
}
