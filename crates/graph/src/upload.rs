//! The upload runner: sends the batches of one target in order, retrying by the
//! [`RetryPolicy`], pausable and cancellable between batches, and resumable from the set of
//! batches already accepted.
//!
//! Retries resend the byte-identical batch: Graph deduplicates events by their ids, so a batch
//! whose answer was lost (timeout, dropped connection) is never counted twice.
//!
//! With a [`SkipPolicy`], an event Graph rejects by its index (`$['data'][N]…`) is taken out of
//! its batch and the rest is sent again at once, as Meta's guide allows ("skip the rows with
//! errors and call the API again"). The batch keeps its number: it is reported accepted (after
//! its [`UploadEvent::EventSkipped`]) under the index, and so under the digest of the body the
//! file produced, so resuming recognises it whatever was left out. Guards stop the upload when
//! one batch keeps failing or too many events are skipped, so a wrong mapping cannot burn
//! through a file one event at a time.

use crate::client::Client;
use crate::error::{ClientError, ErrorCode, Retry, TransportError};
use crate::http::{Sleep, Transport};
use crate::id::ObjectId;
use crate::retry::{Decision, RandomSource, RetryPolicy, RetryReason, Usage};
use crate::{datasets, offline};
use serde_json::Value;
use std::cell::{Cell, RefCell};
use std::collections::{BTreeSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::Poll;

/// The `partner_agent` a dataset target sends unless told otherwise: `hashdrop/<version>`.
pub const DEFAULT_PARTNER_AGENT: &str = concat!("hashdrop/", env!("CARGO_PKG_VERSION"));

/// Where the batches go, with the top-level fields of every call.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Target {
    /// A Conversions API dataset.
    Dataset {
        /// The dataset (pixel) id.
        dataset: ObjectId,
        /// The upload's tag.
        upload_tag: Option<String>,
        /// Send to the Test Events tool.
        test_event_code: Option<String>,
        /// The integration's name.
        partner_agent: Option<String>,
        /// The namespace of `external_id`s.
        namespace_id: Option<String>,
    },
    /// A legacy offline event set.
    OfflineSet {
        /// The set id.
        set: ObjectId,
        /// The upload's tag (required by the endpoint).
        upload_tag: String,
        /// The namespace of `extern_id`s.
        namespace_id: Option<String>,
    },
}

impl Target {
    /// A dataset target with an upload tag and [`DEFAULT_PARTNER_AGENT`].
    pub fn dataset(dataset: ObjectId, upload_tag: &str) -> Target {
        Target::Dataset {
            dataset,
            upload_tag: Some(upload_tag.to_owned()),
            test_event_code: None,
            partner_agent: Some(DEFAULT_PARTNER_AGENT.to_owned()),
            namespace_id: None,
        }
    }

    /// An offline event set target (the legacy endpoint takes no `partner_agent`).
    pub fn offline_set(set: ObjectId, upload_tag: &str) -> Target {
        Target::OfflineSet {
            set,
            upload_tag: upload_tag.to_owned(),
            namespace_id: None,
        }
    }
}

/// Pause or cancel a running upload from elsewhere (a button). Takes effect between batches,
/// and during a retry wait for cancellation.
#[derive(Debug, Clone, Default)]
pub struct UploadControl(Arc<AtomicU8>);

const RUNNING: u8 = 0;
const PAUSED: u8 = 1;
const CANCELLED: u8 = 2;

impl UploadControl {
    /// A control in the running state.
    pub fn new() -> Self {
        UploadControl::default()
    }

    /// Stop after the current batch; resume by running again with the accepted batches.
    pub fn pause(&self) {
        self.0.store(PAUSED, Ordering::SeqCst);
    }

    /// Stop after the current batch, for good.
    pub fn cancel(&self) {
        self.0.store(CANCELLED, Ordering::SeqCst);
    }

    /// Back to running (before running again).
    pub fn resume(&self) {
        self.0.store(RUNNING, Ordering::SeqCst);
    }

    fn state(&self) -> u8 {
        self.0.load(Ordering::SeqCst)
    }
}

/// Where an event Graph rejected sits.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventPosition {
    /// The batch.
    pub batch: usize,
    /// The event's index in the batch (what Graph names).
    pub index_in_batch: usize,
    /// The event's index in the whole upload (all batches in order).
    pub index_in_upload: usize,
    /// The field Graph named.
    pub field: Option<String>,
}

/// An event Graph rejected and the runner left out of its batch.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SkippedEvent {
    /// Where it was in the batch as the file produced it (map `index_in_batch` to the CSV row
    /// as for a stop).
    pub position: EventPosition,
    /// Graph's error code (100 for an invalid parameter).
    pub code: u32,
    /// Graph's subcode (e.g. 2804003: event too old).
    pub subcode: Option<u32>,
    /// Graph's reason: its message for the user when it gives one, else its message.
    pub reason: String,
    /// The trace id of the answer that rejected it.
    pub fbtrace_id: Option<String>,
}

/// How many rejected events may be skipped before the upload stops instead.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct SkipPolicy {
    /// Most events one batch may lose: a batch that needs more stops the upload.
    pub max_per_batch: usize,
    /// Largest share of the upload's events that may be skipped (0.02 = 2%) …
    pub max_share: f64,
    /// … though this many may always be skipped (a small file is not stopped by its first one).
    pub always_allowed: u64,
}

impl Default for SkipPolicy {
    fn default() -> Self {
        SkipPolicy {
            max_per_batch: 10,
            max_share: 0.02,
            always_allowed: 10,
        }
    }
}

impl SkipPolicy {
    /// The same policy stopping when a batch needs more than `removals`.
    pub fn max_per_batch(mut self, removals: usize) -> Self {
        self.max_per_batch = removals;
        self
    }

    /// The same policy allowing `share` (0.0 to 1.0) of the upload's events to be skipped,
    /// and `always` events whatever the upload's size.
    pub fn max_share(mut self, share: f64, always: u64) -> Self {
        self.max_share = share;
        self.always_allowed = always;
        self
    }

    /// How many events of an upload of `total` may be skipped in all.
    pub fn allowed(&self, total: u64) -> u64 {
        // A share of a count: the float is finite and non-negative, truncation intended.
        let share = (self.max_share.clamp(0.0, 1.0) * total as f64).floor() as u64;
        share.max(self.always_allowed)
    }
}

/// Which guard stopped an upload that skips rejected events.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SkipGuard {
    /// One batch needed more than [`SkipPolicy::max_per_batch`] removals.
    BatchKeepsFailing {
        /// Events already taken out of that batch.
        removed: usize,
    },
    /// Skipping one more would exceed the share [`SkipPolicy::allowed`].
    TooManySkipped {
        /// Events skipped so far, over all runs.
        skipped: u64,
        /// Events in the upload.
        total: u64,
    },
    /// Graph refused the batch without naming an event: nothing to take out.
    NoEventNamed,
    /// Graph named an index the batch does not have.
    EventNotInBatch,
}

/// Progress, reported as it happens.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum UploadEvent {
    /// A batch was accepted before (resume): not sent again.
    Skipped {
        /// The batch.
        batch: usize,
    },
    /// A batch is being sent.
    Sent {
        /// The batch.
        batch: usize,
        /// 1 for the first try.
        attempt: u32,
    },
    /// The batch failed and will be resent unchanged after `delay_ms`.
    Retrying {
        /// The batch.
        batch: usize,
        /// The attempt that failed.
        attempt: u32,
        /// What kind of failure it was.
        reason: ErrorCode,
        /// The wait before the next try.
        delay_ms: u64,
    },
    /// Meta throttled the calls, or the usage headers of the last answer neared a limit:
    /// waiting `delay_ms` before sending `batch`.
    Throttled {
        /// The batch.
        batch: usize,
        /// The wait.
        delay_ms: u64,
        /// The highest usage percentage the headers reported.
        usage_percent: f64,
    },
    /// Graph rejected this event; the rest of its batch was sent again without it. Reported
    /// when the batch is accepted, just before its [`UploadEvent::Accepted`].
    EventSkipped {
        /// The event and Graph's reason.
        event: SkippedEvent,
    },
    /// Graph accepted the batch (perhaps without the events skipped just before): persist
    /// `batch` to resume without resending it.
    Accepted {
        /// The batch.
        batch: usize,
        /// `events_received` (CAPI) or `num_processed_entries` (OCAPI).
        events: u64,
        /// The trace id, from the body or the `X-FB-Trace-Id` header.
        fbtrace_id: Option<String>,
    },
}

/// How a run ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum UploadOutcome {
    /// Every batch is accepted.
    Done {
        /// Batches accepted, over all runs.
        accepted: usize,
        /// Events Graph reported in this run.
        events: u64,
    },
    /// Paused before `next_batch`.
    Paused {
        /// The first batch not yet accepted.
        next_batch: usize,
    },
    /// Cancelled before `next_batch`.
    Cancelled {
        /// The first batch not yet accepted.
        next_batch: usize,
    },
    /// Stopped at `batch`: the user must act (token, permission, invalid event) or retrying
    /// gave up. Batches before it are accepted.
    Stopped {
        /// The batch that failed.
        batch: usize,
        /// What to tell the user.
        explanation: String,
        /// The last error.
        error: ClientError,
        /// The event Graph rejected, when it named one.
        event: Option<EventPosition>,
        /// The skip guard that stopped it, when skipping was on and could not go on.
        skip_guard: Option<SkipGuard>,
    },
}

/// The batches of one upload and what is already done.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Upload<'a> {
    /// The target.
    pub target: Target,
    /// The `data` arrays, in order.
    pub batches: &'a [Value],
    /// Batches accepted by earlier runs (skipped).
    pub already_accepted: &'a BTreeSet<usize>,
    /// The retry policy.
    pub policy: RetryPolicy,
    /// How many batches may be in flight at once (1: strictly one after the other).
    pub concurrency: usize,
    /// Skip events Graph rejects instead of stopping (off by default).
    pub skip: Option<SkipPolicy>,
    /// Events of the whole upload, for the skip share (default: those of `batches`; give it
    /// when `batches` holds only part of the upload).
    pub total_events: Option<u64>,
    /// Events skipped by earlier runs of the same upload (they count toward the share).
    pub skipped_before: u64,
}

impl<'a> Upload<'a> {
    /// An upload of `batches` to `target`, none accepted yet, default policy.
    pub fn new(
        target: Target,
        batches: &'a [Value],
        already_accepted: &'a BTreeSet<usize>,
    ) -> Self {
        Upload {
            target,
            batches,
            already_accepted,
            policy: RetryPolicy::default(),
            concurrency: 1,
            skip: None,
            total_events: None,
            skipped_before: 0,
        }
    }

    /// The same upload skipping the events Graph rejects, within `policy`'s guards.
    pub fn skip_rejected(mut self, policy: SkipPolicy) -> Self {
        self.skip = Some(policy);
        self
    }

    /// The same upload counting `total_events` in all, `skipped_before` of them skipped by
    /// earlier runs (for the skip share when this run sends part of the upload).
    pub fn events_in_upload(mut self, total_events: u64, skipped_before: u64) -> Self {
        self.total_events = Some(total_events);
        self.skipped_before = skipped_before;
        self
    }

    /// The same upload with up to `concurrency` batches in flight (at least 1).
    pub fn concurrency(mut self, concurrency: usize) -> Self {
        self.concurrency = concurrency.max(1);
        self
    }

    /// The same upload with another policy.
    pub fn policy(mut self, policy: RetryPolicy) -> Self {
        self.policy = policy;
        self
    }
}

/// The side effects a run uses.
pub struct Runner<'r, T, S> {
    /// Sends the calls.
    pub client: &'r Client<T>,
    /// Waits between retries.
    pub sleep: &'r S,
    /// Jitter.
    pub random: &'r mut dyn RandomSource,
    /// Pause and cancel.
    pub control: &'r UploadControl,
}

/// Send one batch once.
async fn send_batch<T: Transport>(
    client: &Client<T>,
    target: &Target,
    data: &Value,
) -> Result<(u64, Option<String>, Usage), ClientError> {
    match target {
        Target::Dataset {
            dataset,
            upload_tag,
            test_event_code,
            partner_agent,
            namespace_id,
        } => {
            let options = datasets::CapiOptions {
                upload_tag: upload_tag.as_deref(),
                test_event_code: test_event_code.as_deref(),
                partner_agent: partner_agent.as_deref(),
                namespace_id: namespace_id.as_deref(),
            };
            let reply = client
                .send(&datasets::send_events(dataset, data, &options))
                .await?;
            let trace = reply.value.fbtrace_id.or(reply.fbtrace_id);
            Ok((reply.value.events_received, trace, reply.usage))
        }
        Target::OfflineSet {
            set,
            upload_tag,
            namespace_id,
        } => {
            let reply = client
                .send(&offline::send_events(
                    set,
                    upload_tag,
                    data,
                    namespace_id.as_deref(),
                ))
                .await?;
            Ok((
                reply.value.num_processed_entries,
                reply.fbtrace_id,
                reply.usage,
            ))
        }
    }
}

impl<T: Transport, S: Sleep> Runner<'_, T, S> {
    /// Send every batch not yet accepted, in order (at most [`Upload::concurrency`] at a
    /// time), reporting progress to `progress`.
    pub async fn run(
        &mut self,
        upload: &Upload<'_>,
        progress: &mut dyn FnMut(UploadEvent),
    ) -> UploadOutcome {
        let mut offsets = Vec::with_capacity(upload.batches.len());
        let mut first_event = 0;
        for data in upload.batches {
            offsets.push(first_event);
            first_event += data.as_array().map_or(0, Vec::len);
        }
        let shared = &Shared {
            client: self.client,
            sleep: self.sleep,
            random: RefCell::new(&mut *self.random),
            control: self.control,
            progress: RefCell::new(progress),
            skipped: Cell::new(upload.skipped_before),
            total_events: upload.total_events.unwrap_or(first_event as u64),
        };
        let offsets = &offsets;
        let mut queue = VecDeque::new();
        for batch in 0..upload.batches.len() {
            if upload.already_accepted.contains(&batch) {
                shared.report(UploadEvent::Skipped { batch });
            } else {
                queue.push_back(batch);
            }
        }
        let mut in_flight: Vec<InFlight<'_>> = Vec::new();
        let mut accepted = BTreeSet::new();
        let mut events = 0;
        let mut halt: Option<BatchEnd> = None;
        loop {
            while halt.is_none() && in_flight.len() < upload.concurrency.max(1) {
                let Some(&batch) = queue.front() else { break };
                match self.control.state() {
                    PAUSED => halt = Some(BatchEnd::Paused),
                    CANCELLED => halt = Some(BatchEnd::Cancelled),
                    _ => {
                        queue.pop_front();
                        in_flight.push(Box::pin(async move {
                            let end = shared
                                .one_batch(upload, batch, &upload.batches[batch], offsets[batch])
                                .await;
                            (batch, end)
                        }));
                    }
                }
            }
            if in_flight.is_empty() {
                break;
            }
            let (batch, end) = first_ready(&mut in_flight).await;
            match end {
                BatchEnd::Accepted(received) => {
                    accepted.insert(batch);
                    events += received;
                }
                // The first stop wins; batches already in flight still finish and report.
                end if !matches!(halt, Some(BatchEnd::Stopped { .. })) => halt = Some(end),
                _ => {}
            }
        }
        let next_batch = (0..upload.batches.len())
            .find(|b| !upload.already_accepted.contains(b) && !accepted.contains(b))
            .unwrap_or(upload.batches.len());
        match halt {
            None | Some(BatchEnd::Accepted(_)) => UploadOutcome::Done {
                accepted: upload.already_accepted.len() + accepted.len(),
                events,
            },
            Some(BatchEnd::Paused) => UploadOutcome::Paused { next_batch },
            Some(BatchEnd::Cancelled) => UploadOutcome::Cancelled { next_batch },
            Some(BatchEnd::Stopped {
                batch,
                explanation,
                error,
                event,
                skip_guard,
            }) => UploadOutcome::Stopped {
                batch,
                explanation,
                error,
                event,
                skip_guard,
            },
        }
    }
}

type InFlight<'f> = Pin<Box<dyn Future<Output = (usize, BatchEnd)> + 'f>>;

/// Resolves with the output of the first of `futures` to finish, and drops it from the list.
fn first_ready<'v, 'f>(
    futures: &'v mut Vec<InFlight<'f>>,
) -> impl Future<Output = (usize, BatchEnd)> + 'v {
    std::future::poll_fn(move |cx| {
        for index in 0..futures.len() {
            if let Poll::Ready(output) = futures[index].as_mut().poll(cx) {
                drop(futures.remove(index));
                return Poll::Ready(output);
            }
        }
        Poll::Pending
    })
}

/// How one batch ended.
enum BatchEnd {
    Accepted(u64),
    Paused,
    Cancelled,
    Stopped {
        batch: usize,
        explanation: String,
        error: ClientError,
        event: Option<EventPosition>,
        skip_guard: Option<SkipGuard>,
    },
}

/// What the batches in flight share. The cells are only borrowed between awaits.
struct Shared<'s, 'p, T, S> {
    client: &'s Client<T>,
    sleep: &'s S,
    random: RefCell<&'s mut dyn RandomSource>,
    control: &'s UploadControl,
    progress: RefCell<&'p mut dyn FnMut(UploadEvent)>,
    /// Events skipped so far, over all runs (batches in flight add to it).
    skipped: Cell<u64>,
    /// Events in the whole upload.
    total_events: u64,
}

/// One batch as it is being sent: the file's events, less those skipped so far.
struct Remaining<'d> {
    original: &'d Value,
    /// The events still in (a `data` array), once one has been taken out.
    data: Option<Value>,
    /// The original index of each event still in.
    kept: Vec<usize>,
    skipped: Vec<SkippedEvent>,
}

impl<'d> Remaining<'d> {
    fn new(original: &'d Value) -> Self {
        let len = original.as_array().map_or(0, Vec::len);
        Remaining {
            original,
            data: None,
            kept: (0..len).collect(),
            skipped: Vec::new(),
        }
    }

    /// Take out the event now at `index`; its original index, or `None` when there is none.
    fn remove(&mut self, index: usize) -> Option<usize> {
        if index >= self.kept.len() {
            return None;
        }
        let data = self.data.get_or_insert_with(|| self.original.clone());
        if let Some(events) = data.as_array_mut() {
            events.remove(index);
        }
        Some(self.kept.remove(index))
    }

    fn is_empty(&self) -> bool {
        self.kept.is_empty()
    }
}

impl<T: Transport, S: Sleep> Shared<'_, '_, T, S> {
    fn report(&self, event: UploadEvent) {
        (self.progress.borrow_mut())(event);
    }

    async fn send_batch(
        &self,
        target: &Target,
        data: &Value,
    ) -> Result<(u64, Option<String>, Usage), ClientError> {
        send_batch(self.client, target, data).await
    }

    /// Send one batch until it is accepted, or retrying must stop.
    async fn one_batch(
        &self,
        upload: &Upload<'_>,
        batch: usize,
        data: &Value,
        offset: usize,
    ) -> BatchEnd {
        let mut attempt = 1;
        let mut remaining = Remaining::new(data);
        loop {
            self.report(UploadEvent::Sent { batch, attempt });
            let body = remaining.data.as_ref().unwrap_or(data);
            let error = match self.send_batch(&upload.target, body).await {
                Ok((received, fbtrace_id, usage)) => {
                    for event in std::mem::take(&mut remaining.skipped) {
                        self.report(UploadEvent::EventSkipped { event });
                    }
                    self.report(UploadEvent::Accepted {
                        batch,
                        events: received,
                        fbtrace_id,
                    });
                    // Close to a limit: slow down before Meta throttles.
                    let more = batch + 1 < upload.batches.len();
                    let pace = upload.policy.pace(&usage, *self.random.borrow_mut());
                    if let Some(delay_ms) = pace.filter(|_| more) {
                        self.report(UploadEvent::Throttled {
                            batch: batch + 1,
                            delay_ms,
                            usage_percent: usage.highest_percent(),
                        });
                        self.sleep.sleep(delay_ms).await;
                    }
                    return BatchEnd::Accepted(received);
                }
                // The user cancelled the request in flight (the browser transport's cancel
                // handle): not a failure to explain.
                Err(ClientError::Transport(TransportError::Cancelled)) => {
                    return BatchEnd::Cancelled;
                }
                Err(error) => error,
            };
            let decision = upload
                .policy
                .decide(&error, attempt, *self.random.borrow_mut());
            match decision {
                Decision::Retry { reason, delay_ms } => {
                    self.report(match reason {
                        RetryReason::Throttled => UploadEvent::Throttled {
                            batch,
                            delay_ms,
                            usage_percent: match &error {
                                ClientError::Graph(failure) => failure.usage.highest_percent(),
                                _ => 0.0,
                            },
                        },
                        RetryReason::Transient(code) => UploadEvent::Retrying {
                            batch,
                            attempt,
                            reason: code,
                            delay_ms,
                        },
                    });
                    self.sleep.sleep(delay_ms).await;
                    if self.control.state() == CANCELLED {
                        return BatchEnd::Cancelled;
                    }
                    attempt += 1;
                }
                Decision::Stop { explanation } => {
                    let named = error.graph().and_then(|graph| graph.event_field());
                    let original = named
                        .as_ref()
                        .and_then(|field| remaining.kept.get(field.index).copied());
                    let now_at = named.as_ref().map_or(0, |field| field.index);
                    let event = named.map(|field| {
                        let index = original.unwrap_or(field.index);
                        EventPosition {
                            batch,
                            index_in_batch: index,
                            index_in_upload: offset.saturating_add(index),
                            field: field.field,
                        }
                    });
                    let skip = upload
                        .skip
                        .as_ref()
                        .filter(|_| error.retry() == Retry::Never && error.graph().is_some());
                    let Some(policy) = skip else {
                        return BatchEnd::Stopped {
                            batch,
                            explanation,
                            error,
                            event,
                            skip_guard: None,
                        };
                    };
                    let guard = match (&event, original) {
                        (None, _) => Some(SkipGuard::NoEventNamed),
                        (Some(_), None) => Some(SkipGuard::EventNotInBatch),
                        _ if remaining.skipped.len() >= policy.max_per_batch => {
                            Some(SkipGuard::BatchKeepsFailing {
                                removed: remaining.skipped.len(),
                            })
                        }
                        _ if self.skipped.get() >= policy.allowed(self.total_events) => {
                            Some(SkipGuard::TooManySkipped {
                                skipped: self.skipped.get(),
                                total: self.total_events,
                            })
                        }
                        _ => None,
                    };
                    let (Some(position), None) = (event.clone(), guard) else {
                        return BatchEnd::Stopped {
                            batch,
                            explanation: guard
                                .map(|guard| guard_explanation(guard, &explanation))
                                .unwrap_or(explanation),
                            error,
                            event,
                            skip_guard: guard,
                        };
                    };
                    remaining.remove(now_at);
                    self.skipped.set(self.skipped.get() + 1);
                    let graph = error.graph();
                    remaining.skipped.push(SkippedEvent {
                        position,
                        code: graph.map_or(0, |g| g.code),
                        subcode: graph.and_then(|g| g.subcode),
                        reason: graph
                            .map(|g| g.user_message.clone().unwrap_or_else(|| g.message.clone()))
                            .unwrap_or_default(),
                        fbtrace_id: graph.and_then(|g| g.fbtrace_id.clone()),
                    });
                    if remaining.is_empty() {
                        // Nothing left to send: the batch is done, with every event skipped.
                        for event in std::mem::take(&mut remaining.skipped) {
                            self.report(UploadEvent::EventSkipped { event });
                        }
                        self.report(UploadEvent::Accepted {
                            batch,
                            events: 0,
                            fbtrace_id: None,
                        });
                        return BatchEnd::Accepted(0);
                    }
                    // The rest of the batch goes again at once, as a new request.
                    attempt = 1;
                }
            }
        }
    }
}

/// Why skipping stopped, for the person using the app.
/// The batch is not named here: the runner sees a window of the upload's batches, and the caller,
/// who knows the file's numbering, reports it beside this text (`UploadOutcome::Stopped::batch`).
fn guard_explanation(guard: SkipGuard, graph_said: &str) -> String {
    match guard {
        SkipGuard::BatchKeepsFailing { removed } => format!(
            "Graph rejected more than {removed} events of one batch, one after the other. \
             The column mapping or a setting is likely wrong: check them before sending again. \
             Last answer: {graph_said}"
        ),
        SkipGuard::TooManySkipped { skipped, total } => format!(
            "{skipped} of {total} events were already skipped, the most this upload allows. \
             The column mapping or a setting is likely wrong: check them before sending again. \
             Last answer: {graph_said}"
        ),
        SkipGuard::NoEventNamed => format!(
            "Graph refused a batch without naming an event, so none could be skipped. \
             {graph_said}"
        ),
        SkipGuard::EventNotInBatch => format!(
            "Graph named an event its batch does not have, so none could be skipped. \
             {graph_said}"
        ),
    }
}
