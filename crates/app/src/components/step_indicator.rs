use crate::i18n::Lang;
use crate::steps::Step;
use leptos::prelude::*;

/// The numbered steps of the upload flow; the current one is marked for assistive technology.
#[component]
pub fn StepIndicator(
    /// The step on screen (`None` on other pages).
    current: Signal<Option<Step>>,
    /// The UI language.
    lang: Signal<Lang>,
) -> impl IntoView {
    let items = Step::ALL
        .into_iter()
        .map(|step| {
            let is_current = move || current.get() == Some(step);
            let is_done = move || current.get().is_some_and(|c| c.number() > step.number());
            view! {
                <li class="step" class:current=is_current class:done=is_done>
                    <a
                        href=step.href()
                        data-testid=format!("step-{}", step.slug())
                        aria-current=move || is_current().then_some("step")
                    >
                        <span class="step-number" aria-hidden="true">{step.number()}</span>
                        <span class="step-label">{move || lang.get().t(step.label())}</span>
                    </a>
                </li>
            }
        })
        .collect_view();
    view! {
        <nav class="steps" aria-label=move || lang.get().t(tr!(steps_label)) data-testid="steps">
            <ol>{items}</ol>
        </nav>
    }
}
