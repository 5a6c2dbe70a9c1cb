//! Countries: ISO 3166-1 alpha-2 codes from codes, alpha-3 codes, English names and aliases.
//!
//! The ISO data and most aliases (`Great Britain`, `Holland`, `America`, …) come from `celes`,
//! read at build time into a sorted table (`build.rs`); [`EXTRA_ALIASES`] adds the few common
//! spellings it lacks or gets wrong.

use crate::MatchKey;
use crate::error::{ErrorKind, MatchKeyError};
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

include!(concat!(env!("OUT_DIR"), "/countries.rs"));

/// Aliases checked before `celes`' table, keyed by the squashed form (lowercase letters only).
/// `uk` is not an ISO code but is what people write; `celes` maps `samoa` to American Samoa.
const EXTRA_ALIASES: [(&str, [u8; 2]); 14] = [
    ("uk", *b"gb"),
    ("britain", *b"gb"),
    ("samoa", *b"ws"),
    ("deutschland", *b"de"),
    ("espana", *b"es"),
    ("italia", *b"it"),
    ("nederland", *b"nl"),
    ("osterreich", *b"at"),
    ("belgique", *b"be"),
    ("belgie", *b"be"),
    ("schweiz", *b"ch"),
    ("suisse", *b"ch"),
    ("brasil", *b"br"),
    ("southkorea", *b"kr"),
];

/// An ISO 3166-1 alpha-2 country code, lowercase (`"us"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Country([u8; 2]);

impl Country {
    /// Parse a country from an alpha-2 or alpha-3 code, an English name or a common alias,
    /// ignoring case, spaces, punctuation and accents (`"U.S."`, `"United Kingdom"`, `"DEU"`,
    /// `"Holland"`). Unknown values are rejected (`invalid_country`), never cut to two letters.
    ///
    /// ```
    /// use matchkeys::Country;
    /// assert_eq!(Country::parse("United States").unwrap().as_str(), "us");
    /// assert_eq!(Country::parse("Great Britain").unwrap().as_str(), "gb");
    /// assert!(Country::parse("Narnia").is_err());
    /// ```
    pub fn parse(raw: &str) -> Result<Country, MatchKeyError> {
        let error = || MatchKeyError::new(MatchKey::Country, ErrorKind::Country);
        let raw = raw.trim();
        // Fast path: an alpha-2 code as written in most files, without allocating.
        if let [a, b] = raw.as_bytes()
            && a.is_ascii_alphabetic()
            && b.is_ascii_alphabetic()
        {
            let code = [a.to_ascii_lowercase(), b.to_ascii_lowercase()];
            return Self::lookup(&code).ok_or_else(error);
        }
        let key = squash(raw);
        Self::lookup(key.as_bytes()).ok_or_else(error)
    }

    fn lookup(key: &[u8]) -> Option<Country> {
        if key.is_empty() {
            return None;
        }
        Self::from_alias(key).or_else(|| {
            COUNTRIES
                .binary_search_by(|(name, _)| name.as_bytes().cmp(key))
                .ok()
                .map(|index| Country(COUNTRIES[index].1))
        })
    }

    fn from_alias(key: &[u8]) -> Option<Country> {
        EXTRA_ALIASES
            .iter()
            .find(|(alias, _)| alias.as_bytes() == key)
            .map(|(_, code)| Country(*code))
    }

    /// The code, lowercase (`"us"`).
    pub fn as_str(&self) -> &str {
        as_text(&self.0)
    }

    /// The two lowercase ASCII letters.
    pub(crate) fn code(&self) -> [u8; 2] {
        self.0
    }
}

impl std::fmt::Display for Country {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

fn as_text(code: &[u8; 2]) -> &str {
    // Both bytes are ASCII letters by construction, so this never falls back.
    std::str::from_utf8(code).unwrap_or("zz")
}

/// Lowercase ASCII letters only: accents stripped (`Côte` → `cote`), spaces, dots, digits and
/// punctuation dropped. Digits are dropped so numeric ISO codes never match: a country column
/// holding a postal code is an error, not a country.
fn squash(raw: &str) -> String {
    let mut key = String::with_capacity(raw.len());
    if raw.is_ascii() {
        key.extend(
            raw.bytes()
                .filter(u8::is_ascii_alphabetic)
                .map(|b| char::from(b.to_ascii_lowercase())),
        );
        if raw.bytes().any(|b| b.is_ascii_digit()) {
            key.clear();
        }
    } else {
        // Lowercase the whole string first (Unicode's mapping is context-sensitive), then
        // decompose to drop the accents.
        for c in raw.to_lowercase().nfd() {
            if c.is_ascii_digit() {
                key.clear();
                break;
            }
            if c.is_alphabetic() && !is_combining_mark(c) {
                key.push(c);
            }
        }
    }
    key
}
