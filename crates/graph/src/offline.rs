//! Legacy offline event sets (Offline Conversions API, the seed guide).

use crate::client::{Created, GraphRequest, Page, Success};
use crate::http::Method;
use crate::id::{AdAccountId, ObjectId};
use serde::Deserialize;
use serde_json::{Map, Value};

/// The most events one offline events call may carry.
pub const OCAPI_BATCH_LIMIT: usize = 2_000;

/// The fields [`read`] and [`list`] ask for.
pub const OFFLINE_SET_FIELDS: &str = "id,name,description,creation_time,valid_entries,matched_entries,duplicate_entries,match_rate_approx";

/// `POST /{business}/offline_conversion_data_sets`.
pub fn create(business: &ObjectId, name: &str, description: Option<&str>) -> GraphRequest<Created> {
    GraphRequest::new(
        Method::Post,
        business.into(),
        Some("offline_conversion_data_sets"),
        "business_management",
    )
    .param("name", name)
    .param_opt("description", description)
}

/// An offline event set.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct OfflineEventSet {
    /// Its id.
    #[serde(deserialize_with = "crate::de::id_string")]
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// Valid entries uploaded.
    #[serde(default, deserialize_with = "crate::de::number_opt")]
    pub valid_entries: Option<f64>,
    /// Entries matched to people.
    #[serde(default, deserialize_with = "crate::de::number_opt")]
    pub matched_entries: Option<f64>,
    /// Entries that were duplicates of earlier ones.
    #[serde(default, deserialize_with = "crate::de::number_opt")]
    pub duplicate_entries: Option<f64>,
    /// Matched entries over valid entries, in percent, as Graph approximates it.
    #[serde(default, deserialize_with = "crate::de::number_opt")]
    pub match_rate_approx: Option<f64>,
    /// When the set was created.
    #[serde(default)]
    pub creation_time: Option<String>,
}

/// `GET /{set}`.
pub fn read(set: &ObjectId) -> GraphRequest<OfflineEventSet> {
    GraphRequest::new(Method::Get, set.into(), None, "ads_read").param("fields", OFFLINE_SET_FIELDS)
}

/// `GET /{business}/offline_conversion_data_sets`.
pub fn list(business: &ObjectId) -> GraphRequest<Page<OfflineEventSet>> {
    GraphRequest::new(
        Method::Get,
        business.into(),
        Some("offline_conversion_data_sets"),
        "business_management",
    )
    .param("fields", OFFLINE_SET_FIELDS)
}

/// `POST /{set}/adaccounts`: let an ad account track and read the set.
pub fn assign_ad_account(
    set: &ObjectId,
    business: &ObjectId,
    account: &AdAccountId,
) -> GraphRequest<Success> {
    GraphRequest::new(
        Method::Post,
        set.into(),
        Some("adaccounts"),
        "business_management",
    )
    .param("business", business.as_str())
    .param("account_id", account.digits())
}

/// An ad account a set or dataset is assigned to (`GET /{set}/adaccounts`,
/// `GET /{dataset}/shared_accounts`).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct AssignedAccount {
    /// `act_…`.
    #[serde(deserialize_with = "crate::de::id_string")]
    pub id: String,
    /// Its digits.
    #[serde(default, deserialize_with = "crate::de::id_string_opt")]
    pub account_id: Option<String>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
}

/// `GET /{set}/adaccounts`: the ad accounts the set is assigned to.
pub fn list_ad_accounts(set: &ObjectId) -> GraphRequest<Page<AssignedAccount>> {
    GraphRequest::new(
        Method::Get,
        set.into(),
        Some("adaccounts"),
        "business_management",
    )
}

/// `POST /{set}`: a new name and / or description (`None` leaves it).
pub fn update(
    set: &ObjectId,
    name: Option<&str>,
    description: Option<&str>,
) -> GraphRequest<Success> {
    GraphRequest::new(Method::Post, set.into(), None, "business_management")
        .param_opt("name", name)
        .param_opt("description", description)
}

/// A business the set is shared with.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Agency {
    /// The business id.
    #[serde(deserialize_with = "crate::de::id_string")]
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
}

/// `GET /{set}/agencies`.
pub fn list_agencies(set: &ObjectId) -> GraphRequest<Page<Agency>> {
    GraphRequest::new(
        Method::Get,
        set.into(),
        Some("agencies"),
        "business_management",
    )
}

/// `POST /{set}/agencies`: share the set with a client's business.
pub fn share_with_agency(set: &ObjectId, business: &ObjectId) -> GraphRequest<Success> {
    GraphRequest::new(
        Method::Post,
        set.into(),
        Some("agencies"),
        "business_management",
    )
    .param("business", business.as_str())
}

/// `{"num_processed_entries": N}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct ProcessedEntries {
    /// How many events Graph processed.
    pub num_processed_entries: u64,
}

/// `POST /{set}/events` with `upload_tag` (required), `data` (at most [`OCAPI_BATCH_LIMIT`]
/// events) and `namespace_id`.
pub fn send_events(
    set: &ObjectId,
    upload_tag: &str,
    data: &Value,
    namespace_id: Option<&str>,
) -> GraphRequest<ProcessedEntries> {
    GraphRequest::new(Method::Post, set.into(), Some("events"), "ads_management")
        .param("upload_tag", upload_tag)
        .param("data", data.to_string())
        .param_opt("namespace_id", namespace_id)
}

/// One upload of a set.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct OfflineUpload {
    /// Its id.
    #[serde(default, deserialize_with = "crate::de::id_string_opt")]
    pub id: Option<String>,
    /// The tag the calls shared.
    #[serde(default)]
    pub upload_tag: Option<String>,
    /// Everything else Graph says about it (valid, matched, duplicate entries, times).
    #[serde(flatten)]
    pub details: Map<String, Value>,
}

/// `GET /{set}/uploads`.
pub fn list_uploads(set: &ObjectId) -> GraphRequest<Page<OfflineUpload>> {
    GraphRequest::new(Method::Get, set.into(), Some("uploads"), "ads_read")
}

/// How `stats` groups time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatsAggregation {
    /// By when the events were uploaded.
    UploadTime,
    /// By when the events happened.
    EventTime,
}

/// The size of the `stats` buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Granularity {
    /// One bucket an hour.
    Hourly,
    /// One bucket a day.
    Daily,
}

/// What `GET /{set}/stats` reports.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct StatsQuery {
    /// Events from this Unix time.
    pub start: Option<i64>,
    /// Events until this Unix time.
    pub end: Option<i64>,
    /// Group by upload time or event time (`aggr_time`).
    pub aggregation: Option<StatsAggregation>,
    /// Bucket size.
    pub granularity: Option<Granularity>,
}

impl StatsQuery {
    /// A query for `[start, end]`.
    pub fn between(start: i64, end: i64) -> Self {
        StatsQuery {
            start: Some(start),
            end: Some(end),
            ..StatsQuery::default()
        }
    }

    /// The same query grouped by `aggregation`.
    pub fn aggregation(mut self, aggregation: StatsAggregation) -> Self {
        self.aggregation = Some(aggregation);
        self
    }

    /// The same query with `granularity`.
    pub fn granularity(mut self, granularity: Granularity) -> Self {
        self.granularity = Some(granularity);
        self
    }
}

/// One stats bucket, as Graph returns it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct StatsRow(pub Map<String, Value>);

/// `GET /{set}/stats`.
pub fn stats(set: &ObjectId, query: &StatsQuery) -> GraphRequest<Page<StatsRow>> {
    GraphRequest::new(Method::Get, set.into(), Some("stats"), "ads_read")
        .param_opt("start", query.start.map(|t| t.to_string()))
        .param_opt("end", query.end.map(|t| t.to_string()))
        .param_opt(
            "aggr_time",
            query.aggregation.map(|a| match a {
                StatsAggregation::UploadTime => "upload_time",
                StatsAggregation::EventTime => "event_time",
            }),
        )
        .param_opt(
            "granularity",
            query.granularity.map(|g| match g {
                Granularity::Hourly => "hourly",
                Granularity::Daily => "daily",
            }),
        )
}
