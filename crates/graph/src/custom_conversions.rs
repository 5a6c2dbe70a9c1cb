//! Custom conversions (seed 001): list, read one, create, update, delete, stats, claim.

use crate::client::{GraphRequest, Page, Success};
use crate::http::Method;
use crate::id::{AdAccountId, ObjectId};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// At most this many custom conversions per ad account.
pub const MAX_PER_AD_ACCOUNT: usize = 100;

/// The fields [`list`] asks for.
pub const CUSTOM_CONVERSION_FIELDS: &str = "id,account_id,name,description,custom_event_type,rule,\
     default_conversion_value,event_source_type,creation_time,first_fired_time,last_fired_time,\
     is_archived,is_unavailable,retention_days";

/// The fields [`read`] asks for: the list's, and what only one conversion's page shows.
pub const CUSTOM_CONVERSION_DETAIL_FIELDS: &str = "id,account_id,name,description,custom_event_type,\
     rule,advanced_rule,action_source_type,default_conversion_value,event_source_type,business,\
     creation_time,first_fired_time,last_fired_time,is_archived,is_unavailable,retention_days";

/// `custom_event_type`: the 20 values of seed 001.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
#[non_exhaustive]
#[allow(missing_docs)] // Each variant is Meta's value of the same name.
pub enum CustomEventType {
    AddPaymentInfo,
    AddToCart,
    AddToWishlist,
    CompleteRegistration,
    ContentView,
    InitiatedCheckout,
    Lead,
    Purchase,
    Search,
    Contact,
    CustomizeProduct,
    Donate,
    FindLocation,
    Schedule,
    StartTrial,
    SubmitApplication,
    Subscribe,
    ListingInteraction,
    FacebookSelected,
    Other,
}

impl CustomEventType {
    /// Every value, in the seed's order.
    pub const ALL: [CustomEventType; 20] = [
        CustomEventType::AddPaymentInfo,
        CustomEventType::AddToCart,
        CustomEventType::AddToWishlist,
        CustomEventType::CompleteRegistration,
        CustomEventType::ContentView,
        CustomEventType::InitiatedCheckout,
        CustomEventType::Lead,
        CustomEventType::Purchase,
        CustomEventType::Search,
        CustomEventType::Contact,
        CustomEventType::CustomizeProduct,
        CustomEventType::Donate,
        CustomEventType::FindLocation,
        CustomEventType::Schedule,
        CustomEventType::StartTrial,
        CustomEventType::SubmitApplication,
        CustomEventType::Subscribe,
        CustomEventType::ListingInteraction,
        CustomEventType::FacebookSelected,
        CustomEventType::Other,
    ];

    /// Graph's spelling, e.g. `PURCHASE`.
    pub fn as_str(self) -> &'static str {
        match self {
            CustomEventType::AddPaymentInfo => "ADD_PAYMENT_INFO",
            CustomEventType::AddToCart => "ADD_TO_CART",
            CustomEventType::AddToWishlist => "ADD_TO_WISHLIST",
            CustomEventType::CompleteRegistration => "COMPLETE_REGISTRATION",
            CustomEventType::ContentView => "CONTENT_VIEW",
            CustomEventType::InitiatedCheckout => "INITIATED_CHECKOUT",
            CustomEventType::Lead => "LEAD",
            CustomEventType::Purchase => "PURCHASE",
            CustomEventType::Search => "SEARCH",
            CustomEventType::Contact => "CONTACT",
            CustomEventType::CustomizeProduct => "CUSTOMIZE_PRODUCT",
            CustomEventType::Donate => "DONATE",
            CustomEventType::FindLocation => "FIND_LOCATION",
            CustomEventType::Schedule => "SCHEDULE",
            CustomEventType::StartTrial => "START_TRIAL",
            CustomEventType::SubmitApplication => "SUBMIT_APPLICATION",
            CustomEventType::Subscribe => "SUBSCRIBE",
            CustomEventType::ListingInteraction => "LISTING_INTERACTION",
            CustomEventType::FacebookSelected => "FACEBOOK_SELECTED",
            CustomEventType::Other => "OTHER",
        }
    }
}

/// `action_source_type` of a new custom conversion.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
#[allow(missing_docs)] // Each variant is Meta's value of the same name.
pub enum ActionSourceType {
    App,
    Chat,
    Email,
    Other,
    PhoneCall,
    PhysicalStore,
    SystemGenerated,
    Website,
    BusinessMessaging,
}

impl ActionSourceType {
    /// Graph's spelling, e.g. `physical_store`.
    pub fn as_str(self) -> &'static str {
        match self {
            ActionSourceType::App => "app",
            ActionSourceType::Chat => "chat",
            ActionSourceType::Email => "email",
            ActionSourceType::Other => "other",
            ActionSourceType::PhoneCall => "phone_call",
            ActionSourceType::PhysicalStore => "physical_store",
            ActionSourceType::SystemGenerated => "system_generated",
            ActionSourceType::Website => "website",
            ActionSourceType::BusinessMessaging => "business_messaging",
        }
    }
}

/// A custom conversion as Graph lists it.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CustomConversion {
    /// Its id.
    #[serde(deserialize_with = "crate::de::id_string")]
    pub id: String,
    /// The ad account (digits).
    #[serde(default, deserialize_with = "crate::de::id_string_opt")]
    pub account_id: Option<String>,
    /// Its name.
    #[serde(default)]
    pub name: Option<String>,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// The event type, kept as Graph spells it (new values must not break reading).
    #[serde(default)]
    pub custom_event_type: Option<String>,
    /// The rule, a JSON string.
    #[serde(default)]
    pub rule: Option<String>,
    /// The default value.
    #[serde(default, deserialize_with = "crate::de::number_opt")]
    pub default_conversion_value: Option<f64>,
    /// `pixel`, `offline_event_set`, …
    #[serde(default)]
    pub event_source_type: Option<String>,
    /// Creation time.
    #[serde(default)]
    pub creation_time: Option<String>,
    /// First event counted.
    #[serde(default)]
    pub first_fired_time: Option<String>,
    /// Last event counted.
    #[serde(default)]
    pub last_fired_time: Option<String>,
    /// Archived conversions are no longer tracked.
    #[serde(default)]
    pub is_archived: bool,
    /// Whether it is unavailable.
    #[serde(default)]
    pub is_unavailable: bool,
    /// Retention of an advanced rule.
    #[serde(default)]
    pub retention_days: Option<u32>,
    /// The advanced rule (a JSON string), when it has one ([`read`] asks for it).
    #[serde(default)]
    pub advanced_rule: Option<String>,
    /// Where its events come from (`physical_store`, …), as Graph spells it ([`read`]).
    #[serde(default)]
    pub action_source_type: Option<String>,
    /// The business that owns it, e.g. after `claim_custom_conversions` ([`read`]).
    #[serde(default)]
    pub business: Option<BusinessRef>,
}

/// A business as an edge names it: `{"id": …}`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct BusinessRef {
    /// The business id.
    #[serde(deserialize_with = "crate::de::id_string")]
    pub id: String,
}

/// `GET /{id}`: one custom conversion with [`CUSTOM_CONVERSION_DETAIL_FIELDS`].
pub fn read(id: &ObjectId) -> GraphRequest<CustomConversion> {
    GraphRequest::new(Method::Get, id.into(), None, "ads_read")
        .param("fields", CUSTOM_CONVERSION_DETAIL_FIELDS)
}

/// `GET /act_{id}/customconversions`.
pub fn list(account: &AdAccountId) -> GraphRequest<Page<CustomConversion>> {
    GraphRequest::new(
        Method::Get,
        account.into(),
        Some("customconversions"),
        "ads_read",
    )
    .param("fields", CUSTOM_CONVERSION_FIELDS)
}

/// A custom conversion to create (`name` is required).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct NewCustomConversion {
    /// Its name.
    pub name: String,
    /// The dataset or offline event set whose events it counts.
    pub event_source_id: Option<ObjectId>,
    /// The rule, e.g. `{"and":[{"event":{"eq":"Purchase"}},{"value":{"gt":100}}]}`.
    pub rule: Option<Value>,
    /// The event type.
    pub custom_event_type: Option<CustomEventType>,
    /// The default value.
    pub default_conversion_value: Option<f64>,
    /// Its description.
    pub description: Option<String>,
    /// Where the events come from.
    pub action_source_type: Option<ActionSourceType>,
    /// A multi-source rule set (JSON string).
    pub advanced_rule: Option<String>,
}

impl NewCustomConversion {
    /// A conversion named `name` with nothing else set.
    pub fn named(name: &str) -> Self {
        NewCustomConversion {
            name: name.to_owned(),
            event_source_id: None,
            rule: None,
            custom_event_type: None,
            default_conversion_value: None,
            description: None,
            action_source_type: None,
            advanced_rule: None,
        }
    }
}

/// `{"id", "is_custom_event_type_predicted"}`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CreatedCustomConversion {
    /// The new id.
    #[serde(deserialize_with = "crate::de::id_string")]
    pub id: String,
    /// Whether Meta guessed the event type.
    #[serde(default)]
    pub is_custom_event_type_predicted: Option<Value>,
}

/// `POST /act_{id}/customconversions`.
pub fn create(
    account: &AdAccountId,
    conversion: &NewCustomConversion,
) -> GraphRequest<CreatedCustomConversion> {
    GraphRequest::new(
        Method::Post,
        account.into(),
        Some("customconversions"),
        "ads_management",
    )
    .param("name", conversion.name.as_str())
    .param_opt(
        "event_source_id",
        conversion.event_source_id.as_ref().map(ObjectId::as_str),
    )
    .param_opt("rule", conversion.rule.as_ref().map(Value::to_string))
    .param_opt(
        "custom_event_type",
        conversion.custom_event_type.map(CustomEventType::as_str),
    )
    .param_opt(
        "default_conversion_value",
        conversion.default_conversion_value.map(|v| v.to_string()),
    )
    .param_opt("description", conversion.description.as_deref())
    .param_opt(
        "action_source_type",
        conversion.action_source_type.map(ActionSourceType::as_str),
    )
    .param_opt("advanced_rule", conversion.advanced_rule.as_deref())
}

/// The only three things Graph lets you change on a custom conversion; nothing else can be
/// expressed.
#[derive(Debug, Clone, Default, PartialEq)]
#[non_exhaustive]
pub struct CustomConversionUpdate {
    /// A new name.
    pub name: Option<String>,
    /// A new description.
    pub description: Option<String>,
    /// A new default value.
    pub default_conversion_value: Option<f64>,
}

impl CustomConversionUpdate {
    /// Change the name.
    pub fn name(mut self, name: &str) -> Self {
        self.name = Some(name.to_owned());
        self
    }

    /// Change the description.
    pub fn description(mut self, description: &str) -> Self {
        self.description = Some(description.to_owned());
        self
    }

    /// Change the default value.
    pub fn default_conversion_value(mut self, value: f64) -> Self {
        self.default_conversion_value = Some(value);
        self
    }
}

/// `POST /{id}` with the changed fields.
pub fn update(id: &ObjectId, update: &CustomConversionUpdate) -> GraphRequest<Success> {
    GraphRequest::new(Method::Post, id.into(), None, "ads_management")
        .param_opt("name", update.name.as_deref())
        .param_opt("description", update.description.as_deref())
        .param_opt(
            "default_conversion_value",
            update.default_conversion_value.map(|v| v.to_string()),
        )
}

/// `DELETE /{id}`.
pub fn delete(id: &ObjectId) -> GraphRequest<Success> {
    GraphRequest::new(Method::Delete, id.into(), None, "ads_management")
}

/// How [`stats`] groups counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
#[allow(missing_docs)] // Each variant is Meta's value of the same name.
pub enum StatsAggregation {
    Count,
    DeviceType,
    Host,
    PixelFire,
    UnmatchedCount,
    UnmatchedUsdAmount,
    Url,
    UsdAmount,
}

impl StatsAggregation {
    /// Graph's spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            StatsAggregation::Count => "count",
            StatsAggregation::DeviceType => "device_type",
            StatsAggregation::Host => "host",
            StatsAggregation::PixelFire => "pixel_fire",
            StatsAggregation::UnmatchedCount => "unmatched_count",
            StatsAggregation::UnmatchedUsdAmount => "unmatched_usd_amount",
            StatsAggregation::Url => "url",
            StatsAggregation::UsdAmount => "usd_amount",
        }
    }
}

/// One `CustomConversionStatsResult`.
#[derive(Debug, Clone, PartialEq, Deserialize)]
#[non_exhaustive]
pub struct CustomConversionStats {
    /// The aggregation.
    #[serde(default)]
    pub aggregation: Option<String>,
    /// The bucket's time.
    #[serde(default)]
    pub timestamp: Option<String>,
    /// The counts.
    #[serde(default)]
    pub data: Vec<Value>,
}

/// `GET /{id}/stats`.
pub fn stats(
    id: &ObjectId,
    aggregation: Option<StatsAggregation>,
) -> GraphRequest<Page<CustomConversionStats>> {
    GraphRequest::new(Method::Get, id.into(), Some("stats"), "ads_read")
        .param_opt("aggregation", aggregation.map(StatsAggregation::as_str))
}

/// `POST /{business}/claim_custom_conversions`.
pub fn claim(business: &ObjectId, id: &ObjectId) -> GraphRequest<Success> {
    GraphRequest::new(
        Method::Post,
        business.into(),
        Some("claim_custom_conversions"),
        "business_management",
    )
    .param("custom_conversion_id", id.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_types_serialize_as_graph_spells_them() {
        for kind in CustomEventType::ALL {
            assert_eq!(
                serde_json::to_value(kind).unwrap(),
                Value::from(kind.as_str())
            );
        }
        assert_eq!(
            ActionSourceType::PhysicalStore.as_str(),
            serde_json::to_value(ActionSourceType::PhysicalStore).unwrap()
        );
    }

    #[test]
    fn updates_carry_only_the_three_changeable_fields() {
        let id = ObjectId::new("7").unwrap();
        let request = update(
            &id,
            &CustomConversionUpdate::default()
                .name("n")
                .description("d")
                .default_conversion_value(2.5),
        );
        let keys: Vec<_> = request.params().iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["name", "description", "default_conversion_value"]);
        assert_eq!(request.param_value("default_conversion_value"), Some("2.5"));
        assert!(
            update(&id, &CustomConversionUpdate::default().name("x"))
                .params()
                .iter()
                .all(|(k, _)| *k == "name")
        );
    }

    #[test]
    fn one_conversion_is_read_with_its_advanced_rule_and_owner() {
        let request = read(&ObjectId::new("900000000000001").unwrap());
        assert_eq!(request.path(), "/900000000000001");
        let fields = request.param_value("fields").unwrap_or_default();
        for field in ["advanced_rule", "business", "action_source_type", "rule"] {
            assert!(fields.split(',').any(|f| f == field), "{field}");
        }
        let read: CustomConversion = serde_json::from_str(
            r#"{"id":"900000000000001","name":"A","advanced_rule":"{\"event\":{\"eq\":\"Lead\"}}","action_source_type":"physical_store","business":{"id":100000000000009}}"#,
        )
        .unwrap();
        assert_eq!(
            read.advanced_rule.as_deref(),
            Some(r#"{"event":{"eq":"Lead"}}"#)
        );
        assert_eq!(read.action_source_type.as_deref(), Some("physical_store"));
        assert_eq!(
            read.business.map(|b| b.id).as_deref(),
            Some("100000000000009")
        );
    }
}
