//! Times as Graph writes them (`2026-12-02T15:00:00+0000`), read and written through `jiff`, and
//! the short chart labels made from them.

use jiff::Timestamp;
use jiff::tz::Offset;

/// A Unix time as Graph writes it, `2026-12-02T15:00:00+0000` (its number when it is out of
/// the calendar).
pub fn graph_time(unix: i64) -> String {
    match Timestamp::from_second(unix) {
        Ok(time) => Offset::UTC
            .to_datetime(time)
            .strftime("%Y-%m-%dT%H:%M:%S+0000")
            .to_string(),
        Err(_) => unix.to_string(),
    }
}

/// The Unix time of Graph's `2026-12-02T15:00:00+0000` (or `…Z`, `…+08:00`); `None` if it is
/// not one (a time without its offset is not one: it names no instant).
pub fn parse_graph_time(text: &str) -> Option<i64> {
    // jiff also reads a space for the `T`; Graph always writes the `T`.
    if text.get(10..11) != Some("T") {
        return None;
    }
    text.parse::<Timestamp>().ok().map(Timestamp::as_second)
}

/// `2026-12-02T15:00:00+0000` → `12-02 15:00` (a chart label).
pub fn short_label(iso: &str) -> String {
    match (iso.get(5..10), iso.get(11..16)) {
        (Some(date), Some("00:00")) => date.to_owned(),
        (Some(date), Some(time)) => format!("{date} {time}"),
        _ => iso.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const DEC_2: i64 = 1_796_169_600; // 2026-12-02T00:00:00Z

    #[test]
    fn graph_times_round_trip() {
        assert_eq!(graph_time(DEC_2 + 15 * 3_600), "2026-12-02T15:00:00+0000");
        assert_eq!(
            parse_graph_time("2026-12-02T15:00:00+0000"),
            Some(DEC_2 + 15 * 3_600)
        );
        assert_eq!(
            parse_graph_time("2026-12-02T15:00:00Z"),
            Some(DEC_2 + 15 * 3_600)
        );
        assert_eq!(
            parse_graph_time("2026-12-02T23:30:00+08:00"),
            Some(DEC_2 + 15 * 3_600 + 1_800)
        );
        assert_eq!(parse_graph_time("2026-12-02 15:00"), None);
        assert_eq!(parse_graph_time("2026-12-02 15:00:00+0000"), None);
        assert_eq!(parse_graph_time("2026-12-02T15:00:00"), None);
        assert_eq!(parse_graph_time("2026-12-02T1x:00:00+0000"), None);
        assert_eq!(parse_graph_time(""), None);
    }

    #[test]
    fn labels_are_short() {
        assert_eq!(short_label("2026-12-02T00:00:00+0000"), "12-02");
        assert_eq!(short_label("2026-12-02T14:00:00+0000"), "12-02 14:00");
    }
}
