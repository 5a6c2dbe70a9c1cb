use crate::i18n::Lang;
use leptos::prelude::*;

/// Two toggle buttons, one per UI language.
#[component]
pub fn LangSwitch(
    /// The current language.
    lang: Signal<Lang>,
    /// Called with the chosen language.
    on_change: Callback<Lang>,
) -> impl IntoView {
    let buttons = Lang::ALL
        .into_iter()
        .map(|choice| {
            let testid = match choice {
                Lang::En => "lang-en",
                Lang::ZhHans => "lang-zh",
            };
            view! {
                <button
                    type="button"
                    class="lang-button"
                    data-testid=testid
                    lang=choice.tag()
                    aria-pressed=move || (lang.get() == choice).to_string()
                    on:click=move |_| on_change.run(choice)
                >
                    {choice.native_name()}
                </button>
            }
        })
        .collect_view();
    view! {
        <div
            class="lang-switch"
            role="group"
            aria-label=move || lang.get().t(tr!(language_label))
            data-testid="lang-switch"
        >
            {buttons}
        </div>
    }
}
