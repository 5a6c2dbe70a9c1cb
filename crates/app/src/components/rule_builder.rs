use crate::i18n::{Lang, Text};
use crate::pages::conversions::sync::{Builder, BuilderRow, Combinator};
use leptos::prelude::*;
use rules::Operator;

/// Fields a rule can filter on, offered as suggestions (any `custom_data.<name>` works too).
const FIELD_SUGGESTIONS: [&str; 7] = [
    "event_name",
    "url",
    "value",
    "custom_data.currency",
    "custom_data.content_category",
    "custom_data.order_id",
    "custom_data.product_category",
];

/// The operator's label in the UI.
fn operator_label(operator: Operator) -> Text {
    match operator {
        Operator::IContains => tr!(cc_op_i_contains),
        Operator::INotContains => tr!(cc_op_i_not_contains),
        Operator::Contains => tr!(cc_op_contains),
        Operator::NotContains => tr!(cc_op_not_contains),
        Operator::Eq => tr!(cc_op_eq),
        Operator::Neq => tr!(cc_op_neq),
        Operator::Lt => tr!(cc_op_lt),
        Operator::Lte => tr!(cc_op_lte),
        Operator::Gt => tr!(cc_op_gt),
        Operator::Gte => tr!(cc_op_gte),
        Operator::RegexMatch => tr!(cc_op_regex),
    }
}

/// The visual rule builder: one group of conditions (field, operator, value), combined with
/// "all" or "any". Every edit reports the whole new builder.
#[component]
pub fn RuleBuilder(
    /// What the builder shows.
    builder: Signal<Builder>,
    /// Called with the edited builder.
    on_change: Callback<Builder>,
    /// Whether the JSON holds a rule the builder cannot show (nested groups, `not`).
    nested: Signal<bool>,
    /// The builder's problem, if any (already in the person's words).
    error: Signal<Option<String>>,
    /// The UI language.
    lang: Signal<Lang>,
) -> impl IntoView {
    let t = move |key| lang.get().t(key);
    let edit = move |apply: Box<dyn Fn(&mut Builder)>| {
        let mut next = builder.get_untracked();
        apply(&mut next);
        on_change.run(next);
    };
    let count = move || builder.with(|b| b.rows.len());
    let row_field = move |i: usize, read: fn(&BuilderRow) -> String| {
        move || builder.with(|b| b.rows.get(i).map(read).unwrap_or_default())
    };
    view! {
        <fieldset class="rule-builder" data-testid="rule-builder" prop:disabled=nested>
            <legend>{move || t(tr!(cc_builder_legend))}</legend>
            <Show when=move || nested.get()>
                <p class="notice notice-info" data-testid="rule-nested">{move || t(tr!(cc_builder_nested))}</p>
            </Show>
            <div class="field field-inline">
                <label for="rule-combinator">{move || t(tr!(cc_combinator_label))}</label>
                <select
                    id="rule-combinator"
                    data-testid="rule-combinator"
                    on:change=move |ev| {
                        let value = event_target_value(&ev);
                        edit(Box::new(move |b| b.combinator = Combinator::from_value(&value)));
                    }
                >
                    <option value=Combinator::All.as_str() selected=move || builder.with(|b| b.combinator == Combinator::All)>
                        {move || t(tr!(cc_combinator_all))}
                    </option>
                    <option value=Combinator::Any.as_str() selected=move || builder.with(|b| b.combinator == Combinator::Any)>
                        {move || t(tr!(cc_combinator_any))}
                    </option>
                </select>
            </div>
            <datalist id="rule-field-suggestions">
                {FIELD_SUGGESTIONS.map(|f| view! { <option value=f></option> }).collect_view()}
            </datalist>
            <ol class="rule-rows">
                <For each=move || 0..count() key=|i| *i let:i>
                    <li class="rule-row" data-testid="rule-row">
                        <div class="field">
                            <label for=format!("rule-field-{i}")>{move || t(tr!(cc_field_label))}</label>
                            <input
                                id=format!("rule-field-{i}")
                                data-testid="rule-field"
                                type="text"
                                list="rule-field-suggestions"
                                autocomplete="off"
                                spellcheck="false"
                                prop:value=row_field(i, |r| r.field.clone())
                                on:input=move |ev| {
                                    let value = event_target_value(&ev);
                                    edit(Box::new(move |b| {
                                        if let Some(row) = b.rows.get_mut(i) {
                                            row.field.clone_from(&value);
                                        }
                                    }));
                                }
                            />
                        </div>
                        <div class="field">
                            <label for=format!("rule-operator-{i}")>{move || t(tr!(cc_operator_label))}</label>
                            <select
                                id=format!("rule-operator-{i}")
                                data-testid="rule-operator"
                                on:change=move |ev| {
                                    let value = event_target_value(&ev);
                                    edit(Box::new(move |b| {
                                        if let (Some(row), Ok(op)) = (b.rows.get_mut(i), value.parse()) {
                                            row.operator = op;
                                        }
                                    }));
                                }
                            >
                                {Operator::ALL
                                    .map(|op| {
                                        view! {
                                            <option
                                                value=op.as_str()
                                                selected=move || builder.with(|b| b.rows.get(i).map(|r| r.operator) == Some(op))
                                            >
                                                {move || t(operator_label(op))}
                                            </option>
                                        }
                                    })
                                    .collect_view()}
                            </select>
                        </div>
                        <div class="field">
                            <label for=format!("rule-value-{i}")>{move || t(tr!(cc_value_label))}</label>
                            <input
                                id=format!("rule-value-{i}")
                                data-testid="rule-value"
                                type="text"
                                autocomplete="off"
                                spellcheck="false"
                                prop:value=row_field(i, |r| r.value.clone())
                                on:input=move |ev| {
                                    let value = event_target_value(&ev);
                                    edit(Box::new(move |b| {
                                        if let Some(row) = b.rows.get_mut(i) {
                                            row.value.clone_from(&value);
                                        }
                                    }));
                                }
                            />
                        </div>
                        <button
                            type="button"
                            class="button button-secondary rule-remove"
                            data-testid="rule-remove"
                            aria-label=move || format!("{} {}", t(tr!(cc_remove_condition)), i + 1)
                            on:click=move |_| edit(Box::new(move |b| {
                                if i < b.rows.len() {
                                    b.rows.remove(i);
                                }
                            }))
                        >
                            {move || t(tr!(cc_remove))}
                        </button>
                    </li>
                </For>
            </ol>
            <button
                type="button"
                class="button button-secondary"
                data-testid="rule-add"
                on:click=move |_| edit(Box::new(|b| b.rows.push(BuilderRow::blank())))
            >
                {move || t(tr!(cc_add_condition))}
            </button>
            {move || {
                error
                    .get()
                    .map(|message| {
                        view! {
                            <p class="field-error" role="alert" data-testid="rule-builder-error">{message}</p>
                        }
                    })
            }}
        </fieldset>
    }
}
