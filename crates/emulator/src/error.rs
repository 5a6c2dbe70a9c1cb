//! Graph's error JSON: `{"error": {"message", "type", "code", "error_subcode", "error_user_title",
//! "error_user_msg", "fbtrace_id", "is_transient"}}`, answered with the HTTP status Meta uses.

use axum::{
    Json,
    http::{HeaderValue, StatusCode},
    response::{IntoResponse, Response},
};
use serde_json::{Map, Value, json};
use std::fmt;

/// Subcode: a required field of an event is missing (`$['data'][i]['event_time']`).
pub const SUBCODE_REQUIRED: u32 = 2_804_019;
/// Subcode: an event is older than its action source's window.
pub const SUBCODE_TOO_OLD: u32 = 2_804_003;
/// Subcode: an event is more than a minute in the future (the emulator's choice of number).
pub const SUBCODE_IN_FUTURE: u32 = 2_804_004;
/// Subcode: the object does not exist or the token cannot see it.
pub const SUBCODE_NO_OBJECT: u32 = 33;
/// Subcode: the access token has expired.
pub const SUBCODE_EXPIRED: u32 = 463;

/// One error as Graph answers it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GraphError {
    /// The HTTP status it is answered with.
    pub status: StatusCode,
    /// Graph's `code` (100 invalid parameter, 190 token, 200 permission, 4 throttled, …).
    pub code: u32,
    /// Graph's `error_subcode`, when there is one.
    pub subcode: Option<u32>,
    /// The exception `type`, e.g. `OAuthException`.
    pub kind: &'static str,
    /// The developer message.
    pub message: String,
    /// `error_user_title`.
    pub user_title: Option<Box<str>>,
    /// `error_user_msg`.
    pub user_msg: Option<Box<str>>,
    /// `is_transient`: retrying later may succeed.
    pub transient: bool,
    /// Extra response headers (throttling usage headers).
    pub headers: Vec<(&'static str, String)>,
}

impl GraphError {
    /// A new error with the given status, code and message.
    pub fn new(status: StatusCode, code: u32, message: impl Into<String>) -> Self {
        Self {
            status,
            code,
            subcode: None,
            kind: "OAuthException",
            message: message.into(),
            user_title: None,
            user_msg: None,
            transient: false,
            headers: Vec::new(),
        }
    }

    /// Code 100, invalid parameter, HTTP 400.
    pub fn invalid(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, 100, message)
    }

    /// Code 100 naming one parameter, with the user title "Invalid parameter".
    pub fn invalid_param(user_msg: impl Into<String>) -> Self {
        let user_msg = user_msg.into();
        Self::invalid(format!("(#100) {user_msg}")).user("Invalid parameter", user_msg)
    }

    /// Code 100 subcode 2804019: a required parameter is missing.
    pub fn required(path: &str) -> Self {
        let text = format!("The parameter {path} is required");
        Self::invalid(format!("(#100) {text}"))
            .subcode(SUBCODE_REQUIRED)
            .user("Missing parameter", text)
    }

    /// Code 100 subcode 33: no such object, or the token may not see it.
    pub fn no_object(method: &str, id: &str) -> Self {
        Self::invalid(format!(
            "Unsupported {method} request. Object with ID '{id}' does not exist, cannot be \
             loaded due to missing permissions, or does not support this operation. Please read \
             the Graph API documentation at https://developers.facebook.com/docs/graph-api"
        ))
        .subcode(SUBCODE_NO_OBJECT)
        .kind("GraphMethodException")
    }

    /// Code 104: no access token.
    pub fn no_token() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            104,
            "An access token is required to request this resource.",
        )
    }

    /// Code 190: the token is not known.
    pub fn bad_token() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            190,
            "Invalid OAuth access token - Cannot parse access token",
        )
        .user(
            "Invalid access token",
            "The access token is not valid. Generate a new one and try again.",
        )
    }

    /// Code 190 subcode 463: the token has expired.
    pub fn expired_token() -> Self {
        Self::new(
            StatusCode::BAD_REQUEST,
            190,
            "Error validating access token: Session has expired.",
        )
        .subcode(SUBCODE_EXPIRED)
        .user(
            "Access token expired",
            "The access token has expired. Generate a new one and try again.",
        )
    }

    /// Code 200: the token may not access `id`.
    pub fn permission(id: &str) -> Self {
        Self::new(StatusCode::FORBIDDEN, 200, "(#200) Permissions error").user(
            "Permissions error",
            format!("The access token does not have permission to access object {id}."),
        )
    }

    /// Sets `error_subcode`.
    pub fn subcode(mut self, subcode: u32) -> Self {
        self.subcode = Some(subcode);
        self
    }

    /// Sets `type`.
    pub fn kind(mut self, kind: &'static str) -> Self {
        self.kind = kind;
        self
    }

    /// Sets `error_user_title` and `error_user_msg`.
    pub fn user(mut self, title: impl Into<String>, msg: impl Into<String>) -> Self {
        self.user_title = Some(title.into().into_boxed_str());
        self.user_msg = Some(msg.into().into_boxed_str());
        self
    }

    /// Marks the error transient.
    pub fn transient(mut self) -> Self {
        self.transient = true;
        self
    }

    /// The `{"error": {...}}` body, with `fbtrace_id`.
    pub fn body(&self, fbtrace_id: &str) -> Value {
        let mut error = Map::new();
        error.insert("message".into(), json!(self.message));
        error.insert("type".into(), json!(self.kind));
        error.insert("code".into(), json!(self.code));
        if let Some(subcode) = self.subcode {
            error.insert("error_subcode".into(), json!(subcode));
        }
        if let Some(title) = &self.user_title {
            error.insert("error_user_title".into(), json!(title));
        }
        if let Some(msg) = &self.user_msg {
            error.insert("error_user_msg".into(), json!(msg));
        }
        error.insert("fbtrace_id".into(), json!(fbtrace_id));
        error.insert("is_transient".into(), json!(self.transient));
        json!({ "error": error })
    }

    /// The HTTP response carrying this error and `fbtrace_id`.
    pub fn into_response_with_trace(self, fbtrace_id: &str) -> Response {
        let mut response = (self.status, Json(self.body(fbtrace_id))).into_response();
        let headers = response.headers_mut();
        for (name, value) in &self.headers {
            if let Ok(value) = HeaderValue::from_str(value) {
                headers.insert(*name, value);
            }
        }
        if let Ok(value) = HeaderValue::from_str(fbtrace_id) {
            headers.insert("x-fb-trace-id", value);
        }
        if self.code == 190 || self.code == 104 {
            headers.insert(
                "www-authenticate",
                HeaderValue::from_static("OAuth \"Facebook Platform\" \"invalid_token\""),
            );
        }
        response
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph error {}: {}", self.code, self.message)
    }
}

impl std::error::Error for GraphError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_has_every_field_graph_sends() {
        let body = GraphError::required("$['data'][12]['event_time']").body("ABC");
        let error = &body["error"];
        assert_eq!(error["code"], 100);
        assert_eq!(error["error_subcode"], 2_804_019);
        assert_eq!(error["type"], "OAuthException");
        assert_eq!(error["fbtrace_id"], "ABC");
        assert_eq!(error["is_transient"], false);
        assert!(
            error["message"]
                .as_str()
                .unwrap()
                .contains("$['data'][12]['event_time']")
        );
        assert!(error["error_user_title"].is_string());
        assert!(error["error_user_msg"].is_string());
    }

    #[test]
    fn no_subcode_means_no_subcode_field() {
        let body = GraphError::no_token().body("T");
        assert!(body["error"].get("error_subcode").is_none());
        assert_eq!(body["error"]["code"], 104);
    }
}
