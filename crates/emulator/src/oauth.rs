//! Facebook Login's OAuth dialog, token flow (`response_type=token`), as the emulator's own
//! consent page: `GET /dialog/oauth` (with or without a `/vNN.N` prefix) shows a real HTML form
//! naming the app and the permissions asked for, with Continue and Cancel; posting it redirects
//! back to `redirect_uri` the way Facebook does:
//!
//! - Continue: `redirect_uri#access_token=…&data_access_expiration_time=…&expires_in=…&state=…`,
//!   the token registered as a short-lived login token (allowed everything, expiring after the
//!   login lifetime on the emulator's clock: `--login-lifetime`, or `POST /__emulator/oauth`);
//! - Cancel: `redirect_uri?error=access_denied&error_code=200&error_description=Permissions+error&error_reason=user_denied&state=…#_=_`,
//!   the parameters Facebook's "Manually build a login flow" documents for a person who declines.
//!
//! As on Facebook, the dialog refuses (with an error page, no redirect) an unknown app id, a
//! `redirect_uri` outside the allowed origins (the CORS origins, or any loopback address when
//! none are configured), a response type other than `token` and a permission it does not know.

use crate::shared::{Emulator, now};
use crate::state::TokenGrant;
use axum::{
    body::Bytes,
    extract::{Query, State},
    http::{StatusCode, header},
    response::{Html, IntoResponse, Response},
};
use graph::RandomSource;
use std::collections::HashMap;

/// The seeded app id the dialog knows (`--app-id` of `cargo xtask dist`, typed on Connect).
pub const APP_ID: &str = "800000000000008";
/// The seeded app's name, shown on the consent page.
pub const APP_NAME: &str = "hashdrop Demo App";
/// How long a login token lives by default, in seconds (Facebook's short-lived tokens: hours).
pub const DEFAULT_LOGIN_LIFETIME: i64 = 3_600;

/// The permissions the dialog can grant, with what the consent page says of each.
const PERMISSIONS: [(&str, &str); 5] = [
    (
        "ads_management",
        "Manage your ads, datasets and offline event sets, and upload conversions to them",
    ),
    ("ads_read", "Read your ads' insights"),
    (
        "business_management",
        "Manage your business: its offline event sets, ad accounts and partners",
    ),
    ("public_profile", "Your public profile"),
    ("email", "Your e-mail address"),
];

/// What the dialog was asked for, read and checked.
struct DialogRequest {
    client_id: String,
    redirect_uri: String,
    state: Option<String>,
    scopes: Vec<&'static (&'static str, &'static str)>,
}

/// Why the dialog shows an error page instead of redirecting: Facebook's title and message.
struct Refusal {
    title: &'static str,
    message: String,
}

fn refuse(title: &'static str, message: &str) -> Refusal {
    Refusal {
        title,
        message: message.to_owned(),
    }
}

/// The error page of a refusal (400, no redirect).
fn error_page(Refusal { title, message }: Refusal) -> Response {
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>{title}</title></head>\
         <body><main data-testid=\"oauth-error\"><h1>{title}</h1><p>{message}</p></main></body></html>",
        title = escape(title),
        message = escape(&message),
    );
    (StatusCode::BAD_REQUEST, Html(page)).into_response()
}

/// HTML text and attribute escaping.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// The origin (`scheme://host[:port]`) of an absolute http(s) URL.
fn origin_of(url: &str) -> Option<&str> {
    let rest = url
        .strip_prefix("http://")
        .or_else(|| url.strip_prefix("https://"))?;
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    if host_end == 0 || rest[..host_end].contains('@') {
        return None;
    }
    Some(&url[..url.len() - rest.len() + host_end])
}

/// Checks the dialog's parameters as Facebook does before showing anything.
fn check(emulator: &Emulator, params: &HashMap<String, String>) -> Result<DialogRequest, Refusal> {
    let client_id = params.get("client_id").cloned().unwrap_or_default();
    if client_id != APP_ID {
        return Err(refuse(
            "Invalid App ID",
            "The provided app ID does not look like a valid app ID.",
        ));
    }
    let redirect_uri = params.get("redirect_uri").cloned().unwrap_or_default();
    let allowed = origin_of(&redirect_uri).is_some_and(|origin| {
        let origins = &emulator.config.origins;
        if origins.is_empty() {
            crate::cors::is_local(origin)
        } else {
            origins.iter().any(|o| o.trim_end_matches('/') == origin)
        }
    });
    if !allowed {
        return Err(refuse(
            "URL Blocked",
            "This redirect failed because the redirect URI is not whitelisted in the app's \
             Client OAuth Settings.",
        ));
    }
    if params.get("response_type").map(String::as_str) != Some("token") {
        return Err(refuse(
            "Unsupported response type",
            "This dialog answers response_type=token only.",
        ));
    }
    let mut scopes = Vec::new();
    for name in params
        .get("scope")
        .map(String::as_str)
        .unwrap_or("public_profile")
        .split([',', ' '])
        .filter(|s| !s.is_empty())
    {
        match PERMISSIONS.iter().find(|(known, _)| *known == name) {
            Some(permission) if !scopes.contains(&permission) => scopes.push(permission),
            Some(_) => {}
            None => {
                return Err(refuse(
                    "Invalid Scopes",
                    &format!("Invalid Scopes: {name}. This permission is not known."),
                ));
            }
        }
    }
    Ok(DialogRequest {
        client_id,
        redirect_uri,
        state: params.get("state").cloned(),
        scopes,
    })
}

/// `GET /dialog/oauth`: the consent page.
pub async fn consent(
    State(emulator): State<Emulator>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let request = match check(&emulator, &params) {
        Ok(request) => request,
        Err(refusal) => return error_page(refusal),
    };
    let hidden = |name: &str, value: &str| {
        format!(
            "<input type=\"hidden\" name=\"{name}\" value=\"{}\" data-testid=\"oauth-{name}\">",
            escape(value)
        )
    };
    let scope_names: Vec<&str> = request.scopes.iter().map(|(name, _)| *name).collect();
    let items: String = request
        .scopes
        .iter()
        .map(|(name, text)| {
            format!(
                "<li data-testid=\"oauth-scope\" data-scope=\"{name}\">{}</li>",
                escape(text)
            )
        })
        .collect();
    let page = format!(
        "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <title>Log in with Facebook (emulator)</title></head><body><main>\
         <h1><span data-testid=\"oauth-app-name\">{app}</span> would like to use your account</h1>\
         <p>This is the Graph API emulator's login dialog: nothing leaves this machine.</p>\
         <p>It asks for:</p><ul>{items}</ul>\
         <form method=\"post\" action=\"/dialog/oauth\" data-testid=\"oauth-form\">\
         {client_id}{redirect_uri}{state}{scope}{response_type}\
         <button type=\"submit\" name=\"decision\" value=\"allow\" data-testid=\"oauth-continue\">Continue</button> \
         <button type=\"submit\" name=\"decision\" value=\"cancel\" data-testid=\"oauth-cancel\">Cancel</button>\
         </form></main></body></html>",
        app = escape(APP_NAME),
        client_id = hidden("client_id", &request.client_id),
        redirect_uri = hidden("redirect_uri", &request.redirect_uri),
        state = hidden("state", request.state.as_deref().unwrap_or("")),
        scope = hidden("scope", &scope_names.join(",")),
        response_type = hidden("response_type", "token"),
    );
    Html(page).into_response()
}

/// A fresh token, in the shape of Facebook's (`EAA…`), unguessable enough for a local emulator.
fn new_token(emulator: &Emulator) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    let trace = emulator.trace_id();
    let mut random = graph::SplitMix64::new(
        (nanos as u64)
            ^ trace
                .bytes()
                .fold(0u64, |h, b| h.rotate_left(7) ^ u64::from(b)),
    );
    let words: String = (0..3)
        .map(|_| format!("{:016x}", random.next_u64()))
        .collect();
    format!("EAAH{words}")
}

/// `application/x-www-form-urlencoded` text of `pairs`.
fn form(pairs: &[(&str, &str)]) -> String {
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

fn redirect(location: &str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, location)]).into_response()
}

/// `POST /dialog/oauth`: the person's answer; redirects back with a token or the error.
pub async fn decide(State(emulator): State<Emulator>, body: Bytes) -> Response {
    let params: HashMap<String, String> = serde_urlencoded::from_bytes(&body).unwrap_or_default();
    let request = match check(&emulator, &params) {
        Ok(request) => request,
        Err(refusal) => return error_page(refusal),
    };
    let state = request.state.as_deref().unwrap_or("");
    // The fragment or query goes after whatever the redirect URI has (without its own fragment).
    let base = request
        .redirect_uri
        .split('#')
        .next()
        .unwrap_or(&request.redirect_uri);
    if params.get("decision").map(String::as_str) != Some("allow") {
        let separator = if base.contains('?') { '&' } else { '?' };
        let query = form(&[
            ("error", "access_denied"),
            ("error_code", "200"),
            ("error_description", "Permissions error"),
            ("error_reason", "user_denied"),
            ("state", state),
        ]);
        return redirect(&format!("{base}{separator}{query}#_=_"));
    }
    let token = new_token(&emulator);
    let lifetime = emulator.login_lifetime();
    let expires_at = {
        let mut store = emulator.store();
        let expires_at = now(&store).saturating_add(lifetime);
        store.tokens.insert(
            token.clone(),
            TokenGrant {
                allow: vec!["*".to_owned()],
                expires_at: Some(expires_at),
                ..TokenGrant::default()
            },
        );
        expires_at
    };
    emulator.persist();
    // Data access lasts 90 days past the login, as Facebook's does.
    let data_access = expires_at
        .saturating_sub(lifetime)
        .saturating_add(90 * 86_400);
    let fragment = form(&[
        ("access_token", &token),
        ("data_access_expiration_time", &data_access.to_string()),
        ("expires_in", &lifetime.to_string()),
        ("state", state),
    ]);
    redirect(&format!("{base}#{fragment}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn origins_are_read_from_absolute_http_urls_only() {
        assert_eq!(
            origin_of("http://127.0.0.1:8080/connect?x#y"),
            Some("http://127.0.0.1:8080")
        );
        assert_eq!(
            origin_of("https://example.org"),
            Some("https://example.org")
        );
        assert_eq!(origin_of("http://user@127.0.0.1:8080/"), None);
        assert_eq!(origin_of("javascript:alert(1)"), None);
        assert_eq!(origin_of("http:///x"), None);
    }

    #[test]
    fn escaping_covers_text_and_attributes() {
        assert_eq!(
            escape(r#"<a href="x">'&'</a>"#),
            "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;"
        );
    }
}
