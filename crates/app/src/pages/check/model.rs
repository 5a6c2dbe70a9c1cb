//! What the Check step computes from a prepared file (plain Rust, tested natively): match-key
//! coverage with its "low" flag, the pages of the rejected-rows table, and the rejection report.

use crate::components::TableData;
use crate::worker::protocol::Prepared;

/// A mapped match key is **low** when fewer than this share (percent) of the accepted rows
/// carry it. Meta matches an event on any one key, but a key most rows lack adds little and
/// often means a wrong mapping (a phone column that is mostly empty, a date order that breaks
/// dates of birth); a key mapped but carried by *no* accepted row is always low.
pub const LOW_COVERAGE_PERCENT: f64 = 50.0;

/// Rejected rows shown per page of the table.
pub const ROWS_PER_PAGE: usize = 50;

/// How many accepted rows carry one match key.
#[derive(Debug, Clone, PartialEq)]
pub struct KeyCoverage {
    /// The match key (CAPI name).
    pub key: String,
    /// Accepted rows carrying it.
    pub rows: u64,
    /// `rows` as a percentage of the accepted rows (0 when none was accepted).
    pub percent: f64,
    /// Below [`LOW_COVERAGE_PERCENT`].
    pub low: bool,
}

/// The coverage of every key that accepted rows carry, then of every mapped key none carries,
/// in `user_data` order.
pub fn coverage(prepared: &Prepared) -> Vec<KeyCoverage> {
    let accepted = prepared.summary.accepted;
    let mut keys: Vec<(String, u64)> = prepared.coverage.clone();
    for key in mapped_keys(&prepared.mapping) {
        if !keys.iter().any(|(k, _)| *k == key) {
            keys.push((key, 0));
        }
    }
    keys.into_iter()
        .map(|(key, rows)| {
            let percent = if accepted == 0 {
                0.0
            } else {
                rows as f64 * 100.0 / accepted as f64
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

/// The match keys (CAPI names) of a mapping's targets, each once.
fn mapped_keys(mapping: &serde_json::Value) -> Vec<String> {
    let mut keys: Vec<String> = Vec::new();
    let Some(entries) = mapping.as_object() else {
        return keys;
    };
    for target in entries.values().filter_map(serde_json::Value::as_str) {
        if let Ok(events::mapping::Target::Key(key)) = events::mapping::Target::parse(target) {
            let name = key.capi_name().to_owned();
            if !keys.contains(&name) {
                keys.push(name);
            }
        }
    }
    keys
}

/// A percentage as shown: one decimal, no trailing `.0` for whole numbers.
pub fn percent_text(percent: f64) -> String {
    let rounded = (percent * 10.0).round() / 10.0;
    if rounded.fract() == 0.0 {
        format!("{rounded:.0} %")
    } else {
        format!("{rounded:.1} %")
    }
}

/// The number of pages of `total` rows (at least 1).
pub fn page_count(total: usize) -> usize {
    total.div_ceil(ROWS_PER_PAGE).max(1)
}

/// The row range `start..end` of 0-based page `page` (clamped to the last page).
pub fn page_range(total: usize, page: usize) -> std::ops::Range<usize> {
    let page = page.min(page_count(total) - 1);
    let start = page * ROWS_PER_PAGE;
    start.min(total)..(start + ROWS_PER_PAGE).min(total)
}

/// The message a dropped identifier gets in the report (the events crate's wording).
const WARNING_MESSAGE: &str = "the identifier could not be normalized and was left out";

/// The rejection report: `row,column,kind,code,message`, one line per rejected row and per
/// dropped identifier, in row order, like `events::report::rejection_csv`. Row numbers, column
/// names and codes only: never a value.
pub fn report(prepared: &Prepared) -> TableData {
    let mut lines: Vec<(u64, Vec<String>)> = Vec::new();
    for r in &prepared.rejected {
        lines.push((
            r.row,
            vec![
                r.row.to_string(),
                r.column.clone().unwrap_or_default(),
                "rejected".into(),
                r.code.code().to_owned(),
                r.message.clone(),
            ],
        ));
    }
    for w in &prepared.warnings {
        lines.push((
            w.row,
            vec![
                w.row.to_string(),
                w.column.clone(),
                "warning".into(),
                w.code.clone(),
                WARNING_MESSAGE.into(),
            ],
        ));
    }
    // Stable: a row's rejection comes before its warnings, as in the events crate's report.
    lines.sort_by_key(|(row, _)| *row);
    let mut table = TableData::new(["row", "column", "kind", "code", "message"]);
    table.rows = lines.into_iter().map(|(_, line)| line).collect();
    table
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::worker::protocol::{Collector, Job};

    const STORE_SALES: &[u8] = include_bytes!("../../../../../tests/e2e/fixtures/store-sales.csv");

    fn store_sales() -> Prepared {
        let mut settings = events::Settings::new(1_795_132_800);
        settings.event_name = Some("Purchase".into());
        let mut collector = Collector::new(Job::new(settings)).unwrap();
        collector.feed(STORE_SALES).unwrap();
        collector.finish().unwrap().0
    }

    #[test]
    fn coverage_of_the_sample_matches_its_readme_and_nothing_is_low() {
        let coverage = coverage(&store_sales());
        let keys: Vec<(&str, u64)> = coverage.iter().map(|c| (c.key.as_str(), c.rows)).collect();
        assert_eq!(
            keys,
            [
                ("em", 255),
                ("ph", 249),
                ("fn", 287),
                ("ln", 287),
                ("ct", 287),
                ("st", 256),
                ("zp", 287),
                ("country", 287)
            ]
        );
        assert_eq!(percent_text(coverage[0].percent), "88.9 %");
        assert_eq!(percent_text(coverage[2].percent), "100 %");
        assert!(coverage.iter().all(|c| !c.low));
    }

    #[test]
    fn a_key_below_half_or_carried_by_no_row_is_low() {
        let mut prepared = store_sales();
        prepared.summary.accepted = 100;
        prepared.coverage = vec![("em".into(), 50), ("ph".into(), 49)];
        prepared.mapping =
            serde_json::json!({"Email": "em", "Phone": "phone", "Zip": "zip", "Store": null});
        let coverage = coverage(&prepared);
        let flags: Vec<(&str, bool)> = coverage.iter().map(|c| (c.key.as_str(), c.low)).collect();
        assert_eq!(flags, [("em", false), ("ph", true), ("zp", true)]);
        assert_eq!(coverage[2].rows, 0);
        prepared.summary.accepted = 0;
        prepared.coverage.clear();
        assert!(
            super::coverage(&prepared)
                .iter()
                .all(|c| c.low && c.percent == 0.0)
        );
    }

    #[test]
    fn pages_cover_every_row_once() {
        assert_eq!(page_count(0), 1);
        assert_eq!(page_range(0, 0), 0..0);
        assert_eq!(page_count(13), 1);
        assert_eq!(page_range(13, 0), 0..13);
        assert_eq!(page_count(101), 3);
        assert_eq!(page_range(101, 1), 50..100);
        assert_eq!(page_range(101, 2), 100..101);
        assert_eq!(page_range(101, 9), 100..101);
    }

    #[test]
    fn the_report_lists_rejections_and_warnings_by_row_like_the_events_crate() {
        let prepared = store_sales();
        let table = report(&prepared);
        assert_eq!(table.rows.len(), 13 + 3);
        let rejected: Vec<&str> = table
            .rows
            .iter()
            .filter(|r| r[2] == "rejected")
            .map(|r| r[0].as_str())
            .collect();
        assert_eq!(
            rejected,
            [
                "2", "67", "97", "127", "157", "187", "238", "239", "241", "248", "265", "266",
                "278"
            ]
        );
        let finished = events::prepare_bytes(
            {
                let mut s = events::Settings::new(1_795_132_800);
                s.event_name = Some("Purchase".into());
                s
            },
            STORE_SALES,
        )
        .unwrap();
        let expected =
            events::report::rejection_csv(&finished.output.rejected, &finished.output.warnings);
        assert_eq!(table.to_csv(), expected);
    }
}
