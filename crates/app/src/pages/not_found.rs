use crate::i18n::Key;
use crate::state::use_app_state;
use crate::steps::Step;
use leptos::prelude::*;

/// Any address that is not a step.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="card">
            <h1 data-testid="page-title">{move || state.t(Key::NotFoundTitle)}</h1>
            <p>{move || state.t(Key::NotFoundBody)}</p>
            <a class="button" href=Step::Connect.href()>{move || state.t(Key::BackToStart)}</a>
        </section>
    }
}
