//! The hashdrop web app (Leptos, client-side rendered).
//!
//! `main.rs` only mounts [`App`]; everything else lives here so tests can mount it.
#![deny(missing_docs)]

use leptos::prelude::*;

/// What the hash preview shows for one typed e-mail address.
fn email_preview(raw: &str) -> String {
    if raw.trim().is_empty() {
        return String::new();
    }
    match matchkeys::hash_email(raw) {
        Ok(hash) => hash,
        Err(error) => error.to_string(),
    }
}

/// The whole app.
#[component]
pub fn App() -> impl IntoView {
    let (email, set_email) = signal(String::new());
    let preview = Memo::new(move |_| email.with(|raw| email_preview(raw)));
    view! {
        <header class="masthead">
            <h1 data-testid="app-title">"hashdrop"</h1>
            <p class="tagline">
                "Offline conversions to Meta, hashed in your browser. Raw personal data never leaves this page."
            </p>
        </header>
        <main>
            <section class="card" aria-labelledby="try-heading">
                <h2 id="try-heading">"Try the hashing core"</h2>
                <label for="try-email">"E-mail address"</label>
                <input
                    id="try-email"
                    data-testid="try-email"
                    type="email"
                    autocomplete="off"
                    spellcheck="false"
                    on:input=move |ev| set_email.set(event_target_value(&ev))
                    prop:value=email
                />
                <p class="hint">"SHA-256 of the normalized address, computed by the WebAssembly core:"</p>
                <output data-testid="try-email-hash" for="try-email" class="hash">
                    {move || preview.get()}
                </output>
            </section>
        </main>
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
