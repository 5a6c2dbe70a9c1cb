//! Creating a custom conversion: the fields, the rule (visual builder and JSON, kept in sync),
//! and a preview of the rule on a file, computed in a Web Worker (the page keeps only the
//! file's handle), with Meta's count of a chosen conversion beside it.

use super::api;
use super::form::{ActionSource, CreateForm, FormError, Limit};
use super::preview::{self, FilePreview, PreviewError};
use super::sync::{Builder, RuleEditor};
use super::{connection, failure_view};
use crate::components::RuleBuilder;
use crate::i18n::Text;
use crate::platform::{LocalFile, RunningWorker, WorkerEvents};
use crate::state::AppState;
use crate::worker::protocol::PreviewJob;
use graph::Sleep;
use graph::custom_conversions::{CustomConversion, CustomEventType};
use leptos::prelude::*;

/// What the last create did.
#[derive(Debug, Clone, PartialEq)]
enum CreateStatus {
    Idle,
    Invalid(FormError),
    Created(String),
    Failed(api::Failure),
}

fn form_message(error: FormError) -> Text {
    match error {
        FormError::NameMissing => tr!(cc_name_missing),
        FormError::EventSource => tr!(cc_source_invalid),
        FormError::EventType | FormError::ActionSource => tr!(cc_choice_invalid),
        FormError::DefaultValue => tr!(cc_default_value_invalid),
        FormError::Rule => tr!(cc_rule_invalid),
        FormError::AdvancedRule => tr!(cc_advanced_rule_invalid),
        FormError::Limit => tr!(cc_limit_reached),
    }
}

/// The create form for the loaded account.
#[component]
pub(super) fn CreatePanel(
    state: AppState,
    /// The loaded account (`act_…`).
    account: Signal<Option<String>>,
    /// The account's limit.
    limit: Signal<Option<Limit>>,
    /// The account's custom conversions (to compare a preview with).
    conversions: Signal<Vec<CustomConversion>>,
    /// Reload the list after a create.
    reload: Callback<()>,
) -> impl IntoView {
    let t = move |key| state.t(key);
    let lang = Signal::derive(move || state.lang.get());
    let form = RwSignal::new(CreateForm {
        event_source_id: state
            .settings
            .with_untracked(|s| s.target_id.trim().to_owned()),
        ..CreateForm::default()
    });
    let editor = RwSignal::new(RuleEditor::default());
    let status = RwSignal::new(CreateStatus::Idle);
    // The conversion whose count Meta shows beside the preview (the one just created, or one
    // chosen from the list).
    let compare = RwSignal::new(None::<String>);
    let can_create = move || limit.get().is_none_or(Limit::can_create);

    let create = Action::new_local(
        move |request: &graph::custom_conversions::NewCustomConversion| {
            let request = request.clone();
            async move {
                let (Some(connection), Some(account)) =
                    (connection(state), account.get_untracked())
                else {
                    return;
                };
                let Ok(account) = api::ad_account(&account) else {
                    return;
                };
                match api::create(state.platform().transport, &connection, &account, &request).await
                {
                    Ok(id) => {
                        compare.set(Some(id.clone()));
                        status.set(CreateStatus::Created(id));
                        reload.run(());
                    }
                    Err(failure) => status.set(CreateStatus::Failed(failure)),
                }
            }
        },
    );
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let used = limit.get_untracked().map_or(0, |l| l.used);
        let rule = editor.with_untracked(RuleEditor::rule);
        match form.with_untracked(|f| f.to_request(rule.as_ref(), used)) {
            Ok(request) => {
                status.set(CreateStatus::Idle);
                create.dispatch_local(request);
            }
            Err(error) => status.set(CreateStatus::Invalid(error)),
        }
    };
    let edit = move |apply: fn(&mut CreateForm, String)| {
        move |ev| {
            let value = event_target_value(&ev);
            form.update(|f| apply(f, value));
        }
    };
    let field = move |read: fn(&CreateForm) -> String| move || form.with(read);
    // The advanced rule's problem, checked by the rules crate as the rule JSON is.
    let advanced_error = move || form.with(|f| super::form::advanced_rule(&f.advanced_rule).err());

    let builder = Signal::derive(move || editor.with(|e| e.builder.clone()));
    let nested = Signal::derive(move || editor.with(|e| e.nested));
    let builder_error =
        Signal::derive(move || editor.with(|e| e.builder_error.as_ref().map(ToString::to_string)));
    let on_builder = Callback::new(move |next: Builder| editor.update(|e| e.edit_builder(next)));

    view! {
        <section class="create" aria-labelledby="conv-create-title" data-testid="conv-create">
            <h2 id="conv-create-title">{move || t(tr!(cc_create_title))}</h2>
            <form class="form" novalidate=true on:submit=on_submit>
                <div class="field-row">
                    <div class="field">
                        <label for="conv-name">{move || t(tr!(cc_name_label))}</label>
                        <input id="conv-name" data-testid="conv-name" type="text" required=true
                            prop:value=field(|f| f.name.clone()) on:input=edit(|f, v| f.name = v)/>
                    </div>
                    <div class="field">
                        <label for="conv-description">{move || t(tr!(cc_description_label))}</label>
                        <input id="conv-description" data-testid="conv-description" type="text"
                            prop:value=field(|f| f.description.clone()) on:input=edit(|f, v| f.description = v)/>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="conv-source">{move || t(tr!(cc_source_label))}</label>
                        <input id="conv-source" data-testid="conv-source" type="text" inputmode="numeric"
                            aria-describedby="conv-source-hint" autocomplete="off"
                            prop:value=field(|f| f.event_source_id.clone()) on:input=edit(|f, v| f.event_source_id = v)/>
                        <p class="hint" id="conv-source-hint">{move || t(tr!(cc_source_hint))}</p>
                    </div>
                    <div class="field">
                        <label for="conv-event-type">{move || t(tr!(cc_event_type_label))}</label>
                        <select id="conv-event-type" data-testid="conv-event-type" on:change=edit(|f, v| f.custom_event_type = v)>
                            {CustomEventType::ALL.map(|kind| view! {
                                <option value=kind.as_str() selected=move || form.with(|f| f.custom_event_type == kind.as_str())>
                                    {kind.as_str()}
                                </option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="field-row">
                    <div class="field">
                        <label for="conv-default-value">{move || t(tr!(cc_default_value_label))}</label>
                        <input id="conv-default-value" data-testid="conv-default-value" type="text" inputmode="decimal"
                            prop:value=field(|f| f.default_conversion_value.clone()) on:input=edit(|f, v| f.default_conversion_value = v)/>
                    </div>
                    <div class="field">
                        <label for="conv-action-source">{move || t(tr!(cc_action_source_label))}</label>
                        <select id="conv-action-source" data-testid="conv-action-source" on:change=edit(|f, v| f.action_source_type = v)>
                            <option value="" selected=move || form.with(|f| f.action_source_type.is_empty())>
                                {move || t(tr!(cc_action_source_none))}
                            </option>
                            {ActionSource::ALL.map(|kind| view! {
                                <option value=kind.name() selected=move || form.with(|f| f.action_source_type == kind.name())>
                                    {kind.name()}
                                </option>
                            }).collect_view()}
                        </select>
                    </div>
                </div>

                <div class="rule-editor">
                    <RuleBuilder builder on_change=on_builder nested error=builder_error lang/>
                    <div class="field rule-json">
                        <label for="rule-json">{move || t(tr!(cc_json_label))}</label>
                        <textarea
                            id="rule-json"
                            data-testid="rule-json"
                            rows="10"
                            spellcheck="false"
                            aria-describedby="rule-json-hint"
                            aria-invalid=move || editor.with(|e| e.json_error.is_some()).to_string()
                            prop:value=move || editor.with(|e| e.json.clone())
                            on:input=move |ev| {
                                let text = event_target_value(&ev);
                                editor.update(|e| e.edit_json(&text));
                            }
                        ></textarea>
                        <p class="hint" id="rule-json-hint">{move || t(tr!(cc_json_hint))}</p>
                        {move || editor.with(|e| e.json_error.clone()).map(|error| view! {
                            <p class="field-error" role="alert" data-testid="rule-json-error" data-problem=error.code()>
                                {error.to_string()}
                            </p>
                        })}
                    </div>
                </div>
                <div class="field rule-json">
                    <label for="conv-advanced-rule">{move || t(tr!(cc_advanced_rule_label))}</label>
                    <textarea
                        id="conv-advanced-rule"
                        data-testid="conv-advanced-rule"
                        rows="4"
                        spellcheck="false"
                        aria-describedby="conv-advanced-rule-hint"
                        aria-invalid=move || advanced_error().is_some().to_string()
                        prop:value=field(|f| f.advanced_rule.clone())
                        on:input=edit(|f, v| f.advanced_rule = v)
                    ></textarea>
                    <p class="hint" id="conv-advanced-rule-hint">{move || t(tr!(cc_advanced_rule_hint))}</p>
                    {move || advanced_error().map(|error| view! {
                        <p class="field-error" role="alert" data-testid="conv-advanced-rule-error" data-problem=error.code()>
                            {error.to_string()}
                        </p>
                    })}
                </div>

                <PreviewPanel state editor conversions compare/>

                <div class="actions">
                    <button type="submit" class="button" data-testid="conv-create-submit"
                        prop:disabled=move || !can_create() || create.pending().get()
                        aria-describedby="conv-create-reason">
                        {move || t(tr!(cc_create))}
                    </button>
                    <Show when=move || !can_create()>
                        <p class="hint" id="conv-create-reason" data-testid="conv-create-reason">{move || t(tr!(cc_limit_reached))}</p>
                    </Show>
                </div>
                <div role="status" aria-live="polite" data-testid="conv-create-status"
                    data-state=move || match status.get() {
                        CreateStatus::Idle => if create.pending().get() { "creating" } else { "idle" },
                        CreateStatus::Invalid(_) => "invalid",
                        CreateStatus::Created(_) => "created",
                        CreateStatus::Failed(_) => "error",
                    }>
                    {move || match status.get() {
                        CreateStatus::Idle => ().into_any(),
                        CreateStatus::Invalid(error) => view! {
                            <p class="field-error" data-problem=error.code()>{t(form_message(error))}</p>
                        }.into_any(),
                        CreateStatus::Created(id) => view! {
                            <p class="notice notice-ok">{t(tr!(cc_created))} " " <code data-testid="conv-created-id">{id}</code></p>
                        }.into_any(),
                        CreateStatus::Failed(failure) => failure_view(state, failure, "conv-create-error").into_any(),
                    }}
                </div>
            </form>
        </section>
    }
}

/// How long rule and event name edits pause before the preview runs again, in milliseconds.
const PREVIEW_DEBOUNCE_MS: u64 = 250;

/// The background reader could not start or answer.
fn reader_failed() -> PreviewError {
    PreviewError::Reader("The background reader stopped or could not start.".into())
}

/// Pick a file and see what the rule matches in it; nothing leaves the page. Beside it, Meta's
/// count of the conversion chosen in `compare`, whose rule the editor then holds.
#[component]
fn PreviewPanel(
    state: AppState,
    editor: RwSignal<RuleEditor>,
    conversions: Signal<Vec<CustomConversion>>,
    compare: RwSignal<Option<String>>,
) -> impl IntoView {
    let t = move |key| state.t(key);
    let picked = RwSignal::new(None::<LocalFile>);
    let event_name = RwSignal::new("Purchase".to_owned());
    let result = RwSignal::new(None::<Result<FilePreview, PreviewError>>);
    // The worker of the latest preview: replacing it stops the one before, so edits never queue
    // work. The count (of runs and edits) tells a debounced run whether anything came since.
    let running = StoredValue::new_local(None::<RunningWorker>);
    let runs = StoredValue::new(0u64);
    let run = move || {
        runs.update_value(|n| *n += 1);
        running.set_value(None);
        result.set(None);
        let (Some(file), Some(rule)) = (
            picked.get_untracked(),
            editor.with_untracked(RuleEditor::rule),
        ) else {
            return;
        };
        let job = PreviewJob {
            rule: rule.to_json(),
            event_name: event_name.get_untracked(),
        };
        let events = WorkerEvents {
            on_message: Box::new(move |message, _| {
                if let Some(answer) = message.preview() {
                    result.set(Some(answer));
                }
            }),
            on_error: Box::new(move || result.set(Some(Err(reader_failed())))),
        };
        match state.platform().workers.preview(file, &job, events) {
            Ok(worker) => running.set_value(Some(worker)),
            Err(_) => result.set(Some(Err(reader_failed()))),
        }
    };
    // A new rule or event name re-runs the preview on the picked file, once the edits pause.
    Effect::new(move |_| {
        editor.track();
        event_name.track();
        runs.update_value(|n| *n += 1);
        let asked = runs.get_value();
        leptos::task::spawn_local(async move {
            state.platform().sleep.sleep(PREVIEW_DEBOUNCE_MS).await;
            if runs.try_get_value() == Some(asked) {
                run();
            }
        });
    });
    let on_file = move |ev: leptos::ev::Event| {
        picked.set(LocalFile::from_input_event(&ev));
        run();
    };
    let has_rule = move || editor.with(|e| e.rule().is_some());
    // Choosing a conversion puts its rule in the editor, so the preview and Meta's count are of
    // the same rule.
    let on_compare = move |ev: leptos::ev::Event| {
        let id = event_target_value(&ev);
        let rule = conversions
            .with_untracked(|all| all.iter().find(|c| c.id == id).and_then(|c| c.rule.clone()));
        if let Some(rule) = rule {
            editor.update(|e| e.edit_json(&rule));
        }
        compare.set((!id.is_empty()).then_some(id));
    };
    view! {
        <fieldset class="preview" data-testid="preview">
            <legend>{move || t(tr!(cc_preview_legend))}</legend>
            <p class="hint">{move || t(tr!(cc_preview_intro))}</p>
            <div class="field-row">
                <div class="field">
                    <label for="preview-file">{move || t(tr!(cc_preview_file_label))}</label>
                    <input id="preview-file" data-testid="preview-file" type="file" accept=".csv,.tsv,.txt,text/csv" on:change=on_file/>
                </div>
                <div class="field">
                    <label for="preview-event-name">{move || t(tr!(cc_preview_event_name_label))}</label>
                    <input id="preview-event-name" data-testid="preview-event-name" type="text"
                        aria-describedby="preview-event-name-hint"
                        prop:value=move || event_name.get() on:input=move |ev| event_name.set(event_target_value(&ev))/>
                    <p class="hint" id="preview-event-name-hint">{move || t(tr!(cc_preview_event_name_hint))}</p>
                </div>
            </div>
            <div class="field">
                <label for="preview-compare">{move || t(tr!(cc_compare_label))}</label>
                <select id="preview-compare" data-testid="preview-compare" aria-describedby="preview-compare-hint"
                    on:change=on_compare>
                    <option value="" selected=move || compare.with(Option::is_none)>{move || t(tr!(cc_compare_none))}</option>
                    {move || conversions.get().into_iter().map(|c| {
                        let id = c.id.clone();
                        let label = format!("{} ({})", c.name.as_deref().unwrap_or(&c.id), c.id);
                        view! {
                            <option value=c.id.clone() selected=move || compare.with(|s| s.as_deref() == Some(id.as_str()))>{label}</option>
                        }
                    }).collect_view()}
                </select>
                <p class="hint" id="preview-compare-hint">{move || t(tr!(cc_compare_hint))}</p>
            </div>
            <button type="button" class="button button-secondary" data-testid="preview-run"
                prop:disabled=move || picked.with(Option::is_none) || !has_rule()
                on:click=move |_| run()>
                {move || t(tr!(cc_preview_run))}
            </button>
            <div class="preview-side">
                <div class="preview-result" role="status" aria-live="polite" data-testid="preview-result"
                    data-state=move || match result.get() {
                        None => "idle",
                        Some(Ok(_)) => "ready",
                        Some(Err(_)) => "error",
                    }>
                    {move || match result.get() {
                        None => ().into_any(),
                        Some(Err(error)) => view! {
                            <p class="field-error" data-testid="preview-error" data-problem=error.code()>
                                {t(tr!(cc_preview_failed))} " " {error.to_string()}
                            </p>
                        }.into_any(),
                        Some(Ok(p)) => preview_view(state, p).into_any(),
                    }}
                </div>
                <super::count::MetaCount state conversion=compare.into()/>
            </div>
        </fieldset>
    }
}

fn preview_view(state: AppState, p: FilePreview) -> impl IntoView {
    let t = move |key| state.t(key);
    let currencies = p.currencies.join(", ");
    let more = p.matched.saturating_sub(p.listed.len());
    view! {
        <dl class="preview-summary" data-testid="preview-summary">
            <div><dt>{t(tr!(cc_preview_matched))}</dt><dd data-testid="preview-count">{p.matched}</dd></div>
            <div><dt>{t(tr!(cc_preview_evaluated))}</dt><dd data-testid="preview-events">{p.events}</dd></div>
            <div><dt>{t(tr!(cc_preview_rejected))}</dt><dd data-testid="preview-rejected">{p.rejected}</dd></div>
            <div>
                <dt>{t(tr!(cc_preview_sum))}</dt>
                <dd><span data-testid="preview-sum">{preview::format_value(p.value_sum)}</span> " " {currencies}</dd>
            </div>
        </dl>
        {(p.currencies.len() > 1).then(|| view! { <p class="hint">{t(tr!(cc_preview_mixed_currencies))}</p> })}
        {(p.without_value > 0).then(|| view! { <p class="hint">{t(tr!(cc_preview_without_value))} " " {p.without_value}</p> })}
        {if p.listed.is_empty() {
            view! { <p class="notice notice-info" data-testid="preview-none">{t(tr!(cc_preview_none))}</p> }.into_any()
        } else {
            view! {
                <div class="table-wrap">
                    <table class="preview-table" data-testid="preview-rows">
                        <thead><tr>
                            <th scope="col">{t(tr!(cc_preview_col_row))}</th>
                            <th scope="col">{t(tr!(cc_preview_col_event))}</th>
                            <th scope="col">{t(tr!(cc_preview_col_value))}</th>
                        </tr></thead>
                        <tbody>
                            {p.listed.into_iter().map(|r| view! {
                                <tr data-testid="preview-row" data-row=r.row>
                                    <td>{r.row}</td>
                                    <td>{r.event_name}</td>
                                    <td>{r.value.map(preview::format_value).unwrap_or_else(|| "—".into())} " " {r.currency.unwrap_or_default()}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {(more > 0).then(|| view! { <p class="hint">{t(tr!(cc_preview_more))} " " {more}</p> })}
            }.into_any()
        }}
    }
}
