//! Which column of a file feeds which part of an event.
//!
//! A [`Mapping`] is what the user edits: an ordered list of `column -> target`, serialized as the
//! plain JSON object DESIGN.md describes (`{"Email": "em", "Store ID": null}`). The column is the
//! header text, or the 0-based index as a string when the file has no header.

use std::fmt;

use matchkeys::MatchKey;
use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;

/// An event field a column can fill (everything that is not an identifier).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventField {
    /// `event_name`: a standard event (`Purchase`, `Lead`, …) or a custom name.
    EventName,
    /// `event_time`: Unix seconds, ISO 8601 or a date layout.
    EventTime,
    /// `value`: the conversion's value.
    Value,
    /// `currency`: an ISO 4217 code.
    Currency,
    /// `order_id`: the receipt or order number.
    OrderId,
    /// `item_number`: tells apart the lines of one order.
    ItemNumber,
    /// `event_id`: an explicit deduplication id.
    EventId,
    /// `action_source`: where the conversion happened (`physical_store`, …).
    ActionSource,
    /// `content_type`: `product` or `product_group`.
    ContentType,
    /// `contents`: a JSON array of `{id, quantity, item_price, brand, category}`.
    Contents,
    /// `content_ids`: product ids separated by `,`, `|` or `;` (one content each, quantity 1).
    ContentIds,
    /// `content_id`: the id of this row's single product.
    ContentId,
    /// `quantity`: the quantity of this row's product.
    Quantity,
    /// `item_price`: the unit price of this row's product.
    ItemPrice,
    /// `brand`: the brand of this row's product.
    Brand,
    /// `category`: the category of this row's product.
    Category,
    /// `data_processing_options`: `LDU` (Limited Data Use) or empty.
    DataProcessingOptions,
    /// `data_processing_options_country`: `0` (geolocate) or `1` (United States).
    DataProcessingOptionsCountry,
    /// `data_processing_options_state`: `0` (geolocate) or a state code such as `1000`.
    DataProcessingOptionsState,
}

impl EventField {
    /// Every field, in the order their names are written.
    pub const ALL: [EventField; 19] = [
        Self::EventName,
        Self::EventTime,
        Self::Value,
        Self::Currency,
        Self::OrderId,
        Self::ItemNumber,
        Self::EventId,
        Self::ActionSource,
        Self::ContentType,
        Self::Contents,
        Self::ContentIds,
        Self::ContentId,
        Self::Quantity,
        Self::ItemPrice,
        Self::Brand,
        Self::Category,
        Self::DataProcessingOptions,
        Self::DataProcessingOptionsCountry,
        Self::DataProcessingOptionsState,
    ];

    /// The field's name in the payload and in a mapping.
    pub fn name(self) -> &'static str {
        match self {
            Self::EventName => "event_name",
            Self::EventTime => "event_time",
            Self::Value => "value",
            Self::Currency => "currency",
            Self::OrderId => "order_id",
            Self::ItemNumber => "item_number",
            Self::EventId => "event_id",
            Self::ActionSource => "action_source",
            Self::ContentType => "content_type",
            Self::Contents => "contents",
            Self::ContentIds => "content_ids",
            Self::ContentId => "content_id",
            Self::Quantity => "quantity",
            Self::ItemPrice => "item_price",
            Self::Brand => "brand",
            Self::Category => "category",
            Self::DataProcessingOptions => "data_processing_options",
            Self::DataProcessingOptionsCountry => "data_processing_options_country",
            Self::DataProcessingOptionsState => "data_processing_options_state",
        }
    }

    /// The field a name stands for.
    pub fn from_name(name: &str) -> Option<EventField> {
        Self::ALL.into_iter().find(|f| f.name() == name)
    }
}

/// The declared type of a `custom_data.<name>` column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum CustomType {
    /// Sent as a JSON string (the default).
    #[default]
    String,
    /// Parsed with the file's decimal separator and sent as a JSON number.
    Number,
}

/// What a column feeds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// An identifier, normalized and hashed by `matchkeys`.
    Key(MatchKey),
    /// An event field.
    Field(EventField),
    /// `custom_data.<name>`, written `custom_data.<name>` (string) or `custom_data.<name>:number`.
    Custom {
        /// The key inside `custom_data`.
        name: String,
        /// How the cell is sent.
        kind: CustomType,
    },
}

/// A mapping target that is not a match key, an event field or `custom_data.<name>`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTarget;

impl fmt::Display for UnknownTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a mapping target (a match key such as `em`, an event field such as `event_time`, or `custom_data.<name>`)")
    }
}

impl std::error::Error for UnknownTarget {}

impl Target {
    /// Read a target from its name (match keys in either spelling).
    pub fn parse(name: &str) -> Result<Target, UnknownTarget> {
        let name = name.trim();
        if let Some(rest) = name.strip_prefix("custom_data.") {
            let (field, kind) = match rest.rsplit_once(':') {
                Some((field, "number")) => (field, CustomType::Number),
                Some((field, "string")) => (field, CustomType::String),
                _ => (rest, CustomType::String),
            };
            if field.is_empty() {
                return Err(UnknownTarget);
            }
            return Ok(Target::Custom {
                name: field.to_string(),
                kind,
            });
        }
        if let Some(field) = EventField::from_name(name) {
            return Ok(Target::Field(field));
        }
        MatchKey::from_name(name)
            .map(Target::Key)
            .ok_or(UnknownTarget)
    }

    /// The target's canonical name (match keys in their CAPI spelling).
    pub fn name(&self) -> String {
        match self {
            Target::Key(key) => key.capi_name().to_string(),
            Target::Field(field) => field.name().to_string(),
            Target::Custom {
                name,
                kind: CustomType::String,
            } => format!("custom_data.{name}"),
            Target::Custom {
                name,
                kind: CustomType::Number,
            } => format!("custom_data.{name}:number"),
        }
    }

    /// Whether several columns may share this target (identifiers only: two email columns).
    pub fn repeatable(&self) -> bool {
        matches!(self, Target::Key(_))
    }
}

/// An editable column mapping: `column -> target`, in column order.
///
/// ```
/// use events::mapping::Mapping;
/// let mapping: Mapping = serde_json::from_str(r#"{"E-mail": "email", "Total": "value", "Notes": null}"#).unwrap();
/// assert_eq!(serde_json::to_string(&mapping).unwrap(), r#"{"E-mail":"em","Total":"value","Notes":null}"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Mapping {
    entries: Vec<(String, Option<Target>)>,
}

impl Mapping {
    /// An empty mapping.
    pub fn new() -> Self {
        Self::default()
    }

    /// Map `column` to `target` (`None` ignores the column), replacing an earlier entry.
    pub fn set(&mut self, column: impl Into<String>, target: Option<Target>) {
        let column = column.into();
        match self.entries.iter_mut().find(|(c, _)| *c == column) {
            Some(entry) => entry.1 = target,
            None => self.entries.push((column, target)),
        }
    }

    /// The target of `column`, if the mapping names the column.
    pub fn get(&self, column: &str) -> Option<Option<&Target>> {
        self.entries
            .iter()
            .find(|(c, _)| c == column)
            .map(|(_, t)| t.as_ref())
    }

    /// Every entry in order.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Option<&Target>)> {
        self.entries.iter().map(|(c, t)| (c.as_str(), t.as_ref()))
    }

    /// The target for each of `columns` (header texts, or `None` for a file without header):
    /// by header text first, then by the column's index written as a string.
    pub fn resolve(&self, columns: &[String], has_header: bool) -> Vec<Option<Target>> {
        columns
            .iter()
            .enumerate()
            .map(|(i, name)| {
                let by_name = if has_header { self.get(name) } else { None };
                by_name
                    .or_else(|| self.get(&i.to_string()))
                    .flatten()
                    .cloned()
            })
            .collect()
    }
}

impl serde::Serialize for Mapping {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.entries.len()))?;
        for (column, target) in &self.entries {
            map.serialize_entry(column, &target.as_ref().map(Target::name))?;
        }
        map.end()
    }
}

impl<'de> serde::Deserialize<'de> for Mapping {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct MappingVisitor;
        impl<'de> Visitor<'de> for MappingVisitor {
            type Value = Mapping;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an object from column to target (a match key, an event field, custom_data.<name> or null)")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Mapping, A::Error> {
                let mut mapping = Mapping::new();
                while let Some((column, target)) = access.next_entry::<String, Option<String>>()? {
                    let target = match target {
                        Some(name) => Some(Target::parse(&name).map_err(|e| {
                            serde::de::Error::custom(format_args!("column {column:?}: {e}"))
                        })?),
                        None => None,
                    };
                    mapping.set(column, target);
                }
                Ok(mapping)
            }
        }
        deserializer.deserialize_map(MappingVisitor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_round_trip_through_their_names() {
        for field in EventField::ALL {
            assert_eq!(Target::parse(field.name()), Ok(Target::Field(field)));
        }
        assert_eq!(Target::parse("email"), Ok(Target::Key(MatchKey::Email)));
        assert_eq!(Target::parse("zip").map(|t| t.name()), Ok("zp".to_string()));
        let custom = Target::parse("custom_data.store:number").unwrap();
        assert_eq!(
            custom,
            Target::Custom {
                name: "store".into(),
                kind: CustomType::Number
            }
        );
        assert_eq!(custom.name(), "custom_data.store:number");
        assert_eq!(Target::parse("custom_data."), Err(UnknownTarget));
        assert_eq!(Target::parse("shoe_size"), Err(UnknownTarget));
    }

    #[test]
    fn resolves_by_header_then_by_index() {
        let mapping: Mapping =
            serde_json::from_str(r#"{"Mail": "em", "1": "ph", "Mail2": "em"}"#).unwrap();
        let columns = vec!["Mail".to_string(), "Tel".to_string(), "Mail2".to_string()];
        let targets = mapping.resolve(&columns, true);
        assert_eq!(
            targets,
            [
                Some(Target::Key(MatchKey::Email)),
                Some(Target::Key(MatchKey::Phone)),
                Some(Target::Key(MatchKey::Email))
            ]
        );
    }

    #[test]
    fn rejects_unknown_targets_naming_the_column() {
        let error = serde_json::from_str::<Mapping>(r#"{"Shoe": "shoe_size"}"#).unwrap_err();
        assert!(error.to_string().contains("\"Shoe\""), "{error}");
    }
}
