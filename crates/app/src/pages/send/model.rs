//! What the Send screen shows, as plain data (tested natively): each batch's state, the counts,
//! the retries as they happen, where an error sits in the CSV, and the report (table and CSV).

use crate::components::TableData;
use crate::connection::Problem;
use crate::i18n::Text;
use crate::upload_store::{Receipt, SkippedRow};
use crate::worker::protocol::BatchInfo;
use graph::upload::{EventPosition, SkipGuard, UploadEvent};
use std::collections::BTreeMap;
use std::sync::Arc;

/// Where one batch is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BatchState {
    /// Not sent yet (in a dry run: would be sent).
    Pending,
    /// In flight; `attempt` 1 for the first try.
    Sending {
        /// The try.
        attempt: u32,
    },
    /// Waiting before the next try.
    Waiting {
        /// The try that failed.
        attempt: u32,
    },
    /// Meta accepted it, in this run or (`earlier`) before a reload.
    Accepted {
        /// Meta's answer.
        receipt: Receipt,
        /// Accepted by an earlier run: not sent again.
        earlier: bool,
    },
    /// The upload stopped at this batch.
    Failed,
}

impl BatchState {
    /// The stable name (`data-state`, the report's `status` column).
    pub fn name(&self) -> &'static str {
        match self {
            BatchState::Pending => "pending",
            BatchState::Sending { .. } => "sending",
            BatchState::Waiting { .. } => "waiting",
            BatchState::Accepted { earlier: false, .. } => "accepted",
            BatchState::Accepted { earlier: true, .. } => "accepted_earlier",
            BatchState::Failed => "failed",
        }
    }
}

/// A retry, as the person sees it: which batch, why, how long the wait.
#[derive(Debug, Clone, PartialEq)]
pub enum Retry {
    /// Meta throttled the calls (or the usage headers neared a limit).
    Throttled {
        /// The batch about to be (re)sent.
        batch: usize,
        /// The wait.
        delay_ms: u64,
        /// The highest usage percentage Meta reported (0 when it said none).
        usage_percent: f64,
    },
    /// A transient failure: the same batch goes again.
    Transient {
        /// The batch.
        batch: usize,
        /// The try that failed.
        attempt: u32,
        /// What kind of failure it was.
        reason: graph::ErrorCode,
        /// The wait.
        delay_ms: u64,
    },
}

/// Where an event Graph rejected sits in the CSV.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// The batch.
    pub batch: usize,
    /// The event's index in the batch.
    pub index_in_batch: usize,
    /// The CSV data row (from 1 after the header), when the index is inside the batch.
    pub row: Option<u64>,
    /// The field Graph named.
    pub field: Option<String>,
}

/// Why the upload stopped, in stable codes (the texts are the page's).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Stop {
    /// The batch it stopped at.
    pub batch: usize,
    /// Why: a connection problem (token, permission, …), an event Graph rejected, a body that
    /// cannot be read back, or the skip guard.
    pub problem: StopProblem,
    /// The graph crate's code for the last error (`graph_token`, `network`, …).
    pub code: &'static str,
    /// The connection problem's message, when the stop is one (token, permission, …).
    pub message: Option<Text>,
    /// The graph crate's English explanation, Graph's code and trace id (no value: Graph gets
    /// hashes only).
    pub detail: String,
    /// The `fbtrace_id` of the failed call.
    pub fbtrace_id: Option<String>,
    /// The event Graph rejected, mapped to its row.
    pub event: Option<RowError>,
    /// The skip guard that stopped an upload skipping rejected events, when one did.
    pub guard: Option<SkipGuard>,
}

/// Why an upload stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StopProblem {
    /// A connection problem (token, permission, version, throttling, server, …).
    Connection(Problem),
    /// Graph rejected an event (and skipping was not chosen).
    InvalidEvent,
    /// A prepared batch could not be read back.
    BadBody,
    /// The skip guard stopped an upload skipping rejected events.
    TooManySkipped,
}

impl StopProblem {
    /// The stable code (`data-problem`, the report's `error` column): the connection problem's
    /// code, or `invalid_event`, `bad_body`, `too_many_skipped`.
    pub fn code(self) -> &'static str {
        match self {
            StopProblem::Connection(problem) => problem.code(),
            StopProblem::InvalidEvent => "invalid_event",
            StopProblem::BadBody => "bad_body",
            StopProblem::TooManySkipped => "too_many_skipped",
        }
    }

    /// Whether the way out is on the Connect step (a new token, a permission, a version).
    pub fn needs_connect(self) -> bool {
        matches!(
            self,
            StopProblem::Connection(
                Problem::TokenInvalid
                    | Problem::TokenExpired
                    | Problem::TokenMissing
                    | Problem::Permission
                    | Problem::Version
            )
        )
    }
}

/// The CSV data row of event `index` of a batch (rows are stored as `(first, count)` runs).
pub fn row_of(info: &BatchInfo, index: usize) -> Option<u64> {
    let mut left = index as u64;
    for &(first, count) in &info.rows {
        if left < count {
            return Some(first + left);
        }
        left -= count;
    }
    None
}

/// The first and last rows of a batch.
pub fn row_range(info: &BatchInfo) -> (u64, u64) {
    let first = info.rows.first().map_or(0, |r| r.0);
    let last = info
        .rows
        .last()
        .map_or(0, |(first, count)| first + count.saturating_sub(1));
    (first, last)
}

/// The whole upload's state.
#[derive(Debug, Clone, PartialEq)]
pub struct UploadModel {
    /// The batches of the file.
    pub info: Arc<Vec<BatchInfo>>,
    /// Each batch's state, same order.
    pub states: Vec<BatchState>,
    /// Every retry so far, oldest first.
    pub retries: Vec<Retry>,
    /// Why it stopped, when it did.
    pub stop: Option<Stop>,
    /// Events Graph rejected and the runner left out of a batch not accepted yet (they move
    /// into the batch's receipt when it is).
    pub skipping: Vec<SkippedRow>,
}

impl UploadModel {
    /// The model before sending; `earlier` are the batches accepted before a reload.
    pub fn new(info: Arc<Vec<BatchInfo>>, earlier: &BTreeMap<usize, Receipt>) -> UploadModel {
        let states = info
            .iter()
            .map(|b| match earlier.get(&b.index) {
                Some(receipt) => BatchState::Accepted {
                    receipt: receipt.clone(),
                    earlier: true,
                },
                None => BatchState::Pending,
            })
            .collect();
        UploadModel {
            info,
            states,
            retries: Vec::new(),
            stop: None,
            skipping: Vec::new(),
        }
    }

    /// Follow one of the runner's events.
    pub fn apply(&mut self, event: &UploadEvent) {
        match event {
            UploadEvent::Sent { batch, attempt } => {
                self.set(*batch, BatchState::Sending { attempt: *attempt });
            }
            UploadEvent::EventSkipped { event } => self.note_skipped(
                &event.position,
                (event.code, event.subcode),
                &event.reason,
                event.fbtrace_id.clone(),
            ),
            UploadEvent::Accepted {
                batch,
                events,
                fbtrace_id,
            } => {
                let (skipped, others) = std::mem::take(&mut self.skipping)
                    .into_iter()
                    .partition(|s| s.batch == *batch);
                self.skipping = others;
                self.set(
                    *batch,
                    BatchState::Accepted {
                        receipt: Receipt {
                            events_received: *events,
                            fbtrace_id: fbtrace_id.clone(),
                            skipped,
                        },
                        earlier: false,
                    },
                );
            }
            UploadEvent::Retrying {
                batch,
                attempt,
                reason,
                delay_ms,
            } => {
                self.set(*batch, BatchState::Waiting { attempt: *attempt });
                self.retries.push(Retry::Transient {
                    batch: *batch,
                    attempt: *attempt,
                    reason: *reason,
                    delay_ms: *delay_ms,
                });
            }
            UploadEvent::Throttled {
                batch,
                delay_ms,
                usage_percent,
            } => {
                if let Some(BatchState::Sending { attempt }) = self.states.get(*batch).cloned() {
                    self.set(*batch, BatchState::Waiting { attempt });
                }
                self.retries.push(Retry::Throttled {
                    batch: *batch,
                    delay_ms: *delay_ms,
                    usage_percent: *usage_percent,
                });
            }
            // Skipped batches were marked accepted-earlier by `new`.
            _ => {}
        }
    }

    /// Note an event Graph rejected (`code`, `subcode`, `reason`) and the runner left out of its
    /// batch; it joins the batch's receipt when the batch is accepted.
    pub fn note_skipped(
        &mut self,
        position: &EventPosition,
        (code, subcode): (u32, Option<u32>),
        reason: &str,
        fbtrace_id: Option<String>,
    ) {
        self.skipping.push(SkippedRow {
            batch: position.batch,
            index_in_batch: position.index_in_batch,
            row: self
                .info
                .get(position.batch)
                .and_then(|b| row_of(b, position.index_in_batch)),
            field: position.field.clone(),
            code,
            subcode,
            reason: reason.to_owned(),
            fbtrace_id,
        });
    }

    fn set(&mut self, batch: usize, state: BatchState) {
        if let Some(slot) = self.states.get_mut(batch) {
            *slot = state;
        }
    }

    /// Note the stop, and mark its batch failed.
    pub fn stopped(&mut self, stop: Stop) {
        if let Some(slot) = self.states.get_mut(stop.batch) {
            *slot = BatchState::Failed;
        }
        self.stop = Some(stop);
    }

    /// After a pause or cancel: a batch still marked in flight or waiting was not accepted
    /// (nor are the events skipped from it: the whole batch goes again next time).
    pub fn settle(&mut self) {
        self.skipping.clear();
        for state in &mut self.states {
            if matches!(
                state,
                BatchState::Sending { .. } | BatchState::Waiting { .. }
            ) {
                *state = BatchState::Pending;
            }
        }
    }

    /// Batches accepted (now or earlier).
    pub fn batches_accepted(&self) -> usize {
        self.states
            .iter()
            .filter(|s| matches!(s, BatchState::Accepted { .. }))
            .count()
    }

    /// Events in accepted batches, less those skipped from them.
    pub fn events_accepted(&self) -> u64 {
        let events: u64 = self.accepted_info().map(|b| b.events as u64).sum();
        events.saturating_sub(self.skipped_rows().count() as u64)
    }

    /// The receipt of batch `index`, once accepted.
    pub fn receipt(&self, index: usize) -> Option<&Receipt> {
        match self.states.get(index) {
            Some(BatchState::Accepted { receipt, .. }) => Some(receipt),
            _ => None,
        }
    }

    /// Every event skipped from an accepted batch (in this run or an earlier one), in file
    /// order.
    pub fn skipped_rows(&self) -> impl Iterator<Item = &SkippedRow> {
        self.states.iter().flat_map(|s| match s {
            BatchState::Accepted { receipt, .. } => receipt.skipped.as_slice(),
            _ => &[],
        })
    }

    /// The skipped events as a table (and CSV): where each sits and Graph's reason.
    pub fn skipped_report(&self) -> TableData {
        let mut table = TableData::new(SKIPPED_COLUMNS);
        for skipped in self.skipped_rows() {
            table.rows.push(vec![
                skipped.row.map(|r| r.to_string()).unwrap_or_default(),
                (skipped.batch + 1).to_string(),
                skipped.index_in_batch.to_string(),
                skipped.field.clone().unwrap_or_default(),
                skipped.code.to_string(),
                skipped.subcode.map(|c| c.to_string()).unwrap_or_default(),
                skipped.reason.clone(),
                skipped.fbtrace_id.clone().unwrap_or_default(),
            ]);
        }
        table
    }

    /// Events Meta said it received, over the accepted batches.
    pub fn events_received(&self) -> u64 {
        self.states
            .iter()
            .filter_map(|s| match s {
                BatchState::Accepted { receipt, .. } => Some(receipt.events_received),
                _ => None,
            })
            .sum()
    }

    /// Events in the file.
    pub fn events_total(&self) -> u64 {
        self.info.iter().map(|b| b.events as u64).sum()
    }

    /// Whether every batch is accepted.
    pub fn is_complete(&self) -> bool {
        self.batches_accepted() == self.states.len()
    }

    fn accepted_info(&self) -> impl Iterator<Item = &BatchInfo> {
        self.info
            .iter()
            .zip(&self.states)
            .filter(|(_, s)| matches!(s, BatchState::Accepted { .. }))
            .map(|(b, _)| b)
    }

    /// The report: one row per batch. In a dry run, pending batches say `would_send`.
    pub fn report(&self, dry_run: bool) -> TableData {
        let mut table = TableData::new(REPORT_COLUMNS);
        for (info, state) in self.info.iter().zip(&self.states) {
            let (first, last) = row_range(info);
            let (received, trace) = match state {
                BatchState::Accepted { receipt, .. } => (
                    receipt.events_received.to_string(),
                    receipt.fbtrace_id.clone().unwrap_or_default(),
                ),
                _ => (String::new(), String::new()),
            };
            let status = match state {
                BatchState::Pending if dry_run => "would_send",
                BatchState::Pending => "not_sent",
                other => other.name(),
            };
            let mut row = vec![
                (info.index + 1).to_string(),
                first.to_string(),
                last.to_string(),
                info.events.to_string(),
                status.to_owned(),
                received,
                trace,
                String::new(),
                String::new(),
                String::new(),
            ];
            if let Some(stop) = self.stop.as_ref().filter(|s| s.batch == info.index) {
                row[6] = stop.fbtrace_id.clone().unwrap_or_default();
                row[7] = stop.problem.code().to_owned();
                if let Some(event) = &stop.event {
                    row[8] = event.row.map(|r| r.to_string()).unwrap_or_default();
                    row[9] = event.field.clone().unwrap_or_default();
                }
            }
            table.rows.push(row);
        }
        table
    }
}

/// The report's columns (stable, English: the CSV is for tools as much as people).
pub const REPORT_COLUMNS: [&str; 10] = [
    "batch",
    "first_row",
    "last_row",
    "events",
    "status",
    "events_received",
    "fbtrace_id",
    "error",
    "error_row",
    "error_field",
];

/// The skipped-rows report's columns (stable, English, like [`REPORT_COLUMNS`]).
pub const SKIPPED_COLUMNS: [&str; 8] = [
    "row",
    "batch",
    "index_in_batch",
    "field",
    "code",
    "subcode",
    "reason",
    "fbtrace_id",
];

/// The name of a download made from the file `name`: its stem, then `suffix`.
pub fn download_name(name: &str, suffix: &str) -> String {
    let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem);
    let stem: String = stem
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || "-_".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let stem = if stem.is_empty() {
        "upload".to_owned()
    } else {
        stem
    };
    format!("{stem}{suffix}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn info() -> Arc<Vec<BatchInfo>> {
        Arc::new(vec![
            BatchInfo {
                index: 0,
                rows: vec![(1, 3), (5, 2)],
                events: 5,
                digest: "d0".into(),
            },
            BatchInfo {
                index: 1,
                rows: vec![(7, 4)],
                events: 4,
                digest: "d1".into(),
            },
        ])
    }

    #[test]
    fn event_indices_map_to_csv_rows_across_skipped_rows() {
        let batches = info();
        let b = &batches[0];
        assert_eq!(row_of(b, 0), Some(1));
        assert_eq!(row_of(b, 2), Some(3));
        assert_eq!(
            row_of(b, 3),
            Some(5),
            "row 4 was rejected, so index 3 is row 5"
        );
        assert_eq!(row_of(b, 4), Some(6));
        assert_eq!(row_of(b, 5), None);
        assert_eq!(row_range(b), (1, 6));
        assert_eq!(row_range(&batches[1]), (7, 10));
    }

    #[test]
    fn events_drive_states_counts_and_the_retry_log() {
        let earlier = BTreeMap::from([(
            0,
            Receipt {
                events_received: 5,
                fbtrace_id: Some("OLD".into()),
                skipped: Vec::new(),
            },
        )]);
        let mut model = UploadModel::new(info(), &earlier);
        assert_eq!(model.batches_accepted(), 1);
        model.apply(&UploadEvent::Skipped { batch: 0 });
        model.apply(&UploadEvent::Sent {
            batch: 1,
            attempt: 1,
        });
        assert_eq!(model.states[1].name(), "sending");
        model.apply(&UploadEvent::Throttled {
            batch: 1,
            delay_ms: 3_000,
            usage_percent: 100.0,
        });
        assert_eq!(model.states[1].name(), "waiting");
        model.apply(&UploadEvent::Retrying {
            batch: 1,
            attempt: 2,
            reason: graph::ErrorCode::Network,
            delay_ms: 800,
        });
        assert_eq!(model.retries.len(), 2);
        assert!(!model.is_complete());
        model.apply(&UploadEvent::Accepted {
            batch: 1,
            events: 4,
            fbtrace_id: Some("NEW".into()),
        });
        assert!(model.is_complete());
        assert_eq!((model.events_accepted(), model.events_received()), (9, 9));
        assert_eq!(model.events_total(), 9);
        let csv = model.report(false).to_csv();
        assert_eq!(
            csv,
            "batch,first_row,last_row,events,status,events_received,fbtrace_id,error,error_row,error_field\r\n\
             1,1,6,5,accepted_earlier,5,OLD,,,\r\n\
             2,7,10,4,accepted,4,NEW,,,\r\n"
        );
    }

    #[test]
    fn a_stop_names_the_row_and_field_in_the_report() {
        let mut model = UploadModel::new(info(), &BTreeMap::new());
        model.apply(&UploadEvent::Sent {
            batch: 0,
            attempt: 1,
        });
        model.stopped(Stop {
            batch: 0,
            problem: StopProblem::InvalidEvent,
            code: "graph_invalid_parameter",
            message: None,
            detail: "Graph API error 100".into(),
            fbtrace_id: Some("TR".into()),
            event: Some(RowError {
                batch: 0,
                index_in_batch: 3,
                row: row_of(&info()[0], 3),
                field: Some("event_time".into()),
            }),
            guard: None,
        });
        let report = model.report(false);
        assert_eq!(
            report.rows[0][4..].to_vec(),
            ["failed", "", "TR", "invalid_event", "5", "event_time"]
        );
        assert_eq!(report.rows[1][4], "not_sent");
        assert_eq!(model.report(true).rows[1][4], "would_send");
    }

    fn skip(model: &mut UploadModel, batch: usize, index: usize) {
        let position = EventPosition {
            batch,
            index_in_batch: index,
            index_in_upload: index,
            field: Some("event_time".into()),
        };
        let reason = "The event is too old.";
        model.note_skipped(&position, (100, Some(2_804_003)), reason, Some("SK".into()));
    }

    #[test]
    fn skipped_events_go_into_their_batch_receipt_the_counts_and_the_report() {
        let mut model = UploadModel::new(info(), &BTreeMap::new());
        model.apply(&UploadEvent::Sent {
            batch: 0,
            attempt: 1,
        });
        skip(&mut model, 0, 3);
        assert_eq!(
            model.skipped_rows().count(),
            0,
            "not before the batch is accepted"
        );
        model.apply(&UploadEvent::Accepted {
            batch: 0,
            events: 4,
            fbtrace_id: Some("OK".into()),
        });
        let receipt = model.receipt(0).unwrap();
        assert_eq!(receipt.skipped.len(), 1);
        assert_eq!(
            receipt.skipped[0].row,
            Some(5),
            "index 3 of batch 1 is row 5"
        );
        assert_eq!(model.events_accepted(), 4);
        let csv = model.skipped_report().to_csv();
        assert_eq!(
            csv,
            "row,batch,index_in_batch,field,code,subcode,reason,fbtrace_id\r\n\
             5,1,3,event_time,100,2804003,The event is too old.,SK\r\n"
        );
        // A reload: the receipt brings the skipped row back.
        let earlier = BTreeMap::from([(0, receipt.clone())]);
        let again = UploadModel::new(info(), &earlier);
        assert_eq!(again.skipped_rows().count(), 1);
        assert_eq!(again.skipped_report().rows, model.skipped_report().rows);
        // Skips of a batch that was not accepted are dropped when the run ends.
        skip(&mut model, 1, 0);
        model.settle();
        assert!(model.skipping.is_empty());
        assert_eq!(model.skipped_rows().count(), 1);
    }

    #[test]
    fn pausing_puts_batches_in_flight_back_to_pending() {
        let mut model = UploadModel::new(info(), &BTreeMap::new());
        model.apply(&UploadEvent::Sent {
            batch: 0,
            attempt: 1,
        });
        model.settle();
        assert_eq!(model.states[0], BatchState::Pending);
    }

    #[test]
    fn download_names_keep_the_file_name_readable() {
        assert_eq!(
            download_name("store sales.csv", ".hashed.ndjson"),
            "store_sales.hashed.ndjson"
        );
        assert_eq!(download_name("", "-report.csv"), "upload-report.csv");
        assert_eq!(download_name("a.b.tsv", ".x"), "a_b.x");
    }
}
