//! The stats as the page shows them: an offline set's uploads as a table, its stats and a
//! dataset's stats as a chart and a table with the same numbers. Every header and series name is
//! written in the language asked for, so the page rebuilds them when the language changes.

use super::axis::Axis;
use super::graph_time::{graph_time, parse_graph_time};
use crate::components::{ChartData, Series, TableData};
use crate::i18n::Lang;
use crate::pages::manage::calendar::format_time;
use graph::datasets::DatasetStatsRow;
use graph::offline::{OfflineUpload, StatsRow};
use serde_json::{Map, Value};
use std::collections::BTreeMap;

fn number(details: &Map<String, Value>, key: &str) -> f64 {
    match details.get(key) {
        Some(Value::Number(n)) => n.as_f64().unwrap_or_default(),
        Some(Value::String(s)) => s.trim().parse().unwrap_or_default(),
        _ => 0.0,
    }
}

fn count(value: f64) -> String {
    if value.fract() == 0.0 {
        format!("{value:.0}")
    } else {
        format!("{value}")
    }
}

fn time_cell(details: &Map<String, Value>, key: &str) -> String {
    match details.get(key) {
        Some(Value::Number(n)) => n.as_i64().map(format_time).unwrap_or_default(),
        Some(Value::String(s)) => s.clone(),
        _ => String::new(),
    }
}

/// The uploads of a set as a table.
pub fn uploads_table(uploads: &[OfflineUpload], lang: Lang) -> TableData {
    let mut table = TableData::new(
        [
            tr!(manage.upload_tag),
            tr!(manage.last_upload),
            tr!(manage.events),
            tr!(manage.matched),
            tr!(manage.valid),
            tr!(manage.invalid),
            tr!(manage.duplicates),
            tr!(manage.error_calls),
        ]
        .map(|key| lang.t(key)),
    );
    for upload in uploads {
        let d = &upload.details;
        let valid = number(d, "valid_entries");
        let invalid = number(d, "invalid_entries");
        let duplicates = number(d, "duplicate_entries");
        table.rows.push(vec![
            upload.upload_tag.clone().unwrap_or_default(),
            time_cell(d, "last_upload_time"),
            count(valid + invalid + duplicates),
            count(number(d, "matched_entries")),
            count(valid),
            count(invalid),
            count(duplicates),
            count(number(d, "error_calls")),
        ]);
    }
    table
}

/// An offline set's stats buckets as a chart (total, matched, duplicates) and a table with the
/// same rows, in time order, every bucket of the axis present (zeros where Graph had none).
pub fn set_stats(rows: &[StatsRow], lang: Lang, axis: &Axis) -> (ChartData, TableData) {
    let metrics = [
        ("total_count", tr!(manage.events)),
        ("matched_count", tr!(manage.matched)),
        ("duplicate_count", tr!(manage.duplicates)),
    ];
    let mut sums: BTreeMap<i64, [f64; 3]> = BTreeMap::new();
    for row in rows {
        let row = &row.0;
        let Some(at) = row.get("timestamp").and_then(Value::as_i64).or_else(|| {
            row.get("time")
                .and_then(Value::as_str)
                .and_then(parse_graph_time)
        }) else {
            continue;
        };
        let bucket = sums.entry(axis.bucket.start(at)).or_default();
        for (sum, (key, _)) in bucket.iter_mut().zip(metrics) {
            *sum += number(row, key);
        }
    }
    let times = axis.times(sums.keys().copied());
    let values = |i: usize| -> Vec<f64> {
        times
            .iter()
            .map(|t| sums.get(t).map_or(0.0, |v| v[i]))
            .collect()
    };
    let series = metrics
        .iter()
        .enumerate()
        .map(|(i, &(_, name))| Series {
            name: lang.t(name).to_owned(),
            values: values(i),
        })
        .collect();
    let mut table = TableData::new(
        std::iter::once(lang.t(tr!(manage.time)))
            .chain(metrics.iter().map(|&(_, name)| lang.t(name))),
    );
    for t in &times {
        let figures = sums.get(t).copied().unwrap_or_default();
        table.rows.push(
            std::iter::once(graph_time(*t))
                .chain(figures.iter().map(|v| count(*v)))
                .collect(),
        );
    }
    (axis.chart(&times, series), table)
}

/// A dataset's stats buckets (`start_time`, `data: [{value, count}]`, hourly from Graph) added up
/// per axis bucket: one series per value, and a table with one row per bucket and one column per
/// value — the chart's numbers exactly, zeros included.
pub fn dataset_stats(rows: &[DatasetStatsRow], lang: Lang, axis: &Axis) -> (ChartData, TableData) {
    let mut buckets: BTreeMap<i64, BTreeMap<String, f64>> = BTreeMap::new();
    for row in rows {
        let Some(start) = row
            .0
            .get("start_time")
            .and_then(Value::as_str)
            .and_then(parse_graph_time)
        else {
            continue;
        };
        let bucket = buckets.entry(axis.bucket.start(start)).or_default();
        for entry in row
            .0
            .get("data")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            let Some(entry) = entry.as_object() else {
                continue;
            };
            let value = match entry.get("value") {
                Some(Value::String(s)) => s.clone(),
                Some(other) => other.to_string(),
                None => String::new(),
            };
            *bucket.entry(value).or_default() += number(entry, "count");
        }
    }
    let names: Vec<String> = {
        let mut names: Vec<String> = buckets.values().flat_map(|b| b.keys().cloned()).collect();
        names.sort();
        names.dedup();
        names
    };
    let times = axis.times(buckets.keys().copied());
    let figure = |t: &i64, name: &str| {
        buckets
            .get(t)
            .and_then(|b| b.get(name))
            .copied()
            .unwrap_or_default()
    };
    let series = names
        .iter()
        .map(|name| Series {
            name: name.clone(),
            values: times.iter().map(|t| figure(t, name)).collect(),
        })
        .collect();
    let mut table = TableData::new(
        std::iter::once(lang.t(tr!(manage.time)).to_owned()).chain(names.iter().cloned()),
    );
    if !names.is_empty() {
        for t in &times {
            table.rows.push(
                std::iter::once(graph_time(*t))
                    .chain(names.iter().map(|name| count(figure(t, name))))
                    .collect(),
            );
        }
    }
    (axis.chart(&times, series), table)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pages::manage::stats::axis::Bucket;

    #[test]
    fn uploads_become_rows_with_event_totals() {
        let uploads: Vec<OfflineUpload> = serde_json::from_str(
            r#"[{"api_calls":1,"duplicate_entries":1,"error_calls":0,"id":"8","invalid_entries":0,
                "last_upload_time":1796224661,"matched_entries":2,"upload_tag":"store_data","valid_entries":3}]"#,
        )
        .unwrap();
        let table = uploads_table(&uploads, Lang::En);
        assert_eq!(table.headers.len(), table.rows[0].len());
        assert_eq!(
            table.rows[0],
            [
                "store_data",
                "2026-12-02 15:17",
                "4",
                "2",
                "3",
                "0",
                "1",
                "0"
            ]
        );
    }

    const DEC_2: i64 = 1_796_169_600; // 2026-12-02T00:00:00Z

    fn daily(range: (Option<i64>, Option<i64>)) -> Axis {
        Axis {
            bucket: Bucket::Day,
            range,
            now: DEC_2 + 20 * 3_600,
        }
    }

    #[test]
    fn set_stats_fill_missing_days_with_zeros_in_chart_and_table() {
        let rows: Vec<StatsRow> = serde_json::from_str(
            r#"[{"time":"2026-12-02T00:00:00+0000","timestamp":1796169600,"total_count":3,"matched_count":2,"duplicate_count":1},
                {"time":"2026-11-29T00:00:00+0000","timestamp":1795910400,"total_count":5,"matched_count":4,"duplicate_count":0}]"#,
        )
        .unwrap();
        let (chart, table) = set_stats(&rows, Lang::En, &daily((None, None)));
        assert_eq!(chart.labels, ["11-29", "11-30", "12-01", "12-02"]);
        assert_eq!(chart.series.len(), 3);
        assert_eq!(chart.series[0].values, [5.0, 0.0, 0.0, 3.0]);
        assert_eq!(chart.series[1].values, [4.0, 0.0, 0.0, 2.0]);
        assert_eq!(
            table.rows.len(),
            chart.labels.len(),
            "one table row per chart point"
        );
        assert_eq!(table.rows[1], ["2026-11-30T00:00:00+0000", "0", "0", "0"]);
        assert_eq!(table.rows[3], ["2026-12-02T00:00:00+0000", "3", "2", "1"]);
        let (_, empty) = set_stats(
            &[],
            Lang::En,
            &daily((Some(DEC_2 - 86_400), Some(DEC_2 + 86_400))),
        );
        assert!(
            empty.rows.is_empty(),
            "no figures: the empty note, not a flat line"
        );
    }

    #[test]
    fn dataset_stats_get_one_series_and_one_column_per_value() {
        let rows: Vec<DatasetStatsRow> = serde_json::from_str(
            r#"[{"aggregation":"event","data":[{"count":1,"value":"Purchase"},{"count":"2","value":"Lead"}],"start_time":"2026-12-02T15:00:00+0000"},
                {"aggregation":"event","data":[{"count":4,"value":"Purchase"}],"start_time":"2026-12-02T17:00:00+0000"}]"#,
        )
        .unwrap();
        let hourly = Axis {
            bucket: Bucket::Hour,
            range: (None, None),
            now: DEC_2 + 20 * 3_600,
        };
        let (chart, table) = dataset_stats(&rows, Lang::ZhHans, &hourly);
        assert_eq!(chart.labels, ["12-02 15:00", "12-02 16:00", "12-02 17:00"]);
        let names: Vec<&str> = chart.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["Lead", "Purchase"]);
        assert_eq!(chart.series[0].values, [2.0, 0.0, 0.0]);
        assert_eq!(chart.series[1].values, [1.0, 0.0, 4.0]);
        assert_eq!(table.headers, ["时间", "Lead", "Purchase"]);
        assert_eq!(table.rows[1], ["2026-12-02T16:00:00+0000", "0", "0"]);
        // Daily: the hours of one day add up.
        let (chart, table) = dataset_stats(&rows, Lang::En, &daily((None, None)));
        assert_eq!(chart.labels, ["12-02"]);
        assert_eq!(chart.series[1].values, [5.0]);
        assert_eq!(table.rows, [["2026-12-02T00:00:00+0000", "2", "5"]]);
    }
}
