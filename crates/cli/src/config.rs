//! The settings of a run: the `--config` file (JSON or TOML, keys exactly `prepareUpload`'s
//! option names), then the flags over it, then what the command line knows itself (the file's
//! name and size, the clock). The result is the events crate's [`events::Settings`], parsed by
//! the same serde definition the npm package and the app use, so a setting has one name
//! everywhere and an unknown key is refused.

use crate::cli::Input;
use crate::exit::CliError;
use serde_json::{Map, Value};
use std::path::Path;

/// The options object of the `--config` file (empty without one).
pub fn read_config(path: Option<&Path>) -> Result<Map<String, Value>, CliError> {
    let Some(path) = path else {
        return Ok(Map::new());
    };
    let text = std::fs::read_to_string(path).map_err(|e| CliError::io("reading", path, e))?;
    let toml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("toml"));
    let value: Value = if toml {
        toml::from_str(&text).map_err(|e| {
            CliError::usage(format!("config {}: not valid TOML: {e}", path.display()))
        })?
    } else {
        serde_json::from_str(&text).map_err(|e| {
            CliError::usage(format!("config {}: not valid JSON: {e}", path.display()))
        })?
    };
    match value {
        Value::Object(map) => Ok(map),
        _ => Err(CliError::usage(format!(
            "config {}: must be an object of prepareUpload options",
            path.display()
        ))),
    }
}

/// The flags that name an option, by the option's name.
fn flag_options(input: &Input) -> Vec<(&'static str, Value)> {
    let text = |name: &'static str, value: &Option<String>| {
        value.as_ref().map(|v| (name, Value::String(v.clone())))
    };
    [
        text("api", &input.api),
        text("dateOrder", &input.date_order),
        text("timeZone", &input.time_zone),
        text("country", &input.country),
        text("eventName", &input.event_name),
        text("currency", &input.currency),
        text("actionSource", &input.action_source),
        text("uploadTag", &input.upload_tag),
        input.now.map(|now| ("now", Value::from(now))),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// What the command line adds to the options of the file and the flags.
#[derive(Debug, Clone, Default)]
pub struct Extra {
    /// Options set by other flags (`testEventCode`, `api` from `--event-set`), over everything.
    pub options: Vec<(&'static str, Value)>,
    /// `now` when neither the file nor the flags give it (an interrupted upload's own).
    pub default_now: Option<i64>,
}

/// The settings for `input`: its config file, the flags over it, then `extra`, then the file's
/// name and size (as the page sets them: the default `upload_tag` is the file's name).
pub fn settings(input: &Input, size: u64, extra: &Extra) -> Result<events::Settings, CliError> {
    let mut options = read_config(input.config.as_deref())?;
    for (name, value) in flag_options(input).into_iter().chain(extra.options.clone()) {
        options.insert(name.to_owned(), value);
    }
    if !options.contains_key("now") {
        let now = extra.default_now.unwrap_or_else(system_now);
        options.insert("now".to_owned(), Value::from(now));
    }
    if options.contains_key("file") {
        return Err(CliError::usage(
            "config: `file` is set by the command line from FILE itself",
        ));
    }
    let name = input
        .file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    options.insert(
        "file".to_owned(),
        serde_json::json!({ "name": name, "size": size }),
    );
    let mut settings: events::Settings = serde_json::from_value(Value::Object(options))
        .map_err(|e| CliError::usage(format!("settings: {e}")))?;
    // Rows' previews carry normalized identifiers: the command line never shows them.
    settings.preview_rows = 0;
    settings
        .resolve()
        .map_err(|e| CliError::usage(format!("settings: {e} ({})", e.code())))?;
    Ok(settings)
}

/// The clock, Unix seconds.
pub fn system_now() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX))
}
