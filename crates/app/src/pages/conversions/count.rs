//! Meta's count of a custom conversion, shown beside the preview: how many received events
//! fired it (its `/stats`, every day added up), to hold against what the preview counted on
//! the file that was sent.

use super::api;
use super::{connection, failure_view};
use crate::state::AppState;
use leptos::prelude::*;

/// Meta's count of `conversion` (loaded when it changes, and again on Refresh).
#[component]
pub(super) fn MetaCount(state: AppState, conversion: Signal<Option<String>>) -> impl IntoView {
    let t = move |key| state.t(key);
    // The answer names its conversion, so a late answer for an earlier choice is not shown.
    let load = Action::new_local(move |id: &String| {
        let id = id.clone();
        async move {
            let connection = connection(state)?;
            let count = api::fired_count(state.platform().transport, &connection, &id).await;
            Some((id, count))
        }
    });
    Effect::new(move |_| {
        if let Some(id) = conversion.get() {
            load.dispatch_local(id);
        }
    });
    let answer = move || {
        let current = conversion.get()?;
        load.value()
            .get()
            .flatten()
            .filter(|(id, _)| *id == current)
            .map(|(_, count)| count)
    };
    let data_state = move || {
        if conversion.with(Option::is_none) {
            "idle"
        } else if load.pending().get() {
            "loading"
        } else {
            match answer() {
                Some(Ok(_)) => "ready",
                Some(Err(_)) => "error",
                None => "idle",
            }
        }
    };
    view! {
        <Show when=move || conversion.with(Option::is_some)>
            <div class="meta-count" role="status" aria-live="polite" data-testid="preview-meta" data-state=data_state>
                {move || match answer() {
                    Some(Ok(count)) => view! {
                        <dl class="preview-summary">
                            <div>
                                <dt>{t(tr!(cc_meta_count))}</dt>
                                <dd data-testid="preview-meta-count">{count}</dd>
                            </div>
                        </dl>
                        <p class="hint">{t(tr!(cc_meta_count_hint))}</p>
                    }.into_any(),
                    Some(Err(failure)) => failure_view(state, failure, "preview-meta-error").into_any(),
                    None => view! { <p class="hint">{t(tr!(cc_loading))}</p> }.into_any(),
                }}
                <button type="button" class="button button-secondary" data-testid="preview-meta-refresh"
                    prop:disabled=move || load.pending().get()
                    on:click=move |_| {
                        if let Some(id) = conversion.get_untracked() {
                            load.dispatch_local(id);
                        }
                    }>
                    {move || t(tr!(cc_meta_refresh))}
                </button>
            </div>
        </Show>
    }
}
