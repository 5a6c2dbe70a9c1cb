//! The create and update forms as plain data: what the person typed, checked, turned into the
//! graph crate's requests; and the per-account limit. Plain Rust, tested natively.

use graph::ObjectId;
use graph::custom_conversions::{
    ActionSourceType, CustomConversionUpdate, CustomEventType, MAX_PER_AD_ACCOUNT,
    NewCustomConversion,
};
use rules::{Rule, RuleError};

/// Every action source Meta takes: the events crate's one list (the emulator checks against the
/// same list), offered as the create call's `action_source_type`.
pub use events::fields::names::ActionSource;

/// Graph's `action_source_type` for an action source: the same name, read by the graph crate.
pub fn action_source_type(source: ActionSource) -> Option<ActionSourceType> {
    serde_json::from_value(serde_json::Value::from(source.name())).ok()
}

/// What the create form holds (the rule comes from the rule editor).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CreateForm {
    /// Required.
    pub name: String,
    /// Optional.
    pub description: String,
    /// The dataset or offline event set (digits).
    pub event_source_id: String,
    /// One of [`CustomEventType::ALL`], by Graph's name (`PURCHASE`).
    pub custom_event_type: String,
    /// A number, or empty.
    pub default_conversion_value: String,
    /// One of [`ActionSource::ALL`] by name, or empty for none.
    pub action_source_type: String,
    /// `advanced_rule` as typed: empty, or rule JSON checked by the rules crate like `rule`.
    pub advanced_rule: String,
}

impl Default for CreateForm {
    fn default() -> Self {
        CreateForm {
            name: String::new(),
            description: String::new(),
            event_source_id: String::new(),
            custom_event_type: CustomEventType::Purchase.as_str().to_owned(),
            default_conversion_value: String::new(),
            action_source_type: ActionSource::PhysicalStore.name().to_owned(),
            advanced_rule: String::new(),
        }
    }
}

/// A form field that cannot be sent as typed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum FormError {
    /// The name is empty.
    NameMissing,
    /// The event source id is not digits.
    EventSource,
    /// The event type is not one of the 20.
    EventType,
    /// The default value is not a number ≥ 0.
    DefaultValue,
    /// The action source type is not one of Graph's.
    ActionSource,
    /// The rule is missing or invalid.
    Rule,
    /// The advanced rule is not a valid rule (the rules crate says why).
    AdvancedRule,
    /// The ad account already has the maximum number of custom conversions.
    Limit,
}

impl FormError {
    /// A stable code, for `data-problem`.
    pub fn code(self) -> &'static str {
        match self {
            FormError::NameMissing => "name_missing",
            FormError::EventSource => "event_source",
            FormError::EventType => "event_type",
            FormError::DefaultValue => "default_value",
            FormError::ActionSource => "action_source",
            FormError::Rule => "rule",
            FormError::AdvancedRule => "advanced_rule",
            FormError::Limit => "limit",
        }
    }
}

fn default_value(text: &str) -> Result<Option<f64>, FormError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    match text.parse::<f64>() {
        Ok(v) if v.is_finite() && v >= 0.0 => Ok(Some(v)),
        _ => Err(FormError::DefaultValue),
    }
}

/// `advanced_rule` as typed: `None` when empty, else the rule in its compact JSON, checked by
/// the rules crate exactly as `rule` is (the same grammar, operators and error paths; Meta
/// documents no other grammar for it).
pub fn advanced_rule(text: &str) -> Result<Option<String>, RuleError> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Rule::parse(text).map(|rule| Some(rule.to_json()))
}

/// The event type named `name` (Graph's spelling, any case).
pub fn event_type(name: &str) -> Option<CustomEventType> {
    CustomEventType::ALL
        .into_iter()
        .find(|t| t.as_str().eq_ignore_ascii_case(name.trim()))
}

impl CreateForm {
    /// The create request for this form and `rule`, if every field is usable and the account is
    /// below the limit (`existing` conversions).
    pub fn to_request(
        &self,
        rule: Option<&Rule>,
        existing: usize,
    ) -> Result<NewCustomConversion, FormError> {
        if existing >= MAX_PER_AD_ACCOUNT {
            return Err(FormError::Limit);
        }
        let name = self.name.trim();
        if name.is_empty() {
            return Err(FormError::NameMissing);
        }
        let source = self.event_source_id.trim();
        let event_source_id = if source.is_empty() {
            None
        } else {
            Some(ObjectId::new(source).map_err(|_| FormError::EventSource)?)
        };
        let custom_event_type =
            Some(event_type(&self.custom_event_type).ok_or(FormError::EventType)?);
        let action = self.action_source_type.trim();
        let action_source_type = if action.is_empty() {
            None
        } else {
            Some(
                ActionSource::parse(action)
                    .and_then(action_source_type)
                    .ok_or(FormError::ActionSource)?,
            )
        };
        let rule = rule.ok_or(FormError::Rule)?;
        let advanced = advanced_rule(&self.advanced_rule).map_err(|_| FormError::AdvancedRule)?;
        let rule = serde_json::from_str(&rule.to_json()).map_err(|_| FormError::Rule)?;
        let mut request = NewCustomConversion::named(name);
        request.event_source_id = event_source_id;
        request.rule = Some(rule);
        request.custom_event_type = custom_event_type;
        request.default_conversion_value = default_value(&self.default_conversion_value)?;
        let description = self.description.trim();
        request.description = (!description.is_empty()).then(|| description.to_owned());
        request.action_source_type = action_source_type;
        request.advanced_rule = advanced;
        Ok(request)
    }
}

/// What the edit form holds: the three fields Graph lets you change.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct UpdateForm {
    /// The new name (required).
    pub name: String,
    /// The new description (may be emptied).
    pub description: String,
    /// The new default value, or empty to leave it.
    pub default_conversion_value: String,
}

impl UpdateForm {
    /// The update request.
    pub fn to_request(&self) -> Result<CustomConversionUpdate, FormError> {
        let name = self.name.trim();
        if name.is_empty() {
            return Err(FormError::NameMissing);
        }
        let mut update = CustomConversionUpdate::default()
            .name(name)
            .description(self.description.trim());
        if let Some(value) = default_value(&self.default_conversion_value)? {
            update = update.default_conversion_value(value);
        }
        Ok(update)
    }
}

/// The limit as the page shows it: used, the maximum, and whether creating is still possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limit {
    /// Custom conversions the account has.
    pub used: usize,
    /// At most this many.
    pub max: usize,
}

impl Limit {
    /// The limit for an account with `used` conversions.
    pub fn new(used: usize) -> Limit {
        Limit {
            used,
            max: MAX_PER_AD_ACCOUNT,
        }
    }

    /// Whether another one can be created.
    pub fn can_create(self) -> bool {
        self.used < self.max
    }

    /// `used / max`.
    pub fn label(self) -> String {
        format!("{} / {}", self.used, self.max)
    }

    /// `ok`, `near` (90% or more) or `full`: for the page's `data-state`.
    pub fn state(self) -> &'static str {
        if !self.can_create() {
            "full"
        } else if self.used * 10 >= self.max * 9 {
            "near"
        } else {
            "ok"
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> CreateForm {
        CreateForm {
            name: " Ice cream ".into(),
            description: "Store sales of ice cream".into(),
            event_source_id: "400000000000004".into(),
            custom_event_type: "PURCHASE".into(),
            default_conversion_value: "2.5".into(),
            action_source_type: "physical_store".into(),
            advanced_rule: String::new(),
        }
    }

    fn rule() -> Rule {
        Rule::parse(r#"{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#).unwrap()
    }

    #[test]
    fn a_complete_form_becomes_the_create_request() {
        let request = form().to_request(Some(&rule()), 3).unwrap();
        assert_eq!(request.name, "Ice cream");
        assert_eq!(request.event_source_id.unwrap().as_str(), "400000000000004");
        assert_eq!(request.custom_event_type, Some(CustomEventType::Purchase));
        assert_eq!(request.default_conversion_value, Some(2.5));
        assert_eq!(
            request.action_source_type,
            Some(ActionSourceType::PhysicalStore)
        );
        assert_eq!(
            request.rule.unwrap().to_string(),
            r#"{"and":[{"event_name":{"eq":"Purchase"}},{"value":{"gt":100}}]}"#
        );
    }

    #[test]
    fn the_advanced_rule_is_checked_like_the_rule() {
        assert_eq!(advanced_rule("  "), Ok(None));
        assert_eq!(
            advanced_rule(r#"{ "or": [ {"event_name": {"eq": "Lead"}}, {"value": {"gte": 5}} ] }"#),
            Ok(Some(
                r#"{"or":[{"event_name":{"eq":"Lead"}},{"value":{"gte":5}}]}"#.to_owned()
            ))
        );
        let error = advanced_rule(r#"{"and":[{"value":{"gt":"100"}}]}"#).unwrap_err();
        assert_eq!(error.code(), "rule_operand_type");
        assert_eq!(
            error.to_string(),
            r#"rule.and[0]."value": operator "gt" needs a number, got a string"#
        );
        let mut with_advanced = form();
        with_advanced.advanced_rule = r#"{"event_name":{"eq":"Lead"}}"#.into();
        let request = with_advanced.to_request(Some(&rule()), 0).unwrap();
        assert_eq!(
            request.advanced_rule.as_deref(),
            Some(r#"{"event_name":{"eq":"Lead"}}"#)
        );
        with_advanced.advanced_rule = r#"{"event_name":"#.into();
        assert_eq!(
            with_advanced.to_request(Some(&rule()), 0),
            Err(FormError::AdvancedRule)
        );
    }

    #[test]
    fn each_bad_field_is_named() {
        let check = |edit: fn(&mut CreateForm)| {
            let mut f = form();
            edit(&mut f);
            f.to_request(Some(&rule()), 0).unwrap_err()
        };
        assert_eq!(check(|f| f.name = "  ".into()), FormError::NameMissing);
        assert_eq!(
            check(|f| f.event_source_id = "act_1".into()),
            FormError::EventSource
        );
        assert_eq!(
            check(|f| f.custom_event_type = "PURCHASED".into()),
            FormError::EventType
        );
        assert_eq!(
            check(|f| f.default_conversion_value = "-1".into()),
            FormError::DefaultValue
        );
        assert_eq!(
            check(|f| f.default_conversion_value = "1,5".into()),
            FormError::DefaultValue
        );
        assert_eq!(
            check(|f| f.action_source_type = "shop".into()),
            FormError::ActionSource
        );
        assert_eq!(form().to_request(None, 0).unwrap_err(), FormError::Rule);
        assert_eq!(
            form().to_request(Some(&rule()), 100).unwrap_err(),
            FormError::Limit
        );
    }

    #[test]
    fn every_event_type_and_action_source_is_offered() {
        assert_eq!(CustomEventType::ALL.len(), 20);
        for t in CustomEventType::ALL {
            assert_eq!(event_type(&t.as_str().to_lowercase()), Some(t));
        }
        // Every action source of the events crate goes out as Graph's type of the same name.
        for source in ActionSource::ALL {
            assert_eq!(
                action_source_type(source).map(ActionSourceType::as_str),
                Some(source.name())
            );
        }
        assert!(
            ActionSource::ALL
                .iter()
                .any(|s| s.name() == "business_messaging")
        );
    }

    #[test]
    fn the_update_carries_only_what_graph_allows() {
        let update = UpdateForm {
            name: "Renamed".into(),
            description: String::new(),
            default_conversion_value: "4".into(),
        }
        .to_request()
        .unwrap();
        assert_eq!(update.name.as_deref(), Some("Renamed"));
        assert_eq!(update.description.as_deref(), Some(""));
        assert_eq!(update.default_conversion_value, Some(4.0));
        assert_eq!(
            UpdateForm::default().to_request(),
            Err(FormError::NameMissing)
        );
    }

    #[test]
    fn the_limit_is_shown_before_it_is_hit() {
        assert_eq!(Limit::new(3).label(), "3 / 100");
        assert_eq!(Limit::new(3).state(), "ok");
        assert_eq!(Limit::new(90).state(), "near");
        assert!(Limit::new(99).can_create());
        assert!(!Limit::new(100).can_create());
        assert_eq!(Limit::new(100).state(), "full");
    }
}
