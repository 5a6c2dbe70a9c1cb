//! Custom conversions (seed 001): `GET/POST /act_{id}/customconversions`, `GET/POST/DELETE /{id}`,
//! `GET /{id}/stats`, `POST /{business}/claim_custom_conversions`.

use super::{Ctx, as_map, page};
use crate::auth::record_creation;
use crate::clock::datetime;
use crate::error::GraphError;
use crate::fields::select;
use crate::request::GraphRequest;
use crate::state::{CustomConversion, ReceivedEvent, SourceKind};
use serde_json::{Value, json};
use std::collections::BTreeMap;

/// The most custom conversions an ad account may have.
pub const PER_ACCOUNT_LIMIT: usize = 100;

/// The parameters `POST /{id}` may change.
const UPDATABLE: [&str; 3] = ["name", "description", "default_conversion_value"];

fn json_text(request: &GraphRequest, name: &str) -> Result<Option<(String, Value)>, GraphError> {
    Ok(request.json(name)?.map(|value| {
        let text = match request.params.get(name) {
            Some(Value::String(text)) => text.clone(),
            _ => value.to_string(),
        };
        (text, value)
    }))
}

/// `POST /act_{id}/customconversions` → `{"id", "is_custom_event_type_predicted"}`.
pub fn create(
    ctx: &mut Ctx<'_>,
    account: &str,
    request: &GraphRequest,
) -> Result<Value, GraphError> {
    let number = account.trim_start_matches("act_").to_owned();
    let name = request.required_text("name")?;
    let event_source_id = request.text("event_source_id");
    if let Some(source) = &event_source_id
        && !ctx.store.sources.contains_key(source)
    {
        return Err(GraphError::invalid_param(format!(
            "param event_source_id must be a dataset or an offline event set; {source} is not one"
        )));
    }
    let rule = json_text(request, "rule")?;
    if let Some((text, _)) = &rule {
        rules::Rule::parse(text)
            .and_then(|rule| rule.compile())
            .map_err(|why| GraphError::invalid_param(format!("param rule is invalid: {why}")))?;
    }
    let advanced_rule = json_text(request, "advanced_rule")?;
    // The 20 values of seed 001, in the rules crate's one list (any case, as Graph takes them).
    let custom_event_type = match request.text("custom_event_type") {
        None => None,
        Some(kind) => match kind.parse::<rules::CustomEventType>() {
            Ok(kind) => Some(kind.as_str().to_owned()),
            Err(_) => {
                let all: Vec<&str> = rules::CustomEventType::ALL
                    .iter()
                    .map(|t| t.as_str())
                    .collect();
                return Err(GraphError::invalid_param(format!(
                    "param custom_event_type must be one of {}",
                    all.join(", ")
                )));
            }
        },
    };
    let action_source_type = request.text("action_source_type");
    if let Some(kind) = &action_source_type
        && !crate::validate::is_action_source(kind)
    {
        return Err(GraphError::invalid_param(format!(
            "param action_source_type must be one of {}",
            crate::validate::action_source_names()
        )));
    }
    let default_conversion_value = request.number("default_conversion_value")?.unwrap_or(0.0);
    let count = ctx
        .store
        .custom_conversions
        .values()
        .filter(|c| c.account_id == number)
        .count();
    if count >= PER_ACCOUNT_LIMIT {
        return Err(GraphError::invalid(format!(
            "(#100) The ad account act_{number} already has the maximum of {PER_ACCOUNT_LIMIT} custom conversions"
        ))
        .user(
            "Custom conversion limit reached",
            format!("An ad account can have at most {PER_ACCOUNT_LIMIT} custom conversions. Delete one before creating another."),
        ));
    }
    let id = ctx.store.new_id();
    ctx.store.custom_conversions.insert(
        id.clone(),
        CustomConversion {
            id: id.clone(),
            account_id: number,
            business: None,
            name,
            description: request.text("description"),
            event_source_id,
            rule: rule.map(|(text, _)| text),
            advanced_rule: advanced_rule.map(|(text, _)| text),
            custom_event_type,
            default_conversion_value,
            action_source_type,
            creation_time: ctx.now,
            events_at_creation: ctx.store.events.len(),
        },
    );
    record_creation(ctx.store, &ctx.caller, &id);
    Ok(json!({"id": id, "is_custom_event_type_predicted": "0"}))
}

fn full(ctx: &Ctx<'_>, conversion: &CustomConversion) -> Value {
    let source = conversion
        .event_source_id
        .as_ref()
        .and_then(|s| ctx.store.sources.get(s));
    let fired: Vec<i64> = matching(ctx, conversion).map(|e| e.received_at).collect();
    json!({
        "id": conversion.id,
        "account_id": conversion.account_id,
        "business": conversion.business.as_ref().map(|b| json!({"id": b})),
        "name": conversion.name,
        "description": conversion.description,
        "creation_time": datetime(conversion.creation_time),
        "custom_event_type": conversion.custom_event_type,
        "default_conversion_value": conversion.default_conversion_value,
        "rule": conversion.rule,
        "advanced_rule": conversion.advanced_rule,
        "action_source_type": conversion.action_source_type,
        "event_source_type": source.map(|s| match s.kind {
            SourceKind::Dataset => "pixel",
            SourceKind::OfflineSet => "offline_events",
        }),
        "pixel": source.filter(|s| s.kind == SourceKind::Dataset).map(|s| json!({"id": s.id})),
        "offline_conversion_data_set": source.filter(|s| s.kind == SourceKind::OfflineSet).map(|s| json!({"id": s.id})),
        "data_sources": source.map(|s| vec![json!({"id": s.id, "source_type": match s.kind {
            SourceKind::Dataset => "PIXEL",
            SourceKind::OfflineSet => "OFFLINE_EVENTS",
        }, "name": s.name})]),
        "first_fired_time": fired.iter().min().map(|t| datetime(*t)),
        "last_fired_time": fired.iter().max().map(|t| datetime(*t)),
        "is_archived": false,
        "is_unavailable": false,
        "retention_days": 0,
    })
}

/// A custom conversion ready to evaluate received events with `crates/rules` (the rule
/// semantics the app previews with).
pub struct Firing {
    /// The conversion's id.
    pub id: String,
    /// The value counted for a matching event that has none (`default_conversion_value`).
    pub default_value: Option<f64>,
    source: String,
    from: usize,
    /// `None`: no rule, every event counts; `Some(None)`: a stored rule that no longer compiles
    /// (a state file edited by hand) counts nothing rather than everything.
    matcher: Option<Option<rules::Matcher>>,
}

impl Firing {
    /// The conversion, compiled.
    pub fn of(conversion: &CustomConversion) -> Self {
        Firing {
            id: conversion.id.clone(),
            default_value: (conversion.default_conversion_value > 0.0)
                .then_some(conversion.default_conversion_value),
            source: conversion.event_source_id.clone().unwrap_or_default(),
            from: conversion.events_at_creation,
            matcher: conversion.rule.as_deref().map(|text| {
                rules::Rule::parse(text)
                    .and_then(|rule| rule.compile())
                    .ok()
            }),
        }
    }

    /// Whether the store's event at `index` fires the conversion: a unique, non-test event on
    /// its source, received after it was created (Meta does not backfill), that its rule
    /// selects.
    pub fn fires(&self, index: usize, event: &ReceivedEvent) -> bool {
        index >= self.from
            && event.target == self.source
            && !event.duplicate
            && event.test_event_code.is_none()
            && match &self.matcher {
                None => true,
                Some(Some(matcher)) => matcher.matches(&event.event),
                Some(None) => false,
            }
    }
}

/// The custom conversions of ad account `account` (its number), compiled.
pub fn firing(ctx: &Ctx<'_>, account: &str) -> Vec<Firing> {
    ctx.store
        .custom_conversions
        .values()
        .filter(|c| c.account_id == account && c.event_source_id.is_some())
        .map(Firing::of)
        .collect()
}

/// The events that fired `conversion`, in arrival order.
fn matching<'a>(
    ctx: &'a Ctx<'_>,
    conversion: &CustomConversion,
) -> impl Iterator<Item = &'a ReceivedEvent> + 'a {
    let firing = Firing::of(conversion);
    ctx.store
        .events
        .iter()
        .enumerate()
        .filter(move |(index, e)| firing.fires(*index, e))
        .map(|(_, e)| e)
}

fn conversion<'a>(ctx: &'a Ctx<'_>, id: &str) -> Result<&'a CustomConversion, GraphError> {
    ctx.store
        .custom_conversions
        .get(id)
        .ok_or_else(|| GraphError::no_object("get", id))
}

/// `GET /{id}`.
pub fn read(ctx: &Ctx<'_>, id: &str, fields: Option<&[String]>) -> Result<Value, GraphError> {
    let value = full(ctx, conversion(ctx, id)?);
    select("CustomConversion", as_map(&value), fields, &["name"])
}

/// `GET /act_{id}/customconversions`.
pub fn list(ctx: &Ctx<'_>, account: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    let number = account.trim_start_matches("act_");
    let fields = request.list("fields")?;
    let items = ctx
        .store
        .custom_conversions
        .values()
        .filter(|c| c.account_id == number)
        .map(|c| {
            select(
                "CustomConversion",
                as_map(&full(ctx, c)),
                fields.as_deref(),
                &["name"],
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    page(ctx, items, request)
}

/// `POST /{id}` (only `name`, `description`, `default_conversion_value`) → `{"success": true}`.
pub fn update(ctx: &mut Ctx<'_>, id: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    super::only_params(
        request,
        &UPDATABLE,
        "only name, description and default_conversion_value can",
    )?;
    let value = request.number("default_conversion_value")?;
    let name = request.text("name");
    if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(GraphError::invalid_param("param name must not be empty"));
    }
    let description = request.text("description");
    let conversion = ctx
        .store
        .custom_conversions
        .get_mut(id)
        .ok_or_else(|| GraphError::no_object("post", id))?;
    if let Some(name) = name {
        conversion.name = name;
    }
    if let Some(description) = description {
        conversion.description = Some(description);
    }
    if let Some(value) = value {
        conversion.default_conversion_value = value;
    }
    Ok(json!({"success": true}))
}

/// `DELETE /{id}` → `{"success": true}`.
pub fn delete(ctx: &mut Ctx<'_>, id: &str) -> Result<Value, GraphError> {
    ctx.store
        .custom_conversions
        .remove(id)
        .map(|_| json!({"success": true}))
        .ok_or_else(|| GraphError::no_object("delete", id))
}

/// The `aggregation`s of `GET /{id}/stats` (Graph's `CustomConversionStatsResult`).
pub const STATS_AGGREGATIONS: [&str; 8] = [
    "count",
    "device_type",
    "host",
    "pixel_fire",
    "unmatched_count",
    "unmatched_usd_amount",
    "url",
    "usd_amount",
];

fn number(value: Option<&Value>) -> Option<f64> {
    match value? {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

/// The event's value in US dollars: its value when its currency is USD (the emulator converts
/// no other currency), else the conversion's default value.
fn usd(event: &Value, default: Option<f64>) -> f64 {
    let custom = event.get("custom_data");
    let field = |name: &str| event.get(name).or_else(|| custom.and_then(|c| c.get(name)));
    let in_usd = field("currency")
        .and_then(Value::as_str)
        .is_some_and(|c| c.eq_ignore_ascii_case("USD"));
    match number(field("value")) {
        Some(value) if in_usd => value,
        Some(_) => 0.0,
        None => default.unwrap_or(0.0),
    }
}

fn url(event: &Value) -> Option<&str> {
    event.get("event_source_url").and_then(Value::as_str)
}

fn host(url: &str) -> &str {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?', '#']).next().unwrap_or(rest)
}

fn device_type(event: &Value) -> &'static str {
    let agent = event
        .get("user_data")
        .and_then(|u| u.get("client_user_agent"))
        .and_then(Value::as_str);
    match agent {
        None => "unknown",
        Some(a) if a.contains("iPad") || a.contains("Tablet") => "tablet",
        Some(a) if a.contains("Mobi") || a.contains("Android") || a.contains("iPhone") => {
            "mobile_phone"
        }
        Some(_) => "desktop",
    }
}

/// `GET /{id}/stats` (`aggregation`, default `count`; `start_time`, `end_time`): daily figures
/// of the events that fired the conversion. `count` and `pixel_fire` count them (under the
/// conversion's event type), `url`, `host` and `device_type` count them by page, site and
/// device (events without a URL are in neither of the first two), `usd_amount` sums their
/// values in US dollars, `unmatched_count` and `unmatched_usd_amount` do the same for the
/// ones not matched to a person.
pub fn stats(ctx: &Ctx<'_>, id: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    let conversion = conversion(ctx, id)?;
    let aggregation = request
        .text("aggregation")
        .unwrap_or_else(|| "count".to_owned());
    if !STATS_AGGREGATIONS.contains(&aggregation.as_str()) {
        return Err(GraphError::invalid_param(format!(
            "param aggregation must be one of {}",
            STATS_AGGREGATIONS.join(", ")
        )));
    }
    let start = request.int("start_time")?.unwrap_or(i64::MIN);
    let end = request.int("end_time")?.unwrap_or(i64::MAX);
    let event_type = conversion
        .custom_event_type
        .clone()
        .unwrap_or_else(|| "OTHER".to_owned());
    let default = Firing::of(conversion).default_value;
    let unmatched_only = aggregation.starts_with("unmatched_");
    let amount = aggregation.ends_with("usd_amount");
    // day -> value -> (count, US dollars)
    let mut days: BTreeMap<i64, BTreeMap<String, (usize, f64)>> = BTreeMap::new();
    for received in matching(ctx, conversion) {
        if received.received_at < start || received.received_at >= end {
            continue;
        }
        if unmatched_only && super::stats::matched(received) {
            continue;
        }
        let event = &received.event;
        let value = match aggregation.as_str() {
            "url" => match url(event) {
                Some(url) => url.to_owned(),
                None => continue,
            },
            "host" => match url(event) {
                Some(url) => host(url).to_owned(),
                None => continue,
            },
            "device_type" => device_type(event).to_owned(),
            _ if amount => "USD".to_owned(),
            _ => event_type.clone(),
        };
        let slot = days
            .entry(received.received_at.div_euclid(86_400) * 86_400)
            .or_default()
            .entry(value)
            .or_default();
        slot.0 += 1;
        slot.1 += usd(event, default);
    }
    let data: Vec<Value> = days
        .iter()
        .rev()
        .map(|(day, values)| {
            let items: Vec<Value> = values
                .iter()
                .map(|(value, (count, dollars))| {
                    if amount {
                        json!({"value": value, "count": count, "amount": (dollars * 100.0).round() / 100.0})
                    } else {
                        json!({"value": value, "count": count})
                    }
                })
                .collect();
            json!({
                "aggregation": aggregation,
                "timestamp": datetime(*day),
                "data": items,
            })
        })
        .collect();
    page(ctx, data, request)
}

/// `POST /{business}/claim_custom_conversions` (`custom_conversion_id`) → `{"success": true}`.
pub fn claim(
    ctx: &mut Ctx<'_>,
    business: &str,
    request: &GraphRequest,
) -> Result<Value, GraphError> {
    let id = request.required_text("custom_conversion_id")?;
    let Some(conversion) = ctx.store.custom_conversions.get_mut(&id) else {
        return Err(GraphError::invalid_param(format!(
            "param custom_conversion_id must be a custom conversion; {id} is not one"
        )));
    };
    conversion.business = Some(business.to_owned());
    Ok(json!({"success": true}))
}
