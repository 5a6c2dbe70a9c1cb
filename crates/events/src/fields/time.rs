//! `event_time`: Unix seconds, ISO 8601 with or without a zone, and the usual date layouts
//! (`2026/10/15 14:30`, `15/10/2026 09:15`, `10/15/2026`), read in the file's time zone when
//! they carry none.

use std::fmt;

use matchkeys::DateOrder;

/// The time zone of times written without one.
#[derive(Debug, Clone, PartialEq)]
pub enum TimeZone {
    /// A fixed offset from UTC, in seconds (`UTC` is 0, `+08:00` is 28,800).
    Fixed(i32),
    /// An IANA zone (`Europe/Paris`), with its daylight-saving rules.
    Named(jiff::tz::TimeZone),
}

impl Default for TimeZone {
    fn default() -> Self {
        TimeZone::Fixed(0)
    }
}

/// A time-zone setting that is neither `UTC`, an offset nor a known IANA name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownTimeZone;

impl fmt::Display for UnknownTimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unknown time zone (expected \"UTC\", an offset such as \"+08:00\", or an IANA name such as \"Asia/Shanghai\")")
    }
}

impl std::error::Error for UnknownTimeZone {}

impl TimeZone {
    /// `"UTC"`, `"Z"`, `"+08:00"`, `"-0530"`, `"UTC+8"` or an IANA name.
    pub fn parse(setting: &str) -> Result<TimeZone, UnknownTimeZone> {
        let setting = setting.trim();
        if setting.eq_ignore_ascii_case("utc")
            || setting.eq_ignore_ascii_case("gmt")
            || setting == "Z"
        {
            return Ok(TimeZone::Fixed(0));
        }
        let offset = setting
            .strip_prefix("UTC")
            .or_else(|| setting.strip_prefix("GMT"))
            .unwrap_or(setting);
        if let Some(seconds) = parse_offset(offset.as_bytes(), true) {
            return Ok(TimeZone::Fixed(seconds));
        }
        jiff::tz::TimeZone::get(setting)
            .map(TimeZone::Named)
            .map_err(|_| UnknownTimeZone)
    }

    /// Unix seconds of a wall-clock time in this zone (the earlier one when a DST change makes
    /// it ambiguous, shifted forward when it falls in a gap).
    fn to_unix(&self, civil: &Civil) -> Option<i64> {
        match self {
            TimeZone::Fixed(offset) => Some(civil.unix_utc()? - i64::from(*offset)),
            TimeZone::Named(zone) => {
                let datetime = civil.datetime()?;
                let timestamp = zone.to_ambiguous_timestamp(datetime).compatible().ok()?;
                Some(timestamp.as_second())
            }
        }
    }
}

/// Why a cell is not an event time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BadTime;

/// A wall-clock date and time as written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Civil {
    year: i32,
    month: u32,
    day: u32,
    hour: u32,
    minute: u32,
    second: u32,
}

impl Civil {
    /// This wall-clock time as a calendar date and time, when the date exists and its year is
    /// 1970 to 9999 (the calendar is jiff's).
    fn datetime(&self) -> Option<jiff::civil::DateTime> {
        if !(1970..=9999).contains(&self.year) {
            return None;
        }
        jiff::civil::DateTime::new(
            i16::try_from(self.year).ok()?,
            i8::try_from(self.month).ok()?,
            i8::try_from(self.day).ok()?,
            i8::try_from(self.hour).ok()?,
            i8::try_from(self.minute).ok()?,
            i8::try_from(self.second).ok()?,
            0,
        )
        .ok()
    }

    /// Seconds since 1970-01-01T00:00:00 for this time read as UTC.
    fn unix_utc(&self) -> Option<i64> {
        let timestamp = jiff::tz::Offset::UTC.to_timestamp(self.datetime()?).ok()?;
        Some(timestamp.as_second())
    }
}

/// Unix seconds of an event time.
///
/// ```
/// use events::fields::time::{parse, TimeZone};
/// use matchkeys::DateOrder;
/// let utc = TimeZone::Fixed(0);
/// assert_eq!(parse("2026-11-20T00:00:00Z", &utc, DateOrder::MonthFirst), Ok(1795132800));
/// assert_eq!(parse("2026-11-20 08:00", &TimeZone::parse("+08:00").unwrap(), DateOrder::MonthFirst), Ok(1795132800));
/// assert_eq!(parse("20/11/2026", &utc, DateOrder::DayFirst), Ok(1795132800));
/// assert_eq!(parse("1795132800", &utc, DateOrder::MonthFirst), Ok(1795132800));
/// ```
pub fn parse(raw: &str, zone: &TimeZone, order: DateOrder) -> Result<i64, BadTime> {
    let text = raw.trim().as_bytes();
    if text.is_empty() {
        return Err(BadTime);
    }
    if text.iter().all(u8::is_ascii_digit) {
        return parse_unix(text);
    }
    let mut cursor = Cursor { bytes: text, at: 0 };
    let (year, month, day) = parse_date(&mut cursor, order).ok_or(BadTime)?;
    let mut civil = Civil {
        year,
        month,
        day,
        hour: 0,
        minute: 0,
        second: 0,
    };
    if matches!(cursor.peek(), Some(b'T' | b't' | b' ')) {
        while matches!(cursor.peek(), Some(b'T' | b't' | b' ')) {
            cursor.at += 1;
        }
        parse_clock(&mut cursor, &mut civil).ok_or(BadTime)?;
    }
    let rest = cursor.rest();
    let rest = trim_spaces(rest);
    let utc = civil.unix_utc().ok_or(BadTime)?;
    if rest.is_empty() {
        return zone.to_unix(&civil).ok_or(BadTime);
    }
    let rest = match rest {
        [b'U', b'T', b'C', more @ ..] | [b'G', b'M', b'T', more @ ..] => {
            if more.is_empty() {
                return Ok(utc);
            }
            more
        }
        other => other,
    };
    if rest == b"Z" || rest == b"z" {
        return Ok(utc);
    }
    let offset = parse_offset(rest, false).ok_or(BadTime)?;
    Ok(utc - i64::from(offset))
}

/// Unix seconds (up to 11 digits) or milliseconds (13 digits).
fn parse_unix(digits: &[u8]) -> Result<i64, BadTime> {
    let value: i64 = std::str::from_utf8(digits)
        .ok()
        .and_then(|s| s.parse().ok())
        .ok_or(BadTime)?;
    match digits.len() {
        9..=11 => Ok(value),
        13 => Ok(value / 1000),
        _ => Err(BadTime),
    }
}

struct Cursor<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Cursor<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn rest(&self) -> &[u8] {
        &self.bytes[self.at.min(self.bytes.len())..]
    }

    /// 1 to `max` ASCII digits.
    fn number(&mut self, max: usize) -> Option<(u32, usize)> {
        let start = self.at;
        let mut value = 0u32;
        while self.at - start < max
            && let Some(b @ b'0'..=b'9') = self.peek()
        {
            value = value * 10 + u32::from(b - b'0');
            self.at += 1;
        }
        let len = self.at - start;
        (len > 0).then_some((value, len))
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.at += 1;
            true
        } else {
            false
        }
    }
}

/// `YYYY-MM-DD`, `YYYY/MM/DD`, `YYYY.MM.DD`, or `DD/MM/YYYY` / `MM/DD/YYYY` by `order`.
fn parse_date(cursor: &mut Cursor<'_>, order: DateOrder) -> Option<(i32, u32, u32)> {
    let (first, first_len) = cursor.number(4)?;
    let separator = cursor.peek().filter(|b| matches!(b, b'-' | b'/' | b'.'))?;
    cursor.at += 1;
    let (second, _) = cursor.number(2)?;
    if !cursor.eat(separator) {
        return None;
    }
    let (third, third_len) = cursor.number(4)?;
    if first_len == 4 {
        let year = i32::try_from(first).ok()?;
        return Some((year, second, third));
    }
    if third_len != 4 {
        return None;
    }
    let year = i32::try_from(third).ok()?;
    match order {
        DateOrder::DayFirst => Some((year, second, first)),
        _ => Some((year, first, second)),
    }
}

/// `HH:MM[:SS[.fraction]]`; the fraction is truncated.
fn parse_clock(cursor: &mut Cursor<'_>, civil: &mut Civil) -> Option<()> {
    let (hour, _) = cursor.number(2)?;
    if !cursor.eat(b':') {
        return None;
    }
    let (minute, minute_len) = cursor.number(2)?;
    let mut second = 0;
    if cursor.eat(b':') {
        let (s, second_len) = cursor.number(2)?;
        if second_len != 2 {
            return None;
        }
        second = s;
        if cursor.eat(b'.') || cursor.eat(b',') {
            cursor.number(9)?;
        }
    }
    if minute_len != 2 || hour > 23 || minute > 59 || second > 60 {
        return None;
    }
    // A leap second is read as the last second of its minute.
    *civil = Civil {
        hour,
        minute,
        second: second.min(59),
        ..*civil
    };
    Some(())
}

/// `+08:00`, `-0530`, `+08` (and `8`/`+8` when `loose`, for settings such as `UTC+8`).
fn parse_offset(text: &[u8], loose: bool) -> Option<i32> {
    let (sign, digits) = match text.split_first()? {
        (b'+', rest) => (1, rest),
        (b'-', rest) => (-1, rest),
        _ if loose && text.first().is_some_and(u8::is_ascii_digit) => (1, text),
        _ => return None,
    };
    let all_digits = |s: &[u8]| !s.is_empty() && s.iter().all(u8::is_ascii_digit);
    let two = |s: &[u8]| -> Option<i32> { std::str::from_utf8(s).ok()?.parse().ok() };
    let (hours, minutes) = match digits {
        [h1, h2, b':', m1, m2] => (two(&[*h1, *h2])?, two(&[*m1, *m2])?),
        [h1, h2, m1, m2] if all_digits(digits) => (two(&[*h1, *h2])?, two(&[*m1, *m2])?),
        [h1, h2] if all_digits(digits) => (two(&[*h1, *h2])?, 0),
        [h] if loose && h.is_ascii_digit() => (i32::from(h - b'0'), 0),
        _ => return None,
    };
    (hours <= 14 && minutes <= 59).then_some(sign * (hours * 3600 + minutes * 60))
}

fn trim_spaces(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|b| *b != b' ').unwrap_or(bytes.len());
    &bytes[start..]
}

#[cfg(test)]
mod tests {
    use super::*;

    const MDY: DateOrder = DateOrder::MonthFirst;
    const DMY: DateOrder = DateOrder::DayFirst;

    fn utc(raw: &str) -> Result<i64, BadTime> {
        parse(raw, &TimeZone::Fixed(0), MDY)
    }

    #[test]
    fn iso_forms() {
        assert_eq!(utc("2026-10-03 14:22:05"), Ok(1791037325));
        assert_eq!(utc("2026-10-03T14:22:05"), Ok(1791037325));
        assert_eq!(utc("2026-10-03T14:22:05.999Z"), Ok(1791037325));
        assert_eq!(utc("2026-10-03T16:22:05+02:00"), Ok(1791037325));
        assert_eq!(utc("2026-10-03T10:22:05-0400"), Ok(1791037325));
        assert_eq!(utc("2026-10-03T14:22:05 UTC"), Ok(1791037325));
        assert_eq!(utc("2026-10-03T14:22"), Ok(1791037320));
        assert_eq!(utc("2026-10-03"), Ok(1790985600));
        assert_eq!(utc("1970-01-01"), Ok(0));
    }

    #[test]
    fn layouts_follow_the_date_order() {
        let plus_one = TimeZone::parse("+01:00").unwrap();
        assert_eq!(parse("15/10/2026 09:15", &plus_one, DMY), Ok(1792052100));
        assert_eq!(parse("10/15/2026 09:15", &plus_one, MDY), Ok(1792052100));
        assert_eq!(parse("2026/10/15 09:15", &plus_one, DMY), Ok(1792052100));
        assert_eq!(parse("15/10/2026", &plus_one, MDY), Err(BadTime));
    }

    #[test]
    fn iana_zones_apply_daylight_saving() {
        let paris = TimeZone::parse("Europe/Paris").unwrap();
        // Summer time (UTC+2) then winter time (UTC+1).
        assert_eq!(
            parse("2026-07-01 12:00", &paris, MDY),
            utc("2026-07-01 10:00")
        );
        assert_eq!(
            parse("2026-12-01 12:00", &paris, MDY),
            utc("2026-12-01 11:00")
        );
        assert_eq!(TimeZone::parse("Mars/Olympus"), Err(UnknownTimeZone));
        assert_eq!(TimeZone::parse("UTC+8"), Ok(TimeZone::Fixed(8 * 3600)));
    }

    #[test]
    fn unix_seconds_and_milliseconds() {
        assert_eq!(utc("1795132800"), Ok(1795132800));
        assert_eq!(utc("1795132800123"), Ok(1795132800));
        assert_eq!(utc("12345"), Err(BadTime));
    }

    #[test]
    fn refuses_impossible_times() {
        for bad in [
            "",
            "yesterday",
            "2026-02-30",
            "2026-13-01",
            "2026-10-03 24:00",
            "2026-10-03 12:60",
            "2026-10-03T12:00:00+25:00",
            "2026-10-03 12",
            "03/10/26",
            "2026-10-03 12:00 PST",
        ] {
            assert_eq!(utc(bad), Err(BadTime), "{bad}");
        }
    }
}
