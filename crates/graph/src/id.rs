//! Graph object ids. Paths are built only from these and the crate's own edge names, so nothing
//! a caller passes can smuggle a query string (or a token) into a URL.

use serde::Serialize;
use std::fmt;

/// Why a string is not a Graph id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum IdError {
    /// The id is empty.
    Empty,
    /// The id has a character other than a digit (after an optional `act_`).
    NotNumeric {
        /// The position of the first wrong character.
        position: usize,
    },
}

impl IdError {
    /// A stable code.
    pub fn code(&self) -> &'static str {
        match self {
            IdError::Empty => "id_empty",
            IdError::NotNumeric { .. } => "id_not_numeric",
        }
    }
}

impl fmt::Display for IdError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdError::Empty => f.write_str("the id is empty"),
            IdError::NotNumeric { position } => write!(
                f,
                "a Graph id is made of digits; character {} is not one",
                position + 1
            ),
        }
    }
}

impl std::error::Error for IdError {}

fn digits(raw: &str) -> Result<String, IdError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(IdError::Empty);
    }
    match raw.find(|c: char| !c.is_ascii_digit()) {
        Some(position) => Err(IdError::NotNumeric { position }),
        None => Ok(raw.to_owned()),
    }
}

/// A numeric Graph object id (dataset, offline event set, business, ad, custom conversion).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct ObjectId(String);

impl ObjectId {
    /// Parse a numeric id.
    pub fn new(raw: &str) -> Result<ObjectId, IdError> {
        digits(raw).map(ObjectId)
    }

    /// The digits.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ObjectId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An ad account id; accepts `act_123` or `123`, shown as `act_123`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct AdAccountId(String);

impl AdAccountId {
    /// Parse an ad account id, with or without `act_`.
    pub fn new(raw: &str) -> Result<AdAccountId, IdError> {
        let raw = raw.trim();
        let (offset, rest) = match raw.strip_prefix("act_") {
            Some(rest) => (4, rest),
            None => (0, raw),
        };
        digits(rest).map(AdAccountId).map_err(|error| match error {
            IdError::NotNumeric { position } => IdError::NotNumeric {
                position: position + offset,
            },
            other => other,
        })
    }

    /// The digits, without `act_` (what `account_id` parameters take).
    pub fn digits(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for AdAccountId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "act_{}", self.0)
    }
}

/// The node a request is about.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Node {
    /// A numeric object.
    Object(ObjectId),
    /// An ad account.
    AdAccount(AdAccountId),
}

impl fmt::Display for Node {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Node::Object(id) => id.fmt(f),
            Node::AdAccount(id) => id.fmt(f),
        }
    }
}

impl From<&ObjectId> for Node {
    fn from(id: &ObjectId) -> Self {
        Node::Object(id.clone())
    }
}

impl From<&AdAccountId> for Node {
    fn from(id: &AdAccountId) -> Self {
        Node::AdAccount(id.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_digits_only() {
        assert_eq!(ObjectId::new(" 123 ").unwrap().as_str(), "123");
        assert_eq!(ObjectId::new(""), Err(IdError::Empty));
        assert_eq!(
            ObjectId::new("12?access_token=x"),
            Err(IdError::NotNumeric { position: 2 })
        );
        assert_eq!(
            ObjectId::new("1/2").unwrap_err().to_string(),
            "a Graph id is made of digits; character 2 is not one"
        );
    }

    #[test]
    fn ad_accounts_take_either_spelling() {
        let account = AdAccountId::new("act_200000000000002").unwrap();
        assert_eq!(account, AdAccountId::new("200000000000002").unwrap());
        assert_eq!(account.to_string(), "act_200000000000002");
        assert_eq!(account.digits(), "200000000000002");
        assert_eq!(
            AdAccountId::new("act_2x"),
            Err(IdError::NotNumeric { position: 5 })
        );
    }
}
