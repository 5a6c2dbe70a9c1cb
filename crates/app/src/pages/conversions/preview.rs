//! Preview before create: which rows of a file a rule would count. In the browser it is
//! computed in a Web Worker ([`crate::platform::Workers::preview`]), which streams the file
//! through [`PreviewCollector`] chunk by chunk: the page never holds the file's bytes.
//!
//! The file goes through the events crate's normal path (auto-detected delimiter, header and
//! mapping; rows checked and turned into CAPI event JSON), then the rules crate evaluates the
//! rule on each event. Rows the events crate rejects are not events and are not evaluated.
//! Event times are not judged against the send window here: the window depends on when the
//! file is sent, and the preview is about the rule. The result names rows by number, event name
//! and value only: no identifier, raw or hashed, is kept.

use rules::{Matcher, Rule};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// A clock far enough ahead that no event is in the future, and with the widest windows no
/// event is too old: the preview judges the rule, not the timing. The last whole day of the
/// calendar the events crate reads dates with (jiff's timestamps end on 9999-12-30 at 22:00 UTC).
const PREVIEW_NOW: i64 = 253_402_128_000; // 9999-12-30T00:00:00Z

/// At most this many matching rows are listed (all are counted and summed).
pub const LISTED_ROWS: usize = 200;

/// One matching row, without identifiers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MatchedRow {
    /// The data row number (1 = the first row after the header).
    pub row: u64,
    /// The event name.
    pub event_name: String,
    /// `custom_data.value`, when the event has one.
    pub value: Option<f64>,
    /// `custom_data.currency`, when the event has one.
    pub currency: Option<String>,
}

/// What a rule selects in a file.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FilePreview {
    /// Data rows read.
    pub rows: u64,
    /// Rows that became events (and were evaluated).
    pub events: usize,
    /// Rows the events crate rejected (not evaluated).
    pub rejected: u64,
    /// How many events match.
    pub matched: usize,
    /// The first [`LISTED_ROWS`] matching rows, in file order.
    pub listed: Vec<MatchedRow>,
    /// The sum of the matching events' values (it crosses the worker boundary even when it
    /// overflowed to infinity, which JSON has no number for).
    #[serde(with = "any_f64")]
    pub value_sum: f64,
    /// Matching events without a value (not in the sum).
    pub without_value: usize,
    /// The currencies of the matching events, sorted (a sum over several is only indicative).
    pub currencies: Vec<String>,
}

/// An `f64` as a JSON number, or as text when it is not finite.
mod any_f64 {
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub(super) fn serialize<S: Serializer>(value: &f64, to: S) -> Result<S::Ok, S::Error> {
        match value.is_finite() {
            true => to.serialize_f64(*value),
            false => to.serialize_str(&value.to_string()),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(from: D) -> Result<f64, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Written {
            Number(f64),
            Text(String),
        }
        match Written::deserialize(from)? {
            Written::Number(value) => Ok(value),
            Written::Text(text) => text.parse().map_err(D::Error::custom),
        }
    }
}

/// Why a file cannot be previewed.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum PreviewError {
    /// The events crate could not read the file (it names the line, never a value).
    File(String),
    /// The event name for rows without one is not a name Meta takes.
    EventName(String),
    /// The background reader could not load, read the file or answer.
    Reader(String),
}

impl PreviewError {
    /// A stable code, for `data-problem`.
    pub fn code(&self) -> &'static str {
        match self {
            PreviewError::File(_) => "file",
            PreviewError::EventName(_) => "event_name",
            PreviewError::Reader(_) => "reader",
        }
    }

    /// The error of a [`PreviewError::code`] and its message (as the worker posts them); an
    /// unknown code is the reader's.
    pub fn from_code(code: &str, message: String) -> PreviewError {
        match code {
            "file" => PreviewError::File(message),
            "event_name" => PreviewError::EventName(message),
            _ => PreviewError::Reader(message),
        }
    }
}

impl std::fmt::Display for PreviewError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PreviewError::File(message)
            | PreviewError::EventName(message)
            | PreviewError::Reader(message) => f.write_str(message),
        }
    }
}

/// The events crate's settings for a preview: everything auto-detected, times not judged.
///
/// `event_name` fills rows of files without an event-name column (e.g. `Purchase`).
fn settings(event_name: &str) -> events::Settings {
    let mut settings = events::Settings::new(PREVIEW_NOW);
    settings.window_days_physical_store = u32::MAX;
    settings.window_days_other = u32::MAX;
    let name = event_name.trim();
    settings.event_name = (!name.is_empty()).then(|| name.to_owned());
    settings
}

/// The events crate's error, as the preview names it.
fn prepare_error(error: events::PrepareError) -> PreviewError {
    match error {
        events::PrepareError::Settings(error) => PreviewError::EventName(error.to_string()),
        other => PreviewError::File(other.to_string()),
    }
}

/// A rule previewed on a file read chunk by chunk: only the counts and the listed rows are
/// kept, each chunk's events are evaluated and dropped.
pub struct PreviewCollector {
    matcher: Matcher,
    preparation: events::Preparation,
    tally: Tally,
}

impl std::fmt::Debug for PreviewCollector {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("PreviewCollector")
    }
}

impl PreviewCollector {
    /// Start previewing `rule`, rows without an event name read as `event_name`.
    pub fn new(rule: &Rule, event_name: &str) -> Result<PreviewCollector, PreviewError> {
        let matcher = rule
            .compile()
            .map_err(|e| PreviewError::File(e.to_string()))?;
        let preparation = events::Preparation::new(settings(event_name)).map_err(prepare_error)?;
        Ok(PreviewCollector {
            matcher,
            preparation,
            tally: Tally::default(),
        })
    }

    /// Read the next chunk of the file.
    pub fn feed(&mut self, chunk: &[u8]) -> Result<(), PreviewError> {
        self.preparation.feed(chunk).map_err(prepare_error)?;
        let output = self.preparation.take_output();
        self.tally.evaluate(&self.matcher, output);
        Ok(())
    }

    /// The end of the file: what the rule selects in it.
    pub fn finish(self) -> Result<FilePreview, PreviewError> {
        let PreviewCollector {
            matcher,
            preparation,
            mut tally,
        } = self;
        let mut finished = preparation.finish().map_err(prepare_error)?;
        tally.evaluate(&matcher, std::mem::take(&mut finished.output));
        let mut preview = tally.done();
        preview.rows = finished.summary.rows;
        preview.rejected = finished.summary.rejected;
        Ok(preview)
    }
}

/// Preview `rule` on the CSV `bytes` (read in 64 KiB chunks, like a streamed file).
pub fn preview_csv(
    bytes: &[u8],
    rule: &Rule,
    event_name: &str,
) -> Result<FilePreview, PreviewError> {
    let mut collector = PreviewCollector::new(rule, event_name)?;
    for chunk in bytes.chunks(64 * 1024) {
        collector.feed(chunk)?;
    }
    collector.finish()
}

/// The running counts of a preview.
#[derive(Debug, Default)]
struct Tally(FilePreview);

impl Tally {
    /// Count the events of `output`.
    fn evaluate(&mut self, matcher: &Matcher, output: events::Output) {
        for batch in &output.batches {
            for (row, json) in batch.rows.iter().copied().zip(batch.events()) {
                if let Ok(event) = serde_json::from_str::<Value>(json) {
                    self.add(matcher, row, &event);
                }
            }
        }
    }

    /// Count the event of data row `row`, and keep it when `matcher` selects it.
    fn add(&mut self, matcher: &Matcher, row: u64, event: &Value) {
        let preview = &mut self.0;
        preview.events += 1;
        if !matcher.matches(event) {
            return;
        }
        preview.matched += 1;
        let custom = event.get("custom_data");
        let value = custom
            .and_then(|c| c.get("value"))
            .and_then(|v| match v {
                Value::Number(n) => n.as_f64(),
                Value::String(s) => s.trim().parse().ok(),
                _ => None,
            })
            .filter(|v: &f64| v.is_finite());
        let currency = custom
            .and_then(|c| c.get("currency"))
            .and_then(Value::as_str)
            .map(str::to_owned);
        match value {
            Some(v) => preview.value_sum += v,
            None => preview.without_value += 1,
        }
        if let Some(code) = &currency
            && !preview.currencies.contains(code)
        {
            preview.currencies.push(code.clone());
        }
        if preview.listed.len() < LISTED_ROWS {
            preview.listed.push(MatchedRow {
                row,
                event_name: event
                    .get("event_name")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_owned(),
                value,
                currency,
            });
        }
    }

    /// The counts, currencies sorted.
    fn done(self) -> FilePreview {
        let mut preview = self.0;
        preview.currencies.sort();
        preview
    }
}

/// A value as the preview shows it: two decimals.
pub fn format_value(value: f64) -> String {
    format!("{value:.2}")
}

#[cfg(test)]
mod tests {
    use super::*;

    const STORE_SALES: &str = include_str!("../../../../events/tests/cases/store-sales/input.csv");
    const OVER_100: &str = r#"{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#;
    const ICE_CREAM: &str = r#"{"and": [{"event_name": {"eq": "Purchase"}}, {"custom_data.product_category": {"i_contains": "ICECREAM"}}]}"#;

    fn rule(text: &str) -> Rule {
        Rule::parse(text).unwrap()
    }

    /// Ice cream, cake and a lead, with a product category column.
    const SHOP: &str = "email,event_name,event_time,value,currency,custom_data.product_category\n\
        a@example.com,Purchase,2026-11-01 10:00,16.00,USD,IceCream\n\
        b@example.com,Purchase,2026-11-01 11:00,9.50,USD,Cake\n\
        c@example.com,Lead,2026-11-01 12:00,,,icecream\n\
        d@example.com,Purchase,2026-11-02 10:00,4.25,USD,ICE CREAM\n\
        e@example.com,Purchase,2026-11-03 10:00,20,USD,icecream cone\n\
        ,Purchase,2026-11-03 10:00,20,USD,IceCream\n";

    #[test]
    fn ice_cream_rows_are_found_summed_and_named_without_identifiers() {
        let preview = preview_csv(SHOP.as_bytes(), &rule(ICE_CREAM), "").unwrap();
        assert_eq!(preview.rows, 6);
        // The last row has no identifier: rejected, not evaluated.
        assert_eq!((preview.events, preview.rejected), (5, 1));
        assert_eq!(preview.matched, 2);
        let rows: Vec<u64> = preview.listed.iter().map(|r| r.row).collect();
        assert_eq!(rows, vec![1, 5]);
        assert_eq!(preview.value_sum, 36.0);
        assert_eq!(preview.currencies, vec!["USD".to_owned()]);
        assert_eq!(preview.listed[0].event_name, "Purchase");
        assert_eq!(preview.listed[0].value, Some(16.0));
        let shown = format!("{preview:?}");
        assert!(!shown.contains("example.com"), "{shown}");
    }

    // The events crate keeps a byte-identical copy of shared/data/samples/store-sales.csv.
    /// The fields of one CSV line (quotes honoured; the sample has no multi-line records).
    fn fields(line: &str) -> Vec<String> {
        let (mut out, mut field, mut quoted) = (Vec::new(), String::new(), false);
        for c in line.chars() {
            match c {
                '"' => quoted = !quoted,
                ',' if !quoted => out.push(std::mem::take(&mut field)),
                c => field.push(c),
            }
        }
        out.push(field);
        out
    }

    #[test]
    fn purchases_over_100_in_the_store_sales_sample() {
        let preview = preview_csv(STORE_SALES.as_bytes(), &rule(OVER_100), "Purchase").unwrap();
        assert_eq!(preview.rows, 300);
        // Times are not judged: only the rows rejected for their data (3 without a match key,
        // 3 negative amounts, 2 bad currencies; the sample's README) are left out.
        assert_eq!(preview.rejected, 8);
        assert_eq!(preview.events, 292);
        // Independently: the Amount column above 100, thousands separators allowed.
        let rejected_rows = [97u64, 127, 157, 187, 241, 248, 265, 266];
        let expected: Vec<(u64, f64)> = STORE_SALES
            .lines()
            .skip(1)
            .enumerate()
            .map(|(i, line)| {
                let amount = fields(line)[11].trim().replace(',', "");
                (i as u64 + 1, amount.parse::<f64>().unwrap())
            })
            .filter(|(row, amount)| *amount > 100.0 && !rejected_rows.contains(row))
            .collect();
        assert!(expected.len() > 50, "{}", expected.len());
        assert_eq!(preview.matched, expected.len());
        let listed: Vec<(u64, f64)> = preview
            .listed
            .iter()
            .map(|r| (r.row, r.value.unwrap()))
            .collect();
        assert_eq!(listed, expected);
        let sum: f64 = expected.iter().map(|(_, v)| v).sum();
        assert!((preview.value_sum - sum).abs() < 1e-6);
    }

    #[test]
    fn a_missing_event_name_rejects_rows_and_a_bad_preset_is_an_error() {
        let preview = preview_csv(STORE_SALES.as_bytes(), &rule(OVER_100), "").unwrap();
        assert_eq!((preview.events, preview.matched), (0, 0));
        let error =
            preview_csv(STORE_SALES.as_bytes(), &rule(OVER_100), "Bad\u{1}Name").unwrap_err();
        assert_eq!(error.code(), "event_name");
    }

    #[test]
    fn values_sum_and_rows_without_value_are_counted_apart() {
        let matcher = rule(r#"{"event":{"eq":"Purchase"}}"#).compile().unwrap();
        let events = vec![
            (
                1,
                serde_json::json!({"event_name": "Purchase", "custom_data": {"value": 10.5, "currency": "EUR"}}),
            ),
            (2, serde_json::json!({"event_name": "Purchase"})),
            (4, serde_json::json!({"event_name": "Lead"})),
            (
                7,
                serde_json::json!({"event_name": "Purchase", "custom_data": {"value": 1, "currency": "USD"}}),
            ),
        ];
        let mut tally = Tally::default();
        for (row, event) in events {
            tally.add(&matcher, row, &event);
        }
        let preview = tally.done();
        assert_eq!(
            (preview.events, preview.matched, preview.without_value),
            (4, 3, 1)
        );
        assert_eq!(preview.value_sum, 11.5);
        assert_eq!(preview.currencies, vec!["EUR".to_owned(), "USD".to_owned()]);
        assert_eq!(format_value(preview.value_sum), "11.50");
    }

    #[test]
    fn an_unreadable_file_is_an_error() {
        // A UTF-16 byte order mark: the events crate refuses the file as a whole.
        let error = preview_csv(
            &[0xff, 0xfe, b'a', b'\n', 0xc3],
            &rule(OVER_100),
            "Purchase",
        )
        .unwrap_err();
        assert_eq!(error.code(), "file");
    }

    /// `bytes` fed to a [`PreviewCollector`] `size` bytes at a time.
    fn preview_in_chunks(
        bytes: &[u8],
        rule: &Rule,
        event_name: &str,
        size: usize,
    ) -> Result<FilePreview, PreviewError> {
        let mut collector = PreviewCollector::new(rule, event_name)?;
        for chunk in bytes.chunks(size) {
            collector.feed(chunk)?;
        }
        collector.finish()
    }

    #[test]
    fn small_chunks_give_the_whole_file_preview() {
        for (bytes, text, event_name) in [
            (SHOP.as_bytes(), ICE_CREAM, ""),
            (STORE_SALES.as_bytes(), OVER_100, "Purchase"),
            (STORE_SALES.as_bytes(), OVER_100, ""),
        ] {
            let whole = preview_csv(bytes, &rule(text), event_name).unwrap();
            assert!(whole.rows > 0);
            for size in [1, 7, 4096] {
                let chunked = preview_in_chunks(bytes, &rule(text), event_name, size).unwrap();
                assert_eq!(chunked, whole, "{size}-byte chunks");
            }
        }
        // Errors too: an unreadable file, a bad event name.
        let unreadable = [0xff, 0xfe, b'a', b'\n', 0xc3];
        assert_eq!(
            preview_in_chunks(&unreadable, &rule(OVER_100), "Purchase", 2),
            preview_csv(&unreadable, &rule(OVER_100), "Purchase")
        );
        assert_eq!(
            preview_in_chunks(SHOP.as_bytes(), &rule(OVER_100), "Bad\u{1}Name", 7)
                .unwrap_err()
                .code(),
            "event_name"
        );
    }

    #[test]
    fn a_rule_that_does_not_compile_is_the_same_error_whole_or_streamed() {
        // Built by hand (a parsed rule is checked): the pattern is not a regular expression.
        let Rule::Condition(mut condition) = rule(r#"{"url":{"regex_match":"a"}}"#) else {
            panic!("a condition");
        };
        condition.operand = rules::Operand::Text("(".into());
        let bad = Rule::Condition(condition);
        let whole = preview_csv(SHOP.as_bytes(), &bad, "").unwrap_err();
        assert_eq!(whole.code(), "file");
        let streamed = PreviewCollector::new(&bad, "").unwrap_err();
        assert_eq!(streamed, whole);
    }

    #[test]
    fn a_preview_and_its_errors_cross_the_worker_boundary() {
        let preview = preview_csv(SHOP.as_bytes(), &rule(ICE_CREAM), "").unwrap();
        let text = serde_json::to_string(&preview).unwrap();
        assert!(!text.contains("example.com"), "{text}");
        assert_eq!(serde_json::from_str::<FilePreview>(&text).unwrap(), preview);
        // A sum past f64's range still comes back.
        let huge = FilePreview {
            value_sum: f64::INFINITY,
            ..preview
        };
        let text = serde_json::to_string(&huge).unwrap();
        assert_eq!(serde_json::from_str::<FilePreview>(&text).unwrap(), huge);
        for error in [
            PreviewError::File("line 3".into()),
            PreviewError::EventName("bad name".into()),
            PreviewError::Reader("gone".into()),
        ] {
            let back = PreviewError::from_code(error.code(), error.to_string());
            assert_eq!(back, error);
        }
    }
}
