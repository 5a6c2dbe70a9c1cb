//! The settings of one file's preparation, as the JavaScript `options` object spells them.

use std::fmt;

use matchkeys::{Api, Country, DateOrder};
use serde::{Deserialize, Serialize};

use crate::Delimiter;
use crate::fields::names::ActionSource;
use crate::fields::number::DecimalSeparator;
use crate::fields::time::{TimeZone, UnknownTimeZone};
use crate::mapping::Mapping;

/// Most events in one CAPI request.
pub const CAPI_MAX_EVENTS: usize = 1_000;
/// Most events in one OCAPI request.
pub const OCAPI_MAX_EVENTS: usize = 2_000;
/// Default request body limit: well under the Graph API's, so a batch is never refused for size.
pub const DEFAULT_MAX_BATCH_BYTES: usize = 2 * 1024 * 1024;
/// The `partner_agent` every Conversions API body carries unless the settings name another:
/// `hashdrop/<version>`.
pub const DEFAULT_PARTNER_AGENT: &str = concat!("hashdrop/", env!("CARGO_PKG_VERSION"));

/// Settings for one file, deserialized from the `options` object (camelCase names).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Settings {
    /// `"capi"` (default) or `"ocapi"`.
    #[serde(default, with = "api_name")]
    pub api: Api,
    /// The current time, Unix seconds (the event-time window is measured from it).
    pub now: i64,
    /// Zone of times written without one: `"UTC"` (default), `"+08:00"` or an IANA name.
    #[serde(default = "utc")]
    pub time_zone: String,
    /// `"mdy"` (default) or `"dmy"`: for `03/04/2026` and dates of birth.
    #[serde(default, with = "date_order_name")]
    pub date_order: DateOrder,
    /// `"."` (default) or `","`.
    #[serde(default, with = "decimal_name")]
    pub decimal_separator: DecimalSeparator,
    /// Default country (ISO alpha-2) for rows without a country of their own.
    #[serde(default)]
    pub country: Option<String>,
    /// The delimiter; detected from the first line when absent.
    #[serde(default)]
    pub delimiter: Option<Delimiter>,
    /// Whether the first record is a header; detected when absent.
    #[serde(default)]
    pub header: Option<bool>,
    /// The column mapping; detected from the header (or the values) when absent.
    #[serde(default)]
    pub mapping: Option<Mapping>,
    /// Event name for rows without one (no column, or an empty cell).
    #[serde(default)]
    pub event_name: Option<String>,
    /// Currency for rows without one.
    #[serde(default)]
    pub currency: Option<String>,
    /// Action source for rows without one (default `physical_store`).
    #[serde(default)]
    pub action_source: Option<String>,
    /// `upload_tag` of every batch (default: the file name, or `hashdrop`). The app and the
    /// command line propose [`default_upload_tag`] (the file name and the date) and keep it
    /// here, so a resumed upload carries the same tag.
    #[serde(default)]
    pub upload_tag: Option<String>,
    /// CAPI `test_event_code` (events then show in Events Manager's test tab only).
    #[serde(default)]
    pub test_event_code: Option<String>,
    /// CAPI `partner_agent` (default [`DEFAULT_PARTNER_AGENT`]; an empty text sends none).
    /// The legacy offline event set endpoint takes no `partner_agent` (its parameters are
    /// `upload_tag`, `upload_id`, `upload_source`, `data`, `namespace_id`), so OCAPI bodies
    /// never carry it.
    #[serde(default)]
    pub partner_agent: Option<String>,
    /// OCAPI `namespace_id`: only with `extern_id` and no other match key.
    #[serde(default)]
    pub namespace_id: Option<String>,
    /// Hash `external_id` (default true).
    #[serde(default = "yes")]
    pub hash_external_id: bool,
    /// Oldest accepted `physical_store` event, in days before `now` (default 62).
    #[serde(default = "sixty_two")]
    pub window_days_physical_store: u32,
    /// Oldest accepted event of any other action source, in days (default 7).
    #[serde(default = "seven")]
    pub window_days_other: u32,
    /// Most events a batch holds (default and maximum: 1,000 CAPI, 2,000 OCAPI).
    #[serde(default)]
    pub max_batch_events: Option<usize>,
    /// Most bytes a batch's request body holds (default 2 MiB).
    #[serde(default)]
    pub max_batch_bytes: Option<usize>,
    /// How many data rows get a preview (normalized values, kept locally).
    #[serde(default)]
    pub preview_rows: usize,
    /// The file's name and size, for the upload plan and the dedup keys.
    #[serde(default)]
    pub file: Option<FileInfo>,
}

/// The identity of a file known before reading it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct FileInfo {
    /// The file name.
    pub name: String,
    /// Its size in bytes.
    pub size: u64,
}

fn utc() -> String {
    "UTC".to_string()
}
fn yes() -> bool {
    true
}
fn sixty_two() -> u32 {
    62
}
fn seven() -> u32 {
    7
}

impl Settings {
    /// Settings with every default, for a file read at `now` (Unix seconds).
    pub fn new(now: i64) -> Settings {
        Settings {
            api: Api::Capi,
            now,
            time_zone: utc(),
            date_order: DateOrder::MonthFirst,
            decimal_separator: DecimalSeparator::Point,
            country: None,
            delimiter: None,
            header: None,
            mapping: None,
            event_name: None,
            currency: None,
            action_source: None,
            upload_tag: None,
            test_event_code: None,
            partner_agent: None,
            namespace_id: None,
            hash_external_id: true,
            window_days_physical_store: 62,
            window_days_other: 7,
            max_batch_events: None,
            max_batch_bytes: None,
            preview_rows: 0,
            file: None,
        }
    }

    /// Settings from the JSON text of an `options` object.
    pub fn from_json(json: &str) -> Result<Settings, SettingsError> {
        serde_json::from_str(json).map_err(|e| SettingsError::Json(e.to_string()))
    }

    /// Check the settings and turn them into what the row checks use.
    pub fn resolve(&self) -> Result<Resolved, SettingsError> {
        let time_zone = TimeZone::parse(&self.time_zone).map_err(SettingsError::TimeZone)?;
        let country = match &self.country {
            Some(code) if !code.trim().is_empty() => {
                Some(Country::parse(code).map_err(|_| SettingsError::Country)?)
            }
            _ => None,
        };
        let preset_currency = match &self.currency {
            Some(code) => {
                Some(crate::fields::currency::parse(code).ok_or(SettingsError::Currency)?)
            }
            None => None,
        };
        let action_source = match &self.action_source {
            Some(name) => ActionSource::parse(name).ok_or(SettingsError::ActionSource)?,
            None => ActionSource::PhysicalStore,
        };
        let preset_event_name = match &self.event_name {
            Some(name) => Some(
                crate::fields::names::event_name(name)
                    .ok_or(SettingsError::EventName)?
                    .to_string(),
            ),
            None => None,
        };
        let limit = match self.api {
            Api::Ocapi => OCAPI_MAX_EVENTS,
            _ => CAPI_MAX_EVENTS,
        };
        let max_events = self.max_batch_events.unwrap_or(limit);
        if max_events == 0 || max_events > limit {
            return Err(SettingsError::BatchEvents { limit });
        }
        if self.namespace_id.is_some() && self.api != Api::Ocapi {
            return Err(SettingsError::NamespaceNeedsOcapi);
        }
        let current_year = i32::from(crate::civil_year(self.now).ok_or(SettingsError::Now)?);
        let mut options = matchkeys::Options::new(current_year);
        options.default_country = country;
        options.date_order = self.date_order;
        options.hash_external_id = self.hash_external_id;
        Ok(Resolved {
            time_zone,
            options,
            preset_currency,
            preset_event_name,
            action_source,
            max_events,
            max_bytes: self.max_batch_bytes.unwrap_or(DEFAULT_MAX_BATCH_BYTES),
            decimal_separator: self.decimal_separator,
        })
    }

    /// The `partner_agent` every body carries: the setting, else [`DEFAULT_PARTNER_AGENT`];
    /// none for an empty setting or for OCAPI.
    pub fn partner_agent(&self) -> Option<String> {
        if self.api == Api::Ocapi {
            return None;
        }
        match self.partner_agent.as_deref().map(str::trim) {
            None => Some(DEFAULT_PARTNER_AGENT.to_string()),
            Some("") => None,
            Some(agent) => Some(agent.to_string()),
        }
    }

    /// The `upload_tag` every batch carries.
    pub fn upload_tag(&self) -> String {
        match (&self.upload_tag, &self.file) {
            (Some(tag), _) => tag.clone(),
            (None, Some(file)) => file.name.clone(),
            (None, None) => "hashdrop".to_string(),
        }
    }
}

/// The `upload_tag` proposed for a file: its name and the date of `now` (Unix seconds) in
/// `time_zone` (a setting as [`Settings::time_zone`] spells it; UTC when it is not a zone),
/// e.g. `store-sales.csv 2026-12-07`. The app and the command line call it once per upload and
/// keep the result in [`Settings::upload_tag`].
///
/// ```
/// assert_eq!(events::settings::default_upload_tag("sales.csv", 1796601600, "+08:00"), "sales.csv 2026-12-07");
/// assert_eq!(events::settings::default_upload_tag(" ", 1796601600, "UTC"), "hashdrop 2026-12-07");
/// ```
pub fn default_upload_tag(file_name: &str, now: i64, time_zone: &str) -> String {
    let name = match file_name.trim() {
        "" => "hashdrop",
        name => name,
    };
    let zone = match TimeZone::parse(time_zone).unwrap_or_default() {
        TimeZone::Fixed(seconds) => jiff::tz::Offset::from_seconds(seconds)
            .map(jiff::tz::TimeZone::fixed)
            .unwrap_or(jiff::tz::TimeZone::UTC),
        TimeZone::Named(zone) => zone,
    };
    match jiff::Timestamp::from_second(now) {
        Ok(at) => format!("{name} {}", at.to_zoned_datetime(zone).date()),
        Err(_) => name.to_string(),
    }
}

/// The checked form of [`Settings`].
#[derive(Debug, Clone)]
pub struct Resolved {
    /// Zone for times written without one.
    pub time_zone: TimeZone,
    /// Options for `matchkeys`.
    pub options: matchkeys::Options,
    /// Currency preset.
    pub preset_currency: Option<&'static str>,
    /// Event-name preset.
    pub preset_event_name: Option<String>,
    /// Action source preset.
    pub action_source: ActionSource,
    /// Most events per batch.
    pub max_events: usize,
    /// Most bytes per request body.
    pub max_bytes: usize,
    /// Decimal separator of numbers.
    pub decimal_separator: DecimalSeparator,
}

/// Why settings cannot be used.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingsError {
    /// `timeZone` is not a zone.
    TimeZone(UnknownTimeZone),
    /// `country` is not a country.
    Country,
    /// `currency` is not an ISO 4217 code.
    Currency,
    /// `actionSource` is not one of Meta's.
    ActionSource,
    /// `eventName` is not a valid event name.
    EventName,
    /// `maxBatchEvents` is 0 or above the API's limit.
    BatchEvents {
        /// The API's limit.
        limit: usize,
    },
    /// `namespaceId` is an OCAPI parameter.
    NamespaceNeedsOcapi,
    /// With `namespaceId`, only `extern_id` may be mapped (the source documents forbid
    /// `namespace_id` together with other match keys).
    NamespaceWithMatchKeys,
    /// `now` is outside the years a date can have.
    Now,
    /// The options object does not have the expected shape (which field, what was expected).
    Json(String),
}

impl SettingsError {
    /// A stable code for programs.
    pub fn code(&self) -> &'static str {
        match self {
            Self::TimeZone(_) => "bad_time_zone",
            Self::Country => "bad_country_setting",
            Self::Currency => "bad_currency_setting",
            Self::ActionSource => "bad_action_source_setting",
            Self::EventName => "bad_event_name_setting",
            Self::BatchEvents { .. } => "bad_batch_size",
            Self::NamespaceNeedsOcapi => "namespace_needs_ocapi",
            Self::NamespaceWithMatchKeys => "namespace_with_match_keys",
            Self::Now => "bad_now",
            Self::Json(_) => "bad_options",
        }
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::TimeZone(e) => write!(f, "timeZone: {e}"),
            Self::Country => f.write_str("country: not a country (expected an ISO 3166 code such as \"us\")"),
            Self::Currency => f.write_str("currency: not an ISO 4217 code (expected e.g. \"USD\")"),
            Self::ActionSource => f.write_str("actionSource: not one of Meta's action sources (e.g. \"physical_store\")"),
            Self::EventName => f.write_str("eventName: not a valid event name (at most 50 letters, digits, spaces, _ or -)"),
            Self::BatchEvents { limit } => write!(f, "maxBatchEvents: must be between 1 and {limit}"),
            Self::NamespaceNeedsOcapi => f.write_str("namespaceId: only the Offline Conversions API (api \"ocapi\") takes a namespace"),
            Self::NamespaceWithMatchKeys => f.write_str(
                "namespaceId: a namespace is only allowed with extern_id alone; unmap the other identifier columns or drop the namespace",
            ),
            Self::Now => f.write_str("now: not a usable Unix time"),
            Self::Json(e) => write!(f, "options: {e}"),
        }
    }
}

impl std::error::Error for SettingsError {}

mod api_name {
    use matchkeys::Api;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(api: &Api, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *api == Api::Ocapi { "ocapi" } else { "capi" })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Api, D::Error> {
        match String::deserialize(d)?.as_str() {
            "capi" => Ok(Api::Capi),
            "ocapi" => Ok(Api::Ocapi),
            _ => Err(serde::de::Error::custom(
                "api: expected \"capi\" or \"ocapi\"",
            )),
        }
    }
}

mod date_order_name {
    use matchkeys::DateOrder;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(order: &DateOrder, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *order == DateOrder::DayFirst {
            "dmy"
        } else {
            "mdy"
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DateOrder, D::Error> {
        match String::deserialize(d)?.as_str() {
            "mdy" => Ok(DateOrder::MonthFirst),
            "dmy" => Ok(DateOrder::DayFirst),
            _ => Err(serde::de::Error::custom(
                "dateOrder: expected \"mdy\" or \"dmy\"",
            )),
        }
    }
}

mod decimal_name {
    use crate::fields::number::DecimalSeparator;
    use serde::{Deserialize, Deserializer, Serializer};

    pub fn serialize<S: Serializer>(sep: &DecimalSeparator, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(if *sep == DecimalSeparator::Comma {
            ","
        } else {
            "."
        })
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<DecimalSeparator, D::Error> {
        match String::deserialize(d)?.as_str() {
            "." => Ok(DecimalSeparator::Point),
            "," => Ok(DecimalSeparator::Comma),
            _ => Err(serde::de::Error::custom(
                "decimalSeparator: expected \".\" or \",\"",
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_javascript_options() {
        let settings: Settings = serde_json::from_str(
            r#"{"api":"ocapi","now":1795132800,"timeZone":"+08:00","dateOrder":"dmy","decimalSeparator":",","currency":"eur"}"#,
        )
        .unwrap();
        let resolved = settings.resolve().unwrap();
        assert_eq!(resolved.time_zone, TimeZone::Fixed(8 * 3600));
        assert_eq!(resolved.preset_currency, Some("EUR"));
        assert_eq!(resolved.max_events, OCAPI_MAX_EVENTS);
        assert_eq!(resolved.options.current_year, 2026);
    }

    #[test]
    fn refuses_bad_settings_with_a_code() {
        let mut settings = Settings::new(1795132800);
        settings.currency = Some("US$".into());
        assert_eq!(
            settings.resolve().unwrap_err().code(),
            "bad_currency_setting"
        );
        let mut settings = Settings::new(1795132800);
        settings.namespace_id = Some("123".into());
        assert_eq!(
            settings.resolve().unwrap_err(),
            SettingsError::NamespaceNeedsOcapi
        );
        let mut settings = Settings::new(1795132800);
        settings.max_batch_events = Some(1001);
        assert_eq!(
            settings.resolve().unwrap_err(),
            SettingsError::BatchEvents { limit: 1000 }
        );
        assert!(serde_json::from_str::<Settings>(r#"{"now":1,"colour":"red"}"#).is_err());
    }

    #[test]
    fn partner_agent_defaults_to_the_version_and_is_capi_only() {
        let mut settings = Settings::new(1795132800);
        assert_eq!(
            settings.partner_agent().as_deref(),
            Some(concat!("hashdrop/", env!("CARGO_PKG_VERSION")))
        );
        settings.partner_agent = Some("acme-pos/2.1".into());
        assert_eq!(settings.partner_agent().as_deref(), Some("acme-pos/2.1"));
        settings.partner_agent = Some(" ".into());
        assert_eq!(settings.partner_agent(), None);
        let mut legacy = Settings::new(1795132800);
        legacy.api = Api::Ocapi;
        assert_eq!(legacy.partner_agent(), None);
    }

    #[test]
    fn the_default_upload_tag_is_the_file_name_and_the_local_date() {
        // 2026-12-07 20:00 UTC is already the 8th in Shanghai.
        let evening = 1796601600 + 20 * 3600;
        assert_eq!(
            default_upload_tag("sales.csv", evening, "UTC"),
            "sales.csv 2026-12-07"
        );
        assert_eq!(
            default_upload_tag("sales.csv", evening, "Asia/Shanghai"),
            "sales.csv 2026-12-08"
        );
        assert_eq!(
            default_upload_tag("sales.csv", evening, "not a zone"),
            "sales.csv 2026-12-07"
        );
    }
}
