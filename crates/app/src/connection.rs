//! The connection check: read the dataset / offline event set with the graph crate's client,
//! and turn the answer into the target's name or a problem the person can fix.
//!
//! Generic over [`graph::Transport`]: the page passes the browser transport, tests the in-memory
//! one. Graph errors are classified with [`graph::GraphError::class`]; each problem maps to one
//! message in both languages, and the graph crate's English explanation is kept as the detail.

use crate::i18n::Text;
use crate::settings::{Target, TargetKind};
use graph::{
    AccessToken, Client, ClientError, ErrorClass, GraphError, ObjectId, Settings, Transport,
};

/// The dataset or offline event set the token reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TargetInfo {
    /// Its id.
    pub id: String,
    /// Its name (Graph omits it for objects without one).
    pub name: Option<String>,
}

impl TargetInfo {
    /// What the app shows: the name, or the id when there is none.
    pub fn label(&self) -> &str {
        self.name.as_deref().unwrap_or(&self.id)
    }
}

/// Read the target with `token`; the token travels in the form body of a POST only.
pub async fn check_connection<T: Transport>(
    transport: T,
    target: &Target,
    token: &str,
) -> Result<TargetInfo, CheckFailure> {
    let id = ObjectId::new(&target.id).map_err(|_| CheckFailure::from(Problem::NotFound))?;
    let settings = Settings::with_base_url(target.endpoint.base_url()).version(&target.version);
    let client = Client::new(transport, settings, AccessToken::new(token));
    let info = match target.kind {
        TargetKind::Capi => {
            client
                .send(&graph::datasets::read(&id))
                .await
                .map(|reply| TargetInfo {
                    id: reply.value.id,
                    name: reply.value.name,
                })
        }
        TargetKind::Ocapi => {
            client
                .send(&graph::offline::read(&id))
                .await
                .map(|reply| TargetInfo {
                    id: reply.value.id,
                    name: reply.value.name,
                })
        }
    };
    info.map_err(|error| CheckFailure::from_client(&error))
}

/// Why the check failed, in the person's terms.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Problem {
    /// 190: the token is unknown or malformed.
    TokenInvalid,
    /// 190 with subcode 463 (or 467): the token expired.
    TokenExpired,
    /// 104: no token reached Graph.
    TokenMissing,
    /// 10 or 200–299: the token may not use this object.
    Permission,
    /// 100 / 803: no such object, or not visible to this token.
    NotFound,
    /// 2635: the API version is deprecated.
    Version,
    /// Rate limited.
    Throttled,
    /// A temporary Graph failure (codes 1, 2, or a 5xx without a Graph error).
    Server,
    /// No answer at all: offline, blocked by the browser, or nothing listening.
    Unreachable,
    /// An answer that is neither the object nor a Graph error.
    Unexpected,
}

impl Problem {
    /// A stable code, for tests and `data-problem` attributes.
    pub fn code(self) -> &'static str {
        match self {
            Problem::TokenInvalid => "token_invalid",
            Problem::TokenExpired => "token_expired",
            Problem::TokenMissing => "token_missing",
            Problem::Permission => "permission",
            Problem::NotFound => "not_found",
            Problem::Version => "version",
            Problem::Throttled => "throttled",
            Problem::Server => "server",
            Problem::Unreachable => "unreachable",
            Problem::Unexpected => "unexpected",
        }
    }

    /// The message shown to the person.
    pub fn message(self) -> Text {
        match self {
            Problem::TokenInvalid => tr!(problem_token_invalid),
            Problem::TokenExpired => tr!(problem_token_expired),
            Problem::TokenMissing => tr!(problem_token_missing),
            Problem::Permission => tr!(problem_permission),
            Problem::NotFound => tr!(problem_not_found),
            Problem::Version => tr!(problem_version),
            Problem::Throttled => tr!(problem_throttled),
            Problem::Server => tr!(problem_server),
            Problem::Unreachable => tr!(problem_unreachable),
            Problem::Unexpected => tr!(problem_unexpected),
        }
    }

    /// The problem a Graph error stands for.
    pub fn from_graph(error: &GraphError) -> Problem {
        match (error.class(), error.code, error.subcode) {
            (ErrorClass::Token, _, Some(463 | 467)) => Problem::TokenExpired,
            (ErrorClass::Token, ..) => Problem::TokenInvalid,
            (ErrorClass::NoToken, ..) => Problem::TokenMissing,
            (ErrorClass::Permission | ErrorClass::DevelopmentAccess, ..) => Problem::Permission,
            // Graph answers 100 (subcode 33) or 803 for an id that does not exist or is hidden.
            (ErrorClass::InvalidParameter, ..) | (_, 803, _) => Problem::NotFound,
            (ErrorClass::DeprecatedVersion, ..) => Problem::Version,
            (ErrorClass::Throttled | ErrorClass::Blocked, ..) => Problem::Throttled,
            (ErrorClass::Transient, ..) => Problem::Server,
            _ => Problem::Unexpected,
        }
    }
}

/// A failed check: the problem, and for Graph errors the line to quote to support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckFailure {
    /// What went wrong.
    pub problem: Problem,
    /// Graph's code, message and `fbtrace_id` (never the token: Graph does not echo it).
    pub detail: Option<String>,
}

impl From<Problem> for CheckFailure {
    fn from(problem: Problem) -> Self {
        CheckFailure {
            problem,
            detail: None,
        }
    }
}

impl CheckFailure {
    /// The failure a client error stands for.
    pub fn from_client(error: &ClientError) -> CheckFailure {
        let problem = match error {
            ClientError::Graph(failure) => Problem::from_graph(&failure.error),
            ClientError::Transport(_) => Problem::Unreachable,
            ClientError::Status { status } if *status >= 500 => Problem::Server,
            _ => Problem::Unexpected,
        };
        // Graph's own words (code, message, trace id) for support; the sentence is the app's.
        let detail = match error.graph() {
            Some(graph) => graph.to_string(),
            None => error.to_string(),
        };
        CheckFailure {
            problem,
            detail: Some(detail),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::settings::Endpoint;
    use futures_executor::block_on;
    use graph::memory::MemoryTransport;

    fn target(kind: TargetKind) -> Target {
        Target {
            endpoint: Endpoint::Emulator("http://127.0.0.1:8787".into()),
            version: "v24.0".into(),
            kind,
            id: "400000000000004".into(),
        }
    }

    fn graph_error(code: u32, subcode: Option<u32>) -> String {
        let subcode = subcode.map_or(String::new(), |s| format!(r#","error_subcode":{s}"#));
        format!(
            r#"{{"error":{{"message":"m","type":"OAuthException","code":{code}{subcode},"fbtrace_id":"AbC"}}}}"#
        )
    }

    fn check(status: u16, body: &str) -> (Result<TargetInfo, CheckFailure>, MemoryTransport) {
        let transport = MemoryTransport::new();
        transport.respond(status, body);
        let result = block_on(check_connection(
            &transport,
            &target(TargetKind::Capi),
            "secret-token",
        ));
        (result, transport)
    }

    #[test]
    fn a_dataset_answer_names_the_target_and_the_token_stays_out_of_the_url() {
        let (result, transport) = check(200, r#"{"id":"400000000000004","name":"Demo pixel"}"#);
        assert_eq!(result.unwrap().label(), "Demo pixel");
        let requests = transport.requests();
        assert_eq!(requests.len(), 1);
        assert!(
            requests[0]
                .logical_url()
                .starts_with("http://127.0.0.1:8787/v24.0/400000000000004?fields=id%2Cname")
        );
        assert!(!requests[0].url.contains("secret"));
        assert_eq!(requests[0].header("authorization"), None);
        assert!(
            requests[0]
                .form()
                .contains(&("access_token".to_owned(), "secret-token".to_owned()))
        );
    }

    #[test]
    fn an_offline_event_set_is_read_the_same_way() {
        let transport = MemoryTransport::new();
        transport.respond(200, r#"{"id":"400000000000004"}"#);
        let info = block_on(check_connection(
            &transport,
            &target(TargetKind::Ocapi),
            "T",
        ))
        .unwrap();
        assert_eq!(info.label(), "400000000000004");
        assert!(
            transport.requests()[0]
                .logical_url()
                .contains("valid_entries")
        );
    }

    #[test]
    fn token_and_permission_errors_are_told_apart() {
        let problem = |code, subcode| {
            check(400, &graph_error(code, subcode))
                .0
                .unwrap_err()
                .problem
        };
        assert_eq!(problem(190, None), Problem::TokenInvalid);
        assert_eq!(problem(190, Some(463)), Problem::TokenExpired);
        assert_eq!(problem(104, None), Problem::TokenMissing);
        assert_eq!(problem(200, None), Problem::Permission);
        assert_eq!(problem(10, None), Problem::Permission);
        assert_eq!(problem(100, Some(33)), Problem::NotFound);
        assert_eq!(problem(803, None), Problem::NotFound);
        assert_eq!(problem(2635, None), Problem::Version);
        assert_eq!(problem(4, None), Problem::Throttled);
        assert_eq!(problem(80_004, None), Problem::Throttled);
        assert_eq!(problem(2, None), Problem::Server);
        assert_eq!(problem(12345, None), Problem::Unexpected);
    }

    #[test]
    fn graph_errors_keep_graphs_words_and_trace_for_support() {
        let failure = check(400, &graph_error(190, None)).0.unwrap_err();
        let detail = failure.detail.unwrap();
        assert!(detail.contains("error 190"), "{detail}");
        assert!(detail.contains("[fbtrace_id AbC]"), "{detail}");
        assert!(!detail.contains("secret"));
    }

    #[test]
    fn no_answer_is_unreachable_and_odd_answers_are_unexpected_or_server() {
        let transport = MemoryTransport::new();
        let failure = block_on(check_connection(&transport, &target(TargetKind::Capi), "T"));
        assert_eq!(failure.unwrap_err().problem, Problem::Unreachable);
        assert_eq!(
            check(200, "<html>").0.unwrap_err().problem,
            Problem::Unexpected
        );
        assert_eq!(
            check(502, "Bad gateway").0.unwrap_err().problem,
            Problem::Server
        );
        assert_eq!(check(404, "").0.unwrap_err().problem, Problem::Unexpected);
    }

    #[test]
    fn every_problem_has_a_distinct_code() {
        let all = [
            Problem::TokenInvalid,
            Problem::TokenExpired,
            Problem::TokenMissing,
            Problem::Permission,
            Problem::NotFound,
            Problem::Version,
            Problem::Throttled,
            Problem::Server,
            Problem::Unreachable,
            Problem::Unexpected,
        ];
        let mut codes: Vec<_> = all.iter().map(|p| p.code()).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
