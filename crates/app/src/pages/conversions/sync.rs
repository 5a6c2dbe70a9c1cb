//! The rule editor's two views kept in sync: a visual builder (one group of conditions) and
//! Meta's rule JSON.
//!
//! Editing the builder rewrites the JSON; editing the JSON rebuilds the builder when the text is
//! a valid rule, and otherwise keeps the builder as it was and reports the rules crate's error
//! (with its JSON path). Plain Rust, tested natively.

use rules::{Condition, Field, Operand, Operator, Rule, RuleError};

/// How a builder's conditions combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Combinator {
    /// Every condition (`{"and": [...]}`).
    #[default]
    All,
    /// At least one condition (`{"or": [...]}`).
    Any,
}

impl Combinator {
    /// The JSON key (`and` / `or`), also the `<select>` value.
    pub fn as_str(self) -> &'static str {
        match self {
            Combinator::All => "and",
            Combinator::Any => "or",
        }
    }

    /// From the `<select>` value.
    pub fn from_value(value: &str) -> Combinator {
        if value == "or" {
            Combinator::Any
        } else {
            Combinator::All
        }
    }
}

/// One builder row: the field key, the operator, and the value as typed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuilderRow {
    /// The field key as written in the rule (`event_name`, `value`, `custom_data.color`).
    pub field: String,
    /// The comparison.
    pub operator: Operator,
    /// The value as typed (a number is read from it when the field or operator is numeric).
    pub value: String,
}

impl BuilderRow {
    /// A new empty row: `event_name` equals nothing yet.
    pub fn blank() -> BuilderRow {
        BuilderRow {
            field: "event_name".into(),
            operator: Operator::Eq,
            value: String::new(),
        }
    }

    fn from_condition(condition: &Condition) -> BuilderRow {
        BuilderRow {
            field: condition.field.key().to_owned(),
            operator: condition.operator,
            value: condition.operand.as_input().to_owned(),
        }
    }
}

/// What the visual builder shows: one group of conditions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Builder {
    /// How the rows combine.
    pub combinator: Combinator,
    /// The conditions, in order.
    pub rows: Vec<BuilderRow>,
}

impl Default for Builder {
    fn default() -> Self {
        Builder {
            combinator: Combinator::All,
            rows: vec![BuilderRow::blank()],
        }
    }
}

/// Why the builder cannot become a rule yet.
#[derive(Debug, Clone, PartialEq)]
pub enum BuilderError {
    /// Row `row` (0-based) names a field a rule cannot filter on.
    Field {
        /// The row.
        row: usize,
        /// The rules crate's reason.
        message: String,
    },
    /// The builder has no condition.
    Empty,
    /// The rule is well formed but not valid (operator / operand mismatch, bad pattern).
    Rule(RuleError),
}

impl std::fmt::Display for BuilderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuilderError::Field { row, message } => {
                write!(f, "condition {}: {message}", row + 1)
            }
            BuilderError::Empty => f.write_str("add at least one condition"),
            BuilderError::Rule(error) => error.fmt(f),
        }
    }
}

impl Builder {
    /// The builder for `rule`, or `None` when the rule nests groups or `not` (the builder shows
    /// one flat group; such a rule stays editable as JSON).
    ///
    /// A single condition becomes a one-row `and` group.
    pub fn from_rule(rule: &Rule) -> Option<Builder> {
        let (combinator, children) = match rule {
            Rule::Condition(c) => {
                return Some(Builder {
                    combinator: Combinator::All,
                    rows: vec![BuilderRow::from_condition(c)],
                });
            }
            Rule::And(children) => (Combinator::All, children),
            Rule::Or(children) => (Combinator::Any, children),
            Rule::Not(_) => return None,
        };
        let rows = children
            .iter()
            .map(|child| match child {
                Rule::Condition(c) => Some(BuilderRow::from_condition(c)),
                _ => None,
            })
            .collect::<Option<Vec<_>>>()?;
        Some(Builder { combinator, rows })
    }

    /// The rule with every field resolved but operators and operands not checked yet.
    fn to_unchecked_rule(&self) -> Result<Rule, BuilderError> {
        if self.rows.is_empty() {
            return Err(BuilderError::Empty);
        }
        let conditions = self
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let field = Field::new(row.field.trim()).map_err(|e| BuilderError::Field {
                    row: i,
                    message: e.to_string(),
                })?;
                let operand = Operand::from_input(&field, row.operator, &row.value);
                Ok(Rule::condition(field, row.operator, operand))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(match self.combinator {
            Combinator::All => Rule::And(conditions),
            Combinator::Any => Rule::Or(conditions),
        })
    }
}

/// The editor's whole state: the builder, the JSON text, and what is wrong with either.
#[derive(Debug, Clone, PartialEq)]
pub struct RuleEditor {
    /// The visual builder (kept as it was while the JSON is invalid or nested).
    pub builder: Builder,
    /// The JSON text as shown.
    pub json: String,
    /// The problem with the JSON text, from the rules crate (path and reason).
    pub json_error: Option<RuleError>,
    /// The problem with the builder (a field, or the checked rule).
    pub builder_error: Option<BuilderError>,
    /// The valid JSON describes a rule the flat builder cannot show.
    pub nested: bool,
}

impl Default for RuleEditor {
    fn default() -> Self {
        RuleEditor::from_builder(Builder::default())
    }
}

impl RuleEditor {
    /// An editor showing `builder`, with the JSON written from it.
    pub fn from_builder(builder: Builder) -> RuleEditor {
        let mut editor = RuleEditor {
            builder: Builder::default(),
            json: String::new(),
            json_error: None,
            builder_error: None,
            nested: false,
        };
        editor.edit_builder(builder);
        editor
    }

    /// The builder changed: rewrite the JSON from it.
    ///
    /// When every field resolves, the JSON is rewritten (even if an operand does not fit yet, so
    /// the person sees what they are building) and the check's error is kept for the builder.
    /// When a field does not resolve, the JSON is left as it was.
    pub fn edit_builder(&mut self, builder: Builder) {
        self.builder = builder;
        self.nested = false;
        match self.builder.to_unchecked_rule() {
            Ok(rule) => {
                self.json = rule.to_json_pretty();
                self.json_error = None;
                self.builder_error = rule.validate().err().map(BuilderError::Rule);
            }
            Err(error) => self.builder_error = Some(error),
        }
    }

    /// The JSON text changed: rebuild the builder when it is a valid rule the builder can show;
    /// otherwise keep the builder as it was.
    pub fn edit_json(&mut self, text: &str) {
        self.json = text.to_owned();
        match Rule::parse(text) {
            Ok(rule) => {
                self.json_error = None;
                match Builder::from_rule(&rule) {
                    Some(builder) => {
                        self.builder = builder;
                        self.builder_error = None;
                        self.nested = false;
                    }
                    None => self.nested = true,
                }
            }
            Err(error) => self.json_error = Some(error),
        }
    }

    /// The rule to preview and create: the JSON's, when it is valid.
    pub fn rule(&self) -> Option<Rule> {
        if self.json_error.is_some() {
            return None;
        }
        Rule::parse(&self.json).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ICE_CREAM: &str = r#"{"and":[{"event_name":{"eq":"Purchase"}},{"custom_data.product_category":{"i_contains":"ICECREAM"}}]}"#;
    const OVER_100: &str = r#"{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#;

    fn row(field: &str, operator: Operator, value: &str) -> BuilderRow {
        BuilderRow {
            field: field.into(),
            operator,
            value: value.into(),
        }
    }

    #[test]
    fn building_the_ice_cream_rule_writes_its_json() {
        let mut editor = RuleEditor::default();
        editor.edit_builder(Builder {
            combinator: Combinator::All,
            rows: vec![
                row("event_name", Operator::Eq, "Purchase"),
                row(
                    "custom_data.product_category",
                    Operator::IContains,
                    "ICECREAM",
                ),
            ],
        });
        assert_eq!(editor.builder_error, None);
        assert_eq!(editor.rule().unwrap().to_json(), ICE_CREAM);
        // The JSON is laid out for a person, and reads back to the same rule.
        assert!(editor.json.contains('\n'));
        assert_eq!(Rule::parse(&editor.json).unwrap().to_json(), ICE_CREAM);
    }

    #[test]
    fn typing_valid_json_rebuilds_the_builder_with_numbers_as_typed() {
        let mut editor = RuleEditor::default();
        editor.edit_json(OVER_100);
        assert_eq!(editor.json_error, None);
        assert_eq!(
            editor.builder.rows,
            vec![
                row("event_name", Operator::Eq, "Purchase"),
                row("value", Operator::Gt, "100"),
            ]
        );
        // Editing the rebuilt builder writes the number back as a number.
        let builder = editor.builder.clone();
        editor.edit_builder(builder);
        assert_eq!(editor.rule().unwrap().to_json(), OVER_100);
    }

    #[test]
    fn invalid_json_reports_the_rules_error_and_keeps_the_builder() {
        let mut editor = RuleEditor::default();
        editor.edit_json(ICE_CREAM);
        let before = editor.builder.clone();
        editor.edit_json(r#"{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":"100"}}]}"#);
        let error = editor.json_error.clone().unwrap();
        assert_eq!(
            error.to_string(),
            r#"rule.and[1]."value": operator "gt" needs a number, got a string"#
        );
        assert_eq!(editor.builder, before);
        assert_eq!(editor.rule(), None);
        editor.edit_json(r#"{"and":[{"event_name":"#);
        assert_eq!(editor.json_error.as_ref().unwrap().code(), "rule_syntax");
        assert_eq!(editor.builder, before);
    }

    #[test]
    fn nested_rules_stay_json_only() {
        let mut editor = RuleEditor::default();
        let before = editor.builder.clone();
        let nested = r#"{"and":[{"event":{"eq":"Purchase"}},{"not":{"url":{"contains":"test"}}}]}"#;
        editor.edit_json(nested);
        assert!(editor.nested);
        assert_eq!(editor.json_error, None);
        assert_eq!(editor.builder, before);
        assert_eq!(editor.rule().unwrap().to_json(), nested);
    }

    #[test]
    fn a_single_condition_and_an_or_group_fit_the_builder() {
        let single = Rule::parse(r#"{"url":{"i_contains":"thankyou.html"}}"#).unwrap();
        let builder = Builder::from_rule(&single).unwrap();
        assert_eq!(
            builder.rows,
            vec![row("url", Operator::IContains, "thankyou.html")]
        );
        let or = Rule::parse(
            r#"{"or":[{"url":{"i_contains":"thankyou.html"}},{"url":{"i_contains":"confirmation.html"}}]}"#,
        )
        .unwrap();
        let builder = Builder::from_rule(&or).unwrap();
        assert_eq!(builder.combinator, Combinator::Any);
        assert_eq!(RuleEditor::from_builder(builder).rule(), Some(or));
    }

    #[test]
    fn builder_problems_are_named_and_a_bad_field_leaves_the_json() {
        let mut editor = RuleEditor::default();
        editor.edit_json(OVER_100);
        let json = editor.json.clone();
        let mut builder = editor.builder.clone();
        builder.rows[1].field = "user_data.em".into();
        editor.edit_builder(builder.clone());
        assert!(matches!(
            editor.builder_error,
            Some(BuilderError::Field { row: 1, .. })
        ));
        assert_eq!(editor.json, json);
        // A text operator on a numeric field: JSON rewritten, the check's error shown.
        builder.rows[1] = row("value", Operator::IContains, "100");
        editor.edit_builder(builder);
        assert_eq!(
            editor.builder_error.as_ref().unwrap().to_string(),
            r#"rule.and[1]."value": operator "i_contains" compares text, and this field holds a number"#
        );
        assert!(editor.json.contains("i_contains"));
        editor.edit_builder(Builder {
            combinator: Combinator::All,
            rows: vec![],
        });
        assert_eq!(editor.builder_error, Some(BuilderError::Empty));
    }
}
