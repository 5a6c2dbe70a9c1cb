//! The `fields` parameter: a node answers `id` plus the fields asked for, or its default fields;
//! asking for a field the node type does not have is Graph's code 100.

use crate::error::GraphError;
use serde_json::{Map, Value};

/// Picks `requested` (or `default`) out of `full`, always with `id`.
pub fn select(
    node_type: &str,
    full: &Map<String, Value>,
    requested: Option<&[String]>,
    default: &[&str],
) -> Result<Value, GraphError> {
    let mut out = Map::new();
    let names: Vec<String> = match requested {
        Some(names) if !names.is_empty() => names
            .iter()
            // `insights{…}`-style sub-selections are accepted and answered whole.
            .map(|n| n.split('{').next().unwrap_or(n).trim().to_owned())
            .collect(),
        _ => default.iter().map(|s| (*s).to_owned()).collect(),
    };
    for name in names {
        match full.get(&name) {
            Some(Value::Null) => {}
            Some(value) => {
                out.insert(name, value.clone());
            }
            None if known_absent(&name) => {}
            None => {
                return Err(GraphError::invalid(format!(
                    "(#100) Tried accessing nonexisting field ({name}) on node type ({node_type})"
                )));
            }
        }
    }
    if let Some(id) = full.get("id") {
        out.insert("id".into(), id.clone());
    }
    Ok(Value::Object(out))
}

/// Fields Graph knows but leaves out when empty.
fn known_absent(name: &str) -> bool {
    matches!(
        name,
        "id" | "description" | "business" | "last_fired_time" | "first_fired_time"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn picks_fields_and_rejects_unknown_ones() {
        let full = json!({"id": "1", "name": "n", "rule": "{}"});
        let full = full.as_object().unwrap();
        assert_eq!(
            select("X", full, None, &["name"]).unwrap(),
            json!({"id": "1", "name": "n"})
        );
        let asked = vec!["rule".to_owned()];
        assert_eq!(
            select("X", full, Some(&asked), &[]).unwrap(),
            json!({"id": "1", "rule": "{}"})
        );
        let bad = vec!["nope".to_owned()];
        let error = select("CustomConversion", full, Some(&bad), &[]).unwrap_err();
        assert!(
            error
                .message
                .contains("(nope) on node type (CustomConversion)")
        );
    }
}
