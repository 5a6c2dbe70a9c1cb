//! The upload runner: sends the batches of one target in order, retrying by the
//! [`RetryPolicy`], pausable and cancellable between batches, and resumable from the set of
//! batches already accepted.
//!
//! Retries resend the byte-identical batch: Graph deduplicates events by their ids, so a batch
//! whose answer was lost (timeout, dropped connection) is never counted twice.

use crate::client::Client;
use crate::error::{ClientError, TransportError};
use crate::http::{Sleep, Transport};
use crate::id::ObjectId;
use crate::retry::{Decision, RandomSource, RetryPolicy, RetryReason, Usage};
use crate::{datasets, offline};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::{BTreeSet, VecDeque};
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::Poll;

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
    /// A dataset target with only an upload tag.
    pub fn dataset(dataset: ObjectId, upload_tag: &str) -> Target {
        Target::Dataset {
            dataset,
            upload_tag: Some(upload_tag.to_owned()),
            test_event_code: None,
            partner_agent: Some("hashdrop".to_owned()),
            namespace_id: None,
        }
    }

    /// An offline event set target.
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
        /// The error's stable code.
        reason: &'static str,
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
    /// Graph accepted the batch: persist `batch` to resume without resending it.
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
        }
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
        let shared = Shared {
            client: self.client,
            sleep: self.sleep,
            random: RefCell::new(&mut *self.random),
            control: self.control,
            progress: RefCell::new(progress),
        };
        let shared = &shared;
        let mut offsets = Vec::with_capacity(upload.batches.len());
        let mut first_event = 0;
        for data in upload.batches {
            offsets.push(first_event);
            first_event += data.as_array().map_or(0, Vec::len);
        }
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
            }) => UploadOutcome::Stopped {
                batch,
                explanation,
                error,
                event,
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
    },
}

/// What the batches in flight share. The cells are only borrowed between awaits.
struct Shared<'s, 'p, T, S> {
    client: &'s Client<T>,
    sleep: &'s S,
    random: RefCell<&'s mut dyn RandomSource>,
    control: &'s UploadControl,
    progress: RefCell<&'p mut dyn FnMut(UploadEvent)>,
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
        loop {
            self.report(UploadEvent::Sent { batch, attempt });
            let error = match self.send_batch(&upload.target, data).await {
                Ok((received, fbtrace_id, usage)) => {
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
                    let event = error
                        .graph()
                        .and_then(|graph| graph.event_field())
                        .map(|field| EventPosition {
                            batch,
                            index_in_batch: field.index,
                            index_in_upload: offset + field.index,
                            field: field.field,
                        });
                    return BatchEnd::Stopped {
                        batch,
                        explanation,
                        error,
                        event,
                    };
                }
            }
        }
    }
}
