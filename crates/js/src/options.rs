//! The `options` object of the JavaScript API, read into `matchkeys` settings.

use crate::error;
use matchkeys::{Api, Country, DateOrder, Options};
use wasm_bindgen::{JsCast, JsValue};

/// `options` as JavaScript passes it (every member optional).
#[derive(serde::Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Raw {
    country: Option<String>,
    date_order: Option<String>,
    api: Option<String>,
    hash_external_id: Option<bool>,
    now: Option<f64>,
    current_year: Option<i32>,
}

/// Settings for one call.
pub(crate) struct CallOptions {
    pub(crate) options: Options,
    pub(crate) api: Api,
}

/// Read `options` (`undefined`/`null` for the defaults).
pub(crate) fn read(value: Option<JsValue>) -> Result<CallOptions, js_sys::Error> {
    let raw: Raw = match value {
        Some(value) if !value.is_undefined() && !value.is_null() => {
            if !value.is_object() {
                return Err(error::invalid_option("options", "an object"));
            }
            serde_wasm_bindgen::from_value(value).map_err(|e| {
                let message = e.to_string();
                let option = [
                    "country",
                    "dateOrder",
                    "api",
                    "hashExternalId",
                    "now",
                    "currentYear",
                ]
                .into_iter()
                .find(|name| message.contains(name))
                .unwrap_or("options");
                error::invalid_option(option, "a value of the documented type")
            })?
        }
        _ => Raw::default(),
    };
    let current_year = match (raw.current_year, raw.now) {
        (Some(year), _) => year,
        (None, Some(now)) if now.is_finite() => year_of(now),
        (None, Some(_)) => return Err(error::invalid_option("now", "Unix seconds")),
        (None, None) => js_sys::Date::new_0().get_utc_full_year() as i32,
    };
    let mut options = Options::new(current_year);
    if let Some(country) = raw.country.as_deref().filter(|c| !c.trim().is_empty()) {
        options.default_country = Some(
            Country::parse(country)
                .map_err(|_| error::invalid_option("country", "an ISO 3166-1 country code"))?,
        );
    }
    options.date_order = match raw.date_order.as_deref() {
        None | Some("mdy") => DateOrder::MonthFirst,
        Some("dmy") => DateOrder::DayFirst,
        Some(_) => return Err(error::invalid_option("dateOrder", "\"mdy\" or \"dmy\"")),
    };
    options.hash_external_id = raw.hash_external_id.unwrap_or(true);
    let api = match raw.api.as_deref() {
        None | Some("capi") => Api::Capi,
        Some("ocapi") => Api::Ocapi,
        Some(_) => return Err(error::invalid_option("api", "\"capi\" or \"ocapi\"")),
    };
    Ok(CallOptions { options, api })
}

/// The UTC calendar year of a Unix time in seconds.
fn year_of(now: f64) -> i32 {
    let date = js_sys::Date::new(&JsValue::from_f64(now * 1000.0));
    let year = date.get_utc_full_year();
    if year == 0 && date.get_time().is_nan() {
        return 1970;
    }
    year as i32
}

/// `true` for a plain JavaScript object (not an array, not null).
pub(crate) fn is_plain_object(value: &JsValue) -> bool {
    value.is_object()
        && !js_sys::Array::is_array(value)
        && value.dyn_ref::<js_sys::Object>().is_some()
}
