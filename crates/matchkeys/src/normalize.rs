//! One function per key family, all behind [`normalize`](crate::normalize).

use crate::error::{ErrorKind, MatchKeyError};
use crate::text::{self, fold, fold_into};
use crate::{Context, Country, MatchKey, Warning, date, phone, state};

/// What normalization made of a value.
pub(crate) enum Outcome {
    /// Empty after normalization: the key is left out.
    Empty,
    /// Ready to hash (or send raw).
    Value(String, Option<Warning>),
    /// Already a SHA-256 hex digest (lowercased): sent as is, never hashed again.
    Hashed(String),
}

/// [`Outcome`] without the text, which [`outcome_into`] leaves in the caller's buffer.
pub(crate) enum Found {
    /// Empty after normalization: the key is left out.
    Empty,
    /// Ready to hash (or send raw).
    Value(Option<Warning>),
    /// Already a SHA-256 hex digest (lowercased): sent as is, never hashed again.
    Hashed,
}

pub(crate) fn outcome(
    key: MatchKey,
    raw: &str,
    ctx: &Context<'_>,
) -> Result<Outcome, MatchKeyError> {
    let mut out = String::new();
    Ok(match outcome_into(key, raw, ctx, &mut out)? {
        Found::Empty => Outcome::Empty,
        Found::Value(warning) => Outcome::Value(out, warning),
        Found::Hashed => Outcome::Hashed(out),
    })
}

/// Normalize `raw` into `out` (cleared first). A record's values are normalized one after the
/// other into one buffer, so no value needs a `String` of its own before it is hashed. On an
/// error, `out` holds nothing meaningful.
pub(crate) fn outcome_into(
    key: MatchKey,
    raw: &str,
    ctx: &Context<'_>,
    out: &mut String,
) -> Result<Found, MatchKeyError> {
    out.clear();
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(Found::Empty);
    }
    // Every hashed key passes a digest through, `external_id` included when it is hashed (the
    // CAPI default). `madid` is lowercased anyway and is checked where it is hashed (OCAPI);
    // `lead_id` is never hashed.
    let digest_passes = match key {
        MatchKey::ExternalId => ctx.options.hash_external_id,
        MatchKey::Madid | MatchKey::LeadId => false,
        _ => true,
    };
    if digest_passes && text::is_sha256_hex(trimmed) {
        out.push_str(trimmed);
        out.make_ascii_lowercase();
        return Ok(Found::Hashed);
    }
    match key {
        MatchKey::Email => email(trimmed, out)?,
        MatchKey::Phone => {
            let without_country_code = phone::normalize(trimmed, ctx.country(), out)?;
            if out.is_empty() {
                return Ok(Found::Empty);
            }
            return Ok(Found::Value(
                without_country_code.then_some(Warning::PhoneWithoutCountryCode),
            ));
        }
        MatchKey::Gender => out.push_str(gender(trimmed)?),
        MatchKey::DateOfBirth => out.push_str(
            &date::parse(trimmed, ctx.options.date_order, ctx.options.current_year)?.yyyymmdd(),
        ),
        MatchKey::BirthYear => out.push_str(&date::year(trimmed, ctx.options.current_year)?),
        MatchKey::BirthMonth => out.push_str(&date::month(trimmed)?),
        MatchKey::BirthDay => out.push_str(&date::day(trimmed)?),
        MatchKey::FirstName | MatchKey::LastName => fold_into(trimmed, text::letter_or_digit, out),
        MatchKey::FirstInitial => {
            fold_into(trimmed, text::letter_or_digit, out);
            truncate_chars(out, 1);
        }
        MatchKey::FirstNameFirst5 | MatchKey::LastNameFirst5 => {
            fold_into(trimmed, text::letter_or_digit, out);
            truncate_chars(out, 5);
        }
        MatchKey::City => fold_into(trimmed, text::letter, out),
        MatchKey::State => region(trimmed, ctx.country(), out),
        MatchKey::Zip => zip(trimmed, ctx.country(), out)?,
        MatchKey::Country => out.push_str(Country::parse(trimmed)?.as_str()),
        MatchKey::ExternalId => out.push_str(trimmed),
        MatchKey::Madid => out.push_str(&trimmed.to_lowercase()),
        MatchKey::LeadId => {
            if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
                return Err(MatchKeyError::new(key, ErrorKind::LeadId));
            }
            out.push_str(trimmed);
        }
    }
    Ok(if out.is_empty() {
        Found::Empty
    } else {
        Found::Value(None)
    })
}

fn email(trimmed: &str, value: &mut String) -> Result<(), MatchKeyError> {
    fold_into(trimmed, text::any, value);
    let shaped = match value.split_once('@') {
        Some((local, domain)) => {
            !local.is_empty()
                && !domain.contains('@')
                && domain.contains('.')
                && !domain.starts_with('.')
                && !domain.ends_with('.')
                && !domain.contains("..")
                && !value.chars().any(char::is_whitespace)
        }
        None => false,
    };
    if shaped {
        Ok(())
    } else {
        Err(MatchKeyError::new(MatchKey::Email, ErrorKind::Email))
    }
}

/// The words for female and male: English, the first letter, German `w` (weiblich), and the
/// app's other UI languages where it is cheap (Chinese, French, German, Spanish).
fn gender(trimmed: &str) -> Result<&'static str, MatchKeyError> {
    let value = fold(trimmed, text::letter);
    match value.as_str() {
        "f" | "female" | "woman" | "w" | "女" | "女性" | "femme" | "frau" | "weiblich"
        | "mujer" => Ok("f"),
        "m" | "male" | "man" | "男" | "男性" | "homme" | "mann" | "männlich" | "hombre" => {
            Ok("m")
        }
        _ => Err(MatchKeyError::new(MatchKey::Gender, ErrorKind::Gender)),
    }
}

/// Keep the first `n` characters (code points, never bytes).
fn truncate_chars(value: &mut String, n: usize) {
    if let Some((end, _)) = value.char_indices().nth(n) {
        value.truncate(end);
    }
}

fn region(trimmed: &str, country: Option<Country>, out: &mut String) {
    fold_into(trimmed, text::letter_or_digit, out);
    if let Some(code) = state::code(country.map(|c| c.code()), out) {
        out.clear();
        out.push_str(code);
    }
}

fn zip(trimmed: &str, country: Option<Country>, value: &mut String) -> Result<(), MatchKeyError> {
    fold_into(trimmed, |c| !c.is_whitespace() && c != '-', value);
    if value.is_empty() {
        return Ok(());
    }
    let us_shape = |v: &str| v.len() >= 5 && v.bytes().take(5).all(|b| b.is_ascii_digit());
    let is_zip_plus_4 = |t: &str| {
        let b = t.as_bytes();
        b.len() == 10
            && b[5] == b'-'
            && b.iter()
                .enumerate()
                .all(|(i, d)| i == 5 || d.is_ascii_digit())
    };
    match country.map(|c| c.code()) {
        Some([b'u', b's']) => {
            if us_shape(value) && (value.len() == 5 || value.len() == 9) {
                value.truncate(5);
                Ok(())
            } else {
                Err(MatchKeyError::new(MatchKey::Zip, ErrorKind::ZipNotUs))
            }
        }
        None if is_zip_plus_4(trimmed) => {
            value.truncate(5);
            Ok(())
        }
        _ if value.chars().count() < 2 => {
            Err(MatchKeyError::new(MatchKey::Zip, ErrorKind::ZipTooShort))
        }
        _ => Ok(()),
    }
}
