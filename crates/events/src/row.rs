//! One CSV record -> one typed, validated [`Event`] or a [`Rejection`], plus the identifiers
//! dropped on the way ([`RowWarning`]). Raw identifiers stop here: an event only holds hashes.

use std::fmt;

use matchkeys::{Api, Context, MatchKey, MatchKeys, UserData};
use serde::{Deserialize as _, Serialize};

use crate::csv::Record;
use crate::fields::names::{self, ActionSource};
use crate::fields::{currency, number, time};
use crate::mapping::{CustomType, EventField, Target};
use crate::settings::{Resolved, Settings, SettingsError};

/// Events this far in the future (seconds) are still accepted, for clock skew.
const FUTURE_TOLERANCE: i64 = 60;

/// Why a row is not sent. Each has a stable code.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RejectCode {
    /// No event name: no column, no preset, or an empty cell.
    MissingEventName,
    /// The event name has characters Meta refuses or is longer than 50.
    BadEventName,
    /// No event time.
    MissingEventTime,
    /// The event time is not a date and time hashdrop can read.
    BadEventTime,
    /// Older than the window (62 days for `physical_store`, 7 otherwise).
    EventTimeTooOld,
    /// More than a minute after `now`.
    EventTimeFuture,
    /// The value is not a positive number, or a `Purchase` has none.
    BadValue,
    /// The currency is not an ISO 4217 code, or a value has no currency.
    BadCurrency,
    /// The action source is not one of Meta's.
    BadActionSource,
    /// `contents`, `content_ids`, `quantity` or `item_price` cannot be read.
    BadContents,
    /// A numeric `custom_data` cell is not a number.
    BadCustomData,
    /// `data_processing_options` (or its country / state) is not what Meta takes.
    BadDataProcessingOptions,
    /// More than one `extern_id` (OCAPI takes one per event).
    MultipleExternId,
    /// No usable identifier left.
    NoMatchKey,
    /// The event alone is larger than a request may be.
    EventTooLarge,
}

impl RejectCode {
    /// Every code, in declaration order.
    pub const ALL: [RejectCode; 15] = [
        Self::MissingEventName,
        Self::BadEventName,
        Self::MissingEventTime,
        Self::BadEventTime,
        Self::EventTimeTooOld,
        Self::EventTimeFuture,
        Self::BadValue,
        Self::BadCurrency,
        Self::BadActionSource,
        Self::BadContents,
        Self::BadCustomData,
        Self::BadDataProcessingOptions,
        Self::MultipleExternId,
        Self::NoMatchKey,
        Self::EventTooLarge,
    ];

    /// The code whose [`RejectCode::code`] is `code`.
    pub fn from_code(code: &str) -> Option<RejectCode> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// The stable code (`"no_match_key"`, `"bad_value"`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::MissingEventName => "missing_event_name",
            Self::BadEventName => "bad_event_name",
            Self::MissingEventTime => "missing_event_time",
            Self::BadEventTime => "bad_event_time",
            Self::EventTimeTooOld => "event_time_too_old",
            Self::EventTimeFuture => "event_time_future",
            Self::BadValue => "bad_value",
            Self::BadCurrency => "bad_currency",
            Self::BadActionSource => "bad_action_source",
            Self::BadContents => "bad_contents",
            Self::BadCustomData => "bad_custom_data",
            Self::BadDataProcessingOptions => "bad_data_processing_options",
            Self::MultipleExternId => "multiple_extern_id",
            Self::NoMatchKey => "no_match_key",
            Self::EventTooLarge => "event_too_large",
        }
    }

    /// What a person should do about it.
    pub fn message(self) -> &'static str {
        match self {
            Self::MissingEventName => {
                "no event name: map an event-name column or set a preset event name"
            }
            Self::BadEventName => {
                "the event name must be at most 50 letters, digits, spaces, _ or -"
            }
            Self::MissingEventTime => "no event time",
            Self::BadEventTime => {
                "not a date and time (expected Unix seconds, ISO 8601 or a date such as 2026-10-15 14:30)"
            }
            Self::EventTimeTooOld => {
                "the event is older than the upload window (62 days for store sales, 7 days otherwise)"
            }
            Self::EventTimeFuture => "the event time is in the future",
            Self::BadValue => "the value must be a positive number (and a Purchase needs one)",
            Self::BadCurrency => {
                "the currency must be an ISO 4217 code such as USD (and a value needs one)"
            }
            Self::BadActionSource => {
                "not one of Meta's action sources (physical_store, website, phone_call, …)"
            }
            Self::BadContents => {
                "the products cannot be read (contents must be a JSON array; quantity a whole number; price a number)"
            }
            Self::BadCustomData => {
                "this custom_data column is declared a number but the cell is not one"
            }
            Self::BadDataProcessingOptions => {
                "data processing options must be LDU or empty; country 0 or 1; state 0 or a state code"
            }
            Self::MultipleExternId => {
                "more than one extern_id in the row (the Offline Conversions API takes one)"
            }
            Self::NoMatchKey => "no usable identifier (email, phone, name and address, lead id, …)",
            Self::EventTooLarge => {
                "the event is larger than a whole request may be (too many products or custom fields)"
            }
        }
    }
}

impl fmt::Display for RejectCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl Serialize for RejectCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.code())
    }
}

impl<'de> serde::Deserialize<'de> for RejectCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let code = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        RejectCode::from_code(&code).ok_or_else(|| serde::de::Error::unknown_variant(&code, &[]))
    }
}

/// A row that is not sent: which row, which column is at fault, why. Never the cell's text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Rejection {
    /// Data-row number, from 1 after the header.
    pub row: u64,
    /// The column at fault (its header, or its index for a file without header); `None` when
    /// no single column is (`no_match_key`, a missing field with no column).
    pub column: Option<String>,
    /// Why.
    pub code: RejectCode,
    /// For a person.
    pub message: &'static str,
}

impl Rejection {
    /// A rejection of `row` for `code`, with the code's message.
    pub fn new(row: u64, column: Option<String>, code: RejectCode) -> Self {
        Rejection {
            row,
            column,
            code,
            message: code.message(),
        }
    }
}

/// An identifier dropped from its row because it could not be normalized.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RowWarning {
    /// Data-row number, from 1 after the header.
    pub row: u64,
    /// The identifier's column.
    pub column: String,
    /// The match-key code (`invalid_email`, `phone_without_country_code`, …).
    pub code: &'static str,
}

/// One product of an event.
#[derive(Debug, Clone, PartialEq, Default, serde::Deserialize)]
pub struct Content {
    /// Product id.
    #[serde(deserialize_with = "string_or_number")]
    pub id: String,
    /// Quantity.
    #[serde(default)]
    pub quantity: Option<u32>,
    /// Unit price.
    #[serde(default, alias = "price")]
    pub item_price: Option<f64>,
    /// Brand.
    #[serde(default)]
    pub brand: Option<String>,
    /// Category.
    #[serde(default)]
    pub category: Option<String>,
}

fn string_or_number<'de, D: serde::Deserializer<'de>>(d: D) -> Result<String, D::Error> {
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Ok(s.trim().to_string()),
        serde_json::Value::Number(n) => Ok(n.to_string()),
        _ => Err(serde::de::Error::custom(
            "a content id is a non-empty string or a number",
        )),
    }
}

/// A `custom_data.<name>` value.
#[derive(Debug, Clone, PartialEq)]
pub enum CustomValue {
    /// Sent as a string.
    Text(String),
    /// Sent as a number.
    Number(f64),
}

/// Limited Data Use settings of an event.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DataProcessing {
    /// `[]` or `["LDU"]`.
    pub options: Vec<&'static str>,
    /// `data_processing_options_country`.
    pub country: Option<u32>,
    /// `data_processing_options_state`.
    pub state: Option<u32>,
}

/// The hashed identifiers of an event, for the API it goes to.
#[derive(Debug, Clone, PartialEq)]
pub enum Keys {
    /// CAPI `user_data`.
    Capi(UserData),
    /// OCAPI `match_keys`.
    Ocapi(MatchKeys),
}

impl Keys {
    /// Which match keys are present.
    pub fn present(&self) -> Vec<MatchKey> {
        match self {
            Keys::Capi(keys) => keys.keys().collect(),
            Keys::Ocapi(keys) => keys.keys().collect(),
        }
    }
}

/// A validated event, ready to serialize. Holds hashes only, never a raw identifier.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    /// Data-row number it came from.
    pub row: u64,
    /// `event_name`.
    pub event_name: String,
    /// `event_time`, Unix seconds.
    pub event_time: i64,
    /// `action_source`.
    pub action_source: ActionSource,
    /// `event_id`: the mapped one, or a deterministic dedup key (see [`crate::dedup`]).
    pub event_id: String,
    /// `user_data` / `match_keys`.
    pub keys: Keys,
    /// `value`.
    pub value: Option<f64>,
    /// `currency`.
    pub currency: Option<&'static str>,
    /// `order_id`.
    pub order_id: Option<String>,
    /// `item_number`.
    pub item_number: Option<String>,
    /// `content_type`.
    pub content_type: Option<String>,
    /// `contents`.
    pub contents: Vec<Content>,
    /// `custom_data.<name>` values, in column order.
    pub custom: Vec<(String, CustomValue)>,
    /// Limited Data Use.
    pub processing: Option<DataProcessing>,
}

/// What a row became.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// Accepted.
    Accepted(Box<Event>),
    /// Rejected.
    Rejected(Rejection),
}

/// A row's outcome and the identifiers it dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct PreparedRow {
    /// Accepted or rejected.
    pub outcome: Outcome,
    /// Identifiers dropped from the row.
    pub warnings: Vec<RowWarning>,
}

impl PreparedRow {
    /// A rejected row (with the warnings gathered before the rejection).
    pub fn rejected(
        row: u64,
        column: Option<String>,
        code: RejectCode,
        warnings: Vec<RowWarning>,
    ) -> Self {
        PreparedRow {
            outcome: Outcome::Rejected(Rejection::new(row, column, code)),
            warnings,
        }
    }
}

/// One identifier of a preview row, normalized locally: for the user's eyes, never sent.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PreviewIdentifier {
    /// The column.
    pub column: String,
    /// The match key (CAPI name).
    pub key: &'static str,
    /// The normalized value (`None` when empty or invalid).
    pub normalized: Option<String>,
    /// What is sent: the SHA-256 hex, or the normalized value for keys sent unhashed.
    pub sent: Option<String>,
    /// The error code when the value could not be normalized.
    pub error: Option<&'static str>,
}

/// The normalized identifiers of one row, for a preview.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Preview {
    /// Data-row number.
    pub row: u64,
    /// Each mapped identifier, in column order.
    pub identifiers: Vec<PreviewIdentifier>,
}

/// The file's columns with their targets, and the checks of one row.
#[derive(Debug, Clone)]
pub struct RowPreparer {
    api: Api,
    now: i64,
    window_physical_store: i64,
    window_other: i64,
    resolved: Resolved,
    names: Vec<String>,
    keys: Vec<(usize, MatchKey)>,
    fields: Vec<Option<usize>>,
    custom: Vec<(usize, String, CustomType)>,
    country_column: Option<usize>,
    currencies: currency::Recent,
}

impl RowPreparer {
    /// Checks for a file whose columns are `names` with `targets`.
    pub fn new(
        settings: &Settings,
        names: Vec<String>,
        targets: &[Option<Target>],
    ) -> Result<Self, SettingsError> {
        let resolved = settings.resolve()?;
        let mut keys = Vec::new();
        let mut fields = vec![None; EventField::ALL.len()];
        let mut custom = Vec::new();
        for (index, target) in targets.iter().enumerate() {
            match target {
                Some(Target::Key(key)) => keys.push((index, *key)),
                Some(Target::Field(field)) => {
                    let slot = &mut fields[field_index(*field)];
                    slot.get_or_insert(index);
                }
                Some(Target::Custom { name, kind }) => custom.push((index, name.clone(), *kind)),
                None => {}
            }
        }
        if settings.namespace_id.is_some() && keys.iter().any(|(_, k)| *k != MatchKey::ExternalId) {
            return Err(SettingsError::NamespaceWithMatchKeys);
        }
        let country_column = keys
            .iter()
            .find(|(_, k)| *k == MatchKey::Country)
            .map(|(i, _)| *i);
        Ok(RowPreparer {
            api: settings.api,
            now: settings.now,
            window_physical_store: i64::from(settings.window_days_physical_store) * 86_400,
            window_other: i64::from(settings.window_days_other) * 86_400,
            resolved,
            names,
            keys,
            fields,
            custom,
            country_column,
            currencies: currency::Recent::default(),
        })
    }

    /// The column names (header texts, or indexes for a file without header).
    pub fn column_names(&self) -> &[String] {
        &self.names
    }

    fn column_of(&self, field: EventField) -> Option<usize> {
        self.fields[field_index(field)]
    }

    /// The trimmed, non-empty cell of `field`.
    fn cell<'r>(&self, record: &Record<'r>, field: EventField) -> Option<&'r str> {
        self.column_of(field)
            .and_then(|i| record.get(i))
            .map(str::trim)
            .filter(|c| !c.is_empty())
    }

    fn reject(&self, row: u64, column: Option<usize>, code: RejectCode) -> PreparedRow {
        let column = column.and_then(|i| self.names.get(i).cloned());
        PreparedRow::rejected(row, column, code, Vec::new())
    }

    /// Check and build the event of data row `row`.
    pub fn prepare(&self, row: u64, record: &Record<'_>) -> PreparedRow {
        match self.fields_of(record) {
            Ok(fields) => self.with_keys(row, record, fields),
            Err((column, code)) => self.reject(row, column, code),
        }
    }

    /// Every event-level field; the first problem found rejects the row.
    fn fields_of(&self, record: &Record<'_>) -> Result<Event, (Option<usize>, RejectCode)> {
        use EventField as F;
        let fail = |field: F, code: RejectCode| (self.column_of(field), code);
        let action_source = match self.cell(record, F::ActionSource) {
            Some(raw) => ActionSource::parse(raw)
                .ok_or(fail(F::ActionSource, RejectCode::BadActionSource))?,
            None => self.resolved.action_source,
        };
        let event_name = match self.cell(record, F::EventName) {
            Some(raw) => names::event_name(raw)
                .ok_or(fail(F::EventName, RejectCode::BadEventName))?
                .to_string(),
            None => self
                .resolved
                .preset_event_name
                .clone()
                .ok_or(fail(F::EventName, RejectCode::MissingEventName))?,
        };
        let raw_time = self
            .cell(record, F::EventTime)
            .ok_or(fail(F::EventTime, RejectCode::MissingEventTime))?;
        let event_time = time::parse(
            raw_time,
            &self.resolved.time_zone,
            self.resolved.options.date_order,
        )
        .map_err(|_| fail(F::EventTime, RejectCode::BadEventTime))?;
        let window = match action_source {
            ActionSource::PhysicalStore => self.window_physical_store,
            _ => self.window_other,
        };
        if event_time < self.now - window {
            return Err(fail(F::EventTime, RejectCode::EventTimeTooOld));
        }
        if event_time > self.now + FUTURE_TOLERANCE {
            return Err(fail(F::EventTime, RejectCode::EventTimeFuture));
        }
        let separator = self.resolved.decimal_separator;
        let value = match self.cell(record, F::Value) {
            Some(raw) => Some(
                number::parse(raw, separator)
                    .filter(|v| *v > 0.0)
                    .ok_or(fail(F::Value, RejectCode::BadValue))?,
            ),
            None if event_name == "Purchase" => return Err(fail(F::Value, RejectCode::BadValue)),
            None => None,
        };
        let currency = match self.cell(record, F::Currency) {
            Some(raw) => Some(
                self.currencies
                    .parse(raw)
                    .ok_or(fail(F::Currency, RejectCode::BadCurrency))?,
            ),
            None => self.resolved.preset_currency,
        };
        if value.is_some() && currency.is_none() {
            return Err(fail(F::Currency, RejectCode::BadCurrency));
        }
        let contents = self
            .contents(record)
            .map_err(|field| fail(field, RejectCode::BadContents))?;
        let mut custom = Vec::with_capacity(self.custom.len());
        for (index, name, kind) in &self.custom {
            let Some(raw) = record.get(*index).map(str::trim).filter(|c| !c.is_empty()) else {
                continue;
            };
            let value = match kind {
                CustomType::String => CustomValue::Text(raw.to_string()),
                CustomType::Number => match number::parse(raw, separator) {
                    Some(n) => CustomValue::Number(n),
                    None => return Err((Some(*index), RejectCode::BadCustomData)),
                },
            };
            custom.push((name.clone(), value));
        }
        let processing = self
            .processing(record)
            .map_err(|field| fail(field, RejectCode::BadDataProcessingOptions))?;
        let text = |field| self.cell(record, field).map(str::to_string);
        Ok(Event {
            row: 0,
            event_name,
            event_time,
            action_source,
            event_id: text(F::EventId).unwrap_or_default(),
            keys: Keys::Capi(UserData::default()),
            value,
            currency,
            order_id: text(F::OrderId),
            item_number: text(F::ItemNumber),
            content_type: text(F::ContentType),
            contents,
            custom,
            processing,
        })
    }

    /// `contents` (JSON), `content_ids` (a list), or one product from `content_id` & co.
    fn contents(&self, record: &Record<'_>) -> Result<Vec<Content>, EventField> {
        use EventField as F;
        if let Some(raw) = self.cell(record, F::Contents) {
            return serde_json::from_str::<Vec<Content>>(raw).map_err(|_| F::Contents);
        }
        if let Some(raw) = self.cell(record, F::ContentIds) {
            return Ok(raw
                .split([',', '|', ';'])
                .map(str::trim)
                .filter(|id| !id.is_empty())
                .map(|id| Content {
                    id: id.to_string(),
                    quantity: Some(1),
                    ..Content::default()
                })
                .collect());
        }
        let Some(id) = self.cell(record, F::ContentId) else {
            return Ok(Vec::new());
        };
        let quantity = match self.cell(record, F::Quantity) {
            Some(raw) => Some(
                raw.parse::<u32>()
                    .ok()
                    .filter(|q| *q > 0)
                    .ok_or(F::Quantity)?,
            ),
            None => None,
        };
        let item_price = match self.cell(record, F::ItemPrice) {
            Some(raw) => Some(
                number::parse(raw, self.resolved.decimal_separator)
                    .filter(|p| *p >= 0.0)
                    .ok_or(F::ItemPrice)?,
            ),
            None => None,
        };
        Ok(vec![Content {
            id: id.to_string(),
            quantity,
            item_price,
            brand: self.cell(record, F::Brand).map(str::to_string),
            category: self.cell(record, F::Category).map(str::to_string),
        }])
    }

    fn processing(&self, record: &Record<'_>) -> Result<Option<DataProcessing>, EventField> {
        use EventField as F;
        let options = self.cell(record, F::DataProcessingOptions);
        let country = self.cell(record, F::DataProcessingOptionsCountry);
        let state = self.cell(record, F::DataProcessingOptionsState);
        if self.column_of(F::DataProcessingOptions).is_none()
            && country.is_none()
            && state.is_none()
        {
            return Ok(None);
        }
        let mut processing = DataProcessing::default();
        for option in options
            .unwrap_or_default()
            .trim_matches(['[', ']'])
            .split([',', '|', ';'])
        {
            match option.trim().trim_matches('"') {
                "" => {}
                ldu if ldu.eq_ignore_ascii_case("ldu") => processing.options = vec!["LDU"],
                _ => return Err(F::DataProcessingOptions),
            }
        }
        if let Some(raw) = country {
            processing.country = Some(
                raw.parse()
                    .ok()
                    .filter(|c| *c <= 1)
                    .ok_or(F::DataProcessingOptionsCountry)?,
            );
        }
        if let Some(raw) = state {
            processing.state = Some(raw.parse().map_err(|_| F::DataProcessingOptionsState)?);
        }
        Ok(Some(processing))
    }

    /// Hash the identifiers; drop the ones that cannot be normalized, with a warning.
    fn with_keys(&self, row: u64, record: &Record<'_>, event: Event) -> PreparedRow {
        let event = Box::new(event);
        // The row's cells are lent to matchkeys as they are: no copy of a raw value is made.
        let mut raw: Vec<(MatchKey, &str)> = Vec::with_capacity(self.keys.len());
        let mut pushed: Vec<usize> = Vec::with_capacity(self.keys.len());
        for (column, key, cell) in self.key_cells(record) {
            raw.push((key, cell));
            pushed.push(column);
        }
        if let Some(rejected) = self.multiple_extern_id(row, raw.iter().map(|(key, _)| *key)) {
            return rejected;
        }
        let ctx = Context::new(&self.resolved.options);
        match self.api {
            Api::Ocapi => {
                let built = MatchKeys::build_from(&raw, &ctx);
                self.finish_keys(
                    row,
                    event,
                    Keys::Ocapi(built.keys),
                    &built.rejected,
                    &built.warnings,
                    &pushed,
                )
            }
            _ => {
                let built = UserData::build_from(&raw, &ctx);
                self.finish_keys(
                    row,
                    event,
                    Keys::Capi(built.keys),
                    &built.rejected,
                    &built.warnings,
                    &pushed,
                )
            }
        }
    }

    /// The API the events go to.
    pub(crate) fn api(&self) -> Api {
        self.api
    }

    /// The match-key options of the settings.
    pub(crate) fn options(&self) -> &matchkeys::Options {
        &self.resolved.options
    }

    /// The event-level fields of a row (its keys not yet hashed), or its rejection.
    pub(crate) fn checked_fields(
        &self,
        row: u64,
        record: &Record<'_>,
    ) -> Result<Event, PreparedRow> {
        self.fields_of(record)
            .map_err(|(column, code)| self.reject(row, column, code))
    }

    /// The row's non-empty identifier cells in mapping order: `(column, key, cell)`.
    pub(crate) fn key_cells<'s, 'r: 's>(
        &'s self,
        record: &Record<'r>,
    ) -> impl Iterator<Item = (usize, MatchKey, &'r str)> + 's {
        let record = *record;
        self.keys.iter().filter_map(move |(index, key)| {
            record
                .get(*index)
                .filter(|c| !c.trim().is_empty())
                .map(|cell| (*index, *key, cell))
        })
    }

    /// The rejection of a row whose non-empty identifiers are `keys`, when OCAPI receives more
    /// than one `extern_id` (it takes one per event).
    pub(crate) fn multiple_extern_id(
        &self,
        row: u64,
        keys: impl IntoIterator<Item = MatchKey>,
    ) -> Option<PreparedRow> {
        let extern_ids = keys
            .into_iter()
            .filter(|key| *key == MatchKey::ExternalId)
            .count();
        if self.api != Api::Ocapi || extern_ids <= 1 {
            return None;
        }
        let column = self
            .keys
            .iter()
            .filter(|(_, k)| *k == MatchKey::ExternalId)
            .nth(1)
            .and_then(|(i, _)| self.names.get(*i).cloned());
        Some(PreparedRow::rejected(
            row,
            column,
            RejectCode::MultipleExternId,
            Vec::new(),
        ))
    }

    /// The row once its identifiers are hashed into `keys`: the dropped ones (`rejected` and
    /// `warned`, by index into `pushed`, the column of each identifier handed to matchkeys)
    /// become warnings, and a row left without a key is rejected.
    pub(crate) fn finish_keys(
        &self,
        row: u64,
        mut event: Box<Event>,
        keys: Keys,
        rejected: &[(usize, matchkeys::MatchKeyError)],
        warned: &[(usize, matchkeys::Warning)],
        pushed: &[usize],
    ) -> PreparedRow {
        let empty = match &keys {
            Keys::Capi(keys) => keys.is_empty(),
            Keys::Ocapi(keys) => keys.is_empty(),
        };
        let column = |push: usize| {
            pushed
                .get(push)
                .and_then(|i| self.names.get(*i))
                .cloned()
                .unwrap_or_default()
        };
        let mut warnings: Vec<RowWarning> = rejected
            .iter()
            .map(|(push, error)| RowWarning {
                row,
                column: column(*push),
                code: error.code(),
            })
            .chain(warned.iter().map(|(push, warning)| RowWarning {
                row,
                column: column(*push),
                code: warning.code(),
            }))
            .collect();
        if warnings.len() > 1 {
            warnings.sort_by_key(|w| self.names.iter().position(|n| *n == w.column));
        }
        if empty {
            return PreparedRow::rejected(row, None, RejectCode::NoMatchKey, warnings);
        }
        event.row = row;
        event.keys = keys;
        if event.event_id.is_empty() {
            event.event_id = crate::dedup::event_id(&event);
        }
        PreparedRow {
            outcome: Outcome::Accepted(event),
            warnings,
        }
    }

    /// The normalized identifiers of a row, for the user to check the mapping (kept local).
    pub fn preview(&self, row: u64, record: &Record<'_>) -> Preview {
        let options = &self.resolved.options;
        let country = self
            .country_column
            .and_then(|i| record.get(i))
            .and_then(|raw| matchkeys::Country::parse(raw).ok());
        let ctx = Context::new(options).with_country(country);
        let identifiers = self
            .keys
            .iter()
            .map(|(index, key)| {
                let raw = record.get(*index).unwrap_or_default();
                let (normalized, error) = match matchkeys::normalize(*key, raw, &ctx) {
                    Ok(n) => (n.map(|n| n.value), None),
                    Err(e) => (None, Some(e.code())),
                };
                let sent = normalized.as_ref().map(|value| {
                    if key.is_hashed(self.api, options) {
                        matchkeys::sha256_hex(value)
                    } else {
                        value.clone()
                    }
                });
                PreviewIdentifier {
                    column: self.names.get(*index).cloned().unwrap_or_default(),
                    key: key.capi_name(),
                    normalized,
                    sent,
                    error,
                }
            })
            .collect();
        Preview { row, identifiers }
    }
}

fn field_index(field: EventField) -> usize {
    EventField::ALL
        .iter()
        .position(|f| *f == field)
        .unwrap_or(0)
}
