//! Conversions API datasets (pixels): create, list, read, share, and send events.

use crate::client::{Created, GraphRequest, Page, Success};
use crate::http::Method;
use crate::id::{AdAccountId, ObjectId};
use serde::Deserialize;
use serde_json::Value;

/// The most events one Conversions API request may carry.
pub const CAPI_BATCH_LIMIT: usize = 1_000;

/// The fields [`read`] and [`list`] ask for.
pub const DATASET_FIELDS: &str = "id,name,creation_time,last_fired_time,is_unavailable";

/// `POST /act_{id}/adspixels`: create a dataset in an ad account. Graph takes a name only: a
/// dataset has no description.
pub fn create(account: &AdAccountId, name: &str) -> GraphRequest<Created> {
    GraphRequest::new(
        Method::Post,
        account.into(),
        Some("adspixels"),
        "ads_management",
    )
    .param("name", name)
}

/// A dataset as [`read`] returns it.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct Dataset {
    /// Its id.
    #[serde(deserialize_with = "crate::de::id_string")]
    pub id: String,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// When it was created (ISO 8601).
    #[serde(default)]
    pub creation_time: Option<String>,
    /// When it last received an event.
    #[serde(default)]
    pub last_fired_time: Option<String>,
    /// Whether it is unavailable.
    #[serde(default)]
    pub is_unavailable: bool,
}

/// `GET /{dataset}?fields=…`.
pub fn read(dataset: &ObjectId) -> GraphRequest<Dataset> {
    GraphRequest::new(Method::Get, dataset.into(), None, "ads_read").param("fields", DATASET_FIELDS)
}

/// `GET /act_{id}/adspixels`: the datasets of an ad account (the ones it owns and the ones shared
/// with it), a page at a time; follow them with [`crate::Pager`].
pub fn list(account: &AdAccountId) -> GraphRequest<Page<Dataset>> {
    GraphRequest::new(Method::Get, account.into(), Some("adspixels"), "ads_read")
        .param("fields", DATASET_FIELDS)
}

/// `POST /{dataset}/shared_accounts`: let an ad account use the dataset.
pub fn share_with_account(
    dataset: &ObjectId,
    business: &ObjectId,
    account: &AdAccountId,
) -> GraphRequest<Success> {
    GraphRequest::new(
        Method::Post,
        dataset.into(),
        Some("shared_accounts"),
        "business_management",
    )
    .param("business", business.as_str())
    .param("account_id", account.digits())
}

/// `GET /{dataset}/shared_accounts`: the ad accounts the dataset is shared with.
pub fn list_shared_accounts(
    dataset: &ObjectId,
) -> GraphRequest<Page<crate::offline::AssignedAccount>> {
    GraphRequest::new(
        Method::Get,
        dataset.into(),
        Some("shared_accounts"),
        "business_management",
    )
}

/// `GET /{dataset}/agencies`: the businesses the dataset is shared with.
pub fn list_agencies(dataset: &ObjectId) -> GraphRequest<Page<crate::offline::Agency>> {
    GraphRequest::new(
        Method::Get,
        dataset.into(),
        Some("agencies"),
        "business_management",
    )
}

/// `POST /{dataset}`: a new name (a dataset has no description).
pub fn rename(dataset: &ObjectId, name: &str) -> GraphRequest<Success> {
    GraphRequest::new(Method::Post, dataset.into(), None, "business_management").param("name", name)
}

/// What an agency may do with a shared dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AgencyTask {
    /// Read its reports.
    Analyze,
    /// Send events.
    Upload,
    /// Use it in ads.
    Advertise,
    /// Change it.
    Edit,
}

impl AgencyTask {
    /// Graph's name.
    pub fn as_str(self) -> &'static str {
        match self {
            AgencyTask::Analyze => "ANALYZE",
            AgencyTask::Upload => "UPLOAD",
            AgencyTask::Advertise => "ADVERTISE",
            AgencyTask::Edit => "EDIT",
        }
    }
}

/// `POST /{dataset}/agencies`: share the dataset with another business.
pub fn share_with_agency(
    dataset: &ObjectId,
    business: &ObjectId,
    tasks: &[AgencyTask],
) -> GraphRequest<Success> {
    let tasks: Vec<&str> = tasks.iter().map(|task| task.as_str()).collect();
    GraphRequest::new(
        Method::Post,
        dataset.into(),
        Some("agencies"),
        "business_management",
    )
    .param("business", business.as_str())
    .param("permitted_tasks", Value::from(tasks).to_string())
}

/// The top-level fields of a Conversions API events call; `data` is the batch the `events` crate
/// built.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct CapiOptions<'a> {
    /// Groups the calls of one upload (offline events).
    pub upload_tag: Option<&'a str>,
    /// Sends to the Test Events tool instead of production.
    pub test_event_code: Option<&'a str>,
    /// Identifies the integration, e.g. `hashdrop`.
    pub partner_agent: Option<&'a str>,
    /// The namespace of `external_id`s.
    pub namespace_id: Option<&'a str>,
}

impl<'a> CapiOptions<'a> {
    /// Options with an upload tag.
    pub fn upload_tag(mut self, tag: &'a str) -> Self {
        self.upload_tag = Some(tag);
        self
    }

    /// Options with a test event code.
    pub fn test_event_code(mut self, code: &'a str) -> Self {
        self.test_event_code = Some(code);
        self
    }

    /// Options with a partner agent.
    pub fn partner_agent(mut self, agent: &'a str) -> Self {
        self.partner_agent = Some(agent);
        self
    }

    /// Options with a namespace id.
    pub fn namespace_id(mut self, namespace: &'a str) -> Self {
        self.namespace_id = Some(namespace);
        self
    }
}

/// `{"events_received": N, "messages": [], "fbtrace_id": "…"}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct EventsReceived {
    /// How many events Graph took.
    pub events_received: u64,
    /// Warnings.
    #[serde(default)]
    pub messages: Vec<Value>,
    /// The trace id.
    #[serde(default)]
    pub fbtrace_id: Option<String>,
}

/// `POST /{dataset}/events` with `data` (a JSON array of at most [`CAPI_BATCH_LIMIT`] events).
pub fn send_events(
    dataset: &ObjectId,
    data: &Value,
    options: &CapiOptions<'_>,
) -> GraphRequest<EventsReceived> {
    GraphRequest::new(
        Method::Post,
        dataset.into(),
        Some("events"),
        "ads_management",
    )
    .param("data", data.to_string())
    .param_opt("upload_tag", options.upload_tag)
    .param_opt("test_event_code", options.test_event_code)
    .param_opt("partner_agent", options.partner_agent)
    .param_opt("namespace_id", options.namespace_id)
}

/// What `GET /{dataset}/stats` groups by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // Each variant is Meta's value of the same name.
pub enum DatasetAggregation {
    Event,
    EventSource,
    EventProcessingResults,
    MatchKeys,
    HadPii,
}

impl DatasetAggregation {
    /// Graph's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DatasetAggregation::Event => "event",
            DatasetAggregation::EventSource => "event_source",
            DatasetAggregation::EventProcessingResults => "event_processing_results",
            DatasetAggregation::MatchKeys => "match_keys",
            DatasetAggregation::HadPii => "had_pii",
        }
    }
}

/// One stats bucket, as Graph returns it (`start_time`, `data: [{value, count}]`).
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(transparent)]
pub struct DatasetStatsRow(pub serde_json::Map<String, Value>);

/// `GET /{dataset}/stats` with `aggregation` and an optional `[start_time, end_time)` (Unix).
pub fn stats(
    dataset: &ObjectId,
    aggregation: DatasetAggregation,
    start_time: Option<i64>,
    end_time: Option<i64>,
) -> GraphRequest<Page<DatasetStatsRow>> {
    GraphRequest::new(Method::Get, dataset.into(), Some("stats"), "ads_read")
        .param("aggregation", aggregation.as_str())
        .param_opt("start_time", start_time.map(|t| t.to_string()))
        .param_opt("end_time", end_time.map(|t| t.to_string()))
}
