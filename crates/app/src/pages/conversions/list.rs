//! The account's custom conversions: a table with details (the conversion read on its own),
//! edit (name, description, default value only), delete (after a confirmation) and stats for
//! each.

use super::api::{self, Failure};
use super::form::UpdateForm;
use super::{ListState, connection, failure_view};
use crate::i18n::Text;
use crate::state::AppState;
use graph::custom_conversions::CustomConversion;
use leptos::prelude::*;

/// What one row is doing besides being shown.
#[derive(Debug, Clone, PartialEq)]
enum RowMode {
    Editing(UpdateForm),
    ConfirmDelete,
    Stats(Option<Result<Vec<String>, Failure>>),
    // Boxed: a conversion read on its own is much larger than the other modes.
    Details(Option<Result<Box<CustomConversion>, Failure>>),
}

/// The table, its loading / empty / error states, and the row actions.
#[component]
pub(super) fn ConversionList(
    state: AppState,
    list_state: RwSignal<ListState>,
    reload: Callback<()>,
) -> impl IntoView {
    let t = move |key| state.t(key);
    // One row at a time is edited, confirmed or showing stats: (id, mode).
    let mode = RwSignal::new(None::<(String, RowMode)>);
    let action_error = RwSignal::new(None::<Failure>);

    let save = Action::new_local(move |(id, form): &(String, UpdateForm)| {
        let (id, form) = (id.clone(), form.clone());
        async move {
            let (Some(connection), Ok(update)) = (connection(state), form.to_request()) else {
                return;
            };
            match api::update(state.platform().transport, &connection, &id, &update).await {
                Ok(()) => {
                    mode.set(None);
                    action_error.set(None);
                    reload.run(());
                }
                Err(failure) => action_error.set(Some(failure)),
            }
        }
    });
    let remove = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let Some(connection) = connection(state) else {
                return;
            };
            match api::delete(state.platform().transport, &connection, &id).await {
                Ok(()) => {
                    mode.set(None);
                    action_error.set(None);
                    reload.run(());
                }
                Err(failure) => action_error.set(Some(failure)),
            }
        }
    });
    let load_stats = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let Some(connection) = connection(state) else {
                return;
            };
            let result = api::stats(state.platform().transport, &connection, &id)
                .await
                .map(|stats| api::stats_lines(&stats));
            mode.update(|m| {
                if let Some((current, RowMode::Stats(slot))) = m
                    && *current == id
                {
                    *slot = Some(result);
                }
            });
        }
    });

    let load_details = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let Some(connection) = connection(state) else {
                return;
            };
            let result = api::read(state.platform().transport, &connection, &id)
                .await
                .map(Box::new);
            mode.update(|m| {
                if let Some((current, RowMode::Details(slot))) = m
                    && *current == id
                {
                    *slot = Some(result);
                }
            });
        }
    });

    let row_view = move |c: CustomConversion| {
        let id = c.id.clone();
        let flags = {
            let mut flags = Vec::new();
            if c.is_archived {
                flags.push(tr!(cc_flag_archived));
            }
            if c.is_unavailable {
                flags.push(tr!(cc_flag_unavailable));
            }
            flags
        };
        let (id_edit, id_delete, id_stats, id_mode, id_details) =
            (id.clone(), id.clone(), id.clone(), id.clone(), id.clone());
        let conversion = c.clone();
        let start_edit = move |_| {
            mode.set(Some((
                id_edit.clone(),
                RowMode::Editing(UpdateForm {
                    name: conversion.name.clone().unwrap_or_default(),
                    description: conversion.description.clone().unwrap_or_default(),
                    default_conversion_value: conversion
                        .default_conversion_value
                        .map(|v| v.to_string())
                        .unwrap_or_default(),
                }),
            )))
        };
        let row_mode = move || {
            mode.with(|m| {
                m.as_ref()
                    .filter(|(i, _)| *i == id_mode)
                    .map(|(_, m)| m.clone())
            })
        };
        let name = c.name.clone().unwrap_or_else(|| c.id.clone());
        let name_for_label = name.clone();
        view! {
            <tr data-testid="conv-row" data-id=id.clone()>
                <th scope="row" data-testid="conv-row-name">{name}</th>
                <td><code class="rule-code" data-testid="conv-row-rule">{c.rule.clone().unwrap_or_default()}</code></td>
                <td data-testid="conv-row-type">{c.custom_event_type.clone().unwrap_or_default()}</td>
                <td data-testid="conv-row-source">{c.event_source_type.clone().unwrap_or_default()}</td>
                <td data-testid="conv-row-flags">
                    {flags.into_iter().map(|k| view! { <span class="flag">{move || t(k)}</span> }).collect_view()}
                </td>
                <td data-testid="conv-row-first">{c.first_fired_time.clone().unwrap_or_else(|| "—".into())}</td>
                <td data-testid="conv-row-last">{c.last_fired_time.clone().unwrap_or_else(|| "—".into())}</td>
                <td class="row-actions">
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid="conv-details"
                        on:click=move |_| {
                            mode.set(Some((id_details.clone(), RowMode::Details(None))));
                            load_details.dispatch_local(id_details.clone());
                        }
                    >
                        {move || t(tr!(cc_details))}
                    </button>
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid="conv-edit"
                        aria-label=format!("{} {}", t(tr!(cc_edit)), name_for_label)
                        on:click=start_edit
                    >
                        {move || t(tr!(cc_edit))}
                    </button>
                    <button
                        type="button"
                        class="button button-secondary"
                        data-testid="conv-stats"
                        on:click=move |_| {
                            mode.set(Some((id_stats.clone(), RowMode::Stats(None))));
                            load_stats.dispatch_local(id_stats.clone());
                        }
                    >
                        {move || t(tr!(cc_stats))}
                    </button>
                    <button
                        type="button"
                        class="button button-danger"
                        data-testid="conv-delete"
                        on:click=move |_| mode.set(Some((id_delete.clone(), RowMode::ConfirmDelete)))
                    >
                        {move || t(tr!(cc_delete))}
                    </button>
                </td>
            </tr>
            {move || row_mode().map(|m| view! {
                <tr class="row-panel">
                    <td colspan="8">{row_panel(state, id.clone(), m, mode, save, remove)}</td>
                </tr>
            })}
        }
    };

    view! {
        {move || action_error.get().map(|f| failure_view(state, f, "conv-action-error"))}
        {move || match list_state.get() {
            ListState::Idle => view! {
                <p class="hint" data-testid="conv-idle">{t(tr!(cc_idle))}</p>
            }.into_any(),
            ListState::Loading => view! {
                <p class="status" role="status" data-testid="conv-loading">{t(tr!(cc_loading))}</p>
            }.into_any(),
            ListState::Failed(failure) => failure_view(state, failure, "conv-error").into_any(),
            ListState::Ready(loaded) if loaded.items.is_empty() => view! {
                <p class="notice notice-info" data-testid="conv-empty">{t(tr!(cc_empty))}</p>
            }.into_any(),
            ListState::Ready(loaded) => view! {
                <div class="table-wrap">
                    <table class="conv-table" data-testid="conv-list">
                        <caption>{t(tr!(cc_list_caption))} " " {loaded.account.clone()}</caption>
                        <thead>
                            <tr>
                                <th scope="col">{t(tr!(cc_col_name))}</th>
                                <th scope="col">{t(tr!(cc_col_rule))}</th>
                                <th scope="col">{t(tr!(cc_col_type))}</th>
                                <th scope="col">{t(tr!(cc_col_source))}</th>
                                <th scope="col">{t(tr!(cc_col_flags))}</th>
                                <th scope="col">{t(tr!(cc_col_first))}</th>
                                <th scope="col">{t(tr!(cc_col_last))}</th>
                                <th scope="col">{t(tr!(cc_col_actions))}</th>
                            </tr>
                        </thead>
                        <tbody>{loaded.items.into_iter().map(row_view).collect_view()}</tbody>
                    </table>
                </div>
            }.into_any(),
        }}
    }
}

/// The panel under a row: the edit form, the delete confirmation, or the stats.
fn row_panel(
    state: AppState,
    id: String,
    row_mode: RowMode,
    mode: RwSignal<Option<(String, RowMode)>>,
    save: Action<(String, UpdateForm), ()>,
    remove: Action<String, ()>,
) -> AnyView {
    let t = move |key| state.t(key);
    let close = move |_| mode.set(None);
    match row_mode {
        RowMode::Editing(form) => {
            let draft = RwSignal::new(form);
            let invalid = RwSignal::new(None::<&'static str>);
            let field = move |read: fn(&UpdateForm) -> String| move || draft.with(read);
            let on_submit = move |ev: leptos::ev::SubmitEvent| {
                ev.prevent_default();
                let form = draft.get_untracked();
                match form.to_request() {
                    Ok(_) => {
                        invalid.set(None);
                        save.dispatch_local((id.clone(), form));
                    }
                    Err(error) => invalid.set(Some(error.code())),
                }
            };
            view! {
                <form class="form edit-form" data-testid="conv-edit-form" novalidate=true on:submit=on_submit>
                    <p class="hint" data-testid="conv-edit-note">{move || t(tr!(cc_edit_note))}</p>
                    <div class="field-row">
                        <div class="field">
                            <label for="conv-edit-name">{move || t(tr!(cc_name_label))}</label>
                            <input
                                id="conv-edit-name"
                                data-testid="conv-edit-name"
                                type="text"
                                required=true
                                prop:value=field(|f| f.name.clone())
                                on:input=move |ev| draft.update(|f| f.name = event_target_value(&ev))
                            />
                        </div>
                        <div class="field">
                            <label for="conv-edit-description">{move || t(tr!(cc_description_label))}</label>
                            <input
                                id="conv-edit-description"
                                data-testid="conv-edit-description"
                                type="text"
                                prop:value=field(|f| f.description.clone())
                                on:input=move |ev| draft.update(|f| f.description = event_target_value(&ev))
                            />
                        </div>
                        <div class="field">
                            <label for="conv-edit-value">{move || t(tr!(cc_default_value_label))}</label>
                            <input
                                id="conv-edit-value"
                                data-testid="conv-edit-value"
                                type="text"
                                inputmode="decimal"
                                prop:value=field(|f| f.default_conversion_value.clone())
                                on:input=move |ev| draft.update(|f| f.default_conversion_value = event_target_value(&ev))
                            />
                        </div>
                    </div>
                    {move || invalid.get().map(|code| view! {
                        <p class="field-error" role="alert" data-testid="conv-edit-invalid" data-problem=code>
                            {t(if code == "name_missing" { tr!(cc_name_missing) } else { tr!(cc_default_value_invalid) })}
                        </p>
                    })}
                    <div class="actions">
                        <button type="submit" class="button" data-testid="conv-edit-save" prop:disabled=move || save.pending().get()>
                            {move || t(tr!(cc_save))}
                        </button>
                        <button type="button" class="button button-secondary" data-testid="conv-edit-cancel" on:click=close>
                            {move || t(tr!(cc_cancel))}
                        </button>
                    </div>
                </form>
            }
            .into_any()
        }
        RowMode::ConfirmDelete => {
            // Focus the confirmation so a keyboard user lands on the question.
            let confirm = NodeRef::<leptos::html::Div>::new();
            Effect::new(move |_| {
                if let Some(el) = confirm.get() {
                    let _ = el.focus();
                }
            });
            view! {
                <div class="confirm" role="alertdialog" aria-labelledby="conv-delete-question" tabindex="-1" node_ref=confirm data-testid="conv-delete-confirm">
                    <p id="conv-delete-question">{move || t(tr!(cc_delete_question))}</p>
                    <div class="actions">
                        <button
                            type="button"
                            class="button button-danger"
                            data-testid="conv-delete-yes"
                            prop:disabled=move || remove.pending().get()
                            on:click=move |_| {
                                remove.dispatch_local(id.clone());
                            }
                        >
                            {move || t(tr!(cc_delete_yes))}
                        </button>
                        <button type="button" class="button button-secondary" data-testid="conv-delete-no" on:click=close>
                            {move || t(tr!(cc_cancel))}
                        </button>
                    </div>
                </div>
            }
            .into_any()
        }
        RowMode::Details(result) => {
            let data_state = match &result {
                None => "loading",
                Some(Ok(_)) => "ready",
                Some(Err(_)) => "error",
            };
            view! {
            <div class="details" data-testid="conv-details-panel" role="status" data-state=data_state>
                {match result {
                    None => view! { <p>{move || t(tr!(cc_loading))}</p> }.into_any(),
                    Some(Ok(c)) => details_view(state, *c).into_any(),
                    Some(Err(failure)) => failure_view(state, failure, "conv-details-error").into_any(),
                }}
                <button type="button" class="button button-secondary" data-testid="conv-details-close" on:click=close>
                    {move || t(tr!(cc_close))}
                </button>
            </div>
            }
            .into_any()
        }
        RowMode::Stats(result) => view! {
            <div class="stats" data-testid="conv-stats-panel" role="status">
                {match result {
                    None => view! { <p>{move || t(tr!(cc_loading))}</p> }.into_any(),
                    Some(Ok(lines)) if lines.is_empty() => view! {
                        <p data-testid="conv-stats-empty">{move || t(tr!(cc_stats_empty))}</p>
                    }.into_any(),
                    Some(Ok(lines)) => view! {
                        <ul data-testid="conv-stats-lines">
                            {lines.into_iter().map(|l| view! { <li><code>{l}</code></li> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Some(Err(failure)) => failure_view(state, failure, "conv-stats-error").into_any(),
                }}
                <button type="button" class="button button-secondary" data-testid="conv-stats-close" on:click=close>
                    {move || t(tr!(cc_close))}
                </button>
            </div>
        }
        .into_any(),
    }
}

/// One conversion as Graph gives it on its own: every field, the advanced rule and the owning
/// business included (`data-field` names Graph's field).
fn details_view(state: AppState, c: CustomConversion) -> impl IntoView {
    let t = move |key| state.t(key);
    let text = |value: Option<String>| value.unwrap_or_else(|| "—".into());
    let fields: Vec<(Text, &'static str, String)> = vec![
        (tr!(cc_detail_id), "id", c.id.clone()),
        (tr!(cc_col_name), "name", text(c.name)),
        (
            tr!(cc_description_label),
            "description",
            text(c.description),
        ),
        (tr!(cc_detail_account), "account_id", text(c.account_id)),
        (
            tr!(cc_detail_business),
            "business",
            text(c.business.map(|b| b.id)),
        ),
        (
            tr!(cc_col_type),
            "custom_event_type",
            text(c.custom_event_type),
        ),
        (
            tr!(cc_action_source_label),
            "action_source_type",
            text(c.action_source_type),
        ),
        (
            tr!(cc_col_source),
            "event_source_type",
            text(c.event_source_type),
        ),
        (
            tr!(cc_default_value_label),
            "default_conversion_value",
            text(c.default_conversion_value.map(|v| v.to_string())),
        ),
        (tr!(cc_col_rule), "rule", text(c.rule)),
        (
            tr!(cc_advanced_rule_label),
            "advanced_rule",
            text(c.advanced_rule),
        ),
        (
            tr!(cc_detail_created),
            "creation_time",
            text(c.creation_time),
        ),
        (
            tr!(cc_col_first),
            "first_fired_time",
            text(c.first_fired_time),
        ),
        (tr!(cc_col_last), "last_fired_time", text(c.last_fired_time)),
    ];
    view! {
        <dl class="details-list" data-testid="conv-details-fields">
            {fields.into_iter().map(|(label, field, value)| view! {
                <div data-field=field>
                    <dt>{t(label)}</dt>
                    <dd data-testid=format!("conv-detail-{field}")><code>{value}</code></dd>
                </div>
            }).collect_view()}
        </dl>
    }
}
