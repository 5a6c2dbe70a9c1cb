//! Rust errors become JavaScript `Error` objects carrying a stable `code` and the `field`.

/// An `Error` with `code` and `field` properties set.
fn coded(error: js_sys::Error, code: &str, field: &str) -> js_sys::Error {
    // Reflect::set only fails on frozen or non-object targets; a fresh Error is neither.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&error, &"field".into(), &field.into());
    error
}

/// A rejected value: its code (`invalid_email`, …) and the field as the caller named it. The
/// message names the key and the reason, never the value.
pub(crate) fn to_js(field: &str, error: &matchkeys::MatchKeyError) -> js_sys::Error {
    coded(js_sys::Error::new(&error.to_string()), error.code(), field)
}

pub(crate) fn unknown_field(field: &str) -> js_sys::Error {
    let error = js_sys::TypeError::new(&format!("unknown match key field `{field}`"));
    coded(error.into(), "unknown_field", field)
}

/// An option the package cannot use (`code: "invalid_option"`, `field`: the option's name).
pub(crate) fn invalid_option(option: &str, expected: &str) -> js_sys::Error {
    let error = js_sys::TypeError::new(&format!("option `{option}`: expected {expected}"));
    coded(error.into(), "invalid_option", option)
}

/// A record value that is neither a string, an array of strings, a number nor null.
pub(crate) fn invalid_type(field: &str) -> js_sys::Error {
    let error = js_sys::TypeError::new(&format!(
        "field `{field}`: expected a string, an array of strings, a number or null"
    ));
    coded(error.into(), "invalid_type", field)
}

/// The same error, saying which record of a bulk call it is about (`index`, 0-based).
pub(crate) fn at_record(error: js_sys::Error, index: usize) -> js_sys::Error {
    let message = format!("record {index}: {}", String::from(error.message()));
    error.set_message(&message);
    // Reflect::set only fails on frozen or non-object targets; a fresh Error is neither.
    let _ = js_sys::Reflect::set(&error, &"index".into(), &(index as f64).into());
    error
}

/// A failure of the package itself (never caused by the data): `code: "internal"`.
pub(crate) fn internal(message: &str) -> js_sys::Error {
    coded(
        js_sys::Error::new(&format!("internal: {message}")),
        "internal",
        "",
    )
}
