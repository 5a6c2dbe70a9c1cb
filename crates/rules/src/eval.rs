//! Evaluating a rule against events, the way the advertiser reads the rule.
//!
//! Semantics where Meta's documentation is silent (each one is tested in the vectors):
//!
//! - **Case.** `i_contains` / `i_not_contains` compare the Unicode lowercase of both sides
//!   (`"ICECREAM"` finds `"IceCream"`, `"ÄPFEL"` finds `"äpfel"`); `contains`, `not_contains`,
//!   `eq`, `neq` and `regex_match` are case-sensitive (write `(?i)` in a pattern to ignore case).
//! - **Numbers in text.** The numeric operators read an event's text as a number when it is one
//!   (`"100"` is greater than 99; `" 99.5 "`, `"+3"`, `"1e3"` are numbers; `"1,000"`, `"$5"`,
//!   `"abc"` are not). A value that is not a number never matches `lt`, `lte`, `gt`, `gte`.
//! - **`eq` across types.** When either side is a JSON number, `eq` / `neq` compare numbers
//!   (`{"eq": 100}` matches `"100.00"` and `100`); when both are strings, they compare text
//!   exactly (`{"eq": "100"}` does not match the text `"100.0"`, but matches the number `100`).
//! - **Missing fields.** A positive operator (`i_contains`, `contains`, `eq`, `lt` … `gte`,
//!   `regex_match`) never matches an event without the field; a negative one (`i_not_contains`,
//!   `not_contains`, `neq`) always does: "the URL does not contain `test`" holds for an event
//!   with no URL. `null` counts as missing; an empty string is present and empty.
//! - **Lists.** For a list value (`content_ids`), a positive operator matches when any item
//!   does, and a negative one when no item matches its positive counterpart.
//! - **Fields.** `event` and `event_name` read `event_name`; `url` reads `event_source_url`;
//!   `value` reads `custom_data.value` (CAPI), then the top-level `value` (OCAPI); a custom
//!   parameter reads `custom_data.<name>`, and the OCAPI top-level fields `currency`,
//!   `order_id`, `item_number`, `content_type` are read there too when `custom_data` lacks them.
//! - **Patterns.** `regex_match` searches anywhere in the text (anchor with `^`/`$`), like
//!   PCRE. A match that exceeds the backtracking limit counts as no match.

use crate::error::{RuleError, RuleErrorKind};
use crate::field::FieldPath;
use crate::number::{number_text, parse_numeric};
use crate::operator::Operator;
use crate::rule::{Operand, Rule};
use std::borrow::Cow;

/// An event field's value, as the rule sees it.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldValue<'a> {
    /// Text (a numeric operator reads it as a number when it is one).
    Text(Cow<'a, str>),
    /// A number.
    Number(f64),
    /// A list of values (e.g. `content_ids`).
    List(Vec<FieldValue<'a>>),
}

impl FieldValue<'_> {
    /// The value as a number: a number, or text that is a number.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            FieldValue::Number(n) => Some(*n),
            FieldValue::Text(t) => parse_numeric(t),
            FieldValue::List(_) => None,
        }
    }
}

/// Anything a rule can be evaluated against: it answers a field with its value, or `None`
/// when the event does not have it.
///
/// `serde_json::Value` (and `Map`) implement it for events in Meta's CAPI shape (`event_name`,
/// `event_source_url`, `custom_data.value`, `custom_data.<x>`) and in the OCAPI shape
/// (top-level `value`, `currency`, `order_id` …).
pub trait EventFields {
    /// The value of `path` in this event.
    fn field(&self, path: &FieldPath) -> Option<FieldValue<'_>>;
}

impl<T: EventFields + ?Sized> EventFields for &T {
    fn field(&self, path: &FieldPath) -> Option<FieldValue<'_>> {
        (**self).field(path)
    }
}

/// OCAPI events carry these at the top level; CAPI events in `custom_data`.
const OCAPI_TOP_LEVEL: [&str; 4] = ["currency", "order_id", "item_number", "content_type"];

impl EventFields for serde_json::Map<String, serde_json::Value> {
    fn field(&self, path: &FieldPath) -> Option<FieldValue<'_>> {
        let custom = |name: &str| {
            self.get("custom_data")
                .and_then(|c| c.get(name))
                .filter(|v| !v.is_null())
        };
        let found = match path {
            FieldPath::EventName => self.get("event_name"),
            FieldPath::Url => self.get("event_source_url"),
            FieldPath::Value => custom("value").or_else(|| self.get("value")),
            FieldPath::Param(name) => custom(name).or_else(|| {
                OCAPI_TOP_LEVEL
                    .contains(&name.as_str())
                    .then(|| self.get(name.as_str()))
                    .flatten()
            }),
        }?;
        json_value(found)
    }
}

impl EventFields for serde_json::Value {
    fn field(&self, path: &FieldPath) -> Option<FieldValue<'_>> {
        self.as_object()?.field(path)
    }
}

/// A raw row: text by key, before it becomes a CAPI event. Keys are the CAPI names:
/// `event_name`, `event_source_url`, `value`, and custom parameters by name, with or without
/// `custom_data.` in front. Values are text; the numeric operators read numbers from them.
///
/// ```
/// use std::collections::BTreeMap;
/// let row = BTreeMap::from([
///     ("event_name".to_owned(), "Purchase".to_owned()),
///     ("value".to_owned(), "120.00".to_owned()),
///     ("product_category".to_owned(), "ICECREAM".to_owned()),
/// ]);
/// let rule = rules::Rule::parse(r#"{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#)?;
/// assert!(rule.compile()?.matches(&row));
/// # Ok::<(), rules::RuleError>(())
/// ```
impl<S: std::hash::BuildHasher> EventFields for std::collections::HashMap<String, String, S> {
    fn field(&self, path: &FieldPath) -> Option<FieldValue<'_>> {
        row_field(path, |key| self.get(key).map(String::as_str))
    }
}

/// A raw row, as for `HashMap<String, String>`.
impl EventFields for std::collections::BTreeMap<String, String> {
    fn field(&self, path: &FieldPath) -> Option<FieldValue<'_>> {
        row_field(path, |key| self.get(key).map(String::as_str))
    }
}

fn row_field<'a>(
    path: &FieldPath,
    get: impl Fn(&str) -> Option<&'a str>,
) -> Option<FieldValue<'a>> {
    let text = match path {
        FieldPath::EventName => get("event_name"),
        FieldPath::Url => get("event_source_url"),
        FieldPath::Value => get("value").or_else(|| get("custom_data.value")),
        FieldPath::Param(name) => get(name).or_else(|| get(&format!("custom_data.{name}"))),
    }?;
    Some(FieldValue::Text(Cow::Borrowed(text)))
}

fn json_value(value: &serde_json::Value) -> Option<FieldValue<'_>> {
    use serde_json::Value;
    match value {
        Value::String(s) => Some(FieldValue::Text(Cow::Borrowed(s))),
        Value::Number(n) => n.as_f64().map(FieldValue::Number),
        Value::Bool(b) => Some(FieldValue::Text(Cow::Borrowed(if *b {
            "true"
        } else {
            "false"
        }))),
        Value::Array(items) => Some(FieldValue::List(
            items
                .iter()
                .filter(|v| !v.is_array() && !v.is_object())
                .filter_map(json_value)
                .collect(),
        )),
        Value::Null | Value::Object(_) => None,
    }
}

/// A validated rule, ready to evaluate: patterns compiled, numbers read, case folded once.
///
/// ```
/// use rules::Rule;
/// let rule = Rule::parse(r#"{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#)?;
/// let matcher = rule.compile()?;
/// let event = serde_json::json!({"event_name": "Purchase", "custom_data": {"value": "150.00"}});
/// assert!(matcher.matches(&event));
/// # Ok::<(), rules::RuleError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Matcher {
    root: Node,
}

#[derive(Debug, Clone)]
enum Node {
    All(Vec<Node>),
    Any(Vec<Node>),
    Not(Box<Node>),
    Test {
        path: FieldPath,
        test: Test,
        negated: bool,
    },
}

#[derive(Debug, Clone)]
enum Test {
    Contains(String),
    /// The needle in lowercase.
    IContains(String),
    EqNumber(f64),
    EqText {
        text: String,
        number: Option<f64>,
    },
    Compare(Operator, f64),
    Regex(Box<fancy_regex::Regex>),
}

impl Rule {
    /// Validate the rule and prepare it for evaluation.
    pub fn compile(&self) -> Result<Matcher, RuleError> {
        self.validate()?;
        Ok(Matcher { root: node(self)? })
    }
}

fn node(rule: &Rule) -> Result<Node, RuleError> {
    Ok(match rule {
        Rule::And(rules) => Node::All(rules.iter().map(node).collect::<Result<_, _>>()?),
        Rule::Or(rules) => Node::Any(rules.iter().map(node).collect::<Result<_, _>>()?),
        Rule::Not(rule) => Node::Not(Box::new(node(rule)?)),
        Rule::Condition(c) => {
            let text = match &c.operand {
                Operand::Text(t) => t.clone(),
                Operand::Number(n) => n.as_str().to_owned(),
            };
            let number = match &c.operand {
                Operand::Text(t) => parse_numeric(t),
                Operand::Number(n) => Some(n.value()),
            };
            let test = match c.operator {
                Operator::Contains | Operator::NotContains => Test::Contains(text),
                Operator::IContains | Operator::INotContains => {
                    Test::IContains(text.to_lowercase())
                }
                Operator::Eq | Operator::Neq => match &c.operand {
                    Operand::Number(n) => Test::EqNumber(n.value()),
                    Operand::Text(_) => Test::EqText { text, number },
                },
                op @ (Operator::Lt | Operator::Lte | Operator::Gt | Operator::Gte) => {
                    // Validation guarantees a number operand.
                    Test::Compare(op, number.unwrap_or(f64::NAN))
                }
                Operator::RegexMatch => Test::Regex(Box::new(
                    // Validation compiled the same pattern already; this cannot fail.
                    crate::regex::compile(&text)
                        .map_err(|e| RuleError::new("rule".into(), RuleErrorKind::Regex(e)))?,
                )),
            };
            Node::Test {
                path: c.field.path().clone(),
                test,
                negated: c.operator.is_negative(),
            }
        }
    })
}

impl Matcher {
    /// Whether the event satisfies the rule.
    pub fn matches<E: EventFields + ?Sized>(&self, event: &E) -> bool {
        self.root.matches(event)
    }

    /// Evaluate over events (rows of a file, in order) for a "preview before create": how many
    /// match, which ones, and what their values add up to.
    ///
    /// ```
    /// use serde_json::json;
    /// let rule = rules::Rule::parse(r#"{"value":{"gte":50}}"#)?;
    /// let events = [
    ///     json!({"event_name": "Purchase", "custom_data": {"value": 40}}),
    ///     json!({"event_name": "Purchase", "custom_data": {"value": "50.25"}}),
    ///     json!({"event_name": "Purchase", "custom_data": {"value": 100}}),
    /// ];
    /// let preview = rule.compile()?.preview(&events);
    /// assert_eq!((preview.count(), preview.total), (2, 3));
    /// assert_eq!(preview.matching, vec![1, 2]);
    /// assert_eq!(preview.value_sum, 150.25);
    /// # Ok::<(), rules::RuleError>(())
    /// ```
    pub fn preview<I>(&self, events: I) -> Preview
    where
        I: IntoIterator,
        I::Item: EventFields,
    {
        let mut preview = Preview::default();
        for (i, event) in events.into_iter().enumerate() {
            preview.total += 1;
            if self.matches(&event) {
                preview.matching.push(i);
                match event.field(&FieldPath::Value).and_then(|v| v.as_number()) {
                    Some(value) => preview.value_sum += value,
                    None => preview.without_value += 1,
                }
            }
        }
        preview
    }
}

/// What a rule selects among events.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Preview {
    /// How many events were evaluated.
    pub total: usize,
    /// The 0-based indices of the matching events, in order.
    pub matching: Vec<usize>,
    /// The sum of `value` over the matching events that have a numeric value.
    pub value_sum: f64,
    /// How many matching events have no numeric `value` (not counted in `value_sum`).
    pub without_value: usize,
}

impl Preview {
    /// How many events match.
    pub fn count(&self) -> usize {
        self.matching.len()
    }
}

impl Node {
    fn matches<E: EventFields + ?Sized>(&self, event: &E) -> bool {
        match self {
            Node::All(nodes) => nodes.iter().all(|n| n.matches(event)),
            Node::Any(nodes) => nodes.iter().any(|n| n.matches(event)),
            Node::Not(node) => !node.matches(event),
            Node::Test {
                path,
                test,
                negated,
            } => event.field(path).is_some_and(|v| test.any(&v)) != *negated,
        }
    }
}

impl Test {
    fn any(&self, value: &FieldValue<'_>) -> bool {
        match value {
            FieldValue::List(items) => items.iter().any(|item| self.any(item)),
            scalar => self.one(scalar),
        }
    }

    fn one(&self, value: &FieldValue<'_>) -> bool {
        let text = || match value {
            FieldValue::Text(t) => Cow::Borrowed(t.as_ref()),
            FieldValue::Number(n) => Cow::Owned(number_text(*n)),
            FieldValue::List(_) => Cow::Borrowed(""),
        };
        match self {
            Test::Contains(needle) => text().contains(needle.as_str()),
            Test::IContains(needle) => {
                let hay = text();
                if hay.is_ascii() && needle.is_ascii() {
                    // The common case, without lowercasing a copy of every value.
                    needle.is_empty()
                        || hay
                            .as_bytes()
                            .windows(needle.len())
                            .any(|w| w.eq_ignore_ascii_case(needle.as_bytes()))
                } else {
                    hay.to_lowercase().contains(needle.as_str())
                }
            }
            Test::EqNumber(x) => value.as_number() == Some(*x),
            Test::EqText { text: want, number } => match value {
                FieldValue::Number(n) => *number == Some(*n),
                _ => text() == want.as_str(),
            },
            Test::Compare(op, x) => value.as_number().is_some_and(|v| match op {
                Operator::Lt => v < *x,
                Operator::Lte => v <= *x,
                Operator::Gt => v > *x,
                _ => v >= *x,
            }),
            Test::Regex(regex) => regex.is_match(text().as_ref()).unwrap_or(false),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn matches(rule: &str, event: serde_json::Value) -> bool {
        Rule::parse(rule)
            .unwrap()
            .compile()
            .unwrap()
            .matches(&event)
    }

    #[test]
    fn reads_capi_and_ocapi_shapes() {
        let capi =
            json!({"event_name": "Purchase", "custom_data": {"value": 16, "currency": "USD"}});
        let ocapi = json!({"event_name": "Purchase", "value": 16, "currency": "USD"});
        for event in [capi, ocapi] {
            assert!(matches(r#"{"value":{"eq":16}}"#, event.clone()));
            assert!(matches(r#"{"currency":{"eq":"USD"}}"#, event.clone()));
            assert!(matches(r#"{"custom_data.currency":{"eq":"USD"}}"#, event));
        }
    }

    #[test]
    fn lists_match_any_item_and_negatives_need_none() {
        let event = json!({"custom_data": {"content_ids": ["A-1", "B-2"]}});
        assert!(matches(r#"{"content_ids":{"eq":"B-2"}}"#, event.clone()));
        assert!(!matches(r#"{"content_ids":{"neq":"B-2"}}"#, event.clone()));
        assert!(matches(r#"{"content_ids":{"not_contains":"C"}}"#, event));
    }

    #[test]
    fn raw_rows_answer_with_capi_names() {
        let row: std::collections::HashMap<String, String> = [
            ("event_name", "Purchase"),
            ("event_source_url", "https://x.example/ThankYou.html"),
            ("custom_data.color", "Black"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .collect();
        let rule = Rule::parse(
            r#"{"and":[{"event":{"eq":"Purchase"}},{"color":{"i_contains":"black"}},{"url":{"i_contains":"thankyou.html"}}]}"#,
        )
        .unwrap();
        let matcher = rule.compile().unwrap();
        assert!(matcher.matches(&row));
        assert_eq!(matcher.preview([&row, &row]).count(), 2);
        let empty: std::collections::HashMap<String, String> = Default::default();
        assert!(!matcher.matches(&empty));
    }

    #[test]
    fn preview_skips_values_that_are_not_numbers() {
        let rule = Rule::parse(r#"{"event":{"eq":"Purchase"}}"#).unwrap();
        let events = [
            json!({"event_name": "Purchase", "custom_data": {"value": 10.5}}),
            json!({"event_name": "Lead"}),
            json!({"event_name": "Purchase", "custom_data": {"value": "n/a"}}),
            json!({"event_name": "Purchase"}),
        ];
        let preview = rule.compile().unwrap().preview(events.iter());
        assert_eq!(preview.matching, vec![0, 2, 3]);
        assert_eq!(preview.value_sum, 10.5);
        assert_eq!(preview.without_value, 2);
        assert_eq!(preview.total, 4);
    }
}
