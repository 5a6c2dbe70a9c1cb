//! Normalize and hash customer identifiers (match keys) the way Meta specifies.
//!
//! ```
//! let hashed = matchkeys::hash_email(" John_Smith@gmail.com ").unwrap();
//! assert_eq!(hashed, "62a14e44f765419d10fea99367361a727c12365e2520f32218d505ed9aa0f62f");
//! ```
#![deny(missing_docs)]

use sha2::{Digest, Sha256};
use std::fmt;

/// Why an identifier could not be normalized. Never carries the raw value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MatchKeyError {
    /// The value is not shaped like an e-mail address.
    InvalidEmail,
}

impl fmt::Display for MatchKeyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::InvalidEmail => {
                f.write_str("em: not an e-mail address (expected local@domain.tld)")
            }
        }
    }
}

impl std::error::Error for MatchKeyError {}

/// SHA-256 of the UTF-8 bytes of `normalized`, as 64 lowercase hex characters.
pub fn sha256_hex(normalized: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let digest = Sha256::digest(normalized.as_bytes());
    let mut out = String::with_capacity(64);
    for byte in digest {
        out.push(char::from(HEX[usize::from(byte >> 4)]));
        out.push(char::from(HEX[usize::from(byte & 0x0f)]));
    }
    out
}

/// Trim and lowercase an e-mail address, checking it has the shape `local@domain.tld`.
pub fn normalize_email(raw: &str) -> Result<String, MatchKeyError> {
    let value = raw.trim().to_lowercase();
    let (local, domain) = value.split_once('@').ok_or(MatchKeyError::InvalidEmail)?;
    let shaped = !local.is_empty()
        && !domain.contains('@')
        && domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !value.chars().any(char::is_whitespace);
    if shaped {
        Ok(value)
    } else {
        Err(MatchKeyError::InvalidEmail)
    }
}

/// Normalize then hash an e-mail address.
pub fn hash_email(raw: &str) -> Result<String, MatchKeyError> {
    normalize_email(raw).map(|normalized| sha256_hex(&normalized))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn empty_string_hash_is_the_known_constant() {
        assert_eq!(
            sha256_hex(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
        );
    }

    #[test]
    fn rejects_addresses_without_a_dotted_domain() {
        assert_eq!(
            normalize_email("test@example"),
            Err(MatchKeyError::InvalidEmail)
        );
        assert_eq!(
            normalize_email("plaintext"),
            Err(MatchKeyError::InvalidEmail)
        );
        assert_eq!(
            normalize_email("test @example.com"),
            Err(MatchKeyError::InvalidEmail)
        );
    }
}
