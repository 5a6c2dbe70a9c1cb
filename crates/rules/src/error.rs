//! What is wrong with a rule, and where.

use crate::field::{FieldError, FieldKind};
use crate::operator::Operator;
use crate::regex::RegexError;
use std::fmt;

/// Why a rule was refused, with the JSON path of the offending part.
///
/// The path starts at `rule`, follows groups (`.and[1]`, `.or[0]`, `.not`) and ends with the
/// field key in quotes, so a message reads
/// `rule.and[1]."custom_data.price": operator "gt" needs a number, got a string`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuleError {
    path: String,
    kind: RuleErrorKind,
}

/// The ways a rule can be wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum RuleErrorKind {
    /// The text is not JSON.
    Syntax {
        /// 1-based line.
        line: usize,
        /// 1-based column, in characters.
        column: usize,
        /// What was expected.
        message: &'static str,
    },
    /// A rule (or a group item) is not a JSON object.
    NotAnObject {
        /// The kind of JSON found ("an array", "a string", …).
        got: &'static str,
    },
    /// A rule object does not have exactly one key.
    NotOneKey {
        /// How many keys it has.
        keys: usize,
    },
    /// `and` / `or` is not followed by an array of rules.
    GroupNotArray {
        /// `and` or `or`.
        group: &'static str,
        /// The kind of JSON found.
        got: &'static str,
    },
    /// `and` / `or` with no rules in it.
    EmptyGroup {
        /// `and` or `or`.
        group: &'static str,
    },
    /// `not` is not followed by one rule object.
    NotNotObject {
        /// The kind of JSON found.
        got: &'static str,
    },
    /// The key is not a field a rule can filter on.
    Field(FieldError),
    /// A field is not followed by an object of one operator and its operand.
    ConditionNotObject {
        /// The kind of JSON found.
        got: &'static str,
    },
    /// A condition object does not have exactly one operator.
    NotOneOperator {
        /// How many keys it has.
        operators: usize,
    },
    /// The operator is not one of the reference's.
    UnknownOperator {
        /// The name as written.
        name: String,
    },
    /// The operand has the wrong JSON type for the operator.
    OperandType {
        /// The operator.
        operator: Operator,
        /// What it needs ("a number", "a string", "a string or a number").
        expected: &'static str,
        /// What was found ("a string", "an array", …).
        got: &'static str,
    },
    /// The operator does not apply to the field's kind (`gt` on `currency`, `contains` on
    /// `value`).
    OperatorNotForField {
        /// The operator.
        operator: Operator,
        /// The field's kind.
        kind: FieldKind,
    },
    /// `eq` / `neq` on a numeric field with a string that is not a number.
    NotANumber {
        /// The operator.
        operator: Operator,
    },
    /// A number too large for a 64-bit float (e.g. `1e400`).
    NumberOutOfRange,
    /// The `regex_match` pattern is invalid or uses a construct the engine cannot run.
    Regex(RegexError),
}

impl RuleError {
    pub(crate) fn new(path: String, kind: RuleErrorKind) -> RuleError {
        RuleError { path, kind }
    }

    /// The JSON path of the offending part (`rule.and[1]."custom_data.price"`).
    pub fn path(&self) -> &str {
        &self.path
    }

    /// What is wrong.
    pub fn kind(&self) -> &RuleErrorKind {
        &self.kind
    }

    /// A stable, machine-readable code for the kind of error.
    pub fn code(&self) -> &'static str {
        match &self.kind {
            RuleErrorKind::Syntax { .. } => "rule_syntax",
            RuleErrorKind::NotAnObject { .. } => "rule_not_an_object",
            RuleErrorKind::NotOneKey { .. } => "rule_not_one_key",
            RuleErrorKind::GroupNotArray { .. } => "rule_group_not_array",
            RuleErrorKind::EmptyGroup { .. } => "rule_empty_group",
            RuleErrorKind::NotNotObject { .. } => "rule_not_not_object",
            RuleErrorKind::Field(_) => "rule_unknown_field",
            RuleErrorKind::ConditionNotObject { .. } => "rule_condition_not_object",
            RuleErrorKind::NotOneOperator { .. } => "rule_not_one_operator",
            RuleErrorKind::UnknownOperator { .. } => "rule_unknown_operator",
            RuleErrorKind::OperandType { .. } => "rule_operand_type",
            RuleErrorKind::OperatorNotForField { .. } => "rule_operator_not_for_field",
            RuleErrorKind::NotANumber { .. } => "rule_not_a_number",
            RuleErrorKind::NumberOutOfRange => "rule_number_out_of_range",
            RuleErrorKind::Regex(e) if e.construct().is_some() => "rule_regex_unsupported",
            RuleErrorKind::Regex(_) => "rule_regex_invalid",
        }
    }
}

impl fmt::Display for RuleError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path, self.kind)
    }
}

impl fmt::Display for RuleErrorKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RuleErrorKind::Syntax {
                line,
                column,
                message,
            } => write!(f, "invalid JSON at line {line}, column {column}: {message}"),
            RuleErrorKind::NotAnObject { got } => write!(
                f,
                "a rule is an object such as {{\"and\": […]}} or {{\"url\": {{\"i_contains\": \"…\"}}}}, got {got}"
            ),
            RuleErrorKind::NotOneKey { keys } => write!(
                f,
                "a rule object has exactly one key (`and`, `or`, `not` or a field), found {keys}"
            ),
            RuleErrorKind::GroupNotArray { group, got } => {
                write!(f, "`{group}` takes an array of rules, got {got}")
            }
            RuleErrorKind::EmptyGroup { group } => {
                write!(f, "`{group}` needs at least one rule")
            }
            RuleErrorKind::NotNotObject { got } => {
                write!(f, "`not` takes one rule object, got {got}")
            }
            RuleErrorKind::Field(e) => e.fmt(f),
            RuleErrorKind::ConditionNotObject { got } => write!(
                f,
                "a field takes an object of one operator and its value, such as {{\"eq\": \"Purchase\"}}, got {got}"
            ),
            RuleErrorKind::NotOneOperator { operators } => write!(
                f,
                "a condition has exactly one operator, found {operators} (combine conditions with `and`)"
            ),
            RuleErrorKind::UnknownOperator { name } => write!(
                f,
                "unknown operator {name:?}; the operators are i_contains, i_not_contains, \
                 contains, not_contains, eq, neq, lt, lte, gt, gte, regex_match"
            ),
            RuleErrorKind::OperandType {
                operator,
                expected,
                got,
            } => write!(f, "operator \"{operator}\" needs {expected}, got {got}"),
            RuleErrorKind::OperatorNotForField { operator, kind } => match kind {
                FieldKind::Number => write!(
                    f,
                    "operator \"{operator}\" compares text, and this field holds a number"
                ),
                _ => write!(
                    f,
                    "operator \"{operator}\" compares numbers, and this field holds text"
                ),
            },
            RuleErrorKind::NotANumber { operator } => write!(
                f,
                "operator \"{operator}\" on a numeric field needs a number, got a string that is not a number"
            ),
            RuleErrorKind::NumberOutOfRange => f.write_str("the number is too large to compare"),
            RuleErrorKind::Regex(e) => write!(f, "operator \"regex_match\": {e}"),
        }
    }
}

impl std::error::Error for RuleError {}
