//! One module per screen. Pages own data loading and actions; they read and write
//! [`crate::state::AppState`] and compose [`crate::components`].

mod check;
mod connect;
pub(crate) mod conversions;
mod file;
pub mod manage;
mod mapping;
mod not_found;
mod send;

pub use check::CheckPage;
pub use connect::ConnectPage;
pub use conversions::ConversionsPage;
pub use file::FilePage;
pub use mapping::MappingPage;
pub use not_found::NotFoundPage;
pub use send::SendPage;

use crate::components::StepRequirement;
use crate::i18n::Text;
use crate::state::{AppState, use_app_state};
use crate::steps::Step;
use crate::worker::protocol::Prepared;
use leptos::prelude::*;
use std::sync::Arc;

/// What a screen shows instead of its content until the app is connected: one notice, with a
/// link to the Connect step, the same on every screen that needs a connection.
fn needs_connection(state: AppState) -> impl IntoView {
    view! {
        <StepRequirement
            message=Signal::derive(move || state.t(tr!(needs_connection)))
            href=Step::Connect.href()
            link_text=Signal::derive(move || state.t(tr!(go_to_connect)))
        />
    }
}

/// "Choose a file first", with a link to the File step.
fn needs_file(state: AppState) -> impl IntoView {
    view! {
        <StepRequirement
            message=Signal::derive(move || state.t(tr!(needs_file)))
            href=Step::File.href()
            link_text=Signal::derive(move || state.t(tr!(go_to_file)))
        />
    }
}

/// Save the prepared file's request bodies as `<file>.hashed.ndjson` (one body per line, hashes
/// only): local work, with no connection or token needed (Check and Send offer it). A failure
/// (no DOM) leaves the page as it is.
fn download_hashed(downloads: &dyn crate::platform::Downloads, prepared: &Prepared) {
    let name = send::model::download_name(&prepared.file_name, ".hashed.ndjson");
    let _ = downloads.save_bodies(&name, "application/x-ndjson", &prepared.bodies);
}

/// The frame of a step that works on the prepared file (Check, Send): its title and intro, then
/// `render` of the prepared file, drawn again whenever the file is prepared again; until there
/// is a file (and, unless `offline`, a connection), what is missing, with a link to the step
/// that provides it.
#[component]
fn PreparedStep<F>(
    /// The step's name: the section's class and `page-<name>` test id.
    name: &'static str,
    title: Text,
    intro: Text,
    render: F,
    /// Whether the step works without a connection (Check: local work only).
    #[prop(optional)]
    offline: bool,
) -> impl IntoView
where
    F: Fn(AppState, Arc<Prepared>) -> AnyView + Send + Sync + 'static,
{
    let state = use_app_state();
    let connected = move || offline || state.current_connection().is_some();
    let render = Arc::new(render);
    view! {
        <section class=format!("card {name}") data-testid=format!("page-{name}")>
            <h1 data-testid="page-title">{move || state.t(title)}</h1>
            <p class="intro">{move || state.t(intro)}</p>
            <Show when=connected fallback=move || needs_connection(state)>
                {
                    let render = Arc::clone(&render);
                    move || match state.prepared.get() {
                        Some(prepared) => render(state, prepared),
                        None => needs_file(state).into_any(),
                    }
                }
            </Show>
        </section>
    }
}
