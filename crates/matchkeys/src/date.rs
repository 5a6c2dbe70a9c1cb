//! Dates of birth: every layout of the spec to `YYYYMMDD`, and the OCAPI parts.

use crate::error::{ErrorKind, MatchKeyError};
use crate::{DateOrder, MatchKey};

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Date {
    pub(crate) year: u16,
    pub(crate) month: u8,
    pub(crate) day: u8,
}

impl Date {
    pub(crate) fn yyyymmdd(self) -> String {
        format!("{:04}{:02}{:02}", self.year, self.month, self.day)
    }
}

enum Token<'a> {
    Number(&'a str),
    Word(&'a str),
}

fn err(key: MatchKey, kind: ErrorKind) -> MatchKeyError {
    MatchKeyError::new(key, kind)
}

/// Split into runs of digits and runs of ASCII letters, allowing only ` / - . ,` between them.
/// At most three tokens: nothing the spec lists has more.
fn tokens(value: &str) -> Option<([Option<Token<'_>>; 3], usize)> {
    let mut found: [Option<Token<'_>>; 3] = [None, None, None];
    let mut count = 0;
    let bytes = value.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if matches!(b, b' ' | b'/' | b'-' | b'.' | b',') {
            i += 1;
            continue;
        }
        let start = i;
        let token = if b.is_ascii_digit() {
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                i += 1;
            }
            Token::Number(&value[start..i])
        } else if b.is_ascii_alphabetic() {
            while i < bytes.len() && bytes[i].is_ascii_alphabetic() {
                i += 1;
            }
            Token::Word(&value[start..i])
        } else {
            return None;
        };
        if count == found.len() {
            return None;
        }
        found[count] = Some(token);
        count += 1;
    }
    Some((found, count))
}

fn number(text: &str) -> u16 {
    text.bytes().fold(0u16, |n, d| {
        n.saturating_mul(10).saturating_add(u16::from(d - b'0'))
    })
}

/// `1`–`12` from an English month name or abbreviation (`Feb`, `Sept`, `February`).
fn month_name(word: &str) -> Option<u8> {
    if word.len() < 3 || word.len() > 9 {
        return None;
    }
    let mut buf = [0u8; 9];
    let lower = &mut buf[..word.len()];
    lower.copy_from_slice(word.as_bytes());
    lower.make_ascii_lowercase();
    MONTHS
        .iter()
        .position(|name| name.as_bytes().starts_with(lower))
        .and_then(|index| u8::try_from(index + 1).ok())
}

fn days_in_month(year: u16, month: u8) -> u8 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year.is_multiple_of(4) && !year.is_multiple_of(100)) || year.is_multiple_of(400) => {
            29
        }
        2 => 28,
        _ => 0,
    }
}

fn check(year: u16, month: u16, day: u16, current_year: i32) -> Result<Date, MatchKeyError> {
    let key = MatchKey::DateOfBirth;
    if year < 1900 || i32::from(year) > current_year {
        return Err(err(key, ErrorKind::DateYearOutOfRange));
    }
    let month = u8::try_from(month).map_err(|_| err(key, ErrorKind::DateImpossible))?;
    let day = u8::try_from(day).map_err(|_| err(key, ErrorKind::DateImpossible))?;
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return Err(err(key, ErrorKind::DateImpossible));
    }
    Ok(Date { year, month, day })
}

/// Parse a date of birth in any layout of the spec. `value` is trimmed and non-empty.
///
/// For `A/B/YYYY` the order comes from `order`, except when the value itself settles it: a first
/// number above 12 can only be a day, a second number above 12 only a day.
pub(crate) fn parse(
    value: &str,
    order: DateOrder,
    current_year: i32,
) -> Result<Date, MatchKeyError> {
    let layout = || err(MatchKey::DateOfBirth, ErrorKind::DateLayout);
    let (found, count) = tokens(value).ok_or_else(layout)?;
    match (count, &found) {
        (1, [Some(Token::Number(n)), ..]) if n.len() == 8 => check(
            number(&n[..4]),
            number(&n[4..6]),
            number(&n[6..]),
            current_year,
        ),
        (
            3,
            [
                Some(Token::Number(a)),
                Some(Token::Number(b)),
                Some(Token::Number(c)),
            ],
        ) => {
            let short = |t: &str| (1..=2).contains(&t.len());
            if a.len() == 4 && short(b) && short(c) {
                check(number(a), number(b), number(c), current_year)
            } else if c.len() == 4 && short(a) && short(b) {
                let (first, second) = (number(a), number(b));
                let day_first = match (first > 12, second > 12) {
                    (true, false) => true,
                    (false, true) => false,
                    _ => order == DateOrder::DayFirst,
                };
                let (month, day) = if day_first {
                    (second, first)
                } else {
                    (first, second)
                };
                check(number(c), month, day, current_year)
            } else {
                Err(layout())
            }
        }
        (3, [Some(first), Some(second), Some(third)]) => {
            // One month name and two numbers: the four-digit one is the year.
            let mut month = None;
            let mut year = None;
            let mut day = None;
            for token in [first, second, third] {
                match token {
                    Token::Word(word) if month.is_none() => {
                        month = Some(month_name(word).ok_or_else(layout)?)
                    }
                    Token::Number(n) if n.len() == 4 && year.is_none() => year = Some(number(n)),
                    Token::Number(n) if n.len() <= 2 && day.is_none() => day = Some(number(n)),
                    _ => return Err(layout()),
                }
            }
            match (year, month, day) {
                (Some(year), Some(month), Some(day)) => {
                    check(year, u16::from(month), day, current_year)
                }
                _ => Err(layout()),
            }
        }
        _ => Err(layout()),
    }
}

/// OCAPI `doby`: four digits, 1900 to the current year.
pub(crate) fn year(value: &str, current_year: i32) -> Result<String, MatchKeyError> {
    let key = MatchKey::BirthYear;
    if value.len() != 4 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(key, ErrorKind::DateLayout));
    }
    let year = number(value);
    if year < 1900 || i32::from(year) > current_year {
        return Err(err(key, ErrorKind::DateYearOutOfRange));
    }
    Ok(value.to_owned())
}

/// OCAPI `dobm`: `01`–`12`, from `2`, `02` or a month name.
pub(crate) fn month(value: &str) -> Result<String, MatchKeyError> {
    let key = MatchKey::BirthMonth;
    let month = if value.bytes().all(|b| b.is_ascii_digit()) && value.len() <= 2 {
        number(value)
    } else {
        u16::from(month_name(value).ok_or_else(|| err(key, ErrorKind::DateLayout))?)
    };
    if !(1..=12).contains(&month) {
        return Err(err(key, ErrorKind::DateImpossible));
    }
    Ok(format!("{month:02}"))
}

/// OCAPI `dobd`: `01`–`31`.
pub(crate) fn day(value: &str) -> Result<String, MatchKeyError> {
    let key = MatchKey::BirthDay;
    if value.is_empty() || value.len() > 2 || !value.bytes().all(|b| b.is_ascii_digit()) {
        return Err(err(key, ErrorKind::DateLayout));
    }
    let day = number(value);
    if !(1..=31).contains(&day) {
        return Err(err(key, ErrorKind::DateImpossible));
    }
    Ok(format!("{day:02}"))
}
