//! What sampled values look like: the shapes of one cell (several at once: `94301` is a ZIP and
//! a code) and their counts over a column.

use std::collections::BTreeSet;

use matchkeys::{Country, MatchKey};

use super::{Confidence, ValueHints, fold};
use crate::fields::number;
use crate::fields::time::{self, TimeZone};
use crate::fields::{currency, names};

/// How far from `now` a number may be to count as a Unix time: five years back, a day ahead.
const UNIX_PAST: i64 = 5 * 366 * 86_400;
const UNIX_FUTURE: i64 = 86_400;

// The shapes a cell can have, as bits (a cell may have several: `94301` is a ZIP and a code).
pub(super) const EMAIL: u32 = 1;
pub(super) const UNIX_SECONDS: u32 = 1 << 1;
pub(super) const UNIX_MILLIS: u32 = 1 << 2;
pub(super) const DATE: u32 = 1 << 3;
pub(super) const CURRENCY: u32 = 1 << 4;
pub(super) const EVENT_NAME: u32 = 1 << 5;
pub(super) const LEAD_ID: u32 = 1 << 6;
pub(super) const AMOUNT: u32 = 1 << 7;
pub(super) const PHONE: u32 = 1 << 8;
pub(super) const COUNTRY: u32 = 1 << 9;
pub(super) const TWO_LETTERS: u32 = 1 << 10;
pub(super) const STATE_NAME: u32 = 1 << 11;
pub(super) const ZIP: u32 = 1 << 12;
pub(super) const CODE: u32 = 1 << 13;
/// How many shapes there are.
pub(super) const SHAPES: usize = 14;

/// Every shape one cell's text has.
pub(super) fn shapes(cell: &str, hints: &ValueHints) -> u32 {
    let cell = cell.trim();
    if cell.is_empty() {
        return 0;
    }
    let mut found = 0;
    let digits = cell.bytes().filter(u8::is_ascii_digit).count();
    let all_digits = digits == cell.len();
    if let Some((local, domain)) = cell.split_once('@')
        && !local.is_empty()
        && domain.contains('.')
    {
        return EMAIL;
    }
    if names::is_standard_event(cell) {
        found |= EVENT_NAME;
    }
    if cell.len() == 3
        && cell.bytes().all(|b| b.is_ascii_uppercase())
        && currency::parse(cell).is_some()
    {
        found |= CURRENCY;
    }
    if all_digits && (digits == 10 || digits == 13) {
        let near = |t: i64| t >= hints.now - UNIX_PAST && t <= hints.now + UNIX_FUTURE;
        if let Ok(number) = cell.parse::<i64>() {
            if digits == 10 && near(number) {
                found |= UNIX_SECONDS;
            }
            if digits == 13 && near(number / 1000) {
                found |= UNIX_MILLIS;
            }
        }
    }
    let looks_like_date = cell.contains(['-', '/', ':', '年']) && digits >= 6;
    if looks_like_date && time::parse(cell, &TimeZone::Fixed(0), hints.date_order).is_ok() {
        found |= DATE;
    }
    if all_digits && (15..=17).contains(&digits) {
        found |= LEAD_ID;
    }
    let phone_chars = cell
        .chars()
        .all(|c| c.is_ascii_digit() || " +-().".contains(c));
    let unix = found & (UNIX_SECONDS | UNIX_MILLIS | DATE) != 0;
    if phone_chars
        && !unix
        && (7..=15).contains(&digits)
        && (cell.starts_with('+') || cell.contains(['(', ' ', '-']) || digits >= 10)
    {
        found |= PHONE;
    }
    if !unix
        && number::parse(cell, hints.decimal_separator).is_some()
        && cell.contains(['.', ','])
        && found & PHONE == 0
    {
        found |= AMOUNT;
    }
    let letters_only = cell.chars().all(|c| c.is_alphabetic() || c == ' ');
    if letters_only && Country::parse(cell).is_ok() {
        found |= COUNTRY;
    }
    if cell.len() == 2 && cell.bytes().all(|b| b.is_ascii_alphabetic()) {
        found |= TWO_LETTERS;
    }
    if letters_only && cell.chars().count() > 2 && is_state_name(cell) {
        found |= STATE_NAME;
    }
    if is_zip(cell) {
        found |= ZIP;
    }
    let code_chars = cell
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || "-_/.#".contains(c));
    if code_chars && digits > 0 && cell.len() >= 3 && found & (AMOUNT | DATE) == 0 {
        found |= CODE;
    }
    found
}

/// A US state or Canadian province written out (`California`, `Québec`): matchkeys maps it to
/// its two-letter code.
fn is_state_name(cell: &str) -> bool {
    let options = matchkeys::Options::new(2000);
    ["US", "CA"].into_iter().any(|code| {
        let country = Country::parse(code).ok();
        let context = matchkeys::Context::new(&options).with_country(country);
        matches!(
            matchkeys::normalize(MatchKey::State, cell, &context),
            Ok(Some(normalized)) if normalized.value.len() == 2 && fold(cell).len() > 2
        )
    })
}

/// A US ZIP (`94301`, `94301-1234`) or a Canadian postal code (`K1A 0B1`).
fn is_zip(cell: &str) -> bool {
    let b = cell.as_bytes();
    let digits = |s: &[u8]| s.iter().all(u8::is_ascii_digit);
    let us = (b.len() == 5 && digits(b))
        || (b.len() == 10 && b[5] == b'-' && digits(&b[..5]) && digits(&b[6..]));
    let squashed: Vec<u8> = b.iter().copied().filter(|c| *c != b' ').collect();
    let canada = squashed.len() == 6
        && squashed.iter().enumerate().all(|(i, c)| {
            if i % 2 == 0 {
                c.is_ascii_alphabetic()
            } else {
                c.is_ascii_digit()
            }
        });
    us || canada
}

/// The sampled values of one column, summed up.
#[derive(Debug, Default)]
pub(super) struct ColumnValues {
    pub(super) filled: usize,
    pub(super) counts: [usize; SHAPES],
    pub(super) distinct: usize,
    /// Whether some two-letter value is no country (so the column holds state codes).
    pub(super) non_country_pairs: bool,
}

impl ColumnValues {
    pub(super) fn read(index: usize, sample: &[Vec<String>], hints: &ValueHints) -> ColumnValues {
        let mut values = ColumnValues::default();
        let mut seen = BTreeSet::new();
        for record in sample {
            let Some(cell) = record
                .get(index)
                .map(|c| c.trim())
                .filter(|c| !c.is_empty())
            else {
                continue;
            };
            values.filled += 1;
            seen.insert(cell);
            let found = shapes(cell, hints);
            for (bit, count) in values.counts.iter_mut().enumerate() {
                if found & (1 << bit) != 0 {
                    *count += 1;
                }
            }
            if found & TWO_LETTERS != 0 && found & COUNTRY == 0 {
                values.non_country_pairs = true;
            }
        }
        values.distinct = seen.len();
        values
    }

    pub(super) fn count(&self, shape: u32) -> usize {
        self.counts[shape.trailing_zeros() as usize]
    }

    /// Whether at least three in five values have `shape`.
    pub(super) fn mostly(&self, shape: u32) -> bool {
        self.filled > 0 && self.count(shape) * 5 >= self.filled * 3
    }

    /// Whether the column has an event time's values.
    pub(super) fn is_time(&self) -> bool {
        self.mostly(UNIX_SECONDS) || self.mostly(UNIX_MILLIS) || self.mostly(DATE)
    }

    /// Codes, each different, and enough of them to tell.
    pub(super) fn unique_codes(&self) -> bool {
        self.filled >= 3 && self.count(CODE) == self.filled && self.distinct == self.filled
    }

    /// How sure a value-based guess is from how many values agree.
    pub(super) fn confidence(&self, shape: u32, distinctive: bool) -> Confidence {
        let matching = self.count(shape);
        if distinctive && self.filled >= 5 && matching * 10 >= self.filled * 9 {
            Confidence::High
        } else if self.filled >= 3 && matching * 4 >= self.filled * 3 {
            Confidence::Medium
        } else {
            Confidence::Low
        }
    }
}
