//! The hashdrop web app (Leptos, client-side rendered).
//!
//! `main.rs` only mounts [`App`]. The flow is one screen per step, each with its own URL
//! (`/connect`, `/file`, `/mapping`, `/check`, `/send`; `/` redirects to `/connect`), under the
//! site's base path ([`links`]).
//!
//! - [`i18n`], [`settings`], [`connection`], [`steps`], [`login`]: plain Rust, tested natively.
//! - [`login_flow`]: "Log in with Facebook" in the page (the dialog's pop-up, its answer).
//! - [`state`]: the shared context; [`platform`]: every side effect (storage, IndexedDB, the
//!   clock, downloads, the worker, the network) behind a trait, with the browser's and in-memory
//!   implementations.
//! - `pages/` own loading and actions; `components/` only present.
#![deny(missing_docs)]

#[macro_use]
pub mod i18n;
mod components;
pub mod connection;
pub mod links;
pub mod login;
pub mod login_flow;
mod pages;
pub mod platform;
pub mod settings;
pub mod state;
pub mod steps;
pub mod storage;
pub mod upload_store;
pub mod worker;

use crate::components::{EndpointBadge, LangSwitch, StepIndicator};
use crate::i18n::Lang;
use crate::pages::{CheckPage, ConnectPage, FilePage, MappingPage, NotFoundPage, SendPage};
use crate::platform::Platform;
use crate::state::{AppState, use_app_state};
use crate::steps::Step;
use leptos::prelude::*;
use leptos_router::components::{Redirect, Route, Router, Routes};
use leptos_router::hooks::use_location;
use leptos_router::path;

/// The whole app: shared state, the router and the page frame, on the host's platform unless
/// given another (tests mount it on [`platform::memory::MemoryPlatform`]).
#[component]
pub fn App(
    /// The side effects to run on (the host's when absent).
    #[prop(optional)]
    platform: Option<Platform>,
) -> impl IntoView {
    let state = AppState::new(platform.unwrap_or_else(Platform::host));
    provide_context(state);
    if state.login.handed_over {
        // The login dialog's pop-up: the answer went to the page that opened it.
        return view! {
            <main id="main" class="card" data-testid="login-handed-over">
                <p>{move || state.t(tr!(login_handed_over))}</p>
            </main>
        }
        .into_any();
    }
    view! {
        <Router base=links::base()>
            <Frame/>
        </Router>
    }
    .into_any()
}

/// Header, step indicator, the routed screen and the footer.
#[component]
fn Frame() -> impl IntoView {
    let state = use_app_state();
    let location = use_location();
    let current = Signal::derive(move || Step::from_path(links::route(&location.pathname.get())));
    let lang = Signal::derive(move || state.lang.get());
    let endpoint = Signal::derive(move || state.endpoint());
    let set_lang = Callback::new(move |choice: Lang| state.lang.set(choice));
    let t = move |key| state.t(key);
    let main = NodeRef::<leptos::html::Main>::new();
    // The router would turn `#main` into a client-side navigation; move the focus ourselves.
    let skip = move |ev: leptos::ev::MouseEvent| {
        ev.prevent_default();
        if let Some(main) = main.get() {
            let _ = main.focus();
        }
    };
    view! {
        <a class="skip-link" href="#main" data-testid="skip-link" on:click=skip>
            {move || t(tr!(skip_to_content))}
        </a>
        <header class="topbar">
            <div class="brand">
                <a href=Step::Connect.href() class="brand-name" data-testid="app-title">"hashdrop"</a>
                <span class="tagline">{move || t(tr!(tagline))}</span>
            </div>
            <div class="topbar-tools">
                <a class="manage-link" href=links::href("/manage/sets") data-testid="nav-manage">
                    {move || state.lang.get().t(tr!(manage.nav_label))}
                </a>
                <a class="manage-link" href=links::href("/conversions") data-testid="nav-conversions">
                    {move || t(tr!(cc_nav))}
                </a>
                <EndpointBadge endpoint lang/>
                <LangSwitch lang on_change=set_lang/>
            </div>
        </header>
        <StepIndicator current lang/>
        <main id="main" tabindex="-1" node_ref=main>
            <Routes fallback=NotFoundPage>
                <Route path=path!("/") view=RootRedirect/>
                <Route path=path!("/connect") view=ConnectPage/>
                <Route path=path!("/file") view=FilePage/>
                <Route path=path!("/mapping") view=MappingPage/>
                <Route path=path!("/check") view=CheckPage/>
                <Route path=path!("/send") view=SendPage/>
                <Route path=path!("/manage/sets") view=pages::manage::SetsPage/>
                <Route path=path!("/manage/tracking") view=pages::manage::TrackingPage/>
                <Route path=path!("/manage/stats") view=pages::manage::StatsPage/>
                <Route path=path!("/manage/insights") view=pages::manage::InsightsPage/>
                <Route path=path!("/conversions") view=pages::ConversionsPage/>
            </Routes>
        </main>
        <footer class="footer">
            <p data-testid="privacy-note">{move || t(tr!(privacy_note))}</p>
        </footer>
    }
}

/// `/` goes to the first step, keeping the (already token-free) query. The router puts the
/// site's base in front of the route.
#[component]
fn RootRedirect() -> impl IntoView {
    let search = use_location().search.get_untracked();
    let query = if search.is_empty() || search.starts_with('?') {
        search
    } else {
        format!("?{search}")
    };
    view! { <Redirect path=format!("{}{}", Step::Connect.path(), query)/> }
}
