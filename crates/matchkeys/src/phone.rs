//! Phone numbers to the full international number, digits only.
//!
//! The per-country facts (calling code, national trunk prefix, national number lengths) come
//! from libphonenumber's metadata, extracted at build time by `build.rs` through the
//! `phonenumber` crate. The digit logic here is a few comparisons per number, with no regex
//! and no allocation beyond the output; `tests/phone_crosscheck.rs` compares it with the
//! library's own parser.

use crate::error::{ErrorKind, MatchKeyError};
use crate::{Country, MatchKey};

/// One region of libphonenumber's metadata.
pub(crate) struct Region {
    /// Lowercase ISO 3166-1 alpha-2 code.
    pub(crate) id: [u8; 2],
    /// Country calling code (`44`).
    pub(crate) calling_code: u16,
    /// National (trunk) prefix dialled before a national number (`"0"`, `"1"`, or empty).
    pub(crate) national_prefix: &'static str,
    /// Bit `n` set when a national significant number may have `n` digits.
    pub(crate) lengths: u32,
}

include!(concat!(env!("OUT_DIR"), "/phone_regions.rs"));

fn region(country: Country) -> Option<&'static Region> {
    let id = country.code();
    REGIONS
        .binary_search_by(|region| region.id.cmp(&id))
        .ok()
        .map(|index| &REGIONS[index])
}

/// Normalize a phone number into `out` (cleared first): full international number, digits only.
/// `out` is left empty when the number has no digits (or only zeros). Returns whether no
/// country code could be added (no country known and not written internationally).
pub(crate) fn normalize(
    raw: &str,
    country: Option<Country>,
    out: &mut String,
) -> Result<bool, MatchKeyError> {
    out.clear();
    let trimmed = raw.trim();
    let plus = trimmed.starts_with('+');
    // A digit string of at most 32 digits lives on the stack; longer ones are too long anyway.
    let mut buf = [0u8; 32];
    let mut len = 0usize;
    let mut too_long = false;
    let bytes = trimmed.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        // `+44 (0)20 …`: a trunk zero in parentheses after the country code is dropped.
        if plus && b == b'(' && bytes.get(i + 1) == Some(&b'0') && bytes.get(i + 2) == Some(&b')') {
            i += 3;
            continue;
        }
        if b.is_ascii_digit() {
            if len < buf.len() {
                buf[len] = b;
                len += 1;
            } else {
                too_long = true;
            }
        }
        i += 1;
    }
    let digits = &buf[..len];
    if digits.iter().all(|&d| d == b'0') && !too_long {
        return Ok(false);
    }
    let north_american = country.is_none_or(|c| matches!(&c.code(), b"us" | b"ca"));
    let international = if plus {
        Some(digits)
    } else if let Some(rest) = digits.strip_prefix(b"00") {
        Some(rest)
    } else if north_american && digits.starts_with(b"011") {
        digits.strip_prefix(b"011")
    } else {
        None
    };
    let mut without_country_code = false;
    match (international, country.and_then(region)) {
        (Some(number), _) => push_digits(out, strip_zeros(number)),
        (None, Some(region)) => national(out, digits, region),
        (None, None) => {
            without_country_code = true;
            push_digits(out, strip_zeros(digits));
        }
    }
    if out.is_empty() {
        return Ok(false);
    }
    if too_long || out.len() > 15 {
        return Err(MatchKeyError::new(MatchKey::Phone, ErrorKind::PhoneTooLong));
    }
    if out.len() < 7 {
        return Err(MatchKeyError::new(
            MatchKey::Phone,
            ErrorKind::PhoneTooShort,
        ));
    }
    Ok(without_country_code)
}

/// A national number written in `region`: calling code + national significant number.
fn national(out: &mut String, digits: &[u8], region: &Region) {
    let mut code_buf = [0u8; 5];
    let code = calling_code_digits(region.calling_code, &mut code_buf);
    let prefix = region.national_prefix.as_bytes();
    let fits = |n: usize| n < 32 && region.lengths & (1 << n) != 0;
    if !prefix.is_empty()
        && let Some(significant) = digits.strip_prefix(prefix)
        && (fits(significant.len()) || !digits.starts_with(code))
    {
        // `020 7946 0958` in GB, `1 650 555 1212` in the US.
        push_digits(out, code);
        push_digits(out, significant);
    } else if digits.starts_with(code) && fits(digits.len() - code.len()) {
        // Already carries the calling code: `16505551212`, `442079460958`.
        push_digits(out, digits);
    } else {
        push_digits(out, code);
        push_digits(out, digits);
    }
}

/// The decimal digits of a calling code (1 to 3 digits), without allocating.
fn calling_code_digits(mut code: u16, buf: &mut [u8; 5]) -> &[u8] {
    let mut start = buf.len();
    loop {
        start -= 1;
        buf[start] = b'0' + (code % 10) as u8;
        code /= 10;
        if code == 0 || start == 0 {
            break;
        }
    }
    &buf[start..]
}

fn strip_zeros(digits: &[u8]) -> &[u8] {
    let start = digits
        .iter()
        .position(|&d| d != b'0')
        .unwrap_or(digits.len());
    &digits[start..]
}

fn push_digits(out: &mut String, digits: &[u8]) {
    out.extend(digits.iter().map(|&d| char::from(d)));
}
