//! The page's Graph calls (list, read one, create, update, delete, stats, Meta's count, claim)
//! over the graph crate's typed
//! client, and what a failure tells the person. Generic over [`graph::Transport`]: the page
//! passes the browser transport, tests the in-memory one.

use crate::connection::{CheckFailure, Problem};
use crate::i18n::Text;
use graph::custom_conversions::{
    self, CustomConversion, CustomConversionStats, CustomConversionUpdate, NewCustomConversion,
    StatsAggregation,
};
use graph::{AccessToken, AdAccountId, Client, ClientError, ObjectId, Pager, Settings, Transport};

/// Where the calls go: base URL, version and token (from the Connect screen).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Connection {
    /// `https://graph.facebook.com` or the emulator's address.
    pub base_url: String,
    /// `vNN.N`.
    pub version: String,
    /// The access token (sent in a header or a POST body by the graph crate, never in a URL).
    pub token: String,
}

impl Connection {
    fn client<T: Transport>(&self, transport: T) -> Client<T> {
        Client::new(
            transport,
            Settings::with_base_url(&self.base_url).version(&self.version),
            AccessToken::new(&self.token),
        )
    }
}

/// What a failed call means for the person; the app words it in the chosen language.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Explanation {
    /// A Graph call failed: the problem it stands for.
    Call(Problem),
    /// The id typed is not a Graph id.
    InvalidId,
    /// The ad account typed is not an ad account id.
    InvalidAccount,
    /// The business id typed is not a Graph id.
    InvalidBusiness,
}

impl Explanation {
    /// The sentence shown.
    pub fn text(self) -> Text {
        match self {
            Explanation::Call(problem) => problem.message(),
            Explanation::InvalidId => tr!(cc_invalid_id),
            Explanation::InvalidAccount => tr!(cc_invalid_account),
            Explanation::InvalidBusiness => tr!(cc_invalid_business),
        }
    }
}

/// A failed call: what it means for the person, and Graph's own words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Failure {
    /// The graph crate's stable code (`graph_token`, `network`, …).
    pub code: &'static str,
    /// What it means and what to do.
    pub explanation: Explanation,
    /// Graph's message for the user (`error_user_msg`), when it wrote one.
    pub user_message: Option<String>,
    /// Code, message and `fbtrace_id`, for support.
    pub detail: Option<String>,
}

impl Failure {
    fn from_client(error: &ClientError) -> Failure {
        let graph = error.graph();
        Failure {
            code: error.code(),
            explanation: Explanation::Call(CheckFailure::from_client(error).problem),
            user_message: graph.and_then(|g| g.user_message.clone()),
            detail: Some(graph.map_or_else(|| error.to_string(), ToString::to_string)),
        }
    }

    /// A typed id that is not valid; the detail names it.
    fn local(code: &'static str, explanation: Explanation, detail: String) -> Failure {
        Failure {
            code,
            explanation,
            user_message: None,
            detail: Some(detail),
        }
    }
}

fn object_id(id: &str) -> Result<ObjectId, Failure> {
    ObjectId::new(id)
        .map_err(|e| Failure::local("invalid_id", Explanation::InvalidId, format!("{id}: {e}")))
}

/// Read an ad account id as typed (`act_123` or `123`).
pub fn ad_account(text: &str) -> Result<AdAccountId, Failure> {
    AdAccountId::new(text).map_err(|e| {
        Failure::local(
            "invalid_account",
            Explanation::InvalidAccount,
            e.to_string(),
        )
    })
}

/// Every custom conversion of the ad account (all pages).
pub async fn list<T: Transport>(
    transport: T,
    connection: &Connection,
    account: &AdAccountId,
) -> Result<Vec<CustomConversion>, Failure> {
    let client = connection.client(transport);
    Pager::new(custom_conversions::list(account))
        .collect_all(&client)
        .await
        .map_err(|e| Failure::from_client(&e))
}

/// One custom conversion with every field its detail view shows.
pub async fn read<T: Transport>(
    transport: T,
    connection: &Connection,
    id: &str,
) -> Result<CustomConversion, Failure> {
    let id = object_id(id)?;
    let client = connection.client(transport);
    client
        .send(&custom_conversions::read(&id))
        .await
        .map(|reply| reply.value)
        .map_err(|e| Failure::from_client(&e))
}

/// The agency flow: business `business` claims the custom conversion `id`
/// (`POST /{business}/claim_custom_conversions`).
pub async fn claim<T: Transport>(
    transport: T,
    connection: &Connection,
    business: &str,
    id: &str,
) -> Result<(), Failure> {
    let business = ObjectId::new(business.trim()).map_err(|e| {
        Failure::local(
            "invalid_business",
            Explanation::InvalidBusiness,
            format!("{business}: {e}"),
        )
    })?;
    let id = object_id(id.trim())?;
    let client = connection.client(transport);
    client
        .send(&custom_conversions::claim(&business, &id))
        .await
        .map(|_| ())
        .map_err(|e| Failure::from_client(&e))
}

/// Create a custom conversion; its new id.
pub async fn create<T: Transport>(
    transport: T,
    connection: &Connection,
    account: &AdAccountId,
    conversion: &NewCustomConversion,
) -> Result<String, Failure> {
    let client = connection.client(transport);
    client
        .send(&custom_conversions::create(account, conversion))
        .await
        .map(|reply| reply.value.id)
        .map_err(|e| Failure::from_client(&e))
}

/// Change the name, description or default value (the only things Graph allows).
pub async fn update<T: Transport>(
    transport: T,
    connection: &Connection,
    id: &str,
    update: &CustomConversionUpdate,
) -> Result<(), Failure> {
    let id = object_id(id)?;
    let client = connection.client(transport);
    client
        .send(&custom_conversions::update(&id, update))
        .await
        .map(|_| ())
        .map_err(|e| Failure::from_client(&e))
}

/// Delete a custom conversion.
pub async fn delete<T: Transport>(
    transport: T,
    connection: &Connection,
    id: &str,
) -> Result<(), Failure> {
    let id = object_id(id)?;
    let client = connection.client(transport);
    client
        .send(&custom_conversions::delete(&id))
        .await
        .map(|_| ())
        .map_err(|e| Failure::from_client(&e))
}

/// The conversion's stats (the default aggregation).
pub async fn stats<T: Transport>(
    transport: T,
    connection: &Connection,
    id: &str,
) -> Result<Vec<CustomConversionStats>, Failure> {
    let id = object_id(id)?;
    let client = connection.client(transport);
    client
        .send(&custom_conversions::stats(&id, None))
        .await
        .map(|reply| reply.value.data)
        .map_err(|e| Failure::from_client(&e))
}

/// How many events fired the conversion: its `/stats` with `aggregation=count`, every day of
/// every page added up (the number to hold against a preview's count).
pub async fn fired_count<T: Transport>(
    transport: T,
    connection: &Connection,
    id: &str,
) -> Result<u64, Failure> {
    let id = object_id(id)?;
    let client = connection.client(transport);
    Pager::new(custom_conversions::stats(
        &id,
        Some(StatsAggregation::Count),
    ))
    .collect_all(&client)
    .await
    .map(|stats| count_of(&stats))
    .map_err(|e| Failure::from_client(&e))
}

/// The `count`s of every bucket's items added up (Graph writes them as numbers or as strings).
pub fn count_of(stats: &[CustomConversionStats]) -> u64 {
    stats
        .iter()
        .flat_map(|bucket| &bucket.data)
        .filter_map(|item| item.get("count"))
        .filter_map(|count| match count {
            serde_json::Value::Number(n) => n.as_u64(),
            serde_json::Value::String(s) => s.trim().parse().ok(),
            _ => None,
        })
        .sum()
}

/// Stats as one line per bucket: `timestamp: count` (or the raw data when it is not a count).
pub fn stats_lines(stats: &[CustomConversionStats]) -> Vec<String> {
    stats
        .iter()
        .map(|s| {
            let data: Vec<String> = s.data.iter().map(serde_json::Value::to_string).collect();
            format!(
                "{} {}: {}",
                s.timestamp.as_deref().unwrap_or("—"),
                s.aggregation.as_deref().unwrap_or_default(),
                data.join(", ")
            )
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use futures_executor::block_on;
    use graph::memory::MemoryTransport;

    fn connection() -> Connection {
        Connection {
            base_url: "http://127.0.0.1:8787".into(),
            version: "v24.0".into(),
            token: "secret-token".into(),
        }
    }

    #[test]
    fn lists_every_page_with_the_token_in_a_header() {
        let transport = MemoryTransport::new();
        transport.respond(
            200,
            r#"{"data":[{"id":"900000000000001","name":"A","rule":"{\"event\":{\"eq\":\"Purchase\"}}","custom_event_type":"PURCHASE","event_source_type":"pixel","is_archived":false}],
               "paging":{"cursors":{"before":"a","after":"b"},"next":"http://127.0.0.1:8787/v24.0/act_2/customconversions?after=b"}}"#,
        );
        transport.respond(
            200,
            r#"{"data":[{"id":"900000000000002","name":"B","is_unavailable":true}]}"#,
        );
        let account = ad_account("act_200000000000002").unwrap();
        let items = block_on(list(&transport, &connection(), &account)).unwrap();
        assert_eq!(items.len(), 2);
        assert_eq!(items[0].name.as_deref(), Some("A"));
        assert!(items[1].is_unavailable);
        let requests = transport.requests();
        assert_eq!(requests.len(), 2);
        assert!(
            requests[0]
                .logical_url()
                .contains("/v24.0/act_200000000000002/customconversions")
        );
        assert!(requests[1].logical_url().contains("after=b"));
        assert!(requests.iter().all(|r| !r.url.contains("secret")));
    }

    #[test]
    fn create_sends_the_fields_and_returns_the_id() {
        let transport = MemoryTransport::new();
        transport.respond(
            200,
            r#"{"id":"900000000000003","is_custom_event_type_predicted":"0"}"#,
        );
        let mut conversion = NewCustomConversion::named("Ice cream");
        conversion.rule = Some(serde_json::json!({"event": {"eq": "Purchase"}}));
        let account = ad_account("200000000000002").unwrap();
        let id = block_on(create(&transport, &connection(), &account, &conversion)).unwrap();
        assert_eq!(id, "900000000000003");
        let form = transport.requests()[0].form();
        assert!(form.contains(&("name".into(), "Ice cream".into())));
        assert!(form.contains(&("rule".into(), r#"{"event":{"eq":"Purchase"}}"#.into())));
    }

    #[test]
    fn the_limit_error_keeps_graphs_message_for_the_person() {
        let transport = MemoryTransport::new();
        transport.respond(
            400,
            r#"{"error":{"message":"(#100) The ad account act_2 already has the maximum of 100 custom conversions","type":"OAuthException","code":100,
               "error_user_title":"Custom conversion limit reached","error_user_msg":"An ad account can have at most 100 custom conversions. Delete one before creating another.","fbtrace_id":"Tr"}}"#,
        );
        let account = ad_account("2").unwrap();
        let failure = block_on(create(
            &transport,
            &connection(),
            &account,
            &NewCustomConversion::named("x"),
        ))
        .unwrap_err();
        assert_eq!(failure.code, "graph_invalid_parameter");
        assert!(failure.user_message.unwrap().contains("at most 100"));
        assert!(failure.detail.unwrap().contains("Tr"));
    }

    #[test]
    fn no_answer_and_bad_ids_are_explained() {
        let transport = MemoryTransport::new();
        let failure = block_on(delete(&transport, &connection(), "900000000000001")).unwrap_err();
        assert_eq!(failure.code, "network");
        assert_eq!(failure.explanation, Explanation::Call(Problem::Unreachable));
        assert_eq!(
            crate::i18n::Lang::ZhHans.t(failure.explanation.text()),
            "无法访问该接口地址（离线、被拦截，或模拟器没有运行）。"
        );
        let failure = block_on(delete(&transport, &connection(), "12a")).unwrap_err();
        assert_eq!(failure.code, "invalid_id");
        assert_eq!(ad_account("act_x").unwrap_err().code, "invalid_account");
    }

    #[test]
    fn the_fired_count_adds_every_day_of_every_page() {
        let transport = MemoryTransport::new();
        transport.respond(
            200,
            r#"{"data":[{"aggregation":"count","timestamp":"2026-12-02T00:00:00+0000","data":[{"value":"PURCHASE","count":4}]},
                        {"aggregation":"count","timestamp":"2026-12-01T00:00:00+0000","data":[{"value":"PURCHASE","count":"2"}]}],
               "paging":{"cursors":{"before":"a","after":"b"},"next":"http://127.0.0.1:8787/v24.0/900000000000001/stats?after=b"}}"#,
        );
        transport.respond(
            200,
            r#"{"data":[{"aggregation":"count","timestamp":"2026-11-30T00:00:00+0000","data":[{"value":"PURCHASE","count":1},{"value":"x"}]}]}"#,
        );
        let count = block_on(fired_count(&transport, &connection(), "900000000000001")).unwrap();
        assert_eq!(count, 7);
        let requests = transport.requests();
        assert_eq!(requests.len(), 2);
        assert!(requests[0].logical_url().contains("/900000000000001/stats"));
        assert!(requests[0].logical_url().contains("aggregation=count"));
        assert!(requests[1].logical_url().contains("after=b"));
        assert_eq!(count_of(&[]), 0);
    }

    #[test]
    fn one_conversion_is_read_and_a_business_claims_it() {
        let transport = MemoryTransport::new();
        transport.respond(
            200,
            r#"{"id":"900000000000001","name":"Ice cream","rule":"{\"event\":{\"eq\":\"Purchase\"}}","advanced_rule":"{\"value\":{\"gt\":1}}","business":{"id":"100000000000009"}}"#,
        );
        transport.respond(200, r#"{"success":true}"#);
        let one = block_on(read(&transport, &connection(), "900000000000001")).unwrap();
        assert_eq!(one.name.as_deref(), Some("Ice cream"));
        assert_eq!(one.advanced_rule.as_deref(), Some(r#"{"value":{"gt":1}}"#));
        assert_eq!(
            one.business.map(|b| b.id).as_deref(),
            Some("100000000000009")
        );
        block_on(claim(
            &transport,
            &connection(),
            "100000000000009",
            "900000000000001",
        ))
        .unwrap();
        let requests = transport.requests();
        assert!(
            requests[0]
                .logical_url()
                .contains("/v24.0/900000000000001?")
        );
        assert!(requests[0].logical_url().contains("advanced_rule"));
        assert!(
            requests[1]
                .url
                .ends_with("/100000000000009/claim_custom_conversions")
        );
        assert!(
            requests[1]
                .form()
                .contains(&("custom_conversion_id".into(), "900000000000001".into()))
        );
        let failure =
            block_on(claim(&transport, &connection(), "biz", "900000000000001")).unwrap_err();
        assert_eq!(failure.code, "invalid_business");
    }

    #[test]
    fn update_and_stats_reach_the_conversion() {
        let transport = MemoryTransport::new();
        transport.respond(200, r#"{"success":true}"#);
        transport.respond(
            200,
            r#"{"data":[{"aggregation":"count","timestamp":"2026-11-20T00:00:00+0000","data":[{"value":3}]}]}"#,
        );
        let change = CustomConversionUpdate::default().name("New name");
        block_on(update(
            &transport,
            &connection(),
            "900000000000001",
            &change,
        ))
        .unwrap();
        let stats = block_on(stats(&transport, &connection(), "900000000000001")).unwrap();
        assert_eq!(
            stats_lines(&stats),
            vec![r#"2026-11-20T00:00:00+0000 count: {"value":3}"#.to_owned()]
        );
        let requests = transport.requests();
        assert!(requests[0].url.ends_with("/v24.0/900000000000001"));
        assert!(requests[1].url.contains("/900000000000001/stats"));
    }
}
