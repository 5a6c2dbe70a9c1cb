//! `GET /act_{id}/insights`: what the ads did, including offline conversions (which need a
//! `28d_view` attribution window to show up at all).

use crate::client::{GraphRequest, Page, Pager};
use crate::http::Method;
use crate::id::AdAccountId;
use serde::Deserialize;
use serde_json::{Map, Value, json};

/// The level results are reported at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // Each variant is Meta's value of the same name.
pub enum Level {
    Account,
    Campaign,
    Adset,
    Ad,
}

impl Level {
    /// Graph's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Account => "account",
            Level::Campaign => "campaign",
            Level::Adset => "adset",
            Level::Ad => "ad",
        }
    }
}

/// An attribution window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum AttributionWindow {
    /// `1d_click`.
    Click1d,
    /// `7d_click`.
    Click7d,
    /// `28d_click`.
    Click28d,
    /// `1d_view`.
    View1d,
    /// `7d_view`.
    View7d,
    /// `28d_view`: the one offline conversions need.
    View28d,
}

impl AttributionWindow {
    /// Graph's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            AttributionWindow::Click1d => "1d_click",
            AttributionWindow::Click7d => "7d_click",
            AttributionWindow::Click28d => "28d_click",
            AttributionWindow::View1d => "1d_view",
            AttributionWindow::View7d => "7d_view",
            AttributionWindow::View28d => "28d_view",
        }
    }
}

/// A relative date range.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // Each variant is Meta's value of the same name.
pub enum DatePreset {
    Today,
    Yesterday,
    Last7d,
    Last14d,
    Last28d,
    Last30d,
    Last90d,
    ThisMonth,
    LastMonth,
    Maximum,
}

impl DatePreset {
    /// Graph's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            DatePreset::Today => "today",
            DatePreset::Yesterday => "yesterday",
            DatePreset::Last7d => "last_7d",
            DatePreset::Last14d => "last_14d",
            DatePreset::Last28d => "last_28d",
            DatePreset::Last30d => "last_30d",
            DatePreset::Last90d => "last_90d",
            DatePreset::ThisMonth => "this_month",
            DatePreset::LastMonth => "last_month",
            DatePreset::Maximum => "maximum",
        }
    }
}

/// Which days to report.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateRange {
    /// A relative range.
    Preset(DatePreset),
    /// From `since` to `until`, both `YYYY-MM-DD`, inclusive.
    TimeRange {
        /// First day.
        since: String,
        /// Last day.
        until: String,
    },
}

/// An insights query.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct InsightsQuery {
    /// `actions`, `action_values`, `unique_actions`, `impressions`, …
    pub fields: Vec<String>,
    /// e.g. `action_type`.
    pub action_breakdowns: Vec<String>,
    /// e.g. `28d_view`.
    pub action_attribution_windows: Vec<AttributionWindow>,
    /// The level.
    pub level: Option<Level>,
    /// The days.
    pub range: Option<DateRange>,
    /// One row per this many days (`None`: one row for the whole range).
    pub time_increment: Option<u32>,
    /// Rows per page.
    pub limit: Option<u32>,
}

impl InsightsQuery {
    /// The query hashdrop's report uses: actions, values and unique actions by action type,
    /// 28-day view attribution, at account level, over `range`.
    pub fn offline_conversions(range: DateRange) -> Self {
        InsightsQuery {
            fields: ["actions", "action_values", "unique_actions"]
                .map(str::to_owned)
                .to_vec(),
            action_breakdowns: vec!["action_type".to_owned()],
            action_attribution_windows: vec![AttributionWindow::View28d],
            level: Some(Level::Account),
            range: Some(range),
            time_increment: None,
            limit: None,
        }
    }
}

/// One `{action_type, value}` entry.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct ActionValue {
    /// e.g. `offline_conversion.purchase`.
    pub action_type: String,
    /// The count or amount (Graph sends numbers as strings).
    #[serde(deserialize_with = "crate::de::number")]
    pub value: f64,
}

/// One insights row.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct InsightsRow {
    /// First day.
    #[serde(default)]
    pub date_start: Option<String>,
    /// Last day.
    #[serde(default)]
    pub date_stop: Option<String>,
    /// Counts by action type.
    #[serde(default)]
    pub actions: Vec<ActionValue>,
    /// Values by action type.
    #[serde(default)]
    pub action_values: Vec<ActionValue>,
    /// Unique counts by action type.
    #[serde(default)]
    pub unique_actions: Vec<ActionValue>,
    /// The other requested fields.
    #[serde(flatten)]
    pub other: Map<String, Value>,
}

/// `GET /act_{id}/insights` (the first page; see [`pages`]).
pub fn insights(account: &AdAccountId, query: &InsightsQuery) -> GraphRequest<Page<InsightsRow>> {
    let mut request = GraphRequest::new(Method::Get, account.into(), Some("insights"), "ads_read");
    if !query.fields.is_empty() {
        request = request.param("fields", query.fields.join(","));
    }
    if !query.action_breakdowns.is_empty() {
        request = request.param(
            "action_breakdowns",
            Value::from(query.action_breakdowns.clone()).to_string(),
        );
    }
    if !query.action_attribution_windows.is_empty() {
        let windows: Vec<&str> = query
            .action_attribution_windows
            .iter()
            .map(|w| w.as_str())
            .collect();
        request = request.param(
            "action_attribution_windows",
            Value::from(windows).to_string(),
        );
    }
    request = request.param_opt("level", query.level.map(Level::as_str));
    request = match &query.range {
        Some(DateRange::Preset(preset)) => request.param("date_preset", preset.as_str()),
        Some(DateRange::TimeRange { since, until }) => request.param(
            "time_range",
            json!({"since": since, "until": until}).to_string(),
        ),
        None => request,
    };
    request
        .param_opt(
            "time_increment",
            query.time_increment.map(|d| d.to_string()),
        )
        .param_opt("limit", query.limit.map(|l| l.to_string()))
}

/// A pager over every row of the query.
pub fn pages(account: &AdAccountId, query: &InsightsQuery) -> Pager<InsightsRow> {
    Pager::new(insights(account, query))
}
