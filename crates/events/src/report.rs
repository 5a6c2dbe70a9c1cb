//! What happened to a file: the summary counts and the rejection report (CSV).

use matchkeys::MatchKey;
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use crate::row::{RejectCode, Rejection, RowWarning};

/// The `&'static str` that [`Counts`], [`RowWarning`] and previews hold for `text`, when `text`
/// is one of the names they can hold: a rejection code, an identifier's error or warning code,
/// or a match key's name. It reads those names back from a slice's output that crossed to
/// another thread as bytes; `None` for any other text.
///
/// ```
/// assert_eq!(events::report::known_name("invalid_email"), Some("invalid_email"));
/// assert_eq!(events::report::known_name("zp"), Some("zp"));
/// assert_eq!(events::report::known_name("a@example.com"), None);
/// ```
pub fn known_name(text: &str) -> Option<&'static str> {
    RejectCode::ALL
        .iter()
        .map(|code| code.code())
        .chain(matchkeys::ErrorKind::ALL.iter().map(|kind| kind.code()))
        .chain(matchkeys::Warning::ALL.iter().map(|warning| warning.code()))
        .chain(
            MatchKey::ALL
                .iter()
                .flat_map(|key| [key.capi_name(), key.ocapi_name()]),
        )
        .find(|name| *name == text)
}

/// `user_data` order, then the OCAPI-only keys.
const KEY_ORDER: [&str; 19] = [
    "em",
    "ph",
    "fn",
    "ln",
    "ge",
    "db",
    "ct",
    "st",
    "zp",
    "country",
    "external_id",
    "madid",
    "lead_id",
    "fi",
    "f5first",
    "f5last",
    "doby",
    "dobm",
    "dobd",
];

/// Counts by name, serialized as a JSON object in first-seen (or fixed) order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Counts(Vec<(&'static str, u64)>);

impl Counts {
    /// Add one to `name`.
    pub fn add(&mut self, name: &'static str) {
        self.add_count(name, 1);
    }

    /// Add `count` to `name` (the counts of two parts of a file put together).
    pub fn add_count(&mut self, name: &'static str, count: u64) {
        match self.0.iter_mut().find(|(n, _)| *n == name) {
            Some(entry) => entry.1 += count,
            None => self.0.push((name, count)),
        }
    }

    /// The count of `name`.
    pub fn get(&self, name: &str) -> u64 {
        self.0
            .iter()
            .find(|(n, _)| *n == name)
            .map_or(0, |(_, c)| *c)
    }

    /// Every `(name, count)`.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, u64)> + '_ {
        self.0.iter().copied()
    }

    fn sort_by_key<K: Ord>(&mut self, key: impl Fn(&str) -> K) {
        self.0.sort_by_key(|(n, _)| key(n));
    }
}

impl Serialize for Counts {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(n, c)| (*n, *c)))
    }
}

/// The summary of a file.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct Summary {
    /// Data rows read.
    pub rows: u64,
    /// Rows accepted (each in exactly one batch).
    pub accepted: u64,
    /// Rows rejected.
    pub rejected: u64,
    /// Rejections by code.
    pub rejected_by_reason: Counts,
    /// Dropped identifiers by code.
    pub warnings_by_code: Counts,
    /// Accepted rows having each match key (CAPI names, in `user_data` order).
    pub coverage: Counts,
    /// Batches made.
    pub batches: u64,
}

impl Summary {
    /// Count an accepted row and the keys it carries.
    pub fn accept(&mut self, keys: &[MatchKey]) {
        self.accept_keys(keys.iter().copied());
    }

    /// [`Summary::accept`] of the keys as they come (no list is built per row).
    pub fn accept_keys(&mut self, keys: impl IntoIterator<Item = MatchKey>) {
        self.rows += 1;
        self.accepted += 1;
        for key in keys {
            self.coverage.add(key.capi_name());
        }
    }

    /// Count a rejected row.
    pub fn reject(&mut self, rejection: &Rejection) {
        self.rows += 1;
        self.rejected += 1;
        self.rejected_by_reason.add(rejection.code.code());
    }

    /// Count a warning.
    pub fn warn(&mut self, warning: &RowWarning) {
        self.warnings_by_code.add(warning.code);
    }

    /// Put the counts in a stable order (reasons and codes by name, keys by `user_data` order).
    pub fn finish(&mut self) {
        self.rejected_by_reason.sort_by_key(str::to_string);
        self.warnings_by_code.sort_by_key(str::to_string);
        let order = |name: &str| {
            KEY_ORDER
                .iter()
                .position(|k| *k == name)
                .unwrap_or(KEY_ORDER.len())
        };
        self.coverage.sort_by_key(order);
    }
}

/// A mapped match key is **low** when fewer than this share (percent) of the accepted rows carry
/// it: Meta matches an event on any one key, but a key most rows lack adds little and often means
/// a wrong mapping; a key mapped but carried by no accepted row is always low.
pub const LOW_COVERAGE_PERCENT: f64 = 50.0;

/// How many accepted rows carry one match key (the Check step's coverage table).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KeyCoverage {
    /// The match key (CAPI name).
    pub key: &'static str,
    /// Accepted rows carrying it.
    pub rows: u64,
    /// `rows` as a percentage of the accepted rows (0 when none was accepted).
    pub percent: f64,
    /// Below [`LOW_COVERAGE_PERCENT`].
    pub low: bool,
}

/// The coverage of every key that accepted rows carry (in `user_data` order), then of every key
/// `mapping` maps that none carries.
pub fn coverage(summary: &Summary, mapping: &crate::mapping::Mapping) -> Vec<KeyCoverage> {
    let mut keys: Vec<(&'static str, u64)> = summary.coverage.iter().collect();
    for (_, target) in mapping.entries() {
        if let Some(crate::mapping::Target::Key(key)) = target {
            let name = key.capi_name();
            if !keys.iter().any(|(k, _)| *k == name) {
                keys.push((name, 0));
            }
        }
    }
    keys.into_iter()
        .map(|(key, rows)| {
            let percent = if summary.accepted == 0 {
                0.0
            } else {
                rows as f64 * 100.0 / summary.accepted as f64
            };
            KeyCoverage {
                key,
                rows,
                percent,
                low: percent < LOW_COVERAGE_PERCENT,
            }
        })
        .collect()
}

/// The rejection report: one CSV line per rejected row and per dropped identifier, in row
/// order, with `row,column,kind,code,message`. It names rows and columns, never a value.
///
/// ```
/// use events::row::{RowWarning, Rejection, RejectCode};
/// let rejected = [Rejection { row: 2, column: Some("Amount".into()), code: RejectCode::BadValue, message: RejectCode::BadValue.message() }];
/// let warnings = [RowWarning { row: 1, column: "E-mail".into(), code: "invalid_email" }];
/// let csv = events::report::rejection_csv(&rejected, &warnings);
/// assert!(csv.starts_with("row,column,kind,code,message\r\n1,E-mail,warning,invalid_email,"));
/// ```
pub fn rejection_csv(rejected: &[Rejection], warnings: &[RowWarning]) -> String {
    let mut lines: Vec<(u64, String)> = Vec::with_capacity(rejected.len() + warnings.len());
    for r in rejected {
        let column = r.column.as_deref().unwrap_or_default();
        lines.push((
            r.row,
            line(r.row, column, "rejected", r.code.code(), r.message),
        ));
    }
    for w in warnings {
        lines.push((
            w.row,
            line(
                w.row,
                &w.column,
                "warning",
                w.code,
                "the identifier could not be normalized and was left out",
            ),
        ));
    }
    lines.sort_by_key(|(row, _)| *row);
    let mut csv = String::from("row,column,kind,code,message\r\n");
    for (_, text) in lines {
        csv.push_str(&text);
    }
    csv
}

/// A row Graph rejected at upload time and the upload skipped (sent its batch without it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkippedRow {
    /// The data row (from 1 after the header).
    pub row: u64,
    /// The batch it was in.
    pub batch: usize,
    /// Its index in the batch as the file produced it.
    pub index_in_batch: usize,
    /// The field Graph named, when it named one.
    #[serde(default)]
    pub field: Option<String>,
    /// Graph's error code.
    pub code: u32,
    /// Graph's subcode.
    #[serde(default)]
    pub subcode: Option<u32>,
    /// Graph's reason, as Graph wrote it.
    pub reason: String,
}

/// The skipped-rows report: one CSV line per row Graph rejected and the upload skipped, in row
/// order, with `row,batch,field,code,subcode,reason`.
///
/// ```
/// use events::report::{SkippedRow, skipped_csv};
/// let skipped = [SkippedRow { row: 7, batch: 0, index_in_batch: 6, field: Some("event_time".into()), code: 100, subcode: Some(2804003), reason: "Event too old".into() }];
/// assert_eq!(skipped_csv(&skipped), "row,batch,field,code,subcode,reason\r\n7,0,event_time,100,2804003,Event too old\r\n");
/// ```
pub fn skipped_csv(skipped: &[SkippedRow]) -> String {
    let mut rows: Vec<&SkippedRow> = skipped.iter().collect();
    rows.sort_by_key(|s| s.row);
    let mut csv = String::from("row,batch,field,code,subcode,reason\r\n");
    for s in rows {
        csv.push_str(&format!(
            "{},{},{},{},{},{}\r\n",
            s.row,
            s.batch,
            quote(s.field.as_deref().unwrap_or_default()),
            s.code,
            s.subcode.map(|c| c.to_string()).unwrap_or_default(),
            quote(&s.reason)
        ));
    }
    csv
}

fn line(row: u64, column: &str, kind: &str, code: &str, message: &str) -> String {
    format!(
        "{row},{},{kind},{code},{}\r\n",
        quote(column),
        quote(message)
    )
}

/// Quote a CSV field when it needs it (and defuse spreadsheet formulas).
fn quote(field: &str) -> String {
    let formula = field.starts_with(['=', '+', '-', '@']);
    if formula || field.contains([',', '"', '\r', '\n']) {
        let prefix = if formula { "'" } else { "" };
        format!("\"{prefix}{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::row::RejectCode;

    #[test]
    fn quotes_columns_that_need_it() {
        let rejected = [Rejection {
            row: 3,
            column: Some("Amount, €".into()),
            code: RejectCode::BadValue,
            message: "m",
        }];
        let csv = rejection_csv(&rejected, &[]);
        assert_eq!(
            csv,
            "row,column,kind,code,message\r\n3,\"Amount, €\",rejected,bad_value,m\r\n"
        );
        assert_eq!(quote("=cmd"), "\"'=cmd\"");
    }

    #[test]
    fn summary_orders_keys_like_user_data() {
        let mut summary = Summary::default();
        summary.accept(&[MatchKey::Country, MatchKey::FirstName, MatchKey::Email]);
        summary.accept(&[MatchKey::Phone]);
        summary.finish();
        assert_eq!(
            serde_json::to_string(&summary.coverage).unwrap(),
            r#"{"em":1,"ph":1,"fn":1,"country":1}"#
        );
    }
}

#[cfg(test)]
mod coverage_tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn coverage_counts_carried_keys_then_mapped_keys_none_carries() {
        let mut settings = crate::Settings::new(1_795_132_800);
        settings.event_name = Some("Purchase".into());
        let csv = "email,phone,zip,time,value,currency\na@example.com,,94301,1795000000,1,USD\nb@example.com,,,1795000000,1,USD\nc@example.com,+16505551212,,1795000000,1,USD\n";
        let finished = crate::prepare_bytes(settings, csv.as_bytes()).unwrap();
        let keys = coverage(&finished.summary, &finished.mapping);
        let view: Vec<(&str, u64, bool)> = keys.iter().map(|k| (k.key, k.rows, k.low)).collect();
        assert_eq!(view, [("em", 3, false), ("ph", 1, true), ("zp", 1, true)]);
        assert!((keys[1].percent - 100.0 / 3.0).abs() < 1e-9);
        let mut empty = finished.summary.clone();
        empty.accepted = 0;
        empty.coverage = Counts::default();
        let keys = coverage(&empty, &finished.mapping);
        assert!(
            keys.iter()
                .all(|k| k.rows == 0 && k.percent == 0.0 && k.low)
        );
        assert_eq!(keys.len(), 3);
    }
}
