//! The requests and responses of the source documents (`/work/shared/seeds/`), replayed in order
//! against one emulator: `tests/data/seed_examples.json` holds every example request of both
//! documents (as the seed's curl sends it: multipart for `-F`, query for `-G -d`, the JSON
//! bodies as text) and the documented answer: status and response shape. A template call the
//! guide shows with the token alone is sent with the token alone as well: creating a set answers
//! `{"id"}` as documented; where the parameter tables need a parameter (the events call's
//! `upload_tag`, a custom conversion's `name`, the ad account to assign), the answer is Graph's
//! error naming it.
//!
//! Each example is taken as the document writes it. Only its placeholders are filled, and each
//! filling is listed in the example's `fill` (document text → replacement): real hashes for
//! `HASH1` and `<HASH>`, a recent time for `EVENT_TIME` and the 2016 times (62 days is the
//! limit), a seeded or created id for `123`. Fields listed in `js` are the guide's JavaScript
//! object notation and become JSON by [`js_to_json`]: keys quoted, trailing commas dropped and
//! the one missing comma (`] custom_data:`) put back.
//!
//! Shapes: `"<id>"` a numeric id, `"<string>"`, `"<number>"`, `"<contains:TEXT>"`; objects match
//! when every listed key matches (others may be present); arrays match element by element.
//! `{NAME}` is replaced by a seeded id or by an id an earlier example saved.
#![allow(clippy::unwrap_used, clippy::panic)]

mod harness;

use axum::body::Body;
use axum::http::{Request, header};
use harness::*;
use serde_json::{Map, Value};
use std::collections::HashMap;

const EXAMPLES: &str = include_str!("data/seed_examples.json");

fn substitute(text: &str, names: &HashMap<String, String>) -> String {
    let mut out = text.to_owned();
    for (name, value) in names {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

fn substitute_value(value: &Value, names: &HashMap<String, String>) -> Value {
    match value {
        Value::String(s) => Value::String(substitute(s, names)),
        Value::Array(items) => {
            Value::Array(items.iter().map(|v| substitute_value(v, names)).collect())
        }
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), substitute_value(v, names)))
                .collect(),
        ),
        other => other.clone(),
    }
}

/// The guide's JavaScript object notation as JSON: bare keys quoted, trailing commas dropped,
/// and a comma put between a closing bracket and the key that follows it.
fn js_to_json(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::new();
    let mut i = 0;
    let last_significant = |out: &str| out.trim_end().chars().last();
    while i < chars.len() {
        let c = chars[i];
        if c == '"' {
            // A key or a string after a closing bracket with no comma between them.
            if matches!(last_significant(&out), Some('}' | ']')) {
                out.push(',');
            }
            let start = i;
            i += 1;
            while i < chars.len() && chars[i] != '"' {
                i += usize::from(chars[i] == '\\') + 1;
            }
            out.extend(&chars[start..=i.min(chars.len() - 1)]);
            i += 1;
        } else if c.is_ascii_alphabetic() || c == '_' {
            let start = i;
            while i < chars.len()
                && (chars[i].is_ascii_alphanumeric() || matches!(chars[i], '_' | '.'))
            {
                i += 1;
            }
            let word: String = chars[start..i].iter().collect();
            let mut j = i;
            while j < chars.len() && chars[j] == ' ' {
                j += 1;
            }
            if chars.get(j) == Some(&':') {
                if matches!(last_significant(&out), Some('}' | ']')) {
                    out.push(',');
                }
                out.push_str(&format!("\"{word}\""));
            } else {
                out.push_str(&word);
            }
        } else if c == '}' || c == ']' {
            let trimmed = out.trim_end().len();
            if out[..trimmed].ends_with(',') {
                out.truncate(trimmed - 1);
            }
            out.push(c);
            i += 1;
        } else {
            out.push(c);
            i += 1;
        }
    }
    out
}

/// The example's `fill`: document text → replacement.
fn fill(text: &str, example: &Value) -> String {
    let mut out = text.to_owned();
    for (from, to) in example
        .get("fill")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        out = out.replace(from.as_str(), to.as_str().unwrap());
    }
    out
}

fn shape(expected: &Value, actual: &Value, at: &str) -> Result<(), String> {
    let fail = || Err(format!("{at}: expected {expected}, got {actual}"));
    match expected {
        // A filled-in number (`"{RECENT}"`) against the number itself.
        Value::String(s) if actual.as_i64().is_some_and(|n| s.parse() == Ok(n)) => Ok(()),
        Value::String(s) if s == "<id>" => match actual.as_str() {
            Some(id) if !id.is_empty() && id.bytes().all(|b| b.is_ascii_digit()) => Ok(()),
            _ => fail(),
        },
        Value::String(s) if s == "<string>" => {
            if actual.is_string() {
                Ok(())
            } else {
                fail()
            }
        }
        Value::String(s) if s == "<number>" => {
            if actual.is_number() {
                Ok(())
            } else {
                fail()
            }
        }
        Value::String(s) if s.starts_with("<contains:") => {
            let needle = &s["<contains:".len()..s.len() - 1];
            if actual.as_str().is_some_and(|a| a.contains(needle)) {
                Ok(())
            } else {
                fail()
            }
        }
        Value::Object(keys) => {
            let Some(object) = actual.as_object() else {
                return fail();
            };
            keys.iter()
                .try_for_each(|(key, value)| match object.get(key) {
                    Some(found) => shape(value, found, &format!("{at}.{key}")),
                    None => Err(format!("{at}: no {key} in {actual}")),
                })
        }
        Value::Array(items) => {
            let Some(found) = actual.as_array() else {
                return fail();
            };
            if items.is_empty() && !found.is_empty() || found.len() < items.len() {
                return fail();
            }
            items
                .iter()
                .zip(found)
                .enumerate()
                .try_for_each(|(i, (e, a))| shape(e, a, &format!("{at}[{i}]")))
        }
        other => {
            if other == actual {
                Ok(())
            } else {
                fail()
            }
        }
    }
}

/// The body `curl -F` sends.
fn multipart(fields: &Map<String, Value>) -> (String, String) {
    let boundary = "------------------------hashdropSeed";
    let mut body = String::new();
    for (name, value) in fields {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{}\r\n",
            value.as_str().unwrap()
        ));
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    (format!("multipart/form-data; boundary={boundary}"), body)
}

#[tokio::test]
async fn the_seed_documents_examples() {
    let app = app();
    let examples: Vec<Value> = serde_json::from_str(EXAMPLES).unwrap();
    assert!(examples.len() >= 40);
    let mut names: HashMap<String, String> = [
        ("BUSINESS", BUSINESS),
        ("CLIENT_BUSINESS", CLIENT_BUSINESS),
        ("ACCOUNT_ID", ACCOUNT.trim_start_matches("act_")),
        ("DATASET", DATASET),
        ("AD", AD),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .chain([
        ("RECENT".to_owned(), (NOW - 3_600).to_string()),
        ("RECENT_2".to_owned(), (NOW - 7_200).to_string()),
        ("RECENT_3".to_owned(), (NOW - 60).to_string()),
    ])
    .collect();
    for example in &examples {
        let name = example["name"].as_str().unwrap();
        let method = example["method"].as_str().unwrap();
        let mut uri = substitute(example["path"].as_str().unwrap(), &names);
        if let Some(query) = example.get("query").and_then(Value::as_object) {
            let pairs: Vec<(String, String)> = query
                .iter()
                .map(|(k, v)| (k.clone(), substitute(v.as_str().unwrap(), &names)))
                .collect();
            uri = format!("{uri}?{}", serde_urlencoded::to_string(&pairs).unwrap());
        }
        let mut request = Request::builder().method(method).uri(&uri);
        let body = if let Some(fields) = example.get("multipart").and_then(Value::as_object) {
            // curl -F 'access_token=…' sends the token as one more field.
            let js: Vec<&str> = example
                .get("js")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|f| f.as_str().unwrap())
                .collect();
            let filled: Map<String, Value> = fields
                .iter()
                .map(|(name, value)| {
                    let text = fill(value.as_str().unwrap(), example);
                    let text = substitute(&text, &names);
                    let text = if js.contains(&name.as_str()) {
                        let json = js_to_json(&text);
                        assert!(
                            serde_json::from_str::<Value>(&json).is_ok(),
                            "{name}: not JSON after quoting: {json}"
                        );
                        json
                    } else {
                        text
                    };
                    (name.clone(), Value::String(text))
                })
                .collect();
            let mut fields = filled;
            fields.insert("access_token".into(), Value::String(TOKEN.into()));
            let (content_type, body) = multipart(&fields);
            request = request.header(header::CONTENT_TYPE, content_type);
            Body::from(body)
        } else if let Some(text) = example.get("json_text").and_then(Value::as_str) {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
            Body::from(substitute(&fill(text, example), &names))
        } else if let Some(json) = example.get("json") {
            request = request
                .header(header::CONTENT_TYPE, "application/json")
                .header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
            Body::from(substitute_value(json, &names).to_string())
        } else {
            request = request.header(header::AUTHORIZATION, format!("Bearer {TOKEN}"));
            Body::empty()
        };
        let reply = send(&app, request.body(body).unwrap()).await;
        assert_eq!(
            reply.status,
            example["status"].as_u64().unwrap() as u16,
            "{name}: {}",
            reply.body
        );
        let expected = substitute_value(&example["response"], &names);
        if let Err(why) = shape(&expected, &reply.body, "$") {
            panic!("{name}: {why}");
        }
        for key in example
            .get("exact_length")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let key = key.as_str().unwrap();
            assert_eq!(
                reply.body[key].as_array().unwrap().len(),
                expected[key].as_array().unwrap().len(),
                "{name}: {key} has exactly the expected entries"
            );
        }
        if let Some(save) = example.get("save").and_then(Value::as_str) {
            names.insert(
                save.to_owned(),
                reply.body["id"].as_str().unwrap().to_owned(),
            );
        }
    }
}

#[test]
fn javascript_notation_becomes_json() {
    let text = r#"[ { match_keys: {"lead_id": "12345"}, contents: [ {id: "A", quantity: 1} ] custom_data: { a_b: "x: y", }, }, ]"#;
    let json: Value = serde_json::from_str(&js_to_json(text)).unwrap();
    assert_eq!(
        json,
        serde_json::json!([{"match_keys": {"lead_id": "12345"}, "contents": [{"id": "A", "quantity": 1}], "custom_data": {"a_b": "x: y"}}])
    );
    let specs = js_to_json(r#"[{action.type:"offline_conversion", dataset:["1"]}]"#);
    assert_eq!(
        specs,
        r#"[{"action.type":"offline_conversion", "dataset":["1"]}]"#
    );
}

#[test]
fn the_shape_matcher_can_fail() {
    let actual = serde_json::json!({"id": "12", "data": [{"a": 1}], "m": "hello world"});
    assert!(shape(&serde_json::json!({"id": "<id>"}), &actual, "$").is_ok());
    assert!(shape(&serde_json::json!({"id": "<number>"}), &actual, "$").is_err());
    assert!(shape(&serde_json::json!({"m": "<contains:world>"}), &actual, "$").is_ok());
    assert!(shape(&serde_json::json!({"m": "<contains:moon>"}), &actual, "$").is_err());
    assert!(shape(&serde_json::json!({"data": []}), &actual, "$").is_err());
    assert!(shape(&serde_json::json!({"data": [{"a": 2}]}), &actual, "$").is_err());
    assert!(shape(&serde_json::json!({"missing": 1}), &actual, "$").is_err());
}
