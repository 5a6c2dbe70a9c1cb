use crate::state::use_app_state;
use crate::steps::Step;
use leptos::prelude::*;

/// Any address that is not a step.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    let state = use_app_state();
    view! {
        <section class="card">
            <h1 data-testid="page-title">{move || state.t(tr!(not_found_title))}</h1>
            <p>{move || state.t(tr!(not_found_body))}</p>
            <a class="button" href=Step::Connect.href()>{move || state.t(tr!(back_to_start))}</a>
        </section>
    }
}
