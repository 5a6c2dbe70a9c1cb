//! What the Connect screen collects, how it is checked, and what the page address may preset.
//!
//! Plain Rust, tested natively. The page address may preset the endpoint and API version
//! (`?graph=http://127.0.0.1:8787&v=v24.0`) but never the token: a `token` / `access_token`
//! parameter is ignored and removed from the address.

use crate::i18n::Text;

/// Meta's Graph API.
pub const META_GRAPH_URL: &str = "https://graph.facebook.com";
/// Where `cargo xtask serve` runs the emulator.
pub const DEFAULT_EMULATOR_URL: &str = "http://127.0.0.1:8787";
/// The API version the form starts with.
pub const DEFAULT_VERSION: &str = "v24.0";
/// Query parameters that would carry a token: never read, always removed.
const TOKEN_PARAMS: [&str; 2] = ["token", "access_token"];

/// Which Graph API the app calls. The page's Content-Security-Policy allows exactly these.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Endpoint {
    /// `https://graph.facebook.com`.
    Meta,
    /// The local emulator at this loopback address (`http://127.0.0.1:PORT`).
    Emulator(String),
}

impl Endpoint {
    /// The base URL requests go to (no trailing slash).
    pub fn base_url(&self) -> &str {
        match self {
            Endpoint::Meta => META_GRAPH_URL,
            Endpoint::Emulator(url) => url,
        }
    }

    /// Read an endpoint from what a person typed or the page address said.
    ///
    /// Only Meta's Graph URL and plain-HTTP loopback addresses are accepted: anything else
    /// would be blocked by the page's `connect-src` anyway, so it is refused with a clear error.
    pub fn parse(text: &str) -> Result<Endpoint, SettingsError> {
        let url = text.trim().trim_end_matches('/');
        if url == META_GRAPH_URL {
            return Ok(Endpoint::Meta);
        }
        let rest = ["http://127.0.0.1", "http://localhost"]
            .iter()
            .find_map(|host| url.strip_prefix(host))
            .ok_or(SettingsError::Endpoint)?;
        let port_ok = match rest.strip_prefix(':') {
            None => rest.is_empty(),
            Some(port) => {
                !port.is_empty()
                    && port.len() <= 5
                    && port.bytes().all(|b| b.is_ascii_digit())
                    && port.parse::<u16>().is_ok_and(|p| p > 0)
            }
        };
        if port_ok {
            Ok(Endpoint::Emulator(url.to_owned()))
        } else {
            Err(SettingsError::Endpoint)
        }
    }
}

/// Where the events go.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TargetKind {
    /// A Conversions API dataset (pixel) id: the default.
    #[default]
    Capi,
    /// A legacy Offline Conversions API offline event set id.
    Ocapi,
}

/// Everything the Connect screen collects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConnectSettings {
    /// The access token (kept in memory; stored only when `remember` is set).
    pub token: String,
    /// Whether the person opted in to keep the token in this browser's storage.
    pub remember: bool,
    /// The Graph API version, e.g. `v24.0`.
    pub version: String,
    /// Dataset or offline event set.
    pub target_kind: TargetKind,
    /// The dataset / offline event set id.
    pub target_id: String,
    /// `true`: the emulator at `emulator_url`; `false`: Meta.
    pub use_emulator: bool,
    /// The emulator's address as typed.
    pub emulator_url: String,
    /// Events Manager's test event code, if any.
    pub test_event_code: String,
    /// The `partner_agent` every dataset event carries (advanced settings; empty: none).
    pub partner_agent: String,
}

impl Default for ConnectSettings {
    fn default() -> Self {
        ConnectSettings {
            token: String::new(),
            remember: false,
            version: DEFAULT_VERSION.to_owned(),
            target_kind: TargetKind::Capi,
            target_id: String::new(),
            use_emulator: false,
            emulator_url: DEFAULT_EMULATOR_URL.to_owned(),
            test_event_code: String::new(),
            partner_agent: events::settings::DEFAULT_PARTNER_AGENT.to_owned(),
        }
    }
}

/// A setting that cannot be used as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SettingsError {
    /// No token.
    TokenMissing,
    /// The version is not `vNN.N`.
    Version,
    /// The target id is not a number.
    TargetId,
    /// The endpoint is neither Meta nor a loopback emulator.
    Endpoint,
}

impl SettingsError {
    /// A stable code, for tests and logs.
    pub fn code(self) -> &'static str {
        match self {
            SettingsError::TokenMissing => "token_missing",
            SettingsError::Version => "invalid_version",
            SettingsError::TargetId => "invalid_target_id",
            SettingsError::Endpoint => "endpoint_not_allowed",
        }
    }

    /// The message shown to the person.
    pub fn message(self) -> Text {
        match self {
            SettingsError::TokenMissing => tr!(invalid_token_missing),
            SettingsError::Version => tr!(invalid_version),
            SettingsError::TargetId => tr!(invalid_target_id),
            SettingsError::Endpoint => tr!(invalid_endpoint),
        }
    }
}

/// `v` followed by `major.minor` digits, e.g. `v24.0`.
pub fn is_valid_version(version: &str) -> bool {
    let Some((major, minor)) = version.strip_prefix('v').and_then(|v| v.split_once('.')) else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.len() <= 3 && s.bytes().all(|b| b.is_ascii_digit());
    digits(major) && digits(minor)
}

/// The checked request target the connection check and the upload use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Target {
    /// Where requests go.
    pub endpoint: Endpoint,
    /// `vNN.N`.
    pub version: String,
    /// Dataset or offline event set.
    pub kind: TargetKind,
    /// Its id (digits).
    pub id: String,
}

impl ConnectSettings {
    /// The endpoint these settings choose.
    pub fn endpoint(&self) -> Result<Endpoint, SettingsError> {
        if self.use_emulator {
            match Endpoint::parse(&self.emulator_url)? {
                // The emulator choice must not smuggle in Meta's URL, or the badge would lie.
                Endpoint::Meta => Err(SettingsError::Endpoint),
                emulator => Ok(emulator),
            }
        } else {
            Ok(Endpoint::Meta)
        }
    }

    /// Whether a check made with `other` still holds for these settings: same token and the
    /// same target (the remember box and the test event code do not matter).
    pub fn same_connection(&self, other: &ConnectSettings) -> bool {
        self.token.trim() == other.token.trim() && self.target() == other.target()
    }

    /// Check every field; the first problem in the order the form shows them.
    pub fn target(&self) -> Result<Target, SettingsError> {
        if self.token.trim().is_empty() {
            return Err(SettingsError::TokenMissing);
        }
        let version = self.version.trim();
        if !is_valid_version(version) {
            return Err(SettingsError::Version);
        }
        let id = self.target_id.trim();
        if id.is_empty() || id.len() > 20 || !id.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SettingsError::TargetId);
        }
        Ok(Target {
            endpoint: self.endpoint()?,
            version: version.to_owned(),
            kind: self.target_kind,
            id: id.to_owned(),
        })
    }
}

impl ConnectSettings {
    /// The events crate's settings for a file `name` of `size` bytes read at `now` (Unix
    /// seconds), as these connection settings want it prepared: the API of the target, the test
    /// event code (datasets only), the partner agent, and the proposed upload tag (the file's
    /// name and today's date, kept in the settings so a resumed upload carries the same tag).
    pub fn file_settings(&self, now: i64, name: &str, size: u64) -> events::Settings {
        let mut settings = events::Settings::new(now);
        if self.target_kind == TargetKind::Ocapi {
            settings.api = matchkeys::Api::Ocapi;
        }
        let code = self.test_event_code.trim();
        if !code.is_empty() && self.target_kind == TargetKind::Capi {
            settings.test_event_code = Some(code.to_owned());
        }
        self.apply_partner_agent(&mut settings);
        settings.upload_tag = Some(events::settings::default_upload_tag(
            name,
            now,
            &settings.time_zone,
        ));
        settings.file = Some(events::settings::FileInfo {
            name: name.to_owned(),
            size,
        });
        settings
    }

    /// Put the partner agent of these settings into `settings` (an empty one sends none).
    pub fn apply_partner_agent(&self, settings: &mut events::Settings) {
        settings.partner_agent = Some(self.partner_agent.trim().to_owned());
    }
}

/// What the page address asked for.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Preset {
    /// `graph=`: an allowed endpoint.
    pub endpoint: Option<Endpoint>,
    /// `v=`: a valid API version.
    pub version: Option<String>,
    /// `graph=` was present but not an allowed endpoint (ignored).
    pub endpoint_rejected: bool,
    /// The address carried a token parameter (ignored; the caller strips it from the address).
    pub token_stripped: bool,
}

impl Preset {
    /// Read a query string (with or without the leading `?`).
    pub fn from_query(query: &str) -> Preset {
        let mut preset = Preset::default();
        for (name, value) in query_pairs(query) {
            match name.as_str() {
                "graph" => match Endpoint::parse(&value) {
                    Ok(endpoint) => preset.endpoint = Some(endpoint),
                    Err(_) => preset.endpoint_rejected = true,
                },
                "v" if is_valid_version(value.trim()) => {
                    preset.version = Some(value.trim().to_owned());
                }
                name if TOKEN_PARAMS.contains(&name) => preset.token_stripped = true,
                _ => {}
            }
        }
        preset
    }

    /// Whether anything was taken from the address.
    pub fn applied(&self) -> bool {
        self.endpoint.is_some() || self.version.is_some()
    }

    /// Apply to fresh settings.
    pub fn apply(&self, settings: &mut ConnectSettings) {
        match &self.endpoint {
            Some(Endpoint::Meta) => settings.use_emulator = false,
            Some(Endpoint::Emulator(url)) => {
                settings.use_emulator = true;
                settings.emulator_url.clone_from(url);
            }
            None => {}
        }
        if let Some(version) = &self.version {
            settings.version.clone_from(version);
        }
    }
}

/// The query string without any token parameter, byte for byte otherwise; `None` when there
/// was nothing to remove (so the caller leaves the address alone). Includes the leading `?`
/// when something remains, and is empty when nothing does.
pub fn query_without_token(query: &str) -> Option<String> {
    let body = query.strip_prefix('?').unwrap_or(query);
    let mut removed = false;
    let kept: Vec<&str> = body
        .split('&')
        .filter(|pair| {
            let name = pair.split('=').next().unwrap_or_default();
            let is_token = TOKEN_PARAMS.contains(&percent_decode(name).as_str());
            removed |= is_token;
            !is_token && !pair.is_empty()
        })
        .collect();
    if !removed {
        return None;
    }
    Some(if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    })
}

/// `application/x-www-form-urlencoded` pairs of a query string, decoded.
fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query
        .strip_prefix('?')
        .unwrap_or(query)
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            (percent_decode(name), percent_decode(value))
        })
}

/// Decode `+` and `%XX`; invalid escapes are kept as written, invalid UTF-8 is replaced.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(byte) => {
                        out.push(byte);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            byte => out.push(byte),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn filled() -> ConnectSettings {
        ConnectSettings {
            token: "T".into(),
            target_id: "400000000000004".into(),
            ..ConnectSettings::default()
        }
    }

    #[test]
    fn a_file_is_prepared_with_the_target_api_partner_agent_and_a_dated_upload_tag() {
        let now = 1_796_601_600; // 2026-12-07
        let settings = filled().file_settings(now, "sales.csv", 42);
        assert_eq!(settings.upload_tag.as_deref(), Some("sales.csv 2026-12-07"));
        assert_eq!(
            settings.partner_agent().as_deref(),
            Some(events::settings::DEFAULT_PARTNER_AGENT)
        );
        assert!(
            events::settings::DEFAULT_PARTNER_AGENT.starts_with("hashdrop/"),
            "hashdrop/<version>"
        );
        assert_eq!(settings.file.as_ref().map(|f| f.size), Some(42));
        let mut custom = filled();
        custom.partner_agent = " acme-pos/2.1 ".into();
        custom.test_event_code = "TEST9".into();
        let settings = custom.file_settings(now, "sales.csv", 42);
        assert_eq!(settings.partner_agent().as_deref(), Some("acme-pos/2.1"));
        assert_eq!(settings.test_event_code.as_deref(), Some("TEST9"));
        custom.partner_agent = String::new();
        assert_eq!(custom.file_settings(now, "s", 1).partner_agent(), None);
        custom.target_kind = TargetKind::Ocapi;
        let legacy = custom.file_settings(now, "s", 1);
        assert_eq!(legacy.api, matchkeys::Api::Ocapi);
        assert_eq!(legacy.test_event_code, None);
    }

    #[test]
    fn endpoints_are_meta_or_loopback_only() {
        assert_eq!(
            Endpoint::parse("https://graph.facebook.com/"),
            Ok(Endpoint::Meta)
        );
        assert_eq!(
            Endpoint::parse(" http://127.0.0.1:8787/ "),
            Ok(Endpoint::Emulator("http://127.0.0.1:8787".into()))
        );
        assert_eq!(
            Endpoint::parse("http://localhost:3000"),
            Ok(Endpoint::Emulator("http://localhost:3000".into()))
        );
        for refused in [
            "http://graph.facebook.com",
            "https://evil.example",
            "http://127.0.0.1.evil.example:80",
            "http://127.0.0.1:80/path",
            "http://localhost:99999",
            "http://localhost:0",
            "http://127.0.0.1:",
            "http://user@127.0.0.1:8787",
            "",
        ] {
            assert_eq!(
                Endpoint::parse(refused),
                Err(SettingsError::Endpoint),
                "{refused}"
            );
        }
    }

    #[test]
    fn versions_look_like_v_major_minor() {
        for ok in ["v24.0", "v9.0", "v100.1"] {
            assert!(is_valid_version(ok), "{ok}");
        }
        for bad in [
            "24.0",
            "v24",
            "v24.",
            "v.0",
            "v24.0/../x",
            "V24.0",
            "v24.0 ",
        ] {
            assert!(!is_valid_version(bad), "{bad}");
        }
    }

    #[test]
    fn settings_are_checked_in_form_order() {
        assert_eq!(
            ConnectSettings::default().target(),
            Err(SettingsError::TokenMissing)
        );
        let mut settings = filled();
        settings.version = "24".into();
        settings.target_id = "x".into();
        assert_eq!(settings.target(), Err(SettingsError::Version));
        settings.version = "v24.0".into();
        assert_eq!(settings.target(), Err(SettingsError::TargetId));
        settings.target_id = "400000000000004".into();
        settings.use_emulator = true;
        settings.emulator_url = "https://graph.facebook.com".into();
        assert_eq!(settings.target(), Err(SettingsError::Endpoint));
    }

    #[test]
    fn a_check_stays_valid_until_the_token_or_target_changes() {
        let checked = filled();
        let mut now = checked.clone();
        now.remember = true;
        now.test_event_code = "TEST123".into();
        assert!(now.same_connection(&checked));
        now.target_id = "400000000000005".into();
        assert!(!now.same_connection(&checked));
        let mut other_token = checked.clone();
        other_token.token = "U".into();
        assert!(!other_token.same_connection(&checked));
    }

    #[test]
    fn the_target_names_the_chosen_endpoint() {
        let mut settings = filled();
        settings.use_emulator = true;
        settings.version = " v23.0 ".into();
        let target = settings.target().unwrap();
        assert_eq!(target.endpoint.base_url(), "http://127.0.0.1:8787");
        assert_eq!(target.version, "v23.0");
        assert_eq!(target.id, "400000000000004");
        settings.use_emulator = false;
        assert_eq!(settings.target().unwrap().endpoint, Endpoint::Meta);
    }

    #[test]
    fn the_address_presets_endpoint_and_version_but_never_the_token() {
        let preset = Preset::from_query("?graph=http%3A%2F%2F127.0.0.1%3A9000&v=v23.0&token=T");
        assert_eq!(
            preset.endpoint,
            Some(Endpoint::Emulator("http://127.0.0.1:9000".into()))
        );
        assert_eq!(preset.version.as_deref(), Some("v23.0"));
        assert!(preset.token_stripped);
        let mut settings = ConnectSettings::default();
        preset.apply(&mut settings);
        assert!(settings.use_emulator);
        assert_eq!(settings.emulator_url, "http://127.0.0.1:9000");
        assert_eq!(settings.version, "v23.0");
        assert_eq!(settings.token, "");
    }

    #[test]
    fn a_foreign_endpoint_or_bad_version_in_the_address_is_ignored() {
        let preset = Preset::from_query("graph=https://evil.example&v=latest");
        assert_eq!(preset.endpoint, None);
        assert_eq!(preset.version, None);
        assert!(preset.endpoint_rejected);
        assert!(!preset.applied());
        assert_eq!(Preset::from_query(""), Preset::default());
    }

    #[test]
    fn token_parameters_are_removed_from_the_address() {
        assert_eq!(query_without_token("?graph=x&v=v24.0"), None);
        assert_eq!(query_without_token(""), None);
        assert_eq!(
            query_without_token("?graph=x&token=T&v=v24.0&access_token=U"),
            Some("?graph=x&v=v24.0".into())
        );
        assert_eq!(
            query_without_token("?access%5Ftoken=U"),
            Some(String::new())
        );
        assert_eq!(query_without_token("token"), Some(String::new()));
    }

    #[test]
    fn percent_decoding_keeps_bad_escapes() {
        assert_eq!(percent_decode("a+b%20c%2"), "a b c%2");
        assert_eq!(percent_decode("%E4%B8%AD"), "中");
        assert_eq!(percent_decode("%zz"), "%zz");
    }
}
