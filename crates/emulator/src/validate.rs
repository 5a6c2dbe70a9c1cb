//! Event validation as the Graph API does it: the whole batch is rejected when one event is
//! invalid, and the error names that event with a JSON path (`$['data'][12]['event_time']`).
//! Messages name fields, never the values (which may be personal data).

use crate::error::{GraphError, SUBCODE_IN_FUTURE, SUBCODE_TOO_OLD};
use events::fields::{currency, names::ActionSource};
use serde_json::{Map, Value};

/// Which events endpoint a batch is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Api {
    /// Conversions API: a dataset, `user_data`, `action_source`.
    Capi,
    /// Offline Conversions API: an offline event set, `match_keys`.
    Ocapi,
}

impl Api {
    /// The most events one call may carry.
    pub fn batch_limit(self) -> usize {
        match self {
            Self::Capi => 1_000,
            Self::Ocapi => 2_000,
        }
    }

    /// `capi` or `ocapi`.
    pub fn name(self) -> &'static str {
        match self {
            Self::Capi => "capi",
            Self::Ocapi => "ocapi",
        }
    }
}

/// Days an event may be old: 62 for store sales (and every OCAPI event), 7 otherwise.
pub const STORE_WINDOW_DAYS: i64 = 62;
/// Days an event may be old when its action source is not `physical_store`.
pub const OTHER_WINDOW_DAYS: i64 = 7;
/// Seconds an event may lie in the future (clock skew).
pub const FUTURE_TOLERANCE_SECONDS: i64 = 60;

/// Whether `name` is one of Meta's `action_source` values (the events crate's one list).
pub fn is_action_source(name: &str) -> bool {
    ActionSource::ALL.iter().any(|source| source.name() == name)
}

/// The action sources, comma-separated, for error messages.
pub fn action_source_names() -> String {
    ActionSource::ALL
        .iter()
        .map(|source| source.name())
        .collect::<Vec<_>>()
        .join(", ")
}

const CAPI_HASHED: [&str; 10] = [
    "em", "ph", "fn", "ln", "ge", "db", "ct", "st", "zp", "country",
];
const CAPI_UNHASHED: [&str; 2] = ["madid", "lead_id"];
const CAPI_OTHER: [&str; 11] = [
    "external_id",
    "client_ip_address",
    "client_user_agent",
    "fbc",
    "fbp",
    "subscription_id",
    "fb_login_id",
    "anon_id",
    "ctwa_clid",
    "page_id",
    "page_scoped_user_id",
];
const OCAPI_HASHED: [&str; 16] = [
    "email", "phone", "gen", "doby", "dobm", "dobd", "ln", "fn", "fi", "f5first", "f5last", "ct",
    "st", "zip", "country", "madid",
];
const OCAPI_UNHASHED: [&str; 1] = ["lead_id"];
const OCAPI_OTHER: [&str; 1] = ["extern_id"];

/// Checks the `data` parameter of an events call; `Ok` holds the events to store.
pub fn validate_batch(api: Api, data: Option<Value>, now: i64) -> Result<Vec<Value>, GraphError> {
    let Some(data) = data else {
        return Err(GraphError::required("data"));
    };
    let Value::Array(events) = data else {
        return Err(GraphError::invalid_param("param data must be an array"));
    };
    if events.is_empty() {
        return Err(GraphError::invalid_param("param data must not be empty"));
    }
    let limit = api.batch_limit();
    if events.len() > limit {
        return Err(GraphError::invalid_param(format!(
            "param data must contain at most {limit} events; this request has {}",
            events.len()
        )));
    }
    for (index, event) in events.iter().enumerate() {
        match api {
            Api::Capi => capi_event(index, event, now)?,
            Api::Ocapi => ocapi_event(index, event, now)?,
        }
    }
    Ok(events)
}

fn path(index: usize, parts: &[&str]) -> String {
    let mut path = format!("$['data'][{index}]");
    for part in parts {
        if part.bytes().all(|b| b.is_ascii_digit()) && !part.is_empty() {
            path.push_str(&format!("[{part}]"));
        } else {
            path.push_str(&format!("['{part}']"));
        }
    }
    path
}

fn invalid_at(path: &str, what: &str) -> GraphError {
    GraphError::invalid_param(format!("The parameter {path} {what}"))
}

fn object(index: usize, event: &Value) -> Result<&Map<String, Value>, GraphError> {
    event
        .as_object()
        .ok_or_else(|| invalid_at(&path(index, &[]), "must be an object"))
}

fn required_text<'a>(
    index: usize,
    event: &'a Map<String, Value>,
    field: &str,
) -> Result<&'a str, GraphError> {
    match event.get(field) {
        None | Some(Value::Null) => Err(GraphError::required(&path(index, &[field]))),
        Some(Value::String(s)) if s.trim().is_empty() => {
            Err(GraphError::required(&path(index, &[field])))
        }
        Some(Value::String(s)) => Ok(s),
        Some(_) => Err(invalid_at(&path(index, &[field]), "must be a string")),
    }
}

fn event_time(index: usize, event: &Map<String, Value>) -> Result<i64, GraphError> {
    let at = path(index, &["event_time"]);
    match event.get("event_time") {
        None | Some(Value::Null) => Err(GraphError::required(&at)),
        Some(Value::Number(n)) => n
            .as_i64()
            .ok_or_else(|| invalid_at(&at, "must be a Unix timestamp in seconds")),
        Some(Value::String(s)) => s
            .trim()
            .parse()
            .map_err(|_| invalid_at(&at, "must be a Unix timestamp in seconds")),
        Some(_) => Err(invalid_at(&at, "must be a Unix timestamp in seconds")),
    }
}

fn time_window(index: usize, time: i64, days: i64, now: i64) -> Result<(), GraphError> {
    let at = path(index, &["event_time"]);
    if time > now + FUTURE_TOLERANCE_SECONDS {
        return Err(GraphError::invalid(format!(
            "(#100) Invalid parameter: {at} is in the future"
        ))
        .subcode(SUBCODE_IN_FUTURE)
        .user(
            "Event Timestamp In The Future",
            format!(
                "The timestamp of the event at {at} is more than a minute in the future. \
                 Send events after they happen."
            ),
        ));
    }
    if now - time > days * 86_400 {
        return Err(GraphError::invalid(format!(
            "(#100) Invalid parameter: {at} is too far in the past"
        ))
        .subcode(SUBCODE_TOO_OLD)
        .user(
            "Event Timestamp Too Old",
            format!(
                "The timestamp for the event at {at} is too far in the past. Events need to be \
                 sent within {days} days of when they occurred."
            ),
        ));
    }
    Ok(())
}

fn is_sha256(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn looks_hashed(value: &str) -> bool {
    value.len() == 64 && value.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The values of one key: a string, a number, or an array of them, with their JSON paths.
fn key_values<'a>(
    index: usize,
    container: &str,
    key: &str,
    value: &'a Value,
) -> Result<Vec<(String, Option<&'a str>)>, GraphError> {
    let single = |at: String, v: &'a Value| match v {
        Value::String(s) => Ok((at, Some(s.as_str()))),
        Value::Number(_) => Ok((at, None)),
        _ => Err(invalid_at(&at, "must be a string")),
    };
    match value {
        Value::Array(items) => items
            .iter()
            .enumerate()
            .map(|(i, v)| single(path(index, &[container, key, &i.to_string()]), v))
            .collect(),
        other => Ok(vec![single(path(index, &[container, key]), other)?]),
    }
}

fn check_keys(
    index: usize,
    container: &str,
    keys: &Map<String, Value>,
    hashed: &[&str],
    unhashed: &[&str],
    other: &[&str],
) -> Result<(), GraphError> {
    let mut identifying = 0;
    for (key, value) in keys {
        let is_hashed = hashed.contains(&key.as_str());
        let is_unhashed = unhashed.contains(&key.as_str());
        if !is_hashed && !is_unhashed && !other.contains(&key.as_str()) {
            return Err(invalid_at(
                &path(index, &[container, key]),
                "is not a known customer information parameter",
            ));
        }
        for (at, text) in key_values(index, container, key, value)? {
            if is_hashed {
                match text {
                    Some(text) if is_sha256(text) => {}
                    _ => {
                        return Err(invalid_at(
                            &at,
                            "must be a SHA-256 hash (64 lowercase hexadecimal characters)",
                        )
                        .user(
                            "Unhashed customer information",
                            format!("{at} must be normalized and hashed with SHA-256."),
                        ));
                    }
                }
            }
            if is_unhashed {
                if text.is_some_and(looks_hashed) {
                    return Err(invalid_at(&at, "must be sent unhashed"));
                }
                if key == "lead_id" && !text.is_none_or(|t| t.bytes().all(|b| b.is_ascii_digit())) {
                    return Err(invalid_at(&at, "must be a numeric lead id"));
                }
            }
            if !matches!(key.as_str(), "client_ip_address" | "client_user_agent") {
                identifying += 1;
            }
        }
    }
    if identifying == 0 {
        return Err(invalid_at(
            &path(index, &[container]),
            "must contain at least one customer information parameter",
        ));
    }
    Ok(())
}

/// `value` and `currency`: both required for a `Purchase`, optional otherwise (the guide's table
/// cuts its "required" at "对于…", for purchases: its own `Lead` example carries neither). The
/// events crate applies the same rule (and, stricter, never sends a value without currency).
fn value_and_currency(
    index: usize,
    holder: &Map<String, Value>,
    prefix: &[&str],
    purchase: bool,
) -> Result<(), GraphError> {
    let at = |field: &str| {
        let mut parts = prefix.to_vec();
        parts.push(field);
        path(index, &parts)
    };
    match holder.get("value") {
        None | Some(Value::Null) if purchase => return Err(GraphError::required(&at("value"))),
        None | Some(Value::Null) | Some(Value::Number(_)) => {}
        Some(Value::String(s)) if s.trim().parse::<f64>().is_ok() => {}
        Some(_) => return Err(invalid_at(&at("value"), "must be a number")),
    }
    match holder.get("currency") {
        None | Some(Value::Null) if purchase => Err(GraphError::required(&at("currency"))),
        None | Some(Value::Null) => Ok(()),
        Some(Value::String(code)) if code.len() == 3 && currency::parse(code).is_some() => Ok(()),
        Some(_) => Err(invalid_at(
            &at("currency"),
            "must be a three-letter ISO 4217 currency code",
        )),
    }
}

fn capi_event(index: usize, event: &Value, now: i64) -> Result<(), GraphError> {
    let event = object(index, event)?;
    let name = required_text(index, event, "event_name")?;
    let time = event_time(index, event)?;
    // The guide's data-processing examples send events without one: absent, the event is read
    // as a non-store event (7-day window); present, it must be one of Meta's.
    let source = match event.get("action_source") {
        None | Some(Value::Null) => None,
        Some(_) => Some(required_text(index, event, "action_source")?),
    };
    if let Some(source) = source
        && !is_action_source(source)
    {
        return Err(invalid_at(
            &path(index, &["action_source"]),
            &format!("must be one of {}", action_source_names()),
        ));
    }
    let days = if source == Some("physical_store") {
        STORE_WINDOW_DAYS
    } else {
        OTHER_WINDOW_DAYS
    };
    time_window(index, time, days, now)?;
    let user_data = match event.get("user_data") {
        None | Some(Value::Null) => return Err(GraphError::required(&path(index, &["user_data"]))),
        Some(Value::Object(map)) => map,
        Some(_) => {
            return Err(invalid_at(
                &path(index, &["user_data"]),
                "must be an object",
            ));
        }
    };
    check_keys(
        index,
        "user_data",
        user_data,
        &CAPI_HASHED,
        &CAPI_UNHASHED,
        &CAPI_OTHER,
    )?;
    let empty = Map::new();
    let custom_data = match event.get("custom_data") {
        None | Some(Value::Null) => &empty,
        Some(Value::Object(map)) => map,
        Some(_) => {
            return Err(invalid_at(
                &path(index, &["custom_data"]),
                "must be an object",
            ));
        }
    };
    value_and_currency(index, custom_data, &["custom_data"], name == "Purchase")?;
    match event.get("event_id") {
        None | Some(Value::Null) | Some(Value::String(_)) | Some(Value::Number(_)) => {}
        Some(_) => return Err(invalid_at(&path(index, &["event_id"]), "must be a string")),
    }
    data_processing_options(index, event)
}

fn ocapi_event(index: usize, event: &Value, now: i64) -> Result<(), GraphError> {
    let event = object(index, event)?;
    let match_keys = match event.get("match_keys") {
        None | Some(Value::Null) => {
            return Err(GraphError::required(&path(index, &["match_keys"])));
        }
        Some(Value::Object(map)) => map,
        Some(_) => {
            return Err(invalid_at(
                &path(index, &["match_keys"]),
                "must be an object",
            ));
        }
    };
    let time = event_time(index, event)?;
    let name = required_text(index, event, "event_name")?;
    value_and_currency(index, event, &[], name == "Purchase")?;
    time_window(index, time, STORE_WINDOW_DAYS, now)?;
    check_keys(
        index,
        "match_keys",
        match_keys,
        &OCAPI_HASHED,
        &OCAPI_UNHASHED,
        &OCAPI_OTHER,
    )?;
    data_processing_options(index, event)
}

/// The guide's three ways to identify people in an OCAPI call: `match_keys` alone; `match_keys`
/// with an `extern_id`; or an `extern_id` alone, looked up through the call's `namespace_id`
/// (through the set itself without one). Each event carries at most one `extern_id`; with a
/// `namespace_id`, each carries exactly one and no other match key.
pub fn namespace_modes(events: &[Value], namespace: bool) -> Result<(), GraphError> {
    for (index, event) in events.iter().enumerate() {
        let Some(keys) = event.get("match_keys").and_then(Value::as_object) else {
            continue;
        };
        let extern_ids = match keys.get("extern_id") {
            None | Some(Value::Null) => 0,
            Some(Value::Array(items)) => items.len(),
            Some(_) => 1,
        };
        if extern_ids > 1 {
            return Err(invalid_at(
                &path(index, &["match_keys", "extern_id"]),
                "must be one extern_id: each row carries only one",
            ));
        }
        if !namespace {
            continue;
        }
        if let Some(other) = keys.keys().find(|k| *k != "extern_id") {
            return Err(invalid_at(
                &path(index, &["match_keys", other]),
                "cannot be sent with namespace_id: with a namespace, each event carries one \
                 extern_id and no other match key",
            )
            .user(
                "match_keys with namespace_id",
                "A call with namespace_id identifies people by extern_id alone. Send the other \
                 match keys in a call without namespace_id.",
            ));
        }
        if extern_ids == 0 {
            return Err(GraphError::required(&path(
                index,
                &["match_keys", "extern_id"],
            )));
        }
    }
    Ok(())
}

/// The one `extern_id` of an OCAPI event, if it has one.
pub fn extern_id(event: &Value) -> Option<&str> {
    match event.get("match_keys")?.get("extern_id")? {
        Value::String(id) => Some(id),
        Value::Array(items) => items.first()?.as_str(),
        _ => None,
    }
}

fn data_processing_options(index: usize, event: &Map<String, Value>) -> Result<(), GraphError> {
    match event.get("data_processing_options") {
        None | Some(Value::Null) => Ok(()),
        Some(Value::Array(options)) if options.iter().all(|o| o == "LDU") => Ok(()),
        Some(_) => Err(invalid_at(
            &path(index, &["data_processing_options"]),
            "must be an array holding only \"LDU\"",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const NOW: i64 = 1_795_132_800;
    const EM: &str = "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f";

    /// `base` with the fields of `overrides` set (null = removed).
    fn with(mut event: Value, overrides: &Value) -> Value {
        for (k, v) in overrides.as_object().unwrap() {
            if v.is_null() {
                event.as_object_mut().unwrap().remove(k);
            } else {
                event[k] = v.clone();
            }
        }
        event
    }

    fn capi(overrides: Value) -> Value {
        let event = json!({
            "event_name": "Purchase",
            "event_time": NOW - 3_600,
            "action_source": "physical_store",
            "user_data": {"em": [EM]},
            "custom_data": {"value": 12.5, "currency": "USD"}
        });
        with(event, &overrides)
    }

    fn ocapi(overrides: Value) -> Value {
        let event = json!({
            "match_keys": {"email": [EM]},
            "event_name": "Purchase",
            "event_time": NOW - 3_600,
            "value": 16,
            "currency": "USD"
        });
        with(event, &overrides)
    }

    fn capi_error(event: Value) -> GraphError {
        let mut data = vec![capi(json!({})); 3];
        data.push(event);
        validate_batch(Api::Capi, Some(Value::Array(data)), NOW).unwrap_err()
    }

    fn message(error: &GraphError) -> String {
        format!(
            "{} {}",
            error.message,
            error.user_msg.clone().unwrap_or_default()
        )
    }

    #[test]
    fn a_valid_batch_passes() {
        let events = validate_batch(Api::Capi, Some(json!([capi(json!({}))])), NOW).unwrap();
        assert_eq!(events.len(), 1);
        validate_batch(Api::Ocapi, Some(json!([ocapi(json!({}))])), NOW).unwrap();
    }

    #[test]
    fn missing_fields_name_the_event_index() {
        for field in ["event_name", "event_time", "user_data"] {
            let error = capi_error(capi(json!({ field: null })));
            assert_eq!(error.code, 100);
            assert_eq!(error.subcode, Some(2_804_019), "{field}");
            assert!(
                message(&error).contains(&format!("$['data'][3]['{field}']")),
                "{field}"
            );
        }
        for field in [
            "match_keys",
            "event_time",
            "event_name",
            "value",
            "currency",
        ] {
            let data = json!([ocapi(json!({})), ocapi(json!({ field: null }))]);
            let error = validate_batch(Api::Ocapi, Some(data), NOW).unwrap_err();
            assert_eq!(error.subcode, Some(2_804_019), "{field}");
            assert!(
                message(&error).contains(&format!("$['data'][1]['{field}']")),
                "{field}"
            );
        }
    }

    #[test]
    fn purchase_needs_value_and_currency() {
        let error = capi_error(capi(json!({"custom_data": {"value": 3}})));
        assert!(message(&error).contains("$['data'][3]['custom_data']['currency']"));
        let error = capi_error(capi(json!({"custom_data": {"currency": "USD"}})));
        assert!(message(&error).contains("$['data'][3]['custom_data']['value']"));
        let lead = capi(json!({"event_name": "Lead", "custom_data": null}));
        validate_batch(Api::Capi, Some(json!([lead])), NOW).unwrap();
    }

    #[test]
    fn ocapi_value_and_currency_are_required_for_purchases_only() {
        // The guide's own lead_id example: a Lead with neither.
        let lead = ocapi(
            json!({"event_name": "Lead", "value": null, "currency": null, "match_keys": {"lead_id": "12345"}}),
        );
        validate_batch(Api::Ocapi, Some(json!([lead])), NOW).unwrap();
        let purchase = ocapi(json!({"value": null, "currency": null}));
        let error = validate_batch(Api::Ocapi, Some(json!([purchase])), NOW).unwrap_err();
        assert!(message(&error).contains("$['data'][0]['value']"));
        let purchase = ocapi(json!({"currency": null}));
        let error = validate_batch(Api::Ocapi, Some(json!([purchase])), NOW).unwrap_err();
        assert!(message(&error).contains("$['data'][0]['currency']"));
    }

    #[test]
    fn the_graph_client_names_the_same_action_sources() {
        // graph keeps a typed enum for requests (it does not depend on events): it must take
        // every action source of the one list, under the same name.
        for source in ActionSource::ALL {
            let typed: graph::custom_conversions::ActionSourceType =
                serde_json::from_value(json!(source.name())).unwrap();
            assert_eq!(typed.as_str(), source.name());
        }
        assert!(is_action_source("physical_store"));
        assert!(!is_action_source("store"));
    }

    #[test]
    fn action_source_may_be_absent_as_in_the_guides_ldu_examples() {
        let event = capi(json!({"action_source": null}));
        validate_batch(Api::Capi, Some(json!([event])), NOW).unwrap();
        // Without one the event is not a store sale: the 7-day window applies.
        let old = capi(json!({"action_source": null, "event_time": NOW - 8 * 86_400}));
        assert_eq!(capi_error(old).subcode, Some(2_804_003));
    }

    #[test]
    fn currency_must_be_iso_4217() {
        let error = capi_error(capi(
            json!({"custom_data": {"value": 1, "currency": "DOLLARS"}}),
        ));
        assert!(message(&error).contains("ISO 4217"));
        let error = validate_batch(
            Api::Ocapi,
            Some(json!([ocapi(json!({"currency": "XXY"}))])),
            NOW,
        )
        .unwrap_err();
        assert!(message(&error).contains("$['data'][0]['currency']"));
    }

    #[test]
    fn hashed_keys_must_be_64_lowercase_hex() {
        for bad in [
            json!(["John@example.com"]),
            json!([EM.to_uppercase()]),
            json!([&EM[1..]]),
            json!([5]),
        ] {
            let error = capi_error(capi(json!({"user_data": {"em": bad}})));
            assert!(
                message(&error).contains("$['data'][3]['user_data']['em'][0]"),
                "{error}"
            );
            assert!(!message(&error).contains("John@example.com"));
        }
        let error = capi_error(capi(json!({"user_data": {"ph": "12345"}})));
        assert!(message(&error).contains("$['data'][3]['user_data']['ph']"));
        let data = json!([ocapi(json!({"match_keys": {"phone": ["HASH1"]}}))]);
        let error = validate_batch(Api::Ocapi, Some(data), NOW).unwrap_err();
        assert!(message(&error).contains("$['data'][0]['match_keys']['phone'][0]"));
    }

    #[test]
    fn unhashed_keys_must_not_look_hashed() {
        let error = capi_error(capi(json!({"user_data": {"madid": EM}})));
        assert!(message(&error).contains("unhashed"));
        let error = capi_error(capi(json!({"user_data": {"lead_id": EM}})));
        assert!(message(&error).contains("$['data'][3]['user_data']['lead_id']"));
        let ok = capi(
            json!({"user_data": {"lead_id": "12345", "madid": "38400000-8cf0-11bd-b23e-10b96e40000d"}}),
        );
        validate_batch(Api::Capi, Some(json!([ok])), NOW).unwrap();
        let data = json!([ocapi(json!({"match_keys": {"lead_id": "12345"}}))]);
        validate_batch(Api::Ocapi, Some(data), NOW).unwrap();
    }

    #[test]
    fn unknown_keys_and_empty_user_data_are_rejected() {
        let error = capi_error(capi(json!({"user_data": {"email": [EM]}})));
        assert!(message(&error).contains("$['data'][3]['user_data']['email']"));
        let error = capi_error(capi(
            json!({"user_data": {"client_ip_address": "10.0.0.1"}}),
        ));
        assert!(message(&error).contains("at least one"));
    }

    #[test]
    fn event_time_window() {
        let day = 86_400;
        let store_old = capi(json!({"event_time": NOW - 63 * day}));
        let error = capi_error(store_old);
        assert_eq!(error.subcode, Some(2_804_003));
        assert_eq!(error.user_title.as_deref(), Some("Event Timestamp Too Old"));
        validate_batch(
            Api::Capi,
            Some(json!([capi(json!({"event_time": NOW - 61 * day}))])),
            NOW,
        )
        .unwrap();
        let web_old = capi(json!({"event_time": NOW - 8 * day, "action_source": "website"}));
        assert_eq!(capi_error(web_old).subcode, Some(2_804_003));
        let web_ok = capi(json!({"event_time": NOW - 6 * day, "action_source": "website"}));
        validate_batch(Api::Capi, Some(json!([web_ok])), NOW).unwrap();
        let future = capi(json!({"event_time": NOW + 61}));
        assert_eq!(capi_error(future).subcode, Some(2_804_004));
        validate_batch(
            Api::Capi,
            Some(json!([capi(json!({"event_time": NOW + 60}))])),
            NOW,
        )
        .unwrap();
        let data = json!([ocapi(json!({"event_time": 1_456_870_902}))]);
        let error = validate_batch(Api::Ocapi, Some(data), NOW).unwrap_err();
        assert_eq!(error.subcode, Some(2_804_003));
        let error = capi_error(capi(json!({"event_time": "yesterday"})));
        assert!(message(&error).contains("$['data'][3]['event_time']"));
    }

    #[test]
    fn action_source_must_be_known() {
        let error = capi_error(capi(json!({"action_source": "store"})));
        assert!(message(&error).contains("$['data'][3]['action_source']"));
        for source in ["system_generated", "other"] {
            let event = capi(json!({"action_source": source, "event_time": NOW - 60}));
            validate_batch(Api::Capi, Some(json!([event])), NOW).unwrap();
        }
    }

    #[test]
    fn batch_limits() {
        let capi_ok = vec![capi(json!({})); 1_000];
        validate_batch(Api::Capi, Some(Value::Array(capi_ok)), NOW).unwrap();
        let capi_big = vec![capi(json!({})); 1_001];
        let error = validate_batch(Api::Capi, Some(Value::Array(capi_big)), NOW).unwrap_err();
        assert!(error.message.contains("at most 1000"));
        let ocapi_ok = vec![ocapi(json!({})); 2_000];
        validate_batch(Api::Ocapi, Some(Value::Array(ocapi_ok)), NOW).unwrap();
        let ocapi_big = vec![ocapi(json!({})); 2_001];
        let error = validate_batch(Api::Ocapi, Some(Value::Array(ocapi_big)), NOW).unwrap_err();
        assert!(error.message.contains("at most 2000"));
    }

    #[test]
    fn data_must_be_a_non_empty_array() {
        assert_eq!(
            validate_batch(Api::Capi, None, NOW).unwrap_err().subcode,
            Some(2_804_019)
        );
        assert_eq!(
            validate_batch(Api::Capi, Some(json!({})), NOW)
                .unwrap_err()
                .code,
            100
        );
        assert_eq!(
            validate_batch(Api::Capi, Some(json!([])), NOW)
                .unwrap_err()
                .code,
            100
        );
        let error = validate_batch(Api::Capi, Some(json!([1])), NOW).unwrap_err();
        assert!(error.message.contains("$['data'][0]"));
    }

    #[test]
    fn data_processing_options_only_ldu() {
        let ok = capi(json!({"data_processing_options": ["LDU"]}));
        validate_batch(Api::Capi, Some(json!([ok])), NOW).unwrap();
        let error = capi_error(capi(json!({"data_processing_options": ["XYZ"]})));
        assert!(message(&error).contains("data_processing_options"));
    }
}
