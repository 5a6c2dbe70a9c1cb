//! Custom conversions of one ad account: list, read one, create (with a rule builder, an
//! advanced rule and a local preview on a file beside Meta's count), update, delete, stats,
//! claim for a business, and the 100-per-account limit.
//!
//! - [`sync`], [`preview`], [`form`], [`api`]: plain Rust, tested natively.
//! - `list`, `create`: the two halves of the screen (the preview runs in a Web Worker, the page
//!   keeps only the picked file's handle); `count`: Meta's count of a conversion, shown beside
//!   the preview; `claim`: the agency flow.

pub mod api;
mod claim;
mod count;
mod create;
pub mod form;
mod list;
pub mod preview;
pub mod sync;

use crate::state::{AppState, use_app_state};
use api::{Connection, Failure};
use form::Limit;
use graph::custom_conversions::CustomConversion;
use leptos::prelude::*;

/// The loaded list, and for which account.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Loaded {
    /// The account, as `act_…`.
    pub account: String,
    /// Its custom conversions.
    pub items: Vec<CustomConversion>,
}

/// The list's state: not loaded yet, loading, loaded, or failed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum ListState {
    Idle,
    Loading,
    Ready(Loaded),
    Failed(Failure),
}

/// The connection the Connect screen holds (endpoint, version, token).
fn connection(state: AppState) -> Option<Connection> {
    let settings = state.settings.get_untracked();
    let endpoint = settings.endpoint().ok()?;
    let token = settings.token.trim();
    (!token.is_empty()).then(|| Connection {
        base_url: endpoint.base_url().to_owned(),
        version: settings.version.trim().to_owned(),
        token: token.to_owned(),
    })
}

/// `?account=` from the page address's query.
fn account_from_address(search: &str) -> String {
    search
        .trim_start_matches('?')
        .split('&')
        .find_map(|pair| pair.strip_prefix("account="))
        .map(str::to_owned)
        .unwrap_or_default()
}

/// The Custom conversions screen.
#[component]
pub fn ConversionsPage() -> impl IntoView {
    let state = use_app_state();
    let t = move |key| state.t(key);
    let connected = move || state.current_connection().is_some();
    let account = RwSignal::new(account_from_address(&state.platform().document.query()));
    let list_state = RwSignal::new(ListState::Idle);
    // The account the create form works on: the last one loaded (kept while the list reloads,
    // so a create's result and the form stay on screen).
    let loaded_account = RwSignal::new(None::<String>);

    let load = Action::new_local(move |account: &String| {
        let account = account.clone();
        async move {
            let Some(connection) = connection(state) else {
                return;
            };
            list_state.set(ListState::Loading);
            let result = match api::ad_account(&account) {
                Ok(id) => api::list(state.platform().transport, &connection, &id)
                    .await
                    .map(|items| Loaded {
                        account: id.to_string(),
                        items,
                    }),
                Err(failure) => Err(failure),
            };
            list_state.set(match result {
                Ok(loaded) => {
                    loaded_account.set(Some(loaded.account.clone()));
                    ListState::Ready(loaded)
                }
                Err(failure) => ListState::Failed(failure),
            });
        }
    });
    let reload = Callback::new(move |()| {
        load.dispatch_local(account.get_untracked());
    });
    let conversions = Signal::derive(move || {
        list_state.with(|s| match s {
            ListState::Ready(loaded) => loaded.items.clone(),
            _ => Vec::new(),
        })
    });
    let limit = Signal::derive(move || {
        list_state.with(|s| match s {
            ListState::Ready(loaded) => Some(Limit::new(loaded.items.len())),
            _ => None,
        })
    });

    view! {
        <section class="card conversions" data-testid="page-conversions" aria-labelledby="conv-title">
            <h1 id="conv-title" data-testid="page-title">{move || t(tr!(cc_title))}</h1>
            <p class="intro">{move || t(tr!(cc_intro))}</p>
            <Show
                when=connected
                fallback=move || crate::pages::needs_connection(state)
            >
                <form
                    class="form account-form"
                    novalidate=true
                    on:submit=move |ev| {
                        ev.prevent_default();
                        reload.run(());
                    }
                >
                    <div class="field field-inline">
                        <label for="conv-account">{move || t(tr!(cc_account_label))}</label>
                        <input
                            id="conv-account"
                            data-testid="conv-account"
                            type="text"
                            autocomplete="off"
                            spellcheck="false"
                            placeholder="act_200000000000002"
                            aria-describedby="conv-account-hint"
                            prop:value=move || account.get()
                            on:input=move |ev| account.set(event_target_value(&ev))
                        />
                        <button type="submit" class="button" data-testid="conv-load">
                            {move || t(tr!(cc_load))}
                        </button>
                    </div>
                    <p class="hint" id="conv-account-hint">{move || t(tr!(cc_account_hint))}</p>
                </form>
                <LimitMeter state limit/>
                <list::ConversionList state list_state reload/>
                <Show when=move || loaded_account.get().is_some()>
                    <create::CreatePanel state account=loaded_account.into() limit conversions reload/>
                    <claim::ClaimPanel state conversions reload/>
                </Show>
            </Show>
        </section>
    }
}

/// `used / 100`, and why creating is off at the cap.
#[component]
fn LimitMeter(state: AppState, limit: Signal<Option<Limit>>) -> impl IntoView {
    let t = move |key| state.t(key);
    move || {
        limit.get().map(|limit| {
            view! {
                <div class="limit" data-testid="conv-limit" data-state=limit.state()>
                    <label for="conv-limit-meter">{move || t(tr!(cc_limit_label))}</label>
                    <meter
                        id="conv-limit-meter"
                        min="0"
                        max=limit.max
                        high=limit.max * 9 / 10
                        value=limit.used
                    ></meter>
                    <span data-testid="conv-limit-count">{limit.label()}</span>
                    // The guide says 40, the reference 100: the page counts against the
                    // reference, and says so where the number is.
                    <span
                        class="hint limit-source"
                        data-testid="conv-limit-note"
                        tabindex="0"
                        title=move || t(tr!(cc_limit_tooltip))
                        aria-description=move || t(tr!(cc_limit_tooltip))
                    >
                        {move || t(tr!(cc_limit_source))} " ⓘ"
                    </span>
                    {(!limit.can_create())
                        .then(|| {
                            view! {
                                <p class="notice notice-warn" role="status" data-testid="conv-limit-reason">
                                    {move || t(tr!(cc_limit_reached))}
                                </p>
                            }
                        })}
                </div>
            }
        })
    }
}

/// A failure as the page shows it: the explanation, Graph's message for the user, and the
/// detail for support.
pub(crate) fn failure_view(
    state: AppState,
    failure: Failure,
    testid: &'static str,
) -> impl IntoView {
    let Failure {
        code,
        explanation,
        user_message,
        detail,
    } = failure;
    view! {
        <div class="notice notice-error" role="alert" data-testid=testid data-problem=code>
            {user_message.map(|m| view! { <p class="status-text">{m}</p> })}
            <p>{move || state.t(explanation.text())}</p>
            {detail
                .map(|detail| {
                    view! {
                        <details class="status-detail">
                            <summary>{move || state.t(tr!(problem_detail))}</summary>
                            <code>{detail}</code>
                        </details>
                    }
                })}
        </div>
    }
}
