//! Why an identifier was rejected. Errors name the key and the reason, never the raw value.

use crate::MatchKey;
use std::fmt;

/// A rejected identifier: which key, a stable code, a message for a person. It never carries
/// the raw value, so it is safe to log or show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MatchKeyError {
    key: MatchKey,
    kind: ErrorKind,
}

/// The reason an identifier was rejected.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorKind {
    /// Not shaped `local@domain.tld` (no `@`, several `@`, whitespace, no dot in the domain).
    Email,
    /// Fewer than 7 digits.
    PhoneTooShort,
    /// More than 15 digits.
    PhoneTooLong,
    /// Not one of the words for female or male.
    Gender,
    /// Not a date in any supported layout.
    DateLayout,
    /// A day that does not exist (February 30, month 13, day 32).
    DateImpossible,
    /// A year before 1900 or after the current year.
    DateYearOutOfRange,
    /// Fewer than 2 characters.
    ZipTooShort,
    /// A US record whose ZIP code is not 5 digits (optionally followed by 4 more).
    ZipNotUs,
    /// Not an ISO 3166-1 code, English country name or known alias.
    Country,
    /// A lead id with something other than digits.
    LeadId,
}

impl ErrorKind {
    /// Every reason, in declaration order.
    pub const ALL: [ErrorKind; 11] = [
        ErrorKind::Email,
        ErrorKind::PhoneTooShort,
        ErrorKind::PhoneTooLong,
        ErrorKind::Gender,
        ErrorKind::DateLayout,
        ErrorKind::DateImpossible,
        ErrorKind::DateYearOutOfRange,
        ErrorKind::ZipTooShort,
        ErrorKind::ZipNotUs,
        ErrorKind::Country,
        ErrorKind::LeadId,
    ];

    /// Stable code, one per key family (see [`MatchKeyError::code`]).
    ///
    /// ```
    /// use matchkeys::ErrorKind;
    /// assert_eq!(ErrorKind::PhoneTooLong.code(), "invalid_phone");
    /// ```
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::Email => "invalid_email",
            ErrorKind::PhoneTooShort | ErrorKind::PhoneTooLong => "invalid_phone",
            ErrorKind::Gender => "invalid_gender",
            ErrorKind::DateLayout | ErrorKind::DateImpossible | ErrorKind::DateYearOutOfRange => {
                "invalid_date_of_birth"
            }
            ErrorKind::ZipTooShort | ErrorKind::ZipNotUs => "invalid_zip",
            ErrorKind::Country => "invalid_country",
            ErrorKind::LeadId => "invalid_lead_id",
        }
    }
}

impl MatchKeyError {
    pub(crate) fn new(key: MatchKey, kind: ErrorKind) -> Self {
        MatchKeyError { key, kind }
    }

    /// The key whose value was rejected.
    pub fn key(&self) -> MatchKey {
        self.key
    }

    /// The reason.
    pub fn kind(&self) -> ErrorKind {
        self.kind
    }

    /// Stable code, one per key family: `invalid_email`, `invalid_phone`, `invalid_gender`,
    /// `invalid_date_of_birth`, `invalid_zip`, `invalid_country`, `invalid_lead_id`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    fn reason(&self) -> &'static str {
        match self.kind {
            ErrorKind::Email => "not an e-mail address (expected local@domain.tld)",
            ErrorKind::PhoneTooShort => "not a phone number (fewer than 7 digits)",
            ErrorKind::PhoneTooLong => "not a phone number (more than 15 digits)",
            ErrorKind::Gender => "not a gender (expected f or m, female or male)",
            ErrorKind::DateLayout => {
                "not a date (expected YYYYMMDD, YYYY-MM-DD, MM/DD/YYYY, DD/MM/YYYY or 16 Feb 1997)"
            }
            ErrorKind::DateImpossible => "no such date in the calendar",
            ErrorKind::DateYearOutOfRange => "year before 1900 or after the current year",
            ErrorKind::ZipTooShort => "postal code shorter than 2 characters",
            ErrorKind::ZipNotUs => "not a US ZIP code (expected 5 digits, or ZIP+4)",
            ErrorKind::Country => {
                "unknown country (expected an ISO 3166-1 code or an English country name)"
            }
            ErrorKind::LeadId => "not a lead id (expected digits only)",
        }
    }
}

impl fmt::Display for MatchKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.key.capi_name(), self.reason())
    }
}

impl std::error::Error for MatchKeyError {}
