//! What can go wrong when calling Graph: the error Graph answers ([`GraphError`]) and the client's
//! own failures around it ([`ClientError`]), each with its retry class and a user-facing
//! explanation.

use crate::retry::Usage;
use serde::Deserialize;
use std::fmt;

/// An error answered by the Graph API (the `error` object of its JSON body).
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

/// The family a Graph error code belongs to (the table in `spec/graph-api.md`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum ErrorClass {
    /// 1, 2, or Graph's `is_transient`: a temporary failure on Meta's side.
    Transient,
    /// 4, 17, 32, 613, 80000–80014: too many calls.
    Throttled,
    /// 341, 368: the app hit a limit or was temporarily blocked.
    Blocked,
    /// 190: the token is invalid or expired.
    Token,
    /// 104: no token was sent.
    NoToken,
    /// 10, 200–299: the token lacks a permission on the object.
    Permission,
    /// 100: a parameter is invalid; the same request can never succeed.
    InvalidParameter,
    /// 270: the app only has development access.
    DevelopmentAccess,
    /// 2635: the API version is deprecated.
    DeprecatedVersion,
    /// Anything else.
    Other,
}

/// The event a Graph error names, e.g. `$['data'][12]['event_time']`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventFieldError {
    /// The event's index in the request's `data` array.
    pub index: usize,
    /// The field named after the index, when there is one (`event_time`).
    pub field: Option<String>,
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

    /// The family of this error's code.
    pub fn class(&self) -> ErrorClass {
        match self.code {
            1 | 2 => ErrorClass::Transient,
            4 | 17 | 32 | 613 | 80_000..=80_014 => ErrorClass::Throttled,
            341 | 368 => ErrorClass::Blocked,
            190 => ErrorClass::Token,
            104 => ErrorClass::NoToken,
            270 => ErrorClass::DevelopmentAccess,
            10 | 200..=299 => ErrorClass::Permission,
            100 => ErrorClass::InvalidParameter,
            2635 => ErrorClass::DeprecatedVersion,
            _ if self.is_transient => ErrorClass::Transient,
            _ => ErrorClass::Other,
        }
    }

    /// The retry policy for this error (see the table in the crate's README).
    pub fn retry(&self) -> Retry {
        match self.class() {
            ErrorClass::Transient => Retry::Again,
            ErrorClass::Throttled | ErrorClass::Blocked => Retry::BackOff,
            ErrorClass::Token | ErrorClass::NoToken | ErrorClass::Permission => Retry::FixAccess,
            ErrorClass::DevelopmentAccess
            | ErrorClass::DeprecatedVersion
            | ErrorClass::InvalidParameter
            | ErrorClass::Other => Retry::Never,
        }
    }

    /// The event the message names (`$['data'][12]['event_time']` → index 12, `event_time`).
    pub fn event_field(&self) -> Option<EventFieldError> {
        [Some(self.message.as_str()), self.user_message.as_deref()]
            .into_iter()
            .flatten()
            .find_map(parse_event_path)
    }
}

/// Finds `['data'][N]` (optionally followed by `['field']`) in a Graph message.
fn parse_event_path(message: &str) -> Option<EventFieldError> {
    const MARKER: &str = "['data'][";
    let start = message.find(MARKER)? + MARKER.len();
    let rest = &message[start..];
    let digits = rest.find(|c: char| !c.is_ascii_digit())?;
    let index = rest[..digits].parse().ok()?;
    let after = rest[digits..].strip_prefix(']')?;
    let field = after
        .strip_prefix("['")
        .and_then(|tail| tail.find("']").map(|end| tail[..end].to_owned()));
    Some(EventFieldError { index, field })
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

/// A transport could not produce an HTTP response.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum TransportError {
    /// The connection failed or was dropped before a full response arrived (or, in a browser,
    /// the request was blocked, e.g. by CORS).
    Network {
        /// What the transport said (never the request body).
        detail: String,
    },
    /// No response within the timeout.
    Timeout {
        /// The timeout that expired, in milliseconds.
        after_ms: u64,
    },
    /// The caller cancelled the request.
    Cancelled,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TransportError::Network { detail } => write!(f, "network error: {detail}"),
            TransportError::Timeout { after_ms } => {
                write!(f, "no response from Graph within {after_ms} ms")
            }
            TransportError::Cancelled => f.write_str("the request was cancelled"),
        }
    }
}

impl std::error::Error for TransportError {}

/// A Graph error with the context of the call that produced it.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct GraphFailure {
    /// The HTTP status.
    pub status: u16,
    /// Graph's error.
    pub error: GraphError,
    /// The object the call was about (`act_200000000000002`, a dataset id, …).
    pub object: String,
    /// The permission the call needs (`ads_management`, `business_management`, …).
    pub permission: &'static str,
    /// The usage headers of the response, read for throttling.
    pub usage: Usage,
}

/// Why a Graph call failed.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum ClientError {
    /// Graph answered with an error.
    Graph(Box<GraphFailure>),
    /// An error status without a Graph error body (e.g. a proxy's 502 page).
    Status {
        /// The HTTP status.
        status: u16,
    },
    /// The transport failed: network, timeout or cancellation.
    Transport(TransportError),
    /// The response was not the JSON expected.
    BadJson {
        /// The HTTP status of the unreadable response.
        status: u16,
        /// The parser's message (positions, never the body).
        detail: String,
    },
}

/// What kind of failure a [`ClientError`] is, as a closed list: what a retry reports
/// ([`crate::upload::UploadEvent::Retrying`]) and what callers match exhaustively.
/// [`ErrorCode::code`] is its stable text (`graph_token`, `timeout`, …).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorCode {
    /// Graph said the failure is temporary.
    GraphTransient,
    /// Graph throttled the calls.
    GraphThrottled,
    /// Graph blocked the calls (spam or policy).
    GraphBlocked,
    /// The token is invalid or expired.
    GraphToken,
    /// The call carried no token.
    GraphNoToken,
    /// The token lacks a permission.
    GraphPermission,
    /// A parameter is not valid.
    GraphInvalidParameter,
    /// The app is in development mode.
    GraphDevelopmentAccess,
    /// The API version is no longer served.
    GraphDeprecatedVersion,
    /// Any other Graph error.
    GraphOther,
    /// An error status without Graph's error body.
    HttpStatus,
    /// The connection failed.
    Network,
    /// No answer in time.
    Timeout,
    /// The request was cancelled.
    Cancelled,
    /// An answer whose body could not be read.
    BadJson,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 15] = [
        ErrorCode::GraphTransient,
        ErrorCode::GraphThrottled,
        ErrorCode::GraphBlocked,
        ErrorCode::GraphToken,
        ErrorCode::GraphNoToken,
        ErrorCode::GraphPermission,
        ErrorCode::GraphInvalidParameter,
        ErrorCode::GraphDevelopmentAccess,
        ErrorCode::GraphDeprecatedVersion,
        ErrorCode::GraphOther,
        ErrorCode::HttpStatus,
        ErrorCode::Network,
        ErrorCode::Timeout,
        ErrorCode::Cancelled,
        ErrorCode::BadJson,
    ];

    /// The stable machine-readable text, e.g. `graph_token`, `timeout`.
    pub fn code(self) -> &'static str {
        match self {
            ErrorCode::GraphTransient => "graph_transient",
            ErrorCode::GraphThrottled => "graph_throttled",
            ErrorCode::GraphBlocked => "graph_blocked",
            ErrorCode::GraphToken => "graph_token",
            ErrorCode::GraphNoToken => "graph_no_token",
            ErrorCode::GraphPermission => "graph_permission",
            ErrorCode::GraphInvalidParameter => "graph_invalid_parameter",
            ErrorCode::GraphDevelopmentAccess => "graph_development_access",
            ErrorCode::GraphDeprecatedVersion => "graph_deprecated_version",
            ErrorCode::GraphOther => "graph_other",
            ErrorCode::HttpStatus => "http_status",
            ErrorCode::Network => "network",
            ErrorCode::Timeout => "timeout",
            ErrorCode::Cancelled => "cancelled",
            ErrorCode::BadJson => "bad_json",
        }
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

impl ClientError {
    /// The Graph error, when Graph answered one.
    pub fn graph(&self) -> Option<&GraphError> {
        match self {
            ClientError::Graph(failure) => Some(&failure.error),
            _ => None,
        }
    }

    /// What to do about it.
    pub fn retry(&self) -> Retry {
        match self {
            ClientError::Graph(failure) => match failure.error.retry() {
                Retry::Never if failure.status >= 500 && failure.error.code != 100 => Retry::Again,
                retry => retry,
            },
            ClientError::Status { status } if *status >= 500 || *status == 429 => Retry::Again,
            ClientError::Status { .. } => Retry::Never,
            ClientError::Transport(TransportError::Cancelled) => Retry::Never,
            // A dropped connection or a timeout may or may not have been processed: resending
            // the byte-identical batch is safe because Graph deduplicates it.
            ClientError::Transport(_) => Retry::Again,
            // A success status with an unreadable body may have been accepted: resend as is.
            ClientError::BadJson { status, .. } if *status < 400 || *status >= 500 => Retry::Again,
            ClientError::BadJson { .. } => Retry::Never,
        }
    }

    /// What kind of failure this is.
    pub fn kind(&self) -> ErrorCode {
        match self {
            ClientError::Graph(failure) => match failure.error.class() {
                ErrorClass::Transient => ErrorCode::GraphTransient,
                ErrorClass::Throttled => ErrorCode::GraphThrottled,
                ErrorClass::Blocked => ErrorCode::GraphBlocked,
                ErrorClass::Token => ErrorCode::GraphToken,
                ErrorClass::NoToken => ErrorCode::GraphNoToken,
                ErrorClass::Permission => ErrorCode::GraphPermission,
                ErrorClass::InvalidParameter => ErrorCode::GraphInvalidParameter,
                ErrorClass::DevelopmentAccess => ErrorCode::GraphDevelopmentAccess,
                ErrorClass::DeprecatedVersion => ErrorCode::GraphDeprecatedVersion,
                ErrorClass::Other => ErrorCode::GraphOther,
            },
            ClientError::Status { .. } => ErrorCode::HttpStatus,
            ClientError::Transport(TransportError::Network { .. }) => ErrorCode::Network,
            ClientError::Transport(TransportError::Timeout { .. }) => ErrorCode::Timeout,
            ClientError::Transport(TransportError::Cancelled) => ErrorCode::Cancelled,
            ClientError::BadJson { .. } => ErrorCode::BadJson,
        }
    }

    /// A stable machine-readable code, e.g. `graph_token`, `timeout` ([`ErrorCode::code`]).
    pub fn code(&self) -> &'static str {
        self.kind().code()
    }

    /// What the person using the app should do, in their words.
    pub fn explanation(&self) -> String {
        let ClientError::Graph(failure) = self else {
            return match self {
                ClientError::Transport(TransportError::Network { .. }) => {
                    "Graph could not be reached (network error, or the browser blocked the call). \
                     Check the connection; if it persists, try the local emulator or download the \
                     preprocessed file instead."
                        .to_owned()
                }
                ClientError::Transport(TransportError::Timeout { after_ms }) => format!(
                    "Graph did not answer within {after_ms} ms. hashdrop resends the same batch; \
                     Meta deduplicates it."
                ),
                ClientError::Transport(TransportError::Cancelled) => {
                    "The upload was cancelled.".to_owned()
                }
                other => format!("Graph answered something unexpected ({other})."),
            };
        };
        let GraphFailure {
            error,
            object,
            permission,
            ..
        } = failure.as_ref();
        match error.class() {
            ErrorClass::Token => format!(
                "The access token is invalid or has expired (code 190{}). Create a new \
                 system-user token in Business Settings and paste it in hashdrop's settings.",
                error
                    .subcode
                    .map(|s| format!(", subcode {s}"))
                    .unwrap_or_default()
            ),
            ErrorClass::NoToken => {
                "No access token was sent (code 104). Paste a system-user token in hashdrop's \
                 settings."
                    .to_owned()
            }
            ErrorClass::Permission => format!(
                "The token may not do this on {object} (code {}). Give the system user the \
                 `{permission}` permission and assign it {object} in Business Settings.",
                error.code
            ),
            ErrorClass::DevelopmentAccess => {
                "The app only has development access (code 270): the token's user must be an \
                 admin of both the app and the ad account, or the app needs Standard access to \
                 the Marketing API."
                    .to_owned()
            }
            ErrorClass::DeprecatedVersion => {
                "This Graph API version is deprecated (code 2635): choose a current version \
                 (e.g. v24.0) in hashdrop's settings."
                    .to_owned()
            }
            ErrorClass::InvalidParameter => match error.event_field() {
                Some(EventFieldError { index, field }) => format!(
                    "Graph rejected event {index} of the batch{}: {}. Fix the row and upload \
                     again; the batch was not accepted.",
                    field.map(|f| format!(" (field {f})")).unwrap_or_default(),
                    error.user_message.as_deref().unwrap_or(&error.message)
                ),
                None => format!("Graph rejected the request: {error}."),
            },
            ErrorClass::Throttled | ErrorClass::Blocked => format!(
                "Meta is limiting calls for {object} ({error}). hashdrop waits and resumes."
            ),
            ErrorClass::Transient | ErrorClass::Other => format!("{error}."),
        }
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ClientError::Graph(failure) => write!(f, "{} (HTTP {})", failure.error, failure.status),
            ClientError::Status { status } => write!(f, "HTTP {status} without a Graph error"),
            ClientError::Transport(error) => error.fmt(f),
            ClientError::BadJson { status, detail } => {
                write!(f, "unreadable response (HTTP {status}): {detail}")
            }
        }
    }
}

impl std::error::Error for ClientError {}

impl From<TransportError> for ClientError {
    fn from(error: TransportError) -> Self {
        ClientError::Transport(error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn error(code: u32) -> GraphError {
        GraphError::from_body(&format!(r#"{{"error":{{"message":"m","code":{code}}}}}"#)).unwrap()
    }

    #[test]
    fn classifies_each_error_family() {
        assert_eq!(error(1).retry(), Retry::Again);
        assert_eq!(error(2).retry(), Retry::Again);
        for code in [4, 17, 32, 613, 80_000, 80_004, 80_014, 341, 368] {
            assert_eq!(error(code).retry(), Retry::BackOff, "{code}");
        }
        assert_eq!(error(80_015).retry(), Retry::Never);
        for code in [190, 104, 10, 200, 299] {
            assert_eq!(error(code).retry(), Retry::FixAccess, "{code}");
        }
        for code in [100, 270, 2635] {
            assert_eq!(error(code).retry(), Retry::Never, "{code}");
        }
        assert_eq!(error(270).class(), ErrorClass::DevelopmentAccess);
        assert_eq!(error(2635).class(), ErrorClass::DeprecatedVersion);
    }

    #[test]
    fn graph_transient_flag_makes_unknown_codes_retryable() {
        let body = r#"{"error":{"message":"m","code":12345,"is_transient":true}}"#;
        assert_eq!(GraphError::from_body(body).unwrap().retry(), Retry::Again);
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

    #[test]
    fn reads_the_event_index_and_field_from_the_message() {
        let body = r#"{"error":{"message":"The parameter $['data'][12]['event_time'] is required","code":100,"error_subcode":2804019}}"#;
        let error = GraphError::from_body(body).unwrap();
        assert_eq!(
            error.event_field(),
            Some(EventFieldError {
                index: 12,
                field: Some("event_time".into())
            })
        );
        assert_eq!(
            parse_event_path("bad $['data'][3] here"),
            Some(EventFieldError {
                index: 3,
                field: None
            })
        );
        assert_eq!(parse_event_path("$['data'][x]"), None);
        assert_eq!(parse_event_path("no path"), None);
    }

    fn failure(status: u16, code: u32) -> ClientError {
        ClientError::Graph(Box::new(GraphFailure {
            status,
            error: error(code),
            object: "act_1".into(),
            permission: "ads_management",
            usage: Usage::default(),
        }))
    }

    #[test]
    fn client_errors_have_their_own_retry_class_and_code() {
        let timeout = ClientError::Transport(TransportError::Timeout { after_ms: 10 });
        assert_eq!(timeout.retry(), Retry::Again);
        assert_eq!(timeout.code(), "timeout");
        let dropped = ClientError::Transport(TransportError::Network { detail: "x".into() });
        assert_eq!(dropped.retry(), Retry::Again);
        assert_eq!(
            ClientError::Transport(TransportError::Cancelled).retry(),
            Retry::Never
        );
        assert_eq!(ClientError::Status { status: 502 }.retry(), Retry::Again);
        assert_eq!(ClientError::Status { status: 404 }.retry(), Retry::Never);
        let bad = ClientError::BadJson {
            status: 200,
            detail: "eof".into(),
        };
        assert_eq!(bad.retry(), Retry::Again);
        assert_eq!(failure(500, 12345).retry(), Retry::Again);
        assert_eq!(failure(500, 100).retry(), Retry::Never);
        assert_eq!(failure(400, 190).code(), "graph_token");
    }

    #[test]
    fn explanations_say_what_to_fix_and_where() {
        let permission = failure(403, 200).explanation();
        assert!(permission.contains("act_1"), "{permission}");
        assert!(permission.contains("ads_management"), "{permission}");
        assert!(
            failure(400, 190)
                .explanation()
                .contains("new system-user token")
        );
        assert!(
            failure(400, 270)
                .explanation()
                .contains("development access")
        );
        assert!(failure(400, 2635).explanation().contains("deprecated"));
    }

    #[test]
    fn every_error_code_has_its_own_text() {
        let mut codes: Vec<_> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), ErrorCode::ALL.len());
        assert_eq!(ErrorCode::BadJson.to_string(), "bad_json");
    }
}
