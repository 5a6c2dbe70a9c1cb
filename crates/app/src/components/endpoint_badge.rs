use crate::i18n::Lang;
use crate::settings::Endpoint;
use leptos::prelude::*;

/// Which Graph API the app talks to, always visible in the header.
#[component]
pub fn EndpointBadge(
    /// The endpoint the current settings name (`None` while the typed address is not allowed).
    endpoint: Signal<Option<Endpoint>>,
    /// The UI language.
    lang: Signal<Lang>,
) -> impl IntoView {
    let kind = move || match endpoint.get() {
        Some(Endpoint::Meta) => "meta",
        Some(Endpoint::Emulator(_)) => "emulator",
        None => "none",
    };
    let name = move || {
        let lang = lang.get();
        match endpoint.get() {
            Some(Endpoint::Meta) => lang.t(tr!(endpoint_meta)),
            Some(Endpoint::Emulator(_)) => lang.t(tr!(endpoint_emulator)),
            None => "—",
        }
    };
    let url = move || {
        endpoint
            .get()
            .map(|e| e.base_url().to_owned())
            .unwrap_or_default()
    };
    view! {
        <p class="endpoint-badge" data-testid="endpoint-badge" data-endpoint=kind>
            <span class="endpoint-label">{move || lang.get().t(tr!(endpoint_label))}</span>
            <span class="endpoint-name">{name}</span>
            <code class="endpoint-url" data-testid="endpoint-url">{url}</code>
        </p>
    }
}
