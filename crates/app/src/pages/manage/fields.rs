//! The form fields of the management screens, labelled with their texts ([`M`]): each control's
//! `id` is also its `data-testid`, and every label is a `<label for=…>`.

use crate::i18n::Text;
use crate::settings::TargetKind;
use crate::state::AppState;
use leptos::prelude::*;

/// A `.field` with a label for the control `id` and the control itself.
#[component]
fn Labelled(state: AppState, id: &'static str, label: Text, children: Children) -> impl IntoView {
    view! {
        <div class="field">
            <label for=id>{move || state.lang.get().t(label)}</label>
            {children()}
        </div>
    }
}

/// The shared [`crate::components::TextField`] in a `.field`, with a management text as label.
#[component]
pub fn TextField(
    /// The shared state (for the label's language).
    state: AppState,
    /// The input's id (and `data-testid`).
    id: &'static str,
    /// The label.
    label: Text,
    /// The value.
    value: RwSignal<String>,
    /// A hint under the field.
    #[prop(optional)]
    hint: Option<Text>,
    /// `inputmode="numeric"` for ids.
    #[prop(optional)]
    numeric: bool,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let label = Signal::derive(move || lang().t(label));
    let on_input = Callback::new(move |text: String| value.set(text));
    let inputmode = if numeric { "numeric" } else { "text" };
    let field = match hint {
        Some(hint) => view! {
            <crate::components::TextField id testid=id inputmode label value=value.into() on_input
                hint=Signal::derive(move || lang().t(hint))/>
        }
        .into_any(),
        None => view! {
            <crate::components::TextField id testid=id inputmode label value=value.into() on_input/>
        }
        .into_any(),
    };
    view! { <div class="field">{field}</div> }
}

/// A labelled `<input type="date">`.
#[component]
pub fn DateField(
    /// The shared state (for the label's language).
    state: AppState,
    /// The input's id (and `data-testid`).
    id: &'static str,
    /// The label.
    label: Text,
    /// The value, `YYYY-MM-DD` or empty.
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <Labelled state id label>
            <input id=id data-testid=id type="date" prop:value=move || value.get()
                on:input=move |ev| value.set(event_target_value(&ev))/>
        </Labelled>
    }
}

/// A labelled `<select>` bound to `value`, with `(value, label)` options.
#[component]
pub fn SelectField(
    /// The shared state (for the label's language).
    state: AppState,
    /// The select's id (and `data-testid`).
    id: &'static str,
    /// The label.
    label: Text,
    /// The options: Graph's value and its label.
    options: Vec<(&'static str, Text)>,
    /// The chosen value.
    value: RwSignal<String>,
) -> impl IntoView {
    let options = options
        .into_iter()
        .map(|(option, text)| {
            view! {
                <option value=option selected=move || value.get() == option>
                    {move || state.lang.get().t(text)}
                </option>
            }
        })
        .collect_view();
    view! {
        <Labelled state id label>
            <select id=id data-testid=id on:change=move |ev| value.set(event_target_value(&ev))>
                {options}
            </select>
        </Labelled>
    }
}

/// A checkbox (or, with `radio`, a radio of the group `name`) followed by its label.
#[component]
pub fn CheckRow(
    /// The input's id (and `data-testid`).
    id: String,
    /// Whether it is checked.
    checked: Signal<bool>,
    /// Called with the new state when the person changes it.
    on_change: Callback<bool>,
    /// The label's content.
    children: Children,
    /// A radio of this group instead of a checkbox.
    #[prop(optional, into)]
    radio: Option<String>,
) -> impl IntoView {
    let kind = if radio.is_some() { "radio" } else { "checkbox" };
    view! {
        <div class="check-row">
            <input id=id.clone() data-testid=id.clone() type=kind name=radio
                prop:checked=move || checked.get()
                on:change=move |ev| on_change.run(event_target_checked(&ev))/>
            <label for=id>{children()}</label>
        </div>
    }
}

/// The offline event set / dataset radios; test ids `{prefix}-kind-ocapi`, `{prefix}-kind-capi`.
#[component]
pub fn KindChoice(
    /// The shared state.
    state: AppState,
    /// The id prefix.
    prefix: &'static str,
    /// The choice.
    kind: RwSignal<TargetKind>,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let radio = move |choice: TargetKind, suffix: &'static str, label: Text| {
        view! {
            <CheckRow id=format!("{prefix}-kind-{suffix}") radio=format!("{prefix}-kind")
                checked=Signal::derive(move || kind.get() == choice)
                on_change=Callback::new(move |_| kind.set(choice))>
                {move || lang().t(label)}
            </CheckRow>
        }
    };
    view! {
        <fieldset class="field">
            <legend>{move || lang().t(tr!(manage.kind))}</legend>
            {radio(TargetKind::Ocapi, "ocapi", tr!(manage.kind_ocapi))}
            {radio(TargetKind::Capi, "capi", tr!(manage.kind_capi))}
        </fieldset>
    }
}
