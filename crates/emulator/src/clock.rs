//! Time: the emulator's clock (settable, so tests can use the samples' `now`) and the calendar
//! arithmetic Graph's date strings need, done by `jiff` (the calendar the events crate uses).
//!
//! Days are numbered from 1970-01-01 (day 0), in UTC, as Graph's `date_start` / `date_stop` are.

use jiff::civil::{Date, DateTime};
use jiff::{Timestamp, tz::Offset};

const DAY: i64 = 86_400;

/// The system clock in Unix seconds.
pub fn system_now() -> i64 {
    Timestamp::now().as_second()
}

/// The UTC wall-clock time of a Unix time (`None` outside jiff's years -9999 to 9999).
fn civil(unix: i64) -> Option<DateTime> {
    Timestamp::from_second(unix)
        .ok()
        .map(|t| Offset::UTC.to_datetime(t))
}

/// The calendar date of a day number.
fn day_date(day: i64) -> Option<Date> {
    civil(day.checked_mul(DAY)?).map(|t| t.date())
}

/// The day number of a calendar date.
fn date_day(date: Date) -> Option<i64> {
    Offset::UTC
        .to_timestamp(date.to_datetime(jiff::civil::Time::midnight()))
        .ok()
        .map(|t| t.as_second().div_euclid(DAY))
}

/// `YYYY-MM-DD` of a day number.
pub fn date(day: i64) -> String {
    day_date(day).map_or_else(String::new, |d| d.to_string())
}

/// Graph's datetime form, `2026-11-20T00:00:00+0000`.
pub fn datetime(unix: i64) -> String {
    civil(unix).map_or_else(String::new, |t| {
        t.strftime("%Y-%m-%dT%H:%M:%S+0000").to_string()
    })
}

/// Parses `YYYY-MM-DD` into a day number (a date that does not exist, such as February 30,
/// is `None`).
pub fn parse_date(text: &str) -> Option<i64> {
    let text = text.trim();
    // jiff also reads a date-time; Graph's `time_range` takes dates only.
    if text.len() != 10 {
        return None;
    }
    date_day(text.parse::<Date>().ok()?)
}

/// The first and the last day of the month `day` falls in (day numbers).
pub fn month_of(day: i64) -> (i64, i64) {
    day_date(day)
        .and_then(|d| Some((date_day(d.first_of_month())?, date_day(d.last_of_month())?)))
        .unwrap_or((day, day))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_samples_now_is_2026_11_20() {
        assert_eq!(date(1_795_132_800 / 86_400), "2026-11-20");
        assert_eq!(datetime(1_795_132_800 + 3_661), "2026-11-20T01:01:01+0000");
        assert_eq!(datetime(0), "1970-01-01T00:00:00+0000");
        assert_eq!(parse_date("2026-11-20"), Some(1_795_132_800 / 86_400));
        assert_eq!(parse_date("1970-01-01"), Some(0));
        assert_eq!(parse_date("1969-12-31"), Some(-1));
        assert_eq!(parse_date("2026-02-30"), None);
        assert_eq!(parse_date("2026-11-20T10:00"), None);
        assert_eq!(parse_date("yesterday"), None);
    }

    #[test]
    fn months() {
        let day = parse_date("2024-02-14").unwrap();
        let (first, last) = month_of(day);
        assert_eq!(date(first), "2024-02-01");
        assert_eq!(date(last), "2024-02-29");
        assert_eq!(month_of(first - 1).0, parse_date("2024-01-01").unwrap());
    }
}
