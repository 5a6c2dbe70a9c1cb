//! Datasets (pixels): `POST /act_{id}/adspixels`, `GET /{pixel}`, `POST /{pixel}/shared_accounts`,
//! `POST /{pixel}/agencies`.

use super::{Ctx, as_map, page};
use crate::clock::datetime;
use crate::error::GraphError;
use crate::fields::select;
use crate::request::GraphRequest;
use crate::state::{EventSource, SourceKind};
use serde_json::{Value, json};

/// `POST /act_{id}/adspixels` (`name`) → `{"id"}`.
pub fn create(
    ctx: &mut Ctx<'_>,
    account: &str,
    request: &GraphRequest,
) -> Result<Value, GraphError> {
    let name = request.required_text("name")?;
    let number = account.trim_start_matches("act_").to_owned();
    let business = ctx
        .store
        .ad_accounts
        .get(&number)
        .map(|a| a.business.clone())
        .unwrap_or_default();
    Ok(super::create_source(
        ctx,
        SourceKind::Dataset,
        name,
        None,
        business,
        Some(number),
    ))
}

fn full(ctx: &Ctx<'_>, source: &EventSource) -> Value {
    let last = ctx
        .store
        .events_for(&source.id)
        .map(|e| e.received_at)
        .max();
    let business_name = ctx
        .store
        .businesses
        .get(&source.business)
        .map(|b| b.name.clone());
    json!({
        "id": source.id,
        "name": source.name,
        "creation_time": datetime(source.creation_time),
        "last_fired_time": last.map(datetime),
        "owner_ad_account": source.ad_account.as_ref().map(|a| json!({"id": format!("act_{a}"), "account_id": a})),
        "owner_business": {"id": source.business, "name": business_name},
        "is_unavailable": false,
        "is_created_by_business": true,
        "data_use_setting": "ADVERTISING_AND_ANALYTICS",
    })
}

/// `GET /{pixel}`.
pub fn read(ctx: &Ctx<'_>, id: &str, fields: Option<&[String]>) -> Result<Value, GraphError> {
    let value = full(ctx, super::shares::source(ctx, id)?);
    select("AdsPixel", as_map(&value), fields, &["name"])
}

/// `GET /act_{id}/adspixels`: the datasets it owns or that are shared with it (those the caller
/// may see).
pub fn list(ctx: &Ctx<'_>, account: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    let number = account.trim_start_matches("act_");
    let fields = request.list("fields")?;
    let items = ctx
        .store
        .sources
        .values()
        .filter(|s| s.kind == SourceKind::Dataset)
        .filter(|s| {
            s.ad_account.as_deref() == Some(number)
                || s.ad_accounts
                    .iter()
                    .any(|a| a.account_id.as_deref() == Some(number))
        })
        .filter(|s| crate::auth::visible(ctx.store, &ctx.caller, &s.id))
        .map(|s| {
            select(
                "AdsPixel",
                as_map(&full(ctx, s)),
                fields.as_deref(),
                &["name"],
            )
        })
        .collect::<Result<Vec<_>, _>>()?;
    page(ctx, items, request)
}
