//! Step 5, Send: the prepared batches go to the checked target through the graph crate's
//! upload runner, with progress, pause / resume / cancel, the retries as they happen, a stop
//! message that says what to do next, and a report (per batch: rows, events, Meta's count and
//! `fbtrace_id`, errors mapped to CSV rows) to download. Progress is kept in IndexedDB
//! ([`crate::upload_store`]) after every accepted batch, so a reload resumes without sending an
//! event twice. A login token that expires mid-upload pauses the upload and asks to log in again;
//! the new login resumes it. "Dry run" shows what would be sent without sending; "preprocess"
//! downloads the hashed request bodies.

pub(super) mod model;
mod run;
pub(super) mod text;

use crate::components::CsvDownload;
use crate::connection::Problem;
use crate::i18n::{Lang, Text};
use crate::platform::UploadRecords;
use crate::settings::TargetKind;
use crate::state::AppState;
use crate::steps::Step;
use crate::upload_store::{StoredUpload, UploadKey};
use crate::worker::protocol::Prepared;
use graph::upload::{Runner, SkipPolicy, UploadControl, UploadEvent};
use graph::{AccessToken, Client, SplitMix64};
use leptos::prelude::*;
use leptos::task::spawn_local;
use model::{BatchState, Retry, StopProblem, UploadModel, row_range};
use run::Finish;
use std::collections::BTreeSet;
use std::rc::Rc;
use std::sync::Arc;

pub(crate) use model::download_name;

/// Where the upload is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Phase {
    Idle,
    Running,
    Pausing,
    Paused,
    /// Paused because the login token expired: waiting for a new login.
    LoginNeeded,
    Cancelling,
    Cancelled,
    Stopped,
    Done,
    DryRun,
}

impl Phase {
    fn name(self) -> &'static str {
        match self {
            Phase::Idle => "idle",
            Phase::Running => "running",
            Phase::Pausing => "pausing",
            Phase::Paused => "paused",
            Phase::LoginNeeded => "login-needed",
            Phase::Cancelling => "cancelling",
            Phase::Cancelled => "cancelled",
            Phase::Stopped => "stopped",
            Phase::Done => "done",
            Phase::DryRun => "dry-run",
        }
    }

    fn text(self) -> Text {
        match self {
            Phase::Idle => tr!(send.state_idle),
            Phase::Running => tr!(send.state_running),
            Phase::Pausing => tr!(send.state_pausing),
            Phase::Paused => tr!(send.state_paused),
            Phase::LoginNeeded => tr!(send.state_login_needed),
            Phase::Cancelling => tr!(send.state_cancelling),
            Phase::Cancelled => tr!(send.state_cancelled),
            Phase::Stopped => tr!(send.state_stopped),
            Phase::Done => tr!(send.state_done),
            Phase::DryRun => tr!(send.state_dry_run),
        }
    }

    /// A run is in progress (the runner holds the batches).
    fn busy(self) -> bool {
        matches!(self, Phase::Running | Phase::Pausing | Phase::Cancelling)
    }
}

/// Whether the saved progress could be read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Saved {
    Loading,
    Ready,
    Unavailable,
}

/// Step 5: send.
#[component]
pub fn SendPage() -> impl IntoView {
    view! {
        <super::PreparedStep
            name="send"
            title=tr!(send_title)
            intro=tr!(send_intro)
            render=|state, prepared| view! { <Sender state prepared/> }.into_any()
        />
    }
}

/// The key of the stored progress for this file and the current target.
fn upload_key(state: AppState, prepared: &Prepared) -> Option<UploadKey> {
    let file = prepared.identity.clone()?;
    state.settings.with_untracked(|s| {
        let target = s.target().ok()?;
        Some(UploadKey {
            file,
            endpoint: target.endpoint.base_url().to_owned(),
            kind: match target.kind {
                TargetKind::Capi => "capi",
                TargetKind::Ocapi => "ocapi",
            }
            .to_owned(),
            target: target.id,
        })
    })
}

/// The upload of one prepared file.
#[component]
fn Sender(state: AppState, prepared: Arc<Prepared>) -> impl IntoView {
    let lang = move || state.lang.get();
    let s = move |key| lang().t(key);
    let info = Arc::new(prepared.batches.clone());
    let model = RwSignal::new(UploadModel::new(Arc::clone(&info), &Default::default()));
    let phase = RwSignal::new(Phase::Idle);
    let saved = RwSignal::new(Saved::Loading);
    let save_failed = RwSignal::new(false);
    let earlier = RwSignal::new(0usize);
    let control = StoredValue::new(UploadControl::new());
    // Off by default: one rejected event stops the upload unless the person chooses otherwise.
    let skip_rejected = RwSignal::new(false);
    let store = StoredValue::new_local(None::<Rc<dyn UploadRecords>>);
    let key = upload_key(state, &prepared);
    let record = StoredValue::new(key.clone().map(|k| StoredUpload::new(k, &info)));
    let prepared = StoredValue::new(prepared);

    // Read the saved progress once; Send waits for it, so an accepted batch is never resent.
    {
        let info = Arc::clone(&info);
        let uploads = state.platform().uploads;
        spawn_local(async move {
            let opened = uploads.open().await;
            let stored = match (&opened, &key) {
                (Some(db), Some(key)) => db.load(&key.id()).await,
                _ => None,
            };
            let available = opened.is_some() && key.is_some();
            if let Some(key) = key {
                let resumed = StoredUpload::resume(stored, key, &info);
                let accepted = resumed.accepted();
                let _ = earlier.try_set(accepted.len());
                let _ = model.try_set(UploadModel::new(Arc::clone(&info), &accepted));
                record.try_set_value(Some(resumed));
            }
            store.try_set_value(opened);
            let _ = saved.try_set(if available {
                Saved::Ready
            } else {
                Saved::Unavailable
            });
        });
    }

    let on_event = move |event: UploadEvent| {
        model.update(|m| m.apply(&event));
        if let UploadEvent::Accepted { batch, .. } = &event {
            // The model's receipt holds Meta's answer and the events skipped from the batch.
            let Some(receipt) = model.with_untracked(|m| m.receipt(*batch).cloned()) else {
                return;
            };
            record.update_value(|r| {
                if let Some(r) = r {
                    r.record_accepted(*batch, receipt, state.platform().now_ms());
                }
            });
            let write = store.with_value(|db| {
                record.with_value(|r| db.as_ref().zip(r.as_ref()).map(|(db, r)| db.save(r)))
            });
            if let Some(write) = write {
                spawn_local(async move {
                    if !write.await {
                        let _ = save_failed.try_set(true);
                    }
                });
            }
        }
    };

    let send = move || {
        if phase.get_untracked().busy() || saved.get_untracked() == Saved::Loading {
            return;
        }
        let settings = state.settings.get_untracked();
        let Ok(target) = settings.target() else {
            return;
        };
        let platform = state.platform();
        let client = Client::new(
            platform.transport.clone(),
            graph::Settings::with_base_url(target.endpoint.base_url()).version(&target.version),
            AccessToken::new(settings.token.trim()),
        );
        control.with_value(UploadControl::resume);
        model.update(|m| {
            m.stop = None;
            m.settle();
        });
        phase.set(Phase::Running);
        spawn_local(async move {
            let prepared = prepared.get_value();
            // The top-level fields (upload tag, test event code, …) are the same in every body.
            let first = prepared.bodies.text(0).await;
            let Some(graph_target) = run::target_of(target.kind, &target.id, first.as_deref())
            else {
                let _ = phase.try_set(Phase::Idle);
                return;
            };
            let control = control.get_value();
            let accepted: BTreeSet<usize> = record
                .with_value(|r| r.as_ref().map(|r| r.accepted().into_keys().collect()))
                .unwrap_or_default();
            let skipped_before = model.with_untracked(|m| m.skipped_rows().count() as u64);
            let policy = skip_rejected.get_untracked().then(SkipPolicy::default);
            let sleep = platform.sleep;
            let mut random = SplitMix64::new(platform.clock.now_ms().to_bits());
            let mut runner = Runner {
                client: &client,
                sleep: &sleep,
                random: &mut random,
                control: &control,
            };
            let mut forward = on_event;
            let plan = run::Plan {
                accepted: &accepted,
                skip: policy.as_ref(),
                skipped_before,
            };
            let finish = run::drive(
                &mut runner,
                &graph_target,
                &prepared.bodies,
                &prepared.batches,
                plan,
                &mut forward,
            )
            .await;
            let next = match finish {
                Finish::Done => Phase::Done,
                Finish::Paused => Phase::Paused,
                Finish::Cancelled => Phase::Cancelled,
                // A login token that expired mid-upload: pause (the batch it stopped at was not
                // accepted) until a new login; a pasted token stops as any token problem does.
                Finish::Stopped(stop)
                    if stop.problem == StopProblem::Connection(Problem::TokenExpired)
                        && state.login.gave(&settings.token) =>
                {
                    Phase::LoginNeeded
                }
                Finish::Stopped(stop) => {
                    let _ = model.try_update(|m| m.stopped(stop));
                    Phase::Stopped
                }
            };
            let _ = model.try_update(UploadModel::settle);
            let _ = phase.try_set(next);
        });
    };
    // A new login while paused for one: go on from the first batch not accepted.
    Effect::new(move |seen: Option<u64>| {
        let logins = state.login.logins.get();
        if seen.is_some_and(|seen| seen != logins) && phase.get_untracked() == Phase::LoginNeeded {
            send();
        }
        logins
    });
    let pause = move |_| {
        if phase.get_untracked() == Phase::Running {
            control.with_value(UploadControl::pause);
            phase.set(Phase::Pausing);
        }
    };
    let cancel = move |_| match phase.get_untracked() {
        Phase::Running | Phase::Pausing => {
            control.with_value(UploadControl::cancel);
            phase.set(Phase::Cancelling);
        }
        Phase::Paused | Phase::LoginNeeded => phase.set(Phase::Cancelled),
        _ => {}
    };
    let dry_run = move |_| {
        if !phase.get_untracked().busy() {
            model.update(|m| m.stop = None);
            phase.set(Phase::DryRun);
        }
    };
    let preprocess = move |_| {
        let downloads = state.platform().downloads;
        prepared.with_value(|p| super::download_hashed(&*downloads, p));
    };
    let forget = move |_| {
        if phase.get_untracked().busy() {
            return;
        }
        let id = record.with_value(|r| r.as_ref().map(|r| r.key.id()));
        let delete = id.and_then(|id| store.with_value(|db| db.as_ref().map(|db| db.delete(&id))));
        if let Some(delete) = delete {
            spawn_local(async move {
                let _ = delete.await;
            });
        }
        let info = model.with_untracked(|m| Arc::clone(&m.info));
        record.update_value(|r| {
            if let Some(r) = r {
                *r = StoredUpload::new(r.key.clone(), &info);
            }
        });
        earlier.set(0);
        model.set(UploadModel::new(info, &Default::default()));
        phase.set(Phase::Idle);
    };

    let complete = move || model.with(UploadModel::is_complete);
    let show_start = move || {
        matches!(
            phase.get(),
            Phase::Idle | Phase::DryRun | Phase::Cancelled | Phase::Stopped
        ) && !complete()
    };
    let report_shown = move || !matches!(phase.get(), Phase::Idle) && !phase.get().busy();
    let dry = move || phase.get() == Phase::DryRun;
    let report = Signal::derive(move || model.with(|m| m.report(dry())));
    let (file_name, total_batches, total_events) = prepared.with_value(|p| {
        (
            p.file_name.clone(),
            p.batches.len(),
            p.batches.iter().map(|b| b.events as u64).sum::<u64>(),
        )
    });
    let target_label = move || {
        state
            .current_connection()
            .map(|t| t.label().to_owned())
            .unwrap_or_default()
    };

    view! {
        <div class="send-panel" data-testid="send-panel" data-state=move || phase.get().name()>
            <dl class="file-figures send-summary">
                <dt>{move || s(tr!(send.target))}</dt>
                <dd data-testid="send-target">{target_label}</dd>
                <dt>{move || s(tr!(send.file))}</dt>
                <dd data-testid="send-file">{file_name}</dd>
                <dt>{move || s(tr!(send.batches))}</dt>
                <dd data-testid="send-batches-total">{total_batches}</dd>
                <dt>{move || s(tr!(send.events))}</dt>
                <dd data-testid="send-events-total">{total_events}</dd>
            </dl>
            {move || {
                let accepted = earlier.get();
                (accepted > 0 && !complete() && phase.get() == Phase::Idle)
                    .then(|| view! {
                        <p class="notice notice-info" data-testid="send-resume-notice" data-accepted=accepted>
                            {text::resume_text(lang(), accepted, total_batches)}
                        </p>
                    })
            }}
            {move || {
                (complete() && earlier.get() == total_batches && phase.get() == Phase::Idle)
                    .then(|| view! {
                        <p class="notice notice-ok" data-testid="send-complete-notice">{s(tr!(send.complete_notice))}</p>
                    })
            }}
            {move || {
                (saved.get() == Saved::Unavailable || save_failed.get())
                    .then(|| view! {
                        <p class="notice notice-warn" data-testid="send-no-store">{s(tr!(send.no_store))}</p>
                    })
            }}
            <div class="field field-check">
                <input
                    id="send-skip-rejected"
                    type="checkbox"
                    data-testid="send-skip-rejected"
                    aria-describedby="send-skip-rejected-hint"
                    prop:checked=move || skip_rejected.get()
                    prop:disabled=move || phase.get().busy()
                    on:change=move |ev| skip_rejected.set(event_target_checked(&ev))
                />
                <label for="send-skip-rejected">{move || s(tr!(send.skip_rejected))}</label>
                <p class="hint" id="send-skip-rejected-hint">{move || s(tr!(send.skip_rejected_hint))}</p>
            </div>
            <div class="actions send-actions" role="group" aria-label=move || s(tr!(send.controls_label))>
                <Show when=show_start>
                    <button
                        type="button"
                        class="button"
                        data-testid="send-start"
                        prop:disabled=move || saved.get() == Saved::Loading
                        on:click=move |_| send()
                    >
                        {move || s(tr!(send.start))}
                    </button>
                </Show>
                <Show when=move || phase.get() == Phase::Running>
                    <button type="button" class="button button-secondary" data-testid="send-pause" on:click=pause>
                        {move || s(tr!(send.pause))}
                    </button>
                </Show>
                <Show when=move || phase.get() == Phase::Paused>
                    <button type="button" class="button" data-testid="send-resume" on:click=move |_| send()>
                        {move || s(tr!(send.resume))}
                    </button>
                </Show>
                <Show when=move || matches!(phase.get(), Phase::Running | Phase::Pausing | Phase::Paused | Phase::LoginNeeded)>
                    <button type="button" class="button button-secondary" data-testid="send-cancel" on:click=cancel>
                        {move || s(tr!(send.cancel))}
                    </button>
                </Show>
                <Show when=move || !phase.get().busy()>
                    <button type="button" class="button button-secondary" data-testid="send-dry-run" on:click=dry_run>
                        {move || s(tr!(send.dry_run))}
                    </button>
                    <button type="button" class="button button-secondary" data-testid="send-preprocess" on:click=preprocess>
                        {move || s(tr!(send.preprocess))}
                    </button>
                </Show>
                <Show when=move || !phase.get().busy() && model.with(|m| m.batches_accepted() > 0)>
                    <button type="button" class="button button-secondary" data-testid="send-forget" on:click=forget>
                        {move || s(tr!(send.forget))}
                    </button>
                </Show>
            </div>
            <Show when=move || !phase.get().busy()>
                <p class="hint" data-testid="send-preprocess-hint">{move || s(tr!(send.preprocess_hint))}</p>
            </Show>
            <Progress model lang=Signal::derive(lang)/>
            <p class="send-status" data-testid="send-status" data-state=move || phase.get().name() role="status" aria-live="polite">
                {move || {
                    let waiting = model.with(|m| m.states.iter().any(|b| matches!(b, BatchState::Waiting { .. })));
                    s(if phase.get() == Phase::Running && waiting { tr!(send.state_waiting) } else { phase.get().text() })
                }}
            </p>
            <Show when=move || phase.get() == Phase::LoginNeeded>
                <LoginNeeded state/>
            </Show>
            <Retries model lang=Signal::derive(lang)/>
            <StopNotice model lang=Signal::derive(lang) state/>
            <Show when=report_shown>
                <Report model lang=Signal::derive(lang) dry=Signal::derive(dry)/>
                {move || {
                    let filename = if dry() { "hashdrop-dry-run.csv" } else { "hashdrop-send-report.csv" };
                    view! {
                        <CsvDownload
                            data=report
                            filename
                            text=Signal::derive(move || s(tr!(send.download_report)))
                            testid="send-report-download"
                        />
                    }
                }}
            </Show>
            <Show when=move || model.with(|m| m.skipped_rows().next().is_some())>
                <SkippedRows model lang=Signal::derive(lang)/>
                <CsvDownload
                    data=Signal::derive(move || model.with(UploadModel::skipped_report))
                    filename="hashdrop-skipped-rows.csv"
                    text=Signal::derive(move || s(tr!(send.download_skipped)))
                    testid="send-skipped-download"
                />
            </Show>
            <p class="hint" data-testid="send-saved-note">{move || s(tr!(send.saved_note))}</p>
        </div>
    }
}

/// The login expired mid-upload: log in again, and the upload goes on.
#[component]
fn LoginNeeded(state: AppState) -> impl IntoView {
    let lang = move || state.lang.get();
    let login = state.login;
    view! {
        <div class="notice notice-warn" data-testid="send-login-needed" role="alert">
            <p>{move || lang().t(tr!(send.login_needed))}</p>
            <button
                type="button"
                class="button"
                data-testid="send-login"
                on:click=move |_| {
                    let _ = crate::login_flow::start(state);
                }
            >
                {move || lang().t(tr!(send.login_again))}
            </button>
            {move || {
                login
                    .error
                    .get()
                    .map(|error| {
                        view! {
                            <p data-testid="send-login-error" data-problem=error.code()>
                                {lang().t(error.message())}
                            </p>
                        }
                    })
            }}
        </div>
    }
}

/// The events Graph rejected and the upload skipped: row, field and Graph's reason.
#[component]
fn SkippedRows(model: RwSignal<UploadModel>, lang: Signal<Lang>) -> impl IntoView {
    let s = move |key| lang.get().t(key);
    let rows = move || {
        model.with(|m| {
            m.skipped_rows()
                .map(|skipped| {
                    let row = skipped.row.map(|r| r.to_string()).unwrap_or_default();
                    let shown = row.clone();
                    view! {
                        <tr data-testid="send-skipped-row" data-row=shown data-batch={skipped.batch + 1} data-code=skipped.code data-subcode=skipped.subcode>
                            <td>{row}</td>
                            <td>{skipped.batch + 1}</td>
                            <td><code>{skipped.field.clone().unwrap_or_default()}</code></td>
                            <td data-testid="send-skipped-reason">{skipped.reason.clone()}</td>
                            <td><code>{skipped.fbtrace_id.clone().unwrap_or_default()}</code></td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="send-skipped-caption">
            <table class="data-table" data-testid="send-skipped">
                <caption id="send-skipped-caption">{move || s(tr!(send.skipped_title))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || s(tr!(send.col_row))}</th>
                        <th scope="col">{move || s(tr!(send.col_batch))}</th>
                        <th scope="col">{move || s(tr!(send.col_field))}</th>
                        <th scope="col">{move || s(tr!(send.col_reason))}</th>
                        <th scope="col">{move || s(tr!(send.col_trace))}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// The progress bar and the counts.
#[component]
fn Progress(model: RwSignal<UploadModel>, lang: Signal<Lang>) -> impl IntoView {
    let s = move |key| lang.get().t(key);
    let counts = move || {
        model.with(|m| {
            (
                m.batches_accepted(),
                m.states.len(),
                m.events_accepted(),
                m.events_total(),
                m.events_received(),
            )
        })
    };
    view! {
        {move || {
            let (done, total, events, events_total, received) = counts();
            let of = s(tr!(send.of));
            view! {
                <div class="send-progress">
                    <progress
                        data-testid="send-progress-bar"
                        max=total.max(1)
                        value=done
                        aria-label=s(tr!(send.progress_label))
                        aria-valuemin="0"
                        aria-valuemax=total
                        aria-valuenow=done
                        aria-valuetext=text::progress_value(lang.get(), done, total)
                    ></progress>
                    <dl class="file-figures">
                        <dt>{s(tr!(send.batches_accepted))}</dt>
                        <dd>
                            <span data-testid="send-batches-done">{done}</span>
                            " " {of} " " {total}
                        </dd>
                        <dt>{s(tr!(send.events_accepted))}</dt>
                        <dd>
                            <span data-testid="send-events-done">{events}</span>
                            " " {of} " " {events_total}
                        </dd>
                        <dt>{s(tr!(send.events_received))}</dt>
                        <dd data-testid="send-events-received">{received}</dd>
                    </dl>
                </div>
            }
        }}
    }
}

/// The retries, as they happen (newest last).
#[component]
fn Retries(model: RwSignal<UploadModel>, lang: Signal<Lang>) -> impl IntoView {
    let items = move || {
        let lang = lang.get();
        model.with(|m| {
            m.retries
                .iter()
                .map(|retry| match *retry {
                    Retry::Throttled {
                        batch,
                        delay_ms,
                        usage_percent,
                    } => (
                        "throttled",
                        batch,
                        text::throttled_text(lang, batch + 1, delay_ms, usage_percent),
                    ),
                    Retry::Transient {
                        batch,
                        attempt,
                        reason,
                        delay_ms,
                    } => (
                        reason.code(),
                        batch,
                        text::transient_text(lang, batch + 1, attempt, reason, delay_ms),
                    ),
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || model.with(|m| !m.retries.is_empty())>
            <section class="send-retries" aria-labelledby="send-retries-title">
                <h2 id="send-retries-title">{move || lang.get().t(tr!(send.retries_title))}</h2>
                <ol data-testid="send-retries" aria-live="polite">
                    {move || {
                        items()
                            .into_iter()
                            .map(|(kind, batch, message)| view! {
                                <li data-testid="send-retry" data-kind=kind data-batch={batch + 1}>{message}</li>
                            })
                            .collect_view()
                    }}
                </ol>
            </section>
        </Show>
    }
}

/// Why the upload stopped and what to do next.
#[component]
fn StopNotice(model: RwSignal<UploadModel>, lang: Signal<Lang>, state: AppState) -> impl IntoView {
    move || {
        let stop = model.with(|m| m.stop.clone())?;
        let lang = lang.get();
        let message = match (&stop.event, stop.guard) {
            (_, Some(guard)) if stop.problem == StopProblem::TooManySkipped => {
                text::skip_guard_text(lang, stop.batch + 1, guard)
            }
            (Some(event), _) => {
                text::invalid_event_text(lang, stop.batch + 1, event.row, event.field.as_deref())
            }
            (None, _) => match stop.message {
                Some(key) => lang.t(key).to_owned(),
                None => String::new(),
            },
        };
        let needs_connect = stop.problem.needs_connect();
        let detail = stop.detail.clone();
        Some(view! {
            <div class="notice notice-error send-stop" data-testid="send-stop" data-problem=stop.problem.code() role="alert">
                <p data-testid="send-stop-message">{message}</p>
                <p>
                    <strong>{lang.t(tr!(send.stop_title))} ": "</strong>
                    <span data-testid="send-stop-next">{text::next_step(lang, stop.problem)}</span>
                </p>
                {needs_connect.then(|| view! {
                    <a class="button button-secondary" href=Step::Connect.href() data-testid="send-stop-connect">
                        {state.t(tr!(go_to_connect))}
                    </a>
                })}
                {(!detail.is_empty()).then(|| view! {
                    <details class="status-detail">
                        <summary>{lang.t(tr!(problem_detail))}</summary>
                        <code data-testid="send-stop-detail">{detail}</code>
                    </details>
                })}
            </div>
        })
    }
}

/// The per-batch report (what happened, or in a dry run what would be sent).
#[component]
fn Report(model: RwSignal<UploadModel>, lang: Signal<Lang>, dry: Signal<bool>) -> impl IntoView {
    let s = move |key| lang.get().t(key);
    let rows = move || {
        let lang = lang.get();
        model.with(|m| {
            m.info
                .iter()
                .zip(&m.states)
                .map(|(info, state)| {
                    let (first, last) = row_range(info);
                    let dry = dry.get();
                    let status = match state {
                        BatchState::Pending if dry => "would_send",
                        BatchState::Pending => "not_sent",
                        other => other.name(),
                    };
                    let (received, trace) = match state {
                        BatchState::Accepted { receipt, .. } => (
                            receipt.events_received.to_string(),
                            receipt.fbtrace_id.clone().unwrap_or_default(),
                        ),
                        _ => (String::new(), String::new()),
                    };
                    let stop = m.stop.as_ref().filter(|s| s.batch == info.index);
                    let trace = stop
                        .and_then(|s| s.fbtrace_id.clone())
                        .unwrap_or(trace);
                    let error = stop
                        .map(|s| match &s.event {
                            Some(e) => text::invalid_event_text(lang, s.batch + 1, e.row, e.field.as_deref()),
                            None => s.problem.code().to_owned(),
                        })
                        .unwrap_or_default();
                    let n = info.index + 1;
                    view! {
                        <tr data-testid=format!("send-report-row-{n}") data-status=status>
                            <td>{n}</td>
                            <td>{format!("{first}–{last}")}</td>
                            <td>{info.events}</td>
                            <td>{text::status_text(lang, state, dry)}</td>
                            <td data-testid=format!("send-report-received-{n}")>{received}</td>
                            <td><code data-testid=format!("send-report-trace-{n}")>{trace}</code></td>
                            <td>{error}</td>
                        </tr>
                    }
                })
                .collect_view()
        })
    };
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-labelledby="send-report-caption">
            <table class="data-table" data-testid="send-report" data-dry-run=move || dry.get().to_string()>
                <caption id="send-report-caption">
                    {move || if dry.get() { s(tr!(send.dry_run_title)) } else { s(tr!(send.report_title)) }}
                </caption>
                <thead>
                    <tr>
                        <th scope="col">{move || s(tr!(send.col_batch))}</th>
                        <th scope="col">{move || s(tr!(send.col_rows))}</th>
                        <th scope="col">{move || s(tr!(send.col_events))}</th>
                        <th scope="col">{move || s(tr!(send.col_status))}</th>
                        <th scope="col">{move || s(tr!(send.col_received))}</th>
                        <th scope="col">{move || s(tr!(send.col_trace))}</th>
                        <th scope="col">{move || s(tr!(send.col_error))}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}
