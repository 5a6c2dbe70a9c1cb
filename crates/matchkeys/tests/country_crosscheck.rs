//! The generated country table against the `celes` crate it was built from: every country's
//! alpha-2, alpha-3 and English name resolve to it, and every alias does unless two countries
//! share it.
#![cfg(not(target_arch = "wasm32"))]
// Clippy only treats `#[test]` functions as tests; the helpers here are test code too.
#![allow(clippy::unwrap_used)]

use celes::LookupTable as _;
use matchkeys::Country;

fn code(raw: &str) -> Option<String> {
    Country::parse(raw).ok().map(|c| c.as_str().to_owned())
}

#[test]
fn every_celes_country_code_name_and_alias_resolves() {
    let countries = celes::Country::get_countries();
    let mut failures = Vec::new();
    for country in &countries {
        let expected = country.alpha2.to_ascii_lowercase();
        let mut names = vec![country.alpha2, country.alpha3, country.long_name];
        names.extend(country.aliases.iter().copied());
        for name in names {
            let shared = countries
                .iter()
                .filter(|other| other.aliases.iter().any(|a| a.eq_ignore_ascii_case(name)))
                .count()
                > 1;
            if !shared && name != "Samoa" && code(name).as_deref() != Some(expected.as_str()) {
                failures.push(format!("{name}: {:?}, expected {expected}", code(name)));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
    assert_eq!(code("Samoa").as_deref(), Some("ws"));
    assert_eq!(code("Côte d'Ivoire").as_deref(), Some("ci"));
    assert_eq!(code("the Netherlands").as_deref(), Some("nl"));
    assert_eq!(code("840"), None);
}
