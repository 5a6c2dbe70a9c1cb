//! Properties over arbitrary input: normalizing is idempotent, hashed output is always 64
//! lowercase hex (or a typed error), and no input panics.
#![cfg(not(target_arch = "wasm32"))]
// Clippy only treats `#[test]` functions as tests; the helpers here are test code too.
#![allow(clippy::unwrap_used)]

use matchkeys::{
    Api, Context, Country, DateOrder, HashBatch, MatchKey, MatchKeys, Options, RawRecord, UserData,
};
use proptest::prelude::*;

fn key() -> impl Strategy<Value = MatchKey> {
    proptest::sample::select(MatchKey::ALL.to_vec())
}

fn country() -> impl Strategy<Value = Option<Country>> {
    proptest::sample::select(vec![
        None,
        Some("us"),
        Some("ca"),
        Some("gb"),
        Some("de"),
        Some("it"),
        Some("cn"),
    ])
    .prop_map(|c| c.map(|c| Country::parse(c).unwrap()))
}

/// Arbitrary Unicode, plus shapes close to real identifiers so the interesting branches run.
fn value() -> impl Strategy<Value = String> {
    prop_oneof![
        any::<String>(),
        "[0-9 +().-]{0,24}",
        "[0-9]{1,4}[ /.-][0-9]{1,4}[ /.-][0-9]{1,4}",
        "[0-9]{1,2} (Jan|feb|MARCH|Sept|dec) [0-9]{4}",
        "[a-zA-Z0-9éÜß._+-]{0,12}@[a-zA-Z0-9.-]{0,12}",
        "[ a-zA-Zéèñ'’.,-]{0,20}",
        "[\\u{300}-\\u{36f}a-e\\u{130}\\u{212b} .]{0,12}",
        "[0-9a-fA-F]{64}",
    ]
}

fn options(order: bool, hash_external_id: bool) -> Options {
    let mut options = Options::new(2026);
    options.date_order = if order {
        DateOrder::DayFirst
    } else {
        DateOrder::MonthFirst
    };
    options.hash_external_id = hash_external_id;
    options
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn normalizing_a_normalized_value_changes_nothing(
        key in key(), raw in value(), country in country(), order in any::<bool>()
    ) {
        let options = options(order, true);
        let ctx = Context::new(&options).with_country(country);
        if let Ok(Some(once)) = matchkeys::normalize(key, &raw, &ctx) {
            // A normalized phone is an international number: read it back as one.
            let hashed = once.value.len() == 64 && once.value.bytes().all(|b| b.is_ascii_hexdigit());
            let again_input = if key == MatchKey::Phone && once.warning.is_none() && !hashed {
                format!("+{}", once.value)
            } else {
                once.value.clone()
            };
            let twice = matchkeys::normalize(key, &again_input, &ctx);
            prop_assert_eq!(twice.map(|n| n.map(|n| n.value)), Ok(Some(once.value)));
        }
    }

    #[test]
    fn hashed_output_is_64_lowercase_hex_or_a_typed_error(
        key in key(), raw in value(), country in country(), order in any::<bool>(), ocapi in any::<bool>()
    ) {
        let options = options(order, true);
        let ctx = Context::new(&options).with_country(country);
        let api = if ocapi { Api::Ocapi } else { Api::Capi };
        match matchkeys::hash(key, &raw, api, &ctx) {
            Ok(Some(out)) if key.is_hashed(api, &options) => {
                prop_assert_eq!(out.len(), 64);
                prop_assert!(out.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')));
            }
            Ok(Some(out)) => prop_assert!(!out.is_empty()),
            Ok(None) => {}
            Err(error) => {
                prop_assert_eq!(error.key(), key);
                prop_assert!(error.code().starts_with("invalid_"));
                let trimmed = raw.trim();
                prop_assert!(trimmed.chars().count() < 4 || !error.to_string().contains(trimmed));
            }
        }
    }

    #[test]
    fn building_records_never_panics_and_accounts_for_every_value(
        entries in proptest::collection::vec((key(), value()), 0..8),
        country in country(), order in any::<bool>(), hash_external_id in any::<bool>()
    ) {
        let options = options(order, hash_external_id);
        let ctx = Context::new(&options).with_country(country);
        let mut record = RawRecord::new();
        for (key, raw) in &entries {
            record.push(*key, raw.clone());
        }
        let capi = UserData::build(&record, &ctx);
        let ocapi = MatchKeys::build(&record, &ctx);
        prop_assert!(capi.rejected.iter().all(|(i, _)| *i < entries.len()));
        prop_assert!(ocapi.rejected.iter().all(|(i, _)| *i < entries.len()));
        prop_assert_eq!(capi.keys.is_empty(), capi.keys.keys().next().is_none());
        let json = serde_json::to_string(&capi.keys).unwrap();
        prop_assert!(!json.contains("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"));
    }

    #[test]
    fn a_record_hashes_each_value_as_hash_does_alone(
        entries in proptest::collection::vec((record_key(), value()), 0..8),
        country in country(), order in any::<bool>()
    ) {
        let options = options(order, true);
        let ctx = Context::new(&options).with_country(country);
        let borrowed: Vec<(MatchKey, &str)> =
            entries.iter().map(|(key, raw)| (*key, raw.as_str())).collect();
        let built = UserData::build_from(&borrowed, &ctx);
        let mut record = RawRecord::new();
        for (key, raw) in &entries {
            record.push(*key, raw.clone());
        }
        prop_assert_eq!(&UserData::build(&record, &ctx), &built);
        // Each value normalized on its own (a fresh buffer each): the same hashes, deduped.
        let mut expected = UserData::default();
        for (key, raw) in &entries {
            if let Ok(Some(hashed)) = matchkeys::hash(*key, raw, Api::Capi, &ctx) {
                let list = match key {
                    MatchKey::Email => &mut expected.em,
                    MatchKey::Phone => &mut expected.ph,
                    MatchKey::FirstName => &mut expected.first_name,
                    MatchKey::LastName => &mut expected.ln,
                    MatchKey::Gender => &mut expected.ge,
                    MatchKey::DateOfBirth => &mut expected.db,
                    MatchKey::City => &mut expected.ct,
                    MatchKey::State => &mut expected.st,
                    _ => &mut expected.zp,
                };
                if !list.contains(&hashed) {
                    list.push(hashed);
                }
            }
        }
        prop_assert_eq!(built.keys, expected);
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 500,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn many_records_build_as_each_does_alone(
        records in proptest::collection::vec(
            proptest::collection::vec((key(), value()), 0..8), 0..12),
        country in country(), hash_external_id in any::<bool>()
    ) {
        let options = options(false, hash_external_id);
        let ctx = Context::new(&options).with_country(country);
        let mut batch = HashBatch::new();
        // Twice with the same batch: what the first call left in it changes nothing.
        for _ in 0..2 {
            let capi = UserData::build_many(records.iter().map(Vec::as_slice), &ctx, &mut batch);
            let ocapi = MatchKeys::build_many(records.iter().map(Vec::as_slice), &ctx, &mut batch);
            prop_assert_eq!(capi.len(), records.len());
            prop_assert_eq!(ocapi.len(), records.len());
            for ((entries, capi), ocapi) in records.iter().zip(&capi).zip(&ocapi) {
                prop_assert_eq!(capi, &UserData::build_from(entries, &ctx));
                prop_assert_eq!(ocapi, &MatchKeys::build_from(entries, &ctx));
            }
        }
    }

    #[test]
    fn a_batch_hashes_as_sha2_does(values in proptest::collection::vec(any::<String>(), 0..40)) {
        let mut batch = HashBatch::new();
        let indexes: Vec<usize> = values.iter().map(|value| batch.push(value)).collect();
        batch.hash();
        for (value, index) in values.iter().zip(indexes) {
            let expected = matchkeys::sha256_hex(value);
            prop_assert_eq!(batch.hex(index), Some(expected.as_str()));
        }
    }
}

/// The keys of [`a_record_hashes_each_value_as_hash_does_alone`]: every array key of
/// `user_data` whose value does not change the record's context (`country` does).
fn record_key() -> impl Strategy<Value = MatchKey> {
    proptest::sample::select(vec![
        MatchKey::Email,
        MatchKey::Phone,
        MatchKey::FirstName,
        MatchKey::LastName,
        MatchKey::Gender,
        MatchKey::DateOfBirth,
        MatchKey::City,
        MatchKey::State,
        MatchKey::Zip,
    ])
}
