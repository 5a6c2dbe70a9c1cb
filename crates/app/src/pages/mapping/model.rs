//! The Mapping step's edit model (plain Rust, tested natively): one choice per column, the
//! presets and the file settings, checked before the worker prepares the file again.
//!
//! A [`MappingDraft`] holds column *names* and settings only, never a cell's value, so it is
//! also what a saved mapping stores ([`super::saved`]).

use events::Settings;
use events::fields::number::DecimalSeparator;
use events::mapping::{CustomType, EventField, Mapping, Target};
use matchkeys::{DateOrder, MatchKey};
use serde::{Deserialize, Serialize};

/// The select value of an ignored column.
pub const IGNORE: &str = "ignore";
/// The select value of a `custom_data.<name>` column (its name and type are edited beside it).
pub const CUSTOM: &str = "custom";

/// What a column's select offers, grouped for `<optgroup>`s.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionGroup {
    /// Not sent.
    Ignore,
    /// An identifier (normalized and hashed).
    Key,
    /// An event field.
    Field,
    /// A `custom_data` entry.
    Custom,
}

/// Every select value with its group, in the order shown: ignore, the match keys, the event
/// fields, custom data.
pub fn target_options() -> Vec<(OptionGroup, &'static str)> {
    let mut options = vec![(OptionGroup::Ignore, IGNORE)];
    options.extend(
        MatchKey::ALL
            .iter()
            .map(|key| (OptionGroup::Key, key.capi_name())),
    );
    options.extend(
        EventField::ALL
            .iter()
            .map(|field| (OptionGroup::Field, field.name())),
    );
    options.push((OptionGroup::Custom, CUSTOM));
    options
}

/// One column's choice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ColumnDraft {
    /// The column's header text (or 0-based index for a file without header).
    pub column: String,
    /// The select value: [`IGNORE`], a match key's CAPI name, an event field's name, or [`CUSTOM`].
    pub choice: String,
    /// The `custom_data` key, when `choice` is [`CUSTOM`].
    #[serde(default)]
    pub custom_name: String,
    /// Whether the custom value is sent as a number (else as a string).
    #[serde(default)]
    pub custom_number: bool,
}

impl ColumnDraft {
    /// The draft of a column with the events crate's target.
    pub fn new(column: impl Into<String>, target: Option<&Target>) -> ColumnDraft {
        let mut draft = ColumnDraft {
            column: column.into(),
            choice: IGNORE.to_owned(),
            custom_name: String::new(),
            custom_number: false,
        };
        match target {
            None => {}
            Some(Target::Custom { name, kind }) => {
                draft.choice = CUSTOM.to_owned();
                draft.custom_name = name.clone();
                draft.custom_number = *kind == CustomType::Number;
            }
            Some(target) => draft.choice = target.name(),
        }
        draft
    }

    /// The target chosen, `Ok(None)` when ignored; `Err` for a choice that names nothing.
    fn target(&self) -> Result<Option<Target>, Problem> {
        match self.choice.as_str() {
            IGNORE => Ok(None),
            CUSTOM => {
                let name = self.custom_name.trim();
                if name.is_empty() || name.contains(':') {
                    return Err(Problem::CustomName {
                        column: self.column.clone(),
                    });
                }
                let kind = if self.custom_number {
                    CustomType::Number
                } else {
                    CustomType::String
                };
                Ok(Some(Target::Custom {
                    name: name.to_owned(),
                    kind,
                }))
            }
            other => match Target::parse(other) {
                Ok(Target::Custom { .. }) | Err(_) => Err(Problem::UnknownTarget {
                    column: self.column.clone(),
                }),
                Ok(target) => Ok(Some(target)),
            },
        }
    }
}

/// Everything the Mapping step edits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MappingDraft {
    /// Every column of the file, in order.
    pub columns: Vec<ColumnDraft>,
    /// Event name for rows without one (empty: none).
    pub event_name: String,
    /// Currency for rows without one (empty: none).
    pub currency: String,
    /// Action source for rows without one (empty: `physical_store`).
    pub action_source: String,
    /// Day-first dates (`dmy`) instead of month-first (`mdy`).
    pub day_first: bool,
    /// Zone of times written without one: `UTC`, `+08:00` or an IANA name.
    pub time_zone: String,
    /// Default country (ISO alpha-2) for rows without one (empty: none).
    pub country: String,
    /// Decimal comma (`12,50`) instead of point.
    pub decimal_comma: bool,
    /// `upload_tag` of every batch. Proposed per file (its name and the date), so never saved
    /// with a mapping.
    #[serde(skip)]
    pub upload_tag: String,
    /// Legacy event sets: the `namespace_id` resolving `extern_id`s (empty: none).
    #[serde(default)]
    pub namespace_id: String,
}

/// What is wrong with a draft; each names the column or setting, never a value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// No column is mapped to a match key: every row would be rejected.
    NoMatchKey,
    /// An event field is given to more than one column (only identifiers may repeat).
    FieldTwice {
        /// The field's name.
        field: &'static str,
        /// The columns that have it.
        columns: Vec<String>,
    },
    /// A custom-data column has no name (or a name with `:`).
    CustomName {
        /// The column.
        column: String,
    },
    /// Two columns fill the same `custom_data` key.
    CustomTwice {
        /// The key.
        name: String,
    },
    /// A choice that is no target (e.g. from an old saved mapping).
    UnknownTarget {
        /// The column.
        column: String,
    },
    /// No event-time column: every row would be rejected.
    NoEventTime,
    /// No event-name column and no preset event name: every row would be rejected.
    NoEventName,
    /// A namespace is set and columns other than `extern_id` are identifiers.
    NamespaceWithKeys {
        /// Those columns.
        columns: Vec<String>,
    },
    /// The namespace is not an id (digits).
    NamespaceBad,
    /// A preset or file setting the events crate refuses (its stable code, e.g. `bad_time_zone`).
    Setting(&'static str),
}

impl Problem {
    /// A stable code (for `data-problem` and the texts).
    pub fn code(&self) -> &'static str {
        match self {
            Problem::NoMatchKey => "no_match_key",
            Problem::FieldTwice { .. } => "field_twice",
            Problem::CustomName { .. } => "custom_name",
            Problem::CustomTwice { .. } => "custom_twice",
            Problem::UnknownTarget { .. } => "unknown_target",
            Problem::NoEventTime => "no_event_time",
            Problem::NoEventName => "no_event_name",
            Problem::NamespaceWithKeys { .. } => "namespace_with_match_keys",
            Problem::NamespaceBad => "bad_namespace",
            Problem::Setting(code) => code,
        }
    }

    /// The column(s) or name the problem is about, for the message ("" when none).
    pub fn subject(&self) -> String {
        match self {
            Problem::FieldTwice { field, columns } => format!("{field}: {}", columns.join(", ")),
            Problem::CustomName { column } | Problem::UnknownTarget { column } => column.clone(),
            Problem::CustomTwice { name } => format!("custom_data.{name}"),
            Problem::NamespaceWithKeys { columns } => columns.join(", "),
            _ => String::new(),
        }
    }
}

fn optional(text: &str) -> Option<String> {
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

impl MappingDraft {
    /// The draft of a prepared file: its columns with the mapping used, and the settings used.
    pub fn new(columns: &[String], mapping: &serde_json::Value, settings: &Settings) -> Self {
        let mapping: Mapping = serde_json::from_value(mapping.clone()).unwrap_or_default();
        MappingDraft {
            columns: columns
                .iter()
                .map(|c| ColumnDraft::new(c.clone(), mapping.get(c).flatten()))
                .collect(),
            event_name: settings.event_name.clone().unwrap_or_default(),
            currency: settings.currency.clone().unwrap_or_default(),
            action_source: settings.action_source.clone().unwrap_or_default(),
            day_first: settings.date_order == DateOrder::DayFirst,
            time_zone: settings.time_zone.clone(),
            country: settings.country.clone().unwrap_or_default(),
            decimal_comma: settings.decimal_separator == DecimalSeparator::Comma,
            upload_tag: settings.upload_tag.clone().unwrap_or_default(),
            namespace_id: settings.namespace_id.clone().unwrap_or_default(),
        }
    }

    /// The column names, in order.
    pub fn column_names(&self) -> Vec<String> {
        self.columns.iter().map(|c| c.column.clone()).collect()
    }

    /// The mapping of every column, or the problems of the columns.
    fn mapping(&self) -> Result<Mapping, Vec<Problem>> {
        let mut problems = Vec::new();
        let mut mapping = Mapping::new();
        let mut fields: Vec<(&'static str, Vec<String>)> = Vec::new();
        let mut custom: Vec<String> = Vec::new();
        let mut has_key = false;
        let mut other_keys = Vec::new();
        for column in &self.columns {
            match column.target() {
                Ok(target) => {
                    match &target {
                        Some(Target::Key(key)) => {
                            has_key = true;
                            if *key != MatchKey::ExternalId {
                                other_keys.push(column.column.clone());
                            }
                        }
                        Some(Target::Field(field)) => {
                            match fields.iter_mut().find(|(f, _)| *f == field.name()) {
                                Some((_, columns)) => columns.push(column.column.clone()),
                                None => fields.push((field.name(), vec![column.column.clone()])),
                            }
                        }
                        Some(Target::Custom { name, .. }) => {
                            if custom.contains(name) {
                                problems.push(Problem::CustomTwice { name: name.clone() });
                            }
                            custom.push(name.clone());
                        }
                        _ => {}
                    }
                    mapping.set(column.column.clone(), target);
                }
                Err(problem) => problems.push(problem),
            }
        }
        if !has_key {
            problems.insert(0, Problem::NoMatchKey);
        }
        let has = |name: &str| fields.iter().any(|(f, _)| *f == name);
        if !has(EventField::EventTime.name()) {
            problems.push(Problem::NoEventTime);
        }
        if !has(EventField::EventName.name()) && self.event_name.trim().is_empty() {
            problems.push(Problem::NoEventName);
        }
        for (field, columns) in fields {
            if columns.len() > 1 {
                problems.push(Problem::FieldTwice { field, columns });
            }
        }
        let namespace = self.namespace_id.trim();
        if !namespace.is_empty() {
            if !namespace.bytes().all(|b| b.is_ascii_digit()) || namespace.len() > 20 {
                problems.push(Problem::NamespaceBad);
            }
            if !other_keys.is_empty() {
                problems.push(Problem::NamespaceWithKeys {
                    columns: other_keys,
                });
            }
        }
        if problems.is_empty() {
            Ok(mapping)
        } else {
            Err(problems)
        }
    }

    /// Every problem of the draft (empty: it can be applied).
    pub fn problems(&self, base: &Settings) -> Vec<Problem> {
        self.to_settings(base).err().unwrap_or_default()
    }

    /// `base` with this mapping, presets and file settings, checked as the worker will check
    /// them; `header` is kept (the columns are the file's).
    pub fn to_settings(&self, base: &Settings) -> Result<Settings, Vec<Problem>> {
        let mut settings = base.clone();
        settings.event_name = optional(&self.event_name);
        settings.currency = optional(&self.currency);
        settings.action_source = optional(&self.action_source);
        settings.date_order = if self.day_first {
            DateOrder::DayFirst
        } else {
            DateOrder::MonthFirst
        };
        settings.time_zone = optional(&self.time_zone).unwrap_or_else(|| "UTC".to_owned());
        settings.country = optional(&self.country);
        settings.decimal_separator = if self.decimal_comma {
            DecimalSeparator::Comma
        } else {
            DecimalSeparator::Point
        };
        settings.upload_tag = optional(&self.upload_tag).or(settings.upload_tag);
        settings.namespace_id = optional(&self.namespace_id);
        let mut problems = match self.mapping() {
            Ok(mapping) => {
                settings.mapping = Some(mapping);
                Vec::new()
            }
            Err(problems) => problems,
        };
        if let Err(error) = settings.resolve() {
            problems.push(Problem::Setting(error.code()));
        }
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(problems)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: [&str; 6] = [
        "Email",
        "Phone",
        "Purchase Date",
        "Amount",
        "Currency",
        "Store ID",
    ];

    fn columns() -> Vec<String> {
        COLUMNS.iter().map(|c| c.to_string()).collect()
    }

    fn detected() -> serde_json::Value {
        serde_json::json!({
            "Email": "em", "Phone": "ph", "Purchase Date": "event_time",
            "Amount": "value", "Currency": "currency", "Store ID": null
        })
    }

    fn base() -> Settings {
        let mut settings = Settings::new(1_795_132_800);
        settings.event_name = Some("Purchase".into());
        settings
    }

    fn draft() -> MappingDraft {
        MappingDraft::new(&columns(), &detected(), &base())
    }

    #[test]
    fn a_detected_mapping_round_trips_into_settings() {
        let draft = draft();
        assert_eq!(draft.columns[0].choice, "em");
        assert_eq!(draft.columns[5].choice, IGNORE);
        assert_eq!(draft.event_name, "Purchase");
        let settings = draft.to_settings(&base()).unwrap();
        let mapping = serde_json::to_value(settings.mapping.unwrap()).unwrap();
        assert_eq!(mapping, detected());
        assert_eq!(settings.event_name.as_deref(), Some("Purchase"));
    }

    #[test]
    fn edits_change_the_settings() {
        let mut draft = draft();
        draft.columns[1].choice = IGNORE.into();
        draft.columns[5].choice = CUSTOM.into();
        draft.columns[5].custom_name = "store".into();
        draft.columns[5].custom_number = true;
        draft.day_first = true;
        draft.decimal_comma = true;
        draft.time_zone = "+08:00".into();
        draft.country = "us".into();
        draft.currency = "eur".into();
        let settings = draft.to_settings(&base()).unwrap();
        let mapping = serde_json::to_value(settings.mapping.as_ref().unwrap()).unwrap();
        assert_eq!(mapping["Phone"], serde_json::Value::Null);
        assert_eq!(mapping["Store ID"], "custom_data.store:number");
        assert_eq!(settings.date_order, DateOrder::DayFirst);
        assert_eq!(settings.decimal_separator, DecimalSeparator::Comma);
        assert_eq!(settings.time_zone, "+08:00");
        assert_eq!(settings.country.as_deref(), Some("us"));
        assert_eq!(settings.currency.as_deref(), Some("eur"));
        // Back from the settings and the mapping, the draft is the same.
        let again = MappingDraft::new(&columns(), &mapping, &settings);
        assert_eq!(again, draft);
    }

    #[test]
    fn several_columns_may_share_a_match_key_but_not_an_event_field() {
        let mut draft = draft();
        draft.columns[1].choice = "em".into();
        assert!(draft.problems(&base()).is_empty());
        draft.columns[3].choice = "event_time".into();
        assert_eq!(
            draft.problems(&base()),
            [Problem::FieldTwice {
                field: "event_time",
                columns: vec!["Purchase Date".into(), "Amount".into()]
            }]
        );
    }

    #[test]
    fn problems_name_the_column_or_setting() {
        let mut draft = draft();
        for column in &mut draft.columns {
            if column.choice == "em" || column.choice == "ph" {
                column.choice = IGNORE.into();
            }
        }
        draft.columns[5].choice = CUSTOM.into();
        draft.columns[4].choice = "custom_data.store:date".into();
        draft.time_zone = "Mars/Olympus".into();
        draft.event_name = " ".into();
        let codes: Vec<&str> = draft.problems(&base()).iter().map(Problem::code).collect();
        assert_eq!(
            codes,
            [
                "no_match_key",
                "unknown_target",
                "custom_name",
                "no_event_name",
                "bad_time_zone"
            ]
        );
        let problems = draft.problems(&base());
        assert_eq!(problems[1].subject(), "Currency");
        assert_eq!(problems[2].subject(), "Store ID");
    }

    #[test]
    fn two_columns_cannot_fill_one_custom_key() {
        let mut draft = draft();
        for i in [4, 5] {
            draft.columns[i].choice = CUSTOM.into();
            draft.columns[i].custom_name = "store".into();
        }
        assert_eq!(
            draft.problems(&base()),
            [Problem::CustomTwice {
                name: "store".into()
            }]
        );
    }

    #[test]
    fn the_upload_tag_is_edited_and_an_empty_one_keeps_the_proposed_tag() {
        let mut base = base();
        base.upload_tag = Some("sales.csv 2026-11-20".into());
        let mut draft = MappingDraft::new(&columns(), &detected(), &base);
        assert_eq!(draft.upload_tag, "sales.csv 2026-11-20");
        draft.upload_tag = " nightly store 7 ".into();
        let settings = draft.to_settings(&base).unwrap();
        assert_eq!(settings.upload_tag.as_deref(), Some("nightly store 7"));
        draft.upload_tag = String::new();
        let settings = draft.to_settings(&base).unwrap();
        assert_eq!(settings.upload_tag.as_deref(), Some("sales.csv 2026-11-20"));
    }

    #[test]
    fn a_legacy_event_set_sends_customer_ids_alone_through_a_namespace() {
        let mut legacy = base();
        legacy.api = matchkeys::Api::Ocapi;
        let mut draft = MappingDraft::new(&columns(), &detected(), &legacy);
        draft.columns[5].choice = "external_id".into();
        draft.namespace_id = "1234567890".into();
        // Email and phone are identifiers too: the namespace does not allow them.
        let problems = draft.problems(&legacy);
        assert_eq!(
            problems,
            [Problem::NamespaceWithKeys {
                columns: vec!["Email".into(), "Phone".into()]
            }]
        );
        assert_eq!(problems[0].subject(), "Email, Phone");
        draft.columns[0].choice = IGNORE.into();
        draft.columns[1].choice = IGNORE.into();
        let settings = draft.to_settings(&legacy).unwrap();
        assert_eq!(settings.namespace_id.as_deref(), Some("1234567890"));
        let mapping = serde_json::to_value(settings.mapping.unwrap()).unwrap();
        assert_eq!(mapping["Store ID"], "external_id");
        draft.namespace_id = "set 12".into();
        assert_eq!(draft.problems(&legacy), [Problem::NamespaceBad]);
        // A dataset takes no namespace: the events crate refuses it.
        draft.namespace_id = "12".into();
        let codes: Vec<&str> = draft.problems(&base()).iter().map(Problem::code).collect();
        assert_eq!(codes, ["namespace_needs_ocapi"]);
    }

    #[test]
    fn every_option_is_a_target_or_ignore_or_custom() {
        let options = target_options();
        assert_eq!(options.len(), 1 + 19 + 19 + 1);
        for (group, value) in options {
            let parsed = Target::parse(value);
            match group {
                OptionGroup::Key => assert!(matches!(parsed, Ok(Target::Key(_))), "{value}"),
                OptionGroup::Field => assert!(matches!(parsed, Ok(Target::Field(_))), "{value}"),
                OptionGroup::Ignore | OptionGroup::Custom => assert!(parsed.is_err(), "{value}"),
            }
        }
    }
}
