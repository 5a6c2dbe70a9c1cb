//! Rust errors become JavaScript `Error` objects carrying a stable `code` and the `field`.

/// An `Error` with `code` and `field` properties set.
fn coded(message: &str, code: &str, field: &str) -> js_sys::Error {
    let error = js_sys::Error::new(message);
    // Reflect::set only fails on frozen or non-object targets; a fresh Error is neither.
    let _ = js_sys::Reflect::set(&error, &"code".into(), &code.into());
    let _ = js_sys::Reflect::set(&error, &"field".into(), &field.into());
    error
}

pub(crate) fn to_js(field: &str, error: &matchkeys::MatchKeyError) -> js_sys::Error {
    let code = match error {
        matchkeys::MatchKeyError::InvalidEmail => "invalid_email",
        _ => "invalid_value",
    };
    coded(&error.to_string(), code, field)
}

pub(crate) fn unknown_field(field: &str) -> js_sys::Error {
    coded(
        &format!("unknown match key field `{field}`"),
        "unknown_field",
        field,
    )
}
