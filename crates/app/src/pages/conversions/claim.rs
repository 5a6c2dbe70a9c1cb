//! The agency flow of seed 001: a business claims one of the account's custom conversions
//! (`POST /{business}/claim_custom_conversions`) and owns it from then on.

use super::api;
use super::{connection, failure_view};
use crate::pages::manage::CLIENT_BUSINESS;
use crate::state::AppState;
use graph::custom_conversions::CustomConversion;
use leptos::prelude::*;

/// The claim form: a business id and one of the loaded conversions.
#[component]
pub(super) fn ClaimPanel(
    state: AppState,
    /// The account's custom conversions.
    conversions: Signal<Vec<CustomConversion>>,
    /// Reload the list after a claim.
    reload: Callback<()>,
) -> impl IntoView {
    let t = move |key| state.t(key);
    let business = RwSignal::new(CLIENT_BUSINESS.to_owned());
    let chosen = RwSignal::new(String::new());
    let claim = Action::new_local(move |(business, id): &(String, String)| {
        let (business, id) = (business.clone(), id.clone());
        async move {
            let connection = connection(state)?;
            let result = api::claim(state.platform().transport, &connection, &business, &id).await;
            if result.is_ok() {
                reload.run(());
            }
            Some(result)
        }
    });
    let outcome = move || claim.value().get().flatten();
    let data_state = move || {
        if claim.pending().get() {
            "claiming"
        } else {
            match outcome() {
                None => "idle",
                Some(Ok(())) => "done",
                Some(Err(_)) => "error",
            }
        }
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        claim.dispatch_local((business.get_untracked(), chosen.get_untracked()));
    };
    view! {
        <section class="claim" aria-labelledby="conv-claim-title" data-testid="conv-claim">
            <h2 id="conv-claim-title">{move || t(tr!(cc_claim_title))}</h2>
            <p class="hint">{move || t(tr!(cc_claim_intro))}</p>
            <form class="form" novalidate=true on:submit=on_submit>
                <div class="field-row">
                    <div class="field">
                        <label for="conv-claim-business">{move || t(tr!(cc_claim_business_label))}</label>
                        <input id="conv-claim-business" data-testid="conv-claim-business" type="text"
                            inputmode="numeric" autocomplete="off"
                            prop:value=move || business.get()
                            on:input=move |ev| business.set(event_target_value(&ev))/>
                    </div>
                    <div class="field">
                        <label for="conv-claim-id">{move || t(tr!(cc_claim_conversion_label))}</label>
                        <select id="conv-claim-id" data-testid="conv-claim-id"
                            on:change=move |ev| chosen.set(event_target_value(&ev))>
                            <option value="" selected=move || chosen.with(String::is_empty)>{move || t(tr!(cc_claim_pick))}</option>
                            {move || conversions.get().into_iter().map(|c| {
                                let id = c.id.clone();
                                let label = format!("{} ({})", c.name.as_deref().unwrap_or(&c.id), c.id);
                                view! {
                                    <option value=c.id.clone() selected=move || chosen.with(|s| *s == id)>{label}</option>
                                }
                            }).collect_view()}
                        </select>
                    </div>
                </div>
                <div class="actions">
                    <button type="submit" class="button" data-testid="conv-claim-submit"
                        prop:disabled=move || claim.pending().get() || chosen.with(String::is_empty)>
                        {move || t(tr!(cc_claim_submit))}
                    </button>
                </div>
                <div role="status" aria-live="polite" data-testid="conv-claim-status" data-state=data_state>
                    {move || match outcome() {
                        None => ().into_any(),
                        Some(Ok(())) => view! { <p class="notice notice-ok">{t(tr!(cc_claim_done))}</p> }.into_any(),
                        Some(Err(failure)) => failure_view(state, failure, "conv-claim-error").into_any(),
                    }}
                </div>
            </form>
        </section>
    }
}
