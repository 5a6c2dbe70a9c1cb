//! `hashdrop upload`: the file is prepared in chunks and its batches go to graph's upload
//! runner (retries, back-off, pacing by Meta's usage headers) [`WINDOW`] at a time, so memory
//! stays bounded whatever the file's size. Every accepted batch is written to the state folder
//! at once ([`crate::state`]); a run after a crash, a `kill -9` or a stop skips them.

use crate::cli::Upload;
use crate::config::{self, Extra};
use crate::exit::{self, CliError};
use crate::input::{self, Flow};
use crate::progress::Progress;
use crate::state::{Receipt, Record, Store, UploadKey};
use events::batch::Batch;
use graph::upload::{Runner, Target, UploadControl, UploadEvent, UploadOutcome};
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
}

/// The runner's side of an upload: client, policy and the state record.
struct Sender<'a> {
    client: Client<NativeTransport>,
    target: Target,
    policy: RetryPolicy,
    concurrency: usize,
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
        let upload = graph::upload::Upload::new(self.target.clone(), &data, &none)
            .concurrency(self.concurrency)
            .policy(self.policy.clone());
        let first_report = self.report.len();
        self.report
            .extend(window.iter().map(|b| BatchReport::new(b, "not_sent")));
        let control = UploadControl::new();
        let mut saved: Result<(), CliError> = Ok(());
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
                    record.plan.mark_accepted(done.index);
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
                        progress.detail(&format!(
                            "batch {} accepted: rows {}-{}, {} events received",
                            line.batch, line.first_row, line.last_row, events
                        ));
                    }
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
            } => {
                let failed = window.get(batch);
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
                    batch: failed.map_or(0, |b| b.index + 1),
                    code: error.code(),
                    explanation,
                    row,
                    field,
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
    let identity = input::identity(&path)?;
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
        random: SplitMix64::new(seed),
        store: &store,
        record: &mut record,
        progress: &mut progress,
        report: &mut report,
        stop: None,
    });
    let mut dry_report: Vec<BatchReport> = Vec::new();
    let mut positions = Vec::new();
    let finished = input::prepare(&path, settings, |output, position| {
        rejected.extend(output.rejected);
        warnings.extend(output.warnings);
        for batch in output.batches {
            if !skipped.plan.should_send(&batch) {
                let mut line = BatchReport::new(&batch, "accepted_earlier");
                if let Some(receipt) = skipped.receipts.get(&batch.index) {
                    line.events_received = Some(receipt.events_received);
                    line.fbtrace_id.clone_from(&receipt.fbtrace_id);
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
            "stop": stop,
        });
        println!("{value}");
    } else {
        let count = |status: &str| report.iter().filter(|b| b.status == status).count();
        progress.line(&format!(
            "{} batches: {} accepted now, {} accepted earlier, {} would be sent, {} events \
             received by Meta",
            report.len(),
            count("accepted"),
            count("accepted_earlier"),
            count("would_send"),
            received
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
        Some(s) if s.rejected > 0 => exit::DONE_WITH_REJECTIONS,
        _ => exit::DONE,
    })
}
