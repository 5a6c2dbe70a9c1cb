use leptos::prelude::*;

/// A labelled one-line input with an optional hint tied to it by `aria-describedby`.
#[component]
pub fn TextField(
    /// The input's `id` (the hint gets `{id}-hint`).
    id: &'static str,
    /// Its `data-testid`.
    testid: &'static str,
    /// `text`, `password`, `url`, …
    #[prop(default = "text")]
    input_type: &'static str,
    /// `numeric` for ids.
    #[prop(optional)]
    inputmode: Option<&'static str>,
    /// The label.
    label: Signal<&'static str>,
    /// The hint under the input.
    #[prop(optional, into)]
    hint: Option<Signal<&'static str>>,
    /// The current value.
    value: Signal<String>,
    /// Called with every edit.
    on_input: Callback<String>,
) -> impl IntoView {
    let hint_id = format!("{id}-hint");
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            data-testid=testid
            type=input_type
            inputmode=inputmode
            autocomplete="off"
            spellcheck="false"
            aria-describedby=hint.map(|_| hint_id.clone())
            prop:value=value
            on:input=move |ev| on_input.run(event_target_value(&ev))
        />
        {hint.map(|hint| view! { <p class="hint" id=hint_id>{hint}</p> })}
    }
}
