#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

mod batch;
#[cfg(feature = "bench")]
#[doc(hidden)]
pub mod bench;
mod country;
mod date;
mod error;
mod key;
mod lanes;
mod normalize;
mod phone;
mod record;
mod state;
mod text;

pub use batch::HashBatch;
pub use country::Country;
pub use error::{ErrorKind, MatchKeyError};
pub use key::MatchKey;
pub use record::{Built, MatchKeys, RawRecord, UserData};

use normalize::{Found, Outcome};
use sha2::{Digest, Sha256};

/// Which Meta API the keys are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Api {
    /// Conversions API `user_data` (the default).
    #[default]
    Capi,
    /// Legacy Offline Conversions API `match_keys`.
    Ocapi,
}

/// How to read a date whose day and month are both 12 or less (`05-03-1995`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DateOrder {
    /// `MM/DD/YYYY` (the default).
    #[default]
    MonthFirst,
    /// `DD/MM/YYYY`.
    DayFirst,
}

/// Settings that apply to a whole file or call.
#[derive(Debug, Clone)]
pub struct Options {
    /// Used when a record has no (valid) country of its own.
    pub default_country: Option<Country>,
    /// Day/month order of ambiguous dates.
    pub date_order: DateOrder,
    /// Hash `external_id` (default `true`, as Meta recommends).
    pub hash_external_id: bool,
    /// The current year: a date of birth after it is rejected. A pure crate has no clock, so
    /// callers derive it from their `now`.
    pub current_year: i32,
}

impl Options {
    /// Defaults (no default country, month-first dates, hashed `external_id`) for `current_year`.
    pub fn new(current_year: i32) -> Options {
        Options {
            default_country: None,
            date_order: DateOrder::MonthFirst,
            hash_external_id: true,
            current_year,
        }
    }
}

/// Per-record context: the record's own country (its `country` column) beats the default.
#[derive(Debug, Clone, Copy)]
pub struct Context<'a> {
    /// The file-level settings.
    pub options: &'a Options,
    /// The record's own country, if it has a valid one.
    pub country: Option<Country>,
}

impl<'a> Context<'a> {
    /// A context with no record country (the default country applies).
    pub fn new(options: &'a Options) -> Self {
        Context {
            options,
            country: None,
        }
    }

    /// The same context with the record's country set.
    pub fn with_country(self, country: Option<Country>) -> Self {
        Context { country, ..self }
    }

    /// The country that applies: the record's, else the default.
    pub fn country(&self) -> Option<Country> {
        self.country.or(self.options.default_country)
    }
}

/// A normalized value ready to hash (or to send raw for unhashed keys), plus any warning.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Normalized {
    /// The normalized value (or an already-hashed value, lowercased).
    pub value: String,
    /// A non-fatal remark about the value.
    pub warning: Option<Warning>,
}

/// A non-fatal remark about a value that was kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// A national phone number with no known country: leading zeros stripped, no country code
    /// added, so it may not match.
    PhoneWithoutCountryCode,
}

impl Warning {
    /// Every warning, in declaration order.
    pub const ALL: [Warning; 1] = [Warning::PhoneWithoutCountryCode];

    /// Stable code (`"phone_without_country_code"`).
    pub fn code(self) -> &'static str {
        match self {
            Warning::PhoneWithoutCountryCode => "phone_without_country_code",
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Warning::PhoneWithoutCountryCode => f.write_str(
                "ph: no country known for a national number; sent without a country code",
            ),
        }
    }
}

/// Normalize one value. `Ok(None)` when it is empty after normalization (the key is simply left
/// out). An already-hashed value (64 hex digits, trimmed) is passed through lowercased.
pub fn normalize(
    key: MatchKey,
    raw: &str,
    ctx: &Context<'_>,
) -> Result<Option<Normalized>, MatchKeyError> {
    Ok(match normalize::outcome(key, raw, ctx)? {
        Outcome::Empty => None,
        Outcome::Value(value, warning) => Some(Normalized { value, warning }),
        Outcome::Hashed(value) => Some(Normalized {
            value,
            warning: None,
        }),
    })
}

/// Normalize then hash (64 lowercase hex), or the normalized raw value for keys that are not
/// hashed for `api` (`lead_id`, CAPI `madid`, unhashed `external_id`). `Ok(None)` when empty.
pub fn hash(
    key: MatchKey,
    raw: &str,
    api: Api,
    ctx: &Context<'_>,
) -> Result<Option<String>, MatchKeyError> {
    hash_with_warning(key, raw, api, ctx).map(|found| found.map(|(value, _)| value))
}

/// [`hash`], also returning the warning the value carried.
pub fn hash_with_warning(
    key: MatchKey,
    raw: &str,
    api: Api,
    ctx: &Context<'_>,
) -> Result<Option<(String, Option<Warning>)>, MatchKeyError> {
    hash_with_buffer(key, raw, api, ctx, &mut String::new())
}

/// [`hash_with_warning`], normalizing into `scratch` (a buffer reused value after value) so
/// that only the hash gets a `String` of its own.
pub(crate) fn hash_with_buffer(
    key: MatchKey,
    raw: &str,
    api: Api,
    ctx: &Context<'_>,
    scratch: &mut String,
) -> Result<Option<(String, Option<Warning>)>, MatchKeyError> {
    Ok(match prepare(key, raw, api, ctx, scratch)? {
        Prepared::Empty => None,
        Prepared::Ready(warning) => Some((std::mem::take(scratch), warning)),
        Prepared::ToHash(warning) => Some((sha256_hex(scratch), warning)),
    })
}

/// What a value becomes for `api`, before any hashing: the text is left in `scratch`.
pub(crate) enum Prepared {
    /// Empty after normalization: the key is left out.
    Empty,
    /// `scratch` is sent as it is (an unhashed key, or a digest passed through lowercased).
    Ready(Option<Warning>),
    /// `scratch` is to be hashed.
    ToHash(Option<Warning>),
}

/// Normalize `raw` into `scratch` and say whether it still needs hashing.
pub(crate) fn prepare(
    key: MatchKey,
    raw: &str,
    api: Api,
    ctx: &Context<'_>,
    scratch: &mut String,
) -> Result<Prepared, MatchKeyError> {
    let hashed = key.is_hashed(api, ctx.options);
    Ok(match normalize::outcome_into(key, raw, ctx, scratch)? {
        Found::Empty => Prepared::Empty,
        Found::Hashed => Prepared::Ready(None),
        Found::Value(warning) if !hashed => Prepared::Ready(warning),
        // `madid` skips the already-hashed check in normalization (it is raw for CAPI); when
        // it is hashed, a digest is still never hashed twice.
        Found::Value(warning) if text::is_sha256_hex(scratch) => {
            scratch.make_ascii_lowercase();
            Prepared::Ready(warning)
        }
        Found::Value(warning) => Prepared::ToHash(warning),
    })
}

/// Normalize then hash an e-mail address with no other context (the app's live preview).
/// An empty value is an error here, since there is nothing to preview.
pub fn hash_email(raw: &str) -> Result<String, MatchKeyError> {
    let options = Options::new(i32::MAX);
    match hash(MatchKey::Email, raw, Api::Capi, &Context::new(&options))? {
        Some(hashed) => Ok(hashed),
        None => Err(MatchKeyError::new(MatchKey::Email, ErrorKind::Email)),
    }
}

/// The two lowercase hex digits of every byte: one lookup a byte instead of two shifts, two
/// masks and two lookups (hex-encoding is a tenth of the hashing time in wasm otherwise).
const HEX_PAIRS: [[u8; 2]; 256] = {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut pairs = [[0u8; 2]; 256];
    let mut byte = 0;
    while byte < 256 {
        pairs[byte] = [DIGITS[byte >> 4], DIGITS[byte & 0x0f]];
        byte += 1;
    }
    pairs
};

/// SHA-256 of the UTF-8 bytes of `normalized`, as 64 lowercase hex characters.
///
/// ```
/// assert_eq!(
///     matchkeys::sha256_hex(""),
///     "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
/// );
/// ```
pub fn sha256_hex(normalized: &str) -> String {
    let mut out = [0u8; 64];
    sha256_hex_into(normalized, &mut out);
    // Always ASCII hex, so this never falls back.
    std::str::from_utf8(&out)
        .map(str::to_owned)
        .unwrap_or_default()
}

/// [`sha256_hex`] without allocating: writes the 64 hex bytes into `out`.
pub fn sha256_hex_into(normalized: &str, out: &mut [u8; 64]) {
    *out = hex_of(&Sha256::digest(normalized.as_bytes()).into());
}

/// A digest as 64 lowercase hex bytes.
pub(crate) fn hex_of(digest: &[u8; 32]) -> [u8; 64] {
    let mut out = [0u8; 64];
    let (pairs, _) = out.as_chunks_mut::<2>();
    for (pair, byte) in pairs.iter_mut().zip(digest.iter()) {
        *pair = HEX_PAIRS[usize::from(*byte)];
    }
    out
}
