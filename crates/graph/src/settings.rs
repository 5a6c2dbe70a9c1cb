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

/// Why user-entered settings are refused.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingsError {
    /// The version is not `vNN.0` (e.g. `v24.0`).
    Version,
    /// The base URL is not `http(s)://host[:port]` (no path, query or fragment).
    BaseUrl,
}

impl SettingsError {
    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            SettingsError::Version => "settings_version",
            SettingsError::BaseUrl => "settings_base_url",
        }
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            SettingsError::Version => "the API version must look like v24.0",
            SettingsError::BaseUrl => {
                "the base URL must be http:// or https:// and a host, e.g. https://graph.facebook.com"
            }
        })
    }
}

impl std::error::Error for SettingsError {}

/// Whether `version` is a Graph API version as it appears in a URL: `v` + digits + `.` + digits
/// (`v24.0`). The one check of this syntax: the client's settings and the emulator's router use it.
///
/// ```
/// assert!(graph::is_api_version("v24.0"));
/// assert!(!graph::is_api_version("24.0"));
/// assert!(!graph::is_api_version("v24"));
/// ```
pub fn is_api_version(version: &str) -> bool {
    version
        .strip_prefix('v')
        .and_then(|rest| rest.split_once('.'))
        .is_some_and(|(major, minor)| {
            !major.is_empty()
                && !minor.is_empty()
                && major.bytes().all(|b| b.is_ascii_digit())
                && minor.bytes().all(|b| b.is_ascii_digit())
        })
}

fn valid_base_url(url: &str) -> bool {
    let host = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    host.is_some_and(|host| {
        !host.is_empty()
            && host
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
    })
}

impl Settings {
    /// Settings from what a person typed: checked, so a URL can only ever be
    /// `base/version/path`.
    pub fn parse(
        base_url: &str,
        version: &str,
        timeout_ms: u64,
    ) -> Result<Settings, SettingsError> {
        let base_url = base_url.trim().trim_end_matches('/');
        let version = version.trim();
        if !valid_base_url(base_url) {
            return Err(SettingsError::BaseUrl);
        }
        if !is_api_version(version) {
            return Err(SettingsError::Version);
        }
        Ok(Settings {
            version: version.to_owned(),
            base_url: base_url.to_owned(),
            timeout_ms,
        })
    }
}

/// An access token. Its `Debug` and `Display` never show it, and the crate only ever puts it in
/// a POST body.
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_settings_are_checked() {
        let settings = Settings::parse(" http://127.0.0.1:8787/ ", "v24.0", 1_500).unwrap();
        assert_eq!(settings.base_url, "http://127.0.0.1:8787");
        assert_eq!(settings.version, "v24.0");
        assert!(Settings::parse("https://graph.facebook.com", "v9.0", 1).is_ok());
        for version in ["24.0", "v24", "v24.x", "v.0", "v24.0?x"] {
            assert_eq!(
                Settings::parse("https://graph.facebook.com", version, 1),
                Err(SettingsError::Version),
                "{version}"
            );
        }
        for url in [
            "graph.facebook.com",
            "ftp://x",
            "https://",
            "https://x/path",
            "https://x?access_token=t",
            "https://user@x",
        ] {
            assert_eq!(
                Settings::parse(url, "v24.0", 1),
                Err(SettingsError::BaseUrl),
                "{url}"
            );
        }
        assert_eq!(SettingsError::Version.code(), "settings_version");
    }
}
