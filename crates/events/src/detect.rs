//! Guess the mapping of a file: from its header names (English and Chinese, spelled out or in
//! the short codes point-of-sale and CRM exports use), and from the values of its first records
//! where a name is unknown, ambiguous, or missing (no header).
//!
//! Every column's [`ColumnDetection`] says how sure the guess is ([`Confidence`]) and why
//! ([`DetectReason`], a code the app translates), with the count of sampled values that have the
//! target's shape: never a value itself.

mod names;
mod shapes;

use std::fmt;

use matchkeys::{DateOrder, MatchKey};
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};

use crate::fields::number::DecimalSeparator;
use crate::mapping::{EventField, Mapping, Target};
use names::{ABBREVIATIONS, AMBIGUOUS, HEADER_NAMES, PREFIXES, PREFIXES_ZH};
use shapes::{
    AMOUNT, CODE, COUNTRY, CURRENCY, ColumnValues, DATE, EMAIL, EVENT_NAME, LEAD_ID, PHONE, SHAPES,
    STATE_NAME, TWO_LETTERS, UNIX_MILLIS, UNIX_SECONDS, ZIP, shapes,
};

/// How sure a detection is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Confidence {
    /// Check it: the name and the values hint at it, no more.
    Low,
    /// Probably right: an abbreviation, or values of a common shape.
    Medium,
    /// The header names it, or its values can hardly be anything else.
    High,
}

impl Confidence {
    /// Every confidence, from the most sure.
    pub const ALL: [Confidence; 3] = [Confidence::High, Confidence::Medium, Confidence::Low];

    /// The confidence whose [`Confidence::code`] is `code`.
    pub fn from_code(code: &str) -> Option<Confidence> {
        Self::ALL.into_iter().find(|c| c.code() == code)
    }

    /// A stable code (`"high"`, `"medium"`, `"low"`).
    pub fn code(self) -> &'static str {
        match self {
            Confidence::High => "high",
            Confidence::Medium => "medium",
            Confidence::Low => "low",
        }
    }
}

/// Why a column was given its target (or none): a code the app translates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DetectReason {
    /// The header is one of the target's names (`email`, `邮箱`, `Order ID`).
    HeaderName,
    /// The header is a short code of the target, maybe with a prefix or a number (`cust_fname`,
    /// `txn_id`, `tel1`).
    HeaderAbbreviation,
    /// The header names the target, but most sampled values do not have its shape.
    HeaderValuesDisagree,
    /// Most values are e-mail addresses.
    ValuesEmail,
    /// Most values are phone numbers.
    ValuesPhone,
    /// Most values are 10-digit Unix times (seconds) within a few years of now.
    ValuesUnixSeconds,
    /// Most values are 13-digit Unix times (milliseconds) within a few years of now.
    ValuesUnixMilliseconds,
    /// Most values are dates or date-times.
    ValuesDate,
    /// Most values are ISO 4217 currency codes.
    ValuesCurrency,
    /// Most values are decimal amounts.
    ValuesAmount,
    /// Most values are standard event names (`Purchase`, `Lead`).
    ValuesEventName,
    /// Most values are 15 to 17-digit Meta lead ids.
    ValuesLeadId,
    /// Most values are country codes or names.
    ValuesCountry,
    /// Most values are two-letter codes, some of which are no country: state or province codes.
    ValuesStateCode,
    /// Most values are US state or Canadian province names.
    ValuesStateName,
    /// Most values are ZIP or postal codes.
    ValuesZip,
    /// The values are codes, each different, in a file with an event time: order numbers.
    ValuesUniqueCodesWithTime,
    /// The name or the values point at an event field another column already fills.
    TargetTaken,
    /// The name says too little (`id`, `no`, `编号`) and the values did not decide.
    AmbiguousName,
    /// Neither the name nor the values say what the column holds.
    Unrecognised,
}

impl DetectReason {
    /// Every reason, in declaration order.
    pub const ALL: [DetectReason; 20] = [
        Self::HeaderName,
        Self::HeaderAbbreviation,
        Self::HeaderValuesDisagree,
        Self::ValuesEmail,
        Self::ValuesPhone,
        Self::ValuesUnixSeconds,
        Self::ValuesUnixMilliseconds,
        Self::ValuesDate,
        Self::ValuesCurrency,
        Self::ValuesAmount,
        Self::ValuesEventName,
        Self::ValuesLeadId,
        Self::ValuesCountry,
        Self::ValuesStateCode,
        Self::ValuesStateName,
        Self::ValuesZip,
        Self::ValuesUniqueCodesWithTime,
        Self::TargetTaken,
        Self::AmbiguousName,
        Self::Unrecognised,
    ];

    /// The reason whose [`DetectReason::code`] is `code`.
    pub fn from_code(code: &str) -> Option<DetectReason> {
        Self::ALL.into_iter().find(|r| r.code() == code)
    }

    /// A stable code (`"header_abbreviation"`, `"values_unix_milliseconds"`, …).
    pub fn code(self) -> &'static str {
        match self {
            Self::HeaderName => "header_name",
            Self::HeaderAbbreviation => "header_abbreviation",
            Self::HeaderValuesDisagree => "header_values_disagree",
            Self::ValuesEmail => "values_email",
            Self::ValuesPhone => "values_phone",
            Self::ValuesUnixSeconds => "values_unix_seconds",
            Self::ValuesUnixMilliseconds => "values_unix_milliseconds",
            Self::ValuesDate => "values_date",
            Self::ValuesCurrency => "values_currency",
            Self::ValuesAmount => "values_amount",
            Self::ValuesEventName => "values_event_name",
            Self::ValuesLeadId => "values_lead_id",
            Self::ValuesCountry => "values_country",
            Self::ValuesStateCode => "values_state_code",
            Self::ValuesStateName => "values_state_name",
            Self::ValuesZip => "values_zip",
            Self::ValuesUniqueCodesWithTime => "values_unique_codes_with_time",
            Self::TargetTaken => "target_taken",
            Self::AmbiguousName => "ambiguous_name",
            Self::Unrecognised => "unrecognised",
        }
    }
}

impl fmt::Display for DetectReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

/// What detection decided for one column, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ColumnDetection {
    /// The column as the mapping names it (header text, or the 0-based index).
    pub column: String,
    /// The target, or `None` to ignore the column.
    pub target: Option<Target>,
    /// How sure the guess is.
    pub confidence: Confidence,
    /// Why.
    pub reason: DetectReason,
    /// Non-empty values sampled in the column.
    pub sampled: usize,
    /// Of them, how many have the shape of the target (0 for targets without one, such as
    /// names).
    pub matching: usize,
}

impl Serialize for ColumnDetection {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut out = s.serialize_struct("ColumnDetection", 6)?;
        out.serialize_field("column", &self.column)?;
        out.serialize_field("target", &self.target.as_ref().map(Target::name))?;
        out.serialize_field("confidence", self.confidence.code())?;
        out.serialize_field("reason", self.reason.code())?;
        out.serialize_field("sampled", &self.sampled)?;
        out.serialize_field("matching", &self.matching)?;
        out.end()
    }
}

/// The detected mapping of a file, column by column.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
#[serde(transparent)]
pub struct Detection {
    /// One entry per column, in column order.
    pub columns: Vec<ColumnDetection>,
}

impl Detection {
    /// The mapping it amounts to.
    pub fn mapping(&self) -> Mapping {
        let mut mapping = Mapping::new();
        for column in &self.columns {
            mapping.set(column.column.clone(), column.target.clone());
        }
        mapping
    }

    /// The detection of `column`.
    pub fn get(&self, column: &str) -> Option<&ColumnDetection> {
        self.columns.iter().find(|c| c.column == column)
    }
}

/// Lower case, without spaces, punctuation or symbols (`"E-mail Address"` -> `"emailaddress"`).
fn fold(header: &str) -> String {
    header
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// The words of a header, lower case: split at punctuation, spaces, camel case and between
/// letters and digits (`custFName_2` -> `cust f name 2`).
fn words(header: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let mut current = String::new();
    let mut previous: Option<char> = None;
    let chars: Vec<char> = header.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !c.is_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            previous = None;
            continue;
        }
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let boundary = match previous {
            Some(p) => {
                (p.is_lowercase() && c.is_uppercase())
                    || (p.is_uppercase() && c.is_uppercase() && next_lower)
                    || (p.is_ascii_digit() != c.is_ascii_digit())
            }
            None => false,
        };
        if boundary && !current.is_empty() {
            words.push(std::mem::take(&mut current));
        }
        current.extend(c.to_lowercase());
        previous = Some(c);
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// How a header name matched.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum NameMatch {
    Exact,
    Abbreviation,
}

fn lookup(table: &[(&str, &[&str])], folded: &str) -> Option<Target> {
    table
        .iter()
        .find(|(_, spellings)| spellings.contains(&folded))
        .and_then(|(target, _)| Target::parse(target).ok())
}

fn known(folded: &str) -> Option<Target> {
    lookup(HEADER_NAMES, folded).or_else(|| lookup(ABBREVIATIONS, folded))
}

/// The shortened forms of a header: without prefixes, and (when `strip_numbers`) without
/// trailing numbers (`tel1`, `zip5`).
fn shortened(header: &str, strip_numbers: bool) -> Vec<String> {
    let mut words = words(header);
    while strip_numbers
        && words.len() > 1
        && words
            .last()
            .is_some_and(|w| w.bytes().all(|b| b.is_ascii_digit()))
    {
        words.pop();
    }
    let mut forms = vec![words.concat()];
    while words.len() > 1 && PREFIXES.contains(&words[0].as_str()) {
        words.remove(0);
        forms.push(words.concat());
    }
    let folded = fold(header);
    for prefix in PREFIXES_ZH {
        if let Some(rest) = folded.strip_prefix(prefix).filter(|r| !r.is_empty()) {
            forms.push(rest.to_string());
        }
    }
    forms
}

/// The target a header names and how, if any (`custom_data.<name>` headers included).
/// `strip_numbers` also tries the name without its trailing number: right for a header, not
/// for telling a header from data (`SKU-85840` is a value, not the header `sku`).
fn match_header(header: &str, strip_numbers: bool) -> Option<(Target, NameMatch)> {
    let trimmed = header.trim();
    if trimmed.starts_with("custom_data.") {
        return Target::parse(trimmed).ok().map(|t| (t, NameMatch::Exact));
    }
    let folded = fold(trimmed);
    if folded.is_empty() {
        return None;
    }
    if let Some(target) = lookup(HEADER_NAMES, &folded) {
        return Some((target, NameMatch::Exact));
    }
    shortened(trimmed, strip_numbers)
        .iter()
        .find_map(|form| known(form))
        .map(|t| (t, NameMatch::Abbreviation))
}

/// Whether the header says too little on its own (`id`, `ref_no`, `编号`).
fn is_ambiguous(header: &str) -> bool {
    shortened(header.trim(), true)
        .iter()
        .any(|form| AMBIGUOUS.contains(&form.as_str()))
        || AMBIGUOUS.contains(&fold(header).as_str())
}

/// The target a header names, if any (`custom_data.<name>` headers included): its full name
/// in English or Chinese, or a short code of exports (`cust_fname`, `txn_id`, `tel1`, `交易号`).
pub fn target_for_header(header: &str) -> Option<Target> {
    match_header(header, true).map(|(target, _)| target)
}

/// Whether a first record looks like a header: at least one cell names a target, or no cell
/// looks like a value while the next record's cells do.
pub fn looks_like_header(first: &[String], second: Option<&[String]>, hints: &ValueHints) -> bool {
    if first.iter().any(|cell| match_header(cell, false).is_some()) {
        return true;
    }
    // Only shapes a header cell hardly has: `ST` or `zip5` are no values.
    let telling = EMAIL
        | UNIX_SECONDS
        | UNIX_MILLIS
        | DATE
        | CURRENCY
        | EVENT_NAME
        | LEAD_ID
        | AMOUNT
        | PHONE
        | COUNTRY;
    let values_in = |cells: &[String]| {
        cells
            .iter()
            .filter(|c| shapes(c, hints) & telling != 0)
            .count()
    };
    match second {
        Some(second) => values_in(first) == 0 && values_in(second) > 0,
        None => false,
    }
}

/// The file settings value sniffing needs.
#[derive(Debug, Clone)]
pub struct ValueHints {
    /// Date order of the file.
    pub date_order: DateOrder,
    /// Decimal separator of the file.
    pub decimal_separator: DecimalSeparator,
    /// The current time (Unix seconds): a number is a Unix time only near it.
    pub now: i64,
}

/// The shape whose values fit `target`, for targets that have one.
fn shape_of(target: &Target) -> Option<u32> {
    Some(match target {
        Target::Key(MatchKey::Email) => EMAIL,
        Target::Key(MatchKey::Phone) => PHONE,
        Target::Key(MatchKey::Country) => COUNTRY,
        Target::Key(MatchKey::LeadId) => LEAD_ID,
        Target::Field(EventField::EventTime) => UNIX_SECONDS | UNIX_MILLIS | DATE,
        Target::Field(EventField::Value) => AMOUNT,
        Target::Field(EventField::Currency) => CURRENCY,
        _ => return None,
    })
}

/// What the values alone say, in order of how distinctive the shape is.
fn guess_from_values(
    values: &ColumnValues,
    file_has_time: bool,
) -> Option<(Target, DetectReason, u32, bool)> {
    let key = |k| Target::Key(k);
    let field = |f| Target::Field(f);
    let candidates: [(u32, Target, DetectReason, bool); 12] = [
        (EMAIL, key(MatchKey::Email), DetectReason::ValuesEmail, true),
        (
            UNIX_SECONDS,
            field(EventField::EventTime),
            DetectReason::ValuesUnixSeconds,
            true,
        ),
        (
            UNIX_MILLIS,
            field(EventField::EventTime),
            DetectReason::ValuesUnixMilliseconds,
            true,
        ),
        (
            DATE,
            field(EventField::EventTime),
            DetectReason::ValuesDate,
            true,
        ),
        (
            CURRENCY,
            field(EventField::Currency),
            DetectReason::ValuesCurrency,
            true,
        ),
        (
            EVENT_NAME,
            field(EventField::EventName),
            DetectReason::ValuesEventName,
            true,
        ),
        (
            LEAD_ID,
            key(MatchKey::LeadId),
            DetectReason::ValuesLeadId,
            true,
        ),
        (
            AMOUNT,
            field(EventField::Value),
            DetectReason::ValuesAmount,
            false,
        ),
        (
            PHONE,
            key(MatchKey::Phone),
            DetectReason::ValuesPhone,
            false,
        ),
        (
            STATE_NAME,
            key(MatchKey::State),
            DetectReason::ValuesStateName,
            false,
        ),
        (
            COUNTRY,
            key(MatchKey::Country),
            DetectReason::ValuesCountry,
            false,
        ),
        (ZIP, key(MatchKey::Zip), DetectReason::ValuesZip, false),
    ];
    for (shape, target, reason, distinctive) in candidates {
        if !values.mostly(shape) {
            continue;
        }
        // Two-letter codes that are not all countries are states or provinces.
        if shape == COUNTRY && values.mostly(TWO_LETTERS) && values.non_country_pairs {
            return Some((
                key(MatchKey::State),
                DetectReason::ValuesStateCode,
                TWO_LETTERS,
                false,
            ));
        }
        return Some((target, reason, shape, distinctive));
    }
    if values.mostly(TWO_LETTERS) && values.non_country_pairs {
        return Some((
            key(MatchKey::State),
            DetectReason::ValuesStateCode,
            TWO_LETTERS,
            false,
        ));
    }
    if file_has_time && values.unique_codes() {
        return Some((
            field(EventField::OrderId),
            DetectReason::ValuesUniqueCodesWithTime,
            CODE,
            false,
        ));
    }
    None
}

/// Guess a mapping, column by column, with how sure each guess is and why.
///
/// Header names decide first (full names, then the short codes of exports); where a name is
/// unknown or ambiguous, or the file has no header, the sampled values decide (three in five
/// of a column's non-empty values must agree). Event fields are given to one column only, the
/// columns named for them first; identifiers may repeat.
pub fn detect(
    columns: &[String],
    has_header: bool,
    sample: &[Vec<String>],
    hints: &ValueHints,
) -> Detection {
    let values: Vec<ColumnValues> = (0..columns.len())
        .map(|index| ColumnValues::read(index, sample, hints))
        .collect();
    let named: Vec<Option<(Target, NameMatch)>> = columns
        .iter()
        .map(|c| {
            if has_header {
                match_header(c, true)
            } else {
                None
            }
        })
        .collect();
    let mut taken: Vec<Target> = Vec::new();
    let mut decided: Vec<Option<ColumnDetection>> = vec![None; columns.len()];
    let name_of = |index: usize| {
        if has_header {
            columns[index].clone()
        } else {
            index.to_string()
        }
    };
    // Names first, so that a column named for an event field is not beaten by a guess.
    for (index, by_name) in named.iter().enumerate() {
        let Some((target, how)) = by_name else {
            continue;
        };
        let column = &values[index];
        let (confidence, reason, matching) = match shape_of(target) {
            Some(shape) => {
                let matching = (0..SHAPES)
                    .filter(|bit| shape & (1 << bit) != 0)
                    .map(|bit| column.counts[bit])
                    .max()
                    .unwrap_or(0);
                let agrees = column.filled == 0 || matching * 5 >= column.filled * 3;
                match (agrees, how) {
                    (false, _) => (
                        Confidence::Low,
                        DetectReason::HeaderValuesDisagree,
                        matching,
                    ),
                    (true, NameMatch::Exact) => {
                        (Confidence::High, DetectReason::HeaderName, matching)
                    }
                    (true, NameMatch::Abbreviation) => {
                        (Confidence::High, DetectReason::HeaderAbbreviation, matching)
                    }
                }
            }
            None => match how {
                NameMatch::Exact => (Confidence::High, DetectReason::HeaderName, 0),
                NameMatch::Abbreviation => {
                    (Confidence::Medium, DetectReason::HeaderAbbreviation, 0)
                }
            },
        };
        let free = target.repeatable() || !taken.contains(target);
        if free {
            taken.push(target.clone());
        }
        decided[index] = Some(ColumnDetection {
            column: name_of(index),
            target: free.then(|| target.clone()),
            confidence: if free { confidence } else { Confidence::Low },
            reason: if free {
                reason
            } else {
                DetectReason::TargetTaken
            },
            sampled: column.filled,
            matching,
        });
    }
    let file_has_time = taken.contains(&Target::Field(EventField::EventTime))
        || values.iter().any(ColumnValues::is_time);
    for index in 0..columns.len() {
        if decided[index].is_some() {
            continue;
        }
        let column = &values[index];
        let guess = guess_from_values(column, file_has_time);
        let ambiguous = has_header && is_ambiguous(&columns[index]);
        let detection = match guess {
            Some((target, reason, shape, distinctive)) => {
                let free = target.repeatable() || !taken.contains(&target);
                if free {
                    taken.push(target.clone());
                }
                ColumnDetection {
                    column: name_of(index),
                    target: free.then_some(target),
                    confidence: if free {
                        column.confidence(shape, distinctive)
                    } else {
                        Confidence::Low
                    },
                    reason: if free {
                        reason
                    } else {
                        DetectReason::TargetTaken
                    },
                    sampled: column.filled,
                    matching: column.count(shape),
                }
            }
            None => ColumnDetection {
                column: name_of(index),
                target: None,
                confidence: Confidence::Low,
                reason: if ambiguous {
                    DetectReason::AmbiguousName
                } else {
                    DetectReason::Unrecognised
                },
                sampled: column.filled,
                matching: 0,
            },
        };
        decided[index] = Some(detection);
    }
    Detection {
        columns: decided.into_iter().flatten().collect(),
    }
}

/// Guess a mapping: [`detect`] without the reasons.
pub fn detect_mapping(
    columns: &[String],
    has_header: bool,
    sample: &[Vec<String>],
    hints: &ValueHints,
) -> Mapping {
    detect(columns, has_header, sample, hints).mapping()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_reason_and_confidence_is_read_back_from_its_code() {
        for reason in DetectReason::ALL {
            assert_eq!(DetectReason::from_code(reason.code()), Some(reason));
        }
        for confidence in Confidence::ALL {
            assert_eq!(Confidence::from_code(confidence.code()), Some(confidence));
        }
        let codes: std::collections::BTreeSet<_> =
            DetectReason::ALL.iter().map(|r| r.code()).collect();
        assert_eq!(codes.len(), DetectReason::ALL.len());
        assert_eq!(DetectReason::from_code("high"), None);
        assert_eq!(Confidence::from_code("unrecognised"), None);
    }

    fn hints() -> ValueHints {
        ValueHints {
            date_order: DateOrder::MonthFirst,
            decimal_separator: DecimalSeparator::Point,
            now: 1795132800,
        }
    }

    fn strings(cells: &[&str]) -> Vec<String> {
        cells.iter().map(|c| c.to_string()).collect()
    }

    #[test]
    fn header_names_in_english_and_chinese() {
        let cases = [
            ("E-mail Address", "em"),
            ("邮箱", "em"),
            ("phone_number", "ph"),
            ("手机号", "ph"),
            ("zip", "zp"),
            ("Postal Code", "zp"),
            ("event_time", "event_time"),
            ("Order ID", "order_id"),
            ("姓", "ln"),
            ("名", "fn"),
            ("城市", "ct"),
            ("省份", "st"),
            ("邮编", "zp"),
            ("国家", "country"),
            ("事件时间", "event_time"),
            ("事件名称", "event_name"),
            ("线索编号", "lead_id"),
            ("Order no.", "order_id"),
            ("Purchase Date", "event_time"),
            ("custom_data.store", "custom_data.store"),
        ];
        for (header, target) in cases {
            assert_eq!(
                target_for_header(header).map(|t| t.name()).as_deref(),
                Some(target),
                "{header}"
            );
        }
        assert_eq!(target_for_header("Store ID"), None);
        assert_eq!(target_for_header("Comment"), None);
    }

    #[test]
    fn values_without_a_header() {
        let sample = vec![
            strings(&[
                "a@b.co",
                "+1 650 555 1212",
                "2026-10-01 10:00",
                "12.50",
                "USD",
                "x",
            ]),
            strings(&[
                "c@d.org",
                "(415) 555-0100",
                "2026-10-02 11:00",
                "7.00",
                "USD",
                "y",
            ]),
        ];
        let first = &sample[0];
        assert!(!looks_like_header(first, Some(&sample[1]), &hints()));
        let columns: Vec<String> = (0..6).map(|i| i.to_string()).collect();
        let mapping = detect_mapping(&columns, false, &sample, &hints());
        assert_eq!(
            serde_json::to_string(&mapping).unwrap(),
            r#"{"0":"em","1":"ph","2":"event_time","3":"value","4":"currency","5":null}"#
        );
    }

    #[test]
    fn a_code_in_the_first_record_is_no_header_name() {
        let first = strings(&["T-000481", "SKU-85840", "12.50"]);
        let second = strings(&["T-000482", "SKU-72137", "7.00"]);
        assert!(!looks_like_header(&first, Some(&second), &hints()));
        assert!(looks_like_header(
            &strings(&["TXN_ID", "SKU", "AMT"]),
            Some(&first),
            &hints()
        ));
    }

    #[test]
    fn a_header_of_unknown_names_is_still_a_header() {
        let first = strings(&["Kundenmail", "Betrag"]);
        let second = strings(&["a@b.co", "12.50"]);
        assert!(looks_like_header(&first, Some(&second), &hints()));
    }

    #[test]
    fn event_fields_go_to_one_column_only() {
        let columns = strings(&["Date", "Time", "Email", "E-mail"]);
        let mapping = detect_mapping(&columns, true, &[], &hints());
        assert_eq!(
            serde_json::to_string(&mapping).unwrap(),
            r#"{"Date":"event_time","Time":null,"Email":"em","E-mail":"em"}"#
        );
    }

    fn detection(columns: &[&str], has_header: bool, rows: &[&[&str]]) -> Detection {
        let sample: Vec<Vec<String>> = rows.iter().map(|r| strings(r)).collect();
        detect(&strings(columns), has_header, &sample, &hints())
    }

    /// `(target, confidence, reason)` of `column`.
    fn decided(
        detection: &Detection,
        column: &str,
    ) -> (Option<String>, &'static str, &'static str) {
        let c = detection.get(column).unwrap();
        (
            c.target.as_ref().map(Target::name),
            c.confidence.code(),
            c.reason.code(),
        )
    }

    #[test]
    fn short_codes_of_exports_in_english_and_chinese() {
        let cases = [
            ("cust_fname", "fn"),
            ("FNAME", "fn"),
            ("custFName", "fn"),
            ("l_name", "ln"),
            ("LNAME", "ln"),
            ("txn_id", "order_id"),
            ("trans_no", "order_id"),
            ("ord_ts", "event_time"),
            ("sale_dt", "event_time"),
            ("tel1", "ph"),
            ("mob", "ph"),
            ("billing_zip5", "zp"),
            ("zip5", "zp"),
            ("postcode", "zp"),
            ("st_cd", "st"),
            ("cust_email_addr", "em"),
            ("ccy", "currency"),
            ("amt", "value"),
            ("cust_no", "external_id"),
            ("名", "fn"),
            ("姓", "ln"),
            ("交易号", "order_id"),
            ("订单编号", "order_id"),
            ("下单时间", "event_time"),
            ("成交金额", "value"),
            ("客户手机", "ph"),
            ("会员卡号", "external_id"),
        ];
        for (header, target) in cases {
            assert_eq!(
                target_for_header(header).map(|t| t.name()).as_deref(),
                Some(target),
                "{header}"
            );
        }
        for unknown in ["Store ID", "reg_no", "lead_stage", "备注", "id"] {
            assert_eq!(target_for_header(unknown), None, "{unknown}");
        }
    }

    #[test]
    fn words_split_at_case_digits_and_punctuation() {
        assert_eq!(words("custFName_2"), ["cust", "f", "name", "2"]);
        assert_eq!(words("ZIP5"), ["zip", "5"]);
        assert_eq!(words("Order no."), ["order", "no"]);
        assert_eq!(words("下单时间"), ["下单时间"]);
    }

    #[test]
    fn ten_and_thirteen_digit_numbers_near_now_are_unix_times_not_phones() {
        let now = hints().now;
        let seconds: Vec<String> = (0..5)
            .map(|i| (now - 86_400 * (i + 1)).to_string())
            .collect();
        let millis: Vec<String> = (0..5)
            .map(|i| ((now - 3_600 * (i + 1)) * 1000 + 250).to_string())
            .collect();
        let phones = [
            "6505551212",
            "4155550100",
            "2125550199",
            "3125550142",
            "7185550123",
        ];
        let rows: Vec<Vec<&str>> = (0..5)
            .map(|i| vec![seconds[i].as_str(), millis[i].as_str(), phones[i]])
            .collect();
        let rows: Vec<&[&str]> = rows.iter().map(Vec::as_slice).collect();
        let found = detection(&["0", "1", "2"], false, &rows);
        assert_eq!(
            decided(&found, "0"),
            (Some("event_time".into()), "high", "values_unix_seconds")
        );
        assert_eq!(
            decided(&found, "1"),
            (None, "low", "target_taken"),
            "one event time only"
        );
        assert_eq!(
            decided(&found, "2"),
            (Some("ph".into()), "medium", "values_phone")
        );
        // Millisecond times on their own.
        let found = detection(
            &["1"],
            false,
            &rows.iter().map(|r| &r[1..2]).collect::<Vec<_>>(),
        );
        assert_eq!(
            decided(&found, "0"),
            (
                Some("event_time".into()),
                "high",
                "values_unix_milliseconds"
            )
        );
        // Ten digits far from now are not a time.
        let far = ["1000000000", "1000000001", "1000000002"];
        let rows: Vec<[&str; 1]> = far.iter().map(|v| [*v]).collect();
        let rows: Vec<&[&str]> = rows.iter().map(|r| r.as_slice()).collect();
        assert_eq!(
            detection(&["0"], false, &rows).columns[0].reason,
            DetectReason::ValuesPhone
        );
    }

    #[test]
    fn unique_codes_beside_a_time_are_order_ids_and_ambiguous_names_let_values_decide() {
        let rows: &[&[&str]] = &[
            &["R-1001", "S1", "2026-11-01 10:00", "Purchase"],
            &["R-1002", "S1", "2026-11-01 11:00", "Purchase"],
            &["R-1003", "S2", "2026-11-02 09:00", "Purchase"],
            &["R-1004", "S2", "2026-11-02 12:00", "Purchase"],
        ];
        let found = detection(&["ref", "id", "when", "type"], true, rows);
        assert_eq!(
            decided(&found, "ref"),
            (
                Some("order_id".into()),
                "medium",
                "values_unique_codes_with_time"
            )
        );
        assert_eq!(decided(&found, "id"), (None, "low", "ambiguous_name"));
        assert_eq!(
            decided(&found, "when"),
            (Some("event_time".into()), "medium", "values_date")
        );
        assert_eq!(
            decided(&found, "type"),
            (Some("event_name".into()), "medium", "values_event_name")
        );
        // Without a time, codes are only codes.
        let found = detection(
            &["ref"],
            true,
            &rows.iter().map(|r| &r[..1]).collect::<Vec<_>>(),
        );
        assert_eq!(decided(&found, "ref"), (None, "low", "ambiguous_name"));
    }

    #[test]
    fn states_countries_and_zips_by_their_shape() {
        let rows: &[&[&str]] = &[
            &["NY", "US", "10001", "Ontario"],
            &["IL", "CA", "60614", "Québec"],
            &["CA", "US", "94301-1234", "Alberta"],
        ];
        let found = detection(&["a", "b", "c", "d"], true, rows);
        assert_eq!(decided(&found, "a").2, "values_state_code");
        assert_eq!(decided(&found, "b").2, "values_country");
        assert_eq!(decided(&found, "c").2, "values_zip");
        assert_eq!(
            decided(&found, "d"),
            (Some("st".into()), "medium", "values_state_name")
        );
    }

    #[test]
    fn a_name_the_values_contradict_is_kept_with_low_confidence() {
        let rows: &[&[&str]] = &[&["a@b.co", "x"], &["c@d.co", "y"], &["e@f.co", "z"]];
        let found = detection(&["phone", "cust_fname"], true, rows);
        assert_eq!(
            decided(&found, "phone"),
            (Some("ph".into()), "low", "header_values_disagree")
        );
        assert_eq!(
            decided(&found, "cust_fname"),
            (Some("fn".into()), "medium", "header_abbreviation")
        );
        let json = serde_json::to_string(&found).unwrap();
        assert_eq!(
            json,
            r#"[{"column":"phone","target":"ph","confidence":"low","reason":"header_values_disagree","sampled":3,"matching":0},{"column":"cust_fname","target":"fn","confidence":"medium","reason":"header_abbreviation","sampled":3,"matching":0}]"#
        );
        assert!(!json.contains("a@b.co"), "no value in a detection");
    }

    #[test]
    fn a_named_event_field_beats_a_guess_from_values() {
        let rows: &[&[&str]] = &[
            &["A-1", "T-9", "2026-11-01"],
            &["A-2", "T-8", "2026-11-02"],
            &["A-3", "T-7", "2026-11-03"],
        ];
        let found = detection(&["code", "txn_id", "date"], true, rows);
        assert_eq!(decided(&found, "txn_id").0.as_deref(), Some("order_id"));
        assert_eq!(decided(&found, "code"), (None, "low", "target_taken"));
    }
}
