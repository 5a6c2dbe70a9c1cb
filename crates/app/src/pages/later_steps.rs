//! The steps after File. Each says what it is for and what it needs first.

use crate::components::StepRequirement;
use crate::i18n::Key;
use crate::state::{AppState, use_app_state};
use crate::steps::Step;
use leptos::prelude::*;

/// The frame every later step shares: its title, what it does, and what it is waiting for.
fn step_screen(state: AppState, step: Step, title: Key, intro: Key) -> impl IntoView {
    let connected = move || state.current_connection().is_some();
    view! {
        <section class="card" data-testid=format!("page-{}", step.slug())>
            <h1 data-testid="page-title">{move || state.t(title)}</h1>
            <p class="intro">{move || state.t(intro)}</p>
            <Show
                when=connected
                fallback=move || super::needs_connection(state)
            >
                {(step != Step::File)
                    .then(|| {
                        view! {
                            <StepRequirement
                                message=Signal::derive(move || state.t(Key::NeedsFile))
                                href=Step::File.path()
                                link_text=Signal::derive(move || state.t(Key::GoToFile))
                            />
                        }
                    })}
            </Show>
        </section>
    }
}

/// Step 3: map the columns.
#[component]
pub fn MappingPage() -> impl IntoView {
    step_screen(
        use_app_state(),
        Step::Mapping,
        Key::MappingTitle,
        Key::MappingIntro,
    )
}

/// Step 4: review rejected rows and warnings.
#[component]
pub fn CheckPage() -> impl IntoView {
    step_screen(
        use_app_state(),
        Step::Check,
        Key::CheckTitle,
        Key::CheckIntro,
    )
}
