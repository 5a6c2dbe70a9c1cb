use leptos::prelude::*;

/// What a step needs before it can be used, with a link to the step that provides it.
#[component]
pub fn StepRequirement(
    /// Why the step cannot be used yet.
    message: Signal<&'static str>,
    /// Where to go (an address under the site's base: [`crate::links::href`]).
    #[prop(into)]
    href: String,
    /// The link's text.
    link_text: Signal<&'static str>,
) -> impl IntoView {
    view! {
        <div class="notice notice-info" data-testid="step-requirement" role="status">
            <p>{message}</p>
            <a class="button button-secondary" href=href data-testid="step-requirement-link">
                {link_text}
            </a>
        </div>
    }
}
