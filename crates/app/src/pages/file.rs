//! Step 2, File: pick or drop a CSV; a Web Worker reads, normalizes and hashes it (the page
//! only shows progress), and the prepared result goes into [`crate::state::AppState`].
//!
//! [`Preparer`] and [`reading_status`] are shared with the Mapping step, which prepares the
//! same file again with edited settings.

use crate::components::FileDrop;
use crate::i18n::Text;
use crate::platform::Bodies;
use crate::platform::{LocalFile, RunningWorker, WorkerEvents};
use crate::settings::TargetKind;
use crate::state::{AppState, Source, use_app_state};
use crate::steps::Step;
use crate::worker::pool::asked_workers;
use crate::worker::protocol::{FromWorker, Job, PREVIEW_ROWS, Progress};
use leptos::prelude::*;
use std::sync::Arc;

/// Where the reading is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Reading {
    Idle,
    Running(Progress),
    Failed(String),
    WorkerFailed,
    Done,
}

impl Reading {
    /// The `data-state` value.
    pub(crate) fn name(&self) -> &'static str {
        match self {
            Reading::Idle => "idle",
            Reading::Running(_) => "reading",
            Reading::Failed(_) | Reading::WorkerFailed => "failed",
            Reading::Done => "done",
        }
    }
}

/// One file prepared in the worker at a time: the reading's state and the worker. Dropped with
/// the screen that made it (leaving the screen stops the worker).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Preparer {
    state: AppState,
    reading: RwSignal<Reading>,
    reader: StoredValue<Option<RunningWorker>, LocalStorage>,
    /// How many workers the last reading asked for.
    workers: RwSignal<usize>,
}

impl Preparer {
    /// A preparer owned by the current screen.
    pub(crate) fn new(state: AppState) -> Preparer {
        let reader = StoredValue::new_local(None::<RunningWorker>);
        on_cleanup(move || reader.set_value(None));
        Preparer {
            state,
            reading: RwSignal::new(Reading::Idle),
            reader,
            workers: RwSignal::new(0),
        }
    }

    /// Where the reading is.
    pub(crate) fn reading(self) -> RwSignal<Reading> {
        self.reading
    }

    /// How many workers the last reading asked for (0 before any).
    pub(crate) fn workers(self) -> RwSignal<usize> {
        self.workers
    }

    /// Whether the worker is reading.
    pub(crate) fn busy(self) -> Signal<bool> {
        let reading = self.reading;
        Signal::derive(move || matches!(reading.get(), Reading::Running(_)))
    }

    /// Prepare `file` with `settings` (its `now` refreshed); on success the result and its
    /// source replace `prepared` and `source` in the app state, on failure they stay as they were.
    pub(crate) fn start(self, file: LocalFile, mut settings: events::Settings) {
        let Preparer {
            state,
            reading,
            reader,
            workers: asked,
        } = self;
        let platform = state.platform();
        // The event-time window is measured from now.
        settings.now = platform.now_seconds();
        // One worker a core, unless the address asks for a number (`?workers=N`).
        let workers = asked_workers(&platform.document.query(), platform.workers.cores());
        asked.set(workers);
        let job = Job {
            settings: settings.clone(),
            workers,
        };
        // Moved into the handler, not a `StoredValue`: the handler outlives the owner that
        // started it (a button that the click itself removes, say).
        let mut source = Some(Source {
            file: file.clone(),
            settings,
        });
        let on_message = move |message: FromWorker, bodies: Bodies| match message {
            // A preview's answers are for the Custom conversions page, never for a job.
            FromWorker::Ready | FromWorker::Previewed(_) | FromWorker::PreviewFailed { .. } => {}
            FromWorker::Progress(progress) => reading.set(Reading::Running(progress)),
            FromWorker::Done(mut prepared) => {
                prepared.bodies = bodies;
                state.source.set(source.take());
                state.prepared.set(Some(Arc::new(prepared)));
                reading.set(Reading::Done);
                reader.set_value(None);
            }
            FromWorker::Failed { code, .. } => {
                reading.set(Reading::Failed(code));
                reader.set_value(None);
            }
        };
        let on_error = move || {
            reading.set(Reading::WorkerFailed);
            reader.set_value(None);
        };
        reading.set(Reading::Running(Progress::measure(0, file.size(), 0, 0.0)));
        let events = WorkerEvents {
            on_message: Box::new(on_message),
            on_error: Box::new(on_error),
        };
        match platform.workers.start(file, &job, events) {
            Ok(started) => reader.set_value(Some(started)),
            Err(_) => reading.set(Reading::WorkerFailed),
        }
    }
}

/// The progress of a reading and its error, if any; the test ids start with `prefix`
/// (`file-progress`, `file-error`, …).
pub(crate) fn reading_status(
    state: AppState,
    reading: RwSignal<Reading>,
    prefix: &'static str,
) -> impl IntoView {
    let t = move |key| state.t(key);
    let id = move |name: &str| format!("{prefix}-{name}");
    let progress = move || match reading.get() {
        Reading::Running(p) => Some(p),
        _ => None,
    };
    view! {
        {move || {
            progress()
                .map(|p| {
                    let percent = format!("{:.0}", p.percent());
                    view! {
                        <div class="file-progress" data-testid=id("progress") role="status">
                            <p>{t(tr!(file_reading))}</p>
                            <progress
                                data-testid=id("progress-bar")
                                max="100"
                                value=percent.clone()
                                aria-label=t(tr!(file_progress_label))
                                aria-valuemin="0"
                                aria-valuemax="100"
                                aria-valuenow=percent.clone()
                                aria-valuetext=format!("{percent} %")
                            ></progress>
                            <dl class="file-figures">
                                <dt>{t(tr!(file_rows_so_far))}</dt>
                                <dd data-testid=id("progress-rows")>{p.rows}</dd>
                                <dt>{t(tr!(file_rows_per_second))}</dt>
                                <dd data-testid=id("progress-rate")>
                                    {format!("{:.0}", p.rows_per_second)}
                                </dd>
                                <dt>{t(tr!(file_time_left))}</dt>
                                <dd data-testid=id("progress-left")>
                                    {format!("{} {}", seconds_text(p.seconds_left), t(tr!(file_seconds)))}
                                </dd>
                            </dl>
                        </div>
                    }
                })
        }}
        {move || match reading.get() {
            Reading::Failed(code) => Some(view! {
                <div class="notice notice-error" data-testid=id("error") data-code=code.clone() role="alert">
                    <p>{t(tr!(file_failed))} " " <code>{code.clone()}</code></p>
                </div>
            }.into_any()),
            Reading::WorkerFailed => Some(view! {
                <div class="notice notice-error" data-testid=id("error") data-code="worker_failed" role="alert">
                    <p>{t(tr!(file_worker_failed))}</p>
                </div>
            }.into_any()),
            _ => None,
        }}
    }
}

/// The settings for `file` with the current connection settings (mapping detected).
fn settings_for(state: AppState, file: &LocalFile, event_name: &str) -> events::Settings {
    let now = state.platform().now_seconds();
    let mut settings = state
        .settings
        .with_untracked(|s| s.file_settings(now, &file.name(), file.size()));
    settings.preview_rows = PREVIEW_ROWS;
    let event_name = event_name.trim();
    settings.event_name = (!event_name.is_empty()).then(|| event_name.to_owned());
    settings
}

fn seconds_text(seconds: Option<f64>) -> String {
    seconds.map_or_else(|| "…".to_owned(), |s| format!("{}", s.ceil() as u64))
}

/// Step 2: choose the CSV. It needs no connection: reading, hashing and the hashed file work
/// offline and without a token; with no target connected, the page asks which API's payload
/// shape to prepare (the connected target decides it otherwise).
#[component]
pub fn FilePage() -> impl IntoView {
    let state = use_app_state();
    let connected = move || state.current_connection().is_some();
    view! {
        <section class="card" data-testid="page-file">
            <h1 data-testid="page-title">{move || state.t(tr!(file_title))}</h1>
            <p class="intro">{move || state.t(tr!(file_intro))}</p>
            <Show when=move || !connected()>
                <PayloadShape state/>
            </Show>
            <FileReader state/>
        </section>
    }
}

/// The payload shape to prepare for when no target is connected: the same setting Connect's
/// target kind writes, so connecting later keeps the choice.
#[component]
fn PayloadShape(state: AppState) -> impl IntoView {
    let t = move |key| state.t(key);
    let kind = move || state.settings.with(|s| s.target_kind);
    let choice = move |value: TargetKind, id: &'static str, label: Text| {
        view! {
            <div class="check-row">
                <input
                    id=id
                    data-testid=id
                    type="radio"
                    name="file-shape"
                    prop:checked=move || kind() == value
                    on:change=move |_| state.settings.update(|s| s.target_kind = value)
                />
                <label for=id>{move || t(label)}</label>
            </div>
        }
    };
    view! {
        <fieldset class="field" data-testid="file-shape">
            <legend>{move || t(tr!(file_shape_label))}</legend>
            {choice(TargetKind::Capi, "file-shape-capi", tr!(target_capi))}
            {choice(TargetKind::Ocapi, "file-shape-ocapi", tr!(target_ocapi))}
            <p class="hint">{move || t(tr!(file_shape_hint))}</p>
        </fieldset>
    }
}

/// The drop zone, the progress and the summary.
#[component]
fn FileReader(state: AppState) -> impl IntoView {
    let t = move |key| state.t(key);
    let preparer = Preparer::new(state);
    let reading = preparer.reading();
    let event_name = RwSignal::new("Purchase".to_owned());
    let on_file = Callback::new(move |file: LocalFile| {
        let settings = settings_for(state, &file, &event_name.get_untracked());
        state.prepared.set(None);
        state.source.set(None);
        preparer.start(file, settings);
    });
    let busy = preparer.busy();
    let summary = move || {
        (reading.get() == Reading::Done)
            .then(|| state.prepared.get())
            .flatten()
    };
    view! {
        <div
            class="file-reader"
            data-testid="file-reader"
            data-state=move || reading.with(Reading::name)
            data-workers=move || preparer.workers().get()
            data-slice-workers=move || summary().map(|p| p.slice_workers)
        >
            <div class="field">
                <label for="file-event-name">{move || t(tr!(file_event_name))}</label>
                <input
                    id="file-event-name"
                    data-testid="file-event-name"
                    type="text"
                    autocomplete="off"
                    prop:value=move || event_name.get()
                    prop:disabled=busy
                    on:input=move |ev| event_name.set(event_target_value(&ev))
                />
            </div>
            <FileDrop
                title=Signal::derive(move || t(tr!(file_drop_title)))
                hint=Signal::derive(move || t(tr!(file_drop_hint)))
                label=Signal::derive(move || t(tr!(file_pick)))
                busy
                on_file
            />
            {reading_status(state, reading, "file")}
            {move || {
                summary()
                    .map(|prepared| {
                        let s = prepared.summary;
                        view! {
                            <div class="file-summary" data-testid="file-summary" role="status">
                                <h2>{t(tr!(file_summary_title))} ": " {prepared.file_name.clone()}</h2>
                                <dl class="file-figures">
                                    <dt>{t(tr!(file_rows_read))}</dt>
                                    <dd data-testid="file-summary-rows">{s.rows}</dd>
                                    <dt>{t(tr!(file_accepted))}</dt>
                                    <dd data-testid="file-summary-accepted">{s.accepted}</dd>
                                    <dt>{t(tr!(file_rejected))}</dt>
                                    <dd data-testid="file-summary-rejected">{s.rejected}</dd>
                                    <dt>{t(tr!(file_warnings))}</dt>
                                    <dd data-testid="file-summary-warnings">{s.warnings}</dd>
                                    <dt>{t(tr!(file_batches))}</dt>
                                    <dd data-testid="file-summary-batches">{s.batches}</dd>
                                </dl>
                                <a class="button" href=Step::Mapping.href() data-testid="file-continue">
                                    {t(tr!(file_continue))}
                                </a>
                            </div>
                        }
                    })
            }}
        </div>
    }
}
