#![doc = include_str!("../README.md")]
#![deny(missing_docs)]

pub mod batch;
pub mod csv;
pub mod dedup;
mod delimiter;
pub mod detect;
pub mod fields;
mod json;
pub mod mapping;
pub mod payload;
pub mod plan;
mod queue;
pub mod report;
pub mod row;
pub mod settings;
pub mod slices;
pub mod synthetic;
mod upload;

pub use delimiter::Delimiter;
pub use settings::Settings;
pub use upload::{Finished, Output, Preparation, PrepareError, SAMPLE_RECORDS, prepare_bytes};

/// The calendar year (UTC) of a Unix time, when jiff's calendar reaches it (-9999 to 9999).
pub(crate) fn civil_year(unix: i64) -> Option<i16> {
    let timestamp = jiff::Timestamp::from_second(unix).ok()?;
    Some(jiff::tz::Offset::UTC.to_datetime(timestamp).year())
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_year_of_unix_times() {
        assert_eq!(super::civil_year(0), Some(1970));
        assert_eq!(super::civil_year(1795132800), Some(2026));
        assert_eq!(super::civil_year(1798761599), Some(2026));
        assert_eq!(super::civil_year(1798761600), Some(2027));
        assert_eq!(super::civil_year(i64::MAX), None);
    }
}
