//! Custom-conversion rules (seed 001): `{"and"|"or": [rule, …]}` or `{field: {operator: operand}}`
//! with the operators `i_contains`, `i_not_contains`, `contains`, `not_contains`, `eq`, `neq`,
//! `lt`, `lte`, `gt`, `gte`, `regex_match`. Checked on create, evaluated for `/stats`.

use serde_json::Value;

/// The operators a rule may use.
pub const OPERATORS: [&str; 11] = [
    "i_contains",
    "i_not_contains",
    "contains",
    "not_contains",
    "eq",
    "neq",
    "lt",
    "lte",
    "gt",
    "gte",
    "regex_match",
];

/// Checks a rule; `Err` says what is wrong (for `error_user_msg`).
pub fn check(rule: &Value) -> Result<(), String> {
    let Some(object) = rule.as_object() else {
        return Err("a rule must be a JSON object".into());
    };
    let mut entries = object.iter();
    let (Some((key, body)), None) = (entries.next(), entries.next()) else {
        return Err("a rule object must have exactly one key".into());
    };
    if key == "and" || key == "or" {
        let Some(rules) = body.as_array().filter(|r| !r.is_empty()) else {
            return Err(format!("\"{key}\" takes a non-empty array of rules"));
        };
        return rules.iter().try_for_each(check);
    }
    let Some(condition) = body.as_object() else {
        return Err(format!("the condition on \"{key}\" must be an object"));
    };
    let mut conditions = condition.iter();
    let (Some((operator, operand)), None) = (conditions.next(), conditions.next()) else {
        return Err(format!(
            "the condition on \"{key}\" must have exactly one operator"
        ));
    };
    if !OPERATORS.contains(&operator.as_str()) {
        return Err(format!("unknown operator \"{operator}\""));
    }
    match operator.as_str() {
        "lt" | "lte" | "gt" | "gte" if number(operand).is_none() => {
            Err(format!("\"{operator}\" takes a number"))
        }
        "regex_match" => match operand.as_str().map(regex::Regex::new) {
            Some(Ok(_)) => Ok(()),
            _ => Err("\"regex_match\" takes a valid regular expression".into()),
        },
        _ if operand.is_string() || operand.is_number() => Ok(()),
        _ => Err(format!("\"{operator}\" takes a string or a number")),
    }
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }
}

fn text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The value of a rule field on a received event (CAPI or OCAPI shape).
fn field<'a>(event: &'a Value, name: &str) -> Option<&'a Value> {
    let custom = event.get("custom_data");
    match name {
        "event" | "event_name" => event.get("event_name"),
        "url" => event.get("event_source_url"),
        "value" => event
            .get("value")
            .or_else(|| custom.and_then(|c| c.get("value"))),
        other => {
            let key = other.strip_prefix("custom_data.").unwrap_or(other);
            custom.and_then(|c| c.get(key))
        }
    }
}

/// Whether `event` satisfies a (checked) rule.
pub fn matches(rule: &Value, event: &Value) -> bool {
    let Some((key, body)) = rule.as_object().and_then(|o| o.iter().next()) else {
        return false;
    };
    match key.as_str() {
        "and" => body
            .as_array()
            .is_some_and(|rules| rules.iter().all(|r| matches(r, event))),
        "or" => body
            .as_array()
            .is_some_and(|rules| rules.iter().any(|r| matches(r, event))),
        name => {
            let Some((operator, operand)) = body.as_object().and_then(|o| o.iter().next()) else {
                return false;
            };
            let actual = field(event, name);
            condition(operator, operand, actual)
        }
    }
}

fn condition(operator: &str, operand: &Value, actual: Option<&Value>) -> bool {
    let actual_text = actual.and_then(text);
    let operand_text = text(operand).unwrap_or_default();
    let compare = |f: fn(f64, f64) -> bool| match (actual.and_then(number), number(operand)) {
        (Some(a), Some(b)) => f(a, b),
        _ => false,
    };
    match operator {
        "i_contains" => {
            actual_text.is_some_and(|a| a.to_lowercase().contains(&operand_text.to_lowercase()))
        }
        "i_not_contains" => {
            !actual_text.is_some_and(|a| a.to_lowercase().contains(&operand_text.to_lowercase()))
        }
        "contains" => actual_text.is_some_and(|a| a.contains(&operand_text)),
        "not_contains" => !actual_text.is_some_and(|a| a.contains(&operand_text)),
        "eq" => actual_text.is_some_and(|a| a == operand_text),
        "neq" => actual_text.is_none_or(|a| a != operand_text),
        "lt" => compare(|a, b| a < b),
        "lte" => compare(|a, b| a <= b),
        "gt" => compare(|a, b| a > b),
        "gte" => compare(|a, b| a >= b),
        "regex_match" => match regex::Regex::new(&operand_text) {
            Ok(re) => actual_text.is_some_and(|a| re.is_match(&a)),
            Err(_) => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_seed_rules_are_valid() {
        for rule in [
            json!({"or":[{"url":{"i_contains": "thankyou.html"}},{"url":{"i_contains":"confirmation.html"}}]}),
            json!({"and":[{"event":{"eq": "Purchase"}},{"value":{"gt":100}}]}),
            json!({"and":[{"event":{"eq": "item-sold"}},{"color":{"i_contains":"black"}}]}),
            json!({"and": [{"event_name":{"eq":"Purchase"}},{"custom_data.product_category":{"i_contains":"ICECREAM"}}]}),
            json!({"url": {"regex_match": "example\\.com.*purchase$"}}),
        ] {
            check(&rule).unwrap();
        }
    }

    #[test]
    fn bad_rules_say_why() {
        assert!(
            check(&json!({"url": {"like": "x"}}))
                .unwrap_err()
                .contains("like")
        );
        assert!(check(&json!({"and": []})).is_err());
        assert!(check(&json!({"value": {"gt": "many"}})).is_err());
        assert!(check(&json!({"url": {"regex_match": "("}})).is_err());
        assert!(check(&json!({"a": {"eq": 1}, "b": {"eq": 2}})).is_err());
        assert!(check(&json!(["eq"])).is_err());
        assert!(check(&json!({"url": {"eq": 1, "neq": 2}})).is_err());
    }

    #[test]
    fn rules_evaluate_on_both_event_shapes() {
        let rule = json!({"and": [{"event_name":{"eq":"Purchase"}},{"custom_data.product_category":{"i_contains":"icecream"}}]});
        let ocapi = json!({"event_name": "Purchase", "value": 16, "custom_data": {"product_category": "ICECREAM"}});
        assert!(matches(&rule, &ocapi));
        let lead = json!({"event_name": "Lead", "custom_data": {"product_category": "ICECREAM"}});
        assert!(!matches(&rule, &lead));
        let high = json!({"and":[{"event":{"eq": "Purchase"}},{"value":{"gt":100}}]});
        let capi =
            json!({"event_name": "Purchase", "custom_data": {"value": 150.0, "currency": "USD"}});
        assert!(matches(&high, &capi));
        assert!(!matches(&high, &ocapi));
        let url = json!({"url": {"regex_match": "thank.*\\.html$"}});
        assert!(matches(
            &url,
            &json!({"event_source_url": "https://x/thankyou.html"})
        ));
        assert!(matches(
            &json!({"url": {"i_not_contains": "x"}}),
            &json!({})
        ));
    }
}
