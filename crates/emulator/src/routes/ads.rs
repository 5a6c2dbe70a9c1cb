//! Ads: `GET /{ad}?fields=tracking_specs` and `POST /{ad}` with `tracking_specs`, which replaces
//! the whole list exactly as sent (Meta overwrites: a client adding a dataset must append to
//! what it read).

use super::{Ctx, as_map};
use crate::error::GraphError;
use crate::fields::select;
use crate::request::GraphRequest;
use serde_json::{Value, json};

/// The parameters `POST /{ad}` takes here.
/// `tracking_spec` is the guide's own spelling in its first example (`-F 'tracking_spec=[…]'`):
/// taken as `tracking_specs`.
const UPDATABLE: [&str; 4] = ["tracking_specs", "tracking_spec", "name", "status"];

/// `GET /{ad}`.
pub fn read(ctx: &Ctx<'_>, id: &str, fields: Option<&[String]>) -> Result<Value, GraphError> {
    let ad = ctx
        .store
        .ads
        .get(id)
        .ok_or_else(|| GraphError::no_object("get", id))?;
    let full = json!({
        "id": ad.id,
        "name": ad.name,
        "account_id": ad.account_id,
        "adset_id": ad.adset_id,
        "campaign_id": ad.campaign_id,
        "status": "ACTIVE",
        "tracking_specs": ad.tracking_specs,
    });
    select("Ad", as_map(&full), fields, &["name"])
}

fn check_specs(specs: &Value) -> Result<(), GraphError> {
    let Some(list) = specs.as_array() else {
        return Err(GraphError::invalid_param(
            "param tracking_specs must be an array",
        ));
    };
    for (index, spec) in list.iter().enumerate() {
        let ok = spec
            .as_object()
            .and_then(|o| o.get("action.type"))
            .is_some_and(|t| {
                t.is_string() || t.as_array().is_some_and(|a| a.iter().all(Value::is_string))
            });
        if !ok {
            return Err(GraphError::invalid_param(format!(
                "tracking_specs[{index}] must be an object with an \"action.type\""
            )));
        }
    }
    Ok(())
}

/// `POST /{ad}` (`tracking_specs`, `name`, `status`) → `{"success": true}`.
pub fn update(ctx: &mut Ctx<'_>, id: &str, request: &GraphRequest) -> Result<Value, GraphError> {
    super::only_params(
        request,
        &UPDATABLE,
        "an ad takes tracking_specs, name and status here",
    )?;
    let specs = match request.json("tracking_specs")? {
        Some(specs) => Some(specs),
        None => request.json("tracking_spec")?,
    };
    if let Some(specs) = &specs {
        check_specs(specs)?;
    }
    let name = request.text("name");
    let ad = ctx
        .store
        .ads
        .get_mut(id)
        .ok_or_else(|| GraphError::no_object("post", id))?;
    if let Some(specs) = specs {
        ad.tracking_specs = specs;
    }
    if let Some(name) = name {
        ad.name = name;
    }
    Ok(json!({"success": true}))
}
