//! Step 3, Mapping: the detected mapping column by column, editable, with presets and the
//! file's date order, time zone, country and decimal separator; a preview of the first rows
//! after normalization; "Apply" prepares the same file again in the worker; mappings can be
//! saved for files with the same columns and are offered when such a file comes again.

mod config;
mod model;
mod saved;
mod text;

use crate::i18n::i18n::td_string;
use crate::i18n::{Lang, Text};
use crate::platform::LocalFile;
use crate::state::{AppState, use_app_state};
use crate::steps::Step;
use crate::worker::protocol::{ColumnGuess, Prepared, PreviewRow};
use events::detect::{Confidence, DetectReason};
use events::fields::names::ActionSource;
use events::mapping::Target;
use leptos::prelude::*;
use leptos::task::spawn_local;
use matchkeys::Api;
use model::{CUSTOM, ColumnDraft, MappingDraft, OptionGroup, Problem, target_options};
use std::sync::Arc;

use super::file::{Preparer, Reading, reading_status};

/// Step 3: map the columns.
#[component]
pub fn MappingPage() -> impl IntoView {
    let state = use_app_state();
    // No connection needed: mapping is local work (see the File step).
    view! {
        <section class="card mapping" data-testid="page-mapping">
            <h1 data-testid="page-title">{move || state.t(tr!(mapping_title))}</h1>
            <p class="intro">{move || state.t(tr!(mapping_intro))}</p>
            <Show when=move || state.prepared.with(Option::is_some) fallback=move || super::needs_file(state)>
                <MappingEditor state/>
            </Show>
        </section>
    }
}

/// The word a person reads for a select value, and the code sent (`extern_id` for a legacy
/// event set's customer id): `None` for the values without one (ignore, custom).
fn target_words(lang: Lang, api: Api, value: &str) -> Option<(&'static str, &'static str)> {
    match Target::parse(value).ok()? {
        Target::Key(key) => Some((text::key_word(lang, key), key.name(api))),
        Target::Field(field) => Some((text::field_word(lang, field), field.name())),
        _ => None,
    }
}

/// The worker status, and the editor of the current prepared file (re-made for each new one).
#[component]
fn MappingEditor(state: AppState) -> impl IntoView {
    let preparer = Preparer::new(state);
    let reading = preparer.reading();
    let applied = Signal::derive(move || reading.get() == Reading::Done);
    // A file prepared with an edited mapping comes back without a detection: the columns keep
    // showing how they were first detected.
    let detected = StoredValue::new(Vec::<ColumnGuess>::new());
    view! {
        <div class="mapping-status" data-testid="mapping-status" data-state=move || reading.with(Reading::name)>
            {reading_status(state, reading, "mapping")}
            <Show when=move || applied.get()>
                <p class="notice notice-ok" role="status" data-testid="mapping-applied">
                    {move || state.lang.get().t(tr!(mapping.applied))}
                </p>
            </Show>
        </div>
        {move || {
            state.prepared.get().map(|prepared| {
                let same_columns = detected.with_value(|d| {
                    d.iter().map(|g| &g.column).eq(prepared.columns.iter())
                });
                if !prepared.detection.is_empty() || !same_columns {
                    detected.set_value(prepared.detection.clone());
                }
                let guesses = detected.get_value();
                view! { <DraftEditor state preparer prepared guesses/> }
            })
        }}
    }
}

/// The editor of one prepared file's mapping.
#[component]
fn DraftEditor(
    state: AppState,
    preparer: Preparer,
    prepared: Arc<Prepared>,
    guesses: Vec<ColumnGuess>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let text = move |key| lang().t(key);
    let base = state
        .source
        .with_untracked(|s| s.as_ref().map(|s| s.settings.clone()))
        .unwrap_or_else(|| events::Settings::new(0));
    let base = StoredValue::new(base);
    let initial = MappingDraft::new(&prepared.columns, &prepared.mapping, &base.get_value());
    let draft = RwSignal::new(initial.clone());
    let problems = Memo::new(move |_| draft.with(|d| base.with_value(|b| d.problems(b))));
    let busy = preparer.busy();
    let can_save = prepared.header;
    let columns = prepared.columns.clone();
    let api = base.with_value(|b| b.api);
    // A saved mapping never carries an upload tag: this file's proposed one stays.
    let saved_offer = RwSignal::new(
        can_save
            .then(|| saved::store::load(&*state.platform().storage, &columns))
            .flatten()
            .map(|mut saved| {
                saved.upload_tag.clone_from(&initial.upload_tag);
                saved
            })
            .filter(|saved| *saved != initial),
    );
    let save_state = RwSignal::new(None::<bool>);
    let apply_draft = move |chosen: MappingDraft| {
        let mut settings = base.with_value(|b| chosen.to_settings(b));
        // The partner agent as Connect has it now.
        if let Ok(settings) = &mut settings {
            state
                .settings
                .with_untracked(|c| c.apply_partner_agent(settings));
        }
        let file = state
            .source
            .with_untracked(|s| s.as_ref().map(|s| s.file.clone()));
        if let (Ok(settings), Some(file)) = (settings, file) {
            preparer.start(file, settings);
        }
    };
    let apply = move |_| apply_draft(draft.get_untracked());
    let use_saved = move |_| {
        if let Some(saved) = saved_offer.get_untracked() {
            saved_offer.set(None);
            draft.set(saved.clone());
            apply_draft(saved);
        }
    };
    let forget_columns = columns.clone();
    let forget_saved = move |_| {
        saved::store::forget(&*state.platform().storage, &forget_columns);
        saved_offer.set(None);
    };
    let save = move |_| {
        let storage = state.platform().storage;
        let stored = draft.with_untracked(|d| saved::store::save(&*storage, d));
        save_state.set(Some(stored));
    };
    let blocked = Signal::derive(move || busy.get() || problems.with(|p| !p.is_empty()));
    let summary = prepared.summary;
    let rejected_rows: Vec<(u64, String)> = prepared
        .rejected
        .iter()
        .filter(|r| r.row <= crate::worker::protocol::PREVIEW_ROWS as u64)
        .map(|r| (r.row, r.code.code().to_owned()))
        .collect();
    let previews = prepared.previews.clone();
    view! {
        {move || {
            saved_offer
                .get()
                .map(|_| {
                    view! {
                        <div class="notice notice-info" data-testid="mapping-saved-offer" role="status">
                            <p>{text(tr!(mapping.saved_offer))}</p>
                            <div class="actions">
                                <button type="button" class="button" data-testid="mapping-saved-use" on:click=use_saved prop:disabled=busy>
                                    {text(tr!(mapping.saved_use))}
                                </button>
                                <button type="button" class="button button-secondary" data-testid="mapping-saved-forget" on:click=forget_saved.clone()>
                                    {text(tr!(mapping.saved_forget))}
                                </button>
                            </div>
                        </div>
                    }
                })
        }}
        <div class="file-summary" data-testid="mapping-summary">
            <h2>{move || text(tr!(mapping.summary_title))} ": " {prepared.file_name.clone()}</h2>
            <dl class="file-figures">
                <dt>{move || text(tr!(mapping.rows))}</dt>
                <dd data-testid="mapping-summary-rows" data-count=summary.rows>{move || lang().count(summary.rows)}</dd>
                <dt>{move || text(tr!(mapping.accepted))}</dt>
                <dd data-testid="mapping-summary-accepted" data-count=summary.accepted>{move || lang().count(summary.accepted)}</dd>
                <dt>{move || text(tr!(mapping.rejected))}</dt>
                <dd data-testid="mapping-summary-rejected" data-count=summary.rejected>{move || lang().count(summary.rejected)}</dd>
                <dt>{move || text(tr!(mapping.warnings))}</dt>
                <dd data-testid="mapping-summary-warnings" data-count=summary.warnings>{move || lang().count(summary.warnings)}</dd>
            </dl>
        </div>
        <form class="form mapping-form" data-testid="mapping-form" on:submit=move |ev| ev.prevent_default()>
            <ColumnTable state draft api guesses/>
            <Presets state draft/>
            <FileSettings state draft api/>
            {move || {
                let list = problems.get();
                (!list.is_empty()).then(|| problem_list(state, list))
            }}
            <div class="actions">
                <button type="button" class="button" data-testid="mapping-apply" on:click=apply prop:disabled=blocked>
                    {move || text(tr!(mapping.apply))}
                </button>
                {can_save.then(|| view! {
                    <button type="button" class="button button-secondary" data-testid="mapping-save" on:click=save prop:disabled=move || problems.with(|p| !p.is_empty())>
                        {move || text(tr!(mapping.save))}
                    </button>
                })}
                <a class="button button-secondary" href=Step::Check.href() data-testid="mapping-continue">
                    {move || text(tr!(mapping.continue_button))}
                </a>
            </div>
            {move || save_state.get().map(|stored| {
                let (class, key) = if stored { ("notice notice-ok", tr!(mapping.saved)) } else { ("notice notice-error", tr!(mapping.save_failed)) };
                view! { <p class=class role="status" data-testid="mapping-save-status" data-saved=stored.to_string()>{text(key)}</p> }
            })}
            <ConfigFile state draft base file_name=prepared.file_name.clone() problems/>
        </form>
        <PreviewTable state previews rejected_rows/>
    }
}

/// The problems of the draft, each with its column or setting.
fn problem_list(state: AppState, problems: Vec<Problem>) -> impl IntoView {
    let lang = state.lang.get();
    view! {
        <div class="notice notice-error mapping-problems" data-testid="mapping-problems" role="alert">
            <p><strong>{lang.t(tr!(mapping.problems_title))}</strong></p>
            <ul>
                {problems
                    .into_iter()
                    .map(|problem| {
                        let key = match problem {
                            Problem::NoMatchKey => tr!(mapping.no_match_key),
                            Problem::FieldTwice { .. } => tr!(mapping.field_twice),
                            Problem::CustomName { .. } => tr!(mapping.custom_name_problem),
                            Problem::CustomTwice { .. } => tr!(mapping.custom_twice),
                            Problem::UnknownTarget { .. } => tr!(mapping.unknown_target),
                            Problem::NoEventTime => tr!(mapping.no_event_time),
                            Problem::NoEventName => tr!(mapping.no_event_name),
                            Problem::NamespaceWithKeys { .. } => tr!(mapping.namespace_with_keys),
                            Problem::NamespaceBad => tr!(mapping.namespace_bad),
                            _ => tr!(mapping.bad_setting),
                        };
                        let subject = match &problem {
                            Problem::Setting(code) => (*code).to_owned(),
                            other => other.subject(),
                        };
                        view! {
                            <li data-testid="mapping-problem" data-problem=problem.code()>
                                {lang.t(key)} " " <code>{subject}</code>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </div>
    }
}

/// How sure the detection of a column is and why, in words (codes and counts in `data-`).
fn detected_cell(lang: Lang, api: Api, index: usize, guess: Option<ColumnGuess>) -> impl IntoView {
    let Some(guess) = guess else {
        return view! { <td data-testid=format!("mapping-detected-{index}")></td> }.into_any();
    };
    let target = guess
        .target
        .clone()
        .unwrap_or_else(|| model::IGNORE.to_owned());
    let word = target_words(lang, api, &target)
        .map(|(word, _)| word)
        .unwrap_or_else(|| lang.t(tr!(mapping.ignore)));
    // The worker's codes, read back once: a confidence it does not name is shown as a guess.
    let confidence = Confidence::from_code(&guess.confidence).unwrap_or(Confidence::Low);
    let (confidence, unsure) = text::confidence_word(lang, confidence);
    let reason = match DetectReason::from_code(&guess.reason) {
        Some(reason) => text::reason_word(lang, reason).to_owned(),
        None => lang.unknown_reason(&guess.reason),
    };
    let sampled = (guess.sampled > 0).then(|| {
        td_string!(
            lang.locale(),
            mapping.sampled,
            matching = lang.count(guess.matching as u64),
            sampled = lang.count(guess.sampled as u64)
        )
    });
    view! {
        <td
            class="mapping-detected"
            data-testid=format!("mapping-detected-{index}")
            data-target=target
            data-confidence=guess.confidence.clone()
            data-reason=guess.reason.clone()
            data-sampled=guess.sampled
            data-matching=guess.matching
        >
            <span class="mapping-detected-target">{word}</span>
            " · "
            <span class=if unsure { "flag" } else { "mapping-confidence" } data-testid=format!("mapping-confidence-{index}")>
                {confidence}
                {unsure.then(|| format!(" ({})", lang.t(tr!(mapping.detected_unsure))))}
            </span>
            <br/>
            <small class="hint" data-testid=format!("mapping-reason-{index}")>
                {reason}
                {sampled.map(|s| format!("; {s}"))}
            </small>
        </td>
    }
    .into_any()
}

/// One row per column: its name, a select of targets (words, with the code beside it in small
/// type; and the custom name and type), and how the column was detected.
#[component]
fn ColumnTable(
    state: AppState,
    draft: RwSignal<MappingDraft>,
    api: Api,
    guesses: Vec<ColumnGuess>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let count = draft.with_untracked(|d| d.columns.len());
    let edit = move |index: usize, change: Box<dyn Fn(&mut ColumnDraft)>| {
        draft.update(|d| {
            if let Some(column) = d.columns.get_mut(index) {
                change(column);
            }
        });
    };
    let rows = (0..count)
        .map(|index| {
            let column = draft.with_untracked(|d| d.columns[index].column.clone());
            let guess = guesses.iter().find(|g| g.column == column).cloned();
            let choice = move || draft.with(|d| d.columns[index].choice.clone());
            let code = move || {
                let choice = choice();
                target_words(lang(), api, &choice).map(|(_, code)| code)
            };
            let is_custom = move || choice() == CUSTOM;
            let name_for_label = column.clone();
            let name_for_custom = column.clone();
            let name_for_type = column.clone();
            let options = move || {
                let current = choice();
                let groups = [
                    (OptionGroup::Ignore, tr!(mapping.group_ignore)),
                    (OptionGroup::Key, tr!(mapping.group_keys)),
                    (OptionGroup::Field, tr!(mapping.group_fields)),
                    (OptionGroup::Custom, tr!(mapping.group_custom)),
                ];
                let all = target_options();
                groups
                    .into_iter()
                    .map(|(group, label)| {
                        let options = all
                            .iter()
                            .filter(|(g, _)| *g == group)
                            .map(|(_, value)| {
                                let shown = match group {
                                    OptionGroup::Ignore => lang().t(tr!(mapping.ignore)),
                                    OptionGroup::Custom => lang().t(tr!(mapping.custom)),
                                    _ => target_words(lang(), api, value).map_or(*value, |(word, _)| word),
                                };
                                view! { <option value=*value selected=current == *value>{shown}</option> }
                            })
                            .collect_view();
                        view! { <optgroup label=lang().t(label)>{options}</optgroup> }
                    })
                    .collect_view()
            };
            view! {
                <tr data-testid=format!("mapping-column-{index}") data-column=column.clone() data-choice=choice>
                    <th scope="row">{column.clone()}</th>
                    <td>
                        <select
                            data-testid=format!("mapping-target-{index}")
                            aria-label=move || td_string!(lang().locale(), mapping.target_of, column = &*name_for_label)
                            on:change=move |ev| {
                                let value = event_target_value(&ev);
                                edit(index, Box::new(move |c| c.choice = value.clone()));
                            }
                        >
                            {options}
                        </select>
                        " "
                        <small class="mapping-code" data-testid=format!("mapping-code-{index}")>
                            <code>{code}</code>
                        </small>
                        <Show when=is_custom>
                            <span class="mapping-custom">
                                <input
                                    type="text"
                                    autocomplete="off"
                                    data-testid=format!("mapping-custom-name-{index}")
                                    aria-label=td_string!(lang().locale(), mapping.custom_name, column = &*name_for_custom)
                                    prop:value=move || draft.with(|d| d.columns[index].custom_name.clone())
                                    on:input=move |ev| {
                                        let value = event_target_value(&ev);
                                        edit(index, Box::new(move |c| c.custom_name = value.clone()));
                                    }
                                />
                                <select
                                    data-testid=format!("mapping-custom-type-{index}")
                                    aria-label=td_string!(lang().locale(), mapping.custom_type, column = &*name_for_type)
                                    on:change=move |ev| {
                                        let number = event_target_value(&ev) == "number";
                                        edit(index, Box::new(move |c| c.custom_number = number));
                                    }
                                >
                                    <option value="string" selected=move || draft.with(|d| !d.columns[index].custom_number)>
                                        {lang().t(tr!(mapping.custom_string))}
                                    </option>
                                    <option value="number" selected=move || draft.with(|d| d.columns[index].custom_number)>
                                        {lang().t(tr!(mapping.custom_number))}
                                    </option>
                                </select>
                            </span>
                        </Show>
                    </td>
                    {move || detected_cell(lang(), api, index, guess.clone())}
                </tr>
            }
        })
        .collect_view();
    view! {
        <div class="table-wrap">
            <table class="preview-table mapping-columns" data-testid="mapping-columns">
                <caption>{move || lang().t(tr!(mapping.columns_title))}</caption>
                <thead>
                    <tr>
                        <th scope="col">{move || lang().t(tr!(mapping.column_header))}</th>
                        <th scope="col">{move || lang().t(tr!(mapping.target_header))}</th>
                        <th scope="col">{move || lang().t(tr!(mapping.detected_header))}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </div>
    }
}

/// A labelled text input bound to one text of the draft.
fn text_input(
    state: AppState,
    draft: RwSignal<MappingDraft>,
    id: &'static str,
    label: Text,
    hint: Option<Text>,
    get: fn(&MappingDraft) -> &String,
    set: fn(&mut MappingDraft, String),
) -> impl IntoView {
    let lang = move || state.lang.get();
    let hint_id = format!("{id}-hint");
    view! {
        <div class="field">
            <label for=id>{move || lang().t(label)}</label>
            {hint.map(|hint| view! { <p class="hint" id=hint_id.clone()>{move || lang().t(hint)}</p> })}
            <input
                id=id
                data-testid=id
                type="text"
                autocomplete="off"
                aria-describedby=hint.map(|_| hint_id.clone())
                prop:value=move || draft.with(|d| get(d).clone())
                on:input=move |ev| {
                    let value = event_target_value(&ev);
                    draft.update(|d| set(d, value));
                }
            />
        </div>
    }
}

/// Event name, currency and action source for rows without them.
#[component]
fn Presets(state: AppState, draft: RwSignal<MappingDraft>) -> impl IntoView {
    let lang = move || state.lang.get();
    view! {
        <fieldset class="field mapping-fieldset">
            <legend>{move || lang().t(tr!(mapping.presets_title))}</legend>
            <p class="hint">{move || lang().t(tr!(mapping.presets_hint))}</p>
            <div class="field-row">
                {text_input(state, draft, "mapping-event-name", tr!(mapping.event_name), None, |d| &d.event_name, |d, v| d.event_name = v)}
                {text_input(state, draft, "mapping-currency", tr!(mapping.currency), None, |d| &d.currency, |d, v| d.currency = v)}
                {text_input(state, draft, "mapping-upload-tag", tr!(mapping.upload_tag), Some(tr!(mapping.upload_tag_hint)), |d| &d.upload_tag, |d, v| d.upload_tag = v)}
                <div class="field">
                    <label for="mapping-action-source">{move || lang().t(tr!(mapping.action_source))}</label>
                    <select
                        id="mapping-action-source"
                        data-testid="mapping-action-source"
                        on:change=move |ev| {
                            let value = event_target_value(&ev);
                            draft.update(|d| d.action_source = value);
                        }
                    >
                        <option value="" selected=move || draft.with(|d| d.action_source.is_empty())>
                            {move || lang().t(tr!(mapping.action_source_default))}
                        </option>
                        // The default (the first, physical_store) is the option above.
                        {ActionSource::ALL[1..]
                            .iter()
                            .map(|source| source.name())
                            .map(|name| view! {
                                <option value=name selected=move || draft.with(|d| d.action_source == name)>{name}</option>
                            })
                            .collect_view()}
                    </select>
                </div>
            </div>
        </fieldset>
    }
}

/// Date order, time zone, default country, decimal separator; for a legacy event set, the
/// namespace that resolves customer ids sent alone.
#[component]
fn FileSettings(state: AppState, draft: RwSignal<MappingDraft>, api: Api) -> impl IntoView {
    let lang = move || state.lang.get();
    view! {
        <fieldset class="field mapping-fieldset">
            <legend>{move || lang().t(tr!(mapping.file_settings_title))}</legend>
            <div class="field-row">
                <div class="field">
                    <label for="mapping-date-order">{move || lang().t(tr!(mapping.date_order))}</label>
                    <select
                        id="mapping-date-order"
                        data-testid="mapping-date-order"
                        on:change=move |ev| {
                            let day_first = event_target_value(&ev) == "dmy";
                            draft.update(|d| d.day_first = day_first);
                        }
                    >
                        <option value="mdy" selected=move || draft.with(|d| !d.day_first)>{move || lang().t(tr!(mapping.date_mdy))}</option>
                        <option value="dmy" selected=move || draft.with(|d| d.day_first)>{move || lang().t(tr!(mapping.date_dmy))}</option>
                    </select>
                </div>
                {text_input(state, draft, "mapping-time-zone", tr!(mapping.time_zone), Some(tr!(mapping.time_zone_hint)), |d| &d.time_zone, |d, v| d.time_zone = v)}
                {text_input(state, draft, "mapping-country", tr!(mapping.country), Some(tr!(mapping.country_hint)), |d| &d.country, |d, v| d.country = v)}
                <div class="field">
                    <label for="mapping-decimal">{move || lang().t(tr!(mapping.decimal))}</label>
                    <select
                        id="mapping-decimal"
                        data-testid="mapping-decimal"
                        on:change=move |ev| {
                            let comma = event_target_value(&ev) == ",";
                            draft.update(|d| d.decimal_comma = comma);
                        }
                    >
                        <option value="." selected=move || draft.with(|d| !d.decimal_comma)>{move || lang().t(tr!(mapping.decimal_point))}</option>
                        <option value="," selected=move || draft.with(|d| d.decimal_comma)>{move || lang().t(tr!(mapping.decimal_comma))}</option>
                    </select>
                </div>
                {(api == Api::Ocapi).then(|| text_input(state, draft, "mapping-namespace-id", tr!(mapping.namespace_id), Some(tr!(mapping.namespace_id_hint)), |d| &d.namespace_id, |d, v| d.namespace_id = v))}
            </div>
        </fieldset>
    }
}

/// Export the draft as the command line's `--config` JSON, or import one into the draft.
#[component]
fn ConfigFile(
    state: AppState,
    draft: RwSignal<MappingDraft>,
    base: StoredValue<events::Settings>,
    file_name: String,
    problems: Memo<Vec<Problem>>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    // `Ok(unknown columns)` after an import, `Err` when the file was refused.
    let imported = RwSignal::new(None::<Result<Vec<String>, config::ImportError>>);
    let export = move |_| {
        let text = draft.with_untracked(|d| base.with_value(|b| config::export(d, b)));
        if let Ok(text) = text {
            let name = config::file_name(&file_name);
            // A failure (no DOM) leaves the page as it is.
            let _ = state
                .platform()
                .downloads
                .save_text(&name, "application/json", &text);
        }
    };
    let import = move |ev: leptos::ev::Event| {
        let Some(file) = LocalFile::from_input_event(&ev) else {
            return;
        };
        spawn_local(async move {
            let bytes = file.read_all().await.unwrap_or_default();
            let text = String::from_utf8_lossy(&bytes);
            let current = draft.get_untracked();
            let result = base.with_value(|b| config::import(&text, &current, b));
            let outcome = result.map(|imported| {
                draft.set(imported.draft);
                imported.unknown_columns
            });
            let _ = imported.try_set(Some(outcome));
        });
    };
    view! {
        <fieldset class="field mapping-fieldset" data-testid="mapping-config">
            <legend>{move || lang().t(tr!(mapping.config_title))}</legend>
            <p class="hint">{move || lang().t(tr!(mapping.config_hint))}</p>
            <div class="actions">
                <button type="button" class="button button-secondary" data-testid="mapping-config-export" on:click=export prop:disabled=move || problems.with(|p| !p.is_empty())>
                    {move || lang().t(tr!(mapping.config_export))}
                </button>
                <label class="button button-secondary" for="mapping-config-import">{move || lang().t(tr!(mapping.config_import))}</label>
                <input
                    id="mapping-config-import"
                    class="visually-hidden"
                    data-testid="mapping-config-import"
                    type="file"
                    accept=".json,application/json"
                    on:change=import
                />
            </div>
            {move || imported.get().map(|outcome| match outcome {
                Ok(unknown) => view! {
                    <div class="notice notice-ok" role="status" data-testid="mapping-config-imported" data-unknown=unknown.join(",")>
                        <p>{lang().t(tr!(mapping.config_imported))}</p>
                        {(!unknown.is_empty()).then(|| view! {
                            <p>{lang().t(tr!(mapping.config_unknown_columns))} " " <code>{unknown.join(", ")}</code></p>
                        })}
                    </div>
                }.into_any(),
                Err(error) => view! {
                    <p class="notice notice-error" role="alert" data-testid="mapping-config-error" data-code=error.code()>
                        {lang().t(tr!(mapping.config_failed))} " " <code>{error.detail()}</code>
                    </p>
                }.into_any(),
            })}
        </fieldset>
    }
}

/// The first rows' identifiers after normalization: the normalized value (local) and what is
/// sent, with each row's outcome.
#[component]
fn PreviewTable(
    state: AppState,
    previews: Vec<PreviewRow>,
    rejected_rows: Vec<(u64, String)>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let mut columns: Vec<(String, String)> = Vec::new();
    for identifier in previews.iter().flat_map(|p| &p.identifiers) {
        let pair = (identifier.column.clone(), identifier.key.clone());
        if !columns.contains(&pair) {
            columns.push(pair);
        }
    }
    if columns.is_empty() {
        return view! {
            <p class="empty" data-testid="mapping-preview-none">{move || lang().t(tr!(mapping.preview_none))}</p>
        }
        .into_any();
    }
    let head = columns
        .iter()
        .map(|(column, key)| view! { <th scope="col">{column.clone()} " " <code>{key.clone()}</code></th> })
        .collect_view();
    let body = previews
        .into_iter()
        .map(|preview| {
            let outcome = rejected_rows
                .iter()
                .find(|(row, _)| *row == preview.row)
                .map(|(_, code)| code.clone());
            let cells = columns
                .iter()
                .map(|(column, key)| {
                    let found = preview
                        .identifiers
                        .iter()
                        .find(|i| i.column == *column && i.key == *key)
                        .cloned();
                    let normalized = found.as_ref().and_then(|i| i.normalized.clone());
                    let sent = found.as_ref().and_then(|i| i.sent.clone());
                    let error = found.and_then(|i| i.error);
                    let error_code = error.clone();
                    view! {
                        <td data-testid="mapping-preview-cell" data-column=column.clone() data-key=key.clone() data-error=error_code>
                            {match (normalized, sent, error) {
                                (Some(normalized), Some(sent), _) => view! {
                                    <span class="preview-normalized" data-testid="mapping-preview-normalized">
                                        <span class="visually-hidden">{move || lang().t(tr!(mapping.normalized))} ": "</span>
                                        {normalized}
                                    </span>
                                    <code class="preview-sent" data-testid="mapping-preview-sent" title=sent.clone()>
                                        <span class="visually-hidden">{move || lang().t(tr!(mapping.sent))} ": "</span>
                                        {sent.clone()}
                                    </code>
                                }.into_any(),
                                (_, _, Some(error)) => view! { <span class="flag">{error}</span> }.into_any(),
                                _ => view! { <span class="empty">{move || lang().t(tr!(mapping.preview_empty))}</span> }.into_any(),
                            }}
                        </td>
                    }
                })
                .collect_view();
            let outcome_text = outcome.clone();
            view! {
                <tr data-testid=format!("mapping-preview-row-{}", preview.row) data-outcome=outcome.unwrap_or_else(|| "accepted".into())>
                    <th scope="row">{preview.row}</th>
                    <td>
                        {match outcome_text {
                            Some(code) => view! { <span class="flag">{code}</span> }.into_any(),
                            None => view! { <span>{move || lang().t(tr!(mapping.preview_accepted))}</span> }.into_any(),
                        }}
                    </td>
                    {cells}
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="mapping-preview" aria-labelledby="mapping-preview-title">
            <h2 id="mapping-preview-title">{move || lang().t(tr!(mapping.preview_title))}</h2>
            <p class="hint">{move || lang().t(tr!(mapping.preview_hint))}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-labelledby="mapping-preview-title">
                <table class="preview-table" data-testid="mapping-preview">
                    <thead>
                        <tr>
                            <th scope="col">{move || lang().t(tr!(mapping.preview_row))}</th>
                            <th scope="col">{move || lang().t(tr!(mapping.preview_outcome))}</th>
                            {head}
                        </tr>
                    </thead>
                    <tbody>{body}</tbody>
                </table>
            </div>
        </section>
    }
    .into_any()
}
