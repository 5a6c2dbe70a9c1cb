//! Dates of the management screens, through `jiff` (the calendar the events crate reads dates
//! with): the days `<input type="date">` gives, and times as the tables show them. All UTC.

use jiff::Timestamp;
use jiff::civil::{Date, Time};
use jiff::tz::Offset;

/// The UTC date of a Unix time; `None` outside jiff's range (years −9999 to 9999).
pub fn date_of(unix: i64) -> Option<Date> {
    Some(
        Offset::UTC
            .to_datetime(Timestamp::from_second(unix).ok()?)
            .date(),
    )
}

/// Midnight UTC of `date`, as a Unix time.
pub fn midnight(date: Date) -> Option<i64> {
    Offset::UTC
        .to_timestamp(date.to_datetime(Time::midnight()))
        .ok()
        .map(Timestamp::as_second)
}

/// Midnight UTC of a `YYYY-MM-DD` date (what `<input type="date">` gives); `None` if empty or
/// not a date of the calendar (2023-02-29, month 13).
pub fn day_start(text: &str) -> Option<i64> {
    let text = text.trim();
    // jiff also reads a date-time here; the field is a date only.
    if text.len() != 10 {
        return None;
    }
    midnight(text.parse().ok()?)
}

/// The first day `months` months before the day starting at `today` (Unix seconds at
/// midnight): the same day of the month, or that month's last day when it is shorter.
pub fn months_before(today: i64, months: i64) -> i64 {
    let span = jiff::Span::new().try_months(months).ok();
    date_of(today)
        .zip(span)
        .and_then(|(date, span)| date.checked_sub(span).ok())
        .and_then(midnight)
        .unwrap_or(today)
}

/// A Unix time as `YYYY-MM-DD HH:MM` UTC (its number when it is out of the calendar).
pub fn format_time(unix: i64) -> String {
    match Timestamp::from_second(unix) {
        Ok(time) => Offset::UTC
            .to_datetime(time)
            .strftime("%Y-%m-%d %H:%M")
            .to_string(),
        Err(_) => unix.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_round_trip_and_bad_ones_are_refused() {
        assert_eq!(day_start("1970-01-01"), Some(0));
        assert_eq!(day_start("2026-11-20"), Some(1_795_132_800));
        assert_eq!(
            day_start("2024-02-29").map(format_time).as_deref(),
            Some("2024-02-29 00:00")
        );
        assert_eq!(day_start("2023-02-29"), None);
        assert_eq!(day_start(""), None);
        assert_eq!(day_start("2026-13-01"), None);
        assert_eq!(day_start("2026-11-20T10:00"), None);
        assert_eq!(format_time(1_796_224_661), "2026-12-02 15:17");
        assert_eq!(date_of(1_795_132_800 + 86_399).map(|d| d.day()), Some(20));
    }

    #[test]
    fn months_back_keep_the_day_or_take_the_months_last() {
        let day = |text| day_start(text).unwrap();
        assert_eq!(months_before(day("2026-12-02"), 37), day("2023-11-02"));
        assert_eq!(months_before(day("2027-12-31"), 37), day("2024-11-30"));
        assert_eq!(months_before(day("2024-03-31"), 1), day("2024-02-29"));
    }
}
