//! `hashdrop upload`: the file is prepared in chunks and its batches go to graph's upload
//! runner (retries, back-off, pacing by Meta's usage headers) [`WINDOW`] at a time, so memory
//! stays bounded whatever the file's size. Every accepted batch is written to the state folder
//! at once ([`crate::state`]); a run after a crash, a `kill -9` or a stop skips them.
//!
//! An event Meta refuses is skipped by default (the guide's advice for unattended runs): the
//! runner takes it out of its batch and sends the rest again, the accepted record keeps the
//! skipped rows with Meta's reasons, and guards on the whole file's rows stop an upload whose
//! mapping is wrong. `--stop-on-rejected` stops at the first refused event instead.

use crate::cli::Upload;
use crate::config::{self, Extra};
use crate::exit::{self, CliError};
use crate::input::{self, Flow};
use crate::progress::Progress;
use crate::state::{Receipt, Record, Store, UploadKey};
use events::batch::Batch;
use events::report::SkippedRow;
use graph::upload::{
    Runner, SkipGuard, SkipPolicy, SkippedEvent, Target, UploadControl, UploadEvent, UploadOutcome,
};
use graph::{Client, NativeSleep, NativeTransport, ObjectId, RetryPolicy, SplitMix64};
use serde::Serialize;
use serde_json::Value;
use std::collections::BTreeSet;

/// Batches handed to the runner at once (the page's Send step uses the same window).
pub const WINDOW: usize = 8;

/// One batch of the report: the page's per-batch report fields.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BatchReport {
    /// 1-based batch number.
    pub batch: usize,
    /// First data row (from 1 after the header).
    pub first_row: u64,
    /// Last data row.
    pub last_row: u64,
    /// Events in the batch.
    pub events: usize,
    /// `accepted`, `accepted_earlier`, `would_send` (dry run), `failed` or `not_sent`.
    pub status: &'static str,
    /// Meta's count of the events it received.
    pub events_received: Option<u64>,
    /// Meta's trace id.
    pub fbtrace_id: Option<String>,
    /// The graph crate's error code when the upload stopped at this batch.
    pub error: Option<&'static str>,
    /// The CSV row of the event Graph rejected.
    pub error_row: Option<u64>,
    /// The field Graph named.
    pub error_field: Option<String>,
    /// The rows Meta refused and the upload left out of this batch, with Meta's reasons.
    pub skipped: Vec<SkippedRow>,
}

impl BatchReport {
    fn new(batch: &Batch, status: &'static str) -> BatchReport {
        BatchReport {
            batch: batch.index + 1,
            first_row: batch.rows.first().copied().unwrap_or(0),
            last_row: batch.rows.last().copied().unwrap_or(0),
            events: batch.len(),
            status,
            events_received: None,
            fbtrace_id: None,
            error: None,
            error_row: None,
            error_field: None,
            skipped: Vec::new(),
        }
    }
}

/// Why the upload stopped.
#[derive(Debug, Clone, Serialize)]
struct Stop {
    /// 1-based batch.
    batch: usize,
    /// The graph crate's code.
    code: &'static str,
    /// What to do, in words.
    explanation: String,
    /// The CSV row of the event Graph rejected.
    row: Option<u64>,
    /// The field Graph named.
    field: Option<String>,
    /// The skip guard that stopped the upload (`too_many_skipped`, `batch_keeps_failing`).
    guard: Option<&'static str>,
}

/// The stable name of a skip guard that stopped an upload, and what it means here (`batch` is
/// 1-based in the file). `None` for the stops that are no guard (Graph named no event).
fn guard_text(guard: SkipGuard, batch: usize) -> Option<(&'static str, String)> {
    match guard {
        SkipGuard::TooManySkipped { skipped, total } => Some((
            "too_many_skipped",
            format!(
                "the skip guard too_many_skipped stopped the upload: {skipped} of the file's \
                 {total} rows were skipped already, the most --max-skipped-share and \
                 --max-skipped-rows allow. The column mapping or a setting is likely wrong"
            ),
        )),
        SkipGuard::BatchKeepsFailing { removed } => Some((
            "batch_keeps_failing",
            format!(
                "the skip guard batch_keeps_failing stopped the upload: Meta refused {removed} \
                 events of batch {batch} one after the other and one more, more than \
                 --max-skipped-per-batch allows. The column mapping or a setting is likely wrong"
            ),
        )),
        _ => None,
    }
}

/// The skipped-rows line of `event`, refused in `batch`.
fn skipped_row(batch: &Batch, event: SkippedEvent) -> SkippedRow {
    let index = event.position.index_in_batch;
    SkippedRow {
        row: batch.rows.get(index).copied().unwrap_or(0),
        batch: batch.index,
        index_in_batch: index,
        field: event.position.field,
        code: event.code,
        subcode: event.subcode,
        reason: event.reason,
    }
}

/// The runner's side of an upload: client, policy and the state record.
struct Sender<'a> {
    client: Client<NativeTransport>,
    target: Target,
    policy: RetryPolicy,
    concurrency: usize,
    /// Skip refused events within these guards (`None`: stop at the first).
    skip: Option<SkipPolicy>,
    /// Data rows of the whole file, for the skip share.
    total_rows: u64,
    random: SplitMix64,
    store: &'a Store,
    record: &'a mut Record,
    progress: &'a mut Progress,
    report: &'a mut Vec<BatchReport>,
    stop: Option<Stop>,
}

impl Sender<'_> {
    /// Send `window` (batches not accepted before, in file order).
    fn send(&mut self, window: &[Batch]) -> Result<Flow, CliError> {
        let data: Vec<Value> = window.iter().map(data_of).collect();
        let none = BTreeSet::new();
        let mut upload = graph::upload::Upload::new(self.target.clone(), &data, &none)
            .concurrency(self.concurrency)
            .policy(self.policy.clone());
        if let Some(policy) = &self.skip {
            let skipped_before = self.record.plan.skipped().count() as u64;
            upload = upload
                .skip_rejected(policy.clone())
                .events_in_upload(self.total_rows, skipped_before);
        }
        let first_report = self.report.len();
        self.report
            .extend(window.iter().map(|b| BatchReport::new(b, "not_sent")));
        let control = UploadControl::new();
        let mut saved: Result<(), CliError> = Ok(());
        // Rows skipped from a batch, reported just before the batch's acceptance.
        let mut skipped_rows: Vec<SkippedRow> = Vec::new();
        let outcome = {
            let store = self.store;
            let record = &mut *self.record;
            let progress = &mut *self.progress;
            let report = &mut *self.report;
            let mut on_event = |event: UploadEvent| match event {
                UploadEvent::Accepted {
                    batch,
                    events,
                    fbtrace_id,
                } => {
                    let Some(done) = window.get(batch) else {
                        return;
                    };
                    record.plan.add(done);
                    let (skipped, others): (Vec<SkippedRow>, Vec<SkippedRow>) =
                        std::mem::take(&mut skipped_rows)
                            .into_iter()
                            .partition(|s| s.batch == done.index);
                    skipped_rows = others;
                    if skipped.is_empty() {
                        record.plan.mark_accepted(done.index);
                    } else {
                        record
                            .plan
                            .mark_accepted_skipping(done.index, skipped.clone());
                    }
                    record.receipts.insert(
                        done.index,
                        Receipt {
                            events_received: events,
                            fbtrace_id: fbtrace_id.clone(),
                        },
                    );
                    if let Err(error) = store.save(record) {
                        // Sending on without a record would resend on resume: stop here.
                        control.cancel();
                        saved = Err(error);
                    }
                    if let Some(line) = report.get_mut(first_report + batch) {
                        line.status = "accepted";
                        line.events_received = Some(events);
                        line.fbtrace_id = fbtrace_id;
                        line.skipped = skipped;
                        progress.detail(&format!(
                            "batch {} accepted: rows {}-{}, {} events received",
                            line.batch, line.first_row, line.last_row, events
                        ));
                    }
                }
                UploadEvent::EventSkipped { event } => {
                    let Some(refused) = window.get(event.position.batch) else {
                        return;
                    };
                    let row = skipped_row(refused, event);
                    progress.line(&format!(
                        "batch {}: CSV row {}{} skipped, Meta refused it: {} (code {}{}); the \
                         rest of the batch is sent again",
                        refused.index + 1,
                        row.row,
                        row.field
                            .as_deref()
                            .map(|f| format!(", field {f},"))
                            .unwrap_or_default(),
                        row.reason,
                        row.code,
                        row.subcode.map(|c| format!("/{c}")).unwrap_or_default()
                    ));
                    skipped_rows.push(row);
                }
                UploadEvent::Retrying {
                    batch,
                    attempt,
                    reason,
                    delay_ms,
                } => progress.line(&format!(
                    "batch {}: try {attempt} failed ({reason}); sending it again in {:.1} s",
                    window.get(batch).map_or(0, |b| b.index + 1),
                    delay_ms as f64 / 1000.0
                )),
                UploadEvent::Throttled {
                    batch,
                    delay_ms,
                    usage_percent,
                } => progress.line(&format!(
                    "Meta is throttling the calls (usage {usage_percent:.0} %): waiting {:.1} s \
                     before batch {}",
                    delay_ms as f64 / 1000.0,
                    window.get(batch).map_or(0, |b| b.index + 1)
                )),
                _ => {}
            };
            let sleep = NativeSleep;
            let mut runner = Runner {
                client: &self.client,
                sleep: &sleep,
                random: &mut self.random,
                control: &control,
            };
            futures_executor::block_on(runner.run(&upload, &mut on_event))
        };
        saved?;
        match outcome {
            UploadOutcome::Stopped {
                batch,
                explanation,
                error,
                event,
                skip_guard,
                ..
            } => {
                let failed = window.get(batch);
                let file_batch = failed.map_or(0, |b| b.index + 1);
                let guard = skip_guard.and_then(|g| guard_text(g, file_batch));
                let explanation = match &guard {
                    Some((_, text)) => format!("{text}. Last answer: {}", error.explanation()),
                    // Graph named no event to skip: the runner's own explanation numbers the
                    // batch within the window, the error's does not.
                    None if skip_guard.is_some() => error.explanation(),
                    None => explanation,
                };
                let row = event
                    .as_ref()
                    .and_then(|e| failed.and_then(|b| b.rows.get(e.index_in_batch).copied()));
                let field = event.and_then(|e| e.field);
                if let Some(line) = self.report.get_mut(first_report + batch) {
                    line.status = "failed";
                    line.error = Some(error.code());
                    line.error_row = row;
                    line.error_field.clone_from(&field);
                    line.fbtrace_id = error.graph().and_then(|g| g.fbtrace_id.clone());
                }
                self.stop = Some(Stop {
                    batch: file_batch,
                    code: error.code(),
                    explanation,
                    row,
                    field,
                    guard: guard.map(|(name, _)| name),
                });
                Ok(Flow::Stop)
            }
            UploadOutcome::Done { .. } => Ok(Flow::Continue),
            _ => Ok(Flow::Stop),
        }
    }
}

/// The `data` array of a batch, as the runner sends it.
fn data_of(batch: &Batch) -> Value {
    let mut body = batch.to_value();
    body.get_mut("data").map(Value::take).unwrap_or(Value::Null)
}

/// Run `upload`; the exit code on success.
pub fn run(args: &Upload) -> Result<u8, CliError> {
    let input = &args.input;
    let (kind, id) = match (&args.dataset, &args.event_set) {
        (Some(id), None) => ("capi", id),
        (None, Some(id)) => ("ocapi", id),
        _ => {
            return Err(CliError::usage(
                "give exactly one of --dataset ID and --event-set ID",
            ));
        }
    };
    let object =
        ObjectId::new(id).map_err(|e| CliError::usage(format!("the target id {id:?}: {e}")))?;
    let graph_settings = graph::Settings::parse(
        &args.graph,
        &args.version,
        args.timeout.saturating_mul(1000),
    )
    .map_err(|e| CliError::usage(format!("{e} ({})", e.code())))?;
    let token = if args.dry_run {
        None
    } else {
        Some(crate::token::read(args.token_file.as_deref())?)
    };
    let state_dir = match &args.state {
        Some(dir) => dir.clone(),
        None => crate::state::default_dir()?,
    };
    let store = Store::open(&state_dir)?;
    let path =
        std::fs::canonicalize(&input.file).map_err(|e| CliError::io("opening", &input.file, e))?;
    let input::Scan {
        identity,
        data_records,
    } = input::scan(&path)?;
    let key = UploadKey {
        path: path.to_string_lossy().into_owned(),
        endpoint: graph_settings.base_url.clone(),
        kind: kind.to_owned(),
        target: object.as_str().to_owned(),
    };
    let earlier = match store.load(&key)? {
        Some(_) if args.restart => None,
        Some(record) if record.file == identity => Some(record),
        Some(record) if !record.complete => {
            return Err(CliError::FileChanged {
                path: input.file.clone(),
                accepted: record.accepted(),
            });
        }
        // The last upload of this path finished: this is the next file (a nightly export).
        Some(_) | None => None,
    };
    let mut extra = Extra {
        options: Vec::new(),
        default_now: earlier.as_ref().map(|r| r.now),
    };
    if kind == "ocapi" {
        extra.options.push(("api", Value::from("ocapi")));
    }
    if let Some(code) = &args.test_event_code {
        extra
            .options
            .push(("testEventCode", Value::from(code.as_str())));
    }
    let settings = config::settings(input, identity.size, &extra)?;
    let target = match kind {
        "ocapi" => Target::OfflineSet {
            set: object,
            upload_tag: settings.upload_tag(),
            namespace_id: settings.namespace_id.clone(),
        },
        _ => Target::Dataset {
            dataset: object,
            upload_tag: Some(settings.upload_tag()),
            test_event_code: settings.test_event_code.clone(),
            partner_agent: settings.partner_agent.clone(),
            namespace_id: settings.namespace_id.clone(),
        },
    };
    let mut record = earlier.unwrap_or_else(|| Record::new(key, identity.clone(), settings.now));
    let resumed = record.accepted();
    let mut progress = Progress::new(identity.size);
    if resumed > 0 {
        progress.line(&format!(
            "resuming: {resumed} batches of {} were accepted before and are not sent again",
            input.file.display()
        ));
    }
    if !args.dry_run {
        // Written before the first call: a changed file is recognised even after a crash in
        // the first batch.
        store.save(&record)?;
    }
    let mut policy = RetryPolicy::default();
    policy.max_attempts = args.attempts.max(1);
    policy.base_delay_ms = args.retry_delay_ms;
    policy.throttle_base_delay_ms = args.throttle_delay_ms;
    let mut report: Vec<BatchReport> = Vec::new();
    let mut rejected = Vec::new();
    let mut warnings = Vec::new();
    let seed = config::system_now().unsigned_abs() ^ u64::from(std::process::id());
    let skipped = record.clone();
    let mut window: Vec<Batch> = Vec::with_capacity(WINDOW);
    let mut sender = token.map(|token| Sender {
        client: Client::new(NativeTransport::new(), graph_settings, token),
        target,
        policy,
        concurrency: usize::from(args.concurrency),
        skip: (!args.stop_on_rejected).then(|| {
            SkipPolicy::default()
                .max_per_batch(args.max_skipped_per_batch)
                .max_share(args.max_skipped_share / 100.0, args.max_skipped_rows)
        }),
        total_rows: data_records,
        random: SplitMix64::new(seed),
        store: &store,
        record: &mut record,
        progress: &mut progress,
        report: &mut report,
        stop: None,
    });
    let mut dry_report: Vec<BatchReport> = Vec::new();
    let mut positions = Vec::new();
    let finished = input::prepare(&path, settings, input.jobs(), |output, position| {
        rejected.extend(output.rejected);
        warnings.extend(output.warnings);
        for batch in output.batches {
            if !skipped.plan.should_send(&batch) {
                let mut line = BatchReport::new(&batch, "accepted_earlier");
                if let Some(receipt) = skipped.receipts.get(&batch.index) {
                    line.events_received = Some(receipt.events_received);
                    line.fbtrace_id.clone_from(&receipt.fbtrace_id);
                }
                if let Some(planned) = skipped.plan.batches.iter().find(|b| b.index == batch.index)
                {
                    line.skipped.clone_from(&planned.skipped);
                }
                match &mut sender {
                    Some(sender) => sender.report.push(line),
                    None => dry_report.push(line),
                }
                continue;
            }
            window.push(batch);
        }
        let flow = match &mut sender {
            Some(sender) if window.len() >= WINDOW || position.last => {
                let flow = sender.send(&window)?;
                window.clear();
                sender.progress.advance(position);
                flow
            }
            Some(sender) => {
                sender.progress.advance(position);
                Flow::Continue
            }
            None => {
                dry_report.extend(window.drain(..).map(|b| BatchReport::new(&b, "would_send")));
                positions.push(position);
                Flow::Continue
            }
        };
        Ok(flow)
    })?;
    let stop = sender.and_then(|s| s.stop);
    if args.dry_run {
        report = dry_report;
        if let Some(position) = positions.last() {
            progress.advance(*position);
        }
    }
    if let Some(path) = &args.report {
        let csv = events::report::rejection_csv(&rejected, &warnings);
        crate::atomic::write_atomically(path, csv.as_bytes())?;
    }
    // Every row skipped over all runs of this upload (the record keeps them).
    let all_skipped: Vec<SkippedRow> = record.plan.skipped().cloned().collect();
    if let Some(path) = &args.skipped_report {
        let csv = events::report::skipped_csv(&all_skipped);
        crate::atomic::write_atomically(path, csv.as_bytes())?;
    }
    let summary = finished.as_ref().map(|f| &f.summary);
    let outcome = match (&stop, args.dry_run) {
        (Some(_), _) => "stopped",
        (None, true) => "dry_run",
        (None, false) => "done",
    };
    if stop.is_none() && !args.dry_run {
        record.complete = true;
        store.save(&record)?;
    }
    let received: u64 = report.iter().filter_map(|b| b.events_received).sum();
    progress.finish(match outcome {
        "stopped" => "stopped",
        "dry_run" => "prepared (dry run, nothing sent)",
        _ => "uploaded",
    });
    if args.json {
        let value = serde_json::json!({
            "outcome": outcome,
            "summary": summary,
            "batches": report,
            "events_received": received,
            "skipped": all_skipped,
            "stop": stop,
        });
        println!("{value}");
    } else {
        let count = |status: &str| report.iter().filter(|b| b.status == status).count();
        progress.line(&format!(
            "{} batches: {} accepted now, {} accepted earlier, {} would be sent, {} events \
             received by Meta, {} rows refused by Meta and skipped",
            report.len(),
            count("accepted"),
            count("accepted_earlier"),
            count("would_send"),
            received,
            all_skipped.len()
        ));
    }
    if let Some(stop) = stop {
        let at = match (stop.row, &stop.field) {
            (Some(row), Some(field)) => format!(" (CSV row {row}, field {field})"),
            (Some(row), None) => format!(" (CSV row {row})"),
            _ => String::new(),
        };
        return Err(CliError::Stopped(format!(
            "stopped at batch {}{at}: {} [{}]. Batches accepted so far are kept in {}; run the \
             same command again once this is fixed and they are not sent again",
            stop.batch,
            stop.explanation,
            stop.code,
            store.path(&record.key).display()
        )));
    }
    Ok(match summary {
        _ if !all_skipped.is_empty() => exit::DONE_WITH_REJECTIONS,
        Some(s) if s.rejected > 0 => exit::DONE_WITH_REJECTIONS,
        _ => exit::DONE,
    })
}
