//! The Graph API itself: one handler decodes the request, checks the token, finds the node and
//! hands it to the module of its resource family.

pub mod ads;
pub mod custom_conversions;
pub mod datasets;
pub mod events;
pub mod insights;
pub mod offline_sets;
pub mod shares;
pub mod stats;

use crate::auth::{Caller, authenticate, authorize};
use crate::error::GraphError;
use crate::request::GraphRequest;
use crate::shared::{Emulator, now};
use crate::state::{Node, Store};
use axum::{
    Json,
    body::to_bytes,
    extract::{Request, State},
    http::{HeaderValue, Method},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

/// The largest request body accepted (Graph's own limit is lower for events).
const MAX_BODY: usize = 64 * 1024 * 1024;

/// What a route works with.
pub struct Ctx<'a> {
    /// The state.
    pub store: &'a mut Store,
    /// Who is calling.
    pub caller: Caller,
    /// The emulator clock.
    pub now: i64,
    /// This request's `fbtrace_id`.
    pub trace: String,
}

/// Every Graph request comes here.
pub async fn graph(State(emulator): State<Emulator>, request: Request) -> Response {
    let trace = emulator.trace_id();
    let (parts, body) = request.into_parts();
    let Ok(bytes) = to_bytes(body, MAX_BODY).await else {
        return GraphError::invalid_param("the request body could not be read")
            .into_response_with_trace(&trace);
    };
    let decoded = GraphRequest::decode(
        &parts.method,
        parts.uri.path(),
        parts.uri.query(),
        &parts.headers,
        &bytes,
    );
    let result = decoded.and_then(|request| {
        let mut store = emulator.store();
        let now = now(&store);
        let caller = authenticate(&store, &emulator.config.token, request.token.as_deref())?;
        let mut ctx = Ctx {
            store: &mut store,
            caller,
            now,
            trace: trace.clone(),
        };
        dispatch(&mut ctx, &request)
    });
    if parts.method != Method::GET {
        emulator.persist();
    }
    match result {
        Ok(body) => {
            let mut response = Json(body).into_response();
            if let Ok(value) = HeaderValue::from_str(&trace) {
                response.headers_mut().insert("x-fb-trace-id", value);
            }
            response
        }
        Err(error) => error.into_response_with_trace(&trace),
    }
}

fn unknown_edge(edge: &str) -> GraphError {
    GraphError::invalid(format!("(#100) Unknown path components: /{edge}"))
}

fn dispatch(ctx: &mut Ctx<'_>, request: &GraphRequest) -> Result<Value, GraphError> {
    let method = request.method.clone();
    let verb = method.as_str().to_ascii_lowercase();
    let (id, edge) = match request.segments.as_slice() {
        [] => return Err(GraphError::invalid("(#100) Unsupported request: no node")),
        [id] => (id.as_str(), None),
        [id, edge] => (id.as_str(), Some(edge.as_str())),
        [_, _, rest @ ..] => return Err(unknown_edge(&rest.join("/"))),
    };
    if id == "me" && edge.is_none() && method == Method::GET {
        return Ok(json!({"id": "700000000000007", "name": "hashdrop Demo System User"}));
    }
    let Some(node) = ctx.store.node(id) else {
        return Err(GraphError::no_object(&verb, id));
    };
    authorize(ctx.store, &ctx.caller, id)?;
    let get = method == Method::GET;
    let post = method == Method::POST;
    let delete = method == Method::DELETE;
    match (node, edge) {
        (_, None) if get => read(ctx, node, id, request),
        (Node::Ad, None) if post => ads::update(ctx, id, request),
        (Node::CustomConversion, None) if post => custom_conversions::update(ctx, id, request),
        (Node::CustomConversion, None) if delete => custom_conversions::delete(ctx, id),
        (Node::OfflineSet | Node::Dataset, None) if post => offline_sets::update(ctx, id, request),
        (Node::Dataset, Some("events")) if post => {
            events::post(ctx, id, crate::validate::Api::Capi, request)
        }
        (Node::OfflineSet, Some("events")) if post => {
            events::post(ctx, id, crate::validate::Api::Ocapi, request)
        }
        (Node::AdAccount, Some("adspixels")) if post => datasets::create(ctx, id, request),
        (Node::AdAccount, Some("adspixels")) if get => datasets::list(ctx, id, request),
        (Node::Dataset, Some("shared_accounts")) if post => shares::add_account(ctx, id, request),
        (Node::Dataset, Some("shared_accounts")) if get => shares::accounts(ctx, id),
        (Node::Dataset, Some("agencies")) if post => shares::add_agency(ctx, id, request, true),
        (Node::Dataset | Node::OfflineSet, Some("agencies")) if get => shares::agencies(ctx, id),
        (Node::Dataset, Some("stats")) if get => stats::dataset(ctx, id, request),
        (Node::Business, Some("offline_conversion_data_sets")) if post => {
            offline_sets::create(ctx, id, request)
        }
        (Node::Business, Some("offline_conversion_data_sets")) if get => {
            offline_sets::list(ctx, id, request)
        }
        (Node::OfflineSet, Some("adaccounts")) if post => shares::add_account(ctx, id, request),
        (Node::OfflineSet, Some("adaccounts")) if get => shares::accounts(ctx, id),
        (Node::OfflineSet, Some("agencies")) if post => shares::add_agency(ctx, id, request, false),
        (Node::OfflineSet, Some("uploads")) if get => stats::uploads(ctx, id, request),
        (Node::OfflineSet, Some("stats")) if get => stats::offline_set(ctx, id, request),
        (Node::AdAccount, Some("customconversions")) if post => {
            custom_conversions::create(ctx, id, request)
        }
        (Node::AdAccount, Some("customconversions")) if get => {
            custom_conversions::list(ctx, id, request)
        }
        (Node::CustomConversion, Some("stats")) if get => {
            custom_conversions::stats(ctx, id, request)
        }
        (Node::Business, Some("claim_custom_conversions")) if post => {
            custom_conversions::claim(ctx, id, request)
        }
        (Node::AdAccount, Some("insights")) if get => insights::read(ctx, id, request),
        (_, None) => Err(GraphError::no_object(&verb, id)),
        (_, Some(edge)) => Err(unknown_edge(edge)),
    }
}

fn read(
    ctx: &mut Ctx<'_>,
    node: Node,
    id: &str,
    request: &GraphRequest,
) -> Result<Value, GraphError> {
    let fields = request.list("fields")?;
    let fields = fields.as_deref();
    match node {
        Node::Business => {
            let business = ctx
                .store
                .businesses
                .get(id)
                .ok_or_else(|| GraphError::no_object("get", id))?;
            let full = json!({"id": business.id, "name": business.name});
            crate::fields::select("Business", as_map(&full), fields, &["name"])
        }
        Node::AdAccount => {
            let number = id.trim_start_matches("act_");
            let account = ctx
                .store
                .ad_accounts
                .get(number)
                .ok_or_else(|| GraphError::no_object("get", id))?;
            let full = json!({
                "id": format!("act_{}", account.account_id),
                "account_id": account.account_id,
                "name": account.name,
                "currency": account.currency,
                "business": {"id": account.business},
                "account_status": 1,
            });
            crate::fields::select("AdAccount", as_map(&full), fields, &["account_id"])
        }
        Node::Dataset => datasets::read(ctx, id, fields),
        Node::OfflineSet => offline_sets::read(ctx, id, fields),
        Node::Ad => ads::read(ctx, id, fields),
        Node::CustomConversion => custom_conversions::read(ctx, id, fields),
    }
}

/// The object inside a `json!({...})` value.
pub fn as_map(value: &Value) -> &serde_json::Map<String, Value> {
    static EMPTY: std::sync::OnceLock<serde_json::Map<String, Value>> = std::sync::OnceLock::new();
    value
        .as_object()
        .unwrap_or_else(|| EMPTY.get_or_init(serde_json::Map::new))
}

/// Creates a dataset or an offline event set (the caller's, for a limited token) → `{"id"}`.
pub fn create_source(
    ctx: &mut Ctx<'_>,
    kind: crate::state::SourceKind,
    name: String,
    description: Option<String>,
    business: String,
    ad_account: Option<String>,
) -> Value {
    let id = ctx.store.new_id();
    ctx.store.sources.insert(
        id.clone(),
        crate::state::EventSource {
            id: id.clone(),
            kind,
            name,
            description,
            business,
            ad_account,
            creation_time: ctx.now,
            ad_accounts: Vec::new(),
            agencies: Vec::new(),
        },
    );
    crate::auth::record_creation(ctx.store, &ctx.caller, &id);
    json!({ "id": id })
}

/// Checks that a referenced business exists (Graph: code 100 naming the parameter).
pub fn business_param(ctx: &Ctx<'_>, request: &GraphRequest) -> Result<String, GraphError> {
    let business = request.required_text("business")?;
    if ctx.store.businesses.contains_key(&business) {
        Ok(business)
    } else {
        Err(GraphError::invalid_param(format!(
            "param business must be the id of a business; {business} is not one"
        )))
    }
}

/// Checks that a referenced ad account exists (given as `N` or `act_N`); returns `N`.
pub fn account_param(ctx: &Ctx<'_>, request: &GraphRequest) -> Result<String, GraphError> {
    let account = request.required_text("account_id")?;
    let number = account.trim_start_matches("act_").to_owned();
    if ctx.store.ad_accounts.contains_key(&number) {
        Ok(number)
    } else {
        Err(GraphError::invalid_param(format!(
            "param account_id must be the id of an ad account; {account} is not one"
        )))
    }
}

/// Rejects any parameter outside `allowed` (code 100), for updates that take only some fields.
pub fn only_params(request: &GraphRequest, allowed: &[&str], why: &str) -> Result<(), GraphError> {
    match request
        .params
        .keys()
        .find(|k| !allowed.contains(&k.as_str()))
    {
        Some(other) => Err(GraphError::invalid_param(format!(
            "param {other} cannot be updated: {why}"
        ))),
        None => Ok(()),
    }
}

/// `{"data": [...]}` with Graph's cursor paging, `limit` items at a time after `after`; when
/// more items follow, `paging.next` is the same request for the next page, with the caller's
/// token in its query as Graph writes it (clients must read the cursor, never call the URL).
pub fn page(ctx: &Ctx<'_>, items: Vec<Value>, request: &GraphRequest) -> Result<Value, GraphError> {
    let limit = request.int("limit")?.unwrap_or(25).clamp(1, 5_000);
    let limit = usize::try_from(limit).unwrap_or(25);
    let start = match request.text("after") {
        Some(cursor) => {
            decode_cursor(&cursor)
                .ok_or_else(|| GraphError::invalid_param("param after is not a valid cursor"))?
                + 1
        }
        None => 0,
    };
    let end = (start + limit).min(items.len());
    let data: Vec<Value> = items
        .get(start..end)
        .map(<[Value]>::to_vec)
        .unwrap_or_default();
    let mut out = json!({"data": data});
    if !out["data"].as_array().is_some_and(Vec::is_empty) {
        let mut paging = json!({"cursors": {
            "before": encode_cursor(start),
            "after": encode_cursor(end - 1),
        }});
        if end < items.len() {
            paging["next"] = json!(format!(
                "{}&limit={limit}&after={}",
                next_base(ctx, request),
                encode_cursor(end - 1)
            ));
        }
        out["paging"] = paging;
    }
    Ok(out)
}

/// The request's URL with its parameters but `after`, `before` and `limit`, the token first.
fn next_base(ctx: &Ctx<'_>, request: &GraphRequest) -> String {
    let mut query: Vec<(String, String)> = request
        .params
        .iter()
        .filter(|(k, _)| !matches!(k.as_str(), "after" | "limit" | "before"))
        .map(|(k, v)| {
            (
                k.clone(),
                v.as_str().map_or_else(|| v.to_string(), str::to_owned),
            )
        })
        .collect();
    query.insert(0, ("access_token".into(), ctx.caller.token().to_owned()));
    let encoded = serde_urlencoded::to_string(&query).unwrap_or_default();
    let version = request
        .version
        .as_ref()
        .map(|v| format!("/{v}"))
        .unwrap_or_default();
    format!(
        "{}{version}/{}?{encoded}",
        request.base_url,
        request.segments.join("/")
    )
}

/// Opaque cursors (Meta's are opaque too; clients must not parse them).
pub fn encode_cursor(index: usize) -> String {
    let digits: String = index
        .to_string()
        .bytes()
        .map(|b| char::from(b - b'0' + b'A'))
        .collect();
    format!("MA{digits}ZD")
}

/// The index an [`encode_cursor`] cursor stands for.
pub fn decode_cursor(cursor: &str) -> Option<usize> {
    let inner = cursor.strip_prefix("MA")?.strip_suffix("ZD")?;
    if inner.is_empty() || !inner.bytes().all(|b| (b'A'..=b'J').contains(&b)) {
        return None;
    }
    inner
        .bytes()
        .map(|b| char::from(b - b'A' + b'0'))
        .collect::<String>()
        .parse()
        .ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip() {
        for index in [0, 7, 24, 1_000] {
            assert_eq!(decode_cursor(&encode_cursor(index)), Some(index));
        }
        assert_eq!(decode_cursor("nope"), None);
        assert_eq!(decode_cursor("MAZD"), None);
    }
}
