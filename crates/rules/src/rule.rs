//! The rule tree, read from and written to Meta's rule JSON.

use crate::error::{RuleError, RuleErrorKind};
use crate::field::{Field, FieldKind};
use crate::json::{self, Json};
use crate::number::Number;
use crate::operator::Operator;
use std::fmt;
use std::str::FromStr;

/// A custom-conversion rule: conditions combined with `and`, `or` and `not`.
///
/// It is also the model of a visual rule builder: a group is a list of rules, a condition is a
/// field, an operator and a value. [`Rule::parse`] and [`Rule::to_json`] convert both ways, and
/// `Rule::parse(&rule.to_json()) == Ok(rule)` for every valid rule.
#[derive(Debug, Clone, PartialEq)]
pub enum Rule {
    /// Every rule matches (`{"and": [...]}`).
    And(Vec<Rule>),
    /// At least one rule matches (`{"or": [...]}`).
    Or(Vec<Rule>),
    /// The rule does not match (`{"not": {...}}`).
    Not(Box<Rule>),
    /// One field compared with one value (`{"url": {"i_contains": "thankyou.html"}}`).
    Condition(Condition),
}

/// One field compared with one value.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The field, as written.
    pub field: Field,
    /// The comparison.
    pub operator: Operator,
    /// The value compared with, a JSON string or number as written.
    pub operand: Operand,
}

/// The value of a condition: a JSON string or a JSON number, kept as written.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A JSON string.
    Text(String),
    /// A JSON number.
    Number(Number),
}

impl Operand {
    fn kind(&self) -> &'static str {
        match self {
            Operand::Text(_) => "a string",
            Operand::Number(_) => "a number",
        }
    }
}

impl Operand {
    /// The operand for what a person typed in a builder's value box: a number when the
    /// operator or the field compares numbers and the text is a JSON number, text otherwise.
    ///
    /// ```
    /// use rules::{Field, Operand, Operator};
    /// let value = Field::value();
    /// assert_eq!(Operand::from_input(&value, Operator::Gt, "100").to_string(), "100");
    /// let url = Field::url();
    /// assert_eq!(Operand::from_input(&url, Operator::Eq, "100").to_string(), r#""100""#);
    /// let sku = Field::custom("sku").unwrap();
    /// assert_eq!(Operand::from_input(&sku, Operator::Eq, "100").to_string(), r#""100""#);
    /// ```
    pub fn from_input(field: &Field, operator: Operator, input: &str) -> Operand {
        let numeric = operator.is_numeric() || field.kind() == FieldKind::Number;
        match Number::parse(input.trim()) {
            Some(number) if numeric => Operand::Number(number),
            _ => Operand::Text(input.to_owned()),
        }
    }

    /// The operand as a builder shows it in a value box (a string without its quotes).
    pub fn as_input(&self) -> &str {
        match self {
            Operand::Text(text) => text,
            Operand::Number(number) => number.as_str(),
        }
    }

    fn write(&self, out: &mut String) {
        match self {
            Operand::Text(text) => json::write_string(out, text),
            Operand::Number(number) => out.push_str(number.as_str()),
        }
    }
}

/// The operand as JSON: `"text"` or `100`.
impl fmt::Display for Operand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut out = String::new();
        self.write(&mut out);
        f.write_str(&out)
    }
}

impl From<&str> for Operand {
    fn from(text: &str) -> Operand {
        Operand::Text(text.to_owned())
    }
}

impl From<String> for Operand {
    fn from(text: String) -> Operand {
        Operand::Text(text)
    }
}

impl From<Number> for Operand {
    fn from(number: Number) -> Operand {
        Operand::Number(number)
    }
}

impl From<i64> for Operand {
    fn from(number: i64) -> Operand {
        Operand::Number(number.into())
    }
}

impl Condition {
    /// A condition; check it with [`Rule::validate`].
    pub fn new(field: Field, operator: Operator, operand: impl Into<Operand>) -> Condition {
        Condition {
            field,
            operator,
            operand: operand.into(),
        }
    }

    /// Whether the operator applies to the field and the operand, and the pattern compiles.
    pub(crate) fn check(&self) -> Result<(), RuleErrorKind> {
        let operator = self.operator;
        let kind = self.field.kind();
        if operator.is_numeric() {
            if kind == FieldKind::Text {
                return Err(RuleErrorKind::OperatorNotForField { operator, kind });
            }
            if !matches!(self.operand, Operand::Number(_)) {
                return Err(RuleErrorKind::OperandType {
                    operator,
                    expected: "a number",
                    got: self.operand.kind(),
                });
            }
        } else if operator.is_text() {
            if kind == FieldKind::Number {
                return Err(RuleErrorKind::OperatorNotForField { operator, kind });
            }
            let Operand::Text(text) = &self.operand else {
                return Err(RuleErrorKind::OperandType {
                    operator,
                    expected: "a string",
                    got: self.operand.kind(),
                });
            };
            if operator == Operator::RegexMatch {
                crate::regex::compile(text).map_err(RuleErrorKind::Regex)?;
            }
        } else if let (FieldKind::Number, Operand::Text(text)) = (kind, &self.operand)
            && crate::number::parse_numeric(text).is_none()
        {
            return Err(RuleErrorKind::NotANumber { operator });
        }
        Ok(())
    }
}

impl Rule {
    /// Read a rule from Meta's JSON, checking it completely.
    ///
    /// ```
    /// let rule = rules::Rule::parse(r#"{"and":[{"event":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#)?;
    /// assert_eq!(rule.to_json(), r#"{"and":[{"event":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#);
    /// # Ok::<(), rules::RuleError>(())
    /// ```
    pub fn parse(text: &str) -> Result<Rule, RuleError> {
        let tree = json::parse(text).map_err(|e| {
            RuleError::new(
                "rule".into(),
                RuleErrorKind::Syntax {
                    line: e.line,
                    column: e.column,
                    message: e.message,
                },
            )
        })?;
        let mut path = String::from("rule");
        Rule::from_json(&tree, &mut path)
    }

    /// `{"and": [...]}`.
    pub fn and(rules: impl IntoIterator<Item = Rule>) -> Rule {
        Rule::And(rules.into_iter().collect())
    }

    /// `{"or": [...]}`.
    pub fn or(rules: impl IntoIterator<Item = Rule>) -> Rule {
        Rule::Or(rules.into_iter().collect())
    }

    /// `{"not": rule}`.
    pub fn negate(rule: Rule) -> Rule {
        Rule::Not(Box::new(rule))
    }

    /// `{field: {operator: operand}}`.
    pub fn condition(field: Field, operator: Operator, operand: impl Into<Operand>) -> Rule {
        Rule::Condition(Condition::new(field, operator, operand))
    }

    /// Check a rule built in code the way [`Rule::parse`] checks JSON: no empty group, every
    /// operator fits its field and operand, every pattern compiles.
    pub fn validate(&self) -> Result<(), RuleError> {
        let mut path = String::from("rule");
        self.validate_at(&mut path)
    }

    fn validate_at(&self, path: &mut String) -> Result<(), RuleError> {
        let len = path.len();
        match self {
            Rule::And(rules) | Rule::Or(rules) => {
                let group = self.group_name();
                if rules.is_empty() {
                    return Err(RuleError::new(
                        format!("{path}.{group}"),
                        RuleErrorKind::EmptyGroup { group },
                    ));
                }
                for (i, rule) in rules.iter().enumerate() {
                    path.truncate(len);
                    push_index(path, group, i);
                    rule.validate_at(path)?;
                }
            }
            Rule::Not(rule) => {
                path.push_str(".not");
                rule.validate_at(path)?;
            }
            Rule::Condition(condition) => {
                push_key(path, condition.field.key());
                condition
                    .check()
                    .map_err(|kind| RuleError::new(path.clone(), kind))?;
            }
        }
        path.truncate(len);
        Ok(())
    }

    fn group_name(&self) -> &'static str {
        match self {
            Rule::Or(_) => "or",
            _ => "and",
        }
    }

    /// The rule as Meta's JSON, without whitespace.
    pub fn to_json(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            Rule::And(rules) | Rule::Or(rules) => {
                out.push_str(if matches!(self, Rule::And(_)) {
                    "{\"and\":["
                } else {
                    "{\"or\":["
                });
                for (i, rule) in rules.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    rule.write(out);
                }
                out.push_str("]}");
            }
            Rule::Not(rule) => {
                out.push_str("{\"not\":");
                rule.write(out);
                out.push('}');
            }
            Rule::Condition(c) => {
                out.push('{');
                json::write_string(out, c.field.key());
                out.push_str(":{\"");
                out.push_str(c.operator.as_str());
                out.push_str("\":");
                c.operand.write(out);
                out.push_str("}}");
            }
        }
    }

    /// The rule as Meta's JSON laid out for a person: a group's rules one per line, indented by
    /// two spaces, each condition on one line. [`Rule::parse`] reads it back to the same rule.
    ///
    /// ```
    /// let rule = rules::Rule::parse(r#"{"and":[{"event_name":{"eq":"Purchase"}},{"not":{"value":{"gt":100}}}]}"#)?;
    /// assert_eq!(rule.to_json_pretty(), r#"{
    ///   "and": [
    ///     {"event_name": {"eq": "Purchase"}},
    ///     {
    ///       "not": {"value": {"gt": 100}}
    ///     }
    ///   ]
    /// }"#);
    /// # Ok::<(), rules::RuleError>(())
    /// ```
    pub fn to_json_pretty(&self) -> String {
        let mut out = String::new();
        self.write_pretty(&mut out, 0);
        out
    }

    fn write_pretty(&self, out: &mut String, depth: usize) {
        let indent = |out: &mut String, depth: usize| {
            out.push('\n');
            out.push_str(&"  ".repeat(depth));
        };
        match self {
            Rule::And(rules) | Rule::Or(rules) => {
                out.push('{');
                indent(out, depth + 1);
                out.push_str(if matches!(self, Rule::And(_)) {
                    "\"and\": ["
                } else {
                    "\"or\": ["
                });
                for (i, rule) in rules.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    indent(out, depth + 2);
                    rule.write_pretty(out, depth + 2);
                }
                indent(out, depth + 1);
                out.push(']');
                indent(out, depth);
                out.push('}');
            }
            Rule::Not(rule) => {
                out.push('{');
                indent(out, depth + 1);
                out.push_str("\"not\": ");
                rule.write_pretty(out, depth + 1);
                indent(out, depth);
                out.push('}');
            }
            Rule::Condition(c) => {
                out.push('{');
                json::write_string(out, c.field.key());
                out.push_str(": {\"");
                out.push_str(c.operator.as_str());
                out.push_str("\": ");
                c.operand.write(out);
                out.push_str("}}");
            }
        }
    }

    /// The rule at `position` (indices into groups; `not` has the one child 0), for a visual
    /// builder to address a node: `rule.get(&[1, 0])` is the first rule of the second rule.
    pub fn get(&self, position: &[usize]) -> Option<&Rule> {
        match position.split_first() {
            None => Some(self),
            Some((&i, rest)) => self.children().get(i)?.get(rest),
        }
    }

    /// The rule at `position`, to edit it in place.
    pub fn get_mut(&mut self, position: &[usize]) -> Option<&mut Rule> {
        match position.split_first() {
            None => Some(self),
            Some((&i, rest)) => match self {
                Rule::And(rules) | Rule::Or(rules) => rules.get_mut(i)?.get_mut(rest),
                Rule::Not(rule) if i == 0 => rule.get_mut(rest),
                _ => None,
            },
        }
    }

    /// The rules directly inside this one (none for a condition).
    pub fn children(&self) -> &[Rule] {
        match self {
            Rule::And(rules) | Rule::Or(rules) => rules,
            Rule::Not(rule) => std::slice::from_ref(rule),
            Rule::Condition(_) => &[],
        }
    }

    /// Every condition with its position, depth first, for listing conditions as rows.
    pub fn conditions(&self) -> Vec<(Vec<usize>, &Condition)> {
        let mut out = Vec::new();
        self.collect_conditions(&mut Vec::new(), &mut out);
        out
    }

    fn collect_conditions<'a>(
        &'a self,
        position: &mut Vec<usize>,
        out: &mut Vec<(Vec<usize>, &'a Condition)>,
    ) {
        if let Rule::Condition(c) = self {
            out.push((position.clone(), c));
        }
        for (i, child) in self.children().iter().enumerate() {
            position.push(i);
            child.collect_conditions(position, out);
            position.pop();
        }
    }

    fn from_json(tree: &Json, path: &mut String) -> Result<Rule, RuleError> {
        let at = |path: &String, kind| Err(RuleError::new(path.clone(), kind));
        let Json::Object(members) = tree else {
            return at(path, RuleErrorKind::NotAnObject { got: tree.kind() });
        };
        let [(key, value)] = members.as_slice() else {
            return at(
                path,
                RuleErrorKind::NotOneKey {
                    keys: members.len(),
                },
            );
        };
        let len = path.len();
        let rule = match key.as_str() {
            "and" | "or" => {
                let group = if key == "and" { "and" } else { "or" };
                let Json::Array(items) = value else {
                    path.push('.');
                    path.push_str(group);
                    return at(
                        path,
                        RuleErrorKind::GroupNotArray {
                            group,
                            got: value.kind(),
                        },
                    );
                };
                if items.is_empty() {
                    path.push('.');
                    path.push_str(group);
                    return at(path, RuleErrorKind::EmptyGroup { group });
                }
                let mut rules = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    path.truncate(len);
                    push_index(path, group, i);
                    rules.push(Rule::from_json(item, path)?);
                }
                if group == "and" {
                    Rule::And(rules)
                } else {
                    Rule::Or(rules)
                }
            }
            "not" => {
                path.push_str(".not");
                if !matches!(value, Json::Object(_)) {
                    return at(path, RuleErrorKind::NotNotObject { got: value.kind() });
                }
                Rule::Not(Box::new(Rule::from_json(value, path)?))
            }
            _ => {
                push_key(path, key);
                Rule::Condition(condition_from_json(key, value, path)?)
            }
        };
        path.truncate(len);
        Ok(rule)
    }
}

fn condition_from_json(key: &str, value: &Json, path: &str) -> Result<Condition, RuleError> {
    let fail = |kind| RuleError::new(path.to_owned(), kind);
    let field = Field::new(key).map_err(|e| fail(RuleErrorKind::Field(e)))?;
    let Json::Object(members) = value else {
        return Err(fail(RuleErrorKind::ConditionNotObject {
            got: value.kind(),
        }));
    };
    let [(name, operand)] = members.as_slice() else {
        return Err(fail(RuleErrorKind::NotOneOperator {
            operators: members.len(),
        }));
    };
    let operator: Operator = name
        .parse()
        .map_err(|_| fail(RuleErrorKind::UnknownOperator { name: name.clone() }))?;
    let operand = match operand {
        Json::String(text) => Operand::Text(text.clone()),
        Json::Number(text) => Operand::Number(
            Number::parse(text).ok_or_else(|| fail(RuleErrorKind::NumberOutOfRange))?,
        ),
        other => {
            return Err(fail(RuleErrorKind::OperandType {
                operator,
                expected: if operator.is_numeric() {
                    "a number"
                } else if operator.is_text() {
                    "a string"
                } else {
                    "a string or a number"
                },
                got: other.kind(),
            }));
        }
    };
    let condition = Condition {
        field,
        operator,
        operand,
    };
    condition.check().map_err(fail)?;
    Ok(condition)
}

fn push_index(path: &mut String, group: &str, i: usize) {
    use fmt::Write as _;
    let _ = write!(path, ".{group}[{i}]");
}

fn push_key(path: &mut String, key: &str) {
    path.push('.');
    json::write_string(path, key);
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_json())
    }
}

impl FromStr for Rule {
    type Err = RuleError;

    fn from_str(text: &str) -> Result<Rule, RuleError> {
        Rule::parse(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(text: &str) -> String {
        Rule::parse(text).unwrap_err().to_string()
    }

    #[test]
    fn the_briefs_error_message_names_the_json_path() {
        assert_eq!(
            error(
                r#"{"and":[{"event_name":{"eq":"Purchase"}},{"custom_data.price":{"gt":"100"}}]}"#
            ),
            r#"rule.and[1]."custom_data.price": operator "gt" needs a number, got a string"#
        );
    }

    #[test]
    fn structural_errors_say_where_and_what() {
        for (text, message) in [
            (
                "[1]",
                "rule: a rule is an object such as {\"and\": […]} or {\"url\": {\"i_contains\": \"…\"}}, got an array",
            ),
            (
                r#"{"and":[],"or":[]}"#,
                "rule: a rule object has exactly one key (`and`, `or`, `not` or a field), found 2",
            ),
            (
                r#"{"and":{}}"#,
                "rule.and: `and` takes an array of rules, got an object",
            ),
            (r#"{"or":[]}"#, "rule.or: `or` needs at least one rule"),
            (
                r#"{"not":[]}"#,
                "rule.not: `not` takes one rule object, got an array",
            ),
            (
                r#"{"or":[{"url":"x"}]}"#,
                "rule.or[0].\"url\": a field takes an object of one operator and its value, such as {\"eq\": \"Purchase\"}, got a string",
            ),
            (
                r#"{"url":{"eq":"a","neq":"b"}}"#,
                "rule.\"url\": a condition has exactly one operator, found 2 (combine conditions with `and`)",
            ),
            (
                r#"{"url":{"starts_with":"a"}}"#,
                "rule.\"url\": unknown operator \"starts_with\"; the operators are i_contains, i_not_contains, contains, not_contains, eq, neq, lt, lte, gt, gte, regex_match",
            ),
            (
                r#"{"not":{"user_data.em":{"eq":"a"}}}"#,
                "rule.not.\"user_data.em\": unknown field: rules filter on `event`, `event_name`, `url`, `value` and custom parameters written `custom_data.<name>`",
            ),
            (
                r#"{"currency":{"gt":1}}"#,
                "rule.\"currency\": operator \"gt\" compares numbers, and this field holds text",
            ),
            (
                r#"{"value":{"contains":"1"}}"#,
                "rule.\"value\": operator \"contains\" compares text, and this field holds a number",
            ),
            (
                r#"{"value":{"eq":"abc"}}"#,
                "rule.\"value\": operator \"eq\" on a numeric field needs a number, got a string that is not a number",
            ),
            (
                r#"{"url":{"contains":5}}"#,
                "rule.\"url\": operator \"contains\" needs a string, got a number",
            ),
            (
                r#"{"url":{"eq":null}}"#,
                "rule.\"url\": operator \"eq\" needs a string or a number, got null",
            ),
            (
                r#"{"value":{"gt":1e400}}"#,
                "rule.\"value\": the number is too large to compare",
            ),
            (
                "{\"and\":[\n{\"url\" {}}]}",
                "rule: invalid JSON at line 2, column 8: expected `:` after the key",
            ),
            (
                r#"{"url":{"regex_match":"(?R)"}}"#,
                "rule.\"url\": operator \"regex_match\": the pattern uses recursion or a subroutine call `(?R)` at character 1, which is not supported; `\\g<1>` and `\\g<name>` subroutine calls work",
            ),
        ] {
            assert_eq!(error(text), message, "{text}");
        }
    }

    #[test]
    fn codes_are_stable() {
        let code = |t: &str| Rule::parse(t).unwrap_err().code();
        assert_eq!(code("{"), "rule_syntax");
        assert_eq!(code(r#"{"url":{"gt":1}}"#), "rule_operator_not_for_field");
        assert_eq!(
            code(r#"{"url":{"regex_match":"(?1)"}}"#),
            "rule_regex_unsupported"
        );
        assert_eq!(code(r#"{"url":{"regex_match":"("}}"#), "rule_regex_invalid");
    }

    #[test]
    fn serializes_exactly_as_written_modulo_whitespace() {
        let text = r#"{"or":[{"url":{"i_contains":"thank\"you"}},{"not":{"custom_data.price":{"gte":1.50}}},{"value":{"eq":"100"}},{"event":{"eq":1e2}}]}"#;
        assert_eq!(Rule::parse(text).unwrap().to_json(), text);
    }

    #[test]
    fn builder_matches_the_json_and_addresses_nodes() {
        let built = Rule::and([
            Rule::condition(Field::event_name(), Operator::Eq, "Purchase"),
            Rule::or([
                Rule::condition(Field::value(), Operator::Gt, 100),
                Rule::negate(Rule::condition(
                    Field::custom("tier").unwrap(),
                    Operator::IContains,
                    "gold",
                )),
            ]),
        ]);
        built.validate().unwrap();
        let text = r#"{"and":[{"event_name":{"eq":"Purchase"}},{"or":[{"value":{"gt":100}},{"not":{"custom_data.tier":{"i_contains":"gold"}}}]}]}"#;
        assert_eq!(built.to_json(), text);
        assert_eq!(Rule::parse(text).unwrap(), built);

        let positions: Vec<Vec<usize>> = built.conditions().into_iter().map(|(p, _)| p).collect();
        assert_eq!(positions, vec![vec![0], vec![1, 0], vec![1, 1, 0]]);
        assert_eq!(
            built.get(&[1, 1, 0]).map(Rule::to_json).as_deref(),
            Some(r#"{"custom_data.tier":{"i_contains":"gold"}}"#)
        );
        let mut edited = built.clone();
        if let Some(Rule::Condition(c)) = edited.get_mut(&[1, 0]) {
            c.operator = Operator::Lte;
        }
        assert!(edited.to_json().contains(r#"{"value":{"lte":100}}"#));
        assert!(built.get(&[5]).is_none());
    }

    #[test]
    fn validate_catches_what_the_builder_allows() {
        let empty = Rule::and([Rule::or([])]);
        assert_eq!(
            empty.validate().unwrap_err().to_string(),
            "rule.and[0].or: `or` needs at least one rule"
        );
        let bad = Rule::and([
            Rule::condition(Field::url(), Operator::IContains, "x"),
            Rule::condition(Field::custom("price").unwrap(), Operator::Gt, "100"),
        ]);
        assert_eq!(
            bad.validate().unwrap_err().to_string(),
            r#"rule.and[1]."custom_data.price": operator "gt" needs a number, got a string"#
        );
    }
}
