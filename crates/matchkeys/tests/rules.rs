//! Rules the vectors do not pin down: record builders, JSON shapes, context, spec edge cases.
// Clippy only treats `#[test]` functions as tests; the helpers here are test code too.
#![allow(clippy::unwrap_used)]

use matchkeys::{
    Api, Context, Country, MatchKey, MatchKeys, Options, RawRecord, UserData, Warning,
};

fn options() -> Options {
    Options::new(2026)
}

fn norm(key: MatchKey, raw: &str, country: Option<&str>) -> Option<String> {
    let options = options();
    let ctx = Context::new(&options).with_country(country.map(|c| Country::parse(c).unwrap()));
    matchkeys::normalize(key, raw, &ctx)
        .unwrap()
        .map(|n| n.value)
}

#[test]
fn both_spellings_of_every_key_name_round_trip() {
    for key in MatchKey::ALL {
        assert_eq!(MatchKey::from_name(key.capi_name()), Some(key));
        assert_eq!(
            MatchKey::from_name(&key.ocapi_name().to_uppercase()),
            Some(key)
        );
    }
    assert_eq!(MatchKey::from_name("extern_id"), Some(MatchKey::ExternalId));
    assert_eq!(MatchKey::from_name("gen"), Some(MatchKey::Gender));
    assert_eq!(MatchKey::from_name("name"), None);
}

#[test]
fn phone_edge_cases_of_the_spec() {
    assert_eq!(
        norm(MatchKey::Phone, "+44 (0)20 7946 0958", None).as_deref(),
        Some("442079460958")
    );
    // 011 is a national Turin number in Italy, the international prefix only in North America.
    assert_eq!(
        norm(MatchKey::Phone, "011 123 4567", Some("it")).as_deref(),
        Some("390111234567")
    );
    assert_eq!(
        norm(MatchKey::Phone, "011 44 20 7946 0958", None).as_deref(),
        Some("442079460958")
    );
    assert_eq!(
        norm(MatchKey::Phone, "051 924 9948", Some("it")).as_deref(),
        Some("390519249948")
    );
    assert_eq!(
        norm(MatchKey::Phone, "442079460958", Some("gb")).as_deref(),
        Some("442079460958")
    );
    let options = options();
    let found = matchkeys::normalize(MatchKey::Phone, "0555 123 4567", &Context::new(&options));
    assert_eq!(
        found.unwrap().unwrap().warning,
        Some(Warning::PhoneWithoutCountryCode)
    );
}

#[test]
fn dates_settle_their_own_order_when_a_number_is_above_12() {
    assert_eq!(
        norm(MatchKey::DateOfBirth, "16/02/1997", None).as_deref(),
        Some("19970216")
    );
    assert_eq!(
        norm(MatchKey::DateOfBirth, "29.02.2000", None).as_deref(),
        Some("20000229")
    );
    let options = options();
    let ctx = Context::new(&options);
    for bad in [
        "29.02.1999",
        "2027-01-01",
        "1/2/97",
        "13/13/1990",
        "Febuary 3 1990",
    ] {
        let error = matchkeys::normalize(MatchKey::DateOfBirth, bad, &ctx).unwrap_err();
        assert_eq!(error.code(), "invalid_date_of_birth", "{bad}");
    }
}

#[test]
fn state_and_zip_follow_the_record_country() {
    assert_eq!(
        norm(MatchKey::State, "Massachusetts", Some("us")).as_deref(),
        Some("ma")
    );
    assert_eq!(
        norm(MatchKey::State, "Québec", Some("ca")).as_deref(),
        Some("qc")
    );
    assert_eq!(
        norm(MatchKey::State, "California", None).as_deref(),
        Some("ca")
    );
    assert_eq!(
        norm(MatchKey::State, "Northwest Territories", None).as_deref(),
        Some("nt")
    );
    // Without a country a 2-letter value is kept as written, a foreign name too.
    assert_eq!(norm(MatchKey::State, "CA", None).as_deref(), Some("ca"));
    assert_eq!(
        norm(MatchKey::State, "Bavaria", None).as_deref(),
        Some("bavaria")
    );
    // A known country other than us/ca never maps a US or Canadian name.
    assert_eq!(
        norm(MatchKey::State, "Texas", Some("gb")).as_deref(),
        Some("texas")
    );
    assert_eq!(
        norm(MatchKey::State, "Île-de-France", Some("fr")).as_deref(),
        Some("îledefrance")
    );
    assert_eq!(
        norm(MatchKey::Zip, "M5V 3L9", Some("ca")).as_deref(),
        Some("m5v3l9")
    );
    let options = options();
    let us = Context::new(&options).with_country(Some(Country::parse("us").unwrap()));
    assert_eq!(
        matchkeys::normalize(MatchKey::Zip, "2134", &us)
            .unwrap_err()
            .code(),
        "invalid_zip"
    );
}

#[test]
fn user_data_serializes_in_metas_order_with_lead_id_as_a_string() {
    let options = options();
    let ctx = Context::new(&options);
    let mut record = RawRecord::new();
    record.push(MatchKey::LeadId, "123456");
    record.push(MatchKey::Country, "United Kingdom");
    record.push(MatchKey::Zip, "M1 1AE");
    record.push(MatchKey::Phone, "020 7946 0958");
    record.push(MatchKey::Email, "A@B.co");
    record.push(MatchKey::Email, " a@b.co");
    record.push(MatchKey::Email, "not an email");
    record.push(MatchKey::FirstInitial, "M");
    let built = UserData::build(&record, &ctx);
    let json = serde_json::to_value(&built.keys).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    // serde_json's map is sorted unless preserve_order: check the string instead.
    assert_eq!(keys.len(), 5);
    let text = serde_json::to_string(&built.keys).unwrap();
    let order: Vec<usize> = [
        "\"em\"",
        "\"ph\"",
        "\"zp\"",
        "\"country\"",
        "\"lead_id\":\"123456\"",
    ]
    .iter()
    .map(|k| text.find(k).unwrap())
    .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{text}");
    assert_eq!(built.keys.em.len(), 1);
    // The record's country (gb) gave the phone its calling code.
    assert_eq!(built.keys.ph, vec![matchkeys::sha256_hex("442079460958")]);
    assert_eq!(built.rejected.len(), 1);
    assert_eq!(built.rejected[0].0, 6);
    assert_eq!(built.rejected[0].1.code(), "invalid_email");
    assert_eq!(
        built.keys.keys().collect::<Vec<_>>(),
        vec![
            MatchKey::Email,
            MatchKey::Phone,
            MatchKey::Zip,
            MatchKey::Country,
            MatchKey::LeadId
        ]
    );
}

#[test]
fn match_keys_use_legacy_names_split_the_date_and_hash_madid() {
    let mut options = options();
    options.hash_external_id = false;
    let ctx = Context::new(&options);
    let mut record = RawRecord::new();
    record.push(MatchKey::Email, "a@b.co");
    record.push(MatchKey::DateOfBirth, "2/16/1997");
    record.push(MatchKey::Madid, "AB-CD");
    record.push(MatchKey::ExternalId, " Customer-7 ");
    record.push(MatchKey::Gender, "Female");
    let built = MatchKeys::build(&record, &ctx);
    let text = serde_json::to_string(&built.keys).unwrap();
    assert!(text.starts_with(r#"{"email":[""#), "{text}");
    assert!(text.contains(r#""gen":[""#), "{text}");
    assert_eq!(built.keys.doby, vec![matchkeys::sha256_hex("1997")]);
    assert_eq!(built.keys.dobm, vec![matchkeys::sha256_hex("02")]);
    assert_eq!(built.keys.dobd, vec![matchkeys::sha256_hex("16")]);
    assert_eq!(built.keys.madid, vec![matchkeys::sha256_hex("ab-cd")]);
    assert_eq!(built.keys.extern_id, vec!["Customer-7".to_owned()]);
    let capi = UserData::build(&record, &ctx);
    assert_eq!(capi.keys.madid.as_deref(), Some("ab-cd"));
    assert_eq!(
        matchkeys::hash(MatchKey::Madid, "AB-CD", Api::Ocapi, &ctx).unwrap(),
        Some(matchkeys::sha256_hex("ab-cd"))
    );
}

#[test]
fn errors_never_contain_the_value() {
    let options = options();
    let ctx = Context::new(&options);
    for (key, raw) in [
        (MatchKey::Email, "secret.person@nowhere"),
        (MatchKey::Country, "Secretland"),
        (MatchKey::LeadId, "secret123"),
        (MatchKey::Gender, "secretive"),
    ] {
        let error = matchkeys::normalize(key, raw, &ctx).unwrap_err();
        assert!(
            !error.to_string().to_lowercase().contains("secret"),
            "{error}"
        );
        assert!(!format!("{error:?}").to_lowercase().contains("secret"));
    }
}

#[test]
fn every_lowercasing_key_applies_the_final_sigma() {
    // Lowercased char by char, the last `Σ` would be `σ`; as a whole string it is `ς`.
    assert_eq!(
        norm(MatchKey::FirstName, "ΟΔΥΣΣΕΑΣ", None).as_deref(),
        Some("οδυσσεας")
    );
    assert_eq!(
        norm(MatchKey::LastName, "ΠΑΠΑΣ-ΝΙΚΟΣ", None).as_deref(),
        Some("παπαςνικος")
    );
    assert_eq!(
        norm(MatchKey::FirstInitial, "Σ", None).as_deref(),
        Some("σ")
    );
    assert_eq!(
        norm(MatchKey::City, "ΠΕΙΡΑΙΑΣ", None).as_deref(),
        Some("πειραιας")
    );
    assert_eq!(
        norm(MatchKey::State, "ΑΤΤΙΚΗΣ", Some("gr")).as_deref(),
        Some("αττικης")
    );
    assert_eq!(
        norm(MatchKey::Email, "ΟΔΥΣΣΕΑΣ@ΠΑΡΑΔΕΙΓΜΑ.ΕΛ", None).as_deref(),
        Some("οδυσσεας@παραδειγμα.ελ")
    );
    assert_eq!(
        norm(MatchKey::Zip, "ΑΒΣ 12", Some("gr")).as_deref(),
        Some("αβς12")
    );
    assert_eq!(norm(MatchKey::Madid, "ΑΣ-1", None).as_deref(), Some("ας-1"));
    // A sigma between letters stays `σ`; one alone is not final (no cased letter before it).
    assert_eq!(norm(MatchKey::FirstName, "ΣΣ", None).as_deref(), Some("σς"));
    assert_eq!(norm(MatchKey::City, "Σ", None).as_deref(), Some("σ"));
    // Every lowercasing agrees with the standard library's whole-string mapping.
    for name in ["ΣΩΚΡΑΤΗΣ", "ὈΔΥΣΣΕΎΣ", "İSTANBUL", "ǅEMAL", "STRASSE"] {
        assert_eq!(
            norm(MatchKey::FirstName, name, None),
            Some(name.to_lowercase()),
            "{name}"
        );
    }
}

#[test]
fn a_digest_passes_through_lowercased_for_every_hashed_key() {
    let digest = "AB0123456789abcdef0123456789abcdef0123456789abcdef0123456789ABCD";
    let lowered = digest.to_ascii_lowercase();
    let mut options = options();
    for hash_external_id in [true, false] {
        options.hash_external_id = hash_external_id;
        let ctx = Context::new(&options);
        for key in MatchKey::ALL {
            for api in [Api::Capi, Api::Ocapi] {
                if !key.is_hashed(api, &options) {
                    continue;
                }
                assert_eq!(
                    matchkeys::hash(key, &format!(" {digest} "), api, &ctx)
                        .unwrap()
                        .as_deref(),
                    Some(lowered.as_str()),
                    "{key} {api:?}"
                );
            }
        }
        // `normalize` reports the digest itself for a hashed external id, the value as written
        // for a raw one.
        let normalized = matchkeys::normalize(MatchKey::ExternalId, digest, &ctx).unwrap();
        let expected = if hash_external_id {
            lowered.as_str()
        } else {
            digest
        };
        assert_eq!(normalized.map(|n| n.value).as_deref(), Some(expected));
    }
}
