use crate::i18n::Lang;
use leptos::prelude::*;

/// What the hash preview shows for one typed e-mail address.
pub(crate) fn email_preview(raw: &str) -> String {
    if raw.trim().is_empty() {
        return String::new();
    }
    match matchkeys::hash_email(raw) {
        Ok(hash) => hash,
        Err(error) => error.to_string(),
    }
}

/// Type an e-mail address, see the SHA-256 the core computes in the page (nothing is sent).
#[component]
pub fn HashTryout(
    /// The UI language.
    lang: Signal<Lang>,
) -> impl IntoView {
    let (email, set_email) = signal(String::new());
    let preview = Memo::new(move |_| email.with(|raw| email_preview(raw)));
    let t = move |key| lang.get().t(key);
    view! {
        <section class="card side" aria-labelledby="try-heading">
            <h2 id="try-heading">{move || t(tr!(try_title))}</h2>
            <p class="hint">{move || t(tr!(try_intro))}</p>
            <label for="try-email">{move || t(tr!(try_email_label))}</label>
            <input
                id="try-email"
                data-testid="try-email"
                type="email"
                autocomplete="off"
                spellcheck="false"
                on:input=move |ev| set_email.set(event_target_value(&ev))
                prop:value=email
            />
            <p class="hint">{move || t(tr!(try_hash_hint))}</p>
            <output data-testid="try-email-hash" for="try-email" class="hash">
                {move || preview.get()}
            </output>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::email_preview;

    #[test]
    fn preview_is_empty_until_something_is_typed() {
        assert_eq!(email_preview("  "), "");
    }

    #[test]
    fn preview_shows_the_hash_or_the_reason() {
        assert_eq!(
            email_preview("John_Smith@gmail.com"),
            "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f"
        );
        assert!(email_preview("nope").starts_with("em: not an e-mail address"));
    }
}
