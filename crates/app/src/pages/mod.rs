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
use crate::i18n::Key;
use crate::state::AppState;
use crate::steps::Step;
use leptos::prelude::*;

/// What a screen shows instead of its content until the app is connected: one notice, with a
/// link to the Connect step, the same on every screen that needs a connection.
fn needs_connection(state: AppState) -> impl IntoView {
    view! {
        <StepRequirement
            message=Signal::derive(move || state.t(Key::NeedsConnection))
            href=Step::Connect.path()
            link_text=Signal::derive(move || state.t(Key::GoToConnect))
        />
    }
}
