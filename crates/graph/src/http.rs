//! The side effects, behind traits: sending an HTTP request ([`Transport`]) and waiting
//! ([`Sleep`]). The browser implements them over `fetch` and `setTimeout`; tests use
//! [`crate::memory`].

use crate::error::TransportError;
use std::fmt;
use std::future::Future;

/// The HTTP methods Graph calls use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Read.
    Get,
    /// Create or update (the token travels in the form body).
    Post,
    /// Delete.
    Delete,
}

impl Method {
    /// `GET`, `POST` or `DELETE`.
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Delete => "DELETE",
        }
    }
}

/// A request ready for a transport. Built by [`crate::Client`] only, so its URL never holds the
/// token.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    /// The method.
    pub method: Method,
    /// The full URL (base, version, path, and for GET/DELETE the query).
    pub url: String,
    /// Headers (`Authorization`, `Content-Type`).
    pub headers: Vec<(String, String)>,
    /// The form-encoded body of a POST.
    pub body: Option<String>,
    /// How long the transport may wait for the response.
    pub timeout_ms: u64,
}

impl HttpRequest {
    /// The value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// The decoded form fields of the body (empty for GET/DELETE).
    pub fn form(&self) -> Vec<(String, String)> {
        self.body
            .as_deref()
            .map(|body| {
                form_urlencoded::parse(body.as_bytes())
                    .into_owned()
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Never prints the body or the `Authorization` header: both carry the token.
impl fmt::Debug for HttpRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field(
                "headers",
                &self.headers.iter().map(|(k, _)| k).collect::<Vec<_>>(),
            )
            .field("body_len", &self.body.as_ref().map(String::len))
            .field("timeout_ms", &self.timeout_ms)
            .finish()
    }
}

/// What came back.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// The headers the transport could read (a browser only exposes those CORS allows).
    pub headers: Vec<(String, String)>,
    /// The body.
    pub body: String,
}

impl HttpResponse {
    /// The value of a header, compared case-insensitively.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }
}

pub(crate) fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(name))
        .map(|(_, value)| value.as_str())
}

/// Sends HTTP requests. Implementations enforce [`HttpRequest::timeout_ms`].
pub trait Transport {
    /// Send one request and read the whole response.
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>>;
}

/// Waits. Retry delays go through it so tests do not wait.
pub trait Sleep {
    /// Resolve after `ms` milliseconds.
    fn sleep(&self, ms: u64) -> impl Future<Output = ()>;
}

impl<T: Transport> Transport for &T {
    fn send(
        &self,
        request: HttpRequest,
    ) -> impl Future<Output = Result<HttpResponse, TransportError>> {
        (**self).send(request)
    }
}

impl<S: Sleep> Sleep for &S {
    fn sleep(&self, ms: u64) -> impl Future<Output = ()> {
        (**self).sleep(ms)
    }
}
