//! The data a condition filters on: `event`, `url`, `value` and custom parameters.

use std::fmt;

/// Standard custom-data parameters that hold numbers (numeric operators apply to them).
const NUMERIC_PARAMS: [&str; 2] = ["num_items", "predicted_ltv"];

/// Standard custom-data parameters that hold text (numeric operators do not apply).
const TEXT_PARAMS: [&str; 10] = [
    "currency",
    "content_type",
    "content_ids",
    "content_name",
    "content_category",
    "order_id",
    "item_number",
    "search_string",
    "status",
    "delivery_category",
];

/// Event-level fields that exist on an event but that a custom-conversion rule cannot filter on
/// (identifiers, timestamps, delivery settings), each with what to write instead, if anything.
const NOT_RULE_FIELDS: [(&str, &str); 15] = [
    (
        "event_source_url",
        "write `url` to filter on the page address",
    ),
    ("event_time", "rules cannot filter on the event time"),
    ("event_id", "rules cannot filter on the deduplication id"),
    (
        "action_source",
        "choose the action source when creating the conversion",
    ),
    ("user_data", "rules cannot filter on customer information"),
    ("match_keys", "rules cannot filter on customer information"),
    ("contents", "rules cannot filter on the contents list"),
    (
        "data_processing_options",
        "rules cannot filter on data processing options",
    ),
    (
        "data_processing_options_country",
        "rules cannot filter on data processing options",
    ),
    (
        "data_processing_options_state",
        "rules cannot filter on data processing options",
    ),
    ("opt_out", "rules cannot filter on opt-out flags"),
    ("referrer_url", "write `url` to filter on the page address"),
    ("app_data", "rules cannot filter on app data"),
    ("upload_tag", "rules cannot filter on the upload tag"),
    ("namespace_id", "rules cannot filter on the namespace"),
];

/// What a field resolves to in an event, whatever spelling the rule used.
///
/// `event` and `event_name` are both [`FieldPath::EventName`]; `value` and `custom_data.value`
/// are both [`FieldPath::Value`]; `currency`, `custom_data.currency`, and the bare custom
/// parameter `color` of Meta's pixel example (`custom_data.color`) are [`FieldPath::Param`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum FieldPath {
    /// The event name (`event_name` in CAPI and OCAPI events).
    EventName,
    /// The page address (`event_source_url` in CAPI events).
    Url,
    /// The conversion value (`custom_data.value` in CAPI, `value` in OCAPI events).
    Value,
    /// A custom-data parameter, by name (`custom_data.<name>`).
    Param(String),
}

/// The kind of data a field holds, which decides the operators that apply to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldKind {
    /// Text: every operator except `lt`, `lte`, `gt`, `gte`.
    Text,
    /// A number: `eq`, `neq`, `lt`, `lte`, `gt`, `gte`.
    Number,
    /// A custom parameter whose kind only the events know: every operator.
    Any,
}

/// A rule field: its key as written in the rule JSON, and what it resolves to.
///
/// ```
/// use rules::{Field, FieldKind, FieldPath};
/// let field = Field::new("custom_data.product_category").unwrap();
/// assert_eq!(field.key(), "custom_data.product_category");
/// assert_eq!(field.path(), &FieldPath::Param("product_category".into()));
/// assert_eq!(Field::new("event").unwrap().path(), &FieldPath::EventName);
/// assert_eq!(Field::new("value").unwrap().kind(), FieldKind::Number);
/// assert!(Field::new("user_data.em").is_err());
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Field {
    key: String,
    path: FieldPath,
}

/// Why a key is not a rule field.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum FieldError {
    /// The key is empty (or `custom_data.` with no name).
    Empty,
    /// The key contains whitespace or control characters.
    BadCharacter,
    /// A dotted key outside `custom_data.` (e.g. `user_data.em`), or a nested custom parameter.
    UnknownNamespace,
    /// An event field that rules cannot filter on, with what to do instead.
    NotARuleField(&'static str),
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldError::Empty => f.write_str("the field name is empty"),
            FieldError::BadCharacter => {
                f.write_str("a field name cannot contain spaces or control characters")
            }
            FieldError::UnknownNamespace => f.write_str(
                "unknown field: rules filter on `event`, `event_name`, `url`, `value` and \
                 custom parameters written `custom_data.<name>`",
            ),
            FieldError::NotARuleField(hint) => write!(f, "not a rule field: {hint}"),
        }
    }
}

impl std::error::Error for FieldError {}

impl Field {
    /// Read a field key as Meta writes it in a rule.
    pub fn new(key: &str) -> Result<Field, FieldError> {
        Ok(Field {
            key: key.to_owned(),
            path: resolve(key)?,
        })
    }

    /// `event_name`.
    pub fn event_name() -> Field {
        Field {
            key: "event_name".into(),
            path: FieldPath::EventName,
        }
    }

    /// `url`.
    pub fn url() -> Field {
        Field {
            key: "url".into(),
            path: FieldPath::Url,
        }
    }

    /// `value`.
    pub fn value() -> Field {
        Field {
            key: "value".into(),
            path: FieldPath::Value,
        }
    }

    /// `custom_data.<name>`.
    pub fn custom(name: &str) -> Result<Field, FieldError> {
        Field::new(&format!("custom_data.{name}"))
    }

    /// The key exactly as written in the rule JSON.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// What the field resolves to in an event.
    pub fn path(&self) -> &FieldPath {
        &self.path
    }

    /// The kind of data the field holds.
    pub fn kind(&self) -> FieldKind {
        self.path.kind()
    }
}

impl FieldPath {
    /// The kind of data at this path.
    pub fn kind(&self) -> FieldKind {
        match self {
            FieldPath::EventName | FieldPath::Url => FieldKind::Text,
            FieldPath::Value => FieldKind::Number,
            FieldPath::Param(name) if NUMERIC_PARAMS.contains(&name.as_str()) => FieldKind::Number,
            FieldPath::Param(name) if TEXT_PARAMS.contains(&name.as_str()) => FieldKind::Text,
            FieldPath::Param(_) => FieldKind::Any,
        }
    }
}

impl fmt::Display for Field {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.key)
    }
}

fn resolve(key: &str) -> Result<FieldPath, FieldError> {
    if key.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(FieldError::BadCharacter);
    }
    let (name, prefixed) = match key.strip_prefix("custom_data.") {
        Some(name) => (name, true),
        None => (key, false),
    };
    if name.is_empty() {
        return Err(FieldError::Empty);
    }
    if name.contains('.') {
        return Err(FieldError::UnknownNamespace);
    }
    if let Some((_, hint)) = NOT_RULE_FIELDS.iter().find(|(n, _)| *n == name) {
        return Err(FieldError::NotARuleField(hint));
    }
    Ok(match (name, prefixed) {
        ("event" | "event_name", false) => FieldPath::EventName,
        ("url", false) => FieldPath::Url,
        ("value", _) => FieldPath::Value,
        (name, _) => FieldPath::Param(name.to_owned()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_resolve_to_the_same_event_data() {
        let path = |k: &str| Field::new(k).unwrap().path().clone();
        assert_eq!(path("event"), FieldPath::EventName);
        assert_eq!(path("event_name"), FieldPath::EventName);
        assert_eq!(path("url"), FieldPath::Url);
        assert_eq!(path("custom_data.value"), FieldPath::Value);
        assert_eq!(path("color"), FieldPath::Param("color".into()));
        assert_eq!(path("custom_data.color"), FieldPath::Param("color".into()));
        assert_eq!(path("currency"), FieldPath::Param("currency".into()));
        // Inside custom_data, `event` and `url` are ordinary custom parameters.
        assert_eq!(path("custom_data.url"), FieldPath::Param("url".into()));
    }

    #[test]
    fn kinds_follow_the_standard_parameters() {
        let kind = |k: &str| Field::new(k).unwrap().kind();
        assert_eq!(kind("value"), FieldKind::Number);
        assert_eq!(kind("custom_data.num_items"), FieldKind::Number);
        assert_eq!(kind("currency"), FieldKind::Text);
        assert_eq!(kind("custom_data.order_id"), FieldKind::Text);
        assert_eq!(kind("custom_data.price"), FieldKind::Any);
    }

    #[test]
    fn rejects_what_rules_cannot_filter_on() {
        assert_eq!(Field::new(""), Err(FieldError::Empty));
        assert_eq!(Field::new("custom_data."), Err(FieldError::Empty));
        assert_eq!(Field::new("custom data"), Err(FieldError::BadCharacter));
        assert_eq!(
            Field::new("user_data.em"),
            Err(FieldError::UnknownNamespace)
        );
        assert_eq!(
            Field::new("custom_data.a.b"),
            Err(FieldError::UnknownNamespace)
        );
        let err = Field::new("event_source_url").unwrap_err();
        assert_eq!(
            err.to_string(),
            "not a rule field: write `url` to filter on the page address"
        );
        assert!(Field::new("custom_data.contents").is_err());
        assert!(Field::new("event_time").is_err());
    }
}
