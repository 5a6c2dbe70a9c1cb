//! Meta's deduplication keys: (target, event_name, event_id) when an event has an `event_id`;
//! otherwise (target, event_name, event_time, order_id, item_number), with the customer fields
//! standing in when there is no `order_id`; against the events received in the last 7 days.

use crate::validate::Api;
use serde_json::Value;

/// How long an event counts for deduplication: 7 days.
pub const WINDOW_SECONDS: i64 = 7 * 86_400;

/// The key under which `event`, sent to `target`, is deduplicated.
pub fn key(target: &str, api: Api, event: &Value) -> String {
    let text = |v: Option<&Value>| match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(other) => other.to_string(),
    };
    let name = text(event.get("event_name"));
    let event_id = text(event.get("event_id"));
    if api == Api::Capi && !event_id.is_empty() {
        return format!("{target}\u{1f}{name}\u{1f}id\u{1f}{event_id}");
    }
    let holder = match api {
        Api::Capi => event.get("custom_data").unwrap_or(&Value::Null),
        Api::Ocapi => event,
    };
    let order_id = text(holder.get("order_id"));
    let customer = if order_id.is_empty() {
        text(event.get(match api {
            Api::Capi => "user_data",
            Api::Ocapi => "match_keys",
        }))
    } else {
        String::new()
    };
    format!(
        "{target}\u{1f}{name}\u{1f}{}\u{1f}{order_id}\u{1f}{}\u{1f}{customer}",
        text(event.get("event_time")),
        text(holder.get("item_number")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn event_id_wins_for_capi() {
        let a = json!({"event_name": "Purchase", "event_time": 1, "event_id": "x"});
        let b = json!({"event_name": "Purchase", "event_time": 2, "event_id": "x"});
        assert_eq!(key("1", Api::Capi, &a), key("1", Api::Capi, &b));
        assert_ne!(key("1", Api::Capi, &a), key("2", Api::Capi, &a));
    }

    #[test]
    fn order_and_item_without_event_id() {
        let a = json!({"event_name": "Purchase", "event_time": 1, "order_id": "o", "item_number": "1", "match_keys": {"email": ["a"]}});
        let b = json!({"event_name": "Purchase", "event_time": 1, "order_id": "o", "item_number": "1", "match_keys": {"email": ["b"]}});
        let c =
            json!({"event_name": "Purchase", "event_time": 1, "order_id": "o", "item_number": "2"});
        assert_eq!(key("s", Api::Ocapi, &a), key("s", Api::Ocapi, &b));
        assert_ne!(key("s", Api::Ocapi, &a), key("s", Api::Ocapi, &c));
        let d = json!({"event_name": "Lead", "event_time": 1, "match_keys": {"email": ["a"]}});
        let e = json!({"event_name": "Lead", "event_time": 1, "match_keys": {"email": ["b"]}});
        assert_ne!(key("s", Api::Ocapi, &d), key("s", Api::Ocapi, &e));
    }
}
