//! A deterministic synthetic file of any length, generated in chunks: for benchmarks and load
//! tests that must not depend on a fixture on disk (and must not hold the file in memory).
//!
//! Two shapes. The clean file ([`SyntheticFile::new`]) has six identifiers a row (email, phone,
//! first and last name, city, ZIP), written the way a careful export writes them, an event
//! time as Unix seconds inside the window before [`NOW`], a value, a currency and an order id.
//! The messy file ([`SyntheticFile::messy`]) is a realistic store export: eight identifiers a
//! row (those six, state and country) with stray spaces and mixed case, state and country
//! names next to their codes, ZIP+4, phones with and without their country code, and ISO times
//! with offsets and milliseconds.

/// The `now` the synthetic event times are inside the window of (2026-11-20T00:00:00Z).
pub const NOW: i64 = 1_795_132_800;

const FIRST: [&str; 8] = [
    "Mary", "John", "Zoé", "Ahmed", "Li", "Sofía", "Jürgen", "Anna",
];
const LAST: [&str; 8] = [
    "Johnson", "O'Connor", "Nguyen", "Müller", "Smith", "García", "Wang", "Brown",
];
/// The same names as they appear in e-mail addresses.
const FIRST_MAIL: [&str; 8] = [
    "mary", "john", "zoe", "ahmed", "li", "sofia", "juergen", "anna",
];
const LAST_MAIL: [&str; 8] = [
    "johnson", "oconnor", "nguyen", "mueller", "smith", "garcia", "wang", "brown",
];
const CITY: [&str; 6] = [
    "Palo Alto",
    "New York",
    "Austin",
    "Chicago",
    "Boston",
    "Seattle",
];
const DOMAIN: [&str; 4] = ["gmail.com", "Example.org", "yahoo.com", "outlook.com"];

/// Settings JSON matching the synthetic file's layout (both shapes: the mapping is detected from
/// their headers).
pub const SETTINGS_JSON: &str = r#"{"now": 1795132800, "eventName": "Purchase", "header": true}"#;

/// Generates `rows` data rows (plus a header) chunk by chunk.
#[derive(Debug, Clone)]
pub struct SyntheticFile {
    rows: u64,
    next: u64,
    header_done: bool,
    messy: bool,
}

impl SyntheticFile {
    /// A clean file of `rows` data rows (six identifiers a row).
    pub fn new(rows: u64) -> Self {
        SyntheticFile {
            rows,
            next: 0,
            header_done: false,
            messy: false,
        }
    }

    /// A messy store export of `rows` data rows (eight identifiers a row; see the module docs).
    pub fn messy(rows: u64) -> Self {
        SyntheticFile {
            messy: true,
            ..SyntheticFile::new(rows)
        }
    }

    /// Identifiers a row: 6 in the clean file, 8 in the messy one.
    pub fn identifiers(&self) -> usize {
        if self.messy { 8 } else { 6 }
    }

    /// Fill `chunk` (cleared first) with whole lines up to about `size` bytes; `false` when the
    /// file has ended and `chunk` is empty.
    pub fn next_chunk(&mut self, chunk: &mut Vec<u8>, size: usize) -> bool {
        chunk.clear();
        if !self.header_done {
            chunk.extend_from_slice(if self.messy {
                b"Order ID,Created At,Total,Currency,Email,Phone,Billing First Name,\
                  Billing Last Name,Billing City,Billing State,Billing Zip,Billing Country\n"
            } else {
                b"email,phone,first_name,last_name,city,zip,event_time,value,currency,order_id\n"
            });
            self.header_done = true;
        }
        while chunk.len() < size && self.next < self.rows {
            let i = self.next;
            self.next += 1;
            // The row's pseudo-random bits (an LCG step of its index).
            let mix = i
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407)
                >> 33;
            if self.messy {
                messy_row(chunk, i, mix);
            } else {
                clean_row(chunk, i, mix);
            }
        }
        !chunk.is_empty()
    }
}

/// Pick one of `n` items with the bits of `mix` from `shift` on.
fn pick(mix: u64, n: usize, shift: u32) -> usize {
    ((mix >> shift) as usize) % n
}

/// Row `i` of the clean file.
fn clean_row(chunk: &mut Vec<u8>, i: u64, mix: u64) {
    use std::io::Write as _;
    let pick = |n: usize, shift: u32| pick(mix, n, shift);
    let (f, l) = (pick(FIRST.len(), 0), pick(LAST.len(), 3));
    let time = NOW - 3_600 - (i % (50 * 24)) as i64 * 3_600;
    let _ = writeln!(
        chunk,
        "{}.{}{}@{},+1 (650) 555-{:04},{},{},{},{:05},{},{}.{:02},USD,ORD-{}",
        FIRST_MAIL[f],
        LAST_MAIL[l],
        i % 1000,
        DOMAIN[pick(DOMAIN.len(), 6)],
        mix % 10_000,
        FIRST[f],
        LAST[l],
        CITY[pick(CITY.len(), 9)],
        10_000 + mix % 89_999,
        time,
        1 + mix % 500,
        mix % 100,
        i
    );
}

/// Row `i` of the messy file.
fn messy_row(chunk: &mut Vec<u8>, i: u64, mix: u64) {
    use std::io::Write as _;
    let pick = |n: usize, shift: u32| pick(mix, n, shift);
    let (f, l) = (pick(FIRST.len(), 0), pick(LAST.len(), 3));
    let place = &MESSY_PLACES[pick(MESSY_PLACES.len(), 6)];
    // Every 7th row's names and e-mail are shouted, every 5th padded with spaces.
    let shout = i % 7 == 3;
    let pad = if i % 5 == 1 { "  " } else { "" };
    let case = |text: &str| {
        if shout {
            text.to_uppercase()
        } else {
            text.to_string()
        }
    };
    let mail_first = FIRST_MAIL[f];
    let email = case(&format!(
        "{}{}.{}{}@{}",
        mail_first[..1].to_uppercase(),
        &mail_first[1..],
        LAST_MAIL[l],
        i % 1000,
        DOMAIN[pick(DOMAIN.len(), 9)]
    ));
    let digits = mix % 10_000;
    let phone = match (place.phone, (mix >> 12) % 3) {
        (MessyPhone::Nanp, 0) => format!("+1 ({}) 555-{digits:04}", place.area),
        (MessyPhone::Nanp, 1) => format!("{}.555.{digits:04}", place.area),
        (MessyPhone::Nanp, _) => format!("1-{}-555-{digits:04}", place.area),
        (MessyPhone::National, 0) => {
            format!("+{} {} {digits:04}", place.calling, place.area)
        }
        (MessyPhone::National, _) => format!("0{} {digits:04}", place.area),
    };
    let zip = match place.zip {
        MessyZip::Us => {
            let five = 10_000 + mix % 89_999;
            if i.is_multiple_of(3) {
                format!("{five:05}-{:04}", (mix >> 7) % 10_000)
            } else {
                format!("{five:05}")
            }
        }
        MessyZip::Fixed(zip) => zip.to_string(),
    };
    // Seconds before `NOW`, inside the 62-day store window, written with an offset and
    // milliseconds (or as UTC with a `Z`).
    let ago = 3_600 + (i % (50 * 24)) as i64 * 3_600 + (mix % 3_600) as i64;
    let time = messy_time(NOW - ago, place.offset_minutes, i);
    let _ = writeln!(
        chunk,
        "#{},{},{}.{:02},{},{pad}{email}{pad},{},{pad}{}, {} ,{},{},{},{}",
        100_000 + i,
        time,
        1 + mix % 500,
        mix % 100,
        if i.is_multiple_of(4) { "usd" } else { "USD" },
        phone,
        case(FIRST[f]),
        case(LAST[l]),
        if shout {
            place.city.to_uppercase()
        } else {
            place.city.to_string()
        },
        place.states[i as usize % place.states.len()],
        zip,
        place.countries[i as usize % place.countries.len()],
    );
}

/// How a place writes its phone numbers.
#[derive(Debug, Clone, Copy)]
enum MessyPhone {
    /// North American: with or without `+1`/`1-`.
    Nanp,
    /// With the country code, or nationally with a trunk `0`.
    National,
}

/// How a place writes its postal code.
#[derive(Debug, Clone, Copy)]
enum MessyZip {
    /// Five digits, every third with the ZIP+4 suffix.
    Us,
    /// One code as written.
    Fixed(&'static str),
}

/// A place of the messy file, with the spellings of its state and country that rows rotate
/// through.
#[derive(Debug)]
struct MessyPlace {
    city: &'static str,
    states: &'static [&'static str],
    countries: &'static [&'static str],
    calling: u32,
    area: u32,
    phone: MessyPhone,
    zip: MessyZip,
    /// The UTC offset its times are written with.
    offset_minutes: i32,
}

const MESSY_PLACES: [MessyPlace; 5] = [
    MessyPlace {
        city: "Palo Alto",
        states: &["CA", "California", "ca", " california "],
        countries: &["US", "United States", "usa", "us"],
        calling: 1,
        area: 650,
        phone: MessyPhone::Nanp,
        zip: MessyZip::Us,
        offset_minutes: -8 * 60,
    },
    MessyPlace {
        city: "New York",
        states: &["NY", "New York", "ny"],
        countries: &["US", "United States of America", "U.S.", "USA"],
        calling: 1,
        area: 212,
        phone: MessyPhone::Nanp,
        zip: MessyZip::Us,
        offset_minutes: -5 * 60,
    },
    MessyPlace {
        city: "Austin",
        states: &["TX", "Texas", "tx"],
        countries: &["US", "United States"],
        calling: 1,
        area: 512,
        phone: MessyPhone::Nanp,
        zip: MessyZip::Us,
        offset_minutes: -6 * 60,
    },
    MessyPlace {
        city: "London",
        states: &["", "England"],
        countries: &["GB", "United Kingdom", "uk"],
        calling: 44,
        area: 20_7946,
        phone: MessyPhone::National,
        zip: MessyZip::Fixed("SW1A 1AA"),
        offset_minutes: 0,
    },
    MessyPlace {
        city: "München",
        states: &["BY", "Bayern", ""],
        countries: &["DE", "Germany", "Deutschland"],
        calling: 49,
        area: 89_1234,
        phone: MessyPhone::National,
        zip: MessyZip::Fixed("80331"),
        offset_minutes: 60,
    },
];

/// `unix` as an ISO 8601 time in the zone `offset_minutes` from UTC, with milliseconds on most
/// rows, and every fourth row written in UTC with a `Z`.
fn messy_time(unix: i64, offset_minutes: i32, i: u64) -> String {
    let offset = if i % 4 == 2 { 0 } else { offset_minutes };
    let local = unix + i64::from(offset) * 60;
    let (days, second) = (local.div_euclid(86_400), local.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    let clock = format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}",
        second / 3_600,
        second / 60 % 60,
        second % 60
    );
    let millis = if i % 3 == 1 {
        String::new()
    } else {
        format!(".{:03}", i % 1000)
    };
    let zone = if offset == 0 && i % 4 == 2 {
        "Z".to_string()
    } else {
        let sign = if offset < 0 { '-' } else { '+' };
        format!("{sign}{:02}:{:02}", offset.abs() / 60, offset.abs() % 60)
    };
    format!("{clock}{millis}{zone}")
}

/// The proleptic Gregorian date of `days` since 1970-01-01 (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    (yoe + era * 400 + i64::from(month <= 2), month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_synthetic_row_is_accepted_with_six_keys() {
        let settings = crate::Settings::from_json(SETTINGS_JSON).unwrap();
        let mut preparation = crate::Preparation::new(settings).unwrap();
        let mut file = SyntheticFile::new(500);
        let mut chunk = Vec::new();
        while file.next_chunk(&mut chunk, 4096) {
            preparation.feed(&chunk).unwrap();
        }
        let finished = preparation.finish().unwrap();
        assert_eq!(finished.summary.rows, 500);
        assert_eq!(
            finished.summary.accepted,
            500,
            "{:?}",
            finished.output.rejected.first()
        );
        for key in ["em", "ph", "fn", "ln", "ct", "zp"] {
            assert_eq!(finished.summary.coverage.get(key), 500, "{key}");
        }
    }

    #[test]
    fn every_messy_row_is_accepted_with_its_eight_keys() {
        let settings = crate::Settings::from_json(SETTINGS_JSON).unwrap();
        let mut preparation = crate::Preparation::new(settings).unwrap();
        let mut file = SyntheticFile::messy(600);
        assert_eq!(file.identifiers(), 8);
        let mut chunk = Vec::new();
        let mut text = Vec::new();
        while file.next_chunk(&mut chunk, 4096) {
            text.extend_from_slice(&chunk);
            preparation.feed(&chunk).unwrap();
        }
        let finished = preparation.finish().unwrap();
        assert_eq!(finished.summary.rows, 600);
        assert_eq!(
            finished.summary.accepted,
            600,
            "{:?}",
            finished.output.rejected.first()
        );
        assert!(
            finished.output.warnings.is_empty(),
            "{:?}",
            finished.output.warnings.first()
        );
        // States are left empty on some UK and German rows; every other key is on every row.
        for key in ["em", "ph", "fn", "ln", "ct", "zp", "country"] {
            assert_eq!(finished.summary.coverage.get(key), 600, "{key}");
        }
        assert!(finished.summary.coverage.get("st") > 450);
        // The variety the bench is for.
        let text = String::from_utf8(text).unwrap();
        for needle in [
            "California",
            ",CA,",
            "United Kingdom",
            "Deutschland",
            "-08:00,",
            "Z,",
            ".123",
            "+44 ",
            "1-650-",
            ",020",
            "  ",
            "MARY",
        ] {
            assert!(text.contains(needle), "{needle:?} not in the messy file");
        }
        let zip4 = text.lines().skip(1).filter(|line| {
            line.split(',')
                .nth(10)
                .is_some_and(|zip| zip.len() == 10 && zip.as_bytes()[5] == b'-')
        });
        assert!(zip4.count() > 50);
    }

    #[test]
    fn messy_times_are_the_same_instants_as_written() {
        // 2026-11-19T16:00:00-08:00 is 2026-11-20T00:00:00Z.
        assert_eq!(messy_time(NOW, -480, 1), "2026-11-19T16:00:00-08:00");
        assert_eq!(messy_time(NOW, 60, 2), "2026-11-20T00:00:00.002Z");
        assert_eq!(messy_time(NOW, 60, 5), "2026-11-20T01:00:00.005+01:00");
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
