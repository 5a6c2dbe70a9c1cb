//! Offline event sets (seed 000): `POST/GET /{business}/offline_conversion_data_sets`,
//! `GET /{set}`, `POST /{set}` (name, description), `POST/GET /{set}/adaccounts`,
//! `GET/POST /{set}/agencies`; `POST /{pixel}` (name).

use super::{Ctx, as_map, page};
use crate::clock::datetime;
use crate::error::GraphError;
use crate::fields::select;
use crate::request::GraphRequest;
use crate::state::{EventSource, SourceKind};
use serde_json::{Value, json};

/// The name of a set created without one.
pub const DEFAULT_NAME: &str = "Offline event set";

/// `POST /{business}/offline_conversion_data_sets` (`name`, `description`) → `{"id"}`. The
/// guide's second example sends the token alone and documents `{"id"}` as the answer, and its
/// table marks neither parameter required: a set created without a name gets
/// [`DEFAULT_NAME`].
pub fn create(
    ctx: &mut Ctx<'_>,
    business: &str,
    request: &GraphRequest,
) -> Result<Value, GraphError> {
    let name = request
        .text("name")
        .filter(|name| !name.trim().is_empty())
        .unwrap_or_else(|| DEFAULT_NAME.to_owned());
    Ok(super::create_source(
        ctx,
        SourceKind::OfflineSet,
        name,
        request.text("description"),
        business.to_owned(),
        None,
    ))
}

/// `POST /{set}` (`name`, `description`) or `POST /{pixel}` (`name`: a dataset has no
/// description) → `{"success": true}`. The guide lets a set be modified after it is created; the
/// reference's update takes these fields, and nothing else here is kept for a set.
pub fn update(ctx: &mut Ctx<'_>, id: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    let dataset = ctx
        .store
        .sources
        .get(id)
        .is_some_and(|s| s.kind == SourceKind::Dataset);
    if dataset {
        super::only_params(request, &["name"], "a dataset's name can")?;
    } else {
        super::only_params(
            request,
            &["name", "description"],
            "an offline event set's name and description can",
        )?;
    }
    let name = request.text("name");
    if name.as_deref().is_some_and(|n| n.trim().is_empty()) {
        return Err(GraphError::invalid_param("param name must not be empty"));
    }
    let description = request.text("description");
    let source = ctx
        .store
        .sources
        .get_mut(id)
        .ok_or_else(|| GraphError::no_object("post", id))?;
    if let Some(name) = name {
        source.name = name;
    }
    if let Some(description) = description {
        source.description = Some(description);
    }
    Ok(json!({"success": true}))
}

fn full(ctx: &Ctx<'_>, set: &EventSource) -> Value {
    let events: Vec<_> = ctx.store.events_for(&set.id).collect();
    let valid = events.len();
    let duplicates = events.iter().filter(|e| e.duplicate).count();
    let matched = events.iter().filter(|e| super::stats::matched(e)).count();
    let business_name = ctx
        .store
        .businesses
        .get(&set.business)
        .map(|b| b.name.clone());
    json!({
        "id": set.id,
        "name": set.name,
        "description": set.description,
        "business": {"id": set.business, "name": business_name},
        "creation_time": datetime(set.creation_time),
        "valid_entries": valid,
        "matched_entries": matched,
        "duplicate_entries": duplicates,
        "match_rate_approx": super::stats::rate(matched, valid),
        "event_stats": super::stats::event_stats(&events),
        "is_restricted_use": false,
        "last_upload_app": "hashdrop",
    })
}

/// `GET /{set}`.
pub fn read(ctx: &Ctx<'_>, id: &str, fields: Option<&[String]>) -> Result<Value, GraphError> {
    let value = full(ctx, super::shares::source(ctx, id)?);
    select(
        "OfflineConversionDataSet",
        as_map(&value),
        fields,
        &["name"],
    )
}

/// `GET /{business}/offline_conversion_data_sets`: the sets it owns or that are shared with it
/// (those the caller may see).
pub fn list(ctx: &Ctx<'_>, business: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    let fields = request.list("fields")?;
    let items = ctx
        .store
        .sources
        .values()
        .filter(|s| s.kind == SourceKind::OfflineSet)
        .filter(|s| s.business == business || s.agencies.iter().any(|a| a.business == business))
        .filter(|s| crate::auth::visible(ctx.store, &ctx.caller, &s.id))
        .map(|s| {
            select(
                "OfflineConversionDataSet",
                as_map(&full(ctx, s)),
                fields.as_deref(),
                &["name"],
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    page(ctx, items, request)
}
