//! A typed client for the parts of Meta's Graph API that offline conversions use.
//!
//! The first piece is the error model: every Graph error arrives as
//! `{"error": {"message", "type", "code", "error_subcode", …}}` and is turned into one
//! [`GraphError`] that says whether the request is worth retrying.
//!
//! ```
//! let body = r#"{"error":{"message":"(#4) Application request limit reached","type":"OAuthException","code":4,"fbtrace_id":"AbC"}}"#;
//! let error = graph::GraphError::from_body(body).unwrap();
//! assert_eq!(error.retry(), graph::Retry::BackOff);
//! ```
#![deny(missing_docs)]

use serde::Deserialize;
use std::fmt;

/// An error answered by the Graph API.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[non_exhaustive]
pub struct GraphError {
    /// Graph's message (for developers).
    pub message: String,
    /// The exception type, e.g. `OAuthException`.
    #[serde(rename = "type", default)]
    pub kind: String,
    /// The error code (e.g. 100 invalid parameter, 190 bad token).
    pub code: u32,
    /// The subcode, when Graph gives one (e.g. 2804003 event too old).
    #[serde(rename = "error_subcode", default)]
    pub subcode: Option<u32>,
    /// A title written for the person using the app.
    #[serde(rename = "error_user_title", default)]
    pub user_title: Option<String>,
    /// A message written for the person using the app.
    #[serde(rename = "error_user_msg", default)]
    pub user_message: Option<String>,
    /// The trace id to quote to Meta support.
    #[serde(default)]
    pub fbtrace_id: Option<String>,
    /// Graph's own hint that retrying later may succeed.
    #[serde(default)]
    pub is_transient: bool,
}

/// What to do after a failed call.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Retry {
    /// Resend the same request after a short delay.
    Again,
    /// Throttled: wait longer (with jitter) before resending.
    BackOff,
    /// The access token or a permission must be fixed by the user first.
    FixAccess,
    /// The request itself is wrong: resending it unchanged can never succeed.
    Never,
}

#[derive(Deserialize)]
struct Envelope {
    error: GraphError,
}

impl GraphError {
    /// Parse Graph's error body. `None` when the body is not a Graph error.
    pub fn from_body(body: &str) -> Option<GraphError> {
        serde_json::from_str::<Envelope>(body)
            .ok()
            .map(|envelope| envelope.error)
    }

    /// The retry policy for this error (see the table in the crate's README).
    pub fn retry(&self) -> Retry {
        match self.code {
            1 | 2 => Retry::Again,
            4 | 17 | 32 | 341 | 368 | 613 | 80_000..=80_014 => Retry::BackOff,
            10 | 104 | 190 | 200..=299 => Retry::FixAccess,
            _ if self.is_transient => Retry::Again,
            _ => Retry::Never,
        }
    }
}

impl fmt::Display for GraphError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Graph API error {}", self.code)?;
        if let Some(subcode) = self.subcode {
            write!(f, " (subcode {subcode})")?;
        }
        write!(
            f,
            ": {}",
            self.user_message.as_deref().unwrap_or(&self.message)
        )?;
        if let Some(trace) = &self.fbtrace_id {
            write!(f, " [fbtrace_id {trace}]")?;
        }
        Ok(())
    }
}

impl std::error::Error for GraphError {}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: u32) -> GraphError {
        GraphError::from_body(&format!(r#"{{"error":{{"message":"m","code":{code}}}}}"#)).unwrap()
    }

    #[test]
    fn classifies_each_error_family() {
        assert_eq!(error(2).retry(), Retry::Again);
        assert_eq!(error(17).retry(), Retry::BackOff);
        assert_eq!(error(80_004).retry(), Retry::BackOff);
        assert_eq!(error(190).retry(), Retry::FixAccess);
        assert_eq!(error(200).retry(), Retry::FixAccess);
        assert_eq!(error(100).retry(), Retry::Never);
    }

    #[test]
    fn display_prefers_the_user_message_and_quotes_the_trace() {
        let body = r#"{"error":{"message":"Invalid parameter","type":"OAuthException","code":100,
            "error_subcode":2804003,"error_user_msg":"Event too old","fbtrace_id":"Axyz"}}"#;
        let error = GraphError::from_body(body).unwrap();
        assert_eq!(
            error.to_string(),
            "Graph API error 100 (subcode 2804003): Event too old [fbtrace_id Axyz]"
        );
    }

    #[test]
    fn non_error_bodies_are_not_errors() {
        assert_eq!(GraphError::from_body(r#"{"events_received":1}"#), None);
    }
}
