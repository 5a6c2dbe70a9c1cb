//! The operator vocabulary of the Custom Conversions reference.

use std::fmt;
use std::str::FromStr;

/// A comparison a rule condition applies to one event field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Operator {
    /// Contains, ignoring case.
    IContains,
    /// Does not contain, ignoring case.
    INotContains,
    /// Contains, case-sensitive.
    Contains,
    /// Does not contain, case-sensitive.
    NotContains,
    /// Equal.
    Eq,
    /// Not equal.
    Neq,
    /// Less than (numbers).
    Lt,
    /// Less than or equal (numbers).
    Lte,
    /// Greater than (numbers).
    Gt,
    /// Greater than or equal (numbers).
    Gte,
    /// Matches a regular expression.
    RegexMatch,
}

impl Operator {
    /// Every operator, in the order of the reference.
    pub const ALL: [Operator; 11] = [
        Self::IContains,
        Self::INotContains,
        Self::Contains,
        Self::NotContains,
        Self::Eq,
        Self::Neq,
        Self::Lt,
        Self::Lte,
        Self::Gt,
        Self::Gte,
        Self::RegexMatch,
    ];

    /// The operator's name in Meta's rule JSON.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::IContains => "i_contains",
            Self::INotContains => "i_not_contains",
            Self::Contains => "contains",
            Self::NotContains => "not_contains",
            Self::Eq => "eq",
            Self::Neq => "neq",
            Self::Lt => "lt",
            Self::Lte => "lte",
            Self::Gt => "gt",
            Self::Gte => "gte",
            Self::RegexMatch => "regex_match",
        }
    }

    /// Whether the operator compares numbers (and so only applies to numeric fields).
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Lt | Self::Lte | Self::Gt | Self::Gte)
    }

    /// Whether the operator compares text (`i_contains`, `i_not_contains`, `contains`,
    /// `not_contains`, `regex_match`): its operand is a string.
    pub fn is_text(self) -> bool {
        matches!(
            self,
            Self::IContains
                | Self::INotContains
                | Self::Contains
                | Self::NotContains
                | Self::RegexMatch
        )
    }

    /// Whether the operator is the negation of another (`i_not_contains`, `not_contains`,
    /// `neq`). A negative operator matches exactly when its positive counterpart does not,
    /// which is why it matches an event that lacks the field.
    pub fn is_negative(self) -> bool {
        matches!(self, Self::INotContains | Self::NotContains | Self::Neq)
    }
}

/// A name that is not one of the operators of the Custom Conversions reference.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownOperator(pub String);

impl fmt::Display for UnknownOperator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "unknown rule operator `{}`", self.0)
    }
}

impl std::error::Error for UnknownOperator {}

impl fmt::Display for Operator {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Operator {
    type Err = UnknownOperator;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|op| op.as_str() == name)
            .ok_or_else(|| UnknownOperator(name.to_owned()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operator_round_trips_through_its_name() {
        for op in Operator::ALL {
            assert_eq!(op.as_str().parse::<Operator>(), Ok(op));
        }
    }

    #[test]
    fn unknown_names_are_rejected_with_the_name() {
        let err = "starts_with".parse::<Operator>().unwrap_err();
        assert_eq!(err.to_string(), "unknown rule operator `starts_with`");
    }
}
