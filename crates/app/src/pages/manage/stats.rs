//! `/manage/stats`: an offline event set's uploads (tag, time, events, matched, valid, errors)
//! and its stats over a time range, grouped by upload or event time; or a dataset's stats by
//! event, source, processing result, match keys or PII. Charted, tabled, downloadable as CSV.

use super::{
    ActionStatus, DateField, Failure, Figures, KindChoice, M, ManageFrame, SelectField, TextField,
    graph_client, tm,
};
use crate::components::{ChartData, CsvDownload, DataTable, Series, TableData};
use crate::i18n::Lang;
use crate::settings::TargetKind;
use crate::state::{AppState, use_app_state};
use graph::datasets::{self, DatasetAggregation, DatasetStatsRow};
use graph::offline::{self, Granularity, OfflineUpload, StatsAggregation, StatsQuery, StatsRow};
use graph::{ObjectId, Pager};
use leptos::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let yoe = year - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count (the inverse of [`days_from_civil`]).
pub fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

/// Midnight UTC of a `YYYY-MM-DD` date (what `<input type="date">` gives); `None` if empty or
/// not a date.
pub fn day_start(text: &str) -> Option<i64> {
    let mut parts = text.trim().splitn(3, '-');
    let year: i64 = parts.next()?.parse().ok()?;
    let month: i64 = parts.next()?.parse().ok()?;
    let day: i64 = parts.next()?.parse().ok()?;
    if !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let days = days_from_civil(year, month, day);
    (civil_from_days(days) == (year, month, day)).then_some(days * 86_400)
}

/// A Unix time as Graph writes it, `2026-12-02T15:00:00+0000`.
pub fn graph_time(unix: i64) -> String {
    let (year, month, day) = civil_from_days(unix.div_euclid(86_400));
    let seconds = unix.rem_euclid(86_400);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}+0000",
        seconds / 3600,
        seconds % 3600 / 60,
        seconds % 60
    )
}

/// A Unix time as `YYYY-MM-DD HH:MM` UTC.
pub fn format_time(unix: i64) -> String {
    let time = graph_time(unix);
    match (time.get(..10), time.get(11..16)) {
        (Some(date), Some(clock)) => format!("{date} {clock}"),
        _ => time,
    }
}

/// The Unix time of Graph's `2026-12-02T15:00:00+0000` (or `…Z`, `…+08:00`); `None` if it is
/// not one.
pub fn parse_graph_time(text: &str) -> Option<i64> {
    let day = day_start(text.get(..10)?)?;
    let clock = text.get(10..)?.strip_prefix('T')?;
    let field = |range: std::ops::Range<usize>| -> Option<i64> {
        let digits = clock.get(range)?;
        digits
            .bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| digits.parse().ok())?
    };
    let (hours, minutes, seconds) = (field(0..2)?, field(3..5)?, field(6..8)?);
    let zone = clock.get(8..)?;
    let offset = match zone {
        "" | "Z" => 0,
        _ => {
            let sign = match zone.get(..1)? {
                "+" => 1,
                "-" => -1,
                _ => return None,
            };
            let digits: String = zone.get(1..)?.chars().filter(|c| *c != ':').collect();
            if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let hh: i64 = digits.get(..2)?.parse().ok()?;
            let mm: i64 = digits.get(2..)?.parse().ok()?;
            sign * (hh * 3600 + mm * 60)
        }
    };
    Some(day + hours * 3600 + minutes * 60 + seconds - offset)
}

/// The size of a chart's time buckets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bucket {
    /// One an hour.
    Hour,
    /// One a day (UTC).
    Day,
}

impl Bucket {
    /// Its length in seconds.
    pub fn seconds(self) -> i64 {
        match self {
            Bucket::Hour => 3_600,
            Bucket::Day => 86_400,
        }
    }

    /// The start of the bucket holding `unix`.
    pub fn start(self, unix: i64) -> i64 {
        unix.div_euclid(self.seconds()) * self.seconds()
    }
}

/// The most buckets a filled time axis gets (62 days of hours); a longer range is filled only
/// between the first and the last bucket that has figures.
pub const MAX_BUCKETS: i64 = 62 * 24;

/// Every bucket of the time axis, in order: each bucket of `range` (`[start, end)`, cut at
/// `now`) and each bucket that has figures, so hours or days without events show as zeros
/// instead of being skipped.
pub fn time_axis(
    present: &[i64],
    bucket: Bucket,
    range: (Option<i64>, Option<i64>),
    now: i64,
) -> Vec<i64> {
    let size = bucket.seconds();
    let first = present.iter().copied().min();
    let last = present.iter().copied().max();
    let start = range.0.or(first).map(|t| bucket.start(t));
    // Exclusive end: the range's end, not past the bucket holding `now`.
    let end = match range.1 {
        Some(end) => Some(end.min(bucket.start(now) + size)),
        None => last.map(|t| bucket.start(t) + size),
    };
    let mut axis: Vec<i64> = match (start, end) {
        (Some(start), Some(end)) if end > start && (end - start) / size <= MAX_BUCKETS => {
            (0..(end - start + size - 1) / size)
                .map(|i| start + i * size)
                .collect()
        }
        _ => match (first, last) {
            (Some(first), Some(last)) if (last - first) / size <= MAX_BUCKETS => {
                let first = bucket.start(first);
                (0..=(bucket.start(last) - first) / size)
                    .map(|i| first + i * size)
                    .collect()
            }
            _ => Vec::new(),
        },
    };
    axis.extend(present.iter().map(|&t| bucket.start(t)));
    axis.sort_unstable();
    axis.dedup();
    axis
}

/// `2026-12-02T15:00:00+0000` → `12-02 15:00` (a chart label).
pub fn short_label(iso: &str) -> String {
    match (iso.get(5..10), iso.get(11..16)) {
        (Some(date), Some("00:00")) => date.to_owned(),
        (Some(date), Some(time)) => format!("{date} {time}"),
        _ => iso.to_owned(),
    }
}

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
            M::UploadTag,
            M::LastUpload,
            M::Events,
            M::Matched,
            M::Valid,
            M::Invalid,
            M::Duplicates,
            M::ErrorCalls,
        ]
        .map(|key| tm(lang, key)),
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
        ("total_count", M::Events),
        ("matched_count", M::Matched),
        ("duplicate_count", M::Duplicates),
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
            name: tm(lang, name).to_owned(),
            values: values(i),
        })
        .collect();
    let mut table = TableData::new(
        std::iter::once(tm(lang, M::Time)).chain(metrics.iter().map(|&(_, name)| tm(lang, name))),
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

/// The time axis of a chart: bucket size, the asked range and the time it was asked at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Axis {
    /// The bucket size.
    pub bucket: Bucket,
    /// `[start, end)` as asked (Unix seconds).
    pub range: (Option<i64>, Option<i64>),
    /// Now (Unix seconds): no bucket after it.
    pub now: i64,
}

impl Axis {
    fn times(&self, present: impl Iterator<Item = i64>) -> Vec<i64> {
        let present: Vec<i64> = present.collect();
        if present.is_empty() {
            // No figures at all: the page says so instead of drawing a flat line.
            return Vec::new();
        }
        time_axis(&present, self.bucket, self.range, self.now)
    }

    fn chart(&self, times: &[i64], series: Vec<Series>) -> ChartData {
        ChartData {
            labels: times.iter().map(|t| short_label(&graph_time(*t))).collect(),
            series,
        }
    }
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
    let mut table =
        TableData::new(std::iter::once(tm(lang, M::Time).to_owned()).chain(names.iter().cloned()));
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

/// What the page loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The uploads table (offline sets only).
    pub uploads: Option<TableData>,
    /// The stats chart.
    pub chart: ChartData,
    /// The stats table.
    pub table: TableData,
}

/// What to load.
#[derive(Debug, Clone)]
struct Query {
    kind: TargetKind,
    id: String,
    from: String,
    until: String,
    aggregation: String,
    granularity: String,
    lang: Lang,
    now: i64,
}

async fn load(state: AppState, query: Query) -> Result<Loaded, Failure> {
    let client = graph_client(state)?;
    let id = ObjectId::new(&query.id).map_err(Failure::id(M::SetId))?;
    let start = day_start(&query.from);
    // The end date is inclusive: up to the next midnight.
    let end = day_start(&query.until).map(|t| t + 86_400);
    let bucket = if query.granularity == "hourly" {
        Bucket::Hour
    } else {
        Bucket::Day
    };
    let axis = Axis {
        bucket,
        range: (start, end),
        now: query.now,
    };
    match query.kind {
        TargetKind::Ocapi => {
            let uploads = Pager::new(offline::list_uploads(&id))
                .collect_all(&client)
                .await?;
            let mut stats = StatsQuery::default();
            stats.start = start;
            stats.end = end;
            stats.aggregation = Some(if query.aggregation == "event_time" {
                StatsAggregation::EventTime
            } else {
                StatsAggregation::UploadTime
            });
            stats.granularity = Some(match bucket {
                Bucket::Hour => Granularity::Hourly,
                Bucket::Day => Granularity::Daily,
            });
            let rows = Pager::new(offline::stats(&id, &stats))
                .collect_all(&client)
                .await?;
            let (chart, table) = set_stats(&rows, query.lang, &axis);
            Ok(Loaded {
                uploads: Some(uploads_table(&uploads, query.lang)),
                chart,
                table,
            })
        }
        TargetKind::Capi => {
            let aggregation = match query.aggregation.as_str() {
                "event_source" => DatasetAggregation::EventSource,
                "event_processing_results" => DatasetAggregation::EventProcessingResults,
                "match_keys" => DatasetAggregation::MatchKeys,
                "had_pii" => DatasetAggregation::HadPii,
                _ => DatasetAggregation::Event,
            };
            let rows = Pager::new(datasets::stats(&id, aggregation, start, end))
                .collect_all(&client)
                .await?;
            let (chart, table) = dataset_stats(&rows, query.lang, &axis);
            Ok(Loaded {
                uploads: None,
                chart,
                table,
            })
        }
    }
}

fn done_loaded(loaded: &Loaded, lang: Lang) -> String {
    if loaded.table.rows.is_empty() {
        tm(lang, M::NoStats).to_owned()
    } else {
        format!("{} {}", loaded.table.rows.len(), tm(lang, M::RowsLoaded))
    }
}

/// The uploads and stats screen.
#[component]
pub fn StatsPage() -> impl IntoView {
    let state = use_app_state();
    let lang = move || state.lang.get();
    let kind = RwSignal::new(TargetKind::Ocapi);
    let id = RwSignal::new(
        state
            .settings
            .with_untracked(|s| s.target_id.trim().to_owned()),
    );
    let from = RwSignal::new(String::new());
    let until = RwSignal::new(String::new());
    let aggregation = RwSignal::new("upload_time".to_owned());
    let dataset_aggregation = RwSignal::new("event".to_owned());
    let granularity = RwSignal::new("daily".to_owned());
    let loading = Action::new_local(move |query: &Query| load(state, query.clone()));
    let last = StoredValue::new(None::<Query>);
    let loaded = move || loading.value().get().and_then(Result::ok);
    let is_ocapi = move || kind.get() == TargetKind::Ocapi;
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let kind = kind.get_untracked();
        let query = Query {
            kind,
            id: id.get_untracked(),
            from: from.get_untracked(),
            until: until.get_untracked(),
            aggregation: match kind {
                TargetKind::Ocapi => aggregation.get_untracked(),
                TargetKind::Capi => dataset_aggregation.get_untracked(),
            },
            granularity: granularity.get_untracked(),
            lang: lang(),
            now: state.platform().now_seconds(),
        };
        last.set_value(Some(query.clone()));
        loading.dispatch_local(query);
    };
    let uploads = Signal::derive(move || loaded().and_then(|l| l.uploads).unwrap_or_default());
    let chart = Signal::derive(move || loaded().map(|l| l.chart).unwrap_or_default());
    let table = Signal::derive(move || loaded().map(|l| l.table).unwrap_or_default());

    view! {
        <ManageFrame state title=M::StatsTitle intro=M::StatsIntro testid="page-manage-stats">
            <form class="form" on:submit=on_submit>
                <KindChoice state prefix="stats" kind/>
                <TextField state id="stats-id" label=M::SetId value=id numeric=true/>
                <div class="field-row">
                    <DateField state id="stats-from" label=M::From value=from/>
                    <DateField state id="stats-until" label=M::Until value=until/>
                </div>
                <div class="field-row">
                    <Show
                        when=is_ocapi
                        fallback=move || view! {
                            <SelectField state id="stats-dataset-aggregation" label=M::Aggregation value=dataset_aggregation
                                options=vec![
                                    ("event", M::AggEvent),
                                    ("event_source", M::AggEventSource),
                                    ("event_processing_results", M::AggProcessing),
                                    ("match_keys", M::AggMatchKeys),
                                    ("had_pii", M::AggHadPii),
                                ]/>
                        }
                    >
                        <SelectField state id="stats-aggregation" label=M::Aggregation value=aggregation
                            options=vec![("upload_time", M::AggUploadTime), ("event_time", M::AggEventTime)]/>
                    </Show>
                    <SelectField state id="stats-granularity" label=M::Granularity value=granularity
                        options=vec![("daily", M::Daily), ("hourly", M::Hourly)]/>
                </div>
                <div class="actions">
                    <button type="submit" class="button" data-testid="stats-load" prop:disabled=move || loading.pending().get()>
                        {move || tm(lang(), M::Load)}
                    </button>
                </div>
            </form>
            <ActionStatus state pending=loading.pending().into() outcome=loading.value().into() done=done_loaded testid="stats-status"
                retry=Callback::new(move |_| if let Some(query) = last.get_value() { loading.dispatch_local(query); })/>

            <Show when=move || loaded().is_some_and(|l| l.uploads.is_some())>
                <section class="manage-section" aria-labelledby="stats-uploads-title">
                    <h2 id="stats-uploads-title">{move || tm(lang(), M::UploadsTitle)}</h2>
                    <Show when=move || uploads.with(|u| u.rows.is_empty())>
                        <p class="empty" data-testid="stats-uploads-empty">{move || tm(lang(), M::NoUploads)}</p>
                    </Show>
                    <DataTable data=uploads caption=Signal::derive(move || tm(lang(), M::UploadsTitle).to_owned()) id="stats-uploads" testid="stats-uploads-table"/>
                    <CsvDownload data=uploads filename="uploads.csv" text=Signal::derive(move || tm(lang(), M::DownloadCsv)) testid="stats-uploads-csv"/>
                </section>
            </Show>

            <Show when=move || loaded().is_some()>
                <section class="manage-section" aria-labelledby="stats-chart-title">
                    <h2 id="stats-chart-title">{move || tm(lang(), M::StatsChartTitle)}</h2>
                    <Figures state name="stats" title=M::StatsChartTitle empty=M::NoStats chart table table_id="stats-table" chart_testid="stats-chart" filename="stats.csv"/>
                </section>
            </Show>
        </ManageFrame>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_bad_ones_are_refused() {
        assert_eq!(day_start("1970-01-01"), Some(0));
        assert_eq!(day_start("2026-11-20"), Some(1_795_132_800));
        assert_eq!(
            day_start("2024-02-29").map(format_time).as_deref(),
            Some("2024-02-29 00:00")
        );
        assert_eq!(day_start("2023-02-29"), None);
        assert_eq!(day_start(""), None);
        assert_eq!(day_start("2026-13-01"), None);
        assert_eq!(format_time(1_796_224_661), "2026-12-02 15:17");
        assert_eq!(short_label("2026-12-02T00:00:00+0000"), "12-02");
        assert_eq!(short_label("2026-12-02T14:00:00+0000"), "12-02 14:00");
    }

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
    fn graph_times_round_trip() {
        assert_eq!(graph_time(DEC_2 + 15 * 3_600), "2026-12-02T15:00:00+0000");
        assert_eq!(
            parse_graph_time("2026-12-02T15:00:00+0000"),
            Some(DEC_2 + 15 * 3_600)
        );
        assert_eq!(
            parse_graph_time("2026-12-02T15:00:00Z"),
            Some(DEC_2 + 15 * 3_600)
        );
        assert_eq!(
            parse_graph_time("2026-12-02T23:30:00+08:00"),
            Some(DEC_2 + 15 * 3_600 + 1_800)
        );
        assert_eq!(parse_graph_time("2026-12-02 15:00"), None);
        assert_eq!(parse_graph_time("2026-12-02T1x:00:00+0000"), None);
        assert_eq!(parse_graph_time(""), None);
    }

    #[test]
    fn the_axis_has_every_bucket_of_the_range_up_to_now() {
        let hour = 3_600;
        // Events at 10:xx and 13:xx: 11 and 12 are there as zeros.
        let axis = time_axis(
            &[DEC_2 + 10 * hour + 5, DEC_2 + 13 * hour],
            Bucket::Hour,
            (None, None),
            DEC_2 + 20 * hour,
        );
        assert_eq!(
            axis,
            (10..=13).map(|h| DEC_2 + h * hour).collect::<Vec<_>>()
        );
        // A whole day asked for, at 20:xx: midnight to 20:00, nothing in the future.
        let axis = time_axis(
            &[DEC_2 + 10 * hour],
            Bucket::Hour,
            (Some(DEC_2), Some(DEC_2 + 86_400)),
            DEC_2 + 20 * hour + 59,
        );
        assert_eq!(axis.len(), 21);
        assert_eq!(axis.first(), Some(&DEC_2));
        assert_eq!(axis.last(), Some(&(DEC_2 + 20 * hour)));
        // Days: a week asked for.
        let axis = time_axis(
            &[DEC_2 - 3 * 86_400],
            Bucket::Day,
            (Some(DEC_2 - 6 * 86_400), Some(DEC_2 + 86_400)),
            DEC_2 + hour,
        );
        assert_eq!(axis.len(), 7);
        // A range too long to fill is filled between the figures only.
        let axis = time_axis(
            &[DEC_2, DEC_2 + 2 * hour],
            Bucket::Hour,
            (Some(0), None),
            DEC_2 + 3 * hour,
        );
        assert_eq!(axis.len(), 3);
        assert!(time_axis(&[], Bucket::Hour, (None, None), DEC_2).is_empty());
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
