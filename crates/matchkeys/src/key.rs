//! The identifiers (match keys) and their names in both APIs.

use crate::{Api, Options};

/// Every identifier of the match-keys specification.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum MatchKey {
    /// E-mail address (`em` / `email`).
    Email,
    /// Phone number (`ph` / `phone`).
    Phone,
    /// Gender, `f` or `m` (`ge` / `gen`).
    Gender,
    /// Full date of birth, `YYYYMMDD` (`db`).
    DateOfBirth,
    /// Year of birth, `YYYY` (`doby`, OCAPI).
    BirthYear,
    /// Month of birth, `MM` (`dobm`, OCAPI).
    BirthMonth,
    /// Day of birth, `DD` (`dobd`, OCAPI).
    BirthDay,
    /// Last name (`ln`).
    LastName,
    /// First name (`fn`).
    FirstName,
    /// First initial (`fi`, OCAPI).
    FirstInitial,
    /// First five characters of the first name (`f5first`, OCAPI).
    FirstNameFirst5,
    /// First five characters of the last name (`f5last`, OCAPI).
    LastNameFirst5,
    /// City (`ct`).
    City,
    /// State or region (`st`).
    State,
    /// Postal code (`zp` / `zip`).
    Zip,
    /// Country, ISO 3166-1 alpha-2 (`country`).
    Country,
    /// The advertiser's own customer id (`external_id` / `extern_id`).
    ExternalId,
    /// Mobile advertiser id (`madid`).
    Madid,
    /// Meta lead id (`lead_id`).
    LeadId,
}

impl MatchKey {
    /// Every key, in the CAPI `user_data` order first, then the OCAPI-only ones.
    pub const ALL: [MatchKey; 19] = [
        MatchKey::Email,
        MatchKey::Phone,
        MatchKey::FirstName,
        MatchKey::LastName,
        MatchKey::Gender,
        MatchKey::DateOfBirth,
        MatchKey::City,
        MatchKey::State,
        MatchKey::Zip,
        MatchKey::Country,
        MatchKey::ExternalId,
        MatchKey::Madid,
        MatchKey::LeadId,
        MatchKey::BirthYear,
        MatchKey::BirthMonth,
        MatchKey::BirthDay,
        MatchKey::FirstInitial,
        MatchKey::FirstNameFirst5,
        MatchKey::LastNameFirst5,
    ];

    /// The key a field name stands for, in either API's spelling, case-insensitively, ignoring
    /// surrounding whitespace: `"em"`/`"email"`, `"ph"`/`"phone"`, `"ge"`/`"gen"`,
    /// `"zp"`/`"zip"`, `"external_id"`/`"extern_id"`, and the names both APIs share.
    ///
    /// ```
    /// use matchkeys::MatchKey;
    /// assert_eq!(MatchKey::from_name(" Email "), Some(MatchKey::Email));
    /// assert_eq!(MatchKey::from_name("zp"), MatchKey::from_name("ZIP"));
    /// assert_eq!(MatchKey::from_name("e-mail"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<MatchKey> {
        let name = name.trim();
        if name.len() > 12 {
            return None;
        }
        let mut buf = [0u8; 12];
        let lower = &mut buf[..name.len()];
        lower.copy_from_slice(name.as_bytes());
        lower.make_ascii_lowercase();
        Some(match &*lower {
            b"em" | b"email" => MatchKey::Email,
            b"ph" | b"phone" => MatchKey::Phone,
            b"ge" | b"gen" => MatchKey::Gender,
            b"db" => MatchKey::DateOfBirth,
            b"doby" => MatchKey::BirthYear,
            b"dobm" => MatchKey::BirthMonth,
            b"dobd" => MatchKey::BirthDay,
            b"ln" => MatchKey::LastName,
            b"fn" => MatchKey::FirstName,
            b"fi" => MatchKey::FirstInitial,
            b"f5first" => MatchKey::FirstNameFirst5,
            b"f5last" => MatchKey::LastNameFirst5,
            b"ct" => MatchKey::City,
            b"st" => MatchKey::State,
            b"zp" | b"zip" => MatchKey::Zip,
            b"country" => MatchKey::Country,
            b"external_id" | b"extern_id" => MatchKey::ExternalId,
            b"madid" => MatchKey::Madid,
            b"lead_id" => MatchKey::LeadId,
            _ => return None,
        })
    }

    /// The CAPI `user_data` name (`"em"`, `"ph"`, `"ge"`, `"db"`, `"zp"`, `"external_id"`, …).
    /// The OCAPI-only keys (`doby`, `fi`, `f5first`, …) keep their OCAPI name.
    pub fn capi_name(self) -> &'static str {
        match self {
            MatchKey::Email => "em",
            MatchKey::Phone => "ph",
            MatchKey::Gender => "ge",
            MatchKey::Zip => "zp",
            MatchKey::ExternalId => "external_id",
            other => other.shared_name(),
        }
    }

    /// The OCAPI `match_keys` name (`"email"`, `"phone"`, `"gen"`, `"zip"`, `"extern_id"`, …).
    pub fn ocapi_name(self) -> &'static str {
        match self {
            MatchKey::Email => "email",
            MatchKey::Phone => "phone",
            MatchKey::Gender => "gen",
            MatchKey::Zip => "zip",
            MatchKey::ExternalId => "extern_id",
            other => other.shared_name(),
        }
    }

    fn shared_name(self) -> &'static str {
        match self {
            MatchKey::Email => "em",
            MatchKey::Phone => "ph",
            MatchKey::Gender => "ge",
            MatchKey::DateOfBirth => "db",
            MatchKey::BirthYear => "doby",
            MatchKey::BirthMonth => "dobm",
            MatchKey::BirthDay => "dobd",
            MatchKey::LastName => "ln",
            MatchKey::FirstName => "fn",
            MatchKey::FirstInitial => "fi",
            MatchKey::FirstNameFirst5 => "f5first",
            MatchKey::LastNameFirst5 => "f5last",
            MatchKey::City => "ct",
            MatchKey::State => "st",
            MatchKey::Zip => "zp",
            MatchKey::Country => "country",
            MatchKey::ExternalId => "external_id",
            MatchKey::Madid => "madid",
            MatchKey::LeadId => "lead_id",
        }
    }

    /// The name in the given API's spelling.
    pub fn name(self, api: Api) -> &'static str {
        match api {
            Api::Capi => self.capi_name(),
            Api::Ocapi => self.ocapi_name(),
        }
    }

    /// Whether the value is SHA-256-hashed for `api`: `madid` is sent raw to CAPI and hashed
    /// for OCAPI, `lead_id` is never hashed, `external_id` follows
    /// [`Options::hash_external_id`], every other key is always hashed.
    pub fn is_hashed(self, api: Api, options: &Options) -> bool {
        match self {
            MatchKey::LeadId => false,
            MatchKey::Madid => api == Api::Ocapi,
            MatchKey::ExternalId => options.hash_external_id,
            _ => true,
        }
    }
}

impl std::fmt::Display for MatchKey {
    /// The CAPI name.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.capi_name())
    }
}
