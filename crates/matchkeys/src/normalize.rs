//! One function per key family, all behind [`normalize`](crate::normalize).

use crate::error::{ErrorKind, MatchKeyError};
use crate::text::{self, fold};
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

pub(crate) fn outcome(
    key: MatchKey,
    raw: &str,
    ctx: &Context<'_>,
) -> Result<Outcome, MatchKeyError> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(Outcome::Empty);
    }
    let raw_keys = matches!(
        key,
        MatchKey::ExternalId | MatchKey::Madid | MatchKey::LeadId
    );
    if !raw_keys && text::is_sha256_hex(trimmed) {
        return Ok(Outcome::Hashed(trimmed.to_ascii_lowercase()));
    }
    let value = match key {
        MatchKey::Email => email(trimmed)?,
        MatchKey::Phone => {
            return Ok(match phone::normalize(trimmed, ctx.country())? {
                None => Outcome::Empty,
                Some(phone) => Outcome::Value(
                    phone.digits,
                    phone
                        .without_country_code
                        .then_some(Warning::PhoneWithoutCountryCode),
                ),
            });
        }
        MatchKey::Gender => gender(trimmed)?.to_owned(),
        MatchKey::DateOfBirth => {
            date::parse(trimmed, ctx.options.date_order, ctx.options.current_year)?.yyyymmdd()
        }
        MatchKey::BirthYear => date::year(trimmed, ctx.options.current_year)?,
        MatchKey::BirthMonth => date::month(trimmed)?,
        MatchKey::BirthDay => date::day(trimmed)?,
        MatchKey::FirstName | MatchKey::LastName => fold(trimmed, text::letter_or_digit),
        MatchKey::FirstInitial => prefix(fold(trimmed, text::letter_or_digit), 1),
        MatchKey::FirstNameFirst5 | MatchKey::LastNameFirst5 => {
            prefix(fold(trimmed, text::letter_or_digit), 5)
        }
        MatchKey::City => fold(trimmed, text::letter),
        MatchKey::State => region(trimmed, ctx.country()),
        MatchKey::Zip => zip(trimmed, ctx.country())?,
        MatchKey::Country => Country::parse(trimmed)?.as_str().to_owned(),
        MatchKey::ExternalId => trimmed.to_owned(),
        MatchKey::Madid => trimmed.to_lowercase(),
        MatchKey::LeadId => {
            if !trimmed.bytes().all(|b| b.is_ascii_digit()) {
                return Err(MatchKeyError::new(key, ErrorKind::LeadId));
            }
            trimmed.to_owned()
        }
    };
    Ok(if value.is_empty() {
        Outcome::Empty
    } else {
        Outcome::Value(value, None)
    })
}

fn email(trimmed: &str) -> Result<String, MatchKeyError> {
    let value = fold(trimmed, text::any);
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
        Ok(value)
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

/// The first `n` characters (code points, never bytes).
fn prefix(mut value: String, n: usize) -> String {
    if let Some((end, _)) = value.char_indices().nth(n) {
        value.truncate(end);
    }
    value
}

fn region(trimmed: &str, country: Option<Country>) -> String {
    let squashed = fold(trimmed, text::letter_or_digit);
    match country.and_then(|c| state::code(c.code(), &squashed)) {
        Some(code) => code.to_owned(),
        None => squashed,
    }
}

fn zip(trimmed: &str, country: Option<Country>) -> Result<String, MatchKeyError> {
    let value = fold(trimmed, |c| !c.is_whitespace() && c != '-');
    if value.is_empty() {
        return Ok(value);
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
            if us_shape(&value) && (value.len() == 5 || value.len() == 9) {
                Ok(value[..5].to_owned())
            } else {
                Err(MatchKeyError::new(MatchKey::Zip, ErrorKind::ZipNotUs))
            }
        }
        None if is_zip_plus_4(trimmed) => Ok(value[..5].to_owned()),
        _ if value.chars().count() < 2 => {
            Err(MatchKeyError::new(MatchKey::Zip, ErrorKind::ZipTooShort))
        }
        _ => Ok(value),
    }
}
