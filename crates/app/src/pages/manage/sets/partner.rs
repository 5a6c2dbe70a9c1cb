//! The partner flow of the seed guide as a guided two-step panel: share the set with the client's
//! business, then enable tracking on the client's ad account.

use super::super::{ActionStatus, CLIENT_BUSINESS, TextField};
use super::share::{TaskChoice, assigning_action, done_success, sharing_action};
use crate::settings::TargetKind;
use crate::state::AppState;
use leptos::prelude::*;

/// Step 1 shares the opened set; step 2, open once step 1 is done, assigns the client's ad
/// account.
#[component]
pub fn PartnerFlow(
    state: AppState,
    /// Sets or datasets.
    kind: RwSignal<TargetKind>,
    /// The opened set.
    selected: RwSignal<String>,
    /// The tasks a dataset's agency gets.
    task_choice: TaskChoice,
) -> impl IntoView {
    let lang = move || state.lang.get();
    let partner_business = RwSignal::new(CLIENT_BUSINESS.to_owned());
    let partner_account = RwSignal::new(String::new());
    let tasks = move || task_choice.tasks();
    let partner_sharing = sharing_action(state);
    let partner_tracking = assigning_action(state);
    let shared_done = move || matches!(partner_sharing.value().get(), Some(Ok(true)));
    view! {
        <section class="manage-section partner" aria-labelledby="partner-title" data-testid="partner-panel">
            <h2 id="partner-title">{move || lang().t(tr!(manage.partner_title))}</h2>
            <p class="hint">{move || lang().t(tr!(manage.partner_intro))}</p>
            <ol class="partner-steps">
                <li data-testid="partner-step-1" data-done=move || shared_done().to_string()>
                    <h3>{move || lang().t(tr!(manage.partner_step1))}</h3>
                    <form class="form" on:submit=move |ev| {
                        ev.prevent_default();
                        partner_sharing.dispatch_local((kind.get_untracked(), selected.get_untracked(), partner_business.get_untracked(), tasks()));
                    }>
                        <TextField state id="partner-business" label=tr!(manage.client_business) value=partner_business numeric=true/>
                        <button type="submit" class="button" data-testid="partner-share" prop:disabled=move || partner_sharing.pending().get()>
                            {move || lang().t(tr!(manage.share))}
                        </button>
                    </form>
                    <ActionStatus state pending=partner_sharing.pending().into() outcome=partner_sharing.value().into() done=done_success testid="partner-share-status"/>
                </li>
                <li data-testid="partner-step-2">
                    <h3>{move || lang().t(tr!(manage.partner_step2))}</h3>
                    <Show when=move || !shared_done()>
                        <p class="hint" data-testid="partner-step-2-waiting">{move || lang().t(tr!(manage.partner_step2_waiting))}</p>
                    </Show>
                    <form class="form" on:submit=move |ev| {
                        ev.prevent_default();
                        partner_tracking.dispatch_local((kind.get_untracked(), selected.get_untracked(), partner_business.get_untracked(), partner_account.get_untracked()));
                    }>
                        <TextField state id="partner-account" label=tr!(manage.client_ad_account) value=partner_account/>
                        <button
                            type="submit"
                            class="button"
                            data-testid="partner-track"
                            prop:disabled=move || !shared_done() || partner_tracking.pending().get()
                        >
                            {move || lang().t(tr!(manage.enable_tracking))}
                        </button>
                    </form>
                    <ActionStatus state pending=partner_tracking.pending().into() outcome=partner_tracking.value().into() done=done_success testid="partner-track-status"/>
                    <p class="hint">{move || lang().t(tr!(manage.partner_after))} " " <a href=crate::links::href("/manage/tracking") data-testid="partner-to-tracking">{move || lang().t(tr!(manage.nav_tracking))}</a></p>
                </li>
            </ol>
        </section>
    }
}
