//! Every normalizer on arbitrary input: never panics, and whatever it accepts is stable (a
//! normalized value normalizes to itself) and hashes to 64 lowercase hex.
//!
//! `RUSTC_BOOTSTRAP=1 cargo fuzz run normalize` (from the repository root).
#![no_main]

use libfuzzer_sys::fuzz_target;
use matchkeys::{Api, Context, Country, DateOrder, MatchKey, Options, RawRecord, UserData};

const COUNTRIES: [Option<&str>; 6] = [None, Some("us"), Some("gb"), Some("de"), Some("it"), Some("cn")];

fuzz_target!(|data: &[u8]| {
    let Some((&selector, rest)) = data.split_first() else {
        return;
    };
    let Ok(raw) = std::str::from_utf8(rest) else {
        return;
    };
    let key = MatchKey::ALL[usize::from(selector) % MatchKey::ALL.len()];
    let mut options = Options::new(2026);
    if selector & 0x80 != 0 {
        options.date_order = DateOrder::DayFirst;
    }
    let country = COUNTRIES[usize::from(selector >> 5) % COUNTRIES.len()]
        .and_then(|c| Country::parse(c).ok());
    let ctx = Context::new(&options).with_country(country);

    if let Ok(Some(once)) = matchkeys::normalize(key, raw, &ctx) {
        let is_hex = once.value.len() == 64 && once.value.bytes().all(|b| b.is_ascii_hexdigit());
        // A normalized phone is the international number: read it back as one.
        let again = if key == MatchKey::Phone && once.warning.is_none() && !is_hex {
            format!("+{}", once.value)
        } else {
            once.value.clone()
        };
        let twice = matchkeys::normalize(key, &again, &ctx);
        assert_eq!(twice.map(|n| n.map(|n| n.value)), Ok(Some(once.value)));
    }
    for api in [Api::Capi, Api::Ocapi] {
        if let Ok(Some(out)) = matchkeys::hash(key, raw, api, &ctx)
            && key.is_hashed(api, &options)
        {
            assert!(out.len() == 64 && out.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
        }
    }
    let _ = Country::parse(raw);
    let mut record = RawRecord::new();
    for (i, part) in raw.split('\t').enumerate().take(8) {
        record.push(MatchKey::ALL[(usize::from(selector) + i) % MatchKey::ALL.len()], part);
    }
    let _ = UserData::build(&record, &ctx);
});
