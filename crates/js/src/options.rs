//! The `options` object of the JavaScript API, read into `matchkeys` settings.

use crate::error;
use matchkeys::{Api, Country, DateOrder, Options};
use wasm_bindgen::{JsCast, JsValue};

/// `options` as JavaScript passed them (every member optional).
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

/// One member of `options`: `None` when absent (`undefined` or `null`), an error naming it
/// when it has another type than `read` takes.
fn member<T>(
    options: &JsValue,
    name: &str,
    expected: &str,
    read: impl Fn(&JsValue) -> Option<T>,
) -> Result<Option<T>, js_sys::Error> {
    let value = js_sys::Reflect::get(options, &name.into()).unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    read(&value)
        .map(Some)
        .ok_or_else(|| error::invalid_option(name, expected))
}

/// Read `options` (`undefined`/`null` for the defaults). Each member is read on its own (no
/// serde glue: it would cost the small hashing wasm more than the few lines below).
pub(crate) fn read(value: Option<JsValue>) -> Result<CallOptions, js_sys::Error> {
    let value = value.unwrap_or(JsValue::UNDEFINED);
    if value.is_undefined() || value.is_null() {
        return read(Some(js_sys::Object::new().into()));
    }
    if !value.is_object() {
        return Err(error::invalid_option("options", "an object"));
    }
    let text = |v: &JsValue| v.as_string();
    let raw_country = member(&value, "country", "a string", text)?;
    let raw_order = member(&value, "dateOrder", "\"mdy\" or \"dmy\"", text)?;
    let raw_api = member(&value, "api", "\"capi\" or \"ocapi\"", text)?;
    let hash_external_id = member(&value, "hashExternalId", "a boolean", JsValue::as_bool)?;
    let now = member(&value, "now", "Unix seconds", JsValue::as_f64)?;
    let current_year = member(&value, "currentYear", "a year", |v| {
        v.as_f64()
            .filter(|y| y.fract() == 0.0 && y.abs() < 1e6)
            .map(|y| y as i32)
    })?;
    let raw = Raw {
        country: raw_country,
        date_order: raw_order,
        api: raw_api,
        hash_external_id,
        now,
        current_year,
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
