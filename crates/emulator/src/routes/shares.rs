//! Sharing a dataset or an offline event set: with ad accounts (`/shared_accounts`,
//! `/adaccounts`: `business`, `account_id`) and with other businesses (`/agencies`: `business`,
//! and for datasets `permitted_tasks`).

use super::{Ctx, account_param, business_param};
use crate::error::GraphError;
use crate::request::GraphRequest;
use crate::state::{EventSource, Share};
use serde_json::{Value, json};

/// The tasks a business may be granted on a dataset.
pub const TASKS: [&str; 4] = ["ANALYZE", "UPLOAD", "ADVERTISE", "EDIT"];

/// The dataset or offline event set `id`.
pub fn source<'a>(ctx: &'a Ctx<'_>, id: &str) -> Result<&'a EventSource, GraphError> {
    ctx.store
        .sources
        .get(id)
        .ok_or_else(|| GraphError::no_object("get", id))
}

fn source_mut<'a>(ctx: &'a mut Ctx<'_>, id: &str) -> Result<&'a mut EventSource, GraphError> {
    ctx.store
        .sources
        .get_mut(id)
        .ok_or_else(|| GraphError::no_object("post", id))
}

/// `POST /{pixel}/shared_accounts` or `POST /{set}/adaccounts` (`business`, `account_id`) →
/// `{"success": true}`.
pub fn add_account(
    ctx: &mut Ctx<'_>,
    id: &str,
    request: &GraphRequest,
) -> Result<Value, GraphError> {
    let business = business_param(ctx, request)?;
    let account = account_param(ctx, request)?;
    let share = Share {
        business,
        account_id: Some(account),
        permitted_tasks: Vec::new(),
    };
    let source = source_mut(ctx, id)?;
    if !source.ad_accounts.contains(&share) {
        source.ad_accounts.push(share);
    }
    Ok(json!({"success": true}))
}

/// `GET /{pixel}/shared_accounts` or `GET /{set}/adaccounts`.
pub fn accounts(ctx: &Ctx<'_>, id: &str) -> Result<Value, GraphError> {
    let data: Vec<Value> = source(ctx, id)?
        .ad_accounts
        .iter()
        .filter_map(|s| s.account_id.as_ref())
        .map(|a| {
            let name = ctx.store.ad_accounts.get(a).map(|x| x.name.clone());
            json!({"id": format!("act_{a}"), "account_id": a, "name": name})
        })
        .collect();
    Ok(json!({ "data": data }))
}

/// `GET /{pixel}/agencies` or `GET /{set}/agencies`.
pub fn agencies(ctx: &Ctx<'_>, id: &str) -> Result<Value, GraphError> {
    let data: Vec<Value> = source(ctx, id)?
        .agencies
        .iter()
        .map(|a| {
            let name = ctx
                .store
                .businesses
                .get(&a.business)
                .map(|b| b.name.clone());
            let mut agency = json!({"id": a.business, "name": name});
            if !a.permitted_tasks.is_empty() {
                agency["permitted_tasks"] = json!(a.permitted_tasks);
            }
            agency
        })
        .collect();
    Ok(json!({ "data": data }))
}

fn tasks(request: &GraphRequest) -> Result<Vec<String>, GraphError> {
    let tasks = match request.json("permitted_tasks")? {
        None => return Err(GraphError::required("permitted_tasks")),
        Some(Value::Array(tasks)) => tasks,
        Some(_) => {
            return Err(GraphError::invalid_param(
                "param permitted_tasks must be an array",
            ));
        }
    };
    tasks
        .iter()
        .map(|task| match task.as_str() {
            Some(task) if TASKS.contains(&task) => Ok(task.to_owned()),
            _ => Err(GraphError::invalid_param(
                "param permitted_tasks may hold only ANALYZE, UPLOAD, ADVERTISE, EDIT",
            )),
        })
        .collect()
}

/// `POST /{pixel}/agencies` (`business`, `permitted_tasks` required) or `POST /{set}/agencies`
/// (`business`) → `{"success": true}`; sharing again replaces the tasks.
pub fn add_agency(
    ctx: &mut Ctx<'_>,
    id: &str,
    request: &GraphRequest,
    with_tasks: bool,
) -> Result<Value, GraphError> {
    let business = business_param(ctx, request)?;
    let permitted_tasks = if with_tasks {
        tasks(request)?
    } else {
        Vec::new()
    };
    let source = source_mut(ctx, id)?;
    source.agencies.retain(|a| a.business != business);
    source.agencies.push(Share {
        business,
        account_id: None,
        permitted_tasks,
    });
    Ok(json!({"success": true}))
}
