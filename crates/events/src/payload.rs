//! Events as the JSON Meta takes: CAPI events (`user_data`, `custom_data`, `action_source`) and
//! OCAPI events (`match_keys`, top-level `value` / `currency`).

use matchkeys::{MatchKeys, UserData};
use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use crate::json::{self, Object};
use crate::row::{Content, CustomValue, DataProcessing, Event, Keys};

/// An event in the API its keys were built for.
///
/// Serializes with serde, or [`EventJson::write_to`] writes the same text directly (the path
/// every accepted row takes).
pub struct EventJson<'a>(pub &'a Event);

impl EventJson<'_> {
    /// Append the event's JSON text to `out`: byte for byte what `serde_json::to_string` of
    /// this `EventJson` gives, written without serde (hashes need no escaping, and no
    /// intermediate value is built).
    ///
    /// ```
    /// use events::{Preparation, Settings, payload::EventJson};
    /// let mut settings = Settings::new(1795132800);
    /// settings.event_name = Some("Lead".into());
    /// let csv = b"email,time\na@example.com,1795000000\n";
    /// let finished = events::prepare_bytes(settings, csv).unwrap();
    /// let event = finished.output.batches[0].events().next().unwrap().to_string();
    /// assert!(event.starts_with(r#"{"event_name":"Lead","event_time":1795000000,"#));
    /// ```
    pub fn write_to(&self, out: &mut String) {
        let event = self.0;
        let mut map = Object::new(out);
        match &event.keys {
            Keys::Capi(user_data) => {
                json::string(map.key("event_name"), &event.event_name);
                json::int(map.key("event_time"), event.event_time);
                json::string(map.key("action_source"), event.action_source.name());
                json::string(map.key("event_id"), &event.event_id);
                write_user_data(map.key("user_data"), user_data);
                if has_custom_data(event) {
                    let mut custom = Object::new(map.key("custom_data"));
                    write_order(&mut custom, event, "item_price");
                    for (name, value) in &event.custom {
                        write_custom(custom.key(name), value);
                    }
                    custom.end();
                }
            }
            Keys::Ocapi(match_keys) => {
                write_match_keys(map.key("match_keys"), match_keys);
                json::string(map.key("event_name"), &event.event_name);
                json::int(map.key("event_time"), event.event_time);
                write_order(&mut map, event, "price");
                if !event.custom.is_empty() {
                    let mut custom = Object::new(map.key("custom_data"));
                    for (name, value) in &event.custom {
                        write_custom(custom.key(name), value);
                    }
                    custom.end();
                }
            }
        }
        if let Some(processing) = &event.processing {
            json::strings(map.key("data_processing_options"), &processing.options);
            if let Some(country) = processing.country {
                json::uint(
                    map.key("data_processing_options_country"),
                    u64::from(country),
                );
            }
            if let Some(state) = processing.state {
                json::uint(map.key("data_processing_options_state"), u64::from(state));
            }
        }
        map.end();
    }
}

/// CAPI `user_data` as its derived `Serialize` writes it: fields in declaration order, empty
/// lists and absent strings left out.
pub(crate) fn write_user_data(out: &mut String, keys: &UserData) {
    let mut map = Object::new(out);
    for (name, values) in [
        ("em", &keys.em),
        ("ph", &keys.ph),
        ("fn", &keys.first_name),
        ("ln", &keys.ln),
        ("ge", &keys.ge),
        ("db", &keys.db),
        ("ct", &keys.ct),
        ("st", &keys.st),
        ("zp", &keys.zp),
        ("country", &keys.country),
        ("external_id", &keys.external_id),
    ] {
        if !values.is_empty() {
            json::strings(map.key(name), values);
        }
    }
    for (name, value) in [("madid", &keys.madid), ("lead_id", &keys.lead_id)] {
        if let Some(value) = value {
            json::string(map.key(name), value);
        }
    }
    map.end();
}

/// OCAPI `match_keys` as its derived `Serialize` writes it.
pub(crate) fn write_match_keys(out: &mut String, keys: &MatchKeys) {
    let mut map = Object::new(out);
    for (name, values) in [
        ("email", &keys.email),
        ("phone", &keys.phone),
        ("gen", &keys.gender),
        ("doby", &keys.doby),
        ("dobm", &keys.dobm),
        ("dobd", &keys.dobd),
        ("ln", &keys.ln),
        ("fn", &keys.first_name),
        ("fi", &keys.fi),
        ("f5first", &keys.f5first),
        ("f5last", &keys.f5last),
        ("ct", &keys.ct),
        ("st", &keys.st),
        ("zip", &keys.zip),
        ("country", &keys.country),
        ("extern_id", &keys.extern_id),
        ("madid", &keys.madid),
    ] {
        if !values.is_empty() {
            json::strings(map.key(name), values);
        }
    }
    if let Some(lead_id) = &keys.lead_id {
        json::string(map.key("lead_id"), lead_id);
    }
    map.end();
}

/// [`serialize_order`], written directly.
fn write_order(map: &mut Object<'_>, event: &Event, price_name: &str) {
    if let Some(value) = event.value {
        json::float(map.key("value"), value);
    }
    if let Some(currency) = event.currency {
        json::string(map.key("currency"), currency);
    }
    if let Some(order_id) = &event.order_id {
        json::string(map.key("order_id"), order_id);
    }
    if let Some(item_number) = &event.item_number {
        json::string(map.key("item_number"), item_number);
    }
    if let Some(content_type) = &event.content_type {
        json::string(map.key("content_type"), content_type);
    }
    if !event.contents.is_empty() {
        let out = map.key("contents");
        out.push('[');
        for (i, content) in event.contents.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            let mut product = Object::new(out);
            json::string(product.key("id"), &content.id);
            if let Some(quantity) = content.quantity {
                json::uint(product.key("quantity"), u64::from(quantity));
            }
            if let Some(price) = content.item_price {
                json::float(product.key(price_name), price);
            }
            if let Some(brand) = &content.brand {
                json::string(product.key("brand"), brand);
            }
            if let Some(category) = &content.category {
                json::string(product.key("category"), category);
            }
            product.end();
        }
        out.push(']');
    }
}

fn write_custom(out: &mut String, value: &CustomValue) {
    match value {
        CustomValue::Text(text) => json::string(out, text),
        CustomValue::Number(number) => json::float(out, *number),
    }
}

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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::fields::names::ActionSource;
    use proptest::prelude::*;

    fn text() -> impl Strategy<Value = String> {
        prop_oneof!["[0-9a-f]{64}", "[a-zA-Z0-9 _-]{0,12}", any::<String>(),]
    }

    fn texts() -> impl Strategy<Value = Vec<String>> {
        proptest::collection::vec(text(), 0..3)
    }

    fn number() -> impl Strategy<Value = f64> {
        prop_oneof![
            any::<f64>(),
            (0u32..100_000).prop_map(|c| f64::from(c) / 100.0)
        ]
    }

    fn user_data() -> impl Strategy<Value = UserData> {
        (
            (texts(), texts(), texts(), texts(), texts(), texts()),
            (texts(), texts(), texts(), texts(), texts()),
            (proptest::option::of(text()), proptest::option::of(text())),
        )
            .prop_map(
                |(
                    (em, ph, first_name, ln, ge, db),
                    (ct, st, zp, country, external_id),
                    (madid, lead_id),
                )| UserData {
                    em,
                    ph,
                    first_name,
                    ln,
                    ge,
                    db,
                    ct,
                    st,
                    zp,
                    country,
                    external_id,
                    madid,
                    lead_id,
                },
            )
    }

    fn match_keys() -> impl Strategy<Value = MatchKeys> {
        (
            (texts(), texts(), texts(), texts(), texts(), texts()),
            (texts(), texts(), texts(), texts(), texts(), texts()),
            (texts(), texts(), texts(), texts(), texts()),
            proptest::option::of(text()),
        )
            .prop_map(
                |(
                    (email, phone, gender, doby, dobm, dobd),
                    (ln, first_name, fi, f5first, f5last, ct),
                    (st, zip, country, extern_id, madid),
                    lead_id,
                )| MatchKeys {
                    email,
                    phone,
                    gender,
                    doby,
                    dobm,
                    dobd,
                    ln,
                    first_name,
                    fi,
                    f5first,
                    f5last,
                    ct,
                    st,
                    zip,
                    country,
                    extern_id,
                    madid,
                    lead_id,
                },
            )
    }

    fn content() -> impl Strategy<Value = Content> {
        (
            text(),
            proptest::option::of(any::<u32>()),
            proptest::option::of(number()),
            proptest::option::of(text()),
            proptest::option::of(text()),
        )
            .prop_map(|(id, quantity, item_price, brand, category)| Content {
                id,
                quantity,
                item_price,
                brand,
                category,
            })
    }

    fn custom() -> impl Strategy<Value = (String, CustomValue)> {
        (
            text(),
            prop_oneof![
                text().prop_map(CustomValue::Text),
                number().prop_map(CustomValue::Number)
            ],
        )
    }

    fn processing() -> impl Strategy<Value = DataProcessing> {
        (
            any::<bool>(),
            proptest::option::of(any::<u32>()),
            proptest::option::of(any::<u32>()),
        )
            .prop_map(|(ldu, country, state)| DataProcessing {
                options: if ldu { vec!["LDU"] } else { Vec::new() },
                country,
                state,
            })
    }

    fn event() -> impl Strategy<Value = Event> {
        (
            (
                any::<u64>(),
                text(),
                any::<i64>(),
                0..ActionSource::ALL.len(),
                text(),
            ),
            prop_oneof![
                user_data().prop_map(Keys::Capi),
                match_keys().prop_map(Keys::Ocapi)
            ],
            (
                proptest::option::of(number()),
                proptest::option::of(prop_oneof![Just("USD"), Just("EUR")]),
                proptest::option::of(text()),
                proptest::option::of(text()),
                proptest::option::of(text()),
            ),
            (
                proptest::collection::vec(content(), 0..3),
                proptest::collection::vec(custom(), 0..3),
                proptest::option::of(processing()),
            ),
        )
            .prop_map(
                |(
                    (row, event_name, event_time, source, event_id),
                    keys,
                    (value, currency, order_id, item_number, content_type),
                    (contents, custom, processing),
                )| Event {
                    row,
                    event_name,
                    event_time,
                    action_source: ActionSource::ALL[source],
                    event_id,
                    keys,
                    value,
                    currency,
                    order_id,
                    item_number,
                    content_type,
                    contents,
                    custom,
                    processing,
                },
            )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]

        #[test]
        fn written_json_is_serde_json_byte_for_byte(event in event()) {
            let mut written = String::from("[");
            EventJson(&event).write_to(&mut written);
            let serde = serde_json::to_string(&EventJson(&event)).unwrap_or_default();
            prop_assert_eq!(&written[1..], serde.as_str());
        }
    }
}
