//! The end-to-end case runner, shared by the native and the browser test files.
// Test support code: a broken case file must fail loudly.
#![allow(clippy::unwrap_used, clippy::panic)]

use events::{Settings, prepare_bytes};
use serde_json::{Map, Value, json};

include!(concat!(env!("OUT_DIR"), "/cases.rs"));

/// Run one case; returns every difference found (empty: the case passes).
pub fn run_case(name: &str, input: &[u8], settings: &str, expected: &str) -> Vec<String> {
    let settings: Settings =
        serde_json::from_str(settings).unwrap_or_else(|e| panic!("{name}: settings.json: {e}"));
    // Bodies carry `partner_agent: hashdrop/<version>`: the expected files say `{version}`.
    let expected = expected.replace(
        "hashdrop/{version}",
        events::settings::DEFAULT_PARTNER_AGENT,
    );
    let expected: Value =
        serde_json::from_str(&expected).unwrap_or_else(|e| panic!("{name}: expected.json: {e}"));
    let mut problems = Vec::new();
    let finished = match prepare_bytes(settings, input) {
        Ok(finished) => finished,
        Err(error) => {
            if expected.get("error").and_then(Value::as_str) != Some(error.code()) {
                problems.push(format!(
                    "{name}: unexpected error {} ({error})",
                    error.code()
                ));
            }
            return problems;
        }
    };
    if let Some(code) = expected.get("error") {
        problems.push(format!("{name}: expected error {code}, got none"));
        return problems;
    }
    let file_settings = expected.get("settings").cloned().unwrap_or_default();
    if let Some(mapping) = file_settings.get("mapping").or(expected.get("mapping")) {
        check(
            &mut problems,
            name,
            "mapping",
            serde_json::to_value(&finished.mapping).unwrap(),
            mapping,
        );
    }
    if let Some(detection) = expected.get("detection") {
        check(
            &mut problems,
            name,
            "detection",
            serde_json::to_value(&finished.detection).unwrap(),
            detection,
        );
    }
    if let Some(delimiter) = file_settings.get("delimiter") {
        check(
            &mut problems,
            name,
            "delimiter",
            json!(finished.dialect.delimiter.map(|d| d.as_str())),
            delimiter,
        );
    }
    if let Some(bom) = file_settings.get("bom") {
        check(&mut problems, name, "bom", json!(finished.dialect.bom), bom);
    }
    if let Some(header) = file_settings.get("header") {
        check(
            &mut problems,
            name,
            "header",
            json!(finished.header),
            header,
        );
    }
    if let Some(summary) = expected.get("summary").and_then(Value::as_object) {
        let got = serde_json::to_value(&finished.summary).unwrap();
        for (key, want) in summary {
            check(
                &mut problems,
                name,
                &format!("summary.{key}"),
                got.get(key).cloned().unwrap_or(Value::Null),
                want,
            );
        }
    }
    let output = &finished.output;
    if let Some(warnings) = expected.get("warnings") {
        let got: Vec<Value> = output
            .warnings
            .iter()
            .map(|w| json!({"row": w.row, "column": w.column, "warning": w.code}))
            .collect();
        check(&mut problems, name, "warnings", Value::Array(got), warnings);
    }
    if let Some(batches) = expected.get("batches") {
        let got: Vec<Value> = output.batches.iter().map(|b| b.to_value()).collect();
        check(&mut problems, name, "batches", Value::Array(got), batches);
    }
    let Some(rows) = expected.get("rows").and_then(Value::as_array) else {
        return problems;
    };
    let mut events: Map<String, Value> = Map::new();
    for batch in &output.batches {
        let body = batch.to_value();
        for (row, event) in batch
            .rows
            .iter()
            .zip(body["data"].as_array().cloned().unwrap_or_default())
        {
            if events.insert(row.to_string(), event).is_some() {
                problems.push(format!("{name}: row {row} is in more than one batch"));
            }
        }
    }
    let rejected: Map<String, Value> = output
        .rejected
        .iter()
        .map(|r| {
            (
                r.row.to_string(),
                json!({"rejected": r.code.code(), "column": r.column}),
            )
        })
        .collect();
    let previews: Map<String, Value> = output
        .previews
        .iter()
        .map(|p| (p.row.to_string(), normalized(p)))
        .collect();
    if events.len() + rejected.len() != rows.len() {
        problems.push(format!(
            "{name}: {} events + {} rejections for {} rows",
            events.len(),
            rejected.len(),
            rows.len()
        ));
    }
    for want in rows {
        let row = want["row"].to_string();
        if let Some(code) = want.get("rejected") {
            let got = rejected.get(&row).cloned().unwrap_or(Value::Null);
            check(
                &mut problems,
                name,
                &format!("row {row}"),
                got,
                &json!({"rejected": code, "column": want["column"]}),
            );
            continue;
        }
        let Some(event) = events.get(&row) else {
            problems.push(format!(
                "{name}: row {row} was not accepted ({:?})",
                rejected.get(&row)
            ));
            continue;
        };
        for (key, value) in want.as_object().into_iter().flatten() {
            match key.as_str() {
                "row" => {}
                "_normalized" => {
                    if !previews.is_empty() {
                        check(
                            &mut problems,
                            name,
                            &format!("row {row} normalized"),
                            previews.get(&row).cloned().unwrap_or_default(),
                            value,
                        );
                    }
                }
                _ => check(
                    &mut problems,
                    name,
                    &format!("row {row} {key}"),
                    event.get(key).cloned().unwrap_or(Value::Null),
                    value,
                ),
            }
        }
        if want.get("custom_data").is_none()
            && event.get("custom_data").is_some()
            && want.get("user_data").is_some()
        {
            problems.push(format!(
                "{name}: row {row} has a custom_data the expected event lacks"
            ));
        }
    }
    problems
}

fn check(problems: &mut Vec<String>, name: &str, what: &str, got: Value, want: &Value) {
    if got != *want {
        problems.push(format!("{name}: {what}: got {got}, want {want}"));
    }
}

/// A preview as the samples' `_normalized`: key -> distinct normalized values (`lead_id` a string).
fn normalized(preview: &events::row::Preview) -> Value {
    let mut map = Map::new();
    for id in &preview.identifiers {
        let Some(value) = &id.normalized else {
            continue;
        };
        if id.key == "lead_id" || id.key == "madid" {
            map.insert(id.key.to_string(), json!(value));
            continue;
        }
        let entry = map.entry(id.key.to_string()).or_insert_with(|| json!([]));
        if let Some(list) = entry.as_array_mut()
            && !list.contains(&json!(value))
        {
            list.push(json!(value));
        }
    }
    Value::Object(map)
}

/// Run every case and fail with all the differences.
pub fn run_all() {
    assert!(CASES.len() >= 3, "the case folders were not found");
    let mut problems = Vec::new();
    for (name, input, settings, expected) in CASES {
        problems.extend(run_case(name, input, settings, expected));
    }
    let shown: Vec<&String> = problems.iter().take(40).collect();
    assert!(
        problems.is_empty(),
        "{} differences:\n{shown:#?}",
        problems.len()
    );
}
