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
pub mod report;
pub mod row;
pub mod settings;
pub mod synthetic;
mod upload;

pub use delimiter::Delimiter;
pub use settings::Settings;
pub use upload::{Finished, Output, Preparation, PrepareError, SAMPLE_RECORDS, prepare_bytes};

/// The calendar year (UTC) of a Unix time.
pub(crate) fn civil_year(unix: i64) -> i64 {
    // Howard Hinnant's civil_from_days, year part only.
    let z = unix.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    yoe + era * 400 + i64::from(month <= 2)
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_year_of_unix_times() {
        assert_eq!(super::civil_year(0), 1970);
        assert_eq!(super::civil_year(1795132800), 2026);
        assert_eq!(super::civil_year(1798761599), 2026);
        assert_eq!(super::civil_year(1798761600), 2027);
    }
}
