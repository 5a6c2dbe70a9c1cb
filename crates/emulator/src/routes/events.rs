//! `POST /{dataset}/events` (CAPI) and `POST /{offline_event_set}/events` (OCAPI): validated as a
//! whole batch, stored with their deduplication status.

use super::Ctx;
use crate::dedup;
use crate::error::GraphError;
use crate::request::GraphRequest;
use crate::state::{AcceptedCall, ReceivedEvent, RejectedCall};
use crate::validate::{self, Api, validate_batch};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};

/// Top-level parameters kept with an accepted call.
const CALL_OPTIONS: [&str; 5] = [
    "namespace_id",
    "partner_agent",
    "upload_id",
    "upload_source",
    "test_event_code",
];

fn check(ctx: &Ctx<'_>, api: Api, request: &GraphRequest) -> Result<Vec<Value>, GraphError> {
    if api == Api::Ocapi {
        request.required_text("upload_tag")?;
    }
    let namespace = request.int("namespace_id")?;
    if let Some(namespace) = namespace {
        // A namespace that is an event set here must be one the caller may use; any other
        // number is a partner's namespace (the guide: a partner id), which knows no extern_id.
        let id = namespace.to_string();
        if ctx.store.sources.contains_key(&id) {
            crate::auth::authorize(ctx.store, &ctx.caller, &id)?;
        }
    }
    let events = validate_batch(api, request.json("data")?, ctx.now)?;
    if api == Api::Ocapi {
        validate::namespace_modes(&events, namespace.is_some())?;
    }
    Ok(events)
}

/// Whether an accepted event is matched to a person, recording the guide's
/// `{set, extern_id}` entry when it arrives with other match keys that match.
fn resolve(ctx: &mut Ctx<'_>, target: &str, api: Api, namespace: &str, event: &Value) -> bool {
    let by_keys = super::stats::is_matched(event);
    if api == Api::Capi {
        return by_keys;
    }
    let Some(extern_id) = validate::extern_id(event) else {
        return by_keys;
    };
    if by_keys {
        ctx.store
            .extern_ids
            .entry(target.to_owned())
            .or_default()
            .insert(extern_id.to_owned());
        return true;
    }
    ctx.store
        .extern_ids
        .get(namespace)
        .is_some_and(|known| known.contains(extern_id))
}

/// Receives one events call.
pub fn post(
    ctx: &mut Ctx<'_>,
    target: &str,
    api: Api,
    request: &GraphRequest,
) -> Result<Value, GraphError> {
    let upload_tag = request.text("upload_tag").filter(|t| !t.is_empty());
    let events = match check(ctx, api, request) {
        Ok(events) => events,
        Err(error) => {
            let entries = match request.json("data") {
                Ok(Some(Value::Array(events))) => events.len(),
                _ => 0,
            };
            ctx.store.rejected.push(RejectedCall {
                target: target.to_owned(),
                upload_tag,
                entries,
                at: ctx.now,
                message: error.message.clone(),
            });
            return Err(error);
        }
    };
    // Meta deduplicates against what arrived in the last 7 days.
    let since = ctx.now - dedup::WINDOW_SECONDS;
    let mut seen: HashSet<String> = ctx
        .store
        .events_for(target)
        .filter(|e| e.received_at >= since)
        .map(|e| dedup::key(target, api, &e.event))
        .collect();
    let received = events.len();
    let test_event_code = request.text("test_event_code");
    let namespace = request
        .text("namespace_id")
        .unwrap_or_else(|| target.to_owned());
    for event in events {
        let duplicate = !seen.insert(dedup::key(target, api, &event));
        let matched = resolve(ctx, target, api, &namespace, &event);
        ctx.store.events.push(ReceivedEvent {
            target: target.to_owned(),
            api: api.name().to_owned(),
            upload_tag: upload_tag.clone(),
            test_event_code: test_event_code.clone(),
            received_at: ctx.now,
            duplicate,
            matched: Some(matched),
            event,
        });
    }
    let options: BTreeMap<String, String> = CALL_OPTIONS
        .iter()
        .filter_map(|name| request.text(name).map(|v| ((*name).to_owned(), v)))
        .collect();
    ctx.store.calls.push(AcceptedCall {
        target: target.to_owned(),
        upload_tag,
        at: ctx.now,
        entries: received,
        options,
    });
    Ok(match api {
        Api::Capi => json!({"events_received": received, "messages": [], "fbtrace_id": ctx.trace}),
        Api::Ocapi => json!({"num_processed_entries": received}),
    })
}
