//! The Mapping step's draft as the command line's `--config` file (JSON), out and in (plain
//! Rust, tested natively).
//!
//! The keys are `prepareUpload`'s option names, the serde names of [`events::Settings`], so the
//! command line reads the export with the same definition the page prepared the file with: a
//! user tunes a mapping here and schedules it with `hashdrop prepare|upload FILE --config F`.
//! Nothing in it comes from a cell of the file: column names, targets and settings only.

use super::model::MappingDraft;
use super::model::Problem;
use events::Settings;
use serde_json::{Map, Value};

/// Keys the export leaves out: the clock and the file are the command line's own (it refuses a
/// `file` key), and previews are the page's only.
const RUN_KEYS: [&str; 3] = ["now", "file", "previewRows"];

/// Keys an import leaves as Connect has them: they belong to the connection, not the file.
const CONNECTION_KEYS: [&str; 3] = ["api", "testEventCode", "partnerAgent"];

/// The name of the exported file for the file `name`.
pub fn file_name(name: &str) -> String {
    super::super::send::download_name(name, ".hashdrop.json")
}

/// The `--config` JSON of `draft` over `base` (the settings the file was prepared with), or
/// the draft's problems.
pub fn export(draft: &MappingDraft, base: &Settings) -> Result<String, Vec<Problem>> {
    let settings = draft.to_settings(base)?;
    let Ok(Value::Object(mut options)) = serde_json::to_value(&settings) else {
        return Err(vec![Problem::Setting("bad_options")]);
    };
    for key in RUN_KEYS {
        options.remove(key);
    }
    options.retain(|_, value| !value.is_null());
    let mut text = serde_json::to_string_pretty(&Value::Object(options))
        .map_err(|_| vec![Problem::Setting("bad_options")])?;
    text.push('\n');
    Ok(text)
}

/// Why a file cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum ImportError {
    /// Not JSON text.
    NotJson,
    /// JSON, but not an object of options.
    NotObject,
    /// The options are not settings the events crate accepts: its code and message (which
    /// names the key; the file holds settings, never a personal value).
    Settings {
        /// Stable code (`bad_options`, `bad_time_zone`, …).
        code: &'static str,
        /// What is wrong, for the person.
        message: String,
    },
}

impl ImportError {
    /// A stable code (for `data-code`).
    pub fn code(&self) -> &'static str {
        match self {
            ImportError::NotJson => "not_json",
            ImportError::NotObject => "not_an_object",
            ImportError::Settings { code, .. } => code,
        }
    }

    /// The detail shown beside the translated sentence.
    pub fn detail(&self) -> String {
        match self {
            ImportError::Settings { message, .. } => message.clone(),
            other => other.code().to_owned(),
        }
    }
}

/// An imported draft, and the columns its mapping names that the file does not have (ignored).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Imported {
    /// The draft for the current file.
    pub draft: MappingDraft,
    /// Columns of the imported mapping the file lacks.
    pub unknown_columns: Vec<String>,
}

/// Read a `--config` JSON into a draft for the file of `current`, over `base` (the connection's
/// API, test code and partner agent, and the clock, stay as they are). Without a `mapping` the
/// current columns' choices are kept; without an `uploadTag`, the current tag.
pub fn import(
    text: &str,
    current: &MappingDraft,
    base: &Settings,
) -> Result<Imported, ImportError> {
    let value: Value = serde_json::from_str(text).map_err(|_| ImportError::NotJson)?;
    let Value::Object(mut options) = value else {
        return Err(ImportError::NotObject);
    };
    for key in RUN_KEYS.iter().chain(&CONNECTION_KEYS) {
        options.remove(*key);
    }
    let Ok(Value::Object(connection)) = serde_json::to_value(base) else {
        return Err(ImportError::NotObject);
    };
    for key in CONNECTION_KEYS.iter().chain(&["now"]) {
        if let Some(value) = connection.get(*key) {
            options.insert((*key).to_owned(), value.clone());
        }
    }
    let settings: Settings =
        serde_json::from_value(Value::Object(options)).map_err(|e| ImportError::Settings {
            code: "bad_options",
            message: e.to_string(),
        })?;
    settings.resolve().map_err(|error| ImportError::Settings {
        code: error.code(),
        message: error.to_string(),
    })?;
    let columns = current.column_names();
    let (mapping, unknown_columns) = match &settings.mapping {
        Some(mapping) => {
            let unknown = mapping
                .entries()
                .map(|(column, _)| column.to_owned())
                .filter(|column| !columns.contains(column))
                .collect();
            (serde_json::to_value(mapping).unwrap_or_default(), unknown)
        }
        None => (Value::Object(Map::new()), Vec::new()),
    };
    let mut draft = MappingDraft::new(&columns, &mapping, &settings);
    if settings.mapping.is_none() {
        draft.columns.clone_from(&current.columns);
    }
    if settings.upload_tag.is_none() {
        draft.upload_tag.clone_from(&current.upload_tag);
    }
    Ok(Imported {
        draft,
        unknown_columns,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_132_800;

    fn base() -> Settings {
        let mut settings = Settings::new(NOW);
        settings.event_name = Some("Purchase".into());
        settings.upload_tag = Some("sales.csv 2026-11-20".into());
        settings.partner_agent = Some("hashdrop/test".into());
        settings.file = Some(events::settings::FileInfo {
            name: "sales.csv".into(),
            size: 10,
        });
        settings.preview_rows = 5;
        settings
    }

    fn draft() -> MappingDraft {
        let columns: Vec<String> = ["Email", "Phone", "When", "Store"]
            .iter()
            .map(|c| c.to_string())
            .collect();
        let mapping = serde_json::json!({
            "Email": "em", "Phone": "ph", "When": "event_time", "Store": null
        });
        MappingDraft::new(&columns, &mapping, &base())
    }

    #[test]
    fn the_export_is_the_command_lines_options_without_clock_file_or_previews() {
        let mut draft = draft();
        draft.time_zone = "+08:00".into();
        draft.columns[3].choice = "custom".into();
        draft.columns[3].custom_name = "store".into();
        let text = export(&draft, &base()).unwrap();
        let options: Map<String, Value> = serde_json::from_str(&text).unwrap();
        for key in RUN_KEYS {
            assert!(!options.contains_key(key), "{key}");
        }
        assert!(options.values().all(|v| !v.is_null()));
        assert_eq!(options["timeZone"], "+08:00");
        assert_eq!(options["uploadTag"], "sales.csv 2026-11-20");
        assert_eq!(options["partnerAgent"], "hashdrop/test");
        assert_eq!(options["mapping"]["Store"], "custom_data.store");
        // The command line's reading: the same settings as the page's, once `now` and the file
        // are added back.
        let mut again = options.clone();
        again.insert("now".into(), NOW.into());
        again.insert(
            "file".into(),
            serde_json::json!({"name": "sales.csv", "size": 10}),
        );
        let read: Settings = serde_json::from_value(Value::Object(again)).unwrap();
        let mut page = draft.to_settings(&base()).unwrap();
        page.preview_rows = 0;
        assert_eq!(
            serde_json::to_value(&read).unwrap(),
            serde_json::to_value(&page).unwrap()
        );
    }

    #[test]
    fn an_export_of_a_draft_with_problems_is_refused() {
        let mut draft = draft();
        draft.columns[2].choice = "ignore".into();
        let problems = export(&draft, &base()).unwrap_err();
        assert_eq!(problems[0].code(), "no_event_time");
    }

    #[test]
    fn an_import_round_trips_and_keeps_the_connections_settings() {
        let mut edited = draft();
        edited.day_first = true;
        edited.country = "de".into();
        edited.columns[1].choice = "ignore".into();
        edited.upload_tag = "nightly".into();
        let mut text: Map<String, Value> =
            serde_json::from_str(&export(&edited, &base()).unwrap()).unwrap();
        text.insert("api".into(), "ocapi".into());
        text.insert("partnerAgent".into(), "someone-else".into());
        let text = serde_json::to_string(&text).unwrap();
        let imported = import(&text, &draft(), &base()).unwrap();
        assert_eq!(imported.draft, edited);
        assert!(imported.unknown_columns.is_empty());
        let settings = imported.draft.to_settings(&base()).unwrap();
        assert_eq!(settings.api, matchkeys::Api::Capi, "the target decides");
        assert_eq!(settings.partner_agent.as_deref(), Some("hashdrop/test"));
    }

    #[test]
    fn an_import_names_unknown_columns_and_keeps_what_it_does_not_set() {
        let text = r#"{"mapping": {"Email": "em", "Gone": "ph", "When": "event_time"}, "currency": "EUR"}"#;
        let imported = import(text, &draft(), &base()).unwrap();
        assert_eq!(imported.unknown_columns, ["Gone"]);
        assert_eq!(imported.draft.columns[1].choice, "ignore");
        assert_eq!(imported.draft.currency, "EUR");
        assert_eq!(imported.draft.upload_tag, "sales.csv 2026-11-20");
        let presets_only = import(r#"{"country": "fr"}"#, &draft(), &base()).unwrap();
        assert_eq!(presets_only.draft.columns, draft().columns);
        assert_eq!(presets_only.draft.country, "fr");
    }

    #[test]
    fn a_file_that_is_not_settings_is_refused_with_a_code() {
        let current = draft();
        let code = |text: &str| import(text, &current, &base()).unwrap_err().code();
        assert_eq!(code("mapping: x"), "not_json");
        assert_eq!(code("[1, 2]"), "not_an_object");
        assert_eq!(code(r#"{"colour": "blue"}"#), "bad_options");
        assert_eq!(code(r#"{"timeZone": "Mars/Olympus"}"#), "bad_time_zone");
        let error = import(r#"{"colour": "blue"}"#, &current, &base()).unwrap_err();
        assert!(error.detail().contains("colour"), "{}", error.detail());
    }
}
