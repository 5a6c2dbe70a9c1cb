//! Where to call and with which token.

use std::fmt;

/// The Graph API version hashdrop calls by default.
pub const DEFAULT_API_VERSION: &str = "v24.0";
/// Meta's Graph API.
pub const DEFAULT_BASE_URL: &str = "https://graph.facebook.com";

/// Client settings.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Settings {
    /// `vNN.0`.
    pub version: String,
    /// Scheme and host (and port), without a trailing slash: Meta's, or the local emulator's.
    pub base_url: String,
    /// How long one request may take before it counts as timed out.
    pub timeout_ms: u64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            version: DEFAULT_API_VERSION.to_owned(),
            base_url: DEFAULT_BASE_URL.to_owned(),
            timeout_ms: 15_000,
        }
    }
}

impl Settings {
    /// Settings for another base URL (e.g. the emulator at `http://127.0.0.1:8787`).
    pub fn with_base_url(base_url: &str) -> Settings {
        Settings {
            base_url: base_url.trim_end_matches('/').to_owned(),
            ..Settings::default()
        }
    }

    /// The same settings with another API version.
    pub fn version(mut self, version: &str) -> Settings {
        version.clone_into(&mut self.version);
        self
    }

    /// The same settings with another timeout.
    pub fn timeout_ms(mut self, timeout_ms: u64) -> Settings {
        self.timeout_ms = timeout_ms;
        self
    }
}

/// An access token. Its `Debug` and `Display` never show it, and the crate only ever puts it in
/// a POST body or an `Authorization` header.
#[derive(Clone, PartialEq, Eq)]
pub struct AccessToken(String);

impl AccessToken {
    /// Wrap a token.
    pub fn new(token: impl Into<String>) -> Self {
        AccessToken(token.into().trim().to_owned())
    }

    pub(crate) fn secret(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("AccessToken(…)")
    }
}

impl fmt::Display for AccessToken {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("…")
    }
}
