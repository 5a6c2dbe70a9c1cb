//! What the stats page asks Graph for, and what comes back: the uploads and stats rows as Graph
//! sent them, turned into the chart and tables only when shown (in the language of that moment).

use super::axis::{Axis, Bucket};
use super::figures::{dataset_stats, set_stats, uploads_table};
use crate::components::{ChartData, TableData};
use crate::i18n::Lang;
use crate::pages::manage::calendar::day_start;
use crate::pages::manage::{Failure, graph_client};
use crate::settings::TargetKind;
use crate::state::AppState;
use graph::datasets::{self, DatasetAggregation, DatasetStatsRow};
use graph::offline::{self, Granularity, OfflineUpload, StatsAggregation, StatsQuery, StatsRow};
use graph::{ObjectId, Pager};

/// What to load: the form as it was when Load was pressed. No language: the figures are
/// written in whatever language the page shows when they are drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Query {
    /// Set or dataset.
    pub kind: TargetKind,
    /// Its id as typed.
    pub id: String,
    /// First day (`YYYY-MM-DD`), or empty.
    pub from: String,
    /// Last day, included, or empty.
    pub until: String,
    /// The form's aggregation value.
    pub aggregation: String,
    /// `daily` or `hourly`.
    pub granularity: String,
    /// When it was asked (Unix seconds): no bucket after it.
    pub now: i64,
}

/// What Graph sent for a [`Query`].
#[derive(Debug, Clone, PartialEq)]
pub enum Fetched {
    /// An offline event set: its uploads and its stats.
    Set {
        /// `GET /{set}/uploads`, every page.
        uploads: Vec<OfflineUpload>,
        /// `GET /{set}/stats`, every page.
        rows: Vec<StatsRow>,
        /// The chart's axis.
        axis: Axis,
    },
    /// A dataset's stats.
    Dataset {
        /// `GET /{dataset}/stats`, every page.
        rows: Vec<DatasetStatsRow>,
        /// The chart's axis.
        axis: Axis,
    },
}

/// What the page shows of a [`Fetched`], in one language.
#[derive(Debug, Clone, PartialEq)]
pub struct Loaded {
    /// The uploads table (offline sets only).
    pub uploads: Option<TableData>,
    /// The stats chart.
    pub chart: ChartData,
    /// The stats table.
    pub table: TableData,
}

impl Fetched {
    /// The tables and chart, with headers and series names in `lang`.
    pub fn figures(&self, lang: Lang) -> Loaded {
        match self {
            Fetched::Set {
                uploads,
                rows,
                axis,
            } => {
                let (chart, table) = set_stats(rows, lang, axis);
                Loaded {
                    uploads: Some(uploads_table(uploads, lang)),
                    chart,
                    table,
                }
            }
            Fetched::Dataset { rows, axis } => {
                let (chart, table) = dataset_stats(rows, lang, axis);
                Loaded {
                    uploads: None,
                    chart,
                    table,
                }
            }
        }
    }

    /// How many stats rows the table will have (for the status line).
    pub fn table_rows(&self) -> usize {
        self.figures(Lang::En).table.rows.len()
    }
}

/// The dataset aggregation of the form's value (`event` when it names none).
fn dataset_aggregation(value: &str) -> DatasetAggregation {
    match value {
        "event_source" => DatasetAggregation::EventSource,
        "event_processing_results" => DatasetAggregation::EventProcessingResults,
        "match_keys" => DatasetAggregation::MatchKeys,
        "had_pii" => DatasetAggregation::HadPii,
        _ => DatasetAggregation::Event,
    }
}

/// Ask Graph for `query`.
pub async fn load(state: AppState, query: Query) -> Result<Fetched, Failure> {
    let client = graph_client(state)?;
    let id = ObjectId::new(&query.id).map_err(Failure::id(tr!(manage.set_id)))?;
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
            Ok(Fetched::Set {
                uploads,
                rows,
                axis,
            })
        }
        TargetKind::Capi => {
            let aggregation = dataset_aggregation(&query.aggregation);
            let rows = Pager::new(datasets::stats(&id, aggregation, start, end))
                .collect_all(&client)
                .await?;
            Ok(Fetched::Dataset { rows, axis })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_figures_follow_the_language_they_are_drawn_in() {
        let rows: Vec<DatasetStatsRow> = serde_json::from_str(
            r#"[{"aggregation":"event","data":[{"count":1,"value":"Purchase"}],"start_time":"2026-12-02T15:00:00+0000"}]"#,
        )
        .unwrap();
        let uploads: Vec<OfflineUpload> =
            serde_json::from_str(r#"[{"id":"8","upload_tag":"store_data","valid_entries":3}]"#)
                .unwrap();
        let axis = Axis {
            bucket: Bucket::Day,
            range: (None, None),
            now: 1_796_169_600 + 86_400,
        };
        let dataset = Fetched::Dataset { rows, axis };
        // The same fetched figures, drawn after a language switch, are in the new language.
        assert_eq!(dataset.figures(Lang::En).table.headers[0], "Time");
        assert_eq!(dataset.figures(Lang::ZhHans).table.headers[0], "时间");
        let set = Fetched::Set {
            uploads,
            rows: Vec::new(),
            axis,
        };
        let (en, zh) = (set.figures(Lang::En), set.figures(Lang::ZhHans));
        assert_ne!(en.uploads, zh.uploads);
        assert_eq!(dataset.table_rows(), 1);
        assert_eq!(set.table_rows(), 0);
    }

    #[test]
    fn every_dataset_aggregation_of_the_form_is_asked_for() {
        assert_eq!(
            dataset_aggregation("match_keys"),
            DatasetAggregation::MatchKeys
        );
        assert_eq!(dataset_aggregation("had_pii"), DatasetAggregation::HadPii);
        assert_eq!(dataset_aggregation("event"), DatasetAggregation::Event);
    }
}
