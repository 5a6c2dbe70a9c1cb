//! Log in with Facebook: the OAuth dialog's token flow, as plain Rust (tested natively).
//!
//! The page opens `{dialog origin}/{version}/dialog/oauth?client_id=…&redirect_uri=…&
//! response_type=token&scope=…&state=…` in a pop-up window: `https://www.facebook.com` for Meta,
//! the emulator itself when it is the Graph endpoint (it serves a consent page there). A pop-up,
//! not a redirect of the page, so that nothing the page holds (the settings typed on Connect, a
//! prepared file, an upload waiting for a new login) is lost. The dialog sends the pop-up back to
//! the app's Connect address with the answer in the fragment (`#access_token=…&expires_in=…&
//! state=…`), or, when the person cancels, in the query (`?error=access_denied&error_reason=
//! user_denied&…&state=…`, Facebook's documented parameters). The app in the pop-up removes it
//! from the address at once and hands it to the page that opened it, which accepts the token only
//! if `state` is the one it generated for this login (one use), and keeps the token in memory
//! unless "remember" is on, like a pasted one.

use crate::i18n::Text;
use crate::settings::Endpoint;

/// The permissions hashdrop asks for: uploading to datasets and offline event sets and managing
/// them (`ads_management`), business-owned event sets, sharing and partners
/// (`business_management`), and the insights of the Manage pages (`ads_read`).
pub const SCOPES: [&str; 3] = ["ads_management", "business_management", "ads_read"];

/// The `<meta name>` carrying the app id a build was made for (`cargo xtask dist --app-id`).
pub const APP_ID_META: &str = "hashdrop-app-id";

/// Where Meta's login dialog lives.
pub const FACEBOOK_DIALOG_ORIGIN: &str = "https://www.facebook.com";

/// The parameters of the dialog's answer, in the query or the fragment.
const ANSWER_PARAMS: [&str; 9] = [
    "access_token",
    "expires_in",
    "data_access_expiration_time",
    "state",
    "error",
    "error_code",
    "error_description",
    "error_reason",
    "long_lived_token",
];

/// Whether `text` can be a Meta app id (digits only).
pub fn is_app_id(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.len() <= 20 && text.bytes().all(|b| b.is_ascii_digit())
}

/// The origin serving the login dialog for `endpoint`.
pub fn dialog_origin(endpoint: &Endpoint) -> &str {
    match endpoint {
        Endpoint::Meta => FACEBOOK_DIALOG_ORIGIN,
        Endpoint::Emulator(url) => url,
    }
}

/// The dialog's address for one login.
pub fn dialog_url(
    endpoint: &Endpoint,
    version: &str,
    app_id: &str,
    redirect_uri: &str,
    state: &str,
) -> String {
    let scope = SCOPES.join(",");
    let query = [
        ("client_id", app_id.trim()),
        ("redirect_uri", redirect_uri),
        ("response_type", "token"),
        ("scope", scope.as_str()),
        ("state", state),
    ]
    .iter()
    .map(|(name, value)| format!("{name}={}", percent_encode(value)))
    .collect::<Vec<_>>()
    .join("&");
    format!(
        "{}/{}/dialog/oauth?{query}",
        dialog_origin(endpoint),
        version.trim()
    )
}

/// `state` text from random bytes (hex).
pub fn state_from(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What the dialog answered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// A token.
    Token {
        /// The access token.
        access_token: String,
        /// Its lifetime in seconds, when the dialog said it (`0`: a long-lived token).
        expires_in: Option<u64>,
        /// The `state` it came back with.
        state: Option<String>,
    },
    /// The person declined, or the dialog failed.
    Error {
        /// `error` (`access_denied`, …).
        error: String,
        /// `error_reason` (`user_denied`, …).
        reason: Option<String>,
        /// The `state` it came back with.
        state: Option<String>,
    },
}

/// The dialog's answer in a page address (its query and fragment, with or without `?` / `#`),
/// if the address carries one. A token is read from the fragment only (a token in a query is
/// never taken: see [`crate::settings::query_without_token`]); an error from either.
pub fn answer_in(query: &str, fragment: &str) -> Option<Answer> {
    let read = |text: &str| {
        let mut params = std::collections::BTreeMap::new();
        for pair in text
            .trim_start_matches(['?', '#'])
            .split('&')
            .filter(|p| !p.is_empty())
        {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            params.insert(percent_decode(name), percent_decode(value));
        }
        params
    };
    let (query, fragment) = (read(query), read(fragment));
    if let Some(access_token) = fragment.get("access_token").filter(|t| !t.is_empty()) {
        return Some(Answer::Token {
            access_token: access_token.clone(),
            expires_in: fragment.get("expires_in").and_then(|e| e.parse().ok()),
            state: fragment.get("state").cloned(),
        });
    }
    [fragment, query].into_iter().find_map(|params| {
        params.get("error").map(|error| Answer::Error {
            error: error.clone(),
            reason: params.get("error_reason").cloned(),
            state: params.get("state").cloned(),
        })
    })
}

/// The query without the dialog's answer parameters (`None` when there were none), in the form
/// [`crate::platform::Document::replace_query`] takes.
pub fn query_without_answer(query: &str) -> Option<String> {
    let body = query.strip_prefix('?').unwrap_or(query);
    let mut removed = false;
    let kept: Vec<&str> = body
        .split('&')
        .filter(|pair| {
            let name = percent_decode(pair.split('=').next().unwrap_or_default());
            let answer = ANSWER_PARAMS.contains(&name.as_str());
            removed |= answer;
            !answer && !pair.is_empty()
        })
        .collect();
    removed.then(|| {
        if kept.is_empty() {
            String::new()
        } else {
            format!("?{}", kept.join("&"))
        }
    })
}

/// Why a login did not give a token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LoginError {
    /// No app id: none in the page, none typed.
    NoAppId,
    /// The endpoint or version on Connect cannot be used.
    Settings,
    /// The browser blocked the pop-up.
    PopupBlocked,
    /// The answer's `state` is not the one this page sent (or no login was started here): a
    /// forged or replayed answer, refused.
    StateMismatch,
    /// The person cancelled.
    Cancelled,
    /// The dialog answered an error.
    Failed,
}

impl LoginError {
    /// A stable code (`data-problem`).
    pub fn code(self) -> &'static str {
        match self {
            LoginError::NoAppId => "login_no_app_id",
            LoginError::Settings => "login_settings",
            LoginError::PopupBlocked => "login_popup_blocked",
            LoginError::StateMismatch => "login_state_mismatch",
            LoginError::Cancelled => "login_cancelled",
            LoginError::Failed => "login_failed",
        }
    }

    /// The message shown to the person.
    pub fn message(self) -> Text {
        match self {
            LoginError::NoAppId => tr!(login_no_app_id),
            LoginError::Settings => tr!(login_settings),
            LoginError::PopupBlocked => tr!(login_popup_blocked),
            LoginError::StateMismatch => tr!(login_state_mismatch),
            LoginError::Cancelled => tr!(login_cancelled),
            LoginError::Failed => tr!(login_failed),
        }
    }
}

/// A token from the dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct LoginToken {
    /// The access token.
    pub token: String,
    /// When it expires (Unix milliseconds), when the dialog said.
    pub expires_at_ms: Option<f64>,
}

/// Accepts `answer` for the login that sent `expected` as its state (taken: one use), at `now_ms`.
pub fn accept(
    answer: Answer,
    expected: Option<&str>,
    now_ms: f64,
) -> Result<LoginToken, LoginError> {
    let state = match &answer {
        Answer::Token { state, .. } | Answer::Error { state, .. } => state.as_deref(),
    };
    // Constant-time comparison is not needed: the state is one use, and a mismatch ends the login.
    if expected.is_none() || state != expected {
        return Err(LoginError::StateMismatch);
    }
    match answer {
        Answer::Token {
            access_token,
            expires_in,
            ..
        } => Ok(LoginToken {
            token: access_token,
            expires_at_ms: expires_in
                .filter(|seconds| *seconds > 0)
                .map(|seconds| now_ms + seconds as f64 * 1000.0),
        }),
        Answer::Error { error, reason, .. } => {
            if error == "access_denied" || reason.as_deref() == Some("user_denied") {
                Err(LoginError::Cancelled)
            } else {
                Err(LoginError::Failed)
            }
        }
    }
}

/// Percent-encodes everything but RFC 3986's unreserved characters.
fn percent_encode(text: &str) -> String {
    text.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

fn percent_decode(text: &str) -> String {
    crate::settings::percent_decode(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dialog_url_asks_for_a_token_with_the_scopes_and_the_state() {
        let url = dialog_url(
            &Endpoint::Meta,
            "v24.0",
            " 1234 ",
            "https://example.org/hashdrop/connect",
            "ab12",
        );
        assert_eq!(
            url,
            "https://www.facebook.com/v24.0/dialog/oauth?client_id=1234&redirect_uri=https%3A%2F%2Fexample.org%2Fhashdrop%2Fconnect&response_type=token&scope=ads_management%2Cbusiness_management%2Cads_read&state=ab12"
        );
        let emulator = Endpoint::Emulator("http://127.0.0.1:8787".into());
        assert!(
            dialog_url(&emulator, "v24.0", "1", "x", "s")
                .starts_with("http://127.0.0.1:8787/v24.0/dialog/oauth?")
        );
    }

    #[test]
    fn app_ids_are_digits() {
        assert!(is_app_id("800000000000008"));
        assert!(is_app_id(" 42 "));
        assert!(!is_app_id(""));
        assert!(!is_app_id("12a"));
        assert!(!is_app_id("123456789012345678901"));
    }

    #[test]
    fn the_answer_is_read_from_the_fragment_or_the_query() {
        let token = answer_in(
            "?v=v24.0",
            "#access_token=EAAB%2Bx&data_access_expiration_time=1&expires_in=3600&state=s1",
        );
        assert_eq!(
            token,
            Some(Answer::Token {
                access_token: "EAAB+x".into(),
                expires_in: Some(3600),
                state: Some("s1".into()),
            })
        );
        let cancel = answer_in(
            "?error=access_denied&error_code=200&error_description=Permissions+error&error_reason=user_denied&state=s2",
            "#_=_",
        );
        assert_eq!(
            cancel,
            Some(Answer::Error {
                error: "access_denied".into(),
                reason: Some("user_denied".into()),
                state: Some("s2".into()),
            })
        );
        assert_eq!(answer_in("?graph=x", "#main"), None);
        assert_eq!(
            answer_in("?access_token=T&state=s", ""),
            None,
            "never a token in a query"
        );
        assert_eq!(answer_in("", "#access_token="), None);
    }

    #[test]
    fn only_the_answer_leaves_the_query() {
        assert_eq!(query_without_answer("?graph=x&v=v24.0"), None);
        assert_eq!(
            query_without_answer("?graph=x&error=access_denied&error_reason=user_denied&state=s"),
            Some("?graph=x".into())
        );
        assert_eq!(
            query_without_answer("?error=access_denied"),
            Some(String::new())
        );
    }

    #[test]
    fn a_token_is_accepted_only_with_the_state_this_page_sent() {
        let answer = |state: &str| Answer::Token {
            access_token: "EAAB".into(),
            expires_in: Some(60),
            state: Some(state.into()),
        };
        let token = accept(answer("s1"), Some("s1"), 1_000.0).unwrap();
        assert_eq!(token.token, "EAAB");
        assert_eq!(token.expires_at_ms, Some(61_000.0));
        assert_eq!(
            accept(answer("s2"), Some("s1"), 0.0),
            Err(LoginError::StateMismatch)
        );
        assert_eq!(
            accept(answer("s1"), None, 0.0),
            Err(LoginError::StateMismatch),
            "no login was started here"
        );
        let no_state = Answer::Token {
            access_token: "EAAB".into(),
            expires_in: None,
            state: None,
        };
        assert_eq!(
            accept(no_state, Some("s1"), 0.0),
            Err(LoginError::StateMismatch)
        );
        let long_lived = Answer::Token {
            access_token: "EAAB".into(),
            expires_in: Some(0),
            state: Some("s".into()),
        };
        assert_eq!(
            accept(long_lived, Some("s"), 5.0).unwrap().expires_at_ms,
            None
        );
    }

    #[test]
    fn a_cancel_and_other_errors_are_told_apart_and_need_the_state_too() {
        let error = |error: &str, reason: Option<&str>, state: &str| Answer::Error {
            error: error.into(),
            reason: reason.map(str::to_owned),
            state: Some(state.into()),
        };
        assert_eq!(
            accept(
                error("access_denied", Some("user_denied"), "s"),
                Some("s"),
                0.0
            ),
            Err(LoginError::Cancelled)
        );
        assert_eq!(
            accept(error("server_error", None, "s"), Some("s"), 0.0),
            Err(LoginError::Failed)
        );
        assert_eq!(
            accept(error("access_denied", None, "x"), Some("s"), 0.0),
            Err(LoginError::StateMismatch)
        );
    }

    #[test]
    fn every_error_has_a_distinct_code() {
        let all = [
            LoginError::NoAppId,
            LoginError::Settings,
            LoginError::PopupBlocked,
            LoginError::StateMismatch,
            LoginError::Cancelled,
            LoginError::Failed,
        ];
        let mut codes: Vec<_> = all.iter().map(|e| e.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
        assert_eq!(state_from(&[0, 255, 16]), "00ff10");
    }
}
