//! Events as the JSON Meta takes: CAPI events (`user_data`, `custom_data`, `action_source`) and
//! OCAPI events (`match_keys`, top-level `value` / `currency`).

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::row::{Content, CustomValue, DataProcessing, Event, Keys};

/// An event in the API its keys were built for.
pub struct EventJson<'a>(pub &'a Event);

impl Serialize for EventJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let event = self.0;
        let mut map = s.serialize_map(None)?;
        match &event.keys {
            Keys::Capi(user_data) => {
                map.serialize_entry("event_name", &event.event_name)?;
                map.serialize_entry("event_time", &event.event_time)?;
                map.serialize_entry("action_source", event.action_source.name())?;
                map.serialize_entry("event_id", &event.event_id)?;
                map.serialize_entry("user_data", user_data)?;
                if has_custom_data(event) {
                    map.serialize_entry("custom_data", &CapiCustomData(event))?;
                }
            }
            Keys::Ocapi(match_keys) => {
                map.serialize_entry("match_keys", match_keys)?;
                map.serialize_entry("event_name", &event.event_name)?;
                map.serialize_entry("event_time", &event.event_time)?;
                serialize_order(&mut map, event, "price")?;
                if !event.custom.is_empty() {
                    map.serialize_entry("custom_data", &Custom(&event.custom))?;
                }
            }
        }
        if let Some(processing) = &event.processing {
            serialize_processing(&mut map, processing)?;
        }
        map.end()
    }
}

fn serialize_processing<M: SerializeMap>(
    map: &mut M,
    processing: &DataProcessing,
) -> Result<(), M::Error> {
    map.serialize_entry("data_processing_options", &processing.options)?;
    if let Some(country) = processing.country {
        map.serialize_entry("data_processing_options_country", &country)?;
    }
    if let Some(state) = processing.state {
        map.serialize_entry("data_processing_options_state", &state)?;
    }
    Ok(())
}

/// `value`, `currency`, `order_id`, `item_number`, `content_type` and `contents` (whose unit
/// price is `price_name`): top-level in OCAPI, inside `custom_data` in CAPI.
fn serialize_order<M: SerializeMap>(
    map: &mut M,
    event: &Event,
    price_name: &'static str,
) -> Result<(), M::Error> {
    if let Some(value) = event.value {
        map.serialize_entry("value", &value)?;
    }
    if let Some(currency) = event.currency {
        map.serialize_entry("currency", currency)?;
    }
    if let Some(order_id) = &event.order_id {
        map.serialize_entry("order_id", order_id)?;
    }
    if let Some(item_number) = &event.item_number {
        map.serialize_entry("item_number", item_number)?;
    }
    if let Some(content_type) = &event.content_type {
        map.serialize_entry("content_type", content_type)?;
    }
    if !event.contents.is_empty() {
        map.serialize_entry("contents", &Contents(&event.contents, price_name))?;
    }
    Ok(())
}

fn has_custom_data(event: &Event) -> bool {
    event.value.is_some()
        || event.currency.is_some()
        || event.order_id.is_some()
        || event.item_number.is_some()
        || event.content_type.is_some()
        || !event.contents.is_empty()
        || !event.custom.is_empty()
}

/// CAPI `custom_data`: the standard fields, then the custom ones.
struct CapiCustomData<'a>(&'a Event);

impl Serialize for CapiCustomData<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let event = self.0;
        let mut map = s.serialize_map(None)?;
        serialize_order(&mut map, event, "item_price")?;
        for (name, value) in &event.custom {
            map.serialize_entry(name, &CustomJson(value))?;
        }
        map.end()
    }
}

/// Products, with the API's name for the unit price.
struct Contents<'a>(&'a [Content], &'static str);

impl Serialize for Contents<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_seq(self.0.iter().map(|content| ContentJson(content, self.1)))
    }
}

struct ContentJson<'a>(&'a Content, &'static str);

impl Serialize for ContentJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let content = self.0;
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("id", &content.id)?;
        if let Some(quantity) = content.quantity {
            map.serialize_entry("quantity", &quantity)?;
        }
        if let Some(price) = content.item_price {
            map.serialize_entry(self.1, &price)?;
        }
        if let Some(brand) = &content.brand {
            map.serialize_entry("brand", brand)?;
        }
        if let Some(category) = &content.category {
            map.serialize_entry("category", category)?;
        }
        map.end()
    }
}

struct Custom<'a>(&'a [(String, CustomValue)]);

impl Serialize for Custom<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(name, value)| (name, CustomJson(value))))
    }
}

struct CustomJson<'a>(&'a CustomValue);

impl Serialize for CustomJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            CustomValue::Text(text) => s.serialize_str(text),
            CustomValue::Number(number) => s.serialize_f64(*number),
        }
    }
}
