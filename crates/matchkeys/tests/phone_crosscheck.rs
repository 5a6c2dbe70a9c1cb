//! The fast phone logic against libphonenumber's own parser (the `phonenumber` crate): every
//! region's example fixed-line and mobile numbers, written the national way and the
//! international way, must normalize to the library's E.164 number.
#![cfg(not(target_arch = "wasm32"))]
// Clippy only treats `#[test]` functions as tests; the helpers here are test code too.
#![allow(clippy::unwrap_used)]

use matchkeys::{Context, Country, MatchKey, Options};
use phonenumber::{Mode, metadata::DATABASE};

/// Regions whose national dialling needs libphonenumber's parsing rules beyond the trunk prefix
/// (Argentina's mobile `15` transform; Belarus dials `8 0…`, a trunk `8` plus a `0` the
/// library's `national_prefix_for_parsing` regex also strips). Our digit logic keeps what is
/// written after the trunk prefix. Every other region's examples must match exactly.
const KNOWN_DIFFERENCES: &[&str] = &["AR", "BY"];

#[test]
fn national_and_international_examples_of_every_region_match_libphonenumber() {
    let options = Options::new(2026);
    let mut checked = 0;
    let mut failures = Vec::new();
    for meta in DATABASE.iter() {
        let id = meta.id();
        let Ok(country) = Country::parse(id) else {
            continue;
        };
        if id.len() != 2 || KNOWN_DIFFERENCES.contains(&id) {
            continue;
        }
        let ctx = Context::new(&options).with_country(Some(country));
        let descriptors = meta.descriptors();
        for example in [descriptors.fixed_line(), descriptors.mobile()]
            .into_iter()
            .flatten()
            .filter_map(|d| d.example())
        {
            let Ok(parsed) = phonenumber::parse(Some(id.parse().unwrap()), example) else {
                continue;
            };
            let e164 = parsed.format().mode(Mode::E164).to_string();
            let expected = e164.trim_start_matches('+');
            for written in [
                parsed.format().mode(Mode::National).to_string(),
                parsed.format().mode(Mode::International).to_string(),
            ] {
                checked += 1;
                let got = matchkeys::normalize(MatchKey::Phone, &written, &ctx)
                    .ok()
                    .flatten()
                    .map(|n| n.value);
                if got.as_deref() != Some(expected) {
                    failures.push(format!(
                        "{id} {written:?}: got {got:?}, libphonenumber {expected}"
                    ));
                }
            }
        }
    }
    assert!(checked > 800, "only {checked} numbers checked");
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
